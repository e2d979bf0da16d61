"""An article's language on screen: shown under the title, corrected in place, an
Arabic body laid out right to left, and the claim panel saying when a language
has no kind or attribution rules."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article, Claim
from annotations.services.system import SYSTEM
from tests.browser.test_workspace import click_claim

pytestmark = pytest.mark.browser

ARTICLES = Path(__file__).parent.parent / "data" / "articles"


def _import(name: str) -> Article:
    path = ARTICLES / name
    return services.article_import_file(
        created_by=SYSTEM, data=path.read_bytes(), filename=path.name
    )


def test_armenian_article_language_and_the_missing_rules(
    page, login, live_server, reviewer, scale
):
    article = _import("hy-ashkhatavardz.txt")
    login(page, reviewer, f"/articles/{article.pk}/")
    language = page.locator("#article-language")
    expect(language).to_contain_text("Language: Armenian (hy)")
    expect(page.locator("#article-body")).to_have_attribute("lang", "hy")

    claim = Claim.objects.filter(article=article, kind="claim").order_by("start")[0]
    click_claim(page, claim.pk)
    note = page.locator("#claim-panel .rules-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text("No attribution rules for Armenian yet")

    # A tag that names no language is refused beside the field, nothing changes.
    language.get_by_text("Change").click()
    field = language.get_by_label("Language")
    field.fill("Armenian please")
    language.get_by_role("button", name="Save the language").click()
    expect(page.locator("#article-language .feedback")).to_contain_text("BCP 47 tag")
    assert Article.objects.get(pk=article.pk).language == "hy"

    # Western Armenian as spoken in Lebanon: saved, said in words.
    language = page.locator("#article-language")
    if not language.get_by_label("Language").is_visible():
        language.get_by_text("Change").click()
    language.get_by_label("Language").fill("hy-lb")
    language.get_by_role("button", name="Save the language").click()
    expect(page.locator("#article-language")).to_contain_text("Armenian (LB)")
    expect(page.locator("#live-feedback")).to_contain_text(
        "Its segments keep their kinds and speakers"
    )
    assert Article.objects.get(pk=article.pk).language == "hy-LB"


def test_arabic_body_reads_right_to_left_with_its_speakers(
    page, login, live_server, reviewer, scale
):
    article = _import("ar-alhad-aladna.html")
    login(page, reviewer, f"/articles/{article.pk}/")
    expect(page.locator("#article-language")).to_contain_text("Arabic (ar)")
    body = page.locator("#article-body")
    assert body.evaluate("el => getComputedStyle(el).direction") == "rtl"
    claim = Claim.objects.filter(article=article, attribution="وزير المالية")[0]
    click_claim(page, claim.pk)
    panel = page.locator("#claim-panel")
    expect(panel).to_contain_text("وزير المالية")
    expect(panel.locator(".rules-note")).to_have_count(0)
    assert (
        panel.locator("blockquote.claim-text").evaluate(
            "el => getComputedStyle(el).direction"
        )
        == "rtl"
    )
    page.screenshot(path=str(Path("/tmp") / "arabic-article.png"), full_page=False)
