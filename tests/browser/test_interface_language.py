"""The desk in Arabic, on screen: the person's saved language lays the page out right
to left (the claim panel on the left of the text, the main navigation starting at
the right edge), the scripts speak Arabic too, and a screenshot of the reviewer's
page is kept in docs/screenshots/ (docs/I18N.md)."""

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article, Claim
from annotations.services.system import SYSTEM
from tests.browser.test_workspace import click_claim

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent.parent
ARTICLES = ROOT / "tests" / "data" / "articles"


def _import(name: str) -> Article:
    path = ARTICLES / name
    return services.article_import_file(
        created_by=SYSTEM, data=path.read_bytes(), filename=path.name
    )


@pytest.mark.parametrize(
    ("article_file", "screenshot"),
    [
        ("ar-alhad-aladna.html", "review-arabic.png"),
        ("hy-ashkhatavardz.txt", None),
    ],
)
def test_the_reviewers_page_in_arabic_mirrors(
    browser,
    live_server,
    login,
    reviewer,
    scale,
    article_file,
    screenshot,
    screenshot_path,
):
    """Whatever the article's own language, the interface chosen in Arabic is right
    to left: the panel sits left of the text, the main navigation begins at the
    right, the labels are Arabic; the article keeps its own direction."""
    article = _import(article_file)
    services.preference_set_language(user=reviewer, language="ar")
    # The browser asks for English: the saved choice wins.
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="en-US"
    )
    page = context.new_page()
    login(page, reviewer, f"/articles/{article.pk}/")
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "rtl")
    expect(html).to_have_attribute("lang", "ar")

    claim = Claim.objects.filter(article=article, kind="claim").order_by("start")[0]
    click_claim(page, claim.pk)
    panel = page.locator("#claim-panel")
    expect(panel.locator("#claim-panel-title")).to_contain_text(
        f"الادعاء رقم {claim.pk}"
    )
    text = page.locator(".ws-text").bounding_box()
    side = panel.bounding_box()
    assert side["x"] + side["width"] <= text["x"] + 1  # the panel is on the left

    header = page.locator("header.topbar").bounding_box()
    brand = page.locator("header.topbar .brand").bounding_box()
    first_item = page.locator("header.topbar nav li").first.bounding_box()
    last_item = page.locator("header.topbar nav li").last.bounding_box()
    # The brand starts the bar at its right edge; the navigation runs leftwards.
    assert brand["x"] + brand["width"] > header["x"] + header["width"] * 0.75
    assert first_item["x"] > last_item["x"]
    expect(page.locator("header.topbar nav")).to_contain_text("لوحة التحكم")

    # The article keeps its own direction inside the mirrored page.
    body_direction = page.locator("#article-body").evaluate(
        "element => getComputedStyle(element).direction"
    )
    assert body_direction == ("rtl" if article.language == "ar" else "ltr")

    # A quote on a claim's edge bar sits at its inline start: the right in Arabic.
    quote = page.locator("#claim-panel blockquote.claim-text")
    border = quote.evaluate(
        "element => [getComputedStyle(element).borderRightWidth,"
        " getComputedStyle(element).borderLeftWidth]"
    )
    if article.language == "ar":
        assert border == ["4px", "0px"]

    # The scripts speak Arabic too (Django's JavaScript catalogue).
    said = page.evaluate("() => window.gettext('nothing to do')")
    assert said == "لا شيء للقيام به"
    if screenshot:
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=screenshot_path(screenshot))
    context.close()


def test_a_visitor_picks_arabic_on_the_login_page(page, live_server, db):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.locator("#language-picker-language").select_option("ar")
    page.locator("#language-picker").get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", name="تسجيل الدخول")).to_be_visible()
    card = page.locator(".login-card").bounding_box()
    intro = page.locator(".login-intro").bounding_box()
    assert card["x"] < intro["x"]  # the grid mirrors: the form is on the left


def arabic(message: str, **values) -> str:
    """The catalogue's Arabic for `message` (refusing to pass for the English)."""
    said = gettext(message)
    assert said != message, message
    return said % values if values else said


def test_the_reviewer_loop_speaks_arabic(
    browser, live_server, login, reviewer, scale, screenshot_path
):
    """Cite a source, rate, submit, in Arabic: the form's labels and choices, each
    notice after an action and the hand-in line are the catalogue's Arabic (what
    the Python code says, not only the templates), and the page stays right to
    left throughout; the screenshot of the panel after the loop is kept."""
    article = _import("ar-alhad-aladna.html")
    services.preference_set_language(user=reviewer, language="ar")
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale="en-US"
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, reviewer, f"/articles/{article.pk}/")
    claim = Claim.objects.filter(article=article, kind="claim").order_by("start")[0]
    click_claim(page, claim.pk)
    panel = page.locator("#claim-panel")
    with translation.override("ar"):
        add = panel.locator("details.add-source")
        if not add.evaluate("element => element.open"):
            add.locator("summary").click()
        add.get_by_label(gettext("Source URL")).fill(
            "https://www.who.int/ar/news/item/2024-report"
        )
        add.get_by_label(gettext("Source title")).fill("تقرير منظمة الصحة العالمية")
        add.get_by_label(gettext("Supports")).check()
        panel.get_by_role("button", name=gettext("Add source")).click()
        expect(panel.locator(".alert.notice")).to_have_text(
            arabic("Cited “%(title)s”.", title="تقرير منظمة الصحة العالمية")
        )
        expect(panel.locator(".stance-chip.stance-supports")).to_contain_text(
            gettext("Supports")
        )

        panel.get_by_label(gettext("Rating"), exact=True).select_option(index=1)
        panel.get_by_label(gettext("Confidence")).select_option(label=gettext("High"))
        panel.get_by_label(gettext("Rationale")).fill("التقرير يؤكد الرقم.")
        panel.get_by_role("button", name=gettext("Save rating")).click()
        expect(panel.locator(".alert.notice")).to_have_text(
            arabic("Your rating of claim #%(id)s was saved.", id=claim.pk)
        )
        panel.get_by_role("button", name=gettext("Submit my rating for review")).click()
        expect(panel.locator(".alert.notice")).to_have_text(
            arabic("Claim #%(id)s was submitted for review.", id=claim.pk)
        )
        expect(panel.locator(".status-chip")).to_contain_text(
            gettext("Submitted for review")
        )
        # Said by the Python code in Arabic, never its English.
        shown = panel.inner_text()
        assert "was submitted" not in shown
        assert "Supports" not in shown
        assert not {"(high)", "(medium)", "(low)"} & set(shown.split())
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    claim.refresh_from_db()
    assert claim.status == "submitted"
    assert errors == []
    page.evaluate("window.scrollTo(0, 0)")
    panel.screenshot(path=screenshot_path("review-loop-arabic.png"))
    context.close()
