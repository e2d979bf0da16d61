"""Every write to the domain goes through these functions.

Views, the API, management commands and tasks all call them, so a rule holds the same
way wherever a change comes from. Services take keyword-only arguments, run in one
transaction, raise `annotations.errors` exceptions, and enqueue background work only
after commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from annotations import ingest, netfetch
from annotations.errors import Conflict, InvalidInput
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Confidence,
    Rating,
    RatingLabel,
    Source,
    SourceKind,
    Stance,
)
from annotations.sources import normalize_url, registrable_domain
from annotations.splitting import ClaimCandidate, Kind, extract_claims

TITLE_MAX = 500
DISMISS_REASON_MAX = 500


# --- helpers -----------------------------------------------------------------------


def claims_touched(claim_ids: Iterable[int]) -> None:
    """Ask the gap tracker to rescan these claims once the transaction commits."""
    from annotations import tasks

    ids = sorted({int(claim_id) for claim_id in claim_ids})
    if ids:
        tasks.enqueue_claim_rescan(ids)


def _stripped_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _score(text: str) -> ClaimCandidate | None:
    """The splitter's verdict on a piece of text: its most check-worthy segment."""
    candidates = extract_claims(text)
    if not candidates:
        return None
    claims = [c for c in candidates if c.kind == Kind.CLAIM] or candidates
    best = max(claims, key=lambda c: c.checkworthiness)
    attribution = best.attribution or next(
        (c.attribution for c in candidates if c.attribution), None
    )
    return ClaimCandidate(
        start=best.start,
        end=best.end,
        kind=best.kind,
        checkworthiness=best.checkworthiness,
        signals=best.signals,
        attribution=attribution,
    )


def _apply_score(claim: Claim, *, keep_kind: bool = True) -> None:
    scored = _score(claim.text)
    if scored is None:
        return
    claim.checkworthiness = scored.checkworthiness
    claim.signals = [signal.as_dict() for signal in scored.signals]
    claim.attribution = (scored.attribution or "")[:300]
    if not keep_kind:
        claim.kind = scored.kind


def _lock_claim(claim: Claim | int, expected_version: int | None) -> Claim:
    """Lock the claim's row and check the caller saw its latest version."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    locked = Claim.objects.select_for_update().select_related("article").get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise _conflict(locked)
    return locked


def _conflict(claim: Claim) -> Conflict:
    latest = claim.history.select_related("history_user").first()
    who = None
    if latest is not None and latest.history_user is not None:
        who = latest.history_user.get_full_name() or latest.history_user.get_username()
    when = latest.history_date if latest is not None else claim.updated_at
    by = f" by {who}" if who else ""
    return Conflict(
        f"Claim #{claim.pk} was changed{by} at {timezone.localtime(when):%H:%M:%S} "
        "after you opened it. Your change was not saved.",
        changed_by=who,
        current_version=claim.version,
    )


def _save_claim(claim: Claim, user, fields: list[str]) -> None:
    claim.version += 1
    claim._history_user = user
    claim.save(update_fields=[*fields, "version", "updated_at"])


def _neighbours(article_id: int, start: int, end: int, *, exclude: int | None = None):
    """Segments of the article that overlap [start, end)."""
    qs = Claim.objects.select_for_update().filter(
        article_id=article_id, start__lt=end, end__gt=start
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return list(qs.order_by("start"))


def _has_work(claim: Claim) -> bool:
    """A segment a reviewer has worked on must not be cut away silently."""
    return (
        claim.citations.exists()
        or claim.ratings.exists()
        or hasattr(claim, "verdict")
        or (claim.kind == Kind.CLAIM and not claim.is_dismissed)
    )


def _carve(article: Article, start: int, end: int, user, *, exclude: int | None = None):
    """Make room for a segment at [start, end) by trimming plain overlapping segments.

    Overlapping non-claims (captions, headlines, ...) and dismissed claims nobody has
    worked on are trimmed to what lies outside the range, or deleted when nothing is
    left. Overlapping live claims are never cut: the request is refused instead.
    """
    body = article.body
    for other in _neighbours(article.pk, start, end, exclude=exclude):
        if _has_work(other):
            raise Conflict(
                f"The selection overlaps claim #{other.pk} "
                f"({other.text[:60]!r}); re-bound, split or dismiss that claim first."
            )
        left = (
            _stripped_bounds(body, other.start, start) if other.start < start else None
        )
        right = _stripped_bounds(body, end, other.end) if other.end > end else None
        pieces = [p for p in (left, right) if p and p[0] < p[1]]
        if not pieces:
            other._history_user = user
            other.delete()
            continue
        first, *rest = pieces
        other.start, other.end = first
        other.text = body[other.start : other.end]
        _save_claim(other, user, ["start", "end", "text"])
        for piece_start, piece_end in rest:
            piece = Claim(
                article=article,
                start=piece_start,
                end=piece_end,
                text=body[piece_start:piece_end],
                kind=other.kind,
                checkworthiness=other.checkworthiness,
                signals=other.signals,
                attribution=other.attribution,
                dismissed_reason=other.dismissed_reason,
                dismissed_at=other.dismissed_at,
                created_by=user,
            )
            piece._history_user = user
            piece.save()


def _check_range(article: Article, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(article.body)):
        raise InvalidInput(
            f"The range {start} to {end} is outside the article "
            f"(0 to {len(article.body)})."
        )
    start, end = _stripped_bounds(article.body, start, end)
    if start >= end:
        raise InvalidInput("The selection holds only white space.")
    return start, end


# --- articles ----------------------------------------------------------------------


def _candidates_to_claims(article: Article, user) -> list[Claim]:
    body = article.body
    return [
        Claim(
            article=article,
            start=candidate.start,
            end=candidate.end,
            text=body[candidate.start : candidate.end],
            kind=str(candidate.kind),
            checkworthiness=candidate.checkworthiness,
            signals=[signal.as_dict() for signal in candidate.signals],
            attribution=(candidate.attribution or "")[:300],
            created_by=user,
        )
        for candidate in extract_claims(body)
    ]


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    created_by=None,
    url: str = "",
    publisher: str = "",
    byline: str = "",
    published_on: dt.date | None = None,
    language: str = "en",
) -> Article:
    """Store an article and its claims, split from the body, in one transaction."""
    title = " ".join((title or "").split())
    body = ingest.clean_text(body or "")
    if not body:
        raise InvalidInput("The article text is empty.")
    if len(body) > settings.FACTCHECK_MAX_ARTICLE_CHARS:
        raise InvalidInput(
            f"The article has {len(body):,} characters; the limit is "
            f"{settings.FACTCHECK_MAX_ARTICLE_CHARS:,}."
        )
    if not title:
        title = ingest.split_title(body)[0] or body.split("\n", 1)[0][:120]
    if len(title) > TITLE_MAX:
        raise InvalidInput(f"The title is longer than {TITLE_MAX} characters.")
    if url:
        try:
            url = netfetch.validate_url(url)
        except netfetch.FetchError as exc:
            raise InvalidInput(str(exc)) from exc
    article = Article(
        title=title,
        body=body,
        url=url,
        publisher=publisher[:300],
        byline=byline[:300],
        published_on=published_on,
        language=(language or "en")[:16],
        created_by=created_by,
    )
    article._history_user = created_by
    article.save()
    claims = bulk_create_with_history(
        _candidates_to_claims(article, created_by),
        Claim,
        batch_size=500,
        default_user=created_by,
    )
    claims_touched(
        claim.pk for claim in Claim.objects.filter(article=article).only("pk")
    )
    del claims
    return article


def article_import_file(
    *, data: bytes, filename: str, created_by=None, **overrides
) -> Article:
    """Create an article from an uploaded or local .txt, .md or .html file."""
    if len(data) > settings.FACTCHECK_MAX_UPLOAD_BYTES:
        raise InvalidInput(
            f"The file is {len(data):,} bytes; the limit is "
            f"{settings.FACTCHECK_MAX_UPLOAD_BYTES:,}."
        )
    imported = ingest.text_from_bytes(data, filename=filename)
    return _create_from_import(imported, created_by=created_by, **overrides)


def article_import_url(*, url: str, created_by=None, **overrides) -> Article:
    """Fetch a web page and create an article from its main text."""
    try:
        result = netfetch.fetch(
            url,
            timeout=settings.FACTCHECK_FETCH_TIMEOUT,
            max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
            max_redirects=settings.FACTCHECK_FETCH_MAX_REDIRECTS,
            allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            user_agent=settings.FACTCHECK_USER_AGENT,
        )
    except netfetch.FetchError as exc:
        raise InvalidInput(str(exc)) from exc
    if result.status >= 400:
        raise InvalidInput(f"The URL answered HTTP {result.status}.")
    if result.truncated:
        raise InvalidInput(
            f"The page is larger than {settings.FACTCHECK_FETCH_MAX_BYTES:,} bytes."
        )
    imported = ingest.text_from_fetch(
        result.body,
        url=result.final_url,
        content_type=result.content_type,
        charset=result.charset,
    )
    return _create_from_import(imported, created_by=created_by, **overrides)


def _create_from_import(
    imported: ingest.ImportedText, *, created_by, **overrides
) -> Article:
    fields = {
        "title": imported.title,
        "body": imported.body,
        "url": imported.url,
        "publisher": imported.publisher,
        "byline": imported.byline,
        "published_on": imported.published_on,
        "language": imported.language,
    }
    fields.update({key: value for key, value in overrides.items() if value})
    return article_create(created_by=created_by, **fields)


# --- claims ------------------------------------------------------------------------


@transaction.atomic
def claim_create(*, article: Article, start: int, end: int, user) -> Claim:
    """Add a claim over [start, end) of the body (e.g. from a text selection).

    White space at the ends is trimmed; plain overlapping segments are trimmed to make
    room; overlapping live claims make it a Conflict.
    """
    article = Article.objects.select_for_update().get(pk=article.pk)
    start, end = _check_range(article, start, end)
    _carve(article, start, end, user)
    claim = Claim(
        article=article,
        start=start,
        end=end,
        text=article.body[start:end],
        kind=Kind.CLAIM,
        created_by=user,
    )
    _apply_score(claim)
    claim._history_user = user
    claim.save()
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_rebound(
    *, claim: Claim, start: int, end: int, user, expected_version: int | None = None
) -> Claim:
    """Move a claim's boundaries; its text follows the body exactly."""
    claim = _lock_claim(claim, expected_version)
    article = claim.article
    start, end = _check_range(article, start, end)
    _carve(article, start, end, user, exclude=claim.pk)
    claim.start, claim.end = start, end
    claim.text = article.body[start:end]
    _apply_score(claim)
    _save_claim(
        claim,
        user,
        ["start", "end", "text", "checkworthiness", "signals", "attribution"],
    )
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_split(
    *, claim: Claim, at: int, user, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split a claim at body offset `at` into two claims.

    The first part keeps the claim's id, citations, ratings and history; the second
    is a new claim of the same kind. Both parts are trimmed of white space and must
    hold text.
    """
    claim = _lock_claim(claim, expected_version)
    body = claim.article.body
    if not (claim.start < at < claim.end):
        raise InvalidInput(
            f"The split point {at} is not inside claim #{claim.pk} "
            f"({claim.start} to {claim.end})."
        )
    first = _stripped_bounds(body, claim.start, at)
    second = _stripped_bounds(body, at, claim.end)
    if first[0] >= first[1] or second[0] >= second[1]:
        raise InvalidInput("Both parts of a split must contain text.")
    claim.start, claim.end = first
    claim.text = body[claim.start : claim.end]
    _apply_score(claim)
    _save_claim(
        claim,
        user,
        ["start", "end", "text", "checkworthiness", "signals", "attribution"],
    )
    other = Claim(
        article=claim.article,
        start=second[0],
        end=second[1],
        text=body[second[0] : second[1]],
        kind=claim.kind,
        status=ClaimStatus.OPEN,
        created_by=user,
    )
    _apply_score(other)
    other._history_user = user
    other.save()
    claims_touched([claim.pk, other.pk])
    return claim, other


@transaction.atomic
def claim_merge(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Merge a claim with the segment that follows it; the first claim survives.

    The next segment's citations move over. Merging is refused (nothing changes) when
    both cite the same source, or the next one has ratings or a verdict, because those
    cannot be combined without losing someone's work.
    """
    claim = _lock_claim(claim, expected_version)
    following = (
        Claim.objects.select_for_update()
        .filter(article_id=claim.article_id, start__gte=claim.end)
        .order_by("start")
        .first()
    )
    if following is None:
        raise InvalidInput(
            f"Claim #{claim.pk} is the last segment; nothing follows it."
        )
    if following.ratings.exists() or hasattr(following, "verdict"):
        raise Conflict(
            f"Claim #{following.pk} has ratings or a verdict; merging would lose them."
        )
    shared = set(claim.citations.values_list("source_id", flat=True)) & set(
        following.citations.values_list("source_id", flat=True)
    )
    if shared:
        raise Conflict(
            f"Both claims cite the same source (#{min(shared)}); "
            "remove one citation first."
        )
    for citation in following.citations.all():
        citation.claim = claim
        citation._history_user = user
        citation.save(update_fields=["claim", "updated_at"])
    body = claim.article.body
    claim.end = following.end
    claim.text = body[claim.start : claim.end]
    if claim.kind != Kind.CLAIM and following.kind == Kind.CLAIM:
        claim.kind = Kind.CLAIM
    following._history_user = user
    following.delete()
    _apply_score(claim)
    _save_claim(
        claim,
        user,
        ["end", "text", "kind", "checkworthiness", "signals", "attribution"],
    )
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_dismiss(
    *, claim: Claim, reason: str, user, expected_version: int | None = None
) -> Claim:
    """Mark a claim as not worth checking, with the reason why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput("Say why the claim is dismissed.")
    if len(reason) > DISMISS_REASON_MAX:
        raise InvalidInput(
            f"The reason is longer than {DISMISS_REASON_MAX} characters."
        )
    claim = _lock_claim(claim, expected_version)
    claim.dismissed_reason = reason
    claim.dismissed_at = timezone.now()
    _save_claim(claim, user, ["dismissed_reason", "dismissed_at"])
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_restore(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Undo a dismissal."""
    claim = _lock_claim(claim, expected_version)
    if not claim.is_dismissed:
        raise InvalidInput(f"Claim #{claim.pk} is not dismissed.")
    claim.dismissed_reason = ""
    claim.dismissed_at = None
    _save_claim(claim, user, ["dismissed_reason", "dismissed_at"])
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_set_kind(
    *, claim: Claim, kind: str, user, expected_version: int | None = None
) -> Claim:
    """Reclassify a segment, e.g. promote a headline to a claim."""
    if kind not in Claim.Kind.values:
        raise InvalidInput(f"Unknown kind {kind!r}.")
    claim = _lock_claim(claim, expected_version)
    claim.kind = kind
    _save_claim(claim, user, ["kind"])
    claims_touched([claim.pk])
    return claim


# --- sources and citations ---------------------------------------------------------


@transaction.atomic
def source_get_or_create(
    *,
    url: str = "",
    title: str = "",
    publisher: str = "",
    kind: str = SourceKind.OTHER,
    archive_url: str = "",
    user=None,
) -> tuple[Source, bool]:
    """The Source for a URL, created on first use; the normalized URL is the key."""
    url = (url or "").strip()
    title = " ".join((title or "").split())[:500]
    normalized = ""
    if url:
        try:
            url = netfetch.validate_url(url)
            normalized = normalize_url(url)
        except (netfetch.FetchError, ValueError) as exc:
            raise InvalidInput(f"The source URL is not valid: {url[:200]!r}.") from exc
        existing = Source.objects.filter(normalized_url=normalized).first()
        if existing is not None:
            return existing, False
    if not title and not url:
        raise InvalidInput("A source needs a URL or a title.")
    if kind not in SourceKind.values:
        raise InvalidInput(f"Unknown source kind {kind!r}.")
    if archive_url:
        try:
            archive_url = netfetch.validate_url(archive_url)
        except netfetch.FetchError as exc:
            raise InvalidInput(f"The archive URL is not valid: {exc}") from exc
    source = Source(
        url=url,
        normalized_url=normalized,
        title=title or url[:500],
        publisher=" ".join((publisher or "").split())[:300],
        domain=registrable_domain(url) if url else "",
        kind=kind,
        archive_url=archive_url,
        created_by=user,
    )
    source._history_user = user
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        # Another request created the same document in between: use theirs.
        return Source.objects.get(normalized_url=normalized), False
    return source, True


@transaction.atomic
def citation_add(
    *,
    claim: Claim,
    source: Source,
    stance: str,
    user,
    quote: str = "",
    locator: str = "",
    note: str = "",
) -> Citation:
    """Cite a source for a claim with its stance and the excerpt that matters."""
    if stance not in Stance.values:
        raise InvalidInput(
            f"Unknown stance {stance!r}: use supports, refutes or context."
        )
    if Citation.objects.filter(claim=claim, source=source).exists():
        raise Conflict(f"Claim #{claim.pk} already cites {source.title!r}.")
    citation = Citation(
        claim=claim,
        source=source,
        stance=stance,
        quote=(quote or "").strip(),
        locator=(locator or "").strip()[:200],
        note=(note or "").strip(),
        added_by=user,
    )
    citation._history_user = user
    citation.save()
    _start_if_open(claim, user)
    claims_touched([claim.pk])
    return citation


@transaction.atomic
def citation_remove(*, citation: Citation, user) -> None:
    """Remove a citation; its history keeps what it said."""
    claim_id = citation.claim_id
    citation._history_user = user
    citation.delete()
    claims_touched([claim_id])


# --- ratings -----------------------------------------------------------------------


@transaction.atomic
def rating_set(
    *,
    claim: Claim,
    reviewer,
    label: RatingLabel,
    confidence: int = Confidence.MEDIUM,
    rationale: str = "",
) -> Rating:
    """Create or replace this reviewer's rating of the claim (one per reviewer)."""
    if confidence not in Confidence.values:
        raise InvalidInput(f"Unknown confidence {confidence!r}.")
    rating = (
        Rating.objects.select_for_update()
        .filter(claim=claim, reviewer=reviewer)
        .first()
    )
    if rating is None:
        rating = Rating(claim=claim, reviewer=reviewer)
    rating.label = label
    rating.confidence = confidence
    rating.rationale = (rationale or "").strip()
    rating._history_user = reviewer
    rating.save()
    _start_if_open(claim, reviewer)
    claims_touched([claim.pk])
    return rating


# --- the reviewer's workflow ---------------------------------------------------------

SUBMITTABLE = {ClaimStatus.OPEN, ClaimStatus.IN_PROGRESS, ClaimStatus.RETURNED}


def _start_if_open(claim: Claim, user) -> None:
    """A reviewer's first citation or rating takes an open claim into progress.

    The reviewer becomes its assignee when nobody is, so it shows under "my claims".
    A returned claim also goes back into progress when someone works on it again.
    """
    if claim.status not in {ClaimStatus.OPEN, ClaimStatus.RETURNED}:
        return
    locked = _lock_claim(claim, None)
    if locked.status not in {ClaimStatus.OPEN, ClaimStatus.RETURNED}:
        return
    locked.status = ClaimStatus.IN_PROGRESS
    _save_claim(locked, user, ["status"])
    if user is not None and not locked.assignees.exists():
        locked.assignees.add(user)
    claim.status, claim.version = locked.status, locked.version


@transaction.atomic
def claim_start(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Take a claim into progress and assign it to the user (when nobody has it)."""
    claim = _lock_claim(claim, expected_version)
    if claim.is_dismissed or claim.kind != Kind.CLAIM:
        raise InvalidInput(f"Segment #{claim.pk} is not a live claim.")
    if claim.status not in {ClaimStatus.OPEN, ClaimStatus.RETURNED}:
        raise InvalidInput(
            f"Claim #{claim.pk} is {claim.get_status_display().lower()}, not open."
        )
    _start_if_open(claim, user)
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_submit(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Hand a rated claim to the editors: its status becomes "submitted".

    Refused for non-claims, dismissed claims, claims nobody has rated yet, and claims
    already submitted or approved.
    """
    claim = _lock_claim(claim, expected_version)
    if claim.kind != Kind.CLAIM or claim.is_dismissed:
        raise InvalidInput(
            f"Segment #{claim.pk} is not a live claim; it cannot be submitted."
        )
    if claim.status not in SUBMITTABLE:
        raise InvalidInput(
            f"Claim #{claim.pk} is already {claim.get_status_display().lower()}."
        )
    if not claim.ratings.exists():
        raise InvalidInput(f"Rate claim #{claim.pk} before submitting it for review.")
    claim.status = ClaimStatus.SUBMITTED
    _save_claim(claim, user, ["status"])
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_assign(
    *, claim: Claim, assignees: Iterable, user, expected_version: int | None = None
) -> Claim:
    """Replace the claim's assignees (editors assign work)."""
    claim = _lock_claim(claim, expected_version)
    claim.assignees.set(list(assignees))
    _save_claim(claim, user, [])
    claims_touched([claim.pk])
    return claim


def article_next_free_offset(article: Article) -> int:
    """The end of the article's last segment (0 when it has none)."""
    return Claim.objects.filter(article=article).aggregate(end=Max("end"))["end"] or 0
