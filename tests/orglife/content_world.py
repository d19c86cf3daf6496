"""微党建 data for tests: a required county 微党课 and, in every branch, the branch's own required item, each read by
the branch's first member (shared by the content tests and the API scope walk)."""

from __future__ import annotations

from decimal import Decimal

from dangjian.orglife.choices import ArticleKind
from dangjian.orglife.models import Article, ArticleRead
from dangjian.orglife.services import content as services


def published(org, *, title: str, kind: str = ArticleKind.LESSON, required: bool = True, hours: str = "1.0"):
    article = services.article_create(
        actor=None,
        org=org,
        kind=kind,
        title=title,
        body="原原本本学习,联系实际践行。",
        required=required,
        study_hours=Decimal(hours if required else "0"),
    )
    return services.article_publish(actor=None, article=article)


def content_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    county = published(tree.county, title="微党课:学习贯彻党的二十届四中全会精神")
    found: dict[str, tuple[Article, ArticleRead]] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        article = published(org, title="微党课:支部书记讲党课", hours="0.5")
        reader = tree.people[key][0]
        services.article_read_create(actor=None, article=county, person=reader)
        found[key] = (article, services.article_read_create(actor=None, article=article, person=reader))
    article, read = found["a1"]
    return {Article: [article], ArticleRead: [read]}
