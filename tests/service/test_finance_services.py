"""村财镇管 services: entering, 联合审签 by the post holders' own accounts, paying by the township only after both
signatures, the limit and the decisions, edits voiding signatures, the 三资 registers, and the figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core import clock
from dangjian.core.choices import PostTitle, Role
from dangjian.core.models import AuditEntry
from dangjian.core.scoping import scoped
from dangjian.core.services import post_create
from dangjian.service.models import Expenditure, ExpenditureSignature, FinancePolicy
from dangjian.service.selectors import finance as selectors
from dangjian.service.services import finance as services
from tests.core.factories import make_account, make_person
from tests.core.factories import make_account as account
from tests.service.finance_world import expenditure, finance_world, resolved_decision, signers

D = Decimal


@pytest.fixture
def a1(tree):
    secretary, director = signers(tree.village_a1, "a1")
    return tree.village_a1, secretary, director


def errors(exc):
    return exc.value.message_dict


def test_village_enters_an_expenditure_waiting_for_both_signatures(tree):
    e = services.expenditure_create(
        actor=tree.accounts["secretary_a1"],
        org=tree.village_a1,
        spent_on=clock.today(),
        purpose="购买办公桌椅",
        category="office",
        amount="1200",
        payee="县家具城",
    )
    assert e.status == "signing" and not e.above_limit and e.entered_by == tree.accounts["secretary_a1"]
    assert AuditEntry.objects.filter(object_id=str(e.pk), action="create").exists()


def test_another_township_cannot_enter_for_the_village(tree):
    other = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    with pytest.raises(PermissionDenied):
        expenditure(tree.village_a1, actor=other)


def test_a_township_itself_is_not_a_place(tree):
    with pytest.raises(ValidationError) as exc:
        expenditure(tree.town_a)
    assert errors(exc)["org"] == ["只能为村(社区)党组织登记"]


def test_above_the_limit_without_a_decision_is_refused(tree):
    with pytest.raises(ValidationError) as exc:
        expenditure(tree.village_a1, amount="5000.01")
    assert "金额超过5000.00元" in errors(exc)["decision"][0]
    assert expenditure(tree.village_a1, amount="5000.00").above_limit is False


def test_the_county_limit_applies(tree):
    services.policy_update(actor=tree.accounts["county"], county=tree.county, decision_limit="8000")
    assert expenditure(tree.village_a1, amount="7999").above_limit is False
    with pytest.raises(ValidationError):
        expenditure(tree.village_a1, amount="8000.01")


def test_only_the_county_sets_the_limit(tree):
    with pytest.raises(PermissionDenied):
        services.policy_update(actor=tree.accounts["town_a"], county=tree.county, decision_limit="8000")
    with pytest.raises(ValidationError) as exc:
        services.policy_update(actor=tree.accounts["county"], county=tree.county, decision_limit="50")
    assert "限额应在" in errors(exc)["decision_limit"][0]
    assert not FinancePolicy.objects.exists()
    assert services.policy_for(tree.county.pk).decision_limit == D("5000.00")


def test_above_the_limit_with_a_resolved_decision_of_the_place(tree):
    decision = resolved_decision(tree.village_a1)
    e = expenditure(tree.village_a1, amount="30000", decision=decision, category="works")
    assert e.above_limit and e.decision == decision


def test_a_decision_of_another_place_or_not_yet_resolved_is_refused(tree):
    other = resolved_decision(tree.village_a2)
    pending = resolved_decision(tree.village_a1, status="step3", current_step=3, resolved_on=None)
    for decision in (other, pending):
        with pytest.raises(ValidationError) as exc:
            expenditure(tree.village_a1, amount="30000", decision=decision)
        assert "不是本村(社区)村民代表会议已通过" in errors(exc)["decision"][0]


def test_expenditures_citing_a_decision_may_not_exceed_its_amount(tree):
    decision = resolved_decision(tree.village_a1, amount=D("50000"))
    expenditure(tree.village_a1, amount="30000", decision=decision)
    expenditure(tree.village_a1, amount="20000", decision=decision)  # exactly used up
    with pytest.raises(ValidationError) as exc:
        expenditure(tree.village_a1, amount="0.01", decision=decision)
    assert errors(exc)["amount"][0].startswith("超出决议金额:决议金额50000.00元,已列支50000.00元")


def test_both_sign_then_the_township_pays(tree, a1):
    org, secretary, director = a1
    e = expenditure(org)
    first = services.expenditure_sign(actor=secretary, expenditure=e)
    assert first.role == "secretary"
    e.refresh_from_db()
    assert e.status == "signing"
    with pytest.raises(ValidationError) as exc:
        services.expenditure_pay(actor=tree.accounts["town_a"], expenditure=e, paid_on=clock.today(), voucher_no="1")
    assert errors(exc)["signature"] == ["缺少村委会主任签字"]
    second = services.expenditure_sign(actor=director, expenditure=e)
    assert second.role == "director"
    e.refresh_from_db()
    assert e.status == "payable"
    services.expenditure_pay(actor=tree.accounts["town_a"], expenditure=e, paid_on=clock.today(), voucher_no="记-12")
    e.refresh_from_db()
    assert (e.status, e.voucher_no, e.paid_by) == ("paid", "记-12", tree.accounts["town_a"])


def test_pay_without_any_signature_names_both(tree):
    e = expenditure(tree.village_a1)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_pay(actor=tree.accounts["town_a"], expenditure=e, paid_on=clock.today(), voucher_no="1")
    assert errors(exc)["signature"] == ["缺少党组织书记、村委会主任签字"]


def test_a_village_cannot_pay_its_own_expenditure(tree, a1):
    org, secretary, director = a1
    e = expenditure(org)
    services.expenditure_sign(actor=secretary, expenditure=e)
    services.expenditure_sign(actor=director, expenditure=e)
    with pytest.raises(PermissionDenied):
        services.expenditure_pay(
            actor=tree.accounts["secretary_a1"], expenditure=e, paid_on=clock.today(), voucher_no="1"
        )
    other = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    with pytest.raises(PermissionDenied):
        services.expenditure_pay(actor=other, expenditure=e, paid_on=clock.today(), voucher_no="1")


def test_signing_twice_is_refused(tree, a1):
    org, secretary, _ = a1
    e = expenditure(org)
    services.expenditure_sign(actor=secretary, expenditure=e)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_sign(actor=secretary, expenditure=e)
    assert errors(exc)["signature"] == ["您已签过字,同一人不能重复签字"]


def test_the_signer_must_hold_the_post_now(tree, a1):
    org = a1[0]
    e = expenditure(org)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_sign(actor=tree.accounts["member_a1"], expenditure=e)
    assert errors(exc)["signature"] == ["只有本村现任党组织书记、村委会主任可以签字"]
    former = make_person(org, name="原村委会主任")
    post_create(
        actor=None,
        person=former,
        org=org,
        title=PostTitle.VILLAGE_DIRECTOR,
        term_start=dt.date(2015, 1, 1),
        term_end=clock.today() - dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.expenditure_sign(actor=account("former_dir", org, Role.MEMBER, person=former), expenditure=e)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_sign(actor=tree.accounts["secretary_a1"], expenditure=e)  # no person on the account
    assert errors(exc)["signature"] == ["账号未关联人员信息,不能签字"]


def test_one_person_holding_both_posts_needs_another_member(tree):
    org = tree.village_a2
    both = make_person(org, name="王书记")
    deputy = make_person(org, name="王副书记")
    start = dt.date(2021, 1, 1)
    for title in (PostTitle.SECRETARY, PostTitle.VILLAGE_DIRECTOR):
        post_create(actor=None, person=both, org=org, title=title, term_start=start)
    post_create(actor=None, person=deputy, org=org, title=PostTitle.DEPUTY_SECRETARY, term_start=start)
    both_account = account("both_a2", org, Role.MEMBER, person=both)
    deputy_account = account("deputy_a2", org, Role.MEMBER, person=deputy)
    e = expenditure(org)
    assert services.expenditure_sign(actor=both_account, expenditure=e).role == "secretary"
    with pytest.raises(ValidationError):
        services.expenditure_sign(actor=both_account, expenditure=e)
    assert services.expenditure_sign(actor=deputy_account, expenditure=e).role == "acting_director"
    e.refresh_from_db()
    assert e.status == "payable"


def test_editing_after_a_signature_voids_it_and_is_audited(tree, a1):
    org, secretary, _director = a1
    e = expenditure(org)
    services.expenditure_sign(actor=secretary, expenditure=e)
    services.expenditure_update(actor=tree.accounts["secretary_a1"], expenditure=e, amount="900")
    assert not ExpenditureSignature.objects.filter(expenditure=e, cleared_at__isnull=True).exists()
    assert ExpenditureSignature.objects.filter(expenditure=e).count() == 1  # kept as history
    entry = AuditEntry.objects.filter(object_id=str(e.pk), action="update").order_by("-id").first()
    assert entry is not None and "signatures" in str(entry.before)
    assert services.expenditure_sign(actor=secretary, expenditure=e).role == "secretary"  # signs again


def test_a_refusal_sends_it_back_and_resubmitting_asks_both_again(tree, a1):
    org, secretary, director = a1
    e = expenditure(org)
    services.expenditure_sign(actor=secretary, expenditure=e)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_reject(actor=director, expenditure=e, reason="  ")
    assert errors(exc)["reason"] == ["请填写不同意的理由"]
    services.expenditure_reject(actor=director, expenditure=e, reason="发票抬头不符")
    e.refresh_from_db()
    assert e.status == "returned" and "发票抬头不符" in e.return_reason
    with pytest.raises(ValidationError):
        services.expenditure_sign(actor=secretary, expenditure=e)
    services.expenditure_resubmit(actor=tree.accounts["secretary_a1"], expenditure=e)
    assert services.expenditure_sign(actor=secretary, expenditure=e).role == "secretary"


def test_the_township_returns_and_a_paid_expenditure_is_final(tree, a1):
    org, secretary, director = a1
    e = expenditure(org)
    services.expenditure_return(actor=tree.accounts["town_a"], expenditure=e, reason="缺少票据")
    e.refresh_from_db()
    assert e.status == "returned"
    with pytest.raises(PermissionDenied):
        services.expenditure_return(actor=tree.accounts["secretary_a1"], expenditure=e, reason="x")
    services.expenditure_resubmit(actor=tree.accounts["secretary_a1"], expenditure=e)
    services.expenditure_sign(actor=secretary, expenditure=e)
    services.expenditure_sign(actor=director, expenditure=e)
    services.expenditure_pay(actor=tree.accounts["town_a"], expenditure=e, paid_on=clock.today(), voucher_no="9")
    with pytest.raises(ValidationError) as exc:
        services.expenditure_update(actor=tree.accounts["secretary_a1"], expenditure=e, purpose="改")
    assert errors(exc)["status"] == ["已支付的支出不能修改"]
    with pytest.raises(ValidationError):
        services.expenditure_pay(actor=tree.accounts["town_a"], expenditure=e, paid_on=clock.today(), voucher_no="9")


def test_pay_date_and_voucher_are_checked(tree, a1):
    org, secretary, director = a1
    e = expenditure(org)
    services.expenditure_sign(actor=secretary, expenditure=e)
    services.expenditure_sign(actor=director, expenditure=e)
    with pytest.raises(ValidationError) as exc:
        services.expenditure_pay(
            actor=tree.accounts["town_a"], expenditure=e, paid_on=clock.today() + dt.timedelta(days=1), voucher_no=""
        )
    assert errors(exc) == {"paid_on": ["支付日期不能晚于今天"], "voucher_no": ["请填写记账凭证号"]}


def test_delete_only_before_any_signature(tree, a1):
    org, secretary, _ = a1
    fresh, signed = expenditure(org), expenditure(org)
    services.expenditure_sign(actor=secretary, expenditure=signed)
    services.expenditure_delete(actor=tree.accounts["secretary_a1"], expenditure=fresh)
    with pytest.raises(ValidationError):
        services.expenditure_delete(actor=tree.accounts["secretary_a1"], expenditure=signed)
    assert list(Expenditure.objects.values_list("pk", flat=True)) == [signed.pk]


def test_figures_match_a_hand_count(tree, a1):
    org, secretary, director = a1
    decision = resolved_decision(org)
    paid = expenditure(org, amount="1000")  # paid
    services.expenditure_sign(actor=secretary, expenditure=paid)
    services.expenditure_sign(actor=director, expenditure=paid)
    services.expenditure_pay(actor=None, expenditure=paid, paid_on=clock.today(), voucher_no="1")
    big = expenditure(org, amount="20000", decision=decision, category="works")  # signing, above limit
    payable = expenditure(org, amount="300")
    services.expenditure_sign(actor=secretary, expenditure=payable)
    services.expenditure_sign(actor=director, expenditure=payable)
    expenditure(tree.village_a2, amount="700")  # another village of the township
    expenditure(tree.community_b1, amount="50")  # another township
    old = expenditure(org, amount="400", spent_on=clock.today() - dt.timedelta(days=400))  # outside the period
    since, until = clock.today() - dt.timedelta(days=30), clock.today()
    town = selectors.scope_figures(tree.accounts["town_a"], org=None, since=since, until=until)
    assert (town.count, town.amount) == (4, D("22000.00"))
    assert (town.signing, town.signing_amount) == (2, D("20700.00"))
    assert (town.payable, town.paid, town.paid_amount) == (1, 1, D("1000.00"))
    assert town.decision_share == "1/1 (100.0%)"
    works = next(c for c in town.categories if c.category == "works")
    assert (works.count, works.amount) == (1, D("20000.00"))
    village = selectors.scope_figures(tree.accounts["county"], org=tree.village_a1, since=since, until=until)
    assert village.count == 3 and big.pk and old.pk
    assert selectors.scope_figures(tree.accounts["county"], org=None, since=since, until=until).count == 5


def test_another_township_sees_nothing(tree):
    finance_world(tree)
    other = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    assert set(scoped(Expenditure, other).values_list("org_id", flat=True)) == {tree.community_b1.pk}
    assert not selectors.signable(other).exists()


def test_the_director_with_a_member_account_finds_what_to_sign(tree, a1):
    org, _secretary, director = a1
    e = expenditure(org)
    assert list(selectors.signable(director)) == [e]
    assert selectors.visible_expenditure(director, e.pk) == e
    assert not scoped(Expenditure, director).exists()


def test_registers_and_their_totals(tree):
    finance_world(tree)
    totals = selectors.asset_totals(tree.accounts["town_a"], None, clock.today())
    assert (totals.assets, totals.asset_value) == (2, D("960000.00"))
    assert (totals.resources, totals.resource_area) == (2, D("71.00"))
    assert (totals.contracts, totals.annual_rent, totals.ending_soon) == (2, D("42600.00"), 2)
    assert totals.funds == D("250000.00")
    assert "原值合计96万元" in totals.sentence and "面积71亩" in totals.sentence


def test_a_contract_leases_the_resource_and_rent_overdue_is_flagged(tree):
    finance_world(tree)
    _, rows = selectors.register_list(tree.accounts["secretary_a1"], "contracts", {})
    [contract] = selectors.flag_contracts(list(rows), clock.today())
    assert contract.ending_soon and contract.overdue and contract.due == D("42600.00")
    assert contract.resource.status == "contracted"


def test_a_contract_needs_exactly_one_subject_of_the_place(tree):
    finance_world(tree)
    from dangjian.service.models import Resource

    other = Resource.objects.get(org=tree.village_a2)
    values = {
        "code": "HT-9",
        "lessee": "某人",
        "starts_on": clock.today(),
        "ends_on": clock.today() + dt.timedelta(days=9),
        "annual_rent": "1",
    }
    with pytest.raises(ValidationError) as exc:
        services.contract_create(actor=None, org=tree.village_a1, **values)
    assert "subject" in errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.contract_create(actor=None, org=tree.village_a1, resource=other, **values)
    assert errors(exc)["subject"] == ["只能选择本村(社区)的资产或资源"]


def test_public_block_shows_paid_expenditures_and_totals_without_names(tree):
    finance_world(tree)
    block = selectors.public_block(tree.village_a1, clock.today())
    assert block["count"] == 1 and block["total"] == D("860.00")
    rows = [r for m in block["months"] for r in m["rows"]]
    assert set(rows[0]) == {"month", "spent_on", "purpose", "category", "amount", "decision_title", "category_label"}
    assert block["totals"].contracts == 1
    assert selectors.public_block(tree.village_a2, clock.today())["count"] == 1


def test_public_block_is_two_queries(tree, django_assert_max_num_queries):
    finance_world(tree)
    with django_assert_max_num_queries(2):
        selectors.public_block(tree.village_a1, clock.today())


def test_reminders_count_what_waits(tree):
    world = finance_world(tree)
    [town] = selectors.reminders(tree.accounts["town_a"], clock.today())
    assert (town.label, town.count) == ("村财镇管:待支付的支出", 0)
    waiting = world[Expenditure][1]
    signing, returned = selectors.reminders(tree.accounts["secretary_a1"], clock.today())
    assert signing.count == 0  # the secretary account has no person: it does not sign
    services.expenditure_return(actor=tree.accounts["town_a"], expenditure=waiting, reason="缺票据")
    assert selectors.reminders(tree.accounts["secretary_a1"], clock.today())[1].count == 1
    assert returned.label == "村财镇管:被退回的支出"
