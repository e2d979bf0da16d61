"""The write path names its exceptions: every service is told who acts, the desk
acting for itself says so with `SYSTEM`, and None is nobody."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotations import services
from annotations.errors import NotAllowed
from annotations.models import Article, Source
from annotations.services.system import SYSTEM
from annotations.sourcing import netfetch

BODY = "The minister said unemployment fell by 4 percent in 2023. Rain is expected."


@pytest.fixture
def reader(db):
    return get_user_model().objects.create_user("rhea", password="x")


@pytest.mark.parametrize(
    "create",
    [
        lambda who: services.article_create(title="T", body=BODY, created_by=who),
        lambda who: services.article_import_file(
            data=BODY.encode(), filename="a.txt", created_by=who
        ),
        lambda who: services.article_import_url(
            url="https://news.example/a", created_by=who
        ),
    ],
    ids=["create", "file", "url"],
)
@pytest.mark.parametrize("who", ["nobody", "reader"])
def test_an_article_needs_a_person_who_may_annotate(
    db, create, who, request, monkeypatch
):
    """None is not the command line any more: it is refused like a reader, and a
    refused import fetches nothing."""
    fetched = []
    monkeypatch.setattr(netfetch, "fetch", lambda *a, **k: fetched.append(a))
    actor = None if who == "nobody" else request.getfixturevalue("reader")
    with pytest.raises(NotAllowed):
        create(actor)
    assert (Article.objects.count(), fetched) == (0, [])


@pytest.mark.django_db
def test_leaving_out_the_acting_user_is_a_mistake_not_a_permission():
    with pytest.raises(TypeError, match="created_by"):
        services.article_create(title="T", body=BODY)
    with pytest.raises(TypeError, match="user"):
        services.source_get_or_create(url="https://docs.example/a", title="A")


@pytest.mark.django_db
def test_the_desk_itself_creates_articles_as_system_and_records_no_creator():
    article = services.article_create(title="T", body=BODY, created_by=SYSTEM)
    assert article.created_by is None
    assert article.history.get().history_user is None
    assert {claim.created_by for claim in article.claims.all()} == {None}


def test_the_system_actor_is_no_person_to_the_policies(db):
    """SYSTEM only skips a service's check by name: asked directly, the policies
    treat it as nobody, so it cannot slip past a check that does not expect it."""
    from annotations import policies

    assert not policies.can_annotate(SYSTEM)
    with pytest.raises(NotAllowed):
        policies.check_add_source(SYSTEM)


@pytest.mark.parametrize("who", ["nobody", "reader"])
def test_a_source_is_added_only_by_someone_who_may_annotate(db, who, request):
    actor = None if who == "nobody" else request.getfixturevalue("reader")
    with pytest.raises(NotAllowed):
        services.source_get_or_create(
            url="https://docs.example/report", title="Report", user=actor
        )
    assert not Source.objects.exists()


def test_a_source_is_added_by_a_reviewer(reviewer):
    source, created = services.source_get_or_create(
        url="https://docs.example/report", title="Report", user=reviewer
    )
    assert (created, source.created_by) == (True, reviewer)


def test_a_command_line_import_naming_nobody_is_the_desks_own(db, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    call_command("import_article", str(path), stdout=StringIO())
    assert Article.objects.get().created_by is None


def test_a_command_line_import_naming_a_reader_is_refused(reader, tmp_path):
    from django.core.management.base import CommandError

    path = tmp_path / "story.txt"
    path.write_text(BODY, encoding="utf-8")
    with pytest.raises(CommandError, match="Only reviewers"):
        call_command("import_article", str(path), "--user", "rhea", stdout=StringIO())
    assert not Article.objects.exists()
