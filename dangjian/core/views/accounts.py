"""Account pages for administrators: the accounts in scope, and a new account bound to an org in scope."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from dangjian.core import selectors, services
from dangjian.core.choices import Role
from dangjian.core.forms import AccountCreateForm
from dangjian.core.models import Org, Person
from dangjian.core.permissions import can_manage_accounts


def _require_accounts(user: Any) -> None:
    # A system account has no org of its own: the permission helper then judges by its whole-tree scope.
    if not can_manage_accounts(user, user.org):
        raise PermissionDenied("没有管理账号的权限")


@login_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_accounts(user)
    search, role = request.GET.get("search", ""), request.GET.get("role", "")
    page = selectors.paginate(selectors.accounts_list(user, search, role), request.GET.get("page"))
    context = {"page": page, "search": search, "role": role, "roles": Role.choices}
    return render(request, "core/account_list.html", context)


def _person_for(user: Any, form: AccountCreateForm) -> Person | None:
    """The person a member account is for: by ID number (exact), or the one the page was opened for."""
    number = form.cleaned_data.get("person_id_number", "")
    if number:
        person = selectors.person_by_id_number(user, number)
        if person is None:
            form.add_error("person_id_number", "在您的管理范围内没有找到该公民身份号码对应的党员")
        return person
    pk = form.cleaned_data.get("person")
    if pk:
        person = selectors.person_in_scope(user, pk)
        if person is None:
            form.add_error("person_id_number", "所选党员不存在或不在您的管理范围内")
        return person
    return None


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_accounts(user)
    initial: dict[str, Any] = {"org_code": user.org.code if user.org else ""}
    preset = None
    if request.GET.get("person", "").isdigit():
        preset = selectors.person_in_scope(user, request.GET["person"])
        if preset is not None:
            initial.update(person=preset.pk, role=Role.MEMBER, org_code=preset.org.code, display_name=preset.name)
    form = AccountCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        is_member = data["role"] == Role.MEMBER
        person = _person_for(user, form) if is_member else None
        org: Org | None = person.org if person is not None else None
        if not is_member:
            org = selectors.org_by_code(user, data["org_code"])
            if org is None:
                form.add_error("org_code", f"组织代码“{data['org_code']}”不存在或不在您的管理范围内")
        if is_member and person is None and not form.has_error("person_id_number"):
            form.add_error("person_id_number", "党员账号须对应一名党员:请填写其公民身份号码")
        if org is not None and not form.errors:
            try:
                account = services.account_create(
                    actor=user,
                    username=data["username"].strip(),
                    org=org,
                    role=data["role"],
                    password=data["password"],
                    person=person,
                    display_name=data["display_name"].strip(),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"已建立账号“{account.username}”")
                return redirect("core:account_list")
    return render(request, "core/account_form.html", {"form": form, "preset": preset})


urlpatterns = [
    path("accounts/", account_list, name="account_list"),
    path("accounts/new/", account_create, name="account_create"),
]
