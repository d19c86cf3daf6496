"""Forms of the 民情夜市 and mediation pages. They parse and label input; the services decide and their errors land on
the fields. The session form is filled in on a phone at the end of the evening: few fields, native date and time
pickers, numeric keyboard for the attendance."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.service.choices import IssueFeedback, MediationLevel, ReferTarget
from dangjian.service.models import Dispute, Mediator, MinqingIssue, NightMarket

ORG_CODE_HELP = "村(社区)党组织代码"


def _date(label: str, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
        help_text="" if required else "不填为今天",
    )


class SessionForm(ServiceForm):
    model = NightMarket
    model_fields = ("held_on", "starts_at", "place", "hosts", "town_cadre", "attendance", "topics", "minutes")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="村(社区)", max_length=32, help_text=ORG_CODE_HELP)

    field_order = ["org_code", *model_fields]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        self.fields["starts_at"].widget = forms.TimeInput(attrs={"type": "time", "class": "form-control"})
        self.fields["attendance"].widget.attrs.update({"inputmode": "numeric", "min": 0})
        self.fields["attendance"].required = False
        self.fields["attendance"].help_text = "尚未举办的填0"
        self.fields["hosts"].help_text = "如:刘书记、陈主任"
        for name in ("topics", "minutes"):
            self.fields[name].widget.attrs["rows"] = 3


class IssueForm(ServiceForm):
    model = MinqingIssue
    model_fields = ("channel", "raised_on", "category", "content", "anonymous", "raiser_name", "raiser_phone")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="村(社区)", max_length=32, help_text=ORG_CODE_HELP)
    session = forms.TypedChoiceField(label="民情夜市", required=False, coerce=int, empty_value=None)

    field_order = ["org_code", "session", *model_fields]

    def __init__(self, *args: Any, sessions: list[NightMarket], with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        field: Any = self.fields["session"]
        field.choices = [
            ("", "不是在民情夜市上反映的"),
            *((s.pk, f"{s.held_on:%Y-%m-%d} {s.org.name}") for s in sessions),
        ]
        self.fields["channel"].required = False
        self.fields["channel"].help_text = "在民情夜市上反映的可不选"
        self.fields["raised_on"].required = False
        self.fields["raised_on"].help_text = "不填为民情夜市当天或今天"
        self.fields["raiser_phone"].widget.attrs["inputmode"] = "tel"
        self.fields["content"].widget.attrs["rows"] = 3


class AssignForm(forms.Form):
    assignee_name = forms.CharField(label="承办人", max_length=50)
    due_on = _date("办理时限", required=True)
    assigned_on = _date("交办日期")


class ResolveForm(forms.Form):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = _date("办结日期")


class FeedbackForm(forms.Form):
    feedback = forms.ChoiceField(label="群众评价", choices=IssueFeedback.choices, widget=forms.RadioSelect)
    feedback_on = _date("回访日期")
    note = forms.CharField(label="回访情况", max_length=300, required=False)


class UnresolvableForm(forms.Form):
    reason = forms.CharField(label="无法解决的原因", widget=forms.Textarea(attrs={"rows": 3}))
    explained_on = _date("向群众解释日期")


class MediatorForm(ServiceForm):
    model = Mediator
    model_fields = ("level", "name", "post", "group_name", "phone", "appointed_on")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所属组织", max_length=32, help_text="镇级填乡镇代码,村级、组级填村(社区)代码")

    field_order = ["org_code", *model_fields]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["level"]
        field.choices = [("", "请选择"), *MediationLevel.choices[:3]]
        self.fields["phone"].widget.attrs["inputmode"] = "tel"


def _mediator_label(mediator: Mediator) -> str:
    return f"{mediator.name}({mediator.get_level_display()},{mediator.org.name})"


class DisputeForm(ServiceForm):
    model = Dispute
    model_fields = ("kind", "parties", "summary", "received_on", "level")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="发生地", max_length=32, help_text="村(社区)代码;乡镇直接受理的填乡镇代码")
    mediators = forms.TypedMultipleChoiceField(label="调解员", required=False, coerce=int)

    field_order = ["org_code", *model_fields, "mediators"]

    def __init__(self, *args: Any, mediators: list[Mediator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["mediators"]
        field.choices = [(m.pk, _mediator_label(m)) for m in mediators]
        field.widget.attrs.update({"class": "form-select", "size": 6})
        field.help_text = "可多选;须为受理层级、本村(镇)在任的调解员"
        self.fields["summary"].widget.attrs["rows"] = 3


class MediateForm(forms.Form):
    held_on = _date("调解日期")
    mediator_names = forms.CharField(label="调解人员", max_length=200, required=False, help_text="不填为已选调解员")
    note = forms.CharField(label="调解情况", widget=forms.Textarea(attrs={"rows": 3}))


class SettleForm(forms.Form):
    agreement = forms.CharField(label="调解协议", widget=forms.Textarea(attrs={"rows": 3}))
    closed_on = _date("结案日期")


class EscalateForm(forms.Form):
    level = forms.ChoiceField(label="上交层级", choices=MediationLevel.choices)
    reason = forms.CharField(label="上交原因", widget=forms.Textarea(attrs={"rows": 3}))
    escalated_on = _date("上交日期")
    mediators = forms.TypedMultipleChoiceField(label="上级调解员", required=False, coerce=int)

    def __init__(self, *args: Any, mediators: list[Mediator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["mediators"]
        field.choices = [(m.pk, _mediator_label(m)) for m in mediators]


class ReferForm(forms.Form):
    target = forms.ChoiceField(label="移交去向", choices=ReferTarget.choices)
    reason = forms.CharField(label="调解不成原因", widget=forms.Textarea(attrs={"rows": 3}))
    closed_on = _date("移交日期")


def style(form: forms.Form) -> forms.Form:
    """Bootstrap classes on a plain form's widgets, "请填写…" for a missing value."""
    for field in form.fields.values():
        field.error_messages["required"] = f"请填写{field.label}"
        widget = field.widget
        if isinstance(widget, forms.RadioSelect):
            continue
        if isinstance(field, forms.DateField):
            field.error_messages["invalid"] = f"{field.label}不是有效日期(格式:年-月-日)"
        widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")
    return form
