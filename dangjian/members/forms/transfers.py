"""Forms of the transfer pages (组织关系转接). They parse and label input; the services judge and save."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, PersonCreateForm, ServiceForm
from dangjian.core.models import User
from dangjian.members import rules
from dangjian.members.models.transfers import Transfer, TransferSetting

OWNER_SELF = ""


def _date(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )


class _OwnerMixin(ServiceForm):
    """The owner (经办人) of the pending transfer: the user filling the form unless another manager is named."""

    owner = forms.ChoiceField(label="经办人", required=False)

    def __init__(self, *args: Any, owners: list[User] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._owners = {str(user.pk): user for user in owners or []}
        choices = [(OWNER_SELF, "本人")] + [
            (pk, f"{user.display_name or user.username}({user.org.name if user.org else '—'})")
            for pk, user in self._owners.items()
        ]
        field: Any = self.fields["owner"]
        field.choices = choices
        field.error_messages["invalid_choice"] = "所选经办人不在您的管理范围内"

    def owner_user(self) -> User | None:
        return self._owners.get(self.cleaned_data.get("owner") or "")


class TransferIssueForm(_OwnerMixin):
    model = Transfer
    model_fields = ("reason", "issued_on", "deadline", "note")
    error_fields = {"to_org": "to_org_code"}

    to_org_code = forms.CharField(
        label="转入党组织(组织代码)", max_length=32, help_text="本平台内任一党支部的组织代码,可跨县(区)"
    )

    field_order = ["to_org_code", "reason", "issued_on", "deadline", "owner", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = False
        self.fields["deadline"].help_text = "不填则为介绍信有效期的最后一天"


class TransferOutForm(_OwnerMixin):
    model = Transfer
    model_fields = ("external_org_name", "across_provinces", "reason", "letter_no", "issued_on", "deadline", "note")

    field_order = ["external_org_name", "across_provinces", "reason", "issued_on", "letter_no", "deadline", "owner"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["external_org_name"].required = True
        self.fields["letter_no"].help_text = "不填则按本县当年顺序自动编号;已用纸质介绍信的填写其编号"
        self.fields["deadline"].required = False
        self.fields["deadline"].help_text = "不填则为介绍信有效期的最后一天"


class TransferInForm(_OwnerMixin):
    model = Transfer
    model_fields = (
        "person_name",
        "external_org_name",
        "letter_no",
        "issued_on",
        "valid_until",
        "across_provinces",
        "reason",
        "deadline",
        "note",
    )
    error_fields = {"to_org": "to_org_code"}

    to_org_code = forms.CharField(label="转入党组织(组织代码)", max_length=32, help_text="您管理范围内的党支部")

    field_order = ["to_org_code", "person_name", "external_org_name", "letter_no", "issued_on", "valid_until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("external_org_name", "letter_no"):
            self.fields[name].required = True
        self.fields["external_org_name"].label = "开具介绍信的党组织"
        self.fields["person_name"].label = "党员姓名(介绍信所载)"
        self.fields["deadline"].required = False
        self.fields["deadline"].help_text = "不填则为介绍信有效期的最后一天"


class TransferRejectForm(ServiceForm):
    reason = forms.CharField(
        label="退回理由",
        max_length=200,
        help_text="组织关系转接不得无故拒收,退回须写明理由",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransferCancelForm(ServiceForm):
    reason = forms.CharField(label="撤销原因", max_length=200, required=False)


class TransferReceiptForm(ServiceForm):
    receipt_on = _date("回执日期")


class TransferRegisterForm(PersonCreateForm):
    """The roster's fields of the member a letter from outside brings; the org is the letter's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["org_code"]


class TransferSettingForm(ServiceForm):
    model = TransferSetting
    model_fields = ("letter_valid_months", "letter_valid_months_across_provinces")

    HELP = {
        "letter_valid_months": f"本县设置,默认{rules.LETTER_VALID_MONTHS}个月。各地规定不一(一般不超过3个月),"
        f"可设{rules.LETTER_VALID_MONTHS_MIN}至{rules.LETTER_VALID_MONTHS_MAX}个月。",
        "letter_valid_months_across_provinces": f"本县设置,默认{rules.LETTER_VALID_MONTHS_ACROSS_PROVINCES}个月"
        "(跨省区市转接一般不超过6个月)。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, text in self.HELP.items():
            self.fields[name].help_text = text


def page_filter_form(filterset: Any) -> Any:
    """The filter form as the pages show it: no member-number field (the API's), no township choice for a user
    who sees no township."""
    form = filterset.form
    form.fields.pop("person", None)
    township = form.fields.get("township")
    if township is not None and len(township.choices) <= 1:
        form.fields.pop("township")
    return form
