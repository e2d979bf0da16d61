"""Turning files and web pages into article text and metadata.

Imported text is untrusted. HTML never reaches the database: a page's furniture is
removed, trafilatura takes its main content (falling back, when it finds too little,
to a plain text walk of the nh3-sanitized markup), and the page's own declarations
give the article's URL, title, publisher, date and authors (`page_metadata`), so the
stored body is plain text, escaped wherever it is shown. See docs/EXTRACTION.md
("Web pages").
"""

import copy
import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nh3
import trafilatura
from lxml import etree as lxml_etree
from lxml import html as lxml_html

from annotations.errors import InvalidInput
from annotations.extraction import htmlguard, page_metadata
from annotations.extraction.splitting.kinds import is_page_chrome
from annotations.extraction.splitting.lexicon import words
from annotations.limits import BYLINE_MAX, PUBLISHER_MAX, TITLE_MAX
from annotations.sources import registrable_domain

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
    # The languages the page declares, as written; the article's language is
    # chosen from them and the text when it is created
    # (`annotations.extraction.language`).
    declared_languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# What decode_text says of bytes that are not text at all (callers tell it apart from
# text in an unexpected encoding by this message).
LOOKS_BINARY = "The file looks binary, not text."


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
            raise InvalidInput(LOOKS_BINARY)
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
        raise InvalidInput(LOOKS_BINARY)
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
    document = page_metadata.parse(markup)
    if document is None:
        return ImportedText(body=clean_text(html_to_text(markup)), url=url)
    found = page_metadata.read(document, page_url=url)
    body = story_text(document, url=url)
    if found.title and body and not body.startswith(found.title):
        # The body opens with the headline, as a pasted or uploaded text does: it
        # is part of what was published, and the splitter marks it a headline.
        body = f"{found.title}\n\n{body}"
    imported = ImportedText(
        body=clean_text(body),
        url=_article_url(found.url, url),
        title=found.title,
        publisher=found.publisher,
        byline=found.byline[:BYLINE_MAX],
        published_on=found.published_on,
        declared_languages=found.languages,
        warnings=found.warnings,
    )
    if not imported.publisher and found.organisations:
        # "By Reuters" on a page that names no site: the organisation published it.
        imported.publisher = found.organisations[0][:PUBLISHER_MAX]
    return imported


def _article_url(canonical: str, fetched: str) -> str:
    """The page's canonical URL, unless it was fetched from another site (a
    syndicated copy names the original's): then the address it was fetched from."""
    if not canonical:
        return fetched
    if fetched and registrable_domain(canonical) != registrable_domain(fetched):
        return fetched
    return canonical


# Elements that are never the story: the page's furniture, forms and embeds.
_FURNITURE_TAGS = (
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object",
    "embed", "form", "button", "input", "select", "textarea", "label", "nav",
    "aside", "footer", "dialog", "menu", "audio", "video", "amp-sidebar", "amp-ad",
    "amp-embed", "amp-social-share", "amp-analytics", "amp-consent",
)  # fmt: skip
_FURNITURE_ROLES = words(
    "navigation banner contentinfo complementary dialog alertdialog search menu "
    "menubar toolbar tablist marquee timer"
)
# Class and id words of furniture (each whole, between - _ and spaces): menus,
# sharing, sign-ups, consent, related and recommended links, comments, ads, tags,
# author boxes, tickers and promotions.
_FURNITURE_WORDS = words(
    """
    nav navbar navigation menu submenu breadcrumb breadcrumbs skip sidebar widget
    widgets share sharing sharebar social follow newsletter newsletters signup
    subscribe subscription cookie cookies consent gdpr onetrust cmp related
    recommended recommendations recirculation recirc readnext more-from most-read
    mostread most-popular mostpopular popular trending onwards comments comment
    disqus respond outbrain taboola sponsored advert advertisement advertising ad ads
    adslot promo promotion promos tags tag-list topics keywords author-bio pullquote
    pull-quote author-info author-card authorbio bio ticker marquee weather epic banner
    modal overlay popup toast alert-bar app-promo print-edition licensing
    purchase-licensing byline-block links-block
    """
)
_TOKEN_SPLIT = re.compile(r"[\s_]+|(?<=[a-z])(?=[A-Z])|--|__")
# A container holding this share of the page's paragraph text is the story, whatever
# its class says ("article post tag-ferries comments-open").
_STORY_SHARE = 0.4


def _furniture_words(element) -> set[str]:
    """The words of an element's class and id ("related-content__link" gives
    "related-content", "related", "content", "link")."""
    words: set[str] = set()
    for value in (element.get("class"), element.get("id")):
        for name in (value or "").split():
            words.add(name.lower().replace("_", "-").strip("-"))
            for token in _TOKEN_SPLIT.split(name):
                token = token.lower().strip("-")
                if token:
                    words.add(token)
                    words.update(part for part in token.split("-") if part)
    return words


def _paragraph_text(element) -> int:
    return sum(len(p.text_content()) for p in element.iter("p", "li"))


def _remove(element) -> None:
    """Drop an element and its content, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _subtree_facts(body) -> tuple[dict, dict, list]:
    """Each element's paragraph text length and whether it holds an <h1>, counted
    once from the leaves up (a page may nest thousands of elements). The list
    keeps the elements, and so their dictionary keys, alive."""
    elements = [element for element in body.iter() if isinstance(element.tag, str)]
    chars: dict = {}
    headline: dict = {}
    for element in reversed(elements):
        own = len(element.text_content()) if element.tag in ("p", "li") else 0
        children = [child for child in element if isinstance(child.tag, str)]
        chars[element] = own + sum(chars[child] for child in children)
        headline[element] = element.tag == "h1" or any(
            headline[child] for child in children
        )
    return chars, headline, elements


def _prune_furniture(document) -> None:
    """Remove the page's furniture from `document` in place: navigation, headers
    and footers, asides, forms, dialogs, hidden elements, and elements whose class
    or id names furniture (`_FURNITURE_WORDS`), unless they hold the story (its
    headline, or `_STORY_SHARE` of the page's paragraph text)."""
    body = document.find("body")
    if body is None:
        body = document
    chars, headline, _elements = _subtree_facts(body)
    total = max(chars.get(body, 0), 1)
    doomed = []
    stack = list(reversed(body))
    while stack:
        element = stack.pop()
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments, processing instructions
            continue
        tag = element.tag.lower()
        role = (element.get("role") or "").lower()
        furniture = (
            element.get("hidden") is not None
            or (element.get("aria-hidden") or "").lower() == "true"
            or (element.get("aria-modal") or "").lower() == "true"
            or role in _FURNITURE_ROLES
            or tag == "header"
            or not _furniture_words(element).isdisjoint(_FURNITURE_WORDS)
        )
        if tag in _FURNITURE_TAGS or (
            furniture
            and not headline[element]
            and chars[element] < _STORY_SHARE * total
        ):
            doomed.append(element)
            continue  # what it holds goes with it
        stack.extend(reversed(element))
    for element in doomed:
        _remove(element)


# Credits inside a caption: "Photograph: Name/Agency", "Credit: …".
_CREDIT_WORDS = words("credit credits copyright photographer source attribution byline")
_CREDIT_OPENING = re.compile(r"(?i)(?:photo|image|picture|credit|illustration|video)")
# A paragraph after a figure is found in the story by its first characters.
_ANCHOR_CHARS = 60


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _story_container(body):
    """The element that holds the story: the smallest one with half the page's
    paragraph text, widened to its <article> or to the headline's level."""
    total = _paragraph_text(body)
    if not total:
        return body
    container = body
    while True:
        inner = next(
            (
                child
                for child in container
                if isinstance(child.tag, str) and _paragraph_text(child) * 2 >= total
            ),
            None,
        )
        if inner is None:
            break
        container = inner
    article = (
        next((a for a in container.iterancestors("article")), None)
        if container.tag != "article"
        else container
    )
    if article is not None:
        return article
    headline = body.find(".//h1")
    if headline is not None and container not in headline.iterancestors():
        ancestors = set(container.iterancestors())
        for ancestor in headline.iterancestors():
            if ancestor in ancestors:
                return ancestor
    return container


def _caption_line(figure) -> str:
    """A figure's caption on one line, with its credit after it ("caption /
    credit", or "caption Photograph: …" as written): the print form the splitter
    reads as a caption and its credit. "" when the figure has no caption."""
    caption = figure.find(".//figcaption")
    if caption is None:
        return ""
    credits = [
        element
        for element in caption.iter()
        if element is not caption
        and isinstance(element.tag, str)
        and not _furniture_words(element).isdisjoint(_CREDIT_WORDS)
    ]
    credit = " ".join(_squeeze(element.text_content()) for element in credits)
    for element in credits:
        _remove(element)
    text = _squeeze(caption.text_content())
    if text and credit:
        joiner = " " if _CREDIT_OPENING.match(credit) else " / "
        text = f"{text}{joiner}{credit}"
    return text


def _following_texts(figure, limit: int = 40) -> list[str]:
    """The openings of the blocks of text after `figure` in the page, in order."""
    found: list[str] = []
    element = figure
    while element is not None and element.tag != "body" and len(found) < limit:
        for sibling in element.itersiblings():
            for block in sibling.iter():
                if not isinstance(block.tag, str) or not (block.text or "").strip():
                    continue
                text = _squeeze(block.text_content())
                if len(text) >= 20:
                    found.append(text[:_ANCHOR_CHARS])
            if len(found) >= limit:
                break
        element = element.getparent()
    return found[:limit]


def _story_captions(document) -> list[tuple[str, str]]:
    """(caption line, opening of the paragraph after it) for each figure inside
    the story's container; every figure is then removed from `document`.

    A caption belongs to the story when its figure stands in the story's
    container (the lead photo under the headline, photos between paragraphs);
    figures elsewhere (teasers, galleries, promotions) are dropped with their
    captions.
    """
    body = document.find("body")
    if body is None:
        body = document
    container = _story_container(body)
    inside = set(container.iter("figure"))
    captions = []
    for figure in list(body.iter("figure")):
        if figure in inside:
            line = _caption_line(figure)
            if line:
                captions.append((line, _following_texts(figure)))
        _remove(figure)
    return captions


def _extract_main(document, url: str, **focus) -> list[str]:
    """trafilatura's main content of `document` as paragraphs (see `_blocks`)."""
    found = trafilatura.extract(
        document,
        url=url or None,
        output_format="xml",
        include_comments=False,
        include_tables=False,
        include_images=False,
        deduplicate=False,
        **focus,
    )
    return _blocks(found) if found else []


def _block_lines(element) -> list[str]:
    lines, current = [], []
    for part in element.iter():
        if part.tag == "lb":
            lines.append("".join(current))
            current = [part.tail or ""]
        elif part is element:
            current.append(part.text or "")
        else:
            if part.tag != "lb":
                current.append(part.text or "")
            current.append(part.tail or "")
    lines.append("".join(current))
    return [_squeeze(line) for line in lines if _squeeze(line)]


def _blocks(xml: str) -> list[str]:
    """Paragraphs from trafilatura's XML: each heading, paragraph, list item and
    quotation its own, with a paragraph's line breaks kept; the page's own
    headline (an h1 before the first paragraph) left out, as the title opens the
    body anyway. Page chrome that got through is dropped: a paragraph whose first
    line is chrome ending in ":" ("To contact the reporter on this story:") with
    all that follows it, else every line that is chrome."""
    try:
        root = lxml_etree.fromstring(xml.encode("utf-8"))
    except lxml_etree.XMLSyntaxError:
        return []
    main = root.find("main")
    if main is None:
        return []
    paragraphs: list[str] = []
    seen_text = False
    for element in main.iter("head", "p", "item", "quote"):
        if element.tag == "quote" and element.find(".//p") is not None:
            continue  # its paragraphs come on their own
        if element.tag == "p" and any(
            ancestor.tag in ("item", "quote") and ancestor.find(".//p") is None
            for ancestor in element.iterancestors()
        ):
            continue
        if element.tag == "head" and element.get("rend") == "h1" and not seen_text:
            continue
        lines = _block_lines(element)
        if not lines:
            continue
        if element.tag == "item":
            lines[0] = f"- {lines[0]}"
        if is_page_chrome(lines[0]) and lines[0].endswith(":"):
            continue
        lines = [line for line in lines if not is_page_chrome(line)]
        if lines:
            paragraphs.append("\n".join(lines))
            seen_text = seen_text or element.tag != "head"
    return paragraphs


# A live blog: at least this many entries side by side, each an <article>.
MIN_LIVE_ENTRIES = 3
_ENTRY_BLOCKS = ("time", "h2", "h3", "h4", "h5", "p", "li", "blockquote")


def _live_entries(document) -> list[str]:
    """The entries of a live blog as paragraphs, in page order: each entry's time
    stamp, heading and text. [] when the page is not one.

    A live blog is MIN_LIVE_ENTRIES or more sibling <article> elements, each with
    a paragraph of its own, that together hold half the page's paragraph text.
    trafilatura takes one article of such a page and loses the other entries'
    headings and times.
    """
    body = document.find("body")
    if body is None:
        return []
    total = _paragraph_text(body)
    for parent in body.iter():
        entries = [
            child
            for child in parent
            if child.tag == "article"
            and any(len(_squeeze(p.text_content())) >= 40 for p in child.iter("p"))
        ]
        if len(entries) < MIN_LIVE_ENTRIES:
            continue
        if sum(_paragraph_text(entry) for entry in entries) * 2 < total:
            continue
        paragraphs = []
        for entry in entries:
            for block in entry.iter(*_ENTRY_BLOCKS):
                if any(
                    ancestor.tag in _ENTRY_BLOCKS
                    for ancestor in block.iterancestors()
                    if ancestor is not entry and entry in ancestor.iterancestors()
                ):
                    continue  # its text is in the block around it
                text = _squeeze(block.text_content())
                if text and not is_page_chrome(text):
                    paragraphs.append(text)
        return paragraphs
    return []


# Below this many characters a run found too little of the story.
MIN_STORY_CHARS = 200


def _length(paragraphs: list[str]) -> int:
    return sum(len(paragraph) for paragraph in paragraphs)


def story_text(document, *, url: str = "") -> str:
    """The story's text from a parsed page (changed in place): one paragraph per
    block, blank lines between them.

    The page's furniture is removed first (`_prune_furniture`) and the story's
    figures set aside as captions; trafilatura then takes the main content in its
    precision mode (a live blog's entries are taken one by one instead,
    `_live_entries`). When that finds less than MIN_STORY_CHARS, or less than half
    of what its balanced mode finds, the balanced run is used; when both find too
    little, the recall run, and last the plain text of what is left. Page chrome
    that got through is dropped (`kinds.is_page_chrome`); the story's captions go
    back where their figures stood.
    """
    _prune_furniture(document)
    captions = _story_captions(document)
    entries = _live_entries(document)
    if _length(entries) >= MIN_STORY_CHARS:
        return "\n\n".join(_with_captions(entries, captions))
    precise = _extract_main(copy.deepcopy(document), url, favor_precision=True)
    balanced = _extract_main(copy.deepcopy(document), url)
    paragraphs = precise
    if _length(precise) < max(MIN_STORY_CHARS, _length(balanced) / 2):
        paragraphs = balanced
    if _length(paragraphs) < MIN_STORY_CHARS:
        recall = _extract_main(copy.deepcopy(document), url, favor_recall=True)
        if _length(recall) > _length(paragraphs):
            paragraphs = recall
    if _length(paragraphs) < MIN_STORY_CHARS:
        plain = html_to_text(lxml_html.tostring(document, encoding="unicode"))
        lines = [_squeeze(line) for line in plain.splitlines()]
        lines = [line for line in lines if line and not is_page_chrome(line)]
        if _length(lines) > _length(paragraphs):
            paragraphs = lines
    return "\n\n".join(_with_captions(paragraphs, captions))


def _with_captions(paragraphs: list[str], captions) -> list[str]:
    """The story's captions put back before the first paragraph of the story that
    followed their figure on the page (a lead photo's before the first one); a
    caption with no such paragraph after it is left out."""
    result = list(paragraphs)
    for line, following in reversed(captions):
        if line in result:
            continue
        at = None
        for opening in following:
            at = next(
                (
                    index
                    for index, paragraph in enumerate(result)
                    if paragraph.startswith(opening)
                ),
                None,
            )
            if at is not None:
                break
        if at is not None:
            result.insert(at, line)
    return result


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
        stem = Path(filename).stem.replace("-", " ").replace("_", " ")
        imported.title = stem[:TITLE_MAX]
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
        imported.title = url[:TITLE_MAX]
    return imported


def page_text(data: bytes, *, content_type: str, charset: str | None) -> str:
    """All the text of a fetched HTML or text document, for looking quotes up in a
    captured page: every block of the page (not only the story `text_from_fetch`
    keeps), one per line. Raises InvalidInput for markup over the guard's limits,
    bytes that are not text, and types that are neither HTML nor text."""
    if content_type in {"text/html", "application/xhtml+xml"}:
        markup = decode_text(data, charset=charset) if charset else _decode_html(data)
        return clean_text(html_to_text(markup))
    if content_type.startswith("text/"):
        return clean_text(decode_text(data, charset=charset))
    raise InvalidInput(f"{content_type!r} is not a web page or text.")
