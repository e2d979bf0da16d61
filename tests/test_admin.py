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


# --- the admin is no back door -----------------------------------------------------


def _inline_payload(claim, rows):
    """The claim change form's POST: no claim fields, a citation inline, the rating
    inline left empty."""
    existing = list(claim.citations.all())
    data = {
        "citations-TOTAL_FORMS": str(len(existing) + len(rows)),
        "citations-INITIAL_FORMS": str(len(existing)),
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "ratings-TOTAL_FORMS": "0",
        "ratings-INITIAL_FORMS": "0",
        "ratings-MIN_NUM_FORMS": "0",
        "ratings-MAX_NUM_FORMS": "1000",
        # Forged workflow fields: the admin must ignore them.
        "status": "approved",
        "version": "99",
        "kind": "opinion",
        "dismissed_reason": "forged",
    }
    for index, citation in enumerate(existing):
        data.update(
            {
                f"citations-{index}-id": str(citation.pk),
                f"citations-{index}-claim": str(claim.pk),
                f"citations-{index}-source": str(citation.source_id),
                f"citations-{index}-stance": citation.stance,
                f"citations-{index}-quote": citation.quote,
                f"citations-{index}-locator": citation.locator,
                f"citations-{index}-note": citation.note,
            }
        )
    for offset, row in enumerate(rows):
        index = len(existing) + offset
        data.update({f"citations-{index}-{key}": value for key, value in row.items()})
        data[f"citations-{index}-claim"] = str(claim.pk)
    return data


@pytest.fixture
def live_claim(db):
    article = factories.ArticleFactory()
    (claim, *_rest) = factories.claims_for(article, checkworthiness=0.6)
    return claim


@pytest.mark.django_db
def test_workflow_fields_are_read_only_in_the_admin(client, admin_user, live_claim):
    client.force_login(admin_user)
    url = reverse("admin:annotations_claim_change", args=[live_claim.pk])
    html = client.get(url).content.decode()
    for field in ("status", "version", "kind", "dismissed_reason", "start", "text"):
        assert f'name="{field}"' not in html, field
    before = (live_claim.status, live_claim.version, live_claim.kind)
    response = client.post(url, _inline_payload(live_claim, []))
    assert response.status_code == 302
    live_claim.refresh_from_db()
    assert (live_claim.status, live_claim.version, live_claim.kind) == before
    assert live_claim.dismissed_reason == ""


@pytest.mark.django_db
def test_an_inline_citation_goes_through_the_service(client, admin_user, live_claim):
    source = factories.SourceFactory()
    client.force_login(admin_user)
    url = reverse("admin:annotations_claim_change", args=[live_claim.pk])
    row = {"source": str(source.pk), "stance": "supports", "quote": "It says so."}
    response = client.post(url, _inline_payload(live_claim, [row]))
    assert response.status_code == 302
    citation = live_claim.citations.get()
    assert citation.added_by == admin_user  # the service records who added it
    live_claim.refresh_from_db()
    assert live_claim.status == "in_progress"  # and moves the claim along


@pytest.mark.django_db
def test_an_inline_citation_on_a_submitted_claim_is_refused(
    client, admin_user, reviewer, live_claim
):
    label = RatingLabel.objects.get(scale__slug="default", slug="true")
    services.rating_set(claim=live_claim, reviewer=reviewer, label=label)
    services.claim_submit(claim=live_claim, user=reviewer)
    source = factories.SourceFactory()
    client.force_login(admin_user)
    url = reverse("admin:annotations_claim_change", args=[live_claim.pk])
    row = {"source": str(source.pk), "stance": "refutes"}
    response = client.post(url, _inline_payload(live_claim, [row]), follow=True)
    assert not live_claim.citations.exists()
    assert "Not saved" in response.content.decode()
    assert "locked" in response.content.decode()


@pytest.mark.django_db
def test_verdicts_cannot_be_created_or_edited_in_the_admin(
    client, admin_user, live_claim
):
    verdict = factories.VerdictFactory(claim=live_claim)
    client.force_login(admin_user)
    assert client.get(reverse("admin:annotations_verdict_add")).status_code == 403
    change = reverse("admin:annotations_verdict_change", args=[verdict.pk])
    html = client.get(change).content.decode()
    assert 'name="explanation"' not in html
    response = client.post(change, {"explanation": "forged", "label": verdict.label_id})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.explanation == "The record shows otherwise."
    assert client.get(reverse("admin:annotations_rating_add")).status_code == 403
    assert client.get(reverse("admin:annotations_citation_add")).status_code == 403


@pytest.mark.django_db
def test_article_metadata_is_saved_through_the_service(client, admin_user, populated):
    client.force_login(admin_user)
    url = reverse("admin:annotations_article_change", args=[populated.pk])
    response = client.post(
        url,
        {
            "title": "  A corrected   title ",
            "url": "",
            "publisher": "Space.com",
            "byline": "",
            "published_on": "",
            "language": "en",
        },
    )
    assert response.status_code == 302
    populated.refresh_from_db()
    assert populated.title == "A corrected title"  # the service normalised it
    assert populated.history.first().history_user == admin_user


@pytest.mark.django_db
def test_a_used_labels_ordinal_cannot_change_in_the_admin(
    client, admin_user, populated
):
    from annotations.models import RatingScale

    scale = RatingScale.objects.get(slug="default")
    labels = list(scale.labels.order_by("position"))
    data = {
        "labels-TOTAL_FORMS": str(len(labels)),
        "labels-INITIAL_FORMS": str(len(labels)),
        "labels-MIN_NUM_FORMS": "0",
        "labels-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(labels):
        ordinal = item.ordinal
        if item.slug == "true":
            ordinal = 9  # used by the populated rating and verdict
        data.update(
            {
                f"labels-{index}-id": str(item.pk),
                f"labels-{index}-scale": str(scale.pk),
                f"labels-{index}-position": str(item.position),
                f"labels-{index}-name": item.name,
                f"labels-{index}-slug": item.slug,
                f"labels-{index}-ordinal": "" if ordinal is None else str(ordinal),
                f"labels-{index}-polarity": item.polarity,
                f"labels-{index}-description": item.description,
            }
        )
    client.force_login(admin_user)
    url = reverse("admin:annotations_ratingscale_change", args=[scale.pk])
    response = client.post(url, data, follow=True)
    assert "cannot change" in response.content.decode()
    assert RatingLabel.objects.get(scale=scale, slug="true").ordinal == 5
