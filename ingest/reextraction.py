"""Re-extraction: the current extractors run again over stored paragraphs, a bounded batch per transaction.

Extractors carry context from one paragraph to the next (a short form defined earlier in the
document), so a paragraph is always extracted after the paragraphs before it in its document:
``paragraphs_reextract`` re-extracts a range of paragraph ids, reading each document it touches
from its first paragraph to the last one in the range, and writes only the range. Small batches
keep every statement and transaction short (one ``bulk_update`` over thousands of rows ran for
minutes and could not be cancelled). The whole corpus is re-extracted as batches that workers
claim (``ingest.reextraction_batches``); ``documents_reextract`` re-extracts chosen documents in
this process.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from ingest.alignment import document_versions_align
from ingest.extraction.pipeline import extract_document
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
    total: int = 0
    stopped: bool = False


def paragraphs_reextract(*, first: int, last: int) -> ReextractResult:
    """Re-extract the paragraphs whose ids are from ``first`` to ``last``, in the caller's transaction.

    Each document is extracted from its first paragraph on, so that every paragraph sees the
    context it saw the first time; only the paragraphs of the range are written.
    """
    ranged = Paragraph.objects.filter(pk__gte=first, pk__lte=last)
    ends = dict(ranged.values("document_id").annotate(end=Max("order")).values_list("document_id", "end"))
    pairs = []
    for document_id, end in sorted(ends.items()):
        read = list(Paragraph.objects.filter(document_id=document_id, order__lte=end).order_by("order"))
        extractions = extract_document([_as_parsed(p) for p in read])
        pairs += [(p, e) for p, e in zip(read, extractions, strict=True) if first <= p.pk <= last]
    written = _write(pairs, EntityLookup())
    for document_id in sorted(ends):
        _versions_align(document_id)
    return ReextractResult(documents=len(ends), paragraphs=len(pairs), initiatives=written)


def documents_reextract(
    *,
    documents: Sequence[Document],
    batch: int = BATCH_PARAGRAPHS,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> ReextractResult:
    """Re-extract chosen documents in this process, each extracted once and written ``batch`` paragraphs a transaction.

    ``should_stop`` is asked between batches; when it says yes, the call returns with ``stopped`` set.
    """
    ids = sorted(document.pk for document in documents)
    result = ReextractResult(total=Paragraph.objects.filter(document_id__in=ids).count())
    for document_id in ids:
        paragraphs = list(Paragraph.objects.filter(document_id=document_id).order_by("order"))
        extractions = extract_document([_as_parsed(p) for p in paragraphs])
        pairs = list(zip(paragraphs, extractions, strict=True))
        lookup = EntityLookup()
        for start in range(0, len(pairs), batch):
            if should_stop():
                result.stopped = True
                return result
            with transaction.atomic():
                result.initiatives += _write(pairs[start : start + batch], lookup)
            result.paragraphs += len(pairs[start : start + batch])
            if progress is not None:
                progress(result.paragraphs, result.total)
        _versions_align(document_id)
        result.documents += 1
    return result


def _write(pairs: list, lookup: EntityLookup) -> int:
    """Store the extractions of (paragraph, extraction) pairs and index them; return their initiatives."""
    if not pairs:
        return 0
    paragraphs = [p for p, _ in pairs]
    written = extractions_rewrite(paragraphs=paragraphs, extractions=[e for _, e in pairs], lookup=lookup)
    index_written(paragraphs, written.titles)
    return written.initiatives


def _versions_align(document_id: int) -> None:
    # Its initiatives are new rows or rewritten ones: merge them with its other versions' again.
    # A document cut over several batches is aligned after each; the last sees all of it.
    document_versions_align(document=Document.objects.only("pk", "symbol").get(pk=document_id))


def _as_parsed(paragraph: Paragraph) -> ParsedParagraph:
    return ParsedParagraph(
        order=paragraph.order,
        number=paragraph.number,
        section=tuple(SectionRef(number=s["number"], heading=s["heading"]) for s in paragraph.section),
        text=paragraph.text,
        footnotes=tuple(Footnote(marker=f["marker"], text=f["text"]) for f in paragraph.footnotes),
    )
