"""People pages: the roster list (search, filters, pages), detail with the audited ID reveal, forms, posts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from dangjian.core import selectors, services
from dangjian.core.forms import PersonCreateForm, PersonEditForm, PostCreateForm, PostEndForm, style_filter_form
from dangjian.core.models import Org, Person
from dangjian.core.permissions import (
    can_import,
    can_manage_accounts,
    can_manage_people,
    can_reveal_id_number,
    can_view_audit,
)
from dangjian.core.services import PERSON_EDITABLE

ORG_NOT_FOUND = "组织代码“{code}”不存在或不在您的管理范围内"


def _org_or_error(user: Any, form: Any, field: str = "org_code") -> Org | None:
    """The org named by the form's code field, within scope; otherwise an error on that field."""
    code = form.cleaned_data.get(field, "")
    org = selectors.org_by_code(user, code)
    if org is None:
        form.add_error(field, ORG_NOT_FOUND.format(code=code))
    return org


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, people = selectors.people_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": selectors.paginate(people, request.GET.get("page")),
        "can_create": can_manage_people(user, user.org),
        "can_export": can_import(user),
        "export_org": request.GET.get("org", "").strip(),
        "filtered": any(request.GET.get(key, "").strip() for key in request.GET if key != "page"),
    }
    return render(request, "core/person_list.html", context)


def _detail_context(user: Any, person: Person) -> dict[str, Any]:
    may_manage = can_manage_people(user, person.org)
    has_account = hasattr(person, "account")
    return {
        "person": person,
        "posts": list(selectors.posts_for(user, person=person)),
        "today": timezone.localdate(),
        "can_manage": may_manage,
        "can_reveal": can_reveal_id_number(user, person),
        "can_view_audit": can_view_audit(user),
        "can_create_account": not has_account and can_manage_accounts(user, person.org),
    }


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_detail(request.user, pk)
    return render(request, "core/person_detail.html", _detail_context(request.user, person))


@never_cache
@login_required
@require_POST
def person_reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the full ID number to a user allowed to see it; the service records the reveal."""
    person = selectors.person_detail(request.user, pk)
    number = services.person_reveal_id_number(actor=request.user, person=person)
    if request.headers.get("HX-Request"):
        return render(request, "core/person_id_number.html", {"person": person, "revealed": number})
    context = _detail_context(request.user, person) | {"revealed": number}
    return render(request, "core/person_detail.html", context)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    # A system account has no org of its own: the permission helpers then judge by its whole-tree scope.
    if not can_manage_people(user, user.org):
        raise PermissionDenied("没有登记党员的权限")
    start_org = selectors.org_in_scope(user, request.GET.get("org")) if request.GET.get("org", "").isdigit() else None
    start_org = start_org or user.org
    form = PersonCreateForm(request.POST or None, initial={"org_code": start_org.code if start_org else ""})
    if request.method == "POST" and form.is_valid():
        org = _org_or_error(user, form)
        if org is not None:
            try:
                person = services.person_create(actor=user, org=org, **form.person_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已登记党员“{person.name}”")
                return redirect("core:person_detail", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form, "title": "登记党员"})


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = selectors.person_detail(user, pk)
    if not can_manage_people(user, person.org):
        raise PermissionDenied("没有修改该党员信息的权限")
    initial = {name: getattr(person, name) for name in PERSON_EDITABLE} | {"org_code": person.org.code}
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        org = _org_or_error(user, form) if "org_code" in form.changed_data else person.org
        if org is not None:
            if org.pk != person.org_id:
                changes["org"] = org
            try:
                if changes:
                    services.person_update(actor=user, person=person, **changes)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
                return redirect("core:person_detail", pk=person.pk)
    return render(request, "core/person_form.html", {"form": form, "person": person, "title": f"修改:{person.name}"})


@login_required
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = selectors.person_detail(user, pk)
    if not can_manage_people(user, person.org):
        raise PermissionDenied("没有为该党员任命职务的权限")
    form = PostCreateForm(request.POST or None, initial={"org_code": person.org.code})
    if request.method == "POST" and form.is_valid():
        org = _org_or_error(user, form)
        if org is not None:
            values = {k: v for k, v in form.cleaned_data.items() if k != "org_code"}
            try:
                services.post_create(actor=user, person=person, org=org, **values)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已添加职务")
                return redirect("core:person_detail", pk=person.pk)
    return render(request, "core/person_post_form.html", {"form": form, "person": person})


@login_required
def post_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a post's term: a confirmation page with the end date, then the service."""
    user = request.user
    post = selectors.post_detail(user, pk)
    if not can_manage_people(user, post.org):
        raise PermissionDenied("没有修改该职务的权限")
    form = PostEndForm(request.POST or None, initial={"term_end": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.post_end(actor=user, post=post, term_end=form.cleaned_data["term_end"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已结束“{post}”的任职")
            return redirect("core:person_detail", pk=post.person_id)
    return render(request, "core/person_post_end.html", {"form": form, "post": post})


urlpatterns = [
    path("people/", person_list, name="person_list"),
    path("people/new/", person_create, name="person_create"),
    path("people/<int:pk>/", person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", person_edit, name="person_edit"),
    path("people/<int:pk>/id-number/", person_reveal_id, name="person_reveal_id"),
    path("people/<int:pk>/posts/new/", post_create, name="post_create"),
    path("posts/<int:pk>/end/", post_end, name="post_end"),
]
