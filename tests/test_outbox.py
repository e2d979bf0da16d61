"""Queueing work: the gap-rescan outbox rides the edit's transaction, and a broker
that is down is a logged message or a message on the page, never a lost edit or a 500.
"""

import logging

import pytest
from celery import current_app
from django.db import transaction

from annotations import queueing, services, tasks
from annotations.models import Citation, Notification, PendingRescan
from annotations.services.common import claims_touched
from reports import services as report_services
from reports.models import ExportJob
from tests import factories
from tests.report_fixtures import approve_claim
from tests.worker import make_broker_unreachable


@pytest.fixture
def broker_down(monkeypatch):
    make_broker_unreachable(monkeypatch)


@pytest.fixture
def wake_ups(monkeypatch):
    """The wake-up messages sent, instead of sending them."""
    sent = []
    monkeypatch.setattr(
        tasks.rescan_pending, "apply_async", lambda **options: sent.append(options)
    )
    return sent


def queued_claims() -> list[int]:
    return sorted(PendingRescan.objects.values_list("claim_id", flat=True))


def a_claim():
    article = factories.ArticleFactory()
    claim, *_ = factories.claims_for(article, checkworthiness=0.9)
    return claim


def cite(claim, user):
    return services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=user
    )


@pytest.mark.django_db
def test_the_rescan_row_is_written_inside_the_edits_transaction(
    reviewer, django_capture_on_commit_callbacks, wake_ups
):
    """The row exists before the transaction commits; the commit sends one
    wake-up, however many claims and calls the transaction had."""
    claim, other = a_claim(), a_claim()
    with (
        django_capture_on_commit_callbacks(execute=False) as callbacks,
        transaction.atomic(),
    ):
        cite(claim, reviewer)
        claims_touched([other.pk, claim.pk])
        assert queued_claims() == sorted([claim.pk, other.pk])
        assert wake_ups == []
    # The cited page's capture is also sent on commit (docs/EVIDENCE.md): one of
    # the callbacks, and one only, is the wake-up.
    wakers = [callback for callback in callbacks if callback is queueing.wake_rescanner]
    assert len(wakers) == 1
    wakers[0]()
    assert len(wake_ups) == 1
    assert wake_ups[0]["countdown"] >= 0


@pytest.mark.django_db
def test_a_rolled_back_edit_leaves_no_rescan_row_and_sends_nothing(
    reviewer, django_capture_on_commit_callbacks, wake_ups
):
    claim = a_claim()

    def edit_then_fail():
        with transaction.atomic():
            cite(claim, reviewer)
            raise RuntimeError("the request failed after the edit")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        edit_then_fail()
    assert not Citation.objects.filter(claim=claim).exists()
    assert queued_claims() == []
    assert callbacks == []
    assert wake_ups == []


@pytest.mark.django_db
def test_a_rolled_back_savepoint_takes_its_rows_but_a_later_edit_still_wakes(
    django_capture_on_commit_callbacks, wake_ups
):
    first, second = a_claim(), a_claim()

    def touch_then_fail():
        with transaction.atomic():
            claims_touched([first.pk])
            raise RuntimeError("rolled back to the savepoint")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        transaction.atomic(),
    ):
        with pytest.raises(RuntimeError):
            touch_then_fail()
        claims_touched([second.pk])
    assert queued_claims() == [second.pk]
    assert len(callbacks) == 1
    assert len(wake_ups) == 1


@pytest.mark.django_db(transaction=True)
def test_an_edit_commits_with_its_rescan_row_when_the_broker_is_down(
    broker_down, caplog
):
    """The broker refuses the wake-up after commit: the edit and its queue row are
    committed, the outage is logged, nothing is raised into the request."""
    reviewer = factories.UserFactory(role="reviewer")
    claim = a_claim()
    with caplog.at_level(logging.ERROR, logger="annotations.queueing"):
        citation = cite(claim, reviewer)
    assert Citation.objects.filter(pk=citation.pk).exists()
    assert queued_claims() == [claim.pk]
    assert "The broker is unreachable" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_an_outage_is_logged_once_and_later_sends_do_not_wait_on_the_broker(
    broker_down, caplog, monkeypatch
):
    """Twenty edits during an outage: one error in the log, and after the first
    refused send the others do not try the broker at all (a broker that does not
    answer would cost each request its timeout)."""
    from factcheck.celery import app

    reviewer = factories.UserFactory(role="reviewer")
    claims = [a_claim() for _ in range(20)]
    attempts = []
    closed_port_producer = app.producer_or_acquire

    def counted(producer=None):
        attempts.append(1)
        return closed_port_producer(producer)

    monkeypatch.setattr(app, "producer_or_acquire", counted)
    with caplog.at_level(logging.INFO, logger="annotations.queueing"):
        for claim in claims:
            cite(claim, reviewer)
    assert queued_claims() == sorted(claim.pk for claim in claims)
    assert caplog.text.count("The broker is unreachable") == 1
    assert len(attempts) == 1


@pytest.mark.django_db(transaction=True)
def test_an_approval_commits_and_notifies_in_the_app_when_the_broker_is_down(
    scale_in_transactional_db, broker_down, caplog
):
    """The e-mail is due in the notification's row, for the reaper to send."""
    reviewer = factories.UserFactory(role="reviewer", email="rita@example.org")
    editor = factories.UserFactory(role="editor")
    claim = a_claim()
    with caplog.at_level(logging.ERROR, logger="annotations.queueing"):
        verdict = approve_claim(claim, reviewer=reviewer, editor=editor)
    claim.refresh_from_db()
    assert claim.status == "approved"
    assert verdict.pk is not None
    notification = Notification.objects.get(recipient=reviewer, kind="approved")
    assert notification.emailed_at is None
    assert notification.email_due_at is not None
    assert "The broker is unreachable" in caplog.text
    assert claim.pk in queued_claims()


@pytest.mark.django_db
def test_send_says_the_queue_is_unreachable(broker_down):
    with pytest.raises(queueing.QueueUnavailable) as refused:
        queueing.send(queueing.WORKER_PING)
    assert str(refused.value) == "The background task queue is unreachable."
    assert refused.value.task_name == "annotations.worker_ping"


@pytest.mark.django_db
def test_an_export_asked_for_while_the_broker_is_down_is_sent_when_asked_again(
    reviewer, editor, broker_down, django_capture_on_commit_callbacks, monkeypatch
):
    """The job stays queued, marked as never sent (not failed, not lost), and the
    next request for it once the broker is back sends it."""
    claim = a_claim()
    approve_claim(claim, reviewer=reviewer, editor=editor)
    revision = report_services.article_publish(
        article=claim.article, user=editor, override_reason="One claim first."
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = report_services.export_request(revision=revision, identifier="pdf")
    job.refresh_from_db()
    assert (job.status, job.error, job.sent_at) == (ExportJob.Status.QUEUED, "", None)

    from reports import tasks as report_tasks

    sent = []
    monkeypatch.setattr(report_tasks.render_export, "delay", sent.append)
    monkeypatch.setattr(queueing, "broker_state", queueing.BrokerState())
    with django_capture_on_commit_callbacks(execute=True):
        report_services.export_request(revision=revision, identifier="pdf")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.QUEUED
    assert job.sent_at is not None
    assert sent == [job.pk]


@pytest.mark.django_db
def test_the_full_scan_drains_the_outbox():
    """Rows whose wake-up was lost are rescanned by the periodic full scan."""
    claim = a_claim()
    claims_touched([claim.pk])
    summary = tasks.scan_all_gaps()
    assert summary["pending"] == 1
    assert queued_claims() == []


def test_every_queued_task_name_is_registered():
    names = [
        queueing.RESCAN_PENDING,
        queueing.SCAN_ALL_GAPS,
        queueing.CHECK_LINKS,
        queueing.EMAIL_NOTIFICATIONS,
        queueing.WORKER_PING,
        queueing.REAP_JOBS,
        report_services.RENDER_EXPORT,
    ]
    assert all(name in current_app.tasks for name in names)
