"""What every API view shares: JSON in and out, Chinese documentation, and the scoping of every read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from rest_framework import status, viewsets
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from dangjian.core.api.pagination import ApiPagination
from dangjian.core.api.schema import ApiSchema
from dangjian.core.scoping import get_scoped_or_404, scoped


class ApiJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError("请求内容不是有效的 JSON") from None


class ApiViewMixin:
    schema = ApiSchema()
    renderer_classes = [JSONRenderer]
    parser_classes = [ApiJSONParser]

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Query parameters with a NUL character are refused up front (forms refuse them; the databases can't
        store them), so views that read parameters themselves get the same 400 as filter forms."""
        for key, values in request.query_params.lists():
            if any("\x00" in value for value in values):
                raise ValidationError({key: ["不能包含空字符"]})
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class ScopedViewSet(ApiViewMixin, viewsets.GenericViewSet):
    """Every queryset goes through `scoped()`; an object outside the caller's scope answers 404 like a missing one."""

    pagination_class = ApiPagination
    # Any path segment reaches get_object, so a malformed id answers the same JSON 404 as a missing one.
    lookup_value_regex = "[^/]+"

    def get_queryset(self) -> models.QuerySet:
        return scoped(super().get_queryset(), self.request.user)

    def get_object(self) -> Any:
        obj = get_scoped_or_404(self.get_queryset(), self.request.user, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def parse(self, serializer_class: type[Serializer], *, partial: bool = False) -> dict[str, Any]:
        """The request body parsed by an input serializer (400 with Chinese messages when it does not parse)."""
        serializer = serializer_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def reread(self, pk: Any) -> Any:
        """After a write, read the object back through the scoped queryset; if it left the scope, undo the write.

        Call inside the transaction of the write.
        """
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:
            raise PermissionDenied("修改后该对象将不在您的管理范围内,未做修改")
        return obj

    def paginated(self, queryset: models.QuerySet) -> Response:
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def answer(self, pk: Any, *, created: bool = False) -> Response:
        """The object read back through the scope, serialized: 201 for a new object, else 200."""
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(self.reread(pk)).data, status=code)

    def written(self, write: Callable[[], Any], *, pk: Any = None, created: bool = False) -> Response:
        """Run a service's write in one transaction with the read back (a write that takes the object out of the
        caller's scope is undone) and answer the object. `pk` names the object when `write` does not return it."""
        with transaction.atomic():
            result = write()
            return self.answer(result.pk if pk is None else pk, created=created)
