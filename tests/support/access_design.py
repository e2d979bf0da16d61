"""The designed answer of every page and API endpoint to every role (docs/ROLES.md).

This is the authorization matrix as data. `tests/test_access_matrix.py` calls every
row as each of five people against the objects as built (each cell's writes rolled
back) and asserts the answer; `manage.py access_matrix` prints the table into
docs/ROLES.md, so the document is the tested design and cannot drift from it. A URL
pattern missing here fails the test too. `tests/test_fuzz.py` sends hostile values
to every row.

The five people: anonymous; Rita, a reviewer who owns the objects marked "Rita's";
Sam, a second reviewer; Eddie, an editor; Ada, an admin. The objects (see
`tests/support/access_world.py`, `World`):

- `draft` an unpublished article, `published` a published one (`published_claim`);
- in `draft`: a `headline` (not a claim), `open_claim` (assigned to Rita, nothing
  done), `worked_claim` (in progress: Rita's
  and Sam's citations, Rita's draft rating, Rita's comment), `submitted_claim`
  (Rita rated and submitted it), `approved_claim` (Sam rated, Eddie approved),
  `dismissed_claim`;
- `rita_citation`, `sam_citation`, `rita_rating`, `rita_note` (her notification);
- `capture`, a capture of a source the published report cites (frozen in its
  revision), and `draft_capture`, a capture of a source only the draft cites.

An answer is a status code; "302 login" is a redirect to a login page, "302" a
redirect after a successful write (pages answer writes with a redirect without
htmx). Pages use sessions and CSRF; the API answers anonymous callers 401 with an
HTTP Basic challenge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

ROLES = ("anonymous", "reviewer", "second reviewer", "editor", "admin")

LOGIN = "302 login"


@dataclass(frozen=True)
class Row:
    surface: str  # "page" or "api"
    method: str
    path: str  # with {object} placeholders filled from the test's World
    expect: tuple[str, str, str, str, str]  # one answer per ROLES entry
    note: str = ""
    data: Callable | None = field(default=None, compare=False)  # world -> payload
    htmx: bool = False


def _all(answer: str) -> tuple[str, ...]:
    return (answer,) * 5


def _desk(answer: str, *, anonymous: str = LOGIN) -> tuple[str, ...]:
    return (anonymous, answer, answer, answer, answer)


def _editors(answer: str, *, others: str = "403", anonymous: str = LOGIN):
    return (anonymous, others, others, answer, answer)


def _between_words(claim) -> int:
    """A split point after the claim's first word (splitting inside a word is
    refused on every path)."""
    return claim.start + claim.text.index(" ") + 1


def _v(claim_attr: str, **extra):
    """A payload with the claim's current version (and more fields)."""

    def payload(world):
        data = {"version": getattr(world, claim_attr).version}
        for key, value in extra.items():
            data[key] = value(world) if callable(value) else value
        return data

    return payload


PAGE = "page"
API = "api"
A = "/api/v1"
# The desk admins' endpoints of the API: anonymous 401, the desk's reviewers and
# editors 403 (their answer before the admin's own, which each row gives).
ADMIN_API_403 = ("401", "403", "403", "403")

ROWS: list[Row] = [
    # --- pages: reading -------------------------------------------------------------
    Row(PAGE, "GET", "/", _desk("200")),
    Row(PAGE, "GET", "/articles/new/", _desk("200")),
    Row(
        PAGE,
        "GET",
        "/articles/{draft}/",
        _desk("200"),
        "unpublished: the desk only",
    ),
    Row(
        PAGE,
        "GET",
        "/articles/{published}/",
        _desk("200"),
        "the desk's page; the public reads /reports/",
    ),
    Row(PAGE, "GET", "/articles/{draft}/activity/", _desk("200")),
    Row(
        PAGE,
        "GET",
        "/articles/{draft}/table/?sort=-checkworthiness&status=open",
        _desk("200"),
        "the claim table",
    ),
    Row(
        PAGE,
        "GET",
        "/claims/{worked_claim}/",
        _desk("302"),
        "without htmx: redirect to the article with the panel open",
    ),
    Row(PAGE, "GET", "/claims/{worked_claim}/history/", _desk("200")),
    Row(
        PAGE,
        "GET",
        "/claims/{worked_claim}/captures/{draft_capture}/",
        _desk("200"),
        "the captured text of a source the claim cites",
    ),
    Row(
        PAGE,
        "GET",
        "/claims/{worked_claim}/captures/{draft_capture}/download/",
        _desk("200"),
        "the stored copy of a source the claim cites",
    ),
    Row(
        PAGE,
        "GET",
        "/claims/{worked_claim}/captures/{capture}/",
        _desk("404"),
        "a capture of a source this claim does not cite",
    ),
    Row(PAGE, "GET", "/sources/search/?q=report", _desk("200"), htmx=True),
    Row(PAGE, "GET", "/review/", _editors("200"), "the editors' queue"),
    Row(PAGE, "GET", "/desk/", _desk("200"), "agreement stats"),
    Row(
        PAGE,
        "GET",
        "/desk/settings/",
        (LOGIN, "403", "403", "403", "200"),
        "the desk's own settings: its admins",
    ),
    Row(PAGE, "GET", "/notifications/", _desk("200")),
    Row(PAGE, "GET", "/gaps/", _desk("200")),
    Row(PAGE, "GET", "/gaps/scan/progress/", _desk("200")),
    Row(PAGE, "GET", "/healthz", _all("200")),
    Row(PAGE, "GET", "/health/", _all("200"), "each part's state, for probes"),
    Row(PAGE, "GET", "/favicon.ico", _all("301"), "to the icon's static file"),
    Row(PAGE, "GET", "/accounts/login/", _all("200")),
    Row(PAGE, "GET", "/api/docs/", _all("200"), "Swagger UI, from our own files"),
    Row(PAGE, "GET", "/api/docs/redoc/", _all("200"), "Redoc, from our own files"),
    Row(PAGE, "GET", "/account/tokens/", _desk("200"), "one's own API tokens"),
    Row(
        PAGE,
        "GET",
        "/admin/",
        (LOGIN, LOGIN, LOGIN, LOGIN, "200"),
        "the Django admin: admins only",
    ),
    # --- pages: writing -------------------------------------------------------------
    Row(
        PAGE,
        "POST",
        "/articles/new/",
        _desk("302"),
        data=lambda w: {"mode": "text", "text": "The port moved 3 million boxes."},
    ),
    Row(
        PAGE,
        "POST",
        "/articles/new/metadata/",
        _desk("200"),
        "what the pasted text's header says (htmx)",
        data=lambda w: {"text": "A headline\nBy Jane Doe\nMarch 3, 2026\n\nText."},
    ),
    Row(
        PAGE,
        "POST",
        "/articles/{draft}/claims/",
        _desk("302"),
        "a claim from a selection",
        data=lambda w: {"start": w.headline.start, "end": w.headline.end},
    ),
    Row(
        PAGE,
        "POST",
        "/articles/{draft}/blind-review/",
        _editors("302"),
        data=lambda w: {"blind_review": "on"},
    ),
    Row(
        PAGE,
        "POST",
        "/articles/{draft}/language/",
        _desk("302"),
        data=lambda w: {"language": "es"},
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/rebound/",
        _desk("302"),
        data=_v(
            "worked_claim",
            start=lambda w: w.worked_claim.start,
            end=lambda w: w.worked_claim.end - 1,
        ),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/rebound/",
        _desk("409"),
        "the text of a submitted claim is locked",
        data=_v(
            "submitted_claim",
            start=lambda w: w.submitted_claim.start,
            end=lambda w: w.submitted_claim.end - 1,
        ),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/split/",
        _desk("302"),
        data=_v("worked_claim", at=lambda w: _between_words(w.worked_claim)),
    ),
    Row(
        PAGE,
        "POST",
        "/articles/{draft}/table/bulk/",
        _desk("302"),
        "dismiss ticked segments",
        data=lambda w: {
            "claims": [f"{w.open_claim.pk}:{w.open_claim.version}"],
            "action": "dismiss",
            "reason": "Not a checkable claim",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/articles/{draft}/table/bulk/",
        _editors("302"),
        "assign ticked segments: editors only",
        data=lambda w: {
            "claims": [f"{w.open_claim.pk}:{w.open_claim.version}"],
            "action": "assign",
            "assignees": [w.rita.pk],
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/carve/",
        _desk("302"),
        "a span of the claim becomes a claim of its own",
        data=_v(
            "worked_claim",
            start=lambda w: w.worked_claim.start,
            end=lambda w: w.worked_claim.start + 10,
        ),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/carve/",
        _desk("409"),
        "the text of a submitted claim is locked",
        data=_v(
            "submitted_claim",
            start=lambda w: w.submitted_claim.start,
            end=lambda w: w.submitted_claim.start + 10,
        ),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{open_claim}/merge/",
        _desk("409"),
        "the next claim has a rating: merging would lose it",
        data=_v("open_claim"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{open_claim}/dismiss/",
        _desk("302"),
        data=_v("open_claim", reason="Opinion"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{dismissed_claim}/restore/",
        _desk("302"),
        data=_v("dismissed_claim"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{open_claim}/kind/",
        _desk("302"),
        data=_v("open_claim", kind="opinion"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/attribution/",
        _desk("302"),
        data=_v("worked_claim", attribution="the city's transit agency"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/submit/",
        (LOGIN, "302", "409", "409", "409"),
        "only someone who rated it can submit",
        data=_v("worked_claim"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/withdraw/",
        (LOGIN, "302", "409", "409", "409"),
        "only the submitter withdraws their submission",
        data=_v("submitted_claim"),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/approve/",
        _editors("302"),
        data=_v(
            "submitted_claim",
            label=lambda w: w.label_true.pk,
            explanation="Two documents confirm it.",
        ),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/return/",
        _editors("302"),
        data=_v("submitted_claim", comment="Cite the primary document."),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{approved_claim}/reopen/",
        _editors("302"),
        data=_v("approved_claim", reason="A correction came in."),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{open_claim}/assign/",
        _editors("302"),
        data=_v("open_claim", assignees=lambda w: [w.sam.pk]),
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/comments/",
        _desk("302"),
        data=lambda w: {"body": "@sam can you check the second source?"},
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/citations/",
        _desk("302"),
        data=lambda w: {
            "url": "https://example.net/new-report",
            "title": "A new report",
            "kind": "news",
            "stance": "supports",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/citations/",
        _desk("409"),
        "evidence is locked once submitted",
        data=lambda w: {
            "url": "https://example.net/late-report",
            "title": "A late report",
            "kind": "news",
            "stance": "supports",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/citations/upload/",
        _desk("302"),
        "an evidence file cited as a new source",
        data=lambda w: {
            "file": SimpleUploadedFile("memo.txt", b"The budget memo, page 2."),
            "kind": "primary",
            "stance": "supports",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/citations/upload/",
        _desk("409"),
        "evidence is locked once submitted",
        data=lambda w: {
            "file": SimpleUploadedFile("late.txt", b"A late memo."),
            "kind": "primary",
            "stance": "supports",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/source-archive/",
        _desk("302"),
        "an archived copy for a cited source that has none",
        data=lambda w: {
            "source_id": w.source.pk,
            "archive_url": "https://web.archive.org/web/2024/https://example.org/memo",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/reuse-citations/",
        _desk("302"),
        "cite what an approved claim elsewhere cites",
        data=lambda w: {"from_claim": w.published_claim.pk},
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/reuse-citations/",
        _desk("409"),
        "evidence is locked once submitted",
        data=lambda w: {"from_claim": w.published_claim.pk},
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/citations/edit/",
        (LOGIN, "302", "403", "403", "403"),
        "Rita's citation: only Rita edits it",
        data=lambda w: {
            "citation_id": w.rita_citation.pk,
            "seen": w.rita_citation.updated_at.isoformat(),
            "stance": "context",
            "quote": "changed",
        },
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/rating/",
        _desk("302"),
        "each person sets their own rating",
        data=lambda w: {"label": w.label_true.pk, "confidence": 2},
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{submitted_claim}/rating/",
        _desk("409"),
        "ratings are locked once submitted",
        data=lambda w: {"label": w.label_true.pk, "confidence": 2},
    ),
    Row(
        PAGE,
        "POST",
        "/claims/{worked_claim}/rating/remove/",
        (LOGIN, "302", "403", "302", "302"),
        "Rita's rating: Rita or an editor removes it",
        data=lambda w: {"rating_id": w.rita_rating.pk},
    ),
    Row(
        PAGE,
        "POST",
        "/citations/{rita_citation}/remove/",
        (LOGIN, "302", "403", "302", "302"),
        "Rita's citation: Rita or an editor removes it",
    ),
    Row(
        PAGE,
        "POST",
        "/citations/{sam_citation}/remove/",
        (LOGIN, "403", "302", "302", "302"),
        "Sam's citation: Sam or an editor removes it",
    ),
    Row(
        PAGE,
        "POST",
        "/notifications/{rita_note}/open/",
        (LOGIN, "302", "404", "404", "404"),
        "only its recipient opens a notification",
    ),
    Row(PAGE, "POST", "/notifications/read-all/", _desk("302")),
    Row(
        PAGE,
        "POST",
        "/account/tokens/",
        _desk("200"),
        "makes a token; the key is shown once",
        data=lambda w: {"action": "create", "name": "CMS import"},
    ),
    Row(PAGE, "POST", "/gaps/scan/start/", _editors("302")),
    Row(PAGE, "POST", "/accounts/logout/", _all("302")),
    Row(
        PAGE,
        "POST",
        "/account/language/",
        _desk("302"),
        "saves one's interface language",
        data=lambda w: {"language": "es"},
    ),
    Row(
        PAGE,
        "POST",
        "/desk/settings/",
        (LOGIN, "403", "403", "403", "200"),
        "changes the desk's own settings",
        data=lambda w: {
            "ratings_required": "1",
            "min_sources": "2",
            "checkworthy": "0.5",
            "blocking": ["no_source"],
        },
    ),
    Row(
        PAGE,
        "POST",
        "/account/desk/",
        _desk("302"),
        "chooses the desk one's pages work in (one of one's own)",
        data=lambda w: {"workspace": w.draft.workspace_id},
    ),
    Row(
        PAGE,
        "GET",
        "/desk/members/",
        (LOGIN, "403", "403", "403", "200"),
        "the desk's members and invitations: its admins only",
    ),
    Row(
        PAGE,
        "POST",
        "/desk/members/",
        (LOGIN, "403", "403", "403", "302"),
        "changes a member's role",
        data=lambda w: {"action": "role", "member": w.rita.pk, "role": "editor"},
    ),
    Row(
        PAGE,
        "GET",
        "/desk/webhooks/",
        (LOGIN, "403", "403", "403", "200"),
        "the desk's webhooks and their delivery log: its admins only",
    ),
    Row(
        PAGE,
        "POST",
        "/desk/webhooks/",
        (LOGIN, "403", "403", "403", "200"),
        "adds a webhook (the answer shows its secret, once)",
        data=lambda w: {
            "action": "add",
            "url": "https://partner.example.org/in",
            "events": ["published", "corrected"],
        },
    ),
    Row(
        PAGE,
        "GET",
        "/invite/no-such-key/",
        _all("404"),
        "an invitation's link: an unknown one is refused",
    ),
    Row(
        PAGE,
        "POST",
        "/invite/no-such-key/",
        _all("404"),
        "accepting an unknown invitation",
    ),
    Row(
        PAGE,
        "POST",
        "/i18n/setlang/",
        _all("302"),
        "a visitor's language, as a cookie",
        data=lambda w: {"language": "es"},
    ),
    Row(PAGE, "GET", "/i18n/js/", _all("200"), "the scripts' words, translated"),
    # --- the public reports ---------------------------------------------------------
    Row(PAGE, "GET", "/reports/", _all("200"), "the public index"),
    Row(PAGE, "GET", "/reports/{published}/", _all("200"), "the public report"),
    Row(
        PAGE,
        "GET",
        "/reports/{draft}/",
        _all("404"),
        "no report until it is published",
    ),
    Row(PAGE, "GET", "/reports/{published}/r/1/", _all("200")),
    Row(PAGE, "GET", "/reports/{published}/export/json/", _all("200")),
    Row(PAGE, "GET", "/reports/{published}/r/1/export/md/", _all("200")),
    Row(PAGE, "GET", "/reports/feed.atom", _all("200"), "every desk's Atom feed"),
    Row(PAGE, "GET", "/reports/feed.json", _all("200"), "the same as JSON Feed"),
    # The first desk's own path (docs/DESKS.md, "Public reports"); every article of
    # the world is in the first desk, slug "desk".
    Row(
        PAGE,
        "GET",
        "/reports/{published}/captures/{capture}/",
        _all("200"),
        "a capture the report cites",
    ),
    Row(PAGE, "GET", "/reports/{published}/captures/{capture}/text/", _all("200")),
    Row(
        PAGE,
        "GET",
        "/reports/{published}/captures/{draft_capture}/",
        _all("404"),
        "no revision cites it",
    ),
    Row(PAGE, "GET", "/reports/{draft}/captures/{draft_capture}/text/", _all("404")),
    Row(PAGE, "GET", "/w/desk/reports/{published}/captures/{capture}/", _all("200")),
    Row(
        PAGE, "GET", "/w/desk/reports/{published}/captures/{capture}/text/", _all("200")
    ),
    Row(PAGE, "GET", "/w/desk/reports/", _all("200"), "the desk's public index"),
    Row(PAGE, "GET", "/w/desk/reports/feed.atom", _all("200"), "the desk's feed"),
    Row(PAGE, "GET", "/w/desk/reports/feed.json", _all("200"), "as JSON Feed"),
    Row(PAGE, "GET", "/w/desk/reports/{published}/", _all("200")),
    Row(PAGE, "GET", "/w/desk/reports/{draft}/", _all("404"), "not published"),
    Row(PAGE, "GET", "/w/nowhere/reports/", _all("404"), "no desk has this slug"),
    Row(PAGE, "GET", "/w/nowhere/reports/{published}/", _all("404")),
    Row(PAGE, "GET", "/w/desk/reports/{published}/r/1/", _all("200")),
    Row(PAGE, "GET", "/w/desk/reports/{published}/export/json/", _all("200")),
    Row(PAGE, "GET", "/w/desk/reports/{published}/r/1/export/md/", _all("200")),
    Row(PAGE, "GET", "/reports/{draft}/preview/", _desk("200"), "what it would say"),
    Row(PAGE, "GET", "/reports/{draft}/status/", _desk("200"), "htmx status line"),
    Row(PAGE, "GET", "/reports/{draft}/publish/", _editors("200")),
    Row(
        PAGE,
        "POST",
        "/reports/{draft}/publish/",
        _editors("302"),
        "not verified: only with a written reason",
        data=lambda w: {"action": "publish", "override_reason": "Breaking news."},
    ),
    Row(
        PAGE,
        "POST",
        "/reports/{published}/publish/",
        _editors("302"),
        "unpublish, with a reason",
        data=lambda w: {"action": "unpublish", "reason": "Legal review."},
    ),
    Row(API, "GET", f"{A}/reports/", _all("200"), "published reports"),
    Row(API, "GET", f"{A}/reports/{{published}}/", _all("200")),
    Row(API, "GET", f"{A}/reports/{{draft}}/", _all("404")),
    Row(API, "GET", f"{A}/reports/{{published}}/revisions/", _all("200")),
    Row(API, "GET", f"{A}/reports/{{published}}/export/w3c/", _all("200")),
    Row(
        API,
        "POST",
        f"{A}/reports/{{draft}}/publish/",
        _editors("201", anonymous="401"),
        data=lambda w: {"override_reason": "Breaking news."},
    ),
    Row(
        API,
        "POST",
        f"{A}/reports/{{published}}/unpublish/",
        _editors("204", anonymous="401"),
        data=lambda w: {"reason": "Legal review."},
    ),
    Row(
        API,
        "POST",
        f"{A}/reports/{{draft}}/import-annotations/",
        _editors("200", anonymous="401"),
        "an empty list imports nothing",
        data=lambda w: [],
    ),
    # --- API: reading ---------------------------------------------------------------
    Row(API, "GET", f"{A}/", _all("200"), "the API root"),
    Row(API, "GET", "/api/schema/", _all("200"), "the OpenAPI schema"),
    Row(
        API,
        "GET",
        f"{A}/articles/",
        _desk("200", anonymous="401"),
        "the desk's view; the public reads /reports/",
    ),
    Row(API, "GET", f"{A}/articles/{{draft}}/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/articles/{{published}}/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/articles/{{draft}}/claims/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/articles/{{draft}}/activity/", _desk("200", anonymous="401")),
    Row(
        API, "GET", f"{A}/articles/{{draft}}/agreement/", _desk("200", anonymous="401")
    ),
    Row(API, "GET", f"{A}/claims/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/claims/{{worked_claim}}/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/claims/{{published_claim}}/", _desk("200", anonymous="401")),
    Row(
        API,
        "GET",
        f"{A}/claims/{{worked_claim}}/history/",
        _desk("200", anonymous="401"),
    ),
    Row(API, "GET", f"{A}/sources/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/sources/{{source}}/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/citations/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/citations/{{rita_citation}}/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/ratings/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/rating-labels/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/gaps/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/gaps/{{gap}}/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/comments/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/review-queue/", _editors("200", anonymous="401")),
    Row(API, "GET", f"{A}/agreement/", _desk("200", anonymous="401")),
    Row(API, "GET", f"{A}/notifications/", _desk("200", anonymous="401")),
    Row(
        API,
        "GET",
        f"{A}/workspaces/",
        _desk("200", anonymous="401"),
        "one's desks and one's role in each",
    ),
    Row(
        API,
        "GET",
        f"{A}/workspaces/desk/webhooks/",
        (*ADMIN_API_403[:4], "200"),
        "the desk's webhooks, without their secrets: its admins only",
    ),
    Row(
        API,
        "GET",
        f"{A}/workspaces/desk/webhooks/{{webhook}}/",
        (*ADMIN_API_403[:4], "200"),
    ),
    Row(
        API,
        "GET",
        f"{A}/workspaces/desk/webhooks/{{webhook}}/deliveries/",
        (*ADMIN_API_403[:4], "200"),
        "each delivery with the receiver's status code",
    ),
    # --- API: writing ---------------------------------------------------------------
    Row(
        API,
        "POST",
        f"{A}/articles/",
        _desk("201", anonymous="401"),
        data=lambda w: {"text": "The port moved 3 million boxes in 2023."},
    ),
    Row(
        API,
        "POST",
        f"{A}/articles/{{draft}}/blind-review/",
        _editors("200", anonymous="401"),
        data=lambda w: {"blind_review": True},
    ),
    Row(
        API,
        "POST",
        f"{A}/articles/{{draft}}/language/",
        _desk("200", anonymous="401"),
        data=lambda w: {"language": "es"},
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/",
        _desk("201", anonymous="401"),
        data=lambda w: {
            "article": w.draft.pk,
            "start": w.headline.start,
            "end": w.headline.end,
        },
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{worked_claim}}/rebound/",
        _desk("200", anonymous="401"),
        data=_v(
            "worked_claim",
            start=lambda w: w.worked_claim.start,
            end=lambda w: w.worked_claim.end - 1,
        ),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{approved_claim}}/split/",
        _desk("409", anonymous="401"),
        "an approved claim's text is locked",
        data=_v("approved_claim", at=lambda w: _between_words(w.approved_claim)),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{worked_claim}}/split/",
        _desk("200", anonymous="401"),
        data=_v("worked_claim", at=lambda w: _between_words(w.worked_claim)),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{open_claim}}/merge/",
        _desk("409", anonymous="401"),
        "the next claim has a rating",
        data=_v("open_claim"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{open_claim}}/dismiss/",
        _desk("200", anonymous="401"),
        data=_v("open_claim", reason="Opinion"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{dismissed_claim}}/restore/",
        _desk("200", anonymous="401"),
        data=_v("dismissed_claim"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{open_claim}}/kind/",
        _desk("200", anonymous="401"),
        data=_v("open_claim", kind="opinion"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{approved_claim}}/attribution/",
        _desk("409", anonymous="401"),
        "an approved claim's attribution is locked with its text",
        data=_v("approved_claim", attribution="the clerk"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{worked_claim}}/submit/",
        ("401", "200", "409", "409", "409"),
        "only someone who rated it can submit",
        data=_v("worked_claim"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{submitted_claim}}/withdraw/",
        ("401", "200", "409", "409", "409"),
        data=_v("submitted_claim"),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{submitted_claim}}/approve/",
        _editors("200", anonymous="401"),
        data=_v("submitted_claim", label="true", explanation="Two documents agree."),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{worked_claim}}/approve/",
        _editors("409", anonymous="401"),
        "only a submitted claim can be approved",
        data=_v("worked_claim", label="true", explanation="Two documents agree."),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{submitted_claim}}/return/",
        _editors("200", anonymous="401"),
        data=_v("submitted_claim", comment="Cite the primary document."),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{approved_claim}}/reopen/",
        _editors("200", anonymous="401"),
        data=_v("approved_claim", reason="A correction came in."),
    ),
    Row(
        API,
        "POST",
        f"{A}/claims/{{open_claim}}/assign/",
        _editors("200", anonymous="401"),
        data=_v("open_claim", assignees=lambda w: [w.sam.pk]),
    ),
    Row(
        API,
        "POST",
        f"{A}/sources/",
        _desk("201", anonymous="401"),
        data=lambda w: {"url": "https://example.net/fresh", "title": "Fresh"},
    ),
    Row(
        API,
        "POST",
        f"{A}/citations/",
        _desk("201", anonymous="401"),
        data=lambda w: {
            "claim": w.worked_claim.pk,
            "source_url": "https://example.net/new-report",
            "source_title": "A new report",
            "stance": "supports",
        },
    ),
    Row(
        API,
        "POST",
        f"{A}/citations/upload/",
        _desk("201", anonymous="401"),
        "multipart: an evidence file cited as a new source",
        data=lambda w: {
            "claim": w.worked_claim.pk,
            "stance": "supports",
            "file": SimpleUploadedFile("memo.txt", b"The budget memo, page 3."),
        },
    ),
    Row(
        API,
        "POST",
        f"{A}/citations/",
        _desk("409", anonymous="401"),
        "on the approved claim: evidence is locked",
        data=lambda w: {
            "claim": w.approved_claim.pk,
            "source_url": "https://example.net/late",
            "source_title": "Late",
            "stance": "supports",
        },
    ),
    Row(
        API,
        "PATCH",
        f"{A}/citations/{{rita_citation}}/",
        ("401", "200", "403", "403", "403"),
        "Rita's citation: only Rita edits it",
        data=lambda w: {
            "quote": "changed",
            "updated_at": w.rita_citation.updated_at.isoformat(),
        },
    ),
    Row(
        API,
        "DELETE",
        f"{A}/citations/{{rita_citation}}/",
        ("401", "204", "403", "204", "204"),
        "Rita's citation: Rita or an editor removes it",
    ),
    Row(
        API,
        "DELETE",
        f"{A}/citations/{{sam_citation}}/",
        ("401", "403", "204", "204", "204"),
        "Sam's citation",
    ),
    Row(
        API,
        "POST",
        f"{A}/ratings/",
        _desk("201", anonymous="401"),
        "each person adds their own",
        data=lambda w: {"claim": w.open_claim.pk, "label": "true"},
    ),
    Row(
        API,
        "PUT",
        f"{A}/ratings/mine/",
        ("401", "200", "201", "201", "201"),
        "Rita already rated the worked claim: hers is replaced",
        data=lambda w: {"claim": w.worked_claim.pk, "label": "false"},
    ),
    Row(
        API,
        "DELETE",
        f"{A}/ratings/{{rita_rating}}/",
        ("401", "204", "403", "204", "204"),
        "Rita's rating: Rita or an editor removes it",
    ),
    Row(
        API,
        "POST",
        f"{A}/comments/",
        _desk("201", anonymous="401"),
        data=lambda w: {"claim": w.worked_claim.pk, "body": "@rita see the memo"},
    ),
    Row(
        API,
        "POST",
        f"{A}/workspaces/desk/webhooks/",
        (*ADMIN_API_403[:4], "201"),
        "adds a webhook (the answer shows its secret, once)",
        data=lambda w: {
            "url": "https://partner.example.org/other",
            "events": ["published"],
        },
    ),
    Row(
        API,
        "PATCH",
        f"{A}/workspaces/desk/webhooks/{{webhook}}/",
        (*ADMIN_API_403[:4], "200"),
        "changes its address or events, or disables it",
        data=lambda w: {"active": False},
    ),
    Row(
        API,
        "DELETE",
        f"{A}/workspaces/desk/webhooks/{{webhook}}/",
        (*ADMIN_API_403[:4], "204"),
    ),
    Row(
        API,
        "POST",
        f"{A}/workspaces/desk/webhooks/{{webhook}}/rotate-secret/",
        (*ADMIN_API_403[:4], "200"),
        "a new secret, shown once",
    ),
    Row(
        API,
        "POST",
        f"{A}/workspaces/desk/webhooks/{{webhook}}/deliveries/{{failed_delivery}}/resend/",
        (*ADMIN_API_403[:4], "200"),
        "sends a failed delivery again",
    ),
    Row(
        API,
        "POST",
        f"{A}/notifications/read/",
        _desk("200", anonymous="401"),
        "marks only the caller's own",
        data=lambda w: {"ids": [w.rita_note.pk]},
    ),
]


def markdown_table() -> str:
    """The matrix as the Markdown table docs/ROLES.md shows."""
    head = ["Surface", "Method", "Path", *(role.capitalize() for role in ROLES), "Note"]
    lines = [
        "| " + " | ".join(head) + " |",
        "|" + "|".join("---" for _ in head) + "|",
    ]
    for row in ROWS:
        cells = [
            row.surface,
            row.method,
            f"`{row.path}`",
            *row.expect,
            row.note,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
