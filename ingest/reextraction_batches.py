"""Re-extraction of the whole corpus as batches of paragraph ids, which any number of workers claim and write.

``reextraction_start`` cuts every stored paragraph into batches (``ReextractionBatch``: a
range of ids, cut at a document's end once it holds half a batch, so that most documents are
extracted once) and stores them in the transaction that creates the ``Reextraction``; or it
returns the unfinished one, whose batches not done are what is left. ``batch_execute`` claims
a batch with a conditional UPDATE and writes it in one transaction that begins by marking it
done only if the claim is still its own: a worker that lost its claim writes nothing, and one
killed mid-batch leaves nothing of it. A batch claimed longer ago than
``INGEST_STALE_SECONDS`` can be taken over (a live batch holds its row locked until it
commits, so it is never taken over while it writes); ``batches_recover`` queues such batches
again, or fails them once they have been started ``INGEST_MAX_ATTEMPTS`` times.
"""

import datetime
import logging
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, close_old_connections, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from ingest.models import Reextraction, ReextractionBatch
from ingest.reextraction import BATCH_PARAGRAPHS, paragraphs_reextract
from ingest.runs import TRANSIENT_ERRORS
from initiatives.models import Paragraph

logger = logging.getLogger(__name__)

Status = ReextractionBatch.Status
# A batch's task is stopped after this many seconds; a batch of 100 paragraphs takes one or two.
BATCH_TIME_LIMIT = 300


@dataclass
class ReextractionProgress:
    paragraphs_done: int
    paragraphs_total: int
    initiatives: int
    batches_done: int
    batches_failed: int
    batches_left: int
    # The first error of a failed batch, to show.
    error: str = ""


def reextraction_start(*, restart: bool = False, batch: int = BATCH_PARAGRAPHS) -> tuple[Reextraction, bool]:
    """The unfinished re-extraction with its failed batches queued again, or a new one; and whether it resumes.

    ``restart`` ends the unfinished one where it is and starts a new one over every paragraph.
    """
    unfinished = Reextraction.objects.filter(finished_at=None)
    if restart:
        unfinished.update(finished_at=timezone.now())
    elif (current := unfinished.order_by("-pk").first()) is not None:
        current.batches.filter(status=Status.FAILED).update(status=Status.QUEUED, error="")
        return current, True
    with transaction.atomic():
        reextraction = Reextraction.objects.create()
        batches = _plan(reextraction, batch)
        ReextractionBatch.objects.bulk_create(batches, batch_size=2000)
        reextraction.paragraphs_total = sum(b.paragraphs for b in batches)
        if not batches:
            reextraction.finished_at = timezone.now()
        reextraction.save(update_fields=["paragraphs_total", "finished_at"])
    return reextraction, False


def _plan(reextraction: Reextraction, size: int) -> list[ReextractionBatch]:
    batches: list[ReextractionBatch] = []
    first = last = document = None
    count = 0
    rows = Paragraph.objects.order_by("pk").values_list("pk", "document_id")
    for pk, document_id in rows.iterator(chunk_size=10_000):
        # A batch ends when full, or at the end of a document once it holds half a batch.
        if count and (count >= size or (document_id != document and count >= size / 2)):
            batches.append(
                ReextractionBatch(
                    reextraction=reextraction, first_paragraph=first, last_paragraph=last, paragraphs=count
                )
            )
            first, count = None, 0
        first = pk if first is None else first
        last, document, count = pk, document_id, count + 1
    if count:
        batches.append(
            ReextractionBatch(
                reextraction=reextraction, first_paragraph=first, last_paragraph=last, paragraphs=count
            )
        )
    return batches


def batch_claim(*, batch_id: int) -> datetime.datetime | None:
    """Claim a queued batch, or a running one whose claim is stale; the claim's time, or None."""
    now = timezone.now()
    claimable = Q(status=Status.QUEUED) | Q(status=Status.RUNNING, claimed_at__lt=_stale_since())
    claimed = ReextractionBatch.objects.filter(claimable, pk=batch_id, reextraction__finished_at=None).update(
        status=Status.RUNNING, claimed_at=now, attempts=F("attempts") + 1
    )
    return now if claimed else None


def batch_stale_in(*, batch_id: int) -> float | None:
    """Seconds until a running batch's claim goes stale (0 if it is); None if it is not running."""
    claimed = (
        ReextractionBatch.objects.filter(pk=batch_id, status=Status.RUNNING)
        .values_list("claimed_at", flat=True)
        .first()
    )
    if claimed is None:
        return None
    return max((claimed - _stale_since()).total_seconds(), 0.0)


def batch_execute(*, batch_id: int, last_attempt: bool = True) -> str | None:
    """Claim the batch and re-extract it; its status afterwards, or None when it was not claimable.

    Whatever happens, a claimed batch ends as done or failed, except after a transient
    database error when ``last_attempt`` is false: the batch is then handed back and the
    error raised, for the caller to retry.
    """
    claimed_at = batch_claim(batch_id=batch_id)
    if claimed_at is None:
        return None
    batch = ReextractionBatch.objects.get(pk=batch_id)
    mine = ReextractionBatch.objects.filter(pk=batch_id, status=Status.RUNNING, claimed_at=claimed_at)
    try:
        with transaction.atomic():
            # First, so that the batch's row stays locked until the commit: whoever would take
            # it over waits, then finds it done.
            if not mine.update(status=Status.DONE, finished_at=timezone.now()):
                return "taken over"
            result = paragraphs_reextract(first=batch.first_paragraph, last=batch.last_paragraph)
            ReextractionBatch.objects.filter(pk=batch_id).update(initiatives=result.initiatives)
    except SoftTimeLimitExceeded:
        _fail(mine, f"{batch} took longer than {BATCH_TIME_LIMIT} s and was stopped")
        return Status.FAILED
    except TRANSIENT_ERRORS as error:
        close_old_connections()
        if not last_attempt:
            _release(mine)
            raise
        _fail(mine, f"the database could not be reached, even after retries: {_one_line(error)}")
        return Status.FAILED
    except Exception as error:
        logger.exception("re-extraction of %s failed", batch)
        _fail(
            mine,
            f"{batch}: internal error ({type(error).__name__}: {_one_line(error)}); the log has the details",
        )
        return Status.FAILED
    _finish_if_done(batch.reextraction_id)
    return Status.DONE


def batches_claimable(*, reextraction: Reextraction) -> list[int]:
    """The ids of the batches this process may claim now, in order: queued, or running with a stale claim."""
    stale = Q(status=Status.RUNNING, claimed_at__lt=_stale_since())
    return list(
        reextraction.batches.filter(Q(status=Status.QUEUED) | stale)
        .order_by("first_paragraph")
        .values_list("pk", flat=True)
    )


def batches_recover(*, reextraction: Reextraction | None = None) -> list[int]:
    """Queue again the running batches whose claim is stale; fail those started too often; return the queued ids."""
    stale = ReextractionBatch.objects.filter(
        status=Status.RUNNING, claimed_at__lt=_stale_since(), reextraction__finished_at=None
    )
    if reextraction is not None:
        stale = stale.filter(reextraction=reextraction)
    queued = []
    for batch in stale.only("pk", "attempts", "claimed_at", "first_paragraph", "last_paragraph"):
        # Conditional on the claim read, so that a batch taken over meanwhile is left alone.
        same = ReextractionBatch.objects.filter(
            pk=batch.pk, status=Status.RUNNING, claimed_at=batch.claimed_at
        )
        if batch.attempts >= settings.INGEST_MAX_ATTEMPTS:
            _fail(same, f"{batch}: the process writing it stopped (started {batch.attempts} times)")
        elif same.update(status=Status.QUEUED):
            queued.append(batch.pk)
    return queued


def reextraction_progress(*, reextraction: Reextraction) -> ReextractionProgress:
    rows = {
        status: (count, paragraphs or 0, initiatives or 0)
        for status, count, paragraphs, initiatives in reextraction.batches.values("status")
        .annotate(count=Count("pk"), paragraphs=Sum("paragraphs"), initiatives=Sum("initiatives"))
        .values_list("status", "count", "paragraphs", "initiatives")
    }
    done, failed = rows.get(Status.DONE, (0, 0, 0)), rows.get(Status.FAILED, (0, 0, 0))
    left = sum(rows.get(status, (0,))[0] for status in (Status.QUEUED, Status.RUNNING))
    error = ""
    if failed[0]:
        error = reextraction.batches.filter(status=Status.FAILED).values_list("error", flat=True).first()
    return ReextractionProgress(
        paragraphs_done=done[1],
        paragraphs_total=reextraction.paragraphs_total,
        initiatives=done[2],
        batches_done=done[0],
        batches_failed=failed[0],
        batches_left=left,
        error=error,
    )


def _finish_if_done(reextraction_id: int) -> None:
    if (
        not ReextractionBatch.objects.filter(reextraction_id=reextraction_id)
        .exclude(status=Status.DONE)
        .exists()
    ):
        Reextraction.objects.filter(pk=reextraction_id, finished_at=None).update(finished_at=timezone.now())


def _fail(batch, error: str) -> None:
    batch.update(status=Status.FAILED, finished_at=timezone.now(), error=error)


def _release(batch) -> None:
    try:
        batch.update(status=Status.QUEUED)
    except DatabaseError:
        logger.warning("could not hand back a re-extraction batch; it will be claimable once stale")


def _stale_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.INGEST_STALE_SECONDS)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:300]
