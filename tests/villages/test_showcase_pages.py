"""示范点/示范带 pages: the map page with its table (filters, empty state, export), the map's JSON (scoped), a point
with photos and tours, belts and their order, confirmations before deleting, and the village overview (404 outside
scope)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages.models import ShowcaseBelt, ShowcasePhoto, ShowcasePoint, ShowcaseVisit
from tests.core.pages import login, page
from tests.villages.showcase_world import showcase_world

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 1)


def test_the_map_page_shows_the_table_and_loads_the_map_script(tree, client):
    showcase_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:showcase_map")))
    assert 'id="showcase-map"' in html and "villages/showcase.js" in html and "echarts.min.js" in html
    assert "李庄村党群服务中心示范点" in html and "王庄村产业园示范点" in html and "和平社区" not in html
    assert "4 个" in html and "4/4 (100.0%)" in html  # every point of town A lies on a belt
    assert "<script>" not in html  # no inline scripts (CSP)
    html = page(client.get(reverse("villages:showcase_map"), {"level": "city"}))
    assert "李庄村党群服务中心示范点" in html and "王庄村" not in html.split("<tbody>")[1]
    html = page(client.get(reverse("villages:showcase_map"), {"search": "没有这个"}))
    assert "暂无符合条件的示范点" in html


def test_an_empty_map_says_so(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("villages:showcase_map")))
    assert "暂无示范点" in html and "设立示范点" not in html


def test_the_map_json_is_scoped(tree, client):
    showcase_world(tree)
    login(client, tree, "secretary_a2")
    data = client.get(reverse("villages:showcase_map_data")).json()
    assert {p["village"] for p in data["points"]} == {"东城镇王庄村党支部"}
    assert [b["name"] for b in data["belts"]] == ["王庄村沿河示范带"] and "李庄村" not in str(data)
    assert client.get(reverse("villages:showcase_map_data"), {"level": "nope"}).status_code == 400


def test_the_export_opens_and_is_audited(tree, client):
    showcase_world(tree)
    login(client, tree, "town_a")
    response = client.get(reverse("villages:showcase_export"), {"township": tree.town_a.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("示范点名称", "所在组织", "所在乡镇")
    assert {r[0] for r in rows[2:]} == {
        "李庄村党群服务中心示范点",
        "李庄村产业园示范点",
        "王庄村党群服务中心示范点",
        "王庄村产业园示范点",
    }
    first = next(r for r in rows[2:] if r[0] == "李庄村党群服务中心示范点")
    assert first[2] == "东城镇党委" and first[4] == "市级" and first[7] == "李庄村沿河示范带" and first[10] == 1
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT).count() == 1
    login(client, tree, "member_a1")
    assert client.get(reverse("villages:showcase_export")).status_code == 403


def test_the_township_names_a_point_through_the_form(tree, client):
    login(client, tree, "town_a")
    url = reverse("villages:showcase_point_create")
    values = {"org_code": "V001", "name": "李庄村乡村振兴示范点", "theme": "revitalisation", "level": "county"}
    values |= {"year": "2026", "status": "named", "longitude": "140", "latitude": "33.8", "description": ""}
    html = page(client.post(url, values))
    assert "经度140不在我国境内" in html and not ShowcasePoint.objects.exists()
    response = client.post(url, values | {"longitude": "114.05"})
    point = ShowcasePoint.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("villages:showcase_point", args=[point.pk])
    login(client, tree, "secretary_a1")
    assert client.get(url).status_code == 403
    assert client.get(reverse("villages:showcase_point_edit", args=[point.pk])).status_code == 403


def test_a_point_page_with_photos_and_tours(tree, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = showcase_world(tree)
    point = world[ShowcasePoint][0]
    login(client, tree, "secretary_a1")
    detail = reverse("villages:showcase_point", args=[point.pk])
    html = page(client.get(detail))
    assert "共 1 次(观摩 1 次,现场会 0 次),参加 30 人次" in html and "暂无照片" in html
    upload = reverse("villages:showcase_photo_add", args=[point.pk])
    client.post(upload, {"image": SimpleUploadedFile("a.gif", b"GIF89a"), "caption": ""})
    assert "只能上传 jpg、png 或 webp 格式的图片" in page(client.get(detail))
    client.post(upload, {"image": SimpleUploadedFile("a.jpg", JPEG), "caption": "服务大厅"})
    photo = ShowcasePhoto.objects.get()
    served = client.get(reverse("villages:showcase_photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    delete = reverse("villages:showcase_photo_delete", args=[photo.pk])
    assert "确认删除" in page(client.get(delete)) and ShowcasePhoto.objects.exists()
    client.post(delete)
    assert not ShowcasePhoto.objects.exists()
    client.post(
        reverse("villages:showcase_visit_add", args=[point.pk]),
        {"kind": "onsite", "visited_on": "2026-05-20", "visitors": "120", "host": "市委组织部", "note": ""},
    )
    assert "共 2 次(观摩 1 次,现场会 1 次),参加 150 人次" in page(client.get(detail))
    visit = ShowcaseVisit.objects.get(visitors=120)
    remove = reverse("villages:showcase_visit_delete", args=[visit.pk])
    assert "确认删除" in page(client.get(remove))
    client.post(remove)
    assert ShowcaseVisit.objects.filter(point=point).count() == 1
    login(client, tree, "secretary_a2")
    assert client.get(detail).status_code == 404


def test_belts_list_detail_order_and_delete(tree, client):
    world = showcase_world(tree)
    belt = world[ShowcaseBelt][0]
    service, industry = world[ShowcasePoint]
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:showcase_belts")))
    assert "李庄村沿河示范带" in html and "王庄村沿河示范带" in html and "和平社区" not in html
    detail = reverse("villages:showcase_belt", args=[belt.pk])
    html = page(client.get(detail))
    assert html.index("李庄村党群服务中心示范点") < html.index("李庄村产业园示范点")
    client.post(detail, {"stop_0": industry.pk, "stop_1": service.pk})
    html = page(client.get(detail))
    assert html.index("李庄村产业园示范点") < html.index("李庄村党群服务中心示范点", html.index("belt-points"))
    assert "示范带至少应包含2个示范点" in page(client.post(detail, {"stop_0": industry.pk}))
    delete = reverse("villages:showcase_belt_delete", args=[belt.pk])
    assert "确认删除" in page(client.get(delete))
    client.post(delete)
    assert not ShowcaseBelt.objects.filter(pk=belt.pk).exists()
    login(client, tree, "secretary_a2")
    table = page(client.get(reverse("villages:showcase_belts"))).split("<tbody>")[1]
    assert "王庄村沿河示范带" in table and "李庄村" not in table


def test_the_village_page_shows_panels_and_is_scoped(tree, client):
    showcase_world(tree)
    login(client, tree, "secretary_a1")
    url = reverse("villages:village_detail", args=[tree.village_a1.pk])
    html = page(client.get(url, {"year": "2025"}))
    assert "东城镇李庄村党支部" in html and "李庄村党群服务中心示范点" in html and "2025年观摩及现场会" in html
    assert "东城镇党委" in html and "标注坐标" in html
    assert client.get(reverse("villages:village_detail", args=[tree.village_a2.pk])).status_code == 404
    assert client.get(reverse("villages:village_detail", args=[999999])).status_code == 404
    assert client.get(reverse("villages:village_detail", args=[tree.town_a.pk])).status_code == 404
    location = reverse("villages:showcase_location", args=[tree.village_a1.pk])
    html = page(client.post(location, {"longitude": "114.2", "latitude": "60"}))
    assert "纬度60不在我国境内" in html
    response = client.post(location, {"longitude": "114.2", "latitude": "33.9"})
    assert response.status_code == 302 and "东经114.200000,北纬33.900000" in page(client.get(url))
