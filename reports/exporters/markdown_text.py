"""The report as Markdown: verdicts in words, sources as footnotes ([^1]).

User text is untrusted and Markdown passes raw HTML through, so every piece of it is
made inert before it is placed: `&`, `<`, `>` become character references (so
"<script>" is shown, never parsed), the punctuation that opens inline syntax is
backslash-escaped (so "[x](javascript:...)" is text, not a link) or, for the
characters some renderers cannot escape (`|`, `~`, `^`), written as numeric
references, and a line that would open a block (a heading, a list item, a setext
underline) has its first mark escaped. Other punctuation is left alone so the
source stays readable. Only http(s) URLs become links. The footnote syntax is the common
extension (Python-Markdown's "footnotes", GitHub, Pandoc).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from reports.exporters import _i18n
from reports.exporters._base import Exporter
from reports.exporters._common import (
    EXCERPTS_NOTICE,
    READ_ORIGINAL,
    STANCE_WORDS,
    claim_spans,
    distinct_sources,
    excerpts_only,
    gap_words,
    human_date,
    human_datetime,
    linkable_url,
    paragraphs,
    short_text,
    stance_of,
    text,
    verdict_glyph,
)

# Characters that start inline syntax anywhere (emphasis, code, links, images,
# attribute lists); both CommonMark and Python-Markdown accept a backslash before
# them.
_BACKSLASHED = set("\\`*_{}[]")
# Characters some renderers give meaning to but cannot backslash-escape, and the
# HTML metacharacters: written as character references, which every Markdown
# renderer shows as the character itself.
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "|": "&#124;",
    "~": "&#126;",
    "^": "&#94;",
}
# What makes a block only at the start of a line: a heading, a list item, a setext
# underline, an ordered-list number.
_BLOCK_START = re.compile(r"^(?:([#+\-])|(=)|(\d+)([.)]))")
# URL characters left as they are in a link destination; the rest is percent-encoded
# (parentheses, angle brackets, quotes, backslashes and spaces would end it early).
_URL_KEEP = ":/?#[]@!$&'*+,;=%~-._"


def escape(value) -> str:
    """Inline text that renders as itself: no HTML, links, emphasis or blocks.

    The result is one line (runs of white space become one space), safe both inline
    and at the start of a line.
    """
    out = []
    for ch in " ".join(text(value).split()):
        if ch in _REFERENCES:
            out.append(_REFERENCES[ch])
        elif ch in _BACKSLASHED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    line = "".join(out)
    match = _BLOCK_START.match(line)
    if match is None:
        return line
    if match[1]:
        return "\\" + line
    if match[2]:
        return "&#61;" + line[1:]
    return f"{match[3]}\\{match[4]}{line[match.end() :]}"


def escape_block(value) -> list[str]:
    """Paragraphs of text, each escaped, line breaks inside kept as hard breaks."""
    blocks = []
    for block in paragraphs(value):
        lines = [escape(line) for line in block.split("\n") if line.strip()]
        blocks.append("  \n".join(lines))
    return blocks


def link(label: str, url) -> str:
    """[label](url) when the URL is http(s); the escaped label alone otherwise.

    The destination is percent-encoded where Markdown would read it as syntax
    (spaces, parentheses, angle brackets, quotes, backslashes).
    """
    safe = linkable_url(url)
    if safe is None:
        return escape(label)
    return f"[{escape(label)}]({_destination(safe)})"


def _destination(url: str) -> str:
    return quote(url, safe=_URL_KEEP)


def verdict_words(verdict: dict) -> str:
    """ "✓ Mostly true": the glyph and the label's name, escaped."""
    return f"{verdict_glyph(verdict)} {escape(verdict.get('name'))}"


class _Footnotes:
    """One footnote per distinct source, numbered in order of first citation."""

    def __init__(self, language: _i18n.Language):
        self.language = language
        self.keys: dict = {}
        self.notes: list[str] = []

    def mark(self, source: dict) -> str:
        key = text(source.get("url")) or (
            text(source.get("title")),
            text(source.get("publisher")),
        )
        if key not in self.keys:
            self.keys[key] = len(self.keys) + 1
            self.notes.append(_source_note(source, self.language))
        return f"[^{self.keys[key]}]"


def _source_note(source: dict, language: _i18n.Language) -> str:
    _ = language.gettext
    title = text(source.get("title")).strip() or _("Untitled source")
    parts = [link(title, source.get("url"))]
    for field in ("publisher", "domain"):
        if text(source.get(field)).strip():
            parts.append(escape(source.get(field)))
    url = linkable_url(source.get("url"))
    if url:
        parts.append(f"<{_destination(url)}>")
    archive = linkable_url(source.get("archive_url"))
    if archive:
        parts.append(link(_("archived copy"), archive))
    return ", ".join(parts) + "." + _capture_note(source, language)


def _capture_note(source: dict, language: _i18n.Language) -> str:
    """The source's frozen capture as the HTML says it (when it was captured or
    stored, its download and text links, its SHA-256), or "" without one."""
    capture = source.get("capture")
    if not isinstance(capture, dict):
        return ""
    _ = language.gettext
    when = escape(human_datetime(capture.get("captured_at"), language))
    words = (
        _("Uploaded evidence, stored %(time)s")
        if capture.get("origin") == "uploaded"
        else _("Captured %(time)s")
    ) % {"time": when}
    parts = [words]
    download = linkable_url(capture.get("url"))
    if download:
        parts.append(link(_("download the capture"), download))
    words_url = linkable_url(capture.get("text_url"))
    if words_url:
        parts.append(link(_("its text"), words_url))
    digest = text(capture.get("sha256"))
    if re.fullmatch(r"[0-9a-f]{64}", digest):
        # A hex digest never needs escaping; anything else is not one.
        parts.append(f"SHA-256 `{digest}`")
    return " " + " · ".join(parts) + "."


def render_markdown(snapshot: dict) -> str:
    """The whole report as a Markdown string."""
    report = snapshot.get("report") or {}
    article = snapshot.get("article") or {}
    organisation = snapshot.get("organisation") or {}
    scale = snapshot.get("scale") or {}
    coverage = snapshot.get("coverage") or {}
    claims = list(snapshot.get("claims") or ())
    # The catalogue's words are the project's own, but they are escaped like user
    # text wherever they stand alone, so a translation can never open Markdown
    # syntax; values placed into a message are escaped before they go in.
    language = _i18n.language(article.get("language"))
    _ = language.gettext
    footnotes = _Footnotes(language)
    out: list[str] = []

    out.append(
        "# " + _("Fact check: %(title)s") % {"title": escape(article.get("title"))}
    )
    by = link(text(organisation.get("name")), organisation.get("url"))
    out.append(
        _("%(by)s · revision %(revision)s · published %(date)s")
        % {
            "by": by,
            "revision": escape(report.get("revision")),
            "date": escape(human_datetime(report.get("published_at"), language)),
        }
    )
    facts = []
    for name, value in (
        (_("Publisher"), escape(article.get("publisher"))),
        (_("Byline"), escape(article.get("byline"))),
        (_("Published"), escape(human_date(article.get("published_on"), language))),
        (_("Original"), _original(article.get("url"))),
        (_("Checked by"), escape(report.get("published_by"))),
    ):
        if value:
            facts.append(f"- {escape(name)}: {value}")
    if facts:
        out.append("\n".join(facts))
    excerpts = excerpts_only(snapshot)
    if excerpts:
        notice = escape(_(EXCERPTS_NOTICE))
        if linkable_url(article.get("url")):
            notice += f" **{link(_(READ_ORIGINAL), article.get('url'))}**"
        out.append(notice)
    if _revision(report) > 1:
        updated = _("Updated on %(date)s,") % {
            "date": escape(human_date(report.get("published_at"), language))
        }
        out.append(f"*{updated} [{escape(_('see corrections'))}](#corrections).*")

    out.append("## " + escape(_("Verdicts at a glance")))
    if claims:
        table = [
            f"| # | {escape(_('Claim'))} | {escape(_('Verdict'))} "
            f"| {escape(_('Sources'))} |",
            "|---:|---|---|---:|",
        ]
        for claim in claims:
            table.append(
                f"| {escape(claim.get('number'))} "
                f"| {escape(short_text(claim.get('text'), 120))} "
                f"| {verdict_words(claim.get('verdict') or {})} "
                f"| {escape(language.number(distinct_sources(claim)))} |"
            )
        out.append("\n".join(table))
    else:
        out.append(escape(_("No claims have been checked yet.")))

    out.append("## " + escape(_("Coverage")))
    out.append(
        _(
            "%(checked)s of %(checkworthy)s check-worthy claims checked, citing "
            "%(sources)s distinct sources."
        )
        % {
            "checked": escape(language.number(coverage.get("checked"))),
            "checkworthy": escape(language.number(coverage.get("checkworthy"))),
            "sources": escape(language.number(coverage.get("sources"))),
        }
    )
    names = {
        label.get("slug"): label.get("name") for label in scale.get("labels") or ()
    }
    counts = [
        f"- {escape(names.get(slug, slug))}: {escape(language.number(count))}"
        for slug, count in (coverage.get("by_verdict") or {}).items()
        if count
    ]
    if counts:
        out.append("\n".join(counts))
    if text(report.get("override_reason")).strip():
        out.append(
            "**"
            + escape(_("Published before every check-worthy claim was checked:"))
            + "** "
            + escape(report.get("override_reason"))
        )

    if not excerpts:
        out.append("## " + escape(_("The article")))
        out.extend(_annotated_body(article, claims))

    out.append("## " + escape(_("Claims")))
    for claim in claims:
        out.extend(_claim_section(claim, scale, footnotes, language))

    out.append("## " + escape(_("Methodology")))
    out.extend(escape_block(snapshot.get("methodology")) or [escape(_("Not stated."))])
    labels = scale.get("labels") or []
    if labels:
        out.append(_("Rating scale: %(name)s") % {"name": escape(scale.get("name"))})
        out.append(
            "\n".join(
                f"- **{verdict_words(label)}**: {escape(label.get('description'))}"
                for label in labels
            )
        )

    out.append("## " + escape(_("Corrections")))
    out.extend(_corrections(report, language))

    if footnotes.notes:
        out.append(
            "\n".join(
                f"[^{number}]: {note}" for number, note in enumerate(footnotes.notes, 1)
            )
        )
    return "\n\n".join(out) + "\n"


def _original(url) -> str:
    safe = linkable_url(url)
    if safe:
        return f"<{_destination(safe)}>"
    return escape(url)


def _revision(report: dict) -> int:
    revision = report.get("revision")
    return revision if isinstance(revision, int) else 0


# Paragraph breaks: blank lines; in a body without any (a web page's extracted text
# has one paragraph per line), every line break.
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")
# A line break inside a paragraph: two spaces and a newline, the hard break every
# Markdown renderer reads (a trailing backslash is CommonMark's only).
_HARD_BREAK = "  \n"


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of the body that holds text."""
    breaks = _BLANK_LINE if _BLANK_LINE.search(body) else _LINE_BREAK
    spans, cursor = [], 0
    for match in breaks.finditer(body):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(body)))
    return [(start, end) for start, end in spans if body[start:end].strip()]


def _annotated_body(article: dict, claims: list[dict]) -> list[str]:
    """The article as its own paragraphs, each checked claim in bold and numbered
    inside the paragraph it belongs to: "… **[1] …** *(✓ True)* …".

    A claim that runs across a paragraph break is marked in each paragraph; only its
    first piece carries the number and its last the verdict. A line break inside a
    paragraph stays a (hard) line break, so no line runs on for the whole article.
    """
    body = text(article.get("body"))
    marked = claim_spans(body, claims)
    paragraphs, next_claim = [], 0
    for para_start, para_end in _paragraph_spans(body):
        lines: list[list[str]] = [[]]
        position, index = para_start, next_claim
        while index < len(marked) and marked[index]["start"] < para_end:
            claim = marked[index]
            piece_start = max(claim["start"], para_start)
            piece_end = min(claim["end"], para_end)
            if piece_end > piece_start:
                _add_plain(lines, body[position:piece_start])
                lines[-1].append(
                    _claim_mark(
                        claim,
                        body[piece_start:piece_end],
                        first=piece_start == claim["start"],
                        last=piece_end == claim["end"],
                    )
                )
                position = piece_end
            if claim["end"] > para_end:
                break  # it goes on in the next paragraph
            index += 1
        next_claim = index
        _add_plain(lines, body[position:para_end])
        paragraphs.append(_HARD_BREAK.join(" ".join(line) for line in lines if line))
    return paragraphs


def _add_plain(lines: list[list[str]], run: str) -> None:
    """Escaped plain text onto the paragraph's lines; each line break starts a line."""
    for index, line in enumerate(run.split("\n")):
        if index:
            lines.append([])
        if line.strip():
            lines[-1].append(escape(line))


def _claim_mark(claim: dict, words: str, *, first: bool, last: bool) -> str:
    mark = f"**\\[{escape(claim.get('number'))}\\] " if first else "**"
    mark += f"{escape(words)}**"
    if last:
        mark += f" *({verdict_words(claim.get('verdict') or {})})*"
    return mark


def _claim_section(
    claim: dict, scale: dict, footnotes: _Footnotes, language: _i18n.Language
) -> list[str]:
    _ = language.gettext
    verdict = claim.get("verdict") or {}
    out = [
        "### "
        + _("Claim %(number)s: %(verdict)s")
        % {"number": escape(claim.get("number")), "verdict": verdict_words(verdict)},
        "\n".join(f"> {line}" for line in escape_block(claim.get("text")) or [""]),
    ]
    if text(claim.get("attribution")).strip():
        out.append(
            _("Attributed to %(source)s.")
            % {"source": escape(claim.get("attribution"))}
        )
    description = next(
        (
            label.get("description")
            for label in scale.get("labels") or ()
            if label.get("slug") == verdict.get("label")
        ),
        "",
    )
    line = "**" + _("Verdict: %(verdict)s.") % {"verdict": escape(verdict.get("name"))}
    line += "**"
    if text(description).strip():
        line += f" {escape(description)}"
    out.append(line)
    out.extend(escape_block(verdict.get("explanation")))
    if text(verdict.get("gap_override_reason")).strip():
        kinds = gap_words(verdict.get("gap_override_kinds") or (), language)
        heading = (
            _("Approved over open sourcing gaps (%(gaps)s):") % {"gaps": escape(kinds)}
            if kinds
            else escape(_("Approved over open sourcing gaps:"))
        )
        out.append(f"**{heading}** {escape(verdict.get('gap_override_reason'))}")
    if text(verdict.get("two_person_override_reason")).strip():
        out.append(
            "**"
            + escape(_("Approved without a second reviewer:"))
            + "** "
            + escape(verdict.get("two_person_override_reason"))
        )
    citations = list(claim.get("citations") or ())
    if citations:
        out.append(escape(_("Evidence:")))
        items = []
        for citation in citations:
            source = citation.get("source") or {}
            title = text(source.get("title")).strip() or _("Untitled source")
            item = (
                f"- **{escape(_(STANCE_WORDS[stance_of(citation)]))}:** "
                f"{link(title, source.get('url'))}{footnotes.mark(source)}"
            )
            if text(source.get("publisher")).strip():
                item += f", {escape(source.get('publisher'))}"
            if text(citation.get("quote")).strip():
                item += f". “{escape(citation.get('quote'))}”"
            if text(citation.get("locator")).strip():
                item += f" ({escape(citation.get('locator'))})"
            items.append(item)
        out.append("\n".join(items))
    else:
        out.append(escape(_("No sources are cited for this claim.")))
    approved = human_datetime(verdict.get("approved_at"), language)
    if text(verdict.get("approved_by")).strip():
        credit = _("Approved by %(person)s on %(date)s.") % {
            "person": escape(verdict.get("approved_by")),
            "date": escape(approved),
        }
        out.append(f"*{credit}*")
    elif approved:
        out.append("*" + _("Approved on %(date)s.") % {"date": escape(approved)} + "*")
    return out


def _corrections(report: dict, language: _i18n.Language) -> list[str]:
    _ = language.gettext
    revision = _revision(report)
    published = escape(human_datetime(report.get("published_at"), language))
    if revision <= 1:
        return [
            _("First published on %(date)s. No corrections since.")
            % {"date": published}
        ]
    out = [
        _("Updated on %(date)s (revision %(revision)s).")
        % {"date": published, "revision": revision}
    ]
    if text(report.get("note")).strip():
        out.extend(escape_block(report.get("note")))
    history = []
    for item in report.get("previous") or ():
        line = "- " + _("Revision %(revision)s, published %(date)s") % {
            "revision": escape(item.get("revision")),
            "date": escape(human_datetime(item.get("published_at"), language)),
        }
        if text(item.get("note")).strip():
            line += f": {escape(item.get('note'))}"
        history.append(line)
    if history:
        out.append(escape(_("Earlier revisions:")))
        out.append("\n".join(history))
    return out


class MarkdownExporter(Exporter):
    identifier = "md"
    label = "Markdown"
    content_type = "text/markdown; charset=utf-8"
    extension = "md"
    position = 30

    def render(self, snapshot: dict) -> bytes:
        """The report as UTF-8 Markdown."""
        return render_markdown(snapshot).encode("utf-8")


exporters = (MarkdownExporter(),)
