"""A black-box crawl: every POST form a coordinator can reach, replayed by people who may not.

Starting at the start page, the coordinator follows every link within the site; every
``<form method="post">`` met on the way is collected with its fields as the page rendered
them. Each form is then sent again as the other municipality's coordinator and as the
steering group (a read-only role) of the same municipality. Nothing of the coordinator's
municipality may change, and the answer is a refusal: 404 where the page itself is another
municipality's, 403 (or 404) for the steering group. The forms come from the crawl, not
from a list, so a new form is covered the day its page links to it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import Resolver404, resolve

from core.personal_data import project_models
from municipalities.models import Role
from tests.access import ACCOUNT_URLS, PUBLIC_URLS
from tests.test_url_walk import CASES as URL_CASES

pytestmark = pytest.mark.django_db

# Distinct objects visited per URL name (a draft and an adopted policy show different forms).
PER_URL_NAME = 25
MAX_PAGES = 600
# Links the crawl does not follow: leaving the session, the admin site (staff only).
SKIPPED_PREFIXES = ("/konto/logout", "/i18n/", "/admin/", "/static/", "/media/")


@dataclass
class Form:
    page: str
    action: str
    fields: list[tuple[str, str]]
    submit: tuple[str, str] | None = None

    def data(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        if self.submit:
            data.setdefault(self.submit[0], []).append(self.submit[1])
        return data


@dataclass
class _Page(HTMLParser):
    url: str
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._form: Form | None = None
        self._submits: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._option_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form = Form(
                    page=self.url, action=urljoin(self.url, a.get("action", "")), fields=[]
                )
                self._submits = []
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                self._submits.append((a["name"], a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind != "file":
                self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "button" and a.get("name") and a.get("type", "submit") == "submit":
            self._submits.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select, self._select_value, self._select_first = a["name"], None, None
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._text = []
            if self._select_first is None and a.get("value") is not None:
                self._select_first = a["value"]
            if "selected" in a:
                self._select_value = a.get("value")
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._form is None:
            return
        if tag == "textarea" and self._textarea:
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select" and self._select:
            value = self._select_value if self._select_value is not None else self._select_first
            if value is not None:
                self._form.fields.append((self._select, value))
            self._select = None
        elif tag == "form":
            for submit in self._submits or [None]:
                self.forms.append(
                    Form(self._form.page, self._form.action, list(self._form.fields), submit)
                )
            self._form = None


def _url_name(path: str) -> tuple[str, tuple] | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, tuple(sorted(match.kwargs.items()))


def crawl(client: Client) -> tuple[list[str], list[Form]]:
    """Every page reachable from the start page by links, and every POST form on them."""
    queue, seen = ["/"], set()
    objects_per_name: Counter = Counter()
    variants_per_object: Counter = Counter()
    pages, forms = [], []
    form_signatures: set = set()
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
            continue
        path = parts.path
        if path.startswith(SKIPPED_PREFIXES) or (path, parts.query) in seen:
            continue
        seen.add((path, parts.query))
        resolved = _url_name(path)
        if resolved is None:
            continue
        if resolved not in variants_per_object:
            if objects_per_name[resolved[0]] >= PER_URL_NAME:
                continue
            objects_per_name[resolved[0]] += 1
        elif variants_per_object[resolved] >= 2:
            continue  # the same page with other filters or another page number
        variants_per_object[resolved] += 1
        response = client.get(f"{path}?{parts.query}" if parts.query else path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages.append(path)
        page = _Page(url=f"http://testserver{path}")
        page.feed(response.content.decode())
        for form in page.forms:
            # The same form on many pages (signing out, the language) or for many objects
            # of one kind (each activity's delete button) is sent once.
            target = _url_name(urlsplit(form.action).path)
            signature = (
                target[0] if target else form.action,
                tuple(sorted({n for n, _v in form.fields})),
                form.submit,
            )
            if signature not in form_signatures:
                form_signatures.add(signature)
                forms.append(form)
        queue.extend(link.split("#", 1)[0] for link in page.links)
    return pages, forms


# --- What "nothing changed" means -------------------------------------------------------


def _visible_queryset(model: type[models.Model], user) -> models.QuerySet | None:
    manager = model._default_manager
    if hasattr(manager, "visible_to"):
        return manager.visible_to(user)
    for fk in model._meta.fields:
        if isinstance(fk, models.ForeignKey) and hasattr(
            fk.related_model._default_manager, "visible_to"
        ):
            parents = fk.related_model._default_manager.visible_to(user)
            return manager.filter(**{f"{fk.name}__in": parents.values("pk")})
    return None


def _models() -> list[type[models.Model]]:
    labels = {model._meta.app_label for model in project_models()}
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
        # History rows mirror the rows themselves; sessions change with every request.
        and getattr(model, "instance_type", None) is None
        and model._meta.label != "municipalities.UserSession"
    ]


def fingerprint(coordinator) -> dict[str, str]:
    """A digest of every row the coordinator can see (with the many-to-many links and
    the reference tables and memberships): what a refused POST must leave as it was."""
    digests = {}
    for model in _models():
        queryset = _visible_queryset(model, coordinator)
        if queryset is None:
            queryset = model._default_manager.all()
        columns = [f.attname for f in model._meta.concrete_fields]
        rows = list(queryset.order_by("pk").values_list(*columns))
        digests[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def _declared_writers() -> dict[str, tuple]:
    return {case.name: case.writers for case in URL_CASES}


@pytest.fixture
def populated(world):
    """Municipality A with one object of every kind the URL walk knows how to make."""
    for case in URL_CASES:
        try:
            with transaction.atomic():
                case.setup(world)
        except Exception:  # noqa: BLE001  (some set-ups need a world of their own)
            continue
    return world


def test_every_post_form_is_refused_to_the_other_municipality_and_the_steering_group(
    populated, client_for
):
    world = populated
    coordinator = world.users[Role.COORDINATOR]
    pages, forms = crawl(client_for(coordinator))
    # The crawl must really reach the app (a broken start page would make this pass).
    assert len(pages) > 30, pages
    actions = {
        _url_name(urlsplit(form.action).path)[0]
        for form in forms
        if _url_name(urlsplit(form.action).path)
    }
    for expected in ("activities:edit", "policies:step", "partnerships:contract_update"):
        assert expected in actions, sorted(actions)

    writers = _declared_writers()
    outsider = client_for(world.users["outsider"])
    steering = client_for(world.users[Role.STEERING_MEMBER])
    failures = []
    replayed = Counter()
    for form in forms:
        path = urlsplit(form.action).path
        query = urlsplit(form.action).query
        resolved = _url_name(path)
        if resolved is None:
            failures.append(f"{form.page}: a form posts outside the site: {form.action}")
            continue
        name = resolved[0]
        if name in PUBLIC_URLS or name in ACCOUNT_URLS:
            continue  # signing out, the language, one's own second factor
        target = f"{path}?{query}" if query else path
        page_path = urlsplit(form.page).path

        # The other municipality's coordinator.
        before = fingerprint(coordinator)
        page_hidden = outsider.get(page_path).status_code == 404
        response = outsider.post(target, form.data())
        replayed["outsider"] += 1
        if fingerprint(coordinator) != before:
            failures.append(f"outsider changed municipality A through {name} ({form.page})")
        # An object's form (its URL names the object) on a page the outsider may not see
        # must be refused; a create form posts to the outsider's own municipality, where
        # another municipality's choices are invalid (and nothing of A may change).
        if page_hidden and resolved[1] and response.status_code not in (403, 404):
            failures.append(f"outsider got {response.status_code} from {name} ({form.page})")
        if response.status_code >= 500:
            failures.append(f"outsider got {response.status_code} from {name} ({form.page})")

        # The steering group of the same municipality: reads, never writes.
        if Role.STEERING_MEMBER in writers.get(name, ()):
            continue
        before = fingerprint(coordinator)
        response = steering.post(target, form.data())
        replayed["steering"] += 1
        if fingerprint(coordinator) != before:
            failures.append(f"steering group changed something through {name} ({form.page})")
        if response.status_code not in (403, 404):
            failures.append(f"steering group got {response.status_code} from {name} ({form.page})")
    assert not failures, "\n".join(failures)
    assert replayed["outsider"] >= 20 and replayed["steering"] >= 20, replayed


def test_the_crawl_finds_forms_and_the_replay_can_fail(populated, client_for):
    """The check itself: the coordinator's own replay of a form does change things."""
    world = populated
    coordinator = world.users[Role.COORDINATOR]
    client = client_for(coordinator)
    _pages, forms = crawl(client)
    deletes = [
        form for form in forms if _url_name(urlsplit(form.action).path)[0] == "activities:delete"
    ]
    assert deletes
    before = fingerprint(coordinator)
    response = client.post(urlsplit(deletes[0].action).path, deletes[0].data())
    assert response.status_code == 302
    assert fingerprint(coordinator) != before
