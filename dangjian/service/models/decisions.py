"""四议两公开 (F5.5): a village's major matter (`Decision`) passes six steps in order — 党支部会提议, 两委会商议,
党员大会审议, 村民代表会议决议, 决议公开, 实施结果公开 — each recorded as a `DecisionStep` (a failed meeting is kept and
may be held again: one row per attempt). The two disclosures appear on the place's public page for the county's
period (`DisclosurePolicy`).

The matter keeps its status and the dates finance, the 民情 figures and the public pages read (`resolved_on`,
`disclosed_on`, …) denormalised; only the services write them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, money_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.service.choices import DecisionCategory, DecisionStatus, DecisionStepKind, DisclosureChannel
from dangjian.service.rules import DISCLOSURE_ON_TIME_DEFAULT, DISCLOSURE_PERIOD_DEFAULT

__all__ = ["Decision", "DecisionStep", "DisclosurePolicy"]


class DisclosurePolicy(models.Model):
    """A county's disclosure setting: how many days a disclosure stays on the public page (a village may choose a
    longer period for one disclosure, never a shorter one), and within how many days of the resolution 决议公开
    counts as on time."""

    county = models.OneToOneField(
        "core.Org",
        verbose_name=_("县(区)"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="disclosure_policy",
    )
    period_days = models.PositiveSmallIntegerField(_("公开期限(天)"), default=DISCLOSURE_PERIOD_DEFAULT)
    on_time_days = models.PositiveSmallIntegerField(_("决议公开时限(天)"), default=DISCLOSURE_ON_TIME_DEFAULT)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("四议两公开公开设置")
        verbose_name_plural = _("四议两公开公开设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_days__gte=7, period_days__lte=365), name="decisions_policy_period_range"
            ),
            models.CheckConstraint(
                condition=Q(on_time_days__gte=1, on_time_days__lte=90), name="decisions_policy_on_time_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} 四议两公开公开设置"


class Decision(ChoiceLabelsMixin, models.Model):
    """A major matter of a village or community (重大事项) decided by 四议两公开."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    title = models.CharField(_("事项名称"), max_length=100)
    category = models.CharField(_("事项类别"), max_length=24, choices=DecisionCategory.choices)
    description = models.TextField(_("事项内容"), blank=True)
    amount = money_field(_("涉及金额(元)"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.STEP1, editable=False
    )
    current_step = models.PositiveSmallIntegerField(_("当前步骤"), default=1, editable=False)
    started_on = models.DateField(_("提议日期"), null=True, blank=True, editable=False)
    resolved_on = models.DateField(_("决议日期"), null=True, blank=True, editable=False)
    disclosed_on = models.DateField(_("决议公开日期"), null=True, blank=True, editable=False)
    disclosure_lag = models.PositiveSmallIntegerField(_("决议后公开天数"), null=True, blank=True, editable=False)
    completed_on = models.DateField(_("实施结果公开日期"), null=True, blank=True, editable=False)
    failed_on = models.DateField(_("终止日期"), null=True, blank=True, editable=False)
    closing_note = models.CharField(_("未通过说明"), max_length=300, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("四议两公开事项")
        verbose_name_plural = _("四议两公开事项")
        constraints = [
            models.CheckConstraint(condition=Q(amount__isnull=True) | Q(amount__gte=0), name="decisions_amount"),
            models.CheckConstraint(condition=Q(current_step__gte=1, current_step__lte=6), name="decisions_step"),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(status__in=["resolved", "disclosed", "completed"]),
                name="decisions_resolved_status",
            ),
        ]
        indexes = scoped_indexes(
            "decision",
            models.Index(fields=["county", "resolved_on"], name="decision_county_resolved"),
            models.Index(fields=["org", "status"], name="decision_org_status"),
        )

    def __str__(self) -> str:
        return self.title


class DecisionStep(ChoiceLabelsMixin, models.Model):
    """One attempt at a step of a matter. Steps 1–4 are meetings (attendance, votes, the verdict by the step's rule);
    steps 5–6 are disclosures (channel, published content, display period: public from `held_on` through
    `public_until`). Notes and minutes are internal and never public."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村(社区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    decision = models.ForeignKey(Decision, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="steps")
    step = models.PositiveSmallIntegerField(_("步骤"), choices=DecisionStepKind.choices)
    attempt = models.PositiveSmallIntegerField(_("第几次"), default=1)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    expected = models.PositiveIntegerField(_("应到人数"), null=True, blank=True)
    present = models.PositiveIntegerField(_("实到人数"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对票"), null=True, blank=True)
    abstentions = models.PositiveIntegerField(_("弃权票"), null=True, blank=True)
    valid = models.BooleanField(_("会议有效"), default=True)
    passed = models.BooleanField(_("通过"), default=False)
    verdict = models.CharField(_("表决结果"), max_length=200, blank=True)
    channel = models.CharField(_("公开形式"), max_length=12, choices=DisclosureChannel.choices, blank=True)
    content = models.TextField(_("公开内容"), blank=True)
    period_days = models.PositiveSmallIntegerField(_("公开期限(天)"), null=True, blank=True)
    public_until = models.DateField(_("公开截止日期"), null=True, blank=True, editable=False)
    notes = models.TextField(_("备注(内部)"), blank=True)
    minutes = models.FileField(_("会议记录"), upload_to="service/decisions/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "minutes")

    class Meta:
        verbose_name = _("四议两公开步骤")
        verbose_name_plural = _("四议两公开步骤")
        ordering = ["decision_id", "step", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "step", "attempt"], name="decisions_step_attempt_once"),
            models.CheckConstraint(condition=Q(step__gte=1, step__lte=6), name="decisions_step_number"),
            models.CheckConstraint(
                condition=Q(present__isnull=True) | Q(expected__isnull=True) | Q(present__lte=F("expected")),
                name="decisions_step_present_le_expected",
            ),
            models.CheckConstraint(
                condition=Q(present__isnull=True)
                | Q(votes_for__isnull=True)
                | Q(votes_against__isnull=True)
                | Q(abstentions__isnull=True)
                | Q(present__gte=F("votes_for") + F("votes_against") + F("abstentions")),
                name="decisions_step_votes_le_present",
            ),
            models.CheckConstraint(
                condition=Q(public_until__isnull=True) | Q(public_until__gte=F("held_on")),
                name="decisions_step_public_until",
            ),
        ]
        indexes = scoped_indexes(
            "decision_step",
            models.Index(fields=["org", "step", "public_until"], name="decision_step_public"),
        )

    def __str__(self) -> str:
        return f"{self.decision} 第{self.step}步"
