"""The feeds carry corrections (issue 19): a report's entry says what its latest
revision changed (verdicts old → new, the public note), a report taken down stays as
a "withdrawn" entry, and the same entries come as Atom and as JSON Feed 1.1
(docs/PUBLISHING.md, "Feeds")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from xml.etree import ElementTree

import jsonschema
import pytest
from django.urls import reverse
from lxml import html as lxml_html

from annotations import roles
from annotations import services as desk
from annotations.models import Article, Workspace
from reports import feeds, services
from tests import factories
from tests.report_fixtures import reapprove, verify_article

pytestmark = pytest.mark.django_db

SITE = "https://feeds.example.net/checks"
ATOM = "{http://www.w3.org/2005/Atom}"
SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "jsonfeed-1.1.schema.json").read_text()
)
BODY = (
    "The river authority said water use fell by 9 percent in 2025. "
    "Officials reported that 41 new wells were drilled last spring. "
    "The governor claimed the reservoir holds 300 million cubic metres."
)


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.FACTCHECK_SITE_URL = SITE


def _atom(client, name: str, *args) -> ElementTree.Element:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)


def _json_feed(client, name: str, *args) -> dict:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json"
    document = json.loads(response.content)
    jsonschema.validate(document, SCHEMA)
    return document


def _atom_entries(feed) -> list[dict]:
    """Each entry as what a reader reads of it."""
    return [
        {
            "id": entry.findtext(f"{ATOM}id"),
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "published": datetime.fromisoformat(entry.findtext(f"{ATOM}published")),
            "updated": datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
            "content": entry.findtext(f"{ATOM}content"),
            "content_type": entry.find(f"{ATOM}content").get("type"),
            "summary": entry.findtext(f"{ATOM}summary"),
        }
        for entry in feed.iter(f"{ATOM}entry")
    ]


def _both(client, workspace: Workspace) -> tuple[list[dict], list[dict]]:
    """The desk's entries in Atom and in JSON Feed, which must say the same."""
    atom = _atom_entries(_atom(client, "desk-report-feed", workspace.slug))
    items = _json_feed(client, "desk-report-feed-json", workspace.slug)["items"]
    assert [entry["id"] for entry in atom] == [item["id"] for item in items]
    for entry, item in zip(atom, items, strict=True):
        assert entry["title"] == item["title"]
        assert entry["content"] == item["content_text"]
        assert entry["link"] == item["url"]
        assert entry["published"] == datetime.fromisoformat(item["date_published"])
        assert entry["updated"] == datetime.fromisoformat(item["date_modified"])
    return atom, items


@pytest.fixture
def story(reviewer, editor):
    workspace = roles.ensure_first_workspace()
    article = desk.article_create(
        title="River water story", body=BODY, created_by=reviewer, workspace=workspace
    )
    claims = verify_article(article, reviewer=reviewer, editor=editor)
    assert claims
    return workspace, article, claims


def test_publish_correct_and_withdraw_reach_both_feeds(client, story, reviewer, editor):
    workspace, article, claims = story
    canonical = f"{SITE}/reports/{article.pk}/"

    services.article_publish(article=article, user=editor, override_reason="Early.")
    atom, items = _both(client, workspace)
    assert [entry["id"] for entry in atom] == [canonical]
    first = atom[0]
    assert first["title"] == "River water story"
    assert first["content_type"] == "text"
    assert first["content"].startswith("First published.")
    assert "→" not in first["content"]
    assert "withdrawn" not in json.dumps(items[0])

    # A verdict reopened and approved with another label, then republished.
    old_name = claims[0].verdict.label.name
    reapprove(claims[0], slug="half-true", reviewer=reviewer, editor=editor)
    services.article_publish(
        article=article, user=editor, note="Claim 1 re-rated after the agency's data."
    )
    atom, items = _both(client, workspace)
    corrected = atom[0]
    assert corrected["id"] == canonical
    assert corrected["published"] == first["published"]
    assert corrected["updated"] > first["updated"]
    lines = corrected["content"].splitlines()
    assert lines[0] == "Corrected: revision 2 replaces revision 1."
    assert "Correction note: Claim 1 re-rated after the agency's data." in lines
    changed = [line for line in lines if "→" in line]
    assert changed == [f'Claim 1, "{claims[0].text}": {old_name} → Half true.'], lines
    # The other claims kept their verdicts: they are not listed as changes.
    assert all(claim.text not in corrected["content"] for claim in claims[1:])
    assert "2 revisions" in corrected["summary"]

    # Taken down: the same id, now a withdrawal, without the article's title.
    services.article_unpublish(article=article, user=editor, reason="Legal review.")
    atom, items = _both(client, workspace)
    withdrawn = atom[0]
    assert withdrawn["id"] == canonical
    assert withdrawn["title"] == "Report withdrawn"
    assert "withdrawn" in withdrawn["content"]
    assert withdrawn["updated"] > corrected["updated"]
    assert withdrawn["published"] == first["published"]
    assert items[0]["_factcheck"] == {"withdrawn": True}
    for text in (article.title, "Legal review.", claims[0].text, "Half true"):
        assert text not in json.dumps(items, ensure_ascii=False)
        assert text not in withdrawn["content"] + withdrawn["summary"]
    # The instance's feed says the same.
    instance = _atom_entries(_atom(client, "report-feed"))
    assert [entry["title"] for entry in instance] == ["Report withdrawn"]


def test_a_claim_checked_or_dropped_in_a_correction_is_listed(
    client, story, reviewer, editor
):
    """A claim approved since the last revision is newly checked; one reopened and
    left open is no longer in the report."""
    workspace, article, claims = story
    services.article_publish(article=article, user=editor, override_reason="Early.")
    dropped = claims[-1]
    dropped.refresh_from_db()
    dropped_name = dropped.verdict.label.name
    desk.verdict_reopen(
        claim=dropped, user=editor, reason="Doubt.", expected_version=dropped.version
    )
    services.article_publish(
        article=article,
        user=editor,
        note="One claim is checked again.",
        override_reason="One claim back in review.",
    )
    atom, _items = _both(client, workspace)
    content = atom[0]["content"]
    number = len(claims)
    assert (
        f'Claim {number}, "{dropped.text}": no longer in the report (was '
        f"{dropped_name})." in content.splitlines()
    )


def test_verdict_changes_compare_by_claim_not_by_position():
    """A claim added in front renumbers the others: only it is a change."""

    def claim(identifier, number, slug, name):
        return {
            "id": identifier,
            "number": number,
            "text": f"claim {identifier}",
            "verdict": {"label": slug, "name": name},
        }

    before = {"claims": [claim(7, 1, "true", "True"), claim(9, 2, "false", "False")]}
    after = {
        "claims": [
            claim(3, 1, "misleading", "Misleading"),
            claim(7, 2, "true", "True"),
            claim(9, 3, "mostly-false", "Mostly false"),
        ]
    }
    assert feeds.verdict_changes(before, after) == [
        {"number": 1, "text": "claim 3", "old": None, "new": "Misleading"},
        {"number": 3, "text": "claim 9", "old": "False", "new": "Mostly false"},
    ]
    assert feeds.verdict_changes(after, before) == [
        {"number": 2, "text": "claim 9", "old": "Mostly false", "new": "False"},
        {"number": 1, "text": "claim 3", "old": "Misleading", "new": None},
    ]


def test_hostile_text_is_inert_in_both_feeds(client, story, reviewer, editor, settings):
    workspace, article, claims = story
    workspace.settings = {
        "report": {
            "organisation_name": "Org <script>alert(1)</script> ]]> \x07",
            "organisation_url": "javascript:alert(1)",
        }
    }
    workspace.save()
    services.article_publish(article=article, user=editor, override_reason="Early.")
    hostile = '<script>alert("t")</script> ]]> \x01\x1b & <img src=x onerror=y()>'
    Article.objects.filter(pk=article.pk).update(
        title=hostile, publisher="]]><evil/>", byline="<b>by</b>\x0c"
    )
    reapprove(claims[0], slug="half-true", reviewer=reviewer, editor=editor)
    note = "<script>alert('note')</script> ]]> \x02 done"
    services.article_publish(article=article, user=editor, note=note)

    response = client.get(reverse("desk-report-feed", args=[workspace.slug]))
    feed = ElementTree.fromstring(response.content)
    entry = _atom_entries(feed)[0]
    clean = '<script>alert("t")</script> ]]>  & <img src=x onerror=y()>'
    assert entry["title"] == clean
    assert entry["content_type"] == "text"
    assert (
        "Correction note: <script>alert('note')</script> ]]>  done"
        in (entry["content"])
    )
    rendered = lxml_html.fragment_fromstring(entry["summary"], create_parent="div")
    assert rendered.xpath("//script | //img | //evil | //b") == []
    assert "]]><evil/>" in rendered.text_content()
    # The desk's `javascript:` address is no link anywhere.
    assert b"javascript:" not in response.content

    document = _json_feed(client, "desk-report-feed-json", workspace.slug)
    item = document["items"][0]
    assert item["title"] == clean
    assert (
        "Correction note: <script>alert('note')</script> ]]>  done"
        in (item["content_text"])
    )
    assert "content_html" not in item
    # The stored `javascript:` address cannot be read as the desk's (docs/DESKS.md,
    # "Settings broken by hand"): the instance's address stands in for it.
    assert document["authors"] == [
        {
            "name": "Org <script>alert(1)</script> ]]> ",
            "url": settings.FACTCHECK_ORGANISATION_URL,
        }
    ]
    text = json.dumps(document, ensure_ascii=False)
    assert "javascript:" not in text
    assert not any(ord(character) < 0x20 for character in text.replace("\n", ""))


def test_the_json_feed_names_itself_and_its_pages_absolutely(client, story, editor):
    workspace, article, _claims = story
    services.article_publish(article=article, user=editor, override_reason="Early.")
    for name, args, path in [
        ("desk-report-feed-json", [workspace.slug], f"/w/{workspace.slug}/reports/"),
        ("report-feed-json", [], "/reports/"),
    ]:
        document = _json_feed(client, name, *args)
        assert document["home_page_url"] == SITE + path
        assert document["feed_url"] == SITE + path + "feed.json"
        assert document["items"][0]["url"] == f"{SITE}/reports/{article.pk}/"


def test_the_json_feed_ignores_the_requests_host_and_refuses_without_an_address(
    client, story, editor, settings
):
    workspace, article, _claims = story
    services.article_publish(article=article, user=editor, override_reason="Early.")
    settings.ALLOWED_HOSTS = ["*"]
    response = client.get(reverse("report-feed-json"), HTTP_HOST="evil.example")
    assert b"evil.example" not in response.content
    settings.FACTCHECK_SITE_URL = ""
    for name, args in [
        ("report-feed-json", []),
        ("desk-report-feed-json", [workspace.slug]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 503
        assert "FACTCHECK_SITE_URL" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_json_feed_answers_only_get_and_head(client, story, method):
    workspace, _article, _claims = story
    response = getattr(client, method)(
        reverse("desk-report-feed-json", args=[workspace.slug])
    )
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert client.head(reverse("report-feed-json")).status_code == 200


def test_a_slug_no_desk_has_has_no_json_feed(client, story):
    response = client.get(reverse("desk-report-feed-json", args=["nowhere"]))
    assert response.status_code == 404


def test_the_index_and_report_pages_announce_both_feeds(client, story, editor):
    workspace, article, _claims = story
    services.article_publish(article=article, user=editor, override_reason="Early.")
    desk_path = f"/w/{workspace.slug}/reports/"
    for name, args, prefix in [
        ("desk-report-index", [workspace.slug], desk_path),
        ("report-index", [], "/reports/"),
        ("desk-report-detail", [workspace.slug, article.pk], desk_path),
        ("report-detail", [article.pk], "/reports/"),
    ]:
        tree = lxml_html.fromstring(client.get(reverse(name, args=args)).content)
        alternates = {
            link.get("type"): link.get("href")
            for link in tree.xpath('//head/link[@rel="alternate"]')
        }
        assert alternates == {
            "application/atom+xml": prefix + "feed.atom",
            "application/feed+json": prefix + "feed.json",
        }, name


# --- query budgets ------------------------------------------------------------------


def _corrected_reports(workspace: Workspace, count: int) -> None:
    """`count` reports of the desk, each published then corrected (a verdict
    re-rated), and one more taken down: every kind of entry."""
    reviewer = factories.UserFactory(role="reviewer", role__workspace=workspace)
    editor = factories.UserFactory(role="editor", role__workspace=workspace)
    for index in range(count + 1):
        article = desk.article_create(
            title=f"Story {index}",
            body=f"{BODY} Story {workspace.slug} {index}.",
            created_by=reviewer,
            workspace=workspace,
        )
        claims = verify_article(article, reviewer=reviewer, editor=editor)
        services.article_publish(article=article, user=editor, override_reason="E.")
        if index == count:
            services.article_unpublish(article=article, user=editor, reason="Gone.")
            continue
        reapprove(claims[0], slug="half-true", reviewer=reviewer, editor=editor)
        services.article_publish(article=article, user=editor, note="Re-rated.")


# The desk by its slug, the entries, their two latest revisions.
DESK_FEED = 3


@pytest.mark.parametrize("count", [1, 20])
@pytest.mark.parametrize("name", ["desk-report-feed", "desk-report-feed-json"])
def test_the_feeds_cost_the_same_queries_at_any_size(
    client, django_assert_num_queries, count, name
):
    first = roles.ensure_first_workspace()
    other = Workspace.objects.create(slug="other", name="Other desk")
    _corrected_reports(first, count)
    _corrected_reports(other, 1)
    with django_assert_num_queries(DESK_FEED):
        response = client.get(reverse(name, args=[first.slug]))
    text = response.content.decode()
    assert text.count("Corrected: revision 2") == count
    assert text.count("→ Half true") == count
    assert text.count("Report withdrawn") == 1
    instance = reverse(name.replace("desk-", ""))
    with django_assert_num_queries(DESK_FEED - 1):
        response = client.get(instance)
    assert response.content.decode().count("→ Half true") == count + 1


@pytest.mark.parametrize(
    ("language", "corrected", "withdrawn"),
    [
        ("es", "Corregido: la versión 2 sustituye a la versión 1.", "Informe retirado"),
        ("ar", "مصحَّح: النسخة 2 تحلّ محلّ النسخة 1.", "تقرير مسحوب"),
    ],
)
def test_the_corrections_speak_the_readers_language(
    client, story, reviewer, editor, language, corrected, withdrawn
):
    workspace, article, claims = story
    client.cookies["django_language"] = language
    services.article_publish(article=article, user=editor, override_reason="Early.")
    reapprove(claims[0], slug="half-true", reviewer=reviewer, editor=editor)
    services.article_publish(article=article, user=editor, note="Re-rated.")
    atom, _items = _both(client, workspace)
    assert atom[0]["content"].splitlines()[0] == corrected
    services.article_unpublish(article=article, user=editor, reason="Gone.")
    atom, _items = _both(client, workspace)
    assert atom[0]["title"] == withdrawn


def test_a_report_down_without_a_logged_event_is_still_a_withdrawal(
    client, story, editor
):
    """Rows from before the publication log: not public, no unpublish event. The
    entry is a withdrawal dated by its latest revision, never the report."""
    workspace, article, _claims = story
    revision = services.article_publish(
        article=article, user=editor, override_reason="Early."
    )
    Article.objects.filter(pk=article.pk).update(published_at=None)
    atom, items = _both(client, workspace)
    assert [entry["title"] for entry in atom] == ["Report withdrawn"]
    assert atom[0]["updated"] == revision.published_at
    assert article.title not in json.dumps(items)
