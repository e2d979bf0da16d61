"""Claim candidates: the kind of each segment, its check-worthiness and attribution.

`extract_claims` works in three steps over the sentences of `split_sentences`:

1. Form. Bylines, time stamps, footers, credits, datelines, captions and headlines
   are recognised by their words and their place (`kinds`); a dateline prefix and
   a caption's trailing credit become segments of their own, and a sentence joining
   two independent clauses may become two claims.
2. Speakers. Each sentence's own attribution (`attribution`) is found; pronouns and
   generic subjects are resolved to the last named speaker or organisation, and
   every sentence of a multi-sentence quotation carries its speaker.
3. Score. The check-worthiness model (`model`) weighs the sentence's named signals
   and words; its top contributions, in words, become the candidate's signals.
   Non-claim kinds are capped at NON_CLAIM_CAP.
"""

# This module matches typographic quotes, dashes and bullets on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import itertools
import operator
import re
from dataclasses import dataclass, field

from annotations.extraction.splitting import kinds, languages, model
from annotations.extraction.splitting.attribution import (
    ROLE_NOUNS,
    UNNAMED,
    LexiconAttribution,
    attribution_span,
)
from annotations.extraction.splitting.features import (
    EVIDENCE_CHARS,
    Feature,
    SignalTuple,
    named_entities,
    named_signals,
    signal_features,
    word_keys,
    word_label,
    word_tokens,
)
from annotations.extraction.splitting.lexicon import words
from annotations.extraction.splitting.sentences import skip_space, split_sentences
from annotations.extraction.splitting.types import (
    NON_CLAIM_KINDS,
    ClaimCandidate,
    Kind,
    Signal,
    Span,
    new_candidate,
    new_signal,
)

__all__ = [
    "EVIDENCE_CHARS",
    "NON_CLAIM_CAP",
    "Extraction",
    "extract",
    "extract_claims",
    "sentence_features",
]

# Headlines, captions, credits, datelines, bylines, time stamps, footers, lead-ins,
# questions, bare quotes and opinions are kept for context but never outrank a
# claim.
NON_CLAIM_CAP = 0.2
# Each half of a sentence split into two claims must be at least this long.
MIN_CLAIM_PART = 40
# How many word features a candidate's signals show besides the named signals.
TOP_WORD_SIGNALS = 3

_KIND_LABELS = {
    Kind.HEADLINE: "a headline",
    Kind.CAPTION: "a photo caption",
    Kind.CREDIT: "a photo, agency or quotation credit",
    Kind.DATELINE: "a dateline",
    Kind.QUESTION: "a question",
    Kind.QUOTE: "a quotation with no speaker and nothing checkable",
    Kind.OPINION: "an opinion",
    Kind.BYLINE: "a byline",
    Kind.TIMESTAMP: "a time stamp",
    Kind.FOOTER: "a footer or editorial note",
    Kind.LEAD_IN: "the lead-in to a list",
}
# Signals that make a sentence checkable whatever its other words.
_CHECKABLE = frozenset(
    {"number", "quantity", "date", "official_action", "comparison", "causal"}
)

# What makes a quotation with no speaker checkable: "We will build it" is not.
_CHECKABLE_IN_QUOTES = frozenset({"number", "quantity", "date", "comparison", "causal"})
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^“”\n]*”|«[^«»\n]*»")
_PARENTHESISED = re.compile(r"\([^()\n]*\)")
_FINITE_VERB_CUE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|might"
    r"|must|should|remains?|marks?|makes?|takes?|gives?|goes|gets?|said|says)\b"
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
_ENDS_WITH_QUESTION = re.compile(r"[?⁇⁈？][\"'”’»)\]]*\Z")
_OPENING_QUOTES = "\"“«‘'"
_FIRST_WORD = re.compile(r"[A-Z][\w'’-]+(?=[\s,])")
_PARAGRAPH_GAP = re.compile(r"\n[^\S\n]*\n|\u2029")

# Who a pronoun or a generic subject stands for.
_PERSON_PRONOUNS = words("he she him her")
_GROUP_WORDS = words(
    "they it group company agency department ministry council organization "
    "organisation firm union city government police campaign committee office "
    "board administration commission authority party bank court institute "
    "university school district association coalition club league "
    "federation airline hospital network cabinet"
)
_INSTITUTION_WORDS = words(
    "Agency Ministry Department Council Company Inc Inc. Corp Corp. Co. Ltd "
    "University College Police Administration Commission Office Committee Bureau "
    "Service Association Group Party Court Government Authority Institute Center "
    "Centre Board Bank Foundation Union Organization Organisation Federation "
    "Times News Press Post Journal Reuters Network Institute Department Senate "
    "House Congress Parliament Army Navy Agency Fund Coalition Alliance Club "
    "Survey Institutes Agencies Ministries Council Cabinet Commission Pentagon "
    "Hospital Clinic Trust Network Airlines Airways League FC AG SA ASA AB NV plc "
    "PLC LLC LLP GmbH Group Holdings Partners"
)
_DETERMINERS = words("the a an this that these those its their his her")
_OF_WORDS = words("of for on")
_KEY = operator.itemgetter(0)  # a named signal's key


def _mask(pattern: re.Pattern, text: str) -> str:
    """Blank out what `pattern` matches, keeping every other offset in place."""
    return pattern.sub(lambda match: "\x00" * len(match.group()), text)


def _claim_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a sentence holding two independent clauses into two parts, or not."""
    sentence = text[start:end]
    if len(sentence) < 2 * MIN_CLAIM_PART or (
        ";" not in sentence and " and " not in sentence and " but " not in sentence
    ):
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
            clause = skip_space(masked, right_start + 3)  # after "and" / "but"
        if _CLAUSE_START.match(masked, clause) and _FINITE_VERB_CUE.search(
            masked, clause
        ):
            return [(start, start + left_end), (start + right_start, end)]
    return [(start, end)]


def sentence_features(
    sentence: str, attribution: str | None = None
) -> tuple[list[Feature], list[str]]:
    """The model's inputs for one sentence: its named signals and word keys.

    Training calls this with the sentence alone (its own attribution, found as
    the shipped weights were trained: `attribution_span`'s `as_trained`);
    extraction passes the attribution resolved from the story.
    """
    if attribution is None:
        found = attribution_span(sentence, as_trained=True)
        if found:
            attribution = sentence[found[0] : found[1]].strip() or None
    return signal_features(sentence, attribution), word_keys(sentence)


# The first signal of each non-claim kind, made once.
_NOT_A_CLAIM = {
    kind: Signal("not_a_claim", 0.0, str(kind), f"{label}: not a claim to check")
    for kind, label in _KIND_LABELS.items()
}
# A word's signal depends on its key and weight alone (the weight is fixed by the
# model, one in English and one in the language-independent part), so each is made
# once: words recur from sentence to sentence.
_WORD_SIGNAL_LIMIT = 100_000
_word_signals: dict[tuple[str, float], Signal] = {}


def _word_signal(key: str, value: float) -> Signal:
    signal = _word_signals.get((key, value))
    if signal is None:
        if len(_word_signals) >= _WORD_SIGNAL_LIMIT:
            _word_signals.clear()
        signal = _word_signals[key, value] = Signal(
            "word" if key[0] == "w" else "words",
            round(value, 4),
            key[2:],
            word_label(key),
        )
    return signal


def _by_size(signal: Signal) -> float:
    return -abs(signal.weight)


def _signals_shown(
    kind: Kind,
    named: list[SignalTuple],
    added: list[float],
    worded: list[tuple[str, float]],
) -> tuple[Signal, ...]:
    """The named signals, then the strongest words, by the size of what they add."""
    # Every named signal found is shown (a gap rule reads "official_action"), with
    # the few words that added most.
    shown = [
        new_signal(key, round(value, 4), evidence or label, label)
        for (key, _, label, evidence), value in zip(named, added, strict=True)
    ]
    cached = _word_signals
    shown += [cached.get(word) or _word_signal(*word) for word in worded]
    shown.sort(key=_by_size)
    if kind in NON_CLAIM_KINDS:
        return (_NOT_A_CLAIM[kind], *shown)
    return tuple(shown)


class _Piece:
    """One segment on its way to becoming a candidate."""

    __slots__ = (
        "attribution",
        "credited",
        "end",
        "entities",
        "inherited",
        "kind",
        "own_attribution",
        "paragraph",
        "quote_closed",
        "quote_opened",
        "start",
    )

    def __init__(self, start: int, end: int, kind: Kind | None, paragraph: int):
        self.start = start
        self.end = end
        self.kind = kind
        self.paragraph = paragraph
        self.attribution: str | None = None
        self.own_attribution: str | None = None
        self.inherited: str | None = None
        self.credited: str | None = None  # from a pull quote's "— Name" line
        self.quote_opened = False
        self.quote_closed = False
        self.entities: tuple[str, ...] | None = None


def _quote_state(
    sentence: str, open_before: bool, opening: str = "“«", closing: str = "”»"
) -> bool:
    """Is a quotation still open after this sentence? `opening` and `closing` are
    the language's curly marks (German opens with „ and closes with “)."""
    last_open = max(sentence.rfind(mark) for mark in opening)
    last_close = max(sentence.rfind(mark) for mark in closing)
    state = last_open > last_close if last_open >= 0 or last_close >= 0 else open_before
    if sentence.count('"') % 2:
        state = not open_before if last_open < 0 and last_close < 0 else state
    return state


def _is_named(attribution: str) -> bool:
    """Does an attribution name someone? "Police" and "Company officials" do not;
    "Police Chief Carla Young" does.
    """
    parts = attribution.split()
    first = parts[0].lower()
    if first in _PERSON_PRONOUNS:
        return False
    if first in _GROUP_WORDS:
        parts = parts[1:]
    return any(word[0].isupper() and word.lower() not in _DETERMINERS for word in parts)


def _is_institution(name: str) -> bool:
    """Is a name an organisation's? Its head says so: "Harbor Water Authority",
    "Bank of England", "Voltara Inc.", "AFAD"; "Police Chief Carla Young" is a
    person whatever the title's words.
    """
    parts = name.split()
    if parts[-1] in _INSTITUTION_WORDS or (name.isupper() and len(name) >= 2):
        return True
    return any(
        word in _INSTITUTION_WORDS and following in _OF_WORDS
        for word, following in itertools.pairwise(parts)
    )


def _reference(attribution: str) -> str | None:
    """ "person" or "group" for a pronoun or generic subject, else None."""
    parts = attribution.split()
    if len(parts) == 1 and parts[0].lower() in _PERSON_PRONOUNS:
        return "person"
    if len(parts) == 1 and parts[0].lower() in ("they", "it"):
        return "group"
    if (
        len(parts) == 2
        and parts[0].lower() in _DETERMINERS
        and parts[1].lower() in _GROUP_WORDS
    ):
        return "group"
    if (
        len(parts) == 2
        and parts[0].lower() in _DETERMINERS
        and parts[1].lower() in ROLE_NOUNS
    ):
        return "person"
    return None


def _forms(text: str, spans: list[Span], rules: _Rules) -> list[_Piece]:
    """Step 1: pieces with the kinds their form gives them."""
    forms = rules.forms
    pieces: list[_Piece] = []
    paragraph = 0
    previous_end = 0
    count = len(spans)
    told = False  # has a sentence of the story been seen?
    dated = False  # has a dateline been seen?
    for span in spans:
        if _PARAGRAPH_GAP.search(text, previous_end, span.start):
            paragraph += 1
        previous_end = span.end
        sentence = text[span.start : span.end]
        kind = forms.form_kind(sentence)
        if kind is not None:
            pieces.append(_Piece(span.start, span.end, kind, paragraph))
            continue
        slash = sentence.rfind(" / ")
        if (
            slash > 0
            and forms.is_credit(sentence[slash + 1 :])
            and not forms.is_credit(sentence)
        ):
            # "Putin and Xi / Getty Images": a caption and its credit.
            caption_end = span.start + len(sentence[:slash].rstrip())
            pieces.append(_Piece(span.start, caption_end, None, paragraph))
            pieces.append(
                _Piece(span.start + slash + 1, span.end, Kind.CREDIT, paragraph)
            )
            continue
        start = span.start
        prefix = forms.dateline_prefix.match(text, start, span.end)
        if prefix and text[prefix.end() - 1] == ":" and told:
            prefix = None  # "SMITH: We will ..." after the lede is a speaker
        if (
            prefix is None
            and not dated
            and ("(" in sentence or forms.bare_datelines)
            and kinds.opens_paragraph(text, start)
        ):
            prefix = forms.agency_dateline.match(text, start, span.end)
        if prefix:
            dated = True
            pieces.append(_Piece(start, prefix.end(), Kind.DATELINE, paragraph))
            start = skip_space(text, prefix.end())
        if start < span.end:
            # Two independent clauses read by English words; in other languages a
            # sentence stays one segment.
            parts = (
                _claim_parts(text, start, span.end)
                if rules.english
                else [(start, span.end)]
            )
            shared = None
            if len(parts) > 1:
                found = attribution_span(sentence)
                if found:
                    shared = sentence[found[0] : found[1]].strip() or None
            if text[span.end - 1] in '.!?”"' and span is not spans[0]:
                told = True  # a sentence, not a headline
            for part_start, part_end in parts:
                piece = _Piece(part_start, part_end, None, paragraph)
                piece.inherited = shared
                pieces.append(piece)
    # Headlines and captions from their place; list lead-ins. The rest of an
    # editorial note's paragraph ("Correction: An earlier version misstated the
    # figure. It was 72,000.") is the note.
    in_header = True
    note_paragraph = -1
    in_link_list = False
    for index, piece in enumerate(pieces):
        if piece.kind is Kind.DATELINE:
            in_header = False
        if piece.kind is not None:
            in_link_list = False
            if piece.kind is Kind.CREDIT and index:
                _post_signature(text, pieces, index)
            if piece.kind is Kind.FOOTER:
                if forms.is_editorial_note(text[piece.start : piece.end]):
                    note_paragraph = piece.paragraph
                # "Related article", "More from WNC": the short lines after it
                # are links to other stories.
                in_link_list = (
                    forms.link_list_heading.match(text, piece.start, piece.end)
                    is not None
                )
            continue
        if piece.paragraph == note_paragraph or (
            in_link_list and _is_link_line(text, piece)
        ):
            piece.kind = Kind.FOOTER
            continue
        in_link_list = False
        if (
            index
            and text[piece.start] in "—–-―"
            and _quote_credit(text, pieces, index, forms)
        ):
            continue
        whole_line = kinds.is_whole_line(text, piece.start, piece.end)
        if not whole_line and not _with_credit_on_line(text, pieces, index):
            in_header = False
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        beside_credit = (
            (
                following is not None
                and following.kind is Kind.CREDIT
                and kinds.is_whole_line(text, piece.start, following.end)
            )
            or (whole_line and following is not None and following.kind is Kind.CREDIT)
        ) and not kinds.POST_SIGNATURE.match(text, following.start, following.end)
        if (
            following is not None
            and text[piece.end - 1] == ":"
            and kinds.starts_list(text[following.start : following.end])
        ):
            piece.kind = Kind.LEAD_IN
            continue
        line = forms.line_kind(
            text,
            piece.start,
            piece.end,
            index,
            count,
            in_header=in_header,
            beside_credit=beside_credit,
            whole_line=whole_line,
        )
        if line is not None:
            piece.kind = line
        else:
            # The first sentence of the story ends the header: one-sentence
            # paragraphs after it are the story's, not captions.
            in_header = False
    return pieces


def _post_signature(text: str, pieces: list[_Piece], index: int) -> None:
    """ "— Name (@handle) date" under an embedded post names who wrote the
    paragraph above it.
    """
    match = kinds.POST_SIGNATURE.match(text, pieces[index].start, pieces[index].end)
    if match is None:
        return
    paragraph = pieces[index - 1].paragraph
    for before in range(index - 1, -1, -1):
        post = pieces[before]
        if post.paragraph != paragraph or post.kind is not None:
            break
        post.credited = match.group("name")


def _is_link_line(text: str, piece: _Piece) -> bool:
    """A short line with no final punctuation: a link or tag under "Related"."""
    return (
        piece.end - piece.start <= 100
        and text[piece.end - 1] not in '.!?:;,"”’'
        and kinds.is_whole_line(text, piece.start, piece.end)
    )


def _quote_credit(text: str, pieces: list[_Piece], index: int, forms) -> bool:
    """A "— Name" line under a pull quote is its credit and names its speaker."""
    piece, previous = pieces[index], pieces[index - 1]
    if previous.kind is not None:
        return False
    name = forms.quote_credit(
        text, piece.start, piece.end, (previous.start, previous.end)
    )
    if name is None:
        return False
    piece.kind = Kind.CREDIT
    previous.credited = text[name[0] : name[1]]
    return True


def _with_credit_on_line(text: str, pieces: list[_Piece], index: int) -> bool:
    following = pieces[index + 1] if index + 1 < len(pieces) else None
    return (
        following is not None
        and following.kind is Kind.CREDIT
        and kinds.is_whole_line(text, pieces[index].start, following.end)
    )


def _names_someone_else(text: str, piece: _Piece, speaker: str) -> bool:
    """Does a piece name a person or body other than `speaker`?"""
    if piece.entities is None:
        # A tuple: the collector stops tracking a tuple of strings, not a list.
        piece.entities = tuple(named_entities(text[piece.start : piece.end]))
    speaker_words = set(speaker.split())
    return any(not speaker_words.intersection(name.split()) for name in piece.entities)


def _speakers(text: str, pieces: list[_Piece], rules: _Rules) -> None:
    """Step 2: own attributions, quotations and pronouns resolved to names."""
    find = rules.attribution_span
    reference_of = rules.reference
    is_named = rules.is_named
    is_institution = rules.is_institution
    opening_marks = rules.opening_marks
    open_quote = False
    last_paragraph = -1
    for piece in pieces:
        if piece.paragraph != last_paragraph:
            # A quotation left open at a paragraph's end goes on only when the next
            # paragraph opens with a quotation mark (the wire style for long quotes).
            if open_quote and text[piece.start] not in opening_marks:
                open_quote = False
            last_paragraph = piece.paragraph
        if piece.kind is not None and piece.kind is not Kind.LEAD_IN:
            open_quote = False
            continue
        sentence = text[piece.start : piece.end]
        piece.quote_opened = open_quote or sentence[:1] in opening_marks
        open_quote = _quote_state(sentence, open_quote, rules.opening, rules.closing)
        piece.quote_closed = piece.quote_opened and not open_quote
        found = find(sentence)
        if found is UNNAMED:
            piece.own_attribution = _UNNAMED_SPEAKER
        elif found:
            piece.own_attribution = sentence[found[0] : found[1]].strip() or None
        elif piece.credited:
            piece.own_attribution = piece.credited

    # Sentences of one quotation share its speaker: the one named at its end, or at
    # its start ("Ortiz said: ..."), or, for a quotation that follows a quoted
    # speaker's words, that speaker.
    index = 0
    count = len(pieces)
    previous_quote_speaker: tuple[int, str] | None = None
    while index < count:
        piece = pieces[index]
        if not piece.quote_opened or piece.kind not in (None, Kind.LEAD_IN):
            if (
                piece.kind is None
                and piece.own_attribution
                and any(mark in text[piece.start : piece.end] for mark in rules.marks)
            ):
                previous_quote_speaker = (piece.paragraph, piece.own_attribution)
            elif (
                previous_quote_speaker is not None
                and piece.kind is None
                and not piece.own_attribution
                and _names_someone_else(text, piece, previous_quote_speaker[1])
            ):
                # "Asked whether ..., Park shrugged." The next quotation is not
                # the earlier speaker's.
                previous_quote_speaker = None
            index += 1
            continue
        group = [piece]
        while not group[-1].quote_closed and index + len(group) < count:
            following = pieces[index + len(group)]
            if following.kind is not None or not following.quote_opened:
                break
            group.append(following)
        speaker = next((p.own_attribution for p in group if p.own_attribution), None)
        if speaker is None and index > 0:
            before = pieces[index - 1]
            if text[before.end - 1] == ":" and before.own_attribution:
                speaker = before.own_attribution
        if (
            speaker is None
            and previous_quote_speaker is not None
            and piece.paragraph - previous_quote_speaker[0] <= 1
        ):
            speaker = previous_quote_speaker[1]
        if speaker is not None:
            for member in group:
                if member.own_attribution is None:
                    member.inherited = speaker
            previous_quote_speaker = (group[-1].paragraph, speaker)
        index += len(group)

    # Pronouns and generic subjects: the last named person or organisation.
    last_person: str | None = None
    last_group: str | None = None
    last_body: str | None = None  # the last generic one: "the bank"
    surnames: set[str] = set()  # the last words of the people named so far
    if not rules.english:
        _resolve_by_lexicon(pieces, rules)
        return
    for piece in pieces:
        own = piece.own_attribution
        attribution = own or piece.inherited
        if attribution is not None:
            reference = reference_of(attribution)
            if reference == "person" and last_person:
                attribution = last_person
            elif reference == "group":
                # "the club said" stands for an organisation, never a person; "It
                # said" after "the bank said" is the bank.
                if last_group:
                    attribution = last_group
                elif last_body and attribution.lower() in ("it", "they"):
                    attribution = last_body
                elif attribution.lower() not in ("it", "they"):
                    last_body = attribution
        piece.attribution = attribution
        if piece.kind not in (None, Kind.LEAD_IN, Kind.CAPTION, Kind.HEADLINE):
            continue
        if piece.kind is Kind.HEADLINE:
            # A headline's capitals make names of any words ("Jewelry Store
            # Robbery in Downtown Dayton"): it names no speaker for what follows.
            piece.entities = tuple(named_entities(text[piece.start : piece.end]))
            continue
        if attribution and is_named(attribution):
            if is_institution(attribution):
                last_group = attribution
            else:
                last_person = attribution
                surnames.add(attribution.rsplit(None, 1)[-1])
        # A tuple: the collector stops tracking a tuple of strings, not a list.
        sentence = text[piece.start : piece.end]
        if piece.entities is None:
            piece.entities = tuple(named_entities(sentence))
        subject = None
        for name in piece.entities:
            if is_institution(name):
                last_group = name
            elif len(name.split()) >= 2 and not attribution:
                last_person = name
                surnames.add(name.rsplit(None, 1)[-1])
                if subject is None and sentence.startswith(name):
                    subject = name
        if attribution:
            continue
        if subject is None and surnames:
            # "Okafor, 19, saved three match points.": a surname that opens the
            # sentence is the person named before.
            first = _FIRST_WORD.match(sentence)
            if first and first.group() in surnames:
                subject = first.group()
        if subject is not None:
            # The subject, not the last name in the sentence, is who "she" is next.
            last_person = subject


def _resolve_by_lexicon(pieces: list[_Piece], rules: _Rules) -> None:
    """Pronouns, generic subjects and left-out subjects in a language with a
    lexicon, resolved from the speakers found before them only (capitalised words
    are no names in German, and none are capitalised in Arabic): "ella" is the
    last person, named or described ("la presidenta del sindicato"); "el
    ministerio" the last organisation whose name holds "ministerio"; a verb with
    no subject ("Añadió que …") the last speaker."""
    speakers = rules.speakers
    last_person: str | None = None
    last_speaker: str | None = None
    bodies: list[str] = []  # organisations named so far, the last one last
    for piece in pieces:
        attribution = piece.own_attribution or piece.inherited
        if attribution is _UNNAMED_SPEAKER:
            attribution = last_speaker
        elif attribution is not None:
            reference = speakers.reference(attribution)
            if reference == "person" and last_person:
                attribution = last_person
            elif reference == "group":
                attribution = next(
                    (
                        body
                        for body in reversed(bodies)
                        if speakers.same_body(attribution, body)
                    ),
                    attribution,
                )
        piece.attribution = attribution
        if attribution is None or piece.kind not in (None, Kind.LEAD_IN):
            continue
        last_speaker = attribution
        if speakers.is_named(attribution):
            if speakers.is_institution(attribution):
                bodies.append(attribution)
            else:
                last_person = attribution
        elif speakers.describes_person(attribution):
            last_person = attribution


# A reporting verb with its subject left out ("Añadió que …"): a speaker to
# resolve as a pronoun is, to the last one named. Compared by identity.
_UNNAMED_SPEAKER = "\x00"
_ENGLISH_QUESTION_MARKS = _ENDS_WITH_QUESTION
# Greek asks with ";" (the Greek question mark, which Unicode normalises to it).
_GREEK_QUESTION = re.compile(r"[;;][\"'”’»)\]]*\Z|" + kinds.ANY_QUESTION.pattern)


class _Rules:
    """The kind and attribution rules for one language (see `_rules_for`)."""

    __slots__ = (
        "attribution_span",
        "closing",
        "english",
        "finds_speakers",
        "forms",
        "is_institution",
        "is_named",
        "kinds_language",
        "language",
        "marks",
        "opening",
        "opening_marks",
        "question",
        "quote_closers",
        "quote_openers",
        "reference",
        "speakers",
    )

    def __init__(
        self,
        language: str | None,
        forms,
        speakers=None,
        question=None,
        kinds_language: str | None = None,
    ):
        self.language = language
        # The language whose kind rules `forms` are, when they are a language's
        # own but its attribution rules are missing.
        self.kinds_language = kinds_language or language
        self.speakers = speakers
        self.english = language == "en"
        self.forms = forms
        self.finds_speakers = self.english or speakers is not None
        if self.english:
            self.attribution_span = attribution_span
            self.reference = _reference
            self.is_named = _is_named
            self.is_institution = _is_institution
        elif speakers is not None:
            self.attribution_span = speakers.span
            self.reference = speakers.reference
            self.is_named = speakers.is_named
            self.is_institution = speakers.is_institution
        else:
            self.attribution_span = _no_speaker
            self.reference = _no_speaker
            self.is_named = _no_name
            self.is_institution = _no_name
        german = language == "de"
        self.opening = "„»‚" if german else "“«"
        self.closing = "“«‘" if german else "”»"
        self.opening_marks = _OPENING_QUOTES + ("„»‚" if german else "")
        self.marks = '"“”«»„' if not self.english else '"“”'
        self.quote_openers = '"“«„»' if german else '"“«'
        self.quote_closers = '"“«‘' if german else '"”»'
        self.question = question or (
            _ENGLISH_QUESTION_MARKS if self.english else kinds.ANY_QUESTION
        )


def _no_speaker(_text: str) -> None:
    return None


def _no_name(_text: str) -> bool:
    return False


_RULES: dict[str | None, _Rules] = {}


def _rules_for(language: str | None) -> _Rules:
    """The rules for a BCP 47 tag: its language's, or the neutral ones."""
    code = languages.rules_language(language)
    rules = _RULES.get(code)
    if rules is None:
        if code == "en":
            rules = _Rules("en", kinds.ENGLISH_FORMS)
        elif code is not None:
            lexicon = languages.LEXICONS[code]
            rules = _Rules(code, kinds.FormRules(lexicon), LexiconAttribution(lexicon))
        else:
            rules = _Rules(None, kinds.NEUTRAL_FORMS)
        _RULES[code] = rules
    if code is None:
        kinds_code = languages.kinds_language(language)
        if kinds_code is not None:
            return _kind_rules(kinds_code)
        if languages.primary_subtag(language) == "el":
            return _GREEK_RULES
    return rules


_KIND_RULES: dict[str, _Rules] = {}


def _kind_rules(language: str) -> _Rules:
    """The rules of a language with kind rules and no attribution."""
    rules = _KIND_RULES.get(language)
    if rules is None:
        forms = kinds.FormRules(languages.kinds_lexicon(language))
        rules = _KIND_RULES[language] = _Rules(None, forms, kinds_language=language)
    return rules


_GREEK_RULES = _Rules(None, kinds.NEUTRAL_FORMS, question=_GREEK_QUESTION)


def _content_kind(
    sentence: str, names: set[str], attribution: str | None, rules: _Rules
) -> Kind:
    if rules.question.search(sentence):
        return Kind.QUESTION
    if not rules.finds_speakers:
        # With no attribution rules, a quotation's speaker cannot be missed for
        # sure, and the opinion words are English's: a claim.
        return Kind.CLAIM
    checkable = bool(names & _CHECKABLE)
    if (
        attribution is None
        and not names & _CHECKABLE_IN_QUOTES
        and sentence[:1] in rules.quote_openers
    ):
        closing = max(sentence.rfind(mark, 1) for mark in rules.quote_closers)
        tail = sentence[closing + 1 :] if closing > 0 else ""
        if not tail.strip(".!?…\"'”’»“«)]} "):
            return Kind.QUOTE
    if (
        rules.english
        and "opinion_marker" in names
        and attribution is None
        and not checkable
    ):
        return Kind.OPINION
    return Kind.CLAIM


@dataclass(frozen=True, slots=True)
class Extraction:
    """What `extract` found in a text: its candidates, the language it was told,
    and the language whose kind and attribution rules it used (None: there are
    none for that language yet, so segments have only the kinds that read no
    words and no attribution)."""

    candidates: list[ClaimCandidate] = field(default_factory=list)
    language: str = "en"
    rules_language: str | None = "en"
    # The language whose kind rules ran: `rules_language`, or a language with
    # kind rules only (no attribution), or None.
    kinds_language: str | None = "en"

    @property
    def warning(self) -> str | None:
        """What extraction could not do, in words, or None."""
        if self.rules_language is not None:
            return None
        if self.kinds_language is not None:
            return (
                f"No attribution rules for {self.language!r} yet: datelines, "
                "bylines, credits, captions and notes are read by its own words, "
                "but no speaker is found."
            )
        return (
            f"No kind or attribution rules for {self.language!r} yet: segments are "
            "headlines, time stamps, credits and footers only by forms that read no "
            "words, and no speaker is found."
        )


def extract_claims(text: str, language: str = "en") -> list[ClaimCandidate]:
    """Return one candidate per segment of `text`, claims and non-claims alike.

    Segments are the sentences, except that a caption's trailing credit and a
    story's dateline become their own segments, and an English sentence joining
    two independent clauses may become two claims. Each candidate's
    check-worthiness comes from the trained model (capped for non-claims); its
    signals are the features that contributed most, in words. `language` (a BCP
    47 tag) chooses the kind and attribution rules (`extract` says which ran); in a
    language the model has no training data for, its language-independent part
    scores, and a `checkworthiness_basis` signal says so.
    """
    return extract(text, language).candidates


def extract(text: str, language: str = "en") -> Extraction:
    """`extract_claims`, with the language whose rules ran (see Extraction)."""
    rules = _rules_for(language)
    return Extraction(
        _candidates(text, language, rules),
        language,
        rules.language,
        rules.kinds_language,
    )


def _candidates(text: str, language: str, rules: _Rules) -> list[ClaimCandidate]:
    spans = split_sentences(text, language=language)
    if not spans:
        return []
    pieces = _forms(text, spans, rules)
    _speakers(text, pieces, rules)
    candidates: list[ClaimCandidate] = []
    for piece in pieces:
        sentence = text[piece.start : piece.end]
        attribution = piece.attribution if piece.kind in (None, Kind.LEAD_IN) else None
        named = named_signals(sentence, attribution, piece.entities, language)
        probability, added, worded = model.score_tokens(
            named, word_tokens(sentence), TOP_WORD_SIGNALS, language
        )
        kind = piece.kind
        if kind is None:
            kind = _content_kind(sentence, set(map(_KEY, named)), attribution, rules)
        if kind is Kind.QUOTE:
            attribution = None
        if kind in NON_CLAIM_KINDS:
            probability = min(probability, NON_CLAIM_CAP)
        candidates.append(
            new_candidate(
                piece.start,
                piece.end,
                kind,
                round(min(1.0, max(0.0, probability)), 3),
                _signals_shown(kind, named, added, worded),
                attribution,
            )
        )
    return candidates
