"""Forms of the mobile-member pages (流动党员). They parse and label input; the services judge and save."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.members.models.transfers import MobileMember, MobileRecord
from dangjian.members.services.mobile import MOBILE_EDITABLE


class MobileForm(ServiceForm):
    model = MobileMember
    model_fields = tuple(name for name in MOBILE_EDITABLE if name != "host_org")
    error_fields = {"host_org": "host_org_code"}

    host_org_code = forms.CharField(
        label="流入地党组织(本平台内的组织代码)",
        max_length=32,
        required=False,
        help_text="流入地党组织在本平台内的填写组织代码,否则在下一项填写名称",
    )

    field_order = ["left_on", "destination", "address", "workplace", "contact", "fixed_place", "host_org_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_every_months"].help_text = "情况报告制度:自外出日期起每隔几个月报告一次(1至12个月)"
        self.fields["certificate_checked_on"].help_text = "活动证每年年检一次,到期未检会提醒"

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in MOBILE_EDITABLE if name in self.cleaned_data}


class MobileReturnForm(ServiceForm):
    returned_on = forms.DateField(label="返回日期", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))


class MobileReportForm(ServiceForm):
    submitted_on = forms.DateField(label="报告日期", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))
    due_on = forms.DateField(
        label="所报期次(应报告日期)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT),
    )
    content = forms.CharField(label="报告内容", widget=forms.Textarea(attrs={"rows": 4}))


class MobileRecordForm(ServiceForm):
    model = MobileRecord
    model_fields = ("system", "done_on", "content", "handled_by")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content"].widget.attrs["rows"] = 4
