"""The annotated report as PDF, typeset by Typst.

Same content and order as the HTML export (verdict summary first; coverage; the
article with each checked claim highlighted, numbered and followed by its verdict;
each claim's review with its sources, quotes, archive links and frozen captures; the
methodology and rating scale; the corrections), in the report's language and
direction, with page numbers in the footer and clickable links (only http(s) URLs
become links; the internal ones jump between a claim in the article and its
review).

Escaped by construction: the words come from the same context as the HTML
(`html_document.report_context`, the exporters' catalogue in `_i18n`) and travel to
the template (typst/report.typ beside this module) as one JSON document in
`sys.inputs`, which the template reads with `json(...)`. User text is therefore only
ever a string shown as content: nothing a desk or an article writes is parsed as
Typst markup or code. The template's folder is the compilation root, so the
document can read no other file, and the engine fetches no packages (none is
imported).

Deterministic: the PDF's dates come from the revision's `published_at` (none are
written when it is missing), and Typst's output is a function of its inputs, so one
snapshot always prints to the same bytes on a machine with the same fonts. The
document's title, author (the organisation), description and language are set, and
the PDF is tagged and declares PDF/UA-1 (Typst checks the rules it can while
compiling).

Fonts: the stylesheet's own stacks (Noto for every script when installed, as the
README asks), found by Typst in the standard system font folders, in the folders of
`FONT_PATHS` (configuration: factcheck/settings.py FACTCHECK_PDF_FONT_PATHS), and
Typst's embedded fonts last.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import UTC
from pathlib import Path

from reports.exporters import _i18n
from reports.exporters._base import Exporter
from reports.exporters._common import (
    claim_spans,
    linkable_url,
    paragraphs,
    parse_datetime,
    polarity_of,
    text,
    verdict_glyph,
)
from reports.exporters.html_document import custom_properties, report_context

TEMPLATE_ROOT = Path(__file__).resolve().parent / "typst"
TEMPLATE = TEMPLATE_ROOT / "report.typ"
# Extra font folders beside the system ones; set once per process by the reports
# app from FACTCHECK_PDF_FONT_PATHS (docs/REPORT_FORMATS.md).
FONT_PATHS: tuple[str, ...] = ()
# PDF/UA-1: Typst refuses to compile a document breaking a rule it can check
# (title, language, alternative texts), and writes the tag tree and the declaration.
PDF_STANDARD = "ua-1"

# Typed first in the PDF's stacks (docs/PERFORMANCE.md, "Fonts and speed"): Open
# Sans is the design Noto Sans was drawn from (the same Latin, Greek and Cyrillic
# letters), and its kerning is a plain pair table, where Noto Sans's class kerning
# made Typst's shaper spend 13% of a 500-claim report's instructions in lookups.
# Without the font installed the stack goes on to Noto Sans: the same page, slower.
PDF_FIRST_FAMILIES = {"sans": ("Open Sans",)}
SYMBOL_FAMILIES = ("DejaVu Sans", "Noto Sans Symbols2")

_STANCE_COLOURS = {"supports": "true-ink", "refutes": "false-ink", "context": "muted"}
# CSS generic families and platform fonts from the stylesheet's stacks that name no
# installable family; Typst would only warn about them.
_GENERIC_FAMILIES = frozenset(
    {"serif", "sans-serif", "system-ui", "-apple-system", "monospace"}
)
# Typst's `lang` takes an ISO 639 code and `region` an ISO 3166-1 alpha-2 code.
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_REGION_CODE = re.compile(r"^[A-Z]{2}$")


# Compiled after a report so Typst forgets its layout: the engine memoises every
# compilation for the next ten (the `typst` wheel 0.15.2; measured), about 190 MiB
# for a 500-claim report, so a worker would otherwise hold some 2 GiB. Eleven
# compilations of this empty file age them out; they cost about 0.08 s of CPU, so
# they run once the reports printed since the last time reach LAYOUT_BUDGET claims
# (docs/PERFORMANCE.md).
BLANK = TEMPLATE_ROOT / "blank.typ"
MEMOISED_COMPILATIONS = 10
LAYOUT_BUDGET = 200

_compiler = None
_compiler_lock = threading.Lock()
_claims_since_forgetting = 0
_forgetting: threading.Thread | None = None


def configure(*, font_paths=()) -> None:
    """Set the extra font folders (before the first PDF of the process, or the
    compiler is made again with them)."""
    global FONT_PATHS, _compiler
    paths = tuple(str(path) for path in font_paths or ())
    with _compiler_lock:
        if paths != FONT_PATHS:
            FONT_PATHS = paths
            _compiler = None


def _typst_compiler():
    """One compiler per process: Typst scans the fonts once and keeps them."""
    global _compiler
    if _compiler is None:
        import typst

        _compiler = typst.Compiler(
            input=TEMPLATE, root=TEMPLATE_ROOT, font_paths=list(FONT_PATHS)
        )
    return _compiler


def font_stack(name: str) -> list[str]:
    """The families of the stylesheet's `name` stack ("sans", "serif"), in order,
    without CSS generic names, after the PDF's own first choices for that stack
    (PDF_FIRST_FAMILIES); Typst's embedded fonts close the list."""
    families = list(PDF_FIRST_FAMILIES.get(name, ()))
    for family in custom_properties()[name].split(","):
        family = family.strip().strip("\"'")
        if family and family not in _GENERIC_FAMILIES and family not in families:
            families.append(family)
    embedded = "Libertinus Serif" if name == "serif" else "DejaVu Sans"
    return [*families, embedded]


def symbol_stack() -> list[str]:
    """The families for the verdict glyphs (✓ ✗ ◐ •): fonts that hold all four,
    bold included, then the sans stack. Without them first the shaper walks the
    whole sans stack for each glyph and prints ✓ and ◐ from a CJK font and ✗ from
    another, embedding two CJK fonts in a report that has no CJK text."""
    return [*SYMBOL_FAMILIES, *font_stack("sans")]


def document_data(snapshot: dict) -> dict:
    """Everything the Typst template shows, as JSON-ready plain values: words
    already translated and formatted, links already judged, directions decided."""
    report = report_context(snapshot, structured_data=False)
    language = _i18n.language(report["language"])
    _ = language.gettext
    around = language.direction
    claims = [_claim(claim, language) for claim in report["claims"]]
    base, _separator, rest = language.tag.partition("-")
    region = rest.split("-")[-1].upper() if rest else ""
    organisation = report["organisation_name"]
    revision = report["revision"]
    return {
        "lang": base.lower() if _LANGUAGE_CODE.match(base.lower()) else "en",
        "region": region if _REGION_CODE.match(region) else None,
        "direction": around,
        # As in the HTML: a slanted claim only in scripts with a real italic; in
        # others it would be a faked oblique (docs/REPORTS-I18N.md).
        "italic_claims": language.script in ("Latn", "Grek", "Cyrl"),
        "fonts": {
            "sans": font_stack("sans"),
            "serif": font_stack("serif"),
            "symbols": symbol_stack(),
        },
        "colours": {
            name: value
            for name, value in custom_properties().items()
            if value.startswith("#")
        },
        "title": report["page_title"],
        "author": [organisation] if organisation else [],
        "description": report["description"],
        "dated": parse_datetime(snapshot.get("report", {}).get("published_at"))
        is not None,
        "page_number": [
            {"kind": piece, "text": ""}
            if kind == "counter"
            else {"kind": "text", "text": piece}
            for kind, piece in report["page_number"]
        ],
        "words": {
            "kicker": _("Fact check"),
            "see_corrections": _("see corrections"),
            "summary": _("Verdicts at a glance"),
            "no_claims": _("No claims have been checked yet."),
            "claim": _("Claim"),
            "verdict": _("Verdict"),
            "sources": _("Sources"),
            "coverage": _("Coverage"),
            "checked": _("check-worthy claims checked"),
            "sources_cited": _("distinct sources cited"),
            "override": _("Published before every check-worthy claim was checked."),
            "article": _("The article, annotated"),
            "article_help": _(
                "Each checked claim is highlighted and numbered where it appears, "
                "with its verdict beside it."
            ),
            "claims": _("The claims, checked"),
            "evidence": _("Evidence"),
            "no_sources": _("No sources are cited for this claim."),
            "methodology": _("How we checked"),
            "not_stated": _("Not stated."),
            "meaning": _("Meaning"),
            "corrections": _("Corrections and updates"),
            "earlier": _("Earlier revisions"),
            "published_by": _("Published by"),
        },
        "masthead": {
            "name": report["masthead_name"],
            "link": linkable_url(report["organisation_url"]),
            "line": _("Fact-check report · revision %(revision)s")
            % {"revision": revision},
        },
        # The article's title, the page's heading as in the HTML (the PDF's own
        # title above adds "Fact check:" and the desk).
        "heading": report["title"],
        "title_direction": _against(report["title"], around),
        "meta": [
            {"name": row["name"], "value": row["value"], "link": row.get("link")}
            for row in report["meta"]
        ],
        "updated": _("Updated on %(date)s,") % {"date": report["published_on"]}
        if report["revision_number"] > 1
        else None,
        "claims": claims,
        "coverage": {
            "checked": _("%(checked)s of %(checkworthy)s")
            % {
                "checked": report["coverage"]["checked"],
                "checkworthy": report["coverage"]["checkworthy"],
            },
            "sources": report["coverage"]["sources"],
        },
        "tally": [
            {"verdict": _verdict(label), "count": count}
            for label, count in report["tally"]
        ],
        "override_reason": report["override_reason"] or None,
        # html_document's words, and no paragraphs, for an excerpts-only revision.
        "excerpts": report["excerpts"],
        "paragraphs": _paragraphs(snapshot, report["paragraphs"], around),
        "methodology": _blocks(report["methodology"], around),
        "scale": {
            "title": _("Rating scale: %(name)s") % {"name": report["scale_name"]},
            "labels": [
                {
                    "verdict": _verdict(label),
                    "description": text(label.get("description")),
                    "direction": _against(label.get("description"), around),
                }
                for label in report["scale_labels"]
            ],
        },
        "corrections": {
            "revised": report["revision_number"] > 1,
            "first": _("First published on %(date)s. No corrections since.")
            % {"date": report["published_at"]},
            "updated": _("Updated on %(date)s") % {"date": report["published_at"]},
            "revision": _("(revision %(revision)s).") % {"revision": revision},
            "note": _blocks(report["note"], around),
            "history": [
                _("Revision %(revision)s, published %(date)s")
                % {"revision": item["revision"], "date": item["published_at"]}
                + (f": {item['note']}" if item["note"] else "")
                for item in report["history"]
            ],
        },
        "colophon": {
            "name": report["colophon_name"],
            "link": linkable_url(report["organisation_url"]),
            "page_link": report["page_url"],
            "page_shown": report["page_url_shown"],
            "revision": _("revision %(revision)s, %(date)s")
            % {"revision": revision, "date": report["published_on"]},
        },
    }


def _verdict(verdict: dict) -> dict:
    return {
        "name": text(verdict.get("name")),
        "glyph": verdict_glyph(verdict),
        "polarity": polarity_of(verdict),
    }


def _against(value, around: str) -> str | None:
    """The text's own direction when it runs against the report's, else None."""
    direction = _i18n.text_direction(text(value))
    return direction if direction not in (None, around) else None


def _blocks(value, around: str) -> list[dict]:
    return [
        {"text": block, "direction": _against(block, around)}
        for block in paragraphs(value)
    ]


def _claim(claim: dict, language: _i18n.Language) -> dict:
    _ = language.gettext
    around = language.direction
    verdict = claim["verdict"]
    gap_note = None
    if claim["gap_override_reason"]:
        gap_note = (
            _("Approved over open sourcing gaps (%(gaps)s).")
            % {"gaps": claim["gap_kinds"]}
            if claim["gap_kinds"]
            else _("Approved over open sourcing gaps.")
        )
    if claim["approver"]:
        credit = _("Approved by %(person)s on %(date)s.") % {
            "person": claim["approver"],
            "date": claim["approved"],
        }
    elif claim["approved"]:
        credit = _("Approved on %(date)s.") % {"date": claim["approved"]}
    else:
        credit = None
    return {
        "number": claim["number"],
        "title": _("Claim %(number)s") % {"number": claim["number"]},
        "text": claim["text"],
        "short": claim["short"],
        "direction": _against(claim["text"], around),
        "verdict": _verdict(verdict),
        "sources_words": claim["sources_shown"]
        + " "
        + language.ngettext("source", "sources", claim["sources"]),
        "attribution": _("Attributed to %(source)s") % {"source": claim["attribution"]}
        if claim["attribution"]
        else None,
        "verdict_line": _("Our verdict: %(verdict)s.")
        % {"verdict": text(verdict.get("name"))},
        "description": claim["description"] or None,
        "explanation": _blocks(verdict.get("explanation"), around),
        "gap_note": gap_note,
        "gap_override_reason": claim["gap_override_reason"],
        "two_person_note": _("Approved without a second reviewer.")
        if claim["two_person_override_reason"]
        else None,
        "two_person_override_reason": claim["two_person_override_reason"],
        "citations": [_citation(citation, language) for citation in claim["citations"]],
        "credit": credit,
    }


def _citation(citation: dict, language: _i18n.Language) -> dict:
    _ = language.gettext
    details = [{"text": value, "link": None} for value in citation["meta"]]
    if citation["locator"]:
        details.append(
            {"text": _("at %(place)s") % {"place": citation["locator"]}, "link": None}
        )
    if citation["archive"]:
        details.append({"text": _("archived copy"), "link": citation["archive"]})
    details.extend(_capture_details(citation["capture"], language))
    return {
        "stance": _STANCE_COLOURS[citation["stance"]],
        "stance_words": citation["stance_words"],
        "title": citation["title"],
        "url": linkable_url(citation["url"]),
        "details": details,
        "quote": citation["quote"] or None,
        "quote_direction": _against(citation["quote"], language.direction),
    }


def _capture_details(capture: dict | None, language: _i18n.Language) -> list[dict]:
    """The source's frozen capture as one detail of the citation's line: when it
    was captured (or the file stored), in the HTML's words, linked to the stored
    copy; none without a capture (docs/EVIDENCE.md, "Captures in reports").

    Shorter than the HTML's on purpose: the capture's SHA-256 and its extracted
    text are one click away, on the public report and in the JSON, and printing
    a 64-digit digest and two more links on each of 1,000 citations made the
    500-claim PDF 11% slower (docs/PERFORMANCE.md)."""
    if capture is None:
        return []
    _ = language.gettext
    when = (
        _("Uploaded evidence, stored %(time)s")
        if capture["uploaded"]
        else _("Captured %(time)s")
    ) % {"time": capture["captured_at"]}
    # The HTML judged the address with linkable_url already: None is no link.
    return [{"text": when, "link": capture["url"] or None}]


def _paragraphs(snapshot: dict, pieces_by_paragraph, around: str) -> list[dict]:
    """The annotated article: each piece's words, and for a claim's words the
    claim's index in the snapshot's claims (the template's `report.claims`)."""
    claims = list(snapshot.get("claims") or ())
    position = {id(claim): index for index, claim in enumerate(claims)}
    # The marked claims in body order, as html_document cut the body into pieces:
    # one claim's pieces are consecutive and its last piece says so.
    if not pieces_by_paragraph:
        return []
    marked = claim_spans(text((snapshot.get("article") or {}).get("body")), claims)
    following, current = 0, None
    result = []
    for paragraph in pieces_by_paragraph:
        shown = []
        for piece in paragraph:
            if piece["claim"] is None:
                shown.append({"claim": None, "words": piece["words"]})
                continue
            if current is None:
                current = position[id(marked[following])]
                following += 1
            shown.append(
                {
                    "claim": current,
                    "words": piece["words"],
                    "first": piece["first"],
                    "last": piece["last"],
                }
            )
            if piece["last"]:
                current = None
        words = "".join(piece["words"] for piece in shown)
        result.append({"pieces": shown, "direction": _against(words, around)})
    return result


def render_pdf(snapshot: dict) -> bytes:
    """The PDF bytes of the snapshot's report. When the reports printed since the
    layout was last forgotten reach LAYOUT_BUDGET claims, a thread forgets it once
    the bytes are returned (the reader does not wait for it; the next report
    waits for the compiler until it is done)."""
    data = json.dumps(document_data(snapshot), ensure_ascii=False, default=str)
    published = parse_datetime((snapshot.get("report") or {}).get("published_at"))
    timestamp = published.astimezone(UTC) if published is not None else None
    claims = len(snapshot.get("claims") or ())
    with _compiler_lock:
        compiler = _typst_compiler()
        try:
            return _compile(compiler, data, timestamp)
        finally:
            if _layout_due(claims):
                _forget_layout_later(compiler)


def _compile(compiler, data: str, timestamp) -> bytes:
    try:
        return compiler.compile(
            # Named every time: an input given to one compile stays the
            # compiler's input for the next.
            input=TEMPLATE,
            format="pdf",
            sys_inputs={"report": data},
            timestamp=timestamp,
            pdf_standards=[PDF_STANDARD],
        )
    except Exception as error:
        # Typst refuses PDF/UA-1 for text no installed font can show (an
        # unassigned code point, a script without its font). The report must
        # still print, so it prints as a tagged PDF without the declaration.
        if not str(getattr(error, "message", error)).startswith("PDF/UA"):
            raise
        return compiler.compile(
            input=TEMPLATE,
            format="pdf",
            sys_inputs={"report": data},
            timestamp=timestamp,
            pdf_standards=[],
            pdf_tags=True,
        )


def _layout_due(claims: int) -> bool:
    """Count the claims printed; True when their layout is due to be forgotten."""
    global _claims_since_forgetting
    _claims_since_forgetting += max(claims, 1)
    if _claims_since_forgetting < LAYOUT_BUDGET:
        return False
    _claims_since_forgetting = 0
    return True


def _forget_layout(compiler) -> None:
    """Age Typst's memoised layout out (the caller holds the compiler lock)."""
    for _ in range(MEMOISED_COMPILATIONS + 1):
        compiler.compile(input=BLANK, format="svg", sys_inputs={})


def _forget_layout_later(compiler) -> None:
    """Forget the layout in a thread that waits for the compiler lock, so the
    report's bytes go back first. Typst releases the GIL while it compiles."""
    global _forgetting
    _forgetting = threading.Thread(
        target=_forget_layout_locked,
        args=(compiler,),
        name="typst-forget-layout",
        daemon=True,
    )
    _forgetting.start()


def _forget_layout_locked(compiler) -> None:
    with _compiler_lock:
        _forget_layout(compiler)


def settle() -> None:
    """Wait until a layout being forgotten is forgotten (tests, the bench)."""
    thread = _forgetting
    if thread is not None:
        thread.join()


class PdfExporter(Exporter):
    identifier = "pdf"
    label = "PDF report"
    content_type = "application/pdf"
    extension = "pdf"
    position = 20

    def render(self, snapshot: dict) -> bytes:
        """The report typeset as a tagged PDF."""
        return render_pdf(snapshot)


exporters = (PdfExporter(),)
