"""Rules of village governance as pure functions (no database), one section per area; tested at their boundaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# --- economy -------------------------------------------------------------------------------------------------------

WAN = Decimal("10000")
# The income thresholds the reports count (元): 5万 (below it a village is 空壳/薄弱), 20万, 1000万, 1亿.
HOLLOW_LINE = Decimal("50000")
INCOME_THRESHOLDS: tuple[Decimal, ...] = (HOLLOW_LINE, Decimal("200000"), Decimal("10000000"), Decimal("100000000"))
ONE_DECIMAL = Decimal("0.1")


def reaches(amount: Decimal | None, threshold: Decimal) -> bool:
    """ "突破5万元" counts a village whose amount is at least the threshold (50,000.00 reaches 5万; 49,999.99 not);
    a village that reported nothing reaches nothing."""
    return amount is not None and Decimal(amount) >= threshold


def is_hollow(income: Decimal | None) -> bool:
    """空壳/薄弱村: a reported income below 5万元 (a missing report is listed apart, not counted here)."""
    return income is not None and Decimal(income) < HOLLOW_LINE


def income_band(income: Decimal) -> str:
    """The band of a reported income (an `IncomeBand` value): below 5万, 5万–20万, 20万–1000万, 1000万–1亿, ≥1亿."""
    bands = ("hollow", "50k", "200k", "10m", "100m")
    reached = sum(1 for threshold in INCOME_THRESHOLDS if reaches(income, threshold))
    return bands[reached]


def share(part: int, whole: int) -> Decimal | None:
    """A share in percent to one decimal (half up): 146 of 370 → 39.5; None without a base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def share_text(part: int, whole: int) -> str:
    """As the seeds write it: "146个,占39.5%" ("0个,占—" without a base)."""
    value = share(part, whole)
    return f"{part}个,占{'—' if value is None else f'{value}%'}"


def wan(amount: Decimal | None) -> Decimal | None:
    """元 → 万元 to one decimal (half up)."""
    if amount is None:
        return None
    return (Decimal(amount) / WAN).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def wan_text(amount: Decimal | None) -> str:
    """ "3.2万元", "3334万元", "31.7万元" (a trailing .0 dropped, as the seeds write it); "—" for nothing."""
    value = wan(amount)
    if value is None:
        return "—"
    text = f"{value}"
    return f"{text[:-2] if text.endswith('.0') else text}万元"


def average(total: Decimal | None, count: int) -> Decimal | None:
    """Average per village (元, two decimals); None without villages."""
    if not count:
        return None
    return (Decimal(total or 0) / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def growth(earlier: Decimal | None, later: Decimal | None) -> Decimal | None:
    """Growth in percent to one decimal from one figure to another; None when the earlier one is missing or 0."""
    if earlier is None or later is None or Decimal(earlier) <= 0:
        return None
    return ((Decimal(later) / Decimal(earlier) - 1) * 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def cagr(earlier: Decimal | None, later: Decimal | None, years: int) -> Decimal | None:
    """年均增长 as compound annual growth in percent to one decimal: 3334万 → 8789万 over two years → 62.4
    ((8789/3334)^(1/2) - 1). None without a positive start, a figure or a span."""
    if earlier is None or later is None or years <= 0 or Decimal(earlier) <= 0 or Decimal(later) < 0:
        return None
    ratio = float(Decimal(later) / Decimal(earlier))
    return (Decimal(str(ratio ** (1 / years))) * 100 - 100).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def development_models_problem(values: list[str], allowed: set[str]) -> str:
    """The development models of a village-year: known values, each once."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        return f"未知的发展模式:{'、'.join(unknown)}"
    if len(set(values)) != len(values):
        return "发展模式不能重复"
    return ""


# --- classification ------------------------------------------------------------------------------------------------

DEFAULT_INCOME_THRESHOLD = HOLLOW_LINE
DEFAULT_ENVIRONMENT_THRESHOLD = Decimal("60")
ENVIRONMENT_MAX = 100


def income_below(income: Decimal | None, threshold: Decimal) -> bool:
    """集体经济空壳村: income below the threshold; a village that reported no income counts as below (未填报)."""
    return income is None or Decimal(income) < Decimal(threshold)


def income_reason(income: Decimal | None, threshold: Decimal) -> str:
    """ "集体经济收入3.2万元,低于5万元"; without a report "未填报集体经济收入(按低于5万元计)"."""
    if income is None:
        return f"未填报集体经济收入(按低于{wan_text(threshold)}计)"
    return f"集体经济收入{wan_text(income)},低于{wan_text(threshold)}"


def environment_below(score: int | None, substandard: bool, threshold: Decimal) -> bool:
    """环境脏乱村: assessed 不达标, or a score below the threshold (a score equal to it passes)."""
    return substandard or (score is not None and Decimal(score) < Decimal(threshold))


def environment_reason(score: int | None, substandard: bool, threshold: Decimal) -> str:
    parts = []
    if score is not None and Decimal(score) < Decimal(threshold):
        parts.append(f"人居环境评分{score}分,低于{_number(threshold)}分")
    if substandard:
        parts.append("人居环境评定为不达标")
    return ";".join(parts)


def _number(value: Decimal) -> str:
    text = f"{Decimal(value).normalize():f}"
    return text


def environment_score_problem(score: int | None, substandard: bool) -> str:
    """A score is 0–100; an assessment needs a score or the 不达标 flag."""
    if score is None:
        return "" if substandard else "请填写人居环境评分或勾选不达标"
    if score < 0 or score > ENVIRONMENT_MAX:
        return f"人居环境评分应在0至{ENVIRONMENT_MAX}分之间"
    return ""


def threshold_problem(basis: str, threshold: Decimal | None) -> str:
    """Income thresholds are positive amounts (元); environment thresholds scores in 1–100; others take none."""
    if basis == "income_below" and (threshold is None or Decimal(threshold) <= 0):
        return "请填写大于0的收入标准(元)"
    if basis == "environment_below" and (threshold is None or not 0 < Decimal(threshold) <= ENVIRONMENT_MAX):
        return f"请填写1至{ENVIRONMENT_MAX}之间的评分标准"
    return ""


def transformed(in_year: set[int], in_next_year: set[int]) -> set[int]:
    """整治转化: the villages in a category one year and no longer in it the next."""
    return in_year - in_next_year


def policy_target_problem(target_date: dt.date | None, year: int) -> str:
    """一村一策's target date lies in the year of the classification or later (by the end of the year is usual)."""
    if target_date is None:
        return "请填写完成时限"
    if target_date < dt.date(year, 1, 1):
        return f"完成时限不能早于{year}年1月1日"
    return ""


# --- rectification -------------------------------------------------------------------------------------------------

RECT_MIN_RATIO = Decimal("10")  # percent: the bottom share is never below 10% (seed 002 源汇: 不低于10%的比例倒排)


def rect_ratio_problem(ratio: Decimal | None) -> str:
    """Why a round's ratio (in percent) is refused, or ""."""
    if ratio is None:
        return "请填写倒排比例"
    if not ratio.is_finite():
        return "倒排比例应为数字"
    if ratio < RECT_MIN_RATIO:
        return "倒排比例不能低于10%"
    if ratio > 100:
        return "倒排比例不能超过100%"
    return ""


def rect_percent_label(ratio: Decimal) -> str:
    """10 → "10%", 12.50 → "12.5%"."""
    text = f"{ratio.normalize():f}"
    return f"{text}%"


def rect_bottom_count(n: int, ratio: Decimal) -> int:
    """How many of `n` ranked branches the bottom share takes: ceil(ratio% × n), exactly (41 at 10% → 5)."""
    if n <= 0:
        return 0
    product = Decimal(n) * ratio
    whole = int(product // 100)
    return min(n, whole + (1 if product % 100 else 0))


@dataclass(frozen=True)
class RankedPick:
    """A branch taken by the ranking: its rank from the top (tied branches share it), of how many, and whether it
    came in only because it tied with the branch at the cut line."""

    key: Any
    rank: int
    ranked: int
    tied_at_cut: bool


def rect_bottom_ranked(scores: Mapping[Any, Decimal], ratio: Decimal) -> list[RankedPick]:
    """The bottom share of a ranking (lower score = weaker): the ceil(ratio × n) lowest, plus every branch tied
    with the last one taken (ties at the cut line are all included). Lowest first."""
    n = len(scores)
    take = rect_bottom_count(n, ratio)
    if take == 0:
        return []
    ordered = sorted(scores.items(), key=lambda item: (item[1], str(item[0])))
    cut = ordered[take - 1][1]
    picked = [(key, score) for key, score in ordered if score <= cut]
    beyond_quota = len(picked) > take
    values = list(scores.values())
    return [
        RankedPick(
            key=key,
            rank=1 + sum(1 for other in values if other > score),
            ranked=n,
            tied_at_cut=beyond_quota and score == cut,
        )
        for key, score in picked
    ]


def rect_ranking_reason(pick: RankedPick, ratio: Decimal) -> str:
    """ "排名后10%:第38/41名", and the tie at the cut line said so."""
    text = f"排名后{rect_percent_label(ratio)}:第{pick.rank}/{pick.ranked}名"
    if pick.tied_at_cut:
        text += "(与分数线并列,一并列入)"
    return text


def rect_missing_conditions(met: Mapping[str, bool], conditions: Sequence[tuple[str, str]]) -> list[str]:
    """The labels of the "不撤离" conditions not yet met (in their order)."""
    return [label for value, label in conditions if not met.get(value, False)]


def rect_exit_refusal(missing: Sequence[str]) -> str:
    """The refusal of an exit application naming what is missing, or "" when all are met."""
    if not missing:
        return ""
    return "尚未达到以下不撤离条件,不能申请整顿到位:" + "、".join(missing)


RECT_CONVERTED = "converted"
RECT_IN_PROGRESS = "in_progress"
RECT_OUTSIDE = ""


def rect_period_status(listed_on: dt.date, exited_on: dt.date | None, start: dt.date, end: dt.date) -> str:
    """Where a case stands for a period [start, end]: counted as listed when it was listed on or before the end and
    had not exited before the start; converted when it exited on or before the end; otherwise in progress."""
    if listed_on > end or (exited_on is not None and exited_on < start):
        return RECT_OUTSIDE
    if exited_on is not None and exited_on <= end:
        return RECT_CONVERTED
    return RECT_IN_PROGRESS


def rect_conversion_text(converted: int, listed: int) -> str:
    """ "已整顿到位32个/41个 (78.0%)"."""
    share = f"{(Decimal(converted) * 100 / listed).quantize(Decimal('0.1'), ROUND_HALF_UP)}%" if listed else "—"
    return f"已整顿到位{converted}个/{listed}个 ({share})"


def rect_conversion_sentence(listed: int, converted: int, kind: str = "软弱涣散村党组织") -> str:
    """The seed's sentence: "确定软弱涣散村党组织41个,已整顿到位32个"."""
    return f"确定{kind}{listed}个,已整顿到位{converted}个"


# --- pairing -------------------------------------------------------------------------------------------------------

# Department type ↔ village category (seed 001: 党群部门联"弱村"、政法部门联"乱村"、经济部门联"穷村"、
# 涉农部门联"专业村"; an economic department also suits a hollow collective economy). Values are
# `choices.DepartmentType` and `choices.VillageTag` values; the order of the tags is the order of preference when a
# village has several.
PAIRING_MATCHES: dict[str, tuple[str, ...]] = {
    "party_mass": ("weak",),
    "legal": ("disorderly",),
    "economic": ("poor", "hollow"),
    "agriculture": ("specialised",),
}
PAIRING_TAG_ORDER: tuple[str, ...] = ("weak", "disorderly", "poor", "hollow", "specialised")
PAIRING_DEPARTMENT_WORDS = {
    "party_mass": "党群部门",
    "legal": "政法部门",
    "economic": "经济部门",
    "agriculture": "涉农部门",
}
PAIRING_TAG_WORDS = {"weak": "弱村", "disorderly": "乱村", "poor": "穷村", "hollow": "空壳村", "specialised": "专业村"}
SUGGESTIONS_PER_VILLAGE = 3

FIVE_ONE_TOTAL = 5


@dataclass(frozen=True)
class PairingCandidate:
    """A unit that could be paired: its type and how many villages it is already paired with."""

    unit_id: int
    name: str
    department_type: str
    load: int


@dataclass(frozen=True)
class PairingSuggestion:
    unit_id: int
    name: str
    department_type: str
    load: int
    tag: str
    reason: str


def pairing_reason(department_type: str, tag: str) -> str:
    """Why a unit suits a village: "党群部门联弱村"."""
    return f"{PAIRING_DEPARTMENT_WORDS[department_type]}联{PAIRING_TAG_WORDS[tag]}"


def suggest_units(
    tags: set[str] | frozenset[str], candidates: list[PairingCandidate], limit: int = SUGGESTIONS_PER_VILLAGE
) -> list[PairingSuggestion]:
    """The units to suggest for an unpaired village with category `tags`: those whose department type matches one of
    the tags; fewer villages already paired first, then the earlier tag (弱村 before 乱村 before 穷村…), then the name
    and the id. A village without a matching category gets no suggestion."""
    found: list[tuple[tuple[int, int, str, int], PairingSuggestion]] = []
    for unit in candidates:
        matched = [tag for tag in PAIRING_MATCHES.get(unit.department_type, ()) if tag in tags]
        if not matched:
            continue
        tag = min(matched, key=PAIRING_TAG_ORDER.index)
        key = (unit.load, PAIRING_TAG_ORDER.index(tag), unit.name, unit.unit_id)
        suggestion = PairingSuggestion(
            unit.unit_id, unit.name, unit.department_type, unit.load, tag, pairing_reason(unit.department_type, tag)
        )
        found.append((key, suggestion))
    found.sort(key=lambda pair: pair[0])
    return [suggestion for _, suggestion in found[:limit]]


def pair_shape(unit_count: int) -> str:
    """ "one_to_one" for one unit with a village, "many_to_one" for several (a pair without units is "none")."""
    if unit_count <= 0:
        return "none"
    return "one_to_one" if unit_count == 1 else "many_to_one"


PAIR_SHAPE_LABELS = {"one_to_one": "一对一", "many_to_one": "多对一", "none": "未确定单位"}


def pair_active_in(started_year: int, ended_on: dt.date | None, since: dt.date, until: dt.date) -> bool:
    """Whether a pair counts in a period: started in or before the period's last year, not ended before it began."""
    return started_year <= until.year and (ended_on is None or ended_on >= since)


def pairing_period(year: int, since: dt.date | None = None, until: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """A period as two inclusive days: the given days, else the calendar year (an open end takes the year's)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return since or first, until or last


def pairing_period_problem(since: dt.date, until: dt.date) -> str | None:
    return "结束日期不能早于开始日期" if until < since else None


def five_one_text(done: int, total: int = FIVE_ONE_TOTAL) -> str:
    """A pair's 五个一 completion as users read it: "3/5"."""
    return f"{done}/{total}"


def five_one_missing(done_items: set[str] | frozenset[str], items: list[str]) -> list[str]:
    """The items (in checklist order) not yet done."""
    return [item for item in items if item not in done_items]


# Outputs ledger (成效台账): the unit of each kind, which kinds count whole things, and the sentence's order.
OUTPUT_UNITS: dict[str, str] = {
    "funds": "元",
    "problems": "个",
    "deeds": "件",
    "projects": "个",
    "trees": "棵",
    "greened": "亩",
    "road_area": "平方米",
    "road_length": "公里",
    "trained": "人次",
}
OUTPUT_WHOLE_KINDS = frozenset({"problems", "deeds", "projects", "trees", "trained"})
OUTPUT_ORDER: tuple[str, ...] = (
    "funds",
    "problems",
    "deeds",
    "projects",
    "trees",
    "greened",
    "road_area",
    "road_length",
    "trained",
    "other",
)
OUTPUT_MAX = Decimal("999999999999.99")
TEN_THOUSAND = Decimal("10000")


def _pairing_trim(value: Decimal) -> str:
    """A decimal without trailing zeros (never in exponent form)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def output_money_text(amount: Decimal) -> str:
    """Money as the seeds write it: from 1万元 on in 万元 to one decimal (half up, ".0" dropped: "80.5万元",
    "1万元"); below it in 元 ("9999元", "9999.5元")."""
    amount = Decimal(amount)
    if amount >= TEN_THOUSAND:
        return f"{_pairing_trim((amount / TEN_THOUSAND).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP))}万元"
    return f"{_pairing_trim(amount.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}元"


def output_quantity_text(kind: str, quantity: Decimal, unit: str) -> str:
    """A quantity with its unit: money as `output_money_text`, whole things as integers (half up), the rest trimmed."""
    quantity = Decimal(quantity)
    if kind == "funds":
        return output_money_text(quantity)
    if kind in OUTPUT_WHOLE_KINDS:
        return f"{quantity.quantize(Decimal('1'), rounding=ROUND_HALF_UP)}{unit}"
    return f"{_pairing_trim(quantity.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP))}{unit}"


@dataclass(frozen=True)
class OutputTotal:
    """One line of the outputs' totals: a kind (with the name and unit of an "other" kind), the sum and the rows."""

    kind: str
    label: str
    unit: str
    quantity: Decimal
    rows: int = 0

    @property
    def text(self) -> str:
        return output_quantity_text(self.kind, self.quantity, self.unit)


def output_sort_key(total: OutputTotal) -> tuple[int, str, str]:
    return (
        OUTPUT_ORDER.index(total.kind) if total.kind in OUTPUT_ORDER else len(OUTPUT_ORDER),
        total.label,
        total.unit,
    )


def outputs_sentence(totals: list[OutputTotal]) -> str:
    """Seed 000's sentence from the totals: "帮扶资金80.5万元,解决实际困难42个,办实事好事15件,植树1200棵,绿化30亩,
    硬化道路5000平方米" — the kinds in their fixed order, zero totals left out, "" when nothing was recorded."""
    parts = [f"{t.label}{t.text}" for t in sorted(totals, key=output_sort_key) if t.quantity > 0]
    return ",".join(parts)


def output_quantity_problem(kind: str, quantity: Decimal) -> str | None:
    """A quantity must be positive, within range, whole for counted things and to the fen (two places) otherwise."""
    if not quantity.is_finite() or quantity <= 0:
        return "数量应大于0"
    if quantity > OUTPUT_MAX:
        return "数量过大"
    if kind in OUTPUT_WHOLE_KINDS and quantity != quantity.to_integral_value():
        return f"{OUTPUT_UNITS[kind]}数应为整数"
    if quantity != quantity.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        return "数量最多保留两位小数"
    return None


# --- projects ------------------------------------------------------------------------------------------------------

# Project statuses (values of choices.ProjectStatus, kept as strings so the rules stay free of Django).
P_DRAFT, P_PENDING, P_APPROVED, P_ONGOING, P_COMPLETED, P_REJECTED, P_TERMINATED = (
    "draft",
    "pending",
    "approved",
    "ongoing",
    "completed",
    "rejected",
    "terminated",
)
# The workflow: from → the statuses it may move to. 已驳回 is not an end: the owner edits and submits again
# (a new round of the procedure); 已终止 and 已完成 are ends.
PROJECT_TRANSITIONS: dict[str, frozenset[str]] = {
    P_DRAFT: frozenset({P_PENDING, P_TERMINATED}),
    P_PENDING: frozenset({P_PENDING, P_APPROVED, P_REJECTED, P_TERMINATED}),
    P_REJECTED: frozenset({P_PENDING, P_TERMINATED}),
    P_APPROVED: frozenset({P_ONGOING, P_TERMINATED}),
    P_ONGOING: frozenset({P_COMPLETED, P_TERMINATED}),
    P_COMPLETED: frozenset(),
    P_TERMINATED: frozenset(),
}
PROJECT_STATUS_LABELS = {
    P_DRAFT: "草稿",
    P_PENDING: "审批中",
    P_APPROVED: "已立项",
    P_ONGOING: "实施中",
    P_COMPLETED: "已完成",
    P_REJECTED: "已驳回",
    P_TERMINATED: "已终止",
}
# Projects that were set up (立项): what "兴办项目" counts and what the completion rate divides by.
SET_UP_STATUSES = frozenset({P_APPROVED, P_ONGOING, P_COMPLETED})
EDITABLE_STATUSES = frozenset({P_DRAFT, P_REJECTED})
SPENDING_STATUSES = frozenset({P_APPROVED, P_ONGOING, P_COMPLETED})


def project_transition_problem(current: str, target: str) -> str | None:
    """Whether a project may move from `current` to `target` (the workflow table above)."""
    if target in PROJECT_TRANSITIONS.get(current, frozenset()):
        return None
    now, then = PROJECT_STATUS_LABELS.get(current, current), PROJECT_STATUS_LABELS.get(target, target)
    return f"项目当前为“{now}”,不能改为“{then}”"


S_WAITING, S_APPROVED, S_REJECTED, S_CANCELLED = "waiting", "approved", "rejected", "cancelled"


def next_step(states: Sequence[str]) -> int | None:
    """The position (0-based) of the step awaiting a decision in a round, given its steps' states in order: the
    first one not yet approved, provided it is waiting. None when every step is approved or the round was rejected."""
    for position, state in enumerate(states):
        if state == S_APPROVED:
            continue
        return position if state == S_WAITING else None
    return None


def step_order_problem(states: Sequence[str], position: int, names: Sequence[str]) -> str | None:
    """A decision on the step at `position` is refused unless it is the next step of the round."""
    current = next_step(states)
    if current == position:
        return None
    if current is None:
        return "该项目当前没有待审批的步骤"
    if position < current:
        return f"“{names[position]}”已审批,不能重复审批"
    return f"请按顺序审批:应先完成“{names[current]}”"


APPROVER_LABELS = {
    "branch_secretary": "村(社区)党组织书记",
    "township_admin": "乡镇(街道)党委",
    "county_admin": "县(区)委组织部",
}


def approval_problem(*, step_role: str, actor_role: str | None, in_scope: bool, own_org: bool) -> str | None:
    """May an account decide a step? It must hold the step's role and see the project's org; above the branch it must
    not be the owner org itself (a township cannot pass its own project's township step)."""
    if actor_role != step_role:
        return f"该步骤应由{APPROVER_LABELS.get(step_role, step_role)}审批"
    if not in_scope:
        return "该项目不在您的管理范围内"
    if own_org and step_role != "branch_secretary":
        return "项目所属组织不能审批本级以上的步骤"
    return None


def milestone_overdue(due_on: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    """A milestone is overdue from the day after its due date until it is done (the due day itself is not late)."""
    return done_on is None and due_on < today


def over_budget(budget: Decimal, spent: Decimal) -> Decimal:
    """How much the spending exceeds the budget (0 within it)."""
    return max(spent - budget, Decimal("0"))


def budget_warning(budget: Decimal, spent: Decimal) -> str | None:
    """Spending above the budget is allowed but warned about (the excess named)."""
    excess = over_budget(budget, spent)
    if excess <= 0:
        return None
    return f"累计支出{spent:,.2f}元,超出预算{budget:,.2f}元共{excess:,.2f}元"


SCORE_MIN, SCORE_MAX = Decimal("0"), Decimal("100")


def review_score_problem(score: Decimal | None) -> str | None:
    """A review score is 0–100 (both ends allowed)."""
    if score is None:
        return "请填写得分"
    if not score.is_finite() or score < SCORE_MIN or score > SCORE_MAX:
        return "得分应在0至100之间"
    return None


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Competition ranking ("1224"): equal scores share a rank, the next rank skips; in the order given."""
    return [1 + sum(1 for other in scores if other > score) for score in scores]


def project_dates_problem(starts_on: dt.date | None, ends_on: dt.date | None) -> str | None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        return "计划完成日期不能早于开工日期"
    return None


FUNDS_WAN = Decimal("10000")


def funds_wan(amount: Decimal | int) -> str:
    """Project funds in 万元 as the reports write them: "12530", "121.9" (one decimal, a trailing .0 dropped)."""
    value = (Decimal(amount) / FUNDS_WAN).quantize(Decimal("0.1"))
    text = f"{value:f}"
    return text[:-2] if text.endswith(".0") else text


def project_years_text(first: int, last: int) -> str:
    return f"{first}年" if first == last else f"{first}—{last}年"


def projects_sentence(
    first: int, last: int, total: tuple[int, Decimal], by_category: Sequence[tuple[str, int, Decimal]]
) -> str:
    """Seed 003's sentence: "…共兴办项目482个,投入资金12530万元,其中,经济发展类项目322个,投入资金8593万元,…"
    (`by_category`: label, count, funds; categories without projects are left out)."""
    count, funds = total
    text = f"{project_years_text(first, last)},共兴办项目{count}个,投入资金{funds_wan(funds)}万元"
    parts = [f"{label}项目{n}个,投入资金{funds_wan(money)}万元" for label, n, money in by_category if n]
    if parts and count:
        text += ",其中," + ",".join(parts)
    return text + "。"


# --- secretaries ---------------------------------------------------------------------------------------------------

# 第一书记 and 驻村工作队. Presence: one sign-in a day counts that day as "in the village"; a month's figure is its
# distinct sign-in days. The county sets the minimum days a month (default 20; 1–28 so that every month can meet it).
# A month an assignment only partly covers (it started or ended inside it), and approved leave days, pro-rate the
# minimum:
#     required = round_half_up(minimum × available / days_in_month), never more than `available`,
# where available = days of the month inside the assignment − approved leave days inside them (when the county
# excludes leave). A full month without leave requires exactly the minimum. Below means days < required (exactly the
# requirement is fine).

SECRETARY_MIN_DAYS_DEFAULT = 20
SECRETARY_MIN_DAYS_RANGE = (1, 28)
SECRETARY_TERM_MONTHS_DEFAULT = 24
SECRETARY_SCORE_RANGE = (0, 100)
RECALL_REASONS = frozenset({"not_resident", "underperforming"})


def presence_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def presence_month_end(day: dt.date) -> dt.date:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


def presence_days_in_range(first: dt.date, last: dt.date, start: dt.date, end: dt.date | None) -> int:
    """How many days of [first, last] lie inside [start, end] (an open end runs on)."""
    lo = max(first, start)
    hi = last if end is None else min(last, end)
    return max((hi - lo).days + 1, 0)


def presence_required_days(
    minimum: int, month: dt.date, start: dt.date, end: dt.date | None, leave_days: int = 0
) -> tuple[int, int]:
    """(required, available) days of presence in `month` for an assignment [start, end] with approved leave days."""
    first, last = presence_month(month), presence_month_end(month)
    whole = (last - first).days + 1
    available = max(presence_days_in_range(first, last, start, end) - max(leave_days, 0), 0)
    if available == whole:
        return minimum, available
    required = (2 * minimum * available + whole) // (2 * whole)  # round half up
    return min(required, available), available


def presence_below(days: int, required: int) -> bool:
    """Below the rule when fewer days than required; exactly the requirement is fine."""
    return days < required


def presence_text(days: int, required: int, minimum: int) -> str:
    """What the county list says: "本月在村12天,低于规定20天" (the pro-rated figure when it differs)."""
    rule = f"规定{minimum}天" if required == minimum else f"规定{required}天(按在岗天数折算,满月{minimum}天)"
    if presence_below(days, required):
        return f"本月在村{days}天,低于{rule}"
    return f"本月在村{days}天,达到{rule}"


def presence_min_days_problem(value: object) -> str | None:
    lowest, highest = SECRETARY_MIN_DAYS_RANGE
    if not isinstance(value, int) or isinstance(value, bool) or not lowest <= value <= highest:
        return f"每月最少在村天数应为{lowest}至{highest}天"
    return None


def posting_signin_problem(day: dt.date, today: dt.date, start: dt.date, end: dt.date | None) -> str | None:
    """A sign-in day must be today or earlier and inside the assignment."""
    if day > today:
        return "不能为以后的日期签到"
    if day < start:
        return f"签到日期早于任职开始日期({start:%Y-%m-%d})"
    if end is not None and day > end:
        return f"签到日期晚于任职结束日期({end:%Y-%m-%d})"
    return None


def posting_leave_problem(starts_on: dt.date, ends_on: dt.date, start: dt.date, end: dt.date | None) -> str | None:
    if ends_on < starts_on:
        return "请假结束日期不能早于开始日期"
    if starts_on < start or (end is not None and ends_on > end):
        return "请假日期应在任职期间内"
    return None


def posting_planned_end(start: dt.date, months: int = SECRETARY_TERM_MONTHS_DEFAULT) -> dt.date:
    """The planned last day of a term of `months` months (2 years by default): the day before the anniversary."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = presence_month_end(dt.date(year, month + 1, 1)).day
    if start.day > last:  # 31 Jan + 1 month: the anniversary falls after February, the term ends on its last day
        return dt.date(year, month + 1, last)
    return dt.date(year, month + 1, start.day) - dt.timedelta(days=1)


def posting_is_recall(reason: str) -> bool:
    """撤换 (已召回/撤换) for 不在村居住 and 履职不力; otherwise the posting counts as 已轮换."""
    return reason in RECALL_REASONS


def report_period_start(cycle: str, day: dt.date) -> dt.date:
    """The first day of the month or quarter containing `day`."""
    if cycle == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def report_period_label(cycle: str, start: dt.date) -> str:
    if cycle == "quarter":
        return f"{start.year}年第{(start.month - 1) // 3 + 1}季度"
    return f"{start.year}年{start.month}月"


def report_score_problem(score: object) -> str | None:
    lowest, highest = SECRETARY_SCORE_RANGE
    if score is None:
        return None
    if not isinstance(score, int) or isinstance(score, bool) or not lowest <= score <= highest:
        return f"评分应为{lowest}至{highest}分"
    return None


def posting_replaced_text(counts: dict[str, int], labels: dict[str, str]) -> str:
    """ "撤换23名,均为不在村居住" or "撤换5名,其中不在村居住3名、履职不力2名"; "未撤换" when none."""
    total = sum(counts.values())
    if not total:
        return "未撤换"
    parts = [(labels.get(key, key), n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if n]
    if len(parts) == 1:
        return f"撤换{total}名,均为{parts[0][0]}"
    return f"撤换{total}名,其中" + "、".join(f"{label}{n}名" for label, n in parts)


# --- talent --------------------------------------------------------------------------------------------------------

# The county's defaults for reserve cadres (后备干部): at least 2 per village, 35 and under preferred, 大专 preferred.
RESERVE_MIN_PER_VILLAGE = 2
RESERVE_MAX_AGE = 35
RESERVE_MIN_EDUCATION = "junior_college"
SECONDMENT_ENDING_DAYS = 30

# core.choices.Education from the highest down; a lower rank is a higher degree.
EDUCATION_ORDER = (
    "postgraduate",
    "bachelor",
    "junior_college",
    "secondary_vocational",
    "high_school",
    "junior_high",
    "primary_or_below",
)

# Which status a talent record may move to (在库 → 已使用/退出; 已使用 → 退出/重新在库; 退出 → 重新入库).
TALENT_TRANSITIONS: dict[str, frozenset[str]] = {
    "active": frozenset({"used", "exited"}),
    "used": frozenset({"active", "exited"}),
    "exited": frozenset({"active"}),
}


def talent_age(birth_date: dt.date, on: dt.date) -> int:
    """Full years on a day; the birthday itself counts (the 36th birthday makes a person 36 that very day)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def within_age(birth_date: dt.date, on: dt.date, max_age: int) -> bool:
    """Whether a person is at most `max_age` on the day (35 and under: until the day before the 36th birthday)."""
    return talent_age(birth_date, on) <= max_age


def youngest_birth_excluded(on: dt.date, max_age: int) -> dt.date:
    """The latest birth date of someone already older than `max_age` on `on`: born on or before it means too old.

    Lets a database count "35 and under" with one date comparison (birth_date > this day)."""
    year = on.year - (max_age + 1)
    try:
        return on.replace(year=year)
    except ValueError:  # 29 February in a common year: the birthday falls on 1 March
        return dt.date(year, 2, 28)


def education_meets(education: str, minimum: str) -> bool:
    """Whether a degree is at least the minimum (大专及以上: junior_college, bachelor or postgraduate)."""
    if education not in EDUCATION_ORDER or minimum not in EDUCATION_ORDER:
        return False
    return EDUCATION_ORDER.index(education) <= EDUCATION_ORDER.index(minimum)


def educations_at_least(minimum: str) -> list[str]:
    """The degrees that meet a minimum, for a database filter."""
    if minimum not in EDUCATION_ORDER:
        return []
    return list(EDUCATION_ORDER[: EDUCATION_ORDER.index(minimum) + 1])


def reserve_problems(
    *, birth_date: dt.date, education: str, on: dt.date, max_age: int, min_education: str
) -> list[str]:
    """What a reserve cadre lacks against the county's preferences (shown as a hint, never a refusal)."""
    found = []
    if not within_age(birth_date, on, max_age):
        found.append(f"年龄{talent_age(birth_date, on)}岁,超过{max_age}岁")
    if not education_meets(education, min_education):
        found.append("学历低于县里要求")
    return found


def below_minimum(counts: dict[int, int], village_ids: list[int], minimum: int) -> list[int]:
    """The villages whose reserve cadres number fewer than the minimum ("一村至少N名"); exactly N is enough."""
    return [pk for pk in village_ids if counts.get(pk, 0) < minimum]


def min_and_average(counts: dict[int, int], village_ids: list[int]) -> tuple[int, Decimal]:
    """The fewest per village and the average per village (to one decimal) over all the villages, zeros included."""
    if not village_ids:
        return 0, Decimal("0.0")
    values = [counts.get(pk, 0) for pk in village_ids]
    return min(values), (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.1"))


def add_months_clamped(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; a day the month lacks becomes its last (1-31 + 1 month = 2-28, or 2-29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_first = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def term_end(start: dt.date, months: int) -> dt.date:
    """The day a secondment of `months` started on `start` ends: start + N months, clamped to the month's end."""
    if months < 1:
        raise ValueError("挂职期限至少1个月")
    return add_months_clamped(start, months)


def ending_soon(end: dt.date, today: dt.date, days: int = SECONDMENT_ENDING_DAYS) -> bool:
    """A term ending today or within the next `days` days (the 30th day counts; the 31st does not)."""
    return today <= end <= today + dt.timedelta(days=days)


def talent_transition_problem(current: str, target: str) -> str | None:
    """Why a talent record cannot move from one status to another (None when it can)."""
    labels = {"active": "在库", "used": "已使用", "exited": "退出"}
    if target not in labels:
        return "状态不是有效选项"
    if current == target:
        return f"该人员已是“{labels[target]}”状态"
    if target not in TALENT_TRANSITIONS.get(current, frozenset()):
        return f"不能从“{labels.get(current, current)}”改为“{labels[target]}”"
    return None


# --- elections -----------------------------------------------------------------------------------------------------

ELECTION_TERM_YEARS = 5  # ORG-04: a village's committees serve five years
UNDER_AGE = 35
# 高中以上文化程度: 高中 and 中等专科 (same level) and everything above them.
HIGH_SCHOOL_OR_ABOVE = frozenset({"high_school", "secondary_vocational", "junior_college", "bachelor", "postgraduate"})
PARTY_POSTS = frozenset({"secretary", "deputy_secretary", "member"})
VILLAGER_POSTS = frozenset({"director", "deputy_director", "member"})
ELECTION_DECIMAL = Decimal("0.1")


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def election_term_end(start: dt.date, years: int = ELECTION_TERM_YEARS) -> dt.date:
    """The default end of a village committee's term: five years after it starts."""
    return add_years(start, years)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on `day` (the birthday itself counts as the new year of age)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def is_under_35(birth: dt.date, day: dt.date) -> bool:
    """Under 35 at the election: on the 35th birthday one is no longer under 35."""
    return age_on(birth, day) < UNDER_AGE


def is_high_school_or_above(education: str) -> bool:
    return education in HIGH_SCHOOL_OR_ABOVE


def post_fits_body(post: str, body: str) -> bool:
    """书记/副书记/委员 sit on the Party committee, 主任/副主任/委员 on the villagers' committee."""
    return post in (PARTY_POSTS if body == "party" else VILLAGER_POSTS)


def committee_problems(rows: list[dict], bodies: set[str]) -> list[str]:
    """What is wrong with a committee (rows with `body`, `post`, `concurrent`): each body elected has exactly one
    head (书记 / 主任); 一肩挑 is marked on a head only."""
    problems: list[str] = []
    heads = {"party": "secretary", "villager": "director"}
    names = {"party": "村党组织委员会", "villager": "村民委员会"}
    for body in sorted(bodies):
        count = sum(1 for r in rows if r["body"] == body and r["post"] == heads[body])
        head = "书记" if body == "party" else "主任"
        if count == 0:
            problems.append(f"{names[body]}应有1名{head}")
        elif count > 1:
            problems.append(f"{names[body]}只能有1名{head},现有{count}名")
    for row in rows:
        if row["body"] not in bodies:
            problems.append(f"{row.get('name', '')}:本次换届不包括{names.get(row['body'], row['body'])}")
        elif not post_fits_body(row["post"], row["body"]):
            problems.append(f"{row.get('name', '')}:职务与所在委员会不符")
        if row.get("concurrent") and row["post"] not in ("secretary", "director"):
            problems.append(f"{row.get('name', '')}:只有书记或主任可标记为“一肩挑”")
    return problems


def member_key(row: dict) -> tuple:
    """One person across both committees: by the linked member when there is one, else by name and birth date."""
    if row.get("person_id"):
        return ("person", row["person_id"])
    return ("name", row["name"], row["birth_date"])


@dataclass(frozen=True)
class Structure:
    """A committee line-up's structure (people counted once across both committees)."""

    people: int = 0
    under_35: int = 0
    high_school: int = 0
    women: int = 0


def committee_structure(rows: list[dict], day_of: Callable[[dict], dt.date]) -> Structure:
    """Counts over rows (`name`, `birth_date`, `gender`, `education`, `person_id`, and the election day given by
    `day_of(row)`); someone on both committees counts once."""
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(member_key(row), row)
    people = list(seen.values())
    return Structure(
        people=len(people),
        under_35=sum(1 for r in people if is_under_35(r["birth_date"], day_of(r))),
        high_school=sum(1 for r in people if is_high_school_or_above(r["education"])),
        women=sum(1 for r in people if r["gender"] == "female"),
    )


def share_percent(part: int, whole: int) -> Decimal | None:
    """A share in per cent with one decimal (half up); None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(ELECTION_DECIMAL, rounding=ROUND_HALF_UP)


def points_change(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    """The change in percentage points between two shown shares (so the sentence adds up with what is shown)."""
    if before is None or after is None:
        return None
    return (after - before).quantize(ELECTION_DECIMAL, rounding=ROUND_HALF_UP)


def change_sentence(label: str, before: Decimal | None, after: Decimal | None) -> str:
    """ "35岁以下占6.4%,比换届前提高2.2个百分点" (降低…, 与换届前持平); without a before figure, only the share."""
    if after is None:
        return f"{label}:暂无数据"
    head = f"{label}占{after}%"
    delta = points_change(before, after)
    if delta is None:
        return head
    if delta > 0:
        return f"{head},比换届前提高{delta}个百分点"
    if delta < 0:
        return f"{head},比换届前降低{-delta}个百分点"
    return f"{head},与换届前持平"


def secretary_changed(old: tuple | None, new: tuple | None) -> bool:
    """调整: the new head is not the old one (keys as `member_key`); unknown when either is missing."""
    return old is not None and new is not None and old != new


# --- twonew --------------------------------------------------------------------------------------------------------

OWN_BRANCH_MIN = 3  # ORG-01: three formal members or more → a branch of their own
JOINT_BRANCH_MAX_UNITS = 5  # ORG-01: a joint branch covers at most five units


def branch_need(formal: int) -> str:
    """What ORG-01 asks of an organisation: "own" (≥3 formal members), "joint" (1–2: a joint branch is fine),
    "instructor" (none: covered by an instructor or a joint branch)."""
    if formal >= OWN_BRANCH_MIN:
        return "own"
    return "joint" if formal > 0 else "instructor"


def is_tangibly_covered(branch_status: str, has_instructor: bool) -> bool:
    """有形覆盖: a Party organisation of its own, a joint branch, or a Party-building instructor in post."""
    return branch_status in ("own", "joint") or has_instructor


def coverage_breach(formal: int, branch_status: str, has_instructor: bool) -> str:
    """The ORG-01 breach of an organisation, or "" (e.g. "正式党员5名,未单独建立党支部")."""
    need = branch_need(formal)
    if need == "own" and branch_status != "own":
        return f"正式党员{formal}名,未单独建立党支部"
    if need == "joint" and branch_status == "none":
        return f"正式党员{formal}名,未建立或纳入联合党支部"
    if need == "instructor" and not is_tangibly_covered(branch_status, has_instructor):
        return "无正式党员,未选派党建指导员或纳入联合党支部"
    return ""


def joint_branch_breach(units: int) -> str:
    """A joint branch covering more than five units, or ""."""
    if units > JOINT_BRANCH_MAX_UNITS:
        return f"联合党支部覆盖{units}个单位,超过{JOINT_BRANCH_MAX_UNITS}个"
    return ""


def is_effective(met: int, required: int) -> bool:
    """有效覆盖: at least `required` of the checklist items are met (required ≥ 1)."""
    return met >= max(required, 1)


def instructor_active(starts_on: dt.date, ends_on: dt.date | None, day: dt.date) -> bool:
    """In post on `day`: from the start day to the end day, both included."""
    return starts_on <= day and (ends_on is None or day <= ends_on)


def subtype_fits_kind(subtype: str, kind: str) -> bool:
    return subtype == "" or subtype.startswith("ent_" if kind == "enterprise" else "soc_")


# --- showcase ------------------------------------------------------------------------------------------------------

# China's bounding box in degrees (east longitude, north latitude), edges included: a coordinate outside is a typo
# (swapped fields, a missing digit) rather than a place in the county.
CHINA_LONGITUDE = (Decimal("73"), Decimal("136"))
CHINA_LATITUDE = (Decimal("3"), Decimal("54"))
# The image types a showcase photo may have, by extension, with the bytes such a file starts with.
SHOWCASE_PHOTO_TYPES = {
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".webp": b"RIFF",
}
SHOWCASE_PHOTO_MAX_BYTES = 5 * 1024 * 1024


def coordinate_problems(longitude: Decimal | None, latitude: Decimal | None) -> dict[str, str]:
    """Messages by field for a coordinate pair: both or neither, each within China's bounds (edges allowed)."""
    if longitude is None and latitude is None:
        return {}
    problems: dict[str, str] = {}
    if longitude is None:
        problems["longitude"] = "填写纬度时请同时填写经度"
    elif not CHINA_LONGITUDE[0] <= longitude <= CHINA_LONGITUDE[1]:
        problems["longitude"] = f"经度{longitude}不在我国境内(应在东经73°至136°之间)"
    if latitude is None:
        problems["latitude"] = "填写经度时请同时填写纬度"
    elif not CHINA_LATITUDE[0] <= latitude <= CHINA_LATITUDE[1]:
        problems["latitude"] = f"纬度{latitude}不在我国境内(应在北纬3°至54°之间)"
    return problems


def showcase_photo_problem(name: str, size: int, head: bytes) -> str | None:
    """Why an uploaded photo is refused (type by extension and content, size up to 5 MB inclusive), or None."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix not in SHOWCASE_PHOTO_TYPES:
        return "只能上传 jpg、png 或 webp 格式的图片"
    if size > SHOWCASE_PHOTO_MAX_BYTES:
        return f"照片不能超过{SHOWCASE_PHOTO_MAX_BYTES // 1024 // 1024}MB(此照片{size / 1024 / 1024:.1f}MB)"
    if not head.startswith(SHOWCASE_PHOTO_TYPES[suffix]) or (suffix == ".webp" and head[8:12] != b"WEBP"):
        return f"文件内容不是有效的{suffix.lstrip('.')}图片"
    return None


def belt_sequence_problem(point_ids: list[int], taken: dict[int, str]) -> str | None:
    """Why an ordered list of points cannot be a belt: fewer than two, one listed twice, or one already on another
    belt (`taken`: point id → that belt's name). A point lies on at most one belt."""
    if len(point_ids) < 2:
        return "示范带至少应包含2个示范点"
    seen: set[int] = set()
    for point_id in point_ids:
        if point_id in seen:
            return "同一示范点在示范带中只能出现一次"
        seen.add(point_id)
    for point_id in point_ids:
        if point_id in taken:
            return f"所选示范点已属于示范带“{taken[point_id]}”,一个示范点只能属于一条示范带"
    return None


def square_bounds(
    coordinates: list[tuple[float, float]], margin: float = 0.05, least_span: float = 0.1
) -> dict[str, float] | None:
    """Axes of equal span around the coordinates (lon/lat degrees), so the plain plane keeps its aspect: the larger
    span of the two plus a margin on each side, at least `least_span` wide; None without coordinates."""
    if not coordinates:
        return None
    longitudes = [lon for lon, _ in coordinates]
    latitudes = [lat for _, lat in coordinates]
    span = max(max(longitudes) - min(longitudes), max(latitudes) - min(latitudes), least_span)
    half = span * (1 + 2 * margin) / 2
    centre_lon = (max(longitudes) + min(longitudes)) / 2
    centre_lat = (max(latitudes) + min(latitudes)) / 2
    return {
        "min_lon": round(centre_lon - half, 6),
        "max_lon": round(centre_lon + half, 6),
        "min_lat": round(centre_lat - half, 6),
        "max_lat": round(centre_lat + half, 6),
    }
