"""Helpers the service modules share: locking, conflicts, checking written text,
trimming, rescoring, making room for a segment.

They are public so each service module imports them by name from here (no module
imports another's `_private` name, tests/test_architecture.py); they are not
services themselves (no policy check, no transaction of their own), so the
`annotations.services` package does not export them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Q, Subquery
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from annotations import limits, queueing
from annotations.desksettings import on_desk_scale, scale_filter
from annotations.errors import Conflict, InvalidInput, NotFound
from annotations.extraction.splitting import Kind, extract_claims
from annotations.models import (
    Article,
    Claim,
    RatingLabel,
)
from annotations.wording import person_name


def claims_touched(claim_ids: Iterable[int]) -> None:
    """Ask the gap tracker to rescan these claims: their queue rows are written in
    this transaction (they commit or roll back with the edit), the worker is woken
    once it commits."""
    queueing.rescan_after_commit(claim_ids)


def grouped(number: int) -> str:
    """A count as the reader's language writes it ("12,345", "12.345")."""
    return formats.number_format(number, force_grouping=True)


def checked_text(value: str, *, what: str, limit: int, required: bool = True) -> str:
    """What a person wrote, stripped of surrounding white space; InvalidInput naming
    `what` (a noun phrase, marked for translation by the caller) when it is empty
    (unless not `required`) or longer than `limit`."""
    text = (value or "").strip()
    what = str(what)
    if required and not text:
        raise InvalidInput(gettext("Write %(what)s.") % {"what": what})
    if len(text) > limit:
        raise InvalidInput(
            gettext("%(what)s is longer than %(limit)s characters.")
            % {"what": capfirst(what), "limit": grouped(limit)}
        )
    return text


def stripped_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def apply_score(claim: Claim) -> None:
    """Re-score the claim's text with the splitter: its most check-worthy segment's
    score and signals, and the first attribution found anywhere in it, by the
    rules of the article's language as it is now."""
    candidates = extract_claims(claim.text, language=claim.article.language)
    if not candidates:
        return
    claims = [c for c in candidates if c.kind == Kind.CLAIM] or candidates
    best = max(claims, key=lambda c: c.checkworthiness)
    attribution = best.attribution or next(
        (c.attribution for c in candidates if c.attribution), None
    )
    claim.checkworthiness = best.checkworthiness
    claim.signals = [signal.as_dict() for signal in best.signals]
    claim.attribution = (attribution or "")[: limits.ATTRIBUTION_MAX]


def respan(claim: Claim, start: int, end: int, user, *, also: tuple = ()) -> None:
    """Move a locked claim to [start, end) of its body, re-score it and save it."""
    claim.start, claim.end = start, end
    claim.text = claim.article.body[start:end]
    apply_score(claim)
    save_claim(
        claim,
        user,
        ["start", "end", "text", "checkworthiness", "signals", "attribution", *also],
    )


# One whole sentence per kind of row, so each language can make it agree.
_GONE = {
    "Article": gettext_lazy(
        "Article #%(id)s no longer exists; it was removed or merged."
    ),
    "Claim": gettext_lazy("Claim #%(id)s no longer exists; it was removed or merged."),
    "Source": gettext_lazy(
        "Source #%(id)s no longer exists; it was removed or merged."
    ),
    "Citation": gettext_lazy(
        "Citation #%(id)s no longer exists; it was removed or merged."
    ),
    "Rating": gettext_lazy(
        "Rating #%(id)s no longer exists; it was removed or merged."
    ),
    "Workspace": gettext_lazy("Desk #%(id)s no longer exists."),
}


def lock_row(queryset, pk: int, what: str, *, of=()):
    """The row `pk` of the queryset, locked for this transaction; NotFound (404)
    when it is gone (deleted or merged away since the caller read it). `what` is
    the model's name: Article, Claim, Source, Citation, Rating or Workspace. `of`
    names the joined rows to lock with it (default: every row the query joins)."""
    row = queryset.select_for_update(of=of).filter(pk=pk).first()
    if row is None:
        raise NotFound(str(_GONE[what]) % {"id": pk})
    return row


def desk_label(label, desk) -> RatingLabel:
    """The RatingLabel `label` (a label, or a slug or name of one) of the rating
    scale of `desk` (a claim's or an article's desk, docs/DESKS.md); InvalidInput
    (400) for a label of another scale or an unknown one."""
    if isinstance(label, RatingLabel):
        if not on_desk_scale(label, desk):
            raise InvalidInput(
                gettext("%(label)r is not a label of the rating scale.")
                % {"label": label.name}
            )
        return label
    text = str(label or "").strip()
    found = (
        RatingLabel.objects.select_related("scale")
        .filter(scale_filter(desk))
        .filter(Q(slug=text) | Q(name__iexact=text))
        .first()
        if text
        else None
    )
    if found is None:
        raise InvalidInput(
            gettext("Unknown label %(label)r: use a label of the rating scale.")
            % {"label": text[: limits.QUOTED_TEXT_MAX]}
        )
    return found


def lock_claim(claim: Claim | int, expected_version: int | None) -> Claim:
    """Lock the claim's row and check the caller saw its latest version."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    # The desk comes along (its settings decide the rules) but is not locked: every
    # write in the desk would otherwise wait for every other.
    locked = lock_row(
        Claim.objects.select_related("article__workspace"),
        pk,
        "Claim",
        of=("self", "article"),
    )
    check_version(locked, expected_version)
    return locked


def check_version(claim: Claim, expected_version: int | None) -> None:
    """StaleEdit when the caller saw an older version of the claim than the saved."""
    if expected_version is not None and claim.version != expected_version:
        raise stale_edit_conflict(claim)


def last_editor(instance) -> tuple[str | None, object]:
    """Who last changed a history-tracked row, and when (from its history)."""
    latest = instance.history.select_related("history_user").first()
    if latest is None:
        return None, instance.updated_at
    person = latest.history_user
    who = person_name(person) or None
    return who, latest.history_date


def last_editors(claims: Iterable[Claim]) -> dict[int, tuple[str | None, object]]:
    """`last_editor` for many claims in one query: each claim's latest history
    row (the one `history.first()` gives) with its user."""
    claims = list(claims)
    if not claims:
        return {}
    history = Claim.history.model.objects
    latest = (
        history.filter(id=OuterRef("id"))
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = (
        history.filter(id__in=[claim.pk for claim in claims])
        .filter(history_id=Subquery(latest))
        .select_related("history_user")
    )
    found = {
        row.id: (person_name(row.history_user) or None, row.history_date)
        for row in rows
    }
    return {claim.pk: found.get(claim.pk, (None, claim.updated_at)) for claim in claims}


def stale_edit_conflict(
    claim: Claim, editor: tuple[str | None, object] | None = None
) -> Conflict:
    """The Conflict of a stale edit of `claim`, naming who changed it last and when
    (read from its history unless the caller read it already, as `last_editors`)."""
    who, when = editor if editor is not None else last_editor(claim)
    values = {
        "id": claim.pk,
        "who": who,
        "time": f"{timezone.localtime(when):%H:%M:%S}",
    }
    if who:
        message = gettext(
            "Claim #%(id)s was changed by %(who)s at %(time)s after you opened it. "
            "Your change was not saved."
        )
    else:
        message = gettext(
            "Claim #%(id)s was changed at %(time)s after you opened it. "
            "Your change was not saved."
        )
    return Conflict(
        message % values,
        changed_by=who,
        current_version=claim.version,
    )


def save_claim(claim: Claim, user, fields: list[str]) -> None:
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


def _has_work(claim: Claim, *, untouched_claims_are_work: bool = True) -> bool:
    """A segment a reviewer has worked on must not be cut away silently.

    A live claim counts as work even untouched (someone may be about to start it),
    unless the caller (an import of already-checked claims) says otherwise.
    """
    if (
        claim.citations.exists()
        or claim.ratings.exists()
        or hasattr(claim, "verdict")
        or claim.status != "open"
    ):
        return True
    return untouched_claims_are_work and (
        claim.kind == Kind.CLAIM and not claim.is_dismissed
    )


def make_room(
    article: Article,
    start: int,
    end: int,
    user,
    *,
    exclude: int | None = None,
    untouched_claims_are_work: bool = True,
):
    """Make room for a segment at [start, end) by trimming plain overlapping segments.

    Overlapping non-claims (captions, headlines, ...) and dismissed claims nobody has
    worked on are trimmed to what lies outside the range, or deleted when nothing is
    left. Overlapping live claims are never cut: the request is refused instead.
    """
    body = article.body
    for other in _neighbours(article.pk, start, end, exclude=exclude):
        if _has_work(other, untouched_claims_are_work=untouched_claims_are_work):
            raise Conflict(
                gettext(
                    "The selection overlaps claim #%(id)s (%(text)r); "
                    "re-bound, split or dismiss that claim first."
                )
                % {"id": other.pk, "text": other.text[: limits.QUOTED_TEXT_MAX]}
            )
        left = (
            stripped_bounds(body, other.start, start) if other.start < start else None
        )
        right = stripped_bounds(body, end, other.end) if other.end > end else None
        pieces = [p for p in (left, right) if p and p[0] < p[1]]
        if not pieces:
            other._history_user = user
            other.delete()
            continue
        first, *rest = pieces
        other.start, other.end = first
        other.text = body[other.start : other.end]
        save_claim(other, user, ["start", "end", "text"])
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


def check_range(article: Article, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(article.body)):
        raise InvalidInput(
            gettext(
                "The range %(start)s to %(end)s is outside the article "
                "(0 to %(length)s)."
            )
            % {"start": start, "end": end, "length": len(article.body)}
        )
    start, end = stripped_bounds(article.body, start, end)
    if start >= end:
        raise InvalidInput(gettext("The selection holds only white space."))
    return start, end
