"""One content shape for policies, templates and adopted versions.

A policy's nine section columns and its evaluation fields (participants, months
between reviews) move into one JSON column ``content`` ``{section_key: data}``,
the shape templates already had. An adopted version's content loses the
``title`` and ``institution`` keys, which become columns of their own, so its
content is that same shape. Every section's data is carried over unchanged.
"""

from django.db import migrations, models

SECTION_KEYS = (
    "purpose",
    "substances",
    "attitudes",
    "guidelines",
    "prevention",
    "preparedness",
    "support",
    "partners",
    "communication",
)


def _content(row) -> dict:
    content = {key: getattr(row, key) for key in SECTION_KEYS}
    content["evaluation"] = {
        "participants": row.evaluation_participants,
        "review_interval_months": row.review_interval_months,
    }
    return content


def forwards(apps, schema_editor):
    for name in ("Policy", "HistoricalPolicy"):
        model = apps.get_model("policies", name)
        for row in model.objects.using(schema_editor.connection.alias).iterator():
            row.content = _content(row)
            row.save(update_fields=["content"])
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for version in PolicyVersion.objects.using(schema_editor.connection.alias).iterator():
        content = dict(version.content)
        version.title = content.pop("title", "")
        version.institution_name = content.pop("institution", "")
        version.content = content
        version.save(update_fields=["title", "institution_name", "content"])


def backwards(apps, schema_editor):
    for name in ("Policy", "HistoricalPolicy"):
        model = apps.get_model("policies", name)
        for row in model.objects.using(schema_editor.connection.alias).iterator():
            content = row.content or {}
            for key in SECTION_KEYS:
                setattr(row, key, content.get(key, {}))
            evaluation = content.get("evaluation", {})
            row.evaluation_participants = evaluation.get("participants", "")
            row.review_interval_months = evaluation.get("review_interval_months", 12)
            row.save()
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    for version in PolicyVersion.objects.using(schema_editor.connection.alias).iterator():
        version.content = {
            "title": version.title,
            "institution": version.institution_name,
            **version.content,
        }
        version.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_historical_records"),
    ]

    operations = [
        migrations.AddField(
            model_name="policy",
            name="content",
            field=models.JSONField(blank=True, default=dict, verbose_name="indhold"),
        ),
        migrations.AddField(
            model_name="historicalpolicy",
            name="content",
            field=models.JSONField(blank=True, default=dict, verbose_name="indhold"),
        ),
        migrations.AddField(
            model_name="policyversion",
            name="title",
            field=models.CharField(default="", max_length=200, verbose_name="titel"),
        ),
        migrations.AddField(
            model_name="policyversion",
            name="institution_name",
            field=models.CharField(default="", max_length=200, verbose_name="institution"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveConstraint(
            model_name="policy",
            name="policy_review_interval_1_to_60",
        ),
        *[
            migrations.RemoveField(model_name=model, name=name)
            for model in ("policy", "historicalpolicy")
            for name in (*SECTION_KEYS, "evaluation_participants", "review_interval_months")
        ],
        migrations.AddConstraint(
            model_name="policy",
            constraint=models.CheckConstraint(
                condition=models.Q(("content__evaluation__review_interval_months__gte", 1))
                & models.Q(("content__evaluation__review_interval_months__lte", 60)),
                name="policy_review_interval_1_to_60",
            ),
        ),
    ]
