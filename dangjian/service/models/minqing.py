"""民情夜市 and residents' issues, disputes and mediation (F5.4, 一员两中心): the weekly evening sessions of a village,
the issues residents raise there or elsewhere (交办 → 办结 → 反馈), the mediators registered at town, village and group
level, and the disputes they mediate (escalated level by level, never back down).

What is private: the raiser of an issue (name, phone), the parties to a dispute, a mediator's phone. Hosts of a
session and mediators' names are public (the notice board shows them)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import (
    DisputeKind,
    DisputeStatus,
    IssueCategory,
    IssueChannel,
    IssueFeedback,
    IssueStatus,
    MediationLevel,
    ReferTarget,
)

__all__ = ["Dispute", "MediationSession", "Mediator", "MinqingIssue", "NightMarket"]


class NightMarket(models.Model):
    """One 民情夜市 of a village: held (or announced) on a day, in the evening, hosted by the village cadres."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    held_on = models.DateField(_("举办日期"))
    starts_at = models.TimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=100)
    hosts = models.CharField(_("主持村干部"), max_length=200)
    town_cadre = models.CharField(_("参加乡镇干部"), max_length=100, blank=True)
    attendance = models.PositiveIntegerField(_("群众参与人数"), default=0)
    topics = models.TextField(_("议题"), blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("民情夜市")
        verbose_name_plural = _("民情夜市")
        constraints = [models.UniqueConstraint(fields=["org", "held_on"], name="minqing_market_once_a_day")]
        indexes = scoped_indexes(
            "minqing_market",
            models.Index(fields=["org", "held_on"], name="minqing_market_org_day"),
            models.Index(fields=["county", "held_on"], name="minqing_market_county_day"),
        )

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} 民情夜市"


class MinqingIssue(ChoiceLabelsMixin, models.Model):
    """A resident's issue (民情诉求): who raised it (private; or anonymous), what about, who handles it by when, how
    it was resolved, and what the raiser said of it."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    session = models.ForeignKey(
        NightMarket,
        verbose_name=_("民情夜市"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
    )
    channel = models.CharField(_("反映渠道"), max_length=16, choices=IssueChannel.choices)
    raised_on = models.DateField(_("反映日期"))
    anonymous = models.BooleanField(_("匿名反映"), default=False)
    raiser_name = models.CharField(_("反映人"), max_length=50, blank=True)
    raiser_phone = models.CharField(_("反映人电话"), max_length=20, blank=True)
    category = models.CharField(_("问题类别"), max_length=16, choices=IssueCategory.choices)
    content = models.TextField(_("诉求内容"))
    status = models.CharField(_("状态"), max_length=16, choices=IssueStatus.choices, default=IssueStatus.PENDING)
    assignee_name = models.CharField(_("承办人"), max_length=50, blank=True)
    assignee_person = models.ForeignKey(
        "core.Person", verbose_name=_("承办人(党员)"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_on = models.DateField(_("交办日期"), null=True, blank=True)
    due_on = models.DateField(_("办理时限"), null=True, blank=True)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)
    result = models.TextField(_("办理结果"), blank=True)
    unresolvable_reason = models.TextField(_("无法解决的原因"), blank=True)
    explained_on = models.DateField(_("向群众解释日期"), null=True, blank=True)
    feedback = models.CharField(_("群众评价"), max_length=12, choices=IssueFeedback.choices, blank=True)
    feedback_on = models.DateField(_("回访日期"), null=True, blank=True)
    feedback_note = models.CharField(_("回访情况"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("民情诉求")
        verbose_name_plural = _("民情诉求")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False) | (Q(raiser_name="") & Q(raiser_phone="")),
                name="minqing_issue_anonymous_unnamed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[IssueStatus.RESOLVED, IssueStatus.CLOSED]) | Q(resolved_on__isnull=False),
                name="minqing_issue_resolved_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=IssueStatus.CLOSED) | ~Q(feedback=""), name="minqing_issue_closed_rated"
            ),
            models.CheckConstraint(
                condition=~Q(status=IssueStatus.UNRESOLVABLE) | ~Q(unresolvable_reason=""),
                name="minqing_issue_unresolvable_reasoned",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="minqing_issue_resolved_after_raised",
            ),
        ]
        indexes = scoped_indexes(
            "minqing_issue",
            models.Index(fields=["county", "resolved_on"], name="minqing_issue_county_resolved"),
            models.Index(fields=["county", "raised_on"], name="minqing_issue_county_raised"),
            models.Index(fields=["org", "resolved_on"], name="minqing_issue_org_resolved"),
        )

    def __str__(self) -> str:
        return f"{self.get_category_display()}:{self.content[:20]}"


class Mediator(ChoiceLabelsMixin, models.Model):
    """A registered mediator (调解员): town level under the township, village and group level under the village."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    level = models.CharField(_("调解层级"), max_length=8, choices=MediationLevel.choices)
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    group_name = models.CharField(_("村民小组"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("党员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appointed_on = models.DateField(_("聘任日期"), null=True, blank=True)
    active = models.BooleanField(_("在任"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("调解员")
        verbose_name_plural = _("调解员")
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["group", "village", "town"]), name="minqing_mediator_three_levels"
            ),
            models.CheckConstraint(
                condition=~Q(level="group") | ~Q(group_name=""), name="minqing_mediator_group_named"
            ),
        ]
        indexes = scoped_indexes("minqing_med")

    def __str__(self) -> str:
        return f"{self.name}({self.get_level_display()}调解员)"


class Dispute(ChoiceLabelsMixin, models.Model):
    """A dispute (矛盾纠纷) of a village (or received by the township): its parties (private), where it is mediated
    now, and its outcome — 调解成功 with the agreement, or 调解不成 referred to court, 信访 or arbitration."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("发生地"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    kind = models.CharField(_("纠纷类型"), max_length=16, choices=DisputeKind.choices)
    parties = models.CharField(_("当事人"), max_length=200)
    summary = models.TextField(_("纠纷情况"))
    received_on = models.DateField(_("受理日期"))
    received_level = models.CharField(_("受理层级"), max_length=8, choices=MediationLevel.choices)
    level = models.CharField(_("当前调解层级"), max_length=8, choices=MediationLevel.choices)
    escalated_on = models.DateField(_("上交日期"), null=True, blank=True)
    mediators = models.ManyToManyField(Mediator, verbose_name=_("调解员"), blank=True, related_name="disputes")
    status = models.CharField(_("状态"), max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.MEDIATING)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    agreement = models.TextField(_("调解协议"), blank=True)
    refer_target = models.CharField(_("移交去向"), max_length=12, choices=ReferTarget.choices, blank=True)
    refer_reason = models.TextField(_("调解不成原因"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("矛盾纠纷")
        verbose_name_plural = _("矛盾纠纷")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=DisputeStatus.MEDIATING) & Q(closed_on__isnull=True))
                | (~Q(status=DisputeStatus.MEDIATING) & Q(closed_on__isnull=False)),
                name="minqing_dispute_closed_dated",
            ),
            models.CheckConstraint(
                condition=~Q(status=DisputeStatus.SETTLED) | ~Q(agreement=""), name="minqing_dispute_settled_agreed"
            ),
            models.CheckConstraint(
                condition=~Q(status=DisputeStatus.REFERRED) | ~Q(refer_target=""),
                name="minqing_dispute_referred_somewhere",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("received_on")),
                name="minqing_dispute_closed_after_received",
            ),
        ]
        indexes = scoped_indexes(
            "minqing_dispute",
            models.Index(fields=["county", "closed_on"], name="minqing_dispute_county_closed"),
            models.Index(fields=["org", "closed_on"], name="minqing_dispute_org_closed"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()}纠纷({self.received_on:%Y-%m-%d})"


class MediationSession(ChoiceLabelsMixin, models.Model):
    """One mediation (调解) of a dispute at a level: when, by whom, what happened (internal)."""

    county = county_field()
    org_path = path_field()
    dispute = models.ForeignKey(Dispute, verbose_name=_("纠纷"), on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("调解日期"))
    level = models.CharField(_("调解层级"), max_length=8, choices=MediationLevel.choices)
    mediator_names = models.CharField(_("调解人员"), max_length=200, blank=True)
    note = models.TextField(_("调解情况"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("调解记录")
        verbose_name_plural = _("调解记录")
        indexes = scoped_indexes("minqing_msess")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_level_display()}调解"
