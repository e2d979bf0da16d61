"""The editorial loop: submit, withdraw, return, approve and reopen (docs/WORKFLOW.md).

Each service is one transaction that locks the claim's row, asks
`annotations.policies` whether this person may make this move in the claim's current
state, makes it, records history and notifies the people whose work it touches.

Submission is per reviewer: a reviewer submits *their* rating; the claim goes to the
editors once the desk's required number of ratings is submitted
(the desk's `ratings_required`, read by `ratings_required`) and every assignee's is
among them, so two reviewers on one claim both hand in before an editor sees it, and
blind review can hide one rating from the other until then.
"""

from __future__ import annotations

import dataclasses

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from annotations import limits, policies, workflow
from annotations.desksettings import settings_of
from annotations.errors import Conflict
from annotations.limits import (
    CLAIM_AS_CHECKED_MAX,
    COMMENT_MAX,
    EXPLANATION_MAX,
    IMPORT_ORIGIN_MAX,
    REASON_MAX,
)
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    CommentKind,
    GapKind,
    NotificationKind,
    RatingLabel,
    Source,
    SourceKind,
    Verdict,
)
from annotations.services.common import (
    apply_score,
    check_range,
    check_version,
    checked_text,
    claims_touched,
    desk_label,
    lock_claim,
    lock_row,
    make_room,
    save_claim,
)
from annotations.services.evidence import source_get_or_create
from annotations.services.notifications import notify, person_name, short
from annotations.sourcing import gaps


def _override_reasons(gap_reason: str, two_person_reason: str) -> tuple[str, str]:
    """The written reasons for overriding the gap gate and the two-person rule,
    checked the same way wherever a verdict is approved (both may be empty)."""
    return (
        checked_text(
            gap_reason,
            what=gettext("the justification"),
            limit=REASON_MAX,
            required=False,
        ),
        checked_text(
            two_person_reason,
            what=gettext("the reason"),
            limit=REASON_MAX,
            required=False,
        ),
    )


def _already_approved(claim: Claim) -> Conflict:
    verdict = Verdict.objects.select_related("approved_by", "label").get(claim=claim)
    who = person_name(verdict.approved_by) if verdict.approved_by else None
    if who:
        message = gettext(
            "Claim #%(id)s was already approved by %(who)s at %(time)s "
            "(%(label)s). Your approval was not saved."
        )
    else:
        message = gettext(
            "Claim #%(id)s was already approved at %(time)s "
            "(%(label)s). Your approval was not saved."
        )
    return Conflict(
        message
        % {
            "id": claim.pk,
            "who": who,
            "time": f"{timezone.localtime(verdict.approved_at):%H:%M:%S}",
            "label": verdict.label.name,
        },
        changed_by=who,
        current_version=claim.version,
    )


def _people_on(claim: Claim) -> list:
    """Everyone whose work the claim is: its assignees and its raters."""
    people = {user.pk: user for user in claim.assignees.all()}
    for rating in claim.ratings.select_related("reviewer"):
        people.setdefault(rating.reviewer_id, rating.reviewer)
    return list(people.values())


def ratings_required(claim: Claim) -> int:
    """How many submitted ratings a claim needs before it goes to the editors: its
    desk's `ratings_required` (docs/DESKS.md), at least 1."""
    return settings_of(claim).ratings_required


@dataclasses.dataclass(frozen=True)
class SubmissionProgress:
    """Where a claim's hand-in stands: how many ratings are submitted of how many it
    needs (the desk's number, or its number of assignees when that is more), and the
    assignees whose rating is not submitted yet."""

    required: int
    submitted: int
    submitted_by: frozenset[int]
    assignees_waiting: tuple = ()

    @property
    def more_needed(self) -> int:
        return max(0, self.required - self.submitted)

    @property
    def complete(self) -> bool:
        """Enough ratings, every assignee's among them: the editors' turn."""
        return not self.more_needed and not self.assignees_waiting

    def has_submitted(self, user) -> bool:
        return user.pk in self.submitted_by


def submission_progress(claim: Claim, ratings=None, assignees=None):
    """The claim's `SubmissionProgress`, from its ratings and assignees (pass them
    when already loaded; otherwise two queries)."""
    ratings = list(claim.ratings.all()) if ratings is None else list(ratings)
    assignees = list(claim.assignees.all()) if assignees is None else list(assignees)
    submitted = frozenset(r.reviewer_id for r in ratings if r.submitted_at is not None)
    return SubmissionProgress(
        required=max(ratings_required(claim), len(assignees)),
        submitted=len(submitted),
        submitted_by=submitted,
        assignees_waiting=tuple(u for u in assignees if u.pk not in submitted),
    )


@transaction.atomic
def claim_submit(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Submit the user's rating of the claim; the claim goes to the editors once
    enough ratings are submitted (`submission_progress(...).complete`).

    Refused for non-claims, dismissed claims, claims the user has not rated, and
    claims already submitted or approved.
    """
    claim = lock_claim(claim, expected_version)
    ratings = list(claim.ratings.select_for_update())
    policies.check_submit(user, claim, ratings)
    now = timezone.now()
    mine = next(r for r in ratings if r.reviewer_id == user.pk)
    if mine.submitted_at is None:
        mine.submitted_at = now
        mine._history_user = user
        mine.save(update_fields=["submitted_at", "updated_at"])
    progress = submission_progress(claim, ratings)
    state = workflow.after_submission(
        policies.claim_state(claim), all_submitted=progress.complete
    )
    fields = []
    if state != claim.status:
        claim.status = ClaimStatus(state)
        fields.append("status")
    if state == workflow.State.SUBMITTED:
        claim.submitted_at, claim.submitted_by = now, user
        fields += ["submitted_at", "submitted_by"]
    save_claim(claim, user, fields)
    claims_touched([claim.pk])
    return claim


def waiting_for(claim: Claim) -> list:
    """The assignees whose rating of a claim in progress is not submitted yet."""
    return list(submission_progress(claim).assignees_waiting)


@transaction.atomic
def claim_withdraw(*, claim: Claim, user, expected_version: int | None = None) -> Claim:
    """Take the user's submission back before an editor approved it; a claim with
    the editors goes back into progress."""
    claim = lock_claim(claim, expected_version)
    ratings = list(claim.ratings.select_for_update())
    policies.check_withdraw(user, claim, ratings)
    mine = next(r for r in ratings if r.reviewer_id == user.pk)
    mine.submitted_at = None
    mine._history_user = user
    mine.save(update_fields=["submitted_at", "updated_at"])
    state = workflow.transition(policies.claim_state(claim), workflow.Event.WITHDRAW)
    fields = []
    if state != claim.status:
        claim.status = ClaimStatus(state)
        claim.submitted_at, claim.submitted_by = None, None
        fields = ["status", "submitted_at", "submitted_by"]
    save_claim(claim, user, fields)
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_return(*, claim: Claim, user, comment: str, expected_version: int) -> Claim:
    """Send a submitted claim back to its reviewers with a comment saying what to
    fix; the comment opens the claim's thread entry and reaches them as a
    notification and in "Returned to me"."""
    text = checked_text(
        comment, what=gettext("a comment for the reviewers"), limit=COMMENT_MAX
    )
    claim = lock_claim(claim, expected_version)
    policies.check_return(user, claim)
    claim.status = ClaimStatus.RETURNED
    save_claim(claim, user, ["status"])
    entry = Comment(claim=claim, author=user, kind=CommentKind.RETURN, body=text)
    entry._history_user = user
    entry.save()
    notify(
        recipients=_people_on(claim),
        kind=NotificationKind.RETURNED,
        claim=claim,
        actor=user,
        comment=entry,
        text=lambda: (
            gettext("%(who)s returned claim #%(id)s (“%(claim)s”): %(text)s")
            % {
                "who": person_name(user),
                "id": claim.pk,
                "claim": short(claim.text, 60),
                "text": short(text, 200),
            }
        ),
    )
    claims_touched([claim.pk])
    return claim


def current_findings(
    claim: Claim, *, verdict_label: RatingLabel | None = None
) -> list[gaps.Finding]:
    """The sourcing rules evaluated now on the claim's current facts (four queries),
    not read from the stored gap rows, which the background rescan updates a moment
    after each edit (or later, when the worker is slow or down). With
    `verdict_label`, as if that label were the claim's verdict."""
    from annotations.sourcing import scanner

    facts = scanner.load_facts(Q(pk=claim.pk)).get(claim.pk)
    if facts is None or not facts.is_live:
        return []
    if verdict_label is not None:
        facts = dataclasses.replace(facts, verdict_polarity=verdict_label.polarity)
    return gaps.evaluate(facts, scanner.gap_config(claim))


def approval_findings(claim: Claim, label: RatingLabel) -> list[gaps.Finding]:
    """The sourcing rules evaluated now on the claim's current facts, as if `label`
    were its verdict (the verdict_unsupported rule reads the verdict's side)."""
    return current_findings(claim, verdict_label=label)


@transaction.atomic
def verdict_approve(
    *,
    claim: Claim,
    user,
    label: RatingLabel | str,
    explanation: str,
    expected_version: int,
    gap_override_reason: str = "",
    two_person_override_reason: str = "",
    claim_as_checked: str = "",
) -> Verdict:
    """Approve the claim's verdict: the final label and its public explanation.

    `claim_as_checked` is the claim in a short sentence for ClaimReview's
    `claimReviewed` (blank: the report uses the claim's own text); it is refused
    beyond `limits.CLAIM_AS_CHECKED_MAX` characters, and white space runs are
    collapsed because it is a one-line headline.

    One transaction under the claim's row lock: a second editor approving the same
    claim at the same moment waits, then gets a Conflict naming who approved it. The
    two-person rule and the gap gate (`policies.ApprovalPolicy`) run on the claim's
    facts as they are inside this transaction.
    """
    explanation = checked_text(
        explanation, what=gettext("the public explanation"), limit=EXPLANATION_MAX
    )
    gap_override_reason, two_person_override_reason = _override_reasons(
        gap_override_reason, two_person_override_reason
    )
    claim_as_checked = checked_text(
        " ".join((claim_as_checked or "").split()),
        what=gettext("the claim as checked"),
        limit=CLAIM_AS_CHECKED_MAX,
        required=False,
    )
    label = desk_label(label, claim)
    claim = lock_claim(claim, None)
    if claim.status == ClaimStatus.APPROVED:
        raise _already_approved(claim)
    check_version(claim, expected_version)
    ratings = list(claim.ratings.all())
    submitters = [r.reviewer_id for r in ratings if r.submitted_at is not None]
    if claim.submitted_by_id:
        submitters.append(claim.submitted_by_id)
    decision = policies.approval_policy(claim).check(
        user,
        claim,
        rater_ids=[r.reviewer_id for r in ratings],
        submitter_ids=submitters,
        findings=approval_findings(claim, label),
        gap_override_reason=gap_override_reason,
        two_person_override_reason=two_person_override_reason,
    )
    verdict = Verdict.objects.filter(claim=claim).first() or Verdict(claim=claim)
    verdict.label = label
    verdict.explanation = explanation
    verdict.claim_as_checked = claim_as_checked
    verdict.approved_by = user
    verdict.approved_at = timezone.now()
    verdict.gap_override_reason = gap_override_reason if decision.gap_overridden else ""
    verdict.gap_override_kinds = sorted({kind for kind, _ in decision.blocking})
    verdict.two_person_override_reason = (
        two_person_override_reason if decision.two_person_overridden else ""
    )
    verdict._history_user = user
    verdict.save()
    claim.status = ClaimStatus.APPROVED
    save_claim(claim, user, ["status"])
    notify(
        recipients=_people_on(claim),
        kind=NotificationKind.APPROVED,
        claim=claim,
        actor=user,
        text=lambda: (
            gettext("%(who)s approved claim #%(id)s as %(label)s: “%(claim)s”")
            % {
                "who": person_name(user),
                "id": claim.pk,
                "label": label.name,
                "claim": short(claim.text, 60),
            }
        ),
    )
    claims_touched([claim.pk])
    return verdict


@transaction.atomic
def verdict_reopen(*, claim: Claim, user, reason: str, expected_version: int) -> Claim:
    """Reopen an approved claim (editors, with a reason): its verdict is withdrawn
    (history keeps it) and the claim is back in progress for its reviewers."""
    reason = checked_text(
        reason, what=gettext("why the claim is reopened"), limit=REASON_MAX
    )
    claim = lock_claim(claim, expected_version)
    policies.check_reopen(user, claim)
    verdict = Verdict.objects.filter(claim=claim).first()
    if verdict is not None:
        verdict._history_user = user
        verdict.delete()
    for rating in claim.ratings.filter(submitted_at__isnull=False):
        rating.submitted_at = None
        rating._history_user = user
        rating.save(update_fields=["submitted_at", "updated_at"])
    claim.status = ClaimStatus.IN_PROGRESS
    claim.submitted_at, claim.submitted_by = None, None
    save_claim(claim, user, ["status", "submitted_at", "submitted_by"])
    entry = Comment(claim=claim, author=user, kind=CommentKind.REOPEN, body=reason)
    entry._history_user = user
    entry.save()
    notify(
        recipients=_people_on(claim),
        kind=NotificationKind.REOPENED,
        claim=claim,
        actor=user,
        comment=entry,
        text=lambda: (
            gettext("%(who)s reopened claim #%(id)s: %(reason)s")
            % {"who": person_name(user), "id": claim.pk, "reason": short(reason, 200)}
        ),
    )
    claims_touched([claim.pk])
    return claim


@transaction.atomic
def claim_import(
    *,
    article,
    start: int,
    end: int,
    user,
    label: RatingLabel | str,
    explanation: str,
    citations: list[dict],
    origin: str,
    attribution: str | None = None,
    gap_override_reason: str = "",
    gap_override_kinds: list[str] | tuple[str, ...] = (),
    two_person_override_reason: str = "",
) -> Claim:
    """Bring an already-checked claim into the article (editors): the claim over
    [start, end), its citations as imported evidence and its approved verdict.

    The verdict was approved where the annotation came from, so neither the
    two-person rule nor the gap gate runs again; the verdict records its origin
    (`imported_from`) and keeps the overrides it was approved with (the reasons
    the report shows), and the gap tracker rescans the claim as usual. Plain
    segments in the way (non-claims, and claims nobody has touched) make room; a
    claim someone worked on is never cut (Conflict).

    Each citation is a dict: `url` or `title` (one of them), `publisher`, `kind`
    and `archive_url` of its source, `stance`, `quote` and `locator`. A source
    already on the desk (the same normalized URL; without a URL, the same title and
    publisher) is reused as it is, an archived copy added where it has none; an
    unknown kind is "other".
    """
    policies.check_import_annotations(user, article)
    explanation = checked_text(
        explanation, what=gettext("the verdict's explanation"), limit=EXPLANATION_MAX
    )
    gap_override_reason, two_person_override_reason = _override_reasons(
        gap_override_reason, two_person_override_reason
    )
    label = desk_label(label, article)
    article = lock_row(Article.objects.all(), article.pk, "Article")
    start, end = check_range(article, start, end)
    claim = Claim.objects.filter(article=article, start=start, end=end).first()
    if claim is not None and (claim.status != ClaimStatus.OPEN or claim.is_dismissed):
        raise Conflict(
            gettext(
                "Claim #%(id)s over this text is already %(status)s; "
                "the imported verdict was not applied."
            )
            % {"id": claim.pk, "status": claim.get_status_display()}
        )
    if claim is not None and (claim.citations.exists() or claim.ratings.exists()):
        raise Conflict(
            gettext(
                "Claim #%(id)s over this text already has evidence; the imported "
                "verdict was not applied."
            )
            % {"id": claim.pk}
        )
    if claim is None:
        make_room(article, start, end, user, untouched_claims_are_work=False)
        claim = Claim(
            article=article,
            start=start,
            end=end,
            text=article.body[start:end],
            kind=Claim.Kind.CLAIM,
            created_by=user,
        )
        apply_score(claim)
    if attribution is not None:
        claim.attribution = " ".join(attribution.split())[: limits.ATTRIBUTION_MAX]
    claim.kind = Claim.Kind.CLAIM
    claim.status = ClaimStatus.APPROVED
    claim._history_user = user
    claim.save()
    origin = (origin or "")[:IMPORT_ORIGIN_MAX]
    seen: set[int] = set()
    for item in citations:
        source = _imported_source(item, user)
        if source.pk in seen:
            continue
        seen.add(source.pk)
        stance = item.get("stance", "context")
        citation = Citation(
            claim=claim,
            source=source,
            stance=stance
            if stance in {"supports", "refutes", "context"}
            else "context",
            quote=(item.get("quote") or "").strip()[: limits.CITATION_QUOTE_MAX],
            locator=(item.get("locator") or "").strip()[: limits.LOCATOR_MAX],
            note=f"Imported with the annotation {origin}"[: limits.IMPORTED_NOTE_MAX]
            if origin
            else "",
            added_by=user,
        )
        citation._history_user = user
        citation.save()
    verdict = Verdict(
        claim=claim,
        label=label,
        explanation=explanation,
        approved_by=user,
        approved_at=timezone.now(),
        imported_from=origin,
        gap_override_reason=gap_override_reason,
        gap_override_kinds=sorted(set(gap_override_kinds) & set(GapKind.values))
        if gap_override_reason
        else [],
        two_person_override_reason=two_person_override_reason,
    )
    verdict._history_user = user
    verdict.save()
    claims_touched([claim.pk])
    return claim


def _imported_source(item: dict, user) -> Source:
    """The desk's Source for an imported citation's source (see claim_import)."""
    url = (item.get("url") or "").strip()
    title = " ".join((item.get("title") or "").split())[: limits.TITLE_MAX]
    publisher = " ".join((item.get("publisher") or "").split())[: limits.PUBLISHER_MAX]
    kind = item.get("kind") if item.get("kind") in SourceKind.values else "other"
    archive_url = (item.get("archive_url") or "").strip()
    if not url and title:
        # A document without an address has no normalized URL to be known by:
        # the same title from the same publisher is the same document.
        existing = Source.objects.filter(
            normalized_url="", title=title, publisher=publisher
        ).first()
        if existing is not None:
            return existing
    source, _created = source_get_or_create(
        url=url,
        title=title,
        publisher=publisher,
        kind=kind,
        archive_url=archive_url,
        user=user,
    )
    return source
