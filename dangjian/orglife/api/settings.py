"""API of the county's settings of organisational life and its routine requirements."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org
from dangjian.orglife import rules
from dangjian.orglife.choices import Cycle, MeetingKind, OrgCategory
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting
from dangjian.orglife.permissions import require
from dangjian.orglife.selectors import settings as selectors
from dangjian.orglife.services import settings as services

TAGS = ["组织生活设置"]


# --- output -------------------------------------------------------------------------------------------------


class OrgLifeSettingSerializer(serializers.ModelSerializer):
    county = OrgRefSerializer(read_only=True, label="县(区)")
    theme_days = serializers.ListField(child=serializers.IntegerField(), read_only=True, label="主题党日固定日期")
    agenda_items = serializers.ListField(child=serializers.CharField(), read_only=True, label="主题党日规定议程")
    saved = serializers.SerializerMethodField(label="本县是否已保存设置(否则为默认值)")

    class Meta:
        model = OrgLifeSetting
        fields = [
            "county",
            "theme_days",
            "agenda_items",
            "late_entry_days",
            "checkin_before_minutes",
            "checkin_after_minutes",
            "late_after_minutes",
            "saved",
        ]
        read_only_fields = fields

    def get_saved(self, setting: OrgLifeSetting) -> bool:
        return not setting._state.adding


class RequirementSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="活动类型(中文)")
    org_category_display = serializers.CharField(
        source="get_org_category_display", read_only=True, label="适用组织(中文)"
    )
    cycle_display = serializers.CharField(source="get_cycle_display", read_only=True, label="周期(中文)")
    county_set = serializers.SerializerMethodField(label="条例未作硬性规定,本县设置")

    class Meta:
        model = MeetingRequirement
        fields = [
            "id",
            "kind",
            "kind_display",
            "org_category",
            "org_category_display",
            "expected",
            "cycle",
            "cycle_display",
            "effective_from",
            "effective_until",
            "note",
            "county_set",
        ]
        read_only_fields = fields

    def get_county_set(self, requirement: MeetingRequirement) -> bool:
        return selectors.county_set(requirement)


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "array", "items": {"type": "integer"}}, {"type": "string"}]})
class DaysField(serializers.Field):
    """Theme days as a list of integers, or as typed on the page ("5,10")."""

    default_error_messages = {"invalid": '应为日期数字列表,如 [5, 10] 或 "5,10"'}

    def to_internal_value(self, data: Any) -> list[int]:
        if isinstance(data, str):
            try:
                return rules.parse_days(data)
            except ValueError as exc:
                raise serializers.ValidationError(str(exc)) from None
        if isinstance(data, list) and all(isinstance(day, int) and not isinstance(day, bool) for day in data):
            return data
        self.fail("invalid")
        return []

    def to_representation(self, value: Any) -> Any:
        return value


@extend_schema_serializer(description="修改本县组织生活设置:只提交要修改的项目")
class SettingInput(ChineseInputMixin, serializers.Serializer):
    theme_days = DaysField(required=False, label="主题党日固定日期(每月1至28日)")
    agenda_items = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, label="主题党日规定议程"
    )
    late_entry_days = serializers.IntegerField(required=False, label="超过几天录入记为补录")
    checkin_before_minutes = serializers.IntegerField(required=False, label="会前几分钟开放签到")
    checkin_after_minutes = serializers.IntegerField(required=False, label="会后几分钟关闭签到")
    late_after_minutes = serializers.IntegerField(required=False, label="开始几分钟后签到记为迟到")


class _RequirementFields(ChineseInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices, label="活动类型")
    org_category = serializers.ChoiceField(choices=OrgCategory.choices, label="适用组织")
    expected = serializers.IntegerField(label="应开展次数")
    cycle = serializers.ChoiceField(choices=Cycle.choices, label="周期")
    effective_from = DateInput(label="起始日期")
    effective_until = DateInput(required=False, allow_null=True, label="截止日期")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="依据或说明")


@extend_schema_serializer(description="添加组织生活要求")
class RequirementInput(_RequirementFields):
    pass


@extend_schema_serializer(description="修改组织生活要求:只提交要修改的项目")
class RequirementUpdateInput(_RequirementFields):
    pass


@extend_schema_serializer(description="设置组织生活要求的截止日期")
class RequirementEndInput(ChineseInputMixin, serializers.Serializer):
    effective_until = DateInput(label="截止日期(最后有效的一天)")


# --- views --------------------------------------------------------------------------------------------------


class OrgLifeSettingView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 403)

    def _county(self) -> Org:
        county = selectors.county_of(self.request.user)
        require(county is not None, "当前账号没有所属县(区)")
        assert county is not None
        return county

    def _answer(self, county: Org) -> Response:
        setting = services.settings_for(county.pk)
        setting.county = county
        return Response(OrgLifeSettingSerializer(setting).data)

    @extend_schema(
        summary="本县组织生活设置",
        description="主题党日固定日期和规定议程、签到时间、补录天数(未保存时为默认值:每月10日、“六事联动”议程)。",
        responses=OrgLifeSettingSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        return self._answer(self._county())

    @extend_schema(
        summary="修改本县组织生活设置",
        description=(
            "县(区)委组织部管理员修改。theme_days 为每月1至28日(最多4个,可传列表或“5,10”);"
            "agenda_items 1至12项;补录天数1至90;签到分钟数有上下限。修改记入工作轨迹。"
        ),
        request=SettingInput,
        responses=OrgLifeSettingSerializer,
        tags=TAGS,
    )
    def patch(self, request: Request) -> Response:
        county = self._county()
        serializer = SettingInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data:
            services.orglife_setting_update(actor=request.user, county=county, **serializer.validated_data)
        return self._answer(county)


@extend_schema_view(
    list=extend_schema(
        summary="组织生活要求列表",
        description=(
            "本县的组织生活要求(活动类型 × 适用组织 × 应开展次数 × 周期,及起止日期);全县各级党组织均可查看。"
            "current=true 只列今天有效的。county_set=true 表示条例未作硬性规定、由本县设置(如党课)。"
        ),
        tags=TAGS,
    ),
    create=extend_schema(
        summary="添加组织生活要求",
        description="县(区)委组织部管理员添加;同一活动类型和适用组织在同一天只能有一项要求有效。",
        request=RequirementInput,
        responses={201: RequirementSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改组织生活要求",
        description="更正要求;要从某日起改变要求,请先设置原要求的截止日期再添加新要求。",
        request=RequirementUpdateInput,
        responses=RequirementSerializer,
        tags=TAGS,
    ),
    end=extend_schema(
        summary="设置组织生活要求的截止日期",
        description="截止日期为该要求最后有效的一天;此前结束的周期仍按该要求计算达标情况。",
        request=RequirementEndInput,
        responses=RequirementSerializer,
        tags=TAGS,
    ),
)
class RequirementViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = MeetingRequirement.objects.all()
    serializer_class = RequirementSerializer
    filterset_class = selectors.RequirementFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        """The county publishes its requirements to its whole subtree."""
        return selectors.requirements(self.request.user)

    def get_object(self) -> Any:
        return selectors.requirement_detail(self.request.user, self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        county = selectors.county_of(request.user)
        require(county is not None, "当前账号没有所属县(区)")
        data = self.parse(RequirementInput)
        return self.written(
            lambda: services.requirement_create(actor=request.user, county=county, **data), created=True
        )

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        requirement = self.get_object()
        changes = self.parse(RequirementUpdateInput, partial=True)
        if not changes:
            return self.answer(requirement.pk)
        return self.written(
            lambda: services.requirement_update(actor=request.user, requirement=requirement, **changes),
            pk=requirement.pk,
        )

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        requirement = self.get_object()
        data = self.parse(RequirementEndInput)
        return self.written(
            lambda: services.requirement_end(
                actor=request.user, requirement=requirement, effective_until=data["effective_until"]
            ),
            pk=requirement.pk,
        )


router = SimpleRouter()
router.register("requirements", RequirementViewSet, basename="api-orglife-requirement")
urlpatterns = [path("settings/", OrgLifeSettingView.as_view(), name="api-orglife-settings"), *router.urls]
