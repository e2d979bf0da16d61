"""Run by .ci/api-contract through `manage.py shell`: on the fresh database with the
seed article, one check-worthy claim is cited, rated, submitted and approved, the
article's report is published (so the public endpoints have a report to serve), and
the editor gets an API token, printed as `TOKEN <key>`."""

from django.contrib.auth import get_user_model

from annotations import services
from annotations.models import Article, RatingLabel
from reports import services as reports

users = get_user_model().objects
reviewer, editor = users.get(username="reviewer"), users.get(username="editor")
article = Article.objects.get()
assert article.pk == 1, f"the seed article is #{article.pk}, the config names #1"
claim = article.claims.filter(kind="claim").order_by("-checkworthiness", "start")[0]
source, _ = services.source_get_or_create(
    url="https://www.example.org/moon-base-agreement",
    title="Memorandum on the lunar research station",
    user=reviewer,
)
services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
services.rating_set(
    claim=claim, reviewer=reviewer, label=RatingLabel.objects.get(slug="true")
)
claim = services.claim_submit(claim=claim, user=reviewer)
claim.refresh_from_db()
services.verdict_approve(
    claim=claim,
    user=editor,
    label="true",
    explanation="The agency's statement says so.",
    expected_version=claim.version,
    gap_override_reason="The source is the agency's own statement.",
)
reports.article_publish(
    article=article, user=editor, override_reason="API contract run"
)
print("TOKEN", services.api_token_create(user=editor, name="contract run")[1])
