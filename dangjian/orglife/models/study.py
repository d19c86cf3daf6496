from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dangjian.core.models.base import ChoiceLabelsMixin
from dangjian.core.models.columns import county_field, path_field, person_field, scoped_indexes
from dangjian.core.scoping import ScopeRule
from dangjian.orglife.choices import QuestionKind, StudySource


class Question(ChoiceLabelsMixin, models.Model):
    """A question of an org's bank, by topic. `options` is the list of choices (empty for 判断题); `answer` the
    list of correct option indexes (for 判断题: [1] true, [0] false)."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("题库单位"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    topic = models.CharField(_("专题"), max_length=50)
    kind = models.CharField(_("题型"), max_length=12, choices=QuestionKind.choices)
    stem = models.TextField(_("题干"))
    options = models.JSONField(_("选项"), default=list, blank=True)
    answer = models.JSONField(_("正确答案"))
    explanation = models.TextField(_("解析"), blank=True)
    active = models.BooleanField(_("启用"), default=True)

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("试题")
        verbose_name_plural = _("试题")
        indexes = scoped_indexes("question", models.Index(fields=["org", "topic"], name="question_topic"))

    def __str__(self) -> str:
        return self.stem[:30]


class Quiz(models.Model):
    """A quiz published by an org to its subtree: its questions, pass mark, the window it is open, and the
    study hours a pass credits."""

    county = county_field()
    org = models.ForeignKey("core.Org", verbose_name=_("发布组织"), on_delete=models.PROTECT, related_name="+")
    org_path = path_field()
    title = models.CharField(_("测试名称"), max_length=100)
    questions = models.ManyToManyField(Question, verbose_name=_("试题"), through="QuizQuestion", related_name="+")
    pass_mark = models.PositiveSmallIntegerField(_("及格分(百分制)"), default=60)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))
    study_hours = models.DecimalField(_("通过计入学时"), max_digits=4, decimal_places=1, default=Decimal("0.0"))
    published = models.BooleanField(_("已发布"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    scope = ScopeRule(path="org_path", county="county_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("学习测试")
        verbose_name_plural = _("学习测试")
        indexes = scoped_indexes("quiz")

    def __str__(self) -> str:
        return self.title


class QuizQuestion(models.Model):
    quiz = models.ForeignKey(Quiz, verbose_name=_("测试"), on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, verbose_name=_("试题"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("题号"))

    scope = ScopeRule(path="quiz__org_path", county="quiz__county_id")

    class Meta:
        verbose_name = _("测试试题")
        verbose_name_plural = _("测试试题")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="quiz_question_once")]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.order}"


class QuizAttempt(models.Model):
    """A member's submitted answers to a quiz and the score (百分制); one counted attempt per member (the best)."""

    county = county_field()
    org_path = path_field()
    quiz = models.ForeignKey(Quiz, verbose_name=_("测试"), on_delete=models.CASCADE, related_name="attempts")
    person = person_field(related_name="quiz_attempts")
    answers = models.JSONField(_("作答"), default=dict)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1)
    passed = models.BooleanField(_("通过"))
    submitted_at = models.DateTimeField(_("提交时间"))

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path",)

    class Meta:
        verbose_name = _("测试成绩")
        verbose_name_plural = _("测试成绩")
        indexes = scoped_indexes("quiz_attempt", models.Index(fields=["quiz", "person"], name="attempt_quiz_person"))

    def __str__(self) -> str:
        return f"{self.person} {self.quiz} {self.score}"


class StudyLog(ChoiceLabelsMixin, models.Model):
    """Study hours of a member on a day, from a source record (a training, an article read, a quiz passed) or
    self-study registered by the branch. One row per source record and member; the yearly sum is measured
    against the 32-hour rule (rules.md ORG-07)."""

    county = county_field()
    org_path = path_field()
    person = person_field(related_name="study_logs")
    day = models.DateField(_("日期"))
    year = models.PositiveSmallIntegerField(_("年度"), editable=False)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    source = models.CharField(_("来源"), max_length=12, choices=StudySource.choices)
    ref = models.CharField(_("来源记录"), max_length=64, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    scope = ScopeRule(path="org_path", county="county_id", person="person_id")
    audit_fields_exclude = ("org_path", "year")

    class Meta:
        verbose_name = _("学习学时")
        verbose_name_plural = _("学习学时")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source", "ref"], condition=~models.Q(ref=""), name="study_log_once_per_source"
            )
        ]
        indexes = scoped_indexes(
            "study_log",
            models.Index(fields=["county", "year", "org_path"], name="study_log_year"),
            models.Index(fields=["person", "year"], name="study_log_person_year"),
        )

    def __str__(self) -> str:
        return f"{self.person} {self.day} {self.hours}"
