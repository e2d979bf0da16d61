"""The fast paths of extraction give exactly what the plain algorithms give.

Extraction scores each sentence from its tokens (`model.score_tokens`), finds its
named signals as tuples (`features.named_signals`), and the splitter reads the word
before a full stop through a cache; each replaced a simpler loop. The simple
versions live on here as oracles, and every fast path is checked against them on
the labelled training sentences, the seed article and generated text.
"""

# This module matches typographic quotes and dashes on purpose.
# ruff: noqa: RUF001

import itertools
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.extraction.splitting import features, model, sentences
from annotations.extraction.splitting.features import (
    ACTION_PAIRS,
    ACTION_WORDS,
    CAUSAL_PAIRS,
    CAUSAL_WORDS,
    COMPARISON_PAIRS,
    COMPARISON_WORDS,
    FIRST_PERSON_TOKENS,
    HEDGE_LOWER_ONLY,
    HEDGE_WORDS,
    OPINION_PAIRS,
    OPINION_WORDS,
)
from annotations.extraction.splitting.lexicon import (
    CONTINUATION_WORDS,
    DATE,
    DATE_WORDS,
    MONTHS,
    NAME_PART,
    NEWS_OPENERS,
    NUMBER,
    SENTENCE_STARTERS,
    SUFFIX,
    TIME_ZONES,
    TITLE,
    WEEKDAYS,
    abbreviation_class,
)
from annotations.extraction.splitting.sentence_languages import profile
from annotations.extraction.splitting.types import (
    ClaimCandidate,
    Kind,
    Signal,
    Span,
    new_candidate,
    new_signal,
    new_span,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "checkworthiness"
SEED = ROOT / "seeds" / "china-russia-moon-base.txt"


@pytest.fixture(scope="module")
def sentences_to_check() -> list[str]:
    """Every training sentence, and the seed article's segments."""
    rows = json.loads((DATA / "claimbuster_train.json").read_text("utf-8"))
    rows += json.loads((DATA / "clef2019_train.json").read_text("utf-8"))
    seed = SEED.read_text(encoding="utf-8")
    return [row["text"] for row in rows] + [
        seed[s.start : s.end] for s in sentences.split_sentences(seed)
    ]


# --- oracles: the plain algorithms the fast paths replaced ------------------------


def reference_word_keys(sentence: str) -> list[str]:
    tokens = [
        "0" if token[0].isdigit() else token
        for token in features._TOKEN.findall(sentence.lower())
    ]
    keys = dict.fromkeys("w:" + token for token in tokens)
    keys.update(dict.fromkeys(f"p:{a} {b}" for a, b in itertools.pairwise(tokens)))
    return list(keys)


def reference_top_words(values, keys, top_words):
    """Keep the `top_words` largest seen so far, one word at a time, among the
    words a person can act on (one of the key's words is no function word)."""
    worded = []
    smallest = 0.0
    for key, value in zip(keys, values, strict=True):
        shown = any(word not in features.UNSHOWN_TOKENS for word in key[2:].split())
        if value and shown:
            size = value if value > 0 else -value
            if len(worded) < top_words or size > smallest:
                worded.append((size, key, value))
                if len(worded) > top_words:
                    worded.sort(reverse=True)
                    worded.pop()
                    smallest = worded[-1][0]
    worded.sort(reverse=True)
    return [(key, value) for _, key, value in worded]


def reference_score(signals, word_keys, top_words=3):
    weights = model.weights()
    total = weights.intercept
    named = []
    for feature in signals:
        value = weights.signals.get(feature.key, 0.0) * feature.value
        total += value
        named.append((feature.key, round(value, 4), feature.label, feature.evidence))
    # A word's weight is its own plus its character n-grams', summed in order
    # (a plain loop: `sum` compensates its rounding from Python 3.12 on).
    values = []
    for key in word_keys:
        grams = 0.0
        if key[0] == "w":
            for gram in features.char_keys(key[2:]):
                grams += weights.chars.get(model.bucket(gram), 0.0)
        values.append(weights.words.get(model.bucket(key), 0.0) + grams)
    for value in values:
        if value:
            total += value
    probability = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))
    return probability, named, reference_top_words(values, word_keys, top_words)


def reference_first_cue(tokens, lower, singles, pairs):
    for index, word in enumerate(lower):
        if word in singles:
            return tokens[index]
        if index + 1 < len(lower) and f"{word} {lower[index + 1]}" in pairs:
            return f"{tokens[index]} {tokens[index + 1]}"
    return None


def reference_named_entities(sentence: str) -> list[str]:
    first_letter = next((i for i, c in enumerate(sentence) if c.isalpha()), 0)
    entities: list[str] = []
    run_pattern = re.compile(
        r"(?<![\w'’])[A-Z][\w'’.&-]*"
        r"(?:(?:\s+(?:of|the|for|de|du|la|von|van|bin|al))*\s+[A-Z][\w'’.&-]*)*"
    )
    for run in run_pattern.finditer(sentence):
        name = run.group().rstrip(".")
        if name.endswith(("'s", "’s")):
            name = name[:-2]
        name = name.rstrip("'’")
        words = name.split()
        at_start = run.start() == first_letter
        if len(words) > 1 and words[0] in features.SENTENCE_STARTERS:
            words = words[1:]
            name = " ".join(words)
            at_start = False
        if len(name) < 2 or name in entities or name in features._DATE_WORDS:
            continue
        single = len(words) == 1 and not features._ACRONYM.fullmatch(name)
        if single and (
            at_start or name in features.SENTENCE_STARTERS or name in features._PRONOUNS
        ):
            continue
        entities.append(name)
    return entities


def reference_period_ends_sentence(text, token, punct_start, next_position, start):
    core = token.lstrip(sentences._OPENERS).rstrip(sentences._CLOSERS)
    if not core:
        return True
    kind = abbreviation_class(core)
    if kind is None and "-" in core and len(core.rpartition("-")[2]) > 1:
        kind = abbreviation_class(core.rpartition("-")[2])
    if kind == TITLE:
        return False
    single_letter = len(core) == 1 and core.isalpha()
    if (single_letter or (len(core) <= 3 and core.isdigit())) and (
        sentences._LABEL_AT_START.fullmatch(
            text, sentences.skip_space(text, start), punct_start
        )
    ):
        return False
    if sentences._TIME_ABBREVIATION.fullmatch(core.lower()):
        word = sentences._next_word(text, next_position)
        if word in TIME_ZONES or word in DATE_WORDS:
            return False
        begin = sentences.skip_space(text, start)
        return sentences._BARE_TIME.fullmatch(text, begin, punct_start) is None
    next_is_digit = text[next_position].isdigit()
    next_word = sentences._next_word(text, next_position)
    if kind == NUMBER:
        # "No. 5", "No. A13": a number or a code follows.
        return not any(char.isdigit() for char in text[next_position] + next_word)
    if kind == DATE:
        return not next_is_digit and next_word not in DATE_WORDS
    if kind == SUFFIX:
        if next_is_digit:
            return False
        return (
            reference_starter_follows(text, next_position)
            or sentences._CLAUSE_OPENING.match(text, next_position) is not None
        )
    if kind == NAME_PART or single_letter or sentences.DOTTED_LETTERS.fullmatch(core):
        if next_is_digit:
            return False
        if reference_starter_follows(text, next_position):
            return True
        # A capital letter after a common noun names a thing: "vitamin D."
        letter = token.lstrip(sentences._OPENERS)
        before = punct_start - len(token) - 1
        if len(letter) != 1 or not letter.isupper() or before <= 0:
            return False
        if text[before] != " ":
            return False
        word = sentences._word_before(text, before)
        return (
            len(word) > 1
            and word.isalpha()
            and word.islower()
            and word not in CONTINUATION_WORDS
        )
    if kind is None and text[next_position] in "(0123456789":
        # An unknown short abbreviation ("6 wks. 3", "mos. (range") goes on.
        after = text[next_position + 1 : next_position + 2]
        if text[next_position] == "(" and not (after.islower() or after.isdigit()):
            return True
        if core != token or not (
            1 < len(core) <= 4 and core.isascii() and core.isalpha() and core.islower()
        ):
            return True
        if not set(core) & set("aeiouy"):
            return False
        head = text[: punct_start - len(token) - 1]
        spaced = text[punct_start - len(token) - 1 : punct_start - len(token)] == " "
        previous = head.split()[-1] if head and not head[-1].isspace() else ""
        return not (spaced and previous[:1].isdigit())
    return True


def reference_starter_follows(text, position):
    word = sentences._next_word(text, position)
    end = position + len(sentences._NEXT_WORD.match(text, position).group())
    if len(word) == 1 and text[end : end + 1] == ".":
        return False  # an initial: "J. A. Smith"
    if word.replace("’", "'").partition("'")[0] in SENTENCE_STARTERS:
        return True
    return (
        word in NEWS_OPENERS
        and sentences._OPENER_CLAUSE.match(text, position) is not None
    )


# The patterns as they were before they were rewritten to open with a character
# class.
OLD_DIGITS = re.compile(r"[$€£¥]?[0-9][0-9,]*(?:\.[0-9]+)?")
OLD_CANDIDATE = re.compile(
    r"[.!?…‼⁇⁈⁉](?:[.!?…‼⁇⁈⁉]|[ ]\.)*[\"'”’»›)\]}“‘«]*(?:\[[0-9]{1,3}\])*(?=\s|\Z)"
)
OLD_REFERENCE_CANDIDATE = re.compile(
    r"[.!?](?:[0-9]{1,3}(?:[,–-][0-9]{1,3})*(?:[ ][0-9]{1,3}(?:[,–-][0-9]{1,3})*)?"
    r"(?=\s)|[¹²³⁰⁴-⁹]+(?:,[¹²³⁰⁴-⁹]+)*(?=\s|\Z))"
)
OLD_SCRIPT_CANDIDATE = re.compile(
    rf"[{sentences._SCRIPT_TERMINALS}][{sentences._SCRIPT_TERMINALS}!?…]*"
    r"[\"'”’»›)\]}“‘«」』》〉】〕）］]*"
)
OLD_QUANTITY = re.compile(
    r"[$€£¥][ ]?[0-9][0-9,.]*(?:[ ]?(?:million|billion|trillion|[mbk]n?)\b)?"
    r"|[0-9][0-9,.]*[ ]?(?:%|percent\b|per cent\b|percentage points?\b)"
    r"|[0-9][0-9,.]*[ ]?(?:million|billion|trillion)\b"
)
_OLD_MONTH_SHORT = (
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
OLD_DATE_IN_WORDS = re.compile(
    r"\b(?:(?:[Oo]n|[Ll]ast|[Nn]ext|[Tt]his|[Ss]ince|[Bb]y|[Uu]ntil)\s+)?"
    rf"(?:{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?:(?:{'|'.join(MONTHS)})(?!\w)|(?:{_OLD_MONTH_SHORT})(?=\s+[0-9]))"
    r"(?:\s+[0-9]{1,2}(?:st|nd|rd|th)?)?(?:,?\s+[0-9]{4})?"
    r"|\b(?:[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this)\s+"
    r"(?:week|weekend|month|year|spring|summer|fall|autumn|winter|decade|century)\b"
    r"|\b(?:[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow)\b"
)

PIECES = st.sampled_from(
    [
        "a", "Z", "The ", "of ", " the ", "US", "U.S.", "e.g.", "Mr.", "Inc.", "No.",
        "5", "1,000", "3.14", "$1.5", "€2", "¹", "[3]", "2021", "5 p.m.", "a.m.",
        ".", "!", "?", "…", ". . .", ")", "(", '"', "“", "”", "'", "’", "’s", "—",
        " ", "\n", "\u00a0", "\t", "-", "&", "_", "é", "1.", "iv.", "b)", "•",
        "said", "may", "May", "could", "we", "We", "I", "I'm", "more than",
        "signed", "sign the", "due to", "as a result", "billion", "two",
        "Monday", "on Friday", "last week", "Earlier this  year", "March 9, 2021",
        "Sept. 5", "Sep 5", "Feb.", "Ex-Gov.", "D-Mass.", "vitamin D", "It's",
        "Officials said", "Police Academy", "May", "may", "today", "Today",
        "Xmonday", "Mayday",
        "4 percent", "5%", "$ 3bn", "£2 million", "per cent", "percentage points",
    ]
)  # fmt: skip
TEXT = st.lists(PIECES | st.text(max_size=3), max_size=40).map("".join)


# --- the model --------------------------------------------------------------------


def test_word_tokens_make_the_same_keys(sentences_to_check):
    for sentence in sentences_to_check:
        assert features.word_keys(sentence) == reference_word_keys(sentence)


def test_score_and_score_tokens_match_the_plain_sum(sentences_to_check):
    """The same probability to the last bit, the same contributions, same words."""
    for sentence in sentences_to_check[::3]:
        signals = features.signal_features(sentence, None)
        keys = features.word_keys(sentence)
        expected = reference_score(signals, keys)
        probability, named, worded = model.score(signals, keys)
        assert probability == expected[0]
        assert [(c.name, c.contribution, c.label, c.evidence) for c in named] == (
            expected[1]
        )
        assert worded == expected[2]
        tuples = features.named_signals(sentence, None)
        fast, added, fast_worded = model.score_tokens(
            tuples, features.word_tokens(sentence)
        )
        assert fast == expected[0]
        assert [round(value, 4) for value in added] == [n[1] for n in expected[1]]
        assert fast_worded == expected[2]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from([0.0, 0.5, -0.5, 0.25, -0.25, 1.0, 0.1, -1.0, 0.0, 0.5]),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_top_words_follow_the_stream_even_with_ties(values, top_words):
    """Ties at the cut are decided by the order of the words, as in the stream."""
    keys = [f"w:{index:02d}" for index in range(len(values))]
    assert model._top_words(values, keys.__getitem__, top_words) == (
        reference_top_words(values, keys, top_words)
    )


# --- named signals ----------------------------------------------------------------


def test_named_signals_are_the_features_as_tuples(sentences_to_check):
    for sentence in sentences_to_check[::7]:
        found = features.named_signals(sentence, "the agency")
        assert [
            (f.key, f.value, f.label, f.evidence)
            for f in features.signal_features(sentence, "the agency")
        ] == found


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_cues_hedges_and_first_person_match_word_by_word_scans(text):
    tokens = features._WORD_TOKEN.findall(text)
    lower = [token.lower() for token in tokens]
    cues = set(lower) & features._CUE_WORDS
    for singles, pairs, starts in (
        (ACTION_WORDS, ACTION_PAIRS, features._ACTION_STARTS),
        (COMPARISON_WORDS, COMPARISON_PAIRS, features._COMPARISON_STARTS),
        (CAUSAL_WORDS, CAUSAL_PAIRS, features._CAUSAL_STARTS),
        (OPINION_WORDS, OPINION_PAIRS, features._OPINION_STARTS),
    ):
        assert features._first_cue(tokens, lower, cues, singles, pairs, starts) == (
            reference_first_cue(tokens, lower, singles, pairs)
        )
    found = {f[0]: f for f in features.named_signals(text, None, [])}
    hedges: list[str] = []
    for token, word in zip(tokens, lower, strict=True):
        if (word in HEDGE_WORDS or token in HEDGE_LOWER_ONLY) and word not in hedges:
            hedges.append(word)
    assert found.get("hedge", (0, 0, 0, ""))[3] == ", ".join(hedges[:2])
    first_person = next((t for t in tokens if t in FIRST_PERSON_TOKENS), None)
    assert found.get("first_person", (0, 0, 0, None))[3] == first_person


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_rewritten_patterns_find_the_same(text):
    assert [m.span() for m in features._DIGITS.finditer(text)] == [
        m.span() for m in OLD_DIGITS.finditer(text)
    ]
    assert features.named_entities(text) == reference_named_entities(text)
    for new, old in (
        (features.QUANTITY, OLD_QUANTITY),
        (features.DATE_IN_WORDS, OLD_DATE_IN_WORDS),
    ):
        assert [m.span() for m in new.finditer(text)] == [
            m.span() for m in old.finditer(text)
        ]
    both = sorted(
        [
            *OLD_CANDIDATE.finditer(text),
            *OLD_REFERENCE_CANDIDATE.finditer(text),
            *OLD_SCRIPT_CANDIDATE.finditer(text),
        ],
        key=lambda match: match.start(),
    )
    assert [m.span() for m in sentences._CANDIDATE.finditer(text)] == [
        m.span() for m in both
    ]


def test_named_entities_and_dates_match_on_real_sentences(sentences_to_check):
    for sentence in sentences_to_check:
        assert features.named_entities(sentence) == reference_named_entities(sentence)
        assert [m.span() for m in features.DATE_IN_WORDS.finditer(sentence)] == [
            m.span() for m in OLD_DATE_IN_WORDS.finditer(sentence)
        ]


def test_value_objects_made_fast_equal_those_made_by_init():
    span = new_span(3, 9)
    signal = new_signal("date", 0.1234, "on Tuesday", "a date or time")
    candidate = new_candidate(3, 9, Kind.CLAIM, 0.5, (signal,), "NASA")
    assert (span, signal, candidate) == (
        Span(3, 9),
        Signal("date", 0.1234, "on Tuesday", "a date or time"),
        ClaimCandidate(3, 9, Kind.CLAIM, 0.5, (signal,), "NASA"),
    )
    assert hash(span) == hash(Span(3, 9))
    assert type(candidate) is ClaimCandidate
    assert candidate.as_dict()["signals"] == [signal.as_dict()]


# --- the splitter -----------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_full_stop_readings_decide_as_the_plain_rules(text):
    """Every full stop that may end a sentence is judged the same through the cache."""
    for match in re.finditer(r"\.(?=\s+\S)", text):
        start = match.start()
        following = sentences.skip_space(text, start + 1)
        token = sentences._word_before(text, start)
        for segment_start in (0, sentences.skip_space(text, 0)):
            if segment_start > start:
                continue
            assert sentences._period_ends_sentence(
                text, token, start, following, segment_start, profile("en")
            ) == reference_period_ends_sentence(
                text, token, start, following, segment_start
            )


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_list_markers_pass_the_label_prefilter(text):
    """The characters tested before `_label_ending_at` never hide a real label."""
    for unit_start, unit_end in sentences._units(text):
        for match in sentences._CANDIDATE.finditer(text, unit_start, unit_end):
            if match.group() not in (".", ".)"):
                continue
            found = sentences._label_ending_at(text, match.start(), unit_start)
            markers = sentences._unit_markers(
                text,
                [match.group()],
                [match.start()],
                [match.end()],
                [],
                [],
                unit_start,
                unit_end,
            )
            assert markers == (
                [(found[0], found[1], match.group(), found[3], *match.span())]
                if found
                else []
            )
