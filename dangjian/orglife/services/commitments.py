"""五亮 public commitments (F2.3): a member's 亮身份、亮职责、亮承诺、亮业绩、亮形象 entries for a year, written by the
member (or a manager on the member's behalf), reviewed by the branch, and shown on the member's public card only
when approved and only while the member agrees (`public`, which nobody but the member may set)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import HISTORICAL_STANDINGS, AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.orglife import rules
from dangjian.orglife.choices import CommitmentKind, ReviewStatus
from dangjian.orglife.models import Commitment
from dangjian.orglife.permissions import can_act_for, can_manage_branch, require

NOT_REVIEWED = ["county", "reviewed_by"]


def _person(person: Person) -> Person:
    return Person.objects.select_related("org").get(pk=person.pk)


def _locked(commitment: Commitment) -> Commitment:
    return Commitment.objects.select_for_update(of=("self",)).select_related("person__org").get(pk=commitment.pk)


def _on_roll(person: Person) -> None:
    if person.standing in HISTORICAL_STANDINGS:
        raise ValidationError({"person": f"{person.name}已列入历史名册,不再填写五亮承诺"})


def _content_problem(content: str | None) -> str | None:
    text = (content or "").strip()
    if not text:
        return "请填写内容"
    if len(text) > rules.COMMITMENT_MAX_CHARS:
        return f"内容不超过{rules.COMMITMENT_MAX_CHARS}字(现有{len(text)}字)"
    return None


def _kind_label(kind: str) -> str:
    return str(CommitmentKind(kind).label)


@transaction.atomic
def commitment_create(
    *, actor: Any, person: Person, year: int, kind: str, content: str, submit: bool = False
) -> Commitment:
    """A new entry of one kind for a year: a draft, or submitted for review at once. It inherits the member's
    consent for that year (consent covers the year's card, not one entry)."""
    person = _person(person)
    require(actor is None or can_act_for(actor, person), "没有为该党员填写五亮承诺的权限")
    _on_roll(person)
    errors: dict[str, str] = {}
    if kind not in CommitmentKind.values:
        errors["kind"] = "请选择五亮类别"
    year_problem = rules.commitment_year_problem(year, clock.today())
    if year_problem:
        errors["year"] = year_problem
    content_problem = _content_problem(content)
    if content_problem:
        errors["content"] = content_problem
    if not errors and Commitment.objects.filter(person=person, year=year, kind=kind).exists():
        errors["kind"] = f"{year}年度已填写“{_kind_label(kind)}”,请修改原条目"
    if errors:
        raise ValidationError(errors)
    commitment = Commitment(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        year=year,
        kind=kind,
        content=content.strip(),
        status=ReviewStatus.SUBMITTED if submit else ReviewStatus.DRAFT,
        public=Commitment.objects.filter(person=person, year=year, public=True).exists(),
        submitted_at=timezone.now() if submit else None,
    )
    commitment.full_clean(exclude=NOT_REVIEWED)
    commitment.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=commitment, after=audit.snapshot(commitment))
    return commitment


@transaction.atomic
def commitment_update(*, actor: Any, commitment: Commitment, content: str, submit: bool = False) -> Commitment:
    """The member rewrites an entry. Changed content is a draft again (or submitted, when saved for review): an
    approved entry that changes goes back to review and leaves the card until approved again. Unchanged content
    writes nothing, unless a draft or returned entry is being submitted."""
    commitment = _locked(commitment)
    person = commitment.person
    require(actor is None or can_act_for(actor, person), "没有修改该党员五亮承诺的权限")
    _on_roll(person)
    errors: dict[str, str] = {}
    year_problem = rules.commitment_year_problem(commitment.year, clock.today())
    if year_problem:
        errors["year"] = year_problem
    content_problem = _content_problem(content)
    if content_problem:
        errors["content"] = content_problem
    if errors:
        raise ValidationError(errors)
    text = content.strip()
    changed = text != commitment.content
    status = rules.commitment_after_edit(commitment.status, changed=changed, submit=submit)
    if not changed and status == commitment.status:
        return commitment
    before = audit.snapshot(commitment)
    fields = ["content", "status"]
    commitment.content, commitment.status = text, status
    if status == ReviewStatus.SUBMITTED:
        commitment.submitted_at = timezone.now()
        fields.append("submitted_at")
    commitment.full_clean(exclude=NOT_REVIEWED)
    commitment.save(update_fields=fields)
    after = audit.snapshot(commitment)
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=commitment, before=before, after=after)
    return commitment


@transaction.atomic
def commitment_submit(*, actor: Any, commitment: Commitment) -> Commitment:
    """Send a draft (or a returned entry) to the branch for review."""
    commitment = _locked(commitment)
    require(actor is None or can_act_for(actor, commitment.person), "没有提交该党员五亮承诺的权限")
    if not rules.commitment_can("submit", commitment.status):
        raise ValidationError({"status": f"该条目当前为“{commitment.get_status_display()}”,无需提交"})
    year_problem = rules.commitment_year_problem(commitment.year, clock.today())
    if year_problem:
        raise ValidationError({"year": year_problem})
    before = audit.snapshot(commitment)
    commitment.status, commitment.submitted_at = ReviewStatus.SUBMITTED, timezone.now()
    commitment.save(update_fields=["status", "submitted_at"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=commitment, before=before, after=audit.snapshot(commitment)
    )
    return commitment


@transaction.atomic
def commitment_review(*, actor: Any, commitment: Commitment, approve: bool, note: str = "") -> Commitment:
    """The branch approves a submitted entry or returns it with a note saying what to change. Nobody reviews
    their own entries (a secretary's go to the level above)."""
    commitment = _locked(commitment)
    person = commitment.person
    require(actor is None or can_manage_branch(actor, person.org), "没有审核该党员五亮承诺的权限")
    if actor is not None and getattr(actor, "person_id", None) == person.pk:
        raise PermissionDenied("不能审核本人的五亮承诺")
    action = "approve" if approve else "return"
    if not rules.commitment_can(action, commitment.status):
        raise ValidationError({"status": f"该条目当前为“{commitment.get_status_display()}”,不是待审核状态"})
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": "退回时请填写审核意见"})
    if len(note) > 200:
        raise ValidationError({"note": f"审核意见不超过200字(现有{len(note)}字)"})
    before = audit.snapshot(commitment)
    commitment.status = ReviewStatus.APPROVED if approve else ReviewStatus.RETURNED
    commitment.reviewed_by = actor
    commitment.reviewed_at = timezone.now()
    commitment.review_note = note
    commitment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(
        actor=actor, action=AuditAction.UPDATE, obj=commitment, before=before, after=audit.snapshot(commitment)
    )
    return commitment


@transaction.atomic
def commitments_save_year(
    *, actor: Any, person: Person, year: int, contents: Mapping[str, str | None], submit: bool = False
) -> list[Commitment]:
    """The member's page saves the five entries at once: each filled kind is created or rewritten, empty new ones
    are skipped. Every problem is reported under its kind and nothing is written when there is one."""
    person = _person(person)
    require(actor is None or can_act_for(actor, person), "没有为该党员填写五亮承诺的权限")
    _on_roll(person)
    year_problem = rules.commitment_year_problem(year, clock.today())
    if year_problem:
        raise ValidationError({"year": year_problem})
    existing = {c.kind: c for c in Commitment.objects.filter(person=person, year=year)}
    errors: dict[str, str] = {}
    for kind in CommitmentKind.values:
        text = (contents.get(kind) or "").strip()
        if not text and kind not in existing:
            continue
        problem = _content_problem(text)
        if problem:
            errors[kind] = problem if text else f"已填写的“{_kind_label(kind)}”不能清空"
    if errors:
        raise ValidationError(errors)
    if not existing and not any((contents.get(kind) or "").strip() for kind in CommitmentKind.values):
        raise ValidationError({CommitmentKind.IDENTITY.value: "请至少填写一项"})
    saved: list[Commitment] = []
    for kind in CommitmentKind.values:
        text = (contents.get(kind) or "").strip()
        if kind in existing:
            saved.append(commitment_update(actor=actor, commitment=existing[kind], content=text, submit=submit))
        elif text:
            saved.append(
                commitment_create(actor=actor, person=person, year=year, kind=kind, content=text, submit=submit)
            )
    return saved


@transaction.atomic
def commitment_consent(*, actor: Any, person: Person, year: int, public: bool) -> int:
    """The member agrees (or no longer agrees) to show the year's approved entries on the public card. Only the
    member's own account decides; a manager cannot, whatever their scope. Returns how many entries changed."""
    person = _person(person)
    require(
        actor is None or getattr(actor, "person_id", None) == person.pk, "只有党员本人可以同意或撤回公开展示五亮承诺"
    )
    entries = list(Commitment.objects.select_for_update().filter(person=person, year=year).order_by("id"))
    if not entries:
        raise ValidationError({"public": f"请先填写{year}年度的五亮承诺"})
    changed = 0
    for commitment in entries:
        if commitment.public == public:
            continue
        before = audit.snapshot(commitment)
        commitment.public = public
        commitment.save(update_fields=["public"])
        audit.record(
            actor=actor, action=AuditAction.UPDATE, obj=commitment, before=before, after=audit.snapshot(commitment)
        )
        changed += 1
    return changed


ROSTER_HEADERS = ["所在党组织", "姓名", *(str(label) for label in CommitmentKind.labels), "已通过", "公开展示"]
ENTRY_HEADERS = ["所在党组织", "姓名", "类别", "内容", "状态", "公开展示", "提交时间", "审核时间", "审核意见"]


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def commitment_export(
    *,
    actor: Any,
    org: Org | None,
    year: int,
    people: QuerySet[Person],
    entries: QuerySet[Commitment],
    file_name: str,
) -> bytes:
    """The year's roster (each member's status per kind) and the entries themselves, as one .xlsx (audited)."""
    require(actor is None or org is None or can_manage_branch(actor, org), "没有导出五亮承诺的权限")
    by_person: dict[int, dict[str, Commitment]] = {}
    entry_rows = []
    for commitment in entries.select_related("person__org").order_by("org_path", "person_id", "kind"):
        by_person.setdefault(commitment.person_id, {})[commitment.kind] = commitment
        entry_rows.append(
            [
                commitment.person.org.name,
                commitment.person.name,
                commitment.get_kind_display(),
                commitment.content,
                commitment.get_status_display(),
                "是" if commitment.public else "否",
                _when(commitment.submitted_at),
                _when(commitment.reviewed_at),
                commitment.review_note,
            ]
        )
    roster_rows = []
    for person in people.select_related("org").iterator(chunk_size=2000):
        own = by_person.get(person.pk, {})
        statuses = [own[kind].get_status_display() if kind in own else "未填写" for kind in CommitmentKind.values]
        approved = sum(1 for c in own.values() if c.status == ReviewStatus.APPROVED)
        public = "是" if any(c.public for c in own.values()) else "否"
        roster_rows.append([person.org.name, person.name, *statuses, f"{approved}/5", public])
    caption = f"{org.name if org else '全部'} {year}年度五亮承诺(导出日期 {clock.today():%Y-%m-%d})"
    content = table_xlsx(
        [
            Sheet("五亮汇总", ROSTER_HEADERS, roster_rows, caption=caption),
            Sheet("承诺内容", ENTRY_HEADERS, entry_rows, caption=caption, widths={4: 60}),
        ]
    )
    record_export(
        actor=actor, org=org, kind="commitments", rows=len(roster_rows) + len(entry_rows), file_name=file_name
    )
    return content


QUEUE_HEADERS = ["提交时间", "所在党组织", "姓名", "年度", "类别", "内容"]


def review_queue_export(*, actor: Any, org: Org | None, entries: QuerySet[Commitment], file_name: str) -> bytes:
    """The entries waiting for review, as .xlsx (audited)."""
    rows = [
        [
            _when(c.submitted_at),
            c.person.org.name,
            c.person.name,
            c.year,
            c.get_kind_display(),
            c.content,
        ]
        for c in entries.select_related("person__org").iterator(chunk_size=2000)
    ]
    caption = f"{org.name if org else '全部'} 待审核的五亮承诺(导出日期 {clock.today():%Y-%m-%d})"
    content = audited_xlsx(
        Sheet("待审核", QUEUE_HEADERS, rows, caption=caption, widths={6: 60}),
        actor=actor,
        org=org,
        kind="commitment_reviews",
        file_name=file_name,
    )
    return content
