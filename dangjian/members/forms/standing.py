from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.choices import Standing
from dangjian.core.forms import DATE_FORMAT
from dangjian.members import rules
from dangjian.members.choices import StandingBasis


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format=DATE_FORMAT),
    )


class StandingChangeForm(forms.Form):
    to_standing = forms.ChoiceField(label="变更为", widget=forms.Select(attrs={"class": "form-select"}))
    changed_on = _date("生效日期")
    basis = forms.ChoiceField(
        label="依据", choices=StandingBasis.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    reason = forms.CharField(
        label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )
    branch_resolution_on = _date("支部大会决定日期", required=False)
    approved_on = _date("上级党组织批准日期", required=False)
    confirm = forms.BooleanField(
        label="我已核对:出党、去世等变更后,该党员转入历史名册,不再计入党员人数",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = rules.STANDING_TRANSITIONS.get(current, frozenset())
        self.fields["to_standing"].choices = [(v, label) for v, label in Standing.choices if v in allowed]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("to_standing") in rules.LEAVING_STANDINGS and not data.get("confirm"):
            self.add_error("confirm", "转入历史名册前请勾选确认")
        return data
