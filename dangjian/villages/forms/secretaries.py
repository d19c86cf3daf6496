"""Forms of the 第一书记 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.choices import Gender
from dangjian.core.forms import DATE_FORMAT, ServiceForm, style_filter_form
from dangjian.villages.choices import PostingEndReason
from dangjian.villages.models import Posting, PostingLeave, PostingReport, SecretarySetting

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]
DECISIONS = [("approve", "通过"), ("return", "退回")]
LEAVE_DECISIONS = [("approve", "批准"), ("refuse", "不批准")]


def style_filters(form: forms.Form) -> forms.Form:
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    return form


def date_field(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)
    )


class PostingForm(ServiceForm):
    model = Posting
    model_fields = (
        "role",
        "name",
        "gender",
        "birth_date",
        "sending_unit",
        "sending_post",
        "phone",
        "started_on",
        "planned_end_on",
    )
    error_fields = {"org": "org_code", "account": "account_username"}

    org_code = forms.CharField(label="驻村(村党组织代码)", max_length=32)
    account_username = forms.CharField(label="签到账号(用户名)", max_length=150, required=False)

    field_order = ["org_code", "role", "name", "gender", "birth_date", "sending_unit", "sending_post", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["planned_end_on"].required = False
        self.fields["planned_end_on"].help_text = "不填则按县里规定的任期(一般2年)计算"
        self.fields["account_username"].help_text = "驻村人员本人用于手机签到、申报工作实绩的账号"


class EndForm(ServiceForm):
    reason = forms.ChoiceField(label="结束原因", choices=PostingEndReason.choices)
    note = forms.CharField(label="说明", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    ended_on = date_field("结束日期")
    successor_name = forms.CharField(label="继任人员姓名(不填则不选派)", max_length=50, required=False)
    successor_gender = forms.ChoiceField(label="继任人员性别", choices=[("", "—"), *Gender.choices], required=False)
    successor_sending_unit = forms.CharField(label="继任人员派出单位(默认同原单位)", max_length=100, required=False)
    successor_sending_post = forms.CharField(label="继任人员原单位职务", max_length=100, required=False)
    successor_phone = forms.CharField(label="继任人员联系电话", max_length=20, required=False)

    def successor(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("successor_name", "").strip():
            return None
        values = {
            key: data[f"successor_{key}"]
            for key in ("name", "gender", "sending_unit", "sending_post", "phone")
            if data.get(f"successor_{key}")
        }
        return values


class SignInForm(forms.Form):
    place = forms.CharField(label="签到地点(可不填)", max_length=100, required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)


class ProxySignInForm(ServiceForm):
    day = date_field("补录日期")
    place = forms.CharField(label="说明或地点", max_length=100, required=False)


class LeaveForm(ServiceForm):
    model = PostingLeave
    model_fields = ("starts_on", "ends_on", "reason")


class DecideForm(ServiceForm):
    decision = forms.ChoiceField(label="审批结果", choices=LEAVE_DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label="审批意见", max_length=200, required=False)


class ReportForm(ServiceForm):
    model = PostingReport
    model_fields = ("content", "achievements", "problems")

    period = date_field("申报期间(该月或该季度内任一天)")
    field_order = ["period", "content", "achievements", "problems"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("content", "achievements", "problems"):
            self.fields[name].widget.attrs["rows"] = 3


class ReviewForm(ServiceForm):
    decision = forms.ChoiceField(label="审核结果", choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(label="审核意见(退回时必填)", max_length=200, required=False)
    score = forms.IntegerField(label="评分(0–100,可不填)", required=False, min_value=0, max_value=100)


class SettingForm(ServiceForm):
    model = SecretarySetting
    model_fields = ("min_days", "exclude_leave", "term_months", "report_cycle")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "min_days"
        ].help_text = "每月在村天数少于该值即列入“在村天数不足”名单(恰好等于不算不足);任职不满整月的按在岗天数折算"
