"""Evidence on screen: uploading a file from the claim panel, and a published
report's captures (their line on a phone, the capture leading once the original
is dead) in a browser (docs/EVIDENCE.md)."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from playwright.sync_api import expect

from annotations import services
from annotations.models import Capture, Citation, Claim
from annotations.sourcing import linkcheck
from reports import services as report_services
from tests import factories
from tests.report_fixtures import approve_claim

pytestmark = pytest.mark.browser

BODY = (
    "The harbour authority said 2 million containers passed through in 2023. "
    "Critics said the figure was inflated."
)


@pytest.fixture(autouse=True)
def _captures_of_this_test(captures_folder):
    """Every test here keeps captures in its own folder (tests/conftest.py)."""


def test_a_reviewer_uploads_a_file_from_the_panel(page, login, live_server, people):
    rita = people["rita"]
    article = services.article_create(title="Harbour", body=BODY, created_by=rita)
    claim = Claim.objects.filter(article=article, kind="claim").order_by("start")[0]
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    login(page, rita)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.locator(".upload-source > summary").click()
    form = page.locator("#upload-form")
    # A PNG that calls itself a PDF: refused beside the form, nothing cited.
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf",
                "buffer": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40}]
    )  # fmt: skip
    form.locator("label.radio", has_text="Supports").click()
    form.get_by_role("button", name="Upload and cite").click()
    alert = page.locator('#upload-form p[data-slot="upload"]')
    expect(alert).to_contain_text("its contents are a PNG image")
    assert Capture.objects.count() == 0

    form = page.locator("#upload-form")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "minutes.txt", "mimeType": "text/plain",
                "buffer": b"Minutes: 2 million containers in 2023.\n"}]
    )  # fmt: skip
    form.locator("input[name=title]").fill("Harbour board minutes")
    form.locator("label.radio", has_text="Supports").click()
    form.get_by_role("button", name="Upload and cite").click()
    expect(page.locator("#claim-panel .alert.notice")).to_contain_text(
        "Cited the uploaded file"
    )
    expect(page.locator("#claim-panel .citation-list > li")).to_contain_text(
        "Harbour board minutes"
    )
    assert Capture.objects.get().origin == "uploaded"
    assert errors == []


def test_the_panels_two_source_forms_name_their_fields_apart(
    page, login, live_server, people
):
    """The browser's accessible names (what a screen reader announces): each of
    the shared fields is found once by its name in the whole panel, and in the
    form it belongs to."""
    rita = people["rita"]
    article = services.article_create(title="Harbour", body=BODY, created_by=rita)
    claim = Claim.objects.filter(article=article, kind="claim").order_by("start")[0]
    login(page, rita)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.locator(".upload-source > summary").click()
    panel = page.locator("#claim-panel")
    for form_id, names in (
        ("#cite-form", ("Source title", "Publisher", "Quoted excerpt", "Note")),
        (
            "#upload-form",
            ("File's title", "File's publisher", "Excerpt quoted from the file",
             "Locator in the file", "Note on the file"),
        ),
    ):  # fmt: skip
        for name in names:
            field = panel.get_by_role("textbox", name=name, exact=True)
            expect(field).to_have_count(1)
            expect(page.locator(form_id).get_by_label(name, exact=True)).to_have_count(
                1
            )
    expect(panel.get_by_role("combobox", name="Source kind", exact=True)).to_have_count(
        1
    )
    expect(
        panel.get_by_role("combobox", name="File's source kind", exact=True)
    ).to_have_count(1)
    expect(
        page.locator("#upload-form").get_by_role("group", name="File's stance")
    ).to_have_count(1)


def _published_with_capture(people, settings, live_server):
    settings.FACTCHECK_SITE_URL = live_server.url
    reviewer, editor = people["rita"], people["eddie"]
    article = services.article_create(title="Harbour", body=BODY, created_by=reviewer)
    claims = list(Claim.objects.filter(article=article, kind="claim").order_by("start"))
    for other in claims[1:]:
        services.claim_dismiss(claim=other, reason="Opinion", user=reviewer)
    approve_claim(claims[0], reviewer=reviewer, editor=editor)
    source = Citation.objects.filter(claim=claims[0]).order_by("id").first().source
    payload = b"WARC/1.1\r\n\r\n<p>2 million containers</p>"
    name = storages["captures"].save("b/1.warc.gz", ContentFile(payload))
    capture = factories.CaptureFactory(
        source=source, file_path=name, size_bytes=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
    )  # fmt: skip
    report_services.article_publish(article=article, user=editor)
    return article, source, capture


def test_a_capture_line_fits_a_phone_and_leads_once_the_original_dies(
    browser, live_server, people, settings, screenshot_path
):
    article, source, capture = _published_with_capture(people, settings, live_server)
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{live_server.url}/reports/{article.pk}/")
    line = page.locator("p.capture")
    expect(line).to_contain_text(capture.sha256)
    expect(line).to_be_visible()
    # The 64-digit hash wraps rather than widening the page.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    entry = page.locator("li.citation", has=line)
    assert entry.locator("cite a").get_attribute("href") == source.url

    failed = linkcheck.LinkOutcome(
        ok=False, http_status=410, final_url=source.url, error="Gone",
        elapsed_ms=3, method="GET",
    )  # fmt: skip
    for _ in range(2):
        linkcheck.record_outcomes({source.pk: failed}, now=timezone.now())
    page.reload()
    entry = page.locator("li.citation", has=page.locator("p.capture"))
    assert entry.locator("cite a").get_attribute("href") == (
        f"{live_server.url}/reports/{article.pk}/captures/{capture.pk}/"
    )
    expect(entry.locator(".original-gone")).to_contain_text("no longer available")
    expect(entry.locator(".original-gone del")).to_have_text(source.url)
    entry.screenshot(path=screenshot_path("report-capture-390.png"))
    phone.close()
