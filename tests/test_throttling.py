"""Brute force and floods: locked-out logins, paused token guessing, API rates."""

import base64

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "secret-pass-123"


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.AXES_FAILURE_LIMIT = 5
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rita(db):
    return factories.UserFactory(username="rita", role="reviewer")


@pytest.fixture
def ada(db):
    return factories.UserFactory(username="ada", role="admin")


def _login(client, url, username, password):
    return client.post(url, {"username": username, "password": password})


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_repeated_wrong_passwords_lock_the_account_out_with_a_clear_message(
    url_name, rita, ada
):
    """After the limit even the right password is refused, and the page says when
    to try again; the lockout is for that name from that address only."""
    user = ada if url_name == "admin:login" else rita
    url = reverse(url_name)
    client = Client()
    for _ in range(4):
        response = _login(client, url, user.username, "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert _login(client, url, user.username, "wrong").status_code == 429
    locked = _login(client, url, user.username, PASSWORD)
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.content.decode()
    assert locked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    other = factories.UserFactory(username="sam", role="reviewer")
    assert (
        _login(Client(), reverse("login"), other.username, PASSWORD).status_code == 302
    )


def test_a_right_password_before_the_limit_resets_the_count(rita):
    client = Client()
    for _ in range(4):
        _login(client, reverse("login"), "rita", "wrong")
    assert _login(client, reverse("login"), "rita", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, reverse("login"), "rita", "wrong")
    assert _login(client, reverse("login"), "rita", PASSWORD).status_code == 302


def _basic(username, password) -> APIClient:
    client = APIClient()
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return client


def test_http_basic_on_the_api_is_locked_out_too(rita):
    for _ in range(4):
        assert _basic("rita", "wrong").get("/api/v1/gaps/").status_code == 401
    assert _basic("rita", "wrong").get("/api/v1/gaps/").status_code == 429
    locked = _basic("rita", PASSWORD).get("/api/v1/gaps/")
    assert locked.status_code == 429
    assert locked.json()["code"] == "locked_out"
    assert "Try again" in locked.json()["detail"]


def test_guessing_api_tokens_is_paused(rita, settings):
    settings.FACTCHECK_TOKEN_FAILURE_LIMIT = 3
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for _ in range(3):
        assert client.get("/api/v1/gaps/").status_code == 401
    paused = client.get("/api/v1/gaps/")
    assert paused.status_code == 429
    assert int(paused["Retry-After"]) > 0
    assert "Too many wrong API tokens" in paused.json()["detail"]


def test_anonymous_api_traffic_is_rate_limited(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    # DRF reads the rates once, at import: set them on the class for this test.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
    client = APIClient()
    answers = [client.get("/api/v1/reports/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
