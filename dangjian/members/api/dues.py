"""API of dues: the quote, profiles, the ledger and payments, reductions, arrears and the special check."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.io.tables import XLSX, xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.scoping import get_scoped_or_404, scoped
from dangjian.members import rules
from dangjian.members.choices import DuesKindChoice, PaymentMethod, ReductionKind
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction
from dangjian.members.selectors import dues as selectors
from dangjian.members.selectors.dues import farmer_monthly_for
from dangjian.members.services import dues as services

DUES_KIND_LABELS = {
    rules.DuesKind.EMPLOYED: "在职党员",
    rules.DuesKind.RETIRED: "离退休党员",
    rules.DuesKind.FARMER: "农民党员",
    rules.DuesKind.STUDENT: "学生党员",
    rules.DuesKind.UNEMPLOYED: "下岗失业党员",
    rules.DuesKind.LOW_INCOME: "享受低保等生活困难党员",
}


class DuesQuoteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(DUES_KIND_LABELS.items()), label="缴费类别")
    base = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True, label="缴费基数(元)")
    rate = serializers.DecimalField(
        max_digits=6, decimal_places=3, allow_null=True, coerce_to_string=True, label="比例(固定金额时为空)"
    )
    monthly = serializers.DecimalField(max_digits=12, decimal_places=2, label="每月应缴(元)")


class DuesQuoteView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="党费测算",
        description=(
            "按《关于中国共产党党费收缴、使用和管理的规定》计算每月党费。"
            "employed(在职,按税后固定工资收入): 3000元及以下0.5%,3000–5000元1%,5000–10000元1.5%,10000元以上2%,"
            "按全部基数一个比例计算; retired(离退休): 5000元及以下0.5%,以上1%; farmer(农民): 本县设定的每月金额"
            "(0.2–1.0元); student、unemployed、low_income(学生、下岗失业、低保等): 每月0.2元。按分四舍五入。"
        ),
        parameters=[
            OpenApiParameter(
                "kind", str, enum=[k.value for k in rules.DuesKind], required=True, description="缴费类别"
            ),
            OpenApiParameter("base", str, required=False, description="每月缴费基数(元),在职和离退休党员必填"),
        ],
        responses=DuesQuoteSerializer,
        tags=["党费"],
    )
    def get(self, request: Request) -> Response:
        kind = request.query_params.get("kind", "").strip()
        raw_base = request.query_params.get("base", "").strip()
        base = None
        if raw_base:
            try:
                base = Decimal(raw_base)
            except InvalidOperation:
                raise ValidationError({"base": [f"缴费基数“{raw_base}”不是有效金额"]}) from None
            if not base.is_finite():
                raise ValidationError({"base": [f"缴费基数“{raw_base}”不是有效金额"]})
        try:
            quote = rules.dues_quote(kind, base=base, farmer_amount=farmer_monthly_for(request.user))
        except rules.DuesError as exc:
            field = "kind" if "类别" in str(exc) else "base"
            raise ValidationError({field: [str(exc)]}) from None
        payload = {"kind": kind, "base": base, "rate": quote.rate, "monthly": quote.monthly}
        return Response(DuesQuoteSerializer(payload).data)


TAGS = ["党费"]
MONTH_HELP = "月份,格式 年-月(如 2026-03);也接受该月任一日期"


# --- fields and serializers ----------------------------------------------------------------------------------


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{1,2}(-\d{1,2})?$", "example": "2026-03"})
class MonthInput(serializers.Field):
    """A month given as 年-月 (a full date is accepted); the service gets its first day."""

    default_error_messages = {"invalid": "格式应为 年-月,如 2026-03"}

    def to_internal_value(self, data: Any) -> Any:
        month = selectors.parse_month(data) if isinstance(data, str) else None
        if month is None:
            self.fail("invalid")
        return month

    def to_representation(self, value: Any) -> str:
        return f"{value:%Y-%m}"


def _money(label: str, **kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, label=label, **kwargs)


class DuesProfileSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="person_id", read_only=True, label="党员编号(即缴纳标准的编号)")
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="缴费类别(中文)")

    class Meta:
        model = DuesProfile
        fields = ["id", "person", "org", "kind", "kind_display", "base", "rate", "monthly", "from_month", "note"]
        read_only_fields = fields


class DuesRecordSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(read_only=True, label="收缴党支部")
    method_display = serializers.CharField(source="get_method_display", read_only=True, label="缴纳方式(中文)")
    status_display = serializers.CharField(source="status_label", read_only=True, label="状态")
    shortfall = _money("少缴(元)", read_only=True)
    extra_passed_up = serializers.BooleanField(read_only=True, label="自愿多交1000元以上,全额上缴")

    class Meta:
        model = DuesRecord
        fields = [
            "id",
            "person",
            "org",
            "month",
            "expected",
            "paid",
            "shortfall",
            "extra",
            "extra_passed_up",
            "paid_on",
            "method",
            "method_display",
            "receipt_no",
            "excused",
            "excuse_reason",
            "reduction",
            "status_display",
            "note",
        ]
        read_only_fields = fields


class DuesReductionSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="类型(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="审批状态(中文)")
    approved_by = serializers.CharField(
        source="approved_by.display_name", read_only=True, allow_null=True, label="审批人"
    )

    class Meta:
        model = DuesReduction
        fields = [
            "id",
            "person",
            "org",
            "kind",
            "kind_display",
            "monthly",
            "from_month",
            "to_month",
            "reason",
            "branch_decided_on",
            "status",
            "status_display",
            "approved_by",
            "approved_on",
            "approval_note",
        ]
        read_only_fields = fields


class DuesArrearsSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person.pk", label="党员编号")
    name = serializers.CharField(source="person.name", label="姓名")
    org = OrgRefSerializer(source="person.org", label="所在党组织")
    months = serializers.ListField(child=serializers.CharField(), source="month_codes", label="欠缴月份(年-月)")
    amount = _money("欠缴金额(元)")
    longest_run = serializers.IntegerField(label="最长连续欠缴月数")
    current_run = serializers.IntegerField(label="计至上月的连续欠缴月数")
    lapsed = serializers.BooleanField(label="连续6个月以上未交纳党费")
    flag = serializers.CharField(label="提醒(连续6个月不交纳党费,按自行脱党处理;否则为空)")


class MonthOpenedSerializer(serializers.Serializer):
    month = MonthInput(label="月份")
    created = serializers.IntegerField(label="新增记录数")
    existing = serializers.IntegerField(label="已有记录数(未改动)")
    unassessed = PersonRefSerializer(many=True, label="未核定缴纳标准、未列入台账的党员")


# --- inputs --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="设置党员的党费缴纳标准:每月应缴按规定比例计算")
class DuesProfileInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    kind = serializers.ChoiceField(choices=DuesKindChoice.choices, label="缴费类别")
    base = _money("每月缴费基数(元)", required=False, allow_null=True)
    from_month = MonthInput(label="起始月份", help_text="新的工资收入从实际领取的月份起计算党费;不能晚于本月")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="登记一个月的党费")
class DuesPaymentInput(ChineseInputMixin, serializers.Serializer):
    paid = _money("实缴(元)")
    paid_on = DateInput(label="缴纳日期")
    method = serializers.ChoiceField(choices=PaymentMethod.choices, label="缴纳方式")
    receipt_no = serializers.CharField(required=False, allow_blank=True, max_length=40, label="收据号")
    extra = _money("自愿多交(元)", required=False, default=Decimal("0.00"))
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="一次登记多个月的党费(按季度交纳或预交),每月按应缴全额登记")
class DuesPaymentsInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    from_month = MonthInput(label="起始月份")
    to_month = MonthInput(label="截止月份")
    paid_on = DateInput(label="缴纳日期")
    method = serializers.ChoiceField(choices=PaymentMethod.choices, label="缴纳方式")
    receipt_no = serializers.CharField(required=False, allow_blank=True, max_length=40, label="收据号")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if data["to_month"] < data["from_month"]:
            raise serializers.ValidationError({"to_month": ["截止月份不能早于起始月份"]})
        return data


@extend_schema_serializer(description="登记未缴党费的正当理由")
class DuesExcuseInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="未缴理由")


@extend_schema_serializer(description="建立某月党费收缴台账")
class DuesMonthOpenInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="党组织代码(含全部下级)")
    month = MonthInput(label="月份")


@extend_schema_serializer(description="党支部提出党费减免")
class DuesReductionInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    kind = serializers.ChoiceField(choices=ReductionKind.choices, label="类型")
    monthly = _money("减交后每月(元)", required=False, allow_null=True, help_text="减交时填写;免交不填")
    from_month = MonthInput(label="起始月份")
    to_month = MonthInput(label="截止月份")
    reason = serializers.CharField(max_length=200, label="理由")
    branch_decided_on = DateInput(label="支部决定日期")


@extend_schema_serializer(description="上级党委审批党费减免")
class DuesReductionDecideInput(ChineseInputMixin, serializers.Serializer):
    approve = serializers.BooleanField(label="是否批准")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="审批意见(不批准时必填)")


# --- views ---------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="党费缴纳标准列表",
        description="您管理范围内党员的缴费类别、基数、比例和每月应缴;可按党组织(含下级)、姓名、缴费类别筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="党费缴纳标准详情", description="编号即党员编号。", tags=TAGS),
    create=extend_schema(
        summary="设置党费缴纳标准",
        description=(
            "新设或修改党员的缴纳标准,每月应缴按中组发〔2008〕3号的比例计算(农民党员为本县设定的金额)。"
            "起始月份及以后、未经减免的台账记录随之重算。新设返回201,修改返回200。"
        ),
        request=DuesProfileInput,
        responses={200: DuesProfileSerializer, 201: DuesProfileSerializer},
        tags=TAGS,
    ),
)
class DuesProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = DuesProfile.objects.select_related("person", "person__org").order_by("org_path", "person_id")
    serializer_class = DuesProfileSerializer
    filterset_class = selectors.DuesProfileFilter
    # The profile's key is its member's: the address says "id" like every other detail.
    lookup_url_kwarg = "id"

    def get_object(self) -> DuesProfile:
        profile = get_scoped_or_404(self.get_queryset(), self.request.user, pk=self.kwargs["id"])
        self.check_object_permissions(self.request, profile)
        return profile

    def create(self, request: Request) -> Response:
        data = self.parse(DuesProfileInput)
        existed = DuesProfile.objects.filter(person=data["person"]).exists()
        return self.written(lambda: services.dues_profile_save(actor=request.user, **data), created=not existed)


@extend_schema_view(
    list=extend_schema(
        summary="党费收缴台账",
        description=(
            "您管理范围内的党费收缴记录(每名党员每月一条):应缴、实缴、自愿多交、缴纳日期、方式、收据号。"
            "month=年-月;org=组织代码(含下级);unpaid=true 仅未缴清;search 按姓名;person 按党员编号。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="党费收缴记录详情", tags=TAGS),
    pay=extend_schema(
        summary="登记党费",
        description=(
            "登记一个月实缴的党费(再次登记即更正,修改前后记入工作轨迹)。补交不得超过6个月;"
            "实缴不超过应缴,多交的部分填入 extra,一次1000元以上的标记为全额上缴。"
        ),
        request=DuesPaymentInput,
        responses=DuesRecordSerializer,
        tags=TAGS,
    ),
    excuse=extend_schema(
        summary="登记未缴理由",
        description="未缴清的月份登记正当理由后,不计入“连续6个月不交纳党费”。",
        request=DuesExcuseInput,
        responses=DuesRecordSerializer,
        tags=TAGS,
    ),
    open_month=extend_schema(
        summary="建立月度台账",
        description=(
            "为党组织(含全部下级)当月在册的党员建立该月记录:应缴取缴纳标准或已批准的减免;"
            "预备党员从支部大会通过的月份起计。已有的记录不变;未核定缴纳标准的党员不列入,在 unassessed 中列出。"
        ),
        request=DuesMonthOpenInput,
        responses=MonthOpenedSerializer,
        tags=TAGS,
    ),
    pay_months=extend_schema(
        summary="登记多个月党费",
        description="经党支部同意按季度交纳或预交:一次登记多个月(最多12个月),每月按应缴全额登记;全部成功或全部不登记。",
        request=DuesPaymentsInput,
        responses=DuesRecordSerializer(many=True),
        tags=TAGS,
    ),
)
class DuesRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = DuesRecord.objects.select_related("person", "org", "reduction").order_by(
        "org_path", "person_id", "month"
    )
    serializer_class = DuesRecordSerializer
    filterset_class = selectors.DuesRecordFilter

    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: Any = None) -> Response:
        record = self.get_object()
        data = self.parse(DuesPaymentInput)
        return self.written(
            lambda: services.dues_payment_record(actor=request.user, record=record, **data), pk=record.pk
        )

    @action(detail=True, methods=["post"])
    def excuse(self, request: Request, pk: Any = None) -> Response:
        record = self.get_object()
        data = self.parse(DuesExcuseInput)
        return self.written(
            lambda: services.dues_excuse(actor=request.user, record=record, reason=data["reason"]), pk=record.pk
        )

    @action(detail=False, methods=["post"], url_path="open-month", filter_backends=[], pagination_class=None)
    def open_month(self, request: Request) -> Response:
        data = self.parse(DuesMonthOpenInput)
        result = services.dues_month_open(actor=request.user, org=data["org"], month=data["month"])
        return Response(MonthOpenedSerializer(result).data)

    @action(detail=False, methods=["post"], url_path="pay-months", filter_backends=[], pagination_class=None)
    def pay_months(self, request: Request) -> Response:
        data = self.parse(DuesPaymentsInput)
        first, last = rules.Month.of(data.pop("from_month")), rules.Month.of(data.pop("to_month"))
        if len(rules.months_between(first, last)) > services.MAX_MONTHS_AT_ONCE:
            raise ValidationError({"months": [f"一次最多登记{services.MAX_MONTHS_AT_ONCE}个月的党费"]})
        months = [rules.month_first_day(month) for month in rules.months_between(first, last)]
        with transaction.atomic():
            saved = services.dues_payments_record(actor=request.user, months=months, **data)
            rows = self.get_queryset().filter(pk__in=[record.pk for record in saved])
        return Response(self.get_serializer(rows, many=True).data)


@extend_schema_view(
    list=extend_schema(
        summary="党费减免列表",
        description="您管理范围内的党费减免(减交、免交)及审批状态,新的在前;可按党组织、姓名、审批状态、类型筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="党费减免详情", tags=TAGS),
    create=extend_schema(
        summary="提出党费减免",
        description=(
            "党支部研究决定后提出,报上级党委审批;离退休党员生活困难的,由党支部决定,提出即生效。"
            "生效后,所涉月份台账中的应缴金额随之调整。"
        ),
        request=DuesReductionInput,
        responses={201: DuesReductionSerializer},
        tags=TAGS,
    ),
    decide=extend_schema(
        summary="审批党费减免",
        description="由上级党委(乡镇、县级管理员)审批;党支部不能自行批准。不批准时须填写审批意见。",
        request=DuesReductionDecideInput,
        responses=DuesReductionSerializer,
        tags=TAGS,
    ),
)
class DuesReductionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = DuesReduction.objects.select_related("person", "person__org", "approved_by").order_by("-id")
    serializer_class = DuesReductionSerializer
    filterset_class = selectors.DuesReductionFilter

    def create(self, request: Request) -> Response:
        data = self.parse(DuesReductionInput)
        return self.written(lambda: services.dues_reduction_request(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        reduction = self.get_object()
        data = self.parse(DuesReductionDecideInput)
        return self.written(
            lambda: services.dues_reduction_decide(actor=request.user, reduction=reduction, **data), pk=reduction.pk
        )


class ListPagination(ApiPagination):
    """Pages of a computed list (the arrears are grouped in Python, not a queryset)."""

    django_paginator_class = Paginator


def _flag(params: Any, name: str) -> bool | None:
    raw = params.get(name, "").strip().lower()
    if raw in ("", "unknown"):
        return None
    if raw in ("true", "1", "yes"):
        return True
    if raw in ("false", "0", "no"):
        return False
    raise ValidationError({name: ["应为 true 或 false"]})


@extend_schema_view(
    list=extend_schema(
        summary="欠缴党费党员",
        description=(
            "计至上月(当月党费可在当月内交纳)实缴少于应缴且未登记正当理由的月份,按党员汇总。"
            "连续6个月以上的 lapsed 为 true,flag 为“连续6个月不交纳党费,按自行脱党处理”,排在前面;"
            "这只是提醒,不改变党籍状态。"
        ),
        parameters=[
            OpenApiParameter("org", str, required=False, description="党组织代码(含全部下级)"),
            OpenApiParameter("search", str, required=False, description="姓名"),
            OpenApiParameter("person", int, required=False, description="党员编号"),
            OpenApiParameter("lapsed", bool, required=False, description="true 仅连续6个月以上未交纳党费的党员"),
        ],
        responses=DuesArrearsSerializer(many=True),
        tags=TAGS,
    ),
)
class DuesArrearsViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = DuesArrearsSerializer
    pagination_class = ListPagination
    filter_backends: list[Any] = []

    def list(self, request: Request) -> Response:
        params = request.query_params
        code = params.get("org", "").strip()
        org = scoped(Org, request.user).filter(code=code).first() if code else None
        person_id = None
        if params.get("person", "").strip():
            try:
                person_id = int(params["person"])
            except ValueError:
                raise ValidationError({"person": ["党员编号应为整数"]}) from None
        lapsed_only = bool(_flag(params, "lapsed"))
        if code and org is None:
            rows: list[selectors.MemberArrears] = []
        else:
            rows = selectors.arrears(
                request.user,
                today=clock.today(),
                org=org,
                search=params.get("search", ""),
                person_id=person_id,
                lapsed_only=lapsed_only,
            )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    special_check=extend_schema(
        summary="党费收缴专项检查表",
        description=(
            "下载该党组织(含全部下级)在期间内的党费收缴专项检查表(.xlsx):“党员明细”逐名党员列出每月应缴、实缴、"
            "合计、少缴金额和欠缴月份,末行合计;“按党组织汇总”逐个党组织汇总。期间不超过24个月,"
            "不填时为本年1月至本月。下载记入工作轨迹。"
        ),
        parameters=[
            OpenApiParameter("from_month", str, required=False, description=f"起始{MONTH_HELP}"),
            OpenApiParameter("to_month", str, required=False, description=f"截止{MONTH_HELP}"),
        ],
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="专项检查表(.xlsx)")},
        tags=TAGS,
    ),
)
class DuesCheckViewSet(ScopedViewSet):
    queryset = Org.objects.all()
    filter_backends: list[Any] = []

    @action(detail=True, methods=["get"], url_path="special-check")
    def special_check(self, request: Request, pk: Any = None) -> HttpResponse:
        org = self.get_object()
        today = clock.today()
        months = {}
        for name, default in (("from_month", today.replace(month=1, day=1)), ("to_month", today.replace(day=1))):
            raw = request.query_params.get(name, "").strip()
            months[name] = selectors.parse_month(raw) if raw else default
            if months[name] is None:
                raise ValidationError({name: ["格式应为 年-月,如 2026-03"]})
        _, content = services.dues_special_check_export(
            actor=request.user, org=org, first=months["from_month"], last=months["to_month"]
        )
        return xlsx_response(content, services.special_check_file_name(org, months["from_month"], months["to_month"]))


router = SimpleRouter()
router.register("dues/profiles", DuesProfileViewSet, basename="api-dues-profile")
router.register("dues/records", DuesRecordViewSet, basename="api-dues-record")
router.register("dues/reductions", DuesReductionViewSet, basename="api-dues-reduction")
router.register("dues/arrears", DuesArrearsViewSet, basename="api-dues-arrears")
router.register("dues/orgs", DuesCheckViewSet, basename="api-dues-org")

urlpatterns = [path("dues/quote/", DuesQuoteView.as_view(), name="api-dues-quote"), *router.urls]
