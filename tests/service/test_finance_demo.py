"""The demo builder of 村财镇管 on a small county: monthly expenditures that obey the limit and the joint sign-off,
registers for most places, and figures that add up."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from dangjian.core.choices import AuditAction, PostTitle
from dangjian.core.models import AuditEntry
from dangjian.core.services import post_create
from dangjian.service import rules
from dangjian.service.demo import finance
from dangjian.service.models import Asset, Expenditure, ExpenditureSignature, FundBalance, LeaseContract
from dangjian.service.selectors import finance as selectors
from tests.core.factories import make_org, make_person
from tests.service.finance_world import resolved_decision

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


def test_finance_demo(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    start = dt.date(2021, 1, 1)
    villages = [make_org(tree.town_a, f"V{n:03d}", f"东城镇第{n}村党支部") for n in range(10, 16)]
    for number, org in enumerate(villages):
        secretary, other = make_person(org), make_person(org)
        post_create(actor=None, person=secretary, org=org, title=PostTitle.SECRETARY, term_start=start)
        if number % 2:  # 一肩挑: another committee member signs for the director
            post_create(actor=None, person=secretary, org=org, title=PostTitle.VILLAGE_DIRECTOR, term_start=start)
            post_create(actor=None, person=other, org=org, title=PostTitle.COMMITTEE_MEMBER, term_start=start)
        else:
            post_create(actor=None, person=other, org=org, title=PostTitle.VILLAGE_DIRECTOR, term_start=start)
    decision = resolved_decision(villages[0], amount=Decimal("60000"), resolved_on=dt.date(2025, 3, 1))
    finance.build(tree.county, today=TODAY, rng=random.Random(3))
    rows = list(Expenditure.objects.all())
    assert 6 * 12 * 2 <= len(rows) <= 6 * 12 * 6
    assert {e.org_id for e in rows} == {v.pk for v in villages}  # places without signers get none
    for e in rows:
        assert e.spent_on <= TODAY
        assert not e.above_limit or e.decision_id is not None
        if e.status == "paid":
            roles = set(ExpenditureSignature.objects.filter(expenditure=e).values_list("role", flat=True))
            assert rules.pay_problem(roles) is None and e.paid_on >= e.spent_on
    cited = sum((e.amount for e in rows if e.decision_id == decision.pk), Decimal("0"))
    assert Decimal("0") < cited <= Decimal("60000")
    figures = selectors.scope_figures(tree.accounts["county"], org=None, since=dt.date(2025, 3, 1), until=TODAY)
    assert figures.count == len(rows) and figures.paid > figures.signing
    assert figures.above_limit == figures.above_with_decision
    assert Asset.objects.exists() and FundBalance.objects.exists()
    assert all(c.ends_on > c.starts_on for c in LeaseContract.objects.all())
    summary = AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="finance")
    assert summary.after["expenditures"] == len(rows)
