"""Celery tasks and the enqueueing of runs: thin wrappers that take an id and call a service."""

import contextlib
import logging
import random

from celery import shared_task
from celery.signals import worker_init
from django.conf import settings
from django.db import transaction

from ingest.models import IngestRun, Reextraction, ReextractionBatch
from ingest.reextraction_batches import BATCH_TIME_LIMIT, batch_execute, batch_stale_in, batches_recover
from ingest.runs import TRANSIENT_ERRORS, run_execute, run_fail, run_stale_in, runs_recover

logger = logging.getLogger(__name__)

MAX_RETRIES = 5


class IngestUnavailable(Exception):
    """The task queue cannot be reached; nothing was queued."""


@worker_init.connect
def load_dictionaries(**kwargs):
    # Loaded in the parent before the pool forks, so the children share the memory.
    from ingest.extraction.pipeline import extractors_prepare
    from initiatives.search.text import segmenter

    segmenter()
    extractors_prepare()


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.INGEST_TIME_LIMIT,
    time_limit=settings.INGEST_TIME_LIMIT + 60,
)
def ingest_run(self, run_id: int) -> str:
    last_attempt = self.request.retries >= self.max_retries
    try:
        run = run_execute(run_id=run_id, last_attempt=last_attempt)
    except TRANSIENT_ERRORS as error:
        backoff = min(5 * 2**self.request.retries, 120)
        raise self.retry(exc=error, countdown=backoff + random.uniform(0, backoff / 2)) from error
    if run is not None:
        return run.status
    wait = run_stale_in(run_id=run_id)
    if wait is not None and not last_attempt:
        # Delivered again while the run looks alive: its process may have just died (a
        # killed pool process is redelivered at once), so look again when it would be stale.
        raise self.retry(countdown=wait + 1)
    return "claimed elsewhere"


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=BATCH_TIME_LIMIT,
    time_limit=BATCH_TIME_LIMIT + 30,
)
def reextract_batch(self, batch_id: int) -> str:
    last_attempt = self.request.retries >= self.max_retries
    try:
        status = batch_execute(batch_id=batch_id, last_attempt=last_attempt)
    except TRANSIENT_ERRORS as error:
        backoff = min(5 * 2**self.request.retries, 120)
        raise self.retry(exc=error, countdown=backoff + random.uniform(0, backoff / 2)) from error
    if status is not None:
        return status
    wait = batch_stale_in(batch_id=batch_id)
    if wait is not None and not last_attempt:
        # Delivered again after its pool process died: take the batch over once its claim is stale.
        raise self.retry(countdown=wait + 1)
    return "claimed elsewhere"


@shared_task
def runs_sweep(run_id: int | None = None) -> int:
    """Fail or queue again the runs and re-extraction batches whose worker stopped; Celery beat calls it
    every INGEST_SWEEP_SECONDS."""
    requeued = runs_recover(run_id=run_id)
    for pk in requeued:
        # When the broker is down, run_enqueue fails the run with that reason.
        with contextlib.suppress(IngestUnavailable):
            run_enqueue(run=IngestRun(pk=pk))
    if run_id is None:
        batches = batches_recover()
        with contextlib.suppress(IngestUnavailable):
            batches_enqueue(batch_ids=batches)
        requeued += batches
    return len(requeued)


def reextraction_enqueue(*, reextraction: Reextraction) -> int:
    """Queue every batch of the re-extraction not yet done, once the caller's transaction commits; return how many."""
    ids = list(
        reextraction.batches.filter(status=ReextractionBatch.Status.QUEUED).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: batches_enqueue(batch_ids=ids))
    return len(ids)


def batches_enqueue(*, batch_ids: list[int]) -> None:
    try:
        for pk in batch_ids:
            reextract_batch.apply_async((pk,), retry=False)
    except Exception as error:  # kombu raises several unrelated types when the broker is down
        logger.warning("broker unavailable for re-extraction batches: %s", error)
        raise IngestUnavailable(
            "re-extraction cannot be queued right now: the task queue cannot be reached"
        ) from error


def run_enqueue(*, run: IngestRun) -> None:
    """Queue the run for a worker, or run it inline when no broker is configured."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        run_execute(run_id=run.pk)
        return
    try:
        ingest_run.apply_async((run.pk,), retry=False)
    except Exception as error:  # kombu raises several unrelated types when the broker is down
        logger.warning("broker unavailable for run %s: %s", run.pk, error)
        run_fail(run_id=run.pk, error="ingestion is unavailable: the task queue cannot be reached")
        raise IngestUnavailable(
            "ingestion is unavailable right now: the task queue cannot be reached"
        ) from error
