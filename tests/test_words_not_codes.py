"""Messages in words, not codes: a refusal naming blocking gaps, a verdict approved
over them, and every page that lists gaps say "No source", never `no_source`. The API
keeps the code in `code`; its `detail` is words."""

import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import GapKind, RatingLabel, SourcingGap
from annotations.sourcing import gaps
from tests import factories

pytestmark = pytest.mark.django_db

CODES = sorted(gaps.ALL_KINDS)


def visible_text(html: str) -> str:
    """What a person reads: the text of the page, not its attributes or scripts."""
    tree = lxml.html.document_fromstring(html)
    for node in tree.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(tree.text_content().split())


def codes_in(text: str) -> list[str]:
    return [code for code in CODES if code in text]


@pytest.fixture
def submitted_unsourced(reviewer):
    """A check-worthy claim rated False with no source, submitted: approving it
    meets two blocking gaps, no_source and verdict_unsupported."""
    article = factories.ArticleFactory(
        title="Ferry costs",
        body="The ferry terminal cost $48 million, twice the estimate.",
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    label = RatingLabel.objects.get(scale__is_default=True, slug="false")
    services.rating_set(claim=claim, reviewer=reviewer, label=label)
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    return claim


def _approve(client, claim, **extra):
    false = RatingLabel.objects.get(scale__is_default=True, slug="false")
    form = {"version": claim.version, "label": false.pk, "explanation": "No record."}
    return client.post(
        reverse("claim-approve", args=[claim.pk]),
        {**form, **extra},
        HTTP_HX_REQUEST="true",
    )


def test_a_refused_approval_names_the_gaps_in_words(
    client, editor, submitted_unsourced
):
    client.force_login(editor)
    response = _approve(client, submitted_unsourced)
    assert response.status_code == 409
    shown = visible_text(response.content.decode())
    assert "open blocking sourcing gaps (No source:" in shown
    assert "Verdict unsupported:" in shown
    assert codes_in(shown) == []


def test_the_queue_says_it_in_words_too(client, editor, submitted_unsourced):
    client.force_login(editor)
    response = _approve(client, submitted_unsourced, origin="queue")
    assert response.status_code == 409
    assert codes_in(visible_text(response.content.decode())) == []


def test_the_api_detail_is_words_and_the_code_stays_a_code(editor, submitted_unsourced):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(
        f"/api/v1/claims/{submitted_unsourced.pk}/approve/",
        {"version": submitted_unsourced.version, "label": "false", "explanation": "x"},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "workflowconflict"
    assert "No source" in body["detail"]
    assert codes_in(body["detail"]) == []


def test_a_verdict_approved_over_gaps_names_them_in_words(
    client, editor, submitted_unsourced
):
    client.force_login(editor)
    response = _approve(
        client, submitted_unsourced, gap_override_reason="The record is sealed."
    )
    assert response.status_code == 200
    shown = visible_text(response.content.decode())
    assert "Approved over open sourcing gaps (No source, Verdict unsupported)" in shown
    assert codes_in(shown) == []


def test_pages_listing_every_kind_of_gap_show_words(client, editor, reviewer):
    """The panel, the claim table, the gap dashboard and the review queue, with a
    gap of every kind open: no code in what a person reads."""
    article = factories.ArticleFactory(
        title="Every gap", body="The council approved a budget of $3 million."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    source = factories.SourceFactory()
    now = timezone.now()
    SourcingGap.objects.bulk_create(
        SourcingGap(
            claim=claim,
            kind=kind,
            source=source if kind in {"dead_link", "no_archive"} else None,
            severity="high",
            detail=f"{GapKind(kind).label} on this claim.",
            opened_at=now,
            last_seen_at=now,
        )
        for kind in CODES
    )
    client.force_login(editor)
    pages = {
        "panel": reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}",
        "table": reverse("claim-table", args=[article.pk]),
        "gaps": reverse("gap-dashboard"),
        "dashboard": reverse("dashboard"),
    }
    for name, url in pages.items():
        shown = visible_text(client.get(url).content.decode())
        assert codes_in(shown) == [], name
    panel = visible_text(client.get(pages["panel"]).content.decode())
    assert all(str(GapKind(kind).label) in panel for kind in CODES)
