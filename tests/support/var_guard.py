"""No process of a test session writes into the checkout's own var/.

The suite runs on a temporary var directory (tests/settings.py), but a path built
from the checkout rather than from the settings, or a subprocess that drops the
environment, would still reach the real one: a developer's database, broker queues
and demo logins. `install()` adds a Python audit hook that refuses every write there
(open for writing, mkdir, rename, remove, an SQLite connection...) with
`CheckoutVarWrite` and records it in the session's log, so the test that did it fails
even if the error was caught. tests/settings.py installs it, so every process that
loads the test settings is watched: pytest and its xdist workers, the Celery workers
the tests start, `manage.py` subprocesses.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

CHECKOUT_VAR = Path(__file__).resolve().parents[2] / "var"
LOG_NAME = "checkout-var-writes.log"

# os.open flags that change a file. Reads (O_RDONLY is 0) pass.
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
# Audit events whose path arguments (by position) are written or removed.
_PATH_EVENTS = {
    "os.mkdir": (0,),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.rename": (0, 1),  # os.replace raises it too
    "os.link": (1,),
    "os.symlink": (1,),
    "os.truncate": (0,),
    "os.utime": (0,),
    "os.chmod": (0,),
    "shutil.rmtree": (0,),
    "sqlite3.connect": (0,),
}

_installed = False
_forbidden: tuple[str, ...] = ()


class CheckoutVarWrite(PermissionError):
    """A test session tried to write into the checkout's var/ directory."""


def log_path() -> Path | None:
    """Where this session records refused writes (None outside a test session)."""
    root = os.environ.get("FACTCHECK_TEST_VAR_ROOT")
    return Path(root) / LOG_NAME if root else None


def _inside(path) -> str | None:
    """The absolute path if `path` lies in the checkout's var/, else None."""
    if isinstance(path, int) or path is None:
        return None  # a file descriptor: opened earlier, and checked then
    try:
        text = os.fsdecode(path)
    except TypeError:
        return None
    if text in {"", ":memory:"} or text.startswith("file:"):
        return None
    absolute = os.path.realpath(text)
    for forbidden in _forbidden:
        if absolute == forbidden or absolute.startswith(forbidden + os.sep):
            return absolute
    return None


def _refuse(event: str, path: str) -> None:
    test = os.environ.get("PYTEST_CURRENT_TEST", "(outside any test)")
    log = log_path()
    if log is not None:
        line = f"{test}\tpid {os.getpid()}\t{event}\t{path}\n"
        with open(log, "a", encoding="utf-8") as record:
            record.write(line)
    raise CheckoutVarWrite(
        f"The test session may not write into the checkout's var/ ({event} {path}); "
        "use settings.VAR_DIR, which the tests point at a temporary directory."
    )


def _hook(event: str, args: tuple) -> None:
    if event == "open":
        path, mode, flags = args
        writes = bool(flags & _WRITE_FLAGS) if isinstance(flags, int) else False
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            writes = True
        if writes:
            found = _inside(path)
            if found:
                _refuse(event, found)
        return
    positions = _PATH_EVENTS.get(event)
    if positions is None:
        return
    for position in positions:
        if position >= len(args):
            continue
        found = _inside(args[position])
        if not found:
            continue
        if event == "os.mkdir" and os.path.isdir(found):
            continue  # mkdir(exist_ok=True) of what is already there writes nothing
        if event in {"os.utime", "os.chmod"} and not os.path.lexists(found):
            continue  # nothing there to change (Path.touch tries this first)
        _refuse(event, found)


def install() -> None:
    """Watch this process (once; audit hooks cannot be removed)."""
    global _installed, _forbidden
    if _installed:
        return
    _forbidden = tuple(
        {str(CHECKOUT_VAR), os.path.realpath(CHECKOUT_VAR)}
    )  # the checkout may be reached through a symbolic link
    sys.addaudithook(_hook)
    _installed = True


def recorded(log: Path | None = None) -> list[str]:
    """Every refused write recorded so far in the session's log (or `log`)."""
    log = log or log_path()
    if log is None or not log.exists():
        return []
    return log.read_text(encoding="utf-8").splitlines()
