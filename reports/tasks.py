"""Celery task shells of the reports app: take ids, call one service."""

from celery import shared_task

from annotations.tasks import RETRY


@shared_task(name="reports.render_export", **RETRY)
def render_export(job_id: int) -> dict:
    """Render one export job (a large report's PDF) into the cache: taken under a
    lease, finished once however often its message is delivered."""
    from reports import services

    job = services.export_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "size": job.size}
