"""Tests for annotations.extraction.splitting: sentence spans and claim candidates."""

# The news cases hold typographic quotes and apostrophes on purpose.
# ruff: noqa: RUF001

import ast
import dataclasses
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.extraction import splitting
from annotations.extraction.splitting import (
    NON_CLAIM_KINDS,
    ClaimCandidate,
    Kind,
    Signal,
    Span,
    extract_claims,
    split_sentences,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_PATH = ROOT / "seeds" / "china-russia-moon-base.txt"

HEADLINE = "China and Russia Agree to Build Joint Moon Base"
CAPTION_LINE = (
    "Russian president Vladimir Putin and Chinese president Xi Jinping / Getty Images"
)
SIGNED = (
    "China and Russia signed a long-term agreement on Tuesday to construct a joint "
    "moon base."
)
UNCLEAR = "President Joe Biden's approach to space, however, remains unclear."


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


def segment_texts(text: str) -> list[str]:
    return [text[c.start : c.end] for c in extract_claims(text)]


def assert_span_invariants(text: str, spans) -> None:
    previous_end = 0
    for span in spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip()
        previous_end = span.end


def visible(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_claims(seed) -> dict[str, ClaimCandidate]:
    return {seed[c.start : c.end]: c for c in extract_claims(seed)}


def find(claims: dict[str, ClaimCandidate], beginning: str) -> ClaimCandidate:
    matches = [claim for text, claim in claims.items() if text.startswith(beginning)]
    assert len(matches) == 1, f"expected one segment starting {beginning!r}"
    return matches[0]


# --- the contract ---------------------------------------------------------------


def test_kind_values_are_the_stored_strings():
    """The Kind values are what the database stores; they never change."""
    assert {kind.value for kind in Kind} == {
        "claim",
        "headline",
        "caption",
        "credit",
        "dateline",
        "question",
        "quote",
        "opinion",
        "byline",
        "timestamp",
        "footer",
        "lead_in",
    }
    assert Kind.CLAIM == "claim"
    assert frozenset(Kind) - NON_CLAIM_KINDS == {Kind.CLAIM}


def test_value_objects_are_frozen():
    """Spans, signals and candidates cannot be changed after they are made."""
    span = Span(0, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 2  # type: ignore[misc]
    assert not hasattr(span, "__dict__")  # slots


def test_signal_as_dict():
    """A signal serialises to its name, contribution, evidence and words."""
    signal = Signal("date", 0.15, "on Tuesday", "a date or time")
    assert signal.as_dict() == {
        "name": "date",
        "weight": 0.15,
        "evidence": "on Tuesday",
        "label": "a date or time",
    }
    assert Signal("official_action", 0.2, "signed").as_dict()["label"] == (
        "official action"
    )


def test_candidate_as_dict_is_json_ready(seed):
    """A candidate serialises with its kind as the stored string."""
    data = extract_claims(seed)[0].as_dict()
    assert data["kind"] == "headline"
    assert type(data["kind"]) is str
    assert data["signals"]
    assert set(data["signals"][0]) == {"name", "weight", "evidence", "label"}


@pytest.mark.parametrize("text", ["", " ", "\n\n\t ", "\u00a0\u3000\u2029"])
def test_empty_or_blank_text_has_no_segments(text):
    """Empty and white-space-only text gives no sentences and no candidates."""
    assert split_sentences(text) == []
    assert extract_claims(text) == []


def test_splitting_imports_only_the_standard_library():
    """The splitting package stays pure: no Django, no third-party package."""
    package = Path(splitting.__file__).parent
    imported: set[str] = set()
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, "no relative imports"
                imported.add(node.module or "")
    outside = {
        name
        for name in imported
        if not name.startswith("annotations.extraction.splitting")
    }
    assert not {name for name in outside if name.split(".")[0] == "django"}
    assert {name.split(".")[0] for name in outside} <= set(sys.stdlib_module_names) | {
        "__future__"
    }


# --- split_sentences ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Mr. Smith met Mrs. Jones and Dr. Brown. Prof. Lee was not there.",
            ["Mr. Smith met Mrs. Jones and Dr. Brown.", "Prof. Lee was not there."],
            id="titles",
        ),
        pytest.param(
            "Sen. Rubio and Rep. Cruz met Gov. Abbott and Gen. Milley. They talked.",
            [
                "Sen. Rubio and Rep. Cruz met Gov. Abbott and Gen. Milley.",
                "They talked.",
            ],
            id="political-titles",
        ),
        pytest.param(
            "Former senator Bill Nelson (D., Fla.) and Rep. Ro Khanna (D., Calif.) "
            "spoke. It went well.",
            [
                "Former senator Bill Nelson (D., Fla.) and Rep. Ro Khanna (D., Calif.) "
                "spoke.",
                "It went well.",
            ],
            id="party-and-state",
        ),
        pytest.param(
            "He favours closer U.S.-China ties. The U.K. agrees.",
            ["He favours closer U.S.-China ties.", "The U.K. agrees."],
            id="dotted-acronyms",
        ),
        pytest.param(
            "Martin Luther King Jr. Day is a holiday. St. Louis is in Missouri.",
            ["Martin Luther King Jr. Day is a holiday.", "St. Louis is in Missouri."],
            id="jr-and-st",
        ),
        pytest.param(
            "It opens on Jan. 5 and closes Sept. 30. No. 5 is next.",
            ["It opens on Jan. 5 and closes Sept. 30.", "No. 5 is next."],
            id="months-and-numbers",
        ),
        pytest.param(
            "Bring pens, paper, etc. to the test. We have pens, paper, etc. The "
            "rest is yours.",
            [
                "Bring pens, paper, etc. to the test.",
                "We have pens, paper, etc.",
                "The rest is yours.",
            ],
            id="etc",
        ),
        pytest.param(
            "Use a tool, e.g. Django, i.e. a framework. It works.",
            ["Use a tool, e.g. Django, i.e. a framework.", "It works."],
            id="eg-ie",
        ),
        pytest.param(
            "Real Madrid vs. Barcelona ended 2-2. Fans cheered.",
            ["Real Madrid vs. Barcelona ended 2-2.", "Fans cheered."],
            id="vs",
        ),
        pytest.param(
            "We met at 5 p.m. The next day we left.",
            ["We met at 5 p.m.", "The next day we left."],
            id="pm-then-capital",
        ),
        pytest.param(
            "The call is at 5 p.m. Eastern time on Friday.",
            ["The call is at 5 p.m. Eastern time on Friday."],
            id="pm-time-zone",
        ),
        pytest.param(
            "J. R. R. Tolkien wrote it. Harry S. Truman read it.",
            ["J. R. R. Tolkien wrote it.", "Harry S. Truman read it."],
            id="initials",
        ),
        pytest.param(
            "Pi is 3.14 and the budget is $1.5 billion. Version 2.0.1 shipped.",
            ["Pi is 3.14 and the budget is $1.5 billion.", "Version 2.0.1 shipped."],
            id="decimals-money-versions",
        ),
        pytest.param(
            "Wait… Then it happened. He paused... and went on.",
            ["Wait…", "Then it happened.", "He paused... and went on."],
            id="ellipses",
        ),
        pytest.param(
            'He said "Stop." Then he left.',
            ['He said "Stop."', "Then he left."],
            id="closing-quote-stays",
        ),
        pytest.param(
            "(This is aside.) The main point follows.",
            ["(This is aside.)", "The main point follows."],
            id="closing-bracket-stays",
        ),
        pytest.param(
            '"We agree. We will build it," the agency said. Work begins soon.',
            ['"We agree. We will build it," the agency said.', "Work begins soon."],
            id="sentences-inside-a-quote",
        ),
        pytest.param(
            "“One. Two,” she said. Three.",
            ["“One. Two,” she said.", "Three."],
            id="curly-quotes",
        ),
        pytest.param(
            "See https://example.com/a.b?c=1.d for more. Mail jane.doe@example.org. "
            "Thanks!",
            [
                "See https://example.com/a.b?c=1.d for more.",
                "Mail jane.doe@example.org.",
                "Thanks!",
            ],
            id="url-and-email",
        ),
        pytest.param(
            'It is 6\'2" tall. "We won," he said. Then he left.',
            ["It is 6'2\" tall.", '"We won," he said.', "Then he left."],
            id="inch-mark-is-not-a-quote",
        ),
        pytest.param(
            "Really?! Yes. Wow!!! OK.",
            ["Really?!", "Yes.", "Wow!!!", "OK."],
            id="punctuation-runs",
        ),
        pytest.param(
            "Shopping list:\n1. Eggs\n2. Milk\n\n• Bread\n• Jam",
            ["Shopping list:", "1. Eggs", "2. Milk", "• Bread", "• Jam"],
            id="list-lines",
        ),
        pytest.param(
            "a) one thing b) another thing c) a third thing",
            ["a) one thing", "b) another thing", "c) a third thing"],
            id="inline-letter-list",
        ),
        pytest.param(
            "First paragraph has no stop\n\nSecond paragraph.",
            ["First paragraph has no stop", "Second paragraph."],
            id="blank-line-always-ends",
        ),
        pytest.param(
            "Big News Today\nPhoto: AP\nMarch 9, 2021\nThe story starts here.",
            ["Big News Today", "Photo: AP", "March 9, 2021", "The story starts here."],
            id="unpunctuated-lines-stand-alone",
        ),
        pytest.param(
            "The deal was signed by the leaders of\nRussia and China at a virtual "
            "meeting on\nTuesday, officials said. The next step\nis unclear.",
            [
                "The deal was signed by the leaders of\nRussia and China at a virtual "
                "meeting on\nTuesday, officials said.",
                "The next step\nis unclear.",
            ],
            id="hard-wrapped-prose",
        ),
        pytest.param(
            "Hello world\r\n\r\nSecond paragraph.\r\nThird line",
            ["Hello world", "Second paragraph.", "Third line"],
            id="crlf",
        ),
        pytest.param(
            "A\u00a0sentence.\u00a0 Another\u00a0one.\u3000Third.",
            ["A\u00a0sentence.", "Another\u00a0one.", "Third."],
            id="unicode-spaces",
        ),
        pytest.param(
            "  Leading and trailing space.  ",
            ["Leading and trailing space."],
            id="outer-space-trimmed",
        ),
        pytest.param("no final punctuation", ["no final punctuation"], id="bare"),
    ],
)
def test_split_sentences(text, expected):
    """Each text splits into exactly the expected sentences."""
    assert sentences(text) == expected


def test_offsets_point_into_the_original_text():
    """Spans are offsets into the text as given, never into a normalised copy."""
    text = "\u00a0 First one.\n\n\tSecond  one!  "
    assert split_sentences(text) == [Span(2, 12), Span(15, 27)]


# --- news English beyond the Golden Rules -----------------------------------------
#
# Each category holds texts that end a sentence and look-alikes that do not; the
# expected splits were written by hand.


def _news_cases(category: str, cases: list[tuple[str, list[str]]]) -> list:
    return [
        pytest.param(text, expected, id=f"{category}-{number}")
        for number, (text, expected) in enumerate(cases, 1)
    ]


NEWS_CASES = [
    # Words whose lower-case form is ordinary English end a sentence; only the
    # capitalised form is a title, a date or a state.
    *_news_cases(
        "lower-case-look-alikes",
        [
            (
                "He worked for years as a sales rep. She ran the store.",
                ["He worked for years as a sales rep.", "She ran the store."],
            ),
            (
                "The jury sat. Nobody in the gallery spoke.",
                ["The jury sat.", "Nobody in the gallery spoke."],
            ),
            (
                "The boxer finished 40 reps. Then he sparred for an hour.",
                ["The boxer finished 40 reps.", "Then he sparred for an hour."],
            ),
            (
                "The comparison was apt. Critics of the plan agreed.",
                ["The comparison was apt.", "Critics of the plan agreed."],
            ),
            (
                "Rep. Maxine Waters and Gen. Mark Milley testified on Wed., Jan. 5.",
                ["Rep. Maxine Waters and Gen. Mark Milley testified on Wed., Jan. 5."],
            ),
        ],
    ),
    # "It's", "That's", "We're" open a sentence as "It", "That" and "We" do.
    *_news_cases(
        "contracted-starters",
        [
            (
                "The plant will move to the U.S. It's not clear when.",
                ["The plant will move to the U.S.", "It's not clear when."],
            ),
            (
                "Talks were held in Washington, D.C. That’s a first for both sides.",
                [
                    "Talks were held in Washington, D.C.",
                    "That’s a first for both sides.",
                ],
            ),
            (
                "Our partner is Harbor Freight Co. We’re proud of the deal.",
                ["Our partner is Harbor Freight Co.", "We’re proud of the deal."],
            ),
            (
                "The rally took place on Main St. There's another one Sunday.",
                ["The rally took place on Main St.", "There's another one Sunday."],
            ),
        ],
    ),
    # Nouns that open news sentences ("Officials", "Police") start one after an
    # abbreviation when a verb follows, but not in a title-case headline.
    *_news_cases(
        "news-openers",
        [
            (
                "The company has offices across the U.S. Officials there declined "
                "to comment.",
                [
                    "The company has offices across the U.S.",
                    "Officials there declined to comment.",
                ],
            ),
            (
                "The body was found behind a bar on Elm St. Police are investigating.",
                [
                    "The body was found behind a bar on Elm St.",
                    "Police are investigating.",
                ],
            ),
            (
                "The trade deal was signed with the E.U. Negotiators said it took "
                "four years.",
                [
                    "The trade deal was signed with the E.U.",
                    "Negotiators said it took four years.",
                ],
            ),
            (
                "The trophy went to Ken Griffey Jr. Fans gave him a standing "
                "ovation. Nobody left early.",
                [
                    "The trophy went to Ken Griffey Jr.",
                    "Fans gave him a standing ovation.",
                    "Nobody left early.",
                ],
            ),
            (
                "U.S. Officials Meet Iranian Envoy in Oman",
                ["U.S. Officials Meet Iranian Envoy in Oman"],
            ),
            (
                "He sued the U.S. Senate. Earlier, he had sued the House.",
                ["He sued the U.S. Senate.", "Earlier, he had sued the House."],
            ),
        ],
    ),
    # Street types, states and "Esq." close a name; at the end of a sentence they
    # end it before a new clause.
    *_news_cases(
        "addresses-and-states",
        [
            (
                "The march went down Pennsylvania Ave. Crowds lined the sidewalks.",
                [
                    "The march went down Pennsylvania Ave.",
                    "Crowds lined the sidewalks.",
                ],
            ),
            (
                "The shooting happened in Tulsa, Okla. Authorities said two people "
                "were hurt.",
                [
                    "The shooting happened in Tulsa, Okla.",
                    "Authorities said two people were hurt.",
                ],
            ),
            (
                "She grew up in Salem, Ore. Her father ran a bakery there.",
                ["She grew up in Salem, Ore.", "Her father ran a bakery there."],
            ),
            (
                "The letter was signed by Robert Kline Esq. Lawyers for the city "
                "have not replied.",
                [
                    "The letter was signed by Robert Kline Esq.",
                    "Lawyers for the city have not replied.",
                ],
            ),
            (
                "The bill was written by Sen. Ed Markey, D-Mass. Democrats hope to "
                "pass it this year.",
                [
                    "The bill was written by Sen. Ed Markey, D-Mass.",
                    "Democrats hope to pass it this year.",
                ],
            ),
            (
                "Traffic on Hwy. 101 and Fifth Ave. Presbyterian Church were both "
                "in the report from Sacramento, Calif., on Friday.",
                [
                    "Traffic on Hwy. 101 and Fifth Ave. Presbyterian Church were both "
                    "in the report from Sacramento, Calif., on Friday."
                ],
            ),
        ],
    ),
    # A month or weekday is abbreviated only before a day, so without one the
    # full stop ends the sentence.
    *_news_cases(
        "dates-without-a-day",
        [
            (
                "The album came out in Feb. Critics were kind to it.",
                ["The album came out in Feb.", "Critics were kind to it."],
            ),
            (
                "Enrollment closes at the end of Sept. Applicants should hurry.",
                ["Enrollment closes at the end of Sept.", "Applicants should hurry."],
            ),
            (
                "The store reopened on Sat. Shoppers lined up before dawn.",
                ["The store reopened on Sat.", "Shoppers lined up before dawn."],
            ),
            (
                "The strike began Oct. 3 and ended Nov. 14. Dec. 1 is the vote.",
                ["The strike began Oct. 3 and ended Nov. 14.", "Dec. 1 is the vote."],
            ),
            (
                "The trial opens Tues. Jan. 9 in federal court.",
                ["The trial opens Tues. Jan. 9 in federal court."],
            ),
        ],
    ),
    # "Ex-Gov." and "Lt.-Col." are titles: a name follows.
    *_news_cases(
        "compound-titles",
        [
            (
                "Ex-Gov. Andrew Cuomo did not attend. His lawyer did.",
                ["Ex-Gov. Andrew Cuomo did not attend.", "His lawyer did."],
            ),
            (
                "The speech by former ex-Sen. Al Franken ran long.",
                ["The speech by former ex-Sen. Al Franken ran long."],
            ),
            (
                "The unit is led by Lt.-Col. Maria Ortiz. She took over in May.",
                ["The unit is led by Lt.-Col. Maria Ortiz.", "She took over in May."],
            ),
        ],
    ),
    # A capital letter after a common noun is a name for a thing, not an initial;
    # after a name, a title or "by" it is still an initial.
    *_news_cases(
        "letters-naming-things",
        [
            (
                "The trial tested high doses of vitamin D. Participants were "
                "followed for five years.",
                [
                    "The trial tested high doses of vitamin D.",
                    "Participants were followed for five years.",
                ],
            ),
            (
                "Overnight lows fell to minus 12 degrees F. Schools opened late.",
                [
                    "Overnight lows fell to minus 12 degrees F.",
                    "Schools opened late.",
                ],
            ),
            (
                "Thousands in the state have hepatitis C. Treatment is costly.",
                ["Thousands in the state have hepatitis C.", "Treatment is costly."],
            ),
            (
                "The essay was written by E. B. White and edited by William K. "
                "Zinsser in New York.",
                [
                    "The essay was written by E. B. White and edited by William K. "
                    "Zinsser in New York."
                ],
            ),
        ],
    ),
    # A quotation that ends with a full stop has ended its sentence; after "?" or
    # "!" a name goes on ("Jones asked") but a pronoun or common noun starts anew.
    *_news_cases(
        "after-a-quotation",
        [
            (
                "The coach called the loss ‘a wake-up call.’ Players agreed.",
                ["The coach called the loss ‘a wake-up call.’", "Players agreed."],
            ),
            (
                'The mayor said the city was "open for business." Some business '
                "owners said it was not.",
                [
                    'The mayor said the city was "open for business."',
                    "Some business owners said it was not.",
                ],
            ),
            (
                "“Who pays for this?” He asked the question twice. Nobody answered.",
                [
                    "“Who pays for this?”",
                    "He asked the question twice.",
                    "Nobody answered.",
                ],
            ),
            (
                '"Where is the money?" Residents asked the council on Monday.',
                ['"Where is the money?"', "Residents asked the council on Monday."],
            ),
            (
                "“Where is the money?” Councilwoman Ruth Perez asked. “We were "
                "promised.”",
                [
                    "“Where is the money?” Councilwoman Ruth Perez asked.",
                    "“We were promised.”",
                ],
            ),
            (
                '"Not again!" the mayor said. "We fixed this road in June."',
                ['"Not again!" the mayor said.', '"We fixed this road in June."'],
            ),
        ],
    ),
    # The number after "No." or "Vol." is no list label.
    *_news_cases(
        "numbers-after-abbreviations",
        [
            (
                "Last season the team was No. 1. Now it is No. 2.",
                ["Last season the team was No. 1.", "Now it is No. 2."],
            ),
            (
                "She was seeded No. 4. Her opponent was seeded No. 5.",
                ["She was seeded No. 4.", "Her opponent was seeded No. 5."],
            ),
            (
                "The essay is in Vol. 2. The reply is in Vol. 3.",
                ["The essay is in Vol. 2.", "The reply is in Vol. 3."],
            ),
            (
                "The council voted on two items. 1. The budget. 2. The new park.",
                [
                    "The council voted on two items.",
                    "1. The budget.",
                    "2. The new park.",
                ],
            ),
        ],
    ),
    # A camel-case brand ("eBay", "iPhone", "mRNA") may open a sentence.
    *_news_cases(
        "camel-case-openers",
        [
            (
                "Sales of the older model slowed. iPhone shipments fell 9%.",
                ["Sales of the older model slowed.", "iPhone shipments fell 9%."],
            ),
            (
                "The auction ended Tuesday. eBay said bidding was brisk.",
                ["The auction ended Tuesday.", "eBay said bidding was brisk."],
            ),
            (
                "Who developed the first vaccines? mRNA researchers did.",
                ["Who developed the first vaccines?", "mRNA researchers did."],
            ),
            (
                "The app runs on phones, e.g. iPhone and Android models.",
                ["The app runs on phones, e.g. iPhone and Android models."],
            ),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_CASES)
def test_news_sentences_beyond_the_golden_rules(text, expected):
    """News English the Golden Rules do not cover splits as written by hand."""
    assert sentences(text) == expected
    assert_span_invariants(text, split_sentences(text))


# --- news English: dated numbers and texts wrapped at a width ----------------------
#
# Written by hand for styles the sections above do not cover: a day after an
# abbreviated month is no list item, and in a text hard-wrapped at a width a
# paragraph whose breaks all fall before capitals is wrapped like the others.

WRAPPED_CASES = [
    *_news_cases(
        "dates-are-not-list-items",
        [
            (
                "They met on Jan. 6. The vote was on Jan. 7.",
                ["They met on Jan. 6.", "The vote was on Jan. 7."],
            ),
            (
                "Launch is set for Oct. 1. Landing is set for Oct. 2.",
                ["Launch is set for Oct. 1.", "Landing is set for Oct. 2."],
            ),
            (
                "Talks began Sept. 3. Then came Sept. 4. Both failed.",
                ["Talks began Sept. 3.", "Then came Sept. 4.", "Both failed."],
            ),
            # Look-alikes: a real list after a colon, and a full month name.
            (
                "The steps: 1. survey 2. design 3. build",
                ["The steps:", "1. survey", "2. design", "3. build"],
            ),
            (
                "They met on March 6. The vote was on March 7.",
                ["They met on March 6.", "The vote was on March 7."],
            ),
        ],
    ),
    *_news_cases(
        "wrapped-at-a-width",
        [
            (
                "ROME (AP) — Italy's parliament on Thursday approved a budget that "
                "cuts\n"
                "income taxes for middle earners and raises spending on health care.\n"
                "\n"
                "The measure passed 201-118 in the lower house. Economy Minister "
                "Paolo\n"
                "Rinaldi said the cuts would cost about 4 billion euros a year.",
                [
                    "ROME (AP) — Italy's parliament on Thursday approved a budget that "
                    "cuts\nincome taxes for middle earners and raises spending on "
                    "health care.",
                    "The measure passed 201-118 in the lower house.",
                    "Economy Minister Paolo\nRinaldi said the cuts would cost about 4 "
                    "billion euros a year.",
                ],
            ),
            (
                "The storm knocked out power to more than 200,000 homes across the\n"
                "state on Tuesday, utility officials said late in the evening.\n"
                "\n"
                "Crews from six states arrived overnight to restore the lines. Gov.\n"
                "Ray Landry declared an emergency in 14 parishes on Wednesday.",
                [
                    "The storm knocked out power to more than 200,000 homes across "
                    "the\nstate on Tuesday, utility officials said late in the "
                    "evening.",
                    "Crews from six states arrived overnight to restore the lines.",
                    "Gov.\nRay Landry declared an emergency in 14 parishes on "
                    "Wednesday.",
                ],
            ),
            # Look-alikes: with no visibly wrapped paragraph, lines stay lines; a
            # headline over a byline stays two lines; a short line is no wrap.
            (
                "The measure passed 201-118 in the lower house. Economy Minister "
                "Paolo\n"
                "Rinaldi Speaks to Reporters",
                [
                    "The measure passed 201-118 in the lower house.",
                    "Economy Minister Paolo",
                    "Rinaldi Speaks to Reporters",
                ],
            ),
            (
                "Markets tumble worldwide. Investors flee to bonds and gold as a rule\n"
                "By Jane Doe\n"
                "\n"
                "Stocks fell on Monday as traders sold shares across the whole of\n"
                "the board, pushing the main index down 3 percent by the close.",
                [
                    "Markets tumble worldwide.",
                    "Investors flee to bonds and gold as a rule",
                    "By Jane Doe",
                    "Stocks fell on Monday as traders sold shares across the whole "
                    "of\nthe board, pushing the main index down 3 percent by the "
                    "close.",
                ],
            ),
            (
                "Stocks fell on Monday as traders sold shares across the whole of\n"
                "the board, pushing the main index down 3 percent by the close.\n"
                "\n"
                "Oil rose.\n"
                "Gold Fell",
                [
                    "Stocks fell on Monday as traders sold shares across the whole "
                    "of\nthe board, pushing the main index down 3 percent by the "
                    "close.",
                    "Oil rose.",
                    "Gold Fell",
                ],
            ),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), WRAPPED_CASES)
def test_dated_numbers_and_texts_wrapped_at_a_width(text, expected):
    """A day after "Jan." ends no list; a width-wrapped text's paragraphs join."""
    assert sentences(text) == expected
    assert_span_invariants(text, split_sentences(text))


# --- the seed article -----------------------------------------------------------


def test_seed_sentences(seed):
    """The seed splits into its headline, caption, dateline and 14 sentences."""
    found = sentences(seed)
    assert found[:4] == [HEADLINE, CAPTION_LINE, "March 9, 2021", SIGNED]
    assert len(found) == 17
    assert UNCLEAR in found


def test_seed_abbreviations_do_not_break(seed):
    """ "(D., Fla.)" and "U.S.-China" stay inside their sentences."""
    found = sentences(seed)
    assert any("Bill Nelson (D., Fla.) to take up the top position" in s for s in found)
    assert any(s.startswith("Nelson has also") and "U.S.-China" in s for s in found)
    assert not any(s.endswith(("D.", "Fla.", "U.S.")) for s in found)


def test_seed_headline(seed_claims):
    """The title line is a headline, not a claim."""
    assert seed_claims[HEADLINE].kind is Kind.HEADLINE


def test_seed_caption_and_dateline_are_not_claims(seed_claims):
    """The photo caption, its credit and the dateline are not claims."""
    assert seed_claims[
        "Russian president Vladimir Putin and Chinese president Xi Jinping"
    ].kind is (Kind.CAPTION)
    assert seed_claims["/ Getty Images"].kind is Kind.CREDIT
    # A date line under the headline is the publication time stamp.
    assert seed_claims["March 9, 2021"].kind is Kind.TIMESTAMP
    for text in ("/ Getty Images", "March 9, 2021"):
        assert seed_claims[text].checkworthiness <= 0.2


def test_seed_statement_quote_is_one_attributed_claim(seed_claims):
    """The CNSA quotation and its trailing attribution are one claim."""
    claim = find(seed_claims, '"China and Russia will use')
    text = next(t for t, c in seed_claims.items() if c is claim)
    assert text.endswith("the China National Space Administration said in a statement.")
    assert claim.kind is Kind.CLAIM
    assert claim.attribution == "the China National Space Administration"


def test_seed_according_to(seed_claims):
    """ "according to SpaceNews" attributes the sentence to SpaceNews."""
    assert find(seed_claims, "During a virtual meeting").attribution == "SpaceNews"


@pytest.mark.parametrize(
    ("beginning", "attribution"),
    [
        ("Leaders from both countries said", "Leaders from both countries"),
        ("Space advocates have said", "Space advocates"),
        ("The White House is reportedly", None),
        (SIGNED, None),
    ],
)
def test_seed_attributions(seed_claims, beginning, attribution):
    """Who the article says made each statement, as written in the text."""
    assert find(seed_claims, beginning).attribution == attribution


def test_seed_signed_agreement_outranks_unclear_approach(seed_claims):
    """A dated official action is more check-worthy than a hedged generality, which
    is the least check-worthy claim of the article."""
    signed = seed_claims[SIGNED]
    unclear = seed_claims[UNCLEAR]
    assert signed.kind is unclear.kind is Kind.CLAIM
    assert signed.checkworthiness >= unclear.checkworthiness + 0.2
    claims = [c for c in seed_claims.values() if c.kind is Kind.CLAIM]
    assert min(claims, key=lambda c: c.checkworthiness) is unclear
    assert {"official_action", "date"} <= {s.name for s in signed.signals}
    assert "hedge" in {s.name for s in unclear.signals}


def test_seed_two_assertions_become_two_claims(seed_claims):
    """ "have cooperated ..., and have developed ..." holds two checkable claims."""
    first = find(seed_claims, "China and Russia have")
    second = find(seed_claims, "and have developed technology")
    assert first.end < second.start
    assert first.kind is second.kind is Kind.CLAIM


def test_seed_every_body_segment_is_a_claim(seed):
    """Apart from the headline, caption, credit and dateline, the body is claims."""
    kinds = [c.kind for c in extract_claims(seed)]
    assert kinds[:4] == [Kind.HEADLINE, Kind.CAPTION, Kind.CREDIT, Kind.TIMESTAMP]
    assert set(kinds[4:]) == {Kind.CLAIM}


# --- extract_claims -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Is this the largest base ever built?", Kind.QUESTION),
        ("“We will build it. Nobody can stop us.”", Kind.QUOTE),
        ("I think this is a shameful decision.", Kind.OPINION),
        ("We believe the agency should do better.", Kind.OPINION),
        ("The agency should have spent $2 billion less in 2020.", Kind.CLAIM),
        ("Unemployment fell to 3.5% in March, the lowest rate since 1969.", Kind.CLAIM),
    ],
)
def test_sentence_kinds(text, kind):
    """Questions, bare quotes and opinions are told apart from claims."""
    (candidate,) = extract_claims(text)
    assert candidate.kind is kind
    if kind is not Kind.CLAIM:
        assert candidate.checkworthiness <= 0.2


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (
            "Lunar Base Deal\nPhoto: AP\nBy Jane Doe\nMarch 9, 2021\n\nThe deal was "
            "signed.",
            [Kind.HEADLINE, Kind.CREDIT, Kind.BYLINE, Kind.TIMESTAMP, Kind.CLAIM],
        ),
        (
            "Story\n\nWASHINGTON —\nThe president signed the bill on Tuesday.",
            [Kind.HEADLINE, Kind.DATELINE, Kind.CLAIM],
        ),
        (
            "Story\n\n(Reuters)\nTuesday, March 9, 2021",
            [Kind.HEADLINE, Kind.CREDIT, Kind.TIMESTAMP],
        ),
    ],
)
def test_line_kinds(text, kinds):
    """Unpunctuated lines are classified as headline, credit or dateline."""
    assert [c.kind for c in extract_claims(text)] == kinds


def test_dateline_at_start_of_sentence_is_its_own_segment():
    """ "WASHINGTON (Reuters) —" is split off the claim it introduces."""
    text = "WASHINGTON (Reuters) — The Senate voted 51-49 on Tuesday to pass the bill."
    dateline, claim = extract_claims(text)
    assert text[dateline.start : dateline.end] == "WASHINGTON (Reuters) —"
    assert dateline.kind is Kind.DATELINE
    assert text[claim.start : claim.end].startswith("The Senate voted")
    assert claim.kind is Kind.CLAIM


def test_single_unpunctuated_line_is_a_claim_not_a_headline():
    """A lone line pasted without a full stop is still checked as a claim."""
    (candidate,) = extract_claims("The Senate passed the bill by 51 votes to 49")
    assert candidate.kind is Kind.CLAIM


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        ("The base opens in 2030, according to SpaceNews.", "SpaceNews"),
        ("According to U.S. officials, the base opens in 2030.", "U.S. officials"),
        ('"It opens in 2030," the agency said in a statement.', "the agency"),
        ('"It opens in 2030," said Jen Psaki, the press secretary.', "Jen Psaki"),
        ("NASA said the base would open in 2030.", "NASA"),
        ("NASA says the base will open in 2030.", "NASA"),
        ("A spokesman told Reuters the base would open in 2030.", "A spokesman"),
        ("The base will open in 2030, said Jen Psaki.", "Jen Psaki"),
        ("The agency announced that the base would open in 2030.", "The agency"),
        ("Officials claimed the base would open in 2030.", "Officials"),
        ("The Times reported that the base would open in 2030.", "The Times"),
        ("The agency is reportedly planning a base in 2030.", None),
        ("J. R. R. Tolkien wrote it in 1937.", None),
        ("The base will open in 2030.", None),
    ],
)
def test_attribution(text, attribution):
    """The source is the exact, trimmed text naming who made the statement."""
    (candidate,) = extract_claims(text)
    assert candidate.attribution == attribution
    if attribution is not None:
        assert attribution in text
        assert "attribution" in {s.name for s in candidate.signals}


def test_quote_with_sentences_inside_is_one_attributed_claim():
    """Sentence ends inside a quotation do not split it from its attribution."""
    text = '"We agree. We will build it," the agency said.'
    (candidate,) = extract_claims(text)
    assert (candidate.start, candidate.end) == (0, len(text))
    assert candidate.kind is Kind.CLAIM
    assert candidate.attribution == "the agency"


def test_two_independent_clauses_become_two_claims():
    """A sentence joining two clauses with their own verbs is split after the comma."""
    text = (
        "The U.S. Senate voted 51-49 on the measure on Tuesday, and the House is "
        "expected to take it up next week."
    )
    first, second = extract_claims(text)
    assert text[first.start : first.end].endswith("on Tuesday,")
    assert text[second.start : second.end].startswith("and the House is expected")


@pytest.mark.parametrize(
    "text",
    [
        "China, Russia, and India signed the agreement on Tuesday in Beijing.",
        "The agency built a lander, and a rover that can drive for hundreds of miles.",
        "Short one, and another; then a third clause.",
    ],
)
def test_sentences_are_not_split_without_two_clauses(text):
    """Lists and short clauses stay one claim."""
    assert len(extract_claims(text)) == 1


def test_split_parts_inherit_the_sentence_attribution():
    """Both halves of a split sentence keep the source named in the sentence."""
    text = (
        "The agency has approved a budget of $2 billion for the base, and it "
        "will hire 300 engineers next year, according to SpaceNews."
    )
    first, second = extract_claims(text)
    assert first.attribution == second.attribution == "SpaceNews"


def test_signals_explain_the_score():
    """The score is the model's probability; the signals are what added most."""
    import math

    from annotations.extraction.splitting import model

    text = "The Senate approved $2 billion for NASA on Tuesday, the largest sum yet."
    (candidate,) = extract_claims(text)
    names = {s.name for s in candidate.signals}
    assert {"number", "quantity", "date", "official_action", "comparison"} <= names
    signals, keys = splitting.sentence_features(text)
    probability, _named, worded = model.score(signals, keys)
    assert candidate.checkworthiness == round(probability, 3)
    total = model.weights().intercept + sum(
        model.weights().signals[f.key] * f.value for f in signals
    )
    total += sum(model.weights().words.get(model.bucket(key), 0.0) for key in keys)
    # A word also carries its character n-grams (a pair does not).
    total += sum(model.char_weight(key[2:]) for key in keys if key[0] == "w")
    assert len(worded) <= 3
    assert probability == pytest.approx(1 / (1 + math.exp(-total)))
    sizes = [abs(s.weight) for s in candidate.signals]
    assert sizes == sorted(sizes, reverse=True)
    for signal in candidate.signals:
        assert signal.evidence
        assert signal.label
        assert len(signal.evidence) <= splitting.EVIDENCE_CHARS


@pytest.mark.parametrize(
    ("plain", "hedged"),
    [
        (
            "The agency opened the base in 2030.",
            "The agency may have opened the base in 2030.",
        ),
        (
            "The agency opened the base in 2030.",
            "The agency possibly opened the base in 2030.",
        ),
        (
            "The mayor signed the budget on Monday.",
            "The mayor apparently signed the budget on Monday.",
        ),
        (
            "Prices rose 12 percent last year.",
            "Prices may have risen 12 percent last year.",
        ),
    ],
)
def test_hedges_lower_the_score(plain, hedged):
    """The same claim scores lower when it is hedged. (Not against "will": a
    promise is not check-worthy in the debates the model learnt from, so "may"
    outranks "will"; and "reportedly" and "allegedly" about cancel their hedge
    with the n-grams of "report" and "allege", docs/PERFORMANCE.md.)"""
    plain_score = extract_claims(plain)[0].checkworthiness
    hedged_candidate = extract_claims(hedged)[0]
    assert "hedge" in {s.name for s in hedged_candidate.signals}
    assert hedged_candidate.checkworthiness < plain_score


# --- properties -----------------------------------------------------------------

NEWSY_PIECES = st.sampled_from(
    [
        "Mr.",
        "U.S.",
        "(D., Fla.)",
        "U.S.-China",
        "3.14",
        "$1.5",
        "5 p.m.",
        "e.g.",
        "J. R.",
        "said",
        "according to",
        "The",
        "agency",
        "signed",
        "and",
        ",",
        ";",
        ".",
        "!",
        "?",
        "...",
        "…",
        ". . .",
        '"',
        "“",
        "”",
        "'",
        "(",
        ")",
        "1.",
        "a)",
        "•",
        "—",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\r\n",
        "\u00a0",
        "\u2029",
        "\t",
        "WASHINGTON —",
        "March 9, 2021",
        "/ Getty Images",
        "Photo:",
    ]
)
NEWSY_TEXT = st.lists(NEWSY_PIECES | st.text(max_size=4), max_size=60).map("".join)
ANY_TEXT = st.text() | NEWSY_TEXT


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_sentence_spans_are_sorted_trimmed_and_cover_the_text(text):
    """Spans are sorted, disjoint, trimmed, and hold every visible character."""
    spans = split_sentences(text)
    assert_span_invariants(text, spans)
    assert "".join(visible(text[s.start : s.end]) for s in spans) == visible(text)
    if not text.strip():
        assert spans == []


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_candidates_are_valid_and_cover_the_sentences(text):
    """Candidates keep the span invariants and together cover every sentence."""
    candidates = extract_claims(text)
    assert_span_invariants(text, candidates)
    assert "".join(visible(text[c.start : c.end]) for c in candidates) == visible(text)
    for candidate in candidates:
        assert isinstance(candidate.kind, Kind)
        assert 0 <= candidate.checkworthiness <= 1
        assert candidate.checkworthiness == round(candidate.checkworthiness, 3)
        if candidate.kind in NON_CLAIM_KINDS:
            assert candidate.checkworthiness <= splitting.NON_CLAIM_CAP
        if candidate.attribution is not None:
            assert candidate.attribution in text
            assert candidate.attribution == candidate.attribution.strip()


@settings(max_examples=100, deadline=None)
@given(ANY_TEXT)
def test_results_are_deterministic(text):
    """The same text always gives the same result (no hidden state)."""
    assert split_sentences(text) == split_sentences(text)
    assert extract_claims(text) == extract_claims(text)


@pytest.mark.parametrize(
    "text",
    [
        "x" * 300_000,
        "a." * 150_000,
        '"' * 300_000,
        '"a ' * 100_000,
        "(" + "a. B " * 60_000,
        "A\n" * 100_000,
        ". " * 150_000,
    ],
    ids=["no-space", "dots", "quotes", "quoted-words", "open-paren", "lines", "dots-2"],
)
def test_pathological_text_is_split_in_linear_time(text):
    """Inputs that make naive regexes quadratic finish quickly and stay valid."""
    assert_span_invariants(text, split_sentences(text))
