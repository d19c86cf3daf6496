"""村级分类 data for tests: the county's four categories, an evaluation of the year in which every village is a
集体经济空壳村 (nobody reported), a 一村一策 and an environment assessment for each village."""

from __future__ import annotations

import datetime as dt

from dangjian.villages.models import ClassificationResult, EnvironmentAssessment, VillageCategory, VillagePolicy
from dangjian.villages.services import classification as services

YEAR = 2025


def classification_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model (the community b1 is no village, so it has none)."""
    services.categories_ensure(actor=None, county=tree.county)
    found = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2)):
        found[key] = [services.environment_save(actor=None, org=org, year=YEAR, score=80)]
    services.classification_evaluate(actor=None, county=tree.county, year=YEAR)
    hollow = VillageCategory.objects.get(county_id=tree.county.pk, basis="income_below")
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2)):
        policy = services.policy_save(
            actor=None,
            org=org,
            category=hollow,
            year=YEAR,
            measures="发展土地流转和乡村旅游",
            responsible="村党支部书记",
            target_date=dt.date(YEAR, 12, 31),
        )
        result = ClassificationResult.objects.get(org=org, category=hollow, year=YEAR)
        found[key] += [policy, result]
    environment, policy, result = found["a1"]
    return {EnvironmentAssessment: [environment], VillagePolicy: [policy], ClassificationResult: [result]}
