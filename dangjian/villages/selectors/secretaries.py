"""Reads of 第一书记 and 驻村工作队: the postings list, one posting's month of sign-ins, the county's presence list
against its rule (pro-rated for partial months and approved leave), and the figures (assigned, coverage of weak
villages, replacements with their reasons) for any scope and period."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from dangjian.core import clock
from dangjian.core.choices import ADMIN_ROLES
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped
from dangjian.members.selectors.transfers import OrgScopeFilterMixin
from dangjian.orglife.rules import ratio_text
from dangjian.villages import rules
from dangjian.villages.choices import LeaveStatus, PostingEndReason, PostingRole, PostingStatus, ReportStatus
from dangjian.villages.models import Posting, PostingLeave, PostingReport, PostingSignIn, SecretarySetting
from dangjian.villages.selectors import rectification
from dangjian.villages.selectors.common import panel_day, panel_link, village_q
from dangjian.villages.services.secretaries import setting_for


def _request_of(user: Any) -> Any:
    return SimpleNamespace(user=user)


class PostingFilter(OrgScopeFilterMixin):
    search = django_filters.CharFilter(method="filter_search", label="姓名或派出单位")
    status = django_filters.ChoiceFilter(choices=PostingStatus.choices, label="状态")
    role = django_filters.ChoiceFilter(choices=PostingRole.choices, label="身份")
    unit = django_filters.CharFilter(field_name="sending_unit", lookup_expr="contains", label="派出单位")
    pending = django_filters.BooleanFilter(method="filter_pending", label="有待审核的工作实绩")

    class Meta:
        model = Posting
        fields = ["township", "org", "search", "status", "role", "unit", "pending"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(sending_unit__contains=value)) if value else queryset

    def filter_pending(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        waiting = PostingReport.objects.filter(posting=OuterRef("pk"), status=ReportStatus.SUBMITTED)
        return queryset.filter(Exists(waiting)) if value else queryset.exclude(Exists(waiting))


class PresenceFilter(OrgScopeFilterMixin):
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="姓名")
    role = django_filters.ChoiceFilter(choices=PostingRole.choices, label="身份")
    unit = django_filters.CharFilter(field_name="sending_unit", lookup_expr="contains", label="派出单位")

    class Meta:
        model = Posting
        fields = ["township", "org", "search", "role", "unit"]


class SignInFilter(OrgScopeFilterMixin):
    posting = django_filters.NumberFilter(field_name="posting_id", label="驻村任职编号")
    since = django_filters.DateFilter(field_name="day", lookup_expr="gte", label="签到日期自")
    until = django_filters.DateFilter(field_name="day", lookup_expr="lte", label="签到日期至")

    class Meta:
        model = PostingSignIn
        fields = ["township", "org", "posting", "since", "until"]


class LeaveFilter(OrgScopeFilterMixin):
    posting = django_filters.NumberFilter(field_name="posting_id", label="驻村任职编号")
    status = django_filters.ChoiceFilter(choices=LeaveStatus.choices, label="状态")

    class Meta:
        model = PostingLeave
        fields = ["township", "org", "posting", "status"]


class ReportFilter(OrgScopeFilterMixin):
    posting = django_filters.NumberFilter(field_name="posting_id", label="驻村任职编号")
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label="状态")

    class Meta:
        model = PostingReport
        fields = ["township", "org", "posting", "status"]


# --- postings -----------------------------------------------------------------------------------------------


def postings(user: Any) -> QuerySet[Posting]:
    return scoped(Posting, user).select_related("org", "team", "person", "predecessor")


def posting_list(user: Any, params: Mapping[str, Any]) -> tuple[PostingFilter, QuerySet[Posting]]:
    filterset = PostingFilter(params or None, queryset=postings(user), request=_request_of(user))
    return filterset, filterset.qs.order_by("status", "org_path", "role", "-started_on", "id")


def posting_detail(user: Any, pk: Any) -> Posting:
    """A posting in scope, or the posted person's own (their account may sit at another org)."""
    own = my_postings(user, active=False).filter(pk=pk).first() if str(pk).isdigit() else None
    return own or get_scoped_or_404(postings(user), user, pk=pk)


def my_postings(user: Any, *, active: bool = True) -> QuerySet[Posting]:
    """The postings of the signed-in person (by the posting's account, or the account's person)."""
    if not getattr(user, "is_authenticated", False):
        return Posting.objects.none()
    mine = Q(account_id=user.pk)
    if getattr(user, "person_id", None):
        mine |= Q(person_id=user.person_id)
    rows = Posting.objects.filter(mine).select_related("org", "team")
    return rows.filter(status=PostingStatus.ACTIVE) if active else rows


def signin_list(user: Any, params: Mapping[str, Any]) -> tuple[SignInFilter, QuerySet[PostingSignIn]]:
    rows = scoped(PostingSignIn, user).select_related("posting__org")
    filterset = SignInFilter(params or None, queryset=rows, request=_request_of(user))
    return filterset, filterset.qs.order_by("-day", "id")


def leave_list(user: Any, params: Mapping[str, Any]) -> tuple[LeaveFilter, QuerySet[PostingLeave]]:
    rows = scoped(PostingLeave, user).select_related("posting__org")
    filterset = LeaveFilter(params or None, queryset=rows, request=_request_of(user))
    return filterset, filterset.qs.order_by("-starts_on", "id")


def report_list(user: Any, params: Mapping[str, Any]) -> tuple[ReportFilter, QuerySet[PostingReport]]:
    rows = scoped(PostingReport, user).select_related("posting__org")
    filterset = ReportFilter(params or None, queryset=rows, request=_request_of(user))
    return filterset, filterset.qs.order_by("-period", "id")


def signin_days(posting: Posting, month: dt.date) -> dict[dt.date, PostingSignIn]:
    first, last = rules.presence_month(month), rules.presence_month_end(month)
    rows = posting.signins.filter(day__gte=first, day__lte=last).order_by("day")
    return {row.day: row for row in rows}


def leave_days_in(leaves: list[PostingLeave], month: dt.date) -> set[dt.date]:
    """The days of approved leave inside a month."""
    first, last = rules.presence_month(month), rules.presence_month_end(month)
    days: set[dt.date] = set()
    for leave in leaves:
        if leave.status != LeaveStatus.APPROVED:
            continue
        day = max(leave.starts_on, first)
        while day <= min(leave.ends_on, last):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


# --- presence -----------------------------------------------------------------------------------------------


@dataclass
class Presence:
    posting: Posting
    month: dt.date
    days: int
    leave_days: int
    required: int
    available: int
    minimum: int

    @property
    def below(self) -> bool:
        return rules.presence_below(self.days, self.required)

    @property
    def text(self) -> str:
        return rules.presence_text(self.days, self.required, self.minimum)

    @property
    def id(self) -> int:
        return self.posting.pk


def presence_of(
    posting: Posting, month: dt.date, *, days: int, leave: set[dt.date], setting: SecretarySetting
) -> Presence:
    # a leave day inside the posting's days only
    inside = {d for d in leave if d >= posting.started_on and (posting.ended_on is None or d <= posting.ended_on)}
    excluded = len(inside) if setting.exclude_leave else 0
    required, available = rules.presence_required_days(
        setting.min_days, month, posting.started_on, posting.ended_on, excluded
    )
    return Presence(posting, rules.presence_month(month), days, len(inside), required, available, setting.min_days)


def month_presence(posting: Posting, month: dt.date) -> Presence:
    leaves = list(posting.leaves.filter(status=LeaveStatus.APPROVED))
    days = len(signin_days(posting, month))
    return presence_of(
        posting, month, days=days, leave=leave_days_in(leaves, month), setting=setting_for(posting.county_id)
    )


def postings_in_month(queryset: QuerySet[Posting], month: dt.date) -> QuerySet[Posting]:
    """Postings that covered at least one day of the month (whatever their status now)."""
    first, last = rules.presence_month(month), rules.presence_month_end(month)
    return queryset.filter(Q(started_on__lte=last) & (Q(ended_on__isnull=True) | Q(ended_on__gte=first)))


def presence_rows(
    user: Any, month: dt.date, params: Mapping[str, Any] | None = None, *, below: bool | None = None
) -> tuple[PresenceFilter, list[Presence]]:
    """Every posting of the month in scope with its days present against the county's rule; `below` keeps only those
    under (True) or meeting (False) it. Three queries whatever the size."""
    first, last = rules.presence_month(month), rules.presence_month_end(month)
    filterset = PresenceFilter(params or None, queryset=postings(user), request=_request_of(user))
    rows = list(postings_in_month(filterset.qs, month).order_by("org_path", "role", "id"))
    ids = [p.pk for p in rows]
    counts: dict[int, int] = {}
    leaves: dict[int, list[PostingLeave]] = {}
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        signins = PostingSignIn.objects.filter(posting_id__in=chunk, day__gte=first, day__lte=last)
        counts |= dict(signins.values("posting_id").annotate(n=Count("id")).values_list("posting_id", "n").order_by())
        for leave in PostingLeave.objects.filter(
            posting_id__in=chunk, status=LeaveStatus.APPROVED, starts_on__lte=last, ends_on__gte=first
        ):
            leaves.setdefault(leave.posting_id, []).append(leave)
    settings = {}
    found = []
    for posting in rows:
        setting = settings.get(posting.county_id)
        if setting is None:
            setting = settings[posting.county_id] = setting_for(posting.county_id)
        presence = presence_of(
            posting,
            month,
            days=counts.get(posting.pk, 0),
            leave=leave_days_in(leaves.get(posting.pk, []), month),
            setting=setting,
        )
        if below is None or presence.below == below:
            found.append(presence)
    if below:
        found.sort(key=lambda p: (p.days - p.required, p.posting.org_path, p.posting.pk))
    return filterset, found


# --- figures ------------------------------------------------------------------------------------------------


def _weak_ids(county_id: int | None, year: int) -> set[int] | None:
    """The villages the county listed as weak that year; None for an account above the counties."""
    if county_id is None:
        return None
    return rectification.listed_org_ids(county_id, year)


def figures(user: Any, since: dt.date, until: dt.date, org: Org | None = None) -> dict[str, Any]:
    """For the user's scope (or one org's subtree within it) and the period [since, until]: postings in place on
    `until`, the villages with a 第一书记 among all and among the weak ones, and the postings ended in the period
    with the reasons of the 撤换."""
    rows = scoped(Posting, user)
    villages = scoped(Org, user).filter(village_q())
    if org is not None:
        rows = rows.filter(org_path__startswith=org.path)
        villages = villages.filter(path__startswith=org.path)
    on_until = rows.filter(Q(started_on__lte=until) & (Q(ended_on__isnull=True) | Q(ended_on__gte=until)))
    by_role = dict(on_until.values("role").annotate(n=Count("id")).values_list("role", "n").order_by())
    covered = set(on_until.filter(role=PostingRole.FIRST_SECRETARY).values_list("org_id", flat=True))
    village_ids = set(villages.values_list("pk", flat=True))
    weak = _weak_ids(scope_of(user).county_id or (org.county_id if org else None), until.year)
    weak_in_scope = (weak & village_ids) if weak is not None else None
    ended = rows.filter(ended_on__gte=since, ended_on__lte=until)
    recalled = Counter(
        dict(
            ended.filter(status=PostingStatus.RECALLED)
            .values("end_reason")
            .annotate(n=Count("id"))
            .values_list("end_reason", "n")
            .order_by()
        )
    )
    labels = dict(PostingEndReason.choices)
    return {
        "since": since,
        "until": until,
        "first_secretaries": by_role.get(PostingRole.FIRST_SECRETARY, 0),
        "team_leaders": by_role.get(PostingRole.TEAM_LEADER, 0),
        "team_members": by_role.get(PostingRole.TEAM_MEMBER, 0),
        "assigned": sum(by_role.values()),
        "villages": len(village_ids),
        "covered": len(covered & village_ids),
        "coverage": ratio_text(len(covered & village_ids), len(village_ids)),
        "weak": None if weak_in_scope is None else len(weak_in_scope),
        "weak_covered": None if weak_in_scope is None else len(covered & weak_in_scope),
        "weak_coverage": None
        if weak_in_scope is None
        else ratio_text(len(covered & weak_in_scope), len(weak_in_scope)),
        "rotated": ended.filter(status=PostingStatus.ROTATED).count(),
        "recalled": sum(recalled.values()),
        "recalled_by_reason": {labels.get(k, k): n for k, n in recalled.items()},
        "recalled_text": rules.posting_replaced_text(dict(recalled), labels),
    }


# --- village overview ---------------------------------------------------------------------------------------


def panel(org: Org, user: Any, year: int) -> dict[str, Any] | None:
    """The 第一书记 and work-team members posted to the village in the month (this month, or the year's last) with
    their days present against the county's rule; None when nobody was posted then."""
    month = rules.presence_month(panel_day(year))
    _, rows = presence_rows(user, month, {"org": org.code})
    if not rows:
        return None
    current = month == rules.presence_month(clock.today())
    found = []
    for presence in rows:
        posting = presence.posting
        ended = "" if posting.status == PostingStatus.ACTIVE else f"({posting.get_status_display()})"
        text = presence.text if current else presence.text.replace("本月", f"{month.year}年{month.month}月", 1)
        found.append((f"{posting.get_role_display()} {posting.name}{ended}", text))
    return {
        "title": "第一书记和驻村工作队",
        "rows": found,
        "link": panel_link("villages:secretary_list", org=org.code),
        "link_label": "查看驻村干部",
    }


# --- reminders ----------------------------------------------------------------------------------------------


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    """For township and county administrators: reports awaiting review, last month's postings below the rule."""
    if getattr(user, "role", None) not in ADMIN_ROLES:
        return []
    found = []
    waiting = scoped(PostingReport, user).filter(status=ReportStatus.SUBMITTED).exclude(posting__org_id=user.org_id)
    count = waiting.count()
    if count:
        url = reverse("villages:secretary_list") + "?pending=true"
        found.append(Reminder("第一书记工作实绩待审核", count, url))
    last_month = rules.presence_month(today) - dt.timedelta(days=1)
    _, below = presence_rows(user, last_month, below=True)
    if below:
        url = reverse("villages:secretary_presence") + f"?month={last_month:%Y-%m}&below=true"
        found.append(Reminder(f"{last_month.month}月在村天数不足的驻村干部", len(below), url))
    return found
