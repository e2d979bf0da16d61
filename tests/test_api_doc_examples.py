"""docs/API.md's examples authenticate with a token, never with a password: HTTP Basic
runs the password hasher on every call (docs/API.md, Authentication)."""

import re

from tests.conftest import ROOT

DOC = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")
SHELL_BLOCKS = re.findall(r"```sh\n(.*?)\n```", DOC, re.DOTALL)


def test_no_example_sends_a_password():
    assert SHELL_BLOCKS
    offenders = [
        line
        for block in SHELL_BLOCKS
        for line in block.splitlines()
        if re.search(r"curl[^#]*\s-u\s|--user\b|PASSWORD|Authorization: Basic", line)
    ]
    assert offenders == []


def test_every_authenticated_example_sends_a_token():
    calls = [
        line
        for block in SHELL_BLOCKS
        for line in block.splitlines()
        if line.lstrip().startswith("curl -s -H")
    ]
    assert calls
    assert all(re.search(r'-H "\$[TE]"', line) for line in calls), calls
    assert 'T="Authorization: Token $REVIEWER_TOKEN"' in DOC
    assert 'E="Authorization: Token $EDITOR_TOKEN"' in DOC


def test_the_doc_says_why_basic_is_slow():
    assert "runs that hash on every call" in DOC
