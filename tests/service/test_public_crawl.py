"""Every public page, reached the way a resident would (following links from the county list, plus the tracking page
with each receipt code), carries no ID number, no phone number of a person and no resident's name.

The records come from every area's world (`tests/service/<area>_world.py`), each naming in `PRIVATE_FIELDS` the
fields that hold residents' names, phones and ID numbers."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from importlib import import_module
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from django.urls import reverse

from dangjian.core.models import Person
from dangjian.service.urls import AREAS

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
HERE = Path(__file__).parent


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.found.append(value)


def _worlds(tree):
    """Every area's records (all branches), and the private values they hold."""
    private: set[str] = set()
    for area in AREAS:
        if not (HERE / f"{area}_world.py").exists():
            continue
        module = import_module(f"tests.service.{area}_world")
        getattr(module, f"{area}_world")(tree)
        for model, fields in getattr(module, "PRIVATE_FIELDS", {}).items():
            for row in model.objects.values_list(*fields):
                private.update(str(value).strip() for value in row if value and len(str(value).strip()) >= 2)
    return private


def _crawl(client, starts: list[str]) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue = deque(starts)
    seen = set(starts)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        text = response.content.decode()
        pages[url] = text
        if response["Content-Type"].startswith("text/html"):
            parser = Links()
            parser.feed(text)
            for link in parser.found:
                target = urldefrag(urljoin(url, link))[0]
                parsed = urlparse(target)
                if parsed.netloc or not parsed.path.startswith("/public/"):
                    continue
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    return pages


@pytest.fixture
def crawled(client, tree, settings):
    Person.objects.filter(org__path__startswith=tree.county.path).update(phone="13912345678")
    private = _worlds(tree)
    starts = [reverse("service:public_index")]
    requests_world = HERE / "requests_world.py"
    if requests_world.exists():
        from dangjian.service.models import ServiceRequest  # the tracking page of every receipt code

        track = reverse("service:public_request_track")
        starts += [f"{track}?code={code}" for code in ServiceRequest.objects.values_list("receipt_code", flat=True)]
    return _crawl(client, starts), private


def test_the_crawl_reaches_every_place_and_area_page(crawled, tree):
    pages, _ = crawled
    for org in (tree.village_a1, tree.village_a2, tree.community_b1):
        assert reverse("service:public_place", args=[org.code]) in pages
    assert len(pages) >= 5


def test_no_public_page_shows_an_id_number_or_a_mobile_number(crawled):
    pages, _ = crawled
    for url, text in pages.items():
        assert not ID_NUMBER.search(text), url
        assert not MOBILE.search(text), (url, MOBILE.search(text))


def test_no_public_page_shows_a_persons_id_number_or_phone(crawled, tree):
    pages, _ = crawled
    people = Person.objects.filter(org__path__startswith=tree.county.path)
    values = {person.id_number for person in people} | {person.id_number_masked for person in people}
    values |= {person.phone for person in people if person.phone}
    assert values
    for url, text in pages.items():
        leaked = [value for value in values if value and value in text]
        assert not leaked, (url, leaked)


def test_no_public_page_shows_a_resident_name_or_phone(crawled):
    pages, private = crawled
    for url, text in pages.items():
        leaked = sorted(value for value in private if value in text)
        assert not leaked, (url, leaked)


def test_public_pages_link_to_no_signed_in_page(crawled):
    pages, _ = crawled
    for url, text in pages.items():
        parser = Links()
        parser.feed(text)
        inside = [
            link for link in parser.found if link.startswith("/") and not link.startswith(("/public/", "/static/"))
        ]
        assert not inside, (url, inside)
