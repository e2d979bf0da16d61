"""A desk's own settings, with the instance's settings as defaults (docs/DESKS.md).

A desk keeps its choices in `Workspace.settings`, a JSON object; a key it has not set
falls back to the instance's setting of the same meaning (the `FACTCHECK_*` settings in
`factcheck/settings.py`). This module is the one reader of that object: every rule that
a desk may set asks `desk_settings(workspace)`, never the JSON or the Django setting.

The keys, all optional:

- `scale`: the slug of the desk's rating scale (else the instance's default scale);
- `ratings_required`: submitted ratings before a claim goes to the editors (>= 1);
- `blind_review_default`: whether a new article starts in blind review;
- `share_already_checked`: whether this desk's approved verdicts may be offered as
  "already checked" to another desk that shares too;
- `gaps`: `min_sources` (int), `checkworthy` (0..1), `blocking` (list of gap kinds),
  `severities` ({kind: severity}), `primary_kinds` (list of source kinds);
- `report`: `organisation_name`, `organisation_url`, `logo_url`, `methodology`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class ReportIdentity:
    """Who publishes a desk's reports: ClaimReview's author, every report's footer."""

    organisation_name: str
    organisation_url: str
    logo_url: str
    methodology: str


@dataclass(frozen=True)
class GapRules:
    min_sources: int
    checkworthy: float
    blocking: frozenset[str]
    severities: dict[str, str]
    primary_kinds: frozenset[str]


@dataclass(frozen=True)
class DeskSettings:
    scale: str | None
    ratings_required: int
    blind_review_default: bool
    share_already_checked: bool
    gaps: GapRules
    report: ReportIdentity


def _own(workspace) -> dict:
    """The desk's JSON object, or {} for no desk (the instance's defaults)."""
    own = getattr(workspace, "settings", None)
    return own if isinstance(own, dict) else {}


def _section(own: dict, key: str) -> dict:
    value = own.get(key)
    return value if isinstance(value, dict) else {}


def desk_settings(workspace=None) -> DeskSettings:
    """The settings in force in `workspace` (a `Workspace`; None for the instance's).

    Reads no database: the desk's settings come with the desk row.
    """
    own = _own(workspace)
    gaps = _section(own, "gaps")
    report = _section(own, "report")
    return DeskSettings(
        scale=own.get("scale") or None,
        ratings_required=max(
            1, int(own.get("ratings_required") or settings.FACTCHECK_RATINGS_REQUIRED)
        ),
        blind_review_default=bool(own.get("blind_review_default", False)),
        share_already_checked=bool(own.get("share_already_checked", False)),
        gaps=GapRules(
            min_sources=int(
                gaps.get("min_sources", settings.FACTCHECK_GAP_MIN_SOURCES)
            ),
            checkworthy=float(
                gaps.get("checkworthy", settings.FACTCHECK_GAP_CHECKWORTHY)
            ),
            blocking=frozenset(gaps.get("blocking", settings.FACTCHECK_GAP_BLOCKING)),
            severities={
                **settings.FACTCHECK_GAP_SEVERITIES,
                **(gaps.get("severities") or {}),
            },
            primary_kinds=frozenset(
                gaps.get("primary_kinds", settings.FACTCHECK_GAP_PRIMARY_KINDS)
            ),
        ),
        report=ReportIdentity(
            organisation_name=report.get("organisation_name")
            or settings.FACTCHECK_ORGANISATION_NAME,
            organisation_url=report.get("organisation_url")
            or settings.FACTCHECK_ORGANISATION_URL,
            logo_url=report.get("logo_url") or settings.FACTCHECK_ORGANISATION_LOGO,
            methodology=report.get("methodology") or settings.FACTCHECK_METHODOLOGY,
        ),
    )
