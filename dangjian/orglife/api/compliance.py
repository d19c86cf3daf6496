"""API of compliance: each branch's requirement-periods and attendance for an org and a year (or a quarter or
month of it), the org's children rolled up, and ORG-10's list of members absent for six months."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin, ScopedViewSet
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org, Person
from dangjian.orglife import rules
from dangjian.orglife.permissions import require
from dangjian.orglife.selectors import compliance as selectors

TAGS = ["组织生活达标"]
SPAN_KEYS = [key for key, _label in rules.SPAN_CHOICES]
PARAMETERS = [
    OpenApiParameter(
        "org", str, required=False, description="党组织代码(默认本账号所在组织;不在管理范围内的视为无数据)"
    ),
    OpenApiParameter("year", int, required=False, description="年度(默认今年)"),
    OpenApiParameter(
        "period", str, required=False, enum=SPAN_KEYS, description="期间:year 全年(默认)、q1–q4 季度、m1–m12 月份"
    ),
]


class RowsPagination(ApiPagination):
    """Pages of rows computed in Python."""

    django_paginator_class = Paginator


# --- output -------------------------------------------------------------------------------------------------


class RatesMixin(serializers.Serializer):
    met = serializers.IntegerField(read_only=True, label="已开展(要求·周期)")
    due = serializers.IntegerField(read_only=True, label="应开展(要求·周期)")
    compliance_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, read_only=True, allow_null=True, label="达标率(%)"
    )
    compliance_text = serializers.CharField(read_only=True, label="达标率(已开展/应开展)")
    held = serializers.IntegerField(read_only=True, label="召开会议")
    backfilled = serializers.IntegerField(read_only=True, label="其中补录")
    attended = serializers.IntegerField(read_only=True, label="实到人次")
    expected = serializers.IntegerField(read_only=True, label="应到人次")
    attendance_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, read_only=True, allow_null=True, label="出席率(%)"
    )
    attendance_text = serializers.CharField(read_only=True, label="出席率(实到/应到)")


class CellSerializer(serializers.Serializer):
    org = OrgRefSerializer(read_only=True, label="党组织(党支部或其党小组)")
    requirement = serializers.CharField(read_only=True, label="要求")
    kind = serializers.CharField(source="requirement.kind", read_only=True, label="活动类型")
    period = serializers.CharField(source="period.label", read_only=True, label="周期")
    first = serializers.DateField(source="period.first", read_only=True, label="周期起始")
    last = serializers.DateField(source="period.last", read_only=True, label="周期截止")
    expected = serializers.IntegerField(read_only=True, label="应开展次数")
    held = serializers.IntegerField(read_only=True, label="已开展次数")
    backfilled = serializers.IntegerField(read_only=True, label="其中补录")
    state = serializers.CharField(read_only=True, label="情况(met、late_entry、missing、not_due)")
    state_label = serializers.CharField(read_only=True, label="情况(中文)")


class BranchRowSerializer(RatesMixin):
    id = serializers.IntegerField(source="org.pk", read_only=True, label="党组织编号")
    code = serializers.CharField(source="org.code", read_only=True, label="组织代码")
    name = serializers.CharField(source="org.name", read_only=True, label="党组织名称")
    missing = serializers.IntegerField(read_only=True, label="未开展(要求·周期)")
    late_entry = serializers.IntegerField(read_only=True, label="含补录(要求·周期)")
    compliant = serializers.BooleanField(read_only=True, label="全部达标")
    cells = CellSerializer(many=True, read_only=True, label="各要求各周期(cells=true 时)")


class RollupSerializer(RatesMixin):
    org = OrgRefSerializer(read_only=True, label="党组织")
    branches = serializers.IntegerField(read_only=True, label="党支部数")
    compliant_branches = serializers.IntegerField(read_only=True, label="全部达标党支部")
    compliant_text = serializers.CharField(read_only=True, label="全部达标党支部/党支部数")
    absent = serializers.IntegerField(read_only=True, label="连续6个月未参加组织生活的党员")


class SummarySerializer(serializers.Serializer):
    org = OrgRefSerializer(read_only=True, allow_null=True, label="党组织")
    year = serializers.IntegerField(label="年度")
    period = serializers.CharField(label="期间")
    period_label = serializers.CharField(label="期间(中文)")
    count = serializers.IntegerField(label="党支部数")
    total = RollupSerializer(allow_null=True, label="合计")
    children = RollupSerializer(many=True, label="各下级党组织")


class AbsentSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="党员状态(中文)")
    phone_masked = serializers.CharField(read_only=True, label="联系电话(脱敏)")
    last_attended = serializers.DateField(read_only=True, allow_null=True, label="最近一次参加组织生活")

    class Meta:
        model = Person
        fields = ["id", "name", "org", "status", "status_display", "joined_on", "last_attended", "phone_masked"]
        read_only_fields = fields


# --- views --------------------------------------------------------------------------------------------------


def _span(request: Request) -> selectors.Span:
    raw = request.query_params.get("year", "").strip()
    if raw and not (raw.isdigit() and 2000 <= int(raw) <= 2099):
        raise ValidationError({"year": [f"年度“{raw}”无效,应为2000至2099之间的年份"]})
    key = request.query_params.get("period", "").strip() or "year"
    if key not in SPAN_KEYS:
        raise ValidationError({"period": [f"期间“{key}”无效,应为 year、q1–q4 或 m1–m12"]})
    return selectors.Span.parse(raw, key)


def _org(request: Request) -> Org | None:
    require(selectors.may_view(request.user), "组织生活达标情况由党组织书记和各级管理员查看")
    return selectors.compliance_org(request.user, request.query_params.get("org"))


@extend_schema_view(
    list=extend_schema(
        summary="各党支部组织生活达标情况",
        description=(
            "org 下(含全部下级)每个党支部在所选期间的达标情况:已开展/应开展的要求·周期数、未开展、含补录,"
            "召开会议数(其中补录)和出席率(实到/应到人次)。党小组的党小组会计入其所在党支部。"
            "cells=true 时附各要求各周期的明细。所选期间内结束的周期才计入应开展(期间未结束且尚未开展的不计)。"
        ),
        parameters=[
            *PARAMETERS,
            OpenApiParameter("cells", bool, required=False, description="是否附各要求各周期的明细"),
            OpenApiParameter("search", str, required=False, description="党组织名称或代码"),
            OpenApiParameter(
                "state", str, required=False, enum=["compliant", "missing", "late_entry"], description="达标情况"
            ),
        ],
        tags=TAGS,
    )
)
class BranchComplianceViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Org.objects.none()
    serializer_class = BranchRowSerializer
    pagination_class = RowsPagination
    filter_backends: list = []

    def list(self, request: Request) -> Response:
        span = _span(request)
        org = _org(request)
        rows: list[selectors.BranchRow] = []
        if org is not None:
            cells = request.query_params.get("cells", "").strip().lower() in ("1", "true", "yes")
            filterset, rows = selectors.branch_rows(
                request.user, org, span, params=request.query_params, keep_cells=cells
            )
            if filterset.is_bound and not filterset.is_valid():
                raise ValidationError(filterset.errors)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(BranchRowSerializer(page, many=True).data)


class ComplianceSummaryView(ApiViewMixin, APIView):
    api_error_codes = (400, 401, 403)

    @extend_schema(
        summary="组织生活达标汇总",
        description=(
            "org 的直属下级(县为各乡镇街道)各自汇总其党支部:党支部数、全部达标党支部、已开展/应开展、召开会议"
            "(其中补录)、出席率和连续6个月未参加组织生活的党员数,以及合计。count 为合计的党支部数。"
        ),
        parameters=PARAMETERS,
        responses=SummarySerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        span = _span(request)
        org = _org(request)
        children: list[selectors.Rollup] = []
        total = None
        if org is not None:
            children, total = selectors.children_rollup_cached(request.user, org, span)
        body = {
            "org": org,
            "year": span.year,
            "period": span.key,
            "period_label": span.label,
            "count": total.branches if total else 0,
            "total": total,
            "children": children,
        }
        return Response(SummarySerializer(body).data)


@extend_schema_view(
    list=extend_schema(
        summary="连续6个月未参加组织生活的党员",
        description=(
            "管理范围内的党员(正常、失联、出国出境)中,近6个月没有参加(正常出席或迟到)任何组织生活的;"
            "入党或转入不满6个月的不列入。org=党组织代码(含全部下级),search=姓名。"
        ),
        tags=TAGS,
    )
)
class AbsentViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = AbsentSerializer
    filterset_class = selectors.AbsenceFilter

    def list(self, request: Request) -> Response:
        require(selectors.may_view(request.user), "组织生活达标情况由党组织书记和各级管理员查看")
        filterset, people = selectors.absence_list(request.user, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(people)
        last = selectors.last_attended(request.user, page)
        for person in page:
            person.last_attended = last.get(person.pk)
        return self.get_paginated_response(AbsentSerializer(page, many=True).data)

    def get_queryset(self) -> Any:
        return selectors.absence_list(self.request.user, {})[1]


router = SimpleRouter()
router.register("compliance/branches", BranchComplianceViewSet, basename="api-orglife-compliance-branch")
router.register("compliance/absent", AbsentViewSet, basename="api-orglife-compliance-absent")
urlpatterns = [
    path("compliance/summary/", ComplianceSummaryView.as_view(), name="api-orglife-compliance-summary"),
    *router.urls,
]
