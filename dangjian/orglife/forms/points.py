"""Forms of the 积分管理 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.choices import MemberCategory
from dangjian.core.forms import ServiceForm
from dangjian.members.selectors.dues import MonthField
from dangjian.orglife.models import PointEntry, PointItem, PointSetting
from dangjian.orglife.services.points import ITEM_FIELDS


def _item_label(item: PointItem) -> str:
    cap = f",上限{item.cap.normalize():f}分/{item.get_cap_cycle_display().removeprefix('每')}" if item.cap else ""
    return f"{item.name}({item.points.normalize():+f}分/次{cap})"


class EntryForm(ServiceForm):
    """A claim (the member) or a branch entry: the item from the member's scheme in force, the day, how many."""

    model = PointEntry
    model_fields = ("occurred_on", "quantity", "note")

    item = forms.TypedChoiceField(label="积分项目", coerce=int)

    field_order = ["item", "occurred_on", "quantity", "note"]

    def __init__(self, *args: Any, items: list[PointItem], note_label: str = "申报事由", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = {item.pk: item for item in items}
        field: Any = self.fields["item"]
        field.choices = [("", "请选择"), *((item.pk, _item_label(item)) for item in items)]
        field.error_messages["required"] = "请选择积分项目"
        field.error_messages["invalid_choice"] = "请选择积分项目"
        self.fields["quantity"].help_text = "次数或小时数,一般为1"
        self.fields["note"].label = note_label
        self.fields["note"].required = True
        self.fields["note"].error_messages["required"] = f"请填写{note_label}"
        self.fields["note"].widget = forms.Textarea(attrs={"rows": 3, "class": "form-control", "maxlength": 200})
        self.order_fields(self.field_order)

    def entry_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["item"] = self.items[data["item"]]
        return data


class ReviewForm(ServiceForm):
    decision = forms.ChoiceField(
        label="审核结果", choices=[("approve", "通过,计入积分"), ("reject", "不通过")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="审核意见",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
        help_text="不通过时必填",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.fields["decision"].error_messages["required"] = "请选择审核结果"


class SchemeForm(ServiceForm):
    category = forms.ChoiceField(label="党员类别", choices=MemberCategory.choices)
    name = forms.CharField(label="方案名称", max_length=100)
    effective_from = MonthField(label="起始月份", help_text="从该月1日起生效")

    def __init__(self, *args: Any, categories: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if categories is not None:
            field: Any = self.fields["category"]
            field.choices = [("", "请选择"), *categories]
        self.fields["effective_from"].widget.attrs["class"] = "form-control"


class ReviseForm(ServiceForm):
    effective_from = MonthField(label="新版本起始月份", help_text="已结账的月份及以前不能生效;此前月份仍按原方案")
    name = forms.CharField(label="方案名称", max_length=100, required=False, help_text="不填沿用原名称")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].widget.attrs["class"] = "form-control"


class SeedForm(ServiceForm):
    effective_from = MonthField(label="起始月份", help_text="为尚无方案的党员类别生成默认积分方案")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].widget.attrs["class"] = "form-control"


class ItemForm(ServiceForm):
    model = PointItem
    model_fields = ITEM_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["points"].help_text = "负数为扣分(仅支部登记项目)"
        self.fields["cap"].help_text = "不设上限请留空"
        self.fields["order"].required = False

    def item_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data.get(name) for name in ITEM_FIELDS}
        data["order"] = data["order"] or 0
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=2, can_delete=True)


def item_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled, not deleted rows of an item formset, in order."""
    return [
        form.item_data()
        for form in formset.forms
        if form.cleaned_data and form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
    ]


class SettingForm(ServiceForm):
    model = PointSetting
    model_fields = (
        "red_flag_min_average",
        "red_flag_min_compliance",
        "red_flag_min_attendance",
        "red_flag_min_star_share",
    )

    star_1 = forms.DecimalField(label="一星", max_digits=7, decimal_places=1)
    star_2 = forms.DecimalField(label="二星", max_digits=7, decimal_places=1)
    star_3 = forms.DecimalField(label="三星", max_digits=7, decimal_places=1)
    star_4 = forms.DecimalField(label="四星", max_digits=7, decimal_places=1)
    star_5 = forms.DecimalField(label="五星", max_digits=7, decimal_places=1)

    field_order = ["star_1", "star_2", "star_3", "star_4", "star_5", *model_fields]
    error_fields = {"star_thresholds": "star_1"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["star_1"].help_text = "年度积分达到该分值即评为该星级"
        self.order_fields(self.field_order)

    def setting_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.model_fields}
        data["star_thresholds"] = [self.cleaned_data[f"star_{level}"] for level in range(1, 6)]
        return data


class CloseForm(forms.Form):
    month = forms.DateField(widget=forms.HiddenInput)
