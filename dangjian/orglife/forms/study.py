"""Forms of the study pages. They parse and label input (option letters to indexes); the services decide and their
errors land on the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from dangjian.core.forms import DATE_FORMAT, ServiceForm
from dangjian.orglife import rules
from dangjian.orglife.choices import QuestionKind
from dangjian.orglife.models import Question, Quiz, StudyLog

OPTION_FIELDS = tuple(f"option_{letter.lower()}" for letter in rules.OPTION_LETTERS)


class QuestionForm(ServiceForm):
    model = Question
    model_fields = ("topic", "kind", "stem", "explanation", "active")
    error_fields = {"options": "option_a"}

    answer_text = forms.CharField(label="正确答案", max_length=12, help_text="单选如A;多选如ACD;判断题填“对”或“错”")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, letter in zip(OPTION_FIELDS, rules.OPTION_LETTERS, strict=True):
            self.fields[name] = forms.CharField(label=f"选项{letter}", required=False, max_length=200)
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["option_a"].help_text = "选择题从选项A起连续填写2至6个选项;判断题不填"
        self.fields["stem"].widget.attrs["rows"] = 3
        self.fields["explanation"].widget.attrs["rows"] = 2
        self.order_fields(["topic", "kind", "stem", *OPTION_FIELDS, "answer_text", "explanation", "active"])

    @classmethod
    def initial_of(cls, question: Question) -> dict[str, Any]:
        initial = {name: getattr(question, name) for name in cls.model_fields}
        for name, option in zip(OPTION_FIELDS, question.options, strict=False):
            initial[name] = option
        initial["answer_text"] = rules.answer_letters(question.kind, question.answer)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        options = [(cleaned.get(name) or "").strip() for name in OPTION_FIELDS]
        while options and not options[-1]:
            options.pop()
        cleaned["options"] = options
        kind = cleaned.get("kind")
        if kind in QuestionKind.values and cleaned.get("answer_text"):
            try:
                cleaned["answer"] = rules.parse_answer(kind, cleaned["answer_text"], len(options))
            except ValueError as exc:
                self.add_error("answer_text", str(exc))
        return cleaned

    def question_data(self) -> dict[str, Any]:
        """What the services take: the model fields, the options as a list and the answer as indexes."""
        data = {name: self.cleaned_data[name] for name in self.model_fields}
        return data | {"options": self.cleaned_data["options"], "answer": self.cleaned_data.get("answer", [])}


class QuestionImportForm(forms.Form):
    file = forms.FileField(label="试题文件(.xlsx)", error_messages={"required": "请选择要导入的文件"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})


class QuizForm(ServiceForm):
    model = Quiz
    model_fields = ("title", "opens_on", "closes_on", "pass_mark", "study_hours")

    topics = forms.MultipleChoiceField(
        label="专题", required=False, widget=forms.CheckboxSelectMultiple, help_text="不选则从全部专题中抽题"
    )
    count = forms.IntegerField(
        label="题目数量", required=False, min_value=1, max_value=200, help_text="随机抽取;不填则为所选专题的全部试题"
    )

    def __init__(self, *args: Any, topics: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["topics"]
        field.choices = [(topic, topic) for topic in topics]
        field.widget.attrs["class"] = "form-check-input"
        field.error_messages["invalid_choice"] = "所选专题不在题库中"
        self.fields["pass_mark"].help_text = "百分制,达到即通过"
        self.fields["study_hours"].help_text = "首次通过时计入年度学习学时"
        self.fields["count"].error_messages["min_value"] = "题目数量应至少为1"


class QuizWindowForm(ServiceForm):
    model = Quiz
    model_fields = ("title", "opens_on", "closes_on")


class TakeQuizForm(forms.Form):
    """One field per question: radio buttons for 单选 and 判断, check boxes for 多选 (a phone-sized page)."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for number, question in enumerate(questions, start=1):
            name = f"q{question.pk}"
            label = f"{number}. {question.stem}({question.get_kind_display()})"
            if question.kind == QuestionKind.JUDGE:
                choices = [("1", "对"), ("0", "错")]
            else:
                choices = [
                    (str(i), f"{letter}. {text}")
                    for i, (letter, text) in enumerate(zip(rules.OPTION_LETTERS, question.options, strict=False))
                ]
            if question.kind == QuestionKind.MULTIPLE:
                field: forms.Field = forms.MultipleChoiceField(
                    label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.ChoiceField(label=label, choices=choices, required=False, widget=forms.RadioSelect)
            field.widget.attrs["class"] = "form-check-input"
            self.fields[name] = field

    def answers(self) -> dict[str, Any]:
        """The answers keyed by question id, as the service takes them."""
        answers: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if value in (None, "", []):
                continue
            answers[str(question.pk)] = [int(v) for v in value] if isinstance(value, list) else [int(value)]
        return answers


class StudyLogForm(ServiceForm):
    model = StudyLog
    model_fields = ("day", "hours", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["day"].widget = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format=DATE_FORMAT)
        self.fields["note"].label = "学习内容"
        self.fields["note"].required = True
        self.fields["note"].error_messages["required"] = "请填写学习内容"
        self.fields["note"].help_text = "如:自学《中国共产党章程》第一章"
        hours: Any = self.fields["hours"]
        hours.help_text = "一天不超过24学时"
        hours.error_messages["max_decimal_places"] = "学时最多保留一位小数"
        hours.error_messages["max_digits"] = hours.error_messages["max_whole_digits"] = "学时过大"
