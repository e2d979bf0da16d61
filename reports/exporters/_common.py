"""Pieces every exporter shares: safe links, dates, verdict words and canonical JSON.

Everything here is a pure function of its arguments. Nothing reads the clock, the
locale or the environment, so the same snapshot always renders to the same bytes.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from annotations.sourcing.gaps import KIND_WORDS as GAP_KIND_WORDS
from reports.exporters._i18n import N_

# Only these schemes ever become a link (an href, a Markdown link, a PDF link
# annotation). Anything else (javascript:, data:, vbscript:, file:...) is shown as text.
LINKABLE_SCHEMES = frozenset({"http", "https"})

POLARITIES = ("true", "false", "neutral")
# A glyph per polarity beside the colour and the words, so a verdict never rests on
# colour alone (and survives a black-and-white printer).
POLARITY_GLYPHS = {"true": "✓", "false": "✗", "neutral": "◐"}
UNKNOWN_GLYPH = "•"

STANCES = ("supports", "refutes", "context")
# English msgids of the reports catalogue (reports/exporters/locale/); exporters
# translate them with the report's language where they show them.
STANCE_WORDS = {
    "supports": N_("Supports the claim"),
    "refutes": N_("Refutes the claim"),
    "context": N_("Context"),
}
SOURCE_KIND_WORDS = {
    "primary": N_("primary source"),
    "official": N_("official source"),
    "dataset": N_("dataset"),
    "news": N_("news report"),
    "expert": N_("expert"),
    "academic": N_("academic source"),
    "other": N_("other source"),
}
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# An excerpts-only revision (docs/REPORT_SNAPSHOT.md, `report.excerpts_only`): what
# every format says in place of the article's text, and its link to the original.
EXCERPTS_NOTICE = N_(
    "This report does not reprint the article: it quotes only the checked claims, "
    "each with its review below."
)
READ_ORIGINAL = N_("Read the whole article at its publisher")


def excerpts_only(snapshot: dict) -> bool:
    """Whether the revision was published without the article's text."""
    return (snapshot.get("report") or {}).get("excerpts_only") is True


def text(value) -> str:
    """`value` as a string: None becomes "", anything else its str()."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


# White space (what str.isspace calls so) and C0 control characters: one regular
# expression scans a URL in C, where a loop over its characters cost a PDF's data
# 8 ms of 29 at 500 claims (docs/PERFORMANCE.md).
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f]")


def linkable_url(value) -> str | None:
    """The URL when it may become a link (absolute http or https), else None.

    White space and control characters anywhere refuse the URL: browsers strip some
    of them before reading the scheme, so "java\\tscript:" must never be judged by
    what Python's parser sees.
    """
    if not isinstance(value, str):
        return None
    candidate = value.strip()
    if not candidate or _SPACE_OR_CONTROL.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINKABLE_SCHEMES or not parts.netloc:
        return None
    return candidate


def parse_datetime(value) -> datetime | None:
    """An aware datetime from an ISO 8601 string, or None when absent or unreadable."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        # The contract always carries an offset; a naive time is read as UTC rather
        # than as this machine's local time, which would make output vary by host.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def parse_date(value) -> date | None:
    """A date from "YYYY-MM-DD", or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def utc_timestamp(value) -> str | None:
    """The time in UTC as xsd:dateTime with "Z" ("2026-12-01T22:15:03Z"), or None."""
    parsed = parse_datetime(value)
    if parsed is None:
        return None
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(value) -> str | None:
    """The calendar date of an ISO date or date-time, in its own offset, or None."""
    parsed = parse_datetime(value)
    if parsed is not None:
        return parsed.date().isoformat()
    day = parse_date(value)
    return day.isoformat() if day else None


def human_date(value, language=None) -> str:
    """ "9 March 2021" from a date or date-time string; "" when absent.

    With a `language` (reports.exporters._i18n.Language) other than plain English,
    the long date form of its locale ("9 de marzo de 2021"). Month names never come
    from strftime, whose words follow the process locale.
    """
    parsed = parse_datetime(value)
    day = parsed.date() if parsed is not None else parse_date(value)
    if day is None:
        return ""
    if language is not None and not language.house_english:
        return language.date(day)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def human_datetime(value, language=None) -> str:
    """ "1 December 2026, 22:15 UTC", in the offset the time was given in; in the
    `language`'s own date form when one other than plain English is given."""
    parsed = parse_datetime(value)
    if parsed is None:
        return ""
    offset = parsed.utcoffset()
    if not offset:
        zone = "UTC"
    else:
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        zone = f"UTC{sign}{hours:02d}:{rest:02d}"
    if language is not None and not language.house_english:
        return language.datetime(parsed, zone)
    return f"{human_date(value)}, {parsed:%H:%M} {zone}"


def polarity_of(verdict: dict) -> str:
    """The verdict's polarity when it is one of the three known ones, else "unknown".

    Used in class names and lookups, so an unexpected value never reaches markup.
    """
    polarity = verdict.get("polarity")
    return polarity if polarity in POLARITIES else "unknown"


def verdict_glyph(verdict: dict) -> str:
    """The glyph shown beside the verdict's colour and words."""
    return POLARITY_GLYPHS.get(polarity_of(verdict), UNKNOWN_GLYPH)


def stance_of(citation: dict) -> str:
    """The citation's stance when known, else "context" (the neutral reading)."""
    stance = citation.get("stance")
    return stance if stance in STANCES else "context"


def gap_words(kinds, language=None) -> str:
    """ "no source, a dead link" from gap kind slugs, in the `language` when given;
    unknown slugs as given."""
    words = [
        language.gettext(GAP_KIND_WORDS[text(kind)])
        if language is not None and text(kind) in GAP_KIND_WORDS
        else GAP_KIND_WORDS.get(text(kind), text(kind).replace("_", " "))
        for kind in kinds
    ]
    return ", ".join(word for word in words if word)


def distinct_sources(claim: dict) -> int:
    """How many distinct sources a claim cites (one document cited twice is one)."""
    seen = set()
    for citation in claim.get("citations") or ():
        source = citation.get("source") or {}
        seen.add(
            text(source.get("url"))
            or (text(source.get("title")), text(source.get("publisher")))
        )
    return len(seen)


def short_text(value: str, limit: int = 140) -> str:
    """`value` cut at a word boundary to at most `limit` characters, with "…"."""
    value = " ".join(text(value).split())
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def report_base(snapshot: dict) -> str:
    """The report page URL with a trailing slash, the base of derived identifiers."""
    url = text((snapshot.get("report") or {}).get("url"))
    return url if url.endswith("/") else url + "/"


def claim_url(snapshot: dict, claim: dict) -> str:
    """The claim's place on the public report page: report.url + "#" + anchor."""
    url = text((snapshot.get("report") or {}).get("url")).split("#", 1)[0]
    return f"{url}#{text(claim.get('anchor'))}"


def claim_reviewed(claim: dict) -> str:
    """The claim as checked: the editor's short sentence, else the claim's own text
    in full (never cut: a claim shortened mid-sentence is a claim nobody made, and
    Google advised a short summary, not a truncation)."""
    short = text((claim.get("verdict") or {}).get("claim_as_checked")).strip()
    return short or text(claim.get("text"))


def first_published_at(snapshot: dict) -> str:
    """When the report was first published: the oldest revision's time."""
    report = snapshot.get("report") or {}
    previous = report.get("previous") or []
    times = [text(item.get("published_at")) for item in previous]
    times.append(text(report.get("published_at")))
    dated = [(parse_datetime(value), value) for value in times if parse_datetime(value)]
    return min(dated)[1] if dated else ""


def verdict_published_at(snapshot: dict, claim: dict) -> str:
    """When this verdict first went public: the earliest revision published at or
    after its approval (a verdict changed after the first publication first appeared
    in the revision that followed the change). The current revision's time when the
    approval time is unknown."""
    report = snapshot.get("report") or {}
    current = text(report.get("published_at"))
    approved = parse_datetime((claim.get("verdict") or {}).get("approved_at"))
    if approved is None:
        return current
    candidates = [
        text(item.get("published_at")) for item in report.get("previous") or []
    ]
    candidates.append(current)
    after = [
        (parse_datetime(value), value)
        for value in candidates
        if parse_datetime(value) and parse_datetime(value) >= approved
    ]
    return min(after)[1] if after else current


def rating_numbers(snapshot: dict, claim: dict) -> tuple[int, int, int] | None:
    """(ratingValue, bestRating, worstRating) for the claim's verdict, or None.

    Google's fact-check markup asks that worstRating be at least 1 and below
    bestRating, and that ratingValue lie between them (inclusive); the Fact Check
    Tools API types all three as integers. A label off the scale (no ordinal), or a
    scale that breaks those rules (one ordinal only, an ordinal of 0, a label outside
    the scale's ends), gets no numbers: the words alone are the rating.
    """
    verdict = claim.get("verdict") or {}
    scale = snapshot.get("scale") or {}
    value, best, worst = verdict.get("ordinal"), scale.get("best"), scale.get("worst")
    if not all(_integer(number) for number in (value, best, worst)):
        return None
    if not (1 <= worst < best and worst <= value <= best):
        return None
    return value, best, worst


def _integer(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def paragraphs(value) -> list[str]:
    """The text's paragraphs (split at blank lines), white space trimmed."""
    blocks = text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n\n")
    return [block.strip() for block in blocks if block.strip()]


def claim_spans(body: str, claims: list[dict]) -> list[dict]:
    """The claims that can be marked in the body: in range, matching their text,
    not overlapping an earlier one, in body order.

    The contract guarantees body[start:end] == text; a claim that breaks it is still
    reviewed in full, it is only not highlighted, rather than highlighting the wrong
    words.
    """
    marked = []
    cursor = 0
    for claim in sorted(
        claims, key=lambda c: (_int(c.get("start")), _int(c.get("end")))
    ):
        start, end = _int(claim.get("start")), _int(claim.get("end"))
        if not (cursor <= start < end <= len(body)):
            continue
        if body[start:end] != text(claim.get("text")):
            continue
        marked.append(claim)
        cursor = end
    return marked


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def canonical_json(value, *, indent: int | None = 2) -> str:
    """JSON in the key order given, UTF-8 characters kept, with a trailing newline."""
    return json.dumps(value, ensure_ascii=False, indent=indent) + "\n"


def script_json(value) -> str:
    """JSON safe to place inside a <script> element.

    `<`, `>` and `&` only ever occur inside JSON strings, where their \\u escapes
    mean the same characters, so "</script>" or "<!--" in user text cannot end or
    alter the element. U+2028/U+2029 are escaped for old JavaScript parsers.
    """
    encoded = json.dumps(value, ensure_ascii=False, indent=2)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        encoded = encoded.replace(raw, escaped)
    return encoded
