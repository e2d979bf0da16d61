"""Query strings and bodies the API refuses, and the ones it takes
(api/__init__.py pagination and numbers, api/filters.py)."""

import pytest

from annotations import services
from tests import factories
from tests.api import API, build_article, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(reviewer):
    return client_for(reviewer)


@pytest.mark.parametrize(
    "query",
    [
        "limit=abc",
        "limit=0",
        "limit=-3",
        "limit=1.5",
        "limit=1_0",
        "limit=" + "9" * 30,
        "offset=null",
        "offset=-1",
        "offset=2147483648",
        "limit=%EF%BC%95",  # a full-width digit five
        "offset=",
    ],
)
def test_pagination_refuses_what_is_not_a_whole_number_in_range(api, query):
    response = api.get(f"{API}/claims/?{query}")
    assert response.status_code == 400, query
    assert response.json()["code"] == "parse_error"
    name = query.split("=")[0]
    assert response.json()["detail"].startswith(name)


def test_pagination_caps_the_limit(api):
    build_article(3)
    response = api.get(f"{API}/claims/?limit=100000")
    assert response.status_code == 200
    assert response.json()["count"] == 3
    one = api.get(f"{API}/claims/?limit=1&offset=1").json()
    assert len(one["results"]) == 1
    assert "offset=2" in one["next"]


def test_an_unknown_id_filters_to_an_empty_list_not_an_error(api):
    article = build_article(2)
    cited = article.claims.first()
    for resource, name in [
        ("claims", "article"),
        ("claims", "assignee"),
        ("citations", "claim"),
        ("citations", "source"),
        ("ratings", "claim"),
        ("ratings", "reviewer"),
        ("gaps", "claim"),
        ("gaps", "article"),
        ("comments", "claim"),
    ]:
        response = api.get(f"{API}/{resource}/?{name}=987654")
        assert response.status_code == 200, (resource, name)
        assert response.json()["results"] == [], (resource, name)
        for bad in ("0", "x", "-1", "2147483648"):
            refused = api.get(f"{API}/{resource}/?{name}={bad}")
            assert refused.status_code == 400, (resource, name, bad)
            assert name in refused.json(), (resource, name, bad)
    known = api.get(f"{API}/citations/?claim={cited.pk}").json()["results"]
    assert known
    assert {row["claim"] for row in known} == {cited.pk}


def test_yes_no_filters_take_true_false_one_zero_and_refuse_the_rest(api, reviewer):
    article = build_article(3)
    claim = article.claims.order_by("start").first()
    services.claim_dismiss(claim=claim, user=reviewer, reason="not a claim")
    for yes in ("true", "True", "1"):
        rows = api.get(f"{API}/claims/?dismissed={yes}").json()["results"]
        assert [row["id"] for row in rows] == [claim.pk], yes
    for no in ("false", "FALSE", "0"):
        rows = api.get(f"{API}/claims/?dismissed={no}").json()["results"]
        assert claim.pk not in {row["id"] for row in rows}, no
        assert len(rows) == 2, no
    for bad in ("maybe", "2", "yes please"):
        response = api.get(f"{API}/claims/?dismissed={bad}")
        assert response.status_code == 400, bad
        assert response.json() == {"dismissed": ["Use true or false."]}


@pytest.mark.parametrize(
    ("path", "name", "bad"),
    [
        ("review-queue/", "article", "0"),
        ("review-queue/", "reviewer", "abc"),
        ("agreement/", "days", "36501"),
        ("agreement/", "days", "1e3"),
        ("review-queue/", "article", ""),
        ("review-queue/", "sort", "newest"),
    ],
)
def test_other_numbers_in_query_strings_share_the_rule(editor, path, name, bad):
    response = client_for(editor).get(f"{API}/{path}?{name}={bad}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(name)


def test_a_body_that_is_not_json_is_415_and_changes_nothing(api):
    article = factories.ArticleFactory()
    before = article.claims.count()
    response = api.post(
        f"{API}/claims/",
        "article=1&start=0&end=4",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert article.claims.count() == before


@pytest.mark.parametrize(
    "query", ["dismissed=", "kind=", "article=", "status=", "has_open_gaps="]
)
def test_a_filter_sent_empty_is_refused_except_text(api, query):
    response = api.get(f"{API}/claims/?{query}")
    assert response.status_code == 400, query
    name = query.rstrip("=")
    assert response.json()[name] == ["Empty: give a value, or leave it out."]
    assert api.get(f"{API}/articles/?q=").status_code == 200
