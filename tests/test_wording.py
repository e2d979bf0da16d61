"""Counts and articles in words: "1 article", "2 articles", "an opinion"."""

import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse

from annotations import services
from annotations.wording import indefinite, plural
from tests import factories


@pytest.mark.parametrize(
    ("count", "word", "expected"),
    [
        (0, "article", "0 articles"),
        (1, "article", "1 article"),
        (2, "article", "2 articles"),
        (1, "segment", "1 segment"),
        (12_345, "claim", "12,345 claims"),
        (1, "open gap", "1 open gap"),
        (3, "open gap", "3 open gaps"),
    ],
)
def test_plural_agrees_with_the_count(count, word, expected):
    assert plural(count, word) == expected


def test_plural_takes_an_irregular_form():
    assert plural(1, "person", "people") == "1 person"
    assert plural(4, "person", "people") == "4 people"


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("opinion", "an opinion"),
        ("claim", "a claim"),
        ("headline", "a headline"),
        ("list lead-in", "a list lead-in"),
        ("time stamp", "a time stamp"),
        ("image caption", "an image caption"),
        ("user", "a user"),
        ("unit", "a unit"),
        ("one-line quote", "a one-line quote"),
        ("hour", "an hour"),
        ("", ""),
    ],
)
def test_indefinite_article_follows_the_sound(noun, expected):
    assert indefinite(noun) == expected


def test_the_ping_command_counts_in_words(monkeypatch):
    """The worker's answer reads "1 article and 1 segment", not "1 articles"."""
    from annotations.management.commands import ping_worker

    answer = {"hostname": "celery@test", "articles": 1, "claims": 1}
    result = SimpleNamespace(id="task-1", get=lambda timeout: answer)
    monkeypatch.setattr(ping_worker.worker_ping, "delay", lambda: result)
    out = io.StringIO()
    call_command("ping_worker", stdout=out)
    assert "it sees 1 article and 1 segment." in out.getvalue()


@pytest.mark.django_db
def test_changing_a_segment_to_an_opinion_says_an(client, reviewer, seed_text):
    article = services.article_create(title="", body=seed_text, created_by=reviewer)
    claim = article.claims.filter(kind="claim").order_by("start").first()
    client.force_login(reviewer)
    response = client.post(
        reverse("claim-kind", args=[claim.pk]),
        {"version": claim.version, "kind": "opinion"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f"Segment #{claim.pk} is now an opinion." in response.content.decode()


@pytest.mark.django_db
def test_changing_a_segment_to_a_headline_says_a(client, reviewer):
    article = factories.ArticleFactory(body="Budget rises. Critics object loudly.")
    claim = factories.claims_for(article, ["Budget rises."])[0]
    client.force_login(reviewer)
    response = client.post(
        reverse("claim-kind", args=[claim.pk]),
        {"version": claim.version, "kind": "headline"},
        HTTP_HX_REQUEST="true",
    )
    assert f"Segment #{claim.pk} is now a headline." in response.content.decode()
