"""项目化管理 services: procedures set by the county only, steps approved in order by the right role (the owner org
never passing a step above the branch), rejection and resubmission, a procedure edit leaving projects under way alone,
milestones, spending against the budget, reviews and ranking, the figures counted by hand, and the audit trail."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dangjian.core.choices import AuditAction
from dangjian.core.models import AuditEntry
from dangjian.villages import rules
from dangjian.villages.choices import ProjectStatus, StepState
from dangjian.villages.models import ApprovalProcedure, Project, ProjectStep, ReviewScore
from dangjian.villages.selectors import projects as selectors
from dangjian.villages.services import projects as services
from tests.core.factories import make_org
from tests.villages.projects_world import STEPS, approve_all, make_procedure, make_project

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 9, 15)
FIVE_STEPS = [
    {"name": "村级申报", "approver_role": "branch_secretary"},
    {"name": "乡镇初审", "approver_role": "township_admin"},
    {"name": "部门论证", "approver_role": "county_admin", "needs_material": True},
    {"name": "县级审定", "approver_role": "county_admin"},
    {"name": "公示立项", "approver_role": "township_admin"},
]


@pytest.fixture(autouse=True)
def _today(settings):
    settings.DANGJIAN_TODAY = TODAY


def accounts(tree):
    return tree.accounts


def message(exc) -> str:
    return ";".join(exc.value.messages)


# --- procedures ---------------------------------------------------------------------------------------------


def test_only_the_county_sets_procedures(tree):
    with pytest.raises(PermissionDenied):
        services.procedure_create(actor=tree.accounts["town_a"], county=tree.county, name="五步走", steps=FIVE_STEPS)
    procedure = services.procedure_create(
        actor=tree.accounts["county"], county=tree.county, name="五步走", steps=FIVE_STEPS, default_for="economic"
    )
    assert [(s.order, s.name) for s in procedure.steps.all()][2] == (3, "部门论证")
    assert procedure.steps.get(order=3).needs_material
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, after__name="五步走")
    assert len(entry.after["steps"]) == 5
    with pytest.raises(ValidationError) as exc:
        services.procedure_create(actor=None, county=tree.county, name="五步走", steps=[])
    assert exc.value.message_dict == {"name": ["已有名为“五步走”的审批流程"], "steps": ["请至少设置一个审批步骤"]}
    with pytest.raises(ValidationError) as exc:
        services.procedure_create(actor=None, county=tree.county, name="简易流程", steps=STEPS, default_for="economic")
    assert "“经济发展类”已有默认审批流程" in message(exc)
    with pytest.raises(ValidationError) as exc:
        services.procedure_create(
            actor=None, county=tree.county, name="简易流程", steps=[{"name": "审定", "approver_role": "member"}]
        )
    assert message(exc) == "第1步:请选择审批角色"


def test_a_project_takes_the_default_procedure_of_its_category(tree):
    procedure = make_procedure(tree, default_for="economic")
    assert make_project(tree.village_a1).procedure == procedure
    assert make_project(tree.village_a1, category="infrastructure").procedure is None


# --- projects -----------------------------------------------------------------------------------------------


def test_project_create_checks(tree):
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(PermissionDenied):
        make_project(tree.village_a2, actor=secretary)
    with pytest.raises(ValidationError) as exc:
        make_project(tree.village_a1, actor=secretary, title=" ", ends_on=TODAY - dt.timedelta(days=31))
    assert exc.value.message_dict == {"title": ["请填写项目名称"], "ends_on": ["计划完成日期不能早于开工日期"]}
    with pytest.raises(ValidationError) as exc:
        make_project(tree.village_a1, budget="-1")
    assert message(exc) == "预算不能为负数"
    with pytest.raises(ValidationError) as exc:
        make_project(tree.county)
    assert message(exc) == "项目单位应为村(社区)党组织或乡镇(街道)党委"
    project = make_project(tree.village_a1, actor=secretary, starts_on=dt.date(2024, 12, 1))
    assert project.status == ProjectStatus.DRAFT and project.year == 2024 and project.budget == Decimal("300000.00")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(project.pk)).exists()


def test_steps_in_order_by_the_right_role(tree):
    procedure = make_procedure(tree)
    project = make_project(tree.village_a1, procedure)
    secretary, town, county = (tree.accounts[k] for k in ("secretary_a1", "town_a", "county"))
    project = services.project_submit(actor=secretary, project=project)
    assert project.status == ProjectStatus.PENDING and project.round == 1 and project.current_step == 1
    first, second, third = services.round_steps(project)
    # out of order: the township step before the village's
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=town, step=second)
    assert message(exc) == "请按顺序审批:应先完成“村级申报”"
    # wrong role: the township cannot pass the branch's own step; another village's secretary is out of scope
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=town, step=first)
    assert message(exc) == "该步骤应由村(社区)党组织书记审批"
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=tree.accounts["secretary_a2"], step=first)
    assert message(exc) == "该项目不在您的管理范围内"
    assert list(selectors.waiting_steps(secretary)) == [first]
    assert not selectors.waiting_steps(town).exists()
    services.step_approve(actor=secretary, step=first, opinion="村两委会议通过")
    assert list(selectors.waiting_steps(town)) == [second]
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=secretary, step=first)
    assert message(exc) == "“村级申报”已审批,不能重复审批"
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=county, step=second)
    assert message(exc) == "该步骤应由乡镇(街道)党委审批"
    services.step_approve(actor=town, step=second)
    project.refresh_from_db()
    assert project.status == ProjectStatus.PENDING and project.current_step == 3
    services.step_approve(actor=county, step=third, opinion="同意立项")
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED and project.approved_on == TODAY and project.current_step is None
    second.refresh_from_db()
    assert second.decided_by == town and second.decider_org == tree.town_a and second.opinion == "同意"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(third.pk)).exists()


def test_the_owner_township_cannot_pass_its_own_township_step(tree):
    procedure = make_procedure(tree, steps=[{"name": "乡镇初审", "approver_role": "township_admin"}])
    project = services.project_submit(actor=None, project=make_project(tree.town_a, procedure, title="镇级党建阵地"))
    (step,) = services.round_steps(project)
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=tree.accounts["town_a"], step=step)
    assert message(exc) == "项目所属组织不能审批本级以上的步骤"
    assert not selectors.waiting_steps(tree.accounts["town_a"]).exists()
    step.refresh_from_db()
    assert step.state == StepState.WAITING


def test_material_when_the_step_needs_it(tree):
    procedure = make_procedure(
        tree, steps=[{"name": "部门论证", "approver_role": "county_admin", "needs_material": True}]
    )
    project = services.project_submit(actor=None, project=make_project(tree.village_a1, procedure))
    (step,) = services.round_steps(project)
    county = tree.accounts["county"]
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=county, step=step)
    assert message(exc) == "“部门论证”需上传材料"
    with pytest.raises(ValidationError) as exc:
        services.step_approve(actor=county, step=step, material=SimpleUploadedFile("x.exe", b"MZ"))
    assert "附件类型不支持" in message(exc)
    services.step_approve(actor=county, step=step, material=SimpleUploadedFile("论证意见.pdf", b"%PDF-1.4"))
    step.refresh_from_db()
    assert step.material.name.endswith(".pdf")


def test_reject_returns_the_project_and_a_new_round_starts(tree):
    project = make_project(tree.village_a1, make_procedure(tree))
    project = services.project_submit(actor=None, project=project)
    first, second, third = services.round_steps(project)
    services.step_approve(actor=None, step=first)
    with pytest.raises(ValidationError) as exc:
        services.step_reject(actor=tree.accounts["town_a"], step=second, reason=" ")
    assert message(exc) == "请填写驳回理由"
    services.step_reject(actor=tree.accounts["town_a"], step=second, reason="预算测算依据不足")
    project.refresh_from_db()
    assert project.status == ProjectStatus.REJECTED and project.closing_note == "乡镇初审驳回:预算测算依据不足"
    third.refresh_from_db()
    assert third.state == StepState.CANCELLED
    with pytest.raises(ValidationError):
        services.step_approve(actor=tree.accounts["county"], step=third)
    project = services.project_update(actor=tree.accounts["secretary_a1"], project=project, budget="250000")
    project = services.project_submit(actor=tree.accounts["secretary_a1"], project=project)
    assert project.round == 2 and project.status == ProjectStatus.PENDING
    assert ProjectStep.objects.filter(project=project).count() == 6
    assert [s.state for s in services.round_steps(project)] == [StepState.WAITING] * 3
    with pytest.raises(ValidationError) as exc:  # an old round's step is over
        services.step_approve(actor=tree.accounts["town_a"], step=second)
    assert message(exc) == "该步骤属于以前的申报,已结束"


def test_a_procedure_edit_does_not_change_a_project_under_way(tree):
    procedure = make_procedure(tree)
    project = services.project_submit(actor=None, project=make_project(tree.village_a1, procedure))
    services.procedure_update(
        actor=tree.accounts["county"],
        procedure=procedure,
        name="两步审批",
        steps=[
            {"name": "乡镇审定", "approver_role": "township_admin"},
            {"name": "公示", "approver_role": "county_admin"},
        ],
    )
    assert [s.name for s in services.round_steps(project)] == ["村级申报", "乡镇初审", "县级审定"]
    approved = approve_all(make_project(tree.village_a2, procedure))
    assert [s.name for s in services.round_steps(approved)] == ["乡镇审定", "公示"]
    with pytest.raises(PermissionDenied):
        services.procedure_update(actor=tree.accounts["town_a"], procedure=procedure, active=False)


def test_edit_only_while_draft_or_rejected_and_delete_only_unsubmitted_drafts(tree):
    project = make_project(tree.village_a1, make_procedure(tree))
    services.project_submit(actor=None, project=project)
    with pytest.raises(ValidationError) as exc:
        services.project_update(actor=None, project=project, title="新名称")
    assert message(exc) == "项目审批中,不能修改(草稿或已驳回的项目可以修改)"
    with pytest.raises(ValidationError):
        services.project_delete(actor=None, project=project)
    draft = make_project(tree.village_a1, title="待删除")
    with pytest.raises(PermissionDenied):
        services.project_delete(actor=tree.accounts["secretary_a2"], project=draft)
    services.project_delete(actor=tree.accounts["secretary_a1"], project=draft)
    assert not Project.objects.filter(pk=draft.pk).exists()
    assert AuditEntry.objects.filter(action=AuditAction.DELETE, object_id=str(draft.pk)).exists()


def test_start_complete_and_terminate(tree):
    project = approve_all(make_project(tree.village_a1, make_procedure(tree)))
    secretary = tree.accounts["secretary_a1"]
    with pytest.raises(ValidationError) as exc:
        services.project_complete(actor=secretary, project=project)
    assert message(exc) == "项目当前为“已立项”,不能改为“已完成”"
    services.project_start(actor=secretary, project=project)
    with pytest.raises(ValidationError) as exc:
        services.project_complete(actor=secretary, project=project, completed_on=TODAY + dt.timedelta(days=1))
    assert message(exc) == "完成日期不能晚于今天"
    # a village cannot stop its own project; the township can
    with pytest.raises(PermissionDenied):
        services.project_terminate(actor=secretary, project=project, reason="资金未到位")
    services.project_terminate(actor=tree.accounts["town_a"], project=project, reason="资金未到位")
    project.refresh_from_db()
    assert project.status == ProjectStatus.TERMINATED and project.closing_note == "资金未到位"
    with pytest.raises(ValidationError):
        services.project_start(actor=None, project=project)


# --- milestones, spending, results --------------------------------------------------------------------------


def test_milestones_overdue_the_day_after(tree, settings):
    project = approve_all(make_project(tree.village_a1, make_procedure(tree)))
    milestone = services.milestone_create(actor=None, project=project, title="主体完工", due_on=TODAY)
    secretary = tree.accounts["secretary_a1"]
    assert not selectors.overdue_milestones(secretary, TODAY).exists()
    assert list(selectors.overdue_milestones(secretary, TODAY + dt.timedelta(days=1))) == [milestone]
    settings.DANGJIAN_TODAY = TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.milestone_done(actor=secretary, milestone=milestone, done_on=TODAY + dt.timedelta(days=2))
    assert message(exc) == "完成日期不能晚于今天"
    services.milestone_done(actor=secretary, milestone=milestone)
    milestone.refresh_from_db()
    assert milestone.done_on == TODAY + dt.timedelta(days=1)
    assert not selectors.overdue_milestones(secretary, TODAY + dt.timedelta(days=5)).exists()
    with pytest.raises(ValidationError):
        services.milestone_delete(actor=secretary, milestone=milestone)


def test_spending_sums_against_the_budget(tree):
    project = make_project(tree.village_a1, make_procedure(tree), budget="100000")
    with pytest.raises(ValidationError) as exc:  # not set up yet
        services.spending_create(actor=None, project=project, spent_on=TODAY, amount="10", purpose="材料")
    assert message(exc) == "项目草稿,不能登记"
    project = approve_all(project)
    for amount in ("60000", "40000"):
        services.spending_create(actor=None, project=project, spent_on=TODAY, amount=amount, purpose="工程款")
    spent = services.spent_total(project)
    assert spent == Decimal("100000.00") and rules.budget_warning(project.budget, spent) is None
    with pytest.raises(ValidationError) as exc:
        services.spending_create(actor=None, project=project, spent_on=TODAY, amount="0", purpose="x")
    assert message(exc) == "金额应大于0"
    with pytest.raises(ValidationError) as exc:
        services.spending_create(
            actor=None, project=project, spent_on=TODAY + dt.timedelta(days=1), amount="1", purpose="x"
        )
    assert message(exc) == "支出日期不能晚于今天"
    entry = services.spending_create(actor=None, project=project, spent_on=TODAY, amount="0.01", purpose="尾款")
    assert rules.budget_warning(project.budget, services.spent_total(project)) == (
        "累计支出100,000.01元,超出预算100,000.00元共0.01元"
    )
    assert selectors.project_detail(tree.accounts["county"], project.pk).spent == Decimal("100000.01")
    with pytest.raises(PermissionDenied):
        services.spending_delete(actor=tree.accounts["secretary_a2"], entry=entry)
    services.spending_delete(actor=tree.accounts["secretary_a1"], entry=entry)
    assert services.spent_total(project) == Decimal("100000.00")


# --- reviews ------------------------------------------------------------------------------------------------


def test_review_scores_and_ranking_with_ties(tree):
    procedure = make_procedure(tree)
    a3 = make_org(tree.town_a, "V009", "东城镇张庄村党支部")
    projects = [approve_all(make_project(org, procedure)) for org in (tree.village_a1, tree.village_a2, a3)]
    town = tree.accounts["town_a"]
    with pytest.raises(ValidationError) as exc:
        services.review_create(actor=None, org=tree.village_a1, title="观摩", held_on=TODAY, place="村委")
    assert message(exc) == "观摩讲评由乡镇(街道)党委或县(区)委组织"
    review = services.review_create(actor=town, org=tree.town_a, title="三季度观摩", held_on=TODAY, place="东城镇")
    with pytest.raises(PermissionDenied):
        services.review_score(actor=tree.accounts["secretary_a1"], review=review, project=projects[0], score="90")
    for value in ("100.1", "-0.1", "abc", "90.25"):
        with pytest.raises(ValidationError):
            services.review_score(actor=town, review=review, project=projects[0], score=value)
    for project, score in zip(projects, ("92", "92", "100"), strict=True):
        services.review_score(actor=town, review=review, project=project, score=score, comment="亮点突出")
    services.review_score(actor=town, review=review, project=projects[2], score="0")  # scored again: replaced
    assert ReviewScore.objects.count() == 3
    ranked = selectors.ranked_scores(town, review)
    assert [(r.project.org.code, r.rank) for r in ranked] == [("V001", 1), ("V002", 1), ("V009", 3)]
    # a village sees its own score and its rank among everyone's
    mine = selectors.ranked_scores(tree.accounts["secretary_a2"], review)
    assert [(r.project.org.code, r.rank, r.score) for r in mine] == [("V002", 1, Decimal("92.0"))]
    other = services.review_create(actor=None, org=tree.town_b, title="街道观摩", held_on=TODAY, place="西关")
    with pytest.raises(ValidationError) as exc:
        services.review_score(actor=None, review=other, project=projects[0], score="80")
    assert message(exc) == "只能为西关街道党工委及下级的项目评分"


# --- figures ------------------------------------------------------------------------------------------------


def test_figures_by_hand(tree):
    procedure = make_procedure(tree)
    secretary_b = make_org(tree.town_b, "V010", "西关街道刘村党支部")
    economic_a1 = approve_all(make_project(tree.village_a1, procedure, budget="300000"))
    services.project_start(actor=None, project=economic_a1)
    services.project_complete(actor=None, project=economic_a1)
    approve_all(make_project(tree.village_a2, procedure, budget="200000", category="infrastructure"))
    approve_all(make_project(secretary_b, procedure, budget="150000"))
    last_year = approve_all(make_project(tree.village_a1, procedure, budget="50000", starts_on=dt.date(2024, 5, 1)))
    make_project(tree.village_a1, procedure, budget="999999")  # a draft: not set up
    services.project_submit(actor=None, project=make_project(tree.village_a2, procedure, budget="88888"))
    services.spending_create(actor=None, project=economic_a1, spent_on=TODAY, amount="250000", purpose="设备")
    services.spending_create(actor=None, project=last_year, spent_on=TODAY, amount="10000", purpose="设备")
    services.result_create(
        actor=None, project=economic_a1, summary="村集体年增收", jobs_created=5, income_added="60000"
    )
    county = tree.accounts["county"]
    figures = selectors.project_figures(county, org=None, first=2025, last=2025)
    assert (figures.count, figures.budget, figures.spent) == (3, Decimal("650000"), Decimal("250000"))
    assert figures.completion == "1/3 (33.3%)" and figures.pending == 1
    assert (figures.jobs, figures.income_added) == (5, Decimal("60000"))
    assert figures.sentence == (
        "2025年,共兴办项目3个,投入资金65万元,其中,经济发展类项目2个,投入资金45万元,基础设施类项目1个,投入资金20万元。"
    )
    both = selectors.project_figures(county, org=None, first=2024, last=2025)
    assert (both.count, both.budget, both.spent) == (4, Decimal("700000"), Decimal("260000"))
    township = selectors.project_figures(county, org=tree.town_a, first=2025, last=2025)
    assert (township.count, township.budget) == (2, Decimal("500000"))
    # a village's own view counts only its own
    own = selectors.project_figures(tree.accounts["secretary_a1"], org=None, first=2024, last=2025)
    assert (own.count, own.budget, own.completed) == (2, Decimal("350000"), 1)
    assert ApprovalProcedure.objects.count() == 1


def test_reminders_count_my_steps_and_overdue_milestones(tree):
    project = services.project_submit(actor=None, project=make_project(tree.village_a1, make_procedure(tree)))
    services.step_approve(actor=None, step=services.round_steps(project)[0])
    late = approve_all(make_project(tree.village_a2, make_procedure(tree, name="另一流程")))
    services.milestone_create(actor=None, project=late, title="开工", due_on=TODAY - dt.timedelta(days=1))
    town = {r.label: r.count for r in selectors.reminders(tree.accounts["town_a"], TODAY)}
    assert town == {"项目审批:待我审批的步骤": 1, "项目节点:逾期未完成": 1}
    mine = {r.label: r.count for r in selectors.reminders(tree.accounts["secretary_a1"], TODAY)}
    assert mine == {"项目审批:待我审批的步骤": 0, "项目节点:逾期未完成": 0}
