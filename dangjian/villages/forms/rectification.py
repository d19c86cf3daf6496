"""Forms of the 软弱涣散整顿 pages. They parse and label input; the services decide and their errors land on the
fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm, style_filter_form
from dangjian.villages.choices import TeamRole, WeakCriterion
from dangjian.villages.models import RectCase, RectEntry, RectRound, RectVisit

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
    model = RectRound
    model_fields = ("year", "name", "ratio", "opened_on", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = "不填时为“某年度软弱涣散基层党组织集中整顿”"
        self.fields["ratio"].help_text = "按年度考核得分倒排,比例不低于10%"
        self.fields["note"].widget.attrs["rows"] = 3


class RoundEditForm(ServiceForm):
    model = RectRound
    model_fields = ("name", "ratio", "status", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["rows"] = 3


class AssessmentForm(forms.Form):
    org_code = forms.CharField(label="党组织(组织代码)", max_length=32)
    score = forms.DecimalField(label="年度考核得分", required=False, max_digits=6, decimal_places=2, min_value=0)
    criteria = forms.MultipleChoiceField(
        label="软弱涣散情形", required=False, choices=WeakCriterion.choices, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label="情形说明", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("org_code", "score", "note"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        self.fields["score"].error_messages |= {"invalid": "年度考核得分应为数字", "min_value": "得分不能为负数"}


class ScoresImportForm(forms.Form):
    text = forms.CharField(
        label="得分(每行:组织代码 得分)",
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control font-monospace", "placeholder": "V001 81.5"}),
        error_messages={"required": "请粘贴“组织代码 得分”,每行一个党组织"},
    )


class CandidateAddForm(forms.Form):
    org_code = forms.CharField(
        label="党组织(组织代码)", max_length=32, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    reason = forms.CharField(
        label="提出理由", max_length=480, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label="意见", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="退回原因",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": "请填写退回原因"},
    )


class CaseForm(ServiceForm):
    model = RectCase
    model_fields = ("leader_name", "leader_post", "problems", "measures", "target_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("problems", "measures"):
            self.fields[name].widget.attrs["rows"] = 4
        self.fields["leader_post"].help_text = "如:县委常委、组织部部长"


class TeamMemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=50, widget=forms.TextInput(attrs={"class": "form-control"}))
    post = forms.CharField(
        label="职务",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "如:镇党委书记、包村干部"}),
    )
    role = forms.ChoiceField(
        label="队内分工", choices=TeamRole.choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class EntryForm(ServiceForm):
    model = RectEntry
    model_fields = ("occurred_on", "measure", "progress", "responsible", "attachment")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["progress"].widget.attrs["rows"] = 4
        self.fields["attachment"].required = False


class VisitForm(ServiceForm):
    model = RectVisit
    model_fields = ("visited_on", "visitors", "findings", "requirements")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("findings", "requirements"):
            self.fields[name].widget.attrs["rows"] = 3


class CheckForm(forms.Form):
    met = forms.BooleanField(
        label="已达到", required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    evidence = forms.CharField(
        label="佐证说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )
    attachment = forms.FileField(
        label="佐证材料", required=False, widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
