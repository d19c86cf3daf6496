"""API of study: the question bank, quizzes (create, publish, submit answers), attempts with their review, study
hours per member against the 32-hour rule, and self-study registration."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, DateInput, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer, PersonRefSerializer
from dangjian.core.models import Person
from dangjian.orglife import rules
from dangjian.orglife.choices import QuestionKind
from dangjian.orglife.models import Question, Quiz, QuizAttempt, StudyLog
from dangjian.orglife.selectors import study as selectors
from dangjian.orglife.services import study as services

TAGS = ["学习测试"]


# --- output -------------------------------------------------------------------------------------------------


class QuestionSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="题库单位")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="题型(中文)")
    options = serializers.ListField(child=serializers.CharField(), read_only=True, label="选项")
    answer = serializers.ListField(child=serializers.IntegerField(), read_only=True, label="正确答案(选项序号)")
    answer_text = serializers.SerializerMethodField(label="正确答案(字母或对/错)")

    class Meta:
        model = Question
        fields = [
            "id",
            "org",
            "topic",
            "kind",
            "kind_display",
            "stem",
            "options",
            "answer",
            "answer_text",
            "explanation",
            "active",
        ]
        read_only_fields = fields

    def get_answer_text(self, question: Question) -> str:
        return rules.answer_letters(question.kind, question.answer)


@extend_schema_serializer(description="作答时看到的试题:不含正确答案和解析")
class PaperQuestionSerializer(serializers.ModelSerializer):
    # What the member answering sees: neither the answer nor the explanation.

    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="题型(中文)")
    options = serializers.ListField(child=serializers.CharField(), read_only=True, label="选项(判断题为空)")

    class Meta:
        model = Question
        fields = ["id", "kind", "kind_display", "stem", "options"]
        read_only_fields = fields


class QuizSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="发布组织")
    question_count = serializers.IntegerField(read_only=True, label="题数")
    study_hours = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True, label="通过计入学时")

    class Meta:
        model = Quiz
        fields = [
            "id",
            "org",
            "title",
            "opens_on",
            "closes_on",
            "pass_mark",
            "study_hours",
            "published",
            "question_count",
        ]
        read_only_fields = fields


class QuizDetailSerializer(QuizSerializer):
    questions = serializers.SerializerMethodField(label="试题(按题号)")

    class Meta(QuizSerializer.Meta):
        fields = [*QuizSerializer.Meta.fields, "questions"]
        read_only_fields = fields

    @extend_schema_field(PaperQuestionSerializer(many=True))
    def get_questions(self, quiz: Quiz) -> list[dict[str, Any]]:
        return PaperQuestionSerializer(selectors.quiz_questions(quiz), many=True).data


class ReviewSerializer(serializers.Serializer):
    number = serializers.IntegerField(label="题号")
    question = serializers.IntegerField(source="question.pk", label="试题编号")
    stem = serializers.CharField(source="question.stem", label="题干")
    given = serializers.ListField(child=serializers.IntegerField(), label="作答(选项序号)")
    given_text = serializers.CharField(label="作答")
    answer_text = serializers.CharField(label="正确答案")
    correct = serializers.BooleanField(label="答对")
    explanation = serializers.CharField(source="question.explanation", label="解析")


class AttemptSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    quiz_title = serializers.CharField(source="quiz.title", read_only=True, label="测试名称")
    score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="得分(百分制)")

    class Meta:
        model = QuizAttempt
        fields = ["id", "quiz", "quiz_title", "person", "org", "score", "passed", "submitted_at"]
        read_only_fields = fields


class AttemptDetailSerializer(AttemptSerializer):
    review = serializers.SerializerMethodField(label="逐题对照(含正确答案和解析)")

    class Meta(AttemptSerializer.Meta):
        fields = [*AttemptSerializer.Meta.fields, "review"]
        read_only_fields = fields

    @extend_schema_field(ReviewSerializer(many=True))
    def get_review(self, attempt: QuizAttempt) -> list[dict[str, Any]]:
        return ReviewSerializer(selectors.attempt_review(attempt), many=True).data


class HoursSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")
    hours = serializers.DecimalField(max_digits=9, decimal_places=1, read_only=True, label="年度学时")
    short = serializers.SerializerMethodField(label="距32学时还差")
    met = serializers.SerializerMethodField(label="已达标")

    class Meta:
        model = Person
        fields = ["id", "name", "org", "hours", "short", "met"]
        read_only_fields = fields

    def get_short(self, person: Person) -> str:
        return str(rules.study_hours_short(person.hours))

    def get_met(self, person: Person) -> bool:
        return rules.meets_study_target(person.hours)


class StudyLogSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True, label="党员")
    org = OrgRefSerializer(source="person.org", read_only=True, label="所在党组织")
    source_display = serializers.CharField(source="get_source_display", read_only=True, label="来源(中文)")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, label="学时")

    class Meta:
        model = StudyLog
        fields = ["id", "person", "org", "day", "year", "hours", "source", "source_display", "ref", "note"]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class _QuestionFields(ChineseInputMixin, serializers.Serializer):
    topic = serializers.CharField(max_length=50, label="专题")
    kind = serializers.ChoiceField(choices=QuestionKind.choices, label="题型")
    stem = serializers.CharField(label="题干")
    options = serializers.ListField(
        child=serializers.CharField(max_length=200, allow_blank=True), max_length=6, required=False, label="选项"
    )
    answer = serializers.ListField(
        child=serializers.IntegerField(min_value=0), max_length=6, label="正确答案(选项序号,从0起;判断题1为对、0为错)"
    )
    explanation = serializers.CharField(required=False, allow_blank=True, label="解析")
    active = serializers.BooleanField(required=False, label="启用")


@extend_schema_serializer(description="添加试题:不填题库单位则为您所在的组织")
class QuestionInput(_QuestionFields):
    org = ScopedOrgCodeField(required=False, label="题库单位代码")


@extend_schema_serializer(description="修改试题:只提交要修改的项目")
class QuestionUpdateInput(_QuestionFields):
    pass


@extend_schema_serializer(description="新建学习测试(草稿):指定试题,或从专题中随机抽取若干题(不填数量则全部)")
class QuizInput(ChineseInputMixin, serializers.Serializer):
    org = ScopedOrgCodeField(required=False, label="发布组织代码")
    title = serializers.CharField(max_length=100, label="测试名称")
    opens_on = DateInput(label="开始日期")
    closes_on = DateInput(label="截止日期")
    pass_mark = serializers.IntegerField(required=False, min_value=1, max_value=100, label="及格分(百分制)")
    study_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, required=False, label="通过计入学时"
    )
    topics = serializers.ListField(child=serializers.CharField(max_length=50), required=False, label="专题")
    count = serializers.IntegerField(required=False, min_value=1, max_value=200, label="随机抽取题数")
    questions = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=200, label="指定试题编号(按题号顺序)"
    )


@extend_schema_serializer(description="修改学习测试:只提交要修改的项目;已有党员作答后不能修改及格分和学时")
class QuizUpdateInput(ChineseInputMixin, serializers.Serializer):
    title = serializers.CharField(max_length=100, required=False, label="测试名称")
    opens_on = DateInput(required=False, label="开始日期")
    closes_on = DateInput(required=False, label="截止日期")
    pass_mark = serializers.IntegerField(required=False, min_value=1, max_value=100, label="及格分(百分制)")
    study_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, required=False, label="通过计入学时"
    )


@extend_schema_serializer(description="交卷:按试题编号提交所选选项序号(判断题1为对、0为错)")
class SubmitInput(ChineseInputMixin, serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.ListField(child=serializers.IntegerField(min_value=0), max_length=6), label="作答"
    )
    person = ScopedPersonField(required=False, label="党员编号(不填为本人)")


@extend_schema_serializer(description="登记自学学时")
class StudyLogInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="党员编号")
    day = DateInput(label="日期")
    hours = serializers.DecimalField(max_digits=5, decimal_places=1, label="学时")
    note = serializers.CharField(max_length=200, label="学习内容")


def _org_of(request: Request, data: dict[str, Any]) -> Any:
    org = data.pop("org", None) or getattr(request.user, "org", None)
    if org is None:
        raise ValidationError({"org": ["请填写组织代码"]})
    return org


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="题库",
        description="本组织、上级组织和下级组织题库中的试题(含答案,只对党组织管理人员开放)。可按专题、题型、题干筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="试题详情", tags=TAGS),
    create=extend_schema(
        summary="添加试题",
        description="单选题2至6个选项、一个答案;多选题至少两个答案;判断题不设选项,答案[1]为对、[0]为错。",
        request=QuestionInput,
        responses={201: QuestionSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改试题", request=QuestionUpdateInput, responses=QuestionSerializer, tags=TAGS
    ),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已删除")},
        summary="删除试题",
        description="已用于学习测试的试题不能删除,可改为停用。",
        tags=TAGS,
    ),
)
class QuestionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = Question.objects.all()
    serializer_class = QuestionSerializer
    filterset_class = selectors.QuestionFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.question_bank(self.request.user).select_related("org").order_by("org_path", "topic", "id")

    def get_object(self) -> Any:
        return selectors.question_detail(self.request.user, self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return selectors.question_detail(self.request.user, pk)

    def create(self, request: Request) -> Response:
        data = self.parse(QuestionInput)
        org = _org_of(request, data)
        data.setdefault("options", [])
        return self.written(lambda: services.question_create(actor=request.user, org=org, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        question = self.get_object()
        changes = self.parse(QuestionUpdateInput, partial=True)
        if not changes:
            return self.answer(question.pk)
        return self.written(
            lambda: services.question_update(actor=request.user, question=question, **changes), pk=question.pk
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.question_delete(actor=request.user, question=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        summary="学习测试列表",
        description=(
            "本组织和上级组织发布的学习测试,以及下级组织的全部测试(含未发布的草稿)。"
            "state 可选 draft(未发布)、upcoming(未开始)、open(进行中)、closed(已截止)。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="学习测试详情(含试题,不含答案)", responses=QuizDetailSerializer, tags=TAGS),
    create=extend_schema(
        summary="新建学习测试",
        description="生成草稿,发布后党员才能看到。从本组织及上级组织的题库中选题;截止日期不能早于开始日期。",
        request=QuizInput,
        responses={201: QuizSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(summary="修改学习测试", request=QuizUpdateInput, responses=QuizSerializer, tags=TAGS),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已删除")},
        summary="删除学习测试",
        description="已有党员作答的测试不能删除。",
        tags=TAGS,
    ),
    publish=extend_schema(summary="发布学习测试", request=None, responses=QuizSerializer, tags=TAGS),
    submit=extend_schema(
        summary="交卷",
        description=(
            "在测试时间内(开始日期和截止日期当天均可)作答,百分制,每题分值相同,多选题全部选对才得分;"
            "每人取最好成绩,首次通过计入学时和积分。截止后提交返回“测试已截止”,开始前返回“测试尚未开始”。"
        ),
        request=SubmitInput,
        responses={201: AttemptDetailSerializer},
        tags=TAGS,
    ),
)
class QuizViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = Quiz.objects.all()
    serializer_class = QuizSerializer
    filterset_class = selectors.QuizFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_serializer_class(self) -> Any:
        return QuizDetailSerializer if self.action == "retrieve" else QuizSerializer

    def get_queryset(self) -> Any:
        quizzes = selectors.visible_quizzes(self.request.user).select_related("org")
        return selectors.with_counts(quizzes).order_by("-opens_on", "-id")

    def get_object(self) -> Any:
        return selectors.quiz_detail(self.request.user, self.kwargs["pk"])

    def reread(self, pk: Any) -> Any:
        return selectors.quiz_detail(self.request.user, pk)

    def create(self, request: Request) -> Response:
        data = self.parse(QuizInput)
        org = _org_of(request, data)
        ids = data.pop("questions", None)
        if ids is not None:
            bank = {q.pk: q for q in selectors.question_bank(request.user).filter(pk__in=ids)}
            missing = [str(pk) for pk in ids if pk not in bank]
            if missing:
                raise ValidationError({"questions": [f"编号为{'、'.join(missing)}的试题不存在"]})
            data["questions"] = [bank[pk] for pk in ids]
        return self.written(lambda: services.quiz_create(actor=request.user, org=org, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        quiz = self.get_object()
        changes = self.parse(QuizUpdateInput, partial=True)
        if not changes:
            return self.answer(quiz.pk)
        return self.written(lambda: services.quiz_update(actor=request.user, quiz=quiz, **changes), pk=quiz.pk)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.quiz_delete(actor=request.user, quiz=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        quiz = self.get_object()
        return self.written(lambda: services.quiz_publish(actor=request.user, quiz=quiz), pk=quiz.pk)

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        quiz = self.get_object()
        data = self.parse(SubmitInput)
        person = data.get("person") or Person.objects.filter(pk=getattr(request.user, "person_id", None)).first()
        if person is None:
            raise ValidationError({"person": ["请填写党员编号"]})
        attempt = services.quiz_submit(actor=request.user, quiz=quiz, person=person, answers=data["answers"])
        attempt = selectors.attempt_detail(request.user, attempt.pk)
        return Response(AttemptDetailSerializer(attempt).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="测试成绩列表",
        description="您管理范围内党员(党员本人只看自己)的每次作答。可按测试、党员、是否通过筛选。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="作答详情(逐题对照和解析)", responses=AttemptDetailSerializer, tags=TAGS),
)
class AttemptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = QuizAttempt.objects.select_related("person__org", "quiz").order_by("-submitted_at", "-id")
    serializer_class = AttemptSerializer
    filterset_class = selectors.AttemptFilter

    def get_serializer_class(self) -> Any:
        return AttemptDetailSerializer if self.action == "retrieve" else AttemptSerializer


@extend_schema_view(
    list=extend_schema(
        summary="党员年度学习学时",
        description=(
            "每名党员一年内的学习学时(培训、微党课、学习测试、自学登记合计),对照每年不少于32学时的要求;"
            "year 默认今年,status 可选 met(已达标)或 short(未达标)。"
        ),
        tags=TAGS,
    ),
)
class HoursViewSet(mixins.ListModelMixin, ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = HoursSerializer
    filterset_class = selectors.HoursFilter

    def list(self, request: Request) -> Response:
        probe = selectors.HoursFilter(request.query_params or None, queryset=Person.objects.none())
        if probe.is_bound and not probe.is_valid():
            raise ValidationError(probe.errors)
        return self.paginated(selectors.hours_table(request.user, request.query_params).people)

    def get_queryset(self) -> Any:
        return selectors.hours_table(self.request.user, {}).people


@extend_schema_view(
    list=extend_schema(
        summary="学时记录",
        description="党员的学习学时明细:参加培训、微党课学习、学习测试自动登记,自学由党支部登记。",
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="学时记录详情", tags=TAGS),
    create=extend_schema(
        summary="登记自学学时",
        description="日期不能晚于今天;学时大于0,一人一天合计不超过24学时;须填写学习内容。",
        request=StudyLogInput,
        responses={201: StudyLogSerializer},
        tags=TAGS,
    ),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="已删除")},
        summary="删除自学学时",
        description="只能删除自学登记的学时;其他来源的学时随原记录变化。",
        tags=TAGS,
    ),
)
class StudyLogViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = StudyLog.objects.select_related("person__org").order_by("-day", "-id")
    serializer_class = StudyLogSerializer
    filterset_class = selectors.StudyLogFilter

    def create(self, request: Request) -> Response:
        data = self.parse(StudyLogInput)
        return self.written(lambda: services.study_log_create(actor=request.user, **data), created=True)

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.study_log_delete(actor=request.user, log=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


router = SimpleRouter()
router.register("study/questions", QuestionViewSet, basename="api-study-question")
router.register("study/quizzes", QuizViewSet, basename="api-study-quiz")
router.register("study/attempts", AttemptViewSet, basename="api-study-attempt")
router.register("study/hours", HoursViewSet, basename="api-study-hours")
router.register("study/logs", StudyLogViewSet, basename="api-study-log")
urlpatterns = router.urls
