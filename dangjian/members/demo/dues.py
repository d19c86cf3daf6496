"""Demo 党费: every member's standard, the last seven months of the ledger with realistic payment habits, a few
reductions, large voluntary payments, excused months and members six months in arrears (the DUES-10 flag)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core.choices import COUNTED_STANDINGS
from dangjian.core.models import Org, Person
from dangjian.members import rules
from dangjian.members.choices import ApprovalStatus, PaymentMethod, ReductionKind
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction, DuesSetting
from dangjian.members.rules import Month

MONTHS = 7  # the current month and six overdue ones: long enough for the DUES-10 flag
FARMER_MONTHLY = Decimal("0.50")
METHODS = (
    (PaymentMethod.ONLINE, 50),
    (PaymentMethod.CASH, 30),
    (PaymentMethod.BANK, 15),
    (PaymentMethod.PROXY, 5),
)
EXCUSES = ("住院治疗", "外出务工,已联系说明情况", "家中遭灾,经支部同意暂缓交纳")
HARDSHIP = ("因病致贫,生活困难", "享受最低生活保障", "家庭遭遇变故,生活困难")


def _kind(occupation: str, rng: random.Random) -> str:
    suggested = rules.suggested_dues_kind(occupation)
    if suggested is not None:
        return suggested
    return rng.choices(["farmer", "employed", "unemployed", "low_income"], weights=[60, 25, 10, 5])[0]


def _base(kind: str, rng: random.Random) -> Decimal | None:
    if kind == "employed":
        return Decimal(rng.randrange(2400, 12500, 10))
    if kind == "retired":
        return Decimal(rng.randrange(1800, 7200, 10))
    return None


def _paid_on(month: dt.date, *, late_months: int, today: dt.date, rng: random.Random) -> dt.date | None:
    target = rules.month_first_day(Month.of(month).plus(late_months))
    day = target.replace(day=rng.randint(3, 25))
    if day > today:
        return None
    return day


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add dues records to an existing demo county (set-based; deterministic for the same rng and today).

    Written like the rest of the generated county: no audit entry per row (the county's summary entry covers it).
    """
    setting, _ = DuesSetting.objects.get_or_create(county=county)
    setting.farmer_monthly = FARMER_MONTHLY
    setting.save()
    this_month = Month.of(today)
    months = [this_month.plus(-offset) for offset in range(MONTHS - 1, -1, -1)]
    first_day = rules.month_first_day(months[0])
    people = list(
        Person.objects.filter(county=county, standing__in=COUNTED_STANDINGS)
        .order_by("id")
        .values_list("id", "org_id", "org_path", "occupation", "joined_on")
    )

    profiles: list[DuesProfile] = []
    for person_id, _org_id, org_path, occupation, joined_on in people:
        if rng.random() < 0.01:
            continue  # 未核定: the branch has not set a standard yet
        kind = _kind(occupation, rng)
        base = _base(kind, rng)
        quote = rules.dues_quote(kind, base=base, farmer_amount=FARMER_MONTHLY)
        start = max(first_day, joined_on.replace(day=1))
        profiles.append(
            DuesProfile(
                person_id=person_id,
                county_id=county.pk,
                org_path=org_path,
                kind=kind,
                base=base,
                rate=quote.rate,
                monthly=quote.monthly,
                from_month=start,
            )
        )
    DuesProfile.objects.bulk_create(profiles, batch_size=2000)
    by_person = {profile.person_id: profile for profile in profiles}

    reductions: list[DuesReduction] = []
    hardship = [p for p in profiles if p.kind in ("retired", "farmer", "low_income", "unemployed")]
    for profile in rng.sample(hardship, k=min(len(hardship), max(2, len(profiles) // 400))):
        pending = rng.random() < 0.25
        waive = profile.kind != "retired" or rng.random() < 0.5
        decided = rules.month_first_day(months[1]) + dt.timedelta(days=rng.randint(0, 20))
        reductions.append(
            DuesReduction(
                county_id=county.pk,
                org_path=profile.org_path,
                person_id=profile.person_id,
                kind=ReductionKind.WAIVE if waive else ReductionKind.REDUCE,
                monthly=Decimal("0.00") if waive else rules.round_fen(profile.monthly / 2),
                from_month=rules.month_first_day(months[2]),
                to_month=rules.month_first_day(this_month.plus(9)),
                reason=rng.choice(HARDSHIP),
                branch_decided_on=decided,
                status=ApprovalStatus.PENDING if pending else ApprovalStatus.APPROVED,
                approved_on=None if pending else decided + dt.timedelta(days=rng.randint(3, 15)),
                approval_note=""
                if pending
                else ("离退休党员生活困难,由党支部研究决定" if profile.kind == "retired" else "同意"),
            )
        )
    DuesReduction.objects.bulk_create(reductions)
    approved = {r.person_id: r for r in reductions if r.status == ApprovalStatus.APPROVED}

    methods, weights = zip(*METHODS, strict=True)
    records: list[DuesRecord] = []
    receipt = 0
    big_extras = 3
    eligible = sorted(p.person_id for p in profiles if p.from_month <= first_day and p.person_id not in approved)
    lapsed = set(rng.sample(eligible, k=min(len(eligible), max(1, len(eligible) // 200))))
    for person_id, org_id, org_path, _occupation, joined_on in people:
        profile = by_person.get(person_id)
        if profile is None:
            continue
        habit = "lapsed" if person_id in lapsed else rng.choices(["prompt", "late", "patchy"], weights=[88, 6, 6])[0]
        for month in months:
            day = rules.month_first_day(month)
            if day < profile.from_month or Month.of(joined_on) > month:
                continue
            reduction = approved.get(person_id)
            covered = reduction is not None and reduction.from_month <= day <= reduction.to_month
            expected = rules.reduced_monthly(
                profile.monthly,
                kind=reduction.kind if covered else None,
                monthly=reduction.monthly if covered else None,
            )
            row = DuesRecord(
                county_id=county.pk,
                org_id=org_id,
                org_path=org_path,
                person_id=person_id,
                month=day,
                expected=expected,
                reduction=reduction if covered else None,
            )
            paid_on = None
            if expected > 0 and habit != "lapsed" and not (habit == "patchy" and rng.random() < 0.4):
                late = rng.randint(1, 3) if habit == "late" else 0
                paid_on = _paid_on(day, late_months=late, today=today, rng=rng)
            if paid_on is not None:
                receipt += 1
                row.paid, row.paid_on = expected, paid_on
                row.method = rng.choices(methods, weights=weights)[0]
                row.receipt_no = f"DF{paid_on:%Y%m}{receipt:06d}"
                if rng.random() < 0.02:
                    row.extra = Decimal(rng.choice([10, 20, 50, 100, 200]))
                elif big_extras and rng.random() < 0.0005:
                    row.extra, big_extras = Decimal(rng.choice([1000, 2000, 5000])), big_extras - 1
            elif expected > 0 and month < this_month and habit == "patchy" and rng.random() < 0.2:
                row.excused, row.excuse_reason = True, rng.choice(EXCUSES)
            records.append(row)
    DuesRecord.objects.bulk_create(records, batch_size=2000)
