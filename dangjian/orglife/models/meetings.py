from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import AttendanceStatus, CheckinMethod, MeetingKind


class Meeting(ChoiceLabelsMixin, models.Model):
    """A planned or held meeting of a branch (三会一课, 主题党日, 组织生活会…).

    The attendance figures are kept on the row by the attendance services, so compliance and its rates read
    meetings only. `backfilled` (补录) is set when the meeting is recorded as held more than the county's
    `late_entry_days` after it took place; `recorded_at` keeps when."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="meetings")
    org_path = path_field()
    kind = models.CharField(_("会议类型"), max_length=24, choices=MeetingKind.choices)
    topic = models.CharField(_("主题"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    held_on = models.DateField(_("会议日期"), editable=False)
    place = models.CharField(_("地点"), max_length=100)
    host = models.ForeignKey(
        "core.Person", verbose_name=_("主持人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    host_name = models.CharField(_("主持人或授课人(非本支部)"), max_length=50, blank=True)
    agenda = models.JSONField(_("议程"), default=list, blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    held = models.BooleanField(_("已召开"), default=False)
    recorded_at = models.DateTimeField(_("录入召开情况时间"), null=True, blank=True)
    backfilled = models.BooleanField(_("补录"), default=False)
    cancelled = models.BooleanField(_("已取消"), default=False)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    checkin_token = models.CharField(_("签到码"), max_length=43, unique=True, editable=False)
    expected_count = models.PositiveIntegerField(_("应到人数"), default=0)
    present_count = models.PositiveIntegerField(_("实到人数"), default=0)
    leave_count = models.PositiveIntegerField(_("请假人数"), default=0)
    absent_count = models.PositiveIntegerField(_("缺席人数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "checkin_token", "created_at")

    class Meta:
        verbose_name = _("会议活动")
        verbose_name_plural = _("会议活动")
        indexes = scoped_indexes(
            "meeting",
            models.Index(fields=["county", "held_on"], name="meeting_county_day"),
            models.Index(fields=["county", "org_path", "held_on"], name="meeting_county_path_day"),
            models.Index(fields=["org", "kind", "held_on"], name="meeting_org_kind_day"),
            # The compliance engine's GROUP BY reads held meetings of a county and a date range: on PostgreSQL an
            # index-only scan of this partial covering index (SQLite keeps the key columns and the condition).
            models.Index(
                fields=["county", "held_on"],
                name="meeting_held_cover",
                condition=models.Q(held=True, cancelled=False),
                include=["org_path", "org", "kind", "backfilled", "present_count", "expected_count"],
            ),
        )

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_kind_display()} {self.topic}"


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to="meetings/%Y/%m/")
    caption = models.CharField(_("说明"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = ScopeRule(path="meeting__org_path", county="meeting__county_id")
    audit_fields_exclude = ("uploaded_at",)

    class Meta:
        verbose_name = _("会议照片")
        verbose_name_plural = _("会议照片")

    def __str__(self) -> str:
        return self.caption or self.image.name or ""


class Attendance(ChoiceLabelsMixin, models.Model):
    """One member at one meeting: present, late, on leave (with the reason) or absent."""

    county = county_field()
    org_path = path_field()
    meeting = models.ForeignKey(Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="attendance")
    person = person_field(related_name="attendance")
    held_on = models.DateField(_("会议日期"), editable=False)
    status = models.CharField(_("出席情况"), max_length=16, choices=AttendanceStatus.choices)
    reason = models.CharField(_("缺席或请假原因"), max_length=200, blank=True)
    method = models.CharField(_("登记方式"), max_length=12, choices=CheckinMethod.choices)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "held_on")

    class Meta:
        verbose_name = _("出席记录")
        verbose_name_plural = _("出席记录")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_per_meeting")]
        indexes = scoped_indexes(
            "attendance",
            models.Index(fields=["person", "held_on"], name="attendance_person_day"),
            # ORG-10's NOT EXISTS asks only for attended rows: the partial index holds just those.
            models.Index(
                fields=["person", "held_on"],
                name="attendance_attended_day",
                condition=models.Q(status__in=["present", "late"]),
            ),
        )

    def __str__(self) -> str:
        return f"{self.person} {self.get_status_display()}"
