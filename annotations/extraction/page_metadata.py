"""What a web page says about the story it carries: canonical URL, title, publisher,
publication date and authors.

Read from the page's own declarations, in order of trust: `<link rel=canonical>`,
schema.org JSON-LD (NewsArticle and its kin, also inside an `@graph` or a list),
Open Graph and other `<meta>` tags, then the byline on the page. Everything here
is hostile input: a URL counts only when it is an absolute http(s) address the desk
would store, JSON that does not parse is skipped, and names are kept only when
they read as people's. See docs/EXTRACTION.md ("Web pages").
"""

# This module matches typographic quotes and dashes on purpose.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

from annotations.extraction.splitting.lexicon import words
from annotations.sources import is_tracking_parameter, normalize_url, url_shape_problem

# schema.org types that are the story itself (a WebPage only names its URL).
ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "LiveBlogPosting",
        "BlogPosting",
        "SocialMediaPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
    }
)
PERSON_TYPES = frozenset({"Person"})
ORGANISATION_TYPES = frozenset(
    {
        "Organization",
        "NewsMediaOrganization",
        "Corporation",
        "GovernmentOrganization",
        "EducationalOrganization",
        "NGO",
        "Thing",
    }
)
# The separators between a headline and the site's name in a <title>.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·»:]{1,2}|-{1,2})\s+")
# Words that never stand in a person's name but do in an organisation's or a
# desk's: "Associated Press", "Staff", "Editorial Board", "KBRT 9 News".
_NOT_PERSON_WORDS = words(
    """
    news press staff staffs board editorial editorials editor editors desk team
    wire wires service services agency agencies network media times post herald
    journal gazette tribune daily weekly magazine radio tv television channel
    report reports reporters reporting correspondents group inc ltd llc plc
    corporation company associated newsroom bureau writers contributors admin
    administrator webmaster guest sport sports public department office ministry
    council university institute foundation society association online digital
    the sun mail courier standard review chronicle ledger observer express
    telegraph guardian independent bulletin dispatch register sentinel star
    """
)
# News agencies and outlets that appear alone in author fields.
_AGENCIES = words(
    """
    ap afp reuters bloomberg pti ians ani upi dpa epa xinhua tass ria efe ansa
    kyodo yonhap bernama aap cnn bbc npr pbs abc cbs nbc msnbc fox
    """
)
# Small words inside names: "Ana de la Cruz", "Ahmed bin Salem".
_NAME_PARTICLES = words(
    "de da di du del della der den des la le van von bin binti ibn al el y dos das "
    "e st. st"
)
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:written|words|story|reporting|text|posted)\s+by|by|author|authors"
    r"|autor|par|von)\s*[:\-–—]?\s+",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"(?:[A-Z]\.){1,3}|[A-ZÀ-ÖØ-Þ][\w'’.-]*", re.UNICODE)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,\s*and\s+|\s+and\s+|\s*&\s*|,)\s*")
_DATE_PREFIX = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"\s+")


@dataclass
class PageMetadata:
    """What a page declares; empty strings and None where it declares nothing."""

    url: str = ""
    title: str = ""
    publisher: str = ""
    published_on: dt.date | None = None
    authors: list[str] = field(default_factory=list)
    # Organisations named where authors go ("By Reuters"): never people.
    organisations: list[str] = field(default_factory=list)
    # The languages the page declares for the story, as written, most trusted
    # first (`annotations.extraction.language.choose` weighs them against the text).
    languages: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def byline(self) -> str:
        """The authors in words: "A", "A and B", "A, B and C"."""
        if len(self.authors) <= 2:
            return " and ".join(self.authors)
        return ", ".join(self.authors[:-1]) + " and " + self.authors[-1]


def _clean(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _types(node: dict) -> set[str]:
    kind = node.get("@type")
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {item for item in kind if isinstance(item, str)}
    return set()


def _json_ld_nodes(document) -> list[dict]:
    """Every JSON-LD object of the page, flattened out of lists and `@graph`."""
    nodes: list[dict] = []
    for script in document.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        # Some pages wrap the JSON in an HTML comment or CDATA section.
        text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", text)
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(nodes) < 500:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    return nodes


def _by_id(nodes: list[dict]) -> dict[str, dict]:
    return {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}


def _resolved(value, index: dict[str, dict]):
    """A JSON-LD reference ({"@id": ...}) replaced by the node it names."""
    if isinstance(value, dict) and set(value) <= {"@id"}:
        return index.get(value.get("@id"), value)
    return value


def _meta(document) -> dict[str, list[str]]:
    """<meta> contents by lower-cased name or property, in page order."""
    found: dict[str, list[str]] = {}
    for meta in document.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            found.setdefault(key.strip().lower(), []).append(content.strip())
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str:
    for key in keys:
        for value in meta.get(key, []):
            if _clean(value):
                return _clean(value)
    return ""


def story_url(candidate: str, base: str = "") -> str:
    """`candidate` as the article URL the desk stores, or "" if it cannot be one.

    A relative URL is resolved against `base`; the result must be an absolute
    http(s) URL of the shape the desk stores (`sources.url_shape_problem`; the
    host's syntax is checked by the service that stores it, which falls back to
    the fetched address if the page's own is refused). Tracking parameters
    (utm_*, fbclid, …, the project's one list) and the fragment are dropped; the
    rest of the URL is kept as the page wrote it.
    """
    candidate = _clean(candidate)
    if not candidate:
        return ""
    try:
        if base:
            candidate = urljoin(base, candidate)
        normalize_url(candidate)  # absolute http(s) or ValueError
        parts = urlsplit(candidate)
        query = urlencode(
            [
                (key, value)
                for key, value in parse_qsl(parts.query, keep_blank_values=True)
                if not is_tracking_parameter(key)
            ]
        )
        cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    except ValueError:
        return ""
    return "" if url_shape_problem(cleaned) else cleaned


def _json_ld_url(node: dict) -> list[str]:
    urls = []
    main = node.get("mainEntityOfPage")
    if isinstance(main, str):
        urls.append(main)
    elif isinstance(main, dict):
        urls += [main[key] for key in ("@id", "url") if isinstance(main.get(key), str)]
    if isinstance(node.get("url"), str):
        urls.append(node["url"])
    return urls


def _canonical(document, meta, article: dict | None, page_url: str) -> str:
    """The first absolute http(s) URL the page declares for itself.

    `<link rel=canonical>`, then the JSON-LD article's own URL, then og:url. A
    relative canonical is resolved against the fetched URL, or failing that
    against the origin of the page's absolute declarations.
    """
    canonical = ""
    for link in document.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href").strip()
            break
    declared = (_json_ld_url(article) if article else []) + meta.get("og:url", [])
    base = page_url or next(
        (url for url in declared if story_url(url)),
        "",
    )
    for candidate in [canonical, *declared]:
        found = story_url(candidate, base)
        if found:
            return found
    return ""


# A declared language longer than this is no language tag.
_LANGUAGE_CHARS = 35


def _declared_languages(document, meta, article: dict | None) -> list[str]:
    """The languages the page declares, most trusted first: the JSON-LD article's
    `inLanguage` (a tag, or a Language node's `alternateName` or `name`), the
    `lang` (or `xml:lang`) of `<html>`, `og:locale`, then a content-language
    `<meta>`. As written; a value that is no string is skipped."""
    found: list[str] = []
    declared = article.get("inLanguage") if article else None
    for value in declared if isinstance(declared, list) else [declared]:
        if isinstance(value, dict):
            value = value.get("alternateName") or value.get("name")
        if isinstance(value, str):
            found.append(value)
    root = document.getroottree().getroot()
    for attribute in ("lang", "xml:lang", "{http://www.w3.org/XML/1998/namespace}lang"):
        if root.get(attribute):
            found.append(root.get(attribute))
    found += meta.get("og:locale", [])
    for element in document.iter("meta"):
        if (element.get("http-equiv") or "").strip().lower() == "content-language":
            found.append(element.get("content") or "")
    found += meta.get("language", []) + meta.get("dc.language", [])
    return [
        _clean(value) for value in found if 0 < len(_clean(value)) <= _LANGUAGE_CHARS
    ]


def _names(value) -> list[tuple[str, str]]:
    """(name, kind) of a JSON-LD author value: kind "person", "organisation" or ""
    (a bare string)."""
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            found.append((item, ""))
        elif isinstance(item, dict) and isinstance(item.get("name"), str):
            types = _types(item)
            kind = (
                "organisation"
                if types & ORGANISATION_TYPES
                else "person"
                if types & PERSON_TYPES
                else ""
            )
            found.append((item["name"], kind))
    return found


def _comparable(name: str) -> str:
    words = re.findall(r"\w+", name.casefold())
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def person_names(text: str, *, not_names: tuple[str, ...] = ()) -> tuple[list, list]:
    """The people named in an author field or byline, and what was not a person.

    "By Jane Doe and Omar Haddad, Staff Writers" gives (["Jane Doe", "Omar
    Haddad"], []); "By the Editorial Board", "Reuters", "KBRT Staff" and any of
    `not_names` (the site's own names) give ([], [that name]). A person's name is
    two to five capitalised words (particles such as "de" or "bin" and initials
    allowed), with no digits, addresses or organisation words.
    """
    text = _clean(_BY_PREFIX.sub("", _clean(text)))
    # "Jane Doe | jdoe@example.com", "Jane Doe - Staff Writer": the name comes
    # first.
    text = re.split(r"\s+[|–—]\s+|\s+-\s+|\s*\|\s*", text)[0]
    text = re.sub(r"\S+@\S+|https?://\S+|\(@?\w+\)", "", text).strip(" ,;")
    people, others = [], []
    excluded = {_comparable(name) for name in not_names if name}
    for part in _AUTHOR_SPLIT.split(text):
        part = _clean(_BY_PREFIX.sub("", part)).strip(" .,;:")
        if not part:
            continue
        if _is_person(part, excluded):
            people.append(part)
        elif not _is_role(part):
            others.append(part)
    return people, others


def _is_role(part: str) -> bool:
    """ "Staff Writer", "Health correspondent": a role after a name, not a name."""
    words = part.lower().split()
    return bool(words) and words[-1] in {
        "writer",
        "writers",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "editor",
        "editors",
        "columnist",
        "contributor",
        "producer",
        "photographer",
        "analyst",
        "chief",
    }


def _is_person(name: str, excluded: set[str]) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or any(char.isdigit() for char in name):
        return False
    if _comparable(name) in excluded or _is_role(name):
        return False
    lower = [word.strip(".,'’").lower() for word in words]
    if any(word in _NOT_PERSON_WORDS or word in _AGENCIES for word in lower):
        return False
    capitalised = 0
    for word in words:
        if word.lower() in _NAME_PARTICLES:
            continue
        if not _NAME_WORD.fullmatch(word) or (word.isupper() and len(word) > 3):
            return False
        capitalised += 1
    return capitalised >= 2


def _article_node(nodes: list[dict]) -> dict | None:
    articles = [node for node in nodes if _types(node) & ARTICLE_TYPES]
    # A page that lists related articles has the story first; prefer one with a
    # headline.
    with_headline = [node for node in articles if isinstance(node.get("headline"), str)]
    return (with_headline or articles or [None])[0]


def _date(value: str) -> dt.date | None:
    match = _DATE_PREFIX.search(value or "")
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups()))
    except ValueError:
        return None


_SECTION_SEPARATORS = frozenset({"|", "||", "»", "::", "·"})


def _strip_site_name(title: str, site_names: list[str]) -> str:
    """ "Headline | Section | Site" -> "Headline" when a part is the site's name.

    Parts are cut from either end while they are a site name; once one has been
    cut, also a byline part ("by Ellen Park") and, after a pipe or similar, a
    section label of a word or two ("Opinion | …", "… | Health"), as long as a part
    of four words or more is left. A dash joins parts of many headlines
    ("Covid-19 – what we know"), so a short part after a dash stays.
    """
    pieces = _TITLE_SEPARATOR.split(title)
    if len(pieces) < 2:
        return title
    separators = [match.group().strip() for match in _TITLE_SEPARATOR.finditer(title)]
    parts = list(pieces)  # separators[i] stands between parts[i] and parts[i + 1]
    names = {_comparable(name) for name in site_names if name}
    names.discard("")

    def is_site(part: str) -> bool:
        found = _comparable(part)
        return bool(found) and any(
            found == name or found.startswith(name + " ") or name.startswith(found)
            for name in names
        )

    def is_label(part: str, separator: str) -> bool:
        return part.lower().startswith("by ") or (
            separator in _SECTION_SEPARATORS and len(part.split()) <= 2
        )

    cut = False
    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
        separators.pop()
        cut = True
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
        separators.pop(0)
        cut = True
    if not cut:
        return title
    if max(len(part.split()) for part in parts) >= 4:
        while len(parts) > 1 and is_label(parts[-1], separators[-1]):
            parts.pop()
            separators.pop()
        while len(parts) > 1 and is_label(parts[0], separators[0]):
            parts.pop(0)
            separators.pop(0)
    return title[title.index(parts[0]) : title.rindex(parts[-1]) + len(parts[-1])]


def _site_names(meta, article: dict | None, index, page_url: str) -> list[str]:
    names = meta.get("og:site_name", []) + meta.get("application-name", [])
    if article:
        publisher = _resolved(article.get("publisher"), index)
        names += [name for name, _ in _names(publisher)]
    host = urlsplit(page_url).hostname or ""
    if host:
        names.append(host.removeprefix("www.").split(".")[0])
    return [_clean(name) for name in names if _clean(name)]


def _headings(document, tag: str) -> list[str]:
    return [_clean(element.text_content()) for element in document.iter(tag)]


def _title(document, meta, article: dict | None, site_names: list[str]) -> str:
    """The headline: JSON-LD's, else a meta title, else <title>, without the site."""
    if article and isinstance(article.get("headline"), str):
        headline = _clean(article["headline"])
        if headline:
            return _strip_site_name(headline, site_names)
    for key in ("og:title", "parsely-title", "title", "twitter:title"):
        value = _first(meta, key)
        if value:
            return _strip_site_name(value, site_names)
    title = _clean(document.findtext(".//title"))
    for heading in _headings(document, "h1"):
        # The page's own headline, when its <title> holds it with the site's name.
        if heading and heading in title:
            return heading
    if title:
        return _strip_site_name(title, site_names)
    h1 = _headings(document, "h1")
    return h1[0] if h1 else ""


_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "publish_date",
    "pubdate",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
)


def _published_on(document, meta, article: dict | None) -> dt.date | None:
    """The publication date: JSON-LD's datePublished, then meta tags, then a
    <time> marked as the publication's (never a modification date)."""
    if article:
        for key in ("datePublished", "dateCreated", "coverageStartTime"):
            if isinstance(article.get(key), str):
                found = _date(article[key])
                if found:
                    return found
    for key in _PUBLISHED_KEYS:
        found = _date(_first(meta, key))
        if found:
            return found
    for time in document.iter("time"):
        marks = " ".join(
            (time.get(name) or "") for name in ("itemprop", "class", "pubdate")
        ).lower()
        if time.get("datetime") and ("publish" in marks or "pubdate" in marks):
            found = _date(time.get("datetime"))
            if found:
                return found
    return None


def _byline_texts(document) -> list[str]:
    """The text of elements that hold a byline: rel=author links, then elements
    whose class or itemprop says byline or author."""
    texts = [
        _clean(link.text_content())
        for link in document.iter("a")
        if "author" in (link.get("rel") or "").lower().split()
    ]
    if texts:
        return [" and ".join(texts)]
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        marks = f"{element.get('class') or ''} {element.get('itemprop') or ''}".lower()
        if "byline" in marks or re.search(r"\bauthor\b", marks):
            text = _clean(element.text_content())
            if text and len(text) <= 200:
                found.append(text)
        if len(found) >= 5:
            break
    return found


def _authors(document, meta, article: dict | None, index, site_names) -> tuple:
    """People, in the first place that names any: the JSON-LD article's authors,
    then the author meta tags, then the byline on the page."""
    organisations: list[str] = []
    if article:
        people = []
        for name, kind in _names(_resolved(article.get("author"), index)):
            if kind == "organisation":
                organisations.append(_clean(name))
                continue
            found, others = person_names(name, not_names=tuple(site_names))
            people += found
            organisations += others
        if people:
            return _unique(people), organisations
    for key in (
        "author",
        "parsely-author",
        "sailthru.author",
        "byl",
        "dc.creator",
        "dcterms.creator",
        "citation_author",
        "twitter:data1",
    ):
        people = []
        for value in meta.get(key, []):
            if value.startswith(("http://", "https://")):
                continue
            found, others = person_names(value, not_names=tuple(site_names))
            people += found
            organisations += others
        if people:
            return _unique(people), organisations
    for text in _byline_texts(document):
        found, others = person_names(text, not_names=tuple(site_names))
        if found:
            return _unique(found), organisations
    return [], organisations


def _unique(names: list[str]) -> list[str]:
    seen, kept = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            kept.append(name)
    return kept


def read(document, *, page_url: str = "") -> PageMetadata:
    """The metadata a parsed page (`lxml.html` document) declares about its story.

    `page_url` is the address the page was fetched from, if any (relative
    canonical URLs resolve against it).
    """
    nodes = _json_ld_nodes(document)
    index = _by_id(nodes)
    article = _article_node(nodes)
    meta = _meta(document)
    found = PageMetadata()
    found.url = _canonical(document, meta, article, page_url)
    site_names = _site_names(meta, article, index, found.url or page_url)
    found.title = _title(document, meta, article, site_names)[:500]
    publisher = _first(meta, "og:site_name")
    if not publisher and article:
        names = _names(_resolved(article.get("publisher"), index))
        publisher = _clean(names[0][0]) if names else ""
    publisher = publisher or _first(
        meta, "publisher", "dc.publisher", "dcterms.publisher"
    )
    found.published_on = _published_on(document, meta, article)
    found.authors, found.organisations = _authors(
        document, meta, article, index, site_names
    )
    found.publisher = (publisher or "")[:300]
    found.languages = _declared_languages(document, meta, article)
    return found


def parse(markup: str):
    """The page as an lxml document, or None when there is nothing to parse."""
    # lxml refuses a str that declares its own encoding; the text is decoded
    # already.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    if not markup.strip():
        return None
    try:
        return lxml_html.document_fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return None
