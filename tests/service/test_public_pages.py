"""The public pages need no sign-in, list the county's villages and communities, and open each place's page."""

from django.urls import reverse


def test_the_county_list_needs_no_sign_in(client, tree):
    response = client.get(reverse("service:public_index"))
    assert response.status_code == 200
    text = response.content.decode()
    assert tree.county.name in text
    assert "退出" not in text  # no signed-in chrome


def test_a_county_lists_its_villages_and_communities_with_their_township(client, tree):
    text = client.get(reverse("service:public_county", args=[tree.county.code])).content.decode()
    for org in (tree.village_a1, tree.village_a2, tree.community_b1):
        assert reverse("service:public_place", args=[org.code]) in text
    assert tree.town_a.name in text
    assert reverse("service:public_place", args=[tree.town_a.code]) not in text


def test_searching_a_county_by_name(client, tree):
    url = reverse("service:public_county", args=[tree.county.code])
    text = client.get(url, {"q": "王庄村"}).content.decode()
    assert reverse("service:public_place", args=[tree.village_a2.code]) in text
    assert reverse("service:public_place", args=[tree.village_a1.code]) not in text
    empty = client.get(url, {"q": "不存在的村"}).content.decode()
    assert "没有找到名称含“不存在的村”的村或社区" in empty


def test_a_place_page_opens_without_sign_in(client, tree):
    response = client.get(reverse("service:public_place", args=[tree.village_a1.code]))
    assert response.status_code == 200
    text = response.content.decode()
    assert tree.village_a1.name in text and tree.town_a.name in text


def test_only_villages_and_communities_have_a_public_page(client, tree):
    assert client.get(reverse("service:public_place", args=[tree.town_a.code])).status_code == 404
    assert client.get(reverse("service:public_place", args=[tree.county.code])).status_code == 404
    assert client.get(reverse("service:public_place", args=["NOPE"])).status_code == 404
    assert client.get(reverse("service:public_county", args=[tree.town_a.code])).status_code == 404


def test_the_captcha_image_is_drawn_for_known_forms_only(client, db):
    response = client.get(reverse("service:public_captcha", args=["request"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-cache" in response["Cache-Control"]
    assert client.get(reverse("service:public_captcha", args=["admin"])).status_code == 404


def test_public_pages_refuse_writes_where_they_only_show(client, tree):
    assert client.post(reverse("service:public_place", args=[tree.village_a1.code])).status_code == 405
