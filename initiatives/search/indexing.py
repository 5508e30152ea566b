"""Writing the search index: an idempotent upsert of the segmented text of paragraphs.

Ingestion calls ``index_inserted`` in its transaction, after writing the paragraphs, their
initiatives and entity links, with the text and initiative titles it holds, and re-extraction
``index_written`` likewise; editors' changes call ``index_paragraphs``, which reads them back;
``rebuild_index`` (and the ``rebuild_search_index`` command) re-segments every stored paragraph.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from django.db import transaction

from initiatives.bulk import rows_insert
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


def index_written(paragraphs: Sequence[Paragraph], titles: Mapping[int, Sequence[str]]) -> int:
    """Index paragraphs that the caller has just written; return how many were written.

    Does what ``index_paragraphs`` does for their ids, from their text and the titles of their
    active initiatives in order (``titles`` by paragraph id) instead of reading them back.
    """
    return _index_given(paragraphs, titles, write=_entries_upsert)


def index_inserted(paragraphs: Sequence[Paragraph], titles: Mapping[int, Sequence[str]]) -> int:
    """``index_written`` for paragraphs inserted in this transaction: they have no entry yet, so
    the entries are inserted, not upserted (on PostgreSQL the text is copied rather than bound
    into the text of a statement)."""
    return _index_given(paragraphs, titles, write=_entries_insert)


def _index_given(
    paragraphs: Sequence[Paragraph],
    titles: Mapping[int, Sequence[str]],
    *,
    write: Callable[[list[SearchEntry]], None],
) -> int:
    written = 0
    ordered = sorted({paragraph.pk: paragraph for paragraph in paragraphs}.values(), key=lambda p: p.pk)
    # Inside the caller's transaction, not a savepoint of its own: a failure undoes the caller's writes too.
    with transaction.atomic(savepoint=False):
        revision_bump()
        for batch in _batches(ordered):
            entries = [_entry(p.pk, p.text, titles.get(p.pk, ())) for p in batch]
            write(entries)
            backend().store(entries, paragraph_ids=[entry.paragraph_id for entry in entries])
            written += len(entries)
    return written


def rebuild_index() -> int:
    """Re-index every paragraph from scratch; return how many were indexed."""
    with transaction.atomic():
        backend().clear()
        SearchEntry.objects.all().delete()
        ids = list(Paragraph.objects.order_by("pk").values_list("pk", flat=True))
        return sum(_index_batch(batch) for batch in _batches(ids))


def _batches(items: Sequence) -> Iterator[Sequence]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def _index_batch(ids: Sequence[int]) -> int:
    titles: dict[int, list[str]] = defaultdict(list)
    active = Initiative.objects.filter(paragraph_id__in=ids, is_active=True).order_by("paragraph_id", "order")
    for paragraph_id, title in active.values_list("paragraph_id", "title"):
        titles[paragraph_id].append(title)
    entries = [
        _entry(paragraph_id, text, titles[paragraph_id])
        for paragraph_id, text in Paragraph.objects.filter(pk__in=ids).values_list("pk", "text")
    ]
    found = {entry.paragraph_id for entry in entries}
    SearchEntry.objects.filter(paragraph_id__in=[i for i in ids if i not in found]).delete()
    _entries_upsert(entries)
    # The backend's rows of paragraphs that no longer exist go too.
    backend().store(entries, paragraph_ids=ids)
    return len(entries)


def _entry(paragraph_id: int, text: str, titles: Sequence[str]) -> SearchEntry:
    segmented = segment(text)
    return SearchEntry(
        paragraph_id=paragraph_id,
        chars=segmented.chars,
        words=segmented.words,
        overflows_positions=segmented.overflows_positions,
        titles=" ".join(match_keys(normalise("\n".join(titles))).keys),
    )


def _entries_upsert(entries: list[SearchEntry]) -> None:
    SearchEntry.objects.bulk_create(
        entries,
        update_conflicts=True,
        unique_fields=["paragraph"],
        update_fields=["chars", "words", "titles", "overflows_positions"],
    )


def _entries_insert(entries: list[SearchEntry]) -> None:
    rows_insert(
        SearchEntry,
        ["paragraph", "chars", "words", "titles", "overflows_positions"],
        [(e.paragraph_id, e.chars, e.words, e.titles, e.overflows_positions) for e in entries],
    )
