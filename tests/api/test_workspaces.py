"""The API's desks (docs/DESKS.md, docs/API.md): `?workspace=<slug>` narrows the
article list, the claim list and the review queue to one of the caller's desks (a
desk they are not in gives an empty list, as an unknown slug does), and
/api/v1/workspaces/ lists the caller's desks with their role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import roles
from annotations.models import ClaimStatus, Workspace
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def desks():
    coast = Workspace.objects.create(slug="coast", name="Coast desk")
    health = Workspace.objects.create(slug="health", name="Health desk")
    secret = Workspace.objects.create(slug="secret", name="Secret desk")
    articles = {}
    for desk, body in (
        (coast, "Ferry fares rose by 40% in March."),
        (health, "The clinic opens at 10am since May."),
        (secret, "The mayor will resign on Friday."),
    ):
        article = factories.ArticleFactory(
            workspace=desk, title=f"{desk.name} story", body=body
        )
        factories.claims_for(article)
        article.claims.update(status=ClaimStatus.SUBMITTED)
        articles[desk.slug] = article
    # Edits Coast, reviews Health, is not in Secret.
    person = factories.UserFactory(role="editor", role__workspace=coast)
    roles.grant(person, "reviewer", health)
    return person, articles


def titles(response) -> set[str]:
    return {row["title"] for row in response.json()["results"]}


def test_the_article_list_narrows_to_one_of_the_callers_desks(client, desks):
    person, _ = desks
    client.force_login(person)
    everything = client.get("/api/v1/articles/")
    assert titles(everything) == {"Coast desk story", "Health desk story"}
    assert titles(client.get("/api/v1/articles/", {"workspace": "health"})) == {
        "Health desk story"
    }
    for outside in ("secret", "nowhere", "<script>", "x" * 300):
        answer = client.get("/api/v1/articles/", {"workspace": outside})
        assert answer.status_code == 200
        assert answer.json()["results"] == []


def test_the_claim_list_narrows_to_one_desk(client, desks):
    person, articles = desks
    client.force_login(person)
    rows = client.get("/api/v1/claims/", {"workspace": "coast"}).json()["results"]
    assert rows
    assert {row["article"] for row in rows} == {articles["coast"].pk}
    assert (
        client.get("/api/v1/claims/", {"workspace": "secret"}).json()["results"] == []
    )


def test_the_review_queue_is_the_desks_one_edits_and_narrows(client, desks):
    person, articles = desks
    client.force_login(person)
    queue = client.get("/api/v1/review-queue/").json()["results"]
    # Health's claims are submitted too, but there the caller only reviews.
    assert {row["article"] for row in queue} == {articles["coast"].pk}
    assert (
        client.get("/api/v1/review-queue/", {"workspace": "health"}).json()["results"]
        == []
    )
    narrowed = client.get("/api/v1/review-queue/", {"workspace": "coast"}).json()
    assert {row["article"] for row in narrowed["results"]} == {articles["coast"].pk}


def test_an_instance_admin_narrows_to_any_desk(client, desks, admin_user):
    client.force_login(admin_user)
    assert titles(client.get("/api/v1/articles/", {"workspace": "secret"})) == {
        "Secret desk story"
    }
    queue = client.get("/api/v1/review-queue/", {"workspace": "secret"}).json()
    assert queue["results"]


def test_workspaces_lists_the_callers_desks_with_their_role(client, desks, admin_user):
    person, _ = desks
    client.force_login(person)
    rows = client.get("/api/v1/workspaces/").json()["results"]
    assert [(row["slug"], row["name"], row["role"]) for row in rows] == [
        ("coast", "Coast desk", "editor"),
        ("health", "Health desk", "reviewer"),
    ]
    assert client.post("/api/v1/workspaces/", {}).status_code == 405
    client.force_login(admin_user)
    slugs = [row["slug"] for row in client.get("/api/v1/workspaces/").json()["results"]]
    assert {"coast", "health", "secret"} <= set(slugs)


def test_the_filter_costs_no_query_and_is_in_the_schema(client, desks):
    person, _ = desks
    client.force_login(person)

    def cost(params):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/articles/", params).status_code == 200
        return len(queries)

    assert cost({"workspace": "coast"}) == cost({})
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in ("/api/v1/articles/", "/api/v1/claims/", "/api/v1/review-queue/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert "workspace" in names, path
    assert "/api/v1/workspaces/" in schema["paths"]
