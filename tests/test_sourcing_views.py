"""Sourcing helpers over HTTP: the archived-copy fields, one URL check on the page and
in the API, the duplicate-import warning, "Already checked" and reusing its sources."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from annotations import services
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    RatingLabel,
    Source,
    SourcingGap,
)
from annotations.sourcing import scanner
from tests import factories
from tests.api import API, client_for

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
BODY = (
    "Harbour tolls rose 12 percent in 2023, the port authority said. "
    "Critics called the rise unfair to small ferry operators."
)
ARCHIVE = "https://web.archive.org/web/20240102030405/https://port.example.org/tolls"


@pytest.fixture
def scale():
    from annotations.ratingscale import ensure_default_scale

    return ensure_default_scale()


@pytest.fixture
def claim(scale):
    article = factories.ArticleFactory(body=BODY)
    return factories.claims_for(article, checkworthiness=0.8)[0]


@pytest.fixture
def rclient(client, reviewer):
    client.force_login(reviewer)
    return client


def panel(client, claim) -> str:
    url = reverse("article-detail", args=[claim.article_id]) + f"?claim={claim.pk}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def cite_data(**fields):
    return {"kind": "news", "stance": "supports", **fields}


# --- the citation form ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://port.example.org/a report", "contains a space"),
        ('https://port.example.org/"memo"', "which a web address cannot hold"),
        ("port.example.org/memo", "must start with http:// or https://"),
    ],
)
def test_a_bad_source_url_is_a_400_next_to_the_field_and_the_api_agrees(
    rclient, reviewer, claim, url, says
):
    response = rclient.post(
        reverse("citation-add", args=[claim.pk]),
        cite_data(url=url, title="Memo"),
        **HTMX,
    )
    assert response.status_code == 400
    page = response.content.decode()
    field = page.split('for="cite-url"', 1)[1].split("</div>", 1)[0]
    assert says in field
    assert 'role="alert"' in field
    assert not Source.objects.exists()
    api = client_for(reviewer).post(
        f"{API}/citations/",
        {"claim": claim.pk, "source_url": url, "source_title": "Memo",
         "stance": "supports"},
        format="json",
    )  # fmt: skip
    assert api.status_code == 400
    assert not Source.objects.exists()


def test_the_citation_form_has_an_archive_field_and_a_lookup_link(rclient, claim):
    page = panel(rclient, claim)
    assert 'name="archive_url"' in page
    assert "Look up an archived copy" in page
    assert "annotations/archive.js" in page


def test_citing_with_an_archived_copy_stores_it_on_the_source(rclient, claim):
    response = rclient.post(
        reverse("citation-add", args=[claim.pk]),
        cite_data(
            url="https://port.example.org/tolls", title="Tolls", archive_url=ARCHIVE
        ),
    )
    assert response.status_code == 302
    assert Source.objects.get().archive_url == ARCHIVE


def test_a_bad_archive_url_is_a_400_next_to_its_field(rclient, claim):
    response = rclient.post(
        reverse("citation-add", args=[claim.pk]),
        cite_data(url="https://port.example.org/tolls", archive_url="archive of it"),
        **HTMX,
    )
    assert response.status_code == 400
    field = response.content.decode().split('for="cite-archive_url"', 1)[1]
    assert "The archive URL contains a space" in field.split("</div>", 1)[0]
    assert not Source.objects.exists()


# --- an archived copy for a source already cited --------------------------------------


def test_a_cited_source_without_archive_offers_the_form_and_saving_resolves_the_gap(
    rclient, reviewer, claim
):
    citation = services.citation_add_with_source(
        claim=claim,
        user=reviewer,
        stance="supports",
        url="https://port.example.org/tolls",
    )
    scanner.scan_pending()
    assert SourcingGap.objects.filter(
        claim=claim, kind="no_archive", resolved_at__isnull=True
    ).exists()
    page = panel(rclient, claim)
    assert "No archived copy: add one" in page
    assert "https://web.archive.org/web/*/https://port.example.org/tolls" in page
    response = rclient.post(
        reverse("source-archive", args=[claim.pk]),
        {"source_id": citation.source_id, "archive_url": ARCHIVE},
    )
    assert response.status_code == 302
    citation.source.refresh_from_db()
    assert citation.source.archive_url == ARCHIVE
    scanner.scan_pending()
    assert not SourcingGap.objects.filter(
        claim=claim, kind="no_archive", resolved_at__isnull=True
    ).exists()
    assert "No archived copy: add one" not in panel(rclient, claim)


def test_a_bad_archive_for_a_cited_source_is_a_400_beside_its_form(
    rclient, reviewer, claim
):
    citation = services.citation_add_with_source(
        claim=claim,
        user=reviewer,
        stance="supports",
        url="https://port.example.org/tolls",
    )
    response = rclient.post(
        reverse("source-archive", args=[claim.pk]),
        {"source_id": citation.source_id, "archive_url": 'https://a.org/"x"'},
        **HTMX,
    )
    assert response.status_code == 400
    page = response.content.decode()
    form = page.split('class="source-archive" open', 1)[1].split("</details>", 1)[0]
    assert "The archive URL contains" in form
    assert 'value="https://a.org/&quot;x&quot;"' in form  # what was typed stays
    citation.source.refresh_from_db()
    assert citation.source.archive_url == ""


def test_the_archive_form_is_for_sources_this_claim_cites(rclient, claim):
    other = factories.SourceFactory()
    response = rclient.post(
        reverse("source-archive", args=[claim.pk]),
        {"source_id": other.pk, "archive_url": ARCHIVE},
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.archive_url == ""


# --- duplicate imports ----------------------------------------------------------------


TEXT = "Ferry fares double\n\nFerry fares will double next year, the operator said."


def test_a_duplicate_paste_shows_the_warning_and_saves_nothing_until_asked(
    rclient, reviewer
):
    first = services.article_create(title="", body=TEXT, created_by=reviewer)
    response = rclient.post(reverse("article-new"), {"text": TEXT.upper()})
    assert response.status_code == 409
    page = response.content.decode()
    warning = page.split('id="duplicate-warning"', 1)[1].split("</div>", 1)[0]
    assert reverse("article-detail", args=[first.pk]) in warning
    assert "the same text" in warning
    assert 'name="allow_duplicate" value="1"' in warning
    # The warning's button comes after the form's own, so Enter never imports.
    assert page.index("Split into claims") < page.index("Import anyway")
    assert Article.objects.count() == 1
    response = rclient.post(
        reverse("article-new"), {"text": TEXT.upper(), "allow_duplicate": "1"}
    )
    assert response.status_code == 302
    assert Article.objects.count() == 2


def test_a_duplicate_upload_comes_back_as_text_so_the_file_is_not_needed(
    rclient, reviewer
):
    services.article_create(title="", body=TEXT, created_by=reviewer)
    upload = SimpleUploadedFile("ferry.txt", TEXT.encode(), content_type="text/plain")
    response = rclient.post(reverse("article-new"), {"file": upload})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ferry fares will double next year" in page.split('name="text"', 1)[1]
    assert 'value="Ferry fares double"' in page  # the file's title, kept
    response = rclient.post(
        reverse("article-new"),
        {"text": TEXT, "title": "Ferry fares double", "allow_duplicate": "1"},
    )
    assert response.status_code == 302
    assert Article.objects.filter(title="Ferry fares double").count() == 2


def test_a_known_url_warns_before_fetching(rclient, reviewer, monkeypatch):
    from annotations.sourcing import netfetch

    services.article_create(
        title="", body=TEXT, url="https://news.example.org/ferry", created_by=reviewer
    )
    monkeypatch.setattr(netfetch, "fetch", lambda *a, **k: pytest.fail("fetched"))
    response = rclient.post(
        reverse("article-new"), {"url": "https://news.example.org/ferry?utm_source=rss"}
    )
    assert response.status_code == 409
    assert "the same URL" in response.content.decode()


def test_the_api_answers_409_naming_the_article_unless_allowed(reviewer):
    api = client_for(reviewer)
    first = services.article_create(
        title="", body=TEXT, url="https://news.example.org/ferry", created_by=reviewer
    )
    response = api.post(f"{API}/articles/", {"text": TEXT}, format="json")
    assert response.status_code == 409
    assert response.data["code"] == "duplicatearticle"
    assert response.data["duplicate_of"] == {
        "id": first.pk,
        "title": first.title,
        "url": "https://news.example.org/ferry",
        "matched_by": "text",
    }
    assert Article.objects.count() == 1
    response = api.post(
        f"{API}/articles/", {"text": TEXT, "allow_duplicate": True}, format="json"
    )
    assert response.status_code == 201
    assert Article.objects.count() == 2


# --- already checked ------------------------------------------------------------------


def approved_elsewhere(text: str) -> Claim:
    article = factories.ArticleFactory(
        title="Port tolls checked", body=f"{text} More.", published_at=timezone.now()
    )
    (checked,) = factories.claims_for(article, [text], status=ClaimStatus.APPROVED)
    factories.VerdictFactory(
        claim=checked,
        label=RatingLabel.objects.get(scale__is_default=True, slug="true"),
    )
    factories.CitationFactory(claim=checked, quote="Tolls rose 12%.")
    factories.CitationFactory(claim=checked, quote="The authority's table.")
    return checked


def test_the_panel_shows_a_claim_already_checked_with_its_verdict_and_link(
    rclient, claim
):
    checked = approved_elsewhere(
        "The port authority said harbour tolls rose 12 percent in 2023."
    )
    page = panel(rclient, claim)
    section = page.split('id="already-checked"', 1)[1].split("</section>", 1)[0]
    link = reverse("article-detail", args=[checked.article_id]) + f"?claim={checked.pk}"
    assert link in section
    assert "Port tolls checked" in section
    assert "True" in section
    assert "Reuse its 2 sources" in section


def test_reusing_from_the_panel_copies_the_sources(rclient, claim):
    checked = approved_elsewhere(
        "The port authority said harbour tolls rose 12 percent in 2023."
    )
    response = rclient.post(
        reverse("claim-reuse-citations", args=[claim.pk]),
        {"from_claim": checked.pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert "Reused 2 citations of claim" in response.content.decode()
    assert set(claim.citations.values_list("quote", flat=True)) == {
        "Tolls rose 12%.",
        "The authority's table.",
    }


def test_a_locked_claim_shows_no_reuse_button_and_refuses_the_post(rclient, claim):
    approved_elsewhere("The port authority said harbour tolls rose 12 percent in 2023.")
    Claim.objects.filter(pk=claim.pk).update(status=ClaimStatus.SUBMITTED)
    page = panel(rclient, claim)
    assert 'id="already-checked"' in page
    assert "Reuse its" not in page
    checked = Claim.objects.get(status=ClaimStatus.APPROVED)
    response = rclient.post(
        reverse("claim-reuse-citations", args=[claim.pk]), {"from_claim": checked.pk}
    )
    assert response.status_code == 409
    assert not Citation.objects.filter(claim=claim).exists()


def test_nothing_alike_shows_no_section(rclient, claim):
    approved_elsewhere("The ferry carried 40,000 passengers in July.")
    assert 'id="already-checked"' not in panel(rclient, claim)
