"""Demo 积分管理: the six default schemes from January of last year, the automatic entries of the demo's attendance,
dues, volunteering, training and quizzes, members' claims (most approved, a few pending this month and last) and a
few deductions, every month closed but the last two with the frozen totals, and star and 红旗支部 standards on the
scale of the demo's half year of records.

Runs last among the organisational-life areas, so the records the automatic points come from exist. The large
sets (attendance, dues, the frozen totals: hundreds of thousands of rows for a county) are written with one
INSERT … SELECT each; the smaller ones with bulk_create."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import ON_ROLL_STANDINGS, AuditAction, MemberCategory
from dangjian.core.models import Org, Person
from dangjian.members.models import DuesRecord
from dangjian.members.rules import add_months
from dangjian.orglife import rules
from dangjian.orglife.choices import ATTENDED, Cycle, EnrolmentStatus, PointEntryStatus, PointSource
from dangjian.orglife.models import (
    Attendance,
    Enrolment,
    PointEntry,
    PointItem,
    PointMonth,
    PointScheme,
    PointSetting,
    PointTotal,
    QuizAttempt,
    Signup,
)
from dangjian.orglife.services.points import default_items, default_name

CLAIM_NOTES = (
    "帮助独居老人打扫庭院、代购生活用品",
    "参与村道清扫和垃圾分类宣传",
    "调解邻里宅基地纠纷",
    "为困难群众代办医保报销",
    "组织群众参加防汛值守",
    "走访联系户,收集意见建议3条",
    "协助开展人口普查入户登记",
    "帮助留守儿童辅导功课",
    "带头参与人居环境整治",
    "为群众宣讲惠农政策",
)
DEDUCTION_NOTES = ("无故缺席主题党日活动", "未按规定参加组织生活会", "违反村规民约,经支部批评教育")
REWARD_NOTES = ("获评乡镇优秀共产党员", "在防汛救灾中表现突出,受到镇党委表扬", "获评“最美志愿者”")
REJECT_NOTES = ("未提供佐证材料", "与已计分事项重复", "不属于申报范围")
DEMO_SETTING = {
    "star_thresholds": [15, 25, 35, 45, 55],
    "red_flag_min_average": Decimal("30.0"),
    "red_flag_min_compliance": 90,
    "red_flag_min_attendance": 85,
    "red_flag_min_star_share": 30,
}


@dataclass
class DemoItem:
    pk: int
    name: str
    points: Decimal
    cap: Decimal | None
    cycle: str


def _seed_schemes(county: Org, start: dt.date) -> dict[str, dict[str, list[DemoItem]]]:
    """The six default schemes; per category, the items by source (in order)."""
    schemes = PointScheme.objects.bulk_create(
        [
            PointScheme(
                county=county,
                county_path=county.path,
                category=category,
                name=default_name(category),
                effective_from=start,
            )
            for category in MemberCategory.values
        ]
    )
    items = PointItem.objects.bulk_create(
        [PointItem(scheme=scheme, **item) for scheme in schemes for item in default_items(scheme.category)]
    )
    by_scheme = {scheme.pk: scheme.category for scheme in schemes}
    found: dict[str, dict[str, list[DemoItem]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        found[by_scheme[item.scheme_id]][item.source].append(
            DemoItem(item.pk, item.name, item.points, item.cap, item.cap_cycle)
        )
    return found


def _table(model: Any) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], rules.month_start(first)
    while month <= last:
        months.append(month)
        month = rules.next_month(month)
    return months


def _month_case(column: str, months: list[dt.date]) -> tuple[str, list[Any]]:
    """SQL for the first day of `column`'s month (portable: one branch per month of the demo)."""
    parts, params = [], []
    for month in months:
        parts.append(f"WHEN {column} >= %s AND {column} < %s THEN %s")
        params += [month, rules.next_month(month), month]
    return f"CASE {' '.join(parts)} END", params


def _category_case(column: str, values: dict[str, Any], cast: str = "") -> tuple[str, list[Any]]:
    """SQL choosing a value by the member's category (empty counts as 普通党员)."""
    parts, params = [], []
    for category, value in values.items():
        if value is None:
            continue
        parts.append(f"WHEN {column} = %s THEN {cast.replace('?', '%s') if cast else '%s'}")
        params += [category, value]
    if not parts:
        return "NULL", []
    ordinary = values.get(MemberCategory.ORDINARY)
    fallback = "NULL"
    if ordinary is not None:
        fallback = cast.replace("?", "%s") if cast else "%s"
        params.append(ordinary)
    return f"CASE {' '.join(parts)} ELSE {fallback} END", params


def _insert_auto(source: str, base_sql: str, base_params: list[Any], items: dict[str, DemoItem]) -> int:
    """INSERT … SELECT the automatic entries of `base_sql`, whose rows give (county_id, org_path, person_id,
    category, ref, month, day), with the item of the member's category and its points; `_apply_caps` then trims
    the few member-months over an item's cap."""
    if not items:
        return 0
    item_sql, item_params = _category_case("b.category", {c: i.pk for c, i in items.items()})
    decimal = "CAST(? AS DECIMAL(7, 1))"
    points_sql, points_params = _category_case("b.category", {c: i.points for c, i in items.items()}, decimal)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    sql = f"""
        INSERT INTO {_table(PointEntry)} (county_id, org_path, person_id, item_id, source, ref, month, occurred_on,
                                          quantity, points, status, note, review_note, created_at)
        SELECT r.county_id, r.org_path, r.person_id, r.item_id, %s, r.ref, r.month, r.day, 1, r.pts, %s, '', '', %s
        FROM (
            SELECT b.county_id, b.org_path, b.person_id, b.ref, b.month, b.day,
                   {item_sql} AS item_id, {points_sql} AS pts
            FROM ({base_sql}) b
        ) r
        WHERE r.item_id IS NOT NULL
    """
    params = [source, PointEntryStatus.APPROVED, now, *item_params, *points_params, *base_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _apply_caps(county: Org, source: str, items: dict[str, DemoItem]) -> int:
    """Trim the entries of member-months over an item's monthly cap (in day order, as the services would have
    written them one by one). Returns how many entries changed."""
    capped = {item.pk: item for item in items.values() if item.cap is not None}
    if not capped:
        return 0
    assert all(item.cycle == Cycle.MONTH for item in capped.values()), "the demo's automatic items cap per month"
    lowest = min(item.cap for item in capped.values())
    groups = [
        (row["person_id"], row["month"], row["item_id"])
        for row in PointEntry.objects.filter(county=county, source=source, item_id__in=list(capped))
        .values("person_id", "month", "item_id")
        .annotate(total=Sum("points"))
        .filter(total__gt=lowest)
        if row["total"] > capped[row["item_id"]].cap
    ]
    changed: list[PointEntry] = []
    for person_id, month, item_id in groups:
        item, used = capped[item_id], Decimal("0")
        entries = PointEntry.objects.filter(person_id=person_id, month=month, item_id=item_id, source=source)
        for entry in entries.order_by("occurred_on", "id"):
            points = rules.capped_points(item.points * entry.quantity, cap=item.cap, used=used)
            used += points
            if points != entry.points:
                entry.points = points
                changed.append(entry)
    PointEntry.objects.bulk_update(changed, ["points"], batch_size=2000)
    return len(changed)


def _roll_sql() -> tuple[str, list[Any]]:
    return ", ".join(["%s"] * len(ON_ROLL_STANDINGS)), sorted(ON_ROLL_STANDINGS)


def _attendance(county: Org, months: list[dt.date], items: dict[str, DemoItem]) -> int:
    month_sql, month_params = _month_case("a.held_on", months)
    roll, roll_params = _roll_sql()
    statuses = sorted(ATTENDED)
    base = f"""
        SELECT a.county_id AS county_id, p.org_path AS org_path, a.person_id AS person_id, p.category AS category,
               CAST(%s AS VARCHAR(64)) || CAST(a.id AS VARCHAR(20)) AS ref, {month_sql} AS month,
               a.held_on AS day
        FROM {_table(Attendance)} a JOIN {_table(Person)} p ON p.id = a.person_id
        WHERE a.county_id = %s AND a.status IN (%s, %s) AND a.held_on >= %s AND a.held_on < %s
              AND p.standing IN ({roll})
    """
    params = ["attendance:", *month_params, county.pk, *statuses, months[0], rules.next_month(months[-1]), *roll_params]
    return _insert_auto(PointSource.ATTENDANCE, base, params, items)


def _dues(county: Org, months: list[dt.date], items: dict[str, DemoItem]) -> int:
    """Dues paid in full by the month's end (a waived month earns nothing), as `dues_points_sync` counts them."""
    ends, labels = [], []
    for month in months:
        ends += [month, rules.next_month(month)]
        labels += [month, f"{month:%Y-%m}"]
    end_sql = "CASE " + " ".join("WHEN d.month = %s THEN %s" for _ in months) + " END"
    label_sql = "CASE " + " ".join("WHEN d.month = %s THEN %s" for _ in months) + " END"
    roll, roll_params = _roll_sql()
    base = f"""
        SELECT d.county_id AS county_id, p.org_path AS org_path, d.person_id AS person_id, p.category AS category,
               CAST(%s AS VARCHAR(64)) || CAST(d.person_id AS VARCHAR(20)) || ':' || {label_sql} AS ref,
               d.month AS month, CASE WHEN d.paid_on > d.month THEN d.paid_on ELSE d.month END AS day
        FROM {_table(DuesRecord)} d JOIN {_table(Person)} p ON p.id = d.person_id
        WHERE d.county_id = %s AND d.month >= %s AND d.month <= %s AND d.paid_on IS NOT NULL
              AND d.paid >= d.expected AND d.paid > 0 AND d.paid_on < {end_sql} AND p.standing IN ({roll})
    """
    params = ["dues:", *labels, county.pk, months[0], months[-1], *ends, *roll_params]
    return _insert_auto(PointSource.DUES, base, params, items)


class _Caps:
    """What each member's cap periods already hold, for the entries written in Python."""

    def __init__(self) -> None:
        self.used: dict[tuple[int, str, dt.date], Decimal] = defaultdict(Decimal)

    def points(self, person_id: int, item: DemoItem, day: dt.date, quantity: Decimal) -> Decimal:
        period = rules.period_of(day, item.cycle).first
        key = (person_id, item.name, period)
        points = rules.capped_points(item.points * quantity, cap=item.cap, used=self.used[key])
        self.used[key] += points
        return points.quantize(rules.POINTS_STEP)


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add schemes, entries and closed months to an existing demo county (set-based; deterministic)."""
    start = dt.date(today.year - 1, 1, 1)
    current = rules.month_start(today)
    previous = add_months(current, -1)
    last_closed = add_months(current, -2)
    items = _seed_schemes(county, start)
    # The demo's records go back half a year, so its county sets its stars and 红旗支部 on that scale.
    PointSetting.objects.update_or_create(county=county, defaults=DEMO_SETTING)
    first_of = {source: {c: items[c][source][0] for c in items if items[c][source]} for source in PointSource.values}

    auto_months = _months(start, previous)  # the current month's automatic points keep arriving
    attendance = _attendance(county, _months(start, current), first_of[PointSource.ATTENDANCE])
    dues = _dues(county, auto_months, first_of[PointSource.DUES])
    trimmed = sum(
        _apply_caps(county, source, first_of[source]) for source in (PointSource.ATTENDANCE, PointSource.DUES)
    )

    people = {
        pk: (org_path, category or MemberCategory.ORDINARY, joined_on)
        for pk, org_path, category, joined_on in Person.objects.filter(
            county=county, standing__in=ON_ROLL_STANDINGS
        ).values_list("pk", "org_path", "category", "joined_on")
    }
    caps = _Caps()
    rows: list[PointEntry] = []
    now = timezone.now()

    def add(person_id: int, source: str, item: DemoItem, day: dt.date, **values: Any) -> PointEntry | None:
        person = people.get(person_id)
        if person is None or not start <= day <= today or day < person[2]:
            return None
        quantity = Decimal(values.pop("quantity", 1)).quantize(rules.POINTS_STEP)
        status = values.pop("status", PointEntryStatus.APPROVED)
        if status == PointEntryStatus.APPROVED:
            points = caps.points(person_id, item, day, quantity)
        else:
            points = (item.points * quantity).quantize(rules.POINTS_STEP)
        entry = PointEntry(
            county_id=county.pk,
            org_path=person[0],
            person_id=person_id,
            item_id=item.pk,
            source=source,
            month=rules.month_start(day),
            occurred_on=day,
            quantity=quantity,
            points=points,
            status=status,
            **values,
        )
        rows.append(entry)
        return entry

    def item_for(person_id: int, source: str, index: int | None = None) -> DemoItem | None:
        person = people.get(person_id)
        choices = items.get(person[1], {}).get(source, []) if person else []
        if not choices:
            return None
        return choices[index] if index is not None else rng.choice(choices)

    # Volunteer hours, training attended and quizzes passed (small sets).
    signups = (
        Signup.objects.filter(county=county, confirmed=True, hours__gt=0)
        .values_list("pk", "person_id", "hours", "activity__ends_at")
        .order_by("activity__ends_at", "pk")
    )
    for pk, person_id, hours, ends_at in signups.iterator(chunk_size=5000):
        day = _local_day(ends_at)
        item = first_of[PointSource.VOLUNTEER].get(people.get(person_id, ("", ""))[1])
        if item:
            add(person_id, PointSource.VOLUNTEER, item, day, quantity=hours, ref=f"signup:{pk}")
    enrolments = (
        Enrolment.objects.filter(county=county, status=EnrolmentStatus.ATTENDED)
        .values_list("pk", "person_id", "training__ends_on")
        .order_by("training__ends_on", "pk")
    )
    for pk, person_id, ends_on in enrolments.iterator(chunk_size=5000):
        item = first_of[PointSource.TRAINING].get(people.get(person_id, ("", ""))[1])
        if item:
            add(person_id, PointSource.TRAINING, item, ends_on, ref=f"enrolment:{pk}")
    passed: dict[tuple[int, int], dt.datetime] = {}
    for person_id, quiz_id, submitted_at in QuizAttempt.objects.filter(county=county, passed=True).values_list(
        "person_id", "quiz_id", "submitted_at"
    ):
        key = (person_id, quiz_id)
        passed[key] = min(submitted_at, passed.get(key, submitted_at))
    for (person_id, quiz_id), submitted_at in sorted(passed.items(), key=lambda pair: (pair[1], pair[0])):
        day = _local_day(submitted_at)
        item = first_of[PointSource.STUDY].get(people.get(person_id, ("", ""))[1])
        if item:
            add(person_id, PointSource.STUDY, item, day, ref=f"quiz:{quiz_id}")

    # Claims: about one member in eight claims once or twice in the last half year; the branch approved most,
    # rejected a few; some of this month's and last month's are still waiting.
    recent = add_months(current, -6)
    span = (today - recent).days
    claimants = sorted(rng.sample(sorted(people), k=len(people) // 8)) if people else []
    claims = pending = rejected = 0
    for person_id in claimants:
        for _ in range(rng.choice((1, 1, 2))):
            item = item_for(person_id, PointSource.CLAIM)
            if item is None:
                continue
            day = recent + dt.timedelta(days=rng.randint(0, span))
            status = PointEntryStatus.APPROVED
            roll = rng.random()
            if day >= previous and roll < 0.3:
                status = PointEntryStatus.PENDING
            elif roll < 0.05:
                status = PointEntryStatus.REJECTED
            values: dict[str, Any] = {"note": rng.choice(CLAIM_NOTES), "status": status}
            if status != PointEntryStatus.PENDING:
                reviewed = dt.datetime.combine(min(day + dt.timedelta(days=rng.randint(1, 10)), today), dt.time(16))
                values["reviewed_at"] = timezone.make_aware(reviewed, timezone.get_default_timezone())
            if status == PointEntryStatus.REJECTED:
                values["review_note"] = rng.choice(REJECT_NOTES)
            entry = add(person_id, PointSource.CLAIM, item, day, **values)
            claims += entry is not None
            pending += entry is not None and status == PointEntryStatus.PENDING
            rejected += entry is not None and status == PointEntryStatus.REJECTED
    # Branch entries: a few rewards and fewer deductions.
    branch_entries = 0
    for person_id in sorted(rng.sample(sorted(people), k=len(people) // 150)) if people else []:
        reward = rng.random() < 0.7
        candidates = items.get(people[person_id][1], {}).get(PointSource.BRANCH, [])
        pick = [i for i in candidates if (i.points > 0) == reward]
        if not pick:
            continue
        day = recent + dt.timedelta(days=rng.randint(0, span))
        note = rng.choice(REWARD_NOTES if reward else DEDUCTION_NOTES)
        entry = add(person_id, PointSource.BRANCH, pick[0], day, note=note, reviewed_at=now)
        branch_entries += entry is not None
    PointEntry.objects.bulk_create(rows, batch_size=5000)

    # Close every month from the schemes' start up to the one before last; freeze every member's totals.
    closed = _months(start, last_closed) if last_closed >= start else []
    PointMonth.objects.bulk_create([PointMonth(county=county, county_path=county.path, month=m) for m in closed])
    totals = _freeze(county, closed)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "points",
            "schemes": len(items),
            "attendance_entries": attendance,
            "dues_entries": dues,
            "trimmed_to_caps": trimmed,
            "other_entries": len(rows),
            "claims": claims,
            "pending_claims": pending,
            "rejected_claims": rejected,
            "branch_entries": branch_entries,
            "closed_months": len(closed),
            "frozen_totals": totals,
        },
    )


def _freeze(county: Org, months: list[dt.date]) -> int:
    """Every on-roll member's total of each closed month (zeros included), with the member's category: one
    INSERT … SELECT, as `point_month_close` freezes a month."""
    if not months:
        return 0
    month_rows = " UNION ALL ".join("SELECT %s AS month, %s AS last_day" for _ in months)
    month_params: list[Any] = []
    for month in months:
        month_params += [month, rules.next_month(month) - dt.timedelta(days=1)]
    roll, roll_params = _roll_sql()
    placeholders = ", ".join(["%s"] * len(months))
    sql = f"""
        INSERT INTO {_table(PointTotal)} (county_id, org_path, person_id, month, category, total)
        SELECT p.county_id, p.org_path, p.id, m.month,
               CASE WHEN p.category = '' THEN %s ELSE p.category END, COALESCE(e.total, 0)
        FROM {_table(Person)} p
        CROSS JOIN ({month_rows}) m
        LEFT JOIN (
            SELECT person_id, month, SUM(points) AS total FROM {_table(PointEntry)}
            WHERE county_id = %s AND status = %s AND month IN ({placeholders})
            GROUP BY person_id, month
        ) e ON e.person_id = p.id AND e.month = m.month
        WHERE p.county_id = %s AND p.standing IN ({roll}) AND p.joined_on <= m.last_day
        ORDER BY m.month, p.org_path, p.id
    """
    params = [
        MemberCategory.ORDINARY,
        *month_params,
        county.pk,
        PointEntryStatus.APPROVED,
        *months,
        county.pk,
        *roll_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
