"""The menu: the lifecycle pages grouped under 党员队伍, offered only to those who may open them."""

import pytest
from django.urls import reverse

from tests.core.pages import login, page

pytestmark = pytest.mark.django_db


def test_managers_get_the_lifecycle_menu_and_every_entry_opens(tree, client):
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("core:workbench")))
    assert "党员队伍" in html
    for name in (
        "recruit_pipeline",
        "dues_ledger",
        "transfer_list",
        "mobile_list",
        "evaluation_list",
        "care_overview",
        "standing_list",
        "dual_list",
    ):
        url = reverse(f"members:{name}")
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200, name


def test_a_member_is_offered_only_what_they_may_open(tree, client):
    login(client, tree, "member_a1")
    html = page(client.get(reverse("core:workbench")))
    assert f'href="{reverse("members:dues_ledger")}"' in html
    assert f'href="{reverse("members:recruit_pipeline")}"' not in html
    assert client.get(reverse("members:dues_ledger")).status_code == 200


def test_the_person_page_links_to_their_lifecycle_records(tree, client):
    person = tree.people["a1"][1]
    login(client, tree, "secretary_a1")
    html = page(client.get(reverse("core:person_detail", args=[person.pk])))
    for name in ("dues_member", "person_transfers", "standing_person"):
        url = reverse(f"members:{name}", args=[person.pk])
        assert url in html
        assert client.get(url).status_code == 200, name
