"""A report's publication reaches a webhook's receiver through a real Celery
worker process: queued after the publishing transaction commits, sent by the
worker, never by the request (docs/WEBHOOKS.md, "Delivery")."""

from __future__ import annotations

import json

import pytest

from annotations import roles
from annotations import services as desk
from factcheck.celery import app
from reports import services, webhooks
from reports.models import WebhookDelivery
from tests import factories
from tests.report_fixtures import verify_article
from tests.reports.test_webhooks import BODY, SITE, Receiver, receiver_base
from tests.support_jobs import wait_for
from tests.worker import start_worker, stop_worker, wait_until_ready

__all__ = ["receiver_base"]  # the receiver thread, a fixture of this module too


@pytest.mark.worker
def test_a_real_worker_delivers_the_publication(
    receiver_base, scale_in_transactional_db, reviewer, editor, settings, tmp_path
):
    settings.FACTCHECK_SITE_URL = SITE
    # The receiver is on 127.0.0.1: adding it, like sending to it, needs the switch.
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    Receiver.received.clear()
    Receiver.script.clear()
    workspace = roles.ensure_first_workspace()
    chief = factories.UserFactory(username="chief")
    roles.grant(chief, "admin", workspace)
    hook = webhooks.webhook_create(
        user=chief, workspace=workspace, url=receiver_base + "/hook",
        events=["published"],
    )  # fmt: skip
    article = desk.article_create(
        title="River water story", body=BODY, created_by=reviewer, workspace=workspace
    )
    verify_article(article, reviewer=reviewer, editor=editor)
    # The worker reaches the receiver on 127.0.0.1 only with the fetcher's switch.
    process = start_worker(
        tmp_path / "worker.log",
        extra_args=["--purge"],
        FACTCHECK_ALLOW_PRIVATE_URLS="1",
    )
    try:
        wait_until_ready(app, process)
        services.article_publish(article=article, user=editor)
        wait_for(
            lambda: WebhookDelivery.objects.filter(
                webhook=hook, state="delivered"
            ).exists(),
            what=lambda: list(
                WebhookDelivery.objects.values_list("state", "attempts", "last_error")
            ),
        )
    finally:
        stop_worker(process)
    assert [json.loads(hit["body"])["event"] for hit in Receiver.received] == [
        "published"
    ]
