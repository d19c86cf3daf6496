"""Study pages: a member's home (open quizzes, hours against 32) and taking a quiz on one page with the result and
explanations; a manager's hours table, the bank, quizzes (create, publish asked first, results) and the exports."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import QuestionKind
from dangjian.orglife.models import Question, Quiz, QuizAttempt, StudyLog
from dangjian.orglife.services import study as services
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 16)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def bank(tree, today):
    single = services.question_create(
        actor=None,
        org=tree.county,
        topic="党章",
        kind=QuestionKind.SINGLE,
        stem="党的最高领导机关是",
        options=["党的全国代表大会和它所产生的中央委员会", "中央政治局"],
        answer=[0],
        explanation="党章第十条:党的最高领导机关,是党的全国代表大会和它所产生的中央委员会。",
    )
    judge = services.question_create(
        actor=None,
        org=tree.county,
        topic="党章",
        kind=QuestionKind.JUDGE,
        stem="预备党员的预备期为一年",
        options=[],
        answer=[1],
    )
    return [single, judge]


@pytest.fixture
def quiz(tree, bank):
    created = services.quiz_create(
        actor=None,
        org=tree.county,
        title="党章知识测试",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 3, 31),
        study_hours=Decimal("2"),
        questions=bank,
    )
    return services.quiz_publish(actor=None, quiz=created)


def test_a_member_takes_a_quiz_on_one_page_and_sees_the_explanations(tree, client, quiz, bank):
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:study_home")))
    assert "党章知识测试" in html and "0.0 / 32 学时" in html and "距32学时还差 32.0 学时" in html
    url = reverse("orglife:study_quiz_take", args=[quiz.pk])
    html = page(client.get(url))
    assert "1. 党的最高领导机关是(单选题)" in html and 'type="radio"' in html and "交卷" in html
    html = page(client.post(url, {f"q{bank[0].pk}": "0"}))
    assert "第2题未作答" in html and not QuizAttempt.objects.exists()
    response = client.post(url, {f"q{bank[0].pk}": "1", f"q{bank[1].pk}": "1"})
    attempt = QuizAttempt.objects.get()
    assert response.url == reverse("orglife:study_attempt", args=[attempt.pk])
    html = page(client.get(response.url))
    assert "50.0 分" in html and "未通过" in html and "党章第十条" in html and "再次作答" in html
    response = client.post(url, {f"q{bank[0].pk}": "0", f"q{bank[1].pk}": "1"})
    html = page(client.get(response.url))
    assert "100.0 分" in html and "通过(及格分 60)" in html
    html = page(client.get(reverse("orglife:study_home")))
    assert "2.0 / 32 学时" in html and "已通过" in html and "学习测试" in html


def test_a_closed_quiz_says_so(tree, client, quiz, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 4, 1)
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:study_quiz_take", args=[quiz.pk])))
    assert "测试已截止" in html and "交卷" not in html
    html = page(client.get(reverse("orglife:study_home")))
    assert "目前没有可参加的学习测试" in html


def test_the_hours_table_shows_the_figure_filters_and_exports(tree, client, today):
    for days, hours in enumerate(("20", "12")):
        services.study_log_create(
            actor=None,
            person=tree.people["a1"][0],
            day=TODAY - dt.timedelta(days=days),
            hours=Decimal(hours),
            note="自学",
        )
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:study_home")))
    assert "达标 1/5 人" in html and "32.0" in html
    html = page(client.get(reverse("orglife:study_home"), {"status": "met"}))
    assert tree.people["a1"][1].name not in html and tree.people["a1"][0].name in html
    html = page(client.get(reverse("orglife:study_home"), {"search": "没有这个人"}))
    assert "暂无符合条件的党员" in html and "达标 0/0 人" in html
    response = client.get(reverse("orglife:study_hours_export"), {"status": "short"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "东城镇党委 2026年党员学习学时(达标 1/5 人)"
    assert len(rows) == 2 + 4 and all(row[4] == "未达标" for row in rows[2:])
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="study_hours").exists()


def test_self_study_is_registered_and_deleted_after_asking(tree, client, today):
    login(client, tree, "secretary_a1")
    person = tree.people["a1"][1]
    url = reverse("orglife:study_log_create")
    assert person.name in page(client.get(url, {"q": person.name}))
    html = page(client.post(f"{url}?person={person.pk}", {"day": "2026-03-16", "hours": "25", "note": "自学党章"}))
    assert "一天登记的学时不能超过24" in html and not StudyLog.objects.exists()
    response = client.post(f"{url}?person={person.pk}", {"day": "2026-03-16", "hours": "3", "note": "自学党章"})
    assert response.status_code == 302
    log = StudyLog.objects.get()
    html = page(client.get(reverse("orglife:study_logs")))
    assert "自学党章" in html and "自学登记" in html
    delete = reverse("orglife:study_log_delete", args=[log.pk])
    assert "确认删除" in page(client.get(delete)) and StudyLog.objects.exists()
    assert client.post(delete).status_code == 302 and not StudyLog.objects.exists()
    login(client, tree, "member_a1")
    assert client.get(url).status_code == 403


def test_the_bank_is_for_managers(tree, client, bank):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:study_questions")))
    assert "党的最高领导机关是" in html and "A. 党的全国代表大会" in html and "修改" not in html
    login(client, tree, "county")
    response = client.post(
        reverse("orglife:study_question_create"),
        {"topic": "党章", "kind": "multiple", "stem": "多选", "option_a": "甲", "option_b": "乙", "answer_text": "A"},
    )
    assert "多选题应至少有两个正确答案" in page(response)
    response = client.post(
        reverse("orglife:study_question_create"),
        {
            "topic": "党章",
            "kind": "multiple",
            "stem": "多选",
            "option_a": "甲",
            "option_b": "乙",
            "answer_text": "AB",
            "active": "on",
        },
    )
    assert response.status_code == 302 and Question.objects.get(stem="多选").answer == [0, 1]
    edit = reverse("orglife:study_question_edit", args=[bank[1].pk])
    assert 'value="对"' in page(client.get(edit))
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:study_questions")).status_code == 403


def test_a_quiz_is_created_published_after_asking_and_its_results_exported(tree, client, bank):
    login(client, tree, "county")
    response = client.post(
        reverse("orglife:study_quiz_create"),
        {
            "title": "三月学习测试",
            "opens_on": "2026-03-16",
            "closes_on": "2026-03-20",
            "pass_mark": "60",
            "study_hours": "1.5",
            "topics": ["党章"],
            "count": "2",
        },
    )
    quiz = Quiz.objects.get(title="三月学习测试")
    assert response.url == reverse("orglife:study_quiz", args=[quiz.pk]) and not quiz.published
    publish = reverse("orglife:study_quiz_publish", args=[quiz.pk])
    assert "确认发布" in page(client.get(publish))
    assert client.post(publish).status_code == 302 and Quiz.objects.get(pk=quiz.pk).published
    services.quiz_submit(
        actor=None, quiz=quiz, person=tree.people["a1"][0], answers={str(bank[0].pk): [0], str(bank[1].pk): [1]}
    )
    services.quiz_submit(
        actor=None, quiz=quiz, person=tree.people["a2"][0], answers={str(bank[0].pk): [1], str(bank[1].pk): [0]}
    )
    html = page(client.get(reverse("orglife:study_quiz", args=[quiz.pk])))
    assert "2/7 (28.6%)" in html and "1/2 (50.0%)" in html
    response = client.get(reverse("orglife:study_quiz_export", args=[quiz.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert "参加 2/7 (28.6%),通过 1/2 (50.0%)" in rows[0][0]
    assert [row[3] for row in rows[2:]] == ["通过", "未通过"]
    html = page(client.get(reverse("orglife:study_quizzes"), {"state": "open"}))
    assert "三月学习测试" in html
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse("orglife:study_quiz", args=[quiz.pk])))
    assert "1/2 (50.0%)" in html and tree.people["a1"][0].name not in html
    assert client.get(reverse("orglife:study_quiz_publish", args=[quiz.pk])).status_code == 403


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_study_pages_queries_do_not_grow_with_rows(tree, client, quiz, bank):
    login(client, tree, "county")
    urls = [
        reverse("orglife:study_home"),
        reverse("orglife:study_logs"),
        reverse("orglife:study_questions"),
        reverse("orglife:study_quizzes"),
        reverse("orglife:study_quiz", args=[quiz.pk]),
    ]
    first = tree.people["a1"][0]
    services.quiz_submit(actor=None, quiz=quiz, person=first, answers={str(bank[0].pk): [0], str(bank[1].pk): [1]})
    services.study_log_create(actor=None, person=first, day=TODAY, hours=Decimal("2"), note="自学")
    queries(client, urls[0])  # the first request of a session reads more
    before = [queries(client, url) for url in urls]
    for key in ("a1", "a2", "b1"):
        for person in tree.people[key][1:]:
            services.quiz_submit(
                actor=None, quiz=quiz, person=person, answers={str(bank[0].pk): [0], str(bank[1].pk): [0]}
            )
            services.study_log_create(actor=None, person=person, day=TODAY, hours=Decimal("2"), note="自学")
    services.question_create(
        actor=None,
        org=tree.county,
        topic="党章",
        kind=QuestionKind.JUDGE,
        stem="党员必须按照规定交纳党费",
        options=[],
        answer=[1],
    )
    assert [queries(client, url) for url in urls] == before


def test_every_study_page_opens(tree, client, quiz, bank):
    attempt = services.quiz_submit(
        actor=None, quiz=quiz, person=tree.people["a1"][0], answers={str(bank[0].pk): [0], str(bank[1].pk): [1]}
    )
    log = services.study_log_create(actor=None, person=tree.people["a1"][1], day=TODAY, hours=Decimal("2"), note="自学")
    pages = [
        ("orglife:study_home", []),
        ("orglife:study_logs", []),
        ("orglife:study_log_create", []),
        ("orglife:study_log_delete", [log.pk]),
        ("orglife:study_questions", []),
        ("orglife:study_question_create", []),
        ("orglife:study_questions_import", []),
        ("orglife:study_question_edit", [bank[0].pk]),
        ("orglife:study_question_delete", [bank[0].pk]),
        ("orglife:study_quizzes", []),
        ("orglife:study_quiz_create", []),
        ("orglife:study_quiz", [quiz.pk]),
        ("orglife:study_quiz_edit", [quiz.pk]),
        ("orglife:study_quiz_delete", [quiz.pk]),
        ("orglife:study_attempt", [attempt.pk]),
    ]
    login(client, tree, "county")
    for name, args in pages:
        assert client.get(reverse(name, args=args)).status_code == 200, name
    for name in ("orglife:study_logs_export", "orglife:study_quizzes_export", "orglife:study_questions_export"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and load_workbook(io.BytesIO(response.content)).active.max_row >= 2, name
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:study_attempt", args=[attempt.pk])).status_code == 200
    assert client.get(reverse("orglife:study_quiz", args=[quiz.pk])).status_code == 200
    for name, args in pages[2:9]:
        assert client.get(reverse(name, args=args)).status_code in (403, 404), name
