"""Reads of 上传下达 and 信息报送: notices sent in the user's scope, the inbox of the user's own org, the receipts of
a notice (who has not signed, overdue after the sign-by day), reports, and reports counted per org and period.

A notice is read by the orgs in the sender's scope and by every org it was sent to (through its receipt)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from dangjian.core import clock
from dangjian.core.filters import IntegerFilter, subtree_filter
from dangjian.core.models import Org
from dangjian.core.scoping import get_scoped_or_404, scoped, subtree
from dangjian.members.selectors.evaluation import YearFilter
from dangjian.orglife import rules
from dangjian.orglife.choices import NoticeReach, ReportKind, ReportStatus
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.selectors.volunteers import visible_get


def _org_filter(queryset: QuerySet, value: str) -> QuerySet:
    return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


def _overdue_q(today: dt.date) -> Q:
    """Receipts not signed after the sign-by day (the day itself is still in time)."""
    return Q(signed_at__isnull=True, notice__sign_by__lt=today)


class NoticeFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="发文组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="标题")
    reach = django_filters.ChoiceFilter(choices=NoticeReach.choices, label="下发范围")
    pending = django_filters.BooleanFilter(method="filter_pending", label="尚有未签收(true 是, false 已全部签收)")
    year = YearFilter(field_name="sent_at__year", label="年度")
    since = django_filters.DateFilter(field_name="sent_at__date", lookup_expr="gte", label="下发日期自")
    until = django_filters.DateFilter(field_name="sent_at__date", lookup_expr="lte", label="下发日期至")

    class Meta:
        model = Notice
        fields = ["org", "search", "reach", "pending", "year", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_pending(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        unsigned = Q(signed__lt=F("recipients"))
        return queryset.filter(unsigned) if value else queryset.exclude(unsigned)


class ReceiptFilter(django_filters.FilterSet):
    notice = IntegerFilter(field_name="notice_id", label="通知编号")
    org = django_filters.CharFilter(method="filter_org", label="接收组织代码(含全部下级)")
    search = django_filters.CharFilter(method="filter_search", label="接收组织名称或通知标题")
    signed = django_filters.BooleanFilter(method="filter_signed", label="已签收(true 已签收, false 未签收)")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="逾期未签收(过了签收期限仍未签收)")

    class Meta:
        model = NoticeReceipt
        fields = ["notice", "org", "search", "signed", "overdue"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(org__name__contains=value) | Q(notice__title__contains=value)) if value else queryset

    def filter_signed(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        return queryset if value is None else queryset.filter(signed_at__isnull=not value)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        overdue = _overdue_q(clock.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ReportFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="报送组织代码(含全部下级)")
    search = django_filters.CharFilter(field_name="title", lookup_expr="contains", label="标题")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="状态")
    kind = django_filters.ChoiceFilter(choices=ReportKind.choices, label="信息类别")
    year = YearFilter(field_name="submitted_at__year", label="年度")
    since = django_filters.DateFilter(field_name="submitted_at__date", lookup_expr="gte", label="报送日期自")
    until = django_filters.DateFilter(field_name="submitted_at__date", lookup_expr="lte", label="报送日期至")

    class Meta:
        model = InfoReport
        fields = ["org", "search", "status", "kind", "year", "since", "until"]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return _org_filter(queryset, value)


# --- notices ------------------------------------------------------------------------------------------------


def notices_visible(user: Any) -> QuerySet[Notice]:
    """Notices sent by orgs in the user's scope, and notices sent to an org in it."""
    received = scoped(NoticeReceipt, user).values("notice_id")
    return scoped(Notice, user) | Notice.objects.filter(pk__in=received)


def sent_list(user: Any, params: Mapping[str, Any]) -> tuple[NoticeFilter, QuerySet[Notice]]:
    """Notices sent by the orgs in the user's scope, newest first."""
    filterset = NoticeFilter(params or None, queryset=scoped(Notice, user).select_related("org"))
    return filterset, filterset.qs.order_by("-sent_at", "-id")


def notice_list(user: Any, params: Mapping[str, Any]) -> tuple[NoticeFilter, QuerySet[Notice]]:
    """Every notice the user reads: sent in scope or received by an org in scope (the API's list)."""
    filterset = NoticeFilter(params or None, queryset=notices_visible(user).select_related("org"))
    return filterset, filterset.qs.order_by("-sent_at", "-id")


def notice_detail(user: Any, pk: Any) -> Notice:
    return visible_get(notices_visible(user).select_related("org", "sent_by"), pk)


def _unsigned_first(receipts: QuerySet[NoticeReceipt]) -> QuerySet[NoticeReceipt]:
    return receipts.annotate(
        done=Case(When(signed_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    )


def inbox(user: Any, params: Mapping[str, Any]) -> tuple[ReceiptFilter, QuerySet[NoticeReceipt]]:
    """The notices addressed to the user's own org, unsigned first, newest first."""
    own = getattr(user, "org_id", None)
    receipts = scoped(NoticeReceipt, user).filter(org_id=own) if own else NoticeReceipt.objects.none()
    receipts = _unsigned_first(receipts.select_related("notice__org", "org", "signed_by"))
    filterset = ReceiptFilter(params or None, queryset=receipts)
    return filterset, filterset.qs.order_by("done", "-notice__sent_at", "-id")


def receipt_list(user: Any, params: Mapping[str, Any]) -> tuple[ReceiptFilter, QuerySet[NoticeReceipt]]:
    """Receipts in the user's scope (the API's list), unsigned first."""
    receipts = _unsigned_first(scoped(NoticeReceipt, user).select_related("notice__org", "org", "signed_by"))
    filterset = ReceiptFilter(params or None, queryset=receipts)
    return filterset, filterset.qs.order_by("done", "-notice__sent_at", "org_path", "id")


def notice_receipts(
    user: Any, notice: Notice, params: Mapping[str, Any]
) -> tuple[ReceiptFilter, QuerySet[NoticeReceipt]]:
    """A notice's receipts within the user's scope, who has not signed first."""
    receipts = _unsigned_first(
        scoped(NoticeReceipt, user).filter(notice=notice).select_related("notice", "org", "signed_by")
    )
    filterset = ReceiptFilter(params or None, queryset=receipts)
    return filterset, filterset.qs.order_by("done", "org_path", "id")


def receipt_detail(user: Any, pk: Any) -> NoticeReceipt:
    return get_scoped_or_404(NoticeReceipt.objects.select_related("notice__org", "org", "signed_by"), user, pk=pk)


def own_receipt(user: Any, notice: Notice) -> NoticeReceipt | None:
    """The receipt of the user's own org for this notice, if it was sent there."""
    own = getattr(user, "org_id", None)
    if not own:
        return None
    return scoped(NoticeReceipt, user).filter(notice=notice, org_id=own).select_related("org", "signed_by").first()


def receipt_counts(user: Any, notice: Notice) -> tuple[int, int, int]:
    """Signed, sent and overdue receipts of a notice within the user's scope."""
    receipts = scoped(NoticeReceipt, user).filter(notice=notice)
    totals = receipts.aggregate(
        total=Count("id"),
        signed=Count("id", filter=Q(signed_at__isnull=False)),
        overdue=Count("id", filter=_overdue_q(clock.today())),
    )
    return totals["signed"], totals["total"], totals["overdue"]


def inbox_pending(user: Any) -> int:
    """How many notices the user's own org has not signed yet."""
    own = getattr(user, "org_id", None)
    if not own:
        return 0
    return scoped(NoticeReceipt, user).filter(org_id=own, signed_at__isnull=True).count()


def decorate_receipts(receipts: list[NoticeReceipt], notice: Notice | None = None) -> list[NoticeReceipt]:
    """Overdue and late flags on a page of receipts (the sign-by day itself is in time)."""
    today = clock.today()
    for receipt in receipts:
        sign_by = (notice or receipt.notice).sign_by
        signed_on = timezone.localdate(receipt.signed_at) if receipt.signed_at else None
        receipt.overdue = rules.receipt_overdue(sign_by=sign_by, signed_on=signed_on, today=today)  # type: ignore[attr-defined]
        receipt.late = rules.signed_late(sign_by=sign_by, signed_on=signed_on)  # type: ignore[attr-defined]
    return receipts


# --- reports ------------------------------------------------------------------------------------------------


def report_list(user: Any, params: Mapping[str, Any]) -> tuple[ReportFilter, QuerySet[InfoReport]]:
    reports = scoped(InfoReport, user).select_related("org", "submitted_by", "reviewed_by")
    filterset = ReportFilter(params or None, queryset=reports)
    return filterset, filterset.qs.order_by("-submitted_at", "-id")


def report_detail(user: Any, pk: Any) -> InfoReport:
    return get_scoped_or_404(InfoReport.objects.select_related("org", "submitted_by", "reviewed_by"), user, pk=pk)


def reports_pending_review(user: Any) -> int:
    """Reports waiting for the user's review: submitted by orgs below the user's own org."""
    own = getattr(user, "org_id", None)
    reports = scoped(InfoReport, user).filter(status=ReportStatus.SUBMITTED)
    return reports.exclude(org_id=own).count() if own else reports.count()


@dataclass
class ReportCount:
    """Reports of one org (and, rolled up, its subtree) in a period."""

    org: Org
    own: bool = False  # the chosen org's own reports only (本级)
    submitted: int = 0
    adopted: int = 0
    filed: int = 0
    returned: int = 0
    pending: int = 0

    @property
    def id(self) -> int:
        return self.org.pk

    @property
    def rate(self) -> str:
        return rules.ratio_label(self.adopted, self.submitted)

    def add(self, status: str, count: int) -> None:
        self.submitted += count
        field = {
            ReportStatus.ADOPTED: "adopted",
            ReportStatus.FILED: "filed",
            ReportStatus.RETURNED: "returned",
            ReportStatus.SUBMITTED: "pending",
        }[ReportStatus(status)]
        setattr(self, field, getattr(self, field) + count)


COUNT_GROUPS = [("org", "各报送单位"), ("child", "直属下级汇总")]


def period_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A period's days as local datetimes [start, end)."""
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    return start, end


def count_period(params: Any, *, default_year: int | None) -> tuple[rules.Period | None, dict[str, str]]:
    """The period of the counts: a year, or a quarter or a month of it (`year`, `quarter`, `month`)."""
    errors: dict[str, str] = {}
    raw_year = (params.get("year") or "").strip()
    raw_quarter = (params.get("quarter") or "").strip()
    raw_month = (params.get("month") or "").strip()
    if raw_year and not (raw_year.isdigit() and 1900 <= int(raw_year) <= 2099):
        errors["year"] = f"年度“{raw_year}”无效,应为1900至2099之间的年份"
    if raw_quarter and not (raw_quarter.isdigit() and 1 <= int(raw_quarter) <= 4):
        errors["quarter"] = f"季度“{raw_quarter}”无效,应为1至4"
    if raw_month and not (raw_month.isdigit() and 1 <= int(raw_month) <= 12):
        errors["month"] = f"月份“{raw_month}”无效,应为1至12"
    if errors:
        return None, errors
    year = int(raw_year) if raw_year else default_year
    if year is None:
        if raw_quarter or raw_month:
            errors["year"] = "按季度或月份统计时请填写年度"
        return None, errors
    if raw_month:
        return rules.period_of(dt.date(year, int(raw_month), 1), "month"), errors
    if raw_quarter:
        return rules.period_of(dt.date(year, int(raw_quarter) * 3 - 2, 1), "quarter"), errors
    return rules.period_of(dt.date(year, 1, 1), "year"), errors


def report_counts(
    user: Any, org: Org | None, period: rules.Period | None, *, group: str = "org"
) -> tuple[ReportCount | None, list[ReportCount]]:
    """Reports submitted in the period under `org`: per submitting org ("org"), or per direct child org rolled up
    over its subtree plus a 本级 row ("child"); and the total. Adoption rate = adopted / submitted."""
    if org is None:
        return None, []
    reports = scoped(InfoReport, user).filter(**subtree("org_path", org.path))
    if period is not None:
        start, end = period_bounds(period.first, period.last)
        reports = reports.filter(submitted_at__gte=start, submitted_at__lt=end)
    rows = list(reports.values("org_id", "org_path", "status").annotate(n=Count("id")).order_by())
    total = ReportCount(org)
    for row in rows:
        total.add(row["status"], row["n"])
    if group == "child":
        children = [
            ReportCount(child)
            for child in scoped(Org, user).filter(depth=org.depth + 1, **subtree("path", org.path)).order_by("path")
        ]
        own = ReportCount(org, own=True)
        for row in rows:
            target = next((c for c in children if row["org_path"].startswith(c.org.path)), own)
            target.add(row["status"], row["n"])
        shown = sorted((c for c in children if c.submitted), key=_count_order)
        return total, ([own] if own.submitted else []) + shown
    orgs = Org.objects.in_bulk({row["org_id"] for row in rows})
    per_org: dict[int, ReportCount] = {}
    for row in rows:
        if row["org_id"] in orgs:
            per_org.setdefault(row["org_id"], ReportCount(orgs[row["org_id"]])).add(row["status"], row["n"])
    return total, sorted(per_org.values(), key=_count_order)


def _count_order(count: ReportCount) -> tuple[int, int, str]:
    return (-count.adopted, -count.submitted, count.org.path)
