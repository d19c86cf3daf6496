"""API of 上传下达 and 信息报送: notices (list, send, receipts, 签收), receipts, information reports (list, submit,
review) and the reports counted per org and period."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils import timezone
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ApiJSONParser, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.orglife import rules
from dangjian.orglife.choices import NoticeReach, ReportKind
from dangjian.orglife.forms.notices import REVIEW_CHOICES
from dangjian.orglife.models import InfoReport, Notice, NoticeReceipt
from dangjian.orglife.selectors import notices as selectors
from dangjian.orglife.selectors.volunteers import visible_get
from dangjian.orglife.services import notices as services

NOTICE_TAGS = ["通知签收"]
REPORT_TAGS = ["信息报送"]
UPLOAD_PARSERS = [ApiJSONParser, MultiPartParser, FormParser]


def _user_name(user: Any) -> str | None:
    return (user.display_name or user.get_username()) if user is not None else None


# --- output -------------------------------------------------------------------------------------------------


class NoticeSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="发文组织")
    reach_display = serializers.CharField(source="get_reach_display", read_only=True, label="下发范围(中文)")
    has_attachment = serializers.SerializerMethodField(label="有附件")
    signed_label = serializers.SerializerMethodField(label="已签收/应签收(如 37/41 (90.2%))")

    class Meta:
        model = Notice
        fields = [
            "id",
            "org",
            "title",
            "body",
            "reach",
            "reach_display",
            "sign_by",
            "sent_at",
            "recipients",
            "signed",
            "signed_label",
            "has_attachment",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_has_attachment(self, notice: Notice) -> bool:
        return bool(notice.attachment)

    @extend_schema_field(serializers.CharField())
    def get_signed_label(self, notice: Notice) -> str:
        return rules.ratio_label(notice.signed, notice.recipients)


class NoticeRefSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="发文组织")

    class Meta:
        model = Notice
        fields = ["id", "title", "org", "sent_at", "sign_by"]
        read_only_fields = fields


class NoticeReceiptSerializer(serializers.ModelSerializer):
    notice = NoticeRefSerializer(read_only=True, label="通知")
    org = OrgRefSerializer(read_only=True, label="接收组织")
    signed_by = serializers.SerializerMethodField(label="签收人")
    overdue = serializers.SerializerMethodField(label="逾期未签收")

    class Meta:
        model = NoticeReceipt
        fields = ["id", "notice", "org", "signed_at", "signed_by", "overdue"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_signed_by(self, receipt: NoticeReceipt) -> str | None:
        return _user_name(receipt.signed_by)

    @extend_schema_field(serializers.BooleanField())
    def get_overdue(self, receipt: NoticeReceipt) -> bool:
        signed_on = timezone.localdate(receipt.signed_at) if receipt.signed_at else None
        return rules.receipt_overdue(sign_by=receipt.notice.sign_by, signed_on=signed_on, today=clock.today())


class InfoReportSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="报送组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="信息类别(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    submitted_by = serializers.SerializerMethodField(label="报送人")
    reviewed_by = serializers.SerializerMethodField(label="审核人")
    has_attachment = serializers.SerializerMethodField(label="有附件")

    class Meta:
        model = InfoReport
        fields = [
            "id",
            "org",
            "kind",
            "kind_display",
            "title",
            "body",
            "submitted_at",
            "submitted_by",
            "status",
            "status_display",
            "reviewed_at",
            "reviewed_by",
            "review_note",
            "has_attachment",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_submitted_by(self, report: InfoReport) -> str | None:
        return _user_name(report.submitted_by)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reviewed_by(self, report: InfoReport) -> str | None:
        return _user_name(report.reviewed_by)

    @extend_schema_field(serializers.BooleanField())
    def get_has_attachment(self, report: InfoReport) -> bool:
        return bool(report.attachment)


class InfoReportCountSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="党组织编号")
    org = OrgRefSerializer(read_only=True, label="党组织")
    own = serializers.BooleanField(label="仅本级(不含下级)")
    submitted = serializers.IntegerField(label="报送")
    adopted = serializers.IntegerField(label="采用")
    filed = serializers.IntegerField(label="已阅存档")
    returned = serializers.IntegerField(label="退回")
    pending = serializers.IntegerField(label="待审核")
    rate = serializers.CharField(label="采用率(采用/报送,如 3/10 (30.0%))")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="下发通知(附件用 multipart/form-data 上传)")
class NoticeInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(required=False, label="发文组织代码(默认本组织)")
    title = serializers.CharField(max_length=100, label="标题")
    body = serializers.CharField(label="正文")
    reach = serializers.ChoiceField(choices=NoticeReach.choices, label="下发范围")
    sign_by = DateInput(required=False, allow_null=True, label="签收期限")
    attachment = serializers.FileField(
        required=False, allow_null=True, label="附件(pdf/doc/docx/xls/xlsx/jpg/png,≤10MB)"
    )


@extend_schema_serializer(description="签收通知:不填组织代码时为本组织")
class NoticeSignInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(required=False, label="接收组织代码(代为签收时填写)")


@extend_schema_serializer(description="报送信息(附件用 multipart/form-data 上传)")
class InfoReportInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(required=False, label="报送组织代码(默认本组织)")
    kind = serializers.ChoiceField(choices=ReportKind.choices, label="信息类别")
    title = serializers.CharField(max_length=100, label="标题")
    body = serializers.CharField(label="正文")
    attachment = serializers.FileField(
        required=False, allow_null=True, label="附件(pdf/doc/docx/xls/xlsx/jpg/png,≤10MB)"
    )


@extend_schema_serializer(description="审核信息:采用、已阅存档或退回(退回须填写意见)")
class InfoReportReviewInput(ChineseInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=REVIEW_CHOICES, label="审核结果")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="审核意见")


def _org_of(request: Request, data: dict[str, Any]) -> Org:
    org = data.get("org") or getattr(request.user, "org", None)
    if org is None:
        raise ValidationError({"org": ["请填写组织代码"]})
    return org


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="通知列表",
        description=(
            "您管理范围内的组织下发的通知,以及下发给范围内组织的通知,含已签收/应签收数。"
            "pending=true 只列尚有组织未签收的。"
        ),
        tags=NOTICE_TAGS,
    ),
    retrieve=extend_schema(summary="通知详情", tags=NOTICE_TAGS),
    create=extend_schema(
        summary="下发通知",
        description=(
            "按下发范围为每个下级组织生成签收记录:children 直属下级组织(不含党小组),branches 全部下级党支部,"
            "all 全部下级组织(含党小组)。签收期限不能早于今天;附件限 pdf、doc、docx、xls、xlsx、jpg、png,不超过10MB。"
        ),
        request={"application/json": NoticeInput, "multipart/form-data": NoticeInput},
        responses={201: NoticeSerializer},
        tags=NOTICE_TAGS,
    ),
    receipts=extend_schema(
        summary="通知的签收情况",
        description="您管理范围内各接收组织的签收情况,未签收的在前;signed、overdue 可筛选。",
        parameters=[
            OpenApiParameter("org", str, required=False, description="接收组织代码(含全部下级)"),
            OpenApiParameter("search", str, required=False, description="接收组织名称"),
            OpenApiParameter("signed", bool, required=False, description="已签收(true 已签收, false 未签收)"),
            OpenApiParameter("overdue", bool, required=False, description="逾期未签收(过了签收期限仍未签收)"),
        ],
        responses=NoticeReceiptSerializer(many=True),
        tags=NOTICE_TAGS,
    ),
    sign=extend_schema(
        summary="签收通知",
        description="本组织签收(每个组织只签收一次);上级管理人员可填写组织代码代为签收。",
        request=NoticeSignInput,
        responses=NoticeReceiptSerializer,
        tags=NOTICE_TAGS,
    ),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Notice.objects.all()
    serializer_class = NoticeSerializer
    filterset_class = selectors.NoticeFilter
    parser_classes = UPLOAD_PARSERS  # the attachment comes as multipart/form-data

    def get_queryset(self) -> Any:
        return selectors.notices_visible(self.request.user).select_related("org").order_by("-sent_at", "-id")

    def get_object(self) -> Any:
        obj = visible_get(self.get_queryset(), self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def create(self, request: Request) -> Response:
        data = self.parse(NoticeInput)
        org = _org_of(request, data)
        data.pop("org", None)
        return self.written(lambda: services.notice_send(actor=request.user, org=org, **data), created=True)

    @action(detail=True, methods=["get"], filterset_class=None)
    def receipts(self, request: Request, pk: Any = None) -> Response:
        notice = self.get_object()
        filterset, receipts = selectors.notice_receipts(request.user, notice, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(receipts)
        return self.get_paginated_response(NoticeReceiptSerializer(page, many=True).data)

    @action(detail=True, methods=["post"], parser_classes=[ApiJSONParser])
    def sign(self, request: Request, pk: Any = None) -> Response:
        notice = self.get_object()
        data = self.parse(NoticeSignInput)
        org = _org_of(request, data)
        receipt = services.notice_sign_for_org(actor=request.user, notice=notice, org=org)
        receipt = NoticeReceipt.objects.select_related("notice__org", "org", "signed_by").get(pk=receipt.pk)
        return Response(NoticeReceiptSerializer(receipt).data)


@extend_schema_view(
    list=extend_schema(
        summary="签收记录列表",
        description=(
            "您管理范围内各组织收到的通知及签收情况,未签收的在前。org 为本组织代码时即本组织的收件箱;"
            "signed=false 只看未签收,overdue=true 只看逾期未签收。"
        ),
        tags=NOTICE_TAGS,
    ),
    retrieve=extend_schema(summary="签收记录详情", tags=NOTICE_TAGS),
    sign=extend_schema(
        summary="签收",
        description="接收组织的管理账号签收,或上级管理人员代为签收;每个组织只签收一次。",
        request=None,
        responses=NoticeReceiptSerializer,
        tags=NOTICE_TAGS,
    ),
)
class ReceiptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = NoticeReceipt.objects.select_related("notice__org", "org", "signed_by").order_by("-id")
    serializer_class = NoticeReceiptSerializer
    filterset_class = selectors.ReceiptFilter

    def list(self, request: Request) -> Response:
        filterset, receipts = selectors.receipt_list(request.user, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return self.paginated(receipts)

    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        receipt = self.get_object()
        return self.written(lambda: services.notice_sign(actor=request.user, receipt=receipt), pk=receipt.pk)


@extend_schema_view(
    list=extend_schema(
        summary="信息报送列表",
        description="您管理范围内各组织报送的信息;可按状态、类别、报送组织(含下级)、年度和日期筛选。",
        tags=REPORT_TAGS,
    ),
    retrieve=extend_schema(summary="信息详情", tags=REPORT_TAGS),
    create=extend_schema(
        summary="报送信息",
        description="以本组织(或范围内的组织)名义向上级报送;被退回的信息修改后作为新信息重新报送。",
        request={"application/json": InfoReportInput, "multipart/form-data": InfoReportInput},
        responses={201: InfoReportSerializer},
        tags=REPORT_TAGS,
    ),
    review=extend_schema(
        summary="审核信息",
        description=(
            "上级组织审核:adopted 采用、filed 已阅存档、returned 退回(须填写意见);报送单位不能审核本单位的信息。"
        ),
        request=InfoReportReviewInput,
        responses=InfoReportSerializer,
        tags=REPORT_TAGS,
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = InfoReport.objects.select_related("org", "submitted_by", "reviewed_by").order_by("-submitted_at", "-id")
    serializer_class = InfoReportSerializer
    filterset_class = selectors.ReportFilter
    parser_classes = UPLOAD_PARSERS  # the attachment comes as multipart/form-data

    def create(self, request: Request) -> Response:
        data = self.parse(InfoReportInput)
        org = _org_of(request, data)
        data.pop("org", None)
        return self.written(lambda: services.report_submit(actor=request.user, org=org, **data), created=True)

    @action(detail=True, methods=["post"], parser_classes=[ApiJSONParser])
    def review(self, request: Request, pk: Any = None) -> Response:
        report = self.get_object()
        data = self.parse(InfoReportReviewInput)
        return self.written(
            lambda: services.report_review(
                actor=request.user, report=report, status=data["status"], note=data.get("note", "")
            ),
            pk=report.pk,
        )


class ListPagination(ApiPagination):
    """Pages of rows computed in Python (counts per org)."""

    django_paginator_class = Paginator


@extend_schema_view(
    list=extend_schema(
        summary="信息报送统计",
        description=(
            "某党组织(默认本组织)下各组织在一个时期内的报送、采用、已阅存档、退回和待审核条数,"
            "采用率以“采用/报送 (百分比)”给出。group=org 每个报送单位一行,group=child 按直属下级组织汇总(含本级一行)。"
            "不填年度为全部时期;季度或月份须与年度同用。"
        ),
        parameters=[
            OpenApiParameter("org", str, required=False, description="党组织代码(默认本组织)"),
            OpenApiParameter("year", int, required=False, description="年度(不填为全部时期)"),
            OpenApiParameter("quarter", int, required=False, description="季度(1-4)"),
            OpenApiParameter("month", int, required=False, description="月份(1-12)"),
            OpenApiParameter("group", str, required=False, enum=["org", "child"], description="统计方式(默认 org)"),
        ],
        tags=REPORT_TAGS,
    ),
)
class CountViewSet(mixins.ListModelMixin, ScopedViewSet):
    pagination_class = ListPagination
    queryset = Org.objects.all()
    serializer_class = InfoReportCountSerializer
    filterset_class = None
    filter_backends: list[Any] = []

    def list(self, request: Request) -> Response:
        period, errors = selectors.count_period(request.query_params, default_year=None)
        if errors:
            raise ValidationError({key: [message] for key, message in errors.items()})
        group = request.query_params.get("group", "org").strip() or "org"
        if group not in dict(selectors.COUNT_GROUPS):
            raise ValidationError({"group": [f"统计方式“{group}”无效,应为 org 或 child"]})
        code = request.query_params.get("org", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        _, rows = selectors.report_counts(request.user, org, period, group=group)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(InfoReportCountSerializer(page, many=True).data)


router = SimpleRouter()
router.register("notices", NoticeViewSet, basename="api-notice")
router.register("notice-receipts", ReceiptViewSet, basename="api-notice-receipt")
router.register("reports", ReportViewSet, basename="api-report")
router.register("report-counts", CountViewSet, basename="api-report-count")
urlpatterns = router.urls
