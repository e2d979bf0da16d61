"""Security headers, the API docs served from our own files, and API tokens."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.errors import NotFound
from annotations.models import ApiToken
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/reports/", "/api/v1/reports/", "/api/docs/"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_template_has_an_inline_script_or_handler():
    """The CSP refuses inline scripts: no template may rely on one."""
    import re

    from tests.conftest import ROOT

    pattern = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*ld\+json)|\son[a-z]+=", re.I)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize("path", ["/api/docs/", "/api/docs/redoc/"])
def test_the_api_docs_load_nothing_from_third_parties(client, path):
    html = client.get(path).content.decode()
    assert "https://" not in html.replace("https://schema", "")
    assert "/static/drf_spectacular_sidecar/" in html


def test_the_redoc_page_loads_its_offline_guard_first(client):
    """The guard that keeps Redoc's remote logo from being fetched runs before
    Redoc (the browser test proves nothing remote is asked for)."""
    html = client.get("/api/docs/redoc/").content.decode()
    guard = html.index("/static/annotations/redoc-offline.js")
    assert guard < html.index("redoc.standalone.js")


def test_a_person_makes_names_uses_and_revokes_their_tokens(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("account-tokens"), {"name": "CMS import"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["new_key"]
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=reviewer)
    assert token.key_digest != key
    assert token.prefix == key[:8]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/gaps/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    page = client.get(reverse("account-tokens")).content.decode()
    assert key not in page  # shown once only
    assert "CMS import" in page
    client.post(reverse("account-tokens"), {"action": "revoke", "token_id": token.pk})
    assert api.get("/api/v1/gaps/").status_code == 401


def test_nobody_revokes_someone_elses_token(reviewer, editor):
    token, _key = services.api_token_create(user=reviewer, name="Mine")
    with pytest.raises(NotFound):
        services.api_token_revoke(user=editor, token_id=token.pk)
    token.refresh_from_db()
    assert token.is_active


def test_a_token_needs_a_name_and_readers_get_none(client):
    reviewer = factories.UserFactory(username="r", role="reviewer")
    client.force_login(reviewer)
    response = client.post(reverse("account-tokens"), {"name": "  "})
    assert response.status_code == 400
    assert "Name the token" in response.content.decode()
    client.force_login(factories.UserFactory(username="reader"))
    assert client.get(reverse("account-tokens")).status_code == 403
