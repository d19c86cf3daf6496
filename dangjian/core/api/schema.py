"""OpenAPI documentation of the API: every operation lists its error answers, all texts in Chinese."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, get_view_model
from drf_spectacular.utils import OpenApiResponse

ERROR_SCHEMA = {
    "type": "object",
    "description": "错误说明",
    "properties": {"detail": {"type": "string", "description": "错误原因(中文)"}},
    "required": ["detail"],
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "按字段列出的错误:键为字段名(non_field_errors 为整体错误),值为中文说明",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
    },
}
ERROR_TEXTS = {
    400: "输入有误:按字段列出中文错误说明,未做任何修改",
    401: "未认证:缺少令牌或令牌无效",
    403: "没有权限执行此操作",
    404: "对象不存在或不在您的管理范围内(两者的回答完全相同)",
    429: "连续登录失败次数过多,账号已被锁定",
}


class ApiSchema(AutoSchema):
    """AutoSchema that documents the error answers (400/401/403/404) of each operation.

    A view may list its own codes in `api_error_codes` (the token view: 400 and 429 only).
    """

    def _error_codes(self) -> tuple[int, ...]:
        declared = getattr(self.view, "api_error_codes", None)
        if declared is not None:
            return tuple(declared)
        is_list = self._is_list_view()
        codes = [401, 403]
        if self.method != "GET" or is_list:
            codes.append(400)
        if "{" in self.path or is_list:
            codes.append(404)
        return tuple(sorted(codes))

    def _error_component(self, code: int) -> dict[str, Any]:
        name, schema = ("ValidationErrors", FIELD_ERRORS_SCHEMA) if code == 400 else ("Error", ERROR_SCHEMA)
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name)
        self.registry.register_on_missing(component)
        return component.ref

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        bodies = super()._get_response_bodies(direction)
        if direction != "response":
            return bodies
        for code in self._error_codes():
            if str(code) not in bodies:
                response = OpenApiResponse(response=self._error_component(code), description=ERROR_TEXTS[code])
                bodies[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return bodies

    def _resolve_path_parameters(self, variables: list[str]) -> list[dict[str, Any]]:
        parameters = super()._resolve_path_parameters(variables)
        model = get_view_model(self.view, emit_warnings=False)
        if model is not None:
            for parameter in parameters:
                if parameter["name"] == "id":
                    parameter["description"] = f"{model._meta.verbose_name}的编号"
        return parameters


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """The token scheme, described in Chinese."""

    target_class = "rest_framework.authentication.TokenAuthentication"
    name = "tokenAuth"
    priority = 1

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "令牌认证:先以 POST /api/v1/auth/token/ 取得令牌,再在请求头中带上 Authorization: Token <令牌>"
            ),
        }


class SessionAuthenticationScheme(OpenApiAuthenticationExtension):
    """Session login of the pages (used by the documentation page's 试一试)."""

    target_class = "rest_framework.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "网页登录后的会话(写操作还须带 CSRF 令牌)",
        }
