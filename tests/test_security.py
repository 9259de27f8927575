import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parent.parent


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_danish(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="da">' in response.content.decode()
    assert "Log ind" in response.content.decode()


def test_a_coordinator_logs_in_and_reaches_the_start_page(client, coordinator):
    response = _login(client, "koordinator", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    assert client.get(reverse("start")).status_code == 200


def test_repeated_failed_logins_lock_the_account(client, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "koordinator", "forkert-adgangskode-1")
        assert response.status_code == 200  # the form again, with an error
        assert "Indtast venligst" in response.content.decode()
    assert _login(client, "koordinator", "forkert-adgangskode-1").status_code == 429
    # Now even the right password is refused.
    response = _login(client, "koordinator", PASSWORD)
    assert response.status_code == 429
    assert "spærret" in response.content.decode()
    assert not client.get(reverse("start")).wsgi_request.user.is_authenticated


def test_fewer_failures_than_the_limit_do_not_lock(client, coordinator, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "koordinator", "forkert-adgangskode-1")
    assert _login(client, "koordinator", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["kort-kode1", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted():
    validate_password("grøn-cykel-under-broen-7")


def test_national_admin_must_pass_a_second_factor(client, national_admin):
    _login(client, "national", PASSWORD)
    response = client.get(reverse("start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_a_correct_totp_code_lets_the_national_admin_in(client, national_admin):
    from django_otp.oath import TOTP

    _login(client, "national", PASSWORD)
    device = national_admin.totpdevice_set.get()
    token = TOTP(device.bin_key).token()
    response = client.post(reverse("two_factor_verify"), {"token": f"{token:06d}", "next": "/"})
    assert response.status_code == 302
    assert client.get(reverse("start")).status_code == 200


def test_a_wrong_totp_code_is_refused_with_an_error(client, national_admin):
    _login(client, "national", PASSWORD)
    response = client.post(reverse("two_factor_verify"), {"token": "000000"})
    assert response.status_code == 200
    assert "Koden er forkert" in response.content.decode()
    assert client.get(reverse("start")).status_code == 302


def test_the_admin_site_requires_a_second_factor(client, coordinator):
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert reverse("two_factor_verify") in response["Location"]


def test_sessions_expire(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_PRODUCTION": "1",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x7#Lq9!vT2@mR4$wZ8^kP1&nB6*hJ3(cF5)dG0_sA9+eY2=uQ-k8Vw3",
        "DJANGO_ALLOWED_HOSTS": "narkoen.example.dk",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://narkoen.example.dk",
        # Production must tell someone about errors (core.W001).
        "DJANGO_ADMINS": "Drift <drift@narkoen.example.dk>",
        "EMAIL_HOST": "smtp.narkoen.example.dk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_development_defaults():
    # Proves the check above can fail: the embedded defaults are not production-ready.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0


def test_the_interface_is_danish_even_for_an_english_browser(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="da">' in response.content.decode()


def test_the_language_switch_chooses_english(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="da")
    assert '<html lang="en">' in response.content.decode()
