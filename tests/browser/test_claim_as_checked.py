"""The approve form's short "claim as checked" field counts what the editor types."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article, Verdict
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted(people):
    article = Article.objects.create(
        title="Council budget",
        body="The council approved a budget of $3 million on Monday by a vote of "
        "7 to 2, after a debate that ran late into the night.",
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.7)
    rita = people["rita"]
    for n in (1, 2):
        source = factories.SourceFactory(
            publisher=f"Outlet {n}", domain=f"outlet{n}.example.org"
        )
        services.citation_add(claim=claim, source=source, stance="supports", user=rita)
    services.rating_set(
        claim=claim, reviewer=rita, label=factories.label("true"), rationale="Minutes."
    )
    services.claim_submit(claim=claim, user=rita)
    return claim


def test_the_counter_follows_the_typing_and_the_verdict_keeps_the_text(
    page, login, live_server, people, submitted
):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, people["eddie"], "/review/")
    item = page.locator(f"#queue-claim-{submitted.pk}")
    field = item.locator("input[name=claim_as_checked]")
    counter = item.locator(".counter")
    expect(counter).to_have_text("0 characters of 75 advised")
    field.fill("Council approved a $3m budget")
    expect(counter).to_have_text("29 characters of 75 advised")
    expect(counter).not_to_have_class(re.compile(r"\bover\b"))
    # Code points, as the server counts: one emoji is one character.
    field.fill("\U0001f4b0")
    expect(counter).to_have_text("1 character of 75 advised")
    field.fill("x" * 80)
    expect(counter).to_have_text("80 characters of 75 advised")
    expect(counter).to_have_class(re.compile(r"\bover\b"))
    field.fill("Council approved a $3m budget")
    item.locator("select[name=label]").select_option(label="True")
    item.locator("textarea[name=explanation]").fill("The minutes show the vote.")
    item.get_by_role("button", name="Approve").click()
    expect(page.locator(f"#queue-claim-{submitted.pk}")).to_contain_text(
        "was approved as True"
    )
    verdict = Verdict.objects.get(claim=submitted)
    assert verdict.claim_as_checked == "Council approved a $3m budget"
    assert errors == []
