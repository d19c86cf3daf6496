"""Pages of 党籍: members whose standing needs attention, the historical roll, the change history, one member's
standing with the change form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from dangjian.core import clock
from dangjian.core.choices import Standing
from dangjian.core.io.tables import Sheet, table_xlsx, xlsx_response
from dangjian.core.selectors import paginate
from dangjian.members import rules
from dangjian.members.forms.standing import StandingChangeForm
from dangjian.members.permissions import can_approve, can_manage_members
from dangjian.members.selectors import standing as selectors
from dangjian.members.services.standing import standing_change

EXPORT_LIMIT = 50_000


def _export(kind: str, rows: Any) -> HttpResponse:
    today = clock.today()
    if kind == "changes":
        sheet = Sheet(
            title="党籍变动记录",
            caption=f"党籍变动记录(导出日期 {today:%Y-%m-%d})",
            headers=[
                "姓名",
                "所在党组织",
                "生效日期",
                "原状态",
                "新状态",
                "依据",
                "理由",
                "支部决定日期",
                "上级批准日期",
            ],
            rows=(
                [
                    c.person.name,
                    c.person.org.name,
                    c.changed_on,
                    c.get_from_standing_display(),
                    c.get_to_standing_display(),
                    c.get_basis_display(),
                    c.reason,
                    c.branch_resolution_on,
                    c.approved_on,
                ]
                for c in rows[:EXPORT_LIMIT]
            ),
        )
    else:
        title = "历史名册" if kind == "historical" else "党籍异常党员"
        sheet = Sheet(
            title=title,
            caption=f"{title}(导出日期 {today:%Y-%m-%d})",
            headers=["姓名", "性别", "所在党组织", "党员状态", "入党日期", "党籍状态", "起始日期", "公民身份号码"],
            rows=(
                [
                    p.name,
                    p.get_gender_display(),
                    p.org.name,
                    p.get_status_display(),
                    p.joined_on,
                    p.get_standing_display(),
                    p.standing_since,
                    p.id_number_masked,
                ]
                for p in rows[:EXPORT_LIMIT]
            ),
        )
    return xlsx_response(table_xlsx([sheet]), f"{sheet.title}-{today:%Y%m%d}.xlsx")


@login_required
@require_GET
def standing_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    kind = request.GET.get("kind") if request.GET.get("kind") in selectors.LIST_KINDS else "attention"
    rows = (
        selectors.change_list(user, request.GET) if kind == "changes" else selectors.standing_people(user, request.GET)
    )
    if request.GET.get("export") == "xlsx":
        return _export(kind, rows)
    standing_choices = [
        (value, label)
        for value, label in Standing.choices
        if kind == "changes"
        or ((value in rules.LEAVING_STANDINGS) == (kind == "historical") and value != Standing.NORMAL)
    ]
    context = {
        "kind": kind,
        "kinds": selectors.LIST_KINDS,
        "page": paginate(rows, request.GET.get("page")),
        "alerts": selectors.alerts(user, today=clock.today()) if kind == "attention" else [],
        "search": request.GET.get("search", "").strip(),
        "standing": request.GET.get("standing", ""),
        "standing_choices": standing_choices,
        "filtered": bool(request.GET.get("search", "").strip() or request.GET.get("standing")),
    }
    return render(request, "members/standing/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standing_person(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    person = selectors.person_for_standing(user, pk)
    may_change = can_manage_members(user, person.org) or can_approve(user, person.org)
    form = StandingChangeForm(request.POST or None, current=person.standing)
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied("没有变更该党员党籍状态的权限")
        if form.is_valid():
            data = form.cleaned_data
            try:
                standing_change(
                    actor=user,
                    person=person,
                    to_standing=data["to_standing"],
                    changed_on=data["changed_on"],
                    basis=data["basis"],
                    reason=data["reason"],
                    branch_resolution_on=data.get("branch_resolution_on"),
                    approved_on=data.get("approved_on"),
                )
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"已记录{person.name}的党籍变动")
                return redirect("members:standing_person", pk=person.pk)
    context = {
        "person": person,
        "history": selectors.history(user, person),
        "form": form if may_change and form.fields["to_standing"].choices else None,
        "historical": person.standing in rules.LEAVING_STANDINGS,
        "needs_approval": sorted(str(Standing(s).label) for s in rules.NEEDS_APPROVAL),
    }
    return render(request, "members/standing/person.html", context)


urlpatterns: list[URLPattern] = [
    path("standing/", standing_list, name="standing_list"),
    path("standing/person/<int:pk>/", standing_person, name="standing_person"),
]
