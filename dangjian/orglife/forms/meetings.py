"""Forms of the meeting pages. They parse and label input; the services decide and their errors land on the
fields (a meeting's day and times are asked separately and combined into the service's start and end)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.core.models import Person
from dangjian.orglife.choices import AttendanceStatus, MeetingKind
from dangjian.orglife.models import Attendance, Meeting

TIME_FORMAT = "%H:%M"


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes one per line, styled as Bootstrap form-checks."""

    template_name = "orglife/meetings/widgets/checkbox_list.html"
    option_template_name = "orglife/meetings/widgets/checkbox_option.html"


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(label=label, widget=forms.TimeInput(attrs={"type": "time"}, format=TIME_FORMAT))


class MeetingForm(ServiceForm):
    """Plan or change a meeting. `people`: whom the host may be chosen from (the org's roll); `checklist`: the
    county's agenda items of a 主题党日."""

    model = Meeting
    model_fields = ("kind", "topic", "place")
    error_fields = {"starts_at": "start_time", "ends_at": "end_time", "agenda": "agenda_items"}

    day = forms.DateField(label="会议日期", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))
    start_time = _time_field("开始时间")
    end_time = _time_field("结束时间")
    host = forms.ChoiceField(label="主持人", required=False)
    host_name = forms.CharField(
        label="非本支部主持人或授课人",
        max_length=50,
        required=False,
        help_text="上级领导、讲师等不在本支部名册上的,填写姓名",
    )
    agenda_items = forms.MultipleChoiceField(
        label="主题党日规定议程",
        required=False,
        widget=CheckboxList,
        help_text="主题党日从本县规定议程中勾选",
    )
    agenda_text = forms.CharField(
        label="议程(其他会议)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项;主题党日以外的会议填写",
    )

    field_order = [
        "kind",
        "topic",
        "day",
        "start_time",
        "end_time",
        "place",
        "host",
        "host_name",
        "agenda_items",
        "agenda_text",
    ]

    def __init__(self, *args: Any, people: Sequence[Person], checklist: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        host: Any = self.fields["host"]
        host.choices = [("", "请选择(本支部党员)")] + [(key, person.name) for key, person in self.people.items()]
        host.widget.attrs["class"] = "form-select"
        items: Any = self.fields["agenda_items"]
        items.choices = [(item, item) for item in checklist]
        items.widget.attrs["class"] = "form-check-input"
        self.fields["agenda_items"].error_messages["invalid_choice"] = "议程“%(value)s”不在本县规定议程中"

    @classmethod
    def initial_of(cls, meeting: Meeting) -> dict[str, Any]:
        starts, ends = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
        items = [entry["item"] for entry in meeting.agenda]
        theme = meeting.kind == MeetingKind.THEME_DAY
        return {
            "kind": meeting.kind,
            "topic": meeting.topic,
            "day": starts.date(),
            "start_time": starts.time().replace(second=0, microsecond=0),
            "end_time": ends.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "host": str(meeting.host_id or ""),
            "host_name": meeting.host_name,
            "agenda_items": items if theme else [],
            "agenda_text": "" if theme else "\n".join(items),
        }

    def service_values(self) -> dict[str, Any]:
        """What the services take: aware start and end, the host person, the agenda as a list."""
        data = self.cleaned_data
        day: dt.date = data["day"]
        kind = data["kind"]
        if kind == MeetingKind.THEME_DAY:
            agenda = list(data.get("agenda_items") or [])
        else:
            agenda = [line.strip() for line in (data.get("agenda_text") or "").splitlines() if line.strip()]
        return {
            "kind": kind,
            "topic": data["topic"],
            "starts_at": timezone.make_aware(dt.datetime.combine(day, data["start_time"])),
            "ends_at": timezone.make_aware(dt.datetime.combine(day, data["end_time"])),
            "place": data["place"],
            "host": self.people.get(data.get("host") or ""),
            "host_name": data.get("host_name") or "",
            "agenda": agenda,
        }


class CancelForm(ServiceForm):
    reason = forms.CharField(label="取消原因", max_length=200, widget=forms.Textarea(attrs={"rows": 2}))


class RecordHeldForm(ServiceForm):
    minutes = forms.CharField(label="会议记录", widget=forms.Textarea(attrs={"rows": 10}))
    done_items = forms.MultipleChoiceField(label="已完成的议程", required=False, widget=CheckboxList)

    def __init__(self, *args: Any, agenda: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items: Any = self.fields["done_items"]
        items.choices = [(item, item) for item in agenda]
        items.widget.attrs["class"] = "form-check-input"


class PhotoForm(ServiceForm):
    image = forms.FileField(
        label="会议照片",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text="jpg、png 或 webp 格式,不超过5MB",
    )
    caption = forms.CharField(label="照片说明", max_length=100, required=False)


class AttendanceSheetForm(forms.Form):
    """One status and reason per member of the sheet (`rows`: selectors.SheetRow); blank status = not recorded."""

    def __init__(self, *args: Any, rows: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        choices = [("", "未登记"), *AttendanceStatus.choices]
        for line in self.rows:
            row: Attendance | None = line.attendance
            pk = line.person.pk
            status = forms.ChoiceField(label=f"{line.person.name}出席情况", choices=choices, required=False)
            status.widget.attrs["class"] = "form-select form-select-sm"
            status.error_messages["invalid_choice"] = f"{line.person.name}的出席情况不是有效选项"
            reason = forms.CharField(label=f"{line.person.name}原因", max_length=200, required=False)
            reason.widget.attrs.update({"class": "form-control form-control-sm", "placeholder": "请假或缺席原因"})
            self.fields[f"status_{pk}"] = status
            self.fields[f"reason_{pk}"] = reason
            if row is not None:
                self.initial[f"status_{pk}"] = row.status
                self.initial[f"reason_{pk}"] = row.reason
            line.status_field = f"status_{pk}"
            line.reason_field = f"reason_{pk}"

    def bound_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(line, self[line.status_field], self[line.reason_field]) for line in self.rows]

    def entries(self, *, rest_present: bool = False) -> list[dict[str, Any]]:
        """The recorded lines for the service; with `rest_present`, members left blank are recorded 正常."""
        found = []
        for line in self.rows:
            status = self.cleaned_data.get(f"status_{line.person.pk}") or ""
            if not status and rest_present and line.expected:
                status = AttendanceStatus.PRESENT
            if status:
                reason = self.cleaned_data.get(f"reason_{line.person.pk}") or ""
                found.append({"person": line.person, "status": status, "reason": reason})
        return found
