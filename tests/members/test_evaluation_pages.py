"""民主评议 pages: the list with counts and alerts, the start form, the entry sheet, the decision with its quota,
the follow-up of a member graded 不合格, the member's own self-assessment, the .xlsx export."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction, MemberStatus
from dangjian.core.models import AuditEntry
from dangjian.members.choices import CampaignStatus, Grade
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.services import evaluation as services
from tests.core.factories import make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def campaign(tree, today):
    """Branch a1 (3 formal + 1 probationary) evaluating 2025."""
    make_person(
        tree.village_a1,
        name="钱预备",
        status=MemberStatus.PROBATIONARY,
        joined_on=dt.date(2025, 9, 1),
        confirmed_on=None,
    )
    return services.evaluation_start(
        actor=tree.accounts["secretary_a1"], org=tree.village_a1, year=2025, started_on=dt.date(2026, 1, 10)
    )


def decide_page(client, campaign, grades, on="2026-02-20"):
    data = {"decided_on": on} | {f"grade_{pk}": grade for pk, grade in grades.items()}
    return client.post(reverse("members:evaluation_decide", args=[campaign.pk]), data)


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("members:evaluation_list"))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_empty_list_then_start_from_the_page(tree, client, today):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("members:evaluation_list")))
    assert "暂无民主评议" in html and "开展民主评议" in html
    response = client.post(
        reverse("members:evaluation_start"), {"org_code": "V001", "year": "2025", "started_on": "2026-01-10"}
    )
    campaign = EvaluationCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "members:evaluation_detail", args=[campaign.pk]
    )
    html = page(client.get(response["Location"]))
    assert all(p.name in html for p in tree.people["a1"])
    html = page(client.get(reverse("members:evaluation_list")))
    assert "2025年度" in html and tree.village_a1.name in html


def test_start_form_keeps_input_and_shows_the_rule_next_to_the_field(tree, client, campaign):
    login(client, tree, "secretary_a1")
    html = page(
        client.post(
            reverse("members:evaluation_start"), {"org_code": "V001", "year": "2025", "started_on": "2026-02-01"}
        )
    )
    assert "该党支部2025年度已开展民主评议(每年一次,ORG-08)" in html
    assert 'value="2026-02-01"' in html
    html = page(
        client.post(
            reverse("members:evaluation_start"), {"org_code": "V002", "year": "2025", "started_on": "2026-02-01"}
        )
    )
    assert "组织代码“V002”不存在或不在您的管理范围内" in html
    assert EvaluationCampaign.objects.count() == 1


def test_another_branch_sees_neither_the_campaign_nor_its_sheet(tree, client, campaign):
    login(client, tree, "secretary_a2")
    assert "暂无民主评议" in page(client.get(reverse("members:evaluation_list")))
    assert client.get(reverse("members:evaluation_detail", args=[campaign.pk])).status_code == 404
    entry = campaign.entries.first()
    assert client.get(reverse("members:evaluation_entry", args=[entry.pk])).status_code == 404
    assert client.get(reverse("members:evaluation_start")).status_code == 200  # for their own branch


def test_ballots_and_the_decision_with_its_quota(tree, client, campaign):
    login(client, tree, "secretary_a1")
    first, second, third = tree.people["a1"]
    entry = campaign.entries.get(person=first)
    response = client.post(
        reverse("members:evaluation_entry", args=[entry.pk]),
        {
            "ballots": "1",
            "ballots-mutual_excellent": "3",
            "ballots-mutual_qualified": "1",
            "ballots-public_excellent": "25",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.mutual_excellent, entry.mutual_qualified, entry.public_excellent) == (3, 1, 25)

    html = page(client.get(reverse("members:evaluation_decide", args=[campaign.pk])))
    assert "本次评定 <strong>3</strong> 名" in html and "优秀最多 1 名" in html and "钱预备" in html
    html = page(
        decide_page(client, campaign, {first.pk: Grade.EXCELLENT, second.pk: Grade.EXCELLENT, third.pk: "qualified"})
    )
    assert "优秀等次不超过评定等次党员的三分之一(ORG-08):本次评定3名,优秀最多1名,现为2名" in html
    assert f'name="grade_{second.pk}"' in html and '<option value="excellent" selected>' in html
    assert not EvaluationEntry.objects.exclude(grade="").exists()

    response = decide_page(
        client, campaign, {first.pk: Grade.EXCELLENT, second.pk: "qualified", third.pk: "unqualified"}
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DECIDED
    html = page(client.get(reverse("members:evaluation_list")))
    assert "已定等次" in html
    html = page(client.get(reverse("members:evaluation_detail", args=[campaign.pk])))
    assert "作出处置" in html and "不评定" in html


def test_an_ungraded_formal_member_is_named(tree, client, campaign):
    login(client, tree, "secretary_a1")
    first, second, third = tree.people["a1"]
    html = page(decide_page(client, campaign, {first.pk: "qualified", second.pk: "qualified"}))
    assert f"请为{third.name}评定等次" in html


@pytest.fixture
def unqualified(tree, campaign):
    first, second, third = tree.people["a1"]
    grades = {first.pk: Grade.QUALIFIED, second.pk: Grade.QUALIFIED, third.pk: Grade.UNQUALIFIED}
    services.evaluation_decide(
        actor=tree.accounts["secretary_a1"], campaign=campaign, grades=grades, decided_on=dt.date(2026, 2, 20)
    )
    return campaign.entries.get(person=third)


def test_follow_up_deadline_refused_beyond_a_year_then_alert_when_overdue(tree, client, unqualified, settings):
    login(client, tree, "town_a")
    html = page(client.get(reverse("members:evaluation_list")))
    assert "尚未作出组织处置" in html
    url = reverse("members:evaluation_followup_create", args=[unqualified.pk])
    html = page(client.post(url, {"measure": "correct", "decided_on": "2026-02-25", "deadline": "2027-02-26"}))
    assert "限期改正的期限不超过1年,最晚2027-02-25" in html and 'value="2027-02-26"' in html
    response = client.post(url, {"measure": "correct", "decided_on": "2026-02-25", "deadline": "2026-06-30"})
    followup = EvaluationFollowup.objects.get()
    assert response["Location"] == reverse("members:evaluation_followup", args=[followup.pk])

    settings.DANGJIAN_TODAY = dt.date(2026, 7, 1)
    html = page(client.get(reverse("members:evaluation_list")))
    assert "限期改正期限2026-06-30已过1天,尚未办结" in html
    html = page(client.get(reverse("members:evaluation_followups"), {"overdue": "true"}))
    assert "已逾期" in html and unqualified.person.name in html
    login(client, tree, "secretary_a1")
    assert "已过1天" in page(client.get(reverse("members:evaluation_list")))
    response = client.post(
        reverse("members:evaluation_followup", args=[followup.pk]), {"closed_on": "2026-07-01", "outcome": "已改正"}
    )
    assert response.status_code == 302
    assert "已过1天" not in page(client.get(reverse("members:evaluation_list")))


def test_removal_from_the_page_needs_the_committee_above(tree, client, unqualified):
    followup = services.evaluation_followup_create(
        actor=tree.accounts["secretary_a1"], entry=unqualified, measure="remove", decided_on=dt.date(2026, 2, 25)
    )
    data = {
        "closed_on": "2026-03-01",
        "outcome": "支部大会决定除名",
        "to_standing": "removed",
        "branch_resolution_on": "2026-02-26",
        "approved_on": "2026-02-28",
    }
    login(client, tree, "secretary_a1")
    html = page(client.post(reverse("members:evaluation_followup", args=[followup.pk]), data))
    assert "停止党籍、除名、开除党籍和取消预备党员资格须由上级党委办理" in html
    login(client, tree, "town_a")
    assert client.post(reverse("members:evaluation_followup", args=[followup.pk]), data).status_code == 302
    unqualified.person.refresh_from_db()
    assert unqualified.person.standing == "removed"


def test_a_member_writes_their_self_assessment_and_sees_nothing_else(tree, client, campaign):
    login(client, tree, "member_a1")
    html = page(client.get(reverse("members:evaluation_list")))
    assert "我的民主评议" in html and "填写个人自评" in html
    mine = campaign.entries.get(person=tree.people["a1"][0])
    response = client.post(
        reverse("members:evaluation_entry", args=[mine.pk]), {"text": "1", "text-self_assessment": "认真学习"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.self_assessment == "认真学习"
    other = campaign.entries.get(person=tree.people["a1"][1])
    assert client.get(reverse("members:evaluation_entry", args=[other.pk])).status_code == 404
    assert client.get(reverse("members:evaluation_detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("members:evaluation_export")).status_code == 403


def test_results_export(tree, client, unqualified):
    login(client, tree, "town_a")
    response = client.get(reverse("members:evaluation_export"), {"year": "2025"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("年度", "党支部", "姓名")
    body = {row[2]: row for row in rows[2:]}
    assert len(body) == 4
    assert body[unqualified.person.name][13] == "不合格"
    assert body["钱预备"][3] == "预备党员(不评定等次)" and body["钱预备"][13] is None
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="evaluation_results").count() == 1


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_sheet_queries_do_not_grow_with_rows(tree, client, unqualified):
    login(client, tree, "county")
    client.get(reverse("members:evaluation_list"))  # the first request of a session also renews it
    detail = reverse("members:evaluation_detail", args=[unqualified.campaign_id])
    few = queries(client, reverse("members:evaluation_list")), queries(client, detail)
    services.evaluation_followup_create(
        actor=None, entry=unqualified, measure="correct", decided_on=TODAY, deadline=dt.date(2026, 6, 1)
    )
    for _ in range(4):
        make_person(tree.village_a2)
    services.evaluation_start(actor=None, org=tree.village_a2, year=2025, started_on=dt.date(2026, 1, 10))
    services.evaluation_start(actor=None, org=tree.community_b1, year=2025, started_on=dt.date(2026, 1, 10))
    assert (queries(client, reverse("members:evaluation_list")), queries(client, detail)) == few
