"""Pages of 党群服务中心: the list with the 清零 and works figures, filters, export; a centre's page and forms; the
county's standard; the compliance check form; permissions (another village's secretary cannot edit)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from dangjian.core.models import AuditEntry
from dangjian.service.models import CentreCheck, CentreRoom, CentreStandardItem, ServiceCentre
from tests.core.pages import login, page
from tests.service.centres_world import centres_world

pytestmark = pytest.mark.django_db
LIST = reverse("service:centre_list")


@pytest.fixture(autouse=True)
def pinned(settings):
    settings.DANGJIAN_TODAY = dt.date(2025, 6, 10)


@pytest.fixture
def world(tree):
    return centres_world(tree)


def test_list_shows_figures_and_centres(client, tree, world):
    html = page(login(client, tree, "county").get(LIST))
    assert "李庄村党群服务中心" in html and "和平社区党群服务中心" in html
    assert "全县1个城市社区,已有1个建成并投入使用,0个正在升级改造,0个社区正在完善提升" in html
    assert "新建党员群众服务中心0个,改扩建0个,维修3个" in html
    assert "达标3个/5个 (60.0%)" in html


def test_list_filters_and_scope(client, tree, world):
    html = page(login(client, tree, "county").get(LIST, {"level": "community"}))
    assert "和平社区党群服务中心" in html and "李庄村党群服务中心" not in html
    html = page(client.get(LIST, {"search": "王庄"}))
    assert "王庄村党群服务中心" in html and "李庄村党群服务中心" not in html
    html = page(client.get(LIST, {"search": "没有这个"}))
    assert "暂无符合条件的党群服务中心" in html
    html = page(login(client, tree, "secretary_a2").get(LIST))
    assert "王庄村党群服务中心" in html and "李庄村党群服务中心" not in html


def test_export_opens_and_is_audited(client, tree, world):
    response = login(client, tree, "town_a").get(reverse("service:centre_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert set(names) == {"李庄村党群服务中心", "王庄村党群服务中心", "东城镇党群服务中心"}
    assert AuditEntry.objects.filter(action="export").exists()


def test_detail_and_forms(client, tree, world):
    centre = world[ServiceCentre][0]
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("service:centre_detail", args=[centre.pk])))
    assert "服务大厅" in html and "0395-8123401" in html and "维修" in html
    response = client.post(
        reverse("service:centre_room_create", args=[centre.pk]), {"kind": "other", "name": "", "area": ""}
    )
    assert "其他功能室请填写名称" in response.content.decode()
    response = client.post(reverse("service:centre_room_create", args=[centre.pk]), {"kind": "library", "area": "30"})
    assert response.status_code == 302 and CentreRoom.objects.filter(centre=centre, kind="library").exists()
    edit = reverse("service:centre_edit", args=[centre.pk])
    data = {"name": centre.name, "is_main": "on", "status": "in_use", "duty_phone": "13812345678"}
    html = client.post(edit, data).content.decode()
    assert "值班电话应为固定电话,手机号码不会在公开页面展示" in html
    assert client.post(edit, data | {"duty_phone": "0395-8888888"}).status_code == 302
    centre.refresh_from_db()
    assert centre.duty_phone == "0395-8888888"


def test_create_and_delete_with_confirmation(client, tree):
    login(client, tree, "secretary_a1")
    response = client.post(
        reverse("service:centre_create"),
        {"org_code": "V001", "name": "李庄村党群服务中心", "is_main": "on", "status": "in_use", "building_area": "320"},
    )
    assert response.status_code == 302
    centre = ServiceCentre.objects.get()
    assert centre.level == "village"
    delete = reverse("service:centre_delete", args=[centre.pk])
    assert "确认删除" in page(client.get(delete))
    assert ServiceCentre.objects.exists()
    assert client.post(delete).status_code == 302 and not ServiceCentre.objects.exists()


def test_another_village_cannot_edit_or_see(client, tree, world):
    centre = world[ServiceCentre][0]
    login(client, tree, "secretary_a2")
    assert client.get(reverse("service:centre_detail", args=[centre.pk])).status_code == 404
    assert client.get(reverse("service:centre_edit", args=[centre.pk])).status_code == 404


def test_standard_editor_for_the_county_only(client, tree, world):
    url = reverse("service:centre_standard")
    html = page(login(client, tree, "secretary_a1").get(url))
    assert "设有便民服务大厅" in html and "添加标准项" not in html
    assert client.post(url, {"text": "x", "position": "9"}).status_code == 403
    login(client, tree, "county")
    assert "添加标准项" in page(client.get(url))
    response = client.post(
        url, {"position": "4", "text": "设有图书室", "room_kind": "library", "required": "on", "is_active": "on"}
    )
    assert response.status_code == 302 and CentreStandardItem.objects.filter(text="设有图书室").exists()


def test_compliance_check_form(client, tree, world):
    centre = world[ServiceCentre][0]
    url = reverse("service:centre_check", args=[centre.pk])
    assert login(client, tree, "secretary_a1").get(url).status_code == 403
    login(client, tree, "town_a")
    html = page(client.get(url))
    assert "按台账判定" in html and "制度上墙、标识统一" in html
    manual = CentreStandardItem.objects.get(text="制度上墙、标识统一")
    response = client.post(url, {"year": "2025", "checked_on": "2025-06-10", "checker": "镇党建办", "note": ""})
    assert response.status_code == 302
    check = CentreCheck.objects.get(centre=centre, year=2025)
    assert (check.items_met, check.passed) == (2, False)
    client.post(url, {"year": "2025", "checked_on": "2025-06-10", f"met_{manual.pk}": "on"})
    check.refresh_from_db()
    assert check.passed
