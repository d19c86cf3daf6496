"""Reads of 村财镇管: expenditures (scoped, filtered), the figures of any scope and period (count and amount, waiting
for signatures, waiting for payment, paid, the share of those above the limit that cite a decision, by category),
the 三资 registers with their totals, the place's public block (财务公开, no payee, no lessee) and the reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Count, DecimalField, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse

from dangjian.core.choices import OrgLevel, Role
from dangjian.core.filters import subtree_filter
from dangjian.core.models import Org
from dangjian.core.reminders import Reminder
from dangjian.core.scoping import get_scoped_or_404, scoped, subtree
from dangjian.orglife.rules import ratio_text
from dangjian.service import rules
from dangjian.service.choices import (
    AssetKind,
    AssetStatus,
    ExpenseCategory,
    ExpenseStatus,
    FundKind,
    ResourceKind,
    ResourceStatus,
)
from dangjian.service.models import (
    Asset,
    Expenditure,
    ExpenditureSignature,
    FundAccount,
    FundBalance,
    LeaseContract,
    LeasePayment,
    Resource,
)
from dangjian.villages.rules import wan_text

MONEY = DecimalField(max_digits=16, decimal_places=2)
ZERO = Decimal("0.00")
TABS = ("funds", "assets", "resources", "contracts")
CENT = Decimal("0.01")


def _cents(value: Decimal | None) -> Decimal:
    """Sums as money (SQLite's come back without their scale)."""
    return (value or ZERO).quantize(CENT)


def area_text(area: Decimal) -> str:
    """亩 as people write it: "35.5", "71" (no trailing zeros)."""
    text = f"{area.quantize(CENT):f}".rstrip("0").rstrip(".")
    return text or "0"


def townships(user: Any) -> QuerySet[Org]:
    return scoped(Org, user).filter(level=OrgLevel.TOWNSHIP, is_dissolved=False).order_by("path")


def _township_filter(queryset: QuerySet, value: Any) -> QuerySet:
    if value in (None, ""):
        return queryset
    town = Org.objects.filter(pk=int(value), level=OrgLevel.TOWNSHIP).first()
    return queryset.filter(**subtree("org_path", town.path)) if town else queryset.none()


class _PlaceFilter(django_filters.FilterSet):
    """The org (by code, with its subtree) and the township, shared by every list of the area."""

    org = django_filters.CharFilter(method="filter_org", label="村(社区)代码(含下级)")
    township = django_filters.ChoiceFilter(method="filter_township", label="所属乡镇(街道)")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = user if user is not None else getattr(self.request, "user", None)
        towns = list(townships(user).values_list("pk", "name")) if user is not None else []
        self.filters["township"].extra["choices"] = [(str(pk), name) for pk, name in towns]

    def filter_org(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset

    def filter_township(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return _township_filter(queryset, value)


class ExpenditureFilter(_PlaceFilter):
    status = django_filters.ChoiceFilter(choices=ExpenseStatus.choices, label="状态")
    category = django_filters.ChoiceFilter(choices=ExpenseCategory.choices, label="支出类别")
    since = django_filters.DateFilter(field_name="spent_on", lookup_expr="gte", label="支出日期起")
    until = django_filters.DateFilter(field_name="spent_on", lookup_expr="lte", label="支出日期止")
    above_limit = django_filters.BooleanFilter(field_name="above_limit", label="超过限额")
    search = django_filters.CharFilter(method="filter_search", label="用途或收款人")

    class Meta:
        model = Expenditure
        fields = ["org", "township", "status", "category", "since", "until", "above_limit", "search"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(purpose__contains=value) | Q(payee__contains=value)) if value else queryset


def expenditure_list(user: Any, params: Mapping[str, Any]) -> tuple[ExpenditureFilter, QuerySet[Expenditure]]:
    rows = scoped(Expenditure, user).select_related("org", "decision")
    filterset = ExpenditureFilter(params or None, queryset=rows, user=user)
    return filterset, filterset.qs.order_by("-spent_on", "-id")


def expenditure_detail(user: Any, pk: Any) -> Expenditure:
    return get_scoped_or_404(
        Expenditure.objects.select_related("org", "decision", "paid_by", "entered_by"), user, pk=pk
    )


def signatures_of(expenditure: Expenditure) -> list[ExpenditureSignature]:
    """Every signature given, the voided ones too (history), in order."""
    return list(
        ExpenditureSignature.objects.filter(expenditure=expenditure)
        .select_related("person", "signer")
        .order_by("signed_at", "id")
    )


# --- figures ------------------------------------------------------------------------------------------------


@dataclass
class CategoryRow:
    category: str
    label: str
    count: int = 0
    amount: Decimal = ZERO


@dataclass
class FinanceFigures:
    """Expenditures of a scope whose date lies in [since, until]."""

    since: dt.date
    until: dt.date
    count: int = 0
    amount: Decimal = ZERO
    signing: int = 0
    signing_amount: Decimal = ZERO
    payable: int = 0
    payable_amount: Decimal = ZERO
    paid: int = 0
    paid_amount: Decimal = ZERO
    returned: int = 0
    above_limit: int = 0
    above_with_decision: int = 0
    categories: list[CategoryRow] = field(default_factory=list)

    @property
    def decision_share(self) -> str:
        return ratio_text(self.above_with_decision, self.above_limit)

    @property
    def paid_share(self) -> str:
        return ratio_text(self.paid, self.count)

    @property
    def amount_wan(self) -> str:
        return wan_text(self.amount)


def finance_figures(rows: QuerySet[Expenditure], since: dt.date, until: dt.date) -> FinanceFigures:
    """The figures of already scoped (and org-filtered) expenditures over a period: three aggregate queries."""
    rows = rows.filter(spent_on__gte=since, spent_on__lte=until)
    figures = FinanceFigures(since=since, until=until)
    for row in rows.values("status").annotate(n=Count("id"), total=Sum("amount")).order_by():
        n, total = row["n"], _cents(row["total"])
        figures.count += n
        figures.amount += total
        if row["status"] == ExpenseStatus.SIGNING:
            figures.signing, figures.signing_amount = n, total
        elif row["status"] == ExpenseStatus.PAYABLE:
            figures.payable, figures.payable_amount = n, total
        elif row["status"] == ExpenseStatus.PAID:
            figures.paid, figures.paid_amount = n, total
        elif row["status"] == ExpenseStatus.RETURNED:
            figures.returned = n
    above = rows.filter(above_limit=True).aggregate(n=Count("id"), cited=Count("id", filter=Q(decision__isnull=False)))
    figures.above_limit, figures.above_with_decision = above["n"], above["cited"]
    by_category = {
        r["category"]: r for r in rows.values("category").annotate(n=Count("id"), total=Sum("amount")).order_by()
    }
    for value, label in ExpenseCategory.choices:
        r = by_category.get(value, {})
        figures.categories.append(CategoryRow(value, str(label), r.get("n", 0), _cents(r.get("total"))))
    return figures


def scope_figures(user: Any, *, org: Org | None, since: dt.date, until: dt.date) -> FinanceFigures:
    rows = scoped(Expenditure, user)
    if org is not None:
        rows = rows.filter(**subtree("org_path", org.path))
    return finance_figures(rows, since, until)


def signer_orgs(user: Any) -> list[int]:
    """The places where the account's person holds a post that signs (书记, 主任, other committee posts) today."""
    from dangjian.core import clock
    from dangjian.core.choices import PostTitle
    from dangjian.core.models import Post
    from dangjian.service.services.finance import OTHER_POSTS

    person = getattr(user, "person_id", None)
    if person is None:
        return []
    today = clock.today()
    titles = (PostTitle.SECRETARY, PostTitle.VILLAGE_DIRECTOR, *OTHER_POSTS)
    current = Q(term_start__lte=today) & (Q(term_end__isnull=True) | Q(term_end__gte=today))
    return list(Post.objects.filter(current, person_id=person, title__in=titles).values_list("org_id", flat=True))


def signable(user: Any) -> QuerySet[Expenditure]:
    """Expenditures waiting for signatures in the places where the account's person holds a post (a director with
    a member account sees them here, though the member's scope shows no finance)."""
    orgs = signer_orgs(user)
    if not orgs:
        return Expenditure.objects.none()
    return Expenditure.objects.filter(org_id__in=orgs, status=ExpenseStatus.SIGNING).select_related("org", "decision")


def visible_expenditure(user: Any, pk: Any) -> Expenditure:
    """An expenditure in the user's scope, or one of a place where the user signs (404 otherwise)."""
    from django.http import Http404

    base = Expenditure.objects.select_related("org", "decision", "paid_by", "entered_by")
    found = scoped(base, user).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None and str(pk).isdigit():
        found = base.filter(pk=pk, org_id__in=signer_orgs(user)).first()
    if found is None:
        raise Http404("对象不存在")
    return found


def waiting_signature(user: Any) -> QuerySet[Expenditure]:
    """Expenditures of the account's own village waiting for signatures (for its secretary or director)."""
    if getattr(user, "org_id", None) is None or getattr(user, "person_id", None) is None:
        return Expenditure.objects.none()
    return scoped(Expenditure, user).filter(org_id=user.org_id, status=ExpenseStatus.SIGNING)


def waiting_payment(user: Any) -> QuerySet[Expenditure]:
    """Signed expenditures waiting for the township to pay (township and county accounts)."""
    if getattr(user, "role", None) not in (Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN):
        return Expenditure.objects.none()
    return scoped(Expenditure, user).filter(status=ExpenseStatus.PAYABLE).exclude(org_id=user.org_id)


def reminders(user: Any, today: dt.date) -> list[Reminder]:
    url = reverse("service:finance_home")
    found = []
    if getattr(user, "role", None) in (Role.TOWNSHIP_ADMIN, Role.COUNTY_ADMIN):
        found.append(Reminder("村财镇管:待支付的支出", waiting_payment(user).count(), url + "?status=payable"))
    elif getattr(user, "role", None) == Role.BRANCH_SECRETARY:
        found.append(Reminder("村财镇管:待审签的支出", waiting_signature(user).count(), url + "?status=signing"))
        found.append(
            Reminder(
                "村财镇管:被退回的支出",
                scoped(Expenditure, user).filter(status=ExpenseStatus.RETURNED).count(),
                url + "?status=returned",
            )
        )
    return found


# --- 三资 registers -----------------------------------------------------------------------------------------


class FundFilter(_PlaceFilter):
    kind = django_filters.ChoiceFilter(choices=FundKind.choices, label="类型")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="账户名称")

    class Meta:
        model = FundAccount
        fields = ["org", "township", "kind", "search"]


class AssetFilter(_PlaceFilter):
    kind = django_filters.ChoiceFilter(choices=AssetKind.choices, label="资产类别")
    status = django_filters.ChoiceFilter(choices=AssetStatus.choices, label="状态")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="资产名称")

    class Meta:
        model = Asset
        fields = ["org", "township", "kind", "status", "search"]


class ResourceFilter(_PlaceFilter):
    kind = django_filters.ChoiceFilter(choices=ResourceKind.choices, label="资源类别")
    status = django_filters.ChoiceFilter(choices=ResourceStatus.choices, label="状态")
    search = django_filters.CharFilter(field_name="name", lookup_expr="contains", label="资源名称")

    class Meta:
        model = Resource
        fields = ["org", "township", "kind", "status", "search"]


class ContractFilter(_PlaceFilter):
    ending = django_filters.BooleanFilter(method="filter_ending", label="90天内到期")
    search = django_filters.CharFilter(method="filter_search", label="合同编号或承包方")

    class Meta:
        model = LeaseContract
        fields = ["org", "township", "ending", "search"]

    def filter_ending(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        from dangjian.core import clock

        today = clock.today()
        soon = Q(ends_on__gte=today, ends_on__lte=today + dt.timedelta(days=rules.CONTRACT_ENDING_DAYS))
        return queryset.filter(soon) if value else queryset.exclude(soon)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(Q(code__contains=value) | Q(lessee__contains=value)) if value else queryset


def with_latest_balance(accounts: QuerySet[FundAccount]) -> QuerySet[FundAccount]:
    latest = FundBalance.objects.filter(account=OuterRef("pk")).order_by("-month")
    return accounts.annotate(
        latest_month=Subquery(latest.values("month")[:1]),
        latest_balance=Subquery(latest.values("balance")[:1], output_field=MONEY),
    )


def with_received(contracts: QuerySet[LeaseContract]) -> QuerySet[LeaseContract]:
    total = (
        LeasePayment.objects.filter(contract=OuterRef("pk")).values("contract").annotate(t=Sum("amount")).values("t")
    )
    return contracts.annotate(received=Coalesce(Subquery(total, output_field=MONEY), Value(ZERO), output_field=MONEY))


def register_list(user: Any, tab: str, params: Mapping[str, Any]) -> tuple[Any, QuerySet]:
    """One register's filter and rows for the user's scope."""
    if tab == "funds":
        fs = FundFilter(
            params or None, queryset=with_latest_balance(scoped(FundAccount, user).select_related("org")), user=user
        )
        return fs, fs.qs.order_by("org_path", "name", "id")
    if tab == "resources":
        fs = ResourceFilter(params or None, queryset=scoped(Resource, user).select_related("org"), user=user)
        return fs, fs.qs.order_by("org_path", "name", "id")
    if tab == "contracts":
        rows = with_received(scoped(LeaseContract, user).select_related("org", "asset", "resource"))
        fs = ContractFilter(params or None, queryset=rows, user=user)
        return fs, fs.qs.order_by("ends_on", "id")
    fs = AssetFilter(params or None, queryset=scoped(Asset, user).select_related("org"), user=user)
    return fs, fs.qs.order_by("org_path", "name", "id")


def flag_contracts(contracts: list[LeaseContract], today: dt.date) -> list[LeaseContract]:
    """Mark each contract: ending within 90 days (`ending_soon`), rent received short of what is due (`overdue`)."""
    for contract in contracts:
        contract.ending_soon = rules.contract_ending_soon(contract.ends_on, today)
        contract.due = rules.rent_due(contract.starts_on, contract.ends_on, contract.annual_rent, today)
        received = getattr(contract, "received", None)
        if received is None:
            received = contract.payments.aggregate(t=Sum("amount"))["t"] or ZERO
            contract.received = received
        contract.overdue = rules.rent_overdue(contract.due, received)
        contract.flags = "、".join(
            text for text, on in (("90天内到期", contract.ending_soon), ("欠缴租金", contract.overdue)) if on
        )
    return contracts


@dataclass
class AssetTotals:
    """资产原值合计…万元, 资源面积…亩, 发包合同N份, 年租金…万元 (assets disposed of are not counted; contracts in force
    today)."""

    assets: int = 0
    asset_value: Decimal = ZERO
    resources: int = 0
    resource_area: Decimal = ZERO
    contracts: int = 0
    annual_rent: Decimal = ZERO
    funds: Decimal = ZERO
    ending_soon: int = 0

    @property
    def sentence(self) -> str:
        return (
            f"资产{self.assets}项,原值合计{wan_text(self.asset_value)};资源{self.resources}处,面积{area_text(self.resource_area)}亩;"
            f"发包(出租)合同{self.contracts}份,年租金{wan_text(self.annual_rent)}"
        )


def _totals(
    assets: QuerySet, resources: QuerySet, contracts: QuerySet, funds: QuerySet | None, today: dt.date
) -> AssetTotals:
    a = assets.exclude(status=AssetStatus.DISPOSED).aggregate(n=Count("id"), v=Sum("original_value"))
    r = resources.aggregate(n=Count("id"), area=Sum("area_mu"))
    running = contracts.filter(starts_on__lte=today, ends_on__gte=today)
    c = running.aggregate(
        n=Count("id"),
        rent=Sum("annual_rent"),
        soon=Count("id", filter=Q(ends_on__lte=today + dt.timedelta(days=rules.CONTRACT_ENDING_DAYS))),
    )
    totals = AssetTotals(
        assets=a["n"],
        asset_value=_cents(a["v"]),
        resources=r["n"],
        resource_area=_cents(r["area"]),
        contracts=c["n"],
        annual_rent=_cents(c["rent"]),
        ending_soon=c["soon"],
    )
    if funds is not None:
        latest = FundBalance.objects.filter(account=OuterRef("account")).order_by("-month").values("month")[:1]
        rows = FundBalance.objects.filter(account__in=funds.values("pk"), month=Subquery(latest))
        totals.funds = _cents(rows.aggregate(t=Sum("balance"))["t"])
    return totals


def asset_totals(user: Any, org: Org | None, today: dt.date) -> AssetTotals:
    def narrow(qs: QuerySet) -> QuerySet:
        return qs.filter(**subtree("org_path", org.path)) if org is not None else qs

    return _totals(
        narrow(scoped(Asset, user)),
        narrow(scoped(Resource, user)),
        narrow(scoped(LeaseContract, user)),
        narrow(scoped(FundAccount, user)),
        today,
    )


# --- public -------------------------------------------------------------------------------------------------


def _scalar(queryset: QuerySet, **aggregate: Any) -> Subquery:
    """One aggregate of a place's rows as a subquery (so a place's registers are summed in one query)."""
    ((name, expression),) = aggregate.items()
    return Subquery(queryset.values("org").annotate(**{name: expression}).values(name)[:1])


def place_totals(org: Org, today: dt.date) -> AssetTotals:
    """The 三资 summary of one place in a single query (assets not disposed of, contracts in force today)."""
    assets = Asset.objects.filter(org=OuterRef("pk")).exclude(status=AssetStatus.DISPOSED)
    resources = Resource.objects.filter(org=OuterRef("pk"))
    running = LeaseContract.objects.filter(org=OuterRef("pk"), starts_on__lte=today, ends_on__gte=today)
    row = (
        Org.objects.filter(pk=org.pk)
        .annotate(
            n_assets=_scalar(assets, n=Count("id")),
            asset_value=_scalar(assets, v=Sum("original_value")),
            n_resources=_scalar(resources, n=Count("id")),
            area=_scalar(resources, a=Sum("area_mu")),
            n_contracts=_scalar(running, n=Count("id")),
            rent=_scalar(running, r=Sum("annual_rent")),
        )
        .values("n_assets", "asset_value", "n_resources", "area", "n_contracts", "rent")
        .first()
        or {}
    )
    return AssetTotals(
        assets=row.get("n_assets") or 0,
        asset_value=_cents(row.get("asset_value")),
        resources=row.get("n_resources") or 0,
        resource_area=_cents(row.get("area")),
        contracts=row.get("n_contracts") or 0,
        annual_rent=_cents(row.get("rent")),
    )


def public_block(org: Org, today: dt.date) -> dict[str, Any] | None:
    """财务公开 of a place: this year's paid expenditures by month (date, purpose, category, amount, the decision it
    comes from — never the payee) with totals, and the 三资 summary (no lessee). None when there is nothing."""
    start = dt.date(today.year, 1, 1)
    paid = list(
        Expenditure.objects.filter(org=org, status=ExpenseStatus.PAID, spent_on__gte=start, spent_on__lte=today)
        .annotate(month=TruncMonth("spent_on"), decision_title=F("decision__title"))
        .order_by("-spent_on", "-id")
        .values("month", "spent_on", "purpose", "category", "amount", "decision_title")[:500]
    )
    labels = dict(ExpenseCategory.choices)
    months: dict[Any, dict[str, Any]] = {}
    for row in paid:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        entry = months.setdefault(month, {"month": month, "rows": [], "total": ZERO})
        row["category_label"] = labels.get(row["category"], row["category"])
        entry["rows"].append(row)
        entry["total"] += row["amount"]
    totals = place_totals(org, today)
    if not paid and not (totals.assets or totals.resources or totals.contracts):
        return None
    return {
        "year": today.year,
        "months": list(months.values()),
        "count": len(paid),
        "total": _cents(sum((r["amount"] for r in paid), ZERO)),
        "totals": totals,
        "has_registers": bool(totals.assets or totals.resources or totals.contracts),
    }
