"""API of 四议两公开: matters (list, create, change, delete, close as 未通过), recording a step (an action on the
matter: meetings with attendance and votes judged by the step's rule, disclosures with content and period), the
steps (attempts) themselves, the figures, and the county's disclosure setting."""

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
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.service import rules
from dangjian.service.choices import DecisionCategory, DecisionStepKind, DisclosureChannel
from dangjian.service.models import Decision, DecisionStep, DisclosurePolicy
from dangjian.service.permissions import require
from dangjian.service.selectors import decisions as selectors
from dangjian.service.services import decisions as services

TAGS = ["服务与公开-四议两公开"]
UPLOAD_PARSERS = [ApiJSONParser, MultiPartParser, FormParser]


# --- output -------------------------------------------------------------------------------------------------


class DecisionSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="类别(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = Decision
        fields = [
            "id",
            "org",
            "title",
            "category",
            "category_display",
            "description",
            "amount",
            "status",
            "status_display",
            "current_step",
            "started_on",
            "resolved_on",
            "disclosed_on",
            "completed_on",
            "failed_on",
            "closing_note",
        ]
        read_only_fields = fields


class DecisionStepSerializer(serializers.ModelSerializer):
    decision = serializers.PrimaryKeyRelatedField(read_only=True, label="事项编号")
    step_display = serializers.CharField(source="get_step_display", read_only=True, label="步骤(中文)")
    minutes = serializers.CharField(source="minutes.name", read_only=True, label="会议记录(存储名)")

    class Meta:
        model = DecisionStep
        fields = [
            "id",
            "decision",
            "step",
            "step_display",
            "attempt",
            "held_on",
            "place",
            "expected",
            "present",
            "votes_for",
            "votes_against",
            "abstentions",
            "valid",
            "passed",
            "verdict",
            "channel",
            "content",
            "period_days",
            "public_until",
            "notes",
            "minutes",
        ]
        read_only_fields = fields


class DisclosurePolicySerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county.code", read_only=True, label="县(区)代码")

    class Meta:
        model = DisclosurePolicy
        fields = ["county", "period_days", "on_time_days"]
        read_only_fields = fields


class CategoryFigureSerializer(serializers.Serializer):
    label = serializers.CharField(label="事项类别")
    started = serializers.IntegerField(label="启动(提议)")
    resolved = serializers.IntegerField(label="已决议")
    disclosed = serializers.IntegerField(label="决议公开")
    completed = serializers.IntegerField(label="实施结果公开")
    failed = serializers.IntegerField(label="未通过")


class DecisionFiguresSerializer(serializers.Serializer):
    org = OrgRefSerializer(label="统计的党组织")
    start = serializers.DateField(label="起始日期")
    end = serializers.DateField(label="截止日期")
    started = serializers.IntegerField(label="启动(第1步提议)")
    resolved = serializers.IntegerField(label="村民代表会议决议")
    disclosed = serializers.IntegerField(label="决议公开")
    completed = serializers.IntegerField(label="实施结果公开")
    failed = serializers.IntegerField(label="未通过")
    under_way = serializers.IntegerField(label="目前进行中(第1–4步)")
    on_time = serializers.IntegerField(label="按时公开")
    on_time_days = serializers.IntegerField(label="按时公开时限(天)")
    on_time_text = serializers.CharField(label="按时公开率(按时/决议公开)")
    sentence = serializers.CharField(label="表述")
    categories = CategoryFigureSerializer(many=True, label="按类别")


# --- input --------------------------------------------------------------------------------------------------


class _DecisionFields(ChineseInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=100, label="事项名称")
    category = serializers.ChoiceField(choices=DecisionCategory.choices, label="事项类别")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="事项内容")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True, label="涉及金额(元,可空)"
    )


@extend_schema_serializer(description="登记重大事项(村(社区)党组织)")
class DecisionCreateInput(_DecisionFields):
    org = ScopedOrgCodeField(label="村(社区)党组织代码")


@extend_schema_serializer(description="修改事项(村民代表会议决议前):只提交要修改的项目")
class DecisionUpdateInput(_DecisionFields):
    pass


@extend_schema_serializer(
    description=(
        "登记一个步骤(须按顺序,前一步通过后才能登记下一步;表决未通过的步骤可重新召开)。第1–4步为会议:"
        "held_on、expected(应到)、present(实到)、votes_for(赞成)、votes_against、abstentions;第5–6步为公开:"
        "held_on、channel、content、period_days(不少于县(区)规定的天数)。会议记录用 multipart/form-data 上传 minutes。"
    )
)
class DecisionStepInput(ChineseInputMixin, serializers.Serializer):
    step = serializers.ChoiceField(choices=DecisionStepKind.choices, label="步骤")
    held_on = DateInput(label="日期")
    place = serializers.CharField(required=False, allow_blank=True, max_length=100, label="地点")
    expected = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="应到人数")
    present = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="实到人数")
    votes_for = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="赞成票")
    votes_against = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="反对票")
    abstentions = serializers.IntegerField(required=False, allow_null=True, min_value=0, label="弃权票")
    channel = serializers.ChoiceField(
        choices=DisclosureChannel.choices, required=False, allow_blank=True, label="公开形式"
    )
    content = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="公开内容")
    period_days = serializers.IntegerField(required=False, allow_null=True, label="公开期限(天)")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="备注(内部)")
    minutes = serializers.FileField(required=False, allow_null=True, label="会议记录(≤10MB)")


class DecisionCloseInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="未通过说明")


class DisclosurePolicyInput(ChineseInputMixin, serializers.Serializer):
    period_days = serializers.IntegerField(required=False, label="公开期限(天,7–365)")
    on_time_days = serializers.IntegerField(required=False, label="决议公开时限(天,1–90)")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="四议两公开事项列表",
        description=(
            "本组织及下级村(社区)的重大事项;可按 org、township、status、category、start/end(提议日期)、search 筛选。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="事项详情", tags=TAGS),
    create=extend_schema(
        summary="登记重大事项", request=DecisionCreateInput, responses={201: DecisionSerializer}, tags=TAGS
    ),
    partial_update=extend_schema(
        summary="修改事项", request=DecisionUpdateInput, responses=DecisionSerializer, tags=TAGS
    ),
    destroy=extend_schema(
        summary="删除事项(未登记任何步骤的)", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
    steps=extend_schema(
        summary="登记步骤",
        description="按顺序登记;会议按该步骤的规则判定是否有效、是否通过,未通过时事项停留在该步骤。",
        request=DecisionStepInput,
        responses={201: DecisionStepSerializer},
        tags=TAGS,
    ),
    close=extend_schema(
        summary="终止事项(未通过)",
        description="当前步骤表决未通过时可终止,须填写说明;已有记录保留。",
        request=DecisionCloseInput,
        responses=DecisionSerializer,
        tags=TAGS,
    ),
)
class DecisionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = Decision.objects.all()
    serializer_class = DecisionSerializer
    filterset_class = selectors.DecisionFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.decision_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(DecisionCreateInput)
        return self.written(lambda: services.decision_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        decision = self.get_object()
        changes = self.parse(DecisionUpdateInput, partial=True)
        if not changes:
            return self.answer(decision.pk)
        return self.written(
            lambda: services.decision_update(actor=request.user, decision=decision, **changes), pk=decision.pk
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.decision_delete(actor=request.user, decision=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"], parser_classes=UPLOAD_PARSERS)
    def steps(self, request: Request, pk: Any = None) -> Response:
        decision = self.get_object()
        data = self.parse(DecisionStepInput)
        data["step"] = int(data["step"])
        row = services.step_record(actor=request.user, decision=decision, **data)
        return Response(DecisionStepSerializer(row).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        decision = self.get_object()
        data = self.parse(DecisionCloseInput)
        return self.written(
            lambda: services.decision_close(actor=request.user, decision=decision, reason=data["reason"]),
            pk=decision.pk,
        )


@extend_schema_view(
    list=extend_schema(summary="四议两公开步骤列表", description="每次召开或公开一条,按事项、步骤、次序。", tags=TAGS),
    retrieve=extend_schema(summary="步骤详情", tags=TAGS),
)
class DecisionStepViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = DecisionStep.objects.order_by("decision_id", "step", "attempt")
    serializer_class = DecisionStepSerializer


def _date(request: Request, name: str, default: dt.date) -> dt.date:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [f"日期“{raw}”无效,格式为年-月-日"]}) from None


class DecisionFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="四议两公开统计",
        description="某党组织(默认本组织,含下级)在起止日期内启动、决议、公开、完成、未通过的事项数,按类别,及按时公开率。",
        parameters=[
            OpenApiParameter("root", str, required=False, description="党组织代码(默认本组织)"),
            OpenApiParameter("start", str, required=False, description="起始日期(默认今年1月1日)"),
            OpenApiParameter("end", str, required=False, description="截止日期(默认今天)"),
        ],
        responses=DecisionFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        today = clock.today()
        start = _date(request, "start", today.replace(month=1, day=1))
        end = _date(request, "end", today)
        if start > end:
            raise ValidationError({"start": ["起始日期不能晚于截止日期"]})
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        if org is None:
            raise ValidationError({"root": ["组织代码不存在或不在您的管理范围内"]})
        figures = selectors.figures(request.user, org=org, start=start, end=end)
        return Response(DecisionFiguresSerializer(figures).data)


class DisclosurePolicyView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 403)

    def _county(self) -> Org:
        org = home_org(self.request.user)
        county = Org.objects.filter(pk=org.county_id).first() if org is not None else None
        county = county or org
        require(county is not None, "当前账号没有所属县(区)")
        assert county is not None
        return county

    @extend_schema(
        summary="四议两公开公开设置",
        description=(
            f"您所在县(区)的公开期限(默认{rules.DISCLOSURE_PERIOD_DEFAULT}天)和决议公开时限"
            f"(默认{rules.DISCLOSURE_ON_TIME_DEFAULT}天)。"
        ),
        responses=DisclosurePolicySerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        county = self._county()
        policy = services.policy_for(county.pk)
        policy.county = county
        return Response(DisclosurePolicySerializer(policy).data)

    @extend_schema(
        summary="修改四议两公开公开设置",
        description="县(区)委组织部管理员设置;修改记入工作轨迹。",
        request=DisclosurePolicyInput,
        responses=DisclosurePolicySerializer,
        tags=TAGS,
    )
    def put(self, request: Request) -> Response:
        county = self._county()
        serializer = DisclosurePolicyInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        policy = services.policy_update(actor=request.user, county=county, **serializer.validated_data)
        return Response(DisclosurePolicySerializer(policy).data)


router = SimpleRouter()
router.register("decisions/steps", DecisionStepViewSet, basename="api-service-decision-step")
router.register("decisions", DecisionViewSet, basename="api-service-decision")
urlpatterns = [
    path("decisions/figures/", DecisionFiguresView.as_view(), name="api-service-decision-figures"),
    path("decisions/policy/", DisclosurePolicyView.as_view(), name="api-service-decision-policy"),
    *router.urls,
]
