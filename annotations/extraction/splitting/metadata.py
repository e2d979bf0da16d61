"""The title, byline and publication date at the top of a pasted article."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from annotations.extraction.splitting import kinds
from annotations.extraction.splitting.lexicon import MONTHS
from annotations.extraction.splitting.sentences import split_sentences
from annotations.extraction.splitting.types import Span

# Only the top of the text can hold the header.
HEADER_CHARS = 3000
HEADER_SEGMENTS = 10

_MONTH_NUMBERS = {month.lower()[:3]: number for number, month in enumerate(MONTHS, 1)}
_DATE = re.compile(
    r"(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<year>[0-9]{4})"
    r"|(?P<day2>[0-9]{1,2})\s+(?P<month2>[A-Z][a-z]{2,8})\.?,?\s+(?P<year2>[0-9]{4})"
    r"|(?P<iso_year>[0-9]{4})-(?P<iso_month>[0-9]{2})-(?P<iso_day>[0-9]{2})"
    r"|(?P<us_month>[0-9]{1,2})/(?P<us_day>[0-9]{1,2})/(?P<us_year>[0-9]{4})"
)
_UPDATED = re.compile(r"(?i)\b(?:updated|modified)\b")


@dataclass(frozen=True, slots=True)
class ArticleMetadata:
    """What the article's first lines say about it; each value with its offsets."""

    title: str | None = None
    title_span: Span | None = None
    byline: str | None = None
    byline_span: Span | None = None
    published_on: dt.date | None = None
    published_span: Span | None = None


def parse_date(text: str) -> tuple[dt.date, int, int] | None:
    """The first calendar date written in `text`, with its offsets, or None."""
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        try:
            if groups["month"] or groups["month2"]:
                name = (groups["month"] or groups["month2"]).lower()[:3]
                month = _MONTH_NUMBERS.get(name)
                if month is None:
                    continue
                day = int(groups["day"] or groups["day2"])
                year = int(groups["year"] or groups["year2"])
            elif groups["iso_year"]:
                year, month, day = (
                    int(groups["iso_year"]),
                    int(groups["iso_month"]),
                    int(groups["iso_day"]),
                )
            else:
                year, month, day = (
                    int(groups["us_year"]),
                    int(groups["us_month"]),
                    int(groups["us_day"]),
                )
            return dt.date(year, month, day), match.start(), match.end()
        except ValueError:
            continue
    return None


def extract_metadata(text: str) -> ArticleMetadata:
    """Find the title, byline and publication date in the lines that open `text`.

    The title is the first line when it reads as a headline (no final full stop,
    not a byline, time stamp or credit); the byline is the names after "By"; the
    date comes from the first time stamp or date line, preferring a "Published"
    date to an "Updated" one. Anything not found is None. Offsets index `text`.
    """
    head = text[:HEADER_CHARS]
    title = title_span = byline = byline_span = None
    published_on = published_span = None
    updated: tuple[dt.date, Span] | None = None
    for index, span in enumerate(split_sentences(head)[:HEADER_SEGMENTS]):
        if span.end >= len(head) and len(text) > len(head):
            break
        sentence = head[span.start : span.end]
        if not kinds.is_whole_line(head, span.start, span.end):
            break  # the story's first paragraph: the header is over
        if kinds.DATELINE_PREFIX.match(sentence):
            break
        if kinds.is_byline(sentence):
            if byline is None:
                match = kinds.BYLINE.fullmatch(sentence)
                start = span.start + match.start("names")
                names = match.group("names")
                # "Jane Doe, Staff Writer": the names, without the role.
                while ", " in names and kinds.is_role(names.rsplit(", ", 1)[1]):
                    names = names.rsplit(", ", 1)[0]
                byline_span = Span(start, start + len(names))
                byline = names
            continue
        if kinds.is_timestamp(sentence):
            found = parse_date(sentence)
            if found is None:
                continue
            date, start, end = found
            where = Span(span.start + start, span.start + end)
            if _UPDATED.match(sentence):
                if updated is None:
                    updated = (date, where)
            elif published_on is None:
                published_on, published_span = date, where
            continue
        if index == 0 and title is None:
            if (
                not sentence.endswith(".")
                and not kinds.is_credit(sentence)
                and kinds.form_kind(sentence) is None
            ):
                title, title_span = sentence, Span(span.start, span.end)
            continue
    if published_on is None and updated is not None:
        published_on, published_span = updated
    return ArticleMetadata(
        title=title,
        title_span=title_span,
        byline=byline,
        byline_span=byline_span,
        published_on=published_on,
        published_span=published_span,
    )
