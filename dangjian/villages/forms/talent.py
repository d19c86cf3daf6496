"""Forms of the talent pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm, style_filter_form
from dangjian.villages.choices import TalentStatus
from dangjian.villages.models import MentoringNote, MentoringPair, Secondment, ServiceTeam, Talent, TalentSetting

YES_NO = [("", "全部"), ("true", "是"), ("false", "否")]
TALENT_FORM_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "education",
    "political_status",
    "phone",
    "speciality",
    "expert_field",
    "started_business",
    "business",
    "entry_date",
    "notes",
)


def style_filters(form: forms.Form, townships: list[Any] | None = None) -> forms.Form:
    """Bootstrap styling; yes/no filters as selects; the township filter as a list of the townships in scope."""
    style_filter_form(form)
    for field in form.fields.values():
        if isinstance(field, forms.NullBooleanField):
            field.label = str(field.label).split("(")[0]
            field.widget = forms.Select(choices=YES_NO, attrs={"class": "form-select form-select-sm"})
    if "township" in form.fields:
        choices = [("", "全部"), *((t.pk, t.name) for t in townships or [])]
        form.fields["township"].widget = forms.Select(choices=choices, attrs={"class": "form-select form-select-sm"})
    if "person" in form.fields:
        del form.fields["person"]
    return form


def _textarea(form: forms.Form, *names: str) -> None:
    for name in names:
        form.fields[name].widget = forms.Textarea(attrs={"rows": 3, "class": "form-control"})


class TalentForm(ServiceForm):
    model = Talent
    model_fields = ("pool", *TALENT_FORM_FIELDS)
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所属组织(组织代码)", max_length=32)

    field_order = ["org_code", "pool", *TALENT_FORM_FIELDS]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
            del self.fields["pool"]
        self.fields["expert_field"].help_text = "专家人才必填"
        self.fields["business"].help_text = "返乡创业人员填写,如:食用菌种植合作社"
        _textarea(self, "notes")


class StatusForm(ServiceForm):
    status = forms.ChoiceField(label="变更为", choices=TalentStatus.choices)
    reason = forms.CharField(label="原因", max_length=200, required=False)
    on = forms.DateField(label="变更日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args: Any, allowed: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["status"]
        field.choices = allowed
        self.fields["reason"].help_text = "使用(如:当选村“两委”委员)或退出(如:外出务工)须填写"


class TeamForm(ServiceForm):
    model = ServiceTeam
    model_fields = ("name", "kind", "service_area", "founded_on")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所属组织(组织代码)", max_length=32)

    field_order = ["org_code", "name", "kind", "service_area", "founded_on"]


class TeamMemberForm(ServiceForm):
    talent = forms.TypedChoiceField(label="人才", coerce=int)
    is_leader = forms.BooleanField(label="担任队长", required=False)

    def __init__(self, *args: Any, talents: list[Talent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["talent"]
        field.choices = [("", "请选择"), *((t.pk, f"{t.name}({t.get_pool_display()},{t.org.name})") for t in talents)]


class SecondmentForm(ServiceForm):
    model = Secondment
    model_fields = ("name", "from_unit", "original_post", "post", "start", "term_months", "notes")
    error_fields = {"org": "org_code", "from_org": "from_code"}

    org_code = forms.CharField(label="挂职单位(组织代码)", max_length=32)
    from_code = forms.CharField(label="派出组织代码(本县组织时填写)", max_length=32, required=False)

    field_order = ["org_code", "name", "from_unit", "from_code", "original_post", "post", "start", "term_months"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term_months"].help_text = "期满日期 = 开始日期 + 期限(月),月末自动顺延至当月最后一天"
        _textarea(self, "notes")


class SecondmentEditForm(ServiceForm):
    model = Secondment
    model_fields = ("from_unit", "original_post", "post", "term_months", "notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _textarea(self, "notes")


class EndForm(ServiceForm):
    on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.CharField(label="提前结束原因", max_length=200, required=False)


class MentoringForm(ServiceForm):
    model = MentoringPair
    model_fields = ("mentor_name", "mentor_post", "start", "end", "goals")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="所属组织(组织代码)", max_length=32)
    mentees = forms.TypedMultipleChoiceField(label="帮带对象(后备干部、一村一名大学生)", coerce=int)

    field_order = ["org_code", "mentor_name", "mentor_post", "start", "end", "mentees", "goals"]

    def __init__(self, *args: Any, talents: list[Talent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["mentees"]
        field.choices = [(t.pk, f"{t.name}({t.get_pool_display()},{t.org.name})") for t in talents]
        field.widget.attrs["size"] = 8
        field.error_messages["invalid_choice"] = "所选帮带对象不在可选范围内"
        _textarea(self, "goals")


class MenteeForm(ServiceForm):
    talent = forms.TypedChoiceField(label="帮带对象", coerce=int)

    def __init__(self, *args: Any, talents: list[Talent], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["talent"]
        field.choices = [("", "请选择"), *((t.pk, f"{t.name}({t.get_pool_display()},{t.org.name})") for t in talents)]


class NoteForm(ServiceForm):
    model = MentoringNote
    model_fields = ("noted_on", "content")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _textarea(self, "content")


class SettingForm(ServiceForm):
    model = TalentSetting
    model_fields = ("min_reserve_per_village", "reserve_max_age", "reserve_min_education")
