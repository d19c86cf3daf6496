"""Dues services: profiles, the monthly ledger, payments, reductions and arrears, each rule at its boundary."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, MemberStatus, Occupation
from dangjian.core.models import AuditEntry
from dangjian.members.choices import ApprovalStatus
from dangjian.members.models import DuesProfile, DuesRecord
from dangjian.members.selectors import dues as selectors
from dangjian.members.services import dues as services
from tests.core.factories import make_person
from tests.members.dues_world import open_months, set_profile

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 15)
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def d(text):
    return Decimal(text)


def row(person, month):
    return DuesRecord.objects.get(person=person, month=month)


def pay(actor, record, paid_on, paid=None, **kwargs):
    return services.dues_payment_record(
        actor=actor,
        record=record,
        paid=paid if paid is not None else record.expected,
        paid_on=paid_on,
        method="cash",
        **kwargs,
    )


# --- profiles ------------------------------------------------------------------------------------------------


def test_profile_follows_the_brackets_and_is_audited(tree):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    profile = set_profile(person, base="5000.01", from_month=FEB, actor=secretary)
    assert (profile.kind, profile.rate, profile.monthly) == ("employed", d("0.015"), d("75.00"))
    assert profile.from_month == FEB and profile.org_path == person.org_path
    entry = AuditEntry.objects.get(object_type="members.duesprofile", object_id=str(person.pk))
    assert entry.action == AuditAction.CREATE and entry.after["monthly"] == "75.00" and entry.actor_id == secretary.pk
    retired = set_profile(tree.people["a1"][1], kind="retired", base="5000", actor=secretary)
    assert retired.monthly == d("25.00")


def test_farmer_profile_takes_the_county_amount(tree):
    services.dues_setting_save(actor=tree.accounts["county"], county=tree.county, farmer_monthly=d("0.5"))
    profile = set_profile(tree.people["a1"][0], kind="farmer", base="9999", actor=tree.accounts["secretary_a1"])
    assert (profile.monthly, profile.base, profile.rate) == (d("0.50"), None, None)


def test_profile_refusals_name_the_field_and_rule(tree):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as exc:
        set_profile(person, base=None, actor=secretary)
    assert exc.value.message_dict == {"base": ["在职和离退休党员须填写缴费基数"]}
    with pytest.raises(ValidationError) as exc:
        set_profile(person, from_month=dt.date(2026, 4, 1), actor=secretary)
    assert "起始月份不能晚于本月" in exc.value.message_dict["from_month"][0]
    with pytest.raises(ValidationError) as exc:
        set_profile(person, from_month=dt.date(2005, 6, 1), actor=secretary)
    assert "不能早于入党" in exc.value.message_dict["from_month"][0]
    with pytest.raises(PermissionDenied):
        set_profile(person, actor=tree.accounts["secretary_a2"])
    with pytest.raises(PermissionDenied):
        set_profile(person, actor=tree.accounts["member_a1"])
    assert not DuesProfile.objects.exists()


def test_a_new_wage_applies_from_the_month_it_is_first_paid(tree):
    """DUES-07: months from `from_month` on are recomputed (the difference shows as owed), earlier ones stay."""
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person, base="4000", actor=secretary)  # 40.00
    open_months(tree.village_a1, JAN, MAR)
    pay(secretary, row(person, FEB), dt.date(2026, 2, 10))
    set_profile(person, base="6000", from_month=FEB, actor=secretary)  # 90.00
    assert [row(person, m).expected for m in (JAN, FEB, MAR)] == [d("40.00"), d("90.00"), d("90.00")]
    assert row(person, FEB).paid == d("40.00") and row(person, FEB).status_label == "部分缴纳"
    changed = AuditEntry.objects.filter(object_type="members.duesrecord", action=AuditAction.UPDATE)
    assert {e.after.get("expected") for e in changed} >= {"90.00"}


# --- the monthly ledger --------------------------------------------------------------------------------------


def test_month_open_creates_rows_lists_unassessed_and_skips_existing(tree):
    a1 = tree.people["a1"]
    set_profile(a1[0], base="4000")
    set_profile(a1[1], kind="student", base=None)
    result = services.dues_month_open(
        actor=tree.accounts["secretary_a1"], org=tree.village_a1, month=dt.date(2026, 3, 9)
    )
    assert (result.month, result.created, result.existing) == (MAR, 2, 0)
    assert result.unassessed == [a1[2]]  # no profile: listed as 未核定, no row at 0
    assert {r.person_id: r.expected for r in DuesRecord.objects.all()} == {a1[0].pk: d("40.00"), a1[1].pk: d("0.20")}
    record = row(a1[0], MAR)
    assert (record.org, record.org_path, record.county_id) == (tree.village_a1, tree.village_a1.path, tree.county.pk)
    assert record.paid == 0 and record.paid_on is None  # never marked paid by itself
    assert AuditEntry.objects.filter(object_type="members.duesrecord", action=AuditAction.CREATE).count() == 2
    again = services.dues_month_open(actor=tree.accounts["secretary_a1"], org=tree.village_a1, month=MAR)
    assert (again.created, again.existing, again.unassessed) == (0, 2, [a1[2]])
    assert DuesRecord.objects.count() == 2


def test_month_open_refusals(tree):
    with pytest.raises(ValidationError) as exc:
        services.dues_month_open(actor=tree.accounts["secretary_a1"], org=tree.village_a1, month=dt.date(2026, 4, 1))
    assert "不能建立以后月份的党费台账" in exc.value.message_dict["month"][0]
    with pytest.raises(PermissionDenied):
        services.dues_month_open(actor=tree.accounts["secretary_a2"], org=tree.village_a1, month=MAR)
    with pytest.raises(PermissionDenied):
        services.dues_month_open(actor=tree.accounts["member_a1"], org=tree.village_a1, month=MAR)


def test_township_opens_its_branches_and_nothing_else(tree):
    for person in tree.people["a1"] + tree.people["a2"] + tree.people["b1"]:
        set_profile(person)
    result = services.dues_month_open(actor=tree.accounts["town_a"], org=tree.town_a, month=MAR)
    assert result.created == 5
    assert set(DuesRecord.objects.values_list("org_id", flat=True)) == {tree.village_a1.pk, tree.village_a2.pk}


def test_probationary_member_pays_from_the_month_of_the_resolution(tree):
    """DUES-06: a 预备党员 admitted on 20 February is in February's ledger, not January's."""
    newcomer = make_person(
        tree.village_a1, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2026, 2, 20), confirmed_on=None
    )
    set_profile(newcomer, from_month=FEB)
    services.dues_month_open(actor=None, org=tree.village_a1, month=JAN)
    assert not DuesRecord.objects.filter(person=newcomer).exists()
    services.dues_month_open(actor=None, org=tree.village_a1, month=FEB)
    assert row(newcomer, FEB).expected == d("40.00")


def test_profile_from_a_later_month_leaves_earlier_months_unassessed(tree):
    person = tree.people["a1"][0]
    set_profile(person, from_month=MAR)
    result = services.dues_month_open(actor=None, org=tree.village_a1, month=FEB)
    assert person in result.unassessed and not DuesRecord.objects.filter(person=person).exists()


# --- payments ------------------------------------------------------------------------------------------------


def test_back_payment_six_months_allowed_seven_refused(tree, settings):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person)
    open_months(tree.village_a1, dt.date(2025, 8, 1), dt.date(2025, 9, 1))
    september = row(person, dt.date(2025, 9, 1))
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 31)
    paid = pay(secretary, september, dt.date(2026, 3, 31))  # September paid in March: 6 months later
    assert paid.paid == d("40.00") and paid.paid_on == dt.date(2026, 3, 31)
    august = row(person, dt.date(2025, 8, 1))
    with pytest.raises(ValidationError) as exc:
        pay(secretary, august, dt.date(2026, 3, 1))  # August paid in March: 7 months later
    assert exc.value.message_dict["paid_on"] == [
        "补交党费不得超过6个月:2025年8月的党费最迟应在2026年2月补交(中组发〔2008〕3号)"
    ]
    assert row(person, dt.date(2025, 8, 1)).paid == 0


def test_payment_refusals_and_extra_passed_up(tree):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person)
    open_months(tree.village_a1, MAR, MAR)
    march = row(person, MAR)
    cases = [
        ({"paid": d("40.01")}, "paid", "实缴金额不能超过应缴的40.00元;多交的部分请填入“自愿多交”"),
        ({"paid": d("-1")}, "paid", "实缴金额不能为负数"),
        ({"paid": d("0")}, "paid", "请填写实缴金额"),
        ({"paid_on": dt.date(2026, 3, 16)}, "paid_on", "缴纳日期不能晚于今天"),
        ({"method": "cheque"}, "method", "请选择有效的缴纳方式"),
    ]
    for overrides, field, message in cases:
        values = {"paid": d("40.00"), "paid_on": TODAY, "method": "cash"} | overrides
        with pytest.raises(ValidationError) as exc:
            services.dues_payment_record(actor=secretary, record=march, **values)
        assert exc.value.message_dict[field] == [message]
    with pytest.raises(PermissionDenied):
        pay(tree.accounts["secretary_a2"], march, TODAY)
    with pytest.raises(PermissionDenied):
        pay(tree.accounts["member_a1"], march, TODAY)  # DUES-10: nobody but the branch records a payment
    below = pay(secretary, march, TODAY, extra=d("999.99"), receipt_no="No.0001")
    assert not below.extra_passed_up
    at = pay(secretary, march, TODAY, extra=d("1000"), receipt_no="No.0001")
    assert at.extra_passed_up and at.extra == d("1000.00") and at.status_label == "已缴清"
    updates = AuditEntry.objects.filter(object_type="members.duesrecord", object_id=str(march.pk), action="update")
    assert [e.after.get("extra") for e in updates.order_by("id")] == ["999.99", "1000.00"]


def test_several_months_at_once_quarterly_in_advance(tree):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person)
    open_months(tree.village_a1, MAR, MAR)
    months = [MAR, dt.date(2026, 4, 1), dt.date(2026, 5, 1)]
    saved = services.dues_payments_record(
        actor=secretary, person=person, months=months, paid_on=TODAY, method="bank", receipt_no="Q2-01"
    )
    assert [(r.month, r.paid, r.receipt_no) for r in saved] == [(m, d("40.00"), "Q2-01") for m in months]
    assert row(person, dt.date(2026, 5, 1)).org == tree.village_a1
    with pytest.raises(ValidationError) as exc:
        services.dues_payments_record(actor=secretary, person=person, months=[MAR], paid_on=TODAY, method="cash")
    assert exc.value.message_dict["months"] == ["2026年3月的党费已缴清"]
    thirteen = [dt.date(2026 + (m // 12), m % 12 + 1, 1) for m in range(5, 18)]
    with pytest.raises(ValidationError) as exc:
        services.dues_payments_record(actor=secretary, person=person, months=thirteen, paid_on=TODAY, method="cash")
    assert exc.value.message_dict["months"] == ["一次最多登记12个月的党费"]


def test_several_months_all_or_nothing(tree):
    person, other = tree.people["a1"][0], tree.people["a1"][1]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person, from_month=MAR)
    with pytest.raises(ValidationError) as exc:
        services.dues_payments_record(actor=secretary, person=person, months=[FEB, MAR], paid_on=TODAY, method="cash")
    assert exc.value.message_dict["months"] == ["2026年2月尚未核定该党员的党费缴纳标准"]
    with pytest.raises(ValidationError) as exc:
        services.dues_payments_record(actor=secretary, person=other, months=[MAR], paid_on=TODAY, method="cash")
    assert "尚未核定" in exc.value.message_dict["months"][0]
    assert not DuesRecord.objects.exists()


def test_excuse_only_for_unpaid_months(tree):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person)
    open_months(tree.village_a1, FEB, MAR)
    with pytest.raises(ValidationError) as exc:
        services.dues_excuse(actor=secretary, record=row(person, FEB), reason="  ")
    assert exc.value.message_dict == {"reason": ["请填写未缴党费的正当理由"]}
    excused = services.dues_excuse(actor=secretary, record=row(person, FEB), reason="住院治疗")
    assert excused.excused and excused.status_label == "有正当理由未缴"
    pay(secretary, row(person, MAR), TODAY)
    with pytest.raises(ValidationError) as exc:
        services.dues_excuse(actor=secretary, record=row(person, MAR), reason="外出")
    assert exc.value.message_dict == {"reason": ["2026年3月的党费已缴清,无需登记未缴理由"]}


# --- reductions ----------------------------------------------------------------------------------------------


def request_reduction(tree, person, *, actor="secretary_a1", kind="reduce", monthly="10", first=FEB, last=MAR):
    return services.dues_reduction_request(
        actor=tree.accounts[actor],
        person=person,
        kind=kind,
        monthly=Decimal(monthly) if monthly is not None else None,
        from_month=first,
        to_month=last,
        reason="家庭生活困难",
        branch_decided_on=dt.date(2026, 3, 10),
    )


def test_reduction_waits_for_the_committee_above_then_applies_to_opened_rows(tree):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, JAN, MAR)
    reduction = request_reduction(tree, person)
    assert reduction.status == ApprovalStatus.PENDING and row(person, FEB).expected == d("40.00")
    for who in ("secretary_a1", "secretary_a2", "member_a1"):
        with pytest.raises(PermissionDenied, match="上级党委审批"):
            services.dues_reduction_decide(actor=tree.accounts[who], reduction=reduction, approve=True)
    decided = services.dues_reduction_decide(
        actor=tree.accounts["town_a"], reduction=reduction, approve=True, note="同意"
    )
    assert (decided.status, decided.approved_by, decided.approved_on) == ("approved", tree.accounts["town_a"], TODAY)
    assert [row(person, m).expected for m in (JAN, FEB, MAR)] == [d("40.00"), d("10.00"), d("10.00")]
    assert row(person, FEB).reduction == reduction
    with pytest.raises(ValidationError) as exc:
        services.dues_reduction_decide(actor=tree.accounts["county"], reduction=reduction, approve=False, note="x")
    assert exc.value.message_dict == {"approve": ["该减免申请已批准,不能重复审批"]}
    # A later wage change leaves the reduced months alone.
    set_profile(person, base="6000", from_month=JAN)
    assert [row(person, m).expected for m in (JAN, FEB, MAR)] == [d("90.00"), d("10.00"), d("10.00")]


def test_reduction_opened_later_uses_the_reduced_amount(tree):
    person = tree.people["a1"][0]
    set_profile(person)
    reduction = request_reduction(tree, person, kind="waive", monthly=None)
    services.dues_reduction_decide(actor=tree.accounts["county"], reduction=reduction, approve=True)
    open_months(tree.village_a1, JAN, MAR)
    assert [row(person, m).expected for m in (JAN, FEB, MAR)] == [d("40.00"), d("0.00"), d("0.00")]
    assert row(person, FEB).status_label == "免交"


def test_rejection_needs_a_note_and_changes_nothing(tree):
    person = tree.people["a1"][0]
    set_profile(person)
    open_months(tree.village_a1, FEB, FEB)
    reduction = request_reduction(tree, person)
    with pytest.raises(ValidationError) as exc:
        services.dues_reduction_decide(actor=tree.accounts["town_a"], reduction=reduction, approve=False)
    assert exc.value.message_dict == {"note": ["不批准时请填写审批意见"]}
    services.dues_reduction_decide(actor=tree.accounts["town_a"], reduction=reduction, approve=False, note="收入已恢复")
    assert row(person, FEB).expected == d("40.00")


def test_retiree_in_hardship_the_branch_alone_decides(tree):
    person = tree.people["a1"][0]
    set_profile(person, kind="retired", base="3000")
    open_months(tree.village_a1, FEB, FEB)
    reduction = request_reduction(tree, person, kind="waive", monthly=None)
    assert reduction.status == ApprovalStatus.APPROVED and reduction.approved_by == tree.accounts["secretary_a1"]
    assert row(person, FEB).expected == d("0.00")


def test_retiree_without_profile_is_recognised_by_occupation(tree):
    person = make_person(tree.village_a1, occupation=Occupation.RETIRED)
    reduction = request_reduction(tree, person, kind="waive", monthly=None)
    assert reduction.status == ApprovalStatus.APPROVED


def test_reduction_request_refusals(tree):
    person = tree.people["a1"][0]
    set_profile(person)
    with pytest.raises(ValidationError) as exc:
        request_reduction(tree, person, monthly="40")
    assert exc.value.message_dict == {"monthly": ["减交后的每月党费须少于该党员按规定每月应缴的40.00元"]}
    with pytest.raises(ValidationError) as exc:
        request_reduction(tree, person, first=MAR, last=FEB)
    assert exc.value.message_dict == {"to_month": ["截止月份不能早于起始月份"]}
    request_reduction(tree, person)
    with pytest.raises(ValidationError) as exc:
        request_reduction(tree, person, first=MAR, last=dt.date(2026, 6, 1))
    assert "期间不能重叠" in exc.value.message_dict["from_month"][0]
    with pytest.raises(PermissionDenied):
        request_reduction(tree, person, actor="secretary_a2")


# --- arrears -------------------------------------------------------------------------------------------------


def lapsed_people(tree, user="county"):
    return {a.person for a in selectors.arrears(tree.accounts[user], today=TODAY, lapsed_only=True)}


def test_lapse_flag_at_six_consecutive_months_not_five(tree):
    """Sept 2025–Feb 2026 unpaid: 6 months → flagged; pay one and it is 5 → not flagged. March (current) is not
    yet overdue."""
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person)
    open_months(tree.village_a1, dt.date(2025, 9, 1), MAR)
    owed = selectors.arrears(secretary, today=TODAY, person_id=person.pk)[0]
    assert (len(owed.months), owed.longest_run, owed.current_run, owed.amount) == (6, 6, 6, d("240.00"))
    assert owed.lapsed and owed.flag == "连续6个月不交纳党费,按自行脱党处理"
    assert lapsed_people(tree) == {person} and lapsed_people(tree, "town_a") == {person}
    assert lapsed_people(tree, "secretary_a2") == set()
    pay(secretary, row(person, dt.date(2025, 9, 1)), TODAY)
    owed = selectors.arrears(secretary, today=TODAY, person_id=person.pk)[0]
    assert (owed.longest_run, owed.lapsed) == (5, False)
    assert lapsed_people(tree) == set()
    assert person.standing == "normal"  # the flag, never a change of standing


def test_excused_month_breaks_the_run(tree):
    person = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    set_profile(person)
    open_months(tree.village_a1, dt.date(2025, 9, 1), FEB)
    assert lapsed_people(tree) == {person}
    services.dues_excuse(actor=secretary, record=row(person, dt.date(2025, 12, 1)), reason="重病住院")
    owed = selectors.arrears(secretary, today=TODAY, person_id=person.pk)[0]
    assert (len(owed.months), owed.longest_run, owed.current_run) == (5, 3, 2)
    assert lapsed_people(tree) == set()


def test_open_month_command(tree):
    from io import StringIO

    from django.core.management import CommandError, call_command

    for person in tree.people["a1"] + tree.people["b1"]:
        set_profile(person)
    out = StringIO()
    call_command("dues_open_month", org="C001", month="2026-03", stdout=out)
    assert "新增 5 条,已有 0 条,未核定缴纳标准 2 人" in out.getvalue()
    assert DuesRecord.objects.filter(month=MAR).count() == 5
    entry = AuditEntry.objects.filter(object_type="members.duesrecord").latest("id")
    assert (entry.source, entry.actor_name) == ("cli", "系统")
    call_command("dues_open_month", org="C001", stdout=out)  # this month by default: nothing new
    assert DuesRecord.objects.count() == 5
    with pytest.raises(CommandError, match="格式应为"):
        call_command("dues_open_month", org="C001", month="2026/03")
    with pytest.raises(CommandError, match="不能建立以后月份"):
        call_command("dues_open_month", org="C001", month="2026-04")
