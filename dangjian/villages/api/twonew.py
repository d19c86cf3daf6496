"""API of 两新 coverage: the register (with coverage and breaches), instructors, assessments and the figures."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.filters import parse_year
from dangjian.core.models import Org
from dangjian.villages.choices import BranchStatus, EffectiveItem, TwoNewKind, TwoNewSubtype
from dangjian.villages.models import TwoNewAssessment, TwoNewInstructor, TwoNewOrganisation
from dangjian.villages.selectors import twonew as selectors
from dangjian.villages.services import twonew as services

TAGS = ["村级治理-两新覆盖"]


class TwoNewOrganisationSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="属地党组织")
    branch = OrgRefSerializer(read_only=True, allow_null=True, label="党组织")
    has_instructor = serializers.BooleanField(read_only=True, label="有在岗党建指导员")
    tangible = serializers.SerializerMethodField(label="有形覆盖")
    effective_now = serializers.BooleanField(read_only=True, allow_null=True, label="本年度有效覆盖")
    breach = serializers.SerializerMethodField(label="存在问题")

    class Meta:
        model = TwoNewOrganisation
        fields = [
            "id",
            "org",
            "name",
            "kind",
            "subtype",
            "employees",
            "formal_members",
            "probationary_members",
            "branch_status",
            "branch",
            "address",
            "closed",
            "has_instructor",
            "tangible",
            "effective_now",
            "breach",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_tangible(self, obj: TwoNewOrganisation) -> bool:
        return selectors.rules.is_tangibly_covered(obj.branch_status, bool(getattr(obj, "has_instructor", False)))

    @extend_schema_field(serializers.CharField())
    def get_breach(self, obj: TwoNewOrganisation) -> str:
        return selectors.breach_of(obj)


class TwoNewInstructorSerializer(serializers.ModelSerializer):
    class Meta:
        model = TwoNewInstructor
        fields = ["id", "organisation", "name", "person", "from_unit", "phone", "starts_on", "ends_on"]
        read_only_fields = fields


class TwoNewAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = TwoNewAssessment
        fields = ["id", "organisation", "year", "items", "required", "effective", "assessed_on", "note"]
        read_only_fields = fields


class TwoNewKindFiguresSerializer(serializers.Serializer):
    kind = serializers.CharField(label="类别(all 为合计)")
    label = serializers.CharField(label="类别(中文)")
    total = serializers.IntegerField(label="组织数")
    tangible = serializers.IntegerField(label="有形覆盖数")
    effective = serializers.IntegerField(label="有效覆盖数")
    breaches = serializers.IntegerField(label="存在问题数")
    tangible_text = serializers.CharField(label="有形覆盖率")
    effective_text = serializers.CharField(label="有效覆盖率")


class TwoNewOrganisationFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="单位名称")
    kind = serializers.ChoiceField(choices=TwoNewKind.choices, label="类别")
    subtype = serializers.ChoiceField(choices=TwoNewSubtype.choices, required=False, allow_blank=True, label="细分类型")
    employees = serializers.IntegerField(min_value=0, required=False, label="从业人员数")
    formal_members = serializers.IntegerField(min_value=0, max_value=32767, required=False, label="正式党员数")
    probationary_members = serializers.IntegerField(min_value=0, max_value=32767, required=False, label="预备党员数")
    branch_status = serializers.ChoiceField(choices=BranchStatus.choices, required=False, label="党组织建立情况")
    branch = serializers.CharField(max_length=32, required=False, allow_null=True, allow_blank=True, label="党组织代码")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, label="地址")

    def validate_branch(self, value: str | None) -> Org | None:
        if not value:
            return None
        user = self.context["request"].user
        branch = Org.objects.filter(code=value.strip(), county_id=getattr(user.org, "county_id", None)).first()
        if branch is None:
            raise serializers.ValidationError(f"组织代码“{value}”不存在")
        return branch


class TwoNewOrganisationInput(TwoNewOrganisationFields):
    org = ScopedOrgCodeField(label="属地党组织代码")


class TwoNewInstructorInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, label="姓名")
    person = ScopedPersonField(required=False, allow_null=True, label="党员编号")
    from_unit = serializers.CharField(max_length=100, label="派出单位")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, label="联系电话")
    starts_on = DateInput(required=False, label="选派日期")
    ends_on = DateInput(required=False, allow_null=True, label="结束日期")


class TwoNewEndInput(ChineseInputMixin, serializers.Serializer):
    ends_on = DateInput(required=False, label="结束日期(默认今天)")


class TwoNewAssessmentInput(ChineseInputMixin, serializers.Serializer):
    year = serializers.IntegerField(label="年度")
    items = serializers.ListField(
        child=serializers.ChoiceField(choices=EffectiveItem.choices), allow_empty=True, label="达标项目"
    )
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, label="备注")


@extend_schema_view(
    list=extend_schema(
        summary="两新组织列表",
        description="含有形覆盖、本年度有效覆盖和存在的问题;breach=true 仅列有问题的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="两新组织详情", tags=TAGS),
    create=extend_schema(
        summary="登记两新组织",
        request=TwoNewOrganisationInput,
        responses={201: TwoNewOrganisationSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改两新组织", request=TwoNewOrganisationFields, responses=TwoNewOrganisationSerializer, tags=TAGS
    ),
    instructors=extend_schema(
        summary="选派党建指导员", request=TwoNewInstructorInput, responses={201: TwoNewInstructorSerializer}, tags=TAGS
    ),
    assess=extend_schema(
        summary="有效覆盖评估", request=TwoNewAssessmentInput, responses={201: TwoNewAssessmentSerializer}, tags=TAGS
    ),
)
class OrganisationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = TwoNewOrganisation.objects.all()
    serializer_class = TwoNewOrganisationSerializer
    filterset_class = selectors.OrganisationFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        today = clock.today()
        return selectors.organisations_visible(self.request.user, today, today.year).order_by("org_path", "name", "id")

    def create(self, request: Request) -> Response:
        data = self.parse(TwoNewOrganisationInput)
        return self.written(lambda: services.organisation_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        organisation = self.get_object()
        changes = self.parse(TwoNewOrganisationFields, partial=True)
        if not changes:
            return self.answer(organisation.pk)
        return self.written(
            lambda: services.organisation_update(actor=request.user, organisation=organisation, **changes),
            pk=organisation.pk,
        )

    @action(detail=True, methods=["post"])
    def instructors(self, request: Request, pk: Any = None) -> Response:
        organisation = self.get_object()
        data = self.parse(TwoNewInstructorInput)
        instructor = services.instructor_assign(actor=request.user, organisation=organisation, **data)
        return Response(TwoNewInstructorSerializer(instructor).data, status=201)

    @action(detail=True, methods=["post"])
    def assess(self, request: Request, pk: Any = None) -> Response:
        organisation = self.get_object()
        data = self.parse(TwoNewAssessmentInput)
        assessment = services.assessment_record(actor=request.user, organisation=organisation, **data)
        return Response(TwoNewAssessmentSerializer(assessment).data, status=201)


@extend_schema_view(
    list=extend_schema(summary="党建指导员列表", tags=TAGS),
    retrieve=extend_schema(summary="党建指导员详情", tags=TAGS),
    end=extend_schema(summary="结束选派", request=TwoNewEndInput, responses=TwoNewInstructorSerializer, tags=TAGS),
)
class InstructorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = TwoNewInstructor.objects.order_by("-starts_on", "id")
    serializer_class = TwoNewInstructorSerializer
    filterset_class = selectors.InstructorFilter

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        instructor = self.get_object()
        data = self.parse(TwoNewEndInput)
        return self.written(
            lambda: services.instructor_end(actor=request.user, instructor=instructor, **data), pk=instructor.pk
        )


@extend_schema_view(
    list=extend_schema(summary="有效覆盖评估列表", tags=TAGS),
    retrieve=extend_schema(summary="有效覆盖评估详情", tags=TAGS),
)
class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = TwoNewAssessment.objects.order_by("-year", "organisation_id")
    serializer_class = TwoNewAssessmentSerializer
    filterset_class = selectors.AssessmentFilter


class FiguresViewSet(ScopedViewSet):
    queryset = TwoNewOrganisation.objects.all()
    serializer_class = TwoNewKindFiguresSerializer
    pagination_class = None

    @extend_schema(
        summary="两新组织覆盖率",
        description=f"按类别的有形覆盖、有效覆盖(分子/分母)。{selectors.TANGIBLE_DEFINITION}。",
        parameters=[
            OpenApiParameter("year", int, required=False, description="有效覆盖评估年度(默认今年)"),
            OpenApiParameter("root", str, required=False, description="范围:党组织代码(含下级)"),
        ],
        responses=TwoNewKindFiguresSerializer(many=True),
        tags=TAGS,
    )
    def list(self, request: Request) -> Response:
        today = clock.today()
        year = parse_year(request.query_params.get("year"))
        rows = selectors.figures(request.user, today, year, request.query_params.get("root", ""))
        return Response(TwoNewKindFiguresSerializer(rows, many=True).data)


router = SimpleRouter()
router.register("twonew/organisations", OrganisationViewSet, basename="api-village-twonew-organisation")
router.register("twonew/instructors", InstructorViewSet, basename="api-village-twonew-instructor")
router.register("twonew/assessments", AssessmentViewSet, basename="api-village-twonew-assessment")
router.register("twonew/figures", FiguresViewSet, basename="api-village-twonew-figures")
urlpatterns = router.urls
