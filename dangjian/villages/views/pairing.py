"""Pages of 结对共建: the home page (figures of any scope and period, the outputs' sentence, the pairs list with its
export), the units, a pair's page (units, activities, 五个一, outputs ledger, with their forms), the suggestions for
unpaired villages, and the pairs with 五个一 items missing."""

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
from dangjian.core.choices import MANAGER_ROLES
from dangjian.core.io.tables import Sheet, audited_xlsx, record_export, table_xlsx, xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404
from dangjian.core.views.common import home_org, is_filtered, run_and_report
from dangjian.villages import rules
from dangjian.villages.choices import FiveOneItem
from dangjian.villages.forms.pairing import (
    ActivityForm,
    AddUnitForm,
    ChecklistForm,
    EndForm,
    OutputForm,
    PairForm,
    PeriodForm,
    UnitForm,
    style_filters,
)
from dangjian.villages.models import PairActivity, PairChecklistItem, PairOutput, PairUnit, VillagePair
from dangjian.villages.permissions import can_approve, can_manage_village
from dangjian.villages.selectors import pairing as selectors
from dangjian.villages.services import pairing as services

ORG_NOT_FOUND = "组织代码“{code}”不存在或不在您的管理范围内"


def _years() -> list[int]:
    today = clock.today()
    return list(range(today.year, today.year - 6, -1))


def _manager(user: Any) -> bool:
    return getattr(user, "role", None) in MANAGER_ROLES and getattr(user, "org", None) is not None


def _require_manager(user: Any, message: str) -> None:
    if not _manager(user):
        raise PermissionDenied(message)


def _keeps_units(user: Any) -> bool:
    own = getattr(user, "org", None)
    return own is not None and services.can_keep_units(user, own)


def _org_of(user: Any, code: str) -> Org | None:
    return core_selectors.org_by_code(user, code.strip()) if code.strip() else None


def _period(request: HttpRequest) -> dict[str, Any]:
    """The scope and period asked for: org (default the account's own), year, since, until; with the form."""
    form = PeriodForm(request.GET or None)
    today = clock.today()
    values: dict[str, Any] = {"form": form, "org": home_org(request.user), "year": today.year}
    values |= {"since": None, "until": None, "error": ""}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["org"]:
            org = _org_of(request.user, data["org"])
            if org is None:
                values["error"] = ORG_NOT_FOUND.format(code=data["org"])
            values["org"] = org
        values["year"] = data["year"] or (data["since"] or data["until"] or today).year
        values["since"], values["until"] = data["since"], data["until"]
        since, until = rules.pairing_period(values["year"], data["since"], data["until"])
        if problem := rules.pairing_period_problem(since, until):
            values["error"] = problem
            values["since"] = values["until"] = None
    elif form.is_bound:
        values["error"] = ";".join(e for errors in form.errors.values() for e in errors)
    return values


def _period_text(found: selectors.PairingFigures) -> str:
    if found.since == dt.date(found.since.year, 1, 1) and found.until == dt.date(found.since.year, 12, 31):
        return f"{found.since.year}年"
    return f"{found.since:%Y-%m-%d}至{found.until:%Y-%m-%d}"


# --- home ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def pairing_home(request: HttpRequest) -> HttpResponse:
    """The figures of the chosen scope and period, the breakdown under it, and the pairs list."""
    user: Any = request.user
    period = _period(request)
    org = period["org"]
    found = None
    rows: list[Any] = []
    if org is not None or not period["error"]:
        found = selectors.figures(user, year=period["year"], since=period["since"], until=period["until"], org=org)
        rows = selectors.child_rows(user, year=period["year"], since=period["since"], until=period["until"], org=org)
    filterset, pairs = selectors.pair_list(user, request.GET)
    page = core_selectors.paginate(pairs, request.GET.get("page"))
    for pair in page.page.object_list:
        pair.shape_label = rules.PAIR_SHAPE_LABELS[rules.pair_shape(pair.unit_count)]
    context = {
        "period": period,
        "period_form": period["form"],
        "figures": found,
        "period_text": _period_text(found) if found else "",
        "rows": rows,
        "org": org,
        "filter_form": style_filters(filterset.form),
        "page": page,
        "filtered": is_filtered(request, "year", "since", "until"),
        "can_pair": _manager(user) and getattr(user, "role", None) != "branch_secretary",
        "can_export": _manager(user),
        "years": _years(),
    }
    return render(request, "villages/pairing/home.html", context)


PAIR_HEADERS = [
    "结对村",
    "所属乡镇(街道)",
    "结对单位",
    "单位类型",
    "结对方式",
    "结对年度",
    "状态",
    "结束日期",
    "结束原因",
]


@login_required
@require_GET
def pairing_export(request: HttpRequest) -> HttpResponse:
    """The listed pairs and the figures' outputs, as .xlsx (audited)."""
    user: Any = request.user
    _require_manager(user, "没有导出结对共建名单的权限")
    _, pairs = selectors.pair_list(user, request.GET)
    period = _period(request)
    found = selectors.figures(
        user, year=period["year"], since=period["since"], until=period["until"], org=period["org"]
    )
    pairs = list(pairs)
    parents = {pair.org_path[: -Org.steplen] for pair in pairs}
    townships = dict(Org.objects.filter(path__in=parents).values_list("path", "name"))
    rows = []
    for pair in pairs:
        members = list(pair.members.all())
        rows.append(
            [
                pair.village.name,
                townships.get(pair.org_path[: -Org.steplen], ""),
                "、".join(m.unit.name for m in members),
                "、".join(sorted({m.unit.get_department_type_display() for m in members})),
                rules.PAIR_SHAPE_LABELS[rules.pair_shape(len(members))],
                pair.started_year,
                "结对中" if pair.active else "已结束",
                pair.ended_on or "",
                pair.end_reason,
            ]
        )
    totals = [[t.label, t.text, t.quantity, t.unit, t.rows] for t in found.totals]
    org = period["org"]
    caption = f"{org.name if org else ''} {_period_text(found)}"
    content = table_xlsx(
        [
            Sheet("结对名单", PAIR_HEADERS, rows, caption=org.name if org else ""),
            Sheet("帮扶成效", ["成效类别", "合计", "数量", "计量单位", "记录数"], totals, caption=caption),
        ]
    )
    file_name = f"结对共建-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    record_export(actor=user, org=org, kind="pairing_pairs", rows=len(rows), file_name=file_name)
    return xlsx_response(content, file_name)


# --- units --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, units = selectors.unit_list(user, request.GET)
    context = {
        "filter_form": style_filters(filterset.form),
        "page": core_selectors.paginate(units, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_keep": _keeps_units(user),
        "can_export": _manager(user),
    }
    return render(request, "villages/pairing/units.html", context)


@login_required
@require_GET
def unit_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user, "没有导出结对单位的权限")
    _, units = selectors.unit_list(user, request.GET)
    rows = [
        [
            u.name,
            u.get_department_type_display(),
            u.affiliation,
            u.contact_name,
            u.contact_phone,
            u.linked_org.name if u.linked_org else "",
            u.org.name,
            u.load,
            "在册" if u.active else "已停用",
        ]
        for u in units
    ]
    headers = ["单位名称", "部门类型", "隶属层级", "联系人", "联系电话", "对应党组织", "维护单位", "结对村数", "状态"]
    org = home_org(user)
    file_name = f"结对单位-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("结对单位", headers, rows, caption=org.name if org else ""),
        actor=user,
        org=org,
        kind="pairing_units",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


def _unit_values(request: HttpRequest, form: UnitForm) -> dict[str, Any] | None:
    data = {
        k: form.cleaned_data[k] for k in ("name", "department_type", "affiliation", "contact_name", "contact_phone")
    }
    code = form.cleaned_data.get("linked_org_code", "").strip()
    data["linked_org"] = None
    if code:
        linked = _org_of(request.user, code) or Org.objects.filter(code=code).first()
        if linked is None:
            form.add_error("linked_org_code", f"组织代码“{code}”不存在")
            return None
        data["linked_org"] = linked
    return data


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _keeps_units(user):
        raise PermissionDenied("只有县(区)委组织部或乡镇(街道)党委可以维护结对单位")
    form = UnitForm(request.POST or None, initial={"org_code": user.org.code})
    if request.method == "POST" and form.is_valid():
        org = _org_of(user, form.cleaned_data["org_code"])
        data = _unit_values(request, form)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        elif data is not None:
            try:
                unit = services.unit_create(actor=user, org=org, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已添加结对单位“{unit.name}”")
                return redirect("villages:pairing_units")
    return render(request, "villages/pairing/unit_form.html", {"form": form, "title": "添加结对单位"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    unit = selectors.unit_detail(user, pk)
    if not services.can_keep_units(user, unit.org):
        raise PermissionDenied("没有修改该结对单位的权限")
    initial = {f: getattr(unit, f) for f in ("name", "department_type", "affiliation", "contact_name", "contact_phone")}
    initial["linked_org_code"] = unit.linked_org.code if unit.linked_org else ""
    form = UnitForm(request.POST or None, initial=initial, with_org=False)
    if request.method == "POST" and form.is_valid():
        data = _unit_values(request, form)
        if data is not None:
            changes = {k: v for k, v in data.items() if getattr(unit, k) != v}
            try:
                if changes:
                    services.unit_update(actor=user, unit=unit, **changes)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
                return redirect("villages:pairing_unit", pk=unit.pk)
    context = {"form": form, "title": "修改结对单位", "unit": unit}
    return render(request, "villages/pairing/unit_form.html", context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    unit = selectors.unit_detail(user, pk)
    context = {
        "unit": unit,
        "pairs": list(selectors.unit_villages(user, unit)[:200]),
        "can_keep": services.can_keep_units(user, unit.org),
    }
    return render(request, "villages/pairing/unit_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """Taking a unit off the list (or back on) asks first."""
    user: Any = request.user
    unit = selectors.unit_detail(user, pk)
    if not services.can_keep_units(user, unit.org):
        raise PermissionDenied("没有停用该结对单位的权限")
    if request.method == "POST":
        text = f"已停用“{unit.name}”" if unit.active else f"已恢复“{unit.name}”"
        run_and_report(request, lambda: services.unit_set_active(actor=user, unit=unit, active=not unit.active), text)
        return redirect("villages:pairing_unit", pk=unit.pk)
    return render(request, "villages/pairing/unit_toggle.html", {"unit": unit})


# --- pairs --------------------------------------------------------------------------------------------------


def _pair_form(request: HttpRequest, data: Any, initial: dict[str, Any]) -> PairForm:
    user: Any = request.user
    villages = [v for v in selectors.unpaired_villages(user)[:2000] if can_approve(user, v)]
    return PairForm(data, villages=villages, units=list(selectors.unit_choices(user)[:1000]), initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def pair_create(request: HttpRequest) -> HttpResponse:
    """A pair of a village with one or more units (from a suggestion: `?village=&units=`)."""
    user: Any = request.user
    if not (_manager(user) and getattr(user, "role", None) != "branch_secretary"):
        raise PermissionDenied("结对共建由乡镇(街道)或县(区)委组织部确定")
    initial = {"started_year": clock.today().year}
    if request.GET.get("village", "").isdigit():
        initial["village"] = int(request.GET["village"])
    initial["units"] = [int(u) for u in request.GET.getlist("units") if u.isdigit()]
    form = _pair_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = selectors.unpaired_villages(user).filter(pk=data["village"]).first()
        units = list(selectors.unit_choices(user).filter(pk__in=data["units"]))
        try:
            if village is None:
                raise ValidationError({"village": "所选村不存在、不在管理范围内或已有结对"})
            pair = services.pair_create(
                actor=user, village=village, units=units, started_year=data["started_year"], note=data["note"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已建立{village.name}的结对共建")
            return redirect("villages:pairing_pair", pk=pair.pk)
    return render(request, "villages/pairing/pair_form.html", {"form": form, "title": "建立结对"})


def _pair_context(request: HttpRequest, pair: VillagePair, **forms: Any) -> dict[str, Any]:
    user: Any = request.user
    today = clock.today()
    last = pair.ended_on.year if pair.ended_on else today.year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and pair.started_year <= int(raw) <= last else last
    members = list(pair.members.all())
    records = can_manage_village(user, pair.village)
    checklist = selectors.pair_checklist(user, pair, year)
    outputs = list(selectors.pair_outputs(user, pair)[:500])
    totals = selectors.output_totals(selectors.pair_outputs(user, pair))
    default_day = min(today, pair.ended_on) if pair.ended_on else today
    context = {
        "pair": pair,
        "members": members,
        "shape": rules.PAIR_SHAPE_LABELS[rules.pair_shape(len(members))],
        "activities": list(selectors.pair_activities(user, pair)[:500]),
        "checklist": checklist,
        "checklist_text": rules.five_one_text(sum(1 for row in checklist if row.done)),
        "year": year,
        "years": list(range(last, pair.started_year - 1, -1)),
        "outputs": outputs,
        "totals": totals,
        "sentence": rules.outputs_sentence(totals),
        "can_record": records,
        "can_decide": can_approve(user, pair.village),
        "activity_form": forms.get("activity_form") or ActivityForm(initial={"held_on": default_day}),
        "checklist_form": forms.get("checklist_form")
        or ChecklistForm(initial={"year": year, "done_on": default_day if default_day.year == year else None}),
        "output_form": forms.get("output_form")
        or OutputForm(units=[m.unit for m in members], initial={"occurred_on": default_day}),
        "add_unit_form": AddUnitForm(
            units=[u for u in selectors.unit_choices(user)[:1000] if u.pk not in {m.unit_id for m in members}]
        ),
    }
    return context


@login_required
@require_GET
def pair_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pair = selectors.pair_detail(request.user, pk)
    return render(request, "villages/pairing/pair_detail.html", _pair_context(request, pair))


def _recording(request: HttpRequest, pk: int) -> VillagePair:
    pair = selectors.pair_detail(request.user, pk)
    if not can_manage_village(request.user, pair.village):
        raise PermissionDenied("没有为该结对登记记录的权限")
    return pair


def _back(pair: VillagePair, year: Any = None, anchor: str = "") -> str:
    url = reverse("villages:pairing_pair", kwargs={"pk": pair.pk})
    return f"{url}{f'?year={year}' if year else ''}{anchor}"


@login_required
@require_POST
def activity_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = _recording(request, pk)
    form = ActivityForm(request.POST)
    if form.is_valid():
        try:
            services.activity_record(actor=user, pair=pair, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已登记结对共建活动")
            return redirect(_back(pair, anchor="#activities"))
    context = _pair_context(request, pair, activity_form=form)
    return render(request, "villages/pairing/pair_detail.html", context, status=400)


@login_required
@require_POST
def checklist_mark(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = _recording(request, pk)
    form = ChecklistForm(request.POST)
    if form.is_valid():
        try:
            services.checklist_mark(actor=user, pair=pair, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记“{FiveOneItem(form.cleaned_data['item']).label}”")
            return redirect(_back(pair, form.cleaned_data["year"], "#checklist"))
    context = _pair_context(request, pair, checklist_form=form)
    return render(request, "villages/pairing/pair_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def checklist_unmark(request: HttpRequest, pk: int) -> HttpResponse:
    """Taking a tick back asks first."""
    user: Any = request.user
    item = get_scoped_or_404(PairChecklistItem, user, pk=pk)
    pair = _recording(request, item.pair_id)
    if request.method == "POST":
        run_and_report(
            request, lambda: services.checklist_unmark(actor=user, item=item), f"已撤销“{item.get_item_display()}”"
        )
        return redirect(_back(pair, item.year, "#checklist"))
    context = {
        "title": "撤销“五个一”事项",
        "what": f"{item.year}年“{item.get_item_display()}”的完成登记",
        "back": _back(pair, item.year),
    }
    return render(request, "villages/pairing/confirm.html", context)


@login_required
@require_POST
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = _recording(request, pk)
    members = list(pair.members.all())
    form = OutputForm(request.POST, units=[m.unit for m in members])
    if form.is_valid():
        data = dict(form.cleaned_data)
        unit_id = data.pop("unit")
        data["unit"] = next((m.unit for m in members if m.unit_id == unit_id), None)
        try:
            output = services.output_record(actor=user, pair=pair, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            text = rules.output_quantity_text(output.kind, output.quantity, output.measure)
            messages.success(request, f"已登记{output.label}{text}")
            return redirect(_back(pair, anchor="#outputs"))
    context = _pair_context(request, pair, output_form=form)
    return render(request, "villages/pairing/pair_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def output_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting an output asks first."""
    user: Any = request.user
    output = get_scoped_or_404(PairOutput, user, pk=pk)
    pair = _recording(request, output.pair_id)
    if request.method == "POST":
        run_and_report(request, lambda: services.output_delete(actor=user, output=output), "已删除该帮扶成效记录")
        return redirect(_back(pair, anchor="#outputs"))
    text = rules.output_quantity_text(output.kind, output.quantity, output.measure)
    context = {
        "title": "删除帮扶成效",
        "what": f"{output.occurred_on:%Y-%m-%d} {output.label}{text}",
        "back": _back(pair),
    }
    return render(request, "villages/pairing/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting an activity asks first."""
    user: Any = request.user
    activity = get_scoped_or_404(PairActivity, user, pk=pk)
    pair = _recording(request, activity.pair_id)
    if request.method == "POST":
        run_and_report(request, lambda: services.activity_delete(actor=user, activity=activity), "已删除该活动记录")
        return redirect(_back(pair, anchor="#activities"))
    what = f"{activity.held_on:%Y-%m-%d} {activity.get_kind_display()}:{activity.content}"
    return render(
        request, "villages/pairing/confirm.html", {"title": "删除活动记录", "what": what, "back": _back(pair)}
    )


def _deciding(request: HttpRequest, pk: int) -> VillagePair:
    pair = selectors.pair_detail(request.user, pk)
    if not can_approve(request.user, pair.village):
        raise PermissionDenied("结对由乡镇(街道)或县(区)委组织部调整")
    return pair


@login_required
@require_POST
def pair_add_unit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    pair = _deciding(request, pk)
    raw = request.POST.get("unit", "").strip()
    unit = selectors.unit_choices(user).filter(pk=int(raw)).first() if raw.isdigit() else None
    if unit is None:
        messages.error(request, "请选择要增加的结对单位")
    else:
        run_and_report(
            request, lambda: services.pair_add_unit(actor=user, pair=pair, unit=unit), f"已增加结对单位“{unit.name}”"
        )
    return redirect(_back(pair))


@login_required
@require_http_methods(["GET", "POST"])
def pair_remove_unit(request: HttpRequest, pk: int) -> HttpResponse:
    """Taking a unit out of a pair asks first."""
    user: Any = request.user
    member = get_scoped_or_404(PairUnit.objects.select_related("unit"), user, pk=pk)
    pair = _deciding(request, member.pair_id)
    if request.method == "POST":
        run_and_report(
            request, lambda: services.pair_remove_unit(actor=user, member=member), f"已将“{member.unit.name}”移出结对"
        )
        return redirect(_back(pair))
    what = f"将“{member.unit.name}”移出{pair.village.name}的结对"
    return render(
        request, "villages/pairing/confirm.html", {"title": "移出结对单位", "what": what, "back": _back(pair)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def pair_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Ending a pair asks first, with the reason."""
    user: Any = request.user
    pair = _deciding(request, pk)
    form = EndForm(request.POST or None, initial={"ended_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_end(actor=user, pair=pair, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已结束{pair.village.name}的结对")
            return redirect(_back(pair))
    return render(request, "villages/pairing/pair_end.html", {"form": form, "pair": pair})


# --- suggestions and gaps -----------------------------------------------------------------------------------


@login_required
@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """Unpaired villages with the units that suit their categories of the year."""
    user: Any = request.user
    _require_manager(user, "没有查看结对建议的权限")
    year = clock.today().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2099:
        year = int(raw)
    code = request.GET.get("org", "").strip()
    org = _org_of(user, code) if code else None
    rows = selectors.suggestions(user, year, org) if not code or org else []
    context = {
        "rows": rows,
        "year": year,
        "years": _years(),
        "org_code": code,
        "error": ORG_NOT_FOUND.format(code=code) if code and org is None else "",
        "can_pair": getattr(user, "role", None) != "branch_secretary",
    }
    return render(request, "villages/pairing/suggestions.html", context)


@login_required
@require_GET
def gaps(request: HttpRequest) -> HttpResponse:
    """Pairs of a year with "五个一" items not done, and which."""
    user: Any = request.user
    _require_manager(user, "没有查看“五个一”完成情况的权限")
    year = clock.today().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2099:
        year = int(raw)
    page = core_selectors.paginate(selectors.checklist_gaps(user, year), request.GET.get("page"))
    pairs = list(page.page.object_list)
    missing = selectors.missing_items(user, pairs, year)
    for pair in pairs:
        pair.missing = missing.get(pair.pk, [])
        pair.done_text = rules.five_one_text(pair.done)
    context = {"page": page, "pairs": pairs, "year": year, "years": _years()}
    return render(request, "villages/pairing/gaps.html", context)


urlpatterns: list[URLPattern] = [
    path("pairing/", pairing_home, name="pairing_home"),
    path("pairing/export.xlsx", pairing_export, name="pairing_export"),
    path("pairing/units/", unit_list, name="pairing_units"),
    path("pairing/units/export.xlsx", unit_export, name="pairing_unit_export"),
    path("pairing/units/new/", unit_create, name="pairing_unit_create"),
    path("pairing/units/<int:pk>/", unit_detail, name="pairing_unit"),
    path("pairing/units/<int:pk>/edit/", unit_edit, name="pairing_unit_edit"),
    path("pairing/units/<int:pk>/toggle/", unit_toggle, name="pairing_unit_toggle"),
    path("pairing/pairs/new/", pair_create, name="pairing_pair_create"),
    path("pairing/pairs/<int:pk>/", pair_detail, name="pairing_pair"),
    path("pairing/pairs/<int:pk>/end/", pair_end, name="pairing_pair_end"),
    path("pairing/pairs/<int:pk>/units/", pair_add_unit, name="pairing_pair_add_unit"),
    path("pairing/pairs/<int:pk>/activities/", activity_add, name="pairing_activity_add"),
    path("pairing/pairs/<int:pk>/checklist/", checklist_mark, name="pairing_checklist_mark"),
    path("pairing/pairs/<int:pk>/outputs/", output_add, name="pairing_output_add"),
    path("pairing/members/<int:pk>/remove/", pair_remove_unit, name="pairing_pair_remove_unit"),
    path("pairing/activities/<int:pk>/delete/", activity_delete, name="pairing_activity_delete"),
    path("pairing/checklist/<int:pk>/undo/", checklist_unmark, name="pairing_checklist_unmark"),
    path("pairing/outputs/<int:pk>/delete/", output_delete, name="pairing_output_delete"),
    path("pairing/suggestions/", suggestions, name="pairing_suggestions"),
    path("pairing/gaps/", gaps, name="pairing_gaps"),
]
