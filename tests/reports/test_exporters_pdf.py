# ruff: noqa: RUF001 (Arabic and Devanagari sentences on purpose)
"""The PDF: Typst typesets the report, byte for byte the same every time, and no
text from the snapshot is ever read as Typst markup or code."""

import copy
import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reports.exporters import get, pdf_document
from tests.reports.snapshots import MARKER, hostile_snapshot, seed_snapshot

pypdf = pytest.importorskip("pypdf")
typst = pytest.importorskip("typst")

ROOT = Path(__file__).resolve().parent.parent.parent

# Typst syntax of every kind (code, set and show rules, imports, file reads, math,
# labels, references, raw, escapes), with a closing bracket to end any content
# block it might be placed in. Each must print as the characters typed.
TYPST_PAYLOADS = (
    "#set page(fill: red)#text(size: 40pt)[PWNED]",
    '#import "/etc/passwd": *',
    '#read("/etc/passwd")',
    "] #show: it => [GONE] [",
    "*bold* _emphasis_ `raw` $x^2$ <label> @ref",
    "\\#escaped \\\\ back\\slash // not a comment /* nor this */",
    '#{ panic("boom") }',
    "= Heading? - list? + enum? / term: no",
)


def _require_fonts():
    """The Noto fonts the README asks for; in CI (FACTCHECK_REQUIRE_SERVICES=1)
    their absence fails rather than skips."""
    families = set(typst.Fonts(include_embedded_fonts=False).families())
    missing = {
        "Noto Sans",
        "Noto Sans Arabic",
        "Noto Sans Devanagari",
        "Noto Sans Armenian",
        "Noto Sans CJK SC",
        "Open Sans",
        "DejaVu Sans",
    } - families
    if missing:
        reason = f"fonts not installed: {sorted(missing)}"
        if os.environ.get("FACTCHECK_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    return get("pdf").render(seed_snapshot())


@pytest.fixture(scope="module")
def hostile_pdf() -> bytes:
    return get("pdf").render(hostile_snapshot())


def reader(pdf: bytes):
    return pypdf.PdfReader(io.BytesIO(pdf))


def _require_poppler():
    if shutil.which("pdftotext") is None:
        if os.environ.get("FACTCHECK_REQUIRE_SERVICES") == "1":
            pytest.fail("pdftotext (poppler-utils) is not installed")
        pytest.skip("pdftotext (poppler-utils) is not installed")


def pdf_text(pdf: bytes) -> str:
    """The text as poppler extracts it, which follows the tagged PDF's ActualText
    spans (pypdf repeats the text of a Devanagari cluster on each of its glyphs)."""
    _require_poppler()
    return subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")


def flat(value: str) -> str:
    """White space folded to single spaces, bidi embedding marks (which pdftotext
    adds around right-to-left runs) left out."""
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    return " ".join(value.split())


def solid(value: str) -> str:
    """No white space at all: a line may break anywhere a payload has a space or
    a bracket."""
    return "".join(flat(value).split())


def uris(pdf: bytes) -> list[str]:
    found = []
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                found.append(str(action["/URI"]))
    return found


def internal_links(pdf: bytes) -> int:
    count = 0
    for page in reader(pdf).pages:
        for annotation in page.get("/Annots") or ():
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if "/Dest" in annotation or (action and action.get("/S") == "/GoTo"):
                count += 1
    return count


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in reader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_the_dates_are_the_publication_time(seed_pdf):
    metadata = reader(seed_pdf).metadata
    published = datetime(2026, 12, 1, 22, 15, 3, tzinfo=UTC)
    assert metadata.creation_date == published
    assert metadata.modification_date == published


def test_no_dates_without_a_publication_time():
    snapshot = seed_snapshot()
    snapshot["report"]["published_at"] = None
    first = get("pdf").render(snapshot)
    metadata = reader(first).metadata
    assert metadata.creation_date is None
    assert get("pdf").render(copy.deepcopy(snapshot)) == first


def test_title_author_language_and_tags(seed_pdf):
    document = reader(seed_pdf)
    assert document.metadata.title == (
        "Fact check: China and Russia Agree to Build Joint Moon Base"
        " — Example Fact Desk"
    )
    assert document.metadata.author == "Example Fact Desk"
    catalog = document.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    # Declared PDF/UA-1 in its XMP metadata (pdfuaid:part 1).
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp


def test_the_arabic_report_is_right_to_left_in_arabic_with_arabic_fonts():
    _require_fonts()
    snapshot = seed_snapshot()
    snapshot["article"]["language"] = "ar"
    sentence = "أعلنت وزارة الصحة افتتاح ثلاثة مستشفيات جديدة."
    snapshot["article"]["title"] = sentence
    pdf = get("pdf").render(snapshot)
    text = flat(pdf_text(pdf))
    # Words from the catalogue ("Verdicts at a glance", "The article, annotated")
    # and the title; none with the lam-alef ligature, whose letters poppler
    # gives back in visual order.
    for word in ("لمحة", "المقال مع التعليقات", "مستشفيات", "وزارة الصحة"):
        assert word in text, word
    assert reader(pdf).trailer["/Root"]["/Lang"] == "ar"
    assert any(name.startswith("NotoSansArabic") for name in font_names(pdf))


def _logical(word: str) -> str:
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in word):
        return word[::-1]
    return word


def _word_boxes(pdf: bytes) -> list[tuple[str, float, float]]:
    """(word, left edge, right edge) of every word poppler finds, in points; a
    right-to-left word comes back in visual order and is turned round."""
    _require_poppler()
    page = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [
        (_logical(html.unescape(word)), float(left), float(right))
        for left, right, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
            page,
        )
    ]


def test_right_to_left_reports_start_at_the_right_margin_and_blocks_keep_theirs():
    """One-word paragraphs show where a line starts: at the right margin in an
    Arabic report, except a block written left to right (the desk's English
    methodology), which starts at the left one; the reverse in an English report."""
    _require_fonts()
    snapshot = seed_snapshot()
    snapshot["methodology"] = "منهجية\n\nMethodology"
    snapshot["claims"] = []
    for language, right_word, left_word in (
        ("ar", "منهجية", "Methodology"),
        ("en", "منهجية", "Methodology"),
    ):
        snapshot["article"]["language"] = language
        pdf = get("pdf").render(snapshot)
        width = float(reader(pdf).pages[0].mediabox.width)
        margin = 2 / 2.54 * 72  # the template's 2 cm
        boxes = {word: (left, right) for word, left, right in _word_boxes(pdf)}
        assert abs(boxes[right_word][1] - (width - margin)) < 2, (language, boxes)
        assert abs(boxes[left_word][0] - margin) < 2, (language, boxes)
    # And the report's own words follow the report: the Arabic heading "How we
    # checked" ends at the right margin.
    snapshot["article"]["language"] = "ar"
    pdf = get("pdf").render(snapshot)
    right_edges = [right for word, _left, right in _word_boxes(pdf) if word == "كيف"]
    assert right_edges
    assert abs(max(right_edges) - (width - margin)) < 2


def test_a_quote_is_indented_on_its_start_side():
    """A citation's quote stands 1.2em (12 pt of the 10 pt text) in from the
    margin where its lines start: the right one in an Arabic report, the left one
    in an English report, as the HTML's padding-inline-start."""
    _require_fonts()
    width_of_indent = 12
    margin = 2 / 2.54 * 72  # the template's 2 cm
    for language, word in (("ar", "اقتباسنا"), ("en", "Quotedword")):
        snapshot = seed_snapshot()
        snapshot["article"]["language"] = language
        for claim in snapshot["claims"]:
            for citation in claim.get("citations") or ():
                citation["quote"] = word
        pdf = get("pdf").render(snapshot)
        width = float(reader(pdf).pages[0].mediabox.width)
        boxes = [
            (left, right) for found, left, right in _word_boxes(pdf) if word in found
        ]
        assert boxes, language
        for left, right in boxes:
            if language == "ar":
                assert abs(right - (width - margin - width_of_indent)) < 2, boxes
            else:
                assert abs(left - (margin + width_of_indent)) < 2, boxes


@pytest.mark.parametrize(
    ("language", "sentence", "words", "font"),
    [
        ("hi", "सरकार ने मंगलवार को नई रेल लाइन की घोषणा की।", ["सरकार"], "NotoSerifDeva"),
        ("hy", "Կառավարությունը հաստատեց նոր բյուջեն։", ["բյուջեն"], "NotoSerifArmen"),
        ("zh", "政府周二宣布了新的预算。", ["政府周二宣布了新的预算"], "NotoSerifCJK"),
    ],
)
def test_each_script_prints_with_its_own_font(language, sentence, words, font):
    _require_fonts()
    snapshot = seed_snapshot()
    snapshot["article"]["language"] = language
    snapshot["article"]["body"] = sentence
    snapshot["claims"] = []
    pdf = get("pdf").render(snapshot)
    text = flat(pdf_text(pdf))
    for word in words:
        assert word in text
    names = font_names(pdf)
    assert any(name.startswith(font) for name in names), names
    # Never a fallback box font (Typst's embedded ones or a last-resort font).
    assert not any("LastResort" in name for name in names)


def test_a_latin_report_prints_from_latin_and_symbol_fonts_only(seed_pdf):
    """The seed report (English, verdicts ✓ ✗ ◐) embeds no font of another
    script: the verdict glyphs come from one symbol font (DejaVu Sans), not from
    whichever CJK or other font the shaper met first walking the sans stack; the
    sans text is in Open Sans (PDF_FIRST_FAMILIES), the serif text in Noto Serif."""
    _require_fonts()
    names = font_names(seed_pdf)
    assert not any("CJK" in name for name in names), names
    assert {name.split("-")[0] for name in names} == {
        "OpenSans",
        "NotoSerif",
        "DejaVuSans",
    }, names


def test_a_font_missing_from_the_pdf_stacks_falls_back_to_the_stylesheets():
    """Without Open Sans the sans stack goes on to Noto Sans: the same report,
    every word still printed."""
    stack = pdf_document.font_stack("sans")
    assert stack[0] == "Open Sans"
    assert stack.index("Noto Sans") == 1
    assert pdf_document.symbol_stack()[: len(pdf_document.SYMBOL_FAMILIES)] == list(
        pdf_document.SYMBOL_FAMILIES
    )
    assert pdf_document.symbol_stack()[-len(stack) :] == stack


def test_the_reader_does_not_wait_for_the_layout_to_be_forgotten(monkeypatch):
    """Forgetting Typst's memoised layout runs in a thread after the bytes are
    returned, and the next report waits for it (one layout held at a time)."""
    import threading

    release, started = threading.Event(), threading.Event()
    forgotten = []

    def slow_forget(compiler):
        started.set()
        assert release.wait(30)
        forgotten.append(True)

    monkeypatch.setattr(pdf_document, "_forget_layout", slow_forget)
    monkeypatch.setattr(pdf_document, "LAYOUT_BUDGET", 1)
    pdf = get("pdf").render(seed_snapshot())
    assert pdf.startswith(b"%PDF")
    assert started.wait(30)
    assert forgotten == []  # the bytes came back first
    second = threading.Thread(target=get("pdf").render, args=(seed_snapshot(),))
    second.start()
    second.join(0.5)
    assert second.is_alive(), "the next report waits for the compiler"
    release.set()
    second.join(60)
    pdf_document.settle()
    assert forgotten == [True, True]


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


def test_same_content_as_the_html_in_order_with_page_numbers(seed_pdf):
    text = pdf_text(seed_pdf)
    pages = [page for page in text.split("\f") if page.strip()]
    assert "Verdicts at a glance" in pages[0]
    order = [
        "Verdicts at a glance",
        "Coverage",
        "The article, annotated",
        "The claims, checked",
        "How we checked",
        "Rating scale: ",
        "Corrections and updates",
    ]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    flat_text = flat(text)
    for expected in (
        "Claim 8",
        "Our verdict: Misleading.",
        "Approved over open sourcing gaps",
        "Approved without a second reviewer.",
        "Refutes the claim",
        "archived copy",
        "The MoU is not a binding agreement.",
        "Corrected the verdict on claim 4",
        "Revision 1, published 30 November 2026, 09:00 UTC",
        "Each verdict is written by a reviewer",
    ):
        assert expected in flat_text, expected
    count = len(pages)
    for number in range(1, count + 1):
        assert f"Page {number} of {count}" in pages[number - 1]


def _outline(entries, depth=0):
    for entry in entries:
        if isinstance(entry, list):
            yield from _outline(entry, depth + 1)
        else:
            yield depth, " ".join(entry.title.split())


def test_bookmarks_follow_the_headings_with_the_article_title_on_top(seed_pdf):
    outline = list(_outline(reader(seed_pdf).outline))
    assert outline[0] == (0, "China and Russia Agree to Build Joint Moon Base")
    assert (1, "Verdicts at a glance") in outline
    assert (2, "Claim 4 ✗ Misleading") in outline
    reviews = [title for depth, title in outline if title.startswith("Claim ")]
    assert len(reviews) == len(seed_snapshot()["claims"])


def test_links_are_kept_only_http_and_the_summary_links_to_reviews(seed_pdf):
    found = uris(seed_pdf)
    assert "https://www.example.com/china-russia-moon-base" in found
    assert (
        "https://www.cnsa.gov.cn/english/n6465652/n6465653/c6811380/content.html"
        in found
    )
    assert all(uri.startswith(("http://", "https://")) for uri in found)
    # One link per summary row, to the claim's review.
    assert internal_links(seed_pdf) >= len(seed_snapshot()["claims"])


def test_hostile_text_is_printed_not_executed(hostile_pdf):
    objects = hostile_pdf
    for action in (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/SubmitForm"):
        assert action not in objects
    assert all(uri.startswith(("http://", "https://")) for uri in uris(hostile_pdf))
    text = flat(pdf_text(hostile_pdf))
    assert MARKER in text
    assert "<script>alert(1)</script>" in text


def _typst_hostile_snapshot() -> dict:
    """The seed snapshot with Typst syntax planted in every text field (offsets
    kept true): each string is a numbered payload, so its appearance can be
    checked one by one."""
    snapshot = seed_snapshot()
    planted = []

    def plant(value, key=None):
        if isinstance(value, dict):
            return {k: plant(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [plant(item, key) for item in value]
        if not isinstance(value, str) or key in (
            "schema",
            "url",
            "archive_url",
            "logo",
            "label",
            "polarity",
            "slug",
            "anchor",
            "language",
            "published_at",
            "approved_at",
            "published_on",
            "kind",
            "stance",
            "body",
            "text",
            "attribution_type",  # a slug no report shows
        ):
            return value
        number = len(planted)
        payload = f"{TYPST_PAYLOADS[number % len(TYPST_PAYLOADS)]} T{number}"
        planted.append(payload)
        return payload

    snapshot = plant(snapshot)
    # The body and the claims' text: each claim one payload, the body built
    # around them so body[start:end] == text.
    body = TYPST_PAYLOADS[0] + "\n\n"
    for index, claim in enumerate(snapshot["claims"]):
        claim["text"] = f"{TYPST_PAYLOADS[index % len(TYPST_PAYLOADS)]} C{index}"
        claim["start"] = len(body)
        body += claim["text"]
        claim["end"] = len(body)
        body += " " + TYPST_PAYLOADS[(index + 3) % len(TYPST_PAYLOADS)] + "\n\n"
    snapshot["article"]["body"] = body
    snapshot["planted"] = planted
    return snapshot


def test_typst_syntax_in_every_field_prints_literally():
    snapshot = _typst_hostile_snapshot()
    planted = snapshot.pop("planted")
    assert len(planted) > 40  # every text field of the seed snapshot
    pdf = get("pdf").render(snapshot)
    text = flat(pdf_text(pdf))
    for payload in planted:
        assert solid(payload) in solid(text), payload
    for claim in snapshot["claims"]:
        assert solid(claim["text"]) in solid(text), claim["text"]
    # Nothing the payloads ask for happened: no red page, no file read, no
    # heading or list made from the text, the document still ends normally.
    assert "root:" not in text  # /etc/passwd's first line
    assert solid(text).count("PWNED") == solid(text).count("#text(size:40pt)[PWNED]")
    assert "GONE" not in text.replace("[GONE]", "")
    first = reader(pdf).pages[0]
    assert b"1 0 0 scn" not in first.get_contents().get_data()  # no red fill
    assert "Corrections and updates" in text


def test_the_document_can_read_no_file_outside_its_template_folder(tmp_path):
    """The exporter's own compiler, given a probe beside the template, may read
    the template's folder and nothing else (Typst's root)."""
    outside = tmp_path / "secret.txt"
    outside.write_text("SECRET", encoding="utf-8")
    assert pdf_document.TEMPLATE.parent == pdf_document.TEMPLATE_ROOT
    assert sorted(path.name for path in pdf_document.TEMPLATE_ROOT.iterdir()) == [
        "blank.typ",
        "report.typ",
    ]
    probe = pdf_document.TEMPLATE_ROOT / f"probe-{os.getpid()}.typ"
    compiler = pdf_document._typst_compiler()
    try:
        probe.write_text('#read("report.typ")\n', encoding="utf-8")
        assert compiler.compile(input=probe, format="pdf")  # inside: readable
        for path in (str(outside), "../pdf_document.py", "/etc/passwd"):
            probe.write_text(f"#read({path!r})\n".replace("'", '"'), encoding="utf-8")
            with pytest.raises(typst.TypstError):
                compiler.compile(input=probe, format="pdf")
    finally:
        probe.unlink()


def test_the_template_builds_no_markup_from_strings():
    """The template never evaluates text: no eval, no file reads other than the
    JSON input, no imports or includes."""
    source = pdf_document.TEMPLATE.read_text(encoding="utf-8")
    for forbidden in ("eval(", "#import", "#include", "read(", "raw("):
        assert forbidden not in source, forbidden
    assert "json(bytes(sys.inputs.report))" in source


def test_a_character_no_font_has_still_prints():
    """PDF/UA-1 refuses text no font can show; the report then prints as a
    tagged PDF without that declaration rather than failing."""
    snapshot = seed_snapshot()
    snapshot["article"]["title"] = "Before \u0378 after"
    pdf = get("pdf").render(snapshot)
    catalog = reader(pdf).trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "Before" in pdf_text(pdf)


def test_a_changed_template_or_engine_changes_the_export_cache_key(
    tmp_path, monkeypatch
):
    """Cached PDFs are keyed by the renderers' digest: it covers the Typst
    template and the engine's version, so a release changing either is not served
    stale."""
    from importlib import metadata

    from reports import exports

    template = tmp_path / "report.typ"
    template.write_bytes(pdf_document.TEMPLATE.read_bytes())
    monkeypatch.setattr(pdf_document, "TEMPLATE", template)
    before = exports.renderers_digest.__wrapped__()
    template.write_bytes(template.read_bytes() + b"\n")
    after = exports.renderers_digest.__wrapped__()
    assert after != before
    real = metadata.version
    monkeypatch.setattr(
        metadata,
        "version",
        lambda name: "99.0" if name == "typst" else real(name),
    )
    assert exports.renderers_digest.__wrapped__() != after


def test_extra_font_folders_reach_the_compiler(tmp_path, monkeypatch):
    """FACTCHECK_PDF_FONT_PATHS (handed over by the reports app) is where Typst
    looks for fonts besides the system folders; changing it makes a new compiler."""
    made = []

    class Recorder:
        def __init__(self, **options):
            made.append(options)

    monkeypatch.setattr(typst, "Compiler", Recorder)
    monkeypatch.setattr(pdf_document, "_compiler", None)
    monkeypatch.setattr(pdf_document, "FONT_PATHS", ())
    pdf_document.configure(font_paths=[tmp_path])
    pdf_document._typst_compiler()
    pdf_document._typst_compiler()
    assert len(made) == 1
    assert made[0]["font_paths"] == [str(tmp_path)]
    assert made[0]["root"] == pdf_document.TEMPLATE_ROOT
    pdf_document.configure(font_paths=[tmp_path])  # unchanged: the same compiler
    pdf_document._typst_compiler()
    assert len(made) == 1
    pdf_document.configure(font_paths=[])
    pdf_document._typst_compiler()
    assert made[-1]["font_paths"] == []


def test_the_reports_app_hands_the_font_setting_over(settings, tmp_path, monkeypatch):
    from django.apps import apps

    monkeypatch.setattr(pdf_document, "_compiler", None)
    monkeypatch.setattr(pdf_document, "FONT_PATHS", ())
    settings.FACTCHECK_PDF_FONT_PATHS = [str(tmp_path)]
    apps.get_app_config("reports").ready()  # idempotent: it registers by name
    assert (str(tmp_path),) == pdf_document.FONT_PATHS


_MEMORY_SCRIPT = """
import copy, sys
from reports.exporters import get, pdf_document
from tests.reports.snapshots import synthetic_snapshot

def resident():
    status = open("/proc/self/status").read()
    return int(status.split("VmRSS:")[1].split()[0]) // 1024

base = synthetic_snapshot(300)
sizes = []
for run in range(12):
    snapshot = copy.deepcopy(base)
    snapshot["methodology"] = f"Run {run}."
    for claim in snapshot["claims"]:
        for citation in claim["citations"]:
            citation["quote"] = f"{run} {citation.get('quote') or ''}"
    get("pdf").render(snapshot)
    pdf_document.settle()
    sizes.append(resident())
print(sizes[-1] - sizes[0])
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc")
def test_a_process_does_not_keep_the_layout_of_every_report_it_printed():
    """Twelve different 300-claim reports in one process: Typst's memoised layout
    of each is forgotten, so the process stays near the size one report needs
    (about 115 MiB more per report, some 1.2 GiB in all, when it was kept)."""
    grown = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert int(grown) < 400, f"{grown} MiB more after eleven more reports"


def _capture_line(text: str, title: str) -> str:
    """The citation's line in the extracted text: from its source's title to the
    next stance word or quote."""
    start = text.index(title)
    ends = [
        position
        for marker in ('"', "Supports", "Refutes", "Context")
        if (position := text.find(marker, start + len(title))) != -1
    ]
    return text[start : min(ends, default=len(text))]


def test_a_citation_line_carries_its_capture_time_linked_to_the_copy(seed):
    """The PDF names when the capture was taken, linked to the stored copy; the
    digest and the extracted text are on the public report and in the JSON
    (pdf_document._capture_details says why)."""
    from tests.reports.test_exporters_captures import (
        FETCHED_SHA,
        UPLOADED_SHA,
        with_captures,
    )

    snapshot, fetched, uploaded, bare = with_captures(seed)
    titles = {}
    for claim in snapshot["claims"]:
        for citation in claim["citations"]:
            titles.setdefault(citation["source"]["url"], citation["source"]["title"])
    pdf = get("pdf").render(snapshot)
    text = flat(pdf_text(pdf))
    fetched_line = _capture_line(text, titles[fetched])
    assert "Captured 10 March 2026, 08:15 UTC" in fetched_line
    assert FETCHED_SHA not in text
    uploaded_line = _capture_line(text, titles[uploaded])
    assert "Uploaded evidence, stored 11 March 2026" in uploaded_line
    assert UPLOADED_SHA not in text
    bare_line = _capture_line(text, titles[bare])
    assert "Captured" not in bare_line
    found = uris(pdf)
    for capture_id in (41, 42):
        base = f"https://desk.example.org/reports/12/captures/{capture_id}/"
        assert base in found
        assert base + "text/" not in found


def test_capture_words_in_the_pdf_are_in_the_report_language(seed):
    from tests.reports.test_exporters_captures import with_captures

    snapshot, _fetched, _uploaded, _bare = with_captures(seed)
    snapshot["article"]["language"] = "es"
    text = flat(pdf_text(get("pdf").render(snapshot)))
    assert "Capturado el 10 de marzo de 2026" in text
    assert "Captured" not in text


def test_a_hostile_capture_is_neither_linked_nor_read_as_markup(seed):
    from tests.reports.test_exporters_captures import change_capture, with_captures

    snapshot, _fetched, _uploaded, _bare = with_captures(seed)
    change_capture(
        snapshot,
        41,
        url="javascript:alert(1)",
        text_url="data:text/html,<script>x</script>",
        sha256=TYPST_PAYLOADS[0],
        captured_at=TYPST_PAYLOADS[6],
    )
    change_capture(snapshot, 42, url=TYPST_PAYLOADS[2])
    pdf = get("pdf").render(snapshot)
    found = uris(pdf)
    assert all(uri.startswith(("http://", "https://")) for uri in found)
    assert "https://desk.example.org/reports/12/captures/42/" not in found
    text = flat(pdf_text(pdf))
    assert "PWNED" not in text  # no digest is printed, and markup stays text
    assert "javascript:" not in text
    assert "<script>" not in text
    assert b"1 0 0 scn" not in reader(pdf).pages[0].get_contents().get_data()
    # The fetched capture has no time and no links left, and says only that it
    # was captured; the document still ends normally.
    assert "Corrections and updates" in text
