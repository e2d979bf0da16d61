"""The gap scanner: load claim facts in bulk, run the pure rules, sync SourcingGap rows.

Every batch costs a fixed number of queries whatever its size: one for the claims (with
their verdict and desk), one for their citations, one for the cited sources (by
primary key), one for their ratings, one for their open gaps, one for the settings of
the desks no earlier batch of the scan met (each claim is judged by its desk's rules,
docs/DESKS.md), then at most one insert, one "still
seen" update and one resolve update (plus one per gap whose severity or detail
changed, which is rare). A batch's writes run in one transaction, so a worker killed
half-way leaves every claim either fully scanned or untouched.

The reads skip the ORM's per-row conversions, and on PostgreSQL the writes send the
batch as arrays (`unnest`, `= ANY`): at a million claims those per-row costs, not the
rules, were most of a full scan. A full scan outside a transaction also prepares the
next batch in a helper thread while it writes the current one (see `_Prefetcher`).

The scanner decides what to write; the writes themselves (gap rows, the rescan
outbox, scan runs and their heartbeats) are bookkeeping functions of
`annotations.services.system`, like every write no person makes.

Concurrent scans of the same claims are safe: new gaps are inserted with
`ON CONFLICT DO NOTHING` (`ignore_conflicts`) against the
`gap_one_open_per_claim_kind_source` constraint, so two scanners that both see a gap
missing still create one row; resolving is an UPDATE guarded by `resolved_at IS NULL`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import Max, Q
from django.utils import timezone

from annotations import limits
from annotations.desksettings import settings_of
from annotations.models import (
    Article,
    Citation,
    Claim,
    Rating,
    ScanRun,
    Source,
    SourcingGap,
    Workspace,
)
from annotations.services import system
from annotations.sourcing import gaps

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


def gap_config(desk=None) -> gaps.GapConfig:
    """The rules' thresholds and severities in `desk` (a desk, an article or a
    claim; None: the instance's defaults), from its settings (docs/DESKS.md)."""
    rules = settings_of(desk).gaps
    return gaps.GapConfig(
        min_sources=rules.min_sources,
        checkworthy_threshold=rules.checkworthy,
        severities=dict(rules.severities),
        primary_kinds=rules.primary_kinds,
    )


class DeskConfigs:
    """Each desk's `GapConfig`, for a scan over claims of many desks.

    A desk's row is read the first time one of its claims comes up (one query for
    the new desks of a batch, none once every desk of the scan was seen), so a scan
    costs at most one query per batch for this, whatever the number of claims or
    desks.
    """

    def __init__(self):
        self._configs: dict[int, gaps.GapConfig] = {}

    def load(self, desk_ids: Iterable[int]) -> None:
        missing = set(desk_ids) - set(self._configs)
        if missing:
            for desk in Workspace.objects.filter(pk__in=sorted(missing)):
                self._configs[desk.pk] = gap_config(desk)

    def __getitem__(self, desk_id: int) -> gaps.GapConfig:
        return self._configs[desk_id]


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


_RULE_SIGNAL = re.compile("|".join(map(re.escape, sorted(gaps.RULE_SIGNALS))))


def _signal_names(raw) -> tuple[str, ...]:
    """The names in a claim's `signals` that some rule reads (gaps.RULE_SIGNALS).

    `raw` is the column as the driver returns it (JSON text; decoded on some
    backends). Most claims carry no signal a rule reads, so the JSON is decoded only
    when one of those names occurs in the text at all.
    """
    if not raw:
        return ()
    if isinstance(raw, str | bytes):
        text = raw.decode() if isinstance(raw, bytes) else raw
        if not _RULE_SIGNAL.search(text):
            return ()
        raw = json.loads(text)
    names = []
    for signal in raw if isinstance(raw, list) else ():
        name = signal.get("name") if isinstance(signal, dict) else signal
        if isinstance(name, str) and name in gaps.RULE_SIGNALS:
            names.append(name)
    return tuple(names)


def _fetch(queryset) -> list[tuple]:
    """Run a values_list queryset's SQL on a plain cursor.

    The ORM's per-row converters (JSON decoding, datetime handling) cost more than the
    rules themselves at a million claims; the loader reads only columns that need none
    of them, or converts them itself.
    """
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. `pk__in=[]`
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_SOURCE_FIELDS = (
    "id",
    "publisher",
    "domain",
    "kind",
    "url",
    "archive_url",
    "link_status",
)


def _fetch_sources(ids: list[int]) -> list[tuple]:
    """The rules' columns of these sources, as plain tuples."""
    connection = connections[Source.objects.db]
    if not ids:
        return []
    if connection.vendor != "postgresql":
        return [
            row
            for chunk in system.chunks(ids, 10_000)
            for row in _fetch(
                Source.objects.filter(pk__in=chunk)
                .order_by()
                .values_list(*_SOURCE_FIELDS)
            )
        ]
    # One array parameter instead of thousands of `IN (%s, ...)` placeholders, which
    # Django would prepare one by one.
    columns = ", ".join(connection.ops.quote_name(name) for name in _SOURCE_FIELDS)
    table = connection.ops.quote_name(Source._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE id = ANY(%s::bigint[])", [ids]
        )
        return cursor.fetchall()


def load_facts(
    claim_filter: Q, *, desks: dict[int, int] | None = None
) -> dict[int, gaps.ClaimFacts]:
    """The rules' input for every claim matching `claim_filter` (four queries; the
    citations' query joins their quote checks).

    `claim_filter` is written against Claim fields (e.g. `Q(pk__in=ids)` or an id
    range); citations and ratings are selected through the same condition, the cited
    sources by primary key. `desks`, when given, is filled with each claim's desk
    id (read with the claims, no query of its own).
    """
    claim_rows = _fetch(
        Claim.objects.filter(claim_filter)
        .order_by()
        .values_list(
            "pk",
            "kind",
            "checkworthiness",
            "dismissed_at",
            "attribution",
            "signals",
            "verdict__label__polarity",
            "article__workspace_id",
        )
    )
    related = _related_filter(claim_filter)
    citation_rows = _fetch(
        Citation.objects.filter(related)
        .order_by()
        .values_list("claim_id", "stance", "source_id", "quote_check__status")
    )
    # Sources by primary key, not joined to the citations: with a join PostgreSQL
    # prefers hashing the whole source table for every batch once it is large, which
    # makes a full scan quadratic.
    sources: dict[int, gaps.SourceFacts] = {}
    source_ids = sorted({row[2] for row in citation_rows})
    for row in _fetch_sources(source_ids):
        sources[row[0]] = gaps.SourceFacts(*row)
    # Sources are shared by many claims: one SourceFacts (and one citation object per
    # stance and quote status) per source, so the rules' memoised helpers hit their
    # caches.
    citations: dict[int, list[gaps.CitationFacts]] = defaultdict(list)
    cited: dict[tuple[int, str, str], gaps.CitationFacts] = {}
    for claim_id, stance, source_id, quote_status in citation_rows:
        key = (source_id, stance, quote_status or "")
        citation = cited.get(key)
        if citation is None:
            citation = cited[key] = gaps.CitationFacts(
                sources[source_id], stance, key[2]
            )
        citations[claim_id].append(citation)
    ratings: dict[int, list[str]] = defaultdict(list)
    for claim_id, polarity in _fetch(
        Rating.objects.filter(related)
        .order_by()
        .values_list("claim_id", "label__polarity")
    ):
        ratings[claim_id].append(polarity)
    no_citations = no_ratings = ()
    facts = {}
    for (
        pk,
        kind,
        worth,
        dismissed_at,
        attribution,
        signals,
        verdict,
        desk,
    ) in claim_rows:
        if desks is not None:
            desks[pk] = desk
        claim_citations = citations.get(pk)
        claim_ratings = ratings.get(pk)
        facts[pk] = gaps.ClaimFacts(
            pk,
            kind,
            worth,
            dismissed_at is not None,
            attribution,
            _signal_names(signals),
            tuple(claim_citations) if claim_citations else no_citations,
            verdict,
            tuple(claim_ratings) if claim_ratings else no_ratings,
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
                lookup = "claim_id" + lookup.removeprefix("pk")
            else:
                lookup = "claim__" + lookup
            rewritten.children.append((lookup, value))
    return rewritten


# --- syncing gaps ------------------------------------------------------------------


def wanted_gaps(
    facts: dict[int, gaps.ClaimFacts],
    config: gaps.GapConfig | DeskConfigs,
    desks: dict[int, int] | None = None,
) -> dict[tuple[int, str, int], gaps.Finding]:
    """Every finding of these claims, keyed like the open-gap constraint: with one
    `GapConfig` for all, or with `DeskConfigs` each by its desk's (`desks` maps
    each claim to its desk, as `load_facts` fills it)."""
    wanted: dict[tuple[int, str, int], gaps.Finding] = {}
    evaluate = gaps.evaluate
    per_desk = isinstance(config, DeskConfigs)
    if per_desk:
        config.load(desks.values())
    for claim in facts.values():
        if claim.is_live:
            rules = config[desks[claim.id]] if per_desk else config
            for finding in evaluate(claim, rules):
                wanted[claim.id, finding.kind, finding.source_id or 0] = finding
    return wanted


def sync_gaps(
    facts: dict[int, gaps.ClaimFacts],
    claim_filter: Q,
    *,
    now: dt.datetime,
    config: gaps.GapConfig | DeskConfigs,
    wanted: dict[tuple[int, str, int], gaps.Finding] | None = None,
    desks: dict[int, int] | None = None,
) -> ScanResult:
    """Open, refresh and resolve the gaps of the claims in `claim_filter`.

    `facts` holds the claims that exist; open gaps of any other claim matching the
    filter cannot exist (the foreign key cascades), so everything open and not found
    again is resolved. `wanted` is `wanted_gaps(facts, config, desks)` if already
    known.
    """
    if wanted is None:
        wanted = wanted_gaps(facts, config, desks)
    open_rows = _fetch(
        SourcingGap.objects.filter(
            _related_filter(claim_filter), resolved_at__isnull=True
        )
        .order_by()
        .values_list(
            "pk", "claim_id", "kind", "source_id", "severity", "detail", "detail_code"
        )
    )
    seen_ids, resolve_ids, changed = [], [], []
    present = set()
    for pk, claim_id, kind, source_id, severity, detail, code in open_rows:
        key = (claim_id, kind, source_id or 0)
        finding = wanted.get(key)
        if finding is None or key in present:
            resolve_ids.append(pk)
            continue
        present.add(key)
        seen_ids.append(pk)
        if (
            finding.severity != severity
            or finding.detail != detail
            or finding.detail_code != code
        ):
            changed.append((pk, finding))
    new = {key: finding for key, finding in wanted.items() if key not in present}
    result = ScanResult(claims=len(facts), seen=len(seen_ids))
    result.opened, result.resolved = system.gap_rows_write(
        new, seen_ids, changed, resolve_ids, now=now
    )
    return result


def scan_filter(claim_filter: Q, *, now=None, config=None) -> ScanResult:
    """Scan the claims matching `claim_filter` in one transaction, each by its
    desk's rules (`config`: a `DeskConfigs` to share between batches)."""
    now = now or timezone.now()
    config = config or DeskConfigs()
    with transaction.atomic():
        desks: dict[int, int] = {}
        facts = load_facts(claim_filter, desks=desks)
        return sync_gaps(facts, claim_filter, now=now, config=config, desks=desks)


def scan_claims(claim_ids: Iterable[int], *, now=None, batch_size=None) -> ScanResult:
    """Rescan these claims (ids of deleted claims are ignored)."""
    ids = sorted({int(pk) for pk in claim_ids})
    batch_size = batch_size or settings.FACTCHECK_GAP_SCAN_BATCH_SIZE
    config = DeskConfigs()
    result = ScanResult()
    for chunk in system.chunks(ids, batch_size):
        result.add(scan_filter(Q(pk__in=list(chunk)), now=now, config=config))
    return result


def scan_pending(limit: int = 10_000) -> ScanResult:
    """Rescan the claims whose edits queued a rescan; one scan for a burst of edits.

    Batch by batch, each in one transaction: the batch's queue rows are deleted, then
    its claims' facts read and their gaps written. A worker killed half-way rolls
    its batch back, rows and all, so those claims wait for the next wake-up instead
    of being dropped. Facts are read after the rows are gone, so an edit committed
    meanwhile queues a new rescan rather than being missed. On PostgreSQL two
    rescanners at once take different rows (SKIP LOCKED).
    """
    config = DeskConfigs()
    batch_size = settings.FACTCHECK_GAP_SCAN_BATCH_SIZE
    result = ScanResult()
    while limit > 0:
        with transaction.atomic():
            ids = system.rescans_take(min(batch_size, limit))
            if not ids:
                break
            result.add(scan_filter(Q(pk__in=ids), config=config))
        limit -= len(ids)
    return result


def request_rescan(claim_ids: Iterable[int], *, now=None) -> None:
    """Queue claims for a rescan (idempotent: one row per claim), in the caller's
    transaction; `queueing.rescan_after_commit` sends the wake-up."""
    system.rescans_queue(claim_ids, now=now or timezone.now())


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


def heartbeat_interval() -> float:
    """Seconds between two heartbeats of a running scan."""
    return max(0.05, float(settings.FACTCHECK_GAP_SCAN_HEARTBEAT_SECONDS))


def stale_after_seconds() -> float:
    """Seconds without a heartbeat after which an unfinished scan counts as abandoned
    (its worker died) and the next scan takes it over: the interval plus a grace."""
    return heartbeat_interval() + max(0.0, settings.FACTCHECK_GAP_SCAN_HEARTBEAT_GRACE)


def _describe(run: ScanRun) -> str:
    what = "of all claims" if run.scope == ScanRun.Scope.FULL else "of one article"
    started = timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M:%S %Z")
    return f"Scan #{run.pk} {what}, started at {started}"


class ScanAlreadyRunning(Exception):
    """A live worker holds an unfinished scan of the same claims."""

    def __init__(self, run: ScanRun, *, heartbeat_age: float, stale_after: float):
        super().__init__(
            f"A live worker holds scan #{run.pk} (heartbeat {heartbeat_age:.0f} s "
            f"ago), {run.done:,} of {run.total:,} claims done"
        )
        self.run = run
        self.heartbeat_age = heartbeat_age
        # If that worker died just now, its run counts as abandoned this much later.
        self.stale_in = max(0.0, stale_after - heartbeat_age)


class ScanTakenOver(Exception):
    """Another scan took this scan's run over; this one stopped without writing."""

    def __init__(self, run: ScanRun):
        super().__init__(
            f"Scan #{run.pk} was taken over by another worker; this one stopped."
        )
        self.run = run


def _take_over_or_start(
    scope: str, article: Article | None, *, stale_after: float, take_over: bool
) -> tuple[ScanRun, str]:
    """The run to work on, and what was found (empty for a new or queued run).

    A queued run (asked for from the dashboard) is started. An unfinished run whose
    heartbeat is older than `stale_after` seconds was abandoned: it is taken over,
    and resumes from its cursor. One whose worker is alive raises
    ScanAlreadyRunning, unless `take_over`. Taking over bumps the run's `takeovers`
    count, which every write of a scan checks: the previous holder, if it is alive
    after all, finds it changed and stops.

    Otherwise a new run is inserted; the unique index on unfinished runs makes a
    second scan starting at the same moment fail that insert, and it raises
    ScanAlreadyRunning instead of running beside the first.
    """
    for _ in range(2):
        try:
            return _take_over_or_insert(
                scope, article, stale_after=stale_after, take_over=take_over
            )
        except _RunFinishedMeanwhile:
            # The run that refused our insert finished before we could read it:
            # look again.
            continue
    return _take_over_or_insert(
        scope, article, stale_after=stale_after, take_over=take_over
    )


class _RunFinishedMeanwhile(IntegrityError):
    """Our insert was refused by a run that was no longer unfinished when read."""


def _take_over_or_insert(
    scope: str, article: Article | None, *, stale_after: float, take_over: bool
) -> tuple[ScanRun, str]:
    now = timezone.now()
    with transaction.atomic():
        unfinished = (
            ScanRun.objects.select_for_update()
            .filter(status__in=ScanRun.UNFINISHED, scope=scope, article=article)
            .order_by("-started_at")
        )
        for run in unfinished:
            if run.status == ScanRun.Status.QUEUED:
                system.scan_run_start(run, now=now)
                return run, ""
            age = max(0.0, (now - run.heartbeat_at).total_seconds())
            if age <= stale_after and not take_over:
                raise ScanAlreadyRunning(
                    run, heartbeat_age=age, stale_after=stale_after
                )
            if age <= stale_after:
                found = (
                    f"A live worker holds scan #{run.pk} (heartbeat {age:.0f} s ago): "
                    "taking it over as asked; that worker stops at its next write"
                )
            else:
                found = (
                    f"{_describe(run)}, last heartbeat {age:.0f} s ago: taking it over"
                )
            found += f" from claim #{run.last_claim_id} ({run.done:,} of "
            found += f"{run.total:,} claims done)."
            system.scan_run_take_over(run, now=now)
            return run, found
        try:
            run = system.scan_run_insert(scope=scope, article=article, now=now)
        except IntegrityError:
            run = _unfinished_run(scope, article)
            if run is None:
                raise _RunFinishedMeanwhile from None
            raise ScanAlreadyRunning(
                run, heartbeat_age=0.0, stale_after=stale_after
            ) from None
        return run, ""


def _unfinished_run(scope: str, article: Article | None) -> ScanRun | None:
    return ScanRun.objects.filter(
        status__in=ScanRun.UNFINISHED, scope=scope, article=article
    ).first()


def request_scan(
    article: Article | None = None, *, requested_by=None
) -> tuple[ScanRun, bool]:
    """Ask for a scan of every claim (or one article's) to run in the background.

    Returns the run and whether this call queued it: a scan of the same claims that
    is already queued or running is returned as it is, never doubled (the unique
    index decides between two requests at the same moment). The caller sends the
    task after commit (`queueing`); until a worker starts it, the reaper re-sends it.
    """
    scope = ScanRun.Scope.ARTICLE if article is not None else ScanRun.Scope.FULL
    existing = _unfinished_run(scope, article)
    if existing is not None:
        return existing, False
    now = timezone.now()
    try:
        run = system.scan_run_insert(
            scope=scope,
            article=article,
            now=now,
            queued=True,
            requested_by=requested_by,
        )
    except IntegrityError:
        existing = _unfinished_run(scope, article)
        if existing is None:
            raise
        return existing, False
    return run, True


def waiting_for_a_worker(now: dt.datetime) -> Q:
    """Runs whose task should be sent (again): queued and never sent, or sent long
    ago (the message was lost); or running with a heartbeat that stopped (the task
    takes the run over from its cursor), not sent since it stopped."""
    from annotations import jobs

    stale = now - dt.timedelta(seconds=stale_after_seconds())
    return Q(status=ScanRun.Status.QUEUED) & (
        Q(sent_at__isnull=True) | Q(sent_at__lt=jobs.resend_before(now))
    ) | Q(status=ScanRun.Status.RUNNING, heartbeat_at__lt=stale) & (
        Q(sent_at__isnull=True) | Q(sent_at__lt=stale)
    )


def mark_scan_sent(run: ScanRun) -> None:
    """Record that the run's task went to the broker (the reaper then waits)."""
    system.scan_run_mark_sent(run, now=timezone.now())


class _Heartbeat:
    """Writes a run's progress and heartbeat, only while this scan still holds it.

    Every write is an UPDATE guarded by the run's `takeovers` count as it was when
    this scan claimed the run: once another scan took it over the write matches no
    row, and ScanTakenOver stops this one (inside a batch, its transaction rolls back,
    so the batch is neither half-written nor written twice).

    Outside a transaction a helper thread also writes the heartbeat every
    `interval` seconds on its own connection, however long a batch or a pause takes;
    a dead worker's heartbeat therefore stops within one interval. It shares a lock
    with the batch writes so the two never hold write transactions at once (SQLite
    has one writer). Inside a caller's transaction (tests) the batches write it.
    """

    def __init__(self, run: ScanRun, *, interval: float, threaded: bool):
        self.run = run
        self.token = run.takeovers
        self.interval = interval
        self.write_lock = threading.RLock()
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = (
            threading.Thread(
                target=self._beat, name=f"gap-scan-{run.pk}-heartbeat", daemon=True
            )
            if threaded
            else None
        )

    def start(self) -> None:
        if self._thread is not None:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def check(self) -> None:
        """Raise ScanTakenOver if the helper thread found the run taken over."""
        if self.lost.is_set():
            raise ScanTakenOver(self.run)

    def write(self, **fields) -> None:
        """Record these fields and a fresh heartbeat; ScanTakenOver if the run is
        no longer ours."""
        fields["heartbeat_at"] = timezone.now()
        with self.write_lock:
            held = system.scan_run_record(self.run, token=self.token, **fields)
        if not held:
            self.lost.set()
            raise ScanTakenOver(self.run)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    self.write()
                except ScanTakenOver:
                    return
                except DatabaseError:
                    # A locked or restarting database: the next beat tries again
                    # (the batches keep writing the heartbeat too).
                    logger.warning("Gap scan #%s: heartbeat not written", self.run.pk)
                    connections[ScanRun.objects.db].close_if_unusable_or_obsolete()
        finally:
            connections.close_all()  # this thread's connections only


def _prepare(claim_filter: Q, config: DeskConfigs) -> tuple[dict, dict]:
    desks: dict[int, int] = {}
    facts = load_facts(claim_filter, desks=desks)
    return facts, wanted_gaps(facts, config, desks)


class _Prefetcher:
    """Loads and evaluates the next batch in a second thread while this one writes.

    The rules run in Python and the writes mostly wait on PostgreSQL, so overlapping
    them keeps both of a small machine's cores busy (psycopg2 releases the GIL while a
    query runs). The second thread has its own connection and sees only committed
    rows, so inside a transaction (a test, a caller's atomic block) batches are
    prepared in line instead. Facts are then read a batch earlier than they are
    written, like any READ COMMITTED read before a write: a claim edited in between
    keeps the gaps of the moment it was read until its own rescan.
    """

    def __init__(self, config: DeskConfigs, *, threaded: bool):
        self.config = config
        self.pool = ThreadPoolExecutor(max_workers=1) if threaded else None

    def submit(self, claim_filter: Q):
        if self.pool is None:
            return _prepare(claim_filter, self.config)
        return self.pool.submit(_prepare, claim_filter, self.config)

    @staticmethod
    def result(pending) -> tuple[dict, dict]:
        return pending.result() if isinstance(pending, Future) else pending

    def close(self) -> None:
        if self.pool is not None:
            # Django opens one connection per thread; close the helper thread's.
            self.pool.submit(connections.close_all).result()
            self.pool.shutdown()


def run_scan(
    *,
    article: Article | None = None,
    progress: Progress | None = None,
    batch_size: int | None = None,
    stale_after: float | None = None,
    take_over: bool = False,
    announce: Callable[[str], None] | None = None,
) -> ScanRun:
    """Scan every claim (or one article's) in id-ordered batches, recording progress.

    Resumes an unfinished run whose heartbeat is older than `stale_after` seconds
    (default: the heartbeat interval plus its grace) from its last finished batch;
    raises ScanAlreadyRunning if its worker is alive, unless `take_over`. What was
    taken over is logged and passed to `announce`. Raises ScanTakenOver if another
    scan takes this run over meanwhile.
    """
    batch_size = batch_size or settings.FACTCHECK_GAP_SCAN_BATCH_SIZE
    if stale_after is None:
        stale_after = stale_after_seconds()
    pause = settings.FACTCHECK_GAP_SCAN_BATCH_PAUSE
    scope = ScanRun.Scope.ARTICLE if article is not None else ScanRun.Scope.FULL
    base = Q(article=article) if article is not None else Q()
    run, found = _take_over_or_start(
        scope, article, stale_after=stale_after, take_over=take_over
    )
    if found:
        logger.warning(found)
        if announce:
            announce(found)
    threaded = not transaction.get_connection(Claim.objects.db).in_atomic_block
    # One thread at a time prepares batches, so the desks' cache needs no lock.
    prefetcher = _Prefetcher(DeskConfigs(), threaded=threaded)
    heartbeat = _Heartbeat(run, interval=heartbeat_interval(), threaded=threaded)
    heartbeat.start()
    try:
        remaining = Claim.objects.filter(base, pk__gt=run.last_claim_id).count()
        heartbeat.write(total=run.done + remaining)
        if progress:
            progress(run.done, run.total)
        batches = _claim_range_batches(base, run.last_claim_id, batch_size)
        batch = next(batches, None)
        pending = batch and prefetcher.submit(
            base & Q(pk__gt=batch[0], pk__lte=batch[1])
        )
        while batch is not None:
            heartbeat.check()
            lo, hi = batch
            claim_filter = base & Q(pk__gt=lo, pk__lte=hi)
            facts, wanted = prefetcher.result(pending)
            batch = next(batches, None)
            if batch is not None:
                pending = prefetcher.submit(base & Q(pk__gt=batch[0], pk__lte=batch[1]))
            now = timezone.now()
            with heartbeat.write_lock, transaction.atomic():
                result = sync_gaps(
                    facts,
                    claim_filter,
                    now=now,
                    config=prefetcher.config,
                    wanted=wanted,
                )
                # The cursor moves in the same transaction as the batch's gaps, so a
                # resumed run neither skips nor half-applies a batch; if the run was
                # taken over meanwhile, this raises and the batch rolls back.
                heartbeat.write(
                    last_claim_id=hi,
                    done=min(run.total, run.done + result.claims),
                    opened=run.opened + result.opened,
                    resolved=run.resolved + result.resolved,
                )
            if progress:
                progress(run.done, run.total)
            if pause:
                time.sleep(pause)
        heartbeat.write(
            status=ScanRun.Status.FINISHED, finished_at=timezone.now(), done=run.total
        )
    except ScanTakenOver:
        logger.warning("Gap scan #%s was taken over; this worker stopped.", run.pk)
        raise
    except Exception as exc:
        try:
            heartbeat.write(
                status=ScanRun.Status.FAILED, error=str(exc)[: limits.SCAN_ERROR_MAX]
            )
        except (ScanTakenOver, DatabaseError):
            logger.exception("Gap scan #%s failed and could not say so", run.pk)
        raise
    finally:
        heartbeat.stop()
        prefetcher.close()
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
