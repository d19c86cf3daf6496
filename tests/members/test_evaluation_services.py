"""民主评议党员 through the services: the roll on the start day, ballots, grades within the rules, follow-ups."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, MemberStatus, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.members.choices import CampaignStatus, FollowupMeasure, FollowupStatus, Grade, StandingBasis
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup, StandingChange
from dangjian.members.selectors import evaluation as selectors
from dangjian.members.services import evaluation as services
from dangjian.members.services.standing import standing_change
from tests.core.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
STARTED = dt.date(2026, 1, 10)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def branch(tree, today):
    """Branch a1: six formal members and one probationary (quota of 优秀: two)."""
    org = tree.village_a1
    extra = [make_person(org) for _ in range(3)]
    probationary = make_person(org, status=MemberStatus.PROBATIONARY, joined_on=dt.date(2025, 9, 1), confirmed_on=None)
    formal = tree.people["a1"] + extra
    return org, formal, probationary


def start(tree, org=None, **overrides):
    values = {"actor": tree.accounts["secretary_a1"], "org": org or tree.village_a1, "year": 2025}
    values["started_on"] = STARTED
    values.update(overrides)
    return services.evaluation_start(**values)


def grades_for(formal, *excellent):
    return {p.pk: Grade.EXCELLENT if p in excellent else Grade.QUALIFIED for p in formal}


def decide(tree, campaign, grades, on=dt.date(2026, 2, 20), who="secretary_a1"):
    return services.evaluation_decide(actor=tree.accounts[who], campaign=campaign, grades=grades, decided_on=on)


def test_start_lists_the_roll_of_the_day_with_probationary_members_not_graded(tree, branch):
    org, formal, probationary = branch
    campaign = start(tree)
    entries = {e.person_id: e for e in campaign.entries.all()}
    assert set(entries) == {p.pk for p in formal} | {probationary.pk}
    assert entries[probationary.pk].probationary
    assert not any(entries[p.pk].probationary for p in formal)
    assert (campaign.county_id, campaign.org_path, campaign.status) == (tree.county.pk, org.path, CampaignStatus.OPEN)
    created = AuditEntry.objects.get(object_type="members.evaluationcampaign", action=AuditAction.CREATE)
    assert created.after["members"] == 7 and created.after["probationary"] == 1


def test_the_roll_is_counted_on_the_start_day_by_the_standing_then(tree, branch):
    org, formal, _ = branch
    joined_later = make_person(org, joined_on=dt.date(2026, 1, 20), status=MemberStatus.PROBATIONARY, confirmed_on=None)
    confirmed_later = make_person(org, joined_on=dt.date(2025, 1, 5), confirmed_on=dt.date(2026, 1, 5))
    removed_after = formal[0]
    standing_change(
        actor=None,
        person=removed_after,
        to_standing=Standing.REMOVED,
        changed_on=dt.date(2026, 2, 1),
        basis=StandingBasis.LAPSED,
        reason="连续6个月不参加组织生活",
        branch_resolution_on=dt.date(2026, 1, 25),
        approved_on=dt.date(2026, 1, 28),
    )
    suspended_before = formal[1]
    standing_change(
        actor=None,
        person=suspended_before,
        to_standing=Standing.SUSPENDED,
        changed_on=dt.date(2025, 12, 1),
        basis=StandingBasis.DISCIPLINE,
        reason="党纪处分",
        branch_resolution_on=dt.date(2025, 11, 20),
        approved_on=dt.date(2025, 11, 25),
    )
    assert StandingChange.objects.count() == 2
    campaign = start(tree)
    listed = dict(campaign.entries.values_list("person_id", "probationary"))
    assert removed_after.pk in listed  # counted on the day: removed only later
    assert suspended_before.pk not in listed  # 停止党籍 that day: not counted
    assert joined_later.pk not in listed
    assert listed[confirmed_later.pk] is False  # confirmed 2026-01-05, before the start


def test_a_member_confirmed_after_the_start_day_was_still_probationary_then(tree, branch):
    org, _, _ = branch
    confirmed_after = make_person(org, joined_on=dt.date(2025, 1, 20), confirmed_on=dt.date(2026, 1, 20))
    campaign = start(tree)
    assert campaign.entries.get(person=confirmed_after).probationary


def test_one_campaign_per_branch_and_year(tree, branch):
    start(tree)
    with pytest.raises(ValidationError) as refused:
        start(tree, started_on=dt.date(2026, 2, 1))
    assert refused.value.message_dict["year"] == ["该党支部2025年度已开展民主评议(每年一次,ORG-08)"]
    assert EvaluationCampaign.objects.count() == 1
    start(tree, year=2026, started_on=dt.date(2026, 2, 1))
    assert EvaluationCampaign.objects.count() == 2


def test_start_refusals(tree, branch):
    with pytest.raises(ValidationError) as refused:
        start(tree, org=tree.town_a, actor=tree.accounts["town_a"])
    assert refused.value.message_dict["org"] == ["民主评议党员以党支部为单位开展,请选择党支部"]
    with pytest.raises(ValidationError) as refused:
        start(tree, started_on=dt.date(2026, 3, 2))
    assert refused.value.message_dict["started_on"] == ["开始日期不能晚于今天"]
    with pytest.raises(PermissionDenied):
        start(tree, actor=tree.accounts["secretary_a2"])
    with pytest.raises(PermissionDenied):
        start(tree, actor=tree.accounts["member_a1"])
    assert not EvaluationCampaign.objects.exists()
    assert start(tree, actor=tree.accounts["town_a"]).entries.count() == 7


def test_ballots_are_counted_per_grade_and_mutual_ballots_cannot_exceed_the_members(tree, branch):
    campaign = start(tree)
    entry = campaign.entries.get(person=branch[1][0])
    secretary = tree.accounts["secretary_a1"]
    services.evaluation_ballots_save(actor=secretary, entry=entry, mutual_excellent=4, mutual_qualified=3)
    services.evaluation_ballots_save(actor=secretary, entry=entry, public_excellent=30, public_basic=2)
    entry.refresh_from_db()
    assert (entry.mutual_excellent, entry.mutual_qualified, entry.public_excellent, entry.public_basic) == (4, 3, 30, 2)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_ballots_save(actor=secretary, entry=entry, mutual_basic=1)
    assert "互评票数合计8张,超过参加评议的党员人数7人" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_ballots_save(actor=secretary, entry=entry, public_unqualified=-1)
    assert refused.value.message_dict["public_unqualified"] == ["票数应为不小于0的整数"]
    with pytest.raises(PermissionDenied):
        services.evaluation_ballots_save(actor=tree.accounts["member_a1"], entry=entry, mutual_basic=0)
    entry.refresh_from_db()
    assert entry.mutual_basic == 0 and entry.public_unqualified == 0


def test_a_member_writes_their_own_self_assessment_only(tree, branch):
    campaign = start(tree)
    me = tree.people["a1"][0]  # member_a1's person
    mine = campaign.entries.get(person=me)
    other = campaign.entries.get(person=tree.people["a1"][1])
    services.evaluation_self_assessment_save(actor=tree.accounts["member_a1"], entry=mine, text="  按时参加组织生活。 ")
    mine.refresh_from_db()
    assert mine.self_assessment == "按时参加组织生活。"
    with pytest.raises(PermissionDenied):
        services.evaluation_self_assessment_save(actor=tree.accounts["member_a1"], entry=other, text="代写")
    with pytest.raises(ValidationError) as refused:
        services.evaluation_self_assessment_save(actor=tree.accounts["secretary_a1"], entry=other, text="  ")
    assert refused.value.message_dict["self_assessment"] == ["请填写个人自评"]


def test_decide_grades_every_formal_member_with_excellent_at_most_a_third(tree, branch):
    _, formal, probationary = branch
    campaign = start(tree)
    with pytest.raises(ValidationError) as refused:
        decide(tree, campaign, grades_for(formal, *formal[:3]))
    assert refused.value.message_dict["grades"] == [
        "优秀等次不超过评定等次党员的三分之一(ORG-08):本次评定6名,优秀最多2名,现为3名"
    ]
    with pytest.raises(ValidationError) as refused:
        decide(tree, campaign, grades_for(formal) | {probationary.pk: Grade.QUALIFIED})
    assert f"预备党员参加民主评议,但不评定等次(ORG-08):{probationary.name}" in refused.value.message_dict["grades"]
    with pytest.raises(ValidationError) as refused:
        decide(tree, campaign, grades_for(formal[1:]))
    assert refused.value.message_dict["grades"] == [f"每名正式党员都须评定等次,尚未评定:{formal[0].name}"]
    assert not EvaluationEntry.objects.exclude(grade="").exists()
    assert EvaluationCampaign.objects.get().status == CampaignStatus.OPEN

    decide(tree, campaign, grades_for(formal, *formal[:2]) | {formal[5].pk: Grade.UNQUALIFIED})
    campaign = selectors.campaign_detail(tree.accounts["secretary_a1"], campaign.pk)
    assert (campaign.status, campaign.decided_on) == (CampaignStatus.DECIDED, dt.date(2026, 2, 20))
    assert (campaign.excellent, campaign.qualified, campaign.unqualified, campaign.probationary_count) == (2, 3, 1, 1)
    assert campaign.entries.get(person=probationary).grade == ""


def test_after_the_decision_nothing_of_the_campaign_changes(tree, branch):
    _, formal, _ = branch
    campaign = start(tree)
    decide(tree, campaign, grades_for(formal))
    entry = campaign.entries.get(person=formal[0])
    with pytest.raises(ValidationError) as refused:
        decide(tree, campaign, grades_for(formal, formal[0]))
    assert refused.value.message_dict["campaign"] == ["本次民主评议已确定等次"]
    with pytest.raises(ValidationError):
        services.evaluation_ballots_save(actor=tree.accounts["secretary_a1"], entry=entry, mutual_excellent=1)
    with pytest.raises(ValidationError):
        services.evaluation_self_assessment_save(actor=tree.accounts["member_a1"], entry=entry, text="补写")


def test_decision_date_within_the_campaign_and_not_in_the_future(tree, branch):
    _, formal, _ = branch
    campaign = start(tree)
    with pytest.raises(ValidationError) as refused:
        decide(tree, campaign, grades_for(formal), on=dt.date(2026, 1, 9))
    assert refused.value.message_dict["decided_on"] == ["确定等次的日期不能早于评议开始日期"]
    with pytest.raises(ValidationError):
        decide(tree, campaign, grades_for(formal), on=dt.date(2026, 3, 2))
    assert decide(tree, campaign, grades_for(formal), on=dt.date(2026, 3, 1)).status == CampaignStatus.DECIDED


@pytest.fixture
def unqualified(tree, branch):
    _, formal, _ = branch
    campaign = start(tree)
    decide(tree, campaign, grades_for(formal) | {formal[2].pk: Grade.UNQUALIFIED})
    return campaign.entries.get(person=formal[2])


def follow(tree, entry, measure=FollowupMeasure.CORRECT, deadline=dt.date(2027, 2, 25), who="secretary_a1"):
    return services.evaluation_followup_create(
        actor=tree.accounts[who], entry=entry, measure=measure, decided_on=dt.date(2026, 2, 25), deadline=deadline
    )


def test_correction_deadline_at_most_a_year_from_the_decision(tree, unqualified):
    with pytest.raises(ValidationError) as refused:
        follow(tree, unqualified, deadline=dt.date(2027, 2, 26))
    assert refused.value.message_dict["deadline"] == ["限期改正的期限不超过1年,最晚2027-02-25"]
    with pytest.raises(ValidationError) as refused:
        follow(tree, unqualified, deadline=None)
    assert refused.value.message_dict["deadline"] == ["限期改正须规定改正期限"]
    assert not EvaluationFollowup.objects.exists()
    followup = follow(tree, unqualified, deadline=dt.date(2027, 2, 25))
    assert (followup.measure, followup.status, followup.org_path) == ("correct", "open", unqualified.org_path)
    with pytest.raises(ValidationError) as refused:
        follow(tree, unqualified)
    assert refused.value.message_dict["entry"] == ["该党员已有组织处置记录"]


def test_only_a_member_graded_unqualified_gets_a_follow_up(tree, unqualified):
    qualified = unqualified.campaign.entries.exclude(pk=unqualified.pk).filter(probationary=False).first()
    with pytest.raises(ValidationError) as refused:
        follow(tree, qualified)
    assert refused.value.message_dict["entry"] == ["只有评定为不合格的党员需要作出组织处置"]
    with pytest.raises(PermissionDenied):
        follow(tree, unqualified, who="secretary_a2")


def test_overdue_follow_up_and_unhandled_unqualified_member_are_alerts_for_branch_and_township(
    tree, unqualified, settings
):
    secretary, township = tree.accounts["secretary_a1"], tree.accounts["town_a"]
    assert [a.text for a in selectors.evaluation_alerts(township)] == [
        f"{tree.village_a1.name} {unqualified.person.name}:2025年度评定为不合格,尚未作出组织处置"
    ]
    follow(tree, unqualified, deadline=dt.date(2026, 8, 31))
    settings.DANGJIAN_TODAY = dt.date(2026, 8, 31)
    assert selectors.evaluation_alerts(secretary) == []
    settings.DANGJIAN_TODAY = dt.date(2026, 9, 1)
    for user in (secretary, township, tree.accounts["county"]):
        texts = [a.text for a in selectors.evaluation_alerts(user)]
        assert texts == [f"{tree.village_a1.name} {unqualified.person.name}:限期改正期限2026-08-31已过1天,尚未办结"]
    assert selectors.evaluation_alerts(tree.accounts["secretary_a2"]) == []


def test_closing_a_correction_with_its_outcome(tree, unqualified):
    followup = follow(tree, unqualified)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_followup_close(
            actor=tree.accounts["secretary_a1"], followup=followup, closed_on=dt.date(2026, 2, 24), outcome=""
        )
    assert set(refused.value.message_dict) == {"outcome", "closed_on"}
    services.evaluation_followup_close(
        actor=tree.accounts["secretary_a1"], followup=followup, closed_on=dt.date(2026, 3, 1), outcome="已按期改正"
    )
    followup.refresh_from_db()
    assert (followup.status, followup.closed_on, followup.outcome) == (FollowupStatus.DONE, TODAY, "已按期改正")
    assert Person.objects.get(pk=unqualified.person_id).standing == Standing.NORMAL
    with pytest.raises(ValidationError) as refused:
        services.evaluation_followup_close(
            actor=tree.accounts["secretary_a1"], followup=followup, closed_on=TODAY, outcome="再次办结"
        )
    assert refused.value.message_dict["followup"] == ["该组织处置已办结"]


def test_removal_is_carried_out_as_a_standing_change_by_the_committee_above(tree, unqualified):
    followup = follow(tree, unqualified, measure=FollowupMeasure.REMOVE, deadline=None)
    close = {"followup": followup, "closed_on": dt.date(2026, 2, 28), "outcome": "经支部大会讨论决定予以除名"}
    with pytest.raises(ValidationError) as refused:
        services.evaluation_followup_close(actor=tree.accounts["town_a"], **close)
    assert refused.value.message_dict["to_standing"] == ["处置方式为除名的,办结时须作出除名"]
    dates = {"branch_resolution_on": dt.date(2026, 2, 26), "approved_on": dt.date(2026, 2, 27)}
    with pytest.raises(PermissionDenied):
        services.evaluation_followup_close(
            actor=tree.accounts["secretary_a1"], to_standing=Standing.REMOVED, **close, **dates
        )
    assert EvaluationFollowup.objects.get().status == FollowupStatus.OPEN
    services.evaluation_followup_close(actor=tree.accounts["town_a"], to_standing=Standing.REMOVED, **close, **dates)
    person = Person.objects.get(pk=unqualified.person_id)
    assert (person.standing, person.standing_since) == (Standing.REMOVED, dt.date(2026, 2, 28))
    change = StandingChange.objects.get(person=person)
    assert change.basis == StandingBasis.EVALUATION
    assert change.reason == "民主评议不合格,除名:经支部大会讨论决定予以除名"
    assert EvaluationFollowup.objects.get().status == FollowupStatus.DONE


def test_persuasion_without_the_approval_date_changes_nothing(tree, unqualified):
    followup = follow(tree, unqualified, measure=FollowupMeasure.PERSUADE, deadline=None)
    with pytest.raises(ValidationError) as refused:
        services.evaluation_followup_close(
            actor=tree.accounts["secretary_a1"],
            followup=followup,
            closed_on=TODAY,
            outcome="本人同意退党",
            to_standing=Standing.WITHDRAWN,
            branch_resolution_on=dt.date(2026, 2, 27),
        )
    assert refused.value.message_dict["to_standing"] == ["劝其退党或除名须报上级党组织批准,请填写批准日期(党章第九条)"]
    assert Person.objects.get(pk=unqualified.person_id).standing == Standing.NORMAL
    assert EvaluationFollowup.objects.get().status == FollowupStatus.OPEN
