"""Account pages: administrators list the accounts in scope and create accounts bound to an org in scope."""

import pytest
from django.urls import reverse

from dangjian.core.choices import AuditAction, Role
from dangjian.core.models import AuditEntry, User
from tests.core.pages import login, page

pytestmark = pytest.mark.django_db

PASSWORD = "Dangjian#2026"


def account_data(**overrides):
    data = {
        "username": "wang_v002",
        "display_name": "王书记",
        "role": Role.BRANCH_SECRETARY,
        "org_code": "V002",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["core:account_list", "core:account_create"])
def test_anonymous_is_sent_to_login(db, client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("who", ["secretary_a1", "member_a1"])
def test_non_admins_get_403_and_no_menu_entry(tree, client, who):
    login(client, tree, who)
    assert client.get(reverse("core:account_list")).status_code == 403
    assert client.post(reverse("core:account_create"), account_data()).status_code == 403
    assert not User.objects.filter(username="wang_v002").exists()
    assert reverse("core:account_list") not in page(client.get(reverse("core:org_tree")))


def test_admin_lists_the_accounts_in_scope(tree, client, django_assert_max_num_queries):
    login(client, tree, "town_a")
    assert reverse("core:account_list") in page(client.get(reverse("core:org_tree")))
    with django_assert_max_num_queries(10):
        html = page(client.get(reverse("core:account_list")))
    assert "<td>town_a_admin</td>" in html and "<td>secretary_a1</td>" in html and "<td>member_a1</td>" in html
    assert "<td>county_admin</td>" not in html
    html = page(client.get(reverse("core:account_list"), {"role": Role.MEMBER}))
    assert "member_a1" in html and "secretary_a1" not in html
    assert "暂无账号" in page(client.get(reverse("core:account_list"), {"search": "nobody"}))


def test_admin_creates_an_account_in_scope(tree, client):
    login(client, tree, "town_a")
    response = client.post(reverse("core:account_create"), account_data())
    assert response.status_code == 302
    user = User.objects.get(username="wang_v002")
    assert (user.org, user.role, user.display_name) == (tree.village_a2, Role.BRANCH_SECRETARY, "王书记")
    assert user.check_password(PASSWORD)
    entry = AuditEntry.objects.get(object_type="core.user", object_id=str(user.pk))
    assert (entry.action, entry.source) == (AuditAction.CREATE, "web")
    assert "password" not in entry.after


def test_bad_accounts_are_refused_in_chinese_and_nothing_is_created(tree, client):
    login(client, tree, "town_a")
    users, logged = User.objects.count(), AuditEntry.objects.count()
    url = reverse("core:account_create")
    assert "至少3类" in page(client.post(url, account_data(password="alllowercase", password_again="alllowercase")))
    assert "两次输入的密码不一致" in page(client.post(url, account_data(password_again="Other#2026x")))
    assert "组织代码“V003”不存在或不在您的管理范围内" in page(client.post(url, account_data(org_code="V003")))
    assert "用户名“secretary_a1”已存在" in page(client.post(url, account_data(username="secretary_a1")))
    html = page(client.post(url, account_data(role=Role.MEMBER, org_code="")))
    assert "党员账号须对应一名党员" in html
    outsider = tree.people["b1"][0]
    html = page(client.post(url, account_data(role=Role.MEMBER, person_id_number=outsider.id_number)))
    assert "在您的管理范围内没有找到该公民身份号码对应的党员" in html
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, logged)


def test_member_account_is_bound_to_a_person_found_by_id_number(tree, client):
    person = tree.people["a2"][0]
    login(client, tree, "town_a")
    data = account_data(username="member_a2", role=Role.MEMBER, org_code="", person_id_number=person.id_number)
    assert client.post(reverse("core:account_create"), data).status_code == 302
    user = User.objects.get(username="member_a2")
    assert (user.person, user.org, user.role) == (person, tree.village_a2, Role.MEMBER)


def test_member_account_from_the_person_page(tree, client):
    person = tree.people["a2"][1]
    login(client, tree, "town_a")
    html = page(client.get(reverse("core:person_detail", args=[person.pk])))
    link = f"{reverse('core:account_create')}?person={person.pk}"
    assert link in html
    html = page(client.get(link))
    assert person.name in html
    data = account_data(username="member_a2b", role=Role.MEMBER, person=person.pk)
    assert client.post(link, data).status_code == 302
    assert User.objects.get(username="member_a2b").person == person
    # A person who already has an account offers no second one.
    assert link not in page(client.get(reverse("core:person_detail", args=[person.pk])))
