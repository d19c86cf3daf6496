"""The demo builder of 上传下达 and 信息报送 on a small county: notices with receipts, and reports that obey the
rules."""

import datetime as dt
import random

import pytest

from dangjian.core.choices import AuditAction, OrgKind
from dangjian.core.models import AuditEntry
from dangjian.orglife.choices import ReportStatus
from dangjian.orglife.demo import notices
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from tests.core.factories import make_org, make_person

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def county(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    for org in (tree.village_a1, tree.community_b1):
        for _ in range(6):
            make_person(org)
    make_org(tree.village_a1, "G001", "李庄村第一党小组", kind=OrgKind.PARTY_GROUP)
    return tree.county


def test_notices_demo(tree, county):
    notices.build(county, today=TODAY, rng=random.Random(7))
    sent = list(Notice.objects.all())
    assert len(sent) >= 10 and {n.org.level for n in sent} <= {"county", "township"}
    for notice in sent:
        receipts = NoticeReceipt.objects.filter(notice=notice)
        assert notice.recipients == receipts.count() > 0
        assert notice.signed == receipts.filter(signed_at__isnull=False).count()
        assert not receipts.filter(org__kind=OrgKind.PARTY_GROUP).exists() or notice.reach == "all"
        assert not receipts.filter(signed_at__lt=notice.sent_at).exists()
    signed = NoticeReceipt.objects.filter(signed_at__isnull=False).count()
    assert signed > NoticeReceipt.objects.count() / 2
    reports = InfoReport.objects.all()
    assert reports.count() == 80
    assert reports.exclude(status=ReportStatus.SUBMITTED).count() > 40
    assert not reports.filter(status=ReportStatus.RETURNED, review_note="").exists()
    assert not reports.exclude(status=ReportStatus.SUBMITTED).filter(reviewed_at__isnull=True).exists()
    assert AuditEntry.objects.get(action=AuditAction.CREATE, after__demo="notices").after["reports"] == 80
