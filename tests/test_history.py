"""Timelines from the history tables: who, when, what, before → after."""

import pytest

from annotations import selectors, services
from annotations.models import Claim, RatingLabel
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory(
        body="The council approved a budget of $3 million on Monday. "
        "Critics said it was too small."
    )
    first, _second = factories.claims_for(article, checkworthiness=0.6)
    return first


def changes(entry):
    return [(c.field, c.before, c.after) for c in entry.changes]


def test_a_claims_timeline_tells_its_whole_story(claim, reviewer, editor):
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    source = factories.SourceFactory(title="Council minutes")
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer, quote="7 to 2"
    )
    services.citation_update(
        citation=citation, user=reviewer, stance="refutes", quote="7 to 2"
    )
    for n in (1, 2):
        services.citation_add(
            claim=claim, source=factories.SourceFactory(publisher=f"P{n}"),
            stance="refutes", user=reviewer,
        )  # fmt: skip
    false = RatingLabel.objects.get(scale__is_default=True, slug="false")
    services.rating_set(claim=claim, reviewer=reviewer, label=false, rationale="No.")
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    services.claim_return(
        claim=claim,
        user=editor,
        comment="Cite the vote.",
        expected_version=claim.version,
    )
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    services.verdict_approve(
        claim=claim, user=editor, label="false", explanation="The minutes disagree.",
        expected_version=claim.version,
    )  # fmt: skip
    entries = selectors.claim_timeline(claim.pk, viewer=editor)
    actions = [(e.who, e.action) for e in entries]
    assert actions[0] == ("Eddie Editor", "moved the claim to “Approved”")
    assert ("Eddie Editor", "added verdict") in actions
    assert ("Eddie Editor", "returned the claim") in actions
    assert ("Rita Reviewer", "changed citation of “Council minutes”") in actions
    verdict = next(e for e in entries if e.subject == "verdict")
    assert ("label", "—", "False") in changes(verdict)
    assert ("explanation", "—", "The minutes disagree.") in changes(verdict)
    edit = next(e for e in entries if e.action.startswith("changed citation"))
    assert changes(edit) == [("stance", "Supports", "Refutes")]
    returned = next(e for e in entries if e.action == "returned the claim")
    assert returned.text == "Cite the vote."
    assigned = next(
        e for e in entries if any(c.field == "assignees" for c in e.changes)
    )
    assert ("assignees", "—", "Rita Reviewer") in changes(assigned)
    assert (assigned.who, assigned.action) == ("Eddie Editor", "assigned the claim")
    submission = [e for e in entries if e.subject == "rating"]
    assert ("submission", "draft", "submitted") in [
        c for e in submission for c in changes(e)
    ]
    assert ("Rita Reviewer", "submitted their rating") in actions
    assert entries[-1].action == "added claim"


def test_the_article_feed_keeps_the_work_on_a_claim_merged_away(claim, reviewer):
    following = Claim.objects.exclude(pk=claim.pk).get()
    source = factories.SourceFactory(title="Critics' letter")
    services.citation_add(
        claim=following, source=source, stance="context", user=reviewer
    )
    following.refresh_from_db()
    claim.refresh_from_db()
    services.claim_merge(claim=claim, user=reviewer)
    feed = selectors.article_activity(claim.article_id, viewer=reviewer)
    assert any(e.action == "removed claim" for e in feed)
    assert any("Critics' letter" in e.action for e in feed)
    assert feed[-1].action == "split the article into 2 segments" or any(
        e.action == "added claim" for e in feed
    )


@pytest.mark.parametrize("edits", [1, 25])
def test_a_claims_timeline_costs_the_same_queries_however_long(
    claim, reviewer, django_assert_num_queries, edits
):
    source = factories.SourceFactory()
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer
    )
    label = RatingLabel.objects.get(scale__is_default=True, slug="true")
    for n in range(edits):
        services.citation_update(
            citation=citation, user=reviewer, stance="context", quote=f"v{n}"
        )
        services.rating_set(
            claim=claim, reviewer=reviewer, label=label, rationale=f"{n}"
        )
    # Six history tables (claim, its assignees, citation, rating, verdict, comment)
    # and the names of labels, sources and users.
    with django_assert_num_queries(9):
        entries = selectors.claim_timeline(claim.pk, viewer=reviewer)
    assert len([e for e in entries if e.subject == "rating"]) == edits
