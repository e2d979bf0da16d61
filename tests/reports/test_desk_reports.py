"""Public reports per desk (issue 18): each desk's reports name its own organisation
in every format, live under `/w/<slug>/reports/` with their own index and Atom feed,
and the instance's `/reports/` lists every desk's (docs/DESKS.md, "Public reports").
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html
from pypdf import PdfReader

from annotations import roles
from annotations import services as desk
from annotations.models import Article, Claim, Verdict, Workspace
from reports import services
from tests import factories
from tests.report_fixtures import label, verify_article

pytestmark = pytest.mark.django_db

SITE = "https://checks.example.org"
ATOM = "{http://www.w3.org/2005/Atom}"
BODY = (
    "The harbour authority said cargo volumes rose by 14 percent in 2024. "
    "Officials reported that 3,200 ships docked there last year. "
    "The mayor claimed the port employs 12,000 people."
)


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.FACTCHECK_SITE_URL = SITE


def _identity(workspace: Workspace, name: str, url: str, methodology: str):
    workspace.settings = {
        "report": {
            "organisation_name": name,
            "organisation_url": url,
            "methodology": methodology,
        }
    }
    workspace.save()


def _publish(workspace: Workspace, *, title: str, reviewer, editor) -> Article:
    article = desk.article_create(
        title=title, body=BODY, created_by=reviewer, workspace=workspace
    )
    verify_article(article, reviewer=reviewer, editor=editor)
    services.article_publish(article=article, user=editor, override_reason="Early.")
    return article


@pytest.fixture
def desks(reviewer, editor):
    """Two desks with their own identities, each with one published report (and the
    harbour desk with a draft that is never public)."""
    harbour = roles.ensure_first_workspace()
    _identity(
        harbour,
        "Harbour Gazette Checks",
        "https://harbour.example/",
        "Harbour method: two sources.",
    )
    valley = Workspace.objects.create(slug="valley", name="Valley desk")
    _identity(
        valley,
        "Valley Health Watch",
        "https://valley.example/",
        "Valley method: primary documents.",
    )
    valley_reviewer = factories.UserFactory(role="reviewer", role__workspace=valley)
    valley_editor = factories.UserFactory(role="editor", role__workspace=valley)
    harbour_article = _publish(
        harbour, title="Harbour cargo story", reviewer=reviewer, editor=editor
    )
    valley_article = _publish(
        valley,
        title="Valley clinic story",
        reviewer=valley_reviewer,
        editor=valley_editor,
    )
    draft = desk.article_create(
        title="Harbour unpublished draft",
        body=BODY + " A draft.",
        created_by=reviewer,
        workspace=harbour,
    )
    return {
        "harbour": (harbour, harbour_article),
        "valley": (valley, valley_article),
        "draft": draft,
        "editor": editor,
    }


def _get(client, name: str, *args, status: int = 200, **query):
    response = client.get(reverse(name, args=args), query)
    assert response.status_code == status, (name, args, response.status_code)
    return response


def _feed(client, name: str, *args) -> ElementTree.Element:
    response = _get(client, name, *args)
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def _entries(feed) -> dict[str, ElementTree.Element]:
    return {
        entry.findtext(f"{ATOM}title"): entry for entry in feed.iter(f"{ATOM}entry")
    }


# --- each report names its desk ---------------------------------------------------


@pytest.mark.parametrize(
    ("key", "organisation", "url", "other"),
    [
        ("harbour", "Harbour Gazette Checks", "https://harbour.example/", "Valley"),
        ("valley", "Valley Health Watch", "https://valley.example/", "Harbour"),
    ],
)
def test_every_format_names_the_reports_own_desk(
    client, desks, key, organisation, url, other
):
    workspace, article = desks[key]
    page = _get(client, "desk-report-detail", workspace.slug, article.pk)
    text = page.content.decode()
    assert organisation in text
    tree = lxml_html.fromstring(page.content)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        review = json.loads(script.text)
        assert review["author"]["name"] == organisation
        assert review["author"]["url"] == url

    exported = {}
    for identifier in ("html", "pdf", "claimreview", "w3c", "json", "md"):
        exported[identifier] = _get(
            client, "desk-report-export", workspace.slug, article.pk, identifier
        ).content
    assert organisation in exported["html"].decode()
    assert "method:" in exported["html"].decode()
    pdf_text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(exported["pdf"])).pages
    )
    assert organisation in " ".join(pdf_text.split())
    reviews = json.loads(exported["claimreview"])
    reviews = reviews if isinstance(reviews, list) else [reviews]
    assert reviews
    assert {review["author"]["name"] for review in reviews} == {organisation}
    assert {review["author"]["url"] for review in reviews} == {url}
    assert organisation in exported["w3c"].decode()
    snapshot = json.loads(exported["json"])
    assert snapshot["organisation"]["name"] == organisation
    assert snapshot["methodology"].startswith(key.title())
    assert organisation in exported["md"].decode()
    for payload in exported.values():
        assert f"{other} Health Watch".encode() not in payload
        assert f"{other} Gazette".encode() not in payload

    feed = _feed(client, "desk-report-feed", workspace.slug)
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == organisation
    assert feed.findtext(f"{ATOM}author/{ATOM}uri") == url


def test_a_revision_keeps_the_identity_frozen_in_it(client, desks):
    """Renaming the desk's organisation changes the next revision, never a
    published one."""
    workspace, article = desks["valley"]
    _identity(workspace, "Valley Renamed Collective", "https://renamed.example/", "M.")
    first = _get(client, "desk-report-detail", workspace.slug, article.pk)
    assert "Valley Health Watch" in first.content.decode()
    assert "Valley Renamed Collective" not in first.content.decode()

    editor = factories.UserFactory(role="editor", role__workspace=workspace)
    services.article_publish(article=article, user=editor, note="New publisher name.")
    current = _get(client, "desk-report-detail", workspace.slug, article.pk)
    assert "Valley Renamed Collective" in current.content.decode()
    old = _get(client, "desk-report-revision", workspace.slug, article.pk, 1)
    assert "Valley Health Watch" in old.content.decode()
    assert "Valley Renamed Collective" not in old.content.decode()

    # The feed names the desk's organisation now, and dates the correction.
    entry = next(_feed(client, "desk-report-feed", workspace.slug).iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Valley Renamed Collective"
    first, second = article.report_revisions.order_by("number")
    published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert published == first.published_at
    assert updated == second.published_at
    assert "2 revisions" in entry.findtext(f"{ATOM}summary")


def test_a_desk_without_an_identity_names_the_instances_organisation(
    client, settings, reviewer, editor
):
    settings.FACTCHECK_ORGANISATION_NAME = "Instance Default Org"
    settings.FACTCHECK_ORGANISATION_URL = "https://default.example/"
    workspace = roles.ensure_first_workspace()
    article = _publish(workspace, title="Plain story", reviewer=reviewer, editor=editor)
    page = _get(client, "report-detail", article.pk).content.decode()
    assert "Instance Default Org" in page
    feed = _feed(client, "desk-report-feed", workspace.slug)
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Instance Default Org"


# --- the desk's own path ----------------------------------------------------------


def test_the_desk_index_lists_only_its_desks_published_reports(client, desks):
    harbour, harbour_article = desks["harbour"]
    valley, valley_article = desks["valley"]
    page = _get(client, "desk-report-index", harbour.slug).content.decode()
    assert harbour_article.title in page
    assert valley_article.title not in page
    assert desks["draft"].title not in page
    assert "Harbour Gazette Checks" in page
    tree = lxml_html.fromstring(page)
    links = tree.xpath('//ol[@class="report-list"]//h2/a/@href')
    assert links == [
        reverse("desk-report-detail", args=[harbour.slug, harbour_article.pk])
    ]

    page = _get(client, "desk-report-index", valley.slug).content.decode()
    assert valley_article.title in page
    assert harbour_article.title not in page


def test_the_instance_index_lists_every_desks_reports_with_their_desk(client, desks):
    harbour, harbour_article = desks["harbour"]
    _valley, valley_article = desks["valley"]
    page = _get(client, "report-index").content.decode()
    assert desks["draft"].title not in page
    tree = lxml_html.fromstring(page)
    cards = tree.xpath('//li[contains(@class, "report-card")]')
    found = {
        card.xpath(".//h2/a")[0].text: card.xpath('.//a[@class="report-desk"]')[0]
        for card in cards
    }
    assert found[harbour_article.title].text == harbour.name
    assert found[valley_article.title].text == "Valley desk"
    assert found[valley_article.title].get("href") == reverse(
        "desk-report-index", args=["valley"]
    )


def test_a_single_desk_instance_names_no_desk(client, reviewer, editor):
    workspace = roles.ensure_first_workspace()
    _publish(workspace, title="Only desk story", reviewer=reviewer, editor=editor)
    page = _get(client, "report-index").content.decode()
    assert "Only desk story" in page
    assert "report-desk" not in page


def test_an_unpublished_article_is_never_listed(client, desks):
    harbour, article = desks["harbour"]
    services.article_unpublish(article=article, user=desks["editor"], reason="Check.")
    for name, args in [
        ("desk-report-index", [harbour.slug]),
        ("report-index", []),
    ]:
        assert article.title not in _get(client, name, *args).content.decode()
    for name, args in [("desk-report-feed", [harbour.slug]), ("report-feed", [])]:
        assert article.title not in _entries(_feed(client, name, *args))
    _get(client, "desk-report-detail", harbour.slug, article.pk, status=404)
    draft = desks["draft"]
    _get(client, "desk-report-detail", harbour.slug, draft.pk, status=404)


def test_another_desks_report_under_this_slug_is_not_found(client, desks):
    harbour, harbour_article = desks["harbour"]
    valley, valley_article = desks["valley"]
    crossed = [(harbour.slug, valley_article), (valley.slug, harbour_article)]
    for slug, article in crossed:
        _get(client, "desk-report-detail", slug, article.pk, status=404)
        _get(client, "desk-report-revision", slug, article.pk, 1, status=404)
        _get(client, "desk-report-export", slug, article.pk, "json", status=404)
        _get(
            client, "desk-report-revision-export", slug, article.pk, 1, "md", status=404
        )
    body = client.get(
        reverse("desk-report-detail", args=[harbour.slug, valley_article.pk])
    ).content.decode()
    assert valley_article.title not in body


def test_a_slug_that_does_not_exist_is_not_found(client, desks):
    _harbour, article = desks["harbour"]
    for name, args in [
        ("desk-report-index", ["nowhere"]),
        ("desk-report-feed", ["nowhere"]),
        ("desk-report-detail", ["nowhere", article.pk]),
        ("desk-report-export", ["nowhere", article.pk, "json"]),
    ]:
        _get(client, name, *args, status=404)


def test_the_desk_path_keeps_the_reader_in_the_desk_and_names_one_canonical_address(
    client, desks
):
    """The desk's pages link to the desk's pages; the canonical address, the
    ClaimReview urls and every frozen link are `/reports/<id>/`, which keeps
    answering (decision in docs/PUBLISHING.md, "Canonical addresses")."""
    valley, article = desks["valley"]
    response = _get(client, "desk-report-detail", valley.slug, article.pk)
    tree = lxml_html.fromstring(response.content)
    canonical = f"{SITE}/reports/{article.pk}/"
    assert tree.xpath('//link[@rel="canonical"]/@href') == [canonical]
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        assert json.loads(script.text)["url"].startswith(canonical + "#claim-")
    nav = tree.xpath('//nav[contains(@class, "site-nav")]')[0]
    hrefs = nav.xpath(".//a/@href")
    assert reverse("desk-report-index", args=[valley.slug]) in hrefs
    downloads = [href for href in hrefs if "/export/" in href]
    assert downloads
    assert all(href.startswith(f"/w/{valley.slug}/reports/") for href in downloads)
    feeds = tree.xpath('//link[@type="application/atom+xml"]/@href')
    assert feeds == [reverse("desk-report-feed", args=[valley.slug])]

    old = _get(client, "report-detail", article.pk)
    assert old["X-Report-Sha256"] == response["X-Report-Sha256"]
    _get(client, "report-export", article.pk, "json")
    revision = article.report_revisions.get()
    assert revision.snapshot["report"]["url"] == canonical


# --- feeds ------------------------------------------------------------------------


def test_the_desk_feed_is_valid_atom_of_its_reports(client, desks):
    valley, article = desks["valley"]
    feed = _feed(client, "desk-report-feed", valley.slug)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}id") == f"{SITE}/w/valley/reports/feed.atom"
    assert feed.findtext(f"{ATOM}title")
    updated = datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))
    alternate = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert alternate == f"{SITE}/w/valley/reports/"
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 1
    entry = entries[0]
    canonical = f"{SITE}/reports/{article.pk}/"
    assert entry.findtext(f"{ATOM}id") == canonical
    assert entry.findtext(f"{ATOM}title") == article.title
    assert entry.find(f"{ATOM}link").get("href") == canonical
    # The feed was updated when its newest entry was.
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == updated
    assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) <= updated
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Valley Health Watch"
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert "revision" in entry.findtext(f"{ATOM}summary")


def test_the_instance_feed_carries_every_desks_reports_with_their_authors(
    client, desks
):
    feed = _feed(client, "report-feed")
    entries = _entries(feed)
    authors = {
        title: entry.findtext(f"{ATOM}author/{ATOM}name")
        for title, entry in entries.items()
    }
    assert authors == {
        "Harbour cargo story": "Harbour Gazette Checks",
        "Valley clinic story": "Valley Health Watch",
    }


def test_the_feed_escapes_hostile_text(client, reviewer, editor):
    workspace = roles.ensure_first_workspace()
    _identity(workspace, 'Org <b onmouseover="x()">&amp;', "javascript:alert(1)", "M.")
    article = _publish(workspace, title="Plain", reviewer=reviewer, editor=editor)
    hostile = '<script>alert(1)</script>\x0b"&'
    Article.objects.filter(pk=article.pk).update(
        title=hostile, publisher="<img src=x onerror=alert(2)>", byline="A & B"
    )
    feed = _feed(client, "desk-report-feed", workspace.slug)
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.findtext(f"{ATOM}title") == '<script>alert(1)</script>"&'
    summary = entry.findtext(f"{ATOM}summary")
    # The summary is HTML: what a feed reader renders holds no element but text.
    rendered = lxml_html.fragment_fromstring(summary, create_parent="div")
    assert rendered.xpath("//img | //script") == []
    assert "<img src=x onerror=alert(2)>" in rendered.text_content()
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == 'Org <b onmouseover="x()">&amp;'


def test_a_feed_without_the_sites_address_says_so(client, desks, settings):
    settings.FACTCHECK_SITE_URL = ""
    response = client.get(reverse("report-feed"))
    assert response.status_code == 503
    assert "FACTCHECK_SITE_URL" in response.content.decode()


# --- query budgets ----------------------------------------------------------------


def _published_reports(workspace: Workspace, count: int) -> None:
    """`count` published one-claim reports in the desk, published the real way."""
    editor = factories.UserFactory(role="editor", role__workspace=workspace)
    true = label("true")
    for _ in range(count):
        article = factories.big_article(1, citations_per_claim=1, workspace=workspace)
        claim = Claim.objects.get(article=article)
        Claim.objects.filter(pk=claim.pk).update(status="approved")
        Verdict.objects.create(
            claim=claim, label=true, explanation="Yes.", approved_at=timezone.now()
        )
        services.article_publish(article=article, user=editor, override_reason="E.")


# The desk by its slug, the page's count, the page of reports.
DESK_INDEX = 3
# The count of desks (whether to name them), the page's count, the page of
# reports with their desks.
INSTANCE_INDEX = 3
# The desk by its slug, the feed's entries.
DESK_FEED = 2


@pytest.mark.parametrize("count", [1, 20])
def test_the_indexes_and_feeds_cost_the_same_queries_at_any_size(
    client, django_assert_num_queries, count
):
    first = roles.ensure_first_workspace()
    other = Workspace.objects.create(slug="other", name="Other desk")
    _published_reports(first, count)
    _published_reports(other, 2)
    index = reverse("desk-report-index", args=[first.slug])
    client.get(index)  # the session's first write is not the page's cost
    with django_assert_num_queries(DESK_INDEX):
        page = client.get(index)
    assert page.content.decode().count('class="card report-card"') == count
    with django_assert_num_queries(INSTANCE_INDEX):
        page = client.get(reverse("report-index"))
    assert page.content.decode().count('class="report-desk"') == min(count + 2, 25)
    with django_assert_num_queries(DESK_FEED):
        feed = client.get(reverse("desk-report-feed", args=[first.slug]))
    assert feed.content.count(b"<entry>") == count
    with django_assert_num_queries(DESK_FEED - 1):
        feed = client.get(reverse("report-feed"))
    assert feed.content.count(b"<entry>") == count + 2


@pytest.mark.parametrize(
    ("language", "title", "every_desk"),
    [
        ("es", "Informes de verificación de Valley Health Watch", "todas las mesas"),
        ("ar", "تقارير تدقيق الحقائق من Valley Health Watch", "كل المكاتب"),
    ],
)
def test_the_feed_and_the_desk_index_speak_the_readers_language(
    client, desks, language, title, every_desk
):
    valley, _article = desks["valley"]
    client.cookies["django_language"] = language
    feed = _feed(client, "desk-report-feed", valley.slug)
    assert feed.findtext(f"{ATOM}title") == title
    page = _get(client, "desk-report-index", valley.slug).content.decode()
    assert every_desk in page
