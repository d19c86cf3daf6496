"""Forms of the 示范点/示范带 pages. They parse and label input; the services decide and their errors land on the
fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm, style_filter_form
from dangjian.villages.models import ShowcaseBelt, ShowcasePoint, ShowcaseVisit, VillageLocation

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


def style_filters(form: forms.Form) -> forms.Form:
    """A list's filter form for the page: Bootstrap styling, and yes/no filters without the API's notes."""
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.label = str(field.label).split("(")[0]
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    return form


class PointForm(ServiceForm):
    model = ShowcasePoint
    model_fields = ("name", "theme", "level", "year", "status", "description", "longitude", "latitude")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所在组织(组织代码)", max_length=32)

    field_order = ["org_code", "name", "theme", "level", "year", "status", "longitude", "latitude", "description"]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        self.fields["longitude"].help_text = "东经,如 114.123456(可在手机地图上长按取得)"
        self.fields["latitude"].help_text = "北纬,如 33.812345"


class PhotoForm(ServiceForm):
    image = forms.FileField(
        label="示范点照片",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="jpg、png 或 webp 格式,不超过5MB",
    )
    caption = forms.CharField(label="照片说明", max_length=100, required=False)


class VisitForm(ServiceForm):
    model = ShowcaseVisit
    model_fields = ("kind", "visited_on", "visitors", "host", "note")


class BeltForm(ServiceForm):
    model = ShowcaseBelt
    model_fields = ("name", "description")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="打造单位(组织代码)", max_length=32)

    field_order = ["org_code", "name", "description"]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]


class BeltPointsForm(forms.Form):
    """The belt's points in order: one select per stop (blank stops are skipped)."""

    STOPS = 12

    def __init__(self, *args: Any, choices: list[tuple[int, str]], current: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [("", "—"), *choices]
        for index in range(self.STOPS):
            field = forms.TypedChoiceField(
                label=f"第{index + 1}站", required=False, coerce=int, empty_value=None, choices=options
            )
            field.widget.attrs["class"] = "form-select form-select-sm"
            field.initial = current[index] if index < len(current) else None
            self.fields[f"stop_{index}"] = field

    def ordered_ids(self) -> list[int]:
        return [value for index in range(self.STOPS) if (value := self.cleaned_data.get(f"stop_{index}"))]


class LocationForm(ServiceForm):
    model = VillageLocation
    model_fields = ("longitude", "latitude")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("longitude", "latitude"):
            self.fields[name].required = False
        self.fields["longitude"].help_text = "两项都留空为删除坐标"
