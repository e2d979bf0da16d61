"""Carving a span out of a claim (`services.claim_carve`): the parts, where the
citations go, the refusals, and the offset invariant for any carve."""

import itertools

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from annotations import services
from annotations.errors import Conflict, InvalidInput, WorkflowConflict
from annotations.models import Citation, Claim, ClaimStatus, RatingLabel
from annotations.services.claims import quote_home
from tests import factories
from tests.assertions import assert_offsets

pytestmark = pytest.mark.django_db

SENTENCE = (
    "Critics called the forecast, a figure derided by transport economists, "
    "wildly optimistic."
)
BODY = f"The ferry carried 12,000 people a day. {SENTENCE} Fares rose by 15 percent."


@pytest.fixture
def article():
    article = factories.ArticleFactory(body=BODY)
    factories.claims_for(
        article,
        [
            "The ferry carried 12,000 people a day.",
            SENTENCE,
            "Fares rose by 15 percent.",
        ],
    )
    return article


def middle(article) -> Claim:
    return Claim.objects.get(article=article, text=SENTENCE)


def span_of(text: str, within: str = BODY) -> tuple[int, int]:
    start = within.index(text)
    return start, start + len(text)


def cite(claim, quote: str, **kwargs) -> Citation:
    return factories.CitationFactory(claim=claim, quote=quote, **kwargs)


def test_a_middle_span_becomes_a_claim_and_both_remainders_stay(article, reviewer):
    claim = middle(article)
    start, end = span_of("a figure derided by transport economists")
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert result.carved.text == "a figure derided by transport economists"
    assert result.carved.kind == "claim"
    assert result.carved.status == ClaimStatus.OPEN
    assert [part.text for part in result.rest] == [
        "Critics called the forecast,",
        ", wildly optimistic.",
    ]
    # The original row is the first remainder: its id and history carry on.
    assert result.rest[0].pk == claim.pk
    assert result.dropped == []
    assert_offsets(article)


def test_white_space_at_the_edges_of_the_selection_is_trimmed(article, reviewer):
    claim = middle(article)
    start, end = span_of(" a figure derided ")
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert result.carved.text == "a figure derided"
    assert_offsets(article)


def test_a_remainder_of_only_punctuation_is_dropped(article, reviewer):
    claim = middle(article)
    start, end = span_of("Critics called the forecast, a figure derided by transport")
    end = claim.end - 1  # everything but the final full stop
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert result.dropped == ["."]
    assert result.rest == []
    # Nothing stays around it: the original row is the carved claim itself.
    assert result.carved.pk == claim.pk
    assert result.carved.text == SENTENCE[:-1]
    assert_offsets(article)


def test_a_leading_remainder_of_punctuation_leaves_the_row_to_the_rest(reviewer):
    body = "“Fares will rise,” the operator said."
    article = factories.ArticleFactory(body=body)
    (claim,) = factories.claims_for(article, [body])
    start, end = span_of("Fares will rise", body)
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert result.dropped == ["“"]
    assert [part.text for part in result.rest] == [",” the operator said."]
    assert result.rest[0].pk == claim.pk
    assert result.carved.pk != claim.pk
    assert_offsets(article)


def test_citations_go_to_the_part_that_holds_their_quote(article, reviewer):
    claim = middle(article)
    in_carved = cite(claim, "derided by transport economists")
    in_rest = cite(claim, "Critics called the forecast")
    by_words = cite(claim, "economists at the institute DERIDED the projection")
    start, end = span_of("a figure derided by transport economists")
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    carved = result.carved
    assert Citation.objects.get(pk=in_carved.pk).claim_id == carved.pk
    assert Citation.objects.get(pk=in_rest.pk).claim_id == claim.pk
    assert Citation.objects.get(pk=by_words.pk).claim_id == carved.pk
    assert result.citations_unmatched == []


def test_citations_whose_quote_does_not_say_follow_the_choice(article, reviewer):
    claim = middle(article)
    no_quote = cite(claim, "")
    elsewhere = cite(claim, "Ridership fell by a third.")
    start, end = span_of("a figure derided by transport economists")
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert sorted(result.citations_unmatched) == sorted([no_quote.pk, elsewhere.pk])
    # By default they stay with the original claim...
    assert Citation.objects.get(pk=no_quote.pk).claim_id == claim.pk

    other = factories.ArticleFactory(body=BODY)
    factories.claims_for(other, [SENTENCE])
    claim = middle(other)
    no_quote = cite(claim, "")
    result = services.claim_carve(
        claim=claim, start=start, end=end, user=reviewer,
        unmatched_citations_to="carved",
    )  # fmt: skip
    # ...or go with the carved claim when the reviewer says so.
    assert Citation.objects.get(pk=no_quote.pk).claim_id == result.carved.pk


def test_ratings_and_assignees_stay_with_the_original_row(article, reviewer):
    claim = middle(article)
    services.rating_set(
        claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="false")
    )
    start, end = span_of("a figure derided by transport economists")
    result = services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert result.rest[0].ratings.count() == 1
    assert result.carved.ratings.count() == 0
    assert list(result.rest[0].assignees.all()) == [reviewer]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (0, 10, "not inside claim"),  # in another claim
        (-1, 5, "not inside claim"),
        (None, None, "whole of claim"),
        ("comma", "comma", "no words"),
    ],
)
def test_refusals(article, reviewer, start, end, message):
    claim = middle(article)
    if start is None:
        start, end = claim.start, claim.end
    elif start == "comma":
        start = claim.start + SENTENCE.index(",")
        end = start + 2  # ", "
    with pytest.raises(InvalidInput, match=message):
        services.claim_carve(claim=claim, start=start, end=end, user=reviewer)
    assert middle(article).text == SENTENCE


def test_a_stale_version_or_a_locked_claim_is_refused(article, reviewer, editor):
    claim = middle(article)
    start, end = span_of("a figure derided")
    with pytest.raises(Conflict):
        services.claim_carve(
            claim=claim, start=start, end=end, user=reviewer,
            expected_version=claim.version + 1,
        )  # fmt: skip
    services.rating_set(
        claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="false")
    )
    services.claim_submit(claim=claim, user=reviewer)
    with pytest.raises(WorkflowConflict):
        services.claim_carve(claim=claim, start=start, end=end, user=reviewer)


def test_unknown_citation_choice_is_refused(article, reviewer):
    claim = middle(article)
    with pytest.raises(InvalidInput, match="Unknown choice"):
        services.claim_carve(
            claim=claim, start=claim.start + 1, end=claim.start + 8, user=reviewer,
            unmatched_citations_to="both",
        )  # fmt: skip


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("derided by", 1),
        ("CRITICS called", 0),
        ("", None),
        ("the", None),  # in both parts
        ("nothing shared here", None),
        ("optimistic forecast", None),  # one word each: a tie
    ],
)
def test_quote_home(quote, expected):
    parts = ["Critics called the forecast,", "a figure derided by the optimistic"]
    assert quote_home(quote, parts) == expected


WORDS = st.sampled_from(
    ["ferry", "fares", "rose", "by", "15", "percent", "and", "the", "mayor", "said"]
)
PUNCT = st.sampled_from([" ", " ", " ", ", ", "; ", " — ", ". ", "“", "”", "\n\n"])
TEXT = st.lists(st.tuples(WORDS, PUNCT), min_size=3, max_size=30).map(
    lambda pairs: "".join(w + p for w, p in pairs).strip() or "ferry"
)


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=TEXT,
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), max_size=3),
    a=st.integers(min_value=0, max_value=10_000),
    b=st.integers(min_value=0, max_value=10_000),
    quotes=st.lists(st.sampled_from(["", "ferry", "mayor said", "15 percent"])),
)
def test_any_carve_keeps_the_offsets_and_every_citation(
    reviewer, body, cuts, a, b, quotes
):
    """body[start:end] == text for every part, no overlaps, the carved claim is the
    trimmed selection, every citation is on one of the parts."""
    from django.db import transaction

    with transaction.atomic():
        article = factories.ArticleFactory(body=body)
        bounds = sorted({0, len(body), *(c % (len(body) + 1) for c in cuts)})
        for lo, hi in itertools.pairwise(bounds):
            lo, hi = services.common.stripped_bounds(body, lo, hi)
            if lo < hi:
                Claim.objects.create(
                    article=article, start=lo, end=hi, text=body[lo:hi]
                )
        claims = list(article.claims.order_by("start"))
        if not claims:
            transaction.set_rollback(True)
            return
        claim = claims[a % len(claims)]
        citations = [cite(claim, quote) for quote in quotes]
        length = claim.end - claim.start
        start = claim.start + a % length
        end = start + 1 + b % (claim.end - start)
        before = article.claims.exclude(pk=claim.pk).count()
        try:
            result = services.claim_carve(
                claim=claim, start=start, end=end, user=reviewer
            )
        except InvalidInput:
            assert_offsets(article)
            transaction.set_rollback(True)
            return
        assert_offsets(article)
        lo, hi = services.common.stripped_bounds(body, start, end)
        assert (result.carved.start, result.carved.end) == (lo, hi)
        parts = {result.carved.pk, *(part.pk for part in result.rest)}
        assert article.claims.count() == before + len(parts)
        for citation in citations:
            assert Citation.objects.get(pk=citation.pk).claim_id in parts
        # What was covered and is not covered now is only punctuation or space.
        covered = {i for c in article.claims.all() for i in range(c.start, c.end)}
        span = range(claim.start, claim.end)
        lost = "".join(body[i] for i in span if i not in covered)
        assert not any(ch.isalnum() for ch in lost)
        transaction.set_rollback(True)
