"""Pages of 三会一课 and 主题党日: the meeting list (filters, export), planning and changing a meeting, its detail
(agenda, minutes, photos, attendance, the check-in QR code for managers), recording it as held, the attendance
sheet (and its printable .xlsx), the member's check-in page reached by the QR link, and a member's own meetings."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.choices import ADMIN_ROLES
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.scoping import scope_of, subtree
from dangjian.core.views.common import export_org, is_filtered, manages_own_org, requested_org
from dangjian.orglife import rules
from dangjian.orglife.choices import MeetingStatus
from dangjian.orglife.forms.meetings import AttendanceSheetForm, CancelForm, MeetingForm, PhotoForm, RecordHeldForm
from dangjian.orglife.models import Meeting
from dangjian.orglife.permissions import can_manage_branch
from dangjian.orglife.selectors import meetings as selectors
from dangjian.orglife.services import meetings as services
from dangjian.orglife.services.settings import settings_for

HOST_CHOICES_LIMIT = 500
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _manage(user: Any, meeting: Meeting, message: str) -> None:
    if not can_manage_branch(user, meeting.org):
        raise PermissionDenied(message)


def _host_people(org: Org) -> list[Person]:
    people = Person.objects.on_roll().filter(county_id=org.county_id, **subtree("org_path", org.path))
    return list(people.order_by("name", "id")[:HOST_CHOICES_LIMIT])


def _checklist(org: Org) -> list[str]:
    return [str(item) for item in settings_for(org.county_id).agenda_items]


def _decorate(meetings: list[Meeting]) -> None:
    now = timezone.now()
    for meeting in meetings:
        meeting.status = selectors.status_of(meeting, now)
        meeting.status_label = MeetingStatus(meeting.status).label
        meeting.rate = selectors.rate_label(meeting)


@login_required
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if scope_of(user).member_only:
        return redirect("orglife:my_meetings")
    filterset, meetings = selectors.meeting_list(user, request.GET)
    page = core_selectors.paginate(meetings, request.GET.get("page"))
    _decorate(list(page.page.object_list))
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
        "query": request.GET.urlencode(),
        "plan_org": request.GET.get("org", "").strip(),
    }
    return render(request, "orglife/meetings/list.html", context)


@login_required
@require_GET
def meeting_export(request: HttpRequest) -> HttpResponse:
    """The filtered meeting list as .xlsx (audited)."""
    user: Any = request.user
    if not manages_own_org(user) and not scope_of(user).everything:
        raise PermissionDenied("没有导出会议活动的权限")
    _, meetings = selectors.meeting_list(user, request.GET)
    org = export_org(request) or user.org
    file_name = f"会议活动-{org.name if org else '全部'}-{clock.today():%Y%m%d}.xlsx"
    content = services.meetings_export(actor=user, org=org, meetings=meetings, file_name=file_name)
    return xlsx_response(content, file_name)


def _alert_plan(request: HttpRequest, meeting: Meeting) -> None:
    for alert in selectors.meeting_alerts(meeting):
        messages.warning(request, alert)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_plan(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = requested_org(request)
    if org is None:
        raise Http404("党组织不存在")
    if not can_manage_branch(user, org):
        raise PermissionDenied("没有为该党组织安排会议的权限")
    today = clock.today()
    initial = {"day": today, "start_time": "09:00", "end_time": "11:00", "kind": request.GET.get("kind", "")}
    form = MeetingForm(request.POST or None, initial=initial, people=_host_people(org), checklist=_checklist(org))
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_plan(actor=user, org=org, **form.service_values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已安排{meeting.get_kind_display()}:{meeting.topic}")
            _alert_plan(request, meeting)
            return redirect("orglife:meeting_detail", pk=meeting.pk)
    setting = settings_for(org.county_id)
    context = {
        "form": form,
        "org": org,
        "title": "安排会议",
        "theme_days": setting.theme_days,
        "pick_org": getattr(user, "role", None) in ADMIN_ROLES or scope_of(user).everything,
    }
    return render(request, "orglife/meetings/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    _manage(user, meeting, "没有修改该会议的权限")
    if meeting.held or meeting.cancelled:
        messages.error(request, "会议已录入召开情况或已取消,不能再修改安排")
        return redirect("orglife:meeting_detail", pk=meeting.pk)
    form = MeetingForm(
        request.POST or None,
        initial=MeetingForm.initial_of(meeting),
        people=_host_people(meeting.org),
        checklist=_checklist(meeting.org),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=user, meeting=meeting, **form.service_values())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存会议安排")
            _alert_plan(request, meeting)
            return redirect("orglife:meeting_detail", pk=meeting.pk)
    setting = settings_for(meeting.county_id)
    context = {
        "form": form,
        "org": meeting.org,
        "meeting": meeting,
        "title": "修改会议安排",
        "theme_days": setting.theme_days,
    }
    return render(request, "orglife/meetings/form.html", context)


def _checkin_url(request: HttpRequest, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("orglife:meeting_checkin", args=[meeting.checkin_token]))


@login_required
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    can_manage = can_manage_branch(user, meeting.org)
    setting = settings_for(meeting.county_id)
    _decorate([meeting])
    opens, closes = rules.checkin_window(
        meeting.starts_at, meeting.ends_at, setting.checkin_before_minutes, setting.checkin_after_minutes
    )
    qr_svg = checkin_url = None
    if can_manage and not meeting.cancelled and timezone.now() <= closes:
        checkin_url = _checkin_url(request, meeting)
        qr_svg = mark_safe(segno.make(checkin_url).svg_inline(scale=4))
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "alerts": selectors.meeting_alerts(meeting, setting),
        "photos": list(meeting.photos.order_by("uploaded_at", "id")),
        "sheet": selectors.attendance_sheet(meeting),
        "opens": opens,
        "closes": closes,
        "qr_svg": qr_svg,
        "checkin_url": checkin_url,
        "photo_form": PhotoForm() if can_manage and not meeting.cancelled else None,
        "late_after": setting.late_after_minutes,
    }
    return render(request, "orglife/meetings/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancelling asks first (with the reason)."""
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    _manage(user, meeting, "没有取消该会议的权限")
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(actor=user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已取消会议:{meeting.topic}")
            return redirect("orglife:meeting_detail", pk=meeting.pk)
    return render(request, "orglife/meetings/cancel.html", {"form": form, "meeting": meeting})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    _manage(user, meeting, "没有登记该会议召开情况的权限")
    agenda = [entry["item"] for entry in meeting.agenda]
    initial = {"minutes": meeting.minutes, "done_items": [e["item"] for e in meeting.agenda if e.get("done")]}
    if not meeting.held:
        initial["done_items"] = agenda
    form = RecordHeldForm(request.POST or None, initial=initial, agenda=agenda)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_held(
                actor=user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                done_items=form.cleaned_data["done_items"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            meeting.refresh_from_db()
            note = f",超过{settings_for(meeting.county_id).late_entry_days}天录入,记为补录"
            messages.success(request, f"已登记召开情况{note if meeting.backfilled else ''}")
            return redirect("orglife:meeting_detail", pk=meeting.pk)
    setting = settings_for(meeting.county_id)
    context = {"form": form, "meeting": meeting, "late_entry_days": setting.late_entry_days}
    return render(request, "orglife/meetings/record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet: one line per member expected; "其余记为正常" records everyone left blank as present."""
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    _manage(user, meeting, "没有为该会议登记出席情况的权限")
    form = AttendanceSheetForm(request.POST or None, rows=selectors.attendance_sheet(meeting))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.attendance_take(
                actor=user, meeting=meeting, entries=form.entries(rest_present="rest_present" in request.POST)
            )
        except ValidationError as exc:
            errors = [message for messages_ in exc.message_dict.values() for message in messages_]
        else:
            messages.success(request, f"已登记出席情况(更新{len(changed)}人)")
            return redirect("orglife:meeting_detail", pk=meeting.pk)
    elif form.errors:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
    _decorate([meeting])
    context = {"form": form, "meeting": meeting, "errors": errors, "started": timezone.now() >= meeting.starts_at}
    return render(request, "orglife/meetings/attendance.html", context)


@login_required
@require_GET
def meeting_attendance_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet for printing (.xlsx, audited)."""
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    _manage(user, meeting, "没有导出该会议签到表的权限")
    file_name = f"签到表-{meeting.org.name}-{meeting.get_kind_display()}-{meeting.held_on:%Y%m%d}.xlsx"
    content = services.attendance_sheet_export(
        actor=user, meeting=meeting, sheet=selectors.attendance_sheet(meeting), file_name=file_name
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    meeting = selectors.meeting_detail(user, pk)
    _manage(user, meeting, "没有为该会议上传照片的权限")
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_photo_add(
                actor=user, meeting=meeting, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已上传会议照片")
            return redirect("orglife:meeting_detail", pk=meeting.pk)
    return render(request, "orglife/meetings/photo_form.html", {"form": form, "meeting": meeting})


@login_required
@require_GET
def meeting_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting photo, to users who see the meeting (photos are never served publicly)."""
    photo = selectors.photo_detail(request.user, pk)
    name = photo.image.name or ""
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404("照片文件不存在") from None
    content_type = PHOTO_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream")
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_photo_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting a photo asks first."""
    user: Any = request.user
    photo = selectors.photo_detail(user, pk)
    _manage(user, photo.meeting, "没有删除该会议照片的权限")
    if request.method == "POST":
        services.meeting_photo_delete(actor=user, photo=photo)
        messages.success(request, "已删除会议照片")
        return redirect("orglife:meeting_detail", pk=photo.meeting_id)
    return render(request, "orglife/meetings/photo_delete.html", {"photo": photo, "meeting": photo.meeting})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The page the meeting's QR code opens on a member's phone: the meeting and a big 签到 button."""
    user: Any = request.user
    meeting = selectors.meeting_by_token(token)
    if meeting is None:
        return render(request, "orglife/meetings/checkin.html", {"invalid": True}, status=404)
    setting = settings_for(meeting.county_id)
    opens, closes = rules.checkin_window(
        meeting.starts_at, meeting.ends_at, setting.checkin_before_minutes, setting.checkin_after_minutes
    )
    person = getattr(user, "person", None)
    error = None
    done = None
    if request.method == "POST":
        try:
            done = services.checkin(actor=user, token=token)
        except ValidationError as exc:
            error = "；".join(message for messages_ in exc.message_dict.values() for message in messages_)
    mine = meeting.attendance.filter(person=person).first() if person is not None and done is None else done
    context = {
        "meeting": meeting,
        "opens": opens,
        "closes": closes,
        "error": error,
        "done": done,
        "mine": mine,
        "person": person,
    }
    return render(request, "orglife/meetings/checkin.html", context)


@login_required
@require_GET
def my_meetings(request: HttpRequest) -> HttpResponse:
    """A member's meetings and their own attendance (phone first)."""
    user: Any = request.user
    filterset, meetings = selectors.my_meetings(user, request.GET)
    page = core_selectors.paginate(meetings, request.GET.get("page"))
    shown = list(page.page.object_list)
    _decorate(shown)
    for meeting in shown:
        rows = getattr(meeting, "mine_rows", [])
        meeting.mine = rows[0] if rows else None
    context = {
        "page": page,
        "person": getattr(user, "person", None),
        "filter_form": style_filter_form(filterset.form),
        "filtered": is_filtered(request),
        "query": request.GET.urlencode(),
    }
    return render(request, "orglife/meetings/mine.html", context)


@login_required
@require_GET
def my_meetings_export(request: HttpRequest) -> HttpResponse:
    """A member's own attendance record as .xlsx (audited)."""
    user: Any = request.user
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied("当前账号没有对应的党员信息")
    _, meetings = selectors.my_meetings(user, request.GET)
    file_name = f"我的会议-{person.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.my_meetings_export(actor=user, person=person, meetings=meetings, file_name=file_name)
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/export.xlsx", meeting_export, name="meeting_export"),
    path("meetings/new/", meeting_plan, name="meeting_plan"),
    path("meetings/mine/", my_meetings, name="my_meetings"),
    path("meetings/mine/export.xlsx", my_meetings_export, name="my_meetings_export"),
    path("meetings/checkin/<str:token>/", meeting_checkin, name="meeting_checkin"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/record/", meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/attendance/", meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/attendance.xlsx", meeting_attendance_export, name="meeting_attendance_export"),
    path("meetings/<int:pk>/photos/new/", meeting_photo_add, name="meeting_photo_add"),
    path("meetings/photos/<int:pk>/", meeting_photo, name="meeting_photo"),
    path("meetings/photos/<int:pk>/delete/", meeting_photo_delete, name="meeting_photo_delete"),
]
