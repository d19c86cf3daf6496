"""Rules of service and transparency as pure functions (no database), one section per area; tested at their
boundaries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

# --- public --------------------------------------------------------------------------------------------------------

# How often one client may use a public form: (window in seconds, attempts allowed in it), every window must hold.
PUBLIC_LIMITS: dict[str, tuple[tuple[int, int], ...]] = {
    "request": ((600, 5), (86400, 20)),  # filing a request: 5 in ten minutes, 20 a day
    "track": ((600, 30), (86400, 200)),  # looking a request up by its receipt code
    "feedback": ((600, 10), (86400, 50)),  # rating a finished request
}
CAPTCHA_LENGTH = 4
CAPTCHA_TTL = 600  # seconds a captcha may be answered after it was drawn


def over_limit(ages: Sequence[float], limits: Sequence[tuple[int, int]]) -> int | None:
    """Whether one more attempt is refused, given the ages (seconds) of the client's earlier attempts: the window
    (seconds) that is full, or None. An attempt exactly `window` seconds old no longer counts."""
    for window, allowed in limits:
        if sum(1 for age in ages if 0 <= age < window) >= allowed:
            return window
    return None


def wait_text(window: int) -> str:
    """How long to wait, as the refusal says it: "10分钟", "1小时", "1天"."""
    if window >= 86400 and window % 86400 == 0:
        return f"{window // 86400}天"
    if window >= 3600 and window % 3600 == 0:
        return f"{window // 3600}小时"
    return f"{max(1, window // 60)}分钟"


def captcha_matches(expected: str, given: str, *, age: float) -> bool:
    """A captcha answer is right when it matches (spaces and full-width digits forgiven) within its lifetime."""
    if not expected or age < 0 or age > CAPTCHA_TTL:
        return False
    normalised = "".join(given.split()).translate(FULL_WIDTH_DIGITS)
    return normalised == expected


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

# --- centres -------------------------------------------------------------------------------------------------------

MOBILE_REFUSED = "值班电话应为固定电话,手机号码不会在公开页面展示"
PHONE_FORMAT = "值班电话格式不正确,应为区号加号码,如0395-8123456"
PHONE_SEPARATORS = str.maketrans("", "", " -()（）－")


def _phone_digits(text: str) -> str:
    return (text or "").strip().translate(FULL_WIDTH_DIGITS).translate(PHONE_SEPARATORS)


def is_mobile(text: str) -> bool:
    """A mainland mobile number (11 digits from 13x–19x), with or without +86/86 in front."""
    digits = _phone_digits(text)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11:
            digits = digits[len(prefix) :]
            break
    return len(digits) == 11 and digits.isdigit() and digits[0] == "1" and digits[1] in "3456789"


def is_fixed_line(text: str) -> bool:
    """A fixed line (固定电话): an area code and number (0395-8123456, 03958123456, 08765432, (0395)8123456) or a
    local 7–8 digit number not starting with 0 or 1; never a mobile number."""
    digits = _phone_digits(text)
    if not digits.isdigit() or is_mobile(text):
        return False
    if digits[0] == "0":
        return 8 <= len(digits) <= 12 and digits[1] != "0"
    return len(digits) in (7, 8) and digits[0] in "23456789"


def duty_phone_problem(text: str) -> str | None:
    """Why a duty phone is refused (blank is allowed), or None."""
    if not (text or "").strip():
        return None
    if is_mobile(text):
        return MOBILE_REFUSED
    if not is_fixed_line(text):
        return PHONE_FORMAT
    return None


def centre_level(org_level: str, org_domain: str) -> str | None:
    """The tier of a centre from its org: county, township (乡镇 or 街道), village (rural) or community; None for an
    org that runs no 党群服务中心 (a branch of an enterprise, a city)."""
    if org_level == "county":
        return "county"
    if org_level == "township":
        return "township"
    if org_level == "grassroots" and org_domain in ("rural", "community"):
        return "village" if org_domain == "rural" else "community"
    return None


# A centre's status → the place's state it counts for; the best state over a place's centres wins.
STATUS_STATE = {"in_use": "in_use", "repair": "improving", "expand": "upgrading", "new": "none", "none": "none"}
STATE_ORDER = ("in_use", "improving", "upgrading", "none")


def place_state(statuses: Sequence[str]) -> str:
    """A place's 清零 state from its centres' statuses: in use, being improved (维修), being upgraded (改扩建), or
    none (no centre, or only one not built yet / being newly built)."""
    states = {STATUS_STATE.get(status, "none") for status in statuses}
    return next((state for state in STATE_ORDER if state in states), "none")


def item_met(room_kind: str, min_area: Decimal | None, kinds: set[str], building_area: Decimal | None) -> bool | None:
    """Whether a standard item is met from the centre's own data: it names a room kind (the centre has such a room)
    and/or a minimum building area (reached exactly counts); None for an item the township ticks by hand."""
    if not room_kind and min_area is None:
        return None
    met = True
    if room_kind:
        met = room_kind in kinds
    if min_area is not None:
        met = met and building_area is not None and building_area >= min_area
    return met


def check_passed(results: Sequence[tuple[bool, bool]]) -> bool:
    """达标: every required item met (results are (required, met)); a check with no items does not pass."""
    return bool(results) and all(met for required, met in results if required)


def scope_word(name: str, level: str) -> str:
    """How a figure names its scope: 全省, 全市; 全县, 全区, 全市 for a county; 全镇, 全乡, 全街道 for a township."""
    if level == "province":
        return "全省"
    if level == "city":
        return "全市"
    if level == "county":
        for suffix in ("区", "市", "旗"):
            if name.endswith(suffix) or f"{suffix}委" in name:
                return f"全{suffix}"
        return "全县"
    if level == "township":
        for suffix in ("街道", "乡", "镇"):
            if suffix in name:
                return f"全{suffix}"
        return "全乡镇"
    return "本级"


def clearance_sentence(
    scope: str, kind: str, total: int, in_use: int, upgrading: int, improving: int, none: int
) -> str:
    """The 清零 sentence of seed 002: "全区19个城市社区,已有8个建成并投入使用,6个正在升级改造,5个社区正在完善提升"
    (kind "community" reads 城市社区/社区, "village" 行政村/村); places with no venue yet are named at the end."""
    noun, short = ("城市社区", "社区") if kind == "community" else ("行政村", "村")
    text = (
        f"{scope}{total}个{noun},已有{in_use}个建成并投入使用,"
        f"{upgrading}个正在升级改造,{improving}个{short}正在完善提升"
    )
    if none:
        text += f",{none}个尚无活动场所"
    return text


def works_sentence(new: int, expand: int, repair: int) -> str:
    """Seed 003: "新建党员群众服务中心22个,改扩建58个,维修120个"."""
    return f"新建党员群众服务中心{new}个,改扩建{expand}个,维修{repair}个"


# --- duty ----------------------------------------------------------------------------------------------------------

# When each slot starts (a sign-in after start + the county's grace minutes is late).
SLOT_START = {
    "morning": dt.time(8, 30),
    "afternoon": dt.time(14, 30),
    "full_day": dt.time(8, 30),
    "night": dt.time(18, 0),
}
SIGN_OUT_BEFORE_IN = "签退时间不能早于签到时间"


def is_late(slot: str, date: dt.date, signed_in: dt.datetime, grace_minutes: int) -> bool:
    """Late when signed in (local time) after the slot's start plus the grace; exactly at the limit is on time. A
    sign-in on an earlier day than the duty is never late."""
    limit = dt.datetime.combine(date, SLOT_START.get(slot, SLOT_START["full_day"])) + dt.timedelta(
        minutes=grace_minutes
    )
    return signed_in.replace(tzinfo=None, second=0, microsecond=0) > limit


def sign_out_problem(signed_in: dt.datetime | None, signed_out: dt.datetime) -> str | None:
    """A sign-out needs a sign-in before it (equal times allowed)."""
    if signed_in is None:
        return "尚未签到,不能签退"
    if signed_out < signed_in:
        return SIGN_OUT_BEFORE_IN
    return None


def needs_duty(day: dt.date, weekends_required: bool) -> bool:
    """Whether a day needs someone on duty: every workday, and Saturday/Sunday when the county requires it."""
    return weekends_required or day.weekday() < 5


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)] if last >= first else []


def uncovered_days(
    first: dt.date, last: dt.date, covered: set[dt.date] | frozenset[dt.date], weekends_required: bool
) -> list[dt.date]:
    """The days of [first, last] (both included) that need duty but have nobody on the roster (无人值班)."""
    return [day for day in days_between(first, last) if needs_duty(day, weekends_required) and day not in covered]


def missed_days(rostered: dict[dt.date, bool], today: dt.date) -> list[dt.date]:
    """缺岗: past days (before today) with someone rostered where nobody signed in (`rostered`: day → anyone signed
    in)."""
    return sorted(day for day, signed in rostered.items() if day < today and not signed)


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month of `day`."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def month_weeks(day: dt.date) -> list[list[dt.date | None]]:
    """The month of `day` as weeks Monday–Sunday (None outside the month), for a calendar grid."""
    first, last = month_bounds(day)
    cells: list[dt.date | None] = [None] * first.weekday() + days_between(first, last)
    cells += [None] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def rota_plan(first: dt.date, last: dt.date, weekdays: set[int], cadres: int) -> list[tuple[dt.date, int]]:
    """A rota: the days of [first, last] on the given weekdays (0 = Monday), each given to the next cadre in turn
    (index into the list of cadres)."""
    if cadres <= 0:
        return []
    days = [day for day in days_between(first, last) if day.weekday() in weekdays]
    return [(day, n % cadres) for n, day in enumerate(days)]


def coverage_text(covered: int, needed: int) -> str:
    """Days arranged over days needing duty, as "4/5 (80.0%)"."""
    share = f"{covered * 100 / needed:.1f}%" if needed else "—"
    return f"{covered}/{needed} ({share})"


# --- requests ------------------------------------------------------------------------------------------------------

# A receipt code (回执码): 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B), shown in
# groups of four. 25**12 ≈ 6e16 codes: not guessable at the rate the tracking page allows.
RECEIPT_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
RECEIPT_LENGTH = 12
RECEIPT_GROUP = 4
# Dashes and spaces as phones' keyboards type them.
RECEIPT_SEPARATORS = str.maketrans({"－": "-", "—": "-", "–": "-", "　": " "})
FULL_WIDTH_ALNUM = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)


def receipt_code_make(randbelow: Callable[[int], int]) -> str:
    """A new receipt code (bare, upper case) from a source of randomness (`secrets.randbelow` in use)."""
    return "".join(RECEIPT_ALPHABET[randbelow(len(RECEIPT_ALPHABET))] for _ in range(RECEIPT_LENGTH))


def receipt_code_display(code: str) -> str:
    """Grouped for reading: "QF7KA2M9XR3T" → "QF7K-A2M9-XR3T"."""
    return "-".join(code[i : i + RECEIPT_GROUP] for i in range(0, len(code), RECEIPT_GROUP))


def receipt_code_normalise(typed: str) -> str | None:
    """What a resident typed as a bare code: full-width forms, case, spaces and dashes forgiven. None when it cannot
    be a code (wrong length or a character outside the alphabet)."""
    text = (typed or "").translate(FULL_WIDTH_ALNUM).translate(RECEIPT_SEPARATORS).upper()
    bare = "".join(ch for ch in text if ch not in " -_\t\r\n")
    if len(bare) != RECEIPT_LENGTH or any(ch not in RECEIPT_ALPHABET for ch in bare):
        return None
    return bare


# Days from filing to the deadline per mode of 坐班+五办 (calendar days; the county may set its own).
DEFAULT_DEADLINE_DAYS: dict[str, int] = {"onsite": 0, "proxy": 5, "assist": 5, "referral": 3, "full": 15}
# A request not yet accepted must be accepted (or returned) within this many days of filing.
ACCEPT_DAYS = 2
DEADLINE_DAYS_MAX = 90


def default_deadline(mode: str, filed_on: dt.date, settings: Mapping[str, int] | None = None) -> dt.date:
    """The deadline of a request handled in `mode`: the county's days for the mode when set, else the default."""
    days = (settings or {}).get(mode)
    if days is None:
        days = DEFAULT_DEADLINE_DAYS[mode]
    return filed_on + dt.timedelta(days=days)


def accept_deadline(filed_on: dt.date) -> dt.date:
    """Until it is accepted, a request's deadline is the acceptance deadline."""
    return filed_on + dt.timedelta(days=ACCEPT_DAYS)


def request_overdue(deadline: dt.date | None, today: dt.date, *, open_: bool = True) -> bool:
    """An open request is overdue from the day after its deadline (on the deadline it is still in time)."""
    return open_ and deadline is not None and today > deadline


def finished_in_time(deadline: dt.date | None, finished_on: dt.date | None) -> bool:
    """Finished on or before the deadline."""
    return finished_on is not None and deadline is not None and finished_on <= deadline


# The step a request is asked to take, and which statuses allow it.
REQUEST_STEPS: dict[str, tuple[str, ...]] = {
    "accept": ("pending",),
    "progress": ("handling",),
    "reassign": ("handling",),
    "finish": ("handling",),
    "return": ("pending", "handling"),
    "rate": ("done",),
}
REQUEST_STEP_LABELS = {
    "accept": "受理",
    "progress": "添加进展",
    "reassign": "改派",
    "finish": "办结",
    "return": "退回",
    "rate": "评价",
}
REQUEST_STATUS_LABELS = {"pending": "待受理", "handling": "办理中", "done": "已办结", "returned": "已退回"}


def request_step_refusal(status: str, step: str, *, rated: bool = False) -> str | None:
    """Why a request in `status` cannot take `step` (Chinese, as shown), or None when it can."""
    if step == "rate":
        if status != "done":
            return "该事项尚未办结,办结后才能评价"
        if rated:
            return "该事项已评价,不能重复评价"
        return None
    if status in REQUEST_STEPS[step]:
        return None
    label = REQUEST_STEP_LABELS[step]
    if status == "pending":
        return f"该事项尚未受理,不能{label}"
    return f"该事项{REQUEST_STATUS_LABELS.get(status, status)},不能再{label}"


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
FIXED_LINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def phone_normalise(typed: str) -> str | None:
    """A mobile (11 digits from 13–19) or a fixed line with its area code ("0395-1234567"); spaces and full-width
    digits forgiven, "+86" dropped. None when it is neither."""
    text = "".join((typed or "").translate(FULL_WIDTH_ALNUM).split()).replace("－", "-")
    if text.startswith("+86"):
        text = text[3:].lstrip("-")
    if MOBILE_RE.match(text):
        return text
    if FIXED_LINE_RE.match(text):
        return text
    return None


def satisfaction_text(good: int, rated: int) -> str:
    """As shown: "满意率 38/40 (95.0%)" (满意 and 基本满意 over the rated)."""
    from dangjian.orglife.rules import ratio_text

    return f"满意率 {ratio_text(good, rated)}"


def in_time_text(in_time: int, finished: int) -> str:
    """As shown: "按时办结 45/50 (90.0%)"."""
    from dangjian.orglife.rules import ratio_text

    return f"按时办结 {ratio_text(in_time, finished)}"


# --- minqing -------------------------------------------------------------------------------------------------------

# 民情夜市 is held once a week (Monday–Sunday, ISO weeks). A week belongs to the period that holds its Thursday (the
# ISO convention: a month owns the weeks whose Thursday falls in it), so every week belongs to exactly one month and a
# month owes 4 or 5 sessions; a session held on any day of the week counts for that week, even when that day lies in
# the neighbouring month. A week is missed only once it is over (the day after its Sunday).
EVENING_FROM = dt.time(17, 0)
EVENING_UNTIL = dt.time(22, 0)
SESSION_AHEAD_DAYS = 60  # a session may be announced this many days ahead


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week of a day."""
    return day - dt.timedelta(days=day.weekday())


def due_weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the weeks a period owes a session for: those whose Thursday lies in start..end."""
    if end < start:
        return []
    monday = week_start(start)
    if monday + dt.timedelta(days=3) < start:
        monday += dt.timedelta(days=7)
    weeks = []
    while monday + dt.timedelta(days=3) <= end:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def week_over(monday: dt.date, today: dt.date) -> bool:
    """A week is over on the day after its Sunday."""
    return today > monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class WeeklyTally:
    due: int  # weeks the period owes a session for
    held: int  # of them, weeks with a session
    missed: int  # weeks over without a session
    open: int  # weeks not over yet without a session

    @property
    def behind(self) -> bool:
        return self.missed > 0

    @property
    def text(self) -> str:
        return weekly_text(self.due, self.held)


def weekly_tally(start: dt.date, end: dt.date, held_on: Sequence[dt.date], today: dt.date) -> WeeklyTally:
    """How a village kept the weekly rule over a period, from the dates of its sessions held (up to today)."""
    weeks = due_weeks(start, end)
    held_weeks = {week_start(day) for day in held_on if day <= today}
    held = sum(1 for monday in weeks if monday in held_weeks)
    missed = sum(1 for monday in weeks if monday not in held_weeks and week_over(monday, today))
    return WeeklyTally(due=len(weeks), held=held, missed=missed, open=len(weeks) - held - missed)


def weekly_text(due: int, held: int) -> str:
    """ "应开4次,已开3次" (the caller puts the period in front: "本月")."""
    return f"应开{due}次,已开{held}次"


def session_time_problem(starts_at: dt.time | None) -> str | None:
    """民情夜市 is an evening session (村民"白天忙、晚空闲"): it starts between 17:00 and 22:00 inclusive."""
    if starts_at is None:
        return "请填写开始时间"
    if starts_at < EVENING_FROM or starts_at > EVENING_UNTIL:
        return "民情夜市应在晚间举办(开始时间17:00—22:00)"
    return None


def session_date_problem(held_on: dt.date, today: dt.date) -> str | None:
    if held_on > today + dt.timedelta(days=SESSION_AHEAD_DAYS):
        return f"只能提前{SESSION_AHEAD_DAYS}天安排民情夜市"
    return None


def about_count(count: int, unit: str = "件") -> str:
    """How the reports quote a count: 100 or more rounded DOWN to tens with 余 ("240余件"), fewer exactly ("37件")."""
    if count >= 100:
        return f"{count // 10 * 10}余{unit}"
    return f"{count}{unit}"


def minqing_sentence(resolved: int, settled: int, decided: int | None) -> str:
    """Seed 002 西城's sentence; the third clause only when the decisions are counted."""
    parts = [f"解决群众生产生活难题{about_count(resolved)}", f"有效调解化解矛盾纠纷{about_count(settled)}"]
    if decided is not None:
        parts.append(f"民主决策重大事项{about_count(decided)}")
    return ",".join(parts)


# Issues: which action each status allows (anything else is refused as out of order).
ISSUE_ACTIONS: dict[str, tuple[str, ...]] = {
    "assign": ("pending", "handling"),  # 交办 (again while handling: 改派)
    "resolve": ("handling",),
    "feedback": ("resolved",),
    "unresolvable": ("pending", "handling"),
}
ISSUE_ACTION_LABELS = {"assign": "交办", "resolve": "办结", "feedback": "登记群众反馈", "unresolvable": "说明无法解决"}
ISSUE_STATUS_LABELS = {
    "pending": "待交办",
    "handling": "办理中",
    "resolved": "已解决",
    "closed": "已反馈",
    "unresolvable": "无法解决",
}
ISSUE_DONE = ("resolved", "closed")  # resolved issues, as the figures count them


def issue_action_problem(status: str, action: str) -> str | None:
    """Why an action cannot be taken on an issue in its status (None when it can)."""
    allowed = ISSUE_ACTIONS[action]
    if status in allowed:
        return None
    label = ISSUE_STATUS_LABELS.get(status, status)
    need = "或".join(ISSUE_STATUS_LABELS[s] for s in allowed)
    return f"该诉求{label},不能{ISSUE_ACTION_LABELS[action]}(只有{need}的诉求可以)"


# Disputes escalate one level at a time, never back down: 组级 → 村级 → 镇级 → 县级.
MEDIATION_LEVELS = ("group", "village", "town", "county")
LEVEL_LABELS = {"group": "组级", "village": "村级", "town": "镇级", "county": "县级"}


def next_level(level: str) -> str | None:
    index = MEDIATION_LEVELS.index(level)
    return MEDIATION_LEVELS[index + 1] if index + 1 < len(MEDIATION_LEVELS) else None


def escalation_problem(current: str, target: str) -> str | None:
    """Why a dispute cannot go from `current` to `target` (None when `target` is the next level up)."""
    if target not in MEDIATION_LEVELS:
        return "请选择上交的调解层级"
    up = next_level(current)
    if up is None:
        return "县级调解不成的纠纷请移交法院诉讼、信访或仲裁"
    if target == current:
        return f"纠纷已在{LEVEL_LABELS[current]}调解"
    if MEDIATION_LEVELS.index(target) < MEDIATION_LEVELS.index(current):
        return f"纠纷只能逐级上交,不能从{LEVEL_LABELS[current]}退回{LEVEL_LABELS[target]}"
    if target != up:
        return f"纠纷应逐级上交:{LEVEL_LABELS[current]}调解不成先上交{LEVEL_LABELS[up]}"
    return None


def success_rate(settled: int, closed: int) -> str:
    """Mediated successfully among disputes closed (settled or referred on): "57/60 (95.0%)"."""
    from dangjian.orglife.rules import ratio_text

    return ratio_text(settled, closed)


# --- decisions -----------------------------------------------------------------------------------------------------


# The county's disclosure setting (DisclosurePolicy): how long a disclosure stays on the place's public page, and
# within how many days of the resolution the resolution should be published to count as on time.
DISCLOSURE_PERIOD_DEFAULT = 30
DISCLOSURE_PERIOD_MIN = 7
DISCLOSURE_PERIOD_MAX = 365
DISCLOSURE_ON_TIME_DEFAULT = 7
DISCLOSURE_ON_TIME_MAX = 90
MEETING_STEPS = (1, 2, 3, 4)
DISCLOSURE_STEPS = (5, 6)
DECISION_STEP_NAMES = {
    1: "党支部会提议",
    2: "两委会商议",
    3: "党员大会审议",
    4: "村民代表会议决议",
    5: "决议公开",
    6: "实施结果公开",
}


class Verdict(tuple):
    """A meeting's verdict: (valid, passed, reason in Chinese). A plain tuple that also names its parts."""

    __slots__ = ()

    def __new__(cls, valid: bool, passed: bool, reason: str) -> Verdict:
        return super().__new__(cls, (valid, passed, reason))

    @property
    def valid(self) -> bool:
        return self[0]

    @property
    def passed(self) -> bool:
        return self[1]

    @property
    def reason(self) -> str:
        return self[2]


def _over_half(count: int, total: int) -> bool:
    """More than half: count × 2 > total (integers, no rounding)."""
    return count * 2 > total


def _half_of_entitled(what: str, expected: int, present: int, yes: int, present_label: str = "实到") -> Verdict:
    if expected <= 0:
        return Verdict(False, False, f"应到{what}为0,无法开会")
    if not _over_half(present, expected):
        return Verdict(False, False, f"应到{expected}人,{present_label}{present}人,未超过应到人数的半数,会议无效")
    head = f"应到{expected}人,{present_label}{present}人,超过半数,会议有效"
    if _over_half(yes, expected):
        return Verdict(True, True, f"{head};赞成{yes}票,超过应到人数的半数,通过")
    return Verdict(True, False, f"{head};赞成{yes}票,未超过应到人数的半数(需{expected // 2 + 1}票),未通过")


def committee_verdict(members: int, present: int, yes: int) -> Verdict:
    """Step 1, 党支部委员会会议 (rules.md ORG-05; 《中国共产党支部工作条例(试行)》): valid when more than half of the
    committee members are present; the proposal passes with yes-votes from more than half of the members entitled
    to attend (应到会委员), not of those present."""
    return _half_of_entitled("委员", members, present, yes)


def joint_meeting_verdict(expected: int, present: int, yes: int) -> Verdict:
    """Step 2, 两委联席会议: the county's practice applies step 1's rule to the joint membership of the branch
    committee and the villagers' committee (a person on both counts once; the user enters 应到 and 实到): valid when
    more than half are present, passes with yes-votes from more than half of 应到."""
    return _half_of_entitled("人数", expected, present, yes)


def members_meeting_verdict(formal: int, present: int, yes: int) -> Verdict:
    """Step 3, 党员大会 (rules.md RECRUIT-09/10): valid when the voting members present (正式党员 only; 预备党员 do
    not vote) are more than half of the formal members; passes with yes-votes from more than half of the formal
    members entitled (应到会), not of those present."""
    return _half_of_entitled("正式党员", formal, present, yes, present_label="实到有表决权的正式党员")


def representatives_verdict(total: int, present: int, yes: int) -> Verdict:
    """Step 4, 村民代表会议 (《村民委员会组织法》第二十六条): valid when at least two-thirds of the representatives
    are present (present × 3 ≥ total × 2); the decision needs yes-votes from more than half of those PRESENT."""
    if total <= 0:
        return Verdict(False, False, "村民代表应到人数为0,无法开会")
    if present * 3 < total * 2:
        return Verdict(False, False, f"应到{total}人,实到{present}人,不足三分之二,会议无效")
    head = f"应到{total}人,实到{present}人,达到三分之二,会议有效"
    if _over_half(yes, present):
        return Verdict(True, True, f"{head};赞成{yes}票,超过实到人数的半数,通过")
    return Verdict(True, False, f"{head};赞成{yes}票,未超过实到人数的半数(需{present // 2 + 1}票),未通过")


MEETING_VERDICTS = {
    1: committee_verdict,
    2: joint_meeting_verdict,
    3: members_meeting_verdict,
    4: representatives_verdict,
}


def meeting_verdict(step: int, expected: int, present: int, yes: int) -> Verdict:
    """The verdict of a meeting step (1–4) by its own rule."""
    return MEETING_VERDICTS[step](expected, present, yes)


def attendance_errors(expected: int, present: int, yes: int, no: int, abstain: int) -> dict[str, str]:
    """What is wrong with a meeting's counts: none negative, present ≤ 应到, votes (赞成+反对+弃权) ≤ present."""
    errors: dict[str, str] = {}
    named = {"expected": (expected, "应到人数"), "present": (present, "实到人数"), "votes_for": (yes, "赞成票")}
    named |= {"votes_against": (no, "反对票"), "abstentions": (abstain, "弃权票")}
    for field, (value, label) in named.items():
        if value < 0:
            errors[field] = f"{label}不能为负数"
    if errors:
        return errors
    if expected == 0:
        errors["expected"] = "应到人数应大于0"
    if present > expected:
        errors["present"] = f"实到人数({present})不能超过应到人数({expected})"
    elif yes + no + abstain > present:
        errors["votes_for"] = f"赞成、反对、弃权票合计({yes + no + abstain})不能超过实到人数({present})"
    return errors


def step_order_problem(step: int, passed: set[int]) -> str | None:
    """A step may be recorded only when every earlier step has passed: the refusal names the first one missing."""
    for earlier in range(1, step):
        if earlier not in passed:
            return f"请先完成第{earlier}步'{DECISION_STEP_NAMES[earlier]}'"
    if step in passed and step in MEETING_STEPS:
        return f"第{step}步'{DECISION_STEP_NAMES[step]}'已通过,不能再次召开"
    if step in passed:
        return f"第{step}步'{DECISION_STEP_NAMES[step]}'已登记"
    return None


def step_date_problem(held_on: dt.date, earlier: dt.date | None, today: dt.date) -> str | None:
    """Dates go forward through the steps (the same day is allowed) and are not in the future."""
    if held_on > today:
        return "日期不能晚于今天"
    if earlier is not None and held_on < earlier:
        return f"日期不能早于上一步的日期({earlier:%Y-%m-%d})"
    return None


def disclosure_period_problem(days: int, minimum: int = DISCLOSURE_PERIOD_MIN) -> str | None:
    """A disclosure stays up at least the county's period (a longer one may be chosen) and at most a year."""
    if days < minimum:
        return f"公开期限不能少于{minimum}天"
    if days > DISCLOSURE_PERIOD_MAX:
        return f"公开期限不能超过{DISCLOSURE_PERIOD_MAX}天"
    return None


def policy_period_problem(days: int) -> str | None:
    """The county's period lies within 7–365 days."""
    return disclosure_period_problem(days, DISCLOSURE_PERIOD_MIN)


def on_time_days_problem(days: int) -> str | None:
    if days < 1 or days > DISCLOSURE_ON_TIME_MAX:
        return f"按时公开天数应在1至{DISCLOSURE_ON_TIME_MAX}天之间"
    return None


def disclosure_last_day(start: dt.date, days: int) -> dt.date:
    """The last day a disclosure is shown: its date plus the period less one (30 days from 1 June: 30 June)."""
    return start + dt.timedelta(days=days - 1)


def disclosure_shown(start: dt.date, days: int, today: dt.date) -> bool:
    """Whether a disclosure is on the public page today: from its date through its last day."""
    return start <= today <= disclosure_last_day(start, days)


def disclosed_on_time(resolved_on: dt.date, disclosed_on: dt.date, days: int) -> bool:
    """决议公开 is on time when published within `days` days of the resolution (the day of the resolution + days)."""
    return (disclosed_on - resolved_on).days <= days


def vote_text(expected: int, present: int, yes: int) -> str:
    """How a public page states a meeting's result: "应到45人,实到38人,赞成35票"."""
    return f"应到{expected}人,实到{present}人,赞成{yes}票"


# --- finance -------------------------------------------------------------------------------------------------------

# 村财镇管: above this amount (元) an expenditure must come from a 四议两公开 decision; a county may set its own.
FINANCE_LIMIT_DEFAULT = Decimal("5000.00")
FINANCE_LIMIT_MIN = Decimal("100.00")
FINANCE_LIMIT_MAX = Decimal("1000000.00")
CONTRACT_ENDING_DAYS = 90  # a contract ending within this many days is flagged for renewal or recovery
SIGN_SECRETARY, SIGN_DIRECTOR, SIGN_ACTING = "secretary", "director", "acting_director"
SIGN_LABELS = {SIGN_SECRETARY: "党组织书记", SIGN_DIRECTOR: "村委会主任", SIGN_ACTING: "村委会主任"}


def finance_limit_problem(value: Decimal | None) -> str | None:
    """The county's limit must be a sensible amount: 100 to 1,000,000 元."""
    if value is None or not value.is_finite():
        return "请填写限额(元)"
    if value < FINANCE_LIMIT_MIN or value > FINANCE_LIMIT_MAX:
        return f"限额应在{FINANCE_LIMIT_MIN:,.0f}元至{FINANCE_LIMIT_MAX:,.0f}元之间"
    return None


def needs_decision(amount: Decimal, limit: Decimal) -> bool:
    """An expenditure above the limit (not at it) must cite a passed 四议两公开 decision."""
    return amount > limit


def decision_overrun_problem(decision_amount: Decimal | None, used: Decimal, amount: Decimal) -> str | None:
    """Expenditures citing one decision may add up to its amount, not more (a decision without an amount has no
    cap). `used` is what the other expenditures citing it already take."""
    if decision_amount is None or used + amount <= decision_amount:
        return None
    left = max(decision_amount - used, Decimal("0"))
    return f"超出决议金额:决议金额{decision_amount:.2f}元,已列支{used:.2f}元,本次最多可列支{left:.2f}元"


def signer_role(
    *,
    signer: int | None,
    secretaries: Collection[int],
    directors: Collection[int],
    others: Collection[int],
    signed: Mapping[str, int],
) -> tuple[str | None, str | None]:
    """Which signature (联合审签) a person gives on an expenditure, or why they may not: (role, None) or
    (None, refusal).

    `secretaries`, `directors`, `others` are the people currently holding the village's 书记, 村委会主任 and other
    committee posts (副书记/委员); `signed` maps the roles already signed to their signer. The two signatures come
    from two different persons. When no director distinct from the secretary exists (一肩挑, or the post vacant),
    the second signature is given by another current post holder as 代主任签."""
    if signer is None:
        return None, "账号未关联人员信息,不能签字"
    if signer in signed.values():
        return None, "您已签过字,同一人不能重复签字"
    if signer in secretaries and SIGN_SECRETARY not in signed:
        return SIGN_SECRETARY, None
    has_director = SIGN_DIRECTOR in signed or SIGN_ACTING in signed
    secretary_signer = signed.get(SIGN_SECRETARY)
    distinct_directors = [p for p in directors if p not in secretaries and p != secretary_signer]
    if signer in directors and not has_director:
        if signer in secretaries:  # 一肩挑 and the secretary's signature is already given (by them or another)
            return None, "书记、主任一肩挑,须由另一名村“两委”成员代主任签字"
        return SIGN_DIRECTOR, None
    if has_director:
        if signer in directors or signer in others:
            return None, "书记、主任均已签字" if SIGN_SECRETARY in signed else "须由党组织书记签字"
        return None, "只有本村现任党组织书记、村委会主任可以签字"
    if signer in others:
        if distinct_directors:
            return None, "须由村委会主任本人签字(书记、主任非一肩挑时不能代签)"
        return SIGN_ACTING, None
    if signer in secretaries:
        return None, "书记已签字"
    return None, "只有本村现任党组织书记、村委会主任可以签字"


def missing_signatures(signed: Collection[str]) -> list[str]:
    """Who still has to sign before the township may pay, as the refusal names them."""
    missing = [] if SIGN_SECRETARY in signed else ["党组织书记"]
    if SIGN_DIRECTOR not in signed and SIGN_ACTING not in signed:
        missing.append("村委会主任")
    return missing


def pay_problem(signed: Collection[str]) -> str | None:
    """Paying waits for both signatures: "缺少村委会主任签字"."""
    missing = missing_signatures(signed)
    return f"缺少{'、'.join(missing)}签字" if missing else None


def contract_ending_soon(ends_on: dt.date, today: dt.date, days: int = CONTRACT_ENDING_DAYS) -> bool:
    """A contract still running that ends within `days` days (today + days included, the day after not)."""
    return 0 <= (ends_on - today).days <= days


def contract_years_started(starts_on: dt.date, ends_on: dt.date, today: dt.date) -> int:
    """How many contract years have begun by today (rent is paid in advance at the start of each year)."""
    if today < starts_on:
        return 0
    last = min(today, ends_on)
    years = last.year - starts_on.year
    if (last.month, last.day) < (starts_on.month, starts_on.day):
        years -= 1
    return years + 1


def rent_due(starts_on: dt.date, ends_on: dt.date, annual_rent: Decimal, today: dt.date) -> Decimal:
    """Rent that should have been received by today: one year's rent for each contract year begun."""
    return annual_rent * contract_years_started(starts_on, ends_on, today)


def rent_overdue(due: Decimal, received: Decimal) -> bool:
    return received < due


def contract_dates_problem(starts_on: dt.date | None, ends_on: dt.date | None) -> str | None:
    if starts_on is None or ends_on is None:
        return "请填写合同起止日期"
    if ends_on <= starts_on:
        return "合同截止日期应晚于起始日期"
    if (ends_on - starts_on).days > 366 * 30:
        return "合同期限不能超过30年(农村土地承包法)"
    return None


# --- audits --------------------------------------------------------------------------------------------------------

# How long the public notice (公示) of an audit's conclusion stays up: set per round by the county.
AUDIT_NOTICE_DAYS = 10
AUDIT_NOTICE_MIN_DAYS = 5
AUDIT_NOTICE_MAX_DAYS = 30
AUDIT_CLEAN_TEXT = "经审计,未发现问题。"


def audit_notice_days_problem(days: int | None) -> str:
    """Why a notice period is refused ("" when it is fine): whole days between the minimum and the maximum."""
    if days is None or isinstance(days, bool) or not isinstance(days, int):
        return "请填写公示天数"
    if not AUDIT_NOTICE_MIN_DAYS <= days <= AUDIT_NOTICE_MAX_DAYS:
        return f"公示天数应在{AUDIT_NOTICE_MIN_DAYS}至{AUDIT_NOTICE_MAX_DAYS}天之间"
    return ""


def audit_notice_last_day(published_on: dt.date, days: int) -> dt.date:
    """The last day a notice is shown: a notice of 10 days published on the 1st is up to the 10th."""
    return published_on + dt.timedelta(days=days - 1)


def audit_notice_visible(published_on: dt.date, days: int, today: dt.date) -> bool:
    """A notice is public from its publication day through its last day; the day after, it is not."""
    return published_on <= today <= audit_notice_last_day(published_on, days)


def audit_finding_overdue(deadline: dt.date | None, status: str, today: dt.date) -> bool:
    """A finding is overdue from the day after its deadline while the village has not reported its rectification
    (reported and verified findings are not; one sent back as 未到位 is rectifying again)."""
    return deadline is not None and status == "rectifying" and today > deadline


def audit_conclusion_problem(conclusion: str, findings: int) -> str:
    """Whether a conclusion fits the findings recorded: "无问题" with none, the other two with at least one."""
    if conclusion == "clean" and findings:
        return f"已记录{findings}个问题,结论不能为“无问题”"
    if conclusion in ("rectify", "referred") and not findings:
        return "请先记录审计发现的问题,再作出需整改或移交纪检的结论"
    return ""


AUDIT_ROUND_NEXT = {"planned": "ongoing", "ongoing": "done"}


def audit_round_next(status: str) -> str | None:
    """The round's next status (计划 → 实施中 → 已完成), None at the end."""
    return AUDIT_ROUND_NEXT.get(status)


def audit_period_problem(start: dt.date | None, end: dt.date | None) -> str:
    if start is not None and end is not None and end < start:
        return "结束日期不能早于开始日期"
    return ""


def audit_rectified_text(rectified: int, findings: int) -> str:
    """ "整改到位 45/52 (86.5%)"; "整改到位 0/0 (—)" without findings."""
    from dangjian.orglife.rules import ratio_text

    return f"整改到位 {ratio_text(rectified, findings)}"


def audit_sentence(scope: str, villages: int, findings: int, rectified: int, unit: str = "行政村") -> str:
    """The seed's sentence for any scope: "对全县367个行政村的财务管理、“四议两公开一监督”、“三资管理”执行情况进行
    审计,发现问题N个,已整改M个"."""
    return (
        f"对{scope}{villages}个{unit}的财务管理、“四议两公开一监督”、“三资管理”执行情况进行审计,"
        f"发现问题{findings}个,已整改{rectified}个"
    )
