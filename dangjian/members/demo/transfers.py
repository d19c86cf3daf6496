"""Demo 组织关系转接 and 流动党员: last year's and this year's letters (accepted, returned, a few still pending and
some of those overdue, letters to and from outside — a pocket member or two), and members away for work with their
situation reports, the five systems' records, a missed report here and there, and some who came back."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, AuditAction, OrgDomain, Standing
from dangjian.core.models import Org, Person, User
from dangjian.members import rules
from dangjian.members.choices import (
    MobileStatus,
    MobileSystem,
    TransferKind,
    TransferReason,
    TransferStatus,
)
from dangjian.members.models import MobileMember, MobileRecord, MobileReport, Transfer

# Share of the roll with a letter inside the platform in the last two years, and the share away as mobile members.
TRANSFER_SHARE = 0.012
OUTGOING_SHARE = 0.003
MOBILE_SHARE = 0.035
CITIES = (
    ("广东省深圳市宝安区", "深圳市宝安区某电子厂"),
    ("广东省东莞市长安镇", "东莞市某五金制品厂"),
    ("浙江省杭州市萧山区", "杭州市某纺织公司"),
    ("江苏省苏州市工业园区", "苏州市某精密机械公司"),
    ("上海市松江区", "上海市某物流公司"),
    ("北京市大兴区", "北京市某建筑工程公司"),
    ("河南省郑州市金水区", "郑州市某餐饮公司"),
    ("湖北省武汉市东西湖区", "武汉市某食品公司"),
)
OUTSIDE_ORGS = ("广东省深圳市宝安区某街道党工委", "浙江省杭州市萧山区某镇党委", "江苏省昆山市某社区党委")
RETURN_REASONS = ("介绍信所载姓名与身份证不一致,请核实后重新开具", "本人尚未到本村居住,请暂缓转入")
RECORDS = {
    MobileSystem.FIRST_CONTACT: "外出前谈话,登记去向和联系方式,明确联系人",
    MobileSystem.SITUATION_REPORT: "电话了解在外务工和思想情况",
    MobileSystem.STUDY_REVIEW: "参加支部民主评议,书面提交个人总结",
    MobileSystem.REGULAR_ACTIVITY: "参加流入地党组织主题党日活动",
    MobileSystem.TRAINING: "寄送学习资料,线上参加党课学习",
}
REPORTS = ("在外务工,工作稳定,按时交纳党费", "参加流入地党组织活动,思想状况良好", "春节返乡,参加支部组织生活")


def _day_between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


class _Letters:
    """The county's letter numbers, per year, in order."""

    def __init__(self, county: Org) -> None:
        self.county = county
        self.counters: dict[int, int] = defaultdict(int)

    def next(self, year: int) -> str:
        self.counters[year] += 1
        return rules.letter_number(self.county.code, year, self.counters[year])


def _transfers(county: Org, today: dt.date, rng: random.Random, people: list[tuple], branches: list[Org]) -> list:
    letters = _Letters(county)
    owners = list(User.objects.filter(org__county=county, role__in=("branch_secretary", "township_admin"))[:50])
    owners_by_org = {owner.org_id: owner for owner in owners}
    rows = []
    chosen = rng.sample(people, min(len(people), int(len(people) * (TRANSFER_SHARE + OUTGOING_SHARE))))
    outgoing_from = int(len(chosen) * TRANSFER_SHARE / (TRANSFER_SHARE + OUTGOING_SHARE))
    by_path = {org.path: org for org in branches}
    for index, (person_id, name, org_id, org_path) in enumerate(chosen):
        issued = _day_between(rng, today - dt.timedelta(days=700), today)
        across = rng.random() < 0.2
        valid = rules.letter_valid_until(issued, across_provinces=across)
        base = {
            "county_id": county.pk,
            "person_name": name,
            "issued_on": issued,
            "valid_until": valid,
            "deadline": valid,
            "across_provinces": across,
            "letter_no": letters.next(issued.year),
            "owner": owners_by_org.get(org_id),
        }
        recent = (today - issued).days < 60
        if index < outgoing_from:
            other = rng.choice(branches)
            if other.path == org_path:
                continue
            home = by_path.get(org_path)
            if home is None:
                continue
            if recent and rng.random() < 0.6:
                # A pending letter: the member is still on the sending branch's roll.
                rows.append(
                    Transfer(
                        kind=TransferKind.INTERNAL,
                        person_id=person_id,
                        from_org=home,
                        from_path=org_path,
                        to_org=other,
                        to_path=other.path,
                        to_county_id=county.pk,
                        reason=rng.choice([TransferReason.WORK, TransferReason.RESIDENCE]),
                        **base,
                    )
                )
                continue
            # A settled letter: the member came from another branch to the one they are on now.
            status = TransferStatus.REJECTED if rng.random() < 0.08 else TransferStatus.ACCEPTED
            decided = min(today, issued + dt.timedelta(days=rng.randint(1, 25)))
            rows.append(
                Transfer(
                    kind=TransferKind.INTERNAL,
                    person_id=person_id,
                    from_org=other if status == TransferStatus.ACCEPTED else home,
                    from_path=other.path if status == TransferStatus.ACCEPTED else org_path,
                    to_org=home if status == TransferStatus.ACCEPTED else other,
                    to_path=org_path if status == TransferStatus.ACCEPTED else other.path,
                    to_county_id=county.pk,
                    reason=rng.choice([TransferReason.WORK, TransferReason.RESIDENCE, TransferReason.MILITARY]),
                    status=status,
                    decided_on=decided,
                    decision_note=rng.choice(RETURN_REASONS) if status == TransferStatus.REJECTED else "",
                    **base,
                )
            )
        else:
            # To an org outside the platform, the receipt not yet back (past validity: a pocket member).
            rows.append(
                Transfer(
                    kind=TransferKind.OUTGOING,
                    person_id=person_id,
                    from_org_id=org_id,
                    from_path=org_path,
                    external_org_name=rng.choice(OUTSIDE_ORGS),
                    reason=TransferReason.AWAY,
                    **base,
                )
            )
    for _ in range(max(2, len(branches) // 60)):
        branch = rng.choice(branches)
        issued = _day_between(rng, today - dt.timedelta(days=150), today)
        valid = rules.letter_valid_until(issued, across_provinces=True)
        rows.append(
            Transfer(
                county_id=county.pk,
                kind=TransferKind.INCOMING,
                person_name=rng.choice(("张", "王", "李", "赵", "刘"))
                + rng.choice(("建国", "卫东", "秀英", "桂兰", "志强")),
                to_org=branch,
                to_path=branch.path,
                to_county_id=county.pk,
                external_org_name=rng.choice(OUTSIDE_ORGS),
                reason=TransferReason.RESIDENCE,
                letter_no=f"外〔{issued.year}〕{rng.randint(10, 999)}号",
                issued_on=issued,
                valid_until=valid,
                deadline=valid,
                across_provinces=True,
                owner=owners_by_org.get(branch.pk),
            )
        )
    return rows


def _mobiles(county: Org, today: dt.date, rng: random.Random, people: list[tuple], pending: set[int]) -> tuple:
    mobiles, reports, records = [], [], []
    away = [row for row in people if row[0] not in pending]
    for person_id, _name, org_id, org_path in rng.sample(away, min(len(away), int(len(people) * MOBILE_SHARE))):
        left = _day_between(rng, today - dt.timedelta(days=900), today - dt.timedelta(days=20))
        destination, workplace = rng.choice(CITIES)
        returned = rng.random() < 0.12 and (today - left).days > 200
        returned_on = _day_between(rng, left + dt.timedelta(days=120), today) if returned else None
        issued = left + dt.timedelta(days=rng.randint(0, 10)) if rng.random() < 0.7 else None
        checked = None
        if issued is not None and (today - issued).days > 365 and rng.random() < 0.7:
            checked = rules.add_months(issued, 12 * ((today - issued).days // 365))
        mobile = MobileMember(
            county_id=county.pk,
            org_id=org_id,
            org_path=org_path,
            person_id=person_id,
            left_on=left,
            destination=destination,
            workplace=workplace,
            contact=f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
            fixed_place=rng.random() < 0.6,
            host_org_name=f"{destination}某党组织" if rng.random() < 0.5 else "",
            certificate_no=f"LD{left.year}{rng.randint(1000, 9999)}" if issued else "",
            certificate_issued_on=issued,
            certificate_checked_on=checked,
            report_every_months=rng.choice((3, 3, 3, 6)),
            status=MobileStatus.RETURNED if returned else MobileStatus.AWAY,
            returned_on=returned_on,
        )
        mobiles.append(mobile)
        until = returned_on or today
        dues = rules.report_due_dates(left_on=left, every_months=mobile.report_every_months, until=until)
        # Most report on time; some missed the latest one (an alert on the branch's page).
        missed_last = not returned and rng.random() < 0.25
        for due in dues[:-1] if missed_last and dues else dues:
            submitted = min(until, due + dt.timedelta(days=rng.randint(-10, 12)))
            reports.append((mobile, due, max(left, submitted), rng.choice(REPORTS)))
        for system in rng.sample(list(RECORDS), rng.randint(1, 3)):
            records.append((mobile, system, _day_between(rng, left, until), RECORDS[system]))
    return mobiles, reports, records


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add transfers and mobile members to an existing demo county (set-based; deterministic)."""
    branches = list(
        Org.objects.filter(county=county, kind__in=BRANCH_KINDS, is_dissolved=False).only("pk", "path", "name")
    )
    if not branches:
        return
    people = list(
        Person.objects.filter(county=county, standing=Standing.NORMAL, org__kind__in=BRANCH_KINDS)
        .order_by("id")
        .values_list("id", "name", "org_id", "org_path")
    )
    transfers = _transfers(county, today, rng, people, branches)
    Transfer.objects.bulk_create(transfers, batch_size=2000)
    pending = {t.person_id for t in transfers if t.status == TransferStatus.PENDING and t.person_id}
    # Members away for work are mostly villagers.
    rural_orgs = set(Org.objects.filter(county=county, domain=OrgDomain.RURAL).values_list("pk", flat=True))
    rural = [row for row in people if row[2] in rural_orgs] or people
    mobiles, reports, records = _mobiles(county, today, rng, rural, pending)
    MobileMember.objects.bulk_create(mobiles, batch_size=2000)
    MobileReport.objects.bulk_create(
        [
            MobileReport(county_id=county.pk, org_path=m.org_path, mobile=m, due_on=due, submitted_on=on, content=text)
            for m, due, on, text in reports
        ],
        batch_size=5000,
    )
    MobileRecord.objects.bulk_create(
        [
            MobileRecord(
                county_id=county.pk,
                org_path=m.org_path,
                mobile=m,
                system=system,
                done_on=on,
                content=text,
                handled_by="支部书记",
            )
            for m, system, on, text in records
        ],
        batch_size=5000,
    )
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={
            "demo": "transfers",
            "transfers": len(transfers),
            "mobile_members": len(mobiles),
            "reports": len(reports),
            "records": len(records),
        },
    )
