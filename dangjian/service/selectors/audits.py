"""Reads of 村官直审: the rounds (published by the county to its subtree), the audited villages and findings in scope,
the rectification queue (overdue first), the figures for any scope and round or year (aggregate queries), and what
the public sees: each place's notices within their period, with counts only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse

from dangjian.core.choices import OrgDomain, OrgLevel
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, published_to, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.service import rules
from dangjian.service.choices import (
    AuditCategory,
    AuditConclusion,
    AuditFindingStatus,
    AuditRoundStatus,
    AuditSeverity,
)
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound


def _org_filter(queryset: QuerySet, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def townships(user: Any) -> QuerySet[Org]:
    return scoped(Org, user).filter(level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path")


def town_names(county_id: int | None) -> dict[str, str]:
    rows = Org.objects.filter(level=OrgLevel.TOWNSHIP)
    if county_id is not None:
        rows = rows.filter(county_id=county_id)
    return dict(rows.values_list("path", "name"))


class _TownshipFilterMixin:
    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if value in (None, ""):
            return queryset
        town = Org.objects.filter(pk=int(value), level=OrgLevel.TOWNSHIP).first()
        return queryset.filter(**subtree("org_path", town.path)) if town else queryset.none()


# --- rounds -------------------------------------------------------------------------------------------------


class RoundFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year", label="年度")
    status = django_filters.ChoiceFilter(choices=AuditRoundStatus.choices, label="状态")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="轮次名称")

    class Meta:
        model = VillageAuditRound
        fields = ["year", "status", "search"]


def rounds_visible(user: Any) -> QuerySet[VillageAuditRound]:
    """The rounds of the user's county, with how many villages they cover and how many are concluded."""
    return (
        published_to(VillageAuditRound, user)
        .select_related("org")
        .annotate(
            village_count=Count("audits", distinct=True),
            concluded_count=Count("audits", filter=~Q(audits__conclusion=""), distinct=True),
        )
        .order_by("-year", "-id")
    )


def round_list(user: Any, params: Mapping[str, Any]) -> tuple[RoundFilter, QuerySet[VillageAuditRound]]:
    filterset = RoundFilter(params or None, queryset=rounds_visible(user))
    return filterset, filterset.qs


def round_detail(user: Any, pk: Any) -> VillageAuditRound:
    try:
        return rounds_visible(user).get(pk=pk)
    except (VillageAuditRound.DoesNotExist, ValueError, TypeError):
        raise Http404("对象不存在") from None


# --- audited villages ---------------------------------------------------------------------------------------

CONCLUSION_FILTER = [("none", "未出结论"), *AuditConclusion.choices]


class AuditFilter(_TownshipFilterMixin, django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="所属乡镇(编号)")
    round = IntegerFilter(field_name="round_id", label="轮次编号")
    year = YearFilter(field_name="round__year", label="年度")
    conclusion = django_filters.ChoiceFilter(choices=CONCLUSION_FILTER, method="filter_conclusion", label="审计结论")
    search = django_filters.CharFilter(field_name="org__name", lookup_expr="contains", label="村(社区)名称")

    class Meta:
        model = VillageAudit
        fields = ["org", "township", "round", "year", "conclusion", "search"]

    def filter_conclusion(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        return queryset.filter(conclusion="" if value == "none" else value)


def _annotated(rows: QuerySet[VillageAudit]) -> QuerySet[VillageAudit]:
    notice = VillageAuditNotice.objects.filter(audit=OuterRef("pk")).values("published_on")[:1]
    return rows.select_related("org", "round").annotate(
        finding_count=Count("findings", distinct=True),
        rectified_count=Count("findings", filter=Q(findings__status=AuditFindingStatus.RECTIFIED), distinct=True),
        amount_total=Sum("findings__amount"),
        notice_on=Subquery(notice),
    )


def audit_list(user: Any, params: Mapping[str, Any]) -> tuple[AuditFilter, QuerySet[VillageAudit]]:
    filterset = AuditFilter(params or None, queryset=_annotated(scoped(VillageAudit, user)))
    return filterset, filterset.qs.order_by("-round__year", "round_id", "org_path", "id")


def audit_detail(user: Any, pk: Any) -> VillageAudit:
    return get_scoped_or_404(_annotated(VillageAudit.objects.all()).select_related("round__org"), user, pk=pk)


def audit_findings(audit_obj: VillageAudit) -> QuerySet[VillageAuditFinding]:
    return audit_obj.findings.order_by("category", "id")


def audit_notice(audit_obj: VillageAudit) -> VillageAuditNotice | None:
    return VillageAuditNotice.objects.filter(audit=audit_obj).first()


# --- findings and the rectification queue -------------------------------------------------------------------


def overdue_q(today: dt.date, prefix: str = "") -> Q:
    """The query form of `rules.audit_finding_overdue`."""
    return Q(**{f"{prefix}status": AuditFindingStatus.RECTIFYING, f"{prefix}deadline__lt": today})


class FindingFilter(_TownshipFilterMixin, django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    township = IntegerFilter(method="filter_township", label="所属乡镇(编号)")
    round = IntegerFilter(field_name="audit__round_id", label="轮次编号")
    audit = IntegerFilter(field_name="audit_id", label="审计对象编号")
    year = YearFilter(field_name="audit__round__year", label="年度")
    category = django_filters.ChoiceFilter(choices=AuditCategory.choices, label="问题类别")
    severity = django_filters.ChoiceFilter(choices=AuditSeverity.choices, label="严重程度")
    status = django_filters.ChoiceFilter(choices=AuditFindingStatus.choices, label="整改状态")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期未整改(true 仅这些)")
    search = django_filters.CharFilter(field_name="audit__org__name", lookup_expr="contains", label="村(社区)名称")

    class Meta:
        model = VillageAuditFinding
        fields = ["org", "township", "round", "audit", "year", "category", "severity", "status", "overdue", "search"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        from dangjian.core import clock

        q = overdue_q(clock.today())
        return queryset.filter(q) if value else queryset.exclude(q)


def finding_list(user: Any, params: Mapping[str, Any]) -> tuple[FindingFilter, QuerySet[VillageAuditFinding]]:
    rows = scoped(VillageAuditFinding, user).select_related("audit__org", "audit__round")
    filterset = FindingFilter(params or None, queryset=rows)
    return filterset, filterset.qs.order_by("audit__org_path", "id")


def queue(user: Any, params: Mapping[str, Any], today: dt.date) -> tuple[FindingFilter, QuerySet[VillageAuditFinding]]:
    """The findings still open after a conclusion (rectifying or awaiting verification): overdue first, then those
    awaiting verification, then by deadline."""
    filterset, rows = finding_list(user, params)
    rows = rows.filter(~Q(audit__conclusion="")).exclude(status=AuditFindingStatus.RECTIFIED)
    if params.get("status"):
        rows = filterset.qs.filter(~Q(audit__conclusion=""))
    rank = Case(
        When(overdue_q(today), then=Value(0)),
        When(status=AuditFindingStatus.REPORTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return filterset, rows.annotate(rank=rank).order_by("rank", "deadline", "audit__org_path", "id")


def finding_detail(user: Any, pk: Any) -> VillageAuditFinding:
    return get_scoped_or_404(VillageAuditFinding.objects.select_related("audit__org", "audit__round"), user, pk=pk)


class NoticeFilter(_TownshipFilterMixin, django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    round = IntegerFilter(field_name="audit__round_id", label="轮次编号")
    since = django_filters.DateFilter(field_name="published_on", lookup_expr="gte", label="公示日期自")
    until = django_filters.DateFilter(field_name="published_on", lookup_expr="lte", label="公示日期至")

    class Meta:
        model = VillageAuditNotice
        fields = ["org", "round", "since", "until"]


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class CategoryRow:
    value: str
    label: str
    findings: int = 0
    rectified: int = 0
    amount: Decimal = Decimal("0")

    @property
    def rectified_text(self) -> str:
        return rules.audit_rectified_text(self.rectified, self.findings)


@dataclass
class Tally:
    """The figures of one scope (the total, or one township)."""

    name: str = ""
    org_id: int | None = None
    planned: int = 0
    audited: int = 0
    clean: int = 0
    problems: int = 0
    referred: int = 0
    communities: int = 0
    findings: int = 0
    rectified: int = 0
    overdue: int = 0
    amount: Decimal = Decimal("0")

    @property
    def audited_text(self) -> str:
        return f"{self.audited}/{self.planned}"

    @property
    def rectified_text(self) -> str:
        return rules.audit_rectified_text(self.rectified, self.findings)


@dataclass
class Figures:
    scope_name: str
    total: Tally
    categories: list[CategoryRow] = field(default_factory=list)
    towns: list[Tally] = field(default_factory=list)

    @property
    def sentence(self) -> str:
        unit = "村(社区)" if self.total.communities else "行政村"
        return rules.audit_sentence(
            self.scope_name, self.total.planned, self.total.findings, self.total.rectified, unit
        )


def _scope_rows(model: type, user: Any, round_id: int | None, year: int | None, org: Org | None, prefix: str) -> Any:
    rows = scoped(model, user)
    if round_id is not None:
        rows = rows.filter(**{f"{prefix}round_id": round_id})
    if year is not None:
        rows = rows.filter(**{f"{prefix}round__year": year})
    if org is not None:
        rows = rows.filter(**subtree("org_path", org.path))
    return rows


def _scope_name(user: Any, org: Org | None) -> str:
    shown = org or getattr(user, "org", None)
    if shown is None:
        return "全县"
    return shown.name if shown.level == OrgLevel.GRASSROOTS else rules.scope_word(shown.name, shown.level)


AUDIT_AGGREGATES = {
    "planned": Count("id"),
    "audited": Count("id", filter=~Q(conclusion="")),
    "clean": Count("id", filter=Q(conclusion=AuditConclusion.CLEAN)),
    "problems": Count("id", filter=Q(conclusion__in=(AuditConclusion.RECTIFY, AuditConclusion.REFERRED))),
    "referred": Count("id", filter=Q(conclusion=AuditConclusion.REFERRED)),
    "communities": Count("id", filter=Q(org__domain=OrgDomain.COMMUNITY)),
}


def _finding_aggregates(today: dt.date) -> dict[str, Any]:
    return {
        "findings": Count("id"),
        "rectified": Count("id", filter=Q(status=AuditFindingStatus.RECTIFIED)),
        "overdue": Count("id", filter=overdue_q(today)),
        "amount": Sum("amount"),
    }


def figures(
    user: Any, today: dt.date, *, round_id: int | None = None, year: int | None = None, org: Org | None = None
) -> Figures:
    """The figures of a round (or every round of a year, or all) for the user's scope or an org's subtree: villages
    audited of planned, clean / with problems / referred, findings by category with amounts and the rectified share,
    overdue findings; in total and per township. A few aggregate queries whatever the size."""
    audits = _scope_rows(VillageAudit, user, round_id, year, org, "")
    findings = _scope_rows(VillageAuditFinding, user, round_id, year, org, "audit__")
    total = Tally(name=org.name if org is not None else "合计")
    for key, value in audits.aggregate(**AUDIT_AGGREGATES).items():
        setattr(total, key, value or 0)
    for key, value in findings.aggregate(**_finding_aggregates(today)).items():
        setattr(total, key, value or (Decimal("0") if key == "amount" else 0))
    by_category = {row["category"]: row for row in findings.values("category").annotate(**_finding_aggregates(today))}
    categories = []
    for value, label in AuditCategory.choices:
        row = by_category.get(value, {})
        categories.append(
            CategoryRow(
                value,
                str(label),
                row.get("findings", 0),
                row.get("rectified", 0),
                row.get("amount") or Decimal("0"),
            )
        )
    towns = {t.path: Tally(name=t.name, org_id=t.pk) for t in townships(user)}
    if org is not None:
        towns = {path: t for path, t in towns.items() if path.startswith(org.path) or org.path.startswith(path)}
    lengths = {len(path) for path in towns}
    if len(lengths) == 1:
        length = lengths.pop()
        cut = Substr("org_path", 1, length)
        for row in audits.annotate(town=cut).values("town").annotate(**AUDIT_AGGREGATES):
            tally = towns.get(row["town"])
            if tally is not None:
                for key in AUDIT_AGGREGATES:
                    setattr(tally, key, row[key] or 0)
        for row in findings.annotate(town=cut).values("town").annotate(**_finding_aggregates(today)):
            tally = towns.get(row["town"])
            if tally is not None:
                for key in ("findings", "rectified", "overdue"):
                    setattr(tally, key, row[key] or 0)
                tally.amount = row["amount"] or Decimal("0")
    shown = [t for t in towns.values() if t.planned]
    return Figures(scope_name=_scope_name(user, org), total=total, categories=categories, towns=shown)


# --- public -------------------------------------------------------------------------------------------------


@dataclass
class PublicNotice:
    """What a notice shows the public: no names, no referral, only the round, the conclusion text and counts."""

    pk: int
    org_id: int
    round_name: str
    body: str
    period_start: dt.date
    period_end: dt.date
    published_on: dt.date
    last_day: dt.date
    conclusion: str
    text: str
    findings: int
    rectified: int
    categories: list[tuple[str, int, int]]

    @property
    def rectified_text(self) -> str:
        return rules.audit_rectified_text(self.rectified, self.findings)


def _public_notices(notices: QuerySet[VillageAuditNotice]) -> list[PublicNotice]:
    rows = list(
        notices.select_related("audit__round").only(
            "pk",
            "org_id",
            "audit_id",
            "published_on",
            "last_day",
            "text",
            "audit__conclusion",
            "audit__round__name",
            "audit__round__body",
            "audit__round__body_name",
            "audit__round__period_start",
            "audit__round__period_end",
        )
    )
    if not rows:
        return []
    counts: dict[int, dict[str, tuple[int, int]]] = {}
    for row in (
        VillageAuditFinding.objects.filter(audit_id__in=[n.audit_id for n in rows])
        .values("audit_id", "category")
        .annotate(n=Count("id"), done=Count("id", filter=Q(status=AuditFindingStatus.RECTIFIED)))
    ):
        counts.setdefault(row["audit_id"], {})[row["category"]] = (row["n"], row["done"])
    labels = dict(AuditCategory.choices)
    found = []
    for notice in rows:
        round_ = notice.audit.round
        by_category = counts.get(notice.audit_id, {})
        conclusion = notice.audit.conclusion
        found.append(
            PublicNotice(
                pk=notice.pk,
                org_id=notice.org_id,
                round_name=round_.name,
                body=round_.body_name or round_.get_body_display(),
                period_start=round_.period_start,
                period_end=round_.period_end,
                published_on=notice.published_on,
                last_day=notice.last_day,
                # 移交纪检 is internal: the public reads that problems were found and are being dealt with.
                conclusion="无问题" if conclusion == AuditConclusion.CLEAN else "发现问题,已责成整改",
                text=notice.text,
                findings=sum(n for n, _ in by_category.values()),
                rectified=sum(d for _, d in by_category.values()),
                categories=[(str(labels[c]), *by_category[c]) for c in AuditCategory.values if c in by_category],
            )
        )
    return found


def _within(today: dt.date) -> Q:
    return Q(published_on__lte=today, last_day__gte=today)


def public_block(org: Org, today: dt.date) -> dict[str, Any] | None:
    """The place's audit notices within their period (two queries); None when there is none."""
    notices = _public_notices(
        VillageAuditNotice.objects.filter(_within(today), org=org).order_by("-published_on", "-id")[:5]
    )
    if not notices:
        return None
    return {"notices": notices}


def public_notice(pk: int, today: dt.date) -> PublicNotice:
    """One notice for its public page; 404 outside its period (as for a missing one)."""
    found = _public_notices(VillageAuditNotice.objects.filter(_within(today), pk=pk))
    if not found:
        raise Http404("公示不存在或已过公示期")
    return found[0]


# --- village overview and reminders -------------------------------------------------------------------------


def last_round_year(user: Any) -> int | None:
    return published_to(VillageAuditRound, user).aggregate(year=Max("year"))["year"]


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """Overdue findings (the village and its township); rectifications awaiting verification (administrators)."""
    page = reverse("service:audit_queue")
    found = [
        Reminder(
            "村官直审问题逾期未整改",
            scoped(VillageAuditFinding, user).filter(overdue_q(today)).count(),
            f"{page}?overdue=true",
        )
    ]
    if getattr(user, "role", None) in ("county_admin", "township_admin"):
        waiting = scoped(VillageAuditFinding, user).filter(status=AuditFindingStatus.REPORTED).count()
        found.append(Reminder("村官直审整改结果待核实", waiting, f"{page}?status={AuditFindingStatus.REPORTED}"))
    return found
