"""API of 集体经济: the per-village figures of a year, the villages' yearly records (development models and plan, with
the year's amounts; writing one enters the income and assets too), and the report of a scope."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Subquery
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org, UnitYearFigure
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.villages.choices import DevelopmentModel
from dangjian.villages.models import VillageEconomy
from dangjian.villages.selectors import economy as selectors
from dangjian.villages.services import economy as services

TAGS = ["村级治理-集体经济"]
MONEY = {"max_digits": 16, "decimal_places": 2}


def _year_param(request: Request) -> int:
    raw = request.query_params.get("year", "").strip()
    if not raw:
        return clock.today().year - 1
    if not (raw.isdigit() and 2000 <= int(raw) <= 2099):
        raise ValidationError({"year": [f"年度“{raw}”无效,应为2000至2099之间的年份"]})
    return int(raw)


YEAR_PARAMETER = OpenApiParameter("year", int, required=False, description="年度(默认上一年)")


# --- output -------------------------------------------------------------------------------------------------


class EconomyVillageSerializer(serializers.ModelSerializer):
    income = serializers.DecimalField(read_only=True, allow_null=True, label="集体经济年收入(元,未填报为空)", **MONEY)
    assets = serializers.DecimalField(read_only=True, allow_null=True, label="集体资产(元)", **MONEY)
    band = serializers.CharField(read_only=True, label="收入档次(hollow 5万以下, 50k, 200k, 10m, 100m, unreported)")
    township_name = serializers.CharField(read_only=True, label="乡镇(街道)")
    model_list = serializers.ListField(child=serializers.CharField(), read_only=True, label="发展模式")

    class Meta:
        model = Org
        fields = ["id", "code", "name", "township_name", "income", "assets", "band", "model_list"]
        read_only_fields = fields


class VillageEconomySerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村党组织")
    models = serializers.SerializerMethodField(label="发展模式")
    income = serializers.DecimalField(read_only=True, allow_null=True, label="集体经济年收入(元)", **MONEY)
    assets = serializers.DecimalField(read_only=True, allow_null=True, label="集体资产(元)", **MONEY)

    class Meta:
        model = VillageEconomy
        fields = ["id", "org", "year", "income", "assets", "models", "note", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_models(self, economy: VillageEconomy) -> list[str]:
        return sorted(m.model for m in economy.models.all())


class ThresholdSerializer(serializers.Serializer):
    label = serializers.CharField(label="标准")
    count = serializers.IntegerField(label="达到标准的村数")
    text = serializers.CharField(label="村数及占全部行政村比例(如 146个,占39.5%)")


class ComparisonSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="对比年度")
    span = serializers.IntegerField(label="相隔年数")
    total = serializers.DecimalField(allow_null=True, label="对比年度总收入(元)", **MONEY)
    growth = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True, label="增长(%)")
    cagr = serializers.DecimalField(max_digits=10, decimal_places=1, allow_null=True, label="年均增长(复合,%)")


class ModelRowSerializer(serializers.Serializer):
    model = serializers.CharField(label="发展模式")
    label = serializers.CharField(label="发展模式(中文)")
    villages = serializers.IntegerField(label="村数")
    total = serializers.DecimalField(allow_null=True, label="集体经济收入合计(元)", **MONEY)


class ChildRowSerializer(serializers.Serializer):
    org = OrgRefSerializer(label="下级组织")
    villages = serializers.IntegerField(label="行政村")
    reported = serializers.IntegerField(label="已填报")
    total = serializers.DecimalField(label="总收入(元)", **MONEY)
    hollow = serializers.IntegerField(label="5万元以下村数")
    reached = serializers.ListField(child=serializers.IntegerField(), label="突破5万、20万、1000万、1亿元的村数")


class EconomyReportSerializer(serializers.Serializer):
    org = OrgRefSerializer(label="统计范围")
    year = serializers.IntegerField(label="年度")
    villages = serializers.IntegerField(label="行政村数")
    reported = serializers.IntegerField(label="已填报村数")
    unreported = serializers.IntegerField(label="未填报村数")
    total = serializers.DecimalField(label="集体经济总收入(元)", **MONEY)
    total_text = serializers.CharField(label="集体经济总收入(万元)")
    average = serializers.DecimalField(allow_null=True, label="村均收入(元,按已填报村)", **MONEY)
    assets_total = serializers.DecimalField(label="集体资产合计(元)", **MONEY)
    hollow = serializers.IntegerField(label="5万元以下村数")
    hollow_share = serializers.CharField(label="5万元以下村数及占比")
    thresholds = ThresholdSerializer(many=True, label="收入达到各标准的村")
    asset_thresholds = ThresholdSerializer(many=True, label="集体资产达到各标准的村")
    comparisons = ComparisonSerializer(many=True, label="与往年对比")
    by_model = ModelRowSerializer(many=True, label="按发展模式")
    rows = ChildRowSerializer(many=True, label="各直属下级组织")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="填报村级集体经济年度情况:收入、资产记入单位年度数据,发展模式与发展思路记入本表")
class VillageEconomyInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村党组织代码")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    income = serializers.DecimalField(max_digits=14, decimal_places=2, label="集体经济年收入(元)")
    assets = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True, label="集体资产(元)"
    )
    models = serializers.ListField(
        child=serializers.ChoiceField(choices=DevelopmentModel.choices), required=False, label="发展模式"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="发展思路")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="各村集体经济",
        description="管理范围内每个行政村该年度的集体经济收入、资产、档次和发展模式(未填报的收入为空)。",
        parameters=[YEAR_PARAMETER],
        tags=TAGS,
    ),
)
class EconomyVillageViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Org.objects.all()
    serializer_class = EconomyVillageSerializer
    filterset_class = None

    def list(self, request: Request) -> Response:
        year = _year_param(request)
        filterset, villages = selectors.village_list(request.user, request.query_params, year)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(villages)
        selectors.decorate(page, year)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _with_amounts(queryset: Any) -> Any:
    figure = UnitYearFigure.objects.filter(unit__org=OuterRef("org"), year=OuterRef("year"))
    return queryset.annotate(
        income=Subquery(figure.values("collective_income")[:1]),
        assets=Subquery(figure.values("collective_assets")[:1]),
    )


@extend_schema_view(
    list=extend_schema(summary="村级集体经济年度记录", description="可按年度、党组织筛选。", tags=TAGS),
    retrieve=extend_schema(summary="村级集体经济年度记录详情", tags=TAGS),
    create=extend_schema(
        summary="填报村级集体经济年度情况",
        description="村党组织书记或上级填报;同一村同一年度再次提交为修改。收入不能为负;发展模式可多选、不能重复。",
        request=VillageEconomyInput,
        responses={201: VillageEconomySerializer},
        tags=TAGS,
    ),
)
class VillageEconomyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = VillageEconomy.objects.select_related("org").prefetch_related("models").order_by("-year", "org_path")
    serializer_class = VillageEconomySerializer
    filterset_class = selectors.VillageEconomyFilter

    def get_queryset(self) -> Any:
        return _with_amounts(super().get_queryset())

    def create(self, request: Request) -> Response:
        data = self.parse(VillageEconomyInput)
        return self.written(
            lambda: services.village_year_save(
                actor=request.user,
                org=data["org"],
                year=data["year"],
                income=data["income"],
                assets=data.get("assets"),
                models=data.get("models", []),
                note=data.get("note", ""),
            ),
            created=True,
        )


class EconomyReportView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 404)

    @extend_schema(
        summary="村级集体经济报表",
        description=(
            "某党组织(默认本组织)下行政村的集体经济:村数、已填报数、总收入、村均、突破5万/20万/1000万/1亿元的村数及"
            "占全部行政村的比例、与上一年及N年前对比(增长与复合年均增长)、按发展模式、各直属下级组织。"
        ),
        parameters=[
            YEAR_PARAMETER,
            OpenApiParameter("root", str, required=False, description="统计范围的党组织代码(默认本组织)"),
            OpenApiParameter("back", int, required=False, description="与几年前对比(1–10,默认2)"),
        ],
        responses=EconomyReportSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        from django.http import Http404

        year = _year_param(request)
        raw_back = request.query_params.get("back", "").strip()
        if raw_back and not (raw_back.isdigit() and 1 <= int(raw_back) <= 10):
            raise ValidationError({"back": ["对比年数应为1至10"]})
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        if org is None:
            raise Http404("组织不存在")
        report = selectors.report(org, year, years_back=int(raw_back or 2))
        payload = {
            "org": org,
            "year": year,
            "villages": report.villages,
            "reported": report.reported,
            "unreported": report.unreported,
            "total": report.total,
            "total_text": report.total_text,
            "average": report.average,
            "assets_total": report.assets_total,
            "hollow": report.hollow,
            "hollow_share": report.hollow_share,
            "thresholds": report.thresholds,
            "asset_thresholds": report.asset_thresholds,
            "comparisons": report.comparisons,
            "by_model": report.by_model,
            "rows": report.rows,
        }
        return Response(EconomyReportSerializer(payload).data)


router = SimpleRouter()
router.register("economy/villages", EconomyVillageViewSet, basename="api-economy-village")
router.register("economy/records", VillageEconomyViewSet, basename="api-economy-record")
urlpatterns = [path("economy/report/", EconomyReportView.as_view(), name="api-economy-report"), *router.urls]
