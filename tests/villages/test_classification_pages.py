"""村级分类 pages: the year's classification with reasons and its export, the evaluation (the county only), the
categories, the policy form, the environment form, hand marks and the transformation page."""

import datetime as dt
import io

import openpyxl
import pytest

from dangjian.villages.models import ClassificationResult, EnvironmentAssessment, ManualMark, VillagePolicy
from tests.core.pages import login, page
from tests.villages.classification_world import classification_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)


def test_home_export_and_scope(client, tree):
    classification_world(tree)
    login(client, tree, "county")
    html = page(client.get("/villages/classification/?year=2025"))
    assert "2025年度村级分类" in html and "集体经济空壳村" in html
    assert "未填报集体经济收入(按低于5万元计)" in html
    assert "在合计中只计一次" in html and "2/2 (100.0%)" in html
    response = client.get("/villages/classification/export.xlsx?year=2025")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert (
        rows[2][0] == "东城镇李庄村党支部" and rows[2][3] == "集体经济空壳村" and rows[2][5] == "发展土地流转和乡村旅游"
    )
    assert "暂无符合条件的分类结果" in page(client.get("/villages/classification/?year=2025&policy=missing"))
    login(client, tree, "secretary_a2")
    html = page(client.get("/villages/classification/?year=2025"))
    assert "东城镇王庄村党支部" in html and "东城镇李庄村党支部" not in html


def test_evaluate_asks_first_and_is_the_countys(client, tree):
    login(client, tree, "town_a")
    assert client.get("/villages/classification/evaluate/").status_code == 403
    login(client, tree, "county")
    assert "确认评定" in page(client.get("/villages/classification/evaluate/"))
    assert not ClassificationResult.objects.exists()
    response = client.post("/villages/classification/evaluate/", {"year": "2025"})
    assert response.status_code == 302
    assert ClassificationResult.objects.filter(year=2025).count() == 2
    response = client.post("/villages/classification/evaluate/", {"year": "2027"})
    assert "年度应在2000年至2026年之间" in response.content.decode()


def test_categories_page(client, tree):
    login(client, tree, "county")
    html = page(client.get("/villages/classification/categories/"))
    assert "组织软弱村" in html and "贫困老区村" in html and "新增类别" in html
    response = client.post(
        "/villages/classification/categories/",
        {"name": "专业村", "tag": "specialised", "basis": "manual", "since_year": "2025", "active": "on", "sort": "5"},
    )
    assert response.status_code == 302
    login(client, tree, "secretary_a1")
    html = page(client.get("/villages/classification/categories/"))
    assert "专业村" in html and "新增类别</h2>" not in html
    assert client.post("/villages/classification/categories/", {"name": "x"}).status_code == 403


def test_policy_environment_marks_and_transformation(client, tree):
    classification_world(tree)
    result = ClassificationResult.objects.get(org=tree.village_a1, year=2025)
    login(client, tree, "secretary_a1")
    url = f"/villages/classification/results/{result.pk}/policy/"
    assert "集体经济收入" in page(client.get(url)) or "未填报" in page(client.get(url))
    response = client.post(
        url, {"measures": "", "responsible": "李书记", "target_date": "2024-01-01", "status": "done"}
    )
    assert "请填写整治措施" in response.content.decode()
    response = client.post(
        url, {"measures": "x", "responsible": "李书记", "target_date": "2024-12-31", "status": "done"}
    )
    assert "完成时限不能早于2025年1月1日" in response.content.decode()
    response = client.post(
        url, {"measures": "引进光伏", "responsible": "李书记", "target_date": "2025-12-01", "status": "done"}
    )
    assert response.status_code == 302 and VillagePolicy.objects.get(org=tree.village_a1).status == "done"
    # environment: the township assesses its villages
    env_url = f"/villages/classification/environment/{tree.village_a1.pk}/2025/"
    assert client.get(env_url).status_code == 403
    login(client, tree, "town_a")
    assert "2025年度人居环境评定" in page(client.get("/villages/classification/environment/?year=2025"))
    response = client.post(
        env_url, {"env-score": "55", "env-note": "垃圾清运不及时", "profile-old_revolutionary_base": "on"}
    )
    assert response.status_code == 302
    assert EnvironmentAssessment.objects.get(org=tree.village_a1, year=2025).score == 55
    # hand marks need a manual category
    assert "没有启用“人工认定”规则的类别" in page(client.get("/villages/classification/marks/?year=2025"))
    login(client, tree, "county")
    client.post(
        "/villages/classification/categories/",
        {
            "name": "矛盾多发村",
            "tag": "disorderly",
            "basis": "manual",
            "since_year": "2020",
            "active": "on",
            "sort": "5",
        },
    )
    login(client, tree, "town_a")
    category = ManualMark._meta.get_field("category").related_model.objects.get(name="矛盾多发村")
    response = client.post(
        "/villages/classification/marks/?year=2025", {"village": "V002", "category": category.pk, "reason": "信访多发"}
    )
    assert response.status_code == 302
    mark = ManualMark.objects.get()
    assert "确认撤销" in page(client.get(f"/villages/classification/marks/{mark.pk}/delete/"))
    client.post(f"/villages/classification/marks/{mark.pk}/delete/")
    assert not ManualMark.objects.exists()
    html = page(client.get("/villages/classification/transformation/?year=2025"))
    assert "整治转化" in html and "东城镇李庄村党支部" in html and "集体经济空壳村" in html
