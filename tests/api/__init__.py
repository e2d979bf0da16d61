"""Helpers shared by the API tests: clients per role, articles of any size."""

from __future__ import annotations

import base64

from django.contrib.auth.models import User
from rest_framework.test import APIClient

from annotations.models import (
    Article,
    Citation,
    Claim,
    Rating,
    RatingLabel,
    Source,
    SourcingGap,
)

API = "/api/v1"


def client_for(user=None, *, basic_password: str | None = None) -> APIClient:
    """An API client signed in as `user` (HTTP Basic when a password is given)."""
    client = APIClient()
    if user is None:
        return client
    if basic_password is not None:
        token = base64.b64encode(f"{user.username}:{basic_password}".encode()).decode()
        client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    else:
        client.force_authenticate(user)
    return client


def counts() -> dict[str, int]:
    """Row counts of everything an API write could touch."""
    return {
        model.__name__: model.objects.count()
        for model in (Article, Claim, Source, Citation, Rating, SourcingGap)
    }


def build_article(
    n_claims: int, *, citations_per_claim: int = 2, published: bool = False
) -> Article:
    """An article with n claims, each citing its own sources, rated and with a gap."""
    from django.utils import timezone

    sentence = "Officials said spending rose by {n} percent in {n} districts."
    pieces, offsets, cursor = [], [], 0
    for n in range(n_claims):
        text = sentence.format(n=n)
        offsets.append((cursor, cursor + len(text)))
        pieces.append(text)
        cursor += len(text) + 1
    body = " ".join(pieces)
    article = Article.objects.create(
        title=f"Big {n_claims}",
        body=body,
        published_at=timezone.now() if published else None,
    )
    Claim.objects.bulk_create(
        Claim(article=article, start=s, end=e, text=body[s:e], checkworthiness=0.5)
        for s, e in offsets
    )
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    sources = Source.objects.bulk_create(
        Source(
            title=f"S{i}",
            url=f"https://s{i}.example.org/{n_claims}",
            normalized_url=f"https://s{i}.example.org/{n_claims}",
        )
        for i in range(n_claims * citations_per_claim)
    )
    Citation.objects.bulk_create(
        Citation(
            claim=claims[i // citations_per_claim], source=source, stance="supports"
        )
        for i, source in enumerate(sources)
    )
    reviewer = User.objects.create(username=f"bulk{n_claims}")
    label = RatingLabel.objects.get(scale__is_default=True, slug="true")
    Rating.objects.bulk_create(
        Rating(claim=c, reviewer=reviewer, label=label) for c in claims
    )
    now = timezone.now()
    SourcingGap.objects.bulk_create(
        SourcingGap(claim=c, kind="single_source", opened_at=now, last_seen_at=now)
        for c in claims
    )
    return article
