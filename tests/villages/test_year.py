"""A year of village work in a small county, through the services as the county and the township offices do it:
the incomes reported, the weak branches identified, confirmed, rectified and (some) converted, the villages
classified, and pairs formed, kept and ended, with their activities, 五个一 and outputs. Every figure the pages show is
checked against numbers counted by hand from what the test wrote.

The county (示范县): 东城镇 has 8 villages (V001 李庄, V002 王庄, V101–V106), 西关街道 has the community V003 and 4
villages (V201–V204): 12 villages, 13 branches ranked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import Role
from dangjian.villages.choices import DepartmentType, ExitCondition, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import ClassificationResult, RectCandidate
from dangjian.villages.selectors import classification as classification_selectors
from dangjian.villages.selectors import economy as economy_selectors
from dangjian.villages.selectors import pairing as pairing_selectors
from dangjian.villages.selectors import rectification as rect_selectors
from dangjian.villages.services import classification, economy, pairing, rectification
from tests.core.factories import make_account, make_org

pytestmark = pytest.mark.django_db

YEAR = 2026
# Scores of the county's assessment (the lower, the weaker): V106 and V204 are the bottom two of 13 (ceil(10% × 13) =
# 2); V203 is ranked in the middle but has a criterion ticked (矛盾纠纷突出).
SCORES = {
    "V001": 88,
    "V002": 91,
    "V101": 79,
    "V102": 84,
    "V103": 90,
    "V104": 86,
    "V105": 77,
    "V106": 58,
    "V003": 93,
    "V201": 82,
    "V202": 80,
    "V203": 81,
    "V204": 61,
}
# Yearly collective income (元): below 5万 → 空壳村 (V106 49,999.99; V204 12,000; V202 none reported).
INCOMES = {
    "V001": "320000",
    "V002": "50000",
    "V101": "86000",
    "V102": "1200000",
    "V103": "210000",
    "V104": "64000",
    "V105": "55000",
    "V106": "49999.99",
    "V201": "150000",
    "V203": "98000",
    "V204": "12000",
}


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(YEAR, 1, 5)
    orgs = {"V001": tree.village_a1, "V002": tree.village_a2, "V003": tree.community_b1}
    names = ("张庄", "赵庄", "孙庄", "周庄", "吴庄", "郑庄")
    for number, name in enumerate(names, start=1):
        orgs[f"V10{number}"] = make_org(tree.town_a, f"V10{number}", f"东城镇{name}村党支部")
    for number, name in enumerate(("柳湾", "杨湾", "陈湾", "何湾"), start=1):
        orgs[f"V20{number}"] = make_org(tree.town_b, f"V20{number}", f"西关街道{name}村党支部")
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    return tree, orgs, {"county": tree.accounts["county"], "town_a": tree.accounts["town_a"], "town_b": town_b}


def on(settings, month: int, day: int) -> dt.date:
    settings.DANGJIAN_TODAY = dt.date(YEAR, month, day)
    return settings.DANGJIAN_TODAY


def town_of(code: str) -> str:
    return "town_b" if code.startswith("V2") or code == "V003" else "town_a"


def tick_all(actor, case, *, leave_out: str | None = None) -> None:
    for condition in ExitCondition.values:
        if condition != leave_out:
            rectification.check_set(
                actor=actor, case=case, condition=condition, met=True, evidence=f"{condition}:会议记录与群众测评表"
            )


def ledger(settings, who, cases, month: int, day: int) -> None:
    """A ledger line of the day for every case still being rectified."""
    on(settings, month, day)
    for code, case in cases.items():
        case.refresh_from_db()
        if case.exited_on is None:
            rectification.entry_add(
                actor=who[town_of(code)],
                case=case,
                occurred_on=dt.date(YEAR, month, day),
                measure="召开专题组织生活会",
                progress="按计划推进",
                responsible="包村干部",
            )


def test_a_year_of_rectification_and_pairing(county, settings):
    tree, orgs, who = county

    # --- January: incomes of last year's accounts, the round, the scores --------------------------------------
    for code, income in INCOMES.items():
        economy.village_year_save(actor=who[town_of(code)], org=orgs[code], year=YEAR, income=Decimal(income))
    report = economy_selectors.report(tree.county, YEAR)
    assert report.villages == 12 and report.reported == 11
    # 320000 + 50000 + 86000 + 1200000 + 210000 + 64000 + 55000 + 49999.99 + 150000 + 98000 + 12000
    assert report.total == Decimal("2294999.99")
    assert {v.code for v in economy_selectors.hollow_villages(tree.county, YEAR)} == {"V106", "V204"}
    assert [v.code for v in economy_selectors.unreported_villages(tree.county, YEAR)] == ["V202"]

    round_ = rectification.round_create(actor=who["county"], county=tree.county, year=YEAR, ratio=10)
    for code, score in SCORES.items():
        criteria, note = (["disputes"], "土地纠纷信访集中") if code == "V203" else ([], "")
        rectification.assessment_save(
            actor=who[town_of(code)], round=round_, org=orgs[code], score=score, criteria=criteria, note=note
        )
    proposed = {c.org.code: c for c in rectification.candidates_propose(actor=who["county"], round=round_)}
    assert set(proposed) == {"V106", "V204", "V203"}
    assert (proposed["V106"].rank, proposed["V106"].ranked) == (13, 13)  # "排名后10%: 第13/13名"
    assert (proposed["V204"].rank, proposed["V204"].ranked) == (12, 13)
    assert proposed["V203"].rank is None
    # 东城镇 adds 赵庄 (V102) with its reason; the county will reject it.
    extra = rectification.candidate_add(actor=who["town_a"], round=round_, org=orgs["V102"], reason="书记长期外出务工")

    # --- 10 February: the county confirms three and rejects one ----------------------------------------------
    on(settings, 2, 10)
    with pytest.raises(PermissionDenied):
        rectification.candidate_confirm(actor=who["town_a"], candidate=proposed["V106"])
    cases = {
        code: rectification.candidate_confirm(actor=who["county"], candidate=proposed[code])
        for code in ("V106", "V204", "V203")
    }
    rectification.candidate_reject(actor=who["county"], candidate=extra, note="经核查班子运转正常")
    assert RectCandidate.objects.get(pk=extra.pk).status == "rejected"
    assert rect_selectors.listed_org_ids(tree.county.pk, YEAR) == {orgs[c].pk for c in ("V106", "V204", "V203")}

    # Plans, teams, and the ledger's first lines.
    for code, case in cases.items():
        town = who[town_of(code)]
        rectification.case_update(
            actor=town,
            case=case,
            leader_name="王县长",
            leader_post="副县长",
            problems="班子软弱",
            measures="调整充实班子",
            target_on=dt.date(YEAR, 10, 31),
        )
        rectification.team_member_add(actor=town, case=case, name="李书记", post="乡镇党委书记", role="leader")
    ledger(settings, who, cases, 2, 15)

    # --- The year's classification (March): the weak are the confirmed ones, the hollow are below 5万 ---------------
    on(settings, 3, 1)
    classification.classification_evaluate(actor=who["county"], county=tree.county, year=YEAR)
    tags = classification_selectors.tags_by_org(tree.county.pk, YEAR)
    weak = {code for code, org in orgs.items() if "weak" in tags.get(org.pk, set())}
    hollow = {code for code, org in orgs.items() if "hollow" in tags.get(org.pk, set())}
    assert weak == {"V106", "V204", "V203"}  # the community V003 is never classified as a village
    assert hollow == {"V106", "V204", "V202"}  # V202 reported nothing: counted below, marked 未填报
    assert ClassificationResult.objects.get(org=orgs["V202"], year=YEAR, category__basis="income_below").unreported
    distinct = {org_id for org_id, found in tags.items() if found}
    assert len(distinct) == 4  # V106, V204, V203, V202: a village in two categories counts once

    on(settings, 3, 20)
    for case in cases.values():
        rectification.visit_add(
            actor=who["county"], case=case, visited_on=dt.date(YEAR, 3, 20), visitors="县委督导组", findings="台账齐全"
        )

    # --- Pairing (March): units, a suggestion for a weak village, pairs ---------------------------------------
    units = {
        name: pairing.unit_create(actor=who["county"], org=tree.county, name=name, department_type=kind)
        for name, kind in (
            ("县委组织部", DepartmentType.PARTY_MASS),
            ("县公安局", DepartmentType.LEGAL),
            ("县财政局", DepartmentType.ECONOMIC),
            ("县农业农村局", DepartmentType.AGRICULTURE),
        )
    }
    suggested = {s.village.code: s for s in pairing_selectors.suggestions(who["county"], YEAR)}
    assert [(u.name, u.reason) for u in suggested["V106"].suggestions] == [
        ("县委组织部", "党群部门联弱村"),
        ("县财政局", "经济部门联空壳村"),
    ]
    assert suggested["V101"].suggestions == []  # in no category: nothing to match
    with pytest.raises(PermissionDenied):
        pairing.pair_create(actor=tree.accounts["secretary_a1"], village=orgs["V001"], units=[units["县财政局"]])
    pairs = {
        "V106": pairing.pair_create(
            actor=who["county"], village=orgs["V106"], units=[units["县委组织部"], units["县财政局"]]
        ),
        "V204": pairing.pair_create(actor=who["town_b"], village=orgs["V204"], units=[units["县委组织部"]]),
        "V001": pairing.pair_create(actor=who["town_a"], village=orgs["V001"], units=[units["县农业农村局"]]),
        "V203": pairing.pair_create(actor=who["town_b"], village=orgs["V203"], units=[units["县公安局"]]),
    }
    with pytest.raises(ValidationError):
        pairing.pair_create(actor=who["county"], village=orgs["V106"], units=[units["县公安局"]])

    # Activities of the four systems and the 五个一 during the year.
    for pair in pairs.values():
        pairing.activity_record(
            actor=who["county"],
            pair=pair,
            kind=PairActivityKind.COLLECTIVE_DAY,
            held_on=dt.date(YEAR, 3, 10),
            content="集体活动日:共过组织生活",
            participants=20,
        )
    on(settings, 6, 30)
    pairing.activity_record(
        actor=who["county"],
        pair=pairs["V106"],
        kind=PairActivityKind.ANALYSIS_MEETING,
        held_on=dt.date(YEAR, 6, 30),
        content="半年结对共建分析会",
        participants=9,
    )
    for item in FiveOneItem.values:
        pairing.checklist_mark(
            actor=who["county"], pair=pairs["V106"], year=YEAR, item=item, done_on=dt.date(YEAR, 5, 1), evidence="台账"
        )
    pairing.checklist_mark(
        actor=who["town_b"],
        pair=pairs["V204"],
        year=YEAR,
        item=FiveOneItem.AGREEMENT,
        done_on=dt.date(YEAR, 3, 10),
        evidence="互助协议",
    )

    # Outputs (帮扶资金 in 元 and the typed quantities); 31 December counts, 1 January next year does not.
    outputs = (
        ("V106", OutputKind.FUNDS, "300000", dt.date(YEAR, 3, 5)),
        ("V106", OutputKind.PROBLEMS, "12", dt.date(YEAR, 4, 2)),
        ("V106", OutputKind.TREES, "1200", dt.date(YEAR, 4, 12)),
        ("V204", OutputKind.FUNDS, "505000", dt.date(YEAR, 12, 31)),
        ("V204", OutputKind.PROBLEMS, "30", dt.date(YEAR, 9, 1)),
        ("V204", OutputKind.DEEDS, "15", dt.date(YEAR, 9, 1)),
        ("V001", OutputKind.GREENED, "30", dt.date(YEAR, 5, 20)),
        ("V001", OutputKind.ROAD_AREA, "5000", dt.date(YEAR, 7, 8)),
    )
    for code, kind, quantity, day in outputs:
        on(settings, day.month, day.day)
        pairing.output_record(actor=who["county"], pair=pairs[code], kind=kind, quantity=quantity, occurred_on=day)

    ledger(settings, who, cases, 6, 15)

    # --- 30 June: V106 converted (four conditions are not enough) --------------------------------------------
    on(settings, 6, 30)
    tick_all(who["town_a"], cases["V106"], leave_out=ExitCondition.PEOPLE_SATISFIED)
    with pytest.raises(ValidationError) as refused:
        rectification.exit_apply(actor=who["town_a"], case=cases["V106"])
    assert "群众对班子不满意不撤离" in str(refused.value)
    tick_all(who["town_a"], cases["V106"])
    rectification.exit_apply(actor=who["town_a"], case=cases["V106"])
    with pytest.raises(PermissionDenied):
        rectification.exit_accept(actor=who["town_a"], case=cases["V106"])
    rectification.exit_accept(actor=who["county"], case=cases["V106"])

    # --- 1 September: the 县公安局 pair of V203 ends (the unit was reorganised) ---------------------------------
    on(settings, 9, 1)
    pairing.pair_end(actor=who["town_b"], pair=pairs["V203"], reason="结对单位机构调整")

    # --- 31 December: V204 converted; V203 still in progress --------------------------------------------------
    ledger(settings, who, cases, 12, 15)
    on(settings, 12, 31)
    tick_all(who["town_b"], cases["V204"])
    rectification.exit_apply(actor=who["town_b"], case=cases["V204"])
    rectification.exit_accept(actor=who["county"], case=cases["V204"])

    # --- The figures ------------------------------------------------------------------------------------------
    county_admin = who["county"]
    year = rect_selectors.figures(county_admin, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert (year.total.listed, year.total.converted, year.total.in_progress) == (3, 2, 1)
    assert year.total.text == "已整顿到位2个/3个 (66.7%)"
    assert year.sentence == "确定软弱涣散村党组织3个,已整顿到位2个"
    assert {t.name: (t.listed, t.converted) for t in year.towns} == {"东城镇党委": (1, 1), "西关街道党工委": (2, 1)}
    half = rect_selectors.figures(county_admin, dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30))
    assert (half.total.listed, half.total.converted) == (3, 1)  # the exit on the period's last day counts
    before = rect_selectors.figures(county_admin, dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 29))
    assert (before.total.listed, before.total.converted) == (3, 0)  # the day before it does not
    second_half = rect_selectors.figures(county_admin, dt.date(YEAR, 7, 1), dt.date(YEAR, 12, 31))
    assert (second_half.total.listed, second_half.total.converted) == (2, 1)  # V106 left before the period
    january = rect_selectors.figures(county_admin, dt.date(YEAR, 1, 1), dt.date(YEAR, 1, 31))
    assert january.total.listed == 0  # confirmed in February
    town_b_view = rect_selectors.figures(who["town_b"], dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    assert (town_b_view.total.listed, town_b_view.total.converted) == (2, 1)

    figures = pairing_selectors.figures(county_admin, year=YEAR)
    assert figures.villages == 12
    assert (figures.pairs, figures.paired_villages, figures.paired_units) == (4, 4, 4)
    assert (figures.one_to_one, figures.many_to_one) == (3, 1)
    assert figures.activities == {"collective_day": 4, "analysis_meeting": 1}
    # 300000 + 505000 = 805000 元 = 80.5万元; 12 + 30 problems; 15 deeds; 1200 trees; 30 亩; 5000 ㎡
    assert figures.sentence == "帮扶资金80.5万元,解决实际困难42个,办实事好事15件,植树1200棵,绿化30亩,硬化道路5000平方米"
    # 五个一 of the year: V106 all five, V204 one, V001 none, V203 none (ended in September, still counted in the year)
    assert (figures.five_one_pairs, figures.five_one_done, figures.five_one_complete) == (4, 6, 1)
    assert figures.five_one_items_text == "6/20 (30.0%)"

    # After the pair ended, the last quarter has three pairs, and 县公安局 helps nobody any more.
    autumn = pairing_selectors.figures(county_admin, year=YEAR, since=dt.date(YEAR, 10, 1), until=dt.date(YEAR, 12, 31))
    assert (autumn.pairs, autumn.paired_villages, autumn.paired_units) == (3, 3, 3)  # 组织部, 财政局, 农业农村局
    assert autumn.sentence == "帮扶资金50.5万元"  # only V204's funds of 31 December fall in it
    first_quarter = pairing_selectors.figures(
        county_admin, year=YEAR, since=dt.date(YEAR, 1, 1), until=dt.date(YEAR, 3, 31)
    )
    assert first_quarter.sentence == "帮扶资金30万元"

    # 东城镇 sees its own: V106's and V001's outputs, V106's many-to-one pair.
    town_a = pairing_selectors.figures(who["town_a"], year=YEAR)
    assert (town_a.pairs, town_a.one_to_one, town_a.many_to_one) == (2, 1, 1)
    assert town_a.sentence == "帮扶资金30万元,解决实际困难12个,植树1200棵,绿化30亩,硬化道路5000平方米"

    next_year = pairing_selectors.figures(county_admin, year=YEAR + 1)
    assert next_year.sentence == ""
    assert next_year.pairs == 3  # the three active pairs carry on into the next year
