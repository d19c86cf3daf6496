"""API of 示范点/示范带: points (named by the level above), belts with their points in order, tours and on-site
meetings, and the offline map's data."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
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

from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.scoping import scoped
from dangjian.villages.choices import ShowcaseLevel, ShowcaseStatus, ShowcaseTheme, VisitKind
from dangjian.villages.models import ShowcaseBelt, ShowcasePoint, ShowcaseVisit
from dangjian.villages.selectors import showcase as selectors
from dangjian.villages.services import showcase as services

TAGS = ["村级治理-示范点带"]


# --- output -------------------------------------------------------------------------------------------------


class ShowcaseBeltRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ShowcaseBelt
        fields = ["id", "name"]
        read_only_fields = fields


class ShowcasePointSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在组织")
    belt = ShowcaseBeltRefSerializer(read_only=True, allow_null=True, label="所属示范带")
    theme_display = serializers.CharField(source="get_theme_display", read_only=True, label="示范主题(中文)")
    level_display = serializers.CharField(source="get_level_display", read_only=True, label="级别(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    visit_count = serializers.IntegerField(read_only=True, label="观摩及现场会次数")
    visitor_count = serializers.IntegerField(read_only=True, allow_null=True, label="参加人次")

    class Meta:
        model = ShowcasePoint
        fields = [
            "id",
            "org",
            "name",
            "theme",
            "theme_display",
            "level",
            "level_display",
            "year",
            "status",
            "status_display",
            "description",
            "longitude",
            "latitude",
            "belt",
            "belt_order",
            "visit_count",
            "visitor_count",
        ]
        read_only_fields = fields


class ShowcasePointRefSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在组织")

    class Meta:
        model = ShowcasePoint
        fields = ["id", "name", "org", "belt_order", "longitude", "latitude"]
        read_only_fields = fields


class ShowcaseBeltSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="打造单位")
    points = serializers.SerializerMethodField(label="沿线示范点(按顺序)")

    class Meta:
        model = ShowcaseBelt
        fields = ["id", "org", "name", "description", "points"]
        read_only_fields = fields

    @extend_schema_field(ShowcasePointRefSerializer(many=True))
    def get_points(self, belt: ShowcaseBelt) -> list[dict[str, Any]]:
        rows = belt.points.select_related("org").order_by("belt_order")
        return ShowcasePointRefSerializer(rows, many=True).data


class ShowcaseVisitSerializer(serializers.ModelSerializer):
    point = ShowcasePointRefSerializer(read_only=True, label="示范点")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="形式(中文)")

    class Meta:
        model = ShowcaseVisit
        fields = ["id", "point", "kind", "kind_display", "visited_on", "visitors", "host", "note"]
        read_only_fields = fields


class MapPointSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="示范点编号")
    name = serializers.CharField(label="示范点名称")
    village = serializers.CharField(label="所在组织")
    township = serializers.CharField(label="乡镇(街道)")
    theme = serializers.CharField(label="示范主题")
    level = serializers.CharField(label="级别")
    level_label = serializers.CharField(label="级别(中文)")
    status = serializers.CharField(label="状态(中文)")
    belt = serializers.CharField(label="所属示范带")
    lon = serializers.FloatField(label="经度")
    lat = serializers.FloatField(label="纬度")
    visits = serializers.IntegerField(label="观摩及现场会次数")
    url = serializers.CharField(label="页面地址")


class MapBeltSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="示范带编号")
    name = serializers.CharField(label="示范带名称")
    coords = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField()), label="沿线坐标(按顺序,[经度, 纬度])"
    )


class MapDotSerializer(serializers.Serializer):
    name = serializers.CharField(label="村(社区)")
    lon = serializers.FloatField(label="经度")
    lat = serializers.FloatField(label="纬度")


class MapUnplacedSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="编号")
    name = serializers.CharField(label="名称")
    village = serializers.CharField(required=False, label="所在组织")


class MapLevelSerializer(serializers.Serializer):
    value = serializers.CharField(label="级别")
    label = serializers.CharField(label="级别(中文)")


class MapBoundsSerializer(serializers.Serializer):
    min_lon = serializers.FloatField(label="最小经度")
    max_lon = serializers.FloatField(label="最大经度")
    min_lat = serializers.FloatField(label="最小纬度")
    max_lat = serializers.FloatField(label="最大纬度")


class ShowcaseMapSerializer(serializers.Serializer):
    levels = MapLevelSerializer(many=True, label="级别")
    points = MapPointSerializer(many=True, label="已标注坐标的示范点")
    belts = MapBeltSerializer(many=True, label="示范带")
    villages = MapDotSerializer(many=True, label="已标注坐标的村(社区)")
    unplaced_points = MapUnplacedSerializer(many=True, label="未标注坐标的示范点")
    unplaced_villages = MapUnplacedSerializer(many=True, label="未标注坐标的村(至多200个)")
    unplaced_village_count = serializers.IntegerField(label="未标注坐标的村数")
    bounds = MapBoundsSerializer(allow_null=True, label="坐标轴范围(经纬度跨度相等)")


# --- input --------------------------------------------------------------------------------------------------


class _PointFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="示范点名称")
    theme = serializers.ChoiceField(choices=ShowcaseTheme.choices, label="示范主题")
    level = serializers.ChoiceField(choices=ShowcaseLevel.choices, required=False, label="级别(默认县级)")
    year = serializers.IntegerField(min_value=1900, max_value=2099, label="命名年度")
    status = serializers.ChoiceField(choices=ShowcaseStatus.choices, required=False, label="状态(默认培育中)")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="主要做法和成效")
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, label="经度")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, label="纬度")


@extend_schema_serializer(description="设立示范点")
class ShowcasePointInput(_PointFields):
    org = ScopedOrgCodeField(label="所在组织代码")


@extend_schema_serializer(description="修改示范点:只提交要修改的项目")
class ShowcasePointUpdateInput(_PointFields):
    pass


class ScopedPointsField(serializers.ListField):
    """Points given by their numbers in order, looked up within the caller's scope."""

    child = serializers.IntegerField()

    def run_validation(self, data: Any = serializers.empty) -> Any:
        ids = super().run_validation(data)
        found = {p.pk: p for p in scoped(ShowcasePoint, self.context["request"].user).filter(pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(f"编号为{'、'.join(missing)}的示范点不存在")
        return [found[pk] for pk in ids]


class _BeltFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="示范带名称")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="简介")


@extend_schema_serializer(description="打造示范带")
class ShowcaseBeltInput(_BeltFields):
    org = ScopedOrgCodeField(label="打造单位代码(县或乡镇)")
    points = ScopedPointsField(required=False, label="沿线示范点编号(按顺序)")


@extend_schema_serializer(description="修改示范带:只提交要修改的项目")
class ShowcaseBeltUpdateInput(_BeltFields):
    pass


@extend_schema_serializer(description="调整示范带沿线示范点及顺序")
class ShowcaseBeltPointsInput(ChineseInputMixin, serializers.Serializer):
    points = ScopedPointsField(label="沿线示范点编号(按顺序,至少2个)")


@extend_schema_serializer(description="登记观摩或现场会")
class ShowcaseVisitInput(ChineseInputMixin, serializers.Serializer):
    point = serializers.IntegerField(label="示范点编号")
    kind = serializers.ChoiceField(choices=VisitKind.choices, required=False, label="形式(默认观摩)")
    visited_on = DateInput(label="日期")
    visitors = serializers.IntegerField(min_value=1, label="参加人数")
    host = serializers.CharField(max_length=100, label="组织单位")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="示范点列表",
        description="管理范围内的示范点及观摩次数;可按乡镇、组织、级别、主题、状态、示范带、是否标注坐标筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="示范点详情", tags=TAGS),
    create=extend_schema(
        summary="设立示范点",
        description="由乡镇或县级管理人员为下级组织设立(不能为本组织设立);坐标应在我国境内(东经73°至136°,北纬3°至54°)。",
        request=ShowcasePointInput,
        responses={201: ShowcasePointSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改示范点",
        description="状态改为已撤销时,该示范点退出所属示范带。",
        request=ShowcasePointUpdateInput,
        responses=ShowcasePointSerializer,
        tags=TAGS,
    ),
)
class PointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ShowcasePoint.objects.all()
    serializer_class = ShowcasePointSerializer
    filterset_class = selectors.PointFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.point_list(self.request.user, {}, self.request)[1]

    def create(self, request: Request) -> Response:
        data = self.parse(ShowcasePointInput)
        return self.written(lambda: services.point_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        point = self.get_object()
        changes = self.parse(ShowcasePointUpdateInput, partial=True)
        if not changes:
            return self.answer(point.pk)
        return self.written(lambda: services.point_update(actor=request.user, point=point, **changes), pk=point.pk)


class PublishedViewSet(ScopedViewSet):
    """Belts built in the caller's subtree and by the orgs above; any other answers 404."""

    def get_queryset(self) -> Any:
        return selectors.belts_visible(self.request.user).select_related("org").order_by("org_path", "name", "id")

    def get_object(self) -> Any:
        return selectors.belt_detail(self.request.user, self.kwargs["pk"])


@extend_schema_view(
    list=extend_schema(
        summary="示范带列表", description="本组织及下级打造的示范带,以及上级打造的示范带,含沿线示范点。", tags=TAGS
    ),
    retrieve=extend_schema(summary="示范带详情", tags=TAGS),
    create=extend_schema(
        summary="打造示范带",
        description="由县或乡镇打造;沿线示范点按顺序提交,至少2个,一个示范点只能属于一条示范带。",
        request=ShowcaseBeltInput,
        responses={201: ShowcaseBeltSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改示范带", request=ShowcaseBeltUpdateInput, responses=ShowcaseBeltSerializer, tags=TAGS
    ),
    points=extend_schema(
        summary="调整沿线示范点及顺序",
        description="按顺序提交全部沿线示范点;未列入的示范点退出该示范带。",
        request=ShowcaseBeltPointsInput,
        responses=ShowcaseBeltSerializer,
        tags=TAGS,
    ),
    destroy=extend_schema(
        summary="删除示范带",
        description="沿线示范点保留,不再属于任何示范带。",
        responses={204: OpenApiResponse(description="已删除")},
        tags=TAGS,
    ),
)
class BeltViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    PublishedViewSet,
):
    queryset = ShowcaseBelt.objects.all()
    serializer_class = ShowcaseBeltSerializer
    filterset_class = selectors.BeltFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(ShowcaseBeltInput)
        return self.written(lambda: services.belt_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        belt = self.get_object()
        changes = self.parse(ShowcaseBeltUpdateInput, partial=True)
        if not changes:
            return self.answer(belt.pk)
        return self.written(lambda: services.belt_update(actor=request.user, belt=belt, **changes), pk=belt.pk)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.belt_delete(actor=request.user, belt=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def points(self, request: Request, pk: Any = None) -> Response:
        belt = self.get_object()
        data = self.parse(ShowcaseBeltPointsInput)
        return self.written(
            lambda: services.belt_set_points(actor=request.user, belt=belt, points=data["points"]), pk=belt.pk
        )


@extend_schema_view(
    list=extend_schema(
        summary="观摩及现场会列表",
        description="管理范围内示范点的观摩和现场会记录,可按示范点、形式、日期筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="观摩及现场会详情", tags=TAGS),
    create=extend_schema(
        summary="登记观摩或现场会",
        description="由示范点所在组织或其上级登记;日期不能晚于今天,参加人数至少1人。",
        request=ShowcaseVisitInput,
        responses={201: ShowcaseVisitSerializer},
        tags=TAGS,
    ),
)
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ShowcaseVisit.objects.select_related("point__org").order_by("-visited_on", "-id")
    serializer_class = ShowcaseVisitSerializer
    filterset_class = selectors.VisitFilter
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(ShowcaseVisitInput)
        point = scoped(ShowcasePoint, request.user).filter(pk=data.pop("point")).first()
        if point is None:
            raise ValidationError({"point": ["示范点不存在"]})
        with transaction.atomic():
            visit = services.visit_create(actor=request.user, point=point, **data)
            return self.answer(visit.pk, created=True)


class MapDataView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="示范点地图数据",
        description=(
            "管理范围内已标注坐标的示范点(可按列表的条件筛选)、按顺序连成折线的示范带、已标注坐标的村(社区),"
            "以及未标注坐标的示范点和村;坐标轴经纬度跨度相等。"
        ),
        responses=ShowcaseMapSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        filterset, _ = selectors.point_list(request.user, request.query_params, request)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return Response(ShowcaseMapSerializer(selectors.map_data(request.user, request.query_params, request)).data)


router = SimpleRouter()
router.register("showcase/points", PointViewSet, basename="api-showcase-point")
router.register("showcase/belts", BeltViewSet, basename="api-showcase-belt")
router.register("showcase/visits", VisitViewSet, basename="api-showcase-visit")
urlpatterns = [path("showcase/map/", MapDataView.as_view(), name="api-showcase-map"), *router.urls]
