"""A person never sees a state their own last action contradicts: counts and gaps
follow what they just did, on screen, without a reload."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import RatingLabel
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def label(slug):
    return RatingLabel.objects.get(scale__is_default=True, slug=slug)


def submitted_claims(count: int, reviewer) -> list:
    """`count` check-worthy claims, each cited twice, rated True and submitted."""
    article = factories.ArticleFactory(
        title="Harbour budget",
        body=" ".join(
            f"The harbour budget rose by {n} million dollars in year {n}."
            for n in range(1, count + 1)
        ),
    )
    claims = factories.claims_for(article, checkworthiness=0.8)
    for claim in claims:
        for index in (1, 2):
            source = factories.SourceFactory(
                publisher=f"Outlet {claim.pk}-{index}",
                domain=f"o{claim.pk}-{index}.example.org",
                archive_url="https://web.archive.org/web/2026/https://example.org/",
            )
            services.citation_add(
                claim=claim, source=source, stance="supports", user=reviewer
            )
        services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
        services.claim_submit(claim=claim, user=reviewer)
    return claims


def test_the_queue_count_follows_approvals_and_returns_in_place(
    page, login, live_server, scale, reviewer, editor
):
    claims = submitted_claims(3, reviewer)
    login(page, editor, "/review/")
    count = page.locator("#queue-count")
    expect(count).to_have_text("3 claims waiting")
    first = page.locator(f"#queue-claim-{claims[0].pk}")
    first.get_by_label("Verdict").select_option(label="True")
    first.get_by_label("Public explanation").fill("Two documents confirm it.")
    first.get_by_role("button", name="Approve").click()
    expect(first.locator('[role="status"]')).to_contain_text("was approved")
    expect(count).to_have_text("2 claims waiting")
    second = page.locator(f"#queue-claim-{claims[1].pk}")
    second.get_by_label("What the reviewers should fix").fill("Cite the minutes.")
    second.get_by_role("button", name="Return to the reviewers").click()
    expect(second.locator('[role="status"]')).to_contain_text("was returned")
    expect(count).to_have_text("1 claim waiting")
