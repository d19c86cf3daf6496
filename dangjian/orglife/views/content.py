"""Pages of 微党建: the managers' list with read counts, the article form and its workflow (publish, withdraw, delete
a draft — destructive steps ask first), the reading page with "已学习", the members' feed (phone-friendly), who has
not yet studied a required item, and the hours credited per member in a year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core.filters import parse_year
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Person
from dangjian.core.scoping import scope_of
from dangjian.core.selectors import org_by_code, paginate
from dangjian.core.views.common import (
    export_org,
    home_org,
    is_filtered,
    manages_own_org,
    run_and_report,
    service_errors,
)
from dangjian.orglife import rules
from dangjian.orglife.forms.content import ArticleForm
from dangjian.orglife.models import Article
from dangjian.orglife.permissions import can_manage_branch
from dangjian.orglife.selectors import content as selectors
from dangjian.orglife.services import content as services

FEED_PAGE_SIZE = 20


def _state(article: Article) -> str:
    return rules.article_state(article.published_at, article.withdrawn)


def _annotate(user: Any, articles: list[Article]) -> None:
    """Each listed article's state and read count ("18/20 (90.0%)") for the table."""
    counts = selectors.read_counts(user, articles)
    for article in articles:
        article.state = _state(article)
        article.state_label = services.STATE_LABELS[article.state]
        read, total = counts.get(article.pk, (0, 0))
        article.read_text = rules.rate_text(read, total) if article.pk in counts else ""


@login_required
@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """Managers: the items they publish and those published to them, with read counts. Members: their feed."""
    user: Any = request.user
    if scope_of(user).member_only:
        return article_feed(request)
    filterset, articles = selectors.article_list(user, request.GET)
    page = paginate(articles, request.GET.get("page"))
    _annotate(user, list(page.page.object_list))
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "filtered": is_filtered(request),
        "can_manage": manages_own_org(user),
    }
    return render(request, "orglife/content/list.html", context)


@login_required
@require_GET
def article_feed(request: HttpRequest) -> HttpResponse:
    """What has been published to the user's org and the orgs above it (a single column for phones)."""
    user: Any = request.user
    filterset, articles = selectors.feed(user, request.GET)
    page = paginate(articles, request.GET.get("page"), per_page=FEED_PAGE_SIZE)
    rows = list(page.page.object_list)
    done = selectors.read_ids(getattr(user, "person_id", None), rows)
    for article in rows:
        article.is_read = article.pk in done
    form = style_filter_form(filterset.form)
    context = {"filter_form": form, "page": page, "filtered": is_filtered(request)}
    return render(request, "orglife/content/feed.html", context)


@login_required
@require_GET
def article_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = export_org(request) or getattr(user, "org", None)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出微党建内容的权限")
    _, articles = selectors.article_list(user, request.GET)
    rows = list(articles)
    counts = selectors.read_counts(user, rows)
    file_name = f"微党建内容-{org.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.article_list_export(actor=user, org=org, articles=rows, counts=counts, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not manages_own_org(user):
        raise PermissionDenied("没有发布微党建内容的权限")
    own = home_org(user)
    form = ArticleForm(request.POST or None, initial={"org_code": own.code if own else "", "study_hours": "0.0"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("org_code")
        org = org_by_code(user, code)
        if org is None:
            form.add_error("org_code", f"组织代码“{code}”不存在或不在您的管理范围内")
        else:
            try:
                article = services.article_create(actor=user, org=org, **data)
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, "已保存草稿,确认无误后请发布")
                return redirect("orglife:article_detail", pk=article.pk)
    return render(request, "orglife/content/form.html", {"form": form, "title": "新建微党建内容"})


def _managed(user: Any, pk: int, message: str) -> Article:
    article = selectors.article_detail(user, pk)
    if not can_manage_branch(user, article.org):
        raise PermissionDenied(message)
    return article


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    article = _managed(user, pk, "没有修改该内容的权限")
    if article.withdrawn:
        messages.error(request, "该内容已撤回,不能再修改")
        return redirect("orglife:article_detail", pk=article.pk)
    initial = {name: getattr(article, name) for name in services.ARTICLE_FIELDS} | {"org_code": article.org.code}
    fixed = article.published_at is not None
    form = ArticleForm(request.POST or None, initial=initial, editing=True, fixed=fixed)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in services.ARTICLE_FIELDS}
        try:
            if changes:
                services.article_update(actor=user, article=article, **changes)
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
            return redirect("orglife:article_detail", pk=article.pk)
    context = {"form": form, "title": "修改微党建内容", "article": article}
    return render(request, "orglife/content/form.html", context)


@login_required
@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The reading page; a member studying a required item marks it "已学习" here. Managers also see the workflow
    and the read count."""
    user: Any = request.user
    article = selectors.article_detail(user, pk)
    state = _state(article)
    person_id = getattr(user, "person_id", None)
    person = Person.objects.filter(pk=person_id).only("org_path", "county_id").first() if person_id else None
    reaches = person is not None and person.org_path.startswith(article.org_path)
    counts = selectors.read_counts(user, [article]) if not scope_of(user).member_only else {}
    read, total = counts.get(article.pk, (0, 0))
    context = {
        "article": article,
        "state": state,
        "state_label": services.STATE_LABELS[state],
        "receipt": selectors.receipt_of(person_id, article),
        "can_read": reaches and article.required and state == "published",
        "can_manage": can_manage_branch(user, article.org),
        "read_text": rules.rate_text(read, total) if article.pk in counts else "",
        "unread": total - read,
    }
    return render(request, "orglife/content/detail.html", context)


@login_required
@require_POST
def article_read(request: HttpRequest, pk: int) -> HttpResponse:
    """ "已学习": the signed-in member's receipt (once; the item's hours are credited on the first)."""
    user: Any = request.user
    article = selectors.article_detail(user, pk)
    if not getattr(user, "person_id", None):
        raise PermissionDenied("您的账号未关联党员信息")
    person = Person.objects.get(pk=user.person_id)
    had = selectors.receipt_of(person.pk, article) is not None
    try:
        receipt = services.article_read_create(actor=user, article=article, person=person)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        if had:
            messages.info(request, f"您已于{receipt.read_at:%Y-%m-%d}学习过该内容")
        elif receipt.hours > 0:
            messages.success(request, f"已记录学习,计入学时{receipt.hours}")
        else:
            messages.success(request, "已记录学习")
    return redirect("orglife:article_detail", pk=article.pk)


@login_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    article = _managed(user, pk, "没有发布该内容的权限")
    run_and_report(
        request,
        lambda: services.article_publish(actor=user, article=article),
        f"已发布,{article.org.name}及全部下级组织的党员可以看到",
    )
    return redirect("orglife:article_detail", pk=article.pk)


@login_required
@require_http_methods(["GET", "POST"])
def article_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing asks first; receipts and credited hours stay."""
    user: Any = request.user
    article = _managed(user, pk, "没有撤回该内容的权限")
    if request.method == "POST":
        run_and_report(
            request, lambda: services.article_withdraw(actor=user, article=article), f"已撤回《{article.title}》"
        )
        return redirect("orglife:article_detail", pk=article.pk)
    return render(request, "orglife/content/confirm.html", {"article": article, "action": "withdraw"})


@login_required
@require_http_methods(["GET", "POST"])
def article_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting a draft asks first; the audit trail keeps what it said."""
    user: Any = request.user
    article = _managed(user, pk, "没有删除该内容的权限")
    if request.method == "POST":
        try:
            services.article_delete(actor=user, article=article)
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
            return redirect("orglife:article_detail", pk=article.pk)
        messages.success(request, f"已删除草稿《{article.title}》")
        return redirect("orglife:article_list")
    return render(request, "orglife/content/confirm.html", {"article": article, "action": "delete"})


def _unread_context(request: HttpRequest, pk: int) -> tuple[Article, Any, Any, tuple[int, int]]:
    user: Any = request.user
    if scope_of(user).member_only:
        raise PermissionDenied("没有查看学习情况的权限")
    article = selectors.article_detail(user, pk)
    filterset, people = selectors.unread_people(user, article, request.GET)
    counts = selectors.read_counts(user, [article]).get(article.pk, (0, 0))
    return article, filterset, people, counts


@login_required
@require_GET
def article_unread(request: HttpRequest, pk: int) -> HttpResponse:
    """Who in the viewer's scope has not yet studied the item."""
    article, filterset, people, (read, total) = _unread_context(request, pk)
    context = {
        "article": article,
        "filter_form": style_filter_form(filterset.form),
        "page": paginate(people, request.GET.get("page")),
        "filtered": is_filtered(request),
        "read_text": rules.rate_text(read, total),
    }
    return render(request, "orglife/content/unread.html", context)


@login_required
@require_GET
def article_unread_export(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    article, _, people, counts = _unread_context(request, pk)
    org = export_org(request) or getattr(user, "org", None)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出学习情况的权限")
    file_name = f"未学习名单-{article.title[:20]}-{clock.today():%Y%m%d}.xlsx"
    content = services.unread_export(
        actor=user, org=org, article=article, people=people, counts=counts, file_name=file_name
    )
    return xlsx_response(content, file_name)


def _hours_context(request: HttpRequest) -> tuple[int, Any, Any]:
    user: Any = request.user
    if scope_of(user).member_only:
        raise PermissionDenied("没有查看学习学时的权限")
    year = parse_year(request.GET.get("year"))
    filterset, people = selectors.hours_roster(user, request.GET, year=year)
    return year, filterset, people


@login_required
@require_GET
def article_hours(request: HttpRequest) -> HttpResponse:
    """Each member's articles studied and hours credited in a year."""
    year, filterset, people = _hours_context(request)
    today = clock.today()
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": paginate(people, request.GET.get("page")),
        "filtered": is_filtered(request, "year"),
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
    }
    return render(request, "orglife/content/hours.html", context)


@login_required
@require_GET
def article_hours_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    year, _, people = _hours_context(request)
    org = export_org(request) or getattr(user, "org", None)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出学习学时的权限")
    file_name = f"微党课学习学时-{org.name}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.hours_export(actor=user, org=org, year=year, people=people, file_name=file_name)
    return xlsx_response(content, file_name)


urlpatterns: list[URLPattern] = [
    path("content/", article_list, name="article_list"),
    path("content/feed/", article_feed, name="article_feed"),
    path("content/export.xlsx", article_export, name="article_export"),
    path("content/new/", article_create, name="article_create"),
    path("content/hours/", article_hours, name="article_hours"),
    path("content/hours/export.xlsx", article_hours_export, name="article_hours_export"),
    path("content/<int:pk>/", article_detail, name="article_detail"),
    path("content/<int:pk>/edit/", article_edit, name="article_edit"),
    path("content/<int:pk>/read/", article_read, name="article_read"),
    path("content/<int:pk>/publish/", article_publish, name="article_publish"),
    path("content/<int:pk>/withdraw/", article_withdraw, name="article_withdraw"),
    path("content/<int:pk>/delete/", article_delete, name="article_delete"),
    path("content/<int:pk>/unread/", article_unread, name="article_unread"),
    path("content/<int:pk>/unread/export.xlsx", article_unread_export, name="article_unread_export"),
]
