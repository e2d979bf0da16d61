"""The editors' pages and the workflow parts of the workspace, over HTTP."""

import lxml.html
import pytest
from django.urls import reverse

from annotations import agreement, services
from annotations.models import ClaimStatus, Notification, Verdict
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory(
        title="Budget story",
        body="The council approved a budget of $3 million on Monday.",
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.6)
    return claim


def cite_two(claim, user, stance="supports"):
    for n in (1, 2):
        source = factories.SourceFactory(
            publisher=f"Outlet {n}", domain=f"outlet{n}.example.org"
        )
        services.citation_add(claim=claim, source=source, stance=stance, user=user)


def double_review(claim, reviewer, sam, editor, labels=("true", "false")):
    services.claim_assign(claim=claim, assignees=[reviewer, sam], user=editor)
    cite_two(claim, reviewer)
    services.rating_set(
        claim=claim, reviewer=reviewer, label=label(labels[0]),
        rationale="Two documents agree.",
    )  # fmt: skip
    services.rating_set(
        claim=claim, reviewer=sam, label=label(labels[1]), rationale=HOSTILE
    )
    services.claim_submit(claim=claim, user=reviewer)
    services.claim_submit(claim=claim, user=sam)
    claim.refresh_from_db()
    return claim


def test_the_queue_shows_the_ratings_side_by_side_with_the_disagreement(
    client, claim, reviewer, sam, editor
):
    double_review(claim, reviewer, sam, editor)
    client.force_login(editor)
    response = client.get(reverse("review-queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 reviewers disagree, 4 steps apart" in html
    assert "Two documents agree." in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert HOSTILE not in html
    assert 'name="explanation"' in html
    assert 'name="comment"' in html


def test_the_queue_sorts_by_disagreement_and_filters_by_reviewer(
    client, reviewer, sam, editor
):
    article = factories.ArticleFactory(
        body="First claim is here today. Second claim is here today."
    )
    agreed, split = factories.claims_for(article, checkworthiness=0.6)
    for claim, labels in ((agreed, ("true", "true")), (split, ("true", "false"))):
        double_review(claim, reviewer, sam, editor, labels)
    client.force_login(editor)
    html = client.get(reverse("review-queue"), {"sort": "disagreement"}).content
    html = html.decode()
    assert html.index(f'id="queue-claim-{split.pk}"') < html.index(
        f'id="queue-claim-{agreed.pk}"'
    )
    other = factories.UserFactory(username="other", role="reviewer")
    html = client.get(reverse("review-queue"), {"reviewer": other.pk}).content.decode()
    assert "0 claims waiting" in html


def test_approving_from_the_queue_answers_with_the_item(
    client, claim, reviewer, sam, editor
):
    double_review(claim, reviewer, sam, editor)
    client.force_login(editor)
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {
            "version": claim.version,
            "label": label("true").pk,
            "explanation": "The minutes show the vote.",
            "origin": "queue",
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="queue-claim-{claim.pk}"' in html
    assert "was approved as True" in html
    assert Verdict.objects.get(claim=claim).explanation == "The minutes show the vote."


def test_a_refused_approval_in_the_queue_shows_why_and_keeps_the_typing(
    client, claim, reviewer, editor
):
    services.rating_set(claim=claim, reviewer=reviewer, label=label("false"))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {
            "version": claim.version,
            "label": label("false").pk,
            "explanation": "My carefully written explanation.",
            "origin": "queue",
        },
        **HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "blocking sourcing gaps" in html
    assert "No source" in html
    assert "My carefully written explanation." in html
    assert not Verdict.objects.exists()


# The session, the editor and their groups, the COUNT and page of claims with their
# six prefetches (who handed in among them), the rating labels, the two filter lists
# and the unread badge.
QUEUE_PAGE_QUERIES = 15


@pytest.mark.parametrize("n_claims", [10, 500])
def test_the_queue_page_costs_the_same_queries_at_any_size(
    client, editor, django_assert_num_queries, n_claims
):
    article = factories.big_article(n_claims, citations_per_claim=2)
    article.claims.update(status=ClaimStatus.SUBMITTED)
    client.force_login(editor)
    with django_assert_num_queries(QUEUE_PAGE_QUERIES):
        response = client.get(reverse("review-queue"), {"sort": "checkworthiness"})
    assert response.status_code == 200
    assert f"{n_claims} claims waiting" in response.content.decode()


def test_reviewers_do_not_get_the_queue(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("review-queue")).status_code == 403


def test_the_panel_offers_the_editor_the_decision_and_shows_the_thread(
    client, claim, reviewer, sam, editor
):
    double_review(claim, reviewer, sam, editor)
    services.comment_add(claim=claim, user=sam, body=f"@rita look {HOSTILE}")
    client.force_login(editor)
    html = client.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content.decode()
    assert 'id="approve-form"' in html
    assert 'id="return-form"' in html
    assert "@rita look &lt;script&gt;" in html
    assert "Offsets" in html
    client.force_login(reviewer)
    html = client.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content.decode()
    assert 'id="approve-form"' not in html
    assert 'id="withdraw-form"' in html
    assert "evidence is locked" in html
    assert 'id="rate-form"' not in html
    assert 'id="cite-form"' not in html


def test_the_panel_says_why_an_editor_who_rated_may_not_approve(client, claim, editor):
    services.rating_set(claim=claim, reviewer=editor, label=label("true"))
    services.claim_submit(claim=claim, user=editor)
    client.force_login(editor)
    html = client.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content.decode()
    assert 'id="approve-form"' not in html
    assert "another editor must approve it (two-person rule)" in html


def test_a_refused_approval_on_the_page_is_shown_in_the_panel(client, claim, editor):
    reviewer = factories.UserFactory(username="r2", role="reviewer")
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {"version": claim.version, "label": label("true").pk, "explanation": "Yes."},
        **HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    # Beside the approve form, not at the top of the panel.
    assert 'id="panel-error" data-slot="approve"' in html
    assert "No source" in html


def test_blind_review_hides_the_other_rating_on_the_page(
    client, claim, reviewer, sam, editor
):
    services.article_set_blind_review(article=claim.article, user=editor, blind=True)
    services.rating_set(claim=claim, reviewer=sam, label=label("false"), rationale="S")
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    client.force_login(reviewer)
    html = client.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content.decode()
    assert "1 other rating hidden until you submit yours" in html
    assert 'polarity-false">False<' not in html
    services.claim_submit(claim=claim, user=reviewer)
    html = client.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content.decode()
    assert 'polarity-false">False<' in html


def test_the_article_page_shows_its_state_and_progress(client, claim, reviewer, editor):
    other = factories.UserFactory(username="r2", role="reviewer")
    client.force_login(reviewer)
    html = client.get(reverse("article-detail", args=[claim.article_id])).content
    assert b"Draft" in html
    assert b"0</strong> of 1 check-worthy claim approved" in html
    cite_two(claim, other)
    services.rating_set(claim=claim, reviewer=other, label=label("true"))
    services.claim_submit(claim=claim, user=other)
    claim.refresh_from_db()
    services.verdict_approve(
        claim=claim, user=editor, label="true", explanation="Yes.",
        expected_version=claim.version,
    )  # fmt: skip
    html = client.get(reverse("article-detail", args=[claim.article_id])).content
    assert b'id="article-state">Verified<' in html
    assert b"1</strong> of 1 check-worthy claim approved" in html


def test_the_dashboard_counts_my_submitted_returned_and_approved_claims(
    client, claim, reviewer, editor
):
    cite_two(claim, reviewer)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.claim_submit(claim=claim, user=reviewer)
    client.force_login(reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="count-submitted">1<' in html
    claim.refresh_from_db()
    services.claim_return(
        claim=claim, user=editor, comment=f"Fix the date {HOSTILE}",
        expected_version=claim.version,
    )  # fmt: skip
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="count-returned">1<' in html
    assert "Fix the date &lt;script&gt;" in html


def test_the_desk_page_shows_krippendorffs_alpha(client, reviewer, sam, editor):
    """From ten claims rated by two reviewers the desk page shows alpha, the value
    the computation checked against Krippendorff's published example gives."""
    article = factories.ArticleFactory(
        body=" ".join(f"Claim number {n} is here today." for n in range(10))
    )
    claims = factories.claims_for(article, checkworthiness=0.6)
    pairs = [("true", "true"), ("false", "false"), ("true", "mostly-true")]
    pairs += [("half-true", "half-true"), ("mostly-false", "false")] * 2
    pairs += [("true", "true"), ("false", "false"), ("mostly-true", "mostly-true")]
    ordinals = {"true": 5, "mostly-true": 4, "half-true": 3, "mostly-false": 2}
    ordinals["false"] = 1
    for claim, (a, b) in zip(claims, pairs, strict=True):
        services.rating_set(claim=claim, reviewer=reviewer, label=label(a))
        services.rating_set(claim=claim, reviewer=sam, label=label(b))
    expected = agreement.ordinal_alpha(
        [
            (claim.pk, person, ordinals[slug])
            for claim, pair in zip(claims, pairs, strict=True)
            for person, slug in enumerate(pair)
        ],
        scale=range(1, 6),
    )
    client.force_login(reviewer)
    html = client.get(reverse("desk-stats"), {"period": "all"}).content.decode()
    assert expected.value is not None
    assert f'id="desk-alpha">{expected.value:.3f}<' in html
    assert expected.reading in html
    assert article.title in html


def test_notifications_page_lists_marks_read_and_opens_the_claim(
    client, claim, reviewer, editor
):
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    client.force_login(reviewer)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="unread-count"' in html
    html = client.get(reverse("notifications")).content.decode()
    assert "Eddie Editor assigned you claim" in html
    note = Notification.objects.get(recipient=reviewer)
    response = client.post(reverse("notification-open", args=[note.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={claim.pk}#claim-{claim.pk}")
    note.refresh_from_db()
    assert note.read_at is not None
    html = client.get(reverse("dashboard")).content.decode()
    assert 'id="unread-count"' not in html


def test_the_timeline_shows_before_and_after_escaped(client, claim, reviewer):
    source = factories.SourceFactory(title=HOSTILE)
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer, quote="old words"
    )
    services.citation_update(
        citation=citation, user=reviewer, stance="refutes", quote=f"new {HOSTILE}"
    )
    client.force_login(reviewer)
    html = client.get(reverse("claim-timeline", args=[claim.pk])).content.decode()
    assert (
        '<del>Supports</del> <span class="direction" aria-hidden="true">→</span> '
        "<ins>Refutes</ins>"
    ) in html
    assert "<del>old words</del>" in html
    assert HOSTILE not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


# Session, user, groups, the article, one query per history table (claim, its
# assignees, citation, rating, verdict, comment), the names of labels, sources and
# users, and the unread badge.
TIMELINE_QUERIES = 14


@pytest.mark.parametrize("edits", [1, 20])
def test_the_activity_feed_costs_the_same_queries_however_long(
    client, claim, reviewer, editor, django_assert_num_queries, edits
):
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    source = factories.SourceFactory()
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer
    )
    for n in range(edits):
        services.citation_update(
            citation=citation, user=reviewer, stance="context", quote=f"v{n}"
        )
        services.rating_set(claim=claim, reviewer=reviewer, label=label("true"),
                            rationale=f"r{n}")  # fmt: skip
        services.comment_add(claim=claim, user=reviewer, body=f"note {n}")
    client.force_login(reviewer)
    with django_assert_num_queries(TIMELINE_QUERIES):
        response = client.get(reverse("article-activity", args=[claim.article_id]))
    assert response.status_code == 200
    assert f"note {edits - 1}" in response.content.decode()


def test_a_reopened_claim_says_why_in_its_thread(client, claim, reviewer, editor):
    cite_two(claim, reviewer)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    services.verdict_approve(
        claim=claim, user=editor, label="true", explanation="Yes.",
        expected_version=claim.version,
    )  # fmt: skip
    client.force_login(editor)
    claim.refresh_from_db()
    response = client.post(
        reverse("claim-reopen", args=[claim.pk]),
        {"version": claim.version, "reason": "A reader sent the minutes."},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "A reader sent the minutes." in html
    assert "was reopened" in html


def test_the_two_person_rule_refuses_a_forged_approval_on_the_page(
    client, claim, editor
):
    """The form is not offered, and a hand-made post is refused with the reason."""
    services.rating_set(claim=claim, reviewer=editor, label=label("true"))
    services.claim_submit(claim=claim, user=editor)
    claim.refresh_from_db()
    client.force_login(editor)
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {"version": claim.version, "label": label("true").pk, "explanation": "Mine."},
        **HTMX,
    )
    assert response.status_code == 403
    assert "two-person rule" in response.content.decode()
    assert not Verdict.objects.exists()


def test_the_article_page_shows_the_articles_agreement(client, reviewer, sam):
    """Ten claims rated at opposite ends by two reviewers: alpha is shown, low."""
    article = factories.ArticleFactory(
        body=" ".join(f"Claim number {n} is here today." for n in range(10))
    )
    claims = factories.claims_for(article, checkworthiness=0.6)
    for number, claim in enumerate(claims):
        first, second = ("true", "false") if number % 2 else ("false", "true")
        services.rating_set(claim=claim, reviewer=reviewer, label=label(first))
        services.rating_set(claim=claim, reviewer=sam, label=label(second))
    client.force_login(reviewer)
    html = client.get(reverse("article-detail", args=[article.pk])).content.decode()
    assert "Agreement \N{GREEK SMALL LETTER ALPHA} -" in html
    assert "low: discuss the scale" in html


def submitted_by_someone_else(claim):
    reviewer = factories.UserFactory(username="r3", role="reviewer")
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    return claim


def test_the_panel_and_the_queue_count_the_claim_as_checked_without_script(
    client, claim, editor
):
    claim = submitted_by_someone_else(claim)
    client.force_login(editor)
    panel = client.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content
    queue = client.get(reverse("review-queue")).content
    for html in (panel.decode(), queue.decode()):
        tree = lxml.html.fromstring(html)
        (field,) = tree.xpath("//input[@name='claim_as_checked']")
        assert field.get("maxlength") == "200"
        assert field.get("data-advised-length") == "75"
        (counter,) = tree.xpath(f"//*[@data-counter-for='{field.get('id')}']")
        assert counter.text_content().strip() == "0 characters of 75 advised"
        assert "over" not in counter.get("class")


def test_a_refused_approval_keeps_the_claim_as_checked_escaped_and_counted(
    client, claim, editor
):
    claim = submitted_by_someone_else(claim)
    client.force_login(editor)
    typed = HOSTILE + " and more words to pass the advised length of the field"
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {"version": claim.version, "label": label("true").pk, "explanation": "Yes.",
         "claim_as_checked": typed},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 409
    html = response.content.decode()
    assert HOSTILE not in html
    tree = lxml.html.fromstring(html)
    (field,) = tree.xpath("//input[@name='claim_as_checked']")
    assert field.get("value") == typed
    (counter,) = tree.xpath(f"//*[@data-counter-for='{field.get('id')}']")
    assert counter.text_content().strip() == f"{len(typed)} characters of 75 advised"
    assert "over" in counter.get("class").split()


def test_the_claim_as_checked_is_stored_with_the_verdict_and_refused_when_long(
    client, claim, reviewer, sam, editor
):
    double_review(claim, reviewer, sam, editor)
    client.force_login(editor)
    data = {"version": claim.version, "label": label("true").pk,
            "explanation": "The minutes show the vote.", "origin": "queue"}  # fmt: skip
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {**data, "claim_as_checked": "x" * 201},
        **HTMX,
    )
    assert response.status_code == 400
    assert not Verdict.objects.filter(claim=claim).exists()
    response = client.post(
        reverse("claim-approve", args=[claim.pk]),
        {**data, "claim_as_checked": "The council approved a $3 million budget"},
        **HTMX,
    )
    assert response.status_code == 200
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.claim_as_checked == "The council approved a $3 million budget"
