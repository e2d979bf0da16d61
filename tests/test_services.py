"""Services keep the offset invariant and refuse what would lose work."""

import pytest
from django.db import IntegrityError
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from annotations import queueing, services
from annotations.errors import Conflict, InvalidInput, NotAllowed, WorkflowConflict
from annotations.models import Article, Citation, Claim, RatingLabel, Source
from tests import factories
from tests.assertions import assert_offsets

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article(seed_text, reviewer):
    return services.article_create(title="", body=seed_text, created_by=reviewer)


def test_article_create_splits_the_seed_into_segments(seed_article):
    """The seed article is stored with a title and a segment per sentence or line."""
    assert seed_article.title == "China and Russia Agree to Build Joint Moon Base"
    kinds = list(seed_article.claims.values_list("kind", flat=True))
    assert kinds.count("claim") >= 12
    assert "headline" in kinds
    assert_offsets(seed_article)


def test_article_create_records_history_with_the_creator(seed_article, reviewer):
    claim = seed_article.claims.first()
    assert claim.history.count() == 1
    assert claim.history.first().history_user == reviewer


@pytest.mark.parametrize("body", ["", "   \n\t  ", "\x00\x01"])
def test_article_create_refuses_empty_text(body, reviewer):
    """Empty or whitespace-only text is refused and nothing is saved."""
    with pytest.raises(InvalidInput):
        services.article_create(title="Empty", body=body, created_by=reviewer)
    assert Article.objects.count() == 0


def test_article_create_refuses_oversized_text(settings, reviewer):
    settings.FACTCHECK_MAX_ARTICLE_CHARS = 100
    with pytest.raises(InvalidInput, match="limit is 100"):
        services.article_create(title="Big", body="word " * 50, created_by=reviewer)
    assert Article.objects.count() == 0


def test_article_create_normalizes_line_endings_before_anchoring(reviewer):
    article = services.article_create(
        title="CRLF",
        body="First line here.\r\nSecond sentence follows.\r\n",
        created_by=reviewer,
    )
    assert "\r" not in article.body
    assert_offsets(article)


def test_split_keeps_offsets(seed_article, reviewer):
    """Both parts are exact slices of the body; the first keeps the claim's id."""
    claim = seed_article.claims.filter(kind="claim").order_by("-end").first()
    at = claim.start + claim.text.index(" ", len(claim.text) // 2)
    first, second = services.claim_split(claim=claim, at=at, user=reviewer)
    assert first.pk == claim.pk
    assert first.start == claim.start
    assert second.end == claim.end
    assert first.end == at
    assert second.start == at + 1
    assert first.version == claim.version + 1
    assert_offsets(seed_article)


@pytest.mark.parametrize("where", ["start", "end", "outside"])
def test_split_outside_the_claim_is_refused(seed_article, reviewer, where):
    claim = seed_article.claims.filter(kind="claim").first()
    at = {"start": claim.start, "end": claim.end, "outside": claim.end + 5}[where]
    with pytest.raises(InvalidInput):
        services.claim_split(claim=claim, at=at, user=reviewer)
    assert_offsets(seed_article)


def test_merge_joins_with_the_next_segment(seed_article, reviewer):
    claims = list(seed_article.claims.filter(kind="claim").order_by("start"))
    first, second = claims[1], claims[2]
    count = seed_article.claims.count()
    merged = services.claim_merge(claim=first, user=reviewer)
    assert merged.start == first.start
    assert merged.end == second.end
    assert seed_article.claims.count() == count - 1
    assert not Claim.objects.filter(pk=second.pk).exists()
    assert_offsets(seed_article)


def test_merge_moves_citations_of_the_next_claim(seed_article, reviewer):
    claims = list(seed_article.claims.filter(kind="claim").order_by("start"))
    source = factories.SourceFactory()
    citation = services.citation_add(
        claim=claims[3], source=source, stance="supports", user=reviewer, quote="q"
    )
    merged = services.claim_merge(claim=claims[2], user=reviewer)
    citation.refresh_from_db()
    assert citation.claim_id == merged.pk


def test_merge_refuses_when_the_next_claim_has_ratings(seed_article, reviewer):
    claims = list(seed_article.claims.filter(kind="claim").order_by("start"))
    label = RatingLabel.objects.get(scale__slug="default", slug="true")
    services.rating_set(claim=claims[3], reviewer=reviewer, label=label)
    with pytest.raises(Conflict):
        services.claim_merge(claim=claims[2], user=reviewer)
    assert Claim.objects.filter(pk=claims[3].pk).exists()
    assert_offsets(seed_article)


def test_split_then_merge_restores_the_span(seed_article, reviewer):
    claim = seed_article.claims.filter(kind="claim").order_by("-end").first()
    original = (claim.start, claim.end)
    at = claim.start + claim.text.index(" ", 10)
    first, _second = services.claim_split(claim=claim, at=at, user=reviewer)
    merged = services.claim_merge(claim=first, user=reviewer)
    assert (merged.start, merged.end) == original
    assert_offsets(seed_article)


def test_rebound_trims_white_space_and_updates_text(seed_article, reviewer):
    claim = seed_article.claims.filter(kind="claim").order_by("-end").first()
    rebounded = services.claim_rebound(
        claim=claim, start=claim.start, end=claim.end - 1, user=reviewer
    )
    assert rebounded.text == claim.text[:-1].rstrip()
    assert_offsets(seed_article)


def test_rebound_over_another_live_claim_is_refused(seed_article, reviewer):
    claims = list(seed_article.claims.filter(kind="claim").order_by("start"))
    with pytest.raises(Conflict, match=f"#{claims[3].pk}"):
        services.claim_rebound(
            claim=claims[2], start=claims[2].start, end=claims[3].end, user=reviewer
        )
    assert_offsets(seed_article)


def test_create_from_selection_carves_non_claims(seed_article, reviewer):
    """Selecting part of the caption makes it a claim; the rest stays a caption."""
    caption = seed_article.claims.exclude(kind="claim").exclude(kind="headline").first()
    start = caption.start
    end = caption.start + caption.text.index(" and ")
    claim = services.claim_create(
        article=seed_article, start=start, end=end, user=reviewer
    )
    assert claim.kind == "claim"
    assert claim.text == seed_article.body[start:end].strip()
    assert_offsets(seed_article)


def test_create_inside_a_live_claim_is_refused(seed_article, reviewer):
    claim = seed_article.claims.filter(kind="claim").first()
    with pytest.raises(Conflict):
        services.claim_create(
            article=seed_article,
            start=claim.start + 2,
            end=claim.end - 2,
            user=reviewer,
        )
    assert_offsets(seed_article)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 10**9)])
def test_create_out_of_range_is_refused(seed_article, reviewer, start, end):
    with pytest.raises(InvalidInput):
        services.claim_create(article=seed_article, start=start, end=end, user=reviewer)


def test_dismiss_needs_a_reason_and_restore_undoes_it(seed_article, reviewer):
    claim = seed_article.claims.filter(kind="claim").first()
    with pytest.raises(InvalidInput):
        services.claim_dismiss(claim=claim, reason="   ", user=reviewer)
    dismissed = services.claim_dismiss(
        claim=claim, reason="Opinion, not a fact", user=reviewer
    )
    assert dismissed.is_dismissed
    assert dismissed.dismissed_reason == "Opinion, not a fact"
    restored = services.claim_restore(claim=dismissed, user=reviewer)
    assert not restored.is_dismissed
    assert restored.version == claim.version + 2


def test_stale_version_is_a_conflict_naming_who_changed_it(
    seed_article, reviewer, editor
):
    """A second writer with an old version is refused; the first one's change stays."""
    claim = seed_article.claims.filter(kind="claim").first()
    seen = claim.version
    services.claim_dismiss(
        claim=claim, reason="Duplicate", user=editor, expected_version=seen
    )
    with pytest.raises(Conflict) as info:
        services.claim_dismiss(
            claim=claim, reason="Mine", user=reviewer, expected_version=seen
        )
    assert "Eddie Editor" in info.value.message
    assert info.value.changed_by == "Eddie Editor"
    claim.refresh_from_db()
    assert claim.dismissed_reason == "Duplicate"


def test_source_urls_are_normalized_to_one_source(reviewer):
    first, created = services.source_get_or_create(
        url="https://www.SpaceNews.com/china-russia/?utm_source=x#top",
        title="A",
        user=reviewer,
    )
    second, created_again = services.source_get_or_create(
        url="http://spacenews.com/china-russia", title="B", user=reviewer
    )
    assert created
    assert not created_again
    assert first.pk == second.pk
    assert first.domain == "spacenews.com"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://x.org/a", "http://", "not a url"]
)
def test_source_with_a_bad_url_is_refused(reviewer, url):
    with pytest.raises(InvalidInput):
        services.source_get_or_create(url=url, title="t", user=reviewer)


def test_citing_the_same_source_twice_is_a_conflict(seed_article, reviewer):
    claim = seed_article.claims.filter(kind="claim").first()
    source = factories.SourceFactory()
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    with pytest.raises(Conflict):
        services.citation_add(
            claim=claim, source=source, stance="refutes", user=reviewer
        )
    assert Citation.objects.filter(claim=claim).count() == 1


def test_rating_set_replaces_the_reviewers_own_rating(seed_article, reviewer):
    claim = seed_article.claims.filter(kind="claim").first()
    labels = RatingLabel.objects.filter(scale__slug="default")
    services.rating_set(claim=claim, reviewer=reviewer, label=labels.get(slug="true"))
    services.rating_set(claim=claim, reviewer=reviewer, label=labels.get(slug="false"))
    assert claim.ratings.count() == 1
    assert claim.ratings.get().label.slug == "false"


def test_database_refuses_an_inverted_span(seed_article):
    with pytest.raises(IntegrityError):
        Claim.objects.create(article=seed_article, start=10_000, end=9_000, text="x")


# --- the reviewer workspace's additions ------------------------------------------


def _live_claims(article):
    return list(
        article.claims.filter(kind="claim", dismissed_at__isnull=True).order_by("start")
    )


def test_first_citation_takes_an_open_claim_into_progress(
    seed_article, reviewer, editor
):
    """Citing an open claim starts it and makes the reviewer its assignee."""
    claim = _live_claims(seed_article)[0]
    version = claim.version
    services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    claim.refresh_from_db()
    assert claim.status == "in_progress"
    assert claim.version == version + 1
    assert list(claim.assignees.all()) == [reviewer]
    # A second reviewer's work leaves status, version and assignees alone.
    label = RatingLabel.objects.get(slug="true")
    services.rating_set(claim=claim, reviewer=editor, label=label)
    claim.refresh_from_db()
    assert claim.version == version + 1
    assert list(claim.assignees.all()) == [reviewer]


def test_submit_needs_a_rating_and_moves_the_claim_to_submitted(seed_article, reviewer):
    claim = _live_claims(seed_article)[0]
    with pytest.raises(WorkflowConflict, match="before submitting"):
        services.claim_submit(claim=claim, user=reviewer)
    services.rating_set(
        claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="false")
    )
    claim.refresh_from_db()
    services.claim_submit(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.status == "submitted"
    with pytest.raises(WorkflowConflict, match="submitted for review"):
        services.claim_submit(claim=claim, user=reviewer)


def test_submit_with_a_stale_version_is_a_conflict(seed_article, reviewer, editor):
    claim = _live_claims(seed_article)[0]
    services.rating_set(
        claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="false")
    )
    claim.refresh_from_db()
    stale = claim.version
    services.claim_dismiss(
        claim=claim, reason="dup", user=editor, expected_version=stale
    )
    with pytest.raises(Conflict, match="Eddie Editor"):
        services.claim_submit(claim=claim, user=reviewer, expected_version=stale)


def test_submit_refuses_dismissed_claims(seed_article, reviewer):
    claim = _live_claims(seed_article)[0]
    services.claim_dismiss(claim=claim, reason="opinion", user=reviewer)
    with pytest.raises(WorkflowConflict, match="not a live claim"):
        services.claim_submit(claim=claim, user=reviewer)


def test_claim_start_and_assign(seed_article, reviewer, editor):
    claim = _live_claims(seed_article)[0]
    services.claim_start(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.status == "in_progress"
    with pytest.raises(WorkflowConflict, match="not open"):
        services.claim_start(claim=claim, user=reviewer)
    services.claim_assign(claim=claim, assignees=[editor], user=editor)
    assert list(claim.assignees.all()) == [editor]


def test_claims_touched_after_workspace_writes(seed_article, reviewer, monkeypatch):
    """Every write tells the gap tracker which claims changed."""
    touched = []
    monkeypatch.setattr(
        queueing, "rescan_after_commit", lambda ids: touched.append(sorted(ids))
    )
    claim = _live_claims(seed_article)[0]
    services.rating_set(
        claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="false")
    )
    services.claim_submit(claim=claim, user=reviewer)
    assert touched == [[claim.pk], [claim.pk]]


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["create", "rebound", "split", "merge", "dismiss", "restore"]),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=10_000),
    ),
    min_size=1,
    max_size=12,
)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_offset_invariant_holds_through_any_edit_sequence(
    seed_text, reviewer, operations
):
    """Whatever reviewers do, body[start:end] == text and segments never overlap."""
    from django.db import transaction

    with transaction.atomic():
        article = services.article_create(title="", body=seed_text, created_by=reviewer)
        body = article.body
        for name, a, b in operations:
            segments = list(article.claims.order_by("start"))
            claim = segments[a % len(segments)] if segments else None
            try:
                if name == "create":
                    start = a % len(body)
                    end = min(len(body), start + 1 + b % 80)
                    services.claim_create(
                        article=article, start=start, end=end, user=reviewer
                    )
                elif name == "rebound":
                    start = max(0, claim.start - b % 15)
                    end = min(len(body), claim.end + a % 15)
                    services.claim_rebound(
                        claim=claim, start=start, end=end, user=reviewer
                    )
                elif name == "split":
                    at = claim.start + 1 + b % max(1, claim.end - claim.start - 1)
                    services.claim_split(claim=claim, at=at, user=reviewer)
                elif name == "merge":
                    services.claim_merge(claim=claim, user=reviewer)
                elif name == "dismiss":
                    services.claim_dismiss(claim=claim, reason="test", user=reviewer)
                else:
                    services.claim_restore(claim=claim, user=reviewer)
            except (InvalidInput, Conflict):
                pass
            assert_offsets(article)
        transaction.set_rollback(True)


def test_only_editors_assign_claims(seed_article, reviewer, editor):
    """A reviewer cannot hand out work; an editor can."""
    claim = _live_claims(seed_article)[0]
    with pytest.raises(NotAllowed):
        services.claim_assign(claim=claim, assignees=[reviewer], user=reviewer)
    assert not claim.assignees.exists()
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    assert list(claim.assignees.all()) == [reviewer]


def test_citation_update_changes_stance_and_quote(seed_article, reviewer):
    claim = _live_claims(seed_article)[0]
    source = factories.SourceFactory()
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer, quote="old"
    )
    updated = services.citation_update(
        citation=citation, user=reviewer, stance="refutes", quote="  new words ",
        locator="p. 4", note="checked", seen_updated_at=citation.updated_at,
    )  # fmt: skip
    citation.refresh_from_db()
    assert (citation.stance, citation.quote, citation.locator, citation.note) == (
        "refutes", "new words", "p. 4", "checked",
    )  # fmt: skip
    assert updated.history.count() == 2


def test_stale_citation_update_is_a_conflict_naming_who_changed_it(
    seed_article, reviewer, editor
):
    """A save from a stale copy (a second tab) is refused; the first words stay."""
    claim = _live_claims(seed_article)[0]
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    seen = citation.updated_at
    services.citation_update(
        citation=citation, user=reviewer, stance="context", quote="first tab",
        seen_updated_at=seen,
    )  # fmt: skip
    with pytest.raises(Conflict, match="Rita Reviewer"):
        services.citation_update(
            citation=citation, user=reviewer, stance="refutes", quote="second tab",
            seen_updated_at=seen,
        )  # fmt: skip
    citation.refresh_from_db()
    assert (citation.stance, citation.quote) == ("context", "first tab")


def test_citation_update_refuses_an_unknown_stance(seed_article, reviewer):
    claim = _live_claims(seed_article)[0]
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    with pytest.raises(InvalidInput, match="stance"):
        services.citation_update(citation=citation, user=reviewer, stance="maybe")
    citation.refresh_from_db()
    assert citation.stance == "supports"


def test_a_refused_citation_leaves_no_new_source(seed_article, reviewer):
    """Citing a new source the claim already cites by URL creates nothing."""
    claim = _live_claims(seed_article)[0]
    services.citation_add_with_source(
        claim=claim, url="https://spacenews.com/a", title="A", stance="supports",
        user=reviewer,
    )  # fmt: skip
    with pytest.raises(Conflict):
        services.citation_add_with_source(
            claim=claim, url="https://www.spacenews.com/a/", title="A again",
            stance="refutes", user=reviewer,
        )  # fmt: skip
    assert Source.objects.count() == 1
    with pytest.raises(InvalidInput, match="stance"):
        services.citation_add_with_source(
            claim=claim, url="https://reuters.com/b", title="B", stance="maybe",
            user=reviewer,
        )  # fmt: skip
    assert Source.objects.count() == 1
