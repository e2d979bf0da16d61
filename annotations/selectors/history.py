"""Timelines from django-simple-history: who changed what, when, before → after.

A claim's timeline merges the history of the claim itself, its citations, ratings,
verdict and comments; an article's activity feed does the same for all its claims.
Both take the viewer: rating history rows go through the same rule as ratings
(`policies.visible_ratings_filter`), so blind review hides a rating's past as well
as its present. Each is a fixed number of queries (one per history table, plus one
for label names, one for source titles and one for assignees), whatever the number
of records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from annotations import policies
from annotations.models import (
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    CommentKind,
    Confidence,
    Rating,
    RatingLabel,
    Source,
    Stance,
    Verdict,
)
from annotations.wording import person_name

VALUE_CHARS = 140


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    when: dt.datetime
    who: str
    subject: str  # "claim", "citation", "rating", "verdict", "comment"
    action: str  # what happened, in words
    claim_id: int
    changes: tuple[Change, ...] = ()
    text: str = ""  # a comment's body, shown in full
    sort_key: tuple = field(default=(), compare=False, repr=False)


def _person(user) -> str:
    return person_name(user, nobody="system")


def _clip(value) -> str:
    if value is None or value == "":
        return "—"
    text = " ".join(str(value).split())
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


class _Names:
    """Display names for the ids history rows hold (labels, sources, users)."""

    def __init__(self, records_by_model: dict[str, list]):
        label_ids, source_ids, user_ids = set(), set(), set()
        for record in records_by_model.get("rating", []) + records_by_model.get(
            "verdict", []
        ):
            label_ids.add(record.label_id)
        for record in records_by_model.get("citation", []):
            source_ids.add(record.source_id)
        for record in records_by_model.get("claim", []):
            user_ids.update(record.assignee_ids)
        self.labels = dict(
            RatingLabel.objects.filter(pk__in=label_ids).values_list("pk", "name")
        )
        self.sources = dict(
            Source.objects.filter(pk__in=source_ids).values_list("pk", "title")
        )
        self.users = {
            user.pk: _person(user)
            for user in get_user_model().objects.filter(pk__in=user_ids)
        }


def _claim_fields(names: _Names) -> dict:
    return {
        "status": ("status", lambda r: ClaimStatus(r.status).label),
        "kind": ("kind", lambda r: Claim.Kind(r.kind).label),
        "text": ("text", lambda r: r.text),
        "attribution": ("attribution", lambda r: r.attribution),
        "dismissed": (
            "dismissal",
            lambda r: f"dismissed: {r.dismissed_reason}" if r.dismissed_at else "",
        ),
        "assignees": (
            "assignees",
            lambda r: ", ".join(
                sorted(names.users.get(pk, f"#{pk}") for pk in r.assignee_ids)
            ),
        ),
    }


def _citation_fields(names: _Names) -> dict:
    return {
        "source": ("source", lambda r: names.sources.get(r.source_id, "(removed)")),
        "stance": ("stance", lambda r: Stance(r.stance).label),
        "quote": ("quote", lambda r: r.quote),
        "locator": ("locator", lambda r: r.locator),
        "note": ("note", lambda r: r.note),
    }


def _rating_fields(names: _Names) -> dict:
    return {
        "label": ("label", lambda r: names.labels.get(r.label_id, "?")),
        "confidence": ("confidence", lambda r: Confidence(r.confidence).label),
        "rationale": ("rationale", lambda r: r.rationale),
        "submitted": (
            "submission",
            lambda r: "submitted" if r.submitted_at else "draft",
        ),
    }


def _verdict_fields(names: _Names) -> dict:
    return {
        "label": ("label", lambda r: names.labels.get(r.label_id, "?")),
        "explanation": ("explanation", lambda r: r.explanation),
        "gap_override": (
            "gap override",
            lambda r: r.gap_override_reason,
        ),
        "two_person_override": (
            "two-person override",
            lambda r: r.two_person_override_reason,
        ),
    }


_ACTIONS = {"+": "added", "~": "changed", "-": "removed"}


def _subject_words(subject: str, record, names: _Names) -> str:
    if subject == "citation":
        return f"citation of “{names.sources.get(record.source_id, 'a source')}”"
    if subject == "rating":
        if record.reviewer_id and record.reviewer_id == record.history_user_id:
            return "their rating"
        who = record.reviewer
        return f"rating by {_person(who)}" if who else "rating"
    if subject == "comment":
        return CommentKind(record.kind).label.lower()
    return subject


def _entries(subject: str, records: list, fields: dict, names: _Names):
    """Turn one model's history rows (all rows of each object, oldest first) into
    timeline entries with the fields each row changed."""
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        changes = []
        if record.history_type == "~" and before is not None:
            for label, value in fields.values():
                old, new = value(before), value(record)
                if old != new:
                    changes.append(Change(label, _clip(old), _clip(new)))
            if not changes:
                continue  # a save that changed nothing shown (version bumps)
        elif record.history_type == "+":
            changes = [
                Change(label, "—", _clip(value(record)))
                for label, value in fields.values()
                if value(record) not in ("", None)
            ]
        words = _subject_words(subject, record, names)
        action = f"{_ACTIONS.get(record.history_type, 'changed')} {words}"
        if subject == "claim" and record.history_type == "~":
            status_change = next((c for c in changes if c.field == "status"), None)
            if status_change is not None:
                action = f"moved the claim to “{status_change.after}”"
            elif [c.field for c in changes] == ["assignees"]:
                action = "assigned the claim"
        if subject == "rating" and [c.field for c in changes] == ["submission"]:
            submitted = changes[0].after == "submitted"
            action = (
                f"submitted {words}"
                if submitted
                else f"took back the submission of {words}"
            )
        text = ""
        if subject == "comment":
            action = {
                CommentKind.COMMENT: "commented",
                CommentKind.RETURN: "returned the claim",
                CommentKind.REOPEN: "reopened the claim",
            }.get(record.kind, "commented")
            text, changes = record.body, []
        yield TimelineEntry(
            when=record.history_date,
            who=_person(record.history_user),
            subject=subject,
            action=action,
            claim_id=record.claim_id if subject != "claim" else record.id,
            changes=tuple(changes),
            text=text,
            sort_key=(record.history_date, subject, record.history_id),
        )


def _load(claim_ids_filter: dict, *, viewer):
    """Every history row of the claims the filter selects that `viewer` may read,
    per model, oldest first.

    `claim_ids_filter` is a lookup against a history row's claim id (for instance
    {"claim_id": 7} or {"claim_id__in": subquery}).
    """
    claim_filter = {
        key.replace("claim_id", "id", 1): value
        for key, value in claim_ids_filter.items()
    }
    claim_records = list(
        Claim.history.filter(**claim_filter)
        .select_related("history_user")
        .order_by("id", "history_id")
    )
    # Assignees at each record, from the historical m2m table (one query).
    through = Claim.history.model.historicalclaim_assignees_set.rel.related_model
    assignees: dict[int, list[int]] = defaultdict(list)
    for history_id, user_id in through.objects.filter(
        history_id__in=[record.history_id for record in claim_records]
    ).values_list("history_id", "user_id"):
        assignees[history_id].append(user_id)
    for record in claim_records:
        record.assignee_ids = sorted(assignees.get(record.history_id, ()))
    records = {
        "claim": claim_records,
        "citation": list(
            Citation.history.filter(**claim_ids_filter)
            .select_related("history_user")
            .order_by("id", "history_id")
        ),
        "rating": list(
            Rating.history.filter(**claim_ids_filter)
            .filter(policies.visible_ratings_filter(viewer))
            .select_related("history_user", "reviewer")
            .order_by("id", "history_id")
        ),
        "verdict": list(
            Verdict.history.filter(**claim_ids_filter)
            .select_related("history_user")
            .order_by("id", "history_id")
        ),
        "comment": list(
            Comment.history.filter(**claim_ids_filter)
            .select_related("history_user")
            .order_by("id", "history_id")
        ),
    }
    return records


def _timeline(records: dict[str, list]) -> list[TimelineEntry]:
    names = _Names(records)
    builders = {
        "claim": _claim_fields(names),
        "citation": _citation_fields(names),
        "rating": _rating_fields(names),
        "verdict": _verdict_fields(names),
        "comment": {},
    }
    entries = [
        entry
        for subject, fields in builders.items()
        for entry in _entries(subject, records[subject], fields, names)
    ]
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries


def claim_timeline(
    claim_id: int, *, viewer, limit: int | None = None
) -> list[TimelineEntry]:
    """The claim's whole story as `viewer` may read it, newest first: its own
    changes, its citations, ratings, verdict and comments, each with who, when and
    before → after."""
    entries = _timeline(_load({"claim_id": claim_id}, viewer=viewer))
    return entries[:limit] if limit else entries


def article_activity(
    article_id: int, *, viewer, limit: int = 200
) -> list[TimelineEntry]:
    """Everything that happened to an article's claims that `viewer` may read,
    newest first.

    Claims are found through their history, so the work on a claim that was later
    merged away or deleted still shows.
    """
    claim_ids = (
        Claim.history.filter(article_id=article_id).values("id").distinct().order_by()
    )
    records = _load({"claim_id__in": claim_ids}, viewer=viewer)
    return _collapse_imports(_timeline(records))[:limit]


def _collapse_imports(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Claims created together (the split of a new article) read as one event."""
    collapsed: list[TimelineEntry] = []
    run: list[TimelineEntry] = []

    def flush() -> None:
        if len(run) > 1:
            first = run[-1]
            collapsed.append(
                TimelineEntry(
                    when=first.when,
                    who=first.who,
                    subject="claim",
                    action=f"split the article into {len(run)} segments",
                    claim_id=first.claim_id,
                    sort_key=first.sort_key,
                )
            )
        else:
            collapsed.extend(run)
        run.clear()

    for entry in entries:
        created = entry.subject == "claim" and entry.action == "added claim"
        if (
            created
            and run
            and (
                run[0].who == entry.who
                and abs((run[0].when - entry.when).total_seconds()) < 2
            )
        ):
            run.append(entry)
            continue
        flush()
        if created:
            run.append(entry)
        else:
            collapsed.append(entry)
    flush()
    return collapsed
