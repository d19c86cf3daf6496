"""Filters shared by the pages and the API (django-filter). They narrow an already scoped queryset."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangjian.core import clock, crypto, rules
from dangjian.core.choices import (
    HISTORICAL_STANDINGS,
    AuditAction,
    Education,
    Gender,
    MemberCategory,
    MemberStatus,
    OrgDomain,
    OrgKind,
    OrgLevel,
    PostTitle,
    Standing,
)
from dangjian.core.models import AuditEntry, Org, Person, Post
from dangjian.core.scoping import subtree


def subtree_filter(queryset: QuerySet, path_field: str, code: str) -> QuerySet:
    """Rows under the org with this code (an unknown code matches nothing; scope was applied before)."""
    org = Org.objects.filter(code=code.strip()).only("path").first()
    if org is None:
        return queryset.none()
    return queryset.filter(**subtree(path_field, org.path))


class OrgFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label="名称或代码")
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices, label="组织类别")
    domain = django_filters.ChoiceFilter(choices=OrgDomain.choices, label="所属领域")
    level = django_filters.ChoiceFilter(choices=OrgLevel.choices, label="层级")
    within = django_filters.CharFilter(method="filter_within", label="上级组织代码(含全部下级)")

    class Meta:
        model = Org
        fields = ["search", "kind", "domain", "level", "within"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(code__iexact=value)) if value else queryset

    def filter_within(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "path", value) if value.strip() else queryset


ROLL_CHOICES = [("current", "现有党员"), ("historical", "历史名册(出党、去世、转出)"), ("all", "全部")]


class PersonFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    search = django_filters.CharFilter(method="filter_search", label="姓名")
    id_number = django_filters.CharFilter(method="filter_id_number", label="公民身份号码(精确)")
    status = django_filters.ChoiceFilter(choices=MemberStatus.choices, label="党员状态")
    gender = django_filters.ChoiceFilter(choices=Gender.choices, label="性别")
    category = django_filters.ChoiceFilter(choices=MemberCategory.choices, label="党员类别")
    education = django_filters.ChoiceFilter(choices=Education.choices, label="学历")
    standing = django_filters.ChoiceFilter(choices=Standing.choices, label="党籍状态")
    roll = django_filters.ChoiceFilter(choices=ROLL_CHOICES, method="filter_roll", label="名册(默认现有党员)")

    class Meta:
        model = Person
        fields = ["org", "search", "id_number", "status", "gender", "category", "education", "standing", "roll"]

    @property
    def qs(self) -> QuerySet:
        """The current roll unless the historical roll (or both) is asked for."""
        queryset = super().qs
        roll = self.form.cleaned_data.get("roll") if self.is_bound and self.form.is_valid() else None
        return queryset.on_roll() if roll in (None, "", "current") else queryset  # type: ignore[attr-defined]

    def filter_roll(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "historical":
            return queryset.filter(standing__in=HISTORICAL_STANDINGS)
        return queryset

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(name__contains=value) if value else queryset

    def filter_id_number(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = rules.normalize_id_number(value)
        return queryset.filter(id_number_index=crypto.blind_index(value)) if value else queryset


class AuditFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    object_type = django_filters.CharFilter(label="对象类型")
    object_id = django_filters.CharFilter(label="对象编号")
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label="操作")
    actor = django_filters.CharFilter(field_name="actor_name", lookup_expr="contains", label="操作人")
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label="起始日期")
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label="截止日期")

    class Meta:
        model = AuditEntry
        fields = ["org", "object_type", "object_id", "action", "actor", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class PostFilter(django_filters.FilterSet):
    person = IntegerFilter(field_name="person_id", label="任职人员编号")
    org = django_filters.CharFilter(method="filter_org", label="任职组织代码(含全部下级)")
    title = django_filters.ChoiceFilter(choices=PostTitle.choices, label="职务")
    current = django_filters.BooleanFilter(method="filter_current", label="是否现任(true 仅现任, false 仅已离任)")

    class Meta:
        model = Post
        fields = ["person", "org", "title", "current"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_current(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        ongoing = Q(term_end__isnull=True) | Q(term_end__gte=timezone.localdate())
        return queryset.filter(ongoing) if value else queryset.exclude(ongoing)


def parse_year(raw: Any, today: dt.date | None = None) -> int:
    """A year from a query parameter (2000–2099); anything else is this year."""
    text = str(raw or "").strip()
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2099 else (today or clock.today()).year
