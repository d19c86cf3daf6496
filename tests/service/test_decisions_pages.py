"""四议两公开 pages: the list (filters, search, figures, export, empty state), a matter's stepper, recording steps
from the forms with the verdict shown after saving (a failed vote offers holding it again or closing), refusals out
of order, confirmations before destructive actions, and the county's disclosure setting."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.service.models import Decision, DecisionStep, DisclosurePolicy
from tests.core.pages import login, page
from tests.service.decisions_world import carry, decisions_world, make_decision

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def test_list_filters_figures_and_export(tree, client):
    decisions_world(tree)
    make_decision(tree.village_a1, title="村道硬化工程", category="construction")
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:decision_list")))
    assert "李庄村闲置厂房出租" in html and "王庄村闲置厂房出租" in html and "和平社区" not in html
    assert "决议公开" in html and "按时公开" in html
    html = page(client.get(reverse("service:decision_list"), {"category": "construction"}))
    assert "村道硬化工程" in html and "厂房" not in html
    html = page(client.get(reverse("service:decision_list"), {"township": tree.town_a.pk, "status": "disclosed"}))
    assert "李庄村闲置厂房出租" in html and "村道硬化工程" not in html
    html = page(client.get(reverse("service:decision_list"), {"search": "没有这个"}))
    assert "暂无符合条件的四议两公开事项" in html
    response = client.get(reverse("service:decision_export"), {"org": "V001"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "事项名称"
    assert {r[0] for r in rows[2:-1]} == {"李庄村闲置厂房出租", "村道硬化工程"}
    assert rows[-1][:2] == ("合计", "2件")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="service_decisions").exists()


def test_empty_list(tree, client):
    login(client, tree, "secretary_a1")
    assert "暂无四议两公开事项" in page(client.get(reverse("service:decision_list")))


def test_register_and_walk_the_steps_from_the_pages(tree, client):
    login(client, tree, "secretary_a1")
    response = client.post(
        reverse("service:decision_create"),
        {"org_code": "V001", "title": "村集体鱼塘承包", "category": "asset_disposal", "amount": "50000"},
    )
    decision = Decision.objects.get(title="村集体鱼塘承包")
    assert response.status_code == 302
    html = page(client.get(reverse("service:decision_detail", args=[decision.pk])))
    assert "党支部会提议" in html and "实施结果公开" in html and "当前步骤" in html
    # Out of order: refused with the step to do first.
    response = client.get(reverse("service:decision_step", args=[decision.pk, 3]), follow=True)
    assert "请先完成第1步&#x27;党支部会提议&#x27;" in response.content.decode()
    minutes = SimpleUploadedFile("记录.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = client.post(
        reverse("service:decision_step", args=[decision.pk, 1]),
        {"held_on": "2025-09-01", "expected": 7, "present": 4, "votes_for": 3, "minutes": minutes},
        follow=True,
    )
    html = response.content.decode()
    assert "赞成3票,未超过应到人数的半数(需4票),未通过" in html and "可重新召开或终止事项" in html
    assert "终止(未通过)" in html
    row = DecisionStep.objects.get(decision=decision)
    download = client.get(reverse("service:decision_step_minutes", args=[row.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    response = client.post(
        reverse("service:decision_step", args=[decision.pk, 1]),
        {"held_on": "2025-09-02", "expected": 7, "present": 5, "votes_for": 5, "votes_against": 0, "abstentions": 0},
        follow=True,
    )
    assert "超过应到人数的半数,通过" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == "step2"
    # Votes beyond those present stay on the form.
    html = page(
        client.post(
            reverse("service:decision_step", args=[decision.pk, 2]),
            {"held_on": "2025-09-03", "expected": 11, "present": 6, "votes_for": 6, "votes_against": 1},
        )
    )
    assert "赞成、反对、弃权票合计(7)不能超过实到人数(6)" in html


def test_step_three_form_prefills_formal_members(tree, client):
    decision = carry(make_decision(tree.village_a1), 2, dt.date(2025, 9, 1))
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:decision_step", args=[decision.pk, 3])))
    assert 'name="expected" value="3"' in html and "预备党员不参加表决" in html


def test_disclosure_form_and_public_link(tree, client):
    decision = carry(make_decision(tree.village_a1), 4, dt.date(2025, 9, 1))
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:decision_step", args=[decision.pk, 5])))
    assert 'name="period_days" value="30"' in html
    response = client.post(
        reverse("service:decision_step", args=[decision.pk, 5]),
        {"held_on": "2025-09-10", "channel": "web", "content": "经村民代表会议表决通过,现予公开。", "period_days": 30},
        follow=True,
    )
    html = response.content.decode()
    assert "已公开,公开期至2025-10-09" in html and "查看公开页面" in html


def test_close_asks_first_and_other_branch_gets_404(tree, client):
    decision = carry(make_decision(tree.village_a1), 2, dt.date(2025, 9, 1))
    from tests.service.decisions_world import hold

    hold(decision, 3, dt.date(2025, 9, 10), expected=41, present=30, votes_for=10)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:decision_close", args=[decision.pk])))
    assert "确认终止" in html
    decision.refresh_from_db()
    assert decision.status == "step3"
    client.post(reverse("service:decision_close", args=[decision.pk]), {"reason": "党员大会未通过"})
    decision.refresh_from_db()
    assert decision.status == "failed"
    login(client, tree, "secretary_a2")
    assert client.get(reverse("service:decision_detail", args=[decision.pk])).status_code == 404
    login(client, tree, "member_a1")
    assert client.get(reverse("service:decision_detail", args=[decision.pk])).status_code == 404


def test_delete_asks_first(tree, client):
    decision = make_decision(tree.village_a1, title="错登事项")
    login(client, tree, "secretary_a1")
    assert "确认删除事项" in page(client.get(reverse("service:decision_delete", args=[decision.pk])))
    assert Decision.objects.filter(pk=decision.pk).exists()
    client.post(reverse("service:decision_delete", args=[decision.pk]))
    assert not Decision.objects.filter(pk=decision.pk).exists()


def test_policy_page(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:decision_policy")))
    assert "显示 30 天" in html and "公开设置由县(区)委组织部制定" in html
    assert client.post(reverse("service:decision_policy"), {"period_days": 10, "on_time_days": 5}).status_code == 403
    login(client, tree, "county")
    html = page(client.post(reverse("service:decision_policy"), {"period_days": 6, "on_time_days": 5}))
    assert "公开期限不能少于7天" in html
    client.post(reverse("service:decision_policy"), {"period_days": 60, "on_time_days": 5})
    assert DisclosurePolicy.objects.get(county=tree.county).period_days == 60
