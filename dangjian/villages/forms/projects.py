"""Forms of the project pages. They parse and label input; the services decide and their errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import ServiceForm
from dangjian.villages.choices import ApproverRole
from dangjian.villages.models import (
    ApprovalProcedure,
    Project,
    ProjectMilestone,
    ProjectResult,
    ProjectReview,
    ProjectSpending,
)

STEP_ROWS = 8


class ProjectForm(ServiceForm):
    model = Project
    model_fields = ("title", "category", "budget", "funding_sources", "starts_on", "ends_on", "description")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="项目单位(组织代码)", max_length=32)
    procedure = forms.TypedChoiceField(label="审批流程", required=False, coerce=int, empty_value=None)

    field_order = ["org_code", "title", "category", "procedure", "budget", "funding_sources", "starts_on", "ends_on"]

    def __init__(self, *args: Any, procedures: list[ApprovalProcedure], with_org: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_org:
            del self.fields["org_code"]
        field: Any = self.fields["procedure"]
        field.choices = [("", "按项目类别的默认流程"), *((p.pk, p.name) for p in procedures)]
        self.fields["budget"].help_text = "单位:元"
        self.fields["funding_sources"].help_text = "如:财政扶持资金、帮扶单位资金、村集体自筹"


class ProcedureForm(ServiceForm):
    """A procedure and up to eight ordered steps (blank rows are left out)."""

    model = ApprovalProcedure
    model_fields = ("name", "description", "default_for", "active")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["default_for"].required = False
        roles = [("", "请选择"), *ApproverRole.choices]
        for number in range(1, STEP_ROWS + 1):
            self.fields[f"step_{number}_name"] = forms.CharField(
                label=f"第{number}步名称",
                required=False,
                max_length=50,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )
            self.fields[f"step_{number}_role"] = forms.ChoiceField(
                label=f"第{number}步审批角色",
                required=False,
                choices=roles,
                widget=forms.Select(attrs={"class": "form-select"}),
            )
            self.fields[f"step_{number}_material"] = forms.BooleanField(
                label=f"第{number}步需上传材料",
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def step_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"step_{n}_name"], self[f"step_{n}_role"], self[f"step_{n}_material"])
            for n in range(1, STEP_ROWS + 1)
        ]

    def plain_fields(self) -> list[Any]:
        return [self[name] for name in ("name", "description", "default_for", "active")]

    def steps(self) -> list[dict[str, Any]]:
        found = []
        for number in range(1, STEP_ROWS + 1):
            name = (self.cleaned_data.get(f"step_{number}_name") or "").strip()
            role = self.cleaned_data.get(f"step_{number}_role") or ""
            if name or role:
                found.append(
                    {
                        "name": name,
                        "approver_role": role,
                        "needs_material": self.cleaned_data.get(f"step_{number}_material"),
                    }
                )
        return found

    @staticmethod
    def initial_for(procedure: ApprovalProcedure) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(procedure, name) for name in ("name", "description", "default_for", "active")
        }
        for step in procedure.steps.order_by("order"):
            initial |= {
                f"step_{step.order}_name": step.name,
                f"step_{step.order}_role": step.approver_role,
                f"step_{step.order}_material": step.needs_material,
            }
        return initial


class ApproveForm(ServiceForm):
    opinion = forms.CharField(
        label="审批意见", required=False, max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
    material = forms.FileField(label="材料(pdf/doc/docx/xls/xlsx/jpg/png,≤10MB)", required=False)


class ReasonForm(ServiceForm):
    reason = forms.CharField(label="理由", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class CompleteForm(ServiceForm):
    completed_on = forms.DateField(label="完成日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class MilestoneForm(ServiceForm):
    model = ProjectMilestone
    model_fields = ("title", "due_on", "note")


class SpendingForm(ServiceForm):
    model = ProjectSpending
    model_fields = ("spent_on", "amount", "purpose")


class ResultForm(ServiceForm):
    model = ProjectResult
    model_fields = ("summary", "jobs_created", "income_added", "households_benefited")


class ReviewForm(ServiceForm):
    model = ProjectReview
    model_fields = ("title", "held_on", "place", "reviewers")
    error_fields = {"org": "org_code"}

    org_code = forms.CharField(label="组织单位(组织代码)", max_length=32)
    field_order = ["org_code", "title", "held_on", "place", "reviewers"]


class ScoreForm(ServiceForm):
    project = forms.TypedChoiceField(label="项目", coerce=int)
    score = forms.DecimalField(label="得分(0–100)", max_digits=4, decimal_places=1)
    comment = forms.CharField(label="讲评意见", required=False, max_length=300)

    def __init__(self, *args: Any, projects: list[Project], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["project"]
        field.choices = [("", "请选择"), *((p.pk, f"{p.title}({p.org.name})") for p in projects)]
