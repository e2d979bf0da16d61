"""Word lists the splitter and the claim classifier share.

The abbreviation lexicon is one table, looked up case-insensitively, in which every
entry has a class that says when its full stop may end a sentence. Entries whose
lower-case form is an ordinary English word ("Ill.", "Miss.", "Mass.") only count as
abbreviations when they are capitalised.
"""

from __future__ import annotations


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
