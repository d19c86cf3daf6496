"""The public pages (no sign-in, phone first): the county list, a county's villages and communities, and each
place's page, on which every area shows its public block (`selectors.<area>.public_block(org, today)` → a context
dict or None, drawn by `service/<area>/public_block.html`). Nothing personal is shown: a block carries only what the
disclosure rules publish."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dangjian.core import clock
from dangjian.core.choices import OrgLevel
from dangjian.core.models import Org
from dangjian.core.selectors import paginate
from dangjian.service import public
from dangjian.service.selectors.common import place_q, public_place
from dangjian.service.urls import AREAS

CAPTCHA_FORMS = ("request", "feedback")


def blocks(org: Org) -> list[dict[str, Any]]:
    """Each area's public block for a place, in the order of the areas (areas with nothing to show are left out)."""
    today = clock.today()
    found: list[dict[str, Any]] = []
    for area in AREAS:
        provider = getattr(import_module(f"dangjian.service.selectors.{area}"), "public_block", None)
        block = provider(org, today) if provider is not None else None
        if block is not None:
            found.append({"template": f"service/{area}/public_block.html", "block": block, "org": org})
    return found


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    """The counties (one for a county's own server, several for a province's)."""
    counties = Org.objects.filter(level=OrgLevel.COUNTY, is_dissolved=False).order_by("path")
    return render(request, "service/public/index.html", {"counties": counties})


@require_GET
def public_county(request: HttpRequest, code: str) -> HttpResponse:
    """A county's villages and communities, by township, with a search box (a name or part of one)."""
    county = get_object_or_404(Org, code=code, level=OrgLevel.COUNTY, is_dissolved=False)
    query = (request.GET.get("q") or "").strip()[:40]
    places = Org.objects.filter(place_q(), county=county).select_related("unit").order_by("path")
    if query:
        places = places.filter(Q(name__contains=query) | Q(short_name__contains=query) | Q(unit__name__contains=query))
    page = paginate(places, request.GET.get("page"), per_page=50)
    townships = {
        town.path: town.name for town in Org.objects.filter(county=county, level=OrgLevel.TOWNSHIP).only("path", "name")
    }
    rows = [(org, townships.get(org.path[: -Org.steplen], "")) for org in page.page]
    context = {"county": county, "page": page, "rows": rows, "query": query}
    return render(request, "service/public/county.html", context)


@require_GET
def public_place_page(request: HttpRequest, code: str) -> HttpResponse:
    """A village's or community's public page: every area's block."""
    org = public_place(code)
    township = Org.objects.filter(path=org.path[: -Org.steplen]).first()
    return render(request, "service/public/place.html", {"org": org, "township": township, "blocks": blocks(org)})


@never_cache
@require_GET
def public_captcha(request: HttpRequest, form_key: str) -> HttpResponse:
    """A new captcha image for a public form (drawing it replaces the answer the form will check)."""
    if form_key not in CAPTCHA_FORMS:
        raise Http404
    response = HttpResponse(public.captcha_svg(request, form_key), content_type="image/svg+xml")
    response["X-Robots-Tag"] = "noindex"
    return response


def _area_public_patterns() -> list[Any]:
    """The public pages each area adds (`public_urlpatterns` in its views module: a centre's page, filing and
    following a request …)."""
    found: list[Any] = []
    for area in AREAS:
        found.extend(getattr(import_module(f"dangjian.service.views.{area}"), "public_urlpatterns", []))
    return found


urlpatterns = [
    path("", public_index, name="public_index"),
    path("county/<str:code>/", public_county, name="public_county"),
    path("place/<str:code>/", public_place_page, name="public_place"),
    path("captcha/<str:form_key>.svg", public_captcha, name="public_captcha"),
    *_area_public_patterns(),
]
