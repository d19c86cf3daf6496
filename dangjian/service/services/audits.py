"""村官直审 (F5.7): the county opens a round and adds its villages (all at once, a township's, or picked; each once
per round); the township or county records the auditors, fieldwork, findings and the conclusion; the village
reports each finding's rectification and the township or county verifies it (never the village itself); the
conclusion is published on the place's public page for the round's notice period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.core.scoping import subtree
from dangjian.core.validation import optional_amount
from dangjian.service import rules
from dangjian.service.choices import (
    AuditBody,
    AuditCategory,
    AuditConclusion,
    AuditFindingStatus,
    AuditRoundStatus,
    AuditSeverity,
)
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound
from dangjian.service.permissions import can_approve, can_manage_village, can_set_county_rules, require
from dangjian.service.selectors.common import place_q

ROUND_FIELDS = (
    "name",
    "body",
    "body_name",
    "period_start",
    "period_end",
    "planned_start",
    "planned_end",
    "notice_days",
    "note",
)
AUDIT_FIELDS = ("auditors", "fieldwork_start", "fieldwork_end")
FINDING_FIELDS = ("category", "description", "amount", "responsible", "severity", "deadline")
MAX_AMOUNT = Decimal("9999999999.99")


def _text(value: Any) -> str:
    return (value or "").strip()


def _county_of(org: Org) -> Org:
    return org if org.level == OrgLevel.COUNTY else Org.objects.get(pk=org.county_id)


def _amount(value: Any) -> Decimal | None:
    return optional_amount(value, "amount", "涉及金额", MAX_AMOUNT, places=Decimal("0.01"))


def _check_round_values(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not _text(values.get("name")):
        errors["name"] = "请填写轮次名称"
    if values.get("body") not in AuditBody.values:
        errors["body"] = "请选择审计主体"
    for start, end, label in (
        ("period_start", "period_end", "审计期间"),
        ("planned_start", "planned_end", "计划日期"),
    ):
        if values.get(start) is None:
            errors[start] = f"请填写{label}的开始日期"
        if values.get(end) is None:
            errors[end] = f"请填写{label}的结束日期"
        elif rules.audit_period_problem(values.get(start), values.get(end)):
            errors[end] = f"{label}的结束日期不能早于开始日期"
    problem = rules.audit_notice_days_problem(values.get("notice_days"))
    if problem:
        errors["notice_days"] = problem
    if errors:
        raise ValidationError(errors)


# --- rounds -------------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor: Any,
    county: Org,
    year: int,
    name: str,
    body: str,
    period_start: dt.date,
    period_end: dt.date,
    planned_start: dt.date,
    planned_end: dt.date,
    body_name: str = "",
    notice_days: int = rules.AUDIT_NOTICE_DAYS,
    note: str = "",
) -> VillageAuditRound:
    """The county opens a round of 村官直审 (status 计划)."""
    county = _county_of(county)
    require(actor is None or can_set_county_rules(actor, county), "只有县委组织部可以启动村官直审轮次")
    values = {
        "name": name,
        "body": body,
        "period_start": period_start,
        "period_end": period_end,
        "planned_start": planned_start,
        "planned_end": planned_end,
        "notice_days": notice_days,
    }
    if not isinstance(year, int) or not 2000 <= year <= 2099:
        raise ValidationError({"year": "年度应为2000至2099之间的年份"})
    _check_round_values(values)
    round_ = VillageAuditRound(
        county_id=county.pk,
        org=county,
        org_path=county.path,
        year=year,
        name=_text(name),
        body=body,
        body_name=_text(body_name),
        period_start=period_start,
        period_end=period_end,
        planned_start=planned_start,
        planned_end=planned_end,
        notice_days=notice_days,
        note=_text(note),
    )
    round_.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=round_, after=audit.snapshot(round_))
    return round_


@transaction.atomic
def round_update(*, actor: Any, round: VillageAuditRound, **changes: Any) -> VillageAuditRound:
    """Change a round's name, audit body, periods, notice days or note (not once it is done)."""
    round_ = VillageAuditRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round.pk)
    require(actor is None or can_set_county_rules(actor, round_.org), "只有县委组织部可以修改村官直审轮次")
    unknown = set(changes) - set(ROUND_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if round_.status == AuditRoundStatus.DONE:
        raise ValidationError({"status": f"“{round_.name}”已完成,不能再修改"})
    values = {field: getattr(round_, field) for field in ROUND_FIELDS} | changes
    _check_round_values(values)
    before = audit.snapshot(round_)
    for field, value in changes.items():
        setattr(round_, field, value.strip() if isinstance(value, str) else value)
    round_.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=round_, before=before, after=audit.snapshot(round_))
    return round_


@transaction.atomic
def round_advance(*, actor: Any, round: VillageAuditRound) -> VillageAuditRound:
    """计划 → 实施中 (needs villages) → 已完成 (needs every village's conclusion)."""
    round_ = VillageAuditRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round.pk)
    require(actor is None or can_set_county_rules(actor, round_.org), "只有县委组织部可以推进村官直审轮次")
    target = rules.audit_round_next(round_.status)
    if target is None:
        raise ValidationError({"status": f"“{round_.name}”已完成"})
    audits = VillageAudit.objects.filter(round=round_)
    if target == AuditRoundStatus.ONGOING and not audits.exists():
        raise ValidationError({"status": "请先添加被审计的村(社区)"})
    if target == AuditRoundStatus.DONE:
        open_count = audits.filter(conclusion="").count()
        if open_count:
            raise ValidationError({"status": f"尚有{open_count}个村(社区)未出审计结论,不能完成本轮审计"})
    before = audit.snapshot(round_)
    round_.status = target
    round_.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=round_, before=before, after=audit.snapshot(round_))
    return round_


# --- audited villages ---------------------------------------------------------------------------------------


def _not_done(round_: VillageAuditRound) -> None:
    if round_.status == AuditRoundStatus.DONE:
        raise ValidationError({"round": f"“{round_.name}”已完成,不能再修改"})


def _new_audit(round_: VillageAuditRound, org: Org) -> VillageAudit:
    return VillageAudit(county_id=round_.county_id, round=round_, org=org, org_path=org.path)


@transaction.atomic
def audit_add(*, actor: Any, round: VillageAuditRound, org: Org) -> VillageAudit:
    """Add one village (or community) of the county to a round; a village is audited once per round."""
    round_ = VillageAuditRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round.pk)
    require(actor is None or can_set_county_rules(actor, round_.org), "只有县委组织部可以确定被审计的村")
    _not_done(round_)
    if org.county_id != round_.county_id or not Org.objects.filter(place_q(), pk=org.pk).exists():
        raise ValidationError({"org": f"{org.name}不是本县的村(社区)党组织"})
    if VillageAudit.objects.filter(round=round_, org=org).exists():
        raise ValidationError({"org": f"{org.name}已在本轮审计中"})
    found = _new_audit(round_, org)
    found.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=found, after=audit.snapshot(found))
    return found


@transaction.atomic
def audits_add_all(*, actor: Any, round: VillageAuditRound, under: Org | None = None) -> int:
    """Add every village and community of the county (or of a township) not yet in the round, in one action.
    Returns how many were added."""
    round_ = VillageAuditRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=round.pk)
    require(actor is None or can_set_county_rules(actor, round_.org), "只有县委组织部可以确定被审计的村")
    _not_done(round_)
    places = Org.objects.filter(place_q(), county_id=round_.county_id)
    if under is not None:
        if under.county_id != round_.county_id and under.pk != round_.county_id:
            raise ValidationError({"township": f"{under.name}不属于本县"})
        places = places.filter(**subtree("path", under.path))
    taken = VillageAudit.objects.filter(round=round_).values("org_id")
    rows = [_new_audit(round_, org) for org in places.exclude(pk__in=taken).order_by("path")]
    VillageAudit.objects.bulk_create(rows, batch_size=5000)
    if rows:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=round_,
            after={"added_villages": [row.org.code for row in rows], "scope": under.name if under else "全县"},
        )
    return len(rows)


@transaction.atomic
def audits_add_codes(*, actor: Any, round: VillageAuditRound, orgs: Iterable[Org]) -> int:
    """Add several picked villages (all or nothing: one already in the round or not a village refuses)."""
    count = 0
    for org in orgs:
        audit_add(actor=actor, round=round, org=org)
        count += 1
    if not count:
        raise ValidationError({"codes": "请填写要审计的村(社区)组织代码"})
    return count


def _locked_audit(audit_obj: VillageAudit) -> VillageAudit:
    return VillageAudit.objects.select_for_update(of=("self",)).select_related("round__org", "org").get(pk=audit_obj.pk)


@transaction.atomic
def audit_remove(*, actor: Any, audit_obj: VillageAudit) -> None:
    """Take a village out of a round before anything was recorded for it."""
    found = _locked_audit(audit_obj)
    require(actor is None or can_set_county_rules(actor, found.round.org), "只有县委组织部可以调整被审计的村")
    _not_done(found.round)
    if found.conclusion or found.findings.exists():
        raise ValidationError({"org": f"{found.org.name}已有审计问题或结论,不能移出本轮"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=found, before=audit.snapshot(found))
    found.delete()


@transaction.atomic
def audit_update(*, actor: Any, audit_obj: VillageAudit, **changes: Any) -> VillageAudit:
    """The auditors and fieldwork dates of a village's audit (the township or county)."""
    found = _locked_audit(audit_obj)
    require(actor is None or can_approve(actor, found.org), "只有乡镇或县委组织部可以记录审计情况")
    unknown = set(changes) - set(AUDIT_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    _not_done(found.round)
    start = changes.get("fieldwork_start", found.fieldwork_start)
    end = changes.get("fieldwork_end", found.fieldwork_end)
    if end is not None and start is None:
        raise ValidationError({"fieldwork_start": "请填写进点日期"})
    if rules.audit_period_problem(start, end):
        raise ValidationError({"fieldwork_end": "离点日期不能早于进点日期"})
    if start is not None and start > clock.today():
        raise ValidationError({"fieldwork_start": "进点日期不能晚于今天"})
    before = audit.snapshot(found)
    for field, value in changes.items():
        setattr(found, field, value.strip() if isinstance(value, str) else value)
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


@transaction.atomic
def audit_conclude(
    *,
    actor: Any,
    audit_obj: VillageAudit,
    conclusion: str,
    conclusion_text: str = "",
    concluded_on: dt.date | None = None,
    referred_on: dt.date | None = None,
    referral_note: str = "",
) -> VillageAudit:
    """Enter the conclusion: 无问题 without findings, 有问题需整改 / 移交纪检 with at least one; 移交纪检 records
    the referral date. Once entered, the findings are fixed and the notice may be published."""
    found = _locked_audit(audit_obj)
    require(actor is None or can_approve(actor, found.org), "只有乡镇或县委组织部可以录入审计结论")
    if found.round.status != AuditRoundStatus.ONGOING:
        raise ValidationError({"conclusion": "审计轮次实施中才能录入审计结论"})
    if found.conclusion:
        raise ValidationError({"conclusion": "审计结论已录入"})
    if conclusion not in AuditConclusion.values:
        raise ValidationError({"conclusion": "请选择审计结论"})
    errors: dict[str, str] = {}
    if not found.auditors or found.fieldwork_start is None:
        errors["conclusion"] = "请先填写审计人员和进点日期"
    problem = rules.audit_conclusion_problem(conclusion, found.findings.count())
    if problem:
        errors["conclusion"] = problem
    today = clock.today()
    concluded_on = concluded_on or today
    if concluded_on > today:
        errors["concluded_on"] = "结论日期不能晚于今天"
    elif found.fieldwork_start is not None and concluded_on < found.fieldwork_start:
        errors["concluded_on"] = "结论日期不能早于进点日期"
    if conclusion == AuditConclusion.REFERRED:
        if referred_on is None:
            errors["referred_on"] = "请填写移交纪检日期"
        elif referred_on < concluded_on or referred_on > today:
            errors["referred_on"] = "移交纪检日期应在结论日期至今天之间"
    if errors:
        raise ValidationError(errors)
    text = _text(conclusion_text)
    if not text and conclusion == AuditConclusion.CLEAN:
        text = rules.AUDIT_CLEAN_TEXT
    if not text:
        raise ValidationError({"conclusion_text": "请填写审计结论说明"})
    before = audit.snapshot(found)
    found.conclusion, found.conclusion_text, found.concluded_on = conclusion, text, concluded_on
    if conclusion == AuditConclusion.REFERRED:
        found.referred_on, found.referral_note = referred_on, _text(referral_note)
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


# --- findings -----------------------------------------------------------------------------------------------


def _finding_values(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if values.get("category") not in AuditCategory.values:
        errors["category"] = "请选择问题类别"
    if not _text(values.get("description")):
        errors["description"] = "请填写问题描述"
    if values.get("severity") not in AuditSeverity.values:
        errors["severity"] = "严重程度不是有效选项"
    if errors:
        raise ValidationError(errors)
    values["amount"] = _amount(values.get("amount"))
    values["description"] = _text(values.get("description"))
    values["responsible"] = _text(values.get("responsible"))
    return values


@transaction.atomic
def finding_add(
    *,
    actor: Any,
    audit_obj: VillageAudit,
    category: str,
    description: str,
    amount: Decimal | str | None = None,
    responsible: str = "",
    severity: str = AuditSeverity.NORMAL,
    deadline: dt.date | None = None,
) -> VillageAuditFinding:
    """Record a finding of a village's audit (before its conclusion)."""
    found = _locked_audit(audit_obj)
    require(actor is None or can_approve(actor, found.org), "只有乡镇或县委组织部可以记录审计问题")
    if found.round.status != AuditRoundStatus.ONGOING:
        raise ValidationError({"category": "审计轮次实施中才能记录审计问题"})
    if found.conclusion:
        raise ValidationError({"category": "审计结论已录入,不能再增加问题"})
    values = _finding_values(
        {
            "category": category,
            "description": description,
            "amount": amount,
            "responsible": responsible,
            "severity": severity,
            "deadline": deadline,
        }
    )
    if deadline is not None and found.fieldwork_start is not None and deadline < found.fieldwork_start:
        raise ValidationError({"deadline": "整改期限不能早于进点日期"})
    finding = VillageAuditFinding(county_id=found.county_id, org_path=found.org_path, audit=found, **values)
    finding.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=finding, after=audit.snapshot(finding))
    return finding


def _locked_finding(finding: VillageAuditFinding) -> VillageAuditFinding:
    return (
        VillageAuditFinding.objects.select_for_update(of=("self",))
        .select_related("audit__org", "audit__round")
        .get(pk=finding.pk)
    )


@transaction.atomic
def finding_update(*, actor: Any, finding: VillageAuditFinding, **changes: Any) -> VillageAuditFinding:
    """Correct a finding before the conclusion; afterwards only its deadline may move (the county's or township's
    decision, e.g. an extension)."""
    found = _locked_finding(finding)
    require(actor is None or can_approve(actor, found.audit.org), "只有乡镇或县委组织部可以修改审计问题")
    unknown = set(changes) - set(FINDING_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if found.audit.conclusion and set(changes) - {"deadline"}:
        raise ValidationError({"category": "审计结论已录入,只能调整整改期限"})
    if found.status == AuditFindingStatus.RECTIFIED and "deadline" in changes:
        raise ValidationError({"deadline": "该问题已整改到位"})
    values = _finding_values({field: getattr(found, field) for field in FINDING_FIELDS} | changes)
    before = audit.snapshot(found)
    for field in changes:
        setattr(found, field, values[field])
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


@transaction.atomic
def finding_delete(*, actor: Any, finding: VillageAuditFinding) -> None:
    found = _locked_finding(finding)
    require(actor is None or can_approve(actor, found.audit.org), "只有乡镇或县委组织部可以删除审计问题")
    if found.audit.conclusion:
        raise ValidationError({"finding": "审计结论已录入,不能删除问题"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=found, before=audit.snapshot(found))
    found.delete()


@transaction.atomic
def finding_rectify(
    *, actor: Any, finding: VillageAuditFinding, result: str, rectified_on: dt.date | None = None, evidence: str = ""
) -> VillageAuditFinding:
    """The village (or anyone above it) reports a finding's rectification, after the conclusion; it then waits for
    the township's or county's verification."""
    found = _locked_finding(finding)
    require(actor is None or can_manage_village(actor, found.audit.org), "没有为该村报送整改结果的权限")
    if not found.audit.conclusion:
        raise ValidationError({"result": "审计结论录入后才能报送整改结果"})
    if found.status == AuditFindingStatus.REPORTED:
        raise ValidationError({"result": "整改结果已报送,待乡镇或县委组织部核实"})
    if found.status == AuditFindingStatus.RECTIFIED:
        raise ValidationError({"result": "该问题已核实整改到位"})
    result = _text(result)
    errors: dict[str, str] = {}
    if not result:
        errors["result"] = "请填写整改结果"
    today = clock.today()
    rectified_on = rectified_on or today
    if rectified_on > today:
        errors["rectified_on"] = "整改完成日期不能晚于今天"
    elif found.audit.concluded_on and rectified_on < found.audit.concluded_on:
        errors["rectified_on"] = "整改完成日期不能早于审计结论日期"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(found)
    found.status, found.result, found.rectified_on, found.evidence = (
        AuditFindingStatus.REPORTED,
        result,
        rectified_on,
        _text(evidence),
    )
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


@transaction.atomic
def finding_verify(*, actor: Any, finding: VillageAuditFinding, passed: bool, note: str = "") -> VillageAuditFinding:
    """The township or county verifies a reported rectification: 整改到位, or 未到位 (with the reason) back to
    rectifying. A village never verifies its own."""
    found = _locked_finding(finding)
    require(actor is None or can_approve(actor, found.audit.org), "只有乡镇或县委组织部可以核实整改情况")
    if found.status == AuditFindingStatus.RECTIFYING:
        raise ValidationError({"passed": "村里尚未报送整改结果,不能核实"})
    if found.status == AuditFindingStatus.RECTIFIED:
        raise ValidationError({"passed": "该问题已核实整改到位"})
    note = _text(note)
    if not passed and not note:
        raise ValidationError({"note": "核实未到位时请填写原因"})
    before = audit.snapshot(found)
    if passed:
        found.status, found.verified_on = AuditFindingStatus.RECTIFIED, clock.today()
    else:
        found.status, found.verified_on = AuditFindingStatus.RECTIFYING, None
    found.verify_note = note[:300]
    found.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=found, before=before, after=audit.snapshot(found))
    return found


# --- notices ------------------------------------------------------------------------------------------------


def notice_default_text(audit_obj: VillageAudit) -> str:
    """What the notice says when nothing else is written: the clean sentence, or the public conclusion."""
    if audit_obj.conclusion == AuditConclusion.CLEAN:
        return rules.AUDIT_CLEAN_TEXT
    return "经审计,发现问题已责成整改,整改情况接受群众监督。"


def _person_name(responsible: str) -> str:
    """The name in "张建国(村委会主任)" / "张建国 村会计"."""
    for mark in ("(", "(", " ", ",", ",", "、", "/"):
        responsible = responsible.split(mark)[0]
    return responsible.strip()


def notice_text_problem(text: str, responsibles: Iterable[str]) -> str:
    """A public notice never names the responsible cadres nor tells of the referral to the discipline body."""
    for responsible in responsibles:
        name = _person_name(responsible or "")
        if len(name) >= 2 and name in text:
            return "公示内容不能出现责任人姓名"
    if any(word in text for word in ("纪检", "纪委", "监委")):
        return "公示内容不能涉及移交纪检情况"
    return ""


@transaction.atomic
def notice_publish(
    *,
    actor: Any,
    audit_obj: VillageAudit,
    text: str = "",
    published_on: dt.date | None = None,
    days: int | None = None,
) -> VillageAuditNotice:
    """Publish a village's conclusion (only once the conclusion is entered; one notice per village and round). The
    text is for the public: it never names the responsible cadres or the referral."""
    found = _locked_audit(audit_obj)
    require(actor is None or can_approve(actor, found.org), "只有乡镇或县委组织部可以发布审计公示")
    if not found.conclusion:
        raise ValidationError({"text": "审计结论录入后才能公示"})
    if VillageAuditNotice.objects.filter(audit=found).exists():
        raise ValidationError({"text": "该村本轮审计结论已公示"})
    days = found.round.notice_days if days in (None, "") else days
    problem = rules.audit_notice_days_problem(days)
    if problem:
        raise ValidationError({"days": problem})
    assert days is not None
    published_on = published_on or clock.today()
    if published_on < found.concluded_on:
        raise ValidationError({"published_on": "公示日期不能早于审计结论日期"})
    text = _text(text) or notice_default_text(found)
    problem = notice_text_problem(text, found.findings.values_list("responsible", flat=True))
    if problem:
        raise ValidationError({"text": problem})
    notice = VillageAuditNotice(
        county_id=found.county_id,
        org=found.org,
        org_path=found.org_path,
        audit=found,
        published_on=published_on,
        days=days,
        last_day=rules.audit_notice_last_day(published_on, days),
        text=text,
    )
    notice.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=notice, after=audit.snapshot(notice))
    return notice


@transaction.atomic
def notice_withdraw(*, actor: Any, notice: VillageAuditNotice) -> None:
    found = VillageAuditNotice.objects.select_for_update(of=("self",)).select_related("org").get(pk=notice.pk)
    require(actor is None or can_approve(actor, found.org), "只有乡镇或县委组织部可以撤回审计公示")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=found, before=audit.snapshot(found))
    found.delete()


# --- exports ------------------------------------------------------------------------------------------------

AUDIT_HEADERS = (
    "村(社区)",
    "所属乡镇",
    "审计轮次",
    "审计人员",
    "进点日期",
    "离点日期",
    "审计结论",
    "结论日期",
    "问题数",
    "整改到位",
    "涉及金额(元)",
    "公示日期",
)
FINDING_HEADERS = (
    "村(社区)",
    "所属乡镇",
    "审计轮次",
    "问题类别",
    "问题描述",
    "涉及金额(元)",
    "责任人",
    "严重程度",
    "整改期限",
    "整改状态",
    "是否逾期",
    "整改结果",
    "整改完成日期",
    "核实日期",
)


def audits_export(
    *, actor: Any, org: Org | None, audits: QuerySet[VillageAudit], towns: dict[str, str], file_name: str, caption: str
) -> bytes:
    """The audited villages with conclusion and counts (the queryset comes annotated by the selector)."""
    from dangjian.villages.selectors.rectification import town_of

    rows = [
        [
            row.org.name,
            town_of(row.org_path, towns),
            row.round.name,
            row.auditors,
            row.fieldwork_start or "",
            row.fieldwork_end or "",
            row.get_conclusion_display() or "未出结论",
            row.concluded_on or "",
            getattr(row, "finding_count", 0),
            getattr(row, "rectified_count", 0),
            getattr(row, "amount_total", None) or "",
            getattr(row, "notice_on", None) or "",
        ]
        for row in audits.iterator(chunk_size=2000)
    ]
    return audited_xlsx(
        Sheet("村官直审对象", AUDIT_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="service_audits",
        file_name=file_name,
    )


def findings_export(
    *,
    actor: Any,
    org: Org | None,
    findings: QuerySet[VillageAuditFinding],
    towns: dict[str, str],
    file_name: str,
    caption: str,
) -> bytes:
    """The findings with their rectification (internal: names the responsible cadres)."""
    from dangjian.villages.selectors.rectification import town_of

    today = clock.today()
    rows = [
        [
            row.audit.org.name,
            town_of(row.org_path, towns),
            row.audit.round.name,
            row.get_category_display(),
            row.description,
            row.amount if row.amount is not None else "",
            row.responsible,
            row.get_severity_display(),
            row.deadline or "",
            row.get_status_display(),
            "是" if rules.audit_finding_overdue(row.deadline, row.status, today) else "",
            row.result,
            row.rectified_on or "",
            row.verified_on or "",
        ]
        for row in findings.iterator(chunk_size=2000)
    ]
    return audited_xlsx(
        Sheet("村官直审问题整改", FINDING_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="service_audit_findings",
        file_name=file_name,
    )
