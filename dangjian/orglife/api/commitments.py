"""API of 五亮: entries (list, detail, write, submit, review) and the member's consent to the public card."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.models import Person
from dangjian.orglife.choices import CommitmentKind
from dangjian.orglife.models import Commitment
from dangjian.orglife.selectors import commitments as selectors
from dangjian.orglife.services import commitments as services

TAGS = ["五亮承诺"]


# --- output -------------------------------------------------------------------------------------------------


class CommitmentSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="类别(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    card_url = serializers.SerializerMethodField(label="公开名片地址(本人同意公开时)")

    class Meta:
        model = Commitment
        fields = [
            "id",
            "person",
            "org",
            "year",
            "kind",
            "kind_display",
            "content",
            "status",
            "status_display",
            "public",
            "submitted_at",
            "reviewed_at",
            "review_note",
            "card_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_card_url(self, obj: Commitment) -> str | None:
        if not obj.public:
            return None
        url = reverse("orglife:commitment_card", args=[selectors.card_token(obj.person_id)]) + f"?year={obj.year}"
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class CommitmentConsentSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="年度")
    public = serializers.BooleanField(label="同意公开展示")
    changed = serializers.IntegerField(label="变更的条目数")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="填写一项五亮承诺(草稿;submit=true 时直接提交审核)")
class CommitmentInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    kind = serializers.ChoiceField(choices=CommitmentKind.choices, label="类别")
    content = serializers.CharField(max_length=2000, label="内容")
    submit = serializers.BooleanField(required=False, default=False, label="同时提交审核")


@extend_schema_serializer(description="修改五亮承诺内容:修改后回到草稿(submit=true 时重新提交审核)")
class CommitmentUpdateInput(ChineseInputMixin, serializers.Serializer):
    content = serializers.CharField(max_length=2000, label="内容")
    submit = serializers.BooleanField(required=False, default=False, label="同时提交审核")


@extend_schema_serializer(description="审核五亮承诺:通过,或退回并填写意见")
class CommitmentReviewInput(ChineseInputMixin, serializers.Serializer):
    approve = serializers.BooleanField(label="审核结果:true 通过,false 退回")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="审核意见")


@extend_schema_serializer(description="同意或撤回公开展示本人某年度的五亮承诺")
class CommitmentConsentInput(ChineseInputMixin, serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2099, label="年度")
    public = serializers.BooleanField(label="同意公开展示")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="五亮承诺列表",
        description="亮身份、亮职责、亮承诺、亮业绩、亮形象条目及审核状态。党员账号只能看到本人的条目。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="五亮承诺详情", tags=TAGS),
    create=extend_schema(
        summary="填写五亮承诺",
        description="党员本人或其所在党组织的管理人员填写;每名党员每年每类一条。",
        request=CommitmentInput,
        responses={201: CommitmentSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改五亮承诺",
        description="内容有变化时回到草稿(或重新提交审核);已通过的条目修改后需重新审核。往年条目已归档,不能修改。",
        request=CommitmentUpdateInput,
        responses=CommitmentSerializer,
        tags=TAGS,
    ),
    submit=extend_schema(summary="提交审核", request=None, responses=CommitmentSerializer, tags=TAGS),
    review=extend_schema(
        summary="审核五亮承诺",
        description="党支部(或上级)管理人员审核待审核的条目;退回时必须填写审核意见;不能审核本人的条目。",
        request=CommitmentReviewInput,
        responses=CommitmentSerializer,
        tags=TAGS,
    ),
    consent=extend_schema(
        summary="同意或撤回公开展示",
        description="只有党员本人的账号可以决定是否在公开名片上展示本人某年度审核通过的条目;管理人员不能代为决定。",
        request=CommitmentConsentInput,
        responses=CommitmentConsentSerializer,
        tags=TAGS,
    ),
)
class CommitmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = Commitment.objects.select_related("person__org").order_by("-year", "org_path", "person_id", "kind")
    serializer_class = CommitmentSerializer
    filterset_class = selectors.CommitmentFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Request) -> Response:
        data = self.parse(CommitmentInput)
        return self.written(lambda: services.commitment_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        commitment = self.get_object()
        data = self.parse(CommitmentUpdateInput)
        return self.written(
            lambda: services.commitment_update(actor=request.user, commitment=commitment, **data), pk=commitment.pk
        )

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        commitment = self.get_object()
        return self.written(
            lambda: services.commitment_submit(actor=request.user, commitment=commitment), pk=commitment.pk
        )

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        commitment = self.get_object()
        data = self.parse(CommitmentReviewInput)
        return self.written(
            lambda: services.commitment_review(
                actor=request.user,
                commitment=commitment,
                approve=data["approve"],
                note=data.get("note", ""),
            ),
            pk=commitment.pk,
        )

    @action(detail=False, methods=["post"])
    def consent(self, request: Request) -> Response:
        data = self.parse(CommitmentConsentInput)
        person_id = getattr(request.user, "person_id", None)
        if person_id is None:
            raise PermissionDenied("只有党员本人可以同意或撤回公开展示五亮承诺")
        person = Person.objects.get(pk=person_id)
        changed = services.commitment_consent(
            actor=request.user, person=person, year=data["year"], public=data["public"]
        )
        return Response(CommitmentConsentSerializer({**data, "changed": changed}).data)


router = SimpleRouter()
router.register("commitments", CommitmentViewSet, basename="api-commitment")
urlpatterns = router.urls
