"""Pure modules stay pure: no Django, no database (STYLE.md)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PURE = [
    "annotations/splitting/__init__.py",
    "annotations/splitting/types.py",
    "annotations/splitting/sentences.py",
    "annotations/splitting/claims.py",
    "annotations/gaps.py",
    "annotations/sources.py",
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


def test_claim_kinds_match_the_splitter():
    from annotations.models import Claim
    from annotations.splitting import Kind

    assert set(Claim.Kind.values) == {kind.value for kind in Kind}


@pytest.mark.django_db
def test_no_model_change_lacks_its_migration():
    """Every model change has a migration (makemigrations --check finds nothing)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
