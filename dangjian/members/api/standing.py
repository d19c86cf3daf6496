"""API of 党籍: the change history (list, detail) and recording a change."""

from __future__ import annotations

from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedPersonField
from dangjian.core.choices import Standing
from dangjian.core.filters import subtree_filter
from dangjian.members.choices import StandingBasis
from dangjian.members.models import StandingChange
from dangjian.members.services.standing import standing_change

TAGS = ["党籍"]


class StandingChangeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True, label="姓名")
    from_standing_label = serializers.CharField(source="get_from_standing_display", read_only=True, label="原状态")
    to_standing_label = serializers.CharField(source="get_to_standing_display", read_only=True, label="新状态")
    basis_label = serializers.CharField(source="get_basis_display", read_only=True, label="依据")

    class Meta:
        model = StandingChange
        fields = [
            "id",
            "person",
            "person_name",
            "changed_on",
            "from_standing",
            "from_standing_label",
            "to_standing",
            "to_standing_label",
            "basis",
            "basis_label",
            "reason",
            "branch_resolution_on",
            "approved_on",
        ]


@extend_schema_serializer(description="变更党籍状态")
class StandingChangeInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    to_standing = serializers.ChoiceField(choices=Standing.choices, label="新党籍状态")
    changed_on = DateInput(label="生效日期")
    basis = serializers.ChoiceField(choices=StandingBasis.choices, label="依据")
    reason = serializers.CharField(max_length=300, label="理由")
    branch_resolution_on = DateInput(required=False, allow_null=True, label="支部大会决定日期")
    approved_on = DateInput(required=False, allow_null=True, label="上级党组织批准日期")


class StandingChangeFilter(django_filters.FilterSet):
    org = django_filters.CharFilter(method="filter_org", label="党组织代码(含全部下级)")
    person = django_filters.NumberFilter(field_name="person_id", label="党员编号")
    to_standing = django_filters.ChoiceFilter(choices=Standing.choices, label="新党籍状态")
    since = django_filters.DateFilter(field_name="changed_on", lookup_expr="gte", label="生效日期起")
    until = django_filters.DateFilter(field_name="changed_on", lookup_expr="lte", label="生效日期止")

    class Meta:
        model = StandingChange
        fields = ["org", "person", "to_standing", "since", "until"]

    def filter_org(self, queryset: Any, name: str, value: str) -> Any:
        return subtree_filter(queryset, "org_path", value) if value.strip() else queryset


@extend_schema_view(
    list=extend_schema(
        summary="党籍变动记录",
        description="您管理范围内党员的党籍变动(失联、出国出境、停止党籍、恢复党籍、出党、除名、去世、转出),新的在前。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="党籍变动详情", tags=TAGS),
    create=extend_schema(
        summary="变更党籍状态",
        description=(
            "停止党籍、除名、开除党籍、取消预备党员资格须填写支部大会决定日期和上级批准日期,由上级党委管理员办理;"
            "失联满6个月方可停止党籍,停止党籍满2年仍无法联系方可除名。出党、去世、转出后列入历史名册,不删除。"
        ),
        request=StandingChangeInput,
        responses={201: StandingChangeSerializer},
        tags=TAGS,
    ),
)
class StandingChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = StandingChange.objects.select_related("person").order_by("-changed_on", "-id")
    serializer_class = StandingChangeSerializer
    filterset_class = StandingChangeFilter

    def create(self, request: Request) -> Response:
        data = self.parse(StandingChangeInput)
        return self.written(lambda: standing_change(actor=request.user, **data), created=True)


router = SimpleRouter()
router.register("standing/changes", StandingChangeViewSet, basename="api-standing-change")
urlpatterns = router.urls
