"""村级换届 pages: the list with rounds and progress, filters and export, a change side by side, the committee
formset, confirmation by the township (asks first), the report with its sentences, and scope."""

import datetime as dt
import io

import openpyxl
import pytest

from dangjian.villages.models import CommitteeMember, ElectionChange
from tests.core.pages import login, page
from tests.villages.elections_world import elections_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = dt.date(2026, 3, 1)
    return elections_world(tree)


def test_list_filters_and_export(client, tree, world):
    html = page(login(client, tree, "town_a").get("/villages/elections/"))
    assert "2021年村级“两委”换届" in html and "2/2 (100.0%)" in html
    assert "东城镇李庄村党支部" in html and "a1新书记" in html
    html = page(client.get("/villages/elections/", {"org": "V002"}))
    assert "东城镇王庄村党支部" in html and "东城镇李庄村党支部" not in html
    html = page(client.get("/villages/elections/", {"status": "planned"}))
    assert "暂无符合条件的村级换届记录" in html
    response = client.get("/villages/elections/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)] == [
        "东城镇李庄村党支部",
        "东城镇王庄村党支部",
    ]


def test_other_village_sees_nothing(client, tree, world):
    change = world[ElectionChange][0]
    login(client, tree, "secretary_a2")
    assert client.get(f"/villages/elections/changes/{change.pk}/").status_code == 404
    assert "东城镇李庄村党支部" not in page(client.get("/villages/elections/"))
    login(client, tree, "member_a1")
    assert client.get("/villages/elections/").status_code == 403


def test_record_change_committee_and_confirm(client, tree, world):
    login(client, tree, "county")
    response = client.post(
        "/villages/elections/rounds/new/", {"year": 2026, "period": "第十二届", "starts_on": "2026-01-01"}
    )
    assert response.status_code == 302
    login(client, tree, "secretary_a1")
    round_id = world[ElectionChange][0].round.__class__.objects.get(year=2026).pk
    response = client.post(
        "/villages/elections/changes/new/",
        {"round": round_id, "org_code": "V001", "body": "party", "election_date": "2026-02-20"},
    )
    change = ElectionChange.objects.get(round_id=round_id)
    assert response.url == f"/villages/elections/changes/{change.pk}/"
    html = page(client.get(response.url))
    assert "a1新书记" in html  # the old committee came from the 2021 change
    assert "2026-02-20至2031-02-20" in html
    form = {
        "m-TOTAL_FORMS": "2",
        "m-INITIAL_FORMS": "0",
        "m-0-name": "张新",
        "m-0-gender": "female",
        "m-0-birth_date": "1995-05-01",
        "m-0-education": "bachelor",
        "m-0-body": "party",
        "m-0-post": "secretary",
        "m-0-concurrent": "on",
        "m-1-name": "",
    }
    response = client.post(f"/villages/elections/changes/{change.pk}/members/new/", form)
    assert response.status_code == 302
    assert list(CommitteeMember.objects.filter(change=change, side="new").values_list("name", flat=True)) == ["张新"]
    assert client.get(f"/villages/elections/changes/{change.pk}/complete/").status_code == 403
    login(client, tree, "town_a")
    assert "确认换届完成" in page(client.get(f"/villages/elections/changes/{change.pk}/complete/"))
    client.post(f"/villages/elections/changes/{change.pk}/complete/")
    change.refresh_from_db()
    assert change.status == "done"


def test_committee_formset_errors_shown(client, tree, world):
    login(client, tree, "secretary_a1")
    change = world[ElectionChange][0]
    ElectionChange.objects.filter(pk=change.pk).update(status="planned")
    form = {"m-TOTAL_FORMS": "1", "m-INITIAL_FORMS": "0", "m-0-name": "李四", "m-0-gender": "male",
            "m-0-birth_date": "1980-01-01", "m-0-education": "high_school", "m-0-body": "party",
            "m-0-post": "director"}  # fmt: skip
    html = page(client.post(f"/villages/elections/changes/{change.pk}/members/new/", form))
    assert "第1行" not in html and "李四:职务与所在委员会不符" in html


def test_report_page_and_export(client, tree, world):
    """Both villages: old 书记 born 1960 (高中), new 书记 born 1990 (本科): under 35 0/2 → 2/2."""
    login(client, tree, "town_a")
    html = page(client.get("/villages/elections/report/"))
    assert "35岁以下占100.0%,比换届前提高100.0个百分点" in html
    assert "高中以上文化程度占100.0%,与换届前持平" in html
    assert "调整党组织书记:<strong>2名</strong>" in html
    html = page(client.get("/villages/elections/report/", {"org": "V001"}))
    assert "1/1 (100.0%)" in html
    response = client.get("/villages/elections/report/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][:3] == ("35岁以下", "0/2 (0.0%)", "2/2 (100.0%)")
