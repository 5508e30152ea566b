"""Re-extraction of the whole corpus by batches of paragraph ids: planning, claiming, taking over, resuming."""

import datetime
import io
import os
import re
import signal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ingest import reextraction, reextraction_batches, tasks
from ingest.models import Reextraction, ReextractionBatch
from ingest.reextraction_batches import (
    batch_claim,
    batch_execute,
    batches_recover,
    reextraction_progress,
    reextraction_start,
)
from initiatives.models import Document, Initiative, Paragraph
from tests.ingest.test_writing import stored

pytestmark = pytest.mark.django_db

Status = ReextractionBatch.Status


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("ingest", "--reextract", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def claims_aged(seconds: float = 3600) -> None:
    ReextractionBatch.objects.filter(status=Status.RUNNING).update(
        claimed_at=timezone.now() - datetime.timedelta(seconds=seconds)
    )


def test_the_plan_covers_every_paragraph_once_and_keeps_a_document_whole_when_it_fits(bundled):
    ids = list(Paragraph.objects.order_by("pk").values_list("pk", "document_id"))
    run, resumed = reextraction_start(batch=100)
    assert not resumed
    ranges = list(run.batches.values_list("first_paragraph", "last_paragraph", "paragraphs"))
    # The report's 86 paragraphs and the resolution's 17, a batch each.
    by_document = [[pk for pk, d in ids if d == document.pk] for document in Document.objects.order_by("pk")]
    assert ranges == [(p[0], p[-1], len(p)) for p in by_document]
    assert run.paragraphs_total == len(ids)


def test_small_batches_cut_a_long_document_and_every_id_falls_in_exactly_one(bundled):
    run, _ = reextraction_start(batch=20)
    ids = list(Paragraph.objects.order_by("pk").values_list("pk", flat=True))
    covered = [
        pk
        for first, last in run.batches.values_list("first_paragraph", "last_paragraph")
        for pk in ids
        if first <= pk <= last
    ]
    assert covered == ids
    assert max(run.batches.values_list("paragraphs", flat=True)) == 20
    assert run.batches.count() == 6


def test_batches_written_in_any_order_write_what_first_ingestion_wrote(bundled):
    report = bundled["A/76/403"]
    before = stored(report)
    # Values that re-extraction must put back: a paragraph's years and flag, an initiative's title and funding.
    Paragraph.objects.filter(document=report).update(years=[1900], covid=False)
    Initiative.objects.filter(paragraph__document=report).update(title="x", funding_usd=1, years=[])
    assert stored(report) != before
    run, _ = reextraction_start(batch=20)
    # Last first: a batch in the middle of a document still reads the context before it.
    for batch_id in reversed(run.batches.values_list("pk", flat=True)):
        assert batch_execute(batch_id=batch_id) == Status.DONE
    assert stored(report) == before
    run.refresh_from_db()
    assert run.finished_at is not None
    progress = reextraction_progress(reextraction=run)
    assert (progress.paragraphs_done, progress.initiatives) == (
        Paragraph.objects.count(),
        Initiative.objects.count(),
    )


def test_a_batch_is_claimed_once_until_its_claim_goes_stale(bundled):
    run, _ = reextraction_start()
    batch = run.batches.first()
    assert batch_claim(batch_id=batch.pk) is not None
    assert batch_claim(batch_id=batch.pk) is None
    assert batch_execute(batch_id=batch.pk) is None
    claims_aged()
    assert batch_claim(batch_id=batch.pk) is not None
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (Status.RUNNING, 2)


def test_a_worker_whose_batch_was_taken_over_writes_nothing(bundled, monkeypatch):
    run, _ = reextraction_start()
    batch = run.batches.first()
    paragraph = Paragraph.objects.get(pk=batch.first_paragraph)
    Paragraph.objects.filter(pk=paragraph.pk).update(years=[1900])
    claim = reextraction_batches.batch_claim

    def claim_then_lose_it(*, batch_id):
        mine = claim(batch_id=batch_id)
        # This worker stalls; its claim goes stale and another worker takes the batch over.
        claims_aged()
        assert claim(batch_id=batch_id) is not None
        return mine

    monkeypatch.setattr(reextraction_batches, "batch_claim", claim_then_lose_it)
    assert batch_execute(batch_id=batch.pk) == "taken over"
    assert Paragraph.objects.get(pk=paragraph.pk).years == [1900]
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (Status.RUNNING, 2)


def test_the_sweep_queues_again_a_batch_whose_worker_died_and_fails_one_started_too_often(bundled, settings):
    run, _ = reextraction_start(batch=20)
    first, second = run.batches.all()[:2]
    batch_claim(batch_id=first.pk)
    batch_claim(batch_id=second.pk)
    ReextractionBatch.objects.filter(pk=second.pk).update(attempts=settings.INGEST_MAX_ATTEMPTS)
    assert batches_recover() == []  # both claims are fresh
    claims_aged()
    assert batches_recover() == [first.pk]
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == Status.QUEUED
    assert second.status == Status.FAILED
    assert (
        second.error
        == f"{second}: the process writing it stopped (started {settings.INGEST_MAX_ATTEMPTS} times)"
    )


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_after_the_batch_under_way_and_the_rerun_writes_only_what_is_left(
    bundled, monkeypatch, sig
):
    report = bundled["A/76/403"]
    before = stored(report)
    write = reextraction.extractions_rewrite

    def write_then_signal(**kwargs):
        if not signalled:
            signalled.append(sig)
            os.kill(os.getpid(), sig)
        written.append([p.pk for p in kwargs["paragraphs"]])
        return write(**kwargs)

    written: list[list[int]] = []
    signalled = []
    monkeypatch.setattr(reextraction, "extractions_rewrite", write_then_signal)
    total = Paragraph.objects.count()
    with pytest.raises(CommandError) as stopped:
        command("--batch", "20")
    assert str(stopped.value) == (
        f"re-extraction stopped when asked, after 20 of {total} paragraphs; run ingest --reextract again to resume"
    )
    run = Reextraction.objects.get()
    assert run.finished_at is None and len(written) == 1
    left = list(run.batches.exclude(status=Status.DONE).values_list("first_paragraph", "last_paragraph"))

    written.clear()
    with CaptureQueriesContext(connection) as queries:
        output = command()
    assert (
        output
        == f"Resumed after the 20 paragraphs done before.\nRe-extracted {total} paragraphs in 6 batches: {Initiative.objects.count()} initiatives.\n"
    )
    # The rerun wrote each batch left once, and no other paragraph.
    assert [(ids[0], ids[-1]) for ids in written] == left
    run.refresh_from_db()
    assert run.finished_at is not None and signal.getsignal(sig) is not None
    assert stored(report) == before
    # Each statement updates one batch at most: 20 paragraphs.
    updates = [q["sql"] for q in queries if 'UPDATE "initiatives_paragraph" SET' in q["sql"]]
    assert updates and max(rows_updated(sql) for sql in updates) == 20


def rows_updated(sql: str) -> int:
    """Rows of an ``objects_update``: an ``executemany`` on SQLite, a VALUES list cast row by row on PostgreSQL."""
    if many := re.match(r"(\d+) times: ", sql):
        return int(many.group(1))
    return sql.count("::bigint)")


def test_a_batch_that_fails_ends_the_command_with_its_error_and_the_rerun_retries_it(bundled, monkeypatch):
    paragraphs_reextract = reextraction_batches.paragraphs_reextract
    resolution = bundled["A/RES/76/221"].paragraphs.values_list("pk", flat=True)

    def broken_on_the_resolution(*, first, last):
        if first in resolution:
            raise KeyError("paragraphs")
        return paragraphs_reextract(first=first, last=last)

    monkeypatch.setattr(reextraction_batches, "paragraphs_reextract", broken_on_the_resolution)
    with pytest.raises(CommandError) as failed:
        command()
    batch = ReextractionBatch.objects.get(status=Status.FAILED)
    assert str(failed.value) == (
        f"re-extraction wrote 86 of 103 paragraphs, but 1 batches failed, the first with: {batch}: internal error "
        "(KeyError: 'paragraphs'); the log has the details; run ingest --reextract again to retry them"
    )
    monkeypatch.setattr(reextraction_batches, "paragraphs_reextract", paragraphs_reextract)
    assert command().endswith("Re-extracted 103 paragraphs in 2 batches: 85 initiatives.\n")
    batch.refresh_from_db()
    assert (batch.status, batch.attempts) == (Status.DONE, 2)


def test_restart_ends_the_unfinished_reextraction_and_plans_a_new_one(bundled):
    first, _ = reextraction_start()
    command("--restart")
    first.refresh_from_db()
    assert first.finished_at is not None
    assert first.batches.filter(status=Status.QUEUED).count() == 2
    # The abandoned run's batches can no longer be claimed by a worker that still has their messages.
    assert batch_claim(batch_id=first.batches.first().pk) is None
    assert Reextraction.objects.filter(finished_at=None).count() == 0


def test_with_a_broker_the_batches_left_are_queued_once_the_transaction_commits(
    bundled, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(tasks.reextract_batch, "apply_async", lambda args, **kwargs: sent.append(args[0]))
    run, _ = reextraction_start(batch=20)
    batch_execute(batch_id=run.batches.first().pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reextraction_enqueue(reextraction=run) == 5
        assert sent == []
    assert sent == list(run.batches.filter(status=Status.QUEUED).values_list("pk", flat=True))


def test_the_task_writes_its_batch_and_says_when_it_was_claimed_elsewhere(bundled):
    run, _ = reextraction_start()
    batch = run.batches.first()
    assert tasks.reextract_batch.apply(args=(batch.pk,)).get() == Status.DONE
    assert tasks.reextract_batch.apply(args=(batch.pk,)).get() == "claimed elsewhere"
