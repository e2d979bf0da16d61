"""Sources, citations and ratings: the evidence reviewers attach to claims.

Evidence changes only while the claim is being worked on: once it is submitted or
approved it is locked (`annotations.policies`). A reviewer edits or removes only the
citations and the rating that are theirs; editors may remove anyone's.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from annotations import limits, policies
from annotations.errors import Conflict, InvalidInput, NotFound
from annotations.models import (
    Citation,
    Claim,
    Confidence,
    Rating,
    RatingLabel,
    Source,
    SourceKind,
    Stance,
)
from annotations.services import captures
from annotations.services.claims import start_if_open
from annotations.services.common import (
    claims_touched,
    desk_label,
    grouped,
    last_editor,
    lock_row,
)
from annotations.services.quotes import citation_quotes_check
from annotations.sources import clean_url, normalize_url, registrable_domain
from annotations.urlcheck import InvalidURL, check_url


def _lock_claim_for_evidence(claim: Claim | int) -> Claim:
    """Lock the claim's row so its state cannot change (a submission, say) while
    its evidence is written."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    # The article and its desk come along (the policies and the desk's rating
    # scale read them); only the claim's row is locked.
    return lock_row(
        Claim.objects.select_related("article__workspace"), pk, "Claim", of=("self",)
    )


from annotations.limits import CITATION_QUOTE_MAX, RATIONALE_MAX  # noqa: E402


@transaction.atomic
def source_get_or_create(
    *,
    url: str = "",
    title: str = "",
    publisher: str = "",
    kind: str = SourceKind.OTHER,
    archive_url: str = "",
    user,
) -> tuple[Source, bool]:
    """The Source for a URL, created on first use; the normalized URL is the key.

    An archived copy given for a known source that has none is recorded on it (and
    its claims rescanned, which resolves their "no archived copy" gaps); a known
    source's existing archived copy is never replaced here (`source_update` does).
    `user` is asked `policies.check_add_source`.
    """
    policies.check_add_source(user)
    url = (url or "").strip()
    title = " ".join((title or "").split())[: limits.TITLE_MAX]
    normalized = ""
    if url:
        # Stored and published without what only tracks readers (docs/ARTICLE_PAGE.md).
        url = clean_url(check_url(url, what=gettext("The source URL"), field="url"))
        try:
            normalized = normalize_url(url)
        except ValueError as exc:
            raise InvalidURL(
                f"The source URL is not valid: {url[: limits.QUOTED_URL_MAX]!r}.",
                field="url",
            ) from exc
    if archive_url:
        archive_url = check_url(
            archive_url, what=gettext("The archive URL"), field="archive_url"
        )
    if url:
        existing = Source.objects.filter(normalized_url=normalized).first()
        if existing is not None:
            return _fill_archive(existing, archive_url, user), False
    if not title and not url:
        raise InvalidInput(gettext("A source needs a URL or a title."))
    if kind not in SourceKind.values:
        raise InvalidInput(gettext("Unknown source kind %(kind)r.") % {"kind": kind})
    source = Source(
        url=url,
        normalized_url=normalized,
        title=title or url[: limits.TITLE_MAX],
        publisher=" ".join((publisher or "").split())[: limits.PUBLISHER_MAX],
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
        existing = Source.objects.get(normalized_url=normalized)
        return _fill_archive(existing, archive_url, user), False
    return source, True


def _fill_archive(source: Source, archive_url: str, user) -> Source:
    """Record an archived copy on a source that has none (under its row lock)."""
    if not archive_url or source.archive_url:
        return source
    source = lock_row(Source.objects.all(), source.pk, "Source")
    if not source.archive_url:
        source.archive_url = archive_url
        source._history_user = user
        source.save(update_fields=["archive_url", "updated_at"])
        claims_touched(source.citations.values_list("claim_id", flat=True))
    return source


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
            gettext("Unknown stance %(stance)r: use supports, refutes or context.")
            % {"stance": stance}
        )
    _check_quote(quote)
    claim = _lock_claim_for_evidence(claim)
    policies.check_evidence_open(user, claim)
    if Citation.objects.filter(claim=claim, source=source).exists():
        raise Conflict(
            gettext("Claim #%(id)s already cites %(title)r.")
            % {"id": claim.pk, "title": source.title}
        )
    citation = Citation(
        claim=claim,
        source=source,
        stance=stance,
        quote=(quote or "").strip(),
        locator=(locator or "").strip()[: limits.LOCATOR_MAX],
        note=(note or "").strip(),
        added_by=user,
    )
    citation._history_user = user
    citation.save()
    if citation.quote:
        citation_quotes_check([citation.pk])
    start_if_open(claim, user)
    claims_touched([claim.pk])
    # A frozen copy of what was cited, taken by a worker after commit.
    captures.capture_request(source=source, user=user)
    return citation


@transaction.atomic
def citation_add_with_source(
    *,
    claim: Claim,
    stance: str,
    user,
    source: Source | None = None,
    url: str = "",
    title: str = "",
    publisher: str = "",
    kind: str = SourceKind.OTHER,
    archive_url: str = "",
    quote: str = "",
    locator: str = "",
    note: str = "",
) -> Citation:
    """Cite `source`, or the source that url/title/publisher describe (reused when its
    URL is known, created otherwise). All or nothing: a refused citation leaves no new
    source behind. `archive_url` is the source's archived copy: stored on a new
    source, or on a known one that has none yet."""
    policies.check_evidence_open(user, claim)
    if source is not None and not _in_library_of(user, source):
        # Another desk's source, named by its id, is not one this person can pick:
        # answered as the picker answers a source that is gone.
        raise NotFound(gettext("That source no longer exists; search again."))
    if source is None:
        source, _created = source_get_or_create(
            url=url, title=title, publisher=publisher, kind=kind,
            archive_url=archive_url, user=user,
        )  # fmt: skip
    elif archive_url:
        archive_url = check_url(
            archive_url, what=gettext("The archive URL"), field="archive_url"
        )
        source = _fill_archive(source, archive_url, user)
    return citation_add(
        claim=claim, source=source, stance=stance, user=user,
        quote=quote, locator=locator, note=note,
    )  # fmt: skip


def _in_library_of(user, source: Source) -> bool:
    """Whether `source` is among the sources the person's desks find."""
    return Source.objects.filter(
        policies.visible_sources_filter(user), pk=source.pk
    ).exists()


def _check_quote(quote: str) -> None:
    if len((quote or "").strip()) > CITATION_QUOTE_MAX:
        raise InvalidInput(
            gettext("The quote is longer than %(limit)s characters.")
            % {"limit": grouped(CITATION_QUOTE_MAX)}
        )


@transaction.atomic
def citation_update(
    *,
    citation: Citation,
    user,
    stance: str | None = None,
    quote: str | None = None,
    locator: str | None = None,
    note: str | None = None,
    seen_updated_at: dt.datetime | None = None,
) -> Citation:
    """Change a citation's stance, quote, locator or note; a field given as None is
    left as it is, so a partial edit never writes back a value read earlier.

    `seen_updated_at` is the citation's `updated_at` when the editor opened it; if
    someone saved it since, the change is refused (Conflict) instead of overwriting.
    """
    changes: dict[str, str] = {}
    if stance is not None:
        if stance not in Stance.values:
            raise InvalidInput(
                gettext("Unknown stance %(stance)r: use supports, refutes or context.")
                % {"stance": stance}
            )
        changes["stance"] = stance
    if quote is not None:
        _check_quote(quote)
        changes["quote"] = quote.strip()
    if locator is not None:
        changes["locator"] = locator.strip()[: limits.LOCATOR_MAX]
    if note is not None:
        changes["note"] = note.strip()
    claim = _lock_claim_for_evidence(citation.claim_id)
    locked = lock_row(
        Citation.objects.select_related("source"), citation.pk, "Citation"
    )
    policies.check_edit_citation(user, locked, claim)
    if seen_updated_at is not None and locked.updated_at != seen_updated_at:
        who, _when = last_editor(locked)
        if who:
            message = gettext(
                "The citation of %(title)r was changed by %(who)s after you opened "
                "it. Your change was not saved."
            )
        else:
            message = gettext(
                "The citation of %(title)r was changed after you opened it. "
                "Your change was not saved."
            )
        raise Conflict(
            message % {"title": locked.source.title, "who": who},
            changed_by=who,
        )
    quote_edited = "quote" in changes and changes["quote"] != locked.quote
    for name, value in changes.items():
        setattr(locked, name, value)
    if changes:
        locked._history_user = user
        locked.save(update_fields=[*changes, "updated_at"])
    if quote_edited:
        citation_quotes_check([locked.pk])
    start_if_open(claim, user)
    claims_touched([locked.claim_id])
    return locked


@transaction.atomic
def citation_remove(*, citation: Citation, user) -> None:
    """Remove a citation (one's own, or anyone's for an editor); its history keeps
    what it said and who removed it."""
    claim = _lock_claim_for_evidence(citation.claim_id)
    citation = lock_row(Citation.objects.all(), citation.pk, "Citation")
    policies.check_remove_citation(user, citation, claim)
    citation._history_user = user
    citation.delete()
    start_if_open(claim, user)
    claims_touched([claim.pk])


@transaction.atomic
def rating_set(
    *,
    claim: Claim,
    reviewer,
    label: RatingLabel | str,
    confidence: int = Confidence.MEDIUM,
    rationale: str = "",
) -> Rating:
    """Create or replace this reviewer's rating of the claim (one per reviewer).

    `label` is one of the claim's desk's rating scale (a label, or its slug).
    Refused while the claim is submitted or approved. Changing a rating that was
    already submitted makes it a draft again: the reviewer submits it anew.
    """
    if confidence not in Confidence.values:
        raise InvalidInput(
            gettext("Unknown confidence %(confidence)r.") % {"confidence": confidence}
        )
    rationale = (rationale or "").strip()
    if len(rationale) > RATIONALE_MAX:
        raise InvalidInput(
            gettext("The rationale is longer than %(limit)s characters.")
            % {"limit": grouped(RATIONALE_MAX)}
        )
    claim = _lock_claim_for_evidence(claim)
    policies.check_rate(reviewer, claim)
    label = desk_label(label, claim)
    rating = (
        Rating.objects.select_for_update()
        .filter(claim=claim, reviewer=reviewer)
        .first()
    )
    created = rating is None
    if created:
        rating = Rating(claim=claim, reviewer=reviewer)
    changed = (rating.label_id, rating.confidence, rating.rationale) != (
        label.pk,
        confidence,
        rationale,
    )
    rating.label = label
    rating.confidence = confidence
    rating.rationale = rationale
    if changed:
        rating.submitted_at = None
    rating._history_user = reviewer
    rating.save()
    # Decided under the claim's lock: callers answer "created" or "replaced" by it.
    rating.was_created = created
    start_if_open(claim, reviewer)
    claims_touched([claim.pk])
    return rating


@transaction.atomic
def rating_remove(*, rating: Rating, user) -> None:
    """Remove a rating (one's own, or anyone's for an editor); history keeps it."""
    claim = _lock_claim_for_evidence(rating.claim_id)
    rating = lock_row(Rating.objects.all(), rating.pk, "Rating")
    policies.check_remove_rating(user, rating, claim)
    rating._history_user = user
    rating.delete()
    start_if_open(claim, user)
    claims_touched([claim.pk])


SOURCE_FIELDS = ("title", "publisher", "kind", "archive_url")


@transaction.atomic
def source_update(*, source: Source, user, **fields) -> Source:
    """Correct a source's title, publisher, kind or archived copy (reviewers). The
    URL is its identity and does not change; its citations' gaps are rescanned."""
    policies.check_annotate(user)
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise InvalidInput(
            gettext("These fields cannot be changed: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    source = lock_row(Source.objects.all(), source.pk, "Source")
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())[: limits.TITLE_MAX]
        if not fields["title"]:
            raise InvalidInput(gettext("A source needs a title."))
    if "publisher" in fields:
        fields["publisher"] = " ".join((fields["publisher"] or "").split())[
            : limits.PUBLISHER_MAX
        ]
    if "kind" in fields and fields["kind"] not in SourceKind.values:
        raise InvalidInput(
            gettext("Unknown source kind %(kind)r.") % {"kind": fields["kind"]}
        )
    if "archive_url" in fields:
        fields["archive_url"] = (fields["archive_url"] or "").strip()
    if fields.get("archive_url"):
        fields["archive_url"] = check_url(
            fields["archive_url"], what=gettext("The archive URL"), field="archive_url"
        )
    changed = [name for name, value in fields.items() if getattr(source, name) != value]
    for name in changed:
        setattr(source, name, fields[name])
    if changed:
        source._history_user = user
        source.save(update_fields=[*changed, "updated_at"])
        claims_touched(source.citations.values_list("claim_id", flat=True))
    return source


@transaction.atomic
def citations_reuse(*, claim: Claim, from_claim: Claim, user) -> list[Citation]:
    """Cite on `claim` every source an approved claim (usually the same statement,
    checked in another article) cites, with the same stance, quote, locator and
    note; sources are shared, so nothing is copied but the citations. Sources the
    claim already cites are skipped. Whoever may cite on the claim may do it."""
    claim = _lock_claim_for_evidence(claim)
    from_claim = (
        Claim.objects.select_related("article").filter(pk=from_claim.pk).first()
    )
    if from_claim is None:
        raise InvalidInput(gettext("That claim no longer exists."))
    policies.check_reuse_citations(user, claim, from_claim)
    originals = list(
        from_claim.citations.select_related("source").order_by("created_at", "id")
    )
    if not originals:
        raise InvalidInput(
            gettext("Claim #%(id)s cites no sources to reuse.") % {"id": from_claim.pk}
        )
    cited = set(claim.citations.values_list("source_id", flat=True))
    copies = []
    for original in originals:
        if original.source_id in cited:
            continue
        copy = Citation(
            claim=claim,
            source=original.source,
            stance=original.stance,
            quote=original.quote,
            locator=original.locator,
            note=original.note,
            added_by=user,
        )
        copy._history_user = user
        copy._change_reason = f"Reused from claim #{from_claim.pk}"
        copy.save()
        copies.append(copy)
    citation_quotes_check(copy.pk for copy in copies if copy.quote)
    if not copies:
        raise Conflict(
            gettext("Claim #%(id)s already cites every source of claim #%(other)s.")
            % {"id": claim.pk, "other": from_claim.pk}
        )
    start_if_open(claim, user)
    claims_touched([claim.pk])
    for copy in copies:
        captures.capture_request(source=copy.source, user=user)
    return copies


@transaction.atomic
def source_add_archive(*, source: Source, user, archive_url: str) -> Source:
    """Record the archived copy of a source that has none (reviewers). Its claims are
    rescanned, which resolves their "no archived copy" gaps. A source that has one
    by now is left alone (Conflict): replacing it is `source_update`'s."""
    policies.check_annotate(user)
    archive_url = check_url(
        archive_url, what=gettext("The archive URL"), field="archive_url"
    )
    locked = lock_row(Source.objects.all(), source.pk, "Source")
    if locked.archive_url:
        if locked.archive_url == archive_url:
            return locked
        raise Conflict(
            gettext(
                "“%(title)s” already has an archived copy (%(url)s); "
                "nothing was changed."
            )
            % {
                "title": locked.title,
                "url": locked.archive_url[: limits.QUOTED_URL_MAX],
            }
        )
    return _fill_archive(locked, archive_url, user)


@transaction.atomic
def source_fill_archive(*, source: Source, archive_url: str, user) -> Source:
    """Record `archive_url` as the source's archived copy if it has none (a public
    archive's copy made after a capture); a source that has one keeps it."""
    return _fill_archive(source, archive_url, user)
