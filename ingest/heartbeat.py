"""A run's heartbeat: a timer thread that marks the run alive while its process works on it.

The beat comes from a thread, not from the pipeline's progress, so that one long step
(reading a large PDF, a huge paragraph, the write transaction) does not make a live run
look dead; when the process dies, the beats stop with it and the run goes stale.
"""

import logging
import threading

from django.db import DatabaseError, connection
from django.utils import timezone

from ingest.models import IngestRun

logger = logging.getLogger(__name__)


class Heartbeat:
    """``with Heartbeat(run_id=..., seconds=...):`` refreshes the run's heartbeat every few seconds."""

    def __init__(self, *, run_id: int, seconds: float) -> None:
        self.run_id, self.seconds = run_id, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{run_id}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=max(self.seconds, 1.0))

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.seconds):
                try:
                    IngestRun.objects.filter(pk=self.run_id, status=IngestRun.Status.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError as error:
                    # A missed beat is harmless; only a run silent for INGEST_STALE_SECONDS is taken over.
                    logger.warning("heartbeat of run %s missed: %s", self.run_id, error)
        finally:
            # The thread's own connection, which Django opened for it.
            connection.close()
