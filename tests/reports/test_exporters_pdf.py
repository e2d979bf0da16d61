"""The PDF: WeasyPrint prints the HTML report, byte for byte the same every time."""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from reports.exporters import get
from tests.reports.snapshots import MARKER, hostile_snapshot, seed_snapshot

ROOT = Path(__file__).resolve().parent.parent.parent


def _require_weasyprint():
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:  # OSError: Pango/HarfBuzz missing
        if os.environ.get("FACTCHECK_REQUIRE_SERVICES") == "1":
            pytest.fail(f"WeasyPrint cannot load: {error}")
        pytest.skip(f"WeasyPrint cannot load: {error}")


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    _require_weasyprint()
    return get("pdf").render(seed_snapshot())


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    _require_weasyprint()
    return get("pdf").render(hostile_snapshot())


def pdf_text(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF's bytes with every Flate stream inflated, so link annotations and
    actions inside object streams can be searched."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_a_pdf_with_the_publication_time_as_its_dates(seed_pdf):
    assert seed_pdf.startswith(b"%PDF-")
    objects = pdf_objects(seed_pdf)
    assert b"/CreationDate (D:20261201221503+00'00)" in objects
    assert b"/ModDate (D:20261201221503+00'00)" in objects


def test_two_renders_are_byte_identical(seed_pdf):
    assert get("pdf").render(seed_snapshot()) == seed_pdf


@pytest.mark.slow
def test_byte_identical_in_other_processes_and_hash_seeds(seed_pdf):
    script = (
        "import sys,hashlib;from reports.exporters import get;"
        "from tests.reports.snapshots import seed_snapshot;"
        "print(hashlib.sha256(get('pdf').render(seed_snapshot())).hexdigest())"
    )
    expected = hashlib.sha256(seed_pdf).hexdigest()
    for seed in ("0", "987"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        output = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout.strip()
        assert output == expected


def test_verdict_summary_first_and_page_numbers(seed_pdf, tmp_path):
    text = pdf_text(seed_pdf, tmp_path)
    pages = text.split("\f")
    assert "Verdicts at a glance" in pages[0]
    assert text.index("Verdicts at a glance") < text.index("The article, annotated")
    assert text.index("The article, annotated") < text.index("The claims, checked")
    count = len([page for page in pages if page.strip()])
    for number in range(1, count + 1):
        assert f"Page {number} of {count}" in text


def test_links_are_kept_and_only_http(seed_pdf):
    objects = pdf_objects(seed_pdf)
    uris = re.findall(rb"/URI \((.*?)\)", objects)
    assert b"https://www.example.com/china-russia-moon-base" in uris
    assert (
        b"https://www.cnsa.gov.cn/english/n6465652/n6465653/c6811380/content.html"
        in uris
    )
    assert all(uri.startswith((b"http://", b"https://")) for uri in uris)


def test_hostile_text_is_printed_not_executed(hostile_pdf, tmp_path):
    objects = pdf_objects(hostile_pdf)
    for action in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/SubmitForm"):
        assert action not in objects
    assert not re.search(rb"/URI \((?!https?://)", objects)
    text = pdf_text(hostile_pdf, tmp_path)
    assert MARKER in text
    assert "<script>alert(1)</script>" in text.replace("\n", "")
