"""微党建 pages: the managers' list with "已学 n/m", the form and the workflow (withdraw and delete ask first), the
members' feed and reading page with "已学习", who has not read (filters, export), and hours per member."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import ArticleKind
from dangjian.orglife.models import Article, ArticleRead, StudyLog
from dangjian.orglife.services import content as services
from tests.core.factories import make_person
from tests.core.pages import login, page
from tests.orglife.content_world import content_world, published

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def form(**overrides):
    values = {
        "org_code": "V001",
        "kind": ArticleKind.LESSON,
        "title": "微党课:学党章",
        "body": "第一段。\n\n第二段。",
        "required": "on",
        "study_hours": "1.0",
    }
    return values | overrides


def test_a_secretary_writes_publishes_and_withdraws(tree, client, today):
    login(client, tree, "secretary_a1")
    response = client.post(reverse("orglife:article_create"), form())
    assert response.status_code == 302
    article = Article.objects.get()
    detail = reverse("orglife:article_detail", args=[article.pk])
    assert response["Location"] == detail
    html = page(client.get(detail))
    assert "草稿" in html and "发布" in html and "删除草稿" in html
    assert client.post(reverse("orglife:article_publish", args=[article.pk])).status_code == 302
    html = page(client.get(detail))
    assert "学习情况:已学 0/3 (0.0%)" in html and "3人未学习" in html
    withdraw = reverse("orglife:article_withdraw", args=[article.pk])
    html = page(client.get(withdraw))
    assert "确认撤回" in html and not Article.objects.get().withdrawn
    assert client.post(withdraw).status_code == 302
    assert Article.objects.get().withdrawn
    login(client, tree, "member_a1")
    assert client.get(detail).status_code == 404


def test_the_form_keeps_input_and_names_the_field(tree, client, today):
    login(client, tree, "secretary_a1")
    html = page(client.post(reverse("orglife:article_create"), form(kind=ArticleKind.EXCHANGE, title="王委员的分享")))
    assert "微交流不能设为必学内容" in html and 'value="王委员的分享"' in html
    html = page(client.post(reverse("orglife:article_create"), form(org_code="V002")))
    assert "组织代码“V002”不存在或不在您的管理范围内" in html
    assert not Article.objects.exists()
    login(client, tree, "member_a1")
    assert client.get(reverse("orglife:article_create")).status_code == 403


def test_editing_a_published_item_keeps_the_required_setting(tree, client, today):
    article = published(tree.village_a1, title="微党课:学党章")
    login(client, tree, "secretary_a1")
    url = reverse("orglife:article_edit", args=[article.pk])
    html = page(client.get(url))
    assert "必学设置和学时保持发布时的要求" in html and "disabled" in html
    response = client.post(url, {"kind": "lesson", "title": "微党课:学习党章", "body": "新正文"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title, article.required, article.study_hours) == ("微党课:学习党章", True, 1)


def test_deleting_a_draft_asks_first(tree, client, today):
    article = services.article_create(
        actor=None, org=tree.village_a1, kind=ArticleKind.NEWS, title="微党讯:草稿", body="正文"
    )
    login(client, tree, "secretary_a1")
    url = reverse("orglife:article_delete", args=[article.pk])
    assert "确认删除" in page(client.get(url)) and Article.objects.exists()
    assert client.post(url).status_code == 302
    assert not Article.objects.exists()
    assert AuditEntry.objects.filter(object_type="orglife.article", action=AuditAction.DELETE).exists()


def test_a_member_reads_the_feed_and_marks_a_required_item(tree, client, today):
    content_world(tree)
    county = Article.objects.get(org=tree.county)
    published(tree.town_b, title="西关街道:微党讯", kind=ArticleKind.NEWS, required=False)
    published(tree.village_a1, title="微交流:清理村道", kind=ArticleKind.EXCHANGE, required=False)
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:article_list")))  # members get their feed
    assert "学习贯彻党的二十届四中全会精神" in html and "支部书记讲党课" in html
    assert "西关街道" not in html and "清理村道" in html and "原原本本学习" in html  # 微交流 shows in full
    assert html.count("已学习") == 2  # the world's reader is this member
    reader = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    secretary = tree.accounts["secretary_a1"]
    secretary.person = reader
    secretary.save(update_fields=["person"])
    html = page(client.get(reverse("orglife:article_detail", args=[county.pk])))
    assert 'action="' + reverse("orglife:article_read", args=[county.pk]) in html
    response = client.post(reverse("orglife:article_read", args=[county.pk]))
    assert response.status_code == 302
    assert ArticleRead.objects.filter(article=county, person=reader).exists()
    assert StudyLog.objects.filter(person=reader, ref=f"article:{county.pk}").count() == 1
    client.post(reverse("orglife:article_read", args=[county.pk]))
    assert ArticleRead.objects.filter(article=county, person=reader).count() == 1
    html = page(client.get(reverse("orglife:article_detail", args=[county.pk])))
    assert "计入学时 1.0" in html


def test_the_feed_filters_and_is_empty_politely(tree, client, today):
    content_world(tree)
    login(client, tree, "member_a1")
    html = page(client.get(reverse("orglife:article_feed"), {"kind": ArticleKind.NEWS}))
    assert "暂无符合条件的内容" in html
    html = page(client.get(reverse("orglife:article_feed"), {"search": "四中全会"}))
    assert "四中全会" in html and "支部书记讲党课" not in html


def test_manager_list_shows_read_counts_with_denominators(tree, client, today):
    content_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("orglife:article_list")))
    assert "已学 2/5 (40.0%)" in html  # the county item, counted in 东城镇: a1's and a2's first members
    assert "已学 1/3 (33.3%)" in html and "已学 1/2 (50.0%)" in html  # the two branches' items
    assert "和平社区" not in html
    html = page(client.get(reverse("orglife:article_list"), {"org": "V002"}))
    assert "已学 1/2 (50.0%)" in html and "1/3" not in html
    response = client.get(reverse("orglife:article_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][-3:] == ("已学人数", "应学人数", "学习率") and len(rows) == 2 + 3
    assert {row[-1] for row in rows[2:]} == {"2/5 (40.0%)", "1/3 (33.3%)", "1/2 (50.0%)"}
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="articles").exists()


def test_who_has_not_read_with_filters_and_export(tree, client, today):
    content_world(tree)
    county = Article.objects.get(org=tree.county)
    login(client, tree, "town_a")
    url = reverse("orglife:article_unread", args=[county.pk])
    html = page(client.get(url))
    a1, a2 = tree.people["a1"], tree.people["a2"]
    assert "已学 2/5 (40.0%)" in html
    assert a1[1].name in html and a2[1].name in html and a1[0].name not in html
    html = page(client.get(url, {"org": "V002"}))
    assert a2[1].name in html and a1[1].name not in html
    response = client.get(reverse("orglife:article_unread_export", args=[county.pk]), {"org": "V001"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(row[1] for row in rows[2:]) == sorted([a1[1].name, a1[2].name])
    login(client, tree, "member_a1")
    assert client.get(url).status_code == 403


def test_hours_per_member(tree, client, today):
    content_world(tree)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("orglife:article_hours")))
    assert "微党课学习学时 · 2026年度" in html and "1.5" in html
    response = client.get(reverse("orglife:article_hours_export"), {"year": "2026"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and str(rows[-1][3]) == "1.5" and rows[-1][2] == 2
    html = page(client.get(reverse("orglife:article_hours"), {"year": "2025", "studied": "true"}))
    assert "暂无符合条件的党员" in html


def test_pages_queries_do_not_grow_with_rows(tree, client, today):
    login(client, tree, "county")
    urls = [reverse("orglife:article_list"), reverse("orglife:article_feed"), reverse("orglife:article_hours")]
    a1, a2, b1 = tree.village_a1, tree.village_a2, tree.community_b1
    publishers = [(a1, a1), (a2, a2), (b1, b1), (tree.town_a, a2), (tree.county, b1)]

    def add(count):
        for index in range(count):
            org, home = publishers[index % len(publishers)]
            article = published(org, title=f"微党课:第{Article.objects.count() + 1}讲")
            services.article_read_create(actor=None, article=article, person=make_person(home))

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(1)
    client.get(urls[0])
    few = [queries(url) for url in urls]
    add(4)
    assert [queries(url) for url in urls] == few
