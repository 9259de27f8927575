"""Adoption, frozen versions, concurrent edits, templates, public links, documents, lists."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from municipalities.models import Institution
from policies import services
from policies.content import SECTIONS, section_lines
from policies.models import Policy, PolicyTemplate, PolicyVersion, TemplateKind
from policies.seed import load_policy_templates
from policies.views import PAGE_SIZE
from tests.factories import InstitutionFactory
from tests.policies.factories import adopted_policy, complete_draft, national_template

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")


# --- Concurrent edits -------------------------------------------------------------


def test_the_later_of_two_concurrent_saves_is_refused_and_shows_the_others_text(
    client_for, school_editor, school_leader, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    url = reverse("policies:step", args=[policy.pk, "purpose"])
    rendered_version = policy.version
    first = client_for(school_leader).post(
        url, {"text": "Lederens formål", "version": rendered_version, "action": "save"}
    )
    assert first.status_code == 302
    second = client_for(school_editor).post(
        url, {"text": "Redaktørens formål", "version": rendered_version, "action": "save"}
    )
    assert second.status_code == 200
    html = second.content.decode()
    assert "En anden har gemt ændringer" in html
    assert "Lederens formål" in html  # the other's saved text is shown
    assert "Redaktørens formål" in html  # and this person's text is kept in the form
    policy.refresh_from_db()
    assert policy.content["purpose"]["text"] == "Lederens formål"


# --- Adoption and frozen versions -------------------------------------------------


def test_adoption_freezes_a_numbered_version_and_computes_the_next_review(
    school_leader, institution
):
    policy = complete_draft(institution=institution, user=school_leader)
    adopted_at = datetime(2025, 1, 31, 10, 0, tzinfo=CPH)
    version = services.policy_adopt(
        policy=policy, user=school_leader, expected_version=policy.version, adopted_at=adopted_at
    )
    policy.refresh_from_db()
    assert version.number == 1
    assert policy.status == Policy.Status.ADOPTED
    assert policy.review_due_date == date(2026, 1, 31)
    assert policy.next_review_date == date(2026, 1, 31)
    assert policy.review_cycle == 1
    assert version.content["purpose"] == policy.content["purpose"]
    assert version.adopted_by == school_leader
    assert not policy.is_due_for_review(today=date(2026, 1, 30))
    assert policy.is_due_for_review(today=date(2026, 1, 31))


def test_a_short_review_interval_ends_on_the_last_day_of_a_shorter_month(
    school_leader, institution
):
    policy = complete_draft(institution=institution, user=school_leader)
    policy.review_interval_months = 1
    policy.save()
    services.policy_adopt(
        policy=policy,
        user=school_leader,
        expected_version=policy.version,
        adopted_at=datetime(2025, 1, 31, 12, 0, tzinfo=CPH),
    )
    policy.refresh_from_db()
    assert policy.review_due_date == date(2025, 2, 28)


def test_editing_after_adoption_leaves_the_adopted_version_unchanged(
    school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    frozen = PolicyVersion.objects.get(policy=policy).content
    services.policy_revise(policy=policy, user=school_editor, expected_version=policy.version)
    services.policy_save_step(
        policy=policy,
        step="purpose",
        values={"text": "Et helt nyt formål"},
        expected_version=policy.version,
        user=school_editor,
    )
    version = PolicyVersion.objects.get(policy=policy)
    assert version.content == frozen
    assert version.content["purpose"]["text"] != "Et helt nyt formål"
    # Re-adoption adds version 2 and leaves version 1 alone.
    policy.refresh_from_db()
    services.policy_adopt(policy=policy, user=school_leader, expected_version=policy.version)
    assert list(policy.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert PolicyVersion.objects.get(policy=policy, number=1).content == frozen
    policy.refresh_from_db()
    assert policy.review_cycle == 2


def test_a_saved_version_refuses_to_be_saved_again(school_leader, institution):
    policy = adopted_policy(institution=institution, user=school_leader)
    version = policy.versions.get()
    version.content = {"purpose": {"text": "Omskrevet historie"}}
    with pytest.raises(ValidationError):
        version.save()
    version.refresh_from_db()
    assert version.content["purpose"]["text"] != "Omskrevet historie"


def test_an_adopted_policy_cannot_be_edited_through_the_steps(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    response = client_for(school_editor).post(
        reverse("policies:step", args=[policy.pk, "purpose"]),
        {"text": "Snydt", "version": policy.version},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.content["purpose"]["text"] != "Snydt"


def test_an_editor_sends_to_consultation_but_only_a_leader_adopts(
    client_for, school_editor, school_leader, institution
):
    policy = complete_draft(institution=institution, user=school_editor)
    editor = client_for(school_editor)
    editor.post(reverse("policies:send_to_consultation", args=[policy.pk]), {"version": 1})
    policy.refresh_from_db()
    assert policy.status == Policy.Status.CONSULTATION
    refused = editor.post(reverse("policies:adopt", args=[policy.pk]), {"version": policy.version})
    assert refused.status_code == 403
    client_for(school_leader).post(
        reverse("policies:adopt", args=[policy.pk]), {"version": policy.version}
    )
    policy.refresh_from_db()
    assert policy.status == Policy.Status.ADOPTED


def test_two_versions_are_compared_section_by_section(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    services.policy_revise(policy=policy, user=school_editor, expected_version=policy.version)
    services.policy_save_step(
        policy=policy,
        step="attitudes",
        values={"text": "Nye holdninger efter revisionen"},
        expected_version=policy.version,
        user=school_editor,
    )
    services.policy_adopt(policy=policy, user=school_leader, expected_version=policy.version)
    response = client_for(school_editor).get(
        reverse("policies:version_compare", args=[policy.pk]) + "?a=1&b=2"
    )
    html = response.content.decode()
    assert "Nye holdninger efter revisionen" in html
    assert html.count("Uændret") == len(SECTIONS) - 1


# --- Queries for reminders ----------------------------------------------------------


def test_due_within_and_overdue_find_adopted_policies_by_their_review_date(
    coordinator, institution, municipality
):
    soon = adopted_policy(institution=institution, user=coordinator)
    late = adopted_policy(
        institution=InstitutionFactory(municipality=municipality), user=coordinator
    )
    draft = complete_draft(institution=institution, user=coordinator)
    Policy.objects.filter(pk=soon.pk).update(review_due_date=date(2025, 6, 20))
    Policy.objects.filter(pk=late.pk).update(review_due_date=date(2025, 5, 1))
    today = date(2025, 6, 1)
    assert set(Policy.objects.adopted()) == {soon, late}
    assert list(Policy.objects.due_within(30, today=today)) == [soon]
    assert list(Policy.objects.overdue(today=today)) == [late]
    assert draft not in Policy.objects.adopted()


# --- Templates ---------------------------------------------------------------------------


def test_loading_the_templates_twice_changes_nothing():
    first = load_policy_templates()
    versions = dict(PolicyTemplate.objects.values_list("kind", "version"))
    second = load_policy_templates()
    assert first["created"] == 5
    assert second == {"policy_templates": 5, "created": 0, "updated": 0}
    assert dict(PolicyTemplate.objects.values_list("kind", "version")) == versions
    assert set(versions) == set(TemplateKind.values)


def test_a_new_policy_starts_from_the_municipalitys_own_template_before_the_national(
    school_editor, institution, municipality, other_municipality, coordinator, outsider
):
    national = national_template()
    other = services.policy_template_adapt(
        template=national, municipality=other_municipality, user=outsider
    )
    other.content = {**other.content, "purpose": {"text": "Varde-formål"}}
    other.save()
    policy = services.policy_create_from_template(institution=institution, user=school_editor)
    assert policy.template == national

    own = services.policy_template_adapt(
        template=national, municipality=municipality, user=coordinator
    )
    own.content = {**own.content, "purpose": {"text": "Koldings formål"}}
    own.save()
    policy = services.policy_create_from_template(institution=institution, user=school_editor)
    assert policy.template == own
    assert policy.content["purpose"]["text"] == "Koldings formål"


def test_an_institution_kind_without_a_template_uses_the_nearest(coordinator, municipality):
    national_template()
    youth_school = InstitutionFactory(municipality=municipality, kind=Institution.Kind.YOUTH_SCHOOL)
    policy = services.policy_create_from_template(institution=youth_school, user=coordinator)
    assert policy.template.kind == TemplateKind.YOUTH_CLUB


def test_a_sports_association_template_covers_doping_and_parental_permission():
    template = national_template(TemplateKind.SPORTS_ASSOCIATION)
    assert "doping" in template.content["substances"]["substances"]
    assert (
        "skriftlig tilladelse"
        in template.content["guidelines"]["grid"]["students"]["school_or_club"]
    )


# --- Public links -------------------------------------------------------------------------


def test_a_public_link_shows_the_adopted_version_until_it_is_revoked(
    client, client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    client_for(school_leader).post(reverse("policies:public_link_create", args=[policy.pk]))
    link = policy.public_links.get()
    assert len(link.token) >= 40
    url = reverse("policies:public", args=[link.token])
    # A draft edited after adoption is not what the public sees.
    services.policy_revise(policy=policy, user=school_editor, expected_version=policy.version)
    services.policy_save_step(
        policy=policy,
        step="purpose",
        values={"text": "Hemmelig kladde"},
        expected_version=policy.version,
        user=school_editor,
    )
    page = client.get(url)
    assert page.status_code == 200
    assert "udskyde alkoholdebuten" in page.content.decode()
    assert "Hemmelig kladde" not in page.content.decode()

    client_for(school_leader).post(
        reverse("policies:public_link_revoke", args=[policy.pk, link.pk])
    )
    assert client.get(url).status_code == 404
    assert client.get(reverse("policies:public", args=["gaet-et-token"])).status_code == 404


# --- Documents -------------------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_holds_every_section_of_the_adopted_version(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    response = client_for(school_editor).get(reverse("policy_documents:pdf", args=[policy.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    content = policy.versions.get().content
    for step in SECTIONS:
        assert str(step.title) in text, step.key
        first_line = section_lines(step.key, content.get(step.key))[0]
        # The first few words of each section's first value appear in the PDF.
        words = " ".join(first_line.split(": ", 1)[1].split()[:4])
        assert words in text, (step.key, words)


def test_the_concern_card_is_one_page_with_the_ladder_and_contacts(
    client_for, school_editor, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_editor, adopter=school_leader)
    response = client_for(school_editor).get(reverse("policy_documents:card", args=[policy.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = _pdf_text(response.content)
    assert "Når du er bekymret" in text
    assert "SSP-konsulenten" in text
    assert "underretning" in text


def test_documents_of_a_policy_never_adopted_answer_404(client_for, school_editor, institution):
    policy = complete_draft(institution=institution, user=school_editor)
    client = client_for(school_editor)
    assert client.get(reverse("policy_documents:pdf", args=[policy.pk])).status_code == 404


# --- List ------------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 200])
def test_the_policy_list_costs_the_same_queries_for_1_and_200_policies(
    rows, client_for, coordinator, school_leader, municipality, django_assert_num_queries
):
    template = national_template()
    institutions = InstitutionFactory.create_batch(rows, municipality=municipality)
    Policy.objects.bulk_create(
        Policy(
            municipality=municipality,
            institution=institution,
            title=f"Politik {index}",
            template=template,
            responsible=school_leader,
        )
        for index, institution in enumerate(institutions)
    )
    client = client_for(coordinator)
    # 1 the session with its user, membership, municipality and institution, 2 "may
    # create" (an institution exists), 3 the paginator's count of policies, 4 the page of
    # policies with institution, municipality and responsible joined and the version
    # count annotated. The session is not saved: it was refreshed at login.
    with django_assert_num_queries(4):
        response = client.get(reverse("policies:list"))
    assert response.status_code == 200
    assert response.content.decode().count('<th scope="row">') == min(rows, PAGE_SIZE)


def test_the_policy_list_is_paginated_with_an_accessible_navigation(
    client_for, coordinator, school_leader, municipality
):
    template = national_template()
    institutions = InstitutionFactory.create_batch(PAGE_SIZE + 3, municipality=municipality)
    Policy.objects.bulk_create(
        Policy(
            municipality=municipality,
            institution=institution,
            title=f"Politik {index}",
            template=template,
            responsible=school_leader,
        )
        for index, institution in enumerate(institutions)
    )
    client = client_for(coordinator)

    first = client.get(reverse("policies:list")).content.decode()
    second = client.get(reverse("policies:list"), {"side": 2}).content.decode()

    assert first.count('<th scope="row">') == PAGE_SIZE
    assert second.count('<th scope="row">') == 3
    assert 'aria-label="Sider med rusmiddelpolitikker"' in first
    assert 'aria-current="page"' in first
    assert "side=2" in first
    assert "side=1" in second
    shown = {
        title
        for html in (first, second)
        for title in Policy.objects.values_list("title", flat=True)
        if f">{title}</a>" in html
    }
    assert len(shown) == PAGE_SIZE + 3


def test_a_version_whose_adopter_was_deleted_still_shows_with_a_dash(
    client_for, coordinator, school_leader, institution
):
    policy = adopted_policy(institution=institution, user=school_leader)
    PolicyVersion.objects.filter(policy=policy).update(adopted_by=None)
    client = client_for(coordinator)

    detail = client.get(reverse("policies:detail", kwargs={"pk": policy.pk}))
    version = client.get(reverse("policies:version_detail", kwargs={"pk": policy.pk, "number": 1}))

    assert detail.status_code == 200
    assert version.status_code == 200
    assert "Vedtaget" in version.content.decode() and " af –." in version.content.decode()


def test_a_version_names_its_adopter(client_for, coordinator, school_leader, institution):
    school_leader.first_name, school_leader.last_name = "Birgit", "Holm"
    school_leader.save(update_fields=["first_name", "last_name"])
    policy = adopted_policy(institution=institution, user=school_leader)
    client = client_for(coordinator)

    detail = client.get(reverse("policies:detail", kwargs={"pk": policy.pk})).content.decode()
    version = client.get(reverse("policies:version_detail", kwargs={"pk": policy.pk, "number": 1}))

    assert "<td>Birgit Holm</td>" in detail
    assert " af Birgit Holm." in version.content.decode()
