"""Split points: the best cut offered first, and no split inside a word anywhere (the
page, the API and the service refuse it alike)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.errors import InvalidInput
from annotations.extraction.split_points import (
    CLAUSE,
    COMMA,
    PUNCTUATION,
    SENTENCE,
    WORD,
    inside_word,
    split_points,
    split_tokens,
    word_at,
)
from annotations.models import Claim
from tests import factories


@pytest.mark.parametrize(
    ("text", "best"),
    [
        # A sentence end wins over any clause boundary, wherever it is.
        ("The fare rose, riders said. The council, however, disagreed.", "The council"),
        ("It rose. Riders, commuters and the unions all said, loudly, no.", "Riders"),
        # Else the clause boundary nearest the middle: a semicolon, a comma, a dash.
        ("Fares rose by 15 percent; season passes, however, stayed.", "season"),
        ("Moscow chose Beijing, a choice derided by space experts.", "a choice"),
        ("The mayor called it a triumph — critics called it a folly.", "critics"),
        # Before a clause word.
        ("Ridership fell in the pandemic and has not recovered since.", "and has"),
        # No boundary of any kind: the word boundary nearest the middle.
        ("Officials expect ridership growth soon", "ridership"),
    ],
)
def test_the_best_cut_comes_first(text, best):
    points = split_points(text, start=40)
    assert text[points[0].at - 40 :].startswith(best)
    assert 1 <= len(points) <= 6


def test_the_list_runs_from_sentence_ends_to_clauses_to_plain_words():
    text = (
        "Fares rose by a fifth last year. Commuters protested; the operator, "
        "which blamed fuel prices, said nothing and raised them again in spring."
    )
    points = split_points(text)
    ranks = [point.rank for point in points if not point.short]
    assert ranks == sorted(ranks)
    assert ranks[0] == SENTENCE
    assert ranks[1] == PUNCTUATION
    assert {COMMA, CLAUSE} <= set(ranks)
    assert [point.kind for point in points][:2] == [
        "sentence end",
        "after a semicolon or colon",
    ]


def test_a_cut_leaving_one_word_on_a_side_comes_last():
    points = split_points("However, the council approved the budget on Monday.")
    assert points[-1].short
    assert not points[0].short
    assert points[0].rank == WORD


def test_a_long_claim_offers_six_and_the_picker_every_boundary():
    text = ", ".join(f"item number {n} was counted" for n in range(30)) + "."
    assert len(split_points(text)) == 6
    tokens = split_tokens(text)
    assert len(tokens) == len(text.split())
    assert tokens[-1]["at"] is None
    assert all(text[t["at"] - 1].isspace() for t in tokens[:-1])


def test_a_one_word_claim_has_no_split_point():
    assert split_points("Moscow") == []
    assert split_tokens("Moscow") == [{"word": "Moscow", "at": None, "label": ""}]


@pytest.mark.parametrize(
    ("text", "at", "inside"),
    [
        ("Beijing and Moscow", 3, True),  # Bei|jing
        ("Beijing and Moscow", 7, False),  # Beijing| and
        ("Beijing and Moscow", 8, False),  # Beijing |and
        ("a long-term deal", 7, True),  # long-|term
        ("a long-term deal", 6, True),  # long|-term
        ("rose 3.5 percent", 6, True),  # 3.|5
        ("cost 1,000 dollars", 6, True),  # 1,|000
        ("the U.S. said", 6, True),  # U.|S.
        ("the U.S. said", 8, False),  # U.S.| said
        ("they don't agree", 8, True),  # don|'t
        ("rose, then fell", 4, False),  # rose|, — punctuation, not a word
        ("rose, then fell", 5, False),  # rose,| then
        ("budget—a choice", 7, False),  # after an em dash
        ("Xi\u2019s visit", 2, True),  # Xi|\u2019s, a typographic apostrophe
        ("Zürich voted", 3, True),  # accented letters are letters
        ("abc", 0, False),
        ("abc", 3, False),
    ],
)
def test_inside_a_word(text, at, inside):
    assert inside_word(text, at) is inside


def test_the_word_around_a_point_is_named():
    assert word_at("signed a long-term agreement", 12) == "long-term"
    assert word_at("rose 3.5 percent", 6) == "3.5"


# --- the page lists the best first; every path refuses a cut inside a word --------


@pytest.fixture
def claim(db, reviewer):
    article = factories.ArticleFactory(
        body="The fare rose by a fifth, riders said on Monday. The council, which "
        "approved it, disagreed and promised a review."
    )
    return factories.claims_for(article, [article.body])[0]


def test_the_panel_offers_the_best_cut_first(client, reviewer, claim):
    client.force_login(reviewer)
    html = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    select = html.split('name="at"', 1)[1].split("</select>", 1)[0]
    options = [part.split('"', 1)[0] for part in select.split('value="')[1:]]
    first = int(options[0])
    assert claim.article.body[first:].startswith("The council")
    assert "selected" in select.split("</option>", 1)[0]
    assert "sentence end" in select.split("</option>", 1)[0]


def test_the_service_refuses_a_split_inside_a_word(reviewer, claim):
    at = claim.start + claim.text.index("fifth") + 2
    with pytest.raises(InvalidInput) as refused:
        services.claim_split(claim=claim, at=at, user=reviewer)
    assert "inside the word “fifth”" in refused.value.message
    assert Claim.objects.filter(article=claim.article).count() == 1


def test_the_page_refuses_a_split_inside_a_word(client, reviewer, claim):
    client.force_login(reviewer)
    at = claim.start + claim.text.index("Monday") + 3
    response = client.post(
        reverse("claim-split", args=[claim.pk]),
        {"at": at, "version": claim.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "inside the word “Monday”" in response.content.decode()
    assert Claim.objects.filter(article=claim.article).count() == 1


def test_the_api_refuses_a_split_inside_a_word(reviewer, claim):
    api = APIClient()
    api.force_authenticate(reviewer)
    at = claim.start + claim.text.index("council") + 4
    response = api.post(
        f"/api/v1/claims/{claim.pk}/split/",
        {"at": at, "version": claim.version},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalidinput"
    assert "inside the word “council”" in response.json()["detail"]
    assert Claim.objects.filter(article=claim.article).count() == 1


def test_a_split_between_words_still_works_everywhere(reviewer, claim):
    at = claim.start + claim.text.index("The council")
    first, second = services.claim_split(claim=claim, at=at, user=reviewer)
    body = claim.article.body
    assert body[first.start : first.end] == first.text
    assert second.text.startswith("The council")
