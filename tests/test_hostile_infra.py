"""Requests that used to answer 500 answer in words: NUL in credentials and headers,
a host the site does not serve, OPTIONS on the API docs, annotations whose "type"
is not text, a slow page imported by URL, and a database that is restarting."""

import base64
import http.server
import json
import logging
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import selectors, services
from annotations.models import Article
from tests import factories

pytestmark = pytest.mark.django_db


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/", "/api/v1/reports/", "/api/v1/claims/1/", "/api/v1/"]
)
@pytest.mark.parametrize("credentials", [("a\x00b", "pw"), ("rita", "p\x00w")])
def test_a_nul_in_basic_credentials_is_a_401_on_every_endpoint(
    client, reviewer, path, credentials
):
    """The lockout lookup used to hand the name to the database (PostgreSQL
    refuses NUL: 500)."""
    response = client.get(path, HTTP_AUTHORIZATION=basic(*credentials))
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("HTTP_AUTHORIZATION", "Token abc\x00def"),
        ("HTTP_COOKIE", "sessionid=\x00" + "a" * 31),
        ("HTTP_X_CSRFTOKEN", "\x00"),
    ],
)
@pytest.mark.parametrize("path", ["/", "/reports/", "/api/v1/articles/"])
def test_a_nul_in_any_header_is_a_400_in_words(path, header, value):
    """Refused before the session or a token is looked up (the database cannot
    hold NUL); some servers pass such headers on."""
    response = Client().get(path, **{header: value})
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


# --- a host the site does not serve -----------------------------------------------


@pytest.mark.parametrize("path", ["/", "/reports/", "/accounts/login/", "/api/v1/"])
def test_a_host_outside_allowed_hosts_is_a_400_in_words_with_one_log_line(
    settings, caplog, path
):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["desk.example.org"]
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        response = client.get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "does not answer to the address" in response.content.decode()
    if path.startswith("/api/"):
        assert response.json()["code"] == "bad_request"
    disallowed = [r for r in caplog.records if r.name.endswith("DisallowedHost")]
    assert len(disallowed) == 1
    assert disallowed[0].exc_info is None  # one line, no traceback
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]


# --- the API docs -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/docs/", "/api/docs/redoc/"])
def test_options_on_the_api_docs_says_which_methods_they_answer(client, path):
    response = client.options(path)
    assert response.status_code == 204
    assert "GET" in response["Allow"]
    assert client.get(path).status_code == 200


# --- annotations whose "type" is not text -------------------------------------------

BAD_TYPES = [
    {"type": {"x": 1}},
    {"type": ["Annotation", {"x": 1}]},
    [{"type": 5, "target": {}}],
    {"type": "AnnotationCollection", "first": {"type": [[]], "items": []}},
]


@pytest.fixture
def target_article(reviewer):
    return services.article_create(
        title="", body="Harbour budget\n\nThe council approved it.", created_by=reviewer
    )


@pytest.mark.parametrize("document", BAD_TYPES)
def test_annotations_with_a_type_that_is_not_text_are_a_400(
    editor, target_article, document
):
    api = APIClient()
    api.force_authenticate(editor)
    response = api.post(
        f"/api/v1/reports/{target_article.pk}/import-annotations/",
        document,
        format="json",
    )
    assert response.status_code == 400
    assert '"type" must be a string' in response.json()["detail"]


@pytest.mark.parametrize("document", BAD_TYPES)
def test_the_import_command_says_so_in_one_line(
    editor, target_article, tmp_path, document
):
    path = tmp_path / "annotations.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CommandError, match='"type" must be a string') as refused:
        call_command(
            "import_annotations", str(path), "--article", target_article.pk,
            "--user", editor.username,
        )  # fmt: skip
    assert "\n" not in str(refused.value)


# --- a slow page imported by URL ----------------------------------------------------


class DrippingPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
        try:
            for _ in range(600):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.05)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def dripping_page(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    settings.FACTCHECK_FETCH_DEADLINE = 0.5
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DrippingPage)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/story"
    server.shutdown()


def test_a_page_that_never_finishes_is_refused_at_the_deadline_everywhere(
    client, reviewer, dripping_page
):
    """The page, the API and the command say the import took longer than the
    deadline (FACTCHECK_FETCH_DEADLINE), with nothing saved."""
    client.force_login(reviewer)
    page = client.post(reverse("article-new"), {"url": dripping_page})
    assert page.status_code == 400
    assert "took longer than 0.5 s" in page.content.decode()
    api = APIClient()
    api.force_authenticate(reviewer)
    answer = api.post("/api/v1/articles/", {"url": dripping_page}, format="json")
    assert answer.status_code == 400
    assert "took longer than 0.5 s" in answer.json()["detail"]
    with pytest.raises(CommandError, match=r"took longer than 0\.5 s"):
        call_command("import_article", dripping_page)
    assert not Article.objects.exists()


# --- the database cannot be reached -------------------------------------------------


def fail_article_lists(monkeypatch, error):
    """The API's and the dashboard's article queries raise `error`."""

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(selectors, "article_list", fail)
    monkeypatch.setattr(selectors, "articles_visible_to", fail)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError("server closed the connection unexpectedly"),
        OperationalError("could not connect to server: Connection refused"),
        InterfaceError("connection already closed"),
        OperationalError("database is locked"),
        OperationalError("disk I/O error"),
    ],
)
def test_a_database_that_cannot_be_reached_is_a_503_with_retry_after(
    client, reviewer, monkeypatch, error
):
    fail_article_lists(monkeypatch, error)
    api = APIClient()
    api.force_authenticate(reviewer)
    answer = api.get("/api/v1/articles/")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json()["code"] == "database_unavailable"
    client.force_login(reviewer)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 503
    assert page["Retry-After"] == "5"
    assert "Try again in a moment" in page.content.decode()


def test_other_database_errors_are_not_passed_off_as_an_outage(reviewer, monkeypatch):
    fail_article_lists(monkeypatch, OperationalError("no such column"))
    api = APIClient(raise_request_exception=False)
    api.force_authenticate(reviewer)
    assert api.get("/api/v1/articles/").status_code == 500


def test_an_outage_outside_a_view_is_a_503_too(settings, reviewer, monkeypatch):
    """The session is saved after the view, by its middleware: when that meets a
    dropped connection, the 500 handler answers 503 all the same."""
    from django.contrib.sessions.middleware import SessionMiddleware

    settings.DEBUG = False

    def save_session(self, request, response):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(SessionMiddleware, "process_response", save_session)
    client = Client(raise_request_exception=False)
    for path in ("/reports/", "/api/v1/reports/"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "5"


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_terminated_is_a_503_and_the_next_request_works(
    client, scale_in_transactional_db
):
    """PostgreSQL ends this test's own connection (pg_terminate_backend by its pid,
    from a second connection), as a restart does: the request that meets the dead
    connection answers 503 "try again", the next one works."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    import psycopg2

    factories.UserFactory(username="rita", role="reviewer")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = psycopg2.connect(**connection.get_connection_params())
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()
    response = client.get("/api/v1/reports/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "database_unavailable"
    connection.close()  # what the next request's start does with a broken one
    assert client.get("/api/v1/reports/").status_code == 200
