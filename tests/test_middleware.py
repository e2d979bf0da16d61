"""The request guards: refused text, out-of-range values, deadlock retries."""

import pytest
from django.db import DataError, OperationalError
from django.test import RequestFactory

from annotations.extraction.textguard import (
    bad_text_reason,
    first_bad_string,
    json_depth_exceeded,
)
from annotations.middleware import DeadlockRetryMiddleware


class _PgError(Exception):
    def __init__(self, pgcode):
        super().__init__(pgcode)
        self.pgcode = pgcode


def _deadlock(code="40P01") -> OperationalError:
    error = OperationalError("deadlock detected")
    error.__cause__ = _PgError(code)
    return error


class _Match:
    def __init__(self, func):
        self.func, self.args, self.kwargs = func, (), {}


@pytest.fixture
def request_with_view(transactional_db):
    calls = []

    def view(request):
        calls.append(1)
        from django.http import HttpResponse

        return HttpResponse("second time lucky")

    request = RequestFactory().post("/api/v1/ratings/", {"a": "b"})
    request.resolver_match = _Match(view)
    return request, calls


def test_a_deadlock_victim_is_run_once_more(request_with_view):
    request, calls = request_with_view
    middleware = DeadlockRetryMiddleware(lambda r: None)
    response = middleware.process_exception(request, _deadlock())
    assert response.content == b"second time lucky"
    assert calls == [1]
    again = middleware.process_exception(request, _deadlock("40001"))
    assert again.status_code == 409
    assert b"busy" in again.content


def test_other_database_errors_are_not_retried(request_with_view):
    request, calls = request_with_view
    middleware = DeadlockRetryMiddleware(lambda r: None)
    assert middleware.process_exception(request, OperationalError("gone")) is None
    out_of_range = middleware.process_exception(request, DataError("too big"))
    assert out_of_range.status_code == 400
    assert calls == []


@pytest.mark.parametrize(
    ("value", "words"),
    [("a\x00b", "NUL"), ("\ud800", "surrogate"), ("ok \N{GRINNING FACE}", None)],
)
def test_bad_text(value, words):
    reason = bad_text_reason(value)
    assert (reason is None) if words is None else (words in reason)


def test_json_depth_counts_brackets_outside_strings_only():
    assert not json_depth_exceeded(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}', 3)
    assert json_depth_exceeded(b"[[[[]]]]", 3)
    assert not json_depth_exceeded(b'["\\"[[[[", [1]]', 3)


def test_first_bad_string_names_where_it_is():
    where, reason = first_bad_string({"a": [1, {"b": "x\x00"}]})
    assert where == "body.a[1].b"
    assert "NUL" in reason
    assert first_bad_string({"ok": ["fine", 1, None]}) is None


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/articles/new/", "multipart/form-data"),  # no boundary at all
        ("/articles/new/", "multipart/form-data; boundary=\x01bad"),
        ("/api/v1/articles/", "multipart/form-data"),
    ],
)
def test_a_form_body_that_cannot_be_parsed_is_a_400_in_words(
    client, reviewer, path, content_type
):
    client.force_login(reviewer)
    response = client.post(path, data=b"--x\r\nbroken", content_type=content_type)
    assert response.status_code == 400
    assert "malformed multipart" in response.content.decode()
