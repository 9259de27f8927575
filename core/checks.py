"""System checks of the project's own rules."""

from __future__ import annotations

from django.apps import apps
from django.core import checks

from core import personal_data


@checks.register(checks.Tags.models)
def check_free_text_is_guarded(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every free-text field of every project model refuses personal data."""
    errors: list[checks.CheckMessage] = []
    for model in personal_data.project_models():
        for field in personal_data.text_fields(model):
            label = personal_data.field_label(model, field)
            if not personal_data.is_guarded(field):
                errors.append(
                    checks.Error(
                        f"{label} stores free text without the personal-data guard.",
                        hint="core.personal_data.install() attaches it; or, if the field is "
                        "not free text, list it in core.personal_data.NOT_FREE_TEXT.",
                        obj=field,
                        id="core.E001",
                    )
                )
            if (
                personal_data.is_case_field(model, field)
                and personal_data.validate_no_pupil_name not in field.validators
            ):
                errors.append(
                    checks.Error(
                        f"{label} describes a case but does not refuse pupils' names.",
                        obj=field,
                        id="core.E002",
                    )
                )
            if personal_data.is_case_field(model, field) and not field.help_text:
                errors.append(
                    checks.Error(
                        f"{label} describes a case but shows no reminder not to write names.",
                        hint="Give the model field a help_text.",
                        obj=field,
                        id="core.E003",
                    )
                )
    for label in [*personal_data.NOT_FREE_TEXT, *personal_data.CASE_FIELDS]:
        app_model, _dot, field_name = label.rpartition(".")
        try:
            model = apps.get_model(app_model)
        except LookupError:
            # A model that moves between apps is listed under both labels.
            continue
        if field_name not in {field.name for field in model._meta.get_fields()}:
            errors.append(
                checks.Error(
                    f"core.personal_data names {label}, which does not exist.",
                    id="core.E004",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_errors_reach_someone(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The 500 page says "we have been told": someone must be."""
    from django.conf import settings

    emails_leave = settings.ADMINS and not settings.EMAIL_BACKEND.endswith(
        ("console.EmailBackend", "locmem.EmailBackend", "dummy.EmailBackend")
    )
    if emails_leave or getattr(settings, "SENTRY_DSN", ""):
        return []
    return [
        checks.Warning(
            "Errors reach no one: the error page promises that we have been told.",
            hint="Set DJANGO_ADMINS (with an SMTP server, EMAIL_HOST) or SENTRY_DSN.",
            id="core.W001",
        )
    ]
