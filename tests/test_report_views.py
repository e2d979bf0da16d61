"""The public report pages, downloads and the editors' publishing page."""

import re
import subprocess

import markdown as markdown_lib
import pytest
from django.urls import reverse
from lxml import html as lxml_html

from annotations import services as desk
from annotations.models import Claim
from reports import exporters, services
from reports.models import ExportJob, ReportRevision
from tests import factories
from tests.report_fixtures import INTERNAL, approve_claim, label, verify_article

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def published(seed_text, reviewer, editor):
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    verify_article(article, reviewer=reviewer, editor=editor)
    leftover = (
        Claim.objects.filter(article=article, kind="claim", status="open")
        .order_by("start")
        .first()
    )
    desk.claim_dismiss(claim=leftover, reason=f"{INTERNAL} reason", user=reviewer)
    revision = services.article_publish(article=article, user=editor)
    return article, revision


def test_anyone_reads_the_public_report(client, published):
    article, revision = published
    response = client.get(reverse("report-detail", args=[article.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert article.title in page
    assert response["X-Report-Sha256"] == revision.sha256
    tree = lxml_html.fromstring(response.content)
    ld = tree.xpath('//script[@type="application/ld+json"]')
    assert len(ld) == len(revision.snapshot["claims"])
    assert tree.xpath('//*[@id="claim-1"]')
    assert "Download" in page


def test_the_public_report_and_every_export_hold_nothing_internal(client, published):
    """No unapproved rating, rationale, comment, note, dismissal reason, gap badge or
    workflow state leaves the desk (a marker planted in each proves it)."""
    article, _revision = published
    pages = [client.get(reverse("report-detail", args=[article.pk])).content]
    for exporter in exporters.all():
        url = reverse("report-export", args=[article.pk, exporter.identifier])
        response = client.get(url)
        assert response.status_code == 200, exporter.identifier
        pages.append(response.content)
    for content in pages:
        assert INTERNAL.encode() not in content
        assert b"rationale" not in content.lower()
    text = pages[0].decode()
    for internal_word in ("Open gap", "No source", "In progress", "Submitted"):
        assert internal_word not in text


def test_the_public_index_lists_and_searches_published_reports(client, published):
    article, _revision = published
    draft = factories.ArticleFactory(title="Unpublished draft story")
    response = client.get(reverse("report-index"))
    assert article.title in response.content.decode()
    assert draft.title not in response.content.decode()
    nothing = client.get(reverse("report-index"), {"q": "zebra"}).content.decode()
    assert "No published report matches" in nothing
    refused = client.get(reverse("report-index"), {"q": "zebra\x00"})
    assert refused.status_code == 400
    assert "NUL character" in refused.content.decode()
    assert (
        article.title
        in client.get(reverse("report-index"), {"q": "moon base"}).content.decode()
    )


def test_an_unpublished_report_does_not_exist_publicly(client, published, editor):
    article, _revision = published
    services.article_unpublish(article=article, user=editor, reason="Review.")
    assert client.get(reverse("report-detail", args=[article.pk])).status_code == 404
    url = reverse("report-export", args=[article.pk, "json"])
    assert client.get(url).status_code == 404
    draft = factories.ArticleFactory()
    assert client.get(reverse("report-detail", args=[draft.pk])).status_code == 404


def test_the_internal_article_page_sends_anonymous_visitors_to_log_in(
    client, published
):
    """A missing and an existing, even published, article answer the same."""
    article, _revision = published
    existing = client.get(reverse("article-detail", args=[article.pk]))
    missing = client.get(reverse("article-detail", args=[987654]))
    assert existing.status_code == missing.status_code == 302
    assert "/accounts/login/" in existing["Location"]
    assert "/accounts/login/" in missing["Location"]


def test_a_signed_in_reader_is_sent_to_the_public_report(client, published):
    article, _revision = published
    client.force_login(factories.UserFactory(username="reader"))
    response = client.get(reverse("article-detail", args=[article.pk]))
    assert response["Location"] == reverse("report-detail", args=[article.pk])
    draft = factories.ArticleFactory()
    assert client.get(reverse("article-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("article-detail", args=[987654])).status_code == 404


def test_an_earlier_revision_stays_readable_and_says_so(
    client, published, reviewer, editor
):
    article, first = published
    claim = Claim.objects.get(pk=first.snapshot["claims"][0]["id"])
    desk.verdict_reopen(
        claim=claim, user=editor, reason="Correction.", expected_version=claim.version
    )
    claim.refresh_from_db()
    desk.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    desk.verdict_approve(
        claim=claim, user=editor, label="true", explanation="Corrected explanation.",
        expected_version=claim.version,
    )  # fmt: skip
    services.article_publish(article=article, user=editor, note="Claim 1 clarified.")
    latest = client.get(reverse("report-detail", args=[article.pk])).content.decode()
    assert "Corrected explanation." in latest
    assert "Claim 1 clarified." in latest
    old = client.get(reverse("report-revision", args=[article.pk, 1])).content
    old = old.decode()
    assert "This is revision 1 of 2" in old
    assert "Corrected explanation." not in old


def test_every_format_downloads_with_its_type_and_the_same_bytes_twice(
    client, published
):
    article, revision = published
    for exporter in exporters.all():
        url = reverse(
            "report-revision-export",
            args=[article.pk, revision.number, exporter.identifier],
        )
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200
        assert first["Content-Type"] == exporter.content_type
        assert first.content == second.content
        assert exporter.filename(revision.snapshot) in first["Content-Disposition"]
    assert (
        client.get(reverse("report-export", args=[article.pk, "docx"])).status_code
        == 404
    )


def test_a_large_reports_pdf_is_rendered_by_a_worker_with_progress(
    client, published, settings, monkeypatch
):
    settings.FACTCHECK_PDF_INLINE_MAX_CLAIMS = 1
    article, revision = published
    queued = []
    from reports import tasks

    monkeypatch.setattr(tasks.render_export, "delay", queued.append)
    url = reverse("report-export", args=[article.pk, "pdf"])
    with_commit = client.get(url)
    assert with_commit.status_code == 202
    assert "Preparing the PDF" in with_commit.content.decode()
    job = ExportJob.objects.get(revision=revision, format="pdf")
    assert job.status == "queued"
    services.export_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    assert (job.status, job.size > 1000) == ("done", True)
    ready = client.get(url)
    assert ready.status_code == 200
    assert ready.content.startswith(b"%PDF")


def test_the_publish_page_publishes_and_refuses_visibly(
    client, seed_text, reviewer, editor
):
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    claim = article.claims.filter(kind="claim").order_by("-checkworthiness").first()
    approve_claim(claim, reviewer=reviewer, editor=editor)
    client.force_login(editor)
    url = reverse("report-publish", args=[article.pk])
    response = client.post(url, {"action": "publish"})
    assert response.status_code == 409
    assert "check-worthy claims are approved" in response.content.decode()
    response = client.post(
        url, {"action": "publish", "override_reason": "One claim first."}, follow=True
    )
    assert "Revision 1 of the report is published" in response.content.decode()
    client.force_login(reviewer)
    assert client.get(url).status_code == 403


def test_the_preview_is_for_the_desk_only(client, published, reviewer):
    article, _revision = published
    assert client.get(reverse("report-preview", args=[article.pk])).status_code == 302
    client.force_login(reviewer)
    response = client.get(reverse("report-preview", args=[article.pk]))
    assert response.status_code == 200
    assert "not published" in response.content.decode()


def test_hostile_text_is_inert_in_html_pdf_markdown_and_csv(
    client, reviewer, editor, tmp_path
):
    body = f"Hostile {HOSTILE} says the budget rose 40 percent in 2025."
    article = desk.article_create(
        title=f"Title {HOSTILE}", body=body, created_by=reviewer,
        url="https://example.org/story", publisher=f"Pub {HOSTILE}",
    )  # fmt: skip
    claim = article.claims.filter(kind="claim").first() or article.claims.first()
    Claim.objects.filter(pk=claim.pk).update(kind="claim", checkworthiness=0.9)
    claim.refresh_from_db()
    for index, url in ((1, "javascript:alert(3)"), (2, "https://ok.example.org/a")):
        source = factories.SourceFactory(
            title=f"Source {HOSTILE}", publisher=f"=HYPERLINK(\"http://x\") {index}",
            url=url, normalized_url=f"n{index}", domain=f"d{index}.org",
        )  # fmt: skip
        desk.citation_add(
            claim=claim, source=source, stance="supports", user=reviewer,
            quote=f"+cmd|' /C calc'!A0 {HOSTILE}",
        )  # fmt: skip
    desk.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    desk.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    desk.verdict_approve(
        claim=claim, user=editor, label="true",
        explanation=f"@evil {HOSTILE} [x](javascript:alert(4))",
        expected_version=claim.version,
    )  # fmt: skip
    services.article_publish(article=article, user=editor, override_reason="Test.")
    page = client.get(reverse("report-detail", args=[article.pk])).content
    tree = lxml_html.fromstring(page)
    scripts = tree.xpath("//script")
    assert all(s.get("type") == "application/ld+json" for s in scripts)
    assert not tree.xpath("//img")
    assert not [
        name for el in tree.iter() if isinstance(el.tag, str)
        for name in el.attrib if name.lower().startswith("on")
    ]  # fmt: skip
    assert not tree.xpath('//a[starts-with(normalize-space(@href), "javascript")]')
    markdown = client.get(reverse("report-export", args=[article.pk, "md"])).content
    rendered = lxml_html.fromstring(markdown_lib.markdown(markdown.decode()))
    assert not rendered.xpath("//script | //img")
    assert not rendered.xpath('//a[starts-with(@href, "javascript")]')
    csv_text = client.get(reverse("report-export", args=[article.pk, "csv"])).content
    for cell in re.findall(
        r'(?:^|,)"?([=+\-@][^,"]*)', csv_text.decode("utf-8"), flags=re.M
    ):
        raise AssertionError(f"a cell starts with a formula character: {cell!r}")
    pdf = client.get(reverse("report-export", args=[article.pk, "pdf"])).content
    assert b"/JavaScript" not in pdf
    assert b"/JS " not in pdf
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=False
    ).stdout
    if text:  # poppler-utils is installed in CI
        assert "<script>alert(1)</script>" in text  # shown as words, never run


def test_the_publish_page_says_why_it_cannot_publish_without_a_site_address(
    client, seed_text, reviewer, editor, settings
):
    settings.FACTCHECK_SITE_URL = ""
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    claim = article.claims.filter(kind="claim").order_by("-checkworthiness").first()
    approve_claim(claim, reviewer=reviewer, editor=editor)
    client.force_login(editor)
    url = reverse("report-publish", args=[article.pk])
    page = client.get(url).content.decode()
    assert "FACTCHECK_SITE_URL" in page
    response = client.post(url, {"action": "publish", "override_reason": "First."})
    assert response.status_code == 503
    assert "nothing was published" in response.content.decode()
    assert not ReportRevision.objects.filter(article=article).exists()


def test_the_public_page_links_the_shared_stylesheet(client, published, editor):
    """The page is a template: the report's own markup, the stylesheet linked from
    static/reports/ (not inlined), and the site's bar from its own template."""
    article, _revision = published
    client.force_login(editor)
    response = client.get(reverse("report-detail", args=[article.pk]))
    tree = lxml_html.fromstring(response.content)
    sheets = tree.xpath("//link[@rel='stylesheet']/@href")
    assert sheets == ["/static/reports/report.css", "/static/reports/report-page.css"]
    assert not tree.xpath("//style")
    assert not tree.xpath("//*[@style]")
    nav = tree.xpath("//body/*[1]")[0]
    assert nav.tag == "nav"
    assert "Desk: publishing" in nav.text_content()
    # The report's markup is the export's, from the same frozen snapshot.
    export = lxml_html.fromstring(
        client.get(reverse("report-export", args=[article.pk, "html"])).content
    )
    assert lxml_html.tostring(tree.xpath("//main")[0]) == lxml_html.tostring(
        export.xpath("//main")[0]
    )
