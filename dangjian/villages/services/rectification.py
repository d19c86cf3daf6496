"""软弱涣散整顿 (F4.2): the county opens a round, townships enter scores and criteria, the system proposes the bottom
share of the ranking plus the branches showing a criterion, townships add more, the county confirms; each listed
branch is then rectified (leader, team, plan, ledger, visits) and exits only when the five "不撤离" are met."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgKind, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.core.scoping import ancestor_paths
from dangjian.villages import rules
from dangjian.villages.choices import (
    CandidateSource,
    CandidateStatus,
    CaseStatus,
    ExitCondition,
    RoundStatus,
    TeamRole,
    WeakCriterion,
)
from dangjian.villages.models import (
    RectAssessment,
    RectCandidate,
    RectCase,
    RectEntry,
    RectExitCheck,
    RectRound,
    RectTeamMember,
    RectVisit,
)
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules, require

ROUND_FIELDS = ("name", "ratio", "note", "status")
CASE_FIELDS = ("leader_name", "leader_post", "leader_person", "problems", "measures", "target_on")
SCORE_MAX = Decimal("1000")


def _county_of(org: Org) -> Org:
    return org if org.level == OrgLevel.COUNTY else Org.objects.get(pk=org.county_id)


def _text(value: Any) -> str:
    return (value or "").strip()


def eligible_problem(org: Org, county: Org) -> str:
    """A branch can be ranked and listed when it is a grassroots Party organisation (not a 党小组) in use in the
    round's county: villages, and also communities."""
    if org.county_id != county.pk:
        return f"{org.name}不属于{county.name}"
    if org.level != OrgLevel.GRASSROOTS:
        return f"{org.name}不是基层党组织"
    if org.kind == OrgKind.PARTY_GROUP:
        return "党小组不参加软弱涣散排查"
    if org.is_dissolved:
        return f"{org.name}已撤销"
    return ""


def _ratio(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return Decimal("NaN")


# --- rounds -------------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor: Any,
    county: Org,
    year: int,
    name: str = "",
    ratio: Decimal | int | str = rules.RECT_MIN_RATIO,
    opened_on: dt.date | None = None,
    note: str = "",
) -> RectRound:
    """The county opens the year's identification round (one per year)."""
    county = _county_of(county)
    require(actor is None or can_set_county_rules(actor, county), "只有县委组织部可以启动软弱涣散排查轮次")
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not 2000 <= year <= 2099:
        errors["year"] = "年度应为2000至2099之间的年份"
    elif RectRound.objects.filter(org=county, year=year).exists():
        errors["year"] = f"{year}年度已启动软弱涣散排查轮次"
    value = _ratio(ratio)
    problem = rules.rect_ratio_problem(value)
    if problem:
        errors["ratio"] = problem
    if errors:
        raise ValidationError(errors)
    assert value is not None
    round_ = RectRound(
        county_id=county.pk,
        org=county,
        org_path=county.path,
        year=year,
        name=_text(name) or f"{year}年度软弱涣散基层党组织集中整顿",
        ratio=value.quantize(Decimal("0.01")),
        opened_on=opened_on or clock.today(),
        note=_text(note),
    )
    round_.full_clean(exclude=["county"], validate_unique=False, validate_constraints=False)
    round_.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=round_, after=audit.snapshot(round_))
    return round_


@transaction.atomic
def round_update(*, actor: Any, round: RectRound, **changes: Any) -> RectRound:
    """Rename, change the ratio (never below 10%), the note, or close / reopen the round."""
    round_ = RectRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round.pk)
    require(actor is None or can_set_county_rules(actor, round_.org), "只有县委组织部可以修改排查轮次")
    unknown = set(changes) - set(ROUND_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if "ratio" in changes:
        value = _ratio(changes["ratio"])
        problem = rules.rect_ratio_problem(value)
        if problem:
            raise ValidationError({"ratio": problem})
        assert value is not None
        changes["ratio"] = value.quantize(Decimal("0.01"))
    if "name" in changes and not _text(changes["name"]):
        raise ValidationError({"name": "请填写轮次名称"})
    if "status" in changes and changes["status"] not in RoundStatus.values:
        raise ValidationError({"status": "状态不是有效选项"})
    before = audit.snapshot(round_)
    for field, value in changes.items():
        setattr(round_, field, value.strip() if isinstance(value, str) else value)
    round_.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=round_, before=before, after=audit.snapshot(round_))
    return round_


def _open(round_: RectRound, field: str = "round") -> None:
    if round_.status != RoundStatus.OPEN:
        raise ValidationError({field: f"“{round_.name}”已结束,不能再修改排查结果"})


# --- scores and criteria ------------------------------------------------------------------------------------


def _score(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        score = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"score": "年度考核得分应为数字"}) from None
    if not score.is_finite():
        raise ValidationError({"score": "年度考核得分应为数字"})
    if score < 0 or score > SCORE_MAX:
        raise ValidationError({"score": "年度考核得分应在0至1000之间"})
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def assessment_save(
    *,
    actor: Any,
    round: RectRound,
    org: Org,
    score: Decimal | int | str | None = None,
    criteria: Iterable[str] = (),
    note: str = "",
) -> RectAssessment:
    """A branch's score and ticked criteria in a round, entered by its township (or the county)."""
    round_ = RectRound.objects.select_related("org").get(pk=round.pk)
    require(actor is None or can_approve(actor, org), "没有为该党组织录入排查结果的权限")
    _open(round_)
    problem = eligible_problem(org, round_.org)
    if problem:
        raise ValidationError({"org": problem})
    value = _score(score)
    picked = list(dict.fromkeys(criteria or ()))
    unknown = [c for c in picked if c not in WeakCriterion.values]
    if unknown:
        raise ValidationError({"criteria": f"软弱涣散情形“{unknown[0]}”不是有效选项"})
    note = _text(note)
    if picked and not note:
        raise ValidationError({"note": "勾选软弱涣散情形时请填写情形说明"})
    if len(note) > 500:
        raise ValidationError({"note": "情形说明不能超过500个字"})
    if value is None and not picked:
        raise ValidationError({"score": "请填写年度考核得分或勾选软弱涣散情形"})
    picked = [c for c in WeakCriterion.values if c in picked]
    found = RectAssessment.objects.select_for_update().filter(round=round_, org=org).first()
    if found is None:
        found = RectAssessment(
            county_id=round_.county_id,
            round=round_,
            org=org,
            org_path=org.path,
            score=value,
            criteria=picked,
            note=note,
        )
        found.save()
        audit.record(actor=actor, action=AuditAction.CREATE, obj=found, after=audit.snapshot(found))
        return found
    before = audit.snapshot(found)
    found.score, found.criteria, found.note, found.org_path = value, picked, note, org.path
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


def parse_score_lines(text: str) -> list[tuple[int, str, str]]:
    """Pasted lines "组织代码 得分" (space, tab or comma separated; from a spreadsheet), with their line numbers."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = line.replace(",", " ").replace(",", " ").replace("\t", " ").split()
        if not parts:
            continue
        found.append((number, parts[0], parts[1] if len(parts) > 1 else ""))
    return found


@transaction.atomic
def scores_import(*, actor: Any, round: RectRound, text: str) -> int:
    """A township's scores at once (all or nothing); each error names its line and org code."""
    round_ = RectRound.objects.select_related("org").get(pk=round.pk)
    lines = parse_score_lines(text)
    if not lines:
        raise ValidationError({"text": "请粘贴“组织代码 得分”,每行一个党组织"})
    orgs = {o.code: o for o in Org.objects.filter(code__in=[code for _, code, _ in lines])}
    errors: list[str] = []
    done = 0
    for number, code, raw in lines:
        org = orgs.get(code)
        if org is None or not (actor is None or can_approve(actor, org)):
            errors.append(f"第{number}行:组织代码“{code}”不存在或不在您的管理范围内")
            continue
        existing = RectAssessment.objects.filter(round=round_, org=org).first()
        try:
            assessment_save(
                actor=actor,
                round=round_,
                org=org,
                score=raw,
                criteria=existing.criteria if existing else (),
                note=existing.note if existing else "",
            )
        except ValidationError as exc:
            errors.extend(f"第{number}行({code}):{message}" for message in exc.messages)
        else:
            done += 1
    if errors:
        raise ValidationError({"text": errors})
    return done


# --- candidates ---------------------------------------------------------------------------------------------


def _criteria_reason(criteria: list[str]) -> str:
    labels = dict(WeakCriterion.choices)
    return "符合软弱涣散情形:" + "、".join(str(labels[c]) for c in criteria if c in labels)


@transaction.atomic
def candidates_propose(*, actor: Any, round: RectRound) -> list[RectCandidate]:
    """The system's proposal over the whole county: the bottom share of the ranking (ties at the cut line all
    included) plus every branch with a criterion ticked, each with its reason. Re-running refreshes the proposals
    not yet decided; decided ones and the townships' own stay as they are."""
    round_ = RectRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round.pk)
    require(actor is None or can_set_county_rules(actor, round_.org), "只有县委组织部可以生成候选对象")
    _open(round_)
    assessments = list(RectAssessment.objects.filter(round=round_).select_related("org"))
    ranked = {a.org_id: a.score for a in assessments if a.score is not None}
    picks = {pick.key: pick for pick in rules.rect_bottom_ranked(ranked, round_.ratio)}
    proposals: dict[int, dict[str, Any]] = {}
    for assessment in assessments:
        pick = picks.get(assessment.org_id)
        reasons = []
        if pick is not None:
            reasons.append(rules.rect_ranking_reason(pick, round_.ratio))
        if assessment.criteria:
            reasons.append(_criteria_reason(assessment.criteria))
        if reasons:
            proposals[assessment.org_id] = {
                "org": assessment.org,
                "source": CandidateSource.RANKING if pick is not None else CandidateSource.CRITERION,
                "reason": ";".join(reasons)[:500],
                "rank": pick.rank if pick else None,
                "ranked": pick.ranked if pick else None,
            }
    today = clock.today()
    existing = {c.org_id: c for c in RectCandidate.objects.select_for_update().filter(round=round_)}
    result = []
    for candidate in existing.values():
        proposal = proposals.get(candidate.org_id)
        system = candidate.source != CandidateSource.TOWNSHIP
        if candidate.status == CandidateStatus.PROPOSED and system and proposal is None:
            audit.record(actor=actor, action=AuditAction.DELETE, obj=candidate, before=audit.snapshot(candidate))
            candidate.delete()
    for org_id, proposal in proposals.items():
        candidate = existing.get(org_id)
        if candidate is None:
            candidate = RectCandidate(
                county_id=round_.county_id,
                round=round_,
                org=proposal["org"],
                org_path=proposal["org"].path,
                source=proposal["source"],
                reason=proposal["reason"],
                rank=proposal["rank"],
                ranked=proposal["ranked"],
                proposed_on=today,
            )
            candidate.save()
            audit.record(actor=actor, action=AuditAction.CREATE, obj=candidate, after=audit.snapshot(candidate))
        elif candidate.status == CandidateStatus.PROPOSED:
            before = audit.snapshot(candidate)
            candidate.source, candidate.reason = proposal["source"], proposal["reason"]
            candidate.rank, candidate.ranked = proposal["rank"], proposal["ranked"]
            candidate.save()
            after = audit.snapshot(candidate)
            if after != before:
                audit.record(actor=actor, action=AuditAction.UPDATE, obj=candidate, before=before, after=after)
        result.append(candidate)
    return result


@transaction.atomic
def candidate_add(*, actor: Any, round: RectRound, org: Org, reason: str) -> RectCandidate:
    """The township proposes a branch of its own with a reason (beyond the ranking and the criteria)."""
    round_ = RectRound.objects.select_related("org").get(pk=round.pk)
    require(actor is None or can_approve(actor, org), "没有为该党组织提出整顿对象的权限")
    _open(round_)
    problem = eligible_problem(org, round_.org)
    if problem:
        raise ValidationError({"org": problem})
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请填写提出理由"})
    if len(reason) > 480:
        raise ValidationError({"reason": "提出理由不能超过480个字"})
    if RectCandidate.objects.filter(round=round_, org=org).exists():
        raise ValidationError({"org": f"{org.name}已是本轮候选对象"})
    candidate = RectCandidate(
        county_id=round_.county_id,
        round=round_,
        org=org,
        org_path=org.path,
        source=CandidateSource.TOWNSHIP,
        reason=f"乡镇提出:{reason}",
        proposed_on=clock.today(),
    )
    candidate.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=candidate, after=audit.snapshot(candidate))
    return candidate


def _decide_target(actor: Any, candidate: RectCandidate, message: str) -> RectCandidate:
    candidate = (
        RectCandidate.objects.select_for_update(of=("self",)).select_related("round__org", "org").get(pk=candidate.pk)
    )
    require(actor is None or can_set_county_rules(actor, candidate.round.org), message)
    if candidate.status != CandidateStatus.PROPOSED:
        raise ValidationError({"status": f"{candidate.org.name}已处理({candidate.get_status_display()}),不能重复确认"})
    return candidate


@transaction.atomic
def candidate_confirm(*, actor: Any, candidate: RectCandidate, note: str = "") -> RectCase:
    """The county confirms a candidate: it is listed (整顿对象) from today and its rectification case opens."""
    candidate = _decide_target(actor, candidate, "只有县委组织部可以确定软弱涣散党组织")
    today = clock.today()
    before = audit.snapshot(candidate)
    candidate.status, candidate.decided_on, candidate.decision_note = CandidateStatus.CONFIRMED, today, _text(note)
    candidate.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=candidate, before=before, after=audit.snapshot(candidate))
    case = RectCase(
        county_id=candidate.county_id,
        round=candidate.round,
        candidate=candidate,
        org=candidate.org,
        org_path=candidate.org.path,
        listed_on=today,
    )
    case.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=case, after=audit.snapshot(case))
    return case


@transaction.atomic
def candidate_reject(*, actor: Any, candidate: RectCandidate, note: str) -> RectCandidate:
    """The county does not list a candidate, saying why."""
    candidate = _decide_target(actor, candidate, "只有县委组织部可以确定软弱涣散党组织")
    note = _text(note)
    if not note:
        raise ValidationError({"note": "请填写不列入的理由"})
    before = audit.snapshot(candidate)
    candidate.status, candidate.decided_on, candidate.decision_note = CandidateStatus.REJECTED, clock.today(), note
    candidate.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=candidate, before=before, after=audit.snapshot(candidate))
    return candidate


# --- the case: leader, plan, team ---------------------------------------------------------------------------


def _case(case: RectCase, *, lock: bool = True) -> RectCase:
    rows = RectCase.objects.select_related("org", "round__org")
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.get(pk=case.pk)


def _not_exited(case: RectCase, field: str) -> None:
    if case.status == CaseStatus.EXITED:
        raise ValidationError({field: f"{case.org.name}已于{case.exited_on:%Y-%m-%d}整顿到位,不能再修改"})


@transaction.atomic
def case_update(*, actor: Any, case: RectCase, **changes: Any) -> RectCase:
    """The county leader in charge (分包县级领导) and the plan (problems, measures, target date)."""
    case = _case(case)
    require(actor is None or can_approve(actor, case.org), "没有修改该整顿对象的权限")
    unknown = set(changes) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    _not_exited(case, "problems")
    values = {field: getattr(case, field) for field in CASE_FIELDS} | changes
    errors: dict[str, str] = {}
    person = values.get("leader_person")
    if person is not None and not _text(values.get("leader_name")):
        changes["leader_name"] = person.name
    target = values.get("target_on")
    if target is not None and target < case.listed_on:
        errors["target_on"] = "计划完成日期不能早于确定日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(case)
    for field, value in changes.items():
        setattr(case, field, value.strip() if isinstance(value, str) else value)
    case.full_clean(exclude=["county", "round", "candidate", "org"], validate_unique=False, validate_constraints=False)
    case.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=case, before=before, after=audit.snapshot(case))
    return case


@transaction.atomic
def team_member_add(*, actor: Any, case: RectCase, name: str, post: str, role: str = TeamRole.MEMBER) -> RectTeamMember:
    """A member of the rectification team: the township secretary as 组长, 包村干部 and 相关工作人员 as 成员."""
    case = _case(case)
    require(actor is None or can_approve(actor, case.org), "没有为该整顿对象组建工作队的权限")
    _not_exited(case, "name")
    errors: dict[str, str] = {}
    if not _text(name):
        errors["name"] = "请填写姓名"
    if not _text(post):
        errors["post"] = "请填写职务"
    if role not in TeamRole.values:
        errors["role"] = "队内分工不是有效选项"
    elif role == TeamRole.LEADER and case.team.filter(role=TeamRole.LEADER).exists():
        errors["role"] = "工作队已有组长"
    if errors:
        raise ValidationError(errors)
    member = RectTeamMember(
        county_id=case.county_id, org_path=case.org_path, case=case, name=_text(name)[:50], post=_text(post)[:100]
    )
    member.role = role
    member.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=member, after=audit.snapshot(member))
    return member


@transaction.atomic
def team_member_remove(*, actor: Any, member: RectTeamMember) -> None:
    member = RectTeamMember.objects.select_related("case__org").get(pk=member.pk)
    require(actor is None or can_approve(actor, member.case.org), "没有调整该工作队的权限")
    _not_exited(member.case, "name")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=member, before=audit.snapshot(member))
    member.delete()


def _with_file(obj: RectEntry | RectExitCheck) -> dict[str, Any]:
    """The audit snapshot with the attachment's stored name (the file itself is not part of the trail)."""
    return audit.snapshot(obj) | {"attachment": obj.attachment.name or ""}


# --- ledger and visits --------------------------------------------------------------------------------------


def _dated(value: dt.date | None, case: RectCase, field: str, label: str) -> dict[str, str]:
    if value is None:
        return {field: f"请填写{label}"}
    if value > clock.today():
        return {field: f"{label}不能晚于今天"}
    if value < case.listed_on:
        return {field: f"{label}不能早于确定为整顿对象的日期({case.listed_on:%Y-%m-%d})"}
    return {}


@transaction.atomic
def entry_add(
    *,
    actor: Any,
    case: RectCase,
    occurred_on: dt.date | None,
    measure: str,
    progress: str,
    responsible: str,
    attachment: Any = None,
) -> RectEntry:
    """A ledger line (整顿台账): what was done, how far it got, who is responsible; the village keeps it too."""
    case = _case(case)
    require(actor is None or can_manage_village(actor, case.org), "没有为该整顿对象记录台账的权限")
    _not_exited(case, "measure")
    errors = _dated(occurred_on, case, "occurred_on", "日期")
    texts = {"measure": measure, "progress": progress, "responsible": responsible}
    for field, label, limit in (
        ("measure", "整顿措施", 200),
        ("progress", "进展情况", 2000),
        ("responsible", "责任人", 50),
    ):
        value = _text(texts[field])
        if not value:
            errors[field] = f"请填写{label}"
        elif len(value) > limit:
            errors[field] = f"{label}不能超过{limit}个字"
    if errors:
        raise ValidationError(errors)
    entry = RectEntry(
        county_id=case.county_id,
        org_path=case.org_path,
        case=case,
        occurred_on=occurred_on,
        measure=_text(measure),
        progress=_text(progress),
        responsible=_text(responsible),
    )
    if attachment:
        entry.attachment = attachment
    entry.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=entry, after=_with_file(entry))
    return entry


@transaction.atomic
def entry_delete(*, actor: Any, entry: RectEntry) -> None:
    """Take back a ledger line entered by mistake (the trail keeps it)."""
    entry = RectEntry.objects.select_related("case__org").get(pk=entry.pk)
    require(actor is None or can_manage_village(actor, entry.case.org), "没有删除该台账记录的权限")
    _not_exited(entry.case, "measure")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=entry, before=_with_file(entry))
    entry.delete()


@transaction.atomic
def visit_add(
    *, actor: Any, case: RectCase, visited_on: dt.date | None, visitors: str, findings: str, requirements: str = ""
) -> RectVisit:
    """A supervision visit (督导检查) by the township or the county."""
    case = _case(case)
    require(actor is None or can_approve(actor, case.org), "只有乡镇或县委组织部可以记录督导检查")
    errors = _dated(visited_on, case, "visited_on", "督导日期")
    if not _text(visitors):
        errors["visitors"] = "请填写督导人员"
    elif len(_text(visitors)) > 200:
        errors["visitors"] = "督导人员不能超过200个字"
    if not _text(findings):
        errors["findings"] = "请填写发现问题"
    if errors:
        raise ValidationError(errors)
    visit = RectVisit(
        county_id=case.county_id,
        org_path=case.org_path,
        case=case,
        visited_on=visited_on,
        visitors=_text(visitors),
        findings=_text(findings),
        requirements=_text(requirements),
    )
    visit.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=visit, after=audit.snapshot(visit))
    return visit


# --- the five conditions and the exit -----------------------------------------------------------------------


@transaction.atomic
def check_set(
    *, actor: Any, case: RectCase, condition: str, met: bool, evidence: str = "", attachment: Any = None
) -> RectExitCheck:
    """Tick (or untick) one "不撤离" condition; a ticked one needs its evidence."""
    case = _case(case)
    require(actor is None or can_approve(actor, case.org), "只有乡镇或县委组织部可以确认不撤离条件")
    if condition not in ExitCondition.values:
        raise ValidationError({"condition": "不撤离条件不是有效选项"})
    _not_exited(case, "condition")
    if case.status == CaseStatus.APPLIED:
        raise ValidationError({"condition": "已申请验收,等待县委组织部验收期间不能修改不撤离条件"})
    evidence = _text(evidence)
    if met and not evidence:
        label = ExitCondition(condition).label
        raise ValidationError({"evidence": f"请填写“{label}”的佐证说明"})
    found = RectExitCheck.objects.select_for_update().filter(case=case, condition=condition).first()
    before = _with_file(found) if found is not None else None
    if found is None:
        found = RectExitCheck(county_id=case.county_id, org_path=case.org_path, case=case, condition=condition)
    found.met, found.evidence = bool(met), evidence
    found.checked_on = clock.today() if met else None
    if attachment:
        found.attachment = attachment
    found.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=found, before=before, after=_with_file(found))
    return found


def missing_conditions(case: RectCase) -> list[str]:
    met = dict(case.checks.values_list("condition", "met"))
    return rules.rect_missing_conditions(met, [(value, str(label)) for value, label in ExitCondition.choices])


@transaction.atomic
def exit_apply(*, actor: Any, case: RectCase) -> RectCase:
    """The township applies for the exit (整顿到位); refused, naming them, while any of the five is not met."""
    case = _case(case)
    require(actor is None or can_approve(actor, case.org), "只有乡镇党委可以申请整顿到位验收")
    if case.status != CaseStatus.RECTIFYING:
        raise ValidationError({"status": f"{case.org.name}{case.get_status_display()},不能重复申请"})
    refusal = rules.rect_exit_refusal(missing_conditions(case))
    if refusal:
        raise ValidationError({"checks": refusal})
    before = audit.snapshot(case)
    case.status, case.applied_on, case.return_reason = CaseStatus.APPLIED, clock.today(), ""
    case.save(update_fields=["status", "applied_on", "return_reason", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=case, before=before, after=audit.snapshot(case))
    return case


def _applied(actor: Any, case: RectCase) -> RectCase:
    case = _case(case)
    require(actor is None or can_set_county_rules(actor, case.round.org), "只有县委组织部可以验收整顿到位")
    if case.status != CaseStatus.APPLIED:
        raise ValidationError({"status": f"{case.org.name}尚未申请验收"})
    return case


@transaction.atomic
def exit_accept(*, actor: Any, case: RectCase) -> RectCase:
    """The county accepts: the branch is converted (整顿到位) as of today."""
    case = _applied(actor, case)
    if missing_conditions(case):
        raise ValidationError({"checks": rules.rect_exit_refusal(missing_conditions(case))})
    before = audit.snapshot(case)
    case.status, case.exited_on = CaseStatus.EXITED, clock.today()
    case.save(update_fields=["status", "exited_on", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=case, before=before, after=audit.snapshot(case))
    return case


@transaction.atomic
def exit_return(*, actor: Any, case: RectCase, reason: str) -> RectCase:
    """The county returns the application with a reason; the rectification goes on."""
    case = _applied(actor, case)
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "请填写退回原因"})
    if len(reason) > 300:
        raise ValidationError({"reason": "退回原因不能超过300个字"})
    before = audit.snapshot(case)
    case.status, case.applied_on, case.return_reason = CaseStatus.RECTIFYING, None, reason
    case.save(update_fields=["status", "applied_on", "return_reason", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=case, before=before, after=audit.snapshot(case))
    return case


# --- export -------------------------------------------------------------------------------------------------

CASE_HEADERS = [
    "整顿对象",
    "所属乡镇",
    "年度",
    "列入理由",
    "确定日期",
    "分包县级领导",
    "工作队组长",
    "台账条数",
    "督导次数",
    "最近台账日期",
    "状态",
    "整顿到位日期",
]


def cases_export(
    *, actor: Any, org: Org | None, cases: QuerySet[RectCase], towns: dict[str, str], file_name: str, caption: str
) -> bytes:
    """The listed cases with their leader, team leader, ledger and visit counts, as .xlsx (audited)."""
    leaders = dict(
        RectTeamMember.objects.filter(case__in=cases.values("pk"), role=TeamRole.LEADER).values_list("case_id", "name")
    )
    rows = [
        [
            case.org.name,
            town_of(case.org_path, towns),
            case.round.year,
            case.candidate.reason,
            case.listed_on,
            f"{case.leader_name}({case.leader_post})" if case.leader_post else case.leader_name,
            leaders.get(case.pk, ""),
            getattr(case, "entry_count", 0),
            getattr(case, "visit_count", 0),
            getattr(case, "last_entry", None) or "",
            case.get_status_display(),
            case.exited_on or "",
        ]
        for case in cases.iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("软弱涣散整顿对象", CASE_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="village_rectification_cases",
        file_name=file_name,
    )
    return content


def town_of(path: str, towns: dict[str, str]) -> str:
    """The township (by path) an org lies under, from a {path: name} map of the county's townships."""
    return next((towns[p] for p in ancestor_paths(path) if p in towns), "")
