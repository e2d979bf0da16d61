"""Files and pages become plain article text; bad input is refused clearly."""

import pytest

from annotations import ingest
from annotations.errors import InvalidInput


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain text.", "Plain text."),
        ("Caf\u00e9 \u00a0news".encode(), "Caf\u00e9 \u00a0news"),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
        ("UTF-16 text.".encode("utf-16"), "UTF-16 text."),
    ],
)
def test_decode_text_accepts_unicode_encodings(data, expected):
    assert ingest.decode_text(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Latin-1 caf\u00e9".encode("latin-1"), "not valid UTF-8"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_decode_text_refuses_binary_and_wrong_encodings(data, message):
    with pytest.raises(InvalidInput, match=message):
        ingest.decode_text(data)


def test_clean_text_normalizes_newlines_and_controls():
    assert ingest.clean_text("  a\r\nb\rc\x07\n\n\n\nd  ") == "a\nb\nc\n\nd"


def test_text_file_takes_its_title_from_the_first_line():
    imported = ingest.text_from_bytes(
        b"Headline Here\n\nBody sentence one.", filename="a.txt"
    )
    assert imported.title == "Headline Here"
    assert imported.body.startswith("Headline Here")


def test_html_is_reduced_to_text_and_scripts_are_dropped():
    page = b"""<html><head><title>Moon base deal</title></head><body>
    <script>alert('x')</script><article><h1>Moon base deal</h1>
    <p>China and Russia signed a long-term agreement on Tuesday to construct a joint
    moon base, according to SpaceNews.</p>
    <p>The two countries said it would be open to others.</p>
    <img src=x onerror=alert(1)></article></body></html>"""
    imported = ingest.text_from_bytes(page, filename="page.html")
    assert "signed a long-term agreement" in imported.body
    assert "alert" not in imported.body
    assert "<" not in imported.body
    assert imported.title == "Moon base deal"


def test_markdown_markup_is_removed():
    imported = ingest.text_from_bytes(
        b"# The Title\n\nSome **bold** claim with a [link](http://x.org).",
        filename="a.md",
    )
    assert imported.title == "The Title"
    assert "Some bold claim with a link." in imported.body
    assert "**" not in imported.body
    assert "](" not in imported.body


def test_unsupported_file_type_is_refused():
    with pytest.raises(InvalidInput, match="Unsupported file type"):
        ingest.text_from_bytes(b"%PDF-1.4", filename="report.pdf")


def test_html_without_text_is_refused():
    with pytest.raises(InvalidInput, match="No article text"):
        ingest.text_from_bytes(
            b"<html><body><script>x()</script></body></html>", filename="a.html"
        )
