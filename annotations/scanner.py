"""The gap scanner: load claim facts in bulk, run the pure rules, sync SourcingGap rows.

Every batch costs a fixed number of queries whatever its size: one for the claims (with
their verdict), one for their citations (with the sources), one for their ratings, one
for their open gaps, then at most one insert, one "still seen" update and one resolve
update (plus one per gap whose severity or detail changed, which is rare). A batch
runs in one transaction, so a worker killed half-way leaves every claim either fully
scanned or untouched.

Concurrent scans of the same claims are safe: new gaps are inserted with
`ignore_conflicts` against the `gap_one_open_per_claim_kind_source` constraint, so two
scanners that both see a gap missing still create one row; resolving is an UPDATE
guarded by `resolved_at IS NULL`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from annotations import gaps
from annotations.models import (
    Article,
    Citation,
    Claim,
    PendingRescan,
    Rating,
    ScanRun,
    SourcingGap,
)

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def gap_config() -> gaps.GapConfig:
    """The rules' thresholds and severities, from settings."""
    return gaps.GapConfig(
        min_sources=settings.FACTCHECK_GAP_MIN_SOURCES,
        checkworthy_threshold=settings.FACTCHECK_GAP_CHECKWORTHY,
        severities=dict(settings.FACTCHECK_GAP_SEVERITIES),
        blocking=frozenset(settings.FACTCHECK_GAP_BLOCKING),
        primary_kinds=frozenset(settings.FACTCHECK_GAP_PRIMARY_KINDS),
    )


@dataclass
class ScanResult:
    claims: int = 0
    opened: int = 0
    resolved: int = 0
    seen: int = 0

    def add(self, other: ScanResult) -> None:
        self.claims += other.claims
        self.opened += other.opened
        self.resolved += other.resolved
        self.seen += other.seen


# --- loading facts -----------------------------------------------------------------


def _signal_names(signals) -> tuple[str, ...]:
    names = []
    for signal in signals or ():
        if isinstance(signal, dict):
            name = signal.get("name")
            if name:
                names.append(str(name))
        elif isinstance(signal, str):
            names.append(signal)
    return tuple(names)


def load_facts(claim_filter: Q) -> dict[int, gaps.ClaimFacts]:
    """The rules' input for every claim matching `claim_filter` (three queries).

    `claim_filter` is written against Claim fields (e.g. `Q(pk__in=ids)` or an id
    range); citations and ratings are selected through the same condition.
    """
    claim_rows = Claim.objects.filter(claim_filter).values_list(
        "pk",
        "kind",
        "checkworthiness",
        "dismissed_at",
        "attribution",
        "signals",
        "verdict__label__polarity",
    )
    related = _related_filter(claim_filter)
    citations: dict[int, list[gaps.CitationFacts]] = defaultdict(list)
    sources: dict[int, gaps.SourceFacts] = {}
    for row in (
        Citation.objects.filter(related)
        .order_by()
        .values_list(
            "claim_id",
            "stance",
            "source_id",
            "source__publisher",
            "source__domain",
            "source__kind",
            "source__url",
            "source__archive_url",
            "source__link_status",
        )
    ):
        claim_id, stance, source_id = row[0], row[1], row[2]
        source = sources.get(source_id)
        if source is None:
            source = sources[source_id] = gaps.SourceFacts(source_id, *row[3:])
        citations[claim_id].append(gaps.CitationFacts(source, stance))
    ratings: dict[int, list[str]] = defaultdict(list)
    for claim_id, polarity in (
        Rating.objects.filter(related)
        .order_by()
        .values_list("claim_id", "label__polarity")
    ):
        ratings[claim_id].append(polarity)
    facts = {}
    for pk, kind, worth, dismissed_at, attribution, signals, verdict in claim_rows:
        facts[pk] = gaps.ClaimFacts(
            id=pk,
            kind=kind,
            checkworthiness=worth,
            dismissed=dismissed_at is not None,
            attribution=attribution,
            signals=_signal_names(signals),
            citations=tuple(citations.get(pk, ())),
            verdict_polarity=verdict,
            rating_polarities=tuple(ratings.get(pk, ())),
        )
    return facts


def _related_filter(claim_filter: Q) -> Q:
    """Rewrite a Q over Claim fields ("pk__in", "article") onto a claim foreign key."""
    rewritten = Q()
    rewritten.connector, rewritten.negated = (
        claim_filter.connector,
        claim_filter.negated,
    )
    for child in claim_filter.children:
        if isinstance(child, Q):
            rewritten.children.append(_related_filter(child))
        else:
            lookup, value = child
            if lookup == "pk" or lookup.startswith("pk__"):
                lookup = "claim_id" + lookup[2:]
            else:
                lookup = "claim__" + lookup
            rewritten.children.append((lookup, value))
    return rewritten


# --- syncing gaps ------------------------------------------------------------------


def sync_gaps(
    facts: dict[int, gaps.ClaimFacts],
    claim_filter: Q,
    *,
    now: dt.datetime,
    config: gaps.GapConfig,
) -> ScanResult:
    """Open, refresh and resolve the gaps of the claims in `claim_filter`.

    `facts` holds the claims that exist; open gaps of any other claim matching the
    filter cannot exist (the foreign key cascades), so everything open and not found
    again is resolved.
    """
    wanted: dict[tuple[int, str, int], gaps.Finding] = {}
    for claim in facts.values():
        for finding in gaps.evaluate(claim, config):
            wanted[(claim.id, finding.kind, finding.source_id or 0)] = finding
    open_rows = (
        SourcingGap.objects.filter(
            _related_filter(claim_filter), resolved_at__isnull=True
        )
        .order_by()
        .values_list("pk", "claim_id", "kind", "source_id", "severity", "detail")
    )
    seen_ids, resolve_ids, changed = [], [], []
    present = set()
    for pk, claim_id, kind, source_id, severity, detail in open_rows:
        key = (claim_id, kind, source_id or 0)
        finding = wanted.get(key)
        if finding is None or key in present:
            resolve_ids.append(pk)
            continue
        present.add(key)
        seen_ids.append(pk)
        if finding.severity != severity or finding.detail != detail:
            changed.append((pk, finding))
    new = [
        SourcingGap(
            claim_id=claim_id,
            source_id=source_id or None,
            kind=kind,
            severity=finding.severity,
            detail=finding.detail,
            opened_at=now,
            last_seen_at=now,
        )
        for (claim_id, kind, source_id), finding in wanted.items()
        if (claim_id, kind, source_id) not in present
    ]
    result = ScanResult(claims=len(facts), seen=len(seen_ids))
    if new:
        # A concurrent scanner may have opened the same gap a moment ago: the partial
        # unique constraint turns our copy into a no-op instead of a duplicate.
        SourcingGap.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
        result.opened = len(new)
    for chunk in _chunks(seen_ids, 5000):
        SourcingGap.objects.filter(pk__in=chunk).update(last_seen_at=now)
    for pk, finding in changed:
        SourcingGap.objects.filter(pk=pk).update(
            severity=finding.severity, detail=finding.detail
        )
    for chunk in _chunks(resolve_ids, 5000):
        result.resolved += SourcingGap.objects.filter(
            pk__in=chunk, resolved_at__isnull=True
        ).update(resolved_at=now, last_seen_at=now)
    return result


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def scan_filter(claim_filter: Q, *, now=None, config=None) -> ScanResult:
    """Scan the claims matching `claim_filter` in one transaction."""
    now = now or timezone.now()
    config = config or gap_config()
    with transaction.atomic():
        facts = load_facts(claim_filter)
        return sync_gaps(facts, claim_filter, now=now, config=config)


def scan_claims(claim_ids: Iterable[int], *, now=None, batch_size=None) -> ScanResult:
    """Rescan these claims (ids of deleted claims are ignored)."""
    ids = sorted({int(pk) for pk in claim_ids})
    batch_size = batch_size or settings.FACTCHECK_GAP_SCAN_BATCH_SIZE
    config = gap_config()
    result = ScanResult()
    for chunk in _chunks(ids, batch_size):
        result.add(scan_filter(Q(pk__in=list(chunk)), now=now, config=config))
    return result


def scan_pending(limit: int = 10_000) -> ScanResult:
    """Rescan the claims whose edits queued a rescan; one scan for a burst of edits."""
    with transaction.atomic():
        ids = list(
            PendingRescan.objects.order_by("requested_at").values_list(
                "claim_id", flat=True
            )[:limit]
        )
        if ids:
            PendingRescan.objects.filter(claim_id__in=ids).delete()
    # Facts are read after the queue rows are gone, so an edit committed from here on
    # queues a new rescan instead of being missed.
    return scan_claims(ids) if ids else ScanResult()


def request_rescan(claim_ids: Iterable[int], *, now=None) -> None:
    """Queue claims for a rescan (idempotent: one row per claim)."""
    now = now or timezone.now()
    rows = [PendingRescan(claim_id=pk, requested_at=now) for pk in set(claim_ids)]
    PendingRescan.objects.bulk_create(rows, ignore_conflicts=True)


# --- full and per-article scans ----------------------------------------------------


def _claim_range_batches(base: Q, after: int, batch_size: int):
    """Id ranges (lo, hi] holding `batch_size` claims each, starting after `after`."""
    last = after
    while True:
        # Keyset pagination: the batch's last id comes from one indexed query.
        claims = Claim.objects.filter(base, pk__gt=last).order_by("pk")
        bounds = list(claims.values_list("pk", flat=True)[batch_size - 1 : batch_size])
        hi = bounds[0] if bounds else claims.aggregate(hi=Max("pk"))["hi"]
        if hi is None:
            return
        yield last, hi
        last = hi


def _heartbeat(run: ScanRun, **fields) -> None:
    fields["heartbeat_at"] = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    ScanRun.objects.filter(pk=run.pk).update(**fields)


def _take_over_or_start(
    scope: str, article: Article | None, stale_after: float
) -> ScanRun:
    """The run to work on: an abandoned unfinished one (worker died), or a new one."""
    now = timezone.now()
    with transaction.atomic():
        unfinished = (
            ScanRun.objects.select_for_update()
            .filter(status=ScanRun.Status.RUNNING, scope=scope, article=article)
            .order_by("-started_at")
        )
        for run in unfinished:
            if run.heartbeat_at >= now - dt.timedelta(seconds=stale_after):
                raise ScanAlreadyRunning(run)
            run.takeovers += 1
            run.heartbeat_at = now
            run.save(update_fields=["takeovers", "heartbeat_at"])
            logger.warning(
                "Taking over abandoned gap scan #%s at claim %s",
                run.pk,
                run.last_claim_id,
            )
            return run
        return ScanRun.objects.create(
            scope=scope, article=article, started_at=now, heartbeat_at=now
        )


class ScanAlreadyRunning(Exception):
    def __init__(self, run: ScanRun):
        super().__init__(
            f"Gap scan #{run.pk} is still running ({run.done}/{run.total})."
        )
        self.run = run


def run_scan(
    *,
    article: Article | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
    stale_after: float | None = None,
) -> ScanRun:
    """Scan every claim (or one article's) in id-ordered batches, recording progress.

    Resumes an unfinished run whose heartbeat is older than `stale_after` seconds from
    its last finished batch; raises ScanAlreadyRunning if one is still alive.
    """
    batch_size = batch_size or settings.FACTCHECK_GAP_SCAN_BATCH_SIZE
    if stale_after is None:
        stale_after = settings.FACTCHECK_GAP_SCAN_STALE_SECONDS
    pause = settings.FACTCHECK_GAP_SCAN_BATCH_PAUSE
    scope = ScanRun.Scope.ARTICLE if article is not None else ScanRun.Scope.FULL
    base = Q(article=article) if article is not None else Q()
    run = _take_over_or_start(scope, article, stale_after)
    config = gap_config()
    try:
        remaining = Claim.objects.filter(base, pk__gt=run.last_claim_id).count()
        _heartbeat(run, total=run.done + remaining)
        if progress:
            progress(run.done, run.total)
        for lo, hi in _claim_range_batches(base, run.last_claim_id, batch_size):
            claim_filter = base & Q(pk__gt=lo, pk__lte=hi)
            now = timezone.now()
            with transaction.atomic():
                facts = load_facts(claim_filter)
                result = sync_gaps(facts, claim_filter, now=now, config=config)
                # The cursor moves in the same transaction as the batch's gaps, so a
                # resumed run neither skips nor half-applies a batch.
                _heartbeat(
                    run,
                    last_claim_id=hi,
                    done=min(run.total, run.done + result.claims),
                    opened=run.opened + result.opened,
                    resolved=run.resolved + result.resolved,
                )
            if progress:
                progress(run.done, run.total)
            if pause:
                time.sleep(pause)
    except Exception as exc:
        _heartbeat(run, status=ScanRun.Status.FAILED, error=str(exc)[:500])
        raise
    _heartbeat(
        run, status=ScanRun.Status.FINISHED, finished_at=timezone.now(), done=run.total
    )
    return run


# --- reads for pages ---------------------------------------------------------------


def open_gaps_by_claim(claim_ids: Iterable[int]) -> dict[int, list[SourcingGap]]:
    """Open gaps of these claims, most severe first, keyed by claim id (one query)."""
    order = {"high": 0, "medium": 1, "low": 2}
    grouped: dict[int, list[SourcingGap]] = defaultdict(list)
    for gap in SourcingGap.objects.filter(
        claim_id__in=list(claim_ids), resolved_at__isnull=True
    ).select_related("source"):
        grouped[gap.claim_id].append(gap)
    for items in grouped.values():
        items.sort(key=lambda g: (order.get(g.severity, 3), g.kind, g.source_id or 0))
    return dict(grouped)


def blocking_gaps(claim_id: int) -> list[SourcingGap]:
    """Open gaps that stop an editor approving this claim's verdict."""
    return list(
        SourcingGap.objects.filter(
            claim_id=claim_id,
            resolved_at__isnull=True,
            kind__in=settings.FACTCHECK_GAP_BLOCKING,
        )
    )
