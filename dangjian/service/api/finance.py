"""API of 村财镇管: expenditures (enter, correct, sign, refuse, pay, return), the county's limit, and the 三资 registers
(fund accounts with monthly balances, assets, resources, contracts with rent received)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org
from dangjian.core.scoping import scoped
from dangjian.core.views.common import home_org
from dangjian.service.choices import (
    AssetKind,
    AssetStatus,
    ExpenseCategory,
    FundKind,
    ResourceKind,
    ResourceStatus,
)
from dangjian.service.models import (
    Asset,
    Decision,
    Expenditure,
    ExpenditureSignature,
    FundAccount,
    FundBalance,
    LeaseContract,
    Resource,
)
from dangjian.service.selectors import finance as selectors
from dangjian.service.services import finance as services

TAGS = ["服务与公开-村财镇管"]


# --- output -------------------------------------------------------------------------------------------------


class SignatureSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.name", read_only=True, label="签字人")

    class Meta:
        model = ExpenditureSignature
        fields = ["id", "role", "verdict", "reason", "person", "signed_at", "cleared_at"]
        read_only_fields = fields


class ExpenditureSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    decision = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="四议两公开事项编号")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="类别(中文)")
    signatures = serializers.SerializerMethodField(label="有效签字")

    class Meta:
        model = Expenditure
        fields = [
            "id",
            "org",
            "spent_on",
            "purpose",
            "category",
            "category_display",
            "amount",
            "payee",
            "decision",
            "above_limit",
            "status",
            "status_display",
            "return_reason",
            "paid_on",
            "voucher_no",
            "signatures",
        ]
        read_only_fields = fields

    def get_signatures(self, expenditure: Expenditure) -> list[dict[str, Any]]:
        rows = getattr(expenditure, "active_signatures", None)
        if rows is None:
            rows = services.active_signatures(expenditure)
        return SignatureSerializer(rows, many=True).data  # type: ignore[return-value]


class PolicySerializer(serializers.Serializer):
    county = OrgRefSerializer(allow_null=True, label="县(区)")
    decision_limit = serializers.DecimalField(max_digits=12, decimal_places=2, label="须经四议两公开的支出限额(元)")


class FundAccountSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    latest_month = serializers.DateField(read_only=True, allow_null=True, label="最近登记月份")
    latest_balance = serializers.DecimalField(
        max_digits=16, decimal_places=2, read_only=True, allow_null=True, label="最近月末余额(元)"
    )

    class Meta:
        model = FundAccount
        fields = ["id", "org", "name", "kind", "bank", "latest_month", "latest_balance"]
        read_only_fields = fields


class FundBalanceSerializer(serializers.ModelSerializer):
    account = serializers.PrimaryKeyRelatedField(read_only=True, label="资金账户编号")

    class Meta:
        model = FundBalance
        fields = ["id", "account", "month", "balance"]
        read_only_fields = fields


class AssetSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")

    class Meta:
        model = Asset
        fields = ["id", "org", "name", "kind", "acquired_on", "original_value", "location", "status", "note"]
        read_only_fields = fields


class ResourceSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")

    class Meta:
        model = Resource
        fields = ["id", "org", "name", "kind", "area_mu", "location", "status", "note"]
        read_only_fields = fields


class ContractSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村(社区)")
    asset = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="资产编号")
    resource = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="资源编号")
    received = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True, label="已收租金(元)")

    class Meta:
        model = LeaseContract
        fields = [
            "id",
            "org",
            "code",
            "asset",
            "resource",
            "lessee",
            "starts_on",
            "ends_on",
            "annual_rent",
            "received",
            "note",
        ]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class ScopedDecisionField(serializers.IntegerField):
    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        if pk is None:
            return None
        found = scoped(Decision, self.context["request"].user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError(f"编号为{pk}的四议两公开事项不存在")
        return found


class _ExpenditureFields(ChineseInputMixin, serializers.Serializer):
    spent_on = DateInput(label="支出日期")
    purpose = serializers.CharField(max_length=200, label="用途")
    category = serializers.ChoiceField(choices=ExpenseCategory.choices, label="支出类别")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, label="金额(元)")
    payee = serializers.CharField(max_length=100, label="收款人(单位)")
    decision = ScopedDecisionField(required=False, allow_null=True, label="四议两公开事项编号(超过限额时必填)")


@extend_schema_serializer(description="登记村级财务支出(村(社区)报账)")
class ExpenditureInput(_ExpenditureFields):
    org = ScopedOrgCodeField(label="村(社区)代码")


@extend_schema_serializer(description="修改支出(未支付):只提交要修改的项目;修改后已有签字作废")
class ExpenditureUpdateInput(_ExpenditureFields):
    pass


class ReasonInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=300, label="理由")


class PayInput(ChineseInputMixin, serializers.Serializer):
    paid_on = DateInput(required=False, label="支付日期(默认今天)")
    voucher_no = serializers.CharField(max_length=40, label="记账凭证号")


class PolicyInput(ChineseInputMixin, serializers.Serializer):
    decision_limit = serializers.DecimalField(max_digits=12, decimal_places=2, label="须经四议两公开的支出限额(元)")


class FundAccountInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村(社区)代码")
    name = serializers.CharField(max_length=100, label="账户名称")
    kind = serializers.ChoiceField(choices=FundKind.choices, label="类型")
    bank = serializers.CharField(required=False, allow_blank=True, max_length=100, label="开户行")


class BalanceInput(ChineseInputMixin, serializers.Serializer):
    month = DateInput(label="月份(该月任一天)")
    balance = serializers.DecimalField(max_digits=12, decimal_places=2, label="月末余额(元)")


class _AssetFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="资产名称")
    kind = serializers.ChoiceField(choices=AssetKind.choices, label="资产类别")
    acquired_on = DateInput(label="取得日期")
    original_value = serializers.DecimalField(max_digits=12, decimal_places=2, label="原值(元)")
    location = serializers.CharField(required=False, allow_blank=True, max_length=200, label="坐落位置")
    status = serializers.ChoiceField(choices=AssetStatus.choices, required=False, label="状态")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="备注")


class AssetInput(_AssetFields):
    org = ScopedOrgCodeField(label="村(社区)代码")


class AssetUpdateInput(_AssetFields):
    pass


class _ResourceFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="资源名称")
    kind = serializers.ChoiceField(choices=ResourceKind.choices, label="资源类别")
    area_mu = serializers.DecimalField(max_digits=12, decimal_places=2, label="面积(亩)")
    location = serializers.CharField(required=False, allow_blank=True, max_length=200, label="坐落位置")
    status = serializers.ChoiceField(choices=ResourceStatus.choices, required=False, label="状态")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="备注")


class ResourceInput(_ResourceFields):
    org = ScopedOrgCodeField(label="村(社区)代码")


class ResourceUpdateInput(_ResourceFields):
    pass


class ContractInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村(社区)代码")
    asset = serializers.IntegerField(required=False, allow_null=True, label="资产编号(与资源编号二选一)")
    resource = serializers.IntegerField(required=False, allow_null=True, label="资源编号(与资产编号二选一)")
    code = serializers.CharField(max_length=40, label="合同编号")
    lessee = serializers.CharField(max_length=100, label="承包(承租)方")
    starts_on = DateInput(label="起始日期")
    ends_on = DateInput(label="截止日期")
    annual_rent = serializers.DecimalField(max_digits=12, decimal_places=2, label="年租金(元)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="备注")


class PaymentInput(ChineseInputMixin, serializers.Serializer):
    received_on = DateInput(label="收款日期")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, label="金额(元)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="村级财务支出列表", description="本组织及下级的支出(可按状态、类别、乡镇、日期筛选)。", tags=TAGS
    ),
    retrieve=extend_schema(summary="支出详情", tags=TAGS),
    create=extend_schema(
        summary="登记支出",
        description="超过县里限额的支出须引用本村村民代表会议已决议的四议两公开事项,且累计不超过决议金额。",
        request=ExpenditureInput,
        responses={201: ExpenditureSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改支出", request=ExpenditureUpdateInput, responses=ExpenditureSerializer, tags=TAGS
    ),
    destroy=extend_schema(
        summary="删除支出(无签字记录、未支付)", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
    sign=extend_schema(
        summary="签字同意",
        description="由本人账号签字:现任书记、村委会主任;一肩挑的由另一名现任“两委”成员代主任签。同一人不能签两次。",
        request=None,
        responses=ExpenditureSerializer,
        tags=TAGS,
    ),
    reject=extend_schema(
        summary="签字不同意",
        description="须填写理由;支出退回村(社区),已有签字作废。",
        request=ReasonInput,
        responses=ExpenditureSerializer,
        tags=TAGS,
    ),
    pay=extend_schema(
        summary="支付(乡镇)",
        description="书记、主任均签字同意后由乡镇(街道)支付。",
        request=PayInput,
        responses=ExpenditureSerializer,
        tags=TAGS,
    ),
    return_=extend_schema(
        summary="退回(乡镇)",
        description="须填写原因;已有签字作废。",
        request=ReasonInput,
        responses=ExpenditureSerializer,
        tags=TAGS,
    ),
    resubmit=extend_schema(summary="重新提交审签", request=None, responses=ExpenditureSerializer, tags=TAGS),
)
class ExpenditureViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = (
        Expenditure.objects.select_related("org", "decision")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=ExpenditureSignature.objects.filter(cleared_at__isnull=True)
                .select_related("person")
                .order_by("signed_at", "id"),
                to_attr="active_signatures",
            )
        )
        .order_by("-spent_on", "-id")
    )
    serializer_class = ExpenditureSerializer
    filterset_class = selectors.ExpenditureFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _signer_object(self) -> Expenditure:
        return selectors.visible_expenditure(self.request.user, self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        if self.action in ("sign", "reject"):
            return self.queryset.get(pk=pk)
        return super().reread(pk)

    def create(self, request: Request) -> Response:
        data = self.parse(ExpenditureInput)
        return self.written(lambda: services.expenditure_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        expenditure = self.get_object()
        changes = self.parse(ExpenditureUpdateInput, partial=True)
        return self.written(
            lambda: services.expenditure_update(actor=request.user, expenditure=expenditure, **changes),
            pk=expenditure.pk,
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        expenditure = self.get_object()
        self.written_none(lambda: services.expenditure_delete(actor=request.user, expenditure=expenditure))
        return Response(status=status.HTTP_204_NO_CONTENT)

    def written_none(self, write: Any) -> None:
        from django.db import transaction

        with transaction.atomic():
            write()

    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: Any = None) -> Response:
        expenditure = self._signer_object()
        return self.written(
            lambda: services.expenditure_sign(actor=request.user, expenditure=expenditure), pk=expenditure.pk
        )

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        expenditure = self._signer_object()
        data = self.parse(ReasonInput)
        return self.written(
            lambda: services.expenditure_reject(actor=request.user, expenditure=expenditure, reason=data["reason"]),
            pk=expenditure.pk,
        )

    @action(detail=True, methods=["post"])
    def pay(self, request: Request, pk: Any = None) -> Response:
        expenditure = self.get_object()
        data = self.parse(PayInput)
        return self.written(
            lambda: services.expenditure_pay(
                actor=request.user,
                expenditure=expenditure,
                paid_on=data.get("paid_on") or clock.today(),
                voucher_no=data["voucher_no"],
            ),
            pk=expenditure.pk,
        )

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        expenditure = self.get_object()
        data = self.parse(ReasonInput)
        return self.written(
            lambda: services.expenditure_return(actor=request.user, expenditure=expenditure, reason=data["reason"]),
            pk=expenditure.pk,
        )

    @action(detail=True, methods=["post"])
    def resubmit(self, request: Request, pk: Any = None) -> Response:
        expenditure = self.get_object()
        return self.written(
            lambda: services.expenditure_resubmit(actor=request.user, expenditure=expenditure), pk=expenditure.pk
        )


def _county(user: Any) -> Org | None:
    org = home_org(user)
    if org is None:
        return None
    return Org.objects.filter(pk=org.county_id).first() or org


class PolicyView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 403)

    @extend_schema(
        summary="村财镇管限额",
        description="本县(区)须经四议两公开的支出限额(未设置时为5000元)。",
        responses=PolicySerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        county = _county(request.user)
        policy = services.policy_for(county.pk if county else None)
        return Response(PolicySerializer({"county": county, "decision_limit": policy.decision_limit}).data)

    @extend_schema(
        summary="设置村财镇管限额",
        description="县(区)委组织部设置。",
        request=PolicyInput,
        responses=PolicySerializer,
        tags=TAGS,
    )
    def put(self, request: Request) -> Response:
        serializer = PolicyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        county = _county(request.user)
        if county is None:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        from django.core.exceptions import ValidationError as DjangoValidationError
        from rest_framework.exceptions import ValidationError

        try:
            policy = services.policy_update(actor=request.user, county=county, **serializer.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        return Response(PolicySerializer({"county": county, "decision_limit": policy.decision_limit}).data)


@extend_schema_view(
    list=extend_schema(summary="资金账户列表", tags=TAGS),
    retrieve=extend_schema(summary="资金账户详情", tags=TAGS),
    create=extend_schema(
        summary="新增资金账户", request=FundAccountInput, responses={201: FundAccountSerializer}, tags=TAGS
    ),
    balance=extend_schema(summary="登记月末余额", request=BalanceInput, responses=FundBalanceSerializer, tags=TAGS),
)
class FundAccountViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = FundAccount.objects.select_related("org").order_by("org_path", "name", "id")
    serializer_class = FundAccountSerializer

    def get_queryset(self) -> Any:
        return selectors.with_latest_balance(super().get_queryset())

    def create(self, request: Request) -> Response:
        data = self.parse(FundAccountInput)
        return self.written(lambda: services.fund_account_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def balance(self, request: Request, pk: Any = None) -> Response:
        account = self.get_object()
        data = self.parse(BalanceInput)
        from django.db import transaction

        with transaction.atomic():
            row = services.fund_balance_record(actor=request.user, account=account, **data)
        return Response(FundBalanceSerializer(row).data)


@extend_schema_view(
    list=extend_schema(summary="集体资产列表", tags=TAGS),
    retrieve=extend_schema(summary="资产详情", tags=TAGS),
    create=extend_schema(summary="新增资产", request=AssetInput, responses={201: AssetSerializer}, tags=TAGS),
    partial_update=extend_schema(summary="修改资产", request=AssetUpdateInput, responses=AssetSerializer, tags=TAGS),
)
class AssetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Asset.objects.select_related("org").order_by("org_path", "name", "id")
    serializer_class = AssetSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(AssetInput)
        return self.written(lambda: services.asset_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        asset = self.get_object()
        changes = self.parse(AssetUpdateInput, partial=True)
        return self.written(lambda: services.asset_update(actor=request.user, asset=asset, **changes), pk=asset.pk)


@extend_schema_view(
    list=extend_schema(summary="集体资源列表", tags=TAGS),
    retrieve=extend_schema(summary="资源详情", tags=TAGS),
    create=extend_schema(summary="新增资源", request=ResourceInput, responses={201: ResourceSerializer}, tags=TAGS),
    partial_update=extend_schema(
        summary="修改资源", request=ResourceUpdateInput, responses=ResourceSerializer, tags=TAGS
    ),
)
class ResourceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Resource.objects.select_related("org").order_by("org_path", "name", "id")
    serializer_class = ResourceSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(ResourceInput)
        return self.written(lambda: services.resource_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        resource = self.get_object()
        changes = self.parse(ResourceUpdateInput, partial=True)
        return self.written(
            lambda: services.resource_update(actor=request.user, resource=resource, **changes), pk=resource.pk
        )


@extend_schema_view(
    list=extend_schema(summary="资产资源合同列表", description="含已收租金。", tags=TAGS),
    retrieve=extend_schema(summary="合同详情", tags=TAGS),
    create=extend_schema(summary="新增合同", request=ContractInput, responses={201: ContractSerializer}, tags=TAGS),
    payment=extend_schema(summary="登记收取租金", request=PaymentInput, responses=ContractSerializer, tags=TAGS),
)
class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = LeaseContract.objects.select_related("org").order_by("ends_on", "id")
    serializer_class = ContractSerializer

    def get_queryset(self) -> Any:
        return selectors.with_received(super().get_queryset())

    def create(self, request: Request) -> Response:
        data = self.parse(ContractInput)
        org = data["org"]
        asset_id, resource_id = data.pop("asset", None), data.pop("resource", None)
        asset = Asset.objects.filter(org=org, pk=asset_id).first() if asset_id else None
        resource = Resource.objects.filter(org=org, pk=resource_id).first() if resource_id else None
        return self.written(
            lambda: services.contract_create(actor=request.user, asset=asset, resource=resource, **data), created=True
        )

    @action(detail=True, methods=["post"])
    def payment(self, request: Request, pk: Any = None) -> Response:
        contract = self.get_object()
        data = self.parse(PaymentInput)
        return self.written(
            lambda: services.payment_record(actor=request.user, contract=contract, **data), pk=contract.pk
        )


router = SimpleRouter()
router.register("finance/expenditures", ExpenditureViewSet, basename="api-service-expenditure")
router.register("finance/funds", FundAccountViewSet, basename="api-service-fund")
router.register("finance/assets", AssetViewSet, basename="api-service-asset")
router.register("finance/resources", ResourceViewSet, basename="api-service-resource")
router.register("finance/contracts", ContractViewSet, basename="api-service-contract")
urlpatterns = [
    path("finance/policy/", PolicyView.as_view(), name="api-service-finance-policy"),
    *router.urls,
]
