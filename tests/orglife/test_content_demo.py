"""The demo builder of 微党建 on a small county: items by the county, townships and branches over six months, required
items read by about 70% of the members they reach, a study-hours row per receipt."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import StudySource
from dangjian.orglife.demo import content
from dangjian.orglife.models import Article, ArticleRead, StudyLog
from tests.core.factories import make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree):
    for _ in range(40):
        make_person(tree.village_a1)
    return tree.county


def test_demo_content(county, tree):
    content.build(county, today=TODAY, rng=random.Random(1))
    articles = list(Article.objects.select_related("org"))
    assert 15 <= len(articles) <= 35
    assert {a.org.level for a in articles} >= {"county", "township"}
    days = [timezone.localtime(a.published_at).date() for a in articles]
    assert min(days) >= TODAY - dt.timedelta(days=181) and max(days) < TODAY
    assert all(a.kind != "exchange" or (len(a.body) <= 500 and not a.required) for a in articles)
    required = [a for a in articles if a.required]
    assert required and all(a.study_hours == 1 for a in required)
    county_item = next(a for a in required if a.org == county)
    reads = ArticleRead.objects.filter(article=county_item).count()
    assert 0.55 * 47 <= reads <= 0.85 * 47  # 7 + 40 members counted in the county
    assert StudyLog.objects.filter(source=StudySource.ARTICLE).count() == ArticleRead.objects.count()
    log = StudyLog.objects.filter(ref=f"article:{county_item.pk}").first()
    receipt = ArticleRead.objects.get(article=county_item, person_id=log.person_id)
    assert timezone.localtime(receipt.read_at).date() == log.day and log.hours == receipt.hours
    assert all(r.read_at >= r.article.published_at for r in ArticleRead.objects.select_related("article"))
    assert AuditEntry.objects.get(after__demo="content").after["reads"] == ArticleRead.objects.count()
