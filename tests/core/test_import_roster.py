"""Roster import (花名册): validation of every row, all or nothing, idempotent re-import, audited set-based writes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dangjian.core import crypto
from dangjian.core.audit import audit_context, verify_chain
from dangjian.core.io.roster import roster_import
from dangjian.core.models import AuditEntry, Person
from tests.core.factories import id_number
from tests.core.test_import_support import ROSTER_HEADERS, roster_row, write_roster, write_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]


def run(actor, path, **kwargs):
    with audit_context(source="import"):
        return roster_import(actor=actor, source=path, file_name=path.name, **kwargs)


def snapshot_counts():
    return Person.objects.count(), AuditEntry.objects.count()


def test_good_file_imports_people_with_encrypted_masked_ids_and_audit_entries(tree, tmp_path):
    rows = [
        roster_row("V001", 姓名="李红", male=False, 学历="高中", 工作岗位="工人(工勤技能人员)"),
        roster_row("东城镇王庄村党支部", 姓名="赵强", 党员状态="预备党员", 入党日期="2025/3/1", 转正日期=None),
        roster_row("V001", 姓名="孙立", 民族="回族", 党员类别="党员中心户", 联系电话=None, 工作岗位=None),
    ]
    path = write_roster(tmp_path / "roster.xlsx", rows)
    actor = tree.accounts["town_a"]
    people_before, entries_before = snapshot_counts()

    result = run(actor, path)

    assert result.ok and result.written
    assert (result.total_rows, result.created, result.updated, result.unchanged) == (3, 3, 0, 0)
    assert Person.objects.count() == people_before + 3
    for row in rows:
        number = row["公民身份号码"]
        person = Person.objects.get(id_number_index=crypto.blind_index(number))
        assert person.name == row["姓名"]
        assert number not in person.id_number_encrypted
        assert person.id_number == number
        assert person.id_number_masked == number[:4] + "*" * 10 + number[-4:]
        assert person.org_path == person.org.path
        assert person.county_id == tree.county.pk
    zhao = Person.objects.get(name="赵强")
    assert (zhao.org, zhao.status, zhao.joined_on, zhao.confirmed_on) == (
        tree.village_a2,
        "probationary",
        dt.date(2025, 3, 1),
        None,
    )
    li = Person.objects.get(name="李红")
    assert (li.gender, li.education, li.occupation) == ("female", "high_school", "worker")
    sun = Person.objects.get(name="孙立")
    assert (sun.ethnicity, sun.category, sun.phone, sun.occupation) == ("回族", "centre_household", "", "")

    new_entries = AuditEntry.objects.filter(pk__gt=0).order_by("-id")[:4]
    assert AuditEntry.objects.count() == entries_before + 4
    actions = sorted(e.action for e in new_entries)
    assert actions == ["create", "create", "create", "import"]
    summary = next(e for e in new_entries if e.action == "import")
    assert summary.after == {
        "kind": "roster",
        "file": "roster.xlsx",
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
    }
    assert summary.actor_id == actor.pk and summary.source == "import"
    created = [e for e in new_entries if e.action == "create"]
    assert all(e.after["id_number_masked"].count("*") == 10 for e in created)
    assert not any(row["公民身份号码"] in str(e.after) for e in created for row in rows)
    assert verify_chain().ok


def test_reimporting_the_same_file_changes_nothing_but_records_the_import(tree, tmp_path):
    rows = [roster_row("V001", 姓名=f"成员{i}") for i in range(3)]
    path = write_roster(tmp_path / "roster.xlsx", rows)
    actor = tree.accounts["county"]
    run(actor, path)
    before = {p.pk: (p.name, p.phone, p.updated_at) for p in Person.objects.all()}
    people_before, entries_before = snapshot_counts()

    result = run(actor, path)

    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert {p.pk: (p.name, p.phone, p.updated_at) for p in Person.objects.all()} == before
    # Decision: a re-import that changes nothing writes no person entries, only the import's own summary.
    assert AuditEntry.objects.count() == entries_before + 1
    last = AuditEntry.objects.order_by("-id").first()
    assert last.action == "import" and last.after["unchanged"] == 3 and last.after["created"] == 0
    assert Person.objects.count() == people_before


def test_a_changed_row_updates_the_person_with_before_and_after(tree, tmp_path):
    person = tree.people["a1"][0]
    row = roster_row(
        "V002",
        姓名=person.name,
        公民身份号码=person.id_number,
        出生日期=None,
        学历="高中",
        联系电话="13911112222",
        工作岗位=None,
    )
    path = write_roster(tmp_path / "roster.xlsx", [row])
    result = run(tree.accounts["town_a"], path)

    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 1, 0)
    person.refresh_from_db()
    assert (person.phone, person.org, person.org_path) == ("13911112222", tree.village_a2, tree.village_a2.path)
    entry = AuditEntry.objects.filter(object_type="core.person", object_id=str(person.pk)).order_by("-id").first()
    assert entry.action == "update"
    assert entry.before == {"org": tree.village_a1.pk, "phone": "13800138000"}
    assert entry.after == {"org": tree.village_a2.pk, "phone": "13911112222"}


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_imported(tree, tmp_path):
    today = timezone.localdate()
    good = roster_row("V001", 姓名="好行")
    wrong_check = id_number(birth=dt.date(1980, 1, 2))
    wrong_check = wrong_check[:17] + ("0" if wrong_check[17] != "0" else "1")
    duplicate = id_number(birth=dt.date(1975, 6, 6))
    rows = [
        good,  # row 2
        roster_row("V001", 公民身份号码=wrong_check),  # 3: check digit
        roster_row("V001", 出生日期=dt.date(1982, 3, 5)),  # 4: birth date ≠ ID
        roster_row("V001", 党员状态="预备党员", 入党日期=today + dt.timedelta(days=3), 转正日期=None),  # 5: future
        roster_row("V001", birth=dt.date(1990, 1, 1), 入党日期="2007-07-01", 转正日期="2008-07-01"),  # 6: under 18
        roster_row("V001", 入党日期="2020-07-01", 转正日期="2021-03-01"),  # 7: probation < 1 year
        roster_row("NOPE"),  # 8: unknown org
        roster_row("V003"),  # 9: org of another township
        roster_row("V001", birth=dt.date(1975, 6, 6), 公民身份号码=duplicate),  # 10: duplicate in file …
        roster_row("V002", birth=dt.date(1975, 6, 6), 公民身份号码=duplicate),  # 11: … with row 10
        roster_row("V001", 公民身份号码=tree.people["b1"][0].id_number, 出生日期=None),  # 12: registered elsewhere
        roster_row("V001", 姓名=None),  # 13: missing name
        roster_row("V001", 学历="博士后", 性别="男性"),  # 14: unknown labels
    ]
    path = write_roster(tmp_path / "bad.xlsx", rows)
    counts = snapshot_counts()

    result = run(tree.accounts["town_a"], path)

    assert not result.written
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "公民身份号码"),
        (4, "出生日期"),
        (5, "入党日期"),
        (6, "入党日期"),
        (7, "转正日期"),
        (8, "所在党组织"),
        (9, "所在党组织"),
        (10, "公民身份号码"),
        (11, "公民身份号码"),
        (12, "公民身份号码"),
        (13, "姓名"),
        (14, "性别"),
        (14, "学历"),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "校验位" in messages[(3, "公民身份号码")]
    assert "不能晚于今天" in messages[(5, "入党日期")]
    assert "未满18周岁" in messages[(6, "入党日期")]
    assert "预备期满一年" in messages[(7, "转正日期")]
    # An org of another township answers exactly like one that does not exist.
    assert messages[(8, "所在党组织")] == "党组织“NOPE”不存在或不在您的管理范围内"
    assert messages[(9, "所在党组织")] == "党组织“V003”不存在或不在您的管理范围内"
    assert "第11行" in messages[(10, "公民身份号码")] and "第10行" in messages[(11, "公民身份号码")]
    assert messages[(12, "公民身份号码")] == "该公民身份号码已在其他组织登记"
    assert "西关" not in messages[(12, "公民身份号码")]
    assert "不能为空" in messages[(13, "姓名")]
    assert "可选" in messages[(14, "学历")] and "大学本科" in messages[(14, "学历")]
    assert snapshot_counts() == counts


def test_a_branch_secretary_cannot_import_into_a_sibling_branch(tree, tmp_path):
    path = write_roster(tmp_path / "roster.xlsx", [roster_row("V001"), roster_row("V002")])
    counts = snapshot_counts()
    result = run(tree.accounts["secretary_a2"], path)
    assert [(e.row, e.column) for e in result.errors] == [(2, "所在党组织")]
    assert "不在您的管理范围内" in result.errors[0].message
    assert snapshot_counts() == counts


def test_a_secretary_cannot_update_a_person_of_a_sibling_branch(tree, tmp_path):
    other = tree.people["a1"][0]
    row = roster_row("V002", 公民身份号码=other.id_number, 出生日期=None)
    path = write_roster(tmp_path / "roster.xlsx", [row])
    result = run(tree.accounts["secretary_a2"], path)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "公民身份号码", "该公民身份号码已在其他组织登记")
    ]
    other.refresh_from_db()
    assert other.org == tree.village_a1


def test_a_member_may_not_import_at_all(tree, tmp_path):
    path = write_roster(tmp_path / "roster.xlsx", [roster_row("V001")])
    with pytest.raises(PermissionDenied):
        run(tree.accounts["member_a1"], path)


def test_dates_in_the_formats_offices_type(tree, tmp_path):
    rows = [
        roster_row("V001", 入党日期="2005/7/1", 转正日期="2006.07.01"),
        roster_row("V001", 入党日期="20050701", 转正日期=20060701),
        roster_row("V001", 入党日期="2005年7月1日", 转正日期=dt.datetime(2006, 7, 1)),
    ]
    path = write_roster(tmp_path / "dates.xlsx", rows)
    result = run(None, path)
    assert result.ok, result.errors
    assert set(Person.objects.filter(name="王建国").values_list("joined_on", "confirmed_on")) == {
        (dt.date(2005, 7, 1), dt.date(2006, 7, 1))
    }


def test_unreadable_cells_are_named(tree, tmp_path):
    rows = [
        roster_row("V001", 入党日期="七月一日"),
        roster_row("V001", 公民身份号码=4.11102198003041e17),
        roster_row("V001", 民族="火星族"),
    ]
    path = write_roster(tmp_path / "cells.xlsx", rows)
    result = run(None, path)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "不是有效日期" in messages[(2, "入党日期")]
    assert "文本格式" in messages[(3, "公民身份号码")]
    assert "56个民族" in messages[(4, "民族")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "文件为空"),
        (b"name,id\nzhang,1\n", "不是 Excel (.xlsx) 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "另存为 .xlsx"),
        (b"PK\x03\x04broken", "已损坏"),
    ],
)
def test_files_that_are_not_a_roster_are_refused_clearly(tree, tmp_path, content, message):
    path = tmp_path / "upload.xlsx"
    path.write_bytes(content)
    result = run(None, path)
    assert len(result.errors) == 1 and result.errors[0].row is None
    assert message in result.errors[0].message


def test_a_wrong_header_names_the_missing_and_unknown_columns(tree, tmp_path):
    headers = [h for h in ROSTER_HEADERS if h != "党员状态"]
    headers[3] = "身份证号"
    path = write_xlsx(tmp_path / "header.xlsx", headers, [roster_row("V001")])
    result = run(None, path)
    text = " ".join(str(e) for e in result.errors)
    assert "“身份证号”不是本表的列名" in text
    assert "缺少列: 公民身份号码、党员状态" in text


def test_a_header_without_rows_is_an_empty_file(tree, tmp_path):
    path = write_roster(tmp_path / "empty.xlsx", [])
    result = run(None, path)
    assert "没有数据行" in result.errors[0].message


def test_dry_run_validates_but_writes_nothing(tree, tmp_path):
    path = write_roster(tmp_path / "roster.xlsx", [roster_row("V001"), roster_row("V002")])
    counts = snapshot_counts()
    result = run(None, path, dry_run=True)
    assert result.ok and not result.written and result.created == 2
    assert snapshot_counts() == counts


def test_imported_people_are_recorded_like_people_registered_one_by_one(tree, tmp_path):
    """On PostgreSQL the rows are COPYed with ids drawn from the sequence: the trail and later inserts still fit."""
    from tests.core.factories import make_person

    path = write_roster(tmp_path / "one.xlsx", [roster_row("V001", 姓名="导入者")])
    run(None, path)
    imported = Person.objects.get(name="导入者")
    later = make_person(tree.village_a1, name="手工登记者")
    assert later.pk > imported.pk
    entries = {
        p.name: AuditEntry.objects.get(object_type="core.person", object_id=str(p.pk), action="create")
        for p in (imported, later)
    }
    assert set(entries["导入者"].after) == set(entries["手工登记者"].after)
    assert entries["导入者"].after["org"] == tree.village_a1.pk
    assert entries["导入者"].org_path == tree.village_a1.path and entries["导入者"].county_id == tree.county.pk
    assert imported.created_at is not None and imported.updated_at is not None
    assert verify_chain().ok
