"""村级换届 (F4.8): the county opens a round; each village records its term change with the committee before (pre-filled
from its previous change) and after; the township confirms a change as done, and only done changes count in the
structure report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit
from dangjian.core import services as core_services
from dangjian.core.choices import AuditAction, Education, Gender, OrgDomain, OrgKind, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.villages import rules
from dangjian.villages.choices import ChangeStatus, CommitteeBody, CommitteePost, CommitteeSide, ElectionBody
from dangjian.villages.models import CommitteeMember, ElectionChange, ElectionRound
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules, require

ROUND_FIELDS = ("year", "period", "name", "starts_on", "ends_on")
CHANGE_FIELDS = ("body", "election_date", "term_start", "term_end", "note")
MEMBER_FIELDS = ("name", "gender", "birth_date", "education", "body", "post", "concurrent", "person")


def bodies_of(body: str) -> set[str]:
    """The committees a change elects."""
    return {CommitteeBody.PARTY, CommitteeBody.VILLAGER} if body == ElectionBody.BOTH else {body}


def is_village(org: Org) -> bool:
    return (
        org.domain == OrgDomain.RURAL
        and not org.is_dissolved
        and org.kind != OrgKind.PARTY_GROUP
        and org.level == OrgLevel.GRASSROOTS
    )


# --- rounds -------------------------------------------------------------------------------------------------


def _round_errors(values: dict[str, Any], county: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    year = values.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2099:
        errors["year"] = "换届年度应为2000至2099之间的年份"
    elif ElectionRound.objects.filter(org=county, year=year).exclude(pk=exclude).exists():
        errors["year"] = f"{year}年已有换届批次"
    for field, label in (("period", "届次"), ("name", "批次名称")):
        if not (values.get(field) or "").strip():
            errors[field] = f"请填写{label}"
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on is None:
        errors["starts_on"] = "请填写开始日期"
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于开始日期"
    return errors


@transaction.atomic
def round_create(
    *,
    actor: Any,
    county: Org,
    year: int,
    period: str,
    name: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> ElectionRound:
    """The county opens a round of village elections (one per year)."""
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部可以组织换届批次")
    name = (name or "").strip() or f"{year}年村级“两委”换届"
    values = {"year": year, "period": period, "name": name, "starts_on": starts_on, "ends_on": ends_on}
    errors = _round_errors(values, county)
    if errors:
        raise ValidationError(errors)
    election_round = ElectionRound(
        county_id=county.county_id or county.pk,
        org=county,
        org_path=county.path,
        year=year,
        period=period.strip(),
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    election_round.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=election_round, after=audit.snapshot(election_round))
    return election_round


@transaction.atomic
def round_update(*, actor: Any, election_round: ElectionRound, **changes: Any) -> ElectionRound:
    election_round = (
        ElectionRound.objects.select_for_update(of=("self",)).select_related("org").get(pk=election_round.pk)
    )
    require(actor is None or can_set_county_rules(actor, election_round.org), "只有县(区)委组织部可以修改换届批次")
    unknown = set(changes) - set(ROUND_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    values = {field: getattr(election_round, field) for field in ROUND_FIELDS} | changes
    errors = _round_errors(values, election_round.org, exclude=election_round.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(election_round)
    for field, value in changes.items():
        setattr(election_round, field, value.strip() if isinstance(value, str) else value)
    election_round.save()
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=election_round, before=before, after=audit.snapshot(election_round)
    )
    return election_round


# --- changes ------------------------------------------------------------------------------------------------


def previous_change(org: Org, before: dt.date, *, exclude: int | None = None) -> ElectionChange | None:
    """The village's latest completed change before a date (its new committee is this one's old committee)."""
    found = ElectionChange.objects.filter(org=org, status=ChangeStatus.DONE, election_date__lt=before)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("-election_date", "-id").first()


def _change_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if values.get("body") not in ElectionBody.values:
        errors["body"] = "请选择换届机构"
    election_date = values.get("election_date")
    if election_date is None:
        errors["election_date"] = "请填写选举日期"
    term_start, term_end = values.get("term_start"), values.get("term_end")
    if term_start is not None and term_end is not None and term_end <= term_start:
        errors["term_end"] = "任期届满日期应晚于任期开始日期"
    return errors


@transaction.atomic
def change_create(
    *,
    actor: Any,
    election_round: ElectionRound,
    org: Org,
    election_date: dt.date,
    body: str = ElectionBody.BOTH,
    term_start: dt.date | None = None,
    term_end: dt.date | None = None,
    note: str = "",
) -> ElectionChange:
    """Record a village's term change in a round; the old committee is copied from the previous change's new one,
    the term runs five years from the election unless given."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_manage_village(actor, org), "没有为该村登记换届的权限")
    if not is_village(org):
        raise ValidationError({"org": f"{org.name}不是行政村党组织"})
    if not org.path.startswith(election_round.org_path):
        raise ValidationError({"org": f"{org.name}不在该换届批次的范围内"})
    if ElectionChange.objects.filter(round=election_round, org=org).exists():
        raise ValidationError({"org": f"{org.name}在该批次已登记换届"})
    term_start = term_start or election_date
    term_end = term_end or (rules.election_term_end(term_start) if term_start else None)
    values = {"body": body, "election_date": election_date, "term_start": term_start, "term_end": term_end}
    errors = _change_errors(values)
    if errors:
        raise ValidationError(errors)
    previous = previous_change(org, election_date)
    change = ElectionChange(
        county_id=org.county_id,
        round=election_round,
        org=org,
        org_path=org.path,
        body=body,
        election_date=election_date,
        term_start=term_start,
        term_end=term_end,
        previous=previous,
        note=(note or "").strip(),
    )
    change.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=change, after=audit.snapshot(change))
    if previous is not None:
        rows = previous.members.filter(side=CommitteeSide.NEW).order_by("position", "id")
        CommitteeMember.objects.bulk_create(
            CommitteeMember(
                county_id=change.county_id,
                org_path=change.org_path,
                change=change,
                side=CommitteeSide.OLD,
                **{field: getattr(row, field) for field in MEMBER_FIELDS if field != "person"},
                person_id=row.person_id,
                position=row.position,
            )
            for row in rows
        )
    return change


@transaction.atomic
def change_update(*, actor: Any, change: ElectionChange, **changes: Any) -> ElectionChange:
    change = ElectionChange.objects.select_for_update(of=("self",)).select_related("org").get(pk=change.pk)
    require(actor is None or can_manage_village(actor, change.org), "没有修改该村换届信息的权限")
    unknown = set(changes) - set(CHANGE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if change.status == ChangeStatus.DONE:
        raise ValidationError({"status": "换届已确认完成,不能修改"})
    values = {field: getattr(change, field) for field in CHANGE_FIELDS} | changes
    errors = _change_errors(values)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(change)
    for field, value in changes.items():
        setattr(change, field, value.strip() if isinstance(value, str) else value)
    change.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=change, before=before, after=audit.snapshot(change))
    return change


def _clean_rows(rows: list[dict[str, Any]], change: ElectionChange) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows parsed and checked; problems name the row (第N行) and the member."""
    problems: list[str] = []
    cleaned: list[dict[str, Any]] = []
    bodies = bodies_of(change.body)
    for number, raw in enumerate(rows, start=1):
        row = {field: raw.get(field) for field in MEMBER_FIELDS}
        row["name"] = (row["name"] or "").strip()
        row["concurrent"] = bool(row["concurrent"])
        prefix = f"第{number}行"
        if not row["name"]:
            problems.append(f"{prefix}:请填写姓名")
        if row["gender"] not in Gender.values:
            problems.append(f"{prefix}:请选择性别")
        if row["education"] not in Education.values:
            problems.append(f"{prefix}:请选择学历")
        if row["post"] not in CommitteePost.values:
            problems.append(f"{prefix}:请选择职务")
        if row["body"] not in CommitteeBody.values:
            problems.append(f"{prefix}:请选择所在委员会")
        birth = row["birth_date"]
        if birth is None:
            problems.append(f"{prefix}:请填写出生日期")
        elif not dt.date(1900, 1, 1) <= birth <= change.election_date:
            problems.append(f"{prefix}:出生日期不能晚于选举日期")
        person = row.pop("person")
        if person is not None and not isinstance(person, Person):
            person = Person.objects.filter(pk=person).first()
        row["person_id"] = person.pk if person is not None else None
        cleaned.append(row)
    if not problems:
        for message in rules.committee_problems(cleaned, bodies)[:]:
            if "应有1名" in message or "只能有1名" in message:
                continue  # the heads are checked when the change is confirmed
            problems.append(message)
    return cleaned, problems


@transaction.atomic
def committee_set(
    *, actor: Any, change: ElectionChange, side: str, rows: list[dict[str, Any]]
) -> list[CommitteeMember]:
    """Replace the committee before (old) or after (new) the change with these rows (the formset's)."""
    change = ElectionChange.objects.select_for_update(of=("self",)).select_related("org").get(pk=change.pk)
    require(actor is None or can_manage_village(actor, change.org), "没有修改该村两委成员的权限")
    if side not in CommitteeSide.values:
        raise ValidationError({"side": "请选择换届前或换届后"})
    if change.status == ChangeStatus.DONE:
        raise ValidationError({"status": "换届已确认完成,不能修改两委成员"})
    cleaned, problems = _clean_rows(rows, change)
    if problems:
        raise ValidationError({"members": problems})
    existing = change.members.filter(side=side)
    before = [audit.snapshot(m) for m in existing]
    existing.delete()
    created = CommitteeMember.objects.bulk_create(
        CommitteeMember(
            county_id=change.county_id, org_path=change.org_path, change=change, side=side, position=index, **row
        )
        for index, row in enumerate(cleaned)
    )
    after = {"side": side, "members": [f"{r['name']}:{r['body']}/{r['post']}" for r in cleaned]}
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=change, before={"members": len(before), "side": side}, after=after
    )
    return created


@transaction.atomic
def change_complete(*, actor: Any, change: ElectionChange) -> ElectionChange:
    """The township (or county) confirms the change as done: the new committee must have its heads. A change that
    elects the Party committee starts the village org's new term (本届任期) in the organisation tree, unless the
    tree already holds a later term (a past change entered afterwards leaves it alone)."""
    change = ElectionChange.objects.select_for_update(of=("self",)).select_related("org").get(pk=change.pk)
    require(actor is None or can_approve(actor, change.org), "换届完成须由乡镇(街道)党委或县(区)委组织部确认")
    if change.status == ChangeStatus.DONE:
        raise ValidationError({"status": "该村换届已确认完成"})
    rows = [
        {"name": m.name, "body": m.body, "post": m.post, "concurrent": m.concurrent}
        for m in change.members.filter(side=CommitteeSide.NEW)
    ]
    if not rows:
        raise ValidationError({"members": ["请先登记换届后的两委成员"]})
    problems = rules.committee_problems(rows, bodies_of(change.body))
    if problems:
        raise ValidationError({"members": problems})
    before = audit.snapshot(change)
    change.status = ChangeStatus.DONE
    change.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=change, before=before, after=audit.snapshot(change))
    village = change.org
    later_term = village.term_start is not None and village.term_start > change.term_start
    if CommitteeBody.PARTY in bodies_of(change.body) and not later_term:
        core_services.org_update(actor=actor, org=village, term_start=change.term_start, term_end=change.term_end)
    return change


@transaction.atomic
def change_delete(*, actor: Any, change: ElectionChange) -> None:
    """Delete a change entered by mistake (only while it is not confirmed)."""
    change = ElectionChange.objects.select_for_update(of=("self",)).select_related("org").get(pk=change.pk)
    require(actor is None or can_manage_village(actor, change.org), "没有删除该村换届记录的权限")
    if change.status == ChangeStatus.DONE:
        raise ValidationError({"status": "换届已确认完成,不能删除"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=change, before=audit.snapshot(change))
    change.delete()


# --- export -------------------------------------------------------------------------------------------------

CHANGE_HEADERS = ["换届批次", "村党组织", "换届机构", "选举日期", "任期", "状态", "换届前人数", "换届后人数", "书记"]


def changes_export(*, actor: Any, org: Org | None, changes: Any, file_name: str) -> bytes:
    """The listed changes as .xlsx (audited)."""
    rows = [
        [
            c.round.name,
            c.org.name,
            c.get_body_display(),
            c.election_date,
            f"{c.term_start:%Y-%m-%d}至{c.term_end:%Y-%m-%d}",
            c.get_status_display(),
            getattr(c, "old_count", 0),
            getattr(c, "new_count", 0),
            getattr(c, "secretary_name", "") or "",
        ]
        for c in changes
    ]
    content = audited_xlsx(
        Sheet("村级换届", CHANGE_HEADERS, rows, caption=org.name if org else ""),
        actor=actor,
        org=org,
        kind="village_elections",
        file_name=file_name,
    )
    return content
