"""Demo 上传下达 and 信息报送: about fifteen county and township notices over the last three months, most of their
receipts signed (some late, the latest still open), and about eighty reports from branches, most reviewed.
Set-based; deterministic from the seed."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from dangjian.core import audit
from dangjian.core.choices import BRANCH_KINDS, AuditAction, OrgLevel
from dangjian.core.models import Org
from dangjian.orglife.choices import NoticeReach, ReportKind, ReportStatus
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.services.notices import notice_targets

DAYS = 90
COUNTY_NOTICES = (
    (
        "关于开展{month}月主题党日活动的通知",
        NoticeReach.BRANCHES,
        "请各党支部按照“六事联动”要求,认真组织开展本月主题党日活动,并于活动结束后3日内在平台录入会议记录和照片。",
    ),
    (
        "关于做好党费收缴工作的通知",
        NoticeReach.BRANCHES,
        "请各党支部对照党费收缴台账,核对党员缴纳基数和比例,对欠缴党员逐一提醒,确保按月足额交纳。",
    ),
    (
        "关于报送党建工作总结的通知",
        NoticeReach.CHILDREN,
        "请各乡镇(街道)党(工)委认真总结本阶段党建工作开展情况,形成书面材料,按期通过平台报送县委组织部。",
    ),
    (
        "关于开展党员冬训工作的通知",
        NoticeReach.ALL,
        "根据上级安排,今冬明春在全县开展党员集中轮训,请各级党组织制定培训计划,确保每名党员参训学时达到要求。",
    ),
    (
        "关于做好流动党员管理服务工作的通知",
        NoticeReach.BRANCHES,
        "请各党支部全面摸排外出流动党员情况,建立联系台账,做好流动党员活动证发放和年度查验工作。",
    ),
    (
        "关于组织开展“双报到”志愿服务的通知",
        NoticeReach.ALL,
        "请各级党组织动员在职党员到居住地社区报到,积极参加社区志愿服务,服务时长计入党员积分。",
    ),
)
TOWNSHIP_NOTICES = (
    (
        "关于召开党支部书记例会的通知",
        NoticeReach.CHILDREN,
        "定于本周五上午9时在镇党委三楼会议室召开党支部书记例会,请各党支部书记准时参加,不得缺席。",
    ),
    (
        "关于开展人居环境整治党员志愿服务的通知",
        NoticeReach.BRANCHES,
        "请各村(社区)党支部组织党员志愿服务队,集中开展环境卫生整治,并将活动照片上传平台。",
    ),
    (
        "关于做好防汛值守工作的通知",
        NoticeReach.ALL,
        "汛期已至,请各党组织安排党员干部24小时值守,对辖区内重点隐患点位开展拉网式排查。",
    ),
    (
        "关于报送本月党员积分情况的通知",
        NoticeReach.BRANCHES,
        "请各党支部于月底前完成本月党员积分审核,对党员申报事项及时审核确认。",
    ),
    (
        "关于开展“三会一课”专项检查的通知",
        NoticeReach.BRANCHES,
        "镇党委将于近期对各党支部“三会一课”落实情况进行专项检查,请提前整理会议记录,做好迎检准备。",
    ),
)
REPORT_TITLES = {
    ReportKind.WORK: (
        "{org}开展“{month}月主题党日”活动",
        "{org}组织党员志愿者开展环境整治",
        "{org}召开专题组织生活会",
        "{org}走访慰问困难党员和老党员",
    ),
    ReportKind.EXPERIENCE: (
        "{org}“党建+积分”管理激发党员活力",
        "{org}探索“网格党建”服务群众新模式",
        "{org}以“五亮”活动推动党员作用发挥",
    ),
    ReportKind.PROBLEM: (
        "关于{org}流动党员参加组织生活难的问题和建议",
        "关于{org}党员队伍老龄化问题的思考",
    ),
    ReportKind.DATA: ("{org}{month}月党员发展和党费收缴情况",),
}
REPORT_KIND_WEIGHTS = {ReportKind.WORK: 55, ReportKind.EXPERIENCE: 20, ReportKind.PROBLEM: 10, ReportKind.DATA: 15}
RETURN_NOTES = ("内容过于简单,请补充具体做法和成效", "请补充活动照片和参加人数", "数据口径不一致,请核实后重新报送")


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))))


def _notices(county: Org, today: dt.date, rng: random.Random, now: dt.datetime) -> tuple[int, int, int]:
    townships = list(Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).order_by("path"))
    plan: list[tuple[Org, tuple[str, str, str]]] = [(county, spec) for spec in COUNTY_NOTICES]
    for _ in range(9 if townships else 0):
        plan.append((rng.choice(townships), rng.choice(TOWNSHIP_NOTICES)))
    notices, receipts_of = [], []
    for org, (title, reach, body) in plan:
        sent_on = today - dt.timedelta(days=rng.randint(0, DAYS))
        sent_at = _moment(sent_on, rng)
        if sent_at > now:
            sent_at = now - dt.timedelta(hours=1)
        targets = notice_targets(org, reach)
        if not targets:
            continue
        notice = Notice(
            county_id=county.pk,
            org=org,
            org_path=org.path,
            title=title.format(month=timezone.localtime(sent_at).month),
            body=body,
            reach=reach,
            sign_by=sent_on + dt.timedelta(days=rng.choice((3, 5, 7, 10))) if rng.random() < 0.8 else None,
            sent_at=sent_at,
            recipients=len(targets),
        )
        notices.append(notice)
        receipts_of.append(targets)
    Notice.objects.bulk_create(notices, batch_size=5000)
    receipts = []
    for notice, targets in zip(notices, receipts_of, strict=True):
        age = (now - notice.sent_at).days
        share = 0.97 if age > 14 else 0.5 + age * 0.03
        signed = 0
        for pk, path, county_id in targets:
            signed_at = None
            if rng.random() < share:
                signed_at = notice.sent_at + dt.timedelta(hours=rng.choice((1, 3, 6, 20, 30, 50, 80, 200)))
                signed_at = min(signed_at, now)
                signed += 1
            receipts.append(
                NoticeReceipt(
                    county_id=county_id or county.pk,
                    org_id=pk,
                    org_path=path,
                    notice=notice,
                    signed_at=signed_at,
                )
            )
        notice.signed = signed
    NoticeReceipt.objects.bulk_create(receipts, batch_size=5000)
    Notice.objects.bulk_update(notices, ["signed"], batch_size=5000)
    return len(notices), len(receipts), sum(n.signed for n in notices)


def _reports(county: Org, today: dt.date, rng: random.Random, now: dt.datetime) -> int:
    branches = list(Org.objects.filter(county=county, kind__in=BRANCH_KINDS, is_dissolved=False).order_by("path"))
    if not branches:
        return 0
    kinds = list(REPORT_KIND_WEIGHTS)
    weights = list(REPORT_KIND_WEIGHTS.values())
    reports = []
    for _ in range(80):
        org = rng.choice(branches)
        kind = rng.choices(kinds, weights=weights)[0]
        submitted_at = _moment(today - dt.timedelta(days=rng.randint(0, DAYS)), rng)
        submitted_at = min(submitted_at, now - dt.timedelta(minutes=30))
        name = org.short_name or org.name
        title = rng.choice(REPORT_TITLES[kind]).format(org=name, month=timezone.localtime(submitted_at).month)[:100]
        age = (now - submitted_at).days
        status = ReportStatus.SUBMITTED
        if age > 3 or rng.random() < 0.3:
            status = rng.choices(
                [ReportStatus.ADOPTED, ReportStatus.FILED, ReportStatus.RETURNED, ReportStatus.SUBMITTED],
                weights=[32, 48, 8, 12],
            )[0]
        reviewed_at = None
        if status != ReportStatus.SUBMITTED:
            reviewed_at = min(submitted_at + dt.timedelta(hours=rng.randint(2, 96)), now)
        reports.append(
            InfoReport(
                county_id=county.pk,
                org=org,
                org_path=org.path,
                kind=kind,
                title=title,
                body=f"{title}。支部高度重视,组织党员群众积极参与,取得了较好成效。下一步将持续抓好落实。",
                submitted_at=submitted_at,
                status=status,
                reviewed_at=reviewed_at,
                review_note=rng.choice(RETURN_NOTES) if status == ReportStatus.RETURNED else "",
            )
        )
    InfoReport.objects.bulk_create(reports, batch_size=5000)
    return len(reports)


def build(county: Org, *, today: dt.date, rng: random.Random) -> None:
    """Add notices with their receipts and information reports to an existing demo county."""
    now = min(timezone.now(), timezone.make_aware(dt.datetime.combine(today, dt.time(18, 0))))
    notices, receipts, signed = _notices(county, today, rng, now)
    reports = _reports(county, today, rng, now)
    audit.record(
        actor=None,
        action=AuditAction.CREATE,
        obj=county,
        after={"demo": "notices", "notices": notices, "receipts": receipts, "signed": signed, "reports": reports},
    )
