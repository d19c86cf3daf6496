"""集体经济 (F4.4) writes: a village's year (income and assets into core's `UnitYearFigure`, the development models
and plan into `VillageEconomy`) in one transaction, and the audited export of the per-village list."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangjian.core import audit, clock
from dangjian.core import services as core_services
from dangjian.core.choices import AuditAction, UnitKind
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Unit, UnitYearFigure
from dangjian.core.permissions import can_manage_orgs
from dangjian.villages import rules
from dangjian.villages.choices import DevelopmentModel
from dangjian.villages.models import VillageEconomy, VillageEconomyModel
from dangjian.villages.permissions import can_manage_village, require
from dangjian.villages.selectors.common import village_q

FIRST_YEAR = 2000
MAX_INCOME = Decimal("999999999999.99")
MAX_ASSETS = Decimal("99999999999999.99")
NOTE_MAX = 2000
BRANCH_SUFFIX = re.compile(r"(党总支部|党总支|党支部|党委)$")


def is_village(org: Org) -> bool:
    return Org.objects.filter(village_q(), pk=org.pk).exists()


def _amount(value: Any, field: str, label: str, *, required: bool, limit: Decimal) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError({field: f"请填写{label}"})
        return None
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"{label}应为数字(元)"}) from None
    if not amount.is_finite():
        raise ValidationError({field: f"{label}应为数字(元)"})
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    if amount > limit:
        raise ValidationError({field: f"{label}过大"})
    return amount.quantize(Decimal("0.01"))


def unit_of(org: Org) -> Unit:
    """The village's core unit (行政村), created when missing (the village's name without the branch suffix)."""
    unit = Unit.objects.filter(org=org).first()
    if unit is not None:
        return unit
    name = BRANCH_SUFFIX.sub("", org.name) or org.name
    return core_services.unit_save(actor=None, org=org, kind=UnitKind.VILLAGE, name=name)


def _snapshot(economy: VillageEconomy, figure: UnitYearFigure | None) -> dict[str, Any]:
    models = sorted(economy.models.values_list("model", flat=True)) if economy.pk else []
    return audit.snapshot(economy) | {
        "models": models,
        "collective_income": str(figure.collective_income) if figure else None,
        "collective_assets": str(figure.collective_assets) if figure and figure.collective_assets is not None else None,
    }


@transaction.atomic
def village_year_save(
    *,
    actor: Any,
    org: Org,
    year: int,
    income: Decimal | int | str | None,
    assets: Decimal | int | str | None = None,
    models: Iterable[str] = (),
    note: str = "",
) -> VillageEconomy:
    """A village's year: income and assets go to core's figures (the one truth of the amounts), the development
    models and plan to the village's economy row. The village's secretary or anyone above it enters it."""
    org = Org.objects.get(pk=org.pk)
    require(actor is None or can_manage_village(actor, org), "没有填报该村集体经济的权限")
    if not is_village(org):
        raise ValidationError({"org": f"{org.name}不是行政村党组织,不填报村级集体经济"})
    this_year = clock.today().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year:
        raise ValidationError({"year": f"年度应在{FIRST_YEAR}年至{this_year}年之间"})
    income_value = _amount(income, "income", "集体经济年收入", required=True, limit=MAX_INCOME)
    assets_value = _amount(assets, "assets", "集体资产", required=False, limit=MAX_ASSETS)
    chosen = [str(m) for m in models]
    problem = rules.development_models_problem(chosen, set(DevelopmentModel.values))
    if problem:
        raise ValidationError({"models": problem})
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError({"note": f"发展思路不能超过{NOTE_MAX}个字"})

    unit = unit_of(org)
    economy = VillageEconomy.objects.select_for_update().filter(org=org, year=year).first()
    old_figure = UnitYearFigure.objects.filter(unit=unit, year=year).first()
    before = _snapshot(economy, old_figure) if economy is not None else None
    # Core's own permission is for administrators; the village's secretary was checked above.
    core_actor = actor if actor is not None and can_manage_orgs(actor, org) else None
    figure = core_services.unit_year_figure_save(
        actor=core_actor, unit=unit, year=year, collective_income=income_value, collective_assets=assets_value
    )
    if economy is None:
        economy = VillageEconomy.objects.create(
            county_id=org.county_id, org=org, org_path=org.path, year=year, note=note
        )
    elif economy.note != note or economy.org_path != org.path:
        economy.note, economy.org_path = note, org.path
        economy.save(update_fields=["note", "org_path", "updated_at"])
    existing = set(economy.models.values_list("model", flat=True))
    economy.models.exclude(model__in=chosen).delete()
    VillageEconomyModel.objects.bulk_create(
        VillageEconomyModel(
            county_id=org.county_id, economy=economy, org=org, org_path=org.path, year=year, model=model
        )
        for model in chosen
        if model not in existing
    )
    after = _snapshot(economy, figure)
    if before != after:
        action = AuditAction.CREATE if before is None else AuditAction.UPDATE
        audit.record(actor=actor, action=action, obj=economy, before=before, after=after)
    return economy


# --- export -------------------------------------------------------------------------------------------------

VILLAGE_HEADERS = ["村党组织", "乡镇(街道)", "年度", "集体经济年收入(元)", "收入档次", "集体资产(元)", "发展模式"]


def villages_export(*, actor: Any, org: Org | None, year: int, rows: Iterable[Any], file_name: str) -> bytes:
    """The per-village list of a year (income, band, assets, development models), as .xlsx (audited)."""
    labels = dict(DevelopmentModel.choices)
    band_labels = {"hollow": "5万元以下", "50k": "5万元以上", "200k": "20万元以上", "10m": "1000万元以上"}
    band_labels["100m"] = "1亿元以上"
    table = []
    for village in rows:
        income = village.income
        table.append(
            [
                village.name,
                getattr(village, "township_name", "") or "",
                year,
                income if income is not None else "未填报",
                band_labels[rules.income_band(income)] if income is not None else "未填报",
                village.assets if village.assets is not None else "",
                "、".join(str(labels.get(m, m)) for m in village.model_list),
            ]
        )
    caption = f"{org.name if org else ''} {year}年度村级集体经济"
    content = audited_xlsx(
        Sheet("村级集体经济", VILLAGE_HEADERS, table, caption=caption),
        actor=actor,
        org=org,
        kind="village_economy",
        file_name=file_name,
    )
    return content
