"""Pure rules of the platform core: ID numbers (GB 11643), ages, masking, statistics bands.

No ORM here: every function takes plain values and is tested at its boundaries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# GB 11643-1999: weights of the first 17 digits and the check character for (sum mod 11).
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
# Province-level administrative codes (first two digits) in use.
_PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)

ADULT_AGE = 18  # RECRUIT-01: applicants must be 18 on the application date.
PROBATION_YEARS = 1  # RECRUIT-13: 预备期 is one year.


class IdNumberError(ValueError):
    """An invalid 公民身份号码; the message is the Chinese reason shown to the user."""


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: date
    is_male: bool


def normalize_id_number(value: str) -> str:
    """Trim, upper-case the check character, and turn full-width digits into ASCII."""
    table = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
    return value.strip().translate(table).upper()


def id_check_character(first17: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def parse_id_number(value: str, *, today: date) -> IdNumberInfo:
    """Validate an 18-character 公民身份号码 and return its birth date and gender.

    Raises IdNumberError with a Chinese reason for: wrong length or characters, unknown province code,
    an impossible or future birth date, and a wrong check character.
    """
    number = normalize_id_number(value)
    if "*" in number:
        raise IdNumberError("公民身份号码是脱敏后的号码(含*),须填写完整号码")
    if len(number) != 18:
        raise IdNumberError(f"公民身份号码应为18位,实为{len(number)}位")
    if not _ID_PATTERN.match(number):
        raise IdNumberError("公民身份号码前17位应为数字,末位为数字或X")
    if number[:2] not in _PROVINCE_CODES:
        raise IdNumberError(f"公民身份号码的地址码无效(省级代码{number[:2]}不存在)")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberError(f"公民身份号码中的出生日期{number[6:14]}不是有效日期") from None
    if birth > today or birth.year < 1900:
        raise IdNumberError(f"公民身份号码中的出生日期{birth.isoformat()}不合理")
    expected = id_check_character(number[:17])
    if number[17] != expected:
        raise IdNumberError("公民身份号码校验位错误")
    return IdNumberInfo(number=number, birth_date=birth, is_male=int(number[16]) % 2 == 1)


def make_id_number(*, region: str, birth_date: date, sequence: int, is_male: bool) -> str:
    """Compose a valid ID number (used by the demo generator and tests).

    `sequence` picks the order code; its last digit is forced odd for men, even for women.
    """
    order = sequence % 1000
    if (order % 2 == 1) != is_male:
        order = order + 1 if order < 999 else order - 1
    first17 = f"{region}{birth_date:%Y%m%d}{order:03d}"
    return first17 + id_check_character(first17)


def mask_id_number(number: str) -> str:
    """Show the first 4 and last 4 characters only."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def is_valid_phone(value: str) -> bool:
    return bool(_MOBILE.match(value) or _LANDLINE.match(value))


def mask_phone(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def age_on(birth_date: date, on: date) -> int:
    """Full years of age on a given day (a birthday counts on the day itself)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def is_adult_on(birth_date: date, on: date) -> bool:
    """RECRUIT-01: at least 18 years old on the given day."""
    return age_on(birth_date, on) >= ADULT_AGE


def probation_end(joined_on: date) -> date:
    """RECRUIT-13: the day a one-year 预备期 that started on `joined_on` ends (the earliest 转正 date)."""
    return add_years(joined_on, PROBATION_YEARS)


def can_be_full_member(joined_on: date, confirmed_on: date) -> bool:
    """A full member's 转正日期 falls no earlier than the end of a full year of probation."""
    return confirmed_on >= probation_end(joined_on)


# STATS: the yearly communiqué's age bands (upper bound inclusive; None = open).
AGE_BANDS: tuple[tuple[str, int | None], ...] = (
    ("30岁及以下", 30),
    ("31-35岁", 35),
    ("36-40岁", 40),
    ("41-45岁", 45),
    ("46-50岁", 50),
    ("51-55岁", 55),
    ("56-60岁", 60),
    ("61岁及以上", None),
)


def age_band(age: int) -> str:
    for label, upper in AGE_BANDS:
        if upper is None or age <= upper:
            return label
    raise AssertionError("unreachable: the last band is open")


def age_band_birth_ranges(today: date) -> list[tuple[str, date | None, date | None]]:
    """For each age band, the birth dates (from, to inclusive) whose age today falls in it.

    Lets a database count bands with plain date comparisons instead of computing ages per row.
    """
    ranges: list[tuple[str, date | None, date | None]] = []
    lower_age = 0
    for label, upper in AGE_BANDS:
        # age >= lower_age  <=>  birth <= today - lower_age years
        born_to = add_years(today, -lower_age) if lower_age > 0 else None
        # age <= upper  <=>  birth > today - (upper + 1) years
        born_from = None
        if upper is not None:
            born_from = add_years(today, -(upper + 1)) + _ONE_DAY
        ranges.append((label, born_from, born_to))
        lower_age = (upper or 0) + 1
    return ranges


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)
