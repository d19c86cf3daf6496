"""API of 第一书记 and 驻村工作队: postings (create, correct, end or replace), sign-ins, leave (ask, decide), work
reports (submit, review) and the month's presence list against the county's rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.choices import Gender
from dangjian.core.scoping import scoped
from dangjian.villages.choices import PostingEndReason, PostingRole, ReportCycle
from dangjian.villages.models import Posting, PostingLeave, PostingReport, PostingSignIn
from dangjian.villages.selectors import secretaries as selectors
from dangjian.villages.services import secretaries as services

TAGS = ["村级治理-第一书记"]


# --- output -------------------------------------------------------------------------------------------------


class PostingRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Posting
        fields = ["id", "name", "role"]
        read_only_fields = fields


class PostingSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="驻村")
    team_name = serializers.CharField(source="team.name", read_only=True, allow_null=True, label="驻村工作队")
    role_display = serializers.CharField(source="get_role_display", read_only=True, label="身份(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    end_reason_display = serializers.CharField(source="get_end_reason_display", read_only=True, label="结束原因(中文)")

    class Meta:
        model = Posting
        fields = [
            "id",
            "org",
            "team",
            "team_name",
            "role",
            "role_display",
            "person",
            "name",
            "gender",
            "birth_date",
            "sending_unit",
            "sending_post",
            "phone",
            "started_on",
            "planned_end_on",
            "ended_on",
            "status",
            "status_display",
            "end_reason",
            "end_reason_display",
            "end_note",
            "predecessor",
        ]
        read_only_fields = fields


class PostingSignInSerializer(serializers.ModelSerializer):
    posting = PostingRefSerializer(read_only=True, label="驻村任职")

    class Meta:
        model = PostingSignIn
        fields = ["id", "posting", "day", "signed_at", "place", "latitude", "longitude", "proxy"]
        read_only_fields = fields


class PostingLeaveSerializer(serializers.ModelSerializer):
    posting = PostingRefSerializer(read_only=True, label="驻村任职")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = PostingLeave
        fields = ["id", "posting", "starts_on", "ends_on", "reason", "status", "status_display", "decision_note"]
        read_only_fields = fields


class PostingReportSerializer(serializers.ModelSerializer):
    posting = PostingRefSerializer(read_only=True, label="驻村任职")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = PostingReport
        fields = [
            "id",
            "posting",
            "cycle",
            "period",
            "content",
            "achievements",
            "problems",
            "status",
            "status_display",
            "review_note",
            "score",
            "submitted_on",
            "reviewed_on",
        ]
        read_only_fields = fields


class PresenceSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="posting.pk", read_only=True, label="驻村任职编号")
    posting = PostingRefSerializer(read_only=True, label="驻村任职")
    org = OrgRefSerializer(source="posting.org", read_only=True, label="驻村")
    sending_unit = serializers.CharField(source="posting.sending_unit", label="派出单位")
    month = serializers.DateField(label="月份(首日)")
    days = serializers.IntegerField(label="在村天数")
    leave_days = serializers.IntegerField(label="批准请假天数")
    required = serializers.IntegerField(label="规定天数(不满整月折算)")
    minimum = serializers.IntegerField(label="满月规定天数")
    below = serializers.BooleanField(label="低于规定")
    text = serializers.CharField(label="情况")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="选派第一书记或驻村工作队员")
class PostingInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="驻村(村党组织代码)")
    role = serializers.ChoiceField(choices=PostingRole.choices, label="身份")
    name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="姓名(关联党员时可不填)")
    person = ScopedPersonField(required=False, allow_null=True, label="党员编号(可不填)")
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True, label="性别")
    birth_date = DateInput(required=False, allow_null=True, label="出生日期")
    sending_unit = serializers.CharField(max_length=100, label="派出单位")
    sending_post = serializers.CharField(required=False, allow_blank=True, max_length=100, label="原单位职务")
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="联系电话")
    started_on = DateInput(label="任职开始日期")
    planned_end_on = DateInput(required=False, allow_null=True, label="计划结束日期(默认按任期)")


@extend_schema_serializer(description="修改驻村人员信息:只提交要修改的项目")
class PostingUpdateInput(ChineseInputMixin, serializers.Serializer):
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="联系电话")
    sending_post = serializers.CharField(required=False, allow_blank=True, max_length=100, label="原单位职务")
    planned_end_on = DateInput(required=False, label="计划结束日期")


@extend_schema_serializer(description="轮换或撤换;填写 successor_name 时同时选派继任人员")
class PostingEndInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.ChoiceField(choices=PostingEndReason.choices, label="结束原因")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="说明(“其他”时必填)")
    ended_on = DateInput(required=False, label="结束日期(默认今天)")
    successor_name = serializers.CharField(required=False, allow_blank=True, max_length=50, label="继任人员姓名")
    successor_sending_unit = serializers.CharField(
        required=False, allow_blank=True, max_length=100, label="继任派出单位"
    )
    successor_phone = serializers.CharField(required=False, allow_blank=True, max_length=20, label="继任联系电话")


class PostingEndAnswer(serializers.Serializer):
    ended = PostingSerializer(label="结束的任职")
    successor = PostingSerializer(allow_null=True, label="继任人员的任职")


@extend_schema_serializer(description="签到:本人只能签今天;乡镇(街道)可补录以前的日期")
class SignInInput(ChineseInputMixin, serializers.Serializer):
    posting = serializers.IntegerField(label="驻村任职编号")
    day = DateInput(required=False, label="签到日期(默认今天)")
    place = serializers.CharField(required=False, allow_blank=True, max_length=100, label="签到地点")
    latitude = serializers.DecimalField(required=False, allow_null=True, max_digits=9, decimal_places=6, label="纬度")
    longitude = serializers.DecimalField(required=False, allow_null=True, max_digits=9, decimal_places=6, label="经度")


@extend_schema_serializer(description="请假")
class LeaveInput(ChineseInputMixin, serializers.Serializer):
    posting = serializers.IntegerField(label="驻村任职编号")
    starts_on = DateInput(label="请假开始日期")
    ends_on = DateInput(label="请假结束日期")
    reason = serializers.CharField(max_length=200, label="请假事由")


@extend_schema_serializer(description="审批请假或审核工作实绩")
class DecisionInput(ChineseInputMixin, serializers.Serializer):
    approve = serializers.BooleanField(label="通过/批准")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="意见(退回或不批准时必填)")
    score = serializers.IntegerField(required=False, allow_null=True, label="评分(0–100,仅工作实绩)")


@extend_schema_serializer(description="工作实绩申报")
class ReportInput(ChineseInputMixin, serializers.Serializer):
    posting = serializers.IntegerField(label="驻村任职编号")
    period = DateInput(label="申报期间(该月或该季度内任一天)")
    cycle = serializers.ChoiceField(choices=ReportCycle.choices, required=False, label="申报周期(默认按县里规定)")
    content = serializers.CharField(max_length=5000, label="主要工作")
    achievements = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="工作成效")
    problems = serializers.CharField(required=False, allow_blank=True, max_length=5000, label="存在问题")


def _posting_for(request: Request, pk: int) -> Posting:
    """A posting in the caller's scope or the caller's own; anything else is a 400 naming the field."""
    user = request.user
    found = (
        scoped(Posting, user).filter(pk=pk).first() or selectors.my_postings(user, active=False).filter(pk=pk).first()
    )
    if found is None:
        raise ValidationError({"posting": [f"编号为{pk}的驻村任职不存在"]})
    return found


class _OwnOrScopedViewSet(ScopedViewSet):
    """Rows in scope plus the posted person's own rows (their account may sit at another org)."""

    def get_queryset(self) -> Any:
        user = self.request.user
        base = self.queryset.all()
        own = selectors.my_postings(user, active=False).values("pk")
        lookup = Q(pk__in=own) if base.model is Posting else Q(posting__in=own)
        return (scoped(base, user) | base.filter(lookup)).distinct().order_by(*self.ordering)

    def get_object(self) -> Any:
        obj = self.get_queryset().filter(pk=self.kwargs["pk"]).first() if str(self.kwargs["pk"]).isdigit() else None
        if obj is None:
            raise Http404("对象不存在")
        return obj


@extend_schema_view(
    list=extend_schema(
        summary="驻村任职列表",
        description="第一书记和驻村工作队员;可按乡镇、组织、状态、身份、派出单位筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="驻村任职详情", tags=TAGS),
    create=extend_schema(
        summary="选派驻村人员",
        description="第一书记、工作队队长由县(区)委组织部选派;工作队员可由乡镇(街道)选派。每村同时只有一名在岗第一书记。",
        request=PostingInput,
        responses={201: PostingSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改驻村人员信息", request=PostingUpdateInput, responses=PostingSerializer, tags=TAGS
    ),
    end=extend_schema(
        summary="轮换或撤换",
        description="“不在村居住”“履职不力”记为撤换,其他记为轮换;可同时选派继任人员。原任职记录保留。",
        request=PostingEndInput,
        responses=PostingEndAnswer,
        tags=TAGS,
    ),
)
class PostingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    _OwnOrScopedViewSet,
):
    queryset = Posting.objects.select_related("org", "team")
    serializer_class = PostingSerializer
    filterset_class = selectors.PostingFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    ordering = ("status", "org_path", "role", "id")

    def create(self, request: Request) -> Response:
        data = self.parse(PostingInput)
        return self.written(lambda: services.posting_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        posting = self.get_object()
        changes = self.parse(PostingUpdateInput, partial=True)
        if not changes:
            return self.answer(posting.pk)
        return self.written(
            lambda: services.posting_update(actor=request.user, posting=posting, **changes), pk=posting.pk
        )

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        posting = self.get_object()
        data = self.parse(PostingEndInput)
        successor = None
        if (data.get("successor_name") or "").strip():
            successor = {"name": data["successor_name"]}
            for key in ("sending_unit", "phone"):
                if data.get(f"successor_{key}"):
                    successor[key] = data[f"successor_{key}"]
        ended, follower = services.posting_end(
            actor=request.user,
            posting=posting,
            reason=data["reason"],
            note=data.get("note", ""),
            ended_on=data.get("ended_on"),
            successor=successor,
        )
        payload = {"ended": ended, "successor": follower}
        return Response(PostingEndAnswer(payload).data)


@extend_schema_view(
    list=extend_schema(summary="在村签到列表", tags=TAGS),
    retrieve=extend_schema(summary="在村签到详情", tags=TAGS),
    create=extend_schema(
        summary="签到",
        description="每个任职每天一次;不能为以后的日期签到,不能早于任职开始或晚于任职结束。本人只签今天,乡镇(街道)补录的标注为代签。",
        request=SignInInput,
        responses={201: PostingSignInSerializer},
        tags=TAGS,
    ),
)
class SignInViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _OwnOrScopedViewSet):
    queryset = PostingSignIn.objects.select_related("posting")
    serializer_class = PostingSignInSerializer
    filterset_class = selectors.SignInFilter
    ordering = ("-day", "id")

    def create(self, request: Request) -> Response:
        data = self.parse(SignInInput)
        posting = _posting_for(request, data.pop("posting"))
        return self.written(lambda: services.signin_create(actor=request.user, posting=posting, **data), created=True)


@extend_schema_view(
    list=extend_schema(summary="驻村请假列表", tags=TAGS),
    retrieve=extend_schema(summary="驻村请假详情", tags=TAGS),
    create=extend_schema(summary="请假", request=LeaveInput, responses={201: PostingLeaveSerializer}, tags=TAGS),
    decide=extend_schema(
        summary="审批请假",
        description="乡镇(街道)或县级管理员审批;不批准时须填写理由。",
        request=DecisionInput,
        responses=PostingLeaveSerializer,
        tags=TAGS,
    ),
)
class LeaveViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _OwnOrScopedViewSet):
    queryset = PostingLeave.objects.select_related("posting")
    serializer_class = PostingLeaveSerializer
    filterset_class = selectors.LeaveFilter
    ordering = ("-starts_on", "id")

    def create(self, request: Request) -> Response:
        data = self.parse(LeaveInput)
        posting = _posting_for(request, data.pop("posting"))
        return self.written(lambda: services.leave_create(actor=request.user, posting=posting, **data), created=True)

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        leave = self.get_object()
        data = self.parse(DecisionInput)
        return self.written(
            lambda: services.leave_decide(
                actor=request.user, leave=leave, approve=data["approve"], note=data.get("note", "")
            ),
            pk=leave.pk,
        )


@extend_schema_view(
    list=extend_schema(summary="工作实绩申报列表", tags=TAGS),
    retrieve=extend_schema(summary="工作实绩申报详情", tags=TAGS),
    create=extend_schema(
        summary="申报工作实绩",
        description="每个任职每月(或季度)一份;被退回的可重新申报。",
        request=ReportInput,
        responses={201: PostingReportSerializer},
        tags=TAGS,
    ),
    review=extend_schema(
        summary="审核工作实绩",
        description="乡镇(街道)或县级管理员审核,村党组织不能审核;退回须填写理由,评分0–100可不填。",
        request=DecisionInput,
        responses=PostingReportSerializer,
        tags=TAGS,
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _OwnOrScopedViewSet):
    queryset = PostingReport.objects.select_related("posting")
    serializer_class = PostingReportSerializer
    filterset_class = selectors.ReportFilter
    ordering = ("-period", "id")

    def create(self, request: Request) -> Response:
        data = self.parse(ReportInput)
        posting = _posting_for(request, data.pop("posting"))
        return self.written(lambda: services.report_submit(actor=request.user, posting=posting, **data), created=True)

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        report = self.get_object()
        data = self.parse(DecisionInput)
        return self.written(
            lambda: services.report_review(
                actor=request.user,
                report=report,
                approve=data["approve"],
                note=data.get("note", ""),
                score=data.get("score"),
            ),
            pk=report.pk,
        )


class PresencePagination(ApiPagination):
    """Pages of rows computed in Python."""

    django_paginator_class = Paginator


@extend_schema_view(
    list=extend_schema(
        summary="在村天数名单",
        description=(
            "某月每名驻村人员的在村天数与规定天数(任职不满整月折算,批准请假按县里规定扣除);"
            "month=年月(如 2026-03,默认本月),below=true 只列不足的、false 只列达标的。"
        ),
        parameters=[
            OpenApiParameter("month", str, required=False, description="月份,如 2026-03(默认本月)"),
            OpenApiParameter("below", bool, required=False, description="true 仅不足;false 仅达标"),
        ],
        tags=TAGS,
    )
)
class PresenceViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Posting.objects.all()
    serializer_class = PresenceSerializer
    filterset_class = selectors.PresenceFilter
    pagination_class = PresencePagination

    def list(self, request: Request) -> Response:
        raw = request.query_params.get("month", "").strip()
        month = clock.today().replace(day=1)
        if raw:
            try:
                year, number = (int(part) for part in raw.split("-"))
                month = dt.date(year, number, 1)
            except ValueError:
                raise ValidationError({"month": [f"月份“{raw}”无效,应为如 2026-03 的年月"]}) from None
        below = {"true": True, "false": False}.get(request.query_params.get("below", "").strip().lower())
        filterset, rows = selectors.presence_rows(request.user, month, request.query_params, below=below)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(PresenceSerializer(page, many=True).data)


router = SimpleRouter()
router.register("secretaries/postings", PostingViewSet, basename="api-village-posting")
router.register("secretaries/signins", SignInViewSet, basename="api-village-signin")
router.register("secretaries/leaves", LeaveViewSet, basename="api-village-leave")
router.register("secretaries/reports", ReportViewSet, basename="api-village-report")
router.register("secretaries/presence", PresenceViewSet, basename="api-village-presence")
urlpatterns = router.urls
