"""志愿服务 services: teams (create, join, leave, dissolve), activities (create, correct, cancel), sign-up and
withdrawal around the start, hours confirmed after the end feeding the points — with the refusals, the Chinese
messages and the audit entries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dangjian.core.choices import AuditAction, MemberCategory, Standing
from dangjian.core.models import AuditEntry, Person
from dangjian.orglife.choices import ActivityStatus, PointSource
from dangjian.orglife.models import PointEntry, PointItem, PointScheme, Signup, TeamMember, VolunteerActivity
from dangjian.orglife.services import volunteers as services
from tests.core.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def entries(obj, action=None):
    found = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found.filter(action=action) if action else found


def make_activity(org, *, starts_in=dt.timedelta(days=2), hours=2, **overrides):
    starts_at = timezone.now() + starts_in
    values = {
        "actor": None,
        "org": org,
        "title": "环境卫生大扫除",
        "place": "村文化广场",
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(hours=hours),
        "capacity": 0,
    }
    return services.activity_create(**values | overrides)


# --- teams --------------------------------------------------------------------------------------------------


def test_team_create_checks_name_date_and_permission(tree, today):
    secretary = tree.accounts["secretary_a1"]
    team = services.team_create(
        actor=secretary, org=tree.village_a1, name=" 红马甲志愿服务队 ", service_area="环境整治"
    )
    assert team.name == "红马甲志愿服务队" and team.org_path == tree.village_a1.path
    assert team.county_id == tree.county.pk and team.founded_on == TODAY
    assert entries(team, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as again:
        services.team_create(actor=secretary, org=tree.village_a1, name="红马甲志愿服务队")
    assert again.value.message_dict == {"name": ["本组织已有名为“红马甲志愿服务队”的志愿服务队"]}
    with pytest.raises(ValidationError) as future:
        services.team_create(actor=secretary, org=tree.village_a1, name="", founded_on=TODAY + dt.timedelta(days=1))
    assert future.value.message_dict == {"name": ["请填写队伍名称"], "founded_on": ["成立日期不能晚于今天"]}
    with pytest.raises(ValidationError) as leader:
        services.team_create(actor=secretary, org=tree.village_a1, name="乡风文明队", leader=tree.people["a2"][0])
    assert leader.value.message_dict == {"leader": ["队长应为本组织及下级组织的党员"]}
    with pytest.raises(PermissionDenied):
        services.team_create(actor=tree.accounts["secretary_a2"], org=tree.village_a1, name="另一支队伍")
    with pytest.raises(PermissionDenied):
        services.team_create(actor=tree.accounts["member_a1"], org=tree.village_a1, name="另一支队伍")


def test_members_join_themselves_leave_and_join_again(tree, today):
    team = services.team_create(actor=None, org=tree.village_a1, name="红马甲志愿服务队")
    member_account = tree.accounts["member_a1"]
    me = tree.people["a1"][0]
    joined = services.team_join(actor=member_account, team=team, person=me)
    assert (joined.joined_on, joined.left_on, joined.org_path) == (TODAY, None, me.org_path)
    with pytest.raises(ValidationError) as twice:
        services.team_join(actor=member_account, team=team, person=me)
    assert twice.value.message_dict == {"person": [f"{me.name}已是该队伍的志愿者"]}
    with pytest.raises(PermissionDenied):
        services.team_join(actor=member_account, team=team, person=tree.people["a1"][1])
    with pytest.raises(ValidationError) as outside:
        services.team_join(actor=tree.accounts["town_a"], team=team, person=tree.people["a2"][0])
    assert outside.value.message_dict == {"person": [f"只有{tree.village_a1.name}及下级组织的党员可以加入该队伍"]}
    left = services.team_leave(actor=member_account, member=joined)
    assert left.left_on == TODAY
    with pytest.raises(ValidationError):
        services.team_leave(actor=member_account, member=joined)
    again = services.team_join(actor=member_account, team=team, person=me)
    assert again.pk == joined.pk and again.left_on is None
    assert TeamMember.objects.count() == 1
    assert entries(joined).count() == 3  # joined, left, joined again


def test_a_leader_who_leaves_is_no_longer_the_leader(tree, today):
    person = tree.people["a1"][0]
    team = services.team_create(actor=None, org=tree.village_a1, name="红马甲志愿服务队", leader=person)
    member = services.team_join(actor=None, team=team, person=person)
    services.team_leave(actor=tree.accounts["secretary_a1"], member=member)
    team.refresh_from_db()
    assert team.leader is None


def test_dissolve_refuses_with_upcoming_activities_then_stops_joining(tree, today):
    team = services.team_create(actor=None, org=tree.village_a1, name="红马甲志愿服务队")
    activity = make_activity(tree.village_a1, team=team)
    with pytest.raises(ValidationError) as upcoming:
        services.team_dissolve(actor=tree.accounts["secretary_a1"], team=team)
    assert upcoming.value.message_dict == {"dissolved": ["该队伍还有未开始的活动,请先取消这些活动"]}
    services.activity_cancel(actor=None, activity=activity, reason="天气原因")
    with pytest.raises(PermissionDenied):
        services.team_dissolve(actor=tree.accounts["secretary_a2"], team=team)
    dissolved = services.team_dissolve(actor=tree.accounts["secretary_a1"], team=team)
    assert dissolved.dissolved
    with pytest.raises(ValidationError) as closed:
        services.team_join(actor=None, team=team, person=tree.people["a1"][0])
    assert closed.value.message_dict == {"team": ["该志愿服务队已解散"]}
    with pytest.raises(ValidationError) as no_activity:
        make_activity(tree.village_a1, team=team)
    assert no_activity.value.message_dict == {"team": ["该志愿服务队已解散"]}


# --- activities ---------------------------------------------------------------------------------------------


def test_activity_create_checks_times_places_and_team(tree, today):
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as bad:
        make_activity(tree.village_a1, actor=secretary, hours=0, capacity=-1, title=" ", place="")
    assert bad.value.message_dict == {
        "title": ["请填写活动名称"],
        "place": ["请填写地点"],
        "ends_at": ["结束时间应晚于开始时间"],
        "capacity": ["招募人数应为0或正整数(0表示不限)"],
    }
    other_team = services.team_create(actor=None, org=tree.village_a2, name="王庄村服务队")
    with pytest.raises(ValidationError) as team:
        make_activity(tree.village_a1, actor=secretary, team=other_team)
    assert team.value.message_dict == {"team": ["只能选择本组织及下级组织的志愿服务队"]}
    with pytest.raises(PermissionDenied):
        make_activity(tree.village_a1, actor=tree.accounts["secretary_a2"])
    activity = make_activity(tree.village_a1, actor=secretary, capacity=20)
    assert (activity.status, activity.capacity, activity.org_path) == ("open", 20, tree.village_a1.path)
    assert entries(activity, AuditAction.CREATE).count() == 1


def test_places_never_drop_below_the_sign_ups(tree, today):
    activity = make_activity(tree.village_a1, capacity=5)
    for person in tree.people["a1"][:2]:
        services.signup_create(actor=None, activity=activity, person=person)
    with pytest.raises(ValidationError) as fewer:
        services.activity_update(actor=tree.accounts["secretary_a1"], activity=activity, capacity=1)
    assert fewer.value.message_dict == {"capacity": ["已有2人报名,招募人数不能少于已报名人数"]}
    updated = services.activity_update(
        actor=tree.accounts["secretary_a1"], activity=activity, capacity=2, place="村委会"
    )
    assert (updated.capacity, updated.place) == (2, "村委会")
    assert entries(activity, AuditAction.UPDATE).get().after == {"capacity": 2, "place": "村委会"}


def test_cancel_needs_a_reason_and_keeps_it_in_the_audit_trail(tree, today):
    activity = make_activity(tree.village_a1)
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as no_reason:
        services.activity_cancel(actor=secretary, activity=activity, reason=" ")
    assert no_reason.value.message_dict == {"reason": ["请填写取消原因"]}
    with pytest.raises(PermissionDenied):
        services.activity_cancel(actor=tree.accounts["secretary_a2"], activity=activity, reason="下雨")
    cancelled = services.activity_cancel(actor=secretary, activity=activity, reason="暴雨预警,改期举行")
    assert cancelled.status == ActivityStatus.CANCELLED
    entry = entries(activity, AuditAction.UPDATE).get()
    assert entry.after == {"status": "cancelled", "cancel_reason": "暴雨预警,改期举行"}
    with pytest.raises(ValidationError) as signup:
        services.signup_create(actor=None, activity=activity, person=tree.people["a1"][0])
    assert signup.value.message_dict == {"activity": ["该活动已取消"]}


# --- sign-up ------------------------------------------------------------------------------------------------


def test_sign_up_once_while_places_are_left(tree, today):
    activity = make_activity(tree.village_a1, capacity=2)
    member_account = tree.accounts["member_a1"]
    me, second, third = tree.people["a1"]
    signup = services.signup_create(actor=member_account, activity=activity, person=me)
    assert (signup.org_path, signup.activity_path, signup.confirmed) == (me.org_path, activity.org_path, False)
    assert entries(signup, AuditAction.CREATE).count() == 1
    with pytest.raises(ValidationError) as twice:
        services.signup_create(actor=member_account, activity=activity, person=me)
    assert twice.value.message_dict == {"activity": ["已报名该活动,不能重复报名"]}
    with pytest.raises(PermissionDenied):
        services.signup_create(actor=member_account, activity=activity, person=second)
    services.signup_create(actor=tree.accounts["secretary_a1"], activity=activity, person=second)
    with pytest.raises(ValidationError) as full:
        services.signup_create(actor=tree.accounts["secretary_a1"], activity=activity, person=third)
    assert full.value.message_dict == {"activity": ["报名人数已满(2/2)"]}


def test_members_of_other_branches_cannot_sign_up(tree, today):
    activity = make_activity(tree.village_a1)
    outsider = tree.people["a2"][0]
    with pytest.raises(ValidationError) as outside:
        services.signup_create(actor=None, activity=activity, person=outsider)
    assert outside.value.message_dict == {"person": [f"只有{tree.village_a1.name}及下级组织的党员可以报名该活动"]}
    township_activity = make_activity(tree.town_a)
    assert services.signup_create(actor=tree.accounts["secretary_a2"], activity=township_activity, person=outsider)


def test_no_self_sign_up_after_the_start_but_the_organiser_may_register(tree, today):
    activity = make_activity(tree.village_a1, starts_in=-dt.timedelta(minutes=1))
    me = tree.people["a1"][0]
    with pytest.raises(ValidationError) as started:
        services.signup_create(actor=tree.accounts["member_a1"], activity=activity, person=me)
    assert started.value.message_dict == {"activity": ["活动已开始,不能再报名"]}
    registered = services.signup_create(actor=tree.accounts["secretary_a1"], activity=activity, person=me)
    assert registered.pk


def test_withdraw_before_the_start_only(tree, today):
    upcoming = make_activity(tree.village_a1)
    me = tree.people["a1"][0]
    member_account = tree.accounts["member_a1"]
    signup = services.signup_create(actor=member_account, activity=upcoming, person=me)
    with pytest.raises(PermissionDenied):
        services.signup_withdraw(actor=tree.accounts["secretary_a2"], signup=signup)
    services.signup_withdraw(actor=member_account, signup=signup)
    assert not Signup.objects.exists()
    assert AuditEntry.objects.filter(object_id=str(signup.pk), action=AuditAction.DELETE).count() == 1
    started = make_activity(tree.village_a1, starts_in=-dt.timedelta(minutes=5))
    late = services.signup_create(actor=None, activity=started, person=me)
    with pytest.raises(ValidationError) as refused:
        services.signup_withdraw(actor=member_account, signup=late)
    assert refused.value.message_dict == {"activity": ["活动已开始,不能取消报名"]}


# --- hours and points ---------------------------------------------------------------------------------------


@pytest.fixture
def volunteer_points(tree):
    """A scheme for ordinary members: 2 points per volunteer hour, at most 10 a month."""
    scheme = PointScheme.objects.create(
        county=tree.county,
        county_path=tree.county.path,
        category=MemberCategory.ORDINARY,
        name="普通党员积分方案",
        effective_from=dt.date(2020, 1, 1),
    )
    return PointItem.objects.create(
        scheme=scheme, name="志愿服务", source=PointSource.VOLUNTEER, points=Decimal("2.0"), cap=Decimal("10.0")
    )


def test_hours_are_confirmed_after_the_end_and_feed_the_points(tree, today, volunteer_points):
    me = tree.people["a1"][0]
    Person.objects.filter(pk=me.pk).update(category=MemberCategory.ORDINARY)
    running = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=1), hours=2)
    early = services.signup_create(actor=None, activity=running, person=me)
    with pytest.raises(ValidationError) as too_early:
        services.signup_confirm(actor=tree.accounts["secretary_a1"], signup=early, hours=Decimal("1"))
    assert too_early.value.message_dict == {"hours": ["活动结束后才能确认服务时长"]}

    ended = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=3), hours=1.75)
    signup = services.signup_create(actor=None, activity=ended, person=me)
    with pytest.raises(PermissionDenied):
        services.signup_confirm(actor=tree.accounts["member_a1"], signup=signup, hours=Decimal("1"))
    with pytest.raises(PermissionDenied):
        services.signup_confirm(actor=tree.accounts["secretary_a2"], signup=signup, hours=Decimal("1"))
    with pytest.raises(ValidationError) as too_many:
        services.signup_confirm(actor=tree.accounts["secretary_a1"], signup=signup, hours=Decimal("2.1"))
    assert too_many.value.message_dict == {"hours": ["服务时长不能超过活动时长2.0小时"]}

    confirmed = services.signup_confirm(actor=tree.accounts["secretary_a1"], signup=signup, hours=Decimal("2.0"))
    assert (confirmed.confirmed, confirmed.hours) == (True, Decimal("2.0"))
    entry = PointEntry.objects.get(person=me, source=PointSource.VOLUNTEER)
    assert (entry.ref, entry.quantity, entry.points) == (f"signup:{signup.pk}", Decimal("2.0"), Decimal("4.0"))
    assert entry.occurred_on == timezone.localdate(ended.starts_at)
    ended.refresh_from_db()
    assert ended.status == ActivityStatus.CLOSED
    assert entries(signup, AuditAction.UPDATE).get().after == {"hours": "2.0", "confirmed": True}

    corrected = services.signup_confirm(actor=tree.accounts["secretary_a1"], signup=signup, hours="1.5")
    assert corrected.hours == Decimal("1.5")
    assert PointEntry.objects.get(person=me, source=PointSource.VOLUNTEER).points == Decimal("3.0")

    undone = services.signup_unconfirm(actor=tree.accounts["secretary_a1"], signup=signup)
    assert (undone.confirmed, undone.hours) == (False, Decimal("0.0"))
    assert not PointEntry.objects.filter(person=me, source=PointSource.VOLUNTEER).exists()
    with pytest.raises(ValidationError) as withdraw:
        services.signup_confirm(actor=tree.accounts["secretary_a1"], signup=signup, hours="abc")
    assert withdraw.value.message_dict == {"hours": ["服务时长应为数字(小时)"]}


def test_the_hours_form_confirms_all_or_nothing(tree, today):
    ended = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=3), hours=2)
    first, second = (services.signup_create(actor=None, activity=ended, person=p) for p in tree.people["a1"][:2])
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as bad:
        services.activity_hours_confirm(
            actor=secretary, activity=ended, hours={first.pk: Decimal("2"), second.pk: Decimal("9")}
        )
    assert bad.value.message_dict == {"hours": [f"{second.person.name}:服务时长不能超过活动时长2.0小时"]}
    assert not Signup.objects.filter(confirmed=True).exists()
    done = services.activity_hours_confirm(actor=secretary, activity=ended, hours={first.pk: "2", second.pk: "0"})
    assert [s.confirmed for s in done] == [True, False]


def test_confirmed_hours_lock_the_activity(tree, today):
    ended = make_activity(tree.village_a1, starts_in=-dt.timedelta(hours=3), hours=2)
    signup = services.signup_create(actor=None, activity=ended, person=tree.people["a1"][0])
    services.signup_confirm(actor=None, signup=signup, hours=Decimal("2"))
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as cancel:
        services.activity_cancel(actor=secretary, activity=ended, reason="误建")
    assert cancel.value.message_dict == {"reason": ["已确认服务时长的活动不能取消"]}
    with pytest.raises(ValidationError) as times:
        services.activity_update(actor=secretary, activity=ended, ends_at=ended.ends_at + dt.timedelta(hours=1))
    assert times.value.message_dict == {"starts_at": ["已确认服务时长的活动不能修改时间"]}
    with pytest.raises(ValidationError) as withdraw:
        services.signup_withdraw(actor=secretary, signup=signup)
    assert withdraw.value.message_dict == {"activity": ["服务时长已确认,不能取消报名"]}


def test_members_off_the_roll_cannot_join_or_sign_up(tree, today):
    gone = make_person(tree.village_a1)
    Person.objects.filter(pk=gone.pk).update(standing=Standing.DECEASED)
    team = services.team_create(actor=None, org=tree.village_a1, name="红马甲志愿服务队")
    with pytest.raises(ValidationError):
        services.team_join(actor=None, team=team, person=gone)
    with pytest.raises(ValidationError):
        services.signup_create(actor=None, activity=make_activity(tree.village_a1), person=gone)
    assert VolunteerActivity.objects.count() == 1
