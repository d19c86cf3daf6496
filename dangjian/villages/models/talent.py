"""Talent pools (人才队伍, F4.7): reserve cadres, returnees, 一村一名大学生, experts and 乡土人才 as one record per
person and pool; service teams; secondments (挂职) with their terms; "1+N" mentoring pairs (传帮带)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangjian.core.choices import Education, Gender
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.villages import rules
from dangjian.villages.choices import (
    ExpertField,
    MentoringStatus,
    PoliticalStatus,
    SecondmentStatus,
    ServiceTeamKind,
    TalentPool,
    TalentStatus,
)

__all__ = [
    "MentoringMentee",
    "MentoringNote",
    "MentoringPair",
    "Secondment",
    "ServiceTeam",
    "ServiceTeamMember",
    "Talent",
    "TalentSetting",
]


class TalentSetting(models.Model):
    """A county's preferences for reserve cadres ("一村至少N名后备干部", age and education)."""

    county = models.OneToOneField(
        "core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, primary_key=True, related_name="talent_setting"
    )
    min_reserve_per_village = models.PositiveSmallIntegerField(
        _("每村至少后备干部(名)"), default=rules.RESERVE_MIN_PER_VILLAGE
    )
    reserve_max_age = models.PositiveSmallIntegerField(_("后备干部年龄上限(岁,含)"), default=rules.RESERVE_MAX_AGE)
    reserve_min_education = models.CharField(
        _("后备干部学历要求(及以上)"), max_length=32, choices=Education.choices, default=rules.RESERVE_MIN_EDUCATION
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("人才队伍设置")
        verbose_name_plural = _("人才队伍设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(reserve_max_age__gte=18, reserve_max_age__lte=70), name="talent_setting_age_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} 人才队伍设置"


class Talent(ChoiceLabelsMixin, models.Model):
    """One person in one pool of an org (village or township); optionally the core Person it is."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    person = models.ForeignKey(
        "core.Person", verbose_name=_("对应党员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pool = models.CharField(_("人才类别"), max_length=16, choices=TalentPool.choices)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=32, choices=Education.choices)
    political_status = models.CharField(_("政治面貌"), max_length=16, choices=PoliticalStatus.choices)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    speciality = models.CharField(_("特长"), max_length=100, blank=True)
    expert_field = models.CharField(_("专业领域"), max_length=16, choices=ExpertField.choices, blank=True)
    started_business = models.BooleanField(_("已创业"), default=False)
    business = models.CharField(_("创业项目"), max_length=100, blank=True)
    entry_date = models.DateField(_("入库日期"))
    status = models.CharField(_("状态"), max_length=12, choices=TalentStatus.choices, default=TalentStatus.ACTIVE)
    status_reason = models.CharField(_("使用或退出原因"), max_length=200, blank=True)
    status_date = models.DateField(_("状态变更日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("人才")
        verbose_name_plural = _("人才")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "pool"],
                condition=Q(person__isnull=False) & ~Q(status="exited"),
                name="talent_person_pool_once",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | (Q(status_date__isnull=False) & ~Q(status_reason="")),
                name="talent_status_reason_dated",
            ),
        ]
        indexes = scoped_indexes("talent", models.Index(fields=["county", "pool", "status"], name="talent_pool"))

    def __str__(self) -> str:
        return f"{self.name}({self.get_pool_display()})"


class ServiceTeam(ChoiceLabelsMixin, models.Model):
    """A service team of an org (农技服务队, 党员创业先锋服务队, 远程教育辅导员队)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    name = models.CharField(_("队伍名称"), max_length=100)
    kind = models.CharField(_("队伍类别"), max_length=16, choices=ServiceTeamKind.choices)
    service_area = models.CharField(_("服务内容"), max_length=200, blank=True)
    founded_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("解散日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("人才服务队")
        verbose_name_plural = _("人才服务队")
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="talent_team_name_once")]

    def __str__(self) -> str:
        return self.name


class ServiceTeamMember(models.Model):
    """A talent record serving in a team; leaving keeps the row, dated."""

    county = county_field()
    org_path = path_field()
    team = models.ForeignKey(ServiceTeam, verbose_name=_("服务队"), on_delete=models.CASCADE, related_name="members")
    talent = models.ForeignKey(Talent, verbose_name=_("人才"), on_delete=models.PROTECT, related_name="team_rows")
    is_leader = models.BooleanField(_("队长"), default=False)
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("服务队队员")
        verbose_name_plural = _("服务队队员")
        constraints = [models.UniqueConstraint(fields=["team", "talent"], name="talent_team_member_once")]

    def __str__(self) -> str:
        return f"{self.team} {self.talent.name}"


class Secondment(ChoiceLabelsMixin, models.Model):
    """挂职: a person from one unit serving in another org (a township or village) for a term of months."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("挂职单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    from_org = models.ForeignKey(
        "core.Org", verbose_name=_("派出组织"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_path = models.CharField(_("派出组织路径"), max_length=255, blank=True, editable=False)
    from_unit = models.CharField(_("派出单位"), max_length=100)
    person = models.ForeignKey(
        "core.Person", verbose_name=_("对应党员"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=50)
    original_post = models.CharField(_("原职务"), max_length=100, blank=True)
    post = models.CharField(_("挂职职务"), max_length=100)
    start = models.DateField(_("挂职开始日期"))
    term_months = models.PositiveSmallIntegerField(_("挂职期限(月)"))
    end = models.DateField(_("期满日期"))
    status = models.CharField(
        _("状态"), max_length=12, choices=SecondmentStatus.choices, default=SecondmentStatus.ACTIVE
    )
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("提前结束原因"), max_length=200, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(
        path="org_path", county="county_id", person="person_id", also_path="from_path", also_county="county_id"
    )
    audit_fields_exclude = ("org_path", "from_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("挂职")
        verbose_name_plural = _("挂职")
        constraints = [
            models.CheckConstraint(condition=Q(term_months__gte=1), name="talent_secondment_term_positive"),
            models.CheckConstraint(
                condition=~Q(status="ended_early") | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
                name="talent_secondment_early_reason",
            ),
        ]
        indexes = scoped_indexes("talent_sec", models.Index(fields=["county", "status", "end"], name="talent_sec_end"))

    def __str__(self) -> str:
        return f"{self.name} {self.post}"


class MentoringPair(ChoiceLabelsMixin, models.Model):
    """ "1+N" 传帮带: one mentor (an experienced secretary or cadre) with N mentees of the org's talent pools."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("所属组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    mentor_name = models.CharField(_("导师姓名"), max_length=50)
    mentor_person = models.ForeignKey(
        "core.Person", verbose_name=_("导师(党员)"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    mentor_post = models.CharField(_("导师职务"), max_length=100)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("计划结束日期"))
    goals = models.TextField(_("帮带目标"))
    status = models.CharField(_("状态"), max_length=12, choices=MentoringStatus.choices, default=MentoringStatus.ACTIVE)
    ended_on = models.DateField(_("实际结束日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at", "updated_at")

    class Meta:
        verbose_name = _("1+N帮带")
        verbose_name_plural = _("1+N帮带")
        constraints = [models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="talent_mentoring_dates")]
        indexes = scoped_indexes("talent_mentor")

    def __str__(self) -> str:
        return f"{self.mentor_name}帮带组"


class MentoringMentee(models.Model):
    """A mentee of a pair; a talent record has at most one active mentor (ended_on empty)."""

    county = county_field()
    org_path = path_field()
    pair = models.ForeignKey(MentoringPair, verbose_name=_("帮带组"), on_delete=models.CASCADE, related_name="mentees")
    talent = models.ForeignKey(Talent, verbose_name=_("帮带对象"), on_delete=models.PROTECT, related_name="mentor_rows")
    joined_on = models.DateField(_("结对日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("帮带对象")
        verbose_name_plural = _("帮带对象")
        constraints = [
            models.UniqueConstraint(
                fields=["talent"], condition=Q(ended_on__isnull=True), name="talent_mentee_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pair} {self.talent.name}"


class MentoringNote(models.Model):
    """A periodic note of a pair (谈心谈话, 带学带干, 阶段小结)."""

    county = county_field()
    org_path = path_field()
    pair = models.ForeignKey(MentoringPair, verbose_name=_("帮带组"), on_delete=models.CASCADE, related_name="notes")
    noted_on = models.DateField(_("日期"))
    content = models.TextField(_("帮带情况"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("帮带记录")
        verbose_name_plural = _("帮带记录")

    def __str__(self) -> str:
        return f"{self.pair} {self.noted_on}"
