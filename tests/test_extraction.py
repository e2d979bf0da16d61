"""Claim extraction on news copy: splitter structure, kinds, attribution, metadata.

Every sentence here is invented for the test; names, outlets and places vary so
that no rule can lean on one of them.
"""

# The texts hold typographic quotes and dashes on purpose.
# ruff: noqa: RUF001

import datetime as dt

import pytest

from annotations.extraction.splitting import (
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


# --- attribution: reported clauses and described speakers --------------------------


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        pytest.param(
            "The county said it would close two libraries in March.",
            "The county",
            id="said-it-would",
        ),
        pytest.param(
            "Officials say they could need weeks to restore power.",
            "Officials",
            id="say-they-could",
        ),
        pytest.param(
            "Ana Ruiz, who voted against the plan, said it underfunds libraries.",
            "Ana Ruiz",
            id="said-it-and-a-verb-in-s",
        ),
        pytest.param(
            "The ministry denied it existed until the files leaked.",
            "The ministry",
            id="denied-it-and-a-verb-in-ed",
        ),
        pytest.param(
            "Regulators said this violated the terms of the licence.",
            "Regulators",
            id="said-this-and-a-verb",
        ),
        pytest.param(
            "The harbour master told them the pier would stay shut.",
            "The harbour master",
            id="told-a-listener",
        ),
        pytest.param(
            "The mill's owner, Kessler Textiles Ltd, said it would hire 80 workers.",
            "Kessler Textiles Ltd",
            id="described-subject-named-by-appositive",
        ),
        pytest.param(
            "Chile's weather service, SENAMHI, said the drought had eased.",
            "SENAMHI",
            id="agency-named-by-acronym-appositive",
        ),
        pytest.param(
            '"Rates will stay high," the bank\'s chief economist, Noor Haddad, said.',
            "Noor Haddad",
            id="quotation-then-described-speaker-and-name",
        ),
        pytest.param(
            '"The ceasefire is over," said a senior diplomat.',
            "a senior diplomat",
            id="said-then-described-speaker",
        ),
        pytest.param(
            '"We will see. Nobody knows yet," said the spokesperson for the ministry.',
            "the spokesperson for the ministry",
            id="said-then-speaker-with-of-phrase",
        ),
        pytest.param(
            '"It is over," said one resident, who asked not to be named.',
            "one resident",
            id="said-then-anonymous-resident",
        ),
        pytest.param(
            '"Drivers are fed up," said Ms Rowe\'s deputy, Callum Ure.',
            "Callum Ure",
            id="said-then-possessive-description-and-name",
        ),
        pytest.param(
            "Ferreira posted on X that the launch had slipped to June.",
            "Ferreira",
            id="posted-on-x-that",
        ),
        pytest.param(
            "Adults who slept under six hours had a 20% higher risk of stroke, a "
            "study published in the BMJ found.",
            "a study published in the BMJ",
            id="closing-study-found",
        ),
        pytest.param(
            "A poll by the Lowy Institute found 58% of voters backed the treaty.",
            "A poll by the Lowy Institute",
            id="poll-found-without-that",
        ),
        pytest.param(
            "Critics contend there is no evidence of fraud.",
            "Critics",
            id="plural-subject-plain-verb",
        ),
        pytest.param(
            "The utility, which serves 15,000 homes, said rates would rise.",
            "The utility",
            id="thousands-comma-is-no-clause-boundary",
        ),
        pytest.param(
            "Wheat prices rose sharply and traders said the rally would last.",
            "traders",
            id="subject-after-a-main-clause",
        ),
        pytest.param(
            "Bonds fell after the central bank said it would raise rates.",
            "the central bank",
            id="subject-of-a-subordinate-clause",
        ),
        pytest.param(
            "In March the harbour master said the channel would be dredged.",
            "the harbour master",
            id="subject-after-an-opening-prepositional-phrase",
        ),
    ],
)
def test_attribution_reported_clauses_and_described_speakers(text, attribution):
    """A clause after the verb, a description named by its appositive, a finding."""
    assert only(text).attribution == attribution


# --- attribution: sentences that name no source -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The said parcel was sold at auction in 2019.", id="said-adj"),
        pytest.param(
            "The chapel, said to be the oldest in the valley, burned down.",
            id="said-to-be",
        ),
        pytest.param(
            "A man who said he was a paramedic treated the injured driver.",
            id="relative-clause",
        ),
        pytest.param("What the coach said next stunned the room.", id="free-relative"),
        pytest.param("Divers found a car in the reservoir.", id="found-an-object"),
        pytest.param("The fire claimed the lives of 12 people.", id="claimed-lives"),
        pytest.param("She wrote it in a single summer.", id="wrote-it"),
        pytest.param("He wrote it down on a napkin.", id="wrote-it-down"),
        pytest.param("The coach said it twice before kick-off.", id="said-it-twice"),
        pytest.param("Ferreira posted a video of the launch.", id="posted-an-object"),
        pytest.param(
            'Her memoir "What the Nurse Said" sold 90,000 copies.', id="said-in-a-title"
        ),
        pytest.param(
            "The audit lists 310 cases, e.g. in boundary disputes.",
            id="plural-noun-after-a-preposition",
        ),
    ],
)
def test_no_false_attribution(text):
    """ "said" as an adjective, inside a relative clause or a title names no one."""
    assert only(text).attribution is None


# --- attribution: across sentences --------------------------------------------------


def test_a_title_word_does_not_make_a_person_an_organisation():
    """ "Police Chief Dana Young" is a person: "She said" after her is her."""
    text = (
        "Three Held After Pawn Shop Raid in East Linwood\n\n"
        "Three men were charged with burglary, Police Chief Dana Young told "
        "reporters. She said officers recovered $12,000 in jewellery."
    )
    found = {t[:8]: a for t, _, a in segments(text)}
    assert found["She said"] == "Police Chief Dana Young"


def test_a_headline_names_no_speaker():
    """Capitalised headline words are no one a pronoun can stand for."""
    text = (
        "Storm Batters Coastal Towns in North Carrow\n\n"
        "The storm cut power to 9,000 homes. She said crews worked overnight."
    )
    assert segments(text)[-1][2] == "She"


def test_a_generic_organisation_never_stands_for_a_person():
    text = (
        '"We were the better side," striker Tiago Mendes said.\n\n'
        "The win stretched the unbeaten run to 14 games, the club said."
    )
    assert segments(text)[-1][2] == "the club"


def test_it_said_follows_the_organisation_just_named():
    text = (
        "The decision was unanimous, the bank said in a statement. It said "
        "inflation expectations had risen."
    )
    assert [a for _, _, a in segments(text)] == ["the bank", "the bank"]


def test_the_company_resolves_to_the_company_named_with_its_suffix():
    text = (
        "Brekke ASA said on Tuesday it would cut 900 jobs. The company, which "
        "employs 15,000 people, said the cuts would save $200 million a year."
    )
    assert [a for _, _, a in segments(text)] == ["Brekke ASA", "Brekke ASA"]


def test_a_quotation_after_someone_else_is_named_is_not_the_earlier_speakers():
    text = (
        '"It will take years to recover," Birchall said.\n\n'
        "Asked whether help had come, Jess Park shrugged. "
        '"Some of it, not enough."'
    )
    assert segments(text)[-1][2] is None


def test_pull_quote_and_its_credit_line():
    """ "— Name" under a whole-line quotation credits it and names its speaker."""
    text = (
        "A Town Bets on a Battery Plant\n\n"
        "The plant opened in June with 900 jobs.\n\n"
        "“For the first time in decades, our kids don’t have to leave.”\n"
        "— Mayor June Carter\n\n"
        "The state offered $120 million in incentives."
    )
    found = segments(text)
    assert found[2][2] == "Mayor June Carter"
    assert found[3] == ("— Mayor June Carter", Kind.CREDIT, None)
    assert found[4][2] is None


def test_a_bullet_under_a_quotation_is_no_credit():
    text = "“Here is what you need.”\n- Water for three days\n- A radio"
    assert all(kind is not Kind.CREDIT for _, kind, _ in segments(text))


# --- kinds: live blog stamps, editorial notes, captions -----------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("9:42 a.m. ET", Kind.TIMESTAMP),
        ("14:05 GMT", Kind.TIMESTAMP),
        ("3 p.m.", Kind.TIMESTAMP),
        ("Related: Harbor council plans weekend session", Kind.FOOTER),
        ("READ MORE: How the levy works", Kind.FOOTER),
        ("Read more: What counts as ultra-processed food?", Kind.FOOTER),
        ("Editor's note: The author's spouse works for the library.", Kind.FOOTER),
        (
            "Correction: An earlier version of this story misstated the fee.",
            Kind.FOOTER,
        ),
        ("This interview has been edited for length and clarity.", Kind.FOOTER),
    ],
)
def test_live_blog_stamps_and_editorial_notes(text, kind):
    """A time alone stamps a live blog entry; notes about the story are no claims."""
    assert only(text).kind is kind


def test_the_rest_of_a_correction_paragraph_is_the_correction():
    text = (
        "The trial enrolled 72,000 adults.\n\n"
        "Correction: An earlier version of this story misstated the number of "
        "participants. It was 72,000, not 27,000."
    )
    assert [kind for _, kind, _ in segments(text)] == [
        Kind.CLAIM,
        Kind.FOOTER,
        Kind.FOOTER,
    ]


def test_a_lede_with_a_past_tense_or_a_source_is_no_caption():
    """A header line naming the day is a caption only in the present tense."""
    text = (
        "Live updates: Quake hits eastern Anatolia\n\n"
        "9:42 a.m. ET\n\n"
        "A magnitude 6.1 earthquake struck near Elazig early Tuesday.\n\n"
        "10:15 a.m. ET\n\n"
        "Rescuers reach the town of Sivrice on Tuesday, the agency says."
    )
    found = segments(text)
    assert [kind for _, kind, _ in found] == [
        Kind.HEADLINE,
        Kind.TIMESTAMP,
        Kind.CLAIM,
        Kind.TIMESTAMP,
        Kind.CLAIM,
    ]


def test_a_caption_before_a_spaced_credit_is_trimmed():
    text = "Crowds at the pier  / Getty Images"
    assert [t for t, _, _ in segments(text)] == [
        "Crowds at the pier",
        "/ Getty Images",
    ]


# --- stories from several beats, segment by segment -----------------------------

# Each expected segment: how it begins, its kind and its attribution. A quotation
# of several sentences stays one segment (the splitter keeps closed quotes whole);
# the answers of a Q&A are not attributed to the interviewee.
STORIES = {
    "politics": (
        (
            "Senate Passes Stopgap Bill Hours Before Shutdown Deadline\n"
            "By Jane Doe, Staff Writer\n"
            "March 14, 2026\n"
            "\n"
            "WASHINGTON (Reuters) — The Senate voted 68-31 late Friday to "
            "fund the government through May, averting a shutdown, "
            "congressional aides said.\n"
            "\n"
            'Senate Majority Leader Tom Reyes said the bill "buys us time, '
            'nothing more."\n'
            "\n"
            '"We have kicked the can again. We will be back here in eight '
            'weeks," said Sen. Maria Delgado, a Democrat from New Mexico.\n'
            "\n"
            "The measure cuts $4 billion from foreign aid, according to the"
            " Congressional Budget Office.\n"
            "\n"
            "In a statement, the White House said the president would sign "
            "the bill on Saturday.\n"
            "\n"
            'Rep. Alan Whitfield wrote on X that the vote was "a betrayal '
            'of conservatives."\n'
            "\n"
            "A person familiar with the negotiations said talks on a full-"
            "year budget had stalled.\n"
            "\n"
            "Delgado argued that the cuts would hurt refugee programs. She "
            "added that she would push for a vote on a separate aid "
            "package.\n"
            "\n"
            "Related: House leaders plan weekend session\n"
            "\n"
            "Reporting by Jane Doe; Editing by Omar Sharif\n"
        ),
        [
            ("Senate Passes Stopgap", Kind.HEADLINE, None),
            ("By Jane Doe", Kind.BYLINE, None),
            ("March 14, 2026", Kind.TIMESTAMP, None),
            ("WASHINGTON (Reuters) —", Kind.DATELINE, None),
            ("The Senate voted 68-31", Kind.CLAIM, "congressional aides"),
            (
                "Senate Majority Leader Tom Reyes said",
                Kind.CLAIM,
                "Senate Majority Leader Tom Reyes",
            ),
            ('"We have kicked the can again.', Kind.CLAIM, "Sen. Maria Delgado"),
            ("The measure cuts", Kind.CLAIM, "the Congressional Budget Office"),
            ("In a statement, the White House", Kind.CLAIM, "the White House"),
            ("Rep. Alan Whitfield wrote", Kind.CLAIM, "Rep. Alan Whitfield"),
            (
                "A person familiar",
                Kind.CLAIM,
                "A person familiar with the negotiations",
            ),
            ("Delgado argued", Kind.CLAIM, "Delgado"),
            ("She added", Kind.CLAIM, "Delgado"),
            ("Related:", Kind.FOOTER, None),
            ("Reporting by", Kind.FOOTER, None),
        ],
    ),
    "health": (
        (
            "Study Links Ultra-Processed Food to Higher Dementia Risk\n"
            "\n"
            "By Priya Raman, Health Reporter\n"
            "\n"
            "LONDON — People who ate the most ultra-processed food had a "
            "28% higher risk of dementia than those who ate the least, a "
            "study published in the Journal of Brain Health found.\n"
            "\n"
            "The researchers followed 72,000 adults for a decade. Data from"
            " the National Diet Survey show that about one in five calories"
            " in the British diet comes from such foods.\n"
            "\n"
            '"This is an observational study. It cannot prove cause and '
            'effect," said Dr. Helen Marsh, a neurologist at Thamesbridge '
            "University who was not involved in the research.\n"
            "\n"
            "The study's lead author, Dr. Kenji Watanabe, told the BBC that"
            ' the findings were "striking but not surprising."\n'
            "\n"
            "Watanabe estimated that swapping 10% of such foods for whole "
            "foods could cut the risk by a fifth.\n"
            "\n"
            "The Processed Food Council said in a statement that processed "
            'food was "safe and regulated."\n'
            "\n"
            "Correction: An earlier version of this story misstated the "
            "number of participants. It was 72,000, not 27,000.\n"
            "\n"
            "Read more: What counts as ultra-processed food?\n"
        ),
        [
            ("Study Links", Kind.HEADLINE, None),
            ("By Priya Raman", Kind.BYLINE, None),
            ("LONDON —", Kind.DATELINE, None),
            (
                "People who ate",
                Kind.CLAIM,
                "a study published in the Journal of Brain Health",
            ),
            ("The researchers followed", Kind.CLAIM, None),
            (
                "Data from the National Diet Survey",
                Kind.CLAIM,
                "Data from the National Diet Survey",
            ),
            ('"This is an observational', Kind.CLAIM, "Dr. Helen Marsh"),
            ("The study's lead author", Kind.CLAIM, "Dr. Kenji Watanabe"),
            ("Watanabe estimated", Kind.CLAIM, "Watanabe"),
            (
                "The Processed Food Council said",
                Kind.CLAIM,
                "The Processed Food Council",
            ),
            ("Correction:", Kind.FOOTER, None),
            ("It was 72,000", Kind.FOOTER, None),
            ("Read more:", Kind.FOOTER, None),
        ],
    ),
    "crime": (
        (
            "Two Arrested After Jewelry Store Robbery in Downtown Dayton\n"
            "\n"
            "DAYTON, Ohio (AP) — Two men were arrested Tuesday in "
            "connection with an armed robbery at a downtown jewelry store, "
            "police said.\n"
            "\n"
            "The suspects, aged 19 and 23, were charged with aggravated "
            "robbery, Police Chief Carla Young told reporters. She said "
            "officers recovered about $40,000 in stolen watches.\n"
            "\n"
            '"They walked in with a handgun and walked out in under two '
            'minutes," store owner Sam Patel said. "My staff are shaken."\n'
            "\n"
            "Prosecutors claimed the men had carried out two similar "
            "robberies in Columbus.\n"
            "\n"
            "The said property was returned to the store on Wednesday, "
            "according to court records.\n"
            "\n"
            "The building, said to be the oldest on the block, was damaged "
            "during the robbery.\n"
            "\n"
            "A lawyer for one of the men, Dana Ruiz, insisted her client "
            "was innocent.\n"
        ),
        [
            ("Two Arrested", Kind.HEADLINE, None),
            ("DAYTON, Ohio (AP) —", Kind.DATELINE, None),
            ("Two men were arrested", Kind.CLAIM, "police"),
            ("The suspects, aged", Kind.CLAIM, "Police Chief Carla Young"),
            ("She said officers", Kind.CLAIM, "Police Chief Carla Young"),
            ('"They walked in', Kind.CLAIM, "store owner Sam Patel"),
            ('"My staff are shaken."', Kind.CLAIM, "store owner Sam Patel"),
            ("Prosecutors claimed", Kind.CLAIM, "Prosecutors"),
            ("The said property", Kind.CLAIM, "court records"),
            ("The building, said to be", Kind.CLAIM, None),
            ("A lawyer for one of the men", Kind.CLAIM, "Dana Ruiz"),
        ],
    ),
    "business": (
        (
            "Chipmaker Halvor Cuts 1,200 Jobs as Demand Slumps\n"
            "\n"
            "OSLO, Norway, Feb 3 (Reuters) - Halvor ASA said on Tuesday it "
            "would cut 1,200 jobs, or 8% of its workforce, after quarterly "
            "revenue fell 17%.\n"
            "\n"
            'Chief Executive Ingrid Solberg said the company had "no '
            'choice" given weak demand for memory chips.\n'
            "\n"
            '"The cycle will turn. It always does," Solberg told analysts '
            'on a conference call. "But we cannot wait for it."\n'
            "\n"
            "Shares fell 6% in early trading. Analysts at Fjordbank warned "
            "that further cuts were likely.\n"
            "\n"
            "The company, which employs 15,000 people worldwide, said the "
            "cuts would save about $300 million a year.\n"
            "\n"
            '"These are painful decisions," the company\'s chief financial '
            "officer, Lars Berg, said in an interview.\n"
            "\n"
            'Union leader Per Hansen called the cuts "a disgrace."\n'
        ),
        [
            ("Chipmaker Halvor", Kind.HEADLINE, None),
            ("OSLO, Norway, Feb 3 (Reuters) -", Kind.DATELINE, None),
            ("Halvor ASA said", Kind.CLAIM, "Halvor ASA"),
            (
                "Chief Executive Ingrid Solberg",
                Kind.CLAIM,
                "Chief Executive Ingrid Solberg",
            ),
            ('"The cycle will turn.', Kind.CLAIM, "Solberg"),
            ('"But we cannot', Kind.CLAIM, "Solberg"),
            ("Shares fell 6%", Kind.CLAIM, None),
            ("Analysts at Fjordbank warned", Kind.CLAIM, "Analysts at Fjordbank"),
            ("The company, which employs", Kind.CLAIM, "Halvor ASA"),
            ('"These are painful', Kind.CLAIM, "Lars Berg"),
            # "X called the cuts …": X is the speaker.
            ("Union leader Per Hansen", Kind.CLAIM, "Union leader Per Hansen"),
        ],
    ),
    "liveblog": (
        (
            "Live updates: Earthquake strikes southern Turkey\n"
            "\n"
            "9:42 a.m. ET\n"
            "\n"
            "A magnitude 6.1 earthquake struck near Malatya early Tuesday, "
            "the national Geological Survey said.\n"
            "\n"
            "10:15 a.m. ET\n"
            "\n"
            "The national disaster agency, DEMA, said at least 12 people "
            "had been killed. Interior Minister Kemal Aydin wrote on X that"
            " rescue teams had been sent to four provinces.\n"
            "\n"
            "10:58 a.m. ET\n"
            "\n"
            '"The buildings shook for nearly a minute," a resident told '
            "local broadcaster Kanal 9.\n"
            "\n"
            "Officials said the death toll was likely to rise.\n"
        ),
        [
            ("Live updates", Kind.HEADLINE, None),
            ("9:42 a.m. ET", Kind.TIMESTAMP, None),
            ("A magnitude 6.1", Kind.CLAIM, "the national Geological Survey"),
            ("10:15 a.m. ET", Kind.TIMESTAMP, None),
            ("The national disaster agency", Kind.CLAIM, "DEMA"),
            (
                "Interior Minister Kemal Aydin",
                Kind.CLAIM,
                "Interior Minister Kemal Aydin",
            ),
            ("10:58 a.m. ET", Kind.TIMESTAMP, None),
            ('"The buildings shook', Kind.CLAIM, "a resident"),
            ("Officials said", Kind.CLAIM, "Officials"),
        ],
    ),
    "local": (
        (
            "Council Approves $12 Million Library Expansion\n"
            "By Tom Abernathy | The Harbor Times\n"
            "Updated 4:15 p.m. ET\n"
            "\n"
            "Council members vote on the library plan at City Hall on "
            "Monday.\n"
            "Photo by Lisa Chen / The Harbor Times\n"
            "\n"
            "The Harbor City Council voted 5-2 on Monday to approve a $12 "
            "million expansion of the central library.\n"
            "\n"
            "Mayor Ruth Okafor, who championed the project, said "
            'construction would begin in the spring. "This library has been'
            ' too small for 30 years," she said.\n'
            "\n"
            "Councilman Derek Hale, who voted against the plan, said the "
            "city could not afford it.\n"
            "\n"
            '"We are borrowing money we do not have," Hale said.\n'
            "\n"
            "Library director Ana Suarez said visits rose 22 percent last "
            "year.\n"
            "\n"
            "Editor's note: Tom Abernathy's spouse works for the city "
            "library.\n"
            "\n"
            "Email the reporter at tabernathy@harbortimes.com\n"
        ),
        [
            ("Council Approves", Kind.HEADLINE, None),
            ("By Tom Abernathy", Kind.BYLINE, None),
            ("Updated 4:15", Kind.TIMESTAMP, None),
            ("Council members vote", Kind.CAPTION, None),
            ("Photo by Lisa Chen", Kind.CREDIT, None),
            ("The Harbor City Council voted", Kind.CLAIM, None),
            ("Mayor Ruth Okafor", Kind.CLAIM, "Mayor Ruth Okafor"),
            ('"This library', Kind.CLAIM, "Mayor Ruth Okafor"),
            ("Councilman Derek Hale", Kind.CLAIM, "Councilman Derek Hale"),
            ('"We are borrowing', Kind.CLAIM, "Hale"),
            ("Library director Ana Suarez", Kind.CLAIM, "Library director Ana Suarez"),
            ("Editor's note:", Kind.FOOTER, None),
            ("Email the reporter", Kind.FOOTER, None),
        ],
    ),
    "pullquote": (
        (
            "A Town Bets Its Future on a Battery Plant\n"
            "\n"
            "ELKTON, Ky. — When the battery plant opened in June, it "
            "brought 900 jobs to a town of 2,000.\n"
            "\n"
            '"For the first time in decades, our kids don\'t have to leave."'
            "\n"
            "— Mayor June Carter\n"
            "\n"
            "The plant's owner, Voltara Inc., said it would add 400 more "
            "jobs by 2028. A spokesperson for the state's economic "
            "development cabinet said the state had offered $120 million in"
            " incentives.\n"
            "\n"
            '"We will see whether it pays off. Nobody knows yet," said the '
            "spokesperson for the ministry.\n"
        ),
        [
            ("A Town Bets", Kind.HEADLINE, None),
            ("ELKTON, Ky. —", Kind.DATELINE, None),
            ("When the battery plant", Kind.CLAIM, None),
            ('"For the first time', Kind.CLAIM, "Mayor June Carter"),
            ("— Mayor June Carter", Kind.CREDIT, None),
            ("The plant's owner, Voltara Inc., said", Kind.CLAIM, "Voltara Inc."),
            (
                "A spokesperson for the state",
                Kind.CLAIM,
                "A spokesperson for the state's economic development cabinet",
            ),
            ('"We will see', Kind.CLAIM, "the spokesperson for the ministry"),
        ],
    ),
    "qa": (
        (
            "Q&A: The economist who predicted the housing slump\n"
            "\n"
            "Dr. Miriam Oyelaran has studied housing markets for 25 years. "
            "We spoke with her about rents, rates and what comes next.\n"
            "\n"
            "Q: Are house prices going to fall further?\n"
            "\n"
            "A: I expect prices to fall another 5 percent this year. "
            "Mortgage rates are still above 6 percent.\n"
            "\n"
            "Q: Why did so few people see the slump coming?\n"
            "\n"
            "A: Because everyone assumed rates would stay low forever.\n"
            "\n"
            "This interview has been edited for length and clarity.\n"
        ),
        [
            ("Q&A:", Kind.HEADLINE, None),
            ("Dr. Miriam Oyelaran has", Kind.CLAIM, None),
            ("We spoke with her", Kind.CLAIM, None),
            ("Q: Are house prices", Kind.QUESTION, None),
            ("A: I expect prices", Kind.CLAIM, None),
            ("Mortgage rates are", Kind.CLAIM, None),
            ("Q: Why did so few", Kind.QUESTION, None),
            ("A: Because everyone", Kind.CLAIM, None),
            ("This interview has been", Kind.FOOTER, None),
        ],
    ),
    "uk": (
        (
            "Rail strike to go ahead after talks collapse\n"
            "\n"
            "By Sarah Okonkwo, Transport Correspondent\n"
            "\n"
            "Rail workers will strike for 48 hours from Friday after last-"
            "ditch talks with train operators broke down, the TSWU union "
            "has said.\n"
            "\n"
            "Dave Corrigan, the union's general secretary, said: \"Our "
            'members have been left with no choice."\n'
            "\n"
            'The Rail Operators Group said it was "disappointed" and urged '
            "passengers to check before they travel. A spokesperson for the"
            " Department for Transport said ministers would not intervene.\n"
            "\n"
            'Passenger groups warned of severe disruption. "Commuters are '
            "fed up,\" said Mr Corrigan's deputy, Rhys Pemberton.\n"
            "\n"
            "The strike is expected to cost the economy £100m, according to"
            " estimates from the Centre for Transport Economics.\n"
            "\n"
            "The said agreement, signed in 2022, expired in March.\n"
        ),
        [
            ("Rail strike to go ahead", Kind.HEADLINE, None),
            ("By Sarah Okonkwo", Kind.BYLINE, None),
            ("Rail workers will strike", Kind.CLAIM, "the TSWU union"),
            ("Dave Corrigan, the union's", Kind.CLAIM, "Dave Corrigan"),
            ("The Rail Operators Group said", Kind.CLAIM, "The Rail Operators Group"),
            (
                "A spokesperson for the Department",
                Kind.CLAIM,
                "A spokesperson for the Department for Transport",
            ),
            ("Passenger groups warned", Kind.CLAIM, "Passenger groups"),
            ('"Commuters are fed up,"', Kind.CLAIM, "Rhys Pemberton"),
            (
                "The strike is expected",
                Kind.CLAIM,
                "estimates from the Centre for Transport Economics",
            ),
            ("The said agreement", Kind.CLAIM, None),
        ],
    ),
    "wire2": (
        (
            "Brazil's central bank holds rates at 10.5%\n"
            "\n"
            "BRASILIA, June 19 (Reuters) - Brazil's central bank held its "
            "benchmark interest rate at 10.5% on Wednesday, halting a "
            "cutting cycle that began last year.\n"
            "\n"
            "The decision was unanimous, the bank said in a statement. It "
            "said inflation expectations had risen.\n"
            "\n"
            '"The committee judges that it is appropriate to pause," the '
            "statement said.\n"
            "\n"
            "Finance Minister Paulo Renner told reporters he respected the "
            "decision. Two government officials, speaking on condition of "
            "anonymity, told Reuters that President Joana Reis was "
            "frustrated.\n"
            "\n"
            "Economists polled by Reuters had expected the pause.\n"
            "\n"
            "(Reporting by Marcela Ayres; Editing by Paul Simao)\n"
        ),
        [
            ("Brazil's central bank holds", Kind.HEADLINE, None),
            ("BRASILIA, June 19 (Reuters) -", Kind.DATELINE, None),
            ("Brazil's central bank held", Kind.CLAIM, None),
            ("The decision was unanimous", Kind.CLAIM, "the bank"),
            ("It said inflation", Kind.CLAIM, "the bank"),
            ('"The committee judges', Kind.CLAIM, "the statement"),
            (
                "Finance Minister Paulo Renner",
                Kind.CLAIM,
                "Finance Minister Paulo Renner",
            ),
            ("Two government officials", Kind.CLAIM, "Two government officials"),
            ("Economists polled by Reuters", Kind.CLAIM, None),
            ("(Reporting by", Kind.FOOTER, None),
        ],
    ),
    "court": (
        (
            "Judge Blocks State's New Voting Law\n"
            "\n"
            "A federal judge on Monday blocked a state law that would have "
            "required voters to show two forms of identification.\n"
            "\n"
            "U.S. District Judge Carol Whitmore wrote in her ruling that "
            'the law placed "an undue burden" on older voters.\n'
            "\n"
            '"This is a victory for every voter in this state," said Dana '
            "Whitlock, a lawyer with the Voting Rights Project, which "
            "brought the case.\n"
            "\n"
            "The state's attorney general, Mark Ellison, said he would "
            'appeal. In a post on X, Ellison wrote that the ruling "ignores'
            ' the will of the people."\n'
            "\n"
            "Lawmakers who backed the bill said it would prevent fraud. "
            "Critics contend there is no evidence of widespread fraud in "
            "the state.\n"
            "\n"
            "The case is Fair Vote Coalition v. Hale, No. 1:24-cv-01234.\n"
        ),
        [
            ("Judge Blocks", Kind.HEADLINE, None),
            ("A federal judge on Monday", Kind.CLAIM, None),
            (
                "U.S. District Judge Carol Whitmore",
                Kind.CLAIM,
                "U.S. District Judge Carol Whitmore",
            ),
            ('"This is a victory', Kind.CLAIM, "Dana Whitlock"),
            ("The state's attorney general", Kind.CLAIM, "Mark Ellison"),
            ("In a post on X", Kind.CLAIM, "Ellison"),
            ("Lawmakers who backed", Kind.CLAIM, "Lawmakers who backed the bill"),
            ("Critics contend", Kind.CLAIM, "Critics"),
            ("The case is", Kind.CLAIM, None),
        ],
    ),
    "quotes": (
        (
            "Flooded Farmers Count the Cost\n"
            "\n"
            "ALBURY, Australia — Farmers along the Murray River say the "
            "floods have wiped out a season of crops.\n"
            "\n"
            "\"We had 400 hectares of wheat in the ground. Now it's all "
            'under water. There is nothing left to harvest," said Tom '
            "Birchall, who farms near Albury.\n"
            "\n"
            "His neighbour, Jess Park, said the water had risen a metre "
            'overnight. "I\'ve never seen anything like it," she added.\n'
            "\n"
            '"It will take years to recover," Birchall said.\n'
            "\n"
            "Asked whether the government had done enough, Park shrugged. "
            '"What do you think?"\n'
            "\n"
            "The state government said on Thursday it would offer grants of"
            " up to A$75,000.\n"
        ),
        [
            ("Flooded Farmers", Kind.HEADLINE, None),
            ("ALBURY, Australia —", Kind.DATELINE, None),
            ("Farmers along the Murray", Kind.CLAIM, "Farmers along the Murray River"),
            ('"We had 400 hectares', Kind.CLAIM, "Tom Birchall"),
            ("His neighbour, Jess Park", Kind.CLAIM, "Jess Park"),
            ("\"I've never seen", Kind.CLAIM, "Jess Park"),
            ('"It will take years', Kind.CLAIM, "Birchall"),
            ("Asked whether", Kind.CLAIM, None),
            ('"What do you think?"', Kind.QUESTION, None),
            ("The state government said", Kind.CLAIM, "The state government"),
        ],
    ),
}


@pytest.mark.parametrize("name", list(STORIES))
def test_story_segment_by_segment(name):
    """Kinds and speakers of every segment of stories from several beats."""
    text, expected = STORIES[name]
    found = segments(text)
    assert len(found) == len(expected), [t for t, _, _ in found]
    for (segment, kind, attribution), (beginning, want_kind, want) in zip(
        found, expected, strict=True
    ):
        assert segment.startswith(beginning), (segment, beginning)
        assert (kind, attribution) == (want_kind, want), segment


# --- kinds: ledes, sub-headings, colon datelines, page furniture --------------------

# Each case: a story and the kinds of its segments in order. Look-alikes that
# must keep their kind sit beside the texts that changed.
STORY_KINDS = {
    # The header ends at the story's first sentence: one-sentence paragraphs after
    # it are the story's, not captions; a lede in the future tense or with a
    # source is no caption.
    "ledes-and-captions": [
        (
            "Hospital waiting lists hit record\n\n"
            "Waiting lists in England have reached a record 7.8 million.\n\n"
            "The number waiting more than 18 weeks rose by 4 per cent in the year "
            "to March.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CLAIM],
        ),
        (
            "Heat wave to peak Thursday\n\n"
            "Temperatures will climb to 104 degrees in Phoenix on Thursday, with "
            "overnight lows near 88.",
            [Kind.HEADLINE, Kind.CLAIM],
        ),
        (
            "Gut bacteria may shield mice from flu\n\n"
            "Mice given a common gut bacterium were less likely to die of flu, "
            "researchers reported on Monday.",
            [Kind.HEADLINE, Kind.CLAIM],
        ),
        (
            "Police appeal after crash\n\n"
            "A man has been charged over a crash in Leeds on Saturday, police said.\n\n"
            "The man is due to appear before magistrates on Monday.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CLAIM],
        ),
        # Look-alikes: a present-tense photo line under the headline.
        (
            "Storm hits coast\n\n"
            "Residents wade through floodwater on Elm Street on Monday.\n\n"
            "The storm knocked out power to 20,000 homes on Monday.",
            [Kind.HEADLINE, Kind.CAPTION, Kind.CLAIM],
        ),
        (
            "Storm hits coast\nFirefighters battle a blaze in Dunmore on Friday.\n\n"
            "The fire destroyed six homes.",
            [Kind.HEADLINE, Kind.CAPTION, Kind.CLAIM],
        ),
    ],
    # A short line without a verb among the story's sentences is a sub-heading.
    "sub-headings": [
        (
            "What the budget means\n\nThe council approved the budget on Tuesday.\n\n"
            "Property taxes\n\nThe rate rises 2.5% for homes above $400,000.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.HEADLINE, Kind.CLAIM],
        ),
        (
            "Budget\n\nThe council approved the budget on Tuesday.\n\n"
            "What happens next\n\nThe mayor signs it on Friday.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.HEADLINE, Kind.CLAIM],
        ),
        (
            "Transit changes\n\nFares were frozen in May.\n\nBuses\n"
            "• Fares stay at $2.\n• Two routes open in January.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.HEADLINE, Kind.CLAIM, Kind.CLAIM],
        ),
        # Look-alikes: a caption beside its credit; a lead-in before a list.
        (
            "Budget\n\nThe council approved the budget on Tuesday.\n\n"
            "Mayor Ruth Okafor at City Hall\nGetty Images",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CAPTION, Kind.CREDIT],
        ),
        (
            "Budget\n\nThe council approved the budget.\n\nKey facts:\n"
            "- It is 6% larger.\n- Police funding is flat.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.LEAD_IN, Kind.CLAIM, Kind.CLAIM],
        ),
    ],
    # "NEW DELHI: The ..." opens the first paragraph of South Asian papers.
    "colon-datelines": [
        (
            "Monsoon arrives early\n\nTHIRUVANANTHAPURAM: The monsoon set in over "
            "Kerala on Thursday.",
            [Kind.HEADLINE, Kind.DATELINE, Kind.CLAIM],
        ),
        (
            "Floods\nBy A Roy\n\nNEW DELHI, June 5 (PTI): Heavy rain lashed the city. "
            "Trains were cancelled.",
            [Kind.HEADLINE, Kind.BYLINE, Kind.DATELINE, Kind.CLAIM, Kind.CLAIM],
        ),
        (
            "Floods\n\nMUMBAI: Heavy rain lashed the city on Monday.",
            [Kind.HEADLINE, Kind.DATELINE, Kind.CLAIM],
        ),
        # Look-alikes: labels, a speaker after the lede, a ticker, a lower-case
        # word after the colon.
        (
            "Talks\n\nThe council voted 5-2 on Monday.\n\nNOTE: The vote is not final."
            "\n\nUPDATE: The mayor signed it.\n\nKELLY: Is it final?",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CLAIM, Kind.CLAIM, Kind.QUESTION],
        ),
        (
            "Talks\n\nBREAKING: The dam held on Monday.",
            [Kind.HEADLINE, Kind.CLAIM],
        ),
        (
            "Shares\n\nAcme Robotics Inc. (NYSE: ACMR) rose 14% on Wednesday.",
            [Kind.HEADLINE, Kind.CLAIM],
        ),
    ],
    # Page furniture, link lists and the image lines of copied web pages.
    "page-furniture": [
        (
            "Bushfire threat eases\n\nCooler weather eased the threat on Monday.\n\n"
            "Advertisement\n\nRoads will stay closed until Friday.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.FOOTER, Kind.CLAIM],
        ),
        (
            "Council tax to rise\n\nImage source, Getty Images\n"
            "Image caption, The council says it faces a £12m gap\n\n"
            "Council tax will rise by 5% from April, the council has confirmed.",
            [Kind.HEADLINE, Kind.CREDIT, Kind.CAPTION, Kind.CLAIM],
        ),
        (
            "Council tax to rise\n\nCouncil tax will rise by 5% from April.\n\n"
            "Related topics\n\nCouncil tax\nNorthbridge",
            [Kind.HEADLINE, Kind.CLAIM, Kind.FOOTER, Kind.FOOTER, Kind.FOOTER],
        ),
        (
            "Budget passes\n\nThe council approved it on Monday.\n\nRelated stories\n"
            "Council votes to cut parking fees\nMayor backs budget\n\n"
            "The vote was 5-2.",
            [Kind.HEADLINE, Kind.CLAIM] + [Kind.FOOTER] * 3 + [Kind.CLAIM],
        ),
        (
            "Budget passes\n\nThe council approved it on Monday.\n\nSign up for our "
            "morning newsletter\n\nShare this article",
            [Kind.HEADLINE, Kind.CLAIM, Kind.FOOTER, Kind.FOOTER],
        ),
        # Look-alikes: sentences that begin like furniture.
        (
            "Budget passes\n\nThe council approved it on Monday.\n\nAdvertisement "
            "revenue fell 12% last year, the paper said.\n\nRelated topics were "
            "discussed at length.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CLAIM, Kind.CLAIM],
        ),
    ],
    # The signature under an embedded post is a credit.
    "post-signatures": [
        (
            "Mayor's post draws fire\n\nThe mayor posted on Sunday.\n\n"
            "Fares will rise on July 1.\n— Lucia Ferreira (@MayorFerreira) June 2, "
            "2026",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CLAIM, Kind.CREDIT],
        ),
        (
            "Senator slams bill\n\nThe rail bill is dead.\n\n"
            "— Mark Hollis (@SenHollis) March 3, 2026\n\nHis office did not respond.",
            [Kind.HEADLINE, Kind.CLAIM, Kind.CREDIT, Kind.CLAIM],
        ),
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=f"{category}-{number}")
        for category, cases in STORY_KINDS.items()
        for number, (text, expected) in enumerate(cases, 1)
    ],
)
def test_kinds_of_ledes_sub_headings_datelines_and_furniture(text, expected):
    assert [kind for _, kind, _ in segments(text)] == expected
    for candidate in extract_claims(text):
        piece = text[candidate.start : candidate.end]
        assert piece == piece.strip()


# --- attribution: posts, titles named by their appositive, acronyms, speakers ------

NEW_ATTRIBUTIONS = {
    # A post's words after a colon: "posted on X late Monday: "..."".
    "posted-colon": [
        (
            'Sen. Mark Hollis posted on X late Monday: "The rail bill is dead."',
            "Sen. Mark Hollis",
        ),
        ("The mayor tweeted: “We are open for business.”", "The mayor"),
        ("The club posted a video of the goal on Monday.", None),
    ],
    # `," said meteorologist Sam Ortega.`: a lower-case role before the name.
    "roles-before-names": [
        ('"Drink water," said meteorologist Sam Ortega.', "meteorologist Sam Ortega"),
        ('"We won," said coach Ted Lasso on Sunday.', "coach Ted Lasso"),
        ('"It is done," said the coach, Ted Lasso.', "Ted Lasso"),
        ('"No," said Ortega.', "Ortega"),
    ],
    # "The Premier, Ms Tran, said": a title after "the" is named by the appositive.
    "titles-named-by-appositives": [
        ("The Premier, Ms Tran, said $45m would be released.", "Ms Tran"),
        ('"We won," the Chief Constable, Dame Sara Holt, said.', "Dame Sara Holt"),
        ("The Prime Minister, Sir Keir Rowan, said it was over.", "Sir Keir Rowan"),
        (
            "The Bank of England, Threadneedle Street, said rates would rise.",
            "The Bank of England",
        ),
        (
            "The mill's owner, Kessler Textiles Ltd, said it would close.",
            "Kessler Textiles Ltd",
        ),
        ("The Times, Britain's oldest daily, said it would fight.", "The Times"),
    ],
    # An acronym in brackets before the verb belongs to the name.
    "acronyms-in-brackets": [
        (
            "The monsoon set in on Thursday, the India Meteorological Department "
            "(IMD) said.",
            "the India Meteorological Department (IMD)",
        ),
        (
            "The Rural Fire Service (RFS) said 12 fires were out.",
            "The Rural Fire Service (RFS)",
        ),
        ("The agency (which is new) said no.", None),
    ],
    # Speech verbs that name no source alone ("asked") name none; "notes",
    # "states" and "recalled" report only before "that".
    "verbs-that-need-that": [
        ("Anyone with information is asked to call 101.", None),
        ("Officers asked residents to stay indoors.", None),
        ("She notes that the plan failed.", "She"),
        ("Her notes show a gap in the accounts.", None),
        ("Member states agreed on the text.", None),
        ("The law states that fees are capped.", "The law"),
        ("Ortiz recalled that the levee held.", "Ortiz"),
        ("He replied that it was fine.", "He"),
    ],
}


@pytest.mark.parametrize(
    ("text", "attribution"),
    [
        pytest.param(text, attribution, id=f"{category}-{number}")
        for category, cases in NEW_ATTRIBUTIONS.items()
        for number, (text, attribution) in enumerate(cases, 1)
    ],
)
def test_attribution_of_posts_titles_and_acronyms(text, attribution):
    assert only(text).attribution == attribution


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The subject of the sentence before, not the last name in it, is "she".
        (
            'Ada Okafor beat Lena Varga 6-4. "I kept breathing," she said.',
            [None, "Ada Okafor"],
        ),
        # A surname that opens a sentence is the person named before.
        (
            "Ada Okafor beat Lena Varga 6-4, 3-6, 7-5. Okafor, 19, saved three "
            'match points. "I kept breathing," she said.',
            [None, None, "Okafor"],
        ),
        # Look-alikes: a name said later in the sentence; a speaker who said it.
        (
            'The title went to Lena Varga after Ada Okafor retired. "It hurts," '
            "she said.",
            [None, "Ada Okafor"],
        ),
        (
            'Jane Roe met Tom Lee on Friday. Lee said the deal was done. "We shook '
            'hands," he said.',
            [None, "Lee", "Lee"],
        ),
    ],
)
def test_pronouns_follow_the_subject_named_before(text, expected):
    assert [attribution for _, _, attribution in segments(text)] == expected


def test_an_embedded_post_is_its_signers():
    text = (
        "Senator slams bill\n\nSen. Hollis reacted within minutes.\n\n"
        "The rail bill is dead. It wastes $4 billion.\n"
        "— Mark Hollis (@SenHollis) March 3, 2026\n\nHis office did not respond."
    )
    assert segments(text)[2:] == [
        ("The rail bill is dead.", Kind.CLAIM, "Mark Hollis"),
        ("It wastes $4 billion.", Kind.CLAIM, "Mark Hollis"),
        ("— Mark Hollis (@SenHollis) March 3, 2026", Kind.CREDIT, None),
        ("His office did not respond.", Kind.CLAIM, None),
    ]


# --- more stories, segment by segment ----------------------------------------

# Wire copy with a long dateline, UK and Australian English, an Indian paper, a
# copied web page, an embedded post, a text wrapped at 72 columns, weather,
# science, sports, police and photo blocks; written and labelled by hand.
MORE_STORIES = {
    "ap": (
        (
            "Storm knocks out power to 200,000 across the Gulf Coast\n"
            "\n"
            "NEW ORLEANS (AP) — A fast-moving storm knocked out power to more than "
            "200,000 homes and businesses across Louisiana and Mississippi on "
            "Tuesday, utility officials said.\n"
            "\n"
            "Entergy Louisiana spokesman Carl Dufresne said crews from six states "
            'were on the way. "We expect most customers to have power back by '
            'Thursday night," he said.\n'
            "\n"
            "The National Weather Service said wind gusts reached 70 mph (113 km/h) "
            "near Slidell, La., around 4 a.m.\n"
            "\n"
            '"It sounded like a freight train," said Marie Thibodeaux, 64, who '
            'lives near Lake Pontchartrain. "Then the roof was gone."\n'
            "\n"
            "Gov. Ray Landry visited Slidell late Tuesday.\n"
            "\n"
            "Associated Press writer Tom Gaines in Jackson, Miss., contributed to "
            "this report.\n"
        ),
        [
            ("Storm knocks out power", Kind.HEADLINE, None),
            ("NEW ORLEANS (AP) —", Kind.DATELINE, None),
            ("A fast-moving storm knocked", Kind.CLAIM, "utility officials"),
            (
                "Entergy Louisiana spokesman Carl",
                Kind.CLAIM,
                "Entergy Louisiana spokesman Carl Dufresne",
            ),
            (
                '"We expect most customers',
                Kind.CLAIM,
                "Entergy Louisiana spokesman Carl Dufresne",
            ),
            (
                "The National Weather Service",
                Kind.CLAIM,
                "The National Weather Service",
            ),
            ('"It sounded like a', Kind.CLAIM, "Marie Thibodeaux"),
            ('"Then the roof was', Kind.CLAIM, "Marie Thibodeaux"),
            ("Gov. Ray Landry visited", Kind.CLAIM, None),
            ("Associated Press writer Tom", Kind.FOOTER, None),
        ],
    ),
    "bbc": (
        (
            "Hospital waiting lists hit record 7.8 million\n"
            "\n"
            "Hospital waiting lists in England have reached a record 7.8 million, "
            "according to figures from NHS England.\n"
            "\n"
            "The number of patients waiting more than 18 weeks rose by 4 per cent "
            "in the year to March.\n"
            "\n"
            "Dr Aisha Malik, of the Royal College of Surgeons, said: 'These figures "
            "are deeply worrying. Patients are waiting in pain.'\n"
            "\n"
            "Mr Henshaw, the health secretary, said the government had invested "
            "£4.5bn in extra capacity and that waiting times would fall 'within "
            "months'.\n"
            "\n"
            "Labour said the figures showed 'a decade of failure'.\n"
            "\n"
            "The King's Fund, a health think tank, said the backlog would take at "
            "least five years to clear.\n"
        ),
        [
            ("Hospital waiting lists hit", Kind.HEADLINE, None),
            ("Hospital waiting lists in", Kind.CLAIM, "figures from NHS England"),
            ("The number of patients", Kind.CLAIM, None),
            ("Dr Aisha Malik, of", Kind.CLAIM, "Dr Aisha Malik"),
            ("Mr Henshaw, the health", Kind.CLAIM, "Mr Henshaw"),
            ("Labour said the figures", Kind.CLAIM, "Labour"),
            ("The King's Fund, a", Kind.CLAIM, "The King's Fund"),
        ],
    ),
    "india": (
        (
            "Monsoon arrives early in Kerala, IMD says\n"
            "\n"
            "THIRUVANANTHAPURAM: The southwest monsoon set in over Kerala on "
            "Thursday, three days ahead of its normal onset date of June 1, the "
            "India Meteorological Department (IMD) said.\n"
            "\n"
            "The state received 34 mm of rain in the 24 hours ending 8.30 am, "
            "officials said. Rs 2,400 crore has been set aside for flood relief, "
            "Revenue Minister K. Rajan told the assembly.\n"
            "\n"
            '"We are fully prepared," said Mr. Rajan. "Relief camps have been '
            'readied in all 14 districts."\n'
            "\n"
            "The IMD has forecast above-normal rainfall of 106 per cent of the "
            "long-period average this year.\n"
        ),
        [
            ("Monsoon arrives early in", Kind.HEADLINE, None),
            ("THIRUVANANTHAPURAM:", Kind.DATELINE, None),
            (
                "The southwest monsoon set",
                Kind.CLAIM,
                "the India Meteorological Department (IMD)",
            ),
            ("The state received 34", Kind.CLAIM, "officials"),
            ("Rs 2,400 crore has", Kind.CLAIM, "Revenue Minister K. Rajan"),
            ('"We are fully prepared,"', Kind.CLAIM, "Mr. Rajan"),
            ('"Relief camps have been', Kind.CLAIM, "Mr. Rajan"),
            ("The IMD has forecast", Kind.CLAIM, "The IMD"),
        ],
    ),
    "aus": (
        (
            "Bushfire threat eases as cooler change sweeps NSW\n"
            "\n"
            "By Kate Lawson\n"
            "\n"
            "Updated 14 January 2026, 6:05am\n"
            "\n"
            "Cooler conditions have eased the bushfire threat across NSW, with the "
            "Rural Fire Service (RFS) downgrading 12 fires overnight.\n"
            "\n"
            'RFS Commissioner Rob Haines said crews had "turned a corner" but '
            "warned residents not to be complacent.\n"
            "\n"
            '"We\'re not out of the woods yet," Mr Haines told the ABC on Tuesday.\n'
            "\n"
            "More than 340,000 hectares have burnt since November, according to RFS "
            "figures. The Premier, Ms Tran, said $45m in recovery funding would be "
            "released this week.\n"
            "\n"
            "Advertisement\n"
            "\n"
            "Residents in the Blue Mountains were told to stay alert. Authorities "
            "said some roads would remain closed until Friday.\n"
        ),
        [
            ("Bushfire threat eases as", Kind.HEADLINE, None),
            ("By Kate Lawson", Kind.BYLINE, None),
            ("Updated 14 January 2026,", Kind.TIMESTAMP, None),
            ("Cooler conditions have eased", Kind.CLAIM, None),
            ("RFS Commissioner Rob Haines", Kind.CLAIM, "RFS Commissioner Rob Haines"),
            ("\"We're not out of", Kind.CLAIM, "Mr Haines"),
            ("More than 340,000 hectares", Kind.CLAIM, "RFS figures"),
            ("The Premier, Ms Tran,", Kind.CLAIM, "Ms Tran"),
            ("Advertisement", Kind.FOOTER, None),
            ("Residents in the Blue", Kind.CLAIM, None),
            ("Authorities said some roads", Kind.CLAIM, "Authorities"),
        ],
    ),
    "bbcweb": (
        (
            "Council tax to rise by 5% in Northbridge\n"
            "\n"
            "Image source, Getty Images\n"
            "Image caption, The council says it faces a £12m funding gap\n"
            "\n"
            "Council tax in Northbridge will rise by 5% from April, the council has "
            "confirmed.\n"
            "\n"
            'Council leader Cllr Joan Price said the decision had been "incredibly '
            'difficult".\n'
            "\n"
            "The average Band D bill will increase to £2,140 a year.\n"
            "\n"
            'Opposition councillor Tom Evans said residents were "being squeezed '
            'from every direction".\n'
            "\n"
            "A government spokesperson said councils had received an extra £600m "
            "this year.\n"
            "\n"
            "Related topics\n"
            "\n"
            "Council tax\n"
            "Northbridge\n"
        ),
        [
            ("Council tax to rise", Kind.HEADLINE, None),
            ("Image source, Getty Images", Kind.CREDIT, None),
            ("Image caption, The council", Kind.CAPTION, None),
            ("Council tax in Northbridge", Kind.CLAIM, "the council"),
            ("Council leader Cllr Joan", Kind.CLAIM, "Council leader Cllr Joan Price"),
            ("The average Band D", Kind.CLAIM, None),
            (
                "Opposition councillor Tom Evans",
                Kind.CLAIM,
                "Opposition councillor Tom Evans",
            ),
            ("A government spokesperson said", Kind.CLAIM, "A government spokesperson"),
            ("Related topics", Kind.FOOTER, None),
            ("Council tax", Kind.FOOTER, None),
            ("Northbridge", Kind.FOOTER, None),
        ],
    ),
    "embed": (
        (
            "Mayor's post on transit fares draws backlash\n"
            "\n"
            "Mayor Lucia Ferreira announced the fare increase on social media on "
            "Sunday.\n"
            "\n"
            '"Fares will rise 25 cents on July 1. We held them flat for six years," '
            "Ferreira wrote.\n"
            "\n"
            "— Lucia Ferreira (@MayorFerreira) June 2, 2026\n"
            "\n"
            "Riders' groups said the increase would hit low-income workers hardest.\n"
            "\n"
            "The transit agency said ridership fell 18% last year.\n"
        ),
        [
            ("Mayor's post on transit", Kind.HEADLINE, None),
            ("Mayor Lucia Ferreira announced", Kind.CLAIM, "Mayor Lucia Ferreira"),
            ('"Fares will rise 25', Kind.CLAIM, "Ferreira"),
            ("— Lucia Ferreira (@MayorFerreira)", Kind.CREDIT, None),
            ("Riders' groups said the", Kind.CLAIM, "Riders' groups"),
            ("The transit agency said", Kind.CLAIM, "The transit agency"),
        ],
    ),
    "apwrap": (
        (
            "ROME (AP) — Italy's parliament on Thursday approved a budget that cuts\n"
            "income taxes for middle earners and raises spending on health care, "
            "despite\n"
            "warnings from the European Commission that the country's debt is too "
            "high.\n"
            "\n"
            "The measure passed 201-118 in the lower house. Economy Minister Paolo\n"
            "Rinaldi said the cuts would cost about 4 billion euros ($4.3 billion) "
            "a year.\n"
            "\n"
            '"This is a budget for families," Rinaldi told reporters. "We kept our\n'
            'promises."\n'
            "\n"
            'Opposition leader Chiara Monti called the plan "a gift to the rich."\n'
        ),
        [
            ("ROME (AP) —", Kind.DATELINE, None),
            ("Italy's parliament on Thursday", Kind.CLAIM, None),
            ("The measure passed 201-118", Kind.CLAIM, None),
            ("Economy Minister Paolo", Kind.CLAIM, "Economy Minister Paolo\nRinaldi"),
            ('"This is a budget', Kind.CLAIM, "Rinaldi"),
            ('"We kept our', Kind.CLAIM, "Rinaldi"),
            (
                "Opposition leader Chiara Monti",
                Kind.CLAIM,
                "Opposition leader Chiara Monti",
            ),
        ],
    ),
    "weather": (
        (
            "Heat wave to peak Thursday\n"
            "\n"
            "Temperatures will climb to 104 degrees in Phoenix on Thursday, the "
            "National Weather Service said, with overnight lows near 88.\n"
            "\n"
            "An excessive heat warning is in effect until 8 p.m. Friday. "
            "Forecasters said a cold front could bring relief by the weekend.\n"
            "\n"
            '"Drink water and stay indoors between 10 a.m. and 6 p.m.," said '
            "meteorologist Sam Ortega.\n"
        ),
        [
            ("Heat wave to peak", Kind.HEADLINE, None),
            ("Temperatures will climb to", Kind.CLAIM, "the National Weather Service"),
            ("An excessive heat warning", Kind.CLAIM, None),
            ("Forecasters said a cold", Kind.CLAIM, "Forecasters"),
            ('"Drink water and stay', Kind.CLAIM, "meteorologist Sam Ortega"),
        ],
    ),
    "sci": (
        (
            "Gut bacteria may shield mice from flu, study finds\n"
            "\n"
            "Mice given a common strain of gut bacteria were less likely to die of "
            "influenza, researchers reported on Monday in the journal Cell Host.\n"
            "\n"
            "The team, led by Maria Castell et al. at the University of Northfield, "
            "fed the mice E. coli strain K-12 for two weeks. Survival rose from 30% "
            "to 70% (p < 0.05; see Fig. 2).\n"
            "\n"
            "Concentrations of the metabolite reached approx. 4 mg/L in the blood. "
            "The effect vanished in germ-free animals (Fig. 3b).\n"
            "\n"
            '"This is a mouse study, and mice are not people," said Dr. Owen Pike, '
            "a virologist at Westbrook University who was not involved in the "
            "work.\n"
            "\n"
            "Castell said human trials could begin in 2027.\n"
        ),
        [
            ("Gut bacteria may shield", Kind.HEADLINE, None),
            ("Mice given a common", Kind.CLAIM, "researchers"),
            ("The team, led by", Kind.CLAIM, None),
            ("Survival rose from 30%", Kind.CLAIM, None),
            ("Concentrations of the metabolite", Kind.CLAIM, None),
            ("The effect vanished in", Kind.CLAIM, None),
            ('"This is a mouse', Kind.CLAIM, "Dr. Owen Pike"),
            ("Castell said human trials", Kind.CLAIM, "Castell"),
        ],
    ),
    "sport": (
        (
            "Okafor stuns No. 2 seed to reach semifinals\n"
            "\n"
            "Unseeded Ada Okafor beat No. 2 seed Lena Varga 6-4, 3-6, 7-5 on "
            "Thursday to reach the semifinals.\n"
            "\n"
            'Okafor, 19, saved three match points. "I just kept telling myself to '
            'breathe," she said.\n'
            "\n"
            "In the pool, Tom Reed won the 200-meter butterfly in 1:54.31, a meet "
            "record. He finished 0.4 sec. ahead of Juan Ruiz.\n"
            "\n"
            "United beat City 3-1 on Saturday. The win lifts United to No. 4 in the "
            "table, two points behind Rovers.\n"
        ),
        [
            ("Okafor stuns No. 2", Kind.HEADLINE, None),
            ("Unseeded Ada Okafor beat", Kind.CLAIM, None),
            ("Okafor, 19, saved three", Kind.CLAIM, None),
            ('"I just kept telling', Kind.CLAIM, "Okafor"),
            ("In the pool, Tom", Kind.CLAIM, None),
            ("He finished 0.4 sec.", Kind.CLAIM, None),
            ("United beat City 3-1", Kind.CLAIM, None),
            ("The win lifts United", Kind.CLAIM, None),
        ],
    ),
    "police": (
        (
            "Man charged after crash that killed cyclist\n"
            "\n"
            "A 34-year-old man has been charged over a crash that killed a cyclist "
            "in Leeds on Saturday, police said.\n"
            "\n"
            "West Yorkshire Police said the cyclist, a woman in her 50s, died at "
            "the scene.\n"
            "\n"
            'Det Insp Mark Cole said: "Our thoughts are with the family at this '
            'difficult time."\n'
            "\n"
            "The man is due to appear before magistrates on Monday.\n"
            "\n"
            "Anyone with information is asked to call 101, quoting log 1234 of 8 "
            "March.\n"
        ),
        [
            ("Man charged after crash", Kind.HEADLINE, None),
            ("A 34-year-old man has", Kind.CLAIM, "police"),
            ("West Yorkshire Police said", Kind.CLAIM, "West Yorkshire Police"),
            ("Det Insp Mark Cole", Kind.CLAIM, "Det Insp Mark Cole"),
            ("The man is due", Kind.CLAIM, None),
            ("Anyone with information is", Kind.CLAIM, None),
        ],
    ),
    "tweet": (
        (
            "Senator's post on rail funding draws fire\n"
            "\n"
            'Sen. Mark Hollis posted on X late Monday: "The rail bill is dead. Good '
            'riddance."\n'
            "\n"
            "Transit groups said the post was premature. The bill still has 52 "
            "co-sponsors, according to a Senate tally.\n"
            "\n"
            "(Photo: Jane Roe/Reuters)\n"
            "\n"
            "Commuters wait for a delayed train at Union Station on Monday.\n"
            "Getty Images\n"
            "\n"
            "File photo: A commuter train leaves Central Station in 2023.\n"
            "\n"
            "Updated at 3:15 p.m. ET\n"
            "\n"
            "This article originally appeared in The Riverton Ledger.\n"
        ),
        [
            ("Senator's post on rail", Kind.HEADLINE, None),
            ("Sen. Mark Hollis posted", Kind.CLAIM, "Sen. Mark Hollis"),
            ("Transit groups said the", Kind.CLAIM, "Transit groups"),
            ("The bill still has", Kind.CLAIM, "a Senate tally"),
            ("(Photo: Jane Roe/Reuters)", Kind.CREDIT, None),
            ("Commuters wait for a", Kind.CAPTION, None),
            ("Getty Images", Kind.CREDIT, None),
            ("File photo: A commuter", Kind.CAPTION, None),
            ("Updated at 3:15 p.m.", Kind.TIMESTAMP, None),
            ("This article originally appeared", Kind.FOOTER, None),
        ],
    ),
}


@pytest.mark.parametrize("name", list(MORE_STORIES))
def test_more_stories_segment_by_segment(name):
    """Kinds and speakers of every segment of stories in styles not seen above."""
    text, expected = MORE_STORIES[name]
    found = segments(text)
    assert len(found) == len(expected), [t for t, _, _ in found]
    for (segment, kind, attribution), (beginning, want_kind, want) in zip(
        found, expected, strict=True
    ):
        assert segment.startswith(beginning), (segment, beginning)
        assert (kind, attribution) == (want_kind, want), segment
        assert segment == segment.strip()
