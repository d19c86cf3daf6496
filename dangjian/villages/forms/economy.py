"""Forms of the 集体经济 pages. They parse and label input; the service decides and its errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.villages.choices import DevelopmentModel


class VillageYearForm(ServiceForm):
    """A village's year: income and assets (元), development models, development thinking."""

    error_fields = {"year": "income"}

    income = forms.DecimalField(label="集体经济年收入(元)", min_value=0, max_digits=14, decimal_places=2)
    assets = forms.DecimalField(label="集体资产(元)", required=False, min_value=0, max_digits=16, decimal_places=2)
    models = forms.MultipleChoiceField(
        label="发展模式(可多选)",
        required=False,
        choices=DevelopmentModel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label="发展思路", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["models"].widget.attrs["class"] = "form-check-input"
        self.fields["income"].help_text = "全年村级集体经济收入,单位:元"
