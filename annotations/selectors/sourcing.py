"""Reads that help a reviewer source a claim: duplicate imports, and claims already
checked in other articles."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import OuterRef, Q

from annotations import policies
from annotations.extraction import similarity
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    RatingLabel,
    Verdict,
    Workspace,
)
from annotations.selectors.core import count_subquery


def duplicate_article(
    *, workspace, normalized_url: str = "", fingerprint: str = ""
) -> tuple[Article, str] | None:
    """The article already in `workspace` (a desk or its id) with this normalized
    URL or this body fingerprint, and which matched ("url" wins over "text"); None
    when there is none. One indexed query."""
    match = Q()
    if normalized_url:
        match |= Q(normalized_url=normalized_url)
    if fingerprint:
        match |= Q(body_fingerprint=fingerprint)
    if not match:
        return None
    found = list(
        Article.objects.filter(match, workspace=workspace)
        .only("pk", "title", "url", "normalized_url", "body_fingerprint")
        .order_by("created_at", "pk")[:20]
    )
    by_url = [a for a in found if normalized_url and a.normalized_url == normalized_url]
    if by_url:
        return by_url[0], "url"
    return (found[0], "text") if found else None


# --- already checked -----------------------------------------------------------------

# Trigram similarity (0 to 1) from which an approved claim elsewhere is shown as
# "already checked": measured on paraphrase and non-paraphrase pairs in
# tests/test_similarity.py and docs/ARTICLE_PAGE.md. pg_trgm's `%` operator, which the
# index serves, keeps pairs at or above its own similarity_threshold (0.3 by
# default), so this is never set lower than that.
ALREADY_CHECKED_THRESHOLD = 0.5
ALREADY_CHECKED_LIMIT = 3
# Without PostgreSQL the similarity is computed in Python over the most recently
# approved claims, at most this many.
ALREADY_CHECKED_CANDIDATES = 2000


@dataclass(frozen=True)
class CheckedMatch:
    """An approved claim of another article that resembles a claim."""

    claim_id: int
    article_id: int
    article_title: str
    text: str
    label_name: str
    label_slug: str
    polarity: str
    similarity: float
    citation_count: int

    @property
    def percent(self) -> int:
        return round(100 * self.similarity)


def _threshold() -> float:
    value = getattr(
        settings, "FACTCHECK_ALREADY_CHECKED_THRESHOLD", ALREADY_CHECKED_THRESHOLD
    )
    return min(max(float(value), 0.3), 1.0)


def already_checked(
    claims: Iterable[Claim],
    *,
    viewer,
    desk=None,
    limit: int = ALREADY_CHECKED_LIMIT,
) -> dict[int, list[CheckedMatch]]:
    """For each claim, the approved claims of *other* articles most like it (at or
    above the threshold, most similar first, at most `limit`), with their verdict.

    One query whatever the number of claims, so a list of claims can show them all:
    on PostgreSQL a lateral join over the trigram index; elsewhere the candidates in
    one query and the similarity in Python (annotations.extraction.similarity, the same
    number).
    Only articles the viewer may read are searched, plus, when `desk` (the desk the
    matches are shown in) shares its checks, the articles of every other desk that
    shares (`policies.sees_shared_checks`). Claims not of kind claim get nothing.
    """
    shared = policies.sees_shared_checks(viewer, desk)
    wanted = [c for c in claims if c.kind == Claim.Kind.CLAIM and c.text.strip()]
    if not wanted or limit < 1:
        return {}
    threshold = _threshold()
    if connection.vendor == "postgresql":
        rows = _matches_postgresql(wanted, threshold, limit, viewer, shared)
    else:
        rows = _matches_portable(wanted, threshold, limit, viewer, shared)
    found: dict[int, list[CheckedMatch]] = {}
    for claim_id, match in rows:
        found.setdefault(claim_id, []).append(match)
    return found


def _matches_postgresql(claims, threshold, limit, viewer, shared):
    claim_table = Claim._meta.db_table
    article_table = Article._meta.db_table
    # The same articles as policies.visible_articles_filter, in this query's SQL: a
    # member's desks, what is published for anyone else, everything for an
    # instance admin.
    desks = policies.working_desk_ids(viewer)
    if desks is None:
        visible = ""
    elif desks:
        visible = (
            f"AND o.article_id IN (SELECT id FROM {article_table} "
            "WHERE workspace_id = ANY(%s::bigint[]))"
        )
    else:
        visible = (
            f"AND o.article_id IN (SELECT id FROM {article_table} "
            "WHERE published_at IS NOT NULL)"
        )
    if shared and desks is not None:
        # The desks that share their checks, as `_shared_desks` says for the ORM.
        visible = (
            visible.replace("AND o.article_id IN", "AND (o.article_id IN", 1)
            + f" OR o.article_id IN (SELECT sa.id FROM {article_table} sa "
            f"JOIN {Workspace._meta.db_table} sw ON sw.id = sa.workspace_id "
            "WHERE sw.settings -> 'share_already_checked' = 'true'::jsonb))"
        )
    # The claims come in as arrays (their text as the caller has it, saved or not).
    # Table names come from the models; every value is a query parameter.
    sql = f"""
        SELECT c.id, m.id, m.article_id, a.title, m.text, l.name, l.slug,
               l.polarity, m.sim,
               (SELECT COUNT(*) FROM {Citation._meta.db_table} ci
                WHERE ci.claim_id = m.id)
        FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS c(id, article_id, text)
        CROSS JOIN LATERAL (
            SELECT o.id, o.article_id, o.text, similarity(o.text, c.text) AS sim
            FROM {claim_table} o
            WHERE o.status = %s
              AND o.text %% c.text
              AND o.article_id <> c.article_id
              AND o.kind = %s
              AND o.dismissed_at IS NULL
              AND EXISTS (SELECT 1 FROM {Verdict._meta.db_table} v0
                          WHERE v0.claim_id = o.id)
              {visible}
            ORDER BY sim DESC, o.id
            LIMIT %s
        ) m
        JOIN {Verdict._meta.db_table} v ON v.claim_id = m.id
        JOIN {RatingLabel._meta.db_table} l ON l.id = v.label_id
        JOIN {article_table} a ON a.id = m.article_id
        WHERE m.sim >= %s
        ORDER BY c.id, m.sim DESC, m.id
    """
    params = [
        [c.pk for c in claims],
        [c.article_id for c in claims],
        [c.text for c in claims],
        ClaimStatus.APPROVED,
        Claim.Kind.CLAIM,
        *([desks] if desks else []),
        limit,
        threshold,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(row[0], CheckedMatch(*row[1:8], float(row[8]), row[9])) for row in rows]


def _shared_desks() -> Q:
    """Claims of the desks that share their checks."""
    return Q(article__workspace__settings__share_already_checked=True)


def _matches_portable(claims, threshold, limit, viewer, shared):
    visible = policies.visible_claims_filter(viewer)
    candidates = Claim.objects.filter(
        visible | _shared_desks() if shared else visible,
        status=ClaimStatus.APPROVED,
        kind=Claim.Kind.CLAIM,
        dismissed_at__isnull=True,
        verdict__isnull=False,
    )
    rows = list(
        candidates.annotate(
            n_citations=count_subquery(
                Citation.objects.filter(claim=OuterRef("pk")), "claim"
            )
        )
        .order_by("-verdict__approved_at", "-pk")
        .values_list(
            "pk", "article_id", "article__title", "text", "verdict__label__name",
            "verdict__label__slug", "verdict__label__polarity", "n_citations",
        )[:ALREADY_CHECKED_CANDIDATES]
    )  # fmt: skip
    # Candidates in the PostgreSQL query's tie order (claim id).
    rows.sort(key=lambda row: row[0])
    by_id = {row[0]: row for row in rows}
    grams = [(row[0], row[1], similarity.trigrams(row[3])) for row in rows]
    found = []
    for claim in claims:
        others = [
            (pk, g) for pk, article_id, g in grams if article_id != claim.article_id
        ]
        for key, score in similarity.best_matches(
            claim.text, others, threshold=threshold, limit=limit
        ):
            pk, article_id, title, text, name, slug, polarity, n = by_id[key]
            found.append(
                (
                    claim.pk,
                    CheckedMatch(
                        pk, article_id, title, text, name, slug, polarity,
                        similarity=score, citation_count=n,
                    ),
                )
            )  # fmt: skip
    return found
