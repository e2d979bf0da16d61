"""Reads behind the pages: counts, queues and search, in bounded queries."""

import pytest
from django.utils import timezone

from annotations import selectors, services
from annotations.models import ClaimStatus, RatingLabel, SourcingGap
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(seed_text, reviewer):
    return services.article_create(title="", body=seed_text, created_by=reviewer)


def test_article_list_counts_progress(article, reviewer):
    claims = list(article.claims.filter(kind="claim").order_by("start"))
    label = RatingLabel.objects.get(slug="true")
    services.rating_set(claim=claims[0], reviewer=reviewer, label=label)
    services.rating_set(
        claim=claims[0], reviewer=factories.UserFactory(role="reviewer"), label=label
    )
    services.rating_set(claim=claims[1], reviewer=reviewer, label=label)
    services.claim_dismiss(claim=claims[2], reason="dup", user=reviewer)
    now = timezone.now()
    SourcingGap.objects.all().delete()
    for claim in claims[:2]:
        SourcingGap.objects.create(
            claim=claim, kind="no_source", opened_at=now, last_seen_at=now
        )
    row = selectors.article_list().get(pk=article.pk)
    assert row.rated_count == 2  # two claims rated, however many ratings
    assert row.dismissed_count == 1
    assert row.claim_count == len(claims) - 1
    assert row.open_gap_count == 2
    assert selectors.article_state(row) == "in review"


def test_article_search(article):
    found = selectors.article_search(selectors.article_list(), query="moon base")
    assert list(found) == [article]
    assert not selectors.article_search(
        selectors.article_list(), state="published"
    ).exists()
    assert list(
        selectors.article_search(selectors.article_list(), state="unrated")
    ) == [article]


def test_my_claims_queues(article, reviewer, django_assert_num_queries):
    claims = list(article.claims.filter(kind="claim").order_by("start"))
    claims[0].assignees.add(reviewer)
    services.citation_add(
        claim=claims[1],
        source=factories.SourceFactory(),
        stance="context",
        user=reviewer,
    )
    claims[2].status = ClaimStatus.RETURNED
    claims[2].save(update_fields=["status"])
    claims[2].assignees.add(reviewer)
    services.comment_add(claim=claims[2], user=reviewer, body="not the return")
    claims[3].status = ClaimStatus.SUBMITTED
    claims[3].save(update_fields=["status"])
    claims[3].assignees.add(reviewer)
    # Four queues and one query for the counts.
    with django_assert_num_queries(5):
        queues = selectors.my_claims(reviewer)
    assert [c.pk for c in queues["assigned"]] == [claims[0].pk]
    assert [c.pk for c in queues["in_progress"]] == [claims[1].pk]
    assert [c.pk for c in queues["returned"]] == [claims[2].pk]
    assert queues["returned"][0].return_comment is None
    assert [c.pk for c in queues["submitted"]] == [claims[3].pk]
    assert queues["counts"] == {"submitted": 1, "approved": 0, "returned": 1}


def test_source_search_matches_url_title_and_publisher(reviewer):
    source = factories.SourceFactory(
        title="Lunar station pact", publisher="SpaceNews",
        url="https://spacenews.com/a", created_by=reviewer,
    )  # fmt: skip
    factories.SourceFactory(title="Unrelated", created_by=reviewer)
    for query in ("lunar", "SPACENEWS", "spacenews.com/a"):
        assert selectors.source_search(query, viewer=reviewer) == [source]
    assert selectors.source_search("  ", viewer=reviewer) == []


def test_claim_timeline_lists_changed_fields_before_and_after(article, reviewer):
    claim = article.claims.filter(kind="claim").order_by("start").first()
    services.claim_dismiss(claim=claim, reason="dup", user=reviewer)
    entries = selectors.claim_timeline(claim.pk, viewer=reviewer)
    assert entries[0].who == "Rita Reviewer"
    assert [(c.field, c.before, c.after) for c in entries[0].changes] == [
        ("dismissal", "—", "dismissed: dup")
    ]
    assert entries[-1].action == "added claim"
