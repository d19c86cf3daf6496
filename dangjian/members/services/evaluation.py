"""民主评议党员 (F1.5, ORG-08): the yearly campaign, self-assessment, ballots, the branch's grades, and the
follow-up of a member graded 不合格 (ORG-11, 党章第九条). Each write checks permission, validates, writes and
audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import BRANCH_KINDS, AuditAction, MemberStatus
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.services import county_id_of
from dangjian.members import rules
from dangjian.members.choices import CampaignStatus, FollowupMeasure, FollowupStatus, Grade, StandingBasis
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.permissions import can_manage_members, require
from dangjian.members.selectors.standing import counted_on
from dangjian.members.services.standing import standing_change

MUTUAL_FIELDS = ("mutual_excellent", "mutual_qualified", "mutual_basic", "mutual_unqualified")
PUBLIC_FIELDS = ("public_excellent", "public_qualified", "public_basic", "public_unqualified")
BALLOT_FIELDS = MUTUAL_FIELDS + PUBLIC_FIELDS


def roll_on(org: Org, day: dt.date) -> list[tuple[Person, bool]]:
    """The members of a branch (and its 党小组) counted on `day`, each with whether they were 预备党员 then.

    The standing that day comes from the dated history (`counted_on`); a member confirmed after the day was
    still probationary on it.
    """
    people = counted_on(Person.objects.filter(org_path__startswith=org.path, county_id=county_id_of(org)), day)
    roll = []
    for person in people.order_by("name", "id"):
        probationary = person.status == MemberStatus.PROBATIONARY or (
            person.confirmed_on is not None and person.confirmed_on > day
        )
        roll.append((person, probationary))
    return roll


@transaction.atomic
def evaluation_start(*, actor: Any, org: Org, year: int, started_on: dt.date) -> EvaluationCampaign:
    """Open a branch's evaluation of `year`: one entry for every member on the roll that day (ORG-08)."""
    require(actor is None or can_manage_members(actor, org), "没有在该党组织开展民主评议的权限")
    if org.kind not in BRANCH_KINDS:
        raise ValidationError({"org": "民主评议党员以党支部为单位开展,请选择党支部"})
    problem = rules.evaluation_start_problem(year, started_on, clock.today())
    if problem:
        raise ValidationError({"started_on": problem})
    if EvaluationCampaign.objects.filter(org=org, year=year).exists():
        raise ValidationError({"year": f"该党支部{year}年度已开展民主评议(每年一次,ORG-08)"})
    roll = roll_on(org, started_on)
    if not roll:
        raise ValidationError({"started_on": "该党支部在开始日期没有党员,无法开展民主评议"})
    county_id = county_id_of(org)
    campaign = EvaluationCampaign(county_id=county_id, org=org, org_path=org.path, year=year, started_on=started_on)
    campaign.full_clean(exclude=["county"], validate_constraints=False)
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError:
        raise ValidationError({"year": f"该党支部{year}年度已开展民主评议(每年一次,ORG-08)"}) from None
    entries = EvaluationEntry.objects.bulk_create(
        EvaluationEntry(
            county_id=county_id, org_path=org.path, campaign=campaign, person=person, probationary=probationary
        )
        for person, probationary in roll
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=campaign,
        after=audit.snapshot(campaign)
        | {"members": len(entries), "probationary": sum(e.probationary for e in entries)},
    )
    return campaign


def _open_entry(entry: EvaluationEntry) -> EvaluationEntry:
    entry = (
        EvaluationEntry.objects.select_for_update(of=("self",))
        .select_related("campaign__org", "person")
        .get(pk=entry.pk)
    )
    if entry.campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"campaign": "本次民主评议已确定等次,不能再修改"})
    return entry


@transaction.atomic
def evaluation_self_assessment_save(*, actor: Any, entry: EvaluationEntry, text: str) -> EvaluationEntry:
    """A member writes their own self-assessment (个人自评); the branch may enter it for them."""
    entry = _open_entry(entry)
    own = actor is not None and getattr(actor, "person_id", None) == entry.person_id
    require(
        actor is None or own or can_manage_members(actor, entry.campaign.org), "只有本人或所在党支部可以填写个人自评"
    )
    text = (text or "").strip()
    if not text:
        raise ValidationError({"self_assessment": "请填写个人自评"})
    before = audit.snapshot(entry)
    entry.self_assessment = text
    entry.save(update_fields=["self_assessment"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=entry, before=before, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def evaluation_ballots_save(*, actor: Any, entry: EvaluationEntry, **counts: int) -> EvaluationEntry:
    """The counted ballots of 党员互评 and 民主测评 for one member, per grade."""
    entry = _open_entry(entry)
    require(actor is None or can_manage_members(actor, entry.campaign.org), "没有登记该党员评议票数的权限")
    errors: dict[str, str] = {}
    for field, value in counts.items():
        if field not in BALLOT_FIELDS:
            errors[field] = "该项目不能在此修改"
        elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
            errors[field] = "票数应为不小于0的整数"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(entry)
    for field, value in counts.items():
        setattr(entry, field, value)
    voters = entry.campaign.entries.count()
    mutual = sum(getattr(entry, field) for field in MUTUAL_FIELDS)
    if mutual > voters:
        raise ValidationError({"mutual_excellent": f"互评票数合计{mutual}张,超过参加评议的党员人数{voters}人"})
    entry.save(update_fields=list(counts))
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=entry, before=before, after=audit.snapshot(entry))
    return entry


@transaction.atomic
def evaluation_decide(
    *, actor: Any, campaign: EvaluationCampaign, grades: Mapping[int, str], decided_on: dt.date
) -> EvaluationCampaign:
    """The branch meeting's grades (ORG-08): every formal member graded, 预备党员 not, 优秀 at most a third."""
    campaign = EvaluationCampaign.objects.select_for_update(of=("self",)).select_related("org").get(pk=campaign.pk)
    require(actor is None or can_manage_members(actor, campaign.org), "没有确定该党支部民主评议等次的权限")
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError({"campaign": "本次民主评议已确定等次"})
    if decided_on < campaign.started_on:
        raise ValidationError({"decided_on": "确定等次的日期不能早于评议开始日期"})
    if decided_on > clock.today():
        raise ValidationError({"decided_on": "确定等次的日期不能晚于今天"})
    grades = {int(pk): grade for pk, grade in grades.items() if grade}
    entries = {e.person_id: e for e in campaign.entries.select_related("person").select_for_update(of=("self",))}
    problems: list[str] = []
    unknown = [str(pk) for pk in grades if pk not in entries]
    if unknown:
        problems.append(f"编号为{'、'.join(unknown)}的党员不在本次评议名单中")
    bad = [entries[pk].person.name for pk, grade in grades.items() if pk in entries and grade not in Grade.values]
    if bad:
        problems.append(f"{'、'.join(bad)}的等次无效,应为优秀、合格、基本合格或不合格")
    probationary = [entries[pk].person.name for pk, g in grades.items() if pk in entries and entries[pk].probationary]
    if probationary:
        problems.append(f"预备党员参加民主评议,但不评定等次(ORG-08):{'、'.join(probationary)}")
    missing = [e.person.name for pk, e in entries.items() if not e.probationary and not grades.get(pk)]
    if missing:
        problems.append(f"每名正式党员都须评定等次,尚未评定:{'、'.join(missing)}")
    if problems:
        raise ValidationError({"grades": problems})
    graded = [grade for pk, grade in grades.items() if not entries[pk].probationary]
    problem = rules.excellent_problem(excellent=graded.count(Grade.EXCELLENT), graded=len(graded))
    if problem:
        raise ValidationError({"grades": problem})
    for person_id, grade in grades.items():
        entry = entries[person_id]
        if entry.grade != grade:
            before = audit.snapshot(entry)
            entry.grade = grade
            entry.save(update_fields=["grade"])
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=entry, before=before, after=audit.snapshot(entry))
    before = audit.snapshot(campaign)
    campaign.status, campaign.decided_on = CampaignStatus.DECIDED, decided_on
    campaign.save(update_fields=["status", "decided_on"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=campaign, before=before, after=audit.snapshot(campaign))
    return campaign


@transaction.atomic
def evaluation_followup_create(
    *, actor: Any, entry: EvaluationEntry, measure: str, decided_on: dt.date, deadline: dt.date | None = None
) -> EvaluationFollowup:
    """The branch's measure for a member graded 不合格 (限期改正 ≤ 1 year, 劝其退党, 除名, 党纪处分)."""
    entry = (
        EvaluationEntry.objects.select_for_update(of=("self",))
        .select_related("campaign__org", "person")
        .get(pk=entry.pk)
    )
    campaign = entry.campaign
    require(actor is None or can_manage_members(actor, campaign.org), "没有对该党员作出组织处置的权限")
    if entry.grade != Grade.UNQUALIFIED:
        raise ValidationError({"entry": "只有评定为不合格的党员需要作出组织处置"})
    if EvaluationFollowup.objects.filter(entry=entry).exists():
        raise ValidationError({"entry": "该党员已有组织处置记录"})
    errors: dict[str, str] = {}
    if measure not in FollowupMeasure.values:
        errors["measure"] = "请选择处置方式:限期改正、劝其退党、除名或给予党纪处分"
    if campaign.decided_on and decided_on < campaign.decided_on:
        errors["decided_on"] = f"决定日期不能早于确定等次的日期{campaign.decided_on:%Y-%m-%d}"
    elif decided_on > clock.today():
        errors["decided_on"] = "决定日期不能晚于今天"
    if "measure" not in errors:
        problem = rules.followup_deadline_problem(measure, decided_on, deadline)
        if problem:
            errors["deadline"] = problem
    if errors:
        raise ValidationError(errors)
    followup = EvaluationFollowup(
        county_id=entry.county_id,
        org_path=entry.org_path,
        entry=entry,
        measure=measure,
        decided_on=decided_on,
        deadline=deadline,
    )
    followup.full_clean(exclude=["county"])
    followup.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=followup, after=audit.snapshot(followup))
    return followup


@transaction.atomic
def evaluation_followup_close(
    *,
    actor: Any,
    followup: EvaluationFollowup,
    closed_on: dt.date,
    outcome: str,
    to_standing: str | None = None,
    branch_resolution_on: dt.date | None = None,
    approved_on: dt.date | None = None,
) -> EvaluationFollowup:
    """Close a follow-up with its outcome; 劝退 and 除名 are carried out as a 党籍 change on the closing day."""
    followup = (
        EvaluationFollowup.objects.select_for_update(of=("self",))
        .select_related("entry__campaign__org", "entry__person")
        .get(pk=followup.pk)
    )
    require(actor is None or can_manage_members(actor, followup.entry.campaign.org), "没有办结该组织处置的权限")
    if followup.status != FollowupStatus.OPEN:
        raise ValidationError({"followup": "该组织处置已办结"})
    errors: dict[str, Any] = {}
    outcome = (outcome or "").strip()
    if not outcome:
        errors["outcome"] = "请填写处置结果"
    if closed_on < followup.decided_on:
        errors["closed_on"] = f"办结日期不能早于决定日期{followup.decided_on:%Y-%m-%d}"
    elif closed_on > clock.today():
        errors["closed_on"] = "办结日期不能晚于今天"
    problems = rules.followup_outcome_problems(
        followup.measure, to_standing or None, branch_resolution_on=branch_resolution_on, approved_on=approved_on
    )
    if problems:
        errors["to_standing"] = problems
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(followup)
    followup.status, followup.closed_on, followup.outcome = FollowupStatus.DONE, closed_on, outcome
    followup.full_clean(exclude=["county"])
    followup.save(update_fields=["status", "closed_on", "outcome"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=followup, before=before, after=audit.snapshot(followup))
    if to_standing:
        standing_change(
            actor=actor,
            person=followup.entry.person,
            to_standing=to_standing,
            changed_on=closed_on,
            basis=StandingBasis.EVALUATION,
            reason=f"民主评议不合格,{followup.get_measure_display()}:{outcome}",
            branch_resolution_on=branch_resolution_on,
            approved_on=approved_on,
        )
    return followup


# --- exports ------------------------------------------------------------------------------------------------


RESULT_HEADERS = [
    "年度",
    "党支部",
    "姓名",
    "参评身份",
    "个人自评",
    "互评优秀",
    "互评合格",
    "互评基本合格",
    "互评不合格",
    "测评优秀",
    "测评合格",
    "测评基本合格",
    "测评不合格",
    "评定等次",
    "确定日期",
    "处置方式",
    "期限",
    "处置状态",
    "处置结果",
]


def evaluation_results_export(
    *, actor: Any, org: Org, entries: QuerySet[EvaluationEntry], file_name: str, caption: str = ""
) -> bytes:
    """The results (ballots, grades, follow-ups) of entries already read through the actor's scope, as .xlsx."""
    require(actor is None or can_manage_members(actor, org), "没有导出该党组织民主评议结果的权限")
    rows = []
    for entry in entries.select_related("person", "campaign__org", "followup").iterator(chunk_size=2000):
        followup = getattr(entry, "followup", None)
        rows.append(
            [
                entry.campaign.year,
                entry.campaign.org.name,
                entry.person.name,
                "预备党员(不评定等次)" if entry.probationary else "正式党员",
                entry.self_assessment,
                *(getattr(entry, field) for field in BALLOT_FIELDS),
                entry.get_grade_display() if entry.grade else None,
                entry.campaign.decided_on,
                followup.get_measure_display() if followup else "",
                followup.deadline if followup else None,
                followup.get_status_display() if followup else "",
                followup.outcome if followup else "",
            ]
        )
    content = audited_xlsx(
        Sheet("民主评议结果", RESULT_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="evaluation_results",
        file_name=file_name,
    )
    return content
