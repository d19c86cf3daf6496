"""Org sheet import: parent-before-child creation, updates through the services, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from dangjian.core.audit import audit_context
from dangjian.core.io.orgs import org_import
from dangjian.core.models import AuditEntry, Org
from tests.core.test_import_support import write_orgs

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]


def org_row(code, name, parent, kind="党支部", domain="农村", **extra):
    return {"组织代码": code, "组织名称": name, "上级组织代码": parent, "组织类别": kind, "所属领域": domain, **extra}


def run(actor, path, **kwargs):
    with audit_context(source="cli"):
        return org_import(actor=actor, source=path, file_name=path.name, **kwargs)


def counts():
    return Org.objects.count(), AuditEntry.objects.count()


def test_children_may_come_before_their_parents_in_the_file(tree, tmp_path):
    rows = [
        org_row("G201", "南湖社区第一党小组", "V201", kind="党小组", domain="社区"),
        org_row("V201", "南湖社区党支部", "T003", domain="社区", 批准建立日期="2012-05-04"),
        org_row("T003", "南湖街道党工委", "C001", kind="党工委", domain="街道", 层级="乡镇(街道)"),
    ]
    path = write_orgs(tmp_path / "orgs.xlsx", rows)
    result = run(None, path)
    assert result.ok and (result.created, result.updated, result.unchanged) == (3, 0, 0)
    township = Org.objects.get(code="T003")
    branch = Org.objects.get(code="V201")
    group = Org.objects.get(code="G201")
    assert township.path.startswith(tree.county.path) and township.level == "township"
    assert branch.path.startswith(township.path) and branch.founded_on == dt.date(2012, 5, 4)
    assert group.path.startswith(branch.path) and group.kind == "party_group"
    assert {o.county_id for o in (township, branch, group)} == {tree.county.pk}
    creates = AuditEntry.objects.filter(object_type="core.org", action="create", source="cli")
    assert set(creates.values_list("object_id", flat=True)) >= {str(o.pk) for o in (township, branch, group)}
    summary = AuditEntry.objects.filter(action="import").get()
    assert summary.after["created"] == 3 and summary.object_id == str(tree.county.pk)


def test_reimport_is_unchanged_and_a_changed_name_updates_through_the_service(tree, tmp_path):
    rows = [org_row("V001", "东城镇李庄村党支部", "T001"), org_row("V002", "东城镇王庄村党支部", "T001")]
    path = write_orgs(tmp_path / "same.xlsx", rows)
    before = counts()
    result = run(tree.accounts["town_a"], path)
    assert result.ok and (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert counts() == (before[0], before[1] + 1)  # the import summary only

    rows[1]["组织名称"] = "东城镇王庄村党总支"
    rows[1]["组织类别"] = "党总支"
    result = run(tree.accounts["town_a"], write_orgs(tmp_path / "changed.xlsx", rows))
    assert result.ok and result.updated == 1
    tree.village_a2.refresh_from_db()
    assert (tree.village_a2.name, tree.village_a2.kind) == ("东城镇王庄村党总支", "general_branch")
    entry = AuditEntry.objects.filter(object_type="core.org", object_id=str(tree.village_a2.pk)).last()
    assert entry.action == "update" and entry.before["name"] == "东城镇王庄村党支部"


def test_bad_rows_are_all_reported_and_nothing_is_created(tree, tmp_path):
    rows = [
        org_row("V101", "好的支部", "T001"),  # 2
        org_row("V102", "未知上级", "NOPE"),  # 3
        org_row("V103", "别的乡镇之下", "T002"),  # 4: out of the township admin's scope
        org_row("V104", "类别错误", "T001", kind="支部委员会"),  # 5
        org_row("V105", "", "T001"),  # 6: no name
        org_row("V106", "重复一", "T001"),  # 7
        org_row("V106", "重复二", "T001"),  # 8
        org_row("V003", "占用别人的代码", "T001"),  # 9: exists in town B
        org_row("V107", "循环甲", "V108"),  # 10
        org_row("V108", "循环乙", "V107"),  # 11
        org_row("V109", "将来成立", "T001", 批准建立日期=dt.date.today() + dt.timedelta(days=30)),  # 12
        org_row("V001", "东城镇李庄村党支部", "T002"),  # 13: a move is not an import
    ]
    path = write_orgs(tmp_path / "bad.xlsx", rows)
    before = counts()
    result = run(tree.accounts["town_a"], path)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "上级组织代码"),
        (4, "上级组织代码"),
        (5, "组织类别"),
        (6, "组织名称"),
        (7, "组织代码"),
        (8, "组织代码"),
        (9, "组织代码"),
        (10, "上级组织代码"),
        (11, "上级组织代码"),
        (12, "批准建立日期"),
        (13, "上级组织代码"),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "循环" in messages[(10, "上级组织代码")]
    assert messages[(9, "组织代码")] == "组织代码“V003”已被其他组织使用"
    assert counts() == before


def test_a_branch_secretary_may_not_import_orgs(tree, tmp_path):
    path = write_orgs(tmp_path / "orgs.xlsx", [org_row("G001", "党小组", "V001", kind="党小组")])
    with pytest.raises(PermissionDenied):
        run(tree.accounts["secretary_a1"], path)
    assert not Org.objects.filter(code="G001").exists()


def test_only_the_system_creates_a_root(tree, tmp_path):
    rows = [org_row("C002", "另一县委", None, kind="党委", domain="机关", 层级="县(区)")]
    path = write_orgs(tmp_path / "root.xlsx", rows)
    refused = run(tree.accounts["county"], path)
    assert [(e.row, e.column) for e in refused.errors] == [(2, "上级组织代码")]
    result = run(None, path)
    assert result.ok
    root = Org.objects.get(code="C002")
    assert root.depth == 1 and root.county_id == root.pk
