"""微党建 through the services and selectors: who may publish, the draft → published → withdrawn workflow, read
receipts (once, required items only, the hours logged on the first), what each member sees (published_to), read
counts with their denominators, who has not read, and hours per member."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dangjian.core.choices import AuditAction, Standing
from dangjian.core.models import AuditEntry
from dangjian.members.choices import StandingBasis
from dangjian.members.services.standing import standing_change
from dangjian.orglife.choices import ArticleKind, StudySource
from dangjian.orglife.models import Article, ArticleRead, StudyLog
from dangjian.orglife.selectors import content as selectors
from dangjian.orglife.services import content as services
from tests.core.factories import make_person
from tests.orglife.content_world import published

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def draft(tree, who="secretary_a1", org=None, **values):
    fields = {"kind": ArticleKind.LESSON, "title": "微党课:学党章", "body": "正文", "required": True}
    fields |= {"study_hours": Decimal("1.0")} | values
    return services.article_create(actor=tree.accounts[who], org=org or tree.village_a1, **fields)


def test_publish_workflow_is_audited(tree, today):
    secretary = tree.accounts["secretary_a1"]
    article = draft(tree)
    assert (article.county_id, article.org_path, article.author) == (tree.county.pk, tree.village_a1.path, secretary)
    assert rules_state(article) == "draft"
    services.article_publish(actor=secretary, article=article)
    assert rules_state(Article.objects.get()) == "published"
    with pytest.raises(ValidationError) as twice:
        services.article_publish(actor=secretary, article=article)
    assert twice.value.message_dict == {"published_at": ["该内容不是草稿,不能发布"]}
    with pytest.raises(ValidationError) as delete:
        services.article_delete(actor=secretary, article=article)
    assert delete.value.message_dict == {"published_at": ["只有草稿可以删除,已发布的内容请撤回"]}
    services.article_withdraw(actor=secretary, article=article)
    assert rules_state(Article.objects.get()) == "withdrawn"
    with pytest.raises(ValidationError):
        services.article_update(actor=secretary, article=article, title="新标题")
    actions = list(
        AuditEntry.objects.filter(object_type="orglife.article").order_by("id").values_list("action", flat=True)
    )
    assert actions == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.UPDATE]


def rules_state(article):
    from dangjian.orglife import rules

    return rules.article_state(article.published_at, article.withdrawn)


def test_validation_names_the_field(tree, today):
    with pytest.raises(ValidationError) as refused:
        draft(tree, kind=ArticleKind.EXCHANGE, title="", body="字" * 501, study_hours=Decimal("9"))
    assert refused.value.message_dict == {
        "title": ["请填写标题"],
        "body": ["微交流为短文,正文不超过500字(现有501字)"],
        "required": ["微交流不能设为必学内容"],
        "study_hours": ["学习学时不超过8.0"],
    }
    with pytest.raises(ValidationError) as hours:
        draft(tree, required=False, study_hours=Decimal("0.5"))
    assert hours.value.message_dict == {"study_hours": ["只有必学内容计入学习学时"]}
    assert not Article.objects.exists()


def test_who_may_publish(tree, today):
    for who, org in (("member_a1", tree.village_a1), ("secretary_a2", tree.village_a1), ("secretary_a1", tree.town_a)):
        with pytest.raises(PermissionDenied):
            draft(tree, who, org=org)
    assert draft(tree, "town_a", org=tree.village_a1).org == tree.village_a1  # a township for a branch below it
    article = draft(tree)
    with pytest.raises(PermissionDenied):
        services.article_publish(actor=tree.accounts["secretary_a2"], article=article)


def test_a_published_item_keeps_what_readers_were_asked(tree, today):
    secretary = tree.accounts["secretary_a1"]
    article = published(tree.village_a1, title="微党课:学党章")
    with pytest.raises(ValidationError) as fixed:
        services.article_update(actor=secretary, article=article, required=False, study_hours=Decimal("0"))
    assert fixed.value.message_dict == {
        "required": ["内容发布后不能修改必学设置和学时"],
        "study_hours": ["内容发布后不能修改必学设置和学时"],
    }
    updated = services.article_update(actor=secretary, article=article, title="微党课:学习党章", required=True)
    assert updated.title == "微党课:学习党章"
    change = AuditEntry.objects.filter(object_type="orglife.article", action=AuditAction.UPDATE).latest("id")
    assert change.before == {"title": "微党课:学党章"} and change.after == {"title": "微党课:学习党章"}


def test_a_read_receipt_is_written_once_and_logs_the_hours(tree, today):
    article = published(tree.county, title="微党课:学习贯彻全会精神")
    person = tree.people["a1"][0]
    member = tree.accounts["member_a1"]
    first = services.article_read_create(actor=member, article=article, person=person)
    assert (first.hours, first.org_path) == (Decimal("1.0"), tree.village_a1.path)
    again = services.article_read_create(actor=member, article=article, person=person)
    assert again.pk == first.pk and ArticleRead.objects.count() == 1
    log = StudyLog.objects.get()
    assert (log.person, log.source, log.ref, log.day, log.hours) == (
        person,
        StudySource.ARTICLE,
        f"article:{article.pk}",
        TODAY,
        Decimal("1.0"),
    )
    assert AuditEntry.objects.filter(object_type="orglife.articleread", action=AuditAction.CREATE).count() == 1
    with pytest.raises(PermissionDenied):
        services.article_read_create(actor=member, article=article, person=tree.people["a1"][1])
    # A manager may record it for a member of the branch.
    services.article_read_create(actor=tree.accounts["secretary_a1"], article=article, person=tree.people["a1"][1])
    assert StudyLog.objects.count() == 2


def test_no_hours_no_log_and_refusals(tree, today):
    person = tree.people["a1"][0]
    no_hours = published(tree.village_a1, title="微党课:零学时", hours="0")
    services.article_read_create(actor=None, article=no_hours, person=person)
    assert not StudyLog.objects.exists()
    optional = published(tree.village_a1, title="微党讯:通知", kind=ArticleKind.NEWS, required=False)
    other_branch = published(tree.village_a2, title="微党课:王庄村")
    unpublished = draft(tree)
    for article, message in (
        (optional, "该内容不是必学内容,无需登记学习"),
        (other_branch, "该内容不是向该党员所在党组织发布的"),
        (unpublished, "该内容未发布或已撤回"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.article_read_create(actor=None, article=article, person=person)
        assert refused.value.message_dict == {"article": [message]}
    assert ArticleRead.objects.count() == 1


def test_what_each_member_sees(tree, today):
    county = published(tree.county, title="县:微党课")
    town_a = published(tree.town_a, title="东城镇:微党课")
    town_b = published(tree.town_b, title="西关街道:微党课")
    a1 = published(tree.village_a1, title="李庄村:微党课")
    a2 = published(tree.village_a2, title="王庄村:微党课")
    withdrawn = services.article_withdraw(actor=None, article=published(tree.county, title="县:已撤回"))
    county_draft = draft(tree, "county", org=tree.county, title="县:草稿")
    a1_draft = draft(tree, title="李庄村:草稿")

    def feed(who):
        return {a.pk for a in selectors.feed(tree.accounts[who], {})[1]}

    def visible(who):
        return {a.pk for a in selectors.visible_articles(tree.accounts[who])}

    assert feed("member_a1") == {county.pk, town_a.pk, a1.pk}  # not 西关街道's, not 王庄村's
    assert visible("member_a1") == {county.pk, town_a.pk, a1.pk}
    assert feed("secretary_a1") == {county.pk, town_a.pk, a1.pk}
    assert visible("secretary_a1") == {county.pk, town_a.pk, a1.pk, a1_draft.pk}
    assert visible("town_a") == {county.pk, town_a.pk, a1.pk, a2.pk, a1_draft.pk}
    assert visible("county") == {
        county.pk,
        town_a.pk,
        town_b.pk,
        a1.pk,
        a2.pk,
        withdrawn.pk,
        county_draft.pk,
        a1_draft.pk,
    }
    ordered = [a.title for a in selectors.feed(tree.accounts["member_a1"], {"search": "微党课"})[1]]
    assert ordered == ["李庄村:微党课", "东城镇:微党课", "县:微党课"]  # newest first


def test_read_counts_unread_and_hours(tree, today):
    article = published(tree.county, title="县:微党课")
    a1, a2 = tree.people["a1"], tree.people["a2"]
    services.article_read_create(actor=None, article=article, person=a1[0])
    services.article_read_create(actor=None, article=article, person=a2[0])
    gone = make_person(tree.village_a1)
    services.article_read_create(actor=None, article=article, person=gone)
    standing_change(
        actor=None,
        person=gone,
        to_standing=Standing.DECEASED,
        changed_on=TODAY,
        basis=StandingBasis.DEATH,
        reason="病故",
    )
    # Counted now: 7 members in the county; the member who died leaves both numbers.
    assert selectors.read_counts(tree.accounts["county"], [article]) == {article.pk: (2, 7)}
    assert selectors.read_counts(tree.accounts["secretary_a1"], [article]) == {article.pk: (1, 3)}
    assert selectors.read_counts(tree.accounts["town_a"], [article]) == {article.pk: (2, 5)}
    unread = {p.pk for p in selectors.unread_people(tree.accounts["secretary_a1"], article, {})[1]}
    assert unread == {a1[1].pk, a1[2].pk}
    found = selectors.unread_people(tree.accounts["town_a"], article, {"search": a2[1].name})[1]
    assert [p.pk for p in found] == [a2[1].pk]
    hours = {
        p.pk: (p.article_count, p.article_hours)
        for p in selectors.hours_roster(tree.accounts["town_a"], {}, year=2026)[1]
    }
    assert hours[a1[0].pk] == (1, Decimal("1.0")) and hours[a1[1].pk] == (0, Decimal("0"))
    studied = selectors.hours_roster(tree.accounts["town_a"], {"studied": "true"}, year=2026)[1]
    assert {p.pk for p in studied} == {a1[0].pk, a2[0].pk}
    assert not selectors.hours_roster(tree.accounts["town_a"], {"studied": "true"}, year=2025)[1].exists()
