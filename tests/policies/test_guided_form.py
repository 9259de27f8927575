"""The guided form: one step per page, saved at every step, validated per step."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policies import services
from policies.content import SECTION_KEYS as STEP_KEYS
from policies.forms import step_form
from policies.models import Policy
from tests.policies.factories import complete_draft, national_template

pytestmark = pytest.mark.django_db


def _post_data(policy: Policy, step: str, **changes) -> dict:
    """What the browser would post for ``step`` unchanged (plus ``changes``)."""
    form = step_form(step, policy)
    data: dict = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is True:
            data[name] = "on"
        else:
            data[name] = str(value)
    data.update(changes)
    return data


def test_every_step_page_opens_saves_and_leads_to_the_next(client_for, school_editor, institution):
    policy = complete_draft(institution=institution, user=school_editor)
    client = client_for(school_editor)
    for index, step in enumerate(STEP_KEYS):
        url = reverse("policies:step", kwargs={"pk": policy.pk, "step": step})
        page = client.get(url)
        assert page.status_code == 200
        assert 'class="guide"' in page.content.decode()
        response = client.post(url, _post_data(policy, step, action="next"))
        errors = response.context and response.context["form"].errors
        assert response.status_code == 302, (step, errors)
        policy.refresh_from_db()
        expected = STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else "review"
        assert policy.current_step == expected
    assert client.get(reverse("policies:review", kwargs={"pk": policy.pk})).status_code == 200


def test_a_new_draft_starts_from_the_template_and_resumes_where_it_was_left(
    client_for, school_editor, institution
):
    national_template()
    client = client_for(school_editor)
    response = client.post(reverse("policies:create"), {"institution": institution.pk})
    policy = Policy.objects.get()
    assert response["Location"] == reverse("policies:step", args=[policy.pk, "purpose"])
    assert "udskyde alkoholdebuten" in policy.content["purpose"]["text"]
    client.post(
        reverse("policies:step", args=[policy.pk, "purpose"]),
        _post_data(policy, "purpose", text="Vores formål", action="next"),
    )
    # A new session (logged out and in again) resumes at the saved step.
    detail = client_for(school_editor).get(reverse("policies:detail", args=[policy.pk]))
    assert reverse("policies:step", args=[policy.pk, "substances"]) in detail.content.decode()
    policy.refresh_from_db()
    assert policy.content["purpose"]["text"] == "Vores formål"


def test_an_empty_required_field_is_refused_with_the_error_in_the_summary(
    client_for, school_editor, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    url = reverse("policies:step", args=[policy.pk, "purpose"])
    response = client_for(school_editor).post(url, _post_data(policy, "purpose", text=""))
    assert response.status_code == 200
    html = response.content.decode()
    assert "error-summary" in html
    assert "Skriv politikkens formål." in html
    policy.refresh_from_db()
    assert policy.content["purpose"]["text"]  # the saved text is not lost


def test_the_templates_prompts_in_brackets_must_be_replaced(client_for, school_editor, institution):
    policy = complete_draft(institution=institution, user=school_editor)
    url = reverse("policies:step", args=[policy.pk, "support"])
    data = _post_data(policy, "support", text="Kontakt [Skriv jeres lokale tilbud.]")
    response = client_for(school_editor).post(url, data)
    assert "Erstat teksten i firkantede parenteser" in response.content.decode()


def test_support_requires_the_confirmation_that_the_policy_does_not_aim_at_exclusion(
    client_for, school_editor, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    data = _post_data(policy, "support")
    data.pop("not_exclusion")
    response = client_for(school_editor).post(
        reverse("policies:step", args=[policy.pk, "support"]), data
    )
    assert "Bekræft, at politikken ikke sigter mod eksklusion." in response.content.decode()


def test_a_half_filled_escalation_step_and_a_bad_phone_number_are_refused(
    client_for, school_editor, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    client = client_for(school_editor)
    data = _post_data(policy, "preparedness", steps_5_trigger="Ved mistanke om salg")
    response = client.post(reverse("policies:step", args=[policy.pk, "preparedness"]), data)
    assert "Udfyld feltet, eller tøm hele trinet." in response.content.decode()
    data = _post_data(policy, "partners", contacts_1_phone="ring mig")
    response = client.post(reverse("policies:step", args=[policy.pk, "partners"]), data)
    assert "Skriv et gyldigt telefonnummer" in response.content.decode()


def test_the_escalation_ladder_keeps_its_order_and_drops_blank_rows(
    client_for, school_editor, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    data = _post_data(
        policy,
        "preparedness",
        steps_1_trigger="",
        steps_1_who_acts="",
        steps_1_contact="",
        steps_1_within="",
        steps_5_trigger="Femte",
        steps_5_who_acts="Leder",
        steps_5_contact="Politiet",
    )
    client_for(school_editor).post(reverse("policies:step", args=[policy.pk, "preparedness"]), data)
    policy.refresh_from_db()
    triggers = [step["trigger"] for step in policy.content["preparedness"]["steps"]]
    assert len(triggers) == 4
    assert triggers[-1] == "Femte"
    assert triggers[0].startswith("Gentagne tilfælde")


def test_a_change_link_from_check_your_answers_returns_to_it(
    client_for, school_editor, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    client = client_for(school_editor)
    review = client.get(reverse("policies:review", args=[policy.pk])).content.decode()
    change = reverse("policies:step", args=[policy.pk, "attitudes"]) + "?retur=review"
    assert change in review
    response = client.post(change, _post_data(policy, "attitudes", retur="review", action="next"))
    assert response["Location"] == reverse("policies:review", args=[policy.pk])


def test_an_incomplete_policy_cannot_be_adopted(client_for, school_leader, institution):
    national_template()
    policy = services.policy_create_from_template(institution=institution, user=school_leader)
    response = client_for(school_leader).post(
        reverse("policies:adopt", args=[policy.pk]), {"version": policy.version}, follow=True
    )
    assert "mangler oplysninger" in response.content.decode()
    policy.refresh_from_db()
    assert policy.status == Policy.Status.DRAFT
    assert not policy.versions.exists()
