"""Celery task shells of the reports app: take ids, call one service.

The dependency runs one way: the shells import the services, and the services queue
the shells by their registered names (`services.RENDER_EXPORT`), never importing them.
"""

from celery import shared_task

from annotations.tasks import RETRY
from reports import services, webhooks


@shared_task(name=services.RENDER_EXPORT, **RETRY)
def render_export(job_id: int) -> dict:
    """Render one export job (a large report's PDF) into the cache: taken under a
    lease, finished once however often its message is delivered."""
    job = services.export_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "size": job.size}


@shared_task(name=webhooks.DELIVER_WEBHOOK, **RETRY)
def deliver_webhook(webhook_id: int) -> dict:
    """Send one webhook's due deliveries in order; each is taken under a lease, so
    a message delivered twice sends each delivery once."""
    attempts = webhooks.deliver_due(webhook_id=webhook_id)
    return {"webhook": webhook_id, "attempts": attempts}
