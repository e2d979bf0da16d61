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
import sys

# Run as a script, the bench folder is on the path (bench/serverside.py).
from serverside import measure, setup_django, throwaway_database


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500,2000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django("bench-pages")

    from django.test import Client

    from annotations import roles
    from tests.factories import UserFactory, big_article

    with throwaway_database() as connection:
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
