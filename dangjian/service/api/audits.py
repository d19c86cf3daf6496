"""API of 村官直审: rounds (open, change, advance, add villages), audited villages (auditors, fieldwork, conclusion),
findings (record, correct, rectify, verify), public notices, and the figures of a round or year for any scope."""

from __future__ import annotations

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

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.filters import parse_year
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.service import rules
from dangjian.service.choices import AuditBody, AuditCategory, AuditConclusion, AuditSeverity
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound
from dangjian.service.selectors import audits as selectors
from dangjian.service.services import audits as services

TAGS = ["服务与公开-村官直审"]


# --- output -------------------------------------------------------------------------------------------------


class AuditRoundSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="组织部门")
    body_display = serializers.CharField(source="get_body_display", read_only=True, label="审计主体(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    village_count = serializers.IntegerField(read_only=True, label="被审计村数")
    concluded_count = serializers.IntegerField(read_only=True, label="已出结论村数")

    class Meta:
        model = VillageAuditRound
        fields = [
            "id",
            "org",
            "year",
            "name",
            "body",
            "body_display",
            "body_name",
            "period_start",
            "period_end",
            "planned_start",
            "planned_end",
            "notice_days",
            "status",
            "status_display",
            "note",
            "village_count",
            "concluded_count",
        ]
        read_only_fields = fields


class AuditRoundRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageAuditRound
        fields = ["id", "year", "name"]
        read_only_fields = fields


class VillageAuditSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="被审计村(社区)")
    round = AuditRoundRefSerializer(read_only=True, label="审计轮次")
    conclusion_display = serializers.CharField(source="get_conclusion_display", read_only=True, label="审计结论(中文)")
    finding_count = serializers.IntegerField(read_only=True, label="问题数")
    rectified_count = serializers.IntegerField(read_only=True, label="整改到位数")
    amount_total = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True, label="涉及金额合计(元)"
    )
    notice_on = serializers.DateField(read_only=True, allow_null=True, label="公示日期")

    class Meta:
        model = VillageAudit
        fields = [
            "id",
            "round",
            "org",
            "auditors",
            "fieldwork_start",
            "fieldwork_end",
            "conclusion",
            "conclusion_display",
            "conclusion_text",
            "concluded_on",
            "referred_on",
            "referral_note",
            "finding_count",
            "rectified_count",
            "amount_total",
            "notice_on",
        ]
        read_only_fields = fields


class AuditFindingSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="问题类别(中文)")
    severity_display = serializers.CharField(source="get_severity_display", read_only=True, label="严重程度(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="整改状态(中文)")
    overdue = serializers.SerializerMethodField(label="是否逾期未整改")

    class Meta:
        model = VillageAuditFinding
        fields = [
            "id",
            "audit",
            "category",
            "category_display",
            "description",
            "amount",
            "responsible",
            "severity",
            "severity_display",
            "deadline",
            "status",
            "status_display",
            "overdue",
            "result",
            "rectified_on",
            "evidence",
            "verified_on",
            "verify_note",
        ]
        read_only_fields = fields

    def get_overdue(self, obj: VillageAuditFinding) -> bool:
        return rules.audit_finding_overdue(obj.deadline, obj.status, clock.today())


class AuditNoticeSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")

    class Meta:
        model = VillageAuditNotice
        fields = ["id", "audit", "org", "published_on", "days", "last_day", "text"]
        read_only_fields = fields


class AuditTallySerializer(serializers.Serializer):
    name = serializers.CharField(label="范围")
    org_id = serializers.IntegerField(allow_null=True, label="乡镇编号")
    planned = serializers.IntegerField(label="计划审计村数")
    audited = serializers.IntegerField(label="已出结论村数")
    clean = serializers.IntegerField(label="无问题村数")
    problems = serializers.IntegerField(label="有问题村数")
    referred = serializers.IntegerField(label="移交纪检村数")
    findings = serializers.IntegerField(label="问题数")
    rectified = serializers.IntegerField(label="整改到位数")
    overdue = serializers.IntegerField(label="逾期未整改数")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, label="涉及金额(元)")
    rectified_text = serializers.CharField(label="整改情况(如 整改到位 45/52 (86.5%))")


class AuditCategorySerializer(serializers.Serializer):
    value = serializers.CharField(label="问题类别")
    label = serializers.CharField(label="问题类别(中文)")
    findings = serializers.IntegerField(label="问题数")
    rectified = serializers.IntegerField(label="整改到位数")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, label="涉及金额(元)")
    rectified_text = serializers.CharField(label="整改情况")


class AuditFiguresSerializer(serializers.Serializer):
    total = AuditTallySerializer(label="合计")
    categories = AuditCategorySerializer(many=True, label="各问题类别")
    towns = AuditTallySerializer(many=True, label="各乡镇(街道)")
    sentence = serializers.CharField(label="表述(如 对全县367个行政村……进行审计,发现问题N个,已整改M个)")


# --- input --------------------------------------------------------------------------------------------------


class _RoundFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="轮次名称")
    body = serializers.ChoiceField(choices=AuditBody.choices, label="审计主体")
    body_name = serializers.CharField(required=False, allow_blank=True, max_length=100, label="审计单位名称")
    period_start = DateInput(label="审计期间自")
    period_end = DateInput(label="审计期间至")
    planned_start = DateInput(label="计划开始日期")
    planned_end = DateInput(label="计划完成日期")
    notice_days = serializers.IntegerField(
        required=False,
        label=f"公示天数({rules.AUDIT_NOTICE_MIN_DAYS}至{rules.AUDIT_NOTICE_MAX_DAYS},默认{rules.AUDIT_NOTICE_DAYS})",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="说明")


@extend_schema_serializer(description="启动村官直审轮次(县委组织部)")
class AuditRoundInput(_RoundFields):
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")


@extend_schema_serializer(description="修改审计轮次:只提交要修改的项目")
class AuditRoundUpdateInput(_RoundFields):
    pass


@extend_schema_serializer(
    description="添加被审计的村:all=true 为全县(或 township 所指乡镇)全部村(社区),否则 orgs 列出组织代码"
)
class AuditVillagesInput(ChineseInputMixin, serializers.Serializer):
    all = serializers.BooleanField(required=False, default=False, label="全部村(社区)")
    township = ScopedOrgCodeField(required=False, allow_null=True, label="乡镇组织代码(与 all 同用)")
    orgs = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, label="村(社区)组织代码"
    )


class AuditAddedSerializer(serializers.Serializer):
    added = serializers.IntegerField(label="新添加的村数")


@extend_schema_serializer(description="修改审计人员和进离点日期:只提交要修改的项目")
class VillageAuditUpdateInput(ChineseInputMixin, serializers.Serializer):
    auditors = serializers.CharField(required=False, allow_blank=True, max_length=200, label="审计人员")
    fieldwork_start = DateInput(required=False, allow_null=True, label="进点日期")
    fieldwork_end = DateInput(required=False, allow_null=True, label="离点日期")


@extend_schema_serializer(description="录入审计结论")
class AuditConclusionInput(ChineseInputMixin, serializers.Serializer):
    conclusion = serializers.ChoiceField(choices=AuditConclusion.choices, label="审计结论")
    conclusion_text = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="结论说明")
    concluded_on = DateInput(required=False, allow_null=True, label="结论日期(默认今天)")
    referred_on = DateInput(required=False, allow_null=True, label="移交纪检日期(移交纪检时必填)")
    referral_note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="移交情况(内部)")


class _FindingFields(ChineseInputMixin, serializers.Serializer):
    category = serializers.ChoiceField(choices=AuditCategory.choices, label="问题类别")
    description = serializers.CharField(max_length=5000, label="问题描述")
    amount = serializers.DecimalField(
        required=False, allow_null=True, max_digits=12, decimal_places=2, label="涉及金额(元)"
    )
    responsible = serializers.CharField(required=False, allow_blank=True, max_length=100, label="责任人及职务(内部)")
    severity = serializers.ChoiceField(required=False, choices=AuditSeverity.choices, label="严重程度(默认一般)")
    deadline = DateInput(required=False, allow_null=True, label="整改期限")


@extend_schema_serializer(description="记录审计发现的问题(结论录入前)")
class AuditFindingInput(_FindingFields):
    audit = serializers.IntegerField(label="审计对象编号")


@extend_schema_serializer(description="修改问题(结论录入前),结论录入后只能调整整改期限:只提交要修改的项目")
class AuditFindingUpdateInput(_FindingFields):
    pass


@extend_schema_serializer(description="报送整改结果(村)")
class AuditRectifyInput(ChineseInputMixin, serializers.Serializer):
    result = serializers.CharField(max_length=5000, label="整改结果")
    rectified_on = DateInput(required=False, allow_null=True, label="整改完成日期(默认今天)")
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="整改佐证")


@extend_schema_serializer(description="核实整改情况(乡镇或县委组织部)")
class AuditVerifyInput(ChineseInputMixin, serializers.Serializer):
    passed = serializers.BooleanField(label="整改到位(false 为未到位)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="核实意见(未到位时必填)")


@extend_schema_serializer(description="发布审计结论公示")
class AuditNoticeInput(ChineseInputMixin, serializers.Serializer):
    audit = serializers.IntegerField(label="审计对象编号")
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="公示内容(不填用默认表述)")
    published_on = DateInput(required=False, allow_null=True, label="公示日期(默认今天)")
    days = serializers.IntegerField(required=False, allow_null=True, label="公示天数(默认轮次设定)")


# --- views --------------------------------------------------------------------------------------------------


def _audit(request: Request, pk: Any) -> VillageAudit:
    found = selectors.audit_list(request.user, {})[1].filter(pk=pk).first()
    if found is None:
        raise ValidationError({"audit": [f"编号为{pk}的审计对象不存在"]})
    return found


@extend_schema_view(
    list=extend_schema(summary="村官直审轮次列表", description="本县(区)的审计轮次(县委组织部发布到全县)。", tags=TAGS),
    retrieve=extend_schema(summary="村官直审轮次详情", tags=TAGS),
    create=extend_schema(
        summary="启动村官直审轮次",
        description="县委组织部启动;状态为计划。",
        request=AuditRoundInput,
        responses={201: AuditRoundSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改村官直审轮次", request=AuditRoundUpdateInput, responses=AuditRoundSerializer, tags=TAGS
    ),
    advance=extend_schema(
        summary="推进审计轮次",
        description="计划 → 实施中(须已添加被审计的村)→ 已完成(须每个村都已出结论)。",
        request=None,
        responses=AuditRoundSerializer,
        tags=TAGS,
    ),
    villages=extend_schema(
        summary="添加被审计的村",
        description="全县或某乡镇的全部村(社区)一次添加(已在本轮的跳过),或列出组织代码逐个添加(已在本轮的拒绝)。",
        request=AuditVillagesInput,
        responses=AuditAddedSerializer,
        tags=TAGS,
    ),
)
class AuditRoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = VillageAuditRound.objects.all()
    serializer_class = AuditRoundSerializer
    filterset_class = selectors.RoundFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.rounds_visible(self.request.user)

    def get_object(self) -> Any:
        obj = selectors.round_detail(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def create(self, request: Request) -> Response:
        data = self.parse(AuditRoundInput)
        county = home_org(request.user)
        return self.written(lambda: services.round_create(actor=request.user, county=county, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        changes = self.parse(AuditRoundUpdateInput, partial=True)
        if not changes:
            return self.answer(round_.pk)
        return self.written(lambda: services.round_update(actor=request.user, round=round_, **changes), pk=round_.pk)

    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        return self.written(lambda: services.round_advance(actor=request.user, round=round_), pk=round_.pk)

    @action(detail=True, methods=["post"])
    def villages(self, request: Request, pk: Any = None) -> Response:
        round_ = self.get_object()
        data = self.parse(AuditVillagesInput)
        with transaction.atomic():
            if data.get("all"):
                added = services.audits_add_all(actor=request.user, round=round_, under=data.get("township"))
            else:
                orgs = []
                for code in data.get("orgs", []):
                    org = org_by_code(request.user, code.strip())
                    if org is None:
                        raise ValidationError({"orgs": [f"组织代码“{code}”不存在或不在您的管理范围内"]})
                    orgs.append(org)
                added = services.audits_add_codes(actor=request.user, round=round_, orgs=orgs)
            return Response({"added": added})


@extend_schema_view(
    list=extend_schema(
        summary="被审计村列表", description="可按轮次、年度、乡镇、审计结论(none 为未出结论)、名称筛选。", tags=TAGS
    ),
    retrieve=extend_schema(summary="被审计村详情", tags=TAGS),
    partial_update=extend_schema(
        summary="修改审计人员和进离点日期", request=VillageAuditUpdateInput, responses=VillageAuditSerializer, tags=TAGS
    ),
    conclude=extend_schema(
        summary="录入审计结论",
        description="乡镇或县委组织部录入:无问题的村不能有问题记录,需整改或移交纪检的至少有一个问题;移交纪检须填日期。",
        request=AuditConclusionInput,
        responses=VillageAuditSerializer,
        tags=TAGS,
    ),
)
class VillageAuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = VillageAudit.objects.all()
    serializer_class = VillageAuditSerializer
    filterset_class = selectors.AuditFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.audit_list(self.request.user, {})[1]

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        found = self.get_object()
        changes = self.parse(VillageAuditUpdateInput, partial=True)
        if not changes:
            return self.answer(found.pk)
        return self.written(lambda: services.audit_update(actor=request.user, audit_obj=found, **changes), pk=found.pk)

    @action(detail=True, methods=["post"])
    def conclude(self, request: Request, pk: Any = None) -> Response:
        found = self.get_object()
        data = self.parse(AuditConclusionInput)
        return self.written(lambda: services.audit_conclude(actor=request.user, audit_obj=found, **data), pk=found.pk)


@extend_schema_view(
    list=extend_schema(
        summary="审计问题列表",
        description="可按轮次、类别、严重程度、整改状态、乡镇筛选;overdue=true 为逾期未整改的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="审计问题详情", tags=TAGS),
    create=extend_schema(
        summary="记录审计问题",
        description="乡镇或县委组织部在审计结论录入前记录。",
        request=AuditFindingInput,
        responses={201: AuditFindingSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改审计问题", request=AuditFindingUpdateInput, responses=AuditFindingSerializer, tags=TAGS
    ),
    destroy=extend_schema(summary="删除审计问题", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS),
    rectify=extend_schema(
        summary="报送整改结果",
        description="村党组织书记(或上级)在审计结论录入后报送,待乡镇或县委组织部核实。",
        request=AuditRectifyInput,
        responses=AuditFindingSerializer,
        tags=TAGS,
    ),
    verify=extend_schema(
        summary="核实整改情况",
        description="乡镇或县委组织部核实已报送的整改:整改到位,或未到位(须填原因,退回继续整改);村不能核实本村。",
        request=AuditVerifyInput,
        responses=AuditFindingSerializer,
        tags=TAGS,
    ),
)
class AuditFindingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = VillageAuditFinding.objects.order_by("audit__org_path", "id")
    serializer_class = AuditFindingSerializer
    filterset_class = selectors.FindingFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(AuditFindingInput)
        found = _audit(request, data.pop("audit"))
        return self.written(lambda: services.finding_add(actor=request.user, audit_obj=found, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        finding = self.get_object()
        changes = self.parse(AuditFindingUpdateInput, partial=True)
        if not changes:
            return self.answer(finding.pk)
        return self.written(
            lambda: services.finding_update(actor=request.user, finding=finding, **changes), pk=finding.pk
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.finding_delete(actor=request.user, finding=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def rectify(self, request: Request, pk: Any = None) -> Response:
        finding = self.get_object()
        data = self.parse(AuditRectifyInput)
        return self.written(
            lambda: services.finding_rectify(actor=request.user, finding=finding, **data), pk=finding.pk
        )

    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: Any = None) -> Response:
        finding = self.get_object()
        data = self.parse(AuditVerifyInput)
        return self.written(lambda: services.finding_verify(actor=request.user, finding=finding, **data), pk=finding.pk)


@extend_schema_view(
    list=extend_schema(summary="审计结论公示列表", tags=TAGS),
    retrieve=extend_schema(summary="审计结论公示详情", tags=TAGS),
    create=extend_schema(
        summary="发布审计结论公示",
        description="审计结论录入后才能公示;公示内容不得出现责任人姓名和移交纪检情况;公示期内在村(社区)公开页面显示。",
        request=AuditNoticeInput,
        responses={201: AuditNoticeSerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(
        summary="撤回审计结论公示", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
)
class AuditNoticeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = VillageAuditNotice.objects.select_related("org").order_by("-published_on", "-id")
    serializer_class = AuditNoticeSerializer
    filterset_class = selectors.NoticeFilter

    def create(self, request: Request) -> Response:
        data = self.parse(AuditNoticeInput)
        found = _audit(request, data.pop("audit"))
        return self.written(lambda: services.notice_publish(actor=request.user, audit_obj=found, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.notice_withdraw(actor=request.user, notice=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="村官直审情况",
        description=(
            "某轮次(或某年度全部轮次)的计划与已审计村数、无问题/有问题/移交纪检村数、各类别问题数和涉及金额、"
            "整改到位比例、逾期未整改数,合计及各乡镇(街道)。"
        ),
        parameters=[
            OpenApiParameter("round", int, required=False, description="轮次编号"),
            OpenApiParameter("year", int, required=False, description="年度(不给轮次时;默认本年)"),
            OpenApiParameter("root", str, required=False, description="党组织代码(含全部下级,默认管理范围)"),
        ],
        responses=AuditFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        raw_round = params.get("round", "").strip()
        round_id = None
        if raw_round:
            try:
                round_id = selectors.round_detail(request.user, raw_round).pk
            except Http404:
                raise ValidationError({"round": [f"编号为{raw_round}的轮次不存在"]}) from None
        year = None if round_id else parse_year(params.get("year"))
        code = params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else None
        if code and org is None:
            raise ValidationError({"root": [f"组织代码“{code}”不存在或不在您的管理范围内"]})
        figures = selectors.figures(request.user, clock.today(), round_id=round_id, year=year, org=org)
        payload = {
            "total": figures.total,
            "categories": figures.categories,
            "towns": figures.towns,
            "sentence": figures.sentence,
        }
        return Response(AuditFiguresSerializer(payload).data)


router = SimpleRouter()
router.register("audits/rounds", AuditRoundViewSet, basename="api-audit-round")
router.register("audits/villages", VillageAuditViewSet, basename="api-audit-village")
router.register("audits/findings", AuditFindingViewSet, basename="api-audit-finding")
router.register("audits/notices", AuditNoticeViewSet, basename="api-audit-notice")
urlpatterns = [path("audits/figures/", AuditFiguresView.as_view(), name="api-audit-figures"), *router.urls]
