"""Captures in published reports: the frozen capture beside each source, its
public download and text, who may read them (404 rules), and a dead original
putting the capture first without a new revision (docs/EVIDENCE.md)."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from annotations import services as desk
from annotations.models import (
    Capture,
    CaptureOrigin,
    Citation,
    Claim,
    LinkStatus,
    Membership,
    Workspace,
)
from annotations.sourcing import linkcheck
from reports import services
from reports.models import ReportRevision
from tests import factories
from tests.report_fixtures import approve_claim

pytestmark = pytest.mark.django_db

BODY = (
    "The city council approved a budget of 12 million euros on Monday. "
    "Officials said unemployment fell to 4.1 percent last year."
)


@pytest.fixture(autouse=True)
def _captures_of_this_test(captures_folder):
    """Every test here keeps captures in its own folder (tests/conftest.py)."""


def stored_capture(source, payload: bytes, **fields) -> Capture:
    """A finished capture of `source` whose file really is in the captures storage."""
    name = storages["captures"].save(f"test/{source.pk}.warc.gz", ContentFile(payload))
    return factories.CaptureFactory(
        source=source,
        file_path=name,
        size_bytes=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        **fields,
    )


def approved_article(reviewer, editor, *, workspace=None, town="The city"):
    article = desk.article_create(
        title=f"{town} budget",
        body=BODY.replace("The city", town),
        created_by=reviewer,
    )
    if workspace is not None:
        type(article).objects.filter(pk=article.pk).update(workspace=workspace)
        article.refresh_from_db()
    claims = list(Claim.objects.filter(article=article, kind="claim").order_by("start"))
    for claim in claims[1:]:
        desk.claim_dismiss(claim=claim, reason="not checked here", user=reviewer)
    approve_claim(claims[0], reviewer=reviewer, editor=editor)
    return article, claims[0]


@pytest.fixture
def world(reviewer, editor, settings):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    article, claim = approved_article(reviewer, editor)
    citation = Citation.objects.filter(claim=claim).order_by("id").first()
    payload = b"WARC/1.1\r\nWARC-Type: response\r\n\r\n<p>12 million euros</p>"
    capture = stored_capture(
        citation.source, payload, text="<b>12 million euros</b> & more"
    )
    revision = services.article_publish(article=article, user=editor)
    return article, citation.source, capture, payload, revision


def capture_url(article, capture, text=False, desk_slug=None):
    name = "report-capture-text" if text else "report-capture"
    if desk_slug:
        return reverse(f"desk-{name}", args=[desk_slug, article.pk, capture.pk])
    return reverse(name, args=[article.pk, capture.pk])


def test_the_revision_freezes_which_capture_it_cites(world):
    article, _source, capture, _payload, revision = world
    frozen = [
        citation["source"].get("capture")
        for claim in revision.snapshot["claims"]
        for citation in claim["citations"]
    ]
    [mine] = [item for item in frozen if item]
    assert mine["id"] == capture.pk
    assert mine["sha256"] == capture.sha256
    assert mine["url"] == (
        f"https://desk.example.org/reports/{article.pk}/captures/{capture.pk}/"
    )
    assert mine["text_url"].endswith(f"/captures/{capture.pk}/text/")
    assert mine["captured_at"].startswith(str(timezone.localdate(capture.captured_at)))
    # The other source has no capture: its keys are as before captures existed.
    assert frozen.count(None) == 1


def test_a_later_capture_does_not_change_the_published_revision(world, editor):
    article, source, capture, _payload, revision = world
    newer = stored_capture(source, b"WARC/1.1\r\nchanged page")
    revision.refresh_from_db()
    assert (
        revision.snapshot["claims"][0]["citations"][0]["source"]["capture"]["id"]
        == capture.pk
    )
    # The report now has something new to publish: the newer capture.
    assert services.publication_status(article)["changed"] is True
    second = services.article_publish(article=article, user=editor, note="Recaptured.")
    cited = second.snapshot["claims"][0]["citations"][0]["source"]["capture"]
    assert cited["id"] == newer.pk


def test_the_report_lists_the_capture_time_and_hash_beside_the_source(client, world):
    article, source, capture, _payload, _revision = world
    page = client.get(reverse("report-detail", args=[article.pk]))
    tree = lxml_html.fromstring(page.content)
    [line] = tree.xpath('//p[@class="capture"]')
    words = line.text_content()
    assert capture.sha256 in words
    assert "Captured" in words
    hrefs = line.xpath(".//a/@href")
    assert hrefs == [
        f"https://desk.example.org{capture_url(article, capture)}",
        f"https://desk.example.org{capture_url(article, capture, text=True)}",
    ]
    # The original still leads while it is alive.
    cite = line.getparent().xpath(".//cite/a/@href")
    assert cite == [source.url]


def test_the_capture_downloads_as_an_attachment_that_is_never_sniffed(client, world):
    article, _source, capture, payload, _revision = world
    response = client.get(capture_url(article, capture))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == payload
    assert response["Content-Type"] == "application/warc"
    assert response["Content-Disposition"] == (
        f'attachment; filename="capture-{capture.pk}.warc.gz"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Capture-Sha256"] == capture.sha256


def test_the_capture_text_is_plain_escaped_text(client, world):
    article, _source, capture, _payload, _revision = world
    response = client.get(capture_url(article, capture, text=True))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.decode() == "<b>12 million euros</b> & more"


def test_an_uploaded_capture_downloads_with_its_stored_type_and_safe_name(
    client, reviewer, editor, settings
):
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    article, claim = approved_article(reviewer, editor)
    source = Citation.objects.filter(claim=claim).first().source
    payload = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    capture = stored_capture(
        source,
        payload,
        origin=CaptureOrigin.UPLOADED,
        content_type="application/pdf",
        file_name="minutes.pdf",
    )
    services.article_publish(article=article, user=editor)
    response = client.get(capture_url(article, capture))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    assert b"".join(response.streaming_content) == payload


def test_the_desk_address_serves_its_own_captures_only(client, world):
    article, _source, capture, _payload, _revision = world
    slug = article.workspace.slug
    assert client.get(capture_url(article, capture, desk_slug=slug)).status_code == 200
    other = Workspace.objects.create(slug="health", name="Health")
    assert (
        client.get(capture_url(article, capture, desk_slug=other.slug)).status_code
        == 404
    )


def test_captures_are_404_unless_frozen_in_a_published_report(
    client, world, reviewer, editor
):
    article, source, capture, _payload, _revision = world
    # A capture of the same source that no revision cites.
    uncited = stored_capture(source, b"WARC/1.1\r\nnot in any revision")
    assert client.get(capture_url(article, uncited)).status_code == 404
    assert client.get(capture_url(article, uncited, text=True)).status_code == 404
    # A capture cited by an unpublished article, asked for under a published one.
    draft_article, draft_claim = approved_article(reviewer, editor, town="Leeds")
    draft_source = Citation.objects.filter(claim=draft_claim).first().source
    secret = stored_capture(draft_source, b"WARC/1.1\r\nunpublished")
    assert client.get(capture_url(article, secret)).status_code == 404
    assert client.get(capture_url(draft_article, secret)).status_code == 404
    # A capture that does not exist, and a published one after a takedown.
    assert (
        client.get(reverse("report-capture", args=[article.pk, 999999])).status_code
        == 404
    )
    services.article_unpublish(article=article, user=editor, reason="Legal review.")
    assert client.get(capture_url(article, capture)).status_code == 404
    assert client.get(capture_url(article, capture, text=True)).status_code == 404


def test_a_capture_whose_bytes_changed_since_the_revision_is_not_served(client, world):
    article, _source, capture, _payload, _revision = world
    Capture.objects.filter(pk=capture.pk).update(sha256="0" * 64)
    assert client.get(capture_url(article, capture)).status_code == 404


def test_another_desks_published_capture_is_404_under_this_report(
    client, world, reviewer, editor
):
    article, _source, _capture, _payload, _revision = world
    health = Workspace.objects.create(slug="health", name="Health")
    for person, role in ((reviewer, "reviewer"), (editor, "editor")):
        Membership.objects.create(workspace=health, user=person, role=role)
    # Fresh rows: a person's roles are read once per object.
    reviewer, editor = (type(p).objects.get(pk=p.pk) for p in (reviewer, editor))
    other_article, other_claim = approved_article(
        reviewer, editor, workspace=health, town="Porto"
    )
    other_source = Citation.objects.filter(claim=other_claim).first().source
    theirs = stored_capture(other_source, b"WARC/1.1\r\nthe health desk's")
    services.article_publish(article=other_article, user=editor)
    assert client.get(capture_url(other_article, theirs)).status_code == 200
    assert client.get(capture_url(article, theirs)).status_code == 404
    assert (
        client.get(
            capture_url(other_article, theirs, desk_slug=article.workspace.slug)
        ).status_code
        == 404
    )


def _mark_dead(source):
    """Two failed checks through the link checker's own recording (the threshold)."""
    failed = linkcheck.LinkOutcome(
        ok=False, http_status=404, final_url=source.url, error="Not found",
        elapsed_ms=5, method="GET",
    )  # fmt: skip
    for _ in range(2):
        linkcheck.record_outcomes({source.pk: failed}, now=timezone.now())
    source.refresh_from_db()
    assert source.link_status == LinkStatus.DEAD


def test_a_dead_original_puts_the_capture_first_without_a_new_revision(client, world):
    article, source, capture, _payload, revision = world
    before = client.get(reverse("report-detail", args=[article.pk]))
    assert b"no longer available" not in before.content
    count = ReportRevision.objects.filter(article=article).count()

    _mark_dead(source)

    page = client.get(reverse("report-detail", args=[article.pk]))
    assert ReportRevision.objects.filter(article=article).count() == count
    assert page["X-Report-Sha256"] == revision.sha256
    tree = lxml_html.fromstring(page.content)
    [capture_line] = tree.xpath('//p[@class="capture"]')
    entry = capture_line.getparent()
    # The title now leads to the capture; the original is struck out, not linked.
    assert entry.xpath(".//cite/a/@href") == [
        f"https://desk.example.org{capture_url(article, capture)}"
    ]
    gone = entry.xpath('.//span[@class="original-gone"]')[0]
    assert "no longer available" in gone.text_content()
    assert gone.xpath(".//del")[0].text == source.url
    assert source.url not in entry.xpath(".//a/@href")
    # The other source, alive and without a capture, is as it was.
    assert len(tree.xpath('//span[@class="original-gone"]')) == 1
    # The earlier revision's page reads the same live state.
    revision_page = client.get(
        reverse("report-revision", args=[article.pk, revision.number])
    )
    assert b"no longer available" in revision_page.content


def test_a_revived_original_leads_again(client, world):
    article, source, _capture, _payload, _revision = world
    _mark_dead(source)
    revived = linkcheck.LinkOutcome(
        ok=True, http_status=200, final_url=source.url, error="",
        elapsed_ms=5, method="HEAD",
    )  # fmt: skip
    linkcheck.record_outcomes({source.pk: revived}, now=timezone.now())
    page = client.get(reverse("report-detail", args=[article.pk]))
    assert b"no longer available" not in page.content
    tree = lxml_html.fromstring(page.content)
    entry = tree.xpath('//p[@class="capture"]')[0].getparent()
    assert entry.xpath(".//cite/a/@href") == [source.url]
