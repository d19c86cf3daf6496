"""软弱涣散整顿 (F4.2): the county's yearly round, the ranking scores and criteria per branch, the candidates the
county confirms (the listed branches), and per listed branch the rectification case with its county leader, team,
plan, ledger (台账), supervision visits and the five "不撤离" exit conditions."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import (
    CandidateSource,
    CandidateStatus,
    CaseStatus,
    ExitCondition,
    RoundStatus,
    TeamRole,
)

__all__ = [
    "RectAssessment",
    "RectCandidate",
    "RectCase",
    "RectEntry",
    "RectExitCheck",
    "RectRound",
    "RectTeamMember",
    "RectVisit",
]


class RectRound(ChoiceLabelsMixin, models.Model):
    """The county's identification round of a year: the bottom share of the ranking (never below 10%) plus the
    branches showing a listed criterion become candidates."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("组织部门"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("轮次名称"), max_length=100)
    ratio = models.DecimalField(_("倒排比例(%)"), max_digits=5, decimal_places=2, default=Decimal("10.00"))
    opened_on = models.DateField(_("启动日期"))
    status = models.CharField(_("状态"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("软弱涣散整顿轮次")
        verbose_name_plural = _("软弱涣散整顿轮次")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="rect_round_year_once"),
            models.CheckConstraint(
                condition=Q(ratio__gte=Decimal("10")) & Q(ratio__lte=Decimal("100")), name="rect_round_ratio_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RectAssessment(models.Model):
    """A branch's input to a round: the county's annual assessment score (ranked) and the criteria ticked."""

    county = county_field()
    round = models.ForeignKey(RectRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="assessments")
    org = models.ForeignKey("core.Org", verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    score = models.DecimalField(_("年度考核得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    criteria = models.JSONField(_("软弱涣散情形"), default=list, blank=True)
    note = models.CharField(_("情形说明"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("软弱涣散排查评分")
        verbose_name_plural = _("软弱涣散排查评分")
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="rect_assessment_once")]
        indexes = scoped_indexes("rect_assess")

    def __str__(self) -> str:
        return f"{self.round} {self.org}"


class RectCandidate(ChoiceLabelsMixin, models.Model):
    """A branch proposed for the list (by the ranking, a criterion, or the township); the county confirms or rejects.
    Confirmed = listed (整顿对象)."""

    county = county_field()
    round = models.ForeignKey(RectRound, verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="candidates")
    org = models.ForeignKey("core.Org", verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    source = models.CharField(_("提出方式"), max_length=12, choices=CandidateSource.choices)
    reason = models.CharField(_("列入理由"), max_length=500)
    rank = models.PositiveIntegerField(_("排名"), null=True, blank=True)
    ranked = models.PositiveIntegerField(_("参加排名数"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=CandidateStatus.choices, default=CandidateStatus.PROPOSED
    )
    proposed_on = models.DateField(_("提出日期"))
    decided_on = models.DateField(_("确认日期"), null=True, blank=True)
    decision_note = models.CharField(_("确认意见"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("软弱涣散候选对象")
        verbose_name_plural = _("软弱涣散候选对象")
        constraints = [
            models.UniqueConstraint(fields=["round", "org"], name="rect_candidate_once"),
            models.CheckConstraint(
                condition=Q(status=CandidateStatus.PROPOSED) | Q(decided_on__isnull=False),
                name="rect_candidate_decided_dated",
            ),
        ]
        indexes = scoped_indexes("rect_cand")

    def __str__(self) -> str:
        return f"{self.round} {self.org}"


class RectCase(ChoiceLabelsMixin, models.Model):
    """A listed branch under rectification (整顿对象): its county leader (分包县级领导), its plan, and the exit
    (整顿到位) accepted by the county on `exited_on`."""

    county = county_field()
    round = models.ForeignKey(RectRound, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="cases")
    candidate = models.OneToOneField(
        RectCandidate, verbose_name=_("候选对象"), on_delete=models.PROTECT, related_name="case"
    )
    org = models.ForeignKey("core.Org", verbose_name=_("整顿对象"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    listed_on = models.DateField(_("确定日期"))
    leader_name = models.CharField(_("分包县级领导"), max_length=50, blank=True)
    leader_post = models.CharField(_("领导职务"), max_length=100, blank=True)
    leader_person = models.ForeignKey(
        "core.Person",
        verbose_name=_("分包领导(党员)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    problems = models.TextField(_("存在问题"), blank=True)
    measures = models.TextField(_("整顿措施"), blank=True)
    target_on = models.DateField(_("计划完成日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.RECTIFYING)
    applied_on = models.DateField(_("申请验收日期"), null=True, blank=True)
    exited_on = models.DateField(_("整顿到位日期"), null=True, blank=True)
    return_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("软弱涣散整顿对象")
        verbose_name_plural = _("软弱涣散整顿对象")
        constraints = [
            models.UniqueConstraint(fields=["round", "org"], name="rect_case_once"),
            models.CheckConstraint(
                condition=(Q(status=CaseStatus.EXITED) & Q(exited_on__isnull=False))
                | (~Q(status=CaseStatus.EXITED) & Q(exited_on__isnull=True)),
                name="rect_case_exit_dated",
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("listed_on")),
                name="rect_case_exit_after_listing",
            ),
        ]
        indexes = scoped_indexes("rect_case", models.Index(fields=["county", "listed_on"], name="rect_case_listed"))

    def __str__(self) -> str:
        return f"{self.org}({self.round.year}年)"


class RectTeamMember(ChoiceLabelsMixin, models.Model):
    """The rectification team (整顿工作队) led by the township secretary: 包村干部, 相关工作人员."""

    county = county_field()
    org_path = path_field()
    case = models.ForeignKey(RectCase, verbose_name=_("整顿对象"), on_delete=models.CASCADE, related_name="team")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    role = models.CharField(_("队内分工"), max_length=8, choices=TeamRole.choices, default=TeamRole.MEMBER)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("整顿工作队成员")
        verbose_name_plural = _("整顿工作队成员")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(role=TeamRole.LEADER), name="rect_team_one_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.name}({self.post})"


class RectEntry(models.Model):
    """One line of the ledger (整顿台账): a measure taken and its progress, on a date, by whom."""

    county = county_field()
    org_path = path_field()
    case = models.ForeignKey(RectCase, verbose_name=_("整顿对象"), on_delete=models.CASCADE, related_name="entries")
    occurred_on = models.DateField(_("日期"))
    measure = models.CharField(_("整顿措施"), max_length=200)
    progress = models.TextField(_("进展情况"))
    responsible = models.CharField(_("责任人"), max_length=50)
    attachment = models.FileField(_("佐证材料"), upload_to="rectification/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "attachment")

    class Meta:
        verbose_name = _("整顿台账")
        verbose_name_plural = _("整顿台账")
        indexes = scoped_indexes("rect_entry", models.Index(fields=["case", "occurred_on"], name="rect_entry_case"))

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.measure}"


class RectVisit(models.Model):
    """A supervision visit (督导检查): who came, what they found, what they required."""

    county = county_field()
    org_path = path_field()
    case = models.ForeignKey(RectCase, verbose_name=_("整顿对象"), on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("督导日期"))
    visitors = models.CharField(_("督导人员"), max_length=200)
    findings = models.TextField(_("发现问题"))
    requirements = models.TextField(_("整改要求"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("整顿督导")
        verbose_name_plural = _("整顿督导")
        indexes = scoped_indexes("rect_visit")

    def __str__(self) -> str:
        return f"{self.visited_on} {self.visitors}"


class RectExitCheck(ChoiceLabelsMixin, models.Model):
    """One of the five "不撤离" conditions of a case, ticked with its evidence."""

    county = county_field()
    org_path = path_field()
    case = models.ForeignKey(RectCase, verbose_name=_("整顿对象"), on_delete=models.CASCADE, related_name="checks")
    condition = models.CharField(_("不撤离条件"), max_length=20, choices=ExitCondition.choices)
    met = models.BooleanField(_("已达到"), default=False)
    evidence = models.TextField(_("佐证说明"), blank=True)
    attachment = models.FileField(_("佐证材料"), upload_to="rectification/%Y/%m/", blank=True)
    checked_on = models.DateField(_("确认日期"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "attachment")

    class Meta:
        verbose_name = _("不撤离条件")
        verbose_name_plural = _("不撤离条件")
        constraints = [
            models.UniqueConstraint(fields=["case", "condition"], name="rect_check_once"),
            models.CheckConstraint(condition=Q(met=False) | ~Q(evidence=""), name="rect_check_met_evidenced"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_condition_display()}"
