"""Sample report snapshots (docs/REPORT_SNAPSHOT.md), built without a database.

- `seed_snapshot()`: the seed article with eight checked claims found by the splitter,
  verdicts across the default scale (Misleading and Unverifiable have no ordinal),
  citations of every stance, a claim with none, a gap override, a two-person
  override, a publication override and a correction history. The verdicts and
  sources are invented for tests; they are not the desk's findings.
- `hostile_snapshot()`: the same shape with every string replaced by markup, script,
  event-handler, formula and javascript: payloads, each with a planted marker.
- `synthetic_snapshot(n)`: n claims of generated news-like text, for the benchmark;
  two of every three sources carry a frozen capture (one of them uploaded), so the
  benchmark prints captures as a real report does.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
from pathlib import Path

from annotations.extraction.splitting import extract_claims
from annotations.ratingscale import DEFAULT_SCALE

ROOT = Path(__file__).resolve().parent.parent.parent
SEED_TEXT = (ROOT / "seeds" / "china-russia-moon-base.txt").read_text(encoding="utf-8")

REPORT_URL = "https://desk.example.org/reports/12/"
MARKER = "PLANTED"


def scale() -> dict:
    """The default rating scale in snapshot form."""
    labels = [
        {
            "slug": slug,
            "name": name,
            "ordinal": ordinal,
            "polarity": polarity,
            "description": description,
        }
        for name, slug, ordinal, polarity, description in DEFAULT_SCALE["labels"]
    ]
    ordinals = [label["ordinal"] for label in labels if label["ordinal"] is not None]
    return {
        "name": DEFAULT_SCALE["name"],
        "best": max(ordinals) if ordinals else None,
        "worst": min(ordinals) if ordinals else None,
        "labels": labels,
    }


def _source(title, publisher, url, kind, domain, archive_url=""):
    return {
        "title": title,
        "publisher": publisher,
        "url": url,
        "archive_url": archive_url,
        "kind": kind,
        "domain": domain,
    }


CNSA = _source(
    "China and Russia sign memorandum on the International Lunar Research Station",
    "China National Space Administration",
    "https://www.cnsa.gov.cn/english/n6465652/n6465653/c6811380/content.html",
    "official",
    "cnsa.gov.cn",
    "https://web.archive.org/web/20210310000000/https://www.cnsa.gov.cn/english/",
)
SPACENEWS = _source(
    "China, Russia enter MoU on international lunar research station",
    "SpaceNews",
    "https://spacenews.com/china-russia-enter-mou-on-international-lunar-research-station/",
    "news",
    "spacenews.com",
)
ROSCOSMOS = _source(
    "Roscosmos and CNSA sign a memorandum on the lunar station",
    "Roscosmos",
    "https://www.roscosmos.ru/30189/",
    "official",
    "roscosmos.ru",
)
SWF = _source(
    "Global Counterspace Capabilities: An Open Source Assessment",
    "Secure World Foundation",
    "https://swfound.org/media/207162/swf_global_counterspace_capabilities_2021.pdf",
    "academic",
    "swfound.org",
)
DIA = _source(
    "Challenges to Security in Space",
    "Defense Intelligence Agency",
    "https://www.dia.mil/Portals/110/Images/News/Military_Powers_Publications/"
    "Space_Threat_V14_020119_sm.pdf",
    "official",
    "dia.mil",
)
NDAA = _source(
    "National Defense Authorization Act for Fiscal Year 2020, Title IX, Subtitle D",
    "U.S. Congress",
    "https://www.congress.gov/bill/116th-congress/senate-bill/1790",
    "primary",
    "congress.gov",
)
COUNCIL = _source(
    "Executive Order on Reviving the National Space Council",
    "The White House",
    "https://trumpwhitehouse.archives.gov/presidential-actions/"
    "presidential-executive-order-reviving-national-space-council/",
    "primary",
    "archives.gov",
)
REUTERS = _source(
    "Biden to nominate former Senator Bill Nelson to head NASA",
    "Reuters",
    "https://www.reuters.com/article/us-usa-biden-nasa-idUSKBN2B1",
    "news",
    "reuters.com",
)
BRIEFING = _source(
    "Press Briefing by Press Secretary Jen Psaki, February 2, 2021",
    "The White House",
    "https://www.whitehouse.gov/briefing-room/press-briefings/2021/02/02/",
    "primary",
    "whitehouse.gov",
)
NELSON = _source(
    "Senate floor statement on space cooperation",
    "Congressional Record",
    "https://www.congress.gov/congressional-record/2011/04/07/senate-section",
    "primary",
    "congress.gov",
)


def _cite(stance, source, quote="", locator=""):
    return {"stance": stance, "quote": quote, "locator": locator, "source": source}


# (the claim's first words, label, attribution_type, explanation, citations,
#  approved_at, extra): claims are found by their words, not their offsets, so the
#  sample survives changes to the splitter.
_VERDICTS = [
    (
        "China and Russia signed",
        "mostly-true",
        None,
        "The two agencies signed a memorandum of understanding, not a binding "
        "agreement, on 9 March 2021.\n\nThe memorandum covers the design and "
        "construction of a lunar research station.",
        [
            _cite(
                "supports",
                CNSA,
                "CNSA and Roscosmos signed a Memorandum of Understanding regarding "
                "cooperation for the construction of the International Lunar "
                "Research Station.",
                "first paragraph",
            ),
            _cite(
                "context", SPACENEWS, "The MoU is not a binding agreement.", "para. 4"
            ),
        ],
        "2026-11-29T16:20:00+00:00",
        {},
    ),
    (
        "During a virtual meeting",
        "true",
        "Organization",
        "Both agencies' statements describe a virtual signing ceremony and an "
        "offer of participation to other countries.",
        [
            _cite(
                "supports",
                SPACENEWS,
                "The ILRS will be open to all interested countries and international "
                "partners.",
            ),
            _cite("supports", ROSCOSMOS, "", "statement of 9 March 2021"),
        ],
        "2026-11-29T16:45:00+00:00",
        {},
    ),
    (
        '"China and Russia will use',
        "true",
        "Organization",
        "The quotation matches the agency's English-language statement word for word.",
        [_cite("supports", CNSA, "jointly develop a road map", "second paragraph")],
        "2026-11-29T17:05:00+00:00",
        {},
    ),
    (
        "China and Russia have",
        "misleading",
        None,
        "Both countries have developed anti-satellite weapons, but separately: no "
        "public source describes them building such weapons together.",
        [
            _cite(
                "refutes",
                SWF,
                "There is no evidence of joint development of counterspace "
                "capabilities between China and Russia.",
                "p. 1-4",
            ),
            _cite(
                "context",
                DIA,
                "China and Russia are developing a variety of counterspace "
                "capabilities.",
                "p. 7",
            ),
        ],
        "2026-12-01T21:00:00+00:00",
        {
            "gap_override_reason": "The intelligence assessment is the only primary "
            "source; the desk accepted the Foundation's open-source review.",
            "gap_override_kinds": ["no_primary"],
        },
    ),
    (
        "In response to this buildup",
        "true",
        None,
        "The Space Force was created by the 2020 defence authorization act; the "
        "National Space Council was revived by executive order in June 2017.",
        [
            _cite("supports", NDAA, "United States Space Force Act", "sec. 952"),
            _cite("supports", COUNCIL, "", "sec. 1"),
        ],
        "2026-11-29T18:10:00+00:00",
        {},
    ),
    (
        "Space advocates have said",
        "unverifiable",
        None,
        "A characterisation by unnamed advocates; there is nothing to check it "
        "against.",
        [],
        "2026-11-29T18:30:00+00:00",
        {
            "two_person_override_reason": "Only one editor was on shift; the verdict "
            "states that nothing could be checked."
        },
    ),
    (
        "The White House is reportedly",
        "half-true",
        None,
        "Nelson was nominated, but the cited criticism came from a minority of "
        "commentators, not from space experts at large.",
        [
            _cite("supports", REUTERS, "Biden will nominate Bill Nelson.", ""),
            _cite("refutes", SPACENEWS, "", "reactions section"),
        ],
        "2026-11-29T19:00:00+00:00",
        {},
    ),
    (
        "Last month, Press Secretary",
        "mostly-false",
        "Person",
        "Psaki answered a question about the Space Force with a joke and later "
        'said the administration supported it; "openly mocked" overstates it.',
        [
            _cite(
                "refutes",
                BRIEFING,
                "We look forward to continuing the work of the Space Force.",
                "transcript, 3 February",
            ),
            _cite("context", NELSON, "", ""),
        ],
        "2026-11-29T19:30:00+00:00",
        {},
    ),
]


# Who the article says made each claim (what the splitter's attribution finds).
_ATTRIBUTIONS = {
    "During a virtual meeting": "SpaceNews",
    '"China and Russia will use': "the China National Space Administration",
    "Space advocates have said": "Space advocates",
    "Last month, Press Secretary": "Jen Psaki",
}


def seed_snapshot() -> dict:
    """A realistic revision-2 snapshot of the seed article."""
    body = SEED_TEXT
    candidates = [c for c in extract_claims(body) if c.kind == "claim"]
    labels = {label["slug"]: label for label in scale()["labels"]}
    claims = []
    for number, (
        opening,
        slug,
        attribution_type,
        explanation,
        citations,
        when,
        extra,
    ) in enumerate(_VERDICTS, 1):
        candidate = next(c for c in candidates if body.startswith(opening, c.start))
        label = labels[slug]
        attribution = _ATTRIBUTIONS.get(opening, "")
        verdict = {
            "label": slug,
            "name": label["name"],
            "ordinal": label["ordinal"],
            "polarity": label["polarity"],
            "explanation": explanation,
            "approved_at": when,
            "approved_by": "Eddie Editor",
            "gap_override_reason": "",
            "gap_override_kinds": [],
            "two_person_override_reason": "",
        }
        verdict.update(extra)
        claims.append(
            {
                "id": 344 + number,
                "number": number,
                "anchor": f"claim-{number}",
                "start": candidate.start,
                "end": candidate.end,
                "text": body[candidate.start : candidate.end],
                "kind": "claim",
                "attribution": attribution,
                "attribution_type": attribution_type if attribution else None,
                "checkworthiness": candidate.checkworthiness,
                "verdict": verdict,
                "citations": copy.deepcopy(citations),
            }
        )
    return {
        "schema": "factcheck-report/1",
        "report": {
            "url": REPORT_URL,
            "revision": 2,
            "published_at": "2026-12-01T22:15:03+00:00",
            "published_by": "Eddie Editor",
            "note": "Corrected the verdict on claim 4: the weapons were developed "
            "separately, not jointly.",
            "override_reason": "Published before the two budget claims were checked: "
            "the budget figures are released next week.",
            "previous": [
                {"revision": 1, "published_at": "2026-11-30T09:00:00+00:00", "note": ""}
            ],
        },
        "organisation": {
            "name": "Example Fact Desk",
            "url": "https://desk.example.org/",
            "logo": None,
        },
        "methodology": "We check the claims in an article that can be verified against "
        "public records, official statements and independent reporting.\n\n"
        "Each verdict is written by a reviewer, cites its sources with the passage "
        "that matters, and is approved by an editor before it is published.",
        "article": {
            "id": 12,
            "title": "China and Russia Agree to Build Joint Moon Base",
            "url": "https://www.example.com/china-russia-moon-base",
            "publisher": "Example News",
            "byline": "Jane Doe",
            "published_on": "2021-03-09",
            "language": "en",
            "body": body,
        },
        "scale": scale(),
        "claims": claims,
        "coverage": _coverage(claims, checkworthy=10),
    }


def _coverage(claims: list[dict], *, checkworthy: int) -> dict:
    sources = {
        citation["source"]["url"] or citation["source"]["title"]
        for claim in claims
        for citation in claim["citations"]
    }
    counts: dict[str, int] = {}
    for label in scale()["labels"]:
        count = sum(1 for claim in claims if claim["verdict"]["label"] == label["slug"])
        if count:
            counts[label["slug"]] = count
    return {
        "checkworthy": checkworthy,
        "checked": len(claims),
        "sources": len(sources),
        "by_verdict": counts,
    }


# Every hostile string starts with one of these (spreadsheet formula leads among
# them) and carries all the markup payloads, then a numbered marker.
HOSTILE_LEADS = (
    '=HYPERLINK("https://evil.example/","open") ',
    "+1+",
    "-1-",
    "@SUM(1,1) ",
    "\t",
    "\r",
    "</script>",
    "javascript:alert(1) ",
    "",
)
HOSTILE_CORE = (
    "<script>alert(1)</script><img src=x onerror=alert(1)>"
    "\" onerror=\"alert(1)' onclick='alert(1) "
    '<a href="javascript:alert(1)">x</a> [x](javascript:alert(1)) '
    "<!-- ]]> *bold* _em_ # | ~ ^ \\ "
)
HOSTILE_URLS = (
    "javascript:alert(1)",
    " JavaScript:alert(document.domain)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "javascript://%0aalert(1)",
    "//evil.example/x",
)
_URL_KEYS = frozenset({"url", "logo", "archive_url"})


def hostile_snapshot() -> dict:
    """The seed snapshot's shape with every string poisoned (offsets kept valid)."""
    snapshot = seed_snapshot()
    strings = itertools.count()
    urls = itertools.count()

    def poison(value, key=None):
        if isinstance(value, dict):
            return {k: poison(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [poison(item, key) for item in value]
        if not isinstance(value, str) or key == "schema":
            return value
        if key in _URL_KEYS:
            return HOSTILE_URLS[next(urls) % len(HOSTILE_URLS)]
        index = next(strings)
        lead = HOSTILE_LEADS[index % len(HOSTILE_LEADS)]
        return f"{lead}{HOSTILE_CORE}{MARKER}{index:03d}"

    poisoned = poison(snapshot)
    # Rebuild the body around the poisoned claim texts so offsets stay true.
    filler = poisoned["article"]["body"]
    body = filler + "\n\n"
    for claim in poisoned["claims"]:
        claim["start"] = len(body)
        body += claim["text"]
        claim["end"] = len(body)
        body += " " + filler + "\n\n"
    poisoned["article"]["body"] = body
    poisoned["coverage"]["by_verdict"] = {
        label["slug"]: 1 for label in poisoned["scale"]["labels"]
    }
    return poisoned


_SUBJECTS = (
    "The agency",
    "The ministry",
    "A spokesperson for the council",
    "The company",
    "Officials in the capital",
    "The central bank",
)
_PREDICATES = (
    "said the budget for the programme rose by {n} percent in {y}",
    "announced that {n} new satellites would launch before {y}",
    "reported {n},000 jobs created since {y}",
    "confirmed that the station will cost {n} billion dollars by {y}",
    "denied that {n} contracts were cancelled in {y}",
)


def _captured(source: dict, capture_id: int, origin: str) -> dict:
    """A copy of the source with a frozen capture (docs/EVIDENCE.md)."""
    return {
        **source,
        "capture": {
            "id": capture_id,
            "origin": origin,
            "sha256": hashlib.sha256(source["url"].encode()).hexdigest(),
            "captured_at": "2026-11-28T10:05:00+00:00",
            "content_type": "application/pdf"
            if origin == "uploaded"
            else "text/html; charset=utf-8",
            "size_bytes": 40_000 + capture_id,
            "url": f"{REPORT_URL}captures/{capture_id}/",
            "text_url": f"{REPORT_URL}captures/{capture_id}/text/",
        },
    }


def synthetic_snapshot(claim_count: int) -> dict:
    """A snapshot of `claim_count` claims over generated text, deterministic."""
    base = seed_snapshot()
    labels = base["scale"]["labels"]
    sources = [CNSA, SPACENEWS, ROSCOSMOS, SWF, DIA, NDAA, COUNCIL, REUTERS, BRIEFING]
    # Two sources in three have a capture, every fourth of those uploaded.
    sources = [
        source
        if position % 3 == 2
        else _captured(
            source, 80 + position, "uploaded" if position % 4 == 3 else "fetched"
        )
        for position, source in enumerate(sources)
    ]
    body_parts: list[str] = [base["article"]["title"], "\n\n"]
    claims = []
    length = sum(len(part) for part in body_parts)
    for index in range(claim_count):
        subject = _SUBJECTS[index % len(_SUBJECTS)]
        predicate = _PREDICATES[index % len(_PREDICATES)].format(
            n=(index * 7) % 90 + 3, y=1990 + index % 35
        )
        sentence = f"{subject} {predicate}, according to report {index + 1}."
        filler = " Context followed, with more detail and a quotation or two."
        start = length
        body_parts.append(sentence)
        length += len(sentence)
        end = length
        body_parts.append(filler + ("\n\n" if index % 5 == 4 else ""))
        length += len(body_parts[-1])
        label = labels[index % len(labels)]
        number = index + 1
        claims.append(
            {
                "id": 10_000 + number,
                "number": number,
                "anchor": f"claim-{number}",
                "start": start,
                "end": end,
                "text": sentence,
                "kind": "claim",
                "attribution": f"report {index + 1}",
                "attribution_type": "Organization",
                "checkworthiness": 0.7,
                "verdict": {
                    "label": label["slug"],
                    "name": label["name"],
                    "ordinal": label["ordinal"],
                    "polarity": label["polarity"],
                    "explanation": "The figure matches the published accounts.\n\n"
                    "The second source gives the same number for the same year.",
                    "approved_at": "2026-11-29T16:20:00+00:00",
                    "approved_by": "Eddie Editor",
                    "gap_override_reason": "",
                    "gap_override_kinds": [],
                    "two_person_override_reason": "",
                },
                "citations": [
                    _cite(
                        ("supports", "refutes", "context")[(index + k) % 3],
                        sources[(index + k) % len(sources)],
                        "The quoted passage that matters for this claim.",
                        f"p. {k + 1}",
                    )
                    for k in range(2)
                ],
            }
        )
    base["article"]["body"] = "".join(body_parts)
    base["claims"] = claims
    base["coverage"] = _coverage(claims, checkworthy=claim_count)
    return base
