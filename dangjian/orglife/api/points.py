"""API of 积分管理: schemes and their versions, entries (claims, reviews, branch entries), the ranking with star
ratings, and a member's own points."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core import clock
from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedPersonField
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.choices import MemberCategory
from dangjian.core.models import Person
from dangjian.core.scoping import published_to
from dangjian.members.api.dues import MonthInput
from dangjian.orglife.choices import Cycle, PointSource
from dangjian.orglife.models import PointEntry, PointItem, PointScheme
from dangjian.orglife.selectors import points as selectors
from dangjian.orglife.services import points as services

TAGS = ["积分管理"]


# --- output -------------------------------------------------------------------------------------------------


class PointItemSerializer(serializers.ModelSerializer):
    source_display = serializers.CharField(source="get_source_display", read_only=True, label="计分方式(中文)")
    cap_cycle_display = serializers.CharField(source="get_cap_cycle_display", read_only=True, label="上限周期(中文)")

    class Meta:
        model = PointItem
        fields = ["id", "name", "source", "source_display", "points", "cap", "cap_cycle", "cap_cycle_display", "order"]
        read_only_fields = fields


class PointSchemeSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True, label="党员类别(中文)")
    items = PointItemSerializer(many=True, read_only=True, label="积分项目")

    class Meta:
        model = PointScheme
        fields = ["id", "category", "category_display", "name", "effective_from", "items"]
        read_only_fields = fields


class PointEntrySerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    item = serializers.CharField(source="item.name", read_only=True, label="积分项目")
    item_id = serializers.IntegerField(read_only=True, label="积分项目编号")
    source_display = serializers.CharField(source="get_source_display", read_only=True, label="计分方式(中文)")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")

    class Meta:
        model = PointEntry
        fields = [
            "id",
            "person",
            "org",
            "item",
            "item_id",
            "source",
            "source_display",
            "ref",
            "month",
            "occurred_on",
            "quantity",
            "points",
            "status",
            "status_display",
            "note",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields


class RankRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="person_id", read_only=True, label="党员编号")
    person_id = serializers.IntegerField(read_only=True, label="党员编号")
    name = serializers.CharField(read_only=True, label="姓名")
    org_id = serializers.IntegerField(read_only=True, label="所在党组织编号")
    org_name = serializers.CharField(read_only=True, label="所在党组织")
    category = serializers.CharField(read_only=True, label="党员类别")
    category_label = serializers.CharField(read_only=True, label="党员类别(中文)")
    total = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True, label="积分")
    branch_rank = serializers.IntegerField(read_only=True, label="支部内排名(竞争排名:并列同名次,其后顺延)")
    branch_size = serializers.IntegerField(read_only=True, label="支部党员数")
    township_rank = serializers.IntegerField(read_only=True, label="乡镇(街道)内排名")
    township_size = serializers.IntegerField(read_only=True, label="乡镇(街道)党员数")
    stars = serializers.IntegerField(read_only=True, label="星级(年度排名时)")


class MyPointsSerializer(serializers.Serializer):
    person = PersonRefSerializer(read_only=True, allow_null=True, label="党员(账号未关联党员时为 null)")
    month_total = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True, label="本月积分")
    year_total = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True, label="本年积分")
    stars = serializers.IntegerField(read_only=True, label="星级")
    thresholds = serializers.ListField(child=serializers.DecimalField(max_digits=7, decimal_places=1), label="星级标准")
    next_star = serializers.DecimalField(
        max_digits=7, decimal_places=1, read_only=True, allow_null=True, label="升一星所需年度积分"
    )
    rank = RankRowSerializer(read_only=True, allow_null=True, label="排名")
    claim_items = PointItemSerializer(many=True, read_only=True, label="可申报的积分项目")
    entries = PointEntrySerializer(many=True, read_only=True, default=list, label="本年积分记录(最近100条)")


# --- input --------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="积分项目:名称、计分方式、分值、周期上限")
class ItemInput(ChineseInputMixin, serializers.Serializer):
    name = serializers.CharField(max_length=100, label="积分项目")
    source = serializers.ChoiceField(choices=PointSource.choices, label="计分方式")
    points = serializers.DecimalField(max_digits=6, decimal_places=1, label="每次(每小时)分值(负数为扣分)")
    cap = serializers.DecimalField(
        max_digits=7, decimal_places=1, required=False, allow_null=True, label="周期上限(不设上限为 null)"
    )
    cap_cycle = serializers.ChoiceField(choices=Cycle.choices, required=False, label="上限周期(默认每月)")
    order = serializers.IntegerField(min_value=0, max_value=32767, required=False, label="排序")


@extend_schema_serializer(description="制定积分方案(某党员类别的第一个版本)")
class SchemeInput(ChineseInputMixin, serializers.Serializer):
    category = serializers.ChoiceField(choices=MemberCategory.choices, label="党员类别")
    name = serializers.CharField(max_length=100, label="方案名称")
    effective_from = MonthInput(label="起始月份(年-月)")
    items = ItemInput(many=True, label="积分项目")


@extend_schema_serializer(description="修订积分方案:从以后的某月起生效的新版本;不提交 items 时沿用原版本的项目")
class ReviseInput(ChineseInputMixin, serializers.Serializer):
    effective_from = MonthInput(label="新版本起始月份(年-月)")
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, label="方案名称(不填沿用)")
    items = ItemInput(many=True, required=False, label="积分项目")


class _EntryFields(ChineseInputMixin, serializers.Serializer):
    """积分记录的共同项目。"""

    item = serializers.IntegerField(label="积分项目编号")
    occurred_on = DateInput(label="发生日期")
    quantity = serializers.DecimalField(max_digits=7, decimal_places=1, required=False, label="数量(默认1)")
    note = serializers.CharField(max_length=200, allow_blank=True, label="事由")

    def validate_item(self, value: int) -> PointItem:
        item = published_to(PointItem.objects.select_related("scheme"), self.context["request"].user)
        found = item.filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError(f"编号为{value}的积分项目不存在")
        return found


@extend_schema_serializer(description="党员申报积分(双量双评):不填 person 为本人")
class ClaimInput(_EntryFields):
    person = ScopedPersonField(required=False, label="党员编号(不填为本人)")


@extend_schema_serializer(description="支部登记积分(奖励或扣分)")
class BranchEntryInput(_EntryFields):
    person = ScopedPersonField(label="党员编号")


@extend_schema_serializer(description="审核积分申报")
class ReviewInput(ChineseInputMixin, serializers.Serializer):
    approve = serializers.BooleanField(label="是否通过")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, label="审核意见(不通过时必填)")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="积分方案列表",
        description="本县(区)各党员类别的积分方案各版本及其积分项目;category 可筛选党员类别。",
        parameters=[OpenApiParameter("category", str, required=False, description="党员类别")],
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="积分方案详情", tags=TAGS),
    create=extend_schema(
        summary="制定积分方案",
        description=(
            "县(区)委组织部为某党员类别制定第一个版本。起始月份须晚于已结账月份;分值只有支部登记项目可为负数;"
            "项目名称不能重复。"
        ),
        request=SchemeInput,
        responses={201: PointSchemeSerializer},
        tags=TAGS,
    ),
    revise=extend_schema(
        summary="修订积分方案",
        description="从以后的某月起生效的新版本;此前月份仍按原版本计分,已结账月份不受影响。",
        request=ReviseInput,
        responses={201: PointSchemeSerializer},
        tags=TAGS,
    ),
)
class PointSchemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = PointScheme.objects.prefetch_related("items").order_by("category", "-effective_from")
    serializer_class = PointSchemeSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        """A county publishes its schemes to its whole subtree."""
        schemes = published_to(self.queryset.all(), self.request.user)
        category = self.request.query_params.get("category", "").strip()
        return schemes.filter(category=category) if category else schemes

    def get_object(self) -> Any:
        try:
            return published_to(self.queryset.all(), self.request.user).get(pk=self.kwargs["pk"])
        except (PointScheme.DoesNotExist, ValueError, TypeError):
            raise Http404("对象不存在") from None

    def create(self, request: Request) -> Response:
        data = self.parse(SchemeInput)
        county = selectors.user_county(request.user)
        if county is None:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        items = [dict(item) for item in data.pop("items")]
        return self.written(
            lambda: services.scheme_create(actor=request.user, county=county, items=items, **data), created=True
        )

    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: Any = None) -> Response:
        scheme = self.get_object()
        data = self.parse(ReviseInput)
        items = [dict(item) for item in data["items"]] if "items" in data else None
        return self.written(
            lambda: services.scheme_revise(
                actor=request.user,
                scheme=scheme,
                effective_from=data["effective_from"],
                name=data.get("name"),
                items=items,
            ),
            created=True,
        )


@extend_schema_view(
    list=extend_schema(
        summary="积分记录列表",
        description=(
            "您管理范围内党员的积分记录(党员账号只看本人):自动计分、党员申报和支部登记。"
            "可按党组织、党员、月份(年-月)、年度、计分方式、状态、党员类别筛选。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="积分记录详情", tags=TAGS),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已删除")},
        summary="删除积分记录",
        description="支部删除误登记的支部登记或已审核申报(该月未结账时);自动计分记录随来源记录变化,不能删除。",
        tags=TAGS,
    ),
    claim=extend_schema(
        summary="申报积分",
        description="党员申报本人积分(或支部代为申报),待支部审核;发生日期不能晚于今天,已结账月份不能申报。",
        request=ClaimInput,
        responses={201: PointEntrySerializer},
        tags=TAGS,
    ),
    branch=extend_schema(
        summary="支部登记积分",
        description="支部为党员登记奖励或扣分,登记后即按项目分值和周期上限计入。",
        request=BranchEntryInput,
        responses={201: PointEntrySerializer},
        tags=TAGS,
    ),
    review=extend_schema(
        summary="审核积分申报",
        description="支部审核党员申报:通过时按项目分值和周期上限计入,不通过须填写审核意见;不能审核本人的申报。",
        request=ReviewInput,
        responses=PointEntrySerializer,
        tags=TAGS,
    ),
    withdraw=extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="已撤回")},
        summary="撤回积分申报",
        description="撤回待审核的申报(本人或支部)。",
        tags=TAGS,
    ),
)
class PointEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ScopedViewSet):
    queryset = PointEntry.objects.select_related("person__org", "item").order_by("-occurred_on", "-id")
    serializer_class = PointEntrySerializer
    filterset_class = selectors.EntryFilter

    def _entry_data(self, data: dict[str, Any]) -> dict[str, Any]:
        if data.get("quantity") is None:
            data.pop("quantity", None)
        return data

    @action(detail=False, methods=["post"])
    def claim(self, request: Request) -> Response:
        data = self._entry_data(self.parse(ClaimInput))
        person = data.pop("person", None)
        if person is None:
            person = Person.objects.filter(pk=getattr(request.user, "person_id", None)).first()
            if person is None:
                raise ValidationError({"person": ["该账号没有关联党员,请填写党员编号"]})
        return self.written(lambda: services.point_claim(actor=request.user, person=person, **data), created=True)

    @action(detail=False, methods=["post"])
    def branch(self, request: Request) -> Response:
        data = self._entry_data(self.parse(BranchEntryInput))
        return self.written(lambda: services.point_entry_branch(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: Any = None) -> Response:
        entry = self.get_object()
        data = self.parse(ReviewInput)
        return self.written(
            lambda: services.point_claim_review(
                actor=request.user, entry=entry, approve=data["approve"], note=data.get("note", "")
            ),
            pk=entry.pk,
        )

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        services.point_claim_withdraw(actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.point_entry_delete(actor=request.user, entry=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ListPagination(ApiPagination):
    """Pages of a ranking computed in Python."""

    django_paginator_class = Paginator


@extend_schema_view(
    list=extend_schema(
        summary="党员积分排名",
        description=(
            "您管理范围内党员的月度或年度积分,及其在所在党支部、乡镇(街道)内的排名(竞争排名:积分相同名次相同,"
            "其后名次顺延,如1、2、2、4;按支部、乡镇全体党员排名)。已结账月份按冻结的积分统计。"
            "不填 month 为 year 全年(默认今年),年度排名给出星级。"
        ),
        parameters=[
            OpenApiParameter("org", str, required=False, description="党组织代码(含全部下级)"),
            OpenApiParameter("category", str, required=False, description="党员类别"),
            OpenApiParameter("search", str, required=False, description="姓名"),
            OpenApiParameter("year", int, required=False, description="年度"),
            OpenApiParameter("month", str, required=False, description="月份(年-月,如 2026-03)"),
        ],
        responses=RankRowSerializer(many=True),
        tags=TAGS,
    ),
)
class PointRankingViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = RankRowSerializer
    pagination_class = ListPagination
    filter_backends: list[Any] = []

    def list(self, request: Request) -> Response:
        filterset, _, _, rows = selectors.ranking(request.user, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class MyPointsView(ApiViewMixin, APIView):
    api_error_codes = (401,)

    @extend_schema(
        summary="我的积分",
        description=(
            "本账号对应党员的本月、本年积分,星级,支部和乡镇内排名,可申报的项目和本年积分记录;"
            "账号未关联党员时 person 为 null,积分为0。"
        ),
        responses=MyPointsSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        person = Person.objects.select_related("org").filter(pk=getattr(request.user, "person_id", None)).first()
        if person is None:  # an account of an org, not of a member: nothing of its own
            thresholds = selectors.setting_of(selectors.user_county(request.user)).star_thresholds
            empty = {"person": None, "month_total": 0, "year_total": 0, "stars": 0, "thresholds": thresholds}
            return Response(MyPointsSerializer(empty | {"next_star": None, "rank": None, "claim_items": []}).data)
        summary = selectors.member_points(person)
        entries = selectors.person_entries(request.user, person, year=clock.today().year)
        body = {
            "person": person,
            "month_total": summary.month_total,
            "year_total": summary.year_total,
            "stars": summary.stars,
            "thresholds": summary.thresholds,
            "next_star": summary.next_star,
            "rank": summary.rank,
            "claim_items": summary.claim_items,
            "entries": list(entries.select_related("person__org")[:100]),
        }
        return Response(MyPointsSerializer(body).data)


router = SimpleRouter()
router.register("points/schemes", PointSchemeViewSet, basename="api-point-scheme")
router.register("points/entries", PointEntryViewSet, basename="api-point-entry")
router.register("points/ranking", PointRankingViewSet, basename="api-point-ranking")
urlpatterns = [path("points/mine/", MyPointsView.as_view(), name="api-my-points"), *router.urls]
