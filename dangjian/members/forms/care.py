"""Forms of the 党内关爱 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.members.models import CareVisit, Hardship


class HardshipForm(ServiceForm):
    model = Hardship
    model_fields = ("kind", "since", "until", "description")


class HardshipEndForm(ServiceForm):
    until = forms.DateField(label="解除日期", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))


class VisitForm(ServiceForm):
    model = CareVisit
    model_fields = ("kind", "visited_on", "visitors", "amount", "goods", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        amount = self.fields["amount"]
        amount.help_text = "以元为单位,精确到分;没有慰问金填0"
        amount.error_messages["max_decimal_places"] = "慰问金精确到分(最多两位小数)"
        amount.error_messages["max_digits"] = amount.error_messages["max_whole_digits"] = "慰问金金额过大"
        self.fields["visitors"].help_text = "多人以顿号分隔"
