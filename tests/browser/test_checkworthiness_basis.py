"""The claim panel says when a score comes from the language-independent part of
the model (a language without training data), as a reviewer reads it on screen."""

import pytest
from playwright.sync_api import expect

from annotations.extraction.splitting import extract_claims
from annotations.models import Claim
from tests import factories

pytestmark = pytest.mark.browser

BODY = "La inflación subió al 3,4 % en marzo de 2024, según el instituto."


def test_the_panel_labels_a_language_independent_score(
    page, login, live_server, reviewer, scale
):
    article = factories.ArticleFactory(title="Inflación", body=BODY)
    (candidate,) = extract_claims(BODY, language="es")
    claim = Claim.objects.create(
        article=article,
        start=candidate.start,
        end=candidate.end,
        text=BODY[candidate.start : candidate.end],
        kind=str(candidate.kind),
        checkworthiness=candidate.checkworthiness,
        signals=[signal.as_dict() for signal in candidate.signals],
    )
    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    expect(panel).to_have_attribute("data-claim", str(claim.pk))
    score = panel.locator("dt", has_text="Check-worthiness").locator("xpath=../dd")
    expect(score).to_contain_text(
        "language-independent score (no training data in this language)"
    )
    expect(score.locator("meter")).to_be_visible()
    # The reasons are the figures and signs, never a word of a language the model
    # has no function words for.
    signals = panel.locator("details.signals")
    signals.locator("summary").click()
    texts = signals.locator("li").all_inner_texts()
    assert any(text.startswith("a number") for text in texts), texts
    assert not [text for text in texts if text.startswith(("word ", "words "))], texts
