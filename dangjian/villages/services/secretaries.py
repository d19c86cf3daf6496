"""第一书记 and 驻村工作队 (F4.6): postings, daily sign-ins, leave, work reports, replacement, and the county's rule.

Who does what:
- The county organisation department posts (选派) 第一书记 and 工作队队长, and ends or replaces their postings.
  工作队员 are usually sent by township-level units, so a township administrator over the village may post, end and
  replace 工作队员 (the county may too). The village itself never posts or ends anyone.
- The posted person signs in each day from their own account (the posting's linked person or sign-in account); a
  township administrator over the village may record a missed day for them (代签, marked `proxy`).
- Leave is asked by the person (or the township on their behalf) and approved by the township (or county).
- Work reports are submitted by the person's own account or by the township, and reviewed by the township or
  county (通过/退回 with a reason; an optional score 0–100).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, Gender, OrgLevel, Role
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person, User
from dangjian.core.permissions import _role
from dangjian.core.scoping import org_in_scope
from dangjian.villages import rules
from dangjian.villages.choices import (
    LeaveStatus,
    PostingEndReason,
    PostingRole,
    PostingStatus,
    ReportCycle,
    ReportStatus,
)
from dangjian.villages.models import (
    Posting,
    PostingLeave,
    PostingReport,
    PostingSignIn,
    SecretarySetting,
    WorkTeam,
)
from dangjian.villages.permissions import can_approve, can_set_county_rules, require

SETTING_FIELDS = ("min_days", "exclude_leave", "term_months", "report_cycle")
POSTING_EDITABLE = ("phone", "sending_post", "planned_end_on", "account", "gender", "birth_date")
TEAM_ROLES = (PostingRole.TEAM_LEADER, PostingRole.TEAM_MEMBER)
NOT_COUNTY_ADMIN = "只有县(区)委组织部管理员可以修改第一书记管理设置"


# --- permissions --------------------------------------------------------------------------------------------


def can_post(user: Any, org: Org, role: str) -> bool:
    """第一书记 and 队长: the county; 工作队员: the township or county over the village (never the village itself)."""
    if user is None:
        return True
    if role == PostingRole.TEAM_MEMBER:
        return can_approve(user, org)
    return _role(user) == Role.COUNTY_ADMIN and org_in_scope(org, user)


def is_posted_person(user: Any, posting: Posting) -> bool:
    """The posted person's own account: the posting's sign-in account, or an account of its linked person."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if posting.account_id is not None and posting.account_id == user.pk:
        return True
    return posting.person_id is not None and getattr(user, "person_id", None) == posting.person_id


def can_act_for_posting(user: Any, posting: Posting) -> bool:
    """Sign-in (代签), leave, reports: the person themself, or the township/county over the village."""
    return user is None or is_posted_person(user, posting) or can_approve(user, posting.org)


# --- settings -----------------------------------------------------------------------------------------------


def setting_for(county_id: int | None) -> SecretarySetting:
    """The county's saved rule, or an unsaved row with the defaults."""
    setting = SecretarySetting.objects.filter(county_id=county_id).first() if county_id else None
    return setting or SecretarySetting(county_id=county_id)


@transaction.atomic
def secretary_setting_update(*, actor: Any, county: Org, **values: Any) -> SecretarySetting:
    """Save the county's presence rule; values not given keep theirs."""
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "第一书记管理设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), NOT_COUNTY_ADMIN)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    errors: dict[str, str] = {}
    if "min_days" in values and (problem := rules.presence_min_days_problem(values["min_days"])):
        errors["min_days"] = problem
    term = values.get("term_months", 24)
    if not isinstance(term, int) or isinstance(term, bool) or not 1 <= term <= 120:
        errors["term_months"] = "任期应为1至120个月"
    if "report_cycle" in values and values["report_cycle"] not in ReportCycle.values:
        errors["report_cycle"] = "请选择工作实绩申报周期"
    if errors:
        raise ValidationError(errors)
    setting = SecretarySetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    setting = setting or SecretarySetting(county=county)
    for name, value in values.items():
        setattr(setting, name, value)
    setting.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- postings -----------------------------------------------------------------------------------------------


def _is_village(org: Org) -> bool:
    from dangjian.villages.selectors.common import village_q

    return Org.objects.filter(village_q(), pk=org.pk).exists()


def _team_for(org: Org, team: WorkTeam | None, sending_unit: str, started_on: dt.date) -> WorkTeam:
    """The given team (which must be the village's), else the village's team, made on first use."""
    if team is not None:
        if team.org_id != org.pk:
            raise ValidationError({"team": "驻村工作队应为该村的工作队"})
        return team
    found = WorkTeam.objects.filter(org=org).order_by("-formed_on", "-id").first()
    if found is not None:
        return found
    short = org.short_name if getattr(org, "short_name", "") else org.name.removesuffix("党支部").removesuffix("党总支")
    team = WorkTeam.objects.create(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        name=f"{short}驻村工作队",
        sending_unit=sending_unit,
        formed_on=started_on,
    )
    audit.record(actor=None, action=AuditAction.CREATE, obj=team, after=audit.snapshot(team))
    return team


def _posting_errors(values: dict[str, Any], today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("role") not in PostingRole.values:
        errors["role"] = "请选择身份"
    for field, label in (("name", "姓名"), ("sending_unit", "派出单位")):
        if not (values.get(field) or "").strip():
            errors[field] = f"请填写{label}"
    for field, label, limit in (
        ("name", "姓名", 50),
        ("sending_unit", "派出单位", 100),
        ("sending_post", "原单位职务", 100),
        ("phone", "联系电话", 20),
    ):
        if len((values.get(field) or "").strip()) > limit:
            errors[field] = f"{label}不超过{limit}个字"
    started = values.get("started_on")
    if not isinstance(started, dt.date):
        errors["started_on"] = "请填写任职开始日期"
    elif started > today + dt.timedelta(days=366):
        errors["started_on"] = "任职开始日期不能晚于一年以后"
    planned = values.get("planned_end_on")
    if isinstance(started, dt.date) and isinstance(planned, dt.date) and planned < started:
        errors["planned_end_on"] = "计划结束日期不能早于任职开始日期"
    birth = values.get("birth_date")
    if birth is not None and (birth > today or birth.year < 1940):
        errors["birth_date"] = "出生日期无效"
    return errors


@transaction.atomic
def posting_create(
    *,
    actor: Any,
    org: Org,
    role: str,
    name: str = "",
    sending_unit: str,
    started_on: dt.date,
    planned_end_on: dt.date | None = None,
    gender: str = "",
    birth_date: dt.date | None = None,
    sending_post: str = "",
    phone: str = "",
    person: Person | None = None,
    account: User | None = None,
    team: WorkTeam | None = None,
    predecessor: Posting | None = None,
) -> Posting:
    """Post someone to a village. A linked member fills name, gender, birth date and phone when left blank; 队长 and
    队员 join the village's work team (made on first use); a village has one 第一书记 at a time."""
    require(can_post(actor, org, role), "没有选派该身份驻村人员的权限")
    if person is not None:
        name = name or person.name
        gender = gender or person.gender
        birth_date = birth_date or person.birth_date
        phone = phone or (person.phone or "")
    today = clock.today()
    if planned_end_on is None and isinstance(started_on, dt.date):
        planned_end_on = rules.posting_planned_end(started_on, setting_for(org.county_id).term_months)
    values = {
        "role": role,
        "name": name,
        "sending_unit": sending_unit,
        "sending_post": sending_post,
        "phone": phone,
        "started_on": started_on,
        "planned_end_on": planned_end_on,
        "birth_date": birth_date,
    }
    errors = _posting_errors(values, today)
    if not _is_village(org):
        errors["org"] = f"{org.name}不是村党组织,不能选派驻村人员"
    if gender and gender not in Gender.values:
        errors["gender"] = "性别不是有效选项"
    if account is not None and not account.is_active:
        errors["account"] = "签到账号已停用"
    if role == PostingRole.FIRST_SECRETARY and not errors:
        current = Posting.objects.filter(org=org, role=role, status=PostingStatus.ACTIVE).first()
        if current is not None:
            errors["role"] = f"{org.name}已有在岗第一书记{current.name},请先办理轮换或撤换"
    if person is not None and not errors:
        twice = Posting.objects.filter(person=person, status=PostingStatus.ACTIVE).exclude(
            pk=predecessor.pk if predecessor else None
        )
        if twice.exists():
            errors["person"] = f"{person.name}已在其他村驻村任职"
    if errors:
        raise ValidationError(errors)
    team = _team_for(org, team, sending_unit, started_on) if role in TEAM_ROLES else team
    if team is not None and team.org_id != org.pk:
        raise ValidationError({"team": "驻村工作队应为该村的工作队"})
    posting = Posting(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        team=team,
        role=role,
        person=person,
        account=account,
        name=name.strip(),
        gender=gender or "",
        birth_date=birth_date,
        sending_unit=sending_unit.strip(),
        sending_post=(sending_post or "").strip(),
        phone=(phone or "").strip(),
        started_on=started_on,
        planned_end_on=planned_end_on,
        predecessor=predecessor,
    )
    posting.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=posting, after=audit.snapshot(posting))
    return posting


@transaction.atomic
def posting_update(*, actor: Any, posting: Posting, **changes: Any) -> Posting:
    """Correct the contact details, planned end or sign-in account of a posting."""
    posting = Posting.objects.select_for_update(of=("self",)).select_related("org").get(pk=posting.pk)
    require(can_post(actor, posting.org, posting.role), "没有修改该驻村人员信息的权限")
    unknown = set(changes) - set(POSTING_EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    values = {f: getattr(posting, f) for f in ("role", "name", "sending_unit", "sending_post", "phone", "started_on")}
    values |= {"planned_end_on": posting.planned_end_on, "birth_date": posting.birth_date} | changes
    errors = _posting_errors(values, clock.today())
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(posting)
    for field, value in changes.items():
        setattr(posting, field, value.strip() if isinstance(value, str) else value)
    posting.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=posting, before=before, after=audit.snapshot(posting))
    return posting


@transaction.atomic
def posting_end(
    *,
    actor: Any,
    posting: Posting,
    reason: str,
    note: str = "",
    ended_on: dt.date | None = None,
    successor: dict[str, Any] | None = None,
) -> tuple[Posting, Posting | None]:
    """End a posting (轮换 or 撤换) with its reason; 不在村居住 and 履职不力 are a 撤换 (已召回/撤换), the rest 已轮换.
    With `successor` (the new person's values), the successor's posting in the same village and role starts the
    same day, in the same transaction. The ended posting, its sign-ins and reports stay."""
    posting = Posting.objects.select_for_update(of=("self",)).select_related("org").get(pk=posting.pk)
    require(can_post(actor, posting.org, posting.role), "没有办理该驻村人员轮换或撤换的权限")
    today = clock.today()
    ended_on = ended_on or today
    errors: dict[str, str] = {}
    if posting.status != PostingStatus.ACTIVE:
        errors["reason"] = f"{posting.name}已于{posting.ended_on:%Y-%m-%d}结束驻村任职"
    if reason not in PostingEndReason.values:
        errors["reason"] = "请选择结束原因"
    elif reason == PostingEndReason.OTHER and not (note or "").strip():
        errors["note"] = "结束原因为“其他”时请填写说明"
    if len((note or "").strip()) > 200:
        errors["note"] = "结束说明不超过200个字"
    if ended_on > today:
        errors["ended_on"] = "结束日期不能晚于今天"
    elif ended_on < posting.started_on:
        errors["ended_on"] = "结束日期不能早于任职开始日期"
    elif posting.signins.filter(day__gt=ended_on).exists():
        errors["ended_on"] = "结束日期之后已有签到记录"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(posting)
    posting.status = PostingStatus.RECALLED if rules.posting_is_recall(reason) else PostingStatus.ROTATED
    posting.ended_on = ended_on
    posting.end_reason = reason
    posting.end_note = (note or "").strip()
    posting.save(update_fields=["status", "ended_on", "end_reason", "end_note", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=posting, before=before, after=audit.snapshot(posting))
    follower = None
    if successor:
        values = dict(successor)
        values.setdefault("started_on", ended_on)
        values.setdefault("sending_unit", posting.sending_unit)
        values.setdefault("team", posting.team)
        try:
            follower = posting_create(actor=actor, org=posting.org, role=posting.role, predecessor=posting, **values)
        except ValidationError as exc:
            raise ValidationError({f"successor_{key}": value for key, value in exc.message_dict.items()}) from None
    return posting, follower


# --- sign-ins -----------------------------------------------------------------------------------------------


def _coordinate(value: Any, field: str, label: str, limit: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}应为数字"}) from None
    if not number.is_finite() or abs(number) > limit:
        raise ValidationError({field: f"{label}超出范围"})
    return number


@transaction.atomic
def signin_create(
    *,
    actor: Any,
    posting: Posting,
    day: dt.date | None = None,
    place: str = "",
    latitude: Any = None,
    longitude: Any = None,
) -> PostingSignIn:
    """One sign-in a day, not in the future, inside the posting. The person signs in for today; the township may
    record another day for them (代签, marked)."""
    posting = Posting.objects.select_related("org").get(pk=posting.pk)
    own = is_posted_person(actor, posting)
    require(actor is None or own or can_approve(actor, posting.org), "只有驻村人员本人可以签到")
    today = clock.today()
    day = day or today
    if own and day != today:
        raise ValidationError({"day": "本人只能为今天签到"})
    if posting.status != PostingStatus.ACTIVE and posting.ended_on is not None and day > posting.ended_on:
        raise ValidationError({"day": f"签到日期晚于任职结束日期({posting.ended_on:%Y-%m-%d})"})
    problem = rules.posting_signin_problem(day, today, posting.started_on, posting.ended_on)
    if problem:
        raise ValidationError({"day": problem})
    if len((place or "").strip()) > 100:
        raise ValidationError({"place": "签到地点不超过100个字"})
    lat = _coordinate(latitude, "latitude", "纬度", 90)
    lng = _coordinate(longitude, "longitude", "经度", 180)
    if PostingSignIn.objects.filter(posting=posting, day=day).exists():
        raise ValidationError({"day": f"{day:%Y-%m-%d}已签到,每天只签到一次"})
    signin = PostingSignIn(
        county_id=posting.county_id,
        org_path=posting.org_path,
        posting=posting,
        day=day,
        signed_at=timezone.now(),
        place=(place or "").strip(),
        latitude=lat,
        longitude=lng,
        proxy=actor is not None and not own,
    )
    signin.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=signin, after=audit.snapshot(signin))
    return signin


# --- leave --------------------------------------------------------------------------------------------------


@transaction.atomic
def leave_create(*, actor: Any, posting: Posting, starts_on: dt.date, ends_on: dt.date, reason: str) -> PostingLeave:
    """Ask for leave from the village (the person, or the township for them); the township approves it."""
    posting = Posting.objects.select_related("org").get(pk=posting.pk)
    require(can_act_for_posting(actor, posting), "没有为该驻村人员请假的权限")
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = "请填写请假事由"
    elif len(reason.strip()) > 200:
        errors["reason"] = "请假事由不超过200个字"
    if not isinstance(starts_on, dt.date) or not isinstance(ends_on, dt.date):
        errors["starts_on"] = "请填写请假日期"
    elif problem := rules.posting_leave_problem(starts_on, ends_on, posting.started_on, posting.ended_on):
        errors["ends_on" if "结束" in problem else "starts_on"] = problem
    elif (
        PostingLeave.objects.filter(posting=posting, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .exclude(status=LeaveStatus.REFUSED)
        .exists()
    ):
        errors["starts_on"] = "与已有的请假日期重叠"
    if errors:
        raise ValidationError(errors)
    leave = PostingLeave(
        county_id=posting.county_id,
        org_path=posting.org_path,
        posting=posting,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
    )
    leave.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=leave, after=audit.snapshot(leave))
    return leave


@transaction.atomic
def leave_decide(*, actor: Any, leave: PostingLeave, approve: bool, note: str = "") -> PostingLeave:
    """The township (or county) approves or refuses a pending leave; a refusal gives the reason."""
    leave = PostingLeave.objects.select_for_update(of=("self",)).select_related("posting__org").get(pk=leave.pk)
    require(actor is None or can_approve(actor, leave.posting.org), "只有乡镇(街道)或县级管理员可以审批请假")
    if leave.status != LeaveStatus.PENDING:
        raise ValidationError({"status": f"该请假已{leave.get_status_display()}"})
    if not approve and not (note or "").strip():
        raise ValidationError({"note": "不批准时请填写理由"})
    if len((note or "").strip()) > 200:
        raise ValidationError({"note": "审批意见不超过200个字"})
    before = audit.snapshot(leave)
    leave.status = LeaveStatus.APPROVED if approve else LeaveStatus.REFUSED
    leave.decision_note = (note or "").strip()
    leave.decided_on = clock.today()
    leave.save(update_fields=["status", "decision_note", "decided_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=leave, before=before, after=audit.snapshot(leave))
    return leave


# --- work reports -------------------------------------------------------------------------------------------


@transaction.atomic
def report_submit(
    *,
    actor: Any,
    posting: Posting,
    period: dt.date,
    content: str,
    achievements: str = "",
    problems: str = "",
    cycle: str | None = None,
) -> PostingReport:
    """Submit (or, after a return, resubmit) the work report of a month or quarter within the posting, not ahead."""
    posting = Posting.objects.select_related("org").get(pk=posting.pk)
    require(can_act_for_posting(actor, posting), "只有驻村人员本人或乡镇(街道)可以申报工作实绩")
    cycle = cycle or setting_for(posting.county_id).report_cycle
    errors: dict[str, str] = {}
    if cycle not in ReportCycle.values:
        errors["cycle"] = "请选择申报周期"
    if not isinstance(period, dt.date):
        errors["period"] = "请填写申报期间"
    if not (content or "").strip():
        errors["content"] = "请填写主要工作"
    if errors:
        raise ValidationError(errors)
    start = rules.report_period_start(cycle, period)
    today = clock.today()
    if start > today:
        errors["period"] = "不能申报以后期间的工作实绩"
    elif start > (posting.ended_on or today) or rules.report_period_start(cycle, posting.started_on) > start:
        errors["period"] = "申报期间应在任职期间内"
    if errors:
        raise ValidationError(errors)
    report = PostingReport.objects.select_for_update().filter(posting=posting, cycle=cycle, period=start).first()
    text = {
        "content": content.strip(),
        "achievements": (achievements or "").strip(),
        "problems": (problems or "").strip(),
    }
    if report is not None:
        if report.status != ReportStatus.RETURNED:
            label = rules.report_period_label(cycle, start)
            raise ValidationError({"period": f"{label}的工作实绩已申报({report.get_status_display()})"})
        before = audit.snapshot(report)
        for field, value in text.items():
            setattr(report, field, value)
        report.status, report.submitted_on, report.reviewed_on = ReportStatus.SUBMITTED, today, None
        report.save()
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=report, before=before, after=audit.snapshot(report))
        return report
    report = PostingReport(
        county_id=posting.county_id,
        org_path=posting.org_path,
        posting=posting,
        cycle=cycle,
        period=start,
        submitted_on=today,
        **text,
    )
    report.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def report_review(
    *, actor: Any, report: PostingReport, approve: bool, note: str = "", score: int | None = None
) -> PostingReport:
    """The township (or county) passes a report (with an optional score) or returns it with the reason."""
    report = PostingReport.objects.select_for_update(of=("self",)).select_related("posting__org").get(pk=report.pk)
    require(actor is None or can_approve(actor, report.posting.org), "只有乡镇(街道)或县级管理员可以审核工作实绩")
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError({"status": f"该申报{report.get_status_display()},不在待审核状态"})
    errors: dict[str, str] = {}
    if not approve and not (note or "").strip():
        errors["note"] = "退回时请填写理由"
    if len((note or "").strip()) > 200:
        errors["note"] = "审核意见不超过200个字"
    if problem := rules.report_score_problem(score):
        errors["score"] = problem
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(report)
    report.status = ReportStatus.APPROVED if approve else ReportStatus.RETURNED
    report.review_note = (note or "").strip()
    report.score = score if approve else None
    report.reviewed_on = clock.today()
    report.save(update_fields=["status", "review_note", "score", "reviewed_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=report, before=before, after=audit.snapshot(report))
    return report


# --- exports ------------------------------------------------------------------------------------------------

POSTING_HEADERS = [
    "姓名",
    "身份",
    "驻村",
    "驻村工作队",
    "派出单位",
    "原单位职务",
    "联系电话",
    "任职开始",
    "计划结束",
    "实际结束",
    "状态",
    "结束原因",
]
PRESENCE_HEADERS = ["姓名", "身份", "驻村", "派出单位", "在村天数", "批准请假天数", "规定天数", "是否不足", "情况"]


def postings_export(*, actor: Any, org: Org | None, postings: Any, file_name: str) -> bytes:
    """The listed postings as .xlsx (audited)."""
    rows = [
        [
            p.name,
            p.get_role_display(),
            p.org.name,
            p.team.name if p.team else "",
            p.sending_unit,
            p.sending_post,
            p.phone,
            p.started_on,
            p.planned_end_on,
            p.ended_on or "",
            p.get_status_display(),
            (p.get_end_reason_display() + (f"({p.end_note})" if p.end_note else "")) if p.end_reason else "",
        ]
        for p in postings.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("第一书记和驻村工作队", POSTING_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="village_postings",
        file_name=file_name,
    )
    return content


def presence_export(*, actor: Any, org: Org | None, month: dt.date, rows: list[Any], file_name: str) -> bytes:
    """A month's presence list (days in the village against the county's rule) as .xlsx (audited)."""
    table = [
        [
            r.posting.name,
            r.posting.get_role_display(),
            r.posting.org.name,
            r.posting.sending_unit,
            r.days,
            r.leave_days,
            r.required,
            "不足" if r.below else "达标",
            r.text,
        ]
        for r in rows
    ]
    caption = f"{org.name if org else ''} {month.year}年{month.month}月在村天数"
    content = audited_xlsx(
        Sheet("在村天数", PRESENCE_HEADERS, table, caption=caption),
        actor=actor,
        org=org,
        kind="village_presence",
        file_name=file_name,
    )
    return content
