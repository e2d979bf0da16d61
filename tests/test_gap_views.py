"""The sourcing-gap dashboard: who may see it, what it shows, what it costs."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from annotations.models import ScanRun, SourcingGap
from annotations.sourcing import scanner
from tests import factories
from tests.worker import make_broker_unreachable

URL = reverse("gap-dashboard")


def seed_gaps(n_articles: int):
    """Articles whose claims had gaps opened (all) and resolved (some) by scans."""
    reviewer = factories.UserFactory(role="reviewer")
    claims = []
    for index in range(n_articles):
        article = factories.ArticleFactory(title=f"Budget story {index}")
        claims += factories.claims_for(article, checkworthiness=0.9)
    for claim in claims[::3]:
        claim.assignees.add(reviewer)
    yesterday = timezone.now() - dt.timedelta(days=1)
    scanner.scan_claims([c.pk for c in claims], now=yesterday)
    for claim in claims[::2]:
        for publisher in ("SpaceNews", "Reuters"):
            source = factories.SourceFactory(
                publisher=publisher, archive_url="https://web.archive.org/x"
            )
            factories.CitationFactory(claim=claim, source=source)
    scanner.scan_claims([c.pk for c in claims])
    return claims


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_reader_without_role_is_refused(client):
    client.force_login(factories.UserFactory())
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("user_fixture", ["reviewer", "editor"])
def test_reviewers_and_editors_see_the_dashboard(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Sourcing gaps" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_shows_opened_and_resolved_events(client, reviewer, frozen_clock):
    """The chart table counts yesterday's openings and today's resolutions; open gaps
    link to the claim panel. (The clock stands still: "today" is the same day for
    the scans and the page, even at midnight.)"""
    claims = seed_gaps(1)
    client.force_login(reviewer)
    response = client.get(URL)
    chart = response.context["chart"]
    today, yesterday = chart["rows"][-1], chart["rows"][-2]
    assert yesterday["opened"] == len(claims)
    assert today["resolved"] == len(claims[::2])
    assert chart["total_resolved"] == len(claims[::2])
    html = response.content.decode()
    still_open = claims[1]
    pk = still_open.pk
    panel = f"/articles/{still_open.article_id}/?claim={pk}#claim-{pk}"
    assert panel in html
    assert "<svg" in html
    assert (
        response.context["total_open"]
        == SourcingGap.objects.filter(resolved_at__isnull=True).count()
    )
    [row] = response.context["coverage"]
    assert (row["worthy"], row["covered"]) == (len(claims), len(claims[::2]))


@pytest.mark.django_db
def test_filters_narrow_the_list(client, reviewer):
    seed_gaps(2)
    client.force_login(reviewer)
    response = client.get(URL, {"kind": "single_source"})
    assert response.context["page"].object_list == []
    response = client.get(URL, {"kind": "no_source", "assignee": "none"})
    gaps = list(response.context["page"].object_list)
    assert gaps
    assert all(g.kind == "no_source" for g in gaps)


@pytest.mark.django_db
def test_user_text_is_escaped(client, reviewer):
    article = factories.ArticleFactory(
        title="<script>alert(1)</script>",
        body="<img src=x onerror=alert(2)> said the budget doubled in 2023.",
    )
    claims = factories.claims_for(article, checkworthiness=0.9)
    scanner.scan_claims([c.pk for c in claims])
    client.force_login(reviewer)
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_running_scan_polls_its_progress(client, reviewer):
    now = timezone.now()
    ScanRun.objects.create(started_at=now, heartbeat_at=now, total=200, done=50)
    client.force_login(reviewer)
    html = client.get(URL).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "50 of 200 claims (25%)" in html
    partial = client.get(reverse("gap-scan-progress")).content.decode()
    assert "50 of 200" in partial
    assert "<html" not in partial


@pytest.mark.django_db(transaction=True)
def test_only_editors_start_a_scan(client, reviewer, editor, monkeypatch):
    """Outside a test transaction, as in production: the task is sent when the
    request's writes commit, before the page says what happened."""
    from annotations import tasks

    calls = []
    monkeypatch.setattr(tasks.scan_all_gaps, "delay", calls.append)
    client.force_login(reviewer)
    assert client.post(reverse("gap-scan-start")).status_code == 403
    assert not ScanRun.objects.exists()
    client.force_login(editor)
    response = client.post(reverse("gap-scan-start"))
    assert response.status_code == 302
    assert calls == [None]  # every claim, not one article's
    run = ScanRun.objects.get()
    assert (run.status, run.scope) == ("queued", "full")
    assert run.sent_at is not None
    html = client.get(response["Location"]).content.decode()
    assert "A full gap scan was queued" in html
    assert "Full scan queued" in html


@pytest.mark.django_db
def test_a_second_scan_request_is_not_a_second_scan(
    client, editor, monkeypatch, django_capture_on_commit_callbacks
):
    """Asking again while a scan is queued or running queues nothing more, and
    says so."""
    from annotations import tasks

    calls = []
    monkeypatch.setattr(tasks.scan_all_gaps, "delay", calls.append)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("gap-scan-start"))
    ScanRun.objects.update(status="running")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("gap-scan-start"))
    assert len(calls) == 1
    assert ScanRun.objects.count() == 1
    html = client.get(response["Location"]).content.decode()
    assert "A full gap scan is already running; it was not started twice." in html


@pytest.mark.django_db
def test_asking_again_for_a_scan_whose_worker_died_resumes_it(
    client, editor, monkeypatch
):
    """The running scan's heartbeat stopped (its worker was lost): the next request
    sends its task at once (it takes the run over from its cursor) instead of
    waiting for the reaper, and says so; a live one is left alone."""
    from annotations import tasks

    calls = []
    monkeypatch.setattr(tasks.scan_all_gaps, "delay", calls.append)
    now = timezone.now()
    run = ScanRun.objects.create(
        started_at=now, heartbeat_at=now, total=100, done=40, sent_at=now
    )
    client.force_login(editor)
    response = client.post(reverse("gap-scan-start"), follow=True)
    assert "it was not started twice" in response.content.decode()
    assert calls == []
    stopped = now - dt.timedelta(minutes=5)
    ScanRun.objects.filter(pk=run.pk).update(heartbeat_at=stopped, sent_at=stopped)
    response = client.post(reverse("gap-scan-start"), follow=True)
    assert (
        "The running full gap scan had stopped (its worker was lost); it resumes "
        "from where it stopped."
    ) in response.content.decode()
    assert calls == [None]
    assert ScanRun.objects.count() == 1
    # Asked again at once: sent once, not twice.
    client.post(reverse("gap-scan-start"))
    assert calls == [None]


@pytest.mark.django_db(transaction=True)
def test_a_full_scan_with_the_broker_down_is_queued_and_says_so(
    client, editor, monkeypatch
):
    """The broker refuses the message: never a 500; the scan waits as a queued run
    (for the reaper to send) and the editor is told it starts when the queue is
    back."""
    make_broker_unreachable(monkeypatch)
    client.force_login(editor)
    response = client.post(reverse("gap-scan-start"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "The background task queue is unreachable right now. The full gap scan is "
        "queued and starts by itself when the queue is back."
    ) in html
    assert "A full gap scan was queued" not in html
    run = ScanRun.objects.get()
    assert (run.status, run.sent_at) == ("queued", None)


@pytest.mark.django_db
@pytest.mark.parametrize("n_articles", [1, 6])
def test_query_budget_does_not_grow_with_data(
    client, reviewer, django_assert_num_queries, n_articles
):
    seed_gaps(n_articles)
    client.force_login(reviewer)
    client.get(URL)  # warm the session
    with django_assert_num_queries(15):
        response = client.get(URL)
    assert response.status_code == 200
