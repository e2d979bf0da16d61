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
- `report`: `organisation_name`, `organisation_url`, `logo_url`, `methodology`,
  `excerpts_only` (whether a report is published without the article's text by
  default; the editor chooses again at each publication).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import FloatField, Q, Value
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext

from annotations import limits
from annotations.errors import InvalidInput


@dataclass(frozen=True)
class ReportIdentity:
    """Who publishes a desk's reports (ClaimReview's author, every report's footer)
    and how: `excerpts_only` is the publish form's default for reprinting only the
    checked claims, for desks that may not reprint a third-party article."""

    organisation_name: str
    organisation_url: str
    logo_url: str
    methodology: str
    excerpts_only: bool = False


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


def scale_filter(desk=None, prefix: str = "scale__") -> Q:
    """The rating scale of `desk` (a desk, an article or a claim) as a condition:
    the scale its `scale` slug names, else the instance's default. `prefix` reaches
    the scale from the model queried ("scale__" from a RatingLabel, "" from a
    RatingScale)."""
    slug = settings_of(desk).scale
    if slug:
        return Q(**{f"{prefix}slug": slug})
    return Q(**{f"{prefix}is_default": True})


def on_desk_scale(label, desk=None) -> bool:
    """Whether a RatingLabel belongs to the rating scale of `desk` (reads the
    label's scale, no query when it was loaded with it)."""
    slug = settings_of(desk).scale
    scale = label.scale
    return scale.slug == slug if slug else bool(scale.is_default)


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
            excerpts_only=report.get("excerpts_only") is True,
        ),
    )


# --- changing a desk's settings ----------------------------------------------------

RATINGS_REQUIRED_RANGE = (1, 5)
MIN_SOURCES_RANGE = (1, 10)
SEVERITIES = ("high", "medium", "low")
TRUE_WORDS = frozenset({"1", "true", "on", "yes"})
FALSE_WORDS = frozenset({"", "0", "false", "off", "no"})
KEYS = {
    "scale": None,
    "ratings_required": None,
    "blind_review_default": None,
    "share_already_checked": None,
    "gaps": ("min_sources", "checkworthy", "blocking", "severities", "primary_kinds"),
    "report": (
        "organisation_name",
        "organisation_url",
        "logo_url",
        "methodology",
        "excerpts_only",
    ),
}


class DeskSettingsInvalid(InvalidInput):
    """Settings refused: `errors` maps each refused field ("ratings_required",
    "gaps.checkworthy", "report.logo_url"…) to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def _whole(value, low: int, high: int, message: str) -> int:
    text = str(value).strip() if not isinstance(value, bool) else ""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif text.isdigit() and len(text) <= 3:
        number = int(text)
    else:
        raise ValueError(message)
    if not low <= number <= high:
        raise ValueError(message)
    return number


def _switch(value, message: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(message)


def _share(value, message: str) -> float:
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or not 0.0 <= number <= 1.0:  # also refuses NaN
        raise ValueError(message)
    return number


def _choices(value, allowed, message: str) -> list[str]:
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, str) and item in allowed for item in value
    ):
        raise ValueError(message)
    return sorted(set(value))


def _text(value, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise ValueError(gettext("%(what)s is not text.") % {"what": what})
    text = value.strip()
    if len(text) > limit:
        raise ValueError(
            gettext("%(what)s is longer than %(limit)s characters.")
            % {"what": what, "limit": limit}
        )
    return text


def _web_address(value, what: str) -> str:
    from annotations.urlcheck import check_url

    text = _text(value, limits.URL_MAX, what)
    if not text:
        return ""
    try:
        return check_url(text, what=what)
    except InvalidInput as refused:
        raise ValueError(refused.message) from None


def clean_desk_settings(data) -> dict:
    """The settings a desk's admin sent, checked and in their stored shape: the keys
    of `KEYS` only (a section, "gaps" or "report", holding its own keys), each
    optional. Raises `DeskSettingsInvalid` naming every refused field; an unknown
    key is refused, never dropped. Reads the rating scales (one query) when a scale
    is named.
    """
    from annotations.models import RatingScale, SourceKind
    from annotations.sourcing.gaps import ALL_KINDS

    if not isinstance(data, dict):
        raise DeskSettingsInvalid(
            {"settings": gettext("A desk's settings are a JSON object.")}
        )
    errors: dict[str, str] = {}
    cleaned: dict = {}

    def field(name: str, check) -> None:
        section, _, key = name.rpartition(".")
        source = data.get(section) if section else data
        if not isinstance(source, dict) or key not in source:
            return
        try:
            value = check(source[key])
        except ValueError as refused:
            errors[name] = str(refused)
            return
        (cleaned.setdefault(section, {}) if section else cleaned)[key] = value

    for key, inner in data.items():
        if key not in KEYS:
            errors[key] = gettext("%(key)r is not a desk setting.") % {"key": key}
        elif inner is not None and KEYS[key] is not None:
            if not isinstance(inner, dict):
                errors[key] = gettext("%(key)r holds named settings.") % {"key": key}
                continue
            for name in inner:
                if name not in KEYS[key]:
                    errors[f"{key}.{name}"] = gettext(
                        "%(key)r is not a desk setting."
                    ) % {"key": f"{key}.{name}"}

    def scale(value) -> str:
        slug = str(value or "").strip()
        if slug and not RatingScale.objects.filter(slug=slug).exists():
            raise ValueError(
                gettext("There is no rating scale %(slug)r.") % {"slug": slug}
            )
        return slug

    low, high = RATINGS_REQUIRED_RANGE
    field("scale", scale)
    field(
        "ratings_required",
        lambda value: _whole(
            value,
            low,
            high,
            gettext("Ratings required is a whole number from %(low)s to %(high)s.")
            % {"low": low, "high": high},
        ),
    )
    field(
        "blind_review_default",
        lambda value: _switch(value, gettext("Blind review is on or off.")),
    )
    field(
        "share_already_checked",
        lambda value: _switch(value, gettext("Sharing is on or off.")),
    )
    fewest, most = MIN_SOURCES_RANGE
    field(
        "gaps.min_sources",
        lambda value: _whole(
            value,
            fewest,
            most,
            gettext(
                "The minimum of sources is a whole number from %(low)s to %(high)s."
            )
            % {"low": fewest, "high": most},
        ),
    )
    field(
        "gaps.checkworthy",
        lambda value: _share(
            value, gettext("The check-worthiness threshold is a number from 0 to 1.")
        ),
    )
    field(
        "gaps.blocking",
        lambda value: _choices(
            value, ALL_KINDS, gettext("Pick blocking kinds among the gap kinds.")
        ),
    )
    field(
        "gaps.primary_kinds",
        lambda value: _choices(
            value,
            SourceKind.values,
            gettext("Pick primary kinds among the source kinds."),
        ),
    )

    def severities(value) -> dict:
        if not isinstance(value, dict) or not all(
            kind in ALL_KINDS and level in SEVERITIES for kind, level in value.items()
        ):
            raise ValueError(
                gettext("Give each gap kind a severity: high, medium or low.")
            )
        return dict(value)

    field("gaps.severities", severities)
    field(
        "report.organisation_name",
        lambda value: _text(
            value, limits.ORGANISATION_NAME_MAX, gettext("The organisation's name")
        ),
    )
    field(
        "report.organisation_url",
        lambda value: _web_address(value, gettext("The organisation's address")),
    )
    field(
        "report.logo_url",
        lambda value: _web_address(value, gettext("The logo's address")),
    )
    field(
        "report.methodology",
        lambda value: _text(value, limits.METHODOLOGY_MAX, gettext("The methodology")),
    )
    field(
        "report.excerpts_only",
        lambda value: _switch(value, gettext("Excerpts only is on or off.")),
    )
    if errors:
        raise DeskSettingsInvalid(errors)
    return cleaned
