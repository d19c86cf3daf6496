"""The study demo builder on a small county: a bank whose every question obeys the rules, two quizzes this year
answered within their windows and scored by the rules, the study ledger's quiz and self-study hours."""

import datetime as dt
import random
from collections import Counter

import pytest

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife import rules
from dangjian.orglife.choices import StudySource
from dangjian.orglife.demo import study
from dangjian.orglife.models import Question, Quiz, QuizAttempt, StudyLog
from dangjian.orglife.selectors.study import attempt_review
from tests.core.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 9, 20)


@pytest.fixture
def county(tree):
    for _ in range(20):
        make_person(tree.village_a1)
    return tree.county


def test_the_bank_obeys_the_rules():
    assert len(study.BANK) >= 40
    stems = [stem for _, _, stem, _, _, _ in study.BANK]
    assert len(set(stems)) == len(stems)
    for _topic, kind, stem, options, answer, explanation in study.BANK:
        assert rules.question_problems(kind, list(options), list(answer)) == {}, stem
        assert explanation
    assert set(Counter(topic for topic, *_ in study.BANK)) == {"党章", "支部工作条例", "党员教育管理工作条例"}


def test_demo_study_follows_the_rules(county):
    study.build(county, today=TODAY, rng=random.Random(1))
    assert Question.objects.filter(org=county).count() == len(study.BANK)
    quizzes = list(Quiz.objects.all())
    assert len(quizzes) == 2 and all(q.published and q.opens_on.year == 2026 for q in quizzes)
    assert any(q.opens_on <= TODAY <= q.closes_on for q in quizzes)
    attempts = list(QuizAttempt.objects.select_related("quiz"))
    assert attempts
    for attempt in attempts:
        assert attempt.quiz.opens_on <= attempt.submitted_at.date() <= min(attempt.quiz.closes_on, TODAY)
        reviews = attempt_review(attempt)
        assert attempt.score == rules.quiz_score(sum(r.correct for r in reviews), len(reviews))
        assert attempt.passed == rules.quiz_passed(attempt.score, attempt.quiz.pass_mark)
    passed = {(a.person_id, f"quiz:{a.quiz_id}") for a in attempts if a.passed}
    quiz_logs = StudyLog.objects.filter(source=StudySource.QUIZ)
    assert set(quiz_logs.values_list("person_id", "ref")) == passed
    per_day = Counter()
    for log in StudyLog.objects.filter(source=StudySource.SELF):
        assert dt.date(2026, 1, 1) <= log.day <= TODAY and log.ref == "" and log.note
        assert rules.study_hours_problem(log.hours) is None
        per_day[(log.person_id, log.day)] += log.hours
    assert max(per_day.values()) <= rules.SELF_STUDY_MAX_HOURS
    totals = Counter()
    for log in StudyLog.objects.filter(year=2026):
        totals[log.person_id] += log.hours
    met = sum(rules.meets_study_target(hours) for hours in totals.values())
    assert 0 < met < len(totals)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, after__demo="study").count() == 1


def test_in_the_first_days_of_a_year(county):
    study.build(county, today=dt.date(2026, 1, 1), rng=random.Random(2))
    assert all(q.opens_on == dt.date(2026, 1, 1) for q in Quiz.objects.all())
    per_day = Counter()
    for log in StudyLog.objects.filter(source=StudySource.SELF):
        per_day[(log.person_id, log.day)] += log.hours
    assert per_day and max(per_day.values()) <= rules.SELF_STUDY_MAX_HOURS
