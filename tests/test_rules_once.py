"""Every rule is stated in one place (issue 16): each test here fails when a second
copy of a rule appears in the application code, so the copies cannot drift apart.

The scans read the source (AST or text), not the running code, because a copy that
happens to agree today is exactly what drifts tomorrow. Tests, migrations (frozen
history) and docs are not application code and are not scanned.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_FOLDERS = ("annotations", "desk", "api", "reports", "factcheck")


def app_modules():
    """(relative path, source) of every application Python module."""
    for folder in APP_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative:
                continue
            yield relative, path.read_text("utf-8")


def templates():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        yield path.relative_to(ROOT).as_posix(), path.read_text("utf-8")


def string_constants(source: str):
    """(line, value) of every string literal in a module."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def lines_matching(pattern: re.Pattern, files, allowed: set[str]) -> list[str]:
    return [
        f"{relative}:{number}: {line.strip()}"
        for relative, source in files
        if relative not in allowed
        for number, line in enumerate(source.splitlines(), 1)
        if pattern.search(line)
    ]


# --- gap kinds --------------------------------------------------------------------


def test_gap_kind_codes_are_written_only_in_the_gap_rules():
    """The list of gap kinds lives in annotations/sourcing/gaps.py (KINDS); the model's
    choices, the settings' defaults and the reports' words are read from it."""
    from annotations.sourcing import gaps

    codes = set(gaps.ALL_KINDS)
    offenders = [
        f"{relative}:{line}: {value!r}"
        for relative, source in app_modules()
        if relative != "annotations/sourcing/gaps.py"
        for line, value in string_constants(source)
        if value in codes
    ]
    assert not offenders, "\n".join(offenders)


def test_every_reader_of_gap_kinds_sees_the_same_list():
    from django.conf import settings

    from annotations.models import GapKind
    from annotations.sourcing import gaps
    from reports.exporters._common import GAP_KIND_WORDS

    assert tuple(GapKind.values) == gaps.ALL_KINDS
    assert dict(GapKind.choices) == gaps.KIND_LABELS
    assert set(GAP_KIND_WORDS) == set(gaps.ALL_KINDS)
    assert set(settings.FACTCHECK_GAP_SEVERITIES) == set(gaps.ALL_KINDS)
    assert GapKind.NO_SOURCE == gaps.NO_SOURCE


# --- blocking kinds ---------------------------------------------------------------


def test_blocking_kinds_are_read_only_by_the_approval_policy():
    """Which gap kinds block approval is asked of policies.approval_policy(); no view,
    scanner or template reads the setting beside it (the desk's settings reader gives
    the instance's value as a desk's default)."""
    offenders = lines_matching(
        re.compile(r"FACTCHECK_GAP_BLOCKING"),
        app_modules(),
        {
            "annotations/policies.py",
            "annotations/desksettings.py",
            "factcheck/settings.py",
        },
    )
    assert not offenders, "\n".join(offenders)


DESK_RULES = re.compile(
    r"FACTCHECK_(GAP_BLOCKING|RATINGS_REQUIRED|GAP_MIN_SOURCES|GAP_CHECKWORTHY"
    r"|GAP_SEVERITIES|GAP_PRIMARY_KINDS)\b"
)


def test_rules_a_desk_may_set_are_read_only_through_its_settings():
    """Ratings required and the gap rules are a desk's (docs/DESKS.md): every
    reader asks `desksettings.desk_settings` (or `settings_of`) for the desk of the
    article or claim at hand, never the instance's setting, which is only the
    desks' default."""
    offenders = lines_matching(
        DESK_RULES,
        [*app_modules(), *templates()],
        {"annotations/desksettings.py", "factcheck/settings.py"},
    )
    assert not offenders, "\n".join(offenders)


# --- who publishes a report --------------------------------------------------------


def test_the_report_identity_is_read_only_by_the_desk_settings():
    """A report names its desk's organisation: the instance's organisation name,
    address, logo and methodology are only the desks' defaults, read by
    `desk_settings` (no report, page or feed reads the setting beside it)."""
    offenders = lines_matching(
        re.compile(r"FACTCHECK_(ORGANISATION_(NAME|URL|LOGO)|METHODOLOGY)"),
        [*app_modules(), *templates()],
        {"annotations/desksettings.py", "factcheck/settings.py"},
    )
    assert not offenders, "\n".join(offenders)


def test_the_finder_sees_a_desk_rule_read_from_the_settings():
    files = [("x.py", "n = settings.FACTCHECK_GAP_MIN_SOURCES\n")]
    assert lines_matching(DESK_RULES, files, set()) == [
        "x.py:1: n = settings.FACTCHECK_GAP_MIN_SOURCES"
    ]
    files = [("x.py", "n = settings.FACTCHECK_GAP_MIN_SOURCES_X\n")]
    assert lines_matching(DESK_RULES, files, set()) == []


# --- "only published articles are public" -----------------------------------------


def test_what_is_public_is_decided_only_by_the_policy():
    """`policies.public_articles_filter()` (and `is_public` for one loaded article)
    is the one statement of "only published articles are public"."""
    offenders = lines_matching(
        re.compile(r"published_at__isnull|published_at is (not )?None"),
        app_modules(),
        {"annotations/policies.py"},
    )
    assert not offenders, "\n".join(offenders)


def test_no_public_read_switch_remains():
    """The API's desk endpoints are the desk's; readers use the reports API. A
    per-view `public_read` switch that no view turned on is gone."""
    offenders = lines_matching(re.compile(r"\bpublic_read\b"), app_modules(), set())
    assert not offenders, "\n".join(offenders)


# --- the policy is asked by the action's name --------------------------------------


def test_every_policy_function_is_asked_somewhere():
    """A policy function nobody calls is a rule nobody enforces: each public
    function of annotations/policies.py is named in the application or its
    templates (beyond its own definition)."""
    source = (ROOT / "annotations" / "policies.py").read_text("utf-8")
    defined = [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]
    everything = [*app_modules(), *templates()]
    unused = [
        name
        for name in defined
        if sum(len(re.findall(rf"\b{name}\b", text)) for _, text in everything) < 2
    ]
    assert not unused, unused


def test_pages_and_endpoints_ask_the_policy_named_for_their_action():
    from annotations import policies
    from api.views import ReviewQueueViewSet
    from desk.views import gaps, review

    assert review.review_queue.required_policy is policies.can_view_review_queue
    assert review.desk_stats.required_policy is policies.can_view_desk_stats
    assert gaps.scan_start.required_policy is policies.can_run_full_scan
    (permission,) = ReviewQueueViewSet.permission_classes
    assert permission.required_policy is policies.can_view_review_queue


def test_publishing_asks_the_publishing_policies_by_name():
    """The publish page and the reports API ask `can_publish` (publish, correct,
    unpublish) and `can_import_annotations`, the questions the services ask, not
    a generic "is an editor"."""
    from annotations import policies
    from api.reports import ReportViewSet
    from reports import views

    assert views.report_publish.required_policy is policies.can_publish
    assert views.report_preview.required_policy is policies.can_annotate
    assert views.report_status.required_policy is policies.can_annotate

    def asked(action):
        viewset = ReportViewSet()
        viewset.action = action
        return [
            getattr(permission, "required_policy", None)
            for permission in viewset.get_permissions()
        ]

    assert asked("publish") == [policies.can_publish]
    assert asked("unpublish") == [policies.can_publish]
    assert asked("import_annotations") == [policies.can_import_annotations]
    for public in ("list", "retrieve", "revisions", "export"):
        assert asked(public) == [None], public


# --- display names ----------------------------------------------------------------


def test_people_are_named_by_one_function():
    """ "Full name, else username" is `annotations.wording.person_name` (and the
    `person_name` template filter over it); nobody spells it again."""
    offenders = lines_matching(
        re.compile(r"get_full_name"),
        [*app_modules(), *templates()],
        {"annotations/wording.py"},
    )
    assert not offenders, "\n".join(offenders)


def test_person_name_reads_full_name_then_username():
    from django.contrib.auth.models import User

    from annotations.wording import person_name
    from desk.templatetags.labels import person_name as person_filter

    named = User(username="ada", first_name="Ada", last_name="Lovelace")
    assert person_name(named) == "Ada Lovelace"
    assert person_name(User(username="grace")) == "grace"
    assert person_name(None) == ""
    assert person_name(None, nobody="system") == "system"
    assert person_filter(None, "someone") == "someone"
    assert person_filter(named) == "Ada Lovelace"


# --- a claim's address ------------------------------------------------------------

CLAIM_ADDRESS = re.compile(r"#claim-\{|[?&]claim=\{[^{]")


def test_a_claims_address_is_built_only_by_siteurl():
    """`siteurl.claim_path` (and the `claim_path` template tag over it) builds every
    link to a claim: pages, redirects, notifications, e-mails, the gap dashboard."""
    offenders = lines_matching(
        CLAIM_ADDRESS, [*app_modules(), *templates()], {"annotations/siteurl.py"}
    )
    assert not offenders, "\n".join(offenders)


def test_claim_path_opens_the_panel_and_scrolls_to_the_claim():
    from django.template import Context, Template
    from django.urls import reverse

    from annotations import siteurl

    page = reverse("article-detail", args=[7])
    assert siteurl.claim_path(7, 42) == f"{page}?claim=42#claim-42"
    assert siteurl.claim_path(7, 42, anchor=False) == f"{page}?claim=42"
    rendered = Template("{% load links %}{% claim_path 7 42 %}").render(Context())
    assert rendered == f"{page}?claim=42#claim-42"


# --- layers -----------------------------------------------------------------------


def imported_modules(source: str) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_selectors_never_import_the_page_renderer():
    """The selectors load data for pages and the API; the renderer draws it. The
    data type they share lives in annotations/segments.py (pure)."""
    offenders = [
        relative
        for relative, source in app_modules()
        if relative.startswith("annotations/selectors/")
        and "desk.highlight" in imported_modules(source)
    ]
    assert not offenders, offenders
    for shared in ("segments.py", "limits.py"):
        source = (ROOT / "annotations" / shared).read_text("utf-8")
        assert not {
            name for name in imported_modules(source) if name.startswith("django")
        }, f"{shared} must stay pure: models, forms and pure modules import it"


# --- progress and "verified" --------------------------------------------------------


def test_verified_and_progress_are_computed_only_by_the_selectors():
    """ "Verified" (`selectors.is_verified`), the article's state and progress line
    (`article_state`, `article_progress`) and the dashboard's bar (`progress_bar`)
    are computed in annotations/selectors/core.py; pages read them from there."""
    counts = re.compile(r"checkworthy_approved_count|\.(approved|rated)_count\b")
    offenders = lines_matching(
        counts,
        app_modules(),
        {
            "annotations/selectors/core.py",
            # The API publishes the counts themselves as fields.
            "api/serializers.py",
        },
    )
    assert not offenders, "\n".join(offenders)


def test_progress_reads_the_article_counts():
    from types import SimpleNamespace

    from annotations import selectors
    from annotations.workflow import ArticleState

    def article(**counts):
        base = {
            "published_at": None,
            "claim_count": 4,
            "checkworthy_count": 2,
            "checkworthy_approved_count": 0,
            "approved_count": 0,
            "rated_count": 0,
            "submitted_count": 0,
        }
        return SimpleNamespace(**{**base, **counts})

    verified = article(checkworthy_approved_count=2, approved_count=3, rated_count=4)
    assert selectors.is_verified(verified)
    assert selectors.article_state(verified) == ArticleState.VERIFIED
    assert selectors.article_progress(verified)["percent"] == 100
    assert selectors.progress_bar(verified) == {
        "approved": 75.0,
        "rated": 25.0,
        "total": 4,
    }
    nothing = article(checkworthy_count=0)
    assert not selectors.is_verified(nothing)
    assert selectors.article_state(nothing) == ArticleState.DRAFT
    assert selectors.progress_bar(article(claim_count=0))["total"] == 0


# --- length limits ------------------------------------------------------------------

LIMIT_READERS = ("desk/forms", "api/serializers.py", "api/reports.py")
# The modules that store or check text people write: their lengths are limits.py's.
LIMIT_SERVICES = (
    "annotations/services/",
    "reports/services.py",
    "annotations/models.py",
    "reports/models.py",
    "annotations/urlcheck.py",
)


def test_forms_and_serializers_take_their_length_limits_from_one_module():
    """No form or serializer writes a number for `max_length`: each names the
    constant in annotations/limits.py that the model and the service use."""
    offenders = []
    for relative, source in app_modules():
        if not relative.startswith(LIMIT_READERS):
            continue
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.keyword)
                and node.arg == "max_length"
                and isinstance(node.value, ast.Constant)
            ):
                offenders.append(f"{relative}:{node.value.lineno}")
    assert not offenders, offenders


OPTIONAL_FIELD_FACTORIES = {"optional_text", "optional_url"}


def optional_field_declarations(source: str) -> list[int]:
    """Lines where a serializer field that may be left out or blank is declared by
    hand (required=False, allow_blank=True) outside the API's field factories."""
    lines = []
    tree = ast.parse(source)
    factories = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name in OPTIONAL_FIELD_FACTORIES
    ]
    inside = {id(node) for factory in factories for node in ast.walk(factory)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in inside:
            continue
        keywords = {
            keyword.arg: keyword.value.value
            for keyword in node.keywords
            if isinstance(keyword.value, ast.Constant)
        }
        if keywords.get("required") is False and keywords.get("allow_blank") is True:
            lines.append(node.lineno)
    return lines


def test_the_finder_sees_an_optional_field_declared_by_hand():
    source = (
        "def optional_text():\n"
        "    return CharField(required=False, allow_blank=True)\n"
        "class S:\n"
        "    title = optional_text()\n"
        "    url = URLField(required=False, allow_blank=True, max_length=9)\n"
        "    code = CharField(required=False)\n"
    )
    assert optional_field_declarations(source) == [5]


def test_the_api_declares_its_optional_fields_through_one_factory():
    """An optional text or URL field of the API (blank allowed, its limit, whether
    the report shows it) is made by `optional_text`/`optional_url` in
    api/serializers.py, so the same field is not spelled again per serializer."""
    offenders = [
        f"{relative}:{line}"
        for relative, source in app_modules()
        if relative.startswith("api/")
        for line in optional_field_declarations(source)
    ]
    assert not offenders, offenders


def test_services_and_models_define_no_length_limit_of_their_own():
    """A service's, a model module's or the URL check's `..._MAX` comes from
    annotations/limits.py, never a number."""
    offenders = [
        f"{relative}:{node.lineno}: {target.id}"
        for relative, source in app_modules()
        if relative.startswith(LIMIT_SERVICES)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.endswith("_MAX")
    ]
    assert not offenders, offenders


def test_publishing_refuses_the_same_length_of_reason_on_every_path():
    from annotations import limits
    from api import reports as api
    from reports import services

    assert services.REASON_MAX == limits.REASON_MAX
    for serializer, name in [
        (api.PublishSerializer, "note"),
        (api.PublishSerializer, "override_reason"),
        (api.UnpublishSerializer, "reason"),
    ]:
        assert serializer().fields[name].max_length == limits.REASON_MAX, name


def test_a_field_refuses_the_same_length_on_every_path():
    from annotations import limits
    from annotations.models import Article, Citation, Claim, Source
    from api import serializers
    from desk import forms

    def form_limit(form, name):
        return form.base_fields[name].max_length

    def serializer_limit(serializer, name):
        return serializer().fields[name].max_length

    assert (
        Article._meta.get_field("title").max_length
        == form_limit(forms.ArticleNewForm, "title")
        == serializer_limit(serializers.ArticleCreateSerializer, "title")
        == limits.TITLE_MAX
    )
    assert (
        Source._meta.get_field("publisher").max_length
        == form_limit(forms.CitationForm, "publisher")
        == serializer_limit(serializers.SourceCreateSerializer, "publisher")
    )
    assert (
        Citation._meta.get_field("locator").max_length
        == form_limit(forms.CitationEditForm, "locator")
        == serializer_limit(serializers.CitationUpdateSerializer, "locator")
    )
    assert (
        Claim._meta.get_field("attribution").max_length
        == form_limit(forms.AttributionForm, "attribution")
        == serializer_limit(serializers.AttributionSerializer, "attribution")
    )
    assert (
        Claim._meta.get_field("dismissed_reason").max_length
        == form_limit(forms.DismissForm, "reason")
        == serializer_limit(serializers.DismissSerializer, "reason")
    )
