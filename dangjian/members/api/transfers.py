"""API of 组织关系转接: letters inside, out of and into the deployment, accepting and returning them, the county's
letter validity, and the roll audit (组织关系排查清理)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.urls import path
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ModelInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer, PersonDetailSerializer, PersonRefSerializer
from dangjian.core.models import Org, Person, User
from dangjian.core.scoping import scoped
from dangjian.core.services import PERSON_EDITABLE
from dangjian.members.choices import TransferReason
from dangjian.members.models.transfers import Transfer, TransferSetting
from dangjian.members.permissions import require
from dangjian.members.selectors import transfers as selectors
from dangjian.members.services import transfers as services

TAGS = ["组织关系"]


# --- output -------------------------------------------------------------------------------------------------


class TransferOwnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "display_name"]
        read_only_fields = fields


ACTIONS = [
    ("accept", "接收"),
    ("reject", "退回"),
    ("cancel", "撤销"),
    ("receipt", "确认回执"),
    ("register", "接收并登记党员"),
]


class TransferSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, allow_null=True, label="党员(从系统外转入且未接收时为空)")
    from_org = OrgRefSerializer(read_only=True, allow_null=True, label="转出党组织(从系统外转入时为空)")
    to_org = OrgRefSerializer(read_only=True, allow_null=True, label="转入党组织(转出本系统时为空)")
    to_county = OrgRefSerializer(read_only=True, allow_null=True, label="转入县(区)")
    owner = TransferOwnerSerializer(read_only=True, allow_null=True, label="经办人")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="转接类型(中文)")
    reason_display = serializers.CharField(source="get_reason_display", read_only=True, label="转接原因(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    overdue = serializers.BooleanField(read_only=True, label="已逾期(待接收且超过办理期限或介绍信有效期)")
    actions = serializers.SerializerMethodField(label="您可以进行的操作")

    class Meta:
        model = Transfer
        fields = [
            "id",
            "letter_no",
            "kind",
            "kind_display",
            "person",
            "person_name",
            "from_org",
            "to_org",
            "to_county",
            "external_org_name",
            "reason",
            "reason_display",
            "issued_on",
            "valid_until",
            "across_provinces",
            "deadline",
            "owner",
            "status",
            "status_display",
            "overdue",
            "decided_on",
            "decision_note",
            "receipt_on",
            "note",
            "created_at",
            "actions",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=ACTIONS)))
    def get_actions(self, transfer: Transfer) -> list[str]:
        user = self.context["request"].user
        guards = {
            "accept": services.can_accept,
            "reject": services.can_reject,
            "cancel": services.can_cancel,
            "receipt": services.can_confirm_receipt,
            "register": services.can_register,
        }
        return [name for name, _label in ACTIONS if guards[name](user, transfer)]


class TransferSettingSerializer(serializers.ModelSerializer):
    county = OrgRefSerializer(read_only=True, label="县(区)")
    note = serializers.SerializerMethodField(label="说明")

    class Meta:
        model = TransferSetting
        fields = ["county", "letter_valid_months", "letter_valid_months_across_provinces", "note"]
        read_only_fields = fields

    def get_note(self, setting: TransferSetting) -> str:
        return "本县(区)设置:介绍信有效期各地规定不一(一般不超过3个月,跨省、区、市不超过6个月),由县(区)委组织部确定"


class RollPersonSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    org_kind_display = serializers.CharField(source="org.get_kind_display", read_only=True, label="所在组织类别")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="党员状态(中文)")
    standing_display = serializers.CharField(source="get_standing_display", read_only=True, label="党籍状态(中文)")
    phone_masked = serializers.CharField(read_only=True, label="联系电话(脱敏)")

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "org",
            "org_kind_display",
            "status",
            "status_display",
            "standing",
            "standing_display",
            "standing_since",
            "phone_masked",
        ]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class PlatformOrgCodeField(serializers.CharField):
    """An org of the platform by its code, in any county: the receiving branch of a transfer, a host org."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Org | None:
        code = super().run_validation(data)
        if code in (None, ""):
            return None
        org = Org.objects.filter(code=code).first()
        if org is None:
            raise serializers.ValidationError(f"组织代码“{code}”不存在")
        return org


class OwnerField(serializers.CharField):
    """A manager account of the caller's scope, by its username."""

    def run_validation(self, data: Any = serializers.empty) -> User | None:
        username = super().run_validation(data)
        if not username:
            return None
        user = scoped(User, self.context["request"].user).filter(username=username).first()
        if user is None:
            raise serializers.ValidationError(f"账号“{username}”不存在")
        return user


class _PendingFields(ChineseInputMixin, serializers.Serializer):
    reason = serializers.ChoiceField(choices=TransferReason.choices, label="转接原因")
    issued_on = DateInput(label="开具日期")
    deadline = DateInput(required=False, allow_null=True, label="办理期限(不填为介绍信有效期的最后一天)")
    owner = OwnerField(required=False, allow_blank=True, max_length=150, label="经办人用户名(不填为本人)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="开具组织关系介绍信(系统内转接)")
class TransferIssueInput(_PendingFields):
    person = ScopedPersonField(label="党员编号")
    to_org = PlatformOrgCodeField(label="转入党支部的组织代码(本平台内,可跨县区)")


@extend_schema_serializer(description="组织关系转出本系统")
class TransferOutInput(_PendingFields):
    person = ScopedPersonField(label="党员编号")
    external_org_name = serializers.CharField(max_length=200, label="转入的系统外党组织名称")
    across_provinces = serializers.BooleanField(required=False, default=False, label="跨省(区、市)")
    letter_no = serializers.CharField(
        required=False, allow_blank=True, max_length=40, label="介绍信编号(不填按本县当年顺序自动编号)"
    )


@extend_schema_serializer(description="登记从系统外转入的介绍信")
class TransferInInput(_PendingFields):
    to_org = ScopedOrgCodeField(label="转入党支部的组织代码(您管理范围内)")
    person_name = serializers.CharField(max_length=50, label="党员姓名(介绍信所载)")
    external_org_name = serializers.CharField(max_length=200, label="开具介绍信的党组织")
    letter_no = serializers.CharField(max_length=40, label="介绍信编号")
    valid_until = DateInput(label="有效期至")
    across_provinces = serializers.BooleanField(required=False, default=False, label="跨省(区、市)")


@extend_schema_serializer(description="退回介绍信:须写明理由")
class TransferRejectInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=200, allow_blank=True, label="退回理由")


@extend_schema_serializer(description="撤销介绍信")
class TransferCancelInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, label="撤销原因")


@extend_schema_serializer(description="确认回执")
class TransferReceiptInput(ChineseInputMixin, serializers.Serializer):
    receipt_on = DateInput(label="回执日期")


@extend_schema_serializer(description="接收从系统外转入的党员:登记党员信息(出生日期取自公民身份号码)")
class TransferRegisterInput(ModelInput):
    id_number = serializers.CharField(max_length=18, label="公民身份号码")

    class Meta:
        model = Person
        fields = ["id_number", *PERSON_EDITABLE]


@extend_schema_serializer(description="本县(区)介绍信有效期")
class TransferSettingInput(ChineseInputMixin, serializers.Serializer):
    letter_valid_months = serializers.IntegerField(label="介绍信有效期(月)")
    letter_valid_months_across_provinces = serializers.IntegerField(label="跨省(区、市)转接介绍信有效期(月)")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="组织关系转接列表",
        description=(
            "转出方和转入方都能看到的转接(系统内、转出本系统、从系统外转入),新的在前。"
            "side=out 本单位开具的,side=in 转入本单位的;overdue=true 只列待接收且超过办理期限或有效期的;"
            "org=组织代码 含全部下级(转出或转入一方在其中);person=党员编号 为该党员的转接历史。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="组织关系转接详情", tags=TAGS),
    create=extend_schema(
        summary="开具组织关系介绍信(系统内)",
        description=(
            "转出党组织为本平台内另一党支部(可跨县区)开具介绍信:编号按本县当年顺序生成,有效期按本县设置"
            "(默认3个月,跨省6个月)。转入方接收前党员仍由原党支部管理,党员名册不变。"
        ),
        request=TransferIssueInput,
        responses={201: TransferSerializer},
        tags=TAGS,
    ),
    outgoing=extend_schema(
        summary="组织关系转出本系统",
        description="记录系统外党组织名称、介绍信编号和有效期;收到回执(receipt)前党员仍在本支部名册中。",
        request=TransferOutInput,
        responses={201: TransferSerializer},
        tags=TAGS,
    ),
    incoming=extend_schema(
        summary="登记从系统外转入的介绍信",
        description="记录介绍信编号、开具党组织、有效期和党员姓名;接收(register)时登记党员信息。",
        request=TransferInInput,
        responses={201: TransferSerializer},
        tags=TAGS,
    ),
    accept=extend_schema(
        summary="接收组织关系(系统内)",
        description="转入党组织一键接收:党员编入转入党支部(记入工作轨迹);介绍信过期的不能接收,须撤销后重新开具。",
        request=None,
        responses=TransferSerializer,
        tags=TAGS,
    ),
    reject=extend_schema(
        summary="退回介绍信",
        description="转入方退回,须写明理由(组织关系转接不得无故拒收);党员仍在原党组织。",
        request=TransferRejectInput,
        responses=TransferSerializer,
        tags=TAGS,
    ),
    cancel=extend_schema(
        summary="撤销介绍信",
        description="开具(登记)介绍信的一方撤销待办的介绍信。",
        request=TransferCancelInput,
        responses=TransferSerializer,
        tags=TAGS,
    ),
    receipt=extend_schema(
        summary="确认回执(转出本系统)",
        description="回执寄回后确认:党员从本支部名册转出,列入历史名册(不删除)。",
        request=TransferReceiptInput,
        responses=TransferSerializer,
        tags=TAGS,
    ),
    register=extend_schema(
        summary="接收从系统外转入的党员",
        description="按介绍信登记党员信息(姓名须与介绍信一致),党员编入转入党支部。",
        request=TransferRegisterInput,
        responses={201: PersonDetailSerializer},
        tags=TAGS,
    ),
)
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Transfer.objects.select_related("person", "from_org", "to_org", "to_county", "owner").order_by(
        "-issued_on", "-id"
    )
    serializer_class = TransferSerializer
    filterset_class = selectors.TransferFilter

    def get_queryset(self) -> Any:
        return selectors.with_overdue(super().get_queryset(), clock.today())

    def create(self, request: Request) -> Response:
        data = self.parse(TransferIssueInput)
        return self.written(lambda: services.transfer_issue(actor=request.user, **data), created=True)

    @action(detail=False, methods=["post"])
    def outgoing(self, request: Request) -> Response:
        data = self.parse(TransferOutInput)
        return self.written(lambda: services.transfer_out_issue(actor=request.user, **data), created=True)

    @action(detail=False, methods=["post"])
    def incoming(self, request: Request) -> Response:
        data = self.parse(TransferInInput)
        return self.written(lambda: services.transfer_in_record(actor=request.user, **data), created=True)

    def _decided(self, transfer: Transfer) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=transfer.pk)).data)

    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        transfer = self.get_object()
        return self._decided(services.transfer_accept(actor=request.user, transfer=transfer))

    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        transfer = self.get_object()
        data = self.parse(TransferRejectInput)
        return self._decided(services.transfer_reject(actor=request.user, transfer=transfer, **data))

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        transfer = self.get_object()
        data = self.parse(TransferCancelInput)
        return self._decided(services.transfer_cancel(actor=request.user, transfer=transfer, **data))

    @action(detail=True, methods=["post"])
    def receipt(self, request: Request, pk: Any = None) -> Response:
        transfer = self.get_object()
        data = self.parse(TransferReceiptInput)
        return self._decided(services.transfer_receipt_confirm(actor=request.user, transfer=transfer, **data))

    @action(detail=True, methods=["post"])
    def register(self, request: Request, pk: Any = None) -> Response:
        transfer = self.get_object()
        data = self.parse(TransferRegisterInput)
        person = services.transfer_in_register(actor=request.user, transfer=transfer, **data)
        person = scoped(Person, request.user).select_related("org").get(pk=person.pk)
        return Response(PersonDetailSerializer(person).data, status=status.HTTP_201_CREATED)


class TransferSettingView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 403)

    def _current(self) -> TransferSetting:
        county, setting = selectors.setting_for_user(self.request.user)
        require(county is not None, "当前账号没有所属县(区)")
        setting.county = county
        return setting

    @extend_schema(
        summary="介绍信有效期设置",
        description="您所在县(区)的介绍信有效期(本县设置;未设置时为默认值3个月、跨省6个月)。",
        responses=TransferSettingSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return Response(TransferSettingSerializer(self._current()).data)

    @extend_schema(
        summary="修改介绍信有效期设置",
        description="县(区)委组织部管理员设置本县介绍信有效期,各为1至12个月。修改记入工作轨迹。",
        request=TransferSettingInput,
        responses=TransferSettingSerializer,
        tags=TAGS,
    )
    def put(self, request: Request) -> Response:
        county = self._current().county
        serializer = TransferSettingInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        setting = services.transfer_setting_save(actor=request.user, county=county, **serializer.validated_data)
        return Response(TransferSettingSerializer(setting).data)


class RowsPagination(ApiPagination):
    """Pages of rows computed in Python (lists the rules assemble, not querysets)."""

    django_paginator_class = Paginator


ROLL_FILTER_NOTE = "township=乡镇(街道)党组织编号、org=党组织代码(含全部下级)筛选。仅书记和管理员可以查看。"


class _RollAuditViewSet(mixins.ListModelMixin, ScopedViewSet):
    """One list of the roll audit (组织关系排查清理)."""

    kind = ""

    def get_queryset(self) -> Any:
        require(services.can_audit_roll(self.request.user), "没有查看组织关系排查清理清单的权限")
        today = clock.today()
        if self.kind in ("no_branch", "lost_contact"):
            return selectors.roll_people(self.request.user, self.kind)
        return selectors.roll_transfers(self.request.user, self.kind, today)


@extend_schema_view(
    list=extend_schema(
        summary="排查清理:未编入党支部的党员",
        description="所在组织不是党支部(如直接挂在乡镇党委、党总支或党小组)的党员,应编入党支部。" + ROLL_FILTER_NOTE,
        tags=TAGS,
    )
)
class RollNoBranchViewSet(_RollAuditViewSet):
    kind = "no_branch"
    queryset = Person.objects.all()
    serializer_class = RollPersonSerializer
    filterset_class = selectors.RollPeopleFilter


@extend_schema_view(
    list=extend_schema(
        summary="排查清理:失去联系的党员",
        description="党籍状态为失联的党员(standing_since 为失联起始日期)。" + ROLL_FILTER_NOTE,
        tags=TAGS,
    )
)
class RollLostContactViewSet(RollNoBranchViewSet):
    kind = "lost_contact"


@extend_schema_view(
    list=extend_schema(
        summary="排查清理:长期未办结的组织关系转接",
        description="待接收且超过办理期限或介绍信有效期的转接(转出方、转入方都能看到)。" + ROLL_FILTER_NOTE,
        tags=TAGS,
    )
)
class RollOverdueViewSet(_RollAuditViewSet):
    kind = "overdue"
    queryset = Transfer.objects.all()
    serializer_class = TransferSerializer
    filterset_class = selectors.RollTransferFilter


@extend_schema_view(
    list=extend_schema(
        summary="排查清理:口袋党员",
        description=(
            "转出本系统的介绍信超过有效期仍未收到回执,或从系统外转入的介绍信超过有效期仍未登记接收。" + ROLL_FILTER_NOTE
        ),
        tags=TAGS,
    )
)
class RollPocketViewSet(RollOverdueViewSet):
    kind = "pocket"


router = SimpleRouter()
router.register("transfers", TransferViewSet, basename="api-transfer")
router.register("transfers/roll-audit/no-branch", RollNoBranchViewSet, basename="api-roll-no-branch")
router.register("transfers/roll-audit/lost-contact", RollLostContactViewSet, basename="api-roll-lost-contact")
router.register("transfers/roll-audit/overdue", RollOverdueViewSet, basename="api-roll-overdue")
router.register("transfers/roll-audit/pocket", RollPocketViewSet, basename="api-roll-pocket")
urlpatterns = [
    path("transfers/settings/", TransferSettingView.as_view(), name="api-transfer-settings"),
    *router.urls,
]
