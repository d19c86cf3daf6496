"""API of 结对共建: units, pairs (with their units; end, add or remove a unit), the "四项制度" activities, the "五个一"
checklist, the outputs ledger, and the figures of a scope and period with seed 000's sentence."""

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
from dangjian.core.models import Org
from dangjian.core.scoping import scoped
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.villages import rules
from dangjian.villages.choices import DepartmentType, FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import PairActivity, PairChecklistItem, PairingUnit, PairOutput, PairUnit, VillagePair
from dangjian.villages.selectors import pairing as selectors
from dangjian.villages.services import pairing as services

TAGS = ["村级治理-结对共建"]


# --- output -------------------------------------------------------------------------------------------------


class PairingUnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PairingUnit
        fields = ["id", "name", "department_type"]
        read_only_fields = fields


class PairingUnitSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="维护单位")
    linked_org = OrgRefSerializer(read_only=True, allow_null=True, label="对应党组织")
    department_type_display = serializers.CharField(
        source="get_department_type_display", read_only=True, label="部门类型(中文)"
    )
    load = serializers.IntegerField(read_only=True, label="结对中的村数")

    class Meta:
        model = PairingUnit
        fields = [
            "id",
            "org",
            "name",
            "department_type",
            "department_type_display",
            "affiliation",
            "contact_name",
            "contact_phone",
            "linked_org",
            "active",
            "load",
        ]
        read_only_fields = fields


class PairMemberSerializer(serializers.ModelSerializer):
    unit = PairingUnitRefSerializer(read_only=True, label="结对单位")

    class Meta:
        model = PairUnit
        fields = ["id", "unit", "joined_year"]
        read_only_fields = fields


class VillagePairSerializer(serializers.ModelSerializer):
    village = OrgRefSerializer(read_only=True, label="结对村")
    members = PairMemberSerializer(many=True, read_only=True, label="结对单位")
    shape = serializers.SerializerMethodField(label="结对方式(one_to_one 一对一, many_to_one 多对一)")

    class Meta:
        model = VillagePair
        fields = ["id", "village", "members", "shape", "started_year", "active", "ended_on", "end_reason", "note"]
        read_only_fields = fields

    def get_shape(self, pair: VillagePair) -> str:
        return rules.pair_shape(len(pair.members.all()))


class PairActivitySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="制度类别(中文)")

    class Meta:
        model = PairActivity
        fields = ["id", "pair", "kind", "kind_display", "held_on", "content", "participants"]
        read_only_fields = fields


class PairChecklistItemSerializer(serializers.ModelSerializer):
    item_display = serializers.CharField(source="get_item_display", read_only=True, label="事项(中文)")

    class Meta:
        model = PairChecklistItem
        fields = ["id", "pair", "year", "item", "item_display", "done", "done_on", "evidence"]
        read_only_fields = fields


class PairOutputSerializer(serializers.ModelSerializer):
    unit = PairingUnitRefSerializer(read_only=True, allow_null=True, label="帮扶单位")
    text = serializers.SerializerMethodField(label="数量(如 8.5万元)")

    class Meta:
        model = PairOutput
        fields = ["id", "pair", "unit", "occurred_on", "kind", "label", "measure", "quantity", "text", "description"]
        read_only_fields = fields

    def get_text(self, output: PairOutput) -> str:
        return rules.output_quantity_text(output.kind, output.quantity, output.measure)


class OutputTotalSerializer(serializers.Serializer):
    kind = serializers.CharField(label="成效类别")
    label = serializers.CharField(label="成效名称")
    unit = serializers.CharField(label="计量单位")
    quantity = serializers.DecimalField(max_digits=16, decimal_places=2, label="合计")
    rows = serializers.IntegerField(label="记录数")
    text = serializers.CharField(label="合计(如 80.5万元)")


class PairingFiguresSerializer(serializers.Serializer):
    org = OrgRefSerializer(allow_null=True, label="统计范围")
    since = serializers.DateField(label="期间自")
    until = serializers.DateField(label="期间至")
    villages = serializers.IntegerField(label="行政村数")
    paired_villages = serializers.IntegerField(label="结对村数(不重复)")
    paired_text = serializers.CharField(label="结对村/行政村(如 114/277 (41.2%))")
    paired_units = serializers.IntegerField(label="结对单位数(不重复)")
    pairs = serializers.IntegerField(label="结对数")
    one_to_one = serializers.IntegerField(label="一对一")
    many_to_one = serializers.IntegerField(label="多对一")
    activities = serializers.DictField(child=serializers.IntegerField(), label="各类活动次数")
    totals = OutputTotalSerializer(many=True, label="帮扶成效合计")
    sentence = serializers.CharField(label="成效表述")
    five_one_year = serializers.IntegerField(label="“五个一”年度")
    five_one_pairs = serializers.IntegerField(label="该年度结对数")
    five_one_done = serializers.IntegerField(label="已完成事项数")
    five_one_complete = serializers.IntegerField(label="五项全部完成的结对数")


# --- input --------------------------------------------------------------------------------------------------


class ScopedPairField(serializers.IntegerField):
    """A pair given by its number, looked up within the caller's scope."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        pair = scoped(VillagePair, self.context["request"].user).filter(pk=pk).first()
        if pair is None:
            raise serializers.ValidationError(f"编号为{pk}的结对不存在")
        return pair


class VisibleUnitField(serializers.IntegerField):
    """A unit given by its number, among those the caller sees."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        if pk is None:
            return None
        unit = selectors.units_visible(self.context["request"].user).filter(pk=pk).first()
        if unit is None:
            raise serializers.ValidationError(f"编号为{pk}的结对单位不存在")
        return unit


class _UnitFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="单位名称")
    department_type = serializers.ChoiceField(choices=DepartmentType.choices, label="部门类型")
    affiliation = serializers.CharField(required=False, allow_blank=True, max_length=30, label="隶属层级")
    contact_name = serializers.CharField(required=False, allow_blank=True, max_length=30, label="联系人")
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30, label="联系电话")
    linked_org = ScopedOrgCodeField(required=False, allow_null=True, label="对应党组织代码")


@extend_schema_serializer(description="添加结对单位")
class PairingUnitInput(_UnitFields):
    org = ScopedOrgCodeField(label="维护单位代码(县委组织部或乡镇党委)")


@extend_schema_serializer(description="修改结对单位:只提交要修改的项目")
class PairingUnitUpdateInput(_UnitFields):
    pass


@extend_schema_serializer(description="停用或恢复结对单位")
class PairingUnitActiveInput(ChineseInputMixin, serializers.Serializer):
    active = serializers.BooleanField(label="在册")


@extend_schema_serializer(description="建立结对")
class VillagePairInput(ChineseInputMixin, serializers.Serializer):
    village = ScopedOrgCodeField(label="结对村党组织代码")
    units = serializers.ListField(child=VisibleUnitField(), min_length=1, label="结对单位编号(一个或多个)")
    started_year = serializers.IntegerField(required=False, min_value=2000, max_value=2099, label="结对年度(默认今年)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="结束结对")
class PairEndInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="结束原因")
    ended_on = DateInput(required=False, label="结束日期(默认今天)")


@extend_schema_serializer(description="增加或移出结对单位")
class PairUnitInput(ChineseInputMixin, serializers.Serializer):
    unit = VisibleUnitField(label="结对单位编号")


@extend_schema_serializer(description="登记结对共建活动")
class PairActivityInput(ChineseInputMixin, serializers.Serializer):
    pair = ScopedPairField(label="结对编号")
    kind = serializers.ChoiceField(choices=PairActivityKind.choices, label="制度类别")
    held_on = DateInput(label="日期")
    content = serializers.CharField(max_length=500, label="内容")
    participants = serializers.IntegerField(required=False, min_value=0, max_value=100000, label="参加人数")


@extend_schema_serializer(description="登记“五个一”事项完成")
class PairChecklistInput(ChineseInputMixin, serializers.Serializer):
    pair = ScopedPairField(label="结对编号")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    item = serializers.ChoiceField(choices=FiveOneItem.choices, label="事项")
    done_on = DateInput(label="完成日期")
    evidence = serializers.CharField(max_length=500, label="佐证材料")


@extend_schema_serializer(description="登记帮扶成效")
class PairOutputInput(ChineseInputMixin, serializers.Serializer):
    pair = ScopedPairField(label="结对编号")
    kind = serializers.ChoiceField(choices=OutputKind.choices, label="成效类别")
    quantity = serializers.DecimalField(max_digits=14, decimal_places=2, label="数量(资金以元计)")
    occurred_on = DateInput(label="日期")
    unit = VisibleUnitField(required=False, allow_null=True, label="帮扶单位编号")
    label = serializers.CharField(required=False, allow_blank=True, max_length=30, label="成效名称(其他类)")
    measure = serializers.CharField(required=False, allow_blank=True, max_length=10, label="计量单位(其他类)")
    description = serializers.CharField(required=False, allow_blank=True, max_length=500, label="说明")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="结对单位列表", description="本级及上级维护的结对单位,含结对中的村数。", tags=TAGS),
    retrieve=extend_schema(summary="结对单位详情", tags=TAGS),
    create=extend_schema(
        summary="添加结对单位",
        description="由县(区)委组织部或乡镇(街道)党委维护;同一县(区)内单位名称不能重复。",
        request=PairingUnitInput,
        responses={201: PairingUnitSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改结对单位", request=PairingUnitUpdateInput, responses=PairingUnitSerializer, tags=TAGS
    ),
    set_active=extend_schema(
        summary="停用或恢复结对单位",
        description="还在结对中的单位不能停用。",
        request=PairingUnitActiveInput,
        responses=PairingUnitSerializer,
        tags=TAGS,
    ),
)
class PairingUnitViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = PairingUnit.objects.all()
    serializer_class = PairingUnitSerializer
    filterset_class = selectors.UnitFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.unit_list(self.request.user, {})[1]

    def get_object(self) -> Any:
        obj = selectors.visible_get(self.get_queryset(), self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def create(self, request: Request) -> Response:
        data = self.parse(PairingUnitInput)
        return self.written(lambda: services.unit_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        unit = self.get_object()
        changes = self.parse(PairingUnitUpdateInput, partial=True)
        if not changes:
            return self.answer(unit.pk)
        return self.written(lambda: services.unit_update(actor=request.user, unit=unit, **changes), pk=unit.pk)

    @action(detail=True, methods=["post"], url_path="set-active")
    def set_active(self, request: Request, pk: Any = None) -> Response:
        unit = self.get_object()
        data = self.parse(PairingUnitActiveInput)
        return self.written(
            lambda: services.unit_set_active(actor=request.user, unit=unit, active=data["active"]), pk=unit.pk
        )


@extend_schema_view(
    list=extend_schema(
        summary="结对列表",
        description="管理范围内各村的结对及其结对单位;year 为该年度结对中的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="结对详情", tags=TAGS),
    create=extend_schema(
        summary="建立结对",
        description="由乡镇(街道)或县(区)委组织部确定,村党组织不能自行结对;一个村同时只有一个结对,可含多个单位。",
        request=VillagePairInput,
        responses={201: VillagePairSerializer},
        tags=TAGS,
    ),
    end=extend_schema(summary="结束结对", request=PairEndInput, responses=VillagePairSerializer, tags=TAGS),
    add_unit=extend_schema(summary="增加结对单位", request=PairUnitInput, responses=VillagePairSerializer, tags=TAGS),
    remove_unit=extend_schema(
        summary="移出结对单位",
        description="结对至少保留一个单位;已有成效记录的单位不能移出。",
        request=PairUnitInput,
        responses=VillagePairSerializer,
        tags=TAGS,
    ),
)
class VillagePairViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = VillagePair.objects.all()
    serializer_class = VillagePairSerializer
    filterset_class = selectors.PairFilter

    def get_queryset(self) -> Any:
        return selectors.pair_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(VillagePairInput)
        return self.written(lambda: services.pair_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        pair = self.get_object()
        data = self.parse(PairEndInput)
        return self.written(lambda: services.pair_end(actor=request.user, pair=pair, **data), pk=pair.pk)

    @action(detail=True, methods=["post"], url_path="add-unit")
    def add_unit(self, request: Request, pk: Any = None) -> Response:
        pair = self.get_object()
        data = self.parse(PairUnitInput)
        return self.written(
            lambda: services.pair_add_unit(actor=request.user, pair=pair, unit=data["unit"]), pk=pair.pk
        )

    @action(detail=True, methods=["post"], url_path="remove-unit")
    def remove_unit(self, request: Request, pk: Any = None) -> Response:
        pair = self.get_object()
        data = self.parse(PairUnitInput)
        member = PairUnit.objects.filter(pair=pair, unit=data["unit"]).first()
        if member is None:
            raise ValidationError({"unit": ["该单位不在此结对中"]})
        return self.written(lambda: services.pair_remove_unit(actor=request.user, member=member), pk=pair.pk)


@extend_schema_view(
    list=extend_schema(summary="结对共建活动列表", description="“四项制度”的活动记录。", tags=TAGS),
    retrieve=extend_schema(summary="结对共建活动详情", tags=TAGS),
    create=extend_schema(
        summary="登记结对共建活动",
        description="日期应在结对期间内且不晚于今天。",
        request=PairActivityInput,
        responses={201: PairActivitySerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(
        summary="删除结对共建活动", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
)
class PairActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = PairActivity.objects.order_by("-held_on", "-id")
    serializer_class = PairActivitySerializer
    filterset_class = selectors.ActivityFilter

    def create(self, request: Request) -> Response:
        data = self.parse(PairActivityInput)
        return self.written(lambda: services.activity_record(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.activity_delete(actor=request.user, activity=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="“五个一”事项列表", description="已登记的事项(未登记的即未完成)。", tags=TAGS),
    retrieve=extend_schema(summary="“五个一”事项详情", tags=TAGS),
    create=extend_schema(
        summary="登记“五个一”事项完成",
        description="同一结对同一年度的同一事项再次登记即更正日期和佐证材料;完成日期应在该年度内。",
        request=PairChecklistInput,
        responses={201: PairChecklistItemSerializer},
        tags=TAGS,
    ),
    undo=extend_schema(summary="撤销“五个一”事项", request=None, responses=PairChecklistItemSerializer, tags=TAGS),
)
class PairChecklistViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = PairChecklistItem.objects.order_by("-year", "pair_id", "item")
    serializer_class = PairChecklistItemSerializer
    filterset_class = selectors.ChecklistFilter

    def create(self, request: Request) -> Response:
        data = self.parse(PairChecklistInput)
        return self.written(lambda: services.checklist_mark(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        return self.written(lambda: services.checklist_unmark(actor=request.user, item=item), pk=item.pk)


@extend_schema_view(
    list=extend_schema(summary="帮扶成效台账", description="每条成效:日期、类别、数量和计量单位。", tags=TAGS),
    retrieve=extend_schema(summary="帮扶成效详情", tags=TAGS),
    create=extend_schema(
        summary="登记帮扶成效",
        description="计量单位随类别(资金为元、困难为个、实事为件、植树为棵、绿化为亩、硬化道路为平方米);其他类须填写名称和单位。",
        request=PairOutputInput,
        responses={201: PairOutputSerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(summary="删除帮扶成效", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS),
)
class PairOutputViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = PairOutput.objects.select_related("unit").order_by("-occurred_on", "-id")
    serializer_class = PairOutputSerializer
    filterset_class = selectors.OutputFilter

    def create(self, request: Request) -> Response:
        data = self.parse(PairOutputInput)
        return self.written(lambda: services.output_record(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.output_delete(actor=request.user, output=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


def _day(request: Request, name: str) -> dt.date | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: ["日期格式应为年-月-日"]}) from None


class PairingFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="结对共建统计",
        description=(
            "某党组织(默认本组织)范围内某期间的结对村和结对单位(不重复计数)、一对一和多对一、各类活动次数、"
            "帮扶成效合计及成效表述(如“帮扶资金80.5万元,解决实际困难42个”),以及期间末年度的“五个一”完成情况。"
        ),
        parameters=[
            OpenApiParameter("year", int, required=False, description="年度(默认今年)"),
            OpenApiParameter("since", dt.date, required=False, description="期间自(默认年初)"),
            OpenApiParameter("until", dt.date, required=False, description="期间至(默认年末)"),
            OpenApiParameter("root", str, required=False, description="统计范围的党组织代码(默认本组织)"),
        ],
        responses=PairingFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("year", "").strip()
        if raw and not (raw.isdigit() and 2000 <= int(raw) <= 2099):
            raise ValidationError({"year": [f"年度“{raw}”无效,应为2000至2099之间的年份"]})
        since, until = _day(request, "since"), _day(request, "until")
        year = int(raw) if raw else (since or until or clock.today()).year
        if since and until and (problem := rules.pairing_period_problem(since, until)):
            raise ValidationError({"until": [problem]})
        code = request.query_params.get("root", "").strip()
        org: Org | None = org_by_code(request.user, code) if code else home_org(request.user)
        if code and org is None:
            raise ValidationError({"root": [f"组织代码“{code}”不存在或不在您的管理范围内"]})
        found = selectors.figures(request.user, year=year, since=since, until=until, org=org)
        payload = {
            "org": org,
            "since": found.since,
            "until": found.until,
            "villages": found.villages,
            "paired_villages": found.paired_villages,
            "paired_text": found.paired_text,
            "paired_units": found.paired_units,
            "pairs": found.pairs,
            "one_to_one": found.one_to_one,
            "many_to_one": found.many_to_one,
            "activities": found.activities,
            "totals": [
                {
                    "kind": t.kind,
                    "label": t.label,
                    "unit": t.unit,
                    "quantity": t.quantity,
                    "rows": t.rows,
                    "text": t.text,
                }
                for t in found.totals
            ],
            "sentence": found.sentence,
            "five_one_year": found.five_one_year,
            "five_one_pairs": found.five_one_pairs,
            "five_one_done": found.five_one_done,
            "five_one_complete": found.five_one_complete,
        }
        return Response(PairingFiguresSerializer(payload).data)


router = SimpleRouter()
router.register("pairing/units", PairingUnitViewSet, basename="api-pairing-unit")
router.register("pairing/pairs", VillagePairViewSet, basename="api-pairing-pair")
router.register("pairing/activities", PairActivityViewSet, basename="api-pairing-activity")
router.register("pairing/checklist", PairChecklistViewSet, basename="api-pairing-checklist")
router.register("pairing/outputs", PairOutputViewSet, basename="api-pairing-output")
urlpatterns = [path("pairing/figures/", PairingFiguresView.as_view(), name="api-pairing-figures"), *router.urls]
