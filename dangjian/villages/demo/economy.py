"""Demo 集体经济: core already wrote each village's income and assets (`UnitYearFigure`, the three completed years);
here most villages get their development models and plan for those years, chosen to fit the income (a rich village
runs enterprises and assets, a hollow one starts from land and services). Set-based."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.models import Org, UnitYearFigure
from dangjian.villages.choices import DevelopmentModel as M
from dangjian.villages.models import VillageEconomy, VillageEconomyModel
from dangjian.villages.selectors.common import village_q

SHARE = 0.85  # villages with a recorded plan in a year
POOR = (M.LAND, M.SERVICES, M.REVITALISE, M.GOVERNANCE, M.RESOURCES)
MIDDLE = (M.TOURISM, M.RESOURCES, M.MARKET, M.ASSETS, M.LAND, M.INDUSTRY, M.SERVICES)
RICH = (M.INDUSTRY, M.ASSETS, M.INVESTMENT, M.ENTITY, M.CAPITAL, M.LEADER)
NOTES = {
    M.LAND: "推进土地流转,发展规模种植,收取流转服务费",
    M.SERVICES: "成立劳务合作社,承接保洁、绿化等服务项目",
    M.REVITALISE: "盘活闲置校舍和废弃坑塘,对外租赁",
    M.GOVERNANCE: "开展村庄整治,清理集体“三资”,规范承包合同",
    M.RESOURCES: "开发山林水面资源,发展特色养殖",
    M.TOURISM: "依托田园风光发展农家乐和采摘游",
    M.MARKET: "建设农产品交易市场,收取摊位费",
    M.ASSETS: "建设标准化厂房和商铺对外出租",
    M.INDUSTRY: "培育主导产业,建设产业园区",
    M.INVESTMENT: "招引企业落户,集体以土地入股分红",
    M.ENTITY: "兴办村集体企业,实体带动增收",
    M.CAPITAL: "集体资金入股优质企业,获取稳定收益",
    M.LEADER: "依托龙头企业发展订单农业",
}


def _pick(rng: random.Random, income: Decimal) -> list[str]:
    pool = POOR if income < 50_000 else MIDDLE if income < 1_000_000 else RICH
    count = rng.choices((1, 2, 3), (0.5, 0.38, 0.12))[0]
    return sorted(set(rng.sample(pool, k=min(count, len(pool)))))


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    figures = (
        UnitYearFigure.objects.filter(village_q("unit__org__"), unit__org__county_id=county.pk)
        .values_list("unit__org_id", "unit__org__path", "year", "collective_income")
        .order_by("unit__org__path", "year")
    )
    chosen: dict[int, list[str]] = {}
    plans = []
    picks = []
    for org_id, path, year, income in figures:
        if rng.random() > SHARE:
            continue
        models = chosen.get(org_id)
        if models is None or rng.random() < 0.2:  # a village mostly keeps its models over the years
            models = chosen[org_id] = _pick(rng, income)
        plans.append(
            VillageEconomy(
                county_id=county.pk, org_id=org_id, org_path=path, year=year, note=";".join(NOTES[m] for m in models)
            )
        )
        picks.append(models)
    VillageEconomy.objects.bulk_create(plans, batch_size=5000)
    saved = {(p.org_id, p.year): p.pk for p in VillageEconomy.objects.filter(county_id=county.pk)}
    rows = [
        VillageEconomyModel(
            county_id=county.pk,
            economy_id=saved[(plan.org_id, plan.year)],
            org_id=plan.org_id,
            org_path=plan.org_path,
            year=plan.year,
            model=model,
        )
        for plan, models in zip(plans, picks, strict=True)
        for model in models
    ]
    VillageEconomyModel.objects.bulk_create(rows, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "economy", "village_years": len(plans), "models": len(rows)},
    )
