"""Training (F2.4): classes an org runs for its subtree, enrolment and attendance (hours to the study ledger and
points), yearly rotation targets ("全部轮训一遍"), and the exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from dangjian.core import audit, clock
from dangjian.core.choices import HISTORICAL_STANDINGS, AuditAction
from dangjian.core.io.tables import Sheet, audited_xlsx, record_export, table_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.scoping import subtree
from dangjian.core.services import county_id_of
from dangjian.orglife import rules
from dangjian.orglife.choices import EnrolmentStatus, PointSource, StudySource, TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, RotationTarget, TrainingClass
from dangjian.orglife.permissions import can_manage_branch, require
from dangjian.orglife.services import points
from dangjian.orglife.services.study import log_hours, unlog_hours

CLASS_FIELDS = ("title", "organiser", "place", "kind", "group", "starts_on", "ends_on", "hours", "note")
TEXT_LIMITS = {"title": 100, "organiser": 100, "place": 100, "note": 200}
REQUIRED_TEXT = {"title": "请填写培训主题", "organiser": "请填写主办单位", "place": "请填写培训地点"}


def enrolment_ref(enrolment: Enrolment) -> str:
    """The source record name of an enrolment in the study ledger and the points."""
    return f"enrolment:{enrolment.pk}"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None


def _class_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name, message in REQUIRED_TEXT.items():
        if not str(values.get(name) or "").strip():
            errors[name] = message
    for name, limit in TEXT_LIMITS.items():
        if len(str(values.get(name) or "").strip()) > limit:
            errors[name] = f"不能超过{limit}个字"
    if values.get("kind") not in TrainingKind.values:
        errors["kind"] = "请选择培训形式"
    if values.get("group") not in TrainingGroup.values:
        errors["group"] = "请选择培训对象"
    raw_hours = values.get("hours")
    hours = _decimal(raw_hours)
    if raw_hours not in (None, "") and hours is None:
        errors["hours"] = "学时应为数字"
    elif hours is not None and hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = "学时最多保留一位小数"
    problems = rules.class_problems(starts_on=values.get("starts_on"), ends_on=values.get("ends_on"), hours=hours)
    for name, message in problems.items():
        errors.setdefault(name, message)
    return errors


def _attended(training: TrainingClass) -> QuerySet[Enrolment]:
    return training.enrolments.filter(status=EnrolmentStatus.ATTENDED)


@transaction.atomic
def training_class_create(
    *,
    actor: Any,
    org: Org,
    title: str,
    organiser: str,
    place: str,
    kind: str,
    group: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours: Decimal,
    note: str = "",
) -> TrainingClass:
    """A class an org runs for its subtree (集中培训 at a 干部学院, 现场教学, 专家授课…)."""
    require(actor is None or can_manage_branch(actor, org), "没有为该组织举办培训班的权限")
    values = {
        "title": title,
        "organiser": organiser,
        "place": place,
        "kind": kind,
        "group": group,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "hours": hours,
        "note": note,
    }
    errors = _class_errors(values)
    if errors:
        raise ValidationError(errors)
    training = TrainingClass(
        county_id=county_id_of(org),
        org=org,
        org_path=org.path,
        title=title.strip(),
        organiser=organiser.strip(),
        place=place.strip(),
        kind=kind,
        group=group,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=Decimal(str(hours)),
        note=(note or "").strip(),
    )
    training.full_clean(exclude=["county"])
    training.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=training, after=audit.snapshot(training))
    return training


def _credit(*, actor: Any, enrolment: Enrolment, training: TrainingClass) -> None:
    """The study hours and points an attended enrolment earns, dated the class's last day."""
    ref = enrolment_ref(enrolment)
    log_hours(
        actor=actor,
        person=enrolment.person,
        source=StudySource.TRAINING,
        ref=ref,
        day=training.ends_on,
        hours=enrolment.hours,
        note=training.title[:200],
    )
    points.award_auto(
        actor=actor,
        person=enrolment.person,
        source=PointSource.TRAINING,
        ref=ref,
        occurred_on=training.ends_on,
        note=training.title[:200],
    )


def _uncredit(*, actor: Any, enrolment: Enrolment) -> None:
    ref = enrolment_ref(enrolment)
    unlog_hours(actor=actor, person=enrolment.person, source=StudySource.TRAINING, ref=ref)
    points.revoke_auto(actor=actor, person=enrolment.person, source=PointSource.TRAINING, ref=ref)


@transaction.atomic
def training_class_update(*, actor: Any, training: TrainingClass, **changes: Any) -> TrainingClass:
    """Correct a class. Participants already credited keep their hours (capped by the class's new hours is
    refused) and their ledger rows move with the class's last day."""
    training = TrainingClass.objects.select_for_update(of=("self",)).select_related("org").get(pk=training.pk)
    require(actor is None or can_manage_branch(actor, training.org), "没有修改该培训班的权限")
    unknown = set(changes) - set(CLASS_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    values = {field: getattr(training, field) for field in CLASS_FIELDS} | changes
    errors = _class_errors(values)
    hours = _decimal(values.get("hours"))
    if "hours" not in errors and hours is not None:
        most = max((e.hours for e in _attended(training)), default=Decimal("0"))
        if hours < most:
            errors["hours"] = f"已有参训人员登记了{most}学时,培训班学时不能少于此数"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(training)
    for field, value in changes.items():
        if field == "hours":
            value = Decimal(str(value))
        elif isinstance(value, str) and field in TEXT_LIMITS:
            value = value.strip()
        setattr(training, field, value)
    training.full_clean(exclude=["county"])
    training.save(update_fields=list(changes))
    after = audit.snapshot(training)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=training, before=before, after=after)
    if {"ends_on", "title"} & set(changes):
        for enrolment in _attended(training).select_related("person"):
            _credit(actor=actor, enrolment=enrolment, training=training)
    return training


@transaction.atomic
def training_class_delete(*, actor: Any, training: TrainingClass) -> None:
    """Remove a class entered by mistake: only while no attendance is recorded; its enrolments go with it."""
    training = TrainingClass.objects.select_for_update(of=("self",)).select_related("org").get(pk=training.pk)
    require(actor is None or can_manage_branch(actor, training.org), "没有删除该培训班的权限")
    if training.enrolments.exclude(status=EnrolmentStatus.ENROLLED).exists():
        raise ValidationError({"training": "该培训班已登记参训情况,不能删除"})
    enrolments = list(training.enrolments.all())
    audit.append(
        [
            *(
                audit.build_entry(actor=actor, action=AuditAction.DELETE, obj=e, before=audit.snapshot(e))
                for e in enrolments
            ),
            audit.build_entry(actor=actor, action=AuditAction.DELETE, obj=training, before=audit.snapshot(training)),
        ]
    )
    training.delete()


# --- enrolment and attendance -------------------------------------------------------------------------------


def _enrollable(training: TrainingClass, person: Person) -> str | None:
    if person.standing in HISTORICAL_STANDINGS:
        return f"{person.name}已列入历史名册,不能报名参训"
    if not person.org_path.startswith(training.org_path):
        return f"{person.name}不在{training.org.name}的管理范围内"
    return None


@transaction.atomic
def enrolment_create(*, actor: Any, training: TrainingClass, person: Person) -> Enrolment:
    """Enrol one member of the class org's subtree."""
    training = TrainingClass.objects.select_related("org").get(pk=training.pk)
    require(actor is None or can_manage_branch(actor, training.org), "没有为该培训班报名的权限")
    person = Person.objects.select_related("org").get(pk=person.pk)
    problem = _enrollable(training, person)
    if problem is None and Enrolment.objects.filter(training=training, person=person).exists():
        problem = f"{person.name}已报名该培训班"
    if problem:
        raise ValidationError({"person": problem})
    enrolment = Enrolment(
        county_id=person.county_id,
        org_path=person.org_path,
        class_path=training.org_path,
        training=training,
        person=person,
    )
    enrolment.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=enrolment, after=audit.snapshot(enrolment))
    return enrolment


def _bulk_enrol(*, actor: Any, training: TrainingClass, people: QuerySet[Person]) -> int:
    taken = Enrolment.objects.filter(training=training).values("person_id")
    rows = list(
        people.exclude(standing__in=HISTORICAL_STANDINGS)
        .filter(**subtree("org_path", training.org_path))
        .exclude(pk__in=taken)
        .order_by("org_path", "id")
        .values_list("id", "county_id", "org_path")
    )
    enrolments = Enrolment.objects.bulk_create(
        [
            Enrolment(
                county_id=county_id, org_path=org_path, class_path=training.org_path, training=training, person_id=pk
            )
            for pk, county_id, org_path in rows
        ],
        batch_size=5000,
    )
    audit.append(
        audit.build_entry(actor=actor, action=AuditAction.CREATE, obj=e, after=audit.snapshot(e)) for e in enrolments
    )
    return len(enrolments)


@transaction.atomic
def enrol_branch(*, actor: Any, training: TrainingClass, branch: Org) -> int:
    """Enrol every on-roll member of a branch (and the orgs under it) not yet enrolled; returns how many."""
    training = TrainingClass.objects.select_related("org").get(pk=training.pk)
    require(actor is None or can_manage_branch(actor, training.org), "没有为该培训班报名的权限")
    if not branch.path.startswith(training.org_path):
        raise ValidationError({"branch": f"{branch.name}不在{training.org.name}的管理范围内"})
    people = Person.objects.on_roll().filter(**subtree("org_path", branch.path))
    return _bulk_enrol(actor=actor, training=training, people=people)


@transaction.atomic
def enrol_group(*, actor: Any, training: TrainingClass, group: str) -> int:
    """Enrol everyone of a rotation group (e.g. every village cadre) under the class's org; returns how many."""
    from dangjian.orglife.selectors.training import group_people_under

    training = TrainingClass.objects.select_related("org").get(pk=training.pk)
    require(actor is None or can_manage_branch(actor, training.org), "没有为该培训班报名的权限")
    if group not in TrainingGroup.values:
        raise ValidationError({"group": "请选择培训对象"})
    people = group_people_under(training.org_path, group, county_id=training.county_id, today=clock.today())
    return _bulk_enrol(actor=actor, training=training, people=people)


@transaction.atomic
def enrolment_delete(*, actor: Any, enrolment: Enrolment) -> None:
    """Withdraw an enrolment; one with attendance recorded stays (mark it absent instead)."""
    enrolment = Enrolment.objects.select_for_update(of=("self",)).select_related("training__org").get(pk=enrolment.pk)
    require(actor is None or can_manage_branch(actor, enrolment.training.org), "没有修改该培训班报名的权限")
    if enrolment.status == EnrolmentStatus.ATTENDED:
        raise ValidationError({"status": "已登记参训的人员不能取消报名,请改为未参训"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=enrolment, before=audit.snapshot(enrolment))
    enrolment.delete()


@transaction.atomic
def attendance_mark(*, actor: Any, enrolment: Enrolment, attended: bool, hours: Decimal | None = None) -> Enrolment:
    """Record whether a participant attended. Attended: the hours (the class's by default, fewer for who left
    early) go to the study ledger and the points; back to absent takes both away."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",)).select_related("training__org", "person").get(pk=enrolment.pk)
    )
    training = enrolment.training
    require(actor is None or can_manage_branch(actor, training.org), "没有登记该培训班参训情况的权限")
    if clock.today() < training.starts_on:
        raise ValidationError({"status": f"培训班{training.starts_on:%Y-%m-%d}开班,开班前不能登记参训情况"})
    before = audit.snapshot(enrolment)
    if attended:
        credited = training.hours if hours is None or hours == "" else _decimal(hours)
        if credited is None:
            raise ValidationError({"hours": "学时应为数字"})
        problem = rules.attended_hours_problem(credited, training.hours)
        if problem is None and credited != credited.quantize(Decimal("0.1")):
            problem = "学时最多保留一位小数"
        if problem:
            raise ValidationError({"hours": problem})
        enrolment.status, enrolment.hours = EnrolmentStatus.ATTENDED, credited
    else:
        enrolment.status, enrolment.hours = EnrolmentStatus.ABSENT, Decimal("0.0")
    enrolment.save(update_fields=["status", "hours"])
    after = audit.snapshot(enrolment)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=enrolment, before=before, after=after)
    if attended:
        _credit(actor=actor, enrolment=enrolment, training=training)
    else:
        _uncredit(actor=actor, enrolment=enrolment)
    return enrolment


@transaction.atomic
def attendance_mark_all(*, actor: Any, training: TrainingClass) -> int:
    """Mark everyone still only enrolled as attended with the class's hours (the usual case); returns how many."""
    training = TrainingClass.objects.select_related("org").get(pk=training.pk)
    require(actor is None or can_manage_branch(actor, training.org), "没有登记该培训班参训情况的权限")
    pending = list(training.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person"))
    for enrolment in pending:
        attendance_mark(actor=actor, enrolment=enrolment, attended=True)
    return len(pending)


# --- rotation targets ---------------------------------------------------------------------------------------


@transaction.atomic
def rotation_target_set(
    *, actor: Any, org: Org, year: int, group: str, min_hours: Decimal = Decimal("0"), note: str = ""
) -> RotationTarget:
    """An org's yearly target for a group ("年内全部轮训一遍"); setting it again changes the minimum hours."""
    require(actor is None or can_manage_branch(actor, org), "没有为该组织制定轮训目标的权限")
    errors: dict[str, str] = {}
    if not isinstance(year, int) or not 2000 <= year <= 2099:
        errors["year"] = "年度应为2000至2099之间的年份"
    if group not in TrainingGroup.values:
        errors["group"] = "请选择培训对象"
    hours = _decimal(min_hours if min_hours not in (None, "") else "0")
    if hours is None:
        errors["min_hours"] = "学时应为数字"
    elif hours < 0:
        errors["min_hours"] = "每人至少学时不能为负数"
    elif hours > Decimal("9999"):
        errors["min_hours"] = "每人至少学时过大"
    elif hours != hours.quantize(Decimal("0.1")):
        errors["min_hours"] = "学时最多保留一位小数"
    if len((note or "").strip()) > 200:
        errors["note"] = "不能超过200个字"
    if errors:
        raise ValidationError(errors)
    assert hours is not None
    existing = RotationTarget.objects.select_for_update().filter(org=org, year=year, group=group).first()
    if existing is not None:
        before = audit.snapshot(existing)
        existing.min_hours, existing.note = hours, (note or "").strip()
        existing.save(update_fields=["min_hours", "note"])
        after = audit.snapshot(existing)
        if after != before:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after=after)
        return existing
    target = RotationTarget.objects.create(
        county_id=county_id_of(org),
        org=org,
        org_path=org.path,
        year=year,
        group=group,
        min_hours=hours,
        note=(note or "").strip(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=target, after=audit.snapshot(target))
    return target


@transaction.atomic
def rotation_target_delete(*, actor: Any, target: RotationTarget) -> None:
    target = RotationTarget.objects.select_for_update(of=("self",)).select_related("org").get(pk=target.pk)
    require(actor is None or can_manage_branch(actor, target.org), "没有删除该轮训目标的权限")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=target, before=audit.snapshot(target))
    target.delete()


# --- exports ------------------------------------------------------------------------------------------------

CLASS_HEADERS = [
    "培训主题",
    "组织单位",
    "主办单位",
    "培训地点",
    "培训形式",
    "培训对象",
    "开始日期",
    "结束日期",
    "学时",
    "报名人数",
    "参训人次",
    "参训学时合计",
]
ENROLMENT_HEADERS = ["姓名", "所在党组织", "参训情况", "获得学时"]
COVERAGE_HEADERS = ["制定单位", "年度", "培训对象", "每人至少学时", "已轮训/应轮训(轮训率)"]
NOT_TRAINED_HEADERS = ["姓名", "所在党组织", "本年度该类培训学时"]


def training_export(
    *, actor: Any, org: Org | None, classes: QuerySet[TrainingClass], caption: str, file_name: str
) -> bytes:
    """The classes of a list (its filters applied) with their 人次 and hours, totals at the bottom."""
    rows = [
        [
            c.title,
            c.org.name,
            c.organiser,
            c.place,
            c.get_kind_display(),
            c.get_group_display(),
            c.starts_on,
            c.ends_on,
            c.hours,
            c.enrolled,
            c.person_times,
            c.attended_hours or Decimal("0.0"),
        ]
        for c in classes.select_related("org").iterator(chunk_size=2000)
    ]
    totals = [
        f"合计{len(rows)}期",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        sum((r[8] for r in rows), Decimal("0.0")),
        sum(r[9] for r in rows),
        sum(r[10] for r in rows),
        sum((r[11] for r in rows), Decimal("0.0")),
    ]
    content = audited_xlsx(
        Sheet("培训班", CLASS_HEADERS, rows, caption=caption, totals=totals),
        actor=actor,
        org=org,
        kind="training",
        file_name=file_name,
    )
    return content


def enrolment_export(*, actor: Any, training: TrainingClass, enrolments: QuerySet[Enrolment], file_name: str) -> bytes:
    rows = [
        [e.person.name, e.person.org.name, e.get_status_display(), e.hours]
        for e in enrolments.select_related("person__org").iterator(chunk_size=2000)
    ]
    caption = f"{training.title}({training.starts_on:%Y-%m-%d}至{training.ends_on:%Y-%m-%d},{training.place})"
    content = audited_xlsx(
        Sheet("参训人员", ENROLMENT_HEADERS, rows, caption=caption),
        actor=actor,
        org=training.org,
        kind="training_enrolments",
        file_name=file_name,
    )
    return content


def rotation_export(
    *, actor: Any, org: Org | None, coverage: list[Any], missing: QuerySet[Person], caption: str, file_name: str
) -> bytes:
    """The targets with their coverage, and who has not yet been trained (the list's filters applied)."""
    coverage_rows = [
        [row.target.org.name, row.target.year, row.target.get_group_display(), row.target.min_hours, row.text]
        for row in coverage
    ]
    missing_rows = [
        [p.name, p.org.name, getattr(p, "group_hours", None) or Decimal("0.0")]
        for p in missing.select_related("org").iterator(chunk_size=2000)
    ]
    content = table_xlsx(
        [
            Sheet("轮训目标完成情况", COVERAGE_HEADERS, coverage_rows, caption=caption),
            Sheet("尚未轮训人员", NOT_TRAINED_HEADERS, missing_rows, caption=caption),
        ]
    )
    rows = len(coverage_rows) + len(missing_rows)
    record_export(actor=actor, org=org, kind="training_rotation", rows=rows, file_name=file_name)
    return content
