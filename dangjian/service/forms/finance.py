"""Forms of 村财镇管 and the 三资 registers. They parse and label input; the services decide and their errors land on
the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.service.models import Asset, Expenditure, FinancePolicy, FundAccount, LeaseContract, Resource


class ExpenditureForm(ServiceForm):
    model = Expenditure
    model_fields = ("spent_on", "purpose", "category", "amount", "payee")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="村(社区)组织代码", max_length=32)
    decision = forms.TypedChoiceField(label="四议两公开事项", required=False, coerce=int, empty_value=None)
    voucher = forms.FileField(label="票据附件", required=False)

    field_order = ["org_code", "spent_on", "purpose", "category", "amount", "payee", "decision", "voucher"]

    def __init__(self, *args: Any, decisions: list[Any], with_org: bool = True, limit: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        field: Any = self.fields["decision"]
        field.choices = [("", "不涉及"), *((d.pk, f"{d.title}({d.org.name})") for d in decisions)]
        self.fields["amount"].help_text = "单位:元" + (f";超过{limit}元须选择已决议的四议两公开事项" if limit else "")
        self.fields["voucher"].help_text = "pdf/jpg/png 等,不超过10MB(可不传)"
        self.fields["voucher"].widget.attrs["class"] = "form-control"


class PolicyForm(ServiceForm):
    model = FinancePolicy
    model_fields = ("decision_limit",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision_limit"].help_text = "单位:元;超过该金额的支出须来自村民代表会议已决议的四议两公开事项"


class PayForm(ServiceForm):
    paid_on = forms.DateField(label="支付日期", widget=forms.DateInput(attrs={"type": "date"}))
    voucher_no = forms.CharField(label="记账凭证号", max_length=40)


class ReasonForm(ServiceForm):
    reason = forms.CharField(label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class FundAccountForm(ServiceForm):
    model = FundAccount
    model_fields = ("name", "kind", "bank")
    error_fields = {"org": "org_code"}
    org_code = forms.CharField(label="村(社区)组织代码", max_length=32)
    field_order = ["org_code", "name", "kind", "bank"]


class BalanceForm(ServiceForm):
    month = forms.DateField(label="月份(该月任一天)", widget=forms.DateInput(attrs={"type": "date"}))
    balance = forms.DecimalField(label="月末余额(元)", max_digits=12, decimal_places=2)


class AssetForm(ServiceForm):
    model = Asset
    model_fields = ("name", "kind", "acquired_on", "original_value", "location", "status", "note")
    error_fields = {"org": "org_code"}
    org_code = forms.CharField(label="村(社区)组织代码", max_length=32)
    field_order = ["org_code", *model_fields]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]


class ResourceForm(ServiceForm):
    model = Resource
    model_fields = ("name", "kind", "area_mu", "location", "status", "note")
    error_fields = {"org": "org_code"}
    org_code = forms.CharField(label="村(社区)组织代码", max_length=32)
    field_order = ["org_code", *model_fields]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]


class ContractForm(ServiceForm):
    """A contract over one of the village's assets or resources (`subject` = "asset:<id>" / "resource:<id>")."""

    model = LeaseContract
    model_fields = ("code", "lessee", "starts_on", "ends_on", "annual_rent", "note")
    subject = forms.ChoiceField(label="资产或资源")
    field_order = ["subject", *model_fields]

    def __init__(self, *args: Any, subjects: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["subject"]
        field.choices = [("", "请选择"), *subjects]


class PaymentForm(ServiceForm):
    received_on = forms.DateField(label="收款日期", widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label="金额(元)", max_digits=12, decimal_places=2)
    note = forms.CharField(label="备注", max_length=200, required=False)
