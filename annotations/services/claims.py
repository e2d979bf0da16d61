"""Editing claims: create from a selection, re-bound, split, merge, dismiss, restore,
reclassify, and the reviewer's workflow (start, submit, assign)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from annotations import roles
from annotations.errors import Conflict, InvalidInput, NotAllowed
from annotations.models import (
    Article,
    Claim,
    ClaimStatus,
)
from annotations.services.common import (
    DISMISS_REASON_MAX,
    _apply_score,
    _carve,
    _check_range,
    _lock_claim,
    _respan,
    _save_claim,
    _stripped_bounds,
    claims_touched,
)
from annotations.splitting import Kind


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
    _respan(claim, start, end, user)
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
    _respan(claim, *first, user)
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
    if claim.kind != Kind.CLAIM and following.kind == Kind.CLAIM:
        claim.kind = Kind.CLAIM
    following._history_user = user
    following.delete()
    _respan(claim, claim.start, following.end, user, also=("kind",))
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
    """Replace the claim's assignees; only editors and admins assign work."""
    if not roles.is_editor(user):
        raise NotAllowed("Only editors assign claims.")
    claim = _lock_claim(claim, expected_version)
    claim.assignees.set(list(assignees))
    _save_claim(claim, user, [])
    claims_touched([claim.pk])
    return claim
