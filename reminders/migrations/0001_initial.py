"""The Reminder model moves from the policies app to the reminders app, rows and all.

The state moves (policies 0003 forgets the model, this creates it here); the
database keeps every row: the table is renamed, its indexes and constraints go
with it. The content type is relabelled so that permissions and admin log
entries still point at the model.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def relabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="reminders", model="reminder").exists():
        ContentType.objects.using(db).filter(app_label="policies", model="reminder").update(
            app_label="reminders"
        )


def unlabel_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label="policies", model="reminder").exists():
        ContentType.objects.using(db).filter(app_label="reminders", model="reminder").update(
            app_label="policies"
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("municipalities", "0002_arenas"),
        ("policies", "0002_reminder"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reminder',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('policy_review', 'Revision af rusmiddelpolitik'), ('obligation', 'Forpligtelse i partnerskab')], max_length=20, verbose_name='type')),
                        ('object_type', models.CharField(max_length=60, verbose_name='objekttype')),
                        ('object_id', models.PositiveBigIntegerField(verbose_name='objekt-id')),
                        ('cycle', models.PositiveIntegerField(verbose_name='cyklus')),
                        ('stage', models.CharField(choices=[('upcoming', 'Forfalder snart'), ('due', 'Forfalder i dag'), ('overdue', 'Overskredet'), ('escalated', 'Overskredet ud over fristen')], max_length=20, verbose_name='trin')),
                        ('due_date', models.DateField(verbose_name='frist')),
                        ('status', models.CharField(choices=[('pending', 'Venter'), ('sending', 'Sendes'), ('sent', 'Sendt'), ('failed', 'Fejlet')], default='pending', max_length=20, verbose_name='status')),
                        ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='forsøg')),
                        ('last_error', models.TextField(blank=True, verbose_name='seneste fejl')),
                        ('claim_token', models.UUIDField(blank=True, editable=False, null=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='oprettet')),
                        ('claimed_at', models.DateTimeField(blank=True, null=True, verbose_name='taget i behandling')),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sendt')),
                        ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='municipalities.municipality', verbose_name='kommune')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to=settings.AUTH_USER_MODEL, verbose_name='modtager')),
                    ],
                    options={
                        'verbose_name': 'påmindelse',
                        'verbose_name_plural': 'påmindelser',
                        'ordering': ['-created_at', '-pk'],
                        'indexes': [models.Index(fields=['status', 'created_at'], name='policies_re_status_019dae_idx'), models.Index(fields=['claim_token'], name='policies_re_claim_t_1ba998_idx'), models.Index(fields=['object_type', 'object_id'], name='policies_re_object__9887ec_idx')],
                        'constraints': [models.UniqueConstraint(fields=('kind', 'object_type', 'object_id', 'cycle', 'recipient', 'stage'), name='reminder_once_per_cycle_recipient_stage')],
                    },
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'ALTER TABLE "policies_reminder" RENAME TO "reminders_reminder"',
                    'ALTER TABLE "reminders_reminder" RENAME TO "policies_reminder"',
                ),
            ],
        ),
        migrations.RunPython(relabel_content_type, unlabel_content_type),
    ]
