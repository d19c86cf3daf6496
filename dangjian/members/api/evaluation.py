"""API of 民主评议党员: campaigns, each member's entry (self-assessment, ballots), the branch's grades and the
follow-up of members graded 不合格. Reads go through the scoped selectors; writes through the services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.choices import Standing
from dangjian.members.choices import FollowupMeasure, Grade
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.selectors import evaluation as selectors
from dangjian.members.services import evaluation as services

TAGS = ["民主评议"]
OUTCOME_STANDINGS = [(Standing.WITHDRAWN.value, "退党(劝其退党)"), (Standing.REMOVED.value, "除名")]


# --- output -------------------------------------------------------------------------------------------------


class CampaignSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="党支部")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    members = serializers.IntegerField(read_only=True, label="参加评议党员数")
    probationary_count = serializers.IntegerField(read_only=True, label="预备党员数(不评定等次)")
    self_assessed = serializers.IntegerField(read_only=True, label="已填写个人自评人数")
    excellent = serializers.IntegerField(read_only=True, label="优秀")
    qualified = serializers.IntegerField(read_only=True, label="合格")
    basic = serializers.IntegerField(read_only=True, label="基本合格")
    unqualified = serializers.IntegerField(read_only=True, label="不合格")

    class Meta:
        model = EvaluationCampaign
        fields = [
            "id",
            "org",
            "year",
            "started_on",
            "decided_on",
            "status",
            "status_display",
            "note",
            "members",
            "probationary_count",
            "self_assessed",
            "excellent",
            "qualified",
            "basic",
            "unqualified",
        ]
        read_only_fields = fields


class FollowupSerializer(serializers.ModelSerializer):
    entry = serializers.IntegerField(source="entry_id", read_only=True, label="评议结果编号")
    person = PersonRefSerializer(source="entry.person", read_only=True, label="党员")
    year = serializers.IntegerField(source="entry.campaign.year", read_only=True, label="评议年度")
    org = OrgRefSerializer(source="entry.campaign.org", read_only=True, label="党支部")
    measure_display = serializers.CharField(source="get_measure_display", read_only=True, label="处置方式(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    overdue = serializers.SerializerMethodField(label="已逾期未办结")

    class Meta:
        model = EvaluationFollowup
        fields = [
            "id",
            "entry",
            "person",
            "year",
            "org",
            "measure",
            "measure_display",
            "decided_on",
            "deadline",
            "overdue",
            "status",
            "status_display",
            "closed_on",
            "outcome",
        ]
        read_only_fields = fields

    def get_overdue(self, followup: EvaluationFollowup) -> bool:
        return selectors.followup_is_overdue(followup)


class EntrySerializer(serializers.ModelSerializer):
    campaign = serializers.IntegerField(source="campaign_id", read_only=True, label="民主评议编号")
    year = serializers.IntegerField(source="campaign.year", read_only=True, label="年度")
    org = OrgRefSerializer(source="campaign.org", read_only=True, label="党支部")
    person = PersonRefSerializer(read_only=True, label="党员")
    grade = serializers.ChoiceField(choices=Grade.choices, allow_blank=True, read_only=True, label="评定等次(可为空)")
    grade_display = serializers.CharField(source="get_grade_display", read_only=True, label="评定等次(中文)")
    followup = serializers.SerializerMethodField(label="不合格党员的组织处置(没有时为空)")

    class Meta:
        model = EvaluationEntry
        fields = [
            "id",
            "campaign",
            "year",
            "org",
            "person",
            "probationary",
            "self_assessment",
            *services.BALLOT_FIELDS,
            "grade",
            "grade_display",
            "followup",
        ]
        read_only_fields = fields

    def get_followup(self, entry: EvaluationEntry) -> dict[str, Any] | None:
        followup = getattr(entry, "followup", None)
        return FollowupSerializer(followup).data if followup is not None else None


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="开展民主评议:党支部、年度和开始日期")
class CampaignStartInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="党支部代码")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    started_on = DateInput(label="开始日期")


@extend_schema_serializer(description="一名党员的评定等次")
class GradeInput(ChineseInputMixin, serializers.Serializer):
    person = serializers.IntegerField(label="党员编号")
    grade = serializers.ChoiceField(choices=Grade.choices, label="评定等次")


@extend_schema_serializer(description="支部党员大会确定等次:全部正式党员的等次(预备党员不评定等次)")
class DecideInput(ChineseInputMixin, serializers.Serializer):
    decided_on = DateInput(label="确定等次日期")
    grades = GradeInput(many=True, label="等次")


@extend_schema_serializer(description="个人自评")
class SelfAssessmentInput(ChineseInputMixin, serializers.Serializer):
    self_assessment = serializers.CharField(label="个人自评")


@extend_schema_serializer(description="党员互评和民主测评票数:只提交要修改的项目")
class BallotsInput(ChineseInputMixin, serializers.ModelSerializer):
    class Meta:
        model = EvaluationEntry
        fields = list(services.BALLOT_FIELDS)
        extra_kwargs = {field: {"required": False, "min_value": 0} for field in services.BALLOT_FIELDS}


@extend_schema_serializer(description="对评定为不合格的党员作出组织处置;限期改正须规定不超过1年的期限")
class FollowupInput(ChineseInputMixin, serializers.Serializer):
    measure = serializers.ChoiceField(choices=FollowupMeasure.choices, label="处置方式")
    decided_on = DateInput(label="决定日期")
    deadline = DateInput(required=False, allow_null=True, label="期限")


@extend_schema_serializer(description="办结组织处置;劝其退党、除名须填写支部大会决定日期和上级批准日期,并同时变更党籍")
class FollowupCloseInput(ChineseInputMixin, serializers.Serializer):
    closed_on = DateInput(label="办结日期")
    outcome = serializers.CharField(max_length=200, label="处置结果")
    to_standing = serializers.ChoiceField(
        choices=OUTCOME_STANDINGS, required=False, allow_blank=True, label="党籍变动(退党或除名,没有时不填)"
    )
    branch_resolution_on = DateInput(required=False, allow_null=True, label="支部大会决定日期")
    approved_on = DateInput(required=False, allow_null=True, label="上级党组织批准日期")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="民主评议列表",
        description="您管理范围内各党支部的年度民主评议,含参评人数和各等次人数。可按党组织(含下级)、年度、状态筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="民主评议详情", tags=TAGS),
    create=extend_schema(
        summary="开展民主评议",
        description=(
            "每个党支部每年一次(ORG-08)。开始日期当天在册的党员(正常、失联、出国出境)均列入评议名单,"
            "预备党员参加评议但不评定等次。"
        ),
        request=CampaignStartInput,
        responses={201: CampaignSerializer},
        tags=TAGS,
    ),
    decide=extend_schema(
        summary="确定等次",
        description=(
            "支部党员大会确定每名正式党员的等次(优秀、合格、基本合格、不合格)。每名正式党员都须评定;"
            "预备党员不评定等次;优秀不超过评定等次党员的三分之一(ORG-08)。确定后不能再修改票数和自评。"
        ),
        request=DecideInput,
        responses=CampaignSerializer,
        tags=TAGS,
    ),
)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = selectors.with_counts(EvaluationCampaign.objects.select_related("org")).order_by("-year", "org_path")
    serializer_class = CampaignSerializer
    filterset_class = selectors.CampaignFilter

    def create(self, request: Request) -> Response:
        data = self.parse(CampaignStartInput)
        return self.written(lambda: services.evaluation_start(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: Any = None) -> Response:
        campaign = self.get_object()
        data = self.parse(DecideInput)
        grades = {row["person"]: row["grade"] for row in data["grades"]}
        return self.written(
            lambda: services.evaluation_decide(
                actor=request.user, campaign=campaign, grades=grades, decided_on=data["decided_on"]
            ),
            pk=campaign.pk,
        )


@extend_schema_view(
    list=extend_schema(
        summary="评议党员列表",
        description="参加民主评议的党员及其自评、票数、等次和组织处置。党员账号只看到本人。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="评议党员详情", tags=TAGS),
    self_assessment=extend_schema(
        summary="填写个人自评",
        description="本人或所在党支部填写;确定等次后不能修改。",
        request=SelfAssessmentInput,
        responses=EntrySerializer,
        tags=TAGS,
    ),
    ballots=extend_schema(
        summary="登记互评和测评票数",
        description="按等次登记党员互评和民主测评的票数;互评票数合计不超过参加评议的党员人数。",
        request=BallotsInput,
        responses=EntrySerializer,
        tags=TAGS,
    ),
    followup=extend_schema(
        summary="作出组织处置",
        description=("对评定为不合格的党员:限期改正(期限自决定之日起不超过1年,ORG-11)、劝其退党、除名或给予党纪处分。"),
        request=FollowupInput,
        responses={201: FollowupSerializer},
        tags=TAGS,
    ),
)
class EntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = EvaluationEntry.objects.select_related("person", "campaign__org", "followup").order_by(
        "-campaign__year", "org_path", "id"
    )
    serializer_class = EntrySerializer
    filterset_class = selectors.EntryFilter

    @action(detail=True, methods=["post"], url_path="self-assessment")
    def self_assessment(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        data = self.parse(SelfAssessmentInput)
        return self.written(
            lambda: services.evaluation_self_assessment_save(
                actor=request.user, entry=entry, text=data["self_assessment"]
            ),
            pk=entry.pk,
        )

    @action(detail=True, methods=["post"])
    def ballots(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        counts = self.parse(BallotsInput, partial=True)
        if not counts:
            return self.answer(entry.pk)
        return self.written(
            lambda: services.evaluation_ballots_save(actor=request.user, entry=entry, **counts), pk=entry.pk
        )

    @action(detail=True, methods=["post"])
    def followup(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        data = self.parse(FollowupInput)
        with transaction.atomic():
            followup = services.evaluation_followup_create(actor=request.user, entry=entry, **data)
        followup = selectors.followup_detail(request.user, followup.pk)
        return Response(FollowupSerializer(followup).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="组织处置列表",
        description="评定为不合格的党员的组织处置,含期限和是否逾期;可筛选逾期未办结的。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="组织处置详情", tags=TAGS),
    close=extend_schema(
        summary="办结组织处置",
        description=(
            "填写办结日期和结果。劝其退党或除名的,同时办理党籍变动(退党或除名),须有支部党员大会决定日期和上级"
            "党组织批准日期;除名由上级党委办理。"
        ),
        request=FollowupCloseInput,
        responses=FollowupSerializer,
        tags=TAGS,
    ),
)
class FollowupViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = EvaluationFollowup.objects.select_related("entry__person", "entry__campaign__org").order_by(
        "status", "deadline", "id"
    )
    serializer_class = FollowupSerializer
    filterset_class = selectors.FollowupFilter

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        followup = self.get_object()
        data = self.parse(FollowupCloseInput)
        data["to_standing"] = data.get("to_standing") or None
        return self.written(
            lambda: services.evaluation_followup_close(actor=request.user, followup=followup, **data), pk=followup.pk
        )


router = SimpleRouter()
router.register("evaluation/campaigns", CampaignViewSet, basename="api-evaluation-campaign")
router.register("evaluation/entries", EntryViewSet, basename="api-evaluation-entry")
router.register("evaluation/followups", FollowupViewSet, basename="api-evaluation-followup")
urlpatterns = router.urls
