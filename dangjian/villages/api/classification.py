"""API of 村级分类: the county's categories, the yearly evaluations, the results with reasons, 一村一策 and the
人居环境 assessments."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.scoping import published_to
from dangjian.villages.choices import CategoryBasis, PolicyStatus, VillageTag
from dangjian.villages.models import (
    ClassificationResult,
    ClassificationRun,
    EnvironmentAssessment,
    VillageCategory,
    VillagePolicy,
)
from dangjian.villages.selectors import classification as selectors
from dangjian.villages.services import classification as services

TAGS = ["村级治理-村级分类"]


# --- output -------------------------------------------------------------------------------------------------


class VillageCategorySerializer(serializers.ModelSerializer):
    tag_display = serializers.CharField(source="get_tag_display", read_only=True, label="类别性质(中文)")
    basis_display = serializers.CharField(source="get_basis_display", read_only=True, label="认定规则(中文)")

    class Meta:
        model = VillageCategory
        fields = [
            "id",
            "name",
            "tag",
            "tag_display",
            "basis",
            "basis_display",
            "threshold",
            "description",
            "since_year",
            "active",
            "sort",
        ]
        read_only_fields = fields


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = VillageCategory
        fields = ["id", "name", "tag"]
        read_only_fields = fields


class ClassificationRunSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="县(区)")

    class Meta:
        model = ClassificationRun
        fields = ["id", "org", "year", "villages", "classified", "results", "evaluated_at"]
        read_only_fields = fields


class ClassificationResultSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村党组织")
    category = CategoryRefSerializer(read_only=True, label="类别")

    class Meta:
        model = ClassificationResult
        fields = ["id", "org", "category", "year", "reason", "unreported"]
        read_only_fields = fields


class VillagePolicySerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村党组织")
    category = CategoryRefSerializer(read_only=True, label="类别")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="进展(中文)")

    class Meta:
        model = VillagePolicy
        fields = [
            "id",
            "org",
            "category",
            "year",
            "measures",
            "responsible",
            "target_date",
            "status",
            "status_display",
            "updated_at",
        ]
        read_only_fields = fields


class EnvironmentAssessmentSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村党组织")

    class Meta:
        model = EnvironmentAssessment
        fields = ["id", "org", "year", "score", "substandard", "note", "updated_at"]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class ScopedCategoryField(serializers.IntegerField):
    """A category given by its number, among the caller's county's categories."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        category = selectors.categories(self.context["request"].user).filter(pk=pk).first()
        if category is None:
            raise serializers.ValidationError(f"编号为{pk}的类别不存在")
        return category


class _CategoryFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=40, label="类别名称")
    tag = serializers.ChoiceField(choices=VillageTag.choices, label="类别性质")
    basis = serializers.ChoiceField(choices=CategoryBasis.choices, label="认定规则")
    threshold = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, label="标准值(收入元或环境评分)"
    )
    description = serializers.CharField(required=False, allow_blank=True, max_length=200, label="认定说明")
    since_year = serializers.IntegerField(min_value=2000, max_value=2099, required=False, label="起用年度")
    active = serializers.BooleanField(required=False, label="启用")
    sort = serializers.IntegerField(min_value=0, max_value=32767, required=False, label="排序")


@extend_schema_serializer(description="新增村级分类类别(县委组织部)")
class VillageCategoryInput(_CategoryFields):
    pass


@extend_schema_serializer(description="修改村级分类类别:只提交要修改的项目")
class VillageCategoryUpdateInput(_CategoryFields):
    pass


@extend_schema_serializer(description="评定某年度的村级分类(县委组织部;重新评定替换该年度结果)")
class EvaluateInput(ChineseInputMixin, serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")


@extend_schema_serializer(description="制定或修改一村一策(同一村同一类别同一年度一份)")
class VillagePolicyInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村党组织代码")
    category = ScopedCategoryField(label="类别编号")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    measures = serializers.CharField(max_length=2000, label="整治措施")
    responsible = serializers.CharField(max_length=50, label="责任人")
    target_date = DateInput(label="完成时限")
    status = serializers.ChoiceField(choices=PolicyStatus.choices, required=False, label="进展")


@extend_schema_serializer(description="填写村的人居环境评定(乡镇或县级;同一村同一年度再次提交为修改)")
class EnvironmentInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="村党组织代码")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    score = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100, label="评分")
    substandard = serializers.BooleanField(required=False, label="不达标")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="说明")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="村级分类类别", description="本县(区)的类别(县里制定,发布到全县)。", tags=TAGS),
    retrieve=extend_schema(summary="类别详情", tags=TAGS),
    create=extend_schema(
        summary="新增类别",
        description="县委组织部设置;收入规则须填收入标准(元),人居环境规则须填评分标准(1–100)。",
        request=VillageCategoryInput,
        responses={201: VillageCategorySerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改类别", request=VillageCategoryUpdateInput, responses=VillageCategorySerializer, tags=TAGS
    ),
)
class CategoryViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = VillageCategory.objects.all()
    serializer_class = VillageCategorySerializer
    filterset_class = selectors.CategoryFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.categories(self.request.user)

    def get_object(self) -> Any:
        return selectors.category_detail(self.request.user, self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        data = self.parse(VillageCategoryInput)
        county = selectors.county_of(request.user)
        if county is None:
            raise serializers.ValidationError({"county": ["该账号没有所属县(区)"]})
        return self.written(lambda: services.category_create(actor=request.user, county=county, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        category = self.get_object()
        changes = self.parse(VillageCategoryUpdateInput, partial=True)
        if not changes:
            return self.answer(category.pk)
        return self.written(
            lambda: services.category_update(actor=request.user, category=category, **changes), pk=category.pk
        )


@extend_schema_view(
    list=extend_schema(summary="村级分类评定记录", description="县(区)各年度的评定(县内各级账号可见)。", tags=TAGS),
    retrieve=extend_schema(summary="评定记录详情", tags=TAGS),
    create=extend_schema(
        summary="评定年度村级分类",
        description="县委组织部按各启用类别的规则评定该年度全部行政村;重新评定替换该年度原有结果(一村一策保留)。",
        request=EvaluateInput,
        responses={201: ClassificationRunSerializer},
        tags=TAGS,
    ),
)
class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ClassificationRun.objects.select_related("org").order_by("-year")
    serializer_class = ClassificationRunSerializer

    def get_queryset(self) -> Any:
        """The county's evaluations are published down its tree: a village sees when its year was evaluated."""
        return published_to(self.queryset, self.request.user)

    def get_object(self) -> Any:
        try:
            return self.get_queryset().get(pk=self.kwargs["pk"])
        except (ClassificationRun.DoesNotExist, ValueError, TypeError):
            raise Http404("评定记录不存在") from None

    def create(self, request: Request) -> Response:
        data = self.parse(EvaluateInput)
        county = selectors.county_of(request.user)
        if county is None:
            raise serializers.ValidationError({"county": ["该账号没有所属县(区)"]})
        return self.written(
            lambda: services.classification_evaluate(actor=request.user, county=county, year=data["year"]),
            created=True,
        )


@extend_schema_view(
    list=extend_schema(
        summary="村级分类结果",
        description="每个村列入的类别及原因;可按年度、类别、党组织、是否已制定一村一策(policy=missing/present)筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="分类结果详情", tags=TAGS),
)
class ResultViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = ClassificationResult.objects.select_related("org", "category").order_by("-year", "org_path", "id")
    serializer_class = ClassificationResultSerializer
    filterset_class = selectors.ResultFilter


@extend_schema_view(
    list=extend_schema(summary="一村一策", tags=TAGS),
    retrieve=extend_schema(summary="一村一策详情", tags=TAGS),
    create=extend_schema(
        summary="制定一村一策",
        description="村党组织或乡镇制定;该村须在该年度列入该类别;完成时限不早于该年1月1日。",
        request=VillagePolicyInput,
        responses={201: VillagePolicySerializer},
        tags=TAGS,
    ),
)
class PolicyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = VillagePolicy.objects.select_related("org", "category").order_by("-year", "org_path", "id")
    serializer_class = VillagePolicySerializer

    def create(self, request: Request) -> Response:
        data = self.parse(VillagePolicyInput)
        return self.written(lambda: services.policy_save(actor=request.user, **data), created=True)


@extend_schema_view(
    list=extend_schema(summary="人居环境评定", tags=TAGS),
    retrieve=extend_schema(summary="人居环境评定详情", tags=TAGS),
    create=extend_schema(
        summary="填写人居环境评定",
        description="乡镇(街道)或县级为管理范围内的村填写;评分0–100,或勾选不达标。",
        request=EnvironmentInput,
        responses={201: EnvironmentAssessmentSerializer},
        tags=TAGS,
    ),
)
class EnvironmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = EnvironmentAssessment.objects.select_related("org").order_by("-year", "org_path", "id")
    serializer_class = EnvironmentAssessmentSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(EnvironmentInput)
        return self.written(lambda: services.environment_save(actor=request.user, **data), created=True)


router = SimpleRouter()
router.register("classification/categories", CategoryViewSet, basename="api-classification-category")
router.register("classification/evaluations", RunViewSet, basename="api-classification-run")
router.register("classification/results", ResultViewSet, basename="api-classification-result")
router.register("classification/policies", PolicyViewSet, basename="api-classification-policy")
router.register("classification/environment", EnvironmentViewSet, basename="api-classification-environment")
urlpatterns = router.urls
