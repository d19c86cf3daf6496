"""软弱涣散整顿 services: the round (ratio never below 10%), scores and criteria, the proposal (bottom share with ties,
criteria, the township's own), the county's confirmation, the ledger and visits, the five-condition exit — with the
refusals, the Chinese messages, the audit entries — and the conversion figures by hand-counted numbers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Role
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import CandidateSource, CandidateStatus, CaseStatus, ExitCondition, TeamRole
from dangjian.villages.models import RectCandidate, RectCase
from dangjian.villages.selectors import rectification as selectors
from dangjian.villages.services import rectification as services
from tests.core.factories import make_account, make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 2)
FIVE = [value for value, _ in ExitCondition.choices]


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def villages(tree, count, start=10):
    return [make_org(tree.town_a, f"V{start + i:03d}", f"东城镇{start + i}村党支部") for i in range(count)]


def listed_case(tree, org=None, *, actor=None):
    org = org or tree.village_a1
    round_ = services.round_create(actor=None, county=tree.county, year=TODAY.year)
    candidate = services.candidate_add(actor=None, round=round_, org=org, reason="班子软弱")
    return services.candidate_confirm(actor=actor, candidate=candidate)


# --- rounds -------------------------------------------------------------------------------------------------


def test_round_ratio_below_ten_percent_is_refused(tree, today):
    county = tree.accounts["county"]
    with pytest.raises(ValidationError) as low:
        services.round_create(actor=county, county=tree.county, year=2025, ratio=Decimal("9"))
    assert low.value.message_dict["ratio"] == ["倒排比例不能低于10%"]
    round_ = services.round_create(actor=county, county=tree.county, year=2025, ratio="10")
    assert round_.ratio == Decimal("10.00") and round_.name == "2025年度软弱涣散基层党组织集中整顿"
    assert entries(round_, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as again:
        services.round_create(actor=county, county=tree.county, year=2025)
    assert again.value.message_dict["year"] == ["2025年度已启动软弱涣散排查轮次"]
    with pytest.raises(ValidationError) as lower:
        services.round_update(actor=county, round=round_, ratio=Decimal("9.99"))
    assert lower.value.message_dict["ratio"] == ["倒排比例不能低于10%"]
    assert services.round_update(actor=county, round=round_, ratio=Decimal("12.5")).ratio == Decimal("12.50")


def test_only_the_county_opens_a_round(tree, today):
    for who in ("town_a", "secretary_a1"):
        with pytest.raises(PermissionDenied):
            services.round_create(actor=tree.accounts[who], county=tree.county, year=2025)


# --- identification -----------------------------------------------------------------------------------------


def test_forty_one_ranked_branches_give_five_candidates_plus_the_criteria(tree, today):
    orgs = [tree.village_a1, tree.village_a2, *villages(tree, 39)]
    round_ = services.round_create(actor=None, county=tree.county, year=2025)
    town = tree.accounts["town_a"]
    for i, org in enumerate(orgs):  # village_a1 weakest (50), then 51, 52 …
        services.assessment_save(actor=town, round=round_, org=org, score=50 + i)
    strong = orgs[30]
    services.assessment_save(
        actor=town, round=round_, org=strong, score=80, criteria=["clan_interference"], note="宗族势力干扰换届"
    )
    found = services.candidates_propose(actor=tree.accounts["county"], round=round_)
    assert len(found) == 6
    weakest = RectCandidate.objects.get(round=round_, org=tree.village_a1)
    assert weakest.source == CandidateSource.RANKING and weakest.reason == "排名后10%:第41/41名"
    fifth = RectCandidate.objects.get(round=round_, org=orgs[4])
    assert fifth.reason == "排名后10%:第37/41名" and (fifth.rank, fifth.ranked) == (37, 41)
    assert not RectCandidate.objects.filter(round=round_, org=orgs[5]).exists()
    flagged = RectCandidate.objects.get(round=round_, org=strong)
    assert flagged.source == CandidateSource.CRITERION
    assert flagged.reason == "符合软弱涣散情形:宗族宗教或黑恶势力干扰"
    assert entries(weakest, AuditAction.CREATE).count() == 1


def test_ties_at_the_cut_line_come_in_together(tree, today):
    orgs = [tree.village_a1, tree.village_a2, *villages(tree, 8)]  # 10 branches at 10% → 1
    round_ = services.round_create(actor=None, county=tree.county, year=2025)
    for i, org in enumerate(orgs):
        services.assessment_save(actor=None, round=round_, org=org, score=60 if i < 2 else 70 + i)
    services.candidates_propose(actor=None, round=round_)
    tied = RectCandidate.objects.filter(round=round_).order_by("org_path")
    assert [c.org for c in tied] == [tree.village_a1, tree.village_a2]
    assert all(c.reason == "排名后10%:第9/10名(与分数线并列,一并列入)" for c in tied)


def test_assessment_validation_and_permission(tree, today):
    round_ = services.round_create(actor=None, county=tree.county, year=2025)
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as bare:
        services.assessment_save(actor=town, round=round_, org=tree.village_a1)
    assert bare.value.message_dict["score"] == ["请填写年度考核得分或勾选软弱涣散情形"]
    with pytest.raises(ValidationError) as note:
        services.assessment_save(actor=town, round=round_, org=tree.village_a1, criteria=["disputes"])
    assert note.value.message_dict["note"] == ["勾选软弱涣散情形时请填写情形说明"]
    with pytest.raises(ValidationError) as wrong:
        services.assessment_save(actor=town, round=round_, org=tree.village_a1, score="1000.01")
    assert wrong.value.message_dict["score"] == ["年度考核得分应在0至1000之间"]
    with pytest.raises(PermissionDenied):  # a village does not score itself
        services.assessment_save(actor=tree.accounts["secretary_a1"], round=round_, org=tree.village_a1, score=80)
    with pytest.raises(PermissionDenied):  # another township's branch
        services.assessment_save(actor=town, round=round_, org=tree.community_b1, score=80)
    with pytest.raises(ValidationError) as township:
        services.assessment_save(actor=None, round=round_, org=tree.town_a, score=80)
    assert township.value.message_dict["org"] == ["东城镇党委不是基层党组织"]
    saved = services.assessment_save(actor=town, round=round_, org=tree.village_a1, score="77.5")
    again = services.assessment_save(actor=town, round=round_, org=tree.village_a1, score="78")
    assert saved.pk == again.pk and again.score == Decimal("78.00")
    assert entries(saved, AuditAction.UPDATE).count() == 1


def test_scores_import_names_its_bad_lines(tree, today):
    round_ = services.round_create(actor=None, county=tree.county, year=2025)
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as bad:
        services.scores_import(actor=town, round=round_, text="V001 81\nV003 70\nV002 abc")
    assert bad.value.message_dict["text"] == [
        "第2行:组织代码“V003”不存在或不在您的管理范围内",
        "第3行(V002):年度考核得分应为数字",
    ]
    assert not round_.assessments.exists()  # all or nothing
    assert services.scores_import(actor=town, round=round_, text="V001\t81\nV002,92.5\n") == 2
    assert sorted(round_.assessments.values_list("score", flat=True)) == [Decimal("81.00"), Decimal("92.50")]


def test_township_proposes_more_and_county_decides(tree, today):
    round_ = services.round_create(actor=None, county=tree.county, year=2025)
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as blank:
        services.candidate_add(actor=town, round=round_, org=tree.village_a2, reason=" ")
    assert blank.value.message_dict["reason"] == ["请填写提出理由"]
    candidate = services.candidate_add(actor=town, round=round_, org=tree.village_a2, reason="村书记长期外出")
    assert candidate.source == CandidateSource.TOWNSHIP and candidate.reason == "乡镇提出:村书记长期外出"
    with pytest.raises(PermissionDenied):
        services.candidate_add(actor=town, round=round_, org=tree.community_b1, reason="x")
    with pytest.raises(PermissionDenied):  # the township proposes, the county confirms
        services.candidate_confirm(actor=town, candidate=candidate)
    with pytest.raises(PermissionDenied):  # a village cannot confirm itself
        services.candidate_confirm(actor=tree.accounts["secretary_a2"], candidate=candidate)
    case = services.candidate_confirm(actor=tree.accounts["county"], candidate=candidate)
    assert case.listed_on == TODAY and case.status == CaseStatus.RECTIFYING
    assert selectors.listed_org_ids(tree.county.pk, 2025) == {tree.village_a2.pk}
    assert selectors.listed_org_ids(tree.county.pk, 2024) == set()
    with pytest.raises(ValidationError) as twice:
        services.candidate_confirm(actor=tree.accounts["county"], candidate=candidate)
    assert twice.value.message_dict["status"] == ["东城镇王庄村党支部已处理(已确定为整顿对象),不能重复确认"]
    other = services.candidate_add(actor=town, round=round_, org=tree.village_a1, reason="班子不团结")
    with pytest.raises(ValidationError) as why:
        services.candidate_reject(actor=tree.accounts["county"], candidate=other, note="")
    assert why.value.message_dict["note"] == ["请填写不列入的理由"]
    rejected = services.candidate_reject(actor=tree.accounts["county"], candidate=other, note="经核实班子团结")
    assert rejected.status == CandidateStatus.REJECTED and rejected.decided_on == TODAY
    assert selectors.listed_org_ids(tree.county.pk, 2025) == {tree.village_a2.pk}


def test_rerunning_the_proposal_keeps_decisions(tree, today):
    round_ = services.round_create(actor=None, county=tree.county, year=2025)
    services.assessment_save(actor=None, round=round_, org=tree.village_a1, score=50)
    services.assessment_save(actor=None, round=round_, org=tree.village_a2, score=90)
    services.candidates_propose(actor=None, round=round_)
    first = RectCandidate.objects.get(round=round_)
    services.candidate_confirm(actor=None, candidate=first)
    services.assessment_save(actor=None, round=round_, org=tree.village_a1, score=95)  # now the strongest
    services.candidates_propose(actor=None, round=round_)
    rows = RectCandidate.objects.filter(round=round_).order_by("org_path")
    assert [(c.org, c.status) for c in rows] == [
        (tree.village_a1, CandidateStatus.CONFIRMED),
        (tree.village_a2, CandidateStatus.PROPOSED),
    ]


# --- the case -----------------------------------------------------------------------------------------------


def test_team_plan_ledger_and_visits(tree, today):
    case = listed_case(tree)
    town = tree.accounts["town_a"]
    services.case_update(
        actor=town, case=case, leader_name="李明", leader_post="县委常委、组织部部长", problems="班子不团结"
    )
    leader = services.team_member_add(actor=town, case=case, name="王强", post="镇党委书记", role=TeamRole.LEADER)
    with pytest.raises(ValidationError) as second:
        services.team_member_add(actor=town, case=case, name="赵六", post="镇长", role=TeamRole.LEADER)
    assert second.value.message_dict["role"] == ["工作队已有组长"]
    services.team_member_add(actor=town, case=case, name="孙七", post="包村干部")
    assert [m.name for m in selectors.case_team(case)] == [leader.name, "孙七"]
    with pytest.raises(PermissionDenied):  # the village does not appoint its own team
        services.team_member_add(actor=tree.accounts["secretary_a1"], case=case, name="x", post="y")
    with pytest.raises(ValidationError) as early:
        services.case_update(actor=town, case=case, target_on=TODAY - dt.timedelta(days=1))
    assert early.value.message_dict["target_on"] == ["计划完成日期不能早于确定日期"]

    entry = services.entry_add(
        actor=tree.accounts["secretary_a1"],
        case=case,
        occurred_on=TODAY,
        measure="调整充实村两委班子",
        progress="补选村委委员1名",
        responsible="王强",
    )
    assert entries(entry, AuditAction.CREATE).get().actor_id == tree.accounts["secretary_a1"].pk
    with pytest.raises(ValidationError) as future:
        services.entry_add(
            actor=town, case=case, occurred_on=TODAY + dt.timedelta(days=1), measure="a", progress="b", responsible="c"
        )
    assert future.value.message_dict["occurred_on"] == ["日期不能晚于今天"]
    with pytest.raises(ValidationError) as before:
        services.entry_add(
            actor=town, case=case, occurred_on=TODAY - dt.timedelta(days=1), measure="", progress="b", responsible="c"
        )
    assert before.value.message_dict == {
        "occurred_on": ["日期不能早于确定为整顿对象的日期(2025-06-02)"],
        "measure": ["请填写整顿措施"],
    }
    with pytest.raises(PermissionDenied):  # another village's secretary
        services.entry_add(
            actor=tree.accounts["secretary_a2"],
            case=case,
            occurred_on=TODAY,
            measure="a",
            progress="b",
            responsible="c",
        )
    with pytest.raises(PermissionDenied):  # supervision comes from above
        services.visit_add(actor=tree.accounts["secretary_a1"], case=case, visited_on=TODAY, visitors="x", findings="y")
    visit = services.visit_add(actor=town, case=case, visited_on=TODAY, visitors="镇纪委", findings="台账不全")
    assert entries(visit, AuditAction.CREATE).count() == 1


def tick(case, actor, conditions):
    for condition in conditions:
        services.check_set(actor=actor, case=case, condition=condition, met=True, evidence=f"{condition}的佐证")


def test_exit_needs_all_five_conditions_and_the_county(tree, today, settings):
    case = listed_case(tree)
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as bare:
        services.check_set(actor=town, case=case, condition=FIVE[0], met=True, evidence="")
    assert bare.value.message_dict["evidence"] == ["请填写“村级班子不建强不撤离”的佐证说明"]
    tick(case, town, FIVE[:4])
    with pytest.raises(ValidationError) as refused:
        services.exit_apply(actor=town, case=case)
    assert refused.value.message_dict["checks"] == ["尚未达到以下不撤离条件,不能申请整顿到位:群众对班子不满意不撤离"]
    tick(case, town, FIVE[4:])
    with pytest.raises(PermissionDenied):  # the village does not apply for itself
        services.exit_apply(actor=tree.accounts["secretary_a1"], case=case)
    applied = services.exit_apply(actor=town, case=case)
    assert applied.status == CaseStatus.APPLIED and applied.applied_on == TODAY
    with pytest.raises(ValidationError):  # conditions are frozen while the county looks
        services.check_set(actor=town, case=case, condition=FIVE[0], met=False)
    with pytest.raises(PermissionDenied):  # the township does not accept its own application
        services.exit_accept(actor=town, case=case)
    with pytest.raises(PermissionDenied):
        services.exit_accept(actor=tree.accounts["secretary_a1"], case=case)
    returned = services.exit_return(actor=tree.accounts["county"], case=case, reason="群众满意度测评材料不全")
    assert returned.status == CaseStatus.RECTIFYING and returned.return_reason == "群众满意度测评材料不全"
    services.exit_apply(actor=town, case=case)
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=40)
    exited = services.exit_accept(actor=tree.accounts["county"], case=case)
    assert exited.status == CaseStatus.EXITED and exited.exited_on == TODAY + dt.timedelta(days=40)
    assert entries(exited, AuditAction.UPDATE).count() == 4  # apply, return, apply, accept
    with pytest.raises(ValidationError) as closed:
        services.entry_add(actor=town, case=case, occurred_on=TODAY, measure="a", progress="b", responsible="c")
    assert closed.value.message_dict["measure"] == ["东城镇李庄村党支部已于2025-07-12整顿到位,不能再修改"]


def test_conversion_figures_by_hand(tree, settings):
    """Five cases: listed 2024-03-01 (exited 2024-12-31), 2024-03-01 (exited 2025-01-01), 2024-03-01 (under way),
    2025-12-31 (under way), and one listed 2026-01-01."""
    extra = villages(tree, 3)
    settings.DANGJIAN_TODAY = dt.date(2024, 3, 1)
    round24 = services.round_create(actor=None, county=tree.county, year=2024)
    cases = {}
    for org in (tree.village_a1, tree.village_a2, tree.community_b1):
        candidate = services.candidate_add(actor=None, round=round24, org=org, reason="班子软弱")
        cases[org.code] = services.candidate_confirm(actor=None, candidate=candidate)

    def exit_on(case, day):
        settings.DANGJIAN_TODAY = day
        tick(case, None, FIVE)
        services.exit_apply(actor=None, case=case)
        services.exit_accept(actor=None, case=case)

    exit_on(cases["V001"], dt.date(2024, 12, 31))
    exit_on(cases["V002"], dt.date(2025, 1, 1))
    settings.DANGJIAN_TODAY = dt.date(2025, 12, 31)
    round25 = services.round_create(actor=None, county=tree.county, year=2025)
    late = services.candidate_add(actor=None, round=round25, org=extra[0], reason="书记空缺")
    services.candidate_confirm(actor=None, candidate=late)
    settings.DANGJIAN_TODAY = dt.date(2026, 1, 1)
    round26 = services.round_create(actor=None, county=tree.county, year=2026)
    services.candidate_confirm(
        actor=None, candidate=services.candidate_add(actor=None, round=round26, org=extra[1], reason="x")
    )

    county = tree.accounts["county"]
    year24 = selectors.figures(county, *selectors.year_period(2024))
    assert (year24.total.listed, year24.total.converted, year24.total.in_progress) == (3, 1, 2)
    year25 = selectors.figures(county, *selectors.year_period(2025))
    # V001 exited before 2025 (out); V002 exited 2025-01-01 (converted); V003 and the late one under way
    assert (year25.total.listed, year25.total.converted) == (3, 1)
    assert year25.total.text == "已整顿到位1个/3个 (33.3%)"
    assert year25.sentence == "确定软弱涣散村党组织3个,已整顿到位1个"
    both = selectors.figures(county, dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    assert (both.total.listed, both.total.converted) == (4, 2)
    day_before = selectors.figures(county, dt.date(2024, 1, 1), dt.date(2024, 12, 30))
    assert (day_before.total.listed, day_before.total.converted) == (3, 0)
    by_town = {t.name: (t.listed, t.converted) for t in year25.towns}
    assert by_town == {"东城镇党委": (2, 1), "西关街道党工委": (1, 0)}
    town = selectors.figures(tree.accounts["town_a"], *selectors.year_period(2025))
    assert (town.total.listed, town.total.converted) == (2, 1)
    only_a2 = selectors.figures(county, *selectors.year_period(2025), org=tree.village_a2)
    assert (only_a2.total.listed, only_a2.total.converted) == (1, 1)
    assert selectors.listed_org_ids(tree.county.pk, 2024) == {
        tree.village_a1.pk,
        tree.village_a2.pk,
        tree.community_b1.pk,
    }


def test_reminders_for_stale_ledgers_and_waiting_exits(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    case = listed_case(tree)
    county, town = tree.accounts["county"], tree.accounts["town_a"]
    services.entry_add(actor=None, case=case, occurred_on=TODAY, measure="a", progress="b", responsible="c")
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=30)  # the entry is 30 days old: still recent? no
    counts = {r.label: r.count for r in selectors.reminders(town, TODAY + dt.timedelta(days=29))}
    assert counts["软弱涣散整顿对象近30天无台账记录"] == 0
    counts = {r.label: r.count for r in selectors.reminders(town, TODAY + dt.timedelta(days=30))}
    assert counts["软弱涣散整顿对象近30天无台账记录"] == 1
    assert selectors.reminders(tree.accounts["secretary_a2"], TODAY + dt.timedelta(days=30))[0].count == 0
    tick(case, None, FIVE)
    services.exit_apply(actor=None, case=case)
    counts = {r.label: r.count for r in selectors.reminders(county, TODAY)}
    assert counts["软弱涣散整顿到位待验收"] == 1
    assert "软弱涣散整顿到位待验收" not in {r.label for r in selectors.reminders(town, TODAY)}


def test_another_township_sees_nothing(tree, today):
    case = listed_case(tree)
    services.entry_add(actor=None, case=case, occurred_on=TODAY, measure="a", progress="b", responsible="c")
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    _, cases = selectors.case_list(town_b, {})
    assert not cases.exists()
    assert selectors.figures(town_b, *selectors.year_period(2025)).total.listed == 0
    _, mine = selectors.case_list(tree.accounts["town_a"], {})
    assert list(mine) == [RectCase.objects.get(pk=case.pk)]
    with pytest.raises(PermissionDenied):
        services.visit_add(actor=town_b, case=case, visited_on=TODAY, visitors="x", findings="y")
