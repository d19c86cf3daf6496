"""Org pages: the tree loads a level at a time, search, detail, and create/edit/move/unit through services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.choices import AuditAction, OrgDomain, OrgKind, OrgLevel, UnitKind
from dangjian.core.models import AuditEntry, Org, OrgStats, Person, Unit, UnitYearFigure
from tests.core.factories import make_org
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db


def entries(**lookup):
    return AuditEntry.objects.filter(**lookup)


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [
        ("core:org_tree", False),
        ("core:org_detail", True),
        ("core:org_children", True),
        ("core:org_create", True),
        ("core:org_edit", True),
        ("core:org_move", True),
        ("core:unit_edit", True),
    ],
)
def test_anonymous_is_sent_to_login(tree, client, name, needs_pk):
    url = reverse(name, args=[tree.village_a1.pk] if needs_pk else [])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_tree_shows_two_levels_and_leaves_the_rest_to_load_on_demand(tree, client):
    html = page(login(client, tree, "county").get(reverse("core:org_tree")))
    assert "示范县委" in html and "东城镇党委" in html and "西关街道党工委" in html
    # Villages are a level further down: not rendered, fetched when their township is opened.
    assert "李庄村" not in html
    assert reverse("core:org_children", args=[tree.town_a.pk]) in html


def test_children_fragment_lists_one_level_within_scope(tree, client):
    login(client, tree, "county")
    html = page(client.get(reverse("core:org_children", args=[tree.town_a.pk]), HTTP_HX_REQUEST="true"))
    assert "东城镇李庄村党支部" in html and "东城镇王庄村党支部" in html
    assert "和平社区" not in html
    assert "<html" not in html


def test_township_admin_sees_only_its_subtree(tree, client):
    login(client, tree, "town_a")
    html = page(client.get(reverse("core:org_tree")))
    assert "东城镇党委" in html and "李庄村" in html
    assert "西关街道" not in html and "示范县委" not in html
    assert client.get(reverse("core:org_children", args=[tree.town_b.pk])).status_code == 404


def test_tree_shows_rolled_up_member_counts_from_the_summary(tree, client):
    OrgStats.objects.all().delete()  # whatever a refresh may have left: this test sets the summary itself
    OrgStats.objects.create(
        org=tree.town_a, county=tree.county, path=tree.town_a.path, member_count=5, refreshed_at=timezone.now()
    )
    html = page(login(client, tree, "county").get(reverse("core:org_tree")))
    assert "党员 5" in html
    assert "党员 —" in html  # orgs whose summary is not computed yet


def test_search_by_name_and_code_and_filters(tree, client):
    login(client, tree, "county")
    html = page(client.get(reverse("core:org_tree"), {"search": "李庄"}))
    assert "东城镇李庄村党支部" in html and "王庄村" not in html and "共 1 条" in html
    html = page(client.get(reverse("core:org_tree"), {"search": "v003"}))
    assert "和平社区党支部" in html
    html = page(client.get(reverse("core:org_tree"), {"kind": OrgKind.BRANCH, "within": "T001"}))
    assert "共 2 条" in html and "和平社区" not in html
    html = page(client.get(reverse("core:org_tree"), {"level": OrgLevel.TOWNSHIP, "domain": OrgDomain.SUBDISTRICT}))
    assert "西关街道党工委" in html and "东城镇党委" not in html


def test_search_shows_nothing_of_a_sibling_subtree(tree, client):
    html = page(login(client, tree, "town_a").get(reverse("core:org_tree"), {"search": "和平"}))
    assert "和平社区" not in html
    assert "暂无符合条件的党组织" in html


def test_search_results_are_paginated(tree, client):
    for number in range(52):
        make_org(tree.village_a2, f"G{number:03d}", f"王庄村第{number}党小组", kind=OrgKind.PARTY_GROUP)
    login(client, tree, "county")
    html = page(client.get(reverse("core:org_tree"), {"kind": OrgKind.PARTY_GROUP}))
    assert "共 52 条" in html and "第 1/2 页" in html
    html = page(client.get(reverse("core:org_tree"), {"kind": OrgKind.PARTY_GROUP, "page": 2}))
    assert html.count("党小组</a>") == 2


def test_detail_shows_fields_unit_posts_children_and_links(tree, client):
    from dangjian.core import services

    person = tree.people["a1"][0]
    services.post_create(
        actor=None, person=person, org=tree.village_a1, title="secretary", term_start=dt.date(2021, 1, 1)
    )
    unit = services.unit_save(actor=None, org=tree.village_a1, kind=UnitKind.VILLAGE, name="李庄村", households=320)
    services.unit_year_figure_save(actor=None, unit=unit, year=2025, collective_income=Decimal("123456.78"))
    html = page(login(client, tree, "county").get(reverse("core:org_detail", args=[tree.village_a1.pk])))
    assert "V001" in html and "党支部" in html and "农村" in html
    assert "李庄村" in html and "320" in html and "123456.78" in html
    assert "书记" in html and person.name in html
    assert "本组织直属党员 3 名" in html
    assert f"{reverse('core:person_list')}?org=V001" in html
    assert f"{reverse('core:audit_list')}?org=V001" in html
    html = page(client.get(reverse("core:org_detail", args=[tree.town_a.pk])))
    assert "东城镇王庄村党支部" in html  # direct children


def test_detail_of_another_subtree_is_404_like_a_missing_org(tree, client):
    login(client, tree, "town_a")
    assert client.get(reverse("core:org_detail", args=[tree.community_b1.pk])).status_code == 404
    assert client.get(reverse("core:org_detail", args=[10**8])).status_code == 404


def test_secretary_sees_no_management_buttons_and_gets_403(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("core:org_detail", args=[tree.village_a1.pk])))
    assert "新建下级组织" not in html and reverse("core:org_edit", args=[tree.village_a1.pk]) not in html
    assert "移动" not in html
    before = entries().count()
    for name in ("core:org_create", "core:org_edit", "core:unit_edit"):
        url = reverse(name, args=[tree.village_a1.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "改名", "code": "X1", "kind": "branch", "domain": "rural"}).status_code == 403
    assert (
        client.post(reverse("core:org_move", args=[tree.village_a1.pk]), {"new_parent": tree.town_b.pk}).status_code
        == 403
    )
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.name == "东城镇李庄村党支部"
    assert not Org.objects.filter(code="X1").exists() and not Unit.objects.exists()
    assert entries().count() == before


def test_admin_sees_management_buttons(tree, client):
    html = page(login(client, tree, "town_a").get(reverse("core:org_detail", args=[tree.village_a1.pk])))
    assert reverse("core:org_create", args=[tree.village_a1.pk]) in html
    assert reverse("core:org_edit", args=[tree.village_a1.pk]) in html
    assert reverse("core:org_move", args=[tree.village_a1.pk]) in html
    # Its own root cannot be moved by a township admin.
    html = page(client.get(reverse("core:org_detail", args=[tree.town_a.pk])))
    assert reverse("core:org_move", args=[tree.town_a.pk]) not in html
    assert client.get(reverse("core:org_move", args=[tree.town_a.pk])).status_code == 403


def test_create_child_org_through_the_page(tree, client):
    login(client, tree, "town_a")
    data = {"code": "V009", "name": "东城镇张庄村党支部", "kind": OrgKind.BRANCH, "domain": OrgDomain.RURAL}
    data["level"] = OrgLevel.GRASSROOTS
    response = client.post(reverse("core:org_create", args=[tree.town_a.pk]), data)
    org = Org.objects.get(code="V009")
    assert response.status_code == 302 and response["Location"] == reverse("core:org_detail", args=[org.pk])
    assert org.path.startswith(tree.town_a.path) and org.depth == tree.town_a.depth + 1
    assert org.county_id == tree.county.pk
    entry = entries(object_type="core.org", object_id=str(org.pk)).get()
    assert (entry.action, entry.source, entry.actor_name) == (AuditAction.CREATE, "web", "town_a_admin")


def test_create_with_bad_input_shows_chinese_errors_and_changes_nothing(tree, client):
    login(client, tree, "town_a")
    count, logged = Org.objects.count(), entries().count()
    data = {"code": "V001", "name": "重复", "kind": OrgKind.BRANCH, "domain": OrgDomain.RURAL, "level": "grassroots"}
    html = page(client.post(reverse("core:org_create", args=[tree.town_a.pk]), data))
    assert "组织代码“V001”已存在" in html
    html = page(client.post(reverse("core:org_create", args=[tree.town_a.pk]), {"code": "", "kind": "nope"}))
    assert "请填写组织名称" in html and "组织类别不是有效选项" in html
    data = {**data, "code": "V010", "term_start": "2024-01-01", "term_end": "2023-01-01"}
    html = page(client.post(reverse("core:org_create", args=[tree.town_a.pk]), data))
    assert "本届任期届满日期应晚于任期开始日期" in html
    assert (Org.objects.count(), entries().count()) == (count, logged)


def test_create_under_an_org_out_of_scope_is_404(tree, client):
    login(client, tree, "town_a")
    data = {"code": "V011", "name": "越界", "kind": OrgKind.BRANCH, "domain": OrgDomain.RURAL, "level": "grassroots"}
    assert client.post(reverse("core:org_create", args=[tree.town_b.pk]), data).status_code == 404
    assert not Org.objects.filter(code="V011").exists()


def test_edit_org_through_the_page_records_the_change(tree, client):
    login(client, tree, "town_a")
    url = reverse("core:org_edit", args=[tree.village_a1.pk])
    html = page(client.get(url))
    assert "东城镇李庄村党支部" in html
    data = {"name": "东城镇李庄村党总支", "kind": OrgKind.GENERAL_BRANCH, "domain": OrgDomain.RURAL}
    response = client.post(url, data)
    assert response.status_code == 302
    tree.village_a1.refresh_from_db()
    assert (tree.village_a1.name, tree.village_a1.kind) == ("东城镇李庄村党总支", OrgKind.GENERAL_BRANCH)
    entry = entries(object_type="core.org", object_id=str(tree.village_a1.pk), action=AuditAction.UPDATE).get()
    assert entry.before == {"name": "东城镇李庄村党支部", "kind": "branch"}
    assert entry.after == {"name": "东城镇李庄村党总支", "kind": "general_branch"}


def test_edit_with_bad_input_changes_nothing(tree, client):
    login(client, tree, "town_a")
    logged = entries().count()
    url = reverse("core:org_edit", args=[tree.village_a1.pk])
    data = {"name": "新名", "kind": "branch", "domain": "rural", "is_dissolved": "on"}
    html = page(client.post(url, data))
    assert "已撤销的组织须填写撤销日期" in html
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.name == "东城镇李庄村党支部" and entries().count() == logged


def test_move_asks_for_confirmation_then_moves_the_subtree(tree, client):
    login(client, tree, "county")
    url = reverse("core:org_move", args=[tree.village_a2.pk])
    html = page(client.get(url, {"q": "西关"}))
    assert "西关街道党工委" in html and "东城镇李庄村" not in html
    # Live search through htmx answers the select alone.
    fragment = page(client.get(url, {"q": "T002"}, HTTP_HX_REQUEST="true"))
    assert "西关街道党工委" in fragment and "<html" not in fragment
    old_path = tree.village_a2.path
    html = page(client.post(url, {"new_parent": tree.town_b.pk}))
    assert "确认移动" in html and "西关街道党工委" in html
    tree.village_a2.refresh_from_db()
    assert tree.village_a2.path == old_path  # nothing moved before confirmation
    response = client.post(url, {"new_parent": tree.town_b.pk, "confirm": "1"})
    assert response.status_code == 302
    tree.village_a2.refresh_from_db()
    assert tree.village_a2.path.startswith(tree.town_b.path)
    assert all(p.org_path == tree.village_a2.path for p in Person.objects.filter(org=tree.village_a2))
    entry = entries(object_type="core.org", object_id=str(tree.village_a2.pk), action=AuditAction.MOVE).get()
    assert entry.before["parent"] == "T001" and entry.after["parent"] == "T002" and entry.source == "web"


def test_move_into_its_own_subtree_or_out_of_scope_is_refused(tree, client):
    login(client, tree, "town_a")
    logged = entries().count()
    old_path = tree.village_a1.path
    html = page(
        client.post(reverse("core:org_move", args=[tree.village_a1.pk]), {"new_parent": tree.town_b.pk, "confirm": "1"})
    )
    assert "所选上级组织不存在或不在您的管理范围内" in html
    login(client, tree, "county")
    html = page(
        client.post(reverse("core:org_move", args=[tree.town_a.pk]), {"new_parent": tree.village_a1.pk, "confirm": "1"})
    )
    assert "不能把组织移动到它自己或它的下级组织之下" in html
    tree.village_a1.refresh_from_db()
    assert tree.village_a1.path == old_path and entries().count() == logged


def test_unit_and_year_figures_through_the_page(tree, client):
    login(client, tree, "town_a")
    url = reverse("core:unit_edit", args=[tree.village_a1.pk])
    html = page(client.post(url, {"form": "figure", "fig-year": "2025", "fig-collective_income": "1000"}))
    assert "请先填写所在单位信息" in html and not UnitYearFigure.objects.exists()
    unit_data = {"form": "unit", "unit-kind": UnitKind.VILLAGE, "unit-name": "李庄村", "unit-households": "300"}
    assert client.post(url, unit_data).status_code == 302
    unit = Unit.objects.get(org=tree.village_a1)
    assert (unit.name, unit.households) == ("李庄村", 300)
    figure = {"form": "figure", "fig-year": "2025", "fig-collective_income": "56000.50", "fig-collective_assets": ""}
    assert client.post(url, figure).status_code == 302
    assert client.post(url, {**figure, "fig-collective_income": "60000"}).status_code == 302
    saved = UnitYearFigure.objects.get(unit=unit, year=2025)
    assert saved.collective_income == Decimal("60000.00")
    assert entries(object_type="core.unit", action=AuditAction.CREATE).count() == 1
    assert entries(object_type="core.unityearfigure").count() == 2
    html = page(client.post(url, {"form": "figure", "fig-year": "2025", "fig-collective_income": "很多"}))
    assert "集体经济年收入(元)应为数字" in html
    assert "60000.00" in page(client.get(reverse("core:org_detail", args=[tree.village_a1.pk])))


def test_tree_and_search_query_counts_do_not_grow_with_the_tree(tree, client, django_assert_max_num_queries):
    login(client, tree, "county")
    with django_assert_max_num_queries(10):
        page(client.get(reverse("core:org_tree")))
    with django_assert_max_num_queries(10):
        page(client.get(reverse("core:org_tree"), {"search": "村"}))
    with django_assert_max_num_queries(10):
        page(client.get(reverse("core:org_children", args=[tree.town_a.pk])))
    for number in range(20):
        make_org(tree.town_a, f"W{number:03d}", f"东城镇新村{number}党支部")
    with django_assert_max_num_queries(10):
        page(client.get(reverse("core:org_tree"), {"search": "村"}))
    with django_assert_max_num_queries(10):
        page(client.get(reverse("core:org_children", args=[tree.town_a.pk])))
    with django_assert_max_num_queries(15):
        page(client.get(reverse("core:org_detail", args=[tree.town_a.pk])))


def test_member_sees_only_their_own_org(tree, client):
    login(client, tree, "member_a1")
    html = page(client.get(reverse("core:org_tree")))
    assert "东城镇李庄村党支部" in html and "东城镇党委" not in html and "王庄村" not in html
    html = page(client.get(reverse("core:org_detail", args=[tree.village_a1.pk])))
    assert "本组织直属党员" not in html and "新建下级组织" not in html
    assert client.get(reverse("core:org_detail", args=[tree.town_a.pk])).status_code == 404


def test_system_account_browses_from_the_roots(tree, client):
    from dangjian.core.models import User

    root = User.objects.create_superuser("root", password="Root-pass-2026")
    client.force_login(root)
    html = page(client.get(reverse("core:org_tree")))
    assert "示范县委" in html and "东城镇党委" in html and "李庄村" not in html
    assert "共 7 条" in page(client.get(reverse("core:person_list")))
    data = {"code": "V012", "name": "东城镇赵庄村党支部", "kind": OrgKind.BRANCH, "domain": OrgDomain.RURAL}
    data["level"] = OrgLevel.GRASSROOTS
    assert client.post(reverse("core:org_create", args=[tree.town_a.pk]), data).status_code == 302
    assert Org.objects.get(code="V012").county_id == tree.county.pk
