#!/usr/bin/env python3
"""Server-side time and SQL query count of the workspace pages at 50/500/2,000 claims.

    .venv/bin/python bench/pages.py [--sizes 50,500,2000] [--runs 7]
    DATABASE_URL=postgres://USER:PASS@HOST:5432/DB .venv/bin/python bench/pages.py

Runs in a throw-away test database (SQLite in a temporary folder, or `test_<name>` next
to DATABASE_URL's PostgreSQL database). Each article has the given number of claims,
4 citations per claim (each its own source), one rating per claim and an open gap on
every third claim. Each page is requested through Django's test client, logged in as a
reviewer, and timed from request to rendered response (no network, no browser): the
median of the runs after one warm-up. It prints the figures; it does not pass or fail.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault(
            "FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="bench-pages-")
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "0")
    import django

    django.setup()


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: template and URL caches
    times, queries, size = [], 0, 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        queries, size = len(captured), len(response.content)
    return statistics.median(times) * 1000, queries, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,2000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()

    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from annotations import roles
    from tests.factories import UserFactory, big_article

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        reviewer = UserFactory(username="bench-reviewer", role="reviewer")
        roles.ensure_first_workspace()
        client = Client()
        client.force_login(reviewer)
        print(f"database: {vendor}, median of {args.runs} runs after one warm-up")
        print(f"{'claims':>7} {'page':<22} {'ms':>8} {'queries':>8} {'KiB':>8}")
        for size in (int(s) for s in args.sizes.split(",")):
            article = big_article(size)
            claims = list(article.claims.order_by("start"))
            middle = claims[len(claims) // 2]
            for label, url in (
                ("article", f"/articles/{article.pk}/"),
                ("article + open panel", f"/articles/{article.pk}/?claim={middle.pk}"),
                ("claim panel (htmx)", f"/claims/{middle.pk}/"),
                ("dashboard", "/"),
            ):
                headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
                client.defaults.update(headers)
                ms, queries, nbytes = measure(client, url, args.runs)
                for key in headers:
                    client.defaults.pop(key)
                kib = nbytes / 1024
                print(f"{size:>7} {label:<22} {ms:>8.1f} {queries:>8} {kib:>8.0f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
