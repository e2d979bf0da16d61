"""The annotated report as PDF: the HTML export printed by WeasyPrint.

Same content and order as the HTML (verdict summary first; the JSON-LD blocks, which
no reader sees, are left out), the print stylesheet's
@page rules add page numbers, and links stay clickable (only http(s) links exist in
the HTML to begin with). Nothing is fetched while printing: the document is
self-contained and the URL fetcher refuses every URL.

Deterministic: the PDF's creation and modification dates come from the revision's
`published_at` (the HTML's dcterms meta tags), and its file identifier from the
report URL and revision, so one snapshot always prints to the same bytes.

WeasyPrint needs Pango and HarfBuzz; it is imported only when a PDF is rendered, so
the registry and the other formats load without them.
"""

from __future__ import annotations

import hashlib

from reports.exporters._base import Exporter
from reports.exporters._common import text
from reports.exporters.html_document import render_html


def pdf_identifier(snapshot: dict) -> bytes:
    """The PDF /ID: a hash of the report URL and revision, the same on every print."""
    report = snapshot.get("report") or {}
    seed = f"{text(report.get('url'))}\n{text(report.get('revision'))}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:32].encode("ascii")


def render_pdf(snapshot: dict) -> bytes:
    """The PDF bytes of the snapshot's HTML report."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    document = HTML(
        string=render_html(snapshot, structured_data=False),
        base_url=None,
        url_fetcher=URLFetcher(allowed_protocols=()),
    )
    return document.write_pdf(pdf_identifier=pdf_identifier(snapshot))


class PdfExporter(Exporter):
    identifier = "pdf"
    label = "PDF report"
    content_type = "application/pdf"
    extension = "pdf"
    position = 20

    def render(self, snapshot: dict) -> bytes:
        """The report printed to PDF."""
        return render_pdf(snapshot)


exporters = (PdfExporter(),)
