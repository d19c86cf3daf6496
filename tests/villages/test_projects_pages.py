"""项目化管理 pages: the list filters and exports, the project page with its steps and warnings, approving and
rejecting from the pages, confirmations before destructive actions, procedures, reviews and the figures."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages.choices import ProjectStatus
from dangjian.villages.models import ApprovalProcedure, Project, ProjectReview
from dangjian.villages.services import projects as services
from tests.core.pages import login, page
from tests.villages.projects_world import approve_all, make_procedure, make_project, projects_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 15)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def test_list_filters_searches_and_exports(tree, client):
    projects_world(tree)
    make_project(tree.village_a1, title="村史馆建设", category="party_building")
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:project_list")))
    assert "李庄村村集体光伏发电项目" in html and "王庄村村集体光伏发电项目" in html and "和平社区" not in html
    html = page(client.get(reverse("villages:project_list"), {"category": "party_building"}))
    assert "村史馆建设" in html and "光伏" not in html
    html = page(client.get(reverse("villages:project_list"), {"search": "不存在的项目"}))
    assert "暂无符合条件的项目" in html
    html = page(client.get(reverse("villages:project_list"), {"org": "V002", "status": "ongoing"}))
    assert "王庄村村集体光伏发电项目" in html and "李庄村" not in html
    response = client.get(reverse("villages:project_export"), {"org": "V001"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "项目名称" and {r[0] for r in rows[2:-1]} == {"李庄村村集体光伏发电项目", "村史馆建设"}
    assert rows[-1][:2] == ("合计", "2个")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, after__kind="village_projects").exists()


def test_empty_list(tree, client):
    login(client, tree, "secretary_a1")
    assert "暂无项目" in page(client.get(reverse("villages:project_list")))


def test_approving_from_the_pages(tree, client):
    project = make_project(tree.village_a1, make_procedure(tree))
    login(client, tree, "secretary_a1")
    submit = reverse("villages:project_submit", args=[project.pk])
    assert "确认按“三步审批”提交" in page(client.get(submit))
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT  # asking first changes nothing
    assert client.post(submit).status_code == 302
    project.refresh_from_db()
    first = services.round_steps(project)[0]
    html = page(client.get(reverse("villages:project_detail", args=[project.pk])))
    assert "村级申报:通过" in html
    response = client.post(reverse("villages:project_step_approve", args=[first.pk]), {"opinion": "两委会议通过"})
    assert response.status_code == 302
    # the township sees it waiting; the reminder counts it
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:project_approvals")))
    assert "乡镇初审" in html and project.title in html
    second = services.round_steps(project)[1]
    response = client.post(reverse("villages:project_step_reject", args=[second.pk]), {"reason": "请补充预算明细"})
    assert response.status_code == 302
    html = page(client.get(reverse("villages:project_detail", args=[project.pk])))
    assert "已驳回" in html and "乡镇初审驳回:请补充预算明细" in html and "两委会议通过" in html
    # out of order from the page: the county cannot pass a step that is not waiting
    third = services.round_steps(project)[2]
    html = page(client.post(reverse("villages:project_step_approve", args=[third.pk]), {}))
    assert "该项目当前不在审批中" in html


def test_project_page_shows_spending_warning_and_overdue(tree, client):
    project = approve_all(make_project(tree.village_a1, make_procedure(tree), budget="1000"))
    services.milestone_create(actor=None, project=project, title="主体完工", due_on=TODAY - dt.timedelta(days=1))
    login(client, tree, "secretary_a1")
    response = client.post(
        reverse("villages:project_spending_create", args=[project.pk]),
        {"spent_on": "2025-09-15", "amount": "1000.01", "purpose": "材料款"},
        follow=True,
    )
    html = response.content.decode()
    assert "已登记支出" in html and "超出预算1,000.00元共0.01元" in html and "逾期" in html


def test_create_and_delete_with_confirmation(tree, client):
    login(client, tree, "secretary_a1")
    data = {
        "org_code": "V001",
        "title": "村级党群服务中心提升",
        "category": "party_building",
        "budget": "80000",
        "funding_sources": "县财政",
        "starts_on": "2025-10-01",
        "ends_on": "2025-12-31",
        "description": "",
    }
    html = page(client.post(reverse("villages:project_create"), data | {"ends_on": "2025-09-01"}))
    assert "计划完成日期不能早于开工日期" in html
    response = client.post(reverse("villages:project_create"), data)
    project = Project.objects.get()
    assert response["Location"] == reverse("villages:project_detail", args=[project.pk])
    delete = reverse("villages:project_delete", args=[project.pk])
    assert "确认删除草稿项目" in page(client.get(delete))
    assert Project.objects.exists()
    client.post(delete)
    assert not Project.objects.exists()


def test_terminate_is_for_the_level_above(tree, client):
    project = approve_all(make_project(tree.village_a1, make_procedure(tree)))
    login(client, tree, "secretary_a1")
    assert client.get(reverse("villages:project_terminate", args=[project.pk])).status_code == 403
    login(client, tree, "town_a")
    url = reverse("villages:project_terminate", args=[project.pk])
    assert "终止后不能恢复" in page(client.get(url))
    client.post(url, {"reason": "选址调整"})
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED


def test_another_branch_gets_404(tree, client):
    project = make_project(tree.village_a1)
    login(client, tree, "secretary_a2")
    assert client.get(reverse("villages:project_detail", args=[project.pk])).status_code == 404


def test_procedure_settings(tree, client):
    login(client, tree, "town_a")
    assert client.get(reverse("villages:project_procedure_create")).status_code == 403
    login(client, tree, "county")
    data = {
        "name": "五步走",
        "description": "乌龙泉街项目审批程序",
        "default_for": "economic",
        "active": "on",
        "step_1_name": "村级申报",
        "step_1_role": "branch_secretary",
        "step_2_name": "乡镇初审",
        "step_2_role": "township_admin",
        "step_3_name": "部门论证",
        "step_3_role": "county_admin",
        "step_3_material": "on",
    }
    response = client.post(reverse("villages:project_procedure_create"), data)
    assert response.status_code == 302
    procedure = ApprovalProcedure.objects.get()
    assert [s.name for s in procedure.steps.all()] == ["村级申报", "乡镇初审", "部门论证"]
    html = page(client.get(reverse("villages:project_procedure_list")))
    assert "五步走" in html and "部门论证(县(区)委组织部,需上传材料)" in html
    html = page(client.get(reverse("villages:project_procedure_edit", args=[procedure.pk])))
    assert 'value="部门论证"' in html
    login(client, tree, "secretary_a1")
    assert "五步走" in page(client.get(reverse("villages:project_procedure_list")))


def test_reviews_and_ranking(tree, client):
    projects_world(tree)
    login(client, tree, "town_a")
    html = page(client.get(reverse("villages:project_review_list")))
    assert "东城镇党委基层党建项目观摩" in html and "西关街道" not in html
    review = ProjectReview.objects.get(org=tree.town_a)
    url = reverse("villages:project_review_detail", args=[review.pk])
    html = page(client.get(url))
    assert "李庄村村集体光伏发电项目" in html and "90.0" in html and "保存评分" in html
    a2 = Project.objects.get(org=tree.village_a2)
    client.post(url, {"project": a2.pk, "score": "90", "comment": "并列"})
    html = page(client.get(url))
    assert html.count("<td>1</td>") == 2
    login(client, tree, "secretary_a1")
    html = page(client.get(url))
    assert "李庄村" in html and "王庄村" not in html and "保存评分" not in html
    assert client.post(url, {"project": a2.pk, "score": "10"}).status_code == 403


def test_figures_page(tree, client):
    projects_world(tree)
    login(client, tree, "county")
    html = page(client.get(reverse("villages:project_figures"), {"first": 2025, "last": 2025}))
    assert "2025年,共兴办项目3个,投入资金90万元,其中,经济发展类项目3个,投入资金90万元。" in html
    assert "0/3 (0.0%)" in html and "36 万元" in html
    html = page(client.get(reverse("villages:project_figures"), {"org": "T001", "first": 2025, "last": 2025}))
    assert "共兴办项目2个,投入资金60万元" in html
