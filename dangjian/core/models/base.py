from __future__ import annotations

from functools import cache
from typing import Any

from django.db import models


@cache
def _labels(field: models.Field) -> dict[Any, str]:
    # One UI language (zh-hans): the labels can be resolved once per field.
    return {value: str(label) for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """`get_<field>_display()` from a dict built once per field.

    Django rebuilds the choices dict on every call; a list page calls it hundreds of times.
    """

    def _get_FIELD_display(self, field: models.Field) -> str:
        value = getattr(self, field.attname)
        return _labels(field).get(value, value)
