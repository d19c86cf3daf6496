from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core import crypto
from dangjian.core.choices import Education, Gender, Occupation
from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, org_field, path_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.members.choices import (
    STEP_CHOICES,
    ApplicantStatus,
    ProbationDecision,
    RecruitRole,
    TrainingMode,
)


class RecruitSetting(models.Model):
    """A county's recruitment settings: the periods rules.md leaves configurable and seed 004's 六评三定."""

    county = models.OneToOneField(
        "core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    six_three = models.BooleanField(_("实行“六评三定”"), default=False)
    pass_mark = models.DecimalField(_("量化考评合格分"), max_digits=6, decimal_places=2, default=60)
    talk_within_months = models.PositiveSmallIntegerField(_("申请后谈话期限(月)"), default=1)
    review_every_months = models.PositiveSmallIntegerField(_("积极分子考察间隔(月)"), default=6)
    approval_within_months = models.PositiveSmallIntegerField(_("审批期限(月)"), default=3)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="county__path", county="county_id", own_org=True)
    audit_fields_exclude = ("updated_at",)

    class Meta:
        verbose_name = _("发展党员设置")
        verbose_name_plural = _("发展党员设置")

    def __str__(self) -> str:
        return f"{self.county} 发展党员设置"


class ScoreItem(models.Model):
    """六评三定: one item the township scores candidates on, with its weight and maximum."""

    county = models.ForeignKey("core.Org", verbose_name=_("县(区)"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("考评项目"), max_length=50)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2, default=1)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(path="county__path", county="county_id")

    class Meta:
        verbose_name = _("量化考评项目")
        verbose_name_plural = _("量化考评项目")
        ordering = ["county", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="score_item_county_name")]

    def __str__(self) -> str:
        return self.name


class TownshipQuota(models.Model):
    """六评三定: the township's yearly recruitment quota (it belongs to the township and is never split down)."""

    county = county_field()
    township = org_field(_("乡镇(街道)党委"))
    org_path = path_field(_("组织路径"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quota = models.PositiveSmallIntegerField(_("发展计划指标"))

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("发展党员计划指标")
        verbose_name_plural = _("发展党员计划指标")
        constraints = [models.UniqueConstraint(fields=["township", "year"], name="quota_township_year")]

    def __str__(self) -> str:
        return f"{self.township} {self.year}年 {self.quota}名"


class Applicant(ChoiceLabelsMixin, models.Model):
    """A person on the way into the Party, from the application (step 1) to full membership (step 25).

    `org` is the branch that will admit them; `trainer_org` the branch that trains them when that is another
    (双向/委托/跟踪培养), which also sees the applicant. At admission (step 15) the applicant becomes a
    `core.Person` (预备党员) and `person` points to it.
    """

    county = county_field()
    org = org_field(_("接收党支部"), related_name="applicants")
    org_path = path_field()
    trainer_org = org_field(_("培养党组织"), null=True)
    trainer_path = models.CharField(_("培养党组织路径"), max_length=255, blank=True, editable=False)
    training_mode = models.CharField(
        _("培养方式"), max_length=20, choices=TrainingMode.choices, default=TrainingMode.OWN
    )

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=16, default="汉族")
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=32, choices=Education.choices)
    occupation = models.CharField(_("工作岗位"), max_length=32, choices=Occupation.choices, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    id_number_encrypted = models.TextField(_("公民身份号码(密文)"), editable=False)
    id_number_index = models.CharField(_("公民身份号码索引"), max_length=64, db_index=True, editable=False)
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18, editable=False)

    status = models.CharField(
        _("状态"), max_length=16, choices=ApplicantStatus.choices, default=ApplicantStatus.IN_PROGRESS
    )
    step = models.PositiveSmallIntegerField(_("已完成步骤"), choices=STEP_CHOICES, default=1)
    applied_on = models.DateField(_("申请入党日期"))
    talked_on = models.DateField(_("谈话日期"), null=True, blank=True)
    activist_on = models.DateField(_("确定为积极分子日期"), null=True, blank=True)
    last_review_on = models.DateField(_("最近一次考察日期"), null=True, blank=True)
    candidate_on = models.DateField(_("确定为发展对象日期"), null=True, blank=True)
    score = models.DecimalField(_("量化考评得分"), max_digits=7, decimal_places=2, null=True, blank=True)
    inspected_on = models.DateField(_("组织考察日期"), null=True, blank=True)
    nominated_on = models.DateField(_("乡镇党委提名日期"), null=True, blank=True)
    quota_year = models.PositiveSmallIntegerField(_("占用指标年度"), null=True, blank=True)
    resolution_on = models.DateField(_("支部大会通过接收日期"), null=True, blank=True)
    approved_on = models.DateField(_("上级党委审批日期"), null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("延长预备期(月)"), default=0)
    probation_ends_on = models.DateField(_("预备期满日期"), null=True, blank=True)
    confirmed_on = models.DateField(_("转正日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    person = models.OneToOneField(
        "core.Person", verbose_name=_("党员档案"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    scope = ScopeRule(path="org_path", county="county_id", also_path="trainer_path", also_county="county_id")
    audit_fields_exclude = ("id_number_encrypted", "id_number_index", "created_at", "updated_at", "org_path")

    class Meta:
        verbose_name = _("入党申请人")
        verbose_name_plural = _("入党申请人")
        indexes = scoped_indexes(
            "applicant",
            models.Index(fields=["county", "trainer_path"], name="applicant_county_trainer"),
            models.Index(fields=["county", "status", "step"], name="applicant_county_status_step"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)


class RecruitStep(ChoiceLabelsMixin, models.Model):
    """One of the 25 steps, done: its date, the responsible org, the note, and what the step records."""

    county = county_field()
    org_path = path_field()
    applicant = models.ForeignKey(Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="steps")
    number = models.PositiveSmallIntegerField(_("步骤"), choices=STEP_CHOICES)
    done_on = models.DateField(_("日期"))
    org = org_field(_("责任党组织"))
    note = models.TextField(_("情况说明"), blank=True)
    # Votes (steps 15 and 23; rules.md RECRUIT-09, -10, -14)
    vote_entitled = models.PositiveIntegerField(_("应到会有表决权党员"), null=True, blank=True)
    vote_present = models.PositiveIntegerField(_("实到会有表决权党员"), null=True, blank=True)
    vote_yes = models.PositiveIntegerField(_("赞成票(含书面意见)"), null=True, blank=True)
    vote_no = models.PositiveIntegerField(_("反对票"), null=True, blank=True)
    vote_abstain = models.PositiveIntegerField(_("弃权票"), null=True, blank=True)
    # Concentrated training (step 11; RECRUIT-07)
    training_days = models.DecimalField(_("培训天数"), max_digits=5, decimal_places=1, null=True, blank=True)
    training_hours = models.DecimalField(_("培训学时"), max_digits=6, decimal_places=1, null=True, blank=True)
    # Political review (10), pre-review (13), approvals (17, 24): passed or not
    passed = models.BooleanField(_("结论为通过"), null=True, blank=True)
    # The branch's decision at the end of probation (23)
    decision = models.CharField(_("转正决定"), max_length=16, choices=ProbationDecision.choices, blank=True)
    extension_months = models.PositiveSmallIntegerField(_("延长预备期(月)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", verbose_name=_("记录人"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    scope = ScopeRule(path="org_path", county="county_id", also_path="applicant__trainer_path", also_county="county_id")
    audit_fields_exclude = ("org_path", "created_at")

    class Meta:
        verbose_name = _("发展步骤")
        verbose_name_plural = _("发展步骤")
        ordering = ["applicant", "number", "done_on", "id"]
        indexes = scoped_indexes("recruit_step", models.Index(fields=["applicant", "number"], name="step_applicant"))

    def __str__(self) -> str:
        return f"{self.applicant} {self.get_number_display()}"


class RecruitPerson(ChoiceLabelsMixin, models.Model):
    """A member involved with an applicant: 入党介绍人, 培养联系人, or who held a talk."""

    applicant = models.ForeignKey(Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="people")
    person = models.ForeignKey("core.Person", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=16, choices=RecruitRole.choices)
    step = models.ForeignKey(
        RecruitStep, verbose_name=_("步骤"), on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    since = models.DateField(_("起始日期"))

    scope = ScopeRule(
        path="applicant__org_path",
        county="applicant__county_id",
        also_path="applicant__trainer_path",
        also_county="applicant__county_id",
    )

    class Meta:
        verbose_name = _("发展工作相关党员")
        verbose_name_plural = _("发展工作相关党员")
        constraints = [
            models.UniqueConstraint(fields=["applicant", "person", "role"], name="recruit_person_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.applicant} {self.get_role_display()} {self.person}"


class RecruitDocument(models.Model):
    """A document of a step: an uploaded file, or a note where the paper stays in the archive."""

    step = models.ForeignKey(RecruitStep, verbose_name=_("步骤"), on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to="recruit/%Y/%m/", blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    scope = ScopeRule(
        path="step__org_path",
        county="step__county_id",
        also_path="step__applicant__trainer_path",
        also_county="step__county_id",
    )
    audit_fields_exclude = ("uploaded_at",)

    class Meta:
        verbose_name = _("发展材料")
        verbose_name_plural = _("发展材料")

    def __str__(self) -> str:
        return self.title


class CandidateScore(models.Model):
    """六评三定: the township's score of one candidate on one configured item."""

    applicant = models.ForeignKey(Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="scores")
    item = models.ForeignKey(ScoreItem, verbose_name=_("考评项目"), on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    scored_on = models.DateField(_("考评日期"))

    scope = ScopeRule(path="applicant__org_path", county="applicant__county_id")

    class Meta:
        verbose_name = _("量化考评得分")
        verbose_name_plural = _("量化考评得分")
        constraints = [models.UniqueConstraint(fields=["applicant", "item"], name="candidate_score_item_unique")]

    def __str__(self) -> str:
        return f"{self.applicant} {self.item} {self.score}"
