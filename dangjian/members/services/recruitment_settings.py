"""Writes of the county's recruitment settings: the configurable periods, seed 004's 六评三定 items and the
townships' yearly quotas. Only the county organisation department changes them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.models import Org
from dangjian.members import rules
from dangjian.members.choices import ApplicantStatus
from dangjian.members.models import Applicant, CandidateScore, RecruitSetting, ScoreItem, TownshipQuota
from dangjian.members.permissions import can_set_county_rules, require

SETTING_FIELDS = ("six_three", "pass_mark", "talk_within_months", "review_every_months", "approval_within_months")
# (field, label, lowest, highest) for the periods a county may set.
PERIOD_BOUNDS = (
    ("talk_within_months", "申请后谈话期限", 1, 12),
    ("review_every_months", "积极分子考察间隔", 1, 12),
    ("approval_within_months", "审批期限", 1, rules.APPROVAL_MONTHS_SPECIAL),
)
NOT_COUNTY_ADMIN = "只有县(区)委组织部管理员可以修改发展党员设置"
QUOTA_NOT_TOWNSHIP = "发展党员计划指标属于乡镇党委,不得分解到村"
MAX_DECIMAL = Decimal("9999.99")


def _require_county(county: Org, actor: Any) -> None:
    if county.level != OrgLevel.COUNTY:
        raise ValidationError({"county": "发展党员设置属于县(区)一级党组织"})
    require(actor is None or can_set_county_rules(actor, county), NOT_COUNTY_ADMIN)


@transaction.atomic
def recruit_setting_save(*, actor: Any, county: Org, **values: Any) -> RecruitSetting:
    """Save the county's settings; fields not given keep their value (or the default on the first save)."""
    _require_county(county, actor)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise TypeError(f"unknown recruitment settings: {sorted(unknown)}")
    errors: dict[str, str] = {}
    for name, label, lowest, highest in PERIOD_BOUNDS:
        if name in values and not (isinstance(values[name], int) and lowest <= values[name] <= highest):
            errors[name] = f"{label}应为{lowest}至{highest}个月"
    if "pass_mark" in values:
        mark = values["pass_mark"]
        if not isinstance(mark, Decimal | int) or not 0 <= mark <= MAX_DECIMAL:
            errors["pass_mark"] = f"量化考评合格分应在0至{MAX_DECIMAL}之间"
    if errors:
        raise ValidationError(errors)
    setting = RecruitSetting.objects.select_for_update().filter(county=county).first()
    before = audit.snapshot(setting) if setting else None
    if setting is None:
        setting = RecruitSetting(county=county)
    for name, value in values.items():
        setattr(setting, name, value)
    setting.full_clean()
    setting.save()
    after = audit.snapshot(setting)
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=setting, before=before, after=after)
    return setting


@transaction.atomic
def score_item_save(
    *,
    actor: Any,
    county: Org,
    item: ScoreItem | None = None,
    name: str,
    weight: Decimal,
    max_score: Decimal,
    order: int = 0,
    active: bool = True,
) -> ScoreItem:
    """Add a 六评三定 scoring item, or change one (`item`) of the same county."""
    _require_county(county, actor)
    if item is not None and item.county_id != county.pk:
        raise ValidationError({"item": "考评项目不属于该县(区)"})
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "请填写考评项目名称"
    else:
        same_name = ScoreItem.objects.filter(county=county, name=name)
        if item is not None:
            same_name = same_name.exclude(pk=item.pk)
        if same_name.exists():
            errors["name"] = f"本县已有名为“{name}”的考评项目"
    if weight is None or not 0 < weight <= Decimal("999.99"):
        errors["weight"] = "权重应大于0且不超过999.99"
    if max_score is None or not 0 < max_score <= MAX_DECIMAL:
        errors["max_score"] = f"满分应大于0且不超过{MAX_DECIMAL}"
    elif item is not None and max_score < item.max_score:
        highest = CandidateScore.objects.filter(item=item, score__gt=max_score).order_by("-score").first()
        if highest is not None:
            errors["max_score"] = f"已有得分{highest.score}分,满分不能低于已评得分"
    if order is None or order < 0:
        errors["order"] = "排序应为0或正整数"
    if errors:
        raise ValidationError(errors)
    if item is None:
        before = None
        item = ScoreItem(county=county)
    else:
        item = ScoreItem.objects.select_for_update().get(pk=item.pk)
        before = audit.snapshot(item)
    item.name, item.weight, item.max_score, item.order, item.active = name, weight, max_score, order, active
    item.full_clean()
    item.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=item, before=before, after=audit.snapshot(item))
    return item


@transaction.atomic
def score_item_delete(*, actor: Any, item: ScoreItem) -> None:
    """Remove an unused item; one that candidates were scored on stays (it can be switched off instead)."""
    county = Org.objects.get(pk=item.county_id)
    _require_county(county, actor)
    item = ScoreItem.objects.select_for_update().get(pk=item.pk)
    used = CandidateScore.objects.filter(item=item).count()
    if used:
        raise ValidationError({"item": f"已有{used}名发展对象按“{item.name}”评分,不能删除,可改为停用"})
    before = audit.snapshot(item)
    pk = item.pk
    item.delete()
    item.pk = pk
    audit.record(actor=actor, action=AuditAction.DELETE, obj=item, before=before)


def quota_used(township: Org, year: int) -> int:
    """Candidates the township nominated against its quota of `year` (a stopped one no longer holds a place)."""
    return (
        Applicant.objects.filter(
            county_id=township.county_id,
            org_path__startswith=township.path,
            quota_year=year,
            nominated_on__isnull=False,
        )
        .exclude(status=ApplicantStatus.STOPPED)
        .count()
    )


@transaction.atomic
def township_quota_save(*, actor: Any, township: Org, year: int, quota: int) -> TownshipQuota:
    """Set a township's yearly 发展党员计划指标 (seed 004: it is the township's, never split down to villages)."""
    if township.level != OrgLevel.TOWNSHIP:
        raise ValidationError({"township": QUOTA_NOT_TOWNSHIP})
    county = Org.objects.get(pk=township.county_id)
    require(actor is None or can_set_county_rules(actor, county), "只有县(区)委组织部管理员可以下达发展党员计划指标")
    errors: dict[str, str] = {}
    this_year = clock.today().year
    if not isinstance(year, int) or not 2000 <= year <= this_year + 5:
        errors["year"] = f"年度应在2000至{this_year + 5}之间"
    if not isinstance(quota, int) or not 0 <= quota <= 9999:
        errors["quota"] = "计划指标应为0至9999的整数"
    if errors:
        raise ValidationError(errors)
    used = quota_used(township, year)
    if quota < used:
        raise ValidationError({"quota": f"{township.name}{year}年已提名{used}名发展对象,计划指标不能少于{used}名"})
    row = TownshipQuota.objects.select_for_update().filter(township=township, year=year).first()
    before = audit.snapshot(row) if row else None
    if row is None:
        row = TownshipQuota(township=township, year=year, county_id=township.county_id, org_path=township.path)
    row.quota = quota
    row.full_clean()
    row.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=row, before=before, after=audit.snapshot(row))
    return row
