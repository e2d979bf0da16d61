"""Who a sentence says made its statement, as the exact words of the text.

`attribution_span` looks inside one sentence: "according to X", a quotation and
its speaker (`," X said`, `," said X`, `," X, a professor at Y, said`, `," said a
senior diplomat`), a subject and its reporting verb ("X, who ..., said", "Experts
say", "X disputed ...", "The company said it would ..."). A description named by
its appositive gives the name ("A spokesman, NAME, said", "The plant's owner, NAME,
said"); a verb inside a relative clause or a free relative ("What she said ...")
names no source. Pronouns and generic subjects ("she said", "the group says") come
back as written; `claims.extract_claims` resolves them to the last named speaker or
organisation before them.
"""

# This module matches typographic quotes and dashes on purpose.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import functools
import re

from annotations.extraction.splitting.lexicon import (
    MONTHS,
    WEEKDAYS,
    Lexicon,
    abbreviation_class,
    words,
)
from annotations.extraction.splitting.sentences import DOTTED_LETTERS

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
# Speech verbs of the "said" family that the shipped weights were trained without
# (`as_trained` leaves them out): "quipped Pitt", "the mayor joked", "conceded
# Smith". Extraction reads them after a quotation and, where they can only report
# speech, after a subject too.
_MORE_SPEECH_VERBS = (
    "quipped|quips|joked|jokes|conceded|concedes|remarked|remarks|observed"
    "|lamented|laments|mused|muses|retorted|responded|responds|replied|replies"
    "|boasted|boasts|deadpanned|sighed|complained|complains|protested|pleaded"
    "|vowed|vows|promised|promises|exclaimed|shouted|whispered|muttered|snapped"
    "|scoffed|marveled|marvelled|acknowledged|acknowledges|admitted|admits|agreed"
    "|agrees|announced|declared|asserted|predicted|cautioned|cautions|stressed"
    "|stresses|emphasized|emphasised|explained|argued|offered|continued|went on"
)
# Of those, the verbs that can only report speech, so that a subject before them
# is the speaker too ("the mayor joked"; not "conceded the election", "offered a
# discount", "observed the eclipse").
_SPEECH_ONLY_WORDS = words(
    "quipped quips joked jokes remarked remarks mused muses retorted deadpanned "
    "lamented laments boasted boasts exclaimed scoffed marveled marvelled"
)
# "said it would", "says they were": a pronoun that starts the reported clause,
# unlike the object of "wrote it" or "denied it".
_CLAUSE_VERB = (
    r"(?:would|will|was|is|were|are|had|has|have|could|can|may|might|must|should"
    r"|did|does|do|planned|plans|expected|expects|intended|intends|needed|needs)"
)
# After a subject, verbs that report speech or a finding. "X wrote it", "X found
# a body" name no source; "X found that", "X said it would", "The audit found 40
# percent" do.
_REPORTING_STEMS = (
    r"said|says|say|told|tells|announced|announces"
    r"|reported|reports|stated|argued|argues|warned|warns|insisted|insists"
    r"|confirmed|confirms|denied|denies|acknowledged|admitted|asserted|testified"
    r"|alleged|alleges|predicted|predicts|estimated|estimates|declared|noted|added"
    r"|wrote|writes|disputed|disputes|contended|contends|maintained|maintains"
    r"|countered|concluded|concludes|cautioned|projected|forecast|emphasized"
    r"|stressed|attributed|attributes|explained|explains"
)
# Plain forms after a plural subject ("Critics contend", "Experts warn").
_PLAIN_FORMS = (
    "argue|warn|insist|contend|predict|allege|note|admit|acknowledge|confirm|deny"
    "|explain|maintain|conclude"
)
_CLAIM_WORDS = words("claimed claims claim")
_POSTING_WORDS = words("posted tweeted")
_FINDING_WORDS = words(
    "found finds showed shows show suggests suggested revealed reveals indicated "
    "indicates"
)
# "X called the ruling a delay tactic", "called it "a stealth tax"": "called"
# reports X's words when an object and then a description follow (not "called a
# meeting", "called 911 and a neighbour", "called for calm").
_CALLED_WORDS = words("called calls call")
_CALLED_OBJECT = re.compile(
    r"\s+(?:(?!(?:and|or|but|for|to|in|on|at|with|from|by|after|before|off|up|out"
    r"|back|into|over)\b)[\w'’.-]+\s+){1,6}?(?:a|an)\s+\w"
    r"|\s+(?:(?!(?:and|or|but|for|to|in|on|at|with|from|by|after|before|off|up|out"
    r"|back|into|over)\b)[\w'’.-]+\s+){1,6}?[\x00'‘]"
)
# Verbs that report only before "that": "The law states that", "She notes that"
# ("member states agreed", "her notes show" name no source).
_THAT_ONLY_WORDS = words("notes states recalled believes believed")
_VERB_WORDS = (
    frozenset((_REPORTING_STEMS + "|" + _PLAIN_FORMS).split("|"))
    | _CLAIM_WORDS
    | _POSTING_WORDS
    | _FINDING_WORDS
    | _THAT_ONLY_WORDS
    | _CALLED_WORDS
    | _SPEECH_ONLY_WORDS
    | words("adds replied")
)
# What may not follow a reporting verb: "claimed the lives of", "posted a video"
# (no "that" within four words), an object pronoun that starts no clause.
_CLAIMED_LIVES = re.compile(r"\s+(?:the\s+|[\d,]+\s+)?(?:lives|life|victory)\b")
# "posted on X that", "tweeted late Monday: "...": a post's words follow.
_POSTED_THAT = re.compile(
    r"(?:\s+[\w'’.-]+){0,4}?\s+that\b|(?:\s+[\w'’.-]+){0,5}?:\s*[\"“‘\x00]"
)
# A pronoun is the subject of a reported clause, not an object, when a verb follows
# it: an auxiliary, or a finite verb in -s or -ed ("said it underfunds libraries",
# "denied it existed"); "She said it twice" and "wrote it down" have none.
_OBJECT_AFTER = re.compile(
    rf"\s+(?:it|them|this|nothing|so|up|down)\b"
    rf"(?!\s+(?:{_CLAUSE_VERB}|[a-z]{{2,}}(?:s|ed))\b)"
)
# "told them", "tells us": the object of these verbs is the listener, and the
# speaker is still the subject ("The mayor told them the plan was dead").
_LISTENER_VERBS = words("told tells")


@functools.lru_cache(maxsize=1024)
def _verb_finder(present: frozenset[str]) -> re.Pattern:
    """A pattern for just the reporting verbs a sentence holds (most hold one)."""
    return re.compile(r"\b(?:" + "|".join(sorted(present)) + r")\b")


def _reporting_verbs(masked: str, present: frozenset[str]):
    """The reporting verbs of `masked` that may name a source, as (start, end,
    is_finding).
    """
    if not present:
        return  # "asked", "replied": speech verbs that name no source alone
    for match in _verb_finder(present).finditer(masked):
        word, end = match.group(), match.end()
        if word in _CLAIM_WORDS and _CLAIMED_LIVES.match(masked, end):
            continue
        if word in _POSTING_WORDS and not _POSTED_THAT.match(masked, end):
            continue
        if word in _THAT_ONLY_WORDS and not _THAT_AFTER.match(masked, end):
            continue
        if word in _CALLED_WORDS:
            if _CALLED_OBJECT.match(masked, end):
                yield match.start(), end, False
            continue
        if word not in _LISTENER_VERBS and _OBJECT_AFTER.match(masked, end):
            continue
        yield match.start(), end, word in _FINDING_WORDS


# The verbs as the shipped check-worthiness weights were trained with them (see
# `attribution_span`'s `as_trained`).
_REPORTING_VERB_AS_TRAINED = re.compile(
    rf"\b(?:{_REPORTING_STEMS}|claimed|claims|claim"
    r"|(?P<finding>found|finds|showed|shows|show|suggests|suggested)(?=\s+that\b))"
    r"\b(?!\s+(?:it|them|this|nothing|so|up|down)\b)"
)
_LOWER_WORD = re.compile(r"[a-z]+")
# Every verb any pattern below looks for: a sentence with none of them names no
# speaker, which one set operation settles.
_REPORTING_WORDS = frozenset((_SPEECH_VERBS + "|" + _PLAIN_FORMS).split("|")) | words(
    "found finds showed shows show suggests suggested revealed reveals indicated "
    "indicates"
)
_EXTRACTION_WORDS = (
    _REPORTING_WORDS
    | _CALLED_WORDS
    | frozenset(word for verb in _MORE_SPEECH_VERBS.split("|") for word in verb.split())
)
# "The audit found 40 percent ...": a finding verb names a source without "that"
# when its subject is a study, a poll or a body of data ("Police found a body"
# names none).
_FINDING_NOUNS = words(
    "study studies survey surveys poll polls report reports analysis analyses audit "
    "audits review reviews investigation investigations inquiry probe research data "
    "figures statistics census records documents tests test trial trials paper "
    "papers assessment evaluation estimates count"
)
_THAT_AFTER = re.compile(r"\s+that\b")
_ACRONYM_BEFORE = re.compile(r"\([A-Z][A-Za-z0-9&.-]{1,10}\)\s+")
_SENTENCE_END = re.compile(r"[\s.!?\"'”’)\]]*\Z")
_AUXILIARIES = r"(?:(?:has|have|had|also|later|previously|repeatedly|publicly)\s+)*"
_NAME_WORD = r"[A-Za-z][\w'’.&-]*"
# `," the China National Space Administration said in a statement.` The quotation
# must end in punctuation, so scare quotes ("wrong" and the agency said) do not
# count. The speaker may carry an appositive: `," Ortiz, a professor of law at
# Riverton University, said`.
_QUOTE_THEN_SOURCE = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?P<source>(?:{_NAME_WORD}\s+){{0,7}}?{_NAME_WORD})"
    r"(?:,\s+(?P<appositive>(?:who|which|a|an|the|whose|[a-z][\w'’-]*"
    r"|[A-Z][\w'’.-]*)[^\"“”]{0,120}?),)?"
    rf"\s+{_AUXILIARIES}(?:{_SPEECH_VERBS})\b"
)
_QUOTE_THEN_SOURCE_FAMILY = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?P<source>(?:{_NAME_WORD}\s+){{0,7}}?{_NAME_WORD})"
    r"(?:,\s+(?P<appositive>(?:who|which|a|an|the|whose|[a-z][\w'’-]*"
    r"|[A-Z][\w'’.-]*)[^\"“”]{0,120}?),)?"
    rf"\s+{_AUXILIARIES}(?:{_SPEECH_VERBS}|{_MORE_SPEECH_VERBS})\b"
)
# `," said Jen Psaki, the press secretary.`
_SAID_AFTER_QUOTE = (
    "said|says|added|adds|wrote|writes|asked|told|explained|recalled|continued"
)
_QUOTE_THEN_SAID_SOURCE = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?:{_SAID_AFTER_QUOTE})\s+"
    r"(?P<source>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})"
)
# Extraction's forms take the whole "said" family: `," quipped Pitt.`
_SAID_FAMILY_AFTER_QUOTE = (
    f"{_SAID_AFTER_QUOTE}|noted|insisted|countered|warned|{_MORE_SPEECH_VERBS}"
)
_QUOTE_THEN_SAID_FAMILY_SOURCE = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?:{_SAID_FAMILY_AFTER_QUOTE})\s+"
    r"(?P<source>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})"
)
# `," said a senior diplomat.`, `," said the spokesperson for the ministry.`: a
# described speaker after the verb, up to the next punctuation or adverbial.
_QUOTE_THEN_SAID_PHRASE = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?:{_SAID_FAMILY_AFTER_QUOTE})\s+"
    r"(?P<source>(?:the|a|an|one|two|three|another"
    r"|[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3}['’]s)\s+[\w'’.&-]+"
    r"(?:\s+(?!(?:in|on|at|after|during|before|when|while|as|who|from|last|this)\b)"
    r"[\w'’.&-]+){0,7}?)"
    r"(?=\s*(?:[,.;:!?—–]|\Z)|\s+(?:in|on|at|after|during|before|when|while|as|who"
    r"|from|last|this)\b)"
)
# `," said meteorologist Sam Ortega.`: a role in lower case before the name.
_QUOTE_THEN_SAID_ROLE = re.compile(
    rf"[,.!?…—–-][\"”’]\s+(?:{_SAID_FAMILY_AFTER_QUOTE})\s+"
    r"(?P<source>(?:(?!(?:on|in|at|after|during|before|when|while|as|who|from|last"
    r"|this|that|the|a|an|it|he|she|they|we|to|of|and|but|by|with|for|then|later"
    r"|earlier|today|yesterday|recently|also)\b)[a-z][\w'’-]*\s+){1,3}"
    r"[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,4})"
)
# `, Maria Lind, said`: the proper name an appositive gives a described speaker.
_APPOSITIVE_NAME = re.compile(
    r",\s+(?P<name>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,3})\s*(?:[,.;]|\Z)"
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
# "The mayor ..., now says": adverbs that stand between a subject and its verb.
_TRAILING_ADVERBS = words("now still then again today yesterday too")
_PREPOSITIONS = words("in on at for from with of by to into during over e.g. i.e.")
_SUBJECT_DETERMINERS = words("the a an his her its their this these those")
_CLAUSE_JOINERS = words("and but after before when because since until while once")
_VERB_CUE = re.compile(
    r"\w{3,}ed|is|was|are|were|has|have|had|will|would|rose|fell|grew|won|lost|came"
    r"|went|made|took|gave|got|saw|began|ran|hit|left|held|met|sent|sold|paid|kept"
    r"|spent|struck|died|rises|falls|grows|wins|loses"
)
# "A woman who said ...": the verb belongs to a relative clause.
_RELATIVE_PRONOUNS = words("who whom that which")
# "What she said next ...": the speech is the subject, not the source.
_FREE_RELATIVES = words("what whatever")
_CALENDAR_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)
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
            or DOTTED_LETTERS.fullmatch(word)
            or abbreviation_class(word) is not None
        ):
            end -= 1
    return start, end


def _described(words_found) -> bool:
    """Is a subject a description ("A spokesman", "the plant's owner") and no name?

    Its head, the last word, is a common noun or a role ("Chief Executive").
    """
    if not words_found:
        return False
    last = words_found[-1].group()
    if (
        len(words_found) <= 3
        and words_found[0].group() in ("The", "the")
        and all(word.group()[0].isupper() for word in words_found[1:])
    ):
        # "The Premier, Ms Tran, said", "the Chief Constable, NAME,": a title
        # after "the" describes ("The Bank of England, ..." is a name).
        return True
    return last.lower() in ROLE_NOUNS or (
        last[0].islower() and last.lower() not in _NOT_A_SOURCE
    )


def _is_name(text: str) -> bool:
    """A short proper name, not a date: "Juan Perez", "Voltara Inc.", "AFAD"."""
    name = _PROPER_NAME.fullmatch(text)
    return (
        name is not None
        and len(text.split()) <= 4
        and not all(word.strip(".,") in _CALENDAR_WORDS for word in text.split())
    )


def _subject_before(
    masked: str, clause_start: int, verb_start: int, *, as_trained: bool = False
):
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
            if as_trained:
                named = (
                    any(word.group().lower() in ROLE_NOUNS for word in subject)
                    and _PROPER_NAME.fullmatch(appositive.strip()) is not None
                    and len(appositive.split()) <= 4
                )
            else:
                named = _described(subject) and _is_name(appositive.strip())
            if named:
                # "A spokesman, Juan Perez, said" -> "Juan Perez"; "The plant's
                # owner, Voltara Inc., said" -> "Voltara Inc."
                offset = appositive_start + (len(appositive) - len(appositive.lstrip()))
                name = appositive.strip()
                return list(_WORD.finditer(masked, offset, offset + len(name)))
            return subject
        return []
    return list(_WORD.finditer(masked, clause_start, verb_start))


def _quoted_speaker(
    sentence: str, *, as_trained: bool = False
) -> tuple[int, int] | None:
    """The speaker after a quotation: `," X said`, `," said X`, `," said a Y`."""
    said = _QUOTE_THEN_SAID_SOURCE if as_trained else _QUOTE_THEN_SAID_FAMILY_SOURCE
    match = said.search(sentence)
    possessive = match is not None and match.group("source").endswith(("'s", "’s"))
    if match and (as_trained or not possessive):
        # `," said Mr Lynch's deputy, Eddie Dempsey`: a possessive describes.
        return _trimmed_source(sentence, *match.span("source"))
    source_said = _QUOTE_THEN_SOURCE if as_trained else _QUOTE_THEN_SOURCE_FAMILY
    match = source_said.search(sentence)
    if match:
        source = match.span("source")
        appositive = match.group("appositive")
        if (
            not as_trained
            and appositive
            and _is_name(appositive.strip())
            and _described(list(_WORD.finditer(match.group("source"))))
        ):
            # `," the bank's chief economist, Maria Lind, said` -> "Maria Lind"
            start = match.start("appositive")
            start += len(appositive) - len(appositive.lstrip())
            return start, start + len(appositive.strip())
        return _trimmed_source(sentence, *source)
    if as_trained:
        return None
    match = _QUOTE_THEN_SAID_ROLE.search(sentence)
    if match:
        return _trimmed_source(sentence, *match.span("source"))
    match = _QUOTE_THEN_SAID_PHRASE.search(sentence)
    if match:
        # `," said the company's spokeswoman, Ana Ruiz.` -> "Ana Ruiz"
        name = _APPOSITIVE_NAME.match(sentence, match.end("source"))
        if name and _is_name(name.group("name")):
            return _trimmed_source(sentence, *name.span("name"))
        return _trimmed_source(sentence, *match.span("source"))
    return None


def attribution_span(
    sentence: str, *, as_trained: bool = False
) -> tuple[int, int] | None:
    """Offsets, within `sentence`, of who the sentence says made the statement.

    A bare "reportedly" names no source, so it gives None (the hedge signal
    records it); a pronoun ("he said") is returned as written. A reporting verb
    inside a relative clause ("A woman who said she was a nurse treated ...") or
    a free relative ("What she said next ...") names no source of the sentence.

    `as_trained` gives the finder as the shipped check-worthiness weights were
    trained with it, before the forms above, "said it would", described speakers
    after a quotation and finding verbs without "that" were added: training must
    feed the model what it saw, or its weights would no longer reproduce.
    """
    if "ccording to" in sentence:
        match = _ACCORDING_TO.search(sentence)
        if match and len(match.group("source").split()) <= 10:
            return _trimmed_source(sentence, *match.span("source"))
    lower_words = set(_LOWER_WORD.findall(sentence))
    if lower_words.isdisjoint(_REPORTING_WORDS if as_trained else _EXTRACTION_WORDS):
        return None  # the common case: no reporting verb at all
    quoted = '"' in sentence or "“" in sentence or "”" in sentence or "’" in sentence
    if quoted:
        found_quoted = _quoted_speaker(sentence, as_trained=as_trained)
        if found_quoted:
            return found_quoted
    masked = _mask(_QUOTED, sentence) if quoted else sentence
    if as_trained:
        verbs = (
            (verb.start(), verb.end(), verb.group("finding") is not None)
            for verb in _REPORTING_VERB_AS_TRAINED.finditer(masked)
        )
    else:
        if "," in masked:
            masked = _without_digit_commas(masked)
        verbs = _reporting_verbs(masked, frozenset(lower_words & _VERB_WORDS))
    for verb_start, verb_end, finding in verbs:
        clause_start = 0
        boundaries = list(_CLAUSE_BOUNDARY.finditer(masked, 0, verb_start))
        if (
            not as_trained
            and boundaries
            and masked[boundaries[-1].start()] == "("
            and _ACRONYM_BEFORE.fullmatch(masked, boundaries[-1].start(), verb_start)
        ):
            # "the India Meteorological Department (IMD) said": the acronym
            # belongs to the name.
            boundaries.pop()
        # With an appositive before the verb, the clause starts before it.
        before = masked[:verb_start].rstrip()
        skip = 2 if before.endswith(",") else 0
        usable = boundaries[: len(boundaries) - skip] if skip else boundaries
        for boundary in usable:
            clause_start = boundary.end()
        named = None
        if not as_trained and skip and len(boundaries) > 2:
            named = _name_before_long_appositive(masked, boundaries, verb_start)
        if named:
            return _trimmed_source(sentence, *named)
        found = _subject_before(masked, clause_start, verb_start, as_trained=as_trained)
        if not as_trained:
            found = _after_participial_opener(found)
        while found and found[0].group().lower() in _LEADING_JOINERS:
            found.pop(0)
        while found and found[-1].group().lower() in _TRAILING_AUXILIARIES:
            found.pop()
        if not found:
            said = _SAID_SOURCE.match(masked, verb_end)
            if said and before.endswith(","):
                return _trimmed_source(sentence, *said.span("source"))
            continue
        if as_trained:
            if len(found) > 8 or found[-1].group().lower() in _NOT_A_SOURCE:
                continue
        else:
            while found and found[-1].group().lower() in _TRAILING_ADVERBS:
                found.pop()
            found = _after_main_clause(_after_preposition(found))
            if not found:
                continue
            first, last = found[0].group().lower(), found[-1].group().lower()
            if last in _RELATIVE_PRONOUNS or first in _FREE_RELATIVES:
                continue
            # "a study published in the Journal of Brain Health found": a
            # finding's source may be a longer description.
            longest = 12 if finding else 8
            if len(found) > longest or (last in _NOT_A_SOURCE and not _lone_it(found)):
                continue
            if finding and not _names_a_finding(masked, found, verb_end):
                continue
        if any(w.group() in _COPULAS for w in found):
            continue
        end = found[-1].end()
        if not as_trained and masked[end : end + 1] == ")" and "(" in masked:
            end += masked[found[0].start() : end].count("(") > masked[
                found[0].start() : end
            ].count(")")
        return _trimmed_source(sentence, found[0].start(), end)
    return None


# "Asked about the delay", "Reached by phone": past participles that open a
# sentence as the -ing forms do ("Speaking through an interpreter").
_PARTICIPIAL_OPENERS = words(
    "Asked Pressed Reached Contacted Interviewed Questioned Confronted Approached "
    "Challenged Quoted Told Shown Given Faced"
)
_SUBJECT_PRONOUNS = words("he she they it we i")
# What follows the participle of an opening phrase: "Speaking through …",
# "Addressing the crowd …", "Asked whether …", "Reached by phone …".
_AFTER_PARTICIPLE = words(
    "to at in on through with from before after outside inside during about for by "
    "via near into over under alongside beside the a an his her their its our "
    "reporters journalists whether if why how what when"
)
# What may open an appositive: "the deputy director of …", "a spokesman for …",
# "who …", "its chief hydrologist", "director of policy at …".
_APPOSITIVE_OPENING = re.compile(
    r"\s*(?:(?:the|a|an|who|whose|which|its|his|her|their|our|one|[a-z][\w'’-]*)\b"
    r"|[0-9]{1,3}\b|[DRI]-[A-Z])"
)
# "D-Calif.", "R-Texas", "I-Vt.": a party and state after a lawmaker's name.
_PARTY = re.compile(r"[DRI]-[A-Z][\w.]*")


def _after_participial_opener(found):
    """ "Speaking through an interpreter he said" -> "he": a participial phrase
    that opens the sentence is not the speaker; the subject is what ends it (a
    pronoun, a described person or a name)."""
    if len(found) < 2:
        return found
    first, second = found[0].group(), found[1].group().lower()
    if not (
        first in _PARTICIPIAL_OPENERS
        or (first[:1].isupper() and first.endswith("ing") and len(first) > 4)
    ) or (second not in _AFTER_PARTICIPLE):
        # "Building owners said": a noun, not a participial phrase.
        return found
    for index in range(len(found) - 1, 0, -1):
        word = found[index].group()
        lower = word.lower()
        if lower in _SUBJECT_PRONOUNS:
            return found[index:]
        if lower in _SUBJECT_DETERMINERS:
            return found[index:]
    # "… on Saturday Senator Ana Ruiz said": the capitalised words at the end.
    index = len(found)
    while index > 1 and found[index - 1].group()[:1].isupper():
        index -= 1
    names = [word for word in found[index:] if word.group() not in _CALENDAR_WORDS]
    return names if names and index > 1 else []


def _name_before_long_appositive(masked: str, boundaries, verb_start: int):
    """ "Jane Doe, the deputy director of … in Silver Spring, Maryland, said" ->
    the span of "Jane Doe": the last short proper name, at a clause start, that an
    appositive follows (the appositive may hold commas: places, lists); None when
    there is none."""
    starts = [0] + [boundary.end() for boundary in boundaries]
    for index in range(len(boundaries) - 2, -1, -1):
        start, end = starts[index], boundaries[index].start()
        chunk = masked[start:end].strip()
        if not chunk or not _APPOSITIVE_OPENING.match(masked, boundaries[index].end()):
            continue
        offset = start + masked[start:end].index(chunk)
        words_found = list(_WORD.finditer(masked, offset, offset + len(chunk)))
        while words_found and words_found[0].group().lower() in _LEADING_JOINERS:
            words_found.pop(0)
        if not words_found:
            continue
        first = words_found[0].group().lower()
        name = masked[words_found[0].start() : words_found[-1].end()]
        if (
            first not in _PREPOSITIONS
            and first not in _SUBJECT_DETERMINERS
            and not _PARTY.fullmatch(name)
            and _is_name(name)
            and masked[boundaries[index].start()] == ","
        ):
            return words_found[0].start(), words_found[-1].end()
    return None


def _after_main_clause(found):
    """ "Prices rose and economists said": the subject is what follows the last
    conjunction when a verb comes before it ("Smith and Jones said" keeps both).
    """
    for index in range(len(found) - 2, 0, -1):
        if found[index].group().lower() in _CLAUSE_JOINERS and any(
            _VERB_CUE.fullmatch(word.group().lower()) for word in found[:index]
        ):
            return found[index + 1 :]
    return found


def _after_preposition(found):
    """ "In March the mayor said" -> "the mayor"; "e.g. in U.S.-China trade
    disputes" names no one: a subject does not open with a preposition.
    """
    if not found or found[0].group().lower() not in _PREPOSITIONS:
        return found
    for index in range(1, len(found) - 1):
        if found[index].group().lower() in _SUBJECT_DETERMINERS:
            return found[index:]
    return []


def _lone_it(found) -> bool:
    """ "It said profits rose": "it" alone is a pronoun for an organisation."""
    return len(found) == 1 and found[0].group() in ("It", "it")


def _names_a_finding(masked: str, found, verb_end: int) -> bool:
    """ "found that", "The audit found 40 percent", ", a study in X found."."""
    if _THAT_AFTER.match(masked, verb_end):
        return True
    if any(word.group().lower() in _FINDING_NOUNS for word in found):
        return True
    # A closing ", researchers found." after the statement.
    if _SENTENCE_END.match(masked, verb_end) is None:
        return False
    return masked[: found[0].start()].rstrip().endswith(",")


def _without_digit_commas(masked: str) -> str:
    """ "15,000" holds no clause boundary: its comma becomes a digit."""
    index = masked.find(",")
    last = len(masked) - 1
    positions = []
    while index != -1:
        if (
            0 < index < last
            and masked[index - 1].isdigit()
            and masked[index + 1].isdigit()
        ):
            positions.append(index)
        index = masked.find(",", index + 1)
    if not positions:
        return masked
    chars = list(masked)
    for position in positions:
        chars[position] = "0"
    return "".join(chars)


# --- Attribution in other languages --------------------------------------------------

# A reporting verb whose subject the language leaves out ("Añadió que …", "وأضاف
# أن"): `LexiconAttribution.span` returns this, and `claims` resolves it as it
# resolves "he said".
UNNAMED = (-1, -1)
# Quotations of every style news copy uses: "…", “…”, «…», „…“, »…«, ‚…‘.
_ANY_QUOTED = re.compile(
    r"\"[^\"\n]*\"|“[^“”\n]*”|«[^«»\n]*»|„[^„“”\n]*[“”]|»[^»«\n]*«|‚[^‚‘’\n]*[‘’]"
    r"|「[^「」\n]*」"
)
_ANY_CLAUSE_BOUNDARY = re.compile(r"[,;:(\x00—–،؛]\s*|\s[-–—]\s")
_ANY_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_PHRASE_END = re.compile(r"[,;:()\x00—–.!?،؛؟\"“”«»„]")
# ", Carmen Ortega," after a described speaker: the name.
_APPOSITIVE_NAME = re.compile(
    r",\s+(?P<name>[^\W\d_a-z][\w'’.-]*(?:\s+[^\W\d_a-z][\w'’.-]*){1,3})"
    r"\s*(?:[,.;]|\Z)"
)
# The most words a speaker's name or description takes.
MAX_SPEAKER_WORDS = 8


def _alternatives(text: str) -> str:
    found = sorted(set(text.split()), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word) for word in found)


class LexiconAttribution:
    """Who a sentence says made its statement, for a language described by a
    `Lexicon`: "según X", "X dijo que", "…», a déclaré X", "„…“, sagte X",
    "teilte X mit", "وقال X إن", and the verb with no subject ("Añadió que …"),
    which gives UNNAMED. A verb inside a relative clause names no source.

    `span(sentence)` answers as `attribution_span` does for English: offsets
    within the sentence, or None; `reference`, `is_named` and `is_institution`
    tell `claims` how to resolve what it found.
    """

    def __init__(self, lexicon: Lexicon):
        self.language = lexicon.language
        self.cased = lexicon.cased
        self.verb_first = lexicon.verb_first
        self.capitalised_sources = lexicon.capitalised_sources
        prefixes = _alternatives(lexicon.verb_prefixes)
        prefix = f"(?:{prefixes})?" if prefixes else ""
        inverted = _alternatives(lexicon.inverted_pronouns)
        forms = []
        if lexicon.auxiliaries and lexicon.participles:
            between = rf"(?:-t)?-(?P<pronoun>{inverted})\s+|\s+" if inverted else r"\s+"
            forms.append(
                rf"(?:{_alternatives(lexicon.auxiliaries)})(?:{between})"
                rf"(?:{_alternatives(lexicon.participles)})"
            )
        verbs = lexicon.speech_verbs + " " + " ".join(lexicon.separable_verbs)
        if verbs.strip():
            after = (
                rf"(?:(?:-t)?-(?P<pronoun2>{inverted})(?![\w-]))?" if inverted else ""
            )
            forms.append(rf"(?:{_alternatives(verbs)}){after}")
        self._verb = re.compile(
            rf"(?<![\w-]){prefix}(?:{'|'.join(forms)})(?![\w-])", re.IGNORECASE
        )
        self._verb_words = frozenset(
            (lexicon.speech_verbs + " " + lexicon.participles).lower().split()
        ) | frozenset(word.lower() for word in lexicon.separable_verbs)
        self._separable = {
            verb.lower(): particle for verb, particle in lexicon.separable_verbs.items()
        }
        according = lexicon.according_to
        sources = _alternatives(lexicon.source_prefixes)
        self._according = (
            re.compile(
                rf"(?<![\w-])(?:{according})\s+(?:(?:{sources})(?=\w))?", re.IGNORECASE
            )
            if according
            else None
        )
        self._according_after = (
            re.compile(rf"\s+(?:{lexicon.according_to_after})(?![\w-])", re.IGNORECASE)
            if lexicon.according_to_after
            else None
        )
        self._complementizers = words(lexicon.complementizers.lower())
        self._stops = (
            words(lexicon.phrase_stops.lower())
            | self._complementizers
            | words(lexicon.relatives.lower())
            | words(lexicon.weekdays.lower())
            | words(lexicon.months.lower())
        )
        self._stop_prefixes = tuple(lexicon.phrase_stop_prefixes.split())
        markers = _alternatives(lexicon.quote_markers)
        self._quote_marker = (
            re.compile(rf"\x00\s*[,،]?\s*(?:{markers})\s+", re.IGNORECASE)
            if markers
            else None
        )
        self._openers = words(lexicon.subject_after_openers.lower())
        self._relatives = words(lexicon.relatives.lower())
        self._joiners = words(lexicon.joiners.lower())
        self._prepositions = words(lexicon.prepositions.lower())
        # Words a speaker's phrase does not end with.
        self._dangling = (
            words(lexicon.determiners.lower())
            | self._joiners
            | self._prepositions
            | words(lexicon.name_particles.lower())
        )
        self._determiners = words(lexicon.determiners.lower())
        self._person_pronouns = words(lexicon.person_pronouns.lower())
        self._group_pronouns = words(lexicon.group_pronouns.lower())
        self._group_words = words(lexicon.group_words.lower())
        self._role_words = words(lexicon.role_words.lower())
        self._institutions = words(lexicon.institution_words.lower())
        self._speech_prefix = re.compile(rf"(?:{prefixes})(?=\w)") if prefixes else None
        # German writes an organisation's head onto its compound name.
        self._compound_heads = (
            tuple(word for word in self._institutions if len(word) >= 4)
            if lexicon.compound_names
            else ()
        )

    # --- finding -------------------------------------------------------------------

    def span(self, sentence: str) -> tuple[int, int] | None:
        """Offsets, within `sentence`, of who it says made the statement; UNNAMED
        for a reporting verb whose subject is left out; None for no source."""
        masked = _ANY_QUOTED.sub(lambda m: "\x00" * len(m.group()), sentence)
        found = self._according_to(masked)
        if found:
            return found
        if self._quote_marker is not None:
            for marker in self._quote_marker.finditer(masked):
                found = self._phrase(masked, marker.end())
                if found:
                    return self._named_by_appositive(masked, found)
        for verb in self._verb.finditer(masked):
            found = self._speaker_of(masked, verb)
            if found:
                return found
        return None

    def _according_to(self, masked: str):
        if self._according is not None:
            for match in self._according.finditer(masked):
                found = self._phrase(masked, match.end(), according=True)
                if found:
                    return found
        if self._according_after is not None:
            for match in self._according_after.finditer(masked):
                # "Dem Bericht zufolge": the words before, back to a boundary.
                start = 0
                for boundary in _ANY_CLAUSE_BOUNDARY.finditer(masked, 0, match.start()):
                    start = boundary.end()
                found = list(_ANY_WORD.finditer(masked, start, match.start()))
                if 0 < len(found) <= MAX_SPEAKER_WORDS:
                    return found[0].start(), found[-1].end()
        return None

    def _phrase(
        self, masked: str, start: int, *, according: bool = False, particle=None
    ):
        """The speaker's words from `start`: up to punctuation or a word that
        ends a noun phrase, at most MAX_SPEAKER_WORDS; None when there are none."""
        end_mark = _PHRASE_END.search(masked, start)
        limit = end_mark.start() if end_mark else len(masked)
        kept = []
        for word in _ANY_WORD.finditer(masked, start, limit):
            lower = word.group().lower().rstrip(".")
            if lower in self._stops and not (kept == [] and lower in self._determiners):
                break
            if particle is not None and lower == particle:
                break
            if self._stop_prefixes and lower.startswith(self._stop_prefixes):
                break
            if (
                according
                and self.capitalised_sources
                and word.group()[0].islower()
                and lower not in self._determiners
            ):
                break
            kept.append(word)
            if len(kept) > MAX_SPEAKER_WORDS:
                return None
        while kept and kept[-1].group().lower() in self._dangling:
            kept.pop()
        if not kept:
            return None
        return kept[0].start(), _trimmed_end(masked, kept[-1].end())

    def _speaker_of(self, masked: str, verb: re.Match):
        pronoun = verb.groupdict().get("pronoun") or verb.groupdict().get("pronoun2")
        if pronoun:
            # "…», a-t-il déclaré": the pronoun is the speaker.
            group = "pronoun" if verb.groupdict().get("pronoun") else "pronoun2"
            return verb.span(group)
        verb_start, verb_end = verb.span()
        word = masked[verb_start:verb_end].lower().split()[0]
        if self._speech_prefix is not None and word not in self._verb_words:
            word = self._speech_prefix.sub("", word, count=1)
        particle = self._separable.get(word)
        boundaries = list(_ANY_CLAUSE_BOUNDARY.finditer(masked, 0, verb_start))
        clause_start = boundaries[-1].end() if boundaries else 0
        if particle is not None:
            # "teilte … mit": the particle closes the clause, or it is another verb.
            clause_end = _ANY_CLAUSE_BOUNDARY.search(masked, verb_end)
            rest = masked[verb_end : clause_end.start() if clause_end else len(masked)]
            if particle not in rest.lower().split() and not rest.lower().rstrip(
                ".!? "
            ).endswith(" " + particle):
                return None
        before = list(_ANY_WORD.finditer(masked, clause_start, verb_start))
        while before and before[0].group().lower() in self._joiners:
            before.pop(0)
        if (
            before
            and before[-1].group().lower() in self._relatives
            and (len(before) > 1 or (boundaries and masked[clause_start - 1] != "\x00"))
        ):
            # "la mujer que dijo ser enfermera …"; not a German demonstrative
            # opening the sentence: "Das sagte er".
            return None
        if (
            before
            and before[0].group().lower() in self._relatives
            and boundaries
            and masked[boundaries[-1].start()] == ","
        ):
            return None  # "la mujer, que ayer dijo ser enfermera, …"
        if not before and not self.verb_first:
            # "La empresa, que emplea a 3.000 personas, anunció …", "Le maire de
            # Lyon, Paul Girard, a annoncé …": the subject is before the
            # appositive, or the name it gives.
            found = self._appositive_subject(masked, boundaries)
            if found:
                return found
        subject_after = not before or before[0].group().lower() in self._openers
        if self.verb_first and before:
            # "وقال الوزير إن": the speaker after the verb, else the one before.
            after = self._phrase(masked, verb_end, particle=particle)
            if after:
                return after
            subject_after = False
        if not subject_after:
            subject = self._subject(before)
            if subject:
                return subject[0].start(), _trimmed_end(masked, subject[-1].end())
            return None
        after = self._phrase(masked, verb_end, particle=particle)
        if after:
            return self._named_by_appositive(masked, after)
        if not before and boundaries and masked[:verb_start].rstrip().endswith(","):
            # "El ministro, que habló en Bruselas, dijo que …": the subject is
            # before the appositive.
            appositive = self._before_appositive(masked, boundaries)
            if appositive:
                return appositive
        if not before or self.verb_first:
            return UNNAMED
        return None

    def _named_by_appositive(self, masked: str, found: tuple[int, int]):
        """ "dijo la ministra de Trabajo, Carmen Ortega, en …" -> "Carmen Ortega":
        a description named by the proper name after it."""
        if not self.cased:
            return found
        match = _APPOSITIVE_NAME.match(masked, found[1])
        if match is None:
            return found
        first = masked[found[0] : found[1]].split()[0].lower()
        if first not in self._determiners:
            return found
        return match.span("name")

    def _subject(self, before):
        """The subject among the words before the verb: after the last joiner,
        after an opening prepositional phrase; None when it is too long."""
        for index in range(len(before) - 1, 0, -1):
            if before[index].group().lower() in self._joiners:
                before = before[index + 1 :]
                break
        first = before[0].group().lower() if before else ""
        if first in self._prepositions and first not in self._determiners:
            previous = ""
            for index, word in enumerate(before):
                lower = word.group().lower()
                if (
                    index
                    and lower in self._determiners
                    and previous not in (self._prepositions)
                ):
                    before = before[index:]
                    break
                previous = lower
            else:
                return None
        if not before or len(before) > MAX_SPEAKER_WORDS:
            return None
        return before

    def _appositive_subject(self, masked: str, boundaries):
        """The subject of a verb right after ", …," that sets off an appositive: a
        relative clause ("La empresa, que emplea a 3.000 personas, anunció"), a
        description ("Ana Ruiz, la portavoz del ministerio, dijo") or a name
        ("El presidente del club, Joan Vidal, explicó" -> the name). None when
        the commas set off no appositive (a quotation, a clause)."""
        if (
            len(boundaries) < 2
            or masked[boundaries[-1].start()] != ","
            or masked[boundaries[-2].start()] != ","
        ):
            return None
        inner = list(
            _ANY_WORD.finditer(masked, boundaries[-2].end(), boundaries[-1].start())
        )
        start = boundaries[-3].end() if len(boundaries) >= 3 else 0
        if len(boundaries) >= 3 and masked[boundaries[-3].start()] == "\x00":
            return None  # "«…», dijo X, …": a quotation's speaker
        outer = list(_ANY_WORD.finditer(masked, start, boundaries[-2].start()))
        while outer and outer[0].group().lower() in self._joiners:
            outer.pop(0)
        if not inner or not outer or len(outer) > MAX_SPEAKER_WORDS:
            return None
        first_inner = inner[0].group().lower()
        named_inner = self.cased and self._is_proper_name(inner)
        if first_inner in self._relatives or (
            first_inner in self._determiners and not named_inner
        ):
            return self._span(masked, self._subject(outer))
        if named_inner and outer[0].group().lower() in self._determiners:
            return inner[0].start(), _trimmed_end(masked, inner[-1].end())
        if named_inner and self._is_proper_name(outer):
            return self._span(masked, outer)
        return None

    def _is_proper_name(self, found) -> bool:
        """Two to four capitalised words, small name words between: "Joan Vidal",
        "Ana de la Cruz"."""
        capitals = [w for w in found if w.group()[0].isupper()]
        return (
            2 <= len(capitals) <= 4
            and found[0].group()[0].isupper()
            and found[0].group().lower() not in self._prepositions
            and found[-1].group()[0].isupper()
            and all(
                w.group()[0].isupper() or w.group().lower() in self._dangling
                for w in found
            )
        )

    @staticmethod
    def _span(masked: str, found):
        if not found:
            return None
        return found[0].start(), _trimmed_end(masked, found[-1].end())

    def _before_appositive(self, masked: str, boundaries):
        """ "X, …, dijo": X, when the appositive has one comma before it."""
        if len(boundaries) < 2 or masked[boundaries[-2].start()] != ",":
            return None
        start = boundaries[-3].end() if len(boundaries) >= 3 else 0
        found = list(_ANY_WORD.finditer(masked, start, boundaries[-2].start()))
        while found and found[0].group().lower() in self._joiners:
            found.pop(0)
        subject = self._subject(found) if found else None
        if not subject:
            return None
        return subject[0].start(), subject[-1].end()

    # --- resolving -----------------------------------------------------------------

    def reference(self, attribution: str) -> str | None:
        """ "person" or "group" for a pronoun or a generic subject ("ella", "la
        empresa", "الشركة"), else None."""
        parts = attribution.lower().split()
        if len(parts) == 1:
            if parts[0] in self._person_pronouns or parts[0] in self._role_words:
                return "person"
            if parts[0] in self._group_pronouns or parts[0] in self._group_words:
                return "group"
            return None
        if len(parts) == 2 and parts[0] in self._determiners:
            if parts[1] in self._group_words:
                return "group"
            if parts[1] in self._role_words:
                return "person"
        return None

    def describes_person(self, attribution: str) -> bool:
        """ "a presidente da central sindical", "el portavoz del ministerio": a
        person described by a role, whom "ela" or a left-out subject may stand
        for next."""
        parts = attribution.lower().split()
        if not parts:
            return False
        if parts[0] in self._determiners:
            parts = parts[1:]
        return bool(parts) and parts[0] in self._role_words

    def same_body(self, generic: str, name: str) -> bool:
        """May a generic subject ("el ministerio", "das Ministerium") stand for
        an organisation named before? Only when the name holds its noun
        ("Ministerio de Trabajo", "Arbeitsministerium")."""
        noun = generic.lower().split()[-1]
        return any(
            part == noun or (self._compound_heads and part.endswith(noun))
            for part in name.lower().split()
        )

    def is_named(self, attribution: str) -> bool:
        """Does an attribution name someone ("Ana Ruiz", "el Ministerio de
        Trabajo"; in a script without capitals, anything but a pronoun or a
        generic subject)?"""
        if self.reference(attribution) is not None:
            return False
        parts = attribution.split()
        if not self.cased:
            return bool(parts)
        return any(
            word[0].isupper() and word.lower() not in self._determiners
            for word in parts
        )

    def is_institution(self, name: str) -> bool:
        """Is a name an organisation's: one of its words says so ("Ministerio de
        Trabajo", "وزارة العمل"; in German the head of a compound too:
        "Bundesamt", "Innenministerium"), or one is an acronym ("la patronal
        CEOE")?"""
        for part in name.split():
            lower = part.lower()
            if lower in self._institutions or (
                self.cased and len(part) >= 2 and part.isupper()
            ):
                return True
            if self._compound_heads and lower.endswith(self._compound_heads):
                return True
        return False


def _trimmed_end(masked: str, end: int) -> int:
    """A speaker's end without a sentence's final full stop ("… Sanidad.")."""
    while end > 0 and masked[end - 1] in ".,;:":
        end -= 1
    return end
