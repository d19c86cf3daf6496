"""Study hours (F2.8) and tests: the hours ledger that the 32-hour rule reads, the question bank, quizzes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone

from dangjian.core import audit, clock
from dangjian.core.choices import HISTORICAL_STANDINGS, AuditAction
from dangjian.core.io.reader import ImportFileError, read_sheet
from dangjian.core.io.results import ImportResult, RowError
from dangjian.core.io.sheets import Column, SheetSpec, build_template, text_cell
from dangjian.core.io.tables import Sheet, audited_xlsx
from dangjian.core.models import Org, Person
from dangjian.core.services import county_id_of
from dangjian.orglife import rules
from dangjian.orglife.choices import PointSource, QuestionKind, StudySource
from dangjian.orglife.models import Question, Quiz, QuizAttempt, QuizQuestion, StudyLog
from dangjian.orglife.permissions import can_act_for, can_manage_branch, require
from dangjian.orglife.selectors.study import bank_for
from dangjian.orglife.services import points


@transaction.atomic
def log_hours(
    *, actor: Any, person: Person, source: str, ref: str, day: dt.date, hours: Decimal, note: str = ""
) -> StudyLog:
    """The study hours a source record credits (a training attended, an article read, a quiz passed), once per
    (person, source, ref); a second call with other hours or another day updates the row."""
    person = Person.objects.get(pk=person.pk)
    existing = (
        StudyLog.objects.select_for_update().filter(person=person, source=source, ref=ref).first() if ref else None
    )
    if existing is not None:
        before = audit.snapshot(existing)
        existing.day, existing.year, existing.hours, existing.note = day, day.year, Decimal(hours), note
        existing.save(update_fields=["day", "year", "hours", "note"])
        after = audit.snapshot(existing)
        if after != before:
            audit.record(actor=actor, action=AuditAction.UPDATE, obj=existing, before=before, after=after)
        return existing
    log = StudyLog.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        person=person,
        day=day,
        year=day.year,
        hours=Decimal(hours),
        source=source,
        ref=ref,
        note=note,
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=log, after=audit.snapshot(log))
    return log


@transaction.atomic
def unlog_hours(*, actor: Any, person: Person, source: str, ref: str) -> bool:
    """Take back the hours of a source record that no longer earns them. Returns whether a row was removed."""
    log = StudyLog.objects.select_for_update().filter(person=person, source=source, ref=ref).first()
    if log is None:
        return False
    audit.record(actor=actor, action=AuditAction.DELETE, obj=log, before=audit.snapshot(log))
    log.delete()
    return True


# --- question bank ------------------------------------------------------------------------------------------

QUESTION_FIELDS = ("topic", "kind", "stem", "options", "answer", "explanation", "active")


def _question_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    topic = str(values.get("topic") or "").strip()
    if not topic:
        errors["topic"] = "请填写专题"
    elif len(topic) > 50:
        errors["topic"] = "专题不能超过50个字"
    if not str(values.get("stem") or "").strip():
        errors["stem"] = "请填写题干"
    kind = values.get("kind")
    if kind not in QuestionKind.values:
        errors["kind"] = "请选择题型"
        return errors
    options, answer = values.get("options"), values.get("answer")
    if not isinstance(options, list | tuple) or not all(isinstance(o, str) for o in options):
        errors["options"] = "选项应为文字列表"
        return errors
    if not isinstance(answer, list | tuple) or not all(isinstance(a, int) and not isinstance(a, bool) for a in answer):
        errors["answer"] = "答案应为选项序号列表"
        return errors
    errors.update(rules.question_problems(kind, [o.strip() for o in options], list(answer)))
    return errors


def _question_values(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    for name in ("topic", "stem", "explanation"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "options" in cleaned:
        cleaned["options"] = [str(o).strip() for o in cleaned["options"]]
    if "answer" in cleaned:
        cleaned["answer"] = sorted(set(cleaned["answer"]))
    return cleaned


@transaction.atomic
def question_create(
    *,
    actor: Any,
    org: Org,
    topic: str,
    kind: str,
    stem: str,
    options: list[str],
    answer: list[int],
    explanation: str = "",
    active: bool = True,
) -> Question:
    """A question of an org's bank (the county's, usually)."""
    require(actor is None or can_manage_branch(actor, org), "没有维护该组织题库的权限")
    values = {"topic": topic, "kind": kind, "stem": stem, "options": options, "answer": answer}
    errors = _question_errors(values)
    if errors:
        raise ValidationError(errors)
    question = Question(
        county_id=county_id_of(org),
        org=org,
        org_path=org.path,
        active=bool(active),
        **_question_values(values | {"explanation": explanation}),
    )
    question.full_clean(exclude=["county"])
    question.save()
    audit.record(actor=actor, action=AuditAction.CREATE, obj=question, after=audit.snapshot(question))
    return question


@transaction.atomic
def question_update(*, actor: Any, question: Question, **changes: Any) -> Question:
    """Correct a question. Quizzes already answered keep their scores (they were computed at submission)."""
    question = Question.objects.select_for_update(of=("self",)).select_related("org").get(pk=question.pk)
    require(actor is None or can_manage_branch(actor, question.org), "没有修改该试题的权限")
    unknown = set(changes) - set(QUESTION_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    values = {field: getattr(question, field) for field in QUESTION_FIELDS} | changes
    errors = _question_errors(values)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(question)
    for field, value in _question_values(changes).items():
        setattr(question, field, bool(value) if field == "active" else value)
    question.full_clean(exclude=["county"])
    question.save(update_fields=list(changes))
    after = audit.snapshot(question)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=question, before=before, after=after)
    return question


@transaction.atomic
def question_delete(*, actor: Any, question: Question) -> None:
    """Remove a question; one used by a quiz stays (switch it off instead)."""
    question = Question.objects.select_for_update(of=("self",)).select_related("org").get(pk=question.pk)
    require(actor is None or can_manage_branch(actor, question.org), "没有删除该试题的权限")
    if QuizQuestion.objects.filter(question=question).exists():
        raise ValidationError({"question": "该试题已用于学习测试,不能删除,可改为停用"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=question, before=audit.snapshot(question))
    question.delete()


# --- question import (.xlsx) --------------------------------------------------------------------------------

KIND_LABELS = {
    "单选题": QuestionKind.SINGLE,
    "单选": QuestionKind.SINGLE,
    "单项选择题": QuestionKind.SINGLE,
    "多选题": QuestionKind.MULTIPLE,
    "多选": QuestionKind.MULTIPLE,
    "多项选择题": QuestionKind.MULTIPLE,
    "判断题": QuestionKind.JUDGE,
    "判断": QuestionKind.JUDGE,
}
OPTION_KEYS = tuple(f"option_{letter.lower()}" for letter in rules.OPTION_LETTERS)
EXAMPLE_STEM = "党的最高领导机关是(示例)"

QUESTION_SHEET = SheetSpec(
    kind="questions",
    title="试题",
    file_name="试题导入模板.xlsx",
    example_marker=("stem", EXAMPLE_STEM),
    optional_headers=frozenset({"选项C", "选项D", "选项E", "选项F", "解析"}),
    intro=(
        "每行一道试题。第1行为列名,请勿改动;第2行为示例,导入时自动跳过(也可删除)。"
        "单选题、多选题填2至6个选项(从选项A起连续填写),答案填选项字母,如A或ACD;判断题不填选项,答案填“对”或“错”。"
        "任何一行有错误,整个文件都不会导入,并列出每一个错误的行号、列名和原因。"
    ),
    columns=(
        Column("topic", "专题", required=True, note="如:党章、支部工作条例、党员教育管理工作条例", example="党章"),
        Column("kind", "题型", required=True, choices=("单选题", "多选题", "判断题"), example="单选题"),
        Column("stem", "题干", required=True, width=48, example=EXAMPLE_STEM),
        *(
            Column(key, f"选项{letter}", width=20, example=example)
            for key, letter, example in zip(
                OPTION_KEYS,
                rules.OPTION_LETTERS,
                ("党的全国代表大会和它所产生的中央委员会", "中央政治局", "中央书记处", "", "", ""),
                strict=True,
            )
        ),
        Column("answer", "答案", required=True, is_text=True, note="单选如A;多选如ACD;判断题填对或错", example="A"),
        Column("explanation", "解析", width=40, note="作答后向党员显示", example="见《中国共产党章程》第十条"),
    ),
)

ERROR_COLUMNS = {"topic": "专题", "kind": "题型", "stem": "题干", "options": "选项A", "answer": "答案"}


def question_template() -> bytes:
    """The downloadable template of the question import."""
    return build_template(QUESTION_SHEET)


def _question_row(number: int, cells: dict[str, Any]) -> tuple[dict[str, Any] | None, list[RowError]]:
    errors: list[RowError] = []
    kind_text = text_cell(cells.get("kind")).replace(" ", "")
    kind = KIND_LABELS.get(kind_text)
    if not kind_text:
        errors.append(RowError(number, "题型", "请填写题型"))
    elif kind is None:
        errors.append(RowError(number, "题型", f"题型“{kind_text}”无效,应为单选题、多选题或判断题"))
    texts = [text_cell(cells.get(key)) for key in OPTION_KEYS]
    while texts and not texts[-1]:
        texts.pop()
    for letter, text in zip(rules.OPTION_LETTERS, texts, strict=False):
        if not text:
            errors.append(RowError(number, f"选项{letter}", "选项应从选项A起连续填写,中间不能留空"))
    answer: list[int] = []
    if kind is not None:
        try:
            answer = rules.parse_answer(kind, text_cell(cells.get("answer")), len(texts))
        except ValueError as exc:
            errors.append(RowError(number, "答案", str(exc)))
    values = {
        "topic": text_cell(cells.get("topic")),
        "kind": kind,
        "stem": text_cell(cells.get("stem")),
        "options": texts,
        "answer": answer,
        "explanation": text_cell(cells.get("explanation")),
    }
    if kind is not None and not errors:
        for field, message in _question_errors(values).items():
            errors.append(RowError(number, ERROR_COLUMNS.get(field, field), message))
    else:
        for field in ("topic", "stem"):
            if not values[field]:
                errors.append(RowError(number, ERROR_COLUMNS[field], f"请填写{ERROR_COLUMNS[field]}"))
        if len(values["topic"]) > 50:
            errors.append(RowError(number, "专题", "专题不能超过50个字"))
    return (None if errors else values), errors


def questions_import(*, actor: Any, org: Org, source: Any, file_name: str = "") -> ImportResult:
    """Import questions into an org's bank from the template's .xlsx: every row checked, every bad cell reported
    by row and column; any error and nothing is written."""
    require(actor is None or can_manage_branch(actor, org), "没有维护该组织题库的权限")
    result = ImportResult(kind="questions", file_name=file_name)
    try:
        sheet = read_sheet(source, QUESTION_SHEET)
    except ImportFileError as exc:
        result.errors = exc.errors
        return result
    result.total_rows = len(sheet.rows)
    rows: list[dict[str, Any]] = []
    for number, cells in sheet.rows:
        values, errors = _question_row(number, cells)
        result.errors.extend(errors)
        if values is not None:
            rows.append(values)
    if result.errors:
        return result
    with transaction.atomic():
        questions = Question.objects.bulk_create(
            [Question(county_id=county_id_of(org), org=org, org_path=org.path, **values) for values in rows],
            batch_size=2000,
        )
        audit.append(
            [
                *(
                    audit.build_entry(actor=actor, action=AuditAction.CREATE, obj=q, after=audit.snapshot(q))
                    for q in questions
                ),
                audit.build_entry(
                    actor=actor,
                    action=AuditAction.IMPORT,
                    obj=org,
                    after={"kind": "questions", "file": file_name, "created": len(questions)},
                ),
            ]
        )
    result.created, result.written = len(questions), True
    return result


def questions_export(*, actor: Any, org: Org | None, questions: QuerySet[Question], file_name: str) -> bytes:
    """The bank (as filtered) in the import's columns, so an exported file can be edited and imported again."""
    rows = []
    for question in questions.iterator(chunk_size=2000):
        options = list(question.options) + [""] * (len(OPTION_KEYS) - len(question.options))
        rows.append(
            [
                question.topic,
                question.get_kind_display(),
                question.stem,
                *options[: len(OPTION_KEYS)],
                rules.answer_letters(question.kind, question.answer),
                question.explanation,
                "启用" if question.active else "停用",
            ]
        )
    headers = [*QUESTION_SHEET.headers, "状态"]
    content = audited_xlsx(Sheet("试题", headers, rows), actor=actor, org=org, kind="questions", file_name=file_name)
    return content


# --- quizzes ------------------------------------------------------------------------------------------------

QUIZ_FIELDS = ("title", "opens_on", "closes_on", "pass_mark", "study_hours")


def quiz_ref(quiz: Quiz) -> str:
    """The source record name of a quiz pass in the study ledger and the points."""
    return f"quiz:{quiz.pk}"


def _quiz_errors(values: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    title = str(values.get("title") or "").strip()
    if not title:
        errors["title"] = "请填写测试名称"
    elif len(title) > 100:
        errors["title"] = "测试名称不能超过100个字"
    opens_on, closes_on = values.get("opens_on"), values.get("closes_on")
    if opens_on is None:
        errors["opens_on"] = "请填写开始日期"
    if closes_on is None:
        errors["closes_on"] = "请填写截止日期"
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = "截止日期不能早于开始日期"
    pass_mark = values.get("pass_mark")
    if not isinstance(pass_mark, int) or isinstance(pass_mark, bool) or not 1 <= pass_mark <= 100:
        errors["pass_mark"] = "及格分应为1至100之间的整数"
    try:
        hours = Decimal(str(values.get("study_hours") if values.get("study_hours") is not None else "0"))
    except (InvalidOperation, ValueError):
        errors["study_hours"] = "学时应为数字"
    else:
        if not hours.is_finite() or hours < 0:
            errors["study_hours"] = "通过计入学时不能为负数"
        elif hours > rules.SELF_STUDY_MAX_HOURS:
            errors["study_hours"] = f"通过计入学时不能超过{rules.SELF_STUDY_MAX_HOURS}"
        elif hours != hours.quantize(Decimal("0.1")):
            errors["study_hours"] = "学时最多保留一位小数"
    return errors


def _pick_questions(
    org: Org, *, topics: list[str] | None, count: int | None, questions: list[Question] | None, rng: random.Random
) -> list[Question]:
    bank = bank_for(org)
    if questions is not None:
        chosen = list(bank.filter(pk__in=[q.pk for q in questions]).order_by("id"))
        missing = {q.pk for q in questions} - {q.pk for q in chosen}
        if missing:
            raise ValidationError({"questions": "所选试题不在可用题库中或已停用"})
        order = {q.pk: index for index, q in enumerate(questions)}
        chosen.sort(key=lambda q: order[q.pk])
    else:
        if topics:
            bank = bank.filter(topic__in=topics)
        chosen = list(bank.order_by("id"))
        if count is not None:
            if count < 1:
                raise ValidationError({"count": "题目数量应至少为1"})
            if count > len(chosen):
                raise ValidationError({"count": f"题库中符合条件的试题只有{len(chosen)}道"})
            chosen = rng.sample(chosen, count)
    if not chosen:
        raise ValidationError({"topics": "题库中没有符合条件的试题"})
    return chosen


@transaction.atomic
def quiz_create(
    *,
    actor: Any,
    org: Org,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    pass_mark: int = 60,
    study_hours: Decimal = Decimal("0"),
    topics: list[str] | None = None,
    count: int | None = None,
    questions: list[Question] | None = None,
    seed: Any = None,
) -> Quiz:
    """A draft quiz for an org's subtree: the questions picked by hand, or N at random from the topics chosen
    (all of them without N). Members see it once published."""
    require(actor is None or can_manage_branch(actor, org), "没有为该组织发布学习测试的权限")
    values = {
        "title": title,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "pass_mark": pass_mark,
        "study_hours": study_hours,
    }
    errors = _quiz_errors(values)
    if errors:
        raise ValidationError(errors)
    chosen = _pick_questions(org, topics=topics, count=count, questions=questions, rng=random.Random(seed))
    quiz = Quiz.objects.create(
        county_id=county_id_of(org),
        org=org,
        org_path=org.path,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        pass_mark=pass_mark,
        study_hours=Decimal(str(study_hours)),
        published=False,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    QuizQuestion.objects.bulk_create(
        [QuizQuestion(quiz=quiz, question=q, order=index) for index, q in enumerate(chosen, start=1)]
    )
    after = audit.snapshot(quiz) | {"questions": [q.pk for q in chosen]}
    audit.record(actor=actor, action=AuditAction.CREATE, obj=quiz, after=after)
    return quiz


@transaction.atomic
def quiz_update(*, actor: Any, quiz: Quiz, **changes: Any) -> Quiz:
    """Change a quiz's name or window; the pass mark and the hours only while nobody has answered."""
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("org").get(pk=quiz.pk)
    require(actor is None or can_manage_branch(actor, quiz.org), "没有修改该学习测试的权限")
    unknown = set(changes) - set(QUIZ_FIELDS)
    if unknown:
        raise ValidationError({field: "该项目不能在此修改" for field in unknown})
    values = {field: getattr(quiz, field) for field in QUIZ_FIELDS} | changes
    errors = _quiz_errors(values)
    answered = quiz.attempts.exists()
    for field in ("pass_mark", "study_hours"):
        if field in changes and answered and field not in errors and changes[field] != getattr(quiz, field):
            errors[field] = "已有党员作答,不能修改"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(quiz)
    for field, value in changes.items():
        if field == "study_hours":
            value = Decimal(str(value))
        elif field == "title":
            value = value.strip()
        setattr(quiz, field, value)
    quiz.save(update_fields=list(changes))
    after = audit.snapshot(quiz)
    if after != before:
        audit.record(actor=actor, action=AuditAction.UPDATE, obj=quiz, before=before, after=after)
    return quiz


@transaction.atomic
def quiz_publish(*, actor: Any, quiz: Quiz) -> Quiz:
    """Members of the subtree see the quiz from now on (and may answer within its window)."""
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("org").get(pk=quiz.pk)
    require(actor is None or can_manage_branch(actor, quiz.org), "没有发布该学习测试的权限")
    if quiz.published:
        raise ValidationError({"published": "该测试已发布"})
    if not quiz.quiz_questions.exists():
        raise ValidationError({"questions": "测试中没有试题,不能发布"})
    before = audit.snapshot(quiz)
    quiz.published = True
    quiz.save(update_fields=["published"])
    audit.record(actor=actor, action=AuditAction.UPDATE, obj=quiz, before=before, after=audit.snapshot(quiz))
    return quiz


@transaction.atomic
def quiz_delete(*, actor: Any, quiz: Quiz) -> None:
    """Remove a quiz nobody has answered."""
    quiz = Quiz.objects.select_for_update(of=("self",)).select_related("org").get(pk=quiz.pk)
    require(actor is None or can_manage_branch(actor, quiz.org), "没有删除该学习测试的权限")
    if quiz.attempts.exists():
        raise ValidationError({"quiz": "已有党员作答的测试不能删除"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=quiz, before=audit.snapshot(quiz))
    quiz.delete()


def _given(raw: Any) -> list[int] | None:
    """One answer as sent: an index, a list of indexes, or nothing."""
    if raw is None or raw == "" or raw == []:
        return None
    items = raw if isinstance(raw, list | tuple) else [raw]
    try:
        return sorted({int(item) for item in items})
    except (TypeError, ValueError):
        return []


@transaction.atomic
def quiz_submit(*, actor: Any, quiz: Quiz, person: Person, answers: Mapping[Any, Any]) -> QuizAttempt:
    """A member's answers: scored out of 100 (each question the same weight, multiple choice all or nothing).
    The best attempt counts; the first pass credits the quiz's study hours and the points."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_act_for(actor, person), "不能代替该党员作答")
    quiz = Quiz.objects.get(pk=quiz.pk)
    if not quiz.published or not person.org_path.startswith(quiz.org_path):
        raise ValidationError({"quiz": "该测试未向您所在的党组织发布"})
    if person.standing in HISTORICAL_STANDINGS:
        raise ValidationError({"person": f"{person.name}已列入历史名册"})
    today = clock.today()
    problem = rules.quiz_window_problem(today, quiz.opens_on, quiz.closes_on)
    if problem:
        raise ValidationError({"quiz": problem})
    items = list(quiz.quiz_questions.select_related("question").order_by("order"))
    by_key = {str(key): value for key, value in (answers or {}).items()}
    unanswered, invalid, recorded, correct = [], [], {}, 0
    for number, item in enumerate(items, start=1):
        question = item.question
        given = _given(by_key.get(str(question.pk)))
        if given is None:
            unanswered.append(str(number))
            continue
        size = 2 if question.kind == QuestionKind.JUDGE else len(question.options)
        single = question.kind != QuestionKind.MULTIPLE
        if not given or any(index not in range(size) for index in given) or (single and len(given) != 1):
            invalid.append(str(number))
            continue
        recorded[str(question.pk)] = given
        correct += rules.answer_correct(question.answer, given)
    if unanswered:
        raise ValidationError({"answers": f"第{'、'.join(unanswered)}题未作答"})
    if invalid:
        raise ValidationError({"answers": f"第{'、'.join(invalid)}题的答案无效"})
    score = rules.quiz_score(correct, len(items))
    passed = rules.quiz_passed(score, quiz.pass_mark)
    first_pass = passed and not QuizAttempt.objects.filter(quiz=quiz, person=person, passed=True).exists()
    attempt = QuizAttempt.objects.create(
        county_id=person.county_id,
        org_path=person.org_path,
        quiz=quiz,
        person=person,
        answers=recorded,
        score=score,
        passed=passed,
        submitted_at=timezone.now(),
    )
    audit.record(actor=actor, action=AuditAction.CREATE, obj=attempt, after=audit.snapshot(attempt))
    if first_pass:
        ref = quiz_ref(quiz)
        if quiz.study_hours > 0:
            log_hours(
                actor=actor,
                person=person,
                source=StudySource.QUIZ,
                ref=ref,
                day=today,
                hours=quiz.study_hours,
                note=quiz.title[:200],
            )
        points.award_auto(
            actor=actor, person=person, source=PointSource.STUDY, ref=ref, occurred_on=today, note=quiz.title[:200]
        )
    return attempt


# --- self-study and the hours table -------------------------------------------------------------------------


@transaction.atomic
def study_log_create(*, actor: Any, person: Person, day: dt.date, hours: Decimal, note: str) -> StudyLog:
    """Self-study registered by the branch (自学登记): what was studied, on which day, how many hours."""
    person = Person.objects.select_related("org").get(pk=person.pk)
    require(actor is None or can_manage_branch(actor, person.org), "没有为该党员登记学时的权限")
    errors: dict[str, str] = {}
    if person.standing in HISTORICAL_STANDINGS:
        errors["person"] = f"{person.name}已列入历史名册,不再登记学时"
    if day is None:
        errors["day"] = "请填写日期"
    elif day > clock.today():
        errors["day"] = "日期不能晚于今天"
    number = None
    try:
        number = Decimal(str(hours)) if hours not in (None, "") else None
    except (InvalidOperation, ValueError):
        errors["hours"] = "学时应为数字"
    if "hours" not in errors:
        problem = rules.study_hours_problem(number if number is None or number.is_finite() else Decimal("-1"))
        if problem is None and number is not None and number != number.quantize(Decimal("0.1")):
            problem = "学时最多保留一位小数"
        if problem:
            errors["hours"] = problem
    note = (note or "").strip()
    if not note:
        errors["note"] = "请填写学习内容"
    elif len(note) > 200:
        errors["note"] = "学习内容不能超过200个字"
    if not errors and number is not None and day is not None:
        logged = StudyLog.objects.filter(person=person, day=day).aggregate(total=Sum("hours"))["total"]
        logged = Decimal(logged or 0).quantize(Decimal("0.1"))
        if logged + number > rules.SELF_STUDY_MAX_HOURS:
            errors["hours"] = f"该党员当天已有{logged}学时,合计不能超过{rules.SELF_STUDY_MAX_HOURS}"
    if errors:
        raise ValidationError(errors)
    assert number is not None
    return log_hours(actor=actor, person=person, source=StudySource.SELF, ref="", day=day, hours=number, note=note)


@transaction.atomic
def study_log_delete(*, actor: Any, log: StudyLog) -> None:
    """Remove self-study registered by mistake; hours from a training, a lesson or a quiz follow their record."""
    log = StudyLog.objects.select_for_update(of=("self",)).select_related("person__org").get(pk=log.pk)
    require(actor is None or can_manage_branch(actor, log.person.org), "没有删除该学时记录的权限")
    if log.source != StudySource.SELF:
        raise ValidationError({"source": f"该学时来自“{log.get_source_display()}”,随原记录变化,不能在此删除"})
    audit.record(actor=actor, action=AuditAction.DELETE, obj=log, before=audit.snapshot(log))
    log.delete()


HOURS_HEADERS = ["姓名", "所在党组织", "年度学时", "距32学时还差", "是否达标"]
RESULT_HEADERS = ["姓名", "所在党组织", "最好成绩", "是否通过", "作答次数", "最后提交时间"]


def hours_export(
    *, actor: Any, org: Org | None, people: QuerySet[Person], year: int, figure: str, file_name: str
) -> bytes:
    """The hours table (as filtered) of a year against the 32-hour rule."""
    rows = []
    for person in people.select_related("org").iterator(chunk_size=2000):
        hours = person.hours or Decimal("0.0")
        met = rules.meets_study_target(hours)
        rows.append([person.name, person.org.name, hours, rules.study_hours_short(hours), "达标" if met else "未达标"])
    caption = f"{org.name if org else ''} {year}年党员学习学时({figure})".strip()
    content = audited_xlsx(
        Sheet("学习学时", HOURS_HEADERS, rows, caption=caption),
        actor=actor,
        org=org,
        kind="study_hours",
        file_name=file_name,
    )
    return content


def quiz_results_export(
    *, actor: Any, quiz: Quiz, attempts: QuerySet[QuizAttempt], figures: str, file_name: str
) -> bytes:
    rows = [
        [
            a.person.name,
            a.person.org.name,
            a.score,
            "通过" if a.passed else "未通过",
            getattr(a, "tries", 1),
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for a in attempts.select_related("person__org").iterator(chunk_size=2000)
    ]
    caption = f"{quiz.title}({quiz.opens_on:%Y-%m-%d}至{quiz.closes_on:%Y-%m-%d},及格分{quiz.pass_mark}):{figures}"
    content = audited_xlsx(
        Sheet("测试成绩", RESULT_HEADERS, rows, caption=caption),
        actor=actor,
        org=quiz.org,
        kind="quiz_results",
        file_name=file_name,
    )
    return content


QUIZ_HEADERS = ["测试名称", "发布组织", "开始日期", "截止日期", "题数", "及格分", "通过计入学时", "状态"]
LOG_HEADERS = ["日期", "姓名", "所在党组织", "来源", "说明", "学时"]


def _quiz_state(quiz: Quiz, today: dt.date) -> str:
    if not quiz.published:
        return "未发布"
    return rules.quiz_window_problem(today, quiz.opens_on, quiz.closes_on) or "进行中"


def quizzes_export(*, actor: Any, org: Org | None, quizzes: QuerySet[Quiz], file_name: str) -> bytes:
    """The quizzes of a list (as filtered)."""
    today = clock.today()
    rows = [
        [
            q.title,
            q.org.name,
            q.opens_on,
            q.closes_on,
            getattr(q, "question_count", None),
            q.pass_mark,
            q.study_hours,
            _quiz_state(q, today).replace("测试", ""),
        ]
        for q in quizzes.select_related("org").iterator(chunk_size=2000)
    ]
    content = audited_xlsx(
        Sheet("学习测试", QUIZ_HEADERS, rows), actor=actor, org=org, kind="quizzes", file_name=file_name
    )
    return content


def logs_export(*, actor: Any, org: Org | None, logs: QuerySet[StudyLog], file_name: str) -> bytes:
    """The study hours entries of a list (as filtered), with their total."""
    rows = [
        [log.day, log.person.name, log.person.org.name, log.get_source_display(), log.note, log.hours]
        for log in logs.select_related("person__org").iterator(chunk_size=2000)
    ]
    total = sum((row[5] for row in rows), Decimal("0.0"))
    content = audited_xlsx(
        Sheet("学时记录", LOG_HEADERS, rows, totals=["合计", "", "", "", "", total]),
        actor=actor,
        org=org,
        kind="study_logs",
        file_name=file_name,
    )
    return content
