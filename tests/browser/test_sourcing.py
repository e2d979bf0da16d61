"""Sourcing helpers in a real browser: an archived copy resolving its gap on screen,
the duplicate-import warning, and "Already checked" in the claim panel."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from annotations import services
from annotations.models import Article, ClaimStatus, RatingLabel
from annotations.sourcing import scanner
from tests import factories

pytestmark = pytest.mark.browser

BODY = (
    "Harbour tolls\n\n"
    "Harbour tolls rose 12 percent in 2023, the port authority said on Monday. "
    "Critics called the rise unfair to small ferry operators."
)
TOLLS = "Harbour tolls rose 12 percent in 2023, the port authority said on Monday."
SOURCE = "https://port.example.org/annual-report-2023"
ARCHIVE = "https://web.archive.org/web/20240105000000/" + SOURCE


@pytest.fixture
def eager_rescans(settings):
    """Run the gap rescan an edit queues at once, in the server, as a worker would
    (which has the task module loaded)."""
    import annotations.tasks  # noqa: F401
    from factcheck.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Eager, a citation's capture would fetch the cited page inside the request.
    settings.FACTCHECK_CAPTURES = False
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def watch(page) -> list[str]:
    """Script errors, refused scripts or styles (CSP) and missing files."""
    problems = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))

    def console(message):
        # "Failed to load resource" is also the browser's own /favicon.ico and
        # the duplicate warning's 409; real missing files show as 404 responses.
        if message.type == "error" and "Failed to load resource" not in message.text:
            problems.append(message.text)

    def response(answer):
        if answer.status == 404:
            problems.append(f"404 {answer.url}")

    page.on("console", console)
    page.on("response", response)
    return problems


def tolls_claim(article):
    claim = article.claims.get(text=TOLLS)
    assert claim.kind == "claim"
    return claim


def test_an_archived_copy_resolves_its_gap_on_screen(
    page, login, live_server, reviewer, scale, eager_rescans
):
    problems = watch(page)
    article = services.article_create(title="", body=BODY, created_by=reviewer)
    claim = tolls_claim(article)
    services.citation_add_with_source(
        claim=claim, user=reviewer, stance="supports", url=SOURCE,
        title="Port authority annual report", quote="Tolls rose 12%.",
    )  # fmt: skip
    scanner.scan_pending()
    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    gaps = panel.locator("section.gaps")
    before = int(gaps.locator("h3 .count").inner_text())
    expect(gaps).to_contain_text("No archived copy")
    assert before >= 1

    # The cited source offers its archived copy, with a look-up link to confirm it.
    panel.get_by_text("No archived copy: add one").click()
    lookup = panel.locator("details.source-archive").get_by_role(
        "link", name="Look up an archived copy"
    )
    expect(lookup).to_be_visible()
    expect(lookup).to_have_attribute("href", f"https://web.archive.org/web/*/{SOURCE}")
    panel.locator("details.source-archive").get_by_role(
        "button", name="Fill in the latest snapshot"
    ).click()
    field = panel.get_by_label("Archived copy of Port authority annual report")
    expect(field).to_have_value(f"https://web.archive.org/web/{SOURCE}")
    field.fill(ARCHIVE)
    panel.get_by_role("button", name="Save the archived copy").click()

    expect(panel.locator(".alert.notice")).to_contain_text("archived copy")
    expect(gaps.locator("h3 .count")).to_have_text(str(before - 1))
    expect(gaps).not_to_contain_text("No archived copy")
    expect(panel.get_by_text("No archived copy: add one")).to_have_count(0)

    # The citation form's look-up follows the URL typed above it.
    add = panel.locator("details.add-source")
    if not add.evaluate("d => d.open"):
        add.locator("summary").click()
    add.get_by_label("Source URL").fill("https://ferries.example.net/fares")
    expect(add.get_by_role("link", name="Look up an archived copy")).to_have_attribute(
        "href", "https://web.archive.org/web/*/https://ferries.example.net/fares"
    )
    assert not problems, problems


def test_a_duplicate_import_is_warned_about_with_a_link(
    page, login, live_server, reviewer, scale
):
    problems = watch(page)
    first = services.article_create(title="", body=BODY, created_by=reviewer)
    login(page, reviewer, "/articles/new/")
    page.get_by_label("Article text").fill(BODY.replace("\n\n", "\n\n\n"))
    page.get_by_role("button", name="Split into claims").click()

    warning = page.locator("#duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Already on the desk")
    expect(warning).to_contain_text("the same text")
    link = warning.get_by_role("link", name=f"#{first.pk} {first.title}")
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", f"/articles/{first.pk}/")
    assert Article.objects.count() == 1

    warning.get_by_role("button", name="Import anyway").click()
    expect(page).to_have_url(re.compile(r"/articles/\d+/"))
    assert Article.objects.count() == 2
    assert f"/articles/{first.pk}/" not in page.url
    expect(page.locator("#article-body")).to_contain_text("Harbour tolls rose")
    assert not problems, problems


def test_a_claim_already_checked_elsewhere_shows_in_the_panel(
    page, login, live_server, reviewer, scale
):
    problems = watch(page)
    earlier = factories.ArticleFactory(
        title="Port tolls, checked",
        body=f"{TOLLS} More words.",
        published_at=timezone.now(),
    )
    (checked,) = factories.claims_for(earlier, [TOLLS], status=ClaimStatus.APPROVED)
    factories.VerdictFactory(
        claim=checked,
        label=RatingLabel.objects.get(scale__is_default=True, slug="true"),
        approved_by=factories.UserFactory(username="eddie", role="editor"),
    )
    factories.CitationFactory(claim=checked, quote="The authority's toll table.")
    factories.CitationFactory(claim=checked, quote="Tolls rose 12%.")
    article = services.article_create(title="", body=BODY, created_by=reviewer)
    claim = tolls_claim(article)

    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    section = panel.locator("#already-checked")
    expect(section).to_be_visible()
    link = section.get_by_role(
        "link", name=f"Claim #{checked.pk} in “Port tolls, checked”"
    )
    expect(link).to_be_visible()
    expect(section).to_contain_text("True")

    section.get_by_role("button", name="Reuse its 2 sources").click()
    expect(panel.locator(".alert.notice")).to_contain_text("Reused 2 citations")
    expect(panel.locator(".citation")).to_have_count(2)
    expect(panel.locator(".citation-list")).to_contain_text("Tolls rose 12%.")

    panel.locator("#already-checked").get_by_role(
        "link", name=f"Claim #{checked.pk} in “Port tolls, checked”"
    ).click()
    expect(page.locator("#claim-panel")).to_have_attribute(
        "data-claim", str(checked.pk)
    )
    expect(page.locator("h1")).to_have_text("Port tolls, checked")
    assert not problems, problems
