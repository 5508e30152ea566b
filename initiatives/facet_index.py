"""Compressed bitmaps of initiative ids per entity, flag and document, held in each process per data revision.

A facet count is the size of a selection's intersection with one bitmap, and the agency,
country, region, SDG, theme, modality and flag filters are unions and intersections of
them, so counting a selection reads the database only for its other filters (a search, years,
funding ...), once. The bitmaps (pyroaring, as search engines keep their postings) are read
from the link tables in one grouped query each when a request first finds the data's revision
moved on; every write bumps the revision (``revisions.revision_bump``), so ingestion,
re-extraction, editors' changes and deletions all show at the next read.

Where the cache is shared by the web processes (Redis, or the cache table), one process builds
the bitmaps of a revision and stores them there, and the others load them: building costs seconds
on a large corpus, loading a fraction of it.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from pyroaring import BitMap

from .kinds import KINDS
from .models import Country, Document, Initiative, Paragraph, Revision
from .shared_cache import cache_shared

# Each facet group: the many-to-many relation it counts, its model and the fields its rows show.
GROUPS = {
    kind.links: (kind.model, [kind.key, "name_zh", "name_en", *(["kind"] if kind.code == "region" else [])])
    for kind in KINDS
}
# Goals the text cites by number: not a facet, but what ``sdg_source=cited`` filters on.
CITED = "sdgs_cited"


@dataclass
class FacetIndex:
    revision: tuple
    active: BitMap = field(default_factory=BitMap)
    covid: BitMap = field(default_factory=BitMap)
    climate: BitMap = field(default_factory=BitMap)
    modality: dict[str, BitMap] = field(default_factory=dict)
    funded: BitMap = field(default_factory=BitMap)
    # Funding in whole cents, where sums of Decimals cost ten times as much.
    cents: dict[int, int] = field(default_factory=dict)
    # relation -> entity pk -> initiatives; a region's holds those naming it or a member country.
    links: dict[str, dict[int, BitMap]] = field(default_factory=dict)
    # relation -> entity pk -> cents of the active initiatives linked to it: a selection close to
    # every active initiative sums what it leaves out and takes it from these.
    active_cents: dict[str, dict[int, int]] = field(default_factory=dict)
    # relation -> entity pk -> the row its facet shows (codes and names).
    rows: dict[str, dict[int, dict]] = field(default_factory=dict)
    documents: dict[int, BitMap] = field(default_factory=dict)
    document_rows: dict[int, dict] = field(default_factory=dict)


_held: FacetIndex | None = None
_building = threading.Lock()


def facet_index() -> FacetIndex:
    """The bitmaps of the data as it is now, rebuilt if the data changed since they were read."""
    global _held
    revision = _revision()
    held = _held
    if held is not None and held.revision == revision:
        return held
    with _building:
        if _held is not None and _held.revision == revision:
            return _held
        _held = _shared_or_built(revision)
        return _held


def facet_index_forget() -> None:
    """Drop the bitmaps held, so that the next read builds them again."""
    global _held
    _held = None
    ids_read_forget()


def ids_read_forget() -> None:
    """Forget the ids of the last selections (``ids_read``), as a new process would."""
    with _reading:
        _read_ids.clear()


def _revision() -> tuple:
    # The id with its time: an id a rolled-back transaction used may come again on SQLite.
    # Read before the data, so that a write landing in between leaves the index keyed as older
    # than what it holds, and the next read builds it again, never the reverse.
    latest = Revision.objects.order_by("-pk").values_list("pk", "made_at").first()
    return latest or (0, None)


SHARED_KEY = "facet-index"
# The key of the latest revision stored: storing a newer one drops the older bitmaps at once.
LATEST_KEY = "facet-index-latest"
# Older revisions' bitmaps are only read by requests that began before a write.
SHARED_SECONDS = 600
# How long other processes wait for the one building a revision before building it themselves:
# longer than a build of 1,000,000 initiatives takes.
BUILD_WAIT_SECONDS = 120
POLL_SECONDS = 0.1


def _shared_or_built(revision: tuple) -> FacetIndex:
    """The revision's bitmaps from the shared cache, or built here and stored there for the others."""
    # A cache of this process alone would only hold a second copy.
    if not cache_shared():
        return _build(revision)
    key = shared_key(revision)
    shared = cache.get(key)
    if shared is not None:
        return shared
    # One process builds a revision; the others that find it missing meanwhile wait for it.
    if not cache.add(f"{key}:building", True, timeout=BUILD_WAIT_SECONDS):
        deadline = time.monotonic() + BUILD_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            shared = cache.get(key)
            if shared is not None:
                return shared
    index = _build(revision)
    cache.set(key, index, timeout=SHARED_SECONDS)
    latest = cache.get(LATEST_KEY)
    if latest is None or latest[0] <= revision[0]:
        cache.set(LATEST_KEY, (revision[0], key), timeout=None)
        if latest is not None and latest[1] != key:
            cache.delete(latest[1])
    return index


def shared_key(revision: tuple) -> str:
    """The cache key of a revision's bitmaps: its id and time, as ids may come again on SQLite."""
    pk, made_at = revision
    return f"{SHARED_KEY}:{pk}@{made_at.isoformat() if made_at else ''}"


def _build(revision: tuple) -> FacetIndex:
    index = FacetIndex(revision=revision)
    table = Initiative._meta.db_table
    # One scan of the initiatives, grouped by document and modality, gives every flag's bitmap.
    columns = ", ".join(
        [
            _list("i.id"),
            *(f"{_list('i.id')} FILTER (WHERE i.{flag})" for flag in ("is_active", "covid", "climate")),
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.document_id, i.modality, {columns} FROM {table} i"  # noqa: S608 - names from the models
            f" JOIN {Paragraph._meta.db_table} p ON p.id = i.paragraph_id GROUP BY p.document_id, i.modality"
        )
        for document_id, modality, every, active, covid, climate in cursor.fetchall():
            every = _bitmap(every)
            index.documents[document_id] = index.documents.get(document_id, BitMap()) | every
            index.modality[modality] = index.modality.get(modality, BitMap()) | every
            index.active |= _bitmap(active)
            index.covid |= _bitmap(covid)
            index.climate |= _bitmap(climate)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, funding_usd FROM {table} WHERE funding_usd IS NOT NULL")  # noqa: S608
        # SQLite hands amounts back as floats: their shortest text is the stored decimal.
        index.cents = {pk: int(Decimal(str(amount)).scaleb(2)) for pk, amount in cursor.fetchall()}
    index.funded = BitMap(index.cents)
    for relation in [*GROUPS, CITED]:
        through = Initiative._meta.get_field(relation).remote_field.through
        target = through._meta.get_field(Initiative._meta.get_field(relation).m2m_reverse_field_name()).column
        index.links[relation] = _id_lists(
            f"SELECT {target}, {_list('initiative_id')} FROM {through._meta.db_table} GROUP BY {target}"  # noqa: S608
        )
    for relation, (model, fields) in GROUPS.items():
        index.rows[relation] = {row.pop("pk"): row for row in model.objects.values("pk", *fields)}
    _regions_widen(index)
    funded = index.active & index.funded
    for relation in GROUPS:
        index.active_cents[relation] = {
            pk: cents_sum(index, funded & ids) for pk, ids in index.links[relation].items()
        }
    index.document_rows = {
        row.pop("pk"): row
        for row in Document.objects.filter(pk__in=list(index.documents)).values("pk", "symbol", "title")
    }
    return index


def _regions_widen(index: FacetIndex) -> None:
    """A region's bitmap also holds the initiatives naming one of its member countries, as the region filter finds them."""
    countries = index.links["countries"]
    regions = index.links["regions"]
    for region_id, country_id in Country.regions.through.objects.values_list("region_id", "country_id"):
        if country_id in countries:
            regions[region_id] = regions.get(region_id, BitMap()) | countries[country_id]


def _list(column: str) -> str:
    """An aggregate of ids that the database returns as one value per group."""
    if connection.vendor == "postgresql":
        return f"array_agg({column})"
    return f"group_concat({column})"


def _id_lists(sql: str) -> dict:
    """Key -> bitmap of ids, from a query of (key, aggregated ids) rows."""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {key: _bitmap(ids) for key, ids in cursor.fetchall()}


def _bitmap(ids: list[int] | str | None) -> BitMap:
    """The bitmap of an aggregate of ids: a list from PostgreSQL, text from SQLite, None for no row."""
    if not ids:
        return BitMap()
    return BitMap(ids) if isinstance(ids, list) else BitMap(map(int, ids.split(",")))


def cents_sum(index: FacetIndex, ids: BitMap) -> int:
    """The funding of ``ids``, all of them funded, in cents."""
    return sum(map(index.cents.__getitem__, ids))


# The ids that the last selections' other filters chose, by data revision and query: a list
# page reads them for its facets and again for its documents, and on the largest corpus a
# search's ids are most of a selection's time.
_read_ids: OrderedDict[tuple, BitMap] = OrderedDict()
_READ_KEPT = 8
_reading = threading.Lock()


def ids_read(index: FacetIndex, queryset: QuerySet) -> BitMap:
    """``ids_of(queryset)``, read once per data revision while it is among the last few asked."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    key = (index.revision, sql, repr(params))
    with _reading:
        if key in _read_ids:
            _read_ids.move_to_end(key)
            return _read_ids[key]
    ids = ids_of(queryset)
    with _reading:
        _read_ids[key] = ids
        while len(_read_ids) > _READ_KEPT:
            _read_ids.popitem(last=False)
    return ids


def ids_of(queryset: QuerySet) -> BitMap:
    """The ids a queryset selects, as a bitmap."""
    return BitMap(queryset.order_by().values_list("pk", flat=True))
