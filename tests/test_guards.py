"""Guards that mutation testing found unprotected: each test here goes red when the
guard it names is removed (docs/SECURITY.md, "Guards").

- `_has_work` (annotations/services/common.py): a segment someone worked on is
  never cut or deleted to make room for a new claim, whether the claim comes from a
  reviewer's selection or from an imported annotation.
- The article body is never rewritten once claims anchor into it: `article_update`
  refuses it, the admin page does not offer it, the API has no verb for it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.errors import Conflict, InvalidInput
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Rating,
    Verdict,
)
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db

BODY = (
    "Harbour budget approved\n\n"
    "The council approved the harbour budget on Monday. "
    "Critics said the dredging plan was rushed. "
    "The port moved 4 million containers in 2025."
)
HEADLINE = "Harbour budget approved"


@pytest.fixture
def article(db):
    article = Article.objects.create(title=HEADLINE, body=BODY)
    pieces = [HEADLINE, *(s.strip() + "." for s in BODY[25:].split(".") if s.strip())]
    claims = factories.claims_for(article, pieces, checkworthiness=0.6)
    Claim.objects.filter(pk=claims[0].pk).update(kind="headline")
    return article


def segment(article, text: str) -> Claim:
    return Claim.objects.get(article=article, text=text)


def cite(claim, user) -> Citation:
    source = factories.SourceFactory(title="Council minutes")
    return services.citation_add(
        claim=claim, source=source, stance="context", user=user, quote="Approved."
    )


def annotation(exact: str, *, slug: str = "True") -> dict:
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "id": "urn:example:1",
        "target": {"selector": {"type": "TextQuoteSelector", "exact": exact}},
        "body": [
            {"type": "TextualBody", "purpose": "assessing", "value": slug},
            {"type": "TextualBody", "purpose": "commenting", "value": "Checked."},
        ],
    }


def _offsets_hold(article) -> None:
    body = Article.objects.get(pk=article.pk).body
    for claim in Claim.objects.filter(article=article):
        assert body[claim.start : claim.end] == claim.text


# --- _has_work, through every way a new claim comes in ------------------------------

PATHS = ["selection (service)", "selection (page)", "selection (API)", "import (API)"]


def _new_claim_over(path: str, article, start: int, end: int, reviewer, editor):
    """Try to make a claim over [start, end) the way `path` does; the HTTP status
    (or 409 / 201 for the service)."""
    if path == "selection (service)":
        try:
            services.claim_create(article=article, start=start, end=end, user=reviewer)
        except Conflict:
            return 409
        return 201
    if path == "selection (page)":
        client = Client()
        client.force_login(reviewer)
        response = client.post(
            f"/articles/{article.pk}/claims/",
            {"start": start, "end": end},
            HTTP_HX_REQUEST="true",
        )
        return 201 if response.status_code == 200 else response.status_code
    api = APIClient()
    if path == "selection (API)":
        api.force_authenticate(reviewer)
        response = api.post(
            "/api/v1/claims/",
            {"article": article.pk, "start": start, "end": end},
            format="json",
        )
        return response.status_code
    api.force_authenticate(editor)
    response = api.post(
        f"/api/v1/reports/{article.pk}/import-annotations/",
        [annotation(BODY[start:end])],
        format="json",
    )
    assert response.status_code == 200
    return 201 if response.json()["imported"] else 409


@pytest.mark.parametrize("path", PATHS)
def test_a_selection_over_a_cited_headline_never_deletes_its_citation(
    path, article, reviewer, editor
):
    """The whole headline and a part of it: refused; the citation stays."""
    headline = segment(article, HEADLINE)
    citation = cite(headline, reviewer)
    for start, end in [(0, len(HEADLINE)), (0, 7), (8, len(HEADLINE))]:
        if path == "import (API)" and (start, end) == (0, len(HEADLINE)):
            continue  # an import onto exactly that segment has its own refusal
        assert _new_claim_over(path, article, start, end, reviewer, editor) == 409
        assert Citation.objects.filter(pk=citation.pk, claim=headline).exists()
        headline.refresh_from_db()
        assert (headline.start, headline.end) == (0, len(HEADLINE))
    _offsets_hold(article)


@pytest.mark.parametrize("path", PATHS)
def test_a_selection_over_a_plain_headline_trims_it(path, article, reviewer, editor):
    """The control: with nobody's work on it, the headline makes room."""
    assert _new_claim_over(path, article, 0, 7, reviewer, editor) == 201
    assert segment(article, "budget approved").kind == "headline"
    _offsets_hold(article)


def _worked(article, how: str, reviewer, editor) -> Claim:
    """The second segment, dismissed (so only the kind of work named makes it
    worked-on), with that one kind of work on it."""
    claim = segment(article, "Critics said the dredging plan was rushed.")
    if how == "citation":
        cite(claim, reviewer)  # before the dismissal: dismissed claims take none
    claim.refresh_from_db()
    services.claim_dismiss(claim=claim, reason="Opinion", user=reviewer)
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.OPEN)
    if how == "rating":
        Rating.objects.create(claim=claim, reviewer=reviewer, label=label("true"))
    elif how == "verdict":
        Verdict.objects.create(
            claim=claim, label=label("true"), explanation="Checked.",
            approved_by=editor, approved_at=timezone.now(),
        )  # fmt: skip
    elif how == "status":
        Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.RETURNED)
    claim.refresh_from_db()
    return claim


@pytest.mark.parametrize("how", ["citation", "rating", "verdict", "status"])
def test_any_kind_of_work_keeps_a_segment_from_being_cut_by_an_import(
    how, article, reviewer, editor
):
    """Imports cut untouched claims to fit: each kind of work alone stops them."""
    worked = _worked(article, how, reviewer, editor)
    start = worked.start - 10
    with pytest.raises(Conflict, match=f"overlaps claim #{worked.pk}"):
        services.claim_import(
            article=article, start=start, end=worked.start + 8, user=editor,
            label="true", explanation="Checked.", citations=[], origin="test",
        )  # fmt: skip
    assert Claim.objects.filter(pk=worked.pk, start=worked.start).exists()
    _offsets_hold(article)


def test_an_untouched_dismissed_segment_makes_room_for_an_import(
    article, reviewer, editor
):
    worked = _worked(article, "nothing", reviewer, editor)
    claim = services.claim_import(
        article=article, start=worked.start, end=worked.start + 14, user=editor,
        label="true", explanation="Checked.", citations=[], origin="test",
    )  # fmt: skip
    assert claim.text == "Critics said t"
    _offsets_hold(article)


def test_an_untouched_live_claim_is_work_for_a_selection_but_not_for_an_import(
    article, reviewer, editor
):
    live = segment(article, "The port moved 4 million containers in 2025.")
    with pytest.raises(Conflict):
        services.claim_create(
            article=article, start=live.start, end=live.start + 8, user=reviewer
        )
    claim = services.claim_import(
        article=article, start=live.start, end=live.start + 8, user=editor,
        label="true", explanation="Checked.", citations=[], origin="test",
    )  # fmt: skip
    assert claim.text == "The port"
    _offsets_hold(article)


# --- the body is never rewritten ----------------------------------------------------

NEW_BODY = "Something else entirely.\n\nNo claim anchors here."


def test_the_service_refuses_to_change_the_body(article, reviewer):
    with pytest.raises(InvalidInput, match="cannot be changed: body"):
        services.article_update(
            article=article, user=reviewer, body=NEW_BODY, title="New title"
        )
    article.refresh_from_db()
    assert (article.body, article.title) == (BODY, HEADLINE)
    _offsets_hold(article)


def test_the_admin_page_keeps_the_body(article, admin_user):
    client = Client()
    client.force_login(admin_user)
    url = f"/admin/annotations/article/{article.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "title": "Harbour budget (corrected)",
            "url": "",
            "publisher": "The Gazette",
            "byline": "",
            "published_on": "",
            "language": "en",
            "body": NEW_BODY,
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Harbour budget (corrected)"
    assert article.body == BODY
    _offsets_hold(article)


@pytest.mark.parametrize("method", ["put", "patch"])
def test_the_api_has_no_way_to_change_the_body(article, editor, method):
    api = APIClient()
    api.force_authenticate(editor)
    response = getattr(api, method)(
        f"/api/v1/articles/{article.pk}/",
        {"body": NEW_BODY, "title": "Changed"},
        format="json",
    )
    assert response.status_code == 405
    article.refresh_from_db()
    assert (article.body, article.title) == (BODY, HEADLINE)
