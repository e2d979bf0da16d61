"""/api/v1/claims/: filters, the full claim, and every editing verb over HTTP."""

import pytest
from django.utils import timezone

from annotations import services
from annotations.models import Claim, ClaimStatus, RatingLabel, SourcingGap
from annotations.services.system import SYSTEM
from tests import factories
from tests.api import API, build_article, client_for, counts
from tests.assertions import assert_offsets

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_article(seed_text, reviewer):
    return services.article_create(title="", body=seed_text, created_by=reviewer)


@pytest.fixture
def api(reviewer):
    return client_for(reviewer)


def live_claims(article) -> list[Claim]:
    return list(article.claims.filter(kind="claim").order_by("start"))


def post(api, claim, verb, payload):
    return api.post(f"{API}/claims/{claim.pk}/{verb}/", payload, format="json")


# --- list and filters -------------------------------------------------------------


def test_claims_filter_by_article_kind_status_and_dismissal(
    api, seed_article, reviewer
):
    build_article(3)
    claims = live_claims(seed_article)
    services.claim_dismiss(claim=claims[0], reason="Opinion", user=reviewer)

    def ids(query):
        response = api.get(f"{API}/claims/?limit=500&{query}")
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    in_article = ids(f"article={seed_article.pk}")
    assert in_article == set(seed_article.claims.values_list("pk", flat=True))
    assert ids(f"article={seed_article.pk}&kind=caption") == set(
        seed_article.claims.filter(kind="caption").values_list("pk", flat=True)
    )
    assert ids(f"article={seed_article.pk}&dismissed=true") == {claims[0].pk}
    assert claims[0].pk not in ids(f"article={seed_article.pk}&dismissed=false")
    assert ids("status=approved") == set()
    assert api.get(f"{API}/claims/?kind=nonsense").status_code == 400


def test_claims_filter_by_checkworthiness_gaps_and_assignee(api, seed_article, editor):
    claims = live_claims(seed_article)
    now = timezone.now()
    SourcingGap.objects.create(
        claim=claims[1], kind="no_source", opened_at=now, last_seen_at=now
    )
    claims[2].assignees.add(editor)
    best = max(claims, key=lambda c: c.checkworthiness)

    def ids(query):
        response = api.get(f"{API}/claims/?limit=500&article={seed_article.pk}&{query}")
        assert response.status_code == 200, response.data
        return {row["id"] for row in response.data["results"]}

    assert ids("has_open_gaps=true") == {claims[1].pk}
    assert claims[1].pk not in ids("has_open_gaps=false")
    assert ids(f"assignee={editor.pk}") == {claims[2].pk}
    assert best.pk in ids(f"min_checkworthiness={best.checkworthiness}")
    assert all(
        Claim.objects.get(pk=pk).checkworthiness >= best.checkworthiness
        for pk in ids(f"min_checkworthiness={best.checkworthiness}")
    )


def test_a_claim_shows_its_evidence_ratings_verdict_and_open_gaps(api, seed_article):
    claim = live_claims(seed_article)[0]
    citation = factories.CitationFactory(claim=claim)
    factories.RatingFactory(claim=claim)
    factories.VerdictFactory(claim=claim, explanation="No such plan exists.")
    now = timezone.now()
    SourcingGap.objects.create(
        claim=claim, kind="single_source", opened_at=now, last_seen_at=now
    )
    data = api.get(f"{API}/claims/{claim.pk}/").data
    assert data["text"] == seed_article.body[data["start"] : data["end"]]
    assert data["version"] == claim.version
    assert isinstance(data["signals"], list)
    assert data["citations"][0]["source"]["title"] == citation.source.title
    assert data["citations"][0]["stance"] == "supports"
    assert data["ratings"][0]["label"]["slug"] == "false"
    assert data["verdict"]["label"]["slug"] == "false"
    assert data["verdict"]["explanation"] == "No such plan exists."
    assert [gap["kind"] for gap in data["open_gaps"]] == ["single_source"]


@pytest.mark.parametrize("n_claims", [10, 300])
def test_claim_list_and_detail_query_budget(api, django_assert_num_queries, n_claims):
    article = build_article(n_claims, citations_per_claim=3)
    claim = article.claims.order_by("start")[n_claims // 2]
    claim.assignees.add(factories.UserFactory())
    with django_assert_num_queries(4):
        response = api.get(f"{API}/claims/?limit=500")
    assert len(response.data["results"]) == n_claims
    assert response.data["results"][0]["citation_count"] == 3
    with django_assert_num_queries(6):
        response = api.get(f"{API}/claims/{claim.pk}/")
    assert len(response.data["citations"]) == 3


def test_the_page_size_is_capped_at_500(api):
    build_article(520, citations_per_claim=0)
    response = api.get(f"{API}/claims/?limit=100000")
    assert response.status_code == 200
    assert response.data["count"] == 520
    assert len(response.data["results"]) == 500
    assert "limit=500" in response.data["next"]
    assert len(api.get(f"{API}/claims/").data["results"]) == 100


# --- writes ------------------------------------------------------------------------


def test_creating_a_claim_from_a_selection_trims_and_keeps_offsets(api):
    article = services.article_create(
        title="Budget",
        body="The council approved a budget of $3 million on Monday.",
        created_by=SYSTEM,
    )
    Claim.objects.filter(article=article).delete()
    response = api.post(
        f"{API}/claims/",
        {"article": article.pk, "start": 0, "end": 24},
        format="json",
    )
    assert response.status_code == 201, response.data
    assert response.data["text"] == "The council approved a b"
    assert_offsets(article)


def test_split_merge_and_rebound_keep_offsets_exact(api, seed_article):
    claim = max(live_claims(seed_article), key=lambda c: c.end - c.start)
    at = claim.start + (claim.end - claim.start) // 2
    while not seed_article.body[at].isspace():
        at += 1
    response = post(api, claim, "split", {"at": at, "version": claim.version})
    assert response.status_code == 200, response.data
    first, second = response.data["first"], response.data["second"]
    assert first["id"] == claim.pk
    assert first["end"] <= second["start"]
    assert first["version"] == claim.version + 1
    assert_offsets(seed_article)

    response = post(api, claim, "merge", {"version": first["version"]})
    assert response.status_code == 200, response.data
    assert response.data["end"] == second["end"]
    assert not Claim.objects.filter(pk=second["id"]).exists()
    assert_offsets(seed_article)

    merged = response.data
    response = post(
        api,
        claim,
        "rebound",
        {
            "start": merged["start"],
            "end": merged["end"] - 5,
            "version": merged["version"],
        },
    )
    assert response.status_code == 200, response.data
    assert response.data["end"] <= merged["end"] - 5
    assert_offsets(seed_article)


def test_dismiss_restore_kind_and_submit(api, seed_article, reviewer):
    claim = live_claims(seed_article)[0]
    version = claim.version
    response = post(api, claim, "dismiss", {"reason": "Opinion", "version": version})
    assert response.status_code == 200
    assert response.data["dismissed"] is True
    response = post(api, claim, "restore", {"version": response.data["version"]})
    assert response.status_code == 200
    assert response.data["dismissed"] is False
    response = post(
        api, claim, "kind", {"kind": "opinion", "version": response.data["version"]}
    )
    assert response.status_code == 200
    assert response.data["kind"] == "opinion"
    response = post(
        api, claim, "kind", {"kind": "claim", "version": response.data["version"]}
    )
    version = response.data["version"]
    response = post(api, claim, "submit", {"version": version})
    assert response.status_code == 409
    assert response.data["code"] == "workflowconflict"
    assert "Rate claim" in response.data["detail"]
    services.rating_set(
        claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="true")
    )
    claim.refresh_from_db()
    response = post(api, claim, "submit", {"version": claim.version})
    assert response.status_code == 200, response.data
    assert response.data["status"] == ClaimStatus.SUBMITTED


def test_a_stale_version_is_a_409_naming_who_changed_it(api, seed_article, editor):
    claim = live_claims(seed_article)[0]
    stale = claim.version
    services.claim_dismiss(
        claim=claim, reason="Duplicate", user=editor, expected_version=stale
    )
    before = counts()
    response = post(api, claim, "dismiss", {"reason": "Mine", "version": stale})
    assert response.status_code == 409
    assert response.data["code"] == "conflict"
    assert response.data["changed_by"] == "Eddie Editor"
    assert response.data["current_version"] == stale + 1
    assert "Eddie Editor" in response.data["detail"]
    claim.refresh_from_db()
    assert claim.dismissed_reason == "Duplicate"
    assert counts() == before


def test_only_editors_assign(api, seed_article, editor, reviewer):
    claim = live_claims(seed_article)[0]
    payload = {"assignees": [reviewer.pk], "version": claim.version}
    response = post(api, claim, "assign", payload)
    assert response.status_code == 403
    assert response.data["code"] == "notallowed"
    assert not claim.assignees.exists()
    response = post(client_for(editor), claim, "assign", payload)
    assert response.status_code == 200, response.data
    assert response.data["assignees"] == [reviewer.pk]


@pytest.mark.parametrize(
    ("verb", "payload", "field"),
    [
        ("rebound", {"start": -1, "end": 10, "version": 1}, "start"),
        ("rebound", {"start": 0, "end": 10**12, "version": 1}, "end"),
        ("rebound", {"start": "zero", "end": 10, "version": 1}, "start"),
        ("rebound", {"start": 0, "end": 10}, "version"),
        ("split", {"at": None, "version": 1}, "at"),
        ("split", {"at": 5, "version": 0}, "version"),
        ("kind", {"kind": "rumour", "version": 1}, "kind"),
        ("dismiss", {"reason": "", "version": 1}, "reason"),
        ("assign", {"assignees": [999999], "version": 1}, "assignees"),
        ("assign", {"assignees": "everyone", "version": 1}, "assignees"),
    ],
)
def test_malformed_claim_edits_are_400_with_field_errors(
    editor, seed_article, verb, payload, field
):
    claim = live_claims(seed_article)[0]
    version, before = claim.version, counts()
    response = post(client_for(editor), claim, verb, payload)
    assert response.status_code == 400
    assert field in response.data
    claim.refresh_from_db()
    assert claim.version == version
    assert counts() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"start": 0, "end": 10**6},
        {"start": 30, "end": 20},
        {"start": 5, "end": 5},
    ],
)
def test_ranges_outside_the_body_are_refused_by_the_service(api, seed_article, payload):
    claim = live_claims(seed_article)[0]
    before = counts()
    response = post(api, claim, "rebound", {**payload, "version": claim.version})
    assert response.status_code == 400
    assert response.data["code"] == "invalidinput"
    assert counts() == before
    assert_offsets(seed_article)


def test_a_split_outside_the_claim_is_refused(api, seed_article):
    claim = live_claims(seed_article)[0]
    response = post(api, claim, "split", {"at": claim.end + 3, "version": 1})
    assert response.status_code == 400
    assert "not inside" in response.data["detail"]
    assert_offsets(seed_article)


def test_a_claim_over_another_live_claim_is_a_409(api, seed_article):
    first, second = live_claims(seed_article)[:2]
    before = counts()
    response = api.post(
        f"{API}/claims/",
        {"article": seed_article.pk, "start": first.start, "end": second.end},
        format="json",
    )
    assert response.status_code == 409
    assert "overlaps" in response.data["detail"]
    assert counts() == before
    assert_offsets(seed_article)


def test_editing_an_unknown_claim_is_a_404(api):
    response = api.post(
        f"{API}/claims/999999/dismiss/", {"reason": "x", "version": 1}, format="json"
    )
    assert response.status_code == 404
