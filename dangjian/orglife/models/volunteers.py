from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import ActivityStatus


class VolunteerTeam(models.Model):
    """A volunteer team of an org (e.g. 红马甲, "家在社区")."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("队伍名称"), max_length=100)
    service_area = models.CharField(_("服务内容"), max_length=200, blank=True)
    leader = models.ForeignKey(
        "core.Person", verbose_name=_("队长"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    founded_on = models.DateField(_("成立日期"))
    dissolved = models.BooleanField(_("已解散"), default=False)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("志愿服务队")
        verbose_name_plural = _("志愿服务队")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="volunteer_team_name_once")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    county = county_field()
    org_path = path_field()
    team = models.ForeignKey(
        VolunteerTeam, verbose_name=_("志愿服务队"), on_delete=models.CASCADE, related_name="members"
    )
    person = person_field(related_name="volunteer_teams")
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("志愿者")
        verbose_name_plural = _("志愿者")
        constraints = [models.UniqueConstraint(fields=["team", "person"], name="team_member_once")]

    def __str__(self) -> str:
        return f"{self.team} {self.person}"


class VolunteerActivity(ChoiceLabelsMixin, models.Model):
    """A service activity: when, where, how many volunteers are wanted; members sign up and their hours are
    confirmed afterwards (the hours feed the points)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    team = models.ForeignKey(
        VolunteerTeam,
        verbose_name=_("志愿服务队"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField(_("活动名称"), max_length=100)
    description = models.TextField(_("活动内容"), blank=True)
    place = models.CharField(_("地点"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("招募人数"), default=0)
    status = models.CharField(_("状态"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.OPEN)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("志愿服务活动")
        verbose_name_plural = _("志愿服务活动")
        indexes = scoped_indexes("vol_activity")

    def __str__(self) -> str:
        return self.title


class Signup(models.Model):
    """A member signed up for an activity; `hours` are confirmed by the organiser after it."""

    county = county_field()
    org_path = path_field()
    activity_path = path_field("活动组织路径")
    activity = models.ForeignKey(
        VolunteerActivity, verbose_name=_("志愿服务活动"), on_delete=models.CASCADE, related_name="signups"
    )
    person = person_field(related_name="volunteer_signups")
    signed_at = models.DateTimeField(_("报名时间"), auto_now_add=True)
    hours = models.DecimalField(_("服务时长(小时)"), max_digits=5, decimal_places=1, default=Decimal("0.0"))
    confirmed = models.BooleanField(_("时长已确认"), default=False)

    scope = ScopeRule(
        path="org_path", county="county_id", person="person_id", also_path="activity_path", also_county="county_id"
    )
    audit_fields_exclude = ("org_path", "activity_path", "signed_at")

    class Meta:
        verbose_name = _("志愿服务报名")
        verbose_name_plural = _("志愿服务报名")
        constraints = [models.UniqueConstraint(fields=["activity", "person"], name="signup_once")]
        indexes = scoped_indexes("signup", models.Index(fields=["person", "activity"], name="signup_person"))

    def __str__(self) -> str:
        return f"{self.person} {self.activity}"
