"""结对共建 pages: the home page's figures and sentence for a scope and period, the pairs list with filters and its
export, the units, a pair's page with its forms, a pair from a suggestion, the 五个一 gaps; refusals and scope."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangjian.core.choices import Role
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import CategoryBasis, DepartmentType
from dangjian.villages.models import ClassificationResult, PairOutput, PairUnit, VillageCategory, VillagePair
from dangjian.villages.services import pairing as services
from tests.core.factories import make_account
from tests.core.pages import login, page
from tests.villages.pairing_world import pairing_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    return pairing_world(tree)


def test_home_shows_the_figures_the_sentence_and_the_pairs(client, tree, world):
    html = page(login(client, tree, "county").get("/villages/pairing/"))
    assert "2/2 (100.0%)" in html  # both villages of the county paired
    assert "帮扶资金10万元" in html  # 5万 + 5万
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" in html
    assert "多对一" in html and "一对一" in html
    only_a1 = page(client.get("/villages/pairing/", {"org": "V001"}))
    assert "帮扶资金5万元" in only_a1 and "1/1 (100.0%)" in only_a1
    last_year = page(client.get("/villages/pairing/", {"year": 2025}))
    assert "暂无帮扶成效记录" in last_year
    bad = page(client.get("/villages/pairing/", {"org": "NOPE"}))
    assert "组织代码“NOPE”不存在或不在您的管理范围内" in bad


def test_the_pairs_list_filters_and_exports(client, tree, world):
    login(client, tree, "county")
    html = page(client.get("/villages/pairing/", {"department_type": DepartmentType.PARTY_MASS}))
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" not in html
    none = page(client.get("/villages/pairing/", {"search": "没有这个村"}))
    assert "暂无符合条件的结对记录" in none
    response = client.get("/villages/pairing/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["结对名单"].iter_rows(values_only=True))
    assert rows[1][0] == "结对村" and {r[0] for r in rows[2:]} == {"东城镇李庄村党支部", "东城镇王庄村党支部"}
    assert rows[2][1] == "东城镇党委"
    totals = list(book["帮扶成效"].iter_rows(values_only=True))
    assert totals[2][:2] == ("帮扶资金", "10万元")
    assert AuditEntry.objects.filter(action="export", after__kind="pairing_pairs").count() == 1


def test_another_township_sees_no_pair_and_a_village_only_its_own(client, tree, world):
    town_b = make_account("town_b_admin", tree.town_b, Role.TOWNSHIP_ADMIN)
    client.force_login(town_b)
    html = page(client.get("/villages/pairing/"))
    assert "暂无结对记录" in html and "东城镇李庄村党支部" not in html
    pair = world[VillagePair][0]
    assert client.get(f"/villages/pairing/pairs/{pair.pk}/").status_code == 404
    login(client, tree, "secretary_a2")
    assert client.get(f"/villages/pairing/pairs/{pair.pk}/").status_code == 404
    own = page(client.get("/villages/pairing/"))
    assert "东城镇王庄村党支部" in own and "东城镇李庄村党支部" not in own


def test_a_village_cannot_create_pairs_but_records_on_its_pair(client, tree, world):
    login(client, tree, "secretary_a1")
    assert client.get("/villages/pairing/pairs/new/").status_code == 403
    pair = world[VillagePair][0]
    html = page(client.get(f"/villages/pairing/pairs/{pair.pk}/"))
    assert "登记帮扶成效" in html and "结束结对" not in html
    response = client.post(
        f"/villages/pairing/pairs/{pair.pk}/outputs/",
        {"kind": "problems", "quantity": "3", "occurred_on": "2026-02-01", "description": "解决饮水难"},
    )
    assert response.status_code == 302
    assert PairOutput.objects.filter(pair=pair, kind="problems").count() == 1
    bad = client.post(
        f"/villages/pairing/pairs/{pair.pk}/outputs/", {"kind": "trees", "quantity": "1.5", "occurred_on": "2026-02-01"}
    )
    assert bad.status_code == 400 and "棵数应为整数" in bad.content.decode()
    client.post(
        f"/villages/pairing/pairs/{pair.pk}/checklist/",
        {"item": "org_life", "year": 2026, "done_on": "2026-02-10", "evidence": "共过组织生活记录"},
    )
    html = page(client.get(f"/villages/pairing/pairs/{pair.pk}/"))
    assert "2/5" in html and "共过组织生活记录" in html and "解决实际困难3个" in html
    done = client.post(
        f"/villages/pairing/pairs/{pair.pk}/activities/",
        {"kind": "secondment", "held_on": "2026-02-11", "content": "选派干部交流挂职", "participants": 2},
    )
    assert done.status_code == 302
    output = PairOutput.objects.get(pair=pair, kind="problems")
    confirm = page(client.get(f"/villages/pairing/outputs/{output.pk}/delete/"))
    assert "确认" in confirm and PairOutput.objects.filter(pk=output.pk).exists()
    client.post(f"/villages/pairing/outputs/{output.pk}/delete/")
    assert not PairOutput.objects.filter(pk=output.pk).exists()


def test_a_pair_from_a_suggestion(client, tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    unit = services.unit_create(actor=None, org=tree.county, name="县委组织部", department_type="party_mass")
    category = VillageCategory.objects.create(
        county=tree.county,
        org=tree.county,
        org_path=tree.county.path,
        name="组织软弱村",
        tag="weak",
        basis=CategoryBasis.MANUAL,
        since_year=2026,
    )
    ClassificationResult.objects.create(
        county=tree.county,
        org=tree.village_a1,
        org_path=tree.village_a1.path,
        category=category,
        year=2026,
        reason="认定",
    )
    login(client, tree, "town_a")
    html = page(client.get("/villages/pairing/suggestions/"))
    assert "党群部门联弱村" in html and "按此建立结对" in html
    form = page(client.get("/villages/pairing/pairs/new/", {"village": tree.village_a1.pk, "units": unit.pk}))
    assert "东城镇李庄村党支部" in form
    response = client.post(
        "/villages/pairing/pairs/new/", {"village": tree.village_a1.pk, "units": [unit.pk], "started_year": 2026}
    )
    pair = VillagePair.objects.get(village=tree.village_a1)
    assert response.status_code == 302 and response["Location"] == f"/villages/pairing/pairs/{pair.pk}/"
    assert list(PairUnit.objects.filter(pair=pair).values_list("unit_id", flat=True)) == [unit.pk]
    again = client.post(
        "/villages/pairing/pairs/new/", {"village": tree.village_a1.pk, "units": [unit.pk], "started_year": 2026}
    )
    assert again.status_code == 200 and "所选村不存在、不在管理范围内或已有结对" in again.content.decode()


def test_units_list_form_and_export(client, tree, world):
    login(client, tree, "county")
    html = page(client.get("/villages/pairing/units/"))
    assert "县委组织部" in html and "县农业农村局" in html
    response = client.post(
        "/villages/pairing/units/new/",
        {"org_code": "C001", "name": "市交通运输局", "department_type": "economic", "affiliation": "市直"},
    )
    assert response.status_code == 302
    duplicate = client.post(
        "/villages/pairing/units/new/", {"org_code": "C001", "name": "市交通运输局", "department_type": "economic"}
    )
    assert "已有名为“市交通运输局”的结对单位" in duplicate.content.decode()
    export = client.get("/villages/pairing/units/export.xlsx")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert {r[0] for r in rows[2:]} == {"县委组织部", "县农业农村局", "市交通运输局"}
    login(client, tree, "secretary_a1")
    assert client.get("/villages/pairing/units/new/").status_code == 403
    assert "暂无符合条件的结对单位" in page(client.get("/villages/pairing/units/", {"search": "无此单位"}))


def test_the_gaps_page_lists_the_missing_items(client, tree, world):
    login(client, tree, "county")
    html = page(client.get("/villages/pairing/gaps/", {"year": 2026}))
    assert "1/5" in html and "共谋一条发展路子" in html and "东城镇李庄村党支部" in html


def test_ending_a_pair_asks_first(client, tree, world):
    pair = world[VillagePair][0]
    login(client, tree, "town_a")
    assert "确认结束" in page(client.get(f"/villages/pairing/pairs/{pair.pk}/end/"))
    pair.refresh_from_db()
    assert pair.active
    client.post(f"/villages/pairing/pairs/{pair.pk}/end/", {"reason": "村班子整顿到位", "ended_on": "2026-03-01"})
    pair.refresh_from_db()
    assert (pair.active, pair.end_reason) == (False, "村班子整顿到位")
