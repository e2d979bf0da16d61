"""The annotated report as one standalone HTML5 document (the PDF is printed from it).

Offline and self-contained: the stylesheet inline, system fonts, no script other
than the ClaimReview JSON-LD blocks, nothing fetched. The markup is Jinja2 templates
(`templates/` beside this module) rendered with autoescape on: every string from
the snapshot is escaped by the engine, class names come from fixed vocabularies, and
only http(s) URLs become links (anything else is shown as text). Jinja2 rather than
Django's engine because the exporters are pure: they import nothing from Django and
need no settings (docs/PUBLISHING.md, "Where the reports code lives").

Order: the article's title and metadata; the verdicts at a glance (a table, first);
coverage; the article text with each checked claim highlighted and numbered in place
(`id` = the claim's anchor), its verdict beside it in colour, words and a glyph; each
claim's review (explanation, evidence, credits, override notes); methodology and the
rating scale; the corrections history. The stylesheet (static/reports/report.css,
which the public report page links) carries a print layout and @page rules with page
numbers for the PDF, and works down to 390 px wide.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports.exporters._base import Exporter
from reports.exporters._common import (
    SOURCE_KIND_WORDS,
    STANCE_WORDS,
    claim_spans,
    distinct_sources,
    gap_words,
    human_date,
    human_datetime,
    linkable_url,
    paragraphs,
    parse_datetime,
    polarity_of,
    script_json,
    short_text,
    stance_of,
    text,
    verdict_glyph,
)
from reports.exporters.claimreview import claim_reviews

TEMPLATES = Path(__file__).resolve().parent / "templates"
# The one stylesheet of the report, shared with the public report page.
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "reports" / "report.css"

# Foreground/background pairs of the stylesheet's :root colours; tests check each
# meets WCAG AA (4.5:1).
TEXT_PAIRS = (
    ("ink", "paper"),
    ("muted", "paper"),
    ("ink", "wash"),
    ("muted", "wash"),
    ("accent", "paper"),
    ("masthead-ink", "masthead"),
    ("true-ink", "true-bg"),
    ("false-ink", "false-bg"),
    ("neutral-ink", "neutral-bg"),
    ("unknown-ink", "unknown-bg"),
    ("note-ink", "note-bg"),
    ("ink", "true-bg"),
    ("ink", "false-bg"),
    ("ink", "neutral-bg"),
    ("ink", "unknown-bg"),
)

_ROOT_BLOCK = re.compile(r":root\s*\{([^}]*)\}\n")
_PROPERTY = re.compile(r"--([a-z-]+)\s*:\s*([^;]+);")


@lru_cache(maxsize=1)
def _stylesheet_parts() -> tuple[dict[str, str], str]:
    source = STYLESHEET.read_text(encoding="utf-8")
    root = _ROOT_BLOCK.search(source)
    if root is None:
        raise RuntimeError(f"{STYLESHEET.name} has no :root block of custom properties")
    values = {m[1]: m[2].strip() for m in _PROPERTY.finditer(root[1])}
    return values, source[root.end() :]


def custom_properties() -> dict[str, str]:
    """The stylesheet's :root custom properties (colours and font stacks), by name."""
    return dict(_stylesheet_parts()[0])


# The colours of the stylesheet, for the contrast tests and anyone reading them.
PALETTE = {
    name: value for name, value in custom_properties().items() if value.startswith("#")
}


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """The stylesheet as the exports inline it: the :root block left out and every
    var(--name) replaced by its value, because WeasyPrint resolves custom properties
    for every element and a 500-claim report has tens of thousands of them."""
    values, rules = _stylesheet_parts()
    return "\n" + re.sub(r"var\(--([a-z-]+)\)", lambda match: values[match[1]], rules)


def _linkable(value) -> bool:
    return linkable_url(value) is not None


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' engine: autoescape on for every template, undefined names an
    error rather than an empty string."""
    engine = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    engine.filters.update(
        text=text, polarity=polarity_of, glyph=verdict_glyph, paragraphs=paragraphs
    )
    engine.tests["linkable"] = _linkable
    return engine


def render_html(snapshot: dict, *, structured_data: bool = True) -> str:
    """The whole report as an HTML document string, its stylesheet inline.

    `structured_data` embeds each claim's ClaimReview JSON-LD; the PDF leaves it out
    (a printer has no use for it, and parsing it is not free at 500 claims).
    """
    return (
        environment()
        .get_template("report.html")
        .render(
            report=report_context(snapshot, structured_data=structured_data),
            stylesheet=Markup(stylesheet()),  # the project's own file, not user text
        )
    )


def render_page_parts(snapshot: dict) -> dict:
    """The report in pieces for a page that links the stylesheet instead of
    inlining it (the public report page): the document's language, its head's
    title, meta and canonical link, each claim's ClaimReview JSON-LD, and what its
    <body> holds. Each piece is escaped markup, rendered by the same templates as
    the export."""
    report = report_context(snapshot)
    engine = environment()
    return {
        "language": report["language"],
        "head": Markup(engine.get_template("head.html").render(report=report)),
        "json_ld": report["json_ld"],
        "body": Markup(engine.get_template("body.html").render(report=report)),
    }


def report_context(snapshot: dict, *, structured_data: bool = True) -> dict:
    """Everything the templates show, as plain values (the templates escape them)."""
    report = snapshot.get("report") or {}
    article = snapshot.get("article") or {}
    organisation = snapshot.get("organisation") or {}
    scale = snapshot.get("scale") or {}
    coverage = snapshot.get("coverage") or {}
    claims = list(snapshot.get("claims") or ())
    title = text(article.get("title")).strip() or "Untitled article"
    org_name = text(organisation.get("name")).strip()
    published = parse_datetime(report.get("published_at"))
    labels = {label.get("slug"): label for label in scale.get("labels") or ()}
    page = linkable_url(report.get("url"))
    body = text(article.get("body"))
    highlighted = {id(claim) for claim in claim_spans(body, claims)}
    return {
        "language": text(article.get("language")).strip() or "en",
        "language_of_body": text(article.get("language")) or "en",
        "page_title": f"Fact check: {title}" + (f" — {org_name}" if org_name else ""),
        "description": _description(snapshot),
        "organisation_name": org_name,
        "organisation_url": organisation.get("url"),
        "masthead_name": org_name or "Fact check",
        "colophon_name": org_name or "The fact-check desk",
        "published_stamp": published.isoformat(timespec="seconds")
        if published is not None
        else "",
        "canonical": linkable_url(report.get("url")),
        # script_json escapes <, > and & inside the JSON, so it is safe as it is
        # inside a <script> element.
        "json_ld": [
            Markup(script_json(review))
            for review in (claim_reviews(snapshot) if structured_data else ())
        ],
        "revision": text(report.get("revision")),
        "revision_number": _revision(report),
        "title": title,
        "meta": _meta_rows(article, report),
        "published_on": human_date(report.get("published_at")),
        "published_at": human_datetime(report.get("published_at")),
        "claims": [_claim(claim, labels, id(claim) in highlighted) for claim in claims],
        "coverage": {
            "checked": text(coverage.get("checked")),
            "checkworthy": text(coverage.get("checkworthy")),
            "sources": text(coverage.get("sources")),
        },
        "tally": [
            (labels.get(slug) or {"name": slug}, text(count))
            for slug, count in (coverage.get("by_verdict") or {}).items()
            if count
        ],
        "override_reason": text(report.get("override_reason")).strip(),
        "paragraphs": _annotated_paragraphs(body, claims),
        "methodology": text(snapshot.get("methodology")),
        "scale_name": text(scale.get("name")),
        "scale_labels": list(scale.get("labels") or ()),
        "note": text(report.get("note")),
        "history": [
            {
                "revision": text(item.get("revision")),
                "published_at": human_datetime(item.get("published_at")),
                "note": text(item.get("note")),
            }
            for item in report.get("previous") or ()
        ],
        "page_url": page,
        "page_url_shown": _display_url(page) if page else "",
    }


def _description(snapshot: dict) -> str:
    claims = snapshot.get("claims") or []
    title = text((snapshot.get("article") or {}).get("title"))
    count = len(claims)
    return f"{count} claim{'s' if count != 1 else ''} checked in “{title}”."


def _meta_rows(article: dict, report: dict) -> list[dict]:
    url = article.get("url")
    safe = linkable_url(url)
    rows = [
        {"name": "Publisher", "value": text(article.get("publisher"))},
        {"name": "Byline", "value": text(article.get("byline"))},
        {"name": "Published", "value": human_date(article.get("published_on"))},
        # An unlinkable address is shown so a reader sees what the desk recorded,
        # but never as a link.
        {
            "name": "Original",
            "value": _display_url(safe) if safe else text(url),
            "link": safe,
        },
        {"name": "Checked", "value": human_datetime(report.get("published_at"))},
        {"name": "Checked by", "value": text(report.get("published_by"))},
    ]
    return [row for row in rows if row["value"]]


def _display_url(url: str) -> str:
    shown = url.split("://", 1)[-1]
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _claim(claim: dict, labels: dict, highlighted: bool) -> dict:
    verdict = claim.get("verdict") or {}
    label = labels.get(verdict.get("label")) or {}
    approved = human_datetime(verdict.get("approved_at"))
    return {
        "number": text(claim.get("number")),
        "anchor": text(claim.get("anchor")),
        "text": text(claim.get("text")),
        "short": short_text(claim.get("text"), 120),
        "verdict": verdict,
        "sources": distinct_sources(claim),
        "highlighted": highlighted,
        "attribution": text(claim.get("attribution"))
        if text(claim.get("attribution")).strip()
        else "",
        "description": text(label.get("description")).strip(),
        "gap_override_reason": text(verdict.get("gap_override_reason"))
        if text(verdict.get("gap_override_reason")).strip()
        else "",
        "gap_kinds": gap_words(verdict.get("gap_override_kinds") or ()),
        "two_person_override_reason": text(verdict.get("two_person_override_reason"))
        if text(verdict.get("two_person_override_reason")).strip()
        else "",
        "citations": [_citation(citation) for citation in claim.get("citations") or ()],
        "approver": text(verdict.get("approved_by")).strip(),
        "approved": approved,
    }


def _citation(citation: dict) -> dict:
    source = citation.get("source") or {}
    stance = stance_of(citation)
    return {
        "stance": stance,
        "stance_words": STANCE_WORDS[stance],
        "title": text(source.get("title")).strip() or "Untitled source",
        "url": source.get("url"),
        "meta": [
            value
            for value in (
                text(source.get("publisher")).strip(),
                text(source.get("domain")).strip(),
                SOURCE_KIND_WORDS.get(text(source.get("kind")), ""),
            )
            if value
        ],
        "locator": text(citation.get("locator")).strip(),
        "archive": linkable_url(source.get("archive_url")),
        "quote": text(citation.get("quote"))
        if text(citation.get("quote")).strip()
        else "",
    }


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _annotated_paragraphs(body: str, claims: list[dict]) -> list[list[dict]]:
    """The body as paragraphs (at blank lines), each a list of pieces: plain words,
    or a checked claim's words. A claim that runs across a paragraph break is a
    piece in each paragraph; only its first piece carries the anchor (`first`) and
    its last the verdict badge (`last`)."""
    marked = claim_spans(body, claims)
    spans, cursor = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(body)))
    result, next_claim = [], 0
    for para_start, para_end in spans:
        if not body[para_start:para_end].strip():
            continue
        pieces, position = [], para_start
        index = next_claim
        while index < len(marked) and marked[index]["start"] < para_end:
            claim = marked[index]
            piece_start = max(claim["start"], para_start)
            piece_end = min(claim["end"], para_end)
            if piece_end > piece_start:
                pieces.append(_words(body[position:piece_start]))
                pieces.append(
                    {
                        "claim": {
                            "anchor": text(claim.get("anchor")),
                            "number": text(claim.get("number")),
                            "verdict": claim.get("verdict") or {},
                        },
                        "words": body[piece_start:piece_end],
                        "first": piece_start == claim["start"],
                        "last": piece_end == claim["end"],
                    }
                )
                position = piece_end
            if claim["end"] > para_end:
                break  # it continues in the next paragraph
            index += 1
        next_claim = index
        pieces.append(_words(body[position:para_end]))
        result.append(pieces)
    return result


def _words(value: str) -> dict:
    return {"claim": None, "words": value}


def _revision(report: dict) -> int:
    revision = report.get("revision")
    return (
        revision if isinstance(revision, int) and not isinstance(revision, bool) else 0
    )


class HtmlExporter(Exporter):
    identifier = "html"
    label = "HTML report"
    content_type = "text/html; charset=utf-8"
    extension = "html"
    position = 10

    def render(self, snapshot: dict) -> bytes:
        """The standalone HTML document, UTF-8."""
        return render_html(snapshot).encode("utf-8")


exporters = (HtmlExporter(),)
