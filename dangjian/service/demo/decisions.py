"""Demo 四议两公开: over the last two years each village and community has two to six major matters (mostly land
acquisition, land transfer and collective assets, as seed 002's "民主决策征地拆迁、土地流转等重大事项"), most carried
through all six steps, some still under way at steps 1–5, a few failed at the members' meeting or the villagers'
representatives' meeting (some re-held and passed). Recent disclosures are within their 30-day period, so the public
pages show them. Set-based; deterministic from the rng."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction, MemberStatus
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org, Person
from dangjian.service import rules
from dangjian.service.models import Decision, DecisionStep
from dangjian.service.selectors.common import places_of

CATEGORIES = (
    ("land_acquisition", 22),
    ("land_transfer", 24),
    ("asset_disposal", 14),
    ("construction", 16),
    ("collective_economy", 10),
    ("public_welfare", 8),
    ("expenditure", 4),
    ("other", 2),
)
TITLES: dict[str, tuple[tuple[str, int, int], ...]] = {
    "land_acquisition": (("省道拓宽工程征地补偿方案", 20, 150), ("高铁站配套道路征地拆迁安置", 50, 300)),
    "land_transfer": (("村集体土地流转发展特色种植", 5, 60), ("闲置耕地流转给种植合作社", 3, 40)),
    "asset_disposal": (("村集体闲置厂房出租", 5, 30), ("村集体鱼塘承包", 2, 15), ("废旧村小学校舍租赁", 3, 20)),
    "construction": (("村组道路硬化工程", 10, 80), ("农田水利沟渠改造", 8, 50), ("安全饮水管网改造", 10, 60)),
    "collective_economy": (("入股乡镇联合社发展光伏", 10, 50), ("建设农产品冷链仓储", 20, 80)),
    "public_welfare": (("幸福院日间照料中心建设", 5, 30), ("文化广场及健身器材安装", 3, 15)),
    "expenditure": (("村级公益事业一事一议筹资", 2, 10), ("村集体年度大额开支预算", 5, 20)),
    "other": (("村规民约修订", 0, 0), ("村庄规划调整", 0, 0)),
}
OUTCOMES = (
    ("completed", 62),
    ("disclosed", 10),
    ("resolved", 3),
    ("under_way", 12),
    ("failed3", 5),
    ("failed4", 6),
    ("reheld", 2),
)
CHANNELS = (("board", 50), ("wechat", 25), ("web", 15), ("broadcast", 10))
# The step rows' columns (insert_rows names every column but the id) and each value's default.
STEP_VALUES: tuple[tuple[str, Any], ...] = (
    ("step", None),
    ("attempt", 1),
    ("held_on", None),
    ("place", ""),
    ("expected", None),
    ("present", None),
    ("votes_for", None),
    ("votes_against", None),
    ("abstentions", None),
    ("valid", True),
    ("passed", False),
    ("verdict", ""),
    ("channel", ""),
    ("content", ""),
    ("period_days", None),
    ("public_until", None),
    ("notes", ""),
    ("minutes", ""),
    ("recorded_by_id", None),
)
STEP_COLUMNS = ("county_id", "org_id", "org_path", "decision_id", *(name for name, _ in STEP_VALUES), "created_at")
ROOMS = ("村党群服务中心会议室", "村民主决策室", "村委会议室")


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _meeting(rng: random.Random, step: int, size: int, *, fail: bool = False) -> dict[str, Any]:
    """Counts for a meeting that passes (or, with `fail`, fails on its votes) by the step's own rule."""
    expected = size
    low = expected * 2 // 3 + 1 if step == 4 else expected // 2 + 1
    present = rng.randint(min(low, expected), expected)
    base = present if step == 4 else expected
    need = base // 2 + 1
    yes = rng.randint(max(0, need // 2), need - 1) if fail else rng.randint(min(need, present), present)
    rest = present - yes
    against = rng.randint(0, rest)
    verdict = rules.meeting_verdict(step, expected, present, yes)
    return {
        "expected": expected,
        "present": present,
        "votes_for": yes,
        "votes_against": against,
        "abstentions": rng.randint(0, rest - against),
        "valid": verdict.valid,
        "passed": verdict.passed,
        "verdict": verdict.reason,
    }


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    places = list(places_of(county.pk).only("id", "path", "county_id", "name"))
    if not places:
        return
    formal = dict(
        Person.objects.filter(county_id=county.pk, status=MemberStatus.FULL)
        .values("org_id")
        .annotate(n=Count("id"))
        .values_list("org_id", "n")
    )
    plans: list[tuple[Decision, list[dict[str, Any]]]] = []
    earliest = today - dt.timedelta(days=730)
    for org in places:
        committee = rng.choice((3, 5, 5, 7))
        joint = committee + rng.randint(2, 5)
        members = max(formal.get(org.pk, 0), rng.randint(15, 60))
        representatives = rng.randint(25, 60)
        sizes = {1: committee, 2: joint, 3: members, 4: representatives}
        for _ in range(rng.randint(2, 6)):
            category = _pick(rng, CATEGORIES)
            title, low, high = rng.choice(TITLES[category])
            amount = Decimal(rng.randint(low, high) * 10000) if high else None
            outcome = _pick(rng, OUTCOMES)
            day = earliest + dt.timedelta(days=rng.randint(0, 720))
            steps: list[dict[str, Any]] = []
            decision = Decision(
                county_id=county.pk,
                org_id=org.pk,
                org_path=org.path,
                title=title,
                category=category,
                description=f"{org.name.removesuffix('党支部')}{title},按“四议两公开”工作法决策。",
                amount=amount,
            )
            last = {"completed": 6, "disclosed": 5, "resolved": 4, "under_way": rng.randint(0, 3)}.get(outcome, 6)
            fail_at = {"failed3": 3, "failed4": 4}.get(outcome)
            for step in range(1, 7):
                if step > last and fail_at is None:
                    break
                if day > today:
                    break
                if step <= 4:
                    fail = step == fail_at or (outcome == "reheld" and step == 4)
                    row = _meeting(rng, step, sizes[step], fail=fail)
                    row |= {"step": step, "attempt": 1, "held_on": day, "place": rng.choice(ROOMS)}
                    steps.append(row)
                    if step == fail_at:
                        decision.failed_on = min(today, day + dt.timedelta(days=rng.randint(3, 20)))
                        decision.closing_note = f"{rules.DECISION_STEP_NAMES[step]}未通过,事项终止"
                        break
                    if not row["passed"]:  # re-held after consulting the villagers again
                        day += dt.timedelta(days=rng.randint(10, 30))
                        if day > today:
                            break
                        again = _meeting(rng, step, sizes[step])
                        steps.append(again | {"step": step, "attempt": 2, "held_on": day, "place": row["place"]})
                else:
                    period = rng.choice((30, 30, 30, 60, 90))
                    content = (
                        f"经村民代表会议表决通过:{title}。欢迎群众监督。"
                        if step == 5
                        else f"{title}已按决议实施完毕,收支情况已在公开栏公布。"
                    )
                    steps.append(
                        {
                            "step": step,
                            "attempt": 1,
                            "held_on": day,
                            "channel": _pick(rng, CHANNELS),
                            "content": content,
                            "period_days": period,
                            "public_until": rules.disclosure_last_day(day, period),
                            "passed": True,
                            "verdict": f"已公开,公开期至{rules.disclosure_last_day(day, period):%Y-%m-%d}",
                        }
                    )
                gap = {4: (1, 12), 5: (30, 200)}.get(step, (2, 15))
                day += dt.timedelta(days=rng.randint(*gap))
            _settle(decision, steps)
            plans.append((decision, steps))
    Decision.objects.bulk_create([d for d, _ in plans], batch_size=5000)
    now = timezone.now()
    rows = [
        [d.county_id, d.org_id, d.org_path, d.pk, *(s.get(name, default) for name, default in STEP_VALUES), now]
        for d, steps in plans
        for s in steps
    ]
    insert_rows(DecisionStep, STEP_COLUMNS, rows)
    statuses: dict[str, int] = {}
    for decision, _ in plans:
        statuses[decision.status] = statuses.get(decision.status, 0) + 1
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "decisions", "decisions": len(plans), "steps": len(rows), "statuses": statuses},
    )


def _settle(decision: Decision, steps: list[dict[str, Any]]) -> None:
    """The matter's status and dates from its steps, as the services would have left them."""
    passed = {s["step"]: s["held_on"] for s in steps if s["passed"]}
    decision.started_on = steps[0]["held_on"] if steps else None
    decision.resolved_on = passed.get(4)
    decision.disclosed_on = passed.get(5)
    decision.completed_on = passed.get(6)
    if decision.resolved_on and decision.disclosed_on:
        decision.disclosure_lag = (decision.disclosed_on - decision.resolved_on).days
    done = max(passed, default=0)
    if decision.failed_on is not None:
        decision.status, decision.current_step = "failed", done + 1
        return
    status = {0: "step1", 1: "step2", 2: "step3", 3: "step4", 4: "resolved", 5: "disclosed", 6: "completed"}[done]
    decision.status, decision.current_step = status, min(done + 1, 6)
