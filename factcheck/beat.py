"""The beat scheduler: django-celery-beat's, keeping a due task it could not send.

Celery beat sends each periodic task when it is due; if the broker is down at that
moment the send fails, beat logs a traceback and the run is gone until the next due
time (the nightly full gap scan, the six-hourly link check). Here a task that could
not be sent is kept and sent again at every tick (at most every
FACTCHECK_BEAT_RETRY_SECONDS) until it goes out, so it runs when the broker is
back; the outage is logged once, not once per task and tick. docs/OPERATIONS.md.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)


class Scheduler(DatabaseScheduler):
    def __init__(self, *args, **kwargs):
        # Entries due but not sent, by name (a later failure of the same entry
        # replaces its earlier one: one run owed, however many ticks were missed).
        self.unsent: dict[str, object] = {}
        self.outage_logged = False
        super().__init__(*args, **kwargs)

    def apply_entry(self, entry, producer=None):
        logger.info("Scheduler: Sending due task %s (%s)", entry.name, entry.task)
        self._send(entry, producer)

    def _send(self, entry, producer) -> bool:
        try:
            self.apply_async(entry, producer=producer, advance=False)
        except Exception as exc:
            self.unsent[entry.name] = entry
            if not self.outage_logged:
                self.outage_logged = True
                logger.error(
                    "Could not send %s (%s): %s. Due tasks are kept and sent when "
                    "the broker answers; said once until then.",
                    entry.name,
                    entry.task,
                    exc,
                )
            return False
        self.unsent.pop(entry.name, None)
        if self.outage_logged and not self.unsent:
            self.outage_logged = False
            logger.warning("The broker answers again: every kept task was sent.")
        return True

    def tick(self, *args, **kwargs):
        for entry in list(self.unsent.values()):
            if not self._send(entry, self.producer):
                break  # the broker is still down: no use trying the others now
        delay = super().tick(*args, **kwargs)
        if self.unsent:
            delay = min(delay, settings.FACTCHECK_BEAT_RETRY_SECONDS)
        return delay
