"""API of recruitment (发展党员): applicants in scope, the application, each step (with documents), 六评三定,
stopping, the pipeline of an org and its alerts. Reads go through the selectors, writes through the services."""

from __future__ import annotations

import json
from pathlib import PurePath
from typing import Any

from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core import clock
from dangjian.core.api.base import ApiJSONParser, ApiViewMixin, ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.choices import ETHNICITIES, Education, Occupation
from dangjian.core.models import Org
from dangjian.core.scoping import scope_of, scoped
from dangjian.members import rules
from dangjian.members.choices import STAGES, STEPS, ProbationDecision, TrainingMode
from dangjian.members.models import Applicant, CandidateScore, RecruitDocument, RecruitPerson, RecruitStep
from dangjian.members.selectors import recruitment as selectors
from dangjian.members.services import recruitment as services

TAGS = ["发展党员"]

# --- output -----------------------------------------------------------------------------------------------


class RecruitNextStepSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True, label="步骤")
    name = serializers.CharField(read_only=True, label="步骤名称")
    stage = serializers.IntegerField(read_only=True, label="阶段(1-5)")
    due_on = serializers.DateField(read_only=True, allow_null=True, label="应完成日期(无期限要求时为空)")
    overdue = serializers.BooleanField(read_only=True, label="是否逾期")
    blocked = serializers.CharField(read_only=True, allow_null=True, label="尚不能记录的原因(可记录时为空)")


class RecruitAlertSerializer(serializers.Serializer):
    rule = serializers.CharField(read_only=True, label="规则编号")
    message = serializers.CharField(read_only=True, label="提醒内容")
    due_on = serializers.DateField(read_only=True, label="应完成日期")
    days_overdue = serializers.IntegerField(read_only=True, label="逾期天数")


class RecruitDocumentSerializer(serializers.ModelSerializer):
    file_name = serializers.SerializerMethodField(label="文件名(只有说明时为空)")
    file_size = serializers.SerializerMethodField(label="文件大小(字节)")

    class Meta:
        model = RecruitDocument
        fields = ["id", "title", "note", "file_name", "file_size", "uploaded_at"]
        read_only_fields = fields

    def get_file_name(self, document: RecruitDocument) -> str:
        return PurePath(document.file.name).name if document.file else ""

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_file_size(self, document: RecruitDocument) -> int | None:
        try:
            return document.file.size if document.file else None
        except OSError:
            return None


class RecruitStepSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(read_only=True, label="步骤(1-25)")
    name = serializers.SerializerMethodField(label="步骤名称")
    stage = serializers.SerializerMethodField(label="阶段(1-5)")
    org = OrgRefSerializer(read_only=True, label="责任党组织")
    decision_display = serializers.CharField(source="get_decision_display", read_only=True, label="转正决定(中文)")
    recorded_by = serializers.SerializerMethodField(label="记录人")
    documents = RecruitDocumentSerializer(many=True, read_only=True, label="材料")

    class Meta:
        model = RecruitStep
        fields = [
            "id",
            "number",
            "name",
            "stage",
            "done_on",
            "org",
            "note",
            "vote_entitled",
            "vote_present",
            "vote_yes",
            "vote_no",
            "vote_abstain",
            "training_days",
            "training_hours",
            "passed",
            "decision",
            "decision_display",
            "extension_months",
            "recorded_by",
            "created_at",
            "documents",
        ]
        read_only_fields = fields

    def get_name(self, step: RecruitStep) -> str:
        return STEPS[step.number][1]

    def get_stage(self, step: RecruitStep) -> int:
        return rules.stage_of(step.number)

    def get_recorded_by(self, step: RecruitStep) -> str:
        user = step.recorded_by
        return (user.display_name or user.get_username()) if user else ""


class RecruitPersonSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    role_display = serializers.CharField(source="get_role_display", read_only=True, label="角色(中文)")
    step = serializers.IntegerField(source="step.number", read_only=True, allow_null=True, label="登记于第几步")

    class Meta:
        model = RecruitPerson
        fields = ["person", "role", "role_display", "since", "step"]
        read_only_fields = fields


class CandidateScoreSerializer(serializers.ModelSerializer):
    item_name = serializers.CharField(source="item.name", read_only=True, label="考评项目")
    weight = serializers.DecimalField(source="item.weight", max_digits=5, decimal_places=2, read_only=True)
    max_score = serializers.DecimalField(source="item.max_score", max_digits=6, decimal_places=2, read_only=True)

    class Meta:
        model = CandidateScore
        fields = ["item", "item_name", "weight", "max_score", "score", "scored_on"]
        read_only_fields = fields


class ApplicantListSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="接收党支部")
    trainer_org = OrgRefSerializer(read_only=True, allow_null=True, label="培养党组织(本支部培养时为空)")
    gender_display = serializers.CharField(source="get_gender_display", read_only=True, label="性别(中文)")
    education_display = serializers.CharField(source="get_education_display", read_only=True, label="学历(中文)")
    training_mode_display = serializers.CharField(
        source="get_training_mode_display", read_only=True, label="培养方式(中文)"
    )
    status_display = serializers.CharField(source="get_status_display", read_only=True, label="状态(中文)")
    step = serializers.IntegerField(read_only=True, label="已完成步骤(1-25)")
    step_name = serializers.SerializerMethodField(label="已完成步骤名称")
    stage = serializers.SerializerMethodField(label="所处阶段(1-5)")
    stage_name = serializers.SerializerMethodField(label="所处阶段名称")
    id_number_masked = serializers.CharField(read_only=True, label="公民身份号码(脱敏,前4位和后4位)")

    class Meta:
        model = Applicant
        fields = [
            "id",
            "name",
            "gender",
            "gender_display",
            "birth_date",
            "id_number_masked",
            "education",
            "education_display",
            "org",
            "trainer_org",
            "training_mode",
            "training_mode_display",
            "status",
            "status_display",
            "step",
            "step_name",
            "stage",
            "stage_name",
            "applied_on",
            "talked_on",
            "activist_on",
            "candidate_on",
            "resolution_on",
            "probation_ends_on",
            "confirmed_on",
        ]
        read_only_fields = fields

    def get_step_name(self, applicant: Applicant) -> str:
        return STEPS[applicant.step][1]

    def get_stage(self, applicant: Applicant) -> int:
        return rules.stage_of(applicant.step)

    def get_stage_name(self, applicant: Applicant) -> str:
        return STAGES[rules.stage_of(applicant.step)]


class ApplicantDetailSerializer(ApplicantListSerializer):
    occupation = serializers.ChoiceField(choices=Occupation.choices, allow_blank=True, read_only=True, label="工作岗位")
    person = PersonRefSerializer(read_only=True, allow_null=True, label="党员档案(接收为预备党员后)")
    steps = RecruitStepSerializer(many=True, read_only=True, label="已记录的步骤")
    people = RecruitPersonSerializer(many=True, read_only=True, label="入党介绍人、培养联系人和谈话人")
    scores = CandidateScoreSerializer(many=True, read_only=True, label="量化考评得分(“六评三定”)")
    next_steps = serializers.SerializerMethodField(label="下一步可记录的步骤")
    alerts = serializers.SerializerMethodField(label="逾期提醒")

    class Meta(ApplicantListSerializer.Meta):
        fields = [
            *ApplicantListSerializer.Meta.fields,
            "ethnicity",
            "occupation",
            "phone",
            "last_review_on",
            "score",
            "inspected_on",
            "nominated_on",
            "quota_year",
            "approved_on",
            "extension_months",
            "ended_on",
            "end_reason",
            "person",
            "steps",
            "people",
            "scores",
            "next_steps",
            "alerts",
        ]
        read_only_fields = fields

    @extend_schema_field(RecruitNextStepSerializer(many=True))
    def get_next_steps(self, applicant: Applicant) -> list[dict]:
        steps = selectors.next_steps(applicant, today=clock.today())
        return RecruitNextStepSerializer(steps, many=True).data

    @extend_schema_field(RecruitAlertSerializer(many=True))
    def get_alerts(self, applicant: Applicant) -> list[dict]:
        return RecruitAlertSerializer(selectors.applicant_alerts(applicant, today=clock.today()), many=True).data


class RecruitPipelineRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="applicant.pk", read_only=True, label="申请人编号")
    name = serializers.CharField(source="applicant.name", read_only=True, label="姓名")
    org = OrgRefSerializer(source="applicant.org", read_only=True, label="接收党支部")
    trainer_org = OrgRefSerializer(source="applicant.trainer_org", read_only=True, allow_null=True, label="培养党组织")
    status = serializers.CharField(source="applicant.status", read_only=True, label="状态")
    status_display = serializers.CharField(source="applicant.get_status_display", read_only=True, label="状态(中文)")
    step = serializers.IntegerField(source="applicant.step", read_only=True, label="已完成步骤")
    step_name = serializers.CharField(read_only=True, label="已完成步骤名称")
    stage = serializers.IntegerField(read_only=True, label="所处阶段(1-5)")
    stage_name = serializers.CharField(read_only=True, label="所处阶段名称")
    next_step = RecruitNextStepSerializer(read_only=True, allow_null=True, label="下一步")
    next_steps = RecruitNextStepSerializer(many=True, read_only=True, label="可记录的步骤")
    overdue = serializers.BooleanField(read_only=True, label="是否有逾期")
    alerts = RecruitAlertSerializer(many=True, read_only=True, label="逾期提醒")


class RecruitStageCountSerializer(serializers.Serializer):
    stage = serializers.IntegerField(read_only=True, label="阶段(1-5)")
    name = serializers.CharField(read_only=True, label="阶段名称")
    count = serializers.IntegerField(read_only=True, label="人数")


class RecruitPipelineSerializer(serializers.Serializer):
    org = OrgRefSerializer(read_only=True, allow_null=True, label="党组织(代码不存在或不在管理范围内时为空)")
    stages = RecruitStageCountSerializer(many=True, read_only=True, label="各阶段人数")
    count = serializers.IntegerField(read_only=True, label="总人数")
    next = serializers.URLField(read_only=True, allow_null=True, label="下一页")
    previous = serializers.URLField(read_only=True, allow_null=True, label="上一页")
    results = RecruitPipelineRowSerializer(many=True, read_only=True, label="申请人")


class RecruitAlertRowSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="applicant.pk", read_only=True, label="申请人编号")
    name = serializers.CharField(source="applicant.name", read_only=True, label="姓名")
    org = OrgRefSerializer(source="applicant.org", read_only=True, label="接收党支部")
    step = serializers.IntegerField(source="applicant.step", read_only=True, label="已完成步骤")
    step_name = serializers.CharField(read_only=True, label="已完成步骤名称")
    alerts = RecruitAlertSerializer(many=True, read_only=True, label="逾期提醒")


class RecruitAlertPageSerializer(serializers.Serializer):
    org = OrgRefSerializer(read_only=True, allow_null=True, label="党组织(代码不存在或不在管理范围内时为空)")
    count = serializers.IntegerField(read_only=True, label="有逾期的申请人数")
    next = serializers.URLField(read_only=True, allow_null=True, label="下一页")
    previous = serializers.URLField(read_only=True, allow_null=True, label="上一页")
    results = RecruitAlertRowSerializer(many=True, read_only=True, label="申请人及其提醒")


# --- input ------------------------------------------------------------------------------------------------


class CountyOrgCodeField(serializers.CharField):
    """A training branch given by its code, anywhere in the caller's county: another township's branch may train
    the applicant (双向培养), and it then sees the applicant."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Org | None:
        code = super().run_validation(data)
        if not code:
            return None
        scope = scope_of(self.context["request"].user)
        orgs = Org.objects.filter(code=code)
        if not scope.everything:
            orgs = orgs.filter(county_id=scope.county_id) if scope.county_id else orgs.none()
        org = orgs.first()
        if org is None:
            raise serializers.ValidationError(f"组织代码“{code}”不存在")
        return org


@extend_schema_serializer(description="登记入党申请人:出生日期和性别取自公民身份号码")
class ApplicantCreateInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(label="接收党支部代码")
    name = serializers.CharField(max_length=50, label="姓名")
    id_number = serializers.CharField(max_length=18, label="公民身份号码")
    education = serializers.ChoiceField(choices=Education.choices, label="学历")
    ethnicity = serializers.ChoiceField(choices=[(e, e) for e in ETHNICITIES], default="汉族", label="民族")
    occupation = serializers.ChoiceField(choices=Occupation.choices, allow_blank=True, default="", label="工作岗位")
    phone = serializers.CharField(max_length=20, allow_blank=True, default="", label="联系电话")
    applied_on = DateInput(label="申请入党日期")
    trainer_org = CountyOrgCodeField(
        required=False, allow_blank=True, allow_null=True, default=None, label="培养党组织代码(由其他支部培养时填写)"
    )
    training_mode = serializers.ChoiceField(choices=TrainingMode.choices, default=TrainingMode.OWN, label="培养方式")
    note = serializers.CharField(allow_blank=True, default="", max_length=2000, label="情况说明")


@extend_schema_serializer(description="只有说明的材料(纸质材料存档)")
class RecruitDocumentNoteInput(ChineseInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=100, label="材料名称")
    note = serializers.CharField(max_length=200, label="说明(纸质材料存档位置等)")


class DocumentsField(serializers.ListField):
    """Documents kept as notes: a list, or (in a multipart form) the same list as a JSON string."""

    child = RecruitDocumentNoteInput()

    def get_value(self, dictionary: Any) -> Any:
        value = dictionary.get(self.field_name, serializers.empty)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value


class ConclusionField(serializers.BooleanField):
    """A conclusion left out of a form stays unknown: an unchecked box must not record "not passed"."""

    default_empty_html = serializers.empty


@extend_schema_serializer(description="记录一个发展步骤:只填写该步骤需要的项目")
class RecruitStepInput(ChineseInputMixin, serializers.Serializer):
    number = serializers.IntegerField(min_value=2, max_value=rules.LAST_STEP, label="步骤(2-25)")
    done_on = DateInput(label="日期")
    org = ScopedOrgCodeField(required=False, label="责任党组织代码(不填时按步骤自动确定)")
    note = serializers.CharField(allow_blank=True, default="", max_length=2000, label="情况说明")
    people = serializers.ListField(
        child=ScopedPersonField(label="党员编号"),
        required=False,
        default=list,
        label="相关党员编号(第2、16步谈话人,第5步培养联系人,第9步入党介绍人)",
    )
    present = serializers.IntegerField(required=False, allow_null=True, label="实到会有表决权党员(第15、23步)")
    yes = serializers.IntegerField(required=False, allow_null=True, label="赞成票(含书面意见,第15、23步)")
    no = serializers.IntegerField(required=False, allow_null=True, label="反对票")
    abstain = serializers.IntegerField(required=False, allow_null=True, label="弃权票")
    training_days = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True, label="培训天数(第11步)"
    )
    training_hours = serializers.DecimalField(
        max_digits=6, decimal_places=1, required=False, allow_null=True, label="培训学时(第11步)"
    )
    passed = ConclusionField(required=False, allow_null=True, default=None, label="结论为通过(第10、13、17、24步)")
    decision = serializers.ChoiceField(
        choices=ProbationDecision.choices, required=False, allow_blank=True, default="", label="转正决定(第23步)"
    )
    extension_months = serializers.IntegerField(required=False, allow_null=True, label="延长预备期月数(6-12)")
    documents = DocumentsField(required=False, default=list, label="只有说明的材料:[{title, note}]")
    files = serializers.ListField(
        child=serializers.FileField(label="文件"), required=False, default=list, label="上传的材料文件(multipart)"
    )
    file_titles = serializers.ListField(
        child=serializers.CharField(max_length=100),
        required=False,
        default=list,
        label="上传文件的材料名称(与 files 一一对应,不填时取文件名)",
    )


@extend_schema_serializer(description="一个考评项目的得分")
class CandidateScoreItemInput(ChineseInputMixin, serializers.Serializer):
    item = serializers.IntegerField(label="考评项目编号")
    score = serializers.DecimalField(max_digits=6, decimal_places=2, label="得分")


@extend_schema_serializer(description="量化考评:本县每个启用的考评项目都须评分")
class CandidateScoresInput(ChineseInputMixin, serializers.Serializer):
    scores = serializers.ListField(child=CandidateScoreItemInput(), allow_empty=True, label="各项得分")
    scored_on = DateInput(label="考评日期")


@extend_schema_serializer(description="组织考察")
class CandidateInspectInput(ChineseInputMixin, serializers.Serializer):
    inspected_on = DateInput(label="组织考察日期")


@extend_schema_serializer(description="乡镇党委提名")
class CandidateNominateInput(ChineseInputMixin, serializers.Serializer):
    nominated_on = DateInput(label="提名日期")


@extend_schema_serializer(description="终止培养")
class ApplicantStopInput(ChineseInputMixin, serializers.Serializer):
    ended_on = DateInput(label="终止日期")
    reason = serializers.CharField(max_length=200, label="终止原因")


# --- views ---------------------------------------------------------------------------------------------


ORG_PARAMETER = OpenApiParameter(
    "org", str, required=False, description="党组织代码(党支部或乡镇党委,含全部下级);不填时为您所在的党组织"
)


@extend_schema_view(
    list=extend_schema(
        summary="入党申请人列表",
        description=(
            "您管理范围内的入党申请人(由本组织接收或在本组织培养的)。可按姓名、党组织代码(含下级,接收或培养)、"
            "状态、阶段、已完成步骤、培养方式筛选;overdue=true 只看有逾期提醒的。公民身份号码只以脱敏形式出现。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(
        summary="入党申请人详情", description="含已记录的步骤与材料、相关党员、量化考评、下一步和逾期提醒。", tags=TAGS
    ),
    create=extend_schema(
        summary="登记入党申请人(第1步)",
        description=(
            "在您管理范围内的党支部登记入党申请,同时记录第1步。出生日期和性别取自公民身份号码;"
            "申请日未满18周岁的不予受理;已在培养考察中或已是党员的号码不能重复登记。"
            "由其他党支部培养(双向、委托、跟踪培养)时填写培养党组织代码和培养方式。"
        ),
        request=ApplicantCreateInput,
        responses={201: ApplicantDetailSerializer},
        tags=TAGS,
    ),
    steps=extend_schema(
        summary="记录发展步骤",
        description=(
            "记录第2至25步之一:按顺序(第6步在积极分子期间、第21步在预备期内可重复),日期不早于上一步、不晚于今天,"
            "并执行各项硬性规定(积极分子满1年、2名正式党员介绍人、政治审查、集中培训3天或24学时、上级预审、"
            "支部大会到会和赞成票均须超过应到会有表决权正式党员的半数、预备期满方讨论转正、延长预备期只能一次且为6至12个月)。"
            "第4、8、13、16、17、18、24步由上级党委记录。第15步通过后自动登记为预备党员;第24步批准后按期转正、延长或取消资格。"
            "可用 JSON 提交,也可用 multipart/form-data 同时上传材料文件(files 与 file_titles)。"
        ),
        request={"application/json": RecruitStepInput, "multipart/form-data": RecruitStepInput},
        responses={201: ApplicantDetailSerializer},
        tags=TAGS,
    ),
    scores=extend_schema(
        summary="量化考评(六评三定)",
        description="乡镇(街道)党委按本县考评项目为发展对象逐项评分,总分为各项得分×权重之和。须本县实行“六评三定”。",
        request=CandidateScoresInput,
        responses=ApplicantDetailSerializer,
        tags=TAGS,
    ),
    inspect=extend_schema(
        summary="组织考察(六评三定)",
        description="量化考评达到合格分的发展对象方可进行组织考察;未经组织考察的不得进入支部委员会审查(第12步)。",
        request=CandidateInspectInput,
        responses=ApplicantDetailSerializer,
        tags=TAGS,
    ),
    nominate=extend_schema(
        summary="乡镇党委提名(六评三定)",
        description="经组织考察的发展对象由乡镇党委提名,占用乡镇当年发展党员计划指标;非提名人选不得提交支部党员大会票决。",
        request=CandidateNominateInput,
        responses=ApplicantDetailSerializer,
        tags=TAGS,
    ),
    stop=extend_schema(
        summary="终止培养",
        description="接收为预备党员之前终止培养,须填写原因。预备党员按第23、24步取消资格。",
        request=ApplicantStopInput,
        responses=ApplicantDetailSerializer,
        tags=TAGS,
    ),
)
class ApplicantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Applicant.objects.select_related("org", "trainer_org").order_by("org_path", "id")
    filterset_class = selectors.ApplicantFilter

    def get_queryset(self) -> Any:
        if self.action == "list":
            return super().get_queryset()
        return selectors.with_detail(super().get_queryset())

    def get_serializer_class(self) -> type:
        return ApplicantListSerializer if self.action == "list" else ApplicantDetailSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(ApplicantCreateInput)
        return self.written(lambda: services.applicant_create(actor=request.user, **data), created=True)

    @action(detail=True, methods=["post"], parser_classes=[ApiJSONParser, MultiPartParser, FormParser])
    def steps(self, request: Request, pk: Any = None) -> Response:
        applicant = self.get_object()
        data = self.parse(RecruitStepInput)
        files, titles = data.pop("files"), data.pop("file_titles")
        documents = [(doc["title"], None, doc["note"]) for doc in data.pop("documents")]
        for index, upload in enumerate(files):
            title = titles[index] if index < len(titles) and titles[index].strip() else PurePath(upload.name).stem
            documents.append((title, upload, ""))
        return self.written(
            lambda: services.step_record(actor=request.user, applicant=applicant, documents=documents, **data),
            pk=applicant.pk,
            created=True,
        )

    @action(detail=True, methods=["post"])
    def scores(self, request: Request, pk: Any = None) -> Response:
        applicant = self.get_object()
        data = self.parse(CandidateScoresInput)
        scores = {row["item"]: row["score"] for row in data["scores"]}
        return self.written(
            lambda: services.candidate_score(
                actor=request.user, applicant=applicant, scores=scores, scored_on=data["scored_on"]
            ),
            pk=applicant.pk,
        )

    @action(detail=True, methods=["post"])
    def inspect(self, request: Request, pk: Any = None) -> Response:
        applicant = self.get_object()
        data = self.parse(CandidateInspectInput)
        return self.written(
            lambda: services.candidate_inspect(actor=request.user, applicant=applicant, **data), pk=applicant.pk
        )

    @action(detail=True, methods=["post"])
    def nominate(self, request: Request, pk: Any = None) -> Response:
        applicant = self.get_object()
        data = self.parse(CandidateNominateInput)
        return self.written(
            lambda: services.candidate_nominate(actor=request.user, applicant=applicant, **data), pk=applicant.pk
        )

    @action(detail=True, methods=["post"])
    def stop(self, request: Request, pk: Any = None) -> Response:
        applicant = self.get_object()
        data = self.parse(ApplicantStopInput)
        return self.written(
            lambda: services.applicant_stop(actor=request.user, applicant=applicant, **data), pk=applicant.pk
        )


class OrgPagedView(ApiViewMixin, GenericAPIView):
    """A paged list of applicants under one org (`?org=CODE`, default the caller's own org)."""

    queryset = Applicant.objects.all()
    pagination_class = ApiPagination
    api_error_codes = (400, 401, 404)

    def target_org(self) -> tuple[Org | None, bool]:
        """The org asked for, and whether one was found in scope (an unknown code answers an empty list, as the
        list filters do)."""
        user = self.request.user
        code = self.request.query_params.get("org", "").strip()
        if code:
            org = scoped(Org, user).filter(code=code).first()
            return org, org is not None
        if scope_of(user).everything and user.org_id is None:
            return None, True
        org = user.org
        return org, org is not None and not scope_of(user).member_only


def _page_body(view: GenericAPIView, org: Org | None, rows: list[Any], row_serializer: type, **extra: Any) -> dict:
    paginator = view.paginator
    return {
        "org": OrgRefSerializer(org).data if org else None,
        **extra,
        "count": paginator.page.paginator.count,
        "next": paginator.get_next_link(),
        "previous": paginator.get_previous_link(),
        "results": row_serializer(rows, many=True).data,
    }


class PipelineView(OrgPagedView):
    @extend_schema(
        summary="发展党员工作进度(党支部或乡镇)",
        description=(
            "某党支部或乡镇党委(含全部下级,接收或培养)正在发展中的申请人:所处阶段和步骤、下一步及应完成日期、"
            "是否逾期,以及各阶段人数。org 为组织代码,不填时为您所在的党组织;代码不存在或不在管理范围内时结果为空。"
        ),
        parameters=[ORG_PARAMETER],
        responses=RecruitPipelineSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        org, found = self.target_org()
        queryset = selectors.pipeline_applicants(request.user, org) if found else Applicant.objects.none()
        page = self.paginate_queryset(selectors.with_steps(queryset))
        rows = selectors.pipeline_rows(page, today=clock.today())
        counts = selectors.stage_counts(queryset)
        stages = [{"stage": n, "name": name, "count": counts.get(n, 0)} for n, name in STAGES.items()]
        return Response(_page_body(self, org, rows, RecruitPipelineRowSerializer, stages=stages))


class AlertListView(OrgPagedView):
    @extend_schema(
        summary="发展党员逾期提醒",
        description=(
            "某党组织(含全部下级)下有逾期提醒的申请人及其提醒:申请后未按期谈话、积极分子考察逾期、"
            "上级党委未在期限内审批、预备期满未讨论转正。提醒不阻止任何操作。"
        ),
        parameters=[ORG_PARAMETER],
        responses=RecruitAlertPageSerializer,
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        org, found = self.target_org()
        today = clock.today()
        queryset = selectors.alert_applicants(request.user, org, today=today) if found else Applicant.objects.none()
        page = self.paginate_queryset(selectors.with_steps(queryset))
        rows = selectors.pipeline_rows(page, today=today)
        return Response(_page_body(self, org, rows, RecruitAlertRowSerializer))


router = SimpleRouter()
router.register("recruitment/applicants", ApplicantViewSet, basename="api-applicant")

urlpatterns = [
    *router.urls,
    path("recruitment/pipeline/", PipelineView.as_view(), name="api-recruit-pipeline"),
    path("recruitment/alerts/", AlertListView.as_view(), name="api-recruit-alerts"),
]
