"""村级分类 (F4.1) writes: the county's categories (seed defaults on first use), the data the rules read (人居环境
assessments and 革命老区村 flags entered by the township, hand marks), the yearly evaluation (re-running a year
replaces its results, audited as one entry) and 一村一策."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import AuditAction, OrgLevel
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org
from dangjian.villages import rules
from dangjian.villages.choices import CategoryBasis, PolicyStatus, VillageTag
from dangjian.villages.models import (
    ClassificationResult,
    ClassificationRun,
    EnvironmentAssessment,
    ManualMark,
    VillageCategory,
    VillagePolicy,
    VillageProfile,
)
from dangjian.villages.permissions import can_approve, can_manage_village, can_set_county_rules, require
from dangjian.villages.selectors.common import village_q, villages_of
from dangjian.villages.selectors.economy import income_by_org
from dangjian.villages.selectors.rectification import listed_org_ids

FIRST_YEAR = 2000
CATEGORY_FIELDS = ("name", "tag", "basis", "threshold", "description", "since_year", "active", "sort")

# Seed 003's 四类村 (组织薄弱村, 环境脏乱村, 革命老区贫困村, 集体经济空壳村 below 5万元).
DEFAULT_CATEGORIES: tuple[dict[str, Any], ...] = (
    {
        "name": "组织软弱村",
        "tag": VillageTag.WEAK,
        "basis": CategoryBasis.WEAK_BRANCH,
        "threshold": None,
        "description": "当年被县委确定为软弱涣散基层党组织的村",
    },
    {
        "name": "环境脏乱村",
        "tag": VillageTag.DIRTY,
        "basis": CategoryBasis.ENVIRONMENT_BELOW,
        "threshold": rules.DEFAULT_ENVIRONMENT_THRESHOLD,
        "description": "人居环境评分低于60分或评定为不达标的村",
    },
    {
        "name": "贫困老区村",
        "tag": VillageTag.POOR,
        "basis": CategoryBasis.OLD_BASE_POVERTY,
        "threshold": None,
        "description": "革命老区村中的建档立卡贫困村",
    },
    {
        "name": "集体经济空壳村",
        "tag": VillageTag.HOLLOW,
        "basis": CategoryBasis.INCOME_BELOW,
        "threshold": rules.DEFAULT_INCOME_THRESHOLD,
        "description": "村级集体经济年收入低于5万元的村(未填报的按低于标准计)",
    },
)


def _county(org: Org) -> Org:
    if org.level != OrgLevel.COUNTY:
        raise ValidationError({"county": f"{org.name}不是县(区)级党组织"})
    return org


def _village(org: Org) -> Org:
    if not Org.objects.filter(village_q(), pk=org.pk).exists():
        raise ValidationError({"org": f"{org.name}不是行政村党组织"})
    return org


def _year(year: Any, field: str = "year") -> int:
    this_year = clock.today().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        raise ValidationError({field: f"年度应在{FIRST_YEAR}年至{this_year}年之间"})
    return year


def _threshold(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"threshold": "标准值应为数字"}) from None
    if not amount.is_finite():
        raise ValidationError({"threshold": "标准值应为数字"})
    return amount.quantize(Decimal("0.01"))


# --- categories ---------------------------------------------------------------------------------------------


def _category_errors(values: dict[str, Any], county: Org, *, exclude: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = (values.get("name") or "").strip()
    if not name:
        errors["name"] = "请填写类别名称"
    elif len(name) > 40:
        errors["name"] = "类别名称不能超过40个字"
    else:
        clash = VillageCategory.objects.filter(county_id=county.pk, name=name)
        if exclude is not None:
            clash = clash.exclude(pk=exclude)
        if clash.exists():
            errors["name"] = f"已有名为“{name}”的类别"
    if values.get("tag") not in VillageTag.values:
        errors["tag"] = "请选择类别性质"
    basis = values.get("basis")
    if basis not in CategoryBasis.values:
        errors["basis"] = "请选择认定规则"
    else:
        problem = rules.threshold_problem(basis, values.get("threshold"))
        if problem:
            errors["threshold"] = problem
    since = values.get("since_year")
    if not isinstance(since, int) or not FIRST_YEAR <= since <= clock.today().year + 1:
        errors["since_year"] = f"起用年度应在{FIRST_YEAR}年至{clock.today().year + 1}年之间"
    if len(values.get("description") or "") > 200:
        errors["description"] = "认定说明不能超过200个字"
    return errors


def _clean_threshold(basis: str, threshold: Any) -> Decimal | None:
    """Bases without a standard keep none; income and environment keep theirs."""
    value = _threshold(threshold)
    return value if basis in (CategoryBasis.INCOME_BELOW, CategoryBasis.ENVIRONMENT_BELOW) else None


@transaction.atomic
def category_create(
    *,
    actor: Any,
    county: Org,
    name: str,
    tag: str,
    basis: str,
    threshold: Any = None,
    description: str = "",
    since_year: int | None = None,
    active: bool = True,
    sort: int = 0,
) -> VillageCategory:
    """A category the county defines for its villages; the county organisation department only."""
    require(actor is None or can_set_county_rules(actor, county), "只有县委组织部可以设置村级分类类别")
    _county(county)
    since_year = since_year if since_year is not None else clock.today().year
    values = {"name": name, "tag": tag, "basis": basis, "threshold": _threshold(threshold), "since_year": since_year}
    errors = _category_errors(values | {"description": description}, county)
    if errors:
        raise ValidationError(errors)
    category = VillageCategory.objects.create(
        county_id=county.pk,
        org=county,
        org_path=county.path,
        name=name.strip(),
        tag=tag,
        basis=basis,
        threshold=_clean_threshold(basis, threshold),
        description=(description or "").strip(),
        since_year=since_year,
        active=bool(active),
        sort=sort or 0,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=category, after=audit.snapshot(category))
    return category


@transaction.atomic
def category_update(*, actor: Any, category: VillageCategory, **changes: Any) -> VillageCategory:
    """Change a category (rename, rule, standard, in use or not); past results keep the reasons they were given."""
    category = VillageCategory.objects.select_for_update(of=("self",)).select_related("org").get(pk=category.pk)
    require(actor is None or can_set_county_rules(actor, category.org), "只有县委组织部可以设置村级分类类别")
    unknown = set(changes) - set(CATEGORY_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "该项目不能在此修改"))
    if "threshold" in changes:
        changes["threshold"] = _threshold(changes["threshold"])
    values = {name: getattr(category, name) for name in CATEGORY_FIELDS} | changes
    errors = _category_errors(values, category.org, exclude=category.pk)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(category)
    for name, value in changes.items():
        setattr(category, name, value.strip() if isinstance(value, str) and name in ("name", "description") else value)
    category.threshold = _clean_threshold(category.basis, category.threshold)
    category.save()
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=category, before=before, after=audit.snapshot(category))
    return category


@transaction.atomic
def categories_ensure(*, actor: Any, county: Org) -> list[VillageCategory]:
    """The county's categories; on first use seed 003's four (组织软弱村, 环境脏乱村, 贫困老区村, 集体经济空壳村)."""
    _county(county)
    existing = list(VillageCategory.objects.filter(county_id=county.pk).order_by("sort", "id"))
    if existing:
        return existing
    created = []
    for sort, values in enumerate(DEFAULT_CATEGORIES, start=1):
        category = VillageCategory.objects.create(
            county_id=county.pk,
            org=county,
            org_path=county.path,
            since_year=FIRST_YEAR,
            sort=sort,
            **values,
        )
        created.append(category)
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=county,
        after={"village_categories": [c.name for c in created]},
    )
    return created


# --- data the rules read ------------------------------------------------------------------------------------


@transaction.atomic
def environment_save(
    *, actor: Any, org: Org, year: int, score: int | None, substandard: bool = False, note: str = ""
) -> EnvironmentAssessment:
    """A village's 人居环境 assessment of a year (score 0–100 and/or 不达标): the township (or county) enters it."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_approve(actor, org), "只有乡镇(街道)或县级可以评定村的人居环境")
    _village(org)
    _year(year)
    if score is not None and not isinstance(score, int):
        raise ValidationError({"score": "人居环境评分应为整数"})
    problem = rules.environment_score_problem(score, bool(substandard))
    if problem:
        raise ValidationError({"score": problem})
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "说明不能超过200个字"})
    found = EnvironmentAssessment.objects.select_for_update().filter(org=org, year=year).first()
    before = audit.snapshot(found) if found else None
    if found is None:
        found = EnvironmentAssessment(county_id=org.county_id, org=org, year=year)
    found.org_path, found.score, found.substandard, found.note = org.path, score, bool(substandard), note
    found.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=found, before=before, after=audit.snapshot(found))
    return found


@transaction.atomic
def profile_save(*, actor: Any, org: Org, old_revolutionary_base: bool, note: str = "") -> VillageProfile:
    """Whether a village is a 革命老区村 (the township or county records it)."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_approve(actor, org), "只有乡镇(街道)或县级可以认定革命老区村")
    _village(org)
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "说明不能超过200个字"})
    found = VillageProfile.objects.select_for_update().filter(org=org).first()
    before = audit.snapshot(found) if found else None
    if found is None:
        found = VillageProfile(county_id=org.county_id, org=org)
    found.org_path, found.old_revolutionary_base, found.note = org.path, bool(old_revolutionary_base), note
    found.save()
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=found, before=before, after=audit.snapshot(found))
    return found


@transaction.atomic
def mark_create(*, actor: Any, org: Org, category: VillageCategory, year: int, reason: str) -> ManualMark:
    """Put a village in a hand-marked category for a year (乱村, 专业村): the township or county, with the reason."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_approve(actor, org), "只有乡镇(街道)或县级可以认定村的类别")
    _village(org)
    _year(year)
    if category.basis != CategoryBasis.MANUAL:
        raise ValidationError({"category": f"“{category.name}”按规则自动评定,不能人工认定"})
    if category.county_id != org.county_id:
        raise ValidationError({"category": "该类别不属于本县(区)"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写认定理由"})
    if len(reason) > 200:
        raise ValidationError({"reason": "认定理由不能超过200个字"})
    if ManualMark.objects.filter(org=org, category=category, year=year).exists():
        raise ValidationError({"org": f"{org.name}{year}年已认定为{category.name}"})
    mark = ManualMark.objects.create(
        county_id=org.county_id, org=org, org_path=org.path, category=category, year=year, reason=reason
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=mark, after=audit.snapshot(mark))
    return mark


@transaction.atomic
def mark_delete(*, actor: Any, mark: ManualMark) -> None:
    mark = ManualMark.objects.select_related("org").get(pk=mark.pk)
    require(actor is None or can_approve(actor, mark.org), "只有乡镇(街道)或县级可以撤销人工认定")
    audit.record(actor=actor, action=AuditAction.DELETE, obj=mark, before=audit.snapshot(mark))
    mark.delete()


# --- evaluation ---------------------------------------------------------------------------------------------


def _matches(category: VillageCategory, county: Org, year: int, villages: set[int], cache: dict[str, Any]) -> list:
    """(org id, reason, unreported) of the villages a category's rule puts in it for the year."""
    basis, threshold = category.basis, category.threshold
    found: list[tuple[int, str, bool]] = []
    if basis == CategoryBasis.INCOME_BELOW:
        if "income" not in cache:
            cache["income"] = income_by_org(county.pk, year)
        incomes = cache["income"]
        for pk in sorted(villages):
            income = incomes.get(pk)
            if rules.income_below(income, threshold):
                found.append((pk, rules.income_reason(income, threshold), income is None))
    elif basis == CategoryBasis.WEAK_BRANCH:
        if "weak" not in cache:
            cache["weak"] = listed_org_ids(county.pk, year)
        found = [(pk, f"{year}年被确定为软弱涣散基层党组织", False) for pk in sorted(cache["weak"] & villages)]
    elif basis == CategoryBasis.ENVIRONMENT_BELOW:
        rows = EnvironmentAssessment.objects.filter(county_id=county.pk, year=year).values_list(
            "org_id", "score", "substandard"
        )
        for pk, score, substandard in rows.order_by("org_id"):
            if pk in villages and rules.environment_below(score, substandard, threshold):
                found.append((pk, rules.environment_reason(score, substandard, threshold), False))
    elif basis == CategoryBasis.OLD_BASE_POVERTY:
        ids = Org.objects.filter(
            county_id=county.pk, village_profile__old_revolutionary_base=True, unit__is_poverty_village=True
        ).values_list("pk", flat=True)
        found = [(pk, "革命老区村,建档立卡贫困村", False) for pk in sorted(set(ids) & villages)]
    elif basis == CategoryBasis.MANUAL:
        marks = ManualMark.objects.filter(category=category, year=year).values_list("org_id", "reason")
        found = [(pk, f"人工认定:{reason}", False) for pk, reason in marks.order_by("org_id") if pk in villages]
    return found


@transaction.atomic
def classification_evaluate(*, actor: Any, county: Org, year: int) -> ClassificationRun:
    """Evaluate a year: every category in use from that year puts villages in it by its rule, each with its reason.
    Re-running the year replaces its results (one audit entry with the counts before and after)."""
    require(actor is None or can_set_county_rules(actor, county), "只有县委组织部可以评定村级分类")
    _county(county)
    _year(year)
    categories_ensure(actor=actor, county=county)
    run, before, counts = evaluate_year(county, year)
    action = AuditAction.CREATE if before is None else AuditAction.UPDATE
    audit.record(actor=actor, action=action, obj=run, before=before, after=audit.snapshot(run) | {"categories": counts})
    return run


def evaluate_year(county: Org, year: int) -> tuple[ClassificationRun, dict[str, Any] | None, dict[str, int]]:
    """The evaluation itself (set-based, no audit): the run, its state before (None when new) and the counts."""
    categories = [
        c
        for c in VillageCategory.objects.filter(county_id=county.pk, active=True, since_year__lte=year).order_by(
            "sort", "id"
        )
    ]
    paths = dict(villages_of(county.pk).values_list("pk", "path"))
    villages = set(paths)
    cache: dict[str, Any] = {}
    rows = []
    counts: dict[str, int] = {}
    for category in categories:
        matches = _matches(category, county, year, villages, cache)
        counts[category.name] = len(matches)
        rows.extend(
            ClassificationResult(
                county_id=county.pk,
                org_id=pk,
                org_path=paths[pk],
                category=category,
                year=year,
                reason=reason[:300],
                unreported=unreported,
            )
            for pk, reason, unreported in matches
        )
    run = ClassificationRun.objects.select_for_update().filter(county_id=county.pk, year=year).first()
    before = None
    if run is not None:
        before = audit.snapshot(run) | {"categories": _counts(county, year)}
    ClassificationResult.objects.filter(county_id=county.pk, year=year).delete()
    ClassificationResult.objects.bulk_create(rows, batch_size=5000)
    if run is None:
        run = ClassificationRun(county_id=county.pk, org=county, org_path=county.path, year=year)
    run.villages = len(villages)
    run.classified = len({row.org_id for row in rows})
    run.results = len(rows)
    run.evaluated_at = timezone.now()
    run.save()
    return run, before, counts


def _counts(county: Org, year: int) -> dict[str, int]:
    rows = (
        ClassificationResult.objects.filter(county_id=county.pk, year=year)
        .values_list("category__name")
        .order_by("category__name")
    )
    found: dict[str, int] = {}
    for (name,) in rows:
        found[name] = found.get(name, 0) + 1
    return found


# --- 一村一策 --------------------------------------------------------------------------------------------------


@transaction.atomic
def policy_save(
    *,
    actor: Any,
    org: Org,
    category: VillageCategory,
    year: int,
    measures: str,
    responsible: str,
    target_date: dt.date | None,
    status: str = PolicyStatus.PLANNED,
) -> VillagePolicy:
    """一村一策 for a village in a category in a year (one; saving again updates it): the village or the township."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_manage_village(actor, org), "没有为该村制定一村一策的权限")
    _year(year)
    if not ClassificationResult.objects.filter(org=org, category=category, year=year).exists():
        raise ValidationError({"category": f"{org.name}{year}年未列入“{category.name}”,无需制定一村一策"})
    errors: dict[str, str] = {}
    measures, responsible = (measures or "").strip(), (responsible or "").strip()
    if not measures:
        errors["measures"] = "请填写整治措施"
    elif len(measures) > 2000:
        errors["measures"] = "整治措施不能超过2000个字"
    if not responsible:
        errors["responsible"] = "请填写责任人"
    elif len(responsible) > 50:
        errors["responsible"] = "责任人不能超过50个字"
    problem = rules.policy_target_problem(target_date, year)
    if problem:
        errors["target_date"] = problem
    if status not in PolicyStatus.values:
        errors["status"] = "请选择进展"
    if errors:
        raise ValidationError(errors)
    policy = VillagePolicy.objects.select_for_update().filter(org=org, category=category, year=year).first()
    before = audit.snapshot(policy) if policy else None
    if policy is None:
        policy = VillagePolicy(county_id=org.county_id, org=org, category=category, year=year)
    policy.org_path = org.path
    policy.measures, policy.responsible, policy.target_date, policy.status = measures, responsible, target_date, status
    policy.save()
    after = audit.snapshot(policy)
    if before != after:
        action = AuditAction.CREATE if before is None else AuditAction.UPDATE
        audit.record(actor=actor, action=action, obj=policy, before=before, after=after)
    return policy


# --- export -------------------------------------------------------------------------------------------------

RESULT_HEADERS = ["村党组织", "乡镇(街道)", "年度", "类别", "列入原因", "一村一策", "责任人", "完成时限", "进展"]


def results_export(*, actor: Any, org: Org | None, year: int, rows: Iterable[Any], file_name: str) -> bytes:
    """The year's classified villages with reasons and their policies, as .xlsx (audited)."""
    table = []
    for row in rows:
        policy = getattr(row, "policy", None)
        table.append(
            [
                row.org.name,
                getattr(row, "township_name", ""),
                row.year,
                row.category.name,
                row.reason,
                policy.measures if policy else "未制定",
                policy.responsible if policy else "",
                policy.target_date if policy else "",
                policy.get_status_display() if policy else "",
            ]
        )
    caption = f"{org.name if org else ''} {year}年度村级分类"
    content = audited_xlsx(
        Sheet("村级分类", RESULT_HEADERS, table, caption=caption),
        actor=actor,
        org=org,
        kind="village_classification",
        file_name=file_name,
    )
    return content
