"""Writes of 民情夜市 and mediation: a village's weekly sessions, the issues residents raise (交办 → 办结 → 反馈, or
无法解决 explained to the raiser; any other order refused), the mediators of the three levels, and the disputes they
mediate — escalated one level at a time (组级 → 村级 → 镇级 → 县级) and never back, settled with an agreement or
referred to court, 信访 or arbitration.

Who handles a dispute follows its level: the village (its secretary or anyone above) at group and village level, the
township's or county's administrators at town level (never the village itself), the county at county level."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.permissions import can_manage_orgs
from dangjian.service import rules
from dangjian.service.choices import (
    DisputeKind,
    DisputeStatus,
    IssueCategory,
    IssueChannel,
    IssueFeedback,
    IssueStatus,
    MediationLevel,
    ReferTarget,
)
from dangjian.service.models import Dispute, MediationSession, Mediator, MinqingIssue, NightMarket
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules, require
from dangjian.service.selectors.common import place_q

SESSION_FIELDS = ("held_on", "starts_at", "place", "hosts", "town_cadre", "attendance", "topics", "minutes")
MEDIATOR_FIELDS = ("name", "post", "group_name", "phone", "person", "appointed_on", "active")
PHONE = re.compile(r"^[0-9][0-9\-]{6,19}$")
NOT_A_PLACE = "应为村(社区)党组织"


def _is_place(org: Org) -> bool:
    return Org.objects.filter(place_q(), pk=org.pk).exists()


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value).strip()


def _required(errors: dict[str, str], values: dict[str, Any], field: str, label: str, limit: int) -> None:
    text = _text(values.get(field))
    if not text:
        errors[field] = f"请填写{label}"
    elif len(text) > limit:
        errors[field] = f"{label}不能超过{limit}个字"


def _phone_problem(phone: str) -> str | None:
    return None if not phone or PHONE.match(phone) else "电话号码格式不正确"


def _not_future(errors: dict[str, str], day: dt.date | None, field: str, label: str) -> None:
    if day is not None and day > clock.today():
        errors[field] = f"{label}不能晚于今天"


def _updated(actor: Any, obj: Any, before: dict[str, Any]) -> None:
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=obj, before=before, after=audit.snapshot(obj))


# --- 民情夜市 -----------------------------------------------------------------------------------------------


def _session_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    held_on = values.get("held_on")
    if held_on is None:
        errors["held_on"] = "请填写举办日期"
    else:
        problem = rules.session_date_problem(held_on, clock.today())
        if problem:
            errors["held_on"] = problem
    problem = rules.session_time_problem(values.get("starts_at"))
    if problem:
        errors["starts_at"] = problem
    _required(errors, values, "place", "地点", 100)
    _required(errors, values, "hosts", "主持村干部", 200)
    if len(_text(values.get("town_cadre"))) > 100:
        errors["town_cadre"] = "参加乡镇干部不能超过100个字"
    attendance = values.get("attendance") or 0
    if attendance < 0:
        errors["attendance"] = "群众参与人数不能为负数"
    elif attendance > 5000:
        errors["attendance"] = "群众参与人数过大"
    if held_on is not None and held_on > clock.today() and (attendance or _text(values.get("minutes"))):
        errors["attendance"] = "尚未举办的民情夜市不能填写参与人数和会议记录"
    return errors


@transaction.atomic
def session_create(
    *,
    actor: Any,
    org: Org,
    held_on: dt.date,
    starts_at: dt.time,
    place: str,
    hosts: str,
    town_cadre: str = "",
    attendance: int | None = 0,
    topics: str = "",
    minutes: str = "",
) -> NightMarket:
    """Record a village's 民情夜市 (held, or announced up to 60 days ahead)."""
    require(actor is None or can_manage_village(actor, org), "没有登记该村民情夜市的权限")
    if not _is_place(org):
        raise ValidationError({"org": f"举办单位{NOT_A_PLACE}"})
    values = {
        "held_on": held_on,
        "starts_at": starts_at,
        "place": place,
        "hosts": hosts,
        "town_cadre": town_cadre,
        "attendance": attendance or 0,
        "minutes": minutes,
    }
    errors = _session_errors(values)
    if held_on is not None and NightMarket.objects.filter(org=org, held_on=held_on).exists():
        errors["held_on"] = f"{held_on:%Y-%m-%d}已登记民情夜市"
    if errors:
        raise ValidationError(errors)
    session = NightMarket.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        held_on=held_on,
        starts_at=starts_at,
        place=_text(place),
        hosts=_text(hosts),
        town_cadre=_text(town_cadre),
        attendance=attendance or 0,
        topics=_text(topics),
        minutes=_text(minutes),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=session, after=audit.snapshot(session))
    return session


@transaction.atomic
def session_update(*, actor: Any, session: NightMarket, **changes: Any) -> NightMarket:
    """Change a session (after it was held: the attendance and the minutes)."""
    session = NightMarket.objects.select_for_update(of=("self",)).select_related("org").get(pk=session.pk)
    require(actor is None or can_manage_village(actor, session.org), "没有修改该民情夜市的权限")
    unknown = set(changes) - set(SESSION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if "attendance" in changes:
        changes["attendance"] = changes["attendance"] or 0
    values = {field: getattr(session, field) for field in SESSION_FIELDS} | changes
    errors = _session_errors(values)
    held_on = values["held_on"]
    if (
        held_on is not None
        and NightMarket.objects.filter(org=session.org, held_on=held_on).exclude(pk=session.pk).exists()
    ):
        errors["held_on"] = f"{held_on:%Y-%m-%d}已登记民情夜市"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(session)
    for field, value in changes.items():
        setattr(session, field, value.strip() if isinstance(value, str) else value)
    session.save()
    _updated(actor, session, before)
    return session


@transaction.atomic
def session_delete(*, actor: Any, session: NightMarket) -> None:
    """Delete a session recorded by mistake (not one whose issues are on record)."""
    session = NightMarket.objects.select_for_update(of=("self",)).select_related("org").get(pk=session.pk)
    require(actor is None or can_manage_village(actor, session.org), "没有删除该民情夜市的权限")
    if MinqingIssue.objects.filter(session=session).exists():
        raise ValidationError({"session": "该民情夜市已登记群众诉求,不能删除"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=session, before=audit.snapshot(session))
    session.delete()


# --- issues -------------------------------------------------------------------------------------------------


@transaction.atomic
def issue_create(
    *,
    actor: Any,
    org: Org,
    category: str,
    content: str,
    channel: str = "",
    raised_on: dt.date | None = None,
    anonymous: bool = False,
    raiser_name: str = "",
    raiser_phone: str = "",
    session: NightMarket | None = None,
) -> MinqingIssue:
    """An issue a resident raised: at a 民情夜市 (`session`: the channel and the day are the session's) or elsewhere."""
    require(actor is None or can_manage_village(actor, org), "没有登记该村群众诉求的权限")
    errors: dict[str, str] = {}
    if not _is_place(org):
        raise ValidationError({"org": f"诉求所属单位{NOT_A_PLACE}"})
    if session is not None:
        if session.org_id != org.pk:
            errors["session"] = "只能选择本村(社区)的民情夜市"
        elif session.held_on > clock.today():
            errors["session"] = "该民情夜市尚未举办"
        channel = IssueChannel.NIGHT_MARKET
        raised_on = raised_on or session.held_on
    elif channel == IssueChannel.NIGHT_MARKET:
        errors["session"] = "请选择反映诉求的民情夜市"
    if channel not in IssueChannel.values:
        errors["channel"] = "请选择反映渠道"
    if category not in IssueCategory.values:
        errors["category"] = "请选择问题类别"
    _required(errors, {"content": content}, "content", "诉求内容", 2000)
    raised_on = raised_on or clock.today()
    _not_future(errors, raised_on, "raised_on", "反映日期")
    raiser_name, raiser_phone = _text(raiser_name), _text(raiser_phone)
    if anonymous:
        raiser_name, raiser_phone = "", ""
    elif not raiser_name:
        errors["raiser_name"] = "请填写反映人姓名(或选择匿名反映)"
    elif len(raiser_name) > 50:
        errors["raiser_name"] = "反映人姓名不能超过50个字"
    problem = _phone_problem(raiser_phone)
    if problem:
        errors["raiser_phone"] = problem
    if errors:
        raise ValidationError(errors)
    issue = MinqingIssue.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        session=session,
        channel=channel,
        raised_on=raised_on,
        anonymous=anonymous,
        raiser_name=raiser_name,
        raiser_phone=raiser_phone,
        category=category,
        content=_text(content),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=issue, after=audit.snapshot(issue))
    return issue


def _locked_issue(issue: MinqingIssue, actor: Any, action: str) -> MinqingIssue:
    issue = MinqingIssue.objects.select_for_update(of=("self",)).select_related("org").get(pk=issue.pk)
    require(actor is None or can_manage_village(actor, issue.org), "没有办理该诉求的权限")
    problem = rules.issue_action_problem(issue.status, action)
    if problem:
        raise ValidationError({"status": problem})
    return issue


@transaction.atomic
def issue_assign(
    *,
    actor: Any,
    issue: MinqingIssue,
    assignee_name: str = "",
    due_on: dt.date | None = None,
    assignee_person: Person | None = None,
    assigned_on: dt.date | None = None,
) -> MinqingIssue:
    """交办: to a cadre (a name, or a member on the roll) by a deadline; while handling, 改派 to another."""
    issue = _locked_issue(issue, actor, "assign")
    errors: dict[str, str] = {}
    name = _text(assignee_name) or (assignee_person.name if assignee_person is not None else "")
    if not name:
        errors["assignee_name"] = "请填写承办人"
    elif len(name) > 50:
        errors["assignee_name"] = "承办人不能超过50个字"
    assigned_on = assigned_on or clock.today()
    _not_future(errors, assigned_on, "assigned_on", "交办日期")
    if assigned_on < issue.raised_on:
        errors["assigned_on"] = "交办日期不能早于反映日期"
    if due_on is None:
        errors["due_on"] = "请填写办理时限"
    elif due_on < assigned_on:
        errors["due_on"] = "办理时限不能早于交办日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(issue)
    issue.assignee_name, issue.assignee_person = name, assignee_person
    issue.assigned_on, issue.due_on, issue.status = assigned_on, due_on, IssueStatus.HANDLING
    issue.save()
    _updated(actor, issue, before)
    return issue


@transaction.atomic
def issue_resolve(*, actor: Any, issue: MinqingIssue, result: str, resolved_on: dt.date | None = None) -> MinqingIssue:
    """办结: the issue is solved; what was done."""
    issue = _locked_issue(issue, actor, "resolve")
    errors: dict[str, str] = {}
    _required(errors, {"result": result}, "result", "办理结果", 2000)
    resolved_on = resolved_on or clock.today()
    _not_future(errors, resolved_on, "resolved_on", "办结日期")
    if issue.assigned_on and resolved_on < issue.assigned_on:
        errors["resolved_on"] = "办结日期不能早于交办日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(issue)
    issue.result, issue.resolved_on, issue.status = _text(result), resolved_on, IssueStatus.RESOLVED
    issue.save()
    _updated(actor, issue, before)
    return issue


@transaction.atomic
def issue_feedback(
    *, actor: Any, issue: MinqingIssue, feedback: str, feedback_on: dt.date | None = None, note: str = ""
) -> MinqingIssue:
    """回访: what the raiser said of the result (满意/基本满意/不满意)."""
    issue = _locked_issue(issue, actor, "feedback")
    errors: dict[str, str] = {}
    if feedback not in IssueFeedback.values:
        errors["feedback"] = "请选择群众评价"
    feedback_on = feedback_on or clock.today()
    _not_future(errors, feedback_on, "feedback_on", "回访日期")
    if issue.resolved_on and feedback_on < issue.resolved_on:
        errors["feedback_on"] = "回访日期不能早于办结日期"
    if len(_text(note)) > 300:
        errors["feedback_note"] = "回访情况不能超过300个字"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(issue)
    issue.feedback, issue.feedback_on, issue.feedback_note = feedback, feedback_on, _text(note)
    issue.status = IssueStatus.CLOSED
    issue.save()
    _updated(actor, issue, before)
    return issue


@transaction.atomic
def issue_unresolvable(
    *, actor: Any, issue: MinqingIssue, reason: str, explained_on: dt.date | None = None
) -> MinqingIssue:
    """无法解决: why (policy, beyond the village's power …), explained to the raiser on a day."""
    issue = _locked_issue(issue, actor, "unresolvable")
    errors: dict[str, str] = {}
    _required(errors, {"unresolvable_reason": reason}, "unresolvable_reason", "无法解决的原因", 2000)
    explained_on = explained_on or clock.today()
    _not_future(errors, explained_on, "explained_on", "解释日期")
    if explained_on < issue.raised_on:
        errors["explained_on"] = "解释日期不能早于反映日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(issue)
    issue.unresolvable_reason, issue.explained_on = _text(reason), explained_on
    issue.status = IssueStatus.UNRESOLVABLE
    issue.save()
    _updated(actor, issue, before)
    return issue


# --- mediators ----------------------------------------------------------------------------------------------


def _mediator_org_problem(org: Org, level: str) -> str | None:
    if level == MediationLevel.TOWN:
        return None if org.level == OrgLevel.TOWNSHIP and not org.is_dissolved else "镇级调解员应登记在乡镇(街道)党委"
    if level in (MediationLevel.VILLAGE, MediationLevel.GROUP):
        return None if _is_place(org) else "村级、组级调解员应登记在村(社区)党组织"
    return "调解员分镇级、村级、组级"


def _mediator_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    _required(errors, values, "name", "姓名", 50)
    _required(errors, values, "post", "职务", 100)
    if values.get("level") == MediationLevel.GROUP and not _text(values.get("group_name")):
        errors["group_name"] = "组级调解员请填写所在村民小组"
    elif len(_text(values.get("group_name"))) > 50:
        errors["group_name"] = "村民小组不能超过50个字"
    problem = _phone_problem(_text(values.get("phone")))
    if problem:
        errors["phone"] = problem
    _not_future(errors, values.get("appointed_on"), "appointed_on", "聘任日期")
    return errors


@transaction.atomic
def mediator_create(
    *,
    actor: Any,
    org: Org,
    level: str,
    name: str,
    post: str,
    group_name: str = "",
    phone: str = "",
    person: Person | None = None,
    appointed_on: dt.date | None = None,
) -> Mediator:
    """Register a mediator: town level on the township, village and group level on the village."""
    require(actor is None or can_manage_village(actor, org), "没有登记该组织调解员的权限")
    problem = _mediator_org_problem(org, level)
    if problem:
        raise ValidationError({"level": problem})
    values = {"level": level, "name": name, "post": post, "group_name": group_name, "phone": phone}
    errors = _mediator_errors(values | {"appointed_on": appointed_on})
    if errors:
        raise ValidationError(errors)
    mediator = Mediator.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        level=level,
        name=_text(name),
        post=_text(post),
        group_name=_text(group_name) if level == MediationLevel.GROUP else "",
        phone=_text(phone),
        person=person,
        appointed_on=appointed_on,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=mediator, after=audit.snapshot(mediator))
    return mediator


@transaction.atomic
def mediator_update(*, actor: Any, mediator: Mediator, **changes: Any) -> Mediator:
    """Change a mediator's details, or mark them no longer serving (`active=False`)."""
    mediator = Mediator.objects.select_for_update(of=("self",)).select_related("org").get(pk=mediator.pk)
    require(actor is None or can_manage_village(actor, mediator.org), "没有修改该调解员的权限")
    unknown = set(changes) - set(MEDIATOR_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    values = {field: getattr(mediator, field) for field in MEDIATOR_FIELDS} | changes | {"level": mediator.level}
    errors = _mediator_errors(values)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(mediator)
    for field, value in changes.items():
        setattr(mediator, field, value.strip() if isinstance(value, str) else value)
    mediator.save()
    _updated(actor, mediator, before)
    return mediator


# --- disputes -----------------------------------------------------------------------------------------------


def township_of(org: Org) -> Org | None:
    """The township a dispute's org belongs to (itself for a township)."""
    if org.level == OrgLevel.TOWNSHIP:
        return org
    return Org.objects.filter(path=org.path[: -Org.steplen], level=OrgLevel.TOWNSHIP).first()


def can_handle_dispute(user: Any, org: Org, level: str) -> bool:
    """Who mediates at a level: the village (secretary or above) at group and village level; the township's or the
    county's administrators at town level, never the village; the county at county level."""
    if user is None:
        return True
    if level in (MediationLevel.GROUP, MediationLevel.VILLAGE):
        return can_manage_village(user, org)
    if level == MediationLevel.TOWN:
        if org.level == OrgLevel.TOWNSHIP:  # received by the township itself: its own administrators
            return can_manage_orgs(user, org)
        return can_approve(user, org)
    county = Org.objects.filter(pk=org.county_id).first() or org
    return can_set_county_rules(user, county)


def _level_org_problem(org: Org, level: str) -> str | None:
    if level not in MediationLevel.values:
        return "请选择调解层级"
    if org.level == OrgLevel.TOWNSHIP:
        return None if level in (MediationLevel.TOWN, MediationLevel.COUNTY) else "乡镇受理的纠纷应为镇级或县级调解"
    if not _is_place(org):
        return f"纠纷发生地{NOT_A_PLACE}或乡镇(街道)"
    return None


def _mediators_problem(dispute_org: Org, level: str, mediators: Iterable[Mediator]) -> str | None:
    township = township_of(dispute_org)
    for mediator in mediators:
        if not mediator.active:
            return f"{mediator.name}已不在任"
        if mediator.level != level:
            return f"{mediator.name}是{mediator.get_level_display()}调解员,与当前调解层级不符"
        home = township if level == MediationLevel.TOWN else dispute_org
        if home is None or mediator.org_id != home.pk:
            return f"{mediator.name}不是本{'乡镇' if level == MediationLevel.TOWN else '村(社区)'}的调解员"
    return None


@transaction.atomic
def dispute_create(
    *,
    actor: Any,
    org: Org,
    kind: str,
    parties: str,
    summary: str,
    received_on: dt.date,
    level: str,
    mediators: Iterable[Mediator] = (),
) -> Dispute:
    """A dispute received at a level (a group's, the village's, the township's or the county's mediators)."""
    problem = _level_org_problem(org, level)
    if problem:
        raise ValidationError({"level": problem})
    require(can_handle_dispute(actor, org, level), f"没有受理{rules.LEVEL_LABELS[level]}纠纷的权限")
    mediators = list(mediators)
    errors: dict[str, str] = {}
    if kind not in DisputeKind.values:
        errors["kind"] = "请选择纠纷类型"
    _required(errors, {"parties": parties}, "parties", "当事人", 200)
    _required(errors, {"summary": summary}, "summary", "纠纷情况", 5000)
    if received_on is None:
        errors["received_on"] = "请填写受理日期"
    _not_future(errors, received_on, "received_on", "受理日期")
    if level == MediationLevel.COUNTY and mediators:
        errors["mediators"] = "县级调解不选择镇村组调解员"
    problem = _mediators_problem(org, level, mediators)
    if problem:
        errors["mediators"] = problem
    if errors:
        raise ValidationError(errors)
    dispute = Dispute.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        kind=kind,
        parties=_text(parties),
        summary=_text(summary),
        received_on=received_on,
        received_level=level,
        level=level,
    )
    dispute.mediators.set(mediators)
    audit.record(actor=actor, action=AuditAction.CREATE, obj=dispute, after=_dispute_snapshot(dispute))
    return dispute


def _dispute_snapshot(dispute: Dispute) -> dict[str, Any]:
    return audit.snapshot(dispute) | {"mediators": sorted(dispute.mediators.values_list("pk", flat=True))}


def _locked_dispute(dispute: Dispute, actor: Any) -> Dispute:
    dispute = Dispute.objects.select_for_update(of=("self",)).select_related("org").get(pk=dispute.pk)
    label = rules.LEVEL_LABELS[dispute.level]
    require(can_handle_dispute(actor, dispute.org, dispute.level), f"该纠纷在{label}调解,没有办理的权限")
    if dispute.status != DisputeStatus.MEDIATING:
        raise ValidationError({"status": f"该纠纷已{dispute.get_status_display()},不能再办理"})
    return dispute


def _closing_day(errors: dict[str, str], dispute: Dispute, day: dt.date | None, field: str, label: str) -> dt.date:
    day = day or clock.today()
    _not_future(errors, day, field, label)
    if day < dispute.received_on:
        errors[field] = f"{label}不能早于受理日期"
    if dispute.escalated_on and day < dispute.escalated_on:
        errors[field] = f"{label}不能早于上交日期"
    return day


@transaction.atomic
def dispute_mediate(
    *, actor: Any, dispute: Dispute, note: str, held_on: dt.date | None = None, mediator_names: str = ""
) -> MediationSession:
    """Record one mediation at the dispute's current level."""
    dispute = _locked_dispute(dispute, actor)
    errors: dict[str, str] = {}
    _required(errors, {"note": note}, "note", "调解情况", 5000)
    held_on = _closing_day(errors, dispute, held_on, "held_on", "调解日期")
    assigned = dispute.mediators.filter(level=dispute.level).values_list("name", flat=True)
    names = _text(mediator_names) or "、".join(assigned)
    if len(names) > 200:
        errors["mediator_names"] = "调解人员不能超过200个字"
    if errors:
        raise ValidationError(errors)
    row = MediationSession.objects.create(
        county_id=dispute.county_id,
        org_path=dispute.org_path,
        dispute=dispute,
        held_on=held_on,
        level=dispute.level,
        mediator_names=names,
        note=_text(note),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=row, after=audit.snapshot(row))
    return row


@transaction.atomic
def dispute_settle(*, actor: Any, dispute: Dispute, agreement: str, closed_on: dt.date | None = None) -> Dispute:
    """调解成功: the agreement the parties signed."""
    dispute = _locked_dispute(dispute, actor)
    errors: dict[str, str] = {}
    _required(errors, {"agreement": agreement}, "agreement", "调解协议", 5000)
    closed_on = _closing_day(errors, dispute, closed_on, "closed_on", "结案日期")
    if errors:
        raise ValidationError(errors)
    before = _dispute_snapshot(dispute)
    dispute.agreement, dispute.closed_on, dispute.status = _text(agreement), closed_on, DisputeStatus.SETTLED
    dispute.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=dispute, before=before, after=_dispute_snapshot(dispute))
    return dispute


@transaction.atomic
def dispute_escalate(
    *,
    actor: Any,
    dispute: Dispute,
    level: str,
    reason: str,
    escalated_on: dt.date | None = None,
    mediators: Iterable[Mediator] = (),
) -> Dispute:
    """调解不成, 上交: to the next level up only (组级 → 村级 → 镇级 → 县级), never back; the reason is kept as a
    mediation record of the level it leaves."""
    dispute = _locked_dispute(dispute, actor)
    problem = rules.escalation_problem(dispute.level, level)
    if problem:
        raise ValidationError({"level": problem})
    errors: dict[str, str] = {}
    _required(errors, {"reason": reason}, "reason", "上交原因", 2000)
    escalated_on = _closing_day(errors, dispute, escalated_on, "escalated_on", "上交日期")
    mediators = list(mediators)
    problem = _mediators_problem(dispute.org, level, mediators)
    if problem:
        errors["mediators"] = problem
    if errors:
        raise ValidationError(errors)
    before = _dispute_snapshot(dispute)
    MediationSession.objects.create(
        county_id=dispute.county_id,
        org_path=dispute.org_path,
        dispute=dispute,
        held_on=escalated_on,
        level=dispute.level,
        mediator_names="",
        note=f"调解不成,上交{rules.LEVEL_LABELS[level]}:{_text(reason)}",
    )
    dispute.level, dispute.escalated_on = level, escalated_on
    dispute.save()
    dispute.mediators.add(*mediators)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=dispute, before=before, after=_dispute_snapshot(dispute))
    return dispute


@transaction.atomic
def dispute_refer(
    *, actor: Any, dispute: Dispute, target: str, reason: str, closed_on: dt.date | None = None
) -> Dispute:
    """调解不成, 移交: to court, 信访 or arbitration (the parties' choice, or after the county's mediation)."""
    dispute = _locked_dispute(dispute, actor)
    errors: dict[str, str] = {}
    if target not in ReferTarget.values:
        errors["refer_target"] = "请选择移交去向"
    _required(errors, {"refer_reason": reason}, "refer_reason", "调解不成原因", 2000)
    closed_on = _closing_day(errors, dispute, closed_on, "closed_on", "移交日期")
    if errors:
        raise ValidationError(errors)
    before = _dispute_snapshot(dispute)
    dispute.refer_target, dispute.refer_reason = target, _text(reason)
    dispute.closed_on, dispute.status = closed_on, DisputeStatus.REFERRED
    dispute.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=dispute, before=before, after=_dispute_snapshot(dispute))
    return dispute


# --- exports ------------------------------------------------------------------------------------------------

SESSION_HEADERS = (
    "村(社区)",
    "举办日期",
    "开始时间",
    "地点",
    "主持村干部",
    "参加乡镇干部",
    "群众参与人数",
    "议题",
    "诉求数",
)
ISSUE_HEADERS = (
    "村(社区)",
    "反映日期",
    "反映渠道",
    "反映人",
    "问题类别",
    "诉求内容",
    "状态",
    "承办人",
    "办理时限",
    "办结日期",
    "办理结果",
    "群众评价",
)
DISPUTE_HEADERS = ("发生地", "受理日期", "纠纷类型", "当事人", "受理层级", "当前层级", "状态", "结案日期", "结果")
MEDIATOR_HEADERS = ("所属组织", "层级", "姓名", "职务", "村民小组", "联系电话", "聘任日期", "在任")


def sessions_export(*, actor: Any, org: Org | None, sessions: QuerySet[NightMarket], file_name: str) -> bytes:
    rows = [
        [
            s.org.name,
            s.held_on,
            s.starts_at.strftime("%H:%M"),
            s.place,
            s.hosts,
            s.town_cadre,
            s.attendance,
            s.topics,
            getattr(s, "issue_count", 0),
        ]
        for s in sessions.iterator(chunk_size=2000)
    ]
    totals = ["合计", f"{len(rows)}次", "", "", "", "", sum(r[6] for r in rows), "", sum(r[8] for r in rows)]
    sheet = Sheet("民情夜市", SESSION_HEADERS, rows, caption=org.name if org else "", totals=totals)
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_minqing_sessions", file_name=file_name)


def issues_export(*, actor: Any, org: Org | None, issues: QuerySet[MinqingIssue], file_name: str) -> bytes:
    rows = [
        [
            i.org.name,
            i.raised_on,
            i.get_channel_display(),
            "匿名" if i.anonymous else i.raiser_name,
            i.get_category_display(),
            i.content,
            i.get_status_display(),
            i.assignee_name,
            i.due_on,
            i.resolved_on,
            i.result or i.unresolvable_reason,
            i.get_feedback_display() if i.feedback else "",
        ]
        for i in issues.iterator(chunk_size=2000)
    ]
    sheet = Sheet("群众诉求", ISSUE_HEADERS, rows, caption=org.name if org else "", totals=["合计", f"{len(rows)}件"])
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_minqing_issues", file_name=file_name)


def disputes_export(*, actor: Any, org: Org | None, disputes: QuerySet[Dispute], file_name: str) -> bytes:
    rows = [
        [
            d.org.name,
            d.received_on,
            d.get_kind_display(),
            d.parties,
            d.get_received_level_display(),
            d.get_level_display(),
            d.get_status_display(),
            d.closed_on,
            d.agreement or (f"{d.get_refer_target_display()}:{d.refer_reason}" if d.refer_target else ""),
        ]
        for d in disputes.iterator(chunk_size=2000)
    ]
    sheet = Sheet("矛盾纠纷", DISPUTE_HEADERS, rows, caption=org.name if org else "", totals=["合计", f"{len(rows)}件"])
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_mediation_disputes", file_name=file_name)


def mediators_export(*, actor: Any, org: Org | None, mediators: QuerySet[Mediator], file_name: str) -> bytes:
    rows = [
        [
            m.org.name,
            m.get_level_display(),
            m.name,
            m.post,
            m.group_name,
            m.phone,
            m.appointed_on,
            "是" if m.active else "否",
        ]
        for m in mediators.iterator(chunk_size=2000)
    ]
    sheet = Sheet("调解员", MEDIATOR_HEADERS, rows, caption=org.name if org else "", totals=["合计", f"{len(rows)}人"])
    return audited_xlsx(sheet, actor=actor, org=org, kind="service_mediation_mediators", file_name=file_name)
