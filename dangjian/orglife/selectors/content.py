"""Reads of 微党建: what a user may open (an org's own items in every state, and what the orgs above published), the
members' feed, read counts with their denominators, who has not yet studied a required item, and the hours credited
per member in a year.

Read counts ("已学 18/20"): the denominator is the members counted today (正常, 失联, 出国出境) under the publishing
org — and, for a viewer below the publishing org, under the viewer's org — counted now, not at publishing time;
the numerator is how many of those same members have a receipt. So "not yet read" is exactly the difference."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from functools import reduce
from operator import or_
from typing import Any

import django_filters
from django import forms
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from dangjian.core.choices import COUNTED_STANDINGS
from dangjian.core.filters import subtree_filter
from dangjian.core.models import Person
from dangjian.core.scoping import ancestor_paths, published_to, scope_of, scoped, subtree
from dangjian.orglife.choices import ArticleKind
from dangjian.orglife.models import Article, ArticleRead

LIVE = Q(published_at__isnull=False, withdrawn=False)
STATES = [("draft", "草稿"), ("published", "已发布"), ("withdrawn", "已撤回")]


def _choice(choices: list[tuple[str, str]]) -> forms.Select:
    """A yes/no/either filter as a plain select with Chinese options (true/false in the address and the API)."""
    return forms.Select(choices=choices, attrs={"class": "form-select form-select-sm"})


def _org(queryset: QuerySet, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class FeedFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices, label="栏目")
    search = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="标题")

    class Meta:
        model = Article
        fields = ["kind", "search"]


class ArticleFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="发布组织代码(含全部下级)")
    kind = django_filters.ChoiceFilter(choices=ArticleKind.choices, label="栏目")
    state = django_filters.ChoiceFilter(choices=STATES, method="filter_state", label="状态")
    required = django_filters.BooleanFilter(
        field_name="required", label="必学内容", widget=_choice([("", "全部"), ("true", "必学"), ("false", "非必学")])
    )
    search = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="标题")

    class Meta:
        model = Article
        fields = ["org", "kind", "state", "required", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org(queryset, value)

    def filter_state(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "draft":
            return queryset.filter(published_at__isnull=True, withdrawn=False)
        if value == "published":
            return queryset.filter(LIVE)
        if value == "withdrawn":
            return queryset.filter(withdrawn=True)
        return queryset


class PeopleFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")

    class Meta:
        model = Person
        fields = ["org", "search"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org(queryset, value)


class HoursFilter(PeopleFilter):
    studied = django_filters.BooleanFilter(
        method="filter_studied", label="学习记录", widget=_choice([("", "全部"), ("true", "有"), ("false", "无")])
    )

    class Meta:
        model = Person
        fields = ["org", "search", "studied"]

    def filter_studied(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(article_count__gt=0) if value else queryset.filter(article_count=0)


def visible_articles(user: Any) -> QuerySet[Article]:
    """What a user may open: managers, everything of the orgs they manage (drafts and withdrawn included) and the
    live items the orgs above published; members, the live items of their org and of every org above it."""
    if scope_of(user).member_only:
        return published_to(Article, user).filter(LIVE)
    return scoped(Article, user) | published_to(Article, user).filter(LIVE)


def article_list(user: Any, params: Mapping[str, Any]) -> tuple[ArticleFilter, QuerySet[Article]]:
    """The managers' list: drafts first, then newest published."""
    articles = visible_articles(user).select_related("org")
    filterset = ArticleFilter(params or None, queryset=articles)
    return filterset, filterset.qs.order_by(F("published_at").desc(nulls_first=True), "-id")


def article_detail(user: Any, pk: Any) -> Article:
    """One article the user may open; anything else answers 404 like a missing one."""
    try:
        article = visible_articles(user).select_related("org").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        article = None
    if article is None:
        raise Http404("对象不存在")
    return article


def feed(user: Any, params: Mapping[str, Any]) -> tuple[FeedFilter, QuerySet[Article]]:
    """What has been published to the user: live items of the user's org and of every org above it, newest first."""
    scope = scope_of(user)
    articles = published_to(Article, user).filter(LIVE)
    if not scope.everything and scope.path is not None:
        articles = articles.filter(org_path__in=ancestor_paths(scope.path))
    filterset = FeedFilter(params or None, queryset=articles.select_related("org"))
    return filterset, filterset.qs.order_by("-published_at", "-id")


def read_ids(person_id: int | None, articles: list[Article]) -> set[int]:
    """Which of the listed articles the member has a receipt for (one query)."""
    if person_id is None or not articles:
        return set()
    return set(
        ArticleRead.objects.filter(person_id=person_id, article__in=articles).values_list("article_id", flat=True)
    )


def receipt_of(person_id: int | None, article: Article) -> ArticleRead | None:
    if person_id is None:
        return None
    return ArticleRead.objects.filter(person_id=person_id, article=article).first()


def _base_path(user: Any, article: Article) -> str:
    """The subtree a viewer counts an article's readers in: the publishing org's, or the viewer's when lower."""
    scope = scope_of(user)
    if scope.everything or scope.path is None or len(scope.path) <= len(article.org_path):
        return article.org_path
    return scope.path


def _counted() -> QuerySet[Person]:
    return Person.objects.filter(standing__in=COUNTED_STANDINGS)


def read_counts(user: Any, articles: list[Article]) -> dict[int, tuple[int, int]]:
    """(read, to read) per required article of a page: members counted today in the subtree the viewer counts,
    and how many of them have a receipt. Two queries whatever the page holds."""
    required = [a for a in articles if a.required and a.published_at is not None]
    if not required:
        return {}
    bases = {a.pk: _base_path(user, a) for a in required}
    paths = sorted(set(bases.values()))
    ranges = [Q(**subtree("org_path", path)) for path in paths]
    totals = (
        _counted()
        .filter(reduce(or_, ranges))
        .aggregate(**{f"p{index}": Count("pk", filter=ranges[index]) for index in range(len(paths))})
    )
    by_path = {path: totals[f"p{index}"] or 0 for index, path in enumerate(paths)}
    reads = ArticleRead.objects.filter(
        article_id__in=bases,
        person__standing__in=COUNTED_STANDINGS,
        person__org_path__startswith=F("article__org_path"),
    )
    scope = scope_of(user)
    if not scope.everything and scope.path is not None:
        reads = reads.filter(**subtree("person__org_path", scope.path))
    done = dict(reads.order_by().values("article_id").annotate(n=Count("id")).values_list("article_id", "n"))
    return {pk: (done.get(pk, 0), by_path[path]) for pk, path in bases.items()}


def unread_people(user: Any, article: Article, params: Mapping[str, Any]) -> tuple[PeopleFilter, QuerySet[Person]]:
    """Members counted today, in the viewer's scope and under the publishing org, with no receipt of the article."""
    read = ArticleRead.objects.filter(article=article, person=OuterRef("pk"))
    people = (
        scoped(Person, user)
        .filter(standing__in=COUNTED_STANDINGS, **subtree("org_path", article.org_path))
        .filter(~Exists(read))
        .select_related("org")
    )
    filterset = PeopleFilter(params or None, queryset=people)
    return filterset, filterset.qs.order_by("org_path", "id")


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of a year and of the next, in the platform's time zone (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def hours_roster(user: Any, params: Mapping[str, Any], *, year: int) -> tuple[HoursFilter, QuerySet[Person]]:
    """Each member counted today in scope with the articles studied and the hours they credited in a year."""
    start, end = year_bounds(year)
    reads = (
        ArticleRead.objects.filter(person=OuterRef("pk"), read_at__gte=start, read_at__lt=end)
        .order_by()
        .values("person")
    )
    hours = Subquery(reads.annotate(total=Sum("hours")).values("total"), output_field=DecimalField())
    count = Subquery(reads.annotate(total=Count("id")).values("total"), output_field=IntegerField())
    people = (
        scoped(Person, user)
        .filter(standing__in=COUNTED_STANDINGS)
        .annotate(
            article_hours=Coalesce(
                hours, Value(Decimal("0.0")), output_field=DecimalField(max_digits=6, decimal_places=1)
            ),
            article_count=Coalesce(count, Value(0)),
        )
        .select_related("org")
    )
    filterset = HoursFilter(params or None, queryset=people)
    return filterset, filterset.qs.order_by("org_path", "id")
