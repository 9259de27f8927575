"""Write tests/policies/golden/before_content_migration.json from the code before the
content migration: the stored rows of policies, versions and templates in the old
shape, and the text of every page and PDF that shows them. Run once, by hand:
GOLDEN=1 pytest tests/policies/make_golden.py"""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from municipalities.models import Institution, Municipality
from policies import services
from policies.models import Policy, PolicyTemplate, PolicyVersion, PublicLink, TemplateKind
from tests.factories import InstitutionFactory
from tests.policies.factories import filled, national_template
from tests.policies.rendering import html_text, pdf_text

CPH = ZoneInfo("Europe/Copenhagen")
OUT = Path(__file__).parent / "golden" / "before_content_migration.json"


def _rows(model, fields=None):
    return [
        {
            f.attname: f.value_to_string(obj)
            if f.get_internal_type() in ("DateTimeField", "DateField")
            else getattr(obj, f.attname)
            for f in model._meta.concrete_fields
        }
        for obj in model.objects.order_by("pk")
    ]


@pytest.mark.django_db
def test_write_golden(client_for, coordinator, school_leader, institution, municipality):
    assert os.environ.get("GOLDEN") == "1"
    national_template()
    adaptation = services.policy_template_adapt(
        template=national_template(TemplateKind.YOUTH_CLUB), municipality=municipality
    )
    services.policy_template_save(
        template=adaptation,
        name=adaptation.name,
        introduction="Koldings klubber",
        content={**adaptation.content, "purpose": {"text": "Koldings klubber: [skriv navnet]"}},
        expected_version=adaptation.version,
    )
    kinds = {
        Institution.Kind.PRIMARY_SCHOOL: institution,
        Institution.Kind.YOUTH_EDUCATION: InstitutionFactory(
            municipality=municipality,
            name="Kolding Gymnasium",
            kind=Institution.Kind.YOUTH_EDUCATION,
        ),
        Institution.Kind.YOUTH_CLUB: InstitutionFactory(
            municipality=municipality, name="Klub Syd", kind=Institution.Kind.YOUTH_CLUB
        ),
        Institution.Kind.SPORTS_ASSOCIATION: InstitutionFactory(
            municipality=municipality, name="Kolding IF", kind=Institution.Kind.SPORTS_ASSOCIATION
        ),
        Institution.Kind.NIGHTLIFE_VENUE: InstitutionFactory(
            municipality=municipality, name="Café Æblet", kind=Institution.Kind.NIGHTLIFE_VENUE
        ),
    }
    for n, (kind, inst) in enumerate(kinds.items()):
        policy = services.policy_create_from_template(institution=inst, user=coordinator)
        for key in (
            "purpose",
            "substances",
            "attitudes",
            "guidelines",
            "prevention",
            "preparedness",
            "support",
            "partners",
            "communication",
        ):
            setattr(policy, key, filled(getattr(policy, key)))
        policy.responsible = school_leader if inst == institution else coordinator
        policy.evaluation_participants = f"Ledelse og elevråd ({inst.name})"
        policy.review_interval_months = 12 + n
        policy.save()
        services.policy_adopt(
            policy=policy,
            user=coordinator,
            expected_version=policy.version,
            adopted_at=datetime(2025, 1, 10 + n, 10, tzinfo=CPH),
        )
        policy.refresh_from_db()
        link = services.public_link_create(policy=policy, user=coordinator)
        link.token = f"token-{n}"
        link.save()
        if kind == Institution.Kind.PRIMARY_SCHOOL:
            services.policy_revise(policy=policy, user=coordinator, expected_version=policy.version)
            policy.refresh_from_db()
            policy.purpose = {"text": "Et nyt formål.\nMed to linjer."}
            policy.preparedness["steps"] = policy.preparedness["steps"][:2]
            policy.save()
            services.policy_adopt(
                policy=policy,
                user=school_leader,
                expected_version=policy.version,
                adopted_at=datetime(2026, 2, 1, 9, tzinfo=CPH),
            )
            policy.refresh_from_db()
            services.policy_revise(policy=policy, user=coordinator, expected_version=policy.version)
    # A draft half filled and one in consultation.
    services.policy_create_from_template(
        institution=kinds[Institution.Kind.YOUTH_EDUCATION], user=coordinator
    )
    consultation = services.policy_create_from_template(
        institution=kinds[Institution.Kind.YOUTH_CLUB], user=coordinator
    )
    for key in (
        "purpose",
        "substances",
        "attitudes",
        "guidelines",
        "prevention",
        "preparedness",
        "support",
        "partners",
        "communication",
    ):
        setattr(consultation, key, filled(getattr(consultation, key)))
    consultation.evaluation_participants = "Alle"
    consultation.responsible = coordinator
    consultation.save()
    services.policy_send_to_consultation(
        policy=consultation, user=coordinator, expected_version=consultation.version
    )

    client = client_for(coordinator)
    renders = {}

    def page(url):
        response = client.get(url)
        assert response.status_code == 200, url
        renders[url] = html_text(response.content.decode())

    def pdf(url):
        response = client.get(url)
        assert response.status_code == 200, url
        renders[url] = pdf_text(response.content)

    for policy in Policy.objects.order_by("pk"):
        page(reverse("policies:detail", args=[policy.pk]))
        if policy.is_editable:
            page(reverse("policies:review", args=[policy.pk]))
        numbers = list(policy.versions.order_by("number").values_list("number", flat=True))
        for number in numbers:
            page(reverse("policies:version_detail", args=[policy.pk, number]))
            page(reverse("policy_documents:html", args=[policy.pk]) + f"?version={number}")
            pdf(reverse("policy_documents:pdf", args=[policy.pk]) + f"?version={number}")
            pdf(reverse("policy_documents:card", args=[policy.pk]) + f"?version={number}")
        if len(numbers) > 1:
            page(
                reverse("policies:version_compare", args=[policy.pk])
                + f"?a={numbers[0]}&b={numbers[-1]}"
            )
    for link in PublicLink.objects.all():
        page(reverse("policies:public", args=[link.token]))
    for template in PolicyTemplate.objects.order_by("pk"):
        page(reverse("policies:template_detail", args=[template.pk]))

    User = get_user_model()
    data = {
        "municipalities": list(Municipality.objects.order_by("pk").values("pk", "slug", "name")),
        "institutions": list(
            Institution.objects.order_by("pk").values("pk", "municipality_id", "name", "kind")
        ),
        "users": list(
            User.objects.order_by("pk").values("pk", "username", "first_name", "last_name")
        ),
        "policies": _rows(Policy),
        "versions": _rows(PolicyVersion),
        "templates": _rows(PolicyTemplate),
        "links": _rows(PublicLink),
        "viewer": coordinator.username,
        "renders": renders,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
