"""Forms of the training pages. They parse and label input; the services decide and their errors land on the
fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.orglife.choices import TrainingGroup
from dangjian.orglife.models import RotationTarget, TrainingClass


class TrainingClassForm(ServiceForm):
    model = TrainingClass
    model_fields = ("title", "organiser", "place", "kind", "group", "starts_on", "ends_on", "hours", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].help_text = "如:大别山干部学院、红旗渠干部学院、村党群服务中心"
        self.fields["hours"].help_text = "大于0,且不超过培训天数×24"
        hours: Any = self.fields["hours"]
        hours.error_messages["max_decimal_places"] = "学时最多保留一位小数"
        hours.error_messages["max_digits"] = hours.error_messages["max_whole_digits"] = "学时过大"


class AttendanceForm(ServiceForm):
    attended = forms.TypedChoiceField(
        label="参训情况",
        choices=[("1", "已参训"), ("0", "未参训")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    hours = forms.DecimalField(
        label="获得学时", required=False, max_digits=5, decimal_places=1, help_text="不填按培训班学时计"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].widget.attrs["class"] = "form-check-input"
        hours: Any = self.fields["hours"]
        hours.error_messages["max_decimal_places"] = "学时最多保留一位小数"
        hours.error_messages["max_digits"] = hours.error_messages["max_whole_digits"] = "学时过大"


class RotationTargetForm(ServiceForm):
    model = RotationTarget
    model_fields = ("year", "group", "min_hours", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year: Any = self.fields["year"]
        year.min_value, year.max_value = 2000, 2099
        year.widget.attrs.update(min=2000, max=2099)
        self.fields["min_hours"].help_text = "0 表示参加一期该类培训即算轮训"
        self.fields["note"].help_text = "如:年内全部轮训一遍"


class EnrolGroupForm(ServiceForm):
    group = forms.ChoiceField(label="培训对象", choices=[("", ""), *TrainingGroup.choices])
