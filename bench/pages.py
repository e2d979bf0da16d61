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


def build_article(n_claims: int, citations_per_claim: int = 4):
    from django.contrib.auth.models import User
    from django.utils import timezone

    from annotations.models import (
        Article,
        Citation,
        Claim,
        Rating,
        RatingLabel,
        Source,
        SourcingGap,
    )

    sentence = "Officials said spending rose by {n} percent in {n} districts."
    pieces, offsets, cursor = [], [], 0
    for n in range(n_claims):
        text = sentence.format(n=n)
        offsets.append((cursor, cursor + len(text)))
        pieces.append(text)
        cursor += len(text) + (2 if n % 5 == 4 else 1)
        pieces.append("\n\n" if n % 5 == 4 else " ")
    body = "".join(pieces).rstrip()
    article = Article.objects.create(
        title=f"Bench article, {n_claims} claims", body=body
    )
    Claim.objects.bulk_create(
        (
            Claim(article=article, start=s, end=e, text=body[s:e], checkworthiness=0.6)
            for s, e in offsets
        ),
        batch_size=500,
    )
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    sources = Source.objects.bulk_create(
        (
            Source(
                title=f"Source {n_claims}-{i}",
                publisher=f"Outlet {i % 40}",
                url=f"https://outlet{i % 40}.example.org/{n_claims}/{i}",
                normalized_url=f"https://outlet{i % 40}.example.org/{n_claims}/{i}",
            )
            for i in range(n_claims * citations_per_claim)
        ),
        batch_size=500,
    )
    Citation.objects.bulk_create(
        (
            Citation(
                claim=claims[i // citations_per_claim],
                source=source,
                stance=("supports", "refutes", "context")[i % 3],
                quote="An excerpt that matters.",
            )
            for i, source in enumerate(sources)
        ),
        batch_size=500,
    )
    rater = User.objects.create(username=f"rater{n_claims}")
    label = RatingLabel.objects.get(scale__slug="default", slug="half-true")
    Rating.objects.bulk_create(
        (Rating(claim=c, reviewer=rater, label=label) for c in claims), batch_size=500
    )
    now = timezone.now()
    SourcingGap.objects.bulk_create(
        (
            SourcingGap(claim=c, kind="single_source", opened_at=now, last_seen_at=now)
            for c in claims[::3]
        ),
        batch_size=500,
    )
    return article, claims


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

    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from annotations import roles
    from tests.factories import UserFactory

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        vendor = connection.vendor
        reviewer = UserFactory(username="bench-reviewer", role="reviewer")
        Group.objects.get_or_create(name=roles.REVIEWERS)
        client = Client()
        client.force_login(reviewer)
        print(f"database: {vendor}, median of {args.runs} runs after one warm-up")
        print(f"{'claims':>7} {'page':<22} {'ms':>8} {'queries':>8} {'KiB':>8}")
        for size in (int(s) for s in args.sizes.split(",")):
            article, claims = build_article(size)
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
