"""Editing claims: create from a selection, re-bound, split, merge, dismiss, restore,
reclassify, start and assign. Submitting, approving and returning live in
`services.workflow`.

Each write locks the claim's row, then asks `annotations.policies` whether this user
may make this change in the claim's current state (a submitted or approved claim's
text is locked, for instance)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from annotations import policies, workflow
from annotations.errors import Conflict, InvalidInput
from annotations.extraction import split_points
from annotations.extraction.splitting import Kind
from annotations.limits import DISMISS_REASON_MAX
from annotations.models import (
    Article,
    Claim,
    ClaimStatus,
    NotificationKind,
)
from annotations.services.common import (
    apply_score,
    check_range,
    claims_touched,
    grouped,
    lock_claim,
    lock_row,
    make_room,
    respan,
    save_claim,
    stripped_bounds,
)
from annotations.services.notifications import assigned_text, notify

User = get_user_model()


@transaction.atomic
def claim_create(*, article: Article, start: int, end: int, user) -> Claim:
    """Add a claim over [start, end) of the body (e.g. from a text selection).

    White space at the ends is trimmed; plain overlapping segments are trimmed to make
    room; overlapping live claims make it a Conflict.
    """
    article = lock_row(Article.objects.all(), article.pk, "Article")
    # Asked in the article's desk: another desk's article is refused before its
    # claims are compared with the range (a clash would quote their text).
    policies.check_annotate(user, policies.desk_of(article))
    start, end = check_range(article, start, end)
    make_room(article, start, end, user)
    claim = Claim(
        article=article,
        start=start,
        end=end,
        text=article.body[start:end],
        kind=Kind.CLAIM,
        created_by=user,
    )
    apply_score(claim)
    claim._history_user = user
    claim.save()
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_rebound(
    *, claim: Claim, start: int, end: int, user, expected_version: int | None = None
) -> Claim:
    """Move a claim's boundaries; its text follows the body exactly."""
    claim = lock_claim(claim, expected_version)
    policies.check_edit_segment(user, claim)
    article = claim.article
    start, end = check_range(article, start, end)
    make_room(article, start, end, user, exclude=claim.pk)
    respan(claim, start, end, user)
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_split(
    *, claim: Claim, at: int, user, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split a claim at body offset `at` into two claims.

    The first part keeps the claim's id, citations, ratings and history; the second
    is a new claim of the same kind. Both parts are trimmed of white space and must
    hold text, and the point may not cut a word in two (`split_points.inside_word`).
    """
    claim = lock_claim(claim, expected_version)
    policies.check_edit_segment(user, claim)
    body = claim.article.body
    if not (claim.start < at < claim.end):
        raise InvalidInput(
            gettext(
                "The split point %(at)s is not inside claim #%(id)s "
                "(%(start)s to %(end)s)."
            )
            % {"at": at, "id": claim.pk, "start": claim.start, "end": claim.end}
        )
    if split_points.inside_word(body, at):
        raise InvalidInput(
            gettext(
                "Claim #%(id)s cannot be split inside the word “%(word)s”; "
                "split it between two words."
            )
            % {"id": claim.pk, "word": split_points.word_at(body, at)}
        )
    first = stripped_bounds(body, claim.start, at)
    second = stripped_bounds(body, at, claim.end)
    if first[0] >= first[1] or second[0] >= second[1]:
        raise InvalidInput(gettext("Both parts of a split must contain text."))
    respan(claim, *first, user)
    other = Claim(
        article=claim.article,
        start=second[0],
        end=second[1],
        text=body[second[0] : second[1]],
        kind=claim.kind,
        status=ClaimStatus.OPEN,
        created_by=user,
    )
    apply_score(other)
    other._history_user = user
    other.save()
    claims_touched([claim.pk, other.pk])
    return claim, other


# Where citations go when their quote does not say which part of a carved claim
# they belong to.
CARVE_KEEP_REST = "rest"
CARVE_KEEP_CARVED = "carved"
CARVE_CHOICES = (CARVE_KEEP_REST, CARVE_KEEP_CARVED)
_WORD = re.compile(r"\w+")


@dataclass
class Carved:
    """What `claim_carve` made: the carved-out claim, the remainders that stayed
    claims (the original row first), the remainders dropped as mere punctuation, and
    which part each citation went to."""

    carved: Claim
    rest: list[Claim] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    citations_moved: dict[int, int] = field(default_factory=dict)
    citations_unmatched: list[int] = field(default_factory=list)


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _fold(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def quote_home(quote: str, parts: list[str]) -> int | None:
    """The index of the part a citation's quote belongs to, or None when the quote
    does not say (no quote, found in several parts, or no clear word overlap).

    A quote found inside exactly one part belongs there. Otherwise the part sharing
    the most words of four letters or more with the quote wins, if one part has
    strictly the most."""
    folded = _fold(quote or "")
    if not folded:
        return None
    texts = [_fold(part) for part in parts]
    holders = [i for i, text in enumerate(texts) if text and folded in text]
    if len(holders) == 1:
        return holders[0]
    if holders:
        return None
    words = {w for w in folded.split() if len(w) >= 4}
    scores = [len(words & set(text.split())) for text in texts]
    best = max(scores, default=0)
    if best == 0 or scores.count(best) > 1:
        return None
    return scores.index(best)


@transaction.atomic
def claim_carve(
    *,
    claim: Claim,
    start: int,
    end: int,
    user,
    expected_version: int | None = None,
    unmatched_citations_to: str = CARVE_KEEP_REST,
) -> Carved:
    """Make body[start:end], a span inside a claim, a claim of its own.

    The surrounding claim is cut around the span: the span (trimmed of white space)
    becomes a new claim; what is left before and after it stays a claim each, or is
    dropped (left uncovered) when it holds only punctuation and white space. The
    original row (its id, ratings, assignees, discussion, history) is the first
    remainder that stays, or the carved span itself when nothing stays around it.

    Each citation goes to the part its quote is in (`quote_home`); a citation whose
    quote does not say stays with the original row, or goes to the carved claim when
    `unmatched_citations_to` is "carved". Every part's text is the body's text at its
    offsets.
    """
    if unmatched_citations_to not in CARVE_CHOICES:
        raise InvalidInput(
            gettext(
                "Unknown choice %(choice)r for the citations: use %(rest)s or "
                "%(carved)s."
            )
            % {
                "choice": unmatched_citations_to,
                "rest": CARVE_KEEP_REST,
                "carved": CARVE_KEEP_CARVED,
            }
        )
    claim = lock_claim(claim, expected_version)
    policies.check_edit_segment(user, claim)
    body = claim.article.body
    if not (claim.start <= start < end <= claim.end):
        raise InvalidInput(
            gettext(
                "The selection (%(start)s to %(end)s) is not inside claim #%(id)s "
                "(%(claim_start)s to %(claim_end)s)."
            )
            % {
                "start": start,
                "end": end,
                "id": claim.pk,
                "claim_start": claim.start,
                "claim_end": claim.end,
            }
        )
    start, end = stripped_bounds(body, start, end)
    if start >= end or not _has_words(body[start:end]):
        raise InvalidInput(gettext("The selection holds no words to make a claim of."))
    if (start, end) == (claim.start, claim.end):
        raise InvalidInput(
            gettext("The selection is the whole of claim #%(id)s already.")
            % {"id": claim.pk}
        )
    around = []
    dropped = []
    for lo, hi in ((claim.start, start), (end, claim.end)):
        lo, hi = stripped_bounds(body, lo, hi)
        if lo >= hi:
            continue
        if _has_words(body[lo:hi]):
            around.append((lo, hi))
        else:
            dropped.append(body[lo:hi])
    # The parts in reading order; the original row takes the first remainder.
    spans = sorted([*around, (start, end)])
    keeper = around[0] if around else (start, end)
    citations = list(claim.citations.all())
    texts = [body[lo:hi] for lo, hi in spans]
    original_kind = claim.kind
    if not around:
        claim.kind = Kind.CLAIM  # the span is the claim now
    respan(claim, *keeper, user, also=("kind",))
    rows: dict[tuple[int, int], Claim] = {keeper: claim}
    for span in spans:
        if span in rows:
            continue
        part = Claim(
            article=claim.article,
            start=span[0],
            end=span[1],
            text=body[span[0] : span[1]],
            kind=Kind.CLAIM if span == (start, end) else original_kind,
            status=ClaimStatus.OPEN,
            created_by=user,
        )
        apply_score(part)
        part._history_user = user
        part.save()
        rows[span] = part
    carved = rows[(start, end)]
    default = carved if unmatched_citations_to == CARVE_KEEP_CARVED else claim
    result = Carved(carved=carved, dropped=dropped)
    result.rest = [claim] if around else []
    result.rest += [rows[span] for span in around if rows[span] is not claim]
    for citation in citations:
        home = quote_home(citation.quote, texts)
        target = rows[spans[home]] if home is not None else default
        if home is None:
            result.citations_unmatched.append(citation.pk)
        if target is not claim:
            citation.claim = target
            citation._history_user = user
            citation.save(update_fields=["claim", "updated_at"])
        result.citations_moved[citation.pk] = target.pk
    claims_touched([row.pk for row in rows.values()])
    return result


@transaction.atomic
def claim_merge(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Merge a claim with the segment that follows it; the first claim survives.

    The next segment's citations move over. Merging is refused (nothing changes) when
    both cite the same source, or the next one has ratings or a verdict, because those
    cannot be combined without losing someone's work.
    """
    claim = lock_claim(claim, expected_version)
    policies.check_edit_segment(user, claim)
    following = (
        Claim.objects.select_for_update()
        .filter(article_id=claim.article_id, start__gte=claim.end)
        .order_by("start")
        .first()
    )
    if following is None:
        raise InvalidInput(
            gettext("Claim #%(id)s is the last segment; nothing follows it.")
            % {"id": claim.pk}
        )
    policies.check_edit_segment(user, following)
    if following.ratings.exists() or hasattr(following, "verdict"):
        raise Conflict(
            gettext("Claim #%(id)s has ratings or a verdict; merging would lose them.")
            % {"id": following.pk}
        )
    shared = set(claim.citations.values_list("source_id", flat=True)) & set(
        following.citations.values_list("source_id", flat=True)
    )
    if shared:
        raise Conflict(
            gettext(
                "Both claims cite the same source (#%(id)s); remove one citation first."
            )
            % {"id": min(shared)}
        )
    for citation in following.citations.all():
        citation.claim = claim
        citation._history_user = user
        citation.save(update_fields=["claim", "updated_at"])
    if claim.kind != Kind.CLAIM and following.kind == Kind.CLAIM:
        claim.kind = Kind.CLAIM
    following._history_user = user
    following.delete()
    respan(claim, claim.start, following.end, user, also=("kind",))
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_dismiss(
    *, claim: Claim, reason: str, user, expected_version: int | None = None
) -> Claim:
    """Mark a claim as not worth checking, with the reason why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(gettext("Say why the claim is dismissed."))
    if len(reason) > DISMISS_REASON_MAX:
        raise InvalidInput(
            gettext("The reason is longer than %(limit)s characters.")
            % {"limit": grouped(DISMISS_REASON_MAX)}
        )
    claim = lock_claim(claim, expected_version)
    policies.check_dismiss(user, claim)
    claim.dismissed_reason = reason
    claim.dismissed_at = timezone.now()
    save_claim(claim, user, ["dismissed_reason", "dismissed_at"])
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_restore(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Undo a dismissal."""
    claim = lock_claim(claim, expected_version)
    policies.check_restore(user, claim)
    claim.dismissed_reason = ""
    claim.dismissed_at = None
    save_claim(claim, user, ["dismissed_reason", "dismissed_at"])
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_set_kind(
    *, claim: Claim, kind: str, user, expected_version: int | None = None
) -> Claim:
    """Reclassify a segment, e.g. promote a headline to a claim."""
    if kind not in Claim.Kind.values:
        raise InvalidInput(gettext("Unknown kind %(kind)r.") % {"kind": kind})
    claim = lock_claim(claim, expected_version)
    policies.check_edit_segment(user, claim)
    claim.kind = kind
    save_claim(claim, user, ["kind"])
    claims_touched([claim.pk])
    return claim


from annotations.limits import ATTRIBUTION_MAX  # noqa: E402


@transaction.atomic
def claim_set_attribution(
    *, claim: Claim, attribution: str, user, expected_version: int | None = None
) -> Claim:
    """Correct who the text says made the statement ("" when nobody is named); the
    attribution_uncited rule and the report's ClaimReview read it."""
    attribution = " ".join((attribution or "").split())
    if len(attribution) > ATTRIBUTION_MAX:
        raise InvalidInput(
            gettext("The attribution is longer than %(limit)s characters.")
            % {"limit": grouped(ATTRIBUTION_MAX)}
        )
    claim = lock_claim(claim, expected_version)
    policies.check_edit_segment(user, claim)
    claim.attribution = attribution
    save_claim(claim, user, ["attribution"])
    claims_touched([claim.pk])
    return claim


def start_if_open(claim: Claim, user) -> None:
    """Evidence work on an open or returned claim takes it into progress.

    The worker becomes its assignee when nobody is, so it shows under "my claims".
    `claim` must already be locked by the caller's transaction.
    """
    state = policies.claim_state(claim)
    target = workflow.transition(state, workflow.Event.EVIDENCE)
    if target == state:
        return
    claim.status = ClaimStatus(target)
    save_claim(claim, user, ["status"])
    if user is not None and not claim.assignees.exists():
        claim.assignees.add(user)


@transaction.atomic
def claim_start(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Take a claim into progress and assign it to the user (when nobody has it)."""
    claim = lock_claim(claim, expected_version)
    policies.check_start(user, claim)
    start_if_open(claim, user)
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_assign(
    *, claim: Claim, assignees: Iterable, user, expected_version: int | None = None
) -> Claim:
    """Replace the claim's assignees (editors and admins only); the people newly
    given the claim are notified. Only desk members can be given work."""
    policies.check_assign(user, claim)
    claim = lock_claim(claim, expected_version)
    people = list(assignees)
    allowed = set(
        User.objects.filter(policies.assignable_users_filter(policies.desk_of(claim)))
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )
    outsiders = [person for person in people if person.pk not in allowed]
    if outsiders:
        raise InvalidInput(
            gettext(
                "%(username)s has no desk role; only reviewers, editors and admins "
                "can be given claims."
            )
            % {"username": outsiders[0].get_username()}
        )
    before = set(claim.assignees.values_list("pk", flat=True))
    claim._history_user = user  # the assignees' history record says who
    claim.assignees.set(people)
    save_claim(claim, user, [])
    added = [person for person in people if person.pk not in before]
    notify(
        recipients=added,
        kind=NotificationKind.ASSIGNED,
        claim=claim,
        actor=user,
        text=assigned_text(user, claim),
    )
    claims_touched([claim.pk])
    return claim
