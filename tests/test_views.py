"""The reviewer workspace over HTTP: access, forms, partials, conflicts, budgets."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from annotations import selectors, services
from annotations.models import (
    Article,
    Citation,
    Claim,
    ClaimStatus,
    Rating,
    RatingLabel,
    Source,
    SourcingGap,
)
from annotations.services.system import SYSTEM
from tests import factories
from tests.assertions import assert_offsets

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seed_article(seed_text, reviewer):
    return services.article_create(title="", body=seed_text, created_by=reviewer)


@pytest.fixture
def rclient(client, reviewer):
    client.force_login(reviewer)
    return client


def first_claim(article) -> Claim:
    return article.claims.filter(kind="claim").order_by("start").first()


# --- access ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["dashboard", "article-new", "source-search"],
)
def test_anonymous_users_are_sent_to_login(client, name):
    """Every workspace page redirects an anonymous visitor to the login page."""
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_users_are_sent_to_login_from_unpublished_articles(
    client, seed_article
):
    claim = first_claim(seed_article)
    for url in (
        reverse("article-detail", args=[seed_article.pk]),
        reverse("claim-panel", args=[claim.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_anonymous_htmx_requests_get_a_client_redirect(client, seed_article):
    response = client.get(
        reverse("claim-panel", args=[first_claim(seed_article).pk]), **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_the_desks_article_page_is_not_public_even_once_published(client, seed_article):
    """Anonymous readers log in first; the public reads the report page instead."""
    seed_article.published_at = timezone.now()
    seed_article.save(update_fields=["published_at"])
    response = client.get(reverse("article-detail", args=[seed_article.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_users_without_a_role_get_403_on_workspace_actions(client, seed_article):
    reader = factories.UserFactory(username="reader")
    client.force_login(reader)
    claim = first_claim(seed_article)
    assert client.get(reverse("article-new")).status_code == 403
    # An unpublished article does not exist for them (the same answer as a missing one).
    assert (
        client.get(reverse("article-detail", args=[seed_article.pk])).status_code == 404
    )
    response = client.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "x", "version": claim.version},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.dismissed_at is None


def test_writes_refuse_get(rclient, seed_article):
    claim = first_claim(seed_article)
    assert rclient.get(reverse("claim-merge", args=[claim.pk])).status_code == 405


def test_writes_need_the_csrf_token(reviewer, seed_article):
    """CSRF protection is on for every form post."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    claim = first_claim(seed_article)
    response = client.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "x", "version": claim.version},
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.dismissed_at is None


def test_navigation_shows_the_user_and_role(rclient, admin_user, client):
    page = rclient.get(reverse("dashboard")).content.decode()
    assert "Rita Reviewer" in page
    assert "New article" in page
    assert 'href="/admin/"' not in page
    client.force_login(admin_user)
    assert 'href="/admin/"' in client.get(reverse("dashboard")).content.decode()


# --- dashboard --------------------------------------------------------------------


def test_dashboard_lists_my_claims_and_article_progress(
    rclient, reviewer, seed_article
):
    claims = list(seed_article.claims.filter(kind="claim").order_by("start"))
    claims[0].assignees.add(reviewer)
    label = RatingLabel.objects.get(slug="false")
    services.rating_set(claim=claims[1], reviewer=reviewer, label=label)
    returned = claims[2]
    returned.status = ClaimStatus.RETURNED
    returned.save(update_fields=["status"])
    services.citation_add(
        claim=returned,
        source=factories.SourceFactory(),
        stance="supports",
        user=reviewer,
    )
    # the citation took the returned claim back into progress; return it again
    Claim.objects.filter(pk=returned.pk).update(status=ClaimStatus.RETURNED)
    page = rclient.get(reverse("dashboard")).content.decode()
    assigned, in_progress, returned_html = (
        page.split('id="queue-assigned"')[1].split("</section>")[0],
        page.split('id="queue-in_progress"')[1].split("</section>")[0],
        page.split('id="queue-returned"')[1].split("</section>")[0],
    )
    assert f"#{claims[0].pk}" in assigned
    assert f"#{claims[1].pk}" in in_progress
    assert f"#{returned.pk}" in returned_html
    assert "1</strong> of" in page  # one claim of the article rated so far


def test_dashboard_search_and_filter(rclient, reviewer):
    services.article_create(
        created_by=SYSTEM, title="Budget vote", body="The council approved $3 million."
    )
    services.article_create(
        created_by=SYSTEM, title="Moon base", body="China and Russia signed a pact."
    )
    page = rclient.get(reverse("dashboard"), {"q": "budget"}).content.decode()
    assert "Budget vote" in page
    assert "Moon base" not in page
    partial = rclient.get(
        reverse("dashboard"), {"q": "moon"}, HTTP_HX_TARGET="article-list", **HTMX
    ).content.decode()
    assert "Moon base" in partial
    assert "<html" not in partial
    page = rclient.get(reverse("dashboard"), {"state": "published"}).content.decode()
    assert "No article matches" in page


# --- new article ------------------------------------------------------------------


def test_new_article_from_pasted_text_shows_the_split_at_once(rclient, seed_text):
    response = rclient.post(reverse("article-new"), {"text": seed_text}, follow=True)
    article = Article.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "article-detail", args=[article.pk]
    )
    page = response.content.decode()
    assert "was split into" in page
    assert page.count('class="seg kind-claim') >= 12
    assert_offsets(article)


def test_new_article_from_a_file(rclient):
    upload = SimpleUploadedFile(
        "budget.md", b"# Budget vote\n\nThe council approved a budget of $3 million.\n"
    )
    response = rclient.post(reverse("article-new"), {"file": upload})
    assert response.status_code == 302
    assert Article.objects.get().title == "Budget vote"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   \n "}, "Paste the article text, upload a file or give a URL."),
        ({"file": ("x.txt", b"\x00\x01\x02binary" * 20)}, "looks binary"),
        ({"file": ("x.pdf", b"%PDF-1.4")}, "Unsupported file type"),
        ({"text": "Some text.", "url": "https://example.org/"}, "Give only one of"),
        ({"url": "ftp://example.org/file"}, "Only http:// and https://"),
        ({"url": "http://127.0.0.1:9/nothing"}, "private or local address"),
    ],
)
def test_new_article_errors_are_shown_in_the_form_and_nothing_is_saved(
    rclient, data, message
):
    post = {}
    for key, value in data.items():
        post[key] = SimpleUploadedFile(*value) if key == "file" else value
    response = rclient.post(reverse("article-new"), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Article.objects.count() == 0
    assert Claim.objects.count() == 0


@override_settings(FACTCHECK_MAX_UPLOAD_BYTES=100)
def test_new_article_refuses_a_file_too_large(rclient):
    upload = SimpleUploadedFile("big.txt", b"word " * 100)
    response = rclient.post(reverse("article-new"), {"file": upload})
    assert response.status_code == 400
    assert "the limit is 100" in response.content.decode()
    assert Article.objects.count() == 0


@override_settings(FACTCHECK_ALLOW_PRIVATE_URLS=True, FACTCHECK_FETCH_TIMEOUT=2)
def test_new_article_unreachable_url(rclient):
    response = rclient.post(
        reverse("article-new"), {"url": "http://127.0.0.1:9/nothing"}
    )
    assert response.status_code == 400
    assert "Could not fetch" in response.content.decode()
    assert Article.objects.count() == 0


# --- article page and claim panel ---------------------------------------------------


def test_article_page_marks_claims_and_non_claims(rclient, seed_article):
    page = rclient.get(
        reverse("article-detail", args=[seed_article.pk])
    ).content.decode()
    assert "seg kind-headline" in page
    assert "nonclaim" in page
    assert "(Open)" in page  # the status in words, not only in colour
    assert "check-worthiness" in page


def test_claim_param_opens_the_panel_server_side(rclient, seed_article):
    claim = first_claim(seed_article)
    url = reverse("article-detail", args=[seed_article.pk]) + f"?claim={claim.pk}"
    page = rclient.get(url).content.decode()
    assert f"Claim #{claim.pk}" in page
    assert f'id="claim-{claim.pk}"' in page
    assert re.search(rf'class="[^"]*selected[^"]*" id="claim-{claim.pk}"', page)


def test_panel_is_an_htmx_partial(rclient, seed_article):
    claim = first_claim(seed_article)
    response = rclient.get(reverse("claim-panel", args=[claim.pk]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<aside id="claim-panel"')
    assert "<html" not in html
    assert "Add a source" in html
    # A plain request lands on the page with the panel open.
    plain = rclient.get(reverse("claim-panel", args=[claim.pk]))
    assert plain.status_code == 302
    assert plain.url.endswith(f"?claim={claim.pk}#claim-{claim.pk}")


def test_panel_of_a_verdict_whose_approver_is_gone(
    rclient, reviewer, editor, seed_article
):
    """An approver's account deleted later (the verdict keeps a null approver) must
    not break the panel."""
    from tests.report_fixtures import approve_claim

    claim = first_claim(seed_article)
    verdict = approve_claim(claim, reviewer=reviewer, editor=editor)
    type(verdict).objects.filter(pk=verdict.pk).update(approved_by=None)
    response = rclient.get(reverse("claim-panel", args=[claim.pk]), **HTMX)
    assert response.status_code == 200
    assert "a former user" in response.content.decode()


def test_panel_shows_open_gaps(rclient, seed_article):
    claim = first_claim(seed_article)
    now = timezone.now()
    SourcingGap.objects.all().delete()
    SourcingGap.objects.create(
        claim=claim, kind="no_source", severity="high", opened_at=now, last_seen_at=now
    )
    SourcingGap.objects.create(
        claim=claim,
        kind="single_source",
        opened_at=now,
        last_seen_at=now,
        resolved_at=now,
    )
    html = rclient.get(reverse("claim-panel", args=[claim.pk]), **HTMX).content.decode()
    assert "No source" in html
    assert "Single source" not in html
    page = rclient.get(
        reverse("article-detail", args=[seed_article.pk])
    ).content.decode()
    assert "1 open gap" in page


# --- writes through the panel -------------------------------------------------------


def test_create_claim_from_selection(rclient, seed_article):
    body = seed_article.body
    claim = first_claim(seed_article)
    # Dismiss and free the first claim's text so a new one can be drawn inside it.
    Claim.objects.filter(pk=claim.pk).delete()
    start = body.index("long-term agreement")
    end = start + len("long-term agreement")
    response = rclient.post(
        reverse("claim-create", args=[seed_article.pk]),
        {"start": start, "end": end},
        **HTMX,
    )
    assert response.status_code == 200
    created = Claim.objects.get(article=seed_article, start=start)
    assert created.text == "long-term agreement"
    assert f"Claim #{created.pk}" in response.content.decode()
    assert response["HX-Replace-Url"].endswith(f"?claim={created.pk}")
    assert_offsets(seed_article)


def test_create_claim_overlapping_a_live_claim_is_refused_with_409(
    rclient, seed_article
):
    claim = first_claim(seed_article)
    response = rclient.post(
        reverse("claim-create", args=[seed_article.pk]),
        {"start": claim.start, "end": claim.end},
        **HTMX,
    )
    assert response.status_code == 409
    assert "overlaps claim" in response.content.decode()
    # The panel the reviewer had open stays open beside the message.
    response = rclient.post(
        reverse("claim-create", args=[seed_article.pk]),
        {"start": claim.start, "end": claim.end, "claim": claim.pk},
        **HTMX,
    )
    assert response.status_code == 409
    assert f"Claim #{claim.pk}" in response.content.decode()


def test_a_refused_selection_is_said_in_the_selection_bar_not_the_panel(
    rclient, seed_article
):
    """The 409 comes back inside the selection bar, with the refused offsets, even
    with a panel open; the panel shows no message of its own."""
    claim = first_claim(seed_article)
    other = seed_article.claims.filter(kind="claim").order_by("start")[2]
    response = rclient.post(
        reverse("claim-create", args=[seed_article.pk]),
        {"start": claim.start, "end": claim.end, "claim": other.pk},
        **HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    bar = html.split('id="selection-tools"', 1)[1].split("</form>", 1)[0]
    assert 'id="workspace-error"' in bar
    assert "overlaps claim" in bar
    assert f'name="start" value="{claim.start}"' in bar
    assert "hidden" not in bar.split(">", 1)[0]
    panel = html.split('id="claim-panel"', 1)[1]
    assert "panel-error" not in panel


def test_a_notice_shows_beside_the_form_that_caused_it(rclient, seed_article):
    claim = first_claim(seed_article)
    response = rclient.post(
        reverse("rating-set", args=[claim.pk]),
        {"label": RatingLabel.objects.get(slug="true").pk, "confidence": 2},
        **HTMX,
    )
    html = response.content.decode()
    rate = html.split('id="rate-form"', 1)[1].split("</form>", 1)[0]
    assert 'data-slot="rate"' in rate
    assert "was saved" in rate
    top = html.split('class="panel-feedback"', 1)[1].split("</div>", 1)[0]
    assert "data-feedback" not in top


def test_a_message_whose_form_is_gone_shows_at_the_top_of_the_panel(
    rclient, seed_article
):
    """Dismissing removes the dismiss form: its notice goes to the panel's top."""
    claim = first_claim(seed_article)
    response = rclient.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "An opinion", "version": claim.version},
        **HTMX,
    )
    top = response.content.decode().split('class="panel-feedback"', 1)[1]
    assert 'data-slot="panel"' in top.split("</div>", 1)[0]


def test_an_htmx_answer_updates_the_header_count(rclient, seed_article):
    """The "N claims" line sits outside the swapped region: it comes out of band."""
    before = seed_article.claims.filter(kind="claim").count()
    headline = seed_article.claims.exclude(kind="claim").order_by("start").first()
    response = rclient.post(
        reverse("claim-create", args=[seed_article.pk]),
        {"start": headline.start, "end": headline.end},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<span id="claim-count" hx-swap-oob="true">{before + 1} claims' in html
    page = rclient.get(reverse("article-detail", args=[seed_article.pk]))
    assert "hx-swap-oob" not in page.content.decode()


def test_split_merge_rebound_dismiss_restore_keep_offsets(rclient, seed_article):
    claim = Claim.objects.filter(article=seed_article, text__contains="SpaceNews").get()
    at = claim.start + claim.text.index("which")
    response = rclient.post(
        reverse("claim-split", args=[claim.pk]),
        {"at": at, "version": claim.version},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.text.endswith("station,")
    assert_offsets(seed_article)
    response = rclient.post(
        reverse("claim-merge", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.text.endswith("according to SpaceNews.")
    assert_offsets(seed_article)
    response = rclient.post(
        reverse("claim-rebound", args=[claim.pk]),
        {"start": claim.start, "end": claim.start + 20, "version": claim.version},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.end == claim.start + len(claim.text)
    assert_offsets(seed_article)
    response = rclient.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "Opinion, not checkable", "version": claim.version},
        **HTMX,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.dismissed_reason == "Opinion, not checkable"
    response = rclient.post(
        reverse("claim-restore", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    claim.refresh_from_db()
    assert claim.dismissed_at is None
    assert_offsets(seed_article)


def test_plain_posts_redirect_back_to_the_claim(rclient, seed_article):
    """Without htmx a write redirects to the page with the claim's panel open."""
    claim = first_claim(seed_article)
    response = rclient.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "dup", "version": claim.version},
    )
    assert response.status_code == 302
    assert response.url.endswith(f"?claim={claim.pk}#claim-{claim.pk}")


def test_cite_a_new_source_then_reuse_it_by_url(rclient, reviewer, seed_article):
    claim, other = list(seed_article.claims.filter(kind="claim").order_by("start"))[:2]
    response = rclient.post(
        reverse("citation-add", args=[claim.pk]),
        {
            "url": "https://www.SpaceNews.com/china-russia?utm_source=x",
            "title": "China and Russia sign lunar station pact",
            "publisher": "SpaceNews",
            "kind": "news",
            "stance": "supports",
            "quote": "signed a memorandum of understanding",
            "locator": "para 2",
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "signed a memorandum of understanding" in html
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert list(claim.assignees.all()) == [reviewer]
    rclient.post(
        reverse("citation-add", args=[other.pk]),
        {
            "url": "https://spacenews.com/china-russia/",
            "stance": "context",
            "kind": "news",
        },
        **HTMX,
    )
    assert Source.objects.count() == 1
    assert Citation.objects.filter(source__publisher="SpaceNews").count() == 2


def test_cite_an_existing_source_picked_from_the_search(rclient, seed_article):
    source = factories.SourceFactory(title="CNSA statement", publisher="CNSA")
    claim = first_claim(seed_article)
    results = rclient.get(
        reverse("source-search"), {"q": "cnsa", "claim": claim.pk}, **HTMX
    ).content.decode()
    assert f'value="{source.pk}"' in results
    response = rclient.post(
        reverse("citation-add", args=[claim.pk]),
        {"source_id": source.pk, "stance": "refutes", "kind": "news"},
        **HTMX,
    )
    assert response.status_code == 200
    assert Citation.objects.get().source == source


def test_citation_form_errors_keep_the_input(rclient, seed_article):
    claim = first_claim(seed_article)
    response = rclient.post(
        reverse("citation-add", args=[claim.pk]),
        {"quote": "my carefully typed excerpt", "kind": "news", "stance": "supports"},
        **HTMX,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pick a source from the search" in html
    assert "my carefully typed excerpt" in html


def test_rate_and_submit(rclient, reviewer, seed_article):
    claim = first_claim(seed_article)
    label = RatingLabel.objects.get(slug="mostly-true")
    response = rclient.post(
        reverse("claim-submit", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    # The page offers no submit button before a rating; a forged post is a 409.
    assert response.status_code == 409
    assert "before submitting" in response.content.decode()
    response = rclient.post(
        reverse("rating-set", args=[claim.pk]),
        {"label": label.pk, "confidence": 3, "rationale": "Two sources agree."},
        **HTMX,
    )
    assert response.status_code == 200
    rating = Rating.objects.get(claim=claim, reviewer=reviewer)
    assert rating.rationale == "Two sources agree."
    claim.refresh_from_db()
    response = rclient.post(
        reverse("claim-submit", args=[claim.pk]), {"version": claim.version}, **HTMX
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert "Submitted for review" in response.content.decode()


def test_stale_version_gets_409_naming_who_changed_it_and_keeps_the_input(
    client, reviewer, editor, seed_article
):
    """Two reviewers on one claim: the second save is refused, nothing is lost."""
    claim = first_claim(seed_article)
    stale = claim.version
    client.force_login(editor)
    client.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "Duplicate of the headline", "version": stale},
        **HTMX,
    )
    client.force_login(reviewer)
    response = client.post(
        reverse("claim-dismiss", args=[claim.pk]),
        {"reason": "My own careful reason", "version": stale},
        **HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert f"Claim #{claim.pk} was changed by Eddie Editor at" in html
    claim.refresh_from_db()
    assert claim.dismissed_reason == "Duplicate of the headline"
    # Their change is shown; what the reviewer typed is still in the form.
    assert "Restore the claim" in html
    response = client.post(
        reverse("claim-split", args=[claim.pk]),
        {"at": claim.start + 5, "version": stale},
        **HTMX,
    )
    assert response.status_code == 409


def test_conflict_on_rebound_keeps_typed_offsets(
    client, reviewer, editor, seed_article
):
    claim = first_claim(seed_article)
    stale = claim.version
    services.claim_set_kind(
        claim=claim, kind="opinion", user=editor, expected_version=stale
    )
    client.force_login(reviewer)
    response = client.post(
        reverse("claim-rebound", args=[claim.pk]),
        {"start": claim.start, "end": claim.end - 3, "version": stale},
        **HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Eddie Editor" in html
    assert f'value="{claim.end - 3}"' in html


# --- escaping ---------------------------------------------------------------------

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'


def test_user_text_is_escaped_everywhere(rclient, reviewer):
    article = services.article_create(
        created_by=SYSTEM,
        title=f"Title {PAYLOAD}",
        body=f"The mayor said {PAYLOAD} on Monday. It rained.",
    )
    claim = article.claims.order_by("start").first()
    source, _ = services.source_get_or_create(
        title=f"Source {PAYLOAD}", publisher=f"Pub {PAYLOAD}", user=reviewer
    )
    services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer,
        quote=f"Quote {PAYLOAD}", locator=f"p{PAYLOAD}", note=f"Note {PAYLOAD}",
    )  # fmt: skip
    services.rating_set(
        claim=claim,
        reviewer=reviewer,
        label=RatingLabel.objects.get(slug="false"),
        rationale=f"Because {PAYLOAD}",
    )
    for url in (
        reverse("dashboard"),
        reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}",
    ):
        page = rclient.get(url).content.decode()
        assert "<script>window.__xss" not in page
        assert '<img src=x onerror="window.__xss=1">' not in page
    page = rclient.get(
        reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}"
    ).content.decode()
    assert page.count("&lt;script&gt;window.__xss=1&lt;/script&gt;") >= 6


# --- query budget -------------------------------------------------------------------


@pytest.mark.parametrize("n_claims", [10, 500])
def test_article_page_query_budget(rclient, django_assert_num_queries, n_claims):
    """The article page costs the same queries at 10 and at 500 claims."""
    article = factories.big_article(n_claims)
    claim = article.claims.order_by("start")[n_claims // 2]
    with django_assert_num_queries(9):
        response = rclient.get(reverse("article-detail", args=[article.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="seg kind-claim') == n_claims
    # 21, one for the panel's "Already checked" (approved claims elsewhere), and
    # four for its sourcing gaps as they stand now (the claim, its citations, their
    # sources, its ratings: the rules' facts, loaded as the scanner loads them),
    # one for who has handed in (blind review hides ratings, not the count), and
    # one for the cited sources' captures (each citation says its capture).
    with django_assert_num_queries(28):
        response = rclient.get(
            reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}"
        )
    assert f"Claim #{claim.pk}" in response.content.decode()


@pytest.mark.parametrize("n_claims", [10, 500])
def test_dashboard_query_budget(rclient, django_assert_num_queries, n_claims):
    factories.big_article(n_claims, citations_per_claim=1)
    with django_assert_num_queries(10):
        response = rclient.get(reverse("dashboard"))
    assert response.status_code == 200


def test_editors_see_submitted_claims_with_their_blocking_gaps(
    client, editor, reviewer, seed_article
):
    """The editors' queue lists submitted claims and says which gaps block approval."""
    claims = list(seed_article.claims.filter(kind="claim").order_by("start")[:2])
    Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
        status=ClaimStatus.SUBMITTED
    )
    now = timezone.now()
    SourcingGap.objects.create(
        claim=claims[0],
        kind="no_source",
        severity="high",
        opened_at=now,
        last_seen_at=now,
    )
    SourcingGap.objects.create(
        claim=claims[1],
        kind="no_archive",
        severity="low",
        opened_at=now,
        last_seen_at=now,
    )
    client.force_login(editor)
    page = client.get(reverse("dashboard")).content.decode()
    assert "Awaiting review" in page
    queue = page.split('id="review-queue"', 1)[1].split("</section>", 1)[0]
    first = queue.split(f"#{claims[0].pk}</span>", 1)[1].split("</li>", 1)[0]
    second = queue.split(f"#{claims[1].pk}</span>", 1)[1].split("</li>", 1)[0]
    assert "1 blocking approval" in first
    assert "no blocking gap" in second

    client.force_login(reviewer)
    assert "Awaiting review" not in client.get(reverse("dashboard")).content.decode()


# session, user, groups, article list, the user's four queues and counts, the review
# queue, its count and its five prefetches, the unread-notification badge.
DASHBOARD_QUERIES = 17


@pytest.mark.parametrize("n_claims", [10, 500])
def test_editor_dashboard_query_budget(
    client, editor, django_assert_num_queries, n_claims
):
    """The same number of queries at 10 and 500 submitted claims."""
    article = factories.big_article(n_claims, citations_per_claim=1)
    article.claims.update(status=ClaimStatus.SUBMITTED)
    client.force_login(editor)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert "Awaiting review" in response.content.decode()


def test_an_oversized_request_is_a_clear_400(rclient, settings, seed_article):
    """A body over the upload limit is refused with a readable page; nothing changes."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = Article.objects.count()
    response = rclient.post(reverse("article-new"), {"text": "x" * 5000})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()
    assert Article.objects.count() == before


def test_a_missing_csrf_token_gets_an_explained_403(reviewer, seed_article):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    response = client.post(reverse("article-new"), {"text": "A claim here."})
    assert response.status_code == 403
    assert "expired" in response.content.decode()


def test_edit_a_citation_in_the_panel(rclient, reviewer, editor, seed_article):
    """A reviewer edits a citation; a stale edit gets 409 and keeps what was typed."""
    claim = first_claim(seed_article)
    citation = services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    url = reverse("citation-update", args=[claim.pk])
    seen = citation.updated_at.isoformat()
    response = rclient.post(
        url,
        {"citation_id": citation.pk, "seen": seen, "stance": "refutes",
         "quote": "<b>the words</b>", "locator": "para 2", "note": ""},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    citation.refresh_from_db()
    assert (citation.stance, citation.quote) == ("refutes", "<b>the words</b>")
    assert "&lt;b&gt;the words&lt;/b&gt;" in response.content.decode()

    response = rclient.post(
        url,
        {"citation_id": citation.pk, "seen": seen, "stance": "context",
         "quote": "typed while someone else saved", "locator": "", "note": ""},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 409
    page = response.content.decode()
    assert "Rita Reviewer" in page
    assert "typed while someone else saved" in page
    citation.refresh_from_db()
    assert citation.stance == "refutes"


def test_editing_a_citation_of_another_claim_is_refused(
    rclient, reviewer, seed_article
):
    first, second = list(seed_article.claims.filter(kind="claim").order_by("start")[:2])
    citation = services.citation_add(
        claim=second, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    response = rclient.post(
        reverse("citation-update", args=[first.pk]),
        {"citation_id": citation.pk, "seen": citation.updated_at.isoformat(),
         "stance": "refutes", "quote": "", "locator": "", "note": ""},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 400
    citation.refresh_from_db()
    assert citation.stance == "supports"


def test_editors_assign_claims_from_the_panel(client, editor, reviewer, seed_article):
    """An editor picks assignees; the claim shows under the reviewer's "Assigned to
    me"; reviewers get neither the form nor the power."""
    claim = first_claim(seed_article)
    url = reverse("article-detail", args=[seed_article.pk]) + f"?claim={claim.pk}"
    client.force_login(editor)
    assert 'id="assign-form"' in client.get(url).content.decode()
    response = client.post(
        reverse("claim-assign", args=[claim.pk]),
        {"assignees": [reviewer.pk], "version": claim.version},
        **HTMX,
    )
    assert response.status_code == 200
    assert list(claim.assignees.all()) == [reviewer]
    assert "assigned to Rita Reviewer" in response.content.decode()

    client.force_login(reviewer)
    assert 'id="assign-form"' not in client.get(url).content.decode()
    dashboard = client.get(reverse("dashboard")).content.decode()
    assigned = dashboard.split('id="queue-assigned"', 1)[1].split("</section>", 1)[0]
    assert f"#{claim.pk}</span>" in assigned
    claim.refresh_from_db()
    response = client.post(
        reverse("claim-assign", args=[claim.pk]),
        {"assignees": [], "version": claim.version},
        **HTMX,
    )
    assert response.status_code == 403
    assert list(claim.assignees.all()) == [reviewer]


def test_assigning_with_a_stale_version_is_a_conflict(client, editor, seed_article):
    claim = first_claim(seed_article)
    client.force_login(editor)
    response = client.post(
        reverse("claim-assign", args=[claim.pk]),
        {"assignees": [editor.pk], "version": claim.version + 5},
        **HTMX,
    )
    assert response.status_code == 409
    assert not claim.assignees.exists()


# --- extraction in the workspace: header metadata, ranking, attribution --------------

WIRE_HEADER = (
    "Harbor dredging cost doubles, audit finds\n"
    "By Maya Lindqvist and Tom Okafor, Staff Writers\n"
    "Published Oct. 14, 2025, 6:42 p.m.\n\n"
    "The port authority spent $48 million on dredging last year, twice the "
    "budgeted amount, according to an audit released Tuesday."
)


def test_the_new_article_form_shows_the_header_it_found(rclient):
    response = rclient.post(reverse("article-metadata"), {"text": WIRE_HEADER}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbor dredging cost doubles, audit finds" in html
    assert "Maya Lindqvist and Tom Okafor" in html
    assert 'data-value="2025-10-14"' in html


def test_the_header_fills_what_the_user_left_empty(rclient):
    response = rclient.post(
        reverse("article-new"),
        {"text": WIRE_HEADER, "title": "", "byline": "", "published_on": ""},
    )
    assert response.status_code == 302
    article = Article.objects.latest("created_at")
    assert article.title == "Harbor dredging cost doubles, audit finds"
    assert article.byline == "Maya Lindqvist and Tom Okafor"
    assert article.published_on.isoformat() == "2025-10-14"


def test_what_the_user_typed_wins_over_the_header(rclient):
    rclient.post(
        reverse("article-new"),
        {
            "text": WIRE_HEADER,
            "title": "My title",
            "byline": "Desk",
            "published_on": "",
        },
    )
    article = Article.objects.latest("created_at")
    assert (article.title, article.byline) == ("My title", "Desk")


def test_a_new_article_lists_its_claims_most_check_worthy_first(rclient, seed_article):
    html = rclient.get(reverse("article-detail", args=[seed_article.pk])).content
    html = html.decode()
    index = html[html.index('class="claim-index"') :]
    assert "<strong>Most check-worthy first</strong>" in index
    claims = sorted(
        seed_article.claims.filter(kind="claim"),
        key=lambda c: (-c.checkworthiness, c.start),
    )
    positions = [index.index(f'data-claim="{c.pk}"') for c in claims]
    assert positions == sorted(positions)
    assert "names an official action" in index  # the reasons, in words
    html = rclient.get(
        reverse("article-detail", args=[seed_article.pk]), {"order": "body"}
    ).content.decode()
    assert "<strong>In reading order</strong>" in html


def test_only_check_worthy_claims_are_highlighted_strongly(rclient, seed_article):
    html = rclient.get(reverse("article-detail", args=[seed_article.pk])).content
    html = html.decode()
    for claim in seed_article.claims.filter(kind="claim"):
        start = html.index(f'id="claim-{claim.pk}"')
        tag = html[html.rindex("<span", 0, start) : start]
        assert ("cw-muted" in tag) is (claim.checkworthiness < 0.5), claim.text


def test_a_reviewer_corrects_an_attribution_in_the_panel(
    rclient, seed_article, reviewer
):
    claim = first_claim(seed_article)
    response = rclient.post(
        reverse("claim-attribution", args=[claim.pk]),
        {"version": claim.version, "attribution": "  the  Kremlin  "},
        **HTMX,
    )
    assert response.status_code == 200
    assert "is now attributed to the Kremlin" in response.content.decode()
    claim.refresh_from_db()
    assert claim.attribution == "the Kremlin"
    entry = selectors.claim_timeline(claim.pk, viewer=reviewer)[0]
    assert entry.who == "Rita Reviewer"
    assert [(c.field, c.after) for c in entry.changes] == [
        ("attribution", "the Kremlin")
    ]


# --- carving a span out of a claim ---------------------------------------------------


def test_carve_makes_the_span_a_claim_and_opens_it(rclient, seed_article):
    claim = Claim.objects.filter(article=seed_article, text__contains="SpaceNews").get()
    phrase = "according to SpaceNews"
    start = claim.start + claim.text.index(phrase)
    response = rclient.post(
        reverse("claim-carve", args=[claim.pk]),
        {"start": start, "end": start + len(phrase), "version": claim.version},
        **HTMX,
    )
    assert response.status_code == 200
    carved = Claim.objects.get(article=seed_article, text=phrase)
    html = response.content.decode()
    assert f"is claim #{carved.pk} now" in html
    assert response["HX-Replace-Url"].endswith(f"?claim={carved.pk}")
    assert_offsets(seed_article)


@pytest.mark.parametrize(
    ("data", "status", "said"),
    [
        ({"start": "x", "end": 5}, 400, "Start offset"),
        ({"start": 0, "end": 3}, 400, "not inside claim"),
        ({"start": None, "end": None, "version": 999}, 409, "was changed"),
    ],
)
def test_a_refused_carve_is_said_in_the_selection_bar(
    rclient, seed_article, data, status, said
):
    claim = Claim.objects.filter(article=seed_article, text__contains="SpaceNews").get()
    payload = {"version": claim.version, **data}
    if payload["start"] is None:
        payload["start"], payload["end"] = claim.start + 2, claim.start + 9
    response = rclient.post(reverse("claim-carve", args=[claim.pk]), payload, **HTMX)
    assert response.status_code == status
    bar = response.content.decode().split('id="selection-tools"', 1)[1]
    bar = bar.split("</form>", 1)[0]
    assert said in bar
    assert Claim.objects.get(pk=claim.pk).text == claim.text


# The split control's boundaries: tests/test_split_points.py.


def test_old_stored_signals_never_give_a_function_word_as_a_reason():
    """The claim list and the panel's "Why" skip word signals nobody can act on,
    even when they were stored before the model filtered them."""
    from desk.presenters.claims import top_reasons

    stored = [
        {"name": "word", "label": "word 'the'", "evidence": "the", "weight": 0.9},
        {"name": "word", "label": "word '<number>'", "evidence": "0", "weight": 0.8},
        {"name": "number", "label": "a number", "evidence": "12", "weight": 0.5},
        {
            "name": "word",
            "label": "word 'billion'",
            "evidence": "billion",
            "weight": 0.4,
        },
    ]
    assert top_reasons(stored, limit=3) == ["a number", "word 'billion'"]
