"""Writing the search index: an idempotent upsert of the segmented text of paragraphs.

Ingestion and re-extraction call ``index_paragraphs`` in their transaction, after writing the
paragraphs, their initiatives and entity links; ``rebuild_index`` (and the
``rebuild_search_index`` command) re-segments every stored paragraph.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db import transaction

from initiatives.models import Initiative, Paragraph, SearchEntry
from initiatives.revisions import revision_bump

from .backends import backend
from .text import match_keys, normalise, segment

BATCH_SIZE = 500


def index_paragraphs(paragraph_ids: Iterable[int]) -> int:
    """Upsert the index entries of these paragraphs; return how many were written.

    Ids of paragraphs that no longer exist lose their entries.
    """
    written = 0
    ids = sorted(set(paragraph_ids))
    with transaction.atomic():
        revision_bump()
        for batch in _batches(ids):
            written += _index_batch(batch)
    return written


def rebuild_index() -> int:
    """Re-index every paragraph from scratch; return how many were indexed."""
    with transaction.atomic():
        backend().clear()
        SearchEntry.objects.all().delete()
        ids = list(Paragraph.objects.order_by("pk").values_list("pk", flat=True))
        return sum(_index_batch(batch) for batch in _batches(ids))


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start : start + BATCH_SIZE]


def _index_batch(ids: list[int]) -> int:
    titles: dict[int, list[str]] = defaultdict(list)
    active = Initiative.objects.filter(paragraph_id__in=ids, is_active=True).order_by("paragraph_id", "order")
    for paragraph_id, title in active.values_list("paragraph_id", "title"):
        titles[paragraph_id].append(title)
    entries = []
    for paragraph_id, text in Paragraph.objects.filter(pk__in=ids).values_list("pk", "text"):
        segmented = segment(text)
        entries.append(
            SearchEntry(
                paragraph_id=paragraph_id,
                chars=segmented.chars,
                words=segmented.words,
                overflows_positions=segmented.overflows_positions,
                titles=" ".join(match_keys(normalise("\n".join(titles[paragraph_id]))).keys),
            )
        )
    found = {entry.paragraph_id for entry in entries}
    SearchEntry.objects.filter(paragraph_id__in=[i for i in ids if i not in found]).delete()
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["paragraph"],
        update_fields=["chars", "words", "titles", "overflows_positions"],
    )
    backend().store(entries, paragraph_ids=ids)
    return len(entries)
