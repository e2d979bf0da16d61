"""Budgets for markup, checked before any parser sees it.

HTML parsers are quick on pages people write and slow on pages written to be slow.
html5ever (under nh3) spends time in proportion to the depth of the tree on each
element it adds: 50,000 nested `<div>`s (550 kB) took it 12 s, and held a web worker
past its 30 s limit on the way in. trafilatura spends about 0.1 ms on each element,
so 200,000 flat paragraphs (4.6 MB) took it 29 s. Python-Markdown, which rendered
Markdown files before, is quadratic on a few characters repeated: 30 kB of "<a " took
18 s, 40 kB of "[a](" 34 s, and one link reference used 5,000 times expanded 135 kB
into 500 MB of HTML.

So every path where markup enters (an uploaded or fetched page, a Markdown file, any
markup handed to nh3) goes through this module first:

- `check_html` refuses, in words and before any parser runs, markup longer than the
  upload limit (FACTCHECK_MAX_UPLOAD_BYTES, in characters), with more than
  FACTCHECK_HTML_MAX_TAGS tags (60,000: an article page has a few thousand), or
  whose elements nest deeper than FACTCHECK_HTML_MAX_DEPTH (512). Tags and depth come
  from `measure`, one linear scan that nests elements the way an HTML parser does
  (void elements, raw text, implied end tags, formatting elements that are re-opened,
  foreign content) and errs deeper wherever it simplifies: it never reports less than
  the parser builds. It stops as soon as a budget is passed.
- `markdown_to_html` renders Markdown with cmark-gfm (GitHub's fork of the CommonMark
  reference implementation, in C: linear time whatever the input, and link references
  expanded within a bound), after checking the file's size and how deeply its block
  quotes and lists nest, then checks the HTML it made with `check_html`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cmarkgfm
from cmarkgfm.cmark import Options

from annotations.errors import InvalidInput


class MarkupRefused(InvalidInput):
    """Markup over its budget; the message says which budget, and that nothing was
    saved."""


@dataclass(frozen=True)
class Budget:
    """How much markup a parser is given: characters, tags and nesting depth."""

    max_chars: int = 5 * 1024 * 1024
    max_tags: int = 60_000
    max_depth: int = 512

    @classmethod
    def from_settings(cls) -> Budget:
        """The budget the settings give (the defaults where Django is not set up)."""
        try:
            from django.conf import settings

            return cls(
                max_chars=settings.FACTCHECK_MAX_UPLOAD_BYTES,
                max_tags=settings.FACTCHECK_HTML_MAX_TAGS,
                max_depth=settings.FACTCHECK_HTML_MAX_DEPTH,
            )
        except ImportError:  # pragma: no cover - the pure tools run without Django
            return cls()


@dataclass(frozen=True)
class Shape:
    """What `measure` found: the number of tags and the deepest nesting, each
    counted until it passed its budget."""

    tags: int
    depth: int


def check_html(markup: str, *, what: str = "The page", budget: Budget | None = None):
    """Return `markup` as it is, or raise MarkupRefused saying which budget it
    passes (the settings' budget when none is given)."""
    budget = budget or Budget.from_settings()
    if len(markup) > budget.max_chars:
        raise MarkupRefused(
            f"{what} is {len(markup):,} characters long; markup is read up to "
            f"{budget.max_chars:,}. Nothing was saved."
        )
    shape = measure(markup, max_tags=budget.max_tags, max_depth=budget.max_depth)
    if shape.tags > budget.max_tags:
        raise MarkupRefused(
            f"{what} has more than {budget.max_tags:,} tags (an article page has a "
            "few thousand), so it was not read. Nothing was saved; save the article "
            "as text and import that instead."
        )
    if shape.depth > budget.max_depth:
        raise MarkupRefused(
            f"{what} nests its elements more than {budget.max_depth} levels deep (no "
            "article needs as many), so it was not read. Nothing was saved; save "
            "the article as text and import that instead."
        )
    return markup


# --- how deep an HTML parser would nest the elements ----------------------------------
#
# The model follows the HTML standard's tree construction wherever it decides depth:
# which tags open an element, which end tags and implied end tags pop which elements
# (the standard's "special" elements and scopes, per namespace), foreign content,
# table parts that only exist inside a table, and the formatting elements the parser
# closes implicitly and opens again at the next text (counted as open all along).
# Where it simplifies, it keeps more open than the parser does, not fewer.


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


VOID = _names(
    "area base basefont bgsound br col embed frame hr image img input keygen link "
    "meta param source track wbr"
)
# Never nested by the parser: a second <body> only adds its attributes to the first.
NEVER_PUSHED = frozenset({"html", "head", "body"})
# Their content is text up to the matching end tag (raw text and RCDATA elements).
# <noscript> is not among them: with scripting off a parser reads its content as
# markup, and the model then counts it.
RAW_TEXT = _names("script style xmp iframe noembed noframes textarea title")
FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
HEADINGS = _names("h1 h2 h3 h4 h5 h6")
# The HTML elements the standard calls "special": a search for an element to close
# stops at them.
SPECIAL = _names(
    """address applet area article aside base basefont bgsound blockquote body br
    button caption center col colgroup dd details dir div dl dt embed fieldset
    figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup
    hr html iframe img input keygen li link listing main marquee menu meta nav noembed
    noframes noscript object ol p param plaintext pre script search section select
    source style summary table tbody td template textarea tfoot th thead title tr track
    ul wbr xmp"""
)
# The HTML elements that bound a scope ("has an element in scope"), and <select>:
# parsers differ on what they make of the tags inside one, so the model closes
# nothing through it.
SCOPE = _names("applet caption html table td th marquee object template select")
# Where SVG and MathML hand their content back to HTML; these are special and bound
# every scope too.
INTEGRATION_POINTS = {
    "svg": _names("foreignobject desc title"),
    "math": _names("mi mo mn ms mtext annotation-xml"),
}
# End tags that close their element when it is in scope, popping whatever is above.
BY_SCOPE: dict[str, frozenset[str]] = dict.fromkeys(
    _names(
        """address article aside blockquote center details dialog dir div dl
        fieldset figcaption figure footer header hgroup listing main menu nav ol pre
        search section summary ul dd dt applet marquee object table caption tbody
        thead tfoot tr td th select button"""
    ),
    SCOPE,
)
BY_SCOPE["p"] = SCOPE | {"button"}
BY_SCOPE["li"] = SCOPE | {"ol", "ul"}
# Start tags that close an open <p> (when it is in scope). Not <table>: in a page
# without a doctype (quirks mode) a table goes inside the paragraph.
_CLOSES_P = _names(
    """address article aside blockquote center details dialog dir div dl fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol
    p pre search section summary ul li dd dt listing plaintext xmp"""
)
# Implied end tags found by searching down from the top through elements that are
# not special (the parser's rule for <li>, <dd> and <dt>, and part of what it pops
# for a <p> in scope and for table cells and rows).
WALK_CLOSES: dict[str, frozenset[str]] = {
    **{name: frozenset({"p"}) for name in _CLOSES_P},
    "li": frozenset({"li", "p"}),
    "dd": frozenset({"dd", "dt", "p"}),
    "dt": frozenset({"dd", "dt", "p"}),
    "tr": frozenset({"tr", "td", "th"}),
    "td": frozenset({"td", "th"}),
    "th": frozenset({"td", "th"}),
    **{
        name: frozenset({"tbody", "thead", "tfoot", "tr", "td", "th", "caption"})
        for name in ("tbody", "thead", "tfoot")
    },
}
# Implied end tags of the element at the top only.
TOP_CLOSES: dict[str, frozenset[str]] = {
    "option": frozenset({"option"}),
    "optgroup": frozenset({"option", "optgroup"}),
    "rb": frozenset({"rb", "rp", "rt", "rtc"}),
    "rp": frozenset({"rb", "rp", "rt"}),
    "rt": frozenset({"rb", "rp", "rt"}),
    "rtc": frozenset({"rb", "rp", "rt", "rtc"}),
    **dict.fromkeys(HEADINGS, HEADINGS),
}
# Outside a table (or a template) the parser ignores these tags, start and end.
TABLE_PARTS = _names("caption col colgroup tbody tfoot thead tr td th")
TABLE_CONTEXTS = frozenset({"table", "template"})
# HTML start tags that end foreign content: inside <svg>, `<div/>` opens a div (and
# <font> does when it has a color, face or size).
BREAKS_FOREIGN = _names(
    """b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6
    head hr i img li listing menu meta nobr ol p pre ruby s small span strong strike
    sub sup table tt u ul var"""
)
# Special elements whose start tag re-opens the pending formatting elements, and
# the ruby elements whose start tag does not.
REOPENED_BY = _names(
    "applet marquee object area br embed img keygen wbr input xmp select button "
    "noscript"
)
RUBY = _names("rb rp rt rtc")
# Elements that put a marker in the list of formatting elements to re-open.
MARKERS = _names("applet object marquee template td th caption")
# The parser keeps at most three identical formatting elements to re-open.
NOAH = 3
# What stops the search for an element to close, for each kind of search.
WALK_STOP = SPECIAL - {"address", "div", "p"}
STOPS = (WALK_STOP, SPECIAL, *set(BY_SCOPE.values()))

_SPACE = "\t\n\f\r "
# An attribute: a name, then perhaps = and a value (quoted values may hold ">"); or
# the white space and slashes between attributes. As HTML's tokenizer splits them.
_ATTRIBUTE = (
    rf"[{_SPACE}/]+"
    rf"|[^{_SPACE}/>][^{_SPACE}/>=]*"
    rf"(?:[{_SPACE}]*=[{_SPACE}]*"
    rf"""(?:"[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^{_SPACE}>]*))?"""
)
_TOKEN = re.compile(
    r"<!--(?:>|->|.*?(?:--!?>|\Z))"  # a comment, ended where any parser ends one
    r"|<[!?][^>]*>?"  # a doctype, CDATA section or processing instruction
    r"|</(?![A-Za-z])[^>]*>?"  # "</" and no name: a comment up to ">", or nothing
    rf"|<(/?)([A-Za-z][^{_SPACE}/>]*)((?:{_ATTRIBUTE})*)(>?)",  # a tag
    re.S,
)
_ATTRIBUTES = re.compile(_ATTRIBUTE)
_STANDARD_DOCTYPE = re.compile(rf"<!doctype[{_SPACE}]+html[{_SPACE}]*>", re.I)
_RAW_END = {name: re.compile(rf"</{name}[{_SPACE}/>]", re.I) for name in RAW_TEXT}
_STOPS_OF: dict[tuple[str, str], tuple[frozenset[str], ...]] = {}


def _stops_of(name: str, namespace: str) -> tuple[frozenset[str], ...]:
    """The kinds of search an element stops: by its name in HTML; in SVG and
    MathML only the integration points stop, and they stop every search."""
    key = (name, namespace)
    found = _STOPS_OF.get(key)
    if found is None:
        if namespace:
            found = STOPS if name in INTEGRATION_POINTS[namespace] else ()
        else:
            found = tuple(stop for stop in STOPS if name in stop)
        _STOPS_OF[key] = found
    return found


def _self_closing(attributes: str) -> bool:
    """Whether a tag ends with "/>" as HTML's tokenizer reads it: `<g/>` and
    `<g a="1"/>` do, `<g a=1/>` does not (the slash is part of the value)."""
    if not attributes.endswith("/"):
        return False
    last = None
    for last in _ATTRIBUTES.finditer(attributes):  # noqa: B007 - the last one counts
        pass
    return last is not None and last.group()[0] in f"{_SPACE}/"


def _attribute_names(attributes: str) -> set[str]:
    return {
        found.group().split("=", 1)[0].strip().lower()
        for found in _ATTRIBUTES.finditer(attributes)
    }


class _Tree:
    """The parser's stack of open elements, as far as depth goes, and the
    formatting elements it closed implicitly and will open again ("pending").

    Where each name and each kind of boundary (`STOPS`) lies on the stack is kept
    as it changes, so finding the element an end tag closes takes the same time
    however deep the stack is."""

    def __init__(self):
        self.names: list[str] = []
        # "" for HTML, else "svg" or "math": the namespace the parser gives it.
        self.namespaces: list[str] = []
        self.keys: list[str] = []
        self.positions: dict[str, list[int]] = {}
        self.boundaries: dict[frozenset[str], list[int]] = {stop: [] for stop in STOPS}
        self.pending: dict[str, dict[str, int]] = {}
        self.pending_total = 0
        self.deepest = 0
        # Elements the parser makes that no tag names: re-opened formatting
        # elements, implied table bodies and rows. They count as tags.
        self.reopened = 0
        # The parser's form element pointer: while set, a <form> tag is ignored.
        self.form_pointer = False
        # Without a doctype a page is read in quirks mode, where <table> does not
        # close an open <p>.
        self.quirks = True
        # A cell, caption, object, marquee, applet or template starts a fresh list
        # of formatting elements to re-open; the ones pending outside wait here.
        self.outside: list[tuple[int, dict[str, dict[str, int]], int]] = []

    def push(self, name: str, *, namespace: str = "", key: str = "") -> None:
        index = len(self.names)
        if name in MARKERS and not namespace:
            self.outside.append((index, self.pending, self.pending_total))
            self.pending, self.pending_total = {}, 0
        self.names.append(name)
        self.namespaces.append(namespace)
        self.keys.append(key)
        self.positions.setdefault(name, []).append(index)
        for stop in _stops_of(name, namespace):
            self.boundaries[stop].append(index)
        depth = index + 1 + self.pending_total
        if depth > self.deepest:
            self.deepest = depth

    def pop_to(self, index: int, *, closing: str = "") -> None:
        """Pop the elements above `index` and the one at it. Formatting elements
        among them stay pending, except the one at `index` when its own end tag
        (`closing`) closes it."""
        while len(self.names) > index:
            name, key = self.names.pop(), self.keys.pop()
            namespace = self.namespaces.pop()
            self.positions[name].pop()
            for stop in _stops_of(name, namespace):
                self.boundaries[stop].pop()
            if (
                name in FORMATTING
                and not namespace
                and not (name == closing and len(self.names) == index)
            ):
                self._remember(name, key)
            if self.outside and self.outside[-1][0] == len(self.names):
                # Closing the marker's element drops what was opened inside it.
                _, self.pending, self.pending_total = self.outside.pop()

    def _remember(self, name: str, key: str) -> None:
        # Identical elements (for the model: same name, same attribute text) are
        # kept three times at most, as the parser keeps them.
        same = self.pending.setdefault(name, {})
        if same.get(key, 0) < NOAH:
            same[key] = same.get(key, 0) + 1
            self.pending_total += 1

    def reopen(self) -> None:
        """Text or an inline start tag: the parser opens the pending formatting
        elements again, at the top of the stack."""
        if not self.pending_total:
            return
        pending, self.pending, self.pending_total = self.pending, {}, 0
        for name, same in pending.items():
            for key, count in same.items():
                for _ in range(count):
                    self.push(name, key=key)
                    self.reopened += 1

    def forget(self, name: str) -> None:
        """The end tag of a formatting element that is pending, not open: the
        parser drops it from the elements to re-open."""
        same = self.pending.get(name)
        if same:
            key = next(iter(same))
            same[key] -= 1
            if not same[key]:
                del same[key]
            self.pending_total -= 1

    def is_open(self, name: str) -> bool:
        return bool(self.positions.get(name))

    def is_open_any(self, names: frozenset[str]) -> bool:
        return any(self.positions.get(name) for name in names)

    def nearest(self, names: frozenset[str]) -> int:
        """The index of the nearest open element named in `names`, or -1."""
        nearest = -1
        for name in names:
            found = self.positions.get(name)
            if found and found[-1] > nearest:
                nearest = found[-1]
        return nearest

    def find(self, names: frozenset[str], stop: frozenset[str]) -> int:
        """The index of the nearest open element named in `names`, or -1 if there
        is none or an element of `stop` lies above it."""
        nearest = self.nearest(names)
        if nearest < 0:
            return -1
        boundaries = self.boundaries[stop]
        if boundaries and boundaries[-1] > nearest:
            return -1
        return nearest

    def within_table(self, index: int) -> bool:
        """Whether the element at `index` may be closed as the parser would close
        it: a table part (a cell, a row, ...) only inside a table. Elsewhere the
        parser ignores its tags, and inside a template it reads them by rules the
        model does not follow: there it closes none (deeper, never shallower)."""
        if index < 0 or self.names[index] not in TABLE_PARTS:
            return True
        return 0 <= self.nearest(frozenset({"table"})) < index and (
            self.nearest(frozenset({"template"})) < self.nearest(frozenset({"table"}))
        )

    def top(self) -> str:
        return self.names[-1] if self.names else ""

    def namespace(self) -> str:
        return self.namespaces[-1] if self.namespaces else ""

    def in_foreign(self) -> bool:
        """Whether the next tag is read as SVG or MathML (the top of the stack is a
        foreign element that does not hand its content back to HTML)."""
        namespace = self.namespace()
        return bool(namespace) and self.names[-1] not in INTEGRATION_POINTS[namespace]

    def leave_foreign(self) -> None:
        """An HTML element ends foreign content: the parser pops the foreign
        elements down to an HTML element or one that hands content back to HTML."""
        while self.in_foreign():
            self.pop_to(len(self.names) - 1)

    def in_select(self) -> bool:
        """Whether a <select> is open with only options above it: the parser then
        ignores every other end tag."""
        index = self.nearest(frozenset({"select"}))
        return index >= 0 and all(
            name in {"option", "optgroup"} for name in self.names[index + 1 :]
        )


def measure(markup: str, *, max_tags: int, max_depth: int) -> Shape:
    """The tags of `markup` and how deep an HTML parser nests its elements (the
    depth of its stack of open elements, not counting the html and body elements
    it adds), or more: never less. One pass; it stops once a budget is passed."""
    tree = _Tree()
    tags = 0
    position, length = 0, len(markup)
    while position < length:
        token = _TOKEN.search(markup, position)
        if token is None:
            break
        if token.start() > position and not tree.namespace():
            tree.reopen()  # text before the tag
        position = token.end()
        name = token.group(2)
        if name is None:
            if _STANDARD_DOCTYPE.match(token.group()) and not tree.deepest:
                tree.quirks = False
            continue  # a comment, doctype or processing instruction
        tags += 1
        if tags + tree.reopened > max_tags:
            break
        name = name.lower()
        if token.group(1):
            _end_tag(tree, name)
            continue
        pushed = _start_tag(tree, name, token.group(3), closed=bool(token.group(4)))
        if tree.deepest > max_depth:
            break
        if pushed and not tree.namespace() and _reads_as_text(tree, name):
            if name == "plaintext":
                break
            end = _RAW_END[name].search(markup, position)
            position = end.start() if end else length
    return Shape(tags=tags + tree.reopened, depth=tree.deepest)


def nesting_depth(markup: str, *, stop_above: int = 10**9) -> int:
    """`measure`'s depth with no budget on tags (the scan ends past `stop_above`)."""
    return measure(markup, max_tags=len(markup), max_depth=stop_above).depth


def _reads_as_text(tree: _Tree, name: str) -> bool:
    """Whether the parser reads what follows this HTML start tag as text, up to its
    end tag. Inside a <select> parsers ignore most start tags, and read their
    content as markup: there the model does so for all but script and textarea."""
    if name not in RAW_TEXT and name != "plaintext":
        return False
    return name in {"script", "textarea"} or not tree.is_open("select")


def _start_tag(tree: _Tree, name: str, attributes: str, *, closed: bool) -> bool:
    """Apply a start tag; whether it left a new element at the top."""
    if tree.in_foreign():
        breaks = name in BREAKS_FOREIGN or (
            name == "font" and _attribute_names(attributes) & {"color", "face", "size"}
        )
        if not breaks:
            if closed and _self_closing(attributes):
                return False
            namespace = tree.namespace()
            if name == "svg" and tree.top() == "annotation-xml":
                namespace = "svg"
            tree.push(name, namespace=namespace)
            return True
        tree.leave_foreign()
    if name in NEVER_PUSHED:
        return False
    if name == "button":
        # A button inside a button closes the first.
        index = tree.find(frozenset({"button"}), SCOPE)
        if index >= 0:
            tree.pop_to(index)
    if name == "form":
        if tree.form_pointer and not tree.is_open("template"):
            return False  # a form inside a form is ignored
        tree.form_pointer = True
    if name in TABLE_PARTS and not tree.is_open_any(TABLE_CONTEXTS):
        return False  # outside a table the parser ignores it
    if tree.is_open("select") and name in {"select", "input", "keygen", "textarea"}:
        # The parser closes the select first (and a second <select> opens nothing).
        index = tree.find(frozenset({"select"}), SCOPE)
        if index >= 0:
            tree.pop_to(index)
        if name == "select":
            return False
    closes = WALK_CLOSES.get(name)
    if name == "table" and not tree.quirks:
        closes = frozenset({"p"})
    while closes:
        index = tree.find(closes, WALK_STOP)
        if index < 0 or not tree.within_table(index):
            break
        tree.pop_to(index)
    top_closes = TOP_CLOSES.get(name)
    if top_closes and tree.top() in top_closes and not tree.namespace():
        tree.pop_to(len(tree.names) - 1)
    if name == "a":
        _close_open_link(tree)
    if not tree.namespace() and _reopens(name):
        tree.reopen()
    _add_table_parents(tree, name)
    if name in VOID or (
        name in {"svg", "math"} and closed and _self_closing(attributes)
    ):
        return False
    tree.push(
        name,
        namespace=name if name in {"svg", "math"} else "",
        key=attributes.strip() if name in FORMATTING else "",
    )
    return True


def _close_open_link(tree: _Tree) -> None:
    """A link inside a link: the parser closes the first one."""
    if tree.pending.get("a"):
        tree.forget("a")
        return
    index = tree.find(frozenset({"a"}), SPECIAL)
    if index >= 0:
        tree.pop_to(index, closing="a")


def _reopens(name: str) -> bool:
    """Whether the parser opens the pending formatting elements again before this
    start tag's element (inline elements do; blocks, list items and headings do
    not, and go below them)."""
    return (name not in SPECIAL and name not in RUBY) or name in REOPENED_BY


def _add_table_parents(tree: _Tree, name: str) -> None:
    """A row needs a table body and a cell a row: the parser adds the missing ones
    between the nearest table and the new element."""
    if name not in {"tr", "td", "th", "col"}:
        return
    table = tree.nearest(frozenset({"table"}))
    if table < 0 or tree.nearest(frozenset({"template"})) > table:
        return
    if name == "col":
        if tree.nearest(frozenset({"colgroup"})) < table:
            tree.push("colgroup")
        return
    if tree.nearest(frozenset({"tbody", "thead", "tfoot"})) < table:
        tree.push("tbody")
    if name != "tr" and tree.nearest(frozenset({"tr"})) < table:
        tree.push("tr")


def _end_tag(tree: _Tree, name: str) -> None:
    if name == "br":
        # The parser reads </br> as <br> (in SVG or MathML, parsers differ: the
        # model then keeps everything open).
        if not tree.in_foreign():
            _start_tag(tree, name, "", closed=True)
        return
    if name in VOID or name in NEVER_PUSHED:
        return
    if tree.in_select() and name not in {"option", "optgroup", "select"}:
        return  # ignored inside a select
    if name in HEADINGS:
        # </h2> closes the nearest heading of any level.
        index = tree.find(HEADINGS, SCOPE)
    elif name in {"form", "template"}:
        if name == "form":
            tree.form_pointer = False
        # The parser takes a form out of the stack and leaves what is inside it
        # open, and parsers differ on </template>: the model pops either only from
        # the top.
        index = len(tree.names) - 1 if tree.top() == name else -1
    else:
        index = tree.find(frozenset({name}), BY_SCOPE.get(name, SPECIAL))
        if not tree.within_table(index):
            index = -1
        if index < 0 and name in FORMATTING and not tree.is_open(name):
            tree.forget(name)
    if index >= 0:
        tree.pop_to(index, closing=name)


# --- Markdown ------------------------------------------------------------------------

# Block quote and list markers at the start of a line: each opens a container.
_CONTAINERS = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))")


def markdown_depth(source: str, *, stop_above: int | None = None) -> int:
    """The deepest nesting of block quotes and lists a line of Markdown opens."""
    deepest = 0
    for line in source.splitlines():
        depth = 0
        position = 0
        while match := _CONTAINERS.match(line, position):
            depth += 1
            position = match.end()
        if depth > deepest:
            deepest = depth
            if stop_above is not None and deepest > stop_above:
                break
    return deepest


def markdown_to_html(
    source: str, *, what: str = "The Markdown file", budget: Budget | None = None
) -> str:
    """The HTML of a Markdown document (CommonMark; raw HTML is kept for the
    sanitizer to judge), or MarkupRefused when the source or its HTML is over
    budget."""
    budget = budget or Budget.from_settings()
    if len(source) > budget.max_chars:
        raise MarkupRefused(
            f"{what} is {len(source):,} characters long; Markdown is read up to "
            f"{budget.max_chars:,}. Nothing was saved."
        )
    if markdown_depth(source, stop_above=budget.max_depth) > budget.max_depth:
        raise MarkupRefused(
            f"{what} nests its quotes and lists more than {budget.max_depth} levels "
            "deep, so it was not read. Nothing was saved."
        )
    html = cmarkgfm.markdown_to_html(source, options=Options.CMARK_OPT_UNSAFE)
    return check_html(html, what=f"{what}, rendered,", budget=budget)
