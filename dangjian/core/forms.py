"""Forms of the core pages. They parse and label input; every save goes through a service.

Fields come from the models (labels, choices, lengths), so a page and the model never disagree; the
rules live in the services and in `validation.py`, whose errors are put back on the fields here.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from dangjian.core.choices import OrgLevel, Role
from dangjian.core.models import Org, Person, Post, Unit, UnitYearFigure
from dangjian.core.services import ORG_EDITABLE, PERSON_EDITABLE

DATE_FORMAT = "%Y-%m-%d"


def _model_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    if isinstance(db_field, models.DateField):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))
    return db_field.formfield(**kwargs)


class _ModelFieldsMetaclass(forms.forms.DeclarativeFieldsMetaclass):
    """Adds the fields of `model` named in `model_fields` before the declared ones."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        cls: Any = super().__new__(mcs, name, bases, attrs)
        model, names = getattr(cls, "model", None), getattr(cls, "model_fields", ())
        if model is not None and names:
            generated = forms.fields_for_model(model, fields=list(names), formfield_callback=_model_formfield)
            cls.base_fields = {**generated, **cls.declared_fields}
        return cls


class ServiceForm(forms.Form, metaclass=_ModelFieldsMetaclass):
    """A form whose fields are taken from `model` (`model_fields`), styled for Bootstrap.

    It never saves: the view passes `cleaned_data` to a service and hands the service's
    ValidationError back through `add_service_errors`, so every message lands on its field.
    """

    model: ClassVar[type[models.Model] | None] = None
    model_fields: ClassVar[tuple[str, ...]] = ()
    # Service error keys that belong to a differently named field of the form.
    error_fields: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.model is not None and cls.model_fields:
            generated = forms.fields_for_model(
                cls.model, fields=list(cls.model_fields), formfield_callback=_model_formfield
            )
            cls.base_fields = {**generated, **cls.base_fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label or ""
            field.error_messages["required"] = f"请填写{label}"
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{label}不是有效日期(格式:年-月-日)"
            elif isinstance(field, forms.DecimalField | forms.IntegerField):
                field.error_messages["invalid"] = f"{label}应为数字"
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = f"{label}不是有效选项"
                choices: Any = field.choices
                field.choices = [(value, "请选择" if value == "" else text) for value, text in choices]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put a service's errors on the fields they name; the rest above the form."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for key, messages in exc.message_dict.items():
            name = self.error_fields.get(key, key)
            self.add_error(name if name in self.fields else None, messages)

    def changes(self) -> dict[str, Any]:
        """The model fields the user changed (for update services that take only changes)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in self.model_fields}


def style_filter_form(form: forms.Form) -> forms.Form:
    """Bootstrap classes and a "全部" empty choice for a filter form (django-filter builds the fields)."""
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField):
            if hasattr(field, "empty_label"):  # django-filter adds its empty choice itself
                field.empty_label = "全部"
                field.widget.choices = list(field.choices)  # type: ignore[arg-type]
            else:
                choices: Any = field.choices
                field.choices = [(value, "全部" if value == "" else text) for value, text in choices]
            field.widget.attrs.setdefault("class", "form-select form-select-sm")
        else:
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
    return form


# --- organisations -----------------------------------------------------------------------------------


class OrgCreateForm(ServiceForm):
    model = Org
    model_fields = ("code", "name", "short_name", "kind", "domain", "level", "founded_on", "term_start", "term_end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].validators = []  # uniqueness is the service's to say, in its own words
        self.fields["level"].initial = OrgLevel.GRASSROOTS


class OrgEditForm(ServiceForm):
    model = Org
    model_fields = ORG_EDITABLE


class OrgMoveForm(ServiceForm):
    """Choose the new parent among `targets` (already limited to the user's scope)."""

    error_fields = {"parent": "new_parent"}

    new_parent = forms.TypedChoiceField(label="移动到(新的上级组织)", coerce=int)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, targets: list[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["new_parent"]
        field.choices = [(org.pk, f"{org.name}({org.code})") for org in targets]
        field.error_messages["required"] = "请选择新的上级组织"
        field.error_messages["invalid_choice"] = "所选上级组织不存在或不在您的管理范围内"
        field.widget.attrs["size"] = "8"


class UnitForm(ServiceForm):
    model = Unit
    model_fields = ("kind", "name", "households", "registered_population", "resident_population", "is_poverty_village")


class UnitYearFigureForm(ServiceForm):
    model = UnitYearFigure
    model_fields = ("year", "collective_income", "collective_assets")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year: Any = self.fields["year"]
        year.min_value = 1949
        year.widget.attrs.update(min=1949, max=2100)


# --- people and posts --------------------------------------------------------------------------------


class PersonEditForm(ServiceForm):
    model = Person
    model_fields = PERSON_EDITABLE
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所在党组织(组织代码)", max_length=32)

    field_order = ["name", "gender", "ethnicity", "org_code"]


class PersonCreateForm(PersonEditForm):
    id_number = forms.CharField(label="公民身份号码", max_length=18, min_length=15)

    field_order = ["name", "id_number", "gender", "ethnicity", "org_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_number"].error_messages["min_length"] = "公民身份号码应为18位"
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in (*PERSON_EDITABLE, "id_number")}


class PostCreateForm(ServiceForm):
    model = Post
    model_fields = ("title", "term_start", "term_end", "note")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="任职组织(组织代码)", max_length=32)

    field_order = ["org_code", "title", "term_start", "term_end", "note"]


class PostEndForm(ServiceForm):
    term_end = forms.DateField(label="任职结束日期", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))


# --- accounts ----------------------------------------------------------------------------------------


class AccountCreateForm(ServiceForm):
    error_fields = {"person": "person_id_number"}

    username = forms.CharField(label="用户名", max_length=150)
    display_name = forms.CharField(label="显示名称", max_length=50, required=False)
    role = forms.ChoiceField(label="角色", choices=[("", ""), *Role.choices])
    org_code = forms.CharField(label="所属党组织(组织代码)", max_length=32, required=False)
    person_id_number = forms.CharField(label="对应党员的公民身份号码", max_length=18, required=False)
    person = forms.IntegerField(required=False, widget=forms.HiddenInput)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput(render_value=False))
    password_again = forms.CharField(label="再次输入密码", widget=forms.PasswordInput(render_value=False))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "off"
        for name in ("password", "password_again"):
            self.fields[name].widget.attrs["autocomplete"] = "new-password"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("password") and cleaned.get("password_again") != cleaned.get("password"):
            self.add_error("password_again", "两次输入的密码不一致")
        if cleaned.get("role") and cleaned["role"] != Role.MEMBER and not cleaned.get("org_code"):
            self.add_error("org_code", "请填写所属党组织代码")
        return cleaned
