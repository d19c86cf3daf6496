"""Forms of the 五亮 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.orglife import rules
from dangjian.orglife.choices import CommitmentKind

HINTS = {
    CommitmentKind.IDENTITY: "如:共产党员,某年入党,现在某岗位工作;佩戴党员徽章、设立党员示范岗",
    CommitmentKind.DUTY: "如:本人岗位职责、分包的网格或联系的群众",
    CommitmentKind.PROMISE: "如:年内为群众办几件实事,办结时限",
    CommitmentKind.ACHIEVEMENT: "如:承诺事项的完成情况、取得的工作成绩",
    CommitmentKind.IMAGE: "如:遵守纪律、作风形象方面的自我要求",
}


class CommitmentYearForm(ServiceForm):
    """The five entries of a year on one phone-friendly page; a field per kind, named by the kind's value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in CommitmentKind:
            self.fields[kind.value] = forms.CharField(
                label=str(kind.label),
                required=False,
                max_length=rules.COMMITMENT_MAX_CHARS,
                help_text=HINTS[kind],
                widget=forms.Textarea(
                    attrs={"rows": 3, "class": "form-control", "maxlength": rules.COMMITMENT_MAX_CHARS}
                ),
            )
            self.fields[kind.value].error_messages["max_length"] = f"内容不超过{rules.COMMITMENT_MAX_CHARS}字"

    def contents(self) -> dict[str, str]:
        return {kind: self.cleaned_data.get(kind) or "" for kind in CommitmentKind.values}


DECISIONS = [("approve", "通过"), ("return", "退回修改")]


class CommitmentReviewForm(ServiceForm):
    decision = forms.ChoiceField(label="审核结果", choices=DECISIONS, widget=forms.RadioSelect)
    note = forms.CharField(
        label="审核意见",
        required=False,
        max_length=200,
        help_text="退回时必填,说明需要修改的地方",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].widget.attrs["class"] = "form-check-input"
        self.fields["decision"].error_messages["required"] = "请选择审核结果"
        self.fields["note"].error_messages["max_length"] = "审核意见不超过200字"
