"""API endpoints of the platform core: orgs, people, posts, audit trail.

Reads start from `scoped()` (see ScopedViewSet); writes parse input with an input serializer and call a
service, which checks permission, validates and audits (source "api") in one transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Length, Substr
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangjian.core import services
from dangjian.core.api import inputs
from dangjian.core.api.base import ScopedViewSet
from dangjian.core.api.serializers import (
    AuditEntrySerializer,
    IdNumberSerializer,
    OrgSerializer,
    PersonDetailSerializer,
    PersonListSerializer,
    PostSerializer,
)
from dangjian.core.filters import AuditFilter, OrgFilter, PersonFilter, PostFilter
from dangjian.core.models import AuditEntry, Org, Person, Post
from dangjian.core.permissions import can_view_audit

ORGS = ["党组织"]
PEOPLE = ["党员"]
POSTS = ["职务"]
AUDIT = ["工作轨迹"]


def _parent_of(column: str) -> Subquery:
    """One column of an org's parent: the org whose path is this path less its last step."""
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Org.steplen)
    return Subquery(Org.objects.filter(path=parent_path).values(column)[:1])


@extend_schema_view(
    list=extend_schema(
        summary="党组织列表",
        description="您管理范围内的党组织,按树的顺序排列;可按名称或代码、组织类别、所属领域、层级及上级组织筛选。",
        tags=ORGS,
    ),
    retrieve=extend_schema(summary="党组织详情", tags=ORGS),
    partial_update=extend_schema(
        summary="修改党组织",
        description="只修改提交的项目;组织代码和上级组织不在此修改(移动见 move)。修改记入工作轨迹。",
        request=inputs.OrgUpdateInput,
        responses=OrgSerializer,
        tags=ORGS,
    ),
    move=extend_schema(
        summary="移动党组织",
        description="把党组织连同全部下级组织、党员和职务移到新的上级组织之下。两端都须在您的管理范围内。",
        request=inputs.OrgMoveInput,
        responses=OrgSerializer,
        tags=ORGS,
    ),
    children=extend_schema(
        summary="直接下级组织",
        description="该党组织在您管理范围内的直接下级组织,可用与列表相同的条件筛选。",
        responses=OrgSerializer(many=True),
        tags=ORGS,
    ),
)
class OrgViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = (
        Org.objects.select_related("stats")
        .annotate(parent_id=_parent_of("id"), parent_code=_parent_of("code"))
        .order_by("path")
    )
    serializer_class = OrgSerializer
    filterset_class = OrgFilter

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        org = self.get_object()
        changes = self.parse(inputs.OrgUpdateInput, partial=True)
        with transaction.atomic():
            if changes:
                services.org_update(actor=request.user, org=org, **changes)
            org = self.reread(org.pk)
        return Response(self.get_serializer(org).data)

    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        org = self.get_object()
        data = self.parse(inputs.OrgMoveInput)
        with transaction.atomic():
            services.org_move(actor=request.user, org=org, new_parent=data["parent"])
            org = self.reread(org.pk)
        return Response(self.get_serializer(org).data)

    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk: Any = None) -> Response:
        org = self.get_object()
        children = self.get_queryset().filter(path__startswith=org.path, depth=org.depth + 1)
        return self.paginated(self.filter_queryset(children))


@extend_schema_view(
    list=extend_schema(
        summary="党员列表",
        description=(
            "您管理范围内的党员。org=组织代码 含全部下级组织;search 按姓名;id_number 按公民身份号码精确查找。"
            "公民身份号码只以脱敏形式(id_number_masked)出现。"
        ),
        tags=PEOPLE,
    ),
    retrieve=extend_schema(summary="党员详情", tags=PEOPLE),
    create=extend_schema(
        summary="登记党员",
        description="在您管理范围内的党组织登记一名党员。公民身份号码须通过校验且未曾登记;出生日期取自号码。",
        request=inputs.PersonCreateInput,
        responses={201: PersonDetailSerializer},
        tags=PEOPLE,
    ),
    partial_update=extend_schema(
        summary="修改党员信息",
        description="只修改提交的项目;org 为组织代码时把党员转入该组织。修改前后的值记入工作轨迹。",
        request=inputs.PersonUpdateInput,
        responses=PersonDetailSerializer,
        tags=PEOPLE,
    ),
    reveal_id_number=extend_schema(
        summary="查看完整公民身份号码",
        description="仅本人及管理该党员的书记、管理员可以查看;每次查看都记入工作轨迹。",
        request=None,
        responses=IdNumberSerializer,
        tags=PEOPLE,
    ),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Person.objects.select_related("org").order_by("id")
    filterset_class = PersonFilter

    def get_serializer_class(self) -> type:
        return PersonListSerializer if self.action == "list" else PersonDetailSerializer

    def create(self, request: Request) -> Response:
        data = self.parse(inputs.PersonCreateInput)
        with transaction.atomic():
            person = services.person_create(actor=request.user, **data)
            person = self.reread(person.pk)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: Any = None) -> Response:
        person = self.get_object()
        changes = self.parse(inputs.PersonUpdateInput, partial=True)
        with transaction.atomic():
            if changes:
                services.person_update(actor=request.user, person=person, **changes)
            person = self.reread(person.pk)
        return Response(self.get_serializer(person).data)

    @action(detail=True, methods=["post"], url_path="reveal-id-number")
    def reveal_id_number(self, request: Request, pk: Any = None) -> Response:
        person = self.get_object()
        number = services.person_reveal_id_number(actor=request.user, person=person)
        return Response({"id_number": number}, headers={"Cache-Control": "no-store"})


@extend_schema_view(
    list=extend_schema(
        summary="职务列表",
        description="您管理范围内的职务任职记录;可按任职人员、任职组织(含下级)、职务和是否现任筛选。",
        tags=POSTS,
    ),
    retrieve=extend_schema(summary="职务详情", tags=POSTS),
    create=extend_schema(
        summary="任命职务",
        description="为您管理范围内的党员在您管理范围内的党组织任命职务。",
        request=inputs.PostCreateInput,
        responses={201: PostSerializer},
        tags=POSTS,
    ),
    end=extend_schema(
        summary="结束任职",
        description="填写任职结束日期。",
        request=inputs.PostEndInput,
        responses=PostSerializer,
        tags=POSTS,
    ),
)
class PostViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = Post.objects.select_related("person", "org").order_by("id")
    serializer_class = PostSerializer
    filterset_class = PostFilter

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": services.today()}

    def create(self, request: Request) -> Response:
        data = self.parse(inputs.PostCreateInput)
        with transaction.atomic():
            post = services.post_create(actor=request.user, **data)
            post = self.reread(post.pk)
        return Response(self.get_serializer(post).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def end(self, request: Request, pk: Any = None) -> Response:
        post = self.get_object()
        data = self.parse(inputs.PostEndInput)
        with transaction.atomic():
            services.post_end(actor=request.user, post=post, term_end=data["term_end"])
            post = self.reread(post.pk)
        return Response(self.get_serializer(post).data)


class CanViewAudit(permissions.BasePermission):
    message = "没有查看工作轨迹的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_view_audit(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="工作轨迹",
        description=(
            "您管理范围内的修改记录(谁、何时、对什么、做了什么、修改前后),新的在前。"
            "仅书记和管理员可以查看;党员账号得到 403。"
        ),
        tags=AUDIT,
    ),
    retrieve=extend_schema(summary="工作轨迹详情", tags=AUDIT),
)
class AuditViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    queryset = AuditEntry.objects.order_by("-id")
    serializer_class = AuditEntrySerializer
    filterset_class = AuditFilter
    permission_classes = [permissions.IsAuthenticated, CanViewAudit]
