"""Forms of the 结对共建 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm, style_filter_form
from dangjian.villages.choices import FiveOneItem, OutputKind, PairActivityKind
from dangjian.villages.models import PairActivity, PairingUnit, PairOutput

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


def style_filters(form: forms.Form) -> forms.Form:
    """A list's filter form for the page: Bootstrap styling, yes/no filters without the API's notes."""
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.label = str(field.label).split("(")[0]
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    return form


class PeriodForm(forms.Form):
    """The scope and period of the figures: an org (default the account's), a year, or days within it."""

    org = forms.CharField(label="党组织代码", required=False, max_length=32)
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2099)
    since = forms.DateField(label="日期自", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="日期至", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
        self.fields["year"].error_messages |= {"min_value": "年度应为2000至2099年", "max_value": "年度应为2000至2099年"}
        self.fields["since"].error_messages["invalid"] = "日期格式应为年-月-日"
        self.fields["until"].error_messages["invalid"] = "日期格式应为年-月-日"


class UnitForm(ServiceForm):
    model = PairingUnit
    model_fields = ("name", "department_type", "affiliation", "contact_name", "contact_phone")
    error_fields = {"org": "org_code", "linked_org": "linked_org_code"}

    org_code = forms.CharField(label="维护单位(组织代码)", max_length=32)
    linked_org_code = forms.CharField(label="对应党组织代码(可不填)", max_length=32, required=False)

    field_order = ["org_code", "name", "department_type", "affiliation", "contact_name", "contact_phone"]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]


class PairForm(ServiceForm):
    """A village (among the unpaired in scope) and one or more units."""

    village = forms.TypedChoiceField(label="结对村", coerce=int)
    units = forms.TypedMultipleChoiceField(label="结对单位(可多选)", coerce=int)
    started_year = forms.IntegerField(label="结对年度", min_value=2000, max_value=2099)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, villages: list[Any], units: list[PairingUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village: Any = self.fields["village"]
        village.choices = [("", "请选择"), *((v.pk, v.name) for v in villages)]
        village.error_messages["invalid_choice"] = "所选村不存在、不在管理范围内或已有结对"
        chosen: Any = self.fields["units"]
        chosen.choices = [(u.pk, f"{u.name}({u.get_department_type_display()})") for u in units]
        chosen.error_messages["invalid_choice"] = "所选结对单位不存在或已停用"
        chosen.error_messages["required"] = "请至少选择一个结对单位"
        chosen.widget.attrs["size"] = "8"


class EndForm(ServiceForm):
    reason = forms.CharField(label="结束原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))
    ended_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class AddUnitForm(ServiceForm):
    unit = forms.TypedChoiceField(label="增加结对单位", coerce=int)

    def __init__(self, *args: Any, units: list[PairingUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["unit"]
        field.choices = [("", "请选择"), *((u.pk, u.name) for u in units)]
        field.error_messages["invalid_choice"] = "所选结对单位不存在或已停用"


class ActivityForm(ServiceForm):
    model = PairActivity
    model_fields = ("kind", "held_on", "content", "participants")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *PairActivityKind.choices]


class ChecklistForm(ServiceForm):
    item = forms.ChoiceField(label="“五个一”事项", choices=[("", "请选择"), *FiveOneItem.choices])
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099, widget=forms.HiddenInput)
    done_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    evidence = forms.CharField(label="佐证材料", max_length=500)


class OutputForm(ServiceForm):
    model = PairOutput
    model_fields = ("kind", "occurred_on", "quantity", "description")

    unit = forms.TypedChoiceField(label="帮扶单位", coerce=int, required=False, empty_value=None)
    label = forms.CharField(label="成效名称(其他类填写)", max_length=30, required=False)
    measure = forms.CharField(label="计量单位(其他类填写)", max_length=10, required=False)

    field_order = ["kind", "quantity", "occurred_on", "unit", "label", "measure", "description"]

    def __init__(self, *args: Any, units: list[PairingUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "请选择"), *OutputKind.choices]
        field: Any = self.fields["unit"]
        field.choices = [("", "不指定"), *((u.pk, u.name) for u in units)]
        field.error_messages["invalid_choice"] = "帮扶单位应为该结对的结对单位"
        self.fields[
            "quantity"
        ].help_text = "帮扶资金以元计;解决实际困难以个、办实事以件、植树以棵、绿化以亩、硬化道路以平方米计"
