"""第一书记 pages: the list with its figures, filters and export; posting from the page; the posting page with its
calendar; the phone sign-in; replacement asking first; leave and report review; the presence list and its export;
the county's rule."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import Role
from dangjian.villages.choices import PostingRole, PostingStatus, ReportStatus
from dangjian.villages.models import Posting, PostingSignIn, SecretarySetting
from dangjian.villages.services import secretaries as services
from tests.core.factories import make_account
from tests.core.pages import login, page
from tests.villages.secretaries_world import secretaries_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 31)


@pytest.fixture
def world(tree, settings):
    settings.DANGJIAN_TODAY = TODAY
    return secretaries_world(tree)


def test_the_list_filters_exports_and_shows_figures(tree, client, world):
    login(client, tree, "county")
    html = page(client.get(reverse("villages:secretary_list")))
    assert "张建国" in html and "刘洋" in html and "社区队员" in html
    assert "2/2 (100.0%)" in html  # both villages have a 第一书记
    html = page(client.get(reverse("villages:secretary_list"), {"org": "V001", "role": "first_secretary"}))
    assert "张建国" in html and "刘洋" not in html
    assert "暂无符合条件的" in page(client.get(reverse("villages:secretary_list"), {"search": "无此人"}))
    response = client.get(reverse("villages:secretary_export"), {"org": "V001"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert sorted(names) == ["张建国", "张建国队员"]
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse("villages:secretary_list")))
    assert "刘洋" in html and "张建国" not in html


def test_the_county_posts_from_the_page(tree, client, world):
    login(client, tree, "county")
    url = reverse("villages:secretary_create")
    assert "选派第一书记" in page(client.get(url))
    data = {
        "org_code": "V001",
        "role": "first_secretary",
        "name": "赵六",
        "sending_unit": "县委办",
        "started_on": "2026-03-01",
    }
    html = page(client.post(url, data))
    assert "已有在岗第一书记张建国" in html
    data |= {"role": "team_leader"}
    response = client.post(url, data)
    assert response.status_code == 302
    posting = Posting.objects.get(name="赵六")
    assert posting.planned_end_on == dt.date(2028, 2, 29) and posting.role == PostingRole.TEAM_LEADER


def test_the_posting_page_shows_the_calendar_and_reviews(tree, client, world):
    posting = world[Posting][0]
    login(client, tree, "town_a")
    url = reverse("villages:secretary_detail", args=[posting.pk])
    html = page(client.get(url))
    assert "2026年3月在村签到" in html and "本月在村1天,低于规定20天" in html and "审核" in html
    response = client.post(reverse("villages:secretary_proxy_signin", args=[posting.pk]), {"day": "2026-03-30"})
    assert response.status_code == 302
    assert PostingSignIn.objects.get(posting=posting, day=dt.date(2026, 3, 30)).proxy
    report = world[Posting][0].reports.get()
    review = reverse("villages:secretary_report_review", args=[report.pk])
    assert "走访农户30户" in page(client.get(review))
    assert "退回时请填写理由" in page(client.post(review, {"decision": "return"}))
    assert client.post(review, {"decision": "approve", "score": "90"}).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.score) == (ReportStatus.APPROVED, 90)
    leave = world[Posting][0].leaves.get()
    decide = reverse("villages:secretary_leave_decide", args=[leave.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 302
    login(client, tree, "secretary_a1")
    assert "代为补录签到" not in page(client.get(url))
    assert client.get(review).status_code == 403
    login(client, tree, "secretary_a2")
    assert client.get(url).status_code == 404


def test_the_phone_sign_in(tree, client, world):
    posting = world[Posting][0]
    account = make_account("fs_zhang", tree.community_b1, Role.MEMBER, person=tree.people["b1"][1])
    services.posting_update(actor=None, posting=posting, account=account)
    client.force_login(account)
    html = page(client.get(reverse("villages:secretary_signin")))
    assert "今天已于" in html  # the world signed in today
    PostingSignIn.objects.filter(posting=posting).delete()
    html = page(client.get(reverse("villages:secretary_signin")))
    assert ">签到</button>" in html and "villages/secretaries.js" in html
    response = client.post(
        reverse("villages:secretary_signin_post", args=[posting.pk]), {"place": "村委会", "latitude": "33.6"}
    )
    assert response.status_code == 302
    signin = PostingSignIn.objects.get(posting=posting)
    assert (signin.day, signin.place, signin.proxy) == (TODAY, "村委会", False)
    response = client.post(reverse("villages:secretary_signin_post", args=[posting.pk]), follow=True)
    assert "每天只签到一次" in response.content.decode()
    assert client.get(reverse("villages:secretary_list")).status_code == 302  # to the sign-in page


def test_replacement_asks_first_then_posts_the_successor(tree, client, world):
    posting = world[Posting][0]
    login(client, tree, "county")
    url = reverse("villages:secretary_end", args=[posting.pk])
    assert "确认结束" in page(client.get(url))
    posting.refresh_from_db()
    assert posting.status == PostingStatus.ACTIVE
    data = {"reason": "not_resident", "note": "不能坚持吃住在村", "ended_on": "2026-03-31", "successor_name": "孙磊"}
    response = client.post(url, data)
    assert response.status_code == 302
    posting.refresh_from_db()
    successor = Posting.objects.get(name="孙磊")
    assert posting.status == PostingStatus.RECALLED and successor.predecessor == posting
    html = page(client.get(reverse("villages:secretary_list"), {"since": "2026-01-01"}))
    assert "撤换1名,均为不在村居住" in html
    login(client, tree, "town_a")
    assert client.get(url).status_code == 403


def test_the_presence_list_and_export(tree, client, world):
    login(client, tree, "county")
    url = reverse("villages:secretary_presence")
    html = page(client.get(url, {"month": "2026-03", "below": "true"}))
    assert "本月在村1天,低于规定20天" in html and "张建国" in html and "刘洋" in html
    html = page(client.get(url, {"month": "2026-03", "below": "true", "township": tree.town_b.pk}))
    assert "社区队员" in html and "张建国" not in html
    html = page(client.get(url, {"month": "2025-11", "below": "true"}))
    assert "暂无在村天数不足的驻村人员" in html
    response = client.get(reverse("villages:secretary_presence_export"), {"month": "2026-03", "org": "V002"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert {row[0] for row in rows} == {"刘洋", "刘洋队员"} and rows[0][7] == "不足"


def test_the_county_sets_the_rule(tree, client, world):
    url = reverse("villages:secretary_settings")
    login(client, tree, "town_a")
    html = page(client.get(url))
    assert "20天" in html and "保存" not in html
    assert client.post(url, {"min_days": "10"}).status_code == 403
    login(client, tree, "county")
    assert "每月最少在村天数应为1至28天" in page(
        client.post(url, {"min_days": "29", "term_months": "24", "report_cycle": "quarter"})
    )
    data = {"min_days": "15", "exclude_leave": "on", "term_months": "24", "report_cycle": "month"}
    assert client.post(url, data).status_code == 302
    assert SecretarySetting.objects.get(county=tree.county).min_days == 15
