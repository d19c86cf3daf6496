"""微党建 through the API: what each caller may list (published_to), write → publish → withdraw, delete a draft, the
read receipt (201 once, then 200), who has not read — and the refusals."""

import datetime as dt

import pytest

from dangjian.orglife.models import Article, ArticleRead, StudyLog
from tests.members.api import api_as
from tests.orglife.content_world import content_world, published

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
URL = "/api/v1/orglife/articles/"


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def body(**overrides):
    values = {"org": "V001", "kind": "lesson", "title": "微党课:学党章", "body": "正文", "required": True}
    return values | {"study_hours": "1.0"} | overrides


def test_write_publish_read_withdraw(tree, today):
    secretary = api_as(tree.accounts["secretary_a1"])
    created = secretary.post(URL, body(), format="json")
    assert created.status_code == 201
    data = created.json()
    assert (data["state"], data["org"]["code"], data["study_hours"], data["is_read"]) == ("draft", "V001", "1.0", False)
    member = api_as(tree.accounts["member_a1"])
    assert member.get(f"{URL}{data['id']}/").status_code == 404  # a draft is not the members' yet
    patched = secretary.patch(f"{URL}{data['id']}/", {"title": "微党课:学习党章"}, format="json")
    assert patched.status_code == 200 and patched.json()["title"] == "微党课:学习党章"
    assert secretary.post(f"{URL}{data['id']}/publish/").json()["state"] == "published"
    first = member.post(f"{URL}{data['id']}/read/", {}, format="json")
    assert first.status_code == 201 and first.json()["hours"] == "1.0"
    again = member.post(f"{URL}{data['id']}/read/", {}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert StudyLog.objects.count() == 1
    assert member.get(f"{URL}{data['id']}/").json()["is_read"] is True
    unread = secretary.get(f"{URL}{data['id']}/unread/").json()
    assert {row["id"] for row in unread["results"]} == {p.pk for p in tree.people["a1"][1:]}
    assert member.get(f"{URL}{data['id']}/unread/").status_code == 403
    fixed = secretary.patch(f"{URL}{data['id']}/", {"required": False}, format="json")
    assert fixed.status_code == 400 and fixed.json() == {"required": ["内容发布后不能修改必学设置和学时"]}
    withdrawn = secretary.post(f"{URL}{data['id']}/withdraw/")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert member.get(URL).json()["count"] == 0


def test_refusals_and_deleting_a_draft(tree, today):
    secretary = api_as(tree.accounts["secretary_a1"])
    bad = secretary.post(URL, body(kind="exchange"), format="json")
    assert bad.status_code == 400 and bad.json() == {"required": ["微交流不能设为必学内容"]}
    blank = secretary.post(URL, body(title=""), format="json")
    assert blank.status_code == 400 and set(blank.json()) == {"title"}
    outside = secretary.post(URL, body(org="V002"), format="json")
    assert outside.status_code == 400 and outside.json() == {"org": ["发布组织代码：组织代码“V002”不存在"]}
    member = api_as(tree.accounts["member_a1"])
    assert member.post(URL, body(), format="json").status_code == 403
    draft = secretary.post(URL, body(), format="json").json()
    assert member.delete(f"{URL}{draft['id']}/").status_code == 404
    assert secretary.delete(f"{URL}{draft['id']}/").status_code == 204
    assert not Article.objects.exists()
    live = published(tree.village_a1, title="微党讯:通知", kind="news", required=False)
    refused = member.post(f"{URL}{live.pk}/read/", {}, format="json")
    assert refused.status_code == 400 and refused.json() == {"article": ["该内容不是必学内容,无需登记学习"]}
    assert secretary.delete(f"{URL}{live.pk}/").json() == {"published_at": ["只有草稿可以删除,已发布的内容请撤回"]}
    no_person = api_as(tree.accounts["town_a"]).post(f"{URL}{live.pk}/read/", {}, format="json")
    assert no_person.status_code == 400 and "person" in no_person.json()
    assert not ArticleRead.objects.exists()


def test_each_caller_lists_what_was_published_to_them(tree, today):
    content_world(tree)
    town_b = published(tree.town_b, title="西关街道:微党讯", kind="news", required=False)
    titles = {row["title"] for row in api_as(tree.accounts["member_a1"]).get(URL).json()["results"]}
    assert titles == {"微党课:学习贯彻党的二十届四中全会精神", "微党课:支部书记讲党课"}
    a2 = api_as(tree.accounts["secretary_a2"])
    listed = a2.get(URL).json()["results"]
    assert {row["org"]["code"] for row in listed} == {"C001", "V002"}
    a1_article = Article.objects.get(org=tree.village_a1)
    assert a2.get(f"{URL}{a1_article.pk}/").status_code == 404
    assert a2.get(f"{URL}{town_b.pk}/").status_code == 404
    assert a2.post(f"{URL}{a1_article.pk}/read/", {}, format="json").status_code == 404
    county = api_as(tree.accounts["county"])
    assert county.get(URL, {"org": "T002"}).json()["count"] == 2  # 西关街道's own and 和平社区's
    assert county.get(URL, {"required": "false"}).json()["count"] == 1
    assert county.get(URL, {"state": "draft"}).json()["count"] == 0
    # A manager records a member's reading on their behalf.
    secretary = api_as(tree.accounts["secretary_a1"])
    county_article = Article.objects.get(org=tree.county)
    person = tree.people["a1"][2]
    recorded = secretary.post(f"{URL}{county_article.pk}/read/", {"person": person.pk}, format="json")
    assert recorded.status_code == 201 and recorded.json()["person"] == person.pk
