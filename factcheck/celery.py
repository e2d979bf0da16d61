"""The Celery application: configuration comes from Django settings (CELERY_*).

A Redis broker goes through our transport (`factcheck.broker`, which keeps a broker
outage from ending the worker), and the worker runs a heartbeat step
(`factcheck.worker`); docs/OPERATIONS.md.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _install_worker_steps() -> None:
    from factcheck.worker import Heartbeat

    app.steps["worker"].add(Heartbeat)


_install_worker_steps()
