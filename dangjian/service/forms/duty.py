"""Forms of the duty pages: a roster entry, the rota generator, the county's duty settings."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.core.models import Person
from dangjian.service.choices import DutyKind, DutySlot
from dangjian.service.models import DutyEntry, DutySetting

WEEKDAY_CHOICES = [(str(n), f"周{'一二三四五六日'[n]}") for n in range(7)]


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format=DATE_FORMAT)


class EntryForm(ServiceForm):
    model = DutyEntry
    model_fields = ("date", "slot", "kind", "name", "post", "phone", "note")

    person = forms.TypedChoiceField(label="关联党员(可选)", required=False, coerce=int, empty_value=None)
    field_order = ["date", "slot", "kind", "person", "name", "post", "phone", "note"]

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        field: Any = self.fields["person"]
        field.choices = [("", "不关联"), *((p.pk, f"{p.name}({p.org.name})") for p in people)]
        self.fields["name"].required = False
        self.fields["name"].help_text = "关联党员时可不填,默认为党员姓名"
        self.fields["phone"].help_text = "不填则使用中心的固定值班电话;只能填写固定电话"

    def entry_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["person"] = self.people.get(data.get("person")) if data.get("person") else None
        return data


class RotaForm(forms.Form):
    """Fill a period with cadres in turn: one cadre a line, "姓名 职务"."""

    first = forms.DateField(label="开始日期", widget=_date_widget())
    last = forms.DateField(label="结束日期", widget=_date_widget())
    weekdays = forms.MultipleChoiceField(
        label="值班星期",
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["0", "1", "2", "3", "4"],
    )
    kind = forms.ChoiceField(label="类别", choices=DutyKind.choices, initial=DutyKind.SIT)
    slot = forms.ChoiceField(label="时段", choices=DutySlot.choices, initial=DutySlot.FULL_DAY)
    cadres = forms.CharField(
        label="值班干部(每行一人:姓名 职务)",
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}),
        help_text="按顺序轮流排班;当天该时段已有安排的日期跳过",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "slot"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def clean_cadres(self) -> list[dict[str, str]]:
        found = []
        for line in self.cleaned_data["cadres"].splitlines():
            parts = line.replace("\u3000", " ").split(maxsplit=1)
            if parts:
                found.append({"name": parts[0], "post": parts[1] if len(parts) > 1 else ""})
        if not found:
            raise forms.ValidationError("请至少填写一名值班干部")
        return found

    def clean_weekdays(self) -> set[int]:
        return {int(day) for day in self.cleaned_data["weekdays"]}


class SettingForm(ServiceForm):
    model = DutySetting
    model_fields = ("weekends_required", "grace_minutes")
