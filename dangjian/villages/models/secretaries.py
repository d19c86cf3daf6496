"""第一书记 and 驻村工作队 (F4.6): postings to villages, daily sign-ins (在村天数), leave, work reports, and the
county's presence rule."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import Gender
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, month_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import (
    LeaveStatus,
    PostingEndReason,
    PostingRole,
    PostingStatus,
    ReportCycle,
    ReportStatus,
)
from dangjian.villages.rules import SECRETARY_MIN_DAYS_DEFAULT, SECRETARY_TERM_MONTHS_DEFAULT

__all__ = ["Posting", "PostingLeave", "PostingReport", "PostingSignIn", "SecretarySetting", "WorkTeam"]


class SecretarySetting(models.Model):
    """A county's rule for its 第一书记 and work teams: the minimum days in the village a month, whether approved leave
    is excluded from it, the usual term and the reporting cycle."""

    county = models.OneToOneField(
        "core.Org",
        verbose_name=_("县(区)"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="secretary_setting",
    )
    min_days = models.PositiveSmallIntegerField(_("每月最少在村天数"), default=SECRETARY_MIN_DAYS_DEFAULT)
    exclude_leave = models.BooleanField(_("批准的请假天数不计入要求"), default=True)
    term_months = models.PositiveSmallIntegerField(_("任期(月)"), default=SECRETARY_TERM_MONTHS_DEFAULT)
    report_cycle = models.CharField(
        _("工作实绩申报周期"), max_length=8, choices=ReportCycle.choices, default=ReportCycle.QUARTER
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("第一书记管理设置")
        verbose_name_plural = _("第一书记管理设置")
        constraints = [
            models.CheckConstraint(condition=Q(min_days__gte=1, min_days__lte=28), name="secretaries_min_days_range")
        ]

    def __str__(self) -> str:
        return f"{self.county} 第一书记管理设置"


class WorkTeam(models.Model):
    """A village's 驻村工作队; its leader is the posting with the role 工作队队长."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("驻村"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("工作队名称"), max_length=100)
    sending_unit = models.CharField(_("派出单位"), max_length=100, blank=True)
    formed_on = models.DateField(_("组建日期"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("驻村工作队")
        verbose_name_plural = _("驻村工作队")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="secretaries_team_name_once")]

    def __str__(self) -> str:
        return self.name


class Posting(ChoiceLabelsMixin, models.Model):
    """One person sent to one village in one role, from start to end. Ending it (轮换, 撤换) keeps the row; a successor
    is a new posting that names this one as its predecessor."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("驻村"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    team = models.ForeignKey(
        WorkTeam, verbose_name=_("驻村工作队"), on_delete=models.PROTECT, null=True, blank=True, related_name="postings"
    )
    role = models.CharField(_("身份"), max_length=16, choices=PostingRole.choices)
    person = models.ForeignKey(
        "core.Person",
        verbose_name=_("党员档案"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="village_postings",
    )
    account = models.ForeignKey(
        "core.User", verbose_name=_("签到账号"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("出生日期"), null=True, blank=True)
    sending_unit = models.CharField(_("派出单位"), max_length=100)
    sending_post = models.CharField(_("原单位职务"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    started_on = models.DateField(_("任职开始日期"))
    planned_end_on = models.DateField(_("计划结束日期"))
    ended_on = models.DateField(_("实际结束日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=PostingStatus.choices, default=PostingStatus.ACTIVE)
    end_reason = models.CharField(_("结束原因"), max_length=16, choices=PostingEndReason.choices, blank=True)
    end_note = models.CharField(_("结束说明"), max_length=200, blank=True)
    predecessor = models.ForeignKey(
        "self", verbose_name=_("前任"), on_delete=models.SET_NULL, null=True, blank=True, related_name="successors"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("驻村任职")
        verbose_name_plural = _("驻村任职")
        constraints = [
            models.UniqueConstraint(
                fields=["org"],
                condition=Q(role=PostingRole.FIRST_SECRETARY, status=PostingStatus.ACTIVE),
                name="secretaries_one_first_secretary",
            ),
            models.CheckConstraint(condition=Q(planned_end_on__gte=F("started_on")), name="secretaries_planned_end"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="secretaries_ended_after"
            ),
            models.CheckConstraint(
                condition=Q(status=PostingStatus.ACTIVE, ended_on__isnull=True)
                | (~Q(status=PostingStatus.ACTIVE) & Q(ended_on__isnull=False)),
                name="secretaries_status_ended",
            ),
        ]
        indexes = scoped_indexes("vposting", models.Index(fields=["org", "status"], name="vposting_org_status"))

    def __str__(self) -> str:
        return f"{self.name}({self.get_role_display()})"


class PostingSignIn(models.Model):
    """One day in the village: at most one sign-in a day per posting. `proxy` marks a township's 代签 (补录)."""

    county = county_field()
    org_path = path_field()
    posting = models.ForeignKey(Posting, verbose_name=_("驻村任职"), on_delete=models.CASCADE, related_name="signins")
    day = models.DateField(_("签到日期"))
    signed_at = models.DateTimeField(_("签到时间"))
    place = models.CharField(_("签到地点"), max_length=100, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    proxy = models.BooleanField(_("代签(补录)"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id", person="posting__person")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("在村签到")
        verbose_name_plural = _("在村签到")
        constraints = [models.UniqueConstraint(fields=["posting", "day"], name="secretaries_signin_once_a_day")]
        indexes = scoped_indexes("vsignin", models.Index(fields=["county", "day"], name="vsignin_county_day"))

    def __str__(self) -> str:
        return f"{self.posting} {self.day:%Y-%m-%d}"


class PostingLeave(ChoiceLabelsMixin, models.Model):
    """Leave (请假) from the village, approved by the township; approved days may be excluded from the requirement."""

    county = county_field()
    org_path = path_field()
    posting = models.ForeignKey(Posting, verbose_name=_("驻村任职"), on_delete=models.CASCADE, related_name="leaves")
    starts_on = models.DateField(_("请假开始日期"))
    ends_on = models.DateField(_("请假结束日期"))
    reason = models.CharField(_("请假事由"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=LeaveStatus.choices, default=LeaveStatus.PENDING)
    decision_note = models.CharField(_("审批意见"), max_length=200, blank=True)
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", person="posting__person")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("驻村请假")
        verbose_name_plural = _("驻村请假")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="secretaries_leave_dates")]
        indexes = scoped_indexes("vleave")

    def __str__(self) -> str:
        return f"{self.posting} {self.starts_on:%Y-%m-%d}至{self.ends_on:%Y-%m-%d}"


class PostingReport(ChoiceLabelsMixin, models.Model):
    """工作实绩申报: one a period (month or quarter) per posting; the township passes it or returns it with a reason."""

    county = county_field()
    org_path = path_field()
    posting = models.ForeignKey(Posting, verbose_name=_("驻村任职"), on_delete=models.CASCADE, related_name="reports")
    cycle = models.CharField(_("申报周期"), max_length=8, choices=ReportCycle.choices)
    period = month_field(_("申报期间(首日)"))
    content = models.TextField(_("主要工作"))
    achievements = models.TextField(_("工作成效"), blank=True)
    problems = models.TextField(_("存在问题"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.SUBMITTED)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("评分"), null=True, blank=True)
    submitted_on = models.DateField(_("申报日期"))
    reviewed_on = models.DateField(_("审核日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", person="posting__person")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("工作实绩申报")
        verbose_name_plural = _("工作实绩申报")
        constraints = [
            models.UniqueConstraint(fields=["posting", "cycle", "period"], name="secretaries_report_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="secretaries_report_score"
            ),
        ]
        indexes = scoped_indexes("vreport")

    def __str__(self) -> str:
        return f"{self.posting} {self.period:%Y-%m}"
