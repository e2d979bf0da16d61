"""What the server-side benches share: Django set up against a throw-away test
database, and a page timed through the test client with its query count.

Not a bench itself: `bench/pages.py` and `bench/desks.py` import it.
"""

import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(name: str) -> None:
    """Django with the test settings; without DATABASE_URL, SQLite in a temporary
    folder named after the bench."""
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix=f"{name}-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_database():
    """A test database made for the bench (`test_<name>` beside DATABASE_URL's
    PostgreSQL database), destroyed afterwards whatever happens."""
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield connection
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    """The median milliseconds of `runs` requests after one warm-up (template and
    URL caches), the query count and the response's size in bytes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    times, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return statistics.median(times) * 1000, queries, size
