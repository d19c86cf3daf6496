"""两新 coverage services and figures: the register's checks, instructors, the yearly assessment against the county's
threshold, breaches (ORG-01 at 2/3 members, a joint branch at 5/6 units) and the coverage shares by hand count."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, OrgDomain, OrgKind
from dangjian.core.models import AuditEntry
from dangjian.villages.selectors import twonew as selectors
from dangjian.villages.services import twonew as services
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def register(org, name, **extra):
    values = {"kind": "enterprise", "employees": 20, "formal_members": 0} | extra
    return services.organisation_create(actor=None, org=org, name=name, **values)


def joint_branch(tree, code="J001"):
    return make_org(
        tree.town_a, code, "东城镇非公企业联合党支部", kind=OrgKind.JOINT_BRANCH, domain=OrgDomain.PRIVATE_ENTERPRISE
    )


def test_register_checks(tree, today):
    joint = joint_branch(tree)
    secretary = tree.accounts["secretary_a1"]
    organisation = services.organisation_create(
        actor=secretary, org=tree.village_a1, name=" 宏达建材有限公司 ", kind="enterprise", subtype="ent_limited"
    )
    assert organisation.name == "宏达建材有限公司" and organisation.org_path == tree.village_a1.path
    assert (
        AuditEntry.objects.filter(
            object_type=organisation._meta.label_lower, object_id=str(organisation.pk), action=AuditAction.CREATE
        ).count()
        == 1
    )
    with pytest.raises(ValidationError) as bad:
        services.organisation_create(
            actor=secretary,
            org=tree.village_a1,
            name="宏达建材有限公司",
            kind="social",
            subtype="ent_limited",
            formal_members=-1,
            branch_status="joint",
        )
    assert bad.value.message_dict == {
        "name": ["已登记名为“宏达建材有限公司”的两新组织"],
        "subtype": ["细分类型与类别“社会组织”不符"],
        "formal_members": ["正式党员数应为0或正整数"],
        "branch": ["请选择所建立或纳入的党组织"],
    }
    with pytest.raises(ValidationError) as not_joint:
        register(tree.village_a1, "甲公司", branch_status="joint", branch=tree.village_a2)
    assert not_joint.value.message_dict == {"branch": ["东城镇王庄村党支部不是联合党支部"]}
    with pytest.raises(ValidationError) as own_joint:
        register(tree.village_a1, "乙公司", branch_status="own", branch=joint)
    assert own_joint.value.message_dict == {"branch": ["单独建立的党组织不能是联合党支部"]}
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=tree.accounts["secretary_a2"], org=tree.village_a1, name="丙", kind="social")
    with pytest.raises(PermissionDenied):
        services.organisation_create(actor=tree.accounts["member_a1"], org=tree.village_a1, name="丙", kind="social")
    updated = services.organisation_update(
        actor=secretary, organisation=organisation, formal_members=2, branch_status="joint", branch=joint
    )
    assert (updated.formal_members, updated.branch_id) == (2, joint.pk)
    cleared = services.organisation_update(actor=secretary, organisation=organisation, branch_status="none")
    assert cleared.branch is None
    closed = services.organisation_close(actor=secretary, organisation=organisation)
    assert closed.closed
    with pytest.raises(ValidationError):
        services.organisation_update(actor=secretary, organisation=organisation, employees=3)


def test_instructor_assign_and_end(tree, today):
    organisation = register(tree.village_a1, "宏达建材有限公司")
    with pytest.raises(ValidationError) as bad:
        services.instructor_assign(
            actor=None, organisation=organisation, name="", from_unit="", ends_on=dt.date(2026, 2, 1)
        )
    assert bad.value.message_dict == {
        "name": ["请填写党建指导员姓名"],
        "from_unit": ["请填写派出单位"],
        "ends_on": ["结束日期不能早于选派日期"],
    }
    person = tree.people["a1"][0]
    instructor = services.instructor_assign(
        actor=tree.accounts["town_a"], organisation=organisation, name="", person=person, from_unit="东城镇党委"
    )
    assert (instructor.name, instructor.starts_on) == (person.name, TODAY)
    ended = services.instructor_end(actor=tree.accounts["secretary_a1"], instructor=instructor)
    assert ended.ends_on == TODAY
    with pytest.raises(PermissionDenied):
        services.instructor_end(actor=tree.accounts["secretary_a2"], instructor=instructor)


def test_assessment_uses_the_county_threshold(tree, today):
    organisation = register(tree.village_a1, "宏达建材有限公司")
    five = ["activities", "secretary", "premises", "funds", "records"]
    first = services.assessment_record(actor=None, organisation=organisation, year=2025, items=five)
    assert (first.required, first.effective) == (6, False)
    with pytest.raises(PermissionDenied):
        services.settings_set(actor=tree.accounts["town_a"], county=tree.county, effective_required=5)
    with pytest.raises(ValidationError) as bad:
        services.settings_set(actor=tree.accounts["county"], county=tree.county, effective_required=7)
    assert bad.value.message_dict == {"effective_required": ["有效覆盖所需项目数应在1至6之间"]}
    services.settings_set(actor=tree.accounts["county"], county=tree.county, effective_required=5)
    again = services.assessment_record(actor=None, organisation=organisation, year=2025, items=five)
    assert again.pk == first.pk and (again.required, again.effective) == (5, True)
    four = services.assessment_record(actor=None, organisation=organisation, year=2025, items=five[:4])
    assert four.effective is False
    with pytest.raises(ValidationError) as unknown:
        services.assessment_record(actor=None, organisation=organisation, year=2027, items=["x"])
    assert unknown.value.message_dict == {"year": ["评估年度应在2000至2026之间"]}
    with pytest.raises(ValidationError) as item:
        services.assessment_record(actor=None, organisation=organisation, year=2026, items=["x"])
    assert item.value.message_dict == {"items": ["未知的评估项目:x"]}


def test_breaches_and_coverage_by_hand(tree, today):
    """In town A: 两人 joint (fine), 三人 joint (breach), 四人 own (fine, roll 3), 零人 with an instructor (fine),
    零人 bare (breach), a social organisation with 2 members and nothing (breach). 6 more enterprises in a second joint
    branch make it 6 units (all 6 breach); in a third joint branch 5 units (none)."""
    joint = joint_branch(tree)
    register(tree.village_a1, "两人公司", formal_members=2, branch_status="joint", branch=joint)
    register(tree.village_a1, "三人公司", formal_members=3, branch_status="joint", branch=joint)
    own = register(tree.village_a1, "四人公司", formal_members=4, branch_status="own", branch=tree.village_a1)
    guided = register(tree.village_a2, "零人公司", formal_members=0)
    services.instructor_assign(actor=None, organisation=guided, name="王指导", from_unit="县工商联", starts_on=TODAY)
    register(tree.village_a2, "空白公司", formal_members=0)
    register(tree.village_a2, "养老协会", kind="social", formal_members=2)
    crowded = joint_branch(tree, "J002")
    for number in range(6):
        register(tree.town_a, f"拥挤{number}号", formal_members=1, branch_status="joint", branch=crowded)
    five = joint_branch(tree, "J003")
    for number in range(5):
        register(tree.town_a, f"满额{number}号", formal_members=1, branch_status="joint", branch=five)
    effective = register(tree.town_b, "和平社区物业公司", formal_members=0)
    services.assessment_record(actor=None, organisation=effective, year=2026, items=list(["activities"]))
    services.settings_set(actor=None, county=tree.county, effective_required=1)
    services.assessment_record(actor=None, organisation=effective, year=2026, items=["activities"])
    services.assessment_record(actor=None, organisation=own, year=2026, items=["activities"])

    county = tree.accounts["county"]
    _, breaches = selectors.organisation_list(county, {"breach": "true"}, TODAY, 2026)
    rows = {o.name: o.breach for o in selectors.decorate(list(breaches))}
    expected = {
        "三人公司": "正式党员3名,未单独建立党支部",
        "空白公司": "无正式党员,未选派党建指导员或纳入联合党支部",
        "养老协会": "正式党员2名,未建立或纳入联合党支部",
        "和平社区物业公司": "无正式党员,未选派党建指导员或纳入联合党支部",
    } | {f"拥挤{n}号": "联合党支部覆盖6个单位,超过5个" for n in range(6)}
    assert rows == expected
    figures = {f.kind: f for f in selectors.figures(county, TODAY, 2026)}
    # enterprises: 2+1+1+1+1 (town A village ones) + 6 + 5 + 物业 = 17; tangible: all but 空白 and 物业 = 15
    assert figures["enterprise"].tangible_text == "15/17 (88.2%)"
    assert figures["enterprise"].effective_text == "2/17 (11.8%)"
    assert figures["social"].tangible_text == "0/1 (0.0%)"
    assert figures["all"].tangible_text == "15/18 (83.3%)" and figures["all"].breaches == 10
    town_b = {f.kind: f for f in selectors.figures(tree.accounts["county"], TODAY, 2026, "T002")}
    assert town_b["all"].effective_text == "1/1 (100.0%)"
    assert selectors.reminders(tree.accounts["secretary_a2"], TODAY)[0].count == 2
    own_row = selectors.decorate(list(selectors.organisation_list(county, {"search": "四人"}, TODAY, 2026)[1]))[0]
    assert own_row.roll == 3 and own_row.tangible
    make_person(tree.village_a1)
    own_row = selectors.decorate(list(selectors.organisation_list(county, {"search": "四人"}, TODAY, 2026)[1]))[0]
    assert own_row.roll == 4
    # an instructor whose term ended yesterday no longer covers
    services.instructor_end(actor=None, instructor=guided.instructors.get(), ends_on=TODAY)
    _, untangible = selectors.organisation_list(county, {"coverage": "untangible"}, TODAY + dt.timedelta(days=1), 2026)
    assert "零人公司" in {o.name for o in untangible}
    _, covered_today = selectors.organisation_list(county, {"coverage": "untangible"}, TODAY, 2026)
    assert "零人公司" not in {o.name for o in covered_today}
