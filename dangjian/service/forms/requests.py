"""Forms of 群众办事代办: the counter intake, the handling steps, the county's deadlines, and the public forms (filing a
request, following it by receipt code, rating it). They parse and label input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import style_filter_form
from dangjian.service import rules
from dangjian.service.choices import RequestCategory, RequestChannel, Satisfaction, ServiceMode
from dangjian.service.public import PublicForm

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]
COUNTER_CHANNELS = [(v, label) for v, label in RequestChannel.choices if v != RequestChannel.PUBLIC]


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        label = field.label or ""
        field.error_messages.setdefault("required", f"请填写{label}")
        field.error_messages["required"] = f"请填写{label}"
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = f"{label}不是有效选项"
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"{label}不是有效日期(格式:年-月-日)"
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


def style_filters(form: forms.Form) -> forms.Form:
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.label = str(field.label).split("(")[0]
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    return form


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IntakeForm(StyledForm):
    """A cadre files a request for a walk-in (or phoning) resident."""

    org_code = forms.CharField(label="村(社区)组织代码", max_length=32)
    channel = forms.ChoiceField(label="受理渠道", choices=COUNTER_CHANNELS, initial=RequestChannel.COUNTER)
    category = forms.ChoiceField(label="事项类别", choices=[("", "请选择"), *RequestCategory.choices])
    content = forms.CharField(label="办事内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    resident_name = forms.CharField(label="群众姓名", max_length=50)
    resident_phone = forms.CharField(label="联系电话", max_length=20)


class AcceptForm(StyledForm):
    mode = forms.ChoiceField(label="办理方式", choices=[("", "请选择"), *ServiceMode.choices])
    handler_name = forms.CharField(label="经办人", max_length=50)
    deadline = forms.DateField(
        label="办理时限", required=False, widget=_date_input(), help_text="不填按县里设置的各办理方式时限(自提交日起算)"
    )
    referred_to = forms.CharField(label="介绍到的部门", max_length=100, required=False, help_text="介绍办须填写")
    note = forms.CharField(label="受理说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReassignForm(StyledForm):
    handler_name = forms.CharField(label="新经办人", max_length=50)
    deadline = forms.DateField(label="新办理时限", required=False, widget=_date_input())
    note = forms.CharField(label="说明", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(StyledForm):
    text = forms.CharField(
        label="办理进展",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="群众凭回执码可以看到办理进展,请勿填写个人信息",
    )


class FinishForm(StyledForm):
    result = forms.CharField(label="办理结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    finished_on = forms.DateField(label="办结日期", required=False, widget=_date_input(), help_text="不填为今天")


class ReturnForm(StyledForm):
    reason = forms.CharField(label="退回原因", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class RevisitForm(StyledForm):
    rating = forms.ChoiceField(label="回访满意度", choices=[("", "请选择"), *Satisfaction.choices])
    comment = forms.CharField(label="回访意见", max_length=300, required=False)


def _days(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=f"{label}时限(天)", min_value=0, max_value=rules.DEADLINE_DAYS_MAX)


class DeadlineSettingsForm(StyledForm):
    """The county's days per mode (0 = the same day), counted from the filing date."""

    onsite_days = _days("现场办")
    proxy_days = _days("代理办")
    assist_days = _days("协助办")
    referral_days = _days("介绍办")
    full_days = _days("全程办")


# --- public -------------------------------------------------------------------------------------------------


class PublicRequestForm(PublicForm):
    """What a resident fills in on a phone: what it is about, their name and a phone the cadre can call back."""

    category = forms.ChoiceField(label="事项类别", choices=[("", "请选择"), *RequestCategory.choices])
    content = forms.CharField(
        label="办事内容",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "请写明要办的事,如:给孩子办理出生登记、开具居住证明"}),
    )
    resident_name = forms.CharField(label="您的姓名", max_length=50, help_text="只给村(社区)干部联系您用,不会公开")
    resident_phone = forms.CharField(
        label="联系电话",
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="手机号码或带区号的固定电话,不会公开",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["content"].error_messages["max_length"] = "办事内容不能超过2000个字"

    def clean_resident_phone(self) -> str:
        phone = rules.phone_normalise(self.cleaned_data.get("resident_phone", ""))
        if phone is None:
            raise forms.ValidationError("联系电话应为11位手机号码或带区号的固定电话(如0395-1234567)")
        return phone


class TrackForm(forms.Form):
    code = forms.CharField(
        label="回执码",
        max_length=40,
        widget=forms.TextInput(
            attrs={"class": "form-control form-control-lg", "autocomplete": "off", "placeholder": "如 QF7K-A9M4-XR3T"}
        ),
        error_messages={"required": "请输入回执码"},
    )


class FeedbackForm(PublicForm):
    rating = forms.ChoiceField(
        label="您对办理结果满意吗",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(label="意见建议(可不填)", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)
        self.fields["rating"].error_messages["required"] = "请选择满意度"
