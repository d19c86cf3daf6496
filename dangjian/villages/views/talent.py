"""Pages of the talent pools: the home page (figures for a scope and day, tabs per pool with filters, search and
export), a talent record with its status changes, service teams, secondments (挂职), "1+N" mentoring pairs and the
county's settings."""

from __future__ import annotations

import datetime as dt
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
from dangjian.core.io.tables import audited_xlsx, xlsx_response
from dangjian.core.models import Org
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_org,
    is_filtered,
    manages_own_org,
    org_from_code,
    require_manager,
    run_and_report,
)
from dangjian.villages import rules
from dangjian.villages.choices import MentoringStatus, SecondmentStatus, TalentPool, TalentStatus
from dangjian.villages.forms.talent import (
    EndForm,
    MenteeForm,
    MentoringForm,
    NoteForm,
    SecondmentEditForm,
    SecondmentForm,
    SettingForm,
    StatusForm,
    TalentForm,
    TeamForm,
    TeamMemberForm,
    style_filters,
)
from dangjian.villages.permissions import can_manage_village, can_set_county_rules
from dangjian.villages.selectors import talent as selectors
from dangjian.villages.services import talent as services

HOME = "villages:talent_home"


def _day(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        return clock.today()


def _figures_org(request: HttpRequest) -> Org | None:
    """The org the figures cover: `?org=` (a code in scope), else `?township=`, else the whole scope."""
    user: Any = request.user
    code = request.GET.get("org", "").strip()
    if code:
        return org_from_code(user, code)
    township = request.GET.get("township", "").strip()
    if township.isdigit():
        return next((t for t in selectors.townships(user) if t.pk == int(township)), None)
    return None


def _form_page(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    return render(request, "villages/talent/form.html", {"form": form, "title": title, "back": back, **extra})


def _save(form: Any, write: Any) -> Any:
    """Run a service with the form's data; its errors land on the form (None returned)."""
    try:
        return write()
    except ValidationError as exc:
        form.add_service_errors(exc)
        return None


# --- home and talent records --------------------------------------------------------------------------------


@login_required
@require_GET
def talent_home(request: HttpRequest) -> HttpResponse:
    """Figures of the scope on a day, the villages below the minimum, and the records by pool."""
    user: Any = request.user
    on = _day(request.GET.get("on"))
    filterset, talents = selectors.talent_list(user, request.GET)
    townships = selectors.townships(user)
    code = request.GET.get("org", "").strip()
    figures_org = _figures_org(request)
    missing_org = bool(code) and figures_org is None
    figures = selectors.talent_figures(user, figures_org, on) if not missing_org else None
    page = core_selectors.paginate(talents, request.GET.get("page"))
    today = clock.today()
    for talent in page.page.object_list:
        talent.age = rules.talent_age(talent.birth_date, today)
    context = {
        "figures": figures,
        "figures_org": figures_org,
        "missing_org": missing_org,
        "on": on,
        "filter_form": style_filters(filterset.form, townships),
        "page": page,
        "filtered": is_filtered(request, "on"),
        "pools": TalentPool.choices,
        "pool": request.GET.get("pool", ""),
        "can_manage": manages_own_org(user),
        "tab": "home",
    }
    return render(request, "villages/talent/home.html", context)


@login_required
@require_GET
def talent_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出人才库的权限")
    _, talents = selectors.talent_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"人才库-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.talents_export(actor=user, org=org, talents=talents, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def talent_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记人才的权限")
    pool = request.GET.get("pool", "")
    initial = {"org_code": own.code, "entry_date": clock.today(), "pool": pool if pool in TalentPool.values else ""}
    form = TalentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            talent = _save(form, lambda: services.talent_create(actor=user, org=org, **data))
            if talent is not None:
                messages.success(request, f"已将{talent.name}登记入“{talent.get_pool_display()}”库")
                return redirect("villages:talent_detail", pk=talent.pk)
    return _form_page(request, form, "登记人才", reverse(HOME))


@login_required
@require_GET
def talent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    talent = selectors.talent_detail(user, pk)
    today = clock.today()
    _, setting = selectors.setting_of(user)
    hints = []
    if talent.pool == TalentPool.RESERVE:
        hints = rules.reserve_problems(
            birth_date=talent.birth_date,
            education=talent.education,
            on=today,
            max_age=setting.reserve_max_age,
            min_education=setting.reserve_min_education,
        )
    context = {
        "talent": talent,
        "age": rules.talent_age(talent.birth_date, today),
        "hints": hints,
        "teams": talent.team_rows.select_related("team").order_by("left_on", "-joined_on"),
        "mentors": talent.mentor_rows.select_related("pair").order_by("ended_on", "-joined_on"),
        "manager": can_manage_village(user, talent.org),
        "tab": "home",
    }
    return render(request, "villages/talent/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def talent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    talent = selectors.talent_detail(user, pk)
    if not can_manage_village(user, talent.org):
        raise PermissionDenied("没有修改该人才信息的权限")
    initial = {name: getattr(talent, name) for name in TalentForm.model_fields if name != "pool"}
    form = TalentForm(request.POST or None, with_org=False, initial=initial)
    back = reverse("villages:talent_detail", kwargs={"pk": talent.pk})
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        done = _save(form, lambda: services.talent_update(actor=user, talent=talent, **changes) if changes else talent)
        if done is not None:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect(back)
    return _form_page(request, form, f"修改人才信息:{talent.name}", back)


@login_required
@require_http_methods(["GET", "POST"])
def talent_status(request: HttpRequest, pk: int) -> HttpResponse:
    """使用 / 退出 / 重新入库: the form is the confirmation; POST changes the status."""
    user: Any = request.user
    talent = selectors.talent_detail(user, pk)
    if not can_manage_village(user, talent.org):
        raise PermissionDenied("没有变更该人才状态的权限")
    allowed = [(v, str(label)) for v, label in TalentStatus.choices if v in rules.TALENT_TRANSITIONS[talent.status]]
    form = StatusForm(request.POST or None, allowed=allowed, initial={"on": clock.today()})
    back = reverse("villages:talent_detail", kwargs={"pk": talent.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _save(
            form,
            lambda: services.talent_set_status(
                actor=user, talent=talent, status=data["status"], reason=data["reason"], on=data["on"]
            ),
        )
        if done is not None:
            messages.success(request, f"{talent.name}的状态已改为“{done.get_status_display()}”")
            return redirect(back)
    note = f"{talent.name}当前状态:{talent.get_status_display()}。"
    return _form_page(request, form, f"变更状态:{talent.name}", back, note=note, submit="确认变更")


# --- service teams ------------------------------------------------------------------------------------------


@login_required
@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, teams = selectors.team_list(user, request.GET)
    context = {
        "filter_form": style_filters(filterset.form, selectors.townships(user)),
        "page": core_selectors.paginate(teams, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "tab": "teams",
    }
    return render(request, "villages/talent/teams.html", context)


@login_required
@require_GET
def team_export(request: HttpRequest) -> HttpResponse:
    from dangjian.core.io.tables import Sheet

    user: Any = request.user
    require_manager(user, "没有导出服务队的权限")
    _, teams = selectors.team_list(user, request.GET)
    rows = [
        [t.name, t.get_kind_display(), t.org.name, t.service_area, t.founded_on, t.current, t.dissolved_on or ""]
        for t in teams.iterator(chunk_size=2000)
    ]
    org = export_org(request) or home_org(user)
    headers = ["队伍名称", "类别", "所属组织", "服务内容", "成立日期", "在队人数", "解散日期"]
    file_name = f"人才服务队-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("人才服务队", headers, rows, caption=org.name if org else ""),
        actor=user,
        org=org,
        kind="village_talent_teams",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有组建服务队的权限")
    form = TeamForm(request.POST or None, initial={"org_code": own.code, "founded_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            team = _save(form, lambda: services.team_create(actor=user, org=org, **data))
            if team is not None:
                messages.success(request, f"已组建“{team.name}”")
                return redirect("villages:talent_team", pk=team.pk)
    return _form_page(request, form, "组建服务队", reverse("villages:talent_teams"))


@login_required
@require_GET
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    context = {
        "team": team,
        "members": list(selectors.team_members(user, team)),
        "manager": can_manage_village(user, team.org),
        "tab": "teams",
    }
    return render(request, "villages/talent/team_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    if not can_manage_village(user, team.org):
        raise PermissionDenied("没有为该服务队添加队员的权限")
    talents = list(selectors.talent_choices(user, team.org)[:500])
    form = TeamMemberForm(request.POST or None, talents=talents)
    back = reverse("villages:talent_team", kwargs={"pk": team.pk})
    if request.method == "POST" and form.is_valid():
        talent = next(t for t in talents if t.pk == form.cleaned_data["talent"])
        member = _save(
            form,
            lambda: services.team_member_add(
                actor=user, team=team, talent=talent, is_leader=form.cleaned_data["is_leader"]
            ),
        )
        if member is not None:
            messages.success(request, f"{talent.name}已加入“{team.name}”")
            return redirect(back)
    return _form_page(request, form, f"添加队员:{team.name}", back)


@login_required
@require_http_methods(["GET", "POST"])
def team_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    team = selectors.team_detail(user, pk)
    if not can_manage_village(user, team.org):
        raise PermissionDenied("没有解散该服务队的权限")
    back = reverse("villages:talent_team", kwargs={"pk": team.pk})
    if request.method == "POST":
        run_and_report(request, lambda: services.team_dissolve(actor=user, team=team), f"已解散“{team.name}”")
        return redirect(back)
    message = f"确认解散“{team.name}”({team.org.name})?队员记录保留,解散后不能再添加队员。"
    return render(request, "villages/talent/confirm.html", {"title": "解散服务队", "message": message, "back": back})


@login_required
@require_http_methods(["GET", "POST"])
def team_member_leave(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    member = selectors.member_detail(user, pk)
    if not can_manage_village(user, member.team.org):
        raise PermissionDenied("没有为该队员办理退出的权限")
    back = reverse("villages:talent_team", kwargs={"pk": member.team_id})
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.team_member_leave(actor=user, member=member),
            f"{member.talent.name}已退出“{member.team.name}”",
        )
        return redirect(back)
    message = f"确认{member.talent.name}退出“{member.team.name}”?"
    return render(request, "villages/talent/confirm.html", {"title": "队员退出", "message": message, "back": back})


# --- secondments --------------------------------------------------------------------------------------------


@login_required
@require_GET
def secondment_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, secondments = selectors.secondment_list(user, request.GET)
    page = core_selectors.paginate(secondments, request.GET.get("page"))
    today = clock.today()
    for item in page.page.object_list:
        item.ending = item.status == SecondmentStatus.ACTIVE and rules.ending_soon(item.end, today)
        item.overdue = item.status == SecondmentStatus.ACTIVE and item.end < today
    context = {
        "filter_form": style_filters(filterset.form, selectors.townships(user)),
        "page": page,
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "tab": "secondments",
    }
    return render(request, "villages/talent/secondments.html", context)


@login_required
@require_GET
def secondment_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出挂职名单的权限")
    _, secondments = selectors.secondment_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"挂职名单-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.secondments_export(actor=user, org=org, secondments=secondments, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def secondment_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记挂职的权限")
    form = SecondmentForm(request.POST or None, initial={"org_code": own.code, "start": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        from_code = data.pop("from_code")
        from_org = org_from_code(user, from_code) if from_code else None
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        elif from_code and from_org is None:
            form.add_error("from_code", ORG_NOT_FOUND.format(code=from_code))
        else:
            item = _save(form, lambda: services.secondment_create(actor=user, org=org, from_org=from_org, **data))
            if item is not None:
                messages.success(request, f"已登记{item.name}的挂职,期满日期{item.end:%Y-%m-%d}")
                return redirect("villages:talent_secondment", pk=item.pk)
    return _form_page(request, form, "登记挂职", reverse("villages:talent_secondments"))


@login_required
@require_GET
def secondment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    item = selectors.secondment_detail(user, pk)
    today = clock.today()
    context = {
        "item": item,
        "manager": can_manage_village(user, item.org) and item.status == SecondmentStatus.ACTIVE,
        "ending": item.status == SecondmentStatus.ACTIVE and rules.ending_soon(item.end, today),
        "overdue": item.status == SecondmentStatus.ACTIVE and item.end < today,
        "tab": "secondments",
    }
    return render(request, "villages/talent/secondment_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def secondment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    item = selectors.secondment_detail(user, pk)
    if not can_manage_village(user, item.org):
        raise PermissionDenied("没有修改该挂职记录的权限")
    initial = {name: getattr(item, name) for name in SecondmentEditForm.model_fields}
    form = SecondmentEditForm(request.POST or None, initial=initial)
    back = reverse("villages:talent_secondment", kwargs={"pk": item.pk})
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        done = _save(
            form, lambda: services.secondment_update(actor=user, secondment=item, **changes) if changes else item
        )
        if done is not None:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect(back)
    return _form_page(request, form, f"修改挂职:{item.name}", back)


@login_required
@require_http_methods(["GET", "POST"])
def secondment_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending asks first (the form); before the term's end a reason is required."""
    user: Any = request.user
    item = selectors.secondment_detail(user, pk)
    if not can_manage_village(user, item.org):
        raise PermissionDenied("没有结束该挂职的权限")
    form = EndForm(request.POST or None, initial={"on": clock.today()})
    back = reverse("villages:talent_secondment", kwargs={"pk": item.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _save(
            form, lambda: services.secondment_end(actor=user, secondment=item, on=data["on"], reason=data["reason"])
        )
        if done is not None:
            messages.success(request, f"{item.name}的挂职已结束({done.get_status_display()})")
            return redirect(back)
    note = f"{item.name}在{item.org.name}挂职{item.post},期满日期{item.end:%Y-%m-%d}。期满前结束须填写原因。"
    return _form_page(request, form, f"结束挂职:{item.name}", back, note=note, submit="确认结束")


# --- mentoring ----------------------------------------------------------------------------------------------


@login_required
@require_GET
def mentoring_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, pairs = selectors.mentoring_list(user, request.GET)
    context = {
        "filter_form": style_filters(filterset.form, selectors.townships(user)),
        "page": core_selectors.paginate(pairs, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "tab": "mentoring",
    }
    return render(request, "villages/talent/mentoring.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有建立帮带关系的权限")
    code = (request.POST.get("org_code") or request.GET.get("org") or own.code).strip()
    org = org_from_code(user, code) or own
    talents = list(selectors.talent_choices(user, org, pools=services.MENTEE_POOLS)[:500])
    form = MentoringForm(request.POST or None, talents=talents, initial={"org_code": org.code, "start": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = org_from_code(user, data.pop("org_code"))
        chosen = set(data.pop("mentees"))
        if target is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            mentees = [t for t in talents if t.pk in chosen]
            pair = _save(form, lambda: services.mentoring_create(actor=user, org=target, mentees=mentees, **data))
            if pair is not None:
                messages.success(request, f"已建立“{pair.mentor_name}”的1+{len(mentees)}帮带")
                return redirect("villages:talent_pair", pk=pair.pk)
    note = "可选帮带对象为所属组织及下级在库的后备干部和一村一名大学生;每人只能有一名在帮导师。"
    return _form_page(request, form, "建立1+N帮带", reverse("villages:talent_mentoring"), note=note)


@login_required
@require_GET
def mentoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = selectors.mentoring_detail(user, pk)
    manager = can_manage_village(user, pair.org) and pair.status == MentoringStatus.ACTIVE
    context = {
        "pair": pair,
        "mentees": list(selectors.pair_mentees(user, pair)),
        "notes": list(selectors.pair_notes(user, pair)[:100]),
        "manager": manager,
        "note_form": NoteForm(initial={"noted_on": clock.today()}) if manager else None,
        "tab": "mentoring",
    }
    return render(request, "villages/talent/pair_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_mentee_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = selectors.mentoring_detail(user, pk)
    if not can_manage_village(user, pair.org):
        raise PermissionDenied("没有修改该帮带关系的权限")
    talents = list(selectors.talent_choices(user, pair.org, pools=services.MENTEE_POOLS)[:500])
    form = MenteeForm(request.POST or None, talents=talents)
    back = reverse("villages:talent_pair", kwargs={"pk": pair.pk})
    if request.method == "POST" and form.is_valid():
        talent = next(t for t in talents if t.pk == form.cleaned_data["talent"])
        if _save(form, lambda: services.mentoring_add_mentee(actor=user, pair=pair, talent=talent)) is not None:
            messages.success(request, f"已将{talent.name}加入帮带")
            return redirect(back)
    return _form_page(request, form, f"添加帮带对象:{pair.mentor_name}", back)


@login_required
@require_POST
def mentoring_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = selectors.mentoring_detail(user, pk)
    if not can_manage_village(user, pair.org):
        raise PermissionDenied("没有为该帮带组记录的权限")
    form = NoteForm(request.POST)
    back = reverse("villages:talent_pair", kwargs={"pk": pair.pk})
    if form.is_valid():
        data = form.cleaned_data
        run_and_report(
            request,
            lambda: services.mentoring_note_add(
                actor=user, pair=pair, noted_on=data["noted_on"], content=data["content"]
            ),
            "已添加帮带记录",
        )
    else:
        messages.error(
            request, ";".join(f"{form.fields[n].label}:{e}" for n, errs in form.errors.items() for e in errs)
        )
    return redirect(back)


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_end(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = selectors.mentoring_detail(user, pk)
    if not can_manage_village(user, pair.org):
        raise PermissionDenied("没有结束该帮带关系的权限")
    back = reverse("villages:talent_pair", kwargs={"pk": pair.pk})
    if request.method == "POST":
        run_and_report(request, lambda: services.mentoring_end(actor=user, pair=pair), "已结束该帮带")
        return redirect(back)
    message = f"确认结束“{pair.mentor_name}”的帮带?结束后帮带对象可另行结对。"
    return render(request, "villages/talent/confirm.html", {"title": "结束帮带", "message": message, "back": back})


# --- settings -----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def talent_settings(request: HttpRequest) -> HttpResponse:
    """The county's reserve-cadre preferences; others see them read-only."""
    user: Any = request.user
    county, setting = selectors.setting_of(user)
    editable = county is not None and can_set_county_rules(user, county)
    initial = {name: getattr(setting, name) for name in services.SETTING_FIELDS}
    form = SettingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("只有县委组织部可以修改人才队伍设置")
        if form.is_valid():
            data = dict(form.cleaned_data)
            if _save(form, lambda: services.talent_setting_update(actor=user, county=county, **data)) is not None:
                messages.success(request, "已保存人才队伍设置")
                return redirect("villages:talent_settings")
    context = {"form": form, "setting": setting, "county": county, "editable": editable, "tab": "settings"}
    return render(request, "villages/talent/settings.html", context)


urlpatterns: list[URLPattern] = [
    path("talent/", talent_home, name="talent_home"),
    path("talent/export.xlsx", talent_export, name="talent_export"),
    path("talent/new/", talent_create, name="talent_create"),
    path("talent/<int:pk>/", talent_detail, name="talent_detail"),
    path("talent/<int:pk>/edit/", talent_edit, name="talent_edit"),
    path("talent/<int:pk>/status/", talent_status, name="talent_status"),
    path("talent/teams/", team_list, name="talent_teams"),
    path("talent/teams/export.xlsx", team_export, name="talent_team_export"),
    path("talent/teams/new/", team_create, name="talent_team_create"),
    path("talent/teams/<int:pk>/", team_detail, name="talent_team"),
    path("talent/teams/<int:pk>/members/new/", team_member_add, name="talent_team_member_add"),
    path("talent/teams/<int:pk>/dissolve/", team_dissolve, name="talent_team_dissolve"),
    path("talent/team-members/<int:pk>/leave/", team_member_leave, name="talent_team_member_leave"),
    path("talent/secondments/", secondment_list, name="talent_secondments"),
    path("talent/secondments/export.xlsx", secondment_export, name="talent_secondment_export"),
    path("talent/secondments/new/", secondment_create, name="talent_secondment_create"),
    path("talent/secondments/<int:pk>/", secondment_detail, name="talent_secondment"),
    path("talent/secondments/<int:pk>/edit/", secondment_edit, name="talent_secondment_edit"),
    path("talent/secondments/<int:pk>/end/", secondment_end, name="talent_secondment_end"),
    path("talent/mentoring/", mentoring_list, name="talent_mentoring"),
    path("talent/mentoring/new/", mentoring_create, name="talent_pair_create"),
    path("talent/mentoring/<int:pk>/", mentoring_detail, name="talent_pair"),
    path("talent/mentoring/<int:pk>/mentees/new/", mentoring_mentee_add, name="talent_pair_mentee_add"),
    path("talent/mentoring/<int:pk>/notes/", mentoring_note_add, name="talent_pair_note_add"),
    path("talent/mentoring/<int:pk>/end/", mentoring_end, name="talent_pair_end"),
    path("talent/settings/", talent_settings, name="talent_settings"),
]
