"""Pages of 值班坐班: this week's coverage, a centre's month grid with uncovered and missed days, the entry and rota
forms, the phone sign-in page (own and 代签), the 无人值班 list, exports, settings."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from dangjian.service.models import DutyEntry, DutySign, ServiceCentre
from tests.core.pages import login, page
from tests.service.duty_world import duty_world

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 11)  # a Wednesday


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def world(tree):
    return duty_world(tree)


def centre_of(tree) -> ServiceCentre:
    return ServiceCentre.objects.get(org=tree.village_a1)


def test_home_shows_coverage_in_scope(client, tree, world):
    html = page(login(client, tree, "town_a").get(reverse("service:duty_home")))
    assert "李庄村党群服务中心" in html and "王庄村党群服务中心" in html and "和平社区" not in html
    assert "1/5" in html  # one of five workdays arranged this week
    assert "已签到 2/4 (50.0%)" in html


def test_month_grid_flags_uncovered_days(client, tree, world):
    centre = centre_of(tree)
    html = page(login(client, tree, "secretary_a1").get(reverse("service:duty_month", args=[centre.pk])))
    assert "李建华" in html and "赵志刚" in html and "无人值班 20 天" in html
    html = page(client.get(reverse("service:duty_month", args=[centre.pk]), {"month": "2025-05"}))
    assert "本月暂无值班安排" in html


def test_entry_form_refuses_a_mobile(client, tree, world):
    centre = centre_of(tree)
    login(client, tree, "secretary_a1")
    url = reverse("service:duty_entry_create", args=[centre.pk])
    data = {"date": "2025-06-12", "slot": "full_day", "kind": "sit", "name": "张秀兰", "phone": "13812345678"}
    assert "值班电话应为固定电话" in client.post(url, data).content.decode()
    assert client.post(url, data | {"phone": ""}).status_code == 302
    assert DutyEntry.objects.filter(name="张秀兰").exists()
    assert login(client, tree, "secretary_a2").get(url).status_code == 404


def test_rota_form_fills_the_month(client, tree, world):
    centre = centre_of(tree)
    login(client, tree, "secretary_a1")
    url = reverse("service:duty_rota", args=[centre.pk])
    data = {
        "first": "2025-06-01",
        "last": "2025-06-30",
        "weekdays": ["0", "1", "2", "3", "4"],
        "kind": "sit",
        "slot": "full_day",
        "cadres": "李建华 村党支部书记\n张秀兰 村委会主任",
    }
    assert client.post(url, data).status_code == 302
    assert DutyEntry.objects.filter(centre=centre, slot="full_day").count() == 21  # the 11th was arranged already


def test_sign_page_own_and_proxy(client, tree, world):
    member = tree.accounts["member_a1"]
    centre = centre_of(tree)
    own = DutyEntry.objects.create(
        county_id=centre.county_id,
        org_path=centre.org_path,
        centre=centre,
        date=TODAY,
        slot="night",
        person=member.person,
        name="值夜班干部",
    )
    login(client, tree, "member_a1")
    html = page(client.get(reverse("service:duty_sign")))
    assert "签到" in html and "代签到" not in html
    assert client.post(reverse("service:duty_sign_in", args=[own.pk])).status_code == 302
    assert DutySign.objects.get(entry=own).by_proxy is False
    other = DutyEntry.objects.filter(centre=centre, kind="lead").get()
    assert client.post(reverse("service:duty_sign_in", args=[other.pk])).status_code == 404
    login(client, tree, "secretary_a1")
    assert "代签到" in page(client.get(reverse("service:duty_sign")))
    client.post(reverse("service:duty_sign_in", args=[other.pk]))
    assert DutySign.objects.get(entry=other).by_proxy
    client.post(reverse("service:duty_sign_in", args=[other.pk]))
    assert DutySign.objects.filter(entry=other).count() == 1


def test_uncovered_list_and_exports(client, tree, world):
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:duty_uncovered"), {"first": "2025-06-09", "last": "2025-06-13"}))
    assert "李庄村党群服务中心" in html and "4天" in html
    response = client.get(reverse("service:duty_uncovered_export"), {"first": "2025-06-09", "last": "2025-06-13"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert {row[0] for row in rows} == {"李庄村党群服务中心", "王庄村党群服务中心"}
    centre = centre_of(tree)
    response = client.get(reverse("service:duty_month_export", args=[centre.pk]), {"month": "2025-06"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=3, values_only=True))
    assert {row[4] for row in rows} == {"李建华", "赵志刚"}
    assert "未签到" in {row[7] for row in rows}


def test_settings_for_the_county(client, tree, world):
    url = reverse("service:duty_settings")
    assert login(client, tree, "town_a").get(url).status_code == 403
    login(client, tree, "county")
    assert client.post(url, {"weekends_required": "on", "grace_minutes": "10"}).status_code == 302
    html = page(login(client, tree, "secretary_a1").get(reverse("service:duty_month", args=[centre_of(tree).pk])))
    assert "无人值班 29 天" in html
