"""PURE sourcing-gap rules over plain data (docs/GAPS.md).

No Django here: the scanner (`annotations.sourcing.scanner`) loads claims into the
dataclasses below, builds a `GapConfig` from settings, and turns the `Finding`s into
SourcingGap rows. Each rule is a small function `(claim, config) -> list[Finding]`;
`evaluate` runs them all.

Decisions the rules encode (documented here because a newsroom will ask):

- Only *live* claims are checked: kind "claim" and not dismissed. Anything else gets no
  findings, so the scanner resolves whatever was open on it.
- `no_source` applies to check-worthy claims only (checkworthiness >= the threshold);
  every other rule applies to any live claim, but the citation-based ones
  (single_source, not_independent, attribution_uncited, no_primary) only once it has
  at least one citation: before that, `no_source` is the one gap that matters.
- Two sources are *independent* when they share neither a publisher (compared
  tolerantly) nor a registrable domain; `not_independent` opens when the claim has
  enough sources but they all fall into one such group.
- `attribution_uncited` only looks at attributions that read like a name: at least one
  capitalised word that is not a generic noun ("Leaders from both countries",
  "officials", "unnamed sources" are not names). A source matches when its publisher,
  the first label of its registrable domain, or either one's initials equal the
  attribution's normalized form or initials ("SpaceNews" ~ spacenews.com, "the China
  National Space Administration" ~ cnsa.gov.cn), or when one name contains the other.
- `no_primary` applies when the claim reports what an institution said or decided: the
  splitter's `official_action` signal, or an attribution naming an institution
  ("Ministry", "Agency", "Administration", ...). Primary documents and official
  statements (configurable) satisfy it.
- `verdict_unsupported` uses the verdict's polarity when there is a verdict, else the
  majority polarity of the ratings (a tie or a neutral majority means no side).
- `dead_link` and `no_archive` are per cited source. A dead link with no archived copy
  is a `dead_link` only (the more specific gap); a dead link with an archive is fine.
- `quote_not_in_source` is per cited source: a citation's quote was looked for in the
  source's newest capture (`annotations.sourcing.quotes`) and is not there. A source
  not captured yet, a failed capture, a quote found only approximately, or a quote
  that was in the capture but has since left the live page raise nothing: the first
  two are capture health (the gap dashboard), the last two the panel shows.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from annotations import limits

NO_SOURCE = "no_source"
SINGLE_SOURCE = "single_source"
NOT_INDEPENDENT = "not_independent"
ATTRIBUTION_UNCITED = "attribution_uncited"
NO_PRIMARY = "no_primary"
VERDICT_UNSUPPORTED = "verdict_unsupported"
DEAD_LINK = "dead_link"
NO_ARCHIVE = "no_archive"
QUOTE_NOT_IN_SOURCE = "quote_not_in_source"
# The quote check's stored outcome the quote rule reads (QuoteStatus.NOT_FOUND).
QUOTE_NOT_FOUND = "not_found"


@dataclass(frozen=True)
class KindSpec:
    """One gap kind: its stored code, its label on the desk, the words a published
    report uses for it, its default severity and whether it blocks approval by
    default (settings may override the last two)."""

    code: str
    label: str
    words: str
    severity: str
    blocking: bool = False


# The one list of gap kinds: the model's choices, the settings' defaults and the
# reports' wording are all read from it (docs/GAPS.md).
KINDS = (
    KindSpec(NO_SOURCE, "No source", "no source", "high", blocking=True),
    KindSpec(SINGLE_SOURCE, "Single source", "a single source", "medium"),
    KindSpec(
        NOT_INDEPENDENT, "Sources not independent", "sources not independent", "medium"
    ),
    KindSpec(
        ATTRIBUTION_UNCITED,
        "Attributed source not cited",
        "the attributed source not cited",
        "medium",
    ),
    KindSpec(NO_PRIMARY, "No primary source", "no primary source", "medium"),
    KindSpec(
        VERDICT_UNSUPPORTED,
        "Verdict unsupported",
        "no source supports the verdict",
        "high",
        blocking=True,
    ),
    KindSpec(DEAD_LINK, "Dead link", "a dead link", "high", blocking=True),
    KindSpec(NO_ARCHIVE, "No archived copy", "no archived copy", "low"),
    KindSpec(
        QUOTE_NOT_IN_SOURCE,
        "Quote not in source",
        "a quote not found in its source",
        "medium",
    ),
)
ALL_KINDS = tuple(kind.code for kind in KINDS)
KIND_LABELS = {kind.code: kind.label for kind in KINDS}
KIND_WORDS = {kind.code: kind.words for kind in KINDS}
DEFAULT_SEVERITIES = {kind.code: kind.severity for kind in KINDS}
DEFAULT_BLOCKING = frozenset(kind.code for kind in KINDS if kind.blocking)
DETAIL_MAX = limits.GAP_DETAIL_MAX
# The claim signals (from the splitter) that some rule reads; the scanner loads only
# these names.
RULE_SIGNALS = frozenset({"official_action"})


@dataclass(frozen=True)
class GapConfig:
    """Thresholds and severities; the scanner builds it from settings."""

    min_sources: int = 2
    checkworthy_threshold: float = 0.5
    severities: Mapping[str, str] = field(
        default_factory=lambda: dict(DEFAULT_SEVERITIES)
    )
    primary_kinds: frozenset[str] = frozenset({"primary", "official"})
    enabled: frozenset[str] = frozenset(ALL_KINDS)

    def severity(self, kind: str) -> str:
        return self.severities.get(kind, DEFAULT_SEVERITIES[kind])


@dataclass(frozen=True, slots=True)
class SourceFacts:
    id: int
    publisher: str = ""
    domain: str = ""
    kind: str = "other"
    url: str = ""
    archive_url: str = ""
    link_status: str = "unchecked"


@dataclass(frozen=True, slots=True)
class CitationFacts:
    source: SourceFacts
    stance: str  # supports / refutes / context
    # The quote check's status ("" when the citation quotes nothing or was never
    # checked; see annotations.models.QuoteStatus).
    quote_status: str = ""


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    id: int
    kind: str = "claim"
    checkworthiness: float = 1.0
    dismissed: bool = False
    attribution: str = ""
    signals: tuple[str, ...] = ()
    citations: tuple[CitationFacts, ...] = ()
    verdict_polarity: str | None = None
    rating_polarities: tuple[str, ...] = ()

    @property
    def is_live(self) -> bool:
        return self.kind == "claim" and not self.dismissed


# What each finding says, by message id: the English is stored as the gap's
# `detail` (operators, logs and the pure tests read it), and the id with its
# parameters lets the desk say the same sentence in the reader's language
# (`annotations.sourcing.details`). One id per sentence, so no words are glued
# together: "one outlet" and the two sides of a verdict are sentences of their own.
DETAIL_TEMPLATES = {
    NO_SOURCE: "The claim cites no source.",
    SINGLE_SOURCE: "%(count)s source cited; at least %(minimum)s are needed.",
    NOT_INDEPENDENT: (
        "All %(count)s sources come from %(outlet)s; cite an independent one."
    ),
    "not_independent_one_outlet": (
        "All %(count)s sources come from one outlet; cite an independent one."
    ),
    ATTRIBUTION_UNCITED: (
        "The text attributes this to %(attribution)s; no citation comes from them."
    ),
    NO_PRIMARY: (
        "The claim reports an institution's statement or decision; cite the "
        "primary document or official statement."
    ),
    "verdict_unsupported_false": (
        "Rated on the false side, but no citation refutes the claim."
    ),
    "verdict_unsupported_true": (
        "Rated on the true side, but no citation supports the claim."
    ),
    DEAD_LINK: "%(url)s is dead and has no archived copy.",
    NO_ARCHIVE: "%(url)s has no archived copy.",
    QUOTE_NOT_IN_SOURCE: "The quoted words are not in the capture of %(source)s.",
    "quote_not_in_source_unnamed": (
        "The quoted words are not in the capture of the cited source."
    ),
}
DETAIL_CODES = tuple(DETAIL_TEMPLATES)


def detail_english(code: str, params: Mapping[str, object]) -> str:
    """The English sentence of a message id with its parameters, as stored."""
    return (DETAIL_TEMPLATES[code] % params)[:DETAIL_MAX]


@dataclass(frozen=True, slots=True)
class Finding:
    """One gap found: `detail` is the English sentence, `detail_code` and
    `detail_params` the message id and parameters it was said from ("" and {} for
    a finding made by hand)."""

    kind: str
    source_id: int | None
    severity: str
    detail: str
    detail_code: str = ""
    detail_params: Mapping[str, object] = field(default_factory=dict, hash=False)


Rule = Callable[[ClaimFacts, GapConfig, list[SourceFacts] | None], list[Finding]]


def _finding(
    config: GapConfig,
    kind: str,
    code: str,
    params: Mapping[str, object] | None = None,
    source_id: int | None = None,
) -> Finding:
    params = dict(params or {})
    return Finding(
        kind,
        source_id,
        config.severity(kind),
        detail_english(code, params),
        code,
        params,
    )


def _sources(claim: ClaimFacts) -> list[SourceFacts]:
    """Distinct cited sources, in citation order."""
    if len(claim.citations) < 2:
        return [citation.source for citation in claim.citations]
    seen: dict[int, SourceFacts] = {}
    for citation in claim.citations:
        seen.setdefault(citation.source.id, citation.source)
    return list(seen.values())


# --- name matching -------------------------------------------------------------
# The helpers below are pure functions of strings, so they are memoised: a scan sees
# the same few thousand publishers and attributions over and over.

_STOP_WORDS = frozenset(
    {"the", "of", "and", "for", "a", "an", "in", "on", "at", "to", "&"}
)
_HONORIFICS = frozenset(
    {
        "sen",
        "rep",
        "gov",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "gen",
        "president",
        "senator",
    }
)
# Words that describe who spoke without naming them.
_GENERIC = frozenset(
    """
    official officials source sources leader leaders expert experts analyst analysts
    critic critics report reports people person spokesperson spokesman spokeswoman
    unnamed anonymous insider insiders observer observers witness witnesses resident
    residents scientist scientists researcher researchers authorities both many some
    several other others they he she we it one both countries country media
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
_INSTITUTION_WORDS = frozenset(
    """
    administration agency ministry department council government office commission
    congress senate parliament court police bureau committee authority institute
    university army navy military kremlin pentagon house cabinet union
    organization organisation board bank service roscosmos nasa esa cnsa
    """.split()  # noqa: SIM905
)
# Words, keeping inner dots and apostrophes (straight or typographic: \u2019).
_WORD = re.compile(r"[^\W_]+(?:[.'\u2019][^\W_]+)*", re.UNICODE)


def _ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _words(text: str) -> list[str]:
    return _WORD.findall(_ascii_fold(text or ""))


def _significant(words: Iterable[str]) -> list[str]:
    return [
        w
        for w in words
        if w.lower() not in _STOP_WORDS and w.lower().rstrip(".") not in _HONORIFICS
    ]


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Lower-case letters and digits only, without a leading "the" or "according to".

    "the China National Space Administration" -> "chinanationalspaceadministration".
    """
    words = [w.lower() for w in _words(text)]
    if words[:2] == ["according", "to"]:
        words = words[2:]
    while words and words[0] in {"the", "a", "an"}:
        words = words[1:]
    return re.sub(r"[^a-z0-9]", "", "".join(words))


@lru_cache(maxsize=65536)
def initials(text: str) -> str:
    """Initials of the main words: "China National Space Administration" is cnsa."""
    return "".join(w[0].lower() for w in _significant(_words(text)))


@lru_cache(maxsize=65536)
def is_named(attribution: str) -> bool:
    """Does the attribution name someone (a proper name), not a generic group?"""
    for word in _significant(_words(attribution)):
        if word.lower() in {"according", "to"} or word.lower() in _GENERIC:
            continue
        if word[0].isupper():
            return True
    return False


@lru_cache(maxsize=65536)
def names_institution(attribution: str) -> bool:
    return any(w.lower() in _INSTITUTION_WORDS for w in _words(attribution))


@lru_cache(maxsize=65536)
def _name_keys(text: str) -> frozenset[str]:
    keys = {normalize_name(text)}
    if len(_significant(_words(text))) >= 2:
        keys.add(initials(text))
    return frozenset(k for k in keys if len(k) >= 2)


@lru_cache(maxsize=65536)
def _source_keys(publisher: str, domain: str) -> frozenset[str]:
    keys = set(_name_keys(publisher)) if publisher else set()
    if domain:
        label = domain.split(".")[0].lower()
        if label:
            keys.add(re.sub(r"[^a-z0-9]", "", label))
    return frozenset(k for k in keys if len(k) >= 2)


def source_matches(attribution: str, source: SourceFacts) -> bool:
    """Tolerant match of an attribution against a source's publisher or domain."""
    return _name_matches(attribution, source.publisher, source.domain)


# Memoised on the strings, not the source: a scan sees many thousands of sources but
# only a few hundred outlets.
@lru_cache(maxsize=65536)
def _name_matches(attribution: str, publisher: str, domain: str) -> bool:
    wanted = _name_keys(attribution)
    offered = _source_keys(publisher, domain)
    if wanted & offered:
        return True
    full = normalize_name(attribution)
    publisher = normalize_name(publisher)
    # "Reuters" ~ "Thomson Reuters"; "SpaceNews staff" ~ "SpaceNews". Four letters at
    # least, so "AP" does not match every name with "ap" inside it.
    return any(
        len(short) >= 4 and short in long
        for short, long in ((full, publisher), (publisher, full))
        if short and long
    )


def same_outlet(a: SourceFacts, b: SourceFacts) -> bool:
    """Two sources are not independent when they share a domain or a publisher."""
    if a.domain and a.domain.lower() == b.domain.lower():
        return True
    pa, pb = normalize_name(a.publisher), normalize_name(b.publisher)
    return bool(pa) and pa == pb


def outlet_groups(sources: list[SourceFacts]) -> int:
    """How many independent outlets the sources come from (union-find)."""
    if len(sources) < 2:
        return len(sources)
    if len(sources) == 2:  # the common case, without the bookkeeping
        return 1 if same_outlet(*sources) else 2
    parent = list(range(len(sources)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            if same_outlet(sources[i], sources[j]):
                parent[root(i)] = root(j)
    return len({root(i) for i in range(len(sources))})


# --- the rules ---------------------------------------------------------------------


def rule_no_source(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """A check-worthy claim cites nothing."""
    if claim.citations or claim.checkworthiness < config.checkworthy_threshold:
        return []
    return [_finding(config, NO_SOURCE, NO_SOURCE)]


def rule_single_source(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """A cited claim has fewer distinct sources than the minimum."""
    sources = _sources(claim) if sources is None else sources
    count = len(sources)
    if count == 0 or count >= config.min_sources:
        return []
    return [
        _finding(
            config,
            SINGLE_SOURCE,
            SINGLE_SOURCE,
            {"count": count, "minimum": config.min_sources},
        )
    ]


def rule_not_independent(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """Enough sources, but all from one publisher or registrable domain."""
    sources = _sources(claim) if sources is None else sources
    if len(sources) < max(config.min_sources, 2) or outlet_groups(sources) > 1:
        return []
    outlet = sources[0].publisher or sources[0].domain
    if not outlet:
        return [
            _finding(
                config,
                NOT_INDEPENDENT,
                "not_independent_one_outlet",
                {"count": len(sources)},
            )
        ]
    return [
        _finding(
            config,
            NOT_INDEPENDENT,
            NOT_INDEPENDENT,
            {"count": len(sources), "outlet": outlet},
        )
    ]


def rule_attribution_uncited(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """The text names who said it, and no citation comes from them."""
    sources = _sources(claim) if sources is None else sources
    attribution = " ".join(claim.attribution.split())
    if not claim.citations or not attribution or not is_named(attribution):
        return []
    if any(source_matches(attribution, s) for s in sources):
        return []
    return [
        _finding(
            config,
            ATTRIBUTION_UNCITED,
            ATTRIBUTION_UNCITED,
            {"attribution": attribution},
        )
    ]


def rule_no_primary(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """A claim about what an institution said or decided cites no primary document."""
    sources = _sources(claim) if sources is None else sources
    if not claim.citations:
        return []
    institutional = "official_action" in claim.signals or (
        bool(claim.attribution) and names_institution(claim.attribution)
    )
    if not institutional:
        return []
    if any(s.kind in config.primary_kinds for s in sources):
        return []
    return [
        _finding(
            config,
            NO_PRIMARY,
            NO_PRIMARY,
        )
    ]


def claim_polarity(claim: ClaimFacts) -> str | None:
    """The side the claim is rated on: the verdict's, else the ratings' majority."""
    if claim.verdict_polarity:
        return claim.verdict_polarity if claim.verdict_polarity != "neutral" else None
    if not claim.rating_polarities:
        return None
    counts = Counter(claim.rating_polarities).most_common()
    if not counts or (len(counts) > 1 and counts[0][1] == counts[1][1]):
        return None
    return counts[0][0] if counts[0][0] != "neutral" else None


_NEEDED_STANCE = {"false": "refutes", "true": "supports"}


def rule_verdict_unsupported(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """Rated false with no refuting citation, or true with no supporting one."""
    polarity = claim_polarity(claim)
    needed = _NEEDED_STANCE.get(polarity or "")
    if needed is None or any(c.stance == needed for c in claim.citations):
        return []
    side = "false" if polarity == "false" else "true"
    return [_finding(config, VERDICT_UNSUPPORTED, f"verdict_unsupported_{side}")]


def rule_dead_link(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """A cited URL failed its link checks and has no archived copy."""
    sources = _sources(claim) if sources is None else sources
    return [
        _finding(config, DEAD_LINK, DEAD_LINK, {"url": source.url[:300]}, source.id)
        for source in sources
        if source.url and source.link_status == "dead" and not source.archive_url
    ]


def rule_no_archive(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """A cited URL has no archived copy (a dead one is a dead_link instead)."""
    sources = _sources(claim) if sources is None else sources
    return [
        _finding(config, NO_ARCHIVE, NO_ARCHIVE, {"url": source.url[:300]}, source.id)
        for source in sources
        if source.url and not source.archive_url and source.link_status != "dead"
    ]


def rule_quote_not_in_source(
    claim: ClaimFacts,
    config: GapConfig,
    sources: list[SourceFacts] | None = None,
) -> list[Finding]:
    """A citation's quote was looked for in its source's capture and is not there."""
    findings: dict[int, Finding] = {}
    for citation in claim.citations:
        source = citation.source
        if citation.quote_status != QUOTE_NOT_FOUND or source.id in findings:
            continue
        name = source.url[:300] or source.publisher[:300]
        findings[source.id] = (
            _finding(
                config,
                QUOTE_NOT_IN_SOURCE,
                QUOTE_NOT_IN_SOURCE,
                {"source": name},
                source.id,
            )
            if name
            else _finding(
                config,
                QUOTE_NOT_IN_SOURCE,
                "quote_not_in_source_unnamed",
                source_id=source.id,
            )
        )
    return list(findings.values())


RULES: dict[str, Rule] = {
    NO_SOURCE: rule_no_source,
    SINGLE_SOURCE: rule_single_source,
    NOT_INDEPENDENT: rule_not_independent,
    ATTRIBUTION_UNCITED: rule_attribution_uncited,
    NO_PRIMARY: rule_no_primary,
    VERDICT_UNSUPPORTED: rule_verdict_unsupported,
    DEAD_LINK: rule_dead_link,
    NO_ARCHIVE: rule_no_archive,
    QUOTE_NOT_IN_SOURCE: rule_quote_not_in_source,
}


def evaluate(claim: ClaimFacts, config: GapConfig) -> list[Finding]:
    """Every gap that holds for the claim; none for dismissed claims or non-claims."""
    if not claim.is_live:
        return []
    # A claim's distinct sources are derived once, not once per rule: a full scan
    # evaluates a million claims.
    sources = _sources(claim)
    findings: list[Finding] = []
    enabled = config.enabled
    for kind, check in RULES.items():
        if kind in enabled:
            found = check(claim, config, sources)
            if found:
                findings += found
    return findings
