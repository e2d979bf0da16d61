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
from django.db.models import FloatField, Q, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce


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


def settings_of(obj) -> DeskSettings:
    """The settings of the desk that `obj` (a desk, an article, or a claim through its
    article) is in. Reads the desk row through the object's cached relations: load
    articles with `select_related("workspace")` (claims with
    `"article__workspace"`) to make it cost no query.
    """
    if obj is None:
        return desk_settings(None)
    if hasattr(obj, "slug") and hasattr(obj, "settings"):
        return desk_settings(obj)
    article = obj if hasattr(obj, "workspace_id") else obj.article
    return desk_settings(article.workspace)


def blocking_gap_filter(desks, *, kind: str, desk: str) -> Q:
    """A condition true for a gap whose kind blocks approval in its claim's desk.

    `kind` is the lookup of the gap's kind and `desk` that of its claim's desk id,
    from the model the condition filters (e.g. "kind" and
    "claim__article__workspace_id" for a SourcingGap). `desks` are the desks whose
    own blocking kinds must be honoured (loaded, with their settings); any other
    desk's gaps are judged by the instance's default.
    """
    default = desk_settings(None).gaps.blocking
    own = {
        each.pk: rules
        for each in desks
        if (rules := desk_settings(each).gaps.blocking) != default
    }
    condition = Q(**{f"{kind}__in": sorted(default)})
    if not own:
        return condition
    condition &= ~Q(**{f"{desk}__in": sorted(own)})
    for pk, rules in own.items():
        condition |= Q(**{desk: pk, f"{kind}__in": sorted(rules)})
    return condition


def checkworthy_expression(desk: str):
    """The check-worthiness threshold of each row's desk, in SQL: the desk's own
    `gaps.checkworthy` where it set one, else the instance's. `desk` is the lookup
    of the desk from the model queried (e.g. "workspace" from an Article), so a
    list over many desks needs no query per desk."""
    return Coalesce(
        Cast(
            KeyTextTransform("checkworthy", KeyTransform("gaps", f"{desk}__settings")),
            FloatField(),
        ),
        Value(float(settings.FACTCHECK_GAP_CHECKWORTHY)),
        output_field=FloatField(),
    )


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
