"""The reviewer's whole loop in a real browser, the conflict case, and the keyboard."""

import re

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article, Citation, Claim, ClaimStatus, Rating
from annotations.services.system import SYSTEM
from tests.browser.selection import drag_select

pytestmark = pytest.mark.browser


def click_claim(page, claim_id: int) -> None:
    """Click a claim's first line of text (a wrapped span's centre may be elsewhere)."""
    x, y = page.evaluate(
        """(id) => { const el = document.querySelector(`#claim-${id} .txt`);
        el.scrollIntoView({block: 'center'}); const r = el.getClientRects()[0];
        return [r.left + Math.min(20, r.width / 2), r.top + r.height / 2]; }""",
        claim_id,
    )
    page.mouse.click(x, y)
    expect(page.locator("#claim-panel")).to_have_attribute("data-claim", str(claim_id))


@pytest.fixture
def seed_article(scale, seed_text):
    return services.article_create(created_by=SYSTEM, title="", body=seed_text)


def test_reviewer_loop(page, login, live_server, reviewer, seed_article):
    """Log in, select text to make a claim, split and merge, cite twice, rate, submit,
    reload: everything is still there."""
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, reviewer)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("Rita Reviewer")
    page.get_by_role("link", name=seed_article.title).click()
    expect(page.locator("#article-body")).to_be_visible()
    body = seed_article.body

    # 1. A claim from a selection inside the photo caption (a non-claim segment).
    start = body.index("Vladimir Putin")
    end = start + len("Vladimir Putin")
    drag_select(page, start, end)
    tools = page.locator("#selection-tools")
    expect(tools).to_be_visible()
    expect(tools).to_contain_text("\N{LEFT DOUBLE QUOTATION MARK}Vladimir Putin")
    tools.get_by_role("button", name="New claim from selection").click()
    expect(page.locator("#claim-panel blockquote.claim-text")).to_have_text(
        "Vladimir Putin"
    )
    created = Claim.objects.get(article=seed_article, start=start)
    assert created.text == "Vladimir Putin"
    expect(page.locator("#claim-panel")).to_have_attribute(
        "data-claim", str(created.pk)
    )
    expect(page.locator(f"#claim-{created.pk}")).to_have_class(re.compile("kind-claim"))

    # 2. Split a claim at a word boundary, then merge the parts again.
    claim = Claim.objects.get(
        article=seed_article, text__contains="according to SpaceNews"
    )
    original = claim.text
    click_claim(page, claim.pk)
    panel = page.locator("#claim-panel")
    # Segment tools sit behind a disclosure, after the annotation.
    panel.get_by_text("Edit segment").click()
    split_at = claim.start + claim.text.index("which the two")
    expect(
        panel.get_by_label("Split at").locator(f'option[value="{split_at}"]')
    ).to_have_text(re.compile(r"station, \| which"))
    panel.get_by_label("Split at").select_option(str(split_at))
    panel.get_by_role("button", name="Split").click()
    expect(panel.locator(".alert.notice")).to_contain_text("was split")
    claim.refresh_from_db()
    assert claim.text.endswith("research station,")
    second = Claim.objects.get(
        article=seed_article, start__gt=claim.start, start__lt=claim.end + 3
    )
    assert second.text.startswith("which the two countries")
    expect(page.locator(f"#claim-{second.pk}")).to_be_visible()
    panel.get_by_role("button", name="Merge with next").click()
    expect(panel.locator(".alert.notice")).to_contain_text("merged")
    claim.refresh_from_db()
    assert claim.text == original
    assert not Claim.objects.filter(pk=second.pk).exists()

    # 3. Two sources with quotes and stances; the second one by keyboard shortcut.
    # The add-a-source form (the upload form below it asks for the same fields).
    cite = panel.locator("details.add-source")
    cite.get_by_label("Source URL").fill(
        "https://spacenews.com/china-russia-lunar-station"
    )
    cite.get_by_label("Source title").fill("China and Russia sign lunar research pact")
    cite.get_by_label("Publisher").fill("SpaceNews")
    cite.get_by_label("Supports").check()
    cite.get_by_label("Quoted excerpt").fill(
        "agreed to build the lunar research station"
    )
    cite.get_by_label("Locator").fill("para 1")
    panel.get_by_role("button", name="Add source").click()
    expect(panel.locator(".citation")).to_have_count(1)
    expect(panel.locator(".citation").first).to_contain_text("SpaceNews")
    page.locator(f"#claim-{claim.pk}").focus()
    page.keyboard.press("s")
    expect(panel.locator("input.source-search")).to_be_focused()
    # Scoped to the add form: each existing citation has an edit form of its own.
    add = panel.locator("details.add-source")
    add.get_by_label("Source URL").fill(
        "https://www.cnsa.gov.cn/english/n6465652/statement.html"
    )
    add.get_by_label("Source title").fill("CNSA statement on the ILRS")
    add.get_by_label("Publisher").fill("China National Space Administration")
    add.get_by_label("Source kind").select_option("official")
    add.get_by_label("Refutes").check()
    add.get_by_label("Quoted excerpt").fill("open to all interested countries")
    panel.get_by_role("button", name="Add source").click()
    expect(panel.locator(".citation")).to_have_count(2)
    expect(panel.locator(".stance-chip.stance-refutes")).to_contain_text("Refutes")
    # Edit the first citation in place: its locator changes, nothing else moves.
    first_citation = panel.locator(".citation").first
    first_citation.locator("details.citation-edit > summary").click()
    first_citation.locator("details.citation-edit").get_by_label("Locator").fill(
        "para 1, second sentence"
    )
    first_citation.get_by_role("button", name="Save the citation").click()
    expect(panel.locator(".alert.notice")).to_contain_text("citation was updated")
    expect(panel.locator(".citation").first).to_contain_text("para 1, second sentence")

    # 4. Rate, then submit for review.
    page.locator(f"#claim-{claim.pk}").focus()
    page.keyboard.press("r")
    expect(panel.get_by_label("Rating", exact=True)).to_be_focused()
    panel.get_by_label("Rating", exact=True).select_option(label="Half true")
    panel.get_by_label("Confidence").select_option(label="High")
    panel.get_by_label("Rationale").fill(
        "SpaceNews confirms the pact; CNSA frames it as open."
    )
    panel.get_by_role("button", name=re.compile("Save rating")).click()
    expect(panel.locator(".rating-list")).to_contain_text("Half true")
    panel.get_by_role("button", name="Submit my rating for review").click()
    expect(panel.locator(".status-chip")).to_contain_text("Submitted for review")

    # 5. Reload: everything persisted, the panel reopens from the URL.
    page.reload()
    panel = page.locator("#claim-panel")
    expect(panel).to_have_attribute("data-claim", str(claim.pk))
    expect(panel.locator(".citation")).to_have_count(2)
    expect(panel.locator(".rating-list")).to_contain_text("Half true")
    expect(panel.locator(".status-chip")).to_contain_text("Submitted for review")
    expect(page.locator(f"#claim-{claim.pk}")).to_have_class(
        re.compile("status-submitted")
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert Citation.objects.filter(claim=claim).count() == 2
    assert Rating.objects.get(claim=claim, reviewer=reviewer).label.name == "Half true"
    article = Article.objects.get(pk=seed_article.pk)
    for segment in Claim.objects.filter(article=article):
        assert article.body[segment.start : segment.end] == segment.text
    assert errors == []


def test_conflict_names_who_changed_the_claim_and_keeps_the_input(
    browser, login, live_server, reviewer, editor, seed_article
):
    """Two reviewers on one claim: the stale save is refused, with who and when."""
    claim = (
        Claim.objects.filter(article=seed_article, kind="claim")
        .order_by("start")
        .first()
    )
    url = f"/articles/{seed_article.pk}/?claim={claim.pk}"
    first = browser.new_context(viewport={"width": 1366, "height": 900})
    second = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        eddie_page = login(first.new_page(), editor, url)
        rita_page = login(second.new_page(), reviewer, url)
        for page in (eddie_page, rita_page):
            expect(page.locator("#claim-panel")).to_have_attribute(
                "data-claim", str(claim.pk)
            )
        eddie_page.locator("#claim-panel").get_by_text("Edit segment").click()
        eddie_page.locator("#claim-panel").get_by_label("Reason for dismissing").fill(
            "Duplicate of the headline"
        )
        eddie_page.get_by_role("button", name="Dismiss", exact=True).click()
        expect(eddie_page.locator("#claim-panel .status-chip")).to_contain_text(
            "Dismissed"
        )

        rita_panel = rita_page.locator("#claim-panel")
        rita_panel.get_by_text("Edit segment").click()
        rita_panel.get_by_label("Reason for dismissing").fill("My own careful reason")
        rita_page.get_by_role("button", name="Dismiss", exact=True).click()
        alert = rita_panel.locator("#panel-error")
        expect(alert).to_contain_text(
            f"Claim #{claim.pk} was changed by Eddie Editor at"
        )
        expect(alert).to_have_attribute("data-status", "409")
        # Their change is on screen, and nothing Rita typed is lost.
        expect(rita_panel.locator(".status-chip")).to_contain_text("Dismissed")
        claim.refresh_from_db()
        assert claim.dismissed_reason == "Duplicate of the headline"
        expect(rita_panel.get_by_label("Reason for dismissing")).to_have_value(
            "My own careful reason"
        )
    finally:
        first.close()
        second.close()


def test_stale_rebound_keeps_the_typed_offsets(
    browser, login, live_server, reviewer, editor, seed_article
):
    claim = (
        Claim.objects.filter(article=seed_article, kind="claim")
        .order_by("start")
        .first()
    )
    page = login(
        browser.new_page(), reviewer, f"/articles/{seed_article.pk}/?claim={claim.pk}"
    )
    try:
        services.claim_set_kind(claim=claim, kind="opinion", user=editor)
        panel = page.locator("#claim-panel")
        panel.get_by_text("Edit segment").click()
        panel.get_by_text("Boundaries by offset").click()
        panel.get_by_label("End offset").fill(str(claim.end - 5))
        panel.get_by_role("button", name="Set boundaries").click()
        expect(panel.locator("#panel-error")).to_contain_text("changed by Eddie Editor")
        expect(panel.get_by_label("End offset")).to_have_value(str(claim.end - 5))
        claim.refresh_from_db()
        assert claim.kind == "opinion"
    finally:
        page.close()


def test_keyboard_shortcuts(page, login, live_server, reviewer, seed_article):
    """j/k move between claims, Enter opens, Esc closes, ? lists the shortcuts."""
    claims = list(
        Claim.objects.filter(article=seed_article, kind="claim").order_by("start")
    )
    login(page, reviewer, f"/articles/{seed_article.pk}/")
    page.locator("#article-body").click(position={"x": 2, "y": 2})
    page.keyboard.press("j")
    expect(page.locator(f"#claim-{claims[0].pk}")).to_be_focused()
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator(f"#claim-{claims[2].pk}")).to_be_focused()
    page.keyboard.press("k")
    expect(page.locator(f"#claim-{claims[1].pk}")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#claim-panel")).to_have_attribute(
        "data-claim", str(claims[1].pk)
    )
    assert page.url.endswith(f"?claim={claims[1].pk}")
    rationale = page.locator("#claim-panel").get_by_label("Rationale")
    rationale.fill("half-typed thought")
    page.keyboard.press("Escape")  # leaves the field, keeps the panel and the text
    expect(page.locator("#claim-panel")).to_have_attribute(
        "data-claim", str(claims[1].pk)
    )
    expect(rationale).to_have_value("half-typed thought")
    page.keyboard.press("Escape")
    expect(page.locator("#claim-panel")).not_to_have_attribute(
        "data-claim", re.compile(".")
    )
    expect(page.locator(f"#claim-{claims[1].pk}")).to_be_focused()
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
