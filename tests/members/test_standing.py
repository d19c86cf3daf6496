"""党籍 changes through the service, the pages and the API; the historical roll; counting members as of a date."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from dangjian.core.choices import AuditAction, MemberStatus, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.core.stats import compute_for_org
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange
from dangjian.members.selectors.standing import counted_on, formal_on, standing_of
from dangjian.members.services.standing import person_transferred_out, standing_change
from tests.core.factories import make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 11, 24)
    return settings.DANGJIAN_TODAY


def lose_contact(tree, person, on=dt.date(2025, 1, 10)):
    return standing_change(
        actor=tree.accounts["secretary_a1"],
        person=person,
        to_standing=Standing.LOST_CONTACT,
        changed_on=on,
        basis=StandingBasis.LOST_CONTACT,
        reason="外出务工,电话停机,多方联系未果",
    )


def test_branch_records_lost_contact_with_history_and_audit(tree, today):
    person = tree.people["a1"][1]
    change = lose_contact(tree, person)
    person.refresh_from_db()
    assert (person.standing, person.standing_since) == (Standing.LOST_CONTACT, dt.date(2025, 1, 10))
    assert (change.from_standing, change.to_standing) == (Standing.NORMAL, Standing.LOST_CONTACT)
    audited = AuditEntry.objects.filter(object_type="members.standingchange", object_id=str(change.pk))
    assert audited.filter(action=AuditAction.CREATE).exists()
    assert AuditEntry.objects.filter(
        object_type="core.person", object_id=str(person.pk), action=AuditAction.UPDATE
    ).exists()


def test_suspension_needs_the_level_above_and_six_months(tree, today):
    person = tree.people["a1"][1]
    lose_contact(tree, person, on=dt.date(2026, 6, 1))
    values = {
        "person": person,
        "to_standing": Standing.SUSPENDED,
        "basis": StandingBasis.LOST_CONTACT,
        "reason": "失联满6个月",
        "branch_resolution_on": dt.date(2026, 11, 20),
        "approved_on": dt.date(2026, 11, 22),
    }
    with pytest.raises(PermissionDenied):
        standing_change(actor=tree.accounts["secretary_a1"], changed_on=dt.date(2026, 11, 23), **values)
    with pytest.raises(ValidationError) as refused:
        standing_change(actor=tree.accounts["town_a"], changed_on=dt.date(2026, 11, 23), **values)
    assert "失去联系满6个月方可停止党籍,最早2026-12-01" in str(refused.value)
    person.refresh_from_db()
    assert person.standing == Standing.LOST_CONTACT


def test_leaving_moves_to_the_historical_roll_never_deleted(tree, today, client):
    person = tree.people["a1"][1]
    standing_change(
        actor=tree.accounts["town_a"],
        person=person,
        to_standing=Standing.REMOVED,
        changed_on=dt.date(2026, 10, 1),
        basis=StandingBasis.LAPSED,
        reason="连续6个月不参加组织生活、不交纳党费",
        branch_resolution_on=dt.date(2026, 9, 20),
        approved_on=dt.date(2026, 9, 28),
    )
    assert Person.objects.filter(pk=person.pk).exists()
    login(client, tree, "secretary_a1")
    roster = page(client.get(reverse("core:person_list")))
    assert person.name not in roster
    historical = page(client.get(reverse("core:person_list"), {"roll": "historical"}))
    assert person.name in historical
    listed = page(client.get(reverse("members:standing_list"), {"kind": "historical"}))
    assert person.name in listed and "除名" in listed
    # The figures no longer count them.
    assert compute_for_org(tree.village_a1).member_count == len(tree.people["a1"]) - 1


def test_counting_as_of_a_date_follows_the_history(tree, today):
    village = Person.objects.filter(org=tree.village_a1)
    person = tree.people["a1"][1]
    lose_contact(tree, person, on=dt.date(2026, 1, 5))
    standing_change(
        actor=tree.accounts["town_a"],
        person=person,
        to_standing=Standing.SUSPENDED,
        changed_on=dt.date(2026, 7, 10),
        basis=StandingBasis.LOST_CONTACT,
        reason="失联满6个月",
        branch_resolution_on=dt.date(2026, 7, 6),
        approved_on=dt.date(2026, 7, 8),
    )
    # Lost contact still counts; suspended does not; before any change the current standing is not used.
    assert standing_of(person, dt.date(2026, 1, 4)) == Standing.NORMAL
    assert standing_of(person, dt.date(2026, 1, 5)) == Standing.LOST_CONTACT
    assert standing_of(person, dt.date(2026, 7, 9)) == Standing.LOST_CONTACT
    assert standing_of(person, dt.date(2026, 7, 10)) == Standing.SUSPENDED
    assert counted_on(village, dt.date(2026, 7, 9)).filter(pk=person.pk).exists()
    assert not counted_on(village, dt.date(2026, 7, 10)).filter(pk=person.pk).exists()
    # Someone who joined later is not counted before they joined.
    newcomer = make_person(
        tree.village_a1, joined_on=dt.date(2026, 5, 1), confirmed_on=None, status=MemberStatus.PROBATIONARY
    )
    assert not counted_on(village, dt.date(2026, 4, 30)).filter(pk=newcomer.pk).exists()
    assert counted_on(village, dt.date(2026, 5, 1)).filter(pk=newcomer.pk).exists()
    # Formal members only (the right to vote): the probationary newcomer is not one.
    assert not formal_on(village, dt.date(2026, 6, 1)).filter(pk=newcomer.pk).exists()
    confirmed_later = make_person(tree.village_a1, joined_on=dt.date(2025, 3, 1), confirmed_on=dt.date(2026, 3, 1))
    assert not formal_on(village, dt.date(2026, 2, 28)).filter(pk=confirmed_later.pk).exists()
    assert formal_on(village, dt.date(2026, 3, 1)).filter(pk=confirmed_later.pk).exists()


def test_transferred_out_on_receipt(tree, today):
    person = tree.people["a2"][0]
    person_transferred_out(
        actor=tree.accounts["secretary_a2"],
        person=person,
        on=dt.date(2026, 11, 1),
        letter_no="临组转〔2026〕18号",
        external_org_name="郑州市某街道党工委",
    )
    person.refresh_from_db()
    assert person.standing == Standing.TRANSFERRED_OUT
    with pytest.raises(ValidationError):
        person_transferred_out(
            actor=tree.accounts["secretary_a2"],
            person=person,
            on=dt.date(2026, 11, 2),
            letter_no="x",
            external_org_name="y",
        )
    with pytest.raises(PermissionDenied):
        person_transferred_out(
            actor=tree.accounts["secretary_a1"],
            person=tree.people["a2"][1],
            on=dt.date(2026, 11, 2),
            letter_no="x",
            external_org_name="y",
        )


def test_pages_alerts_form_and_export(tree, today, client):
    person = tree.people["a1"][2]
    lose_contact(tree, person, on=dt.date(2026, 5, 24))
    login(client, tree, "secretary_a1")
    listed = page(client.get(reverse("members:standing_list")))
    assert person.name in listed and "失去联系已满6个月,应按规定停止党籍" in listed
    # The branch restores contact through the form; bad input keeps the form with the message.
    url = reverse("members:standing_person", args=[person.pk])
    bad = page(
        client.post(
            url, {"to_standing": "normal", "changed_on": "2026-12-01", "basis": "restored", "reason": "已联系上"}
        )
    )
    assert "生效日期不能晚于今天" in bad and "已联系上" in bad
    client.post(url, {"to_standing": "normal", "changed_on": "2026-11-20", "basis": "restored", "reason": "已联系上"})
    person.refresh_from_db()
    assert person.standing == Standing.NORMAL
    assert "已联系上" in page(client.get(url))
    # Leaving asks for confirmation first.
    township = login(client, tree, "town_a")
    leaving = {
        "to_standing": "deceased",
        "changed_on": "2026-11-21",
        "basis": "death",
        "reason": "病故",
    }
    asked = page(township.post(url, leaving))
    assert "转入历史名册前请勾选确认" in asked
    township.post(url, leaving | {"confirm": "on"})
    person.refresh_from_db()
    assert person.standing == Standing.DECEASED
    response = township.get(reverse("members:standing_list"), {"kind": "changes", "export": "xlsx"})
    rows = list(load_workbook(filename=__import__("io").BytesIO(response.content)).active.iter_rows(values_only=True))
    names = [row[0] for row in rows[2:]]
    assert names.count(person.name) == 3


def test_sibling_branch_sees_nothing(tree, today, client):
    person = tree.people["a1"][1]
    lose_contact(tree, person)
    login(client, tree, "secretary_a2")
    assert client.get(reverse("members:standing_person", args=[person.pk])).status_code == 404
    assert person.name not in page(client.get(reverse("members:standing_list")))


def test_api_records_and_refuses(tree, today):
    api = APIClient()
    api.force_authenticate(tree.accounts["secretary_a1"])
    person = tree.people["a1"][1]
    body = {
        "person": person.pk,
        "to_standing": "abroad",
        "changed_on": "2026-11-01",
        "basis": "abroad",
        "reason": "出国务工",
    }
    created = api.post("/api/v1/standing/changes/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["to_standing_label"] == "出国出境"
    again = api.post("/api/v1/standing/changes/", body, format="json")
    assert again.status_code == 400 and "党籍状态没有变化" in again.content.decode()
    removal = body | {"to_standing": "removed", "basis": "lapsed"}
    assert api.post("/api/v1/standing/changes/", removal, format="json").status_code == 403
    listed = api.get("/api/v1/standing/changes/", {"person": person.pk}).json()
    assert [row["to_standing"] for row in listed["results"]] == ["abroad"]
    sibling = APIClient()
    sibling.force_authenticate(tree.accounts["secretary_a2"])
    assert sibling.get(f"/api/v1/standing/changes/{created.json()['id']}/").status_code == 404
    assert sibling.post("/api/v1/standing/changes/", body | {"to_standing": "normal"}, format="json").status_code == 400
    assert StandingChange.objects.count() == 1
