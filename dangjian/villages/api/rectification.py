"""API of 软弱涣散整顿: rounds, scores and criteria, candidates (proposal, confirmation), cases with their team, ledger
entries, supervision visits, the five "不撤离" conditions and the exit, and the conversion figures of a period."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
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
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.filters import parse_year
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.villages.choices import ExitCondition, RoundStatus, TeamRole, WeakCriterion
from dangjian.villages.models import (
    RectAssessment,
    RectCandidate,
    RectCase,
    RectEntry,
    RectExitCheck,
    RectRound,
    RectTeamMember,
    RectVisit,
)
from dangjian.villages.selectors import rectification as selectors
from dangjian.villages.services import rectification as services

TAGS = ["村级治理-软弱涣散整顿"]


# --- output -------------------------------------------------------------------------------------------------


class RectRoundSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="组织部门")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = RectRound
        fields = ["id", "org", "year", "name", "ratio", "opened_on", "status", "status_display", "note"]
        read_only_fields = fields


class RectRoundRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectRound
        fields = ["id", "year", "name"]
        read_only_fields = fields


class RectAssessmentSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="党组织")
    round = RectRoundRefSerializer(read_only=True, label="轮次")
    criteria = serializers.ListField(child=serializers.CharField(), read_only=True, label="软弱涣散情形(代码)")

    class Meta:
        model = RectAssessment
        fields = ["id", "round", "org", "score", "criteria", "note"]
        read_only_fields = fields


class RectCandidateSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="党组织")
    round = RectRoundRefSerializer(read_only=True, label="轮次")
    source_display = serializers.CharField(source="get_source_display", read_only=True, label="提出方式(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = RectCandidate
        fields = [
            "id",
            "round",
            "org",
            "source",
            "source_display",
            "reason",
            "rank",
            "ranked",
            "status",
            "status_display",
            "proposed_on",
            "decided_on",
            "decision_note",
        ]
        read_only_fields = fields


class RectTeamMemberSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True, label="队内分工(中文)")

    class Meta:
        model = RectTeamMember
        fields = ["id", "case", "name", "post", "role", "role_display"]
        read_only_fields = fields


class RectExitCheckSerializer(serializers.ModelSerializer):
    condition_display = serializers.CharField(source="get_condition_display", read_only=True, label="条件(中文)")

    class Meta:
        model = RectExitCheck
        fields = ["id", "case", "condition", "condition_display", "met", "evidence", "attachment", "checked_on"]
        read_only_fields = fields


class RectCaseSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="整顿对象")
    round = RectRoundRefSerializer(read_only=True, label="轮次")
    reason = serializers.CharField(source="candidate.reason", read_only=True, label="列入理由")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    team = RectTeamMemberSerializer(many=True, read_only=True, label="整顿工作队")
    checks = RectExitCheckSerializer(many=True, read_only=True, label="不撤离条件")
    entry_count = serializers.IntegerField(read_only=True, label="台账条数")
    visit_count = serializers.IntegerField(read_only=True, label="督导次数")
    last_entry = serializers.DateField(read_only=True, allow_null=True, label="最近台账日期")

    class Meta:
        model = RectCase
        fields = [
            "id",
            "round",
            "org",
            "reason",
            "listed_on",
            "leader_name",
            "leader_post",
            "problems",
            "measures",
            "target_on",
            "status",
            "status_display",
            "applied_on",
            "exited_on",
            "return_reason",
            "team",
            "checks",
            "entry_count",
            "visit_count",
            "last_entry",
        ]
        read_only_fields = fields


class RectEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = RectEntry
        fields = ["id", "case", "occurred_on", "measure", "progress", "responsible", "attachment", "created_at"]
        read_only_fields = fields


class RectVisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = RectVisit
        fields = ["id", "case", "visited_on", "visitors", "findings", "requirements"]
        read_only_fields = fields


class RectConversionSerializer(serializers.Serializer):
    name = serializers.CharField(label="范围")
    org_id = serializers.IntegerField(allow_null=True, label="乡镇编号")
    listed = serializers.IntegerField(label="确定整顿对象数")
    converted = serializers.IntegerField(label="已整顿到位数")
    in_progress = serializers.IntegerField(label="整顿中")
    text = serializers.CharField(label="转化率(如 已整顿到位32个/41个 (78.0%))")


class RectFiguresSerializer(serializers.Serializer):
    start = serializers.DateField(label="期间起始")
    end = serializers.DateField(label="期间截止")
    total = RectConversionSerializer(label="合计")
    towns = RectConversionSerializer(many=True, label="各乡镇(街道)")
    sentence = serializers.CharField(label="表述(如 确定软弱涣散村党组织41个,已整顿到位32个)")


# --- input --------------------------------------------------------------------------------------------------


class _RoundFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=100, label="轮次名称")
    ratio = serializers.DecimalField(required=False, max_digits=5, decimal_places=2, label="倒排比例(%),不低于10")
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="说明")


@extend_schema_serializer(description="启动排查轮次(县委组织部)")
class RectRoundInput(_RoundFields):
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    opened_on = DateInput(required=False, label="启动日期(默认今天)")


@extend_schema_serializer(description="修改排查轮次:只提交要修改的项目")
class RectRoundUpdateInput(_RoundFields):
    status = serializers.ChoiceField(required=False, choices=RoundStatus.choices, label="状态")


@extend_schema_serializer(description="录入党组织的年度考核得分和软弱涣散情形(同一轮次同一党组织再次提交即修改)")
class RectAssessmentInput(ChineseInputMixin, serializers.Serializer):
    round = serializers.IntegerField(label="轮次编号")
    org = ScopedOrgCodeField(label="党组织代码")
    score = serializers.DecimalField(
        required=False, allow_null=True, max_digits=6, decimal_places=2, label="年度考核得分"
    )
    criteria = serializers.ListField(
        child=serializers.ChoiceField(choices=WeakCriterion.choices), required=False, label="软弱涣散情形"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, label="情形说明")


@extend_schema_serializer(description="乡镇提出整顿对象(附理由)")
class RectCandidateInput(ChineseInputMixin, serializers.Serializer):
    round = serializers.IntegerField(label="轮次编号")
    org = ScopedOrgCodeField(label="党组织代码")
    reason = serializers.CharField(max_length=480, label="提出理由")


@extend_schema_serializer(description="确认意见")
class RectNoteInput(ChineseInputMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="意见(不列入时必填)")


@extend_schema_serializer(description="修改分包领导和整顿方案:只提交要修改的项目")
class RectCaseUpdateInput(ChineseInputMixin, serializers.Serializer):
    leader_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="分包县级领导")
    leader_post = serializers.CharField(required=False, allow_blank=True, max_length=100, label="领导职务")
    leader_person = ScopedPersonField(required=False, allow_null=True, label="分包领导(党员编号,可不填)")
    problems = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="存在问题")
    measures = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="整顿措施")
    target_on = DateInput(required=False, allow_null=True, label="计划完成日期")


@extend_schema_serializer(description="加入整顿工作队")
class RectTeamMemberInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, label="姓名")
    post = serializers.CharField(max_length=100, label="职务")
    role = serializers.ChoiceField(required=False, choices=TeamRole.choices, label="队内分工(默认成员)")


@extend_schema_serializer(description="确认(或取消)一个不撤离条件")
class RectCheckInput(ChineseInputMixin, serializers.Serializer):
    condition = serializers.ChoiceField(choices=ExitCondition.choices, label="不撤离条件")
    met = serializers.BooleanField(label="已达到")
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="佐证说明(达到时必填)")


@extend_schema_serializer(description="退回整顿到位申请")
class RectReturnInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="退回原因")


@extend_schema_serializer(description="记整顿台账")
class RectEntryInput(ChineseInputMixin, serializers.Serializer):
    case = serializers.IntegerField(label="整顿对象编号")
    occurred_on = DateInput(label="日期")
    measure = serializers.CharField(max_length=200, label="整顿措施")
    progress = serializers.CharField(max_length=2000, label="进展情况")
    responsible = serializers.CharField(max_length=50, label="责任人")


@extend_schema_serializer(description="记录督导检查")
class RectVisitInput(ChineseInputMixin, serializers.Serializer):
    case = serializers.IntegerField(label="整顿对象编号")
    visited_on = DateInput(label="督导日期")
    visitors = serializers.CharField(max_length=200, label="督导人员")
    findings = serializers.CharField(max_length=5000, label="发现问题")
    requirements = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="整改要求")


# --- views --------------------------------------------------------------------------------------------------


def _round(request: Request, pk: Any) -> RectRound:
    try:
        return selectors.round_detail(request.user, pk)
    except Http404:
        raise ValidationError({"round": [f"编号为{pk}的轮次不存在"]}) from None


def _case(request: Request, pk: Any) -> RectCase:
    case = selectors.case_list(request.user, {})[1].filter(pk=pk).first()
    if case is None:
        raise ValidationError({"case": [f"编号为{pk}的整顿对象不存在"]})
    return case


@extend_schema_view(
    list=extend_schema(
        summary="排查轮次列表", description="本县(区)的软弱涣散排查轮次(县委组织部发布到全县)。", tags=TAGS
    ),
    retrieve=extend_schema(summary="排查轮次详情", tags=TAGS),
    create=extend_schema(
        summary="启动排查轮次",
        description="县委组织部每年启动一轮;倒排比例不低于10%。",
        request=RectRoundInput,
        responses={201: RectRoundSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改排查轮次", request=RectRoundUpdateInput, responses=RectRoundSerializer, tags=TAGS
    ),
    propose=extend_schema(
        summary="生成候选对象",
        description="按年度考核得分倒排取后ceil(比例×参加排名数)个(分数线上并列的一并列入),加上勾选了软弱涣散情形的党组织;"
        "已确认或不列入的保持不变。",
        request=None,
        responses=RectCandidateSerializer(many=True),
        tags=TAGS,
    ),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = RectRound.objects.all()
    serializer_class = RectRoundSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.rounds_visible(self.request.user)

    def get_object(self) -> Any:
        obj = selectors.round_detail(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def create(self, request: Request) -> Response:
        data = self.parse(RectRoundInput)
        county = home_org(request.user)
        return self.written(lambda: services.round_create(actor=request.user, county=county, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        changes = self.parse(RectRoundUpdateInput, partial=True)
        if not changes:
            return self.answer(round_.pk)
        return self.written(lambda: services.round_update(actor=request.user, round=round_, **changes), pk=round_.pk)

    @action(detail=True, methods=["post"])
    def propose(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        with transaction.atomic():
            found = services.candidates_propose(actor=request.user, round=round_)
            return Response(RectCandidateSerializer(found, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="排查得分列表", description="各党组织在轮次中的年度考核得分和软弱涣散情形。", tags=TAGS),
    retrieve=extend_schema(summary="排查得分详情", tags=TAGS),
    create=extend_schema(
        summary="录入得分和软弱涣散情形",
        description="由乡镇或县委组织部录入;勾选情形时须填写情形说明;再次提交即修改。",
        request=RectAssessmentInput,
        responses={201: RectAssessmentSerializer},
        tags=TAGS,
    ),
)
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = RectAssessment.objects.select_related("org", "round").order_by("round_id", "score", "org_path", "id")
    serializer_class = RectAssessmentSerializer
    filterset_class = selectors.AssessmentFilter

    def create(self, request: Request) -> Response:
        data = self.parse(RectAssessmentInput)
        round_ = _round(request, data.pop("round"))
        return self.written(lambda: services.assessment_save(actor=request.user, round=round_, **data), created=True)


@extend_schema_view(
    list=extend_schema(
        summary="候选对象列表", description="系统按排名和情形提出、乡镇提出的候选对象及县委组织部的确认。", tags=TAGS
    ),
    retrieve=extend_schema(summary="候选对象详情", tags=TAGS),
    create=extend_schema(
        summary="乡镇提出整顿对象",
        description="乡镇为本乡镇的党组织提出,须填写理由,待县委组织部确认。",
        request=RectCandidateInput,
        responses={201: RectCandidateSerializer},
        tags=TAGS,
    ),
    confirm=extend_schema(
        summary="确定为整顿对象",
        description="县委组织部确认后即列为整顿对象(确定日期为今天),并建立整顿台账。",
        request=RectNoteInput,
        responses=RectCaseSerializer,
        tags=TAGS,
    ),
    reject=extend_schema(
        summary="不列入整顿对象",
        description="县委组织部不列入,须填写理由。",
        request=RectNoteInput,
        responses=RectCandidateSerializer,
        tags=TAGS,
    ),
)
class CandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = RectCandidate.objects.select_related("org", "round").order_by("-round__year", "org_path", "id")
    serializer_class = RectCandidateSerializer
    filterset_class = selectors.CandidateFilter

    def create(self, request: Request) -> Response:
        data = self.parse(RectCandidateInput)
        round_ = _round(request, data.pop("round"))
        return self.written(lambda: services.candidate_add(actor=request.user, round=round_, **data), created=True)

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        candidate = self.get_object()
        data = self.parse(RectNoteInput)
        with transaction.atomic():
            case = services.candidate_confirm(actor=request.user, candidate=candidate, note=data.get("note", ""))
            case = selectors.case_detail(request.user, case.pk)
            return Response(RectCaseSerializer(case).data)

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        candidate = self.get_object()
        data = self.parse(RectNoteInput)
        return self.written(
            lambda: services.candidate_reject(actor=request.user, candidate=candidate, note=data.get("note", "")),
            pk=candidate.pk,
        )


@extend_schema_view(
    list=extend_schema(
        summary="整顿对象列表",
        description="可按状态、乡镇、分包县级领导、年度、名称筛选;stale=true 为近30天无台账的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="整顿对象详情", description="含工作队和五个不撤离条件。", tags=TAGS),
    partial_update=extend_schema(
        summary="修改分包领导和整顿方案", request=RectCaseUpdateInput, responses=RectCaseSerializer, tags=TAGS
    ),
    team=extend_schema(
        summary="加入整顿工作队",
        description="以乡镇党委书记为组长(每队一名),包村干部和相关工作人员为成员。",
        request=RectTeamMemberInput,
        responses={201: RectTeamMemberSerializer},
        tags=TAGS,
    ),
    check=extend_schema(
        summary="确认不撤离条件",
        description="达到时须填写佐证说明;申请验收期间不能修改。",
        request=RectCheckInput,
        responses=RectExitCheckSerializer,
        tags=TAGS,
    ),
    apply_exit=extend_schema(
        summary="申请整顿到位验收",
        description="乡镇申请;五个不撤离条件未全部达到时拒绝,并列出未达到的条件。",
        request=None,
        responses=RectCaseSerializer,
        tags=TAGS,
    ),
    accept_exit=extend_schema(
        summary="验收整顿到位",
        description="县委组织部验收;整顿到位日期为验收当天。",
        request=None,
        responses=RectCaseSerializer,
        tags=TAGS,
    ),
    return_exit=extend_schema(
        summary="退回整顿到位申请", request=RectReturnInput, responses=RectCaseSerializer, tags=TAGS
    ),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    queryset = RectCase.objects.all()
    serializer_class = RectCaseSerializer
    filterset_class = selectors.CaseFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.case_list(self.request.user, {})[1].prefetch_related("team", "checks")

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        changes = self.parse(RectCaseUpdateInput, partial=True)
        if not changes:
            return self.answer(case.pk)
        return self.written(lambda: services.case_update(actor=request.user, case=case, **changes), pk=case.pk)

    @action(detail=True, methods=["post"])
    def team(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        data = self.parse(RectTeamMemberInput)
        with transaction.atomic():
            member = services.team_member_add(actor=request.user, case=case, **data)
            return Response(RectTeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        data = self.parse(RectCheckInput)
        with transaction.atomic():
            found = services.check_set(actor=request.user, case=case, **data)
            return Response(RectExitCheckSerializer(found).data)

    @action(detail=True, methods=["post"], url_path="apply-exit")
    def apply_exit(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        return self.written(lambda: services.exit_apply(actor=request.user, case=case), pk=case.pk)

    @action(detail=True, methods=["post"], url_path="accept-exit")
    def accept_exit(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        return self.written(lambda: services.exit_accept(actor=request.user, case=case), pk=case.pk)

    @action(detail=True, methods=["post"], url_path="return-exit")
    def return_exit(self, request: Request, pk: Any = None) -> Response:
        case = self.get_object()
        data = self.parse(RectReturnInput)
        return self.written(
            lambda: services.exit_return(actor=request.user, case=case, reason=data["reason"]), pk=case.pk
        )


@extend_schema_view(
    list=extend_schema(summary="整顿台账列表", description="可按整顿对象、党组织、日期筛选。", tags=TAGS),
    retrieve=extend_schema(summary="整顿台账详情", tags=TAGS),
    create=extend_schema(
        summary="记整顿台账",
        description="村党组织书记、乡镇或县委组织部记录;日期不早于确定日期、不晚于今天;整顿到位后不能再记。",
        request=RectEntryInput,
        responses={201: RectEntrySerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(summary="删除整顿台账", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS),
)
class EntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = RectEntry.objects.order_by("-occurred_on", "-id")
    serializer_class = RectEntrySerializer
    filterset_class = selectors.EntryFilter

    def create(self, request: Request) -> Response:
        data = self.parse(RectEntryInput)
        case = _case(request, data.pop("case"))
        return self.written(lambda: services.entry_add(actor=request.user, case=case, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.entry_delete(actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="督导检查列表", tags=TAGS),
    retrieve=extend_schema(summary="督导检查详情", tags=TAGS),
    create=extend_schema(
        summary="记录督导检查",
        description="乡镇或县委组织部记录。",
        request=RectVisitInput,
        responses={201: RectVisitSerializer},
        tags=TAGS,
    ),
)
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = RectVisit.objects.order_by("-visited_on", "-id")
    serializer_class = RectVisitSerializer
    filterset_class = selectors.VisitFilter

    def create(self, request: Request) -> Response:
        data = self.parse(RectVisitInput)
        case = _case(request, data.pop("case"))
        return self.written(lambda: services.visit_add(actor=request.user, case=case, **data), created=True)


@extend_schema_view(
    list=extend_schema(summary="整顿工作队成员列表", tags=TAGS),
    retrieve=extend_schema(summary="整顿工作队成员详情", tags=TAGS),
)
class TeamMemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = RectTeamMember.objects.order_by("case_id", "role", "id")
    serializer_class = RectTeamMemberSerializer


@extend_schema_view(
    list=extend_schema(summary="不撤离条件列表", tags=TAGS),
    retrieve=extend_schema(summary="不撤离条件详情", tags=TAGS),
)
class ExitCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = RectExitCheck.objects.order_by("case_id", "condition", "id")
    serializer_class = RectExitCheckSerializer


class FiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="整顿转化情况",
        description=(
            "某期间(默认本年度)确定的整顿对象数、已整顿到位数、整顿中数和转化率,合计及各乡镇:"
            "期间截止日及以前确定、且未在期间开始前整顿到位的计入;期间截止日及以前整顿到位的计为已整顿到位。"
        ),
        parameters=[
            OpenApiParameter("year", int, required=False, description="年度(默认本年)"),
            OpenApiParameter("since", str, required=False, description="起始日期(年-月-日,默认年度第一天)"),
            OpenApiParameter("until", str, required=False, description="截止日期(年-月-日,默认年度最后一天)"),
            OpenApiParameter("root", str, required=False, description="党组织代码(含全部下级,默认管理范围)"),
        ],
        responses=RectFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        start, end = selectors.year_period(parse_year(params.get("year")))
        try:
            start = dt.date.fromisoformat(params["since"]) if params.get("since", "").strip() else start
            end = dt.date.fromisoformat(params["until"]) if params.get("until", "").strip() else end
        except ValueError:
            raise ValidationError({"since": ["日期格式应为年-月-日"]}) from None
        if end < start:
            raise ValidationError({"until": ["截止日期不能早于起始日期"]})
        code = params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else None
        if code and org is None:
            raise ValidationError({"root": [f"组织代码“{code}”不存在或不在您的管理范围内"]})
        figures = selectors.figures(request.user, start, end, org)
        payload = {
            "start": figures.start,
            "end": figures.end,
            "total": figures.total,
            "towns": figures.towns,
            "sentence": figures.sentence,
        }
        return Response(RectFiguresSerializer(payload).data)


router = SimpleRouter()
router.register("rectification/rounds", RoundViewSet, basename="api-rect-round")
router.register("rectification/assessments", AssessmentViewSet, basename="api-rect-assessment")
router.register("rectification/candidates", CandidateViewSet, basename="api-rect-candidate")
router.register("rectification/cases", CaseViewSet, basename="api-rect-case")
router.register("rectification/entries", EntryViewSet, basename="api-rect-entry")
router.register("rectification/visits", VisitViewSet, basename="api-rect-visit")
router.register("rectification/team-members", TeamMemberViewSet, basename="api-rect-team-member")
router.register("rectification/exit-checks", ExitCheckViewSet, basename="api-rect-exit-check")
urlpatterns = [path("rectification/figures/", FiguresView.as_view(), name="api-rect-figures"), *router.urls]
