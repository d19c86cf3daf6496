"""What the members API views share: a write through a service answered with the object as it now reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from rest_framework import status
from rest_framework.response import Response

from dangjian.core.api.base import ScopedViewSet


class MembersViewSet(ScopedViewSet):
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
