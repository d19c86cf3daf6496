"""Forms of the county's settings of organisational life. They parse and label input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.orglife import rules
from dangjian.orglife.models import MeetingRequirement, OrgLifeSetting


class OrgLifeSettingForm(ServiceForm):
    model = OrgLifeSetting
    model_fields = ("late_entry_days", "checkin_before_minutes", "checkin_after_minutes", "late_after_minutes")
    theme_days = forms.CharField(
        label="主题党日固定日期(每月几号)",
        max_length=40,
        help_text="每月1日至28日;多个日期以逗号或顿号分隔,如“10”或“5,10”",
    )
    agenda_items = forms.CharField(
        label="主题党日规定议程",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"每行一项,最多{rules.AGENDA_ITEMS_MAX}项,每项不超过{rules.AGENDA_ITEM_LENGTH}个字",
    )

    field_order = ["theme_days", "agenda_items", *model_fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, _label, lowest, highest, unit in rules.SETTING_BOUNDS:
            self.fields[name].help_text = f"{lowest}至{highest}{unit}"
        self.order_fields(self.field_order)

    @staticmethod
    def initial_of(setting: OrgLifeSetting) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(setting, name) for name in OrgLifeSettingForm.model_fields}
        initial["theme_days"] = ",".join(str(day) for day in setting.theme_days)
        initial["agenda_items"] = "\n".join(setting.agenda_items)
        return initial

    def clean_theme_days(self) -> list[int]:
        try:
            return rules.parse_days(self.cleaned_data["theme_days"])
        except ValueError as exc:
            raise forms.ValidationError(f"主题党日日期中{exc}") from None

    def clean_agenda_items(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["agenda_items"].splitlines() if line.strip()]


class RequirementForm(ServiceForm):
    model = MeetingRequirement
    model_fields = ("kind", "org_category", "expected", "cycle", "effective_from", "effective_until", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lowest, highest = rules.EXPECTED_RANGE
        self.fields["expected"].help_text = f"每个周期至少开展的次数({lowest}至{highest})"
        self.fields["effective_until"].help_text = "留空为长期有效"
        self.fields["note"].help_text = "如条例条款或本县文件"


class RequirementEndForm(ServiceForm):
    effective_until = forms.DateField(
        label="截止日期(最后有效的一天)", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)
    )
