"""The cache degrades instead of failing (factcheck/cache.py): with the cache server
down, every call is served from a memory cache of the process, the API and the
public report keep answering, and the outage is logged once."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from factcheck.cache import FailSafeCache
from tests import factories
from tests.support_jobs import RedisServer, free_port
from tests.worker import CLOSED_BROKER_URL

REDIS = "django.core.cache.backends.redis.RedisCache"


def failsafe(location: str, *, retry: float = 60.0) -> FailSafeCache:
    return FailSafeCache(
        location,
        {
            "TIMEOUT": 300,
            "OPTIONS": {
                "BACKEND": REDIS,
                "RETRY_SECONDS": retry,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        },
    )


@pytest.fixture
def dead_redis_cache(settings):
    """This process's cache is a Redis nobody listens on."""
    settings.CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.FailSafeCache",
            "LOCATION": CLOSED_BROKER_URL,
            "OPTIONS": {
                "BACKEND": REDIS,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            },
        }
    }
    return cache


def test_a_dead_cache_answers_from_memory_and_says_so_once(caplog):
    dead = failsafe(CLOSED_BROKER_URL)
    with caplog.at_level(logging.ERROR, logger="factcheck.cache"):
        assert dead.get("missing", "default") == "default"
        dead.set("key", [1, 2])
        assert dead.get("key") == [1, 2]
        assert dead.add("counter", 1)
        assert dead.incr("counter") == 2
        for _ in range(50):
            dead.get("key")
    assert not dead.reachable
    assert caplog.text.count("The cache (RedisCache) is unreachable") == 1
    # No address or secret of the cache server in what is logged.
    assert CLOSED_BROKER_URL not in caplog.text


def test_large_values_are_not_kept_in_every_process_s_memory():
    dead = failsafe(CLOSED_BROKER_URL)
    dead.set("pdf", b"%PDF" + b"x" * 300_000)
    assert dead.get("pdf") is None
    dead.set("small", b"%PDF")
    assert dead.get("small") == b"%PDF"


def test_the_real_cache_is_used_again_once_it_answers(tmp_path, caplog):
    """Down at first (the fallback serves), then started: after the retry period
    the next call reaches it, and the return is logged once."""
    redis = RedisServer(tmp_path)
    shared = failsafe(redis.url(1), retry=0)
    with caplog.at_level(logging.WARNING, logger="factcheck.cache"):
        shared.set("key", "kept in memory")
        assert not shared.reachable
        redis.start()
        try:
            shared.set("key", "kept in Redis")
            assert shared.reachable
            assert shared.primary.get("key") == "kept in Redis"
            assert shared.get("key") == "kept in Redis"
            redis.stop()
            assert shared.get("key") == "kept in memory"
            assert not shared.reachable
        finally:
            if redis.process is not None:
                redis.stop()
    assert caplog.text.count("answers again") == 1
    assert caplog.text.count("is unreachable") == 2


def test_a_failed_cache_is_not_tried_again_within_the_retry_period(monkeypatch):
    """During an outage one call per retry period waits on the dead server."""
    dead = failsafe(f"redis://127.0.0.1:{free_port()}/0", retry=3600)
    attempts = []
    get = dead.primary.get
    monkeypatch.setattr(
        dead.primary, "get", lambda *a, **k: attempts.append(1) or get(*a, **k)
    )
    for _ in range(20):
        dead.get("key")
    assert len(attempts) == 1


@pytest.mark.django_db
def test_the_api_writes_and_answers_with_the_cache_down(dead_redis_cache, monkeypatch):
    """The request limiter counts in the cache: with it down, an API write is
    saved and answered (not a 500), and the limits still hold, per process."""
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min"})
    reviewer = factories.UserFactory(role="reviewer")
    claim, *_ = factories.claims_for(factories.ArticleFactory(), checkworthiness=0.9)
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.post(
        "/api/v1/citations/",
        {
            "claim": claim.pk,
            "source_url": "https://wire.example/story",
            "source_title": "Wire story",
            "stance": "supports",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert claim.citations.count() == 1
    assert api.get("/api/v1/articles/").status_code == 200
    assert api.get("/api/v1/articles/").status_code == 200
    assert api.get("/api/v1/articles/").status_code == 429


@pytest.mark.django_db
def test_wrong_api_tokens_are_still_counted_with_the_cache_down(
    dead_redis_cache, settings
):
    settings.FACTCHECK_TOKEN_FAILURE_LIMIT = 2
    api = APIClient(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/v1/articles/").status_code == 401
    assert api.get("/api/v1/articles/").status_code == 401
    assert api.get("/api/v1/articles/").status_code == 429


@pytest.mark.django_db
def test_the_public_report_and_its_exports_answer_with_the_cache_down(
    dead_redis_cache, client, reviewer, editor
):
    from reports import services as report_services
    from tests.report_fixtures import approve_claim

    claim, *_ = factories.claims_for(factories.ArticleFactory(), checkworthiness=0.9)
    approve_claim(claim, reviewer=reviewer, editor=editor)
    report_services.article_publish(
        article=claim.article, user=editor, override_reason="One claim first."
    )
    article = claim.article_id
    assert client.get(reverse("report-detail", args=[article])).status_code == 200
    for identifier in ("md", "json", "csv"):
        response = client.get(f"/reports/{article}/export/{identifier}/")
        assert response.status_code == 200, identifier
    assert client.get(f"/api/v1/reports/{article}/export/md/").status_code == 200
