"""News copy as it comes off real pages: time stamps, wire datelines, smileys in
quotations, sub-headings, links to other stories, reader call-outs, standards notes
and page chrome (kinds), and who said it (attribution).

Each category has varied cases of its own and look-alikes that must keep their
kind: a rule that fixes one sentence only fails the others.
"""

# Typographic quotes and dashes are the point of several cases.
# ruff: noqa: RUF001

import pytest

from annotations.extraction.splitting import (
    Kind,
    extract_claims,
    kinds,
    split_sentences,
)

HEAD = "Storm floods river towns\n\n"
TAIL = "\n\nThe river rose 3 feet on Monday, officials said."


def segments(text: str) -> list[tuple[Kind, str]]:
    return [(c.kind, text[c.start : c.end]) for c in extract_claims(text)]


def middle(line: str) -> list[tuple[Kind, str]]:
    """The segments of `line` set between a headline and a story paragraph."""
    text = HEAD + line + TAIL
    found = segments(text)
    assert found[0] == (Kind.HEADLINE, HEAD.strip())
    assert found[-1][1] == TAIL.strip()
    return found[1:-1]


# --- time stamps -------------------------------------------------------------------

TIME_STAMPS = [
    "Updated 3:42 PM EDT, Wed June 5, 2024",
    "Published 8:01 AM EDT, Thu June 6, 2024",
    "Updated 2 hours ago",
    "Posted 35 minutes ago",
    "3 hours ago",
    "1 day ago",
    "Last modified on Thu 13 Jun 2024 17.41 BST",
    "PUBLISHED: July 18, 2024 at 4:20 PM CDT | UPDATED: July 18, 2024 at 6:05 PM CDT",
    "Updated: Jul 2, 2024, 19:02 IST",
    "Published 1:30 PM GMT+1, Sat 13 April 2024",
    "Last Updated: June 5, 2024 11:27 AM",
    "Published On 5 Jun 2024",
    "Updated on: June 5, 2024 / 6:12 PM EDT",
    "05.06.2024 14:03",
    "Today at 14:05",
    "Yesterday at 9:30 a.m.",
    "Wed 5 Jun 2024 18.30 CEST",
]


@pytest.mark.parametrize("stamp", TIME_STAMPS)
def test_time_stamps_in_many_formats(stamp):
    assert middle(stamp) == [(Kind.TIMESTAMP, stamp)]


@pytest.mark.parametrize(
    "line",
    [
        "Updated figures show 2 hours of delays at the border.",
        "Three hours ago, the levee at Elm Point gave way.",
        "Posted guards stopped 35 cars before noon.",
    ],
)
def test_sentences_that_open_like_time_stamps_stay_claims(line):
    assert middle(line) == [(Kind.CLAIM, line)]


# --- wire datelines -----------------------------------------------------------------

DATELINES = [
    ("St. Louis (WNC) —", "The Mississippi River is expected to crest on Saturday."),
    ("(CNN) —", "The Senate passed the bill on Tuesday, sending it to the president."),
    ("Hong Kong (CNN Business) --", "Shares in Asia fell sharply on Monday."),
    ("(Reuters) -", "Tesla said on Wednesday it would cut 10% of its workforce."),
    ("Paris (AFP) -", "French farmers blocked roads around Paris on Monday."),
    ("Tokyo (Kyodo) --", "Japan's exports rose for a fifth straight month in May."),
    ("Seoul, South Korea (AP) —", "North Korea fired a missile on Sunday."),
    ("(Bloomberg) --", "Treasuries rallied on Friday as traders bet on rate cuts."),
    ("Kyiv (Ukrinform) –", "Ukraine received new air defenses, the president said."),
    ("LONDON (Reuters) -", "British inflation fell to 2.3% in April."),
    ("NEW DELHI (PTI):", "The monsoon reached Kerala on Thursday."),
]


@pytest.mark.parametrize(("dateline", "sentence"), DATELINES)
def test_wire_datelines_of_many_agencies_are_their_own_segment(dateline, sentence):
    assert middle(f"{dateline} {sentence}") == [
        (Kind.DATELINE, dateline),
        (Kind.CLAIM, sentence),
    ]


def test_a_dateline_glued_to_its_sentence():
    assert middle("(CNN)The Senate passed the bill on Tuesday.") == [
        (Kind.DATELINE, "(CNN)"),
        (Kind.CLAIM, "The Senate passed the bill on Tuesday."),
    ]


def test_a_dateline_keeps_a_long_first_sentence_whole():
    line = (
        "Washington (CNN) — The Senate, which had stalled for weeks, passed the bill "
        "— narrowly — on Tuesday, and the House is expected to follow on Friday."
    )
    found = middle(line)
    assert found[0] == (Kind.DATELINE, "Washington (CNN) —")
    assert "".join(text for _, text in found[1:]).startswith("The Senate, which had")
    assert all(kind is Kind.CLAIM for kind, _ in found[1:])


@pytest.mark.parametrize(
    "line",
    [
        # A party after a politician's name, a second paragraph after a dateline.
        "Sen. Ana Ruiz (D-Calif.) — a critic of the plan — voted against it.",
        "Rep. Dana Cole (R) - who chairs the panel - said the vote was final.",
        "Acme Corp. (ACME) shares fell 12% on Tuesday.",
    ],
)
def test_names_with_brackets_are_no_datelines(line):
    text = HEAD + "WASHINGTON (AP) — The Senate voted 68-31 on Tuesday.\n\n" + line
    assert segments(text)[-1] == (Kind.CLAIM, line)
    first = HEAD + line + TAIL
    assert all(kind is not Kind.DATELINE for kind, _ in segments(first)[:1])
    assert (Kind.DATELINE, "Sen. Ana Ruiz (D-Calif.) —") not in segments(first)


# --- smileys inside quotations -------------------------------------------------------


@pytest.mark.parametrize(
    "quote",
    [
        '"We did it. Thanks everyone :)" she wrote on Facebook.',
        '"Great game! See you next week :)" the coach posted.',
        '"We are fine. The water is going down ;-)" she texted her sister.',
        "“Long day. Worth it :)” the mayor wrote on Sunday.",
        '"Not again. Third time this week :(" one resident wrote.',
        '"Sad news. We will miss you :\'(" the club wrote.',
    ],
)
def test_a_smiley_ends_a_quotation_without_cutting_it(quote):
    text = quote + " Crews reopened the bridge on Monday."
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == [quote, "Crews reopened the bridge on Monday."]


def test_brackets_that_are_not_smileys_still_pair():
    text = "The plan (see item 8) was approved. Critics (mostly farmers) objected."
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == [
        "The plan (see item 8) was approved.",
        "Critics (mostly farmers) objected.",
    ]


# --- sub-headings --------------------------------------------------------------------

SUBHEADINGS = [
    "What comes next",
    "Where the money goes",
    "Polls are closed",
    "What riders can do",
    "'A stealth tax on the poorest'",
    "Ocean world or steam world?",
    "How the deal fell apart",
]


@pytest.mark.parametrize("heading", SUBHEADINGS)
def test_sub_headings_between_paragraphs_are_headings(heading):
    text = (
        HEAD + "The council approved the plan on Tuesday, 5-2.\n\n"
        f"{heading}\n\nThe mayor signs it on Friday, her office said."
    )
    assert segments(text)[2] == (Kind.HEADLINE, heading)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Is it safe?", Kind.QUESTION),
        ("Who pays for it?", Kind.QUESTION),
        ("What happens next?", Kind.QUESTION),
        ("The mayor signed it on Friday.", Kind.CLAIM),
        ("Q: Are house prices going to fall further?", Kind.QUESTION),
    ],
)
def test_one_line_paragraphs_that_are_sentences_keep_their_kind(line, kind):
    text = HEAD + f"The council approved the plan on Tuesday.\n\n{line}" + TAIL
    assert segments(text)[2] == (kind, line)


# --- links to other stories ----------------------------------------------------------


@pytest.mark.parametrize(
    "block",
    [
        "Related article\nWhy spring floods in the Midwest are getting worse",
        "Read more: Why spring floods in the Midwest are getting worse",
        "More from WNC\nTornado damages dozens of homes\nRecord heat to bake Texas",
        "Most read\nCrash closes Highway 12\nFarmers market opens Saturday",
        "Also Read: Heatwave claims 54 lives in Uttar Pradesh",
        "RELATED: How to sign up for county evacuation alerts",
        "You might also like\nThe best hikes near Bend",
    ],
)
def test_links_to_other_stories_are_footers(block):
    found = middle(block)
    assert found
    assert {kind for kind, _ in found} == {Kind.FOOTER}, found


def test_sentences_that_mention_related_things_stay_claims():
    for line in (
        "Related costs rose 4% last year, the audit found.",
        "More from the fund will go to schools next year.",
    ):
        assert middle(line) == [(Kind.CLAIM, line)]


# --- reader call-outs, sign-ups and page chrome ------------------------------------

CHROME = [
    "Have a story about the flooding? Tell us about it at wnc.example/tips.",
    "Have a confidential tip for our reporters? Get in touch",
    "Got a news tip? Email us at tips@gazette.example.",
    "Sign up for our newsletter",
    "Sign up for our Weather Brief newsletter",
    "Subscribe to continue reading.",
    "Already a subscriber? Log in",
    "Thanks for reading Power Lines! Subscribe for free to receive new posts.",
    "Download the KBRT 9 app for breaking news alerts and live coverage.",
    "Follow us on Google News for the latest updates.",
    "Loading weather data ...",
    "Advertisement",
    "© 2024 World News Channel, Inc. All Rights Reserved.",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Bayview Daily is free to read because members pay for it. Join today.",
    "Media contact: Jordan Pike, Communications Director, 555-203-4410",
    "Reach her at 360-555-0142 or on X @lenamarquez.",
]


@pytest.mark.parametrize("line", CHROME)
def test_reader_call_outs_and_page_chrome_are_footers(line):
    found = middle(line)
    assert {kind for kind, _ in found} == {Kind.FOOTER}, found
    assert kinds.is_page_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        '"Have you seen the damage?" the mayor asked reporters on Monday.',
        "Residents who have a question about the plan can call 311, the city said.",
        "The paper said subscriptions rose 12% in 2023.",
        "Advertisement revenue fell 12% last year, the company said.",
        "The hospital receives support from the state for its cancer unit.",
        "She told us the shelter was full by noon.",
        "Officials shared the figures on Tuesday.",
    ],
)
def test_story_sentences_that_look_like_chrome_stay_in_the_story(line):
    assert not kinds.is_page_chrome(line)
    assert all(kind is not Kind.FOOTER for kind, _ in middle(line))


# --- standards, ethics and syndication notes ----------------------------------------

STANDARDS = [
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Our Standards: The Meridian Trust Principles.",
    "Editorials represent the views of the Herald's editorial board, which operates "
    "separately from the newsroom.",
    "The views expressed in this commentary are solely those of the author.",
    "The Associated Press receives support from the Walton Family Foundation for "
    "coverage of water and environmental policy.",
    "The AP is solely responsible for all content.",
    "(This story has not been edited by Deccan Courier staff and is auto-generated "
    "from a syndicated feed.)",
    "The Chronicle adheres to the Editors' Code of Practice.",
]


@pytest.mark.parametrize("line", STANDARDS)
def test_standards_and_ethics_footers_of_many_outlets(line):
    assert {kind for kind, _ in middle(line)} == {Kind.FOOTER}


def test_a_credit_line_with_file_photo_and_a_house_credit():
    for credit in (
        "MERIDIAN/Wolfgang Rattay/File Photo",
        "REUTERS/Jane Doe/Pool",
        "Gazette file photo",
        "Staff photo",
    ):
        text = HEAD + f"Crews clear a road in Duisburg on Monday. {credit}" + TAIL
        assert segments(text)[1:3] == [
            (Kind.CAPTION, "Crews clear a road in Duisburg on Monday."),
            (Kind.CREDIT, credit),
        ]


# --- attribution ---------------------------------------------------------------------


def speaker(sentence: str, before: str = "") -> str | None:
    """The attribution of `sentence`'s (last) segment, after optional context."""
    text = before + sentence
    found = [c for c in extract_claims(text) if c.start >= len(before)]
    return found[-1].attribution


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        (
            "The river will crest Saturday, Jane Doe, the deputy director of the "
            "National Weather Service's climate office in Silver Spring, Maryland, "
            "said Wednesday.",
            "Jane Doe",
        ),
        (
            "Carlos Mendez, a spokesman for the highway patrol's district office in "
            "El Paso, Texas, said Tuesday that 14 people were hurt.",
            "Carlos Mendez",
        ),
        (
            "Dr. Amara Okafor, who directs the trauma unit at St. Mary's Hospital in "
            "Enid, Oklahoma, told reporters Monday that every bed was full.",
            "Dr. Amara Okafor",
        ),
        (
            "Sen. Ana Ruiz, D-Calif., the chair of the subcommittee, said Thursday "
            "that the bill would pass.",
            "Sen. Ana Ruiz",
        ),
        (
            "Jane Doe, 45, a teacher at Lincoln Elementary in Dayton, Ohio, said the "
            "roof had leaked for years.",
            "Jane Doe",
        ),
        (
            "The hearing was over, Rep. Dana Cole, R-Texas, who chairs the panel, "
            "told reporters on Friday.",
            "Rep. Dana Cole",
        ),
        # Look-alikes: a place before the subject, a place after it.
        (
            "In Silver Spring, Maryland, the agency said Wednesday that the river "
            "would crest.",
            "the agency",
        ),
        (
            "Tom Reyes, the harbour master, said the port would reopen on Monday.",
            "Tom Reyes",
        ),
    ],
)
def test_said_after_a_long_name_with_title(sentence, who):
    assert speaker(sentence) == who


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Benneke called the result a surprise.", "Benneke"),
        ("Gov. Ray Mendoza called the flooding a slow-motion disaster.",
         "Gov. Ray Mendoza"),
        ('Silviya Barrett, director of policy at the Campaign for Better Transport, '
         'called the decision "a stealth tax on the poorest".', "Silviya Barrett"),
        ("Police called the death a homicide on Tuesday.", "Police"),
        ("Okafor called it 'a turning point for the unit.'", "Okafor"),
        ('Union leader Per Hansen called the cuts "a disgrace."',
         "Union leader Per Hansen"),
        # Look-alikes: calling someone, calling a meeting, called as a name.
        ("She called 911 and a neighbour arrived within minutes.", None),
        ("The mayor called a meeting for Tuesday.", None),
        ("A town called Glendale voted on Monday to build a new school.", None),
        ("Protesters called for the mayor's resignation on Sunday.", None),
    ],
)  # fmt: skip
def test_who_called_something_something_is_the_speaker(sentence, who):
    assert speaker(sentence) == who


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ('"I\'ve been on a lot of sets, but never one with a goat," quipped Pitt.',
         "Pitt"),
        ('"That\'s the last time I let him drive," joked the mayor.', "the mayor"),
        ('"We were outspent three to one," conceded Smith, a Democrat.', "Smith"),
        ('"Nobody asked us," countered Ruth Abernathy.', "Ruth Abernathy"),
        ('"We have not been paid since March," lamented one farmer.', "one farmer"),
        ('"The roof held, the walls did not," Okafor deadpanned.', "Okafor"),
        ('"Prices will keep rising," warned economist Sam Ortega.',
         "economist Sam Ortega"),
        ('"It was 1994, not 1993," recalled the former mayor.', "the former mayor"),
        ('"Ask me again in May," retorted Calder.', "Calder"),
        ("The mayor joked that the bridge had outlived three councils.",
         "The mayor"),
        # Look-alikes: the same verbs reporting no speech.
        ("The team conceded two goals in the first half.", None),
        ("Residents observed the eclipse from the hill.", None),
        ("The company offered refunds to 3,000 customers.", None),
    ],
)  # fmt: skip
def test_speech_verbs_of_the_said_family(sentence, who):
    assert speaker(sentence) == who


@pytest.mark.parametrize(
    ("quote", "who"),
    [
        ('"Great game!" Pitt quipped.', "Pitt"),
        ('"Really?" Calder retorted.', "Calder"),
        ('"What a day!" Okafor deadpanned.', "Okafor"),
        ('"Not again!" the coach muttered.', "the coach"),
    ],
)
def test_a_quotation_ending_in_a_mark_goes_on_to_its_speaker(quote, who):
    text = quote + " The team won 3-1 on Saturday."
    found = [(text[c.start : c.end], c.attribution) for c in extract_claims(text)]
    assert found == [(quote, who), ("The team won 3-1 on Saturday.", None)]


BAKIEV = "President Ilham Bakiev met the envoy in Baku on Monday.\n\n"


@pytest.mark.parametrize(
    ("sentence", "who"),
    [
        ("Speaking through an interpreter he said the talks had failed.",
         "President Ilham Bakiev"),
        ("Speaking through an interpreter, he said the talks had failed.",
         "President Ilham Bakiev"),
        ("Speaking at a rally in Ohio on Saturday the senator said he would vote no.",
         "the senator"),
        ("Asked about the delay the mayor said the contractor had run out of steel.",
         "the mayor"),
        ("Writing on social media Ana Ruiz said the bill would cost $4 billion.",
         "Ana Ruiz"),
        ("Addressing the crowd in Lagos, Tinubu said fuel subsidies would end.",
         "Tinubu"),
        # Look-alikes: a noun in -ing that is the subject.
        ("Building owners said the rules were unclear.", "Building owners"),
        ("Morning commuters said the trains were late again.", "Morning commuters"),
    ],
)  # fmt: skip
def test_a_participial_opener_is_not_the_speaker(sentence, who):
    assert speaker(sentence, BAKIEV) == who


@pytest.mark.parametrize(
    ("sentence", "as_trained", "now"),
    [
        ('"Ask me again in May," retorted Calder.', None, "Calder"),
        ("Benneke called the result a surprise.", None, "Benneke"),
        (
            "The river will crest Saturday, Jane Doe, the deputy director of the "
            "National Weather Service's climate office in Silver Spring, Maryland, "
            "said Wednesday.",
            "Maryland",
            "Jane Doe",
        ),
        (
            "Speaking through an interpreter he said the talks had failed.",
            "Speaking through an interpreter he",
            "he",
        ),
    ],
)
def test_the_shipped_model_still_sees_attributions_as_trained(
    sentence, as_trained, now
):
    """Extraction reads the new forms; the features the weights were trained on
    do not: attribution_span(..., as_trained=True) gives what it always gave."""
    from annotations.extraction.splitting.attribution import attribution_span

    def span(found):
        return sentence[found[0] : found[1]] if found else None

    assert span(attribution_span(sentence)) == now
    assert span(attribution_span(sentence, as_trained=True)) == as_trained
