"""One stylesheet for the report: static/reports/report.css, linked by the public
page and inlined (its custom properties resolved) by the HTML and PDF exports."""

import re

import lxml.html

from reports.exporters import get
from reports.exporters.html_document import STYLESHEET, custom_properties, stylesheet
from tests.conftest import ROOT


def test_the_stylesheet_is_the_static_file():
    assert STYLESHEET == ROOT / "static" / "reports" / "report.css"
    assert STYLESHEET.is_file()


def test_the_export_inlines_the_files_rules_with_their_values(seed):
    page = get("html").render(seed).decode("utf-8")
    inline = lxml.html.document_fromstring(page).findtext(".//style")
    assert inline == stylesheet()
    assert "var(--" not in inline
    values = custom_properties()
    source = STYLESHEET.read_text(encoding="utf-8")
    rules = source[source.index("}\n", source.index(":root")) + 2 :]
    resolved = re.sub(r"var\(--([a-z-]+)\)", lambda m: values[m[1]], rules)
    assert inline.strip() == resolved.strip()
    assert values["ink"] in inline
    assert "mark.claim.verdict-false" in inline


def test_a_colour_changed_in_the_file_reaches_the_export(seed, monkeypatch, tmp_path):
    from reports.exporters import html_document

    changed = tmp_path / "report.css"
    changed.write_text(
        STYLESHEET.read_text(encoding="utf-8").replace(
            "--ink: #1a1d21", "--ink: #010203"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(html_document, "STYLESHEET", changed)
    html_document._stylesheet_parts.cache_clear()
    html_document.stylesheet.cache_clear()
    try:
        assert "#010203" in get("html").render(seed).decode("utf-8")
    finally:
        html_document._stylesheet_parts.cache_clear()
        html_document.stylesheet.cache_clear()
