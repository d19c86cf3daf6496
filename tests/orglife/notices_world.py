"""上传下达 and 信息报送 data for tests: in every branch a 党小组, a notice the branch sent to it (so a receipt), and a
report the branch submitted (shared by the notice tests and the API scope walk)."""

from __future__ import annotations

from dangjian.core.choices import OrgKind
from dangjian.orglife.choices import NoticeReach, ReportKind
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.services import notices as services
from tests.core.factories import make_org

PLACES = {"a1": ("李庄村", "NTG1"), "a2": ("王庄村", "NTG2"), "b1": ("和平社区", "NTG3")}


def notices_world(tree) -> dict[type, list]:
    """Returns branch a1's objects by model."""
    found: dict[str, tuple] = {}
    for key, org in (("a1", tree.village_a1), ("a2", tree.village_a2), ("b1", tree.community_b1)):
        place, code = PLACES[key]
        group = make_org(org, code, f"{place}通知党小组", kind=OrgKind.PARTY_GROUP)
        notice = services.notice_send(
            actor=None,
            org=org,
            title=f"{place}支部党小组学习安排",
            body=f"{place}各党小组本月集中学习。",
            reach=NoticeReach.ALL,
        )
        receipt = NoticeReceipt.objects.get(notice=notice, org=group)
        report = services.report_submit(
            actor=None,
            org=org,
            kind=ReportKind.WORK,
            title=f"{place}开展主题党日活动",
            body=f"{place}支部组织党员学习。",
        )
        found[key] = (notice, receipt, report)
    notice, receipt, report = found["a1"]
    return {Notice: [notice], NoticeReceipt: [receipt], InfoReport: [report]}
