"""Concurrent requests, for real: parallel threads on PostgreSQL, each its own
connection. No race answers 500, loses an update or duplicates a row."""

import threading

import pytest
from django.db import connection

from annotations import services
from annotations.models import Citation, Claim, Rating, Source
from tests import factories
from tests.api import API, client_for
from tests.assertions import assert_offsets

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgres_only(scale_in_transactional_db):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the races need PostgreSQL")


def parallel(*calls, rounds_label=""):
    """Run the calls at the same moment (a barrier), each in its own thread and
    database connection; return their responses in order."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            answers[index] = call()
        except Exception as exc:  # reported below, never swallowed
            answers[index] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for answer in answers:
        assert not isinstance(answer, Exception), repr(answer)
        assert answer.status_code < 500, answer.content[:300]
    return answers


@pytest.fixture
def people(db):
    return (
        factories.UserFactory(
            username="rita", first_name="Rita", last_name="R", role="reviewer"
        ),
        factories.UserFactory(username="sam", role="reviewer"),
        factories.UserFactory(username="eddie", role="editor"),
    )


def make_claim(text="The council approved a budget of $3 million on Monday."):
    article = factories.ArticleFactory(
        body=f"{text} Critics said it was far too small for the city."
    )
    return factories.claims_for(article, checkworthiness=0.6)


ROUNDS = 4


def test_two_patches_of_one_citation_never_lose_an_update(people):
    """Two clients (one reviewer, two tabs) change different fields from the same
    read: one is saved, the other is told it is stale; nothing is lost silently."""
    rita = people[0]
    for _ in range(ROUNDS):
        claim, _next = make_claim()
        citation = services.citation_add(
            claim=claim, source=factories.SourceFactory(), stance="supports",
            user=rita, quote="old quote", locator="p. 1",
        )  # fmt: skip
        read = client_for(rita).get(f"{API}/citations/{citation.pk}/").data
        seen = read["updated_at"]
        url = f"{API}/citations/{citation.pk}/"
        first, second = parallel(
            lambda u=url, s=seen: client_for(rita).patch(
                u, {"quote": "new quote", "updated_at": s}, format="json"
            ),
            lambda u=url, s=seen: client_for(rita).patch(
                u, {"locator": "p. 9", "updated_at": s}, format="json"
            ),
        )
        assert sorted([first.status_code, second.status_code]) == [200, 409]
        citation.refresh_from_db()
        won = first if first.status_code == 200 else second
        assert (citation.quote, citation.locator) == (
            won.data["quote"],
            won.data["locator"],
        )


def test_parallel_identical_ratings_make_one_rating(people):
    rita = people[0]
    for _ in range(ROUNDS):
        claim, _next = make_claim()
        payload = {"claim": claim.pk, "label": "true"}
        answers = parallel(
            *(
                lambda p=payload: client_for(rita).post(
                    f"{API}/ratings/", p, format="json"
                )
                for _ in range(3)
            )
        )
        assert sorted(a.status_code for a in answers) == [200, 200, 201]
        assert Rating.objects.filter(claim=claim, reviewer=rita).count() == 1


def test_parallel_identical_citations_make_one_citation(people):
    rita = people[0]
    for round_number in range(ROUNDS):
        claim, _next = make_claim()
        payload = {
            "claim": claim.pk,
            "source_url": f"https://same.example.org/{round_number}",
            "source_title": "Same document",
            "stance": "supports",
        }
        answers = parallel(
            *(
                lambda p=payload: client_for(rita).post(
                    f"{API}/citations/", p, format="json"
                )
                for _ in range(3)
            )
        )
        assert sorted(a.status_code for a in answers) == [201, 409, 409]
        assert Citation.objects.filter(claim=claim).count() == 1
        assert (
            Source.objects.filter(
                normalized_url=f"https://same.example.org/{round_number}"
            ).count()
            == 1
        )


def test_parallel_creation_of_one_new_source_makes_one_source(people):
    rita = people[0]
    for round_number in range(ROUNDS):
        url = f"https://new.example.org/doc-{round_number}"
        answers = parallel(
            *(
                lambda u=url: client_for(rita).post(
                    f"{API}/sources/", {"url": u, "title": "Doc"}, format="json"
                )
                for _ in range(4)
            )
        )
        assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
        assert Source.objects.filter(url=url).count() == 1


def test_patch_against_delete_of_one_citation(people):
    rita = people[0]
    for _ in range(ROUNDS):
        claim, _next = make_claim()
        citation = services.citation_add(
            claim=claim, source=factories.SourceFactory(), stance="supports", user=rita
        )
        seen = (
            client_for(rita).get(f"{API}/citations/{citation.pk}/").data["updated_at"]
        )
        url = f"{API}/citations/{citation.pk}/"
        patch, delete = parallel(
            lambda u=url, s=seen: client_for(rita).patch(
                u, {"quote": "changed", "updated_at": s}, format="json"
            ),
            lambda u=url: client_for(rita).delete(u),
        )
        assert delete.status_code == 204
        assert patch.status_code in {200, 404}
        assert not Citation.objects.filter(pk=citation.pk).exists()


def test_split_against_merge_of_neighbouring_claims(people):
    rita = people[0]
    for _ in range(ROUNDS):
        first, second = make_claim()
        split, merge = parallel(
            lambda c=second: client_for(rita).post(
                f"{API}/claims/{c.pk}/split/",
                {"at": c.start + 12, "version": c.version},
                format="json",
            ),
            lambda c=first: client_for(rita).post(
                f"{API}/claims/{c.pk}/merge/", {"version": c.version}, format="json"
            ),
        )
        assert {split.status_code, merge.status_code} <= {200, 404, 409}
        assert 200 in {split.status_code, merge.status_code}
        assert_offsets(first.article)


def test_cite_against_merge(people):
    rita = people[0]
    for round_number in range(ROUNDS):
        first, second = make_claim()
        cite, merge = parallel(
            lambda c=second, n=round_number: client_for(rita).post(
                f"{API}/citations/",
                {
                    "claim": c.pk,
                    "source_url": f"https://cite.example.org/{n}",
                    "source_title": "Doc",
                    "stance": "context",
                },
                format="json",
            ),
            lambda c=first: client_for(rita).post(
                f"{API}/claims/{c.pk}/merge/", {"version": c.version}, format="json"
            ),
        )
        assert {cite.status_code, merge.status_code} <= {200, 201, 404, 409}
        # Whichever won, the citation is on a claim that exists, or was never made.
        for citation in Citation.objects.filter(claim__article=first.article):
            assert Claim.objects.filter(pk=citation.claim_id).exists()
        assert_offsets(first.article)


def test_two_identical_imports_at_once_make_one_article(people):
    """The duplicate check and the insert are one step: of two imports of the same
    text at the same moment one is saved, the other is told it is a duplicate."""
    rita, sam = people[0], people[1]
    for round_number in range(ROUNDS):
        body = (
            f"Harbour works begin (round {round_number})\\n\\n"
            "The port authority said dredging would start on Monday. It will cost "
            "$4 million, according to the tender documents."
        )
        payload = {"title": "Harbour works begin", "text": body}
        answers = parallel(
            *(
                lambda user=user, payload=payload: client_for(user).post(
                    f"{API}/articles/", payload, format="json"
                )
                for user in (rita, sam)
            )
        )
        assert sorted(answer.status_code for answer in answers) == [201, 409]
        duplicate = next(answer for answer in answers if answer.status_code == 409)
        assert "already on the desk" in str(duplicate.data)
