"""One change to many segments of an article at once (the claim table's bulk
actions): assign, dismiss, set the kind.

Set-based: a fixed number of queries whatever the number of segments (SQLite
splits an INSERT every 999 values, so there a few hundred segments add a
statement per batch; never one per segment). Each segment meets the guards of a
single edit (`claim_assign`, `claim_dismiss`, `claim_set_kind`) in the same order,
with the same messages: the rows are locked together (select_for_update, in id
order), each one's version is checked, `annotations.policies` is asked about each
one in its own state, and each changed segment gets the history rows, the
notifications and the gap rescan the single edit writes. A segment that cannot
take the change (locked, changed since the table was loaded, gone) is skipped with
the reason; the others are changed. Assigning needs the editor role up front: a
reviewer's bulk assign is refused as a whole, and so is input no segment could
take (an unknown kind, a missing or too long reason).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from annotations import policies
from annotations.errors import DomainError, InvalidInput
from annotations.limits import BULK_MAX, DISMISS_REASON_MAX
from annotations.models import Article, Claim, NotificationKind
from annotations.services.common import (
    claims_touched,
    grouped,
    last_editors,
    stale_edit_conflict,
)
from annotations.services.notifications import assigned_text, notify_each

BULK_ACTIONS = ("assign", "dismiss", "kind")

User = get_user_model()


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
    policies.check_annotate(user, article.workspace_id)
    if action not in BULK_ACTIONS:
        raise InvalidInput(
            gettext("Unknown action %(action)r: use %(actions)s.")
            % {"action": action, "actions": ", ".join(BULK_ACTIONS)}
        )
    items = list(dict(items).items())  # one entry per claim, the last version given
    if not items:
        raise InvalidInput(gettext("Select at least one segment."))
    if len(items) > BULK_MAX:
        raise InvalidInput(
            ngettext(
                "Select at most %(count)s segment at once.",
                "Select at most %(count)s segments at once.",
                BULK_MAX,
            )
            % {"count": BULK_MAX}
        )
    people: list = []
    outsider = ""
    if action == "assign":
        policies.check_manage_desk(
            user,
            gettext("Only editors and admins assign claims."),
            workspace=article.workspace_id,
        )
        people = _unique(assignees)
        outsider = _outsider_message(people, article.workspace_id)
    elif action == "kind" and kind not in Claim.Kind.values:
        raise InvalidInput(gettext("Unknown kind %(kind)r.") % {"kind": kind})
    elif action == "dismiss":
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidInput(gettext("Say why the segments are dismissed."))
        if len(reason) > DISMISS_REASON_MAX:
            raise InvalidInput(
                gettext("The reason is longer than %(limit)s characters.")
                % {"limit": grouped(DISMISS_REASON_MAX)}
            )
    # Locked in id order, as two bulk edits of overlapping segments must take the
    # locks in the same order to wait for each other rather than deadlock.
    rows = {
        claim.pk: claim
        for claim in Claim.objects.select_for_update()
        .select_related("article")
        .filter(article=article, pk__in=[pk for pk, _ in items])
        .order_by("pk")
    }
    editors = last_editors(
        rows[pk]
        for pk, version in items
        if pk in rows and version is not None and rows[pk].version != version
    )
    outcome = BulkOutcome(action=action)
    chosen: list[Claim] = []
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
            _check(claim, version, action, user, outsider, editors)
        except DomainError as exc:
            outcome.skipped.append((pk, exc.message))
            continue
        chosen.append(claim)
        outcome.done.append(pk)
    if chosen:
        if action == "assign":
            _assign(chosen, people, user)
        else:
            _change(chosen, action, user, reason=reason, kind=kind)
        claims_touched(outcome.done)
    return outcome


def _check(claim: Claim, version, action: str, user, outsider: str, editors) -> None:
    """The guards of the single edit, in its order, for one locked segment."""
    if action == "assign":
        policies.check_assign(user, claim)
    if version is not None and claim.version != version:
        raise stale_edit_conflict(claim, editors[claim.pk])
    if action == "assign":
        if outsider:
            raise InvalidInput(outsider)
    elif action == "dismiss":
        policies.check_dismiss(user, claim)
    else:
        policies.check_edit_segment(user, claim)


def _unique(people: Iterable) -> list:
    """The people in the order given, each once (as `assignees.set` keeps them)."""
    seen: set[int] = set()
    return [p for p in people if not (p.pk in seen or seen.add(p.pk))]


def _outsider_message(people: list, workspace) -> str:
    """`claim_assign`'s refusal when one of the people has no role in the article's
    desk, else ""."""
    allowed = set(
        User.objects.filter(policies.assignable_users_filter(workspace))
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )
    outsiders = [person for person in people if person.pk not in allowed]
    if not outsiders:
        return ""
    return gettext(
        "%(username)s has no desk role; only reviewers, editors and admins "
        "can be given claims."
    ) % {"username": outsiders[0].get_username()}


def _bump(claims: list[Claim], user, now, **values) -> None:
    """What `save_claim` does to each claim, as one UPDATE: the new values, the
    version one up and `updated_at` now (every row gets the same values)."""
    Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(
        **values, version=F("version") + 1, updated_at=now
    )
    for claim in claims:
        for name, value in values.items():
            setattr(claim, name, value)
        claim.version += 1
        claim.updated_at = now
        claim._history_user = user


def _change(claims: list[Claim], action: str, user, *, reason: str, kind: str) -> None:
    now = timezone.now()
    if action == "dismiss":
        _bump(claims, user, now, dismissed_reason=reason, dismissed_at=now)
    else:
        _bump(claims, user, now, kind=kind)
    through = Claim.assignees.through
    assigned = defaultdict(list)
    for row in through.objects.filter(claim_id__in=[c.pk for c in claims]):
        assigned[row.claim_id].append(row)
    _history(user, [(claim, assigned[claim.pk]) for claim in claims])


def _assign(claims: list[Claim], people: list, user) -> None:
    """`claim_assign` for each claim: its assignees replaced by `people`, a history
    row for the removal and one for the addition (as `assignees.set` records them
    one by one) and one for the save, and the people newly given it notified."""
    through = Claim.assignees.through
    ids = [claim.pk for claim in claims]
    wanted = [person.pk for person in people]
    before: dict[int, list] = defaultdict(list)
    for row in through.objects.filter(claim_id__in=ids):
        before[row.claim_id].append(row)
    through.objects.filter(claim_id__in=ids).exclude(user_id__in=wanted).delete()
    new_rows = through.objects.bulk_create(
        [
            through(claim_id=claim.pk, user_id=pk)
            for claim in claims
            for pk in wanted
            if pk not in {row.user_id for row in before[claim.pk]}
        ]
    )
    added_rows: dict[int, list] = defaultdict(list)
    for row in new_rows:
        added_rows[row.claim_id].append(row)
    records = []
    final = {}
    for claim in claims:
        kept = [row for row in before[claim.pk] if row.user_id in wanted]
        final[claim.pk] = kept + added_rows[claim.pk]
        if len(kept) < len(before[claim.pk]):
            records.append((copy.copy(claim), kept))
        if added_rows[claim.pk]:
            records.append((copy.copy(claim), final[claim.pk]))
    _bump(claims, user, timezone.now())
    _history(user, records + [(claim, final[claim.pk]) for claim in claims])
    by_pk = {person.pk: person for person in people}
    notify_each(
        kind=NotificationKind.ASSIGNED,
        actor=user,
        messages=[
            (
                [by_pk[row.user_id] for row in added_rows[claim.pk]],
                claim,
                assigned_text(user, claim),
            )
            for claim in claims
        ],
    )


def _history(user, records: list[tuple[Claim, list]]) -> None:
    """One "~" history row per (claim as it was then, its assignee rows then), with
    its snapshot of the assignees, as simple-history writes for a single save: two
    INSERTs for them all, in the order given (which is the order of the dates)."""
    history = Claim.history
    for claim, _rows in records:
        claim._history_user = user
        claim._history_date = timezone.now()
    created = history.bulk_history_create(
        [claim for claim, _rows in records], update=True, default_change_reason=None
    )
    for claim, _rows in records:
        del claim._history_date  # a later save of the object is dated by itself
    snapshot = history.model.historicalclaim_assignees_set.rel.related_model
    snapshot.objects.bulk_create(
        [
            snapshot(history=record, id=row.id, claim_id=row.claim_id,
                     user_id=row.user_id)
            for record, (_claim, rows) in zip(created, records, strict=True)
            for row in rows
        ]
    )  # fmt: skip
