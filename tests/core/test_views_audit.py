"""Audit trail pages: scoped, filtered, paginated, with a field-by-field diff in Chinese."""

import pytest
from django.urls import reverse

from dangjian.core import services
from dangjian.core.choices import AuditAction, MemberCategory
from dangjian.core.models import AuditEntry
from tests.core.factories import make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

LIST = "core:audit_list"


@pytest.mark.parametrize("name", [LIST, "core:audit_object"])
def test_anonymous_is_sent_to_login(tree, client, name):
    args = ["core.person", tree.people["a1"][0].pk] if name != LIST else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_member_may_not_view_the_trail(tree, client):
    login(client, tree, "member_a1")
    me = tree.people["a1"][0]
    assert client.get(reverse(LIST)).status_code == 403
    assert client.get(reverse("core:audit_object", args=["core.person", me.pk])).status_code == 403
    assert "工作轨迹" not in page(client.get(reverse("core:person_detail", args=[me.pk])))


def test_list_shows_time_actor_source_action_and_object_within_scope(tree, client):
    html = page(login(client, tree, "secretary_a2").get(reverse(LIST)))
    assert all(p.name in html for p in tree.people["a2"])
    assert not any(p.name in html for p in tree.people["a1"] + tree.people["b1"])
    assert "系统" in html and "新增" in html and "党员" in html
    assert "东城镇李庄村" not in html


def test_update_shows_a_readable_diff_with_chinese_labels(tree, client):
    person = tree.people["a1"][0]
    actor = tree.accounts["secretary_a1"]
    services.person_update(actor=actor, person=person, phone="13700001111", category=MemberCategory.VETERAN)
    html = page(login(client, tree, "secretary_a1").get(reverse(LIST), {"action": AuditAction.UPDATE}))
    assert "共 1 条" in html
    assert "联系电话" in html and "13800138000" in html and "13700001111" in html
    assert "党员类别" in html and "普通党员" in html and "老党员" in html
    assert "修改前" in html and "修改后" in html and "secretary_a1" in html


def test_create_entry_names_related_orgs_and_choices(tree, client):
    person = tree.people["a1"][0]
    html = page(login(client, tree, "county").get(reverse("core:audit_object", args=["core.person", person.pk])))
    assert "所在党组织" in html and "东城镇李庄村党支部" in html  # the org id shown as its name
    assert "党员状态" in html and "正式党员" in html
    assert person.id_number_masked in html and person.id_number not in html


def test_move_entry_shows_parent_codes(tree, client):
    services.org_move(actor=tree.accounts["county"], org=tree.village_a2, new_parent=tree.town_b)
    html = page(login(client, tree, "county").get(reverse(LIST), {"action": AuditAction.MOVE}))
    assert "上级组织" in html and "T001" in html and "T002" in html and "移动" in html


def test_filters_by_org_subtree_actor_object_type_and_dates(tree, client):
    services.person_reveal_id_number(actor=tree.accounts["county"], person=tree.people["b1"][0])
    login(client, tree, "county")
    html = page(client.get(reverse(LIST), {"org": "V001"}))
    assert "共 6 条" in html  # the branch itself, its three people and two accounts
    html = page(client.get(reverse(LIST), {"org": "V001", "object_type": "core.user"}))
    assert "共 2 条" in html and "member_a1" in html and "secretary_a1" in html
    html = page(client.get(reverse(LIST), {"actor": "county_admin"}))
    assert "共 1 条" in html and "查看身份证号" in html
    html = page(client.get(reverse(LIST), {"since": "2000-01-01", "until": "2000-12-31"}))
    assert "暂无工作轨迹记录" in html
    assert "工作轨迹:东城镇李庄村党支部(含全部下级)" in page(client.get(reverse(LIST), {"org": "V001"}))


def test_object_trail_is_404_outside_scope_or_when_missing(tree, client):
    login(client, tree, "secretary_a2")
    assert client.get(reverse("core:audit_object", args=["core.person", tree.people["a1"][0].pk])).status_code == 404
    assert client.get(reverse("core:audit_object", args=["core.person", 10**8])).status_code == 404
    assert client.get(reverse("core:audit_object", args=["nothing.here", 1])).status_code == 404
    html = page(client.get(reverse("core:audit_object", args=["core.person", tree.people["a2"][0].pk])))
    assert tree.people["a2"][0].name in html


def test_list_is_paginated_and_query_count_is_bounded(tree, client, django_assert_max_num_queries):
    login(client, tree, "county")
    with django_assert_max_num_queries(12):
        page(client.get(reverse(LIST)))
    for _ in range(45):
        make_person(tree.village_a2)
    assert AuditEntry.objects.count() > 50
    with django_assert_max_num_queries(12):
        html = page(client.get(reverse(LIST)))
    assert "第 1/2 页" in html
    assert "第 2/2 页" in page(client.get(reverse(LIST), {"page": 2}))
