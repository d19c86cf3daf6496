"""The audit trail: every write recorded with before/after, append-only, and tampering detected."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction

from dangjian.core import services
from dangjian.core.audit import audit_context, verify_chain
from dangjian.core.models import AuditEntry
from tests.core.factories import make_person

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.sqlite_too]


def entries_for(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")


def test_create_records_after_values_with_the_id_number_masked(tree):
    person = tree.people["a1"][0]
    entry = entries_for(person).get()
    assert entry.action == "create"
    assert entry.after["name"] == person.name
    assert entry.after["id_number_masked"] == person.id_number_masked
    dumped = json.dumps(entry.after, ensure_ascii=False)
    assert person.id_number not in dumped
    assert "id_number_encrypted" not in entry.after
    assert entry.org_path == tree.village_a1.path


def test_update_records_only_what_changed_with_actor_and_source(tree):
    person = tree.people["a1"][0]
    actor = tree.accounts["secretary_a1"]
    with audit_context(source="web", request_id="req-1"):
        services.person_update(actor=actor, person=person, phone="13912345678")
    entry = entries_for(person).last()
    assert (entry.action, entry.actor_id, entry.actor_name, entry.source, entry.request_id) == (
        "update",
        actor.pk,
        "secretary_a1",
        "web",
        "req-1",
    )
    assert entry.before == {"phone": "13800138000"}
    assert entry.after == {"phone": "13912345678"}


def test_a_refused_write_changes_nothing_and_records_nothing(tree):
    person = tree.people["a1"][0]
    count = AuditEntry.objects.count()
    with pytest.raises(Exception, match="权限"):
        services.person_update(actor=tree.accounts["secretary_a2"], person=person, phone="13912345678")
    person.refresh_from_db()
    assert person.phone == "13800138000"
    assert AuditEntry.objects.count() == count


def test_a_write_that_fails_after_auditing_rolls_back_its_entry(tree):
    count = AuditEntry.objects.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(tree.village_a1, name="回滚测试")
        raise IntegrityError("simulated failure after the write")
    assert AuditEntry.objects.count() == count


def test_org_move_is_audited_and_carries_people_along(tree):
    services.org_move(actor=tree.accounts["county"], org=tree.village_a2, new_parent=tree.town_b)
    tree.village_a2.refresh_from_db()
    entry = entries_for(tree.village_a2).last()
    assert entry.action == "move"
    assert entry.before["parent"] == "T001" and entry.after["parent"] == "T002"
    for person in tree.people["a2"]:
        person.refresh_from_db()
        assert person.org_path == tree.village_a2.path
        assert person.org_path.startswith(tree.town_b.path)


def test_the_trail_cannot_be_edited_through_the_application(tree):
    entry = AuditEntry.objects.first()
    entry.actor_name = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_name="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def _raw(sql, params):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The database refuses this too; a tamperer with superuser rights would first disable the trigger.
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
        cursor.execute(sql, params)


def test_verify_audit_passes_on_an_intact_chain(tree, capsys):
    call_command("verify_audit")
    assert "哈希链无误" in capsys.readouterr().out
    assert verify_chain().checked == AuditEntry.objects.count()


def test_verify_audit_fails_and_names_an_altered_entry(tree):
    victim = AuditEntry.objects.order_by("id")[3]
    _raw("UPDATE core_auditentry SET actor_name = %s WHERE id = %s", ["篡改者", victim.pk])
    with pytest.raises(CommandError, match=f"第 {victim.pk} 号记录"):
        call_command("verify_audit")


def test_verify_audit_fails_on_a_removed_entry(tree):
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    _raw("DELETE FROM core_auditentry WHERE id = %s", [ids[2]])
    with pytest.raises(CommandError, match=f"第 {ids[3]} 号记录"):
        call_command("verify_audit")


def test_verify_audit_fails_when_the_newest_entries_are_cut_off(tree):
    last = AuditEntry.objects.order_by("-id").first()
    _raw("DELETE FROM core_auditentry WHERE id = %s", [last.pk])
    with pytest.raises(CommandError, match="末尾记录被删除"):
        call_command("verify_audit")


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the database-level guard is PostgreSQL's")
def test_postgresql_refuses_updates_to_the_trail(tree):
    with pytest.raises(Exception, match="只能追加"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET actor_name = 'x'")


def test_a_time_of_day_is_recorded_as_text():
    import datetime as dt

    from dangjian.core.audit import _jsonable

    assert _jsonable(dt.time(19, 30)) == "19:30:00"
