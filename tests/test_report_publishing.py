"""Publishing: the snapshot, revisions, corrections, unpublishing (reports.services)."""

import datetime as dt
import json

import jsonschema
import pytest
from django.utils import timezone

from annotations import services as desk
from annotations.errors import InvalidInput, NotAllowed, WorkflowConflict
from annotations.models import Article, Claim
from reports import exports, services, snapshot
from reports.exporters.claimreview import claim_reviews
from reports.models import PublicationEvent, ReportRevision
from tests import factories
from tests.conftest import ROOT
from tests.report_fixtures import INTERNAL, approve_claim, label, verify_article

pytestmark = pytest.mark.django_db

SCHEMA = json.loads(
    (ROOT / "reports" / "schemas" / "report-v1.schema.json").read_text("utf-8")
)


@pytest.fixture
def article(seed_text, reviewer):
    return desk.article_create(title="", body=seed_text, created_by=reviewer)


@pytest.fixture
def second_reviewer(db):
    return factories.UserFactory(username="sam", role="reviewer")


@pytest.fixture
def verified(article, reviewer, editor):
    claims = verify_article(article, reviewer=reviewer, editor=editor)
    leftover = (
        Claim.objects.filter(article=article, kind="claim", status="open")
        .order_by("start")
        .first()
    )
    if leftover is not None:
        desk.claim_dismiss(claim=leftover, reason=f"{INTERNAL} reason", user=reviewer)
    return article, claims


def test_publishing_a_verified_article_freezes_revision_1(verified, editor):
    article, claims = verified
    revision = services.article_publish(article=article, user=editor)
    assert revision.number == 1
    data = revision.snapshot
    jsonschema.validate(data, SCHEMA)
    assert [c["id"] for c in data["claims"]] == [c.pk for c in claims]
    assert [c["number"] for c in data["claims"]] == list(range(1, len(claims) + 1))
    for item in data["claims"]:
        assert data["article"]["body"][item["start"] : item["end"]] == item["text"]
    assert data["report"]["published_by"] == "Eddie Editor"
    assert data["coverage"]["checked"] == data["coverage"]["checkworthy"]
    assert revision.sha256 == snapshot.sha256(data)
    article.refresh_from_db()
    assert article.published_at == revision.published_at
    assert PublicationEvent.objects.get().action == "publish"
    # Nothing internal is frozen: ratings, rationales, comments, notes, gaps.
    frozen = revision.snapshot_json
    assert INTERNAL not in frozen
    assert "rationale" not in frozen
    assert "open_gap" not in frozen


def test_a_revision_never_changes(verified, editor):
    article, _claims = verified
    revision = services.article_publish(article=article, user=editor)
    revision.note = "sneaky"
    with pytest.raises(ValueError, match="never changes"):
        revision.save()


def test_publishing_before_verification_needs_a_written_reason(
    article, reviewer, editor
):
    claim = article.claims.filter(kind="claim").order_by("-checkworthiness").first()
    approve_claim(claim, reviewer=reviewer, editor=editor)
    with pytest.raises(WorkflowConflict, match="check-worthy claims are approved"):
        services.article_publish(article=article, user=editor)
    revision = services.article_publish(
        article=article, user=editor, override_reason="Breaking news; more to come."
    )
    assert revision.override_reason == "Breaking news; more to come."
    assert revision.snapshot["report"]["override_reason"].startswith("Breaking")
    assert len(revision.snapshot["claims"]) == 1


def test_nothing_approved_means_nothing_to_publish(article, editor):
    with pytest.raises(WorkflowConflict, match="nothing to publish"):
        services.article_publish(article=article, user=editor, override_reason="Go.")


def test_only_editors_publish(verified, reviewer):
    article, _claims = verified
    with pytest.raises(NotAllowed):
        services.article_publish(article=article, user=reviewer)
    assert not ReportRevision.objects.exists()


def test_a_changed_verdict_needs_a_new_revision_with_a_note(verified, reviewer, editor):
    article, claims = verified
    first = services.article_publish(article=article, user=editor)
    assert services.publication_status(article)["publication"] == "published"
    with pytest.raises(WorkflowConflict, match="Nothing changed"):
        services.article_publish(article=article, user=editor, note="Again.")
    claim = claims[0]
    claim.refresh_from_db()
    desk.verdict_reopen(
        claim=claim, user=editor, reason="A reader wrote in.",
        expected_version=claim.version,
    )  # fmt: skip
    article.refresh_from_db()
    assert (
        services.publication_status(article)["publication"]
        == "changed since publication"
    )
    reapprove_as_false(claim, reviewer=reviewer, editor=editor)
    with pytest.raises(InvalidInput, match="Say what changed"):
        services.article_publish(article=article, user=editor)
    second = services.article_publish(
        article=article, user=editor, note="Claim 1 is now rated False."
    )
    assert second.number == 2
    assert second.snapshot["report"]["previous"] == [
        {
            "revision": 1,
            "published_at": snapshot.iso_time(first.published_at),
            "note": "",
        }
    ]
    assert second.snapshot["claims"][0]["verdict"]["label"] == "false"
    assert first.snapshot["claims"][0]["verdict"]["label"] == "true"  # frozen
    assert services.publication_status(article)["publication"] == "published"


def test_unpublishing_is_recorded_and_needs_a_reason(verified, editor):
    article, _claims = verified
    services.article_publish(article=article, user=editor)
    with pytest.raises(InvalidInput, match="why"):
        services.article_unpublish(article=article, user=editor, reason=" ")
    services.article_unpublish(article=article, user=editor, reason="Legal review.")
    article.refresh_from_db()
    assert article.published_at is None
    event = PublicationEvent.objects.order_by("-at", "-id").first()
    assert (event.action, event.reason, event.user) == (
        "unpublish",
        "Legal review.",
        editor,
    )
    with pytest.raises(WorkflowConflict, match="not published"):
        services.article_unpublish(article=article, user=editor, reason="Again.")
    republished = services.article_publish(
        article=article, user=editor, note="Back after review."
    )
    assert republished.number == 2


def test_staff_names_are_left_out_where_the_desk_does_not_credit_them(
    verified, editor, settings
):
    settings.FACTCHECK_CREDIT_STAFF = False
    article, _claims = verified
    data = services.article_publish(article=article, user=editor).snapshot
    assert data["report"]["published_by"] is None
    assert {c["verdict"]["approved_by"] for c in data["claims"]} == {None}
    assert "Eddie" not in json.dumps(data)


def test_gap_overrides_travel_with_the_verdict(article, reviewer, editor):
    claim = article.claims.filter(kind="claim").order_by("-checkworthiness").first()
    desk.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    desk.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    desk.verdict_approve(
        claim=claim, user=editor, label="true", explanation="Confirmed by phone.",
        expected_version=claim.version, gap_override_reason="The agency confirmed it.",
    )  # fmt: skip
    data = services.article_publish(
        article=article, user=editor, override_reason="One claim first."
    ).snapshot
    verdict = data["claims"][0]["verdict"]
    assert verdict["gap_override_reason"] == "The agency confirmed it."
    assert "no_source" in verdict["gap_override_kinds"]


@pytest.mark.parametrize(
    ("attribution", "expected"),
    [
        ("the China National Space Administration", "Organization"),
        ("SpaceNews", "Organization"),
        ("Jen Psaki", "Person"),
        ("Sen. Rick Scott", "Person"),
        ("Leaders from both countries", None),
        ("Space advocates", None),
        ("Industry analysts", None),
        ("Gazprom", "Organization"),
        ("the Kremlin", "Organization"),
        ("experts", None),
        ("", None),
    ],
)
def test_attribution_types_for_claimreview(attribution, expected):
    assert snapshot.attribution_type(attribution) == expected


# The approved claims, their citations, their sources' finished captures (which
# one each revision cites), the scale and its labels, and the article's counts for
# coverage; the article's desk (whose organisation and methodology the report
# names) is loaded with the article.
SNAPSHOT_QUERIES = 6


@pytest.mark.parametrize("n_claims", [10, 500])
def test_the_snapshot_costs_the_same_queries_at_any_size(
    editor, django_assert_num_queries, n_claims
):
    article = factories.big_article(n_claims, citations_per_claim=2)
    Claim.objects.filter(article=article).update(status="approved")
    true = label("true")
    from annotations.models import Verdict

    Verdict.objects.bulk_create(
        Verdict(claim=c, label=true, explanation="Yes.", approved_at=timezone.now())
        for c in Claim.objects.filter(article=article)
    )
    # Loaded as publishing and the preview load it: with its desk, whose scale and
    # check-worthiness threshold the report reads.
    article = Article.objects.select_related("workspace").get(pk=article.pk)
    with django_assert_num_queries(SNAPSHOT_QUERIES):
        data = snapshot.build(article, number=1, published_at=timezone.now())
    assert len(data["claims"]) == n_claims
    assert all(len(c["citations"]) == 2 for c in data["claims"])


def test_exports_are_cached_by_the_revisions_digest(verified, editor, monkeypatch):
    article, _claims = verified
    revision = services.article_publish(article=article, user=editor)
    first = exports.render(revision, "md")
    calls = []
    from reports import exporters

    original = exporters.get("md").render

    def counting(data):
        calls.append(1)
        return original(data)

    monkeypatch.setattr(exporters.get("md"), "render", counting)
    assert exports.render(revision, "md") == first
    assert calls == []
    assert exports.cache_key(revision, "md").startswith(
        f"report-export:{revision.sha256}"
    )


def test_every_published_link_starts_with_the_site_address(verified, editor, settings):
    """The address the site is served on is the one the revision freezes: the
    report's URL, each claim's ClaimReview url and W3C id, and report_url in the CSV
    and JSON exports, never a default host."""
    settings.FACTCHECK_SITE_URL = "http://127.0.0.1:8765"
    settings.FACTCHECK_ORGANISATION_URL = "http://127.0.0.1:8765/"
    article, _claims = verified
    revision = services.article_publish(article=article, user=editor)
    frozen = revision.snapshot_json
    assert revision.snapshot["report"]["url"] == (
        f"http://127.0.0.1:8765/reports/{article.pk}/"
    )
    assert ":8000" not in frozen
    for identifier in ("html", "claimreview", "w3c", "csv", "json", "md"):
        rendered = exports.render(revision, identifier).decode("utf-8")
        assert "127.0.0.1:8765" in rendered, identifier
        assert ":8000" not in rendered, identifier


def test_publishing_without_the_site_address_is_refused_and_saves_nothing(
    verified, editor, settings
):
    """Unset in production, FACTCHECK_SITE_URL refuses publishing with a message
    naming the setting; nothing is frozen, the article stays unpublished."""
    from annotations.errors import NotConfigured

    settings.FACTCHECK_SITE_URL = ""
    article, _claims = verified
    with pytest.raises(NotConfigured, match="FACTCHECK_SITE_URL"):
        services.article_publish(article=article, user=editor)
    assert not ReportRevision.objects.exists()
    assert not PublicationEvent.objects.exists()
    article.refresh_from_db()
    assert article.published_at is None


class SteppingClock:
    """`timezone.now()` one hour later at each step the test takes, so revisions
    and approvals are seconds apart however fast the machine runs."""

    def __init__(self, monkeypatch):
        self.instant = timezone.now().replace(microsecond=0)
        monkeypatch.setattr(timezone, "now", lambda: self.instant)

    def step(self):
        self.instant += dt.timedelta(hours=1)


def correct_first_claim(claims, *, reviewer, editor, claim_as_checked=""):
    claim = claims[0]
    claim.refresh_from_db()
    desk.verdict_reopen(
        claim=claim, user=editor, reason="A reader wrote in.",
        expected_version=claim.version,
    )  # fmt: skip
    reapprove_as_false(
        claim, reviewer=reviewer, editor=editor, claim_as_checked=claim_as_checked
    )


def reapprove_as_false(claim, *, reviewer, editor, claim_as_checked=""):
    """A reopened claim rated False against a refuting source, submitted and
    approved again: the correction the publishing tests publish."""
    claim.refresh_from_db()
    desk.rating_set(claim=claim, reviewer=reviewer, label=label("false"))
    refuting = factories.SourceFactory(publisher="Outlet 9", domain="o9.example.org")
    desk.citation_add(claim=claim, source=refuting, stance="refutes", user=reviewer)
    desk.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    desk.verdict_approve(
        claim=claim, user=editor, label="false", explanation="The memo says no.",
        expected_version=claim.version, claim_as_checked=claim_as_checked,
    )  # fmt: skip


def test_a_correction_dates_its_claimreview_modified_with_the_new_rating(
    verified, reviewer, editor, monkeypatch
):
    article, claims = verified
    clock = SteppingClock(monkeypatch)
    first = services.article_publish(article=article, user=editor)
    first_time = snapshot.iso_time(first.published_at)
    assert first.snapshot["report"]["claims_first_published"] == {
        str(claim.pk): first_time for claim in claims
    }
    clock.step()
    correct_first_claim(
        claims, reviewer=reviewer, editor=editor,
        claim_as_checked="  The moon  base\ndeal was signed ",
    )  # fmt: skip
    clock.step()
    second = services.article_publish(article=article, user=editor, note="Claim 1.")
    jsonschema.validate(second.snapshot, SCHEMA)
    assert second.snapshot["report"]["claims_first_published"] == {
        str(claim.pk): first_time for claim in claims
    }
    reviews = claim_reviews(second.snapshot)
    corrected = reviews[0]
    assert corrected["claimReviewed"] == "The moon base deal was signed"
    assert corrected["datePublished"] == first_time
    assert corrected["dateModified"] == snapshot.iso_time(second.published_at)
    assert corrected["reviewRating"]["alternateName"] == "False"
    for review, claim in zip(reviews[1:], claims[1:], strict=True):
        assert review["datePublished"] == first_time
        assert "dateModified" not in review
        assert review["claimReviewed"] == claim.text
    # The revision before is frozen as it was.
    assert "dateModified" not in claim_reviews(first.snapshot)[0]


def test_a_revision_frozen_before_the_dates_map_still_dates_the_correction(
    verified, reviewer, editor, monkeypatch
):
    article, claims = verified
    clock = SteppingClock(monkeypatch)
    first = services.article_publish(article=article, user=editor)
    # Revision 1 as an older version of the app stored it: neither new field.
    old = json.loads(first.snapshot_json)
    del old["report"]["claims_first_published"]
    for item in old["claims"]:
        del item["verdict"]["claim_as_checked"]
    ReportRevision.objects.filter(pk=first.pk).update(snapshot_json=json.dumps(old))
    first = ReportRevision.objects.get(pk=first.pk)
    jsonschema.validate(first.snapshot, SCHEMA)
    for review, claim in zip(claim_reviews(first.snapshot), claims, strict=True):
        assert review["claimReviewed"] == claim.text
    assert exports.render(first, "claimreview")
    clock.step()
    correct_first_claim(claims, reviewer=reviewer, editor=editor)
    clock.step()
    second = services.article_publish(article=article, user=editor, note="Claim 1.")
    corrected = claim_reviews(second.snapshot)[0]
    assert corrected["datePublished"] == snapshot.iso_time(first.published_at)
    assert corrected["dateModified"] == snapshot.iso_time(second.published_at)
