"""Counts follow the decision just made: the queue's "N claims waiting" after an
approval or a return made in place (for the queue as filtered), and the dashboard's
"Awaiting review" counts every waiting claim, not the ten it lists."""

import pytest
from django.urls import reverse

from annotations.models import ClaimStatus
from tests import factories

pytestmark = pytest.mark.django_db


def waiting_claims(count: int, title: str) -> list:
    article = factories.ArticleFactory(
        title=title,
        body=" ".join(
            f"The budget rose by {n} percent in year {n}." for n in range(count)
        ),
    )
    claims = factories.claims_for(article, checkworthiness=0.3)
    for claim in claims:
        claim.status = ClaimStatus.SUBMITTED
        claim.save(update_fields=["status"])
    return claims


def test_a_return_in_the_queue_swaps_the_filtered_count(client, editor):
    mine = waiting_claims(2, "Harbour")
    waiting_claims(3, "Airport")
    client.force_login(editor)
    article = mine[0].article_id
    page = client.get(reverse("review-queue"), {"article": article}).content.decode()
    assert ">2 claims waiting<" in page
    claim = mine[0]
    response = client.post(
        reverse("claim-return", args=[claim.pk]),
        {
            "version": claim.version,
            "comment": "Cite the minutes.",
            "origin": "queue",
            "queue_article": article,
            "queue_reviewer": "",
            "queue_page": "1",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="queue-count" hx-swap-oob="true">1 claim waiting<' in html


def test_the_queue_forms_carry_the_queue_they_were_shown_in(client, editor):
    claims = waiting_claims(1, "Harbour")
    client.force_login(editor)
    page = client.get(
        reverse("review-queue"), {"article": claims[0].article_id}
    ).content.decode()
    form = page.split('data-role="return"', 1)[1].split("</form>", 1)[0]
    assert f'name="queue_article" value="{claims[0].article_id}"' in form
    assert 'name="queue_page" value="1"' in form


def test_the_dashboard_counts_every_claim_awaiting_review(client, editor):
    waiting_claims(12, "Harbour")
    client.force_login(editor)
    html = client.get(reverse("dashboard")).content.decode()
    box = html.split('id="queue-review"', 1)[1].split("</section>", 1)[0]
    assert '<span class="count">12</span>' in box
    assert box.count('class="claim-id"') == 10
    assert "Showing the oldest 10 of 12." in box
