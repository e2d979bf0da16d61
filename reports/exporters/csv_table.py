"""A spreadsheet of the verdicts: one row per claim and citation, UTF-8.

A claim with no citation still gets one row (its citation columns empty). A cited
source's frozen capture fills the last columns (docs/EVIDENCE.md). Two
registered variants share one renderer: `csv` is plain UTF-8 for programs, and
`csv-excel` starts with a byte-order mark, without which Excel reads UTF-8 as the
machine's legacy code page and garbles every accent. Both end rows with CRLF
(RFC 4180).

Spreadsheets execute cells that begin with "=", "+", "-", "@", a tab or a carriage
return as formulas (CSV injection); such cells are prefixed with an apostrophe, which
makes them text, as OWASP recommends. Only strings are touched: numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

from reports.exporters._base import Exporter
from reports.exporters._common import claim_url, text

COLUMNS = (
    "report_url",
    "revision",
    "published_at",
    "article_title",
    "article_url",
    "claim_number",
    "claim_id",
    "claim_url",
    "claim_text",
    "attribution",
    "verdict",
    "verdict_label",
    "verdict_ordinal",
    "verdict_polarity",
    "explanation",
    "approved_at",
    "approved_by",
    "gap_override_reason",
    "two_person_override_reason",
    "citation_number",
    "stance",
    "source_title",
    "source_publisher",
    "source_url",
    "archive_url",
    "source_kind",
    "source_domain",
    "quote",
    "locator",
    "capture_origin",
    "captured_at",
    "capture_url",
    "capture_text_url",
    "capture_sha256",
)
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A string cell made inert for spreadsheets; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def rows(snapshot: dict):
    """The table's rows after the header, as lists in COLUMNS order."""
    report = snapshot.get("report") or {}
    article = snapshot.get("article") or {}
    for claim in snapshot.get("claims") or ():
        verdict = claim.get("verdict") or {}
        claim_cells = [
            text(report.get("url")),
            report.get("revision"),
            text(report.get("published_at")),
            text(article.get("title")),
            text(article.get("url")),
            claim.get("number"),
            claim.get("id"),
            claim_url(snapshot, claim),
            text(claim.get("text")),
            text(claim.get("attribution")),
            text(verdict.get("name")),
            text(verdict.get("label")),
            verdict.get("ordinal"),
            text(verdict.get("polarity")),
            text(verdict.get("explanation")),
            text(verdict.get("approved_at")),
            text(verdict.get("approved_by")),
            text(verdict.get("gap_override_reason")),
            text(verdict.get("two_person_override_reason")),
        ]
        citations = list(claim.get("citations") or ())
        if not citations:
            yield [*claim_cells, *[""] * (len(COLUMNS) - len(claim_cells))]
            continue
        for number, citation in enumerate(citations, 1):
            source = citation.get("source") or {}
            yield [
                *claim_cells,
                number,
                text(citation.get("stance")),
                text(source.get("title")),
                text(source.get("publisher")),
                text(source.get("url")),
                text(source.get("archive_url")),
                text(source.get("kind")),
                text(source.get("domain")),
                text(citation.get("quote")),
                text(citation.get("locator")),
                *_capture_cells(source),
            ]


def _capture_cells(source: dict) -> list[str]:
    """The source's frozen capture: origin, time, download and text addresses and
    SHA-256, as the snapshot holds them (empty cells without one)."""
    capture = source.get("capture")
    if not isinstance(capture, dict):
        return [""] * 5
    return [
        text(capture.get("origin")),
        text(capture.get("captured_at")),
        text(capture.get("url")),
        text(capture.get("text_url")),
        text(capture.get("sha256")),
    ]


def render_csv(snapshot: dict, *, bom: bool = False) -> bytes:
    """The table as CSV bytes, with a UTF-8 byte-order mark when `bom`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(snapshot):
        writer.writerow(["" if cell is None else neutralise(cell) for cell in row])
    encoded = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + encoded) if bom else encoded


class CsvExporter(Exporter):
    identifier = "csv"
    label = "CSV (UTF-8)"
    content_type = "text/csv; charset=utf-8; header=present"
    extension = "csv"
    position = 40

    def render(self, snapshot: dict) -> bytes:
        """UTF-8 CSV without a byte-order mark."""
        return render_csv(snapshot)


class ExcelCsvExporter(CsvExporter):
    identifier = "csv-excel"
    label = "CSV for Excel (UTF-8 with BOM)"
    position = 41

    def render(self, snapshot: dict) -> bytes:
        """UTF-8 CSV with a byte-order mark, which Excel needs to read UTF-8."""
        return render_csv(snapshot, bom=True)


exporters = (CsvExporter(), ExcelCsvExporter())
