"""Demo 群众办事代办: twelve months of residents' requests at every village (5–11 a month) and community (10–18 a
month): mostly at the counter, mostly 代理办 and 现场办, about 92% finished in time, about 95% of the rated satisfied,
late ones escalated to the township, a few returned, and a handful open now. Set-based (`insert_rows`)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import Any

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction, OrgDomain, OrgLevel
from dangjian.core.demo.writer import insert_rows
from dangjian.core.models import Org
from dangjian.service import rules
from dangjian.service.choices import ServiceMode
from dangjian.service.models import RequestProgress, ServiceRequest
from dangjian.service.selectors.common import places_of

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏"
GIVEN = (
    "建国 秀英 桂兰 玉兰 春梅 国庆 振东 德胜 新民 卫东 丽萍 海波 红霞 志强 淑珍 凤英 金花 永福 长江 保国 "
    "文华 翠花 明亮 小龙 建华 玉梅 桂芳 秀兰 振华 国强"
).split()
CONTENTS: dict[str, tuple[str, ...]] = {
    "household": ("新生儿落户登记", "户口迁入(婚迁)", "身份证到期换领", "户籍信息更正", "分户登记咨询"),
    "social_security": (
        "城乡居民医保缴费",
        "养老保险待遇资格认证",
        "社保卡补办",
        "异地就医备案",
        "大病保险报销材料",
    ),
    "assistance": ("低保申请", "临时救助申请", "残疾人证换证", "高龄津贴申领", "特困供养年审"),
    "family_planning": ("独生子女父母奖励扶助申报", "计生特殊家庭扶助", "生育登记"),
    "land": ("土地承包经营权确权咨询", "宅基地申请", "土地流转合同备案", "承包地边界纠纷"),
    "certificate": ("开具居住证明", "开具无犯罪记录证明介绍信", "开具家庭经济困难证明", "开具亲属关系证明"),
    "subsidy": ("耕地地力保护补贴查询", "农机购置补贴申请", "种粮补贴未到账", "惠民惠农一卡通挂失"),
    "other": ("路灯不亮报修", "自来水管道漏水", "垃圾清运不及时", "就业岗位推荐"),
}
CATEGORY_WEIGHTS = {
    "household": 12,
    "social_security": 22,
    "assistance": 14,
    "family_planning": 4,
    "land": 10,
    "certificate": 18,
    "subsidy": 12,
    "other": 8,
}
CHANNEL_WEIGHTS = {"counter": 45, "public": 20, "phone": 20, "minqing": 10, "visit": 5}
MODE_WEIGHTS = {"proxy": 40, "onsite": 35, "assist": 12, "referral": 8, "full": 5}
REFERRALS = ("县人社局", "县医保局", "镇便民服务中心", "县公安局户政科", "镇民政所", "县自然资源局")
RESULTS = {
    "onsite": "已当场办结",
    "proxy": "已代为办理完毕,材料已送达本人",
    "assist": "已协助群众完成网上申报",
    "referral": "已介绍到相关部门,群众已办好",
    "full": "已全程代办,各环节均已办结",
}
IN_TIME = 0.92
RATED = 0.7
HANDLERS = ("刘建国", "张振东", "李德胜", "王卫东", "陈新民", "杨海波", "赵红霞", "周丽萍")


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    keys, cumulative = _CUMULATIVE.get(id(weights)) or _cumulate(weights)
    return keys[bisect.bisect_right(cumulative, rng.random() * cumulative[-1])]


_CUMULATIVE: dict[int, tuple[list[str], list[int]]] = {}


def _cumulate(weights: dict[str, int]) -> tuple[list[str], list[int]]:
    keys, total, cumulative = list(weights), 0, []
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    _CUMULATIVE[id(weights)] = (keys, cumulative)
    return keys, cumulative


def _at(day: dt.date, rng: random.Random, start: int = 8, end: int = 18) -> dt.datetime:
    """A time of day in the county's zone (Asia/Shanghai keeps no summer time, so the zone can be attached)."""
    minutes = rng.randrange((end - start) * 60)
    return dt.datetime(
        day.year, day.month, day.day, start + minutes // 60, minutes % 60, tzinfo=timezone.get_current_timezone()
    )


def _code(rng: random.Random, used: set[str]) -> str:
    while True:
        code = "".join(rng.choices(rules.RECEIPT_ALPHABET, k=rules.RECEIPT_LENGTH))
        if code not in used:
            used.add(code)
            return code


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    places = list(places_of(county.pk).only("id", "path", "domain", "county_id"))
    if not places:
        return
    towns = dict(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).values_list("path", "id"))
    used = set(ServiceRequest.objects.values_list("receipt_code", flat=True))
    now = timezone.now()
    start = today - dt.timedelta(days=364)
    requests: list[list[Any]] = []
    progress: list[tuple[str, dt.datetime, str]] = []
    for place in places:
        town_id = towns.get(place.path[: -Org.steplen])
        low, high = (10, 18) if place.domain == OrgDomain.COMMUNITY else (5, 11)
        for month in range(12):
            first, span = month * 365 // 12, (month + 1) * 365 // 12 - month * 365 // 12
            for _ in range(rng.randint(low, high)):
                filed_on = start + dt.timedelta(days=first + rng.randrange(span))
                requests.append(_request(rng, place, town_id, filed_on, today, now, used, progress))
    columns = [
        "county_id",
        "org_id",
        "org_path",
        "receipt_code",
        "channel",
        "category",
        "content",
        "resident_name",
        "resident_phone",
        "filed_at",
        "filed_on",
        "filed_by_id",
        "status",
        "mode",
        "referred_to",
        "handler_name",
        "handler_person_id",
        "deadline",
        "accepted_at",
        "finished_on",
        "result",
        "return_reason",
        "escalated_at",
        "escalated_to_id",
        "taken_over_at",
        "rating",
        "rating_source",
        "rating_comment",
        "rated_at",
        "created_at",
        "updated_at",
    ]
    insert_rows(ServiceRequest, columns, requests)
    ids = dict(ServiceRequest.objects.filter(county=county).values_list("receipt_code", "id"))
    paths = {row[3]: row[2] for row in requests}
    insert_rows(
        RequestProgress,
        ["county_id", "org_path", "request_id", "occurred_at", "text", "author_id", "created_at"],
        ((county.pk, paths[code], ids[code], at, text, None, now) for code, at, text in progress),
    )
    done = sum(1 for row in requests if row[12] == "done")
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "requests", "requests": len(requests), "done": done, "progress": len(progress)},
    )


def _request(
    rng: random.Random,
    place: Org,
    town_id: int | None,
    filed_on: dt.date,
    today: dt.date,
    now: dt.datetime,
    used: set[str],
    progress: list[tuple[str, dt.datetime, str]],
) -> list[Any]:
    category = _pick(rng, CATEGORY_WEIGHTS)
    channel = _pick(rng, CHANNEL_WEIGHTS)
    mode = _pick(rng, MODE_WEIGHTS)
    code = _code(rng, used)
    filed_at = _at(filed_on, rng)
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    phone = f"13{rng.randint(0, 9)}{rng.randint(0, 99_999_999):08d}"
    content = rng.choice(CONTENTS[category])
    deadline = rules.default_deadline(mode, filed_on)
    status, finished_on, result, reason = "handling", None, "", ""
    escalated_at = escalated_to = rating = source = rated_at = None
    age = (today - filed_on).days
    roll = rng.random()
    if age <= 2 and roll < 0.3:  # waiting to be accepted
        return _row(
            place,
            code,
            channel,
            category,
            content,
            name,
            phone,
            filed_at,
            filed_on,
            "pending",
            "",
            "",
            "",
            rules.accept_deadline(filed_on),
            None,
            None,
            "",
            "",
            None,
            None,
            "",
            "",
            None,
            now,
        )
    if roll < 0.03:
        status, reason = "returned", "不属于村级代办事项范围,已告知群众到县政务服务中心办理"
    else:
        if rng.random() < IN_TIME:
            finished = filed_on + dt.timedelta(days=rng.randint(0, (deadline - filed_on).days))
        else:
            finished = deadline + dt.timedelta(days=rng.randint(1, 6))
            if town_id is not None and rng.random() < 0.7:
                escalated_at, escalated_to = _at(deadline + dt.timedelta(days=1), rng, 6, 7), town_id
        if finished <= today:
            status, finished_on, result = "done", finished, RESULTS[mode]
            if rng.random() < RATED:
                good = rng.random()
                rating = "satisfied" if good < 0.8 else "basic" if good < 0.95 else "unsatisfied"
                source = "resident" if rng.random() < 0.4 else "revisit"
                rated_at = _at(finished, rng)
        elif escalated_at is not None and escalated_at > now:
            escalated_at = escalated_to = None
    accepted_at = filed_at + dt.timedelta(minutes=rng.randint(5, 240))
    referred = rng.choice(REFERRALS) if mode == "referral" else ""
    if mode != "onsite" and status != "returned":
        label = ServiceMode(mode).label
        text = f"已受理,{label}" + (f",介绍到{referred}" if referred else "") + f",办理时限{deadline:%Y-%m-%d}"
        progress.append((code, accepted_at, text))
    return _row(
        place,
        code,
        channel,
        category,
        content,
        name,
        phone,
        filed_at,
        filed_on,
        status,
        mode,
        referred,
        rng.choice(HANDLERS),
        deadline,
        accepted_at,
        finished_on,
        result,
        reason,
        escalated_at,
        escalated_to,
        rating or "",
        source or "",
        rated_at,
        now,
    )


def _row(
    place: Org,
    code: str,
    channel: str,
    category: str,
    content: str,
    name: str,
    phone: str,
    filed_at: dt.datetime,
    filed_on: dt.date,
    status: str,
    mode: str,
    referred: str,
    handler: str,
    deadline: dt.date,
    accepted_at: dt.datetime | None,
    finished_on: dt.date | None,
    result: str,
    reason: str,
    escalated_at: dt.datetime | None,
    escalated_to: int | None,
    rating: str,
    source: str,
    rated_at: dt.datetime | None,
    now: dt.datetime,
) -> list[Any]:
    return [
        place.county_id,
        place.pk,
        place.path,
        code,
        channel,
        category,
        content,
        name,
        phone,
        filed_at,
        filed_on,
        None,
        status,
        mode,
        referred,
        handler,
        None,
        deadline,
        accepted_at,
        finished_on,
        result,
        reason,
        escalated_at,
        escalated_to,
        None,
        rating,
        source,
        "",
        rated_at,
        now,
        now,
    ]
