"""Sourcing helpers: one validator for every stored URL, tracking-free source keys,
archived copies that resolve their gap, duplicate-import detection, claims already
checked elsewhere and their citations reused (services, selectors, the command)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from annotations import policies, services
from annotations.errors import (
    Conflict,
    DuplicateArticle,
    InvalidInput,
    NotAllowed,
    WorkflowConflict,
)
from annotations.extraction import ingest
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    PendingRescan,
    RatingLabel,
    Source,
    SourcingGap,
)
from annotations.selectors.sourcing import already_checked, duplicate_article
from annotations.services import evidence
from annotations.services.system import SYSTEM
from annotations.sourcing import scanner
from annotations.urlcheck import InvalidURL
from tests import factories

pytestmark = pytest.mark.django_db

BODY = (
    "Harbour tolls rose 12 percent in 2023, the port authority said. "
    "Critics called the rise unfair to small ferry operators."
)


@pytest.fixture
def claim(scale):
    article = factories.ArticleFactory(body=BODY)
    return factories.claims_for(article, checkworthiness=0.8)[0]


@pytest.fixture
def scale():
    from annotations.ratingscale import ensure_default_scale

    return ensure_default_scale()


def cite(claim, user, **fields):
    fields.setdefault("stance", "supports")
    return services.citation_add_with_source(claim=claim, user=user, **fields)


# --- one URL validator ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a report",
        'https://example.org/"memo"',
        "https://example.org/<b>",
        "https://user:pw@example.org/",
        "example.org/no-scheme",
    ],
)
def test_a_bad_source_url_is_refused_by_the_service_and_nothing_is_saved(
    claim, reviewer, url
):
    with pytest.raises(InvalidURL) as refused:
        cite(claim, reviewer, url=url, title="Memo")
    assert refused.value.field == "url"
    assert refused.value.message.startswith("The source URL ")
    assert not Source.objects.exists()
    assert not Citation.objects.exists()


def test_a_bad_archive_url_is_refused_naming_the_archive_field(claim, reviewer):
    with pytest.raises(InvalidURL) as refused:
        cite(claim, reviewer, url="https://example.org/a", archive_url="web.archive")
    assert refused.value.field == "archive_url"
    assert not Source.objects.exists()


def test_article_urls_use_the_same_validator(reviewer):
    with pytest.raises(InvalidURL, match="The article URL contains a space"):
        services.article_create(
            created_by=SYSTEM,
            title="T",
            body="Some text here.",
            url="https://a.org/x y",
        )
    assert not Article.objects.exists()


# --- one document, one source ---------------------------------------------------------


def test_a_tracked_copy_of_a_cited_url_finds_the_same_source(claim, reviewer):
    first = cite(claim, reviewer, url="https://port.example.org/tolls?id=7")
    for tracked in (
        "https://www.port.example.org/tolls?id=7&utm_source=x&fbclid=1",
        "http://port.example.org/tolls/?_hsenc=a&_hsmi=b&id=7&mc_cid=c",
        "https://PORT.example.org/tolls?gclid=9&id=7#top",
    ):
        source, created = services.source_get_or_create(url=tracked, user=reviewer)
        assert (source.pk, created) == (first.source_id, False)
    assert Source.objects.count() == 1


def test_the_renormalizing_migration_rekeys_without_merging(reviewer):
    """Stored keys computed by the shorter list are re-keyed; a row whose new key is
    another row's keeps its old key, so no citation is moved."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("annotations.migrations.0010_source_urls_renormalized")
    old = factories.SourceFactory(
        url="https://a.example.org/x?_hsenc=1",
        normalized_url="https://a.example.org/x?_hsenc=1",
    )
    clean = factories.SourceFactory(
        url="https://b.example.org/y", normalized_url="https://b.example.org/y"
    )
    twin = factories.SourceFactory(
        url="https://b.example.org/y?mkt_tok=2",
        normalized_url="https://b.example.org/y?mkt_tok=2",
    )
    migration.renormalize(apps, None)
    for row in (old, clean, twin):
        row.refresh_from_db()
    assert old.normalized_url == "https://a.example.org/x"
    assert clean.normalized_url == "https://b.example.org/y"
    assert twin.normalized_url == "https://b.example.org/y?mkt_tok=2"
    found, created = services.source_get_or_create(
        url="https://a.example.org/x?utm_medium=mail", user=reviewer
    )
    assert (found.pk, created) == (old.pk, False)


# --- archived copies ------------------------------------------------------------------


ARCHIVE = "https://web.archive.org/web/20240102030405/https://port.example.org/tolls"


def test_a_new_source_keeps_the_archived_copy_given_with_it(claim, reviewer):
    citation = cite(
        claim, reviewer, url="https://port.example.org/tolls", archive_url=ARCHIVE
    )
    assert citation.source.archive_url == ARCHIVE


def test_an_archived_copy_fills_a_known_source_that_has_none_only(claim, reviewer):
    known = factories.SourceFactory(url="https://port.example.org/tolls")
    cite(claim, reviewer, source=known, archive_url=ARCHIVE)
    known.refresh_from_db()
    assert known.archive_url == ARCHIVE
    # A known source's archived copy is never replaced by a citation.
    other = factories.claims_for(
        factories.ArticleFactory(body=BODY), checkworthiness=0.8
    )[0]
    cite(
        other,
        reviewer,
        url="https://port.example.org/tolls",
        archive_url="https://archive.ph/abc",
    )
    known.refresh_from_db()
    assert known.archive_url == ARCHIVE


def open_kinds(claim):
    return set(
        SourcingGap.objects.filter(claim=claim, resolved_at__isnull=True).values_list(
            "kind", flat=True
        )
    )


def test_saving_an_archived_copy_resolves_the_no_archive_gap(claim, reviewer):
    """The edit queues the claim's rescan in its own transaction; the rescan then
    resolves the gap (here run by hand, as the worker would)."""
    citation = cite(claim, reviewer, url="https://port.example.org/tolls")
    scanner.scan_pending()
    assert "no_archive" in open_kinds(claim)
    PendingRescan.objects.all().delete()
    evidence.source_add_archive(
        source=citation.source, user=reviewer, archive_url=ARCHIVE
    )
    assert PendingRescan.objects.filter(claim_id=claim.pk).exists()
    scanner.scan_pending()
    assert "no_archive" not in open_kinds(claim)
    gap = SourcingGap.objects.get(claim=claim, kind="no_archive")
    assert gap.resolved_at is not None


def test_citing_with_an_archived_copy_opens_no_archive_gap(claim, reviewer):
    cite(claim, reviewer, url="https://port.example.org/tolls", archive_url=ARCHIVE)
    scanner.scan_pending()
    assert "no_archive" not in open_kinds(claim)


def test_adding_an_archive_is_for_the_desk_and_never_replaces_one(claim, reviewer):
    citation = cite(claim, reviewer, url="https://port.example.org/tolls")
    reader = factories.UserFactory(username="reader")
    with pytest.raises(NotAllowed):
        evidence.source_add_archive(
            source=citation.source, user=reader, archive_url=ARCHIVE
        )
    evidence.source_add_archive(
        source=citation.source, user=reviewer, archive_url=ARCHIVE
    )
    with pytest.raises(Conflict, match="already has an archived copy"):
        evidence.source_add_archive(
            source=citation.source, user=reviewer, archive_url="https://archive.ph/x"
        )


# --- duplicate imports ----------------------------------------------------------------


TEXT = "Ferry fares double\n\nFerry fares will double next year, the operator said."


def test_the_fingerprint_ignores_white_space_and_case_only():
    same = ingest.body_fingerprint("Ferry  FARES will\n\ndouble.")
    assert same == ingest.body_fingerprint("ferry fares WILL double.")
    assert same != ingest.body_fingerprint("ferry fares will triple.")


def test_the_migration_fingerprint_is_the_services_one():
    from importlib import import_module

    migration = import_module("annotations.migrations.0009_article_duplicate_detection")
    for text in (TEXT, "Ünïcode  Ḁ text\tZ", ""):
        assert migration.fingerprint(text) == ingest.body_fingerprint(text)


def test_the_same_text_again_is_refused_until_allowed(reviewer):
    first = services.article_create(title="", body=TEXT, created_by=reviewer)
    assert first.body_fingerprint == ingest.body_fingerprint(TEXT)
    with pytest.raises(DuplicateArticle) as refused:
        services.article_create(
            title="", body=TEXT.upper().replace(" ", "  "), created_by=reviewer
        )
    assert refused.value.existing.pk == first.pk
    assert refused.value.matched_by == "text"
    assert refused.value.status == 409
    assert Article.objects.count() == 1
    again = services.article_create(
        title="", body=TEXT, created_by=reviewer, allow_duplicate=True
    )
    assert again.pk != first.pk
    assert Article.objects.count() == 2


def test_the_same_url_with_tracking_is_refused_whatever_the_text(reviewer):
    first = services.article_create(
        title="", body=TEXT, url="https://news.example.org/ferry", created_by=reviewer
    )
    assert first.normalized_url == "https://news.example.org/ferry"
    with pytest.raises(DuplicateArticle) as refused:
        services.article_create(created_by=SYSTEM,
            title="", body="A different text, updated later.",
            url="http://www.news.example.org/ferry/?utm_campaign=x",
        )  # fmt: skip
    assert (refused.value.existing.pk, refused.value.matched_by) == (first.pk, "url")


def test_a_known_url_is_refused_before_anything_is_fetched(reviewer, monkeypatch):
    from annotations.sourcing import netfetch

    services.article_create(
        title="", body=TEXT, url="https://news.example.org/ferry", created_by=reviewer
    )

    def no_fetch(*args, **kwargs):
        raise AssertionError("fetched")

    monkeypatch.setattr(netfetch, "fetch", no_fetch)
    with pytest.raises(DuplicateArticle):
        services.article_import_url(
            url="https://news.example.org/ferry?fbclid=3", created_by=reviewer
        )


def test_a_file_with_the_same_text_is_a_duplicate_with_its_text_kept(reviewer):
    services.article_create(title="", body=TEXT, created_by=reviewer)
    with pytest.raises(DuplicateArticle) as refused:
        services.article_import_file(
            data=TEXT.encode(), filename="ferry.txt", created_by=reviewer
        )
    assert refused.value.candidate["body"] == ingest.clean_text(TEXT)
    assert refused.value.candidate["title"] == "Ferry fares double"


def test_duplicate_lookup_is_one_query(reviewer, django_assert_num_queries):
    article = services.article_create(title="", body=TEXT, created_by=reviewer)
    with django_assert_num_queries(1):
        found = duplicate_article(
            workspace=article.workspace_id,
            normalized_url="https://nowhere.example/",
            fingerprint=article.body_fingerprint,
        )
    assert found == (article, "text")
    assert duplicate_article(workspace=article.workspace_id) is None


def test_the_import_command_refuses_a_duplicate_unless_allowed(tmp_path):
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    call_command("import_article", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match=r"already on the desk.*--allow-duplicate"):
        call_command("import_article", str(path), stdout=io.StringIO())
    assert Article.objects.count() == 1
    out = io.StringIO()
    call_command("import_article", str(path), "--allow-duplicate", stdout=out)
    assert "Imported article" in out.getvalue()
    assert Article.objects.count() == 2


# --- already checked ------------------------------------------------------------------


def approved_claim(text: str, *, title="Earlier check", label="false", published=True):
    """An approved claim of kind claim in an article of its own, citing two sources."""
    from django.utils import timezone

    body = f"{text} Other words follow here."
    article = factories.ArticleFactory(
        title=title, body=body, published_at=timezone.now() if published else None
    )
    (checked,) = factories.claims_for(article, [text], status=ClaimStatus.APPROVED)
    factories.VerdictFactory(
        claim=checked,
        label=RatingLabel.objects.get(scale__is_default=True, slug=label),
    )
    for n in range(2):
        factories.CitationFactory(claim=checked, quote=f"Quote {n}", locator=f"p. {n}")
    return checked


def target(text: str) -> Claim:
    article = factories.ArticleFactory(body=f"{text} And more.")
    return factories.claims_for(article, [text], checkworthiness=0.8)[0]


def test_an_approved_claim_elsewhere_that_reads_alike_is_found(scale, reviewer):
    checked = approved_claim(
        "Harbour tolls rose 12 percent in 2023, the port authority said."
    )
    unrelated = approved_claim("The ferry carried 40,000 passengers in July.")
    mine = target("The port authority said harbour tolls rose 12 percent in 2023.")
    found = already_checked([mine], viewer=reviewer)[mine.pk]
    assert [m.claim_id for m in found] == [checked.pk]
    match = found[0]
    assert match.label_slug == "false"
    assert match.article_title == "Earlier check"
    assert match.citation_count == 2
    assert 0.5 <= match.similarity <= 1
    assert unrelated.pk not in {m.claim_id for m in found}


def test_claims_of_the_same_article_and_unapproved_ones_are_not_shown(scale, reviewer):
    mine = target("Harbour tolls rose 12 percent in 2023, the port authority said.")
    # The same wording, approved, in the claim's own article: not "elsewhere".
    sibling = Claim.objects.create(
        article=mine.article, start=mine.end + 1, end=mine.end + 4,
        text=mine.article.body[mine.end + 1 : mine.end + 4], status="approved",
    )  # fmt: skip
    factories.VerdictFactory(claim=sibling)
    pending = approved_claim(mine.text, title="Still open")
    Claim.objects.filter(pk=pending.pk).update(status=ClaimStatus.SUBMITTED)
    assert already_checked([mine], viewer=reviewer) == {}


def test_readers_only_find_checks_in_published_articles(scale, reviewer):
    text = "Harbour tolls rose 12 percent in 2023, the port authority said."
    hidden = approved_claim(text, title="Unpublished", published=False)
    mine = target(text)
    reader = factories.UserFactory(username="reader")
    assert already_checked([mine], viewer=reader) == {}
    assert [m.claim_id for m in already_checked([mine], viewer=reviewer)[mine.pk]] == [
        hidden.pk
    ]


def test_many_claims_at_once_cost_one_query(scale, reviewer, django_assert_num_queries):
    texts = [
        "Harbour tolls rose 12 percent in 2023, the port authority said.",
        "The ferry carried 40,000 passengers in July, the operator said.",
        "The new terminal cost 80 million euros to build.",
    ]
    checked = [approved_claim(text, title=f"Check {i}") for i, text in enumerate(texts)]
    body = " ".join(texts)
    article = factories.ArticleFactory(body=body)
    mine = factories.claims_for(article, texts, checkworthiness=0.8)
    policies.can_annotate(reviewer)  # the viewer's role, cached on the user
    with django_assert_num_queries(1):
        found = already_checked(mine, viewer=reviewer)
    assert {pk: [m.claim_id for m in ms] for pk, ms in found.items()} == {
        claim.pk: [other.pk] for claim, other in zip(mine, checked, strict=True)
    }


def test_the_most_alike_come_first_and_at_most_the_limit(scale, reviewer):
    base = "Harbour tolls rose 12 percent in 2023, the port authority said."
    exact = approved_claim(base, title="Exact")
    close = approved_claim(
        "Harbour tolls rose by 12 percent in 2023, the port authority said on Monday.",
        title="Close",
    )
    mine = target(base)
    found = already_checked([mine], viewer=reviewer, limit=1)[mine.pk]
    assert [m.claim_id for m in found] == [exact.pk]
    both = already_checked([mine], viewer=reviewer)[mine.pk]
    assert [m.claim_id for m in both] == [exact.pk, close.pk]
    assert both[0].similarity > both[1].similarity


@pytest.mark.django_db
def test_postgresql_finds_them_with_pg_trgm_and_agrees_with_python(scale, reviewer):
    """On PostgreSQL the lookup runs in the database (pg_trgm, its trigram index);
    its similarity is the one annotations.extraction.similarity computes elsewhere."""
    import os

    from tests.test_similarity import PAIRS
    from tests.worker import require_services

    if connection.vendor != "postgresql":
        if require_services() and os.environ.get("DATABASE_URL", "").startswith(
            "postgres"
        ):
            pytest.fail("DATABASE_URL names PostgreSQL but the tests run on another")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    from annotations.extraction import similarity

    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = "
            "'claim_text_trgm_approved_idx'"
        )
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        for first, second, _alike in PAIRS:
            cursor.execute("SELECT similarity(%s, %s)", [first, second])
            assert cursor.fetchone()[0] == pytest.approx(
                similarity.similarity(first, second), abs=0.005
            ), (first, second)
    checked = approved_claim(
        "Harbour tolls rose 12 percent in 2023, the port authority said."
    )
    mine = target("The port authority said harbour tolls rose 12 percent in 2023.")
    found = already_checked([mine], viewer=reviewer)[mine.pk]
    assert [m.claim_id for m in found] == [checked.pk]
    assert found[0].similarity == pytest.approx(
        similarity.similarity(mine.text, checked.text), abs=0.005
    )


# --- reusing an approved claim's citations --------------------------------------------


def test_reusing_copies_the_citations_with_their_quotes(scale, reviewer):
    checked = approved_claim("Harbour tolls rose 12 percent in 2023.")
    mine = target("Harbour tolls rose 12 percent in 2023, officials said.")
    copies = evidence.citations_reuse(claim=mine, from_claim=checked, user=reviewer)
    originals = list(checked.citations.order_by("created_at", "id"))
    assert [(c.source_id, c.stance, c.quote, c.locator) for c in copies] == [
        (o.source_id, o.stance, o.quote, o.locator) for o in originals
    ]
    assert all(c.added_by == reviewer for c in copies)
    assert Source.objects.count() == 2  # shared, not copied
    assert checked.citations.count() == 2  # the original keeps its own
    mine.refresh_from_db()
    assert mine.status == ClaimStatus.IN_PROGRESS
    assert PendingRescan.objects.filter(claim_id=mine.pk).exists()
    with pytest.raises(Conflict, match="already cites every source"):
        evidence.citations_reuse(claim=mine, from_claim=checked, user=reviewer)


def test_reusing_needs_someone_who_may_cite_on_the_claim(scale, reviewer):
    """The guard: a reader may not, and nobody may once the claim is submitted
    (fails if the policy check is removed from the service)."""
    checked = approved_claim("Harbour tolls rose 12 percent in 2023.")
    mine = target("Harbour tolls rose 12 percent in 2023, officials said.")
    reader = factories.UserFactory(username="reader")
    with pytest.raises(NotAllowed):
        evidence.citations_reuse(claim=mine, from_claim=checked, user=reader)
    Claim.objects.filter(pk=mine.pk).update(status=ClaimStatus.SUBMITTED)
    mine.refresh_from_db()
    with pytest.raises(WorkflowConflict):
        evidence.citations_reuse(claim=mine, from_claim=checked, user=reviewer)
    assert not mine.citations.exists()
    assert not policies.can_cite(reviewer, mine)  # what the panel asks


def test_only_an_approved_claims_citations_are_reused(scale, reviewer):
    checked = approved_claim("Harbour tolls rose 12 percent in 2023.")
    Claim.objects.filter(pk=checked.pk).update(status=ClaimStatus.IN_PROGRESS)
    checked.refresh_from_db()
    mine = target("Harbour tolls rose 12 percent in 2023, officials said.")
    with pytest.raises(WorkflowConflict, match="not approved"):
        evidence.citations_reuse(claim=mine, from_claim=checked, user=reviewer)
    with pytest.raises(InvalidInput, match="its own"):
        evidence.citations_reuse(claim=mine, from_claim=mine, user=reviewer)
