"""Word lists the splitter and the claim classifier share.

The abbreviation lexicon is one table, looked up case-insensitively, in which every
entry has a class that says when its full stop may end a sentence. Entries whose
lower-case form is an ordinary English word ("Ill.", "Miss.", "Mass.") only count as
abbreviations when they are capitalised.
"""

# The field notes quote other scripts' letters and marks on purpose.
# ruff: noqa: RUF003

from __future__ import annotations

from dataclasses import dataclass, field


def words(text: str) -> frozenset[str]:
    """The white-space separated words of `text`, as a set."""
    return frozenset(text.split())


# Never end a sentence: a name or a number always follows.
TITLE = "title"
# Never end a sentence before a digit ("No. 5", "pp. 12-15", "Rs. 500"); before
# anything else the full stop is an ordinary one.
NUMBER = "number"
# Part of a name that goes on after it ("St. Louis", "Mt. Fuji", "Jr. Day"): ends a
# sentence only before a word that typically starts one ("The", "It", "However").
NAME_PART = "name_part"
# Usually the last word of a name, an address or a list ("Inc.", "Co.", "etc.",
# "Ave.", "Calif."): ends a sentence before a typical starter, or before a
# capitalised word followed by a lower-case one ("Acme Inc. Shares rose").
SUFFIX = "suffix"
# A month or weekday, which news style abbreviates only before a day or another
# date word ("Sept. 12", "Wed., Jan. 5"): before anything else the sentence ends
# ("the film opened in Feb. Critics loved it").
DATE = "date"

_LEXICON_SOURCE = {
    TITLE: (
        "mr mrs ms mx dr drs prof profs sen sens gov govs lt "
        "capt cpt sgt cpl pvt adm maj cmdr cdr brig fr supt insp "
        "det messrs mme mmes mlle msgr atty amb ald cllr rt "
        "vs v cf viz e.g i.e"
    ),
    NUMBER: (
        "no nos nr num sec secs art arts vol vols fig figs pp para paras ch chap "
        "pt pts ref refs eq eqs op ord tel ext ca cir rs n° nº kt ser"
    ),
    NAME_PART: "jr sr st ste mt ft ph.d",
    SUFFIX: (
        "etc al approx est dept depts univ assn bros co cos corp inc ltd llc plc "
        "gmbh pty eds govt intl natl assoc misc dist hrs yrs lbs oz esq "
        "av blvd hwy rd ln pl sq bldg rm "
        "ariz calif colo conn fla ky md mich minn neb nev okla tenn tex vt va wis "
        "wyo"
    ),
    DATE: (
        "jan feb apr jun jul aug sep sept oct nov dec mon tue tues thu thur thurs fri"
    ),
}
# Lower-case forms of these are common words ("ill", "miss", "rep", "sat", "apt"),
# so they only count as abbreviations when they are capitalised.
_CASED_ONLY_SOURCE = {
    TITLE: "col cols gen gens rep reps rev revs hon pres",
    SUFFIX: (
        "apt ave ala ark mont del ga ill ind kan kans la mass miss mo ore pa wash"
    ),
    DATE: "mar wed sat sun",
}

ABBREVIATIONS: dict[str, str] = {
    word: kind for kind, text in _LEXICON_SOURCE.items() for word in text.split()
}
CASED_ABBREVIATIONS: dict[str, str] = {
    word: kind for kind, text in _CASED_ONLY_SOURCE.items() for word in text.split()
}


def abbreviation_class(core: str) -> str | None:
    """The lexicon class of `core` (a word without its final full stop), or None."""
    lower = core.lower()
    kind = ABBREVIATIONS.get(lower)
    if kind is not None:
        return kind
    if core[:1].isupper():
        return CASED_ABBREVIATIONS.get(lower)
    return None


# Brand names written with "!" ("Yahoo! Finance"): the "!" ends a sentence only
# before a typical starter, like a NAME_PART abbreviation.
EXCLAMATION_NAMES = words("yahoo jeopardy joomla wham")

# The Pragmatic Segmenter's sentence starters, extended with common news openers.
SENTENCE_STARTERS = words(
    "A About According After Again Also Although Among An And Another Any Are As At "
    "Because Before Being Both But By Can Despite Did Do Does During Each Even "
    "Every Few For From Has Have He Her Here His How However I If In Instead Is It "
    "Its Last Later Many Meanwhile Millions More Moreover Most Much My Nevertheless "
    "No None Not Now Of On Once One Only Other Our Over She Since Several So Some "
    "Still Such That The Their Then There These They This Those Though Thus To "
    "Today Two Under Unlike Until Was We Were What When Where Whether Which While "
    "Who Why With Within Without Yesterday Yet You Your"
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
# Month and weekday words, full and short, that follow "5 a.m." in AP style ("at
# 5 a.m. Friday") and so do not start a sentence there.
DATE_WORDS = words(
    " ".join(MONTHS + WEEKDAYS)
    + " Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu "
    "Thur Thurs Fri Sat Sun"
)
TIME_ZONES = words(
    "Eastern Central Mountain Pacific Greenwich ET EST EDT CT CST CDT MT MST MDT "
    "PT PST PDT GMT UTC BST CET CEST local"
)
# A lower-case word ending a line that leaves the sentence open ("signed by\n...").
CONTINUATION_WORDS = words(
    "a about after all an and any are as at be been before being between both but "
    "by can could during each either every for from had has have her his if in "
    "into is its may might more most must my neither new no nor not of on onto or "
    "our over per said says shall should since so some such than that the their "
    "these this those to under until very via was were when where whether which "
    "while who whom whose will with would your"
)
# Words that open news sentences but also start names and headlines ("Police
# Academy", "U.S. Officials Meet Envoy"): after an abbreviation they start a
# sentence only when a lower-case word follows ("in the U.S. Officials said").
NEWS_OPENERS = words(
    "Afterward Afterwards Almost Analysts Asked Attorneys Authorities Besides "
    "Children Conservatives Consumers Critics Customers Democrats Demonstrators "
    "Detectives Diplomats Doctors Drivers Earlier Earnings Economists Either "
    "Elsewhere Employees Everybody Everyone Everything Experts Families Fans "
    "Farmers Finally Firefighters First Indeed Investigators Investors Judges "
    "Just Lawmakers Lawyers Leaders Legislators Let Liberals Markets Maybe Members "
    "Ministers Nearly Negotiators Neither Next Nobody Nothing Nurses Officers "
    "Officials Others Otherwise Overall Parents Passengers People Perhaps Players "
    "Please Police Prices Profits Prosecutors Protesters Regulators Republicans "
    "Rescuers Researchers Residents Sales Scientists Second Separately Shares "
    "Soldiers Somebody Someone Something Stocks Students Supporters Survivors "
    "Teachers Traders Troops Victims Voters Witnesses Workers"
)
# Words that carry grammar rather than meaning: articles, pronouns, prepositions,
# conjunctions, auxiliaries and modals, and the commonest adverbs and determiners.
# The model may weigh them, but "word 'the'" tells a fact-checker nothing, so the
# words a candidate's signals show are never these alone (a pair shows when one of
# its words is not one of these).
FUNCTION_WORDS = words(
    "a about above after again against all also am an and any are aren't as at be "
    "because been before being below between both but by can can't cannot could "
    "couldn't did didn't do does doesn't doing don't down during each either else "
    "ever every few for from further had hadn't has hasn't have haven't having he "
    "he'd he'll he's her here here's hers herself him himself his how how's i i'd "
    "i'll i'm i've if in into is isn't it it's its itself just let's may me might "
    "mine more most must mustn't my myself neither no nor not now of off on once "
    "only or other ought our ours ourselves out over own per same shall shan't she "
    "she'd she'll she's should shouldn't so some such than that that's the their "
    "theirs them themselves then there there's these they they'd they'll they're "
    "they've this those though through to too under until up upon us very via was "
    "wasn't we we'd we'll we're we've were weren't what what's when when's where "
    "where's whether which while who who's whom whose why why's will with won't "
    "however already meanwhile moreover furthermore thus hence instead indeed "
    "would wouldn't yet you you'd you'll you're you've your yours yourself "
    "yourselves"
)


@dataclass(frozen=True)
class Lexicon:
    """The words and forms by which one language's news copy marks what a segment
    is and who said it. `kinds.LexiconKinds` and `attribution.LexiconAttribution`
    compile it; each language's data is a module `lexicon_<code>.py`.

    Word fields are white-space separated words; pattern fields are regular
    expressions (without groups of their own) joined as alternatives. A field left
    empty switches its rule off.
    """

    language: str
    # --- Who said it --------------------------------------------------------------
    # Finite forms that report speech or a finding: "dijo", "afirmó", "sagte".
    speech_verbs: str = ""
    # Compound forms: an auxiliary, then a participle ("a déclaré", "ont indiqué");
    # `inverted_pronouns` may stand between them after a quotation ("a-t-il
    # déclaré").
    auxiliaries: str = ""
    participles: str = ""
    inverted_pronouns: str = ""
    # Separable verbs and the particle that closes their clause ("teilte … mit").
    separable_verbs: dict[str, str] = field(default_factory=dict)
    # Prefixes written onto a verb ("وقال": "and he said").
    verb_prefixes: str = ""
    # Phrases before a source ("según", "de acuerdo con") and after one ("zufolge").
    according_to: str = ""
    according_to_after: str = ""
    # Letters written onto the source after an according-to phrase ("وفقا لـ").
    source_prefixes: str = ""
    # Words that open what is reported ("que", "dass", "أن"): they end a speaker
    # named after the verb, and a verb followed by one with no speaker anywhere
    # has a subject the language leaves out ("Añadió que …").
    complementizers: str = ""
    # Words that end a speaker named after the verb: prepositions, adverbs, time
    # words ("dijo el ministro en Bruselas" -> "el ministro"), and the prefixes
    # that do when written onto a word (Arabic "لل", "to the").
    phrase_stops: str = ""
    phrase_stop_prefixes: str = ""
    # Words that name the speaker after a quotation and a comma, but are no
    # verb elsewhere (German "„…“, so der Minister").
    quote_markers: str = ""
    # Words that, opening a clause before the verb, put its subject after it
    # (German word order: "Am Montag sagte der Minister").
    subject_after_openers: str = ""
    # Relative pronouns: a verb after one reports inside a relative clause.
    relatives: str = ""
    # Conjunctions that open a clause and are no part of its subject ("y", "und",
    # "wie" in "Wie die Polizei mitteilte").
    joiners: str = ""
    # Prepositions: a subject does not open with one ("En la reunión el ministro
    # dijo" -> "el ministro").
    prepositions: str = ""
    # Is the speaker named after the verb when nothing comes before it (Arabic:
    # "قال الوزير")? Otherwise too, when a comma or quotation comes before it
    # ("…", dijo el ministro).
    verb_first: bool = False
    # Does a source after an according-to phrase end at its first lower-case word
    # other than a determiner (German: "Laut Polizei wurde …" -> "Polizei")?
    capitalised_sources: bool = False
    person_pronouns: str = ""
    group_pronouns: str = ""
    determiners: str = ""
    # Nouns for an organisation ("empresa", "Ministerium") and for a person's role
    # ("portavoz", "Sprecher"): "la empresa dijo" stands for the last
    # organisation named, "el portavoz dijo" for the last person.
    group_words: str = ""
    role_words: str = ""
    # Words that end an organisation's name or stand in one ("Ministerio de …").
    institution_words: str = ""
    # Are they written onto compound names ("Bundesamt", "Innenministerium")?
    compound_names: bool = False
    # --- What it is -------------------------------------------------------------
    # Does the script write names with capitals? In Arabic it does not, so a
    # name is any word there.
    cased: bool = True
    byline_prefixes: str = ""
    # A pattern after the names, where the language puts "by" there (Hindi "राम
    # कुमार द्वारा").
    byline_suffixes: str = ""
    # News agencies, as a pattern: a credit alone or with a photographer's name
    # ("ТАСС", "РИА Новости / Иван Петров").
    agencies: str = ""
    # "and" between the names of a byline.
    and_words: str = ""
    # Small words inside names: "de", "von", "da".
    name_particles: str = ""
    months: str = ""
    month_abbreviations: str = ""
    weekdays: str = ""
    # Calendar dates, with {month} and {weekday} for the names above.
    date_forms: str = ""
    # Times: "10:32 h", "10h32", "14.05 Uhr".
    time_forms: str = ""
    # "Publicado el", "Mis à jour le" (matched in any case).
    stamp_prefixes: str = ""
    # "hace 2 horas", "il y a 5 minutes".
    relative_times: str = ""
    # "Foto", "Crédito", "Bild" (a pattern): a credit when a colon and a name
    # follow.
    credit_labels: str = ""
    # Captions by their opening words ("En la imagen,", "Auf dem Bild:").
    caption_prefixes: str = ""
    # Datelines other than a place in capitals, taken only where a paragraph
    # opens: "Madrid, 14 oct (EFE).-", "القاهرة (رويترز) -". A place with a date
    # in the month names above or an agency in brackets is one already
    # (`kinds._dateline_form`); these are the language's other forms.
    dateline_forms: str = ""
    # Credit lines of the story's reporting ("Con información de EFE").
    footer_forms: str = ""
    # Labels of editorial notes and links, each with a colon after it ("Lea
    # también:", "Corrección:").
    note_labels: str = ""
    # Headings over a list of links ("Noticias relacionadas").
    link_headings: str = ""
    # Whole lines of page furniture ("Publicidad", "Compartir en Facebook").
    chrome_forms: str = ""
    # Small words that a title-case line leaves in lower case.
    small_title_words: str = ""
    # A finite verb's forms, by pattern: a line with none is a heading or caption.
    finite_verb: str = ""
    # Words that open a question: "¿Qué …?" asks, "Inflación o recesión?" heads.
    question_openers: str = ""
