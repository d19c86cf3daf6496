"""Demo 村级分类: the four seed categories, 革命老区村 flags (~15% of villages), 人居环境 scores for the last three
years (a few villages below 60 or 不达标, improving over the years), the evaluation of those years (reading the
incomes, the confirmed weak branches and the flags) and 一村一策 for most classified villages. Set-based."""

from __future__ import annotations

import datetime as dt
import random

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.models import Org
from dangjian.villages.choices import CategoryBasis
from dangjian.villages.models import ClassificationResult, EnvironmentAssessment, VillagePolicy, VillageProfile
from dangjian.villages.selectors.common import villages_of
from dangjian.villages.services import classification as services

OLD_BASE_SHARE = 0.15
POLICY_SHARE = 0.85
YEARS = 3
MEASURES = {
    CategoryBasis.WEAK_BRANCH: "选派第一书记驻村,调整充实村两委班子,落实“三会一课”,建立整顿工作台账",
    CategoryBasis.ENVIRONMENT_BELOW: "开展人居环境集中整治,清理垃圾杂物,建立保洁队伍和门前三包制度",
    CategoryBasis.OLD_BASE_POVERTY: "落实帮扶单位结对,实施产业扶贫项目,完善基础设施",
    CategoryBasis.INCOME_BELOW: "因村制宜确定发展项目,盘活集体资源资产,落实“一个项目、一个能人、一个领导挂点”",
    CategoryBasis.MANUAL: "落实包村干部,化解矛盾纠纷,健全村规民约",
}
RESPONSIBLE = ("村党支部书记", "驻村第一书记", "乡镇包村干部", "乡镇党委副书记")


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    categories = services.categories_ensure(actor=None, county=county)
    villages = list(villages_of(county.pk).values_list("pk", "path"))
    profiles = [
        VillageProfile(
            county_id=county.pk, org_id=pk, org_path=path, old_revolutionary_base=True, note="革命老区村(县志记载)"
        )
        for pk, path in villages
        if rng.random() < OLD_BASE_SHARE
    ]
    VillageProfile.objects.bulk_create(profiles, batch_size=5000)
    years = [today.year - offset for offset in range(YEARS, 0, -1)]
    dirty = {pk for pk, _ in villages if rng.random() < 0.03}
    assessments = []
    for index, year in enumerate(years):
        for pk, path in villages:
            score = int(min(100, max(35, rng.gauss(80 + 2 * index, 8))))
            if pk in dirty and rng.random() > 0.4 * index:  # the dirty ones improve over the years
                score = rng.randint(40, 59)
            assessments.append(
                EnvironmentAssessment(
                    county_id=county.pk,
                    org_id=pk,
                    org_path=path,
                    year=year,
                    score=score,
                    substandard=score < 50,
                    note="垃圾乱堆乱放,坑塘沟渠未清理" if score < 60 else "",
                )
            )
    EnvironmentAssessment.objects.bulk_create(assessments, batch_size=5000)
    for year in years:
        services.evaluate_year(county, year)
    basis = {c.pk: c.basis for c in categories}
    policies = []
    for result in ClassificationResult.objects.filter(county_id=county.pk).order_by("id").iterator(chunk_size=5000):
        if rng.random() > POLICY_SHARE:
            continue
        done = result.year < today.year - 1 and rng.random() < 0.7
        policies.append(
            VillagePolicy(
                county_id=county.pk,
                org_id=result.org_id,
                org_path=result.org_path,
                category_id=result.category_id,
                year=result.year,
                measures=MEASURES.get(basis[result.category_id], "制定整治方案,明确责任和时限"),
                responsible=rng.choice(RESPONSIBLE),
                target_date=dt.date(result.year, 12, 31),
                status="done" if done else rng.choice(("planned", "ongoing")),
            )
        )
    VillagePolicy.objects.bulk_create(policies, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "classification",
            "categories": len(categories),
            "old_bases": len(profiles),
            "assessments": len(assessments),
            "years": years,
            "results": ClassificationResult.objects.filter(county_id=county.pk).count(),
            "policies": len(policies),
        },
    )
