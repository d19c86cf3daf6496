"""示范点/示范带 services: the level above names points (a village does not name itself, another township sees
nothing), coordinates within China, photos checked by type and size, belts ordered with one belt per point, tours
counted, every write audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.choices import AuditAction, Role
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme, VisitKind
from dangjian.villages.models import ShowcaseBelt, ShowcasePhoto, ShowcasePoint, ShowcaseVisit
from dangjian.villages.selectors import showcase as selectors
from dangjian.villages.services import showcase as services
from tests.core.factories import make_account, make_org
from tests.villages.showcase_world import showcase_world

pytestmark = pytest.mark.django_db
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100
TYPE_POINT, TYPE_BELT = "villages.showcasepoint", "villages.showcasebelt"
TYPE_PHOTO, TYPE_LOCATION = "villages.showcasephoto", "villages.villagelocation"


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 6, 1)


def make_point(org, actor=None, **overrides):
    values = {"actor": actor, "org": org, "name": "党群服务中心示范点", "theme": ShowcaseTheme.SERVICE, "year": 2025}
    return services.point_create(**values | overrides)


def errors_of(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_the_township_names_a_point_and_the_audit_trail_keeps_it(tree):
    point = make_point(tree.village_a1, tree.accounts["town_a"], longitude=Decimal("114.1"), latitude=Decimal("33.8"))
    assert (point.county_id, point.org_path, point.status) == (tree.county.pk, tree.village_a1.path, "cultivating")
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type=TYPE_POINT, object_id=str(point.pk))
    assert entry.after["name"] == "党群服务中心示范点" and entry.after["longitude"] == "114.1"


def test_a_village_cannot_name_itself_nor_another_township(tree):
    with pytest.raises(PermissionDenied, match="示范点由上级党组织确定"):
        make_point(tree.village_a1, tree.accounts["secretary_a1"])
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    with pytest.raises(PermissionDenied):
        make_point(tree.village_a1, town_b)
    assert make_point(tree.community_b1, town_b).org == tree.community_b1


def test_point_validation_messages(tree):
    errors = errors_of(lambda: make_point(tree.village_a1, name=" ", theme="x", year=2027))
    assert errors == {
        "name": ["请填写示范点名称"],
        "theme": ["请选择示范主题"],
        "year": ["命名年度应在1949年至2026年之间"],
    }
    assert make_point(tree.village_a1, year=2026).year == 2026  # this year is the last allowed
    errors = errors_of(lambda: make_point(tree.village_a1, name="党群服务中心示范点", year=2026))
    assert errors == {"name": ["东城镇李庄村党支部已有名为“党群服务中心示范点”的示范点"]}
    errors = errors_of(lambda: make_point(tree.village_a2, longitude=Decimal("136.000001"), latitude=Decimal("33")))
    assert errors == {"longitude": ["经度136.000001不在我国境内(应在东经73°至136°之间)"]}
    assert make_point(tree.village_a2, longitude=Decimal("136"), latitude=Decimal("54")).placed


def test_update_changes_status_and_revoking_leaves_the_belt(tree):
    points = [make_point(tree.village_a1, name=f"示范点{i}") for i in range(3)]
    belt = services.belt_create(actor=None, org=tree.town_a, name="107国道沿线示范带", points=points)
    services.point_update(actor=tree.accounts["county"], point=points[0], status=ShowcaseStatus.REVOKED)
    orders = dict(ShowcasePoint.objects.filter(belt=belt).values_list("name", "belt_order"))
    assert orders == {"示范点1": 1, "示范点2": 2}
    assert ShowcasePoint.objects.get(pk=points[0].pk).belt is None
    with pytest.raises(PermissionDenied):
        services.point_update(actor=tree.accounts["secretary_a1"], point=points[1], level=ShowcaseLevel.PROVINCE)
    errors = errors_of(lambda: services.point_update(actor=None, point=points[1], org=tree.village_a2))
    assert errors == {"org": ["该项目不能在此修改"]}


def test_belts_keep_their_order_and_a_point_lies_on_one_belt(tree):
    a, b, c, d = (make_point(tree.village_a1, name=f"点{i}") for i in "abcd")
    belt = services.belt_create(actor=tree.accounts["town_a"], org=tree.town_a, name="沿河示范带", points=[c, a, b])
    assert [p.name for p in selectors.belt_points(belt)] == ["点c", "点a", "点b"]
    errors = errors_of(lambda: services.belt_create(actor=None, org=tree.town_a, name="第二条示范带", points=[d, a]))
    assert errors == {"points": ["所选示范点已属于示范带“沿河示范带”,一个示范点只能属于一条示范带"]}
    assert not ShowcaseBelt.objects.filter(name="第二条示范带").exists()
    services.belt_set_points(actor=None, belt=belt, points=[b, d])
    assert [p.name for p in selectors.belt_points(belt)] == ["点b", "点d"]
    assert ShowcasePoint.objects.get(pk=a.pk).belt_id is None
    errors = errors_of(lambda: services.belt_set_points(actor=None, belt=belt, points=[b]))
    assert errors == {"points": ["示范带至少应包含2个示范点"]}
    errors = errors_of(lambda: services.belt_set_points(actor=None, belt=belt, points=[b, d, b]))
    assert errors == {"points": ["同一示范点在示范带中只能出现一次"]}
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type=TYPE_BELT).latest("id")
    assert entry.before == {"points": [c.pk, a.pk, b.pk]} and entry.after == {"points": [b.pk, d.pk]}


def test_belt_points_must_lie_under_its_org_and_be_named(tree):
    a1 = make_point(tree.village_a1, name="甲")
    a2 = make_point(tree.village_a2, name="乙")
    b1 = make_point(tree.community_b1, name="丙")
    errors = errors_of(
        lambda: services.belt_create(actor=None, org=tree.village_a1, name="村内示范带", points=[a1, a2])
    )
    assert errors == {"points": ["示范点“乙”不在东城镇李庄村党支部范围内"]}
    services.point_update(actor=None, point=b1, status=ShowcaseStatus.REVOKED)
    errors = errors_of(lambda: services.belt_create(actor=None, org=tree.county, name="全县示范带", points=[a1, b1]))
    assert errors == {"points": ["示范点“丙”已撤销,不能列入示范带"]}
    with pytest.raises(PermissionDenied):
        services.belt_create(actor=tree.accounts["secretary_a1"], org=tree.town_a, name="越权", points=[a1, a2])
    errors = errors_of(lambda: services.belt_create(actor=None, org=tree.town_a, name="", points=[a1, a2]))
    assert errors == {"name": ["请填写示范带名称"]}


def test_deleting_a_belt_keeps_its_points(tree):
    a, b = make_point(tree.village_a1, name="甲"), make_point(tree.village_a2, name="乙")
    belt = services.belt_create(actor=None, org=tree.town_a, name="沿河示范带", points=[a, b])
    services.belt_delete(actor=tree.accounts["town_a"], belt=belt)
    assert ShowcasePoint.objects.filter(belt__isnull=True).count() == 2 and not ShowcaseBelt.objects.exists()
    assert AuditEntry.objects.get(action=AuditAction.DELETE).before["points"] == [a.pk, b.pk]


def test_photos_are_checked_and_counted(tree, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    point = make_point(tree.village_a1)
    photo = services.photo_add(
        actor=tree.accounts["secretary_a1"],
        point=point,
        image=SimpleUploadedFile("门口.JPG", JPEG, content_type="image/jpeg"),
        caption="党群服务中心",
    )
    assert photo.image.name.endswith(".jpg") and (tmp_path / photo.image.name).exists()
    errors = errors_of(
        lambda: services.photo_add(actor=None, point=point, image=SimpleUploadedFile("a.gif", b"GIF89a"))
    )
    assert errors == {"image": ["只能上传 jpg、png 或 webp 格式的图片"]}
    errors = errors_of(lambda: services.photo_add(actor=None, point=point, image=SimpleUploadedFile("a.png", JPEG)))
    assert errors == {"image": ["文件内容不是有效的png图片"]}
    big = SimpleUploadedFile("big.jpg", JPEG + b"\x00" * (5 * 1024 * 1024 - len(JPEG) + 1))
    assert errors_of(lambda: services.photo_add(actor=None, point=point, image=big)) == {
        "image": ["照片不能超过5MB(此照片5.0MB)"]
    }
    with pytest.raises(PermissionDenied):
        services.photo_add(actor=tree.accounts["secretary_a2"], point=point, image=SimpleUploadedFile("a.jpg", JPEG))
    services.photo_delete(actor=tree.accounts["secretary_a1"], photo=photo)
    assert not ShowcasePhoto.objects.exists()
    assert AuditEntry.objects.get(action=AuditAction.DELETE, object_type=TYPE_PHOTO).before["caption"] == "党群服务中心"


def test_photos_stop_at_thirty(tree, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    point = make_point(tree.village_a1)
    monkeypatch.setattr(services, "MAX_PHOTOS", 1)
    services.photo_add(actor=None, point=point, image=SimpleUploadedFile("a.jpg", JPEG))
    errors = errors_of(lambda: services.photo_add(actor=None, point=point, image=SimpleUploadedFile("b.jpg", JPEG)))
    assert errors == {"image": ["每个示范点最多上传1张照片"]}


def test_visits_are_recorded_by_the_point_and_counted(tree):
    point = make_point(tree.village_a1, year=2025)
    secretary = tree.accounts["secretary_a1"]
    visit = lambda **kw: services.visit_create(  # noqa: E731
        **{"actor": secretary, "point": point, "visited_on": dt.date(2026, 6, 1), "visitors": 40, "host": "县委"} | kw
    )
    visit()  # today is allowed
    visit(kind=VisitKind.ONSITE, visitors=1, visited_on=dt.date(2024, 1, 1))  # the year before naming, one visitor
    assert errors_of(lambda: visit(visited_on=dt.date(2026, 6, 2))) == {"visited_on": ["日期不能晚于今天"]}
    assert errors_of(lambda: visit(visited_on=dt.date(2023, 12, 31))) == {
        "visited_on": ["日期不能早于示范点命名年度的上一年(2024年)"]
    }
    assert errors_of(lambda: visit(visitors=0)) == {"visitors": ["参加人数应在1至100000之间"]}
    assert errors_of(lambda: visit(host=" ")) == {"host": ["请填写组织单位"]}
    with pytest.raises(PermissionDenied):
        visit(actor=tree.accounts["secretary_a2"])
    totals = selectors.visit_totals(ShowcaseVisit.objects.all())
    assert totals == {"times": 2, "visitors": 41, "tours": 1, "meetings": 1}
    assert selectors.with_visits(ShowcasePoint.objects.all()).get().visit_count == 2


def test_village_coordinates_set_change_and_clear(tree):
    secretary = tree.accounts["secretary_a1"]
    found = services.location_set(actor=secretary, org=tree.village_a1, longitude=D("114"), latitude=D("33.8"))
    services.location_set(actor=secretary, org=tree.village_a1, longitude=D("114.1"), latitude=D("33.9"))
    found.refresh_from_db()
    assert (found.longitude, found.latitude) == (D("114.1"), D("33.9"))
    assert errors_of(
        lambda: services.location_set(actor=None, org=tree.village_a1, longitude=D("200"), latitude=D("33"))
    ) == {"longitude": ["经度200不在我国境内(应在东经73°至136°之间)"]}
    assert errors_of(
        lambda: services.location_set(actor=None, org=tree.town_a, longitude=D("114"), latitude=D("33"))
    ) == {"org": ["只能为村(社区)等基层党组织标注坐标"]}
    with pytest.raises(PermissionDenied):
        services.location_set(actor=secretary, org=tree.village_a2, longitude=D("114"), latitude=D("33"))
    assert services.location_set(actor=secretary, org=tree.village_a1, longitude=None, latitude=None) is None
    actions = list(AuditEntry.objects.filter(object_type=TYPE_LOCATION).order_by("id").values_list("action", flat=True))
    assert actions == ["create", "update", "delete"]


def D(value):
    return Decimal(value)


def test_map_data_is_scoped_and_lists_what_has_no_coordinate(tree):
    showcase_world(tree)
    make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    make_point(tree.village_a2, name="未标注示范点")
    data = selectors.map_data(tree.accounts["town_a"], {})
    assert sorted(p["village"] for p in data["points"]) == ["东城镇李庄村党支部"] * 2 + ["东城镇王庄村党支部"] * 2
    assert [b["name"] for b in data["belts"]] == ["李庄村沿河示范带", "王庄村沿河示范带"]
    assert data["belts"][0]["coords"] == [[114.01, 33.81], [114.03, 33.8]]
    assert len(data["villages"]) == 2
    assert data["unplaced_points"] == [
        {
            "id": ShowcasePoint.objects.get(name="未标注示范点").pk,
            "name": "未标注示范点",
            "village": "东城镇王庄村党支部",
        }
    ]
    assert [v["name"] for v in data["unplaced_villages"]] == ["东城镇张庄村党支部"]
    assert data["unplaced_village_count"] == 1
    bounds = data["bounds"]
    assert round(bounds["max_lon"] - bounds["min_lon"], 6) == round(bounds["max_lat"] - bounds["min_lat"], 6)
    mine = selectors.map_data(tree.accounts["secretary_a2"], {})
    assert {p["village"] for p in mine["points"]} == {"东城镇王庄村党支部"} and len(mine["villages"]) == 1
    assert selectors.map_data(tree.accounts["secretary_a2"], {"level": "city"})["points"] == []


def test_the_village_panel_lists_its_points_and_visits(tree):
    showcase_world(tree)
    panels = selectors.village_panels(tree.village_a1, tree.accounts["town_a"], 2025)
    assert panels[0]["title"] == "示范点"
    rows = dict(panels[0]["rows"])
    assert rows["李庄村党群服务中心示范点"] == "市级 · 党群服务 · 已命名 · 李庄村沿河示范带第1站"
    assert rows["2025年观摩及现场会"] == "1次,30人"
    assert rows["坐标"] == "东经114.011000,北纬33.811000"
    assert (
        dict(selectors.village_panels(tree.village_a1, tree.accounts["town_a"], 2024)[0]["rows"])["2024年观摩及现场会"]
        == "0次,0人"
    )


def test_reminders_count_points_without_coordinates(tree):
    make_point(tree.village_a1)
    make_point(tree.village_a2, name="有坐标", longitude=D("114"), latitude=D("33"))
    found = selectors.reminders(tree.accounts["town_a"], dt.date(2026, 6, 1))
    assert [(r.label, r.count) for r in found] == [("示范点未标注坐标", 1)]
    assert selectors.reminders(tree.accounts["secretary_a2"], dt.date(2026, 6, 1)) == []
