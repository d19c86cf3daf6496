"""Migration operations shared by the apps."""

from __future__ import annotations

from django.db import migrations


def c_collation(*columns: tuple[str, str]) -> migrations.RunPython:
    """Put org path columns under the "C" collation on PostgreSQL (see core 0005): one b-tree index then serves
    both the scope filter `LIKE 'prefix%'` and ordering by path. SQLite compares bytes already."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, column in columns:
                schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar(255) COLLATE "C"')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table, column in columns:
                schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE varchar(255) COLLATE "default"')

    return migrations.RunPython(forwards, backwards)
