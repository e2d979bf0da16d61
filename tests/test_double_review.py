"""Double review: "ratings required per claim" is a desk setting the workflow enforces
(a claim goes to the editors only once that many ratings are submitted, and every
assignee's), and both reviewers are told where the claim stands in words."""

import lxml.html
import pytest
from django.urls import reverse

from annotations import services
from annotations.models import ClaimStatus
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory(
        title="Ferry costs",
        body="The ferry terminal cost $48 million, twice the estimate.",
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    return claim


@pytest.fixture
def two_required(settings):
    settings.FACTCHECK_RATINGS_REQUIRED = 2


def rate_and_submit(claim, person, slug="true"):
    services.rating_set(claim=claim, reviewer=person, label=label(slug))
    services.claim_submit(claim=claim, user=person)
    claim.refresh_from_db()
    return claim


def panel_text(client, person, claim) -> str:
    client.force_login(person)
    html = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    return " ".join(lxml.html.fromstring(html).text_content().split())


# --- the workflow -----------------------------------------------------------------


def test_with_two_required_the_first_submission_waits_for_a_second(
    two_required, claim, reviewer, sam
):
    rate_and_submit(claim, reviewer)
    assert claim.status == ClaimStatus.IN_PROGRESS
    progress = services.workflow.submission_progress(claim)
    assert (progress.submitted, progress.required, progress.complete) == (1, 2, False)
    rate_and_submit(claim, sam, "mostly-true")
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.submitted_by == sam


def test_by_default_one_submitted_rating_sends_the_claim(claim, reviewer):
    rate_and_submit(claim, reviewer)
    assert claim.status == ClaimStatus.SUBMITTED


def test_assignees_still_all_hand_in(settings, claim, reviewer, sam, editor):
    """Two required, three assigned: the claim waits for all three."""
    settings.FACTCHECK_RATINGS_REQUIRED = 2
    third = factories.UserFactory(username="tia", role="reviewer")
    services.claim_assign(claim=claim, assignees=[reviewer, sam, third], user=editor)
    rate_and_submit(claim, reviewer)
    rate_and_submit(claim, sam)
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert services.workflow.submission_progress(claim).required == 3
    rate_and_submit(claim, third)
    assert claim.status == ClaimStatus.SUBMITTED


def test_a_setting_below_one_counts_as_one(settings, claim, reviewer):
    settings.FACTCHECK_RATINGS_REQUIRED = 0
    assert services.workflow.ratings_required(claim) == 1
    rate_and_submit(claim, reviewer)
    assert claim.status == ClaimStatus.SUBMITTED


def test_withdrawing_one_of_two_keeps_the_claim_in_progress(
    two_required, claim, reviewer, sam
):
    rate_and_submit(claim, reviewer)
    services.claim_withdraw(claim=claim, user=reviewer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert services.workflow.submission_progress(claim).submitted == 0


# --- what each reviewer is told -----------------------------------------------------


def test_the_second_reviewer_is_told_their_rating_is_needed(
    two_required, client, claim, reviewer, sam
):
    rate_and_submit(claim, reviewer)
    shown = panel_text(client, sam, claim)
    assert "1 of 2 ratings submitted; yours is needed." in shown
    assert "withdraw" not in shown.lower()
    services.rating_set(claim=claim, reviewer=sam, label=label("true"))
    shown = panel_text(client, sam, claim)
    said = "1 of 2 ratings submitted; submit yours to send the claim to the editors."
    assert said in shown


def test_the_first_reviewer_is_told_it_waits_for_another(
    two_required, client, claim, reviewer
):
    rate_and_submit(claim, reviewer)
    shown = panel_text(client, reviewer, claim)
    assert "1 of 2 ratings submitted (yours); it goes to the editors once one more" in (
        shown
    )
    assert "Withdraw my submission" in shown


def test_a_reviewer_who_never_submitted_is_not_told_to_withdraw(
    client, claim, reviewer, sam
):
    """One rating required: reviewer 1 submitted, reviewer 2 opens the claim."""
    rate_and_submit(claim, reviewer)
    shown = panel_text(client, sam, claim)
    assert "withdraw your submission" not in shown.lower()
    assert "Withdraw my submission" not in shown
    assert "1 of 1 rating submitted" in shown
    assert "Waiting for an editor." in shown
    mine = panel_text(client, reviewer, claim)
    assert "withdraw your submission to change it" in mine


def test_the_submit_notice_says_how_many_more(two_required, client, claim, reviewer):
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    claim.refresh_from_db()
    client.force_login(reviewer)
    response = client.post(
        reverse("claim-submit", args=[claim.pk]),
        {"version": claim.version},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    text = " ".join(lxml.html.fromstring(html).text_content().split())
    assert "the claim goes to the editors once 1 more rating is submitted" in text


def test_the_queue_shows_the_ratings_required(
    two_required, client, claim, reviewer, sam, editor
):
    rate_and_submit(claim, reviewer)
    rate_and_submit(claim, sam)
    client.force_login(editor)
    html = client.get(reverse("review-queue")).content.decode()
    text = " ".join(lxml.html.fromstring(html).text_content().split())
    assert "2 of 2 ratings submitted" in text
