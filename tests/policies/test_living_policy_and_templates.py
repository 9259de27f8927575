"""The living policy (events against the eight questions) and municipal templates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policies import services
from policies.forms import template_forms
from policies.models import LivingPolicyEvent, PolicyTemplate, TemplateKind
from tests.policies.factories import adopted_policy, national_template

pytestmark = pytest.mark.django_db


def test_an_event_is_shown_against_the_question_it_answers(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    client = client_for(school_editor)
    response = client.post(
        reverse("policies:event_create", args=[policy.pk]),
        {"kind": "new_parents", "date": "2025-08-20", "description": "Forældremøde i 0. klasse"},
    )
    assert response.status_code == 302
    event = LivingPolicyEvent.objects.get()
    assert event.question == 3
    html = client.get(reverse("policies:detail", args=[policy.pk])).content.decode()
    row = html.split("3. Hvordan sikres det, at nye elever")[1].split("</tr>")[0]
    assert "Forældremøde i 0. klasse" in row


def test_an_event_without_a_date_is_refused_with_a_danish_message(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    response = client_for(school_editor).post(
        reverse("policies:event_create", args=[policy.pk]), {"kind": "year_plan", "date": ""}
    )
    assert "Skriv datoen." in response.content.decode()
    assert not LivingPolicyEvent.objects.exists()


def _template_post(template: PolicyTemplate, **changes) -> dict:
    data = {"name": template.name, "introduction": template.introduction, "version": 1}
    for form in template_forms(template):
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[form.add_prefix(name)] = [str(item) for item in value]
            elif value is True:
                data[form.add_prefix(name)] = "on"
            else:
                data[form.add_prefix(name)] = str(value)
    data.update(changes)
    return data


def test_a_coordinator_adapts_a_national_template_and_edits_the_copy(
    client_for, coordinator, municipality
):
    national = national_template(TemplateKind.YOUTH_CLUB)
    client = client_for(coordinator)
    response = client.post(reverse("policies:template_adapt", args=[national.pk]))
    own = PolicyTemplate.objects.get(municipality=municipality, kind=TemplateKind.YOUTH_CLUB)
    assert response["Location"] == reverse("policies:template_edit", args=[own.pk])
    assert own.based_on == national

    response = client.post(
        reverse("policies:template_edit", args=[own.pk]),
        _template_post(own, **{"purpose-text": "Koldings klubber: [skriv klubbens navn]"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    own.refresh_from_db()
    assert own.content["purpose"]["text"] == "Koldings klubber: [skriv klubbens navn]"
    # The national template is untouched.
    national.refresh_from_db()
    assert "Koldings" not in national.content["purpose"]["text"]


def test_a_national_template_cannot_be_edited_in_the_app(client_for, coordinator):
    national = national_template()
    response = client_for(coordinator).get(reverse("policies:template_edit", args=[national.pk]))
    assert response.status_code == 403


def test_adapting_twice_returns_the_same_copy(municipality, coordinator):
    national = national_template()
    first = services.policy_template_adapt(
        template=national, municipality=municipality, user=coordinator
    )
    second = services.policy_template_adapt(
        template=national, municipality=municipality, user=coordinator
    )
    assert first == second


def test_a_template_edit_conflict_shows_the_other_text_and_the_next_save_works(
    client_for, coordinator, municipality
):
    national = national_template(TemplateKind.YOUTH_CLUB)
    own = services.policy_template_adapt(
        template=national, municipality=municipality, user=coordinator
    )
    client = client_for(coordinator)
    url = reverse("policies:template_edit", args=[own.pk])
    theirs = client.post(url, _template_post(own, **{"purpose-text": "Deres formål"}))
    assert theirs.status_code == 302
    mine = client.post(url, _template_post(own, **{"purpose-text": "Mit formål"}))
    assert mine.status_code == 200
    html = mine.content.decode()
    assert "En anden har gemt ændringer" in html
    assert "Mit formål" in html and "Deres formål" in html
    assert mine.context["header"]["version"].value() == "2"
    again = client.post(url, _template_post(own, **{"purpose-text": "Mit formål", "version": 2}))
    assert again.status_code == 302
    own.refresh_from_db()
    assert own.content["purpose"]["text"] == "Mit formål"
