"""村级换届 (F4.8): the county's election rounds, each village's term change with its old and new committees (两委),
from which the structure report before/after is computed (seed 003: 35岁以下占6.4%,比换届前提高2.2个百分点)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import Education, Gender
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import ChangeStatus, CommitteeBody, CommitteePost, CommitteeSide, ElectionBody

__all__ = ["CommitteeMember", "ElectionChange", "ElectionRound"]


class ElectionRound(models.Model):
    """A county's round of village elections (换届批次), published to its whole subtree."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("组织单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("换届年度"))
    period = models.CharField(_("届次"), max_length=40, help_text=_("如:第十一届"))
    name = models.CharField(_("批次名称"), max_length=100)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("换届批次")
        verbose_name_plural = _("换届批次")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="elections_round_year_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="elections_round_dates",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ElectionChange(ChoiceLabelsMixin, models.Model):
    """One village's term change in a round: the committees before and after (member rows), the new term."""

    county = county_field()
    round = models.ForeignKey(
        ElectionRound, verbose_name=_("换届批次"), on_delete=models.PROTECT, related_name="changes"
    )
    org = models.ForeignKey("core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    body = models.CharField(_("换届机构"), max_length=12, choices=ElectionBody.choices, default=ElectionBody.BOTH)
    election_date = models.DateField(_("选举日期"))
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期届满"))
    status = models.CharField(_("状态"), max_length=12, choices=ChangeStatus.choices, default=ChangeStatus.PLANNED)
    previous = models.ForeignKey(
        "self", verbose_name=_("上次换届"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("村级换届")
        verbose_name_plural = _("村级换届")
        constraints = [
            models.UniqueConstraint(fields=["round", "org"], name="elections_change_once"),
            models.CheckConstraint(condition=models.Q(term_end__gt=models.F("term_start")), name="elections_term"),
        ]
        indexes = scoped_indexes("el_change")

    def __str__(self) -> str:
        return f"{self.org} {self.election_date:%Y-%m-%d}"


class CommitteeMember(ChoiceLabelsMixin, models.Model):
    """A member of a committee before (old) or after (new) a change; 一肩挑 marks the head holding both posts."""

    county = county_field()
    org_path = path_field()
    change = models.ForeignKey(
        ElectionChange, verbose_name=_("村级换届"), on_delete=models.CASCADE, related_name="members"
    )
    side = models.CharField(_("换届前后"), max_length=8, choices=CommitteeSide.choices)
    body = models.CharField(_("所在委员会"), max_length=12, choices=CommitteeBody.choices)
    post = models.CharField(_("职务"), max_length=20, choices=CommitteePost.choices)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=32, choices=Education.choices)
    concurrent = models.BooleanField(_("一肩挑(书记兼主任)"), default=False)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("党员"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("两委成员")
        verbose_name_plural = _("两委成员")
        indexes = scoped_indexes("el_member", models.Index(fields=["change", "side"], name="el_member_side"))

    def __str__(self) -> str:
        return f"{self.name}({self.get_post_display()})"
