"""Mobile-member pages: the list with the branch's and township's alerts, registering (errors kept next to the
field), a member's page with reports and the five systems, the return (confirmed), the export."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.members.choices import MobileStatus
from dangjian.members.models import MobileMember, MobileRecord, MobileReport
from dangjian.members.services import mobile as services
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def register(tree, person=None, **overrides):
    values = {"left_on": dt.date(2025, 9, 10), "destination": "广东省深圳市", "contact": "13600000000"}
    values.update(overrides)
    return services.mobile_register(actor=None, person=person or tree.people["a1"][1], **values)


def test_the_list_shows_where_they_are_and_the_alerts(tree, client):
    mobile = register(tree, workplace="某电子厂", host_org_name="深圳市某街道党工委")
    register(tree, person=tree.people["b1"][0], destination="上海市")
    login(client, tree, "town_a")
    html = page(client.get(reverse("members:mobile_list")))
    assert mobile.person.name in html and "深圳市某街道党工委" in html and "某电子厂" in html
    assert "上海市" not in html
    assert "外出已满6个月,应转接组织关系" in html and "情况报告已逾期1期(应于2025-12-10报告)" in html
    assert "逾期1期" in html and 'class="table-danger"' in html
    login(client, tree, "county")
    html = page(client.get(reverse("members:mobile_list"), {"township": tree.town_b.pk}))
    assert "上海市" in html and mobile.person.name not in html
    html = page(client.get(reverse("members:mobile_list"), {"org": "V002"}))
    assert "暂无符合条件的流动党员" in html and "提醒(" not in html


def test_the_alerts_page_lists_every_alert(tree, client):
    register(tree)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("members:mobile_alerts")))
    assert "共 2 条" in html
    html = page(client.get(reverse("members:mobile_alerts"), {"alert": "should_transfer"}))
    assert "共 1 条" in html and "外出满6个月应转接" in html


def test_register_keeps_the_input_and_shows_the_error_by_the_field(tree, client):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    assert reverse("members:mobile_register") in page(client.get(reverse("members:transfer_pick"), {"for": "mobile"}))
    url = f"{reverse('members:mobile_register')}?person={person.pk}"
    assert 'value="13800138000"' in page(client.get(url))
    data = {
        "left_on": "2025-09-10",
        "destination": "广东省深圳市",
        "contact": "13600000000",
        "host_org_code": "NOPE",
        "report_every_months": "3",
        "fixed_place": "on",
    }
    html = page(client.post(url, data))
    assert "组织代码“NOPE”不存在" in html and 'value="广东省深圳市"' in html
    html = page(client.post(url, {**data, "host_org_code": "", "report_every_months": "0"}))
    assert "情况报告周期应为1至12个月" in html
    response = client.post(url, {**data, "host_org_code": "V003"})
    mobile = MobileMember.objects.get()
    assert response["Location"] == reverse("members:mobile_detail", args=[mobile.pk])
    assert mobile.host_org == tree.community_b1


def test_the_member_page_with_reports_records_and_the_return(tree, client):
    mobile = register(tree)
    login(client, tree, "secretary_a1")
    detail = reverse("members:mobile_detail", args=[mobile.pk])
    html = page(client.get(detail))
    for label in ("首问责任制度", "情况报告制度", "学习评议制度", "定期活动制度", "培养教育制度"):
        assert label in html
    assert "转接组织关系" in html
    report_url = reverse("members:mobile_report_new", args=[mobile.pk])
    assert "不填则为下一个应报告日期 2025-12-10" in page(client.get(report_url))
    client.post(report_url, {"submitted_on": "2026-03-01", "content": "在深圳务工"})
    assert MobileReport.objects.get().due_on == dt.date(2025, 12, 10)
    record_url = reverse("members:mobile_record_new", args=[mobile.pk])
    html = page(client.post(record_url, {"system": "training", "done_on": "2026-03-01", "content": ""}))
    assert "请填写内容" in html
    client.post(
        record_url, {"system": "training", "done_on": "2026-03-01", "content": "寄送学习资料", "handled_by": "王委员"}
    )
    assert MobileRecord.objects.get().system == "training"
    html = page(client.get(detail))
    assert "在深圳务工" in html and "寄送学习资料" in html and "逾期报告" in html
    return_url = reverse("members:mobile_return", args=[mobile.pk])
    assert "确认" in page(client.get(return_url)) and MobileMember.objects.get().status == MobileStatus.AWAY
    client.post(return_url, {"returned_on": "2026-03-10"})
    assert MobileMember.objects.get().status == MobileStatus.RETURNED
    html = page(client.get(detail))
    assert "记录情况报告" not in html and "外出已满6个月" not in html


def test_other_branches_and_members_cannot_manage(tree, client):
    mobile = register(tree, person=tree.people["a1"][0])
    login(client, tree, "secretary_a2")
    assert client.get(reverse("members:mobile_detail", args=[mobile.pk])).status_code == 404
    assert client.get(reverse("members:mobile_edit", args=[mobile.pk])).status_code == 404
    login(client, tree, "member_a1")
    html = page(client.get(reverse("members:mobile_detail", args=[mobile.pk])))
    assert "登记返回" not in html and "记录情况报告" not in html
    assert client.get(reverse("members:mobile_return", args=[mobile.pk])).status_code == 403


def test_edit_changes_only_what_changed(tree, client):
    mobile = register(tree)
    login(client, tree, "secretary_a1")
    url = reverse("members:mobile_edit", args=[mobile.pk])
    html = page(client.get(url))
    assert 'value="广东省深圳市"' in html
    data = {
        "left_on": "2025-09-10",
        "destination": "广东省深圳市",
        "contact": "13711112222",
        "report_every_months": "3",
        "fixed_place": "on",
    }
    client.post(url, data)
    entry = AuditEntry.objects.filter(object_type="members.mobilemember", action=AuditAction.UPDATE).get()
    assert entry.before == {"contact": "13600000000"} and entry.after == {"contact": "13711112222"}


def test_export(tree, client):
    register(tree, workplace="某电子厂")
    login(client, tree, "secretary_a1")
    response = client.get(reverse("members:mobile_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "姓名" and rows[2][0] == tree.people["a1"][1].name
    assert rows[2][5] == "某电子厂" and rows[2][12] == dt.datetime(2025, 12, 10)
    assert "外出已满6个月,应转接组织关系" in rows[2][14]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_list_does_not_grow_queries_with_rows(tree, client, django_assert_max_num_queries):
    login(client, tree, "county")
    register(tree)
    with CaptureQueriesContext(connection) as one:
        page(client.get(reverse("members:mobile_list")))
    budget = len(one)  # now: the next request resets the query log
    register(tree, person=tree.people["a2"][0])
    register(tree, person=tree.people["b1"][0])
    with django_assert_max_num_queries(budget):
        page(client.get(reverse("members:mobile_list")))
