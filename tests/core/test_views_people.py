"""People pages: roster list with search, filters and pages; masked numbers; audited reveal; forms; posts."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.core.choices import AuditAction, Education, Gender, MemberCategory, MemberStatus
from dangjian.core.models import AuditEntry, Person, Post
from dangjian.core.rules import mask_id_number
from tests.core.factories import id_number, make_person
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

LIST = "core:person_list"


def new_person_data(**overrides):
    data = {
        "name": "赵新党",
        "id_number": id_number(birth=dt.date(1990, 3, 8)),
        "gender": Gender.MALE,
        "ethnicity": "汉族",
        "org_code": "V001",
        "education": Education.BACHELOR,
        "status": MemberStatus.FULL,
        "joined_on": "2015-07-01",
        "confirmed_on": "2016-07-01",
        "phone": "13912345678",
        "category": MemberCategory.ORDINARY,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "method"),
    [
        (LIST, "get"),
        ("core:person_create", "get"),
        ("core:person_detail", "get"),
        ("core:person_edit", "get"),
        ("core:post_create", "get"),
        ("core:person_reveal_id", "post"),
    ],
)
def test_anonymous_is_sent_to_login(tree, client, name, method):
    args = [] if name in (LIST, "core:person_create") else [tree.people["a1"][0].pk]
    response = getattr(client, method)(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))
    assert not AuditEntry.objects.filter(action=AuditAction.REVEAL).exists()


def test_list_shows_masked_id_and_phone_only(tree, client):
    person = tree.people["a1"][0]
    html = page(login(client, tree, "county").get(reverse(LIST)))
    assert "共 7 条" in html
    assert person.name in html and person.org.name in html
    assert person.id_number_masked in html and person.id_number_masked[:4] + "**********" in html
    assert person.id_number not in html
    assert "138****8000" in html and "13800138000" not in html
    assert '<option value="" selected>全部</option>' in html and "---------" not in html


def test_list_of_a_branch_holds_nothing_of_the_sibling(tree, client):
    html = page(login(client, tree, "secretary_a2").get(reverse(LIST)))
    assert "共 2 条" in html
    assert all(p.name in html for p in tree.people["a2"])
    assert not any(p.name in html for p in tree.people["a1"] + tree.people["b1"])
    # A filter naming an org of another subtree shows nothing of it either.
    html = page(client.get(reverse(LIST), {"org": "V001"}))
    assert "暂无符合条件的党员" in html


def test_member_sees_only_their_own_record(tree, client):
    me = tree.people["a1"][0]
    html = page(login(client, tree, "member_a1").get(reverse(LIST)))
    assert "共 1 条" in html and me.name in html
    assert tree.people["a1"][1].name not in html
    assert "登记党员" not in html
    assert page(client.get(reverse("core:person_detail", args=[me.pk])))
    assert client.get(reverse("core:person_detail", args=[tree.people["a1"][1].pk])).status_code == 404


def test_filters_search_and_exact_id_number(tree, client):
    login(client, tree, "county")
    a1 = tree.people["a1"]
    other = make_person(tree.village_a2, name="钱女士", gender=Gender.FEMALE, education=Education.BACHELOR)
    make_person(
        tree.community_b1,
        name="孙预备",
        status=MemberStatus.PROBATIONARY,
        joined_on=dt.date(2025, 3, 1),
        confirmed_on=None,
    )
    assert "共 3 条" in page(client.get(reverse(LIST), {"org": "V001"}))
    assert "共 6 条" in page(client.get(reverse(LIST), {"org": "T001"}))
    html = page(client.get(reverse(LIST), {"gender": Gender.FEMALE}))
    assert "共 1 条" in html and "钱女士" in html
    assert "共 1 条" in page(client.get(reverse(LIST), {"status": MemberStatus.PROBATIONARY}))
    assert "共 1 条" in page(client.get(reverse(LIST), {"education": Education.BACHELOR}))
    assert "共 9 条" in page(client.get(reverse(LIST), {"category": MemberCategory.ORDINARY}))
    html = page(client.get(reverse(LIST), {"search": "钱"}))
    assert "共 1 条" in html and other.name in html
    html = page(client.get(reverse(LIST), {"id_number": a1[1].id_number.lower()}))
    assert "共 1 条" in html and a1[1].name in html
    # Exact match only: a prefix finds nothing.
    assert "暂无符合条件的党员" in page(client.get(reverse(LIST), {"id_number": a1[1].id_number[:10]}))


def test_list_paginates_fifty_a_page_with_page_numbers(tree, client, django_assert_max_num_queries):
    login(client, tree, "county")
    with django_assert_max_num_queries(10):
        page(client.get(reverse(LIST)))
    for _ in range(53):
        make_person(tree.village_a2)
    with django_assert_max_num_queries(10):
        html = page(client.get(reverse(LIST)))
    assert "共 60 条" in html and "第 1/2 页" in html and html.count("/people/") >= 50
    assert "?page=2" in html
    html = page(client.get(reverse(LIST), {"page": 2, "org": "T001"}))
    assert "共 58 条" in html and "第 2/2 页" in html and "org=T001" in html
    assert html.count("<tr>") == 1 + 8


def test_detail_shows_masked_number_and_reveal_for_allowed_users(tree, client):
    person = tree.people["a1"][0]
    html = page(login(client, tree, "secretary_a1").get(reverse("core:person_detail", args=[person.pk])))
    assert person.id_number_masked in html and person.id_number not in html
    assert "显示完整号码" in html
    assert reverse("core:person_reveal_id", args=[person.pk]) in html


def test_reveal_shows_the_full_number_and_records_it(tree, client):
    person = tree.people["a1"][0]
    login(client, tree, "secretary_a1")
    url = reverse("core:person_reveal_id", args=[person.pk])
    assert client.get(url).status_code == 405
    html = page(client.post(url, HTTP_HX_REQUEST="true"))
    assert person.id_number in html and "<html" not in html
    entry = AuditEntry.objects.get(action=AuditAction.REVEAL)
    assert (entry.object_type, entry.object_id, entry.actor_name) == ("core.person", str(person.pk), "secretary_a1")
    assert entry.after == {"id_number": mask_id_number(person.id_number)}
    # Without htmx, the whole detail page comes back with the number shown.
    html = page(client.post(url))
    assert person.id_number in html and "<html" in html
    assert AuditEntry.objects.filter(action=AuditAction.REVEAL).count() == 2


def test_member_may_reveal_only_their_own_number(tree, client):
    me, other = tree.people["a1"][0], tree.people["a1"][1]
    login(client, tree, "member_a1")
    assert me.id_number in page(client.post(reverse("core:person_reveal_id", args=[me.pk]), HTTP_HX_REQUEST="true"))
    assert client.post(reverse("core:person_reveal_id", args=[other.pk])).status_code == 404
    assert AuditEntry.objects.filter(action=AuditAction.REVEAL).count() == 1


def test_sibling_branch_gets_404_and_no_reveal(tree, client):
    person = tree.people["a1"][0]
    login(client, tree, "secretary_a2")
    for name in ("core:person_detail", "core:person_edit", "core:post_create"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404
    response = client.post(reverse("core:person_reveal_id", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 404 and person.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditAction.REVEAL).exists()


def test_create_person_through_the_page(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("core:person_create")))
    assert 'value="V001"' in html
    data = new_person_data()
    response = client.post(reverse("core:person_create"), data)
    person = Person.objects.get(name="赵新党")
    assert response.status_code == 302 and response["Location"] == reverse("core:person_detail", args=[person.pk])
    assert person.org == tree.village_a1 and person.birth_date == dt.date(1990, 3, 8)
    assert person.id_number == data["id_number"] and person.id_number_masked == mask_id_number(data["id_number"])
    entry = AuditEntry.objects.get(object_type="core.person", object_id=str(person.pk))
    assert (entry.action, entry.source) == (AuditAction.CREATE, "web")


def test_create_with_bad_input_names_the_fields_in_chinese_and_changes_nothing(tree, client):
    login(client, tree, "secretary_a1")
    count, logged = Person.objects.count(), AuditEntry.objects.count()
    good = new_person_data()["id_number"]
    bad_check_digit = good[:17] + ("0" if good[17] != "0" else "1")
    html = page(client.post(reverse("core:person_create"), new_person_data(id_number=bad_check_digit)))
    assert "公民身份号码" in html and "校验" in html
    html = page(client.post(reverse("core:person_create"), new_person_data(confirmed_on="2015-09-01", phone="12345")))
    assert "转正日期早于预备期满一年之日" in html and "联系电话“12345”格式不正确" in html
    html = page(client.post(reverse("core:person_create"), new_person_data(name="", joined_on="明天")))
    assert "请填写姓名" in html and "入党日期不是有效日期" in html
    existing = tree.people["a1"][0]
    html = page(client.post(reverse("core:person_create"), new_person_data(id_number=existing.id_number)))
    assert "该公民身份号码已登记" in html
    assert (Person.objects.count(), AuditEntry.objects.count()) == (count, logged)


def test_create_in_an_org_out_of_scope_is_refused(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.post(reverse("core:person_create"), new_person_data(org_code="V003")))
    assert "组织代码“V003”不存在或不在您的管理范围内" in html
    assert not Person.objects.filter(name="赵新党").exists()


def test_member_cannot_create_or_edit(tree, client):
    me = tree.people["a1"][0]
    login(client, tree, "member_a1")
    logged = AuditEntry.objects.count()
    assert client.get(reverse("core:person_create")).status_code == 403
    assert client.post(reverse("core:person_create"), new_person_data()).status_code == 403
    html = page(client.get(reverse("core:person_detail", args=[me.pk])))
    assert reverse("core:person_edit", args=[me.pk]) not in html
    assert client.post(reverse("core:person_edit", args=[me.pk]), {"name": "改名"}).status_code == 403
    me.refresh_from_db()
    assert me.name != "改名" and not Person.objects.filter(name="赵新党").exists()
    assert AuditEntry.objects.count() == logged


def test_edit_person_through_the_page_records_before_and_after(tree, client):
    person = tree.people["a1"][0]
    login(client, tree, "town_a")
    url = reverse("core:person_edit", args=[person.pk])
    html = page(client.get(url))
    assert person.name in html and "公民身份号码" in html and 'name="id_number"' not in html
    data = {
        "name": person.name,
        "gender": person.gender,
        "ethnicity": "回族",
        "org_code": "V002",
        "education": person.education,
        "status": person.status,
        "joined_on": "2005-07-01",
        "confirmed_on": "2006-07-01",
        "phone": "13700001111",
        "category": MemberCategory.VETERAN,
    }
    assert client.post(url, data).status_code == 302
    person.refresh_from_db()
    assert (person.ethnicity, person.phone, person.category) == ("回族", "13700001111", MemberCategory.VETERAN)
    assert person.org == tree.village_a2 and person.org_path == tree.village_a2.path
    entry = AuditEntry.objects.get(object_type="core.person", object_id=str(person.pk), action=AuditAction.UPDATE)
    assert entry.before["phone"] == "13800138000" and entry.after["phone"] == "13700001111"
    assert entry.after["org"] == tree.village_a2.pk


def test_edit_with_bad_input_changes_nothing(tree, client):
    person = tree.people["a1"][0]
    login(client, tree, "secretary_a1")
    logged = AuditEntry.objects.count()
    url = reverse("core:person_edit", args=[person.pk])
    data = {"name": person.name, "gender": Gender.FEMALE, "ethnicity": "汉族", "org_code": "V002"}
    data |= {"education": person.education, "status": person.status, "joined_on": "2005-07-01"}
    data |= {"confirmed_on": "2006-07-01", "category": person.category}
    html = page(client.post(url, data))
    assert "组织代码“V002”不存在或不在您的管理范围内" in html
    html = page(client.post(url, {**data, "org_code": "V001"}))
    assert "性别与公民身份号码第17位不一致" in html
    person.refresh_from_db()
    assert person.gender == Gender.MALE and person.org == tree.village_a1
    assert AuditEntry.objects.count() == logged


def test_posts_are_added_and_ended_through_the_pages(tree, client):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    url = reverse("core:post_create", args=[person.pk])
    data = {"org_code": "V001", "title": "secretary", "term_start": "2021-01-01", "note": "换届选举产生"}
    assert client.post(url, data).status_code == 302
    post = Post.objects.get(person=person)
    assert (post.org, post.title, post.term_end) == (tree.village_a1, "secretary", None)
    html = page(client.get(reverse("core:person_detail", args=[person.pk])))
    assert "书记" in html and "现任" in html and reverse("core:post_end", args=[post.pk]) in html
    html = page(client.get(reverse("core:org_detail", args=[tree.village_a1.pk])))
    assert person.name in html
    end_url = reverse("core:post_end", args=[post.pk])
    html = page(client.get(end_url))
    assert "确认结束任职" in html
    html = page(client.post(end_url, {"term_end": "2020-01-01"}))
    assert "任职结束日期不能早于任职开始日期" in html
    post.refresh_from_db()
    assert post.term_end is None
    assert client.post(end_url, {"term_end": "2024-01-01"}).status_code == 302
    post.refresh_from_db()
    assert post.term_end == dt.date(2024, 1, 1)
    actions = list(
        AuditEntry.objects.filter(object_type="core.post", object_id=str(post.pk)).values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE]


def test_posts_refused_for_members_and_out_of_scope_orgs(tree, client):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    url = reverse("core:post_create", args=[person.pk])
    html = page(client.post(url, {"org_code": "V003", "title": "secretary", "term_start": "2021-01-01"}))
    assert "组织代码“V003”不存在或不在您的管理范围内" in html
    login(client, tree, "member_a1")
    assert client.get(reverse("core:post_create", args=[tree.people["a1"][0].pk])).status_code == 403
    assert not Post.objects.exists()
