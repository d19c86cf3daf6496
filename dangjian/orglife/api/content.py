"""API of 微党建: articles (what the caller may read or manage; write, publish, withdraw, delete a draft), the read
receipt of a required item, and who has not yet studied it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet, Value
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.inputs import ChineseInputMixin, ScopedOrgCodeField, ScopedPersonField
from dangjian.core.api.serializers import OrgRefSerializer
from dangjian.core.models import Person
from dangjian.core.scoping import scope_of
from dangjian.orglife import rules
from dangjian.orglife.choices import ArticleKind
from dangjian.orglife.models import Article, ArticleRead
from dangjian.orglife.selectors import content as selectors
from dangjian.orglife.services import content as services

TAGS = ["微党建"]
STATE_CHOICES = [("draft", "草稿"), ("published", "已发布"), ("withdrawn", "已撤回")]


# --- output -------------------------------------------------------------------------------------------------


class ArticleSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="发布组织")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True, label="栏目(中文)")
    state = serializers.SerializerMethodField(label="状态:draft 草稿、published 已发布、withdrawn 已撤回")
    is_read = serializers.BooleanField(read_only=True, label="本人已学习")

    class Meta:
        model = Article
        fields = [
            "id",
            "org",
            "kind",
            "kind_display",
            "title",
            "body",
            "required",
            "study_hours",
            "published_at",
            "withdrawn",
            "state",
            "is_read",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=STATE_CHOICES))
    def get_state(self, obj: Article) -> str:
        return rules.article_state(obj.published_at, obj.withdrawn)


class ArticleReadSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="article_id", read_only=True, label="内容编号")
    person = serializers.IntegerField(source="person_id", read_only=True, label="党员编号")

    class Meta:
        model = ArticleRead
        fields = ["id", "article", "person", "read_at", "hours"]
        read_only_fields = fields


class ArticleUnreadSerializer(serializers.ModelSerializer):
    org = OrgRefSerializer(read_only=True, label="所在党组织")

    class Meta:
        model = Person
        fields = ["id", "name", "org"]
        read_only_fields = fields


# --- input --------------------------------------------------------------------------------------------------


class _ArticleFields(ChineseInputMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ArticleKind.choices, label="栏目")
    title = serializers.CharField(max_length=100, label="标题")
    body = serializers.CharField(label="正文")
    required = serializers.BooleanField(required=False, default=False, label="必学内容")  # type: ignore[assignment]
    study_hours = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, required=False, label="学习学时(必学内容,精确到0.1)"
    )


@extend_schema_serializer(description="新建微党建内容(草稿),以本组织名义向全部下级发布")
class ArticleInput(_ArticleFields):
    org = ScopedOrgCodeField(label="发布组织代码")


@extend_schema_serializer(description="修改微党建内容:只提交要修改的项目;已发布的内容不能修改必学设置和学时")
class ArticleUpdateInput(_ArticleFields):
    pass


@extend_schema_serializer(description="登记学习(已学习):不填 person 时为本人")
class ArticleReadInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(required=False, label="党员编号")


# --- views --------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="微党建内容列表",
        description=(
            "党员:本组织及各级上级组织已发布、未撤回的内容,按发布时间倒序。管理人员另可看到本组织及下级组织的草稿和已撤回内容。"
        ),
        tags=TAGS,
    ),
    retrieve=extend_schema(summary="微党建内容详情", tags=TAGS),
    create=extend_schema(
        summary="新建微党建内容",
        description="保存为草稿,发布后发布组织及其全部下级组织的党员可见。微交流为短文(不超过500字),不能设为必学。",
        request=ArticleInput,
        responses={201: ArticleSerializer},
        tags=TAGS,
    ),
    partial_update=extend_schema(
        summary="修改微党建内容", request=ArticleUpdateInput, responses=ArticleSerializer, tags=TAGS
    ),
    destroy=extend_schema(
        summary="删除草稿",
        description="只有草稿可以删除;已发布的内容请撤回。",
        responses={204: OpenApiResponse(description="已删除")},
        tags=TAGS,
    ),
    publish=extend_schema(summary="发布", request=None, responses=ArticleSerializer, tags=TAGS),
    withdraw=extend_schema(
        summary="撤回",
        description="撤回后党员不再看到;已有的学习回执和计入的学时保留。",
        request=None,
        responses=ArticleSerializer,
        tags=TAGS,
    ),
    read=extend_schema(
        summary="登记学习(已学习)",
        description="必学内容学习后登记回执,每人一次;首次登记时按内容的学时计入学习学时。已登记过的返回 200 和原回执。",
        request=ArticleReadInput,
        responses={201: ArticleReadSerializer, 200: ArticleReadSerializer},
        tags=TAGS,
    ),
    unread=extend_schema(
        summary="未学习名单",
        description="您管理范围内、发布组织下目前在册(正常、失联、出国出境)且尚未学习该内容的党员。",
        parameters=[
            OpenApiParameter("org", str, required=False, description="党组织代码(含全部下级)"),
            OpenApiParameter("search", str, required=False, description="姓名"),
        ],
        responses=ArticleUnreadSerializer(many=True),
        tags=TAGS,
    ),
)
class ArticleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    queryset = Article.objects.all()
    serializer_class = ArticleSerializer
    filterset_class = selectors.ArticleFilter
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Article]:
        """Not `scoped()` alone: readers also see what the orgs above them published."""
        user: Any = self.request.user
        articles = selectors.visible_articles(user).select_related("org")
        person_id = getattr(user, "person_id", None)
        if person_id is None:
            articles = articles.annotate(is_read=Value(False))
        else:
            articles = articles.annotate(
                is_read=Exists(ArticleRead.objects.filter(article=OuterRef("pk"), person_id=person_id))
            )
        return articles.order_by("-published_at", "-id")

    def get_object(self) -> Article:
        found = selectors.article_detail(self.request.user, self.kwargs["pk"])
        obj = self.get_queryset().get(pk=found.pk)
        self.check_object_permissions(self.request, obj)
        return obj

    def create(self, request: Request) -> Response:
        data = self.parse(ArticleInput)
        return self.written(lambda: services.article_create(actor=request.user, **data), created=True)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        article = self.get_object()
        changes = self.parse(ArticleUpdateInput, partial=True)
        if not changes:
            return self.answer(article.pk)
        return self.written(
            lambda: services.article_update(actor=request.user, article=article, **changes), pk=article.pk
        )

    def destroy(self, request: Request, pk: Any = None) -> Response:
        services.article_delete(actor=request.user, article=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        article = self.get_object()
        return self.written(lambda: services.article_publish(actor=request.user, article=article), pk=article.pk)

    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        article = self.get_object()
        return self.written(lambda: services.article_withdraw(actor=request.user, article=article), pk=article.pk)

    @action(detail=True, methods=["post"])
    def read(self, request: Request, pk: Any = None) -> Response:
        article = self.get_object()
        data = self.parse(ArticleReadInput)
        person = data.get("person")
        if person is None:
            person_id = getattr(request.user, "person_id", None)
            if person_id is None:
                raise serializers.ValidationError({"person": ["请填写党员编号(您的账号未关联党员信息)"]})
            person = Person.objects.get(pk=person_id)
        had = ArticleRead.objects.filter(article=article, person=person).exists()
        receipt = services.article_read_create(actor=request.user, article=article, person=person)
        code = status.HTTP_200_OK if had else status.HTTP_201_CREATED
        return Response(ArticleReadSerializer(receipt).data, status=code)

    @action(detail=True, methods=["get"], serializer_class=ArticleUnreadSerializer, filterset_class=None)
    def unread(self, request: Request, pk: Any = None) -> Response:
        article = self.get_object()
        if scope_of(request.user).member_only:
            raise PermissionDenied("没有查看学习情况的权限")
        filterset, people = selectors.unread_people(request.user, article, request.query_params)
        if filterset.is_bound and not filterset.is_valid():
            raise serializers.ValidationError(filterset.errors)
        return self.paginated(people)


router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="api-article")
urlpatterns = router.urls
