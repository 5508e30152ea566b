"""Services for ingest runs: create one from an upload, execute it, and recover it when its worker dies.

A run is claimed with a conditional UPDATE, so two workers never execute it at
once. While it executes, a timer thread refreshes its heartbeat; a run whose
heartbeat went stale (its process died) can be claimed again, and
``runs_recover`` hands such runs back or fails them, so that every run ends.
The document and everything derived from it are written in one transaction by
``document_ingest``, so a killed run leaves no partial document behind.
"""

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections
from django.db.models import F, Q
from django.utils import timezone

from ingest.errors import IngestError
from ingest.formats.limits import refuse_oversized
from ingest.heartbeat import Heartbeat
from ingest.models import IngestRun
from ingest.services import document_ingest

logger = logging.getLogger(__name__)

# Errors worth another attempt: the database went away, not the input was bad.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# Progress is written at most this often, to spare the database.
PROGRESS_SECONDS = 1.0


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


def run_claim(*, run_id: int) -> bool:
    now = timezone.now()
    claimable = Q(status=IngestRun.Status.QUEUED) | Q(
        status=IngestRun.Status.RUNNING, heartbeat_at__lt=_stale_since()
    )
    claimed = IngestRun.objects.filter(claimable, pk=run_id).update(
        status=IngestRun.Status.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def run_stale_in(*, run_id: int) -> float | None:
    """Seconds until a running run's heartbeat goes stale (0 if it is); None if the run is not running."""
    heartbeat = (
        IngestRun.objects.filter(pk=run_id, status=IngestRun.Status.RUNNING)
        .values_list("heartbeat_at", flat=True)
        .first()
    )
    if heartbeat is None:
        return None
    return max((heartbeat - _stale_since()).total_seconds(), 0.0)


def run_execute(*, run_id: int, last_attempt: bool = True) -> IngestRun | None:
    """Execute a run if this caller can claim it; return it ended, or None when it is not claimable.

    Whatever happens, a claimed run ends as succeeded or failed, except after a
    transient database error when ``last_attempt`` is false: the run is then
    handed back and the error raised, for the caller to retry.
    """
    if not run_claim(run_id=run_id):
        return None
    run = IngestRun.objects.get(pk=run_id)
    last_progress = [timezone.now()]

    def progress(done: int, total: int) -> None:
        now = timezone.now()
        if done == total or (now - last_progress[0]).total_seconds() >= PROGRESS_SECONDS:
            IngestRun.objects.filter(pk=run_id).update(paragraphs_done=done, paragraphs_total=total)
            last_progress[0] = now

    try:
        with Heartbeat(run_id=run_id, seconds=settings.INGEST_HEARTBEAT_SECONDS):
            result = document_ingest(
                data=bytes(run.data),
                name=run.name,
                symbol=run.symbol or None,
                language=run.language or None,
                date=run.date,
                progress=progress,
            )
    except IngestError as error:
        run_fail(run_id=run_id, error=str(error))
    except SoftTimeLimitExceeded:
        run_fail(
            run_id=run_id,
            error=f"{run.name} took longer than {settings.INGEST_TIME_LIMIT} s (INGEST_TIME_LIMIT) and was stopped",
        )
    except TRANSIENT_ERRORS as error:
        if not last_attempt:
            _release(run_id)
            raise
        close_old_connections()
        run_fail(
            run_id=run_id, error=f"the database could not be reached, even after retries: {_one_line(error)}"
        )
    except Exception as error:
        logger.exception("ingest run %s failed", run_id)
        run_fail(
            run_id=run_id,
            error=f"{run.name} could not be ingested because of an internal error "
            f"({type(error).__name__}: {_one_line(error)}); the worker's log has the details",
        )
    else:
        count = result.document.paragraphs.count()
        _finish(
            run_id,
            status=IngestRun.Status.SUCCEEDED,
            document=result.document,
            warnings=result.warnings,
            paragraphs_done=count,
            paragraphs_total=count,
        )
    return IngestRun.objects.get(pk=run_id)


def run_fail(*, run_id: int, error: str) -> None:
    _finish(run_id, status=IngestRun.Status.FAILED, error=error)


def runs_recover(*, run_id: int | None = None) -> list[int]:
    """End or hand back the running runs whose heartbeat is stale; return the ids to queue again.

    Without a broker the process that ran a stale run is gone and no worker will
    come back for it, so it fails; with one it goes back to the queue until it has
    been started ``INGEST_MAX_ATTEMPTS`` times.
    """
    stale = IngestRun.objects.filter(status=IngestRun.Status.RUNNING, heartbeat_at__lt=_stale_since())
    if run_id is not None:
        stale = stale.filter(pk=run_id)
    requeue = []
    for run in stale.only("pk", "attempts", "heartbeat_at"):
        # Conditional on the heartbeat read, so that a run taken over meanwhile is left alone.
        same = IngestRun.objects.filter(
            pk=run.pk, status=IngestRun.Status.RUNNING, heartbeat_at=run.heartbeat_at
        )
        if settings.CELERY_TASK_ALWAYS_EAGER or run.attempts >= settings.INGEST_MAX_ATTEMPTS:
            since = timezone.localtime(run.heartbeat_at).strftime("%Y-%m-%d %H:%M:%S")
            tries = "" if settings.CELERY_TASK_ALWAYS_EAGER else f" (started {run.attempts} times)"
            same.update(
                status=IngestRun.Status.FAILED,
                finished_at=timezone.now(),
                error=f"the process running it stopped{tries}: no sign of life since {since}; upload the file again",
            )
        elif same.update(status=IngestRun.Status.QUEUED):
            requeue.append(run.pk)
    return requeue


def _stale_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.INGEST_STALE_SECONDS)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]


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
