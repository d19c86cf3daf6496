"""GET /api/v1/dues/quote/: the regulation's brackets, the county's farmer amount, Chinese errors."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from dangjian.core.models import AuditEntry
from dangjian.members.models import DuesSetting
from dangjian.members.services.dues import dues_setting_save

pytestmark = pytest.mark.django_db
URL = "/api/v1/dues/quote/"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    ("kind", "base", "rate", "monthly"),
    [
        ("employed", "3000", "0.005", "15.00"),
        ("employed", "3000.01", "0.010", "30.00"),
        ("employed", "10000", "0.015", "150.00"),
        ("employed", "10000.01", "0.020", "200.00"),
        ("retired", "5000", "0.005", "25.00"),
        ("retired", "5000.01", "0.010", "50.00"),
        ("student", "", None, "0.20"),
        ("unemployed", "", None, "0.20"),
        ("low_income", "", None, "0.20"),
        ("farmer", "", None, "0.20"),
    ],
)
def test_quote_follows_the_brackets(tree, kind, base, rate, monthly):
    response = client_for(tree.accounts["secretary_a1"]).get(URL, {"kind": kind, "base": base})
    assert response.status_code == 200
    body = response.json()
    assert (body["rate"], body["monthly"]) == (rate, monthly)


def test_farmer_amount_is_the_county_setting(tree):
    dues_setting_save(actor=tree.accounts["county"], county=tree.county, farmer_monthly=Decimal("0.5"))
    body = client_for(tree.accounts["secretary_a1"]).get(URL, {"kind": "farmer"}).json()
    assert body["monthly"] == "0.50"
    entry = AuditEntry.objects.filter(object_type="members.duessetting").get()
    assert entry.after["farmer_monthly"] == "0.50"


@pytest.mark.parametrize("amount", ["0.19", "1.01"])
def test_county_setting_outside_the_range_is_refused(tree, amount):
    with pytest.raises(ValidationError, match=r"0\.20至1\.00元"):
        dues_setting_save(actor=tree.accounts["county"], county=tree.county, farmer_monthly=Decimal(amount))
    assert not DuesSetting.objects.exists()


def test_only_the_county_department_sets_dues(tree):
    with pytest.raises(PermissionDenied):
        dues_setting_save(actor=tree.accounts["town_a"], county=tree.county, farmer_monthly=Decimal("0.5"))
    assert not DuesSetting.objects.exists()


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"kind": "employed"}, "base", "缴费基数"),
        ({"kind": "employed", "base": "abc"}, "base", "不是有效金额"),
        ({"kind": "employed", "base": "-1"}, "base", "负数"),
        ({"kind": "pensioner"}, "kind", "无效"),
    ],
)
def test_bad_input_answers_400_naming_the_field(tree, params, field, message):
    response = client_for(tree.accounts["member_a1"]).get(URL, params)
    assert response.status_code == 400
    assert message in response.json()[field][0]


def test_quote_needs_an_account(db):
    assert APIClient().get(URL, {"kind": "student"}).status_code == 401
