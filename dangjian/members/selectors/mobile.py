"""Reads of 流动党员: the list with each member's report schedule, the soft alerts, one member's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import Max, QuerySet

from dangjian.core import clock
from dangjian.core.filters import IntegerFilter
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members import rules
from dangjian.members.choices import MobileStatus, MobileSystem
from dangjian.members.models.transfers import MobileMember, MobileRecord, MobileReport
from dangjian.members.selectors.transfers import OrgScopeFilterMixin

ALERT_KINDS = {
    "report_overdue": "情况报告逾期",
    "should_transfer": "外出满6个月应转接",
    "certificate_check": "活动证应年检",
}
SHOULD_TRANSFER_MESSAGE = "外出已满6个月,应转接组织关系"
# The alert panel of a list shows this many; the alerts page shows them all, page by page.
ALERT_PANEL_SIZE = 10


@dataclass(frozen=True)
class MobileAlert:
    mobile: MobileMember
    kind: str
    message: str
    due_on: dt.date

    @property
    def kind_display(self) -> str:
        return ALERT_KINDS[self.kind]


@dataclass(frozen=True)
class Schedule:
    """Where a member stands with the soft rules today (nothing for a member who has returned)."""

    next_due: dt.date | None
    missed: int
    should_transfer: bool
    transfer_due_on: dt.date
    certificate_due: dt.date | None
    certificate_alert: bool

    @property
    def report_overdue(self) -> bool:
        return self.missed > 0


def schedule_of(mobile: MobileMember, today: dt.date, last_due: dt.date | None) -> Schedule:
    away = mobile.status == MobileStatus.AWAY
    every = mobile.report_every_months
    next_due = rules.next_report_due(left_on=mobile.left_on, every_months=every, last_due_on=last_due) if away else None
    missed = rules.reports_missed(left_on=mobile.left_on, every_months=every, last_due_on=last_due, today=today)
    certificate_due = rules.certificate_check_due(
        issued_on=mobile.certificate_issued_on, checked_on=mobile.certificate_checked_on
    )
    return Schedule(
        next_due=next_due,
        missed=missed if away else 0,
        should_transfer=away
        and rules.should_transfer(left_on=mobile.left_on, fixed_place=mobile.fixed_place, today=today),
        transfer_due_on=rules.should_transfer_on(mobile.left_on),
        certificate_due=certificate_due if away else None,
        certificate_alert=away and rules.certificate_check_alert(certificate_due, today),
    )


def alerts_of(mobile: MobileMember, schedule: Schedule) -> list[MobileAlert]:
    found: list[MobileAlert] = []
    if schedule.report_overdue and schedule.next_due is not None:
        message = f"情况报告已逾期{schedule.missed}期(应于{schedule.next_due:%Y-%m-%d}报告)"
        found.append(MobileAlert(mobile, "report_overdue", message, schedule.next_due))
    if schedule.should_transfer:
        found.append(MobileAlert(mobile, "should_transfer", SHOULD_TRANSFER_MESSAGE, schedule.transfer_due_on))
    if schedule.certificate_alert and schedule.certificate_due is not None:
        message = f"流动党员活动证应于{schedule.certificate_due:%Y-%m-%d}年检"
        found.append(MobileAlert(mobile, "certificate_check", message, schedule.certificate_due))
    return found


def with_schedule(mobiles: Iterable[MobileMember], today: dt.date) -> list[MobileMember]:
    """Attach `schedule` and `alerts` to each member (rows annotated by `mobile_queryset`)."""
    rows = list(mobiles)
    for mobile in rows:
        mobile.schedule = schedule_of(mobile, today, getattr(mobile, "last_due", None))  # type: ignore[attr-defined]
        mobile.alerts = alerts_of(mobile, mobile.schedule)  # type: ignore[attr-defined]
    return rows


def mobile_queryset(user: Any) -> QuerySet[MobileMember]:
    return (
        scoped(MobileMember, user)
        .select_related("person", "org", "host_org")
        .annotate(last_due=Max("reports__due_on"), last_submitted=Max("reports__submitted_on"))
        .order_by("org_path", "id")
    )


class MobileFilter(OrgScopeFilterMixin):
    search = django_filters.CharFilter(field_name="person__name", lookup_expr="contains", label="姓名")
    status = django_filters.ChoiceFilter(choices=MobileStatus.choices, label="状态")
    destination = django_filters.CharFilter(lookup_expr="contains", label="流入地")
    alert = django_filters.ChoiceFilter(choices=list(ALERT_KINDS.items()), method="filter_alert", label="提醒")
    person = IntegerFilter(field_name="person_id", label="党员编号")

    class Meta:
        model = MobileMember
        fields = ["search", "status", "destination", "alert", "township", "org", "person"]

    def filter_alert(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        today = clock.today()
        away = queryset.filter(status=MobileStatus.AWAY).select_related(None)
        ids = [m.pk for m in with_schedule(away, today) if any(a.kind == value for a in m.alerts)]  # type: ignore[attr-defined]
        return queryset.filter(pk__in=ids)


def mobile_list(user: Any, params: Mapping[str, Any], *, request: Any) -> tuple[MobileFilter, QuerySet[MobileMember]]:
    filterset = MobileFilter(params or None, queryset=mobile_queryset(user), request=request)
    return filterset, filterset.qs


def alerts(user: Any, params: Mapping[str, Any], *, request: Any, today: dt.date) -> list[MobileAlert]:
    """Soft alerts of the members away in scope (MOB-01/02, MOB-03, seed 001), narrowed by the list's filters
    (township, org, a kind of alert…); the most pressing (earliest due) first."""
    filterset = MobileFilter(params or None, queryset=mobile_queryset(user), request=request)
    away = filterset.qs.filter(status=MobileStatus.AWAY)
    kind = params.get("alert") or ""
    found = [
        alert
        for mobile in with_schedule(away, today)
        for alert in mobile.alerts  # type: ignore[attr-defined]
        if kind not in ALERT_KINDS or alert.kind == kind
    ]
    return sorted(found, key=lambda alert: (alert.due_on, alert.mobile.pk))


def alert_summary(found: list[MobileAlert]) -> dict[str, int]:
    counts = dict.fromkeys(ALERT_KINDS, 0)
    for alert in found:
        counts[alert.kind] += 1
    return counts


def mobile_detail(user: Any, pk: Any) -> MobileMember:
    return get_scoped_or_404(mobile_queryset(user), user, pk=pk)


def reports_of(mobile: MobileMember) -> QuerySet[MobileReport]:
    """Call with a member already read through scope."""
    return mobile.reports.order_by("-due_on", "-id")


def records_of(mobile: MobileMember) -> QuerySet[MobileRecord]:
    return mobile.records.order_by("-done_on", "-id")


def records_by_system(mobile: MobileMember) -> list[tuple[str, str, list[MobileRecord]]]:
    """The five systems of seed 001, each with its records (newest first)."""
    grouped: dict[str, list[MobileRecord]] = {value: [] for value in MobileSystem.values}
    for record in records_of(mobile):
        grouped[record.system].append(record)
    return [(value, str(label), grouped[value]) for value, label in MobileSystem.choices]
