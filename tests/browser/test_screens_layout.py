"""What is on screen, measured in Chromium: the header on a phone, the toast beside
the panel, the claim table's text column, and the API reference under our CSP."""

import pytest

from annotations import services
from annotations.services.system import SYSTEM

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_reference_loads_with_no_csp_violation_and_nothing_remote(
    page, live_server, scale
):
    """Redoc renders the schema and searches it under the site's CSP without one
    violation (its search worker, its footer logo), asking no other host for
    anything."""
    console, remote = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else remote.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/docs/redoc/")
    page.get_by_role("heading", name="Fact-check annotation toolkit API").wait_for()
    # The search index lives in a web worker: a result proves the worker runs.
    page.get_by_placeholder("Search...").fill("agreement")
    results = page.locator("[data-role='search:results']")
    results.wait_for()
    assert "Reviewer agreement on the article" in results.inner_text()
    assert [text for text in console if "Content Security Policy" in text] == []
    assert remote == []


HEADER_MAX_PX = 84  # two rows: the brand and the account, then the main links

LINK_VISIBLE_JS = """(link) => {
  const box = link.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return false;
  if (box.left < 0 || box.right > window.innerWidth || box.top < 0) return false;
  // Not clipped by a scrolling or clipping ancestor (the nav scrolling sideways).
  for (let node = link.parentElement; node; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
      const outer = node.getBoundingClientRect();
      if (box.left < outer.left - 0.5 || box.right > outer.right + 0.5) return false;
    }
  }
  // And nothing is drawn over its middle.
  const x = (box.left + box.right) / 2, y = (box.top + box.bottom) / 2;
  const hit = document.elementFromPoint(x, y);
  return link === hit || link.contains(hit);
}"""


@pytest.mark.parametrize("role", ["reviewer", "editor", "admin"])
def test_on_a_phone_the_header_fits_and_shows_every_main_link(
    browser, live_server, login, scale, role
):
    """At 390 px the header is at most two rows and every main link (and the
    account's) is on screen at once: none scrolled away or cut off."""
    from annotations.models import Notification
    from tests.factories import UserFactory

    person = UserFactory(
        username=f"phone-{role}", role=role, first_name="Alexandra",
        last_name="Montgomery-Smith",
    )  # fmt: skip
    # A three-digit unread count: the widest the bell gets.
    Notification.objects.bulk_create(
        Notification(recipient=person, kind="mention", text="You were mentioned.")
        for _ in range(120)
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    login(page, person)
    header = page.locator("header.topbar")
    height = header.bounding_box()["height"]
    links = header.locator("a, button")
    shown = {}
    for link in links.element_handles():
        if page.evaluate(LINK_VISIBLE_JS, link):
            shown[link.get_attribute("href") or link.inner_text()] = link.inner_text()
    destinations = [
        link.get_attribute("href") for link in header.locator("nav a").element_handles()
    ]
    expected = {"reviewer": 5, "editor": 6, "admin": 7}[role]
    assert len(destinations) == expected
    # Every main link's destination, the notifications, the account and logging out
    # can be reached with one tap.
    assert [href for href in destinations if href not in shown] == []
    assert {"/notifications/", "Log out"} <= set(shown)
    assert height <= HEADER_MAX_PX
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def _boxes_intersect(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize(("width", "height"), [(1440, 900), (1100, 800), (390, 844)])
def test_the_toast_never_covers_the_claim_panel(
    browser, live_server, login, reviewer, scale, width, height
):
    """After a save in the panel, the message in the live region is on screen and
    its box does not intersect the panel's, beside the text or over it."""
    from playwright.sync_api import expect

    article = services.article_create(
        created_by=SYSTEM,
        title="Ferry",
        body="Harbour officials said the new ferry terminal cost $48 million, twice "
        "the original estimate. The city council approved the overrun in a 7-2 "
        "vote on Tuesday.",
    )
    claim = article.claims.filter(kind="claim").order_by("start").first()
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    panel.get_by_label("Rating", exact=True).select_option(label="True")
    panel.get_by_role("button", name="Save rating").click()
    toast = page.locator("#live-feedback .message")
    expect(toast).to_contain_text("was saved")
    expect(toast).to_be_in_viewport()
    assert not _boxes_intersect(toast.bounding_box(), panel.bounding_box())
    context.close()


def test_the_claim_tables_text_column_has_the_room_at_1440(
    browser, live_server, login, reviewer, scale, seed_text
):
    """At 1440 px the claim text gets the widest column: at least 40 % of the table
    (it was 200 px, squeezed between nine narrow columns)."""
    article = services.article_create(title="", body=seed_text, created_by=reviewer)
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    login(page, reviewer, f"/articles/{article.pk}/table/")
    table = page.locator("#claim-table").bounding_box()
    text = page.locator("#claim-table thead th", has_text="Text").bounding_box()
    widths = page.evaluate(
        "() => [...document.querySelectorAll('#claim-table thead th')]"
        ".map(th => th.getBoundingClientRect().width)"
    )
    assert text["width"] == max(widths)
    assert text["width"] >= 0.4 * table["width"]
    # And the table fits the window: no sideways scrolling at 1440.
    assert table["width"] <= 1440
    assert page.evaluate("document.querySelector('.table-scroll').scrollWidth") <= (
        page.evaluate("document.querySelector('.table-scroll').clientWidth")
    )
    context.close()
