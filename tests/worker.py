"""Start a real Celery worker process against the test database; or make the broker
unreachable for the test process."""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def require_services() -> bool:
    """In CI a missing service is a failure, not a skip."""
    return os.environ.get("FACTCHECK_REQUIRE_SERVICES", "") == "1"


def test_database_url() -> str:
    """A DATABASE_URL for the database this test session is using."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if user else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}{port}/{db['NAME']}"


def worker_env(**extra: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": test_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_BROKER_FOLDER": str(settings.CELERY_BROKER_FOLDER),
        "PYTHONUNBUFFERED": "1",
    }
    env.update(extra)
    return env


# `celery worker` with the app's worker_lost_wait replaced (no command-line option
# sets it): how long the worker waits, after a pool process died, before it gives
# the task up as lost and requeues it (Celery's default is 10 s).
_WORKER_WITH_LOST_WAIT = """\
import sys
from factcheck.celery import app
app.conf.worker_lost_wait = float(sys.argv[1])
app.worker_main(sys.argv[2:])
"""


def start_worker(
    logfile: Path,
    *,
    concurrency: int = 1,
    extra_args=(),
    lost_wait: float | None = None,
    **env,
) -> subprocess.Popen:
    """Start `celery worker` (prefork) and return its process; the caller stops it.

    `lost_wait` shortens how long it waits before requeueing the task of a pool
    process that was killed. The worker has a node name of its own
    (`process.nodename`), so a ping reaches it and no other worker on the broker.
    """
    if lost_wait is None:
        launcher = [sys.executable, "-m", "celery", "-A", "factcheck"]
    else:
        launcher = [sys.executable, "-c", _WORKER_WITH_LOST_WAIT, str(lost_wait)]
    process_name = os.environ.get("PYTEST_XDIST_WORKER", "main")
    nodename = f"tests-{process_name}-{uuid.uuid4().hex[:12]}@factcheck"
    process = subprocess.Popen(
        [
            *launcher, "worker",
            "-l", "info", "--concurrency", str(concurrency), "--without-gossip",
            "--without-mingle", "-n", nodename, "--logfile", str(logfile),
            *extra_args,
        ],
        cwd=ROOT,
        env=worker_env(**env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    process.nodename = nodename
    return process


def wait_until_ready(app, process: subprocess.Popen, timeout: float = 180.0) -> None:
    """Wait until the worker answers a ping over the broker (a generous deadline:
    a loaded machine starts a worker slowly, and a ready one answers at once)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"The Celery worker exited with code {process.returncode}."
            )
        replies = app.control.ping(destination=[process.nodename], timeout=1.0)
        if replies:
            return
    raise RuntimeError(f"The Celery worker did not answer a ping within {timeout:g} s.")


def pool_children(process: subprocess.Popen) -> list[int]:
    """The process ids of a prefork worker's pool processes (its children; Linux)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process ended while we looked
            continue
        # "pid (comm) state ppid ...": comm may hold spaces and parentheses.
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[1]) == process.pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def stop_worker(process: subprocess.Popen, timeout: float = 20.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Nothing listens on port 1 of the loopback interface: a connection there is refused.
CLOSED_BROKER_URL = "redis://127.0.0.1:1/0"


def make_broker_unreachable(monkeypatch) -> None:
    """Send every task of this process to a broker on a closed port, so publishing
    fails the way it does when the real broker is down (kombu's OperationalError,
    after the app's publish retries), whichever broker is configured."""
    from kombu import Connection

    from annotations import queueing
    from factcheck.celery import app

    # This process's memory of the outage ends with the test.
    monkeypatch.setattr(queueing, "broker_state", queueing.BrokerState())

    @contextlib.contextmanager
    def producer_on_a_closed_port(producer=None):
        with Connection(CLOSED_BROKER_URL, connect_timeout=1) as connection:
            yield app.amqp.Producer(connection)

    monkeypatch.setattr(app, "producer_or_acquire", producer_on_a_closed_port)
