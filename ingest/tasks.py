"""Celery tasks: thin wrappers that take an id and call a service."""

from celery import shared_task
from celery.signals import worker_init

from ingest.runs import TRANSIENT_ERRORS, run_execute


@worker_init.connect
def load_dictionaries(**kwargs):
    # Loaded in the parent before the pool forks, so the children share the memory.
    from ingest.extraction.pipeline import extractors_prepare
    from initiatives.search.text import segmenter

    segmenter()
    extractors_prepare()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=900,
    time_limit=960,
)
def ingest_run(run_id: int) -> str:
    run = run_execute(run_id=run_id)
    return run.status if run else "claimed elsewhere"
