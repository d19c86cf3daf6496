"""志愿服务 (F2.6): volunteer teams of an org (红马甲, "家在社区"), service activities, sign-up on the phone, and the
hours the organiser confirms afterwards — which feed the points (`award_auto`, source VOLUNTEER)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import COUNTED_STANDINGS, AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.orglife import rules
from dangjian.orglife.choices import ActivityStatus, PointSource
from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity, VolunteerTeam
from dangjian.orglife.permissions import can_act_for, can_manage_branch, require
from dangjian.orglife.services.points import award_auto, revoke_auto

TEAM_FIELDS = ("name", "service_area", "leader", "founded_on")
ACTIVITY_FIELDS = ("title", "description", "place", "starts_at", "ends_at", "capacity", "team")


def signup_ref(signup: Signup | int) -> str:
    """The source reference of a signup's automatic points."""
    return f"signup:{signup if isinstance(signup, int) else signup.pk}"


def activity_day(activity: VolunteerActivity) -> dt.date:
    """The local day an activity took place (the points and the yearly figures count it there)."""
    return timezone.localdate(activity.starts_at)


def _in_subtree(person: Person, org: Org) -> bool:
    return person.org_path.startswith(org.path)


# --- teams --------------------------------------------------------------------------------------------------


def _team_errors(values: dict[str, Any], org: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写队伍名称"
    else:
        clash = VolunteerTeam.objects.filter(org=org, name=name)
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        if clash.exists():
            errors["name"] = f"本组织已有名为“{name}”的志愿服务队"
    founded_on = values.get("founded_on")
    if founded_on is None:
        errors["founded_on"] = "请填写成立日期"
    elif founded_on > clock.today():
        errors["founded_on"] = "成立日期不能晚于今天"
    leader = values.get("leader")
    if leader is not None and not _in_subtree(leader, org):
        errors["leader"] = "队长应为本组织及下级组织的党员"
    return errors


@transaction.atomic
def team_create(
    *,
    actor: Any,
    org: Org,
    name: str,
    service_area: str = "",
    leader: Person | None = None,
    founded_on: dt.date | None = None,
) -> VolunteerTeam:
    """A volunteer team of an org; members of the org's subtree join it."""
    require(actor is None or can_manage_branch(actor, org), "没有为该组织组建志愿服务队的权限")
    founded_on = founded_on or clock.today()
    errors = _team_errors({"name": name, "founded_on": founded_on, "leader": leader}, org)
    if errors:
        raise ValidationError(errors)
    team = VolunteerTeam(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        name=name.strip(),
        service_area=(service_area or "").strip(),
        leader=leader,
        founded_on=founded_on,
    )
    team.full_clean(exclude=["county"], validate_unique=False, validate_constraints=False)
    team.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=team, after=audit.snapshot(team))
    return team


@transaction.atomic
def team_update(*, actor: Any, team: VolunteerTeam, **changes: Any) -> VolunteerTeam:
    """Rename a team, change what it does, its leader or founding date."""
    team = VolunteerTeam.objects.select_for_update(of=("self",)).select_related("org").get(pk=team.pk)
    require(actor is None or can_manage_branch(actor, team.org), "没有修改该志愿服务队的权限")
    unknown = set(changes) - set(TEAM_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if team.dissolved:
        raise ValidationError({"name": "该志愿服务队已解散,不能修改"})
    values = {field: getattr(team, field) for field in TEAM_FIELDS} | changes
    errors = _team_errors(values, team.org, exclude=team.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(team)
    for field, value in changes.items():
        setattr(team, field, value.strip() if isinstance(value, str) else value)
    team.full_clean(exclude=["county"], validate_unique=False, validate_constraints=False)
    team.save(update_fields=list(changes))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=team, before=before, after=audit.snapshot(team))
    return team


@transaction.atomic
def team_dissolve(*, actor: Any, team: VolunteerTeam) -> VolunteerTeam:
    """Dissolve a team: it takes no new members or activities; its members and records stay."""
    team = VolunteerTeam.objects.select_for_update(of=("self",)).select_related("org").get(pk=team.pk)
    require(actor is None or can_manage_branch(actor, team.org), "没有解散该志愿服务队的权限")
    if team.dissolved:
        raise ValidationError({"dissolved": "该志愿服务队已解散"})
    upcoming = team.activities.exclude(status=ActivityStatus.CANCELLED).filter(starts_at__gt=timezone.now())
    if upcoming.exists():
        raise ValidationError({"dissolved": "该队伍还有未开始的活动,请先取消这些活动"})
    before = audit.snapshot(team)
    team.dissolved = True
    team.save(update_fields=["dissolved"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=team, before=before, after=audit.snapshot(team))
    return team


@transaction.atomic
def team_join(*, actor: Any, team: VolunteerTeam, person: Person) -> TeamMember:
    """A member joins (on the phone, or added by the manager); someone who left before joins again."""
    team = VolunteerTeam.objects.select_related("org").get(pk=team.pk)
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_act_for(actor, person), "没有为该党员办理加入志愿服务队的权限")
    if team.dissolved:
        raise ValidationError({"team": "该志愿服务队已解散"})
    if not _in_subtree(person, team.org):
        raise ValidationError({"person": f"只有{team.org.name}及下级组织的党员可以加入该队伍"})
    if person.standing not in COUNTED_STANDINGS:
        raise ValidationError({"person": f"{person.name}不在党员名册上"})
    today = clock.today()
    member = TeamMember.objects.select_for_update().filter(team=team, person=person).first()
    if member is not None and member.left_on is None:
        raise ValidationError({"person": f"{person.name}已是该队伍的志愿者"})
    if member is not None:
        before = audit.snapshot(member)
        member.joined_on, member.left_on = today, None
        member.org_path = person.org_path
        member.save(update_fields=["joined_on", "left_on", "org_path"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=member, before=before, after=audit.snapshot(member))
        return member
    member = TeamMember(county_id=person.county_id, org_path=person.org_path, team=team, person=person, joined_on=today)
    member.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=member, after=audit.snapshot(member))
    return member


@transaction.atomic
def team_leave(*, actor: Any, member: TeamMember) -> TeamMember:
    """A volunteer leaves the team (themself, or the manager records it); the record stays, dated."""
    member = TeamMember.objects.select_for_update(of=("self",)).select_related("person__org", "team").get(pk=member.pk)
    allowed = can_act_for(actor, member.person) or can_manage_branch(actor, member.team.org)
    require(actor is None or allowed, "没有为该志愿者办理退出的权限")
    if member.left_on is not None:
        raise ValidationError({"left_on": f"{member.person.name}已于{member.left_on:%Y-%m-%d}退出该队伍"})
    before = audit.snapshot(member)
    member.left_on = max(clock.today(), member.joined_on)
    member.save(update_fields=["left_on"])
    if member.team.leader_id == member.person_id:
        team_before = audit.snapshot(member.team)
        member.team.leader = None
        member.team.save(update_fields=["leader"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=member.team,
            before=team_before,
            after=audit.snapshot(member.team),
        )
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=member, before=before, after=audit.snapshot(member))
    return member


# --- activities ---------------------------------------------------------------------------------------------


def _activity_errors(values: dict[str, Any], org: Org, *, taken: int = 0) -> dict[str, str]:
    errors: dict[str, str] = {}
    for field, label in (("title", "活动名称"), ("place", "地点")):
        if not (values.get(field) or "").strip():
            errors[field] = f"请填写{label}"
    starts_at, ends_at = values.get("starts_at"), values.get("ends_at")
    if starts_at is None:
        errors["starts_at"] = "请填写开始时间"
    if ends_at is None:
        errors["ends_at"] = "请填写结束时间"
    if starts_at is not None and ends_at is not None:
        problem = rules.activity_times_problem(starts_at, ends_at)
        if problem:
            errors["ends_at"] = problem
    capacity = values.get("capacity")
    if capacity is None or not isinstance(capacity, int) or capacity < 0:
        errors["capacity"] = "招募人数应为0或正整数(0表示不限)"
    elif capacity > 32767:
        errors["capacity"] = "招募人数过大"
    elif capacity and capacity < taken:
        errors["capacity"] = f"已有{taken}人报名,招募人数不能少于已报名人数"
    team = values.get("team")
    if team is not None:
        if team.dissolved:
            errors["team"] = "该志愿服务队已解散"
        elif not team.org_path.startswith(org.path):
            errors["team"] = "只能选择本组织及下级组织的志愿服务队"
    return errors


@transaction.atomic
def activity_create(
    *,
    actor: Any,
    org: Org,
    title: str,
    place: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int = 0,
    team: VolunteerTeam | None = None,
    description: str = "",
) -> VolunteerActivity:
    """A service activity of an org; members of its subtree sign up until it starts."""
    require(actor is None or can_manage_branch(actor, org), "没有为该组织发布志愿服务活动的权限")
    team = VolunteerTeam.objects.get(pk=team.pk) if team is not None else None
    values = {"title": title, "place": place, "starts_at": starts_at, "ends_at": ends_at, "capacity": capacity}
    errors = _activity_errors(values | {"team": team}, org)
    if errors:
        raise ValidationError(errors)
    activity = VolunteerActivity(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        team=team,
        title=title.strip(),
        description=(description or "").strip(),
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
    )
    activity.full_clean(exclude=["county"])
    activity.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=activity, after=audit.snapshot(activity))
    return activity


@transaction.atomic
def activity_update(*, actor: Any, activity: VolunteerActivity, **changes: Any) -> VolunteerActivity:
    """Correct an activity (times, place, places available…) while it is not cancelled; places never drop below
    the sign-ups already taken."""
    activity = VolunteerActivity.objects.select_for_update(of=("self",)).select_related("org").get(pk=activity.pk)
    require(actor is None or can_manage_branch(actor, activity.org), "没有修改该志愿服务活动的权限")
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError({"title": "该活动已取消,不能修改"})
    if activity.signups.filter(confirmed=True).exists() and {"starts_at", "ends_at"} & set(changes):
        raise ValidationError({"starts_at": "已确认服务时长的活动不能修改时间"})
    if changes.get("team") is not None:
        changes["team"] = VolunteerTeam.objects.get(pk=changes["team"].pk)
    values = {field: getattr(activity, field) for field in ACTIVITY_FIELDS} | changes
    errors = _activity_errors(values, activity.org, taken=activity.signups.count())
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(activity)
    for field, value in changes.items():
        setattr(activity, field, value.strip() if isinstance(value, str) else value)
    activity.full_clean(exclude=["county"])
    activity.save(update_fields=list(changes))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=activity, before=before, after=audit.snapshot(activity))
    return activity


@transaction.atomic
def activity_cancel(*, actor: Any, activity: VolunteerActivity, reason: str) -> VolunteerActivity:
    """Cancel an activity, with the reason; sign-ups stay for the record."""
    activity = VolunteerActivity.objects.select_for_update(of=("self",)).select_related("org").get(pk=activity.pk)
    require(actor is None or can_manage_branch(actor, activity.org), "没有取消该志愿服务活动的权限")
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError({"reason": "该活动已取消"})
    if not (reason or "").strip():
        raise ValidationError({"reason": "请填写取消原因"})
    if len(reason.strip()) > 200:
        raise ValidationError({"reason": "取消原因不能超过200个字"})
    if activity.signups.filter(confirmed=True).exists():
        raise ValidationError({"reason": "已确认服务时长的活动不能取消"})
    before = audit.snapshot(activity)
    activity.status = ActivityStatus.CANCELLED
    activity.cancel_reason = reason.strip()
    activity.save(update_fields=["status", "cancel_reason"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=activity, before=before, after=audit.snapshot(activity))
    return activity


# --- sign-up and hours --------------------------------------------------------------------------------------


@transaction.atomic
def signup_create(*, actor: Any, activity: VolunteerActivity, person: Person) -> Signup:
    """Sign up for an activity: members of the organising org's subtree, once, before it starts, while places
    are left. The organiser may still register a volunteer who came without signing up (补登) after the start."""
    activity = VolunteerActivity.objects.select_for_update(of=("self",)).select_related("org").get(pk=activity.pk)
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_act_for(actor, person), "没有为该党员报名的权限")
    if not _in_subtree(person, activity.org):
        raise ValidationError({"person": f"只有{activity.org.name}及下级组织的党员可以报名该活动"})
    if person.standing not in COUNTED_STANDINGS:
        raise ValidationError({"person": f"{person.name}不在党员名册上"})
    organiser = actor is None or (
        can_manage_branch(actor, activity.org) and getattr(actor, "person_id", None) != person.pk
    )
    now = timezone.now()
    problem = rules.signup_problem(
        cancelled=activity.status == ActivityStatus.CANCELLED,
        already=Signup.objects.filter(activity=activity, person=person).exists(),
        started=now >= activity.starts_at and not organiser,
        capacity=activity.capacity,
        taken=activity.signups.count(),
    )
    if problem:
        raise ValidationError({"activity": problem})
    signup = Signup(
        county_id=person.county_id,
        org_path=person.org_path,
        activity_path=activity.org_path,
        activity=activity,
        person=person,
    )
    signup.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=signup, after=audit.snapshot(signup))
    return signup


@transaction.atomic
def signup_withdraw(*, actor: Any, signup: Signup) -> None:
    """Withdraw before the activity starts (the member, or a manager for them); the audit trail keeps it."""
    signup = (
        Signup.objects.select_for_update(of=("self",)).select_related("person__org", "activity__org").get(pk=signup.pk)
    )
    allowed = can_act_for(actor, signup.person) or can_manage_branch(actor, signup.activity.org)
    require(actor is None or allowed, "没有取消该报名的权限")
    problem = rules.withdraw_problem(started=timezone.now() >= signup.activity.starts_at, confirmed=signup.confirmed)
    if problem:
        raise ValidationError({"activity": problem})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=signup, before=audit.snapshot(signup))
    signup.delete()


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value if value is not None else "0"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"hours": "服务时长应为数字(小时)"}) from None
    if not hours.is_finite():
        raise ValidationError({"hours": "服务时长应为数字(小时)"})
    return hours


@transaction.atomic
def signup_confirm(*, actor: Any, signup: Signup, hours: Decimal | int | str) -> Signup:
    """The organiser confirms a volunteer's hours after the activity; the points follow (source VOLUNTEER,
    one entry per signup). Zero hours un-confirms and takes the points back."""
    signup = Signup.objects.select_for_update(of=("self",)).select_related("person", "activity__org").get(pk=signup.pk)
    activity = signup.activity
    require(actor is None or can_manage_branch(actor, activity.org), "只有活动组织单位可以确认服务时长")
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError({"hours": "该活动已取消"})
    if timezone.now() < activity.ends_at:
        raise ValidationError({"hours": "活动结束后才能确认服务时长"})
    amount = _hours(hours)
    if amount == 0:
        return _unconfirm(actor=actor, signup=signup)
    problem = rules.service_hours_problem(amount, rules.service_hours_cap(activity.starts_at, activity.ends_at))
    if problem:
        raise ValidationError({"hours": problem})
    amount = amount.quantize(rules.HOUR_STEP)
    if signup.confirmed and signup.hours == amount:
        return signup
    before = audit.snapshot(signup)
    signup.hours, signup.confirmed = amount, True
    signup.save(update_fields=["hours", "confirmed"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=signup, before=before, after=audit.snapshot(signup))
    if activity.status == ActivityStatus.OPEN:
        activity_before = audit.snapshot(activity)
        activity.status = ActivityStatus.CLOSED
        activity.save(update_fields=["status"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=activity, before=activity_before, after=audit.snapshot(activity)
        )
    award_auto(
        actor=actor,
        person=signup.person,
        source=PointSource.VOLUNTEER,
        ref=signup_ref(signup),
        occurred_on=activity_day(activity),
        quantity=amount,
        note=f"志愿服务:{activity.title}",
    )
    return signup


def _unconfirm(*, actor: Any, signup: Signup) -> Signup:
    if not signup.confirmed and signup.hours == 0:
        return signup
    before = audit.snapshot(signup)
    signup.hours, signup.confirmed = Decimal("0.0"), False
    signup.save(update_fields=["hours", "confirmed"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=signup, before=before, after=audit.snapshot(signup))
    revoke_auto(actor=actor, person=signup.person, source=PointSource.VOLUNTEER, ref=signup_ref(signup))
    return signup


@transaction.atomic
def signup_unconfirm(*, actor: Any, signup: Signup) -> Signup:
    """Take back a confirmation (hours entered for the wrong person); its points go with it."""
    return signup_confirm(actor=actor, signup=signup, hours=0)


@transaction.atomic
def activity_hours_confirm(
    *, actor: Any, activity: VolunteerActivity, hours: dict[int, Decimal | int | str]
) -> list[Signup]:
    """The detail page's form: each listed signup's hours at once (all or nothing); errors name the volunteer."""
    activity = VolunteerActivity.objects.select_related("org").get(pk=activity.pk)
    require(actor is None or can_manage_branch(actor, activity.org), "只有活动组织单位可以确认服务时长")
    signups = {s.pk: s for s in activity.signups.select_related("person").filter(pk__in=list(hours))}
    errors: dict[str, list[str]] = {}
    done = []
    for pk, value in hours.items():
        signup = signups.get(pk)
        if signup is None:
            errors.setdefault("hours", []).append(f"编号为{pk}的报名不属于该活动")
            continue
        try:
            done.append(signup_confirm(actor=actor, signup=signup, hours=value))
        except ValidationError as exc:
            for message in exc.message_dict.get("hours", exc.messages):
                errors.setdefault("hours", []).append(f"{signup.person.name}:{message}")
    if errors:
        raise ValidationError(errors)
    return done


# --- export -------------------------------------------------------------------------------------------------

ACTIVITY_HEADERS = ["活动名称", "组织单位", "志愿服务队", "地点", "开始时间", "结束时间", "报名/招募", "状态"]
MEMBER_HOURS_HEADERS = ["姓名", "所在党组织", "服务次数", "服务时长(小时)"]
TEAM_HOURS_HEADERS = ["志愿服务队", "所属组织", "活动次数", "服务人次", "服务时长(小时)"]
ORG_HOURS_HEADERS = ["党组织", "服务人数", "服务人次", "服务时长(小时)"]


def _local(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def activities_export(*, actor: Any, org: Org | None, activities: QuerySet[VolunteerActivity], file_name: str) -> bytes:
    """The listed activities with their sign-up counts, as .xlsx (audited)."""
    now = timezone.now()
    rows = [
        [
            activity.title,
            activity.org.name,
            activity.team.name if activity.team else "",
            activity.place,
            _local(activity.starts_at),
            _local(activity.ends_at),
            rules.capacity_label(getattr(activity, "taken", 0), activity.capacity),
            rules.PHASE_LABELS[
                rules.activity_phase(
                    cancelled=activity.status == ActivityStatus.CANCELLED,
                    starts_at=activity.starts_at,
                    ends_at=activity.ends_at,
                    now=now,
                )
            ],
        ]
        for activity in activities.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("志愿服务活动", ACTIVITY_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="volunteer_activities",
        file_name=file_name,
    )
    return content


def hours_export(
    *,
    actor: Any,
    org: Org | None,
    year: int,
    people: QuerySet[Person],
    teams: list[Any],
    orgs: list[Any],
    file_name: str,
) -> bytes:
    """A year's confirmed hours per member, per team and per org (rolled up), as one .xlsx (audited)."""
    member_rows = [
        [person.name, person.org.name, getattr(person, "times", 0), getattr(person, "hours", Decimal("0.0"))]
        for person in people.iterator(chunk_size=2000)
    ]
    team_rows = [[t.name, t.org_name, t.activities, t.times, t.hours] for t in teams]
    org_rows = [[o.org.name, o.people, o.times, o.hours] for o in orgs]
    caption = f"{org.name if org else ''} {year}年度"
    total = sum((row[3] for row in member_rows), Decimal("0.0"))
    content = table_xlsx(
        [
            Sheet("党员服务时长", MEMBER_HOURS_HEADERS, member_rows, caption=caption, totals=["合计", "", "", total]),
            Sheet("服务队", TEAM_HOURS_HEADERS, team_rows, caption=caption),
            Sheet("各组织汇总", ORG_HOURS_HEADERS, org_rows, caption=caption),
        ]
    )
    rows = len(member_rows) + len(team_rows) + len(org_rows)
    record_export(actor=actor, org=org, kind="volunteer_hours", rows=rows, file_name=file_name)
    return content
