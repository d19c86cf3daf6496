"""村官直审 on the public pages (no sign-in): the place's block and the notice page while within the notice period
(the last day shown, the day after not, nothing before), counts by category and rectified, and never the responsible
cadre, the referral, or the internal conclusion text."""

import datetime as dt

import pytest
from django.urls import reverse

from dangjian.service.models import VillageAudit, VillageAuditNotice
from dangjian.service.services import audits as services
from tests.core.pages import page
from tests.service.audits_world import REFERRAL, RESPONSIBLE, audits_world, open_round

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 15)


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def place(client, org):
    return client.get(reverse("service:public_place", args=[org.code]))


def test_notice_on_the_place_page_without_names_or_referral(tree, client):
    audits_world(tree)
    notice = VillageAuditNotice.objects.get(org=tree.village_a1)
    html = page(place(client, tree.village_a1))
    assert "村官直审结果公示" in html and "2026年度村官直审" in html and "测试县审计局" in html
    assert "发现问题1个(财务管理1个)" in html and "整改到位 0/1 (0.0%)" in html
    assert "发现问题,已责成整改" in html
    for secret in (RESPONSIBLE, "赵德贵", REFERRAL, "移交纪检", "纪委", "开支审批手续不全"):
        assert secret not in html
    response = client.get(reverse("service:public_audit_notice", args=[notice.pk]))
    assert response.status_code == 200
    html = page(response)
    assert "财务管理" in html and "1个,整改到位0个" in html and "2026-04-15 至 2026-04-24" in html
    for secret in (RESPONSIBLE, "赵德贵", REFERRAL, "移交纪检", "纪委", "开支审批手续不全", "钱审计"):
        assert secret not in html


def test_clean_village_is_cleared_in_public(tree, client):
    round_ = open_round(tree)
    services.audits_add_all(actor=None, round=round_)
    services.round_advance(actor=None, round=round_)
    found = VillageAudit.objects.get(round=round_, org=tree.village_a2)
    services.audit_update(actor=None, audit_obj=found, auditors="钱审计", fieldwork_start=TODAY)
    services.audit_conclude(actor=None, audit_obj=found, conclusion="clean")
    services.notice_publish(actor=None, audit_obj=found)
    html = page(place(client, tree.village_a2))
    assert "经审计,未发现问题" in html and "审计结论:<strong>无问题</strong>" in html


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (TODAY - dt.timedelta(days=1), False),  # before publication
        (TODAY, True),
        (TODAY + dt.timedelta(days=9), True),  # the last day of 10
        (TODAY + dt.timedelta(days=10), False),  # the day after
    ],
)
def test_notice_period_edges(tree, client, settings, day, shown):
    audits_world(tree)
    notice = VillageAuditNotice.objects.get(org=tree.village_a2)
    settings.DANGJIAN_TODAY = day
    assert ("村官直审结果公示" in page(place(client, tree.village_a2))) is shown
    response = client.get(reverse("service:public_audit_notice", args=[notice.pk]))
    assert response.status_code == (200 if shown else 404)


def test_withdrawn_or_missing_notice_is_404(tree, client):
    audits_world(tree)
    notice = VillageAuditNotice.objects.get(org=tree.village_a2)
    services.notice_withdraw(actor=None, notice=notice)
    assert client.get(reverse("service:public_audit_notice", args=[notice.pk])).status_code == 404
    assert client.get(reverse("service:public_audit_notice", args=[999999])).status_code == 404
    assert "村官直审结果公示" not in page(place(client, tree.village_a2))
