"""Demo 微党建: about thirty 微党课, 微党讯 and 微交流 items published over the last six months by the county, some
townships and some branches; a few county and township 微党课 are required study items of 1.0 hour, read by about
70% of the members they reach (receipts and study-hours rows written set-based)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, COUNTED_STANDINGS, AuditAction, OrgLevel
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org, Person
from dangjian.core.scoping import subtree
from dangjian.orglife.choices import ArticleKind, StudySource
from dangjian.orglife.models import Article, ArticleRead, StudyLog

HOUR = Decimal("1.0")
READ_COLUMNS = ("county_id", "org_path", "article_id", "person_id", "read_at", "hours")
LOG_COLUMNS = ("county_id", "org_path", "person_id", "day", "year", "hours", "source", "ref", "note")
READ_SHARE = 0.7

LESSON_BODY = (
    "{topic}是当前和今后一个时期全党的一项重要政治任务。本期微党课围绕学什么、怎么学、如何用三个方面,"
    "帮助广大党员把握核心要义和实践要求。\n\n"
    "一是原原本本学。党员要认真研读原文,做到学深悟透、融会贯通,把思想和行动统一到党中央的决策部署上来。\n\n"
    "二是联系实际学。结合本职岗位和群众关心的实际问题,想一想自己能做什么、应该怎么做,"
    "把学习成效体现到为群众办实事、解难题上。\n\n"
    "三是带头践行。党员要在乡村振兴、基层治理、志愿服务等工作中走在前、作表率,以实际行动践行初心使命。\n\n"
    "学习后请点击“已学习”,学时将计入本人年度学习学时。"
)
NEWS_BODY = (
    "近日,{org}{event}。\n\n"
    "会议(活动)要求,各级党组织要提高政治站位,压实工作责任,把各项任务落细落实,"
    "以党建引领推动各项工作取得新成效。"
)
EXCHANGE_BODY = (
    "{event}大家分工协作、干劲十足,群众纷纷点赞。党员志愿服务就在身边,欢迎更多党员和群众加入我们!",
    "{event}老党员讲述了自己的入党经历,年轻党员表示要向老党员学习,立足岗位作贡献。",
    "{event}通过这次活动,大家进一步增强了党员意识,纷纷表示要亮身份、作表率。",
)

COUNTY_LESSONS = (
    ("微党课:学习贯彻党的二十届四中全会精神", "学习贯彻党的二十届四中全会精神", True),
    ("微党课:深入学习《中国共产党章程》", "学习党章、遵守党章", False),
    ("微党课:《中国共产党纪律处分条例》学习解读", "学习纪律处分条例、严守纪律规矩", False),
    ("微党课:弘扬伟大建党精神", "弘扬伟大建党精神", False),
    ("微党课:新时代“枫桥经验”的基层实践", "坚持和发展新时代“枫桥经验”", False),
    ("微党课:党员如何在乡村振兴中发挥先锋模范作用", "党员在乡村振兴中发挥先锋模范作用", False),
)
COUNTY_NEWS = (
    ("微党讯:县委组织部部署开展党员冬春训工作", "部署开展全县党员冬春训工作"),
    ("微党讯:全县“5·10”主题党日活动扎实开展", "组织各基层党组织开展“5·10”主题党日活动"),
    ("微党讯:县委召开基层党建工作推进会", "召开基层党建工作推进会"),
    ("微党讯:全县农村党员致富带头人培训班开班", "举办农村党员致富带头人培训班"),
)
TOWNSHIP_ITEMS = (
    (ArticleKind.LESSON, "微党课:{place}党委书记讲党课——乡村振兴,党员先行", "推进乡村全面振兴"),
    (ArticleKind.NEWS, "微党讯:{name}开展走访慰问老党员活动", "开展走访慰问老党员、困难党员活动"),
    (ArticleKind.NEWS, "微党讯:{name}召开村(社区)党组织书记例会", "召开村(社区)党组织书记例会"),
    (
        ArticleKind.EXCHANGE,
        "微交流:{place}党员志愿服务队走进敬老院",
        "党员志愿服务队走进敬老院,为老人打扫卫生、理发、量血压。",
    ),
)
BRANCH_ITEMS = (
    (ArticleKind.EXCHANGE, "微交流:党员志愿服务队清理村道垃圾", "周末,党员志愿服务队清理村道和沟渠垃圾。"),
    (ArticleKind.EXCHANGE, "微交流:主题党日重温入党誓词", "主题党日上,全体党员面对党旗重温入党誓词。"),
    (ArticleKind.NEWS, "微党讯:召开党员大会开展民主评议", "召开党员大会,开展民主评议党员工作"),
    (ArticleKind.EXCHANGE, "微交流:党员中心户为群众代办事项", "党员中心户上门为行动不便的群众代办社保认证等事项。"),
)


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59))))


def _article(org: Org, kind: str, title: str, body: str, published_at: dt.datetime, required: bool) -> Article:
    return Article(
        county_id=org.county_id,
        org=org,
        org_path=org.path,
        kind=kind,
        title=title[:100],
        body=body,
        required=required,
        study_hours=HOUR if required else Decimal("0.0"),
        published_at=published_at,
    )


def _plan(county: Org, today: dt.date, rng: random.Random) -> list[Article]:
    """The items and their days: spread over the last six months, none in the future."""

    def day() -> dt.date:
        return today - dt.timedelta(days=rng.randint(1, 180))

    articles: list[Article] = []
    for title, topic, required in COUNTY_LESSONS:
        body = LESSON_BODY.format(topic=topic)
        articles.append(_article(county, ArticleKind.LESSON, title, body, _moment(day(), rng), required))
    for title, event in COUNTY_NEWS:
        body = NEWS_BODY.format(org="县委组织部", event=event)
        articles.append(_article(county, ArticleKind.NEWS, title, body, _moment(day(), rng), False))
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"))
    for index, township in enumerate(rng.sample(townships, min(4, len(townships)))):
        name = township.short_name or township.name
        place = name.removesuffix("党工委").removesuffix("党委")
        for kind, title, event in rng.sample(TOWNSHIP_ITEMS, 3):
            if kind == ArticleKind.LESSON:
                body = LESSON_BODY.format(topic=event)
            elif kind == ArticleKind.NEWS:
                body = NEWS_BODY.format(org=name, event=event)
            else:
                body = rng.choice(EXCHANGE_BODY).format(event=event)
            required = kind == ArticleKind.LESSON and index < 2
            title = title.format(name=name, place=place)
            articles.append(_article(township, kind, title, body, _moment(day(), rng), required))
    branches = list(Org.objects.filter(county=county, kind__in=BRANCH_KINDS).order_by("path"))
    for branch in rng.sample(branches, min(8, len(branches))):
        kind, title, event = rng.choice(BRANCH_ITEMS)
        if kind == ArticleKind.NEWS:
            body = NEWS_BODY.format(org=branch.name, event=event)
        else:
            body = rng.choice(EXCHANGE_BODY).format(event=event)
        articles.append(_article(branch, kind, title, body, _moment(day(), rng), False))
    return articles


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add 微党建 items, receipts and the hours they credited to an existing demo county (set-based)."""
    articles = _plan(county, today, rng)
    Article.objects.bulk_create(articles, batch_size=5000)
    required = [a for a in Article.objects.filter(county=county, required=True).order_by("published_at", "id")]
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(22, 0)))
    reads: list[tuple[Any, ...]] = []
    logs: list[tuple[Any, ...]] = []
    source = StudySource.ARTICLE.value
    zone = timezone.get_current_timezone()
    for article in required:
        people = (
            Person.objects.filter(
                county=county, standing__in=COUNTED_STANDINGS, **subtree("org_path", article.org_path)
            )
            .order_by("id")
            .values_list("id", "org_path")
        )
        assert article.published_at is not None
        ref = f"article:{article.pk}"
        for person_id, org_path in people:
            if rng.random() >= READ_SHARE:
                continue
            read_at = min(article.published_at + dt.timedelta(minutes=rng.randint(30, 14 * 24 * 60)), now)
            day = read_at.astimezone(zone).date()
            reads.append((county.pk, org_path, article.pk, person_id, read_at, article.study_hours))
            logs.append(
                (county.pk, org_path, person_id, day, day.year, article.study_hours, source, ref, article.title)
            )
    insert_rows(ArticleRead, READ_COLUMNS, reads)
    insert_rows(StudyLog, LOG_COLUMNS, logs)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "content", "articles": len(articles), "required": len(required), "reads": len(reads)},
    )
