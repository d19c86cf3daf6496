"""党费收缴专项检查: the .xlsx read back with openpyxl; its totals equal the ledger rows summed in the database."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from openpyxl import load_workbook

from dangjian.members.models import DuesRecord
from dangjian.members.services import dues as services
from tests.members.dues_world import open_months, set_profile

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)
JAN, FEB, MAR, APR = (dt.date(2026, m, 1) for m in (1, 2, 3, 4))


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def ledger(tree):
    """Township A's two branches, January to April: full, partial, extra, waived and unpaid months."""
    a1, a2 = tree.people["a1"], tree.people["a2"]
    secretary_a1, secretary_a2 = tree.accounts["secretary_a1"], tree.accounts["secretary_a2"]
    set_profile(a1[0], base="4000")  # 40.00
    set_profile(a1[1], kind="retired", base="6200")  # 62.00
    set_profile(a2[0], base="12345.67")  # 246.91
    set_profile(a2[1], kind="student", base=None)  # 0.20
    set_profile(tree.people["b1"][0], base="8000")  # another township: never in A's check
    services.dues_reduction_request(
        actor=secretary_a1,
        person=a1[1],
        kind="waive",
        monthly=None,
        from_month=MAR,
        to_month=APR,
        reason="重病",
        branch_decided_on=dt.date(2026, 2, 20),
    )
    open_months(tree.county, JAN, APR)

    def pay(actor, person, month, **kwargs):
        record = DuesRecord.objects.get(person=person, month=month)
        values = {"paid": record.expected, "paid_on": dt.date(2026, 4, 5), "method": "cash"} | kwargs
        services.dues_payment_record(actor=actor, record=record, **values)

    pay(secretary_a1, a1[0], JAN)
    pay(secretary_a1, a1[0], FEB, paid=Decimal("20.00"))
    pay(secretary_a1, a1[0], MAR, extra=Decimal("1000"))
    pay(secretary_a1, a1[1], JAN)
    pay(secretary_a2, a2[0], JAN)
    pay(secretary_a2, a2[0], FEB)
    pay(secretary_a2, a2[1], APR)
    pay(tree.accounts["county"], tree.people["b1"][0], JAN)
    return tree


def read(content):
    return load_workbook(io.BytesIO(content))


def money(value):
    return Decimal(str(value or 0)).quantize(Decimal("0.01"))


def table(sheet):
    """Header row (after the caption) and the rows below it."""
    rows = list(sheet.iter_rows(values_only=True))
    return list(rows[1]), rows[2:]


def db_sums(rows):
    sums = rows.aggregate(expected=Sum("expected"), paid=Sum("paid"), extra=Sum("extra"))
    return {key: money(value) for key, value in sums.items()}


def test_totals_match_the_ledger(ledger):
    user = ledger.accounts["town_a"]
    check, content = services.dues_special_check_export(actor=user, org=ledger.town_a, first=JAN, last=APR)
    book = read(content)
    assert book.sheetnames == ["党员明细", "按党组织汇总"]

    header, rows = table(book["党员明细"])
    members, totals = rows[:-1], rows[-1]
    col = {name: index for index, name in enumerate(header)}
    in_ledger = DuesRecord.objects.filter(org_path__startswith=ledger.town_a.path, month__gte=JAN, month__lte=APR)
    sums = db_sums(in_ledger)
    assert sums["expected"] > 0 and sums["paid"] > 0
    assert totals[0] == "合计"
    assert money(totals[col["应缴合计"]]) == sums["expected"]
    assert money(totals[col["实缴合计"]]) == sums["paid"]
    assert money(totals[col["自愿多交"]]) == sums["extra"] == Decimal("1000.00")
    assert money(totals[col["少缴金额"]]) == sums["expected"] - sums["paid"]
    for month in (JAN, FEB, MAR, APR):
        month_sums = db_sums(in_ledger.filter(month=month))
        label = f"{month.year}年{month.month}月"
        assert money(totals[col[f"{label}应缴"]]) == month_sums["expected"], label
        assert money(totals[col[f"{label}实缴"]]) == month_sums["paid"], label
    # One row per member, each adding up to its own ledger rows; the other township is not there.
    names = {row[col["姓名"]] for row in members}
    assert names == {p.name for p in ledger.people["a1"] + ledger.people["a2"]}
    for row in members:
        person_rows = in_ledger.filter(person__name=row[col["姓名"]])
        assert money(row[col["应缴合计"]]) == db_sums(person_rows)["expected"]
        assert money(row[col["实缴合计"]]) == db_sums(person_rows)["paid"]
    assert sum(money(row[col["实缴合计"]]) for row in members) == sums["paid"]

    by_name = {row[col["姓名"]]: row for row in members}
    a1 = ledger.people["a1"]
    # February paid 20 of 40, nothing in April (overdue up to March only): one month owed.
    assert by_name[a1[0].name][col["欠缴月份"]] == "2026年2月"
    assert "全额上缴" in by_name[a1[0].name][col["备注"]]
    # The retiree: January paid, February owed, March–April waived (0 owed).
    assert money(by_name[a1[1].name][col["应缴合计"]]) == Decimal("124.00")
    assert by_name[a1[1].name][col["欠缴月数"]] == 1
    # No profile at all: listed as 未核定, not as owing nothing.
    assert by_name[a1[2].name][col["备注"]] == "未核定党费缴纳标准"

    header, rows = table(book["按党组织汇总"])
    branches, totals = rows[:-1], rows[-1]
    col = {name: index for index, name in enumerate(header)}
    assert [row[col["党组织代码"]] for row in branches] == ["V001", "V002"]
    for row in branches:
        branch_sums = db_sums(in_ledger.filter(org__code=row[col["党组织代码"]]))
        assert money(row[col["应缴合计"]]) == branch_sums["expected"]
        assert money(row[col["实缴合计"]]) == branch_sums["paid"]
    assert money(totals[col["应缴合计"]]) == sums["expected"]
    assert money(totals[col["实缴合计"]]) == sums["paid"]
    assert totals[col["未核定人数"]] == 1
    assert check.total("paid") == sums["paid"]


def test_county_check_holds_every_township_and_a_branch_only_its_own(ledger):
    _, content = services.dues_special_check_export(
        actor=ledger.accounts["county"], org=ledger.county, first=JAN, last=MAR
    )
    header, rows = table(read(content)["按党组织汇总"])
    assert [row[0] for row in rows[:-1]] == ["V001", "V002", "V003"]
    everything = db_sums(DuesRecord.objects.filter(month__lte=MAR))
    assert money(rows[-1][header.index("实缴合计")]) == everything["paid"]

    _, content = services.dues_special_check_export(
        actor=ledger.accounts["secretary_a2"], org=ledger.village_a2, first=JAN, last=APR
    )
    header, rows = table(read(content)["党员明细"])
    assert {row[header.index("姓名")] for row in rows[:-1]} == {p.name for p in ledger.people["a2"]}


def test_check_refusals(ledger):
    with pytest.raises(PermissionDenied):
        services.dues_special_check_export(
            actor=ledger.accounts["secretary_a2"], org=ledger.village_a1, first=JAN, last=APR
        )
    with pytest.raises(PermissionDenied):
        services.dues_special_check_export(
            actor=ledger.accounts["member_a1"], org=ledger.village_a1, first=JAN, last=APR
        )
    with pytest.raises(ValidationError) as exc:
        services.dues_special_check_export(
            actor=ledger.accounts["county"], org=ledger.county, first=dt.date(2024, 1, 1), last=dt.date(2026, 1, 1)
        )
    assert exc.value.message_dict == {"to_month": ["一次专项检查的期间不超过24个月"]}
