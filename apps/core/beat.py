"""Celery beat's scheduler: django-celery-beat's DatabaseScheduler that also stamps beat's heartbeat.

Beat calls tick() at least every few seconds (the scheduler's max_interval), so a stamp written from
there proves the scheduling loop itself runs, whatever the workers do. Named by CELERY_BEAT_SCHEDULER.
"""

import logging
import socket
import time

from django.db import Error as DatabaseError
from django_celery_beat.schedulers import DatabaseScheduler

from . import heartbeat

logger = logging.getLogger(__name__)
# Often enough for a stale threshold of minutes, rarely enough to cost the database nothing.
STAMP_EVERY_SECONDS = 15


class HeartbeatScheduler(DatabaseScheduler):
    _last_stamp = None

    def tick(self, *args, **kwargs):
        now = time.monotonic()
        if self._last_stamp is None or now - self._last_stamp >= STAMP_EVERY_SECONDS:
            self._stamp()
            self._last_stamp = now
        return super().tick(*args, **kwargs)

    def _stamp(self):
        # A database outage must not stop beat: the stamp just ages. The scheduler closes a broken
        # connection (close_old_connections) on its next tick, so the stamp after that reconnects.
        try:
            heartbeat.stamp(heartbeat.BEAT, source=socket.gethostname())
        except DatabaseError as error:
            logger.warning("beat heartbeat not written: %s", error)
