"""Pages of training: the classes (figures "N期, X人次, Y学时"), a class with its enrolment and attendance, the
yearly rotation targets with their coverage and who has not yet been trained, and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.scoping import scoped, subtree
from dangjian.core.views.common import PICK_LIMIT, home_org, is_filtered, managed_home_org, requested_org, save_changes
from dangjian.orglife.choices import EnrolmentStatus, TrainingGroup
from dangjian.orglife.forms.training import AttendanceForm, RotationTargetForm, TrainingClassForm
from dangjian.orglife.models import TrainingClass
from dangjian.orglife.permissions import can_manage_branch
from dangjian.orglife.selectors import training as selectors
from dangjian.orglife.services import training as services


def _subject(group: str) -> str:
    return TrainingGroup(group).label if group in TrainingGroup.values else "党员干部"


@login_required
@require_GET
def training_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, classes = selectors.class_list(user, request.GET)
    group = request.GET.get("group", "").strip()
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(classes, request.GET.get("page")),
        "figures": selectors.class_figures(filterset.qs, subject=_subject(group)),
        "filtered": is_filtered(request),
        "can_manage": managed_home_org(user) is not None,
        "query": request.GET.urlencode(),
    }
    return render(request, "orglife/training/list.html", context)


@login_required
@require_GET
def training_export(request: HttpRequest) -> HttpResponse:
    """The classes of the list as filtered, with their 人次 and hours."""
    user: Any = request.user
    org = requested_org(request) or home_org(user)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出培训班的权限")
    filterset, classes = selectors.class_list(user, request.GET)
    figures = selectors.class_figures(filterset.qs)
    caption = f"{org.name} 培训班:{figures.classes}期,{figures.person_times}人次,{figures.hours}学时"
    file_name = f"培训班-{org.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.training_export(actor=user, org=org, classes=classes, caption=caption, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = managed_home_org(user)
    if org is None:
        raise PermissionDenied("没有举办培训班的权限")
    today = clock.today()
    initial = {"starts_on": today, "ends_on": today, "organiser": org.name}
    form = TrainingClassForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            training = services.training_class_create(actor=user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记培训班“{training.title}”")
            return redirect("orglife:training_detail", pk=training.pk)
    return render(request, "orglife/training/form.html", {"form": form, "org": org, "title": "登记培训班"})


def _managed_class(request: HttpRequest, pk: int, message: str) -> TrainingClass:
    training = selectors.class_detail(request.user, pk)
    if not can_manage_branch(request.user, training.org):
        raise PermissionDenied(message)
    return training


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    training = _managed_class(request, pk, "没有修改该培训班的权限")
    initial = {name: getattr(training, name) for name in services.CLASS_FIELDS}
    form = TrainingClassForm(request.POST or None, initial=initial)
    if save_changes(
        request, form, lambda changes: services.training_class_update(actor=user, training=training, **changes)
    ):
        return redirect("orglife:training_detail", pk=training.pk)
    context = {"form": form, "org": training.org, "training": training, "title": "修改培训班"}
    return render(request, "orglife/training/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting asks first; a class with attendance recorded stays."""
    user: Any = request.user
    training = _managed_class(request, pk, "没有删除该培训班的权限")
    error = ""
    if request.method == "POST":
        try:
            services.training_class_delete(actor=user, training=training)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, f"已删除培训班“{training.title}”")
            return redirect("orglife:training_list")
    return render(request, "orglife/training/delete.html", {"training": training, "error": error})


@login_required
@require_GET
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    training = selectors.class_detail(user, pk)
    filterset, enrolments = selectors.enrolment_list(user, request.GET, training=training)
    can_manage = can_manage_branch(user, training.org)
    context = {
        "training": training,
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(enrolments, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": can_manage,
        "started": clock.today() >= training.starts_on,
        "branches": list(selectors.branches_for(user, training)[:500]) if can_manage else [],
        "groups": TrainingGroup.choices,
        "pending": training.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() if can_manage else 0,
    }
    return render(request, "orglife/training/detail.html", context)


@login_required
@require_GET
def training_enrolments_export(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    training = selectors.class_detail(user, pk)
    org = home_org(user)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出参训人员的权限")
    _, enrolments = selectors.enrolment_list(user, request.GET, training=training)
    file_name = f"参训人员-{training.title}-{clock.today():%Y%m%d}.xlsx"
    content = services.enrolment_export(actor=user, training=training, enrolments=enrolments, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def training_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    """Find members of the class org's subtree by name (GET ?q=), enrol one (POST person=)."""
    user: Any = request.user
    training = _managed_class(request, pk, "没有为该培训班报名的权限")
    error = ""
    if request.method == "POST":
        raw = request.POST.get("person", "").strip()
        person = scoped(Person, user).filter(pk=int(raw)).first() if raw.isdigit() else None
        if person is None:
            error = "请选择要报名的党员"
        else:
            try:
                services.enrolment_create(actor=user, training=training, person=person)
            except ValidationError as exc:
                error = "；".join(exc.messages)
            else:
                messages.success(request, f"{person.name}已报名")
                return redirect("orglife:training_detail", pk=training.pk)
    search = request.GET.get("q", "").strip()
    found: list[Person] = []
    if search:
        people = (
            scoped(Person, user)
            .on_roll()
            .filter(**subtree("org_path", training.org_path), name__contains=search)
            .select_related("org")
            .order_by("org_path", "id")[:PICK_LIMIT]
        )
        taken = set(training.enrolments.filter(person__in=people).values_list("person_id", flat=True))
        found = list(people)
        for person in found:
            person.enrolled = person.pk in taken
    context = {"training": training, "found": found, "q": search, "error": error}
    return render(request, "orglife/training/enrol.html", context)


@login_required
@require_POST
def training_enrol_branch(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol a whole branch's on-roll members at once."""
    user: Any = request.user
    training = _managed_class(request, pk, "没有为该培训班报名的权限")
    raw = request.POST.get("branch", "").strip()
    branch = scoped(Org, user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if branch is None:
        messages.error(request, "请选择党组织")
        return redirect("orglife:training_detail", pk=training.pk)
    try:
        count = services.enrol_branch(actor=user, training=training, branch=branch)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已为{branch.name}报名{count}人" if count else f"{branch.name}的党员都已报名")
    return redirect("orglife:training_detail", pk=training.pk)


@login_required
@require_POST
def training_enrol_group(request: HttpRequest, pk: int) -> HttpResponse:
    """Enrol a whole rotation group (e.g. every village cadre) under the class's org."""
    user: Any = request.user
    training = _managed_class(request, pk, "没有为该培训班报名的权限")
    group = request.POST.get("group", "").strip()
    try:
        count = services.enrol_group(actor=user, training=training, group=group)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        label = TrainingGroup(group).label
        messages.success(request, f"已为{label}报名{count}人" if count else f"{label}都已报名")
    return redirect("orglife:training_detail", pk=training.pk)


@login_required
@require_http_methods(["GET", "POST"])
def training_attend_all(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark everyone still only enrolled as attended (asks first)."""
    user: Any = request.user
    training = _managed_class(request, pk, "没有登记该培训班参训情况的权限")
    pending = training.enrolments.filter(status=EnrolmentStatus.ENROLLED).count()
    if request.method == "POST":
        try:
            count = services.attendance_mark_all(actor=user, training=training)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已登记{count}人参训")
        return redirect("orglife:training_detail", pk=training.pk)
    return render(request, "orglife/training/attend_all.html", {"training": training, "pending": pending})


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    enrolment = selectors.enrolment_detail(user, pk)
    training = enrolment.training
    if not can_manage_branch(user, training.org):
        raise PermissionDenied("没有登记该培训班参训情况的权限")
    attended = enrolment.status != EnrolmentStatus.ABSENT
    initial = {"attended": "1" if attended else "0", "hours": enrolment.hours if enrolment.hours else None}
    form = AttendanceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            services.attendance_mark(actor=user, enrolment=enrolment, attended=data["attended"], hours=data["hours"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            state = "已参训" if form.cleaned_data["attended"] else "未参训"
            messages.success(request, f"已登记{enrolment.person.name}{state}")
            return redirect("orglife:training_detail", pk=training.pk)
    return render(request, "orglife/training/attendance.html", {"form": form, "enrolment": enrolment})


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    enrolment = selectors.enrolment_detail(user, pk)
    if not can_manage_branch(user, enrolment.training.org):
        raise PermissionDenied("没有修改该培训班报名的权限")
    error = ""
    if request.method == "POST":
        try:
            services.enrolment_delete(actor=user, enrolment=enrolment)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(request, f"已取消{enrolment.person.name}的报名")
            return redirect("orglife:training_detail", pk=enrolment.training_id)
    return render(request, "orglife/training/enrolment_delete.html", {"enrolment": enrolment, "error": error})


# --- rotation -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def training_rotation(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    missing = selectors.not_trained(user, request.GET, today=today)
    context = {
        "year": missing.year,
        "coverage": selectors.rotation_coverage(user, missing.year, today=today),
        "filter_form": style_filter_form(missing.filterset.form),
        "page": core_selectors.paginate(missing.people, request.GET.get("page")),
        "group_label": TrainingGroup(missing.group).label,
        "target": missing.target,
        "filtered": is_filtered(request, "year", "group"),
        "can_manage": managed_home_org(user) is not None,
        "query": request.GET.urlencode(),
    }
    return render(request, "orglife/training/rotation.html", context)


@login_required
@require_GET
def rotation_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = requested_org(request) or home_org(user)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出轮训情况的权限")
    missing = selectors.not_trained(user, request.GET)
    coverage = selectors.rotation_coverage(user, missing.year)
    label = TrainingGroup(missing.group).label
    caption = f"{org.name} {missing.year}年 轮训情况(尚未轮训:{label})"
    file_name = f"轮训情况-{org.name}-{missing.year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.rotation_export(
        actor=user, org=org, coverage=coverage, missing=missing.people, caption=caption, file_name=file_name
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def rotation_target_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = managed_home_org(user)
    if org is None:
        raise PermissionDenied("没有制定轮训目标的权限")
    initial = {"year": clock.today().year, "min_hours": "0", "note": "年内全部轮训一遍"}
    form = RotationTargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            target = services.rotation_target_set(actor=user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已制定{target}目标")
            return redirect(f"{reverse('orglife:training_rotation')}?year={target.year}&group={target.group}")
    return render(request, "orglife/training/target_form.html", {"form": form, "org": org})


@login_required
@require_http_methods(["GET", "POST"])
def rotation_target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    target = selectors.target_detail(user, pk)
    if not can_manage_branch(user, target.org):
        raise PermissionDenied("没有删除该轮训目标的权限")
    if request.method == "POST":
        services.rotation_target_delete(actor=user, target=target)
        messages.success(request, f"已删除{target}目标")
        return redirect("orglife:training_rotation")
    return render(request, "orglife/training/target_delete.html", {"target": target})


urlpatterns: list[URLPattern] = [
    path("training/", training_list, name="training_list"),
    path("training/export.xlsx", training_export, name="training_export"),
    path("training/new/", training_create, name="training_create"),
    path("training/<int:pk>/", training_detail, name="training_detail"),
    path("training/<int:pk>/edit/", training_edit, name="training_edit"),
    path("training/<int:pk>/delete/", training_delete, name="training_delete"),
    path("training/<int:pk>/export.xlsx", training_enrolments_export, name="training_enrolments_export"),
    path("training/<int:pk>/enrol/", training_enrol, name="training_enrol"),
    path("training/<int:pk>/enrol-branch/", training_enrol_branch, name="training_enrol_branch"),
    path("training/<int:pk>/enrol-group/", training_enrol_group, name="training_enrol_group"),
    path("training/<int:pk>/attend-all/", training_attend_all, name="training_attend_all"),
    path("training/enrolments/<int:pk>/attendance/", enrolment_attendance, name="training_attendance"),
    path("training/enrolments/<int:pk>/delete/", enrolment_delete, name="training_enrolment_delete"),
    path("training/rotation/", training_rotation, name="training_rotation"),
    path("training/rotation/export.xlsx", rotation_export, name="training_rotation_export"),
    path("training/rotation/targets/new/", rotation_target_create, name="training_target_create"),
    path("training/rotation/targets/<int:pk>/delete/", rotation_target_delete, name="training_target_delete"),
]
