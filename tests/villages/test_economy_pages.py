"""集体经济 pages: the report, the per-village list and its export, a village's years and the form."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from dangjian.core.models import AuditEntry, UnitYearFigure
from tests.core.pages import login, page
from tests.villages.economy_world import economy_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def test_report_page(client, tree):
    economy_world(tree)
    login(client, tree, "county")
    html = page(client.get("/villages/economy/?year=2025"))
    assert "示范县委 2025年度村级集体经济" in html
    assert "1个,占50.0%" in html  # hollow a1 of two villages; ≥20万: a2
    assert "28.2万元" in html  # 282000 元 in total
    assert "东城镇李庄村党支部" in html and "东城镇党委" in html
    assert "产业带动型" in html
    html = page(client.get("/villages/economy/?year=2024"))
    assert "暂无收入5万元以下的村" in html and "未填报2024年度收入的村(2个)" in html
    assert client.get("/villages/economy/?org=NOPE").status_code == 404


def test_village_list_and_export(client, tree):
    economy_world(tree)
    login(client, tree, "town_a")
    html = page(client.get("/villages/economy/villages/?year=2025&band=hollow"))
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" not in html
    assert "暂无符合条件的行政村" in page(client.get("/villages/economy/villages/?year=2025&band=100m"))
    response = client.get("/villages/economy/villages/export.xlsx?year=2025")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "村党组织"
    assert rows[2][0] == "东城镇李庄村党支部" and rows[2][4] == "5万元以下" and rows[2][6] == "产业带动型、土地经营型"
    assert AuditEntry.objects.filter(action="export").exists()
    login(client, tree, "secretary_a2")
    html = page(client.get("/villages/economy/villages/?year=2025"))
    assert "东城镇王庄村党支部" in html and "东城镇李庄村党支部" not in html


def test_village_form(client, tree):
    login(client, tree, "secretary_a1")
    pk = tree.village_a1.pk
    assert "暂无集体经济填报记录" in page(client.get(f"/villages/economy/villages/{pk}/"))
    html = page(client.get(f"/villages/economy/villages/{pk}/2025/"))
    assert "集体经济年收入(元)" in html
    response = client.post(f"/villages/economy/villages/{pk}/2025/", {"income": "-5"})
    assert response.status_code == 200 and "集体经济年收入" in response.content.decode()
    response = client.post(
        f"/villages/economy/villages/{pk}/2025/", {"income": "45000", "models": ["land", "tourism"], "note": "土地流转"}
    )
    assert response.status_code == 302
    assert UnitYearFigure.objects.get(unit__org=tree.village_a1, year=2025).collective_income == Decimal("45000")
    html = page(client.get(f"/villages/economy/villages/{pk}/"))
    assert "45000.00" in html and "乡村旅游型" in html
    assert client.get(f"/villages/economy/villages/{tree.village_a2.pk}/").status_code == 404
    login(client, tree, "member_a1")
    assert client.get(f"/villages/economy/villages/{pk}/2025/").status_code == 403
