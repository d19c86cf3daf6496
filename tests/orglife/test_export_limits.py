"""A detail export over the row limit is refused with a message asking for a narrower filter; under it, the file
comes. A county's ranking exports without the entries sheet, a branch's with it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from dangjian.core.io import tables
from tests.core.pages import login
from tests.orglife.points_world import points_world

pytestmark = pytest.mark.django_db


def test_entries_export_over_the_limit_asks_for_a_narrower_filter(tree, client, monkeypatch):
    points_world(tree)
    login(client, tree, "county")
    monkeypatch.setattr(tables, "EXPORT_ROW_LIMIT", 3)
    response = client.get(reverse("orglife:point_entries_export"), follow=True)
    assert response.redirect_chain and response.redirect_chain[-1][0].startswith(reverse("orglife:point_entries"))
    assert "超过单次导出上限3条" in response.content.decode()

    response = client.get(reverse("orglife:point_entries_export"), {"org": "V001"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row - 2 == 2  # caption, headers, then branch a1's two entries


def test_a_large_ranking_exports_without_its_entries(tree, client, monkeypatch):
    from dangjian.orglife.views import points as views

    points_world(tree)
    login(client, tree, "county")
    with_entries = openpyxl.load_workbook(io.BytesIO(client.get(reverse("orglife:points_export")).content))
    assert with_entries.sheetnames == ["积分排名", "积分明细"]
    monkeypatch.setattr(views, "RANKING_WITH_ENTRIES", 2)
    alone = openpyxl.load_workbook(io.BytesIO(client.get(reverse("orglife:points_export")).content))
    assert alone.sheetnames == ["积分排名"]
