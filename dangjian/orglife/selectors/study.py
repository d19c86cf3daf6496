"""Reads of study: the question bank, quizzes (what a member may take now, results with the pass rate), attempts,
and study hours per member per year against the 32-hour rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from dangjian.core import clock
from dangjian.core.choices import COUNTED_STANDINGS
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org, Person
from dangjian.core.scoping import ancestor_paths, published_to, scope_of, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife import rules
from dangjian.orglife.choices import QuestionKind, StudySource
from dangjian.orglife.models import Question, Quiz, QuizAttempt, StudyLog

ZERO = Decimal("0.0")
HOURS = DecimalField(max_digits=9, decimal_places=1)

QUIZ_STATES = [("draft", "未发布"), ("upcoming", "未开始"), ("open", "进行中"), ("closed", "已截止")]
HOURS_STATES = [("met", "已达标(≥32学时)"), ("short", "未达标")]


def _org_filter(queryset: QuerySet, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class QuestionFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="题库单位代码(含全部下级)")
    topic = django_filters.CharFilter(field_name="topic", label="专题")
    kind = django_filters.ChoiceFilter(choices=QuestionKind.choices, label="题型")
    search = django_filters.CharFilter(field_name="stem", lookup_expr="contains", label="题干")
    active = django_filters.BooleanFilter(field_name="active", label="启用(true 仅启用, false 仅停用)")

    class Meta:
        model = Question
        fields = ["org", "topic", "kind", "search", "active"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class QuizFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="发布组织代码(含全部下级)")
    year = YearFilter(field_name="opens_on__year", label="年度")
    search = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="测试名称")
    state = django_filters.ChoiceFilter(choices=QUIZ_STATES, method="filter_state", label="状态")

    class Meta:
        model = Quiz
        fields = ["org", "year", "search", "state"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        today = clock.today()
        if value == "draft":
            return queryset.filter(published=False)
        live = queryset.filter(published=True)
        if value == "upcoming":
            return live.filter(opens_on__gt=today)
        if value == "open":
            return live.filter(opens_on__lte=today, closes_on__gte=today)
        if value == "closed":
            return live.filter(closes_on__lt=today)
        return queryset


class AttemptFilter(django_filters.FilterSet):
    quiz = IntegerFilter(field_name="quiz_id", label="测试编号")
    org = django_filters.CharFilter(method="filter_org", label="党员所在党组织代码(含全部下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    passed = django_filters.BooleanFilter(field_name="passed", label="通过(true/false)")

    class Meta:
        model = QuizAttempt
        fields = ["quiz", "org", "person", "search", "passed"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


class HoursFilter(django_filters.FilterSet):
    year = YearFilter(method="chosen", label="年度(默认今年)")
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    status = django_filters.ChoiceFilter(choices=HOURS_STATES, method="filter_status", label="是否达标")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["year", "org", "status", "search"]

    def chosen(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        """The year chooses which hours are summed (see `hours_table`); it filters nothing."""
        return queryset

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "met":
            return queryset.filter(hours__gte=rules.STUDY_HOURS_TARGET)
        if value == "short":
            return queryset.filter(hours__lt=rules.STUDY_HOURS_TARGET)
        return queryset


class StudyLogFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = IntegerFilter(field_name="person_id", label="党员编号")
    year = YearFilter(field_name="year", label="年度")
    source = django_filters.ChoiceFilter(choices=StudySource.choices, label="来源")
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")

    class Meta:
        model = StudyLog
        fields = ["org", "person", "year", "source", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


# --- question bank ------------------------------------------------------------------------------------------


def question_bank(user: Any) -> QuerySet[Question]:
    """The banks a manager may read and set from: the subtree's and the orgs' above. Members never read the bank
    (it holds the answers)."""
    if scope_of(user).member_only:
        return Question.objects.none()
    return published_to(Question, user)


def question_list(user: Any, params: Mapping[str, Any]) -> tuple[QuestionFilter, QuerySet[Question]]:
    filterset = QuestionFilter(params or None, queryset=question_bank(user).select_related("org"))
    return filterset, filterset.qs.order_by("org_path", "topic", "id")


def question_detail(user: Any, pk: Any) -> Question:
    try:
        return question_bank(user).select_related("org").get(pk=pk)
    except (Question.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def bank_for(org: Org) -> QuerySet[Question]:
    """The active questions an org may set in its quizzes: its own bank and the banks of the orgs above it."""
    return Question.objects.filter(org_path__in=ancestor_paths(org.path), active=True)


def topics(org: Org) -> list[str]:
    """The topics an org's quiz may draw from (for the quiz form)."""
    return list(bank_for(org).order_by("topic").values_list("topic", flat=True).distinct())


# --- quizzes ------------------------------------------------------------------------------------------------


def visible_quizzes(user: Any) -> QuerySet[Quiz]:
    """Published quizzes of the user's org and the orgs above, and every quiz (drafts too) of the subtree."""
    scope = scope_of(user)
    quizzes = published_to(Quiz, user)
    if scope.everything:
        return quizzes
    if scope.member_only:
        return quizzes.filter(published=True)
    return quizzes.filter(Q(published=True) | Q(**subtree("org_path", scope.path or "")))


def with_counts(quizzes: QuerySet[Quiz]) -> QuerySet[Quiz]:
    return quizzes.annotate(question_count=Count("quiz_questions", distinct=True))


def quiz_list(user: Any, params: Mapping[str, Any]) -> tuple[QuizFilter, QuerySet[Quiz]]:
    filterset = QuizFilter(params or None, queryset=visible_quizzes(user).select_related("org"))
    return filterset, with_counts(filterset.qs).order_by("-opens_on", "-id")


def quiz_detail(user: Any, pk: Any) -> Quiz:
    try:
        return with_counts(visible_quizzes(user).select_related("org")).get(pk=pk)
    except (Quiz.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


def quiz_questions(quiz: Quiz) -> list[Question]:
    return [item.question for item in quiz.quiz_questions.select_related("question").order_by("order")]


def open_quizzes(user: Any, *, today: dt.date | None = None) -> list[Quiz]:
    """Quizzes a member may take today, each with the member's best attempt so far (`best`)."""
    today = today or clock.today()
    quizzes = list(
        with_counts(visible_quizzes(user).filter(published=True, opens_on__lte=today, closes_on__gte=today))
        .select_related("org")
        .order_by("closes_on", "id")
    )
    person_id = getattr(user, "person_id", None)
    best = {}
    if person_id and quizzes:
        for attempt in QuizAttempt.objects.filter(person_id=person_id, quiz__in=quizzes).order_by(
            "quiz_id", "-score", "submitted_at", "id"
        ):
            best.setdefault(attempt.quiz_id, attempt)
    for quiz in quizzes:
        quiz.best = best.get(quiz.pk)
    return quizzes


def best_attempts(user: Any, quiz: Quiz) -> QuerySet[QuizAttempt]:
    """Each member's best attempt at a quiz (the highest score, the earliest of equal scores), in scope, with the
    number of attempts (`tries`)."""
    same = QuizAttempt.objects.filter(quiz=quiz, person=OuterRef("person"))
    best = same.order_by("-score", "submitted_at", "id").values("id")[:1]
    tries = same.order_by().values("person").annotate(n=Count("id")).values("n")
    return (
        scoped(QuizAttempt, user)
        .filter(quiz=quiz, pk=Subquery(best))
        .annotate(tries=Subquery(tries))
        .select_related("person__org")
    )


@dataclass
class QuizResults:
    expected: int
    participants: int
    passed: int

    @property
    def participation_text(self) -> str:
        return rules.ratio_text(self.participants, self.expected)

    @property
    def pass_text(self) -> str:
        return rules.ratio_text(self.passed, self.participants)


def quiz_results(
    user: Any, quiz: Quiz, params: Mapping[str, Any]
) -> tuple[AttemptFilter, QuerySet[QuizAttempt], QuizResults]:
    """The best attempt of each member in scope, and the figures: who took part of those expected, who passed of
    those who took part."""
    best = best_attempts(user, quiz)
    filterset = AttemptFilter(params or None, queryset=best)
    expected = scoped(Person, user).filter(standing__in=COUNTED_STANDINGS, **subtree("org_path", quiz.org_path)).count()
    figures = QuizResults(expected=expected, participants=best.count(), passed=best.filter(passed=True).count())
    return filterset, filterset.qs.order_by("-score", "org_path", "id"), figures


def attempt_list(user: Any, params: Mapping[str, Any]) -> tuple[AttemptFilter, QuerySet[QuizAttempt]]:
    attempts = scoped(QuizAttempt, user).select_related("person__org", "quiz")
    filterset = AttemptFilter(params or None, queryset=attempts)
    return filterset, filterset.qs.order_by("-submitted_at", "-id")


def attempt_detail(user: Any, pk: Any) -> QuizAttempt:
    try:
        return scoped(QuizAttempt, user).select_related("person__org", "quiz__org").get(pk=pk)
    except (QuizAttempt.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


@dataclass
class Review:
    """One question of an attempt as the member reviews it: their answer, the right one and why."""

    number: int
    question: Question
    given: list[int]
    correct: bool

    @property
    def given_text(self) -> str:
        return rules.answer_letters(self.question.kind, self.given) or "未作答"

    @property
    def answer_text(self) -> str:
        return rules.answer_letters(self.question.kind, self.question.answer)

    @property
    def options(self) -> list[tuple[str, str]]:
        return list(zip(rules.OPTION_LETTERS, self.question.options, strict=False))


def attempt_review(attempt: QuizAttempt) -> list[Review]:
    reviews = []
    for number, question in enumerate(quiz_questions(attempt.quiz), start=1):
        given = list(attempt.answers.get(str(question.pk), []))
        reviews.append(Review(number, question, given, rules.answer_correct(question.answer, given)))
    return reviews


# --- study hours --------------------------------------------------------------------------------------------


def _year_of(params: Mapping[str, Any], today: dt.date) -> int:
    probe = HoursFilter(params or None, queryset=Person.objects.none())
    cleaned = probe.form.cleaned_data if probe.is_bound and probe.form.is_valid() else {}
    return int(cleaned.get("year") or today.year)


def hours_of_year(year: int) -> Subquery:
    total = (
        StudyLog.objects.filter(person=OuterRef("pk"), year=year)
        .order_by()
        .values("person")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Subquery(total, output_field=HOURS)


@dataclass
class HoursTable:
    filterset: HoursFilter
    people: QuerySet[Person]
    year: int
    met: int
    total: int

    @property
    def figure(self) -> str:
        return rules.met_text(self.met, self.total)


def hours_table(user: Any, params: Mapping[str, Any], *, today: dt.date | None = None) -> HoursTable:
    """Counted members in scope with their study hours of the year (all sources), and the figure "达标 n/m 人"
    over the list's org and name filters."""
    today = today or clock.today()
    year = _year_of(params, today)
    people = (
        scoped(Person, user)
        .filter(standing__in=COUNTED_STANDINGS)
        .annotate(hours=Coalesce(hours_of_year(year), Value(ZERO), output_field=HOURS))
        .select_related("org")
    )
    filterset = HoursFilter(params or None, queryset=people)
    unfiltered = {key: value for key, value in (params or {}).items() if key != "status"}
    base = HoursFilter(unfiltered or None, queryset=people).qs
    total = base.count()
    met = (
        StudyLog.objects.filter(year=year, person__in=base.values("pk"))
        .values("person")
        .annotate(total=Sum("hours"))
        .filter(total__gte=rules.STUDY_HOURS_TARGET)
        .count()
    )
    return HoursTable(filterset, filterset.qs.order_by("org_path", "id"), year, met, total)


def person_hours(person_id: int, year: int) -> Decimal:
    total = StudyLog.objects.filter(person_id=person_id, year=year).aggregate(total=Sum("hours"))["total"]
    return Decimal(total or ZERO).quantize(ZERO)


def log_list(user: Any, params: Mapping[str, Any]) -> tuple[StudyLogFilter, QuerySet[StudyLog]]:
    logs = scoped(StudyLog, user).select_related("person__org")
    filterset = StudyLogFilter(params or None, queryset=logs)
    return filterset, filterset.qs.order_by("-day", "-id")


def log_detail(user: Any, pk: Any) -> StudyLog:
    try:
        return scoped(StudyLog, user).select_related("person__org").get(pk=pk)
    except (StudyLog.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None
