"""Every URL pattern and every API endpoint, called as each of five people.

The designed answers are `tests.support.access_design.ROWS` (printed into
docs/ROLES.md by `manage.py access_matrix`). The world is built once for the module
and every cell runs in a savepoint of it, rolled back after the cell, so a write in
one cell never changes what another sees (tests/support/shared_world.py checks that
at the start of every cell).
"""

from __future__ import annotations

import json

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.test import APIClient

from annotations.models import Citation, Claim, Comment
from tests.support import access_design
from tests.support.access_world import World, build_world, fill, person
from tests.support.shared_world import shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, build_world) as built:
        yield built


@pytest.fixture
def world(shared, db) -> World:
    return shared.view()


def outcome(response) -> str:
    """A response as the matrix writes it: the status, "302 login" for a login."""
    location = response.get("Location", "") or response.get("HX-Redirect", "")
    if "/login/" in location:
        return access_design.LOGIN
    return str(response.status_code)


def call(row, world: World, user):
    path = fill(row.path, world)
    data = row.data(world) if row.data else None
    if row.surface == "api":
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        method = getattr(client, row.method.lower())
        # A row that sends a file sends a form, as a browser or curl -F would.
        sends_file = any(hasattr(value, "read") for value in (data or {}).values())
        return method(path, data=data, format="multipart" if sends_file else "json")
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    headers = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
    if row.method == "GET":
        return client.get(path, **headers)
    return client.post(path, data=data or {}, **headers)


CELLS = [
    pytest.param(row, role, id=f"{row.method} {row.path} as {role}")
    for row in access_design.ROWS
    for role in access_design.ROLES
]


@pytest.mark.parametrize(("row", "role"), CELLS)
def test_every_cell_answers_as_designed(row, role, world):
    expected = row.expect[access_design.ROLES.index(role)]
    response = call(row, world, person(world, role))
    body = ""
    if outcome(response) != expected:
        body = response.content.decode(errors="replace")[:600]
    assert outcome(response) == expected, body


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_the_matrix_covers_every_url_pattern_and_api_method():
    """A new page or endpoint without a designed row in the matrix fails here."""
    world_free_rows = {}
    for row in access_design.ROWS:
        path = row.path.split("?")[0]
        # Any id resolves the pattern; the matrix's placeholders are ids.
        sample = path.format(**dict.fromkeys(World.__dataclass_fields__, 1))
        match = resolve(sample)
        world_free_rows.setdefault(match.url_name, set()).add(row.method)
    missing = []
    for pattern, entry in _patterns(get_resolver()):
        if "format" in str(entry.pattern) or entry.name in {"home"}:
            continue  # ".json" suffix twins, and the dashboard's second name
        methods = world_free_rows.get(entry.name)
        if methods is None:
            missing.append(f"{pattern} ({entry.name})")
            continue
        view = getattr(entry.callback, "cls", None)
        actions = getattr(entry.callback, "actions", None)
        if view is not None and actions:
            # HEAD answers like GET (DRF adds it once the view has run).
            designed = {m.upper() for m in actions} - {"HEAD", "OPTIONS"}
            uncovered = designed - methods
            if uncovered:
                missing.append(f"{pattern} {sorted(uncovered)}")
    assert not missing, "No designed answer for: " + "; ".join(missing)


def test_docs_roles_shows_the_tested_matrix():
    """docs/ROLES.md holds the matrix exactly as `manage.py access_matrix` prints it."""
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "ROLES.md").read_text(encoding="utf-8")
    assert access_design.markdown_table() in text


def test_outcome_reads_login_redirects_and_statuses():
    class Fake(dict):
        status_code = 302

    assert outcome(Fake({"Location": "/accounts/login/?next=/"})) == "302 login"
    assert outcome(Fake({"Location": "/articles/1/"})) == "302"
    assert json.dumps(access_design.ROLES)


def test_a_write_that_outlives_its_cell_is_caught(shared, world):
    """The check every cell starts with: an update, an insert or a delete left
    behind by an earlier cell fails the next one."""
    writes = [
        lambda: Claim.objects.filter(pk=world.worked_claim.pk).update(version=99),
        lambda: Comment.objects.create(
            claim=world.open_claim, author=world.sam, body="left behind"
        ),
        lambda: Citation.objects.filter(pk=world.sam_citation.pk).delete(),
    ]
    for write in writes:
        with transaction.atomic():
            write()
            with pytest.raises(pytest.fail.Exception, match="leaked past"):
                shared.view()
            transaction.set_rollback(True)
    shared.view()  # each write undone: the world as built again
