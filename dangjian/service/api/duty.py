"""API of 值班坐班: roster entries (one by one, or a rota filling a period), sign-ins (签到 / 签退, 代签 by a manager),
and the days nobody was on duty."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedPersonField
from dangjian.service import rules
from dangjian.service.api.centres import ScopedCentreField
from dangjian.service.choices import DutyKind, DutySlot
from dangjian.service.models import DutyEntry, DutySign, ServiceCentre
from dangjian.service.selectors import duty as selectors
from dangjian.service.services import duty as services

TAGS = ["服务与公开-坐班值班"]


# --- output -------------------------------------------------------------------------------------------------


class DutySignSerializer(serializers.ModelSerializer):
    entry = serializers.PrimaryKeyRelatedField(read_only=True, label="值班安排编号")

    class Meta:
        model = DutySign
        fields = ["id", "entry", "signed_in_at", "signed_out_at", "late", "by_proxy", "note"]
        read_only_fields = fields


class DutyEntrySerializer(serializers.ModelSerializer):
    centre = serializers.PrimaryKeyRelatedField(read_only=True, label="服务中心编号")
    person = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True, label="党员编号")
    kind = serializers.ChoiceField(choices=DutyKind.choices, read_only=True, label="类别")
    slot = serializers.ChoiceField(choices=DutySlot.choices, read_only=True, label="时段")
    sign = serializers.SerializerMethodField(label="签到")

    class Meta:
        model = DutyEntry
        fields = ["id", "centre", "date", "kind", "slot", "person", "name", "post", "phone", "note", "sign"]
        read_only_fields = fields

    def get_sign(self, entry: DutyEntry) -> dict[str, Any] | None:
        try:
            sign = entry.sign
        except DutySign.DoesNotExist:
            return None
        return DutySignSerializer(sign).data


class UncoveredSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="centre.pk", label="服务中心编号")
    centre = serializers.IntegerField(source="centre.pk", label="服务中心编号")
    name = serializers.CharField(source="centre.name", label="服务中心")
    uncovered = serializers.ListField(child=serializers.DateField(), label="无人值班日期")
    missed = serializers.ListField(child=serializers.DateField(), label="缺岗日期(无人签到)")


# --- input --------------------------------------------------------------------------------------------------


class DutyEntryInput(ChineseInputMixin, serializers.Serializer):
    centre = ScopedCentreField(label="服务中心编号")
    date = DateInput(label="日期")
    kind = serializers.ChoiceField(choices=DutyKind.choices, required=False, default=DutyKind.DUTY, label="类别")
    slot = serializers.ChoiceField(choices=DutySlot.choices, required=False, default=DutySlot.FULL_DAY, label="时段")
    person = ScopedPersonField(required=False, allow_null=True, label="党员编号(可选)")
    name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="姓名(关联党员时可不填)")
    post = serializers.CharField(required=False, allow_blank=True, max_length=100, label="职务")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="值班电话(固定电话)")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


class CadreInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, label="姓名")
    post = serializers.CharField(required=False, allow_blank=True, max_length=100, label="职务")


class RotaInput(ChineseInputMixin, serializers.Serializer):
    centre = ScopedCentreField(label="服务中心编号")
    first = DateInput(label="开始日期")
    last = DateInput(label="结束日期")
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6), label="值班星期(0=周一 … 6=周日)"
    )
    cadres = CadreInput(many=True, label="值班干部(按顺序轮流)")
    kind = serializers.ChoiceField(choices=DutyKind.choices, required=False, default=DutyKind.SIT, label="类别")
    slot = serializers.ChoiceField(choices=DutySlot.choices, required=False, default=DutySlot.FULL_DAY, label="时段")


class RotaResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(label="新增值班安排数(已有安排的日期跳过)")


class DutySignInInput(ChineseInputMixin, serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="说明")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="值班安排列表",
        parameters=[
            OpenApiParameter("centre", int, required=False, description="服务中心编号"),
            OpenApiParameter("first", str, required=False, description="起始日期(YYYY-MM-DD)"),
            OpenApiParameter("last", str, required=False, description="截止日期(YYYY-MM-DD)"),
        ],
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="值班安排详情", tags=TAGS),
    create=extend_schema(summary="安排值班", request=DutyEntryInput, responses={201: DutyEntrySerializer}, tags=TAGS),
    destroy=extend_schema(
        summary="删除值班安排(未签到的)", responses={204: OpenApiResponse(description="已删除")}, tags=TAGS
    ),
    rota=extend_schema(
        summary="按周轮值排班",
        description="在起止日期内按所选星期由值班干部轮流值班;该时段已有安排的日期跳过。",
        request=RotaInput,
        responses={201: RotaResultSerializer},
        tags=TAGS,
    ),
    sign_in=extend_schema(
        summary="签到",
        description="值班干部本人当天签到,或管理人员代签(标记代签);每条安排只能签到一次。",
        request=DutySignInInput,
        responses={201: DutySignSerializer},
        tags=TAGS,
    ),
    sign_out=extend_schema(
        summary="签退",
        description="须先签到,签退时间不早于签到时间。",
        request=None,
        responses=DutySignSerializer,
        tags=TAGS,
    ),
)
class DutyEntryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    queryset = DutyEntry.objects.select_related("sign").order_by("-date", "slot", "id")
    serializer_class = DutyEntrySerializer

    def get_queryset(self) -> Any:
        qs = super().get_queryset()
        params = self.request.query_params
        centre = params.get("centre", "").strip()
        if centre:
            qs = qs.filter(centre_id=int(centre)) if centre.isdigit() else qs.none()
        for name, lookup in (("first", "date__gte"), ("last", "date__lte")):
            raw = params.get(name, "").strip()
            if raw:
                try:
                    qs = qs.filter(**{lookup: dt.date.fromisoformat(raw)})
                except ValueError:
                    raise ValidationError({name: ["日期格式应为YYYY-MM-DD"]}) from None
        return qs

    def create(self, request: Request) -> Response:
        data = self.parse(DutyEntryInput)
        return self.written(lambda: services.entry_create(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        services.entry_delete(actor=request.user, entry=entry)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=False, methods=["post"])
    def rota(self, request: Request) -> Response:
        data = self.parse(RotaInput)
        data["weekdays"] = set(data["weekdays"])
        data["cadres"] = [dict(c) for c in data["cadres"]]
        with transaction.atomic():
            added = services.rota_fill(actor=request.user, **data)
        return Response({"added": added}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="sign-in")
    def sign_in(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        data = self.parse(DutySignInInput)
        with transaction.atomic():
            sign = services.sign_in(actor=request.user, entry=entry, note=data.get("note", ""))
            return Response(DutySignSerializer(sign).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="sign-out")
    def sign_out(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        sign = DutySign.objects.filter(entry=entry).first()
        if sign is None:
            raise ValidationError({"entry": ["尚未签到,不能签退"]})
        with transaction.atomic():
            sign = services.sign_out(actor=request.user, sign=sign)
            return Response(DutySignSerializer(sign).data)


@extend_schema_view(
    list=extend_schema(summary="值班签到列表", tags=TAGS), retrieve=extend_schema(summary="签到详情", tags=TAGS)
)
class DutySignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = DutySign.objects.order_by("-signed_in_at", "id")
    serializer_class = DutySignSerializer


class UncoveredView(ApiViewMixin, ListAPIView):
    """A page of the centres with their uncovered and missed days (a list, as every list of the API is)."""

    api_error_codes = (400, 401, 404)  # 404: a page past the last
    serializer_class = UncoveredSerializer
    queryset = ServiceCentre.objects.none()  # what a row is about (the rows themselves come from get_queryset)

    @extend_schema(
        summary="无人值班",
        description="起止日期内(最长93天)各服务中心无人安排值班的日期(周末是否需要值班按县(区)设置)和缺岗日期。",
        parameters=[
            OpenApiParameter("first", str, required=False, description="起始日期(默认本月1日)"),
            OpenApiParameter("last", str, required=False, description="截止日期(默认本月末)"),
            OpenApiParameter("org", str, required=False, description="党组织代码(含全部下级)"),
        ],
        tags=TAGS,
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        request = self.request
        today = clock.today()
        month_first, month_last = rules.month_bounds(today)
        try:
            first = dt.date.fromisoformat(request.query_params.get("first") or month_first.isoformat())
            last = dt.date.fromisoformat(request.query_params.get("last") or month_last.isoformat())
        except ValueError:
            raise ValidationError({"first": ["日期格式应为YYYY-MM-DD"]}) from None
        if last < first or (last - first).days > 92:
            raise ValidationError({"last": ["截止日期应不早于起始日期,且最长93天"]})
        _, rows = selectors.uncovered_list(request.user, request.query_params, first, last, today)
        return rows


router = SimpleRouter()
router.register("duty/entries", DutyEntryViewSet, basename="api-service-duty-entry")
router.register("duty/signs", DutySignViewSet, basename="api-service-duty-sign")
urlpatterns = [
    path("duty/uncovered/", UncoveredView.as_view(), name="api-service-duty-uncovered"),
    *router.urls,
]
