"""村级换届 services: rounds (county only), changes (villages only, term defaults, old committee pre-filled from the
previous change), committees, confirmation by the level above, and the structure report by hand-counted numbers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry, Org
from dangjian.villages.models import CommitteeMember
from dangjian.villages.selectors import elections as selectors
from dangjian.villages.services import elections as services
from tests.core.factories import make_org
from tests.villages.elections_world import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)
    return settings.DANGJIAN_TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def make_round(tree, year=2021):
    return services.round_create(
        actor=None, county=tree.county, year=year, period="第十一届", starts_on=dt.date(year, 1, 1)
    )


def test_round_is_the_countys_and_once_a_year(tree, today):
    with pytest.raises(PermissionDenied):
        make_round_as(tree, "town_a")
    election_round = services.round_create(
        actor=tree.accounts["county"], county=tree.county, year=2021, period="第十一届", starts_on=dt.date(2021, 1, 1)
    )
    assert election_round.name == "2021年村级“两委”换届"
    assert entries(election_round, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as again:
        make_round(tree)
    assert again.value.message_dict == {"year": ["2021年已有换届批次"]}
    with pytest.raises(ValidationError) as dates:
        services.round_create(
            actor=None,
            county=tree.county,
            year=2026,
            period="",
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 2, 28),
        )
    assert dates.value.message_dict == {"period": ["请填写届次"], "ends_on": ["结束日期不能早于开始日期"]}


def make_round_as(tree, who):
    return services.round_create(
        actor=tree.accounts[who], county=tree.county, year=2021, period="第十一届", starts_on=dt.date(2021, 1, 1)
    )


def test_change_is_for_villages_with_a_five_year_term(tree, today):
    election_round = make_round(tree)
    change = services.change_create(
        actor=tree.accounts["secretary_a1"],
        election_round=election_round,
        org=tree.village_a1,
        election_date=dt.date(2021, 3, 10),
    )
    assert (change.term_start, change.term_end) == (dt.date(2021, 3, 10), dt.date(2026, 3, 10))
    assert change.body == "both" and change.status == "planned"
    with pytest.raises(ValidationError) as twice:
        services.change_create(
            actor=None, election_round=election_round, org=tree.village_a1, election_date=dt.date(2021, 3, 11)
        )
    assert twice.value.message_dict == {"org": ["东城镇李庄村党支部在该批次已登记换届"]}
    with pytest.raises(ValidationError) as community:
        services.change_create(
            actor=None, election_round=election_round, org=tree.community_b1, election_date=dt.date(2021, 3, 10)
        )
    assert community.value.message_dict == {"org": ["西关街道和平社区党支部不是行政村党组织"]}
    with pytest.raises(PermissionDenied):
        services.change_create(
            actor=tree.accounts["secretary_a2"],
            election_round=election_round,
            org=tree.village_a1,
            election_date=dt.date(2021, 3, 10),
        )


def test_committee_rows_are_checked_and_heads_required_to_confirm(tree, today):
    change = services.change_create(
        actor=None, election_round=make_round(tree), org=tree.village_a1, election_date=dt.date(2021, 3, 10)
    )
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as bad:
        services.committee_set(
            actor=secretary,
            change=change,
            side="new",
            rows=[member("", "director"), member("乙", "member", concurrent=True, birth=dt.date(2022, 1, 1))],
        )
    assert bad.value.message_dict == {"members": ["第1行:请填写姓名", "第2行:出生日期不能晚于选举日期"]}
    services.committee_set(actor=secretary, change=change, side="new", rows=[member("甲", "secretary")])
    with pytest.raises(PermissionDenied):
        services.change_complete(actor=secretary, change=change)  # a village cannot confirm itself
    with pytest.raises(ValidationError) as heads:
        services.change_complete(actor=tree.accounts["town_a"], change=change)
    assert heads.value.message_dict == {"members": ["村民委员会应有1名主任"]}
    rows = [member("甲", "secretary", concurrent=True), member("甲", "director", body="villager")]
    services.committee_set(actor=secretary, change=change, side="new", rows=rows)
    done = services.change_complete(actor=tree.accounts["town_a"], change=change)
    assert done.status == "done"
    village = Org.objects.get(pk=tree.village_a1.pk)  # the tree's 本届任期 follows the confirmed change
    assert (village.term_start, village.term_end) == (done.term_start, done.term_end)
    with pytest.raises(ValidationError):
        services.committee_set(actor=secretary, change=change, side="new", rows=rows)
    with pytest.raises(ValidationError):
        services.change_delete(actor=secretary, change=change)


def test_old_committee_prefilled_from_previous_change(tree, today):
    first = services.change_create(
        actor=None, election_round=make_round(tree, 2018), org=tree.village_a1, election_date=dt.date(2018, 3, 1)
    )
    person = tree.people["a1"][0]
    rows = [member("甲", "secretary", person=person), member("乙", "director", body="villager", gender="female")]
    services.committee_set(actor=None, change=first, side="new", rows=rows)
    services.change_complete(actor=None, change=first)
    second = services.change_create(
        actor=None, election_round=make_round(tree, 2021), org=tree.village_a1, election_date=dt.date(2021, 3, 10)
    )
    assert second.previous == first
    old = CommitteeMember.objects.filter(change=second, side="old").order_by("position")
    assert [(m.name, m.post, m.gender, m.person_id) for m in old] == [
        ("甲", "secretary", "male", person.pk),
        ("乙", "director", "female", None),
    ]
    other = services.change_create(
        actor=None, election_round=second.round, org=tree.village_a2, election_date=dt.date(2021, 3, 10)
    )
    assert other.previous is None and not other.members.exists()


def test_delete_planned_change_is_audited(tree, today):
    change = services.change_create(
        actor=None, election_round=make_round(tree), org=tree.village_a1, election_date=dt.date(2021, 3, 10)
    )
    pk = change.pk
    services.change_delete(actor=tree.accounts["secretary_a1"], change=change)
    assert (
        AuditEntry.objects.filter(
            object_type="villages.electionchange", object_id=str(pk), action=AuditAction.DELETE
        ).count()
        == 1
    )


def test_structure_report_by_hand(tree, today):
    """Two villages (a1, a2) done, one (V009) planned and not counted. Election day 2021-03-10.

    Before: a1 老甲 (1960, 初中, 男, 书记), 老乙 (1986-03-10 turns 35 that day, 高中, 女); a2 老丙 (1970, 中专, 男, 书记).
    After: a1 新甲 (1990, 本科, 女, 书记 一肩挑) and 新甲 also 主任 (counted once), 新乙 (1986-03-11: 34, 初中, 男);
    a2 老丙 stays 书记 (same person: not 调整).
    Before: 3 people, under 35: 0, high school+: 2, women: 1; after: 3 people, under 35: 2, high school+: 2, women 1.
    """
    election_round = make_round(tree)
    day = dt.date(2021, 3, 10)
    village = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    a1 = services.change_create(actor=None, election_round=election_round, org=tree.village_a1, election_date=day)
    a2 = services.change_create(actor=None, election_round=election_round, org=tree.village_a2, election_date=day)
    services.change_create(actor=None, election_round=election_round, org=village, election_date=day)
    old_a1 = [
        member("老甲", "secretary", birth=dt.date(1960, 1, 1), education="junior_high"),
        member("老乙", "member", birth=dt.date(1986, 3, 10), gender="female"),
    ]
    new_a1 = [
        member("新甲", "secretary", birth=dt.date(1990, 1, 1), education="bachelor", gender="female", concurrent=True),
        member("新甲", "director", body="villager", birth=dt.date(1990, 1, 1), education="bachelor", gender="female"),
        member("新乙", "member", birth=dt.date(1986, 3, 11), education="junior_high"),
    ]
    keep = [member("老丙", "secretary", birth=dt.date(1970, 1, 1), education="secondary_vocational")]
    services.committee_set(actor=None, change=a1, side="old", rows=old_a1)
    services.committee_set(actor=None, change=a1, side="new", rows=new_a1)
    services.committee_set(actor=None, change=a2, side="old", rows=keep)
    services.committee_set(
        actor=None,
        change=a2,
        side="new",
        rows=[
            *keep,
            member("老丙", "director", body="villager", birth=dt.date(1970, 1, 1), education="secondary_vocational"),
        ],
    )
    for change in (a1, a2):
        services.change_complete(actor=None, change=change)
    county = tree.accounts["county"]
    report = selectors.structure_report(county, election_round)
    assert (report.villages, report.people_before, report.people_after) == (2, 3, 3)
    assert (report.secretaries_changed, report.secretaries_compared) == (1, 2)
    under, high, women, shoulder = report.lines
    assert (under.before_text, under.after_text) == ("0/3 (0.0%)", "2/3 (66.7%)")
    assert under.sentence == "35岁以下占66.7%,比换届前提高66.7个百分点"
    assert high.sentence == "高中以上文化程度占66.7%,与换届前持平"
    assert (women.before_part, women.after_part) == (1, 1)
    assert (shoulder.before_text, shoulder.after_text) == ("0/2 (0.0%)", "1/2 (50.0%)")
    assert shoulder.points == Decimal("50.0")
    progress = selectors.progress(county, election_round)
    assert progress.text == "2/3 (66.7%)"
    only_a2 = selectors.structure_report(tree.accounts["secretary_a2"], election_round)
    assert (only_a2.villages, only_a2.people_after, only_a2.secretaries_changed) == (1, 1, 0)
    assert selectors.progress(tree.accounts["town_a"], election_round, tree.village_a1).text == "1/1 (100.0%)"
