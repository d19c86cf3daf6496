"""Forms of the 村级换届 pages; they parse and label input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.villages.models import CommitteeMember, ElectionChange, ElectionRound


class RoundForm(ServiceForm):
    model = ElectionRound
    model_fields = ("year", "period", "name", "starts_on", "ends_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = "不填时为“某年村级“两委”换届”"


class ChangeForm(ServiceForm):
    model = ElectionChange
    model_fields = ("body", "election_date", "term_start", "term_end", "note")
    error_fields = {"org": "org_code"}

    round = forms.TypedChoiceField(label="换届批次", coerce=int)
    org_code = forms.CharField(label="村党组织(组织代码)", max_length=32)

    field_order = ["round", "org_code", "body", "election_date", "term_start", "term_end", "note"]

    def __init__(self, *args: Any, rounds: list[ElectionRound], with_target: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["round"]
        field.choices = [(r.pk, r.name) for r in rounds]
        if not with_target:
            del self.fields["round"]
            del self.fields["org_code"]
        for name in ("term_start", "term_end"):
            self.fields[name].required = False
        self.fields["term_end"].help_text = "不填时为任期开始后5年"


class MemberRowForm(ServiceForm):
    model = CommitteeMember
    model_fields = ("name", "gender", "birth_date", "education", "body", "post", "concurrent")

    person = forms.IntegerField(label="党员编号", required=False, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = widget.attrs.get("class", "")
            if "form-check-input" not in css:
                widget.attrs["class"] = f"{css} form-control-sm".strip() if "form-select" not in css else css


MemberFormSet = forms.formset_factory(MemberRowForm, extra=3, can_delete=True, max_num=40, validate_max=True)
