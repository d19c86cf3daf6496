"""两新 coverage pages: figures and register with filters and export, the forms (organisation, instructor, assessment),
closing asks first, the instructors list, and scope."""

import datetime as dt
import io

import openpyxl
import pytest

from dangjian.villages.models import TwoNewAssessment, TwoNewOrganisation
from tests.core.pages import login, page
from tests.villages.twonew_world import twonew_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)
    return twonew_world(tree)


def test_home_figures_filters_and_export(client, tree, world):
    html = page(login(client, tree, "county").get("/villages/twonew/", {"year": 2025}))
    assert "2/2 (100.0%)" in html and "1/1 (100.0%)" in html  # every one has an instructor
    assert "有形覆盖:单独建立党组织" in html
    html = page(client.get("/villages/twonew/", {"kind": "social"}))
    assert "和平社区养老服务中心" in html and "李庄村宏达建材有限公司" not in html
    html = page(client.get("/villages/twonew/", {"breach": "true"}))
    assert "暂无符合条件的两新组织" in html
    response = client.get("/villages/twonew/export.xlsx", {"org": "T001"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["李庄村宏达建材有限公司", "王庄村绿源农业合作社"]


def test_scope(client, tree, world):
    organisation = world[TwoNewOrganisation][0]
    login(client, tree, "secretary_a2")
    assert client.get(f"/villages/twonew/{organisation.pk}/").status_code == 404
    assert "李庄村宏达建材有限公司" not in page(client.get("/villages/twonew/"))
    login(client, tree, "member_a1")
    assert client.get("/villages/twonew/").status_code == 403


def test_forms(client, tree, world):
    login(client, tree, "secretary_a1")
    response = client.post(
        "/villages/twonew/new/",
        {"org_code": "V001", "name": "李庄村顺发食品厂", "kind": "enterprise", "employees": 40,
         "formal_members": 5, "probationary_members": 1, "branch_status": "none"},
    )  # fmt: skip
    organisation = TwoNewOrganisation.objects.get(name="李庄村顺发食品厂")
    assert response.url == f"/villages/twonew/{organisation.pk}/"
    html = page(client.get(response.url))
    assert "正式党员5名,未单独建立党支部" in html
    html = page(client.post(f"/villages/twonew/{organisation.pk}/edit/", {"name": organisation.name, "kind": "enterprise",
        "employees": 40, "formal_members": 5, "probationary_members": 1, "branch_status": "own", "branch_code": ""}))  # fmt: skip
    assert "请选择所建立或纳入的党组织" in html
    client.post(f"/villages/twonew/{organisation.pk}/edit/", {"name": organisation.name, "kind": "enterprise",
        "employees": 40, "formal_members": 5, "probationary_members": 1, "branch_status": "own", "branch_code": "V001"})  # fmt: skip
    html = page(client.get(f"/villages/twonew/{organisation.pk}/"))
    assert "未单独建立" not in html and "党员名册3人" in html
    response = client.post(
        f"/villages/twonew/{organisation.pk}/instructors/new/", {"name": "赵指导", "from_unit": "县工商联"}
    )
    assert response.status_code == 302
    response = client.post(
        f"/villages/twonew/{organisation.pk}/assessment/",
        {"year": 2026, "items": ["activities", "secretary", "premises", "funds", "records", "role"]},
    )
    assert TwoNewAssessment.objects.get(organisation=organisation, year=2026).effective
    assert "确认注销" in page(client.get(f"/villages/twonew/{organisation.pk}/close/"))
    client.post(f"/villages/twonew/{organisation.pk}/close/")
    organisation.refresh_from_db()
    assert organisation.closed


def test_instructors_list_and_export(client, tree, world):
    html = page(login(client, tree, "town_a").get("/villages/twonew/instructors/"))
    assert "a1指导员" in html and "a2指导员" in html and "b1指导员" not in html
    response = client.get("/villages/twonew/instructors/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=3, values_only=True)) == ["a1指导员", "a2指导员"]


def test_settings_for_county_only(client, tree, world):
    login(client, tree, "town_a")
    assert client.get("/villages/twonew/settings/").status_code == 403
    login(client, tree, "county")
    assert client.post("/villages/twonew/settings/", {"effective_required": 4}).status_code == 302
