"""Pages of 组织关系转接: the list (both sides), letters inside, out of and into the deployment, one click to
accept, a member's transfer history, the roll audit (组织关系排查清理) and the county's letter validity."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from dangjian.core import clock
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, record_export, table_xlsx, xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.scoping import scoped
from dangjian.core.selectors import paginate, person_detail
from dangjian.core.views.common import export_org, is_filtered
from dangjian.members.forms.transfers import (
    TransferCancelForm,
    TransferInForm,
    TransferIssueForm,
    TransferOutForm,
    TransferReceiptForm,
    TransferRegisterForm,
    TransferRejectForm,
    TransferSettingForm,
    page_filter_form,
)
from dangjian.members.permissions import can_manage_members, can_set_county_rules
from dangjian.members.selectors import transfers as selectors
from dangjian.members.services import transfers as services

EXPORT_LIMIT = 50_000
ORG_NOT_BRANCH = "组织代码“{code}”不存在"


def may_manage(user: Any) -> bool:
    return services.can_audit_roll(user)


# --- the list, one transfer, a member's history -----------------------------------------------------------


@login_required
@require_GET
def transfer_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    filterset, transfers = selectors.transfer_list(user, request.GET, request=request, today=today)
    county, setting = selectors.setting_for_user(user)
    context = {
        "filter_form": style_filter_form(page_filter_form(filterset)),
        "page": paginate(transfers, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_issue": may_manage(user),
        "can_set": county is not None and can_set_county_rules(user, county),
        "setting": setting,
        "summary": selectors.pending_summary(user, today),
        "today": today,
    }
    return render(request, "members/transfers/list.html", context)


def _transfer_sheet(transfers: Any, title: str) -> Sheet:
    today = clock.today()
    return Sheet(
        title=title,
        caption=f"{title}(导出日期 {today:%Y-%m-%d})",
        headers=[
            "介绍信编号",
            "姓名",
            "转接类型",
            "转出党组织",
            "转入党组织",
            "转接原因",
            "开具日期",
            "有效期至",
            "办理期限",
            "经办人",
            "状态",
            "办结日期",
            "办理意见",
            "是否逾期",
        ],
        rows=(
            [
                t.letter_no,
                t.person_name,
                t.get_kind_display(),
                t.from_org.name if t.from_org else t.external_org_name,
                t.to_org.name if t.to_org else t.external_org_name,
                t.get_reason_display(),
                t.issued_on,
                t.valid_until,
                t.deadline,
                (t.owner.display_name or t.owner.username) if t.owner else "",
                t.get_status_display(),
                t.decided_on,
                t.decision_note,
                "逾期" if t.overdue else "",
            ]
            for t in transfers[:EXPORT_LIMIT]
        ),
    )


@login_required
@require_GET
def transfer_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_manage(user):
        raise PermissionDenied("没有导出组织关系转接记录的权限")
    today = clock.today()
    _filterset, transfers = selectors.transfer_list(user, request.GET, request=request, today=today)
    file_name = f"组织关系转接-{today:%Y%m%d}.xlsx"
    content = table_xlsx([_transfer_sheet(transfers, "组织关系转接")])
    record_export(
        actor=user,
        org=export_org(request),
        kind="transfers",
        rows=min(transfers.count(), EXPORT_LIMIT),
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_GET
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    transfer = selectors.transfer_detail(user, pk, clock.today())
    return render(request, "members/transfers/detail.html", _detail_context(user, transfer))


def _detail_context(user: Any, transfer: Any) -> dict[str, Any]:
    return {
        "transfer": transfer,
        "can_accept": services.can_accept(user, transfer),
        "can_reject": services.can_reject(user, transfer),
        "can_cancel": services.can_cancel(user, transfer),
        "can_receipt": services.can_confirm_receipt(user, transfer),
        "can_register": services.can_register(user, transfer),
        "today": clock.today(),
    }


@login_required
@require_GET
def person_transfers(request: HttpRequest, pk: int) -> HttpResponse:
    person, name, transfers = selectors.person_history(request.user, pk, clock.today())
    context = {"person": person, "name": name, "transfers": transfers}
    return render(request, "members/transfers/history.html", context)


# --- issuing ---------------------------------------------------------------------------------------------


PICK_TARGETS = {
    "internal": ("members:transfer_issue", "开具组织关系介绍信(系统内)"),
    "outgoing": ("members:transfer_out", "转出本系统"),
    "mobile": ("members:mobile_register", "登记流动党员"),
}


@login_required
@require_GET
def transfer_pick(request: HttpRequest) -> HttpResponse:
    """Step one of issuing a letter (or registering a mobile member): find the member by name."""
    user: Any = request.user
    if not may_manage(user):
        raise PermissionDenied("没有办理组织关系转接的权限")
    target = request.GET.get("for", "internal")
    if target not in PICK_TARGETS:
        target = "internal"
    url_name, title = PICK_TARGETS[target]
    search = request.GET.get("search", "").strip()
    context = {
        "title": title,
        "target": target,
        "target_url": reverse(url_name),
        "search": search,
        "page": paginate(selectors.people_to_pick(user, search), request.GET.get("page"), per_page=20),
    }
    return render(request, "members/transfers/pick.html", context)


def _person_from_query(request: HttpRequest) -> Any:
    pk = request.GET.get("person", "")
    if not pk.isdigit():
        return None
    return person_detail(request.user, pk)


def _owners(user: Any, org: Org) -> list[Any]:
    return [owner for owner in selectors.owners_for(user, org) if owner.pk != user.pk]


@login_required
def transfer_issue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    person = _person_from_query(request)
    if person is None:
        return redirect(f"{reverse('members:transfer_pick')}?for=internal")
    if not can_manage_members(user, person.org):
        raise PermissionDenied("没有为该党员开具组织关系介绍信的权限")
    form = TransferIssueForm(
        request.POST or None, owners=_owners(user, person.org), initial={"issued_on": clock.today()}
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["to_org_code"].strip()
        to_org = Org.objects.filter(code=code).first()
        if to_org is None:
            form.add_error("to_org_code", ORG_NOT_BRANCH.format(code=code))
        else:
            data = form.cleaned_data
            try:
                transfer = services.transfer_issue(
                    actor=user,
                    person=person,
                    to_org=to_org,
                    reason=data["reason"],
                    issued_on=data["issued_on"],
                    deadline=data.get("deadline"),
                    note=data.get("note", ""),
                    owner=form.owner_user(),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已开具组织关系介绍信{transfer.letter_no},待{to_org.name}接收")
                return redirect("members:transfer_detail", pk=transfer.pk)
    context = {"form": form, "person": person, "title": "开具组织关系介绍信(系统内转接)"}
    return render(request, "members/transfers/issue_form.html", context)


@login_required
def transfer_out(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    person = _person_from_query(request)
    if person is None:
        return redirect(f"{reverse('members:transfer_pick')}?for=outgoing")
    if not can_manage_members(user, person.org):
        raise PermissionDenied("没有为该党员开具组织关系介绍信的权限")
    form = TransferOutForm(request.POST or None, owners=_owners(user, person.org), initial={"issued_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            transfer = services.transfer_out_issue(
                actor=user,
                person=person,
                external_org_name=data["external_org_name"],
                reason=data["reason"],
                issued_on=data["issued_on"],
                across_provinces=data.get("across_provinces", False),
                letter_no=data.get("letter_no", ""),
                deadline=data.get("deadline"),
                note=data.get("note", ""),
                owner=form.owner_user(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已开具介绍信{transfer.letter_no};收到回执前,该党员仍由本支部管理")
            return redirect("members:transfer_detail", pk=transfer.pk)
    context = {"form": form, "person": person, "title": "组织关系转出本系统"}
    return render(request, "members/transfers/issue_form.html", context)


@login_required
def transfer_in(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_manage(user):
        raise PermissionDenied("没有登记转入介绍信的权限")
    initial = {"to_org_code": user.org.code if user.org else "", "issued_on": clock.today()}
    form = TransferInForm(request.POST or None, owners=_owners(user, user.org), initial=initial)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["to_org_code"].strip()
        to_org = scoped(Org, user).filter(code=code).first()
        if to_org is None:
            form.add_error("to_org_code", f"组织代码“{code}”不存在或不在您的管理范围内")
        else:
            data = form.cleaned_data
            try:
                transfer = services.transfer_in_record(
                    actor=user,
                    to_org=to_org,
                    person_name=data["person_name"],
                    external_org_name=data["external_org_name"],
                    letter_no=data["letter_no"],
                    issued_on=data["issued_on"],
                    valid_until=data["valid_until"],
                    reason=data["reason"],
                    across_provinces=data.get("across_provinces", False),
                    deadline=data.get("deadline"),
                    note=data.get("note", ""),
                    owner=form.owner_user(),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记转入介绍信{transfer.letter_no},接收时登记党员信息")
                return redirect("members:transfer_detail", pk=transfer.pk)
    context = {"form": form, "title": "登记从系统外转入的介绍信"}
    return render(request, "members/transfers/issue_form.html", context)


# --- deciding --------------------------------------------------------------------------------------------


def _transfer_or_404(request: HttpRequest, pk: int) -> Any:
    return selectors.transfer_detail(request.user, pk, clock.today())


@login_required
@require_POST
def transfer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """One click on the receiving side: the member moves to the receiving branch."""
    transfer = _transfer_or_404(request, pk)
    try:
        services.transfer_accept(actor=request.user, transfer=transfer)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"已接收{transfer.person_name}的组织关系,已编入{transfer.to_org.name}")
    return redirect("members:transfer_detail", pk=transfer.pk)


def _decision_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type,
    allowed: Any,
    denied: str,
    title: str,
    warning: str,
    act: Any,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    transfer = _transfer_or_404(request, pk)
    if not allowed(request.user, transfer):
        raise PermissionDenied(denied)
    form = form_class(request.POST or None, initial=initial or {})
    if request.method == "POST" and form.is_valid():
        try:
            message = act(transfer, form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, message)
            return redirect("members:transfer_detail", pk=transfer.pk)
    context = {"form": form, "transfer": transfer, "title": title, "warning": warning}
    return render(request, "members/transfers/decision.html", context)


@login_required
def transfer_reject(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Any, data: dict[str, Any]) -> str:
        services.transfer_reject(actor=request.user, transfer=transfer, reason=data["reason"])
        return f"已退回介绍信{transfer.letter_no}"

    return _decision_page(
        request,
        pk,
        form_class=TransferRejectForm,
        allowed=services.can_reject,
        denied="只有转入党组织可以退回待接收的介绍信",
        title="退回组织关系介绍信",
        warning="退回后党员仍在原党组织;组织关系转接不得无故拒收,请写明理由。",
        act=act,
    )


@login_required
def transfer_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Any, data: dict[str, Any]) -> str:
        services.transfer_cancel(actor=request.user, transfer=transfer, reason=data.get("reason", ""))
        return f"已撤销介绍信{transfer.letter_no}"

    return _decision_page(
        request,
        pk,
        form_class=TransferCancelForm,
        allowed=services.can_cancel,
        denied="只有开具(登记)介绍信的党组织可以撤销待办的介绍信",
        title="撤销组织关系介绍信",
        warning="撤销后该介绍信作废,党员仍在原党组织;撤销记入工作轨迹。",
        act=act,
    )


@login_required
def transfer_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    def act(transfer: Any, data: dict[str, Any]) -> str:
        services.transfer_receipt_confirm(actor=request.user, transfer=transfer, receipt_on=data["receipt_on"])
        return f"已确认回执,{transfer.person_name}已转出本系统并列入历史名册"

    return _decision_page(
        request,
        pk,
        form_class=TransferReceiptForm,
        allowed=services.can_confirm_receipt,
        denied="只有开具介绍信的党组织可以确认回执",
        title="确认回执",
        warning="确认回执后,该党员从本支部党员名册转出,列入历史名册(不删除)。",
        act=act,
        initial={"receipt_on": clock.today()},
    )


@login_required
def transfer_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept a letter from outside: the member's roster fields, then they are on the receiving branch's roll."""
    user: Any = request.user
    transfer = _transfer_or_404(request, pk)
    if not services.can_register(user, transfer):
        raise PermissionDenied("只有转入党组织可以接收待办的介绍信")
    form = TransferRegisterForm(request.POST or None, initial={"name": transfer.person_name})
    if request.method == "POST" and form.is_valid():
        try:
            person = services.transfer_in_register(actor=user, transfer=transfer, **form.person_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已接收{person.name}的组织关系,编入{transfer.to_org.name}")
            return redirect("core:person_detail", pk=person.pk)
    context = {"form": form, "transfer": transfer, "title": "接收转入党员,登记党员信息"}
    return render(request, "members/transfers/register_form.html", context)


# --- the roll audit ---------------------------------------------------------------------------------------


def _roll_kind(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in selectors.ROLL_KINDS else "no_branch"


@login_required
@require_GET
def roll_audit(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_manage(user):
        raise PermissionDenied("没有查看组织关系排查清理清单的权限")
    today = clock.today()
    kind = _roll_kind(request)
    filterset = selectors.RollPeopleFilter(request.GET or None, queryset=Person.objects.none(), request=request)
    items = selectors.roll_list(user, kind, request.GET, request=request, today=today)
    page = paginate(items, request.GET.get("page"))
    counts = selectors.roll_counts(user, request.GET, request=request, today=today)
    context = {
        "kind": kind,
        "kind_label": selectors.ROLL_KINDS[kind],
        "help": selectors.ROLL_HELP[kind],
        "tabs": [(key, label, counts[key]) for key, label in selectors.ROLL_KINDS.items()],
        "filter_form": style_filter_form(page_filter_form(filterset)),
        "page": page,
        "rows": selectors.roll_rows(kind, page.page.object_list),
        "filtered": any(request.GET.get(key, "").strip() for key in ("township", "org")),
    }
    return render(request, "members/transfers/roll_audit.html", context)


@login_required
@require_GET
def roll_audit_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_manage(user):
        raise PermissionDenied("没有导出组织关系排查清理清单的权限")
    today = clock.today()
    kind = _roll_kind(request)
    title = selectors.ROLL_KINDS[kind]
    items = selectors.roll_list(user, kind, request.GET, request=request, today=today)[:EXPORT_LIMIT]
    rows = selectors.roll_rows(kind, items)
    sheet = Sheet(
        title=title,
        caption=f"组织关系排查清理:{title}(导出日期 {today:%Y-%m-%d})",
        headers=["姓名", "所在(经办)党组织", "组织代码", "日期", "情况"],
        rows=(
            [r.person_name, r.org.name if r.org else "", r.org.code if r.org else "", r.since, r.detail] for r in rows
        ),
    )
    file_name = f"组织关系排查清理-{title}-{today:%Y%m%d}.xlsx"
    record_export(actor=user, org=export_org(request), kind=f"roll_audit:{kind}", rows=len(rows), file_name=file_name)
    return xlsx_response(table_xlsx([sheet]), file_name)


# --- the county's setting ---------------------------------------------------------------------------------


@login_required
def transfer_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county, setting = selectors.setting_for_user(user)
    if county is None:
        raise PermissionDenied("当前账号没有所属县(区)")
    may_set = can_set_county_rules(user, county)
    initial = {
        "letter_valid_months": setting.letter_valid_months,
        "letter_valid_months_across_provinces": setting.letter_valid_months_across_provinces,
    }
    form = TransferSettingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied("只有县(区)委组织部管理员可以修改组织关系转接设置")
        if form.is_valid():
            try:
                services.transfer_setting_save(actor=user, county=county, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存组织关系转接设置")
                return redirect("members:transfer_settings")
    context = {"form": form, "county": county, "may_set": may_set, "setting": setting}
    return render(request, "members/transfers/settings.html", context)


urlpatterns: list[URLPattern] = [
    path("transfers/", transfer_list, name="transfer_list"),
    path("transfers/export.xlsx", transfer_export, name="transfer_export"),
    path("transfers/pick/", transfer_pick, name="transfer_pick"),
    path("transfers/new/", transfer_issue, name="transfer_issue"),
    path("transfers/out/", transfer_out, name="transfer_out"),
    path("transfers/in/", transfer_in, name="transfer_in"),
    path("transfers/settings/", transfer_settings, name="transfer_settings"),
    path("transfers/roll-audit/", roll_audit, name="roll_audit"),
    path("transfers/roll-audit/export.xlsx", roll_audit_export, name="roll_audit_export"),
    path("transfers/<int:pk>/", transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/accept/", transfer_accept, name="transfer_accept"),
    path("transfers/<int:pk>/reject/", transfer_reject, name="transfer_reject"),
    path("transfers/<int:pk>/cancel/", transfer_cancel, name="transfer_cancel"),
    path("transfers/<int:pk>/receipt/", transfer_receipt, name="transfer_receipt"),
    path("transfers/<int:pk>/register/", transfer_register, name="transfer_register"),
    path("transfers/people/<int:pk>/", person_transfers, name="person_transfers"),
]
