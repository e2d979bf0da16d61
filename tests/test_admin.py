"""The Django admin lists and searches every model without errors."""

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import RatingLabel
from tests import factories

MODELS = [
    "article",
    "claim",
    "source",
    "citation",
    "rating",
    "verdict",
    "ratingscale",
    "sourcinggap",
    "scanrun",
]


@pytest.fixture
def populated(seed_text, reviewer):
    article = services.article_create(title="", body=seed_text, created_by=reviewer)
    claim = article.claims.filter(kind="claim").first()
    source, _ = services.source_get_or_create(
        url="https://spacenews.com/a", title="<b>SpaceNews</b> story", user=reviewer
    )
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    label = RatingLabel.objects.get(scale__slug="default", slug="true")
    services.rating_set(claim=claim, reviewer=reviewer, label=label)
    factories.VerdictFactory(claim=claim)
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_search(client, admin_user, populated, model):
    client.force_login(admin_user)
    url = reverse(f"admin:annotations_{model}_changelist")
    response = client.get(url)
    assert response.status_code == 200
    assert client.get(url, {"q": "moon"}).status_code == 200


@pytest.mark.django_db
def test_admin_claim_page_shows_the_text_escaped(client, admin_user, populated):
    client.force_login(admin_user)
    claim = populated.claims.filter(kind="claim").first()
    response = client.get(reverse("admin:annotations_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    assert claim.text[:40] in response.content.decode()


@pytest.mark.django_db
def test_admin_is_closed_to_reviewers(client, reviewer):
    client.force_login(reviewer)
    response = client.get(reverse("admin:annotations_claim_changelist"))
    assert response.status_code == 302
