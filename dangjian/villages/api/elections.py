"""API of 村级换届: rounds (with progress), the villages' changes, committee members and the structure report."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.selectors import org_by_code
from dangjian.core.views.common import home_org
from dangjian.villages.choices import CommitteeSide, ElectionBody
from dangjian.villages.models import CommitteeMember, ElectionChange, ElectionRound
from dangjian.villages.selectors import elections as selectors
from dangjian.villages.services import elections as services

TAGS = ["村级治理-村级换届"]


class ElectionRoundSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(label="完成进度(已完成村/范围内村)")

    class Meta:
        model = ElectionRound
        fields = ["id", "year", "period", "name", "starts_on", "ends_on", "progress"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_progress(self, obj: ElectionRound) -> str:
        return selectors.progress(self.context["request"].user, obj).text


class ElectionChangeSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="村党组织")
    body_display = serializers.CharField(source="get_body_display", read_only=True, label="换届机构(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    old_count = serializers.IntegerField(read_only=True, label="换届前人数")
    new_count = serializers.IntegerField(read_only=True, label="换届后人数")
    secretary_name = serializers.CharField(read_only=True, allow_null=True, label="换届后书记")

    class Meta:
        model = ElectionChange
        fields = [
            "id",
            "round",
            "org",
            "body",
            "body_display",
            "election_date",
            "term_start",
            "term_end",
            "status",
            "status_display",
            "previous",
            "note",
            "old_count",
            "new_count",
            "secretary_name",
        ]
        read_only_fields = fields


class CommitteeMemberSerializer(serializers.ModelSerializer):
    post_display = serializers.CharField(source="get_post_display", read_only=True, label="职务(中文)")

    class Meta:
        model = CommitteeMember
        fields = [
            "id",
            "change",
            "side",
            "body",
            "post",
            "post_display",
            "name",
            "gender",
            "birth_date",
            "education",
            "concurrent",
            "person",
        ]
        read_only_fields = fields


class ElectionReportLineSerializer(serializers.Serializer):
    label = serializers.CharField(label="项目")
    before_text = serializers.CharField(label="换届前")
    after_text = serializers.CharField(label="换届后")
    points = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True, label="变化(百分点)")
    sentence = serializers.CharField(label="表述")


class ElectionReportSerializer(serializers.Serializer):
    villages = serializers.IntegerField(label="已完成换届的村")
    people_before = serializers.IntegerField(label="换届前人数")
    people_after = serializers.IntegerField(label="换届后人数")
    secretaries_changed = serializers.IntegerField(label="调整书记人数")
    secretaries_compared = serializers.IntegerField(label="可比较的村")
    lines = ElectionReportLineSerializer(many=True, label="结构")


class ElectionRoundInput(ChineseInputMixin, serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="换届年度")
    period = serializers.CharField(max_length=40, label="届次")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, label="批次名称")
    starts_on = DateInput(label="开始日期")
    ends_on = DateInput(required=False, allow_null=True, label="结束日期")


class ElectionChangeInput(ChineseInputMixin, serializers.Serializer):
    round = serializers.IntegerField(label="换届批次编号")
    org = ScopedOrgCodeField(label="村党组织代码")
    body = serializers.ChoiceField(choices=ElectionBody.choices, required=False, label="换届机构")
    election_date = DateInput(label="选举日期")
    term_start = DateInput(required=False, label="任期开始")
    term_end = DateInput(required=False, label="任期届满")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, label="备注")


class ElectionMemberRowInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=50, label="姓名")
    gender = serializers.CharField(label="性别")
    birth_date = DateInput(label="出生日期")
    education = serializers.CharField(label="学历")
    body = serializers.CharField(label="所在委员会")
    post = serializers.CharField(label="职务")
    concurrent = serializers.BooleanField(required=False, default=False, label="一肩挑")
    person = serializers.IntegerField(required=False, allow_null=True, label="党员编号")


class ElectionCommitteeInput(ChineseInputMixin, serializers.Serializer):
    side = serializers.ChoiceField(choices=CommitteeSide.choices, label="换届前后")
    members = ElectionMemberRowInput(many=True, label="成员")


@extend_schema_view(
    list=extend_schema(summary="换届批次列表", tags=TAGS),
    retrieve=extend_schema(summary="换届批次详情", tags=TAGS),
    create=extend_schema(
        summary="建立换届批次",
        description="县(区)委组织部建立,每年一个。",
        request=ElectionRoundInput,
        responses={201: ElectionRoundSerializer},
        tags=TAGS,
    ),
)
class RoundViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ElectionRound.objects.all()
    serializer_class = ElectionRoundSerializer

    def get_queryset(self) -> Any:
        return selectors.rounds_visible(self.request.user)

    def get_object(self) -> Any:
        return selectors.round_detail(self.request.user, self.kwargs["pk"])

    def create(self, request: Request) -> Response:
        data = self.parse(ElectionRoundInput)
        county = home_org(request.user)
        county = county if county is None or county.depth == 1 else county.county
        return self.written(lambda: services.round_create(actor=request.user, county=county, **data), created=True)


@extend_schema_view(
    list=extend_schema(summary="村级换届列表", tags=TAGS),
    retrieve=extend_schema(summary="村级换届详情", tags=TAGS),
    create=extend_schema(
        summary="登记村级换届",
        description="任期默认为选举日起5年;换届前班子自动取上次换届后的班子。",
        request=ElectionChangeInput,
        responses={201: ElectionChangeSerializer},
        tags=TAGS,
    ),
    committee=extend_schema(
        summary="登记两委成员",
        description="整体替换换届前(old)或换届后(new)的成员。",
        request=ElectionCommitteeInput,
        responses=ElectionChangeSerializer,
        tags=TAGS,
    ),
    complete=extend_schema(
        summary="确认换届完成",
        description="由乡镇(街道)党委或县(区)委组织部确认;换届后班子须有书记(主任)。",
        request=None,
        responses=ElectionChangeSerializer,
        tags=TAGS,
    ),
)
class ChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = ElectionChange.objects.all()
    serializer_class = ElectionChangeSerializer
    filterset_class = selectors.ChangeFilter

    def get_queryset(self) -> Any:
        return selectors.changes_visible(self.request.user).order_by("-round__year", "org_path", "id")

    def create(self, request: Request) -> Response:
        data = self.parse(ElectionChangeInput)
        election_round = selectors.round_detail(request.user, data.pop("round"))
        return self.written(
            lambda: services.change_create(actor=request.user, election_round=election_round, **data), created=True
        )

    @action(detail=True, methods=["post"])
    def committee(self, request: Request, pk: Any = None) -> Response:
        change = self.get_object()
        data = self.parse(ElectionCommitteeInput)
        rows = [dict(row) for row in data["members"]]
        return self.written(
            lambda: services.committee_set(actor=request.user, change=change, side=data["side"], rows=rows),
            pk=change.pk,
        )

    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        change = self.get_object()
        return self.written(lambda: services.change_complete(actor=request.user, change=change), pk=change.pk)


@extend_schema_view(
    list=extend_schema(summary="两委成员列表", tags=TAGS),
    retrieve=extend_schema(summary="两委成员详情", tags=TAGS),
)
class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = CommitteeMember.objects.order_by("change_id", "side", "body", "position", "id")
    serializer_class = CommitteeMemberSerializer
    filterset_class = selectors.MemberFilter


class ReportView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 404)

    @extend_schema(
        summary="换届结构分析",
        description="某批次已确认完成的村,换届前后两委班子结构:35岁以下、高中以上文化程度、女性、一肩挑,及变化的百分点。",
        parameters=[
            OpenApiParameter("round", int, required=False, description="换届批次编号(默认最近一批)"),
            OpenApiParameter("root", str, required=False, description="范围:乡镇或村党组织代码(默认本组织)"),
        ],
        responses=ElectionReportSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("round", "").strip()
        rounds = selectors.rounds_visible(request.user)
        election_round = selectors.round_detail(request.user, raw) if raw else rounds.first()
        if election_round is None:
            return Response(ElectionReportSerializer(selectors.Report()).data)
        code = request.query_params.get("root", "").strip()
        org = org_by_code(request.user, code) if code else home_org(request.user)
        if code and org is None:
            return Response(ElectionReportSerializer(selectors.Report()).data)
        return Response(ElectionReportSerializer(selectors.structure_report(request.user, election_round, org)).data)


router = SimpleRouter()
router.register("elections/rounds", RoundViewSet, basename="api-village-election-round")
router.register("elections/changes", ChangeViewSet, basename="api-village-election-change")
router.register("elections/members", MemberViewSet, basename="api-village-election-member")
urlpatterns = [
    path("elections/report/", ReportView.as_view(), name="api-village-election-report"),
    *router.urls,
]
