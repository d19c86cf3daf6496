"""API of training: classes (with 人次 and hours), enrolment and attendance, rotation targets with their coverage,
who has not yet been trained this year, and the figures of a report."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
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
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.models import Person
from dangjian.orglife.choices import TrainingGroup, TrainingKind
from dangjian.orglife.models import Enrolment, RotationTarget, TrainingClass
from dangjian.orglife.selectors import training as selectors
from dangjian.orglife.services import training as services

TAGS = ["教育培训"]


# --- output -------------------------------------------------------------------------------------------------


class TrainingClassSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="组织单位")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="培训形式(中文)")
    group_display = serializers.CharField(source="get_group_display", read_only=True, label="培训对象(中文)")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="学时")
    enrolled = serializers.IntegerField(read_only=True, label="报名人数")
    person_times = serializers.IntegerField(read_only=True, label="参训人次")
    attended_hours = serializers.DecimalField(
        max_digits=9, decimal_places=1, read_only=True, label="参训人员获得学时合计"
    )

    class Meta:
        model = TrainingClass
        fields = [
            "id",
            "org",
            "title",
            "organiser",
            "place",
            "kind",
            "kind_display",
            "group",
            "group_display",
            "starts_on",
            "ends_on",
            "hours",
            "note",
            "enrolled",
            "person_times",
            "attended_hours",
        ]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    training_title = serializers.CharField(source="training.title", read_only=True, label="培训主题")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="参训情况(中文)")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="获得学时")

    class Meta:
        model = Enrolment
        fields = ["id", "training", "training_title", "person", "org", "status", "status_display", "hours"]
        read_only_fields = fields


class CoverageSerializer(serializers.Serializer):
    total = serializers.IntegerField(read_only=True, label="应轮训人数")
    trained = serializers.IntegerField(read_only=True, label="已轮训人数")
    missing = serializers.IntegerField(read_only=True, label="尚未轮训人数")
    text = serializers.CharField(read_only=True, label="轮训率(已轮训/应轮训)")


class RotationTargetSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="制定单位")
    group_display = serializers.CharField(source="get_group_display", read_only=True, label="培训对象(中文)")
    min_hours = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="每人至少学时")
    coverage = serializers.SerializerMethodField(label="完成情况(您管理范围内)")

    class Meta:
        model = RotationTarget
        fields = ["id", "org", "year", "group", "group_display", "min_hours", "note", "coverage"]
        read_only_fields = fields

    @extend_schema_field(CoverageSerializer)
    def get_coverage(self, target: RotationTarget) -> dict[str, Any]:
        return CoverageSerializer(selectors.coverage_of(self.context["request"].user, target)).data


class NotTrainedSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    group_hours = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True, label="本年度该类培训学时")

    class Meta:
        model = Person
        fields = ["id", "name", "org", "group_hours"]
        read_only_fields = fields


class FiguresSerializer(serializers.Serializer):
    classes = serializers.IntegerField(label="培训班(期)")
    person_times = serializers.IntegerField(label="参训人次")
    hours = serializers.DecimalField(max_digits=9, decimal_places=1, label="培训学时合计")
    attended_hours = serializers.DecimalField(max_digits=11, decimal_places=1, label="参训人员获得学时合计")
    sentence = serializers.CharField(label="工作总结用语")


# --- input --------------------------------------------------------------------------------------------------


class _ClassFields(ChineseInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=100, label="培训主题")
    organiser = serializers.CharField(max_length=100, label="主办单位")
    place = serializers.CharField(max_length=100, label="培训地点")
    kind = serializers.ChoiceField(choices=TrainingKind.choices, label="培训形式")
    group = serializers.ChoiceField(choices=TrainingGroup.choices, label="培训对象")
    starts_on = DateInput(label="开始日期")
    ends_on = DateInput(label="结束日期")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, label="学时")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="登记培训班:不填组织单位则为您所在的组织")
class TrainingClassInput(_ClassFields):
    org = ScopedOrgCodeField(required=False, label="组织单位代码")


@extend_schema_serializer(description="修改培训班:只提交要修改的项目")
class TrainingClassUpdateInput(_ClassFields):
    pass


@extend_schema_serializer(description="报名一名党员")
class EnrolInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")


@extend_schema_serializer(description="整个党组织的在册党员报名")
class EnrolBranchInput(ChineseInputMixin, serializers.Serializer):
    branch = ScopedOrgCodeField(label="党组织代码")


@extend_schema_serializer(description="按培训对象报名(本培训班组织单位下的全部该类人员)")
class EnrolGroupInput(ChineseInputMixin, serializers.Serializer):
    group = serializers.ChoiceField(choices=TrainingGroup.choices, label="培训对象")


class EnrolledSerializer(serializers.Serializer):
    enrolled = serializers.IntegerField(label="新报名人数")


@extend_schema_serializer(description="登记参训情况:已参训可填获得学时(不填按培训班学时)")
class AttendanceInput(ChineseInputMixin, serializers.Serializer):
    attended = serializers.BooleanField(label="已参训")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True, label="获得学时")


@extend_schema_serializer(description="制定轮训目标:同一组织、年度和培训对象再次提交即修改")
class RotationTargetInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(required=False, label="制定单位代码")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    group = serializers.ChoiceField(choices=TrainingGroup.choices, label="培训对象")
    min_hours = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=0, required=False, label="每人至少学时"
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="说明")


def _org_of(request: Request, data: dict[str, Any]) -> Any:
    org = data.pop("org", None) or getattr(request.user, "org", None)
    if org is None:
        raise ValidationError({"org": ["请填写组织代码"]})
    return org


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="培训班列表",
        description=(
            "您管理范围内各组织举办的培训班,以及本组织党员参加的上级培训班;含报名人数、参训人次和学时。"
            "可按组织单位、年度、培训形式、培训对象和关键词筛选。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="培训班详情", tags=TAGS),
    create=extend_schema(
        summary="登记培训班",
        description="结束日期不能早于开始日期;学时大于0且不超过培训天数×24。",
        request=TrainingClassInput,
        responses={201: TrainingClassSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改培训班",
        description="已登记参训的人员学时随之保留;培训班学时不能少于已登记的参训学时。",
        request=TrainingClassUpdateInput,
        responses=TrainingClassSerializer,
        tags=TAGS,
    ),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已删除")},
        summary="删除培训班",
        description="只能删除尚未登记参训情况的培训班,报名记录一并删除。",
        tags=TAGS,
    ),
    enrol=extend_schema(
        summary="报名一名党员",
        description="党员须在培训班组织单位及其下级组织。",
        request=EnrolInput,
        responses={201: EnrolmentSerializer},
        tags=TAGS,
    ),
    enrol_branch=extend_schema(
        summary="整个党组织报名",
        description="该组织(含下级)全部在册党员报名,已报名的不重复。",
        request=EnrolBranchInput,
        responses=EnrolledSerializer,
        tags=TAGS,
    ),
    enrol_group=extend_schema(
        summary="按培训对象报名",
        description="培训班组织单位下的全部党组织书记、第一书记、村(社区)干部或党员报名,已报名的不重复。",
        request=EnrolGroupInput,
        responses=EnrolledSerializer,
        tags=TAGS,
    ),
)
class TrainingClassViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = TrainingClass.objects.all()
    serializer_class = TrainingClassSerializer
    filterset_class = selectors.ClassFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        classes = selectors.visible_classes(self.request.user).select_related("org")
        return selectors.with_figures(classes).order_by("-starts_on", "-id")

    def get_object(self) -> Any:
        return selectors.class_detail(self.request.user, self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return selectors.class_detail(self.request.user, pk)

    def create(self, request: Request) -> Response:
        data = self.parse(TrainingClassInput)
        org = _org_of(request, data)
        return self.written(lambda: services.training_class_create(actor=request.user, org=org, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        training = self.get_object()
        changes = self.parse(TrainingClassUpdateInput, partial=True)
        if not changes:
            return self.answer(training.pk)
        return self.written(
            lambda: services.training_class_update(actor=request.user, training=training, **changes), pk=training.pk
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.training_class_delete(actor=request.user, training=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def enrol(self, request: Request, pk: Any = None) -> Response:
        training = self.get_object()
        data = self.parse(EnrolInput)
        enrolment = services.enrolment_create(actor=request.user, training=training, person=data["person"])
        return Response(EnrolmentSerializer(enrolment).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="enrol-branch")
    def enrol_branch(self, request: Request, pk: Any = None) -> Response:
        training = self.get_object()
        data = self.parse(EnrolBranchInput)
        count = services.enrol_branch(actor=request.user, training=training, branch=data["branch"])
        return Response({"enrolled": count})

    @action(detail=True, methods=["post"], url_path="enrol-group")
    def enrol_group(self, request: Request, pk: Any = None) -> Response:
        training = self.get_object()
        data = self.parse(EnrolGroupInput)
        count = services.enrol_group(actor=request.user, training=training, group=data["group"])
        return Response({"enrolled": count})


@extend_schema_view(
    list=extend_schema(
        summary="参训人员列表",
        description="本组织党员的报名和参训情况,以及本组织举办的培训班的全部参训人员。可按培训班、党员、参训情况、年度筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="参训记录详情", tags=TAGS),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已取消报名")},
        summary="取消报名",
        description="已登记参训的不能取消,请改为未参训。",
        tags=TAGS,
    ),
    attendance=extend_schema(
        summary="登记参训情况",
        description=(
            "已参训:获得学时(默认培训班学时,可少于培训班学时)计入年度学习学时和积分;"
            "改为未参训则一并撤销。培训班开班前不能登记。"
        ),
        request=AttendanceInput,
        responses=EnrolmentSerializer,
        tags=TAGS,
    ),
)
class EnrolmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    queryset = Enrolment.objects.select_related("person__org", "training").order_by("-training__starts_on", "id")
    serializer_class = EnrolmentSerializer
    filterset_class = selectors.EnrolmentFilter

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.enrolment_delete(actor=request.user, enrolment=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        enrolment = self.get_object()
        data = self.parse(AttendanceInput)
        return self.written(
            lambda: services.attendance_mark(
                actor=request.user, enrolment=enrolment, attended=data["attended"], hours=data.get("hours")
            ),
            pk=enrolment.pk,
        )


@extend_schema_view(
    list=extend_schema(
        summary="轮训目标及完成情况",
        description=(
            "本组织、上级组织和下级组织制定的年度轮训目标(如“村(社区)干部年内全部轮训一遍”),"
            "每个目标附您管理范围内的应轮训人数、已轮训人数和轮训率。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="轮训目标详情", tags=TAGS),
    create=extend_schema(
        summary="制定轮训目标",
        description="不填制定单位则为您所在的组织;同一组织、年度和培训对象再次提交即修改每人至少学时和说明。",
        request=RotationTargetInput,
        responses={201: RotationTargetSerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(responses={204: OpenApiResponse(description="已删除")}, summary="删除轮训目标", tags=TAGS),
)
class RotationTargetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = RotationTarget.objects.all()
    serializer_class = RotationTargetSerializer
    filterset_class = selectors.TargetFilter

    def get_queryset(self) -> Any:
        return selectors.visible_targets(self.request.user).order_by("-year", "org_path", "group", "id")

    def get_object(self) -> Any:
        return selectors.target_detail(self.request.user, self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return selectors.target_detail(self.request.user, pk)

    def create(self, request: Request) -> Response:
        data = self.parse(RotationTargetInput)
        org = _org_of(request, data)
        return self.written(lambda: services.rotation_target_set(actor=request.user, org=org, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.rotation_target_delete(actor=request.user, target=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="尚未轮训人员",
        description=(
            "某类培训对象(默认党员)中本年度(或 year 指定年度)尚未参加该类培训的人员;"
            "适用的轮训目标规定了每人至少学时的,学时不足的也列出。"
        ),
        tags=TAGS,
    ),
)
class NotTrainedViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = NotTrainedSerializer
    filterset_class = selectors.NotTrainedFilter

    def list(self, request: Request) -> Response:
        probe = selectors.NotTrainedFilter(request.query_params or None, queryset=Person.objects.none())
        if probe.is_bound and not probe.is_valid():
            raise ValidationError(probe.errors)
        return self.paginated(selectors.not_trained(request.user, request.query_params).people)

    def get_queryset(self) -> Any:
        return selectors.not_trained(self.request.user, {}).people


class TrainingFiguresView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="培训统计",
        description="按条件统计培训班期数、参训人次和学时,并给出工作总结用语,如“组织村(社区)干部1600余人次开展培训11期”。",
        parameters=[
            OpenApiParameter("year", int, required=False, description="年度"),
            OpenApiParameter("kind", str, required=False, enum=TrainingKind.values, description="培训形式"),
            OpenApiParameter("group", str, required=False, enum=TrainingGroup.values, description="培训对象"),
            OpenApiParameter("org_code", str, required=False, description="组织单位代码(含全部下级)"),
            OpenApiParameter("subject", str, required=False, description="总结用语中的对象称谓,如“农村党员”"),
        ],
        responses=FiguresSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        params = request.query_params.copy()
        subject = params.pop("subject", [""])[-1].strip()[:20]
        params.pop("org", None)  # the figures name the org `org_code`: a bare `org` is no filter here
        if "org_code" in params:
            params["org"] = params.pop("org_code")[-1]
        filterset, _ = selectors.class_list(request.user, params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        group = params.get("group", "")
        subject = subject or (TrainingGroup(group).label if group in TrainingGroup.values else "党员干部")
        figures = selectors.class_figures(filterset.qs, subject=subject)
        return Response(FiguresSerializer(figures).data)


router = SimpleRouter()
router.register("training/classes", TrainingClassViewSet, basename="api-training-class")
router.register("training/enrolments", EnrolmentViewSet, basename="api-training-enrolment")
router.register("training/targets", RotationTargetViewSet, basename="api-training-target")
router.register("training/not-trained", NotTrainedViewSet, basename="api-training-not-trained")
urlpatterns = [path("training/figures/", TrainingFiguresView.as_view(), name="api-training-figures"), *router.urls]
