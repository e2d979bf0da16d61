"""Saved news pages through the real import path: the story in, the page out.

Each page under tests/data/pages/ is an invented story in the chrome of one kind of
site (cable network, wire service, UK paper, blog, press release, live blog, AMP,
paywall, …); its JSON sidecar says what the import must give: the canonical URL,
title, publisher, date and authors, the story's first and last sentences, strings
of page furniture that must not reach the body, and optionally captions and
sub-headings that must be there with their kind, and lines that may be there but
never as claims.
"""

import datetime as dt
import html
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from annotations import services
from annotations.services.system import SYSTEM

PAGES = Path(__file__).resolve().parent / "data" / "pages"
PAGE_NAMES = sorted(path.stem for path in PAGES.glob("*.html"))

# What page chrome says, whatever the site: a claim segment saying one of these is
# furniture that got through. Written for this test, independently of the import's
# own rules.
CHROME = re.compile(
    r"(?i)all rights reserved|©|\bcopyright\b|\bcookies?\b|newsletter"
    r"|\bsign (?:up|in)\b|\bsubscribe\b|\bsubscriber\b|advertisement"
    r"|\bshare (?:this|on|via)\b|\bloading\b|\bread (?:more|next|also)\b|\brelated\b"
    r"|\bmost (?:read|popular|viewed)\b"
    r"|\btrending\b|\bfollow us\b|\b\d+ comments?\b|\bleave a (?:comment|reply)\b"
    r"|\bjoin the (?:discussion|conversation)\b|\bclick\b|\bdownload the\b"
    r"|\bprivacy policy\b|\bterms of (?:use|service)\b|\bour standards\b|\bpowered by\b"
    r"|\btell us\b|\bget in touch\b|\btips?\b.*\breporters?\b"
)


def test_the_corpus_is_large_and_varied():
    assert len(PAGE_NAMES) >= 20
    for name in PAGE_NAMES:
        assert (PAGES / f"{name}.json").exists(), name


def _byline(authors: list[str]) -> str:
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


@pytest.fixture(params=PAGE_NAMES)
def imported(request, db):
    name = request.param
    expected = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    article = services.article_import_file(
        created_by=SYSTEM,
        data=(PAGES / f"{name}.html").read_bytes(),
        filename=f"{name}.html",
    )
    return name, expected, article


def test_the_page_gives_its_metadata(imported):
    name, expected, article = imported
    published = expected["published_on"]
    assert article.url == expected["canonical_url"], name
    assert article.title == expected["title"], name
    assert article.publisher == expected["publisher"], name
    assert article.published_on == (
        dt.date.fromisoformat(published) if published else None
    ), name
    assert article.byline == _byline(expected["authors"]), name


def test_the_body_is_the_story_and_only_the_story(imported):
    name, expected, article = imported
    body = article.body
    assert expected["first_sentence"] in body, name
    assert expected["last_sentence"] in body, name
    found = [text for text in expected["forbidden"] if text in body]
    assert found == [], (name, found)


def test_no_page_furniture_is_a_claim(imported):
    name, expected, article = imported
    body = article.body
    claims = list(article.claims.order_by("start"))
    for claim in claims:
        assert body[claim.start : claim.end] == claim.text
    chrome = [
        claim.text
        for claim in claims
        if claim.kind == "claim" and CHROME.search(claim.text)
    ]
    assert chrome == [], (name, chrome)
    for line in expected.get("not_claims", []):
        # The line may be dropped as page chrome or kept as a footer; never a claim.
        holding = [c for c in claims if line in c.text or c.text in line]
        assert all(claim.kind != "claim" for claim in holding), (
            name,
            [(claim.kind, claim.text) for claim in holding],
        )


def test_story_captions_and_sub_headings_keep_their_kind(imported):
    name, expected, article = imported
    claims = list(article.claims.order_by("start"))
    for kind, key in (("caption", "captions"), ("headline", "headings")):
        for text in expected.get(key, []):
            holding = [claim for claim in claims if text in claim.text]
            assert holding, (name, key, text)
            assert {claim.kind for claim in holding} == {kind}, (
                name,
                [(claim.kind, claim.text) for claim in holding],
            )


# --- the same story pasted and uploaded -----------------------------------------------

PAGE = PAGES / "cable-network-flood.html"
CANONICAL = json.loads((PAGES / "cable-network-flood.json").read_text())[
    "canonical_url"
]
# The story as a reader copies it from the page, with the link they share.
PASTED = (
    "Mississippi River expected to crest near record in St. Louis as rain keeps "
    "falling\n\nBy Dana Whitfield and Marcus Bell, WNC\n"
    "Updated 3:42 PM EDT, Wed June 5, 2024\n\n"
    "St. Louis (WNC) — The Mississippi River is expected to crest at 43.5 feet in "
    "St. Louis on Saturday, the third-highest level on record, as another round of "
    "storms moves across the Upper Midwest, forecasters said Wednesday.\n\n"
    "That would put the river 13.5 feet above flood stage at the city's downtown "
    "gauge and within 6 feet of the record set during the Great Flood of 1993, "
    "according to the National Weather Service."
)
SHARED_LINK = CANONICAL + "?utm_source=twitter&utm_medium=social&fbclid=IwAR0x"


@pytest.fixture
def rclient(client, reviewer):
    client.force_login(reviewer)
    return client


def _upload(rclient):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    upload = SimpleUploadedFile("flood.html", PAGE.read_bytes(), "text/html")
    return rclient.post(reverse("article-new"), {"file": upload, "url": ""})


def test_an_uploaded_page_gets_its_canonical_url(rclient):
    from annotations.models import Article

    response = _upload(rclient)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.url == CANONICAL
    assert article.normalized_url == (
        "https://wnc.example/2024/06/05/weather/mississippi-river-crest-st-louis"
        "/index.html"
    )
    assert article.byline == "Dana Whitfield and Marcus Bell"
    assert article.publisher == "WNC"


def test_a_page_uploaded_after_its_story_was_pasted_with_its_link_warns(
    rclient, reviewer
):
    from annotations.models import Article

    pasted = services.article_create(
        title="", body=PASTED, url=SHARED_LINK, created_by=reviewer
    )
    response = _upload(rclient)
    assert response.status_code == 409
    page = response.content.decode()
    assert "the same URL" in page
    assert f"#{pasted.pk}" in page
    assert Article.objects.count() == 1


def test_import_anyway_after_a_page_upload_keeps_the_pages_canonical_url(
    rclient, reviewer
):
    """The duplicate warning hands an upload back as text; importing it anyway still
    gives the article the address the page gave for itself."""

    from annotations.models import Article

    services.article_create(title="", body=PASTED, url=SHARED_LINK, created_by=reviewer)
    page = _upload(rclient).content.decode()
    carried = re.search(r'name="original_url" value="([^"]*)"', page)
    assert carried is not None
    assert carried.group(1) == CANONICAL
    text = re.search(r'<textarea name="text"[^>]*>\n?(.*?)</textarea>', page, re.S)
    response = rclient.post(
        reverse("article-new"),
        {
            "text": html.unescape(text.group(1)),
            "original_url": html.unescape(carried.group(1)),
            "allow_duplicate": "1",
        },
    )
    assert response.status_code == 302
    assert Article.objects.order_by("-pk").first().url == CANONICAL


def test_a_story_pasted_with_its_link_after_its_page_was_uploaded_warns(
    rclient, reviewer
):
    from annotations.models import Article
    from tests.api import API, client_for

    assert _upload(rclient).status_code == 302
    uploaded = Article.objects.get()
    response = client_for(reviewer).post(
        f"{API}/articles/", {"text": PASTED, "url": SHARED_LINK}, format="json"
    )
    assert response.status_code == 409
    assert response.data["code"] == "duplicatearticle"
    assert str(uploaded.pk) in str(response.data)
    assert Article.objects.count() == 1


def test_a_fetched_page_is_a_duplicate_by_its_address_or_its_canonical_url(
    reviewer, monkeypatch
):
    from annotations.errors import DuplicateArticle
    from annotations.sourcing import netfetch

    amp = "https://amp.wnc.example/2024/06/05/weather/flood.amp"

    def fetch(url, **options):
        return netfetch.FetchResult(
            url=url, final_url=amp, status=200, content_type="text/html",
            charset="utf-8", body=PAGE.read_bytes(), elapsed_ms=5, truncated=False,
        )  # fmt: skip

    monkeypatch.setattr(netfetch, "fetch", fetch)
    known = services.article_create(
        title="", body=PASTED, url=amp + "?utm_source=x", created_by=reviewer
    )
    # Asked for by a short link, fetched from the address already on the desk.
    with pytest.raises(DuplicateArticle) as refused:
        services.article_import_url(url="https://wnc.example/s/x1", created_by=reviewer)
    assert refused.value.existing.pk == known.pk
    fetched = services.article_import_url(
        url="https://wnc.example/s/x1", created_by=reviewer, allow_duplicate=True
    )
    assert fetched.url == CANONICAL
    with pytest.raises(DuplicateArticle) as refused:
        services.article_import_url(url="https://wnc.example/s/x2", created_by=reviewer)
    assert refused.value.matched_by == "url"
