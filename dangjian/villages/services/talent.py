"""Writes of the talent pools (F4.7): talent records and their status (在库/已使用/退出), service teams and their
members, secondments (挂职) with their terms and early ends, "1+N" mentoring pairs with their notes, the county's
reserve-cadre settings, and the audited exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, Education, Gender, OrgKind, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.rules import is_valid_phone
from dangjian.villages import rules
from dangjian.villages.choices import (
    ExpertField,
    MentoringStatus,
    PoliticalStatus,
    SecondmentStatus,
    ServiceTeamKind,
    TalentPool,
    TalentStatus,
)
from dangjian.villages.models import (
    MentoringMentee,
    MentoringNote,
    MentoringPair,
    Secondment,
    ServiceTeam,
    ServiceTeamMember,
    Talent,
    TalentSetting,
)
from dangjian.villages.permissions import can_manage_village, can_set_county_rules, require

TALENT_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "education",
    "political_status",
    "phone",
    "speciality",
    "expert_field",
    "started_business",
    "business",
    "entry_date",
    "notes",
    "person",
)
SETTING_FIELDS = ("min_reserve_per_village", "reserve_max_age", "reserve_min_education")
SECONDMENT_FIELDS = ("from_unit", "original_post", "post", "term_months", "notes")
MENTEE_POOLS = (TalentPool.RESERVE, TalentPool.GRADUATE)
MAX_TERM_MONTHS = 60
MIN_TALENT_AGE = 16


def _text(value: Any) -> str:
    return (value or "").strip() if isinstance(value, str) or value is None else str(value)


def _org_problem(org: Org) -> str | None:
    """Talent is kept by a village (or community) branch or by a township."""
    if org.is_dissolved:
        return f"{org.name}已撤销"
    if org.level not in (OrgLevel.GRASSROOTS, OrgLevel.TOWNSHIP) or org.kind == OrgKind.PARTY_GROUP:
        return "人才只能登记在村(社区)党组织或乡镇(街道)党委"
    return None


# --- settings -----------------------------------------------------------------------------------------------


def setting_for(county_id: int | None) -> TalentSetting:
    """The county's saved settings, or an unsaved row holding the defaults."""
    setting = TalentSetting.objects.filter(county_id=county_id).first() if county_id else None
    return setting or TalentSetting(county_id=county_id)


@transaction.atomic
def talent_setting_update(*, actor: Any, county: Org, **values: Any) -> TalentSetting:
    """Save the county's reserve-cadre preferences; values not given keep theirs."""
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "人才队伍设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), "只有县委组织部可以修改人才队伍设置")
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    errors: dict[str, str] = {}
    minimum = values.get("min_reserve_per_village", 0)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or not 0 <= minimum <= 20:
        errors["min_reserve_per_village"] = "每村至少后备干部应为0至20名"
    max_age = values.get("reserve_max_age", rules.RESERVE_MAX_AGE)
    if not isinstance(max_age, int) or isinstance(max_age, bool) or not 18 <= max_age <= 70:
        errors["reserve_max_age"] = "后备干部年龄上限应为18至70岁"
    if values.get("reserve_min_education", rules.RESERVE_MIN_EDUCATION) not in Education.values:
        errors["reserve_min_education"] = "学历要求不是有效选项"
    if errors:
        raise ValidationError(errors)
    setting = TalentSetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    setting = setting or TalentSetting(county=county)
    for name, value in values.items():
        setattr(setting, name, value)
    setting.full_clean(validate_constraints=False)
    setting.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=audit.snapshot(setting))
    return setting


# --- talent records -----------------------------------------------------------------------------------------


def _talent_errors(values: dict[str, Any], org: Org, pool: str, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    today = clock.today()
    if not _text(values.get("name")):
        errors["name"] = "请填写姓名"
    if values.get("gender") not in Gender.values:
        errors["gender"] = "请选择性别"
    if values.get("education") not in Education.values:
        errors["education"] = "请选择学历"
    if values.get("political_status") not in PoliticalStatus.values:
        errors["political_status"] = "请选择政治面貌"
    birth, entry = values.get("birth_date"), values.get("entry_date")
    if birth is None:
        errors["birth_date"] = "请填写出生日期"
    elif rules.talent_age(birth, today) < MIN_TALENT_AGE:
        errors["birth_date"] = f"出生日期有误:入库人员应年满{MIN_TALENT_AGE}周岁"
    if entry is None:
        errors["entry_date"] = "请填写入库日期"
    elif entry > today:
        errors["entry_date"] = "入库日期不能晚于今天"
    elif birth is not None and entry <= birth:
        errors["entry_date"] = "入库日期应晚于出生日期"
    phone = _text(values.get("phone"))
    if phone and not is_valid_phone(phone):
        errors["phone"] = "联系电话格式不正确(手机号11位,或区号-座机号)"
    expert_field = values.get("expert_field") or ""
    if pool == TalentPool.EXPERT and not expert_field:
        errors["expert_field"] = "专家人才请选择专业领域"
    elif expert_field and expert_field not in ExpertField.values:
        errors["expert_field"] = "专业领域不是有效选项"
    if _text(values.get("business")) and not values.get("started_business"):
        errors["business"] = "填写创业项目时请勾选“已创业”"
    person = values.get("person")
    if person is not None:
        if person.county_id != org.county_id:
            errors["person"] = "对应党员应为本县(区)的党员"
        else:
            clash = Talent.objects.filter(person=person, pool=pool).exclude(status=TalentStatus.EXITED)
            if exclude is not None:
                clash = clash.exclude(pk=exclude)
            if clash.exists():
                errors["person"] = f"{person.name}已在“{TalentPool(pool).label}”库中"
    return errors


def _from_person(values: dict[str, Any]) -> dict[str, Any]:
    """A record linked to a member takes the member's name, gender, birth date and education when left empty."""
    person: Person | None = values.get("person")
    if person is None:
        return values
    filled = dict(values)
    for name in ("name", "gender", "birth_date", "education"):
        if not filled.get(name):
            filled[name] = getattr(person, name)
    if not filled.get("political_status"):
        filled["political_status"] = PoliticalStatus.MEMBER
    if not filled.get("phone"):
        filled["phone"] = person.phone
    return filled


@transaction.atomic
def talent_create(*, actor: Any, org: Org, pool: str, entry_date: dt.date | None = None, **values: Any) -> Talent:
    """Enter a person in a pool of a village or township (在库)."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织登记人才的权限")
    unknown = set(values) - set(TALENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此填写"))
    if pool not in TalentPool.values:
        raise ValidationError({"pool": "人才类别不是有效选项"})
    problem = _org_problem(org)
    if problem:
        raise ValidationError({"org": problem})
    values = _from_person(values | {"entry_date": entry_date or clock.today()})
    errors = _talent_errors(values, org, pool)
    if errors:
        raise ValidationError(errors)
    talent = Talent(county_id=org.county_id, org=org, org_path=org.path, pool=pool)
    for name, value in values.items():
        setattr(talent, name, value.strip() if isinstance(value, str) else value)
    talent.full_clean(exclude=["county"], validate_constraints=False)
    talent.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=talent, after=audit.snapshot(talent))
    return talent


@transaction.atomic
def talent_update(*, actor: Any, talent: Talent, **changes: Any) -> Talent:
    """Correct a record's facts; the status changes only through `talent_set_status`."""
    talent = Talent.objects.select_for_update(of=("self",)).select_related("org").get(pk=talent.pk)
    require(actor is None or can_manage_village(actor, talent.org), "没有修改该人才信息的权限")
    unknown = set(changes) - set(TALENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    values = {name: getattr(talent, name) for name in TALENT_FIELDS} | changes
    errors = _talent_errors(values, talent.org, talent.pool, exclude=talent.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(talent)
    for name, value in changes.items():
        setattr(talent, name, value.strip() if isinstance(value, str) else value)
    talent.full_clean(exclude=["county"], validate_constraints=False)
    talent.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=talent, before=before, after=audit.snapshot(talent))
    return talent


@transaction.atomic
def talent_set_status(
    *, actor: Any, talent: Talent, status: str, reason: str = "", on: dt.date | None = None
) -> Talent:
    """在库 → 已使用 (e.g. elected to 村两委) or 退出, with the reason and date; 退出 also ends the person's team
    and mentee rows. Back to 在库 (重新入库) needs no reason."""
    talent = Talent.objects.select_for_update(of=("self",)).select_related("org").get(pk=talent.pk)
    require(actor is None or can_manage_village(actor, talent.org), "没有变更该人才状态的权限")
    problem = rules.talent_transition_problem(talent.status, status)
    if problem:
        raise ValidationError({"status": problem})
    on = on or clock.today()
    reason = _text(reason)
    errors: dict[str, str] = {}
    if status != TalentStatus.ACTIVE and not reason:
        errors["reason"] = "请填写使用或退出的原因"
    elif len(reason) > 200:
        errors["reason"] = "原因不能超过200个字"
    if on > clock.today():
        errors["on"] = "变更日期不能晚于今天"
    elif on < talent.entry_date:
        errors["on"] = "变更日期不能早于入库日期"
    if status == TalentStatus.ACTIVE and talent.person_id is not None:
        clash = Talent.objects.filter(person_id=talent.person_id, pool=talent.pool).exclude(pk=talent.pk)
        if clash.exclude(status=TalentStatus.EXITED).exists():
            errors["status"] = f"{talent.name}已在“{talent.get_pool_display()}”库中"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(talent)
    talent.status, talent.status_reason, talent.status_date = status, reason, on
    talent.save(update_fields=["status", "status_reason", "status_date", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=talent, before=before, after=audit.snapshot(talent))
    if status == TalentStatus.EXITED:
        for row in list(ServiceTeamMember.objects.filter(talent=talent, left_on__isnull=True)) + list(
            MentoringMentee.objects.filter(talent=talent, ended_on__isnull=True)
        ):
            row_before = audit.snapshot(row)
            field = "left_on" if isinstance(row, ServiceTeamMember) else "ended_on"
            setattr(row, field, max(on, row.joined_on))
            row.save(update_fields=[field])
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=row, before=row_before, after=audit.snapshot(row))
    return talent


# --- service teams ------------------------------------------------------------------------------------------


@transaction.atomic
def team_create(
    *,
    actor: Any,
    org: Org,
    name: str,
    kind: str,
    service_area: str = "",
    founded_on: dt.date | None = None,
) -> ServiceTeam:
    """A service team of a village or township (农技服务队…); talent records join it."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织组建服务队的权限")
    errors: dict[str, str] = {}
    name = _text(name)
    founded_on = founded_on or clock.today()
    if problem := _org_problem(org):
        errors["org"] = problem
    if not name:
        errors["name"] = "请填写队伍名称"
    elif ServiceTeam.objects.filter(org=org, name=name).exists():
        errors["name"] = f"本组织已有名为“{name}”的服务队"
    if kind not in ServiceTeamKind.values:
        errors["kind"] = "请选择队伍类别"
    if founded_on > clock.today():
        errors["founded_on"] = "成立日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    team = ServiceTeam(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        name=name,
        kind=kind,
        service_area=_text(service_area),
        founded_on=founded_on,
    )
    team.full_clean(exclude=["county"], validate_unique=False, validate_constraints=False)
    team.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=team, after=audit.snapshot(team))
    return team


@transaction.atomic
def team_dissolve(*, actor: Any, team: ServiceTeam, on: dt.date | None = None) -> ServiceTeam:
    """Dissolve a team; its members' rows are closed on the same day."""
    team = ServiceTeam.objects.select_for_update(of=("self",)).select_related("org").get(pk=team.pk)
    require(actor is None or can_manage_village(actor, team.org), "没有解散该服务队的权限")
    if team.dissolved_on is not None:
        raise ValidationError({"dissolved_on": "该服务队已解散"})
    on = on or clock.today()
    if on < team.founded_on or on > clock.today():
        raise ValidationError({"dissolved_on": "解散日期应在成立日期与今天之间"})
    before = audit.snapshot(team)
    team.dissolved_on = on
    team.save(update_fields=["dissolved_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=team, before=before, after=audit.snapshot(team))
    for member in team.members.filter(left_on__isnull=True):
        row_before = audit.snapshot(member)
        member.left_on = max(on, member.joined_on)
        member.save(update_fields=["left_on"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=member, before=row_before, after=audit.snapshot(member)
        )
    return team


@transaction.atomic
def team_member_add(*, actor: Any, team: ServiceTeam, talent: Talent, is_leader: bool = False) -> ServiceTeamMember:
    """A talent record of the team's org (or below) joins; someone who left joins again on the same row."""
    team = ServiceTeam.objects.select_for_update(of=("self",)).select_related("org").get(pk=team.pk)
    talent = Talent.objects.get(pk=talent.pk)
    require(actor is None or can_manage_village(actor, team.org), "没有为该服务队添加队员的权限")
    if team.dissolved_on is not None:
        raise ValidationError({"team": "该服务队已解散"})
    if not talent.org_path.startswith(team.org_path):
        raise ValidationError({"talent": f"只有{team.org.name}及下级组织的人才可以加入该服务队"})
    if talent.status == TalentStatus.EXITED:
        raise ValidationError({"talent": f"{talent.name}已退出人才库"})
    today = clock.today()
    if is_leader and team.members.filter(is_leader=True, left_on__isnull=True).exclude(talent=talent).exists():
        raise ValidationError({"is_leader": "该服务队已有队长"})
    member = ServiceTeamMember.objects.select_for_update().filter(team=team, talent=talent).first()
    if member is not None and member.left_on is None:
        raise ValidationError({"talent": f"{talent.name}已是该服务队队员"})
    if member is not None:
        before = audit.snapshot(member)
        member.joined_on, member.left_on, member.is_leader = today, None, is_leader
        member.save(update_fields=["joined_on", "left_on", "is_leader"])
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=member, before=before, after=audit.snapshot(member))
        return member
    member = ServiceTeamMember(
        county_id=team.county_id,
        org_path=team.org_path,
        team=team,
        talent=talent,
        is_leader=is_leader,
        joined_on=today,
    )
    member.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=member, after=audit.snapshot(member))
    return member


@transaction.atomic
def team_member_leave(*, actor: Any, member: ServiceTeamMember) -> ServiceTeamMember:
    member = (
        ServiceTeamMember.objects.select_for_update(of=("self",))
        .select_related("team__org", "talent")
        .get(pk=member.pk)
    )
    require(actor is None or can_manage_village(actor, member.team.org), "没有为该队员办理退出的权限")
    if member.left_on is not None:
        raise ValidationError({"left_on": f"{member.talent.name}已于{member.left_on:%Y-%m-%d}退出该服务队"})
    before = audit.snapshot(member)
    member.left_on = max(clock.today(), member.joined_on)
    member.is_leader = False
    member.save(update_fields=["left_on", "is_leader"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=member, before=before, after=audit.snapshot(member))
    return member


# --- secondments --------------------------------------------------------------------------------------------


def _term_error(months: Any) -> str | None:
    if not isinstance(months, int) or isinstance(months, bool) or not 1 <= months <= MAX_TERM_MONTHS:
        return f"挂职期限应为1至{MAX_TERM_MONTHS}个月"
    return None


@transaction.atomic
def secondment_create(
    *,
    actor: Any,
    org: Org,
    post: str,
    start: dt.date,
    term_months: int,
    name: str = "",
    from_unit: str = "",
    from_org: Org | None = None,
    person: Person | None = None,
    original_post: str = "",
    notes: str = "",
) -> Secondment:
    """A person from a unit (an office, a department, another org) serving `term_months` in a township or village;
    the term ends on start + N months (month-end clamped)."""
    require(actor is None or can_manage_village(actor, org), "没有为该单位登记挂职的权限")
    errors: dict[str, str] = {}
    name = _text(name) or (person.name if person is not None else "")
    from_unit = _text(from_unit) or (from_org.name if from_org is not None else "")
    if problem := _org_problem(org):
        errors["org"] = problem
    if not name:
        errors["name"] = "请填写姓名"
    if not from_unit:
        errors["from_unit"] = "请填写派出单位"
    if not _text(post):
        errors["post"] = "请填写挂职职务"
    if start is None:
        errors["start"] = "请填写挂职开始日期"
    if problem := _term_error(term_months):
        errors["term_months"] = problem
    if from_org is not None and from_org.pk == org.pk:
        errors["from_org"] = "派出组织与挂职单位不能相同"
    if person is not None and person.county_id != org.county_id:
        errors["person"] = "对应党员应为本县(区)的党员"
    if person is not None and not errors:
        busy = Secondment.objects.filter(person=person, status=SecondmentStatus.ACTIVE).first()
        if busy is not None:
            errors["person"] = f"{person.name}正在{busy.org}挂职,不能同时登记两处"
    if errors:
        raise ValidationError(errors)
    secondment = Secondment(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        from_org=from_org,
        from_path=from_org.path if from_org is not None else "",
        from_unit=from_unit,
        person=person,
        name=name,
        original_post=_text(original_post),
        post=_text(post),
        start=start,
        term_months=term_months,
        end=rules.term_end(start, term_months),
        notes=_text(notes),
    )
    secondment.full_clean(exclude=["county"], validate_constraints=False)
    secondment.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=secondment, after=audit.snapshot(secondment))
    return secondment


@transaction.atomic
def secondment_update(*, actor: Any, secondment: Secondment, **changes: Any) -> Secondment:
    """Correct the post or notes, or change the term (the end date follows) while the secondment is on."""
    secondment = Secondment.objects.select_for_update(of=("self",)).select_related("org").get(pk=secondment.pk)
    require(actor is None or can_manage_village(actor, secondment.org), "没有修改该挂职记录的权限")
    unknown = set(changes) - set(SECONDMENT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "该项目不能在此修改"))
    if secondment.status != SecondmentStatus.ACTIVE:
        raise ValidationError({"status": "该挂职已结束,不能修改"})
    errors: dict[str, str] = {}
    for name, label in (("from_unit", "派出单位"), ("post", "挂职职务")):
        if name in changes and not _text(changes[name]):
            errors[name] = f"请填写{label}"
    if "term_months" in changes and (problem := _term_error(changes["term_months"])):
        errors["term_months"] = problem
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(secondment)
    fields = list(changes)
    for name, value in changes.items():
        setattr(secondment, name, value.strip() if isinstance(value, str) else value)
    if "term_months" in changes:
        secondment.end = rules.term_end(secondment.start, secondment.term_months)
        fields.append("end")
    secondment.save(update_fields=[*fields, "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=secondment, before=before, after=audit.snapshot(secondment)
    )
    return secondment


@transaction.atomic
def secondment_end(*, actor: Any, secondment: Secondment, on: dt.date | None = None, reason: str = "") -> Secondment:
    """End a secondment: on or after the term's end it is 期满; before it, 提前结束 with the reason."""
    secondment = Secondment.objects.select_for_update(of=("self",)).select_related("org").get(pk=secondment.pk)
    require(actor is None or can_manage_village(actor, secondment.org), "没有结束该挂职的权限")
    if secondment.status != SecondmentStatus.ACTIVE:
        raise ValidationError({"status": "该挂职已结束"})
    on = on or clock.today()
    reason = _text(reason)
    if on < secondment.start:
        raise ValidationError({"on": "结束日期不能早于挂职开始日期"})
    if on > clock.today():
        raise ValidationError({"on": "结束日期不能晚于今天"})
    early = on < secondment.end
    if early and not reason:
        raise ValidationError({"reason": f"期满日期为{secondment.end:%Y-%m-%d},提前结束请填写原因"})
    if len(reason) > 200:
        raise ValidationError({"reason": "原因不能超过200个字"})
    before = audit.snapshot(secondment)
    secondment.status = SecondmentStatus.ENDED_EARLY if early else SecondmentStatus.COMPLETED
    secondment.ended_on, secondment.end_reason = on, reason
    secondment.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=secondment, before=before, after=audit.snapshot(secondment)
    )
    return secondment


# --- mentoring ----------------------------------------------------------------------------------------------


def _mentee_problem(talent: Talent, pair: MentoringPair) -> str | None:
    if talent.pool not in MENTEE_POOLS:
        return f"{talent.name}不是后备干部或一村一名大学生"
    if talent.status != TalentStatus.ACTIVE:
        return f"{talent.name}不在库"
    if not talent.org_path.startswith(pair.org_path):
        return f"{talent.name}不属于{pair.org.name}及下级组织"
    current = MentoringMentee.objects.filter(talent=talent, ended_on__isnull=True).select_related("pair").first()
    if current is not None:
        return f"{talent.name}已有帮带导师({current.pair.mentor_name}),一人只能有一名在帮导师"
    return None


def _add_mentee(actor: Any, pair: MentoringPair, talent: Talent, on: dt.date) -> MentoringMentee:
    mentee = MentoringMentee(county_id=pair.county_id, org_path=talent.org_path, pair=pair, talent=talent, joined_on=on)
    mentee.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=mentee, after=audit.snapshot(mentee))
    return mentee


@transaction.atomic
def mentoring_create(
    *,
    actor: Any,
    org: Org,
    mentor_post: str,
    start: dt.date,
    end: dt.date,
    goals: str,
    mentees: list[Talent],
    mentor_name: str = "",
    mentor_person: Person | None = None,
) -> MentoringPair:
    """ "1+N": one mentor with N mentees (reserve cadres, college graduates) of the org; each mentee has one active
    mentor at a time."""
    require(actor is None or can_manage_village(actor, org), "没有为该组织建立帮带关系的权限")
    errors: dict[str, str] = {}
    mentor_name = _text(mentor_name) or (mentor_person.name if mentor_person is not None else "")
    if problem := _org_problem(org):
        errors["org"] = problem
    if not mentor_name:
        errors["mentor_name"] = "请填写导师姓名"
    if not _text(mentor_post):
        errors["mentor_post"] = "请填写导师职务"
    if not _text(goals):
        errors["goals"] = "请填写帮带目标"
    if start is None:
        errors["start"] = "请填写开始日期"
    elif start > clock.today():
        errors["start"] = "开始日期不能晚于今天"
    if end is None:
        errors["end"] = "请填写计划结束日期"
    elif start is not None and end <= start:
        errors["end"] = "计划结束日期应晚于开始日期"
    if mentor_person is not None and mentor_person.county_id != org.county_id:
        errors["mentor_person"] = "导师应为本县(区)的党员"
    if not mentees:
        errors["mentees"] = "请至少选择一名帮带对象"
    elif len({t.pk for t in mentees}) != len(mentees):
        errors["mentees"] = "帮带对象有重复"
    if errors:
        raise ValidationError(errors)
    pair = MentoringPair(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        mentor_name=mentor_name,
        mentor_person=mentor_person,
        mentor_post=_text(mentor_post),
        start=start,
        end=end,
        goals=_text(goals),
    )
    talents = list(Talent.objects.select_for_update().filter(pk__in=[t.pk for t in mentees]).order_by("pk"))
    problems = [p for t in talents if (p := _mentee_problem(t, pair))]
    if mentor_person is not None and any(t.person_id == mentor_person.pk for t in talents):
        problems.append("导师不能同时是自己的帮带对象")
    if problems:
        raise ValidationError({"mentees": problems})
    pair.full_clean(exclude=["county"], validate_constraints=False)
    pair.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=pair, after=audit.snapshot(pair))
    for talent in talents:
        _add_mentee(actor, pair, talent, start)
    return pair


@transaction.atomic
def mentoring_add_mentee(*, actor: Any, pair: MentoringPair, talent: Talent) -> MentoringMentee:
    pair = MentoringPair.objects.select_for_update(of=("self",)).select_related("org").get(pk=pair.pk)
    require(actor is None or can_manage_village(actor, pair.org), "没有修改该帮带关系的权限")
    if pair.status != MentoringStatus.ACTIVE:
        raise ValidationError({"talent": "该帮带已结束"})
    talent = Talent.objects.select_for_update().get(pk=talent.pk)
    if problem := _mentee_problem(talent, pair):
        raise ValidationError({"talent": problem})
    return _add_mentee(actor, pair, talent, max(clock.today(), pair.start))


@transaction.atomic
def mentoring_note_add(*, actor: Any, pair: MentoringPair, noted_on: dt.date, content: str) -> MentoringNote:
    """A periodic note (谈心谈话, 带学带干, 阶段小结) dated within the pair's time."""
    pair = MentoringPair.objects.select_related("org").get(pk=pair.pk)
    require(actor is None or can_manage_village(actor, pair.org), "没有为该帮带组记录的权限")
    errors: dict[str, str] = {}
    if not _text(content):
        errors["content"] = "请填写帮带情况"
    if noted_on is None:
        errors["noted_on"] = "请填写日期"
    elif noted_on < pair.start:
        errors["noted_on"] = "日期不能早于帮带开始日期"
    elif noted_on > clock.today():
        errors["noted_on"] = "日期不能晚于今天"
    elif pair.ended_on is not None and noted_on > pair.ended_on:
        errors["noted_on"] = "日期不能晚于帮带结束日期"
    if errors:
        raise ValidationError(errors)
    note = MentoringNote(
        county_id=pair.county_id, org_path=pair.org_path, pair=pair, noted_on=noted_on, content=_text(content)
    )
    note.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=note, after=audit.snapshot(note))
    return note


@transaction.atomic
def mentoring_end(*, actor: Any, pair: MentoringPair, on: dt.date | None = None) -> MentoringPair:
    """End a pair; its mentees are free for another mentor."""
    pair = MentoringPair.objects.select_for_update(of=("self",)).select_related("org").get(pk=pair.pk)
    require(actor is None or can_manage_village(actor, pair.org), "没有结束该帮带关系的权限")
    if pair.status != MentoringStatus.ACTIVE:
        raise ValidationError({"status": "该帮带已结束"})
    on = on or clock.today()
    if on < pair.start or on > clock.today():
        raise ValidationError({"on": "结束日期应在开始日期与今天之间"})
    before = audit.snapshot(pair)
    pair.status, pair.ended_on = MentoringStatus.ENDED, on
    pair.save(update_fields=["status", "ended_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=pair, before=before, after=audit.snapshot(pair))
    for mentee in pair.mentees.filter(ended_on__isnull=True):
        row_before = audit.snapshot(mentee)
        mentee.ended_on = max(on, mentee.joined_on)
        mentee.save(update_fields=["ended_on"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=mentee, before=row_before, after=audit.snapshot(mentee)
        )
    return pair


# --- exports ------------------------------------------------------------------------------------------------

TALENT_HEADERS = [
    "姓名",
    "性别",
    "出生日期",
    "年龄",
    "学历",
    "政治面貌",
    "人才类别",
    "专业领域",
    "特长",
    "创业项目",
    "所属组织",
    "联系电话",
    "入库日期",
    "状态",
    "原因",
]
SECONDMENT_HEADERS = ["姓名", "派出单位", "原职务", "挂职单位", "挂职职务", "开始日期", "期限(月)", "期满日期", "状态"]


def talents_export(*, actor: Any, org: Org | None, talents: QuerySet[Talent], file_name: str) -> bytes:
    """The listed talent records as .xlsx (audited)."""
    today = clock.today()
    rows = [
        [
            t.name,
            t.get_gender_display(),
            t.birth_date,
            rules.talent_age(t.birth_date, today),
            t.get_education_display(),
            t.get_political_status_display(),
            t.get_pool_display(),
            t.get_expert_field_display() if t.expert_field else "",
            t.speciality,
            t.business if t.started_business else "",
            t.org.name,
            t.phone,
            t.entry_date,
            t.get_status_display(),
            t.status_reason,
        ]
        for t in talents.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("人才库", TALENT_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="village_talents",
        file_name=file_name,
    )
    return content


def secondments_export(*, actor: Any, org: Org | None, secondments: QuerySet[Secondment], file_name: str) -> bytes:
    rows = [
        [
            s.name,
            s.from_unit,
            s.original_post,
            s.org.name,
            s.post,
            s.start,
            s.term_months,
            s.end,
            s.get_status_display(),
        ]
        for s in secondments.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("挂职", SECONDMENT_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="village_secondments",
        file_name=file_name,
    )
    return content
