"""积分管理 through the services: schemes and their versions, claims and their review, branch entries, automatic
points, dues points, month closing — permissions, the messages users read, caps, the audit trail, and a scheme
change that leaves a closed month alone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, MemberCategory
from dangjian.core.models import AuditEntry
from dangjian.members.models import DuesRecord
from dangjian.orglife.choices import Cycle, PointEntryStatus, PointSource
from dangjian.orglife.models import PointEntry, PointItem, PointScheme, PointSetting, PointTotal
from dangjian.orglife.selectors import points as selectors
from dangjian.orglife.services import points as services
from tests.orglife.points_world import item_of, seed_schemes

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 11, 20)
JANUARY = dt.date(2025, 1, 1)
OCTOBER = dt.date(2025, 10, 1)
NOVEMBER = dt.date(2025, 11, 1)
D = Decimal


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def seeded(tree, today):
    return seed_schemes(tree, JANUARY)


def audited(obj, action):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk), action=action).exists()


def attend(person, day, ref):
    return services.award_auto(
        actor=None, person=person, source=PointSource.ATTENDANCE, ref=f"attendance:{ref}", occurred_on=day
    )


def close_through(tree, month):
    """Close every month from the first one up to `month`."""
    while (services.last_closed(tree.county.pk) or dt.date(1900, 1, 1)) < month:
        services.point_month_close(actor=None, county=tree.county, month=services.first_open(tree.county.pk))


# --- schemes --------------------------------------------------------------------------------------------------


def test_county_admin_seeds_one_scheme_per_category(tree, today):
    schemes = services.schemes_seed_defaults(actor=tree.accounts["county"], county=tree.county, month=JANUARY)
    assert sorted(scheme.category for scheme in schemes) == sorted(MemberCategory.values)
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    items = {item.name: item for item in ordinary.items.all()}
    assert items["参加组织生活"].source == PointSource.ATTENDANCE
    assert (items["参加组织生活"].points, items["参加组织生活"].cap) == (D("2"), D("10"))
    assert items["违反纪律扣分"].points == D("-10")
    household = PointScheme.objects.get(category=MemberCategory.CENTRE_HOUSEHOLD)
    assert household.items.filter(name__startswith="联系服务群众", source=PointSource.CLAIM).exists()
    assert PointScheme.objects.get(category=MemberCategory.MOBILE).items.filter(name__contains="报告").exists()
    assert audited(ordinary, AuditAction.CREATE)
    entry = AuditEntry.objects.get(object_type="orglife.pointscheme", object_id=str(ordinary.pk))
    assert entry.after["items"][0]["name"] == "参加组织生活"
    # Seeding again leaves the existing schemes alone.
    assert services.schemes_seed_defaults(actor=None, county=tree.county, month=NOVEMBER) == []


@pytest.mark.parametrize("who", ["town_a", "secretary_a1", "member_a1"])
def test_only_the_county_admin_sets_schemes(tree, today, who):
    with pytest.raises(PermissionDenied, match="只有县\\(区\\)委组织部管理员可以修改积分方案和评星设置"):
        services.schemes_seed_defaults(actor=tree.accounts[who], county=tree.county, month=JANUARY)
    assert not PointScheme.objects.exists()


def test_scheme_create_names_what_is_wrong(tree, today):
    county = tree.accounts["county"]
    base = {"actor": county, "county": tree.county, "category": MemberCategory.ORDINARY, "name": "普通党员积分"}
    with pytest.raises(ValidationError) as refused:
        services.scheme_create(**base, effective_from=JANUARY, items=[])
    assert refused.value.message_dict == {"items": ["积分方案至少应有一个积分项目"]}
    bad = [
        {"name": "为民办实事", "source": PointSource.CLAIM, "points": D("-5")},
        {"name": "为民办实事", "source": PointSource.CLAIM, "points": D("5"), "cap": D("0")},
        {"name": "", "source": "nonsense", "points": D("1")},
    ]
    with pytest.raises(ValidationError) as refused:
        services.scheme_create(**base, effective_from=JANUARY, items=bad)
    assert refused.value.message_dict["items"] == [
        "第1项“为民办实事”:只有支部登记的扣分项目可以为负分",
        "第2项“为民办实事”:周期上限应大于0(不设上限请留空)",
        "第2项“为民办实事”:积分项目名称重复",
        "第3项:请填写积分项目名称",
        "第3项:请选择计分方式",
    ]
    with pytest.raises(ValidationError) as refused:
        services.scheme_create(**base, effective_from=dt.date(2025, 1, 2), items=services.default_items("ordinary"))
    assert refused.value.message_dict == {"effective_from": ["起始月份应为某月1日"]}
    services.scheme_create(**base, effective_from=JANUARY, items=services.default_items("ordinary"))
    with pytest.raises(ValidationError) as refused:
        services.scheme_create(**base, effective_from=NOVEMBER, items=services.default_items("ordinary"))
    assert refused.value.message_dict == {"category": ["“普通党员”已有积分方案,请在现有方案基础上修订"]}
    with pytest.raises(ValidationError) as refused:
        services.scheme_create(**base | {"county": tree.town_a}, effective_from=JANUARY, items=[])
    assert refused.value.message_dict == {"county": ["积分方案和评星设置属于县(区)一级党组织"]}


def test_a_revision_is_a_new_version_from_a_later_month(tree, seeded):
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    revised = services.scheme_revise(actor=tree.accounts["county"], scheme=ordinary, effective_from=dt.date(2026, 1, 1))
    assert revised.pk != ordinary.pk and revised.name == ordinary.name
    assert sorted(revised.items.values_list("name", flat=True)) == sorted(ordinary.items.values_list("name", flat=True))
    assert services.scheme_in_force(tree.county.pk, MemberCategory.ORDINARY, dt.date(2025, 12, 31)) == ordinary
    assert services.scheme_in_force(tree.county.pk, MemberCategory.ORDINARY, dt.date(2026, 1, 1)) == revised
    assert AuditEntry.objects.get(object_type="orglife.pointscheme", object_id=str(revised.pk)).after["revises"] == (
        ordinary.pk
    )
    with pytest.raises(ValidationError) as refused:
        services.scheme_revise(actor=None, scheme=ordinary, effective_from=dt.date(2026, 1, 1))
    assert refused.value.message_dict == {"effective_from": ["该类别在2026年01月已有方案版本,请直接修改该版本的项目"]}
    with pytest.raises(ValidationError) as refused:
        services.scheme_revise(actor=None, scheme=ordinary, effective_from=JANUARY)
    assert refused.value.message_dict == {"effective_from": ["修订后的方案应晚于原方案的起始月份(2025年01月)生效"]}
    with pytest.raises(PermissionDenied):
        services.scheme_revise(actor=tree.accounts["town_a"], scheme=ordinary, effective_from=dt.date(2026, 2, 1))


def test_items_change_only_while_the_version_is_not_in_force(tree, seeded):
    county = tree.accounts["county"]
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    item = ordinary.items.get(name="为民办实事")
    with pytest.raises(ValidationError) as refused:
        services.point_item_update(actor=county, item=item, points=D("6"))
    assert refused.value.messages == [services.IN_FORCE]
    # A revision from this month is in force at once: its items are fixed too.
    current = services.scheme_revise(actor=county, scheme=ordinary, effective_from=NOVEMBER)
    with pytest.raises(ValidationError):
        services.point_item_create(actor=county, scheme=current, name="新项目", source=PointSource.CLAIM, points=D(1))
    # From next month: still editable.
    future = services.scheme_revise(actor=county, scheme=current, effective_from=dt.date(2025, 12, 1))
    claim = future.items.get(name="为民办实事")
    services.point_item_update(actor=county, item=claim, points=D("6"), cap=D("12"))
    claim.refresh_from_db()
    assert (claim.points, claim.cap) == (D("6.0"), D("12.0"))
    assert audited(claim, AuditAction.UPDATE)
    added = services.point_item_create(
        actor=county, scheme=future, name="结对帮扶", source=PointSource.CLAIM, points=D("2"), cap_cycle=Cycle.QUARTER
    )
    assert added.order == future.items.count()
    with pytest.raises(ValidationError) as refused:
        services.point_item_update(actor=county, item=added, name="为民办实事")
    assert refused.value.message_dict == {"name": ["该方案已有同名积分项目"]}
    services.point_item_delete(actor=county, item=added)
    assert not PointItem.objects.filter(pk=added.pk).exists()
    with pytest.raises(PermissionDenied):
        services.point_item_delete(actor=tree.accounts["secretary_a1"], item=claim)


def test_point_settings(tree, today):
    county = tree.accounts["county"]
    assert selectors.setting_of(tree.county).star_thresholds == [60, 70, 80, 90, 100]
    with pytest.raises(ValidationError) as refused:
        services.point_setting_update(
            actor=county, county=tree.county, star_thresholds=[50, 40, 60, 70, 80], red_flag_min_attendance=101
        )
    assert refused.value.message_dict == {
        "star_thresholds": ["星级积分标准应逐级递增(五星高于四星……高于一星)"],
        "red_flag_min_attendance": ["参会率标准应为0至100之间的整数(%)"],
    }
    setting = services.point_setting_update(
        actor=county, county=tree.county, star_thresholds=[40, 55, 70, 85, 100], red_flag_min_average=D("75")
    )
    assert setting.star_thresholds == [40, 55, 70, 85, 100]
    assert PointSetting.objects.get(county=tree.county).red_flag_min_average == D("75.0")
    assert audited(setting, AuditAction.CREATE)
    services.point_setting_update(actor=county, county=tree.county, red_flag_min_compliance=90)
    assert audited(setting, AuditAction.UPDATE)
    with pytest.raises(PermissionDenied):
        services.point_setting_update(actor=tree.accounts["town_a"], county=tree.county, red_flag_min_compliance=80)


# --- claims and branch entries --------------------------------------------------------------------------------


def claim(tree, person, *, who="member_a1", day=dt.date(2025, 11, 10), **values):
    return services.point_claim(
        actor=tree.accounts[who] if who else None,
        person=person,
        item=values.pop("item", None) or item_of(person, PointSource.CLAIM, day),
        occurred_on=day,
        quantity=values.pop("quantity", D("1")),
        note=values.pop("note", "帮助群众解决饮水问题"),
    )


def test_a_member_claims_and_the_branch_approves_under_the_cap(tree, seeded):
    member = tree.people["a1"][0]
    secretary = tree.accounts["secretary_a1"]
    first = claim(tree, member)
    assert (first.status, first.points, first.org_path) == (PointEntryStatus.PENDING, D("5"), tree.village_a1.path)
    assert audited(first, AuditAction.CREATE)
    second = claim(tree, member, day=dt.date(2025, 11, 12))
    third = claim(tree, member, day=dt.date(2025, 11, 15))
    for entry in (first, second, third):
        services.point_claim_review(actor=secretary, entry=entry, approve=True)
    points = list(PointEntry.objects.filter(person=member).order_by("occurred_on").values_list("points", flat=True))
    assert points == [D("5"), D("5"), D("0")]  # 为民办实事: 5 a time, at most 10 a month
    first.refresh_from_db()
    assert first.status == PointEntryStatus.APPROVED and first.reviewed_by == secretary and first.reviewed_at
    assert audited(first, AuditAction.UPDATE)
    with pytest.raises(ValidationError) as refused:
        services.point_claim_review(actor=secretary, entry=first, approve=False, note="重复")
    assert refused.value.messages == ["该申报已审核(已计入),不能再次审核"]
    # The cap is per month: October's claim has a cap of its own.
    october = claim(tree, member, who=None, day=dt.date(2025, 10, 31))
    assert services.point_claim_review(actor=secretary, entry=october, approve=True).points == D("5")


def test_a_rejection_needs_a_reason(tree, seeded):
    entry = claim(tree, tree.people["a1"][0])
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as refused:
        services.point_claim_review(actor=secretary, entry=entry, approve=False)
    assert refused.value.message_dict == {"note": ["不通过时请填写审核意见"]}
    services.point_claim_review(actor=secretary, entry=entry, approve=False, note="无佐证材料")
    entry.refresh_from_db()
    assert (entry.status, entry.review_note) == (PointEntryStatus.REJECTED, "无佐证材料")
    assert selectors.totals_by_person(tree.county.pk, [NOVEMBER]).get(entry.person_id) is None


def test_who_may_claim_and_review(tree, seeded):
    other = tree.people["a1"][1]
    with pytest.raises(PermissionDenied, match="只能为本人或所管理的党员申报积分"):
        claim(tree, other)
    entry = claim(tree, other, who="secretary_a1")  # the branch may claim for its members
    with pytest.raises(PermissionDenied, match="没有审核该党员积分申报的权限"):
        services.point_claim_review(actor=tree.accounts["secretary_a2"], entry=entry, approve=True)
    with pytest.raises(PermissionDenied):
        services.point_claim_review(actor=tree.accounts["member_a1"], entry=entry, approve=True)
    services.point_claim_review(actor=tree.accounts["town_a"], entry=entry, approve=True)
    # A secretary who is also the member cannot approve their own claim.
    secretary, own = tree.accounts["secretary_a1"], tree.people["a1"][2]
    secretary.person = own
    secretary.save(update_fields=["person"])
    mine = claim(tree, own, who="secretary_a1")
    with pytest.raises(PermissionDenied, match="不能审核本人的积分申报"):
        services.point_claim_review(actor=secretary, entry=mine, approve=True)


def test_claim_validation_messages(tree, seeded):
    member = tree.people["a1"][0]
    with pytest.raises(ValidationError) as refused:
        claim(tree, member, day=TODAY + dt.timedelta(days=1), note=" ", quantity=D("0"))
    assert refused.value.message_dict == {
        "occurred_on": ["发生日期不能晚于今天"],
        "quantity": ["数量应大于0"],
        "note": ["请填写申报事由"],
    }
    assert claim(tree, member, day=TODAY).occurred_on == TODAY  # today itself is fine
    with pytest.raises(ValidationError) as refused:
        claim(tree, member, item=item_of(member, PointSource.ATTENDANCE, TODAY))
    assert refused.value.message_dict == {"item": ["该项目不是党员申报项目"]}
    with pytest.raises(ValidationError) as refused:
        claim(tree, member, quantity=D("1.25"))
    assert refused.value.message_dict == {"quantity": ["数量最多保留一位小数"]}
    # An item of another category's scheme is not the member's.
    household = PointScheme.objects.get(category=MemberCategory.CENTRE_HOUSEHOLD).items.get(name="为民办实事")
    with pytest.raises(ValidationError) as refused:
        claim(tree, member, item=household)
    assert refused.value.message_dict["item"][0].startswith("该项目不属于发生日期适用的积分方案")
    with pytest.raises(ValidationError) as refused:
        claim(tree, member, day=dt.date(2004, 12, 31), item=item_of(member, PointSource.CLAIM, TODAY))
    assert refused.value.message_dict == {"occurred_on": ["发生日期不能早于入党日期"]}


def test_a_pending_claim_is_withdrawn(tree, seeded):
    member = tree.people["a1"][0]
    entry = claim(tree, member)
    with pytest.raises(PermissionDenied):
        services.point_claim_withdraw(actor=tree.accounts["secretary_a2"], entry=entry)
    services.point_claim_withdraw(actor=tree.accounts["member_a1"], entry=entry)
    assert not PointEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.filter(object_type="orglife.pointentry", object_id=str(entry.pk), action="delete")
    approved = claim(tree, member)
    services.point_claim_review(actor=None, entry=approved, approve=True)
    with pytest.raises(ValidationError) as refused:
        services.point_claim_withdraw(actor=tree.accounts["member_a1"], entry=approved)
    assert refused.value.messages == ["只能撤回待审核的积分申报"]


def test_branch_entries_rewards_and_deductions(tree, seeded):
    person = tree.people["a1"][1]
    secretary = tree.accounts["secretary_a1"]
    deduction = services.point_entry_branch(
        actor=secretary,
        person=person,
        item=item_of(person, PointSource.BRANCH, TODAY, "违反纪律扣分"),
        occurred_on=dt.date(2025, 11, 3),
        note="无故不参加组织生活",
    )
    assert (deduction.points, deduction.status) == (D("-10"), PointEntryStatus.APPROVED)
    assert audited(deduction, AuditAction.CREATE)
    reward = item_of(person, PointSource.BRANCH, TODAY, "受到表彰奖励")  # +10, at most 20 a year
    days = [dt.date(2025, 3, 1), dt.date(2025, 7, 1), dt.date(2025, 11, 1)]
    points = [
        services.point_entry_branch(actor=secretary, person=person, item=reward, occurred_on=day, note="表彰").points
        for day in days
    ]
    assert points == [D("10"), D("10"), D("0")]
    with pytest.raises(ValidationError) as refused:
        services.point_entry_branch(
            actor=secretary, person=person, item=item_of(person, PointSource.CLAIM), occurred_on=TODAY, note=""
        )
    assert refused.value.message_dict == {"item": ["该项目不是支部登记项目"], "note": ["请填写登记事由"]}
    with pytest.raises(PermissionDenied, match="没有为该党员登记积分的权限"):
        services.point_entry_branch(
            actor=tree.accounts["secretary_a2"], person=person, item=reward, occurred_on=TODAY, note="表彰"
        )
    with pytest.raises(PermissionDenied):
        services.point_entry_branch(
            actor=tree.accounts["member_a1"], person=person, item=reward, occurred_on=TODAY, note="表彰"
        )
    services.point_entry_delete(actor=secretary, entry=deduction)
    assert not PointEntry.objects.filter(pk=deduction.pk).exists()
    auto = attend(person, dt.date(2025, 11, 5), 1)
    with pytest.raises(ValidationError) as refused:
        services.point_entry_delete(actor=secretary, entry=auto)
    assert refused.value.messages == ["自动计分的记录随来源记录变化,不能直接删除"]


# --- automatic points -----------------------------------------------------------------------------------------


def test_award_auto_is_idempotent_and_capped(tree, seeded):
    person = tree.people["a1"][0]
    first = attend(person, dt.date(2025, 11, 3), 1)
    again = attend(person, dt.date(2025, 11, 3), 1)
    assert first.pk == again.pk and PointEntry.objects.filter(person=person).count() == 1
    assert AuditEntry.objects.filter(object_type="orglife.pointentry", object_id=str(first.pk)).count() == 1
    points = [attend(person, dt.date(2025, 11, 4 + n), 10 + n).points for n in range(5)]
    assert points == [D("2"), D("2"), D("2"), D("2"), D("0")]  # +2 a time, at most 10 a month
    # Moving the first attendance to December frees room in November; the entry follows its record.
    moved = attend(person, dt.date(2025, 11, 20), 1)
    assert (moved.pk, moved.month) == (first.pk, NOVEMBER)
    # Revoking takes the entry away; revoking again finds nothing.
    assert services.revoke_auto(actor=None, person=person, source=PointSource.ATTENDANCE, ref="attendance:1")
    assert not services.revoke_auto(actor=None, person=person, source=PointSource.ATTENDANCE, ref="attendance:1")
    assert not PointEntry.objects.filter(pk=first.pk).exists()
    # Quantity multiplies (volunteer hours), under the cap.
    volunteer = services.award_auto(
        actor=None,
        person=person,
        source=PointSource.VOLUNTEER,
        ref="signup:1",
        occurred_on=TODAY,
        quantity=D("12.5"),
    )
    assert volunteer.points == D("10")


def test_award_auto_without_a_scheme_or_item_writes_nothing(tree, today):
    person = tree.people["a1"][0]
    assert attend(person, TODAY, 1) is None
    seed_schemes(tree, NOVEMBER)
    assert attend(person, dt.date(2025, 10, 31), 2) is None  # the day before the scheme starts
    assert attend(person, NOVEMBER, 3).points == D("2")  # the day it starts
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    services.scheme_revise(
        actor=None,
        scheme=ordinary,
        effective_from=dt.date(2025, 12, 1),
        items=[{"name": "为民办实事", "source": PointSource.CLAIM, "points": D("5")}],
    )
    assert attend(person, dt.date(2025, 12, 1), 4) is None  # the new version has no attendance item
    # Moving an entry into a month whose version has no such item removes it.
    assert attend(person, dt.date(2025, 12, 2), 3) is None
    assert not PointEntry.objects.filter(ref="attendance:3").exists()


# --- dues -----------------------------------------------------------------------------------------------------


TEN = D("10.00")


def dues(person, month, *, paid=TEN, expected=TEN, paid_on=None):
    return DuesRecord.objects.create(
        county_id=person.county_id,
        org_id=person.org_id,
        org_path=person.org_path,
        person=person,
        month=month,
        expected=expected,
        paid=paid,
        paid_on=paid_on,
    )


def test_dues_points_for_dues_paid_in_full_by_the_months_end(tree, seeded):
    on_time, late, partly, waived, early = (
        tree.people["a1"][0],
        tree.people["a1"][1],
        *tree.people["a2"][:2],
        tree.people["b1"][0],
    )
    dues(on_time, OCTOBER, paid_on=dt.date(2025, 10, 31))  # the last day of the month
    dues(late, OCTOBER, paid_on=dt.date(2025, 11, 1))  # the day after
    dues(partly, OCTOBER, paid=D("5.00"), paid_on=dt.date(2025, 10, 5))
    dues(waived, OCTOBER, paid=D("0.00"), expected=D("0.00"))
    dues(early, OCTOBER, paid_on=dt.date(2025, 7, 1))  # paid ahead with the quarter
    assert services.dues_points_sync(actor=None, county=tree.county, month=OCTOBER) == (2, 0)
    entries = PointEntry.objects.filter(source=PointSource.DUES).order_by("person_id")
    assert {entry.person_id for entry in entries} == {on_time.pk, early.pk}
    entry = entries.get(person=early)
    assert (entry.ref, entry.points, entry.month, entry.occurred_on) == (
        f"dues:{early.pk}:2025-10",
        D("5"),
        OCTOBER,
        OCTOBER,
    )
    assert services.dues_points_sync(actor=None, county=tree.county, month=OCTOBER) == (0, 0)
    DuesRecord.objects.filter(person=early).update(paid=D("0.00"), paid_on=None)
    assert services.dues_points_sync(actor=None, county=tree.county, month=OCTOBER) == (0, 1)
    assert (
        AuditEntry.objects.filter(
            object_type="core.org", object_id=str(tree.county.pk), after__dues_points="2025-10"
        ).count()
        == 2
    )


# --- month closing --------------------------------------------------------------------------------------------


def test_months_close_in_order_and_freeze_every_members_total(tree, seeded):
    county = tree.accounts["county"]
    with pytest.raises(ValidationError) as refused:
        services.point_month_close(actor=county, county=tree.county, month=OCTOBER)
    assert refused.value.message_dict == {"month": ["积分应按月份顺序结账,请先结账2025年1月"]}
    with pytest.raises(PermissionDenied):
        services.point_month_close(actor=tree.accounts["town_a"], county=tree.county, month=JANUARY)
    close_through(tree, dt.date(2025, 9, 1))
    person = tree.people["a1"][0]
    attend(person, dt.date(2025, 10, 10), 1)
    dues(person, OCTOBER, paid_on=dt.date(2025, 10, 20))
    pending = claim(tree, person, day=dt.date(2025, 10, 12))
    with pytest.raises(ValidationError) as refused:
        services.point_month_close(actor=county, county=tree.county, month=OCTOBER)
    assert refused.value.message_dict == {"month": ["2025年10月还有1条积分申报待审核,请先审核后再结账"]}
    services.point_claim_review(actor=None, entry=pending, approve=True)
    closed = services.point_month_close(actor=county, county=tree.county, month=OCTOBER)
    assert closed.closed_by == county and audited(closed, AuditAction.CREATE)
    totals = dict(PointTotal.objects.filter(month=OCTOBER).values_list("person_id", "total"))
    assert totals[person.pk] == D("12")  # attendance 2 + claim 5 + dues 5 (synced when closing)
    assert len(totals) == sum(len(people) for people in tree.people.values())  # every member, zeros included
    assert totals[tree.people["b1"][0].pk] == D("0")
    assert PointTotal.objects.get(person=person, month=OCTOBER).category == MemberCategory.ORDINARY
    with pytest.raises(ValidationError) as refused:
        services.point_month_close(actor=county, county=tree.county, month=NOVEMBER)
    assert refused.value.message_dict == {"month": ["只能对已经结束的月份结账(本月及以后的月份不能结账)"]}
    with pytest.raises(ValidationError) as refused:
        services.point_month_close(actor=county, county=tree.county, month=OCTOBER)
    assert refused.value.message_dict == {"month": ["2025年10月已经结账"]}


def test_a_closed_month_refuses_every_change(tree, seeded):
    person = tree.people["a1"][0]
    entry = attend(person, dt.date(2025, 10, 10), 1)
    pending = claim(tree, person, day=dt.date(2025, 10, 15))
    branch = services.point_entry_branch(
        actor=None,
        person=person,
        item=item_of(person, PointSource.BRANCH, OCTOBER, "违反纪律扣分"),
        occurred_on=dt.date(2025, 10, 16),
        note="扣分",
    )
    services.point_claim_review(actor=None, entry=pending, approve=True)
    close_through(tree, OCTOBER)
    with pytest.raises(ValidationError) as refused:
        claim(tree, person, day=dt.date(2025, 10, 31))
    assert refused.value.message_dict == {"occurred_on": [services.CLOSED]}
    assert services.CLOSED == "该月积分已结账,不能再修改"
    with pytest.raises(ValidationError) as refused:
        services.point_entry_delete(actor=None, entry=branch)
    assert refused.value.messages == [services.CLOSED]
    # Automatic points neither arrive in nor leave a closed month.
    assert attend(person, dt.date(2025, 10, 20), 2) is None
    assert attend(person, NOVEMBER, 1) is None  # the October entry is not moved out
    assert PointEntry.objects.get(pk=entry.pk).month == OCTOBER
    assert not services.revoke_auto(actor=None, person=person, source=PointSource.ATTENDANCE, ref="attendance:1")
    # November is open: a claim for the 1st of November (the first day after the closed month) is fine.
    assert claim(tree, person, day=NOVEMBER).status == PointEntryStatus.PENDING


def test_a_scheme_change_does_not_alter_a_closed_month(tree, seeded):
    """The acceptance test: close October, revise the scheme from November with other points; October's entries,
    totals and rankings stay as they were, and a revision effective October is refused."""
    county = tree.accounts["county"]
    keen, steady = tree.people["a1"][0], tree.people["a1"][1]
    for n in range(3):
        attend(keen, dt.date(2025, 10, 5 + n), n)
    attend(steady, dt.date(2025, 10, 5), 10)
    close_through(tree, OCTOBER)
    october = selectors.PointPeriod(2025, 10)

    def snapshot():
        entries = list(PointEntry.objects.filter(month=OCTOBER).order_by("pk").values_list("pk", "item_id", "points"))
        totals = list(PointTotal.objects.filter(month=OCTOBER).order_by("person_id").values_list("person_id", "total"))
        ranking = [
            (row.person_id, row.total, row.branch_rank, row.township_rank)
            for row in selectors.rank_members(tree.village_a1, october)
        ]
        return entries, totals, ranking

    before = snapshot()
    assert before[2][:2] == [(keen.pk, D("6"), 1, 1), (steady.pk, D("2"), 2, 2)]
    ordinary = PointScheme.objects.get(category=MemberCategory.ORDINARY)
    with pytest.raises(ValidationError) as refused:
        services.scheme_revise(actor=county, scheme=ordinary, effective_from=OCTOBER)
    assert refused.value.message_dict == {"effective_from": ["2025年10月及以前的积分已结账,方案只能从以后的月份起生效"]}
    items = [
        {"name": "参加组织生活", "source": PointSource.ATTENDANCE, "points": D("5"), "cap": D("20")},
        {"name": "为民办实事", "source": PointSource.CLAIM, "points": D("8")},
    ]
    revised = services.scheme_revise(actor=county, scheme=ordinary, effective_from=NOVEMBER, items=items)
    # The old version's items, the October entries and totals and ranking are untouched.
    assert snapshot() == before
    assert ordinary.items.get(name="参加组织生活").points == D("2")
    assert selectors.totals_by_person(tree.county.pk, [OCTOBER])[keen.pk] == D("6")
    # November earns under the new version.
    assert attend(keen, dt.date(2025, 11, 3), 100).points == D("5")
    assert PointEntry.objects.get(ref="attendance:100").item.scheme == revised
    # October cannot be touched through an automatic record either.
    assert attend(steady, dt.date(2025, 10, 6), 11) is None
    assert snapshot() == before


# --- reads ----------------------------------------------------------------------------------------------------


def test_rankings_share_ranks_within_branch_and_township(tree, seeded):
    a1, a2 = tree.people["a1"], tree.people["a2"]
    for person, count in ((a1[0], 2), (a1[1], 2), (a1[2], 1), (a2[0], 3)):
        for n in range(count):
            attend(person, dt.date(2025, 11, 3 + n), f"{person.pk}-{n}")
    rows = {row.person_id: row for row in selectors.rank_members(tree.village_a1, selectors.PointPeriod(2025, 11))}
    assert [(rows[p.pk].total, rows[p.pk].branch_rank, rows[p.pk].township_rank) for p in a1] == [
        (D("4"), 1, 2),
        (D("4"), 1, 2),
        (D("2"), 3, 4),
    ]
    assert (rows[a2[0].pk].branch_rank, rows[a2[0].pk].township_rank, rows[a2[1].pk].township_rank) == (1, 1, 5)
    assert rows[a1[0].pk].branch_size == 3 and rows[a1[0].pk].township_size == 5
    assert tree.people["b1"][0].pk not in rows  # another township


def test_yearly_totals_add_closed_and_open_months_and_give_stars(tree, seeded):
    person = tree.people["a1"][0]
    services.point_setting_update(actor=None, county=tree.county, star_thresholds=[2, 4, 6, 8, 10])
    attend(person, dt.date(2025, 9, 3), 1)
    attend(person, dt.date(2025, 10, 3), 2)
    close_through(tree, OCTOBER)
    attend(person, dt.date(2025, 11, 3), 3)
    # A frozen total is what counts for a closed month, even if an entry were changed behind the services' back.
    PointEntry.objects.filter(ref="attendance:1").update(points=D("50"))
    assert selectors.totals_by_person(tree.county.pk, selectors.PointPeriod(2025).months)[person.pk] == D("6")
    summary = selectors.member_points(person)
    assert (summary.month_total, summary.year_total, summary.stars, summary.next_star) == (D("2"), D("6"), 3, 8)
    assert summary.rank.branch_rank == 1
    assert [item.name for item in summary.claim_items] == ["为民办实事"]
