"""五亮 through the API: write, rewrite, submit, review, consent — and the refusals (400 naming the field, 403, 404
outside the scope, a member seeing only their own entries)."""

import datetime as dt

import pytest

from dangjian.orglife.models import Commitment
from tests.members.api import api_as
from tests.orglife.commitments_world import commitments_world

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 1)
URL = "/api/v1/orglife/commitments/"


@pytest.fixture
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


def body(person, **overrides):
    return {"person": person.pk, "year": 2026, "kind": "promise", "content": "年内为群众办实事5件"} | overrides


def test_write_submit_review_and_consent(tree, today):
    member = api_as(tree.accounts["member_a1"])
    person = tree.people["a1"][0]
    created = member.post(URL, body(person), format="json")
    assert created.status_code == 201
    data = created.json()
    assert (data["status"], data["kind_display"], data["org"]["code"], data["card_url"]) == (
        "draft",
        "亮承诺",
        "V001",
        None,
    )
    submitted = member.post(f"{URL}{data['id']}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status_display"] == "待审核"
    secretary = api_as(tree.accounts["secretary_a1"])
    returned = secretary.post(f"{URL}{data['id']}/review/", {"approve": False}, format="json")
    assert returned.status_code == 400 and returned.json() == {"note": ["退回时请填写审核意见"]}
    approved = secretary.post(f"{URL}{data['id']}/review/", {"approve": True}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    refused = secretary.post(f"{URL}consent/", {"year": 2026, "public": True}, format="json")
    assert refused.status_code == 403
    consent = member.post(f"{URL}consent/", {"year": 2026, "public": True}, format="json")
    assert consent.status_code == 200 and consent.json() == {"year": 2026, "public": True, "changed": 1}
    shown = member.get(f"{URL}{data['id']}/").json()
    assert shown["public"] is True and "/orglife/commitments/card/" in shown["card_url"]
    edited = member.patch(f"{URL}{data['id']}/", {"content": "年内为群众办实事8件", "submit": True}, format="json")
    assert edited.status_code == 200 and edited.json()["status"] == "submitted"


def test_refusals(tree, today):
    secretary = api_as(tree.accounts["secretary_a1"])
    person = tree.people["a1"][1]
    bad = secretary.post(URL, body(person, kind="fame", content=""), format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"kind", "content"}
    archived = secretary.post(URL, body(person, year=2025), format="json")
    assert archived.status_code == 400 and archived.json() == {"year": ["2025年度的五亮承诺已归档,不能再修改"]}
    outside = secretary.post(URL, body(tree.people["a2"][0]), format="json")
    assert outside.status_code == 400 and outside.json()["person"] == [
        f"党员编号：编号为{tree.people['a2'][0].pk}的党员不存在"
    ]
    member = api_as(tree.accounts["member_a1"])
    other = member.post(URL, body(person), format="json")
    assert other.status_code == 400 and "person" in other.json()  # another member is out of a member's sight
    unknown = secretary.post(URL, body(person, status="approved"), format="json")
    assert unknown.status_code == 400 and unknown.json()["status"] == ["“status”不是可提交的项目"]
    assert not Commitment.objects.exists()


def test_scope(tree, today):
    commitments_world(tree)
    a1_entry = Commitment.objects.filter(person=tree.people["a1"][0]).first()
    other = api_as(tree.accounts["secretary_a2"])
    listed = other.get(URL).json()
    assert listed["count"] == 2 and {row["org"]["code"] for row in listed["results"]} == {"V002"}
    assert other.get(f"{URL}{a1_entry.pk}/").status_code == 404
    assert other.patch(f"{URL}{a1_entry.pk}/", {"content": "改"}, format="json").status_code == 404
    assert other.post(f"{URL}{a1_entry.pk}/review/", {"approve": True}, format="json").status_code == 404
    member = api_as(tree.accounts["member_a1"])
    mine = member.get(URL, {"year": 2026}).json()
    assert mine["count"] == 2 and {row["person"]["id"] for row in mine["results"]} == {tree.people["a1"][0].pk}
    assert member.get(URL, {"status": "submitted"}).json()["count"] == 1
    county = api_as(tree.accounts["county"])
    assert county.get(URL, {"org": "T001", "kind": "identity", "public": True}).json()["count"] == 2
