"""A person never sees a state their own last action contradicts: counts and gaps
follow what they just did, on screen, without a reload."""

import pytest
from playwright.sync_api import expect

from annotations import services
from annotations.services.system import SYSTEM
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db(transaction=True)


def submitted_claims(count: int, reviewer) -> list:
    """`count` check-worthy claims, each cited twice, rated True and submitted."""
    article = factories.ArticleFactory(
        title="Harbour budget",
        body=" ".join(
            f"The harbour budget rose by {n} million dollars in year {n}."
            for n in range(1, count + 1)
        ),
    )
    claims = factories.claims_for(article, checkworthiness=0.8)
    for claim in claims:
        for index in (1, 2):
            source = factories.SourceFactory(
                publisher=f"Outlet {claim.pk}-{index}",
                domain=f"o{claim.pk}-{index}.example.org",
                archive_url="https://web.archive.org/web/2026/https://example.org/",
            )
            services.citation_add(
                claim=claim, source=source, stance="supports", user=reviewer
            )
        services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
        services.claim_submit(claim=claim, user=reviewer)
    return claims


def test_the_queue_count_follows_approvals_and_returns_in_place(
    page, login, live_server, scale, reviewer, editor
):
    claims = submitted_claims(3, reviewer)
    login(page, editor, "/review/")
    count = page.locator("#queue-count")
    expect(count).to_have_text("3 claims waiting")
    first = page.locator(f"#queue-claim-{claims[0].pk}")
    first.get_by_label("Verdict").select_option(label="True")
    first.get_by_label("Public explanation").fill("Two documents confirm it.")
    first.get_by_role("button", name="Approve").click()
    expect(first.locator('[role="status"]')).to_contain_text("was approved")
    expect(count).to_have_text("2 claims waiting")
    second = page.locator(f"#queue-claim-{claims[1].pk}")
    second.get_by_label("What the reviewers should fix").fill("Cite the minutes.")
    second.get_by_role("button", name="Return to the reviewers").click()
    expect(second.locator('[role="status"]')).to_contain_text("was returned")
    expect(count).to_have_text("1 claim waiting")


def test_a_full_scan_says_queued_then_its_progress_then_its_result(
    page, login, live_server, scale, editor, monkeypatch
):
    """The editor presses "Run a full scan" while no worker has picked it up yet: the
    dashboard says it is queued (not "no full scan has run yet"), then follows the
    run's progress and shows its result, without a reload."""
    from django.utils import timezone

    from annotations import queueing
    from annotations.models import ScanRun

    sent = []
    monkeypatch.setattr(queueing, "send", lambda task, *a, **k: sent.append(task))
    login(page, editor, "/gaps/")
    status = page.locator("#scan-progress")
    expect(status).to_contain_text("No full scan has run yet")
    page.get_by_role("button", name="Run a full scan").click()
    expect(page.locator("#live-feedback")).to_contain_text("queued")
    expect(status).to_contain_text("Full scan queued")
    expect(status).to_contain_text("waiting for a worker to start it")
    assert sent == [queueing.SCAN_ALL_GAPS]
    # A worker starts it: the page shows the progress on its own.
    now = timezone.now()
    run = ScanRun.objects.get(scope=ScanRun.Scope.FULL)
    run.status, run.heartbeat_at, run.total, run.done = "running", now, 40, 10
    run.save()
    expect(status).to_contain_text("10 of 40 claims", timeout=30_000)
    run.status, run.done, run.opened, run.resolved = ScanRun.Status.FINISHED, 40, 3, 2
    run.finished_at = timezone.now()
    run.save()
    expect(status).to_contain_text("Last full scan finished", timeout=30_000)
    expect(status).to_contain_text("40 claims · 3 opened · 2 resolved")


def test_the_panels_gaps_follow_the_reviewers_own_edits_with_no_worker(
    page, login, live_server, scale, reviewer
):
    """No worker runs here (the rescan each edit queues never lands): citing a source
    clears "No source" in the panel at once, rating the claim False over a
    supporting source shows "Verdict unsupported", and removing the citation brings
    "No source" back, each without a reload and with the body's badge agreeing."""
    from annotations.sourcing import scanner

    article = services.article_create(
        created_by=SYSTEM,
        title="Ferry",
        body="Harbour officials said the new ferry terminal cost $48 million, twice "
        "the original estimate.",
    )
    claim = article.claims.filter(kind="claim").order_by("-checkworthiness").first()
    claim.checkworthiness = 0.9
    claim.save(update_fields=["checkworthiness"])
    scanner.scan_claims([claim.pk])
    login(page, reviewer, f"/articles/{article.pk}/?claim={claim.pk}")
    panel = page.locator("#claim-panel")
    gaps = panel.locator("section.gaps")
    badge = page.locator(f"#claim-{claim.pk} .gap-badge")
    expect(gaps.locator("li.gap-open", has_text="No source")).to_have_count(1)

    cite = panel.locator("#cite-form")
    cite.get_by_label("Source URL").fill("https://port.example.org/budget-2026")
    cite.get_by_label("Source title").fill("Port budget 2026")
    cite.get_by_label("Publisher").fill("Port authority")
    cite.get_by_label("Supports").check()
    cite.get_by_role("button", name="Add source").click()
    expect(panel.locator(".alert.notice")).to_contain_text("Cited")
    expect(gaps.locator("li.gap-open", has_text="No source")).to_have_count(0)
    expect(gaps.locator("li.gap-pending", has_text="No source")).to_contain_text(
        "resolved by the last change"
    )

    panel.get_by_label("Rating", exact=True).select_option(label="False")
    panel.get_by_role("button", name="Save rating").click()
    expect(panel.locator(".alert.notice")).to_contain_text("was saved")
    expect(gaps.locator("li.gap-open", has_text="Verdict unsupported")).to_have_count(1)
    open_count = gaps.locator("li.gap-open").count()
    expect(badge).to_have_text(f"⚠{open_count}")

    page.once("dialog", lambda dialog: dialog.accept())
    panel.get_by_role("button", name="Remove the citation of Port budget 2026").click()
    expect(panel.locator(".alert.notice")).to_contain_text("removed")
    expect(gaps.locator("li.gap-open", has_text="No source")).to_have_count(1)


def test_double_review_tells_both_reviewers_where_the_claim_stands(
    browser, login, live_server, scale, reviewer, settings
):
    """Two ratings required: the first reviewer submits and reads that it waits for
    one more; the second is told theirs is needed, never to withdraw a submission
    they did not make; after theirs the claim is with the editors."""
    settings.FACTCHECK_RATINGS_REQUIRED = 2
    second = factories.UserFactory(username="sam", role="reviewer")
    article = services.article_create(
        created_by=SYSTEM,
        title="Ferry",
        body="Harbour officials said the new ferry terminal cost $48 million.",
    )
    claim = article.claims.filter(kind="claim").first()
    url = f"/articles/{article.pk}/?claim={claim.pk}"
    pages = []
    for person in (reviewer, second):
        page = browser.new_context().new_page()
        login(page, person, url)
        pages.append(page)
    first_panel, second_panel = (p.locator("#claim-panel") for p in pages)

    first_panel.get_by_label("Rating", exact=True).select_option(label="True")
    first_panel.get_by_role("button", name="Save rating").click()
    expect(first_panel.locator(".alert.notice")).to_contain_text("was saved")
    first_panel.get_by_role("button", name="Submit my rating for review").click()
    expect(first_panel.locator(".hand-in")).to_have_text(
        "1 of 2 ratings submitted (yours); it goes to the editors once one more "
        "reviewer submits a rating."
    )

    pages[1].reload()
    expect(second_panel.locator(".hand-in")).to_have_text(
        "1 of 2 ratings submitted; yours is needed."
    )
    expect(second_panel).not_to_contain_text("withdraw")
    second_panel.get_by_label("Rating", exact=True).select_option(label="Mostly true")
    second_panel.get_by_role("button", name="Save rating").click()
    expect(second_panel.locator(".hand-in")).to_have_text(
        "1 of 2 ratings submitted; submit yours to send the claim to the editors."
    )
    second_panel.get_by_role("button", name="Submit my rating for review").click()
    expect(second_panel.locator(".hand-in")).to_have_text(
        "2 of 2 ratings submitted. Waiting for an editor."
    )
    for page in pages:
        page.context.close()
