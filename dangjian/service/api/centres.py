"""API of 党群服务中心: centres, their function rooms and building works, the county's standard items, compliance
checks, and the figures (清零, works, compliance)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ModelInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.scoping import scoped
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_county, home_org
from dangjian.orglife.selectors.volunteers import visible_get
from dangjian.service.choices import CentreLevel, CentreStatus, RoomKind, WorksKind, WorksStatus
from dangjian.service.models import (
    CentreCheck,
    CentreCheckItem,
    CentreRoom,
    CentreStandardItem,
    CentreWorks,
    ServiceCentre,
)
from dangjian.service.permissions import can_set_county_rules
from dangjian.service.selectors import centres as selectors
from dangjian.service.services import centres as services

TAGS = ["服务与公开-党群服务中心"]
DELETED = {204: OpenApiResponse(description="已删除")}


# --- output -------------------------------------------------------------------------------------------------


class CentreSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所属党组织")
    level = serializers.ChoiceField(choices=CentreLevel.choices, read_only=True, label="层级")
    status = serializers.ChoiceField(choices=CentreStatus.choices, read_only=True, label="阵地状态")
    level_display = serializers.CharField(source="get_level_display", read_only=True, label="层级(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="阵地状态(中文)")

    class Meta:
        model = ServiceCentre
        fields = [
            "id",
            "org",
            "level",
            "level_display",
            "name",
            "is_main",
            "address",
            "building_area",
            "square_area",
            "opened_on",
            "duty_phone",
            "hours",
            "status",
            "status_display",
            "note",
        ]
        read_only_fields = fields


class RoomSerializer(serializers.ModelSerializer):
    centre = serializers.PrimaryKeyRelatedField(read_only=True, label="服务中心编号")
    kind = serializers.ChoiceField(choices=RoomKind.choices, read_only=True, label="功能室")
    label = serializers.CharField(read_only=True, label="名称(中文)")

    class Meta:
        model = CentreRoom
        fields = ["id", "centre", "kind", "name", "label", "area"]
        read_only_fields = fields


class WorksSerializer(serializers.ModelSerializer):
    centre = serializers.PrimaryKeyRelatedField(read_only=True, label="服务中心编号")
    kind = serializers.ChoiceField(choices=WorksKind.choices, read_only=True, label="建设类别")
    status = serializers.ChoiceField(choices=WorksStatus.choices, read_only=True, label="进度")

    class Meta:
        model = CentreWorks
        fields = [
            "id",
            "centre",
            "year",
            "kind",
            "planned_funds",
            "actual_funds",
            "started_on",
            "completed_on",
            "status",
            "note",
        ]
        read_only_fields = fields


class StandardItemSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="制定单位")
    room_kind = serializers.ChoiceField(choices=RoomKind.choices, allow_blank=True, read_only=True, label="要求功能室")

    class Meta:
        model = CentreStandardItem
        fields = ["id", "org", "position", "text", "room_kind", "min_area", "required", "is_active"]
        read_only_fields = fields


class CheckItemSerializer(serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(read_only=True, label="标准项编号")
    text = serializers.CharField(source="item.text", read_only=True, label="标准内容")

    class Meta:
        model = CentreCheckItem
        fields = ["item", "text", "met", "auto", "note"]
        read_only_fields = fields


class CheckSerializer(serializers.ModelSerializer):
    centre = serializers.PrimaryKeyRelatedField(read_only=True, label="服务中心编号")
    items = CheckItemSerializer(many=True, read_only=True, label="检查项")

    class Meta:
        model = CentreCheck
        fields = [
            "id",
            "centre",
            "year",
            "checked_on",
            "checker",
            "items_met",
            "items_total",
            "passed",
            "note",
            "items",
        ]
        read_only_fields = fields


class ClearanceSerializer(serializers.Serializer):
    kind = serializers.CharField(label="类别(village 行政村 / community 社区)")
    total = serializers.IntegerField(label="总数")
    in_use = serializers.IntegerField(label="建成并投入使用")
    upgrading = serializers.IntegerField(label="正在升级改造")
    improving = serializers.IntegerField(label="正在完善提升")
    none = serializers.IntegerField(label="尚无活动场所")
    sentence = serializers.CharField(label="表述")


class CentreFiguresSerializer(serializers.Serializer):
    org = OrgRefSerializer(label="统计的党组织")
    year = serializers.IntegerField(label="检查年度")
    centres = serializers.IntegerField(label="服务中心数(已建成)")
    checked = serializers.IntegerField(label="已检查")
    passed = serializers.IntegerField(label="达标")
    compliance = serializers.CharField(label="达标率(达标/中心数)")
    works_first = DateInput(label="竣工起始日期")
    works_last = DateInput(label="竣工截止日期")
    works_new = serializers.IntegerField(label="新建")
    works_expand = serializers.IntegerField(label="改扩建")
    works_repair = serializers.IntegerField(label="维修")
    works_funds = serializers.DecimalField(max_digits=16, decimal_places=2, label="实际投入(元)")
    works_sentence = serializers.CharField(label="建设表述")
    clearance = ClearanceSerializer(many=True, label="活动场所“清零”")


# --- input --------------------------------------------------------------------------------------------------


class CentreInput(ModelInput):
    """新建服务中心:所属党组织及中心信息。"""

    org = ScopedOrgCodeField(label="所属党组织代码")

    class Meta:
        model = ServiceCentre
        fields = ["org", *services.CENTRE_FIELDS]


class CentreUpdateInput(ModelInput):
    """修改服务中心信息(只传要改的字段)。"""

    class Meta:
        model = ServiceCentre
        fields = list(services.CENTRE_FIELDS)


class ScopedCentreField(serializers.IntegerField):
    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        found = scoped(ServiceCentre, self.context["request"].user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError(f"编号为{pk}的服务中心不存在")
        return found


class RoomInput(ModelInput):
    """服务中心的功能室。"""

    centre = ScopedCentreField(label="服务中心编号")

    class Meta:
        model = CentreRoom
        fields = ["centre", "kind", "name", "area"]


class WorksInput(ModelInput):
    """服务中心某年度的新建、改扩建或维修工程。"""

    centre = ScopedCentreField(label="服务中心编号")

    class Meta:
        model = CentreWorks
        fields = ["centre", *services.WORKS_FIELDS]


class WorksUpdateInput(ModelInput):
    """修改建设工程(只传要改的字段)。"""

    class Meta:
        model = CentreWorks
        fields = list(services.WORKS_FIELDS)


class StandardItemInput(ModelInput):
    """县(区)规范化建设标准的一项。"""

    class Meta:
        model = CentreStandardItem
        fields = list(services.ITEM_FIELDS)


class CheckTickInput(ChineseInputMixin, serializers.Serializer):
    item = serializers.IntegerField(label="标准项编号")
    met = serializers.BooleanField(label="达到")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, label="说明")


class CheckInput(ChineseInputMixin, serializers.Serializer):
    centre = ScopedCentreField(label="服务中心编号")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="检查年度")
    checked_on = DateInput(required=False, label="检查日期(默认今天)")
    checker = serializers.CharField(required=False, allow_blank=True, max_length=50, label="检查人")
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, label="检查意见")
    ticks = CheckTickInput(many=True, required=False, label="人工确认的检查项(按台账判定的项自动计算)")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="党群服务中心列表", description="本组织及下级的党群服务中心。", tags=TAGS),
    retrieve=extend_schema(summary="服务中心详情", tags=TAGS),
    create=extend_schema(
        summary="登记服务中心",
        description="层级按所属党组织确定;一个组织只有一个主阵地;值班电话须为固定电话。",
        request=CentreInput,
        responses={201: CentreSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改服务中心", request=CentreUpdateInput, responses=CentreSerializer, tags=TAGS
    ),
    destroy=extend_schema(summary="删除服务中心", responses=DELETED, tags=TAGS),
)
class CentreViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = ServiceCentre.objects.select_related("org").order_by("org_path", "-is_main", "id")
    serializer_class = CentreSerializer
    filterset_class = selectors.CentreFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(CentreInput)
        return self.written(lambda: services.centre_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        centre = self.get_object()
        changes = self.parse(CentreUpdateInput, partial=True)
        return self.written(lambda: services.centre_update(actor=request.user, centre=centre, **changes), pk=centre.pk)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        centre = self.get_object()
        services.centre_delete(actor=request.user, centre=centre)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="功能室列表", tags=TAGS),
    retrieve=extend_schema(summary="功能室详情", tags=TAGS),
    create=extend_schema(summary="添加功能室", request=RoomInput, responses={201: RoomSerializer}, tags=TAGS),
    destroy=extend_schema(summary="删除功能室", responses=DELETED, tags=TAGS),
)
class RoomViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = CentreRoom.objects.order_by("centre_id", "kind", "id")
    serializer_class = RoomSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(RoomInput)
        return self.written(lambda: services.room_create(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        room = self.get_object()
        services.room_delete(actor=request.user, room=room)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="阵地建设项目列表", tags=TAGS),
    retrieve=extend_schema(summary="建设项目详情", tags=TAGS),
    create=extend_schema(
        summary="登记建设项目",
        description="每个中心每年一条(新建/改扩建/维修);建成投用须填写竣工日期。",
        request=WorksInput,
        responses={201: WorksSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改建设项目", request=WorksUpdateInput, responses=WorksSerializer, tags=TAGS
    ),
    destroy=extend_schema(summary="删除建设项目", responses=DELETED, tags=TAGS),
)
class WorksViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = CentreWorks.objects.order_by("-year", "id")
    serializer_class = WorksSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(WorksInput)
        return self.written(lambda: services.works_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        works = self.get_object()
        changes = self.parse(WorksUpdateInput, partial=True)
        return self.written(lambda: services.works_update(actor=request.user, works=works, **changes), pk=works.pk)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        works = self.get_object()
        services.works_delete(actor=request.user, works=works)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="规范化建设标准", description="县(区)委组织部制定、发布到全县的标准项。", tags=TAGS),
    retrieve=extend_schema(summary="标准项详情", tags=TAGS),
    create=extend_schema(
        summary="添加标准项", request=StandardItemInput, responses={201: StandardItemSerializer}, tags=TAGS
    ),
    partial_update=extend_schema(
        summary="修改标准项", request=StandardItemInput, responses=StandardItemSerializer, tags=TAGS
    ),
)
class StandardItemViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = CentreStandardItem.objects.all()
    serializer_class = StandardItemSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.standard_visible(self.request.user)

    def get_object(self) -> Any:
        return visible_get(self.get_queryset(), self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return self.get_queryset().get(pk=pk)

    def create(self, request: Request) -> Response:
        data = self.parse(StandardItemInput)
        county = home_county(request.user)
        if county is None or not can_set_county_rules(request.user, county):
            raise PermissionDenied("只有县(区)委组织部可以制定规范化建设标准")
        return self.written(
            lambda: services.standard_item_create(actor=request.user, county=county, **data), created=True
        )

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        changes = self.parse(StandardItemInput, partial=True)
        return self.written(lambda: services.standard_item_update(actor=request.user, item=item, **changes), pk=item.pk)


@extend_schema_view(
    list=extend_schema(summary="规范化检查列表", tags=TAGS),
    retrieve=extend_schema(summary="检查详情", tags=TAGS),
    create=extend_schema(
        summary="记录规范化检查",
        description=(
            "由上级党组织检查;要求功能室或建筑面积的项按台账自动判定,其余按 ticks;同一中心同一年度再次提交即覆盖。"
        ),
        request=CheckInput,
        responses={201: CheckSerializer},
        tags=TAGS,
    ),
)
class CheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = CentreCheck.objects.prefetch_related("items__item").order_by("-year", "id")
    serializer_class = CheckSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(CheckInput)
        ticks = {t["item"]: (t["met"], t.get("note", "")) for t in data.pop("ticks", [])}
        data["checked_on"] = data.get("checked_on") or clock.today()
        with transaction.atomic():
            check = services.check_record(actor=request.user, ticks=ticks, **data)
            return self.answer(check.pk, created=True)


def _year(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return default
    if not (raw.isdigit() and 2000 <= int(raw) <= 2099):
        raise ValidationError({name: [f"年度“{raw}”无效,应为2000至2099之间的年份"]})
    return int(raw)


class CentreFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="党群服务中心统计",
        description=(
            "某党组织(默认本组织,含下级):规范化建设达标数(达标XX个/YY个)、起止年度内竣工的新建/改扩建/维修数"
            "及投入,以及村、社区活动场所“清零”情况(建成并投入使用、正在升级改造、正在完善提升、尚无场所)。"
        ),
        parameters=[
            OpenApiParameter("root", str, required=False, description="党组织代码(默认本组织)"),
            OpenApiParameter("year", int, required=False, description="检查年度(默认今年)"),
            OpenApiParameter("first", int, required=False, description="竣工起始年度(默认截止年度前两年)"),
            OpenApiParameter("last", int, required=False, description="竣工截止年度(默认今年)"),
        ],
        responses=CentreFiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        this_year = clock.today().year
        year = _year(request, "year", this_year)
        last = _year(request, "last", this_year)
        first = _year(request, "first", last - 2)
        if first > last:
            raise ValidationError({"first": ["起始年度不能晚于截止年度"]})
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        if org is None:
            raise ValidationError({"root": ["组织代码不存在或不在您的管理范围内"]})
        compliance = selectors.compliance(request.user, org, year)
        works = selectors.works_figures(request.user, org, dt.date(first, 1, 1), dt.date(last, 12, 31))
        clearance = [selectors.clearance(org, "village"), selectors.clearance(org, "community")]
        data = {
            "org": org,
            "year": year,
            "centres": compliance.centres,
            "checked": compliance.checked,
            "passed": compliance.passed,
            "compliance": compliance.text,
            "works_first": works.first,
            "works_last": works.last,
            "works_new": works.new,
            "works_expand": works.expand,
            "works_repair": works.repair,
            "works_funds": works.funds,
            "works_sentence": works.sentence,
            "clearance": [vars(c) for c in clearance],
        }
        return Response(CentreFiguresSerializer(data).data)


router = SimpleRouter()
router.register("centres/rooms", RoomViewSet, basename="api-service-centre-room")
router.register("centres/works", WorksViewSet, basename="api-service-centre-works")
router.register("centres/standard", StandardItemViewSet, basename="api-service-centre-standard")
router.register("centres/checks", CheckViewSet, basename="api-service-centre-check")
router.register("centres", CentreViewSet, basename="api-service-centre")
urlpatterns = [
    path("centres/figures/", CentreFiguresView.as_view(), name="api-service-centre-figures"),
    *router.urls,
]
