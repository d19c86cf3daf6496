"""Forms of the 两新 coverage pages; they parse and label input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core import clock
from dangjian.core.forms import ServiceForm
from dangjian.villages.choices import EffectiveItem
from dangjian.villages.models import TwoNewInstructor, TwoNewOrganisation


class OrganisationForm(ServiceForm):
    model = TwoNewOrganisation
    model_fields = (
        "name",
        "kind",
        "subtype",
        "employees",
        "formal_members",
        "probationary_members",
        "branch_status",
        "address",
    )
    error_fields = {"org": "org_code", "branch": "branch_code"}

    org_code = forms.CharField(label="属地党组织(组织代码)", max_length=32)
    branch_code = forms.CharField(label="党组织(组织代码)", max_length=32, required=False)

    field_order = ["org_code", "name", "kind", "subtype", "employees", "formal_members", "probationary_members"]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        self.fields["branch_code"].help_text = "单独建立的党组织或所纳入的联合党支部的组织代码"
        self.fields["formal_members"].help_text = "正式党员3名以上应单独建立党支部"


class InstructorForm(ServiceForm):
    model = TwoNewInstructor
    model_fields = ("name", "from_unit", "phone", "starts_on", "ends_on")

    person = forms.IntegerField(label="党员编号(选填)", required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = "填写党员编号时可不填"
        self.fields["starts_on"].required = False


class EndForm(ServiceForm):
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class AssessmentForm(ServiceForm):
    year = forms.TypedChoiceField(label="年度", coerce=int)
    items = forms.MultipleChoiceField(
        label="达标项目", choices=EffectiveItem.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        this_year = clock.today().year
        field: Any = self.fields["year"]
        field.choices = [(y, f"{y}年") for y in range(this_year, this_year - 5, -1)]
        self.fields["items"].widget.attrs["class"] = "form-check-input"


class SettingsForm(ServiceForm):
    effective_required = forms.IntegerField(
        label="有效覆盖所需项目数", min_value=1, max_value=len(EffectiveItem.values)
    )
