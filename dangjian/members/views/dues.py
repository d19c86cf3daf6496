"""Pages of dues (党费): the monthly ledger of a branch, a member's year, profiles, payments, reductions, arrears
with the DUES-10 flag, the special check and the county's farmers' amount."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core.choices import OrgLevel
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.selectors import org_by_code, paginate
from dangjian.core.views.common import home_org, is_filtered, service_errors
from dangjian.members import rules
from dangjian.members.choices import ApprovalStatus
from dangjian.members.forms.dues import (
    DuesCheckForm,
    DuesDecideForm,
    DuesExcuseForm,
    DuesOpenMonthForm,
    DuesPaymentForm,
    DuesPaymentsForm,
    DuesProfileForm,
    DuesReductionForm,
    DuesSettingForm,
)
from dangjian.members.models import DuesSetting
from dangjian.members.permissions import can_approve, can_manage_members, can_set_county_rules
from dangjian.members.rules import Month
from dangjian.members.selectors import dues as selectors
from dangjian.members.services import dues as services

ORG_NOT_FOUND = "组织代码“{code}”不存在或不在您的管理范围内"


def _ledger_caption(org: Org | None, month: dt.date | None) -> str:
    where = org.name if org is not None else "全部"
    when = str(Month.of(month)) if month else "全部月份"
    return f"党费收缴台账:{where},{when}(导出日期 {clock.today():%Y-%m-%d})"


@login_required
@require_GET
def dues_ledger(request: HttpRequest) -> HttpResponse:
    """A branch's (or a township's) month: expected, paid, date, method, receipt per member, with the totals."""
    user: Any = request.user
    today = clock.today()
    params = request.GET.copy()
    if "month" not in params:
        params["month"] = f"{today:%Y-%m}"
    filterset, rows = selectors.ledger(user, params)
    month = filterset.form.cleaned_data.get("month") if filterset.is_valid() else None
    org = org_by_code(user, params.get("org", "")) or home_org(user)
    may_manage = org is not None and can_manage_members(user, org)
    if request.GET.get("export") == "xlsx":
        if org is None or not may_manage:
            raise PermissionDenied("没有导出党费台账的权限")
        _, content = services.dues_ledger_export(actor=user, org=org, rows=rows, caption=_ledger_caption(org, month))
        name = f"党费收缴台账-{org.name}-{month:%Y%m}.xlsx" if month else f"党费收缴台账-{org.name}.xlsx"
        return xlsx_response(content, name)
    form = style_filter_form(filterset.form)
    del form.fields["person"]  # the API's; a member's months are on their own page
    form.fields["unpaid"].label = "缴纳情况"
    unpaid = form.fields["unpaid"].widget
    unpaid.choices = [("", "全部"), ("true", "仅未缴清"), ("false", "仅已缴清")]
    unpaid.attrs["class"] = "form-select form-select-sm"
    context = {
        "filter_form": form,
        "page": paginate(rows, request.GET.get("page")),
        "totals": selectors.ledger_totals(rows),
        "month": month,
        "org": org,
        "can_manage": may_manage,
        "gaps": selectors.ledger_gaps(user, org, month) if may_manage and month else None,
        "lapsed": selectors.arrears(user, today=today, org=org, lapsed_only=True) if may_manage else [],
        "open_form": DuesOpenMonthForm(initial={"org_code": org.code if org else "", "month": month}),
        "month_open": month is not None and month <= today.replace(day=1),
        "filtered": is_filtered(request),
        "lapse_flag": rules.LAPSE_FLAG,
    }
    return render(request, "members/dues/ledger.html", context)


@login_required
@require_POST
def dues_open(request: HttpRequest) -> HttpResponse:
    """Open a month's ledger for an org's subtree; then back to that month's ledger."""
    user: Any = request.user
    form = DuesOpenMonthForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, ";".join(errors))
        return redirect("members:dues_ledger")
    org = org_by_code(user, form.cleaned_data["org_code"])
    if org is None:
        messages.error(request, ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        return redirect("members:dues_ledger")
    month = form.cleaned_data["month"]
    try:
        result = services.dues_month_open(actor=user, org=org, month=month)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        text = f"已建立{Month.of(month)}党费台账:新增{result.created}条"
        if result.existing:
            text += f",已有{result.existing}条未变"
        messages.success(request, text)
        if result.unassessed:
            names = "、".join(p.name for p in result.unassessed[:10])
            more = f"等{len(result.unassessed)}名" if len(result.unassessed) > 10 else ""
            messages.warning(request, f"{names}{more}党员未核定党费缴纳标准,未列入本月台账,请先设置缴纳标准")
    return redirect(f"{reverse('members:dues_ledger')}?{urlencode({'org': org.code, 'month': f'{month:%Y-%m}'})}")


@login_required
@require_GET
def dues_member(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's year: the profile, reductions, the twelve months and what is overdue."""
    user: Any = request.user
    person = selectors.person_for_dues(user, pk)
    today = clock.today()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 1950), today.year + 1)
    years = sorted(set(selectors.member_years(user, person)) | {today.year}, reverse=True)
    owed = selectors.arrears(user, today=today, person_id=person.pk)
    profile = selectors.profile_of(user, person)
    suggestion = rules.suggested_dues_kind(person.occupation)
    context = {
        "person": person,
        "profile": profile,
        "suggestion": suggestion,
        "year": year,
        "years": years,
        "lines": selectors.member_year(user, person, year),
        "reductions": selectors.person_reductions(user, person),
        "arrears": owed[0] if owed else None,
        "can_manage": can_manage_members(user, person.org),
        "current_month": today.replace(day=1),
    }
    return render(request, "members/dues/member.html", context)


def _require_manage(user: Any, org: Org, message: str) -> None:
    if not can_manage_members(user, org):
        raise PermissionDenied(message)


@login_required
@require_http_methods(["GET", "POST"])
def dues_profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = selectors.person_for_dues(user, pk)
    _require_manage(user, person.org, "没有设置该党员党费缴纳标准的权限")
    profile = selectors.profile_of(user, person)
    suggestion = rules.suggested_dues_kind(person.occupation)
    if profile is not None:
        initial = {"kind": profile.kind, "base": profile.base, "from_month": profile.from_month, "note": profile.note}
    else:
        initial = {"kind": suggestion or "", "from_month": clock.today().replace(day=1)}
    form = DuesProfileForm(request.POST or None, initial=initial, suggestion=suggestion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.dues_profile_save(
                actor=user,
                person=person,
                kind=data["kind"],
                base=data.get("base"),
                from_month=data["from_month"],
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, f"已设置{person.name}的党费缴纳标准:每月{saved.monthly}元")
            return redirect("members:dues_member", pk=person.pk)
    context = {
        "form": form,
        "person": person,
        "profile": profile,
        "farmer_monthly": selectors.farmer_monthly_of(person.county_id),
        "brackets": rules.EMPLOYED_BRACKETS,
    }
    return render(request, "members/dues/profile_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dues_pay(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one month's payment (DUES-08 extra, DUES-09 at most 6 months late)."""
    user: Any = request.user
    record = selectors.record_detail(user, pk)
    _require_manage(user, record.org, "没有登记该党员党费的权限")
    initial = {
        "paid": record.paid if record.paid else record.expected,
        "extra": record.extra,
        "paid_on": record.paid_on or clock.today(),
        "method": record.method,
        "receipt_no": record.receipt_no,
        "note": record.note,
    }
    form = DuesPaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.dues_payment_record(
                actor=user,
                record=record,
                paid=data["paid"],
                paid_on=data["paid_on"],
                method=data["method"],
                receipt_no=data.get("receipt_no", ""),
                extra=data.get("extra") or 0,
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, f"已登记{record.person.name}{Month.of(record.month)}的党费:实缴{saved.paid}元")
            if saved.extra_passed_up:
                messages.warning(request, f"自愿多交{saved.extra}元,一次1000元以上,应全额上缴(中组发〔2008〕3号)")
            return redirect("members:dues_member", pk=record.person_id)
    return render(request, "members/dues/payment_form.html", {"form": form, "record": record})


@login_required
@require_http_methods(["GET", "POST"])
def dues_pay_months(request: HttpRequest, pk: int) -> HttpResponse:
    """Several months at once (quarterly or in advance, with the branch's consent)."""
    user: Any = request.user
    person = selectors.person_for_dues(user, pk)
    _require_manage(user, person.org, "没有登记该党员党费的权限")
    this_month = clock.today().replace(day=1)
    initial = {"from_month": this_month, "to_month": Month.of(this_month).plus(2), "paid_on": clock.today()}
    initial["to_month"] = rules.month_first_day(initial["to_month"])
    form = DuesPaymentsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        months = [
            rules.month_first_day(m)
            for m in rules.months_between(Month.of(data["from_month"]), Month.of(data["to_month"]))
        ]
        try:
            saved = services.dues_payments_record(
                actor=user,
                person=person,
                months=months,
                paid_on=data["paid_on"],
                method=data["method"],
                receipt_no=data.get("receipt_no", ""),
                note=data.get("note", ""),
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            total = sum(record.paid for record in saved)
            messages.success(request, f"已登记{person.name}{len(saved)}个月的党费,共{total}元")
            return redirect("members:dues_member", pk=person.pk)
    return render(request, "members/dues/payments_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def dues_excuse(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    record = selectors.record_detail(user, pk)
    _require_manage(user, record.org, "没有登记该党员党费的权限")
    form = DuesExcuseForm(request.POST or None, initial={"reason": record.excuse_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.dues_excuse(actor=user, record=record, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, f"已登记{record.person.name}{Month.of(record.month)}未缴党费的理由")
            return redirect("members:dues_member", pk=record.person_id)
    return render(request, "members/dues/excuse_form.html", {"form": form, "record": record})


@login_required
@require_GET
def dues_profiles(request: HttpRequest) -> HttpResponse:
    filterset, rows = selectors.profiles(request.user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": paginate(rows, request.GET.get("page")),
        "filtered": is_filtered(request),
    }
    return render(request, "members/dues/profiles.html", context)


@login_required
@require_GET
def dues_reductions(request: HttpRequest) -> HttpResponse:
    """Reductions and waivers; the committee above sees what waits for its approval."""
    user: Any = request.user
    filterset, rows = selectors.reductions(user, request.GET)
    page = paginate(rows, request.GET.get("page"))
    for reduction in page.page.object_list:
        reduction.may_decide = reduction.status == ApprovalStatus.PENDING and can_approve(
            user, selectors.reduction_org(reduction)
        )
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
    }
    return render(request, "members/dues/reductions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dues_reduction_new(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = selectors.person_for_dues(user, pk)
    _require_manage(user, person.org, "没有为该党员提出党费减免的权限")
    this_month = clock.today().replace(day=1)
    initial = {"from_month": this_month, "to_month": this_month.replace(month=12), "branch_decided_on": clock.today()}
    form = DuesReductionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reduction = services.dues_reduction_request(
                actor=user,
                person=person,
                kind=data["kind"],
                monthly=data.get("monthly"),
                from_month=data["from_month"],
                to_month=data["to_month"],
                reason=data["reason"],
                branch_decided_on=data["branch_decided_on"],
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            if reduction.status == ApprovalStatus.APPROVED:
                messages.success(request, f"离退休党员生活困难,由党支部决定:{person.name}的党费减免已生效")
            else:
                messages.success(request, f"已提出{person.name}的党费减免,待上级党委审批")
            return redirect("members:dues_member", pk=person.pk)
    profile = selectors.profile_of(user, person)
    context = {"form": form, "person": person, "profile": profile}
    return render(request, "members/dues/reduction_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def dues_reduction_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    reduction = selectors.reduction_detail(user, pk)
    if not can_approve(user, selectors.reduction_org(reduction)):
        raise PermissionDenied("党费减免须由上级党委审批,党支部不能自行批准")
    form = DuesDecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.dues_reduction_decide(
                actor=user, reduction=reduction, approve=approve, note=form.cleaned_data.get("note", "")
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, f"已{'批准' if approve else '不批准'}{reduction.person.name}的党费减免")
            return redirect("members:dues_reductions")
    return render(request, "members/dues/reduction_decide.html", {"form": form, "reduction": reduction})


@login_required
@require_GET
def dues_arrears(request: HttpRequest) -> HttpResponse:
    """Members with overdue months; 6 consecutive months without good reason are flagged (DUES-10, ORG-10)."""
    user: Any = request.user
    today = clock.today()
    code = request.GET.get("org", "").strip()
    org = org_by_code(user, code) if code else None
    search = request.GET.get("search", "").strip()
    lapsed_only = request.GET.get("lapsed") == "1"
    rows = (
        []
        if code and org is None
        else selectors.arrears(user, today=today, org=org, search=search, lapsed_only=lapsed_only)
    )
    context = {
        "page": paginate(rows, request.GET.get("page")),
        "org_code": code,
        "search": search,
        "lapsed_only": lapsed_only,
        "lapsed_total": sum(1 for row in rows if row.lapsed),
        "overdue_through": rules.overdue_through(today),
        "filtered": bool(code or search or lapsed_only),
        "lapse_flag": rules.LAPSE_FLAG,
    }
    return render(request, "members/dues/arrears.html", context)


@login_required
@require_GET
def dues_check(request: HttpRequest) -> HttpResponse:
    """党费收缴专项检查: choose the org and the period; the page shows the figures, the download the workbook."""
    user: Any = request.user
    today = clock.today()
    home = home_org(user)
    if home is None or not can_manage_members(user, home):
        raise PermissionDenied("没有进行党费专项检查的权限")
    initial = {"org_code": home.code, "from_month": today.replace(month=1, day=1), "to_month": today.replace(day=1)}
    form = DuesCheckForm(request.GET or None, initial=initial)
    check = None
    if request.GET and form.is_valid():
        org = org_by_code(user, form.cleaned_data["org_code"])
        first, last = form.cleaned_data["from_month"], form.cleaned_data["to_month"]
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        elif problem := rules.check_period_problem(Month.of(first), Month.of(last)):
            form.add_error("to_month", problem)
        elif request.GET.get("download") == "xlsx":
            try:
                _, content = services.dues_special_check_export(actor=user, org=org, first=first, last=last)
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                return xlsx_response(content, services.special_check_file_name(org, first, last))
        else:
            check = selectors.special_check(user, org, Month.of(first), Month.of(last), today=today)
    return render(request, "members/dues/check.html", {"form": form, "check": check})


@login_required
@require_http_methods(["GET", "POST"])
def dues_settings(request: HttpRequest) -> HttpResponse:
    """The county's farmers' monthly dues (DUES-04: 0.2–1.0 元, the county sets it)."""
    user: Any = request.user
    home = home_org(user)
    county = home if home is not None and home.level == OrgLevel.COUNTY else (home.county if home else None)
    if county is None:
        raise PermissionDenied("没有所属县(区)")
    setting = DuesSetting.objects.filter(county=county).first()
    current = setting.farmer_monthly if setting else rules.FIXED_MONTHLY
    may_set = can_set_county_rules(user, county)
    form = DuesSettingForm(request.POST or None, initial={"farmer_monthly": current})
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied("只有县(区)委组织部管理员可以修改党费设置")
        if form.is_valid():
            try:
                services.dues_setting_save(
                    actor=user, county=county, farmer_monthly=form.cleaned_data["farmer_monthly"]
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(
                    request, f"已设置{county.name}农民党员每月党费为{form.cleaned_data['farmer_monthly']}元"
                )
                return redirect("members:dues_settings")
    context = {"form": form, "county": county, "current": current, "may_set": may_set, "setting": setting}
    return render(request, "members/dues/settings.html", context)


urlpatterns: list[URLPattern] = [
    path("dues/", dues_ledger, name="dues_ledger"),
    path("dues/open/", dues_open, name="dues_open"),
    path("dues/people/<int:pk>/", dues_member, name="dues_member"),
    path("dues/people/<int:pk>/profile/", dues_profile_edit, name="dues_profile_edit"),
    path("dues/people/<int:pk>/pay/", dues_pay_months, name="dues_pay_months"),
    path("dues/people/<int:pk>/reductions/new/", dues_reduction_new, name="dues_reduction_new"),
    path("dues/records/<int:pk>/pay/", dues_pay, name="dues_pay"),
    path("dues/records/<int:pk>/excuse/", dues_excuse, name="dues_excuse"),
    path("dues/profiles/", dues_profiles, name="dues_profiles"),
    path("dues/reductions/", dues_reductions, name="dues_reductions"),
    path("dues/reductions/<int:pk>/decide/", dues_reduction_decide, name="dues_reduction_decide"),
    path("dues/arrears/", dues_arrears, name="dues_arrears"),
    path("dues/check/", dues_check, name="dues_check"),
    path("dues/settings/", dues_settings, name="dues_settings"),
]
