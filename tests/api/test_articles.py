"""/api/v1/articles/: progress counts, create or import, read with segments."""

import json

import pytest
from django.utils import timezone

from annotations import services
from annotations.models import Article, Claim
from annotations.sourcing import netfetch
from tests.api import API, build_article, client_for, counts
from tests.assertions import assert_offsets

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article(seed_text, reviewer):
    return services.article_create(title="", body=seed_text, created_by=reviewer)


@pytest.fixture
def api(reviewer):
    return client_for(reviewer)


def test_the_list_shows_each_article_with_its_review_progress(
    api, seed_article, reviewer
):
    """The list gives the dashboard's counts and derived state for every article."""
    claims = seed_article.claims.filter(kind="claim")
    first = claims.order_by("start").first()
    services.claim_dismiss(claim=first, reason="Not checkable", user=reviewer)
    response = api.get(f"{API}/articles/")
    assert response.status_code == 200
    assert response.data["count"] == 1
    row = response.data["results"][0]
    assert row["id"] == seed_article.pk
    assert row["title"] == seed_article.title
    assert row["claim_count"] == claims.count() - 1
    assert row["dismissed_count"] == 1
    assert row["segment_count"] == seed_article.claims.count()
    assert row["state"] == "draft"
    assert "body" not in row


def test_the_list_filters_by_title_publisher_and_published_state(api):
    build_article(2)
    published = Article.objects.create(
        title="Moon base plans",
        body="The base opens in 2035.",
        publisher="SpaceNews",
        published_at=timezone.now(),
    )

    def ids(query):
        response = api.get(f"{API}/articles/?{query}")
        assert response.status_code == 200, response.data
        return [row["id"] for row in response.data["results"]]

    assert ids("title=moon") == [published.pk]
    assert ids("publisher=spacenews") == [published.pk]
    assert ids("published=true") == [published.pk]
    assert published.pk not in ids("published=false")
    assert ids("q=SPACE") == [published.pk]
    assert ids("state=published") == [published.pk]
    assert api.get(f"{API}/articles/?state=bogus").status_code == 400


def test_creating_an_article_from_text_splits_it_into_claims(api, seed_text):
    response = api.post(
        f"{API}/articles/",
        {"text": seed_text, "publisher": "SpaceNews", "published_on": "2024-04-22"},
        format="json",
    )
    assert response.status_code == 201, response.data
    article = Article.objects.get(pk=response.data["id"])
    assert article.publisher == "SpaceNews"
    assert str(article.published_on) == "2024-04-22"
    assert article.title  # taken from the text's first line
    assert response.data["body"] == article.body
    segments = response.data["segments"]
    assert len(segments) == article.claims.count() > 5
    assert [s["start"] for s in segments] == sorted(s["start"] for s in segments)
    assert_offsets(article)


def test_creating_an_article_from_a_url_imports_the_page(api, monkeypatch):
    """`{url}` alone fetches the page and stores its main text."""
    html = (
        b"<html><head><title>Council budget</title></head><body><article>"
        b"<h1>Council budget</h1><p>The council approved a budget of $3 million "
        b"on Monday, officials said.</p><p>Critics said it was far too small for "
        b"the city.</p></article></body></html>"
    )

    def fake_fetch(url, **options):
        return netfetch.FetchResult(
            url=url,
            final_url=url,
            status=200,
            content_type="text/html",
            charset="utf-8",
            body=html,
            elapsed_ms=5,
            truncated=False,
        )

    monkeypatch.setattr(netfetch, "fetch", fake_fetch)
    response = api.post(
        f"{API}/articles/", {"url": "https://news.example.org/budget"}, format="json"
    )
    assert response.status_code == 201, response.data
    article = Article.objects.get(pk=response.data["id"])
    assert "approved a budget of $3 million" in article.body
    assert article.url == "https://news.example.org/budget"
    assert_offsets(article)


def test_a_url_that_cannot_be_fetched_is_a_400_and_nothing_is_saved(api, monkeypatch):
    def refuse(url, **options):
        raise netfetch.AddressRefused("That address is on a private network.")

    monkeypatch.setattr(netfetch, "fetch", refuse)
    before = counts()
    response = api.post(
        f"{API}/articles/", {"url": "http://10.0.0.1/secret"}, format="json"
    )
    assert response.status_code == 400
    assert "private network" in response.data["detail"]
    assert response.data["code"] == "invalidinput"
    assert counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": 42, "url": "not a url"}, "url"),
        ({"text": "Some text.", "published_on": "yesterday"}, "published_on"),
        ({"text": "Some text.", "title": "x" * 501}, "title"),
        ({"text": ["a", "list"]}, "text"),
    ],
)
def test_malformed_articles_are_400_with_field_errors(api, payload, field):
    before = counts()
    response = api.post(f"{API}/articles/", payload, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert counts() == before


def test_malformed_json_is_a_400_parse_error(api):
    response = api.generic(
        "POST", f"{API}/articles/", '{"text": "unterminated', "application/json"
    )
    assert response.status_code == 400
    assert response.data["code"] == "parse_error"
    assert "JSON parse error" in response.data["detail"]


def test_an_oversized_body_is_a_413_and_nothing_is_saved(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = counts()
    response = api.generic(
        "POST",
        f"{API}/articles/",
        json.dumps({"text": "The council met. " * 200}),
        "application/json",
    )
    assert response.status_code == 413
    assert "too large" in response.data["detail"]
    assert response.data["code"] == "too_large"
    assert counts() == before


def test_text_over_the_article_limit_is_refused_by_the_service(api, settings):
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 50
    before = counts()
    response = api.post(
        f"{API}/articles/", {"text": "The council met on Monday. " * 5}, format="json"
    )
    assert response.status_code == 400
    assert "limit is 50" in response.data["detail"]
    assert counts() == before


def test_retrieve_gives_metadata_body_and_segments_in_order(api, seed_article):
    response = api.get(f"{API}/articles/{seed_article.pk}/")
    assert response.status_code == 200
    data = response.data
    assert data["body"] == seed_article.body
    claims = list(seed_article.claims.order_by("start"))
    assert [s["id"] for s in data["segments"]] == [c.pk for c in claims]
    for segment in data["segments"]:
        claim = next(c for c in claims if c.pk == segment["id"])
        assert seed_article.body[segment["start"] : segment["end"]] == claim.text
    assert {"kind", "status", "dismissed", "verdict", "open_gaps"} <= set(
        data["segments"][0]
    )


def test_an_articles_claims_are_listed_in_reading_order(api, seed_article):
    build_article(3)  # another article's claims must not appear
    response = api.get(f"{API}/articles/{seed_article.pk}/claims/?limit=500")
    assert response.status_code == 200
    ids = [row["id"] for row in response.data["results"]]
    assert ids == list(
        seed_article.claims.order_by("start").values_list("pk", flat=True)
    )


def test_an_unknown_article_is_a_404(api):
    assert api.get(f"{API}/articles/999999/").status_code == 404
    assert api.get(f"{API}/articles/999999/claims/").status_code == 404


@pytest.mark.parametrize("n_claims", [10, 300])
def test_article_list_and_detail_query_budget(api, django_assert_num_queries, n_claims):
    """The list, the article with its segments and its claims list cost a fixed
    number of queries at 10 and at 300 claims."""
    article = build_article(n_claims)
    for other in range(3):
        build_article(5 + other)
    with django_assert_num_queries(3):
        response = api.get(f"{API}/articles/")
    assert response.data["count"] == 4
    with django_assert_num_queries(2):
        response = api.get(f"{API}/articles/{article.pk}/")
    assert len(response.data["segments"]) == n_claims
    assert response.data["segments"][0]["citations"] == 2
    with django_assert_num_queries(4):
        response = api.get(f"{API}/articles/{article.pk}/claims/?limit=500")
    assert len(response.data["results"]) == n_claims
    assert Claim.objects.filter(article=article).count() == n_claims
