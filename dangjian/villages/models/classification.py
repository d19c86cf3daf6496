"""村级分类 (F4.1): the county's categories of villages (四类村) defined by a rule over the data, the yearly evaluation
with its reason on every row, the data the rules read that no other area keeps (人居环境 scores, 革命老区村 flags,
hand marks), and 一村一策 (one policy per village per category per year)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages.choices import CategoryBasis, PolicyStatus, VillageTag

__all__ = [
    "ClassificationResult",
    "ClassificationRun",
    "EnvironmentAssessment",
    "ManualMark",
    "VillageCategory",
    "VillagePolicy",
    "VillageProfile",
]


class VillageCategory(ChoiceLabelsMixin, models.Model):
    """A category the county defines (组织软弱村, 环境脏乱村, 贫困老区村, 集体经济空壳村 …): what it means (`tag`), the
    rule that puts a village in it (`basis` with its `threshold`), from which year, and whether it is in use."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("类别名称"), max_length=40)
    tag = models.CharField(_("类别性质"), max_length=16, choices=VillageTag.choices)
    basis = models.CharField(_("认定规则"), max_length=20, choices=CategoryBasis.choices)
    threshold = models.DecimalField(
        _("标准值"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("收入标准(元)或人居环境评分标准"),
    )
    description = models.CharField(_("认定说明"), max_length=200, blank=True)
    since_year = models.PositiveSmallIntegerField(_("起用年度"))
    active = models.BooleanField(_("启用"), default=True)
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("村级分类类别")
        verbose_name_plural = _("村级分类类别")
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="classification_category_name_once")]

    def __str__(self) -> str:
        return self.name


class ClassificationRun(models.Model):
    """One year's evaluation of a county (re-running the year replaces its results): when, and what it found."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("县(区)"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    villages = models.PositiveIntegerField(_("参评村数"), default=0)
    classified = models.PositiveIntegerField(_("列入类别村数(去重)"), default=0)
    results = models.PositiveIntegerField(_("分类结果条数"), default=0)
    evaluated_at = models.DateTimeField(_("评定时间"))

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("村级分类评定")
        verbose_name_plural = _("村级分类评定")
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="classification_run_year_once")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年村级分类评定"


class ClassificationResult(models.Model):
    """A village in a category in a year, with the reason the rule gave ("集体经济收入3.2万元,低于5万元")."""

    county = county_field()
    org = models.ForeignKey(
        "core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="classification_results"
    )
    org_path = path_field()
    category = models.ForeignKey(
        VillageCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="results"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    reason = models.CharField(_("列入原因"), max_length=300)
    unreported = models.BooleanField(_("未填报"), default=False)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("村级分类结果")
        verbose_name_plural = _("村级分类结果")
        constraints = [models.UniqueConstraint(fields=["category", "org", "year"], name="classification_result_once")]
        indexes = scoped_indexes(
            "class_result", models.Index(fields=["county", "year", "category"], name="class_result_year")
        )

    def __str__(self) -> str:
        return f"{self.org} {self.year}年 {self.category}"


class EnvironmentAssessment(models.Model):
    """人居环境 assessment of a village for a year, entered by the township: a score 0–100 and/or 不达标."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    year = models.PositiveSmallIntegerField(_("年度"))
    score = models.PositiveSmallIntegerField(_("人居环境评分"), null=True, blank=True)
    substandard = models.BooleanField(_("不达标"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("人居环境评定")
        verbose_name_plural = _("人居环境评定")
        constraints = [
            models.UniqueConstraint(fields=["org", "year"], name="classification_env_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100), name="classification_env_score_range"
            ),
        ]
        indexes = scoped_indexes("class_env")

    def __str__(self) -> str:
        return f"{self.org} {self.year}年人居环境"


class VillageProfile(models.Model):
    """Standing facts of a village the rules read and core does not keep: 革命老区村."""

    county = county_field()
    org = models.OneToOneField(
        "core.Org", verbose_name=_("村党组织"), on_delete=models.CASCADE, related_name="village_profile"
    )
    org_path = path_field()
    old_revolutionary_base = models.BooleanField(_("革命老区村"), default=False)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "updated_at")

    class Meta:
        verbose_name = _("村情档案")
        verbose_name_plural = _("村情档案")

    def __str__(self) -> str:
        return f"{self.org}"


class ManualMark(models.Model):
    """A village put in a hand-marked category (乱村, 专业村 …) for a year by the county or township, with why."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    category = models.ForeignKey(
        VillageCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="marks"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    reason = models.CharField(_("认定理由"), max_length=200)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("人工认定")
        verbose_name_plural = _("人工认定")
        constraints = [models.UniqueConstraint(fields=["category", "org", "year"], name="classification_mark_once")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年 {self.category}"


class VillagePolicy(ChoiceLabelsMixin, models.Model):
    """一村一策: the measures for a village in a category in a year, who answers for them, by when, how far."""

    county = county_field()
    org = models.ForeignKey(
        "core.Org", verbose_name=_("村党组织"), on_delete=models.PROTECT, related_name="village_policies"
    )
    org_path = path_field()
    category = models.ForeignKey(
        VillageCategory, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="policies"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    measures = models.TextField(_("整治措施"))
    responsible = models.CharField(_("责任人"), max_length=50)
    target_date = models.DateField(_("完成时限"))
    status = models.CharField(_("进展"), max_length=12, choices=PolicyStatus.choices, default=PolicyStatus.PLANNED)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("一村一策")
        verbose_name_plural = _("一村一策")
        constraints = [models.UniqueConstraint(fields=["category", "org", "year"], name="classification_policy_once")]
        indexes = scoped_indexes("class_policy")

    def __str__(self) -> str:
        return f"{self.org} {self.year}年 {self.category} 一村一策"
