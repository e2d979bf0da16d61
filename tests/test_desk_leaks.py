"""Nothing of one desk reaches the people of another (docs/DESKS.md, issue 18).

Two desks, Alpha and Bravo (tests/support/desk_leak_world.py); Bravo's unpublished
text carries a marker word, its published report another. Every URL pattern (from
the resolver) and every API operation (from the OpenAPI schema) is called as each
of five people who are not in Bravo: Alpha's reviewer, editor and desk admin, an
anonymous visitor and someone in no desk, with its path parameters filled with
Bravo's ids (inferred from the parameter's name), and again with Alpha's own ids
while the body and query string name Bravo's rows. Each call must answer 403 or 404
(or send to a login, or to Bravo's public report), never a 5xx, show none of
Bravo's unpublished text, and change none of Bravo's rows.

The world is built once for the module; every cell runs in a savepoint of it,
rolled back after the cell.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from annotations import roles
from annotations.models import Claim
from tests.support import desk_leak_world
from tests.support.desk_leak_world import PRIVATE, PUBLIC, ROLES, LeakWorld
from tests.support.shared_world import shared_world

pytestmark = pytest.mark.django_db

# --- what each path parameter names ---------------------------------------------------

# A `pk` (or the API's `id`) names a row of the resource its route starts with.
RESOURCES = {
    "articles": "article",
    "claims": "claim",
    "citations": "citation",
    "ratings": "rating",
    "gaps": "gap",
    "comments": "comment",
    "sources": "source",
    "notifications": "notification",
    "reports": "article",
    # /api/v1/workspaces/{workspace_slug}/webhooks/{id}/: the id is a webhook's.
    "workspaces": "webhook",
}
# Any other parameter names its kind by its own name.
PARAMETERS = {
    "article_id": "article",
    "claim_id": "claim",
    "capture_id": "capture",
    "number": "revision",
    # An export format, not a row: every format is walked in
    # test_every_export_of_an_unpublished_article_is_not_found.
    "identifier": "format",
    # The desk of a public report path (/w/<desk>/reports/...): the desk of the
    # side walked, so Alpha's ids go under Bravo's path in the mixed walk.
    "desk": "desk",
    # An invitation link is a capability: its key is the permission, and whoever
    # holds Bravo's key may join Bravo (tests/test_members.py). Without one, the
    # walk gives a key no invitation has, which must tell nothing.
    "key": "invitation",
    # The desk a webhooks API path names (/api/v1/workspaces/<slug>/webhooks/...),
    # and one of its webhook's deliveries.
    "workspace_slug": "desk",
    "delivery": "delivery",
}

# Patterns not walked, each with why; test_the_allow_list_is_still_needed fails
# when one of them no longer exists, so the list cannot outlive its reason.
NOT_WALKED = {
    # The Django admin is the instance admins' (superusers) alone; everyone else is
    # sent to its login, whatever the id (tests/test_admin.py).
    "admin:*": "superusers only",
    # DRF's `.json` format-suffix twins answer exactly as the route they suffix.
    "api:format-suffix": "same view as the unsuffixed route",
}


def _kind(route: str, param: str) -> str:
    if param in {"pk", "id"}:
        route = route.lstrip("^/").removeprefix("api/v1/")
        return RESOURCES[re.split(r"[/.(<{]", route)[0]]
    return PARAMETERS[param]


def _walk(patterns, prefix: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def page_patterns() -> list[tuple[str, str, tuple[str, ...]]]:
    """(route, name, parameters) of every pattern but the API's operations (walked
    from the schema) and the ones in NOT_WALKED."""
    found = {}
    for route, entry in _walk(get_resolver().url_patterns):
        # The route's every parameter, the including prefix's too (/w/<desk>/...).
        params = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)) or tuple(
            entry.pattern.regex.groupindex
        )
        if "format" in params or route.startswith("api/v1/") or not entry.name:
            continue
        found.setdefault((entry.name, params), (route, entry.name, params))
    return sorted(found.values())


def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def api_operations() -> list[tuple[str, str]]:
    """(path template, method) of every operation of the OpenAPI schema."""
    return [
        (path, method)
        for path, operations in schema()["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    ]


# --- what is sent ---------------------------------------------------------------------

# Whose ids fill the path, and whose ids the body and query string name. The last
# acts on Alpha's own article and claim (in the path, and as the body's `claim` and
# `article`) while every other row the body or query names is Bravo's: a source, a
# citation, a rating, a notification, a claim to reuse the citations of.
MIXED = "alpha rows, bravo references"
WITH_PARAMS = ("bravo draft", "bravo published", MIXED)
WITHOUT_PARAMS = WITH_PARAMS


def _sides(world: LeakWorld, variant: str) -> tuple[dict, dict]:
    bravo, alpha = world.bravo, world.alpha
    mixed = {
        **bravo.draft,
        "article": alpha.draft["article"],
        "claim": alpha.draft["claim"],
    }
    return {
        "bravo draft": (bravo.draft, bravo.draft),
        "bravo published": (bravo.published, bravo.published),
        MIXED: (alpha.draft, mixed),
    }[variant]


def _fill(route_or_path: str, params, objects: dict) -> dict:
    values = {}
    for param in params:
        kind = _kind(route_or_path, param)
        if kind == "format":
            values[param] = "json"
        elif kind == "revision":
            values[param] = objects.get("revision", 1)
        elif kind == "desk":
            values[param] = objects["desk"].slug
        elif kind == "invitation":
            values[param] = "no-such-invitation-key"
        else:
            values[param] = objects[kind].pk
    return values


def _payload(world: LeakWorld, objects: dict, *, api: bool) -> dict:
    """A body a careless view would act on: every field the desk's forms and the
    API's serializers take, naming the other side's rows where a field names one."""
    claim, citation = objects["claim"], objects["citation"]
    label = "true" if api else _label_pk()
    return {
        "version": claim.version,
        "reason": "Harmless reason",
        "comment": "Harmless comment",
        "body": "Harmless body",
        "label": label,
        "explanation": "Harmless explanation",
        "stance": "refutes",
        "quote": "Harmless quote",
        "locator": "p. 1",
        "note": "Harmless note",
        "start": claim.start,
        "end": claim.end,
        "at": claim.start + claim.text.index(" ") + 1,
        "kind": "opinion",
        "attribution": "Harmless Person",
        "blind_review": True if api else "on",
        "language": "es",
        "assignees": [world.alpha.reviewer.pk],
        "claim": claim.pk,
        "claims": [claim.pk],
        "article": objects["article"].pk,
        "source": objects["source"].pk,
        "source_id": objects["source"].pk,
        "from_claim": objects["approved"].pk,
        "citation_id": citation.pk,
        "seen": citation.updated_at.isoformat(),
        "updated_at": citation.updated_at.isoformat(),
        "rating_id": objects["rating"].pk,
        "ids": [objects["notification"].pk],
        "action": "dismiss",
        "archive_url": "https://web.archive.org/web/2024/https://harmless.example.org/",
        "confidence": 2,
        "rationale": "Harmless rationale",
        "gap_override_reason": "Harmless",
        "two_person_override_reason": "Harmless",
        "override_reason": "Harmless",
        "workspace": world.bravo.workspace.pk,
        "queue_article": objects["article"].pk,
        # The webhooks page names a webhook or a delivery by its id.
        "webhook": objects["webhook"].pk,
        "delivery": objects["delivery"].pk,
    }


def _label_pk() -> int:
    from annotations.models import RatingLabel

    return RatingLabel.objects.get(scale__is_default=True, slug="true").pk


def _query(world: LeakWorld, objects: dict) -> dict:
    """The query string: Bravo's ids in every filter, and a word of Bravo's text
    (not the marker, which a page may echo back) as the search."""
    article = objects["article"]
    return {
        "q": "ferries" if article.published_at else "buses",
        "article": article.pk,
        "claim": objects["claim"].pk,
        "source": objects["source"].pk,
        "reviewer": world.bravo.reviewer.pk,
        "assignee": world.bravo.reviewer.pk,
    }


# --- what may come back ---------------------------------------------------------------

REFUSED = {401, 403, 404, 405}


def _public_route(path: str) -> bool:
    return path.startswith(("/reports/", "/api/v1/reports/")) or bool(
        re.match(r"/w/[^/]+/reports/", path)
    )


def _desk_listing(path: str) -> bool:
    """A desk's public index of published reports or its feeds (no article named)."""
    listing = r"/w/[^/]+/reports/(feed\.(atom|json))?"
    return bool(re.fullmatch(listing, path.split("?")[0]))


def _judge(response, *, path: str, method: str, variant: str, filled: bool, world):
    """The failures of one answer (an empty list when it is right)."""
    failures = []
    status = response.status_code
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    if status >= 500:
        failures.append(f"answered {status}")
    location = response.get("Location", "") or response.get("HX-Redirect", "")
    public_report = reverse("report-detail", args=[world.bravo.published["article"].pk])
    published = variant == "bravo published"
    if filled and variant != MIXED:
        allowed = status in REFUSED
        if status in {301, 302, 303}:
            allowed = "/login/" in location or (
                published and location.split("?")[0].startswith(public_report)
            )
        if status == 200 and published and _public_route(path) and method == "get":
            allowed = True  # the published report is public by design
        if status == 200 and method == "get" and _desk_listing(path):
            allowed = True  # a desk's list of published reports and its feed, too
        if not allowed:
            failures.append(f"answered {status} {location}".strip())
    if PRIVATE.lower() in text.lower():
        index = text.lower().index(PRIVATE.lower())
        failures.append(
            f"shows Bravo's private text: …{text[max(index - 80, 0) : index + 40]}…"
        )
    if PUBLIC.lower() in text.lower() and not _public_route(path):
        index = text.lower().index(PUBLIC.lower())
        failures.append(
            f"shows Bravo's published text outside its report: "
            f"…{text[max(index - 80, 0) : index + 40]}…"
        )
    return failures


# --- the world ------------------------------------------------------------------------


def _build_with_sessions() -> LeakWorld:
    """The world, and a signed-in session for each of its people, made once in the
    world's outer transaction: each cell then only sets its cookie, where signing in
    anew (a session row, the sign-in signals) cost a fifth of the walk."""
    world = desk_leak_world.build()
    for person in get_user_model().objects.all():
        client = Client()
        client.force_login(person)
        SESSIONS[person.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


# Person id -> the session key made for them with the world.
SESSIONS: dict[int, str] = {}


@pytest.fixture(scope="module")
def shared(django_db_setup, django_db_blocker):
    with shared_world(django_db_blocker, _build_with_sessions) as built:
        yield built
    SESSIONS.clear()


@pytest.fixture
def world(shared, db) -> LeakWorld:
    # Not SharedWorld.view(): its digest of every table costs more than the call.
    # Bravo's rows, which are what a leak would change, are compared with the world
    # as built at the end of each cell, which also catches a write an earlier cell
    # left behind.
    # The objects are read, never changed, by the cells: no copy, only the people's
    # memberships read again.
    for cache in caches.all():
        cache.clear()
    for role in ROLES:
        if shared.objects.person(role) is not None:
            roles.forget(shared.objects.person(role))
    return shared.objects


@pytest.fixture(scope="module")
def clients():
    """One page client and one API client for the module: each loads the whole
    middleware stack (static files and all) on its first request."""
    return Client(), APIClient()


def _signed_in(client, person):
    """The module's client, holding `person`'s session (or none). The sessions were
    made with the world (`_build_with_sessions`); a cell that changes one is rolled
    back with the cell."""
    client.cookies = SimpleCookie()
    if isinstance(client, APIClient):
        client.force_authenticate(person)
    elif person is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = SESSIONS[person.pk]
    return client


# A statement that cannot change a row. Anything else (INSERT, UPDATE, DELETE, a
# data-changing WITH, a raw statement) sends the cell to the row-by-row comparison.
READ_ONLY = re.compile(
    r"^\s*(?:SELECT\b|SAVEPOINT\b|RELEASE\b|ROLLBACK\s+TO\b)", re.IGNORECASE
)
# Sessions are not a desk's rows: a page that touches its session changed nothing
# of Bravo's.
SESSION_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?django_session"?\s',
    re.IGNORECASE,
)


def may_have_written(queries: CaptureQueriesContext) -> bool:
    """Whether any statement the request ran could have changed a desk's rows."""
    return any(
        not READ_ONLY.match(query["sql"]) and not SESSION_WRITE.match(query["sql"])
        for query in queries.captured_queries
    )


def _unchanged(world: LeakWorld, queries: CaptureQueriesContext | None = None):
    """Failures if Bravo's rows differ from the world as built. Rows change only by
    a statement that writes, so a request that ran none (most cells: a refusal) is
    not compared row by row."""
    if queries is not None and not may_have_written(queries):
        return []
    now = desk_leak_world.desk_rows(world.bravo.workspace)
    if now == world.bravo_snapshot:
        return []
    changed = [
        f"{before[:1]} -> {after[:1]}"
        for before, after in zip(world.bravo_snapshot, now, strict=True)
        if before != after
    ]
    return ["changed Bravo's rows: " + "; ".join(changed)[:600]]


# --- the walk of the pages ------------------------------------------------------------

PAGE_CELLS = [
    pytest.param(
        route,
        name,
        params,
        method,
        variant,
        role,
        id=f"{method} {route or '/'} [{variant}] as {role}",
    )
    for route, name, params in page_patterns()
    for method in ("GET", "POST")
    for variant in (WITH_PARAMS if params else WITHOUT_PARAMS)
    for role in ROLES
]


@pytest.mark.parametrize(
    ("route", "name", "params", "method", "variant", "role"), PAGE_CELLS
)
def test_a_page_shows_and_changes_nothing_of_another_desk(
    route, name, params, method, variant, role, world, clients
):
    path_side, body_side = _sides(world, variant)
    path = reverse(name, kwargs=_fill(route, params, path_side))
    client = _signed_in(clients[0], world.person(role))
    # A path naming Bravo's row must be refused before anything renders, full page
    # or fragment; where the path is Alpha's (or names nothing) the page renders,
    # and the claim panel's fragments (htmx) are where Bravo's ids in the query
    # string or the body would show (the source picker answers only them).
    htmx = variant == MIXED or not params
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    with CaptureQueriesContext(connection) as queries:
        if method == "GET":
            response = client.get(path, _query(world, body_side), **headers)
        else:
            payload = _payload(world, body_side, api=False)
            response = client.post(path, payload, **headers)
    failures = _judge(
        response, path=path, method=method.lower(), variant=variant,
        filled=bool(params), world=world,
    )  # fmt: skip
    failures += _unchanged(world, queries)
    assert not failures, f"{method} {path} as {role}: " + "; ".join(failures)


# --- the walk of the API --------------------------------------------------------------

SCHEMA = schema()
API_CELLS = [
    pytest.param(
        path, method, variant, role, id=f"{method.upper()} {path} [{variant}] as {role}"
    )
    for path, method in api_operations()
    for variant in (WITH_PARAMS if "{" in path else WITHOUT_PARAMS)
    for role in ROLES
]


def _body_fields(path: str, method: str) -> tuple[set[str], str]:
    """The fields of the operation's request body, from the schema, and the format
    it is sent in ("json", or "multipart" for a file upload)."""
    body = SCHEMA["paths"][path][method].get("requestBody")
    if not body:
        return set(), "json"
    [(media, content)] = body["content"].items()
    reference = content["schema"].get("$ref", "")
    component = SCHEMA["components"]["schemas"].get(reference.rsplit("/", 1)[-1], {})
    sent = "multipart" if media == "multipart/form-data" else "json"
    return set(component.get("properties", {})), sent


@pytest.mark.parametrize(("template", "method", "variant", "role"), API_CELLS)
def test_an_api_operation_shows_and_changes_nothing_of_another_desk(
    template, method, variant, role, world, clients
):
    path_side, body_side = _sides(world, variant)
    params = re.findall(r"{(\w+)}", template)
    path = template.format(**_fill(template, params, path_side))
    client = _signed_in(clients[1], world.person(role))
    payload, sent = {}, "json"
    if method != "get":
        fields, sent = _body_fields(template, method)
        payload = {
            key: value
            for key, value in _payload(world, body_side, api=True).items()
            if key in fields
        }
        if "file" in fields:
            # A file the desk would keep: only the claim's desk may decide.
            payload["file"] = SimpleUploadedFile("harmless.txt", b"Harmless text.")
    with CaptureQueriesContext(connection) as queries:
        if method == "get":
            response = client.get(path, _query(world, body_side))
        else:
            response = getattr(client, method)(path, payload, format=sent)
    failures = _judge(
        response, path=path, method=method, variant=variant, filled=bool(params),
        world=world,
    )  # fmt: skip
    failures += _unchanged(world, queries)
    assert not failures, f"{method.upper()} {path} as {role}: " + "; ".join(failures)


def test_the_walk_compares_the_rows_after_any_write_and_sees_a_change(world):
    """The cells skip the row-by-row comparison only when their request ran no
    statement that writes; a write of any shape sends them to it, and it sees a
    change of Bravo's rows."""
    claim = world.bravo.draft["claim"]
    with CaptureQueriesContext(connection) as reads:
        list(Claim.objects.filter(pk=claim.pk).select_for_update())
    assert not may_have_written(reads)
    with CaptureQueriesContext(connection) as writes:
        Claim.objects.filter(pk=claim.pk).update(attribution="a leak")
    assert may_have_written(writes)
    assert _unchanged(world, writes)
    with CaptureQueriesContext(connection) as raw, connection.cursor() as cursor:
        cursor.execute(
            "WITH chosen AS (SELECT 1) UPDATE annotations_claim SET kind = kind"
        )
    assert may_have_written(raw)


def test_every_api_route_is_an_operation_of_the_schema():
    """The API's patterns are walked through the schema: one it does not describe
    would be walked by nobody."""
    described = set()
    for path in SCHEMA["paths"]:
        described.add(resolve(re.sub(r"{\w+}", "1", path)).url_name)
    missing = [
        f"{route} ({entry.name})"
        for route, entry in _walk(get_resolver().url_patterns)
        if route.startswith("api/v1/")
        and "format" not in entry.pattern.regex.groupindex
        and entry.name != "api-root"  # the list of resources: no row, public
        and entry.name not in described
    ]
    assert not missing, missing


def test_the_allow_list_is_still_needed():
    """Each pattern left out of the walk still exists."""
    routes = [route for route, _entry in _walk(get_resolver().url_patterns)]
    everything = [str(p.pattern) for p in get_resolver().url_patterns]
    assert "admin/" in everything, NOT_WALKED["admin:*"]
    assert any("format" in route for route in routes), NOT_WALKED["api:format-suffix"]


def test_every_parameter_is_inferred():
    """A new kind of parameter fails here, by name, rather than in a cell."""
    for route, _name, params in page_patterns():
        for param in params:
            assert _kind(route, param), (route, param)
    for path, _method in api_operations():
        for param in re.findall(r"{(\w+)}", path):
            assert _kind(path, param), (path, param)


# --- what is not a path parameter -----------------------------------------------------

DESK_ROLES = ("reviewer", "editor", "desk admin")


@pytest.mark.parametrize("role", DESK_ROLES)
def test_no_export_of_an_unpublished_article_is_served(role, world, clients):
    from reports import exporters

    client = _signed_in(clients[0], world.person(role))
    draft = world.bravo.draft["article"]
    for exporter in exporters.all():
        path = reverse("report-export", args=[draft.pk, exporter.identifier])
        response = client.get(path)
        assert response.status_code == 404, (path, response.status_code)
        preview = client.get(reverse("report-preview", args=[draft.pk]))
        assert preview.status_code == 404


@pytest.mark.parametrize("role", ["anonymous", *DESK_ROLES])
def test_every_export_of_a_published_report_holds_only_what_it_published(
    role, world, clients
):
    from reports import exporters

    client = _signed_in(clients[0], world.person(role))
    published = world.bravo.published["article"]
    for exporter in exporters.all():
        response = client.get(
            reverse("report-export", args=[published.pk, exporter.identifier])
        )
        assert response.status_code == 200, exporter.identifier
        body = b"".join(response) if response.streaming else response.content
        if exporter.identifier == "pdf":
            continue  # compressed streams: its text is the HTML export's
        text = body.decode("utf-8", errors="replace")
        assert PUBLIC in text, exporter.identifier
        assert PRIVATE.lower() not in text.lower(), exporter.identifier


@pytest.mark.parametrize("role", DESK_ROLES)
def test_notifications_are_only_of_ones_own_desks(role, world, clients):
    from annotations import selectors
    from annotations.models import Notification

    person = world.person(role)
    # Bravo's people were notified of Bravo's work; nobody of Alpha's may read it.
    assert Notification.objects.filter(
        claim__article__workspace=world.bravo.workspace
    ).exists()
    assert not selectors.notifications_for(person).filter(
        claim__article__workspace=world.bravo.workspace
    )
    for path in ("/notifications/", "/api/v1/notifications/"):
        client = _signed_in(clients[1] if "api" in path else clients[0], person)
        text = client.get(path).content.decode()
        assert PRIVATE.lower() not in text.lower(), path


SEARCHES = [
    ("/", "q"),
    ("/sources/search/", "q"),
    ("/api/v1/articles/", "q"),
    ("/api/v1/sources/", "q"),
    ("/api/v1/claims/", "q"),
    ("/api/v1/claims/", "text"),
]


@pytest.mark.parametrize(("path", "param"), SEARCHES)
@pytest.mark.parametrize("word", ["buses", "council", "ferries", PRIVATE, PUBLIC])
def test_search_finds_nothing_of_another_desk(path, param, word, world, clients):
    """Words both desks' texts hold, and each of Bravo's markers: Alpha's editor
    finds Alpha's rows (where the word is Alpha's too) and none of Bravo's."""
    client = _signed_in(
        clients[1] if path.startswith("/api/") else clients[0], world.alpha.editor
    )
    # The source search answers the claim panel's htmx requests only.
    response = client.get(path, {param: word}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    text = response.content.decode()
    # A page may say what was searched for; it may not show what it found of Bravo.
    text = text.replace(word, "")
    assert PRIVATE.lower() not in text.lower()
    assert PUBLIC.lower() not in text.lower()
    assert "bravo" not in text.lower()


def test_already_checked_offers_nothing_of_another_desk(world):
    """Alpha's article repeats, word for word, claims Bravo approved (in its draft
    and in its published report): none is offered to Alpha (sharing between desks
    needs both to opt in, which neither has)."""
    from annotations.models import Article
    from annotations.selectors.sourcing import already_checked

    copied = [
        world.bravo.draft["approved"].text,
        world.bravo.published["approved"].text,
    ]
    article = Article.objects.create(
        workspace=world.alpha.workspace, title="Copied", body=" ".join(copied)
    )
    from tests import factories

    claims = factories.claims_for(article, copied)
    bravo_articles = {
        world.bravo.draft["article"].pk,
        world.bravo.published["article"].pk,
    }
    for role in DESK_ROLES:
        found = already_checked(claims, viewer=world.person(role))
        offered = {match.article_id for matches in found.values() for match in matches}
        assert not offered & bravo_articles, role
    # The same claims in a Bravo article are offered to Bravo's own reviewer.
    twin = Article.objects.create(
        workspace=world.bravo.workspace, title="Twin", body=" ".join(copied)
    )
    twin_claims = factories.claims_for(twin, copied)
    mine = already_checked(twin_claims, viewer=world.bravo.reviewer)
    offered = {match.article_id for matches in mine.values() for match in matches}
    assert offered == bravo_articles


def test_the_gap_dashboard_counts_and_lists_only_the_current_desk(world, clients):
    from annotations.models import SourcingGap

    client = _signed_in(clients[0], world.alpha.editor)
    response = client.get("/gaps/")
    alpha_open = SourcingGap.objects.filter(
        claim__article__workspace=world.alpha.workspace, resolved_at__isnull=True
    ).count()
    assert SourcingGap.objects.filter(
        claim__article__workspace=world.bravo.workspace
    ).exists()
    assert response.context["total_open"] == alpha_open
    listed = {entry.gap.pk for entry in response.context["page"].object_list}
    bravo_gaps = {world.bravo.draft["gap"].pk, world.bravo.published["gap"].pk}
    assert listed
    assert not listed & bravo_gaps
    assert PRIVATE.lower() not in response.content.decode().lower()


def _agreement_articles(stats) -> set[int]:
    return {row.article_id for row in stats["articles"]}


def test_desk_stats_are_the_current_desks_and_the_api_the_persons_desks(world, clients):
    """Alpha's editor also reviews for Bravo: the desk page counts the current
    desk's ratings only, whichever desk that is; the API (which has no current
    desk) counts the ratings of both."""
    from annotations.models import Rating
    from annotations.selectors.workspaces import SESSION_WORKSPACE_KEY

    person = world.alpha.editor
    roles.grant(person, "reviewer", world.bravo.workspace)
    alpha_articles = set(
        Rating.objects.filter(
            claim__article__workspace=world.alpha.workspace
        ).values_list("claim__article_id", flat=True)
    )
    bravo_articles = {
        world.bravo.draft["article"].pk,
        world.bravo.published["article"].pk,
    }
    client = _signed_in(clients[0], person)
    for desk, expected in (
        (world.alpha.workspace, alpha_articles),
        (world.bravo.workspace, bravo_articles),
    ):
        session = client.session
        session[SESSION_WORKSPACE_KEY] = desk.pk
        session.save()
        response = client.get("/desk/", {"period": "all"})
        assert _agreement_articles(response.context["stats"]) == expected, desk.slug
    api = _signed_in(clients[1], person).get("/api/v1/agreement/").json()
    assert {row["article_id"] for row in api["articles"]} == (
        alpha_articles | bravo_articles
    )
    # Alpha's other editor, in Alpha only, reads Alpha's through the API.
    only_alpha = _signed_in(clients[1], world.alpha.desk_admin)
    answer = only_alpha.get("/api/v1/agreement/").json()
    assert {row["article_id"] for row in answer["articles"]} == alpha_articles


@pytest.mark.parametrize("role", DESK_ROLES)
def test_writes_on_another_desks_article_are_refused_by_the_service(role, world):
    """The services ask in the article's desk, not "in any desk": the API's claim
    creation (a range over Bravo's body) and the Django admin's article edit."""
    from annotations import services
    from annotations.errors import NotAllowed

    person = world.person(role)
    article = world.bravo.draft["article"]
    free = article.body.index("\n\n")  # the title line: no claim over it
    with pytest.raises(NotAllowed):
        services.claim_create(article=article, start=0, end=free, user=person)
    with pytest.raises(NotAllowed):
        services.article_update(article=article, user=person, title="Renamed")
    assert _unchanged(world) == []


def test_the_claims_rows_share_one_scoped_viewset():
    """Citations, comments and gaps are scoped in one place; a viewset that forgets
    to name its rows fails when defined, not in the schema generator."""
    from api import views

    for viewset in (views.CitationViewSet, views.CommentViewSet, views.GapViewSet):
        assert issubclass(viewset, views.ClaimsDeskViewSet)
        assert "get_queryset" not in vars(viewset), viewset.__name__
    with pytest.raises(TypeError, match="queryset"):
        type("Forgetful", (views.ClaimsDeskViewSet,), {"__module__": __name__})


def test_a_full_scan_asked_for_by_another_desk_does_not_name_who_asked(world, clients):
    """A full scan is the instance's (docs/DESKS.md says why): Alpha sees that
    one is waiting, not which of Bravo's editors asked for it."""
    from annotations import services

    editor = world.bravo.editor
    editor.first_name, editor.last_name = "Bellamy", "Quist"
    editor.save(update_fields=["first_name", "last_name"])
    services.scan_request(user=editor)
    alpha = _signed_in(clients[0], world.alpha.editor).get("/gaps/")
    assert alpha.context["scan"]["state"] == "queued"
    assert "Quist" not in alpha.content.decode()
    progress = clients[0].get("/gaps/scan/progress/")
    assert "Quist" not in progress.content.decode()
    bravo = _signed_in(clients[0], world.bravo.second).get("/gaps/")
    assert "Bellamy Quist" in bravo.content.decode()
