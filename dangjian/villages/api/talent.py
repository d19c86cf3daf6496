"""API of the talent pools: talent records (with their status changes), service teams (members join and leave),
secondments (挂职, ended with a reason when early) and "1+N" mentoring pairs (mentees, notes, end)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ModelInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.scoping import scoped
from dangjian.villages import rules
from dangjian.villages.choices import TalentStatus
from dangjian.villages.models import (
    MentoringMentee,
    MentoringNote,
    MentoringPair,
    Secondment,
    ServiceTeam,
    ServiceTeamMember,
    Talent,
)
from dangjian.villages.selectors import talent as selectors
from dangjian.villages.services import talent as services

TAGS = ["村级治理-人才队伍"]


# --- output -------------------------------------------------------------------------------------------------


class TalentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Talent
        fields = ["id", "name", "pool"]
        read_only_fields = fields


class TalentSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所属组织")
    person = PersonRefSerializer(read_only=True, allow_null=True, label="对应党员")
    pool_display = serializers.CharField(source="get_pool_display", read_only=True, label="人才类别(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    age = serializers.SerializerMethodField(label="年龄(今天)")

    class Meta:
        model = Talent
        fields = [
            "id",
            "org",
            "person",
            "pool",
            "pool_display",
            "name",
            "gender",
            "birth_date",
            "age",
            "education",
            "political_status",
            "phone",
            "speciality",
            "expert_field",
            "started_business",
            "business",
            "entry_date",
            "status",
            "status_display",
            "status_reason",
            "status_date",
            "notes",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_age(self, talent: Talent) -> int:
        return rules.talent_age(talent.birth_date, clock.today())


class TeamMemberSerializer(serializers.ModelSerializer):
    talent = TalentRefSerializer(read_only=True, label="人才")

    class Meta:
        model = ServiceTeamMember
        fields = ["id", "talent", "is_leader", "joined_on", "left_on"]
        read_only_fields = fields


class ServiceTeamSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所属组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="类别(中文)")
    current = serializers.IntegerField(read_only=True, label="在队人数")
    members = serializers.SerializerMethodField(label="队员(含已退出)")

    class Meta:
        model = ServiceTeam
        fields = [
            "id",
            "org",
            "name",
            "kind",
            "kind_display",
            "service_area",
            "founded_on",
            "dissolved_on",
            "current",
            "members",
        ]
        read_only_fields = fields

    @extend_schema_field(TeamMemberSerializer(many=True))
    def get_members(self, team: ServiceTeam) -> list[dict[str, Any]]:
        rows = team.members.select_related("talent").order_by("left_on", "-is_leader", "id")
        return TeamMemberSerializer(rows, many=True).data


class SecondmentSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="挂职单位")
    from_org = OrgRefSerializer(read_only=True, allow_null=True, label="派出组织")
    person = PersonRefSerializer(read_only=True, allow_null=True, label="对应党员")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    ending_soon = serializers.SerializerMethodField(label="30天内期满")

    class Meta:
        model = Secondment
        fields = [
            "id",
            "org",
            "from_org",
            "from_unit",
            "person",
            "name",
            "original_post",
            "post",
            "start",
            "term_months",
            "end",
            "status",
            "status_display",
            "ending_soon",
            "ended_on",
            "end_reason",
            "notes",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField())
    def get_ending_soon(self, item: Secondment) -> bool:
        return item.status == "active" and rules.ending_soon(item.end, clock.today())


class MenteeSerializer(serializers.ModelSerializer):
    talent = TalentRefSerializer(read_only=True, label="帮带对象")

    class Meta:
        model = MentoringMentee
        fields = ["id", "talent", "joined_on", "ended_on"]
        read_only_fields = fields


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentoringNote
        fields = ["id", "noted_on", "content"]
        read_only_fields = fields


class MentoringSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所属组织")
    mentor_person = PersonRefSerializer(read_only=True, allow_null=True, label="导师(党员)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    mentees = serializers.SerializerMethodField(label="帮带对象(含已结束)")
    notes = serializers.SerializerMethodField(label="帮带记录(最近20条)")

    class Meta:
        model = MentoringPair
        fields = [
            "id",
            "org",
            "mentor_name",
            "mentor_person",
            "mentor_post",
            "start",
            "end",
            "goals",
            "status",
            "status_display",
            "ended_on",
            "mentees",
            "notes",
        ]
        read_only_fields = fields

    @extend_schema_field(MenteeSerializer(many=True))
    def get_mentees(self, pair: MentoringPair) -> list[dict[str, Any]]:
        return MenteeSerializer(pair.mentees.select_related("talent").order_by("ended_on", "id"), many=True).data

    @extend_schema_field(NoteSerializer(many=True))
    def get_notes(self, pair: MentoringPair) -> list[dict[str, Any]]:
        return NoteSerializer(pair.notes.order_by("-noted_on", "-id")[:20], many=True).data


# --- input --------------------------------------------------------------------------------------------------


class ScopedTalentField(serializers.IntegerField):
    """A talent record given by its number, looked up within the caller's scope."""

    def run_validation(self, data: Any = serializers.empty) -> Any:
        pk = super().run_validation(data)
        talent = scoped(Talent, self.context["request"].user).filter(pk=pk).first()
        if talent is None:
            raise serializers.ValidationError(f"编号为{pk}的人才不存在")
        return talent


class _TalentFields(ModelInput):
    person = ScopedPersonField(required=False, allow_null=True, label="对应党员编号")

    class Meta:
        model = Talent
        fields = list(services.TALENT_FIELDS)
        validators: list = []


@extend_schema_serializer(description="登记人才:关联党员时姓名、性别、出生日期、学历可不填(取党员信息)")
class TalentInput(_TalentFields):
    org = ScopedOrgCodeField(label="所属组织代码")
    pool = serializers.ChoiceField(choices=Talent._meta.get_field("pool").choices, label="人才类别")

    class Meta(_TalentFields.Meta):
        fields = ["org", "pool", *services.TALENT_FIELDS]
        extra_kwargs = {name: {"required": False} for name in ("name", "gender", "birth_date", "education")} | {
            "political_status": {"required": False},
            "entry_date": {"required": False},
        }


@extend_schema_serializer(description="修改人才信息:只提交要修改的项目")
class TalentUpdateInput(_TalentFields):
    pass


@extend_schema_serializer(description="变更人才状态:使用、退出须填原因")
class TalentStatusInput(ChineseInputMixin, serializers.Serializer):
    status = serializers.ChoiceField(choices=TalentStatus.choices, label="新状态")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, label="原因")
    on = DateInput(required=False, label="变更日期(默认今天)")


@extend_schema_serializer(description="组建服务队")
class TeamInput(ModelInput):
    org = ScopedOrgCodeField(label="所属组织代码")

    class Meta:
        model = ServiceTeam
        fields = ["org", "name", "kind", "service_area", "founded_on"]
        extra_kwargs = {"founded_on": {"required": False}}
        validators: list = []


@extend_schema_serializer(description="服务队添加队员")
class TeamMemberInput(ChineseInputMixin, serializers.Serializer):
    talent = ScopedTalentField(label="人才编号")
    is_leader = serializers.BooleanField(required=False, default=False, label="担任队长")


@extend_schema_serializer(description="队员退出服务队")
class TeamLeaveInput(ChineseInputMixin, serializers.Serializer):
    talent = ScopedTalentField(label="人才编号")


@extend_schema_serializer(description="登记挂职:期满日期 = 开始日期 + 期限(月),月末顺延至当月最后一天")
class SecondmentInput(ModelInput):
    org = ScopedOrgCodeField(label="挂职单位代码")
    from_org = ScopedOrgCodeField(required=False, allow_null=True, label="派出组织代码(本县组织时填写)")
    person = ScopedPersonField(required=False, allow_null=True, label="对应党员编号")

    class Meta:
        model = Secondment
        fields = [
            "org",
            "from_org",
            "person",
            "name",
            "from_unit",
            "original_post",
            "post",
            "start",
            "term_months",
            "notes",
        ]
        extra_kwargs = {"name": {"required": False}, "from_unit": {"required": False}}
        validators: list = []


@extend_schema_serializer(description="修改挂职:只提交要修改的项目;改期限时期满日期随之重算")
class SecondmentUpdateInput(ModelInput):
    class Meta:
        model = Secondment
        fields = list(services.SECONDMENT_FIELDS)
        validators: list = []


@extend_schema_serializer(description="结束挂职:期满前结束须填原因")
class SecondmentEndInput(ChineseInputMixin, serializers.Serializer):
    on = DateInput(required=False, label="结束日期(默认今天)")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, label="提前结束原因")


@extend_schema_serializer(description="建立1+N帮带")
class MentoringInput(ModelInput):
    org = ScopedOrgCodeField(label="所属组织代码")
    mentor_person = ScopedPersonField(required=False, allow_null=True, label="导师党员编号")
    mentees = serializers.ListField(child=ScopedTalentField(), min_length=1, label="帮带对象(人才编号)")

    class Meta:
        model = MentoringPair
        fields = ["org", "mentor_name", "mentor_person", "mentor_post", "start", "end", "goals", "mentees"]
        extra_kwargs = {"mentor_name": {"required": False}}
        validators: list = []


@extend_schema_serializer(description="添加帮带对象")
class MenteeInput(ChineseInputMixin, serializers.Serializer):
    talent = ScopedTalentField(label="人才编号")


@extend_schema_serializer(description="添加帮带记录")
class NoteInput(ChineseInputMixin, serializers.Serializer):
    noted_on = DateInput(label="日期")
    content = serializers.CharField(max_length=2000, label="帮带情况")


@extend_schema_serializer(description="结束帮带")
class MentoringEndInput(ChineseInputMixin, serializers.Serializer):
    on = DateInput(required=False, label="结束日期(默认今天)")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="人才列表",
        description="本组织及下级的人才库记录;可按类别、状态、乡镇、年龄段(young/middle/senior)、学历筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="人才详情", tags=TAGS),
    create=extend_schema(summary="登记人才", request=TalentInput, responses={201: TalentSerializer}, tags=TAGS),
    partial_update=extend_schema(
        summary="修改人才信息", request=TalentUpdateInput, responses=TalentSerializer, tags=TAGS
    ),
    status=extend_schema(
        summary="变更人才状态",
        description="在库→已使用/退出,已使用→退出/在库,退出→在库(重新入库);使用、退出须填原因。",
        request=TalentStatusInput,
        responses=TalentSerializer,
        tags=TAGS,
    ),
)
class TalentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Talent.objects.select_related("org", "person").order_by("org_path", "pool", "name", "id")
    serializer_class = TalentSerializer
    filterset_class = selectors.TalentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(TalentInput)
        return self.written(lambda: services.talent_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        talent = self.get_object()
        changes = self.parse(TalentUpdateInput, partial=True)
        if not changes:
            return self.answer(talent.pk)
        return self.written(lambda: services.talent_update(actor=request.user, talent=talent, **changes), pk=talent.pk)

    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: Any = None) -> Response:
        talent = self.get_object()
        data = self.parse(TalentStatusInput)
        return self.written(lambda: services.talent_set_status(actor=request.user, talent=talent, **data), pk=talent.pk)


@extend_schema_view(
    list=extend_schema(summary="人才服务队列表", description="本组织及下级的服务队,含队员。", tags=TAGS),
    retrieve=extend_schema(summary="人才服务队详情", tags=TAGS),
    create=extend_schema(summary="组建服务队", request=TeamInput, responses={201: ServiceTeamSerializer}, tags=TAGS),
    members=extend_schema(
        summary="服务队添加队员",
        description="本组织及下级在库的人才可以加入;一支队伍只有一名队长。",
        request=TeamMemberInput,
        responses=ServiceTeamSerializer,
        tags=TAGS,
    ),
    leave=extend_schema(summary="队员退出服务队", request=TeamLeaveInput, responses=ServiceTeamSerializer, tags=TAGS),
    dissolve=extend_schema(summary="解散服务队", request=None, responses=ServiceTeamSerializer, tags=TAGS),
)
class ServiceTeamViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ServiceTeam.objects.all()
    serializer_class = ServiceTeamSerializer
    filterset_class = selectors.TeamFilter

    def get_queryset(self) -> Any:
        return selectors.team_list(self.request.user, {})[1]

    def create(self, request: Request) -> Response:
        data = self.parse(TeamInput)
        return self.written(lambda: services.team_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def members(self, request: Request, pk: Any = None) -> Response:
        team = self.get_object()
        data = self.parse(TeamMemberInput)
        return self.written(lambda: services.team_member_add(actor=request.user, team=team, **data), pk=team.pk)

    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: Any = None) -> Response:
        team = self.get_object()
        data = self.parse(TeamLeaveInput)
        member = team.members.filter(talent=data["talent"]).first()
        if member is None:
            raise serializers.ValidationError({"talent": [f"{data['talent'].name}不是该服务队队员"]})
        return self.written(lambda: services.team_member_leave(actor=request.user, member=member), pk=team.pk)

    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, pk: Any = None) -> Response:
        team = self.get_object()
        return self.written(lambda: services.team_dissolve(actor=request.user, team=team), pk=team.pk)


@extend_schema_view(
    list=extend_schema(
        summary="挂职列表",
        description="在本组织及下级挂职的人员,以及本组织派出的人员;phase 可选 active、ending(30天内期满)、ended。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="挂职详情", tags=TAGS),
    create=extend_schema(summary="登记挂职", request=SecondmentInput, responses={201: SecondmentSerializer}, tags=TAGS),
    partial_update=extend_schema(
        summary="修改挂职", request=SecondmentUpdateInput, responses=SecondmentSerializer, tags=TAGS
    ),
    end=extend_schema(
        summary="结束挂职",
        description="期满日期当天或之后结束为期满结束;之前结束为提前结束,须填写原因。",
        request=SecondmentEndInput,
        responses=SecondmentSerializer,
        tags=TAGS,
    ),
)
class SecondmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    queryset = Secondment.objects.select_related("org", "from_org", "person").order_by("status", "end", "id")
    serializer_class = SecondmentSerializer
    filterset_class = selectors.SecondmentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(SecondmentInput)
        return self.written(lambda: services.secondment_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        changes = self.parse(SecondmentUpdateInput, partial=True)
        if not changes:
            return self.answer(item.pk)
        return self.written(
            lambda: services.secondment_update(actor=request.user, secondment=item, **changes), pk=item.pk
        )

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        item = self.get_object()
        data = self.parse(SecondmentEndInput)
        return self.written(lambda: services.secondment_end(actor=request.user, secondment=item, **data), pk=item.pk)


@extend_schema_view(
    list=extend_schema(summary="1+N帮带列表", description="本组织及下级的帮带组,含帮带对象和最近的记录。", tags=TAGS),
    retrieve=extend_schema(summary="1+N帮带详情", tags=TAGS),
    create=extend_schema(
        summary="建立1+N帮带",
        description="帮带对象为所属组织及下级在库的后备干部、一村一名大学生;每人只能有一名在帮导师。",
        request=MentoringInput,
        responses={201: MentoringSerializer},
        tags=TAGS,
    ),
    mentees=extend_schema(summary="添加帮带对象", request=MenteeInput, responses=MentoringSerializer, tags=TAGS),
    notes=extend_schema(summary="添加帮带记录", request=NoteInput, responses=MentoringSerializer, tags=TAGS),
    end=extend_schema(summary="结束帮带", request=MentoringEndInput, responses=MentoringSerializer, tags=TAGS),
)
class MentoringViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = MentoringPair.objects.select_related("org", "mentor_person").order_by("status", "org_path", "id")
    serializer_class = MentoringSerializer
    filterset_class = selectors.MentoringFilter

    def create(self, request: Request) -> Response:
        data = self.parse(MentoringInput)
        return self.written(lambda: services.mentoring_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def mentees(self, request: Request, pk: Any = None) -> Response:
        pair = self.get_object()
        data = self.parse(MenteeInput)
        return self.written(lambda: services.mentoring_add_mentee(actor=request.user, pair=pair, **data), pk=pair.pk)

    @action(detail=True, methods=["post"])
    def notes(self, request: Request, pk: Any = None) -> Response:
        pair = self.get_object()
        data = self.parse(NoteInput)
        return self.written(lambda: services.mentoring_note_add(actor=request.user, pair=pair, **data), pk=pair.pk)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        pair = self.get_object()
        data = self.parse(MentoringEndInput)
        return self.written(lambda: services.mentoring_end(actor=request.user, pair=pair, **data), pk=pair.pk)


router = SimpleRouter()
router.register("talent/talents", TalentViewSet, basename="api-village-talent")
router.register("talent/teams", ServiceTeamViewSet, basename="api-village-talent-team")
router.register("talent/secondments", SecondmentViewSet, basename="api-village-secondment")
router.register("talent/mentoring", MentoringViewSet, basename="api-village-mentoring")
urlpatterns = router.urls
