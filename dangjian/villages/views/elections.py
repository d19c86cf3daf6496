"""Pages of 村级换届: rounds with their progress and the villages' changes (filters, export), a change with its
committees side by side, the committee formset, confirmation by the level above, and the structure report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, audited_xlsx, xlsx_response
from dangjian.core.models import Person
from dangjian.core.scoping import scoped
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_county,
    home_org,
    is_filtered,
    manages_own_org,
    requested_org,
    run_and_report,
)
from dangjian.villages.choices import CommitteeSide
from dangjian.villages.forms.elections import ChangeForm, MemberFormSet, RoundForm
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.villages.selectors import elections as selectors
from dangjian.villages.services import elections as services


@login_required
@require_GET
def election_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not manages_own_org(user):
        raise PermissionDenied("没有查看村级换届的权限")
    rounds = list(selectors.rounds_visible(user)[:10])
    for election_round in rounds:
        election_round.progress = selectors.progress(user, election_round)
    filterset, changes = selectors.change_list(user, request.GET)
    style_filter_form(filterset.form)
    county = home_county(user)
    context = {
        "rounds": rounds,
        "filter_form": filterset.form,
        "page": core_selectors.paginate(changes, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_open_round": county is not None and can_set_county_rules(user, county),
    }
    return render(request, "villages/elections/list.html", context)


@login_required
@require_GET
def election_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not manages_own_org(user):
        raise PermissionDenied("没有导出村级换届的权限")
    _, changes = selectors.change_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"村级换届-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.changes_export(actor=user, org=org, changes=changes, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def election_round_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = home_county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县(区)委组织部可以组织换届批次")
    today = clock.today()
    form = RoundForm(request.POST or None, initial={"year": today.year, "starts_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_create(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已建立换届批次")
            return redirect("villages:election_list")
    return render(request, "villages/elections/form.html", {"form": form, "title": "建立换届批次"})


@login_required
@require_http_methods(["GET", "POST"])
def election_change_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not manages_own_org(user):
        raise PermissionDenied("没有登记村级换届的权限")
    rounds = list(selectors.rounds_visible(user))
    form = ChangeForm(request.POST or None, rounds=rounds, initial={"org_code": user.org.code, "body": "both"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        election_round = next(r for r in rounds if r.pk == data.pop("round"))
        org = core_selectors.org_by_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                change = services.change_create(actor=user, election_round=election_round, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记{org.name}的换届")
                return redirect("villages:election_change", pk=change.pk)
    return render(request, "villages/elections/form.html", {"form": form, "title": "登记村级换届"})


@login_required
@require_GET
def election_change(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    change = selectors.change_detail(user, pk)
    context = {
        "change": change,
        "old": selectors.committee(change, CommitteeSide.OLD),
        "new": selectors.committee(change, CommitteeSide.NEW),
        "can_edit": can_manage_village(user, change.org) and change.status == "planned",
        "can_complete": can_approve(user, change.org) and change.status == "planned",
    }
    return render(request, "villages/elections/change.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def election_change_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    change = selectors.change_detail(user, pk)
    if not can_manage_village(user, change.org):
        raise PermissionDenied("没有修改该村换届信息的权限")
    initial = {name: getattr(change, name) for name in services.CHANGE_FIELDS}
    form = ChangeForm(request.POST or None, rounds=[], with_target=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.CHANGE_FIELDS}
        try:
            if changes:
                services.change_update(actor=user, change=change, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("villages:election_change", pk=change.pk)
    context = {"form": form, "title": f"修改换届信息:{change.org.name}", "change": change}
    return render(request, "villages/elections/form.html", context)


def _row_data(form: Any, user: Any) -> dict[str, Any]:
    data = {name: form.cleaned_data.get(name) for name in services.MEMBER_FIELDS}
    person_id = data.pop("person")
    data["person"] = scoped(Person, user).filter(pk=person_id).first() if person_id else None
    if person_id and data["person"] is None:
        raise ValidationError({"members": [f"编号为{person_id}的党员不存在"]})
    return data


@login_required
@require_http_methods(["GET", "POST"])
def election_committee(request: HttpRequest, pk: int, side: str) -> HttpResponse:
    """The committee before or after as a formset (empty rows are ignored, ticked rows removed)."""
    user: Any = request.user
    change = selectors.change_detail(user, pk)
    if side not in CommitteeSide.values:
        raise Http404("对象不存在")
    if not can_manage_village(user, change.org):
        raise PermissionDenied("没有修改该村两委成员的权限")
    current = selectors.committee(change, side)
    initial = [
        {
            "name": m.name,
            "gender": m.gender,
            "birth_date": m.birth_date,
            "education": m.education,
            "body": m.body,
            "post": m.post,
            "concurrent": m.concurrent,
            "person": m.person_id,
        }
        for m in current
    ]
    formset = MemberFormSet(request.POST or None, initial=initial, prefix="m")
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            rows = [
                _row_data(form, user)
                for form in formset.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ]
            services.committee_set(actor=user, change=change, side=side, rows=rows)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"已保存{CommitteeSide(side).label}的两委成员({len(rows)}人)")
            return redirect("villages:election_change", pk=change.pk)
    context = {"change": change, "formset": formset, "side_label": CommitteeSide(side).label, "errors": errors}
    return render(request, "villages/elections/committee.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def election_change_complete(request: HttpRequest, pk: int) -> HttpResponse:
    """The township confirms a change as done (asks first)."""
    user: Any = request.user
    change = selectors.change_detail(user, pk)
    if not can_approve(user, change.org):
        raise PermissionDenied("换届完成须由乡镇(街道)党委或县(区)委组织部确认")
    back = reverse("villages:election_change", kwargs={"pk": change.pk})
    if request.method == "POST":
        run_and_report(
            request, lambda: services.change_complete(actor=user, change=change), f"已确认{change.org.name}换届完成"
        )
        return redirect(back)
    context = {"change": change, "back": back, "action": "确认换届完成", "danger": False}
    return render(request, "villages/elections/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def election_change_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    change = selectors.change_detail(user, pk)
    if not can_manage_village(user, change.org):
        raise PermissionDenied("没有删除该村换届记录的权限")
    if request.method == "POST":
        if run_and_report(
            request, lambda: services.change_delete(actor=user, change=change), f"已删除{change.org.name}的换届记录"
        ):
            return redirect("villages:election_list")
        return redirect("villages:election_change", pk=change.pk)
    back = reverse("villages:election_change", kwargs={"pk": change.pk})
    context = {"change": change, "back": back, "action": "删除换届记录", "danger": True}
    return render(request, "villages/elections/confirm.html", context)


def _report_context(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.user
    rounds = list(selectors.rounds_visible(user))
    raw = request.GET.get("round", "").strip()
    election_round = next((r for r in rounds if str(r.pk) == raw), rounds[0] if rounds else None)
    org = requested_org(request) if request.GET.get("org", "").strip() else home_org(user)
    if request.GET.get("org", "").strip() and org is None:
        raise Http404("组织不存在")
    report = selectors.structure_report(user, election_round, org) if election_round else None
    progress = selectors.progress(user, election_round, org) if election_round else None
    return {"rounds": rounds, "round": election_round, "org": org, "report": report, "progress": progress}


@login_required
@require_GET
def election_report(request: HttpRequest) -> HttpResponse:
    """The structure before/after for a round and a scope (the user's org or `?org=`)."""
    if not manages_own_org(request.user):
        raise PermissionDenied("没有查看换届结构分析的权限")
    return render(request, "villages/elections/report.html", _report_context(request))


@login_required
@require_GET
def election_report_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not manages_own_org(user):
        raise PermissionDenied("没有导出换届结构分析的权限")
    context = _report_context(request)
    report, org = context["report"], context["org"]
    rows: list[list[Any]] = []
    if report is not None:
        rows = [[ln.label, ln.before_text, ln.after_text, ln.points, ln.sentence] for ln in report.lines]
        rows.append(["书记调整", "", f"{report.secretaries_changed}/{report.secretaries_compared}", "", ""])
    caption = f"{context['round'].name if context['round'] else ''} {org.name if org else ''}"
    headers = ["项目", "换届前", "换届后", "变化(百分点)", "表述"]
    file_name = f"换届结构分析-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("换届结构分析", headers, rows, caption=caption),
        actor=user,
        org=org,
        kind="village_election_report",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("elections/", election_list, name="election_list"),
    path("elections/export.xlsx", election_export, name="election_export"),
    path("elections/rounds/new/", election_round_create, name="election_round_create"),
    path("elections/changes/new/", election_change_create, name="election_change_create"),
    path("elections/changes/<int:pk>/", election_change, name="election_change"),
    path("elections/changes/<int:pk>/edit/", election_change_edit, name="election_change_edit"),
    path("elections/changes/<int:pk>/members/<str:side>/", election_committee, name="election_committee"),
    path("elections/changes/<int:pk>/complete/", election_change_complete, name="election_change_complete"),
    path("elections/changes/<int:pk>/delete/", election_change_delete, name="election_change_delete"),
    path("elections/report/", election_report, name="election_report"),
    path("elections/report/export.xlsx", election_report_export, name="election_report_export"),
]
