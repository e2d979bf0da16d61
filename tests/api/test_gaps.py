"""/api/v1/gaps/: the sourcing-gap record, filtered, newest first."""

import datetime as dt

import pytest
from django.utils import timezone

from annotations.models import SourcingGap
from tests.api import API, build_article, client_for

pytestmark = pytest.mark.django_db


def test_gaps_filter_by_kind_severity_state_article_and_claim(reviewer):
    one, two = build_article(3), build_article(4)
    now = timezone.now()
    claim = one.claims.order_by("start").first()
    old = SourcingGap.objects.create(
        claim=claim,
        kind="no_source",
        severity="high",
        opened_at=now - dt.timedelta(days=3),
        last_seen_at=now - dt.timedelta(days=1),
        resolved_at=now - dt.timedelta(days=1),
    )
    api = client_for(reviewer)

    def ids(query=""):
        response = api.get(f"{API}/gaps/?limit=500&{query}")
        assert response.status_code == 200, response.data
        return [row["id"] for row in response.data["results"]]

    assert len(ids()) == 8
    assert ids()[-1] == old.pk  # newest first
    assert ids("kind=no_source") == [old.pk]
    assert ids("severity=high") == [old.pk]
    assert ids("open=false") == [old.pk]
    assert old.pk not in ids("open=true")
    assert len(ids(f"article={two.pk}")) == 4
    assert set(ids(f"claim={claim.pk}")) == set(claim.gaps.values_list("pk", flat=True))
    row = api.get(f"{API}/gaps/{old.pk}/").data
    assert row["article"] == one.pk
    assert row["is_open"] is False
    assert api.get(f"{API}/gaps/?kind=bogus").status_code == 400


@pytest.mark.parametrize("n_claims", [10, 300])
def test_gap_list_query_budget(reviewer, django_assert_num_queries, n_claims):
    build_article(n_claims)
    api = client_for(reviewer)
    with django_assert_num_queries(3):
        response = api.get(f"{API}/gaps/?limit=500")
    assert len(response.data["results"]) == n_claims
