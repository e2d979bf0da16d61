"""Blind review: a reviewer reads nobody else's rating of a claim (its label,
confidence, rationale, or their past values in history) until their own is
submitted, anywhere on the site. One rule (`policies.visible_ratings_filter`),
applied by the selectors; the sweep at the end calls every URL the site serves."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import (
    Article,
    Claim,
    Notification,
    SourcingGap,
)
from reports import services as report_services
from tests import factories
from tests.factories import label
from tests.urlsweep import endpoints

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

HTMX = {"HTTP_HX_REQUEST": "true"}
# Sam's rationale: the one string that must never reach Rita while the claim is
# blind to her. Her own rationale must always reach her.
SECRET = "SAMS-SEALED-RATIONALE"
HERS = "RITAS-OWN-RATIONALE"
BODY = (
    "Harbour report\n\n"
    "The harbour handled 4 million containers in 2025. "
    "The city council approved the dredging budget by 7 votes to 2. "
    "Officials said the new crane cost 12 million euros."
)


@dataclass
class World:
    rita: object
    sam: object
    eddie: object
    article: Article
    blind_claim: Claim
    approved_claim: Claim
    other_claim: Claim
    objects: dict


def _cite_twice(claim, user):
    for n in (1, 2):
        source = factories.SourceFactory(
            title=f"Port ledger {claim.pk}-{n}", domain=f"ledger{claim.pk}{n}.example"
        )
        services.citation_add(claim=claim, source=source, stance="supports", user=user)


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
    article = Article.objects.create(title="Harbour report", body=BODY)
    pieces = [s.strip() + "." for s in BODY[16:].split(".") if s.strip()]
    blind_claim, approved_claim, other_claim = factories.claims_for(
        article, pieces, checkworthiness=0.7
    )
    services.article_set_blind_review(article=article, user=eddie, blind=True)
    # The approved claim: rated and approved before anything is hidden.
    _cite_twice(approved_claim, sam)
    services.rating_set(claim=approved_claim, reviewer=sam, label=label("true"))
    services.claim_submit(claim=approved_claim, user=sam)
    approved_claim.refresh_from_db()
    services.verdict_approve(
        claim=approved_claim, user=eddie, label="true", explanation="The ledger.",
        expected_version=approved_claim.version,
    )  # fmt: skip
    report_services.article_publish(
        article=article, user=eddie, override_reason="The rest is in review."
    )
    # The blind claim: both assigned; Sam rated (and changed his mind, so history
    # holds two of his values) and submitted; Rita has a draft of her own.
    blind_claim.refresh_from_db()
    services.claim_assign(
        claim=blind_claim, assignees=[rita, sam], user=eddie,
        expected_version=blind_claim.version,
    )  # fmt: skip
    _cite_twice(blind_claim, rita)
    services.rating_set(
        claim=blind_claim, reviewer=sam, label=label("mostly-true"), rationale="First"
    )
    services.rating_set(
        claim=blind_claim, reviewer=sam, label=label("false"), confidence=3,
        rationale=SECRET,
    )  # fmt: skip
    services.claim_submit(claim=blind_claim, user=sam)
    services.rating_set(
        claim=blind_claim, reviewer=rita, label=label("true"), rationale=HERS
    )
    services.comment_add(claim=blind_claim, user=sam, body="@rita your turn")
    for claim in (blind_claim, approved_claim, other_claim):
        claim.refresh_from_db()
    assert blind_claim.status == "in_progress"
    source = blind_claim.citations.first().source
    gap = SourcingGap.objects.create(
        claim=blind_claim, kind="no_archive", opened_at=blind_claim.updated_at,
        last_seen_at=blind_claim.updated_at,
    )  # fmt: skip
    objects = {
        "article": article.pk,
        "claim": blind_claim.pk,
        "source": source.pk,
        "citation": blind_claim.citations.first().pk,
        "rating": blind_claim.ratings.get(reviewer=sam).pk,
        "gap": gap.pk,
        "notification": Notification.objects.filter(recipient=rita).first().pk,
        "revision": 1,
        "export": "json",
        "invitation": "no-such-key",
        "desk": article.workspace.slug,
        # A capture no revision cites: its public address answers 404.
        "capture": factories.CaptureFactory(source_id=source.pk).pk,
    }
    delivery = factories.failed_delivery(article.workspace)
    objects["webhook"], objects["delivery"] = delivery.webhook_id, delivery.pk
    return World(
        rita=rita, sam=sam, eddie=eddie, article=article, blind_claim=blind_claim,
        approved_claim=approved_claim, other_claim=other_claim, objects=objects,
    )  # fmt: skip


@pytest.fixture
def world():
    return build_world()


def page(user, url: str, **headers) -> str:
    client = Client()
    client.force_login(user)
    return client.get(url, **headers).content.decode()


def api(user, url: str):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(url)


def _leaking_urls(world: World) -> dict[str, tuple[str, dict]]:
    article, claim = world.article.pk, world.blind_claim.pk
    return {
        "claim panel": (reverse("claim-panel", args=[claim]), HTMX),
        "claim history": (reverse("claim-timeline", args=[claim]), {}),
        "article activity": (reverse("article-activity", args=[article]), {}),
        "article with the panel open": (
            reverse("article-detail", args=[article]) + f"?claim={claim}",
            {},
        ),
        "API claim": (f"/api/v1/claims/{claim}/", {}),
        "API claim history": (f"/api/v1/claims/{claim}/history/", {}),
        "API article activity": (f"/api/v1/articles/{article}/activity/", {}),
        "API ratings": (f"/api/v1/ratings/?claim={claim}", {}),
    }


@pytest.mark.parametrize(
    "where",
    [
        "claim panel",
        "claim history",
        "article activity",
        "article with the panel open",
        "API claim",
        "API claim history",
        "API article activity",
        "API ratings",
    ],
)
def test_the_others_rating_is_hidden_until_ones_own_is_submitted(world, where):
    url, headers = _leaking_urls(world)[where]

    def read(user) -> str:
        if url.startswith("/api/"):
            response = api(user, url)
            assert response.status_code == 200
            return response.content.decode()
        return page(user, url, **headers)

    assert SECRET not in read(world.rita)
    assert HERS in read(world.rita)
    assert SECRET in read(world.eddie)  # editors always see every rating
    services.claim_submit(claim=world.blind_claim, user=world.rita)
    assert SECRET in read(world.rita)
    assert HERS in read(world.sam)


def test_the_history_hides_every_past_value_of_the_others_rating(world):
    """Not only the current rationale: the first label and rationale Sam chose, and
    his submission, are his rating's history, hidden with it."""
    entries = api(world.rita, f"/api/v1/claims/{world.blind_claim.pk}/history/")
    ratings = [e for e in entries.json()["results"] if e["subject"] == "rating"]
    assert ratings
    assert {e["who"] for e in ratings} == {"Rita Reviewer"}
    assert "First" not in entries.content.decode()
    assert "Mostly true" not in entries.content.decode()


def test_agreement_counts_only_the_ratings_the_viewer_may_read(world):
    """Agreement over a hidden rating would tell Rita whether Sam chose her label."""
    article = world.article.pk
    hers = api(world.rita, f"/api/v1/articles/{article}/agreement/").json()
    # The blind claim is the only one two people rated: hidden, nothing to compare.
    assert (hers["units"], hers["ratings"]) == (0, 0)
    theirs = api(world.eddie, f"/api/v1/articles/{article}/agreement/").json()
    assert (theirs["units"], theirs["ratings"]) == (1, 2)
    desk = api(world.rita, "/api/v1/agreement/").json()
    # Sam's rating of the approved claim and Rita's draft; Sam's blind one hidden.
    assert desk["ratings"] == 2
    assert desk["articles"][0]["claims_disagreeing"] == 0
    assert (
        api(world.eddie, "/api/v1/agreement/").json()["articles"][0][
            "claims_disagreeing"
        ]
        == 1
    )
    html = page(world.rita, reverse("desk-stats") + "?period=all")
    assert "2 ratings in the period" in html


def test_a_write_answered_with_the_panel_keeps_it_hidden(world):
    """Every write on the workspace answers with the panel: the same rule holds."""
    client = Client()
    client.force_login(world.rita)
    response = client.post(
        reverse("comment-add", args=[world.blind_claim.pk]),
        {"body": "Looking at the ledger now."},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Looking at the ledger now." in response.content.decode()
    assert SECRET not in response.content.decode()


def test_the_hand_in_counts_every_submitted_rating_while_hiding_them(world):
    """Blind review hides what Sam chose, not that he handed in: Rita's panel
    counts his submitted rating and does not say it is still waiting for him (it
    counted only the ratings she could read, and told her the claim needed two
    more)."""
    url, headers = _leaking_urls(world)["claim panel"]
    text = " ".join(re.sub(r"<[^>]+>", " ", page(world.rita, url, **headers)).split())
    assert SECRET not in text
    assert "1 of 2 ratings submitted" in text
    assert "Waiting for Sam" not in text


def test_nothing_sent_to_the_reviewer_carries_the_hidden_rating(world):
    assert not any(
        SECRET in n.text for n in Notification.objects.filter(recipient=world.rita)
    )
    assert not any(SECRET in message.body for message in mail.outbox)


def _sweep(world: World, user) -> dict[str, str]:
    """Every GET the site serves, as `user`: plain and as htmx, each with the blind
    claim named in `?claim=` (the article page opens its panel from it)."""
    session = Client()
    session.force_login(user)
    token = APIClient()
    token.force_authenticate(user)
    answers = {}
    for endpoint in endpoints():
        path = endpoint.path(world.objects) + f"?claim={world.blind_claim.pk}"
        if endpoint.api:
            answers[path] = token.get(path).content.decode(errors="replace")
            continue
        for headers in ({}, HTMX):
            response = session.get(path, **headers)
            body = b"".join(response) if response.streaming else response.content
            answers[f"{path} {sorted(headers)}"] = body.decode(errors="replace")
    return answers


def test_no_url_of_the_site_shows_the_hidden_rating(world):
    """The sweep: every URL pattern in the URLconf, called as Rita, never carries
    Sam's rationale; called as the editor, the places that show ratings do (so the
    sweep can see a leak when there is one)."""
    leaks = [url for url, body in _sweep(world, world.rita).items() if SECRET in body]
    assert leaks == []
    shown = {url for url, body in _sweep(world, world.eddie).items() if SECRET in body}
    for url, _headers in _leaking_urls(world).values():
        path = url.partition("?")[0]
        assert any(found.startswith(path) for found in shown), url


# Reading ratings straight from the models, outside the selectors, would skip the
# rule: the pages, the API, the reports app and the commands never do.
DIRECT_READ = re.compile(
    r"\bRating\.(objects|history)\b|HistoricalRating|"
    r"\.ratings\.(filter|exclude|get|first|last|values|values_list|select_related|"
    r"order_by|count|exists|iterator)\b"
)


def test_pages_api_and_reports_read_ratings_only_through_the_selectors():
    places = [
        *(ROOT / "desk" / "views").glob("*.py"),
        *(ROOT / "api").glob("*.py"),
        *(ROOT / "annotations" / "management" / "commands").glob("*.py"),
        *(ROOT / "desk" / "templatetags").glob("*.py"),
        *(p for p in (ROOT / "reports").rglob("*.py") if "migrations" not in p.parts),
    ]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in places
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if DIRECT_READ.search(line)
    ]
    assert found == []
