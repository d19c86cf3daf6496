"""The import/export commands: exit status, every error printed, --dry-run, --as, export round trip."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangjian.core.models import AuditEntry, Org, Person
from tests.core.test_import_support import read_rows, roster_row, write_orgs, write_roster

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_too]


def counts():
    return Person.objects.count(), Org.objects.count(), AuditEntry.objects.count()


def test_import_roster_cli_imports_and_audits_as_the_system(tree, tmp_path, capsys):
    path = write_roster(tmp_path / "good.xlsx", [roster_row("V001"), roster_row("V003", male=False)])
    before = counts()
    call_command("import_roster", str(path))
    out = capsys.readouterr().out
    assert "导入完成: 共2行: 新增2,更新0,未变0" in out
    assert counts()[0] == before[0] + 2
    entries = AuditEntry.objects.filter(pk__gt=0).order_by("-id")[:3]
    assert {(e.action, e.source, e.actor_name) for e in entries} == {
        ("create", "cli", "系统"),
        ("import", "cli", "系统"),
    }


def test_a_bad_file_exits_non_zero_prints_every_error_and_imports_nothing(tree, tmp_path, capsys):
    rows = [roster_row("V001"), roster_row("NOPE"), roster_row("V001", 学历="硕士", 姓名="")]
    path = write_roster(tmp_path / "bad.xlsx", rows)
    before = counts()
    with pytest.raises(CommandError) as exit_info:
        call_command("import_roster", str(path))
    # manage.py exits with the error's return code (run_from_argv closes the connections, so not called here).
    assert exit_info.value.returncode == 1
    err = capsys.readouterr().err
    assert "第3行 [所在党组织] 党组织“NOPE”不存在或不在您的管理范围内" in err
    assert "第4行 [姓名] 姓名不能为空" in err
    assert "第4行 [学历] 学历“硕士”不是有效选项" in err
    assert "未导入任何数据: 共3处错误" in str(exit_info.value)
    assert counts() == before


def test_dry_run_writes_nothing(tree, tmp_path, capsys):
    path = write_roster(tmp_path / "good.xlsx", [roster_row("V001")])
    before = counts()
    call_command("import_roster", str(path), "--dry-run")
    assert "校验通过(--dry-run,未写入): 共1行: 新增1" in capsys.readouterr().out
    assert counts() == before


def test_as_a_branch_secretary_the_sibling_branch_is_out_of_reach(tree, tmp_path, capsys):
    path = write_roster(tmp_path / "sibling.xlsx", [roster_row("V001")])
    before = counts()
    with pytest.raises(CommandError):
        call_command("import_roster", str(path), "--as", "secretary_a2")
    assert "第2行 [所在党组织]" in capsys.readouterr().err
    assert counts() == before
    call_command("import_roster", str(path), "--as", "secretary_a1")
    assert AuditEntry.objects.filter(action="import").get().actor_name == "secretary_a1"


def test_a_member_account_cannot_import(tree, tmp_path):
    path = write_roster(tmp_path / "x.xlsx", [roster_row("V001")])
    with pytest.raises(CommandError, match="没有导入权限"):
        call_command("import_roster", str(path), "--as", "member_a1")


def test_progress_is_printed_every_ten_percent_off_a_terminal(tree, tmp_path, capsys):
    rows = [roster_row("V001", 姓名=f"党员{i}", birth=dt.date(1960, 1, 1) + dt.timedelta(days=i)) for i in range(1200)]
    path = write_roster(tmp_path / "many.xlsx", rows)
    call_command("import_roster", str(path), "--dry-run")
    err = capsys.readouterr().err
    assert "校验 1000/1200 行" in err and "校验 1200/1200 行" in err


def test_import_orgs_cli(tree, tmp_path, capsys):
    rows = [
        {
            "组织代码": "V301",
            "组织名称": "东城镇新村党支部",
            "上级组织代码": "T001",
            "组织类别": "党支部",
            "所属领域": "农村",
        }
    ]
    call_command("import_orgs", str(write_orgs(tmp_path / "orgs.xlsx", rows)))
    assert "新增1" in capsys.readouterr().out
    assert Org.objects.get(code="V301").path.startswith(tree.town_a.path)
    bad = [{"组织代码": "V302", "组织名称": "x", "上级组织代码": "NOPE", "组织类别": "党支部", "所属领域": "农村"}]
    with pytest.raises(CommandError):
        call_command("import_orgs", str(write_orgs(tmp_path / "bad.xlsx", bad)))
    assert "第2行 [上级组织代码]" in capsys.readouterr().err
    assert not Org.objects.filter(code="V302").exists()


def test_export_masks_ids_and_the_revealed_export_round_trips_into_another_county(tree, tmp_path, capsys):
    masked = tmp_path / "masked.xlsx"
    call_command("export_roster", "--org", "T001", str(masked))
    rows = read_rows(masked)
    header, data = rows[0], rows[1:]
    assert header[:4] == ("姓名", "性别", "民族", "公民身份号码")
    people = list(Person.objects.filter(org_path__startswith=tree.town_a.path).order_by("org_path", "id"))
    assert [r[0] for r in data] == [p.name for p in people]
    assert [r[3] for r in data] == [p.id_number_masked for p in people]
    assert {r[9] for r in data} == {"V001", "V002"}
    assert data[0][4] == dt.datetime(1980, 5, 17) and data[0][6] == "正式党员"
    export_entry = AuditEntry.objects.filter(action="export").get()
    assert export_entry.after["id_numbers"] == "脱敏" and export_entry.after["rows"] == len(people)

    full = tmp_path / "full.xlsx"
    call_command("export_roster", "--org", "V002", "--reveal", str(full))
    assert "完整公民身份号码" in capsys.readouterr().out
    full_rows = read_rows(full)[1:]
    originals = {p.id_number: p for p in tree.people["a2"]}
    assert sorted(r[3] for r in full_rows) == sorted(originals)
    assert AuditEntry.objects.filter(action="export").last().after["id_numbers"] == "完整"

    # Re-importing the revealed export where the people already are changes nothing.
    call_command("import_roster", str(full))
    assert "未变2" in capsys.readouterr().out
    # Into an empty branch, the same file registers the same people again, field for field.
    Person.objects.filter(org=tree.village_a2).delete()
    call_command("import_roster", str(full))
    assert "新增2" in capsys.readouterr().out
    for person in Person.objects.filter(org=tree.village_a2):
        original = originals[person.id_number]
        fields = ("name", "gender", "ethnicity", "birth_date", "education", "status", "joined_on", "confirmed_on")
        assert [getattr(person, f) for f in fields] == [getattr(original, f) for f in fields]
        assert (person.phone, person.category, person.occupation) == (
            original.phone,
            original.category,
            original.occupation,
        )


def test_export_as_a_secretary_stays_in_scope(tree, tmp_path):
    with pytest.raises(CommandError, match="不存在或不在管理范围内"):
        call_command("export_roster", "--org", "V001", "--as", "secretary_a2", str(tmp_path / "x.xlsx"))
    assert not AuditEntry.objects.filter(action="export").exists()
