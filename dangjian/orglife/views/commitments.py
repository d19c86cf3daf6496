"""Pages of 五亮: the year's roster for managers, a member's own phone-friendly page with the five entries and the
consent to show them, the review queue, and the public card (no sign-in; a signed link and a QR code)."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core import clock
from dangjian.core.filters import parse_year
from dangjian.core.forms import style_filter_form
from dangjian.core.io.tables import xlsx_response
from dangjian.core.models import Person
from dangjian.core.scoping import scope_of
from dangjian.core.selectors import paginate
from dangjian.core.views.common import export_org, is_filtered, manages_own_org, service_errors
from dangjian.orglife import rules
from dangjian.orglife.choices import CommitmentKind, ReviewStatus
from dangjian.orglife.forms.commitments import CommitmentReviewForm, CommitmentYearForm
from dangjian.orglife.permissions import can_act_for, can_manage_branch
from dangjian.orglife.selectors import commitments as selectors
from dangjian.orglife.services import commitments as services


def _years(today_year: int, extra: list[int] | None = None) -> list[int]:
    return sorted(set(range(today_year + 1, today_year - 4, -1)) | set(extra or []), reverse=True)


def _with_year(name: str, year: int, **kwargs: Any) -> str:
    return f"{reverse(name, kwargs=kwargs or None)}?{urlencode({'year': year})}"


@login_required
@require_GET
def commitment_list(request: HttpRequest) -> HttpResponse:
    """Managers: the members of the scope with each kind's status for a year. Members: their own page."""
    user: Any = request.user
    if scope_of(user).member_only:
        return redirect("orglife:my_commitments")
    today = clock.today()
    year = parse_year(request.GET.get("year"), today)
    filterset, people = selectors.roster(user, request.GET, year=year)
    page = paginate(people, request.GET.get("page"))
    rows = list(page.page.object_list)
    entries = selectors.entries_of(rows, year)
    for person in rows:
        own = entries.get(person.pk, {})
        person.entries = [own.get(kind) for kind in CommitmentKind.values]
        person.public = any(c.public for c in own.values())
    figures = selectors.roster_figures(user, year)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": page,
        "year": year,
        "years": _years(today.year),
        "kinds": CommitmentKind.labels,
        "figures": figures,
        "written_rate": rules.rate_text(figures["written"], figures["members"]),
        "approved_rate": rules.rate_text(figures["approved"], figures["members"]),
        "public_rate": rules.rate_text(figures["public"], figures["members"]),
        "filtered": is_filtered(request, "year"),
        "can_manage": manages_own_org(user),
    }
    return render(request, "orglife/commitments/list.html", context)


@login_required
@require_GET
def commitment_export(request: HttpRequest) -> HttpResponse:
    """The roster and the entries of a year for the listed members (same filters as the page)."""
    user: Any = request.user
    org = export_org(request) or getattr(user, "org", None)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出五亮承诺的权限")
    year = parse_year(request.GET.get("year"))
    _, people = selectors.roster(user, request.GET, year=year)
    _, entries = selectors.commitment_list(user, {"year": str(year)})
    entries = entries.filter(person__in=people.values("pk"))
    file_name = f"五亮承诺-{org.name}-{year}年-{clock.today():%Y%m%d}.xlsx"
    content = services.commitment_export(
        actor=user, org=org, year=year, people=people, entries=entries, file_name=file_name
    )
    return xlsx_response(content, file_name)


def _person_page(request: HttpRequest, person: Person | None, *, own: bool) -> HttpResponse:
    """A member's five entries for a year: the form (when the year is open), statuses, notes and the card link."""
    user: Any = request.user
    today = clock.today()
    if person is None:
        return render(request, "orglife/commitments/person.html", {"person": None, "own": own})
    source = request.POST if request.method == "POST" else request.GET
    year = parse_year(source.get("year"), today)
    entries = selectors.person_entries(person, year)
    editable = rules.commitment_year_problem(year, today) is None and can_act_for(user, person)
    initial = {kind: entry.content for kind, entry in entries.items()}
    form = CommitmentYearForm(request.POST or None, initial=initial)
    here = (
        _with_year("orglife:my_commitments", year)
        if own
        else _with_year("orglife:commitment_person", year, pk=person.pk)
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(rules.commitment_year_problem(year, today) or "没有修改该党员五亮承诺的权限")
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                services.commitments_save_year(
                    actor=user, person=person, year=year, contents=form.contents(), submit=submit
                )
            except ValidationError as exc:
                service_errors(form, exc)
            else:
                messages.success(request, "已保存并提交支部审核" if submit else "已保存草稿")
                return redirect(here)
    public = any(entry.public for entry in entries.values())
    card_url = (
        request.build_absolute_uri(reverse("orglife:commitment_card", args=[selectors.card_token(person)]))
        + f"?{urlencode({'year': year})}"
        if public
        else None
    )
    rows = [(kind, form[kind.value], entries.get(kind.value)) for kind in CommitmentKind]
    context = {
        "person": person,
        "own": own,
        "year": year,
        "years": _years(today.year, selectors.person_years(person)),
        "form": form,
        "rows": rows,
        "editable": editable,
        "has_entries": bool(entries),
        "public": public,
        "card_url": card_url,
        "can_review": can_manage_branch(user, person.org) and getattr(user, "person_id", None) != person.pk,
        "submitted": ReviewStatus.SUBMITTED,
        "returned": ReviewStatus.RETURNED,
        "here": here,
    }
    return render(request, "orglife/commitments/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_commitments(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    person = Person.objects.select_related("org").filter(pk=user.person_id).first() if user.person_id else None
    return _person_page(request, person, own=True)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_person(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's page as a manager sees it (writing on the member's behalf; never the consent)."""
    user: Any = request.user
    person = selectors.person_for_commitments(user, pk)
    if getattr(user, "person_id", None) == person.pk:
        return redirect(_with_year("orglife:my_commitments", parse_year(request.GET.get("year"))))
    return _person_page(request, person, own=False)


@login_required
@require_POST
def commitment_consent(request: HttpRequest) -> HttpResponse:
    """The member agrees (public=1) or stops agreeing (public=0) to show the year's approved entries."""
    user: Any = request.user
    if not user.person_id:
        raise PermissionDenied("您的账号未关联党员信息")
    person = Person.objects.get(pk=user.person_id)
    year = parse_year(request.POST.get("year"))
    public = request.POST.get("public") == "1"
    try:
        services.commitment_consent(actor=user, person=person, year=year, public=public)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(
            request, f"已同意公开展示{year}年度审核通过的五亮承诺" if public else f"已撤回{year}年度五亮承诺的公开展示"
        )
    return redirect(_with_year("orglife:my_commitments", year))


@login_required
@require_GET
def commitment_review_queue(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not manages_own_org(user):
        raise PermissionDenied("没有审核五亮承诺的权限")
    filterset, entries = selectors.review_queue(user, request.GET)
    context = {
        "filter_form": style_filter_form(filterset.form),
        "page": paginate(entries, request.GET.get("page")),
        "filtered": is_filtered(request),
    }
    return render(request, "orglife/commitments/queue.html", context)


@login_required
@require_GET
def commitment_queue_export(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    org = export_org(request) or getattr(user, "org", None)
    if org is None or not can_manage_branch(user, org):
        raise PermissionDenied("没有导出五亮承诺的权限")
    _, entries = selectors.review_queue(user, request.GET)
    file_name = f"五亮承诺待审核-{org.name}-{clock.today():%Y%m%d}.xlsx"
    content = services.review_queue_export(actor=user, org=org, entries=entries, file_name=file_name)
    return xlsx_response(content, file_name)


@login_required
@require_http_methods(["GET", "POST"])
def commitment_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or return one entry (a return needs a note)."""
    user: Any = request.user
    commitment = selectors.commitment_detail(user, pk)
    if not can_manage_branch(user, commitment.person.org):
        raise PermissionDenied("没有审核该党员五亮承诺的权限")
    form = CommitmentReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.commitment_review(
                actor=user, commitment=commitment, approve=approve, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            service_errors(form, exc)
        else:
            verb = "通过" if approve else "退回"
            messages.success(request, f"已{verb}{commitment.person.name}的“{commitment.get_kind_display()}”")
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = reverse("orglife:commitment_review_queue")
            return redirect(target)
    context = {"commitment": commitment, "form": form, "pending": commitment.status == ReviewStatus.SUBMITTED}
    return render(request, "orglife/commitments/review.html", context)


def _card(signed: str, year_raw: str | None) -> tuple[int, selectors.Card]:
    person_id = selectors.card_person_id(signed)
    year = int(year_raw) if year_raw and year_raw.isdigit() and 2000 <= int(year_raw) <= 2099 else None
    card = selectors.public_card(person_id, year) if person_id is not None else None
    if card is None or person_id is None:
        raise Http404("名片不存在")
    return person_id, card


@require_GET
def commitment_card(request: HttpRequest, signed: str) -> HttpResponse:
    """The public card: no sign-in; the approved entries only while the member agrees, else a plain notice."""
    _, card = _card(signed, request.GET.get("year"))
    context = {
        "card": card,
        "qr_url": reverse("orglife:commitment_card_qr", args=[signed])
        + (f"?{urlencode({'year': card.year})}" if card.year else ""),
        "signed": signed,
    }
    return render(request, "orglife/commitments/card.html", context)


@require_GET
def commitment_card_qr(request: HttpRequest, signed: str) -> HttpResponse:
    """The card's address as a QR code (SVG) for printing on a 党员示范岗 plate."""
    _, card = _card(signed, request.GET.get("year"))
    url = request.build_absolute_uri(reverse("orglife:commitment_card", args=[signed]))
    if card.year and request.GET.get("year"):
        url += f"?{urlencode({'year': card.year})}"
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=2, xmldecl=False)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


urlpatterns: list[URLPattern] = [
    path("commitments/", commitment_list, name="commitment_list"),
    path("commitments/export.xlsx", commitment_export, name="commitment_export"),
    path("commitments/mine/", my_commitments, name="my_commitments"),
    path("commitments/mine/consent/", commitment_consent, name="commitment_consent"),
    path("commitments/person/<int:pk>/", commitment_person, name="commitment_person"),
    path("commitments/review/", commitment_review_queue, name="commitment_review_queue"),
    path("commitments/review/export.xlsx", commitment_queue_export, name="commitment_queue_export"),
    path("commitments/<int:pk>/review/", commitment_review, name="commitment_review"),
    path("commitments/card/<str:signed>/", commitment_card, name="commitment_card"),
    path("commitments/card/<str:signed>/qr.svg", commitment_card_qr, name="commitment_card_qr"),
]
