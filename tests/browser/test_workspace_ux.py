"""The workspace as a desk uses it: messages in view, carve-outs, the claim table, a
phone, the favicon and dark mode. Everything asserted is what is on screen."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Claim

pytestmark = pytest.mark.browser

POINT_JS = """([offset, edge]) => {
  const runs = [...document.querySelectorAll('#article-body .txt')];
  const run = edge === 'start'
    ? runs.find(r => +r.dataset.start <= offset && offset < +r.dataset.end)
    : runs.find(r => +r.dataset.start < offset && offset <= +r.dataset.end);
  const node = run.firstChild;
  const local = offset - +run.dataset.start;
  const range = document.createRange();
  if (edge === 'start') { range.setStart(node, local); range.setEnd(node, local + 1); }
  else { range.setStart(node, local - 1); range.setEnd(node, local); }
  run.scrollIntoView({block: 'center'});
  const rect = range.getClientRects()[0];
  return edge === 'start' ? [rect.left + 1, rect.top + rect.height / 2]
                          : [rect.right - 1, rect.top + rect.height / 2];
}"""


def drag_select(page, start: int, end: int) -> None:
    """Select body[start:end] with the mouse, as a reviewer would."""
    x1, y1 = page.evaluate(POINT_JS, [start, "start"])
    x2, y2 = page.evaluate(POINT_JS, [end, "end"])
    page.mouse.move(x1, y1)
    page.mouse.down()
    page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, steps=4)
    page.mouse.move(x2, y2, steps=4)
    page.mouse.up()


PARAGRAPHS = [
    "Harbour officials said the new ferry terminal cost $48 million, twice the "
    "original estimate. The city council approved the overrun in a 7-2 vote on "
    "Tuesday.",
    "The terminal will carry 12,000 passengers a day by 2027, according to the "
    "port authority. Critics called the forecast, a figure derided by transport "
    "economists, wildly optimistic.",
    "Construction began in March 2022 and employed about 900 workers at its peak. "
    "The mayor said no other project in the region created as many jobs.",
    "Ticket prices will rise by 15 percent next year, the operator said. Season "
    "passes for residents stay at $30 a month until 2026.",
    "The old terminal, built in 1961, will be demolished in the autumn. Its site is "
    "earmarked for 300 affordable homes, the housing department confirmed.",
    "Ridership fell by a third during the pandemic and has not fully recovered. "
    "Officials expect it to pass its 2019 level within two years.",
]


def ferry_body(repeat: int = 2) -> str:
    """A long article (it must scroll) with no headline or caption lines."""
    return "\n\n".join(PARAGRAPHS * repeat)


@pytest.fixture
def ferry(scale):
    return services.article_create(title="Ferry terminal", body=ferry_body())


def claims_of(article):
    return list(Claim.objects.filter(article=article).order_by("start"))


def in_viewport(page, selector: str) -> bool:
    """The element's box lies inside the window (not merely in the DOM)."""
    return page.evaluate(
        """(sel) => { const el = document.querySelector(sel); if (!el) return false;
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 &&
               r.bottom <= window.innerHeight && r.right <= window.innerWidth; }""",
        selector,
    )


def test_a_refusal_shows_beside_the_selection_and_in_the_live_region(
    page, login, live_server, reviewer, ferry
):
    """A selection across two claims, far down the article: the 409 is said beside
    the selection bar and in the live region, both on screen."""
    login(page, reviewer, f"/articles/{ferry.pk}/")
    claims = claims_of(ferry)
    # Across the boundary of two claims in the second copy of the article.
    first, second = claims[-4], claims[-3]
    start = first.end - 12
    end = second.start + 10
    drag_select(page, start, end)
    assert page.evaluate("window.scrollY") > 300  # the article's top is out of view
    tools = page.locator("#selection-tools")
    expect(tools).to_be_visible()
    tools.get_by_role("button", name="New claim from selection").click()
    message = page.locator("#workspace-error")
    expect(message).to_contain_text(f"overlaps claim #{first.pk}")
    expect(message).to_be_in_viewport()
    assert in_viewport(page, "#workspace-error")
    # It is beside the control that caused it.
    expect(tools.locator("#workspace-error")).to_have_count(1)
    live = page.locator("#live-feedback")
    expect(live).to_contain_text(f"overlaps claim #{first.pk}")
    assert in_viewport(page, "#live-feedback")
    # The refused text is still selected, so the reader sees what was refused.
    assert not page.evaluate("window.getSelection().isCollapsed")
    expect(tools.locator("input[name=start]")).to_have_value(str(start))
    expect(tools.locator("input[name=end]")).to_have_value(str(end))
    expect(tools).to_be_in_viewport()
    assert Claim.objects.filter(article=ferry).count() == len(claims)


def test_a_success_in_the_panel_shows_beside_its_form(
    page, login, live_server, reviewer, ferry
):
    """Saving a rating, low in the panel: the notice is beside the form, in view."""
    claim = claims_of(ferry)[1]
    login(page, reviewer, f"/articles/{ferry.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    panel.get_by_label("Rating", exact=True).select_option(label="True")
    panel.get_by_role("button", name=re.compile("Save rating")).click()
    notice = panel.locator('.alert.notice[data-slot="rate"]')
    expect(notice).to_contain_text("rating of claim")
    expect(notice).to_be_in_viewport()
    expect(page.locator("#live-feedback")).to_contain_text("was saved")
    expect(page.locator("#live-feedback")).to_be_in_viewport()


def test_the_header_count_follows_a_new_claim(page, login, live_server, reviewer):
    """The "N claims" line changes when a claim is added without a reload."""
    article = services.article_create(
        title="Count",
        body="Budget Report\n\nThe council approved $3 million on Monday.",
    )
    login(page, reviewer, f"/articles/{article.pk}/")
    count = page.locator("#claim-count")
    before = Claim.objects.filter(article=article, kind="claim").count()
    expect(count).to_contain_text(f"{before} claim")
    headline = Claim.objects.get(article=article, text="Budget Report")
    drag_select(page, headline.start, headline.end)
    page.get_by_role("button", name="New claim from selection").click()
    expect(page.locator("#claim-panel")).to_contain_text("Budget Report")
    expect(count).to_contain_text(f"{before + 1} claims")
