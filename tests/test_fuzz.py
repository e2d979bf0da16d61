"""Hostile input to every form field and API field: never a 500.

The endpoints and their fields come from the authorization matrix
(`tests.support.access_design.ROWS`): each write is sent once per hostile value in
each of its fields, as an admin (who may reach every code path), and each read with
hostile query parameters. The world is built once for the module; each test starts
from it as built (its writes are rolled back after it: tests/support/shared_world.py).
"""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.support import access_design
from tests.support.access_world import build_world, fill
from tests.support.shared_world import shared_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, build_world) as built:
        yield built


@pytest.fixture
def world(shared, db):
    return shared.view()


HOSTILE_TEXT = [
    "\x00",
    "nul\x00inside",
    "\ud800",
    "\udfff trailing",
    "x" * 5_000,
    "<script>alert(1)</script>",
    "'; DROP TABLE annotations_claim; --",
    "../../../../etc/passwd",
    "%00%ff%fe",
    "\N{GRINNING FACE}" * 500,
    "\u202e\u200b\ufeff",
    "   ",
    "",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "http://127.0.0.1:22/",
    "javascript:alert(1)",
    "\r\n\r\nX-Injected: 1",
    "2026-13-45T99:99:99",
]
HOSTILE_JSON = [None, True, -1, 10**30, 1.5, [], {"a": "b"}]
QUERY_PARAMETERS = [
    "q",
    "page",
    "sort",
    "limit",
    "offset",
    "article",
    "reviewer",
    "claim",
    "kind",
    "status",
    "open",
    "revision",
    "period",
    "days",
    "order",
]

# For reads, the values that differ in kind (the others only add time).
QUERY_VALUES = [
    "\x00",
    "x" * 300,
    "<script>alert(1)</script>",
    "-1",
    "99999999999999999999999999",
    "NaN",
    "[]",
    "2026-13-45T99:99:99",
]

WRITES = [row for row in access_design.ROWS if row.method != "GET"]
READS = [row for row in access_design.ROWS if row.method == "GET"]


def _api(world) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.ada)
    return client


def _page(world) -> Client:
    client = Client()
    client.force_login(world.ada)
    return client


def send(row, world, payload):
    path = fill(row.path, world)
    if row.surface == "api" and any(hasattr(v, "read") for v in payload.values()):
        # A file upload is a form: the text values a form can carry, and the file.
        form = {
            key: value
            for key, value in payload.items()
            if hasattr(value, "read")
            or (isinstance(value, str | int | float) and "\ud800" not in str(value)
                and "\udfff" not in str(value))
        }  # fmt: skip
        return _api(world).post(path, form, format="multipart")
    if row.surface == "api":
        body = json.dumps(payload)  # \ud800 travels escaped, as a client would send
        return _api(world).generic(
            row.method, path, data=body, content_type="application/json"
        )
    form = {
        key: value
        for key, value in payload.items()
        if isinstance(value, str | int | float) and "\ud800" not in str(value)
        and "\udfff" not in str(value)
    }  # fmt: skip
    headers = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
    return _page(world).post(path, data=form, **headers)


@pytest.mark.parametrize("row", WRITES, ids=[f"{r.method} {r.path}" for r in WRITES])
def test_hostile_values_in_every_field_never_answer_500(row, world):
    base = row.data(world) if row.data else {}
    if not isinstance(base, dict):
        base = {}
    fields = list(base) or ["text", "body", "reason"]
    # Forms see strings only: the values that differ in kind for a form field.
    values = HOSTILE_TEXT + HOSTILE_JSON if row.surface == "api" else QUERY_VALUES
    for field in fields:
        for value in values:
            payload = {**base, field: value}
            response = send(row, world, payload)
            assert response.status_code < 500, (field, repr(value)[:60])


@pytest.mark.parametrize("row", READS, ids=[f"GET {r.path}" for r in READS])
def test_hostile_query_parameters_never_answer_500(row, world):
    path = fill(row.path, world).split("?")[0]
    client = _api(world) if row.surface == "api" else _page(world)
    # The schema takes no parameters and costs a second to build: one probe.
    names = ["q"] if path.startswith("/api/schema") else QUERY_PARAMETERS
    for name in names:
        for value in QUERY_VALUES:
            response = client.get(path, {name: value})
            assert response.status_code < 500, (name, repr(value)[:60])
    response = client.get(path + "?q=" + "x" * 10_000)
    assert response.status_code < 500


@pytest.mark.parametrize("depth", [65, 5_000, 200_000])
def test_deeply_nested_json_is_a_clear_400(depth, world):
    body = "[" * depth + "]" * depth
    response = _api(world).generic(
        "POST", "/api/v1/comments/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "nests deeper" in response.json()["detail"]


@pytest.mark.parametrize(
    ("surface", "path"),
    [("api", "/api/v1/sources/?q=%00"), ("page", "/?q=%00"), ("page", "/gaps/?q=%00")],
)
def test_a_nul_byte_in_a_search_is_a_400_that_says_why(surface, path, world):
    client = _api(world) if surface == "api" else _page(world)
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_lone_surrogate_in_json_is_refused_and_the_error_renders(world):
    body = f'{{"claim": {world.worked_claim.pk}, "body": "\\ud800"}}'
    response = _api(world).generic(
        "POST", "/api/v1/comments/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]
    body = '{"kind": "\\udfff", "version": 1}'
    response = _api(world).generic(
        "POST",
        f"/api/v1/claims/{world.open_claim.pk}/kind/",
        data=body,
        content_type="application/json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/api/v1/comments/", "/api/v1/articles/", "/api/v1/citations/"]
)
def test_a_huge_json_value_is_refused_or_stored_never_a_500(path, world):
    payload = {"claim": world.worked_claim.pk, "body": "x" * 300_000,
               "text": "y" * 300_000, "source_title": "z" * 300_000,
               "stance": "context"}  # fmt: skip
    response = _api(world).post(path, payload, format="json")
    assert response.status_code < 500
