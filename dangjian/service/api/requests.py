"""API of 群众办事代办: requests (list, detail, counter filing, accept, progress, reassign, finish, return, rate as a
return visit), their progress lines, and the figures for a scope and period."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.service import rules
from dangjian.service.choices import RequestCategory, RequestChannel, Satisfaction, ServiceMode
from dangjian.service.models import RequestProgress, ServiceRequest
from dangjian.service.selectors import requests as selectors
from dangjian.service.services import requests as services

TAGS = ["服务与公开-群众办事"]


# --- output -------------------------------------------------------------------------------------------------


class ServiceRequestSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    escalated_to = OrgRefSerializer(read_only=True, allow_null=True, label="上报乡镇")
    code_display = serializers.SerializerMethodField(label="回执码(分组显示)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    mode_display = serializers.CharField(source="get_mode_display", read_only=True, label="办理方式(中文)")
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="事项类别(中文)")
    handler_person = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="经办人(党员编号)")

    class Meta:
        model = ServiceRequest
        fields = [
            "id",
            "org",
            "receipt_code",
            "code_display",
            "channel",
            "category",
            "category_display",
            "content",
            "resident_name",
            "resident_phone",
            "filed_at",
            "filed_on",
            "status",
            "status_display",
            "mode",
            "mode_display",
            "referred_to",
            "handler_name",
            "handler_person",
            "deadline",
            "accepted_at",
            "finished_on",
            "result",
            "return_reason",
            "escalated_at",
            "escalated_to",
            "taken_over_at",
            "rating",
            "rating_source",
            "rating_comment",
            "rated_at",
        ]
        read_only_fields = fields

    def get_code_display(self, obj: ServiceRequest) -> str:
        return rules.receipt_code_display(obj.receipt_code)


class RequestProgressSerializer(serializers.ModelSerializer):
    request = serializers.PrimaryKeyRelatedField(read_only=True, label="事项编号")

    class Meta:
        model = RequestProgress
        fields = ["id", "request", "occurred_at", "text"]
        read_only_fields = fields


class TallySerializer(serializers.Serializer):
    name = serializers.CharField(label="名称")
    key = serializers.CharField(label="代码(办理方式、类别或乡镇路径)")
    filed = serializers.IntegerField(label="受理")
    finished = serializers.IntegerField(label="办结")
    in_time = serializers.IntegerField(label="按时办结")
    in_time_text = serializers.CharField(label="按时办结率(按时/办结)")
    returned = serializers.IntegerField(label="退回")
    open = serializers.IntegerField(label="办理中或待受理")
    overdue = serializers.IntegerField(label="逾期未办结")
    escalated = serializers.IntegerField(label="上报乡镇")
    rated = serializers.IntegerField(label="已评价")
    good = serializers.IntegerField(label="满意和基本满意")
    satisfaction_text = serializers.CharField(label="满意率(满意和基本满意/已评价)")


class RequestFiguresSerializer(serializers.Serializer):
    start = serializers.DateField(label="起始日期")
    end = serializers.DateField(label="截止日期")
    sentence = serializers.CharField(label="表述")
    total = TallySerializer(label="合计")
    modes = TallySerializer(many=True, label="按办理方式")
    categories = TallySerializer(many=True, label="按事项类别")
    towns = TallySerializer(many=True, label="按乡镇(街道)")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="窗口(或电话等)登记群众办事")
class RequestInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村(社区)组织代码")
    channel = serializers.ChoiceField(
        choices=RequestChannel.choices, required=False, default="counter", label="受理渠道(不能为网上提交)"
    )
    category = serializers.ChoiceField(choices=RequestCategory.choices, label="事项类别")
    content = serializers.CharField(max_length=2000, label="办事内容")
    resident_name = serializers.CharField(max_length=50, label="群众姓名")
    resident_phone = serializers.CharField(max_length=20, label="联系电话")


class RequestAcceptInput(ChineseInputMixin, serializers.Serializer):
    mode = serializers.ChoiceField(choices=ServiceMode.choices, label="办理方式")
    handler_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="经办人")
    handler_person = ScopedPersonField(required=False, allow_null=True, label="经办人(党员编号)")
    deadline = DateInput(required=False, allow_null=True, label="办理时限(默认按办理方式)")
    referred_to = serializers.CharField(required=False, allow_blank=True, max_length=100, label="介绍到的部门")
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, label="受理说明")


class RequestReassignInput(ChineseInputMixin, serializers.Serializer):
    handler_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="新经办人")
    handler_person = ScopedPersonField(required=False, allow_null=True, label="新经办人(党员编号)")
    deadline = DateInput(required=False, allow_null=True, label="新办理时限")
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, label="说明")


class RequestProgressInput(ChineseInputMixin, serializers.Serializer):
    text = serializers.CharField(max_length=1000, label="办理进展")


class RequestFinishInput(ChineseInputMixin, serializers.Serializer):
    result = serializers.CharField(max_length=2000, label="办理结果")
    finished_on = DateInput(required=False, allow_null=True, label="办结日期(默认今天)")


class RequestReturnInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="退回原因")


class RequestRateInput(ChineseInputMixin, serializers.Serializer):
    rating = serializers.ChoiceField(choices=Satisfaction.choices, label="满意度")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300, label="回访意见")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="群众办事列表",
        description="本组织及下级村(社区)的群众办事事项;可按状态、办理方式、类别、逾期、上报、乡镇、提交日期筛选,"
        "按回执码或办事内容搜索。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="群众办事详情", tags=TAGS),
    create=extend_schema(
        summary="窗口登记群众办事",
        description="村(社区)干部为来访或来电群众登记,生成回执码,待受理。",
        request=RequestInput,
        responses={201: ServiceRequestSerializer},
        tags=TAGS,
    ),
    accept=extend_schema(
        summary="受理",
        description="选择五种办理方式之一(现场办、代理办、协助办、介绍办、全程办),指定经办人;办理时限默认按县里设置。",
        request=RequestAcceptInput,
        responses=ServiceRequestSerializer,
        tags=TAGS,
    ),
    progress=extend_schema(
        summary="添加办理进展",
        description="群众凭回执码可以看到办理进展。",
        request=RequestProgressInput,
        responses={201: RequestProgressSerializer},
        tags=TAGS,
    ),
    reassign=extend_schema(
        summary="乡镇接办(改派)",
        description="乡镇或县委组织部为办理中的事项指定新经办人和时限;村(社区)本级不能接办。",
        request=RequestReassignInput,
        responses=ServiceRequestSerializer,
        tags=TAGS,
    ),
    finish=extend_schema(summary="办结", request=RequestFinishInput, responses=ServiceRequestSerializer, tags=TAGS),
    return_=extend_schema(
        summary="退回",
        description="待受理或办理中的事项可以退回,须填写原因(群众凭回执码可见)。",
        request=RequestReturnInput,
        responses=ServiceRequestSerializer,
        tags=TAGS,
    ),
    rate=extend_schema(
        summary="记录电话回访满意度",
        description="已办结且尚未评价的事项;每个事项只能评价一次。",
        request=RequestRateInput,
        responses=ServiceRequestSerializer,
        tags=TAGS,
    ),
)
class ServiceRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ServiceRequest.objects.all()
    serializer_class = ServiceRequestSerializer
    filterset_class = selectors.RequestFilter

    def get_queryset(self) -> Any:
        return selectors.request_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(RequestInput)
        return self.written(lambda: services.request_file(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(RequestAcceptInput)
        return self.written(lambda: services.request_accept(actor=request.user, request=item, **data), pk=item.pk)

    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(RequestProgressInput)
        entry = services.request_progress_add(actor=request.user, request=item, text=data["text"])
        return Response(RequestProgressSerializer(entry).data, status=201)

    @action(detail=True, methods=["post"])
    def reassign(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(RequestReassignInput)
        return self.written(lambda: services.request_reassign(actor=request.user, request=item, **data), pk=item.pk)

    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(RequestFinishInput)
        return self.written(lambda: services.request_finish(actor=request.user, request=item, **data), pk=item.pk)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(RequestReturnInput)
        return self.written(
            lambda: services.request_return(actor=request.user, request=item, reason=data["reason"]), pk=item.pk
        )

    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(RequestRateInput)
        return self.written(lambda: services.request_rate(actor=request.user, request=item, **data), pk=item.pk)


@extend_schema_view(
    list=extend_schema(summary="办理进展列表", tags=TAGS), retrieve=extend_schema(summary="办理进展详情", tags=TAGS)
)
class RequestProgressViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = RequestProgress.objects.order_by("request_id", "occurred_at", "id")
    serializer_class = RequestProgressSerializer


class RequestFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="群众办事统计",
        description="某党组织(默认本人管理范围)在起止日期内提交的事项:受理、办结、按时办结率、逾期未办结、上报乡镇、"
        "满意率(满意和基本满意/已评价),按办理方式、事项类别和乡镇分列。",
        parameters=[
            OpenApiParameter("root", str, required=False, description="党组织代码(含全部下级,默认本人管理范围)"),
            OpenApiParameter("since", str, required=False, description="起始日期(默认今年1月1日)"),
            OpenApiParameter("until", str, required=False, description="截止日期(默认今年12月31日)"),
        ],
        responses=RequestFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        from dangjian.core import clock

        start, end = selectors.year_period(clock.today().year)
        for name in ("since", "until"):
            raw = request.query_params.get(name, "").strip()
            if raw:
                try:
                    value = DateInput().to_internal_value(raw)
                except serializers.ValidationError:
                    raise ValidationError({name: ["日期格式应为 年-月-日"]}) from None
                start, end = (value, end) if name == "since" else (start, value)
        if start > end:
            raise ValidationError({"since": ["起始日期不能晚于截止日期"]})
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else None
        if code and org is None:
            raise ValidationError({"root": ["组织代码不存在或不在您的管理范围内"]})
        if home_org(request.user) is None:
            raise PermissionDenied("没有查看统计的权限")
        figures = selectors.figures(request.user, start, end, org)
        return Response(RequestFiguresSerializer(figures).data)


router = SimpleRouter()
router.register("requests/progress", RequestProgressViewSet, basename="api-service-request-progress")
router.register("requests", ServiceRequestViewSet, basename="api-service-request")
urlpatterns = [
    path("requests/figures/", RequestFiguresView.as_view(), name="api-service-request-figures"),
    *router.urls,
]
