"""The annotated report as one standalone HTML5 document (the PDF is printed from it).

Offline and self-contained: inline CSS, system fonts, no script other than the
ClaimReview JSON-LD blocks, nothing fetched. Built from escaped pieces only: every
string from the snapshot goes through `html.escape`, class names come from fixed
vocabularies, and only http(s) URLs become links (anything else is shown as text).

Order: the article's title and metadata; the verdicts at a glance (a table, first);
coverage; the article text with each checked claim highlighted and numbered in place
(`id` = the claim's anchor), its verdict beside it in colour, words and a glyph; each
claim's review (explanation, evidence, credits, override notes); methodology and the
rating scale; the corrections history. The stylesheet carries a print layout and
@page rules with page numbers for the PDF, and works down to 390 px wide.
"""

from __future__ import annotations

import re
from html import escape

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

# Foreground/background pairs; tests check each text pair meets WCAG AA (4.5:1).
PALETTE = {
    "ink": "#1a1d21",
    "muted": "#525a63",
    "paper": "#ffffff",
    "wash": "#f4f5f7",
    "rule": "#d5d9de",
    "accent": "#0a58a8",
    "masthead": "#14283d",
    "masthead-ink": "#ffffff",
    "true-ink": "#14592b",
    "true-bg": "#e2f2e6",
    "true-edge": "#2f8a4c",
    "false-ink": "#972020",
    "false-bg": "#fbe5e4",
    "false-edge": "#c2413b",
    "neutral-ink": "#6a4a00",
    "neutral-bg": "#fcf0cf",
    "neutral-edge": "#b88a12",
    "unknown-ink": "#3b4550",
    "unknown-bg": "#e9ecf0",
    "unknown-edge": "#7a8591",
    "note-ink": "#5a3d00",
    "note-bg": "#fff6dd",
    "note-edge": "#d29b12",
}
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

FONTS = {
    "sans": 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
    '"Liberation Sans", "DejaVu Sans", sans-serif',
    "serif": 'Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, '
    '"Liberation Serif", "DejaVu Serif", serif',
}

# Written with var(--name) for legibility; `stylesheet()` puts the literal values in,
# because WeasyPrint resolves custom properties for every element and a 500-claim
# report has tens of thousands of them.
_CSS = """
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%%; -webkit-text-size-adjust: 100%%; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 1.0625rem/1.6 var(--sans);
  overflow-wrap: break-word;
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.masthead {
  background: var(--masthead); color: var(--masthead-ink);
  padding: 0.75rem 1.25rem; font-size: 0.875rem; letter-spacing: 0.02em;
}
.masthead .wrap { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem;
  justify-content: space-between; }
.masthead strong { font-weight: 700; }
.masthead a { color: inherit; }
.wrap { max-width: 48rem; margin: 0 auto; }
main { padding: 2rem 1.25rem 3rem; }
.kicker {
  margin: 0 0 0.5rem; font-size: 0.8125rem; font-weight: 700;
  letter-spacing: 0.08em; text-transform: uppercase; color: var(--muted);
}
h1, h2, h3, h4 { line-height: 1.25; margin: 0; }
h1 { font-size: 2.125rem; letter-spacing: -0.01em; }
h2 {
  font-size: 1.5rem; margin: 2.75rem 0 1rem; padding-top: 0.75rem;
  border-top: 3px solid var(--ink);
}
h3 { font-size: 1.1875rem; }
h4 { font-size: 0.8125rem; text-transform: uppercase; letter-spacing: 0.06em;
  color: var(--muted); margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 0.875rem; }
.meta {
  display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem;
  margin: 1.25rem 0 0; font-size: 0.9375rem;
}
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.updated { margin-top: 1rem; font-size: 0.9375rem; }
.badge {
  display: inline-block; white-space: nowrap; border-radius: 999px;
  padding: 0.05em 0.6em 0.1em; font: 700 0.8125rem/1.5 var(--sans);
  border: 1px solid var(--unknown-edge); background: var(--unknown-bg);
  color: var(--unknown-ink); text-decoration: none; vertical-align: 0.08em;
}
.badge .glyph { margin-right: 0.25em; }
%(polarities)s
table.summary { width: 100%%; border-collapse: collapse; font-size: 0.9375rem; }
.summary th { text-align: left; font-size: 0.8125rem; color: var(--muted);
  font-weight: 600; border-bottom: 2px solid var(--ink); padding: 0.4rem 0.5rem; }
.summary td { border-bottom: 1px solid var(--rule); padding: 0.55rem 0.5rem;
  vertical-align: top; }
.summary tbody tr:nth-child(even) td { background: var(--wash); }
.summary .num, .summary .count { text-align: right; width: 1%%;
  white-space: nowrap; font-variant-numeric: tabular-nums; }
.summary .verdict { width: 1%%; }
.coverage { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 0 0 1rem; }
.figure { background: var(--wash); border-radius: 6px; padding: 0.75rem 1rem;
  min-width: 9rem; }
.figure strong { display: block; font-size: 1.75rem; line-height: 1.1; }
.figure span { color: var(--muted); font-size: 0.875rem; }
.tally { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap;
  gap: 0.5rem; }
.note {
  border-left: 4px solid var(--note-edge); background: var(--note-bg);
  color: var(--note-ink); padding: 0.625rem 0.875rem; border-radius: 0 6px 6px 0;
  margin: 0.75rem 0; font-size: 0.9375rem;
}
.article-body { font: 1.125rem/1.75 var(--serif); }
.article-body p { margin: 0 0 1.1em; }
mark.claim {
  color: inherit; background: var(--unknown-bg);
  border-bottom: 2px solid var(--unknown-edge);
  padding: 0.05em 0.1em; border-radius: 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;
  scroll-margin-top: 1rem;
}
mark.claim:target { outline: 3px solid var(--accent); outline-offset: 1px; }
.claim-number {
  font: 700 0.75rem/1 var(--sans); color: var(--paper); background: var(--ink);
  border-radius: 3px; padding: 0.1em 0.35em; margin-right: 0.3em;
  vertical-align: 0.15em;
}
.article-body .badge { margin-left: 0.3em; }
.review { border: 1px solid var(--rule); border-left: 6px solid var(--unknown-edge);
  border-radius: 6px; padding: 1.125rem 1.25rem 0.5rem; margin: 0 0 1.5rem;
  scroll-margin-top: 1rem; }
.review header { display: flex; flex-wrap: wrap; align-items: center;
  gap: 0.5rem 0.75rem; margin-bottom: 0.75rem; }
.review blockquote.claim-text { margin: 0 0 0.875rem; padding: 0;
  font: italic 1.125rem/1.6 var(--serif); }
.attribution, .credit, .source-meta, .locator { color: var(--muted);
  font-size: 0.9375rem; }
.verdict-line strong { font-size: 1.0625rem; }
ol.evidence { list-style: none; padding: 0; margin: 0 0 1rem; }
ol.evidence li { border-top: 1px solid var(--rule); padding: 0.75rem 0; }
.stance { display: inline-block; font: 700 0.75rem/1.6 var(--sans);
  text-transform: uppercase; letter-spacing: 0.05em; border-radius: 3px;
  padding: 0 0.45em; margin-right: 0.35em; border: 1px solid currentColor; }
.stance.stance-supports { color: var(--true-ink); background: var(--true-bg); }
.stance.stance-refutes { color: var(--false-ink); background: var(--false-bg); }
.stance.stance-context { color: var(--unknown-ink); background: var(--unknown-bg); }
blockquote.quote { margin: 0.5rem 0 0.25rem; padding-left: 0.875rem;
  border-left: 3px solid var(--rule); font-family: var(--serif); }
.back { font-size: 0.875rem; }
.scale td, .scale th { padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--rule);
  text-align: left; vertical-align: top; font-size: 0.9375rem; }
.scale { border-collapse: collapse; width: 100%%; }
.history { padding-left: 1.25rem; }
footer.colophon { border-top: 1px solid var(--rule); color: var(--muted);
  font-size: 0.875rem; padding: 1.25rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) {
  body { font-size: 1rem; }
  main { padding: 1.25rem 1rem 2rem; }
  h1 { font-size: 1.625rem; }
  h2 { font-size: 1.3125rem; margin-top: 2rem; }
  .meta { gap: 0.125rem 0.75rem; }
  /* The summary table becomes one card per claim: the number beside the claim,
     the verdict and the source count under it. */
  .summary thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  .summary, .summary tbody, .summary td { display: block; }
  .summary tr { display: grid; grid-template-columns: 1.75rem auto 1fr;
    grid-template-areas: "num claim claim" "num verdict count";
    gap: 0.3rem 0.5rem; padding: 0.625rem 0.25rem;
    border-bottom: 1px solid var(--rule); }
  .summary tbody tr:nth-child(even) { background: var(--wash); }
  .summary tbody tr:nth-child(even) td { background: none; }
  .summary td { border: 0; padding: 0; width: auto; }
  .summary td.num { grid-area: num; text-align: left; }
  .summary td.claim { grid-area: claim; }
  .summary td.verdict { grid-area: verdict; }
  .summary td.count { grid-area: count; color: var(--muted); text-align: left;
    font-size: 0.875rem; align-self: center; }
  .summary td.num, .summary td.verdict, .summary td.count { width: auto;
    white-space: nowrap; }
  .summary .count-word { position: static; width: auto; height: auto;
    clip: auto; white-space: normal; }
  .article-body { font-size: 1.0625rem; }
  .review { padding: 0.875rem 0.875rem 0.25rem; }
  .figure { min-width: 0; flex: 1 1 8rem; }
}
@page {
  size: A4; margin: 18mm 16mm 20mm;
  @top-left { content: string(report-title); font: 8pt %(page_font)s;
    color: #525a63; }
  @bottom-left { content: string(report-org); font: 8pt %(page_font)s;
    color: #525a63; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
    font: 8pt %(page_font)s; color: #525a63; }
}
@page :first { @top-left { content: none; } }
@media print {
  html { font-size: 10pt; }
  body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .masthead { background: none; color: var(--ink); padding: 0 0 0.5rem;
    border-bottom: 2px solid var(--ink); }
  .masthead .wrap, .wrap { max-width: none; }
  /* WeasyPrint does not take string-set from flex items, so the masthead, whose
     name runs in the page footer, is a plain block in print. */
  .masthead .wrap { display: block; }
  .masthead .wrap span { float: right; }
  .summary a { text-decoration: none; }
  main { padding: 0.75rem 0 0; }
  h1 { string-set: report-title content(); font-size: 1.875rem; }
  .masthead strong { string-set: report-org content(); }
  h2 { break-after: avoid; margin-top: 1.75rem; }
  h3, h4, .review header { break-after: avoid; }
  tr, ol.evidence li, .note, .figure { break-inside: avoid; }
  thead { display: table-header-group; }
  /* Fixed column widths spare WeasyPrint measuring every row before laying out
     the table: a 500-row summary prints faster. */
  table.summary { table-layout: fixed; }
  .summary th.num { width: 2.2em; }
  .summary th.verdict { width: 9.5em; }
  .summary th.count { width: 5em; }
  .back { display: none; }
  a { color: var(--ink); }
  p { margin: 0 0 0.35rem; }
  .article-body { font-size: 1.05rem; line-height: 1.55; }
  mark.claim { -webkit-box-decoration-break: slice; box-decoration-break: slice; }
  /* Reviews print compactly (a rule, not a card): a 500-claim report stays a few
     hundred pages shorter, which is most of its printing time. */
  .review { break-inside: auto; border: 0; border-left: 3pt solid var(--rule);
    border-radius: 0; padding: 0 0 0 8pt; margin: 0 0 12pt; }
  .review header { margin-bottom: 3pt; }
  .review blockquote.claim-text { margin-bottom: 4pt; font-size: 1.05rem; }
  h4 { margin: 6pt 0 2pt; }
  ol.evidence { margin-bottom: 4pt; }
  ol.evidence li { padding: 3pt 0; }
  blockquote.quote { margin: 2pt 0 0; }
  .credit { margin: 0; }
  footer.colophon { padding: 1rem 0 0; }
}
"""

# The multiplication sign of "True x 3" in the coverage tally.
_TIMES = "\u00d7"

_POLARITY_CSS = """
.badge.verdict-%(p)s, .review.verdict-%(p)s .verdict-line strong {
  color: var(--%(p)s-ink); }
.badge.verdict-%(p)s { background: var(--%(p)s-bg); border-color: var(--%(p)s-edge); }
mark.claim.verdict-%(p)s { background: var(--%(p)s-bg);
  border-bottom-color: var(--%(p)s-edge); }
.review.verdict-%(p)s { border-left-color: var(--%(p)s-edge); }
"""


def stylesheet() -> str:
    """The document's CSS, colours and fonts written in from PALETTE and FONTS."""
    polarities = "".join(
        _POLARITY_CSS % {"p": polarity}
        for polarity in ("true", "false", "neutral", "unknown")
    )
    css = _CSS % {
        "polarities": polarities.strip(),
        # Page margin boxes live outside the element tree, so they name their
        # fonts directly (the DejaVu and Liberation fonts are what print servers
        # usually have).
        "page_font": '"DejaVu Sans", "Liberation Sans", Arial, sans-serif',
    }
    values = {**PALETTE, **FONTS}
    return re.sub(r"var\(--([a-z-]+)\)", lambda match: values[match[1]], css)


def e(value) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return escape(text(value), quote=True)


def link(label_html: str, url, **attributes) -> str:
    """<a href> when the URL is http(s); the label alone (already escaped) otherwise.

    `label_html` must be escaped markup; attribute values are escaped here.
    """
    safe = linkable_url(url)
    if safe is None:
        return label_html
    extra = "".join(f' {name}="{e(value)}"' for name, value in attributes.items())
    return f'<a href="{e(safe)}"{extra}>{label_html}</a>'


def badge(verdict: dict, *, href: str | None = None, label: str | None = None) -> str:
    """A verdict badge: colour (class from a fixed set), glyph and words."""
    polarity = polarity_of(verdict)
    inner = (
        f'<span class="glyph" aria-hidden="true">{e(verdict_glyph(verdict))}</span>'
        f"{e(verdict.get('name'))}"
    )
    if href is not None:
        aria = f' aria-label="{e(label)}"' if label else ""
        return f'<a class="badge verdict-{polarity}" href="{e(href)}"{aria}>{inner}</a>'
    return f'<span class="badge verdict-{polarity}">{inner}</span>'


def paragraphs_html(value) -> str:
    """Escaped paragraphs, single line breaks as <br>."""
    return "".join(
        "<p>" + "<br>".join(e(line) for line in block.split("\n")) + "</p>"
        for block in paragraphs(value)
    )


def render_html(snapshot: dict, *, structured_data: bool = True) -> str:
    """The whole report as an HTML document string.

    `structured_data` embeds each claim's ClaimReview JSON-LD; the PDF leaves it out
    (a printer has no use for it, and parsing it is not free at 500 claims).
    """
    report = snapshot.get("report") or {}
    article = snapshot.get("article") or {}
    organisation = snapshot.get("organisation") or {}
    claims = list(snapshot.get("claims") or ())
    title = text(article.get("title")).strip() or "Untitled article"
    org_name = text(organisation.get("name")).strip()
    language = text(article.get("language")).strip() or "en"

    head = [
        "<!DOCTYPE html>",
        f'<html lang="{e(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(_page_title(title, org_name))}</title>",
        f'<meta name="description" content="{e(_description(snapshot))}">',
    ]
    if org_name:
        head.append(f'<meta name="author" content="{e(org_name)}">')
    # Read by WeasyPrint into the PDF's creation and modification dates, so the PDF
    # carries the publication time rather than the time it happened to be printed.
    published = parse_datetime(report.get("published_at"))
    if published is not None:
        stamp = published.isoformat(timespec="seconds")
        head.append(f'<meta name="dcterms.created" content="{e(stamp)}">')
        head.append(f'<meta name="dcterms.modified" content="{e(stamp)}">')
    canonical = linkable_url(report.get("url"))
    if canonical:
        head.append(f'<link rel="canonical" href="{e(canonical)}">')
    head.append(f"<style>{stylesheet()}</style>")
    for review in claim_reviews(snapshot) if structured_data else ():
        head.append(
            f'<script type="application/ld+json">{script_json(review)}</script>'
        )
    head.append("</head>")

    body = ["<body>", _masthead(snapshot), '<main class="wrap">']
    body.append(_article_header(snapshot, title))
    body.append(_summary(claims))
    body.append(_coverage(snapshot))
    body.append(_annotated_article(article, claims))
    body.append(_reviews(snapshot, claims))
    body.append(_methodology(snapshot))
    body.append(_corrections(report))
    body.append("</main>")
    body.append(_colophon(snapshot))
    body.append("</body>\n</html>\n")
    return "\n".join(head + body)


def _page_title(title: str, org_name: str) -> str:
    return f"Fact check: {title}" + (f" — {org_name}" if org_name else "")


def _description(snapshot: dict) -> str:
    claims = snapshot.get("claims") or []
    title = text((snapshot.get("article") or {}).get("title"))
    count = len(claims)
    return f"{count} claim{'s' if count != 1 else ''} checked in “{title}”."


def _masthead(snapshot: dict) -> str:
    organisation = snapshot.get("organisation") or {}
    report = snapshot.get("report") or {}
    name = e(text(organisation.get("name")).strip() or "Fact check")
    return (
        '<header class="masthead"><div class="wrap">'
        f"<strong>{link(name, organisation.get('url'))}</strong>"
        f"<span>Fact-check report · revision {e(report.get('revision'))}</span>"
        "</div></header>"
    )


def _article_header(snapshot: dict, title: str) -> str:
    report = snapshot.get("report") or {}
    article = snapshot.get("article") or {}
    rows = []
    for name, value in (
        ("Publisher", e(article.get("publisher"))),
        ("Byline", e(article.get("byline"))),
        ("Published", e(human_date(article.get("published_on")))),
        ("Original", _original_link(article.get("url"))),
        ("Checked", e(human_datetime(report.get("published_at")))),
        ("Checked by", e(report.get("published_by"))),
    ):
        if value:
            rows.append(f"<dt>{name}</dt><dd>{value}</dd>")
    parts = [
        "<header>",
        '<p class="kicker">Fact check</p>',
        f"<h1>{e(title)}</h1>",
    ]
    if rows:
        parts.append(f'<dl class="meta">{"".join(rows)}</dl>')
    if _revision(report) > 1:
        parts.append(
            '<p class="updated note">'
            f"Updated on {e(human_date(report.get('published_at')))}, "
            '<a href="#corrections">see corrections</a>.</p>'
        )
    parts.append("</header>")
    return "\n".join(parts)


def _original_link(url) -> str:
    safe = linkable_url(url)
    if safe is None:
        # Shown so a reader sees what the desk recorded, but never as a link.
        return e(url)
    return link(e(_display_url(safe)), safe)


def _display_url(url: str) -> str:
    shown = url.split("://", 1)[-1]
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _summary(claims: list[dict]) -> str:
    parts = [
        '<section id="summary" aria-labelledby="summary-title">',
        '<h2 id="summary-title">Verdicts at a glance</h2>',
    ]
    if not claims:
        parts.append("<p>No claims have been checked yet.</p></section>")
        return "\n".join(parts)
    parts.append(
        '<table class="summary"><thead><tr><th scope="col" class="num">#</th>'
        '<th scope="col">Claim</th><th scope="col" class="verdict">Verdict</th>'
        '<th scope="col" class="count">Sources</th></tr></thead><tbody>'
    )
    for claim in claims:
        verdict = claim.get("verdict") or {}
        anchor = text(claim.get("anchor"))
        sources = distinct_sources(claim)
        parts.append(
            "<tr>"
            f'<td class="num">{e(claim.get("number"))}</td>'
            f'<td class="claim"><a href="#{e(anchor)}">'
            f"{e(short_text(claim.get('text'), 120))}</a></td>"
            f'<td class="verdict">{badge(verdict, href="#" + anchor + "-review")}</td>'
            f'<td class="count">{sources}<span class="count-word visually-hidden">'
            f" source{'' if sources == 1 else 's'}</span></td>"
            "</tr>"
        )
    parts.append("</tbody></table></section>")
    return "\n".join(parts)


def _coverage(snapshot: dict) -> str:
    coverage = snapshot.get("coverage") or {}
    report = snapshot.get("report") or {}
    scale = snapshot.get("scale") or {}
    labels = {label.get("slug"): label for label in scale.get("labels") or ()}
    parts = [
        '<section id="coverage" aria-labelledby="coverage-title">',
        '<h2 id="coverage-title">Coverage</h2>',
        '<div class="coverage">',
        f'<p class="figure"><strong>{e(coverage.get("checked"))} of '
        f"{e(coverage.get('checkworthy'))}</strong>"
        "<span>check-worthy claims checked</span></p>",
        f'<p class="figure"><strong>{e(coverage.get("sources"))}</strong>'
        "<span>distinct sources cited</span></p>",
        "</div>",
    ]
    tally = []
    for slug, count in (coverage.get("by_verdict") or {}).items():
        if not count:
            continue
        label = labels.get(slug) or {"name": slug}
        tally.append(f"<li>{badge(label)} {_TIMES} {e(count)}</li>")
    if tally:
        parts.append(f'<ul class="tally" aria-label="Verdicts">{"".join(tally)}</ul>')
    reason = text(report.get("override_reason")).strip()
    if reason:
        parts.append(
            '<p class="note"><strong>Published before every check-worthy claim was '
            f"checked.</strong> {e(reason)}</p>"
        )
    parts.append("</section>")
    return "\n".join(parts)


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _annotated_article(article: dict, claims: list[dict]) -> str:
    """The body as paragraphs (at blank lines; single line breaks kept as <br>),
    each checked claim marked in place. A claim that runs across a paragraph break
    is marked in each paragraph; only its first piece carries the anchor and its
    last the verdict badge."""
    body = text(article.get("body"))
    marked = claim_spans(body, claims)
    paragraphs, cursor = [], 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        paragraphs.append((cursor, match.start()))
        cursor = match.end()
    paragraphs.append((cursor, len(body)))
    html_paragraphs, next_claim = [], 0
    for para_start, para_end in paragraphs:
        if not body[para_start:para_end].strip():
            continue
        pieces, position = [], para_start
        index = next_claim
        while index < len(marked) and marked[index]["start"] < para_end:
            claim = marked[index]
            piece_start = max(claim["start"], para_start)
            piece_end = min(claim["end"], para_end)
            if piece_end > piece_start:
                pieces.append(_plain(body[position:piece_start]))
                pieces.append(
                    _mark(
                        claim,
                        body[piece_start:piece_end],
                        first=piece_start == claim["start"],
                        last=piece_end == claim["end"],
                    )
                )
                position = piece_end
            if claim["end"] > para_end:
                break  # it continues in the next paragraph
            index += 1
        next_claim = index
        pieces.append(_plain(body[position:para_end]))
        html_paragraphs.append(f"<p>{''.join(pieces)}</p>")
    return (
        '<section id="article" aria-labelledby="article-title">'
        '<h2 id="article-title">The article, annotated</h2>'
        '<p class="attribution">Each checked claim is highlighted and numbered where '
        "it appears, with its verdict beside it.</p>"
        f'<div class="article-body" lang="{e(text(article.get("language")) or "en")}">'
        f"{''.join(html_paragraphs)}</div></section>"
    )


def _plain(value: str) -> str:
    return e(value).replace("\n", "<br>")


def _mark(claim: dict, words: str, *, first: bool, last: bool) -> str:
    verdict = claim.get("verdict") or {}
    anchor = text(claim.get("anchor"))
    number = text(claim.get("number"))
    opening = f'<mark class="claim verdict-{polarity_of(verdict)}"'
    if first:
        opening += (
            f' id="{e(anchor)}"><span class="claim-number">'
            f'<span class="visually-hidden">Claim </span>{e(number)}</span>'
        )
    else:
        opening += ">"
    html = f"{opening}{_plain(words)}</mark>"
    if last:
        html += badge(
            verdict,
            href=f"#{anchor}-review",
            label=f"Claim {number}: {text(verdict.get('name'))}, read the review",
        )
    return html


def _reviews(snapshot: dict, claims: list[dict]) -> str:
    scale = snapshot.get("scale") or {}
    descriptions = {
        label.get("slug"): text(label.get("description"))
        for label in scale.get("labels") or ()
    }
    parts = [
        '<section id="claims" aria-labelledby="claims-title">',
        '<h2 id="claims-title">The claims, checked</h2>',
    ]
    # Each claim's ClaimReview `url` is report.url + "#" + anchor: the anchor must
    # exist on the page. It is the highlight in the article; a claim that could not
    # be highlighted (offsets not matching the body) carries it on its review.
    body = text((snapshot.get("article") or {}).get("body"))
    highlighted = {id(claim) for claim in claim_spans(body, claims)}
    for claim in claims:
        parts.append(_review(claim, descriptions, id(claim) in highlighted))
    if not claims:
        parts.append("<p>No claims have been checked yet.</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _review(claim: dict, descriptions: dict, highlighted: bool = True) -> str:
    verdict = claim.get("verdict") or {}
    anchor = text(claim.get("anchor"))
    number = e(claim.get("number"))
    quote_id = "" if highlighted else f' id="{e(anchor)}"'
    parts = [
        f'<article class="review verdict-{polarity_of(verdict)}" '
        f'id="{e(anchor)}-review" aria-labelledby="{e(anchor)}-title">',
        f'<header><h3 id="{e(anchor)}-title">Claim {number}</h3>'
        f"{badge(verdict)}</header>",
        f'<blockquote class="claim-text"{quote_id}>'
        f"<p>{e(claim.get('text'))}</p></blockquote>",
    ]
    if text(claim.get("attribution")).strip():
        parts.append(
            f'<p class="attribution">Attributed to {e(claim["attribution"])}</p>'
        )
    line = f"<strong>Our verdict: {e(verdict.get('name'))}.</strong>"
    description = descriptions.get(verdict.get("label"), "").strip()
    if description:
        line += f" {e(description)}"
    parts.append(f'<p class="verdict-line">{line}</p>')
    parts.append(paragraphs_html(verdict.get("explanation")))
    if text(verdict.get("gap_override_reason")).strip():
        kinds = gap_words(verdict.get("gap_override_kinds") or ())
        parts.append(
            '<p class="note"><strong>Approved over open sourcing gaps'
            + (f" ({e(kinds)})" if kinds else "")
            + f".</strong> {e(verdict['gap_override_reason'])}</p>"
        )
    if text(verdict.get("two_person_override_reason")).strip():
        parts.append(
            '<p class="note"><strong>Approved without a second reviewer.</strong> '
            f"{e(verdict['two_person_override_reason'])}</p>"
        )
    parts.append("<h4>Evidence</h4>")
    citations = list(claim.get("citations") or ())
    if citations:
        parts.append('<ol class="evidence">')
        parts.extend(_citation(citation) for citation in citations)
        parts.append("</ol>")
    else:
        parts.append("<p>No sources are cited for this claim.</p>")
    approved = human_datetime(verdict.get("approved_at"))
    approver = text(verdict.get("approved_by")).strip()
    if approver:
        parts.append(
            f'<p class="credit">Approved by {e(approver)} on {e(approved)}.</p>'
        )
    elif approved:
        parts.append(f'<p class="credit">Approved on {e(approved)}.</p>')
    if highlighted:
        parts.append(
            f'<p class="back"><a href="#{e(anchor)}">Back to claim {number} in the '
            "article</a></p>"
        )
    parts.append("</article>")
    return "\n".join(parts)


def _citation(citation: dict) -> str:
    source = citation.get("source") or {}
    stance = stance_of(citation)
    title = text(source.get("title")).strip() or "Untitled source"
    meta = [
        e(value)
        for value in (
            text(source.get("publisher")).strip(),
            text(source.get("domain")).strip(),
            SOURCE_KIND_WORDS.get(text(source.get("kind")), ""),
        )
        if value
    ]
    locator = text(citation.get("locator")).strip()
    if locator:
        meta.append(f'<span class="locator">at {e(locator)}</span>')
    archive = linkable_url(source.get("archive_url"))
    if archive:
        meta.append(link("archived copy", archive))
    head = (
        f'<span class="stance stance-{stance}">{e(STANCE_WORDS[stance])}</span> '
        f"<cite>{link(e(title), source.get('url'))}</cite>"
    )
    if meta:
        head += f' <span class="source-meta">— {" · ".join(meta)}</span>'
    parts = [f'<li class="citation stance-{stance}">', f"<p>{head}</p>"]
    if text(citation.get("quote")).strip():
        parts.append(
            f'<blockquote class="quote"><p>{e(citation["quote"])}</p></blockquote>'
        )
    parts.append("</li>")
    return "".join(parts)


def _methodology(snapshot: dict) -> str:
    scale = snapshot.get("scale") or {}
    parts = [
        '<section id="methodology" aria-labelledby="methodology-title">',
        '<h2 id="methodology-title">How we checked</h2>',
        paragraphs_html(snapshot.get("methodology")) or "<p>Not stated.</p>",
    ]
    labels = scale.get("labels") or []
    if labels:
        parts.append(f"<h3>Rating scale: {e(scale.get('name'))}</h3>")
        parts.append(
            '<table class="scale"><thead><tr><th scope="col">Verdict</th>'
            '<th scope="col">Meaning</th></tr></thead><tbody>'
        )
        for label in labels:
            parts.append(
                f"<tr><td>{badge(label)}</td><td>{e(label.get('description'))}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append("</section>")
    return "\n".join(parts)


def _corrections(report: dict) -> str:
    parts = [
        '<section id="corrections" aria-labelledby="corrections-title">',
        '<h2 id="corrections-title">Corrections and updates</h2>',
    ]
    published = e(human_datetime(report.get("published_at")))
    if _revision(report) <= 1:
        parts.append(f"<p>First published on {published}. No corrections since.</p>")
    else:
        parts.append(
            f"<p><strong>Updated on {published}</strong> "
            f"(revision {e(report.get('revision'))}).</p>"
        )
        parts.append(paragraphs_html(report.get("note")))
        history = []
        for item in report.get("previous") or ():
            line = (
                f"Revision {e(item.get('revision'))}, published "
                f"{e(human_datetime(item.get('published_at')))}"
            )
            if text(item.get("note")).strip():
                line += f": {e(item['note'])}"
            history.append(f"<li>{line}</li>")
        if history:
            parts.append(
                f'<h3>Earlier revisions</h3><ol class="history">{"".join(history)}</ol>'
            )
    parts.append("</section>")
    return "\n".join(parts)


def _colophon(snapshot: dict) -> str:
    report = snapshot.get("report") or {}
    organisation = snapshot.get("organisation") or {}
    name = e(text(organisation.get("name")).strip() or "The fact-check desk")
    page = linkable_url(report.get("url"))
    where = f" · {link(e(_display_url(page)), page)}" if page else ""
    return (
        '<footer class="colophon"><div class="wrap">'
        f"Published by {link(name, organisation.get('url'))}{where} · revision "
        f"{e(report.get('revision'))}, {e(human_date(report.get('published_at')))}"
        "</div></footer>"
    )


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
