"""API of 党内关爱: hardship records, visits, who is still to be visited this year, and the help given."""

from __future__ import annotations

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
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.models import Person
from dangjian.members.choices import HardshipKind, VisitKind
from dangjian.members.models import CareVisit, Hardship
from dangjian.members.selectors import care as selectors
from dangjian.members.services import care as services

TAGS = ["党内关爱"]


# --- output -------------------------------------------------------------------------------------------------


class HardshipSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="困难类型(中文)")

    class Meta:
        model = Hardship
        fields = ["id", "person", "org", "kind", "kind_display", "since", "until", "description"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="走访类型(中文)")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, label="慰问金(元)")

    class Meta:
        model = CareVisit
        fields = ["id", "person", "org", "kind", "kind_display", "visited_on", "visitors", "amount", "goods", "note"]
        read_only_fields = fields


class DueSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    is_hardship = serializers.BooleanField(read_only=True, label="困难党员")
    is_elderly = serializers.BooleanField(read_only=True, label="80岁以上")
    is_veteran = serializers.BooleanField(read_only=True, label="老党员")
    phone_masked = serializers.CharField(read_only=True, label="联系电话(脱敏)")

    class Meta:
        model = Person
        fields = ["id", "name", "birth_date", "org", "is_hardship", "is_elderly", "is_veteran", "phone_masked"]
        read_only_fields = fields


class TotalsRowSerializer(serializers.Serializer):
    org = OrgRefSerializer(read_only=True, label="党组织")
    visits = serializers.IntegerField(read_only=True, label="走访次数")
    people = serializers.IntegerField(read_only=True, label="走访人数")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, label="慰问金合计(元)")


class TotalsSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年度")
    townships = TotalsRowSerializer(many=True, label="各乡镇(街道)")
    branches = TotalsRowSerializer(many=True, label="各党组织")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="登记困难党员")
class HardshipInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    kind = serializers.ChoiceField(choices=HardshipKind.choices, label="困难类型")
    since = DateInput(label="起始日期")
    until = DateInput(required=False, allow_null=True, label="解除日期")
    description = serializers.CharField(required=False, allow_blank=True, max_length=200, label="困难情况")


@extend_schema_serializer(description="困难情况解除")
class HardshipEndInput(ChineseInputMixin, serializers.Serializer):
    until = DateInput(label="解除日期")


class _VisitFields(ChineseInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=VisitKind.choices, label="走访类型")
    visited_on = DateInput(label="走访日期")
    visitors = serializers.CharField(max_length=100, label="走访人")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, label="慰问金(元,精确到分)"
    )
    goods = serializers.CharField(required=False, allow_blank=True, max_length=200, label="慰问物品")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="登记走访(困难帮扶、生病探望、节日慰问…)")
class VisitInput(_VisitFields):
    person = ScopedPersonField(label="党员编号")


@extend_schema_serializer(description="修改走访记录:只提交要修改的项目")
class VisitUpdateInput(_VisitFields):
    pass


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="困难党员登记列表",
        description="困难党员的困难类型和起止日期;current=true 只列目前仍困难的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="困难情况详情", tags=TAGS),
    create=extend_schema(
        summary="登记困难党员",
        description="登记后党员名册上的“困难党员”标记随之更新。",
        request=HardshipInput,
        responses={201: HardshipSerializer},
        tags=TAGS,
    ),
    end=extend_schema(
        summary="困难情况解除",
        description="填写解除日期,记录保留;党员名册上的“困难党员”标记随之更新。",
        request=HardshipEndInput,
        responses=HardshipSerializer,
        tags=TAGS,
    ),
)
class HardshipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Hardship.objects.select_related("person__org").order_by("org_path", "-since", "id")
    serializer_class = HardshipSerializer
    filterset_class = selectors.HardshipFilter

    def create(self, request: Request) -> Response:
        data = self.parse(HardshipInput)
        return self.written(lambda: services.hardship_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        hardship = self.get_object()
        data = self.parse(HardshipEndInput)
        return self.written(
            lambda: services.hardship_end(actor=request.user, hardship=hardship, until=data["until"]), pk=hardship.pk
        )


@extend_schema_view(
    list=extend_schema(
        summary="走访记录列表",
        description="困难帮扶、生病探望、节日慰问等走访,含走访人、慰问金和物品。可按党组织、党员、类型、年度筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="走访记录详情", tags=TAGS),
    create=extend_schema(
        summary="登记走访",
        description="慰问金以元为单位,精确到分,不能为负数;走访日期不能晚于今天。",
        request=VisitInput,
        responses={201: VisitSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改走访记录", request=VisitUpdateInput, responses=VisitSerializer, tags=TAGS
    ),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已删除")},
        summary="删除走访记录",
        description="删除误登记的走访;删除前的内容保留在工作轨迹中。",
        tags=TAGS,
    ),
)
class VisitViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = CareVisit.objects.select_related("person__org").order_by("-visited_on", "-id")
    serializer_class = VisitSerializer
    filterset_class = selectors.VisitFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(VisitInput)
        return self.written(lambda: services.care_visit_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        visit = self.get_object()
        changes = self.parse(VisitUpdateInput, partial=True)
        if not changes:
            return self.answer(visit.pk)
        return self.written(lambda: services.care_visit_update(actor=request.user, visit=visit, **changes), pk=visit.pk)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.care_visit_delete(actor=request.user, visit=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="本年度未走访的关爱对象",
        description=(
            "困难党员(今天仍困难)、80岁以上党员和老党员中,本年度(1月1日起)还没有走访记录的。"
            "reason 可选 hardship、elderly、veteran。"
        ),
        tags=TAGS,
    ),
)
class DueViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = DueSerializer
    filterset_class = selectors.DueFilter

    def list(self, request: Request) -> Response:
        filterset, people = selectors.not_visited(request.user, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return self.paginated(people)

    def get_queryset(self) -> Any:
        return selectors.not_visited(self.request.user, {})[1]


class CareTotalsView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="帮扶汇总",
        description="一年内各乡镇(街道)和各党组织的走访次数、走访人数和慰问金合计(您管理范围内)。",
        parameters=[OpenApiParameter("year", int, required=False, description="年度(默认今年)")],
        responses=TotalsSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("year", "").strip()
        if raw and not (raw.isdigit() and 2000 <= int(raw) <= 2099):
            raise ValidationError({"year": [f"年度“{raw}”无效,应为2000至2099之间的年份"]})
        year = int(raw) if raw else clock.today().year
        townships, branches = selectors.help_totals(request.user, year)
        return Response(TotalsSerializer({"year": year, "townships": townships, "branches": branches}).data)


router = SimpleRouter()
router.register("care/hardships", HardshipViewSet, basename="api-care-hardship")
router.register("care/visits", VisitViewSet, basename="api-care-visit")
router.register("care/due", DueViewSet, basename="api-care-due")
urlpatterns = [path("care/totals/", CareTotalsView.as_view(), name="api-care-totals"), *router.urls]
