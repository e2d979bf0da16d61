"""The Celery worker's heartbeat: tells the web processes whether background work is
running, and wakes the reaper when the worker (re)connects to the broker.

Installed as a worker bootstep by `factcheck.celery`; docs/OPERATIONS.md.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from celery import bootsteps
from django.conf import settings

logger = logging.getLogger(__name__)


class Heartbeat(bootsteps.StartStopStep):
    """A thread in the worker's main process that records, every
    FACTCHECK_WORKER_HEARTBEAT_SECONDS, that this worker is alive and whether it
    holds a broker connection (`annotations.background`), and sends the reaper
    (`annotations.jobs`) once the broker connection is there after start-up or
    after an outage, so work that waited is sent at once."""

    label = "factcheck heartbeat"
    # After the pool: its processes are forked before this thread exists.
    requires = ("celery.worker.components:Pool",)

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.worker = worker
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self, worker):
        self.stopping.clear()
        self.thread = threading.Thread(
            target=self.run, name="factcheck-heartbeat", daemon=True
        )
        self.thread.start()

    def stop(self, worker):
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def shutdown(self, worker):
        self.stop(worker)

    def broker_connected(self) -> bool:
        """Whether the worker's consumer holds a broker connection now (Celery
        drops it when the broker goes away and sets it again once reconnected)."""
        consumer = getattr(self.worker, "consumer", None)
        connection = getattr(consumer, "connection", None)
        try:
            return connection is not None and bool(connection.connected)
        except Exception:  # a half-closed connection may fail to say
            return False

    def run(self) -> None:
        from django.db import connections

        from annotations import background, jobs

        name = f"{socket.gethostname()}:{os.getpid()}"
        interval = max(0.05, settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS)
        was_connected = failing = False
        try:
            while not self.stopping.is_set():
                try:
                    connected = self.broker_connected()
                    background.record_worker_heartbeat(name, broker_connected=connected)
                    if connected and not was_connected:
                        # Started, or back after an outage: what waited goes out
                        # now, not at the reaper's next turn.
                        jobs.wake_reaper()
                    was_connected = connected
                    failing = False
                except Exception:
                    # One bad beat (a database restarting) must not end the
                    # heartbeat; said once until it works again.
                    if not failing:
                        logger.exception("The worker heartbeat failed; retrying")
                    failing = True
                    connections.close_all()
                self.stopping.wait(interval)
        finally:
            connections.close_all()  # this thread's connections only
