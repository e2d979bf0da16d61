"""The claim panel's "Why" and its signals, as a reviewer reads them on screen."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Claim
from annotations.services.system import SYSTEM

pytestmark = pytest.mark.browser

# What the panel listed before: a function word or a number alone as a reason.
NOT_A_REASON = re.compile(r"words? '(?:<number>|the|to|was|have|has|and|by|up)'")


@pytest.fixture
def seed_article(scale, seed_text):
    return services.article_create(created_by=SYSTEM, title="", body=seed_text)


@pytest.mark.parametrize(
    ("opening", "reason"),
    [
        # The panel used to give "word 'to'" and "word 'have'" here…
        ("China and Russia have", ("names an official action", "“cooperated”")),
        # …and "word '<number>'" for a time stamp.
        ("March 9, 2021", ("a time stamp: not a claim to check",)),
        ("Last month, Press Secretary", ("word 'secretary'",)),
    ],
)
def test_the_panel_gives_reasons_a_person_can_act_on(
    page, login, live_server, reviewer, seed_article, opening, reason
):
    claim = Claim.objects.get(article=seed_article, text__startswith=opening)
    login(page, reviewer, f"/articles/{seed_article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    expect(panel).to_have_attribute("data-claim", str(claim.pk))
    signals = panel.locator("details.signals")
    signals.locator("summary").click()
    listed = signals.locator("li")
    expect(listed.first).to_be_visible()
    texts = listed.all_inner_texts()
    # A reason is its words and, beside them, the sentence's words it rests on.
    assert any(all(part in text for part in reason) for text in texts), texts
    assert not [text for text in texts if NOT_A_REASON.search(text)], texts
    why = panel.locator("p.why")
    if why.count():
        assert not NOT_A_REASON.search(why.inner_text()), why.inner_text()
