"""The claim table page (desk/views/table.py), its selector and the bulk
service: sorting and filtering by query string, bulk actions through the services,
roles, bad input, and the query budget."""

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations import services
from annotations.errors import InvalidInput, NotAllowed
from annotations.models import Claim, ClaimStatus, SourcingGap
from annotations.selectors.table import TableQuery, claim_table
from tests import factories

pytestmark = pytest.mark.django_db

BODY = (
    "Harbour Weekly\n\n"
    "The terminal cost $48 million, officials said. "
    "Ridership fell by a third in 2021. "
    "The mayor called it a triumph. "
    "Fares rose by 15 percent, the operator said."
)


@pytest.fixture
def article(reviewer):
    article = factories.ArticleFactory(title="Ferry", body=BODY)
    texts = [
        "Harbour Weekly",
        "The terminal cost $48 million, officials said.",
        "Ridership fell by a third in 2021.",
        "The mayor called it a triumph.",
        "Fares rose by 15 percent, the operator said.",
    ]
    claims = factories.claims_for(article, texts)
    Claim.objects.filter(pk=claims[0].pk).update(kind="headline", checkworthiness=0.05)
    scores = [0.9, 0.4, 0.2, 0.7]
    for claim, score in zip(claims[1:], scores, strict=True):
        Claim.objects.filter(pk=claim.pk).update(checkworthiness=score)
    Claim.objects.filter(pk=claims[1].pk).update(
        attribution="officials", status=ClaimStatus.IN_PROGRESS
    )
    Claim.objects.filter(pk=claims[4].pk).update(attribution="the operator")
    claims[1].assignees.add(reviewer)
    factories.CitationFactory(claim=claims[1])
    factories.CitationFactory(claim=claims[1])
    factories.CitationFactory(claim=claims[4])
    now = timezone.now()
    SourcingGap.objects.create(
        claim=claims[2], kind="no_source", severity="high", opened_at=now,
        last_seen_at=now,
    )  # fmt: skip
    return article


@pytest.fixture
def rclient(client, reviewer):
    client.force_login(reviewer)
    return client


def ids(article, **params) -> list[int]:
    return [row.pk for row in claim_table(article, TableQuery.from_params(params))]


def pks(article) -> list[int]:
    return list(article.claims.order_by("start").values_list("pk", flat=True))


def url(article, name="claim-table") -> str:
    return reverse(name, args=[article.pk])


def test_default_order_is_reading_order(article):
    assert ids(article) == pks(article)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("checkworthiness", [0, 3, 2, 4, 1]),
        ("-checkworthiness", [1, 4, 2, 3, 0]),
        ("sources", [0, 2, 3, 4, 1]),
        ("-sources", [1, 4, 0, 2, 3]),
        ("gaps", [0, 1, 3, 4, 2]),
        ("-status", [1, 0, 2, 3, 4]),  # in progress after open, ties by position
        ("attribution", [0, 2, 3, 1, 4]),  # "" < "officials" < "the operator"
        ("-assignee", [1, 0, 2, 3, 4]),
        ("kind", [1, 2, 3, 4, 0]),  # claim < headline
        ("nonsense", [0, 1, 2, 3, 4]),
    ],
)
def test_sorts(article, sort, expected):
    order = pks(article)
    assert ids(article, sort=sort) == [order[i] for i in expected]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "in_progress"}, [1]),
        ({"kind": "headline"}, [0]),
        ({"gaps": "1"}, [2]),
        ({"checkworthy": "1"}, [1, 4]),
        ({"q": "OPERATOR"}, [4]),
        ({"assignee": "none"}, [0, 2, 3, 4]),
        ({"status": "bogus", "kind": "bogus", "assignee": "x"}, [0, 1, 2, 3, 4]),
    ],
)
def test_filters(article, params, expected):
    order = pks(article)
    assert ids(article, **params) == [order[i] for i in expected]


def test_filter_by_assignee(article, reviewer):
    order = pks(article)
    assert ids(article, assignee=str(reviewer.pk)) == [order[1]]


def test_the_page_sorts_and_filters_from_the_query_string(rclient, article):
    response = rclient.get(url(article) + "?sort=-checkworthiness&checkworthy=1")
    assert response.status_code == 200
    html = response.content.decode()
    order = pks(article)
    rows = [html.index(f'id="row-{pk}"') for pk in (order[1], order[4])]
    assert rows == sorted(rows)
    assert f'id="row-{order[2]}"' not in html
    # The active column says so to assistive technology, and links to the reverse.
    head = html.split('aria-sort="descending"', 1)[1].split("</th>", 1)[0]
    assert "Check-worthiness" in head
    assert "sort=checkworthiness" in head


def test_the_article_page_links_to_the_table(rclient, article):
    html = rclient.get(reverse("article-detail", args=[article.pk])).content.decode()
    assert f'href="{url(article)}"' in html


def test_bulk_dismiss_and_kind_go_through_the_services(rclient, article):
    order = list(article.claims.order_by("start"))
    ticks = [f"{c.pk}:{c.version}" for c in order[2:4]]
    response = rclient.post(
        url(article, "claim-table-bulk") + "?sort=-gaps",
        {"claims": ticks, "action": "dismiss", "reason": "Opinion, not checkable"},
    )
    assert response.status_code == 302
    assert response.url == url(article) + "?sort=-gaps"
    for claim in order[2:4]:
        claim.refresh_from_db()
        assert claim.dismissed_reason == "Opinion, not checkable"
    # The history says who did it, as for a single edit.
    assert order[2].history.first().history_user is not None
    response = rclient.post(
        url(article, "claim-table-bulk"),
        {"claims": [f"{order[3].pk}:{order[3].version}"], "action": "kind",
         "kind": "opinion"},
    )  # fmt: skip
    order[3].refresh_from_db()
    assert order[3].kind == "opinion"


def test_a_stale_row_is_skipped_and_named(rclient, article, editor):
    order = list(article.claims.order_by("start"))
    stale = order[2]
    ticks = [f"{stale.pk}:{stale.version}", f"{order[3].pk}:{order[3].version}"]
    services.claim_set_kind(claim=stale, kind="opinion", user=editor)
    response = rclient.post(
        url(article, "claim-table-bulk"),
        {"claims": ticks, "action": "dismiss", "reason": "Not a claim"},
        follow=True,
    )
    html = response.content.decode()
    assert "Dismissed 1 segment. Skipped 1" in html
    assert f"#{stale.pk}: Claim #{stale.pk} was changed by Eddie Editor" in html
    stale.refresh_from_db()
    assert stale.dismissed_at is None


def test_bulk_assign_is_for_editors(client, rclient, article, reviewer, editor):
    claim = article.claims.order_by("start")[2]
    data = {
        "claims": [f"{claim.pk}:{claim.version}"],
        "action": "assign",
        "assignees": [reviewer.pk],
    }
    response = rclient.post(url(article, "claim-table-bulk"), data)
    assert response.status_code == 403
    assert list(claim.assignees.all()) == []
    # A reviewer is not offered the action at all.
    html = rclient.get(url(article)).content.decode()
    assert 'value="assign"' not in html
    client.force_login(editor)
    assert 'value="assign"' in client.get(url(article)).content.decode()
    response = client.post(url(article, "claim-table-bulk"), data)
    assert response.status_code == 302
    assert list(claim.assignees.all()) == [reviewer]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"action": "dismiss", "reason": "x"}, "Tick at least one segment"),
        ({"claims": ["1:x"], "action": "dismiss"}, "Segments"),
        ({"claims": ["1:1"], "action": "explode"}, "Action"),
        ({"claims": ["1:1"], "action": "kind", "kind": ""}, "Unknown kind"),
        ({"claims": ["1:1"], "action": "dismiss", "reason": " "}, "Say why"),
    ],
)
def test_bad_bulk_input_is_a_clear_400(rclient, article, data, said):
    response = rclient.post(url(article, "claim-table-bulk"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="bulk-error"' in html
    assert said in html


def test_claims_of_another_article_are_skipped(article, reviewer):
    other = factories.ArticleFactory(body="Another article entirely.")
    (foreign,) = factories.claims_for(other, ["Another article entirely."])
    outcome = services.claims_bulk(
        article=article, items=[(foreign.pk, foreign.version)], action="dismiss",
        user=reviewer, reason="No",
    )  # fmt: skip
    assert outcome.done == []
    assert outcome.skipped == [(foreign.pk, "it is not a segment of this article")]
    foreign.refresh_from_db()
    assert foreign.dismissed_at is None


def test_the_bulk_service_checks_roles_and_input(article, reviewer):
    claim = article.claims.first()
    with pytest.raises(NotAllowed):
        services.claims_bulk(
            article=article, items=[(claim.pk, None)], action="assign",
            user=reviewer, assignees=[reviewer],
        )  # fmt: skip
    with pytest.raises(InvalidInput):
        services.claims_bulk(article=article, items=[], action="dismiss", user=reviewer)


def test_anonymous_visitors_are_sent_to_log_in(client, article):
    response = client.get(url(article))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# session, user, groups, the article with its counts, the rows, their assignees,
# the desk's people (filter and assign), the unread-notification badge.
TABLE_QUERIES = 8


@pytest.mark.parametrize("n_claims", [5, 50])
@pytest.mark.parametrize("role", ["reviewer", "editor"])
def test_table_query_budget(client, django_assert_num_queries, n_claims, role):
    """The same queries at 5 and 50 claims, for a reviewer and an editor."""
    user = factories.UserFactory(role=role)
    article = factories.big_article(n_claims, citations_per_claim=1)
    for claim in article.claims.all()[:3]:
        claim.assignees.add(user)
    client.force_login(user)
    with django_assert_num_queries(TABLE_QUERIES):
        response = client.get(url(article) + "?sort=-assignee&gaps=1")
    assert response.status_code == 200
    with django_assert_num_queries(TABLE_QUERIES):
        response = client.get(url(article))
    assert response.content.decode().count('class="claim-row') == n_claims
