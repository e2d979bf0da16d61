"""Published URLs are clean: a source's or an article's URL is stored, shown and
published without its tracking parameters, and keeps everything a reader needs."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Claim, Source
from annotations.sources import (
    TRACKING_PARAMETERS,
    clean_url,
    is_tracking_parameter,
    normalize_url,
)
from reports import exporters, exports
from reports import services as report_services
from tests import factories
from tests.report_fixtures import label

TRACKED = [
    "utm_source=newsletter",
    "UTM_Medium=email",
    "fbclid=IwAR3xyz",
    "gclid=Cj0KCQ",
    "mc_cid=abc123",
    "_hsenc=p2ANqtz",
    "mtm_campaign=spring",
    "utm%5Fcontent=encoded-name",
]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Tracking parameters go wherever they stand; the rest keeps its order.
        (
            "https://www.Example.org/News/Story?utm_source=x&id=42&fbclid=y&page=2",
            "https://www.Example.org/News/Story?id=42&page=2",
        ),
        ("https://example.org/a?utm_source=x&utm_medium=y", "https://example.org/a"),
        ("https://example.org?gclid=1", "https://example.org"),
        # Spelling of what stays is left alone: encodings, +, blank values, case.
        (
            "https://example.org/s?q=moon+base&utm_term=z&Lang=EN&empty=&x=%2F",
            "https://example.org/s?q=moon+base&Lang=EN&empty=&x=%2F",
        ),
        # A meaningful fragment stays; a fragment of tracking parameters goes.
        (
            "https://example.org/a?utm_campaign=c#section-2",
            "https://example.org/a#section-2",
        ),
        ("https://example.org/a#utm_source=feed", "https://example.org/a"),
        ("https://example.org/a#page=3&utm_medium=rss", "https://example.org/a#page=3"),
        (
            "https://example.org/a#:~:text=utm_source=x",
            "https://example.org/a#:~:text=utm_source=x",
        ),
        (
            "https://app.example.org/#/story/7?utm_source=x",
            "https://app.example.org/#/story/7?utm_source=x",
        ),
        # Ports, http, paths with trailing slashes: as given.
        (
            "http://example.org:8080/a/b/?ref=front&igshid=q",
            "http://example.org:8080/a/b/?ref=front",
        ),
        # Nothing to drop: the very same string.
        (
            "https://example.org/a?id=1&ref=home#top",
            "https://example.org/a?id=1&ref=home#top",
        ),
        ("https://example.org/a?", "https://example.org/a?"),
    ],
)
def test_clean_url_drops_only_what_tracks(url, expected):
    assert clean_url(url) == expected


@pytest.mark.parametrize("parameter", TRACKED)
def test_every_kind_of_tracking_parameter_is_dropped(parameter):
    assert clean_url(f"https://example.org/a?id=7&{parameter}") == (
        "https://example.org/a?id=7"
    )


def test_an_unparseable_url_comes_back_unchanged():
    assert clean_url("http://[::1/broken?utm_source=x") == (
        "http://[::1/broken?utm_source=x"
    )


_names = st.one_of(
    st.sampled_from(sorted(TRACKING_PARAMETERS)),
    st.sampled_from(["utm_source", "UTM_Campaign", "mtm_kwd", "utm%5Fmedium"]),
    st.sampled_from(["id", "page", "ref", "s", "v", "q", "lang", "Section"]),
    st.text("abcdefghijklmnopqrstuvwxyz_-.%20", min_size=1, max_size=8),
)
_values = st.text("abcXYZ019-._~%2F+=", max_size=8)
_pairs = st.lists(st.tuples(_names, _values), max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    _pairs,
    st.sampled_from(["", "#top", "#utm_source=x", "#p=1&fbclid=2", "#/r?utm_a=1"]),
)
def test_cleaning_never_changes_which_document_a_url_names(pairs, fragment):
    query = "&".join(f"{name}={value}" for name, value in pairs)
    url = f"https://news.example.org/world/story-1?{query}{fragment}"
    cleaned = clean_url(url)
    assert normalize_url(cleaned) == normalize_url(url)
    assert clean_url(cleaned) == cleaned
    query_part = cleaned.split("#", 1)[0].partition("?")[2]
    from urllib.parse import unquote_plus

    names = [unquote_plus(p.partition("=")[0]) for p in query_part.split("&") if p]
    assert not any(is_tracking_parameter(name) for name in names)
    kept = [
        f"{n}={v}"
        for n, v in pairs
        if not is_tracking_parameter(unquote_plus(n)) and f"{n}={v}"
    ]
    assert query_part == "&".join(kept)


# --- stored clean, wherever a URL comes in --------------------------------------------

RAW = (
    "https://www.example-news.org/world/moon-base?id=42&utm_source=tw&fbclid=Iw#para-3"
)
CLEAN = "https://www.example-news.org/world/moon-base?id=42#para-3"


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory()
    return factories.claims_for(article)[0]


def test_a_new_source_is_stored_with_the_clean_url(reviewer):
    source, created = services.source_get_or_create(url=RAW, user=reviewer)
    assert created
    assert (source.url, source.title) == (CLEAN, CLEAN)
    assert source.normalized_url == normalize_url(RAW)
    again, created = services.source_get_or_create(
        url=RAW.replace("utm_source=tw", "utm_source=fb"), user=reviewer
    )
    assert (again.pk, created) == (source.pk, False)


def test_citing_by_url_on_the_page_stores_the_clean_url(client, reviewer, claim):
    client.force_login(reviewer)
    response = client.post(
        f"/claims/{claim.pk}/citations/",
        {"url": RAW, "title": "Moon base", "kind": "news", "stance": "supports"},
    )
    assert response.status_code == 302
    assert Source.objects.get().url == CLEAN


def test_the_api_stores_and_answers_the_clean_url(reviewer, claim):
    api = APIClient()
    api.force_authenticate(reviewer)
    made = api.post("/api/v1/sources/", {"url": RAW, "kind": "news"}, format="json")
    assert made.status_code == 201
    assert made.json()["url"] == CLEAN
    cited = api.post(
        "/api/v1/citations/",
        {
            "claim": claim.pk,
            "source_url": RAW.replace("moon-base", "moon-base-2"),
            "source_title": "Second",
            "stance": "context",
        },
        format="json",
    )
    assert cited.status_code == 201
    assert cited.json()["source"]["url"] == CLEAN.replace("moon-base", "moon-base-2")


def test_articles_are_stored_with_the_clean_url(reviewer):
    article = services.article_create(
        title="Moon", body="The base opens in 2030.", url=RAW, created_by=reviewer
    )
    assert article.url == CLEAN
    article = services.article_update(
        article=article, user=reviewer, url=RAW.replace("42", "43")
    )
    assert article.url == CLEAN.replace("42", "43")
    api = APIClient()
    api.force_authenticate(reviewer)
    made = api.post(
        "/api/v1/articles/",
        {"text": "A port moved 3 million boxes.", "url": RAW.replace("42", "44")},
        format="json",
    )
    assert made.status_code == 201
    assert made.json()["url"] == CLEAN.replace("42", "44")


# --- published clean ------------------------------------------------------------------


def test_the_report_and_every_export_publish_the_clean_url(reviewer, editor):
    article = services.article_create(
        title="Moon base", body="The base opens in 2030. It has four rooms.",
        url="https://paper.example/moon?utm_campaign=x&edition=2", created_by=reviewer,
    )  # fmt: skip
    claim = Claim.objects.filter(article=article, kind="claim").order_by("start")[0]
    for n, raw in enumerate([RAW, "https://agency.example/p.pdf?mc_eid=9&v=2"]):
        services.citation_add_with_source(
            claim=claim, stance="supports", user=reviewer, url=raw,
            title="" if n else "Moon base plan", quote="It opens in 2030.",
        )  # fmt: skip
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    services.verdict_approve(
        claim=claim, user=editor, label="true", explanation="The plan says so.",
        expected_version=claim.version, gap_override_reason="Checked by phone.",
    )  # fmt: skip
    revision = report_services.article_publish(
        article=article, user=editor, override_reason="The rest is opinion."
    )
    data = revision.snapshot
    assert data["article"]["url"] == "https://paper.example/moon?edition=2"
    assert [c["source"]["url"] for c in data["claims"][0]["citations"]] == [
        CLEAN,
        "https://agency.example/p.pdf?v=2",
    ]
    assert data["claims"][0]["citations"][1]["source"]["title"] == (
        "https://agency.example/p.pdf?v=2"
    )
    for exporter in exporters.all():
        if exporter.identifier == "pdf":
            continue  # binary: tests/reports/test_exporters_pdf.py reads its text
        rendered = exports.render(revision, exporter.identifier).decode("utf-8")
        for tracker in ("utm_", "fbclid", "mc_eid"):
            assert tracker not in rendered, (exporter.identifier, tracker)
        if "example-news.org" in rendered:  # the formats that list the sources
            assert "moon-base?id=42#para-3" in rendered, exporter.identifier


# --- the data migration ---------------------------------------------------------------


def test_the_migration_cleans_stored_rows_and_titles_that_were_only_a_url(db):
    migration = import_module("annotations.migrations.0015_clean_tracking_urls")
    untitled = Source.objects.create(
        url=RAW, normalized_url=normalize_url(RAW), title=RAW, domain="example-news.org"
    )
    titled = Source.objects.create(
        url="https://a.example/x?utm_source=1&id=5",
        normalized_url=normalize_url("https://a.example/x?id=5"),
        title="Annual report",
    )
    plain = Source.objects.create(
        url="https://b.example/y?id=1", normalized_url="https://b.example/y?id=1",
        title="https://b.example/y?id=1",
    )  # fmt: skip
    no_url = Source.objects.create(url="", normalized_url="", title="A phone call")
    article = Article.objects.create(
        title="T", body="Text.", url="https://paper.example/a?fbclid=1&p=2"
    )
    before = {s.pk: s.normalized_url for s in Source.objects.all()}
    migration.clean_rows(django_apps, None)
    untitled.refresh_from_db()
    titled.refresh_from_db()
    plain.refresh_from_db()
    no_url.refresh_from_db()
    article.refresh_from_db()
    assert (untitled.url, untitled.title) == (CLEAN, CLEAN)
    assert (titled.url, titled.title) == ("https://a.example/x?id=5", "Annual report")
    assert plain.url == plain.title == "https://b.example/y?id=1"
    assert (no_url.url, no_url.title) == ("", "A phone call")
    assert article.url == "https://paper.example/a?p=2"
    assert {s.pk: s.normalized_url for s in Source.objects.all()} == before


def test_the_migration_carries_its_own_copy_of_the_cleaning():
    """Frozen code: the migration imports nothing from the live app, and its copy
    cleans as the live function does today."""
    migration = import_module("annotations.migrations.0015_clean_tracking_urls")
    source = __import__("pathlib").Path(migration.__file__).read_text(encoding="utf-8")
    assert "from annotations" not in source
    assert "import annotations" not in source
    for url in [RAW, "https://x.example/?a=1&UTM_x=2#mc_cid=3", "https://x.example/#t"]:
        assert migration.clean_url(url) == clean_url(url)
