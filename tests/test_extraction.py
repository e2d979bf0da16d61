"""Claim extraction on news copy: splitter structure, kinds, attribution, metadata.

Every sentence here is invented for the test; names, outlets and places vary so
that no rule can lean on one of them.
"""

# The texts hold typographic quotes and dashes on purpose.
# ruff: noqa: RUF001

import datetime as dt

import pytest

from annotations.splitting import (
    Kind,
    Span,
    extract_claims,
    extract_metadata,
    split_sentences,
)


def sentences(text: str) -> list[str]:
    return [text[span.start : span.end] for span in split_sentences(text)]


def segments(text: str) -> list[tuple[str, Kind, str | None]]:
    return [
        (text[c.start : c.end], c.kind, c.attribution) for c in extract_claims(text)
    ]


def only(text: str):
    (candidate,) = extract_claims(text)
    return candidate


# --- splitter: nesting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '"Prices doubled. Wages did not," the union said. Talks resume today.',
            ['"Prices doubled. Wages did not," the union said.', "Talks resume today."],
            id="quote-then-attribution",
        ),
        pytest.param(
            "The report (it ran to 90 pages. Nobody read it all) was shelved. "
            "Staff moved on.",
            [
                "The report (it ran to 90 pages. Nobody read it all) was shelved.",
                "Staff moved on.",
            ],
            id="parentheses",
        ),
        pytest.param(
            "He wrote: “The plan [see p. 4. It is short] works.” Then he resigned.",
            [
                "He wrote: “The plan [see p. 4. It is short] works.”",
                "Then he resigned.",
            ],
            id="brackets-inside-quotes",
        ),
        pytest.param(
            "She said «Le projet avance. Il est financé.» The minister nodded.",
            ["She said «Le projet avance. Il est financé.»", "The minister nodded."],
            id="guillemets",
        ),
        pytest.param(
            "'We are ready. We have the money,' the coach said. The season opens.",
            ["'We are ready. We have the money,' the coach said.", "The season opens."],
            id="single-quotes",
        ),
        pytest.param(
            "The governor — who landed at 9 p.m. on the dot — spoke first. "
            "Reporters left.",
            [
                "The governor — who landed at 9 p.m. on the dot — spoke first.",
                "Reporters left.",
            ],
            id="paired-dashes",
        ),
        pytest.param(
            "The board voted — narrowly. Members — three of them — objected.",
            ["The board voted — narrowly.", "Members — three of them — objected."],
            id="unpaired-dashes-do-not-hide-an-end",
        ),
        pytest.param(
            "It isn't over. The players' union won't sign. Talks go on.",
            ["It isn't over.", "The players' union won't sign.", "Talks go on."],
            id="apostrophes-are-not-quotes",
        ),
        pytest.param(
            '"Will it hold?" Marta Quiroga asked. Nobody knew.',
            ['"Will it hold?" Marta Quiroga asked.', "Nobody knew."],
            id="question-then-speaker",
        ),
        pytest.param(
            '"Will it hold?" The engineers were not sure.',
            ['"Will it hold?"', "The engineers were not sure."],
            id="question-then-new-sentence",
        ),
        pytest.param(
            "(Was it legal?) The court will decide.",
            ["(Was it legal?)", "The court will decide."],
            id="bracketed-question",
        ),
        pytest.param(
            'Locals call it "the pit. Rain fills it every spring. The county '
            "paid $2 million to drain it. Nobody expects it to work.",
            [
                'Locals call it "the pit.',
                "Rain fills it every spring.",
                "The county paid $2 million to drain it.",
                "Nobody expects it to work.",
            ],
            id="unbalanced-straight-quote",
        ),
    ],
)
def test_nesting(text, expected):
    """Sentence ends inside closed pairs stay inside; unclosed marks hide nothing."""
    assert sentences(text) == expected


# --- splitter: reference marks, abbreviations, terminals ---------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The dam was finished in 1962.[4] Repairs began later.",
            ["The dam was finished in 1962.[4]", "Repairs began later."],
            id="bracketed-reference",
        ),
        pytest.param(
            "Output fell, as Chen showed (2011).14 Others disagree.",
            ["Output fell, as Chen showed (2011).14", "Others disagree."],
            id="reference-after-parenthesis",
        ),
        pytest.param(
            "The rule was repealed.3 It came back.",
            ["The rule was repealed.3", "It came back."],
            id="reference-after-word",
        ),
        pytest.param(
            "Turnout was 61.5 Percent said the clerk.",
            ["Turnout was 61.5 Percent said the clerk."],
            id="decimal-is-not-a-reference",
        ),
        pytest.param(
            "Sen. Ruth Abara and Gov. Ellis met Dr. Kwan. They agreed.",
            ["Sen. Ruth Abara and Gov. Ellis met Dr. Kwan.", "They agreed."],
            id="titles",
        ),
        pytest.param(
            "See fig. 3 and vol. 12 of the report. Art. 5 applies. Rs. 900 was paid.",
            [
                "See fig. 3 and vol. 12 of the report.",
                "Art. 5 applies.",
                "Rs. 900 was paid.",
            ],
            id="number-taking",
        ),
        pytest.param(
            "The deal went to Borland Corp. Investors cheered.",
            ["The deal went to Borland Corp.", "Investors cheered."],
            id="company-suffix-before-a-clause",
        ),
        pytest.param(
            "Shares of Halvorsen Ltd. Chairman Ivo Lund sold rose.",
            ["Shares of Halvorsen Ltd. Chairman Ivo Lund sold rose."],
            id="company-suffix-before-a-name",
        ),
        pytest.param(
            "He checks Yahoo! Finance daily. It helps.",
            ["He checks Yahoo! Finance daily.", "It helps."],
            id="exclamation-name",
        ),
        pytest.param(
            "The vote is at 10 a.m. Thursday in the annex. It is public.",
            ["The vote is at 10 a.m. Thursday in the annex.", "It is public."],
            id="ap-style-time-and-weekday",
        ),
        pytest.param(
            "The clinic opens at 8 a.m. Patients queue early.",
            ["The clinic opens at 8 a.m.", "Patients queue early."],
            id="time-then-sentence",
        ),
        pytest.param(
            "She felt ill. Doctors came. He moved to Mass. Ave. in May.",
            ["She felt ill.", "Doctors came.", "He moved to Mass. Ave. in May."],
            id="cased-abbreviations",
        ),
        pytest.param(
            "会议结束。代表离开。", ["会议结束。", "代表离开。"], id="cjk-full-stop"
        ),
        pytest.param(
            "Ｉｔ ｅｎｄｅｄ！Ｗｈｙ？Ｎｏ ｏｎｅ ｋｎｅｗ．",
            ["Ｉｔ ｅｎｄｅｄ！", "Ｗｈｙ？", "Ｎｏ ｏｎｅ ｋｎｅｗ．"],
            id="full-width",
        ),
        pytest.param(
            '"We were about to—" The line went dead.',
            ['"We were about to—"', "The line went dead."],
            id="quotation-broken-off-by-a-dash",
        ),
        pytest.param(
            "— Is the bridge open? — Not yet, said the guard.",
            ["— Is the bridge open?", "— Not yet, said the guard."],
            id="sentences-opening-with-a-dash",
        ),
    ],
)
def test_ends_and_abbreviations(text, expected):
    """Reference marks, the abbreviation lexicon and other terminals."""
    assert sentences(text) == expected


# --- splitter: lists and lines ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The board set two goals. 1. Cut fares. 2. Add buses.",
            ["The board set two goals.", "1. Cut fares.", "2. Add buses."],
            id="numbered-after-a-sentence",
        ),
        pytest.param(
            "Voters chose between: a) a new school b) a pool c) lower taxes",
            ["Voters chose between:", "a) a new school", "b) a pool", "c) lower taxes"],
            id="lettered-after-a-colon",
        ),
        pytest.param(
            "The steps: i) survey ii) design iii) build. Work starts soon.",
            [
                "The steps:",
                "i) survey",
                "ii) design",
                "iii) build.",
                "Work starts soon.",
            ],
            id="roman",
        ),
        pytest.param(
            "Packed: • water • maps • radios",
            ["Packed:", "• water", "• maps", "• radios"],
            id="inline-bullets",
        ),
        pytest.param(
            "We need 1) money and 2) time to finish.",
            ["We need 1) money and 2) time to finish."],
            id="enumeration-inside-a-sentence",
        ),
        pytest.param(
            "Tom C. Reyes and Ana B. Lutz signed it.",
            ["Tom C. Reyes and Ana B. Lutz signed it."],
            id="initials-are-not-a-list",
        ),
        pytest.param(
            "Closed roads\nRoute 4\nMill Lane\nThe bridge",
            ["Closed roads", "Route 4", "Mill Lane", "The bridge"],
            id="block-of-short-lines",
        ),
        pytest.param(
            "The county approved the new budget after a long meeting that\n"
            "ran past midnight, and the mayor said the vote was a relief\n"
            "for everyone. Taxes will not rise this year under the plan.",
            [
                "The county approved the new budget after a long meeting that\n"
                "ran past midnight, and the mayor said the vote was a relief\n"
                "for everyone.",
                "Taxes will not rise this year under the plan.",
            ],
            id="hard-wrapped-long-lines",
        ),
    ],
)
def test_lists_and_lines(text, expected):
    """Lists found anywhere in a unit; short lines are segments, long ones prose."""
    assert sentences(text) == expected


# --- kinds ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("By Hana Sato", Kind.BYLINE),
        ("By Luis Ortega and Bea Kim, Staff Writers", Kind.BYLINE),
        ("BY PETER OLU | The Harbor Times", Kind.BYLINE),
        ("Published Oct. 14, 2025, 6:42 p.m.", Kind.TIMESTAMP),
        ("Updated 3:45 p.m. ET", Kind.TIMESTAMP),
        ("Tuesday, March 3, 2026", Kind.TIMESTAMP),
        ("2026-02-11", Kind.TIMESTAMP),
        ("Reporting by Ines Moreau; Editing by Karl Weber", Kind.FOOTER),
        ("Staff writer Omar Reyes contributed reporting.", Kind.FOOTER),
        ("Lise Berg in Oslo contributed to this report.", Kind.FOOTER),
        ("(Photo by Jon Pike / Valley Courier)", Kind.CREDIT),
        ("REUTERS/Amir Cohen", Kind.CREDIT),
        ("AFP via Getty Images", Kind.CREDIT),
        ("Getty Images", Kind.CREDIT),
        ("File photo: Firefighters work on a roof in Dunmore on Friday.", Kind.CAPTION),
        ("Photo: A volunteer sorts donations at the depot.", Kind.CAPTION),
        ("OAKRIDGE —", Kind.DATELINE),
    ],
)
def test_line_forms(text, kind):
    """Bylines, time stamps, footers, credits, captions and datelines by form."""
    candidate = only(text)
    assert candidate.kind is kind
    assert candidate.checkworthiness <= 0.2
    assert candidate.signals[0].name == "not_a_claim"


def test_caption_with_full_stop_beside_its_credit():
    """A caption ending in a full stop is a caption when a credit follows it."""
    text = (
        "Budget Talks Stall\n\n"
        "Council members leave the chamber in Dunmore on Tuesday. "
        "(Photo by Rhea Cole / Dunmore Ledger)\n\n"
        "The council did not pass the budget on Tuesday."
    )
    kinds = [kind for _, kind, _ in segments(text)]
    assert kinds == [Kind.HEADLINE, Kind.CAPTION, Kind.CREDIT, Kind.CLAIM]


def test_caption_then_agency_credit_on_the_next_line():
    text = (
        "Ferry Service Halted\n"
        "Passengers wait at the terminal in Port Elwin on Sunday.\n"
        "AP Photo/Dana Hill\n\n"
        "PORT ELWIN (AP) — The ferry operator halted service on Sunday."
    )
    found = segments(text)
    assert [kind for _, kind, _ in found] == [
        Kind.HEADLINE,
        Kind.CAPTION,
        Kind.CREDIT,
        Kind.DATELINE,
        Kind.CLAIM,
    ]
    assert found[3][0] == "PORT ELWIN (AP) —"


def test_question_headline():
    """A question on the first line is the headline."""
    text = "Can the Old Mill Be Saved?\n\nThe mill closed in 1998 after a fire."
    assert [kind for _, kind, _ in segments(text)] == [Kind.HEADLINE, Kind.CLAIM]


def test_lead_in_and_items():
    text = "The measure would:\n- raise the fee to $40\n- end the exemption"
    found = segments(text)
    assert found[0][1] is Kind.LEAD_IN
    assert [kind for _, kind, _ in found[1:]] == [Kind.CLAIM, Kind.CLAIM]


# --- attribution ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        (
            "Nadia Fofana, who ran the agency until 2020, said the cuts were too deep.",
            "Nadia Fofana",
        ),
        (
            "Ravi Patel, a professor of economics at Linden College, said rents rose "
            "12 percent.",
            "Ravi Patel",
        ),
        (
            "Council member Joan Vick, who chairs the transit panel, said fares "
            "would rise.",
            "Council member Joan Vick",
        ),
        ("The ministry disputed the figures released on Monday.", "The ministry"),
        ("Inspectors attributed the collapse to corroded bolts.", "Inspectors"),
        ("Economists argued that the tax would cost jobs.", "Economists"),
        ("A 2024 audit found that 40 percent of meters were faulty.", "A 2024 audit"),
        ("The mayor told reporters the pool would reopen in June.", "The mayor"),
        (
            '"The pool reopens in June," said Carla Mendes, the parks director.',
            "Carla Mendes",
        ),
        ("Experts say the dam could fail within a decade.", "Experts"),
        (
            "A spokeswoman, Ilse Brandt, said the plant would close in 2027.",
            "Ilse Brandt",
        ),
        (
            '"We cut emissions by half," Tariq Aziz, the plant\'s manager, said.',
            "Tariq Aziz",
        ),
    ],
)
def test_attribution_forms(text, attribution):
    """Appositives, inversions, plural subjects and role nouns name the speaker."""
    assert only(text).attribution == attribution


def test_pronouns_resolve_to_the_last_named_speaker_and_organisation():
    text = (
        "Dr. Mei Tanaka said the outbreak had peaked. She said 14 clinics would "
        "close.\n\n"
        "The Harbor Water Authority raised rates on Monday. The authority said "
        "the increase would fund repairs."
    )
    found = {t[:12]: a for t, _, a in segments(text)}
    assert found["She said 14 "] == "Dr. Mei Tanaka"
    assert found["The authorit"] == "Harbor Water Authority"


def test_every_sentence_of_a_quotation_carries_its_speaker():
    text = (
        '"We lost the north field. We lost the barn. We will rebuild," farmer Ada '
        'Kowal said.\n\n"Insurance covers 60 percent of it," Kowal said. "The rest '
        "is on us."
        '\n\n"We start Monday."'
    )
    found = segments(text)
    assert all(attribution for _, _, attribution in found)
    assert found[0][2] == "farmer Ada Kowal"
    assert found[-2][2] == "Kowal"
    assert found[-1][2] == "Kowal"


def test_checkable_quotation_is_a_claim_and_a_bare_one_a_quote():
    """A quotation stating a figure is checked; one with nothing checkable is not."""
    assert only('"Crime fell 30 percent after 2019."').kind is Kind.CLAIM
    bare = only("“We will not give up. Never.”")
    assert bare.kind is Kind.QUOTE
    assert bare.attribution is None


# --- a wire story, segment by segment ---------------------------------------------

WIRE_STORY = """\
Riverton Floods Force 2,000 From Homes as Levee Strains
By Maya Lindqvist and Tomas Ferreira, Staff Writers
Published Oct. 14, 2025, 6:42 p.m. | Updated 7:15 p.m. ET

Residents wade through floodwater on Elm Street in Riverton on Monday. (Photo by \
Ana Brooks / Riverton Gazette)

RIVERTON — The Clearwater River rose 4.2 feet in six hours on Monday, forcing \
about 2,000 people from their homes, the county emergency office said.

"The river rose faster than anyone expected. We had 40 minutes to get people out," \
said Mayor Lena Ortiz. "Nobody died. That is what matters."

Ortiz, who has led the city since 2019, said the levee held for six hours longer \
than engineers had predicted. She said the state would send 300 National Guard troops.

Daniel Okafor, a professor of hydrology at Riverton State University, said the \
flooding was caused by three days of record rainfall. "This is the wettest October \
since 1911," he said.

A spokesman for the utility, Paul Brenner, said power would be restored by Wednesday.

The county's plan includes:
1. Opening four shelters
2. Closing Route 9 until Friday
3. Testing wells for contamination

Experts say the levee could fail if the rain continues.

Reporting by Maya Lindqvist; Editing by Sam Ruiz
Staff writer Priya Nair contributed reporting.
"""

WIRE_SEGMENTS = [
    ("Riverton Floods Force", Kind.HEADLINE, None),
    ("By Maya Lindqvist", Kind.BYLINE, None),
    ("Published Oct. 14", Kind.TIMESTAMP, None),
    ("Residents wade", Kind.CAPTION, None),
    ("(Photo by Ana Brooks", Kind.CREDIT, None),
    ("RIVERTON —", Kind.DATELINE, None),
    ("The Clearwater River rose", Kind.CLAIM, "the county emergency office"),
    ('"The river rose faster', Kind.CLAIM, "Mayor Lena Ortiz"),
    ('"Nobody died.', Kind.CLAIM, "Mayor Lena Ortiz"),
    ("Ortiz, who has led", Kind.CLAIM, "Ortiz"),
    ("She said the state", Kind.CLAIM, "Ortiz"),
    ("Daniel Okafor, a professor", Kind.CLAIM, "Daniel Okafor"),
    ('"This is the wettest', Kind.CLAIM, "Daniel Okafor"),
    ("A spokesman for the utility", Kind.CLAIM, "Paul Brenner"),
    ("The county's plan includes:", Kind.LEAD_IN, None),
    ("1. Opening four shelters", Kind.CLAIM, None),
    ("2. Closing Route 9", Kind.CLAIM, None),
    ("3. Testing wells", Kind.CLAIM, None),
    ("Experts say", Kind.CLAIM, "Experts"),
    ("Reporting by", Kind.FOOTER, None),
    ("Staff writer Priya Nair", Kind.FOOTER, None),
]


def test_wire_story_segment_by_segment():
    """Each segment of a wire story gets the kind and speaker a copy editor gives."""
    found = segments(WIRE_STORY)
    assert len(found) == len(WIRE_SEGMENTS)
    for (text, kind, attribution), (beginning, want_kind, want_attribution) in zip(
        found, WIRE_SEGMENTS, strict=True
    ):
        assert text.startswith(beginning), (text, beginning)
        assert (kind, attribution) == (want_kind, want_attribution), text
    for candidate in extract_claims(WIRE_STORY):
        piece = WIRE_STORY[candidate.start : candidate.end]
        assert piece == piece.strip()


def test_wire_story_claims_outrank_everything_else():
    candidates = extract_claims(WIRE_STORY)
    claims = [c.checkworthiness for c in candidates if c.kind is Kind.CLAIM]
    others = [c.checkworthiness for c in candidates if c.kind is not Kind.CLAIM]
    assert max(others) <= 0.2
    assert sorted(claims, reverse=True)[5] > max(others)


# --- metadata ---------------------------------------------------------------------


def test_metadata_of_the_wire_story():
    metadata = extract_metadata(WIRE_STORY)
    assert metadata.title == "Riverton Floods Force 2,000 From Homes as Levee Strains"
    assert metadata.byline == "Maya Lindqvist and Tomas Ferreira"
    assert metadata.published_on == dt.date(2025, 10, 14)
    for value, span in (
        (metadata.title, metadata.title_span),
        (metadata.byline, metadata.byline_span),
    ):
        assert WIRE_STORY[span.start : span.end] == value
    assert WIRE_STORY[metadata.published_span.start : metadata.published_span.end] == (
        "Oct. 14, 2025"
    )


@pytest.mark.parametrize(
    ("text", "title", "byline", "published_on"),
    [
        (
            "Port Plan Wins Approval\nBy Sam Okoye\n12 March 2024\n\nThe port won.",
            "Port Plan Wins Approval",
            "Sam Okoye",
            dt.date(2024, 3, 12),
        ),
        (
            "Updated 2023-07-01 09:10\n\nThe council met on Friday.",
            None,
            None,
            dt.date(2023, 7, 1),
        ),
        ("The council met on Friday. It voted.", None, None, None),
        ("", None, None, None),
    ],
)
def test_metadata(text, title, byline, published_on):
    metadata = extract_metadata(text)
    assert (metadata.title, metadata.byline, metadata.published_on) == (
        title,
        byline,
        published_on,
    )
    if metadata.title_span:
        assert isinstance(metadata.title_span, Span)
