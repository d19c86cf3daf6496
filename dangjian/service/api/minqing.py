"""API of 民情夜市 and mediation: sessions, residents' issues (交办, 办结, 反馈, 无法解决), mediators of the three
levels, disputes (调解, 调解成功, 上交, 移交) with their mediation records, and the figures for any scope and period."""

from __future__ import annotations

import datetime as dt
from typing import Any

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

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.scoping import scoped
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.service.choices import (
    DisputeKind,
    IssueCategory,
    IssueChannel,
    IssueFeedback,
    MediationLevel,
    ReferTarget,
)
from dangjian.service.models import Dispute, MediationSession, Mediator, MinqingIssue, NightMarket
from dangjian.service.selectors import minqing as selectors
from dangjian.service.services import minqing as services

TAGS = ["服务与公开-民情夜市"]
MEDIATION_TAGS = ["服务与公开-矛盾调解"]


# --- output -------------------------------------------------------------------------------------------------


class NightMarketSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    starts_at = serializers.TimeField(format="%H:%M", read_only=True, label="开始时间")
    issue_count = serializers.IntegerField(read_only=True, label="登记诉求数")

    class Meta:
        model = NightMarket
        fields = [
            "id",
            "org",
            "held_on",
            "starts_at",
            "place",
            "hosts",
            "town_cadre",
            "attendance",
            "topics",
            "minutes",
            "issue_count",
        ]
        read_only_fields = fields


class MinqingIssueSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    session = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="民情夜市编号")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="类别(中文)")

    class Meta:
        model = MinqingIssue
        fields = [
            "id",
            "org",
            "session",
            "channel",
            "raised_on",
            "anonymous",
            "raiser_name",
            "raiser_phone",
            "category",
            "category_display",
            "content",
            "status",
            "status_display",
            "assignee_name",
            "assigned_on",
            "due_on",
            "resolved_on",
            "result",
            "unresolvable_reason",
            "explained_on",
            "feedback",
            "feedback_on",
            "feedback_note",
        ]
        read_only_fields = fields


class MediatorSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所属组织")

    class Meta:
        model = Mediator
        fields = ["id", "org", "level", "name", "post", "group_name", "phone", "appointed_on", "active"]
        read_only_fields = fields


class DisputeSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="发生地")
    mediators = serializers.PrimaryKeyRelatedField(many=True, read_only=True, label="调解员编号")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = Dispute
        fields = [
            "id",
            "org",
            "kind",
            "parties",
            "summary",
            "received_on",
            "received_level",
            "level",
            "escalated_on",
            "mediators",
            "status",
            "status_display",
            "closed_on",
            "agreement",
            "refer_target",
            "refer_reason",
        ]
        read_only_fields = fields


class MediationSessionSerializer(serializers.ModelSerializer):
    dispute = serializers.PrimaryKeyRelatedField(read_only=True, label="纠纷编号")

    class Meta:
        model = MediationSession
        fields = ["id", "dispute", "held_on", "level", "mediator_names", "note"]
        read_only_fields = fields


class MinqingFiguresSerializer(serializers.Serializer):
    org = OrgRefSerializer(allow_null=True, label="统计的党组织")
    start = serializers.DateField(label="起始日期")
    end = serializers.DateField(label="截止日期")
    sessions = serializers.IntegerField(label="举办民情夜市(次)")
    attendance = serializers.IntegerField(label="群众参与(人次)")
    villages_holding = serializers.IntegerField(label="举办的村(社区)数")
    issues_raised = serializers.IntegerField(label="群众反映诉求(件)")
    issues_resolved = serializers.IntegerField(label="解决群众诉求(件)")
    issues_unresolvable = serializers.IntegerField(label="无法解决已解释(件)")
    issues_open = serializers.IntegerField(label="在办诉求(件)")
    satisfaction = serializers.CharField(label="满意度(满意和基本满意/已回访)")
    disputes_received = serializers.IntegerField(label="受理矛盾纠纷(件)")
    disputes_settled = serializers.IntegerField(label="调解成功(件)")
    disputes_referred = serializers.IntegerField(label="调解不成移交(件)")
    disputes_open = serializers.IntegerField(label="调解中(件)")
    success_rate = serializers.CharField(label="调解成功率(成功/结案)")
    decided = serializers.IntegerField(allow_null=True, label="民主决策重大事项(件)")
    sentence = serializers.CharField(label="表述")
    villages = serializers.IntegerField(label="应每周举办的村数")
    behind = serializers.IntegerField(label="未按每周一次举办的村数")


# --- input --------------------------------------------------------------------------------------------------


class ScopedSessionField(serializers.IntegerField):
    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        if pk is None:
            return None
        found = scoped(NightMarket, self.context["request"].user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError(f"编号为{pk}的民情夜市不存在")
        return found


class ScopedMediatorsField(serializers.ListField):
    child = serializers.IntegerField()

    def run_validation(self, data: Any = serializers.empty) -> Any:
        ids = super().run_validation(data)
        found = list(scoped(Mediator, self.context["request"].user).filter(pk__in=ids))
        missing = set(ids) - {m.pk for m in found}
        if missing:
            raise serializers.ValidationError(f"编号为{min(missing)}的调解员不存在")
        return found


class _SessionFields(ChineseInputMixin, serializers.Serializer):
    held_on = DateInput(label="举办日期")
    starts_at = serializers.TimeField(label="开始时间(17:00—22:00)")
    place = serializers.CharField(max_length=100, label="地点")
    hosts = serializers.CharField(max_length=200, label="主持村干部")
    town_cadre = serializers.CharField(required=False, allow_blank=True, max_length=100, label="参加乡镇干部")
    attendance = serializers.IntegerField(required=False, min_value=0, label="群众参与人数")
    topics = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="议题")
    minutes = serializers.CharField(required=False, allow_blank=True, max_length=20000, label="会议记录")


@extend_schema_serializer(description="登记民情夜市(已举办,或提前60天内安排)")
class SessionInput(_SessionFields):
    org = ScopedOrgCodeField(label="村(社区)代码")


@extend_schema_serializer(description="修改民情夜市:只提交要修改的项目")
class SessionUpdateInput(_SessionFields):
    pass


class IssueInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村(社区)代码")
    session = ScopedSessionField(required=False, allow_null=True, label="民情夜市编号(在夜市上反映的)")
    channel = serializers.ChoiceField(choices=IssueChannel.choices, required=False, allow_blank=True, label="反映渠道")
    raised_on = DateInput(required=False, label="反映日期(默认夜市当天或今天)")
    category = serializers.ChoiceField(choices=IssueCategory.choices, label="问题类别")
    content = serializers.CharField(max_length=2000, label="诉求内容")
    anonymous = serializers.BooleanField(required=False, default=False, label="匿名反映")
    raiser_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="反映人")
    raiser_phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="反映人电话")


class IssueAssignInput(ChineseInputMixin, serializers.Serializer):
    assignee_name = serializers.CharField(max_length=50, label="承办人")
    due_on = DateInput(label="办理时限")
    assigned_on = DateInput(required=False, label="交办日期(默认今天)")


class IssueResolveInput(ChineseInputMixin, serializers.Serializer):
    result = serializers.CharField(max_length=2000, label="办理结果")
    resolved_on = DateInput(required=False, label="办结日期(默认今天)")


class IssueFeedbackInput(ChineseInputMixin, serializers.Serializer):
    feedback = serializers.ChoiceField(choices=IssueFeedback.choices, label="群众评价")
    feedback_on = DateInput(required=False, label="回访日期(默认今天)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="回访情况")


class IssueUnresolvableInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=2000, label="无法解决的原因")
    explained_on = DateInput(required=False, label="向群众解释日期(默认今天)")


class MediatorInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="所属组织代码(镇级为乡镇,村级、组级为村(社区))")
    level = serializers.ChoiceField(choices=MediationLevel.choices, label="调解层级")
    name = serializers.CharField(max_length=50, label="姓名")
    post = serializers.CharField(max_length=100, label="职务")
    group_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="村民小组(组级必填)")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="联系电话")
    appointed_on = DateInput(required=False, allow_null=True, label="聘任日期")


class MediatorUpdateInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, label="姓名")
    post = serializers.CharField(max_length=100, label="职务")
    group_name = serializers.CharField(allow_blank=True, max_length=50, label="村民小组")
    phone = serializers.CharField(allow_blank=True, max_length=20, label="联系电话")
    appointed_on = DateInput(allow_null=True, label="聘任日期")
    active = serializers.BooleanField(label="在任")


class DisputeInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="发生地代码(村(社区);乡镇直接受理的为乡镇)")
    kind = serializers.ChoiceField(choices=DisputeKind.choices, label="纠纷类型")
    parties = serializers.CharField(max_length=200, label="当事人")
    summary = serializers.CharField(max_length=5000, label="纠纷情况")
    received_on = DateInput(label="受理日期")
    level = serializers.ChoiceField(choices=MediationLevel.choices, label="受理层级")
    mediators = ScopedMediatorsField(required=False, default=list, label="调解员编号")


class DisputeMediateInput(ChineseInputMixin, serializers.Serializer):
    note = serializers.CharField(max_length=5000, label="调解情况")
    held_on = DateInput(required=False, label="调解日期(默认今天)")
    mediator_names = serializers.CharField(required=False, allow_blank=True, max_length=200, label="调解人员")


class DisputeSettleInput(ChineseInputMixin, serializers.Serializer):
    agreement = serializers.CharField(max_length=5000, label="调解协议")
    closed_on = DateInput(required=False, label="结案日期(默认今天)")


class DisputeEscalateInput(ChineseInputMixin, serializers.Serializer):
    level = serializers.ChoiceField(choices=MediationLevel.choices, label="上交层级(只能是上一级)")
    reason = serializers.CharField(max_length=2000, label="上交原因")
    escalated_on = DateInput(required=False, label="上交日期(默认今天)")
    mediators = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, label="上级调解员编号(该层级在任的)"
    )


class DisputeReferInput(ChineseInputMixin, serializers.Serializer):
    target = serializers.ChoiceField(choices=ReferTarget.choices, label="移交去向")
    reason = serializers.CharField(max_length=2000, label="调解不成原因")
    closed_on = DateInput(required=False, label="移交日期(默认今天)")


def _given(data: dict[str, Any]) -> dict[str, Any]:
    """The optional dates left out rather than passed as None (the services default them to today)."""
    return {k: v for k, v in data.items() if v is not None}


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="民情夜市列表", description="本组织及下级村(社区)的民情夜市。", tags=TAGS),
    retrieve=extend_schema(summary="民情夜市详情", tags=TAGS),
    create=extend_schema(
        summary="登记民情夜市", request=SessionInput, responses={201: NightMarketSerializer}, tags=TAGS
    ),
    partial_update=extend_schema(
        summary="修改民情夜市", request=SessionUpdateInput, responses=NightMarketSerializer, tags=TAGS
    ),
    destroy=extend_schema(
        summary="删除民情夜市(未登记诉求的)", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
)
class NightMarketViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = NightMarket.objects.all()
    serializer_class = NightMarketSerializer
    filterset_class = selectors.SessionFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.session_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(SessionInput)
        return self.written(lambda: services.session_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        session = self.get_object()
        changes = self.parse(SessionUpdateInput, partial=True)
        if not changes:
            return self.answer(session.pk)
        return self.written(
            lambda: services.session_update(actor=request.user, session=session, **changes), pk=session.pk
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.session_delete(actor=request.user, session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="群众诉求列表", description="含反映人姓名和电话(内部使用,不公开)。", tags=TAGS),
    retrieve=extend_schema(summary="群众诉求详情", tags=TAGS),
    create=extend_schema(
        summary="登记群众诉求",
        description="在民情夜市上反映的填民情夜市编号(渠道和日期随夜市);其他渠道须选反映渠道。实名须填反映人。",
        request=IssueInput,
        responses={201: MinqingIssueSerializer},
        tags=TAGS,
    ),
    assign=extend_schema(
        summary="交办",
        description="待交办或办理中(改派)的诉求;状态变为办理中。",
        request=IssueAssignInput,
        responses=MinqingIssueSerializer,
        tags=TAGS,
    ),
    resolve=extend_schema(
        summary="办结",
        description="办理中的诉求。",
        request=IssueResolveInput,
        responses=MinqingIssueSerializer,
        tags=TAGS,
    ),
    feedback=extend_schema(
        summary="登记群众反馈",
        description="已解决的诉求;状态变为已反馈。",
        request=IssueFeedbackInput,
        responses=MinqingIssueSerializer,
        tags=TAGS,
    ),
    unresolvable=extend_schema(
        summary="说明无法解决",
        description="待交办或办理中的诉求;须填写原因(已向群众解释)。",
        request=IssueUnresolvableInput,
        responses=MinqingIssueSerializer,
        tags=TAGS,
    ),
)
class MinqingIssueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = MinqingIssue.objects.all()
    serializer_class = MinqingIssueSerializer
    filterset_class = selectors.IssueFilter

    def get_queryset(self) -> Any:
        return selectors.issue_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = _given(self.parse(IssueInput))
        return self.written(lambda: services.issue_create(actor=request.user, **data), created=True)

    def _step(self, input_class: Any, service: Any) -> Response:
        issue = self.get_object()
        data = _given(self.parse(input_class))
        return self.written(lambda: service(actor=self.request.user, issue=issue, **data), pk=issue.pk)

    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: Any = None) -> Response:
        return self._step(IssueAssignInput, services.issue_assign)

    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: Any = None) -> Response:
        return self._step(IssueResolveInput, services.issue_resolve)

    @action(detail=True, methods=["post"])
    def feedback(self, request: Request, pk: Any = None) -> Response:
        return self._step(IssueFeedbackInput, services.issue_feedback)

    @action(detail=True, methods=["post"])
    def unresolvable(self, request: Request, pk: Any = None) -> Response:
        return self._step(IssueUnresolvableInput, services.issue_unresolvable)


@extend_schema_view(
    list=extend_schema(
        summary="调解员名册", description="镇村组三级调解员(含联系电话,内部使用)。", tags=MEDIATION_TAGS
    ),
    retrieve=extend_schema(summary="调解员详情", tags=MEDIATION_TAGS),
    create=extend_schema(
        summary="登记调解员", request=MediatorInput, responses={201: MediatorSerializer}, tags=MEDIATION_TAGS
    ),
    partial_update=extend_schema(
        summary="修改调解员(含离任)", request=MediatorUpdateInput, responses=MediatorSerializer, tags=MEDIATION_TAGS
    ),
)
class MediatorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Mediator.objects.all()
    serializer_class = MediatorSerializer
    filterset_class = selectors.MediatorFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.mediator_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(MediatorInput)
        return self.written(lambda: services.mediator_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        mediator = self.get_object()
        changes = self.parse(MediatorUpdateInput, partial=True)
        if not changes:
            return self.answer(mediator.pk)
        return self.written(
            lambda: services.mediator_update(actor=request.user, mediator=mediator, **changes), pk=mediator.pk
        )


@extend_schema_view(
    list=extend_schema(summary="矛盾纠纷列表", description="含当事人(内部使用,不公开)。", tags=MEDIATION_TAGS),
    retrieve=extend_schema(summary="矛盾纠纷详情", tags=MEDIATION_TAGS),
    create=extend_schema(
        summary="受理矛盾纠纷",
        description="组级、村级由村(社区)受理;镇级由乡镇(街道)或县受理;县级由县受理。",
        request=DisputeInput,
        responses={201: DisputeSerializer},
        tags=MEDIATION_TAGS,
    ),
    mediate=extend_schema(
        summary="登记调解",
        request=DisputeMediateInput,
        responses={201: MediationSessionSerializer},
        tags=MEDIATION_TAGS,
    ),
    settle=extend_schema(
        summary="调解成功", request=DisputeSettleInput, responses=DisputeSerializer, tags=MEDIATION_TAGS
    ),
    escalate=extend_schema(
        summary="上交上级调解",
        description="逐级上交(组级→村级→镇级→县级),不能越级、不能退回;上交后由上级办理,村里不能再办理镇级纠纷。",
        request=DisputeEscalateInput,
        responses=DisputeSerializer,
        tags=MEDIATION_TAGS,
    ),
    refer=extend_schema(
        summary="调解不成移交",
        description="移交法院诉讼、信访或仲裁,纠纷结案。",
        request=DisputeReferInput,
        responses=DisputeSerializer,
        tags=MEDIATION_TAGS,
    ),
)
class DisputeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Dispute.objects.all()
    serializer_class = DisputeSerializer
    filterset_class = selectors.DisputeFilter

    def get_queryset(self) -> Any:
        return selectors.dispute_list(self.request.user, {})[1].prefetch_related("mediators")

    def create(self, request: Request) -> Response:
        data = self.parse(DisputeInput)
        return self.written(lambda: services.dispute_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def mediate(self, request: Request, pk: Any = None) -> Response:
        dispute = self.get_object()
        data = _given(self.parse(DisputeMediateInput))
        row = services.dispute_mediate(actor=request.user, dispute=dispute, **data)
        return Response(MediationSessionSerializer(row).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def settle(self, request: Request, pk: Any = None) -> Response:
        dispute = self.get_object()
        data = _given(self.parse(DisputeSettleInput))
        return self.written(lambda: services.dispute_settle(actor=request.user, dispute=dispute, **data), pk=dispute.pk)

    @action(detail=True, methods=["post"])
    def escalate(self, request: Request, pk: Any = None) -> Response:
        dispute = self.get_object()
        data = _given(self.parse(DisputeEscalateInput))
        ids = set(data.pop("mediators", []))
        above = [m for m in selectors.mediator_choices(request.user, dispute.org, data["level"]) if m.pk in ids]
        missing = ids - {m.pk for m in above}
        if missing:
            raise ValidationError({"mediators": [f"编号为{min(missing)}的调解员不是该层级可选的调解员"]})
        data["mediators"] = above
        return self.written(
            lambda: services.dispute_escalate(actor=request.user, dispute=dispute, **data), pk=dispute.pk
        )

    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: Any = None) -> Response:
        dispute = self.get_object()
        data = _given(self.parse(DisputeReferInput))
        return self.written(lambda: services.dispute_refer(actor=request.user, dispute=dispute, **data), pk=dispute.pk)


@extend_schema_view(
    list=extend_schema(summary="调解记录列表", tags=MEDIATION_TAGS),
    retrieve=extend_schema(summary="调解记录详情", tags=MEDIATION_TAGS),
)
class MediationSessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = MediationSession.objects.order_by("dispute_id", "held_on", "id")
    serializer_class = MediationSessionSerializer
    filterset_class = selectors.MediationRecordFilter


def _day(request: Request, name: str, default: dt.date) -> dt.date:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [f"日期“{raw}”无效,格式为年-月-日"]}) from None


class MinqingFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="民情夜市与矛盾调解统计",
        description=(
            "某党组织(默认本组织,含下级)在起止日期内:民情夜市次数和参与人次、解决群众诉求、满意度、调解成功件数和"
            "成功率、未按每周一次举办的村数,以及“解决群众生产生活难题…件,有效调解化解矛盾纠纷…件,"
            "民主决策重大事项…件”的表述(100件以上按十位取整写作“余件”)。"
        ),
        parameters=[
            OpenApiParameter("root", str, required=False, description="党组织代码(默认本组织)"),
            OpenApiParameter("start", dt.date, required=False, description="起始日期(默认今年1月1日)"),
            OpenApiParameter("end", dt.date, required=False, description="截止日期(默认今天)"),
        ],
        responses=MinqingFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        today = clock.today()
        start = _day(request, "start", today.replace(month=1, day=1))
        end = _day(request, "end", today)
        if start > end:
            raise ValidationError({"start": ["起始日期不能晚于截止日期"]})
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        if org is None:
            raise ValidationError({"root": ["组织代码不存在或不在您的管理范围内"]})
        figures = selectors.minqing_figures(request.user, org=org, start=start, end=end)
        weekly = selectors.weekly_rows(request.user, org, start, end, today)
        data = {
            **{name: getattr(figures, name) for name in MinqingFiguresSerializer().fields if hasattr(figures, name)},
            "villages": len(weekly),
            "behind": sum(1 for row in weekly if row.tally.behind),
        }
        return Response(MinqingFiguresSerializer(data).data)


router = SimpleRouter()
router.register("minqing/sessions", NightMarketViewSet, basename="api-service-minqing-session")
router.register("minqing/issues", MinqingIssueViewSet, basename="api-service-minqing-issue")
router.register("mediation/mediators", MediatorViewSet, basename="api-service-mediator")
router.register("mediation/disputes", DisputeViewSet, basename="api-service-dispute")
router.register("mediation/records", MediationSessionViewSet, basename="api-service-mediation-record")
urlpatterns = [
    path("minqing/figures/", MinqingFiguresView.as_view(), name="api-service-minqing-figures"),
    *router.urls,
]
