"""村官直审 pages: the rounds and figures (filters, empty state, export), a round (adding villages in bulk, its
villages and export), an audited village worked through (findings, conclusion, notice, rectification, verification),
the rectification queue (overdue first, export), and who is refused."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.models import AuditEntry
from dangjian.service.choices import AuditFindingStatus, AuditRoundStatus
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound
from tests.core.pages import login, page
from tests.service.audits_world import audits_world, open_round

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 15)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def test_list_shows_figures_rounds_and_an_empty_state(tree, client):
    login(client, tree, "county")
    html = page(client.get(reverse("service:audit_list")))
    assert "暂无审计轮次" in html and "启动审计轮次" in html
    audits_world(tree)
    html = page(client.get(reverse("service:audit_list")))
    assert "2026年度村官直审" in html and "3/3" in html
    assert "整改到位 0/3 (0.0%)" in html
    assert "对全县3个村(社区)的财务管理、“四议两公开一监督”、“三资管理”执行情况进行审计,发现问题3个,已整改0个" in html
    html = page(client.get(reverse("service:audit_list"), {"search": "不存在"}))
    assert "暂无符合条件的审计轮次" in html
    html = page(client.get(reverse("service:audit_list"), {"org": "T002"}))
    assert "整改到位 0/1 (0.0%)" in html


def test_open_a_round_add_villages_and_start(tree, client):
    login(client, tree, "county")
    response = client.post(
        reverse("service:audit_round_create"),
        {
            "year": "2026",
            "name": "2026年度村官直审",
            "body": "third_party",
            "body_name": "某会计师事务所",
            "period_start": "2025-01-01",
            "period_end": "2024-12-31",
            "planned_start": "2026-04-01",
            "planned_end": "2026-06-30",
            "notice_days": "10",
        },
    )
    assert response.status_code == 200 and "审计期间的结束日期不能早于开始日期" in page(response)
    data = {
        "year": "2026",
        "name": "2026年度村官直审",
        "body": "third_party",
        "body_name": "某会计师事务所",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "planned_start": "2026-04-01",
        "planned_end": "2026-06-30",
        "notice_days": "10",
    }
    response = client.post(reverse("service:audit_round_create"), data)
    round_ = VillageAuditRound.objects.get()
    assert response.status_code == 302 and response.url == reverse("service:audit_round", args=[round_.pk])
    html = page(client.get(response.url))
    assert "暂无被审计的村(社区)" in html
    add = reverse("service:audit_villages_add", args=[round_.pk])
    response = client.post(add, {"mode": "township", "township": str(tree.town_a.pk)})
    assert response.status_code == 302
    assert VillageAudit.objects.filter(round=round_).count() == 2
    response = client.post(add, {"mode": "codes", "codes": "V001"})
    assert "东城镇李庄村党支部已在本轮审计中" in page(response)
    client.post(add, {"mode": "all"})
    assert VillageAudit.objects.filter(round=round_).count() == 3
    html = page(client.get(reverse("service:audit_round", args=[round_.pk])))
    assert "西关街道和平社区党支部" in html and "未出结论" in html
    advance = reverse("service:audit_round_advance", args=[round_.pk])
    assert "确认将" in page(client.get(advance))
    client.post(advance)
    round_.refresh_from_db()
    assert round_.status == AuditRoundStatus.ONGOING


def test_a_village_worked_through(tree, client):
    round_ = open_round(tree)
    from dangjian.service.services import audits as services

    services.audits_add_all(actor=None, round=round_)
    services.round_advance(actor=None, round=round_)
    found = VillageAudit.objects.get(round=round_, org=tree.village_a1)
    login(client, tree, "town_a")
    url = reverse("service:audit_village", args=[found.pk])
    assert "暂无审计发现的问题" in page(client.get(url))
    client.post(
        reverse("service:audit_village_edit", args=[found.pk]), {"auditors": "钱审计", "fieldwork_start": "2026-04-10"}
    )
    response = client.post(
        reverse("service:audit_finding_add", args=[found.pk]),
        {
            "category": "finance",
            "description": "白条入账",
            "amount": "3200",
            "responsible": "赵德贵(村会计)",
            "severity": "normal",
            "deadline": "2026-05-15",
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("service:audit_notice_publish", args=[found.pk]), {"published_on": "2026-04-15", "days": "10"}
    )
    assert "审计结论录入后才能公示" in page(response)
    response = client.post(
        reverse("service:audit_conclude", args=[found.pk]),
        {"conclusion": "clean", "concluded_on": "2026-04-14"},
    )
    assert "结论不能为“无问题”" in page(response)
    client.post(
        reverse("service:audit_conclude", args=[found.pk]),
        {"conclusion": "rectify", "conclusion_text": "白条入账,限期整改", "concluded_on": "2026-04-14"},
    )
    client.post(
        reverse("service:audit_notice_publish", args=[found.pk]),
        {"published_on": "2026-04-15", "days": "10", "text": "经审计,发现财务管理问题1个,已责成整改。"},
    )
    assert VillageAuditNotice.objects.filter(audit=found, last_day=dt.date(2026, 4, 24)).exists()
    html = page(client.get(url))
    assert "有问题需整改" in html and "赵德贵(村会计)" in html and "公示中" in html
    item = VillageAuditFinding.objects.get()
    # The village reports, the township verifies.
    client.logout()
    login(client, tree, "secretary_a1")
    html = page(client.get(url))
    assert "报送整改结果" in html and "核实整改" not in html
    client.post(
        reverse("service:audit_finding_rectify", args=[item.pk]), {"result": "已补齐票据", "rectified_on": "2026-04-15"}
    )
    item.refresh_from_db()
    assert item.status == AuditFindingStatus.REPORTED
    assert client.get(reverse("service:audit_finding_verify", args=[item.pk])).status_code == 403
    client.logout()
    login(client, tree, "town_a")
    response = client.post(reverse("service:audit_finding_verify", args=[item.pk]), {"verdict": "no"})
    assert "核实未到位时请填写原因" in page(response)
    client.post(reverse("service:audit_finding_verify", args=[item.pk]), {"verdict": "yes"})
    item.refresh_from_db()
    assert item.status == AuditFindingStatus.RECTIFIED
    assert "1/1 整改到位" in page(client.get(url))


def test_queue_overdue_first_and_export(tree, client, settings):
    audits_world(tree)
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=21)  # past the world's deadlines (today + 20)
    login(client, tree, "town_a")
    html = page(client.get(reverse("service:audit_queue")))
    assert html.index("王庄村") < html.index("李庄村")  # a2 overdue, a1 awaiting verification
    assert "逾期" in html and "和平社区" not in html
    html = page(client.get(reverse("service:audit_queue"), {"overdue": "true"}))
    assert "王庄村" in html and "李庄村党支部</a>" not in html
    response = client.get(reverse("service:audit_queue_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "村(社区)" and len(rows) == 4
    assert AuditEntry.objects.filter(action="export", after__kind="service_audit_findings").exists()


def test_round_export_opens(tree, client):
    audits_world(tree)
    round_ = VillageAuditRound.objects.get()
    login(client, tree, "county")
    response = client.get(reverse("service:audit_round_export", args=[round_.pk]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 5 and "移交纪检" in [r[6] for r in rows]
    response = client.get(reverse("service:audit_export"), {"org": "V003"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[2][0] == "西关街道和平社区党支部"


def test_refusals_and_scope(tree, client):
    audits_world(tree)
    round_ = VillageAuditRound.objects.get()
    a1 = VillageAudit.objects.get(org=tree.village_a1)
    login(client, tree, "secretary_a2")
    assert client.get(reverse("service:audit_village", args=[a1.pk])).status_code == 404
    assert client.get(reverse("service:audit_round_create")).status_code == 403
    assert client.get(reverse("service:audit_villages_add", args=[round_.pk])).status_code == 403
    html = page(client.get(reverse("service:audit_round", args=[round_.pk])))
    assert "王庄村" in html and "李庄村" not in html
    client.logout()
    login(client, tree, "town_a")
    assert client.get(reverse("service:audit_round_create")).status_code == 403
    assert client.get(reverse("service:audit_village_remove", args=[a1.pk])).status_code == 403
