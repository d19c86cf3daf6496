"""Forms of the 村级分类 pages. They parse and label input; the services decide and their errors land on fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.villages.models import EnvironmentAssessment, VillageCategory, VillagePolicy


class CategoryForm(ServiceForm):
    model = VillageCategory
    model_fields = ("name", "tag", "basis", "threshold", "description", "since_year", "active", "sort")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["threshold"].help_text = "收入标准填元(如50000);人居环境填评分(如60);其他规则不填"


class PolicyForm(ServiceForm):
    model = VillagePolicy
    model_fields = ("measures", "responsible", "target_date", "status")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measures"].widget.attrs["rows"] = 5


class EnvironmentForm(ServiceForm):
    model = EnvironmentAssessment
    model_fields = ("score", "substandard", "note")


class ProfileForm(ServiceForm):
    old_revolutionary_base = forms.BooleanField(label="革命老区村", required=False)
    note = forms.CharField(label="说明", required=False, max_length=200)


class MarkForm(ServiceForm):
    category = forms.TypedChoiceField(label="类别", coerce=int)
    reason = forms.CharField(label="认定理由", max_length=200)

    def __init__(self, *args: Any, categories: list[VillageCategory], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["category"]
        field.choices = [("", "请选择"), *((c.pk, c.name) for c in categories)]


class EvaluateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2099)
