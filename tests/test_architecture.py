"""The boundaries the code keeps (docs/ARCHITECTURE.md): pure modules stay pure, imports
run one way, writes go through the services."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The one module of the text core that touches Django: it reads its size budget from
# the settings, late and only when no budget is passed (docs/ARCHITECTURE.md).
READS_SETTINGS = {"annotations/extraction/htmlguard.py"}
PURE = [
    # The whole text core (docs/ARCHITECTURE.md, "Layers").
    *sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "annotations" / "extraction").rglob("*.py")
        if path.relative_to(ROOT).as_posix() not in READS_SETTINGS
    ),
    "annotations/sourcing/gaps.py",
    "annotations/sourcing/quotes.py",
    "annotations/sources.py",
    "annotations/workflow.py",
    "annotations/agreement.py",
    "annotations/wording.py",
    # The gap dashboard's chart layout (docs/ARCHITECTURE.md, "desk").
    "desk/presenters/gap_chart.py",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_no_django(module):
    path = ROOT / module
    django = {name for name in imported_modules(path) if name.split(".")[0] == "django"}
    assert not django, f"{module} imports {sorted(django)}"


def module_path(name: str) -> Path | None:
    """The file of a first-party dotted module name, or None if it names none."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def first_party_imports_of(path: Path) -> set[Path]:
    """The first-party modules importing `path` runs, wherever its import statements
    are written (a late import runs too, only later), with the packages that hold
    them (importing a.b.c runs a/__init__.py and a/b/__init__.py first)."""
    relative = path.relative_to(ROOT).with_suffix("")
    package = relative.parts[:-1] if relative.name != "__init__" else relative.parts
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            parts = [*package[: len(package) - node.level + 1]] if node.level else []
            base = ".".join([*parts, node.module] if node.module else parts)
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    found = set()
    for name in names:
        parts = name.split(".")
        if parts[0] not in {"annotations", "desk", "api", "reports", "factcheck"}:
            continue
        for end in range(1, len(parts) + 1):
            target = module_path(".".join(parts[:end]))
            if target is not None and target != path:
                found.add(target)
    return found


def django_reached_from(path: Path) -> list[str]:
    """The chains of imports by which running `path` imports Django, other than
    through the one module allowed to read the settings (READS_SETTINGS)."""
    chains, seen, todo = [], {path}, [(path, [path.relative_to(ROOT).as_posix()])]
    while todo:
        current, trail = todo.pop()
        if trail[-1] in READS_SETTINGS:
            continue
        django = sorted(
            name for name in imported_modules(current) if name.split(".")[0] == "django"
        )
        if django:
            chains.append(" -> ".join([*trail, django[0]]))
        for target in sorted(first_party_imports_of(current) - seen):
            seen.add(target)
            todo.append((target, [*trail, target.relative_to(ROOT).as_posix()]))
    return chains


def test_the_import_chain_finder_follows_late_relative_and_parent_imports():
    """Run on the tree: the services reach Django, through their package too."""
    services = ROOT / "annotations" / "services" / "scans.py"
    reached = first_party_imports_of(services)
    assert ROOT / "annotations" / "__init__.py" in reached
    assert ROOT / "annotations" / "sourcing" / "scanner.py" in reached
    assert django_reached_from(services)
    ingest = ROOT / "annotations" / "extraction" / "ingest.py"
    assert ROOT / "annotations" / "extraction" / "htmlguard.py" in (
        first_party_imports_of(ingest)
    )


@pytest.mark.parametrize("module", PURE)
def test_pure_module_reaches_no_django_through_its_imports(module):
    """Importing a pure module imports no Django through any first-party module it
    imports, however indirectly (the settings reader in READS_SETTINGS aside)."""
    assert django_reached_from(ROOT / module) == []


def test_claim_kinds_match_the_splitter():
    from annotations.extraction.splitting import Kind
    from annotations.models import Claim

    assert set(Claim.Kind.values) == {kind.value for kind in Kind}


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    """Every model change has a migration (makemigrations --check finds nothing)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


ROLE_CHECK = re.compile(
    r"\b(is_reviewer|is_editor|is_admin|is_superuser|REVIEWERS|EDITORS)\b"
    r"|groups__name|user_role\s*=="
)
ONE_PLACE = {
    "annotations/roles.py",
    "annotations/policies.py",
    # Writes the grants annotations/roles.py decides (roles.grant), deciding nothing.
    "annotations/services/system.py",
}


def test_role_checks_live_only_in_policies_and_roles():
    """Every "may this user" question goes through annotations.policies: no other
    module or template looks at groups, superusers or role names."""
    offenders = []
    for folder in ("annotations", "desk", "api", "templates", "factcheck", "reports"):
        for path in sorted((ROOT / folder).rglob("*")):
            relative = path.relative_to(ROOT).as_posix()
            if (
                path.suffix not in {".py", ".html"}
                or relative in ONE_PLACE
                or "/migrations/" in relative
            ):
                continue
            for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if ROLE_CHECK.search(line):
                    offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_annotations_never_imports_reports():
    """The reports app reads annotations; annotations knows nothing of reports."""
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "annotations").rglob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] == "reports"
    ]
    assert not offenders, offenders


REPORT_PURE = [
    *sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "reports" / "exporters").glob("*.py")
    ),
    "reports/anchoring.py",
]


@pytest.mark.parametrize("module", REPORT_PURE)
def test_report_renderers_import_no_django(module):
    django = {
        name
        for name in imported_modules(ROOT / module)
        if name.split(".")[0] == "django"
    }
    assert not django, f"{module} imports {sorted(django)}"


def test_only_entry_points_import_the_task_module_at_import_time():
    """Domain modules queue work by task name through annotations.queueing; none
    imports annotations.tasks at module level (the tasks import the domain, so that
    would be a cycle). Management commands are entry points, loaded only to run."""

    def imports_tasks(node) -> bool:
        if isinstance(node, ast.Import):
            return any(alias.name == "annotations.tasks" for alias in node.names)
        if isinstance(node, ast.ImportFrom):
            if node.module == "annotations.tasks":
                return True
            from_package = node.module == "annotations" or (
                node.level == 1 and node.module is None
            )
            return from_package and any(a.name == "tasks" for a in node.names)
        return False

    def module_level(body):
        # Statements that run at import: the module's own, and those inside
        # top-level if/try/with blocks (functions and classes run later).
        for node in body:
            yield node
            if isinstance(node, ast.If | ast.With):
                yield from module_level(node.body)
                yield from module_level(getattr(node, "orelse", []))
            elif isinstance(node, ast.Try):
                for block in (node.body, node.orelse, node.finalbody):
                    yield from module_level(block)
                for handler in node.handlers:
                    yield from module_level(handler.body)

    offenders = []
    paths = [
        path
        for folder in ("annotations", "desk", "api")
        for path in (ROOT / folder).rglob("*.py")
    ]
    for path in sorted(paths):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "annotations/tasks.py" or "/management/commands/" in relative:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [
            f"{relative}:{node.lineno}"
            for node in module_level(tree.body)
            if imports_tasks(node)
        ]
    assert not offenders, offenders


# --- reports: the dependency direction inside the reports app -------------------------

REPORTS = ROOT / "reports"
FIRST_PARTY = {"annotations", "reports", "factcheck", "desk", "api"}


def _reports_module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _reports_sources():
    for path in sorted(REPORTS.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _first_party_imports(node) -> list[str]:
    """The first-party modules an import statement names (`from reports import x`
    names reports.x, which may be a module or an attribute of the package)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
        names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    else:
        return []
    return [name for name in names if name.split(".")[0] in FIRST_PARTY]


def test_reports_imports_its_dependencies_at_module_level():
    """No reports module hides a first-party import inside a function: a hidden
    import is how a cycle (services <-> tasks) goes unnoticed. Django asks that an
    AppConfig's ready() import late, so that one method is the exception."""
    offenders = []
    for path in _reports_sources():
        relative = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if relative == "reports/apps.py" and function.name == "ready":
                continue
            offenders += [
                f"{relative}:{node.lineno} {function.name}() imports {name}"
                for node in ast.walk(function)
                for name in _first_party_imports(node)
            ]
    assert not offenders, "\n".join(offenders)


def _reports_import_graph() -> dict[str, set[str]]:
    modules = {_reports_module_name(path): path for path in _reports_sources()}
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {
            target
            for node in ast.walk(tree)
            for target in _first_party_imports(node)
            if target in modules and target != name
        }
    return graph


def test_reports_import_graph_has_no_cycle():
    """Every import between reports modules (wherever it is written) runs one way."""
    graph = _reports_import_graph()
    done: set[str] = set()

    def visit(module: str, trail: list[str]) -> None:
        if module in trail:
            cycle = [*trail[trail.index(module) :], module]
            raise AssertionError("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for target in sorted(graph[module]):
            visit(target, [*trail, module])
        done.add(module)

    for module in sorted(graph):
        visit(module, [])


def test_reports_tasks_are_imported_by_nothing_in_reports():
    """The task shells sit on top: services queue them by name, nobody imports them."""
    importers = sorted(
        module
        for module, targets in _reports_import_graph().items()
        if "reports.tasks" in targets
    )
    assert importers == [], importers


def test_reports_queues_only_registered_task_names():
    """The names services queue by are the names the task shells register under."""
    from celery import current_app

    from reports import services, tasks

    assert tasks.render_export.name == services.RENDER_EXPORT
    assert services.RENDER_EXPORT in current_app.tasks


HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*[\s>/]")
CSS_DECLARATION = re.compile(r"\{\s*[a-z-]+\s*:\s*[^;{}]+;")
# Modules of the reports app that must build no HTML or CSS in Python: their markup
# is in templates (Jinja2 for the pure exporters, Django's for the pages).
MARKUP_IN_TEMPLATES = ["reports/exporters/html_document.py", "reports/views.py"]


@pytest.mark.parametrize("module", MARKUP_IN_TEMPLATES)
def test_reports_builds_no_markup_in_python(module):
    """No string in these modules holds an HTML tag or a CSS rule, and none escapes
    by hand: the templates' autoescape does (docstrings and comments aside)."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    offenders = [
        f"{module}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and (HTML_TAG.search(node.value) or CSS_DECLARATION.search(node.value))
    ]
    offenders += [
        f"{module}: imports {name}"
        for name in imported_modules(ROOT / module)
        if name in {"html", "django.utils.html"}
    ]
    assert not offenders, "\n".join(offenders)


# --- the write path ----------------------------------------------------------------

MIGRATIONS = sorted((ROOT / "annotations" / "migrations").glob("0*.py"))


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda path: path.stem)
def test_a_migration_imports_no_live_app_code(path):
    """A migration does the same thing whenever it runs: it carries a frozen copy of
    whatever it needs instead of importing the app's modules, which change."""
    ours = {"annotations", "reports", "factcheck", "desk", "api"}
    live = {name for name in imported_modules(path) if name.split(".")[0] in ours}
    assert not live, f"{path.name} imports {sorted(live)}"


URLS_TO_NORMALIZE = [
    "HTTP://WWW.Example.org:80/a/b/?utm_source=x&b=2&a=1#frag",
    "https://news.example.co.uk/story?fbclid=1&id=7&_hsenc=2",
    "https://bücher.example/pfad/?Mc_Cid=3",
    "http://example.org:8080/",
    "https://example.org/?mtm_campaign=spring&q=",
]


@pytest.mark.parametrize(
    "migration",
    ["0009_article_duplicate_detection", "0010_source_urls_renormalized"],
)
def test_the_frozen_url_normalization_matches_the_live_one(migration):
    from importlib import import_module

    from annotations.sources import normalize_url

    frozen = import_module(f"annotations.migrations.{migration}")
    for url in URLS_TO_NORMALIZE:
        assert frozen.normalize_url(url) == normalize_url(url)
    for bad in ["ftp://example.org/x", "example.org/x", ""]:
        with pytest.raises(ValueError, match="absolute"):
            frozen.normalize_url(bad)


def test_the_frozen_default_scale_matches_the_live_one():
    from importlib import import_module

    from annotations.ratingscale import DEFAULT_SCALE

    frozen = import_module("annotations.migrations.0002_default_scale_and_groups")
    live = {key: DEFAULT_SCALE[key] for key in ("slug", "name", "description")}
    assert (live, DEFAULT_SCALE["labels"]) == (frozen.SCALE, frozen.LABELS)


# Keyword-only like a service, but only other services call it.
SERVICE_HELPERS = {"notify", "notify_each"}


def test_the_services_package_exports_every_write_service_and_nothing_else():
    """A service takes keyword-only arguments (annotations/services/__init__.py);
    the package exports exactly those: no read, no plumbing, none left out."""
    from annotations import services

    written = set()
    for path in sorted((ROOT / "annotations" / "services").glob("*.py")):
        if path.stem in {"__init__", "system"}:
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and not node.args.args
                and node.args.kwonlyargs
            ):
                written.add(node.name)
    assert set(services.__all__) == written - SERVICE_HELPERS


# The modules that cut what they store or quote: every length they cut to is named
# in annotations/limits.py, so the column, the form and the cut agree.
CUTTING = [
    *sorted(
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "annotations" / "services").glob("*.py")
    ),
    "annotations/sourcing/linkcheck.py",
    "annotations/sourcing/scanner.py",
]


def literal_cuts(source: str) -> list[str]:
    """The slices of `source` whose bound is a number written out (`text[:300]`),
    except `[:1]`, which takes a queryset's first row and cuts no text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Subscript) or not isinstance(node.slice, ast.Slice):
            continue
        for bound in (node.slice.lower, node.slice.upper):
            if (
                isinstance(bound, ast.Constant)
                and isinstance(bound.value, int)
                and not (bound is node.slice.upper and bound.value == 1)
            ):
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def test_the_cut_finder_sees_a_literal_cut_and_passes_a_named_one():
    assert literal_cuts("x = text[:300]\ny = text[2:]") == [
        "line 1: text[:300]",
        "line 2: text[2:]",
    ]
    assert literal_cuts("x = text[: limits.TITLE_MAX]\ny = rows[:1]") == []


@pytest.mark.parametrize("module", CUTTING)
def test_services_cut_text_to_named_lengths(module):
    assert literal_cuts((ROOT / module).read_text(encoding="utf-8")) == []


# Who may write a model besides the services (annotations/services/, and the
# reports app's service layer), by name: nobody. A module named here must still
# write (the test checks), so the list cannot keep a stale exception.
WRITERS_ALLOWED: set[str] = set()
# Not the application: the test suite, benchmark fixtures and frozen migrations.
NOT_SCANNED = {".venv", "tests", "bench", "var", "static", "node_modules"}
MODEL_WRITES = {
    "update", "delete", "create", "bulk_create", "bulk_update", "get_or_create",
    "update_or_create", "create_user", "create_superuser",
}  # fmt: skip
QUERYSET_STEPS = {
    "objects", "filter", "exclude", "all", "select_for_update", "select_related",
    "prefetch_related", "order_by", "annotate", "using", "none",
}  # fmt: skip
RELATED_WRITES = {"add", "set", "remove", "clear"}


def related_manager_names() -> set[str]:
    """The attribute names under which a model instance holds a related manager
    (`claim.assignees`, `user.groups`, `article.claims`...), from the models."""
    from django.apps import apps

    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.many_to_many or field.one_to_many:
                concrete = getattr(field, "concrete", False)
                names.add(field.name if concrete else field.get_accessor_name())
    return names


def receiver_names(node) -> set[str]:
    """Every name along a call's receiver chain: `Claim.objects.filter(...)` gives
    {"Claim", "objects", "filter"}."""
    names = set()
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
            node = node.value
        else:
            if isinstance(node, ast.Name):
                names.add(node.id)
            return names


def model_writes(source: str, managers: set[str]) -> list[str]:
    """The calls in `source` that write a model. The rule, which has no false
    positive on the tree (dicts, sets, caches and sessions share method names):

    - `x.save()` and `x.delete()` with no positional argument (a model instance or
      a model form; `cache.delete(key)` and `image.save(file)` take one);
    - update, delete, create, bulk_create, bulk_update, get_or_create,
      update_or_create, create_user, create_superuser called on a chain that
      goes through a manager or queryset (`.objects`, `.filter(...)`, ...) or a
      related manager (`claim.citations.create(...)`); `{}.update(...)` does not;
    - add, set, remove, clear called on a related manager (`claim.assignees.add`),
      not on a local set (`seen.add`).

    A manager first bound to a plain variable (`rows = Claim.objects; rows.update()`)
    is not seen; the tree does not do that.
    """
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method, receiver = node.func.attr, node.func.value
        on_manager = isinstance(receiver, ast.Attribute) and receiver.attr in managers
        if method in {"save", "delete"} and not node.args:
            writes = True
        elif method in MODEL_WRITES:
            writes = on_manager or bool(QUERYSET_STEPS & receiver_names(receiver))
        elif method in RELATED_WRITES:
            writes = on_manager
        else:
            writes = False
        if writes:
            found.append(f"line {node.lineno}: {ast.unparse(node.func)}(...)")
    return found


def application_modules() -> list[str]:
    modules = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_SCANNED or "migrations" in relative.parts:
            continue
        modules.append(relative.as_posix())
    return modules


def is_service_layer(module: str) -> bool:
    return module.startswith("annotations/services/") or module in {
        "reports/services.py",
        # The webhooks' writes: a desk admin's and the delivering worker's.
        "reports/webhooks.py",
    }


def test_the_write_finder_tells_model_writes_from_dicts_and_sets():
    managers = {"assignees", "citations"}
    source = """
claim.save(update_fields=["kind"])
claim.delete()
Claim.objects.filter(pk=1).update(kind="x")
Source.objects.get_or_create(url=u)
User.objects.create_user("ann")
claim.citations.create(source=s)
claim.assignees.add(user)
options.update(extra)
seen.add(1)
cache.set("k", 1)
cache.delete("k")
image.save(buffer)
settings = {}.update(a=1)
"""
    assert model_writes(source, managers) == [
        "line 2: claim.save(...)",
        "line 3: claim.delete(...)",
        "line 4: Claim.objects.filter(pk=1).update(...)",
        "line 5: Source.objects.get_or_create(...)",
        "line 6: User.objects.create_user(...)",
        "line 7: claim.citations.create(...)",
        "line 8: claim.assignees.add(...)",
    ]


@pytest.mark.django_db
def test_no_model_is_written_outside_the_services():
    """Every write goes through the services (docs/WORKFLOW.md, "The write path");
    views, the API, tasks, commands and helpers call them."""
    managers = related_manager_names()
    writers = {}
    for module in application_modules():
        if is_service_layer(module) or module in WRITERS_ALLOWED:
            continue
        found = model_writes((ROOT / module).read_text(encoding="utf-8"), managers)
        if found:
            writers[module] = found
    assert writers == {}
    # The allow-list names only modules that still write.
    for module in WRITERS_ALLOWED:
        assert model_writes((ROOT / module).read_text(encoding="utf-8"), managers)


# --- the layers: what each package may import (docs/ARCHITECTURE.md) ------------------

LAYER_FOLDERS = ("annotations", "desk", "api", "reports", "factcheck")


def layer_sources(folder: str):
    for path in sorted((ROOT / folder).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), path


def import_targets(path: Path) -> list[tuple[int, str]]:
    """(line, dotted name) of everything a module imports, wherever the statement is
    written: `from a.b import c` names a.b.c, which is a module or one of its
    attributes; either way its dotted name starts with the module's."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    targets = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            targets += [
                (node.lineno, f"{node.module}.{alias.name}") for alias in node.names
            ]
    return targets


def within(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


# The text core may import itself, the pure URL rules and the domain's errors: no
# model, service, gap rule, page or API, nor the URL check (it imports Django).
EXTRACTION_MAY_IMPORT = (
    "annotations.extraction",
    "annotations.errors",
    "annotations.limits",
    "annotations.sources",
)


def test_extraction_imports_only_itself_the_url_rules_the_limits_and_the_errors():
    offenders = [
        f"{relative}:{line}: {name}"
        for relative, path in layer_sources("annotations/extraction")
        for line, name in import_targets(path)
        if name.split(".")[0] in {*LAYER_FOLDERS, "tests"}
        and not within(name, EXTRACTION_MAY_IMPORT)
    ]
    assert not offenders, "\n".join(offenders)


# Who may not import whom. The domain (annotations: extraction, sourcing, services,
# selectors, policies and the rest) knows no page and no API; the desk and the API
# both stand on the domain's services, selectors and policies and never on each other.
FORBIDDEN = [
    ("annotations", ("desk", "api")),
    ("desk", ("api",)),
    ("api", ("desk",)),
]


@pytest.mark.parametrize(
    ("folder", "forbidden"), FORBIDDEN, ids=[folder for folder, _ in FORBIDDEN]
)
def test_imports_run_one_way_between_the_layers(folder, forbidden):
    offenders = [
        f"{relative}:{line}: {name}"
        for relative, path in layer_sources(folder)
        for line, name in import_targets(path)
        if within(name, forbidden)
    ]
    assert not offenders, "\n".join(offenders)


def module_name(relative: str) -> str:
    parts = relative.removesuffix(".py").split("/")
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_private(part: str) -> bool:
    return part.startswith("_") and not part.startswith("__")


def private_imports(relative: str, source: str) -> list[str]:
    """The imports in `source` (the module at `relative`) of another module's
    `_private` name, written absolute or relative. A private module
    (`exporters/_common.py`) is its package's own: its siblings may import it."""
    importer = module_name(relative)
    package = (
        importer if relative.endswith("__init__.py") else importer.rpartition(".")[0]
    )
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] not in LAYER_FOLDERS:
                continue
            for index, part in enumerate(parts):
                if is_private(part) and ".".join(parts[:index]) != package:
                    found.append(f"{relative}:{node.lineno}: {name}")
                    break
    return found


def test_the_private_import_finder_tells_a_sibling_from_a_stranger():
    claims = "annotations/services/claims.py"
    assert private_imports(claims, "from annotations.services.common import _x") == [
        f"{claims}:1: annotations.services.common._x"
    ]
    assert private_imports(claims, "from .common import make_room, _x") == [
        f"{claims}:1: annotations.services.common._x"
    ]
    assert private_imports(claims, "from ..models import _y") == [
        f"{claims}:1: annotations.models._y"
    ]
    assert private_imports("desk/views/pages.py", "import annotations._cache") == [
        "desk/views/pages.py:1: annotations._cache"
    ]
    private_module = "from reports.exporters._common import escape"
    assert private_imports("reports/exporters/csv.py", private_module) == []
    assert private_imports("reports/views.py", private_module) == [
        "reports/views.py:1: reports.exporters._common.escape"
    ]
    assert private_imports(claims, "from annotations.services.common import x") == []
    assert private_imports(claims, "from os import _exit") == []


def test_no_module_imports_another_modules_private_names():
    """A leading underscore means "this module's own": no other module imports such a
    name (private_imports states the rule)."""
    offenders = [
        offender
        for folder in LAYER_FOLDERS
        for relative, path in layer_sources(folder)
        for offender in private_imports(relative, path.read_text(encoding="utf-8"))
    ]
    assert not offenders, "\n".join(offenders)


# --- the desk's pages: views answer requests, tags only format ------------------------

# What reads the database: the ORM and the selectors (and the services, which write).
DATA_ACCESS = ("annotations.selectors", "annotations.services", "django.db")


def reads_the_database(path: Path) -> list[str]:
    """Where a module imports a data-access layer or reaches for a model manager."""
    found = [
        f"{line}: {name}"
        for line, name in import_targets(path)
        if within(name, DATA_ACCESS)
    ]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found += [
        f"{node.lineno}: .objects"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    return found


def test_template_tags_only_format():
    """A template tag formats what the view (or its presenter) gave the template: it
    runs no query, so a page's query count is the view's to keep."""
    offenders = [
        f"{relative}:{where}"
        for relative, path in layer_sources("desk/templatetags")
        for where in reads_the_database(path)
    ]
    assert not offenders, "\n".join(offenders)


def test_the_finder_sees_a_tag_that_reads_the_database(tmp_path):
    module = tmp_path / "tag.py"
    module.write_text(
        "from annotations.selectors.sourcing import already_checked\n"
        "from annotations.models import Claim\n"
        "def tag():\n    return Claim.objects.count()\n"
    )
    assert reads_the_database(module) == [
        "1: annotations.selectors.sourcing.already_checked",
        "4: .objects",
    ]


def test_desk_views_build_no_aggregate_query():
    """Counting, grouping and filtering across tables is a read: it lives in
    annotations/selectors/, not in a view (docs/ARCHITECTURE.md)."""
    offenders = [
        f"{relative}:{line}: {name}"
        for relative, path in layer_sources("desk/views")
        for line, name in import_targets(path)
        if within(name, ("django.db.models",))
    ]
    assert not offenders, "\n".join(offenders)
