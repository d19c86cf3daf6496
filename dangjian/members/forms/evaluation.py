"""Forms of the 民主评议 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.choices import Standing
from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.members.choices import Grade
from dangjian.members.models import EvaluationCampaign, EvaluationEntry, EvaluationFollowup
from dangjian.members.services.evaluation import BALLOT_FIELDS

OUTCOME_CHOICES = [
    ("", "不变更党籍(已改正、已给予处分等)"),
    (Standing.WITHDRAWN.value, "退党(劝其退党,本人同意)"),
    (Standing.REMOVED.value, "除名"),
]


def _date(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)
    )


class CampaignStartForm(ServiceForm):
    model = EvaluationCampaign
    model_fields = ("year", "started_on")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="党支部代码", max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].help_text = "每个党支部每年开展一次(ORG-08)"
        self.fields["started_on"].help_text = "当天在册的党员列入评议名单;预备党员参加评议但不评定等次"
        self.order_fields(["org_code", "year", "started_on"])


class SelfAssessmentForm(ServiceForm):
    self_assessment = forms.CharField(label="个人自评", widget=forms.Textarea(attrs={"rows": 6}))


class BallotsForm(ServiceForm):
    model = EvaluationEntry
    model_fields = BALLOT_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in BALLOT_FIELDS:
            self.fields[name].required = False
            self.fields[name].widget.attrs["min"] = "0"

    def counts(self) -> dict[str, int]:
        return {name: self.cleaned_data.get(name) or 0 for name in BALLOT_FIELDS}


class DecideForm(ServiceForm):
    """One grade per formal member (预备党员 get none) and the date of the branch meeting."""

    decided_on = _date("支部党员大会确定等次日期")

    def __init__(self, *args: Any, entries: list[EvaluationEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = [entry for entry in entries if not entry.probationary]
        for entry in self.entries:
            field = forms.ChoiceField(label=entry.person.name, choices=[("", "请选择"), *Grade.choices])
            field.error_messages["required"] = f"请为{entry.person.name}评定等次"
            field.widget.attrs["class"] = "form-select form-select-sm"
            self.fields[self.field_name(entry)] = field

    @staticmethod
    def field_name(entry: EvaluationEntry) -> str:
        return f"grade_{entry.person_id}"

    def rows(self) -> list[tuple[EvaluationEntry, Any]]:
        return [(entry, self[self.field_name(entry)]) for entry in self.entries]

    def grades(self) -> dict[int, str]:
        return {entry.person_id: self.cleaned_data[self.field_name(entry)] for entry in self.entries}


class FollowupForm(ServiceForm):
    model = EvaluationFollowup
    model_fields = ("measure", "decided_on", "deadline")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].help_text = "限期改正必填,自决定之日起不超过1年(ORG-11);其他处置可填办理期限"


class FollowupCloseForm(ServiceForm):
    closed_on = _date("办结日期")
    outcome = forms.CharField(label="处置结果", max_length=200)
    to_standing = forms.ChoiceField(label="党籍变动", choices=OUTCOME_CHOICES, required=False)
    branch_resolution_on = _date("支部党员大会决定日期", required=False)
    approved_on = _date("上级党组织批准日期", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_standing"].choices = OUTCOME_CHOICES
        self.fields["to_standing"].help_text = "劝其退党、除名须经支部党员大会讨论决定并报上级党组织批准(党章第九条)"
