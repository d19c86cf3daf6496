"""Input serializers: they only parse and shape what a client sends, then the views hand it to the services.

Parsing errors name the field by its Chinese label; keys a client may not send are refused rather than
silently ignored; references to orgs and people resolve within the caller's scope, and one outside it
reads exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers
from rest_framework.settings import api_settings

from dangjian.core.choices import PostTitle
from dangjian.core.models import Org, Person
from dangjian.core.scoping import scoped
from dangjian.core.services import ORG_EDITABLE, PERSON_EDITABLE


# Errors keyed by field with messages that name the field in Chinese; unknown keys refused. (A comment, not a
# docstring: the API schema would show an English docstring as the description of every input without its own.)
class ChineseInputMixin:
    fields: Any

    def to_internal_value(self, data: Any) -> Any:
        errors: dict[str, list[str]] = {}
        if isinstance(data, Mapping):
            for key in data:
                field = self.fields.get(key)
                if field is None or field.read_only:
                    errors[str(key)] = [f"“{key}”不是可提交的项目"]
        value = None
        try:
            value = super().to_internal_value(data)  # type: ignore[misc]
        except serializers.ValidationError as exc:
            detail = exc.detail if isinstance(exc.detail, Mapping) else {api_settings.NON_FIELD_ERRORS_KEY: exc.detail}
            errors.update(self._labelled(detail))
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def _labelled(self, detail: Mapping[str, Any]) -> dict[str, list[str]]:
        labelled: dict[str, list[str]] = {}
        for key, messages in detail.items():
            field = self.fields.get(key)
            label = str(field.label) if field is not None and field.label else ""
            items = messages if isinstance(messages, list) else [messages]
            labelled[key] = [f"{label}：{m}" if label and label not in str(m) else str(m) for m in items]
        return labelled


class DateInput(serializers.DateField):
    """A date within 1900-2099: nothing these records hold falls outside, and far-off years break date arithmetic."""

    earliest = dt.date(1900, 1, 1)
    latest = dt.date(2099, 12, 31)

    def to_internal_value(self, value: Any) -> dt.date:
        day = super().to_internal_value(value)
        if not self.earliest <= day <= self.latest:
            raise serializers.ValidationError(f"日期应在{self.earliest.isoformat()}至{self.latest.isoformat()}之间")
        return day


class ModelInput(ChineseInputMixin, serializers.ModelSerializer):
    """Input fields derived from the model's (labels, choices, lengths); never saved by the serializer."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping, models.DateField: DateInput}


class ScopedOrgCodeField(serializers.CharField):
    """An org given by its code (组织代码), looked up within the caller's scope."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def run_validation(self, data: Any = serializers.empty) -> Org:
        code = super().run_validation(data)
        org = scoped(Org, self.context["request"].user).filter(code=code).first()
        if org is None:
            raise serializers.ValidationError(f"组织代码“{code}”不存在")
        return org


class ScopedPersonField(serializers.IntegerField):
    """A person given by their number (编号), looked up within the caller's scope."""

    def run_validation(self, data: Any = serializers.empty) -> Person:
        pk = super().run_validation(data)
        person = scoped(Person, self.context["request"].user).filter(pk=pk).first()
        if person is None:
            raise serializers.ValidationError(f"编号为{pk}的党员不存在")
        return person


@extend_schema_serializer(description="修改党组织:只提交要修改的项目")
class OrgUpdateInput(ModelInput):
    class Meta:
        model = Org
        fields = list(ORG_EDITABLE)


@extend_schema_serializer(description="移动党组织:新的上级组织")
class OrgMoveInput(ChineseInputMixin, serializers.Serializer):
    parent = ScopedOrgCodeField(label="新上级组织代码")


# What a client may set on a person: exactly what the service lets change.
PERSON_INPUT_FIELDS = list(PERSON_EDITABLE)


@extend_schema_serializer(description="登记党员:出生日期取自公民身份号码")
class PersonCreateInput(ModelInput):
    org = ScopedOrgCodeField(label="所在党组织代码")
    id_number = serializers.CharField(max_length=18, label="公民身份号码")

    class Meta:
        model = Person
        fields = ["org", "id_number", *PERSON_INPUT_FIELDS]


@extend_schema_serializer(description="修改党员信息:只提交要修改的项目")
class PersonUpdateInput(ModelInput):
    org = ScopedOrgCodeField(
        label="所在党组织代码", help_text="填写时把党员转入您管理范围内的另一党组织", required=False
    )

    class Meta:
        model = Person
        fields = ["org", *PERSON_INPUT_FIELDS]


@extend_schema_serializer(description="任命职务")
class PostCreateInput(ChineseInputMixin, serializers.Serializer):
    person = ScopedPersonField(label="任职人员编号")
    org = ScopedOrgCodeField(label="任职组织代码")
    title = serializers.ChoiceField(choices=PostTitle.choices, label="职务")
    term_start = DateInput(label="任职开始")
    term_end = DateInput(required=False, allow_null=True, label="任职结束")
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, label="备注")


@extend_schema_serializer(description="结束任职")
class PostEndInput(ChineseInputMixin, serializers.Serializer):
    term_end = DateInput(label="任职结束")


@extend_schema_serializer(description="用户名和密码")
class TokenRequestInput(ChineseInputMixin, serializers.Serializer):
    username = serializers.CharField(max_length=150, label="用户名")
    password = serializers.CharField(
        max_length=128, trim_whitespace=False, write_only=True, style={"input_type": "password"}, label="密码"
    )
