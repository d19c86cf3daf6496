"""Forms of the dues pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.members.choices import DuesKindChoice
from dangjian.members.models import DuesProfile, DuesRecord, DuesReduction
from dangjian.members.selectors.dues import MonthField


class DuesProfileForm(ServiceForm):
    model = DuesProfile
    model_fields = ("kind", "base")

    from_month = MonthField(label="起始月份", help_text="新的工资收入从实际领取的月份起计算党费")
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args: Any, suggestion: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["base"].required = False
        self.fields["base"].help_text = "在职党员为每月税后固定工资收入,离退休党员为基本离退休费;其他类别不填"
        if suggestion:
            label = DuesKindChoice(suggestion).label
            self.fields["kind"].help_text = f"根据工作岗位建议:{label}"


class DuesPaymentForm(ServiceForm):
    model = DuesRecord
    model_fields = ("paid", "extra", "paid_on", "method", "receipt_no", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].required = True
        self.fields["method"].required = True
        self.fields["extra"].required = False
        self.fields["extra"].help_text = "自愿多交的部分;一次1000元以上的全额上缴"


class DuesPaymentsForm(ServiceForm):
    """Several months at once: quarterly, or in advance, with the branch's consent (DUES-09)."""

    model = DuesRecord
    model_fields = ("paid_on", "method", "receipt_no", "note")

    from_month = MonthField(label="起始月份")
    to_month = MonthField(label="截止月份")

    field_order = ["from_month", "to_month", "paid_on", "method", "receipt_no", "note"]
    error_fields = {"months": "from_month"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].required = True
        self.fields["method"].required = True
        self.order_fields(self.field_order)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, last = data.get("from_month"), data.get("to_month")
        if first and last and last < first:
            self.add_error("to_month", "截止月份不能早于起始月份")
        return data


class DuesExcuseForm(forms.Form):
    reason = forms.CharField(
        label="未缴理由", max_length=200, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = "请填写未缴党费的正当理由"


class DuesReductionForm(ServiceForm):
    model = DuesReduction
    model_fields = ("kind", "monthly", "reason", "branch_decided_on")

    from_month = MonthField(label="起始月份")
    to_month = MonthField(label="截止月份")

    field_order = ["kind", "monthly", "from_month", "to_month", "reason", "branch_decided_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["monthly"].required = False
        self.fields["monthly"].help_text = "减交时填写;免交不填"
        self.order_fields(self.field_order)


class DuesDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "批准"), ("reject", "不批准")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "请选择审批结果"},
    )
    note = forms.CharField(
        label="审批意见",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    confirm = forms.BooleanField(
        label="我已核对减免的期间和金额;批准后,这些月份台账中的应缴金额随之改变",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
        error_messages={"required": "请勾选确认"},
    )


class DuesOpenMonthForm(forms.Form):
    org_code = forms.CharField(label="党组织代码", max_length=32)
    month = MonthField(label="月份")


class DuesCheckForm(forms.Form):
    org_code = forms.CharField(
        label="党组织代码(含全部下级)",
        max_length=32,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": "请填写党组织代码"},
    )
    from_month = MonthField(label="起始月份", widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}))
    to_month = MonthField(label="截止月份", widget=forms.TextInput(attrs={"type": "month", "class": "form-control"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_month", "to_month"):
            self.fields[name].error_messages["required"] = f"请填写{self.fields[name].label}"


class DuesSettingForm(forms.Form):
    farmer_monthly = forms.DecimalField(
        label="农民党员每月党费(元)",
        max_digits=4,
        decimal_places=2,
        help_text="中组发〔2008〕3号:每月0.2元至1.0元,由县(区)确定",
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}),
        error_messages={"required": "请填写金额", "invalid": "金额应为数字"},
    )
