"""Every URL pattern of the project, walked: anonymous → login, another
municipality → 404 (object unchanged), read-only roles → 403 on writes."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import access
from tests.access import ACCOUNT_URLS, PUBLIC_URLS, UrlCase, World


def _url_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the Django admin: staff + second factor, tested separately
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}{pattern.name}" if pattern.name else repr(pattern))
    return names


def _all_cases() -> list[UrlCase]:
    cases = []
    tests_dir = Path(__file__).parent
    for module in pkgutil.iter_modules([str(tests_dir)]):
        if not module.ispkg:
            continue
        try:
            mod = importlib.import_module(f"tests.{module.name}.access_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(mod.CASES)
    return cases


CASES = _all_cases()
CASE_IDS = [case.name for case in CASES]


def test_every_url_pattern_is_covered_by_access_cases():
    covered = {case.name for case in CASES} | PUBLIC_URLS | ACCOUNT_URLS
    uncovered = sorted(_url_names() - covered)
    assert not uncovered, f"URL patterns without access cases: {uncovered}"


def test_there_are_access_cases():
    # Guards against the discovery above silently finding nothing.
    assert len(CASES) >= 1


def _url(case: UrlCase, world: World) -> str:
    kwargs = case.setup(world)
    return reverse(case.name, kwargs=kwargs) + case.query, kwargs


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_anonymous_is_sent_to_login(case: UrlCase, world, client):
    url, _ = _url(case, world)
    response = client.get(url) if case.get else client.post(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("case", [c for c in CASES if c.scoped_object], ids=lambda c: c.name)
def test_other_municipality_gets_404_and_changes_nothing(case: UrlCase, world, client_for):
    url, kwargs = _url(case, world)
    before = case.snapshot(world, kwargs) if case.snapshot else None
    client = client_for(world.users["outsider"])
    if case.get:
        assert client.get(url).status_code == 404
    assert client.post(url, case.post_data(world, kwargs)).status_code == 404
    if case.snapshot:
        assert case.snapshot(world, kwargs) == before


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_roles_without_write_access_get_403_and_change_nothing(case: UrlCase, world, client_for):
    url, kwargs = _url(case, world)
    refused = [role for role in access.ALL_ROLES if role not in case.writers]
    for role in refused:
        before = case.snapshot(world, kwargs) if case.snapshot else None
        client = client_for(world.users[role])
        if case.writers or not case.get:
            response = client.post(url, case.post_data(world, kwargs))
            assert response.status_code in (403, 404, 405), (role, response.status_code)
            if role in case.readers and case.get and response.status_code != 405:
                # The object is visible to this role, so the refusal is 403, not 404.
                assert response.status_code == 403, (role, response.status_code)
        if case.snapshot:
            assert case.snapshot(world, kwargs) == before, role


@pytest.mark.parametrize("case", [c for c in CASES if c.get], ids=lambda c: c.name)
def test_readers_can_open_the_page(case: UrlCase, world, client_for):
    url, _ = _url(case, world)
    for role in access.ALL_ROLES:
        response = client_for(world.users[role]).get(url)
        if role in case.readers:
            assert response.status_code == 200, (role, response.status_code)
        else:
            assert response.status_code in (403, 404), (role, response.status_code)
