"""A deactivated account is nobody: no token of it, no password, no session it had
open lets it read or change anything, on any endpoint the URLconf serves."""

from __future__ import annotations

import base64

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Notification, RatingLabel, SourcingGap
from api.permissions import CanUseAccount
from tests import factories
from tests.urlsweep import endpoints

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture
def world(settings, editor):
    # The sweep sends many refused credentials from one address: it is about who
    # may come in, not about the lockouts (tests/test_throttling.py).
    settings.AXES_FAILURE_LIMIT = 100_000
    settings.FACTCHECK_TOKEN_FAILURE_LIMIT = 100_000
    cache.clear()
    rita = factories.UserFactory(username="rita", role="reviewer")
    article = factories.ArticleFactory()
    claim = factories.claims_for(article)[0]
    source = factories.SourceFactory()
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=rita
    )
    label = RatingLabel.objects.get(scale__is_default=True, slug="true")
    rating = services.rating_set(claim=claim, reviewer=rita, label=label)
    services.comment_add(claim=claim, user=editor, body="@rita please look")
    _api_token, key = services.api_token_create(user=rita, name="newsroom script")
    drf_key = Token.objects.create(user=rita).key
    session = Client()
    session.force_login(rita)
    api_session = APIClient()
    api_session.force_login(rita)
    rita.is_active = False
    rita.save(update_fields=["is_active"])
    gap = SourcingGap.objects.create(
        claim=claim, kind="no_archive", opened_at=claim.updated_at,
        last_seen_at=claim.updated_at,
    )  # fmt: skip
    objects = {
        "article": article.pk,
        "claim": claim.pk,
        "source": source.pk,
        "citation": citation.pk,
        "rating": rating.pk,
        "gap": gap.pk,
        "notification": Notification.objects.get(recipient=rita).pk,
        "revision": 1,
        "export": "json",
        "invitation": "no-such-key",
        "desk": article.workspace.slug,
        # A capture no revision cites: its public address answers 404.
        "capture": factories.CaptureFactory(source_id=source.pk).pk,
    }
    delivery = factories.failed_delivery(article.workspace)
    objects["webhook"], objects["delivery"] = delivery.webhook_id, delivery.pk
    return {
        "rita": rita,
        "objects": objects,
        "token": key,
        "drf_token": drf_key,
        "session": session,
        "api_session": api_session,
    }


def _client(how: str, world) -> APIClient:
    if how == "session":
        return world["api_session"]
    client = APIClient()
    if how == "named token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {world['token']}")
    elif how == "DRF token":
        client.credentials(HTTP_AUTHORIZATION=f"Token {world['drf_token']}")
    elif how == "HTTP Basic":
        basic = base64.b64encode(f"rita:{PASSWORD}".encode()).decode()
        client.credentials(HTTP_AUTHORIZATION=f"Basic {basic}")
    return client


def _call(client, method: str, path: str) -> int:
    if method == "GET":
        return client.get(path).status_code
    return client.post(path, {}, format="json").status_code


API = [endpoint for endpoint in endpoints() if endpoint.api]


def test_the_sweep_covers_the_whole_api():
    """Every resource the routers register, and the schema and docs around them."""
    from api.urls import reports_router, router

    names = {endpoint.name for endpoint in API}
    for prefix, _viewset, basename in [*router.registry, *reports_router.registry]:
        assert any(name.startswith(basename) for name in names), prefix
    assert {"api-root", "api-schema", "api-docs"} <= names


@pytest.mark.parametrize("how", ["named token", "DRF token", "HTTP Basic"])
def test_no_credential_of_a_deactivated_account_is_accepted_anywhere(world, how):
    """Every API endpoint, read and write: 401, as for a wrong credential."""
    client = _client(how, world)
    answers = {
        (method, endpoint.route): _call(client, method, endpoint.path(world["objects"]))
        for endpoint in API
        for method in ("GET", "POST")
    }
    accepted = {where: status for where, status in answers.items() if status != 401}
    assert accepted == {}


def test_a_session_open_before_deactivation_is_nobodys(world):
    """The session still exists, but it signs nobody in: every API endpoint and
    every page answers exactly as it answers an anonymous visitor."""
    anonymous_api, anonymous_page = APIClient(), Client()
    differences = {}
    for endpoint in endpoints():
        path = endpoint.path(world["objects"])
        if endpoint.api:
            for method in ("GET", "POST"):
                theirs = _call(world["api_session"], method, path)
                nobody = _call(anonymous_api, method, path)
                if theirs != nobody:
                    differences[(method, path)] = (theirs, nobody)
        else:
            theirs = world["session"].get(path)
            nobody = anonymous_page.get(path)
            if (theirs.status_code, theirs.get("Location")) != (
                nobody.status_code,
                nobody.get("Location"),
            ):
                differences[("GET", path)] = (theirs.status_code, nobody.status_code)
    assert differences == {}


def test_the_permissions_refuse_a_deactivated_account_too(world):
    """Behind the authentication, the permissions ask the same question: were an
    authentication class ever to let a deactivated account through, it would still
    read nothing a visitor cannot."""
    forced = APIClient()
    forced.force_authenticate(world["rita"])
    anonymous = APIClient()
    for endpoint in API:
        path = endpoint.path(world["objects"])
        for method in ("GET", "POST"):
            theirs, nobody = _call(forced, method, path), _call(anonymous, method, path)
            if nobody in (401, 403):
                assert theirs in (401, 403), (method, path, theirs)
            else:
                assert theirs == nobody, (method, path, theirs, nobody)


def test_is_signed_in_asks_whether_the_account_is_active(world):
    request = type("Request", (), {"user": world["rita"]})()
    assert not CanUseAccount().has_permission(request, view=None)
    world["rita"].is_active = True
    assert CanUseAccount().has_permission(request, view=None)
