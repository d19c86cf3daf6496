"""Recruitment pages: the pipeline (alerts, counts, filters, export), applicants and their steps, 六评三定, scope."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import Education
from dangjian.members.choices import ApplicantStatus, RecruitRole, TrainingMode
from dangjian.members.models import Applicant, RecruitDocument, RecruitStep, TownshipQuota
from dangjian.members.services.recruitment_settings import recruit_setting_save, score_item_save, township_quota_save
from tests.core.factories import id_number
from tests.core.pages import login, page
from tests.members.recruitment_factories import apply, record, walk

pytestmark = pytest.mark.django_db

D = dt.date
PIPELINE = "members:recruit_pipeline"
TALK_ALERT = "递交入党申请书后1个月内未派人谈话"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(settings):
    """A clock the test moves; starts well after the factories' standard dates."""

    def move(day):
        settings.DANGJIAN_TODAY = day

    move(D(2026, 7, 1))
    return move


def detail(applicant):
    return reverse("members:recruit_detail", args=[applicant.pk])


def step_url(applicant, number):
    return reverse("members:recruit_step", args=[applicant.pk, number])


# --- access and scope -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(tree, client, today):
    applicant = apply(tree)
    for url in (
        reverse(PIPELINE),
        detail(applicant),
        reverse("members:recruit_export"),
        reverse("members:recruit_create"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


def test_a_member_account_has_no_pipeline(tree, client, today):
    assert login(client, tree, "member_a1").get(reverse(PIPELINE)).status_code == 403


def test_sibling_branch_secretary_gets_404_everywhere(tree, client, today):
    applicant = apply(tree)
    record(tree, applicant, 2, documents=[("谈话记录", SimpleUploadedFile("谈话记录.pdf", b"%PDF-1 talk"), "")])
    document = RecruitDocument.objects.get()
    login(client, tree, "secretary_a2")
    html = page(client.get(reverse(PIPELINE)))
    assert applicant.name not in html and "暂无发展对象记录" in html
    for url in (
        detail(applicant),
        reverse("members:recruit_stop", args=[applicant.pk]),
        reverse("members:recruit_people", args=[applicant.pk, 5]),
        reverse("members:recruit_document", args=[document.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        step_url(applicant, 3),
        reverse("members:recruit_score", args=[applicant.pk]),
        reverse("members:recruit_inspect", args=[applicant.pk]),
        reverse("members:recruit_nominate", args=[applicant.pk]),
        reverse("members:recruit_stop", args=[applicant.pk]),
    ):
        assert client.post(url, {"s3-done_on": "2026-06-01", "s3-org": tree.village_a2.pk}).status_code == 404, url
    applicant.refresh_from_db()
    assert applicant.step == 2 and applicant.status == ApplicantStatus.IN_PROGRESS
    # An org of another subtree named in the filter is not found either.
    assert client.get(reverse(PIPELINE), {"org": "V001"}).status_code == 404


def test_branch_trained_elsewhere_sees_the_applicant_too(tree, client, today):
    applicant = apply(tree, trainer_org=tree.village_a2, training_mode=TrainingMode.TWO_WAY)
    html = page(login(client, tree, "secretary_a2").get(reverse(PIPELINE)))
    assert applicant.name in html and "培养:东城镇王庄村党支部" in html
    assert applicant.name in page(client.get(detail(applicant)))


def test_document_is_served_only_through_the_scoped_view(tree, client, today):
    applicant = apply(tree)
    login(client, tree, "secretary_a1")
    response = client.post(
        step_url(applicant, 2),
        {
            "s2-done_on": "2024-01-20",
            "s2-org": tree.village_a1.pk,
            "s2-people": [tree.people["a1"][0].pk],
            "s2-doc_file": SimpleUploadedFile("谈话记录.pdf", b"%PDF-1 talk"),
        },
    )
    assert response.status_code == 302
    document = RecruitDocument.objects.get()
    assert document.title == "谈话记录"
    html = page(client.get(detail(applicant)))
    url = reverse("members:recruit_document", args=[document.pk])
    assert f'href="{url}"' in html and "谈话人:" in html
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1 talk"
    assert "attachment" in response["Content-Disposition"]
    assert login(client, tree, "town_a").get(url).status_code == 200
    assert login(client, tree, "member_a1").get(url).status_code == 404


# --- the pipeline ---------------------------------------------------------------------------------------


def test_alerts_appear_on_the_branch_and_the_township_pages(tree, client, today):
    applicant = apply(tree, applied_on=D(2026, 1, 10))
    today(D(2026, 2, 10))
    assert TALK_ALERT not in page(login(client, tree, "secretary_a1").get(reverse(PIPELINE)))
    today(D(2026, 2, 11))
    for who in ("secretary_a1", "town_a"):
        html = page(login(client, tree, who).get(reverse(PIPELINE)))
        assert TALK_ALERT in html and "已逾期1天" in html and applicant.name in html, who
        assert 'class="table-danger"' in html
    assert TALK_ALERT not in page(login(client, tree, "secretary_a2").get(reverse(PIPELINE)))
    html = page(login(client, tree, "county").get(reverse(PIPELINE)))
    assert "各乡镇(街道)" in html and "东城镇党委" in html and '<span class="badge text-bg-warning">1</span>' in html
    record(tree, applicant, 2, D(2026, 2, 11))
    assert TALK_ALERT not in page(login(client, tree, "town_a").get(reverse(PIPELINE)))


def test_pipeline_counts_stages_and_shows_what_is_due(tree, client, today):
    first = apply(tree, name="王一")
    walk(tree, apply(tree, name="王二"), 3)
    other = apply(tree, name="王三", org=tree.village_a2, actor=tree.accounts["secretary_a2"])
    record(tree, other, 2, actor=tree.accounts["secretary_a2"], people=[tree.people["a2"][0]])
    today(D(2026, 7, 1))
    html = page(login(client, tree, "town_a").get(reverse(PIPELINE)))
    assert "共 3 条" in html
    # Every filter starts at "全部"; the org filter offers the township and its branches.
    assert html.count('<option value="" selected>全部</option>') == 5
    assert '<option value="" selected>在途(培养考察中、预备期)</option>' in html
    assert (
        '<option value="T001">东城镇党委</option>' in html
        and '<option value="V002">— 东城镇王庄村党支部</option>' in html
    )
    assert '<div class="dj-card-figure">2</div>' in html  # stage 一: 王一 and 王三
    assert '<div class="dj-card-figure">1</div>' in html  # stage 二: 王二
    assert "2. 党组织派人谈话" in html and "2024-02-10" in html  # 王一's talk, due a month after applying
    # The branch filter narrows the township's list and its alerts to one branch.
    html = page(client.get(reverse(PIPELINE), {"org": "V002"}))
    assert "共 1 条" in html and "王三" in html and "王一" not in html
    html = page(client.get(reverse(PIPELINE), {"search": "王一"}))
    assert "共 1 条" in html and f'href="{detail(first)}"' in html
    html = page(client.get(reverse(PIPELINE), {"stage": "2"}))
    assert "共 1 条" in html and "王二" in html
    html = page(client.get(reverse(PIPELINE), {"overdue": "true"}))
    assert "王一" in html and "王三" not in html
    html = page(client.get(reverse(PIPELINE), {"search": "无此人"}))
    assert "暂无符合条件的发展对象记录" in html


def test_pipeline_pages_and_its_queries_do_not_grow_with_rows(tree, client, today, django_assert_max_num_queries):
    login(client, tree, "secretary_a1")
    for number in range(3):
        apply(tree, name=f"申请人{number}")
    with django_assert_max_num_queries(40) as few:
        page(client.get(reverse(PIPELINE)))
    for number in range(3, 52):
        apply(tree, name=f"申请人{number}", id_number=id_number(birth=D(1990, 1, 1) + dt.timedelta(days=number)))
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = page(client.get(reverse(PIPELINE)))
    assert "共 52 条,第 1/2 页" in html
    html = page(client.get(reverse(PIPELINE), {"page": 2}))
    assert "第 2/2 页" in html and html.count('href="/members/recruitment/') >= 2


def test_export_holds_the_filtered_list_with_masked_numbers(tree, client, today):
    applicant = apply(tree, name="导出一")
    walk(tree, apply(tree, name="导出二"), 3)
    apply(tree, name="他支部", org=tree.village_a2, actor=tree.accounts["secretary_a2"])
    response = login(client, tree, "secretary_a1").get(reverse("members:recruit_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("东城镇李庄村党支部 发展党员工作进度(2026-07-01)")
    header = rows[1]
    assert header[:3] == ("姓名", "性别", "公民身份号码") and header[-3:] == ("下一步", "应办日期", "是否逾期")
    data = {row[0]: dict(zip(header, row, strict=True)) for row in rows[2:]}
    assert set(data) == {"导出一", "导出二"}
    one = data["导出一"]
    assert one["公民身份号码"] == applicant.id_number_masked and applicant.id_number not in str(rows)
    assert one["所处阶段"] == "1. 申请入党" and one["下一步"] == "2. 党组织派人谈话"
    assert one["应办日期"].date() == D(2024, 2, 10) and one["是否逾期"] == "逾期"
    assert data["导出二"]["已完成步骤"] == "3. 推荐和确定入党积极分子"
    response = client.get(reverse("members:recruit_export"), {"search": "导出二"})
    names = [row[0] for row in list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[2:]]
    assert names == ["导出二"]


# --- the application -------------------------------------------------------------------------------------


def application(**overrides):
    data = {
        "name": "赵申请",
        "id_number": id_number(birth=D(2000, 5, 1)),
        "ethnicity": "汉族",
        "education": Education.BACHELOR,
        "applied_on": "2026-06-01",
        "training_mode": TrainingMode.OWN,
    }
    return data | overrides


def test_create_form_records_step_one(tree, client, today):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("members:recruit_create")))
    assert f'<option value="{tree.village_a1.pk}" selected>' in html and "东城镇王庄村党支部" not in html
    response = client.post(reverse("members:recruit_create"), application(org=tree.village_a1.pk))
    applicant = Applicant.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(applicant)
    assert list(applicant.steps.values_list("number", "done_on")) == [(1, D(2026, 6, 1))]
    html = page(client.get(detail(applicant)))
    assert "已完成第1步" in html and "第2步 党组织派人谈话" in html and "应于2026-07-01前办理" in html


def test_create_form_keeps_the_input_and_shows_the_rule_next_to_the_field(tree, client, today):
    login(client, tree, "secretary_a1")
    young = id_number(birth=D(2008, 6, 2))
    html = page(client.post(reverse("members:recruit_create"), application(org=tree.village_a1.pk, id_number=young)))
    assert "未满18周岁不能申请入党:出生于2008-06-02,2026-06-02年满18周岁" in html
    assert 'value="赵申请"' in html and f'value="{young}"' in html
    html = page(
        client.post(reverse("members:recruit_create"), application(org=tree.village_a1.pk, trainer_code="V404"))
    )
    assert "组织代码“V404”不存在" in html
    html = page(
        client.post(
            reverse("members:recruit_create"),
            application(org=tree.village_a1.pk, trainer_code="V002"),
        )
    )
    assert "由其他党支部培养的,请选择双向培养" in html
    assert not Applicant.objects.exists()


# --- steps --------------------------------------------------------------------------------------------------


def test_a_step_too_early_is_refused_on_its_form(tree, client, today):
    applicant = walk(tree, apply(tree), 6)
    login(client, tree, "secretary_a1")
    html = page(
        client.post(
            step_url(applicant, 7), {"s7-done_on": "2025-02-28", "s7-org": tree.village_a1.pk, "s7-note": "支委会"}
        )
    )
    assert "未能记录第7步" in html and "确定为入党积极分子满1年后方可确定为发展对象(最早2025-03-01)" in html
    assert 'value="2025-02-28"' in html and "支委会" in html
    applicant.refresh_from_db()
    assert applicant.step == 6 and applicant.candidate_on is None
    response = client.post(step_url(applicant, 7), {"s7-done_on": "2025-03-01", "s7-org": tree.village_a1.pk})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.step == 7 and applicant.candidate_on == D(2025, 3, 1)


def test_blocked_steps_say_why_and_committee_steps_are_the_townships(tree, client, today):
    applicant = walk(tree, apply(tree), 3)
    html = page(login(client, tree, "secretary_a1").get(detail(applicant)))
    assert "第4步 报上级党委备案" in html and "此步骤由上级党委记录" in html
    assert 'id="step-form-4"' not in html
    assert client.post(step_url(applicant, 4), {"s4-done_on": "2024-03-05"}).status_code == 403
    html = page(login(client, tree, "town_a").get(detail(applicant)))
    assert 'id="step-form-4"' in html and f'<option value="{tree.town_a.pk}" selected>' in html
    response = client.post(step_url(applicant, 4), {"s4-done_on": "2024-03-05", "s4-org": tree.town_a.pk})
    assert response.status_code == 302
    applicant = walk(tree, applicant, 9)
    record(tree, applicant, 10, passed=False)
    record(tree, applicant, 11)
    html = page(login(client, tree, "secretary_a1").get(detail(applicant)))
    assert "暂不能办理:未经政治审查或政治审查未通过的,不能进入预备党员的接收阶段" in html


def test_introducers_are_picked_by_name_within_scope(tree, client, today):
    applicant = walk(tree, apply(tree), 8)
    a1, b1 = tree.people["a1"], tree.people["b1"]
    login(client, tree, "secretary_a1")
    html = page(client.get(detail(applicant)))
    assert all(p.name in html for p in a1) and not any(p.name in html for p in b1)
    picker = reverse("members:recruit_people", args=[applicant.pk, 9])
    html = page(client.get(picker, {"q": a1[2].name, "s9-people": [a1[0].pk]}))
    assert f'value="{a1[0].pk}"' in html and "checked" in html and a1[2].name in html and a1[1].name not in html
    html = page(client.get(picker, {"q": b1[0].name}))
    assert "没有姓名含" in html
    html = page(
        client.post(
            step_url(applicant, 9), {"s9-done_on": "2025-03-10", "s9-org": tree.village_a1.pk, "s9-people": [a1[0].pk]}
        )
    )
    assert "入党介绍人须为2名,现为1名" in html
    response = client.post(
        step_url(applicant, 9),
        {"s9-done_on": "2025-03-10", "s9-org": tree.village_a1.pk, "s9-people": [a1[0].pk, a1[1].pk]},
    )
    assert response.status_code == 302
    introducers = applicant.people.filter(role=RecruitRole.INTRODUCER).values_list("person_id", flat=True)
    assert sorted(introducers) == sorted([a1[0].pk, a1[1].pk])


def test_vote_form_shows_who_may_vote_and_refuses_without_majority(tree, client, today):
    applicant = walk(tree, apply(tree), 14)
    login(client, tree, "secretary_a1")
    html = page(client.get(detail(applicant)))
    assert '应到会有表决权的正式党员 <strong class="dj-entitled">3</strong> 人' in html
    data = {"s15-done_on": "2025-06-01", "s15-org": tree.village_a1.pk, "s15-vote_present": "3", "s15-vote_yes": "1"}
    html = page(client.post(step_url(applicant, 15), data))
    assert "赞成票1票,未超过应到会有表决权党员3人的半数,未通过" in html and "按2025-06-01计算" in html
    applicant.refresh_from_db()
    assert applicant.person is None and applicant.step == 14
    response = client.post(step_url(applicant, 15), data | {"s15-vote_yes": "2"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.person.joined_on == D(2025, 6, 1) and applicant.status == ApplicantStatus.PROBATIONARY
    assert RecruitStep.objects.get(applicant=applicant, number=15).vote_entitled == 3


def test_stop_asks_for_confirmation(tree, client, today):
    applicant = walk(tree, apply(tree), 3)
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("members:recruit_stop", args=[applicant.pk])))
    assert "确认终止培养" in html
    applicant.refresh_from_db()
    assert applicant.status == ApplicantStatus.IN_PROGRESS
    html = page(client.post(reverse("members:recruit_stop", args=[applicant.pk]), {"ended_on": "2026-07-01"}))
    assert "请填写终止原因" in html
    response = client.post(
        reverse("members:recruit_stop", args=[applicant.pk]), {"ended_on": "2026-07-01", "reason": "本人撤回申请"}
    )
    assert response.status_code == 302
    html = page(client.get(detail(applicant)))
    assert "终止培养" in html and "本人撤回申请" in html and "发展工作已结束" in html
    # The list holds those on the way; a stopped applicant is found under "全部" or its own status.
    assert "暂无发展对象记录" in page(client.get(reverse(PIPELINE)))
    for status in ("all", ApplicantStatus.STOPPED):
        html = page(client.get(reverse(PIPELINE), {"status": status}))
        assert "共 1 条" in html and applicant.name in html


# --- 六评三定 ----------------------------------------------------------------------------------------------


def test_six_three_panel_scores_and_refuses_inspection_below_the_pass_mark(tree, client, today):
    county = tree.accounts["county"]
    recruit_setting_save(actor=county, county=tree.county, six_three=True, pass_mark=Decimal(60))
    item = score_item_save(actor=county, county=tree.county, name="群众评议", weight=Decimal(2), max_score=Decimal(50))
    township_quota_save(actor=county, township=tree.town_a, year=2026, quota=1)
    applicant = walk(tree, apply(tree), 11)
    html = page(login(client, tree, "secretary_a1").get(detail(applicant)))
    assert "“六评三定”" in html and "未考评" in html and "东城镇党委:1名,已提名0名,剩余1名" in html
    assert "保存考评得分" not in html
    assert "暂不能办理:未经组织考察的不得进入讨论研究程序" in html
    login(client, tree, "town_a")
    html = page(
        client.post(
            reverse("members:recruit_score", args=[applicant.pk]), {"scored_on": "2026-06-01", f"item_{item.pk}": "51"}
        )
    )
    assert "群众评议得分不能超过满分50" in html
    response = client.post(
        reverse("members:recruit_score", args=[applicant.pk]), {"scored_on": "2026-06-01", f"item_{item.pk}": "25"}
    )
    assert response.status_code == 302
    html = page(client.post(reverse("members:recruit_inspect", args=[applicant.pk]), {"inspect-on": "2026-06-02"}))
    assert "量化考评未达标,不得进行组织考察" in html
    applicant.refresh_from_db()
    assert applicant.score == Decimal(50) and applicant.inspected_on is None
    client.post(
        reverse("members:recruit_score", args=[applicant.pk]), {"scored_on": "2026-06-01", f"item_{item.pk}": "30"}
    )
    assert (
        client.post(reverse("members:recruit_inspect", args=[applicant.pk]), {"inspect-on": "2026-06-02"}).status_code
        == 302
    )
    assert (
        client.post(reverse("members:recruit_nominate", args=[applicant.pk]), {"nominate-on": "2026-06-03"}).status_code
        == 302
    )
    html = page(client.get(detail(applicant)))
    assert "已提名1名,剩余0名" in html and TownshipQuota.objects.get().quota == 1


# --- settings pages ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["town_a", "secretary_a1", "member_a1"])
def test_settings_pages_are_the_county_admins(tree, client, who):
    item = score_item_save(
        actor=tree.accounts["county"], county=tree.county, name="群众评议", weight=Decimal(1), max_score=Decimal(10)
    )
    login(client, tree, who)
    for url in (
        reverse("members:recruit_settings"),
        reverse("members:recruit_item_create"),
        reverse("members:recruit_item_edit", args=[item.pk]),
        reverse("members:recruit_item_delete", args=[item.pk]),
        reverse("members:recruit_quota_edit", args=[tree.town_a.pk]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"six_three": "on", "name": "x", "year": 2026, "quota": 1}).status_code == 403, url
    if who != "member_a1":
        assert reverse("members:recruit_settings") not in page(client.get(reverse(PIPELINE)))


def test_county_admin_finds_the_settings_from_the_pipeline(tree, client):
    html = page(login(client, tree, "county").get(reverse(PIPELINE)))
    assert f'href="{reverse("members:recruit_settings")}"' in html
