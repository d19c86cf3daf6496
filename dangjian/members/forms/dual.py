"""Forms of the 双报到 pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.members.models import CommunityRegistration, CommunityService


class RegisterForm(ServiceForm):
    model = CommunityRegistration
    model_fields = ("registered_on", "skills")
    error_fields = {"community": "community_code"}

    community_code = forms.CharField(label="报到社区党组织代码", max_length=32)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community_code"].help_text = "居住地社区党支部、党总支或党委的组织代码,可为本平台任一县的社区"
        self.order_fields(["community_code", "registered_on", "skills"])


class ServiceRecordForm(ServiceForm):
    model = CommunityService
    model_fields = ("served_on", "hours", "content")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hours = self.fields["hours"]
        hours.error_messages["max_decimal_places"] = "服务时长精确到0.1小时"
        hours.error_messages["max_digits"] = hours.error_messages["max_whole_digits"] = "一天的服务时长不超过24小时"


class EndForm(ServiceForm):
    ended_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT))
