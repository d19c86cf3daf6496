"""API of 双报到: registrations of in-service members with the community where they live, and their service.

Both sides read the same registration: the home branch (its members) and the community (the members
registered with it). The community sees the member's name and phone, nothing else of the home roll.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Org
from dangjian.members.models import CommunityRegistration, CommunityService
from dangjian.members.selectors import dual as selectors
from dangjian.members.services import dual as dual_services

TAGS = ["双报到"]


# --- output -------------------------------------------------------------------------------------------------


@extend_schema_serializer(description="报到社区可以看到的党员信息:姓名和联系电话")
class RegisteredPersonSerializer(serializers.Serializer):
    # What the community may see of the member: name and phone, nothing else of the home roll.

    id = serializers.IntegerField(read_only=True, label="党员编号")
    name = serializers.CharField(read_only=True, label="姓名")
    phone = serializers.CharField(read_only=True, label="联系电话")


class RegistrationSerializer(serializers.ModelSerializer):
    person = RegisteredPersonSerializer(read_only=True, label="党员")
    home_org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    community = OrgRefSerializer(read_only=True, label="报到社区党组织")
    active = serializers.SerializerMethodField(label="报到中")
    hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, read_only=True, allow_null=True, label="本年度服务时长(小时)"
    )
    confirmed_hours = serializers.DecimalField(
        max_digits=7, decimal_places=1, read_only=True, allow_null=True, label="本年度社区已确认的服务时长(小时)"
    )

    class Meta:
        model = CommunityRegistration
        fields = [
            "id",
            "person",
            "home_org",
            "community",
            "registered_on",
            "ended_on",
            "active",
            "skills",
            "note",
            "hours",
            "confirmed_hours",
        ]
        read_only_fields = fields

    def get_active(self, registration: CommunityRegistration) -> bool:
        return registration.ended_on is None


class ServiceSerializer(serializers.ModelSerializer):
    registration = serializers.IntegerField(source="registration_id", read_only=True, label="报到记录编号")
    person = RegisteredPersonSerializer(source="registration.person", read_only=True, label="党员")
    community = OrgRefSerializer(source="registration.community", read_only=True, label="报到社区党组织")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="服务时长(小时)")

    class Meta:
        model = CommunityService
        fields = [
            "id",
            "registration",
            "person",
            "community",
            "served_on",
            "hours",
            "content",
            "confirmed_by_community",
        ]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class CommunityCodeField(serializers.CharField):
    """A community's Party organisation by its code, in any county of the deployment (the member lives there)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Org:
        code = super().run_validation(data)
        org = Org.objects.filter(code=code).first()
        if org is None:
            raise serializers.ValidationError(f"组织代码“{code}”不存在")
        return org


@extend_schema_serializer(description="在职党员到居住地社区报到")
class RegisterInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    community = CommunityCodeField(label="报到社区党组织代码(可为本平台任一县的社区)")
    registered_on = DateInput(label="报到日期")
    skills = serializers.CharField(required=False, allow_blank=True, max_length=200, label="特长与服务意向")


@extend_schema_serializer(description="结束报到")
class EndInput(ChineseInputMixin, serializers.Serializer):
    ended_on = DateInput(label="结束日期")


@extend_schema_serializer(description="登记社区服务")
class ServiceInput(ChineseInputMixin, serializers.Serializer):
    served_on = DateInput(label="服务日期")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, min_value=0, label="服务时长(小时)")
    content = serializers.CharField(max_length=300, label="服务内容")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="双报到列表",
        description=(
            "side=home:本组织党员到社区报到的情况;side=community:到本社区报到的党员(只显示姓名和联系电话)。"
            "不填时两者都列出。含本年度服务时长。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="报到详情", tags=TAGS),
    create=extend_schema(
        summary="到社区报到",
        description=(
            "由党员所在党组织办理;报到社区须为社区党组织(社区党支部、党总支或党委),可在本平台任一县。"
            "党员的组织关系不变。同一时间只能在一个社区报到。"
        ),
        request=RegisterInput,
        responses={201: RegistrationSerializer},
        tags=TAGS,
    ),
    end=extend_schema(
        summary="结束报到",
        description="所在党组织或报到社区均可办理。",
        request=EndInput,
        responses=RegistrationSerializer,
        tags=TAGS,
    ),
    services=extend_schema(
        summary="登记社区服务",
        description="本人、所在党组织或报到社区登记;社区登记的视为已确认,其他须由社区确认。",
        request=ServiceInput,
        responses={201: ServiceSerializer},
        tags=TAGS,
    ),
)
class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet):
    queryset = CommunityRegistration.objects.select_related("person__org", "community").order_by(
        "ended_on", "-registered_on", "id"
    )
    serializer_class = RegistrationSerializer
    filterset_class = selectors.RegistrationFilter

    def get_queryset(self) -> Any:
        return selectors.with_hours(super().get_queryset(), clock.today().year)

    def filter_queryset(self, queryset: Any) -> Any:
        filterset = selectors.RegistrationFilter(
            self.request.query_params or None, queryset=queryset, user=self.request.user
        )
        if filterset.is_bound and not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs

    def create(self, request: Request) -> Response:
        data = self.parse(RegisterInput)
        return self.written(lambda: dual_services.dual_register(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        registration = self.get_object()
        data = self.parse(EndInput)
        return self.written(
            lambda: dual_services.dual_end(actor=request.user, registration=registration, ended_on=data["ended_on"]),
            pk=registration.pk,
        )

    @action(detail=True, methods=["post"])
    def services(self, request: Request, pk: Any = None) -> Response:
        registration = self.get_object()
        data = self.parse(ServiceInput)
        with transaction.atomic():
            service = dual_services.dual_service_record(actor=request.user, registration=registration, **data)
        service = selectors.service_detail(request.user, service.pk)
        return Response(ServiceSerializer(service).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="社区服务记录列表", description="报到党员在社区的服务:日期、时长、内容、社区是否确认。", tags=TAGS
    ),
    retrieve=extend_schema(summary="社区服务记录详情", tags=TAGS),
    confirm=extend_schema(
        summary="社区确认服务记录",
        description="只有报到社区可以确认。",
        request=None,
        responses=ServiceSerializer,
        tags=TAGS,
    ),
)
class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = CommunityService.objects.select_related("registration__person", "registration__community").order_by(
        "-served_on", "-id"
    )
    serializer_class = ServiceSerializer
    filterset_class = selectors.ServiceFilter

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: Any = None) -> Response:
        service = self.get_object()
        return self.written(
            lambda: dual_services.dual_service_confirm(actor=request.user, service=service), pk=service.pk
        )


router = SimpleRouter()
router.register("dual/registrations", RegistrationViewSet, basename="api-dual-registration")
router.register("dual/services", ServiceViewSet, basename="api-dual-service")
urlpatterns = router.urls
