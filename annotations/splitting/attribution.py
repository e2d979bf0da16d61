"""Who a sentence says made its statement, as the exact words of the text.

`attribution_span` looks inside one sentence: "according to X", a quotation and
its speaker (`," X said`, `," said X`, `," X, a professor at Y, said`), a subject
and its reporting verb ("X, who ..., said", "Experts say", "X disputed ...", "A
spokesman, NAME, said" gives NAME). Pronouns and generic subjects ("she said", "the
group says") come back as written; `claims.extract_claims` resolves them to the
last named speaker or organisation before them.
"""

# This module matches typographic quotes and dashes on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import re

from annotations.splitting.lexicon import abbreviation_class, words
from annotations.splitting.sentences import _DOTTED

_SPEECH_VERBS = (
    "said|says|say|told|tells|announced|announces|claimed|claims|claim|reported"
    "|reports|stated|states|added|adds|noted|notes|wrote|writes|argued|argues"
    "|warned|warns|confirmed|confirms|denied|denies|insisted|insists|explained"
    "|explains|acknowledged|admitted|asserted|testified|tweeted|posted|alleged"
    "|alleges|estimated|estimates|predicted|predicts|declared|asked|replied"
    "|disputed|disputes|contended|contends|countered|maintained|maintains"
    "|concluded|concludes|recalled|emphasized|stressed|cautioned|projected"
    "|forecast|attributed|attributes|suggested|believes|believed|contributed"
)
# After a subject, verbs that report speech or a finding. "X wrote it", "X found
# a body" name no source; "X found that" does.
_REPORTING_VERB = re.compile(
    r"\b(?:said|says|say|told|tells|announced|announces|claimed|claims|claim"
    r"|reported|reports|stated|argued|argues|warned|warns|insisted|insists"
    r"|confirmed|confirms|denied|denies|acknowledged|admitted|asserted|testified"
    r"|alleged|alleges|predicted|predicts|estimated|estimates|declared|noted|added"
    r"|wrote|writes|disputed|disputes|contended|contends|maintained|maintains"
    r"|countered|concluded|concludes|cautioned|projected|forecast|emphasized"
    r"|stressed|attributed|attributes|explained|explains"
    r"|(?:found|finds|showed|shows|show|suggests|suggested)(?=\s+that\b))"
    r"\b(?!\s+(?:it|them|this|nothing|so|up|down)\b)"
)
_LOWER_WORD = re.compile(r"[a-z]+")
# Every verb any pattern below looks for: a sentence with none of them names no
# speaker, which one set operation settles.
_REPORTING_WORDS = frozenset(_SPEECH_VERBS.split("|")) | words(
    "found finds showed shows show suggests suggested"
)
_AUXILIARIES = r"(?:(?:has|have|had|also|later|previously|repeatedly|publicly)\s+)*"
_NAME_WORD = r"[A-Za-z][\w'’.&-]*"
# `," the China National Space Administration said in a statement.` The quotation
# must end in punctuation, so scare quotes ("wrong" and the agency said) do not
# count. The speaker may carry an appositive: `," Ortiz, a professor of law at
# Riverton University, said`.
_QUOTE_THEN_SOURCE = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?P<source>(?:{_NAME_WORD}\s+){{0,7}}?{_NAME_WORD})"
    r"(?:,\s+(?:who|which|a|an|the|whose|[a-z][\w'’-]*|[A-Z][\w'’.-]*)"
    r"[^\"“”]{0,120}?,)?"
    rf"\s+{_AUXILIARIES}(?:{_SPEECH_VERBS})\b"
)
# `," said Jen Psaki, the press secretary.`
_QUOTE_THEN_SAID_SOURCE = re.compile(
    r"[,.!?…—–-][\"”’]\s+(?:said|says|added|adds|wrote|writes|asked|told|explained"
    r"|recalled|continued)\s+"
    r"(?P<source>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})"
)
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to\s+(?P<source>(?:\b[A-Z]\.|[^,.;:()\"“”?!\n]|\.(?=\w))+?)"
    r"(?=\s*(?:[,.;:()\"“”?!]|$)|\s+(?:that|which|who|on|at|last|earlier)\b)"
)
_SAID_SOURCE = re.compile(r"\s+(?P<source>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})")
_CLAUSE_BOUNDARY = re.compile(r"[,;:(\x00—–]\s*|\s[-–—]\s")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^“”\n]*”|«[^«»\n]*»")
_LEADING_JOINERS = words(
    "which who that as while but and because although though when after before if "
    "so since where whereas"
)
_TRAILING_AUXILIARIES = words(
    "have has had also previously repeatedly publicly recently already reportedly "
    "later earlier once often long separately privately officially"
)
_NOT_A_SOURCE = words(
    "the a an these those this its their his her our such new false is was were are "
    "be been it there what which"
)
_COPULAS = words("is was were are be been")
# Role nouns: "A spokesman, Juan Perez, said" names the spokesman.
ROLE_NOUNS = words(
    "spokesman spokeswoman spokesperson representative official officer aide "
    "adviser advisor lawyer attorney director chief executive analyst economist "
    "researcher professor scientist expert"
)
_PROPER_NAME = re.compile(r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|bin|al))*")


def _mask(pattern: re.Pattern, text: str) -> str:
    """Blank out what `pattern` matches, keeping every other offset in place."""
    return pattern.sub(lambda match: "\x00" * len(match.group()), text)


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


def _subject_before(masked: str, clause_start: int, verb_start: int):
    """The subject words before a reporting verb, skipping an appositive."""
    segment = masked[clause_start:verb_start]
    stripped = segment.rstrip()
    if stripped.endswith(","):
        # "X, who ..., said", "X, a professor of law at Y, said": the subject is
        # what comes before the appositive's first comma.
        first_comma = segment.find(",")
        if 0 < first_comma < len(stripped) - 1:
            subject = list(
                _WORD.finditer(masked, clause_start, clause_start + first_comma)
            )
            appositive_start = clause_start + first_comma + 1
            appositive = masked[appositive_start : clause_start + len(stripped) - 1]
            name = _PROPER_NAME.fullmatch(appositive.strip())
            if (
                name
                and subject
                and any(word.group().lower() in ROLE_NOUNS for word in subject)
                and len(name.group().split()) <= 4
            ):
                # "A spokesman, Juan Perez, said" -> "Juan Perez"
                offset = appositive_start + (len(appositive) - len(appositive.lstrip()))
                return list(_WORD.finditer(masked, offset, offset + len(name.group())))
            return subject
        return []
    return list(_WORD.finditer(masked, clause_start, verb_start))


def attribution_span(sentence: str) -> tuple[int, int] | None:
    """Offsets, within `sentence`, of who the sentence says made the statement.

    A bare "reportedly" names no source, so it gives None (the hedge signal
    records it); a pronoun ("he said") is returned as written.
    """
    if "ccording to" in sentence:
        match = _ACCORDING_TO.search(sentence)
        if match and len(match.group("source").split()) <= 10:
            return _trimmed_source(sentence, *match.span("source"))
    lower_words = set(_LOWER_WORD.findall(sentence))
    if lower_words.isdisjoint(_REPORTING_WORDS):
        return None  # the common case: no reporting verb at all
    quoted = '"' in sentence or "“" in sentence or "”" in sentence or "’" in sentence
    if quoted:
        for pattern in (_QUOTE_THEN_SAID_SOURCE, _QUOTE_THEN_SOURCE):
            match = pattern.search(sentence)
            if match:
                return _trimmed_source(sentence, *match.span("source"))
    masked = _mask(_QUOTED, sentence) if quoted else sentence
    for verb in _REPORTING_VERB.finditer(masked):
        clause_start = 0
        boundaries = list(_CLAUSE_BOUNDARY.finditer(masked, 0, verb.start()))
        # With an appositive before the verb, the clause starts before it.
        before = masked[: verb.start()].rstrip()
        skip = 2 if before.endswith(",") else 0
        usable = boundaries[: len(boundaries) - skip] if skip else boundaries
        for boundary in usable:
            clause_start = boundary.end()
        found = _subject_before(masked, clause_start, verb.start())
        while found and found[0].group().lower() in _LEADING_JOINERS:
            found.pop(0)
        while found and found[-1].group().lower() in _TRAILING_AUXILIARIES:
            found.pop()
        if not found:
            said = _SAID_SOURCE.match(masked, verb.end())
            if said and before.endswith(","):
                return _trimmed_source(sentence, *said.span("source"))
            continue
        if len(found) > 8 or found[-1].group().lower() in _NOT_A_SOURCE:
            continue
        if any(w.group() in _COPULAS for w in found):
            continue
        return _trimmed_source(sentence, found[0].start(), found[-1].end())
    return None
