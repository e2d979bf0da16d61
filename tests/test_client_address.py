"""The client's address behind a reverse proxy: derived one way (annotations/
clientaddress.py) for login lockouts, the token-failure pause and the API's rates;
X-Forwarded-For believed only from the proxies FACTCHECK_TRUSTED_PROXIES names."""

from __future__ import annotations

import ast
import base64
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import clientaddress
from tests import factories
from tests.conftest import ROOT

PASSWORD = "secret-pass-123"
PROXY = "10.0.0.5"


def address(remote: str, forwarded: str | None = None, *, trusted=()) -> str:
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **meta)
    return clientaddress.client_address(request)


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxies: the header is anyone's word and is ignored.
        ((), "198.51.100.9", "203.0.113.1", "198.51.100.9"),
        ((), PROXY, "203.0.113.1", PROXY),
        # From the trusted proxy: the entry it appended.
        ((PROXY,), PROXY, "203.0.113.1", "203.0.113.1"),
        # The client wrote its own entries first: the proxy's entry is the last one.
        ((PROXY,), PROXY, "1.1.1.1, 8.8.8.8, 203.0.113.1", "203.0.113.1"),
        # Two proxies, named as a network; the right-most untrusted entry wins.
        (("10.0.0.0/8",), PROXY, "192.0.2.1, 198.51.100.4, 10.1.2.3", "198.51.100.4"),
        # Not from a trusted proxy: whatever the header says, the connection counts.
        ((PROXY,), "198.51.100.9", "203.0.113.1", "198.51.100.9"),
        ((PROXY,), "10.0.0.6", "203.0.113.1", "10.0.0.6"),
        # No header from the proxy: the proxy itself is all that is known.
        ((PROXY,), PROXY, None, PROXY),
        # Ports, brackets, IPv6, IPv4 mapped into IPv6: one address each.
        ((PROXY,), PROXY, "203.0.113.1:51234", "203.0.113.1"),
        (("2001:db8::/32",), "2001:db8::5", "[2001:db8:1::9]:443, 2a00::7", "2a00::7"),
        (
            ("::ffff:10.0.0.0/104", PROXY),
            "::ffff:10.0.0.5",
            "203.0.113.2",
            "203.0.113.2",
        ),
        ((), "::ffff:198.51.100.9", None, "198.51.100.9"),
        # Garbage where a trusted proxy would have written an address: stop there.
        ((PROXY,), PROXY, "203.0.113.1, not-an-address", PROXY),
        ((PROXY,), PROXY, "not-an-address, 203.0.113.1", "203.0.113.1"),
        # Every hop trusted (a request from inside): the first of them.
        (("10.0.0.0/8",), PROXY, "10.9.9.9, 10.0.0.8", "10.9.9.9"),
    ],
)
def test_the_client_is_the_rightmost_untrusted_hop(
    settings, trusted, remote, forwarded, expected
):
    settings.FACTCHECK_TRUSTED_PROXIES = list(trusted)
    assert address(remote, forwarded) == expected


@pytest.mark.parametrize("remote", [None, "", "not-an-address"])
def test_a_connection_without_an_address_has_none(settings, remote):
    """None, not a made-up word: django-axes stores it in an address column."""
    settings.FACTCHECK_TRUSTED_PROXIES = [PROXY]
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.1")
    request.META.pop("REMOTE_ADDR")
    if remote is not None:
        request.META["REMOTE_ADDR"] = remote
    assert clientaddress.client_address(request) is None


@pytest.mark.django_db
def test_signing_in_without_a_connection_address_is_recorded_without_one(reviewer):
    """force_login (and any request Django builds itself) has no REMOTE_ADDR; the
    sign-in log keeps no address rather than one PostgreSQL's inet column refuses."""
    from axes.models import AccessLog

    Client().force_login(reviewer)
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == [None]


def _settings_with(**env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "-c", "import factcheck.settings"],
        cwd=ROOT, env=environment, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_malformed_trusted_proxy_stops_the_server_at_start():
    result = _settings_with(FACTCHECK_TRUSTED_PROXIES="10.0.0.5, proxy.internal")
    assert result.returncode != 0
    assert "'proxy.internal' is not an address or a CIDR network" in result.stderr


def test_the_old_proxy_count_is_refused_with_what_to_set_instead():
    result = _settings_with(FACTCHECK_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "replaced by FACTCHECK_TRUSTED_PROXIES" in result.stderr
    assert _settings_with(FACTCHECK_PROXY_COUNT="0").returncode == 0
    good = _settings_with(FACTCHECK_TRUSTED_PROXIES="10.0.0.5,172.16.0.0/12,::1")
    assert good.returncode == 0, good.stderr


# --- the limits, behind a proxy ---------------------------------------------------


@pytest.fixture
def behind_proxy(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 3
    cache.clear()
    yield
    cache.clear()


def via_proxy(client_ip: str, cls=Client, **extra):
    return cls(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_ip, **extra)


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_one_clients_wrong_passwords_do_not_lock_out_another_behind_the_proxy(
    behind_proxy,
):
    factories.UserFactory(username="rita", role="reviewer")
    attacker = via_proxy("203.0.113.66")
    for _ in range(3):
        _login(attacker, "rita", "wrong")
    assert _login(attacker, "rita", PASSWORD).status_code == 429
    assert _login(via_proxy("198.51.100.20"), "rita", PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.66"
    }


def _basic(client, username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    client.credentials(HTTP_AUTHORIZATION=f"Basic {token}")
    return client.get("/api/v1/gaps/")


@pytest.mark.django_db
def test_http_basic_lockouts_count_each_client_behind_the_proxy_apart(behind_proxy):
    factories.UserFactory(username="rita", role="reviewer")
    attacker = via_proxy("203.0.113.66", APIClient)
    for _ in range(3):
        _basic(attacker, "rita", "wrong")
    assert _basic(attacker, "rita", PASSWORD).status_code == 429
    assert _basic(
        via_proxy("198.51.100.20", APIClient), "rita", PASSWORD
    ).status_code == (200)


@pytest.mark.django_db
def test_one_clients_wrong_tokens_do_not_pause_another_behind_the_proxy(
    behind_proxy, settings
):
    settings.FACTCHECK_TOKEN_FAILURE_LIMIT = 2
    from annotations import services

    rita = factories.UserFactory(username="rita", role="reviewer")
    _token, key = services.api_token_create(user=rita, name="script")
    guesser = via_proxy("203.0.113.66", APIClient)
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    for _ in range(2):
        assert guesser.get("/api/v1/gaps/").status_code == 401
    assert guesser.get("/api/v1/gaps/").status_code == 429
    honest = via_proxy("198.51.100.20", APIClient)
    honest.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert honest.get("/api/v1/gaps/").status_code == 200


@pytest.fixture
def anon_limit(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    # DRF reads the rates once, at import: set them on the class for this test.
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_anonymous_limit(
    behind_proxy, anon_limit
):
    """From an untrusted address the header is ignored, however it changes."""
    answers = [
        APIClient(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        .get("/api/v1/reports/")
        .status_code
        for n in range(5)
    ]
    assert answers == [200, 200, 200, 429, 429]


@pytest.mark.django_db
def test_the_anonymous_limit_counts_each_client_behind_the_proxy_apart(
    behind_proxy, anon_limit
):
    first = via_proxy("203.0.113.1", APIClient)
    assert [first.get("/api/v1/reports/").status_code for _ in range(4)] == [
        200, 200, 200, 429,
    ]  # fmt: skip
    second = via_proxy("1.1.1.1, 203.0.113.2", APIClient)  # its own spoof is ignored
    assert second.get("/api/v1/reports/").status_code == 200
    spoofing_first = via_proxy("203.0.113.1, 203.0.113.3", APIClient)
    assert spoofing_first.get("/api/v1/reports/").status_code == 200
    assert (
        via_proxy("203.0.113.3, 203.0.113.1", APIClient)
        .get("/api/v1/reports/")
        .status_code
        == 429
    )


# --- one function ---------------------------------------------------------------------


@pytest.mark.django_db
def test_lockouts_token_pauses_and_rates_all_ask_the_same_function(
    behind_proxy, anon_limit, monkeypatch, settings
):
    """Replace the one function and every limit follows it."""
    settings.FACTCHECK_TOKEN_FAILURE_LIMIT = 1
    asked = []

    def fixed(request):
        asked.append(request.META.get("PATH_INFO"))
        return "192.0.2.77"

    monkeypatch.setattr(clientaddress, "client_address", fixed)
    factories.UserFactory(username="rita", role="reviewer")
    _login(Client(), "rita", "wrong")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "192.0.2.77"
    ]
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    guesser.get("/api/v1/gaps/")
    assert cache.get("api-token-failures:192.0.2.77") == 1
    for _ in range(3):
        APIClient(REMOTE_ADDR=f"198.51.100.{len(asked)}").get("/api/v1/reports/")
    # Three addresses, one client as far as the function says: the fourth is refused.
    assert APIClient(REMOTE_ADDR="198.51.100.250").get(
        "/api/v1/reports/"
    ).status_code == (429)
    assert "/accounts/login/" in asked
    assert "/api/v1/reports/" in asked


SOURCES = [
    path
    for folder in ("annotations", "desk", "api", "reports", "factcheck")
    for path in (ROOT / folder).rglob("*.py")
    if "migrations" not in path.parts
]


def test_nothing_else_reads_the_connection_address_or_the_forwarded_header():
    readers = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in {
                "REMOTE_ADDR",
                "HTTP_X_FORWARDED_FOR",
            }:
                readers.append(str(path.relative_to(ROOT)))
    assert sorted(set(readers)) == ["annotations/clientaddress.py"]


def test_axes_and_drf_are_configured_to_ask_it(settings):
    from rest_framework.settings import api_settings

    assert settings.AXES_CLIENT_IP_CALLABLE == (
        "annotations.clientaddress.client_address"
    )
    for throttle in api_settings.DEFAULT_THROTTLE_CLASSES:
        assert throttle.get_ident.__module__ == "api.throttling"
