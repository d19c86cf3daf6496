"""Pages of study: the home page (a member's open quizzes and hours against the 32; a manager's hours table), the
question bank (with the .xlsx import), quizzes (create, publish, results), taking a quiz on a phone, self-study."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core import selectors as core_selectors
from dangjian.core.forms import style_filter_form
from dangjian.core.io.sheets import build_error_report
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Org, Person
from dangjian.core.scoping import scope_of
from dangjian.core.views.common import (
    home_org,
    is_filtered,
    managed_home_org,
    person_choice,
    requested_org,
    save_changes,
)
from dangjian.orglife import rules
from dangjian.orglife.forms.study import (
    QuestionForm,
    QuestionImportForm,
    QuizForm,
    QuizWindowForm,
    StudyLogForm,
    TakeQuizForm,
)
from dangjian.orglife.permissions import can_manage_branch
from dangjian.orglife.selectors import study as selectors
from dangjian.orglife.services import study as services


def _require_manager(user: Any, message: str) -> Org:
    org = managed_home_org(user)
    if org is None:
        raise PermissionDenied(message)
    return org


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# --- home ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
def study_home(request: HttpRequest) -> HttpResponse:
    """A member: the quizzes open today and their hours this year against 32. A manager: the hours table."""
    user: Any = request.user
    today = clock.today()
    context: dict[str, Any] = {"today": today, "target": rules.STUDY_HOURS_TARGET}
    person_id = getattr(user, "person_id", None)
    if person_id:
        hours = selectors.person_hours(person_id, today.year)
        _, logs = selectors.log_list(user, {"person": str(person_id), "year": str(today.year)})
        context |= {
            "my_hours": hours,
            "my_short": rules.study_hours_short(hours),
            "my_met": rules.meets_study_target(hours),
            "my_logs": list(logs.filter(person_id=person_id)[:20]),
            "open_quizzes": selectors.open_quizzes(user, today=today),
        }
    if scope_of(user).member_only:
        return render(request, "orglife/study/member_home.html", context)
    table = selectors.hours_table(user, request.GET, today=today)
    context |= {
        "table": table,
        "filter_form": style_filter_form(table.filterset.form),
        "page": core_selectors.paginate(table.people, request.GET.get("page")),
        "filtered": is_filtered(request, "year"),
        "can_manage": managed_home_org(user) is not None,
        "query": request.GET.urlencode(),
    }
    for person in context["page"].page.object_list:
        person.short = rules.study_hours_short(person.hours)
        person.met = rules.meets_study_target(person.hours)
    return render(request, "orglife/study/home.html", context)


@login_required
@require_GET
def hours_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = requested_org(request) or home_org(user)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出学习学时的权限")
    table = selectors.hours_table(user, request.GET)
    file_name = f"学习学时-{org.name}-{table.year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.hours_export(
        actor=user, org=org, people=table.people, year=table.year, figure=table.figure, file_name=file_name
    )
    return xlsx_response(content, file_name)


# --- self-study ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def study_logs(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, logs = selectors.log_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(logs, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": managed_home_org(user) is not None,
        "query": request.GET.urlencode(),
    }
    return render(request, "orglife/study/logs.html", context)


@login_required
@require_GET
def study_logs_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = requested_org(request) or home_org(user)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出学时记录的权限")
    _, logs = selectors.log_list(user, request.GET)
    file_name = f"学时记录-{org.name}-{clock.today():%Y%m%d}.xlsx"
    return xlsx_response(services.logs_export(actor=user, org=org, logs=logs, file_name=file_name), file_name)


@login_required
@require_http_methods(["GET", "POST"])
def study_log_create(request: HttpRequest) -> HttpResponse:
    """Self-study registered by the branch: pick the member (GET ?q=, ?person=), then the day, hours and content."""
    user: Any = request.user
    _require_manager(user, "没有登记自学学时的权限")
    person, found = person_choice(request)
    if person is None:
        context = {"title": "登记自学学时", "found": found, "q": request.GET.get("q", "").strip()}
        context["back"] = reverse("orglife:study_home")
        return render(request, "core/person_pick.html", context)
    form = StudyLogForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.study_log_create(actor=user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已为{person.name}登记{form.cleaned_data['hours']}学时")
            return redirect("orglife:study_logs")
    context = {"form": form, "person": person, "hours": selectors.person_hours(person.pk, clock.today().year)}
    return render(request, "orglife/study/log_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def study_log_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    log = selectors.log_detail(user, pk)
    if not can_manage_branch(user, log.person.org):
        raise PermissionDenied("没有删除该学时记录的权限")
    error = ""
    if request.method == "POST":
        try:
            services.study_log_delete(actor=user, log=log)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, f"已删除{log.person.name}的学时记录")
            return redirect("orglife:study_logs")
    return render(request, "orglife/study/log_delete.html", {"log": log, "error": error})


# --- question bank ------------------------------------------------------------------------------------------


@login_required
@require_GET
def question_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if scope_of(user).member_only:
        raise PermissionDenied("题库只对党组织管理人员开放")
    filterset, questions = selectors.question_list(user, request.GET)
    page = core_selectors.paginate(questions, request.GET.get("page"))
    for question in page.page.object_list:
        question.answer_text = rules.answer_letters(question.kind, question.answer)
        question.editable = can_manage_branch(user, question.org)
        question.labelled = list(zip(rules.OPTION_LETTERS, question.options, strict=False))
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_manage": managed_home_org(user) is not None,
        "query": request.GET.urlencode(),
    }
    return render(request, "orglife/study/questions.html", context)


@login_required
@require_GET
def question_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = _require_manager(user, "没有导出题库的权限")
    _, questions = selectors.question_list(user, request.GET)
    file_name = f"题库-{org.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.questions_export(actor=user, org=org, questions=questions, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_GET
def question_template(request: HttpRequest) -> HttpResponse:
    _require_manager(request.user, "没有维护题库的权限")
    return xlsx_response(services.question_template(), services.QUESTION_SHEET.file_name)


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = _require_manager(user, "没有维护题库的权限")
    form = QuestionForm(request.POST or None, initial={"active": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_create(actor=user, org=org, **form.question_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已添加试题")
            return redirect("orglife:study_questions")
    return render(request, "orglife/study/question_form.html", {"form": form, "org": org, "title": "添加试题"})


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    question = selectors.question_detail(user, pk)
    if not can_manage_branch(user, question.org):
        raise PermissionDenied("没有修改该试题的权限")
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_of(question))
    if request.method == "POST" and form.is_valid():
        data = form.question_data()
        changes = {name: value for name, value in data.items() if getattr(question, name) != value}
        try:
            if changes:
                services.question_update(actor=user, question=question, **changes)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("orglife:study_questions")
    context = {"form": form, "org": question.org, "title": "修改试题", "question": question}
    return render(request, "orglife/study/question_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    question = selectors.question_detail(user, pk)
    if not can_manage_branch(user, question.org):
        raise PermissionDenied("没有删除该试题的权限")
    error = ""
    if request.method == "POST":
        try:
            services.question_delete(actor=user, question=question)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, "已删除试题")
            return redirect("orglife:study_questions")
    return render(request, "orglife/study/question_delete.html", {"question": question, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def question_import(request: HttpRequest) -> HttpResponse:
    """Upload the template's .xlsx: every row is checked; with any error nothing is imported and the errors are
    listed (row, column, reason) with a downloadable report."""
    user: Any = request.user
    org = _require_manager(user, "没有维护题库的权限")
    form = QuestionImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = services.questions_import(actor=user, org=org, source=upload, file_name=upload.name)
        if result.ok:
            messages.success(request, f"已导入{result.created}道试题")
            return redirect("orglife:study_questions")
        if request.POST.get("report") == "1":
            return xlsx_response(build_error_report(result.errors, file_name=upload.name), "试题导入错误清单.xlsx")
    context = {"form": form, "org": org, "result": result}
    return render(request, "orglife/study/question_import.html", context)


# --- quizzes ------------------------------------------------------------------------------------------------


@login_required
@require_GET
def quiz_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, quizzes = selectors.quiz_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(quizzes, request.GET.get("page")),
        "filtered": is_filtered(request),
        "can_manage": managed_home_org(user) is not None,
        "today": clock.today(),
        "query": request.GET.urlencode(),
    }
    return render(request, "orglife/study/quizzes.html", context)


@login_required
@require_GET
def quizzes_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = _require_manager(user, "没有导出学习测试的权限")
    _, quizzes = selectors.quiz_list(user, request.GET)
    file_name = f"学习测试-{org.name}-{clock.today():%Y%m%d}.xlsx"
    return xlsx_response(services.quizzes_export(actor=user, org=org, quizzes=quizzes, file_name=file_name), file_name)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = _require_manager(user, "没有发布学习测试的权限")
    today = clock.today()
    initial = {"opens_on": today, "closes_on": today, "pass_mark": 60, "study_hours": "1.0", "count": 10}
    form = QuizForm(request.POST or None, initial=initial, topics=selectors.topics(org))
    if request.method == "POST" and form.is_valid():
        try:
            quiz = services.quiz_create(actor=user, org=org, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已生成测试“{quiz.title}”,共{quiz.quiz_questions.count()}题;发布后党员可以作答")
            return redirect("orglife:study_quiz", pk=quiz.pk)
    return render(request, "orglife/study/quiz_form.html", {"form": form, "org": org, "title": "新建学习测试"})


@login_required
@require_http_methods(["GET", "POST"])
def quiz_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    quiz = selectors.quiz_detail(user, pk)
    if not can_manage_branch(user, quiz.org):
        raise PermissionDenied("没有修改该学习测试的权限")
    initial = {name: getattr(quiz, name) for name in QuizWindowForm.model_fields}
    form = QuizWindowForm(request.POST or None, initial=initial)
    if save_changes(request, form, lambda changes: services.quiz_update(actor=user, quiz=quiz, **changes)):
        return redirect("orglife:study_quiz", pk=quiz.pk)
    context = {"form": form, "org": quiz.org, "title": "修改学习测试", "quiz": quiz}
    return render(request, "orglife/study/quiz_form.html", context)


@login_required
@require_GET
def quiz_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A quiz: its questions (for managers) and results — who took part of those expected, who passed."""
    user: Any = request.user
    quiz = selectors.quiz_detail(user, pk)
    member_only = scope_of(user).member_only
    context: dict[str, Any] = {
        "quiz": quiz,
        "today": clock.today(),
        "window": rules.quiz_window_problem(clock.today(), quiz.opens_on, quiz.closes_on),
        "can_manage": can_manage_branch(user, quiz.org),
        "member_only": member_only,
    }
    if not member_only:
        filterset, attempts, figures = selectors.quiz_results(user, quiz, request.GET)
        context |= {
            "questions": selectors.quiz_questions(quiz),
            "filter_form": style_filter_form(filterset.form),
            "page": core_selectors.paginate(attempts, request.GET.get("page")),
            "figures": figures,
            "filtered": is_filtered(request),
            "query": request.GET.urlencode(),
        }
    person_id = getattr(user, "person_id", None)
    if person_id:
        context["my_attempts"] = list(quiz.attempts.filter(person_id=person_id).order_by("-submitted_at"))
    context["can_take"] = bool(person_id) and quiz.published and context["window"] is None
    return render(request, "orglife/study/quiz.html", context)


@login_required
@require_GET
def quiz_export(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    quiz = selectors.quiz_detail(user, pk)
    org = home_org(user)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出测试成绩的权限")
    _, attempts, figures = selectors.quiz_results(user, quiz, request.GET)
    text = f"参加 {figures.participation_text},通过 {figures.pass_text}"
    file_name = f"测试成绩-{quiz.title}-{clock.today():%Y%m%d}.xlsx"
    content = services.quiz_results_export(actor=user, quiz=quiz, attempts=attempts, figures=text, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def quiz_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    quiz = selectors.quiz_detail(user, pk)
    if not can_manage_branch(user, quiz.org):
        raise PermissionDenied("没有发布该学习测试的权限")
    error = ""
    if request.method == "POST":
        try:
            services.quiz_publish(actor=user, quiz=quiz)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, f"已发布测试“{quiz.title}”")
            return redirect("orglife:study_quiz", pk=quiz.pk)
    return render(request, "orglife/study/quiz_publish.html", {"quiz": quiz, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def quiz_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    quiz = selectors.quiz_detail(user, pk)
    if not can_manage_branch(user, quiz.org):
        raise PermissionDenied("没有删除该学习测试的权限")
    error = ""
    if request.method == "POST":
        try:
            services.quiz_delete(actor=user, quiz=quiz)
        except ValidationError as exc:
            error = _error_text(exc)
        else:
            messages.success(request, f"已删除测试“{quiz.title}”")
            return redirect("orglife:study_quizzes")
    return render(request, "orglife/study/quiz_delete.html", {"quiz": quiz, "error": error})


@login_required
@require_http_methods(["GET", "POST"])
def quiz_take(request: HttpRequest, pk: int) -> HttpResponse:
    """The member answers on one page (phone-sized); the result with explanations follows."""
    user: Any = request.user
    quiz = selectors.quiz_detail(user, pk)
    person = Person.objects.filter(pk=getattr(user, "person_id", None)).select_related("org").first()
    if person is None:
        raise PermissionDenied("只有党员本人可以作答")
    questions = selectors.quiz_questions(quiz)
    form = TakeQuizForm(request.POST or None, questions=questions)
    closed = None if quiz.published else "该测试尚未发布"
    closed = closed or rules.quiz_window_problem(clock.today(), quiz.opens_on, quiz.closes_on)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.quiz_submit(actor=user, quiz=quiz, person=person, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            return redirect("orglife:study_attempt", pk=attempt.pk)
    return render(request, "orglife/study/take.html", {"quiz": quiz, "form": form, "closed": closed})


@login_required
@require_GET
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    attempt = selectors.attempt_detail(user, pk)
    context = {
        "attempt": attempt,
        "reviews": selectors.attempt_review(attempt),
        "window": rules.quiz_window_problem(clock.today(), attempt.quiz.opens_on, attempt.quiz.closes_on),
        "own": attempt.person_id == getattr(user, "person_id", None),
    }
    return render(request, "orglife/study/attempt.html", context)


urlpatterns: list[URLPattern] = [
    path("study/", study_home, name="study_home"),
    path("study/hours/export.xlsx", hours_export, name="study_hours_export"),
    path("study/logs/", study_logs, name="study_logs"),
    path("study/logs/export.xlsx", study_logs_export, name="study_logs_export"),
    path("study/logs/new/", study_log_create, name="study_log_create"),
    path("study/logs/<int:pk>/delete/", study_log_delete, name="study_log_delete"),
    path("study/questions/", question_list, name="study_questions"),
    path("study/questions/export.xlsx", question_export, name="study_questions_export"),
    path("study/questions/template.xlsx", question_template, name="study_questions_template"),
    path("study/questions/new/", question_create, name="study_question_create"),
    path("study/questions/import/", question_import, name="study_questions_import"),
    path("study/questions/<int:pk>/edit/", question_edit, name="study_question_edit"),
    path("study/questions/<int:pk>/delete/", question_delete, name="study_question_delete"),
    path("study/quizzes/", quiz_list, name="study_quizzes"),
    path("study/quizzes/export.xlsx", quizzes_export, name="study_quizzes_export"),
    path("study/quizzes/new/", quiz_create, name="study_quiz_create"),
    path("study/quizzes/<int:pk>/", quiz_detail, name="study_quiz"),
    path("study/quizzes/<int:pk>/edit/", quiz_edit, name="study_quiz_edit"),
    path("study/quizzes/<int:pk>/export.xlsx", quiz_export, name="study_quiz_export"),
    path("study/quizzes/<int:pk>/publish/", quiz_publish, name="study_quiz_publish"),
    path("study/quizzes/<int:pk>/delete/", quiz_delete, name="study_quiz_delete"),
    path("study/quizzes/<int:pk>/take/", quiz_take, name="study_quiz_take"),
    path("study/attempts/<int:pk>/", attempt_detail, name="study_attempt"),
]
