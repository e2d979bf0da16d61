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

import json
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, FloatField, Q, Value, When
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.db.models.lookups import Range
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


# What `_share` reads as a number (float() of the text), in SQL: a stored value
# that is not one takes the instance's threshold, as desk_settings() does, rather
# than failing the whole query (PostgreSQL refuses to cast "high" to a float).
_NUMBER_TEXT = r"^\s*[+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?\s*$"


def checkworthy_expression(desk: str):
    """The check-worthiness threshold of each row's desk, in SQL: the desk's own
    `gaps.checkworthy` where it set a readable one (a number from 0 to 1, as
    `desk_settings()` reads it), else the instance's. `desk` is the lookup of the
    desk from the model queried (e.g. "workspace" from an Article), so a list over
    many desks needs no query per desk."""
    default = Value(float(settings.FACTCHECK_GAP_CHECKWORTHY))
    stored = Cast(
        KeyTextTransform("checkworthy", KeyTransform("gaps", f"{desk}__settings")),
        FloatField(),
    )
    # Nested, so the cast runs only on text the pattern let through.
    return Case(
        When(
            Q(**{f"{desk}__settings__gaps__checkworthy__regex": _NUMBER_TEXT}),
            then=Case(
                When(Range(stored, (0.0, 1.0)), then=stored),
                default=default,
                output_field=FloatField(),
            ),
        ),
        default=default,
        output_field=FloatField(),
    )


logger = logging.getLogger(__name__)

# The (desk, problems) pairs already logged by this process: a broken desk is read
# on every request, and one warning per breakage is enough to find it.
_warned: set[tuple[int | None, tuple[str, ...]]] = set()


class _Reader:
    """Reads a desk's stored JSON one setting at a time: a setting that is missing
    takes the instance's default, one that is unreadable (edited by hand in the
    database or the admin, so never checked by `clean_desk_settings`) takes the
    default too and is noted in `problems`, in words for the desk's admins."""

    def __init__(self, stored):
        self.problems: list[str] = []
        if stored is None or stored == {}:
            self.own: dict = {}
        elif isinstance(stored, dict):
            self.own = stored
        else:
            self.own = {}
            self.problems.append(
                gettext(
                    "The stored settings are not a JSON object: every setting "
                    "follows the instance's."
                )
            )
        for key, inner in self.own.items():
            if key not in KEYS:
                self.problems.append(
                    gettext("%(key)r is not a desk setting: it is ignored.")
                    % {"key": key}
                )
            elif KEYS[key] is not None and inner is not None:
                if not isinstance(inner, dict):
                    self.problems.append(
                        gettext(
                            "%(key)r is not a set of named settings: the instance's "
                            "apply."
                        )
                        % {"key": key}
                    )
                    continue
                for name in inner:
                    if name not in KEYS[key]:
                        self.problems.append(
                            gettext("%(key)r is not a desk setting: it is ignored.")
                            % {"key": f"{key}.{name}"}
                        )

    def value(self, name: str, check, default):
        """The stored `name` ("gaps.min_sources") as `check` reads it, else
        `default`; `check` raises ValueError (or TypeError) on what it cannot read."""
        section, _, key = name.rpartition(".")
        source = self.own.get(section) if section else self.own
        if not isinstance(source, dict) or source.get(key) is None:
            return default
        try:
            return check(source[key])
        except (ValueError, TypeError):
            self.unreadable(name, source[key])
            return default

    def unreadable(self, name: str, value) -> None:
        self.problems.append(
            gettext(
                "%(key)r holds %(value)s, which cannot be read: the instance's "
                "setting applies."
            )
            % {"key": name, "value": _shown(value)}
        )


def _shown(value) -> str:
    """A stored value as the admin's message quotes it, cut short."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:59] + "…"


def _severities(reader: _Reader) -> dict[str, str]:
    """The instance's severities, with each of the desk's readable ones over them
    (one unreadable kind does not lose the others)."""
    from annotations.sourcing.gaps import ALL_KINDS

    merged = dict(settings.FACTCHECK_GAP_SEVERITIES)
    section = reader.own.get("gaps")
    stored = section.get("severities") if isinstance(section, dict) else None
    if stored is None:
        return merged
    if not isinstance(stored, dict):
        reader.unreadable("gaps.severities", stored)
        return merged
    for kind, level in stored.items():
        if kind in ALL_KINDS and level in SEVERITIES:
            merged[kind] = level
        else:
            reader.unreadable(f"gaps.severities.{kind}", level)
    return merged


def _stored_text(value) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return value.strip()


def _stored_address(value) -> str:
    from annotations.urlcheck import check_url

    text = _stored_text(value)
    try:
        return check_url(text) if text else ""
    except InvalidInput as refused:
        raise ValueError(refused.message) from None


def read_desk_settings(workspace=None) -> tuple[DeskSettings, tuple[str, ...]]:
    """The settings in force in `workspace` (a `Workspace`; None for the
    instance's) and the problems found in its stored JSON: each setting is read
    alone, so a broken one takes the instance's default and the others still
    hold. Reads no database: the desk's settings come with the desk row.
    """
    from annotations.models import SourceKind
    from annotations.sourcing.gaps import ALL_KINDS

    reader = _Reader(getattr(workspace, "settings", None))
    # Settings stored before the page checked them may lie outside the page's
    # range; they were honoured then, so only what is no number at all, or below
    # one, falls back.
    result = DeskSettings(
        scale=reader.value("scale", _stored_text, "") or None,
        ratings_required=reader.value(
            "ratings_required",
            lambda value: _whole(value, 1, 999, ""),
            max(1, settings.FACTCHECK_RATINGS_REQUIRED),
        ),
        blind_review_default=reader.value(
            "blind_review_default", lambda value: _switch(value, ""), False
        ),
        share_already_checked=reader.value(
            "share_already_checked", lambda value: _switch(value, ""), False
        ),
        gaps=GapRules(
            min_sources=reader.value(
                "gaps.min_sources",
                lambda value: _whole(value, 0, 999, ""),
                settings.FACTCHECK_GAP_MIN_SOURCES,
            ),
            checkworthy=reader.value(
                "gaps.checkworthy",
                lambda value: _share(value, ""),
                float(settings.FACTCHECK_GAP_CHECKWORTHY),
            ),
            blocking=frozenset(
                reader.value(
                    "gaps.blocking",
                    lambda value: _choices(value, ALL_KINDS, ""),
                    settings.FACTCHECK_GAP_BLOCKING,
                )
            ),
            severities=_severities(reader),
            primary_kinds=frozenset(
                reader.value(
                    "gaps.primary_kinds",
                    lambda value: _choices(value, SourceKind.values, ""),
                    settings.FACTCHECK_GAP_PRIMARY_KINDS,
                )
            ),
        ),
        report=ReportIdentity(
            organisation_name=reader.value("report.organisation_name", _stored_text, "")
            or settings.FACTCHECK_ORGANISATION_NAME,
            organisation_url=reader.value(
                "report.organisation_url", _stored_address, ""
            )
            or settings.FACTCHECK_ORGANISATION_URL,
            logo_url=reader.value("report.logo_url", _stored_address, "")
            or settings.FACTCHECK_ORGANISATION_LOGO,
            methodology=reader.value("report.methodology", _stored_text, "")
            or settings.FACTCHECK_METHODOLOGY,
            excerpts_only=reader.value(
                "report.excerpts_only", lambda value: _switch(value, ""), False
            ),
        ),
    )
    return result, tuple(reader.problems)


def desk_settings(workspace=None) -> DeskSettings:
    """The settings in force in `workspace` (a `Workspace`; None for the instance's).

    Reads no database: the desk's settings come with the desk row. Never raises on
    a desk's stored JSON: what is unreadable follows the instance's settings, and
    is logged as a warning once per process for each desk and breakage (the
    desk's settings page shows it to its admins: `read_desk_settings`).
    """
    result, problems = read_desk_settings(workspace)
    if problems:
        key = (getattr(workspace, "pk", None), problems)
        if key not in _warned:
            _warned.add(key)
            logger.warning(
                "Desk %s has unreadable settings, the instance's apply instead: %s",
                getattr(workspace, "slug", "?"),
                " ".join(problems),
            )
    return result


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
