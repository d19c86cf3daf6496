"""Forms of the 四议两公开 pages. They parse and label input; the services decide and their errors land on the
fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.service import rules
from dangjian.service.choices import DisclosureChannel
from dangjian.service.models import Decision, DisclosurePolicy

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COUNT = {"inputmode": "numeric", "min": "0"}


class DecisionForm(ServiceForm):
    model = Decision
    model_fields = ("title", "category", "amount", "description")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="村(社区)党组织代码", max_length=32)
    field_order = ["org_code", "title", "category", "amount", "description"]

    def __init__(self, *args: Any, with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        self.fields["amount"].required = False
        self.fields["amount"].help_text = "单位:元;事项授权的预算(财务开支将引用)"


class MeetingForm(ServiceForm):
    """Steps 1–4: date, place, attendance and votes."""

    held_on = forms.DateField(label="会议日期", widget=DATE)
    place = forms.CharField(label="地点", required=False, max_length=100)
    expected = forms.IntegerField(label="应到人数", min_value=0, widget=forms.NumberInput(attrs=COUNT))
    present = forms.IntegerField(label="实到人数", min_value=0, widget=forms.NumberInput(attrs=COUNT))
    votes_for = forms.IntegerField(label="赞成票", min_value=0, widget=forms.NumberInput(attrs=COUNT))
    votes_against = forms.IntegerField(label="反对票", min_value=0, initial=0, widget=forms.NumberInput(attrs=COUNT))
    abstentions = forms.IntegerField(label="弃权票", min_value=0, initial=0, widget=forms.NumberInput(attrs=COUNT))
    notes = forms.CharField(
        label="备注(内部,不公开)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.FileField(label="会议记录(pdf/doc/docx/jpg/png 等,≤10MB,可不传)", required=False)

    LABELS = {
        1: ("应到支委会委员", "实到委员"),
        2: ("应到两委成员(兼任者计一人)", "实到两委成员"),
        3: ("应到正式党员(有表决权)", "实到正式党员(预备党员不计)"),
        4: ("应到村民代表", "实到村民代表"),
    }

    def __init__(self, *args: Any, step: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        expected, present = self.LABELS[step]
        self.fields["expected"].label = expected
        self.fields["present"].label = present
        for name in ("expected", "present", "votes_for", "votes_against", "abstentions"):
            self.fields[name].error_messages["min_value"] = f"{self.fields[name].label}不能为负数"
        self.fields["votes_against"].required = False
        self.fields["abstentions"].required = False


class DisclosureForm(ServiceForm):
    """Steps 5–6: date, channel, the published content, the period."""

    held_on = forms.DateField(label="公开日期", widget=DATE)
    channel = forms.ChoiceField(label="公开形式", choices=[("", "请选择"), *DisclosureChannel.choices])
    content = forms.CharField(
        label="公开内容(将显示在村(社区)公开页面)", max_length=2000, widget=forms.Textarea(attrs={"rows": 5})
    )
    period_days = forms.IntegerField(label="公开期限(天)", min_value=1, max_value=rules.DISCLOSURE_PERIOD_MAX)
    notes = forms.CharField(
        label="备注(内部,不公开)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, minimum: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period_days"].help_text = f"不少于县(区)规定的{minimum}天"
        self.fields["content"].help_text = "请勿填写群众姓名、身份证号、手机号等个人信息"


class CloseForm(ServiceForm):
    reason = forms.CharField(label="未通过说明", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class PolicyForm(ServiceForm):
    model = DisclosurePolicy
    model_fields = ("period_days", "on_time_days")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        low, high = rules.DISCLOSURE_PERIOD_MIN, rules.DISCLOSURE_PERIOD_MAX
        self.fields["period_days"].help_text = f"决议公开、实施结果公开在公开页面的显示天数,{low}–{high}天"
        self.fields["on_time_days"].help_text = "村民代表会议决议后多少天内公开算按时公开"
