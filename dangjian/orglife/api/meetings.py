"""API of 三会一课 and 主题党日: meetings (plan, change, cancel, record as held, take attendance), attendance
rows, and the member's check-in by the meeting's QR token."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.orglife.choices import AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.orglife.models import Attendance, Meeting
from dangjian.orglife.permissions import can_manage_branch
from dangjian.orglife.selectors import meetings as selectors
from dangjian.orglife.services import meetings as services

TAGS = ["三会一课"]


# --- output ----------------------------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.Serializer):
    item = serializers.CharField(read_only=True, label="议程")
    done = serializers.BooleanField(read_only=True, label="已完成")


class MeetingSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="党组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="会议类型(中文)")
    host = PersonRefSerializer(read_only=True, label="主持人(本支部党员)")
    agenda = AgendaItemSerializer(many=True, read_only=True, label="议程")
    status = serializers.SerializerMethodField(label="状态")
    status_display = serializers.SerializerMethodField(label="状态(中文)")
    attendance_rate = serializers.SerializerMethodField(label="出席率(实到/应到)")

    class Meta:
        model = Meeting
        fields = [
            "id",
            "org",
            "kind",
            "kind_display",
            "topic",
            "starts_at",
            "ends_at",
            "held_on",
            "place",
            "host",
            "host_name",
            "agenda",
            "status",
            "status_display",
            "held",
            "recorded_at",
            "backfilled",
            "cancelled",
            "cancel_reason",
            "expected_count",
            "present_count",
            "leave_count",
            "absent_count",
            "attendance_rate",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=MeetingStatus.choices))
    def get_status(self, meeting: Meeting) -> str:
        return str(selectors.status_of(meeting))

    def get_status_display(self, meeting: Meeting) -> str:
        return str(MeetingStatus(selectors.status_of(meeting)).label)

    def get_attendance_rate(self, meeting: Meeting) -> str:
        return selectors.rate_label(meeting)


class MeetingDetailSerializer(MeetingSerializer):
    alerts = serializers.SerializerMethodField(label="提醒(主题党日日期、到会人数、未录入)")
    checkin_token = serializers.SerializerMethodField(label="签到码(仅本会议的管理者可见)")

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "minutes", "alerts", "checkin_token"]
        read_only_fields = fields

    def get_alerts(self, meeting: Meeting) -> list[str]:
        return selectors.meeting_alerts(meeting)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_checkin_token(self, meeting: Meeting) -> str | None:
        request = self.context.get("request")
        return meeting.checkin_token if request and can_manage_branch(request.user, meeting.org) else None


class AttendanceSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    meeting = serializers.PrimaryKeyRelatedField(read_only=True, label="会议编号")
    meeting_topic = serializers.CharField(source="meeting.topic", read_only=True, label="会议主题")
    meeting_kind = serializers.ChoiceField(
        source="meeting.kind", choices=MeetingKind.choices, read_only=True, label="会议类型"
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="出席情况(中文)")
    method_display = serializers.CharField(source="get_method_display", read_only=True, label="登记方式(中文)")

    class Meta:
        model = Attendance
        fields = [
            "id",
            "meeting",
            "meeting_topic",
            "meeting_kind",
            "held_on",
            "person",
            "status",
            "status_display",
            "reason",
            "method",
            "method_display",
            "checked_in_at",
        ]
        read_only_fields = fields


# --- input -----------------------------------------------------------------------------------------------------


class _MeetingFields(ChineseInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices, label="会议类型")
    topic = serializers.CharField(max_length=100, label="主题")
    starts_at = serializers.DateTimeField(label="开始时间")
    ends_at = serializers.DateTimeField(label="结束时间")
    place = serializers.CharField(max_length=100, label="地点")
    host = ScopedPersonField(required=False, allow_null=True, label="主持人(本支部党员编号)")
    host_name = serializers.CharField(
        required=False, allow_blank=True, max_length=50, label="非本支部主持人或授课人姓名"
    )
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=100, allow_blank=False),
        required=False,
        max_length=services.MAX_AGENDA_ITEMS,
        label="议程(主题党日须从本县规定议程中选择)",
    )


@extend_schema_serializer(description="安排会议")
class MeetingInput(_MeetingFields):
    org = ScopedOrgCodeField(label="党组织代码")


@extend_schema_serializer(description="修改会议安排(录入召开情况前):只提交要修改的项目")
class MeetingUpdateInput(_MeetingFields):
    pass


@extend_schema_serializer(description="取消会议")
class CancelInput(ChineseInputMixin, serializers.Serializer):
    reason = serializers.CharField(max_length=200, label="取消原因")


@extend_schema_serializer(description="登记召开情况")
class RecordHeldInput(ChineseInputMixin, serializers.Serializer):
    minutes = serializers.CharField(max_length=services.MINUTES_LENGTH, label="会议记录")
    done_items = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, label="已完成的议程"
    )


class AttendanceEntryInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    status = serializers.ChoiceField(choices=AttendanceStatus.choices, label="出席情况")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200, label="请假或缺席原因")


@extend_schema_serializer(description="登记出席情况")
class AttendanceTakeInput(ChineseInputMixin, serializers.Serializer):
    entries = AttendanceEntryInput(many=True, label="出席情况(每名党员一项)")


@extend_schema_serializer(description="扫码签到")
class CheckinInput(ChineseInputMixin, serializers.Serializer):
    token = serializers.CharField(max_length=64, label="签到码(会议二维码链接中的一段)")


# --- views -----------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="会议活动列表",
        description=(
            "您管理范围内的三会一课、主题党日、组织生活会等,新的在前。可按党组织、类型、状态、日期、"
            "召开情况、补录、主题筛选;出席率给出实到/应到人数。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="会议详情", description="含会议记录、提醒和(管理者可见的)签到码。", tags=TAGS),
    create=extend_schema(
        summary="安排会议",
        description=(
            "由党组织书记或上级管理员安排。主题党日的议程须从本县规定议程中选择;"
            "不在本县主题党日固定日期的可以安排,详情中给出提醒。"
        ),
        request=MeetingInput,
        responses={201: MeetingDetailSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改会议安排",
        description="录入召开情况前可修改;改了日期的,已登记的出席情况和积分随之改到新日期。",
        request=MeetingUpdateInput,
        responses=MeetingDetailSerializer,
        tags=TAGS,
    ),
    cancel=extend_schema(
        summary="取消会议",
        description="须填写取消原因;已录入召开情况的会议不能取消。已签到党员的积分随之收回。",
        request=CancelInput,
        responses=MeetingDetailSerializer,
        tags=TAGS,
    ),
    record_held=extend_schema(
        summary="登记召开情况",
        description="会议开始后登记会议记录和已完成的议程;超过本县规定天数录入的记为补录并保留录入时间。",
        request=RecordHeldInput,
        responses=MeetingDetailSerializer,
        tags=TAGS,
    ),
    attendance=extend_schema(
        summary="登记出席情况",
        description=(
            "书记为应到党员登记正常、迟到、事假、病假、公假或缺席;请假和缺席须填写原因;"
            "会议开始前只能登记请假。出席人数和党员的参会积分随之更新。"
        ),
        request=AttendanceTakeInput,
        responses=MeetingDetailSerializer,
        tags=TAGS,
    ),
    checkin=extend_schema(
        summary="扫码签到",
        description=(
            "党员本人提交会议二维码中的签到码:仅在签到时间内(会前至会后本县规定的分钟数),仅限该会议的应到党员;"
            "开始后超过规定分钟数的记为迟到;重复签到不重复记录。"
        ),
        request=CheckinInput,
        responses={200: AttendanceSerializer, 201: AttendanceSerializer},
        tags=TAGS,
    ),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Meeting.objects.select_related("org", "host").order_by("-held_on", "-starts_at", "-id")
    serializer_class = MeetingSerializer
    filterset_class = selectors.MeetingFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self) -> Any:
        return MeetingSerializer if self.action == "list" else MeetingDetailSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(MeetingInput)
        return self.written(lambda: services.meeting_plan(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        meeting = self.get_object()
        changes = self.parse(MeetingUpdateInput, partial=True)
        if not changes:
            return self.answer(meeting.pk)
        return self.written(
            lambda: services.meeting_update(actor=request.user, meeting=meeting, **changes), pk=meeting.pk
        )

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        meeting = self.get_object()
        data = self.parse(CancelInput)
        return self.written(
            lambda: services.meeting_cancel(actor=request.user, meeting=meeting, reason=data["reason"]), pk=meeting.pk
        )

    @action(detail=True, methods=["post"], url_path="record-held")
    def record_held(self, request: Request, pk: Any = None) -> Response:
        meeting = self.get_object()
        data = self.parse(RecordHeldInput)
        return self.written(
            lambda: services.meeting_record_held(actor=request.user, meeting=meeting, **data), pk=meeting.pk
        )

    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: Any = None) -> Response:
        meeting = self.get_object()
        data = self.parse(AttendanceTakeInput)
        entries = [dict(entry) for entry in data["entries"]]
        return self.written(
            lambda: services.attendance_take(actor=request.user, meeting=meeting, entries=entries), pk=meeting.pk
        )

    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def checkin(self, request: Request) -> Response:
        data = self.parse(CheckinInput)
        with transaction.atomic():
            before = Attendance.objects.filter(
                meeting__checkin_token=data["token"], person_id=getattr(request.user, "person_id", None)
            ).first()
            row = services.checkin(actor=request.user, token=data["token"])
            created = before is None
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(AttendanceSerializer(row).data, status=code)


@extend_schema_view(
    list=extend_schema(
        summary="出席记录列表",
        description=(
            "每名党员在每次会议的出席情况(正常、迟到、请假、缺席及原因,扫码或书记登记)。"
            "党员账号只看到本人的记录。可按党组织、会议、党员、会议类型、出席情况、日期、姓名筛选。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="出席记录详情", tags=TAGS),
)
class AttendanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Attendance.objects.select_related("person", "meeting").order_by("-held_on", "meeting_id", "id")
    serializer_class = AttendanceSerializer
    filterset_class = selectors.AttendanceFilter


router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="api-orglife-meeting")
router.register("meeting-attendance", AttendanceViewSet, basename="api-orglife-attendance")
urlpatterns = router.urls
