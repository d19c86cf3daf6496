"""Study through the services and selectors: the question bank (validation, permission, audit), quizzes (picking
questions, publishing, the window's boundaries, scoring, the best attempt, hours and points on the first pass),
self-study, and the hours table against the 32-hour rule."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import PointSource, QuestionKind, StudySource
from dangjian.orglife.models import PointEntry, PointItem, PointScheme, Question, Quiz, QuizAttempt, StudyLog
from dangjian.orglife.selectors import study as selectors
from dangjian.orglife.services import study as services

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def question(tree, org=None, *, who="county", **values):
    data = {
        "topic": "党章",
        "kind": QuestionKind.SINGLE,
        "stem": "党的最高领导机关是",
        "options": ["党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处"],
        "answer": [0],
        "explanation": "见党章第十条",
    }
    data.update(values)
    return services.question_create(actor=tree.accounts[who] if who else None, org=org or tree.county, **data)


@pytest.fixture
def bank(tree, today):
    return [
        question(tree),
        question(
            tree,
            kind=QuestionKind.MULTIPLE,
            stem="党员的义务包括",
            options=["认真学习", "贯彻执行党的基本路线", "享受特殊待遇"],
            answer=[0, 1],
        ),
        question(tree, kind=QuestionKind.JUDGE, stem="党支部是党的基础组织", options=[], answer=[1]),
        question(
            tree, topic="支部工作条例", stem="党支部党员大会一般每季度召开几次", options=["1次", "2次"], answer=[0]
        ),
    ]


def make_quiz(tree, bank, *, who="county", **values):
    data = {
        "title": "党章党规知识测试",
        "opens_on": dt.date(2026, 3, 1),
        "closes_on": dt.date(2026, 3, 31),
        "pass_mark": 60,
        "study_hours": Decimal("2"),
        "questions": bank[:3],
    }
    data.update(values)
    quiz = services.quiz_create(actor=tree.accounts[who] if who else None, org=tree.county, **data)
    return services.quiz_publish(actor=None, quiz=quiz)


def right(bank):
    return {str(bank[0].pk): [0], str(bank[1].pk): [0, 1], str(bank[2].pk): [1]}


def test_question_validation_by_kind(tree, today):
    with pytest.raises(ValidationError) as refused:
        question(tree, topic="", stem=" ", options=["甲"], answer=[0])
    assert refused.value.message_dict == {
        "topic": ["请填写专题"],
        "stem": ["请填写题干"],
        "options": ["选择题应有2至6个选项"],
    }
    with pytest.raises(ValidationError) as refused:
        question(tree, kind=QuestionKind.MULTIPLE, answer=[1])
    assert refused.value.message_dict == {"answer": ["多选题应至少有两个正确答案"]}
    with pytest.raises(ValidationError) as refused:
        question(tree, kind=QuestionKind.JUDGE, options=["对", "错"], answer=[1])
    assert refused.value.message_dict == {"options": ["判断题不设选项"]}
    created = question(tree, kind=QuestionKind.JUDGE, options=[], answer=[0])
    assert (created.county_id, created.org_path, created.answer) == (tree.county.pk, tree.county.path, [0])
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="orglife.question").count() == 1


def test_question_permission_update_and_delete(tree, bank):
    with pytest.raises(PermissionDenied):
        question(tree, tree.county, who="secretary_a1")
    with pytest.raises(PermissionDenied):
        services.question_update(actor=tree.accounts["town_a"], question=bank[0], stem="改")
    services.question_update(
        actor=tree.accounts["county"], question=bank[0], active=False, stem="党的最高领导机关是什么"
    )
    bank[0].refresh_from_db()
    assert (bank[0].active, bank[0].stem) == (False, "党的最高领导机关是什么")
    with pytest.raises(ValidationError) as refused:
        services.question_update(actor=None, question=bank[1], answer=[2])
    assert refused.value.message_dict == {"answer": ["多选题应至少有两个正确答案"]}
    make_quiz(tree, bank, questions=[bank[1]])
    with pytest.raises(ValidationError) as refused:
        services.question_delete(actor=tree.accounts["county"], question=bank[1])
    assert refused.value.message_dict == {"question": ["该试题已用于学习测试,不能删除,可改为停用"]}
    services.question_delete(actor=tree.accounts["county"], question=bank[3])
    assert not Question.objects.filter(pk=bank[3].pk).exists()


def test_a_quiz_picks_questions_from_the_bank_of_its_org_and_above(tree, bank):
    own = question(tree, tree.village_a1, who="secretary_a1", stem="本村党支部成立于哪一年", options=["1950", "1960"])
    quiz = services.quiz_create(
        actor=tree.accounts["secretary_a1"],
        org=tree.village_a1,
        title="支部测试",
        opens_on=TODAY,
        closes_on=TODAY,
        topics=["党章"],
        count=2,
        seed=1,
    )
    picked = selectors.quiz_questions(quiz)
    assert len(picked) == 2 and {q.topic for q in picked} == {"党章"}
    assert not quiz.published
    everything = services.quiz_create(
        actor=None, org=tree.village_a1, title="全部", opens_on=TODAY, closes_on=TODAY, topics=["党章"]
    )
    assert {q.pk for q in selectors.quiz_questions(everything)} == {bank[0].pk, bank[1].pk, bank[2].pk, own.pk}
    with pytest.raises(ValidationError) as refused:
        services.quiz_create(actor=None, org=tree.county, title="县", opens_on=TODAY, closes_on=TODAY, questions=[own])
    assert refused.value.message_dict == {"questions": ["所选试题不在可用题库中或已停用"]}
    with pytest.raises(ValidationError) as refused:
        services.quiz_create(
            actor=None, org=tree.county, title="县", opens_on=TODAY, closes_on=TODAY, topics=["支部工作条例"], count=5
        )
    assert refused.value.message_dict == {"count": ["题库中符合条件的试题只有1道"]}
    with pytest.raises(ValidationError) as refused:
        services.quiz_create(
            actor=None,
            org=tree.county,
            title="",
            opens_on=TODAY,
            closes_on=TODAY - dt.timedelta(days=1),
            pass_mark=0,
            study_hours=Decimal("24.5"),
        )
    assert refused.value.message_dict == {
        "title": ["请填写测试名称"],
        "closes_on": ["截止日期不能早于开始日期"],
        "pass_mark": ["及格分应为1至100之间的整数"],
        "study_hours": ["通过计入学时不能超过24"],
    }


def test_publishing_makes_the_quiz_visible_to_the_subtree(tree, bank):
    quiz = services.quiz_create(
        actor=None, org=tree.county, title="测试", opens_on=TODAY, closes_on=TODAY, questions=bank[:1]
    )
    member = tree.accounts["member_a1"]
    assert not selectors.visible_quizzes(member).exists()
    assert quiz in selectors.visible_quizzes(tree.accounts["county"])
    assert quiz not in selectors.visible_quizzes(tree.accounts["secretary_a1"])
    with pytest.raises(PermissionDenied):
        services.quiz_publish(actor=tree.accounts["secretary_a1"], quiz=quiz)
    services.quiz_publish(actor=tree.accounts["county"], quiz=quiz)
    assert list(selectors.visible_quizzes(member)) == [quiz]
    assert [q.pk for q in selectors.open_quizzes(member)] == [quiz.pk]
    with pytest.raises(ValidationError) as refused:
        services.quiz_publish(actor=None, quiz=quiz)
    assert refused.value.message_dict == {"published": ["该测试已发布"]}


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (dt.date(2026, 2, 28), "测试尚未开始"),
        (dt.date(2026, 3, 1), None),
        (dt.date(2026, 3, 31), None),
        (dt.date(2026, 4, 1), "测试已截止"),
    ],
)
def test_answers_are_taken_from_the_first_to_the_last_day(tree, bank, settings, day, problem):
    quiz = make_quiz(tree, bank)
    settings.DANGJIAN_TODAY = day
    person = tree.people["a1"][0]
    if problem is None:
        attempt = services.quiz_submit(actor=tree.accounts["member_a1"], quiz=quiz, person=person, answers=right(bank))
        assert attempt.score == Decimal("100.0") and attempt.passed
    else:
        with pytest.raises(ValidationError) as refused:
            services.quiz_submit(actor=tree.accounts["member_a1"], quiz=quiz, person=person, answers=right(bank))
        assert refused.value.message_dict == {"quiz": [problem]}
        assert not QuizAttempt.objects.exists()


def test_scoring_the_best_attempt_and_the_first_pass(tree, bank):
    scheme = PointScheme.objects.create(
        county=tree.county,
        county_path=tree.county.path,
        category="ordinary",
        name="方案",
        effective_from=dt.date(2026, 1, 1),
    )
    PointItem.objects.create(scheme=scheme, name="学习测试", source=PointSource.STUDY, points=Decimal("2"))
    quiz = make_quiz(tree, bank)
    member = tree.accounts["member_a1"]
    person = tree.people["a1"][0]
    wrong_multi = right(bank) | {str(bank[1].pk): [0]}
    first = services.quiz_submit(actor=member, quiz=quiz, person=person, answers=wrong_multi | {str(bank[2].pk): [0]})
    assert (first.score, first.passed) == (Decimal("33.3"), False)
    assert not StudyLog.objects.exists() and not PointEntry.objects.exists()
    second = services.quiz_submit(actor=member, quiz=quiz, person=person, answers=wrong_multi)
    assert (second.score, second.passed) == (Decimal("66.7"), True)
    log = StudyLog.objects.get(person=person)
    assert (log.source, log.ref, log.hours, log.day) == (StudySource.QUIZ, f"quiz:{quiz.pk}", Decimal("2.0"), TODAY)
    assert PointEntry.objects.get(person=person).ref == f"quiz:{quiz.pk}"
    third = services.quiz_submit(actor=member, quiz=quiz, person=person, answers=right(bank))
    assert third.score == Decimal("100.0")
    assert StudyLog.objects.count() == 1 and PointEntry.objects.count() == 1
    best = selectors.best_attempts(tree.accounts["county"], quiz)
    assert [(a.pk, a.tries) for a in best] == [(third.pk, 3)]
    _, _, figures = selectors.quiz_results(tree.accounts["county"], quiz, {})
    assert (figures.participation_text, figures.pass_text) == ("1/7 (14.3%)", "1/1 (100.0%)")


def test_answers_must_be_complete_and_valid_and_only_the_member_answers(tree, bank, today):
    quiz = make_quiz(tree, bank)
    person = tree.people["a1"][0]
    member = tree.accounts["member_a1"]
    with pytest.raises(ValidationError) as refused:
        services.quiz_submit(actor=member, quiz=quiz, person=person, answers={str(bank[0].pk): [0]})
    assert refused.value.message_dict == {"answers": ["第2、3题未作答"]}
    with pytest.raises(ValidationError) as refused:
        services.quiz_submit(actor=member, quiz=quiz, person=person, answers=right(bank) | {str(bank[0].pk): [0, 1]})
    assert refused.value.message_dict == {"answers": ["第1题的答案无效"]}
    with pytest.raises(PermissionDenied):
        services.quiz_submit(actor=member, quiz=quiz, person=tree.people["a1"][1], answers=right(bank))
    branch_quiz = services.quiz_create(
        actor=None, org=tree.village_a2, title="王庄村测试", opens_on=TODAY, closes_on=TODAY, questions=bank[:1]
    )
    services.quiz_publish(actor=None, quiz=branch_quiz)
    with pytest.raises(ValidationError) as refused:
        services.quiz_submit(actor=None, quiz=branch_quiz, person=person, answers={str(bank[0].pk): [0]})
    assert refused.value.message_dict == {"quiz": ["该测试未向您所在的党组织发布"]}
    assert not QuizAttempt.objects.exists()


def test_a_quiz_with_answers_keeps_its_pass_mark_and_is_not_deleted(tree, bank, today):
    quiz = make_quiz(tree, bank)
    services.quiz_submit(actor=None, quiz=quiz, person=tree.people["a1"][0], answers=right(bank))
    with pytest.raises(ValidationError) as refused:
        services.quiz_update(actor=tree.accounts["county"], quiz=quiz, pass_mark=80, closes_on=dt.date(2026, 4, 30))
    assert refused.value.message_dict == {"pass_mark": ["已有党员作答,不能修改"]}
    services.quiz_update(actor=tree.accounts["county"], quiz=quiz, closes_on=dt.date(2026, 4, 30))
    assert Quiz.objects.get(pk=quiz.pk).closes_on == dt.date(2026, 4, 30)
    with pytest.raises(ValidationError) as refused:
        services.quiz_delete(actor=tree.accounts["county"], quiz=quiz)
    assert refused.value.message_dict == {"quiz": ["已有党员作答的测试不能删除"]}


def test_self_study_registration_and_its_caps(tree, today):
    secretary = tree.accounts["secretary_a1"]
    person = tree.people["a1"][1]
    with pytest.raises(ValidationError) as refused:
        services.study_log_create(
            actor=secretary, person=person, day=TODAY + dt.timedelta(days=1), hours=Decimal("0"), note=""
        )
    assert refused.value.message_dict == {
        "day": ["日期不能晚于今天"],
        "hours": ["学时应大于0"],
        "note": ["请填写学习内容"],
    }
    log = services.study_log_create(actor=secretary, person=person, day=TODAY, hours=Decimal("20"), note="自学党章")
    assert (log.source, log.ref, log.year) == (StudySource.SELF, "", 2026)
    with pytest.raises(ValidationError) as refused:
        services.study_log_create(actor=secretary, person=person, day=TODAY, hours=Decimal("4.5"), note="再学")
    assert refused.value.message_dict == {"hours": ["该党员当天已有20.0学时,合计不能超过24"]}
    services.study_log_create(actor=secretary, person=person, day=TODAY, hours=Decimal("4"), note="再学")
    with pytest.raises(PermissionDenied):
        services.study_log_create(
            actor=tree.accounts["secretary_a2"], person=person, day=TODAY, hours=Decimal("1"), note="越权"
        )
    services.study_log_delete(actor=secretary, log=log)
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="orglife.studylog").exists()


def test_hours_from_other_sources_are_not_deleted_here(tree, bank, today):
    quiz = make_quiz(tree, bank)
    services.quiz_submit(actor=None, quiz=quiz, person=tree.people["a1"][0], answers=right(bank))
    log = StudyLog.objects.get()
    with pytest.raises(ValidationError) as refused:
        services.study_log_delete(actor=tree.accounts["secretary_a1"], log=log)
    assert refused.value.message_dict == {"source": ["该学时来自“学习测试”,随原记录变化,不能在此删除"]}


def test_the_hours_table_against_32_hours(tree, today):
    a1 = tree.people["a1"]
    for days, (person, hours) in enumerate(((a1[0], "20"), (a1[0], "12"), (a1[1], "20"), (a1[1], "11.9"))):
        services.study_log_create(
            actor=None, person=person, day=TODAY - dt.timedelta(days=days), hours=Decimal(hours), note="自学"
        )
    services.study_log_create(actor=None, person=a1[2], day=dt.date(2025, 12, 31), hours=Decimal("24"), note="去年")
    secretary = tree.accounts["secretary_a1"]
    table = selectors.hours_table(secretary, {})
    assert (table.year, table.figure) == (2026, "达标 1/3 人")
    hours = {p.pk: p.hours for p in table.people}
    assert hours == {a1[0].pk: Decimal("32.0"), a1[1].pk: Decimal("31.9"), a1[2].pk: Decimal("0.0")}
    assert [p.pk for p in selectors.hours_table(secretary, {"status": "met"}).people] == [a1[0].pk]
    short = selectors.hours_table(secretary, {"status": "short"})
    assert {p.pk for p in short.people} == {a1[1].pk, a1[2].pk} and short.figure == "达标 1/3 人"
    last_year = selectors.hours_table(secretary, {"year": "2025"})
    assert last_year.figure == "达标 0/3 人"
    assert selectors.hours_table(tree.accounts["county"], {"org": "V002"}).figure == "达标 0/2 人"
    assert selectors.person_hours(a1[0].pk, 2026) == Decimal("32.0")
