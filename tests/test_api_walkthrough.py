"""docs/API.md's curl walk-through runs as written, against a live server: every
command succeeds and prints what its `# =>` lines say."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from tests import factories
from tests.conftest import ROOT
from tests.worker import require_services

DOC = ROOT / "docs" / "API.md"
MARKER = "<!-- walkthrough"


def walkthrough() -> list[tuple[str, list[str]]]:
    """The walk-through's commands, each with the output its `# =>` lines promise.

    A command runs over several lines while a quote is open, a line ends in a
    backslash or a `$(` is not closed yet; other comment lines are prose.
    """
    text = DOC.read_text(encoding="utf-8")
    start = text.index(MARKER)
    block = re.search(r"```sh\n(.*?)\n```", text[start:], re.DOTALL)
    assert block, "no sh block after the walkthrough marker"
    commands: list[tuple[str, list[str]]] = []
    pending = ""
    for line in block.group(1).splitlines():
        if not pending:
            if line.startswith("# =>"):
                assert commands, "an expected output before any command"
                commands[-1][1].append(line[len("# =>") :].strip())
                continue
            if not line.strip() or line.startswith("#"):
                continue
        pending = f"{pending}\n{line}" if pending else line
        if _complete(pending):
            commands.append((pending, []))
            pending = ""
    assert not pending, f"unfinished command: {pending}"
    return commands


def _complete(command: str) -> bool:
    code = re.sub(r"#[^'\n]*$", "", command)  # a trailing comment
    return (
        code.count("'") % 2 == 0
        and not code.rstrip().endswith("\\")
        and code.count("(") <= code.count(")")
    )


def test_the_walkthrough_parses_into_the_whole_loop():
    commands = [command for command, _ in walkthrough()]
    joined = "\n".join(commands)
    for step in (
        "/articles/",
        "/claims/?article=",
        "/sources/",
        "/citations/",
        "/ratings/",
        "/submit/",
        "/approve/",
        "/publish/",
        "/export/claimreview/",
        "/export/w3c/",
        "/export/pdf/",
    ):
        assert step in joined, step
    assert sum(1 for _, expected in walkthrough() if expected) >= 10


@pytest.fixture
def desk(transactional_db):
    from annotations import services
    from annotations.ratingscale import ensure_default_scale

    ensure_default_scale()
    reviewer = factories.UserFactory(username="rosa", role="reviewer")
    editor = factories.UserFactory(username="emil", role="editor")
    return {
        "REVIEWER_TOKEN": services.api_token_create(user=reviewer, name="docs")[1],
        "EDITOR_TOKEN": services.api_token_create(user=editor, name="docs")[1],
    }


def test_the_walkthrough_runs_line_by_line(live_server, desk, tmp_path):
    if not shutil.which("curl"):
        if require_services():
            pytest.fail("curl is needed to run docs/API.md's walk-through")
        pytest.skip("curl is not installed")
    commands = walkthrough()
    script = ["set -eo pipefail"]
    for number, (command, _) in enumerate(commands):
        script += [f"echo '@@@ {number}'", command]
    script.append("echo '@@@ end'")
    env = {
        **os.environ,
        "B": f"{live_server.url}/api/v1",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **desk,
    }
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    outputs = re.split(r"^@@@ (\d+|end)\n", result.stdout, flags=re.MULTILINE)
    ran = dict(zip(outputs[1::2], outputs[2::2], strict=True))
    last = max((int(key) for key in ran if key != "end"), default=-1)
    failed = (
        f"command {last} failed:\n{commands[last][0]}\n"
        f"stdout: {ran.get(str(last), '')}\nstderr: {result.stderr}"
    )
    assert result.returncode == 0, failed
    assert "end" in ran, failed
    for number, (command, expected) in enumerate(commands):
        if expected:
            printed = ran[str(number)].strip().splitlines()
            assert printed == expected, f"{command}\nprinted {printed}"
