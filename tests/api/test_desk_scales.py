"""Each desk's rating scale through the API (docs/DESKS.md, docs/API.md):
/api/v1/rating-labels/ lists the labels of the scales of the caller's desks, each
saying its scale and the desks rating on it, `?workspace=` narrows to one desk's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations import roles
from annotations.models import Polarity, RatingLabel, RatingScale, Workspace
from tests import factories
from tests.api import API, client_for

pytestmark = pytest.mark.django_db

DEFAULT_SLUGS = [
    "true",
    "mostly-true",
    "half-true",
    "mostly-false",
    "false",
    "misleading",
    "unverifiable",
]


def scale(slug: str, name: str, labels: list[str]) -> RatingScale:
    """A scale whose labels run from true (highest ordinal) to false."""
    made = RatingScale.objects.create(name=name, slug=slug)
    for position, label in enumerate(labels):
        RatingLabel.objects.create(
            scale=made,
            name=label.title(),
            slug=label,
            ordinal=len(labels) - position,
            polarity=Polarity.NEUTRAL,
            position=position,
        )
    return made


def desk(slug: str, scale_slug: str | None = None) -> Workspace:
    own = {"scale": scale_slug} if scale_slug else {}
    return Workspace.objects.create(slug=slug, name=slug.title(), settings=own)


@pytest.fixture
def desks():
    scale("traffic", "Traffic light", ["green", "amber", "red"])
    scale("coin", "Coin", ["heads", "tails"])
    coast, health, sport = desk("coast", "traffic"), desk("health"), desk("sport")
    lab = desk("lab", "traffic")
    desk("secret", "coin")
    person = factories.UserFactory(role="editor", role__workspace=coast)
    for other in (health, sport, lab):
        roles.grant(person, "reviewer", other)
    return person


def listed(caller, **params) -> list[tuple[str, str, list[str]]]:
    answer = caller.get(f"{API}/rating-labels/", params)
    assert answer.status_code == 200, answer.content
    return [
        (row["scale"]["slug"], row["slug"], row["workspaces"]) for row in answer.data
    ]


def test_the_labels_are_those_of_the_callers_desks_scales(desks):
    default = RatingScale.objects.get(is_default=True)
    rows = listed(client_for(desks))
    # Scale by scale (by name), each in its order; the coin scale is only the
    # secret desk's, which the caller is not in.
    expected = [(default.slug, slug, ["health", "sport"]) for slug in DEFAULT_SLUGS] + [
        ("traffic", slug, ["coast", "lab"]) for slug in ("green", "amber", "red")
    ]
    assert sorted(rows, key=lambda row: row[0] != "traffic") == sorted(
        expected, key=lambda row: row[0] != "traffic"
    )
    assert [row[1] for row in rows if row[0] == "traffic"] == ["green", "amber", "red"]
    assert [row[1] for row in rows if row[0] == default.slug] == DEFAULT_SLUGS
    one = client_for(desks).get(f"{API}/rating-labels/").data
    green = next(row for row in one if row["slug"] == "green")
    assert green["scale"] == {
        "slug": "traffic",
        "name": "Traffic light",
        "is_default": False,
    }
    assert green["ordinal"] == 3


def test_workspace_narrows_to_one_desks_scale(desks):
    caller = client_for(desks)
    assert listed(caller, workspace="lab") == [
        ("traffic", slug, ["lab"]) for slug in ("green", "amber", "red")
    ]
    assert [row[1] for row in listed(caller, workspace="sport")] == DEFAULT_SLUGS
    for outside in ("secret", "nowhere", "Coast", "<script>", "x" * 300, ""):
        assert listed(caller, workspace=outside) == [], outside


def test_an_instance_admin_reads_every_desks_scale(desks, admin_user):
    rows = listed(client_for(admin_user))
    assert ("coin", "heads", ["secret"]) in rows
    assert listed(client_for(admin_user), workspace="secret") == [
        ("coin", "heads", ["secret"]),
        ("coin", "tails", ["secret"]),
    ]


def test_a_single_desk_instance_lists_the_default_scale_as_before(reviewer):
    rows = listed(client_for(reviewer))
    assert [row[1] for row in rows] == DEFAULT_SLUGS
    assert {row[0] for row in rows} == {RatingScale.objects.get(is_default=True).slug}


def test_the_list_costs_the_same_queries_whatever_the_desks(desks):
    """Session, user, memberships with their desks, the labels: four, at one desk or
    at twenty on three scales."""
    alone = factories.UserFactory(
        role="reviewer", role__workspace=Workspace.objects.get(slug="coast")
    )
    for number in range(16):
        roles.grant(desks, "reviewer", desk(f"extra{number}", "coin"))

    def cost(person, **params):
        client = client_for(None)
        client.force_login(person)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{API}/rating-labels/", params).status_code == 200
        return len(queries)

    assert cost(alone) == 4
    assert cost(desks) == 4
    assert cost(desks, workspace="lab") == 4
