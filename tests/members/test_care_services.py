"""党内关爱 through the services and selectors: hardship records keep the roll's flag, visits, who is still to be
visited this year, and the help given per branch and township."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, MemberCategory, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.members.choices import HardshipKind, StandingBasis, VisitKind
from dangjian.members.models import CareVisit, Hardship
from dangjian.members.selectors import care as selectors
from dangjian.members.services import care as services
from dangjian.members.services.standing import standing_change
from tests.core.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def visit(tree, person, *, who="secretary_a1", on=dt.date(2026, 2, 10), amount=Decimal("500.00"), **values):
    return services.care_visit_create(
        actor=tree.accounts[who],
        person=person,
        kind=values.pop("kind", VisitKind.FESTIVAL),
        visited_on=on,
        visitors=values.pop("visitors", "李书记、王委员"),
        amount=amount,
        **values,
    )


def flag(person):
    return Person.objects.values_list("in_hardship", flat=True).get(pk=person.pk)


def test_a_hardship_record_sets_the_roll_flag_and_ending_it_clears_it(tree, today):
    person = tree.people["a1"][1]
    secretary = tree.accounts["secretary_a1"]
    hardship = services.hardship_create(
        actor=secretary, person=person, kind=HardshipKind.ILLNESS, since=dt.date(2026, 1, 5), description="肝癌手术"
    )
    assert flag(person) is True
    assert (hardship.county_id, hardship.org_path) == (tree.county.pk, tree.village_a1.path)
    person_updates = AuditEntry.objects.filter(object_type="core.person", object_id=str(person.pk))
    assert person_updates.filter(action=AuditAction.UPDATE, after__in_hardship=True).exists()
    services.hardship_end(actor=secretary, hardship=hardship, until=dt.date(2026, 2, 28))
    assert flag(person) is False
    with pytest.raises(ValidationError) as refused:
        services.hardship_end(actor=secretary, hardship=hardship, until=TODAY)
    assert refused.value.message_dict["until"] == ["该困难情况已于2026-02-28解除"]


def test_the_flag_stays_while_another_difficulty_is_active(tree, today):
    person = tree.people["a1"][1]
    secretary = tree.accounts["secretary_a1"]
    first = services.hardship_create(
        actor=secretary, person=person, kind=HardshipKind.ILLNESS, since=dt.date(2025, 5, 1)
    )
    services.hardship_create(actor=secretary, person=person, kind=HardshipKind.LOW_INCOME, since=dt.date(2025, 6, 1))
    services.hardship_end(actor=secretary, hardship=first, until=dt.date(2026, 1, 31))
    assert flag(person) is True


def test_a_past_hardship_does_not_set_the_flag(tree, today):
    person = tree.people["a1"][1]
    services.hardship_create(
        actor=tree.accounts["secretary_a1"],
        person=person,
        kind=HardshipKind.DISASTER,
        since=dt.date(2024, 7, 1),
        until=dt.date(2024, 12, 31),
    )
    assert flag(person) is False


def test_hardship_refusals(tree, today):
    person = tree.people["a1"][1]
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as refused:
        services.hardship_create(
            actor=secretary, person=person, kind="poor", since=dt.date(2026, 3, 2), until=dt.date(2026, 1, 1)
        )
    assert refused.value.message_dict == {
        "kind": ["请选择困难类型"],
        "since": ["起始日期不能晚于今天"],
        "until": ["解除日期不能早于起始日期"],
    }
    with pytest.raises(PermissionDenied):
        services.hardship_create(
            actor=tree.accounts["secretary_a2"], person=person, kind=HardshipKind.ILLNESS, since=TODAY
        )
    services.hardship_create(actor=secretary, person=person, kind=HardshipKind.ILLNESS, since=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.hardship_create(actor=secretary, person=person, kind=HardshipKind.ILLNESS, since=TODAY)
    assert refused.value.message_dict["kind"] == ["该党员已有未解除的“重大疾病”记录"]
    assert Hardship.objects.count() == 1


def test_a_visit_keeps_money_to_the_fen(tree, today):
    person = tree.people["a1"][1]
    recorded = visit(tree, person, amount=Decimal("500"), goods="米、油", kind=VisitKind.ILLNESS)
    assert recorded.amount == Decimal("500.00")
    for amount, message in (
        (Decimal("10.005"), "慰问金金额精确到分(最多两位小数)"),
        (Decimal("-1"), "慰问金金额不能为负数"),
    ):
        with pytest.raises(ValidationError) as refused:
            visit(tree, person, amount=amount)
        assert refused.value.message_dict["amount"] == [message]
    with pytest.raises(ValidationError) as refused:
        visit(tree, person, on=dt.date(2026, 3, 2), visitors=" ")
    assert refused.value.message_dict == {"visited_on": ["走访日期不能晚于今天"], "visitors": ["请填写走访人"]}
    assert CareVisit.objects.count() == 1


def test_visits_are_for_the_branch_above_the_member(tree, today):
    person = tree.people["a1"][1]
    with pytest.raises(PermissionDenied):
        visit(tree, person, who="secretary_a2")
    with pytest.raises(PermissionDenied):
        visit(tree, person, who="member_a1")
    assert visit(tree, person, who="town_a").org_path == tree.village_a1.path


def test_no_visit_for_a_member_on_the_historical_roll(tree, today):
    person = tree.people["a1"][1]
    standing_change(
        actor=None,
        person=person,
        to_standing=Standing.DECEASED,
        changed_on=dt.date(2026, 1, 2),
        basis=StandingBasis.DEATH,
        reason="病故",
    )
    with pytest.raises(ValidationError) as refused:
        visit(tree, person)
    assert refused.value.message_dict["person"] == [f"{person.name}已列入历史名册,不再登记关爱记录"]


def test_update_and_delete_are_audited(tree, today):
    recorded = visit(tree, tree.people["a1"][1])
    secretary = tree.accounts["secretary_a1"]
    services.care_visit_update(actor=secretary, visit=recorded, amount=Decimal("300.50"), goods="慰问品")
    recorded.refresh_from_db()
    assert (recorded.amount, recorded.goods) == (Decimal("300.50"), "慰问品")
    with pytest.raises(ValidationError):
        services.care_visit_update(actor=secretary, visit=recorded, person=tree.people["a1"][0])
    services.care_visit_delete(actor=secretary, visit=recorded)
    assert not CareVisit.objects.exists()
    deleted = AuditEntry.objects.get(object_type="members.carevisit", action=AuditAction.DELETE)
    assert deleted.before["amount"] == "300.50" and deleted.org_path == tree.village_a1.path


def test_who_has_not_been_visited_this_year(tree, today):
    org = tree.village_a1
    secretary = tree.accounts["secretary_a1"]
    eighty_today = make_person(org, birth_date=dt.date(1946, 3, 1))
    seventy_nine = make_person(org, birth_date=dt.date(1946, 3, 2))
    veteran = make_person(org, category=MemberCategory.VETERAN)
    in_hardship = tree.people["a1"][1]
    services.hardship_create(actor=secretary, person=in_hardship, kind=HardshipKind.ILLNESS, since=dt.date(2025, 1, 1))
    visited_last_year = make_person(org, birth_date=dt.date(1940, 1, 1))
    visit(tree, visited_last_year, on=dt.date(2025, 12, 31))
    visited_this_year = make_person(org, birth_date=dt.date(1940, 1, 1))
    visit(tree, visited_this_year, on=dt.date(2026, 1, 1))

    _, due = selectors.not_visited(secretary, {})
    shown = {p.pk: p for p in due}
    assert set(shown) == {eighty_today.pk, veteran.pk, in_hardship.pk, visited_last_year.pk}
    assert seventy_nine.pk not in shown and visited_this_year.pk not in shown
    assert shown[in_hardship.pk].is_hardship and not shown[in_hardship.pk].is_elderly
    assert shown[veteran.pk].is_veteran
    _, elderly = selectors.not_visited(secretary, {"reason": "elderly"})
    assert {p.pk for p in elderly} == {eighty_today.pk, visited_last_year.pk}
    assert selectors.last_visits(secretary, list(due))[visited_last_year.pk] == dt.date(2025, 12, 31)
    _, due_a2 = selectors.not_visited(tree.accounts["secretary_a2"], {})
    assert list(due_a2) == []


def test_help_given_per_branch_and_township_in_a_year(tree, today):
    a1, a2, b1 = tree.people["a1"][0], tree.people["a2"][0], tree.people["b1"][0]
    visit(tree, a1, amount=Decimal("200.10"))
    visit(tree, a1, amount=Decimal("100.20"), kind=VisitKind.ILLNESS)
    visit(tree, a2, who="town_a", amount=Decimal("50.00"))
    visit(tree, b1, who="county", amount=Decimal("80.00"))
    visit(tree, b1, who="county", amount=Decimal("999.00"), on=dt.date(2025, 6, 1))

    townships, branches = selectors.help_totals(tree.accounts["county"], 2026)
    assert [(t.org.code, t.visits, t.people, t.amount) for t in townships] == [
        ("T001", 3, 2, Decimal("350.30")),
        ("T002", 1, 1, Decimal("80.00")),
    ]
    assert [(b.org.code, b.visits, b.people, b.amount) for b in branches] == [
        ("V001", 2, 1, Decimal("300.30")),
        ("V002", 1, 1, Decimal("50.00")),
        ("V003", 1, 1, Decimal("80.00")),
    ]
    townships, branches = selectors.help_totals(tree.accounts["secretary_a1"], 2026)
    assert townships == [] and [b.org.code for b in branches] == ["V001"]
    assert selectors.overview_figures(tree.accounts["town_a"])["amount"] == Decimal("350.30")
