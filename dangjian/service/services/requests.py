"""群众办事代办 (坐班+五办, F5.3): a resident files a request (public form or the counter), the place's cadre (or the
township) accepts it in one of the five modes with a handler and a deadline, writes its progress and finishes it or
returns it; the resident rates it once (or the cadre records a return visit). Overdue open requests are escalated to
the township by `requests_escalate`, run daily."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.scoping import ancestor_paths
from dangjian.service import rules
from dangjian.service.choices import (
    RatingSource,
    RequestCategory,
    RequestChannel,
    RequestStatus,
    Satisfaction,
    ServiceMode,
)
from dangjian.service.models import RequestDeadlineSetting, RequestProgress, ServiceRequest
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules, require

CONTENT_MAX = 2000
RESULT_MAX = 2000
PROGRESS_MAX = 1000


def _text(value: Any) -> str:
    return (value or "").strip()


def _limited(errors: dict[str, str], field: str, label: str, value: str, limit: int, *, required: bool = True) -> None:
    if required and not value:
        errors[field] = f"请填写{label}"
    elif len(value) > limit:
        errors[field] = f"{label}不能超过{limit}个字"


def _is_place(org: Org) -> bool:
    from dangjian.service.selectors.common import place_q

    return Org.objects.filter(place_q(), pk=org.pk).exists()


def deadline_days(county_id: int | None) -> dict[str, int]:
    """The county's days per mode (the platform's defaults when the county has not set them)."""
    found = RequestDeadlineSetting.objects.filter(county_id=county_id).first() if county_id else None
    return found.as_days() if found is not None else dict(rules.DEFAULT_DEADLINE_DAYS)


def _new_code() -> str:
    for _ in range(20):
        code = rules.receipt_code_make(secrets.randbelow)
        if not ServiceRequest.objects.filter(receipt_code=code).exists():
            return code
    raise RuntimeError("receipt codes exhausted")  # pragma: no cover - 6e16 codes


def _step(request: ServiceRequest, step: str) -> None:
    refusal = rules.request_step_refusal(request.status, step, rated=bool(request.rating))
    if refusal:
        raise ValidationError({"status": refusal})


def _locked(request: ServiceRequest) -> ServiceRequest:
    return ServiceRequest.objects.select_for_update(of=("self",)).select_related("org").get(pk=request.pk)


# --- filing -------------------------------------------------------------------------------------------------


@transaction.atomic
def request_file(
    *,
    actor: Any,
    org: Org,
    category: str,
    content: str,
    resident_name: str,
    resident_phone: str,
    channel: str = RequestChannel.PUBLIC,
    filed_at: dt.datetime | None = None,
) -> ServiceRequest:
    """A request filed by a resident on the public page (`actor=None`) or by a cadre at the counter for a walk-in
    resident. It waits for acceptance (待受理), due within `rules.ACCEPT_DAYS` days."""
    if actor is not None:
        require(can_manage_village(actor, org), "没有为该村(社区)登记群众办事的权限")
    errors: dict[str, str] = {}
    if not _is_place(org):
        errors["org"] = f"{org.name}不是村(社区)党组织,不能受理群众办事"
    if category not in RequestCategory.values:
        errors["category"] = "事项类别不是有效选项"
    if channel not in RequestChannel.values:
        errors["channel"] = "受理渠道不是有效选项"
    elif actor is not None and channel == RequestChannel.PUBLIC:
        errors["channel"] = "网上提交只能由群众在公开页面提交,窗口登记请选择其他受理渠道"
    content, name = _text(content), _text(resident_name)
    _limited(errors, "content", "办事内容", content, CONTENT_MAX)
    _limited(errors, "resident_name", "姓名", name, 50)
    phone = rules.phone_normalise(resident_phone)
    if not _text(resident_phone):
        errors["resident_phone"] = "请填写联系电话"
    elif phone is None:
        errors["resident_phone"] = "联系电话应为11位手机号码或带区号的固定电话(如0395-1234567)"
    if errors:
        raise ValidationError(errors)
    if filed_at is None:  # the date counts from the platform's today (the clock tests and demos fix)
        filed_at, filed_on = timezone.now(), clock.today()
    else:
        filed_on = timezone.localtime(filed_at).date() if timezone.is_aware(filed_at) else filed_at.date()
    request = ServiceRequest(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        receipt_code=_new_code(),
        channel=channel,
        category=category,
        content=content,
        resident_name=name,
        resident_phone=phone or "",
        filed_at=filed_at,
        filed_on=filed_on,
        filed_by=actor,
        deadline=rules.accept_deadline(filed_on),
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # pragma: no cover - a code drawn twice between the check and the insert
        request.receipt_code = _new_code()
        request.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=request, after=audit.snapshot(request))
    return request


# --- handling -----------------------------------------------------------------------------------------------


def _handler(errors: dict[str, str], handler_name: str, handler_person: Person | None, org: Org) -> str:
    name = _text(handler_name)
    if not name and handler_person is not None:
        name = handler_person.name
    if not name:
        errors["handler_name"] = "请填写经办人"
    elif len(name) > 50:
        errors["handler_name"] = "经办人不能超过50个字"
    if handler_person is not None and handler_person.county_id != org.county_id:
        errors["handler_person"] = "经办人不属于本县(区)"
    return name


@transaction.atomic
def request_accept(
    *,
    actor: Any,
    request: ServiceRequest,
    mode: str,
    handler_name: str = "",
    handler_person: Person | None = None,
    deadline: dt.date | None = None,
    referred_to: str = "",
    note: str = "",
) -> ServiceRequest:
    """The place's cadre (or the township) accepts the request in one of the five modes with a handler; the deadline
    defaults to the county's days for the mode from the filing date."""
    request = _locked(request)
    require(actor is None or can_manage_village(actor, request.org), "没有受理该事项的权限")
    _step(request, "accept")
    errors: dict[str, str] = {}
    if mode not in ServiceMode.values:
        errors["mode"] = "请选择办理方式"
    name = _handler(errors, handler_name, handler_person, request.org)
    referred_to = _text(referred_to)
    if mode == ServiceMode.REFERRAL and not referred_to:
        errors["referred_to"] = "介绍办须填写介绍到的部门"
    elif len(referred_to) > 100:
        errors["referred_to"] = "介绍到的部门不能超过100个字"
    if deadline is None and mode in ServiceMode.values:
        deadline = rules.default_deadline(mode, request.filed_on, deadline_days(request.county_id))
    if deadline is not None and deadline < request.filed_on:
        errors["deadline"] = f"办理时限不能早于提交日期({request.filed_on:%Y-%m-%d})"
    note = _text(note)
    _limited(errors, "note", "受理说明", note, PROGRESS_MAX, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(request)
    now = timezone.now()
    request.status, request.mode, request.accepted_at = RequestStatus.HANDLING, mode, now
    request.handler_name, request.handler_person, request.deadline = name, handler_person, deadline
    request.referred_to = referred_to if mode == ServiceMode.REFERRAL else ""
    request.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=request, before=before, after=audit.snapshot(request))
    label = ServiceMode(mode).label
    text = f"已受理,{label}" + (f",介绍到{referred_to}" if request.referred_to else "")
    text += f",办理时限{deadline:%Y-%m-%d}" + (f"。{note}" if note else "")
    _progress_write(actor, request, text, now)
    return request


def _progress_write(actor: Any, request: ServiceRequest, text: str, at: dt.datetime) -> RequestProgress:
    entry = RequestProgress(
        county_id=request.county_id,
        org_path=request.org_path,
        request=request,
        occurred_at=at,
        text=text,
        author=actor,
    )
    entry.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def request_progress_add(*, actor: Any, request: ServiceRequest, text: str) -> RequestProgress:
    """A line of progress (public to the holder of the receipt code: write it for the resident)."""
    request = _locked(request)
    require(actor is None or can_manage_village(actor, request.org), "没有为该事项添加进展的权限")
    _step(request, "progress")
    text = _text(text)
    errors: dict[str, str] = {}
    _limited(errors, "text", "办理进展", text, PROGRESS_MAX)
    if errors:
        raise ValidationError(errors)
    return _progress_write(actor, request, text, timezone.now())


@transaction.atomic
def request_reassign(
    *,
    actor: Any,
    request: ServiceRequest,
    handler_name: str = "",
    handler_person: Person | None = None,
    deadline: dt.date | None = None,
    note: str = "",
) -> ServiceRequest:
    """The township takes over an overdue or escalated request (or reassigns it): a new handler and deadline."""
    request = _locked(request)
    require(actor is None or can_approve(actor, request.org), "只有乡镇或县委组织部可以接办或改派该事项")
    _step(request, "reassign")
    errors: dict[str, str] = {}
    name = _handler(errors, handler_name, handler_person, request.org)
    if deadline is not None and deadline < request.filed_on:
        errors["deadline"] = f"办理时限不能早于提交日期({request.filed_on:%Y-%m-%d})"
    note = _text(note)
    _limited(errors, "note", "说明", note, PROGRESS_MAX, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(request)
    now = timezone.now()
    request.handler_name, request.handler_person = name, handler_person
    if deadline is not None:
        request.deadline = deadline
    request.taken_over_at = now
    request.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=request, before=before, after=audit.snapshot(request))
    text = f"乡镇接办,办理时限{request.deadline:%Y-%m-%d}" + (f"。{note}" if note else "")
    _progress_write(actor, request, text, now)
    return request


@transaction.atomic
def request_finish(
    *, actor: Any, request: ServiceRequest, result: str, finished_on: dt.date | None = None
) -> ServiceRequest:
    """The request is done (已办结) with its result, on `finished_on` (default today)."""
    request = _locked(request)
    require(actor is None or can_manage_village(actor, request.org), "没有办结该事项的权限")
    _step(request, "finish")
    today = clock.today()
    finished_on = finished_on or today
    errors: dict[str, str] = {}
    result = _text(result)
    _limited(errors, "result", "办理结果", result, RESULT_MAX)
    if finished_on > today:
        errors["finished_on"] = "办结日期不能晚于今天"
    elif finished_on < request.filed_on:
        errors["finished_on"] = f"办结日期不能早于提交日期({request.filed_on:%Y-%m-%d})"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(request)
    request.status, request.finished_on, request.result = RequestStatus.DONE, finished_on, result
    request.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=request, before=before, after=audit.snapshot(request))
    return request


@transaction.atomic
def request_return(*, actor: Any, request: ServiceRequest, reason: str) -> ServiceRequest:
    """The request is returned (declined) with a reason the resident reads on the tracking page."""
    request = _locked(request)
    require(actor is None or can_manage_village(actor, request.org), "没有退回该事项的权限")
    _step(request, "return")
    reason = _text(reason)
    errors: dict[str, str] = {}
    _limited(errors, "reason", "退回原因", reason, 300)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(request)
    request.status, request.return_reason = RequestStatus.RETURNED, reason
    request.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=request, before=before, after=audit.snapshot(request))
    return request


@transaction.atomic
def request_rate(*, actor: Any, request: ServiceRequest, rating: str, comment: str = "") -> ServiceRequest:
    """Satisfaction, once: by the resident on the tracking page (`actor=None`) or by the cadre from a phone return
    visit (回访)."""
    request = _locked(request)
    if actor is not None:
        require(can_manage_village(actor, request.org), "没有为该事项记录回访的权限")
    _step(request, "rate")
    errors: dict[str, str] = {}
    if rating not in Satisfaction.values:
        errors["rating"] = "请选择满意度"
    comment = _text(comment)
    _limited(errors, "comment", "评价意见", comment, 300, required=False)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(request)
    request.rating, request.rating_comment, request.rated_at = rating, comment, timezone.now()
    request.rating_source = RatingSource.RESIDENT if actor is None else RatingSource.REVISIT
    request.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=request, before=before, after=audit.snapshot(request))
    return request


# --- escalation ---------------------------------------------------------------------------------------------


def overdue_open(today: dt.date) -> QuerySet[ServiceRequest]:
    """Open requests past their deadline (overdue from the day after it)."""
    return ServiceRequest.objects.filter(status__in=(RequestStatus.PENDING, RequestStatus.HANDLING), deadline__lt=today)


@transaction.atomic
def requests_escalate(*, today: dt.date | None = None) -> int:
    """The system marks every overdue open request not yet escalated as escalated to its township (run daily by
    `manage.py escalate_requests`); returns how many. A request is escalated once."""
    today = today or clock.today()
    rows = list(overdue_open(today).filter(escalated_at__isnull=True).select_for_update(of=("self",)).order_by("id"))
    if not rows:
        return 0
    paths = {p for row in rows for p in ancestor_paths(row.org_path)}
    towns = {t.path: t for t in Org.objects.filter(path__in=paths, level=OrgLevel.TOWNSHIP)}
    now = timezone.now()
    for row in rows:
        town = next((towns[p] for p in reversed(ancestor_paths(row.org_path)) if p in towns), None)
        before = audit.snapshot(row)
        row.escalated_at, row.escalated_to = now, town
        row.save(update_fields=["escalated_at", "escalated_to", "updated_at"])
        audit.record(actor=None, action=AuditAction.UPDATE, obj=row, before=before, after=audit.snapshot(row))
    return len(rows)


# --- county settings ----------------------------------------------------------------------------------------


@transaction.atomic
def deadline_settings_save(*, actor: Any, county: Org, **days: Any) -> RequestDeadlineSetting:
    """The county's days per mode (0 = the same day)."""
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部可以设置代办时限")
    fields = {f"{mode}_days": ServiceMode(mode).label for mode in ServiceMode.values}
    unknown = set(days) - set(fields)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    errors: dict[str, str] = {}
    for field, value in days.items():
        if value is None or not isinstance(value, int) or not 0 <= value <= rules.DEADLINE_DAYS_MAX:
            errors[field] = f"{fields[field]}时限应为0至{rules.DEADLINE_DAYS_MAX}天"
    if errors:
        raise ValidationError(errors)
    found = RequestDeadlineSetting.objects.select_for_update().filter(org=county).first()
    before = audit.snapshot(found) if found is not None else None
    if found is None:
        found = RequestDeadlineSetting(county_id=county.county_id or county.pk, org=county, org_path=county.path)
    for field, value in days.items():
        setattr(found, field, value)
    found.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=found, before=before, after=audit.snapshot(found))
    return found


# --- export -------------------------------------------------------------------------------------------------

HEADERS = [
    "回执码",
    "村(社区)",
    "所属乡镇",
    "提交日期",
    "受理渠道",
    "事项类别",
    "办事内容",
    "群众姓名",
    "联系电话",
    "办理方式",
    "经办人",
    "办理时限",
    "状态",
    "办结日期",
    "按时办结",
    "上报乡镇",
    "满意度",
]


def requests_export(
    *, actor: Any, org: Org | None, rows: QuerySet[ServiceRequest], towns: dict[str, str], file_name: str, caption: str
) -> bytes:
    """The requests as .xlsx (audited: it holds residents' names and phones)."""
    today = clock.today()
    data = []
    for row in rows.select_related("org").iterator(chunk_size=2000):
        town = next((towns[p] for p in ancestor_paths(row.org_path) if p in towns), "")
        open_ = row.status in (RequestStatus.PENDING, RequestStatus.HANDLING)
        if row.status == RequestStatus.DONE:
            timely = "是" if rules.finished_in_time(row.deadline, row.finished_on) else "否"
        else:
            timely = "逾期" if rules.request_overdue(row.deadline, today, open_=open_) else ""
        data.append(
            [
                rules.receipt_code_display(row.receipt_code),
                row.org.name,
                town,
                row.filed_on,
                row.get_channel_display(),
                row.get_category_display(),
                row.content,
                row.resident_name,
                row.resident_phone,
                row.get_mode_display() if row.mode else "",
                row.handler_name,
                row.deadline,
                row.get_status_display(),
                row.finished_on or "",
                timely,
                f"{row.escalated_at:%Y-%m-%d}" if row.escalated_at else "",
                row.get_rating_display() if row.rating else "",
            ]
        )
    return audited_xlsx(
        Sheet("群众办事", HEADERS, data, caption=caption),
        actor=actor,
        org=org,
        kind="service_requests",
        file_name=file_name,
    )
