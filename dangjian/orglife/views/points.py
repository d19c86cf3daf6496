"""Pages of 积分管理: the ranking (branch and township), a member's own points (phone-sized), claims and their
review, branch entries, the entries list, the schemes and their versions, month closing, 红旗支部 and the star
settings."""

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
from dangjian.core.choices import MemberCategory, Role
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import Sheet, audited_xlsx, too_many_rows, xlsx_response
from dangjian.core.models import Person
from dangjian.core.scoping import get_scoped_or_404
from dangjian.core.views.common import export_org, is_filtered, manages_own_org, person_choice, run_and_report
from dangjian.orglife import rules
from dangjian.orglife.choices import AUTO_SOURCES, PointSource
from dangjian.orglife.forms.points import (
    CloseForm,
    EntryForm,
    ItemForm,
    ItemFormSet,
    ReviewForm,
    ReviseForm,
    SchemeForm,
    SeedForm,
    SettingForm,
    item_rows,
)
from dangjian.orglife.models import PointItem
from dangjian.orglife.permissions import can_act_for, can_manage_branch, can_set_county_rules
from dangjian.orglife.selectors import points as selectors
from dangjian.orglife.services import points as services


def _is_member(user: Any) -> bool:
    return getattr(user, "role", None) == Role.MEMBER


def _county_admin(user: Any) -> Any:
    """The county the user sets rules for, or None."""
    county = selectors.user_county(user)
    return county if county is not None and can_set_county_rules(user, county) else None


def _require_manager(user: Any) -> None:
    if getattr(user, "org", None) is None or not can_manage_branch(user, user.org):
        raise PermissionDenied("没有管理党员积分的权限")


def _links(user: Any) -> dict[str, Any]:
    """What the points pages' header offers the user."""
    manager = manages_own_org(user)
    return {
        "can_manage": manager,
        "member": _is_member(user),
        "county_admin": _county_admin(user) is not None,
        "pending_count": selectors.pending_claims(user, {})[1].count() if manager else 0,
    }


# --- ranking and a member's own points ------------------------------------------------------------------------


@login_required
@require_GET
def points_home(request: HttpRequest) -> HttpResponse:
    """The ranking of the members in scope; a member account goes to its own points."""
    user: Any = request.user
    if _is_member(user):
        return redirect("orglife:my_points")
    filterset, period, org, rows = selectors.ranking(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(rows, request.GET.get("page")),
        "filtered": is_filtered(request),
        "period": period,
        "org": org,
        "thresholds": selectors.setting_of(selectors.user_county(user)).star_thresholds,
        **_links(user),
    }
    return render(request, "orglife/points/home.html", context)


# The ranking export carries the members' entries as a second sheet up to this many members (a branch, a township).
RANKING_WITH_ENTRIES = 3000


@login_required
@require_GET
def points_export(request: HttpRequest) -> HttpResponse:
    """The ranking as filtered, and the period's entries, as .xlsx (audited)."""
    user: Any = request.user
    _, period, org, rows = selectors.ranking(user, request.GET)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出该党组织积分的权限")
    params = {"org": org.code} | ({"month": f"{period.year}-{period.month:02d}"} if period.month else {})
    _, entries = selectors.entry_list(user, params | ({} if period.month else {"year": str(period.year)}))
    if len(rows) > RANKING_WITH_ENTRIES:
        # A township's or the county's ranking goes out alone; the entries are exported per branch or filtered.
        entries = None
    else:
        entries = entries.filter(person_id__in=[row.person_id for row in rows])
    file_name = f"党员积分-{org.name}-{period.label}-{clock.today():%Y%m%d}.xlsx"
    content = services.points_export(
        actor=user,
        org=org,
        caption=f"{org.name} {period.label}积分排名(排名为支部、乡镇内全体党员的竞争排名)",
        ranking=rows,
        entries=entries,
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_GET
def my_points(request: HttpRequest) -> HttpResponse:
    """A member's own points on a phone: this month and this year, the stars, the entries, and a claim button."""
    user: Any = request.user
    person = Person.objects.select_related("org").filter(pk=getattr(user, "person_id", None)).first()
    context: dict[str, Any] = {"person": person, "today": clock.today()}
    if person is not None:
        year = clock.today().year
        context["summary"] = selectors.member_points(person)
        entries = selectors.person_entries(user, person, year=year)
        context["page"] = core_selectors.paginate(entries, request.GET.get("page"))
        context["year"] = year
    return render(request, "orglife/points/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_claim(request: HttpRequest) -> HttpResponse:
    """A member reports work for points (双量双评); the branch reviews it."""
    user: Any = request.user
    person = Person.objects.select_related("org").filter(pk=getattr(user, "person_id", None)).first()
    if person is None:
        raise PermissionDenied("该账号没有关联党员,不能申报积分")
    today = clock.today()
    items = selectors.claim_items(person, today)
    form = EntryForm(request.POST or None, items=items, initial={"occurred_on": today, "quantity": "1"})
    if request.method == "POST" and form.is_valid():
        data = form.entry_data()
        data["item"] = selectors.item_for_day(data["item"], person, data["occurred_on"])
        try:
            services.point_claim(actor=user, person=person, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已提交积分申报,等待支部审核")
            return redirect("orglife:my_points")
    return render(request, "orglife/points/claim.html", {"form": form, "person": person, "items": items})


# --- entries --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def point_entries(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    filterset, entries = selectors.entry_list(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(entries, request.GET.get("page")),
        "filtered": is_filtered(request),
        "auto_sources": AUTO_SOURCES,
        **_links(user),
    }
    return render(request, "orglife/points/entries.html", context)


ENTRY_HEADERS = ["发生日期", "所在党组织", "姓名", "积分项目", "计分方式", "数量", "积分", "状态", "说明", "审核意见"]


@login_required
@require_GET
def point_entries_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if _is_member(user):
        raise PermissionDenied("没有导出积分记录的权限")
    _, entries = selectors.entry_list(user, request.GET)
    problem = too_many_rows(entries.count())
    if problem:
        messages.error(request, problem)
        return redirect(f"{reverse('orglife:point_entries')}?{request.GET.urlencode()}")
    rows = [
        [
            entry.occurred_on,
            entry.person.org.name,
            entry.person.name,
            entry.item.name,
            entry.get_source_display(),
            entry.quantity,
            entry.points,
            entry.get_status_display(),
            entry.note,
            entry.review_note,
        ]
        for entry in entries.iterator(chunk_size=2000)
    ]
    org = export_org(request) or getattr(user, "org", None)
    file_name = f"积分明细-{org.name if org else '全部'}-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("积分明细", ENTRY_HEADERS, rows, caption=f"{org.name if org else ''} 积分明细"),
        actor=user,
        org=org,
        kind="point_entries",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def point_claim_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdrawing a pending claim asks first."""
    user: Any = request.user
    entry = selectors.entry_detail(user, pk)
    if not can_act_for(user, entry.person):
        raise PermissionDenied("只能撤回本人或所管理党员的积分申报")
    back = "orglife:my_points" if entry.person_id == getattr(user, "person_id", None) else "orglife:point_review"
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.point_claim_withdraw(actor=user, entry=entry),
            f"已撤回{entry.person.name}的积分申报",
        )
        return redirect(back)
    context = {"entry": entry, "back": back, "title": "撤回积分申报", "action": "确认撤回", "verb": "撤回"}
    return render(request, "orglife/points/entry_confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting an entry made by mistake asks first; the audit trail keeps what it said."""
    user: Any = request.user
    entry = selectors.entry_detail(user, pk)
    if not can_manage_branch(user, entry.person.org):
        raise PermissionDenied("没有删除该积分记录的权限")
    if request.method == "POST":
        run_and_report(
            request,
            lambda: services.point_entry_delete(actor=user, entry=entry),
            f"已删除{entry.person.name}的积分记录",
        )
        return redirect("orglife:point_entries")
    context = {
        "entry": entry,
        "back": "orglife:point_entries",
        "title": "删除积分记录",
        "action": "确认删除",
        "verb": "删除",
    }
    return render(request, "orglife/points/entry_confirm.html", context)


@login_required
@require_GET
def point_review_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    _require_manager(user)
    filterset, entries = selectors.pending_claims(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(entries, request.GET.get("page")),
        "filtered": is_filtered(request),
        **_links(user),
    }
    return render(request, "orglife/points/review_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One claim with its details; the decision is confirmed on this page (GET shows, POST decides)."""
    user: Any = request.user
    entry = selectors.entry_detail(user, pk)
    if not can_manage_branch(user, entry.person.org):
        raise PermissionDenied("没有审核该党员积分申报的权限")
    form = ReviewForm(request.POST or None, initial={"decision": request.GET.get("decision", "")})
    if request.method == "POST" and form.is_valid():
        approve, note = form.cleaned_data["decision"] == "approve", form.cleaned_data["note"]
        try:
            entry = services.point_claim_review(actor=user, entry=entry, approve=approve, note=note)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            outcome = f"通过,计入{entry.points}分" if approve else "不通过"
            messages.success(request, f"已审核{entry.person.name}的申报:{outcome}")
            return redirect("orglife:point_review")
    return render(request, "orglife/points/review.html", {"entry": entry, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def point_entry_branch(request: HttpRequest) -> HttpResponse:
    """A reward or a deduction the branch enters for a member."""
    user: Any = request.user
    _require_manager(user)
    person, found = person_choice(request)
    if person is None:
        context = {"title": "支部登记积分", "found": found, "q": request.GET.get("q", "").strip()}
        return render(request, "core/person_pick.html", context)
    today = clock.today()
    items = selectors.claim_items(person, today, PointSource.BRANCH)
    form = EntryForm(
        request.POST or None, items=items, note_label="登记事由", initial={"occurred_on": today, "quantity": "1"}
    )
    if request.method == "POST" and form.is_valid():
        data = form.entry_data()
        data["item"] = selectors.item_for_day(data["item"], person, data["occurred_on"])
        try:
            entry = services.point_entry_branch(actor=user, person=person, **data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已为{person.name}登记“{entry.item.name}”{entry.points}分")
            return redirect("orglife:point_entries")
    return render(request, "orglife/points/branch_entry.html", {"form": form, "person": person, "items": items})


# --- schemes --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def point_schemes(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    groups = selectors.schemes_by_category(user)
    context = {
        "groups": groups,
        "has_any": any(group.versions for group in groups),
        "missing": [group for group in groups if not group.versions],
        "month": rules.month_start(clock.today()),
        "last_closed": services.last_closed(getattr(selectors.user_county(user), "pk", None)),
        **_links(user),
    }
    return render(request, "orglife/points/schemes.html", context)


def _require_county_admin(user: Any) -> Any:
    county = _county_admin(user)
    if county is None:
        raise PermissionDenied("只有县(区)委组织部管理员可以修改积分方案和评星设置")
    return county


def _split_errors(form: Any, exc: ValidationError) -> list[str]:
    """A service's errors: those about the items for the items table, the others on the form's fields."""
    if not hasattr(exc, "error_dict"):
        form.add_service_errors(exc)
        return []
    rest = {key: value for key, value in exc.message_dict.items() if key != "items"}
    if rest:
        form.add_service_errors(ValidationError(rest))
    return exc.message_dict.get("items", [])


@login_required
@require_http_methods(["GET", "POST"])
def point_scheme_create(request: HttpRequest) -> HttpResponse:
    """The first version of a category's scheme, with its items (the default items to start from)."""
    user: Any = request.user
    county = _require_county_admin(user)
    taken = set(selectors.schemes(user).values_list("category", flat=True))
    categories = [(value, label) for value, label in MemberCategory.choices if value not in taken]
    chosen = request.GET.get("category") or (categories[0][0] if categories else MemberCategory.ORDINARY)
    initial = {"category": chosen, "name": services.default_name(chosen), "effective_from": _first_free_month(county)}
    form = SchemeForm(request.POST or None, categories=categories, initial=initial)
    formset = ItemFormSet(request.POST or None, prefix="items", initial=services.default_items(chosen))
    item_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            scheme = services.scheme_create(actor=user, county=county, items=item_rows(formset), **form.cleaned_data)
        except ValidationError as exc:
            item_errors = _split_errors(form, exc)
        else:
            messages.success(request, f"已制定“{scheme.name}”,自{scheme.effective_from:%Y年%m月}起生效")
            return redirect("orglife:point_schemes")
    context = {"form": form, "formset": formset, "item_errors": item_errors, "title": "制定积分方案"}
    return render(request, "orglife/points/scheme_form.html", context)


def _first_free_month(county: Any) -> Any:
    """A sensible first month for a new version: after the last closed month, not before this month."""
    month = rules.month_start(clock.today())
    closed = services.last_closed(county.pk)
    return max(month, rules.next_month(closed)) if closed else month


@login_required
@require_http_methods(["GET", "POST"])
def point_scheme_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version from a later month: the items are copied from this version to be edited."""
    user: Any = request.user
    county = _require_county_admin(user)
    scheme = selectors.scheme_detail(user, pk)
    start = max(rules.next_month(scheme.effective_from), _first_free_month(county))
    form = ReviseForm(request.POST or None, initial={"effective_from": start, "name": scheme.name})
    initial = [{field: getattr(item, field) for field in services.ITEM_FIELDS} for item in scheme.items.all()]
    formset = ItemFormSet(request.POST or None, prefix="items", initial=initial)
    item_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            revised = services.scheme_revise(
                actor=user,
                scheme=scheme,
                effective_from=form.cleaned_data["effective_from"],
                name=form.cleaned_data["name"],
                items=item_rows(formset),
            )
        except ValidationError as exc:
            item_errors = _split_errors(form, exc)
        else:
            messages.success(request, f"已修订“{revised.name}”,新版本自{revised.effective_from:%Y年%m月}起生效")
            return redirect("orglife:point_schemes")
    context = {
        "form": form,
        "formset": formset,
        "item_errors": item_errors,
        "scheme": scheme,
        "title": f"修订积分方案:{scheme.name}",
    }
    return render(request, "orglife/points/scheme_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_schemes_seed(request: HttpRequest) -> HttpResponse:
    """Default schemes for the categories that have none, after a confirmation."""
    user: Any = request.user
    county = _require_county_admin(user)
    form = SeedForm(request.POST or None, initial={"effective_from": _first_free_month(county)})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.schemes_seed_defaults(
                actor=user, county=county, month=form.cleaned_data["effective_from"]
            )
        except ValidationError as exc:
            form.add_service_errors(ValidationError({"effective_from": exc.messages}))
        else:
            messages.success(request, f"已生成{len(created)}个默认积分方案" if created else "各党员类别均已有积分方案")
            return redirect("orglife:point_schemes")
    missing = [group for group in selectors.schemes_by_category(user) if not group.versions]
    return render(request, "orglife/points/seed.html", {"form": form, "missing": missing})


@login_required
@require_http_methods(["GET", "POST"])
def point_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_county_admin(user)
    scheme = selectors.scheme_detail(user, pk)
    form = ItemForm(request.POST or None, initial={"cap_cycle": "month"})
    if request.method == "POST" and form.is_valid():
        try:
            services.point_item_create(actor=user, scheme=scheme, **form.item_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已添加积分项目")
            return redirect("orglife:point_schemes")
    return render(request, "orglife/points/item_form.html", {"form": form, "scheme": scheme, "title": "添加积分项目"})


def _item(user: Any, pk: int) -> PointItem:
    item = get_scoped_or_404(PointItem.objects.select_related("scheme"), user, pk=pk)
    return item


@login_required
@require_http_methods(["GET", "POST"])
def point_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_county_admin(user)
    item = _item(user, pk)
    form = ItemForm(request.POST or None, initial={field: getattr(item, field) for field in services.ITEM_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            services.point_item_update(actor=user, item=item, **form.item_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存积分项目")
            return redirect("orglife:point_schemes")
    context = {"form": form, "scheme": item.scheme, "title": f"修改积分项目:{item.name}"}
    return render(request, "orglife/points/item_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    _require_county_admin(user)
    item = _item(user, pk)
    if request.method == "POST":
        run_and_report(
            request, lambda: services.point_item_delete(actor=user, item=item), f"已删除积分项目“{item.name}”"
        )
        return redirect("orglife:point_schemes")
    return render(request, "orglife/points/item_delete.html", {"item": item})


# --- months, 红旗支部, settings ---------------------------------------------------------------------------------


@login_required
@require_GET
def point_months(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    county = selectors.user_county(user)
    if county is None or _is_member(user):
        raise PermissionDenied("没有查看积分结账的权限")
    state = selectors.closing_state(county)
    context = {"state": state, "county": county, **_links(user)}
    return render(request, "orglife/points/months.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def point_month_close(request: HttpRequest) -> HttpResponse:
    """Closing the next month asks first: closed is closed."""
    user: Any = request.user
    county = _require_county_admin(user)
    state = selectors.closing_state(county)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closed = services.point_month_close(actor=user, county=county, month=form.cleaned_data["month"])
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, f"{closed.month:%Y年%m月}积分已结账")
        return redirect("orglife:point_months")
    return render(request, "orglife/points/month_close.html", {"state": state, "county": county})


@login_required
@require_GET
def point_red_flags(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if _is_member(user):
        raise PermissionDenied("没有查看红旗支部评定的权限")
    filterset, year, setting, flags = selectors.red_flags(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": core_selectors.paginate(flags, request.GET.get("page")),
        "filtered": is_filtered(request),
        "year": year,
        "setting": setting,
        "earned": sum(1 for flag in flags if flag.earned),
        "total": len(flags),
        **_links(user),
    }
    return render(request, "orglife/points/red_flags.html", context)


FLAG_HEADERS = [
    "党支部",
    "党员数",
    "年度积分合计/党员数(平均)",
    "三星及以上/党员数(占比)",
    "组织生活达标(达标/应开展)",
    "参会(实到/应到)",
    "评定结果",
    "未达标项",
]


@login_required
@require_GET
def point_red_flags_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if _is_member(user):
        raise PermissionDenied("没有导出红旗支部评定的权限")
    _, year, _, flags = selectors.red_flags(user, request.GET)
    rows = [
        [
            flag.org.name,
            flag.members,
            flag.average_text,
            flag.star_text,
            flag.compliance_text,
            flag.attendance_text,
            "红旗支部" if flag.earned else "未达到",
            ";".join(flag.reasons),
        ]
        for flag in flags
    ]
    org = export_org(request) or getattr(user, "org", None)
    file_name = f"红旗支部评定-{org.name if org else '全部'}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = audited_xlsx(
        Sheet("红旗支部", FLAG_HEADERS, rows, caption=f"{year}年度红旗支部评定"),
        actor=user,
        org=org,
        kind="red_flags",
        file_name=file_name,
    )
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def point_settings(request: HttpRequest) -> HttpResponse:
    """The star thresholds and 红旗支部 criteria: the county admin edits them, other managers read them."""
    user: Any = request.user
    county = selectors.user_county(user)
    if county is None or _is_member(user):
        raise PermissionDenied("没有查看评星设置的权限")
    editable = can_set_county_rules(user, county)
    setting = selectors.setting_of(county)
    initial = {name: getattr(setting, name) for name in SettingForm.model_fields}
    initial |= {f"star_{level}": value for level, value in enumerate(setting.star_thresholds, start=1)}
    form = SettingForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(services.NOT_COUNTY_ADMIN)
        if form.is_valid():
            try:
                services.point_setting_update(actor=user, county=county, **form.setting_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "已保存评星和红旗支部标准")
                return redirect("orglife:point_settings")
    context = {"form": form, "editable": editable, "setting": setting}
    return render(request, "orglife/points/settings.html", context)


urlpatterns: list[URLPattern] = [
    path("points/", points_home, name="points_home"),
    path("points/export.xlsx", points_export, name="points_export"),
    path("points/mine/", my_points, name="my_points"),
    path("points/claim/", point_claim, name="point_claim"),
    path("points/entries/", point_entries, name="point_entries"),
    path("points/entries/export.xlsx", point_entries_export, name="point_entries_export"),
    path("points/entries/new/", point_entry_branch, name="point_entry_branch"),
    path("points/entries/<int:pk>/withdraw/", point_claim_withdraw, name="point_claim_withdraw"),
    path("points/entries/<int:pk>/delete/", point_entry_delete, name="point_entry_delete"),
    path("points/review/", point_review_queue, name="point_review"),
    path("points/review/<int:pk>/", point_review, name="point_review_entry"),
    path("points/schemes/", point_schemes, name="point_schemes"),
    path("points/schemes/new/", point_scheme_create, name="point_scheme_create"),
    path("points/schemes/seed/", point_schemes_seed, name="point_schemes_seed"),
    path("points/schemes/<int:pk>/revise/", point_scheme_revise, name="point_scheme_revise"),
    path("points/schemes/<int:pk>/items/new/", point_item_create, name="point_item_create"),
    path("points/items/<int:pk>/edit/", point_item_edit, name="point_item_edit"),
    path("points/items/<int:pk>/delete/", point_item_delete, name="point_item_delete"),
    path("points/months/", point_months, name="point_months"),
    path("points/months/close/", point_month_close, name="point_month_close"),
    path("points/red-flags/", point_red_flags, name="point_red_flags"),
    path("points/red-flags/export.xlsx", point_red_flags_export, name="point_red_flags_export"),
    path("points/settings/", point_settings, name="point_settings"),
]
