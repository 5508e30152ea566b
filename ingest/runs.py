"""Services for ingest runs: create one from an upload, hand it to a worker, and execute it.

A run is claimed with a conditional UPDATE, so two workers never execute it at
once; a run whose worker died (its heartbeat went stale) can be claimed again.
The document and everything derived from it are written in one transaction by
``document_ingest``, so a killed run leaves no partial document behind.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db.models import F, Q
from django.utils import timezone

from ingest.errors import IngestError
from ingest.formats.limits import refuse_oversized
from ingest.models import IngestRun
from ingest.services import document_ingest

logger = logging.getLogger(__name__)

# Errors worth another attempt: the database went away, not the input was bad.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
HEARTBEAT_SECONDS = 1.0


class IngestUnavailable(Exception):
    """The task queue cannot be reached; nothing was queued."""


def run_create(
    *,
    data: bytes,
    name: str,
    symbol: str = "",
    language: str = "",
    date: datetime.date | None = None,
    user=None,
) -> IngestRun:
    refuse_oversized(size=len(data), name=name)
    if not data:
        raise IngestError(f"{name} is empty")
    return IngestRun.objects.create(
        data=data, name=name[:255], symbol=symbol, language=language, date=date, created_by=user
    )


def run_enqueue(*, run: IngestRun) -> None:
    """Queue the run for a worker, or run it inline when no broker is configured."""
    from ingest.tasks import ingest_run

    if settings.CELERY_TASK_ALWAYS_EAGER:
        run_execute(run_id=run.pk)
        return
    try:
        ingest_run.apply_async((run.pk,), retry=False)
    except Exception as error:  # kombu raises several unrelated types when the broker is down
        logger.warning("broker unavailable for run %s: %s", run.pk, error)
        _finish(
            run.pk,
            status=IngestRun.Status.FAILED,
            error="ingestion is unavailable: the task queue cannot be reached",
        )
        raise IngestUnavailable(
            "ingestion is unavailable right now: the task queue cannot be reached"
        ) from error


def run_claim(*, run_id: int) -> bool:
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.INGEST_STALE_SECONDS)
    claimable = Q(status=IngestRun.Status.QUEUED) | Q(status=IngestRun.Status.RUNNING, heartbeat_at__lt=stale)
    claimed = IngestRun.objects.filter(claimable, pk=run_id).update(
        status=IngestRun.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def run_execute(*, run_id: int) -> IngestRun | None:
    """Execute a run if this caller can claim it; return it, or None when another worker has it."""
    if not run_claim(run_id=run_id):
        return None
    run = IngestRun.objects.get(pk=run_id)
    last_beat = [timezone.now()]

    def progress(done: int, total: int) -> None:
        now = timezone.now()
        if done == total or (now - last_beat[0]).total_seconds() >= HEARTBEAT_SECONDS:
            IngestRun.objects.filter(pk=run_id).update(
                paragraphs_done=done, paragraphs_total=total, heartbeat_at=now
            )
            last_beat[0] = now

    try:
        result = document_ingest(
            data=bytes(run.data), name=run.name, symbol=run.symbol or None, progress=progress
        )
    except IngestError as error:
        _finish(run_id, status=IngestRun.Status.FAILED, error=str(error))
    except TRANSIENT_ERRORS:
        _release(run_id)
        raise
    else:
        document = result.document
        if result.created and (run.date or run.language):
            document.date = run.date or document.date
            document.year = run.date.year if run.date else document.year
            document.language = run.language or document.language
            document.save(update_fields=["date", "year", "language"])
        _finish(
            run_id,
            status=IngestRun.Status.SUCCEEDED,
            document=document,
            warnings=result.warnings,
            paragraphs_done=document.paragraphs.count(),
            paragraphs_total=document.paragraphs.count(),
        )
    return IngestRun.objects.get(pk=run_id)


def _finish(run_id: int, **fields) -> None:
    IngestRun.objects.filter(pk=run_id).update(finished_at=timezone.now(), **fields)


def _release(run_id: int) -> None:
    # Hand the run back for the retry; if the database is still away, the stale
    # heartbeat lets the retry claim it anyway.
    close_old_connections()
    try:
        IngestRun.objects.filter(pk=run_id).update(status=IngestRun.Status.QUEUED)
    except DatabaseError:
        logger.warning("could not release run %s; it will be claimable once stale", run_id)
