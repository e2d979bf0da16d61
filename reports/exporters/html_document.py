"""The annotated report as one standalone HTML5 document (the PDF typesets its context).

Offline and self-contained: the stylesheet inline, installed fonts, no script
other than the ClaimReview JSON-LD blocks, nothing fetched. Its words, dates,
`lang` and `dir` follow the article's language (`_i18n`, docs/REPORTS-I18N.md).
The markup is Jinja2 templates (`templates/` beside this module) rendered with
autoescape on: every string from the snapshot is escaped by the engine, class names
come from fixed vocabularies, and only http(s) URLs become links (anything else is
shown as text). Jinja2 rather than Django's engine because the exporters are pure:
they import nothing from Django and need no settings (docs/PUBLISHING.md, "Where
the reports code lives").

Order: the article's title and metadata; the verdicts at a glance (a table, first);
coverage; the article text with each checked claim highlighted and numbered in place
(`id` = the claim's anchor), its verdict beside it in colour, words and a glyph; each
claim's review (explanation, evidence, credits, override notes); methodology and the
rating scale; the corrections history. The stylesheet (static/reports/report.css,
which the public report page links) carries a print layout and @page rules with page
numbers for a browser's printing, and works down to 390 px wide.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports.exporters import _i18n
from reports.exporters._base import Exporter
from reports.exporters._common import (
    EXCERPTS_NOTICE,
    READ_ORIGINAL,
    SOURCE_KIND_WORDS,
    STANCE_WORDS,
    claim_spans,
    distinct_sources,
    excerpts_only,
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


def catalogue_files() -> list[Path]:
    """The compiled catalogues the report's words come from, sorted (part of what
    a rendering depends on, like the templates and the stylesheet)."""
    return sorted(_i18n.LOCALE_DIRECTORY.glob(f"*/LC_MESSAGES/{_i18n.DOMAIN}.mo"))


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


def _counter_direction(value, *, around: str) -> str:
    """ "rtl" or "ltr" for a block of user text whose first strong letter runs
    against the report's direction (`around`), so an English methodology in an
    Arabic report, or an Arabic quote in an English one, reads in its own
    direction; "" otherwise. For a list of article pieces, their words."""
    if isinstance(value, list):
        value = "".join(text(piece.get("words")) for piece in value)
    direction = _i18n.text_direction(text(value))
    return "" if direction is None or direction == around else direction


def _linkable(value) -> bool:
    return linkable_url(value) is not None


@lru_cache(maxsize=16)
def environment(language_tag: str = _i18n.DEFAULT_LANGUAGE) -> Environment:
    """The templates' engine for one report language: autoescape on for every
    template, undefined names an error rather than an empty string, and `_()` /
    `ngettext()` reading that language's catalogue. The translations are new-style,
    so a value placed in a message ("%(number)s") is escaped like any other."""
    engine = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    engine.install_gettext_translations(
        _i18n.language(language_tag).translations, newstyle=True
    )
    engine.filters.update(
        text=text,
        polarity=polarity_of,
        glyph=verdict_glyph,
        paragraphs=paragraphs,
        direction=partial(
            _counter_direction, around=_i18n.language(language_tag).direction
        ),
        css_string=css_string,
    )
    engine.tests["linkable"] = _linkable
    return engine


def render_html(snapshot: dict, *, structured_data: bool = True) -> str:
    """The whole report as an HTML document string, its stylesheet inline.

    `structured_data` embeds each claim's ClaimReview JSON-LD; the PDF leaves it out
    (a printer has no use for it, and parsing it is not free at 500 claims).
    """
    report = report_context(snapshot, structured_data=structured_data)
    return (
        environment(report["language"])
        .get_template("report.html")
        .render(
            report=report,
            stylesheet=Markup(stylesheet()),  # the project's own file, not user text
        )
    )


def render_page_parts(snapshot: dict, *, gone: frozenset[int] = frozenset()) -> dict:
    """The report in pieces for a page that links the stylesheet instead of
    inlining it (the public report page): the document's language, direction
    ("ltr" or "rtl") and script ("Latn", "Arab"), its head's title, meta and
    canonical link, each claim's ClaimReview JSON-LD, and what its <body> holds
    (the masthead, main and footer carry the direction themselves). Each piece is
    escaped markup, rendered by the same templates as the export.

    `gone` holds the ids of frozen captures whose original the link checker now
    finds dead: those citations lead with the capture and mark the original as no
    longer available (docs/EVIDENCE.md, "Captures in reports")."""
    report = report_context(snapshot, gone=gone)
    engine = environment(report["language"])
    return {
        "language": report["language"],
        "direction": report["direction"],
        "script": report["script"],
        "head": Markup(engine.get_template("head.html").render(report=report)),
        "json_ld": report["json_ld"],
        "body": Markup(engine.get_template("body.html").render(report=report)),
    }


def report_context(
    snapshot: dict,
    *,
    structured_data: bool = True,
    gone: frozenset[int] = frozenset(),
) -> dict:
    """Everything the templates show, as plain values (the templates escape them)."""
    report = snapshot.get("report") or {}
    article = snapshot.get("article") or {}
    organisation = snapshot.get("organisation") or {}
    scale = snapshot.get("scale") or {}
    coverage = snapshot.get("coverage") or {}
    claims = list(snapshot.get("claims") or ())
    language = _i18n.language(article.get("language"))
    _ = language.gettext
    title = text(article.get("title")).strip() or _("Untitled article")
    org_name = text(organisation.get("name")).strip()
    published = parse_datetime(report.get("published_at"))
    labels = {label.get("slug"): label for label in scale.get("labels") or ()}
    page = linkable_url(report.get("url"))
    # An excerpts-only revision has no body to mark; each claim is quoted in its
    # review, whose quotation then carries the claim's anchor.
    excerpts = excerpts_only(snapshot)
    body = "" if excerpts else text(article.get("body"))
    highlighted = {id(claim) for claim in claim_spans(body, claims)}
    return {
        "language": language.tag,
        "language_of_body": language.tag,
        "direction": language.direction,
        "script": language.script,
        "page_number": page_number_pieces(language),
        # The stylesheet's own font stack (not user text), for the margin box the
        # right-to-left page rule adds.
        "sans": Markup(custom_properties()["sans"]),
        "page_title": _("Fact check: %(title)s") % {"title": title}
        + (f" — {org_name}" if org_name else ""),
        "description": _description(snapshot, language),
        "organisation_name": org_name,
        "organisation_url": organisation.get("url"),
        "masthead_name": org_name or _("Fact check"),
        "colophon_name": org_name or _("The fact-check desk"),
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
        "meta": _meta_rows(article, report, language),
        "published_on": human_date(report.get("published_at"), language),
        "published_at": human_datetime(report.get("published_at"), language),
        "claims": [
            _claim(claim, labels, id(claim) in highlighted, language, gone)
            for claim in claims
        ],
        "coverage": {
            "checked": language.number(coverage.get("checked")),
            "checkworthy": language.number(coverage.get("checkworthy")),
            "sources": language.number(coverage.get("sources")),
        },
        "tally": [
            (labels.get(slug) or {"name": slug}, language.number(count))
            for slug, count in (coverage.get("by_verdict") or {}).items()
            if count
        ],
        "override_reason": text(report.get("override_reason")).strip(),
        "excerpts": {
            "notice": _(EXCERPTS_NOTICE),
            "read": _(READ_ORIGINAL),
            "url": linkable_url(article.get("url")),
        }
        if excerpts
        else None,
        "paragraphs": [] if excerpts else _annotated_paragraphs(body, claims),
        "methodology": text(snapshot.get("methodology")),
        "scale_name": text(scale.get("name")),
        "scale_labels": list(scale.get("labels") or ()),
        "note": text(report.get("note")),
        "history": [
            {
                "revision": text(item.get("revision")),
                "published_at": human_datetime(item.get("published_at"), language),
                "note": text(item.get("note")),
            }
            for item in report.get("previous") or ()
        ],
        "page_url": page,
        "page_url_shown": _display_url(page) if page else "",
    }


def page_number_pieces(language: _i18n.Language) -> list[tuple[str, str]]:
    """The @page footer's "Page 3 of 12" in the report's language, as the pieces
    report.html writes into a CSS `content` value: ("text", words) or
    ("counter", "page" / "pages")."""
    words = language.gettext("Page %(page)s of %(pages)s")
    pieces = []
    for piece in re.split(r"%\((pages?)\)s", words):
        if not piece:
            continue
        kind = "counter" if piece in ("page", "pages") else "text"
        pieces.append((kind, piece))
    return pieces


def css_string(value) -> Markup:
    """`value` as a quoted CSS string in which only letters, digits and spaces
    stand as themselves: every other character is a CSS escape, so no text can end
    the string, the rule or the <style> element around it."""
    escaped = "".join(
        character
        if character.isalnum() or character == " "
        else f"\\{ord(character):x} "
        for character in text(value)
    )
    return Markup(f'"{escaped}"')


def _description(snapshot: dict, language: _i18n.Language) -> str:
    claims = snapshot.get("claims") or []
    title = text((snapshot.get("article") or {}).get("title"))
    count = len(claims)
    return language.ngettext(
        "%(count)s claim checked in “%(title)s”.",
        "%(count)s claims checked in “%(title)s”.",
        count,
    ) % {"count": language.number(count), "title": title}


def _meta_rows(article: dict, report: dict, language: _i18n.Language) -> list[dict]:
    _ = language.gettext
    url = article.get("url")
    safe = linkable_url(url)
    rows = [
        {"name": _("Publisher"), "value": text(article.get("publisher"))},
        {"name": _("Byline"), "value": text(article.get("byline"))},
        {
            "name": _("Published"),
            "value": human_date(article.get("published_on"), language),
        },
        # An unlinkable address is shown so a reader sees what the desk recorded,
        # but never as a link.
        {
            "name": _("Original"),
            "value": _display_url(safe) if safe else text(url),
            "link": safe,
        },
        {
            "name": _("Checked"),
            "value": human_datetime(report.get("published_at"), language),
        },
        {"name": _("Checked by"), "value": text(report.get("published_by"))},
    ]
    return [row for row in rows if row["value"]]


def _display_url(url: str) -> str:
    shown = url.split("://", 1)[-1]
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _claim(
    claim: dict,
    labels: dict,
    highlighted: bool,
    language: _i18n.Language,
    gone: frozenset[int] = frozenset(),
) -> dict:
    verdict = claim.get("verdict") or {}
    label = labels.get(verdict.get("label")) or {}
    approved = human_datetime(verdict.get("approved_at"), language)
    sources = distinct_sources(claim)
    return {
        "number": text(claim.get("number")),
        "anchor": text(claim.get("anchor")),
        "text": text(claim.get("text")),
        "short": short_text(claim.get("text"), 120),
        "verdict": verdict,
        "sources": sources,
        "sources_shown": language.number(sources),
        "highlighted": highlighted,
        "attribution": text(claim.get("attribution"))
        if text(claim.get("attribution")).strip()
        else "",
        "description": text(label.get("description")).strip(),
        "gap_override_reason": text(verdict.get("gap_override_reason"))
        if text(verdict.get("gap_override_reason")).strip()
        else "",
        "gap_kinds": gap_words(verdict.get("gap_override_kinds") or (), language),
        "two_person_override_reason": text(verdict.get("two_person_override_reason"))
        if text(verdict.get("two_person_override_reason")).strip()
        else "",
        "citations": [
            _citation(citation, language, gone)
            for citation in claim.get("citations") or ()
        ],
        "approver": text(verdict.get("approved_by")).strip(),
        "approved": approved,
    }


def _capture(source: dict, language: _i18n.Language) -> dict | None:
    """The frozen capture of a cited source as the templates show it, or None."""
    capture = source.get("capture")
    if not isinstance(capture, dict):
        return None
    return {
        "id": capture.get("id"),
        "url": linkable_url(capture.get("url")),
        "text_url": linkable_url(capture.get("text_url")),
        "sha256": text(capture.get("sha256")),
        "captured_at": human_datetime(capture.get("captured_at"), language),
        "uploaded": capture.get("origin") == "uploaded",
    }


def _citation(
    citation: dict, language: _i18n.Language, gone: frozenset[int] = frozenset()
) -> dict:
    _ = language.gettext
    source = citation.get("source") or {}
    capture = _capture(source, language)
    stance = stance_of(citation)
    kind = SOURCE_KIND_WORDS.get(text(source.get("kind")), "")
    return {
        "stance": stance,
        "stance_words": _(STANCE_WORDS[stance]),
        "title": text(source.get("title")).strip() or _("Untitled source"),
        "url": source.get("url"),
        "meta": [
            value
            for value in (
                text(source.get("publisher")).strip(),
                text(source.get("domain")).strip(),
                _(kind) if kind else "",
            )
            if value
        ],
        "locator": text(citation.get("locator")).strip(),
        "archive": linkable_url(source.get("archive_url")),
        "capture": capture,
        # Only a capture that can stand in for the original is put first.
        "original_gone": bool(capture and capture["url"] and capture["id"] in gone),
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
