"""Forms of the 志愿服务 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm, style_filter_form
from dangjian.orglife.models import TeamMember, VolunteerActivity, VolunteerTeam

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


def style_filters(form: forms.Form) -> forms.Form:
    """A list's filter form for the page: Bootstrap styling, and yes/no filters without the API's notes."""
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.label = str(field.label).split("(")[0]
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    return form


def datetime_field(label: str) -> forms.DateTimeField:
    """A local date and time (the phone's own picker)."""
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class TeamForm(ServiceForm):
    model = VolunteerTeam
    model_fields = ("name", "service_area", "founded_on")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所属组织(组织代码)", max_length=32)

    field_order = ["org_code", "name", "service_area", "founded_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service_area"].help_text = "如:环境整治、关爱老人、矛盾调解、政策宣讲"


class TeamEditForm(ServiceForm):
    """Edit a team; the leader is chosen among its current volunteers."""

    model = VolunteerTeam
    model_fields = ("name", "service_area", "founded_on")

    leader = forms.TypedChoiceField(label="队长", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, members: list[TeamMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["leader"]
        field.choices = [("", "暂不指定"), *((m.person_id, f"{m.person.name}({m.person.org.name})") for m in members)]
        field.error_messages["invalid_choice"] = "队长应为该队伍的志愿者"


class ActivityForm(ServiceForm):
    model = VolunteerActivity
    model_fields = ("title", "place", "capacity", "description")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="组织单位(组织代码)", max_length=32)
    starts_at = datetime_field("开始时间")
    ends_at = datetime_field("结束时间")
    team = forms.TypedChoiceField(label="志愿服务队", required=False, coerce=int, empty_value=None)

    field_order = ["org_code", "title", "team", "place", "starts_at", "ends_at", "capacity", "description"]

    def __init__(self, *args: Any, teams: list[VolunteerTeam], with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        field: Any = self.fields["team"]
        field.choices = [("", "不指定"), *((t.pk, f"{t.name}({t.org.name})") for t in teams)]
        field.error_messages["invalid_choice"] = "所选志愿服务队不存在或已解散"
        self.fields["capacity"].help_text = "0 表示不限人数"
        self.fields["capacity"].error_messages["min_value"] = "招募人数不能为负数"


class CancelForm(ServiceForm):
    reason = forms.CharField(label="取消原因", max_length=200, widget=forms.Textarea(attrs={"rows": 3}))


class HoursForm(forms.Form):
    """One hours field per sign-up (`hours-<signup id>`), prefilled with the confirmed hours or the activity's
    duration; 0 takes a confirmation back."""

    def __init__(self, *args: Any, signups: list[Any], default: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for signup in signups:
            self.fields[f"hours-{signup.pk}"] = forms.DecimalField(
                label=signup.person.name,
                min_value=0,
                max_digits=5,
                decimal_places=1,
                initial=signup.hours if signup.confirmed else default,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.5", "min": "0"}),
                error_messages={
                    "invalid": "服务时长应为数字(小时)",
                    "required": "请填写服务时长",
                    "min_value": "服务时长不能为负数",
                    "max_decimal_places": "服务时长精确到0.1小时",
                    "max_digits": "服务时长过大",
                    "max_whole_digits": "服务时长过大",
                },
            )

    def hours(self) -> dict[int, Any]:
        return {int(name.split("-", 1)[1]): value for name, value in self.cleaned_data.items()}
