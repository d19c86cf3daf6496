"""群众办事 staff pages: the list (filters, search by receipt code, empty state, export), counter intake, the detail
page's handling steps, the return confirmation, the township queue, the figures, the county's deadlines."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditEntry
from dangjian.service import rules
from dangjian.service.choices import RequestStatus
from dangjian.service.models import ServiceRequest
from dangjian.service.services import requests as services
from tests.core.pages import login, page
from tests.service.requests_world import accept, file, requests_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 10)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def test_list_shows_own_requests_with_filters_and_search(client, tree):
    requests_world(tree)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:request_list")))
    assert "李庄村:咨询城乡居民医保缴费" in html and "王庄村" not in html
    html = page(client.get(reverse("service:request_list"), {"status": "done"}))
    assert "开具无犯罪记录证明" in html and "医保缴费" not in html
    code = ServiceRequest.objects.filter(org=tree.village_a1, status="handling").get().receipt_code
    html = page(client.get(reverse("service:request_list"), {"search": rules.receipt_code_display(code).lower()}))
    assert "代办残疾人证换证" in html and "医保缴费" not in html
    html = page(client.get(reverse("service:request_list"), {"search": "不存在的内容"}))
    assert "暂无符合条件的群众办事事项" in html


def test_overdue_filter(client, tree, settings):
    requests_world(tree)
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=3)  # the waiting one was due 6-12
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:request_list"), {"overdue": "true"}))
    assert "李庄村:咨询城乡居民医保缴费" in html and "代办残疾人证换证" not in html


def test_export_opens_and_is_audited(client, tree):
    requests_world(tree)
    login(client, tree, "town_a")
    response = client.get(reverse("service:request_export"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "回执码"
    assert len(rows) == 2 + 6  # caption, headers, two places' three requests
    assert {r[7] for r in rows[2:]} == {"周秀英", "郑国庆"}
    assert AuditEntry.objects.filter(action="export").exists()
    login(client, tree, "member_a1")
    assert client.get(reverse("service:request_export")).status_code == 403


def test_counter_intake(client, tree):
    login(client, tree, "secretary_a1")
    assert page(client.get(reverse("service:request_intake")))
    data = {
        "org_code": "V001",
        "channel": "counter",
        "category": "household",
        "content": "新生儿落户",
        "resident_name": "王桂兰",
        "resident_phone": "139 1234 5678",
    }
    response = client.post(reverse("service:request_intake"), data)
    item = ServiceRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("service:request_detail", args=[item.pk])
    assert item.resident_phone == "13912345678" and item.channel == "counter"
    html = page(client.post(reverse("service:request_intake"), data | {"org_code": "V002"}))
    assert "组织代码“V002”不存在或不在您的管理范围内" in html
    html = page(client.post(reverse("service:request_intake"), data | {"resident_phone": "12345"}))
    assert "11位手机号码" in html


def test_detail_and_handling_steps(client, tree):
    item = file(tree.village_a1)
    login(client, tree, "secretary_a1")
    url = reverse("service:request_detail", args=[item.pk])
    html = page(client.get(url))
    assert "周秀英" in html and "受理(坐班+五办)" in html
    step = lambda name: reverse("service:request_step", args=[item.pk, name])  # noqa: E731
    html = page(client.post(step("accept"), {"accept-mode": "referral", "accept-handler_name": "刘建国"}))
    assert "介绍办须填写介绍到的部门" in html
    response = client.post(
        step("accept"), {"accept-mode": "referral", "accept-handler_name": "刘建国", "accept-referred_to": "县人社局"}
    )
    assert response.status_code == 302
    assert client.post(step("progress"), {"progress-text": "已报送县人社局"}).status_code == 302
    assert client.post(step("finish"), {"finish-result": "已办好社保卡"}).status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and item.referred_to == "县人社局"
    html = page(client.get(url))
    assert "已报送县人社局" in html and "电话回访" in html
    assert client.post(step("revisit"), {"revisit-rating": "satisfied"}).status_code == 302
    item.refresh_from_db()
    assert item.rating_source == "revisit"
    html = page(client.post(step("progress"), {"progress-text": "再补一条"}))
    assert "该事项已办结,不能再添加进展" in html


def test_return_asks_first(client, tree):
    item = file(tree.village_a1)
    login(client, tree, "secretary_a1")
    url = reverse("service:request_step", args=[item.pk, "return"])
    assert "退回后该事项不再办理" in page(client.get(url))
    item.refresh_from_db()
    assert item.status == RequestStatus.PENDING
    assert client.post(url, {"return-reason": "不属于本村办理范围"}).status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.RETURNED


def test_other_branch_gets_404_and_village_cannot_take_over(client, tree):
    item = accept(file(tree.village_a1))
    login(client, tree, "secretary_a2")
    assert client.get(reverse("service:request_detail", args=[item.pk])).status_code == 404
    login(client, tree, "secretary_a1")
    assert client.get(reverse("service:request_step", args=[item.pk, "reassign"])).status_code == 403
    assert client.get(reverse("service:request_queue")).status_code == 403


def test_township_queue_lists_escalated_and_overdue(client, tree, settings):
    overdue = accept(file(tree.village_a1), mode="onsite")
    escalated = file(tree.village_a2, content="宅基地确权咨询")
    quiet = accept(file(tree.village_a1, content="代办养老保险认证"), mode="full")
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 13)
    services.requests_escalate(today=dt.date(2025, 6, 13))
    services.request_finish(actor=None, request=ServiceRequest.objects.get(pk=overdue.pk), result="ok")
    overdue2 = accept(file(tree.village_a1, content="低保年审材料"), mode="onsite")
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 14)
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:request_queue")))
    codes = {rules.receipt_code_display(r.receipt_code): r for r in (escalated, overdue2, quiet)}
    assert rules.receipt_code_display(escalated.receipt_code) in html
    assert rules.receipt_code_display(overdue2.receipt_code) in html and "逾期待上报" in html
    assert rules.receipt_code_display(quiet.receipt_code) not in html
    assert len(codes) == 3
    response = client.post(
        reverse("service:request_step", args=[overdue2.pk, "reassign"]),
        {"reassign-handler_name": "镇民政所张振东", "reassign-deadline": "2025-06-16"},
    )
    assert response.status_code == 302
    assert ServiceRequest.objects.get(pk=overdue2.pk).deadline == dt.date(2025, 6, 16)


def test_figures_page(client, tree):
    requests_world(tree)
    login(client, tree, "county")
    html = page(client.get(reverse("service:request_figures"), {"year": "2025"}))
    assert "受理群众办事9件,办结3件,按时办结 3/3 (100.0%),满意率 3/3 (100.0%)" in html
    assert "东城镇党委" in html and "现场办" in html and "证明开具" in html
    html = page(client.get(reverse("service:request_figures"), {"year": "2025", "org": "V003"}))
    assert "受理群众办事3件" in html
    html = page(client.get(reverse("service:request_figures"), {"year": "2024"}))
    assert "暂无该期间的群众办事事项" in html


def test_deadline_settings_page(client, tree):
    login(client, tree, "town_a")
    assert client.get(reverse("service:request_settings")).status_code == 403
    login(client, tree, "county")
    assert "代理办时限(天)" in page(client.get(reverse("service:request_settings")))
    data = {"onsite_days": 0, "proxy_days": 7, "assist_days": 5, "referral_days": 3, "full_days": 20}
    assert client.post(reverse("service:request_settings"), data).status_code == 302
    assert services.deadline_days(tree.county.pk)["proxy"] == 7


def test_reminders(tree, settings):
    from dangjian.service.selectors.requests import reminders

    requests_world(tree)
    found = {r.label: r.count for r in reminders(tree.accounts["town_a"], TODAY + dt.timedelta(days=3))}
    assert found["群众办事待受理"] == 2 and found["群众办事逾期未办结"] == 2
    assert found["群众办事已上报乡镇待处理"] == 0
    found = {r.label: r.count for r in reminders(tree.accounts["secretary_a1"], TODAY)}
    assert found == {"群众办事待受理": 1, "群众办事逾期未办结": 0}


def test_township_queue_filters_and_exports_only_its_requests(client, tree, settings):
    import io

    import openpyxl

    escalated = file(tree.village_a2, content="宅基地确权咨询")
    waiting = accept(file(tree.village_a1, content="代办养老保险认证"), mode="full")
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 13)
    services.requests_escalate(today=dt.date(2025, 6, 13))
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:request_queue"), {"org": "V001"}))
    assert rules.receipt_code_display(escalated.receipt_code) not in html  # filtered to 李庄村
    response = client.get(reverse("service:request_export"), {"queue": "1"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    shown = {escalated.receipt_code, rules.receipt_code_display(escalated.receipt_code)}
    hidden = {waiting.receipt_code, rules.receipt_code_display(waiting.receipt_code)}
    assert cells & shown and not cells & hidden
    login(client, tree, "secretary_a1")
    assert client.get(reverse("service:request_export"), {"queue": "1"}).status_code == 403
