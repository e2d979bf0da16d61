"""Each quoting citation's check against its source's newest capture
(annotations.services.quotes), and the quote_not_in_source gap it raises."""

import datetime as dt

import pytest
from django.utils import timezone

from annotations import services
from annotations.models import CaptureState, PendingRescan, QuoteCheck, QuoteStatus
from annotations.services import quotes as quote_service
from annotations.sourcing import gaps, scanner
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = (
    "Port authority annual report.\n\n"
    "The ferry terminal cost \u201c$48 million\u201d, twice the first estimate, "
    "the authority\u2019s auditor wrote."
)


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory(
        title="Ferry", body="The ferry terminal cost $48 million, twice the estimate."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    return claim


def cite(claim, quote, source=None):
    return factories.CitationFactory(
        claim=claim, source=source or factories.SourceFactory(), quote=quote
    )


def status_of(citation):
    return QuoteCheck.objects.get(citation=citation).status


def test_every_quoting_citation_of_the_source_is_checked_against_its_capture(claim):
    source = factories.SourceFactory()
    other_claim = factories.claims_for(
        factories.ArticleFactory(body="Twice the estimate, critics said."),
        ["Twice the estimate, critics said."],
    )[0]
    found = cite(claim, 'cost "$48 million", twice the first estimate', source)
    fuzzy = cite(other_claim, "twice the frist estimate, the authoritys audit", source)
    missing = factories.CitationFactory(
        claim=factories.claims_for(
            factories.ArticleFactory(body="It was on time."), ["It was on time."]
        )[0],
        source=source,
        quote="the terminal opened on time",
    )
    unquoted = factories.CitationFactory(
        claim=other_claim, source=factories.SourceFactory(), quote=""
    )
    capture = factories.CaptureFactory(source=source, text=PAGE)

    assert quote_service.quotes_check(capture) == 3

    check = QuoteCheck.objects.get(citation=found)
    assert check.status == QuoteStatus.FOUND
    assert check.capture == capture
    assert check.similarity == 1.0
    assert PAGE[check.start : check.end] == (
        "cost \u201c$48 million\u201d, twice the first estimate"
    )
    fuzzy_check = QuoteCheck.objects.get(citation=fuzzy)
    assert fuzzy_check.status == QuoteStatus.FUZZY
    assert 0.8 <= fuzzy_check.similarity < 1
    assert PAGE[fuzzy_check.start : fuzzy_check.end].startswith("twice the first")
    assert status_of(missing) == QuoteStatus.NOT_FOUND
    assert QuoteCheck.objects.get(citation=missing).start is None
    assert not QuoteCheck.objects.filter(citation=unquoted).exists()
    # The claims whose status changed are queued for a gap rescan.
    assert set(PendingRescan.objects.values_list("claim_id", flat=True)) >= {
        claim.pk,
        other_claim.pk,
    }


def test_the_newest_captured_capture_counts_not_a_later_failure(claim):
    source = factories.SourceFactory()
    citation = cite(claim, "twice the first estimate", source)
    now = timezone.now()
    factories.CaptureFactory(
        source=source, text="An old page.", captured_at=now - dt.timedelta(days=3)
    )
    newest = factories.CaptureFactory(
        source=source, text=PAGE, captured_at=now - dt.timedelta(days=1)
    )
    failed = factories.CaptureFactory(
        source=source,
        state=CaptureState.FAILED,
        text="",
        captured_at=None,
        error="HTTP 503",
    )
    quote_service.quotes_check(failed)
    check = QuoteCheck.objects.get(citation=citation)
    assert check.status == QuoteStatus.FOUND
    assert check.capture == newest


def test_no_capture_yet_and_a_failed_capture_say_so(claim):
    pending_source = factories.SourceFactory()
    failed_source = factories.SourceFactory()
    waiting = cite(claim, "twice the estimate", pending_source)
    pending = factories.CaptureFactory(
        source=pending_source, state=CaptureState.PENDING, text="", captured_at=None
    )
    quote_service.quotes_check(pending)
    assert status_of(waiting) == QuoteStatus.NO_CAPTURE

    broken = cite(claim, "twice the estimate", failed_source)
    failed = factories.CaptureFactory(
        source=failed_source,
        state=CaptureState.FAILED,
        text="",
        captured_at=None,
        error_code="too_large",
        error="The page is larger than 5 MB.",
    )
    quote_service.quotes_check(failed)
    check = QuoteCheck.objects.get(citation=broken)
    assert check.status == QuoteStatus.CAPTURE_FAILED
    assert check.capture == failed


def test_adding_a_citation_and_editing_its_quote_check_it(claim, reviewer):
    source = factories.SourceFactory()
    factories.CaptureFactory(source=source, text=PAGE)
    citation = services.citation_add(
        claim=claim,
        source=source,
        stance="supports",
        user=reviewer,
        quote="The ferry terminal cost $48 million",
    )
    assert status_of(citation) == QuoteStatus.FOUND

    services.citation_update(
        citation=citation, user=reviewer, quote="The ferry terminal cost $84 million"
    )
    assert status_of(citation) == QuoteStatus.FUZZY
    services.citation_update(
        citation=citation, user=reviewer, quote="The bridge cost a billion"
    )
    assert status_of(citation) == QuoteStatus.NOT_FOUND
    # A note edited leaves the check alone; a quote taken away removes it.
    QuoteCheck.objects.filter(citation=citation).update(status=QuoteStatus.FOUND)
    services.citation_update(citation=citation, user=reviewer, note="See page 3.")
    assert status_of(citation) == QuoteStatus.FOUND
    services.citation_update(citation=citation, user=reviewer, quote="")
    assert not QuoteCheck.objects.filter(citation=citation).exists()


def test_a_citation_of_a_source_not_captured_is_not_captured_yet(claim, reviewer):
    citation = services.citation_add(
        claim=claim,
        source=factories.SourceFactory(),
        stance="supports",
        user=reviewer,
        quote="anything at all",
    )
    assert status_of(citation) == QuoteStatus.NO_CAPTURE


def test_a_new_capture_without_the_quote_opens_the_gap_and_one_with_it_resolves_it(
    claim,
):
    source = factories.SourceFactory(archive_url="https://web.archive.org/web/1/x")
    second = factories.SourceFactory(archive_url="https://web.archive.org/web/1/y")
    cite(claim, "twice the first estimate", source)
    cite(claim, "whatever", second)

    def open_kinds():
        scanner.scan_claims([claim.pk])
        return set(
            claim.gaps.filter(resolved_at__isnull=True).values_list("kind", flat=True)
        )

    assert gaps.QUOTE_NOT_IN_SOURCE not in open_kinds()  # not captured yet
    quote_service.quotes_check(
        factories.CaptureFactory(source=source, text="A page about something else.")
    )
    assert gaps.QUOTE_NOT_IN_SOURCE in open_kinds()
    gap = claim.gaps.get(kind=gaps.QUOTE_NOT_IN_SOURCE, resolved_at__isnull=True)
    assert gap.source_id == source.pk
    assert gap.detail == (f"The quoted words are not in the capture of {source.url}.")
    quote_service.quotes_check(factories.CaptureFactory(source=source, text=PAGE))
    assert gaps.QUOTE_NOT_IN_SOURCE not in open_kinds()


def test_the_quote_rule_is_per_source_and_only_for_not_found():
    def citation(source_id, status, url="https://a.example/x"):
        return gaps.CitationFacts(
            gaps.SourceFacts(source_id, url=url, archive_url="y"), "supports", status
        )

    claim = gaps.ClaimFacts(
        1,
        citations=(
            citation(1, "not_found"),
            citation(2, "fuzzy"),
            citation(3, "changed"),
            citation(4, "no_capture"),
            citation(5, "capture_failed"),
            citation(6, "not_found", url=""),
        ),
    )
    findings = gaps.rule_quote_not_in_source(claim, gaps.GapConfig())
    assert [(f.source_id, f.detail_code) for f in findings] == [
        (1, "quote_not_in_source"),
        (6, "quote_not_in_source_unnamed"),
    ]
    assert {f.severity for f in findings} == {"medium"}
    assert gaps.QUOTE_NOT_IN_SOURCE not in gaps.DEFAULT_BLOCKING


def test_the_live_page_without_the_quote_is_changed_since_capture(claim):
    source = factories.SourceFactory()
    citation = cite(claim, "twice the first estimate", source)
    capture = factories.CaptureFactory(source=source, text=PAGE)
    quote_service.quotes_check(capture)
    assert quote_service.sources_to_read([source.pk, 0]) == {source.pk}

    quote_service.quotes_compare_live({source.pk: "The page was rewritten."})
    check = QuoteCheck.objects.get(citation=citation)
    assert check.status == QuoteStatus.CHANGED
    assert check.live_checked_at is not None
    # A recheck against the same capture keeps what the live page said...
    quote_service.quotes_check(capture)
    assert status_of(citation) == QuoteStatus.CHANGED
    # ...and the quote back on the page is found again.
    quote_service.quotes_compare_live({source.pk: PAGE.upper()})
    assert status_of(citation) == QuoteStatus.FOUND


def test_a_desk_may_make_the_quote_gap_block_approval(editor):
    from annotations import policies
    from annotations.desksettings import clean_desk_settings
    from annotations.models import Workspace

    own = clean_desk_settings(
        {"gaps": {"blocking": [gaps.QUOTE_NOT_IN_SOURCE, gaps.NO_SOURCE]}}
    )
    strict = Workspace.objects.create(slug="quotes", name="Quotes", settings=own)
    article = factories.ArticleFactory(workspace=strict)
    claim = factories.claims_for(article)[0]
    assert gaps.QUOTE_NOT_IN_SOURCE in policies.approval_policy(claim).blocking_kinds
    default = factories.claims_for(factories.ArticleFactory())[0]
    blocking = policies.approval_policy(default).blocking_kinds
    assert gaps.QUOTE_NOT_IN_SOURCE not in blocking
