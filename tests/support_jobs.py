"""Helpers for the resilience tests: a Redis server of the test's own that it stops
and starts, and the deployment's processes (web server, worker, beat) started
against the test database and that Redis.

Outage tests never touch a shared Redis: each starts `redis-server` on a free port
of its own (no persistence, so a restart loses what it held, like a crash). Without
the binary they skip, unless FACTCHECK_REQUIRE_SERVICES=1 (CI), where that fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.worker import ROOT, require_services, test_database_url

# Generous: these processes start on a loaded two-core machine. A wait that ends
# early costs nothing, so the ceiling only has to be far above the slowest honest run:
# the worker-kill tests took 70-165 s in all (several waits each) with six busy loops
# beside them on two cores; a stop at 90 s per wait once failed under heavier load.
DEADLINE = 240.0


def wait_for(condition, timeout: float = DEADLINE, interval: float = 0.1, what=""):
    """Poll until `condition()` is truthy; return its value, or fail at the deadline
    saying `what` (a callable is asked then, to say what is still missing)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            said = what() if callable(what) else what
            pytest.fail(f"Not within {timeout:g} s: {said or condition}")
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of this test's own on 127.0.0.1, stopped and started at will
    (on the same port), with nothing saved to disk."""

    def __init__(self, folder: Path):
        binary = shutil.which("redis-server")
        if binary is None:
            message = "redis-server is not installed"
            if require_services():
                pytest.fail(message)
            pytest.skip(message)
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> None:
        assert self.process is None, "already running"
        log = open(self.folder / "redis.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        log.close()
        wait_for(self.answers, timeout=30, what="redis-server answers")

    def stop(self) -> None:
        """Kill it (SIGKILL: a crash, nothing flushed) and wait until it is gone."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
        wait_for(lambda: not self.answers(), timeout=30, what="redis-server gone")


def process_env(**extra: str) -> dict:
    """The environment of a process started against the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.support_jobs_settings",
        "DATABASE_URL": test_database_url(),
        "PYTHONUNBUFFERED": "1",
    }
    env.update({name: str(value) for name, value in extra.items()})
    if "CELERY_BROKER_FOLDER" in extra:
        # tests/settings.py would otherwise force the session's own folder on it.
        env["FACTCHECK_TEST_BROKER_FOLDER"] = str(extra["CELERY_BROKER_FOLDER"])
    return env


def start(args: list[str], log: Path, env: dict) -> subprocess.Popen:
    """Start a process in a session of its own (so the whole of it can be killed),
    its output going to `log`."""
    output = open(log, "ab")  # noqa: SIM115
    try:
        return subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    finally:
        output.close()


CELERY = [sys.executable, "-m", "celery", "-A", "factcheck"]


def start_worker(log: Path, env: dict, *, concurrency: int = 2) -> subprocess.Popen:
    return start(
        [*CELERY, "worker", "-l", "info", "--concurrency", str(concurrency),
         "--without-gossip", "--without-mingle"],
        log, env,
    )  # fmt: skip


def start_beat(log: Path, env: dict) -> subprocess.Popen:
    return start([*CELERY, "beat", "-l", "info"], log, env)


def start_web(log: Path, env: dict, port: int) -> subprocess.Popen:
    """gunicorn with two worker processes, as a desk serves the app."""
    return start(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--access-logfile", "-"],
        log, env,
    )  # fmt: skip


def kill(process: subprocess.Popen) -> None:
    """kill -9 the process and everything it started (its session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop the process and what it started: SIGTERM to the process, then SIGKILL to
    whatever of its session is left.

    SIGTERM goes to the process alone, as a service manager sends it: a Celery
    worker or gunicorn then stops its own children. Sent to the whole session, it
    killed a prefork worker's pool processes under it; the worker started new ones
    and did not finish its warm shutdown within 30 s."""
    if process.poll() is None:
        try:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    if process.poll() is None or _session_alive(process.pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _session_alive(session: int) -> bool:
    try:
        os.killpg(session, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return f"({path.name} is empty)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
