"""Helpers shared by the API tests: clients per role, articles of any size."""

from __future__ import annotations

import base64

from rest_framework.test import APIClient

from annotations.models import (
    Article,
    Citation,
    Claim,
    Rating,
    Source,
    SourcingGap,
)
from tests import factories

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
    """An article of n claims made in bulk; every claim has an open gap."""
    return factories.big_article(
        n_claims,
        citations_per_claim=citations_per_claim,
        gap_every=1,
        published=published,
    )
