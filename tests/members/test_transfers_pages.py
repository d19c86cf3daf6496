"""Transfer pages: the list of both sides with overdue letters highlighted, issuing and one-click accepting,
returning with a reason, out of and into the deployment, a member's history, the roll audit and its export,
the county's letter validity."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction, Education, Gender, MemberStatus, OrgKind, Role, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.members.choices import TransferReason, TransferStatus
from dangjian.members.models import Transfer
from dangjian.members.models.transfers import TransferSetting
from dangjian.members.services import transfers as services
from tests.core.factories import id_number, make_account, make_org, make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def issue(tree, person=None, to_org=None, issued_on=TODAY):
    return services.transfer_issue(
        actor=tree.accounts["secretary_a1"],
        person=person or tree.people["a1"][1],
        to_org=to_org or tree.village_a2,
        reason=TransferReason.WORK,
        issued_on=issued_on,
    )


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("members:transfer_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_the_list_shows_both_sides_and_highlights_overdue_letters(tree, client):
    late = issue(tree, issued_on=dt.date(2025, 11, 1))
    fresh = issue(tree, person=tree.people["a1"][2])
    html = page(login(client, tree, "secretary_a2").get(reverse("members:transfer_list")))
    assert late.letter_no in html and fresh.letter_no in html
    assert "待本单位接收的介绍信 2 份" in html and "已超过办理期限或有效期的待办转接 1 份" in html
    assert html.count('class="table-danger"') == 1 and "已逾期" in html
    assert "介绍信有效期:3个月,跨省(区、市)6个月(本县设置)" in html
    html = page(client.get(reverse("members:transfer_list"), {"overdue": "true"}))
    assert late.letter_no in html and fresh.letter_no not in html
    third = make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)
    client.force_login(third)
    html = page(client.get(reverse("members:transfer_list")))
    assert "暂无组织关系转接记录" in html and late.letter_no not in html
    assert client.get(reverse("members:transfer_detail", args=[late.pk])).status_code == 404


def test_issue_from_picking_the_member_to_the_letter(tree, client):
    login(client, tree, "secretary_a1")
    person = tree.people["a1"][1]
    html = page(client.get(reverse("members:transfer_pick"), {"for": "internal", "search": person.name}))
    assert f"{reverse('members:transfer_issue')}?person={person.pk}" in html
    url = f"{reverse('members:transfer_issue')}?person={person.pk}"
    html = page(
        client.post(url, {"to_org_code": "NOPE", "reason": "work", "issued_on": "2026-03-10", "note": "调往王庄"})
    )
    assert "组织代码“NOPE”不存在" in html and 'value="调往王庄"' in html
    html = page(client.post(url, {"to_org_code": "T001", "reason": "work", "issued_on": "2026-03-10"}))
    assert "转入党组织须为党支部" in html
    assert not Transfer.objects.exists()
    response = client.post(url, {"to_org_code": "V002", "reason": "work", "issued_on": "2026-03-10"}, follow=True)
    transfer = Transfer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("members:transfer_detail", args=[transfer.pk])
    html = page(response)
    assert "已开具组织关系介绍信C001〔2026〕0001号,待东城镇王庄村党支部接收" in html
    assert "撤销" in html and ">接收</button>" not in html


def test_issue_needs_the_sending_side(tree, client):
    login(client, tree, "secretary_a2")
    url = f"{reverse('members:transfer_issue')}?person={tree.people['a1'][1].pk}"
    assert client.get(url).status_code == 404
    client.force_login(tree.accounts["member_a1"])
    assert client.get(reverse("members:transfer_pick")).status_code == 403


def test_the_receiving_side_accepts_with_one_click(tree, client):
    transfer = issue(tree)
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse("members:transfer_detail", args=[transfer.pk])))
    assert ">接收</button>" in html and "仍由东城镇李庄村党支部管理" in html
    response = client.post(reverse("members:transfer_accept", args=[transfer.pk]), follow=True)
    assert "已编入东城镇王庄村党支部" in page(response)
    assert Person.objects.get(pk=tree.people["a1"][1].pk).org == tree.village_a2
    login(client, tree, "secretary_a1")
    assert client.post(reverse("members:transfer_accept", args=[transfer.pk])).status_code == 403


def test_an_expired_letter_is_not_accepted_and_says_why(tree, client, settings):
    transfer = issue(tree)
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 11)
    login(client, tree, "secretary_a2")
    html = page(client.post(reverse("members:transfer_accept", args=[transfer.pk]), follow=True))
    assert "介绍信有效期至2026-06-10,已过期" in html
    assert Transfer.objects.get().status == TransferStatus.PENDING


def test_returning_asks_for_the_reason(tree, client):
    transfer = issue(tree)
    login(client, tree, "secretary_a2")
    url = reverse("members:transfer_reject", args=[transfer.pk])
    html = page(client.get(url))
    assert "组织关系转接不得无故拒收" in html
    html = page(client.post(url, {"reason": ""}))
    assert "请填写退回理由" in html
    client.post(url, {"reason": "本人不在本村"})
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.REJECTED and transfer.decision_note == "本人不在本村"
    assert client.get(url).status_code == 403


def test_cancelling_is_confirmed(tree, client):
    transfer = issue(tree)
    login(client, tree, "secretary_a1")
    url = reverse("members:transfer_cancel", args=[transfer.pk])
    assert "撤销后该介绍信作废" in page(client.get(url))
    assert Transfer.objects.get().status == TransferStatus.PENDING
    client.post(url, {"reason": ""})
    assert Transfer.objects.get().status == TransferStatus.CANCELLED


def test_out_of_the_deployment_then_the_receipt(tree, client):
    login(client, tree, "secretary_a1")
    person = tree.people["a1"][2]
    url = f"{reverse('members:transfer_out')}?person={person.pk}"
    data = {
        "external_org_name": "浙江省某社区党委",
        "reason": "residence",
        "issued_on": "2026-03-01",
        "across_provinces": "on",
    }
    client.post(url, data)
    transfer = Transfer.objects.get()
    assert transfer.valid_until == dt.date(2026, 9, 1) and transfer.across_provinces
    html = page(client.get(reverse("members:transfer_detail", args=[transfer.pk])))
    assert "收到回执前" in html and "确认回执" in html
    receipt = reverse("members:transfer_receipt", args=[transfer.pk])
    assert "列入历史名册" in page(client.get(receipt))
    html = page(client.post(receipt, {"receipt_on": "2026-02-01"}))
    assert "回执日期不能早于介绍信开具日期2026-03-01" in html
    client.post(receipt, {"receipt_on": "2026-03-10"})
    assert Person.objects.get(pk=person.pk).standing == Standing.TRANSFERRED_OUT


def test_into_the_deployment_then_registered_on_the_roll(tree, client):
    login(client, tree, "secretary_a2")
    data = {
        "to_org_code": "V002",
        "person_name": "周新来",
        "external_org_name": "江苏省某党委",
        "letter_no": "苏〔2026〕5号",
        "issued_on": "2026-03-01",
        "valid_until": "2026-06-01",
        "reason": "work",
    }
    html = page(client.post(reverse("members:transfer_in"), {**data, "to_org_code": "V001"}))
    assert "组织代码“V001”不存在或不在您的管理范围内" in html
    client.post(reverse("members:transfer_in"), data)
    transfer = Transfer.objects.get()
    url = reverse("members:transfer_register", args=[transfer.pk])
    assert 'value="周新来"' in page(client.get(url))
    roster = {
        "name": "周新来",
        "id_number": id_number(birth=dt.date(1990, 1, 2)),
        "gender": Gender.MALE,
        "ethnicity": "汉族",
        "education": Education.BACHELOR,
        "status": MemberStatus.FULL,
        "joined_on": "2014-07-01",
        "confirmed_on": "2015-07-01",
        "category": "ordinary",
    }
    response = client.post(url, roster)
    person = Person.objects.get(name="周新来")
    assert response["Location"] == reverse("core:person_detail", args=[person.pk])
    assert person.org == tree.village_a2
    assert Transfer.objects.get().status == TransferStatus.ACCEPTED


def test_the_history_stays_visible_to_the_old_branch(tree, client):
    person = tree.people["a1"][1]
    first = issue(tree)
    services.transfer_reject(actor=tree.accounts["secretary_a2"], transfer=first, reason="不在本村")
    second = issue(tree)
    services.transfer_accept(actor=tree.accounts["secretary_a2"], transfer=second)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("members:person_transfers", args=[person.pk])))
    assert first.letter_no in html and second.letter_no in html and "不在本村" in html
    assert "该党员已不在您的管理范围内" in html
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse("members:person_transfers", args=[person.pk])))
    assert "现所在党组织" in html
    client.force_login(make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY))
    assert client.get(reverse("members:person_transfers", args=[person.pk])).status_code == 404


# --- the roll audit --------------------------------------------------------------------------------------


def test_roll_audit_tabs_filters_and_export(tree, client):
    group = make_org(tree.village_a1, "G101", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    make_person(group, name="组内党员")
    make_person(tree.town_b, name="挂在街道的党员")
    late = issue(tree, issued_on=dt.date(2025, 11, 1))
    login(client, tree, "county")
    url = reverse("members:roll_audit")
    html = page(client.get(url))
    assert "组内党员" in html and "挂在街道的党员" in html
    assert "未编入党支部的党员 <span" in html
    html = page(client.get(url, {"township": tree.town_a.pk}))
    assert "组内党员" in html and "挂在街道的党员" not in html
    html = page(client.get(url, {"kind": "overdue"}))
    assert late.letter_no in html
    html = page(client.get(url, {"kind": "pocket"}))
    assert "暂无口袋党员" in html
    response = client.get(reverse("members:roll_audit_export"), {"kind": "no_branch", "township": tree.town_a.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[1][:3] == ("姓名", "所在(经办)党组织", "组织代码")
    assert rows[2][:3] == ("组内党员", "李庄村第一党小组", "G101")
    assert len(rows) == 3
    export = AuditEntry.objects.filter(action=AuditAction.EXPORT).get()
    assert export.after["rows"] == 1 and export.org_path == tree.town_a.path


def test_roll_audit_is_for_managers(tree, client):
    login(client, tree, "member_a1")
    assert client.get(reverse("members:roll_audit")).status_code == 403
    assert client.get(reverse("members:roll_audit_export")).status_code == 403


def test_list_export_has_the_letters(tree, client):
    transfer = issue(tree)
    login(client, tree, "secretary_a1")
    response = client.get(reverse("members:transfer_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2][:3] == (transfer.letter_no, transfer.person_name, "系统内转接")


# --- the county's setting ---------------------------------------------------------------------------------


def test_the_county_sets_the_validity_others_read_it(tree, client):
    url = reverse("members:transfer_settings")
    login(client, tree, "secretary_a1")
    html = page(client.get(url))
    assert "本县(区)设置" in html and "只有县(区)委组织部管理员可以修改" in html
    login(client, tree, "town_a")
    assert client.post(url, {"letter_valid_months": 2, "letter_valid_months_across_provinces": 4}).status_code == 403
    login(client, tree, "county")
    html = page(client.post(url, {"letter_valid_months": 13, "letter_valid_months_across_provinces": 4}))
    assert "介绍信有效期应为1至12个月" in html
    client.post(url, {"letter_valid_months": 2, "letter_valid_months_across_provinces": 4})
    assert TransferSetting.objects.get().letter_valid_months == 2
    assert issue(tree).valid_until == dt.date(2026, 5, 10)


def test_lists_do_not_grow_queries_with_rows(tree, client, django_assert_max_num_queries):
    login(client, tree, "county")
    issue(tree)
    with CaptureQueriesContext(connection) as one:
        page(client.get(reverse("members:transfer_list")))
    budget = len(one)  # now: the next request resets the query log
    issue(tree, person=tree.people["a1"][2])
    issue(tree, person=tree.people["a1"][0], to_org=tree.community_b1)
    with django_assert_max_num_queries(budget):
        page(client.get(reverse("members:transfer_list")))
