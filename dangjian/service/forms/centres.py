"""Forms of the centre pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.service.models import CentreRoom, CentreStandardItem, CentreWorks, ServiceCentre


class CentreForm(ServiceForm):
    model = ServiceCentre
    model_fields = (
        "name",
        "is_main",
        "address",
        "building_area",
        "square_area",
        "opened_on",
        "duty_phone",
        "hours",
        "status",
        "note",
    )
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所属党组织(组织代码)", max_length=32)
    field_order = ["org_code", *model_fields]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        self.fields["duty_phone"].help_text = "固定电话,如0395-8123456;手机号码不能作为值班电话(会在公开页面展示)"
        self.fields["hours"].help_text = "如:工作日 8:30-12:00,14:30-18:00"
        self.fields["is_main"].help_text = "一个组织只有一个主阵地,其他为分中心(站点)"


class RoomForm(ServiceForm):
    model = CentreRoom
    model_fields = ("kind", "name", "area")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = "选择“其他”时填写功能室名称"


class WorksForm(ServiceForm):
    model = CentreWorks
    model_fields = ("year", "kind", "status", "planned_funds", "actual_funds", "started_on", "completed_on", "note")


class StandardItemForm(ServiceForm):
    model = CentreStandardItem
    model_fields = ("position", "text", "room_kind", "min_area", "required", "is_active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room_kind"].help_text = "选择后按中心登记的功能室自动判定"
        self.fields["min_area"].help_text = "填写后按中心登记的建筑面积自动判定"


class CheckForm(forms.Form):
    """A compliance check: the year and date, and per hand-ticked item met or not with a note."""

    year = forms.IntegerField(label="检查年度", min_value=2000, max_value=2099)
    checked_on = forms.DateField(
        label="检查日期", widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format=DATE_FORMAT)
    )
    checker = forms.CharField(label="检查人", max_length=50, required=False)
    note = forms.CharField(label="检查意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: list[CentreStandardItem], auto: dict[int, bool], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        self.auto = auto
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        for item in items:
            if item.pk not in auto:
                self.fields[f"met_{item.pk}"] = forms.BooleanField(
                    label=item.text, required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
                )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="说明", max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "item": item,
                "auto": item.pk in self.auto,
                "auto_met": self.auto.get(item.pk),
                "met": self[f"met_{item.pk}"] if item.pk not in self.auto else None,
                "note": self[f"note_{item.pk}"],
            }
            for item in self.items
        ]

    def ticks(self) -> dict[int, tuple[bool, str]]:
        data = self.cleaned_data
        return {item.pk: (bool(data.get(f"met_{item.pk}")), data.get(f"note_{item.pk}", "")) for item in self.items}
