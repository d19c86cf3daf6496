"""API of 志愿服务: teams and their volunteers, activities, sign-ups (sign up, withdraw, confirm hours), and the
confirmed hours per member, team and org."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import path
from django.utils import timezone
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
from dangjian.core.scoping import scoped
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.orglife import rules
from dangjian.orglife.choices import ActivityStatus
from dangjian.orglife.models import Signup, TeamMember, VolunteerActivity, VolunteerTeam
from dangjian.orglife.selectors import volunteers as selectors
from dangjian.orglife.services import volunteers as services

TAGS = ["志愿服务"]


# --- output -------------------------------------------------------------------------------------------------


class VolunteerTeamRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = VolunteerTeam
        fields = ["id", "name"]
        read_only_fields = fields


class VolunteerTeamSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所属组织")
    leader = PersonRefSerializer(read_only=True, allow_null=True, label="队长")
    current = serializers.IntegerField(read_only=True, label="在队志愿者人数")

    class Meta:
        model = VolunteerTeam
        fields = ["id", "org", "name", "service_area", "leader", "founded_on", "dissolved", "current"]
        read_only_fields = fields


class VolunteerMemberSerializer(serializers.ModelSerializer):
    team = VolunteerTeamRefSerializer(read_only=True, label="志愿服务队")
    person = PersonRefSerializer(read_only=True, label="志愿者")
    org = OrgRefSerializer(source="person.org", read_only=True, label="志愿者所在党组织")

    class Meta:
        model = TeamMember
        fields = ["id", "team", "person", "org", "joined_on", "left_on"]
        read_only_fields = fields


class VolunteerActivitySerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="组织单位")
    team = VolunteerTeamRefSerializer(read_only=True, allow_null=True, label="志愿服务队")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    phase = serializers.SerializerMethodField(
        label="活动阶段(upcoming 报名中, ongoing 进行中, ended 已结束, cancelled)"
    )
    phase_display = serializers.SerializerMethodField(label="活动阶段(中文)")
    taken = serializers.IntegerField(read_only=True, label="已报名人数")
    places = serializers.SerializerMethodField(label="报名/招募(如 12/20)")
    max_hours = serializers.SerializerMethodField(label="每人最多可确认的服务时长(小时)")

    class Meta:
        model = VolunteerActivity
        fields = [
            "id",
            "org",
            "team",
            "title",
            "description",
            "place",
            "starts_at",
            "ends_at",
            "capacity",
            "status",
            "status_display",
            "phase",
            "phase_display",
            "taken",
            "places",
            "max_hours",
        ]
        read_only_fields = fields

    def _phase(self, activity: VolunteerActivity) -> str:
        return rules.activity_phase(
            cancelled=activity.status == ActivityStatus.CANCELLED,
            starts_at=activity.starts_at,
            ends_at=activity.ends_at,
            now=timezone.now(),
        )

    @extend_schema_field(serializers.CharField())
    def get_phase(self, activity: VolunteerActivity) -> str:
        return self._phase(activity)

    @extend_schema_field(serializers.CharField())
    def get_phase_display(self, activity: VolunteerActivity) -> str:
        return rules.PHASE_LABELS[self._phase(activity)]

    @extend_schema_field(serializers.CharField())
    def get_places(self, activity: VolunteerActivity) -> str:
        return rules.capacity_label(getattr(activity, "taken", 0), activity.capacity)

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=1))
    def get_max_hours(self, activity: VolunteerActivity) -> str:
        return str(rules.service_hours_cap(activity.starts_at, activity.ends_at))


class VolunteerActivityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = VolunteerActivity
        fields = ["id", "title", "starts_at", "ends_at"]
        read_only_fields = fields


class VolunteerSignupSerializer(serializers.ModelSerializer):
    activity = VolunteerActivityRefSerializer(read_only=True, label="活动")
    person = PersonRefSerializer(read_only=True, label="志愿者")
    org = OrgRefSerializer(source="person.org", read_only=True, label="志愿者所在党组织")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="服务时长(小时)")

    class Meta:
        model = Signup
        fields = ["id", "activity", "person", "org", "signed_at", "confirmed", "hours"]
        read_only_fields = fields


class VolunteerMemberHoursSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    times = serializers.IntegerField(read_only=True, label="服务次数")
    hours = serializers.DecimalField(max_digits=8, decimal_places=1, read_only=True, label="服务时长(小时)")

    class Meta:
        model = Person
        fields = ["id", "name", "org", "times", "hours"]
        read_only_fields = fields


class VolunteerTeamHoursSerializer(serializers.Serializer):
    id = serializers.IntegerField(label="志愿服务队编号")
    name = serializers.CharField(label="队伍名称")
    org_name = serializers.CharField(label="所属组织")
    dissolved = serializers.BooleanField(label="已解散")
    activities = serializers.IntegerField(label="活动次数")
    times = serializers.IntegerField(label="服务人次")
    hours = serializers.DecimalField(max_digits=10, decimal_places=1, label="服务时长(小时)")


class VolunteerOrgHoursSerializer(serializers.Serializer):
    org = OrgRefSerializer(read_only=True, label="党组织")
    own = serializers.BooleanField(label="仅本级党员(不含下级)")
    people = serializers.IntegerField(label="服务人数")
    times = serializers.IntegerField(label="服务人次")
    hours = serializers.DecimalField(max_digits=10, decimal_places=1, label="服务时长(小时)")


class VolunteerHoursSummarySerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, label="年度(空为全部年度)")
    org = OrgRefSerializer(allow_null=True, label="汇总的党组织")
    total = VolunteerOrgHoursSerializer(allow_null=True, label="合计")
    orgs = VolunteerOrgHoursSerializer(many=True, label="各直属下级组织(含下级汇总)及本级")
    teams = VolunteerTeamHoursSerializer(many=True, label="各志愿服务队")


# --- input --------------------------------------------------------------------------------------------------


class ScopedTeamField(serializers.IntegerField):
    """A team given by its number, looked up within the caller's scope."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        if pk is None:
            return None
        team = scoped(VolunteerTeam, self.context["request"].user).filter(pk=pk).first()
        if team is None:
            raise serializers.ValidationError(f"编号为{pk}的志愿服务队不存在")
        return team


class _VolunteerTeamFields(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="队伍名称")
    service_area = serializers.CharField(required=False, allow_blank=True, max_length=200, label="服务内容")
    leader = ScopedPersonField(required=False, allow_null=True, label="队长(党员编号)")
    founded_on = DateInput(required=False, label="成立日期(默认今天)")


@extend_schema_serializer(description="组建志愿服务队")
class VolunteerTeamInput(_VolunteerTeamFields):
    org = ScopedOrgCodeField(label="所属组织代码")


@extend_schema_serializer(description="修改志愿服务队:只提交要修改的项目")
class VolunteerTeamUpdateInput(_VolunteerTeamFields):
    pass


@extend_schema_serializer(description="加入志愿服务队或报名活动:不填党员编号时为本人")
class VolunteerPersonInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(required=False, label="党员编号(不填为本人)")


class _VolunteerActivityFields(ChineseInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=100, label="活动名称")
    place = serializers.CharField(max_length=100, label="地点")
    starts_at = serializers.DateTimeField(label="开始时间")
    ends_at = serializers.DateTimeField(label="结束时间")
    capacity = serializers.IntegerField(required=False, min_value=0, max_value=32767, label="招募人数(0为不限)")
    team = ScopedTeamField(required=False, allow_null=True, label="志愿服务队编号")
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000, label="活动内容")


@extend_schema_serializer(description="发布志愿服务活动")
class VolunteerActivityInput(_VolunteerActivityFields):
    org = ScopedOrgCodeField(label="组织单位代码")


@extend_schema_serializer(description="修改志愿服务活动:只提交要修改的项目")
class VolunteerActivityUpdateInput(_VolunteerActivityFields):
    pass


@extend_schema_serializer(description="取消活动")
class VolunteerActivityCancelInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="取消原因")


@extend_schema_serializer(description="确认服务时长:0 为撤销确认")
class VolunteerHoursConfirmInput(ChineseInputMixin, serializers.Serializer):
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0, label="服务时长(小时)")


def _person_of(request: Request, data: dict[str, Any]) -> Person:
    person = data.get("person") or getattr(request.user, "person", None)
    if person is None:
        raise ValidationError({"person": ["请填写党员编号(该账号没有对应的党员)"]})
    return person


# --- views --------------------------------------------------------------------------------------------------


class PublishedViewSet(ScopedViewSet):
    """Rows published to the caller's subtree (and from the orgs above it); an object outside answers 404."""

    def get_object(self) -> Any:
        obj = selectors.visible_get(self.get_queryset(), self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj


@extend_schema_view(
    list=extend_schema(
        summary="志愿服务队列表",
        description="本组织及下级的志愿服务队,以及上级组织的志愿服务队(党员可申请加入)。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="志愿服务队详情", tags=TAGS),
    create=extend_schema(
        summary="组建志愿服务队",
        description="同一组织内队伍名称不能重复;队长应为本组织及下级组织的党员。",
        request=VolunteerTeamInput,
        responses={201: VolunteerTeamSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改志愿服务队", request=VolunteerTeamUpdateInput, responses=VolunteerTeamSerializer, tags=TAGS
    ),
    dissolve=extend_schema(
        summary="解散志愿服务队",
        description="解散后不能再加入志愿者或发布活动;还有未开始的活动时不能解散。",
        request=None,
        responses=VolunteerTeamSerializer,
        tags=TAGS,
    ),
    join=extend_schema(
        summary="加入志愿服务队",
        description="党员本人加入(不填 person),或管理人员为本组织党员办理加入;曾退出的可再次加入。",
        request=VolunteerPersonInput,
        responses={201: VolunteerMemberSerializer},
        tags=TAGS,
    ),
)
class TeamViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, PublishedViewSet
):
    queryset = VolunteerTeam.objects.all()
    serializer_class = VolunteerTeamSerializer
    filterset_class = selectors.TeamFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.team_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(VolunteerTeamInput)
        return self.written(lambda: services.team_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        team = self.get_object()
        changes = self.parse(VolunteerTeamUpdateInput, partial=True)
        if not changes:
            return self.answer(team.pk)
        return self.written(lambda: services.team_update(actor=request.user, team=team, **changes), pk=team.pk)

    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, pk: Any = None) -> Response:
        team = self.get_object()
        return self.written(lambda: services.team_dissolve(actor=request.user, team=team), pk=team.pk)

    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: Any = None) -> Response:
        team = self.get_object()
        data = self.parse(VolunteerPersonInput)
        with transaction.atomic():
            member = services.team_join(actor=request.user, team=team, person=_person_of(request, data))
            member = TeamMember.objects.select_related("team", "person__org").get(pk=member.pk)
            return Response(VolunteerMemberSerializer(member).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="志愿者列表",
        description="志愿服务队的志愿者(党员本人只看到自己);current=true 只列仍在队的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="志愿者详情", tags=TAGS),
    leave=extend_schema(
        summary="退出志愿服务队",
        description="志愿者本人或队伍所属组织的管理人员办理;退出记录保留。",
        request=None,
        responses=VolunteerMemberSerializer,
        tags=TAGS,
    ),
)
class TeamMemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = TeamMember.objects.select_related("team", "person__org").order_by("team_id", "left_on", "id")
    serializer_class = VolunteerMemberSerializer
    filterset_class = selectors.TeamMemberFilter

    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: Any = None) -> Response:
        member = self.get_object()
        return self.written(lambda: services.team_leave(actor=request.user, member=member), pk=member.pk)


@extend_schema_view(
    list=extend_schema(
        summary="志愿服务活动列表",
        description=(
            "本组织及下级的活动,以及上级组织面向本组织党员的活动,含已报名人数。"
            "phase 可选 upcoming(报名中)、ongoing(进行中)、ended(已结束)、cancelled(已取消)。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="志愿服务活动详情", tags=TAGS),
    create=extend_schema(
        summary="发布志愿服务活动",
        description="结束时间应晚于开始时间;招募人数为0表示不限;可指定本组织及下级的志愿服务队。",
        request=VolunteerActivityInput,
        responses={201: VolunteerActivitySerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改志愿服务活动",
        description="招募人数不能少于已报名人数;已确认服务时长的活动不能修改时间。",
        request=VolunteerActivityUpdateInput,
        responses=VolunteerActivitySerializer,
        tags=TAGS,
    ),
    cancel=extend_schema(
        summary="取消活动",
        description="须填写取消原因(记入工作轨迹);已确认服务时长的活动不能取消。",
        request=VolunteerActivityCancelInput,
        responses=VolunteerActivitySerializer,
        tags=TAGS,
    ),
    signup=extend_schema(
        summary="报名活动",
        description=(
            "党员本人报名(不填 person),或管理人员为党员登记。活动开始后本人不能再报名,"
            "人数已满或已报名的不能报名;组织单位可在活动开始后为到场的党员补登。"
        ),
        request=VolunteerPersonInput,
        responses={201: VolunteerSignupSerializer},
        tags=TAGS,
    ),
)
class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, PublishedViewSet
):
    queryset = VolunteerActivity.objects.all()
    serializer_class = VolunteerActivitySerializer
    filterset_class = selectors.ActivityFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.activity_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(VolunteerActivityInput)
        return self.written(lambda: services.activity_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        activity = self.get_object()
        changes = self.parse(VolunteerActivityUpdateInput, partial=True)
        if not changes:
            return self.answer(activity.pk)
        return self.written(
            lambda: services.activity_update(actor=request.user, activity=activity, **changes), pk=activity.pk
        )

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        activity = self.get_object()
        data = self.parse(VolunteerActivityCancelInput)
        return self.written(
            lambda: services.activity_cancel(actor=request.user, activity=activity, reason=data["reason"]),
            pk=activity.pk,
        )

    @action(detail=True, methods=["post"])
    def signup(self, request: Request, pk: Any = None) -> Response:
        activity = self.get_object()
        data = self.parse(VolunteerPersonInput)
        with transaction.atomic():
            signup = services.signup_create(actor=request.user, activity=activity, person=_person_of(request, data))
            signup = Signup.objects.select_related("activity", "person__org").get(pk=signup.pk)
            return Response(VolunteerSignupSerializer(signup).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="报名记录列表",
        description="活动组织单位看到全部报名,党组织看到本组织党员的报名,党员本人只看到自己的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="报名记录详情", tags=TAGS),
    withdraw=extend_schema(
        summary="取消报名",
        description="活动开始前可取消;时长已确认的不能取消。",
        request=None,
        responses={204: OpenApiResponse(description="已取消报名")},
        tags=TAGS,
    ),
    confirm=extend_schema(
        summary="确认服务时长",
        description=(
            "活动结束后由组织单位确认:大于0且不超过活动时长(按半小时向上取整);确认的时长计入积分。"
            "填0为撤销确认,相应积分一并撤销。"
        ),
        request=VolunteerHoursConfirmInput,
        responses=VolunteerSignupSerializer,
        tags=TAGS,
    ),
)
class SignupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Signup.objects.select_related("activity", "person__org").order_by("-activity__starts_at", "id")
    serializer_class = VolunteerSignupSerializer
    filterset_class = selectors.SignupFilter

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        services.signup_withdraw(actor=request.user, signup=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        signup = self.get_object()
        data = self.parse(VolunteerHoursConfirmInput)
        return self.written(
            lambda: services.signup_confirm(actor=request.user, signup=signup, hours=data["hours"]), pk=signup.pk
        )


YEAR_PARAMETER = OpenApiParameter("year", int, required=False, description="年度(按活动开始日期;不填为全部年度)")


def _year_param(request: Request) -> int | None:
    raw = request.query_params.get("year", "").strip()
    if not raw:
        return None
    if not (raw.isdigit() and 1900 <= int(raw) <= 2099):
        raise ValidationError({"year": [f"年度“{raw}”无效,应为1900至2099之间的年份"]})
    return int(raw)


@extend_schema_view(
    list=extend_schema(
        summary="党员志愿服务时长",
        description="每名党员已确认的服务次数和时长,按时长从多到少;可按年度、党组织(含下级)、姓名筛选。",
        parameters=[YEAR_PARAMETER],
        tags=TAGS,
    ),
)
class MemberHoursViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = VolunteerMemberHoursSerializer
    filterset_class = selectors.MemberHoursFilter

    def list(self, request: Request) -> Response:
        filterset, people = selectors.member_hours(request.user, request.query_params, _year_param(request))
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return self.paginated(people)

    def get_queryset(self) -> Any:
        return selectors.member_hours(self.request.user, {}, None)[1]


class HoursSummaryView(ApiViewMixin, APIView):
    api_error_codes = (400, 401)

    @extend_schema(
        summary="志愿服务时长汇总",
        description=(
            "某党组织(默认本组织)已确认的服务人数、人次和时长:合计、各直属下级组织(含其下级)和本级,"
            "以及各志愿服务队。组织代码不在管理范围内时结果为空。"
        ),
        parameters=[
            YEAR_PARAMETER,
            OpenApiParameter("root", str, required=False, description="汇总的党组织代码(默认本组织)"),
        ],
        responses=VolunteerHoursSummarySerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        year = _year_param(request)
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        total, orgs = selectors.org_hours(request.user, year, org)
        teams = selectors.team_hours(request.user, year, org) if org is not None else []
        payload = {"year": year, "org": org, "total": total, "orgs": orgs, "teams": teams}
        return Response(VolunteerHoursSummarySerializer(payload).data)


router = SimpleRouter()
router.register("volunteers/teams", TeamViewSet, basename="api-volunteer-team")
router.register("volunteers/team-members", TeamMemberViewSet, basename="api-volunteer-member")
router.register("volunteers/activities", ActivityViewSet, basename="api-volunteer-activity")
router.register("volunteers/signups", SignupViewSet, basename="api-volunteer-signup")
router.register("volunteers/member-hours", MemberHoursViewSet, basename="api-volunteer-member-hours")
urlpatterns = [path("volunteers/hours/", HoursSummaryView.as_view(), name="api-volunteer-hours"), *router.urls]
