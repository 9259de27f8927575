"""Fixture people and places shared by every test.

Municipality A (``municipality``) holds the objects under test; municipality B
(``other_municipality``) is where the ``outsider`` coordinator works.
"""

from __future__ import annotations

import os

import pytest
from django.test import Client

from municipalities.models import Institution, Role
from municipalities.reference import ensure_arenas
from tests.access import World
from tests.factories import InstitutionFactory, MunicipalityFactory, make_member

# Playwright's sync API runs an event loop in the test process; Django would
# otherwise refuse database access from it. Test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def municipality(db):
    # A transactional test flushes the tables, data-migration rows included.
    ensure_arenas()
    return MunicipalityFactory(slug="kolding", name="Kolding")


@pytest.fixture
def other_municipality(db):
    return MunicipalityFactory(slug="varde", name="Varde")


@pytest.fixture
def institution(municipality):
    return InstitutionFactory(
        municipality=municipality, name="Munkevængets Skole", kind=Institution.Kind.PRIMARY_SCHOOL
    )


@pytest.fixture
def other_institution(other_municipality):
    return InstitutionFactory(
        municipality=other_municipality,
        name="Lykkesgårdskolen",
        kind=Institution.Kind.PRIMARY_SCHOOL,
    )


@pytest.fixture
def coordinator(municipality):
    return make_member(username="koordinator", role=Role.COORDINATOR, municipality=municipality)


@pytest.fixture
def outsider(other_municipality):
    return make_member(username="udenfor", role=Role.COORDINATOR, municipality=other_municipality)


@pytest.fixture
def school_editor(institution):
    return make_member(
        username="redaktoer",
        role=Role.INSTITUTION_EDITOR,
        municipality=institution.municipality,
        institution=institution,
    )


@pytest.fixture
def school_leader(institution):
    return make_member(
        username="skoleleder",
        role=Role.INSTITUTION_LEADER,
        municipality=institution.municipality,
        institution=institution,
    )


@pytest.fixture
def steering_member(municipality):
    return make_member(username="styregruppe", role=Role.STEERING_MEMBER, municipality=municipality)


@pytest.fixture
def national_admin(db):
    return make_member(username="national", role=Role.NATIONAL_ADMIN)


@pytest.fixture
def world(
    municipality,
    other_municipality,
    institution,
    other_institution,
    coordinator,
    outsider,
    school_editor,
    school_leader,
    steering_member,
    national_admin,
) -> World:
    """Both municipalities and one person per role, as the URL walk and the
    accessibility audit (tests/e2e/test_accessibility.py) use them."""
    return World(
        municipality=municipality,
        other_municipality=other_municipality,
        institution=institution,
        other_institution=other_institution,
        users={
            Role.COORDINATOR: coordinator,
            Role.INSTITUTION_EDITOR: school_editor,
            Role.INSTITUTION_LEADER: school_leader,
            Role.STEERING_MEMBER: steering_member,
            Role.NATIONAL_ADMIN: national_admin,
            "outsider": outsider,
        },
    )


def login(client: Client, user) -> Client:
    """Log ``user`` in on ``client``; national administrators also pass their second factor."""
    client.force_login(user)
    device = user.totpdevice_set.filter(confirmed=True).first()
    if device is not None:
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def client_for(client):
    """``client_for(user)`` returns a client logged in as ``user`` (fresh per call)."""

    def make(user) -> Client:
        return login(Client(), user)

    return make


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (the dashboards cache their figures, and
    ids are reused between tests)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process in tests, even when CI configures a Redis broker;
    tests marked ``celery_worker`` switch this off and use a real worker."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous
