"""Each role's start page points to that role's work."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_coordinator_is_offered_to_log_an_activity(coordinator, client_for):
    content = client_for(coordinator).get(reverse("start")).content.decode()
    assert f'href="{reverse("activities:create")}"' in content
    assert f'href="{reverse("reports:dashboard")}"' in content


def test_an_institution_editor_is_led_to_the_institutions_policy(school_editor, client_for):
    content = client_for(school_editor).get(reverse("start")).content.decode()
    assert "Rusmiddelpolitik for Munkevængets Skole" in content
    assert reverse("activities:create") not in content
    assert reverse("reports:dashboard") not in content


def test_a_steering_member_is_led_to_the_status_report(steering_member, client_for):
    content = client_for(steering_member).get(reverse("start")).content.decode()
    assert f'href="{reverse("reports:dashboard")}"' in content
    assert reverse("activities:create") not in content


def test_a_national_admin_is_led_to_the_national_status(national_admin, client_for):
    content = client_for(national_admin).get(reverse("start")).content.decode()
    assert f'href="{reverse("reports:national")}"' in content
