"""What the list pages share: whether a list is filtered, the org a page or an export is about, and service
errors on a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from dangjian.core.models import Org, Person
from dangjian.core.permissions import can_manage_people
from dangjian.core.scoping import scope_of, scoped, subtree
from dangjian.core.selectors import org_by_code


def is_filtered(request: HttpRequest, *ignored: str) -> bool:
    """Whether any query parameter but the page (and `ignored`) narrows the list."""
    return any(request.GET.get(key, "").strip() for key in request.GET if key not in ("page", *ignored))


def home_org(user: Any) -> Org | None:
    """The org a page starts from: the account's own, or the tree's first root for a system account."""
    if user.org is not None:
        return user.org
    return scoped(Org, user).filter(depth=1).order_by("path").first() if scope_of(user).everything else None


def managed_home_org(user: Any) -> Org | None:
    """The account's home org when the account manages it (where its classes, quizzes, forms are written)."""
    org = home_org(user)
    return org if org is not None and can_manage_people(user, org) else None


def requested_org(request: HttpRequest) -> Org | None:
    """The org named by `?org=` (within scope), else the account's own."""
    code = request.GET.get("org", "").strip()
    return org_by_code(request.user, code) if code else getattr(request.user, "org", None)


def export_org(request: HttpRequest) -> Org | None:
    """The org a filtered list covers (for the export's audit entry): the org code, else the township."""
    code = request.GET.get("org", "").strip()
    if code:
        return scoped(Org, request.user).filter(code=code).first()
    township = request.GET.get("township", "").strip()
    return scoped(Org, request.user).filter(pk=township).first() if township.isdigit() else None


ORG_NOT_FOUND = "组织代码“{code}”不存在或不在您的管理范围内"


def org_from_code(user: Any, code: str) -> Org | None:
    """The org a form names by its code, within the account's scope (None for a blank or unknown code)."""
    return org_by_code(user, code.strip()) if code.strip() else None


def require_manager(user: Any, message: str) -> Org:
    """The account's own org when the account manages it; otherwise the page is refused with `message`."""
    if not manages_own_org(user):
        raise PermissionDenied(message)
    return user.org


def manages_own_org(user: Any) -> bool:
    """Whether the account manages the members of its own org (the lists offer the forms then)."""
    own_org = getattr(user, "org", None)
    return own_org is not None and can_manage_people(user, own_org)


def service_errors(form: Any, exc: ValidationError) -> None:
    """A service's ValidationError on the form: on the fields it names, the rest on the form as a whole."""
    if hasattr(form, "add_service_errors"):
        form.add_service_errors(exc)
        return
    for key, errors in exc.message_dict.items():
        form.add_error(key if key in form.fields else None, errors)


def run_and_report(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """A one-tap action (sign up, join, sign for, approve…): run the service call; its ValidationError becomes an
    error message, success a success message. Returns whether it succeeded."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        return False
    messages.success(request, success)
    return True


def home_county(user: Any) -> Org | None:
    """The county of the user's home org (the org itself at county level or above), for the county's settings and
    standards; None without a home org."""
    own = home_org(user)
    if own is None:
        return None
    return own.county if own.county_id and own.county_id != own.pk else own


def save_changes(request: HttpRequest, form: Any, update: Callable[[dict[str, Any]], Any]) -> bool:
    """An edit form's POST: only the changed fields (`form.changes()`) go to the service's update, whose
    ValidationError lands on the form. Returns whether it saved, with the success message set ("没有需要保存的修改"
    when nothing changed)."""
    if request.method != "POST" or not form.is_valid():
        return False
    changes = form.changes()
    try:
        if changes:
            update(changes)
    except ValidationError as exc:
        service_errors(form, exc)
        return False
    messages.success(request, "已保存修改" if changes else "没有需要保存的修改")
    return True


PICK_LIMIT = 20


def person_choice(request: HttpRequest, under: Org | None = None) -> tuple[Person | None, list[Person]]:
    """The member named by `?person=` (within scope, on the roll, under `under` when given), or the members matching
    `?q=` to pick from (at most PICK_LIMIT)."""
    people = scoped(Person, request.user).on_roll().select_related("org")
    if under is not None:
        people = people.filter(**subtree("org_path", under.path))
    raw = request.GET.get("person", "").strip()
    if raw.isdigit():
        person = people.filter(pk=int(raw)).first()
        if person is not None:
            return person, []
    search = request.GET.get("q", "").strip()
    found = list(people.filter(name__contains=search).order_by("org_path", "id")[:PICK_LIMIT]) if search else []
    return None, found
