"""Reports and the page frame name people as the desk does (full name, else username,
annotations.wording.person_name), and a frozen revision credits staff with the same
bytes it always has."""

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import html as lxml_html

from reports import services, snapshot
from reports.models import PublicationEvent
from tests import factories
from tests.report_fixtures import verify_article

pytestmark = pytest.mark.django_db

HOSTILE = '<b onmouseover="alert(1)">Mallory</b>'


def _people():
    """Editors named every way an account can be: (user, the name they are given)."""
    return [
        (factories.UserFactory(username="ada", first_name="Ada", last_name="Byron"),
         "Ada Byron"),
        (factories.UserFactory(username="first", first_name="Only", last_name=""),
         "Only"),
        (factories.UserFactory(username="last", first_name="", last_name="Okafor"),
         "Okafor"),
        (factories.UserFactory(username="nameless", first_name="", last_name=""),
         "nameless"),
        (factories.UserFactory(username="zoe", first_name="Zoë", last_name="Ñúñez"),
         "Zoë Ñúñez"),
    ]  # fmt: skip


def test_the_snapshot_credits_the_publisher_by_full_name_else_username(settings):
    settings.FACTCHECK_CREDIT_STAFF = True
    article = factories.ArticleFactory()
    for user, name in _people():
        built = snapshot.build(
            article, number=1, published_at=timezone.now(), published_by=user
        )
        assert built["report"]["published_by"] == name
    nobody = snapshot.build(article, number=1, published_at=timezone.now())
    assert nobody["report"]["published_by"] is None


def test_a_frozen_revision_credits_the_same_bytes_when_built_again(
    seed_text, reviewer, editor
):
    """The revision's stored JSON names its publisher and approvers exactly as a
    fresh build does: the shared naming function changed no frozen byte."""
    from annotations import services as desk

    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    verify_article(article, reviewer=reviewer, editor=editor)
    revision = services.article_publish(article=article, user=editor)
    stored = revision.snapshot
    assert stored["report"]["published_by"] == "Eddie Editor"
    approvers = {claim["verdict"]["approved_by"] for claim in stored["claims"]}
    assert approvers == {"Eddie Editor"}
    rebuilt = snapshot.build(
        article,
        number=revision.number,
        published_at=revision.published_at,
        published_by=editor,
    )
    assert snapshot.canonical_bytes(rebuilt) == revision.snapshot_json.encode()


def test_the_publish_page_names_publishers_and_says_system_for_a_deleted_account(
    client, seed_text, reviewer
):
    """An account deleted after it took a report down leaves its log entry with no
    person (SET_NULL): the page says "system" there rather than failing."""
    from annotations import services as desk

    publisher = factories.UserFactory(
        username="pat", first_name="", last_name="", role="editor"
    )
    departed = factories.UserFactory(username="gone", role="editor")
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    verify_article(article, reviewer=reviewer, editor=publisher)
    services.article_publish(article=article, user=publisher)
    services.article_unpublish(article=article, user=departed, reason="Legal hold.")
    departed.delete()
    assert PublicationEvent.objects.filter(article=article, user=None).count() == 1
    client.force_login(publisher)
    page = client.get(reverse("report-publish", args=[article.pk]))
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    who = [
        " ".join(node.text_content().split())
        for node in tree.xpath('//li[@class="timeline-entry"]//strong')
    ]
    assert who == ["system", "pat"]
    revisions = " ".join(tree.xpath('//a[contains(@href, "/r/")]/../text()'))
    assert "by pat" in revisions


@pytest.mark.parametrize(
    ("first", "last", "shown"),
    [("Rosa", "Parks", "Rosa Parks"), ("", "", "rosa"), (HOSTILE, "", HOSTILE)],
)
def test_the_page_frame_names_the_signed_in_person(client, first, last, shown):
    person = factories.UserFactory(
        username="rosa", first_name=first, last_name=last, role="reviewer"
    )
    client.force_login(person)
    page = client.get(reverse("report-index"))
    assert page.status_code == 200
    tree = lxml_html.fromstring(page.content)
    (name,) = tree.xpath('//span[@class="who-name"]')
    assert name.text_content() == shown
    assert not name.getchildren(), "a name is text, never markup"
