"""One change to many segments of an article at once (the claim table's bulk
actions): assign, dismiss, set the kind.

Each segment goes through the same service as a single edit (its own savepoint,
its version checked, `annotations.policies` asked), so a rule holds the same way.
A segment that cannot take the change (locked, changed since the table was loaded,
gone) is skipped with the reason; the others are changed. Assigning needs the
editor role up front: a reviewer's bulk assign is refused as a whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from annotations import policies
from annotations.errors import DomainError, InvalidInput
from annotations.models import Article, Claim
from annotations.services.claims import claim_assign, claim_dismiss, claim_set_kind

BULK_ACTIONS = ("assign", "dismiss", "kind")
from annotations.limits import BULK_MAX  # noqa: E402


@dataclass
class BulkOutcome:
    action: str
    done: list[int] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


@transaction.atomic
def claims_bulk(
    *,
    article: Article,
    items: Iterable[tuple[int, int | None]],
    action: str,
    user,
    assignees: Iterable = (),
    reason: str = "",
    kind: str = "",
) -> BulkOutcome:
    """Apply `action` to each (claim id, version seen) of the article."""
    policies.check_annotate(user)
    if action not in BULK_ACTIONS:
        raise InvalidInput(f"Unknown action {action!r}: use {', '.join(BULK_ACTIONS)}.")
    items = list(dict(items).items())  # one entry per claim, the last version given
    if not items:
        raise InvalidInput("Select at least one segment.")
    if len(items) > BULK_MAX:
        raise InvalidInput(f"Select at most {BULK_MAX} segments at once.")
    if action == "assign":
        policies.check_assign(user)
        assignees = list(assignees)
    elif action == "kind" and kind not in Claim.Kind.values:
        raise InvalidInput(f"Unknown kind {kind!r}.")
    elif action == "dismiss" and not " ".join((reason or "").split()):
        raise InvalidInput("Say why the segments are dismissed.")
    rows = {
        claim.pk: claim
        for claim in Claim.objects.filter(
            article=article, pk__in=[pk for pk, _ in items]
        ).select_related("article")
    }
    outcome = BulkOutcome(action=action)
    for pk, version in items:
        claim = rows.get(pk)
        if claim is None:
            outcome.skipped.append((pk, "it is not a segment of this article"))
            continue
        if action == "dismiss" and claim.dismissed_at is not None:
            outcome.skipped.append((pk, "it is dismissed already"))
            continue
        if action == "kind" and claim.kind == kind:
            outcome.skipped.append((pk, "it is that kind already"))
            continue
        try:
            if action == "assign":
                claim_assign(
                    claim=claim, assignees=assignees, user=user,
                    expected_version=version,
                )  # fmt: skip
            elif action == "dismiss":
                claim_dismiss(
                    claim=claim, reason=reason, user=user, expected_version=version
                )
            else:
                claim_set_kind(
                    claim=claim, kind=kind, user=user, expected_version=version
                )
        except DomainError as exc:
            outcome.skipped.append((pk, exc.message))
            continue
        outcome.done.append(pk)
    return outcome
