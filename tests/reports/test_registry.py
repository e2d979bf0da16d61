"""The exporter registry, purity (no Django), determinism and the file names."""

import ast
import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reports import exporters
from tests.reports.snapshots import hostile_snapshot, seed_snapshot

ROOT = Path(__file__).resolve().parent.parent.parent
PURE = sorted(
    [*(ROOT / "reports" / "exporters").rglob("*.py"), ROOT / "reports" / "anchoring.py"]
)
IDENTIFIERS = {
    "html",
    "pdf",
    "md",
    "csv",
    "csv-excel",
    "json",
    "claimreview",
    "factcheck-api",
    "w3c",
}
# The PDF has tests of its own (test_exporters_pdf.py, test_report_scripts.py).
FAST = sorted(IDENTIFIERS - {"pdf"})


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_exporters_and_anchoring_import_no_django(path):
    django = {name for name in imported_modules(path) if name.split(".")[0] == "django"}
    assert not django, f"{path.name} imports {sorted(django)}"


def test_every_format_is_registered_under_its_identifier():
    assert set(exporters.EXPORTERS) == IDENTIFIERS
    assert [e.identifier for e in exporters.all()] == list(exporters.EXPORTERS)
    assert exporters.all()[0].identifier == "html"
    for identifier, exporter in exporters.EXPORTERS.items():
        assert exporters.get(identifier) is exporter
        assert exporter.identifier == identifier
        assert exporter.label
        assert exporter.content_type
        assert exporter.extension


def test_an_unknown_format_is_a_lookup_error():
    with pytest.raises(exporters.UnknownFormat):
        exporters.get("docx")
    with pytest.raises(LookupError):
        exporters.get(None)


def test_content_types():
    types = {e.identifier: e.content_type for e in exporters.all()}
    assert types["html"] == "text/html; charset=utf-8"
    assert types["pdf"] == "application/pdf"
    assert types["json"] == "application/json"
    assert types["claimreview"] == "application/ld+json"
    assert types["w3c"] == (
        'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"'
    )
    assert types["csv"].startswith("text/csv")
    assert types["md"].startswith("text/markdown")


def test_file_names_are_safe_and_distinct():
    snapshot = seed_snapshot()
    names = [e.filename(snapshot) for e in exporters.all()]
    assert len(set(names)) == len(names)
    assert "report-12-revision-2.html" in names
    assert "report-12-revision-2-claimreview.jsonld" in names
    hostile = hostile_snapshot()
    hostile["article"]["id"] = '../../etc/passwd"\r\nX-Header: 1'
    for exporter in exporters.all():
        name = exporter.filename(hostile)
        assert all(ch.isalnum() or ch in "-." for ch in name), name


@pytest.mark.parametrize("identifier", FAST)
@pytest.mark.parametrize("build", [seed_snapshot, hostile_snapshot])
def test_same_snapshot_same_bytes_and_snapshot_untouched(identifier, build):
    snapshot = build()
    pristine = copy.deepcopy(snapshot)
    exporter = exporters.get(identifier)
    first = exporter.render(snapshot)
    assert isinstance(first, bytes)
    assert first
    assert snapshot == pristine, "rendering must not change the snapshot"
    assert exporter.render(copy.deepcopy(pristine)) == first
    assert exporter.render(build()) == first


@pytest.mark.parametrize("identifier", FAST)
def test_same_bytes_in_a_fresh_process_with_other_hash_seeds(identifier):
    """No set or dict-of-set iteration order (which varies with PYTHONHASHSEED)
    leaks into the output."""
    expected = exporters.get(identifier).render(seed_snapshot())
    script = (
        "import sys;from reports import exporters;"
        "from tests.reports.snapshots import seed_snapshot;"
        f"sys.stdout.buffer.write(exporters.get({identifier!r}).render(seed_snapshot()))"
    )
    for seed in ("1", "4242"):
        output = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            capture_output=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        assert output == expected


def test_importing_the_registry_does_not_load_typst():
    script = "import sys, reports.exporters; print('typst' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True
    )
    assert output.stdout.strip() == "False", output.stderr
