"""The demo builder of 村级分类 on a small county: the seed categories, flags, scores, three evaluated years with
reasons, and policies for most classified villages."""

import datetime as dt
import random

import pytest

from dangjian.core.models import AuditEntry
from dangjian.villages.demo import classification
from dangjian.villages.models import (
    ClassificationResult,
    ClassificationRun,
    EnvironmentAssessment,
    VillageCategory,
    VillagePolicy,
)
from tests.core.factories import make_org

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_classification_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for i in range(10):
        make_org(tree.town_a, f"V04{i}", f"{i}号村党支部")
    classification.build(tree.county, today=TODAY, rng=random.Random(5))
    assert VillageCategory.objects.count() == 4
    assert EnvironmentAssessment.objects.count() == 12 * 3
    assert sorted(ClassificationRun.objects.values_list("year", flat=True)) == [2023, 2024, 2025]
    # nobody reported an income here: every village is hollow in every year, marked 未填报
    hollow = ClassificationResult.objects.filter(category__basis="income_below")
    assert hollow.count() == 36 and all(r.unreported for r in hollow)
    assert all(r.reason for r in ClassificationResult.objects.all())
    results = ClassificationResult.objects.count()
    assert 0.6 * results <= VillagePolicy.objects.count() <= results
    assert AuditEntry.objects.filter(object_type="core.org", after__demo="classification").count() == 1
