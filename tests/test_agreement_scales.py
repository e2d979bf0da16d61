"""Agreement on each desk's own rating scale (docs/DESKS.md, "Statistics and
scans"): a claim's ratings are measured on its desk's scale, and ratings on
different scales are never pooled into one figure.

The two desks below are rated by the same two reviewers, ten claims each (the
minimum for a figure). Krippendorff's ordinal alpha by hand, with n pairable
values, n_g how many of them are g, the distance
delta(c, k) = (n_c + ... + n_k - (n_c + n_k) / 2) ** 2 and, two reviewers per
claim, alpha = 1 - (n - 1) * sum over claims of 2 delta(a, b)
                  / sum over ordered pairs c != k of n_c n_k delta(c, k).

Lights (three labels, green 2, amber 1, red 0): 4 claims green/green, 3 red/red,
1 amber/amber, 1 green/amber, 1 amber/red. n = 20; n_2 = 9, n_1 = 4, n_0 = 7.
delta(0,1) = (11/2)^2 = 30.25, delta(1,2) = (13/2)^2 = 42.25,
delta(0,2) = (20 - 8)^2 = 144. Observed: 2 * 42.25 + 2 * 30.25 = 145.
Expected: 2 * (7*4*30.25 + 4*9*42.25 + 7*9*144) = 2 * (847 + 1521 + 9072) = 22880.
alpha = 1 - 19 * 145 / 22880 = 1 - 2755 / 22880 = 0.8796 -> 0.880.

Politics (the default scale, true 5 ... false 1): 5 claims true/true, 3
false/false, 1 true/mostly-true, 1 mostly-false/false. n = 20; n_5 = 11, n_4 = 1,
n_3 = 0, n_2 = 1, n_1 = 7. delta(4,5) = 6^2 = 36, delta(1,2) = 4^2 = 16,
delta(1,4) = (9 - 4)^2 = 25, delta(1,5) = (20 - 9)^2 = 121,
delta(2,4) = (2 - 1)^2 = 1, delta(2,5) = (13 - 6)^2 = 49.
Observed: 2 * 36 + 2 * 16 = 104.
Expected: 2 * (7*1*16 + 7*1*25 + 7*11*121 + 1*1*1 + 1*11*49 + 1*11*36)
        = 2 * (112 + 175 + 9317 + 1 + 539 + 396) = 21080.
alpha = 1 - 19 * 104 / 21080 = 1 - 1976 / 21080 = 0.9063 -> 0.906.

Pooled on one scale, green (2) would read as mostly-false and red (0) as nothing
the default scale has: the old figure measured the lights desk's steps as steps
of a five-label scale.
"""

import pytest

from annotations import roles, selectors, services
from annotations.models import Polarity, RatingLabel, RatingScale, Workspace
from tests import factories
from tests.api import API, client_for

pytestmark = pytest.mark.django_db

LIGHTS = [
    ("green", "green"),
    ("green", "green"),
    ("green", "green"),
    ("green", "green"),
    ("red", "red"),
    ("red", "red"),
    ("red", "red"),
    ("amber", "amber"),
    ("green", "amber"),
    ("amber", "red"),
]
POLITICS = [
    ("true", "true"),
    ("true", "true"),
    ("true", "true"),
    ("true", "true"),
    ("true", "true"),
    ("false", "false"),
    ("false", "false"),
    ("false", "false"),
    ("true", "mostly-true"),
    ("mostly-false", "false"),
]
BODY = " ".join(
    f"Fares rose {number} percent in year {number}." for number in range(10)
)


@pytest.fixture
def world():
    traffic = RatingScale.objects.create(name="Traffic light", slug="traffic")
    for position, slug in enumerate(("green", "amber", "red")):
        RatingLabel.objects.create(
            scale=traffic,
            name=slug.title(),
            slug=slug,
            ordinal=2 - position,
            polarity=Polarity.NEUTRAL,
            position=position,
        )
    lights = Workspace.objects.create(
        slug="lights", name="Lights", settings={"scale": "traffic"}
    )
    politics = Workspace.objects.create(slug="politics", name="Politics")
    first, second = (factories.UserFactory(username=name) for name in ("ana", "ben"))
    editor = factories.UserFactory(username="eve")
    for desk, pairs in ((lights, LIGHTS), (politics, POLITICS)):
        for person in (first, second):
            roles.grant(person, "reviewer", desk)
        roles.grant(editor, "editor", desk)
        article = factories.ArticleFactory(workspace=desk, body=BODY)
        claims = factories.claims_for(article)
        assert len(claims) == len(pairs)
        for claim, labels in zip(claims, pairs, strict=True):
            for person, label in zip((first, second), labels, strict=True):
                services.rating_set(claim=claim, reviewer=person, label=label)
    return {"lights": lights, "politics": politics, "editor": editor}


def test_each_desk_is_measured_on_its_own_scale(world):
    editor = world["editor"]
    lights = selectors.desk_agreement(viewer=editor, workspace=world["lights"])
    politics = selectors.desk_agreement(viewer=editor, workspace=world["politics"])
    assert lights["desk"].value == 0.880
    assert (lights["desk"].units, lights["desk"].ratings) == (10, 20)
    assert [(row.slug, row.alpha.value) for row in lights["scales"]] == [
        ("traffic", 0.880)
    ]
    assert politics["desk"].value == 0.906
    assert [row.alpha.value for row in politics["articles"]] == [0.906]


def test_over_several_scales_there_is_one_figure_per_scale_and_none_pooled(world):
    answer = client_for(world["editor"]).get(f"{API}/agreement/")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    default = RatingScale.objects.get(is_default=True)
    by_scale = {row["slug"]: row["alpha"]["value"] for row in data["scales"]}
    assert by_scale == {"traffic": 0.880, default.slug: 0.906}
    assert data["desk"]["value"] is None
    assert data["desk"]["units"] == 20
    assert data["desk"]["ratings"] == 40
    assert data["desk"]["ratings_needed"] == 0
    assert "2 rating scales" in data["desk"]["reason"]
    assert sorted(row["alpha"]["value"] for row in data["articles"]) == [0.880, 0.906]


def test_one_desks_scale_alone_gives_the_figure_over_all(world):
    person = factories.UserFactory(role="editor", role__workspace=world["lights"])
    data = client_for(person).get(f"{API}/agreement/").json()
    assert data["desk"]["value"] == 0.880
    assert [row["slug"] for row in data["scales"]] == ["traffic"]


def test_the_desk_page_shows_each_scale_of_a_desk_that_changed_its_scale(client, world):
    """A desk that rated on one scale and then another: its page gives each
    scale's figure, not one figure over both."""
    from annotations.models import Article

    Article.objects.filter(workspace=world["politics"]).update(
        workspace=world["lights"]
    )
    client.force_login(world["editor"])
    page = client.get("/desk/").content.decode()
    assert 'id="desk-alpha-scales"' in page
    assert "On the scale “Traffic light”: <strong>0.880</strong>" in page
    default = RatingScale.objects.get(is_default=True)
    assert f"On the scale “{default.name}”: <strong>0.906</strong>" in page
    assert 'id="desk-alpha">—<' in page


def test_workspace_narrows_the_api_to_one_of_the_callers_desks(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Workspace.objects.create(slug="secret", name="Secret")
    caller = client_for(None)
    caller.force_login(world["editor"])

    def answer(**params):
        with CaptureQueriesContext(connection) as queries:
            response = caller.get(f"{API}/agreement/", params)
        assert response.status_code == 200, response.content
        return response.json(), len(queries)

    lights, cost = answer(workspace="lights")
    assert lights["desk"]["value"] == 0.880
    assert [row["slug"] for row in lights["scales"]] == ["traffic"]
    assert lights["ratings"] == 20
    # Session, user, memberships with their desks, ratings, titles, scales: the
    # filter adds no query.
    assert cost == answer()[1] == 6
    for outside in ("secret", "nowhere", "Lights", "", "x" * 300):
        nothing, _ = answer(workspace=outside)
        assert (nothing["ratings"], nothing["scales"], nothing["articles"]) == (
            0,
            [],
            [],
        ), outside
        assert nothing["desk"]["value"] is None
