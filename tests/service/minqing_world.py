"""民情夜市 and mediation data for tests: in every branch (a1, a2, b1) a session held last week with an issue raised
there and assigned, a village mediator and a group mediator, and a dispute mediated once at village level; each
township has its town mediator. Shared by the minqing tests and the API scope walk."""

from __future__ import annotations

import datetime as dt

from dangjian.core import clock
from dangjian.service.models import Dispute, MediationSession, Mediator, MinqingIssue, NightMarket
from dangjian.service.services import minqing as services

PLACES = {"a1": "李庄村", "a2": "王庄村", "b1": "和平社区"}
RAISERS = {"a1": ("张桂兰", "13812340001"), "a2": ("王建国", "13812340002"), "b1": ("赵秀英", "13812340003")}
PARTIES = {"a1": "李大山与李小河", "a2": "王铁柱与王金锁", "b1": "赵德胜与钱满仓"}

# Fields that hold residents' names, phones or ID numbers (never on a public page).
PRIVATE_FIELDS = {
    MinqingIssue: ["raiser_name", "raiser_phone"],
    Dispute: ["parties"],
    Mediator: ["phone"],
}


def make_session(org, held_on=None, **overrides) -> NightMarket:
    values = {
        "actor": None,
        "org": org,
        "held_on": held_on or clock.today() - dt.timedelta(days=7),
        "starts_at": dt.time(19, 30),
        "place": "村党群服务中心广场",
        "hosts": "刘书记、陈主任",
        "town_cadre": "镇包村干部周明",
        "attendance": 46,
        "topics": "道路硬化、自来水入户",
    }
    return services.session_create(**values | overrides)


def make_issue(org, session=None, key: str = "a1", **overrides) -> MinqingIssue:
    name, phone = RAISERS[key]
    values = {
        "actor": None,
        "org": org,
        "session": session,
        "channel": "" if session is not None else "visit",
        "category": "road",
        "content": "村东组道路坑洼,雨天出行困难",
        "raiser_name": name,
        "raiser_phone": phone,
    }
    return services.issue_create(**values | overrides)


def make_mediator(org, level: str = "village", **overrides) -> Mediator:
    values = {
        "actor": None,
        "org": org,
        "level": level,
        "name": "孙调解",
        "post": "村调委会主任",
        "phone": "13900000001",
    }
    if level == "group":
        values |= {"group_name": "第三村民小组", "post": "村民小组长"}
    return services.mediator_create(**values | overrides)


def make_dispute(org, level: str = "village", key: str = "a1", mediators=(), **overrides) -> Dispute:
    values = {
        "actor": None,
        "org": org,
        "kind": "homestead",
        "parties": PARTIES[key],
        "summary": "宅基地界址争议",
        "received_on": clock.today() - dt.timedelta(days=10),
        "level": level,
        "mediators": mediators,
    }
    return services.dispute_create(**values | overrides)


def minqing_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    today = clock.today()
    found: dict[str, tuple] = {}
    for town, name in ((tree.town_a, "周镇长"), (tree.town_b, "吴主任")):
        make_mediator(town, "town", name=name, post="镇调委会主任")
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        session = make_session(org, place=f"{PLACES[key]}党群服务中心")
        issue = make_issue(org, session, key)
        services.issue_assign(actor=None, issue=issue, assignee_name="陈主任", due_on=today + dt.timedelta(days=10))
        mediator = make_mediator(org, name=f"{PLACES[key]}调解员")
        group = make_mediator(org, "group", name=f"{PLACES[key]}组调解员")
        dispute = make_dispute(org, key=key, mediators=[mediator])
        record = services.dispute_mediate(actor=None, dispute=dispute, note="双方陈述,约定再调", held_on=today)
        found[key] = (session, issue, mediator, group, dispute, record)
    session, issue, mediator, group, dispute, record = found["a1"]
    issue.refresh_from_db()
    return {
        NightMarket: [session],
        MinqingIssue: [issue],
        Mediator: [mediator, group],
        Dispute: [dispute],
        MediationSession: [record],
    }
