"""Who may call what (docs/ROLES.md): anyone reads published articles only."""

import io

import pytest
from django.utils import timezone

from annotations import services
from tests import factories
from tests.api import API, client_for, counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(reviewer):
    body = "The council approved a budget of $3 million on Monday."
    draft = services.article_create(title="Draft", body=body, created_by=reviewer)
    published = services.article_create(
        title="Out", body=body, created_by=reviewer, allow_duplicate=True
    )
    published.published_at = timezone.now()
    published.save(update_fields=["published_at"])
    return draft, published


@pytest.fixture
def reader(db):
    return factories.UserFactory(username="reader")


@pytest.mark.parametrize(("who", "status"), [("anonymous", 401), ("reader", 403)])
def test_the_desks_article_and_claim_reads_are_closed_to_the_public(
    articles, reader, who, status
):
    """Articles and claims carry internal state (ratings, gaps, workflow): the
    public reads published reports under /reports/ instead."""
    draft, published = articles
    api = client_for(None if who == "anonymous" else reader)
    for path in (
        "articles/",
        f"articles/{published.pk}/",
        f"articles/{draft.pk}/",
        f"articles/{published.pk}/claims/",
        "claims/",
        f"claims/{published.claims.first().pk}/",
    ):
        assert api.get(f"{API}/{path}").status_code == status, path


@pytest.mark.parametrize(
    "path",
    ["sources/", "citations/", "ratings/", "rating-labels/", "gaps/"],
)
def test_anonymous_callers_get_401_with_a_basic_challenge(path):
    response = client_for(None).get(f"{API}/{path}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize("path", ["sources/", "gaps/", "rating-labels/"])
def test_signed_in_readers_without_a_role_get_403(reader, path):
    assert client_for(reader).get(f"{API}/{path}").status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_only_reviewers_write_even_on_published_articles(articles, reader, who):
    _, published = articles
    claim = published.claims.first()
    api = client_for(None if who == "anonymous" else reader)
    expected = 401 if who == "anonymous" else 403
    before = counts()
    writes = [
        ("post", "articles/", {"text": "A new article."}),
        ("post", "claims/", {"article": published.pk, "start": 0, "end": 5}),
        ("post", f"claims/{claim.pk}/dismiss/", {"reason": "x", "version": 1}),
        ("post", "sources/", {"title": "x"}),
        ("post", "ratings/", {"claim": claim.pk, "label": "true"}),
    ]
    for method, path, payload in writes:
        response = getattr(api, method)(f"{API}/{path}", payload, format="json")
        assert response.status_code == expected, path
    assert counts() == before


def test_basic_auth_works_with_the_right_password_only(articles, reviewer):
    good = client_for(reviewer, basic_password="secret-pass-123")
    assert good.get(f"{API}/gaps/").status_code == 200
    bad = client_for(reviewer, basic_password="wrong")
    assert bad.get(f"{API}/gaps/").status_code == 401


def test_token_auth_works_until_the_token_is_revoked(articles, reviewer):
    """An integration's token authenticates as its user; a deleted token does not."""
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    call_command("drf_create_token", reviewer.username, stdout=io.StringIO())
    token = Token.objects.get(user=reviewer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"{API}/gaps/").status_code == 200
    token.delete()
    assert api.get(f"{API}/gaps/").status_code == 401


def test_session_writes_need_the_csrf_token(articles, reviewer):
    """A signed-in browser session may write only with Django's CSRF token."""
    from rest_framework.test import APIClient

    api = APIClient(enforce_csrf_checks=True)
    api.force_login(reviewer)
    response = api.post(f"{API}/sources/", {"title": "x"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.data["detail"]
    assert api.get(f"{API}/sources/").status_code == 200


def test_editors_and_admins_have_full_access(articles, editor, admin_user):
    draft, _ = articles
    for user in (editor, admin_user):
        api = client_for(user)
        assert api.get(f"{API}/articles/{draft.pk}/").status_code == 200
        assert api.get(f"{API}/gaps/").status_code == 200
