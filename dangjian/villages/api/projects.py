"""API of 项目化管理: the county's approval procedures, projects (submit, start, complete, terminate), their approval
steps (approve, reject), milestones, spending, results, on-site reviews with scores, and the figures."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiJSONParser, ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org
from dangjian.core.scoping import scoped
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.orglife.selectors.volunteers import visible_get
from dangjian.villages.choices import ApproverRole, ProjectCategory
from dangjian.villages.models import (
    ApprovalProcedure,
    ProcedureStep,
    Project,
    ProjectMilestone,
    ProjectResult,
    ProjectReview,
    ProjectSpending,
    ProjectStep,
    ReviewScore,
)
from dangjian.villages.permissions import can_set_county_rules
from dangjian.villages.selectors import projects as selectors
from dangjian.villages.services import projects as services

TAGS = ["村级治理-项目"]
UPLOAD_PARSERS = [ApiJSONParser, MultiPartParser, FormParser]


# --- output -------------------------------------------------------------------------------------------------


class ProcedureStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProcedureStep
        fields = ["order", "name", "approver_role", "needs_material"]
        read_only_fields = fields


class ProcedureSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="制定单位")
    steps = ProcedureStepSerializer(many=True, read_only=True, label="审批步骤(按顺序)")

    class Meta:
        model = ApprovalProcedure
        fields = ["id", "org", "name", "description", "default_for", "active", "steps"]
        read_only_fields = fields


class ProjectStepSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True, label="项目编号")
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True, label="审批人")
    decider_org = OrgRefSerializer(read_only=True, allow_null=True, label="审批单位")
    material = serializers.CharField(source="material.name", read_only=True, label="材料(存储名)")

    class Meta:
        model = ProjectStep
        fields = [
            "id",
            "project",
            "round",
            "order",
            "name",
            "approver_role",
            "needs_material",
            "state",
            "decided_by",
            "decider_org",
            "decided_at",
            "opinion",
            "material",
        ]
        read_only_fields = fields


class ProjectSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="项目单位")
    procedure = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="审批流程编号")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="类别(中文)")
    spent = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, label="累计支出(元)")

    class Meta:
        model = Project
        fields = [
            "id",
            "org",
            "title",
            "category",
            "category_display",
            "description",
            "procedure",
            "budget",
            "spent",
            "funding_sources",
            "starts_on",
            "ends_on",
            "year",
            "status",
            "status_display",
            "round",
            "current_step",
            "submitted_at",
            "approved_on",
            "completed_on",
            "closing_note",
        ]
        read_only_fields = fields


class ProjectMilestoneSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True, label="项目编号")
    overdue = serializers.SerializerMethodField(label="逾期未完成")

    class Meta:
        model = ProjectMilestone
        fields = ["id", "project", "title", "due_on", "done_on", "note", "overdue"]
        read_only_fields = fields

    def get_overdue(self, milestone: ProjectMilestone) -> bool:
        from dangjian.villages.rules import milestone_overdue

        return milestone_overdue(milestone.due_on, milestone.done_on, clock.today())


class ProjectSpendingSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True, label="项目编号")

    class Meta:
        model = ProjectSpending
        fields = ["id", "project", "spent_on", "amount", "purpose"]
        read_only_fields = fields


class ProjectResultSerializer(serializers.ModelSerializer):
    project = serializers.PrimaryKeyRelatedField(read_only=True, label="项目编号")

    class Meta:
        model = ProjectResult
        fields = ["id", "project", "recorded_on", "summary", "jobs_created", "income_added", "households_benefited"]
        read_only_fields = fields


class ProjectReviewSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="组织单位")

    class Meta:
        model = ProjectReview
        fields = ["id", "org", "title", "held_on", "place", "reviewers"]
        read_only_fields = fields


class ProjectScoreSerializer(serializers.ModelSerializer):
    review = serializers.PrimaryKeyRelatedField(read_only=True, label="观摩讲评编号")
    project = serializers.PrimaryKeyRelatedField(read_only=True, label="项目编号")
    rank = serializers.IntegerField(read_only=True, required=False, label="名次(并列同名次)")

    class Meta:
        model = ReviewScore
        fields = ["id", "review", "project", "score", "comment", "rank"]
        read_only_fields = fields


class ProjectCategoryFigureSerializer(serializers.Serializer):
    category = serializers.CharField(label="项目类别")
    label = serializers.CharField(label="类别(中文)")
    count = serializers.IntegerField(label="项目数")
    budget = serializers.DecimalField(max_digits=16, decimal_places=2, label="投入资金(立项预算,元)")
    spent = serializers.DecimalField(max_digits=16, decimal_places=2, label="实际支出(元)")


class ProjectFiguresSerializer(serializers.Serializer):
    org = OrgRefSerializer(allow_null=True, label="统计的党组织")
    first = serializers.IntegerField(label="起始年度")
    last = serializers.IntegerField(label="截止年度")
    count = serializers.IntegerField(label="兴办项目数(已立项、实施中、已完成)")
    budget = serializers.DecimalField(max_digits=16, decimal_places=2, label="投入资金(立项预算,元)")
    spent = serializers.DecimalField(max_digits=16, decimal_places=2, label="实际支出(元)")
    completed = serializers.IntegerField(label="已完成")
    completion = serializers.CharField(label="完成率(已完成/兴办)")
    pending = serializers.IntegerField(label="审批中")
    terminated = serializers.IntegerField(label="已终止")
    jobs = serializers.IntegerField(label="带动就业(人)")
    income_added = serializers.DecimalField(max_digits=16, decimal_places=2, label="村集体增收(元)")
    households = serializers.IntegerField(label="受益农户(户)")
    sentence = serializers.CharField(label="表述")
    categories = ProjectCategoryFigureSerializer(many=True, label="按类别")


# --- input --------------------------------------------------------------------------------------------------


class ProcedureStepInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, label="步骤名称")
    approver_role = serializers.ChoiceField(choices=ApproverRole.choices, label="审批角色")
    needs_material = serializers.BooleanField(required=False, default=False, label="需上传材料")


class _ProcedureFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, label="流程名称")
    description = serializers.CharField(required=False, allow_blank=True, max_length=300, label="说明")
    default_for = serializers.ChoiceField(
        choices=ProjectCategory.choices, required=False, allow_blank=True, label="默认用于项目类别"
    )
    active = serializers.BooleanField(required=False, label="启用")
    steps = ProcedureStepInput(many=True, label="审批步骤(按顺序)")


@extend_schema_serializer(description="新建审批流程(县(区)委组织部)")
class ProcedureInput(_ProcedureFields):
    pass


@extend_schema_serializer(description="修改审批流程:只提交要修改的项目;提交 steps 时整体替换步骤(已提交的项目不受影响)")
class ProcedureUpdateInput(_ProcedureFields):
    pass


class ScopedProcedureField(serializers.IntegerField):
    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        if pk is None:
            return None
        found = selectors.procedures_visible(self.context["request"].user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError(f"编号为{pk}的审批流程不存在")
        return found


class ScopedProjectField(serializers.IntegerField):
    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        found = scoped(Project, self.context["request"].user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError(f"编号为{pk}的项目不存在")
        return found


class _ProjectFields(ChineseInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=100, label="项目名称")
    category = serializers.ChoiceField(choices=ProjectCategory.choices, label="项目类别")
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, label="预算(元)")
    starts_on = DateInput(label="开工日期")
    ends_on = DateInput(label="计划完成日期")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="项目内容")
    funding_sources = serializers.CharField(required=False, allow_blank=True, max_length=200, label="资金来源")
    procedure = ScopedProcedureField(required=False, allow_null=True, label="审批流程编号(不填按类别默认)")


@extend_schema_serializer(description="新建项目(草稿)")
class ProjectInput(_ProjectFields):
    org = ScopedOrgCodeField(label="项目单位代码")


@extend_schema_serializer(description="修改项目(草稿或已驳回):只提交要修改的项目")
class ProjectUpdateInput(_ProjectFields):
    pass


class ProjectReasonInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="理由")


class ProjectCompleteInput(ChineseInputMixin, serializers.Serializer):
    completed_on = DateInput(required=False, label="完成日期(默认今天)")


@extend_schema_serializer(description="审批通过(需上传材料的步骤用 multipart/form-data 上传 material)")
class ProjectStepApproveInput(ChineseInputMixin, serializers.Serializer):
    opinion = serializers.CharField(required=False, allow_blank=True, max_length=300, label="审批意见")
    material = serializers.FileField(required=False, allow_null=True, label="材料(pdf/doc/docx/xls/xlsx/jpg/png,≤10MB)")


class ProjectMilestoneInput(ChineseInputMixin, serializers.Serializer):
    project = ScopedProjectField(label="项目编号")
    title = serializers.CharField(max_length=100, label="节点名称")
    due_on = DateInput(label="计划完成日期")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="备注")


class ProjectMilestoneDoneInput(ChineseInputMixin, serializers.Serializer):
    done_on = DateInput(required=False, label="实际完成日期(默认今天)")


class ProjectSpendingInput(ChineseInputMixin, serializers.Serializer):
    project = ScopedProjectField(label="项目编号")
    spent_on = DateInput(label="支出日期")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, label="金额(元)")
    purpose = serializers.CharField(max_length=200, label="用途")


class ProjectResultInput(ChineseInputMixin, serializers.Serializer):
    project = ScopedProjectField(label="项目编号")
    summary = serializers.CharField(max_length=500, label="成效")
    jobs_created = serializers.IntegerField(required=False, default=0, min_value=0, label="带动就业(人)")
    income_added = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, default=0, label="村集体增收(元)"
    )
    households_benefited = serializers.IntegerField(required=False, default=0, min_value=0, label="受益农户(户)")
    recorded_on = DateInput(required=False, label="登记日期(默认今天)")


class ProjectReviewInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="组织单位代码(乡镇或县)")
    title = serializers.CharField(max_length=100, label="观摩讲评名称")
    held_on = DateInput(label="观摩日期")
    place = serializers.CharField(max_length=100, label="地点")
    reviewers = serializers.CharField(required=False, allow_blank=True, max_length=300, label="讲评人员")


class ProjectScoreInput(ChineseInputMixin, serializers.Serializer):
    project = ScopedProjectField(label="项目编号")
    score = serializers.DecimalField(max_digits=4, decimal_places=1, label="得分(0–100)")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300, label="讲评意见")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="项目审批流程列表", description="县(区)委组织部制定、发布到全县的审批流程。", tags=TAGS),
    retrieve=extend_schema(summary="审批流程详情", tags=TAGS),
    create=extend_schema(
        summary="新建审批流程", request=ProcedureInput, responses={201: ProcedureSerializer}, tags=TAGS
    ),
    partial_update=extend_schema(
        summary="修改审批流程",
        description="已提交审批的项目沿用提交时复制的步骤,不受修改影响。",
        request=ProcedureUpdateInput,
        responses=ProcedureSerializer,
        tags=TAGS,
    ),
)
class ProcedureViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = ApprovalProcedure.objects.all()
    serializer_class = ProcedureSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.procedures_visible(self.request.user).select_related("org")

    def get_object(self) -> Any:
        return visible_get(self.get_queryset(), self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return self.get_queryset().get(pk=pk)

    def create(self, request: Request) -> Response:
        data = self.parse(ProcedureInput)
        org = home_org(request.user)
        county = Org.objects.filter(pk=org.county_id).first() if org is not None else None
        county = county or org
        if county is None or not can_set_county_rules(request.user, county):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied("只有县(区)委组织部可以设置项目审批流程")
        steps = [dict(step) for step in data.pop("steps")]
        return self.written(
            lambda: services.procedure_create(actor=request.user, county=county, steps=steps, **data), created=True
        )

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        procedure = self.get_object()
        changes = self.parse(ProcedureUpdateInput, partial=True)
        steps = [dict(step) for step in changes.pop("steps")] if "steps" in changes else None
        return self.written(
            lambda: services.procedure_update(actor=request.user, procedure=procedure, steps=steps, **changes),
            pk=procedure.pk,
        )


@extend_schema_view(
    list=extend_schema(summary="项目列表", description="本组织及下级的项目,含累计支出。", tags=TAGS),
    retrieve=extend_schema(summary="项目详情", tags=TAGS),
    create=extend_schema(
        summary="新建项目",
        description="草稿;不指定审批流程时按项目类别使用县里的默认流程。",
        request=ProjectInput,
        responses={201: ProjectSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改项目", request=ProjectUpdateInput, responses=ProjectSerializer, tags=TAGS
    ),
    submit=extend_schema(
        summary="提交审批",
        description="复制审批流程的步骤到项目(新一轮申报),第一步待审批。",
        request=None,
        responses=ProjectSerializer,
        tags=TAGS,
    ),
    start=extend_schema(summary="开始实施", request=None, responses=ProjectSerializer, tags=TAGS),
    complete=extend_schema(summary="项目完成", request=ProjectCompleteInput, responses=ProjectSerializer, tags=TAGS),
    terminate=extend_schema(
        summary="终止项目",
        description="由上级党组织终止,须填写原因。",
        request=ProjectReasonInput,
        responses=ProjectSerializer,
        tags=TAGS,
    ),
)
class ProjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Project.objects.all()
    serializer_class = ProjectSerializer
    filterset_class = selectors.ProjectFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.project_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(ProjectInput)
        return self.written(lambda: services.project_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        project = self.get_object()
        changes = self.parse(ProjectUpdateInput, partial=True)
        if not changes:
            return self.answer(project.pk)
        return self.written(
            lambda: services.project_update(actor=request.user, project=project, **changes), pk=project.pk
        )

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        project = self.get_object()
        return self.written(lambda: services.project_submit(actor=request.user, project=project), pk=project.pk)

    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: Any = None) -> Response:
        project = self.get_object()
        return self.written(lambda: services.project_start(actor=request.user, project=project), pk=project.pk)

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        project = self.get_object()
        data = self.parse(ProjectCompleteInput)
        return self.written(
            lambda: services.project_complete(
                actor=request.user, project=project, completed_on=data.get("completed_on")
            ),
            pk=project.pk,
        )

    @action(detail=True, methods=["post"])
    def terminate(self, request: Request, pk: Any = None) -> Response:
        project = self.get_object()
        data = self.parse(ProjectReasonInput)
        return self.written(
            lambda: services.project_terminate(actor=request.user, project=project, reason=data["reason"]),
            pk=project.pk,
        )


@extend_schema_view(
    list=extend_schema(
        summary="项目审批步骤列表",
        description="mine=true 只列待本账号审批的步骤。",
        parameters=[OpenApiParameter("mine", bool, required=False, description="只列待我审批的步骤")],
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="审批步骤详情", tags=TAGS),
    approve=extend_schema(
        summary="审批通过",
        description="按顺序审批;须为该步骤的审批角色且项目在管理范围内,项目单位本级不能审批村级以上步骤;最后一步通过即立项。",
        request=ProjectStepApproveInput,
        responses=ProjectStepSerializer,
        tags=TAGS,
    ),
    reject=extend_schema(
        summary="驳回",
        description="须填写理由;本轮申报结束,项目退回项目单位修改后可重新提交。",
        request=ProjectReasonInput,
        responses=ProjectStepSerializer,
        tags=TAGS,
    ),
)
class ProjectStepViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = ProjectStep.objects.select_related("decided_by", "decider_org").order_by("project_id", "-round", "order")
    serializer_class = ProjectStepSerializer
    parser_classes = UPLOAD_PARSERS

    def list(self, request: Request) -> Response:
        if request.query_params.get("mine", "").strip().lower() in ("true", "1"):
            return self.paginated(selectors.waiting_steps(request.user))
        return self.paginated(self.get_queryset())

    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        step = self.get_object()
        data = self.parse(ProjectStepApproveInput)
        return self.written(
            lambda: services.step_approve(
                actor=request.user, step=step, opinion=data.get("opinion", ""), material=data.get("material")
            ),
            pk=step.pk,
        )

    @action(detail=True, methods=["post"], parser_classes=[ApiJSONParser])
    def reject(self, request: Request, pk: Any = None) -> Response:
        step = self.get_object()
        data = self.parse(ProjectReasonInput)
        return self.written(
            lambda: services.step_reject(actor=request.user, step=step, reason=data["reason"]), pk=step.pk
        )


@extend_schema_view(
    list=extend_schema(summary="项目节点列表", tags=TAGS),
    retrieve=extend_schema(summary="项目节点详情", tags=TAGS),
    create=extend_schema(
        summary="添加项目节点", request=ProjectMilestoneInput, responses={201: ProjectMilestoneSerializer}, tags=TAGS
    ),
    destroy=extend_schema(
        summary="删除项目节点(未完成的)", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
    done=extend_schema(
        summary="节点完成", request=ProjectMilestoneDoneInput, responses=ProjectMilestoneSerializer, tags=TAGS
    ),
)
class MilestoneViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = ProjectMilestone.objects.order_by("project_id", "due_on", "id")
    serializer_class = ProjectMilestoneSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(ProjectMilestoneInput)
        return self.written(lambda: services.milestone_create(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.milestone_delete(actor=request.user, milestone=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: Any = None) -> Response:
        milestone = self.get_object()
        data = self.parse(ProjectMilestoneDoneInput)
        return self.written(
            lambda: services.milestone_done(actor=request.user, milestone=milestone, done_on=data.get("done_on")),
            pk=milestone.pk,
        )


@extend_schema_view(
    list=extend_schema(summary="项目支出列表", tags=TAGS),
    retrieve=extend_schema(summary="项目支出详情", tags=TAGS),
    create=extend_schema(
        summary="登记支出",
        description="已立项、实施中或已完成的项目;累计超出预算时仍可登记,页面提示超支。",
        request=ProjectSpendingInput,
        responses={201: ProjectSpendingSerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(summary="删除支出记录", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS),
)
class SpendingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = ProjectSpending.objects.order_by("project_id", "spent_on", "id")
    serializer_class = ProjectSpendingSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(ProjectSpendingInput)
        return self.written(lambda: services.spending_create(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.spending_delete(actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="项目成效列表", tags=TAGS),
    retrieve=extend_schema(summary="项目成效详情", tags=TAGS),
    create=extend_schema(
        summary="登记项目成效", request=ProjectResultInput, responses={201: ProjectResultSerializer}, tags=TAGS
    ),
)
class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ProjectResult.objects.order_by("project_id", "recorded_on", "id")
    serializer_class = ProjectResultSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(ProjectResultInput)
        return self.written(lambda: services.result_create(actor=request.user, **data), created=True)


@extend_schema_view(
    list=extend_schema(summary="观摩讲评列表", description="本组织及下级,以及上级组织的观摩讲评。", tags=TAGS),
    retrieve=extend_schema(summary="观摩讲评详情", tags=TAGS),
    create=extend_schema(
        summary="新建观摩讲评", request=ProjectReviewInput, responses={201: ProjectReviewSerializer}, tags=TAGS
    ),
    score=extend_schema(
        summary="为项目评分",
        description="0–100分,精确到0.1分;同一项目再次评分替换原得分。",
        request=ProjectScoreInput,
        responses={201: ProjectScoreSerializer},
        tags=TAGS,
    ),
    ranking=extend_schema(
        summary="得分排名",
        description="按得分从高到低,同分并列(下一名次顺延);村只看到本村项目及其名次。",
        responses=ProjectScoreSerializer(many=True),
        tags=TAGS,
    ),
)
class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ProjectReview.objects.all()
    serializer_class = ProjectReviewSerializer
    filterset_class = selectors.ReviewFilter

    def get_queryset(self) -> Any:
        return selectors.review_list(self.request.user, {})[1]

    def get_object(self) -> Any:
        return visible_get(self.get_queryset(), self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return self.get_queryset().get(pk=pk)

    def create(self, request: Request) -> Response:
        data = self.parse(ProjectReviewInput)
        return self.written(lambda: services.review_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def score(self, request: Request, pk: Any = None) -> Response:
        review = self.get_object()
        data = self.parse(ProjectScoreInput)
        with transaction.atomic():
            row = services.review_score(actor=request.user, review=review, **data)
            return Response(ProjectScoreSerializer(row).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, pk: Any = None) -> Response:
        review = self.get_object()
        return Response(ProjectScoreSerializer(selectors.ranked_scores(request.user, review), many=True).data)


@extend_schema_view(
    list=extend_schema(summary="观摩得分列表", tags=TAGS), retrieve=extend_schema(summary="观摩得分详情", tags=TAGS)
)
class ReviewScoreViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = ReviewScore.objects.order_by("review_id", "-score", "id")
    serializer_class = ProjectScoreSerializer


def _year(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isdigit() and 2000 <= int(raw) <= 2099):
        raise ValidationError({name: [f"年度“{raw}”无效,应为2000至2099之间的年份"]})
    return int(raw)


class ProjectFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="项目统计",
        description=(
            "某党组织(默认本组织,含下级)在起止年度内兴办的项目(已立项、实施中、已完成):项目数、投入资金"
            "(立项预算)、实际支出、按类别、完成率、成效,以及“共兴办项目…个,投入资金…万元,其中…”的表述。"
        ),
        parameters=[
            OpenApiParameter("root", str, required=False, description="党组织代码(默认本组织)"),
            OpenApiParameter("first", int, required=False, description="起始年度(默认截止年度的上一年)"),
            OpenApiParameter("last", int, required=False, description="截止年度(默认今年)"),
        ],
        responses=ProjectFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        last = _year(request, "last", clock.today().year)
        first = _year(request, "first", last - 1)
        if first > last:
            raise ValidationError({"first": ["起始年度不能晚于截止年度"]})
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        if org is None:
            raise ValidationError({"root": ["组织代码不存在或不在您的管理范围内"]})
        figures = selectors.project_figures(request.user, org=org, first=first, last=last)
        return Response(ProjectFiguresSerializer(figures).data)


router = SimpleRouter()
router.register("projects/procedures", ProcedureViewSet, basename="api-village-procedure")
router.register("projects/steps", ProjectStepViewSet, basename="api-village-project-step")
router.register("projects/milestones", MilestoneViewSet, basename="api-village-project-milestone")
router.register("projects/spending", SpendingViewSet, basename="api-village-project-spending")
router.register("projects/results", ResultViewSet, basename="api-village-project-result")
router.register("projects/reviews", ReviewViewSet, basename="api-village-project-review")
router.register("projects/scores", ReviewScoreViewSet, basename="api-village-project-score")
router.register("projects", ProjectViewSet, basename="api-village-project")
urlpatterns = [
    path("projects/figures/", ProjectFiguresView.as_view(), name="api-village-project-figures"),
    *router.urls,
]
