"""Forms of the 上传下达 and 信息报送 pages. They parse and label input; the services decide and their errors land on
the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.orglife import rules
from dangjian.orglife.choices import ReportStatus
from dangjian.orglife.models import InfoReport, Notice

ACCEPT = ",".join(rules.ATTACHMENT_EXTENSIONS)


def _attachment_help(field: forms.Field) -> None:
    allowed = "、".join(ext.lstrip(".") for ext in rules.ATTACHMENT_EXTENSIONS)
    field.help_text = f"可选;{allowed},不超过{rules.ATTACHMENT_MAX_BYTES // 1024 // 1024}MB"
    field.widget.attrs["accept"] = ACCEPT
    field.error_messages["invalid"] = "附件无效"
    field.error_messages["empty"] = "附件是空文件"


class NoticeForm(ServiceForm):
    model = Notice
    model_fields = ("title", "body", "reach", "sign_by", "attachment")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="发文组织(组织代码)", max_length=32)

    field_order = ["org_code", "title", "reach", "sign_by", "body", "attachment"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 8
        self.fields["sign_by"].required = False
        self.fields["sign_by"].help_text = "可选;当天签收不算逾期"
        self.fields["reach"].help_text = "党小组只在“全部下级组织”时接收"
        _attachment_help(self.fields["attachment"])


class ReportForm(ServiceForm):
    model = InfoReport
    model_fields = ("kind", "title", "body", "attachment")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="报送组织(组织代码)", max_length=32)

    field_order = ["org_code", "kind", "title", "body", "attachment"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 8
        _attachment_help(self.fields["attachment"])


REVIEW_CHOICES = [
    (ReportStatus.ADOPTED.value, "采用"),
    (ReportStatus.FILED.value, "已阅存档"),
    (ReportStatus.RETURNED.value, "退回"),
]


class ReviewForm(ServiceForm):
    error_fields = {"review_note": "note"}

    status = forms.ChoiceField(label="审核结果", choices=REVIEW_CHOICES, widget=forms.RadioSelect)
    note = forms.CharField(label="审核意见", max_length=200, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["class"] = "form-check-input"
        self.fields["note"].help_text = "退回时必填,写明退回原因"
