"""Dues through the API (tag 党费): profiles, the ledger and payments, reductions, arrears, the special check;
each workflow with its refusals (400 with the Chinese message, 403, 404 out of scope)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db.models import Sum
from openpyxl import load_workbook

from dangjian.core.models import AuditEntry
from dangjian.members.models import DuesRecord, DuesReduction
from tests.members.api import api_as
from tests.members.dues_world import open_months, set_profile

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
FEB, MAR = dt.date(2026, 2, 1), dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def clients(tree):
    return {key: api_as(user) for key, user in tree.accounts.items()}


def test_set_a_profile_then_change_it(tree, clients):
    person = tree.people["a1"][0]
    body = {"person": person.pk, "kind": "employed", "base": "8000", "from_month": "2026-01"}
    created = clients["secretary_a1"].post("/api/v1/dues/profiles/", body, format="json")
    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["id"], data["monthly"], data["rate"], data["from_month"]) == (
        person.pk,
        "120.00",
        "0.015",
        "2026-01-01",
    )
    assert data["kind_display"] == "在职党员" and data["org"]["code"] == "V001"
    changed = clients["secretary_a1"].post("/api/v1/dues/profiles/", body | {"base": "3000"}, format="json")
    assert changed.status_code == 200 and changed.json()["monthly"] == "15.00"
    detail = clients["town_a"].get(f"/api/v1/dues/profiles/{person.pk}/")
    assert detail.status_code == 200 and detail.json()["monthly"] == "15.00"
    listed = clients["county"].get("/api/v1/dues/profiles/", {"org": "T001", "kind": "employed"}).json()
    assert [row["id"] for row in listed["results"]] == [person.pk]


def test_profile_refusals(tree, clients):
    person = tree.people["a1"][0]
    missing_base = {"person": person.pk, "kind": "employed", "from_month": "2026-01"}
    response = clients["secretary_a1"].post("/api/v1/dues/profiles/", missing_base, format="json")
    assert response.status_code == 400 and response.json() == {"base": ["在职和离退休党员须填写缴费基数"]}
    bad_month = missing_base | {"base": "1000", "from_month": "2026-13"}
    response = clients["secretary_a1"].post("/api/v1/dues/profiles/", bad_month, format="json")
    assert response.status_code == 400 and "格式应为 年-月" in response.json()["from_month"][0]
    other_branch = clients["secretary_a2"].post("/api/v1/dues/profiles/", missing_base | {"base": "1"}, format="json")
    assert other_branch.status_code == 400 and other_branch.json() == {
        "person": [f"党员编号：编号为{person.pk}的党员不存在"]
    }
    member = clients["member_a1"].post("/api/v1/dues/profiles/", missing_base | {"base": "1"}, format="json")
    assert member.status_code == 403
    set_profile(person)
    assert clients["secretary_a2"].get(f"/api/v1/dues/profiles/{person.pk}/").status_code == 404
    assert not AuditEntry.objects.filter(object_type="members.duesprofile", actor_id__isnull=False).exists()


def test_open_a_month_list_it_and_record_payments(tree, clients):
    a1 = tree.people["a1"]
    set_profile(a1[0])
    set_profile(a1[1], kind="farmer", base=None)
    opened = clients["secretary_a1"].post(
        "/api/v1/dues/records/open-month/", {"org": "V001", "month": "2026-03"}, format="json"
    )
    assert opened.status_code == 200, opened.content
    assert opened.json() == {
        "month": "2026-03",
        "created": 2,
        "existing": 0,
        "unassessed": [{"id": a1[2].pk, "name": a1[2].name}],
    }
    listed = clients["secretary_a1"].get("/api/v1/dues/records/", {"month": "2026-03", "unpaid": "true"}).json()
    assert listed["count"] == 2
    record = next(row for row in listed["results"] if row["person"]["id"] == a1[0].pk)
    assert (record["expected"], record["paid"], record["status_display"]) == ("40.00", "0.00", "未缴")
    paid = clients["secretary_a1"].post(
        f"/api/v1/dues/records/{record['id']}/pay/",
        {"paid": "40.00", "paid_on": "2026-03-10", "method": "online", "receipt_no": "W-001", "extra": "1000"},
        format="json",
    )
    assert paid.status_code == 200, paid.content
    assert paid.json()["extra_passed_up"] is True and paid.json()["status_display"] == "已缴清"
    assert (
        clients["secretary_a1"].get("/api/v1/dues/records/", {"month": "2026-03", "unpaid": "true"}).json()["count"]
        == 1
    )
    assert clients["town_a"].get("/api/v1/dues/records/", {"org": "V002"}).json()["count"] == 0


def test_payment_refusals(tree, clients):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, dt.date(2025, 8, 1), dt.date(2025, 8, 1))
    record = DuesRecord.objects.get(person=person)
    body = {"paid": "40.00", "paid_on": "2026-03-01", "method": "cash"}
    late = clients["secretary_a1"].post(f"/api/v1/dues/records/{record.pk}/pay/", body, format="json")
    assert late.status_code == 400
    assert late.json() == {"paid_on": ["补交党费不得超过6个月:2025年8月的党费最迟应在2026年2月补交(中组发〔2008〕3号)"]}
    too_much = clients["secretary_a1"].post(
        f"/api/v1/dues/records/{record.pk}/pay/", body | {"paid": "41", "paid_on": "2026-02-27"}, format="json"
    )
    assert too_much.status_code == 400 and "多交的部分请填入" in too_much.json()["paid"][0]
    assert (
        clients["secretary_a2"].post(f"/api/v1/dues/records/{record.pk}/pay/", body, format="json").status_code == 404
    )
    member = clients["member_a1"]  # the member sees their own month, and may not record it
    assert member.get(f"/api/v1/dues/records/{record.pk}/").status_code == 200
    assert member.post(f"/api/v1/dues/records/{record.pk}/pay/", body, format="json").status_code == 403
    assert DuesRecord.objects.get(pk=record.pk).paid == 0


def test_pay_months_and_excuse(tree, clients):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, FEB, MAR)
    body = {
        "person": person.pk,
        "from_month": "2026-03",
        "to_month": "2026-06",
        "paid_on": "2026-03-15",
        "method": "bank",
    }
    response = clients["secretary_a1"].post("/api/v1/dues/records/pay-months/", body, format="json")
    assert response.status_code == 200, response.content
    assert [(row["month"], row["paid"]) for row in response.json()] == [
        (f"2026-0{m}-01", "40.00") for m in (3, 4, 5, 6)
    ]
    again = clients["secretary_a1"].post("/api/v1/dues/records/pay-months/", body, format="json")
    assert again.status_code == 400 and "2026年3月的党费已缴清" in again.json()["months"]
    year = body | {"from_month": "2026-07", "to_month": "2027-07"}
    assert clients["secretary_a1"].post("/api/v1/dues/records/pay-months/", year, format="json").json() == {
        "months": ["一次最多登记12个月的党费"]
    }
    february = DuesRecord.objects.get(person=person, month=FEB)
    excused = clients["secretary_a1"].post(
        f"/api/v1/dues/records/{february.pk}/excuse/", {"reason": "住院"}, format="json"
    )
    assert excused.status_code == 200 and excused.json()["excused"] is True
    empty = clients["secretary_a1"].post(f"/api/v1/dues/records/{february.pk}/excuse/", {"reason": ""}, format="json")
    assert empty.status_code == 400


def test_reduction_request_and_approval_by_the_committee_above(tree, clients):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, FEB, MAR)
    body = {
        "person": person.pk,
        "kind": "reduce",
        "monthly": "5",
        "from_month": "2026-02",
        "to_month": "2026-12",
        "reason": "家庭生活困难",
        "branch_decided_on": "2026-03-01",
    }
    created = clients["secretary_a1"].post("/api/v1/dues/reductions/", body, format="json")
    assert created.status_code == 201, created.content
    reduction = created.json()
    assert (reduction["status"], reduction["status_display"]) == ("pending", "待审批")
    url = f"/api/v1/dues/reductions/{reduction['id']}/decide/"
    refused = clients["secretary_a1"].post(url, {"approve": True}, format="json")
    assert refused.status_code == 403 and refused.json() == {"detail": "党费减免须由上级党委审批,党支部不能自行批准"}
    assert api_as_town_b(tree).post(url, {"approve": True}, format="json").status_code == 404
    no_note = clients["town_a"].post(url, {"approve": False}, format="json")
    assert no_note.status_code == 400 and no_note.json() == {"note": ["不批准时请填写审批意见"]}
    approved = clients["town_a"].post(url, {"approve": True, "note": "同意"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approved_by"] == tree.accounts["town_a"].display_name
    assert set(DuesRecord.objects.values_list("expected", flat=True)) == {Decimal("5.00")}
    twice = clients["county"].post(url, {"approve": True}, format="json")
    assert twice.status_code == 400 and twice.json() == {"approve": ["该减免申请已批准,不能重复审批"]}
    overlapping = clients["secretary_a1"].post("/api/v1/dues/reductions/", body, format="json")
    assert overlapping.status_code == 400 and "期间不能重叠" in overlapping.json()["from_month"][0]
    assert DuesReduction.objects.count() == 1


def api_as_town_b(tree):
    from dangjian.core.choices import Role
    from tests.core.factories import make_account

    return api_as(make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN))


def test_arrears_flag_six_consecutive_months(tree, clients):
    lapsed, recent = tree.people["a1"][0], tree.people["a1"][1]
    set_profile(lapsed)
    set_profile(recent, from_month=dt.date(2025, 10, 1))
    open_months(tree.village_a1, dt.date(2025, 9, 1), MAR)
    body = clients["town_a"].get("/api/v1/dues/arrears/").json()
    assert [row["id"] for row in body["results"]] == [lapsed.pk, recent.pk]
    first, second = body["results"]
    assert (first["longest_run"], first["lapsed"], first["flag"]) == (6, True, "连续6个月不交纳党费,按自行脱党处理")
    assert first["months"][0] == "2025-09" and first["amount"] == "240.00"
    assert (second["longest_run"], second["lapsed"], second["flag"]) == (5, False, "")
    only = clients["town_a"].get("/api/v1/dues/arrears/", {"lapsed": "true"}).json()
    assert [row["id"] for row in only["results"]] == [lapsed.pk]
    assert clients["town_a"].get("/api/v1/dues/arrears/", {"org": "V002"}).json()["count"] == 0
    assert clients["secretary_a2"].get("/api/v1/dues/arrears/").json()["count"] == 0
    assert clients["town_a"].get("/api/v1/dues/arrears/", {"lapsed": "maybe"}).status_code == 400


def test_special_check_download(tree, clients):
    for person in tree.people["a1"] + tree.people["a2"]:
        set_profile(person)
    open_months(tree.town_a, dt.date(2026, 1, 1), MAR)
    record = DuesRecord.objects.filter(person=tree.people["a2"][0]).first()
    clients["secretary_a2"].post(
        f"/api/v1/dues/records/{record.pk}/pay/",
        {"paid": "40", "paid_on": "2026-03-01", "method": "cash"},
        format="json",
    )
    url = f"/api/v1/dues/orgs/{tree.town_a.pk}/special-check/"
    response = clients["town_a"].get(url, {"from_month": "2026-01", "to_month": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content))["按党组织汇总"]
    rows = list(sheet.iter_rows(values_only=True))
    header, totals = list(rows[1]), rows[-1]
    sums = DuesRecord.objects.aggregate(expected=Sum("expected"), paid=Sum("paid"))
    assert Decimal(str(totals[header.index("应缴合计")])) == sums["expected"] == Decimal("600.00")
    assert Decimal(str(totals[header.index("实缴合计")])) == sums["paid"] == Decimal("40.00")
    long = clients["town_a"].get(url, {"from_month": "2024-01", "to_month": "2026-03"})
    assert long.status_code == 400 and long.json() == {"to_month": ["一次专项检查的期间不超过24个月"]}
    assert clients["town_a"].get(url, {"from_month": "2026-1-x"}).status_code == 400
    assert clients["secretary_a2"].get(url).status_code == 404
    assert clients["member_a1"].get(f"/api/v1/dues/orgs/{tree.village_a1.pk}/special-check/").status_code == 403
