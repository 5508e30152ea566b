"""Writing the search index: an idempotent upsert of the segmented text of paragraphs.

Ingestion calls ``index_written`` in its transaction, after writing the paragraphs, their
initiatives and entity links, with the text and initiative titles it holds; re-extraction and
editors' changes call ``index_paragraphs``, which reads them back; ``rebuild_index`` (and the
``rebuild_search_index`` command) re-segments every stored paragraph.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

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


def index_written(
    paragraphs: Sequence[Paragraph], titles: Mapping[int, Sequence[str]], *, created: bool = False
) -> int:
    """Index paragraphs that the caller has just written; return how many were written.

    Does what ``index_paragraphs`` does for their ids, from their text and the titles of their
    active initiatives in order (``titles`` by paragraph id) instead of reading them back.
    ``created`` says the paragraphs were inserted in this transaction: they have no entry yet,
    so the entries are inserted, not upserted.
    """
    written = 0
    ordered = sorted({paragraph.pk: paragraph for paragraph in paragraphs}.values(), key=lambda p: p.pk)
    # Inside the caller's transaction, not a savepoint of its own: a failure undoes the caller's writes too.
    with transaction.atomic(savepoint=False):
        revision_bump()
        for batch in _batches(ordered):
            entries = [_entry(p.pk, p.text, titles.get(p.pk, ())) for p in batch]
            _entries_write(entries, created=created)
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
    _entries_write(entries, paragraph_ids=ids)
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


def _entries_write(
    entries: list[SearchEntry], *, paragraph_ids: Sequence[int] | None = None, created: bool = False
) -> None:
    """Save the entries and whatever the backend stores beside them.

    ``paragraph_ids`` are the paragraphs whose backend rows these replace (by default the entries').
    """
    if created:
        # The paragraphs are new: nothing to update, and on PostgreSQL the text is copied rather
        # than bound into the text of a statement.
        rows_insert(
            SearchEntry,
            ["paragraph", "chars", "words", "titles", "overflows_positions"],
            [(e.paragraph_id, e.chars, e.words, e.titles, e.overflows_positions) for e in entries],
        )
    else:
        SearchEntry.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["paragraph"],
            update_fields=["chars", "words", "titles", "overflows_positions"],
        )
    if paragraph_ids is None:
        paragraph_ids = [entry.paragraph_id for entry in entries]
    backend().store(entries, paragraph_ids=paragraph_ids)
