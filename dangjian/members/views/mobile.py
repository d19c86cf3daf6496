"""Pages of 流动党员: the list with each member's report status and the soft alerts of the branch or township,
one member's page (situation reports and the five systems' records), registering, editing, the return."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from dangjian.core import clock
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, record_export, table_xlsx, xlsx_response
from dangjian.core.models import Org
from dangjian.core.selectors import paginate, person_detail
from dangjian.core.views.common import export_org, is_filtered
from dangjian.members import rules
from dangjian.members.forms.mobile import MobileForm, MobileRecordForm, MobileReportForm, MobileReturnForm
from dangjian.members.forms.transfers import page_filter_form
from dangjian.members.permissions import can_manage_members
from dangjian.members.selectors import mobile as selectors
from dangjian.members.services import mobile as services
from dangjian.members.views.transfers import may_manage

EXPORT_LIMIT = 50_000


def _host_org(form: Any) -> tuple[bool, Org | None]:
    """The host org named by its code (any org of the platform); (False, None) after an error on the field."""
    code = (form.cleaned_data.get("host_org_code") or "").strip()
    if not code:
        return True, None
    org = Org.objects.filter(code=code).first()
    if org is None:
        form.add_error("host_org_code", f"组织代码“{code}”不存在")
        return False, None
    return True, org


@login_required
@require_GET
def mobile_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    filterset, mobiles = selectors.mobile_list(user, request.GET, request=request)
    page = paginate(mobiles, request.GET.get("page"))
    found = selectors.alerts(user, request.GET, request=request, today=today)
    context = {
        "filter_form": style_filter_form(page_filter_form(filterset)),
        "page": page,
        "rows": selectors.with_schedule(page.page.object_list, today),
        "filtered": is_filtered(request),
        "alerts": found[: selectors.ALERT_PANEL_SIZE],
        "alert_count": len(found),
        "alert_summary": [(key, selectors.ALERT_KINDS[key], n) for key, n in selectors.alert_summary(found).items()],
        "can_register": may_manage(user),
        "today": today,
    }
    return render(request, "members/mobile/list.html", context)


@login_required
@require_GET
def mobile_alerts(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    found = selectors.alerts(user, request.GET, request=request, today=clock.today())
    filterset, _mobiles = selectors.mobile_list(user, request.GET, request=request)
    context = {
        "filter_form": style_filter_form(page_filter_form(filterset)),
        "page": paginate(found, request.GET.get("page")),
        "filtered": is_filtered(request),
    }
    return render(request, "members/mobile/alerts.html", context)


@login_required
@require_GET
def mobile_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not may_manage(user):
        raise PermissionDenied("没有导出流动党员名单的权限")
    today = clock.today()
    _filterset, mobiles = selectors.mobile_list(user, request.GET, request=request)
    rows = selectors.with_schedule(mobiles[:EXPORT_LIMIT], today)
    sheet = Sheet(
        title="流动党员",
        caption=f"流动党员名单(导出日期 {today:%Y-%m-%d})",
        headers=[
            "姓名",
            "所在党支部",
            "外出日期",
            "流入地",
            "现居住地址",
            "工作单位",
            "联系方式",
            "流入地党组织",
            "活动证编号",
            "活动证最近年检",
            "报告周期(月)",
            "最近报告日期",
            "下次应报告日期",
            "状态",
            "提醒",
        ],
        rows=(
            [
                m.person.name,
                m.org.name,
                m.left_on,
                m.destination,
                m.address,
                m.workplace,
                m.contact,
                m.host_org.name if m.host_org else m.host_org_name,
                m.certificate_no,
                m.certificate_checked_on,
                m.report_every_months,
                m.last_submitted,
                m.schedule.next_due,
                m.get_status_display(),
                ";".join(alert.message for alert in m.alerts),
            ]
            for m in rows
        ),
    )
    file_name = f"流动党员-{today:%Y%m%d}.xlsx"
    record_export(actor=user, org=export_org(request), kind="mobile", rows=len(rows), file_name=file_name)
    return xlsx_response(table_xlsx([sheet]), file_name)


@login_required
@require_GET
def mobile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    today = clock.today()
    mobile = selectors.with_schedule([selectors.mobile_detail(user, pk)], today)[0]
    context = {
        "mobile": mobile,
        "reports": list(selectors.reports_of(mobile)),
        "systems": selectors.records_by_system(mobile),
        "can_manage": services.can_manage_mobile(user, mobile),
        "away": mobile.status == "away",
        "today": today,
    }
    return render(request, "members/mobile/detail.html", context)


@login_required
def mobile_register(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    pk = request.GET.get("person", "")
    if not pk.isdigit():
        return redirect(f"{reverse('members:transfer_pick')}?for=mobile")
    person = person_detail(user, pk)
    if not can_manage_members(user, person.org):
        raise PermissionDenied("没有登记该党员为流动党员的权限")
    form = MobileForm(request.POST or None, initial={"contact": person.phone})
    if request.method == "POST" and form.is_valid():
        ok, host = _host_org(form)
        if ok:
            try:
                mobile = services.mobile_register(actor=user, person=person, host_org=host, **form.values())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记{person.name}为流动党员")
                return redirect("members:mobile_detail", pk=mobile.pk)
    context = {"form": form, "person": person, "title": "登记流动党员"}
    return render(request, "members/mobile/form.html", context)


def _managed(request: HttpRequest, pk: int, denied: str) -> Any:
    mobile = selectors.mobile_detail(request.user, pk)
    if not services.can_manage_mobile(request.user, mobile):
        raise PermissionDenied(denied)
    return mobile


@login_required
def mobile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mobile = _managed(request, pk, "没有修改该流动党员信息的权限")
    initial = {name: getattr(mobile, name) for name in services.MOBILE_EDITABLE if name != "host_org"}
    initial["host_org_code"] = mobile.host_org.code if mobile.host_org else ""
    form = MobileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, host = _host_org(form)
        if ok:
            changes = {name: value for name, value in form.values().items() if name in form.changed_data}
            if "host_org_code" in form.changed_data:
                changes["host_org"] = host
            try:
                if changes:
                    services.mobile_update(actor=request.user, mobile=mobile, **changes)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
                return redirect("members:mobile_detail", pk=mobile.pk)
    context = {
        "form": form,
        "person": mobile.person,
        "mobile": mobile,
        "title": f"修改流动党员信息:{mobile.person.name}",
    }
    return render(request, "members/mobile/form.html", context)


@login_required
def mobile_return(request: HttpRequest, pk: int) -> HttpResponse:
    mobile = _managed(request, pk, "没有办理该流动党员返回的权限")
    form = MobileReturnForm(request.POST or None, initial={"returned_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.mobile_return(actor=request.user, mobile=mobile, returned_on=form.cleaned_data["returned_on"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记{mobile.person.name}返回")
            return redirect("members:mobile_detail", pk=mobile.pk)
    context = {
        "form": form,
        "mobile": mobile,
        "title": "登记返回",
        "warning": f"确认{mobile.person.name}已返回?返回后不再提醒情况报告和活动证年检,已有记录保留。",
        "button": "确认返回",
    }
    return render(request, "members/mobile/small_form.html", context)


@login_required
def mobile_report_new(request: HttpRequest, pk: int) -> HttpResponse:
    mobile = _managed(request, pk, "没有记录该流动党员情况报告的权限")
    today = clock.today()
    last_due = getattr(mobile, "last_due", None)
    next_due = rules.next_report_due(
        left_on=mobile.left_on, every_months=mobile.report_every_months, last_due_on=last_due
    )
    form = MobileReportForm(request.POST or None, initial={"submitted_on": today})
    form.fields["due_on"].help_text = f"不填则为下一个应报告日期 {next_due:%Y-%m-%d}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mobile_report_submit(
                actor=request.user,
                mobile=mobile,
                submitted_on=data["submitted_on"],
                content=data["content"],
                due_on=data.get("due_on"),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记录情况报告")
            return redirect("members:mobile_detail", pk=mobile.pk)
    context = {"form": form, "mobile": mobile, "title": "记录情况报告", "button": "保存"}
    return render(request, "members/mobile/small_form.html", context)


@login_required
def mobile_record_new(request: HttpRequest, pk: int) -> HttpResponse:
    mobile = _managed(request, pk, "没有记录该流动党员管理工作的权限")
    system = request.GET.get("system", "")
    form = MobileRecordForm(request.POST or None, initial={"done_on": clock.today(), "system": system})
    if request.method == "POST" and form.is_valid():
        try:
            services.mobile_record_add(actor=request.user, mobile=mobile, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已添加记录")
            return redirect("members:mobile_detail", pk=mobile.pk)
    context = {"form": form, "mobile": mobile, "title": "添加管理记录(五项制度)", "button": "保存"}
    return render(request, "members/mobile/small_form.html", context)


urlpatterns: list[URLPattern] = [
    path("mobile/", mobile_list, name="mobile_list"),
    path("mobile/alerts/", mobile_alerts, name="mobile_alerts"),
    path("mobile/export.xlsx", mobile_export, name="mobile_export"),
    path("mobile/new/", mobile_register, name="mobile_register"),
    path("mobile/<int:pk>/", mobile_detail, name="mobile_detail"),
    path("mobile/<int:pk>/edit/", mobile_edit, name="mobile_edit"),
    path("mobile/<int:pk>/return/", mobile_return, name="mobile_return"),
    path("mobile/<int:pk>/reports/new/", mobile_report_new, name="mobile_report_new"),
    path("mobile/<int:pk>/records/new/", mobile_record_new, name="mobile_record_new"),
]
