"""工作台: figures of the account's scope only, charts fed from the page's JSON, a member's personal page,
live counting for small scopes without a summary row, and a bounded number of queries."""

import json
import re

import pytest
from django.urls import reverse

from dangjian.core import services, stats
from dangjian.core.choices import OrgDomain, OrgKind, OrgLevel, Role
from dangjian.core.models import OrgStats
from tests.core.factories import make_account, make_org, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]

URL = reverse("core:workbench")


def kpi(html, label):
    match = re.search(rf'data-kpi="{label}">([^<]+)<', html)
    assert match, label
    return match.group(1).strip()


def chart_data(html):
    match = re.search(r'<script id="workbench-data" type="application/json">(.*?)</script>', html, re.S)
    assert match
    return {chart["id"]: chart for chart in json.loads(match.group(1))}


def get(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_township_workbench_shows_only_its_subtree(tree, client):
    stats.refresh_all()
    html = get(client, tree.accounts["town_a"])
    assert kpi(html, "党员数") == "5"
    assert kpi(html, "党组织数") == "3"
    assert kpi(html, "党支部数") == "2"
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" in html
    assert "西关街道和平社区党支部" not in html
    charts = chart_data(html)
    assert sum(charts["chart-gender"]["values"]) == 5
    assert reverse("core:org_detail", args=[tree.village_a1.pk]) in html


def test_county_workbench_counts_the_whole_county_with_shares(tree, client):
    make_person(tree.community_b1, gender="female", ethnicity="回族", education="bachelor", status="full")
    stats.refresh_all()
    html = get(client, tree.accounts["county"])
    assert kpi(html, "党员数") == "8"
    assert kpi(html, "女党员") == "12.5%"
    assert kpi(html, "少数民族党员") == "12.5%"
    assert kpi(html, "大专及以上学历") == "12.5%"
    charts = chart_data(html)
    assert charts["chart-ethnicity"]["labels"] == ["回族"]  # the chart shows the minorities …
    assert "<td>汉族</td>" in html  # … and the table every group
    assert "统计时间" in html


def test_the_page_has_no_inline_script_and_loads_echarts_locally(tree, client):
    stats.refresh_all()
    html = get(client, tree.accounts["county"])
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, tag
    assert "/static/vendor/echarts/echarts.min.js" in html
    assert "/static/js/workbench.js" in html


def test_a_small_scope_without_a_summary_row_is_counted_live(tree, client):
    assert not OrgStats.objects.exists()
    html = get(client, tree.accounts["secretary_a1"])
    assert kpi(html, "党员数") == "3"
    assert "实时计算" in html
    assert not OrgStats.objects.exists()  # reading the page writes nothing


def test_above_the_counties_without_a_summary_row_the_page_says_it_is_being_prepared(client):
    province = services.org_create(
        actor=None,
        parent=None,
        code="P41",
        name="中共示范省委员会",
        kind=OrgKind.PARTY_COMMITTEE,
        domain=OrgDomain.GOVERNMENT,
        level=OrgLevel.PROVINCE,
    )
    user = make_account("province_admin", province, Role.COUNTY_ADMIN)
    html = get(client, user)
    assert "统计数据生成中" in html
    assert "data-kpi" not in html


def test_a_member_sees_a_personal_page_only(tree, client):
    stats.refresh_all()
    member = tree.accounts["member_a1"]
    html = get(client, member)
    assert member.person.name in html
    assert member.person.id_number_masked in html
    assert "东城镇李庄村党支部" in html
    others = [p.name for p in tree.people["a1"][1:] + tree.people["b1"]]
    assert not any(name in html for name in others)
    assert "data-kpi" not in html and "workbench-data" not in html


@pytest.mark.django_db(transaction=True)
def test_workbench_numbers_follow_a_committed_change(tree, client):
    """Real commits: person_create schedules the county's refresh after commit (ImmediateBackend)."""
    user = tree.accounts["town_a"]
    assert kpi(get(client, user), "党员数") == "5"
    make_person(tree.village_a2, actor=user)
    html = get(client, user)
    assert kpi(html, "党员数") == "6"
    assert "实时计算" not in html


def test_query_count_does_not_grow_with_the_number_of_children(tree, client, django_assert_max_num_queries):
    stats.refresh_all()
    user = tree.accounts["town_a"]
    client.force_login(user)
    with django_assert_max_num_queries(10):
        client.get(URL)
    for number in range(12):
        make_org(tree.town_a, f"V1{number:02d}", f"东城镇新村{number}党支部")
    stats.refresh_all()
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.content.decode().count('href="/orgs/') >= 14
