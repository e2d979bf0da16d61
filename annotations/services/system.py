"""The writes no person makes, and the actor that names them.

Every other service acts for a person and asks `annotations.policies` first. What
is here is bookkeeping the desk does by itself: it needs no permission because no
person asked for it, and it is kept in this one module so that exception has a
name. docs/WORKFLOW.md, "The write path", lists them.

`SYSTEM` is the acting user a caller passes when the desk itself creates
something a person would otherwise create (seed articles, an import run on the
command line without --user): the service skips its permission check for it, and
records no person as the creator. `None` is never accepted in its place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence

from django.db import connections, transaction

from annotations.errors import InvalidInput


class SystemActor:
    """The desk acting for itself; passed where a service takes the acting user.

    To anything that asks whether it is a signed-in person (the policies) it is
    not one, so only a service that names it explicitly lets it through."""

    is_authenticated = False
    is_active = False

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    """Whether a service's acting user is the desk itself (`SYSTEM`)."""
    return isinstance(actor, SystemActor)


def person(actor):
    """The user to record as having made a change: None for `SYSTEM`."""
    return None if is_system(actor) else actor


# --- link checks --------------------------------------------------------------------

LINK_FIELDS = (
    "link_status",
    "link_failures",
    "link_checked_at",
    "link_http_status",
    "link_final_url",
    "link_error",
    "link_elapsed_ms",
)


def link_results_save(sources: Iterable) -> None:
    """Store link-check results on their sources, set-based: one UPDATE per 500
    sources whatever their outcomes. Link health is bookkeeping, not an edit: no
    history row, no version bump, `updated_at` left alone."""
    from annotations.models import Source

    Source.objects.bulk_update(list(sources), LINK_FIELDS, batch_size=500)


# --- API tokens ---------------------------------------------------------------------


def token_mark_used(token_id: int, when: dt.datetime) -> None:
    """Record when an API token was last presented (authentication's bookkeeping)."""
    from annotations.models import ApiToken

    ApiToken.objects.filter(pk=token_id).update(last_used_at=when)


# --- job messages -------------------------------------------------------------------


def job_mark_sent(model, pk: int, *, read, now: dt.datetime) -> bool:
    """Move a job row's `sent_at` from the value a reaper read to `now`; only one of
    several reapers doing this at once wins (a conditional UPDATE)."""
    return bool(model.objects.filter(pk=pk, sent_at=read).update(sent_at=now))


def job_unmark_sent(model, pk: int, *, sent: dt.datetime, back_to) -> None:
    """Undo `job_mark_sent` when the broker refused the message."""
    model.objects.filter(pk=pk, sent_at=sent).update(sent_at=back_to)


# --- role groups --------------------------------------------------------------------


def role_grant_admin(user) -> None:
    """Make a user an admin: superuser and staff."""
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])


def first_workspace_ensure():
    """The instance's first desk, made when there is none (a database emptied by
    a test; the migration makes it on every real one)."""
    from annotations.models import (
        FIRST_WORKSPACE_NAME,
        FIRST_WORKSPACE_SLUG,
        Workspace,
        first_workspace,
    )

    return (
        first_workspace()
        or Workspace.objects.get_or_create(
            slug=FIRST_WORKSPACE_SLUG, defaults={"name": FIRST_WORKSPACE_NAME}
        )[0]
    )


def membership_set(user, role: str, workspace) -> None:
    """Make `user` a member of `workspace` with `role` (reviewer, editor, admin),
    replacing the role they held there."""
    from annotations.models import Membership, WorkspaceRole

    if role not in WorkspaceRole.values:
        raise InvalidInput(f"No such role in a desk: {role!r}.")
    Membership.objects.update_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )


# --- seeds --------------------------------------------------------------------------


def default_scale_ensure(spec: dict):
    """Create the rating scale `spec` describes (annotations.ratingscale's
    DEFAULT_SCALE) and its labels if missing; never overwrites edits made since.
    It becomes the default scale only when there is none."""
    from annotations.models import RatingLabel, RatingScale

    scale, _ = RatingScale.objects.get_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "description": spec["description"],
            "is_default": not RatingScale.objects.filter(is_default=True).exists(),
        },
    )
    for position, (name, slug, ordinal, polarity, description) in enumerate(
        spec["labels"]
    ):
        RatingLabel.objects.get_or_create(
            scale=scale,
            slug=slug,
            defaults={
                "name": name,
                "ordinal": ordinal,
                "polarity": polarity,
                "description": description,
                "position": position,
            },
        )
    return scale


def demo_user_create(*, username: str, password: str, first_name: str):
    """An account for the demo desk (`manage.py load_seeds`); its role is granted
    separately (`roles.grant`)."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name
    )


# --- the gap tracker ----------------------------------------------------------------
#
# The scanner (annotations/sourcing/scanner.py) decides; these write what it decided.
# Each is set-based: a fixed number of statements per batch whatever its size.


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    """`items` in consecutive pieces of at most `size` (SQLite bounds how many
    parameters one statement may carry)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def gap_rows_write(
    new: dict,
    seen_ids: list[int],
    changed: list[tuple[int, object]],
    resolve_ids: list[int],
    *,
    now: dt.datetime,
) -> tuple[int, int]:
    """Apply one scan batch's diff to the SourcingGap rows; returns (opened, resolved).

    `new` maps (claim id, kind, source id or 0) to the finding to open, `seen_ids`
    are open gaps found again (their `last_seen_at` moves to `now`), `changed` pairs
    an open gap with its finding whose severity or detail differ, `resolve_ids` are
    open gaps no longer found. One insert, one refresh, one resolve, plus one update
    per changed gap (rare). A gap opened meanwhile by a concurrent scanner is not
    doubled (the open-gap constraint makes the insert a no-op), and a gap resolved
    meanwhile is not counted again.
    """
    from annotations.models import SourcingGap

    if connections[SourcingGap.objects.db].vendor == "postgresql":
        return _gap_rows_write_sql(new, seen_ids, changed, resolve_ids, now=now)
    return _gap_rows_write_orm(new, seen_ids, changed, resolve_ids, now=now)


def _gap_rows_write_orm(new, seen_ids, changed, resolve_ids, *, now):
    from annotations.models import SourcingGap

    if new:
        # A concurrent scanner may have opened the same gap a moment ago: the partial
        # unique constraint turns our copy into a no-op instead of a duplicate.
        SourcingGap.objects.bulk_create(
            [
                SourcingGap(
                    claim_id=claim_id,
                    source_id=source_id or None,
                    kind=kind,
                    severity=finding.severity,
                    detail=finding.detail,
                    detail_code=finding.detail_code,
                    detail_params=dict(finding.detail_params),
                    opened_at=now,
                    last_seen_at=now,
                )
                for (claim_id, kind, source_id), finding in new.items()
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
    for chunk in chunks(seen_ids, 5000):
        SourcingGap.objects.filter(pk__in=chunk).update(last_seen_at=now)
    _gap_rows_rewrite(changed)
    resolved = 0
    for chunk in chunks(resolve_ids, 5000):
        resolved += SourcingGap.objects.filter(
            pk__in=chunk, resolved_at__isnull=True
        ).update(resolved_at=now, last_seen_at=now)
    return len(new), resolved


def _gap_rows_rewrite(changed) -> None:
    from annotations.models import SourcingGap

    for pk, finding in changed:
        SourcingGap.objects.filter(pk=pk).update(
            severity=finding.severity,
            detail=finding.detail,
            detail_code=finding.detail_code,
            detail_params=dict(finding.detail_params),
        )


# On PostgreSQL the batch's ids and new rows travel as a few arrays: one statement
# each, with no per-value parameter or model-instance overhead (at a million claims
# Django's bulk_create and `pk__in` lists cost more than the rules).
_REFRESH_SQL = "UPDATE {table} SET last_seen_at = %s WHERE id = ANY(%s::bigint[])"
_RESOLVE_SQL = """UPDATE {table} SET resolved_at = %s, last_seen_at = %s
WHERE id = ANY(%s::bigint[]) AND resolved_at IS NULL"""
# ON CONFLICT: a concurrent scanner may have opened the same gap a moment ago; the
# partial unique constraint makes our copy a no-op instead of a duplicate.
_OPEN_SQL = """INSERT INTO {table}
    (claim_id, kind, source_id, severity, detail, detail_code, detail_params,
     opened_at, last_seen_at)
SELECT claim_id, kind, NULLIF(source_id, 0), severity, detail, detail_code,
    detail_params::jsonb, %s, %s
FROM unnest(%s::bigint[], %s::text[], %s::bigint[], %s::text[], %s::text[],
    %s::text[], %s::text[])
    AS new (claim_id, kind, source_id, severity, detail, detail_code, detail_params)
ON CONFLICT DO NOTHING"""


def _gap_rows_write_sql(new, seen_ids, changed, resolve_ids, *, now):
    from annotations.models import SourcingGap

    connection = connections[SourcingGap.objects.db]
    table = connection.ops.quote_name(SourcingGap._meta.db_table)
    opened = resolved = 0
    with connection.cursor() as cursor:
        if new:
            keys = list(new)
            cursor.execute(
                _OPEN_SQL.format(table=table),
                [
                    now,
                    now,
                    [key[0] for key in keys],
                    [key[1] for key in keys],
                    [key[2] for key in keys],
                    [finding.severity for finding in new.values()],
                    [finding.detail for finding in new.values()],
                    [finding.detail_code for finding in new.values()],
                    [
                        json.dumps(dict(finding.detail_params))
                        for finding in new.values()
                    ],
                ],
            )
            opened = cursor.rowcount
        if seen_ids:
            cursor.execute(_REFRESH_SQL.format(table=table), [now, seen_ids])
        _gap_rows_rewrite(changed)
        if resolve_ids:
            cursor.execute(_RESOLVE_SQL.format(table=table), [now, now, resolve_ids])
            resolved = cursor.rowcount
    return opened, resolved


def job_take_free_lease(row, now: dt.datetime, **still) -> int | None:
    """Take `row` (a model with JobBookkeeping's fields) for this worker when no
    live lease holds it and it still matches `still` (e.g. state="pending"): one
    conditional UPDATE, so of two workers one wins. Returns the new lease token,
    or None when another worker holds it or it moved on."""
    from django.db.models import F, Q

    from annotations import jobs

    token = row.lease_token + 1
    taken = (
        type(row)
        .objects.filter(pk=row.pk, lease_token=row.lease_token, **still)
        .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        .update(
            lease_token=token,
            lease_expires_at=jobs.lease_expiry(now),
            attempts=F("attempts") + 1,
        )
    )
    return token if taken else None


def job_lease_renewer(held):
    """A LeaseKeeper's renewal for the rows of `held` (the queryset of the row
    under this worker's token): False once the lease is no longer ours."""
    from annotations import jobs

    def renew() -> bool:
        return bool(held.update(lease_expires_at=jobs.lease_expiry()))

    return renew


def rescans_queue(claim_ids: Iterable[int], *, now: dt.datetime) -> None:
    """Queue claims for a rescan (the outbox) in the caller's transaction, in one
    INSERT of the claims not waiting already."""
    from annotations.models import PendingRescan

    # Only the claims not waiting already, as this transaction sees the outbox:
    # rows no index makes unique, so the INSERT never waits for another
    # transaction's (PendingRescan's docstring says why).
    wanted = set(claim_ids)
    waiting = set(
        PendingRescan.objects.filter(claim_id__in=wanted).values_list(
            "claim_id", flat=True
        )
    )
    rows = [
        PendingRescan(claim_id=pk, requested_at=now) for pk in sorted(wanted - waiting)
    ]
    PendingRescan.objects.bulk_create(rows)


def rescans_take(limit: int) -> list[int]:
    """Take up to `limit` claims off the rescan outbox, oldest first: their rows are
    locked and deleted in the caller's transaction (which must be open), so they
    come back if it rolls back. On PostgreSQL another rescanner at the same moment
    skips the locked rows and takes others."""
    from annotations.models import PendingRescan

    taken = list(
        PendingRescan.objects.select_for_update(skip_locked=True)
        .order_by("requested_at", "id")
        .values_list("id", "claim_id")[:limit]
    )
    ids = list(dict.fromkeys(claim for _, claim in taken))
    if not ids:
        return []
    # The same claims' other rows (a second request another transaction made
    # before it could see the first): taken too, unless a rescanner holds them.
    rows = {row for row, _ in taken} | set(
        PendingRescan.objects.select_for_update(skip_locked=True)
        .filter(claim_id__in=ids)
        .values_list("id", flat=True)
    )
    PendingRescan.objects.filter(id__in=rows).delete()
    return ids


def scan_run_insert(
    *, scope: str, article, now: dt.datetime, queued: bool = False, requested_by=None
):
    """Insert a scan run, running (a worker starts it) or queued (someone asked for
    it). In its own savepoint: the unique index on unfinished runs refuses a second
    one of the same claims with IntegrityError, which the caller handles."""
    from annotations.models import ScanRun

    status = ScanRun.Status.QUEUED if queued else ScanRun.Status.RUNNING
    with transaction.atomic():
        return ScanRun.objects.create(
            scope=scope,
            article=article,
            status=status,
            started_at=now,
            heartbeat_at=now,
            requested_by=requested_by,
        )


def scan_run_start(run, *, now: dt.datetime) -> None:
    """A worker starts a queued run (the caller holds its row lock)."""
    from annotations.models import ScanRun

    run.status = ScanRun.Status.RUNNING
    run.started_at = run.heartbeat_at = now
    run.save(update_fields=["status", "started_at", "heartbeat_at"])


def scan_run_take_over(run, *, now: dt.datetime) -> None:
    """A worker takes over an unfinished run (the caller holds its row lock): the
    `takeovers` count every write of the previous holder checks moves on."""
    run.takeovers += 1
    run.heartbeat_at = now
    run.save(update_fields=["takeovers", "heartbeat_at"])


def scan_run_mark_sent(run, *, now: dt.datetime) -> bool:
    """Record that the run's task went to the broker, unless it was recorded
    already; whether this call recorded it."""
    from annotations.models import ScanRun

    sent = ScanRun.objects.filter(pk=run.pk, sent_at__isnull=True).update(sent_at=now)
    if sent:
        run.sent_at = now
    return bool(sent)


def scan_run_record(run, *, token: int, **fields) -> bool:
    """Write these fields of a running run, only while it is still held by the scan
    that claimed it with `takeovers == token`; whether it was (one guarded UPDATE).
    The instance is updated only when the row was."""
    from annotations.models import ScanRun

    held = ScanRun.objects.filter(
        pk=run.pk, status=ScanRun.Status.RUNNING, takeovers=token
    ).update(**fields)
    if held:
        for name, value in fields.items():
            setattr(run, name, value)
    return bool(held)
