"""Turning files and web pages into article text and metadata.

Imported text is untrusted. HTML never reaches the database: pages go through
trafilatura's main-content extraction (falling back to a plain text walk of the
nh3-sanitized markup), so the stored body is plain text, escaped wherever it is shown.
"""

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nh3
import trafilatura
from lxml import html as lxml_html

from annotations import htmlguard
from annotations.errors import InvalidInput

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

# C0/C1 controls other than tab and newline are never part of article text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "table", "section", "article", "header", "footer",
    "figure", "figcaption", "hr",
}  # fmt: skip


@dataclass
class ImportedText:
    body: str
    title: str = ""
    url: str = ""
    publisher: str = ""
    byline: str = ""
    published_on: dt.date | None = None
    language: str = "en"
    warnings: list[str] = field(default_factory=list)


def decode_text(data: bytes, *, charset: str | None = None) -> str:
    """Decode bytes as text: a BOM wins, then the declared charset, then UTF-8.

    Binary data (NUL bytes outside UTF-16) and undecodable bytes raise InvalidInput
    rather than guessing, because a wrong guess silently corrupts the article.
    """
    if not data:
        raise InvalidInput("The file is empty.")
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        if b"\x00" in data[:8192]:
            raise InvalidInput("The file looks binary, not text.")
        encoding = charset or "utf-8"
    try:
        text = data.decode(encoding)
    except LookupError as exc:
        raise InvalidInput(f"Unknown text encoding {encoding!r}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The file is not valid {encoding.upper()} text (byte {exc.start}); "
            "save it as UTF-8 and try again."
        ) from exc
    controls = len(_CONTROL.findall(text[:8192]))
    if controls > max(8, len(text[:8192]) // 100):
        raise InvalidInput("The file looks binary, not text.")
    return text


def clean_text(text: str) -> str:
    """Normalize line endings, drop control characters and trim the ends.

    Runs before any claim anchors into the text, so no offsets move.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [line.rstrip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def body_fingerprint(text: str) -> str:
    """A digest that is equal for two bodies differing only in white space and case
    (sha256 of the words, case folded, joined by single spaces): how a re-import of
    the same article is recognised. Migration 0009 holds a frozen copy."""
    words = " ".join(unicodedata.normalize("NFC", text or "").casefold().split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def split_title(text: str) -> tuple[str, str]:
    """Take the first line as the title when it looks like a headline.

    The body keeps the headline: it is part of what was published, and the splitter
    marks it as a headline rather than a claim.
    """
    first, _, rest = text.partition("\n")
    first = first.strip().lstrip("#").strip()
    if first and len(first) <= 300 and rest.strip():
        return first, text
    return "", text


def html_to_text(markup: str) -> str:
    """Plain text of sanitized HTML, one line per block element."""
    htmlguard.check_html(markup)
    safe = nh3.clean(markup, tags=_BLOCK_TAGS | {"span", "a", "em", "strong", "b", "i"})
    if not safe.strip():
        return ""
    tree = lxml_html.fragment_fromstring(safe, create_parent="div")
    for element in tree.iter():
        if element.tag in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    return tree.text_content()


def _extract_html(data: bytes, *, charset: str | None, url: str = "") -> ImportedText:
    markup = decode_text(data, charset=charset) if charset else _decode_html(data)
    htmlguard.check_html(markup)
    body = trafilatura.extract(
        markup,
        url=url or None,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        favor_recall=True,
    )
    if not body or len(body.strip()) < 40:
        body = html_to_text(markup)
    imported = ImportedText(body=clean_text(body or ""), url=url)
    meta = trafilatura.extract_metadata(markup, default_url=url or None)
    if meta is not None:
        imported.title = (meta.title or "").strip()[:500]
        imported.publisher = (meta.sitename or "").strip()[:300]
        imported.byline = (meta.author or "").strip()[:300]
        if meta.date:
            try:
                imported.published_on = dt.date.fromisoformat(meta.date[:10])
            except ValueError:
                imported.warnings.append(f"Ignored an unreadable date {meta.date!r}.")
    return imported


def _decode_html(data: bytes) -> str:
    # HTML declares its charset in a meta tag; honour it before falling back to UTF-8.
    head = data[:4096].decode("ascii", errors="ignore")
    match = re.search(r"""charset=["']?([A-Za-z0-9_-]+)""", head)
    return decode_text(data, charset=match.group(1).lower() if match else None)


def text_from_bytes(
    data: bytes, *, filename: str, content_type: str = ""
) -> ImportedText:
    """Extract article text from an uploaded or local file by its name or type."""
    suffix = Path(filename).suffix.lower()
    if suffix in HTML_SUFFIXES or content_type in {
        "text/html",
        "application/xhtml+xml",
    }:
        imported = _extract_html(data, charset=None)
    elif suffix in MARKDOWN_SUFFIXES or content_type == "text/markdown":
        source = decode_text(data)
        title, _ = split_title(clean_text(source))
        imported = ImportedText(
            body=clean_text(html_to_text(htmlguard.markdown_to_html(source)))
        )
        imported.title = title
    elif suffix in TEXT_SUFFIXES or content_type.startswith("text/") or not suffix:
        body = clean_text(decode_text(data))
        title, body = split_title(body)
        imported = ImportedText(body=body, title=title)
    else:
        raise InvalidInput(f"Unsupported file type {suffix!r}: use .txt, .md or .html.")
    if not imported.body:
        raise InvalidInput("No article text was found in the file.")
    if not imported.title:
        imported.title = Path(filename).stem.replace("-", " ").replace("_", " ")[:500]
    return imported


def text_from_fetch(data: bytes, *, url: str, content_type: str, charset: str | None):
    """Extract article text from a fetched web page or text document."""
    if content_type in {"text/html", "application/xhtml+xml", ""}:
        imported = _extract_html(data, charset=charset, url=url)
    elif content_type.startswith("text/"):
        imported = ImportedText(
            body=clean_text(decode_text(data, charset=charset)), url=url
        )
        imported.title, imported.body = split_title(imported.body)
    else:
        raise InvalidInput(
            f"The URL returned {content_type!r}, not a web page or text."
        )
    if not imported.body:
        raise InvalidInput("No article text was found at that URL.")
    if not imported.title:
        imported.title = url[:500]
    return imported
