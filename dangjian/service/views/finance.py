"""Pages of 村财镇管: the expenditures (filters, search, export, figures), an expenditure's page with its
signatures and the sign / refuse / pay / return actions, the forms, the county's limit, and the 三资 registers
(funds, assets, resources, contracts) with their totals and exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.core.views.common import (
    ORG_NOT_FOUND,
    export_org,
    home_county,
    home_org,
    is_filtered,
    manages_own_org,
    org_from_code,
    require_manager,
)
from dangjian.service.choices import ExpenseStatus
from dangjian.service.forms.finance import (
    AssetForm,
    BalanceForm,
    ContractForm,
    ExpenditureForm,
    FundAccountForm,
    PayForm,
    PaymentForm,
    PolicyForm,
    ReasonForm,
    ResourceForm,
)
from dangjian.service.models import Asset, Decision, FundAccount, LeaseContract, Resource
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.service.selectors import finance as selectors
from dangjian.service.services import finance as services


def _back(expenditure: Any) -> str:
    return reverse("service:finance_detail", kwargs={"pk": expenditure.pk})


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    """The figures' period: the list's `since`/`until` when given, else this year to today."""
    today = clock.today()
    since, until = dt.date(today.year, 1, 1), today
    for key in ("since", "until"):
        raw = request.GET.get(key, "").strip()
        if raw:
            try:
                value = dt.date.fromisoformat(raw)
            except ValueError:
                continue
            since, until = (value, until) if key == "since" else (since, value)
    return since, until


def _decisions_for(org: Org | None, user: Any) -> list[Decision]:
    """The resolved decisions an expenditure may cite: the place's when known, else those in the user's scope."""
    if org is not None:
        return list(services.resolved_decisions(org).select_related("org").order_by("-resolved_on", "-id")[:200])
    return list(
        scoped(Decision, user).filter(resolved_on__isnull=False).select_related("org").order_by("-resolved_on")[:200]
    )


# --- list, figures and export -------------------------------------------------------------------------------


@login_required
@require_GET
def finance_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    manager = manages_own_org(user)
    signable = list(selectors.signable(user).order_by("spent_on", "id")[:100])
    if not manager:
        if not signable and not selectors.signer_orgs(user):
            raise PermissionDenied("没有查看村级财务的权限")
        return render(request, "service/finance/signable.html", {"rows": signable})
    filterset, rows = selectors.expenditure_list(user, request.GET)
    since, until = _period(request)
    county = home_county(user)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(rows, request.GET.get("page")),
        "filtered": is_filtered(request),
        "figures": selectors.finance_figures(filterset.qs, since, until),
        "limit": services.policy_for(county.pk if county else None).decision_limit,
        "signable": signable,
        "payable": selectors.waiting_payment(user).count(),
        "can_enter": user.org is not None and user.org.level == "grassroots",
    }
    return render(request, "service/finance/list.html", context)


@login_required
@require_GET
def finance_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出村级财务支出的权限")
    _, rows = selectors.expenditure_list(user, request.GET)
    org = export_org(request) or home_org(user)
    file_name = f"村级财务支出-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    content = services.expenditures_export(actor=user, org=org, rows=rows, file_name=file_name)
    return xlsx_response(content, file_name)


# --- an expenditure -----------------------------------------------------------------------------------------


@login_required
@require_GET
def finance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    expenditure = selectors.visible_expenditure(user, pk)
    role, sign_problem = services.sign_problem(user, expenditure)
    manager = can_manage_village(user, expenditure.org)
    approver = can_approve(user, expenditure.org)
    signatures = selectors.signatures_of(expenditure)
    active = {s.role for s in signatures if s.cleared_at is None and s.verdict == "approve"}
    context = {
        "e": expenditure,
        "signatures": signatures,
        "sign_role": role,
        "sign_problem": sign_problem if expenditure.status == ExpenseStatus.SIGNING else None,
        "missing": services.rules.missing_signatures(active),
        "manager": manager,
        "editable": manager and expenditure.status != ExpenseStatus.PAID,
        "resubmit": manager and expenditure.status == ExpenseStatus.RETURNED,
        "deletable": manager and expenditure.status != ExpenseStatus.PAID and not signatures,
        "can_pay": approver and expenditure.status in (ExpenseStatus.SIGNING, ExpenseStatus.PAYABLE),
        "can_return": approver and expenditure.status in (ExpenseStatus.SIGNING, ExpenseStatus.PAYABLE),
        "used": services.decision_used(expenditure.decision) if expenditure.decision_id else None,
    }
    return render(request, "service/finance/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def finance_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有登记村级财务支出的权限")
    bound = request.method == "POST"
    form = ExpenditureForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        decisions=_decisions_for(own if own.level == "grassroots" else None, user),
        limit=services.limit_for(own),
        initial={"org_code": own.code, "spent_on": clock.today()},
    )
    if bound and form.is_valid():
        data = dict(form.cleaned_data)
        org = org_from_code(user, data.pop("org_code"))
        decision_id = data.pop("decision")
        decision = scoped(Decision, user).filter(pk=decision_id).first() if decision_id else None
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        else:
            try:
                expenditure = services.expenditure_create(actor=user, org=org, decision=decision, **data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记支出“{expenditure.purpose}”,待书记、主任审签")
                return redirect(_back(expenditure))
    return render(request, "service/finance/form.html", {"form": form, "title": "登记支出", "multipart": True})


@login_required
@require_http_methods(["GET", "POST"])
def finance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    expenditure = selectors.expenditure_detail(user, pk)
    if not can_manage_village(user, expenditure.org):
        raise PermissionDenied("没有修改该支出的权限")
    initial = {name: getattr(expenditure, name) for name in services.EXPENDITURE_FIELDS if name != "decision"}
    initial["decision"] = expenditure.decision_id
    bound = request.method == "POST"
    form = ExpenditureForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        decisions=_decisions_for(expenditure.org, user),
        limit=services.limit_for(expenditure.org),
        with_org=False,
        initial=initial,
    )
    if bound and form.is_valid():
        changes = {n: form.cleaned_data[n] for n in form.changed_data if n in services.EXPENDITURE_FIELDS}
        if "decision" in changes:
            pid = changes["decision"]
            changes["decision"] = scoped(Decision, user).filter(pk=pid).first() if pid else None
        try:
            services.expenditure_update(
                actor=user, expenditure=expenditure, voucher=form.cleaned_data.get("voucher"), **changes
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改;已有的签字作废,须重新审签" if changes else "没有需要保存的修改")
            return redirect(_back(expenditure))
    context = {"form": form, "title": "修改支出", "e": expenditure, "multipart": True}
    return render(request, "service/finance/form.html", context)


def _confirm(
    request: HttpRequest, expenditure: Any, action: Any, success: str, title: str, text: str, form: Any = None
) -> HttpResponse:
    """A confirmation page (GET) and the action (POST)."""
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            action(form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, ";".join(exc.messages))
                return redirect(_back(expenditure))
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(_back(expenditure) if expenditure.pk else reverse("service:finance_home"))
    context = {"e": expenditure, "title": title, "text": text, "form": form}
    return render(request, "service/finance/confirm.html", context)


def _summary(e: Any) -> str:
    return f"{e.org.name} {e.spent_on:%Y-%m-%d} “{e.purpose}” {e.amount}元"


@login_required
@require_http_methods(["GET", "POST"])
def finance_sign(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = selectors.visible_expenditure(request.user, pk)
    role, problem = services.sign_problem(request.user, expenditure)
    if problem and request.method == "GET":
        messages.error(request, problem)
        return redirect(_back(expenditure))
    label = dict(services.rules.SIGN_LABELS).get(role or "", "")
    return _confirm(
        request,
        expenditure,
        lambda data: services.expenditure_sign(actor=request.user, expenditure=expenditure),
        "已签字(同意)",
        "审签同意",
        f"确认以{label}身份{'代主任' if role == 'acting_director' else ''}签字同意:{_summary(expenditure)}?",
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance_reject(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = selectors.visible_expenditure(request.user, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "不同意的理由"
    return _confirm(
        request,
        expenditure,
        lambda data: services.expenditure_reject(actor=request.user, expenditure=expenditure, reason=data["reason"]),
        "已签署不同意,支出退回村(社区)修改",
        "不同意",
        f"不同意后支出退回村(社区)修改,已有签字作废:{_summary(expenditure)}",
        form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance_pay(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = selectors.expenditure_detail(request.user, pk)
    if not can_approve(request.user, expenditure.org):
        raise PermissionDenied("只有乡镇(街道)可以支付村级财务支出")
    form = PayForm(request.POST or None, initial={"paid_on": clock.today()})
    return _confirm(
        request,
        expenditure,
        lambda data: services.expenditure_pay(actor=request.user, expenditure=expenditure, **data),
        "已支付",
        "支付",
        f"确认支付:{_summary(expenditure)}",
        form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance_return(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = selectors.expenditure_detail(request.user, pk)
    if not can_approve(request.user, expenditure.org):
        raise PermissionDenied("只有乡镇(街道)可以退回村级财务支出")
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = "退回原因"
    return _confirm(
        request,
        expenditure,
        lambda data: services.expenditure_return(actor=request.user, expenditure=expenditure, reason=data["reason"]),
        "已退回村(社区)",
        "退回",
        f"退回后村(社区)修改并重新审签:{_summary(expenditure)}",
        form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = selectors.expenditure_detail(request.user, pk)
    if not can_manage_village(request.user, expenditure.org):
        raise PermissionDenied("没有提交该支出的权限")
    return _confirm(
        request,
        expenditure,
        lambda data: services.expenditure_resubmit(actor=request.user, expenditure=expenditure),
        "已重新提交审签",
        "重新提交审签",
        f"确认不作修改重新提交书记、主任审签:{_summary(expenditure)}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def finance_delete(request: HttpRequest, pk: int) -> HttpResponse:
    expenditure = selectors.expenditure_detail(request.user, pk)
    if not can_manage_village(request.user, expenditure.org):
        raise PermissionDenied("没有删除该支出的权限")

    def delete(data: dict[str, Any]) -> None:
        services.expenditure_delete(actor=request.user, expenditure=expenditure)
        expenditure.pk = None

    return _confirm(request, expenditure, delete, "已删除支出", "删除", f"确认删除:{_summary(expenditure)}?")


@login_required
@require_http_methods(["GET", "POST"])
def finance_policy(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有查看村财镇管设置的权限")
    county = home_county(user)
    policy = services.policy_for(county.pk if county else None)
    editable = county is not None and can_set_county_rules(user, county)
    form = PolicyForm(request.POST or None, initial={"decision_limit": policy.decision_limit})
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        if form.is_valid():
            try:
                services.policy_update(actor=user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存村财镇管限额")
                return redirect("service:finance_policy")
    context = {"form": form, "policy": policy, "editable": editable, "county": county}
    return render(request, "service/finance/policy.html", context)


# --- 三资 registers -----------------------------------------------------------------------------------------


def _tab(request: HttpRequest) -> str:
    tab = request.GET.get("tab", "assets")
    return tab if tab in selectors.TABS else "assets"


def _register_rows(tab: str, rows: list[Any], today: dt.date) -> list[list[Any]]:
    if tab == "funds":
        return [
            [
                a.org.name,
                a.name,
                a.get_kind_display(),
                a.bank,
                f"{a.latest_month:%Y-%m}" if a.latest_month else "",
                a.latest_balance,
            ]
            for a in rows
        ]
    if tab == "resources":
        return [[r.org.name, r.name, r.get_kind_display(), r.area_mu, r.location, r.get_status_display()] for r in rows]
    if tab == "contracts":
        return [
            [c.org.name, c.code, str(c.subject), c.lessee, c.starts_on, c.ends_on, c.annual_rent, c.received, c.flags]
            for c in selectors.flag_contracts(rows, today)
        ]
    return [
        [a.org.name, a.name, a.get_kind_display(), a.acquired_on, a.original_value, a.location, a.get_status_display()]
        for a in rows
    ]


@login_required
@require_GET
def asset_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有查看三资台账的权限")
    tab = _tab(request)
    today = clock.today()
    filterset, rows = selectors.register_list(user, tab, request.GET)
    page = core_selectors.paginate(rows, request.GET.get("page"))
    if tab == "contracts":
        selectors.flag_contracts(list(page.page.object_list), today)
    org_code = request.GET.get("org", "").strip()
    org = scoped(Org, user).filter(code=org_code).first() if org_code else None
    form = style_filter_form(filterset.form)
    context = {
        "tab": tab,
        "tabs": [(t, services.REGISTER_TITLES[t]) for t in selectors.TABS],
        "filter_form": form,
        "page": page,
        "filtered": is_filtered(request, "tab"),
        "totals": selectors.asset_totals(user, org, today),
        "can_enter": user.org is not None and user.org.level == "grassroots",
    }
    return render(request, "service/finance/assets.html", context)


@login_required
@require_GET
def asset_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    require_manager(user, "没有导出三资台账的权限")
    tab = _tab(request)
    _, rows = selectors.register_list(user, tab, request.GET)
    org = export_org(request) or home_org(user)
    title = services.REGISTER_TITLES[tab]
    file_name = f"三资台账-{title}-{org.name if org else ''}-{clock.today():%Y%m%d}.xlsx"
    data = _register_rows(tab, list(rows[:50000]), clock.today())
    content = services.register_export(actor=user, org=org, tab=tab, rows=data, file_name=file_name)
    return xlsx_response(content, file_name)


def _register_form(
    request: HttpRequest, form: Any, title: str, save: Any, success: str, tab: str, *, with_org: bool = True
) -> HttpResponse:
    """Create or edit a register row: the org by its code when the form has one."""
    user: Any = request.user
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        org = None
        if with_org:
            org = org_from_code(user, data.pop("org_code"))
            if org is None:
                form.add_error("org_code", ORG_NOT_FOUND.format(code=form.cleaned_data["org_code"]))
        if not with_org or org is not None:
            try:
                save(org, data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, success)
                return redirect(f"{reverse('service:asset_list')}?tab={tab}")
    context = {"form": form, "title": title, "tab": tab}
    return render(request, "service/finance/register_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def fund_create(request: HttpRequest) -> HttpResponse:
    own = require_manager(request.user, "没有管理三资台账的权限")
    form = FundAccountForm(request.POST or None, initial={"org_code": own.code})
    return _register_form(
        request,
        form,
        "新增资金账户",
        lambda org, data: services.fund_account_create(actor=request.user, org=org, **data),
        "已新增资金账户",
        "funds",
    )


@login_required
@require_http_methods(["GET", "POST"])
def fund_balance(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_scoped_or_404(FundAccount.objects.select_related("org"), request.user, pk=pk)
    form = BalanceForm(request.POST or None, initial={"month": clock.today().replace(day=1)})
    return _register_form(
        request,
        form,
        f"登记月末余额:{account.org.name} {account.name}",
        lambda org, data: services.fund_balance_record(actor=request.user, account=account, **data),
        "已登记月末余额",
        "funds",
        with_org=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_create(request: HttpRequest) -> HttpResponse:
    own = require_manager(request.user, "没有管理三资台账的权限")
    form = AssetForm(request.POST or None, initial={"org_code": own.code})
    return _register_form(
        request,
        form,
        "新增资产",
        lambda org, data: services.asset_create(actor=request.user, org=org, **data),
        "已新增资产",
        "assets",
    )


@login_required
@require_http_methods(["GET", "POST"])
def asset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    asset = get_scoped_or_404(Asset.objects.select_related("org"), request.user, pk=pk)
    initial = {f: getattr(asset, f) for f in services.ASSET_FIELDS}
    form = AssetForm(request.POST or None, initial=initial, with_org=False)
    return _register_form(
        request,
        form,
        f"修改资产:{asset.name}",
        lambda org, data: services.asset_update(
            actor=request.user, asset=asset, **{k: data[k] for k in form.changed_data if k in data}
        ),
        "已保存资产",
        "assets",
        with_org=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_create(request: HttpRequest) -> HttpResponse:
    own = require_manager(request.user, "没有管理三资台账的权限")
    form = ResourceForm(request.POST or None, initial={"org_code": own.code})
    return _register_form(
        request,
        form,
        "新增资源",
        lambda org, data: services.resource_create(actor=request.user, org=org, **data),
        "已新增资源",
        "resources",
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = get_scoped_or_404(Resource.objects.select_related("org"), request.user, pk=pk)
    initial = {f: getattr(resource, f) for f in services.RESOURCE_FIELDS}
    form = ResourceForm(request.POST or None, initial=initial, with_org=False)
    return _register_form(
        request,
        form,
        f"修改资源:{resource.name}",
        lambda org, data: services.resource_update(
            actor=request.user, resource=resource, **{k: data[k] for k in form.changed_data if k in data}
        ),
        "已保存资源",
        "resources",
        with_org=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    own = require_manager(user, "没有管理三资台账的权限")
    org = own
    code = (request.GET.get("org") or "").strip()
    if code:
        org = org_from_code(user, code) or own
    subjects = [(f"asset:{a.pk}", f"资产:{a.name}") for a in Asset.objects.filter(org=org).exclude(status="disposed")]
    subjects += [(f"resource:{r.pk}", f"资源:{r.name}({r.area_mu}亩)") for r in Resource.objects.filter(org=org)]
    form = ContractForm(request.POST or None, subjects=subjects)

    def save(_: Any, data: dict[str, Any]) -> None:
        kind, _, pk = data.pop("subject").partition(":")
        asset = Asset.objects.filter(org=org, pk=pk).first() if kind == "asset" else None
        resource = Resource.objects.filter(org=org, pk=pk).first() if kind == "resource" else None
        services.contract_create(actor=user, org=org, asset=asset, resource=resource, **data)

    return _register_form(request, form, f"新增合同:{org.name}", save, "已新增合同", "contracts", with_org=False)


@login_required
@require_http_methods(["GET", "POST"])
def contract_payment(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_scoped_or_404(LeaseContract.objects.select_related("org"), request.user, pk=pk)
    form = PaymentForm(request.POST or None, initial={"received_on": clock.today()})
    return _register_form(
        request,
        form,
        f"登记收取租金:合同{contract.code}",
        lambda org, data: services.payment_record(actor=request.user, contract=contract, **data),
        "已登记收取租金",
        "contracts",
        with_org=False,
    )


urlpatterns: list[URLPattern] = [
    path("finance/", finance_home, name="finance_home"),
    path("finance/export.xlsx", finance_export, name="finance_export"),
    path("finance/new/", finance_create, name="finance_create"),
    path("finance/policy/", finance_policy, name="finance_policy"),
    path("finance/<int:pk>/", finance_detail, name="finance_detail"),
    path("finance/<int:pk>/edit/", finance_edit, name="finance_edit"),
    path("finance/<int:pk>/sign/", finance_sign, name="finance_sign"),
    path("finance/<int:pk>/reject/", finance_reject, name="finance_reject"),
    path("finance/<int:pk>/pay/", finance_pay, name="finance_pay"),
    path("finance/<int:pk>/return/", finance_return, name="finance_return"),
    path("finance/<int:pk>/resubmit/", finance_resubmit, name="finance_resubmit"),
    path("finance/<int:pk>/delete/", finance_delete, name="finance_delete"),
    path("assets/", asset_list, name="asset_list"),
    path("assets/export.xlsx", asset_export, name="asset_export"),
    path("assets/funds/new/", fund_create, name="finance_fund_create"),
    path("assets/funds/<int:pk>/balance/", fund_balance, name="finance_fund_balance"),
    path("assets/assets/new/", asset_create, name="finance_asset_create"),
    path("assets/assets/<int:pk>/edit/", asset_edit, name="finance_asset_edit"),
    path("assets/resources/new/", resource_create, name="finance_resource_create"),
    path("assets/resources/<int:pk>/edit/", resource_edit, name="finance_resource_edit"),
    path("assets/contracts/new/", contract_create, name="finance_contract_create"),
    path("assets/contracts/<int:pk>/payment/", contract_payment, name="finance_contract_payment"),
]
