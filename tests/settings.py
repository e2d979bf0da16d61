"""Settings for the test suite: the project's settings on a temporary var directory.

Everything the settings derive from FACTCHECK_VAR_DIR (the SQLite test database,
the filesystem broker's folders, demo logins, logs, the file cache) lives under a
temporary directory made for the session, never under the checkout's var/ (where a
developer's `dev.py run` keeps its data and its worker reads its queue). The first
process to load these settings makes the directory and passes it on in
FACTCHECK_TEST_VAR_ROOT, so its xdist workers, the Celery workers the tests start and
`manage.py` subprocesses share it; each xdist worker has a folder of its own in it.
Set FACTCHECK_TEST_VAR_ROOT yourself to keep the files after the run.
tests/support/var_guard.py refuses any write into the checkout's var/ all the same.
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from tests.support import var_guard

if not os.environ.get("FACTCHECK_TEST_VAR_ROOT"):
    os.environ["FACTCHECK_TEST_VAR_ROOT"] = tempfile.mkdtemp(prefix="factcheck-tests-")
    # The process that made it removes it when it exits (pytest's, after its xdist
    # workers and the Celery workers have stopped); processes that inherit it do not.
    atexit.register(
        shutil.rmtree, os.environ["FACTCHECK_TEST_VAR_ROOT"], ignore_errors=True
    )
TEST_VAR_ROOT = Path(os.environ["FACTCHECK_TEST_VAR_ROOT"])
# "gw0", "gw1"... under pytest-xdist; its subprocesses inherit the name.
TEST_PROCESS = os.environ.get("PYTEST_XDIST_WORKER", "main")
_var = TEST_VAR_ROOT / TEST_PROCESS
_var.mkdir(parents=True, exist_ok=True)
# Forced, not defaulted: a developer's own FACTCHECK_VAR_DIR, CELERY_BROKER_FOLDER,
# TEST_SQLITE_NAME or FACTCHECK_CAPTURES_DIR would point the tests at their running
# desk (captures then go under the temporary var directory, like everything else).
os.environ["FACTCHECK_VAR_DIR"] = str(_var)
# A process a test starts on a broker of its own (tests/support_jobs.py) names its
# folder in FACTCHECK_TEST_BROKER_FOLDER: forcing the session's folder on it would put
# its messages where the session's worker takes them.
os.environ["CELERY_BROKER_FOLDER"] = os.environ.get(
    "FACTCHECK_TEST_BROKER_FOLDER"
) or str(_var / "test-broker")
os.environ.pop("TEST_SQLITE_NAME", None)
os.environ.pop("FACTCHECK_CAPTURES_DIR", None)
var_guard.install()

os.environ.setdefault("DEBUG", "1")
# The suite makes thousands of requests from one address: the throttling tests set
# their own limits.
os.environ.setdefault("FACTCHECK_THROTTLE_ANON", "1000000/min")
os.environ.setdefault("FACTCHECK_THROTTLE_USER", "1000000/min")

from factcheck.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# On a shared broker (Redis) the tasks of each test process go to a queue of its own:
# the Celery worker an xdist worker starts never takes another's tasks (which belong
# to another test database), nor does a developer's `dev.py run` worker.
# A test that starts processes of its own names their queue in FACTCHECK_TEST_QUEUE, so
# the session's worker (which shares the filesystem broker's folder) never takes them.
CELERY_TASK_DEFAULT_QUEUE = (
    os.environ.get("FACTCHECK_TEST_QUEUE") or f"factcheck-tests-{TEST_PROCESS}"
)

# One cache per test process: throttle counters and cached exports do not leak from
# one run into the next.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# No capture is asked for unless a test says so (`settings.FACTCHECK_CAPTURES = True`):
# otherwise every transactional test citing a URL hands the session's real worker a
# capture, whose fetch and quote checks then write to the test database while the
# test runs and while its tables are flushed after it (a deadlock seen on
# PostgreSQL). The capture tests switch it on; tests/test_captures.py checks the
# default of a deployment is on.
FACTCHECK_CAPTURES = False
