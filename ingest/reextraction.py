"""Re-extraction: the current extractors run again over stored paragraphs, in bounded batches.

A document is extracted whole (extractors carry context from one paragraph to the
next), then written a batch of paragraphs at a time, each batch in its own
transaction. Small batches keep every statement short (one ``bulk_update`` over
thousands of rows ran for minutes and could not be cancelled), so a stop asked
for is honoured within seconds, and what was committed stays. Over the whole
corpus, the position of the last committed batch is stored (``Reextraction``),
and the next call resumes from there.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ingest.extraction.pipeline import extract_document
from ingest.models import Reextraction
from ingest.parsing import Footnote, ParsedParagraph, SectionRef
from ingest.writing import EntityLookup, extractions_rewrite
from initiatives.models import Document, Paragraph
from initiatives.search.indexing import index_written

# Paragraphs written per transaction; a report's paragraph holds a few initiatives.
BATCH_PARAGRAPHS = 100

Progress = Callable[[int, int], None]


@dataclass
class ReextractResult:
    documents: int = 0
    paragraphs: int = 0
    initiatives: int = 0
    # Paragraphs already written by the stopped re-extraction this one resumed.
    resumed_after: int = 0
    total: int = 0
    stopped: bool = False


class _Stopped(Exception):
    pass


def documents_reextract(
    *,
    documents: Sequence[Document] | None = None,
    batch: int = BATCH_PARAGRAPHS,
    restart: bool = False,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> ReextractResult:
    """Run the current extractors again over stored paragraphs, keeping what editors set.

    Without ``documents``, every document is re-extracted, resuming a stopped
    re-extraction unless ``restart``. ``should_stop`` is asked between paragraphs
    and batches; when it says yes, the call returns with ``stopped`` set.
    """
    if documents is not None:
        job = _Job(None, batch, progress, should_stop)
        todo = Q(document_id__in=[document.pk for document in documents])
        starts = {document.pk: -1 for document in sorted(documents, key=lambda d: d.pk)}
    else:
        job = _Job(_cursor(restart=restart), batch, progress, should_stop)
        last = job.cursor.last_document
        todo = Q(document_id__gt=last) | Q(document_id=last, order__gt=job.cursor.last_order)
        ids = Document.objects.filter(pk__gte=last).order_by("pk").values_list("pk", flat=True)
        starts = {pk: job.cursor.last_order if pk == last else -1 for pk in ids}
    job.result.total = job.result.resumed_after + Paragraph.objects.filter(todo).count()
    try:
        for document_id, after_order in starts.items():
            job.document_reextract(document_id, after_order)
    except _Stopped:
        job.result.stopped = True
        return job.result
    if job.cursor is not None:
        Reextraction.objects.filter(pk=job.cursor.pk).update(finished_at=timezone.now())
    return job.result


class _Job:
    def __init__(self, cursor: Reextraction | None, batch: int, progress, should_stop) -> None:
        self.cursor, self.batch, self.progress, self.should_stop = cursor, batch, progress, should_stop
        self.result = ReextractResult(resumed_after=cursor.paragraphs_done if cursor else 0)

    def check(self, *args) -> None:
        if self.should_stop():
            raise _Stopped

    def document_reextract(self, document_id: int, after_order: int) -> None:
        paragraphs = list(Paragraph.objects.filter(document_id=document_id).order_by("order"))
        if not any(p.order > after_order for p in paragraphs):
            return
        # The whole document is extracted, so that each paragraph sees the context it saw the first time.
        extractions = extract_document([_as_parsed(p) for p in paragraphs], progress=self.check)
        pending = [(p, e) for p, e in zip(paragraphs, extractions, strict=True) if p.order > after_order]
        lookup = EntityLookup()
        for start in range(0, len(pending), self.batch):
            self.check()
            chunk = pending[start : start + self.batch]
            self.batch_write(document_id, chunk, lookup)
        self.result.documents += 1

    def batch_write(self, document_id: int, chunk: list, lookup: EntityLookup) -> None:
        paragraphs = [p for p, _ in chunk]
        with transaction.atomic():
            written = extractions_rewrite(
                paragraphs=paragraphs, extractions=[e for _, e in chunk], lookup=lookup
            )
            index_written(paragraphs, written.titles)
            if self.cursor is not None:
                Reextraction.objects.filter(pk=self.cursor.pk).update(
                    last_document=document_id,
                    last_order=paragraphs[-1].order,
                    paragraphs_done=F("paragraphs_done") + len(paragraphs),
                )
        self.result.paragraphs += len(paragraphs)
        self.result.initiatives += written.initiatives
        if self.progress is not None:
            self.progress(self.result.resumed_after + self.result.paragraphs, self.result.total)


def _cursor(*, restart: bool) -> Reextraction:
    unfinished = Reextraction.objects.filter(finished_at=None)
    if restart:
        unfinished.update(finished_at=timezone.now())
    return unfinished.order_by("-pk").first() or Reextraction.objects.create()


def _as_parsed(paragraph: Paragraph) -> ParsedParagraph:
    return ParsedParagraph(
        order=paragraph.order,
        number=paragraph.number,
        section=tuple(SectionRef(number=s["number"], heading=s["heading"]) for s in paragraph.section),
        text=paragraph.text,
        footnotes=tuple(Footnote(marker=f["marker"], text=f["text"]) for f in paragraph.footnotes),
    )
