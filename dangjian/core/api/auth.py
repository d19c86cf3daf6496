"""Token login and the caller's own account."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangjian.core.api.base import ApiViewMixin
from dangjian.core.api.inputs import TokenRequestInput
from dangjian.core.api.serializers import MeSerializer, TokenSerializer
from dangjian.core.api.services import api_token_issue
from dangjian.core.scoping import scope_of

AUTH = ["认证"]
BAD_CREDENTIALS = "用户名或密码不正确(连续失败5次账号将被锁定30分钟)"
LOCKED_OUT = "连续登录失败次数过多,该账号已被锁定30分钟。请稍后再试,或联系管理员解锁。"


class TokenView(ApiViewMixin, APIView):
    authentication_classes: list = []
    # Login forms and scripts post form fields; JSON works too.
    parser_classes = [*ApiViewMixin.parser_classes, FormParser, MultiPartParser]
    permission_classes = [permissions.AllowAny]
    api_error_codes = (400, 429)

    @extend_schema(
        summary="取得令牌",
        description=(
            "以用户名和密码换取 API 令牌,之后在请求头带上 Authorization: Token <令牌>。"
            "失败次数与网页登录合并计算:连续失败5次账号锁定30分钟(429)。已停用的账号取不到令牌。"
        ),
        request=TokenRequestInput,
        responses=TokenSerializer,
        auth=[],
        tags=AUTH,
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        http_request = request._request
        user = authenticate(
            request=http_request,
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
        )
        if user is None:
            if getattr(http_request, "axes_locked_out", False):
                # Answer in JSON here; left set, the flag makes the lockout middleware send its HTML page.
                http_request.axes_locked_out = False
                return Response({"detail": LOCKED_OUT}, status=status.HTTP_429_TOO_MANY_REQUESTS)
            raise serializers.ValidationError({"non_field_errors": [BAD_CREDENTIALS]})
        # Like a page login: resets the failure count and records the login.
        user_logged_in.send(sender=type(user), request=http_request, user=user)
        token = api_token_issue(actor=user)
        return Response({"token": token}, headers={"Cache-Control": "no-store"})


class MeView(ApiViewMixin, APIView):
    @extend_schema(
        summary="当前账号",
        description="调用者的账号、角色、所属党组织和可见范围。",
        responses=MeSerializer,
        tags=AUTH,
    )
    def get(self, request: Request) -> Response:
        user = request.user
        scope = scope_of(user)
        org = user.org
        if scope.everything:
            kind, description = "all", "全部党组织"
        elif scope.member_only:
            kind, description = "self", "仅本人的信息"
        elif scope.nothing or org is None:
            kind, description = "none", "没有可见的数据"
        else:
            kind, description = "subtree", f"{org.name}及其全部下级组织"
        payload = {
            "id": user.pk,
            "username": user.get_username(),
            "display_name": user.display_name,
            "role": user.role,
            "role_display": user.get_role_display(),
            "org": org,
            "person_id": user.person_id,
            "scope": {"kind": kind, "org": org if kind != "all" else None, "description": description},
        }
        return Response(MeSerializer(payload).data)
