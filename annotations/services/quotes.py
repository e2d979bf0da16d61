"""Keeping each citation's quote check: is the quote in its source's capture?
(docs/QUOTES.md).

A citation that quotes something has one QuoteCheck row, rewritten here and nowhere
else: for all the quoting citations of a source when a capture of it lands
(`quotes_check`), for one citation when it is added or its quote is edited
(`citation_quotes_check`), and when the link checker has read the live page
(`quotes_compare_live`). The matching is the pure `annotations.sourcing.quotes`.

The capture checked against is the source's newest *captured* one: a later failed
or pending capture does not take the evidence away. With none captured the status
is "capture failed" (pointing at the newest failed capture, which says why) or "not
captured yet".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from annotations.models import (
    Capture,
    CaptureState,
    Citation,
    QuoteCheck,
    QuoteStatus,
)
from annotations.services.common import claims_touched
from annotations.sourcing import quotes

_MATCH_STATUS = {
    quotes.FOUND: QuoteStatus.FOUND,
    quotes.FUZZY: QuoteStatus.FUZZY,
    quotes.NOT_FOUND: QuoteStatus.NOT_FOUND,
}
# The statuses that say the quote was in the capture (so the live page is worth
# comparing with it).
IN_CAPTURE = (QuoteStatus.FOUND, QuoteStatus.FUZZY, QuoteStatus.CHANGED)


def _newest_captures(source_ids: list[int]) -> dict[int, tuple[Capture | None, ...]]:
    """Per source, its newest captured capture (with its text) and its newest
    failed one (without): two queries whatever the number of sources."""
    newest: dict[int, list[Capture | None]] = {
        source_id: [None, None] for source_id in source_ids
    }
    order = ("source_id", "-captured_at", "-requested_at", "-id")
    for capture in Capture.objects.filter(
        source_id__in=source_ids, state=CaptureState.CAPTURED
    ).order_by(*order):
        if newest[capture.source_id][0] is None:
            newest[capture.source_id][0] = capture
    for capture in (
        Capture.objects.filter(source_id__in=source_ids, state=CaptureState.FAILED)
        .defer("text")
        .order_by("source_id", "-requested_at", "-id")
    ):
        if newest[capture.source_id][1] is None:
            newest[capture.source_id][1] = capture
    return {source_id: tuple(pair) for source_id, pair in newest.items()}


def _check(citation_filter: Q, *, now: dt.datetime | None = None) -> int:
    """Rewrite the quote checks of the citations matching `citation_filter`; the
    claims whose status changed are rescanned. Returns the number checked."""
    now = now or timezone.now()
    # Citations that quote nothing have nothing to check.
    QuoteCheck.objects.filter(
        citation__in=Citation.objects.filter(citation_filter, quote="")
    ).delete()
    rows = list(
        Citation.objects.filter(citation_filter)
        .exclude(quote="")
        .values_list(
            "pk",
            "claim_id",
            "source_id",
            "quote",
            "quote_check__status",
            "quote_check__capture_id",
        )
    )
    if not rows:
        return 0
    captures = _newest_captures(sorted({row[2] for row in rows}))
    normalised: dict[int, quotes.Normalised] = {}
    checks, touched = [], set()
    for pk, claim_id, source_id, quote, old_status, old_capture in rows:
        captured, failed = captures[source_id]
        check = QuoteCheck(citation_id=pk, checked_at=now)
        if captured is not None:
            if captured.pk not in normalised:
                normalised[captured.pk] = quotes.normalise(captured.text)
            match = quotes.find_quote(quote, normalised[captured.pk])
            check.capture = captured
            check.status = _MATCH_STATUS[match.status]
            check.similarity = match.similarity if match.start is not None else None
            check.start, check.end = match.start, match.end
            # The live page said the quote left it: that stays true until the
            # next look at the live page, or a new capture.
            if (
                old_status == QuoteStatus.CHANGED
                and old_capture == captured.pk
                and check.status in IN_CAPTURE
            ):
                check.status = QuoteStatus.CHANGED
        elif failed is not None:
            check.capture = failed
            check.status = QuoteStatus.CAPTURE_FAILED
        else:
            check.status = QuoteStatus.NO_CAPTURE
        checks.append(check)
        if check.status != old_status:
            touched.add(claim_id)
    QuoteCheck.objects.bulk_create(
        checks,
        update_conflicts=True,
        unique_fields=["citation"],
        update_fields=["capture", "status", "similarity", "start", "end", "checked_at"],
    )
    if touched:
        claims_touched(touched)
    return len(checks)


@transaction.atomic
def quotes_check(capture: Capture, *, now: dt.datetime | None = None) -> int:
    """Check every quoting citation of the capture's source against the source's
    newest captured capture (the capture task calls this once a capture is stored
    or has failed). Returns the number of citations checked."""
    return _check(Q(source_id=capture.source_id), now=now)


def citation_quotes_check(citation_ids: Iterable[int]) -> int:
    """Check these citations' quotes (a citation added, a quote edited); runs in
    the caller's transaction."""
    ids = list(citation_ids)
    return _check(Q(pk__in=ids)) if ids else 0


@transaction.atomic
def quotes_compare_live(
    page_texts: dict[int, str], *, now: dt.datetime | None = None
) -> int:
    """Compare the quotes found in each source's capture with its live page's
    text (keyed by source id, as the link checker read it): a quote no longer on
    the page is "changed since capture"; one back on it is found again. Returns
    the number of quote checks whose status changed."""
    if not page_texts:
        return 0
    now = now or timezone.now()
    changed = []
    checks = list(
        QuoteCheck.objects.filter(
            citation__source_id__in=list(page_texts), status__in=IN_CAPTURE
        ).select_related("citation")
    )
    normalised: dict[int, quotes.Normalised] = {}
    for check in checks:
        source_id = check.citation.source_id
        if source_id not in normalised:
            normalised[source_id] = quotes.normalise(page_texts[source_id])
        live = quotes.find_quote(check.citation.quote, normalised[source_id])
        if live.status == quotes.NOT_FOUND:
            status = QuoteStatus.CHANGED
        elif check.similarity == 1.0:
            status = QuoteStatus.FOUND
        else:
            status = QuoteStatus.FUZZY
        if status != check.status:
            changed.append(check)
        check.status = status
        check.live_checked_at = now
    QuoteCheck.objects.bulk_update(checks, ["status", "live_checked_at"])
    return len(changed)


def sources_to_read(source_ids: Iterable[int]) -> set[int]:
    """Of these sources, those whose live page is worth reading: some citation's
    quote was found in their capture (one query)."""
    return set(
        QuoteCheck.objects.filter(
            citation__source_id__in=list(source_ids), status__in=IN_CAPTURE
        )
        .values_list("citation__source_id", flat=True)
        .distinct()
    )
