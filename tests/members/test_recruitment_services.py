"""Recruitment services: the application, the 25 steps with every hard rule refused with its message and allowed at
its boundary, 六评三定 on and off, admission to the roll, 转正, extension, cancellation and stopping."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.choices import MemberStatus, Role, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.core.scoping import scoped
from dangjian.members.choices import ApplicantStatus, ProbationDecision, RecruitRole, StandingBasis, TrainingMode
from dangjian.members.models import Applicant, CandidateScore, RecruitDocument, RecruitPerson, RecruitStep
from dangjian.members.selectors.recruitment import voting_entitled
from dangjian.members.services import recruitment_settings as settings_services
from dangjian.members.services.recruitment import (
    applicant_stop,
    candidate_inspect,
    candidate_nominate,
    candidate_score,
)
from dangjian.members.services.standing import standing_change
from tests.core.factories import id_number, make_account, make_org, make_person
from tests.members.recruitment_factories import LATE_TODAY, STEP_DATES, apply, record, walk

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def late(settings):
    """Today well after the standard path, so every standard date lies in the past."""
    settings.DANGJIAN_TODAY = LATE_TODAY


def messages(exc_info, field):
    return exc_info.value.message_dict[field]


def state(applicant):
    return Applicant.objects.filter(pk=applicant.pk).values().get()


# --- the application ---------------------------------------------------------------------------------------


def test_application_takes_birth_and_gender_from_the_id_number_and_records_step_1(tree, late):
    number = id_number(birth=D(1999, 8, 8), male=False)
    applicant = apply(tree, id_number=number, note="本人递交申请书")
    assert (applicant.birth_date, applicant.gender) == (D(1999, 8, 8), "female")
    assert applicant.id_number == number
    assert applicant.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert (applicant.status, applicant.step) == (ApplicantStatus.IN_PROGRESS, 1)
    assert (applicant.county_id, applicant.org_path) == (tree.county.pk, tree.village_a1.path)
    step = applicant.steps.get()
    assert (step.number, step.done_on, step.org, step.note) == (1, D(2024, 1, 10), tree.village_a1, "本人递交申请书")
    entries = AuditEntry.objects.filter(object_type__in=["members.applicant", "members.recruitstep"])
    assert entries.count() == 2
    assert number not in str(list(entries.values_list("after", flat=True)))


def test_under_18_on_the_application_day_is_refused_the_birthday_itself_is_allowed(tree, late):
    birth = D(2008, 3, 15)
    with pytest.raises(ValidationError) as refused:
        apply(tree, birth=birth, applied_on=D(2026, 3, 14))
    assert messages(refused, "applied_on")[0].startswith("未满18周岁不能申请入党")
    assert not Applicant.objects.exists()
    assert apply(tree, birth=birth, applied_on=D(2026, 3, 15)).step == 1


def test_application_in_the_future_is_refused(tree, settings):
    settings.DANGJIAN_TODAY = D(2026, 3, 1)
    with pytest.raises(ValidationError) as refused:
        apply(tree, applied_on=D(2026, 3, 2))
    assert messages(refused, "applied_on") == ["申请入党日期不能晚于今天"]
    assert apply(tree, applied_on=D(2026, 3, 1)).applied_on == D(2026, 3, 1)


def test_a_second_active_application_and_a_member_on_the_roll_are_refused(tree, late):
    number = id_number()
    first = apply(tree, id_number=number)
    with pytest.raises(ValidationError) as refused:
        apply(tree, org=tree.village_a2, actor=tree.accounts["town_a"], id_number=number)
    assert messages(refused, "id_number") == ["该公民身份号码已有正在培养考察中的入党申请,不能重复登记"]
    applicant_stop(actor=tree.accounts["secretary_a1"], applicant=first, ended_on=D(2024, 2, 1), reason="本人撤回")
    assert apply(tree, id_number=number).pk != first.pk
    with pytest.raises(ValidationError) as refused:
        apply(tree, id_number=tree.people["a1"][1].id_number)
    assert messages(refused, "id_number") == ["该公民身份号码已登记为党员,不能作为入党申请人登记"]


def test_bad_values_are_refused_field_by_field(tree, late):
    with pytest.raises(ValidationError) as refused:
        apply(tree, name=" ", id_number="411102200001011234", education="none", ethnicity="火星族", phone="12")
    errors = refused.value.message_dict
    assert set(errors) == {"name", "id_number", "education", "ethnicity", "phone"}
    assert errors["id_number"] == ["公民身份号码校验位错误"]


def test_the_admitting_org_must_be_a_branch(tree, late):
    with pytest.raises(ValidationError) as refused:
        apply(tree, org=tree.town_a, actor=tree.accounts["town_a"])
    assert messages(refused, "org") == ["入党申请人须登记在党支部(接收党支部)"]


@pytest.mark.parametrize(
    ("trainer", "mode", "field", "message"),
    [
        ("village_a1", TrainingMode.TWO_WAY, "trainer_org", "培养党组织就是接收党支部时不必填写"),
        ("town_b", TrainingMode.TWO_WAY, "trainer_org", "培养党组织须为党支部"),
        (
            "community_b1",
            TrainingMode.OWN,
            "training_mode",
            "由其他党支部培养的,请选择双向培养、委托培养、跟踪培养或驻地党组织协助培养",
        ),
        (None, TrainingMode.ENTRUSTED, "trainer_org", "由其他党组织培养的,请填写培养党组织"),
    ],
)
def test_training_elsewhere_needs_another_branch_and_a_mode(tree, late, trainer, mode, field, message):
    with pytest.raises(ValidationError) as refused:
        apply(tree, trainer_org=getattr(tree, trainer) if trainer else None, training_mode=mode)
    assert messages(refused, field) == [message]


def test_only_a_manager_over_the_branch_registers_an_application(tree, late):
    for key in ("secretary_a2", "member_a1"):
        with pytest.raises(PermissionDenied, match="没有在该党组织登记入党申请人的权限"):
            apply(tree, actor=tree.accounts[key])
    assert not Applicant.objects.exists()
    assert apply(tree, actor=tree.accounts["town_a"]).org == tree.village_a1


# --- order and dates ------------------------------------------------------------------------------------------


def test_steps_follow_in_order_and_are_not_repeated(tree, late):
    applicant = apply(tree)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 3)
    assert messages(refused, "number") == ["须先完成第2步“党组织派人谈话”,才能记录第3步“推荐和确定入党积极分子”"]
    record(tree, applicant, 2)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 2, D(2024, 1, 25))
    assert messages(refused, "number") == ["第2步“党组织派人谈话”已经记录,不能重复记录"]
    with pytest.raises(ValidationError, match="第2至25步"):
        record(tree, applicant, 1, D(2024, 1, 25))


def test_a_step_is_not_dated_before_the_previous_one_nor_after_today(tree, settings):
    settings.DANGJIAN_TODAY = D(2024, 2, 1)
    applicant = apply(tree)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 2, D(2024, 1, 9))
    assert messages(refused, "done_on") == ["日期不能早于上一步骤的日期2024-01-10"]
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 2, D(2024, 2, 2))
    assert messages(refused, "done_on") == ["日期不能晚于今天"]
    assert record(tree, applicant, 2, D(2024, 1, 10)).done_on == D(2024, 1, 10)
    assert not RecruitStep.objects.filter(number=2, done_on__in=[D(2024, 1, 9), D(2024, 2, 2)]).exists()


def test_review_repeats_while_an_activist_and_continued_education_during_probation(tree, late):
    applicant = walk(tree, apply(tree), 6)
    record(tree, applicant, 6, D(2024, 12, 1))
    applicant.refresh_from_db()
    assert (applicant.step, applicant.last_review_on) == (6, D(2024, 12, 1))
    walk(tree, applicant, 21)
    record(tree, applicant, 21, D(2026, 1, 5))
    assert applicant.steps.filter(number=21).count() == 2
    walk(tree, applicant, 22)
    with pytest.raises(ValidationError, match="已经记录"):
        record(tree, applicant, 21, D(2026, 5, 25))


def test_the_applicant_dates_follow_the_steps(tree, late):
    applicant = walk(tree, apply(tree), 17)
    assert applicant.talked_on == STEP_DATES[2]
    assert applicant.activist_on == STEP_DATES[3]
    assert applicant.last_review_on == STEP_DATES[6]
    assert applicant.candidate_on == STEP_DATES[7]
    assert applicant.resolution_on == STEP_DATES[15]
    assert applicant.approved_on == STEP_DATES[17]
    assert applicant.probation_ends_on == D(2026, 6, 1)
    assert (applicant.step, applicant.status) == (17, ApplicantStatus.PROBATIONARY)


# --- who records what --------------------------------------------------------------------------------------


def test_the_higher_committee_records_its_steps_and_the_branch_its_own(tree, late):
    applicant = walk(tree, apply(tree), 3)
    with pytest.raises(PermissionDenied, match="第4步“报上级党委备案”由上级党委办理"):
        record(tree, applicant, 4, actor=tree.accounts["secretary_a1"])
    step = record(tree, applicant, 4, actor=tree.accounts["town_a"])
    assert step.org == tree.town_a
    with pytest.raises(PermissionDenied, match="没有记录该申请人第5步"):
        record(tree, applicant, 5, actor=tree.accounts["secretary_a2"])
    assert record(tree, applicant, 5, actor=tree.accounts["county"]).org == tree.village_a1


def test_the_responsible_org_is_the_branch_the_trainer_or_a_committee_above(tree, late):
    applicant = walk(tree, apply(tree), 3)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 4, org=tree.town_b)
    assert messages(refused, "org") == ["责任党组织应为接收党支部、培养党组织或其上级党组织"]
    assert record(tree, applicant, 4, org=tree.county).org == tree.county


def test_trained_elsewhere_both_branches_see_and_the_trainer_records_the_training(tree, late):
    secretary_b1 = make_account("secretary_b1", tree.community_b1, Role.BRANCH_SECRETARY)
    applicant = apply(tree, trainer_org=tree.community_b1, training_mode=TrainingMode.TWO_WAY)
    for user in (tree.accounts["secretary_a1"], secretary_b1, tree.accounts["town_a"], tree.accounts["county"]):
        assert scoped(Applicant, user).filter(pk=applicant.pk).exists()
    sibling_of_b1 = make_org(tree.town_b, "V004", "西关街道幸福社区党支部")
    secretary_b2 = make_account("secretary_b2", sibling_of_b1, Role.BRANCH_SECRETARY)
    for sibling in (tree.accounts["secretary_a2"], secretary_b2):
        assert not scoped(Applicant, sibling).filter(pk=applicant.pk).exists()
    assert not scoped(Applicant, tree.accounts["member_a1"]).exists()
    walk(tree, applicant, 4)
    step = record(tree, applicant, 5, actor=secretary_b1, people=[tree.people["b1"][0]])
    assert step.org == tree.community_b1
    assert scoped(RecruitStep, secretary_b1).filter(applicant=applicant).count() == 5
    assert not scoped(RecruitStep, tree.accounts["secretary_a2"]).filter(applicant=applicant).exists()
    record(tree, applicant, 6, actor=secretary_b1)
    with pytest.raises(PermissionDenied):
        record(tree, applicant, 7, actor=secretary_b1)


# --- the hard rules ------------------------------------------------------------------------------------------


def test_recruit_04_candidate_a_year_after_becoming_an_activist(tree, late):
    applicant = walk(tree, apply(tree), 6)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 7, D(2025, 2, 28))
    assert messages(refused, "done_on") == ["确定为入党积极分子满1年后方可确定为发展对象(最早2025-03-01)"]
    assert record(tree, applicant, 7, D(2025, 3, 1)).number == 7


def test_recruit_05_exactly_two_formal_introducers(tree, late):
    applicant = walk(tree, apply(tree), 8)
    a1 = tree.people["a1"]
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 9, people=[a1[1]])
    assert messages(refused, "people") == ["入党介绍人须为2名,现为1名"]
    probationer = make_person(
        tree.village_a1, status=MemberStatus.PROBATIONARY, joined_on=D(2024, 12, 1), confirmed_on=None
    )
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 9, people=[a1[1], probationer])
    assert messages(refused, "people") == ["第2名介绍人是预备党员,不能担任入党介绍人"]
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 9, people=[a1[1], a1[1]])
    assert messages(refused, "people") == ["同一名党员不能重复填写"]
    standing_change(
        actor=None,
        person=a1[2],
        to_standing=Standing.LOST_CONTACT,
        changed_on=D(2025, 1, 1),
        basis=StandingBasis.LOST_CONTACT,
        reason="外出务工失去联系",
    )
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 9, people=[a1[1], a1[2]])
    assert messages(refused, "people") == [f"第2名介绍人{a1[2].name}处于“失联”状态,不能担任入党介绍人"]
    assert not RecruitPerson.objects.filter(role=RecruitRole.INTRODUCER).exists()
    record(tree, applicant, 9, people=[a1[1], a1[0]])
    assert set(applicant.people.filter(role=RecruitRole.INTRODUCER).values_list("person", flat=True)) == {
        a1[0].pk,
        a1[1].pk,
    }


def test_recruit_03_one_or_two_formal_contacts(tree, late):
    applicant = walk(tree, apply(tree), 4)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 5, people=tree.people["a1"])
    assert messages(refused, "people") == ["培养联系人须为1至2名正式党员,现为3名"]
    record(tree, applicant, 5, people=tree.people["a1"][:2])
    assert applicant.people.filter(role=RecruitRole.CONTACT).count() == 2


def test_people_only_on_the_steps_that_name_them(tree, late):
    applicant = walk(tree, apply(tree), 2)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 3, people=[tree.people["a1"][1]])
    assert messages(refused, "people") == ["该步骤不登记相关党员"]


def test_recruit_06_no_stage_four_without_a_passed_political_review(tree, late):
    applicant = walk(tree, apply(tree), 9)
    record(tree, applicant, 10, passed=False)
    record(tree, applicant, 11)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 12)
    assert messages(refused, "number") == ["未经政治审查或政治审查未通过的,不能进入预备党员的接收阶段"]
    record(tree, applicant, 10, D(2025, 5, 5), passed=True)
    assert record(tree, applicant, 12).number == 12
    applicant.refresh_from_db()
    assert applicant.step == 12


def test_a_check_needs_its_conclusion(tree, late):
    applicant = walk(tree, apply(tree), 9)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 10, passed=None)
    assert messages(refused, "passed") == ["请填写结论:通过或未通过"]


@pytest.mark.parametrize(
    ("days", "hours", "ok"),
    [(Decimal("2.5"), Decimal(23), False), (Decimal(3), None, True), (None, Decimal(24), True)],
)
def test_recruit_07_training_of_three_days_or_24_hours(tree, late, days, hours, ok):
    applicant = walk(tree, apply(tree), 10)
    if ok:
        step = record(tree, applicant, 11, training_days=days, training_hours=hours)
        assert (step.training_days, step.training_hours) == (days, hours)
        return
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 11, training_days=days, training_hours=hours)
    assert messages(refused, "training_days") == ["集中培训须不少于3天或不少于24学时,未达到要求的不能记为完成培训"]


def test_recruit_08_the_pre_review_passes_before_the_branch_meeting(tree, late):
    applicant = walk(tree, apply(tree), 12)
    record(tree, applicant, 13, passed=False)
    record(tree, applicant, 14)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 15)
    assert messages(refused, "number") == ["上级党委预审未通过的,不能提交支部党员大会讨论"]
    assert not Person.objects.filter(name="张申请").exists()
    record(tree, applicant, 13, D(2025, 5, 26))
    assert record(tree, applicant, 15).number == 15


@pytest.fixture
def four_voters(tree):
    """Branch a1 with four formal members (and a probationer, who does not vote)."""
    make_person(tree.village_a1)
    make_person(tree.village_a1, status=MemberStatus.PROBATIONARY, joined_on=D(2025, 1, 1), confirmed_on=None)
    return tree


def test_recruit_09_quorum_is_more_than_half_of_the_entitled(four_voters, late):
    tree = four_voters
    applicant = walk(tree, apply(tree), 14)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 15, present=2, yes=2)
    assert messages(refused, "present") == ["到会有表决权的党员2人,未超过应到4人的半数,会议无效"]
    step = record(tree, applicant, 15, present=3, yes=3, no=0, abstain=0)
    assert (step.vote_entitled, step.vote_present, step.vote_yes) == (4, 3, 3)


def test_recruit_10_yes_votes_more_than_half_of_the_entitled_not_of_those_present(four_voters, late):
    tree = four_voters
    applicant = walk(tree, apply(tree), 14)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 15, present=3, yes=2, no=1)
    assert messages(refused, "yes") == ["赞成票2票,未超过应到会有表决权党员4人的半数,未通过"]
    assert not Person.objects.filter(name="张申请").exists()
    assert record(tree, applicant, 15, present=3, yes=3).vote_yes == 3


def test_votes_cannot_exceed_those_entitled(four_voters, late):
    tree = four_voters
    applicant = walk(tree, apply(tree), 14)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 15, present=4, yes=3, no=1, abstain=1)
    assert messages(refused, "no") == ["赞成、反对、弃权票数合计不能超过应到会有表决权党员4人"]


def test_entitled_counts_formal_members_of_that_day(tree):
    a1 = tree.people["a1"]
    assert voting_entitled(tree.village_a1, D(2026, 1, 1)) == 3
    make_person(tree.village_a1, joined_on=D(2024, 6, 1), confirmed_on=D(2025, 6, 1))
    assert voting_entitled(tree.village_a1, D(2025, 5, 31)) == 3
    assert voting_entitled(tree.village_a1, D(2025, 6, 1)) == 4
    standing_change(
        actor=None,
        person=a1[0],
        to_standing=Standing.ABROAD,
        changed_on=D(2025, 1, 1),
        basis=StandingBasis.ABROAD,
        reason="出国务工",
    )
    assert voting_entitled(tree.village_a1, D(2025, 6, 1)) == 4  # 出国出境 still counts


def test_recruit_12_the_resolution_admits_a_probationary_member(tree, late):
    applicant = walk(tree, apply(tree, phone="13912345678"), 15)
    person = applicant.person
    assert (person.name, person.status, person.joined_on) == ("张申请", MemberStatus.PROBATIONARY, D(2025, 6, 1))
    assert (person.org, person.id_number, person.phone) == (tree.village_a1, applicant.id_number, "13912345678")
    assert person.confirmed_on is None
    assert applicant.probation_ends_on == D(2026, 6, 1)


def test_full_path_from_application_to_full_membership(tree, late):
    applicant = walk(tree, apply(tree), 25)
    person = Person.objects.get(pk=applicant.person_id)
    assert (person.status, person.joined_on, person.confirmed_on) == (MemberStatus.FULL, D(2025, 6, 1), D(2026, 6, 1))
    assert (applicant.status, applicant.step, applicant.confirmed_on) == (ApplicantStatus.FULL, 25, D(2026, 6, 1))
    assert applicant.steps.count() == 25
    with pytest.raises(ValidationError, match="发展程序已全部完成"):
        record(tree, applicant, 25, D(2026, 7, 1))


def test_recruit_13_confirmation_not_discussed_before_the_end_of_probation(tree, late):
    applicant = walk(tree, apply(tree), 22)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 23, D(2026, 5, 31))
    assert messages(refused, "done_on") == ["预备期于2026-06-01期满,期满前不能讨论按期转正或延长预备期"]
    assert record(tree, applicant, 23, D(2026, 6, 1)).decision == ProbationDecision.CONFIRM


def test_recruit_14_the_confirmation_vote_has_the_same_quorum(tree, late):
    applicant = walk(tree, apply(tree), 22)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 23, present=1, yes=1)
    assert messages(refused, "present") == ["到会有表决权的党员1人,未超过应到3人的半数,会议无效"]
    assert record(tree, applicant, 23, present=2, yes=2).vote_entitled == 3


def test_extension_once_then_confirmation_at_its_end(tree, late):
    applicant = walk(tree, apply(tree), 22)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 23, decision=ProbationDecision.EXTEND, extension_months=13)
    assert messages(refused, "extension_months") == ["预备期延长期限为6至12个月"]
    record(tree, applicant, 23, decision=ProbationDecision.EXTEND, extension_months=6)
    record(tree, applicant, 24)
    applicant.refresh_from_db()
    assert (applicant.status, applicant.step) == (ApplicantStatus.EXTENDED, 21)
    assert (applicant.extension_months, applicant.probation_ends_on) == (6, D(2026, 12, 1))
    assert applicant.person.status == MemberStatus.PROBATIONARY
    record(tree, applicant, 21, D(2026, 7, 1))
    record(tree, applicant, 22, D(2026, 11, 20))
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 23, D(2026, 12, 1), decision=ProbationDecision.EXTEND, extension_months=6)
    assert messages(refused, "extension_months") == ["预备期只能延长一次"]
    with pytest.raises(ValidationError, match="预备期于2026-12-01期满"):
        record(tree, applicant, 23, D(2026, 11, 30))
    record(tree, applicant, 23, D(2026, 12, 1))
    record(tree, applicant, 24, D(2026, 12, 10))
    applicant.refresh_from_db()
    person = Person.objects.get(pk=applicant.person_id)
    assert (person.status, person.confirmed_on) == (MemberStatus.FULL, D(2026, 12, 1))  # RECRUIT-15
    assert (applicant.status, applicant.confirmed_on) == (ApplicantStatus.FULL, D(2026, 12, 1))


def test_cancellation_moves_the_member_to_the_historical_roll(tree, late):
    applicant = walk(tree, apply(tree), 22)
    record(tree, applicant, 23, D(2026, 6, 1), decision=ProbationDecision.CANCEL)
    record(tree, applicant, 24)
    applicant.refresh_from_db()
    person = Person.objects.get(pk=applicant.person_id)
    assert person.standing == Standing.CANCELLED
    change = person.standing_changes.get()
    assert (change.changed_on, change.basis, change.branch_resolution_on) == (
        D(2026, 6, 15),
        StandingBasis.PROBATION,
        D(2026, 6, 1),
    )
    assert (applicant.status, applicant.ended_on) == (ApplicantStatus.CANCELLED, D(2026, 6, 15))
    assert record(tree, applicant, 25).number == 25


def test_cancellation_may_come_before_the_end_of_probation(tree, late):
    applicant = walk(tree, apply(tree), 21)
    record(tree, applicant, 22, D(2026, 1, 5))
    step = record(tree, applicant, 23, D(2026, 1, 10), decision=ProbationDecision.CANCEL)
    assert step.extension_months is None


def test_an_approval_refused_sends_the_decision_back_to_the_branch_meeting(tree, late):
    applicant = walk(tree, apply(tree), 23)
    record(tree, applicant, 24, passed=False)
    with pytest.raises(ValidationError, match="须先由支部大会重新讨论"):
        record(tree, applicant, 25)
    record(tree, applicant, 23, D(2026, 6, 20))
    record(tree, applicant, 24, D(2026, 6, 25))
    applicant.refresh_from_db()
    assert applicant.status == ApplicantStatus.FULL


def test_an_admission_the_committee_refuses_ends_the_way(tree, late):
    applicant = walk(tree, apply(tree), 16)
    record(tree, applicant, 17, passed=False)
    applicant.refresh_from_db()
    assert (applicant.status, applicant.end_reason) == (ApplicantStatus.CANCELLED, "上级党委未批准接收为预备党员")
    assert applicant.person.standing == Standing.CANCELLED
    with pytest.raises(ValidationError, match="上级党委未批准接收,发展程序已结束"):
        record(tree, applicant, 18)


# --- documents ------------------------------------------------------------------------------------------------


def test_documents_are_a_file_or_a_note(tree, late, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    applicant = apply(tree)
    upload = SimpleUploadedFile("谈话记录.pdf", b"%PDF-1.4 talk", content_type="application/pdf")
    step = record(tree, applicant, 2, documents=[("谈话记录", upload, ""), ("入党申请书", None, "原件存档")])
    files = {doc.title: doc for doc in step.documents.all()}
    assert files["谈话记录"].file.read() == b"%PDF-1.4 talk"
    assert (files["入党申请书"].file.name, files["入党申请书"].note) == ("", "原件存档")
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 3, documents=[("", None, ""), ("程序", bad, "")])
    assert messages(refused, "documents")[:2] == ["第1份材料未填写材料名称", "第1份材料须上传文件或填写说明"]
    assert messages(refused, "documents")[2].startswith("第2份材料的文件类型不支持")
    assert RecruitDocument.objects.count() == 2


# --- 六评三定 ---------------------------------------------------------------------------------------------------


@pytest.fixture
def six_three(tree):
    county = tree.accounts["county"]
    settings_services.recruit_setting_save(actor=county, county=tree.county, six_three=True, pass_mark=Decimal(60))
    items = [
        settings_services.score_item_save(
            actor=county, county=tree.county, name="政治表现", weight=Decimal(2), max_score=Decimal(30)
        ),
        settings_services.score_item_save(
            actor=county, county=tree.county, name="群众评议", weight=Decimal(1), max_score=Decimal(40)
        ),
    ]
    return items


def scores(items, politics, public):
    return {items[0].pk: Decimal(politics), items[1].pk: Decimal(public)}


def test_six_three_gates_inspection_discussion_and_vote(tree, late, six_three):
    town = tree.accounts["town_a"]
    settings_services.township_quota_save(actor=tree.accounts["county"], township=tree.town_a, year=2025, quota=1)
    applicant = walk(tree, apply(tree), 11)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 12)
    assert messages(refused, "number") == ["未经组织考察的不得进入讨论研究程序"]

    applicant = candidate_score(
        actor=town, applicant=applicant, scores=scores(six_three, 15, 29.99), scored_on=D(2025, 5, 2)
    )
    assert applicant.score == Decimal("59.99")
    with pytest.raises(ValidationError) as refused:
        candidate_inspect(actor=town, applicant=applicant, inspected_on=D(2025, 5, 3))
    assert messages(refused, "applicant") == ["量化考评未达标,不得进行组织考察"]
    applicant = candidate_score(
        actor=town, applicant=applicant, scores=scores(six_three, 15, 30), scored_on=D(2025, 5, 2)
    )
    assert applicant.score == Decimal("60.00")
    assert CandidateScore.objects.filter(applicant=applicant).count() == 2
    candidate_inspect(actor=town, applicant=applicant, inspected_on=D(2025, 5, 3))
    walk(tree, applicant, 14)
    with pytest.raises(ValidationError) as refused:
        record(tree, applicant, 15)
    assert messages(refused, "number") == ["非乡镇党委提名人选不得提交支部党员大会票决"]
    applicant = candidate_nominate(actor=town, applicant=applicant, nominated_on=D(2025, 5, 26))
    assert applicant.quota_year == 2025
    assert record(tree, applicant, 15).number == 15


def test_six_three_nomination_needs_an_inspection(tree, late, six_three):
    applicant = walk(tree, apply(tree), 11)
    with pytest.raises(ValidationError) as refused:
        candidate_nominate(actor=tree.accounts["town_a"], applicant=applicant, nominated_on=D(2025, 5, 26))
    assert messages(refused, "applicant") == ["未经组织考察的不得提名"]


def test_six_three_scores_each_item_within_its_maximum(tree, late, six_three):
    applicant = walk(tree, apply(tree), 7)
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as refused:
        candidate_score(actor=town, applicant=applicant, scores=scores(six_three, "30.01", 40), scored_on=D(2025, 3, 2))
    assert messages(refused, "scores") == ["“政治表现”得分应在0至30.00分之间"]
    with pytest.raises(ValidationError) as refused:
        candidate_score(actor=town, applicant=applicant, scores={six_three[0].pk: Decimal(1)}, scored_on=D(2025, 3, 2))
    assert messages(refused, "scores") == ["请填写“群众评议”的得分"]
    assert candidate_score(
        actor=town, applicant=applicant, scores=scores(six_three, 30, 40), scored_on=D(2025, 3, 2)
    ).score == Decimal("100.00")


def test_six_three_only_the_township_scores(tree, late, six_three):
    applicant = walk(tree, apply(tree), 7)
    for key in ("secretary_a1", "county"):
        with pytest.raises(PermissionDenied, match="由乡镇\\(街道\\)党委办理"):
            candidate_score(
                actor=tree.accounts[key], applicant=applicant, scores=scores(six_three, 1, 1), scored_on=D(2025, 3, 2)
            )
    assert not CandidateScore.objects.exists()


def test_six_three_quota_is_the_townships_across_its_villages(tree, late, six_three):
    town = tree.accounts["town_a"]
    settings_services.township_quota_save(actor=tree.accounts["county"], township=tree.town_a, year=2025, quota=1)
    ready = []
    for org, actor in ((tree.village_a1, "secretary_a1"), (tree.village_a2, "secretary_a2")):
        applicant = apply(tree, org=org, actor=tree.accounts[actor])
        for number in range(2, 12):
            record(tree, applicant, number, actor=town if number in (4, 8) else tree.accounts[actor])
        candidate_score(actor=town, applicant=applicant, scores=scores(six_three, 20, 30), scored_on=D(2025, 5, 2))
        ready.append(candidate_inspect(actor=town, applicant=applicant, inspected_on=D(2025, 5, 3)))
    with pytest.raises(ValidationError) as refused:
        candidate_nominate(actor=town, applicant=ready[0], nominated_on=D(2024, 12, 31))
    assert "不能早于" in messages(refused, "nominated_on")[0]
    with pytest.raises(ValidationError) as refused:
        candidate_nominate(actor=town, applicant=ready[0], nominated_on=D(2026, 1, 5))
    assert messages(refused, "nominated_on") == ["东城镇党委2026年度尚未下达发展党员计划指标,不能提名"]
    candidate_nominate(actor=town, applicant=ready[0], nominated_on=D(2025, 5, 5))
    with pytest.raises(ValidationError) as refused:
        candidate_nominate(actor=town, applicant=ready[1], nominated_on=D(2025, 5, 5))
    assert messages(refused, "nominated_on") == ["东城镇党委2025年度发展党员计划指标1名已用完,不能再提名"]
    applicant_stop(actor=tree.accounts["secretary_a1"], applicant=ready[0], ended_on=D(2025, 5, 6), reason="本人放弃")
    assert candidate_nominate(actor=town, applicant=ready[1], nominated_on=D(2025, 5, 7)).quota_year == 2025


def test_six_three_off_applies_none_of_its_gates(tree, late):
    applicant = walk(tree, apply(tree), 11)
    assert record(tree, applicant, 12).number == 12
    with pytest.raises(ValidationError) as refused:
        candidate_score(actor=tree.accounts["town_a"], applicant=applicant, scores={}, scored_on=D(2025, 5, 11))
    assert messages(refused, "applicant") == ["本县(区)未实行“六评三定”,无需量化考评、组织考察和提名"]
    walk(tree, applicant, 15)
    assert Applicant.objects.get(pk=applicant.pk).status == ApplicantStatus.PROBATIONARY


# --- stopping ------------------------------------------------------------------------------------------------


def test_stop_before_admission_ends_the_way(tree, late):
    applicant = walk(tree, apply(tree), 3)
    with pytest.raises(ValidationError) as refused:
        applicant_stop(actor=tree.accounts["secretary_a1"], applicant=applicant, ended_on=D(2024, 3, 2), reason=" ")
    assert messages(refused, "reason") == ["请填写终止培养的原因"]
    with pytest.raises(PermissionDenied):
        applicant_stop(actor=tree.accounts["secretary_a2"], applicant=applicant, ended_on=D(2024, 3, 2), reason="x")
    applicant = applicant_stop(
        actor=tree.accounts["secretary_a1"], applicant=applicant, ended_on=D(2024, 3, 2), reason="本人申请放弃"
    )
    assert (applicant.status, applicant.ended_on, applicant.end_reason) == (
        ApplicantStatus.STOPPED,
        D(2024, 3, 2),
        "本人申请放弃",
    )
    with pytest.raises(ValidationError, match="已终止培养"):
        record(tree, applicant, 4)


def test_a_probationary_member_is_not_stopped_but_cancelled(tree, late):
    applicant = walk(tree, apply(tree), 15)
    before = state(applicant)
    with pytest.raises(ValidationError) as refused:
        applicant_stop(actor=tree.accounts["secretary_a1"], applicant=applicant, ended_on=D(2025, 7, 1), reason="x")
    assert messages(refused, "applicant") == ["只有尚未接收为预备党员的申请人可以终止培养"]
    assert state(applicant) == before


def test_a_refused_step_changes_nothing(tree, late):
    applicant = walk(tree, apply(tree), 6)
    before, steps, entries = state(applicant), RecruitStep.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        record(tree, applicant, 7, D(2025, 2, 1))
    with pytest.raises(PermissionDenied):
        record(tree, applicant, 7, actor=tree.accounts["secretary_a2"])
    assert (state(applicant), RecruitStep.objects.count(), AuditEntry.objects.count()) == (before, steps, entries)


def test_each_step_is_audited_with_its_people(tree, late):
    applicant = walk(tree, apply(tree), 1)
    record(tree, applicant, 2)
    entry = AuditEntry.objects.filter(object_type="members.recruitstep").order_by("-id").first()
    assert entry.after["number"] == 2
    assert entry.after["people"] == [f"谈话人:{tree.people['a1'][0].name}"]
    update = AuditEntry.objects.filter(object_type="members.applicant").order_by("-id").first()
    assert update.after == {"step": 2, "talked_on": "2024-01-20"}
