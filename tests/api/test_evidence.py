"""Sources, citations, ratings and rating labels: the evidence reviewers add."""

import pytest

from annotations import services
from annotations.models import Citation, Rating, Source
from tests import factories
from tests.api import API, build_article, client_for, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(reviewer):
    return services.article_create(
        title="Budget",
        body="The council approved a budget of $3 million on Monday, "
        "according to the Daily Planet. Critics said it was too small.",
        created_by=reviewer,
    )


@pytest.fixture
def claim(article):
    return article.claims.filter(kind="claim").order_by("start").first()


@pytest.fixture
def api(reviewer):
    return client_for(reviewer)


# --- sources -------------------------------------------------------------------------


def test_creating_a_source_is_201_then_200_for_the_same_document(api):
    payload = {
        "url": "https://WWW.Example.org/report?utm_source=x#top",
        "title": "The report",
        "publisher": "Example",
        "kind": "primary",
    }
    response = api.post(f"{API}/sources/", payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["domain"] == "example.org"
    again = api.post(
        f"{API}/sources/",
        {"url": "https://www.example.org/report", "title": "Other title"},
        format="json",
    )
    assert again.status_code == 200
    assert again.data["id"] == response.data["id"]
    assert again.data["title"] == "The report"
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "not a url", "title": "x"}, "url"),
        ({"url": "https://example.org/a", "kind": "gossip"}, "kind"),
        ({"title": "x", "archive_url": "nope"}, "archive_url"),
    ],
)
def test_malformed_sources_are_400_with_field_errors(api, payload, field):
    response = api.post(f"{API}/sources/", payload, format="json")
    assert response.status_code == 400
    assert field in response.data
    assert Source.objects.count() == 0


def test_a_source_needs_a_url_or_a_title(api):
    response = api.post(f"{API}/sources/", {}, format="json")
    assert response.status_code == 400
    assert "URL or a title" in response.data["detail"]


def test_sources_are_searched_by_url_title_publisher_and_domain(api):
    wanted = factories.SourceFactory(
        title="NASA budget request", publisher="NASA", domain="nasa.gov"
    )
    factories.SourceFactory(title="Unrelated")
    for query in ("budget request", "nasa", "NASA.GOV"):
        response = api.get(f"{API}/sources/", {"q": query})
        assert [row["id"] for row in response.data["results"]] == [wanted.pk]
    assert api.get(f"{API}/sources/").data["count"] == 2
    assert api.get(f"{API}/sources/{wanted.pk}/").data["title"] == wanted.title


# --- citations -----------------------------------------------------------------------


def test_citing_by_url_creates_the_source_and_the_citation(api, claim):
    response = api.post(
        f"{API}/citations/",
        {
            "claim": claim.pk,
            "source_url": "https://dailyplanet.example/budget",
            "source_title": "Council passes budget",
            "source_publisher": "Daily Planet",
            "stance": "supports",
            "quote": "approved a $3 million budget",
            "locator": "para 2",
        },
        format="json",
    )
    assert response.status_code == 201, response.data
    citation = Citation.objects.get(pk=response.data["id"])
    assert citation.source.publisher == "Daily Planet"
    assert response.data["source"]["title"] == "Council passes budget"
    assert response.data["quote"] == "approved a $3 million budget"
    claim.refresh_from_db()
    assert claim.status == "in_progress"  # the service's rule, run by the API
    fetched = api.get(f"{API}/citations/{citation.pk}/")
    assert fetched.data["locator"] == "para 2"
    listed = api.get(f"{API}/citations/", {"claim": claim.pk})
    assert [row["id"] for row in listed.data["results"]] == [citation.pk]


def test_citing_the_same_source_twice_is_a_409_and_leaves_no_new_source(
    api, claim, reviewer
):
    source = factories.SourceFactory()
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    before = counts()
    response = api.post(
        f"{API}/citations/",
        {"claim": claim.pk, "source": source.pk, "stance": "refutes"},
        format="json",
    )
    assert response.status_code == 409
    assert "already cites" in response.data["detail"]
    assert counts() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"stance": "agrees", "source_title": "x"}, "stance"),
        ({"stance": "supports"}, "source"),
        ({"stance": "supports", "source": 1, "source_url": "https://a.org"}, "source"),
        ({"stance": "supports", "source": 999999}, "source"),
        ({"stance": "supports", "source_url": "javascript:alert(1)"}, "source_url"),
        ({"stance": "supports", "source_title": "x", "claim": 999999}, "claim"),
    ],
)
def test_malformed_citations_are_400_and_save_nothing(api, claim, payload, field):
    before = counts()
    response = api.post(
        f"{API}/citations/", {"claim": claim.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.data
    assert counts() == before


def test_deleting_a_citation(api, claim, reviewer):
    citation = factories.CitationFactory(claim=claim, added_by=reviewer)
    response = api.delete(f"{API}/citations/{citation.pk}/")
    assert response.status_code == 204
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert api.delete(f"{API}/citations/{citation.pk}/").status_code == 404


def test_patching_a_citation_changes_only_what_is_sent(api, claim, reviewer):
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports",
        user=reviewer, quote="the words", locator="p. 1",
    )  # fmt: skip
    read = api.get(f"{API}/citations/{citation.pk}/").data["updated_at"]
    response = api.patch(
        f"{API}/citations/{citation.pk}/",
        {"stance": "refutes", "updated_at": read},
        format="json",
    )
    assert response.status_code == 200
    assert response.data["stance"] == "refutes"
    assert (response.data["quote"], response.data["locator"]) == ("the words", "p. 1")


def test_a_patch_must_say_which_version_it_read(api, claim, reviewer):
    """Without updated_at a partial edit could overwrite a change it never saw."""
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    response = api.patch(
        f"{API}/citations/{citation.pk}/", {"stance": "refutes"}, format="json"
    )
    assert response.status_code == 400
    assert "updated_at" in response.data


def test_a_stale_citation_patch_is_409(api, claim, reviewer):
    """Two clients of one reviewer: the second, from a stale read, is refused."""
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    read = api.get(f"{API}/citations/{citation.pk}/").data["updated_at"]
    first = client_for(reviewer).patch(
        f"{API}/citations/{citation.pk}/",
        {"quote": "first client", "updated_at": read},
        format="json",
    )
    assert first.status_code == 200
    response = api.patch(
        f"{API}/citations/{citation.pk}/",
        {"quote": "second client", "updated_at": read},
        format="json",
    )
    assert response.status_code == 409
    assert response.data["changed_by"] == "Rita Reviewer"
    citation.refresh_from_db()
    assert citation.quote == "first client"


@pytest.mark.parametrize("payload", [{"stance": "maybe"}, {"updated_at": "yesterday"}])
def test_a_malformed_citation_patch_is_400(api, claim, reviewer, payload):
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    response = api.patch(f"{API}/citations/{citation.pk}/", payload, format="json")
    assert response.status_code == 400
    citation.refresh_from_db()
    assert citation.stance == "supports"


# --- ratings -------------------------------------------------------------------------


def test_rating_labels_list_the_default_scale_in_order(api):
    response = api.get(f"{API}/rating-labels/")
    assert response.status_code == 200
    assert [label["slug"] for label in response.data][:5] == [
        "true",
        "mostly-true",
        "half-true",
        "mostly-false",
        "false",
    ]
    assert response.data[0]["ordinal"] == 5
    assert response.data[0]["polarity"] == "true"


def test_rating_a_claim_creates_then_replaces_my_rating(api, claim, reviewer):
    payload = {"claim": claim.pk, "label": "false", "confidence": 3}
    response = api.post(f"{API}/ratings/", payload, format="json")
    assert response.status_code == 201, response.data
    assert response.data["label"]["slug"] == "false"
    response = api.put(
        f"{API}/ratings/mine/",
        {**payload, "label": "mostly-false", "rationale": "Off by a million."},
        format="json",
    )
    assert response.status_code == 200, response.data
    rating = Rating.objects.get(claim=claim, reviewer=reviewer)
    assert rating.label.slug == "mostly-false"
    assert rating.rationale == "Off by a million."
    listed = api.get(f"{API}/ratings/", {"claim": claim.pk})
    assert [row["id"] for row in listed.data["results"]] == [rating.pk]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"label": "pants-on-fire"}, "label"),
        ({"label": "true", "confidence": 9}, "confidence"),
        ({"label": "true", "confidence": "very"}, "confidence"),
        ({}, "label"),
    ],
)
def test_malformed_ratings_are_400(api, claim, payload, field):
    response = api.post(
        f"{API}/ratings/", {"claim": claim.pk, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.data
    assert not Rating.objects.exists()


@pytest.mark.parametrize("n_claims", [10, 300])
def test_evidence_lists_query_budget(api, django_assert_num_queries, n_claims):
    build_article(n_claims)
    # The role check, a COUNT and the page (ratings: plus nothing for the blind-review
    # filter, which is a subquery). The first call also loads the user's groups.
    for url, queries in (
        ("sources/?limit=500", 3),
        ("citations/?limit=500", 2),
        ("ratings/?limit=500", 2),
    ):
        with django_assert_num_queries(queries):
            response = api.get(f"{API}/{url}")
        assert response.status_code == 200
        assert len(response.data["results"]) == min(500, response.data["count"])
