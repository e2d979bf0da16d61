"""What a person sees: a blind reviewer never sees the other rating on screen, and
the fields whose text readers will see say so right under them."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.browser

HIDDEN = "Sam read the ledger differently"
PUBLISHED = "Shown in the published report."


@pytest.fixture
def harbour(scale, people):
    article = Article.objects.create(
        title="Harbour",
        body="The harbour handled 4 million containers in 2025. It was a record.",
    )
    claim, _rest = factories.claims_for(article, checkworthiness=0.8)
    return article, claim


def test_a_blind_reviewer_sees_no_other_rating_until_she_submits(
    page, login, live_server, people, harbour
):
    article, claim = harbour
    services.article_set_blind_review(article=article, user=people["eddie"], blind=True)
    services.claim_assign(
        claim=claim, assignees=[people["rita"], people["sam"]], user=people["eddie"]
    )
    services.rating_set(
        claim=claim, reviewer=people["sam"], label=label("false"), rationale=HIDDEN
    )
    services.claim_submit(claim=claim, user=people["sam"])
    services.rating_set(claim=claim, reviewer=people["rita"], label=label("true"))
    login(page, people["rita"])
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    expect(panel).to_contain_text("1 other rating hidden until you submit yours")
    expect(page.get_by_text(HIDDEN)).to_have_count(0)
    page.goto(f"{live_server.url}/claims/{claim.pk}/history/")
    expect(page.locator("main")).to_contain_text("added their rating")
    expect(page.get_by_text(HIDDEN)).to_have_count(0)
    page.goto(f"{live_server.url}/articles/{article.pk}/activity/")
    expect(page.get_by_text(HIDDEN)).to_have_count(0)
    # Once hers is in, his is there, in the panel and in the history.
    services.claim_submit(claim=claim, user=people["rita"])
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    expect(page.locator("#claim-panel p.rationale", has_text=HIDDEN)).to_be_visible()
    page.goto(f"{live_server.url}/claims/{claim.pk}/history/")
    expect(page.get_by_text(HIDDEN).first).to_be_visible()


def _right_under(page, field_selector: str, notice: str) -> None:
    """The notice is visible and directly below the field, inside its column."""
    field = page.locator(field_selector)
    help_text = page.locator(f"{field_selector} ~ p.help").first
    expect(field).to_be_visible()
    expect(help_text).to_be_visible()
    expect(help_text).to_contain_text(notice)
    box, under = field.bounding_box(), help_text.bounding_box()
    assert 0 <= under["y"] - (box["y"] + box["height"]) < 40
    assert abs(under["x"] - box["x"]) < 40


def test_the_approve_form_says_which_fields_readers_see(
    page, login, live_server, people, harbour
):
    article, claim = harbour
    services.rating_set(claim=claim, reviewer=people["rita"], label=label("true"))
    services.claim_submit(claim=claim, user=people["rita"])
    login(page, people["eddie"])
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    _right_under(page, "#approve-explanation", PUBLISHED)
    page.get_by_text("Approve over open blocking gaps…").click()
    _right_under(page, "#approve-gap_override_reason", PUBLISHED)


def test_the_citation_form_tells_the_public_quote_from_the_private_note(
    page, login, live_server, people, harbour
):
    article, claim = harbour
    login(page, people["rita"])
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.locator("#cite-quote").scroll_into_view_if_needed()
    _right_under(page, "#cite-quote", PUBLISHED)
    _right_under(page, "#cite-note", "For the desk only: never published.")
