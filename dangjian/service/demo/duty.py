"""Demo 值班坐班: rosters for the current and previous month at every township centre and ~40% of village and
community centres (坐班 by the place's cadres on workdays, a township leader's 带班 once a week, a few days left
uncovered), and sign-ins for ~90% of the past entries (some late, some 代签). Set-based; deterministic."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import AuditAction
from dangjian.core.models import Org
from dangjian.service import rules
from dangjian.service.models import DutyEntry, DutySign, ServiceCentre

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "建国 建华 志强 秀英 桂英 国庆 振东 晓梅 丽萍 海燕 卫东 红梅 "
    "文静 志刚 春生 玉兰 明亮 新民 德胜 淑珍 长江 永红 金凤 宏伟 "
    "立新 "
).split()
VILLAGE_POSTS = ("村党支部书记", "村委会主任", "村党支部副书记", "村务监督委员会主任", "村委委员")
TOWN_POSTS = ("乡镇党委委员", "组织委员", "党建办主任", "便民服务中心主任", "党政办干部")
LEADER_POSTS = ("乡镇党委书记", "乡镇长", "乡镇党委副书记", "县委组织部副部长")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Rosters of this month and last month with sign-ins for the past days."""
    this_first, this_last = rules.month_bounds(today)
    first = rules.month_bounds(this_first - dt.timedelta(days=1))[0]
    last = this_last
    centres = list(
        ServiceCentre.objects.filter(county_id=county.pk, is_main=True)
        .exclude(status="none")
        .only("id", "org_path", "level")
        .order_by("id")
    )
    chosen = [c for c in centres if c.level in ("county", "township") or rng.random() < 0.4]
    entries: list[DutyEntry] = []
    for centre in chosen:
        town = centre.level in ("county", "township")
        posts = TOWN_POSTS if town else VILLAGE_POSTS
        cadres = [(_name(rng), post) for post in rng.sample(posts, 3)]
        leader = (_name(rng), rng.choice(LEADER_POSTS))
        skip = 0.03 if town else 0.1
        turn = 0
        for day in rules.days_between(first, last):
            if day.weekday() >= 5 and not (town and rng.random() < 0.5):
                continue
            if rng.random() < skip:
                continue
            name, post = cadres[turn % len(cadres)]
            turn += 1
            entries.append(
                DutyEntry(
                    county_id=county.pk,
                    org_path=centre.org_path,
                    centre_id=centre.pk,
                    date=day,
                    kind="duty" if day.weekday() >= 5 else "sit",
                    slot="full_day",
                    name=name,
                    post=post,
                )
            )
            if town and day.weekday() == 0:
                entries.append(
                    DutyEntry(
                        county_id=county.pk,
                        org_path=centre.org_path,
                        centre_id=centre.pk,
                        date=day,
                        kind="lead",
                        slot="morning",
                        name=leader[0],
                        post=leader[1],
                    )
                )
    DutyEntry.objects.bulk_create(entries, batch_size=5000)
    saved = DutyEntry.objects.filter(county_id=county.pk, date__range=(first, today - dt.timedelta(days=1)))
    signs: list[DutySign] = []
    tz = timezone.get_current_timezone()
    for entry in saved.only("id", "org_path", "date", "slot").order_by("id").iterator(chunk_size=5000):
        if rng.random() > 0.9:
            continue
        start = rules.SLOT_START[entry.slot]
        minutes = rng.choice((-25, -15, -10, -5, 0, 5, 10, 12, 20, 35)) if rng.random() < 0.95 else rng.randint(40, 90)
        signed_in = dt.datetime.combine(entry.date, start, tzinfo=tz) + dt.timedelta(minutes=minutes)
        signed_out = dt.datetime.combine(entry.date, dt.time(17, 30) if entry.slot == "full_day" else dt.time(12), tz)
        signs.append(
            DutySign(
                county_id=county.pk,
                org_path=entry.org_path,
                entry_id=entry.pk,
                signed_in_at=signed_in,
                signed_out_at=signed_out + dt.timedelta(minutes=rng.randint(0, 40)) if rng.random() < 0.85 else None,
                late=rules.is_late(entry.slot, entry.date, signed_in.replace(tzinfo=None), 15),
                by_proxy=rng.random() < 0.08,
            )
        )
    DutySign.objects.bulk_create(signs, batch_size=5000)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "duty", "centres": len(chosen), "entries": len(entries), "signs": len(signs)},
    )
