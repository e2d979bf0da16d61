#!/usr/bin/env python3
"""Server-side time and SQL query count of the desk's busiest reads with many desks.

    DATABASE_URL=postgres://USER:PASS@HOST:5432/DB .venv/bin/python bench/desks.py \
        [--desks 20] [--members 10] [--articles 200] [--runs 7]

Runs in a throw-away test database (`test_<name>` next to DATABASE_URL's PostgreSQL
database; SQLite in a temporary folder without it). It makes N desks, each with M
members (two editors, the rest reviewers) and A articles of five claims, one of
which a member rated and submitted, so every desk's review queue holds A claims.
One editor belongs to two desks. As that editor, it requests the article page, the
review queue and the API's article list (whole, and narrowed with `?workspace=`)
through Django's test client, timed from request to rendered response (no network,
no browser): the median of the runs after one warm-up, with the query count. It
prints the figures and the 1-minute load average (the machine may be shared); it
passes or fails nothing (the exact query counts are held by tests/test_desks.py).
"""

import argparse
import os
import sys
import time

# Run as a script, the bench folder is on the path (bench/serverside.py).
from serverside import measure, setup_django, throwaway_database

BODY = (
    "Ferry fares rose by {n} percent in March. The harbour moved {n} million tonnes "
    "last year. The council approved a budget of ${n} million on Monday. Critics "
    "said the dredging plan was rushed. The mayor expects {n} new jobs by 2027."
)


def build(desks: int, members: int, articles: int):
    """The desks, their people and articles, written in bulk (the services would
    take minutes for 4,000 articles; what is measured is reading them)."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.utils import timezone

    from annotations.models import (
        Article,
        Claim,
        ClaimStatus,
        Membership,
        Rating,
        RatingLabel,
        Workspace,
    )

    now = timezone.now()
    label = RatingLabel.objects.get(scale__is_default=True, slug="true")
    password = make_password("bench-pass-123")
    made = Workspace.objects.bulk_create(
        Workspace(slug=f"desk-{d:02}", name=f"Desk {d:02}") for d in range(desks)
    )
    people = User.objects.bulk_create(
        User(username=f"d{d:02}-m{m:02}", password=password)
        for d in range(desks)
        for m in range(members)
    )
    Membership.objects.bulk_create(
        Membership(
            workspace=made[index // members],
            user=person,
            role="editor" if index % members < 2 else "reviewer",
        )
        for index, person in enumerate(people)
    )
    for d, desk in enumerate(made):
        rows = Article.objects.bulk_create(
            Article(
                workspace=desk,
                title=f"{desk.name}: harbour story {a}",
                body=BODY.format(n=a + 3),
            )
            for a in range(articles)
        )
        reviewer = people[d * members + members - 1]
        claims = []
        for article in rows:
            body, cursor = article.body, 0
            for sentence in [s.strip() + "." for s in body.split(".") if s.strip()]:
                start = body.index(sentence, cursor)
                cursor = start + len(sentence)
                claims.append(
                    Claim(
                        article=article, start=start, end=cursor, text=sentence,
                        checkworthiness=0.7,
                    )
                )  # fmt: skip
        Claim.objects.bulk_create(claims)
        submitted = claims[::5]
        for claim in submitted:
            claim.status = ClaimStatus.SUBMITTED
            claim.submitted_by = reviewer
            claim.submitted_at = now
        Claim.objects.bulk_update(submitted, ["status", "submitted_by", "submitted_at"])
        Rating.objects.bulk_create(
            Rating(claim=claim, reviewer=reviewer, label=label, submitted_at=now)
            for claim in submitted
        )
    # The measured editor edits the first desk and the middle one.
    editor = people[0]
    Membership.objects.create(workspace=made[desks // 2], user=editor, role="editor")
    return editor, made[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--members", type=int, default=10)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django("bench-desks")

    from django.test import Client

    from annotations.models import Article, Claim

    with throwaway_database() as connection:
        started = time.perf_counter()
        editor, desk = build(args.desks, args.members, args.articles)
        built = time.perf_counter() - started
        article = Article.objects.filter(workspace=desk).order_by("pk").first()
        client = Client()
        client.force_login(editor)
        print(
            f"database: {connection.vendor}; {args.desks} desks x {args.members} "
            f"members x {args.articles} articles ({Article.objects.count():,} "
            f"articles, {Claim.objects.count():,} claims, built in {built:.0f} s)"
        )
        print(f"median of {args.runs} runs after one warm-up, as an editor of 2 desks")
        load_before = os.getloadavg()[0]
        print(f"{'read':<34} {'ms':>8} {'queries':>8}")
        for label, url in (
            ("article page", f"/articles/{article.pk}/"),
            ("review queue (page)", "/review/"),
            ("API article list", "/api/v1/articles/"),
            (
                "API article list ?workspace=",
                f"/api/v1/articles/?workspace={desk.slug}",
            ),
            ("API review queue", "/api/v1/review-queue/"),
        ):
            ms, queries, _ = measure(client, url, args.runs)
            print(f"{label:<34} {ms:>8.1f} {queries:>8}")
        load_after = os.getloadavg()[0]
        print(f"load average (1 min): {load_before:.2f} before, {load_after:.2f} after")
    return 0


if __name__ == "__main__":
    sys.exit(main())
