"""Pages of 群众办事代办: the list (filters, search by receipt code or content, export), the counter intake, a request
with its handling steps, the township's queue, the figures, the county's deadlines; and the public pages: filing a
request at a place, the receipt (shown once to the browser that filed), and following it by receipt code."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import ADMIN_ROLES, OrgLevel
from dangjian.core.filters import parse_year
from dangjian.core.io.tables import too_many_rows, xlsx_response
from dangjian.core.models import Org
from dangjian.core.views.common import ORG_NOT_FOUND, export_org, home_org, is_filtered, org_from_code
from dangjian.service import public, rules
from dangjian.service.choices import RequestChannel, RequestStatus
from dangjian.service.forms.requests import (
    AcceptForm,
    DeadlineSettingsForm,
    FeedbackForm,
    FinishForm,
    IntakeForm,
    ProgressForm,
    PublicRequestForm,
    ReassignForm,
    ReturnForm,
    RevisitForm,
    TrackForm,
    style_filters,
)
from dangjian.service.models import ServiceRequest
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules
from dangjian.service.selectors import requests as selectors
from dangjian.service.selectors.common import public_place
from dangjian.service.services import requests as services

RECEIPT_SESSION_KEY = "service:request_receipt"
STEPS = ("accept", "progress", "finish", "return", "revisit", "reassign")


def _manager(user: Any) -> bool:
    org = getattr(user, "org", None)
    return org is not None and can_manage_village(user, org)


def _is_admin(user: Any) -> bool:
    return getattr(user, "role", None) in ADMIN_ROLES


def _county(user: Any) -> Org | None:
    org = home_org(user)
    if org is None:
        return None
    return org if org.level == OrgLevel.COUNTY else Org.objects.filter(pk=org.county_id).first()


def _filters(user: Any, params: Any, *, queue: bool = False) -> tuple[forms.Form, Any]:
    """The list's filter form and rows (the township's queue: only its escalated and overdue requests)."""
    filterset, rows = (selectors.queue if queue else selectors.request_list)(user, params)
    form = style_filters(filterset.form)
    towns = [("", "全部"), *((t.pk, t.name) for t in selectors.townships(user))]
    form.fields["township"].widget = forms.Select(choices=towns, attrs={"class": "form-select form-select-sm"})
    return form, rows


# --- staff pages --------------------------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form, rows = _filters(user, request.GET)
    context = {
        "filter_form": form,
        "page": core_selectors.paginate(rows, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_intake": _manager(user),
        "is_admin": _is_admin(user),
        "today": clock.today(),
    }
    return render(request, "service/requests/list.html", context)


@login_required
@require_GET
def request_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not _manager(user):
        raise PermissionDenied("没有导出群众办事的权限")
    queue = request.GET.get("queue") == "1"
    if queue and not _is_admin(user):
        raise PermissionDenied("只有乡镇(街道)和县委组织部可以查看待办队列")
    _, rows = (selectors.queue if queue else selectors.request_list)(user, request.GET)
    refusal = too_many_rows(rows.count())
    if refusal:
        messages.error(request, refusal)
        back = "service:request_queue" if queue else "service:request_list"
        return redirect(reverse(back) + "?" + request.GET.urlencode())
    org = export_org(request) or home_org(user)
    name = org.name if org else ""
    file_name = f"群众办事-{name}-{clock.today():%Y%m%d}.xlsx"
    content = services.requests_export(
        actor=user,
        org=org,
        rows=rows,
        towns=selectors.town_names(org.county_id if org else None),
        file_name=file_name,
        caption=f"{name} 群众办事代办登记",
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def request_intake(request: HttpRequest) -> HttpResponse:
    """A cadre files a request for a resident at the counter (or on the phone)."""
    user: Any = request.user
    if not _manager(user):
        raise PermissionDenied("没有登记群众办事的权限")
    own = user.org.code if user.org and user.org.level == OrgLevel.GRASSROOTS else ""
    form = IntakeForm(request.POST or None, initial={"org_code": request.GET.get("org", own)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("org_code")
        org = org_from_code(user, code)
        if org is None:
            form.add_error("org_code", ORG_NOT_FOUND.format(code=code))
        else:
            try:
                found = services.request_file(actor=user, org=org, **data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, f"已登记,回执码 {rules.receipt_code_display(found.receipt_code)}(请告知群众)")
                return redirect("service:request_detail", pk=found.pk)
    return render(request, "service/requests/form.html", {"form": form, "title": "窗口登记群众办事"})


def _errors(form: forms.Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.message_dict.items():
        key = "org_code" if key == "org" and "org_code" in form.fields else key
        form.add_error(key if key in form.fields else None, errors)


def _step_forms(user: Any, item: ServiceRequest) -> dict[str, Any]:
    """The handling forms the user may use on the request now."""
    manager = can_manage_village(user, item.org)
    found: dict[str, Any] = {}
    if manager and item.status == RequestStatus.PENDING:
        found["accept"] = AcceptForm(prefix="accept", initial={"handler_name": getattr(user, "display_name", "")})
    if manager and item.status == RequestStatus.HANDLING:
        found["progress"] = ProgressForm(prefix="progress")
        found["finish"] = FinishForm(prefix="finish")
    if can_approve(user, item.org) and item.status == RequestStatus.HANDLING:
        found["reassign"] = ReassignForm(prefix="reassign")
    if manager and item.status == RequestStatus.DONE and not item.rating:
        found["revisit"] = RevisitForm(prefix="revisit")
    return found


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    item = selectors.request_detail(user, pk)
    today = clock.today()
    open_ = item.status in selectors.OPEN
    context = {
        "item": item,
        "code": rules.receipt_code_display(item.receipt_code),
        "progress": list(selectors.request_progress(item)),
        "forms": _step_forms(user, item),
        "can_return": can_manage_village(user, item.org) and open_,
        "overdue": rules.request_overdue(item.deadline, today, open_=open_),
        "in_time": rules.finished_in_time(item.deadline, item.finished_on),
        "default_days": services.deadline_days(item.county_id),
    }
    return render(request, "service/requests/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One handling step: POST from the detail page's forms; GET shows the step's form on its own page (returning
    asks first)."""
    user: Any = request.user
    if step not in STEPS:
        raise Http404("页面不存在")
    item = selectors.request_detail(user, pk)
    allowed = can_approve(user, item.org) if step == "reassign" else can_manage_village(user, item.org)
    if not allowed:
        raise PermissionDenied("没有办理该事项的权限")
    form_class = {
        "accept": AcceptForm,
        "progress": ProgressForm,
        "finish": FinishForm,
        "return": ReturnForm,
        "revisit": RevisitForm,
        "reassign": ReassignForm,
    }[step]
    form = form_class(request.POST or None, prefix=step)
    back = reverse("service:request_detail", kwargs={"pk": item.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        calls = {
            "accept": lambda: services.request_accept(actor=user, request=item, **data),
            "progress": lambda: services.request_progress_add(actor=user, request=item, text=data["text"]),
            "finish": lambda: services.request_finish(actor=user, request=item, **data),
            "return": lambda: services.request_return(actor=user, request=item, reason=data["reason"]),
            "revisit": lambda: services.request_rate(actor=user, request=item, **data),
            "reassign": lambda: services.request_reassign(actor=user, request=item, **data),
        }
        done = {
            "accept": "已受理",
            "progress": "已添加办理进展",
            "finish": "已办结",
            "return": "已退回该事项",
            "revisit": "已记录回访满意度",
            "reassign": "已接办(改派)该事项",
        }
        try:
            calls[step]()
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, done[step])
            return redirect(back)
    titles = {
        "accept": "受理",
        "progress": "添加办理进展",
        "finish": "办结",
        "return": "退回事项",
        "revisit": "电话回访",
        "reassign": "乡镇接办(改派)",
    }
    context = {
        "form": form,
        "title": titles[step],
        "item": item,
        "back": back,
        "message": "退回后该事项不再办理,群众凭回执码可以看到退回原因。" if step == "return" else "",
    }
    return render(request, "service/requests/step.html", context)


@login_required
@require_GET
def request_queue(request: HttpRequest) -> HttpResponse:
    """The township's queue: requests escalated to it and overdue ones not yet escalated."""
    user: Any = request.user
    if not _is_admin(user):
        raise PermissionDenied("只有乡镇(街道)和县委组织部可以查看待办队列")
    form, rows = _filters(user, request.GET, queue=True)
    context = {
        "filter_form": form,
        "page": core_selectors.paginate(rows, request.GET.get("page")),
        "filtered": is_filtered(request),
        "today": clock.today(),
    }
    return render(request, "service/requests/queue.html", context)


def _date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()) if raw.strip() else None
    except ValueError:
        return None


@login_required
@require_GET
def request_figures(request: HttpRequest) -> HttpResponse:
    """Filed, finished, in time, overdue, escalated and satisfaction for a period and scope: in total, by mode, by
    category and per township."""
    user: Any = request.user
    year = parse_year(request.GET.get("year"))
    start, end = selectors.year_period(year)
    start = _date(request.GET.get("since", "")) or start
    end = _date(request.GET.get("until", "")) or end
    if end < start:
        start, end = end, start
    code = request.GET.get("org", "").strip()
    org = org_from_code(user, code) if code else None
    if code and org is None:
        raise Http404("党组织不存在")
    today = clock.today()
    context = {
        "figures": selectors.figures(user, start, end, org),
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "since": request.GET.get("since", ""),
        "until": request.GET.get("until", ""),
        "scope_org": org,
    }
    return render(request, "service/requests/figures.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_settings(request: HttpRequest) -> HttpResponse:
    """The county's days per mode."""
    user: Any = request.user
    county = _county(user)
    if county is None or not can_set_county_rules(user, county):
        raise PermissionDenied("只有县(区)委组织部可以设置代办时限")
    days = services.deadline_days(county.pk)
    form = DeadlineSettingsForm(request.POST or None, initial={f"{k}_days": v for k, v in days.items()})
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_settings_save(actor=user, county=county, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, "已保存代办时限")
            return redirect("service:request_list")
    context = {"form": form, "title": "代办时限设置", "help": "自群众提交之日起算的日历天数,0为当天办结。"}
    return render(request, "service/requests/form.html", context)


# --- public pages -------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def public_request_new(request: HttpRequest, code: str) -> HttpResponse:
    """A resident files a request at a place (no sign-in): rate-limited, with a captcha."""
    org = public_place(code)
    status = 200
    if request.method == "POST":
        refusal = public.attempt(request, "request")
        form = PublicRequestForm(request.POST, request=request, captcha_key="request")
        if refusal:
            form.is_valid()
            form.errors.clear()
            form.add_error(None, refusal)
            status = 429
        elif form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("captcha", None)
            try:
                found = services.request_file(actor=None, org=org, channel=RequestChannel.PUBLIC, **data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                request.session[RECEIPT_SESSION_KEY] = {"code": found.receipt_code, "org": org.code}
                return redirect("service:public_request_receipt")
    else:
        form = PublicRequestForm(request=request, captcha_key="request")
    return render(request, "service/requests/public_new.html", {"form": form, "org": org}, status=status)


@never_cache
@require_GET
def public_request_receipt(request: HttpRequest) -> HttpResponse:
    """The receipt code, shown to the browser that just filed (it is kept in that session only)."""
    stored = request.session.get(RECEIPT_SESSION_KEY)
    if not isinstance(stored, dict) or not stored.get("code"):
        return redirect("service:public_request_track")
    found = ServiceRequest.objects.select_related("org").filter(receipt_code=stored["code"]).first()
    if found is None:
        raise Http404("事项不存在")
    context = {"code": rules.receipt_code_display(found.receipt_code), "item": found, "org": found.org}
    return render(request, "service/requests/public_receipt.html", context)


def _track_context(item: ServiceRequest) -> dict[str, Any]:
    today = clock.today()
    open_ = item.status in selectors.OPEN
    return {
        "item": item,
        "code": rules.receipt_code_display(item.receipt_code),
        "progress": selectors.public_progress(item),
        "overdue": rules.request_overdue(item.deadline, today, open_=open_),
        "rateable": item.status == RequestStatus.DONE and not item.rating,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def public_request_track(request: HttpRequest) -> HttpResponse:
    """Follow a request by its receipt code (GET ?code=); when it is finished and not yet rated, rate it (POST)."""
    status = 200
    context: dict[str, Any] = {}
    if request.method == "POST":
        refusal = public.attempt(request, "feedback")
        item = selectors.track(request.POST.get("code", ""))
        if item is None:
            raise Http404("未找到该回执码")
        feedback = FeedbackForm(request.POST, request=request, captcha_key="feedback")
        if refusal:
            feedback.is_valid()
            feedback.errors.clear()
            feedback.add_error(None, refusal)
            status = 429
        elif feedback.is_valid():
            try:
                services.request_rate(
                    actor=None,
                    request=item,
                    rating=feedback.cleaned_data["rating"],
                    comment=feedback.cleaned_data["comment"],
                )
            except ValidationError as exc:
                feedback.add_error(None, exc.messages)
            else:
                messages.success(request, "感谢您的评价")
                return redirect(reverse("service:public_request_track") + f"?code={item.receipt_code}")
        context |= _track_context(item) | {"feedback": feedback}
        form = TrackForm(initial={"code": rules.receipt_code_display(item.receipt_code)})
    else:
        form = TrackForm(request.GET or None)
        if request.GET and form.is_valid():
            refusal = public.attempt(request, "track")
            if refusal:
                form.add_error(None, refusal)
                status = 429
            else:
                item = selectors.track(form.cleaned_data["code"])
                if item is None:
                    form.add_error("code", "未找到该回执码,请核对后重新输入")
                else:
                    context |= _track_context(item)
                    if context["rateable"]:
                        context["feedback"] = FeedbackForm(request=request, captcha_key="feedback")
    context["form"] = form
    return render(request, "service/requests/public_track.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path("requests/", request_list, name="request_list"),
    path("requests/export.xlsx", request_export, name="request_export"),
    path("requests/new/", request_intake, name="request_intake"),
    path("requests/queue/", request_queue, name="request_queue"),
    path("requests/figures/", request_figures, name="request_figures"),
    path("requests/settings/", request_settings, name="request_settings"),
    path("requests/<int:pk>/", request_detail, name="request_detail"),
    path("requests/<int:pk>/<str:step>/", request_step, name="request_step"),
]
public_urlpatterns = [
    path("requests/new/<str:code>/", public_request_new, name="public_request_new"),
    path("requests/receipt/", public_request_receipt, name="public_request_receipt"),
    path("requests/track/", public_request_track, name="public_request_track"),
]
