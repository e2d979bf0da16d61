"""Claim candidates: the kind of each segment, its check-worthiness and attribution.

Check-worthiness is a sum of small named signals whose weights are the constants
below, so every score can be explained to a reviewer.
"""

# This module matches typographic quotes, dashes and bullets on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from annotations.splitting.lexicon import SENTENCE_STARTERS as _SENTENCE_STARTERS
from annotations.splitting.lexicon import abbreviation_class
from annotations.splitting.lexicon import words as _words
from annotations.splitting.sentences import (
    _CLOSERS,
    _DOTTED,
    _TERMINALS,
    _skip_space,
    split_sentences,
)
from annotations.splitting.types import (
    NON_CLAIM_KINDS,
    ClaimCandidate,
    Kind,
    Signal,
    Span,
)

_LIST_MARKER = re.compile(
    r"(?:[•⁃◦▪‣∙*-][ \t]*)?(?:[0-9]{1,3}|[A-Za-z])(?:\.\)|[.)])(?=\s)|[•⁃◦▪‣∙*](?=\s)"
)
_ABBREVIATIONS = frozenset()
_CASED_ABBREVIATIONS = frozenset()

# Check-worthiness is BASE plus the weights of the signals found, clamped to 0..1.
# A plain declarative sentence with nothing checkable in it.
BASE_CHECKWORTHINESS = 0.25
# A figure someone can look up ("20 years", "two countries").
WEIGHT_NUMBER = 0.15
# Money and percentages are the figures fact-checkers check most.
WEIGHT_QUANTITY = 0.1
# A date or time pins the claim to a record ("on Tuesday", "Last month", "2021").
WEIGHT_DATE = 0.15
# Each named person, body or place (up to three) is something to verify against.
WEIGHT_NAMED_ENTITY = 0.07
MAX_NAMED_ENTITIES = 3
# Something an institution did leaves a paper trail ("signed", "approved").
WEIGHT_OFFICIAL_ACTION = 0.2
# A named source tells the reviewer where to start.
WEIGHT_ATTRIBUTION = 0.1
# Comparisons and superlatives are often wrong ("more than", "largest", "first").
WEIGHT_COMPARISON = 0.1
# Each hedge (up to two) makes the claim softer and harder to pin down.
WEIGHT_HEDGE = -0.12
MAX_HEDGES = 2
# First-person or evaluative language is opinion rather than fact.
WEIGHT_OPINION_MARKER = -0.25
# A question asserts nothing.
WEIGHT_QUESTION = -0.3
# Very short sentences rarely carry a checkable claim.
WEIGHT_SHORT = -0.1
SHORT_SENTENCE_WORDS = 6
# Headlines, captions, credits, datelines, questions, bare quotes and opinions are
# kept for context but never outrank a claim.
NON_CLAIM_CAP = 0.2
# Each half of a sentence split into two claims must be at least this long.
MIN_CLAIM_PART = 40
EVIDENCE_CHARS = 40

_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November"
    "|December"
)
_MONTH_SHORT = (
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

_NUMBER = re.compile(
    r"(?<![\w.])[$€£¥]?[0-9][0-9,]*(?:\.[0-9]+)?\b"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?"
    r"|millions?|billions?|trillions?|dozens?|half|twice|double|triple)\b",
    re.IGNORECASE,
)
_QUANTITY = re.compile(
    r"[$€£¥][ ]?[0-9][0-9,.]*(?:[ ]?(?:million|billion|trillion|[mbk]n?)\b)?"
    r"|[0-9][0-9,.]*[ ]?(?:%|percent\b|per cent\b|percentage points?\b)"
    r"|[0-9][0-9,.]*[ ]?(?:million|billion|trillion)\b"
)
_DATE = re.compile(
    rf"\b(?:(?:[Oo]n|[Ll]ast|[Nn]ext|[Tt]his|[Ss]ince|[Bb]y|[Uu]ntil)\s+)?(?:{_WEEKDAYS})\b"
    rf"|\b(?:(?:{_MONTH_NAMES})(?!\w)|(?:{_MONTH_SHORT})(?=\s+[0-9]))"
    r"(?:\s+[0-9]{1,2}(?:st|nd|rd|th)?)?(?:,?\s+[0-9]{4})?"
    r"|\b(?:1[6-9]|20)[0-9]{2}s?\b"
    r"|\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this)\s+"
    r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter|decade|century)\b"
    r"|\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b"
    r"|\b[0-9]{1,2}(?::[0-9]{2})?\s?(?:[ap]\.m\.|[AP]\.M\.|[ap]m\b|[AP]M\b)"
)
# Runs of capitalised words, joined by the small words inside names
# ("Department of Defense", "Bank of the West").
_CAPITALISED_RUN = re.compile(
    r"(?<![\w'’])[A-Z][\w'’.&-]*"
    r"(?:(?:\s+(?:of|the|for|de|du|la|von|van|bin|al))*\s+[A-Z][\w'’.&-]*)*"
)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]+s?|(?:[A-Z]\.){2,}")
_DATE_WORDS = frozenset(f"{_MONTH_NAMES}|{_WEEKDAYS}".split("|"))


def _past_tense(*bases: str) -> list[str]:
    forms = []
    for base in bases:
        if base.endswith("e"):
            forms.append(base + "d")
        elif base.endswith("y"):
            forms.append(base[:-1] + "ied")
        else:
            forms.append(base + "ed")
    return forms


# Past tenses only, plus a few present forms that are never nouns: "a vote", "the
# launch" and "a sentence" say nothing about anyone acting.
_OFFICIAL_ACTION = re.compile(
    r"\b(?:"
    + "|".join(
        _past_tense(
            "sign",
            "agree",
            "announce",
            "approve",
            "vote",
            "launch",
            "create",
            "establish",
            "reinstitute",
            "enact",
            "ratify",
            "appoint",
            "nominate",
            "elect",
            "impose",
            "sanction",
            "construct",
            "develop",
            "cooperate",
            "deploy",
            "invest",
            "fund",
            "allocate",
            "release",
            "publish",
            "declare",
            "resign",
            "hire",
            "abolish",
            "repeal",
            "suspend",
            "cancel",
            "reject",
            "overturn",
            "endorse",
            "adopt",
            "implement",
            "pledge",
            "award",
            "acquire",
            "merge",
            "invade",
            "seize",
            "arrest",
            "indict",
            "convict",
            "sentence",
            "raise",
            "increase",
            "reduce",
            "pass",
            "order",
            "rule",
            "sue",
            "charge",
            "fine",
            "kill",
            "die",
            "issue",
            "introduce",
            "file",
            "mock",
            "criticize",
            "criticise",
            "urge",
            "face",
            "open",
            "close",
            "lift",
            "veto",
            "test",
        )
    )
    + r"|banned|built|spent|withdrew|won|lost|sold|bought|struck|held talks"
    r"|agrees?|approves?|announces?|creates?|constructs?|establish(?:es)?"
    r"|ratif(?:y|ies)|enacts?|build|builds|develops?|cooperates?|invades?"
    r"|imposes?|appoints?|nominates?|signs? (?:a|an|the)\b)\b",
    re.IGNORECASE,
)
_COMPARISON = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger|faster|slower"
    r"|older|newer|better|worse)\s+than\b"
    r"|\b(?:largest|biggest|highest|lowest|smallest|fastest|slowest|newest|oldest"
    r"|latest|greatest|strongest|weakest|richest|poorest|deadliest|longest|shortest"
    r"|best|worst|most|least|first|only|record|twice as|compared (?:with|to)"
    r"|doubled|tripled|halved)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:[Rr]eportedly|[Aa]llegedly|may|might|could|[Uu]nclear|appears?|appearing"
    r"|appeared|seems?|seemed|seemingly|[Pp]ossibly|[Pp]erhaps|[Ll]ikely|unlikely"
    r"|[Pp]robably|rumou?red|unconfirmed|[Aa]pparently|[Ss]upposedly|suggests?)\b"
)
_OPINION_MARKER = re.compile(
    r"\b(?:I|[Ww]e)\s+(?:(?:really|strongly|firmly|do)\s+)?"
    r"(?:think|believe|feel|hope|guess|suppose|fear|doubt)\b"
    r"|\b[Ii]n (?:my|our) (?:view|opinion)\b"
    r"|\b(?:should|ought to|must)\b"
    r"|\b(?:[Ii]t is|[Ii]t's|[Tt]his is|[Tt]hat is) (?:time|clear that|obvious)\b"
    r"|\b(?:shameful|disgraceful|outrageous|absurd|ridiculous|appalling|pathetic"
    r"|terrible|wonderful|fantastic|awful|unacceptable|[Uu]nfortunately"
    r"|[Ff]ortunately|[Oo]bviously|[Cc]learly)\b"
)
_SPEECH_VERBS = (
    "said|says|say|told|tells|announced|announces|claimed|claims|claim|reported"
    "|reports|stated|states|added|adds|noted|notes|wrote|writes|argued|argues"
    "|warned|warns|confirmed|confirms|denied|denies|insisted|insists|explained"
    "|acknowledged|admitted|asserted|testified|tweeted|posted|alleged|alleges"
    "|estimated|estimates|predicted|predicts|declared|asked|replied"
)
# `," the China National Space Administration said in a statement.` The quotation
# must end in punctuation, so scare quotes ("wrong" and the agency said) do not count.
_QUOTE_THEN_SOURCE = re.compile(
    r"[,.!?…—–-][\"”]\s+(?P<source>(?:[A-Za-z][\w'’.&-]*\s+){0,7}?[A-Za-z][\w'’.&-]*)"
    rf"\s+(?:(?:has|have|had|also|later)\s+)*(?:{_SPEECH_VERBS})\b"
)
# `," said Jen Psaki, the press secretary.`
_QUOTE_THEN_SAID_SOURCE = re.compile(
    r"[,.!?…—–-][\"”]\s+(?:said|says|added|adds|wrote|writes|asked|told)\s+"
    r"(?P<source>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})"
)
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to\s+(?P<source>(?:\b[A-Z]\.|[^,.;:()\"“”?!\n]|\.(?=\w))+?)"
    r"(?=\s*(?:[,.;:()\"“”?!]|$)|\s+(?:that|which|who|on|at|last|earlier)\b)"
)
# After a subject, only verbs that report speech: "X wrote it" names no source.
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|announced|announces|claimed|claims|claim"
    r"|reported|reports|stated|argued|argues|warned|warns|insisted|insists"
    r"|confirmed|confirms|denied|denies|acknowledged|admitted|asserted|testified"
    r"|alleged|alleges|predicted|predicts|estimated|estimates|declared|noted|added)"
    r"\b(?!\s+(?:it|them|this|nothing|so)\b)"
)
_SAID_SOURCE = re.compile(r"\s+(?P<source>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})")
_CLAUSE_BOUNDARY = re.compile(r"[,;:(\x00—–]\s*|\s[-–—]\s")
_LEADING_JOINERS = _words(
    "which who that as while but and because although though when after before if "
    "so since where whereas"
)
_TRAILING_AUXILIARIES = _words(
    "have has had also previously repeatedly publicly recently already reportedly "
    "later earlier once often long separately privately officially"
)
_NOT_A_SOURCE = _words(
    "the a an these those this its their his her our such new false is was were are "
    "be been it there what"
)
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^“”\n]*”|«[^«»\n]*»")
_PARENTHESISED = re.compile(r"\([^()\n]*\)")

_ENDS_WITH_FULL_STOP = re.compile(r"[.…][\"'”’»)\]]*\Z")
_ENDS_WITH_QUESTION = re.compile(r"[?⁇⁈][\"'”’»)\]]*\Z")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SMALL_TITLE_WORDS = _words(
    "a an the and or nor but of to in on at by for with from as vs via per up"
)
_FINITE_VERB_CUE = re.compile(
    rf"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|might"
    rf"|must|should|remains?|marks?|makes?|takes?|gives?|goes|gets?|{_SPEECH_VERBS})\b"
    r"|\b\w{3,}ed\b"
)
_CLAUSE_START = re.compile(
    r"(?:(?:is|are|was|were|has|have|had|will|would|can|could|did|also|then|later)\b"
    r"|\w{3,}ed\b"
    r"|(?:the|a|an|this|that|these|those|it|he|she|they|we|its|their|his|her"
    r"|[A-Z][\w'’.-]*)(?:\s+[\w'’.-]+){0,4}?\s+"
    r"(?:is|are|was|were|has|have|had|will|would|can|could|did|\w{3,}ed)\b)"
)
_CLAUSE_JOIN = re.compile(r";\s+|,\s+(?=(?:and|but)\s)")

_CREDIT = re.compile(
    r"/?\s*(?:"
    r"(?:Photo|Photograph|Image|Picture|Video|Graphic|Illustration|Credit|Source"
    r"|Courtesy)s?(?:\s*[:/]|\s+(?:by|credit|courtesy(?:\s+of)?)\b:?)\s*\S.{0,80}"
    r"|By\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:(?:,\s*|\s+and\s+)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})*"
    r"|\(?(?:AP|AFP|Reuters|EPA|Getty(?:\s+Images)?|Shutterstock|Bloomberg|Xinhua"
    r"|TASS|Sputnik|AP\s+Photo[^()]{0,60})\)?(?:\s+via\s+.{1,40})?"
    r"|©.{1,80}"
    r")",
    re.DOTALL,
)
_DATE_LINE = re.compile(
    r"(?:(?:Updated|Published|Posted|Last updated)(?:\s+on)?:?\s+)?"
    rf"(?:(?:{_WEEKDAYS}),?\s+)?"
    rf"(?:(?:{_MONTH_NAMES}|{_MONTH_SHORT})\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}"
    rf"|[0-9]{{1,2}}\s+(?:{_MONTH_NAMES}|{_MONTH_SHORT})\s+[0-9]{{4}}"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4})"
    r"(?:,?\s+(?:at\s+)?[0-9]{1,2}[:.][0-9]{2}\s*(?:[ap]\.?m\.?|AM|PM)?(?:\s+[A-Z]{2,4})?)?"
)
# "WASHINGTON —", "NEW YORK, March 9 (Reuters) -" at the start of a story.
_DATELINE_PREFIX = re.compile(
    r"[A-Z]{2}[A-Z'’.-]*(?:[ ][A-Z][A-Z'’.-]+)*"
    r"(?:,[ ][A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)?"
    rf"(?:,?[ ](?:{_MONTH_NAMES}|{_MONTH_SHORT})[ ][0-9]{{1,2}})?"
    r"(?:[ ]?\([^()\n]{1,30}\))?[ ]?(?:—|–|--|-)(?=\s|\Z)"
)


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= EVIDENCE_CHARS:
        return text
    return text[: EVIDENCE_CHARS - 1] + "…"


def _mask(pattern: re.Pattern, text: str) -> str:
    """Blank out what `pattern` matches, keeping every other offset in place."""
    return pattern.sub(lambda match: "\x00" * len(match.group()), text)


def _is_whole_line(text: str, start: int, end: int) -> bool:
    before = start - 1
    while before >= 0 and text[before].isspace() and text[before] not in "\n\r":
        before -= 1
    if before >= 0 and text[before] not in "\n\r":
        return False
    after = end
    while after < len(text) and text[after].isspace() and text[after] not in "\n\r":
        after += 1
    return after >= len(text) or text[after] in "\n\r"


def _is_title_case(sentence: str) -> bool:
    words = _WORD.findall(sentence)
    if len(words) < 2:
        return False
    return all(
        word[0].isupper() or word.lower() in _SMALL_TITLE_WORDS for word in words
    )


def _trimmed_source(sentence: str, start: int, end: int) -> tuple[int, int]:
    """Drop a sentence's final full stop from a source, keeping "U.S." or "Co."."""
    while end > start and sentence[end - 1] in ",;:":
        end -= 1
    if sentence[end - 1 : end] == ".":
        word = sentence[start : end - 1].rsplit(None, 1)[-1]
        if not (
            len(word) == 1
            or _DOTTED.fullmatch(word)
            or abbreviation_class(word) is not None
        ):
            end -= 1
    return start, end


def _attribution_span(sentence: str) -> tuple[int, int] | None:
    """Offsets, within `sentence`, of who the sentence says made the statement.

    A bare "reportedly" names no source, so it gives None (the hedge signal
    records it); a pronoun after a quotation ("he said") is returned as written.
    """
    match = _ACCORDING_TO.search(sentence)
    if match and len(match.group("source").split()) <= 10:
        return _trimmed_source(sentence, *match.span("source"))
    for pattern in (_QUOTE_THEN_SOURCE, _QUOTE_THEN_SAID_SOURCE):
        match = pattern.search(sentence)
        if match:
            return _trimmed_source(sentence, *match.span("source"))
    masked = _mask(_QUOTED, sentence)
    for verb in _REPORTING_VERB.finditer(masked):
        clause_start = 0
        for boundary in _CLAUSE_BOUNDARY.finditer(masked, 0, verb.start()):
            clause_start = boundary.end()
        words = list(_WORD.finditer(masked, clause_start, verb.start()))
        while words and words[0].group().lower() in _LEADING_JOINERS:
            words.pop(0)
        while words and words[-1].group().lower() in _TRAILING_AUXILIARIES:
            words.pop()
        if not words:
            said = _SAID_SOURCE.match(masked, verb.end())
            if said and masked[: verb.start()].rstrip().endswith(","):
                return _trimmed_source(sentence, *said.span("source"))
            continue
        if len(words) > 8 or any(
            w.group().lower() in _NOT_A_SOURCE for w in words[-1:]
        ):
            continue
        if any(w.group() in ("is", "was", "were", "are", "be", "been") for w in words):
            continue
        return _trimmed_source(sentence, words[0].start(), words[-1].end())
    return None


def _signals(sentence: str, attribution: str | None) -> list[Signal]:
    signals: list[Signal] = []
    dates = list(_DATE.finditer(sentence))
    if dates:
        signals.append(Signal("date", WEIGHT_DATE, _excerpt(dates[0].group())))
    for number in _NUMBER.finditer(sentence):
        if not any(
            d.start() < number.end() and number.start() < d.end() for d in dates
        ):
            signals.append(Signal("number", WEIGHT_NUMBER, _excerpt(number.group())))
            break
    quantity = _QUANTITY.search(sentence)
    if quantity:
        signals.append(Signal("quantity", WEIGHT_QUANTITY, _excerpt(quantity.group())))
    first_letter = next((i for i, c in enumerate(sentence) if c.isalpha()), 0)
    entities: list[str] = []
    for run in _CAPITALISED_RUN.finditer(sentence):
        name = run.group().rstrip(".")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        name = name.rstrip("'’")
        words = name.split()
        at_start = run.start() == first_letter
        if len(words) > 1 and words[0] in _SENTENCE_STARTERS:
            words = words[1:]  # "The White House" -> "White House"
            name = " ".join(words)
            at_start = False
        if len(name) < 2 or name in entities or name in _DATE_WORDS:
            continue
        single = len(words) == 1 and not _ACRONYM.fullmatch(name)
        if single and (at_start or name in _SENTENCE_STARTERS):
            continue
        entities.append(name)
    for name in entities[:MAX_NAMED_ENTITIES]:
        signals.append(Signal("named_entity", WEIGHT_NAMED_ENTITY, _excerpt(name)))
    action = _OFFICIAL_ACTION.search(sentence)
    if action:
        signals.append(
            Signal("official_action", WEIGHT_OFFICIAL_ACTION, _excerpt(action.group()))
        )
    if attribution:
        signals.append(Signal("attribution", WEIGHT_ATTRIBUTION, _excerpt(attribution)))
    comparison = _COMPARISON.search(sentence)
    if comparison:
        signals.append(
            Signal("comparison", WEIGHT_COMPARISON, _excerpt(comparison.group()))
        )
    hedges: list[str] = []
    for hedge in _HEDGE.finditer(sentence):
        if hedge.group().lower() not in hedges:
            hedges.append(hedge.group().lower())
    for hedge in hedges[:MAX_HEDGES]:
        signals.append(Signal("hedge", WEIGHT_HEDGE, hedge))
    opinion = _OPINION_MARKER.search(sentence)
    if opinion:
        signals.append(
            Signal("opinion_marker", WEIGHT_OPINION_MARKER, _excerpt(opinion.group()))
        )
    if _ENDS_WITH_QUESTION.search(sentence):
        signals.append(Signal("question", WEIGHT_QUESTION, _excerpt(sentence[-40:])))
    if len(_WORD.findall(sentence)) < SHORT_SENTENCE_WORDS:
        signals.append(Signal("short", WEIGHT_SHORT, _excerpt(sentence)))
    return signals


def _kind_of_sentence(
    sentence: str, signals: list[Signal], attribution: str | None
) -> Kind:
    names = {signal.name for signal in signals}
    if "question" in names:
        return Kind.QUESTION
    if attribution is None and sentence[:1] in '"“«':
        closing = max(sentence.rfind('"', 1), sentence.rfind("”"), sentence.rfind("»"))
        tail = sentence[closing + 1 :] if closing > 0 else ""
        if not tail.strip(_TERMINALS + _CLOSERS + " "):
            return Kind.QUOTE
    checkable = {"number", "quantity", "date", "official_action"}
    if "opinion_marker" in names and attribution is None and not names & checkable:
        return Kind.OPINION
    return Kind.CLAIM


def _candidate(
    text: str, start: int, end: int, kind: Kind | None, inherited: str | None
) -> ClaimCandidate:
    sentence = text[start:end]
    attribution = inherited
    if kind is None or kind is Kind.CLAIM:
        found = _attribution_span(sentence)
        if found:
            attribution = sentence[found[0] : found[1]].strip() or inherited
    signals = _signals(sentence, attribution)
    if kind is None:
        kind = _kind_of_sentence(sentence, signals, attribution)
    score = BASE_CHECKWORTHINESS + sum(signal.weight for signal in signals)
    if kind in NON_CLAIM_KINDS:
        score = min(score, NON_CLAIM_CAP)
    return ClaimCandidate(
        start=start,
        end=end,
        kind=kind,
        checkworthiness=round(min(1.0, max(0.0, score)), 3),
        signals=tuple(signals),
        attribution=attribution if kind is not Kind.QUOTE else None,
    )


def _line_pieces(
    text: str, span: Span, index: int, count: int
) -> list[tuple[int, int, Kind | None]] | None:
    """Pieces and kinds of a credit, dateline, headline or caption segment.

    Returns None for an ordinary sentence, which is classified by its content.
    """
    sentence = text[span.start : span.end]
    if _CREDIT.fullmatch(sentence):
        return [(span.start, span.end, Kind.CREDIT)]
    if _DATE_LINE.fullmatch(sentence) or _DATELINE_PREFIX.fullmatch(sentence):
        return [(span.start, span.end, Kind.DATELINE)]
    if not _is_whole_line(text, span.start, span.end) or _ENDS_WITH_FULL_STOP.search(
        sentence
    ):
        return None
    words = _WORD.findall(sentence)
    if (index == 0 and count > 1 and len(words) <= 25) or (
        _is_title_case(sentence) and len(words) <= 15
    ):
        return [(span.start, span.end, Kind.HEADLINE)]
    if count < 2 or len(words) > 40 or _LIST_MARKER.match(sentence):
        return None
    slash = sentence.rfind(" / ")
    if slash > 0 and _CREDIT.fullmatch(sentence[slash + 1 :]):
        return [
            (span.start, span.start + slash, Kind.CAPTION),
            (span.start + slash + 1, span.end, Kind.CREDIT),
        ]
    if _FINITE_VERB_CUE.search(sentence) or _ENDS_WITH_QUESTION.search(sentence):
        return None
    return [(span.start, span.end, Kind.CAPTION)]


def _claim_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence holding two independent clauses into two parts, or not."""
    sentence = text[start:end]
    if len(sentence) < 2 * MIN_CLAIM_PART:
        return [(start, end)]
    masked = _mask(_PARENTHESISED, _mask(_QUOTED, sentence))
    for join in _CLAUSE_JOIN.finditer(masked):
        left_end, right_start = join.start() + 1, join.end()
        if left_end < MIN_CLAIM_PART or len(sentence) - right_start < MIN_CLAIM_PART:
            continue
        if not _FINITE_VERB_CUE.search(masked, 0, left_end):
            continue
        clause = right_start
        if masked[right_start] != "\x00" and masked[left_end - 1] == ",":
            clause = _skip_space(masked, right_start + 3)  # after "and" / "but"
        if _CLAUSE_START.match(masked, clause) and _FINITE_VERB_CUE.search(
            masked, clause
        ):
            return [(start, start + left_end), (start + right_start, end)]
    return [(start, end)]


def extract_claims(text: str) -> list[ClaimCandidate]:
    """Return one candidate per segment of `text`, claims and non-claims alike.

    Segments are the sentences, except that a caption's trailing credit and a
    story's dateline become their own segments, and a sentence joining two
    independent clauses may become two claims.
    """
    sentences = split_sentences(text)
    candidates: list[ClaimCandidate] = []
    for index, span in enumerate(sentences):
        pieces = _line_pieces(text, span, index, len(sentences))
        if pieces is None:
            pieces = []
            start = span.start
            prefix = _DATELINE_PREFIX.match(text, start, span.end)
            if prefix:
                pieces.append((start, prefix.end(), Kind.DATELINE))
                start = _skip_space(text, prefix.end())
            if start < span.end:
                pieces.extend(
                    (part_start, part_end, None)
                    for part_start, part_end in _claim_parts(text, start, span.end)
                )
        inherited = None
        if len(pieces) > 1:
            found = _attribution_span(text[span.start : span.end])
            if found:
                inherited = text[span.start + found[0] : span.start + found[1]].strip()
        for start, end, kind in pieces:
            candidates.append(_candidate(text, start, end, kind, inherited))
    return candidates
