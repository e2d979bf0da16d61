"""The editorial loop through the REST API only, and its refusals as JSON."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotations.models import Claim, ClaimStatus, Notification, Verdict
from tests import factories
from tests.api import API, build_article, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_claim(seed_text, reviewer):
    """The seed article's signed-agreement claim, through the API as a reviewer."""
    api = client_for(reviewer)
    article = api.post(f"{API}/articles/", {"text": seed_text}, format="json").data
    claims = api.get(f"{API}/articles/{article['id']}/claims/").data["results"]
    return next(c for c in claims if c["text"].startswith("China and Russia signed"))


def version(api, claim_id: int) -> int:
    return api.get(f"{API}/claims/{claim_id}/").data["version"]


def post(api, claim_id: int, verb: str, **data):
    data.setdefault("version", version(api, claim_id))
    return api.post(f"{API}/claims/{claim_id}/{verb}/", data, format="json")


def test_the_whole_loop_through_the_api(seed_claim, reviewer, sam, editor):
    """assign → both rate → both submit → the editor sees the disagreement → returns
    with a comment → the reviewer fixes and resubmits → approval refused while a
    blocking gap is open → the gap is resolved → approved → the article is verified
    once its other check-worthy claims are approved too."""
    rita, samc, eddie = client_for(reviewer), client_for(sam), client_for(editor)
    claim_id = seed_claim["id"]
    response = post(eddie, claim_id, "assign", assignees=[reviewer.pk, sam.pk])
    assert response.status_code == 200
    assert sorted(response.data["assignees"]) == sorted([reviewer.pk, sam.pk])
    assert rita.get(f"{API}/notifications/").data["results"][0]["kind"] == "assigned"

    for api, label in ((rita, "true"), (samc, "mostly-false")):
        response = api.post(
            f"{API}/ratings/", {"claim": claim_id, "label": label}, format="json"
        )
        assert response.status_code == 201
    assert post(rita, claim_id, "submit").data["status"] == "in_progress"
    assert post(samc, claim_id, "submit").data["status"] == "submitted"

    queue = eddie.get(f"{API}/review-queue/", {"sort": "disagreement"}).data
    item = next(row for row in queue["results"] if row["id"] == claim_id)
    assert sorted(r["label"]["slug"] for r in item["ratings"]) == [
        "mostly-false",
        "true",
    ]
    assert item["agreement"]["agree"] is False
    assert item["agreement"]["spread"] == 3
    assert item["label_count"] == 2

    response = post(eddie, claim_id, "return", comment="Which document says so?")
    assert response.status_code == 200
    assert response.data["status"] == "returned"
    notes = rita.get(f"{API}/notifications/").data["results"]
    assert notes[0]["kind"] == "returned"
    assert "Which document says so?" in notes[0]["text"]
    comments = rita.get(f"{API}/comments/", {"claim": claim_id}).data["results"]
    assert [(c["kind"], c["body"]) for c in comments] == [
        ("return", "Which document says so?")
    ]

    # Rita fixes her rating (false side, so she needs a refuting source) and
    # resubmits; Sam's submission still stands.
    response = rita.post(
        f"{API}/ratings/", {"claim": claim_id, "label": "false"}, format="json"
    )
    assert response.status_code == 200
    assert post(rita, claim_id, "submit").data["status"] == "submitted"

    # False with no refuting citation is verdict_unsupported: blocking, evaluated
    # at approval time, before any scan has stored a gap.
    explanation = {"explanation": "No such agreement was signed."}
    response = post(eddie, claim_id, "approve", label="false", **explanation)
    assert response.status_code == 409
    assert response.data["code"] == "workflowconflict"
    assert "Verdict unsupported" in response.data["detail"]

    # Resolve it: the reviewer withdraws, cites a refuting source, resubmits.
    post(rita, claim_id, "withdraw")
    response = rita.post(
        f"{API}/citations/",
        {
            "claim": claim_id,
            "source_url": "https://www.cnsa.gov.cn/statement",
            "source_title": "CNSA statement",
            "source_publisher": "China National Space Administration",
            "source_kind": "official",
            "stance": "refutes",
            "quote": "A memorandum of understanding, not an agreement.",
        },
        format="json",
    )
    assert response.status_code == 201
    post(rita, claim_id, "submit")
    response = post(eddie, claim_id, "approve", label="false", **explanation)
    assert response.status_code == 200
    assert response.data["status"] == "approved"
    assert response.data["verdict"]["label"]["slug"] == "false"
    assert response.data["verdict"]["approved_by"] == "Eddie Editor"
    assert rita.get(f"{API}/notifications/").data["results"][0]["kind"] == "approved"

    # Evidence is locked now.
    response = rita.post(
        f"{API}/ratings/", {"claim": claim_id, "label": "true"}, format="json"
    )
    assert response.status_code == 409
    history = rita.get(f"{API}/claims/{claim_id}/history/").data["results"]
    assert any(e["subject"] == "verdict" for e in history)

    article_id = seed_claim["article"]
    article = eddie.get(f"{API}/articles/{article_id}/").data
    assert article["state"] == "in review"
    assert article["checkworthy_approved_count"] == 1


def test_the_two_person_rule_on_the_api(seed_claim, editor):
    eddie = client_for(editor)
    claim_id = seed_claim["id"]
    eddie.post(f"{API}/ratings/", {"claim": claim_id, "label": "true"}, format="json")
    post(eddie, claim_id, "submit")
    response = post(
        eddie, claim_id, "approve", label="true", explanation="I checked it myself."
    )
    assert response.status_code == 403
    assert "two-person rule" in response.data["detail"]
    assert not Verdict.objects.exists()


def test_a_gap_override_is_stored_and_shown_with_the_verdict(
    seed_claim, reviewer, editor
):
    rita, eddie = client_for(reviewer), client_for(editor)
    claim_id = seed_claim["id"]
    rita.post(f"{API}/ratings/", {"claim": claim_id, "label": "true"}, format="json")
    post(rita, claim_id, "submit")
    response = post(
        eddie,
        claim_id,
        "approve",
        label="true",
        explanation="Confirmed by phone.",
        gap_override_reason="The agency confirmed it by phone; no document yet.",
    )
    assert response.status_code == 200
    verdict = response.data["verdict"]
    assert verdict["gap_override_reason"].startswith("The agency confirmed")
    assert "no_source" in verdict["gap_override_kinds"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"label": "nope", "explanation": "x"}, "label"),
        ({"label": "true", "explanation": ""}, "explanation"),
        ({"label": "true"}, "explanation"),
        ({"label": "true", "explanation": "x", "version": "v"}, "version"),
    ],
)
def test_malformed_approvals_are_400(seed_claim, editor, payload, field):
    response = post(client_for(editor), seed_claim["id"], "approve", **payload)
    assert response.status_code == 400
    assert field in response.data


def test_a_reviewer_cannot_read_the_review_queue(reviewer):
    response = client_for(reviewer).get(f"{API}/review-queue/")
    assert response.status_code == 403
    assert response.data["code"] == "permission_denied"


@pytest.mark.parametrize("bad", ["x", "-3", "0"])
def test_bad_queue_filters_are_400(editor, bad):
    response = client_for(editor).get(f"{API}/review-queue/", {"article": bad})
    assert response.status_code == 400


# The editor's groups (the role check), one COUNT and one page of claims, then five
# prefetches (ratings, citations, open gaps, comments, assignees).
QUEUE_QUERIES = 8


@pytest.mark.parametrize("n_claims", [10, 500])
def test_the_review_queue_costs_the_same_queries_at_any_size(
    editor, django_assert_num_queries, n_claims
):
    article = build_article(n_claims)
    article.claims.update(status=ClaimStatus.SUBMITTED)
    api = client_for(editor)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = api.get(f"{API}/review-queue/", {"sort": "disagreement"})
    assert response.status_code == 200
    assert response.data["count"] == n_claims
    assert len(response.data["results"]) == min(n_claims, 100)


def test_notifications_are_the_callers_own_and_marked_read(seed_claim, reviewer, sam):
    eddie = factories.UserFactory(username="eddie2", role="editor")
    post(client_for(eddie), seed_claim["id"], "assign", assignees=[reviewer.pk])
    assert client_for(sam).get(f"{API}/notifications/").data["count"] == 0
    note = Notification.objects.get(recipient=reviewer)
    response = client_for(sam).post(
        f"{API}/notifications/read/", {"ids": [note.pk]}, format="json"
    )
    assert response.data == {"marked_read": 0}
    response = client_for(reviewer).post(
        f"{API}/notifications/read/", {}, format="json"
    )
    assert response.data == {"marked_read": 1}


@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_at_once_one_wins_the_other_gets_409(
    reviewer, editor, scale_in_transactional_db
):
    """Real parallel requests: exactly one approval, the other 409 names who
    approved, and history holds one approval."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    other = factories.UserFactory(
        username="erin", first_name="Erin", last_name="Other", role="editor"
    )
    for _round in range(5):
        article = factories.ArticleFactory()
        (claim, *_rest) = factories.claims_for(article, checkworthiness=0.6)
        rita = client_for(reviewer)
        for n in (1, 2):
            rita.post(
                f"{API}/citations/",
                {
                    "claim": claim.pk,
                    "source_url": f"https://outlet{n}-{claim.pk}.example.org/a",
                    "source_title": f"Report {n}",
                    "source_publisher": f"Outlet {n}",
                    "stance": "supports",
                },
                format="json",
            )
        rita.post(
            f"{API}/ratings/", {"claim": claim.pk, "label": "true"}, format="json"
        )
        post(rita, claim.pk, "submit")
        current = Claim.objects.get(pk=claim.pk).version
        barrier = threading.Barrier(2)
        answers = {}

        def approve(user, answers=answers, barrier=barrier, claim=claim, v=current):
            api = APIClient()
            api.force_authenticate(user)
            try:
                barrier.wait()
                answers[user.username] = api.post(
                    f"{API}/claims/{claim.pk}/approve/",
                    {"label": "true", "explanation": "Agreed.", "version": v},
                    format="json",
                )
            finally:
                connection.close()

        threads = [threading.Thread(target=approve, args=(u,)) for u in (editor, other)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        codes = sorted(response.status_code for response in answers.values())
        assert codes == [200, 409]
        loser = next(r for r in answers.values() if r.status_code == 409)
        winner = next(u for u, r in answers.items() if r.status_code == 200)
        winner_name = {"eddie": "Eddie Editor", "erin": "Erin Other"}[winner]
        assert loser.data["changed_by"] == winner_name
        assert f"already approved by {winner_name}" in loser.data["detail"]
        assert Verdict.history.filter(claim_id=claim.pk, history_type="+").count() == 1
        assert Verdict.objects.filter(claim=claim).count() == 1


def approve_after_submit(seed_claim, reviewer, editor, **extra):
    rita = client_for(reviewer)
    claim_id = seed_claim["id"]
    rita.post(f"{API}/ratings/", {"claim": claim_id, "label": "true"}, format="json")
    post(rita, claim_id, "submit")
    return post(
        client_for(editor), claim_id, "approve", label="true",
        explanation="Confirmed by phone.",
        gap_override_reason="The agency confirmed it by phone.", **extra,
    )  # fmt: skip


def test_the_claim_as_checked_is_optional_and_stored_on_one_line(
    seed_claim, reviewer, editor
):
    response = approve_after_submit(
        seed_claim, reviewer, editor,
        claim_as_checked="  China and Russia\n signed a moon-base deal  ",
    )  # fmt: skip
    assert response.status_code == 200
    assert response.data["verdict"]["claim_as_checked"] == (
        "China and Russia signed a moon-base deal"
    )
    verdict = Verdict.objects.get(claim_id=seed_claim["id"])
    assert verdict.claim_as_checked == "China and Russia signed a moon-base deal"


def test_without_a_claim_as_checked_it_is_blank(seed_claim, reviewer, editor):
    response = approve_after_submit(seed_claim, reviewer, editor)
    assert response.status_code == 200
    assert response.data["verdict"]["claim_as_checked"] == ""


@pytest.mark.parametrize("bad", ["x" * 201, 7, ["a"]])
def test_a_claim_as_checked_too_long_or_not_text_is_400(
    seed_claim, reviewer, editor, bad
):
    response = approve_after_submit(seed_claim, reviewer, editor, claim_as_checked=bad)
    assert response.status_code == 400
    assert "claim_as_checked" in response.data
    assert not Verdict.objects.filter(claim_id=seed_claim["id"]).exists()


def test_the_schema_documents_the_claim_as_checked():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    approve = schema["paths"]["/api/v1/claims/{id}/approve/"]["post"]
    body = approve["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][body.rsplit("/", 1)[1]]
    field = component["properties"]["claim_as_checked"]
    assert field["maxLength"] == 200
    assert "claimReviewed" in field["description"]
    assert "claim_as_checked" not in component.get("required", [])
