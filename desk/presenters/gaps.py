"""The sourcing-gap dashboard: the counts the selectors read (annotations.selectors.
gaps), labelled and ordered for the page, the listing's links, and what the page
says about full scans."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from annotations import policies, siteurl
from annotations.models import GapKind, ScanRun, Severity
from annotations.selectors import gaps as gap_selectors
from annotations.sourcing import scanner
from annotations.wording import person_name
from desk.presenters.gap_chart import CHART_DAYS, gap_chart

SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
# Queued this long and not started: say that no worker seems to be taking it.
SCAN_WAIT_WARNING = 60


@dataclasses.dataclass(frozen=True)
class GapEntry:
    """A gap in the dashboard's listing, with where a reviewer fixes it: the claim's
    panel on its article page. The gap's own fields read through the entry."""

    gap: Any
    panel_url: str

    def __getattr__(self, name: str):
        if name == "gap":
            raise AttributeError(name)
        return getattr(self.gap, name)


def gap_entries(gaps) -> list[GapEntry]:
    return [
        GapEntry(gap, siteurl.claim_path(gap.claim.article_id, gap.claim_id))
        for gap in gaps
    ]


def labelled(rows, field: str, labels: dict) -> list[dict]:
    """Count rows as {"value", "label", "n"}: a code with its label in words."""
    return [
        {
            "value": row[field],
            "label": labels.get(row[field], row[field]),
            "n": row["n"],
        }
        for row in rows
    ]


def by_severity(rows) -> list[dict]:
    """Severity counts, labelled, most severe first."""
    return sorted(
        labelled(rows, "severity", dict(Severity.choices)),
        key=lambda row: SEVERITY_ORDER.get(row["value"], 9),
    )


def by_assignee(rows) -> list[dict]:
    """Assignee counts with each person's name (as every page names them) and the
    key the listing's filter takes ("none" for claims nobody is assigned)."""
    people = get_user_model()
    named = []
    for row in rows:
        person = None
        if row["claim__assignees__id"] is not None:
            person = people(
                username=row["claim__assignees__username"] or "",
                first_name=row["claim__assignees__first_name"] or "",
                last_name=row["claim__assignees__last_name"] or "",
            )
        named.append(
            {
                **row,
                "name": person_name(person, "Unassigned") or "Unassigned",
                "key": row["claim__assignees__id"] or "none",
            }
        )
    return named


def blocking_kind_labels(desk=None) -> list[str]:
    """The kinds that block approval in `desk` (its approval policy's), in words."""
    labels = dict(GapKind.choices)
    return [
        labels.get(kind, kind)
        for kind in sorted(policies.approval_policy(desk).blocking_kinds)
    ]


def trend_chart(today: dt.date, days: int = CHART_DAYS, workspace=None) -> dict:
    """The last `days` days of openings and resolutions up to `today`, laid out."""
    first = today - dt.timedelta(days=days - 1)
    return gap_chart(
        gap_selectors.daily_gap_counts("opened_at", first, workspace),
        gap_selectors.daily_gap_counts("resolved_at", first, workspace),
        first=first,
        days=days,
    )


def scan_status(
    run: ScanRun | None, now: dt.datetime | None = None, *, viewer=None
) -> dict:
    """What the dashboard says about full scans, from the newest full run `run`:
    queued (asked for, no worker has started it: how long, by whom, and whether its
    task could be sent at all), running with its progress, stalled (its worker
    stopped beating), or the last result.

    `state` is "queued", "running", "stalled", "finished", "failed" or "none"; `poll`
    is true while the answer can change on its own (the page asks again every 2 s).
    """
    now = now or timezone.now()
    status = {"run": run, "state": "none", "poll": False}
    if run is None:
        return status
    if run.status == ScanRun.Status.RUNNING:
        silent = (now - run.heartbeat_at).total_seconds()
        stalled = silent > scanner.stale_after_seconds()
        status.update(
            state="stalled" if stalled else "running", poll=True, silent=int(silent)
        )
    elif run.status == ScanRun.Status.QUEUED:
        waited = max(0, int((now - run.started_at).total_seconds()))
        status.update(
            state="queued",
            poll=True,
            waited=waited,
            slow=waited >= SCAN_WAIT_WARNING,
            unsent=run.sent_at is None,
            # A full scan is the instance's; who asked is named to their own
            # desks' people only (docs/DESKS.md).
            by=person_name(run.requested_by)
            if viewer is None or policies.can_name_person(viewer, run.requested_by)
            else "",
        )
    else:
        status["state"] = run.status
    return status
