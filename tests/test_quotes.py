"""The quote matcher (annotations.sourcing.quotes): exact after normalising, fuzzy
with the re-anchoring matcher, in any script; spans are offsets of the text given."""

import pytest

from annotations.sourcing.quotes import (
    FOUND,
    FUZZY,
    NOT_FOUND,
    find_quote,
    normalise,
)


def span(text, match):
    return text[match.start : match.end]


@pytest.mark.parametrize(
    ("quote", "text", "expected"),
    [
        # Typographic quotes and apostrophes against straight ones, and back.
        (
            'He said "we won\'t stop"',
            "Yesterday he said \u201cwe won\u2019t stop\u201d and left.",
            # Quotation marks are left out: the span ends at the last word.
            "he said \u201cwe won\u2019t stop",
        ),
        (
            "the mayor\u2019s plan",
            "Critics of the mayor's plan gathered.",
            "the mayor's plan",
        ),
        # Line breaks, tabs and non-breaking spaces inside the page's text.
        (
            "rose by 12 per cent in 2023",
            "Prices rose by\n12\u00a0per\tcent\n\n in 2023, the office said.",
            "rose by\n12\u00a0per\tcent\n\n in 2023",
        ),
        # The page's quotation marks, left out of the quote.
        (
            "cost $48 million",
            "It cost \u201c$48 million\u201d.",
            "cost \u201c$48 million",
        ),
        # Dashes: an en dash in the page, a hyphen in the quote; a minus sign.
        ("1990-2000", "In the years 1990\u20132000 output doubled.", "1990\u20132000"),
        (
            "fell to -4 degrees",
            "It fell to \u22124 degrees.",
            "fell to \u22124 degrees",
        ),
        # Case and full-width letters (NFKC).
        (
            "NATO SUMMIT",
            "the \uff2e\uff21\uff34\uff2f summit opened",
            "\uff2e\uff21\uff34\uff2f summit",
        ),
        # An ellipsis marks words left out; the pieces keep their order.
        (
            "The budget [...] will be cut by half",
            "The budget, which the council approved in May, will be cut by half.",
            "The budget, which the council approved in May, will be cut by half",
        ),
    ],
)
def test_found_after_normalising(quote, text, expected):
    match = find_quote(quote, text)
    assert match.status == FOUND
    assert match.similarity == 1.0
    assert span(text, match) == expected


def test_arabic_without_short_vowels_or_tatweel_is_found():
    text = "قال الوزير إن\u0651 الاقتص\u0640\u0640اد ينمو."  # noqa: RUF001
    # "the economy is growing", typed without shadda and without tatweel.
    quote = "إن الاقتصاد ينمو"
    match = find_quote(quote, text)
    assert match.status == FOUND
    assert span(text, match) == text[text.index("إ") : -1]


def test_chinese_with_a_line_break_inside_the_sentence_is_found():
    text = "报告称，去年出口\n增长了百分之五。其他内容。"  # noqa: RUF001
    quote = "去年出口增长了百分之五"
    match = find_quote(quote, text)
    assert match.status == FOUND
    assert span(text, match) == "去年出口\n增长了百分之五"


def test_devanagari_found_and_a_changed_word_is_fuzzy():
    text = "मंत्री ने कहा कि सड\u093cक अगले साल बनेगी।"
    exact = "सड\u093cक अगले साल बनेगी"
    assert find_quote(exact, text).status == FOUND
    # The letter with its nukta precomposed (U+095C) is the same letter: NFKC
    # decomposes it, as the page's text has it.
    assert find_quote(exact.replace("ड\u093c", "\u095c"), text).status == FOUND
    # "will be built" in the feminine -> masculine: one vowel sign differs.
    changed = exact.replace("बनेगी", "बनेगा")
    match = find_quote(changed, text)
    assert match.status == FUZZY
    assert 0.8 <= match.similarity < 1
    assert span(text, match) == exact


def test_a_typo_is_fuzzy_with_its_score_and_span():
    text = (
        "The minister told parliament that unemployment had fallen for the third "
        "consecutive quarter, a claim the opposition disputed."
    )
    quote = "unemployment had falen for the thrid consecutive quarter"
    match = find_quote(quote, text)
    assert match.status == FUZZY
    assert 0.9 < match.similarity < 1
    assert span(text, match) == (
        "unemployment had fallen for the third consecutive quarter"
    )


def test_a_quote_in_a_long_page_is_found_far_from_the_start():
    filler = "Unrelated paragraph about the weather and the markets. " * 400
    text = filler + "The factory will close on 3 March, the company said." + filler
    match = find_quote("the factory will close on 3 march", text)
    assert match.status == FOUND
    assert span(text, match) == "The factory will close on 3 March"
    fuzzy = find_quote("The factory will clse on 3 March", text)
    assert fuzzy.status == FUZZY
    assert span(text, fuzzy) == "The factory will close on 3 March"


@pytest.mark.parametrize(
    ("quote", "text"),
    [
        # Another sentence altogether.
        ("inflation doubled last year", "The mayor opened a new library on Monday."),
        # The quote's words, but not said there: too different to be that quote.
        (
            "the vaccine is not safe for children",
            "Regulators said the vaccine is safe for adults over 65.",
        ),
        # A negation added in the quote of a short sentence is more than a typo.
        ("we did not raise taxes", "We raised taxes twice."),
        # Ellipsis pieces out of order.
        ("will be cut ... The budget", "The budget will be cut by half."),
        # Nothing to find, or nothing to look in.
        ("   ", "Some text."),
        ("some text", ""),
    ],
)
def test_not_found(quote, text):
    match = find_quote(quote, text)
    assert match.status == NOT_FOUND
    assert match.start is None
    assert match.end is None


def test_accents_are_letters_so_a_missing_one_is_only_approximate():
    match = find_quote("le prêt à taux zéro", "Le pret a taux zero.")
    assert match.status == FUZZY
    assert match.similarity < 1


def test_one_normalised_text_serves_many_quotes():
    text = "Alpha beta gamma. Delta epsilon zeta."
    normalised = normalise(text)
    assert find_quote("ALPHA BETA", normalised).status == FOUND
    assert find_quote("delta  epsilon", normalised).start == text.index("Delta")
    assert find_quote("omega", normalised).status == NOT_FOUND


def test_the_map_points_every_normalised_character_back_into_the_text():
    text = "\ufb01ne  \u201cquotes\u201d\u00ad here\u3000中\n文"
    normalised = normalise(text)
    assert normalised.text == "fine quotes here 中文"
    assert len(normalised.starts) == len(normalised.text) == len(normalised.ends)
    for index in range(len(normalised.text)):
        assert 0 <= normalised.starts[index] < normalised.ends[index] <= len(text)


@pytest.mark.parametrize(
    "line",
    [
        "Plain words,  two spaces\tand a tab",
        "No\u00a0break and \uff26ull width \u2018marks\u2019 \u2014 dashes",
        "Soft\u00adhyphen and zero\u200bwidth",
        "\u4e2d\u6587 \u6587\u5b57\u3000\u6f22\u5b57",
        # Arabic with its short vowels and a tatweel.
        "\u0627\u0644\u0639\u064e\u0631\u064e\u0628\u0650\u064a\u0651\u064e\u0629"
        " \u0640\u0640",
    ],
)
def test_the_fast_way_and_the_character_way_agree(line):
    # A ligature sends the line the character-by-character way (it is not NFKC);
    # without it the line takes the bulk way. Both must normalise alike.
    fast = normalise(line)
    slow = normalise(line + " \ufb01")
    assert slow.text == fast.text + " fi"
    assert list(slow.starts[: len(fast.text)]) == list(fast.starts)


def test_a_quote_in_a_megabyte_page_is_checked_by_seeds_not_a_whole_scan():
    lines = [
        f"Paragraph {number} about the weather and the markets."
        for number in range(20_000)
    ]
    lines[15_000] = "The central bank raised its main rate to 4.5 per cent on Thursday."
    text = "\n".join(lines)
    normalised = normalise(text)
    match = find_quote(
        "the central bank raised its main rate to 4,5 per cent", normalised
    )
    assert match.status == FUZZY
    assert text[match.start : match.end].startswith("The central bank raised")
    assert find_quote("the bank cut its rate", normalised).status == NOT_FOUND


def test_a_long_quote_with_a_few_changed_words_is_approximately_found():
    """Above a thousand characters the comparison is word by word, with no time
    limit, so the answer is the same on any machine."""
    words = [
        "harbour",
        "council",
        "budget",
        "railway",
        "school",
        "clinic",
        "bridge",
        "river",
        "tariff",
        "grain",
        "museum",
        "ferry",
        "market",
        "census",
        "tunnel",
        "airport",
        "reservoir",
        "library",
        "orchard",
        "mill",
    ]
    sentences = [
        f"The {words[n % 20]} report of {1990 + n} named {words[(n * 7) % 20]} and "
        f"{words[(n * 3 + 1) % 20]} costs at {n * 37} thousand, in fair repair."
        for n in range(1, 30)
    ]
    text = "Preface. " + " ".join(sentences) + " Afterword."
    original = " ".join(sentences[2:20])
    assert len(original) > 1_000
    edited = original.replace("fair repair", "good repair", 3)
    match = find_quote(edited, text)
    assert match.status == FUZZY
    assert 0.95 < match.similarity < 1
    assert span(text, match) == original


def test_a_probe_matched_at_the_very_end_of_the_text_stays_inside_it():
    """A tail probe matched with letters added at the text's last character used
    to map past the end, and the matcher raised IndexError."""
    text = (
        "and June we no 6. 6 win percent and the. we in in no June the May. no to "
        "no and May. we in in no June the May. we in in no June the May. and May "
        "no will yes."
    )
    match = find_quote("in no June the May. wein in no June", text)
    assert match.status == FUZZY
    assert 0 <= match.start < match.end <= len(text)


def _repetitive_cases(count: int, seed: int):
    """Texts made of a few sentences repeated, each with a quote of whole words
    from it with one letter dropped: deterministic for the seed."""
    import random

    rng = random.Random(seed)
    words = [
        "the",
        "rate",
        "rose",
        "fell",
        "to",
        "in",
        "May",
        "June",
        "percent",
        "of",
        "five",
        "we",
        "will",
        "win",
        "yes",
        "no",
    ]
    for _ in range(count):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(3, 8))) + "."
        other = " ".join(rng.choice(words) for _ in range(5)) + "."
        text = " ".join(
            sentence if rng.random() < 0.7 else other for _ in range(rng.randint(3, 8))
        )
        tokens = text.split(" ")
        first = rng.randrange(len(tokens))
        last = min(len(tokens), first + rng.randint(3, 10))
        exact = " ".join(tokens[first:last])
        if len(exact) < 12:
            continue
        dropped = rng.randrange(1, len(exact) - 1)
        yield text, exact, exact[:dropped] + exact[dropped + 1 :]


def test_quotes_in_text_that_repeats_itself_are_found_at_their_length():
    """In text that repeats itself the matcher's two probes can land on different
    repetitions, and the repetitions outvote the quote's own place: each boundary
    is paired with the other probe one quote's length away, and more places are
    tried while none matched. Every quote is found, never raises, and its span is
    about the quote's length (not stretched over the next repetition)."""
    checked = 0
    for text, exact, quote in _repetitive_cases(1500, seed=7):
        match = find_quote(quote, text)
        checked += 1
        assert match.status in (FOUND, FUZZY), (quote, text)
        assert 0 <= match.start < match.end <= len(text)
        assert abs((match.end - match.start) - len(exact)) <= 2, (
            quote,
            span(text, match),
        )
    assert checked > 1000
