"""Agreement is not reported from too little data: below the minimum of claims
rated by two reviewers every screen (the article, /desk/, the API) says how many more
ratings it needs instead of a number."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import agreement, services
from tests import factories
from tests.factories import label

SCALE = range(1, 6)


def test_one_claim_rated_true_and_mostly_true_gives_no_number():
    """Krippendorff's alpha over one claim is 0 whatever the two labels are."""
    alpha = agreement.ordinal_alpha([(1, 1, 5), (1, 2, 4)], scale=SCALE)
    assert alpha.value is None
    assert alpha.units == 1
    assert alpha.ratings_needed == 18
    assert "low" not in alpha.reading
    assert alpha.reading == "not enough ratings yet (18 more needed)"
    assert "10 claims are rated by two or more reviewers" in alpha.reason
    assert "1 claim is so far" in alpha.reason


def test_the_ratings_needed_count_second_opinions_first():
    # Three claims rated by two, four rated once: 7 more units are needed, four of
    # them by one more rating each, three by two.
    triples = [(unit, reviewer, 5) for unit in (1, 2, 3) for reviewer in (1, 2)]
    triples += [(unit, 1, 4) for unit in (4, 5, 6, 7)]
    alpha = agreement.ordinal_alpha(triples, scale=SCALE)
    assert (alpha.units, alpha.rated_once, alpha.units_needed) == (3, 4, 7)
    assert alpha.ratings_needed == 4 + 2 * 3


def test_from_the_minimum_the_value_is_shown():
    triples = [(unit, 1, 1 + unit % 5) for unit in range(10)]
    triples += [(unit, 2, 1 + unit % 5) for unit in range(9)]
    triples.append((9, 2, 1 + (9 % 5 + 1) % 5))
    alpha = agreement.ordinal_alpha(triples, scale=SCALE)
    assert alpha.units == agreement.MINIMUM_UNITS
    assert alpha.value is not None
    assert alpha.reason == ""
    assert alpha.ratings_needed == 0
    below = agreement.ordinal_alpha(
        [t for t in triples if t[0] != 9 or t[1] == 1], scale=SCALE
    )
    assert below.value is None
    assert below.ratings_needed == 1


def test_no_variation_is_said_in_words():
    triples = [(unit, reviewer, 5) for unit in range(12) for reviewer in (1, 2)]
    alpha = agreement.ordinal_alpha(triples, scale=SCALE)
    assert alpha.value is None
    assert alpha.ratings_needed == 0
    assert "same label" in alpha.reason
    assert alpha.reading == "no variation yet: every rating is the same label"


# --- the screens ------------------------------------------------------------------


@pytest.fixture
def one_claim_rated_twice(db, reviewer):
    other = factories.UserFactory(username="sam", role="reviewer")
    article = factories.ArticleFactory(
        title="Moon base", body="China and Russia signed a deal on Tuesday."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.8)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.rating_set(claim=claim, reviewer=other, label=label("mostly-true"))
    return claim


def test_the_article_page_says_how_many_more_ratings(
    client, reviewer, one_claim_rated_twice
):
    client.force_login(reviewer)
    article = one_claim_rated_twice.article
    html = client.get(reverse("article-detail", args=[article.pk])).content.decode()
    badge = html.split('id="article-alpha"', 1)[1].split("</a>", 1)[0]
    assert "0.00" not in badge
    assert "discuss the scale" not in badge
    assert "18 more needed" in badge


def test_the_desk_page_says_how_many_more_ratings(
    client, reviewer, one_claim_rated_twice
):
    client.force_login(reviewer)
    html = client.get(reverse("desk-stats"), {"period": "all"}).content.decode()
    assert 'id="desk-alpha">—<' in html
    assert "0.000" not in html
    assert "discuss the scale" not in html
    assert "It needs at least 18 more ratings." in html


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/{pk}/agreement/", "/api/v1/agreement/"]
)
def test_the_api_answers_null_with_a_reason(reviewer, one_claim_rated_twice, path):
    api = APIClient()
    api.force_authenticate(reviewer)
    answer = api.get(path.format(pk=one_claim_rated_twice.article_id)).json()
    alpha = answer.get("desk", answer)
    assert alpha["value"] is None
    assert alpha["units"] == 1
    assert alpha["ratings_needed"] == 18
    assert "18 more ratings" in alpha["reason"]
