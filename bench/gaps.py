#!/usr/bin/env python3
"""Time the sourcing-gap scanner on PostgreSQL at 10k, 100k and 1M claims.

    DATABASE_URL=postgres://USER:PASS@HOST:5432/factcheck \
        .venv/bin/python bench/gaps.py [--sizes 10000,100000,1000000]

Creates (and re-creates) its own database, `<name>_bench`, next to DATABASE_URL's,
migrates it, seeds each size with `INSERT ... SELECT generate_series` (a realistic mix:
a quarter of claims uncited, the rest citing 1-3 of a pool of sources from 300 outlets,
some with attributions, institutional signals, ratings, verdicts, dead links and
missing archives), then times:

- a cold full scan (every gap is new, so it is mostly inserts),
- a warm full scan (nothing changed: every open gap's last_seen_at is refreshed),
- single-claim rescans (median and 95th percentile of 200 random claims).

It prints the figures (with the load average before each size, since a busy machine
slows everything down) and the growth ratios; it does not pass or fail.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    return urlunsplit(parts._replace(path="/" + name)), name


def recreate_database(url: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


SEED_SQL = """
TRUNCATE annotations_sourcinggap, annotations_citation, annotations_rating,
         annotations_verdict, annotations_claim_assignees, annotations_claim,
         annotations_source, annotations_article, annotations_scanrun,
         annotations_pendingrescan RESTART IDENTITY CASCADE;

INSERT INTO annotations_article (title, url, publisher, byline, language, body,
                                 created_at, updated_at)
SELECT 'Article ' || a, '', 'Desk', '', 'en', 'x', now(), now()
FROM generate_series(1, %(articles)s) AS a;

INSERT INTO annotations_claim (article_id, start, "end", text, kind, checkworthiness,
    signals, attribution, status, dismissed_reason, dismissed_at, version,
    created_at, updated_at)
SELECT 1 + (i - 1) / 50, ((i - 1) %% 50) * 100, ((i - 1) %% 50) * 100 + 90,
       'Claim ' || i,
       CASE WHEN i %% 8 = 0 THEN 'caption' ELSE 'claim' END,
       ((i::bigint * 7919) %% 100) / 100.0,
       CASE WHEN i %% 10 = 0 THEN '[{"name": "official_action"}]'::jsonb
            ELSE '[]'::jsonb END,
       CASE WHEN i %% 7 = 0 THEN 'SpaceNews'
            WHEN i %% 11 = 0 THEN 'the China National Space Administration'
            WHEN i %% 13 = 0 THEN 'Leaders from both countries' ELSE '' END,
       'open',
       CASE WHEN i %% 50 = 7 THEN 'Duplicate' ELSE '' END,
       CASE WHEN i %% 50 = 7 THEN now() END,
       1, now(), now()
FROM generate_series(1, %(claims)s) AS i;

INSERT INTO annotations_source (url, normalized_url, title, publisher, domain, kind,
    archive_url, link_status, link_final_url, link_error, link_failures,
    created_at, updated_at)
SELECT 'https://site' || (s %% 300) || '.example/doc/' || s,
       'https://site' || (s %% 300) || '.example/doc/' || s,
       'Document ' || s,
       CASE WHEN s %% 300 = 1 THEN 'SpaceNews' ELSE 'Publisher ' || (s %% 300) END,
       CASE WHEN s %% 300 = 1 THEN 'spacenews.com'
            ELSE 'site' || (s %% 300) || '.example' END,
       (ARRAY['news', 'news', 'news', 'official', 'primary', 'academic', 'dataset',
              'other'])[1 + s %% 8],
       CASE WHEN s %% 3 = 0 THEN '' ELSE 'https://web.archive.org/' || s END,
       CASE WHEN s %% 50 = 0 THEN 'dead' ELSE 'alive' END,
       '', '', 0, now(), now()
FROM generate_series(1, %(sources)s) AS s;

INSERT INTO annotations_citation (claim_id, source_id, stance, quote, locator, note,
                                  created_at, updated_at)
SELECT i, 1 + ((i * 31 + j * 977) %% %(sources)s),
       (ARRAY['supports','refutes','context'])[j], '', '', '', now(), now()
FROM generate_series(1, %(claims)s) AS i
JOIN generate_series(1, 3) AS j ON j <= i %% 4;

INSERT INTO annotations_rating (claim_id, reviewer_id, label_id, confidence, rationale,
                                created_at, updated_at)
SELECT i, %(reviewer)s,
       CASE WHEN i %% 2 = 0 THEN %(false_label)s ELSE %(true_label)s END,
       2, '', now(), now()
FROM generate_series(5, %(claims)s, 5) AS i;

INSERT INTO annotations_verdict (claim_id, label_id, explanation, approved_at)
SELECT i, %(false_label)s, '', now() FROM generate_series(20, %(claims)s, 20) AS i;

ANALYZE;
"""


def seed(claims: int) -> float:
    from django.contrib.auth.models import User
    from django.db import connection

    from annotations.models import RatingLabel

    reviewer, _ = User.objects.get_or_create(username="bench-reviewer")
    labels = RatingLabel.objects.filter(scale__is_default=True)
    params = {
        "claims": claims,
        "articles": (claims + 49) // 50,
        "sources": max(1000, claims // 10),
        "reviewer": reviewer.pk,
        "false_label": labels.get(slug="false").pk,
        "true_label": labels.get(slug="true").pk,
    }
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(SEED_SQL, params)
    return time.perf_counter() - started


def full_scan(batch_size: int) -> tuple[float, object]:
    from annotations.sourcing import scanner

    started = time.perf_counter()
    run = scanner.run_scan(batch_size=batch_size, stale_after=0)
    return time.perf_counter() - started, run


def single_rescans(claims: int, rounds: int = 200) -> list[float]:
    from annotations.sourcing import scanner

    rng = random.Random(7)
    timings = []
    for _ in range(rounds):
        pk = rng.randint(1, claims)
        started = time.perf_counter()
        scanner.scan_claims([pk])
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        print("Set DATABASE_URL to a PostgreSQL database; the bench makes its own.")
        return 2
    url, name = bench_url(base)
    recreate_database(base, name)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    from annotations.models import SourcingGap

    call_command("migrate", verbosity=0)
    print(f"database {name}; batch size {args.batch_size}; {os.cpu_count()} CPUs")
    header = (
        f"{'claims':>9} {'load':>5} {'seed s':>7} {'cold s':>7} {'µs/claim':>9} "
        f"{'warm s':>7} {'µs/claim':>9} {'open gaps':>10} {'1 claim ms p50':>15} "
        f"{'p95':>6}"
    )
    print(header)
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        load = os.getloadavg()[0]
        seeded = seed(size)
        cold, _ = full_scan(args.batch_size)
        warm, _ = full_scan(args.batch_size)
        open_gaps = SourcingGap.objects.filter(resolved_at__isnull=True).count()
        single = sorted(single_rescans(size))
        p50, p95 = statistics.median(single), single[int(len(single) * 0.95)]
        rows.append((size, cold, warm))
        print(
            f"{size:>9,} {load:>5.1f} {seeded:>7.1f} {cold:>7.1f} "
            f"{cold / size * 1e6:>9.1f} {warm:>7.1f} {warm / size * 1e6:>9.1f} "
            f"{open_gaps:>10,} {p50:>15.1f} {p95:>6.1f}",
            flush=True,
        )
    for (small, cold_a, warm_a), (large, cold_b, warm_b) in itertools.pairwise(rows):
        print(
            f"growth {small:,} -> {large:,} claims (x{large / small:g}): "
            f"cold x{cold_b / cold_a:.1f}, warm x{warm_b / warm_a:.1f} "
            "(linear would be the claims' ratio)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
