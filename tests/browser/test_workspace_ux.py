"""The workspace as a desk uses it: messages in view, carve-outs, the claim table, a
phone, the favicon and dark mode. Everything asserted is what is on screen."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Citation, Claim
from annotations.services.system import SYSTEM
from tests import factories
from tests.assertions import assert_offsets
from tests.browser.selection import drag_select

pytestmark = pytest.mark.browser

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
    return services.article_create(
        created_by=SYSTEM, title="Ferry terminal", body=ferry_body()
    )


def claims_of(article):
    return list(Claim.objects.filter(article=article).order_by("start"))


def first_with(article, opening: str) -> Claim:
    claims = Claim.objects.filter(article=article, text__startswith=opening)
    return claims.order_by("start").first()


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
        created_by=SYSTEM,
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


def test_carving_a_span_out_of_a_claim_takes_its_citations(
    page, login, live_server, reviewer, ferry
):
    """Select a phrase inside a sentence that is already a claim: the bar offers to
    make it a claim of its own; the citation quoting it moves with it, the one
    without a quote stays (the default choice)."""
    claim = first_with(ferry, "Critics called")
    quoted = factories.CitationFactory(
        claim=claim, quote="derided by transport economists"
    )
    unquoted = factories.CitationFactory(claim=claim, quote="")
    login(page, reviewer, f"/articles/{ferry.pk}/")
    phrase = "a figure derided by transport economists"
    start = claim.start + claim.text.index(phrase)
    drag_select(page, start, start + len(phrase))
    tools = page.locator("#selection-tools")
    expect(tools).to_contain_text(f"in claim #{claim.pk}")
    expect(tools.get_by_role("button", name="New claim from selection")).to_be_hidden()
    expect(tools.get_by_label("stay with the rest of the claim")).to_be_checked()
    tools.get_by_role("button", name="Make this its own claim").click()
    panel = page.locator("#claim-panel")
    expect(panel.locator("blockquote.claim-text")).to_have_text(phrase)
    carved = Claim.objects.get(article=ferry, text=phrase)
    expect(panel).to_have_attribute("data-claim", str(carved.pk))
    expect(panel.locator(".alert.notice")).to_contain_text(f"is claim #{carved.pk}")
    expect(panel.locator(".alert.notice")).to_be_in_viewport()
    expect(panel.locator(".citation")).to_have_count(1)
    expect(page.locator(f"#claim-{carved.pk}")).to_be_visible()
    expect(page.locator(f"#claim-{claim.pk}")).to_contain_text("Critics called")
    assert Citation.objects.get(pk=quoted.pk).claim_id == carved.pk
    assert Citation.objects.get(pk=unquoted.pk).claim_id == claim.pk
    assert_offsets(ferry)


def test_a_span_can_be_chosen_and_carved_from_the_keyboard(
    page, login, live_server, reviewer, ferry
):
    """v selects the focused claim's first word; → extends the end, Shift+→ moves
    the start; Enter carves it. No mouse."""
    claim = first_with(ferry, "The mayor said")
    login(page, reviewer, f"/articles/{ferry.pk}/?claim={claim.pk}")
    page.locator(f"#claim-{claim.pk}").focus()
    page.keyboard.press("v")
    expect(page.locator("#selection-tools")).to_contain_text("“The” (1 word)")
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # The mayor said no
    page.keyboard.press("Shift+ArrowRight")  # mayor said no
    tools = page.locator("#selection-tools")
    expect(tools).to_contain_text("“mayor said no” (3 words)")
    expect(page.locator("#live-feedback")).to_contain_text("mayor said no")
    expect(tools.get_by_role("button", name="Make this its own claim")).to_be_visible()
    page.keyboard.press("Enter")
    panel = page.locator("#claim-panel")
    expect(panel.locator("blockquote.claim-text")).to_have_text("mayor said no")
    carved = Claim.objects.get(article=ferry, text="mayor said no")
    expect(panel).to_have_attribute("data-claim", str(carved.pk))
    assert_offsets(ferry)


def test_the_claim_table_sorts_and_moves_by_keyboard(
    page, login, live_server, reviewer, ferry
):
    """Click a column to sort (htmx swaps the table, the URL follows), j/k move
    between rows, Space ticks, Enter opens the claim on the article page."""
    claims = [c for c in claims_of(ferry) if c.kind == "claim"]
    top = max(claims, key=lambda c: (c.checkworthiness, -c.start))
    login(page, reviewer, f"/articles/{ferry.pk}/")
    page.get_by_role("link", name="Claim table").click()
    table = page.locator("#claim-table")
    expect(table).to_be_visible()
    header = table.get_by_role("link", name=re.compile("Check-worthiness"))
    header.click()  # ascending
    expect(table.locator("th[aria-sort=ascending]")).to_contain_text("Check-worthiness")
    table.get_by_role("link", name=re.compile("Check-worthiness")).click()
    expect(table.locator("th[aria-sort=descending]")).to_contain_text(
        "Check-worthiness"
    )
    assert "sort=-checkworthiness" in page.url
    first_row = table.locator("tbody tr").first
    expect(first_row).to_have_attribute("data-claim", str(top.pk))
    expect(first_row).to_be_in_viewport()
    scores = [
        float(text)
        for text in table.locator("tbody tr td:nth-child(4)").all_inner_texts()
    ]
    assert scores == sorted(scores, reverse=True)
    # Keyboard: down twice, tick, up, tick, Enter opens the current row's claim.
    first_row.focus()
    page.keyboard.press("j")
    second = table.locator("tbody tr").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press(" ")
    expect(second.locator("input[name=claims]")).to_be_checked()
    expect(page.locator("#bulk-count")).to_contain_text("1 ticked")
    page.keyboard.press("k")
    expect(first_row).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/articles/{ferry.pk}/\?claim={top.pk}"))
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(top.pk))


def test_a_bulk_action_from_the_table_says_what_it_did(
    page, login, live_server, reviewer, ferry
):
    claims = [c for c in claims_of(ferry) if c.kind == "claim"][:2]
    login(page, reviewer, f"/articles/{ferry.pk}/table/?sort=position")
    for claim in claims:
        page.locator(f"#tick-{claim.pk}").check()
    page.get_by_label("With the ticked ones").select_option("dismiss")
    expect(page.get_by_label("Reason for dismissing")).to_be_visible()
    expect(page.locator("#bulk-kind")).to_be_hidden()
    page.get_by_role("button", name="Apply").click()
    live = page.locator("#live-feedback")
    expect(live).to_contain_text("Dismissed 2 segments")
    expect(live).to_be_in_viewport()
    for claim in claims:
        expect(page.locator(f"#row-{claim.pk}")).to_contain_text("Dismissed")
    assert Claim.objects.filter(article=ferry, dismissed_at__isnull=False).count() == 2


def test_the_panel_puts_annotation_first_and_splits_where_clicked(
    page, login, live_server, reviewer, ferry
):
    """Sources and rating come before the segment tools, which are folded away;
    offsets show only in the details. The split boundary defaults to the clause
    boundary nearest the middle and moves to where the reviewer clicks."""
    claim = first_with(ferry, "Critics called")
    login(page, reviewer, f"/articles/{ferry.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    order = panel.evaluate(
        """(p) => ['.citations', '.rating', '.submit', '.discussion', '.edit-segment']
        .map(s => p.querySelector(s).getBoundingClientRect().top)"""
    )
    assert order == sorted(order)
    expect(panel.get_by_label("Split at")).to_be_hidden()
    expect(panel.get_by_text(f"{claim.start}\N{EN DASH}{claim.end}")).to_be_hidden()
    panel.get_by_text("Edit segment").click()
    select = panel.get_by_label("Split at")
    expect(select).to_be_visible()
    # A short list of good boundaries, not every word boundary.
    assert select.locator("option").count() <= 6
    middle = claim.start + claim.text.index("a figure derided")
    expect(select).to_have_value(str(middle))
    picker = panel.locator(".split-picker")
    expect(picker.locator(".gap.chosen")).to_have_attribute("data-at", str(middle))
    # Click the right half of "transport": the boundary after it.
    word = picker.locator(".w", has_text=re.compile("^transport$"))
    word.scroll_into_view_if_needed()
    box = word.bounding_box()
    word.click(position={"x": box["width"] * 0.8, "y": box["height"] / 2})
    after = claim.start + claim.text.index("economists")
    expect(select).to_have_value(str(after))
    expect(picker).to_have_attribute(
        "aria-valuetext", re.compile(r"transport \| economists")
    )
    page.keyboard.press("ArrowLeft")  # one boundary back, from the keyboard
    expect(select).to_have_value(str(claim.start + claim.text.index("transport")))
    panel.get_by_role("button", name="Split", exact=True).click()
    expect(panel.locator('.alert.notice[data-slot="split"]')).to_contain_text("split")
    claim.refresh_from_db()
    assert claim.text == "Critics called the forecast, a figure derided by"
    assert_offsets(ferry)


PHONE = {"width": 390, "height": 844}


def top_of(page, selector: str) -> float:
    """Where the element's top is on the screen (pixels below the window's top)."""
    return page.locator(selector).evaluate("el => el.getBoundingClientRect().top")


@pytest.mark.parametrize("status_arrives", ["before", "while the panel is open"])
def test_on_a_phone_the_panel_is_an_overlay_that_keeps_the_reading_place(
    browser, login, live_server, reviewer, ferry, status_arrives
):
    """The promise is the reader's place: the claim stays where it was on the screen
    when its panel opens and closes. The page's report status line is loaded after
    the page (htmx) and may change the height above the text; the browser then keeps
    the text in place and scrollY changes, so the test compares where the claim is,
    and makes the status line arrive at a chosen moment instead of whenever the
    server answers."""
    context = browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    held = []
    page.route(re.compile(r"/reports/\d+/status/$"), lambda route: held.append(route))
    status = page.locator("#publish-status")

    def release_the_status_line():
        while held:
            held.pop().continue_()
        expect(status).to_be_attached()

    try:
        login(page, reviewer, f"/articles/{ferry.pk}/")
        claim = first_with(ferry, "Ticket prices")
        seg = f"#claim-{claim.pk}"
        expect(page.locator(seg)).to_be_attached()
        if status_arrives == "before":
            release_the_status_line()
        page.locator(seg).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 120)")
        assert page.evaluate("window.scrollY") > 400
        place = top_of(page, seg)
        box = page.locator(f"{seg} .txt").bounding_box()
        page.mouse.click(box["x"] + 10, box["y"] + 8)
        panel = page.locator("#claim-panel")
        expect(panel).to_have_attribute("data-claim", str(claim.pk))
        expect(panel.locator("#claim-panel-title")).to_be_in_viewport()
        if status_arrives != "before":
            release_the_status_line()
        panel_box = panel.bounding_box()
        assert panel_box["x"] == 0
        assert panel_box["width"] == PHONE["width"]
        assert top_of(page, seg) == pytest.approx(place, abs=1)
        # Nothing is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        panel.get_by_role("link", name=re.compile("Close the claim panel")).click()
        expect(panel).to_be_hidden()
        assert top_of(page, seg) == pytest.approx(place, abs=1)
        expect(page.locator(seg)).to_be_in_viewport()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/gaps/", "/", "/articles/{pk}/table/"])
def test_on_a_phone_tables_scroll_inside_their_own_box(
    browser, login, live_server, reviewer, ferry, path
):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        login(page, reviewer, path.format(pk=ferry.pk))
        expect(page.locator("main")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # Each table's scrolling box (itself, or the box around it) fits the screen.
        right_edges = page.evaluate(
            """() => [...document.querySelectorAll('main table')].map(t => {
              let box = t;
              while (box !== document.body
                     && getComputedStyle(box).overflowX !== 'auto')
                box = box.parentElement;
              return box.getBoundingClientRect().right; })"""
        )
        assert right_edges
        assert all(edge <= PHONE["width"] + 1 for edge in right_edges), right_edges
    finally:
        context.close()


def test_the_favicon_is_served_and_nothing_answers_404(
    page, login, live_server, reviewer, ferry
):
    missing = []
    page.on(
        "response",
        lambda response: (
            missing.append(response.url) if response.status == 404 else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    icon = page.locator('link[rel="icon"]').get_attribute("href")
    assert icon.endswith(".svg")
    assert page.request.get(f"{live_server.url}{icon}").status == 200
    legacy = page.request.get(f"{live_server.url}/favicon.ico")
    assert legacy.status == 200
    assert "svg" in legacy.headers["content-type"]
    login(page, reviewer, f"/articles/{ferry.pk}/")
    page.get_by_role("link", name="Claim table").click()
    expect(page.locator("#claim-table")).to_be_visible()
    assert missing == []


def test_the_login_page_is_a_page_of_its_own(page, live_server):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Fact-check desk")).to_be_visible()
    expect(page.get_by_label("User name")).to_be_focused()
    expect(page.get_by_role("link", name="published reports")).to_be_visible()
    card = page.locator(".login-card").bounding_box()
    assert card["width"] > 250


LUMINANCE_JS = """(sel) => {
  const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
    .map(v => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const el = document.querySelector(sel), style = getComputedStyle(el);
  let node = el, bg = 'rgba(0, 0, 0, 0)';
  while (node && /rgba\\(.*, 0\\)$/.test(bg)) {
    bg = getComputedStyle(node).backgroundColor;
    node = node.parentElement;
  }
  const fg = lum(parse(style.color)), back = lum(parse(bg));
  return { fg, back, ratio: (Math.max(fg, back) + .05) / (Math.min(fg, back) + .05) };
}"""


def test_dark_mode_renders_dark_with_readable_text(
    browser, login, live_server, reviewer, ferry
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme="dark"
    )
    page = context.new_page()
    try:
        claim = first_with(ferry, "Harbour officials")
        login(page, reviewer, f"/articles/{ferry.pk}/?claim={claim.pk}")
        expect(page.locator("#claim-panel")).to_have_attribute(
            "data-claim", str(claim.pk)
        )
        body = page.evaluate(LUMINANCE_JS, "body")
        assert body["back"] < 0.05  # a dark page
        assert body["ratio"] >= 4.5
        for selector in (
            "#article-body .txt",
            "#claim-panel .claim-text",
            "#claim-panel h2",
            f"#claim-{claim.pk} .txt",
        ):
            seen = page.evaluate(LUMINANCE_JS, selector)
            assert seen["ratio"] >= 4.5, (selector, seen)
            assert seen["fg"] > seen["back"], selector  # light text on dark
    finally:
        context.close()
