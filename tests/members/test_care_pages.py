"""党内关爱 pages: the overview (who is still to be visited, the help given), visits, hardship records, export."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction, MemberCategory
from dangjian.core.models import AuditEntry, Person
from dangjian.members.choices import HardshipKind, VisitKind
from dangjian.members.models import CareVisit, Hardship
from dangjian.members.services import care as services
from tests.core.factories import make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def elders(tree, today):
    return {
        "eighty": make_person(tree.village_a1, name="孙八十", birth_date=dt.date(1946, 3, 1)),
        "veteran": make_person(tree.village_a2, name="周老兵", category=MemberCategory.VETERAN),
    }


def visit_data(**overrides):
    data = {"kind": VisitKind.FESTIVAL, "visited_on": "2026-02-10", "visitors": "李书记", "amount": "200.00"}
    return data | overrides


def test_overview_lists_who_is_still_to_be_visited_and_clears_after_a_visit(tree, client, elders):
    login(client, tree, "town_a")
    html = page(client.get(reverse("members:care_overview")))
    assert "孙八十" in html and "周老兵" in html and "80岁以上" in html and "从未走访" in html
    assert "暂无2026年的走访记录" in html
    login(client, tree, "secretary_a1")
    response = client.post(reverse("members:care_visit_create") + f"?person={elders['eighty'].pk}", visit_data())
    assert response.status_code == 302
    html = page(client.get(reverse("members:care_overview")))
    assert "<td>孙八十</td>" not in html and "周老兵" not in html  # a2's member is not a1's to see
    assert "暂无本年度尚未走访的关爱对象" in html
    login(client, tree, "town_a")
    html = page(client.get(reverse("members:care_overview")))
    assert "<td>孙八十</td>" not in html and "<td>周老兵</td>" in html
    assert tree.village_a1.name in html and "200.00" in html


def test_visit_form_keeps_input_and_names_the_rule(tree, client, today):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    url = reverse("members:care_visit_create") + f"?person={person.pk}"
    html = page(client.post(url, visit_data(amount="12.345", visitors="王委员")))
    assert "慰问金精确到分(最多两位小数)" in html
    assert 'value="王委员"' in html
    assert not CareVisit.objects.exists()


def test_the_person_picker_finds_only_members_in_scope(tree, client, today):
    login(client, tree, "secretary_a1")
    target = tree.people["a1"][1]
    html = page(client.get(reverse("members:care_visit_create"), {"q": target.name}))
    assert f"?person={target.pk}" in html
    other = tree.people["a2"][0]
    html = page(client.get(reverse("members:care_visit_create"), {"q": other.name, "person": other.pk}))
    assert f"?person={other.pk}" not in html and "选择党员" in html


def test_delete_asks_first_and_is_audited(tree, client, today):
    recorded = services.care_visit_create(
        actor=tree.accounts["secretary_a1"],
        person=tree.people["a1"][1],
        kind=VisitKind.ILLNESS,
        visited_on=dt.date(2026, 2, 1),
        visitors="李书记",
        amount=Decimal("300"),
    )
    login(client, tree, "secretary_a1")
    url = reverse("members:care_visit_delete", args=[recorded.pk])
    html = page(client.get(url))
    assert "确认删除" in html and CareVisit.objects.exists()
    assert client.post(url).status_code == 302
    assert not CareVisit.objects.exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="members.carevisit").exists()
    login(client, tree, "secretary_a2")
    other = services.care_visit_create(
        actor=tree.accounts["secretary_a1"],
        person=tree.people["a1"][1],
        kind=VisitKind.ILLNESS,
        visited_on=dt.date(2026, 2, 1),
        visitors="李书记",
    )
    assert client.post(reverse("members:care_visit_delete", args=[other.pk])).status_code == 404


def test_hardship_from_the_page_sets_the_roll_flag_and_ending_asks_first(tree, client, today):
    person = tree.people["a1"][2]
    login(client, tree, "secretary_a1")
    url = reverse("members:care_hardship_create") + f"?person={person.pk}"
    response = client.post(url, {"kind": HardshipKind.DISABILITY, "since": "2025-10-01", "description": "腿部残疾"})
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).in_hardship
    hardship = Hardship.objects.get()
    html = page(client.get(reverse("members:care_hardships")))
    assert "腿部残疾" in html and "未解除" in html
    end_url = reverse("members:care_hardship_end", args=[hardship.pk])
    assert "确认解除" in page(client.get(end_url))
    assert client.post(end_url, {"until": "2026-02-28"}).status_code == 302
    assert not Person.objects.get(pk=person.pk).in_hardship


def test_export_has_visits_totals_and_who_is_left(tree, client, elders):
    for amount in ("100.10", "50.20"):
        services.care_visit_create(
            actor=tree.accounts["town_a"],
            person=tree.people["a1"][0],
            kind=VisitKind.HARDSHIP,
            visited_on=dt.date(2026, 1, 20),
            visitors="镇党委",
            amount=Decimal(amount),
        )
    login(client, tree, "town_a")
    response = client.get(reverse("members:care_export"), {"year": "2026"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["走访记录", "帮扶汇总", "本年度未走访"]
    visits = list(book["走访记录"].iter_rows(values_only=True))
    assert len(visits) == 5 and visits[-1][0] == "合计" and Decimal(str(visits[-1][5])) == Decimal("150.30")
    totals = list(book["帮扶汇总"].iter_rows(values_only=True))[2:]
    assert [row[:4] for row in totals] == [("东城镇党委", "乡镇(街道)", 2, 1), ("东城镇李庄村党支部", "党组织", 2, 1)]
    left = [row[1] for row in list(book["本年度未走访"].iter_rows(values_only=True))[2:]]
    assert sorted(left) == ["周老兵", "孙八十"]
    login(client, tree, "member_a1")
    assert client.get(reverse("members:care_export")).status_code == 403


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_care_pages_queries_do_not_grow_with_rows(tree, client, elders):
    login(client, tree, "county")
    urls = [reverse(name) for name in ("members:care_overview", "members:care_visits", "members:care_hardships")]

    def add_rows(count):
        for _ in range(count):
            person = make_person(tree.village_a2, birth_date=dt.date(1940, 1, 1))
            services.hardship_create(actor=None, person=person, kind=HardshipKind.ILLNESS, since=dt.date(2026, 1, 1))
            services.care_visit_create(
                actor=None,
                person=make_person(tree.community_b1),
                kind=VisitKind.FESTIVAL,
                visited_on=dt.date(2026, 2, 1),
                visitors="书记",
                amount=Decimal("10.00"),
            )

    add_rows(1)
    client.get(urls[0])  # the first request of a session also renews it
    few = [queries(client, url) for url in urls]
    add_rows(4)
    assert [queries(client, url) for url in urls] == few
