"""The six arenas (indsatsområder) are product constants: codes are referred to in code."""

from django.db import migrations

from municipalities.reference import ensure_arenas


def create_arenas(apps, schema_editor):
    ensure_arenas(apps.get_model("municipalities", "Arena"))


class Migration(migrations.Migration):
    dependencies = [("municipalities", "0001_initial")]
    operations = [migrations.RunPython(create_arenas, migrations.RunPython.noop)]
