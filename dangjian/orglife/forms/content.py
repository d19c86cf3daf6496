"""Forms of the 微党建 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.orglife import rules
from dangjian.orglife.models import Article


class ArticleForm(ServiceForm):
    model = Article
    model_fields = ("kind", "title", "body", "required", "study_hours")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="发布组织代码", max_length=32, help_text="发布后本组织及全部下级组织的党员可见")

    def __init__(self, *args: Any, editing: bool = False, fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["rows"] = 10
        hours = self.fields["study_hours"]
        hours.help_text = f"必学内容学习后计入的学时(0至{rules.ARTICLE_MAX_HOURS});非必学内容填0"
        hours.error_messages["max_decimal_places"] = "学习学时精确到0.1"
        hours.error_messages["max_digits"] = hours.error_messages["max_whole_digits"] = "学习学时过大"
        self.fields["required"].help_text = "必学内容需党员学习后点击“已学习”留下回执"
        self.fields["kind"].help_text = f"微交流为短文,不超过{rules.EXCHANGE_MAX_CHARS}字,不设为必学"
        if editing:  # an article stays with the org that wrote it
            self.fields["org_code"].disabled = True
        if fixed:  # a published article keeps what readers were asked to study
            for name in ("required", "study_hours"):
                self.fields[name].disabled = True
