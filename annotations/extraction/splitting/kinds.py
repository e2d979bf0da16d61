"""What a segment is by its form: headline, byline, time stamp, credit, caption,
footer, dateline or list lead-in.

These are decided from the segment's own words and its place among its
neighbours (a whole line, the first line, next to a photo credit, before the
story's first paragraph); everything else is classified by its content in
`claims`. None of these kinds is a check-worthy claim.
"""

# This module matches typographic quotes and dashes on purpose.
# ruff: noqa: RUF001, RUF002, RUF003

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.extraction.splitting.features import WORD
from annotations.extraction.splitting.lexicon import MONTHS, WEEKDAYS, Lexicon, words
from annotations.extraction.splitting.types import Kind

_MONTH_NAMES = "|".join(MONTHS)
_MONTH_SHORT = (
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
)
_WEEKDAY_NAMES = (
    "|".join(WEEKDAYS)
    + r"|Mon\.?|Tue\.?|Tues\.?|Wed\.?|Thu\.?|Thurs\.?|Fri\.?|Sat\.?|Sun\.?"
)
_NAME = r"[A-Z][\w.'’-]*"

# "Oct. 14, 2025", "14 October 2025", "2025-10-14", "10/14/2025", "14.10.2025"
DATE_TEXT = (
    rf"(?:(?:{_WEEKDAY_NAMES}),?\s+)?"
    rf"(?:(?:{_MONTH_NAMES}|{_MONTH_SHORT})\s+[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+[0-9]{{4}}"
    rf"|[0-9]{{1,2}}\s+(?:{_MONTH_NAMES}|{_MONTH_SHORT}),?\s+[0-9]{{4}}"
    r"|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}"
    r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})"
)
# Time zones as stamps write them: "ET", "EDT", "CEST", "GMT+1", "UTC-05:00".
_ZONE = (
    r"(?:[A-Z]{2,4}(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|Eastern|Central|Pacific"
    r"|Mountain)(?:\s+[Tt]ime)?"
)
_TIME_TEXT = (
    r"(?:at\s+)?[0-9]{1,2}(?:[:.][0-9]{2})?\s*(?:[ap]\.?m\.?|[AP]\.?M\.?)?"
    rf"(?:\s+{_ZONE})?"
)
# A time alone, as a live blog stamps its entries: "9:42 a.m. ET", "14:05 GMT",
# "3 p.m." (a colon or a.m./p.m., so a bare number is not one).
_BARE_TIME = (
    r"[0-9]{1,2}(?::[0-9]{2}(?:\s*(?:[ap]\.?m\.?|[AP]\.?M\.?))?"
    r"|(?:\.[0-9]{2})?\s*(?:[ap]\.m\.|[ap]m\b|[AP]M\b))"
    rf"(?:\s+{_ZONE})?"
)
# "Updated 2 hours ago", "35 minutes ago", "Yesterday at 9:30 a.m.", "Just now".
_RELATIVE_TIME = (
    r"(?:(?:an?|one|[0-9]{1,3})\s+(?:second|sec|minute|min|hour|hr|day|week|month)s?"
    r"\s+ago|(?i:just now)|(?:Today|Yesterday|today|yesterday)"
    rf"(?:,?\s+(?:at\s+)?{_BARE_TIME})?)"
)
_STAMP_PREFIX = (
    r"(?i:published|updated|posted|last updated|last update|last modified"
    r"|first published|modified|originally published|created)"
    r"(?:\s+(?i:on|at))?\s*:?\s+"
)
# "Published Oct. 14, 2025, 6:42 p.m.", "Updated 3:45 p.m. ET", "March 9, 2021",
# "Oct. 14, 2025 | Updated 7:10 a.m.", "Updated 2 hours ago"
_ONE_STAMP = (
    rf"(?:{_STAMP_PREFIX})?{DATE_TEXT}(?:,?\s+{_TIME_TEXT})?"
    rf"|{_STAMP_PREFIX}{_TIME_TEXT}(?:,?\s+{DATE_TEXT})?"
    rf"|{_BARE_TIME}(?:,?\s+{DATE_TEXT})?"
    rf"|(?:{_STAMP_PREFIX})?{_RELATIVE_TIME}"
)
TIMESTAMP = re.compile(rf"(?:{_ONE_STAMP})(?:\s*[|·•,;/]\s*(?:{_ONE_STAMP}))*\.?")

# "By Jane Doe", "By Jane Doe and Omar Haddad, Staff Writers", "By JANE DOE |
# The Riverton Gazette"
BYLINE = re.compile(
    rf"(?:By|BY|Story by|Written by|Words by)\s+(?P<names>{_NAME}(?:\s+{_NAME}){{0,3}}"
    rf"(?:(?:,\s*|\s+and\s+|\s*&\s*){_NAME}(?:\s+{_NAME}){{0,3}})*)"
    r"(?:\s*[,|—–-]\s*(?P<tail>[^\n]{1,80}))?"
)
_ROLE_WORDS = words(
    "staff writer writers reporter reporters correspondent correspondents editor "
    "editors contributor columnist bureau chief senior special political "
    "investigative business science health the associated press"
)

_AGENCIES = (
    r"AP|AFP|Reuters|REUTERS|EPA|EPA-EFE|Getty Images|Getty|Shutterstock|Bloomberg"
    r"|Xinhua|TASS|Sputnik|Alamy|Pool|ANP|dpa|DPA|PA|NurPhoto|SOPA Images"
)
# Photo and agency credits.
CREDIT = re.compile(
    r"/?\s*\(?(?:"
    r"(?:Photo|Photograph|Photos|Image|Images|Picture|Video|Graphic|Illustration"
    r"|Credit|Source|Courtesy|File photo)s?(?:\s*[:/]|\s+(?:by|credit|courtesy"
    r"(?:\s+of)?)\b:?)\s*\S[^\n]{0,80}?"
    r"|Courtesy\s+of\s+[^\n]{1,80}?"
    r"|(?:Image|Video|Media) source,\s+\S[^\n]{0,80}?"
    rf"|(?:AP Photo|{_AGENCIES})(?:\s*/\s*{_NAME}(?:[ -]{_NAME}){{0,4}})?"
    rf"(?:\s+via\s+{_NAME}(?:\s+{_NAME}){{0,3}})?"
    rf"|[A-Z]{{2,}}(?:[ -][A-Z]{{2,}})*(?:\s?/\s?{_NAME}(?:[ -]{_NAME}){{0,4}}){{1,3}}"
    rf"|{_NAME}(?:\s+{_NAME}){{1,3}}\s*/\s*(?:{_AGENCIES}|{_NAME}(?:\s+{_NAME}){{0,3}})"
    rf"(?:\s+via\s+{_NAME}(?:\s+{_NAME}){{0,3}})?"
    r"|©[^\n]{1,80}?"
    rf"|{_NAME}(?:\s+{_NAME}){{0,3}}\s+(?:[Ff]ile\s+|[Ss]taff\s+)?(?:[Pp]hoto(?:graph)?"
    r"|[Ii]mage|[Ii]llustration|[Gg]raphic)s?"
    r")\)?\.?"
    r"|" + r"(?:—|–|--|-)\s?(?:[^\W\d_][\w'’.-]*\s+){0,4}[^\W\d_][\w'’.-]*"
    r"\s+\(@\w{1,30}\)[^\n]{0,40}"
)
# The signature under an embedded post: "— Lucia Ferreira (@MayorFerreira) June 2,
# 2026". The name is who wrote the post above it.
POST_SIGNATURE = re.compile(
    r"(?:—|–|--|-)\s?(?P<name>(?:[^\W\d_][\w'’.-]*\s+){0,4}[^\W\d_][\w'’.-]*)"
    r"\s+\(@\w{1,30}\)"
)
# "File photo: Commuters wait ...", "FILE - A view of ...": a caption.
CAPTION_PREFIX = re.compile(
    r"(?:File photo|FILE PHOTO|Photo|Pictured|Above|Top|Left|Right|Main picture"
    r"|In this photo)\s*[:—–-]\s+\S|FILE\s*[—–-]\s+\S"
    r"|(?:Image|Media) caption,\s+\S"
)
# "Staff writer Ana Ruiz contributed reporting.", "... contributed to this report."
CONTRIBUTED = re.compile(
    r"\bcontributed(?:\s+reporting|\s+to\s+(?:this|the)\s+(?:report|story|article))\b"
)
# Editorial notes about the story rather than its news: corrections, editor's
# notes, links to other stories, the note that an interview was edited.
EDITORIAL_NOTE = re.compile(
    r"(?:Correction|CORRECTION|Corrections|Clarification|CLARIFICATION"
    r"|Editor[’']s [Nn]ote|EDITOR[’']S NOTE|Note to readers"
    r"|Related|RELATED|Read more|READ MORE|Read also|Also read|See also|SEE ALSO"
    r"|More on this story|Recommended|Watch|WATCH)\s*(?::|—|–|\s-)(?:\s*\S|\Z)"
    r"|An earlier version of this (?:story|article|report)\b"
    r"|(?:This|The) (?:interview|conversation|transcript|Q&A) (?:has been|was|is)"
    r" (?:lightly |slightly )?(?:edited|condensed)\b"
    r"|(?:Related (?:topics|stories|articles|coverage|content|links)|More on this story"
    r"|More stories|Most read|Top stories|You may also like)[ \t]*\Z"
)
# "Related topics" alone on its line heads a list of links or tags: the short
# lines after it are the list.
LINK_LIST_HEADING = re.compile(
    r"(?i:related(?: (?:topics|stories|articles?|coverage|content|links|reading))?"
    r"|more on this (?:story|topic)|more stories|more from [^\n:]{1,40}"
    r"|more in [^\n:]{1,40}|most (?:read|popular|viewed)|top stories"
    r"|you (?:may|might) also like|read (?:more|next)|recommended(?: for you)?"
    r"|also read|in other news|latest(?: news| stories)?|trending(?: now)?"
    r"|editor['’]s picks|don['’]t miss)[ \t:]*\Z"
)
# Page furniture left in copied text: advertisement slots, sharing and sign-up
# prompts, each a whole segment.
PAGE_FURNITURE = re.compile(
    r"(?:Advertisement|ADVERTISEMENT|Sponsored(?: content)?|SPONSORED"
    r"|(?:Story|Article) continues below(?: this)?(?: advertisement)?"
    r"|Continue reading(?: the main story| below)?|Skip (?:to content|advertisement)"
    r"|Share this (?:article|story|page)|Share(?: on)? (?:Facebook|X|Twitter)"
    r"|Listen to this article(?:\s+[0-9:]+(?:\s*min)?)?|Sign up for [^\n]{1,60}"
    r"|Subscribe to [^\n]{1,60}|Scroll down to continue|Enlarge this image)"
    r"[ \t.]*\Z"
)
# Footers: credits for the reporting, contact and copyright lines, editorial
# notes.
FOOTER = re.compile(
    r"(?:[—–-]\s*)?\(?(?:(?:(?:Additional\s+)?[Rr]eporting by|Editing by|Edited by"
    r"|Writing by|Compiled by|Fact-checking by|With (?:additional )?assistance from"
    r"|Additional reporting from)\b"
    r"|(?:Journal reference|References?|DOI|Citation|Sources?)\s*:\s*\S"
    r"|(?:Contact|Email|Follow)\s+(?:the\s+)?(?:writer|reporter|author|us|[A-Z])[^\n]{0,120}"
    r"(?:\bat\b|@|\bon\s+(?:Twitter|X|Instagram|Facebook|Bluesky|Threads))"
    r"|(?:This (?:story|article|report) (?:was|has been|first|originally))"
    r"|(?:©|Copyright|\(c\))\s*[0-9]{4}"
    r"|All rights reserved"
    r")|" + EDITORIAL_NOTE.pattern,
    re.DOTALL,
)
# Page chrome: what a web page says around the story, whoever's page it is. Each
# alternative is a whole segment (a sentence or a line). Copyright and rights
# lines; advertisement slots and loading placeholders; sharing, saving, listening
# and printing; sign-up, subscription and paywall prompts; reader call-outs ("Have
# a story? Tell us …", "Got a tip?"); app and social promotions; links to other
# stories; and the standards, ethics and syndication notes outlets put under every
# story ("Our Standards: The Thomson Reuters Trust Principles.").
_ANY = r"[^\n]"
_CHROME_FORMS = (
    # Rights lines.
    rf"(?:©|\(c\)|copyright\b)\s*(?:©\s*)?(?:[0-9]{{4}}\b|{_ANY}{{0,160}}?\b(?:[0-9]{{4}}"
    rf"|rights|reserved)\b){_ANY}{{0,200}}",
    # Slots and placeholders.
    r"advertisement|ad feedback|sponsored(?: content)?|paid (?:content|post)"
    r"|promoted(?: content)?|story continues below(?: advertisement)?"
    r"|continue reading(?: the main story| below)?|end of (?:the )?article",
    r"loading(?: [a-z]+){0,4}\s*(?:\.{2,}|…)?",
    rf"(?:image|video|content|media|audio) (?:is )?(?:not available|unavailable)"
    rf"{_ANY}{{0,80}}",
    r"skip (?:to )?(?:main )?(?:content|navigation|advertisement|ad)",
    r"[#*_=~—–-](?:\s*[#*_=~—–-]){2,}",
    # Sharing, saving, listening, reading time.
    r"(?:share|save|print|email|gift)(?: (?:this|the))?"
    r"(?: (?:article|story|page|post|link))?(?: (?:on|via|to) [^\n]{1,30})?",
    r"copy link|link copied!?",
    r"listen(?: to this (?:article|story))?"
    r"(?: ?[(·•-]? ?[0-9:]+ ?(?:min(?:utes)?)?\)?)?",
    r"[0-9]+ min(?:ute)?s? read",
    # Sign-up, subscription and paywall prompts.
    r"(?:sign up|subscribe|register|join)(?: (?:now|today|here|free|for free))?",
    rf"(?:sign up|subscribe|register)(?: (?:now|today|here|free|for free))? (?:for|to)"
    rf" {_ANY}{{1,160}}",
    rf"(?:get|receive) (?:the|our) {_ANY}{{1,60}} newsletter{_ANY}{{0,120}}",
    r"(?:log|sign) ?(?:in|out)(?: here| now)?|create (?:an|your|a free) account",
    rf"(?:already a (?:subscriber|member)\??|subscribe to (?:continue|keep) reading)"
    rf"{_ANY}{{0,80}}",
    rf"thanks? (?:you )?for reading{_ANY}{{0,160}}",
    rf"(?:become|join (?:us )?as) a (?:sustaining |paying |founding )?"
    rf"(?:member|subscriber|supporter|donor){_ANY}{{0,120}}",
    rf"(?:please )?(?:support|fund) (?:independent|local|our|public|nonprofit)"
    rf" (?:journalism|news|reporting|newsroom){_ANY}{{0,160}}",
    rf"your (?:support|donation|gift|membership|subscription) (?:makes|keeps|helps"
    rf"|powers|funds|pays for){_ANY}{{0,200}}",
    r"(?:donate|support us|give)(?: now| today)?",
    # Reader call-outs.
    rf"(?:have|got) (?:a|an|any) (?:story|news ?tip|tip|confidential tip|question"
    rf"|correction|comment|experience|photo|video|opinion)\b[^\n?]{{0,80}}\?"
    rf"(?:{_ANY}{{0,160}})?",
    rf"(?:tell us|let us know|get in touch|send us|contact us|write to us)\b"
    rf"{_ANY}{{0,160}}",
    rf"(?:submit|send) a letter to the editor{_ANY}{{0,80}}",
    rf"(?:learn|find out|read) more (?:at|on) {_ANY}{{1,120}}",
    rf"was this (?:page|article|story) helpful\?{_ANY}{{0,40}}",
    # Contacts under a story.
    rf"to contact the (?:reporters?|editors?|writers?|authors?){_ANY}{{0,200}}",
    rf"(?:reach|contact|email|e-mail|call) (?:him|her|them|the (?:writer|reporter"
    rf"|author)|[a-z]+) (?:at|on|via) {_ANY}{{1,120}}",
    rf"(?:media|press) (?:contacts?|inquiries|enquiries)\s*:{_ANY}{{0,200}}",
    r"for immediate release",
    # Promotions of the outlet's own channels.
    rf"(?:follow|like) us on {_ANY}{{1,120}}",
    rf"follow {_ANY}{{1,60}} on (?:x|twitter|facebook|instagram|tiktok|threads|bluesky"
    rf"|google news|linkedin|youtube|whatsapp){_ANY}{{0,80}}",
    rf"download (?:the|our) {_ANY}{{1,40}} app{_ANY}{{0,120}}",
    # Links to other stories.
    rf"(?:also read|read also|read more|more to read|related(?: articles?| stories"
    rf"| coverage| content| links| video)?|see also|watch|watch now|video|listen"
    rf"|more on this story|recommended|don't miss|do not miss|must read|trending"
    rf"|in other news|latest news|you (?:may|might) also like|top stories|read next"
    rf"|more (?:from|in) (?-i:[A-Z0-9][\w&'’.-]*"
    rf"(?: (?:[A-Z0-9&][\w&'’.-]*|of|the|and))*)"
    rf"|most (?:read|popular|viewed))(?:\s*[:|—–-]\s*{_ANY}{{0,160}})?",
    rf"read\s*:\s*{_ANY}{{1,160}}",
    # Standards, ethics and syndication notes.
    rf"our standards\s*:{_ANY}{{0,160}}",
    rf"editorials? (?:represents?|reflects?|expresses?) the (?:views?|opinions?)"
    rf"{_ANY}{{0,160}}",
)
# Forms that open otherwise, each holding a phrase of `_CHROME_PHRASES`.
_CHROME_INSIDE_FORMS = (
    rf"{_ANY}{{0,160}}\ball rights reserved\b{_ANY}{{0,200}}",
    rf"(?:this material|this (?:article|story|content)) may not be (?:published"
    rf"|reproduced|copied|redistributed){_ANY}{{0,200}}",
    # Asks for support: "X is free to read because members pay for it. Join today."
    rf"{_ANY}{{0,80}}\b(?:is|are) (?:free to read|reader-supported|listener-supported"
    rf"|viewer-supported|member-supported|supported by (?:readers|listeners|members"
    rf"|viewers)|a (?:nonprofit|non-profit|reader-funded) newsroom)\b{_ANY}{{0,200}}",
    rf"(?:our|this (?:site|newsroom|publication|outlet|newspaper|station)"
    rf"|[A-Z][\w&.'’ -]{{1,60}}) (?:adheres to|follows|is committed to|abides by)"
    rf" (?:the |its |our )?"
    rf"(?:[\w'’ -]{{0,30}} )?(?:trust principles|editorial (?:standards|guidelines"
    rf"|code)|journalis(?:m|tic) (?:standards|ethics|principles)|editors['’] code"
    rf"(?: of practice)?|code of (?:practice|ethics)){_ANY}{{0,80}}",
    rf"the (?:views|opinions) expressed (?:here |in this {_ANY}{{1,30}} )?are"
    rf" (?:solely )?(?:those of|the author['’]s){_ANY}{{0,120}}",
    rf"{_ANY}{{0,120}}\b(?:is|are) solely responsible for all content{_ANY}{{0,40}}",
    rf"{_ANY}{{1,80}} receives? (?:financial |philanthropic )?support from"
    rf" {_ANY}{{1,160}}?\bfor (?:its )?(?:coverage|reporting) (?:of|on)\b"
    rf"{_ANY}{{0,160}}",
    rf"\(?this (?:story|article) (?:has not been|was not) edited by{_ANY}{{0,200}}",
    rf"\(?(?:this (?:story|article) (?:is|was|has been) )?auto-?generated from a"
    rf" syndicated feed{_ANY}{{0,80}}",
)


def _chrome_pattern(forms) -> re.Pattern:
    return re.compile(
        "(?i:" + "|".join(f"(?:{form})" for form in forms) + r")[ \t.!]*\Z"
    )


PAGE_CHROME = _chrome_pattern(_CHROME_FORMS + _CHROME_INSIDE_FORMS)
_CHROME_OPENING = _chrome_pattern(_CHROME_FORMS)
_CHROME_INSIDE = _chrome_pattern(_CHROME_INSIDE_FORMS)
# Capitalised labels that open a line with a colon but name no place.
_COLON_LABELS = (
    r"UPDATED?|BREAKING|EXCLUSIVE|WATCH|LISTEN|LIVE|VIDEOS?|PHOTOS?|PICTURES?"
    r"|NOTE|EDITOR|CORRECTION|CLARIFICATION|ANALYSIS|OPINION|COMMENT|EDITORIAL"
    r"|REVIEW|INTERVIEW|EXPLAINER|FACT|READ|RELATED|SEE|ALSO|MORE|WARNING|ALERT"
    r"|FILE|SOURCES?|CREDITS?|ADVERTISEMENT|SPONSORED|QUESTION|ANSWER|TOPICS?|TAGS?"
    r"|SUMMARY|BACKGROUND|CONTEXT|WHAT|WHY|HOW|WHO|WHEN|WHERE|KEY|TOP|LATEST"
    r"|FIRST|FULL|SPECIAL|EXTRA|URGENT|FLASH|ICYMI|TLDR|FAQ|POLL|QUIZ"
)
# "WASHINGTON —", "NEW YORK, March 9 (Reuters) -", "RIVERTON, Ore. (AP) —", and
# the colon of South Asian papers before the first sentence: "NEW DELHI: The"
# (`claims` takes a colon dateline only in the story's first paragraph).
DATELINE_PREFIX = re.compile(
    r"[A-Z]{2}[A-Z'’.-]*(?:[ ][A-Z][A-Z'’.-]+)*"
    r"(?:,[ ][A-Z][\w.]*(?:[ ][A-Z][\w.]*)?)?"
    rf"(?:,?[ ](?:{_MONTH_NAMES}|{_MONTH_SHORT})[ ][0-9]{{1,2}})?"
    r"(?:[ ]?\([^()\n]{1,30}\))?[ ]?(?:—|–|--|-)(?=\s|\Z)"
    rf"|(?!(?:{_COLON_LABELS})\b)[A-Z]{{3}}[A-Z'’.-]*(?:[ ][A-Z][A-Z'’.-]+){{0,3}}"
    rf"(?:,[ ](?:{_MONTH_NAMES}|{_MONTH_SHORT})[ ][0-9]{{1,2}})?"
    r"(?:[ ]?\([^()\n]{1,30}\))?:(?=[ \t]+[A-Z\"“‘])"
)
# A network's or agency's dateline in title case, or with no place: "(CNN) —",
# "St. Louis (WNC) —", "Hong Kong (CNN Business) --", "Seoul, South Korea (AP) —",
# "(Reuters) -", "(CNN)The Senate …". `claims` takes one only where a paragraph
# opens and no dateline came before, as a title-case name with a bracket and a
# dash inside a story is more often a politician's party ("Sen. Ana Ruiz (D) —"),
# which the bracket's form excludes too.
_PLACE_WORD = r"[A-Z][\w.'’-]*"
AGENCY_DATELINE = re.compile(
    rf"(?:{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}}"
    rf"(?:,[ ]{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,2}})?[ ]?)?"
    r"\((?![DRI]\)|[DRI]-)(?:[A-Z][\w.&'’ -]{0,28}|dpa|efe)\)"
    r"(?:[ ]?(?:—|–|--|-)(?=\s)|(?=[A-Z]))"
)
_ENDS_WITH_FULL_STOP = re.compile(r"[.…][\"'”’»)\]]*\Z")
_ENDS_WITH_QUESTION = re.compile(r"[?⁇⁈？][\"'”’»)\]]*\Z")
_LIST_MARKER = re.compile(
    r"(?:[•⁃◦▪‣∙*–—-][ \t]*|\(?(?:[0-9]{1,3}|[A-Za-z]|[ivxIVX]{2,4})(?:\.\)|[.)])\s)"
)
_SMALL_TITLE_WORDS = words(
    "a an the and or nor but of to in on at by for with from as vs via per up"
)
_SPEECH_VERBS = (
    "said|says|told|tells|announced|claimed|reported|stated|added|noted|wrote|argued"
    "|warned|confirmed|denied|insisted|explained"
)
_FINITE_VERB_CUE = re.compile(
    rf"\b(?:is|are|was|were|has|have|had|will|would|can|could|did|does|do|may|might"
    rf"|must|should|remains?|marks?|makes?|takes?|gives?|goes|gets?|{_SPEECH_VERBS})\b"
    r"|\b\w{3,}ed\b"
)
# A caption describes the photo in the present tense ("Commuters wait ..."): no
# past tense among its first words.
_PAST_TENSE = re.compile(
    r"\b(?:was|were|had|did|said|told|[a-z]{3,}ed"
    r"|struck|won|lost|fell|rose|made|took|came|went|gave|got|saw|began|ran|shot"
    r"|met|sent|held|found|built|kept|paid|sold|brought|thought|spoke|broke|drove"
    r"|flew|grew|knew|threw|wrote|led|fought|caught|stood|sat|beat|became|chose"
    r"|froze|hid|rode|sank|sang|stole|swept|swore|tore|woke|wore|wound|withdrew)\b"
)
# "..., the agency said.": a statement with its source, which no caption has.
_ATTRIBUTED_END = re.compile(
    r",[^,]{2,80}\s(?:said|says|reported|reports|announced|confirmed|added)"
    r"(?:\s+\w+){0,3}[.!][\"'”’]?\Z"
)
# A caption shows what is in the picture: no future or modal verb ("Temperatures
# will climb"), no source reporting it ("researchers reported", "the agency
# said"), as a story's lede has.
_NOT_IN_CAPTIONS = re.compile(
    r"\b(?:will|would|could|should|might|must|may|shall"
    r"|said|says|reported|announced|according to|told)\b"
)
_WEEKDAY_OR_DATE = re.compile(rf"\b(?:{_WEEKDAY_NAMES}|{_MONTH_NAMES})\b|{DATE_TEXT}")
_QUOTE_MARKS = '"“”«»'
MAX_HEADLINE_WORDS = 25
MAX_TITLE_CASE_WORDS = 15
MAX_CAPTION_WORDS = 60
MAX_SUBHEADING_WORDS = 10


def is_whole_line(text: str, start: int, end: int) -> bool:
    """Does [start, end) fill its line (only white space around it)?"""
    before = start - 1
    while before >= 0 and text[before] in " \t\u00a0":
        before -= 1
    if before >= 0 and text[before] not in "\n\r\u2028\u2029\x0b\x0c\x85":
        return False
    after = end
    length = len(text)
    while after < length and text[after] in " \t\u00a0":
        after += 1
    return after >= length or text[after] in "\n\r\u2028\u2029\x0b\x0c\x85"


def _blank_line_before(text: str, start: int) -> bool:
    """Does a blank line (or the text's start) come right before `start`?"""
    index = start - 1
    for _ in range(2):
        while index >= 0 and text[index] in " \t\u00a0":
            index -= 1
        if index < 0:
            return True
        if text[index] != "\n":
            return False
        index -= 1
    return True


def _blank_line_after(text: str, end: int) -> bool:
    """Does a blank line (or the text's end) come right after `end`?"""
    index, length = end, len(text)
    for _ in range(2):
        while index < length and text[index] in " \t\u00a0":
            index += 1
        if index >= length:
            return True
        if text[index] != "\n":
            return False
        index += 1
    return True


def opens_paragraph(text: str, start: int) -> bool:
    """Does a paragraph open at `start` (a blank line or the text's start before)?"""
    return _blank_line_before(text, start)


def is_own_paragraph(text: str, start: int, end: int) -> bool:
    """Is [start, end) a paragraph of its own (blank lines around it)?"""
    return _blank_line_before(text, start) and _blank_line_after(text, end)


_QUESTION_OPENERS = words(
    "who whom whose what which when where why how is are was were do does did can "
    "could will would should shall may might must has have had am isn't aren't "
    "wasn't weren't don't doesn't didn't can't couldn't won't wouldn't shouldn't"
)
_UNFINISHED = re.compile(r"[.!:;,…][\"'”’»)\]]*\Z")
_CLOSING_MARKS = "\"'”’»)]"


@dataclass(frozen=True, slots=True)
class LineGrammar:
    """What the rules by place (`line_kind`, `is_subheading`) know of a language.

    A pattern left None switches off the rule that needs it: with no finite-verb
    pattern, a short verbless line is not told from a sentence without its full
    stop, so it stays a segment for its content.
    """

    ends_with_question: re.Pattern
    finite_verb: re.Pattern | None = None
    past_tense: re.Pattern | None = None
    not_in_captions: re.Pattern | None = None
    weekday_or_date: re.Pattern | None = None
    attributed_end: re.Pattern | None = None
    question_openers: frozenset[str] = frozenset()
    small_title_words: frozenset[str] = frozenset()


def is_subheading(
    text: str, start: int, end: int, grammar: LineGrammar | None = None
) -> bool:
    """A sub-heading among a story's paragraphs: a paragraph of one short line
    (up to MAX_SUBHEADING_WORDS words, or twelve) that does not end as a sentence
    does ("What comes next", "Polls are closed", "'A stealth tax on the poorest'"),
    or a short question with no verb ("Ocean world or steam world?"). Only between
    paragraphs: the caller checks it is not the first segment nor the last.
    `grammar` is English's unless given."""
    grammar = grammar or ENGLISH_LINES
    sentence = text[start:end]
    found = WORD.findall(sentence)
    if not found or len(found) > MAX_SUBHEADING_WORDS + 2 or starts_list(sentence):
        return False
    if not is_own_paragraph(text, start, end):
        return False
    if grammar.ends_with_question.search(sentence):
        # "Ocean world or steam world?" heads a section; "Who pays for it?" and
        # "What happens next?" ask. Without a verb pattern a question asks.
        return (
            grammar.finite_verb is not None
            and len(found) <= MAX_SUBHEADING_WORDS
            and found[0].lower() not in grammar.question_openers
            and grammar.finite_verb.search(sentence.lower()) is None
            and ":" not in sentence
        )
    return (
        _UNFINISHED.search(sentence) is None
        and sentence.rstrip(_CLOSING_MARKS)[-1:].isalnum()
    )


def is_title_case(sentence: str, small_words: frozenset[str] | None = None) -> bool:
    """Is every word capitalised, bar the small words of titles (English's unless
    `small_words` is given)?"""
    found = WORD.findall(sentence)
    if len(found) < 2:
        return False
    if small_words is None:
        small_words = _SMALL_TITLE_WORDS
    return all(w[0].isupper() or w.lower() in small_words for w in found)


ENGLISH_LINES = LineGrammar(
    ends_with_question=_ENDS_WITH_QUESTION,
    finite_verb=_FINITE_VERB_CUE,
    past_tense=_PAST_TENSE,
    not_in_captions=_NOT_IN_CAPTIONS,
    weekday_or_date=_WEEKDAY_OR_DATE,
    attributed_end=_ATTRIBUTED_END,
    question_openers=_QUESTION_OPENERS,
    small_title_words=_SMALL_TITLE_WORDS,
)


def is_credit(sentence: str) -> bool:
    """A photo or agency credit: "(Photo by X / Outlet)", "REUTERS/Name"."""
    if len(sentence) > 120 or not CREDIT.fullmatch(sentence):
        return False
    # "Photo: Firefighters battle a blaze on Monday." is a caption, not a credit.
    return not CAPTION_PREFIX.match(sentence) or len(WORD.findall(sentence)) <= 6


def is_role(text: str) -> bool:
    """Is `text` a byline's role or desk ("Staff Writer", "Associated Press")?"""
    found = [word.lower() for word in text.split()]
    return bool(found) and all(word in _ROLE_WORDS for word in found)


def is_byline(sentence: str) -> bool:
    """ "By Jane Doe, Staff Writer" (names, then a role or an outlet)."""
    match = BYLINE.fullmatch(sentence)
    if not match or len(WORD.findall(sentence)) > 16:
        return False
    tail = match.group("tail")
    return tail is None or not _FINITE_VERB_CUE.search(tail)


def is_timestamp(sentence: str) -> bool:
    """ "Published Oct. 14, 2025, 6:42 p.m.", "Updated 3:45 p.m. ET", a bare date."""
    return len(sentence) <= 160 and TIMESTAMP.fullmatch(sentence) is not None


def is_footer(sentence: str) -> bool:
    """ "Reporting by ...; Editing by ...", "X contributed reporting.", contacts."""
    if len(sentence) > 400:
        return False
    if "contributed" in sentence and CONTRIBUTED.search(sentence, 0, 160):
        return True
    if len(sentence) <= 80 and PAGE_FURNITURE.match(sentence):
        return True
    return FOOTER.match(sentence) is not None or is_page_chrome(sentence)


# The first words that chrome opens with, and the phrases it holds when it opens
# otherwise ("… All rights reserved", "The AP is solely responsible …"): a segment
# with neither is not tried against PAGE_CHROME, which most story sentences would
# make scan far for nothing.
_CHROME_FIRST_WORDS = words(
    "copyright advertisement ad sponsored paid promoted story continue end loading "
    "skip share save print email gift copy link listen sign subscribe register join "
    "log create get receive already thanks thank become please support fund your "
    "donate give have got tell let send contact write submit was learn find read to "
    "reach e-mail call media press for follow like download also more related see "
    "watch video recommended don't do must trending in latest you top most our "
    "editorials editorial image content audio"
)
_CHROME_PHRASES = (
    "rights reserved", "may not be", "free to read", "-supported", "supported by",
    "newsroom", "reader-funded", "adheres to", "committed to", "abides by",
    " follows ", "expressed", "solely responsible", "support from", "edited by",
    "syndicated feed",
)  # fmt: skip
_FIRST_WORD = re.compile(r"[a-z][a-z'’-]*")


def is_page_chrome(text: str) -> bool:
    """Is a whole segment or line page chrome (`PAGE_CHROME`): a copyright line, an
    advertisement slot, a share or sign-up prompt, a reader call-out, a link to
    another story, a standards note?"""
    if len(text) > 400:
        return False
    text = text.strip()
    lower = text.lower()
    first = _FIRST_WORD.match(lower)
    if (
        first is None or first.group() in _CHROME_FIRST_WORDS
    ) and _CHROME_OPENING.match(text):
        return True
    # A plain loop: a generator or a case-blind regex costs several times more.
    for phrase in _CHROME_PHRASES:
        if phrase in lower:
            return _CHROME_INSIDE.match(text) is not None
    return False


def is_editorial_note(sentence: str) -> bool:
    """ "Correction: An earlier version ...", "Editor's note: ...", "Related: ..."."""
    return EDITORIAL_NOTE.match(sentence) is not None


def form_kind(sentence: str) -> Kind | None:
    """The kind a segment has by its form alone, wherever it stands."""
    first = sentence[:1]
    if (first == "B" or first == "S" or first == "W") and is_byline(sentence):
        return Kind.BYLINE
    if is_timestamp(sentence):
        return Kind.TIMESTAMP
    if is_footer(sentence):
        return Kind.FOOTER
    if CAPTION_PREFIX.match(sentence) and len(WORD.findall(sentence)) > 6:
        return Kind.CAPTION
    if is_credit(sentence):
        return Kind.CREDIT
    if DATELINE_PREFIX.fullmatch(sentence):
        return Kind.DATELINE
    return None


# "— Mayor June Carter" on the line under a pull quote: who said it.
QUOTE_CREDIT = re.compile(
    r"(?:—|–|--|―)\s?(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|de|van|von|al"
    r"|bin|of|the)){0,6})(?:,\s+[^\n]{1,80})?"
)
_ENDS_WITH_QUOTE = re.compile(r"[.!?…][\"”»’]\Z")


def quote_credit(
    text: str,
    start: int,
    end: int,
    previous: tuple[int, int],
    pattern: re.Pattern = QUOTE_CREDIT,
):
    """The name in a "— Name" line under a whole-line quotation, or None.

    Returns the name's offsets in `text`. `pattern` reads the line (English's
    unless given).
    """
    match = pattern.fullmatch(text, start, end)
    if (
        match is None
        or len(WORD.findall(text[start:end])) > 16
        or not is_whole_line(text, start, end)
        or not is_whole_line(text, *previous)
        or not _ENDS_WITH_QUOTE.search(text, previous[0], previous[1])
        or text[previous[0]] not in '"“«‘'
    ):
        return None
    return match.span("name")


def starts_list(sentence: str) -> bool:
    """Does the segment start with a list marker?"""
    return _LIST_MARKER.match(sentence) is not None


def line_kind(
    text: str,
    start: int,
    end: int,
    index: int,
    count: int,
    *,
    in_header: bool,
    beside_credit: bool,
    whole_line: bool | None = None,
    grammar: LineGrammar | None = None,
) -> Kind | None:
    """Headline or caption for a segment that fills a line, from its place.

    `whole_line` may pass `is_whole_line(text, start, end)` when the caller has it;
    `grammar` is English's unless given.
    """
    grammar = grammar or ENGLISH_LINES
    sentence = text[start:end]
    headline_place = index == 0 and count > 1
    if (
        (
            beside_credit
            and not (headline_place and not _ENDS_WITH_FULL_STOP.search(sentence))
            and len(WORD.findall(sentence)) <= MAX_CAPTION_WORDS
        )
        and '"' not in sentence
        and "“" not in sentence
    ):
        return Kind.CAPTION
    if whole_line is None:
        whole_line = is_whole_line(text, start, end)
    if not whole_line:
        return None
    if 0 < index < count - 1 and is_subheading(text, start, end, grammar):
        return Kind.HEADLINE
    found = WORD.findall(sentence)
    if _ENDS_WITH_FULL_STOP.search(sentence):
        # A header line in the present tense naming the day: a photo caption.
        if (
            in_header
            and count > 1
            and index > 0
            and len(found) <= MAX_CAPTION_WORDS
            and grammar.weekday_or_date is not None
            and not any(mark in sentence for mark in _QUOTE_MARKS)
            and grammar.weekday_or_date.search(sentence)
            and not grammar.past_tense.search(" ".join(found[:8]))
            and not grammar.attributed_end.search(sentence)
            and not grammar.not_in_captions.search(sentence)
        ):
            return Kind.CAPTION
        return None
    question = grammar.ends_with_question.search(sentence) is not None
    if (index == 0 and count > 1 and len(found) <= MAX_HEADLINE_WORDS) or (
        is_title_case(sentence, grammar.small_title_words)
        and len(found) <= MAX_TITLE_CASE_WORDS
    ):
        return Kind.HEADLINE
    if question or count < 2 or len(found) > 40 or starts_list(sentence):
        return None
    if grammar.finite_verb is None or grammar.finite_verb.search(sentence):
        return None
    if found and not in_header and len(found) <= MAX_SUBHEADING_WORDS:
        # A short line without a verb among the story's sentences: a sub-heading
        # ("Property taxes", "What happens next").
        return Kind.HEADLINE
    return Kind.CAPTION


# --- Kinds by form in other languages -----------------------------------------------
#
# English has the hand-tuned patterns above. Another language's rules are compiled
# from its `Lexicon` (`FormRules(lexicon)`); a language without one gets the
# neutral rules (`FormRules()`): what copy in any language shares, and nothing
# that reads words.

# Upper-case letters of the cased scripts news is written in: Latin, accented ones
# included ("BRASÍLIA", "ÉMILE", "ŁÓDŹ"), Greek, Cyrillic ("МОСКВА") and Armenian
# ("Երևան").
_UPPER = "".join(c for c in map(chr, range(0x41, 0x590)) if c.isupper())
_CAP = f"[{_UPPER}]"
# What goes on inside a word of any script: `\w`, and the combining vowel signs,
# viramas and harakat that `\w` leaves out ("عمّان", "लखनऊ"), and the joiners
# inside Persian words. The Devanagari dandas and Ethiopic punctuation, which
# stand in those blocks, are left out.
_IN_WORD = (
    r"[\w.'’\-\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a"
    r"\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff\u1000-\u109f"
    r"\u1200-\u135f\u200c\u200d]"
)
_CAPS_WORD = rf"{_CAP}{{2}}[{_UPPER}'’.-]*|{_CAP}\.?"
_CAP_NAME = rf"{_CAP}{_IN_WORD}*"
_ANY_NAME = rf"[^\W\d_]{_IN_WORD}*"
# The colon that follows a label ("Foto:", "Լուսանկարը՝", "ፎቶ፦", "摄影："): the
# Armenian "՝" and the Ethiopic and full-width colons stand for it.
_LABEL_COLON = r"[:：՝፡፦]"
# Commas of the world's scripts, between a dateline's place and its date.
_ANY_COMMA = r"[,،፣，、]"
# What ends a dateline: a dash, or the terminal or colon of its script (the
# Devanagari danda, the Armenian and Ethiopic full stops, the Urdu one).
_DATELINE_END = r"[ ]?(?:—|–|--|-|\.[—–-]|[:：։።፦।۔])(?=\s|\Z)"
# An agency in brackets or slashes: "(EFE)", "(एजेंसी)", "/ТАСС/", "（新华社）".
_AGENCY_MARK = r"(?:\([^()\n]{1,30}\)|（[^（）\n]{1,30}）|/[^/\s][^/\n]{0,29}/)"
# A party or ticker in brackets is not an agency: "(D-Calif.)", "(R)".
_NOT_A_PARTY = r"(?![(（/][DRI][)-])"
# Question marks of the world's scripts at the end ("?", "؟" in Arabic, Persian
# and Urdu, "፧" in Ethiopic), or Armenian's "՞", which sits on the word asked.
ANY_QUESTION = re.compile(r"[?⁇⁈？؟፧][\"'”’»›)\]]*\Z|՞")
# Dates and times written with digits only, in any language.
_NUMERIC_DATE = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{1,2}[./-][0-9]{1,2}[./-](?:[0-9]{4}|[0-9]{2})"
    r"|[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日"
)
_NUMERIC_TIME = (
    r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
    r"(?:\s*(?:UTC|GMT)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|\s*[A-Z]{3,4}\b)?"
)
_STAMP_JOIN = r"\s*[|·•,;/–—-]\s*"
_COPYRIGHT = r"(?:©|\(c\)|\(C\))\s*(?:[0-9]{4}\b|[^\n]{0,160}?\b[0-9]{4}\b)[^\n]{0,200}"
_DASHES = r"(?:—|–|--|-|\.[—–-])"


def _words_pattern(text: str) -> str:
    """The words of `text` as alternatives, longest first, for a regex."""
    found = sorted(set(text.split()), key=lambda word: (-len(word), word))
    return "|".join(re.escape(word) for word in found)


def _either(*patterns: str) -> str:
    return "|".join(f"(?:{pattern})" for pattern in patterns if pattern)


def _dateline_form(place: str, months: str, date: str, particles: str) -> str:
    """A dateline by the language's data (`months`, its month names and their
    short forms as alternatives; `date`, its own date forms; `particles`, the
    small words inside names): a place of up to three words ("Rio de Janeiro"),
    then a date in those names and digits of any script ("14 अक्टूबर",
    "հոկտեմբերի 14", "۲۲ مهر ۱۴۰۴", "14 окт", "14 de octubre"), an agency in
    brackets or slashes, or both, then a dash or the script's terminal or colon
    ("लखनऊ, 14 अक्टूबर (एजेंसी)।", "Երևան, հոկտեմբերի 14 —", "МОСКВА, 14
    октября. /ТАСС/."). A place and a comma with no date after them is a
    sentence going on ("Երևանը, ըստ …"), not a dateline."""
    if not months:
        return ""
    month = rf"(?i:{months})\.?(?!\w)"
    date = _either(
        rf"(?:\d{{1,2}}\.?[ ]{month}|{month}[ ]\d{{1,2}}(?!\d))(?:,?[ ]\d{{4}})?",
        date,
    )
    small = rf"(?:[ ](?:{particles}))?" if particles else ""
    # Words apart by spaces only: a hyphen stays inside a word ("Ivano-Frankivsk"),
    # so a run of hyphens cannot be cut into words in many ways.
    where = rf"{place}(?:{small}[ ]{place}){{0,2}}"
    agency = rf"{_NOT_A_PARTY}{_AGENCY_MARK}"
    # An agency in slashes closes the dateline with a full stop ("/ТАСС/.").
    slashed = r"/[^/\s][^/\n]{0,29}/\.(?=\s|\Z)"
    return _either(
        rf"{where}{_ANY_COMMA}[ ]?(?:{date})"
        rf"(?:\.?[ ]?(?:{slashed}|{agency}{_DATELINE_END})|{_DATELINE_END})",
        rf"{where}[ ]?(?:{slashed}|{agency}{_DATELINE_END})",
    )


class FormRules:
    """What a segment is by its form, for one language: compiled from its
    `Lexicon`, or with none from what every language's copy shares (numeric dates
    and times, copyright lines, agency credits and datelines in capitals:
    "EFE/Juan Pérez", "MADRID (EFE) —"; headlines and sub-headings by their place,
    questions by their mark). The same interface as the English rules
    (`ENGLISH_FORMS`), which `claims` calls."""

    def __init__(self, lexicon: Lexicon | None = None):
        lexicon = lexicon or Lexicon(language="")
        self.language = lexicon.language or None
        name = _CAP_NAME if lexicon.cased else _ANY_NAME
        particles = _words_pattern(lexicon.name_particles)
        if particles:
            name_run = rf"{name}(?:\s+(?:(?:{particles})\s+)?{name}){{0,3}}"
        else:
            name_run = rf"{name}(?:\s+{name}){{0,3}}"
        months = _words_pattern(lexicon.months + " " + lexicon.month_abbreviations)
        weekdays = _words_pattern(lexicon.weekdays)
        dates = [_NUMERIC_DATE]
        if lexicon.date_forms and months and weekdays:
            dates.append(
                lexicon.date_forms.replace("{month}", f"(?i:{months})").replace(
                    "{weekday}", f"(?i:{weekdays})"
                )
            )
        date = _either(*dates)
        time = _either(lexicon.time_forms, _NUMERIC_TIME)
        prefix = (
            rf"(?i:{lexicon.stamp_prefixes})\s*:?\s*" if lexicon.stamp_prefixes else ""
        )
        stamp = (
            rf"(?:{prefix})?(?:(?:{date})(?:,?\s*(?:{time}))?"
            rf"|(?:{time})(?:,?\s+(?:{date}))?)"
        )
        if lexicon.relative_times:
            stamp += rf"|(?:{prefix})?(?i:{lexicon.relative_times})"
        self.timestamp = re.compile(rf"(?:{stamp})(?:{_STAMP_JOIN}(?:{stamp}))*\.?")

        self.byline = None
        joiner = r",\s*|\s*&\s*"
        if lexicon.and_words:
            joiner += rf"|\s+(?:{_words_pattern(lexicon.and_words)})\s+"
        names = rf"(?P<names>{name_run}(?:(?:{joiner}){name_run})*)"
        tail = r"(?:\s*[,|—–-]\s*(?P<tail>[^\n]{1,80}))?"
        bylines = []
        if lexicon.byline_prefixes:
            bylines.append(
                rf"(?:{lexicon.byline_prefixes})\s*{_LABEL_COLON}?\s*{names}{tail}"
            )
        if lexicon.byline_suffixes:
            # The word after the names: Hindi "राम कुमार द्वारा".
            bylines.append(
                rf"{names.replace('?P<names>', '?P<last_names>')}"
                rf"\s+(?:{lexicon.byline_suffixes})"
                + tail.replace("?P<tail>", "?P<last_tail>")
            )
        if bylines:
            self.byline = re.compile(_either(*bylines))
        self.finite_verb = (
            re.compile(rf"\b(?:{lexicon.finite_verb})\b", re.IGNORECASE)
            if lexicon.finite_verb
            else None
        )
        self.footer = re.compile(
            _either(
                _COPYRIGHT,
                lexicon.footer_forms,
                rf"(?:{lexicon.note_labels})\s*{_LABEL_COLON}\s*\S"
                if lexicon.note_labels
                else "",
                rf"(?i:{lexicon.chrome_forms})[ \t.!]*\Z"
                if lexicon.chrome_forms
                else "",
                rf"(?i:{lexicon.link_headings})[ \t:]*\Z"
                if lexicon.link_headings
                else "",
            ),
            re.DOTALL,
        )
        self._notes = (
            re.compile(rf"(?:{lexicon.note_labels})\s*{_LABEL_COLON}\s*\S")
            if lexicon.note_labels
            else None
        )
        self.link_list_heading = re.compile(
            rf"(?i:{lexicon.link_headings})[ \t:]*\Z"
            if lexicon.link_headings
            else r"(?!)"
        )
        self.caption_prefix = (
            re.compile(rf"(?:{lexicon.caption_prefixes})\s*[:,،—–՝：፦-]?\s+\S")
            if lexicon.caption_prefixes
            else None
        )
        labels = lexicon.credit_labels
        agencies = lexicon.agencies
        self.credit = re.compile(
            r"[(（]?(?:"
            + _either(
                rf"(?:{labels})s?\s*(?:{_LABEL_COLON}|/)\s*\S[^\n]{{0,80}}?"
                if labels
                else "",
                # An agency alone, or with its photographer: "ТАСС", "ایرنا",
                # "РИА Новости / Иван Петров", "Иван Петров / ТАСС".
                rf"/?(?:{agencies})/?(?:\s*/\s*{name_run})?" if agencies else "",
                rf"{name_run}\s*/\s*(?:{agencies})" if agencies else "",
                rf"(?:{_CAPS_WORD})(?:[ -](?:{_CAPS_WORD}))*"
                rf"(?:\s?/\s?{_CAP_NAME}(?:[ -]{_CAP_NAME}){{0,4}}){{1,3}}",
                rf"{_CAP_NAME}(?:\s+{_CAP_NAME}){{1,3}}\s*/\s*{_CAP_NAME}(?:\s+{_CAP_NAME}){{0,3}}",
                r"©[^\n]{1,80}?",
            )
            + r")[)）]?[.।։።۔]?"
        )
        place = _ANY_NAME if not lexicon.cased else _CAP_NAME
        self.dateline_prefix = re.compile(
            rf"{_CAP}{{2}}[{_UPPER}'’.-]*(?:[ ](?:{_CAPS_WORD}))*"
            rf"(?:,[ ]{_CAP_NAME}(?:[ ]{_CAP_NAME})?)?"
            rf"(?:[ ]?\([^()\n]{{1,30}}\))?[ ]?{_DASHES}(?=\s|\Z)"
        )
        self.agency_dateline = re.compile(
            _either(
                rf"(?:{place}(?:[ ]{place}){{0,3}}"
                rf"(?:,[ ]{place}(?:[ ]{place}){{0,2}})?[ ]?)?"
                rf"\((?![DRI]\)|[DRI]-)(?:{_CAP}[\w.&'’ -]{{0,28}}|dpa|efe|afp)\)"
                rf"(?:\.?[ ]?{_DASHES}(?=\s)|(?={_CAP}))",
                lexicon.dateline_forms,
                _dateline_form(place, months, date, particles),
            )
        )
        small = particles or "(?!)"
        # Datelines of the language's own forms and its month names need no
        # bracket ("بيروت -", "Երևան, հոկտեմբերի 14 —").
        self.bare_datelines = bool(lexicon.dateline_forms or months)
        self.quote_credit_pattern = re.compile(
            rf"(?:—|–|--|―)\s?(?P<name>{name}(?:\s+(?:{name}|{small})){{0,6}})"
            r"(?:,\s+[^\n]{1,80})?"
        )
        self.post_signature = POST_SIGNATURE
        self.grammar = LineGrammar(
            ends_with_question=ANY_QUESTION,
            finite_verb=self.finite_verb,
            question_openers=frozenset(lexicon.question_openers.lower().split()),
            small_title_words=frozenset(lexicon.small_title_words.lower().split()),
        )

    def is_credit(self, sentence: str) -> bool:
        """A photo or agency credit: "Foto: EFE", "EFE/Juan Pérez"."""
        if len(sentence) > 120 or not self.credit.fullmatch(sentence):
            return False
        return (
            not (
                self.caption_prefix is not None and self.caption_prefix.match(sentence)
            )
            or len(WORD.findall(sentence)) <= 6
        )

    def is_byline(self, sentence: str) -> bool:
        """ "Por Ana Ruiz", "Von Anna Schmidt und Jan Berg, Berlin"."""
        if self.byline is None:
            return False
        match = self.byline.fullmatch(sentence)
        if not match or len(WORD.findall(sentence)) > 16:
            return False
        tail = match.group("tail")
        if tail is None and "last_tail" in match.re.groupindex:
            tail = match.group("last_tail")
        return (
            tail is None
            or self.finite_verb is None
            or not self.finite_verb.search(tail)
        )

    def is_editorial_note(self, sentence: str) -> bool:
        """ "Corrección: …", "Lesen Sie auch: …"."""
        return self._notes is not None and self._notes.match(sentence) is not None

    def form_kind(self, sentence: str) -> Kind | None:
        """The kind a segment has by its form alone, wherever it stands."""
        if self.is_byline(sentence):
            return Kind.BYLINE
        if len(sentence) <= 160 and self.timestamp.fullmatch(sentence):
            return Kind.TIMESTAMP
        if len(sentence) <= 400 and self.footer.match(sentence):
            return Kind.FOOTER
        if (
            self.caption_prefix is not None
            and self.caption_prefix.match(sentence)
            and len(WORD.findall(sentence)) > 6
        ):
            return Kind.CAPTION
        if self.is_credit(sentence):
            return Kind.CREDIT
        if self.dateline_prefix.fullmatch(sentence):
            return Kind.DATELINE
        return None

    def quote_credit(self, text: str, start: int, end: int, previous: tuple[int, int]):
        """The name in a "— Name" line under a whole-line quotation, or None."""
        return quote_credit(
            text, start, end, previous, pattern=self.quote_credit_pattern
        )

    def line_kind(
        self, text: str, start: int, end: int, index: int, count: int, **place
    ):
        """Headline or caption by place (`line_kind` with this language's grammar)."""
        return line_kind(text, start, end, index, count, grammar=self.grammar, **place)


class _EnglishForms:
    """The English rules above, with `FormRules`' interface."""

    language = "en"
    form_kind = staticmethod(form_kind)
    is_credit = staticmethod(is_credit)
    is_editorial_note = staticmethod(is_editorial_note)
    quote_credit = staticmethod(quote_credit)
    line_kind = staticmethod(line_kind)
    dateline_prefix = DATELINE_PREFIX
    agency_dateline = AGENCY_DATELINE
    link_list_heading = LINK_LIST_HEADING
    post_signature = POST_SIGNATURE
    grammar = ENGLISH_LINES
    bare_datelines = False


ENGLISH_FORMS = _EnglishForms()
NEUTRAL_FORMS = FormRules()
