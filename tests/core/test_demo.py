"""Demo county: deterministic for a seed, valid people, consistent tree, one summary audit entry, demo accounts."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from dangjian.core import crypto, demo, rules
from dangjian.core.audit import verify_chain
from dangjian.core.choices import BRANCH_KINDS, MemberStatus, OrgKind, OrgLevel, Role
from dangjian.core.demo.accounts import DEMO_COUNTY_CODE
from dangjian.core.demo.places import LINYING, LINYING_TOWNSHIPS
from dangjian.core.models import AuditEntry, Org, OrgStats, Person, Post, Unit, UnitYearFigure, User
from dangjian.core.scoping import scoped
from dangjian.core.validation import validate_person
from dangjian.members import demo as members_demo
from dangjian.orglife import demo as orglife_demo
from dangjian.service import demo as service_demo
from dangjian.villages import demo as villages_demo

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]

ANCHOR = dt.date(2025, 6, 30)
SMALL = ["--villages", "4", "--anchor", ANCHOR.isoformat()]


def snapshot():
    orgs = sorted(Org.objects.values_list("code", "name", "kind", "path"))
    people = sorted(Person.objects.values_list("org__code", "name", "id_number_masked", "birth_date", "joined_on"))
    return orgs, people


def wipe():
    """Remove the generated county (the audit trail stays: it is append-only)."""
    for label in ("service", "villages", "orglife", "members"):
        pending = list(reversed(list(apps.get_app_config(label).get_models())))
        while pending:  # in an order the protected foreign keys allow
            model = pending.pop(0)
            try:
                with transaction.atomic():
                    model.objects.all().delete()
            except ProtectedError:
                pending.append(model)
    User.objects.filter(username__startswith="demo_").delete()
    Post.objects.all().delete()
    Person.objects.all().delete()
    UnitYearFigure.objects.all().delete()
    Unit.objects.all().delete()
    OrgStats.objects.all().delete()
    Org.objects.update(county=None)
    Org.objects.all().delete()


def test_same_seed_gives_the_same_county_and_another_seed_does_not(capsys):
    call_command("demo_county", "--seed", "7", *SMALL)
    first = snapshot()
    assert len(first[1]) > 100
    wipe()
    call_command("demo_county", "--seed", "7", *SMALL)
    assert snapshot() == first
    wipe()
    call_command("demo_county", "--seed", "8", *SMALL)
    other = snapshot()
    assert [o[0] for o in other[0]][:1] == [first[0][0][0]]  # the county's code is the region's
    assert other[1] != first[1]
    assert "已生成 中共临颍县委员会" in capsys.readouterr().out


def test_generated_people_pass_person_validation_and_keep_their_id_numbers_encrypted():
    demo.build_county(seed=3, anchor=timezone.localdate(), shape=demo.CountyShape.small(4), accounts=False)
    people = list(Person.objects.select_related("org"))
    assert people
    for person in people:
        clear = person.id_number
        assert person.id_number_encrypted.startswith("sm:") and clear not in person.id_number_encrypted
        assert person.id_number_index == crypto.blind_index(clear)
        assert person.id_number_masked == rules.mask_id_number(clear)
        data = {
            field: getattr(person, field)
            for field in ("name", "gender", "ethnicity", "birth_date", "education", "status", "joined_on")
        }
        data.update(
            id_number=clear,
            confirmed_on=person.confirmed_on,
            category=person.category,
            occupation=person.occupation,
            phone=person.phone,
            address=person.address,
        )
        _, errors = validate_person(data, today=timezone.localdate())
        assert errors == {}, (person.name, errors)
        assert person.org.kind in BRANCH_KINDS
        assert person.org_path == person.org.path
        assert clear.startswith(LINYING.region)


def test_the_tree_is_consistent_and_has_the_expected_levels():
    result = demo.build_county(seed=5, anchor=ANCHOR, shape=demo.CountyShape.small(6), accounts=False)
    county = result.root
    assert (county.level, county.county_id, county.code) == (OrgLevel.COUNTY, county.pk, DEMO_COUNTY_CODE)
    assert Org.objects.find_problems() == ([], [], [], [], [])
    for org in Org.objects.all():
        assert org.numchild == Org.objects.filter(path__startswith=org.path, depth=org.depth + 1).count()
        assert org.county_id == county.pk
    townships = Org.objects.filter(level=OrgLevel.TOWNSHIP)
    assert townships.count() == 2
    assert all(Org.objects.get_parent(t) == county for t in townships)
    assert {t.name for t in townships} <= {
        f"中共临颍县{name}{'工作' if street else ''}委员会" for name, street in LINYING_TOWNSHIPS
    }
    villages = Unit.objects.filter(kind__in=["village", "community"])
    assert villages.count() == 6
    for unit in villages:
        assert sorted(unit.year_figures.values_list("year", flat=True)) == [2022, 2023, 2024]
    assert not Person.objects.filter(org__kind=OrgKind.PARTY_GROUP).exists()
    assert Post.objects.filter(title="secretary", org=county).count() == 1
    for post in Post.objects.select_related("org")[:200]:
        assert post.org_path == post.org.path and post.county_id == county.pk


def test_summary_audit_entries_only_and_the_chain_holds():
    before = AuditEntry.objects.count()
    result = demo.build_county(seed=2, anchor=ANCHOR, shape=demo.CountyShape.small(4), accounts=False)
    entries = list(AuditEntry.objects.order_by("id")[before:])
    # One summary entry for the county, then one for each app's demo areas; none per generated row.
    areas = len(members_demo.AREAS) + len(orglife_demo.AREAS) + len(villages_demo.AREAS) + len(service_demo.AREAS)
    assert len(entries) <= 1 + areas
    assert {(e.object_type, e.object_id, e.source) for e in entries} == {("core.org", str(result.root.pk), "system")}
    entry = entries[0]
    assert (entry.action, entry.object_type, entry.object_id, entry.source) == (
        "create",
        "core.org",
        str(result.root.pk),
        "system",
    )
    assert entry.after["people"] == Person.objects.count()
    assert entry.after["posts"] == Post.objects.count()
    assert verify_chain().ok


def test_if_empty_does_nothing_when_an_org_exists(tree, capsys):
    orgs, people = Org.objects.count(), Person.objects.count()
    call_command("demo_county", "--if-empty", *SMALL)
    assert (Org.objects.count(), Person.objects.count()) == (orgs, people)
    assert "已有党组织数据" in capsys.readouterr().out


def test_a_second_demo_county_is_refused_and_changes_nothing():
    call_command("demo_county", *SMALL)
    orgs, entries = Org.objects.count(), AuditEntry.objects.count()
    with pytest.raises(CommandError, match="示范数据已存在"):
        call_command("demo_county", *SMALL)
    assert (Org.objects.count(), AuditEntry.objects.count()) == (orgs, entries)


def test_demo_accounts_one_per_role_idempotent_and_scoped(client, capsys):
    call_command("demo_county", *SMALL)
    capsys.readouterr()
    accounts = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    assert {u.role for u in accounts.values()} == set(Role.values)
    member = accounts["demo_member"]
    assert member.person is not None and member.person.org == accounts["demo_secretary"].org
    assert accounts["demo_township"].org.level == OrgLevel.TOWNSHIP
    assert accounts["demo_county"].org.code == DEMO_COUNTY_CODE

    users, entries = User.objects.count(), AuditEntry.objects.count()
    call_command("demo_accounts")
    out = capsys.readouterr().out
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, entries)
    assert demo.DEMO_PASSWORD in out and "demo_township" in out

    township = accounts["demo_township"]
    assert set(scoped(Org, township).values_list("path", flat=True)) == set(
        Org.objects.filter(path__startswith=township.org.path).values_list("path", flat=True)
    )
    response = client.post(reverse("core:login"), {"username": "demo_township", "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302


def test_demo_accounts_are_not_made_without_demo_data(tree, capsys):
    users = User.objects.count()
    call_command("demo_accounts")
    assert User.objects.count() == users
    assert "没有示范数据" in capsys.readouterr().out


def test_full_county_plan_matches_the_seed_figures_and_the_rules():
    """The full-size plan (no database): seed 002's spread of collective income and plausible members."""
    plan = demo.plan_county(seed=1, place=LINYING, anchor=ANCHOR, townships=list(LINYING_TOWNSHIPS))
    villages = [o.unit for o in plan.orgs if o.unit is not None and o.unit.figures]
    assert len(villages) == 367
    assert len([o for o in plan.orgs if o.level == OrgLevel.TOWNSHIP]) == 14
    income = [u.figures[0][1] for u in villages]
    over_50k = sum(i > Decimal(50_000) for i in income) / len(income)
    assert 0.3 < over_50k < 0.5
    assert sum(i > Decimal(200_000) for i in income) > sum(i > Decimal(10_000_000) for i in income) >= 1
    assert any(u.figures[0][2] > Decimal(100_000_000) for u in villages)

    members = plan.members
    assert 28_000 <= len(members) <= 32_000
    women = sum(m.gender == "female" for m in members) / len(members)
    assert 0.2 < women < 0.4
    ethnic = Counter(m.ethnicity for m in members)
    assert ethnic["回族"] > 0 and ethnic["汉族"] > 0.9 * len(members)
    assert len({m.id_number for m in members}) == len(members)
    ages = Counter(rules.age_band(rules.age_on(m.birth_date, ANCHOR)) for m in members)
    assert ages["61岁及以上"] > ages["30岁及以下"] > 0  # an ageing rural membership
    for m in members:
        assert rules.is_adult_on(m.birth_date, m.joined_on)
        if m.status == MemberStatus.PROBATIONARY:
            assert m.confirmed_on is None and ANCHOR - dt.timedelta(days=365) <= m.joined_on <= ANCHOR
        else:
            assert rules.can_be_full_member(m.joined_on, m.confirmed_on) and m.confirmed_on <= ANCHOR
    titles = Counter(p.title for p in plan.posts)
    for title in ("secretary", "deputy_secretary", "village_director", "first_secretary", "liaison_cadre"):
        assert titles[title] > 0
