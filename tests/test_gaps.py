"""The sourcing-gap rules, as pure functions over plain data."""

import ast
from pathlib import Path

import pytest

from annotations.sourcing import gaps
from annotations.sourcing.gaps import CitationFacts, ClaimFacts, GapConfig, SourceFacts

CONFIG = GapConfig()


def source(
    id, publisher="", domain="", kind="news", url=None, archive="", status="alive"
):
    return SourceFacts(
        id=id,
        publisher=publisher,
        domain=domain,
        kind=kind,
        url=f"https://{domain or 'example.org'}/{id}" if url is None else url,
        archive_url=archive,
        link_status=status,
    )


def cite(src, stance="supports"):
    return CitationFacts(source=src, stance=stance)


def claim(*citations, **fields):
    return ClaimFacts(id=1, citations=tuple(citations), **fields)


def kinds(facts, config=CONFIG):
    return sorted(f.kind for f in gaps.evaluate(facts, config))


REUTERS = source(1, "Reuters", "reuters.com", archive="https://archive.org/r")
AP = source(2, "Associated Press", "apnews.com", archive="https://archive.org/a")


def test_gaps_module_imports_no_django():
    """gaps.py stays pure: no Django import anywhere in it."""
    tree = ast.parse(Path(gaps.__file__).read_text(encoding="utf-8"))
    imported = [
        getattr(node, "module", None) or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    assert not [name for name in imported if name and name.split(".")[0] == "django"]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (claim(checkworthiness=0.9), [gaps.NO_SOURCE]),
        (claim(checkworthiness=0.5), [gaps.NO_SOURCE]),
        (claim(checkworthiness=0.2), []),
        (claim(cite(REUTERS), cite(AP), checkworthiness=0.9), []),
    ],
)
def test_no_source_only_for_checkworthy_claims(facts, expected):
    """A check-worthy claim without citations has a no_source gap; others do not."""
    assert [f.kind for f in gaps.rule_no_source(facts, CONFIG)] == expected


@pytest.mark.parametrize(
    "facts",
    [
        claim(checkworthiness=0.9, dismissed=True),
        claim(checkworthiness=0.9, kind="caption"),
        claim(cite(source(5, url="https://x.org/a")), kind="headline"),
    ],
)
def test_dismissed_claims_and_non_claims_have_no_gaps(facts):
    """Only live claims are checked, so their open gaps get resolved."""
    assert gaps.evaluate(facts, CONFIG) == []


@pytest.mark.parametrize(
    ("count", "min_sources", "expected"),
    [(0, 2, False), (1, 2, True), (2, 2, False), (2, 3, True), (3, 3, False)],
)
def test_single_source_below_the_minimum(count, min_sources, expected):
    """Fewer distinct sources than the setting's minimum is a single_source gap."""
    sources = [source(i, f"Outlet {i}", f"outlet{i}.com") for i in range(count)]
    facts = claim(*map(cite, sources))
    found = gaps.rule_single_source(facts, GapConfig(min_sources=min_sources))
    assert bool(found) is expected


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([REUTERS, AP], False),
        (
            [
                source(1, "Reuters", "reuters.com"),
                source(2, "Reuters", "reuters.co.uk"),
            ],
            True,
        ),
        (
            [source(1, "Reuters", "reuters.com"), source(2, "Thomson", "reuters.com")],
            True,
        ),
        ([source(1, "The BBC", "bbc.co.uk"), source(2, "BBC", "bbc.com")], True),
        ([source(1, "", "bbc.co.uk"), source(2, "", "nytimes.com")], False),
        ([REUTERS], False),  # single_source's business, not this rule's
    ],
)
def test_not_independent_one_publisher_or_domain(sources, expected):
    """Sources sharing one publisher or registrable domain are not independent."""
    facts = claim(*map(cite, sources))
    assert bool(gaps.rule_not_independent(facts, CONFIG)) is expected


def test_not_independent_chains_through_shared_outlets():
    """A ~ B by domain and B ~ C by publisher makes one outlet, not two."""
    a = source(1, "Alpha", "alpha.com")
    b = source(2, "Beta", "alpha.com")
    c = source(3, "Beta", "beta.net")
    assert gaps.outlet_groups([a, b, c]) == 1
    assert gaps.outlet_groups([a, c]) == 2


@pytest.mark.parametrize(
    ("attribution", "src", "matches"),
    [
        ("SpaceNews", source(1, "", "spacenews.com"), True),
        ("according to SpaceNews", source(1, "Space News", "example.com"), True),
        ("the China National Space Administration", source(1, "", "cnsa.gov.cn"), True),
        (
            "the China National Space Administration",
            source(1, "China National Space Administration", "xinhua.net"),
            True,
        ),
        ("Reuters", source(1, "Thomson Reuters", "tr.com"), True),
        (
            "NASA",
            source(1, "National Aeronautics and Space Administration", "x.gov"),
            True,
        ),
        ("Roscosmos", source(1, "", "roscosmos.ru"), True),
        ("SpaceNews", source(1, "Reuters", "reuters.com"), False),
        ("AP", source(1, "Rapid City Journal", "rapidcityjournal.com"), False),
    ],
)
def test_source_matches_attribution_tolerantly(attribution, src, matches):
    """Publisher names, domain labels and initials match despite spelling."""
    assert gaps.source_matches(attribution, src) is matches


@pytest.mark.parametrize(
    ("attribution", "named"),
    [
        ("SpaceNews", True),
        ("the China National Space Administration", True),
        ("Sen. Rick Scott", True),
        ("Leaders from both countries", False),
        ("unnamed sources", False),
        ("Officials", False),
        ("", False),
    ],
)
def test_is_named_tells_names_from_generic_groups(attribution, named):
    assert gaps.is_named(attribution) is named


@pytest.mark.parametrize(
    ("attribution", "sources", "expected"),
    [
        ("SpaceNews", [REUTERS, AP], True),
        ("SpaceNews", [REUTERS, source(3, "SpaceNews", "spacenews.com")], False),
        ("Leaders from both countries", [REUTERS], False),
        ("SpaceNews", [], False),  # no_source covers an uncited claim
    ],
)
def test_attribution_uncited(attribution, sources, expected):
    """A named attribution with no citation from that publisher is a gap."""
    facts = claim(*map(cite, sources), attribution=attribution)
    found = gaps.rule_attribution_uncited(facts, CONFIG)
    assert bool(found) is expected
    if expected:
        assert attribution in found[0].detail


@pytest.mark.parametrize(
    ("signals", "attribution", "kinds_cited", "expected"),
    [
        (("official_action",), "", ["news"], True),
        (("official_action",), "", ["news", "official"], False),
        (("official_action",), "", ["primary"], False),
        ((), "the China National Space Administration", ["news"], True),
        ((), "SpaceNews", ["news"], False),
        ((), "", ["news"], False),
    ],
)
def test_no_primary_for_institutional_claims(
    signals, attribution, kinds_cited, expected
):
    """What an institution said or decided needs a primary document or statement."""
    sources = [
        source(i, f"P{i}", f"p{i}.org", kind=k) for i, k in enumerate(kinds_cited)
    ]
    facts = claim(*map(cite, sources), signals=signals, attribution=attribution)
    assert bool(gaps.rule_no_primary(facts, CONFIG)) is expected


@pytest.mark.parametrize(
    ("verdict", "ratings", "stances", "expected"),
    [
        ("false", (), ["supports"], True),
        ("false", (), ["refutes"], False),
        ("true", (), ["refutes"], True),
        ("true", (), ["supports", "context"], False),
        ("neutral", (), [], False),
        (None, ("false", "false", "true"), ["supports"], True),
        (None, ("false", "true"), ["context"], False),  # tie: no side
        (None, ("true",), ["supports"], False),
        (None, (), [], False),
        ("true", ("false", "false"), ["supports"], False),  # the verdict wins
    ],
)
def test_verdict_unsupported(verdict, ratings, stances, expected):
    """The rated side needs a citation with the matching stance."""
    cited = [cite(source(i, f"P{i}", f"p{i}.org"), s) for i, s in enumerate(stances)]
    facts = claim(*cited, verdict_polarity=verdict, rating_polarities=ratings)
    assert bool(gaps.rule_verdict_unsupported(facts, CONFIG)) is expected


@pytest.mark.parametrize(
    ("status", "archive", "url", "expected"),
    [
        ("dead", "", "https://gone.org/x", [gaps.DEAD_LINK]),
        ("dead", "https://web.archive.org/x", "https://gone.org/x", []),
        ("failing", "", "https://gone.org/x", [gaps.NO_ARCHIVE]),
        ("alive", "", "https://ok.org/x", [gaps.NO_ARCHIVE]),
        ("alive", "https://web.archive.org/x", "https://ok.org/x", []),
        ("unchecked", "", "", []),  # a book or an interview has no URL
    ],
)
def test_link_rules_per_source(status, archive, url, expected):
    """Dead links and missing archives are gaps about one source each."""
    src = source(7, "P", "p.org", url=url, archive=archive, status=status)
    facts = claim(cite(src))
    found = gaps.rule_dead_link(facts, CONFIG) + gaps.rule_no_archive(facts, CONFIG)
    assert [f.kind for f in found] == expected
    assert all(f.source_id == 7 for f in found)


def test_evaluate_runs_every_rule_with_configured_severities():
    """Severities come from the config; disabled rules never fire."""
    config = GapConfig(severities={**gaps.DEFAULT_SEVERITIES, gaps.NO_SOURCE: "low"})
    [finding] = gaps.evaluate(claim(checkworthiness=1.0), config)
    assert (finding.kind, finding.severity, finding.source_id) == (
        "no_source",
        "low",
        None,
    )
    off = GapConfig(enabled=frozenset(gaps.ALL_KINDS) - {gaps.NO_SOURCE})
    assert gaps.evaluate(claim(checkworthiness=1.0), off) == []


def test_evaluate_well_sourced_claim_has_no_gaps():
    facts = claim(cite(REUTERS), cite(AP, "refutes"), verdict_polarity="false")
    assert kinds(facts) == []


def test_evaluate_one_cited_dead_source_gives_every_gap_that_holds():
    dead = source(9, "Blog", "blog.example", status="dead")
    facts = claim(cite(dead), attribution="SpaceNews", rating_polarities=("false",))
    assert kinds(facts) == sorted(
        [
            gaps.SINGLE_SOURCE,
            gaps.ATTRIBUTION_UNCITED,
            gaps.VERDICT_UNSUPPORTED,
            gaps.DEAD_LINK,
        ]
    )


def test_details_fit_the_column():
    long_url = "https://example.org/" + "a" * 2000
    facts = claim(cite(source(1, "P", "p.org", url=long_url)), attribution="X" * 600)
    assert all(len(f.detail) <= gaps.DETAIL_MAX for f in gaps.evaluate(facts, CONFIG))


SAME_DESK = source(3, "Reuters", "reuters.com")  # no archive


@pytest.mark.parametrize(
    "facts",
    [
        claim(checkworthiness=0.9),
        claim(cite(REUTERS), attribution="SpaceNews", rating_polarities=("true",)),
        claim(cite(REUTERS), cite(REUTERS, "refutes"), verdict_polarity="false"),
        claim(cite(REUTERS), cite(SAME_DESK), signals=("official_action",)),
        claim(
            cite(REUTERS),
            cite(AP),
            cite(source(4, "Blog", "blog.example", status="dead")),
            attribution="the Ministry of Health",
        ),
    ],
)
def test_evaluate_gives_exactly_what_the_rules_give_one_by_one(facts):
    """evaluate shares the claim's distinct sources between rules; each rule on its
    own finds the same gaps, in the same order."""
    one_by_one = [f for rule in gaps.RULES.values() for f in rule(facts, CONFIG)]
    assert one_by_one
    assert gaps.evaluate(facts, CONFIG) == one_by_one


def test_outlet_groups_of_few_sources():
    """No sources are no outlet; two sources are one outlet or two."""
    assert gaps.outlet_groups([]) == 0
    assert gaps.outlet_groups([REUTERS]) == 1
    assert gaps.outlet_groups([REUTERS, SAME_DESK]) == 1
    assert gaps.outlet_groups([REUTERS, AP]) == 2
