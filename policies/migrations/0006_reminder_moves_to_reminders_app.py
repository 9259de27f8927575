"""The Reminder model now lives in the reminders app (reminders 0001 keeps the rows)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("policies", "0005_template_sources"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Reminder")],
            database_operations=[],
        ),
    ]
