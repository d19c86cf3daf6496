"""Forms of the 村官直审 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm, style_filter_form
from dangjian.service import rules
from dangjian.service.models import VillageAudit, VillageAuditFinding, VillageAuditNotice, VillageAuditRound

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]


def style_filters(form: forms.Form) -> forms.Form:
    """A list's filter form for the page: Bootstrap styling, and yes/no filters without the API's notes."""
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.label = str(field.label).split("(")[0]
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    return form


class RoundForm(ServiceForm):
    model = VillageAuditRound
    model_fields = (
        "year",
        "name",
        "body",
        "body_name",
        "period_start",
        "period_end",
        "planned_start",
        "planned_end",
        "notice_days",
        "note",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body_name"].help_text = "如:临颍县审计局、某会计师事务所"
        self.fields[
            "notice_days"
        ].help_text = (
            f"审计结论在村(社区)公开页面公示的天数,{rules.AUDIT_NOTICE_MIN_DAYS}至{rules.AUDIT_NOTICE_MAX_DAYS}天"
        )
        self.fields["note"].widget.attrs["rows"] = 3


class RoundEditForm(RoundForm):
    model_fields = tuple(name for name in RoundForm.model_fields if name != "year")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("year", None)


ADD_MODES = [("all", "全县所有村(社区)"), ("township", "某乡镇(街道)的所有村(社区)"), ("codes", "指定的村(社区)")]


class AddVillagesForm(forms.Form):
    mode = forms.ChoiceField(label="添加范围", choices=ADD_MODES, widget=forms.RadioSelect, initial="all")
    township = forms.TypedChoiceField(label="乡镇(街道)", required=False, coerce=int, empty_value=None)
    codes = forms.CharField(
        label="村(社区)组织代码",
        required=False,
        help_text="每行一个,或用空格、逗号分隔",
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control font-monospace"}),
    )

    def __init__(self, *args: Any, towns: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["township"]
        field.choices = [("", "请选择"), *towns]
        field.widget.attrs["class"] = "form-select"
        field.error_messages["invalid_choice"] = "所选乡镇不存在或不在您的管理范围内"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == "township" and not data.get("township"):
            self.add_error("township", "请选择乡镇(街道)")
        if data.get("mode") == "codes" and not code_list(data.get("codes", "")):
            self.add_error("codes", "请填写要审计的村(社区)组织代码")
        return data


def code_list(text: str) -> list[str]:
    for mark in (",", ",", "、", ";", ";"):
        text = (text or "").replace(mark, " ")
    return list(dict.fromkeys(text.split()))


class AuditForm(ServiceForm):
    model = VillageAudit
    model_fields = ("auditors", "fieldwork_start", "fieldwork_end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["auditors"].help_text = "审计组成员姓名,用顿号分隔"


class ConclusionForm(ServiceForm):
    model = VillageAudit
    model_fields = ("conclusion", "conclusion_text", "concluded_on", "referred_on", "referral_note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conclusion"].required = True
        self.fields["conclusion_text"].widget.attrs["rows"] = 4
        self.fields["conclusion_text"].help_text = "无问题时可不填(记为“经审计,未发现问题。”)"
        self.fields["referred_on"].help_text = "仅移交纪检时填写(内部信息,不公示)"
        self.fields["referral_note"].help_text = "仅移交纪检时填写(内部信息,不公示)"


class FindingForm(ServiceForm):
    model = VillageAuditFinding
    model_fields = ("category", "description", "amount", "responsible", "severity", "deadline")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs["rows"] = 3
        self.fields["responsible"].help_text = "内部信息,不公示"


class DeadlineForm(ServiceForm):
    model = VillageAuditFinding
    model_fields = ("deadline",)


class RectifyForm(ServiceForm):
    model = VillageAuditFinding
    model_fields = ("result", "rectified_on", "evidence")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["result"].required = True
        self.fields["result"].error_messages["required"] = "请填写整改结果"
        self.fields["result"].widget.attrs["rows"] = 3
        self.fields["evidence"].widget.attrs["rows"] = 2


VERDICTS = [("yes", "整改到位"), ("no", "未到位(退回继续整改)")]


class VerifyForm(forms.Form):
    verdict = forms.ChoiceField(
        label="核实结果", choices=VERDICTS, widget=forms.RadioSelect, error_messages={"required": "请选择核实结果"}
    )
    note = forms.CharField(
        label="核实意见",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        help_text="未到位时必填",
    )


class NoticeForm(ServiceForm):
    model = VillageAuditNotice
    model_fields = ("published_on", "days", "text")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False
        self.fields["text"].widget.attrs["rows"] = 4
        self.fields["text"].help_text = "面向群众的公示内容,不得写入责任人姓名和移交纪检情况;不填时使用默认表述"
        self.fields["days"].required = False
        self.fields["published_on"].required = False
