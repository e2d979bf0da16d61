"""The hostile-input audit as a test: every field of every form and API operation,
every path id, query parameter, body shape and credential, as each role, with
DEBUG off; no answer may be a 500, no error may be logged, and no text the
database cannot hold (NUL, a lone surrogate) may reach a query.

The forms are found the way a person finds them: by reading the pages each role
gets and collecting every `<form method="post">` with its fields. The API's
operations, request fields and query parameters come from its OpenAPI schema; the
paths from the URLconf (tests/urlsweep.py). The world is built once per module;
every request runs in a savepoint that is rolled back, so each sees the same world.

The last check finds on SQLite what PostgreSQL would answer with a 500 (psycopg
refuses NUL in a query): a watcher on the connection looks at every query's
parameters.
"""

from __future__ import annotations

import base64
import copy
import itertools
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Claim, Notification, RatingLabel, SourcingGap
from reports import services as report_services
from tests import factories
from tests.urlsweep import endpoints

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

BODY = (
    "Harbour budget approved\n\n"
    "The council approved the harbour budget of 4 million euros on Monday. "
    "Critics said the dredging plan was rushed. "
    "The port moved 4 million containers in 2025. "
    "Officials expect traffic to grow by 12 percent next year. "
    "The mayor called it a historic day."
)
ROLES = ("anonymous", "reviewer", "editor", "admin")

# Values for a form field (the wire carries only text) and for a query parameter.
FORM_VALUES = [
    "",
    "\x00",
    "x" * 100_000,
    "-1",
    "0",
    "99999999999999999999",
    "1e309",
    "1.5",
    "[]",
    "zz-unknown",
    "2026-13-45",
    "9999-12-31T23:59:59.999999",
    "0001-01-01T00:00:00",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "http://[::1",
]
PAGE_PARAMETERS = [
    "q", "page", "sort", "status", "kind", "assignee", "claim", "order", "period",
    "article", "reviewer", "next", "gaps", "checkworthy", "state", "open",
]  # fmt: skip
QUERY_VALUES = [
    "",
    "%00",
    "%FF%FE",
    "-1",
    "99999999999999999999",
    "NaN",
    "[]",
    "x" * 3000,
]
PATH_IDS = ["0", "99999999999999999999", "2147483648", "9223372036854775808", "-1"]
API_PATH_IDS = [*PATH_IDS, "abc", "1e3", "%FF", "%00", "null", " 1", "0x10"]
# Any JSON value of the wrong kind, or of the right kind out of range.
JSON_VALUES = [
    None,
    True,
    -1,
    2**31,
    10**30,
    1.5,
    float("1e308"),
    "",
    "\x00",
    "\ud800",
    "x" * 100_000,
    "2026-13-45",
    "9999-12-31T23:59:59-23:59",
    [],
    [10**30],
    ["\ud800"],
    {},
]
RAW_BODIES = [
    (b"", "application/json"),
    (b"not json", "application/json"),
    (b"[]", "application/json"),
    (b"[1, 2]", "application/json"),
    (b'"text"', "application/json"),
    (b"null", "application/json"),
    (b'{"a": 1, "a": 2}', "application/json"),
    (b"\xff\xfe{}", "application/json"),
    (b'{"text": "\xff\xfe"}', "application/json"),
    (b"\xef\xbb\xbf{}", "application/json"),
    (b"[" * 70 + b"]" * 70, "application/json"),
    (b"{}", "application/json; charset=latin-1"),
    (b"{}", "text/plain"),
    (b"<a/>", "application/xml"),
    (b"a=1&b=%FF", "application/x-www-form-urlencoded"),
    (b"--x\r\nbroken", "multipart/form-data; boundary=x"),
    (b"{}", ""),
]
AUTHORIZATIONS = [
    "Basic " + base64.b64encode(b"ri\x00ta:secret-pass-123").decode(),
    "Basic " + base64.b64encode(b"rita:secret\x00pass").decode(),
    "Basic " + base64.b64encode(b"\xff\xfe\xfd:x").decode(),
    "Basic " + base64.b64encode(b"rita").decode(),
    "Basic " + base64.b64encode(b"x" * 5000 + b":y").decode(),
    "Basic !!!not-base64!!!",
    "Basic",
    "Token",
    "Token a b",
    "Token ab\x00cd",
    "Token " + "x" * 5000,
    "Token \u00e9\u00e8",
    "Bearer abc",
]


# --- the world ------------------------------------------------------------------------


@dataclass
class World:
    users: dict
    objects: dict
    claims: dict
    article: Article
    published: Article
    token: str


def build_world() -> World:
    rita = factories.UserFactory(username="rita", role="reviewer")
    sam = factories.UserFactory(username="sam", role="reviewer")
    eddie = factories.UserFactory(username="eddie", role="editor")
    ada = factories.UserFactory(username="ada", role="admin")
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")
    article = Article.objects.create(title="Harbour budget approved", body=BODY)
    pieces = ["Harbour budget approved"] + [
        s.strip() + "." for s in BODY[25:].split(".") if s.strip()
    ]
    headline, open_claim, worked, submitted, approved, dismissed = factories.claims_for(
        article, pieces, checkworthiness=0.7
    )
    Claim.objects.filter(pk=headline.pk).update(kind="headline")
    services.claim_assign(claim=open_claim, assignees=[rita], user=eddie)
    citations = []
    for claim, user in ((worked, rita), (submitted, rita), (approved, sam)):
        for n in (1, 2):
            source = factories.SourceFactory(domain=f"s{claim.pk}{n}.example.org")
            citations.append(
                services.citation_add(
                    claim=claim,
                    source=source,
                    stance="supports",
                    user=user,
                    quote="It says so.",
                )
            )
    rating = services.rating_set(claim=worked, reviewer=rita, label=true)
    services.comment_add(claim=worked, user=rita, body="@sam the memo?")
    services.rating_set(claim=submitted, reviewer=rita, label=true)
    services.claim_submit(claim=submitted, user=rita)
    services.rating_set(claim=approved, reviewer=sam, label=true)
    services.claim_submit(claim=approved, user=sam)
    approved.refresh_from_db()
    services.verdict_approve(
        claim=approved,
        user=eddie,
        label="true",
        explanation="Both documents.",
        expected_version=approved.version,
    )
    services.claim_dismiss(claim=dismissed, reason="Opinion", user=rita)
    published = Article.objects.create(
        title="Port", body="The port handled 2 million containers in 2023."
    )
    (published_claim,) = factories.claims_for(published, checkworthiness=0.7)
    services.rating_set(claim=published_claim, reviewer=sam, label=true)
    services.claim_submit(claim=published_claim, user=sam)
    published_claim.refresh_from_db()
    services.verdict_approve(
        claim=published_claim,
        user=eddie,
        label="true",
        explanation="The port.",
        expected_version=published_claim.version,
        gap_override_reason="Called them.",
    )
    report_services.article_publish(article=published, user=eddie)
    gap = SourcingGap.objects.create(
        claim=open_claim,
        kind="no_source",
        opened_at=article.created_at,
        last_seen_at=article.created_at,
    )
    _token, key = services.api_token_create(user=rita, name="script")
    claims = {
        "headline": headline,
        "open": open_claim,
        "worked": worked,
        "submitted": submitted,
        "approved": approved,
        "dismissed": dismissed,
    }
    objects = {
        "article": article.pk,
        "claim": worked.pk,
        "source": citations[0].source_id,
        "citation": citations[0].pk,
        "rating": rating.pk,
        "gap": gap.pk,
        "notification": Notification.objects.filter(recipient=rita).first().pk,
        "revision": 1,
        "export": "json",
        "invitation": "no-such-key",
        "desk": article.workspace.slug,
        # A capture no revision cites: its public address answers 404.
        "capture": factories.CaptureFactory(source_id=citations[0].source_id).pk,
    }
    delivery = factories.failed_delivery(article.workspace)
    objects["webhook"], objects["delivery"] = delivery.webhook_id, delivery.pk
    return World(
        users={"anonymous": None, "reviewer": rita, "editor": eddie, "admin": ada},
        objects=objects,
        claims=claims,
        article=article,
        published=published,
        token=key,
    )


# --- what the sweep watches ---------------------------------------------------------


@dataclass
class Findings:
    errors: list = field(default_factory=list)  # (request, what went wrong)
    requests: int = 0
    current: str = ""
    statuses: dict = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.errors.append((self.current, what))


class _LogWatcher(logging.Handler):
    def __init__(self, findings: Findings):
        super().__init__(level=logging.ERROR)
        self.findings = findings
        self.seen: set[int] = set()

    def emit(self, record):
        if id(record) in self.seen:  # one record reaches each watched logger
            return
        self.seen.add(id(record))
        detail = record.getMessage()[:200]
        if record.exc_info:
            detail += f" ({record.exc_info[0].__name__}: {record.exc_info[1]})"[:400]
        self.findings.add(f"logged {record.levelname}: {detail}")


def _unstorable(value) -> bool:
    return isinstance(value, str) and (
        "\x00" in value or re.search("[\ud800-\udfff]", value) is not None
    )


@pytest.fixture(scope="module")
def sweep(django_db_setup, django_db_blocker):
    """The world, and a function that sends one request as a role and records what
    went wrong; built once for the module."""
    findings = Findings()

    def watch_queries(execute, sql, params, many, context):
        rows = params if many else [params]
        for row in rows or []:
            values = row.values() if isinstance(row, dict) else row or []
            if any(_unstorable(value) for value in values):
                findings.add(f"text the database cannot hold reached: {sql[:120]}")
        return execute(sql, params, many, context)

    watcher = _LogWatcher(findings)
    loggers = [logging.getLogger(name) for name in ("django.request", "django", "")]
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=False),
        transaction.atomic(),
    ):
        world = build_world()
        clients = _clients(world)
        for logger in loggers:
            logger.addHandler(watcher)
        try:
            with connection.execute_wrapper(watch_queries):

                def send(role, method, path, *, label="", **kwargs):
                    findings.current = f"{role} {method} {path} {label}".strip()
                    findings.requests += 1
                    client = clients[role]
                    # The rollback undoes a logout or a new session in the
                    # database: the client must not keep the cookie it was given.
                    cookies = copy.deepcopy(client.cookies)
                    with transaction.atomic():
                        response = client.generic(method, path, **kwargs)
                        transaction.set_rollback(True)
                    client.cookies = cookies
                    if response.status_code >= 500:
                        findings.add(f"answered {response.status_code}")
                    status = response.status_code
                    findings.statuses[status] = findings.statuses.get(status, 0) + 1
                    return response

                yield world, send, findings
        finally:
            for logger in loggers:
                logger.removeHandler(watcher)
            transaction.set_rollback(True)
            # The cache is rolled back too: the failed token logins the sweep sent
            # are counted there per client address, and a later test of the process
            # logging in with a good token was refused 429.
            cache.clear()


def _clients(world) -> dict:
    clients = {}
    for role, user in world.users.items():
        client = Client(raise_request_exception=False)
        api = APIClient(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
            api.force_authenticate(user)
        clients[role] = client
        clients[f"api {role}"] = api
    return clients


def _fail_on(findings: Findings, *, since: int) -> None:
    new = findings.errors[since:]
    summary = "\n".join(f"{request[:160]}: {what[:300]}" for request, what in new[:40])
    assert not new, f"{len(new)} problems in {findings.requests} requests:\n{summary}"


# --- pages: the forms each role is shown ----------------------------------------------


@dataclass
class ShownForm:
    """A POST form as a page shows it: its view's URL name, each field's default
    value, and each field's kind (`_field_kind`)."""

    view: str
    values: dict = field(default_factory=dict)
    kinds: dict = field(default_factory=dict)


def _field_kind(tag: str, attrs: dict) -> str:
    """What a field takes, as far as the page says: its tag and input type, and
    whether its default is a number (a hidden version or id) or text (a hidden next
    address). Fields of one kind go through the same parsing; a form's fields of one
    kind share the long list of hostile values (see `_plan`)."""
    value = attrs.get("value") or ""
    shape = "number" if re.fullmatch(r"-?\d+", value) else "text" if value else ""
    kind = attrs.get("type", "text") if tag == "input" else tag
    return f"{kind}:{shape}"


class _Forms(HTMLParser):
    """The POST forms of a page: (action, values, kinds) of each."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict, dict]] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = (attrs.get("action") or "", {}, {})
            self.forms.append(self._current)
        elif self._current is None or not attrs.get("name"):
            return
        elif tag in ("input", "textarea", "select"):
            _action, values, kinds = self._current
            name = attrs["name"]
            kind = attrs.get("type", "text")
            if tag == "input" and kind in ("radio", "checkbox") and name in values:
                return
            values[name] = attrs.get("value", "") if tag != "select" else ""
            kinds[name] = _field_kind(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _pages_with_forms(world) -> list[str]:
    article = world.article.pk
    pages = ["/", "/articles/new/", "/review/", "/account/tokens/", "/gaps/"]
    pages += [f"/articles/{article}/?claim={c.pk}" for c in world.claims.values()]
    pages += [f"/articles/{article}/table/", f"/reports/{world.published.pk}/publish/"]
    pages += [f"/reports/{article}/publish/", "/notifications/"]
    return pages


def _forms(world, send, role) -> dict[str, ShownForm]:
    """action path -> form, for every POST form the role's pages show."""
    found: dict[str, ShownForm] = {}
    for page in _pages_with_forms(world):
        response = send(role, "GET", page, label="(crawl)")
        if response.status_code != 200:
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for action, values, kinds in parser.forms:
            path = urlsplit(action or page).path
            if path.startswith("/admin/"):
                continue
            values.pop("csrfmiddlewaretoken", None)
            kinds.pop("csrfmiddlewaretoken", None)
            form = found.setdefault(path, ShownForm(resolve(path).url_name))
            form.values.update(values)
            form.kinds.update(kinds)
    return found


@pytest.fixture(scope="module")
def shown_forms(sweep):
    """role -> its forms (`_forms`), crawled once per role for the module: every
    request rolls back, so the pages show the same forms to every test."""
    world, send, _findings = sweep
    crawled: dict[str, dict[str, ShownForm]] = {}

    def forms_of(role: str) -> dict[str, ShownForm]:
        if role not in crawled:
            crawled[role] = _forms(world, send, role)
        return crawled[role]

    return forms_of


# The forms each role is shown, by their view's URL name. The editor's forms are the
# admin's, but for the two-person override: the admin and the reviewer (who is shown
# the fewest) cover them all. One test per form and role, so the test processes share
# the sweep and a finding names its form; the crawl must find exactly these
# (test_the_sweep_knows_every_form_a_role_is_shown), so a new form is swept as soon
# as it is shown.
SWEPT_FORMS = {
    "reviewer": (
        "account-language", "account-tokens", "logout", "article-new",
        "article-language", "claim-create", "claim-table-bulk", "citation-add",
        "citation-upload", "citation-update", "citation-remove", "source-archive",
        "claim-attribution", "claim-kind", "claim-dismiss", "claim-restore",
        "claim-merge", "claim-split", "claim-rebound", "comment-add", "rating-set",
        "rating-remove", "claim-submit", "claim-withdraw", "notification-open",
        "notifications-read-all",
    ),
    "admin": (
        "account-language", "account-tokens", "logout", "article-new",
        "article-language", "article-blind-review", "claim-create",
        "claim-table-bulk", "citation-add", "citation-upload", "citation-remove",
        "source-archive", "claim-attribution", "claim-kind", "claim-dismiss",
        "claim-restore", "claim-merge", "claim-split", "claim-rebound",
        "comment-add", "rating-set", "rating-remove", "claim-assign",
        "claim-approve", "claim-return", "claim-reopen", "gap-scan-start",
        "report-publish",
    ),
}  # fmt: skip

# The short list: values beside the full set for a form's other fields of a kind
# already given the full set, and for the htmx variant of a form (another template).
FORM_VALUES_AGAIN = ["", "99999999999999999999", "x" * 100_000, "zz-unknown"]
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Post:
    label: str
    body: bytes
    htmx: bool = False
    content_type: str = FORM


def _plan(form: ShownForm, *, first: bool, turn: Iterator[int]) -> list[Post]:
    """The hostile posts of one form as one page shows it.

    The first time a form is met, each field kind's full list of values goes to the
    form's first field of that kind, and the short list in the htmx variant (another
    template); its other fields of the kind (the same parsing and rendering) get the
    short list, and the next value of it in the htmx variant. Every field is also
    left out, sent twice and sent as bytes that are no UTF-8. The same form met
    again on another claim (another state, the same fields) has each field sent
    once with the next value of the short list, once in the htmx variant with the
    one after, and left out. Either way the form is sent once as a multipart body
    that is no UTF-8."""
    fields = form.values
    posts = []
    kinds_given_all = set()
    for name in sorted(fields):
        rest = _urlencode({k: v for k, v in fields.items() if k != name})
        if first and form.kinds[name] not in kinds_given_all:
            kinds_given_all.add(form.kinds[name])
            values, htmx_values = FORM_VALUES, FORM_VALUES_AGAIN
        elif first:
            values = FORM_VALUES_AGAIN
            htmx_values = [FORM_VALUES_AGAIN[next(turn) % len(FORM_VALUES_AGAIN)]]
        else:
            values = [FORM_VALUES_AGAIN[next(turn) % len(FORM_VALUES_AGAIN)]]
            htmx_values = [FORM_VALUES_AGAIN[next(turn) % len(FORM_VALUES_AGAIN)]]
        for value in values:
            body = _urlencode({**fields, name: value})
            posts.append(Post(f"[{name}={value[:20]!r}]", body))
        for value in htmx_values:
            body = _urlencode({**fields, name: value})
            posts.append(Post(f"[{name}={value[:20]!r}] htmx", body, htmx=True))
        posts.append(Post(f"[no {name}]", rest))
        if first:
            twice = _urlencode(fields) + f"&{name}=2".encode()
            posts.append(Post(f"[{name} twice]", twice))
            bad = rest + f"&{name}=".encode() + b"\xff\xfe%FF"
            posts.append(Post(f"[{name}=bad UTF-8]", bad))
    posts.append(
        Post(
            "[multipart, bad UTF-8]",
            _multipart(fields),
            content_type="multipart/form-data; boundary=B",
        )
    )
    return posts


@pytest.mark.parametrize("role", SWEPT_FORMS)
def test_the_sweep_knows_every_form_a_role_is_shown(shown_forms, role):
    shown = {form.view for form in shown_forms(role).values()}
    assert shown == set(SWEPT_FORMS[role]), (
        f"shown but not swept: {sorted(shown - set(SWEPT_FORMS[role]))}; "
        f"swept but not shown: {sorted(set(SWEPT_FORMS[role]) - shown)}"
    )


@pytest.mark.parametrize(
    ("role", "view"),
    [(role, view) for role, views in SWEPT_FORMS.items() for view in views],
)
def test_every_form_field_a_role_is_shown_takes_hostile_values(
    sweep, shown_forms, role, view
):
    _world, send, findings = sweep
    since = len(findings.errors)
    shown = {
        action: form for action, form in shown_forms(role).items() if form.view == view
    }
    assert shown, f"no page shows the {role} a {view} form"
    # The admin passes every policy check, so its posts reach the parsing of every
    # form it is shown: it gives each of those forms the first pass. The reviewer's
    # own refusals and pages get the second pass of the same forms; what only the
    # reviewer is shown gets the first.
    met = set()
    if role != "admin":
        met = {
            frozenset(form.values)
            for form in shown_forms("admin").values()
            if form.view == view
        }
    turn = itertools.count()
    for action, form in sorted(shown.items()):
        fields = frozenset(form.values)
        for post in _plan(form, first=fields not in met, turn=turn):
            headers = {"HTTP_HX_REQUEST": "true"} if post.htmx else {}
            send(role, "POST", action, label=post.label, data=post.body,
                 content_type=post.content_type, **headers)  # fmt: skip
        met.add(fields)
    _fail_on(findings, since=since)


def _urlencode(fields: dict) -> bytes:
    from urllib.parse import urlencode

    return urlencode(
        {k: v.encode("utf-8", "surrogatepass") for k, v in fields.items()}
    ).encode()


def _multipart(fields: dict) -> bytes:
    parts = [
        b'--B\r\nContent-Disposition: form-data; name="'
        + k.encode()
        + b'"\r\n\r\n'
        + v.encode()
        + b"\xff\r\n"
        for k, v in fields.items()
    ]
    upload = (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a\xff.txt"\r\n'
        b"Content-Type: text/plain\r\n\r\n\x00\xff\xfe text\r\n"
    )
    return b"".join(parts) + upload + b"--B--\r\n"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_takes_hostile_ids_and_query_parameters(sweep, role):
    world, send, findings = sweep
    since = len(findings.errors)
    for endpoint in endpoints():
        if endpoint.api:
            continue
        path = endpoint.path(world.objects)
        for param in endpoint.params:
            if endpoint.kind_of(param) in {"export", "format"}:
                continue
            good = str(world.objects[endpoint.kind_of(param)])
            for bad in PATH_IDS:
                bad_path = _replace_segment(path, good, bad)
                if bad_path is not None:
                    send(role, "GET", bad_path)
                    send(role, "POST", bad_path, data=b"a=1", content_type=FORM)
        if send(role, "GET", path).status_code in (302, 403, 405):
            continue  # a write, or nothing this role reads: no parameter is read
        # Every parameter a page reads, all at once with each value (pages read
        # each with its own fallback), and one at a time with the value most
        # likely to reach the database: a number past every column's range.
        for value in QUERY_VALUES:
            query = "&".join(f"{name}={value}" for name in PAGE_PARAMETERS)
            send(role, "GET", f"{path}?{query}")
        send(role, "GET", f"{path}?{query}", HTTP_HX_REQUEST="true")
        for name in PAGE_PARAMETERS:
            send(role, "GET", f"{path}?{name}=99999999999999999999")
    _fail_on(findings, since=since)


def _replace_segment(path: str, good: str, bad: str) -> str | None:
    segments = path.split("/")
    if good not in segments:
        return None
    segments[segments.index(good)] = bad
    candidate = "/".join(segments)
    try:
        resolve(urlsplit(candidate).path)
    except Exception:  # an id the URLconf does not route is a 404, not a 500
        return None
    return candidate


# --- the API: its schema's operations, fields and parameters --------------------------


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema, node):
    while isinstance(node, dict) and "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node or {}


def _good_value(name: str, prop: dict, world, claim):
    if "enum" in prop:
        return prop["enum"][0]
    kind = prop.get("type")
    ids = {
        "claim": claim.pk,
        "article": world.article.pk,
        "source": world.objects["source"],
        "version": claim.version,
        "start": 0,
        "end": 10,
        "at": claim.start + 4,
    }
    if kind == "integer":
        return ids.get(name, 1)
    if kind == "boolean":
        return False
    if kind == "array":
        item = _good_value(name, prop.get("items", {}), world, claim)
        return [item] if name != "ids" else [world.objects["notification"]]
    if prop.get("format") == "uri":
        return "https://example.org/page"
    if prop.get("format") == "date":
        return "2026-01-01"
    if prop.get("format") == "date-time":
        return "2026-01-01T00:00:00Z"
    if name in {"label", "slug"}:
        return "true"
    return "Some text."


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    body: dict  # the request body's properties (resolved)
    query: tuple[str, ...]


def _operations(schema, world) -> Iterator[tuple[Operation, str]]:
    claim = world.claims["worked"]
    fill = {
        "/api/v1/articles/{id}/": world.article.pk,
        "/api/v1/claims/{id}/": claim.pk,
        "/api/v1/sources/{id}/": world.objects["source"],
        "/api/v1/citations/{id}/": world.objects["citation"],
        "/api/v1/ratings/{id}/": world.objects["rating"],
        "/api/v1/gaps/{id}/": world.objects["gap"],
        "/api/v1/reports/{id}/": world.published.pk,
    }
    for template, item in schema["paths"].items():
        prefix = next((p for p in fill if template.startswith(p)), None)
        path = template.replace("{id}", str(fill[prefix])) if prefix else template
        path = path.replace("{identifier}", "json").replace("{number}", "1")
        path = path.replace("{workspace_slug}", world.objects["desk"])
        path = path.replace("{delivery}", str(world.objects["delivery"]))
        if "/webhooks/" in template:
            path = path.replace("{id}", str(world.objects["webhook"]))
        assert "{" not in path, f"the sweep cannot fill {template}"
        for method, spec in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            content = spec.get("requestBody", {}).get("content", {})
            body = _resolve(schema, content.get("application/json", {}).get("schema"))
            query = tuple(
                p["name"] for p in spec.get("parameters", []) if p["in"] == "query"
            )
            yield (
                Operation(method.upper(), path, body.get("properties", {}), query),
                (template),
            )


def _json(data) -> bytes:
    return json.dumps(data).encode("utf-8", "surrogatepass")


def test_every_api_field_takes_values_of_every_wrong_kind(sweep, schema):
    world, send, findings = sweep
    since = len(findings.errors)
    operations = list(_operations(schema, world))
    assert len(operations) >= 50
    claim = world.claims["worked"]
    for operation, _template in operations:
        good = {
            name: _good_value(name, _resolve(schema, prop), world, claim)
            for name, prop in operation.body.items()
        }
        for name in operation.body:
            for value in [*JSON_VALUES, "zz-unknown-enum"]:
                send(
                    "api admin",
                    operation.method,
                    operation.path,
                    label=f"[{name}]",
                    data=_json({**good, name: value}),
                    content_type="application/json",
                )
            rest = {k: v for k, v in good.items() if k != name}
            send(
                "api admin",
                operation.method,
                operation.path,
                label=f"[no {name}]",
                data=_json(rest),
                content_type="application/json",
            )
        send(
            "api admin",
            operation.method,
            operation.path,
            label="[unknown field]",
            data=_json({**good, "zz_unknown": 1}),
            content_type="application/json",
        )
    _fail_on(findings, since=since)


@pytest.mark.parametrize("role", ROLES)
def test_every_api_operation_takes_hostile_bodies_ids_and_parameters(
    sweep, schema, role
):
    """Bodies and ids as every role (each meets the checks in another order);
    query parameters as the admin, who gets past every permission to read them."""
    world, send, findings = sweep
    since = len(findings.errors)
    who = f"api {role}"
    for operation, template in _operations(schema, world):
        for raw, content_type in RAW_BODIES if operation.method != "GET" else ():
            send(who, operation.method, operation.path, data=raw,
                 content_type=content_type)  # fmt: skip
        if "{id}" in template:
            good = operation.path.split("/")[4]
            for bad in API_PATH_IDS:
                path = operation.path.replace(f"/{good}/", f"/{bad}/", 1)
                send(who, operation.method, path, data=b"{}",
                     content_type="application/json")  # fmt: skip
        if role != "admin" or operation.method != "GET":
            continue
        for name in {*operation.query, "limit", "offset", "format", "q", "page"}:
            for value in QUERY_VALUES:
                send(who, "GET", f"{operation.path}?{name}={value}")
            send(who, "GET", f"{operation.path}?{name}=1&{name}=2")
    _fail_on(findings, since=since)


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_url_answers_every_method(sweep, role):
    """OPTIONS, HEAD, PUT, PATCH, DELETE and TRACE on every page and endpoint:
    each answers with what it allows or a 405, whatever view library serves it."""
    world, send, findings = sweep
    since = len(findings.errors)
    for endpoint in endpoints():
        path = endpoint.path(world.objects)
        for method in ("OPTIONS", "HEAD", "PUT", "PATCH", "DELETE", "TRACE"):
            send(f"api {role}" if endpoint.api else role, method, path)
    _fail_on(findings, since=since)


# --- credentials and headers ------------------------------------------------------


def test_hostile_credentials_and_headers_are_refused_not_crashed_on(sweep):
    world, send, findings = sweep
    since = len(findings.errors)
    paths = [
        "/api/v1/gaps/",
        "/api/v1/reports/",
        "/api/v1/",
        "/api/v1/notifications/",
        f"/api/v1/claims/{world.claims['worked'].pk}/",
        "/",
    ]
    for path in paths:
        for authorization in AUTHORIZATIONS:
            for method in ("GET", "POST"):
                response = send(
                    "anonymous",
                    method,
                    path,
                    data=b"{}",
                    content_type="application/json",
                    HTTP_AUTHORIZATION=authorization,
                )
                if path.startswith("/api/") and response.status_code == 200:
                    assert path in {"/api/v1/reports/", "/api/v1/"}, authorization
        for name, value in [
            ("HTTP_USER_AGENT", "agent\x00nul"),
            ("HTTP_ACCEPT", "application/json\x00"),
            ("HTTP_ACCEPT", "text/html;q=nope, */*;q=-1"),
            ("HTTP_HX_REQUEST", "true"),
            ("HTTP_HX_TARGET", "queue-list\x00"),
            ("HTTP_HX_CURRENT_URL", "javascript:alert(1)"),
            ("HTTP_X_FORWARDED_FOR", "\x00, 1.2.3.4"),
            ("HTTP_ACCEPT_LANGUAGE", "zz-\x00"),
        ]:
            send("anonymous", "GET", path, **{name: value})
            send("reviewer", "GET", path, **{name: value})
    # A failed login stores who tried and how (django-axes): every header it keeps.
    for agent in ["agent\x00nul", "x" * 5000, "\u202e\ufeff"]:
        send(
            "anonymous",
            "POST",
            "/accounts/login/",
            data=b"username=rita&password=wrong",
            content_type="application/x-www-form-urlencoded",
            HTTP_USER_AGENT=agent,
            HTTP_ACCEPT=agent,
        )
        send(
            "anonymous",
            "POST",
            "/accounts/login/",
            data=b"username=" + b"r" * 5000 + b"&password=wrong",
            content_type="application/x-www-form-urlencoded",
        )
    _fail_on(findings, since=since)


def test_the_sweep_would_see_a_500(sweep):
    """The watchers are live: a view that fails is reported."""
    _world, send, findings = sweep
    since = len(findings.errors)
    from unittest import mock

    with mock.patch(
        "annotations.selectors.my_claims", side_effect=RuntimeError("planted")
    ):
        send("reviewer", "GET", "/")
    assert findings.errors[since:], "a planted failure went unnoticed"
    del findings.errors[since:]
