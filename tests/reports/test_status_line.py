"""The article page's publishing line (htmx) reads counts in a fixed number of
queries, whatever the size of the article and wherever its report stands."""

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import Article, Claim, Verdict
from reports import services
from tests import factories
from tests.report_fixtures import label

pytestmark = pytest.mark.django_db


def _approved_article(n_claims: int) -> Article:
    article = factories.big_article(n_claims, citations_per_claim=2)
    Claim.objects.filter(article=article).update(status="approved")
    true = label("true")
    Verdict.objects.bulk_create(
        Verdict(claim=c, label=true, explanation="Yes.", approved_at=timezone.now())
        for c in Claim.objects.filter(article=article)
    )
    return Article.objects.get(pk=article.pk)


def _status_line(client, article) -> str:
    response = client.get(reverse("report-status", args=[article.pk]))
    assert response.status_code == 200
    return response.content.decode()


# The session, the user, the user's groups (the policy), then the article's row with
# its counts.
ARTICLE = 4
# The same and the latest revision (without its stored snapshot), which is all a
# report never published or taken down needs.
REVISION = ARTICLE + 1
# A public report also compares what it would say now with the revision: the
# approved claims with their verdicts, their citations with sources, the sources'
# finished captures (which one a revision cites), the rating scale and its labels.
PUBLIC = REVISION + 5


@pytest.mark.parametrize("n_claims", [5, 120])
def test_the_status_line_costs_the_same_queries_at_any_size(
    client, editor, django_assert_num_queries, n_claims
):
    article = _approved_article(n_claims)
    client.force_login(editor)
    _status_line(client, article)  # the session's first write is not the line's cost

    with django_assert_num_queries(REVISION):
        assert "not published" in _status_line(client, article).lower()

    services.article_publish(article=article, user=editor, override_reason="Early.")
    with django_assert_num_queries(PUBLIC):
        line = _status_line(client, article)
    assert "revision 1" in line
    assert "changed since publication" not in line.lower()

    Verdict.objects.filter(claim__article=article).update(explanation="Changed.")
    with django_assert_num_queries(PUBLIC):
        assert "changed since publication" in _status_line(client, article).lower()

    services.article_unpublish(article=article, user=editor, reason="Withdrawn.")
    with django_assert_num_queries(REVISION):
        assert "taken down" in _status_line(client, article).lower()


def test_a_missing_article_is_a_404_for_the_status_line(client, editor):
    client.force_login(editor)
    response = client.get(reverse("report-status", args=[987654]))
    assert response.status_code == 404
