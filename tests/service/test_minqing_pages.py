"""民情夜市 and mediation pages: the home page with its period figures and the villages behind, a session recorded
from the (phone) form, issues listed, filtered, exported and moved through their steps with refusals shown, the
mediation page, mediators and a dispute's actions (the village cannot act once it is at the town)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.service.models import Dispute, MinqingIssue, NightMarket
from dangjian.service.services import minqing as services
from tests.core.pages import login, page
from tests.service.minqing_world import make_dispute, make_issue, make_mediator, make_session, minqing_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 24)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def xlsx(response):
    assert response.status_code == 200
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


def test_home_shows_the_period_its_figures_and_the_villages_behind(tree, client):
    minqing_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:minqing_home")))
    assert "李庄村党服务中心" not in html  # (the place names are the sessions' own)
    assert "李庄村党群服务中心" in html and "和平社区" not in html
    assert "未按每周一次举办的村" in html and "应开4次,已开1次" in html
    assert "解决群众生产生活难题0件" in html
    html = page(client.get(reverse("service:minqing_home"), {"search": "不存在"}))
    assert "暂无符合条件的民情夜市记录" in html
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:minqing_home")))
    assert "本月应开4次,已开1次" in html
    rows = xlsx(client.get(reverse("service:minqing_export")))
    assert any(row[0] and "李庄村" in str(row[0]) for row in rows)
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1


def test_recording_a_session_from_the_form(tree, client):
    login(client, tree, "secretary_a1")
    url = reverse("service:minqing_session_create")
    assert 'type="time"' in page(client.get(url))
    data = {
        "org_code": "V001",
        "held_on": "2025-09-23",
        "starts_at": "08:00",
        "place": "村广场",
        "hosts": "刘书记",
        "attendance": "40",
    }
    html = page(client.post(url, data))
    assert "民情夜市应在晚间举办" in html and 'value="村广场"' in html
    response = client.post(url, data | {"starts_at": "19:30"})
    session = NightMarket.objects.get()
    assert response.status_code == 302 and response.url == reverse("service:minqing_session_detail", args=[session.pk])
    assert "村广场" in page(client.get(response.url))
    response = client.post(url, data | {"org_code": "V002", "starts_at": "19:30"})
    assert "不存在或不在您的管理范围内" in page(response)
    # Deleting asks first.
    delete = reverse("service:minqing_session_delete", args=[session.pk])
    assert "确认删除" in page(client.get(delete))
    assert NightMarket.objects.count() == 1
    assert client.post(delete).status_code == 302 and not NightMarket.objects.exists()


def test_issues_list_export_and_steps(tree, client):
    minqing_world(tree)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:minqing_issue_list")))
    assert "村东组道路坑洼" in html and html.count("村东组道路坑洼") == 1
    assert "暂无符合条件的群众诉求" in page(client.get(reverse("service:minqing_issue_list"), {"status": "closed"}))
    rows = xlsx(client.get(reverse("service:minqing_issue_export")))
    assert rows[-1][0] == "合计"
    issue = MinqingIssue.objects.get(org=tree.village_a1)
    detail = page(client.get(reverse("service:minqing_issue_detail", args=[issue.pk])))
    assert "张桂兰" in detail and "办结" in detail
    feedback = reverse("service:minqing_issue_action", args=[issue.pk, "feedback"])
    assert "不能登记群众反馈" in page(client.get(feedback))
    resolve = reverse("service:minqing_issue_action", args=[issue.pk, "resolve"])
    assert "请填写办理结果" in page(client.post(resolve, {"result": ""}))
    assert client.post(resolve, {"result": "已铺设砂石"}).status_code == 302
    assert client.post(feedback, {"feedback": "satisfied"}).status_code == 302
    issue.refresh_from_db()
    assert issue.status == "closed"
    other = MinqingIssue.objects.get(org=tree.village_a2)
    assert client.get(reverse("service:minqing_issue_detail", args=[other.pk])).status_code == 404


def test_recording_an_issue_raised_at_a_session(tree, client):
    session = make_session(tree.village_a1)
    login(client, tree, "secretary_a1")
    url = reverse("service:minqing_issue_create") + f"?session={session.pk}"
    assert f'<option value="{session.pk}" selected' in page(client.get(url))
    data = {"org_code": "V001", "session": session.pk, "category": "water", "content": "水压低", "raiser_name": "李四"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert MinqingIssue.objects.get().channel == "night_market"


def test_mediation_pages(tree, client):
    minqing_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:mediation_home")))
    assert "李大山与李小河" in html and "赵德胜" not in html and "镇级1人" in html
    rows = xlsx(client.get(reverse("service:mediation_export")))
    assert any("李大山与李小河" in str(row) for row in rows)
    html = page(client.get(reverse("service:mediation_mediator_list")))
    assert "周镇长" in html and "李庄村组调解员" in html and "吴主任" not in html
    assert len(xlsx(client.get(reverse("service:mediation_mediator_export")))) >= 5


def test_a_dispute_at_the_town_is_the_townships(tree, client):
    make_mediator(tree.town_a, "town", name="周镇长")
    dispute = make_dispute(tree.village_a1)
    login(client, tree, "secretary_a1")
    url = reverse("service:mediation_dispute_action", args=[dispute.pk, "escalate"])
    html = page(client.get(url))
    assert "周镇长" in html
    assert "请填写上交原因" in page(client.post(url, {"level": "town", "reason": ""}))
    assert client.post(url, {"level": "town", "reason": "分歧较大"}).status_code == 302
    detail = page(client.get(reverse("service:mediation_dispute_detail", args=[dispute.pk])))
    assert "由镇级调解组织办理" in detail
    settle = reverse("service:mediation_dispute_action", args=[dispute.pk, "settle"])
    assert client.post(settle, {"agreement": "和解"}).status_code == 403
    login(client, tree, "town_a")
    assert client.post(settle, {"agreement": "和解"}).status_code == 302
    assert Dispute.objects.get().status == "settled"


def test_registering_a_mediator_and_a_dispute(tree, client):
    login(client, tree, "secretary_a1")
    url = reverse("service:mediation_mediator_create")
    data = {"org_code": "V001", "level": "group", "name": "孙大爷", "post": "组长", "group_name": ""}
    assert "组级调解员请填写所在村民小组" in page(client.post(url, data))
    assert client.post(url, data | {"group_name": "第二村民小组"}).status_code == 302
    mediator = services.Mediator.objects.get()
    url = reverse("service:mediation_dispute_create")
    data = {
        "org_code": "V001",
        "kind": "debt",
        "parties": "甲与乙",
        "summary": "借款纠纷",
        "received_on": "2025-09-20",
        "level": "town",
    }
    assert "没有受理镇级纠纷的权限" in page(client.post(url, data))
    response = client.post(url, data | {"level": "group", "mediators": [mediator.pk]})
    assert response.status_code == 302
    assert list(Dispute.objects.get().mediators.all()) == [mediator]
    retire = reverse("service:mediation_mediator_retire", args=[mediator.pk])
    assert "确认孙大爷" in page(client.get(retire))
    assert client.post(retire).status_code == 302
    mediator.refresh_from_db()
    assert not mediator.active


def test_an_out_of_scope_issue_and_session_are_not_found(tree, client):
    session = make_session(tree.community_b1)
    issue = make_issue(tree.community_b1, key="b1")
    login(client, tree, "town_a")
    assert client.get(reverse("service:minqing_session_detail", args=[session.pk])).status_code == 404
    assert client.get(reverse("service:minqing_issue_action", args=[issue.pk, "assign"])).status_code == 404
