"""Validation of a person's values, shared by the services (UI, API) and the roster import.

Takes typed values (dates, choice codes) and returns the cleaned values and a {field: Chinese reason}
map. No ORM: uniqueness and scope are the callers' business.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from dangjian.core import rules
from dangjian.core.choices import ETHNICITIES, Education, Gender, MemberCategory, MemberStatus, Occupation

PERSON_REQUIRED = ("name", "gender", "id_number", "education", "status", "joined_on")
PERSON_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "id_number": "公民身份号码",
    "birth_date": "出生日期",
    "education": "学历",
    "status": "党员状态",
    "joined_on": "入党日期",
    "confirmed_on": "转正日期",
    "phone": "联系电话",
    "category": "党员类别",
    "occupation": "工作岗位",
    "address": "家庭住址",
}


def validate_person(data: Mapping[str, Any], *, today: dt.date) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}

    for field in PERSON_REQUIRED:
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[field] = f"{PERSON_LABELS[field]}不能为空"

    name = (data.get("name") or "").strip()
    if name:
        if len(name) > 50:
            errors["name"] = "姓名不能超过50个字"
        cleaned["name"] = name

    _choice(data, "gender", Gender.values, cleaned, errors)
    _choice(data, "education", Education.values, cleaned, errors)
    _choice(data, "status", MemberStatus.values, cleaned, errors)
    _choice(data, "category", MemberCategory.values, cleaned, errors, default=MemberCategory.ORDINARY)
    _choice(data, "occupation", Occupation.values, cleaned, errors, default="")
    ethnicity = (data.get("ethnicity") or "汉族").strip()
    if ethnicity not in ETHNICITIES:
        errors["ethnicity"] = f"民族“{ethnicity}”不在56个民族名称之中"
    cleaned["ethnicity"] = ethnicity

    info = None
    if data.get("id_number"):
        try:
            info = rules.parse_id_number(str(data["id_number"]), today=today)
        except rules.IdNumberError as exc:
            errors["id_number"] = str(exc)
        else:
            cleaned["id_number"] = info.number

    birth = data.get("birth_date")
    if info is not None:
        if birth and birth != info.birth_date:
            errors["birth_date"] = f"出生日期与公民身份号码不一致(号码中为{info.birth_date.isoformat()})"
        birth = info.birth_date
        gender = cleaned.get("gender")
        if gender and (gender == Gender.MALE) != info.is_male:
            errors["gender"] = "性别与公民身份号码第17位不一致(奇数为男,偶数为女)"
    cleaned["birth_date"] = birth

    for field in ("birth_date", "joined_on", "confirmed_on"):
        value = data.get(field) if field != "birth_date" else birth
        if value is not None and value > today:
            errors[field] = f"{PERSON_LABELS[field]}不能晚于今天"
    joined = data.get("joined_on")
    confirmed = data.get("confirmed_on")
    cleaned["joined_on"] = joined
    cleaned["confirmed_on"] = confirmed

    if "joined_on" in errors or "confirmed_on" in errors:
        # A missing or impossible date: the rules that compare dates have nothing sound to compare.
        joined = confirmed = None
    if joined and birth and not rules.is_adult_on(birth, joined):
        errors["joined_on"] = f"入党时未满{rules.ADULT_AGE}周岁(出生于{birth.isoformat()})"

    status = cleaned.get("status")
    if status == MemberStatus.FULL and joined and "status" not in errors:
        if not confirmed:
            errors["confirmed_on"] = "正式党员须填写转正日期"
        elif not rules.can_be_full_member(joined, confirmed):
            errors["confirmed_on"] = (
                f"转正日期早于预备期满一年之日({rules.probation_end(joined).isoformat()}),不能为正式党员"
            )
    elif status == MemberStatus.PROBATIONARY and confirmed:
        errors["confirmed_on"] = "预备党员不应有转正日期"
    if status == MemberStatus.FULL and joined and today < rules.probation_end(joined) and "status" not in errors:
        errors.setdefault("status", "入党未满一年,只能是预备党员")

    phone = (data.get("phone") or "").strip()
    if phone and not rules.is_valid_phone(phone):
        errors["phone"] = f"联系电话“{phone}”格式不正确(手机号11位,座机如0395-1234567)"
    cleaned["phone"] = phone
    cleaned["address"] = (data.get("address") or "").strip()
    return cleaned, errors


def _choice(
    data: Mapping[str, Any],
    field: str,
    allowed: list[str],
    cleaned: dict[str, Any],
    errors: dict[str, str],
    default: str | None = None,
) -> None:
    value = data.get(field)
    if value in (None, ""):
        if default is not None:
            cleaned[field] = default
        return
    if value not in allowed:
        errors[field] = f"{PERSON_LABELS[field]}“{value}”不是有效选项"
        return
    cleaned[field] = value


def optional_amount(
    value: Any, field: str, label: str, maximum: Decimal, *, places: Decimal | None = None
) -> Decimal | None:
    """An optional non-negative amount (元, ㎡ …) typed on a form or sent to the API: None when left empty, else the
    number (rounded half up to `places` when given, as money is to the fen); a ValidationError on `field` naming
    `label` otherwise."""
    if value is None or str(value).strip() == "":
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"{label}应为数字"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"{label}应为数字"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    if amount > maximum:
        raise ValidationError({field: f"{label}过大"})
    return amount.quantize(places, rounding=ROUND_HALF_UP) if places is not None else amount
