"""Reads of 组织关系转接 and of the roll audit (组织关系排查清理); each starts from the user's scope."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import django_filters
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.http import Http404

from dangjian.core import clock
from dangjian.core.choices import BRANCH_KINDS, HISTORICAL_STANDINGS, MANAGER_ROLES, OrgLevel, Standing
from dangjian.core.filters import IntegerFilter
from dangjian.core.models import Org, Person, User
from dangjian.core.scoping import get_scoped_or_404, scope_of, scoped
from dangjian.members.choices import TransferKind, TransferStatus
from dangjian.members.models.transfers import Transfer, TransferSetting
from dangjian.members.services.transfers import setting_of

SIDE_CHOICES = [("out", "本单位转出(开具)"), ("in", "转入本单位(待接收)")]
ROLL_KINDS = {
    "no_branch": "未编入党支部的党员",
    "lost_contact": "失去联系的党员",
    "overdue": "长期未办结的组织关系转接",
    "pocket": "口袋党员",
}
ROLL_HELP = {
    "no_branch": "党员所在组织不是党支部(如直接挂在乡镇党委、党总支或党小组),应编入党支部。",
    "lost_contact": "党籍状态为失联的党员。",
    "overdue": "待接收的转接已超过办理期限或介绍信有效期。",
    "pocket": "转出本系统的介绍信超过有效期仍未收到回执,或从系统外转入的介绍信超过有效期仍未登记接收。",
}


def _overdue_q(today: dt.date) -> Q:
    return Q(status=TransferStatus.PENDING) & (Q(deadline__lt=today) | Q(valid_until__lt=today))


def _pocket_q(today: dt.date) -> Q:
    return Q(status=TransferStatus.PENDING, kind__in=[TransferKind.OUTGOING, TransferKind.INCOMING]) & Q(
        valid_until__lt=today
    )


def with_overdue(transfers: QuerySet[Transfer], today: dt.date) -> QuerySet[Transfer]:
    """Annotate `overdue`: pending past the deadline or the letter's validity (highlighted on the pages)."""
    return transfers.annotate(
        overdue=Case(When(_overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def townships_in_scope(user: Any) -> QuerySet[Org]:
    """The townships the user sees, for the township filter of the lists."""
    return scoped(Org, user).filter(level=OrgLevel.TOWNSHIP).order_by("path")


class OrgScopeFilterMixin(django_filters.FilterSet):
    """Filter by a township (a choice of those in scope) and by an org code (with its whole subtree)."""

    township = django_filters.NumberFilter(method="filter_township", label="乡镇(街道)")
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    path_fields: tuple[str, ...] = ("org_path",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        towns = list(townships_in_scope(user).values_list("pk", "name")) if user is not None else []
        self.form.fields["township"] = django_filters.fields.ChoiceField(
            label="乡镇(街道)", required=False, choices=[("", "全部"), *towns]
        )

    def _under(self, queryset: QuerySet, path: str) -> QuerySet:
        condition = Q()
        for field in self.path_fields:
            condition |= Q(**{f"{field}__startswith": path})
        return queryset.filter(condition)

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        if not value:
            return queryset
        town = Org.objects.filter(pk=value, level=OrgLevel.TOWNSHIP).only("path").first()
        return self._under(queryset, town.path) if town is not None else queryset.none()

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        org = Org.objects.filter(code=value.strip()).only("path").first()
        return self._under(queryset, org.path) if org is not None else queryset.none()


class TransferFilter(OrgScopeFilterMixin):
    search = django_filters.CharFilter(method="filter_search", label="姓名或介绍信编号")
    kind = django_filters.ChoiceFilter(choices=TransferKind.choices, label="转接类型")
    status = django_filters.ChoiceFilter(choices=TransferStatus.choices, label="状态")
    side = django_filters.ChoiceFilter(choices=SIDE_CHOICES, method="filter_side", label="方向")
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "已逾期"), ("false", "未逾期")], method="filter_overdue", label="是否逾期"
    )
    person = IntegerFilter(field_name="person_id", label="党员编号")
    path_fields = ("from_path", "to_path")

    class Meta:
        model = Transfer
        fields = ["search", "kind", "status", "side", "overdue", "township", "org", "person"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(person_name__contains=value) | Q(letter_no__contains=value)) if value else queryset

    def filter_side(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        scope = scope_of(getattr(self.request, "user", None))
        if scope.everything or not value:
            return queryset
        path = scope.path or ""
        if value == "out":
            return queryset.filter(
                Q(kind__in=[TransferKind.INTERNAL, TransferKind.OUTGOING], from_path__startswith=path)
            )
        return queryset.filter(kind__in=[TransferKind.INTERNAL, TransferKind.INCOMING], to_path__startswith=path)

    def filter_overdue(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return queryset
        condition = _overdue_q(self.today)
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)

    @property
    def today(self) -> dt.date:
        return clock.today()


def transfer_queryset(user: Any, today: dt.date) -> QuerySet[Transfer]:
    return with_overdue(scoped(Transfer, user).select_related("from_org", "to_org", "owner", "person"), today).order_by(
        "-issued_on", "-id"
    )


def transfer_list(user: Any, params: Mapping[str, Any], *, request: Any, today: dt.date) -> tuple[TransferFilter, Any]:
    filterset = TransferFilter(params or None, queryset=transfer_queryset(user, today), request=request)
    return filterset, filterset.qs


def pending_summary(user: Any, today: dt.date) -> dict[str, int]:
    """What waits on the user's side: letters to receive, and pending letters past their deadline or validity."""
    pending = scoped(Transfer, user).filter(status=TransferStatus.PENDING)
    scope = scope_of(user)
    to_receive = pending.filter(kind__in=[TransferKind.INTERNAL, TransferKind.INCOMING])
    if not scope.everything:
        to_receive = to_receive.filter(to_path__startswith=scope.path or "")
    return {"to_receive": to_receive.count(), "overdue": pending.filter(_overdue_q(today)).count()}


def transfer_detail(user: Any, pk: Any, today: dt.date) -> Transfer:
    return get_scoped_or_404(transfer_queryset(user, today), user, pk=pk)


def person_history(user: Any, pk: Any, today: dt.date) -> tuple[Person | None, str, list[Transfer]]:
    """A member's transfers that the user may see (the old branch still sees those it issued after the member
    left), and the member when still in scope."""
    transfers = list(transfer_queryset(user, today).filter(person_id=pk).order_by("issued_on", "id"))
    person = scoped(Person, user).select_related("org").filter(pk=pk).first()
    if person is None and not transfers:
        raise Http404("对象不存在")
    name = person.name if person is not None else transfers[-1].person_name
    return person, name, transfers


def owners_for(user: Any, org: Org | None = None) -> QuerySet[User]:
    """Accounts that may be named as the owner of a pending transfer: managers in the user's scope (over `org`)."""
    qs = scoped(User, user).filter(is_active=True, role__in=MANAGER_ROLES).select_related("org")
    if org is not None:
        qs = qs.filter(org__path__in=[org.path[:end] for end in range(Org.steplen, len(org.path) + 1, Org.steplen)])
    return qs.order_by("org__path", "username")


def people_to_pick(user: Any, search: str) -> QuerySet[Person]:
    """Members on the roll in scope, by name: the first step of issuing a letter or registering a mobile member."""
    qs = scoped(Person, user).exclude(standing__in=HISTORICAL_STANDINGS).select_related("org")
    search = (search or "").strip()
    if search:
        qs = qs.filter(name__contains=search)
    return qs.order_by("org_path", "id")


def setting_for_user(user: Any) -> tuple[Org | None, TransferSetting]:
    """The setting of the user's county (defaults when it has none)."""
    county_id = scope_of(user).county_id
    county = Org.objects.filter(pk=county_id).first() if county_id else None
    return county, setting_of(county.pk if county else None)


# --- the roll audit (组织关系排查清理) ----------------------------------------------------------------------


class RollPeopleFilter(OrgScopeFilterMixin):
    class Meta:
        model = Person
        fields = ["township", "org"]


class RollTransferFilter(OrgScopeFilterMixin):
    path_fields = ("from_path", "to_path")

    class Meta:
        model = Transfer
        fields = ["township", "org"]


def roll_people(user: Any, kind: str) -> QuerySet[Person]:
    people = scoped(Person, user).exclude(standing__in=HISTORICAL_STANDINGS).select_related("org")
    if kind == "no_branch":
        people = people.exclude(org__kind__in=BRANCH_KINDS)
    else:
        people = people.filter(standing=Standing.LOST_CONTACT)
    return people.order_by("org_path", "id")


def roll_transfers(user: Any, kind: str, today: dt.date) -> QuerySet[Transfer]:
    condition = _pocket_q(today) if kind == "pocket" else _overdue_q(today)
    return transfer_queryset(user, today).filter(condition).order_by("valid_until", "id")


def roll_list(user: Any, kind: str, params: Mapping[str, Any], *, request: Any, today: dt.date) -> QuerySet:
    """One list of the roll audit, filtered by township/org."""
    if kind in ("no_branch", "lost_contact"):
        return RollPeopleFilter(params or None, queryset=roll_people(user, kind), request=request).qs
    return RollTransferFilter(params or None, queryset=roll_transfers(user, kind, today), request=request).qs


def roll_counts(user: Any, params: Mapping[str, Any], *, request: Any, today: dt.date) -> dict[str, int]:
    return {kind: roll_list(user, kind, params, request=request, today=today).count() for kind in ROLL_KINDS}


@dataclass(frozen=True)
class RollRow:
    """One entry of the roll audit, whatever its list: the member, their org, what is wrong since when."""

    kind: str
    person_id: int | None
    person_name: str
    org: Org | None
    transfer: Transfer | None
    since: dt.date | None
    detail: str

    @property
    def kind_display(self) -> str:
        return ROLL_KINDS[self.kind]


def _transfer_detail_text(transfer: Transfer) -> str:
    if transfer.kind == TransferKind.OUTGOING:
        where = f"转往{transfer.external_org_name},未收到回执"
    elif transfer.kind == TransferKind.INCOMING:
        where = f"{transfer.external_org_name}转入,未登记接收"
    else:
        where = f"{transfer.from_org} → {transfer.to_org},待接收"
    dates = f"办理期限{transfer.deadline:%Y-%m-%d},有效期至{transfer.valid_until:%Y-%m-%d}"
    return f"介绍信{transfer.letter_no}({where}),{dates}"


def roll_rows(kind: str, items: Any) -> list[RollRow]:
    """Rows of one list for a page, the API or the export."""
    rows: list[RollRow] = []
    for item in items:
        if isinstance(item, Person):
            detail = f"所在组织为{item.org.get_kind_display()}" if kind == "no_branch" else "失去联系"
            since = item.standing_since if kind == "lost_contact" else None
            rows.append(RollRow(kind, item.pk, item.name, item.org, None, since, detail))
        else:
            org = item.to_org if item.kind == TransferKind.INCOMING else item.from_org
            rows.append(
                RollRow(
                    kind, item.person_id, item.person_name, org, item, item.valid_until, _transfer_detail_text(item)
                )
            )
    return rows
