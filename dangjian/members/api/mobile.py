"""API of 流动党员: registering and editing, the return, situation reports, the five systems' records, alerts."""

from __future__ import annotations

from typing import Any

from django.db.models import Max
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.members.api.transfers import PlatformOrgCodeField, RowsPagination
from dangjian.members.choices import MobileSystem
from dangjian.members.models.transfers import MobileMember, MobileRecord, MobileReport
from dangjian.members.selectors import mobile as selectors
from dangjian.members.services import mobile as services

TAGS = ["流动党员"]


# --- output -------------------------------------------------------------------------------------------------


class MobileAlertSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(selectors.ALERT_KINDS.items()), label="提醒类型")
    kind_display = serializers.CharField(label="提醒类型(中文)")
    message = serializers.CharField(label="提醒内容")
    due_on = serializers.DateField(label="日期")
    id = serializers.IntegerField(source="mobile.pk", label="流动党员编号")
    person = PersonRefSerializer(source="mobile.person", label="党员")
    org = OrgRefSerializer(source="mobile.org", label="所在党支部")


class MobileMemberSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(read_only=True, label="所在党支部(管理该流动党员)")
    host_org = OrgRefSerializer(read_only=True, allow_null=True, label="流入地党组织(本平台内)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    last_report_on = serializers.DateField(
        source="last_submitted", read_only=True, allow_null=True, label="最近报告日期"
    )
    next_report_due = serializers.SerializerMethodField(label="下次应报告日期(已返回时为空)")
    reports_missed = serializers.SerializerMethodField(label="逾期未报告的期数")
    alerts = serializers.SerializerMethodField(label="提醒")

    class Meta:
        model = MobileMember
        fields = [
            "id",
            "person",
            "org",
            "left_on",
            "destination",
            "address",
            "workplace",
            "contact",
            "fixed_place",
            "host_org",
            "host_org_name",
            "certificate_no",
            "certificate_issued_on",
            "certificate_checked_on",
            "report_every_months",
            "status",
            "status_display",
            "returned_on",
            "note",
            "last_report_on",
            "next_report_due",
            "reports_missed",
            "alerts",
        ]
        read_only_fields = fields

    def _schedule(self, mobile: MobileMember) -> selectors.Schedule:
        if not hasattr(mobile, "schedule"):
            selectors.with_schedule([mobile], clock.today())
        return mobile.schedule  # type: ignore[attr-defined]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_next_report_due(self, mobile: MobileMember) -> Any:
        return self._schedule(mobile).next_due

    def get_reports_missed(self, mobile: MobileMember) -> int:
        return self._schedule(mobile).missed

    @extend_schema_field(MobileAlertSerializer(many=True))
    def get_alerts(self, mobile: MobileMember) -> Any:
        self._schedule(mobile)
        return MobileAlertSerializer(mobile.alerts, many=True).data  # type: ignore[attr-defined]


class MobileReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MobileReport
        fields = ["id", "due_on", "submitted_on", "content"]
        read_only_fields = fields


class MobileRecordSerializer(serializers.ModelSerializer):
    system_display = serializers.CharField(source="get_system_display", read_only=True, label="制度(中文)")

    class Meta:
        model = MobileRecord
        fields = ["id", "system", "system_display", "done_on", "content", "handled_by"]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class _MobileFields(ChineseInputMixin, serializers.Serializer):
    left_on = DateInput(label="外出日期")
    destination = serializers.CharField(max_length=100, label="流入地")
    address = serializers.CharField(required=False, allow_blank=True, max_length=200, label="现居住地址")
    workplace = serializers.CharField(required=False, allow_blank=True, max_length=200, label="工作单位")
    contact = serializers.CharField(max_length=50, label="联系方式")
    fixed_place = serializers.BooleanField(required=False, label="外出地点相对固定(默认是)")
    host_org = PlatformOrgCodeField(
        required=False, allow_null=True, allow_blank=True, label="流入地党组织的组织代码(本平台内,可跨县区;空为无)"
    )
    host_org_name = serializers.CharField(
        required=False, allow_blank=True, max_length=200, label="流入地党组织名称(不在本平台时)"
    )
    certificate_no = serializers.CharField(required=False, allow_blank=True, max_length=40, label="流动党员活动证编号")
    certificate_issued_on = DateInput(required=False, allow_null=True, label="活动证发放日期")
    certificate_checked_on = DateInput(required=False, allow_null=True, label="活动证最近年检日期")
    report_every_months = serializers.IntegerField(required=False, label="情况报告周期(月,1至12,默认3)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="登记流动党员")
class MobileRegisterInput(_MobileFields):
    person = ScopedPersonField(label="党员编号")


@extend_schema_serializer(description="修改流动党员信息:只提交要修改的项目")
class MobileUpdateInput(_MobileFields):
    pass


@extend_schema_serializer(description="登记返回")
class MobileReturnInput(ChineseInputMixin, serializers.Serializer):
    returned_on = DateInput(label="返回日期")


@extend_schema_serializer(description="记录情况报告")
class MobileReportInput(ChineseInputMixin, serializers.Serializer):
    submitted_on = DateInput(label="报告日期")
    content = serializers.CharField(allow_blank=True, label="报告内容")
    due_on = DateInput(required=False, allow_null=True, label="所报期次(应报告日期;不填为下一个应报告日期)")


@extend_schema_serializer(description="添加五项制度的管理记录")
class MobileRecordInput(ChineseInputMixin, serializers.Serializer):
    system = serializers.ChoiceField(choices=MobileSystem.choices, label="制度")
    done_on = DateInput(label="日期")
    content = serializers.CharField(allow_blank=True, label="内容")
    handled_by = serializers.CharField(required=False, allow_blank=True, max_length=50, label="责任人")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="流动党员列表",
        description=(
            "在哪里、怎么联系、流入地党组织、最近报告和下次应报告日期、提醒。可按姓名、状态、流入地、"
            "提醒类型(alert)、乡镇(township)、党组织代码(org,含下级)和党员(person)筛选。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="流动党员详情", tags=TAGS),
    create=extend_schema(
        summary="登记流动党员",
        description=(
            "由党员所在党支部登记;一名党员只由一个党支部管理,外出中的不能重复登记。"
            "外出地点相对固定且外出满6个月的提醒转接组织关系(不阻止)。"
        ),
        request=MobileRegisterInput,
        responses={201: MobileMemberSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改流动党员信息", request=MobileUpdateInput, responses=MobileMemberSerializer, tags=TAGS
    ),
    returned=extend_schema(
        summary="登记返回",
        description="流动党员返回,不再提醒;情况报告和管理记录保留。",
        request=MobileReturnInput,
        responses=MobileMemberSerializer,
        tags=TAGS,
    ),
    reports=extend_schema(
        summary="情况报告",
        description="GET 列出该流动党员的情况报告;POST 记录一次情况报告(默认对应下一个应报告日期)。",
        request=MobileReportInput,
        responses={200: MobileReportSerializer(many=True), 201: MobileReportSerializer},
        tags=TAGS,
    ),
    records=extend_schema(
        summary="五项制度管理记录",
        description="首问责任、情况报告、学习评议、定期活动、培养教育五项制度的记录;GET 列出,POST 添加。",
        request=MobileRecordInput,
        responses={200: MobileRecordSerializer(many=True), 201: MobileRecordSerializer},
        tags=TAGS,
    ),
    alerts=extend_schema(
        summary="流动党员提醒",
        description=(
            "外出中的流动党员的提醒,日期早的在前:情况报告逾期、外出满6个月应转接组织关系、活动证应年检。"
            "可按乡镇(township)、党组织代码(org)筛选,即本支部、本乡镇的提醒。"
        ),
        responses=MobileAlertSerializer(many=True),
        tags=TAGS,
    ),
)
class MobileMemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = (
        MobileMember.objects.select_related("person", "org", "host_org")
        .annotate(last_due=Max("reports__due_on"), last_submitted=Max("reports__submitted_on"))
        .order_by("org_path", "id")
    )
    serializer_class = MobileMemberSerializer
    filterset_class = selectors.MobileFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(MobileRegisterInput)
        return self.written(lambda: services.mobile_register(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        mobile = self.get_object()
        changes = self.parse(MobileUpdateInput, partial=True)
        if not changes:
            return self.answer(mobile.pk)
        return self.written(lambda: services.mobile_update(actor=request.user, mobile=mobile, **changes), pk=mobile.pk)

    @action(detail=True, methods=["post"], url_path="return")
    def returned(self, request: Request, pk: Any = None) -> Response:
        mobile = self.get_object()
        data = self.parse(MobileReturnInput)
        services.mobile_return(actor=request.user, mobile=mobile, **data)
        return self.answer(mobile.pk)

    def _listed(self, queryset: Any, serializer_class: type) -> Response:
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(page, many=True).data)

    @action(detail=True, methods=["get", "post"])
    def reports(self, request: Request, pk: Any = None) -> Response:
        mobile = self.get_object()
        if request.method == "GET":
            return self._listed(selectors.reports_of(mobile), MobileReportSerializer)
        data = self.parse(MobileReportInput)
        report = services.mobile_report_submit(actor=request.user, mobile=mobile, **data)
        return Response(MobileReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get", "post"])
    def records(self, request: Request, pk: Any = None) -> Response:
        mobile = self.get_object()
        if request.method == "GET":
            return self._listed(selectors.records_of(mobile), MobileRecordSerializer)
        data = self.parse(MobileRecordInput)
        record = services.mobile_record_add(actor=request.user, mobile=mobile, **data)
        return Response(MobileRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @action(detail=False, methods=["get"])
    def alerts(self, request: Request) -> Response:
        found = selectors.alerts(request.user, request.query_params, request=request, today=clock.today())
        paginator = RowsPagination()
        page = paginator.paginate_queryset(found, request, view=self)
        return paginator.get_paginated_response(MobileAlertSerializer(page, many=True).data)


router = SimpleRouter()
router.register("mobile-members", MobileMemberViewSet, basename="api-mobile-member")
urlpatterns = router.urls
