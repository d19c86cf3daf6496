"""Forms of the recruitment pages (发展党员). They parse and label input; the services judge and save."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.choices import ETHNICITY_CHOICES
from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.core.models import Org
from dangjian.members import rules
from dangjian.members.choices import ProbationDecision
from dangjian.members.models import Applicant, RecruitSetting, ScoreItem, TownshipQuota
from dangjian.members.services.recruitment import DOCUMENT_EXTENSIONS

DATE_WIDGET = {"type": "date"}


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs=DATE_WIDGET, format=DATE_FORMAT)
    )


# --- county settings ---------------------------------------------------------------------------------


class RecruitSettingForm(ServiceForm):
    model = RecruitSetting
    model_fields = ("six_three", "talk_within_months", "review_every_months", "approval_within_months", "pass_mark")

    HELP = {
        "six_three": "开启后:乡镇党委按下列考评项目量化考评发展对象;未达合格分的不得进行组织考察,"
        "未经组织考察的不得进入支部委员会审查,非乡镇党委提名人选不得提交支部党员大会票决,"
        "发展计划指标由乡镇党委掌握、不分解到村。",
        "talk_within_months": "默认1个月(《中国共产党发展党员工作细则》规定:收到入党申请书后一个月内派人谈话)。"
        "超过期限只提醒、不阻止。",
        "review_every_months": "默认6个月(通行做法为每半年考察一次,规定原文待核实,本县可调整)。超过期限只提醒。",
        "approval_within_months": f"默认{rules.APPROVAL_MONTHS}个月(支部大会通过后,上级党委一般在3个月内审批,"
        f"特殊情况最长{rules.APPROVAL_MONTHS_SPECIAL}个月;出处为通行做法,本县可调整)。超过期限只提醒。",
        "pass_mark": "发展对象量化考评总分(各项得分×权重之和)达到此分数方可进行组织考察。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, text in self.HELP.items():
            self.fields[name].help_text = text


class ScoreItemForm(ServiceForm):
    model = ScoreItem
    model_fields = ("name", "weight", "max_score", "order", "active")


class QuotaForm(ServiceForm):
    model = TownshipQuota
    model_fields = ("year", "quota")


# --- applicants ----------------------------------------------------------------------------------------


class ApplicantCreateForm(ServiceForm):
    """A new application (step 1). The admitting branch is chosen among the user's branches."""

    model = Applicant
    model_fields = ("name", "education", "occupation", "phone", "applied_on", "training_mode")
    error_fields = {"trainer_org": "trainer_code"}

    id_number = forms.CharField(label="公民身份号码", max_length=18, min_length=15)
    ethnicity = forms.ChoiceField(label="民族", choices=ETHNICITY_CHOICES, initial="汉族")
    org = forms.TypedChoiceField(label="接收党支部", coerce=int)
    trainer_code = forms.CharField(
        label="培养党组织(组织代码)",
        max_length=32,
        required=False,
        help_text="双向培养、委托培养、跟踪培养时填写培养党组织的代码;由本支部培养的不填。",
    )
    note = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["name", "id_number", "ethnicity", "education", "occupation", "phone", "org", "applied_on"]

    def __init__(self, *args: Any, branches: list[Org], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org: Any = self.fields["org"]
        org.choices = [("", "请选择"), *((b.pk, f"{b.name}({b.code})") for b in branches)]
        org.error_messages["invalid_choice"] = "所选党支部不存在或不在您的管理范围内"
        self.fields["id_number"].error_messages["min_length"] = "公民身份号码应为18位"
        self.fields["id_number"].widget.attrs["autocomplete"] = "off"
        self.fields["applied_on"].label = "递交入党申请书日期"


# --- steps ---------------------------------------------------------------------------------------------

PEOPLE_STEPS = {2: "谈话人", 5: "培养联系人", 9: "入党介绍人", 16: "谈话人"}
PEOPLE_HELP = {
    2: "党组织派去谈话的党员。",
    5: "1至2名正式党员。",
    9: "须为2名正式党员;受留党察看处分、尚未恢复党员权利的不能担任。",
    16: "上级党委派去谈话的党委委员或组织员。",
}
PASS_STEPS = {10: "政审结论", 13: "预审结论", 17: "审批结论", 24: "审批结论"}
VOTE_STEPS = {15, 23}
PASS_CHOICES = [("", "请选择"), ("yes", "通过"), ("no", "未通过")]


class StepForm(ServiceForm):
    """One step of the 25: the date, the responsible org, the note, what the step records, and a document.

    The fields depend on the step; the rules (order, periods, votes, introducers) are the service's.
    """

    error_fields = {
        "present": "vote_present",
        "yes": "vote_yes",
        "no": "vote_no",
        "abstain": "vote_abstain",
        "documents": "doc_title",
        "number": "__all__",
        "applicant": "__all__",
    }

    def __init__(
        self, *args: Any, number: int, orgs: list[Org], default_org: Org, people: list[Any], **kwargs: Any
    ) -> None:
        self.number = number
        kwargs.setdefault("prefix", f"s{number}")
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["done_on"] = date_field("日期")
        fields["org"] = forms.TypedChoiceField(
            label="责任党组织", coerce=int, choices=[(o.pk, o.name) for o in orgs], initial=default_org.pk
        )
        fields["org"].error_messages["invalid_choice"] = "请选择列出的党组织"
        if number in PEOPLE_STEPS:
            fields["people"] = forms.TypedMultipleChoiceField(
                label=PEOPLE_STEPS[number],
                coerce=int,
                required=False,
                choices=[(p.pk, f"{p.name}({p.org.name},{p.get_status_display()})") for p in people],
                widget=forms.CheckboxSelectMultiple,
                help_text=PEOPLE_HELP[number],
            )
            fields["people"].error_messages["invalid_choice"] = "所选党员不在可选范围内,请重新查找"
        if number in VOTE_STEPS:
            fields["vote_present"] = forms.IntegerField(label="实到会有表决权党员", min_value=0)
            fields["vote_yes"] = forms.IntegerField(label="赞成票(含书面意见)", min_value=0)
            fields["vote_no"] = forms.IntegerField(label="反对票", min_value=0, required=False)
            fields["vote_abstain"] = forms.IntegerField(label="弃权票", min_value=0, required=False)
        if number == 11:
            fields["training_days"] = forms.DecimalField(
                label="培训天数", min_value=0, max_digits=5, decimal_places=1, required=False
            )
            fields["training_hours"] = forms.DecimalField(
                label="培训学时", min_value=0, max_digits=6, decimal_places=1, required=False
            )
            fields["training_hours"].help_text = "集中培训不少于3天或不少于24学时(满足其一即可)。"
        if number in PASS_STEPS:
            fields["passed"] = forms.ChoiceField(label=PASS_STEPS[number], choices=PASS_CHOICES)
        if number == 23:
            fields["decision"] = forms.ChoiceField(
                label="支部大会决定", choices=[("", "请选择"), *ProbationDecision.choices]
            )
            fields["extension_months"] = forms.IntegerField(
                label="延长预备期(月)",
                min_value=0,
                required=False,
                help_text="延长预备期时填写,6至12个月,只能延长一次。",
            )
        fields["note"] = forms.CharField(label="情况说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))
        fields["doc_title"] = forms.CharField(label="材料名称", max_length=100, required=False)
        fields["doc_file"] = forms.FileField(
            label="上传文件",
            required=False,
            widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(DOCUMENT_EXTENSIONS))}),
        )
        fields["doc_note"] = forms.CharField(
            label="材料说明", max_length=200, required=False, help_text="不上传文件时,可说明纸质材料的存档位置。"
        )
        self._restyle()

    def _restyle(self) -> None:
        for name, field in self.fields.items():
            label = field.label or ""
            field.error_messages["required"] = f"请填写{label}"
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = f"{label}不是有效日期(格式:年-月-日)"
            elif isinstance(field, forms.DecimalField | forms.IntegerField):
                field.error_messages["invalid"] = f"{label}应为数字"
                field.error_messages["min_value"] = f"{label}不能为负数"
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs["class"] = "form-check-input"
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            widget.attrs.setdefault("data-field", name)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (cleaned.get("doc_file") or cleaned.get("doc_note")) and not cleaned.get("doc_title"):
            upload = cleaned.get("doc_file")
            if upload is not None:
                cleaned["doc_title"] = upload.name.rsplit(".", 1)[0][:100]
            else:
                self.add_error("doc_title", "请填写材料名称")
        return cleaned

    def step_values(self, people: list[Any]) -> dict[str, Any]:
        """Keyword arguments for `step_record` (the org and people already resolved by the view)."""
        data = self.cleaned_data
        values: dict[str, Any] = {"done_on": data["done_on"], "note": data.get("note", ""), "people": people}
        if self.number in VOTE_STEPS:
            values |= {
                "present": data.get("vote_present"),
                "yes": data.get("vote_yes"),
                "no": data.get("vote_no"),
                "abstain": data.get("vote_abstain"),
            }
        if self.number == 11:
            values |= {"training_days": data.get("training_days"), "training_hours": data.get("training_hours")}
        if self.number in PASS_STEPS:
            values["passed"] = data.get("passed") == "yes"
        if self.number == 23:
            values |= {"decision": data.get("decision", ""), "extension_months": data.get("extension_months")}
        if data.get("doc_title"):
            values["documents"] = [(data["doc_title"], data.get("doc_file"), data.get("doc_note", ""))]
        return values


class StopForm(ServiceForm):
    ended_on = date_field("终止日期")
    reason = forms.CharField(label="终止原因", max_length=200)


def _num(value: Any) -> str:
    """A decimal without trailing zeros (50.00 → 50, 1.50 → 1.5)."""
    return format(value.normalize(), "f") if value is not None else ""


class ScoreForm(ServiceForm):
    """六评三定: the township's score on each active item (the field names carry the item ids)."""

    scored_on = date_field("考评日期")

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if not row.item.active:
                continue
            field = forms.DecimalField(
                label=f"{row.item.name}(满分{_num(row.item.max_score)},权重{_num(row.item.weight)})",
                min_value=0,
                max_value=row.item.max_score,
                max_digits=6,
                decimal_places=2,
                initial=row.score,
            )
            field.error_messages["max_value"] = f"{row.item.name}得分不能超过满分{_num(row.item.max_score)}"
            field.error_messages["min_value"] = f"{row.item.name}得分不能为负数"
            field.error_messages["required"] = f"请填写{row.item.name}得分"
            field.widget.attrs["class"] = "form-control"
            self.fields[f"item_{row.item.pk}"] = field

    def scores(self) -> dict[int, Any]:
        return {int(k.removeprefix("item_")): v for k, v in self.cleaned_data.items() if k.startswith("item_")}


class DateForm(ServiceForm):
    """A single date (组织考察, 乡镇党委提名); the service's date error lands on it."""

    error_fields = {"inspected_on": "on", "nominated_on": "on"}

    on = date_field("日期")

    def __init__(self, *args: Any, label: str = "日期", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = label
        self.fields["on"].error_messages["required"] = f"请填写{label}"
