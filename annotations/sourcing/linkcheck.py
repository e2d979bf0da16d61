"""Check that cited links still answer, and keep each Source's link health.

A check asks with HEAD and falls back to GET (many servers answer HEAD with 405, 403
or 404 while the page is fine), through `netfetch.fetch`, so every hop of a redirect
chain is resolved once, address-checked and connected to at exactly the checked
address, the number of redirects is capped, and a GET reads at most
FACTCHECK_LINK_CHECK_MAX_BYTES. Requests run in a small thread pool; requests to one
registrable domain run one after another with FACTCHECK_LINK_CHECK_DOMAIN_DELAY
between them, so the checker never hammers a site.

A link is dead after FACTCHECK_LINK_CHECK_FAILURES consecutive failures (2) and alive
again after one success. When a source turns dead or comes back, the claims citing it
are rescanned so their dead_link gaps open or resolve.

A source some citation quotes from its capture (the quote was found there) is asked
with GET alone, in place of HEAD: the same one request, read within the same
FACTCHECK_LINK_CHECK_MAX_BYTES, and the page's text is compared with the quotes
(`annotations.services.quotes.quotes_compare_live`): a quote no longer on the live
page is "changed since capture". A page cut off at the limit, or one that is not
text, says nothing about its quotes (docs/QUOTES.md).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from annotations import limits, queueing
from annotations.errors import InvalidInput
from annotations.extraction import ingest
from annotations.models import Citation, LinkStatus, Source
from annotations.services import quotes as quote_checks
from annotations.services import system
from annotations.sources import registrable_domain
from annotations.sourcing import netfetch

# Statuses below this are a success: 2xx, and 3xx that were not followed (none are,
# netfetch follows redirects up to the limit).
FIRST_FAILING_STATUS = 400


@dataclass(frozen=True)
class LinkOutcome:
    """What one check of one URL found."""

    ok: bool
    http_status: int | None
    final_url: str
    error: str
    elapsed_ms: int
    method: str
    # The live page's text, when it was asked for and could be read whole.
    page_text: str | None = None


@dataclass
class CheckSummary:
    checked: int = 0
    alive: int = 0
    failing: int = 0
    dead: int = 0
    claims_rescanned: int = 0
    quotes_changed: int = 0
    source_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("source_ids")
        return data


def next_state(failures: int, ok: bool, threshold: int) -> tuple[str, int]:
    """The link status and failure count after one more check (pure)."""
    if ok:
        return LinkStatus.ALIVE, 0
    failures += 1
    return (LinkStatus.DEAD if failures >= threshold else LinkStatus.FAILING), failures


def _fetch(
    url: str, method: str, session: netfetch.FetchSession
) -> netfetch.FetchResult:
    return netfetch.fetch(
        url,
        method=method,
        timeout=settings.FACTCHECK_LINK_CHECK_TIMEOUT,
        deadline=settings.FACTCHECK_LINK_CHECK_DEADLINE,
        max_bytes=settings.FACTCHECK_LINK_CHECK_MAX_BYTES,
        max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS,
        allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
        user_agent=settings.FACTCHECK_USER_AGENT,
        session=session,
    )


def page_text(result: netfetch.FetchResult) -> str | None:
    """The text of a fetched page, for comparing quotes with; None when the page
    was cut off at the size limit or is not a text or HTML page."""
    if result.truncated:
        return None
    content_type = (result.content_type or "").split(";")[0].strip().lower()
    try:
        if content_type in {"text/html", "application/xhtml+xml", ""}:
            markup = ingest.decode_text(result.body, charset=result.charset)
            # The whole page, not only the story trafilatura would keep: a quote
            # anywhere on it is still there.
            return ingest.clean_text(ingest.html_to_text(markup))
        if content_type.startswith("text/"):
            return ingest.clean_text(
                ingest.decode_text(result.body, charset=result.charset)
            )
    except (InvalidInput, ValueError):
        return None
    return None


def check_url(
    url: str,
    *,
    session: netfetch.FetchSession | None = None,
    read_text: bool = False,
) -> LinkOutcome:
    """HEAD the URL, falling back to GET when HEAD fails for any reason but a timeout
    or a refused address (neither would go better with GET). With `read_text`, GET
    only, and the outcome carries the page's text (`page_text`)."""
    own_session = session is None
    session = session or netfetch.FetchSession()
    started = time.perf_counter()

    def elapsed() -> int:
        return int((time.perf_counter() - started) * 1000)

    try:
        if read_text:
            try:
                result = _fetch(url, "GET", session)
            except netfetch.FetchError as exc:
                return LinkOutcome(
                    False, None, "", str(exc)[: limits.LINK_ERROR_MAX], elapsed(), "GET"
                )
            ok = result.status < FIRST_FAILING_STATUS
            return LinkOutcome(
                ok,
                result.status,
                result.final_url,
                "" if ok else f"HTTP {result.status}",
                elapsed(),
                "GET",
                page_text(result) if ok else None,
            )
        head_error = ""
        try:
            result = _fetch(url, "HEAD", session)
        except netfetch.AddressRefused as exc:
            return LinkOutcome(
                False, None, "", str(exc)[: limits.LINK_ERROR_MAX], elapsed(), "HEAD"
            )
        except netfetch.FetchError as exc:
            if isinstance(exc.__cause__, httpx.TimeoutException):
                return LinkOutcome(
                    False,
                    None,
                    "",
                    str(exc)[: limits.LINK_ERROR_MAX],
                    elapsed(),
                    "HEAD",
                )
            head_error = str(exc)
        else:
            if result.status < FIRST_FAILING_STATUS:
                return LinkOutcome(
                    True, result.status, result.final_url, "", elapsed(), "HEAD"
                )
            head_error = f"HEAD answered HTTP {result.status}"
        try:
            result = _fetch(url, "GET", session)
        except netfetch.FetchError as exc:
            return LinkOutcome(
                False, None, "", str(exc)[: limits.LINK_ERROR_MAX], elapsed(), "GET"
            )
        ok = result.status < FIRST_FAILING_STATUS
        error = (
            ""
            if ok
            else f"HTTP {result.status} ({head_error})"[: limits.LINK_ERROR_MAX]
        )
        return LinkOutcome(ok, result.status, result.final_url, error, elapsed(), "GET")
    finally:
        if own_session:
            session.close()


def _domain_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return registrable_domain(host) or host


def check_urls(
    urls: dict[int, str],
    *,
    concurrency: int | None = None,
    domain_delay: float | None = None,
    read_text: frozenset[int] | set[int] = frozenset(),
) -> dict[int, LinkOutcome]:
    """Check URLs (keyed by source id) with bounded concurrency, pacing each domain;
    the pages of the sources in `read_text` are read (`check_url`'s read_text)."""
    concurrency = max(1, concurrency or settings.FACTCHECK_LINK_CHECK_CONCURRENCY)
    if domain_delay is None:
        domain_delay = settings.FACTCHECK_LINK_CHECK_DOMAIN_DELAY
    by_domain: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for source_id, url in urls.items():
        by_domain[_domain_of(url)].append((source_id, url))

    def check_domain(items: list[tuple[int, str]]) -> list[tuple[int, LinkOutcome]]:
        outcomes = []
        # One session per domain: its connections are kept alive between the domain's
        # checks, and never shared with another thread.
        with netfetch.FetchSession() as session:
            for index, (source_id, url) in enumerate(items):
                if index and domain_delay:
                    time.sleep(domain_delay)
                outcomes.append(
                    (
                        source_id,
                        check_url(
                            url, session=session, read_text=source_id in read_text
                        ),
                    )
                )
        return outcomes

    results: dict[int, LinkOutcome] = {}
    with ThreadPoolExecutor(
        max_workers=concurrency, thread_name_prefix="linkcheck"
    ) as pool:
        for outcomes in pool.map(check_domain, by_domain.values()):
            results.update(outcomes)
    return results


def due_sources(*, now: dt.datetime, limit: int):
    """Cited sources with a URL whose last check is older than the interval."""
    cutoff = now - dt.timedelta(hours=settings.FACTCHECK_LINK_CHECK_INTERVAL_HOURS)
    cited = Citation.objects.filter(source=OuterRef("pk"))
    return (
        Source.objects.exclude(url="")
        .filter(Exists(cited))
        .filter(Q(link_checked_at__isnull=True) | Q(link_checked_at__lt=cutoff))
        .order_by("link_checked_at", "pk")[:limit]
    )


def record_outcomes(
    outcomes: dict[int, LinkOutcome], *, now: dt.datetime
) -> CheckSummary:
    """Store each outcome on its Source and rescan the claims of sources that turned
    dead or came back."""
    summary = CheckSummary()
    threshold = max(1, settings.FACTCHECK_LINK_CHECK_FAILURES)
    changed: list[int] = []
    with transaction.atomic():
        current = (
            Source.objects.select_for_update()
            .filter(pk__in=list(outcomes))
            .values_list("pk", "link_status", "link_failures")
        )
        rows = []
        for pk, status, failures in current:
            outcome = outcomes[pk]
            new_status, new_failures = next_state(failures, outcome.ok, threshold)
            rows.append(
                Source(
                    pk=pk,
                    link_status=new_status,
                    link_failures=new_failures,
                    link_checked_at=now,
                    link_http_status=outcome.http_status,
                    link_final_url=outcome.final_url[: limits.URL_MAX],
                    link_error=outcome.error[: limits.LINK_ERROR_MAX],
                    link_elapsed_ms=outcome.elapsed_ms,
                )
            )
            summary.checked += 1
            summary.source_ids.append(pk)
            setattr(summary, new_status, getattr(summary, new_status) + 1)
            if (status == LinkStatus.DEAD) != (new_status == LinkStatus.DEAD):
                changed.append(pk)
        system.link_results_save(rows)
        if changed:
            claim_ids = set(
                Citation.objects.filter(source_id__in=changed).values_list(
                    "claim_id", flat=True
                )
            )
            summary.claims_rescanned = len(claim_ids)
            if claim_ids:
                queueing.rescan_after_commit(claim_ids)
    return summary


def check_due_sources(
    *, source_ids: list[int] | None = None, limit: int | None = None, now=None
) -> CheckSummary:
    """Check the sources that are due (or exactly these) and record the outcomes."""
    now = now or timezone.now()
    limit = limit or settings.FACTCHECK_LINK_CHECK_BATCH
    if source_ids is not None:
        rows = Source.objects.filter(pk__in=source_ids).exclude(url="")
    else:
        rows = due_sources(now=now, limit=limit)
    urls = dict(rows.values_list("pk", "url"))
    if not urls:
        return CheckSummary()
    outcomes = check_urls(urls, read_text=quote_checks.sources_to_read(urls))
    summary = record_outcomes(outcomes, now=timezone.now())
    summary.quotes_changed = quote_checks.quotes_compare_live(
        {
            source_id: outcome.page_text
            for source_id, outcome in outcomes.items()
            if outcome.page_text is not None
        }
    )
    return summary
