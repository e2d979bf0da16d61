"""Every URL pattern and every API endpoint, called as each of five people.

The designed answers are `annotations.access_design.ROWS` (printed into
docs/ROLES.md by `manage.py access_matrix`); each cell runs against a fresh world,
so a write in one cell never changes what another sees.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import access_design, services
from annotations.models import Article, Claim, Notification, RatingLabel, SourcingGap
from reports import services as report_services
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT_BODY = (
    "Transit budget\n\n"
    "The mayor said the city spent $4 million on new buses in 2024. "
    "The council approved the budget by a vote of 7 to 2 on Monday. "
    "Officials expect ridership to grow by 12 percent next year. "
    "The transit agency reported 3,100 daily riders in March. "
    "Critics said the plan was rushed."
)


@dataclass
class World:
    rita: object
    sam: object
    eddie: object
    ada: object
    draft: Article
    published: Article
    headline: Claim
    open_claim: Claim
    worked_claim: Claim
    submitted_claim: Claim
    approved_claim: Claim
    dismissed_claim: Claim
    published_claim: Claim
    rita_citation: object
    sam_citation: object
    rita_rating: object
    rita_note: Notification
    source: object
    gap: SourcingGap
    label_true: RatingLabel

    def pk_of(self, name: str) -> int:
        return getattr(self, name).pk


def _cite(claim, user, n: int):
    source = factories.SourceFactory(
        publisher=f"Outlet {n}", domain=f"outlet{n}.example.org"
    )
    return services.citation_add(
        claim=claim, source=source, stance="supports", user=user, quote="It says so."
    )


def build_world() -> World:
    rita = factories.UserFactory(
        username="rita", first_name="Rita", last_name="Reviewer", role="reviewer"
    )
    sam = factories.UserFactory(
        username="sam", first_name="Sam", last_name="Second", role="reviewer"
    )
    eddie = factories.UserFactory(
        username="eddie", first_name="Eddie", last_name="Editor", role="editor"
    )
    ada = factories.UserFactory(username="ada", role="admin")
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")
    draft = Article.objects.create(title="Transit budget", body=DRAFT_BODY)
    pieces = ["Transit budget", *[s.strip() + "." for s in DRAFT_BODY[16:].split(".")]]
    pieces = [p for p in pieces if p.strip(".")]
    claims = factories.claims_for(draft, pieces, checkworthiness=0.6)
    headline, open_claim, worked, submitted, approved, dismissed = claims
    Claim.objects.filter(pk=headline.pk).update(kind="headline")
    headline.refresh_from_db()
    services.claim_assign(claim=open_claim, assignees=[rita], user=eddie)
    rita_citation = _cite(worked, rita, 1)
    sam_citation = _cite(worked, sam, 2)
    rita_rating = services.rating_set(claim=worked, reviewer=rita, label=true)
    services.comment_add(claim=worked, user=rita, body="Checking the budget memo.")
    _cite(submitted, rita, 3)
    _cite(submitted, rita, 4)
    services.rating_set(claim=submitted, reviewer=rita, label=true)
    services.claim_submit(claim=submitted, user=rita)
    _cite(approved, sam, 5)
    _cite(approved, sam, 6)
    services.rating_set(claim=approved, reviewer=sam, label=true)
    services.claim_submit(claim=approved, user=sam)
    approved.refresh_from_db()
    services.verdict_approve(
        claim=approved, user=eddie, label=true, explanation="Both agree.",
        expected_version=approved.version,
    )  # fmt: skip
    services.claim_dismiss(claim=dismissed, reason="Opinion", user=rita)
    published = Article.objects.create(
        title="Port traffic",
        body="The port handled 2 million containers in 2023.",
        published_at=timezone.now(),
    )
    (published_claim,) = factories.claims_for(published, checkworthiness=0.6)
    _cite(published_claim, sam, 7)
    _cite(published_claim, sam, 8)
    services.rating_set(claim=published_claim, reviewer=sam, label=true)
    services.claim_submit(claim=published_claim, user=sam)
    published_claim.refresh_from_db()
    services.verdict_approve(
        claim=published_claim, user=eddie, label=true, explanation="The port says so.",
        expected_version=published_claim.version,
    )  # fmt: skip
    report_services.article_publish(article=published, user=eddie)
    now = timezone.now()
    gap = SourcingGap.objects.create(
        claim=open_claim, kind="no_source", opened_at=now, last_seen_at=now
    )
    for claim in claims:
        claim.refresh_from_db()
    rita_citation.refresh_from_db()
    return World(
        rita=rita, sam=sam, eddie=eddie, ada=ada, draft=draft, published=published,
        headline=headline, open_claim=open_claim, worked_claim=worked,
        submitted_claim=submitted, approved_claim=approved,
        dismissed_claim=dismissed, published_claim=published_claim,
        rita_citation=rita_citation, sam_citation=sam_citation,
        rita_rating=rita_rating,
        rita_note=Notification.objects.get(recipient=rita, claim=open_claim),
        source=rita_citation.source, gap=gap, label_true=true,
    )  # fmt: skip


def person(world: World, role: str):
    return {
        "anonymous": None,
        "reviewer": world.rita,
        "second reviewer": world.sam,
        "editor": world.eddie,
        "admin": world.ada,
    }[role]


def fill(path: str, world: World) -> str:
    names = {
        name: getattr(world, name).pk
        for name in World.__dataclass_fields__
        if hasattr(getattr(world, name), "pk")
    }
    return path.format(**names)


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
        return method(path, data=data, format="json")
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
def test_every_cell_answers_as_designed(row, role):
    world = build_world()
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
