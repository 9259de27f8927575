"""Trigram indexes for the activity list's free-text search (title, target group
text, description), so that a search is an index lookup, not a scan of every
activity. PostgreSQL only (pg_trgm); elsewhere the search stays plain matching.

The indexes are on UPPER(column::text), the expression Django's icontains
compares on PostgreSQL, so the planner uses them for the filter as written.
"""

from django.db import migrations

COLUMNS = ("title", "target_group_text", "description")


def _name(column: str) -> str:
    return f"activities_activity_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_name(column)} ON activities_activity "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(column)}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_import_job")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
