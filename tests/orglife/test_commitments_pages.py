"""五亮 pages: the managers' roster and its export, the member's own phone page (save, submit, consent), writing on a
member's behalf, the review queue, and the public card (no sign-in; approved entries only while the member agrees;
nothing personal beyond the name and the org)."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import CommitmentKind, ReviewStatus
from dangjian.orglife.models import Commitment
from dangjian.orglife.selectors.commitments import card_token
from dangjian.orglife.services import commitments as services
from tests.core.factories import make_person
from tests.core.pages import login, page
from tests.orglife.commitments_world import commitments_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def five(**overrides):
    values = {
        "year": "2026",
        "identity": "中共党员,2005年入党",
        "duty": "负责网格内矛盾排查",
        "promise": "年内结对帮扶一户困难群众",
        "achievement": "",
        "image": "",
    }
    return values | overrides


def test_a_member_is_sent_to_their_own_page_and_saves_a_draft_then_submits(tree, client, today):
    login(client, tree, "member_a1")
    response = client.get(reverse("orglife:commitment_list"))
    assert response.status_code == 302 and response["Location"] == reverse("orglife:my_commitments")
    html = page(client.get(reverse("orglife:my_commitments")))
    assert "我的五亮承诺" in html and "亮身份" in html and "亮形象" in html and "保存草稿" in html
    response = client.post(reverse("orglife:my_commitments"), five(action="draft"))
    assert response.status_code == 302
    assert set(Commitment.objects.values_list("kind", "status")) == {
        ("identity", "draft"),
        ("duty", "draft"),
        ("promise", "draft"),
    }
    client.post(reverse("orglife:my_commitments"), five(action="submit", achievement="去年办实事12件"))
    assert set(Commitment.objects.values_list("status", flat=True)) == {"submitted"}
    assert Commitment.objects.count() == 4
    html = page(client.get(reverse("orglife:my_commitments")))
    assert "待审核" in html and "尚未同意公开展示" in html and "同意公开展示" in html


def test_the_page_keeps_input_and_names_the_kind(tree, client, today):
    login(client, tree, "member_a1")
    html = page(client.post(reverse("orglife:my_commitments"), five(action="draft", duty="字" * 501)))
    assert "内容不超过500字" in html and "中共党员,2005年入党" in html
    assert not Commitment.objects.exists()


def test_consent_from_the_page_shows_the_card_link(tree, client, today):
    commitments_world(tree)
    login(client, tree, "member_a1")
    Commitment.objects.update(public=False)
    response = client.post(reverse("orglife:commitment_consent"), {"year": "2026", "public": "1"})
    assert response.status_code == 302
    html = page(client.get(reverse("orglife:my_commitments")))
    token = card_token(tree.people["a1"][0])
    assert reverse("orglife:commitment_card", args=[token]) in html and "撤回公开展示" in html
    assert AuditEntry.objects.filter(object_type="orglife.commitment", action=AuditAction.UPDATE, after__public=True)
    client.post(reverse("orglife:commitment_consent"), {"year": "2026", "public": "0"})
    assert not Commitment.objects.filter(public=True).exists()


def test_a_manager_writes_on_a_members_behalf_but_cannot_consent(tree, client, today):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    url = reverse("orglife:commitment_person", args=[person.pk])
    html = page(client.get(url))
    assert f"{person.name}的五亮承诺" in html and "是否公开由党员本人决定" in html
    assert reverse("orglife:commitment_consent") not in html
    assert client.post(url, five(action="submit")).status_code == 302
    assert Commitment.objects.filter(person=person, status=ReviewStatus.SUBMITTED).count() == 3
    assert client.post(reverse("orglife:commitment_consent"), {"year": "2026", "public": "1"}).status_code == 403
    assert not Commitment.objects.filter(public=True).exists()
    login(client, tree, "secretary_a2")
    assert client.get(url).status_code == 404


def test_roster_shows_each_kind_and_the_rates(tree, client, today):
    commitments_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:commitment_list")))
    assert "五亮承诺 · 2026年度" in html
    assert "2/5 (40.0%)" in html  # written: one member in each of 东城镇's two branches of five members
    assert "已通过" in html and "待审核" in html and "未填写" in html and "已同意" in html
    assert tree.people["b1"][0].name not in html
    html = page(client.get(reverse("orglife:commitment_list"), {"status": "none", "org": "V001"}))
    assert tree.people["a1"][1].name in html and tree.people["a1"][0].name not in html
    html = page(client.get(reverse("orglife:commitment_list"), {"year": "2025"}))
    assert "0/5 (0.0%)" in html


def test_roster_export_opens(tree, client, today):
    commitments_world(tree)
    login(client, tree, "secretary_a1")
    response = client.get(reverse("orglife:commitment_export"), {"year": "2026"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["五亮汇总", "承诺内容"]
    roster = list(book["五亮汇总"].iter_rows(values_only=True))
    assert roster[1][:4] == ("所在党组织", "姓名", "亮身份", "亮职责")
    assert len(roster) == 2 + 3
    first = next(row for row in roster if row[1] == tree.people["a1"][0].name)
    assert first[2] == "已通过" and first[4] == "待审核" and first[7] == "1/5" and first[8] == "是"
    entries = list(book["承诺内容"].iter_rows(values_only=True))[2:]
    assert sorted(row[2] for row in entries) == ["亮承诺", "亮身份"]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="commitments").exists()
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:commitment_export")).status_code == 403


def test_review_queue_approves_and_returns_with_a_note(tree, client, today):
    commitments_world(tree)
    promise = Commitment.objects.get(person=tree.people["a1"][0], kind=CommitmentKind.PROMISE)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:commitment_review_queue")))
    assert "年内结对帮扶一户困难群众" in html and html.count("<tr>") == 2  # a1's only
    url = reverse("orglife:commitment_review", args=[promise.pk])
    html = page(client.post(url, {"decision": "return", "note": ""}))
    assert "退回时请填写审核意见" in html
    assert Commitment.objects.get(pk=promise.pk).status == ReviewStatus.SUBMITTED
    response = client.post(url, {"decision": "return", "note": "请写明帮扶对象"})
    assert response.status_code == 302
    assert Commitment.objects.get(pk=promise.pk).review_note == "请写明帮扶对象"
    html = page(client.get(reverse("orglife:commitment_review_queue")))
    assert "暂无待审核的五亮承诺" in html
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:my_commitments")))
    assert "退回意见:请写明帮扶对象" in html
    assert client.get(reverse("orglife:commitment_review_queue")).status_code == 403


def test_queue_export_opens(tree, client, today):
    commitments_world(tree)
    login(client, tree, "county")
    response = client.get(reverse("orglife:commitment_queue_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[2:]
    assert len(rows) == 3 and {row[4] for row in rows} == {"亮承诺"}


def test_quick_approve_returns_to_the_queue(tree, client, today):
    commitments_world(tree)
    promise = Commitment.objects.get(person=tree.people["a1"][0], kind=CommitmentKind.PROMISE)
    login(client, tree, "secretary_a1")
    queue = reverse("orglife:commitment_review_queue")
    url = reverse("orglife:commitment_review", args=[promise.pk])
    response = client.post(url, {"decision": "approve", "next": queue + "?kind=promise"})
    assert response.status_code == 302 and response["Location"] == queue + "?kind=promise"
    assert Commitment.objects.get(pk=promise.pk).status == ReviewStatus.APPROVED
    elsewhere = client.post(url, {"decision": "approve", "next": "https://example.com/"})
    assert elsewhere.status_code == 200  # already approved: the page says so
    assert "不是待审核状态" in elsewhere.content.decode()


def test_the_public_card_needs_no_sign_in_and_shows_only_approved_consented_entries(tree, client, today):
    commitments_world(tree)
    person = tree.people["a1"][0]
    url = reverse("orglife:commitment_card", args=[card_token(person)])
    html = page(client.get(url))
    assert person.name in html and "东城镇李庄村党支部" in html and "2026年度" in html
    assert "中共党员,在村党群服务中心亮明身份" in html
    assert "年内结对帮扶一户困难群众" not in html  # submitted, not approved
    for private in (person.id_number_masked, person.id_number, person.phone, person.phone_masked):
        assert private not in html
    assert "qr.svg" in html and "退出" not in html
    qr = client.get(reverse("orglife:commitment_card_qr", args=[card_token(person)]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    services.commitment_consent(actor=None, person=person, year=2026, public=False)
    html = page(client.get(url))
    assert "该党员未公开承诺" in html and person.name not in html and "亮明身份" not in html
    assert client.get(url[:-2] + "x/").status_code == 404
    stranger = make_person(tree.village_a2)
    html = page(client.get(reverse("orglife:commitment_card", args=[card_token(stranger)])))
    assert "该党员未公开承诺" in html


def test_the_roster_queries_do_not_grow_with_rows(tree, client, today):
    login(client, tree, "county")
    url = reverse("orglife:commitment_list")

    def add(count):
        for _ in range(count):
            person = make_person(tree.village_a2)
            services.commitment_create(
                actor=None, person=person, year=2026, kind=CommitmentKind.DUTY, content="负责网格", submit=True
            )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    client.get(url)
    few = queries()
    add(4)
    assert queries() == few
