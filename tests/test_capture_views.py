"""A source's capture opened from the claim panel: the quote's status on the panel,
the capture's text (escaped) and its file (an attachment, never sniffed), for whoever
may read the claim, and not found for anyone else."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from annotations import roles
from annotations.models import CaptureOrigin, CaptureState, Workspace
from annotations.services import quotes as quote_service
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = (
    "Council minutes.\n\nThe budget of $3 million was approved on Monday <b>late</b>."
)


@pytest.fixture
def storage(captures_folder):
    captures_folder.mkdir(parents=True, exist_ok=True)
    return captures_folder


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory()
    return factories.claims_for(article)[0]


def captured(claim, quote, text=PAGE, **fields):
    source = factories.SourceFactory()
    citation = factories.CitationFactory(claim=claim, source=source, quote=quote)
    capture = factories.CaptureFactory(source=source, text=text, **fields)
    quote_service.quotes_check(capture)
    return citation, capture


def panel(client, claim):
    response = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return lxml.html.fromstring(response.content.decode())


def quote_lines(tree) -> list[str]:
    return [
        " ".join(node.text_content().split())
        for node in tree.xpath("//p[contains(@class, 'quote-check')]")
    ]


def test_the_panel_says_each_quotes_status_with_the_capture(client, reviewer, claim):
    found, capture = captured(claim, "the budget of $3 million was approved")
    captured(claim, "The budget of $3 milion was aproved on Monday")
    captured(claim, "the budget was rejected")
    source = factories.SourceFactory()
    factories.CitationFactory(claim=claim, source=source, quote="not captured")
    failed = factories.CaptureFactory(
        source=source,
        state=CaptureState.FAILED,
        text="",
        captured_at=None,
        error="The page answered HTTP 503.",
    )
    quote_service.quotes_check(failed)
    client.force_login(reviewer)
    lines = quote_lines(panel(client, claim))
    assert len(lines) == 4
    assert lines[0].startswith("Found in the capture · captured")
    assert "captured text" in lines[0]
    assert lines[1].startswith("Approximately found in the capture (")
    assert "% alike)" in lines[1]
    assert lines[2].startswith("Not found in the capture")
    assert lines[3] == "Capture failed (The page answered HTTP 503.)"
    link = panel(client, claim).xpath("//p[contains(@class, 'quote-found')]//a")[0]
    assert link.get("href") == (
        reverse("capture-text", args=[claim.pk, capture.pk])
        + f"?citation={found.pk}#quote"
    )


def test_the_capture_text_is_escaped_and_marks_the_quote(client, reviewer, claim):
    citation, capture = captured(claim, "approved on monday <b>late</b>")
    client.force_login(reviewer)
    response = client.get(
        reverse("capture-text", args=[claim.pk, capture.pk]),
        {"citation": citation.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>late</b>" not in html
    assert "&lt;b&gt;late&lt;/b&gt;" in html
    tree = lxml.html.fromstring(html)
    (mark,) = tree.xpath("//pre[@class='capture-text']/mark")
    assert mark.text_content() == "approved on Monday <b>late</b>"
    assert capture.sha256 in html
    # Another claim's citation marks nothing.
    other = factories.CitationFactory(
        claim=factories.claims_for(factories.ArticleFactory())[0], quote="The budget"
    )
    response = client.get(
        reverse("capture-text", args=[claim.pk, capture.pk]), {"citation": other.pk}
    )
    assert b"<mark" not in response.content


def test_the_download_streams_the_stored_file_as_an_attachment(
    client, reviewer, claim, storage
):
    (storage / "captures" / "2026").mkdir(parents=True)
    (storage / "captures" / "2026" / "a.warc.gz").write_bytes(b"WARC/1.1\r\n...")
    _, fetched = captured(claim, "budget", file_path="captures/2026/a.warc.gz")
    _, uploaded = captured(
        claim,
        "minutes",
        file_path="captures/2026/a.warc.gz",
        origin=CaptureOrigin.UPLOADED,
        file_name='minutes "final"\r\n.pdf',
        content_type="application/pdf",
    )
    _, odd = captured(
        claim,
        "council",
        file_path="captures/2026/a.warc.gz",
        origin=CaptureOrigin.UPLOADED,
        file_name="",
        content_type="text/html; charset=utf-8\r\nX-Injected: yes",
    )
    client.force_login(reviewer)
    response = client.get(reverse("capture-download", args=[claim.pk, fetched.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"WARC/1.1\r\n..."
    assert response["Content-Type"] == "application/warc"
    assert response["Content-Disposition"] == 'attachment; filename="a.warc.gz"'
    assert response["X-Content-Type-Options"] == "nosniff"

    response = client.get(reverse("capture-download", args=[claim.pk, uploaded.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="minutes-final-.pdf"'
    )
    # Only the stored type's media type is kept: nothing after it reaches a header.
    response = client.get(reverse("capture-download", args=[claim.pk, odd.pk]))
    assert response["Content-Type"] == "text/html"
    assert "X-Injected" not in response
    assert response["Content-Disposition"] == 'attachment; filename="a.warc.gz"'


def test_a_capture_without_a_file_or_with_its_file_gone_is_not_found(
    client, reviewer, claim, storage
):
    _, no_file = captured(claim, "budget")
    _, gone = captured(claim, "minutes", file_path="captures/gone.warc.gz")
    client.force_login(reviewer)
    for capture in (no_file, gone):
        response = client.get(reverse("capture-download", args=[claim.pk, capture.pk]))
        assert response.status_code == 404


def test_only_who_may_read_the_claim_opens_its_captures(client, claim, storage):
    (storage / "f.warc.gz").write_bytes(b"WARC")
    _, capture = captured(claim, "budget", file_path="f.warc.gz")
    elsewhere = factories.CaptureFactory(text="Some other source's page.")
    other_desk = Workspace.objects.create(name="Other desk", slug="other")
    outsider = factories.UserFactory(username="outsider")
    roles.grant(outsider, "reviewer", workspace=other_desk)
    member = factories.UserFactory(username="member", role="reviewer")
    nobody = factories.UserFactory(username="nobody")
    for name in ("capture-text", "capture-download"):
        url = reverse(name, args=[claim.pk, capture.pk])
        client.force_login(member)
        assert client.get(url).status_code == 200
        # A capture of a source the claim does not cite.
        assert (
            client.get(reverse(name, args=[claim.pk, elsewhere.pk])).status_code == 404
        )
        client.force_login(outsider)
        assert client.get(url).status_code == 404
        client.force_login(nobody)
        assert client.get(url).status_code in {302, 403, 404}
        client.logout()
        assert client.get(url).status_code in {302, 403}


def capture_lines(tree) -> list[str]:
    return [
        " ".join(node.text_content().split())
        for node in tree.xpath("//p[contains(@class, 'capture-line')]")
    ]


def test_a_citation_without_a_quote_shows_its_sources_capture(
    client, reviewer, claim, storage
):
    """Every citation of a source with a URL says where its capture stands, quoted
    or not: captured (with the text and the file), waiting, failed (and why), not
    captured at all; an uploaded file says so. A quoting citation keeps its quote
    line, which already names the capture."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    stored = factories.SourceFactory()
    factories.CitationFactory(claim=claim, source=stored, quote="")
    capture = factories.CaptureFactory(
        source=stored,
        file_path=storages["captures"].save("web/panel.warc.gz", ContentFile(b"w")),
    )
    # A newer capture waiting does not hide the stored one.
    factories.CaptureFactory(
        source=stored, state=CaptureState.PENDING, captured_at=None, sha256=""
    )
    waiting = factories.SourceFactory()
    factories.CitationFactory(claim=claim, source=waiting, quote="")
    factories.CaptureFactory(
        source=waiting, state=CaptureState.PENDING, captured_at=None, sha256=""
    )
    failed = factories.SourceFactory()
    factories.CitationFactory(claim=claim, source=failed, quote="")
    factories.CaptureFactory(
        source=failed,
        state=CaptureState.FAILED,
        captured_at=None,
        sha256="",
        error="The site answered HTTP 404.",
        error_code="http_error",
    )
    bare = factories.SourceFactory()
    factories.CitationFactory(claim=claim, source=bare, quote="")
    uploaded = factories.SourceFactory(url="", normalized_url="")
    factories.CitationFactory(claim=claim, source=uploaded, quote="")
    factories.CaptureFactory(
        source=uploaded, origin=CaptureOrigin.UPLOADED, url="", final_url=""
    )
    no_address = factories.SourceFactory(url="", normalized_url="")
    factories.CitationFactory(claim=claim, source=no_address, quote="")
    captured(claim, "the budget of $3 million was approved")
    client.force_login(reviewer)
    tree = panel(client, claim)
    lines = capture_lines(tree)
    assert len(lines) == 5
    assert lines[0].startswith("Captured · captured")
    assert lines[0].endswith("captured text · download")
    assert lines[1] == "Waiting to be captured"
    assert lines[2] == "Capture failed (The site answered HTTP 404.)"
    assert lines[3] == "Not captured yet"
    assert lines[4].startswith("Uploaded file · captured")
    links = tree.xpath("(//p[contains(@class, 'capture-line')])[1]//a/@href")
    assert links == [
        reverse("capture-text", args=[claim.pk, capture.pk]),
        reverse("capture-download", args=[claim.pk, capture.pk]),
    ]
    assert client.get(links[0]).status_code == 200
    # The quoting citation's capture is on its quote line, not said twice.
    assert len(quote_lines(tree)) == 1


@pytest.mark.parametrize("count", [1, 6])
def test_the_panel_costs_the_same_queries_for_any_number_of_citations(
    client, reviewer, claim, count
):
    for number in range(count):
        captured(claim, f"the budget of $3 million {number}")
    client.force_login(reviewer)
    url = reverse("claim-panel", args=[claim.pk])
    client.get(url, HTTP_HX_REQUEST="true")  # sessions and caches warmed
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.count(b"quote-check") == count
    assert len(queries) == PANEL_QUERIES


# The panel's queries with its citations, their sources, quote checks and captures
# loaded in one prefetch, and one more for every capture of the cited sources (the
# capture line of a citation without a quote); measured, the same for one
# citation as for six.
PANEL_QUERIES = 26


def test_the_gap_dashboard_counts_the_desks_cited_sources_by_newest_capture(
    client, reviewer, claim
):
    from annotations.selectors import gaps as gap_selectors

    def cited(*states):
        source = factories.SourceFactory()
        factories.CitationFactory(claim=claim, source=source, quote="")
        for state in states:
            factories.CaptureFactory(source=source, state=state, text="")
        return source

    cited(CaptureState.FAILED, CaptureState.CAPTURED)  # retried: captured
    cited(CaptureState.CAPTURED)
    cited(CaptureState.CAPTURED, CaptureState.PENDING)
    cited(CaptureState.FAILED)
    cited()
    # Another desk's cited source, and a source nobody cites, are not counted.
    other_desk = Workspace.objects.create(name="Other", slug="other")
    elsewhere = factories.claims_for(factories.ArticleFactory(workspace=other_desk))[0]
    far = factories.SourceFactory()
    factories.CitationFactory(claim=elsewhere, source=far, quote="")
    factories.CaptureFactory(source=far, state=CaptureState.FAILED)
    factories.CaptureFactory(state=CaptureState.FAILED)

    assert gap_selectors.capture_health(claim.article.workspace) == {
        "captured": 2,
        "pending": 1,
        "failed": 1,
        "none": 1,
    }
    client.force_login(reviewer)
    html = client.get(reverse("gap-dashboard")).content.decode()
    (card,) = lxml.html.fromstring(html).xpath(
        "//section[contains(@class, 'capture-health')]"
    )
    rows = [" ".join(li.text_content().split()) for li in card.xpath(".//li")]
    assert rows == [
        "Captured 2",
        "Waiting to be captured 1",
        "Capture failed 1",
        "Not captured yet 1",
    ]
