"""`linkable_url` (reports/exporters/_common.py), the one gate before any export
makes a link: only absolute http(s) URLs, and none holding white space or a control
character anywhere (browsers drop some before reading the scheme)."""

import sys

import pytest

from reports.exporters._common import linkable_url

REFUSED_CHARACTERS = [
    chr(code)
    for code in range(sys.maxunicode + 1)
    if chr(code).isspace() or code < 0x20
]


def test_every_space_and_control_character_refuses_the_url():
    assert len(REFUSED_CHARACTERS) > 40  # C0 controls and Unicode's spaces
    for character in REFUSED_CHARACTERS:
        for url in (
            f"https://exa{character}mple.org/",
            f"https://example.org/a{character}b",
            f"java{character}script:alert(1)",
        ):
            assert linkable_url(url) is None, hex(ord(character))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("  http://example.org/  ", "http://example.org/"),
        ("HTTPS://EXAMPLE.ORG/", "HTTPS://EXAMPLE.ORG/"),
        ("javascript:alert(1)", None),
        ("//example.org/", None),
        ("https://", None),
        ("ftp://example.org/", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_only_absolute_http_urls_are_linkable(value, expected):
    assert linkable_url(value) == expected
