"""财务公开 on a place's public page: this year's paid expenditures by month and the 三资 summary, with no payee,
no lessee, no voucher number, and nothing still waiting for signatures."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.service.models import Expenditure
from dangjian.service.services import finance as services
from tests.service.finance_world import LESSEES, PAYEES, finance_world, resolved_decision, signers

pytestmark = pytest.mark.django_db


def place(client, org):
    response = client.get(reverse("service:public_place", args=[org.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_place_shows_paid_expenditures_and_registers_without_names(client, tree):
    finance_world(tree)
    text = place(client, tree.village_a1)
    assert "财务公开" in text and "村内道路清扫误工补贴" in text and "860.00 元" in text
    assert "资源 1 处,面积 35.50 亩" in text and "年租金合计 21300.00 元" in text
    for name in (*PAYEES.values(), *LESSEES.values()):
        assert name not in text
    assert "记-a1-001" not in text  # the voucher number stays inside
    assert "村委会办公用品采购" not in text  # still waiting for signatures


def test_a_cited_decision_is_named_and_last_years_are_not_shown(client, tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 10)
    secretary, director = signers(tree.village_a2, "a2")
    decision = resolved_decision(tree.village_a2, title="村内排水沟整修", resolved_on=dt.date(2025, 12, 1))
    for spent_on, purpose, kwargs in (
        (dt.date(2026, 2, 3), "排水沟整修工程款", {"decision": decision, "amount": "30000"}),
        (dt.date(2025, 12, 30), "元旦慰问困难群众", {"amount": "900"}),
    ):
        e = services.expenditure_create(
            actor=None,
            org=tree.village_a2,
            spent_on=spent_on,
            purpose=purpose,
            category="works",
            payee="某工程队",
            **kwargs,
        )
        services.expenditure_sign(actor=secretary, expenditure=e)
        services.expenditure_sign(actor=director, expenditure=e)
        services.expenditure_pay(actor=None, expenditure=e, paid_on=spent_on, voucher_no="1")
    text = place(client, tree.village_a2)
    assert "依据四议两公开决议:村内排水沟整修" in text and "2月:1 笔,30000.00 元" in text
    assert "元旦慰问困难群众" not in text
    assert "某工程队" not in text


def test_a_place_with_nothing_shows_no_finance_block(client, tree):
    assert "财务公开" not in place(client, tree.community_b1)
    assert Expenditure.objects.count() == 0
