"""Compliance through the API: branch rows for an org and a year (with cells on request), the rollup summary, the
absence list — and the scope: another branch's org reads as no data, a member is refused."""

import datetime as dt

import pytest

from dangjian.orglife.choices import MeetingKind
from tests.members.api import api_as
from tests.orglife.compliance_world import compliance_world, make_meeting

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 4, 10)
BRANCHES = "/api/v1/orglife/compliance/branches/"
SUMMARY = "/api/v1/orglife/compliance/summary/"
ABSENT = "/api/v1/orglife/compliance/absent/"


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY
    return TODAY


@pytest.fixture
def world(tree):
    objects = compliance_world(tree)
    make_meeting(tree.village_a1, MeetingKind.THEME_DAY, dt.date(2026, 1, 10), expected=3, present=3)
    make_meeting(tree.village_a1, MeetingKind.THEME_DAY, dt.date(2026, 2, 10), expected=3, present=2, backfilled=True)
    return objects


def test_branch_rows_for_the_county(tree, world):
    client = api_as(tree.accounts["county"])
    body = client.get(BRANCHES, {"year": 2026}).json()
    assert body["count"] == 3
    a1 = next(row for row in body["results"] if row["code"] == "V001")
    # January, February (补录) and this month's 主题党日 met; March's, the 支委会 and the quarter's meetings missing.
    assert (a1["met"], a1["due"], a1["compliance_text"]) == (3, 9, "3/9 (33.3%)")
    assert a1["compliance_rate"] == "33.3" and a1["attendance_text"] == "6/9 (66.7%)"
    assert (a1["held"], a1["backfilled"], a1["late_entry"], a1["missing"]) == (3, 1, 1, 6)
    assert a1["cells"] == []
    body = client.get(BRANCHES, {"org": "V001", "period": "m2", "cells": "true"}).json()
    cells = body["results"][0]["cells"]
    assert [(c["requirement"], c["period"], c["held"], c["state"], c["state_label"]) for c in cells] == [
        ("全部党支部 支委会 每月1次", "2026年2月", 0, "missing", "未开展"),
        ("全部党支部 主题党日 每月1次", "2026年2月", 1, "late_entry", "含补录"),
    ]
    assert client.get(BRANCHES, {"state": "compliant"}).json()["count"] == 0


def test_summary_of_the_county_and_a_township(tree, world):
    client = api_as(tree.accounts["county"])
    body = client.get(SUMMARY, {"year": 2026}).json()
    assert body["org"]["code"] == "C001" and body["count"] == 3 and body["period_label"] == "2026年"
    assert [child["org"]["code"] for child in body["children"]] == ["T001", "T002"]
    assert body["total"]["absent"] == 4 and body["total"]["compliant_text"] == "0/3 (0.0%)"
    town = client.get(SUMMARY, {"org": "T001", "period": "q1"}).json()
    assert [child["org"]["code"] for child in town["children"]] == ["V001", "V002"]


def test_bad_parameters(tree, world):
    client = api_as(tree.accounts["county"])
    assert client.get(SUMMARY, {"year": "20x6"}).json() == {"year": ["年度“20x6”无效,应为2000至2099之间的年份"]}
    assert client.get(BRANCHES, {"period": "q5"}).status_code == 400


def test_scope_another_branch_reads_as_no_data(tree, world):
    client = api_as(tree.accounts["secretary_a2"])
    body = client.get(BRANCHES).json()
    assert [row["code"] for row in body["results"]] == ["V002"]
    assert client.get(BRANCHES, {"org": "V001"}).json()["count"] == 0
    summary = client.get(SUMMARY, {"org": "V001"}).json()
    assert summary["count"] == 0 and summary["org"] is None and summary["children"] == []
    absent = client.get(ABSENT).json()
    assert {row["org"]["code"] for row in absent["results"]} == {"V002"}
    assert client.get(ABSENT, {"org": "V001"}).json()["count"] == 0
    member = api_as(tree.accounts["member_a1"])
    assert member.get(BRANCHES).status_code == member.get(SUMMARY).status_code == member.get(ABSENT).status_code == 403


def test_absence_list(tree, world):
    body = api_as(tree.accounts["town_a"]).get(ABSENT).json()
    assert body["count"] == 3  # a1: 2 of 3, a2: 1 of 2 (the first of each attended this month)
    row = body["results"][0]
    assert set(row) == {"id", "name", "org", "status", "status_display", "joined_on", "last_attended", "phone_masked"}
    assert row["last_attended"] is None and row["phone_masked"] == "138****8000"
