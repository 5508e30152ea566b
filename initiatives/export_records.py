"""Records of initiatives and paragraphs read in bulk for downloads and exports.

They have the shapes of ``InitiativeSerializer`` and ``ParagraphSerializer`` (the tests compare
them with the API's), but are built from ``values()`` rows: the selected records are read
in chunks, with only the columns a record shows, and each chunk's links, amounts, evidence
and initiatives come in one query each. A serializer per row, and model instances with every
column, made a download crawl at a few hundred rows a second; entities (agencies, countries,
regions, goals and themes) are few and read once.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db import connection
from django.db.models import Model, QuerySet

from .kinds import KINDS, LINKS
from .models import Amount, Evidence, Initiative, Paragraph
from .serializers import AmountSerializer, DocumentRefSerializer, EvidenceSerializer, sdg_readings

CHUNK_SIZE = 1000

_DOCUMENT = DocumentRefSerializer.Meta.fields
_AMOUNT = AmountSerializer.Meta.fields
_EVIDENCE = EvidenceSerializer.Meta.fields
_INITIATIVE = ["id", "order", "title", "text", "start", "end"]
_INITIATIVE_FLAGS = ["covid", "climate", "modality", "years", "year_min", "year_max"]
_CENT = Decimal("0.01")


def _owned_by(queryset: QuerySet, column: str, ids: list[int]) -> QuerySet:
    """``queryset`` where ``column`` is one of ``ids``.

    PostgreSQL gets the ids as one array: as a list of thousands of parameters, preparing and parsing
    the query took a third of a download's time.
    """
    if connection.vendor == "postgresql":
        return queryset.extra(where=[f"{column} = ANY(%s)"], params=[ids])
    return queryset.filter(**{f"{column}__in": ids})


def _money(value: Decimal | None) -> Decimal | None:
    # As DRF's DecimalField gives it: two decimals (a JSON number in a record, 2.00 in CSV).
    return None if value is None else value.quantize(_CENT)


def _citation(document: dict, number: int | None, order: int) -> str:
    where = f"para. {number}" if number else f"preamble {order}"
    return f"{document['symbol'] or document['title']}, {where}"


class _Entities:
    """Every linked entity as its record shape, with its place in the entity's default order."""

    def __init__(self):
        self.refs: dict[str, dict[int, tuple[int, object]]] = {}
        for kind in KINDS:
            # A kind with no record fields (a goal) shows its natural key alone.
            fields = kind.record_fields
            rows = kind.model.objects.values_list("pk", *(fields or [kind.key]))
            self.refs[kind.links] = {
                row[0]: (rank, dict(zip(fields, row[1:], strict=True)) if fields else row[1])
                for rank, row in enumerate(rows)
            }

    def links(self, model: type[Model], ids: list[int]) -> dict[str, dict[int, list]]:
        """For each link name, the owners' entities in the entity order: one query per link."""
        found = {}
        for name in LINKS:
            field = model._meta.get_field(name)
            owner, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            refs = self.refs[name]
            by_owner = defaultdict(list)
            through = field.remote_field.through.objects.values_list(owner, target)
            for owner_id, target_id in _owned_by(through, owner, ids):
                by_owner[owner_id].append(refs[target_id])
            found[name] = {
                key: [ref for _, ref in sorted(items, key=_rank)] for key, items in by_owner.items()
            }
        return found


def _rank(item: tuple[int, object]) -> int:
    return item[0]


def _amounts(key: str, ids: list[int]) -> dict[int, list[dict]]:
    by_owner = defaultdict(list)
    for row in _owned_by(Amount.objects.values(key, *_AMOUNT), key, ids):
        owner = row.pop(key)
        row["amount_usd"], row["amount"] = _money(row["amount_usd"]), _money(row["amount"])
        by_owner[owner].append(row)
    return by_owner


def _initiative_fields(row: dict, links: dict, amounts: dict) -> dict:
    """The fields every initiative record shows (``serializers.INITIATIVE_FIELDS``), in their order."""
    pk = row["id"]
    sdgs = links["sdgs"].get(pk, [])
    return {
        **{name: row[name] for name in _INITIATIVE},
        "agencies": links["agencies"].get(pk, []),
        "countries": links["countries"].get(pk, []),
        "regions": links["regions"].get(pk, []),
        "sdgs": sdgs,
        "sdgs_cited": sdg_readings(set(sdgs), row["sdg_evidence"], "cited"),
        "sdgs_inferred": sdg_readings(set(sdgs), row["sdg_evidence"], "inferred"),
        "themes": links["themes"].get(pk, []),
        "programmes": links["programmes"].get(pk, []),
        **{name: row[name] for name in _INITIATIVE_FLAGS},
        "funding_usd": _money(row["funding_usd"]),
        "amounts": amounts.get(pk, []),
        "review": row["review"],
    }


_INITIATIVE_COLUMNS = [*_INITIATIVE, *_INITIATIVE_FLAGS, "funding_usd", "review", "sdg_evidence"]
# What ``InitiativeVersionsMixin`` shows: the record in each language version of its document.
_VERSION_COLUMNS = ["translations", "version_differences"]


def _initiative_versions(row: dict, language: str) -> dict:
    translations = row["translations"] or {}
    return {
        "language": language,
        "titles": {language: row["title"]} | {lang: v["title"] for lang, v in translations.items()},
        "texts": {language: row["text"]} | {lang: v["text"] for lang, v in translations.items()},
        "version_differences": row["version_differences"],
    }


def _initiative_chunk(rows: list[dict], entities: _Entities) -> Iterator[dict]:
    ids = [row["id"] for row in rows]
    links, amounts = entities.links(Initiative, ids), _amounts("initiative_id", ids)
    for row in rows:
        document = {name: row[f"paragraph__document__{name}"] for name in _DOCUMENT}
        number = row["paragraph__number"]
        yield {
            "document": document,
            "paragraph_id": row["paragraph_id"],
            "paragraph_number": number,
            "citation": _citation(document, number, row["paragraph__order"]),
            **_initiative_fields(row, links, amounts),
            **_initiative_versions(row, document["language"]),
        }


def _paragraph_chunk(rows: list[dict], entities: _Entities) -> Iterator[dict]:
    ids = [row["id"] for row in rows]
    links, amounts = entities.links(Paragraph, ids), _amounts("paragraph_id", ids)
    evidence = defaultdict(list)
    for item in _owned_by(Evidence.objects.values("paragraph_id", *_EVIDENCE), "paragraph_id", ids):
        evidence[item.pop("paragraph_id")].append(item)
    active = Initiative.objects.filter(is_active=True).values("paragraph_id", *_INITIATIVE_COLUMNS)
    initiative_rows = list(_owned_by(active, "paragraph_id", ids))
    initiative_ids = [row["id"] for row in initiative_rows]
    initiative_links = entities.links(Initiative, initiative_ids)
    initiative_amounts = _amounts("initiative_id", initiative_ids)
    initiatives = defaultdict(list)
    for row in initiative_rows:
        initiatives[row["paragraph_id"]].append(_initiative_fields(row, initiative_links, initiative_amounts))
    for row in rows:
        pk = row["id"]
        document = {name: row[f"document__{name}"] for name in _DOCUMENT}
        yield {
            "id": pk,
            "document": document,
            "number": row["number"],
            "order": row["order"],
            "citation": _citation(document, row["number"], row["order"]),
            **{name: row[name] for name in ("section", "kind", "text", "footnotes")},
            "agencies": links["agencies"].get(pk, []),
            "countries": links["countries"].get(pk, []),
            "regions": links["regions"].get(pk, []),
            "amounts": amounts.get(pk, []),
            "covid": row["covid"],
            "climate": row["climate"],
            "sdgs": links["sdgs"].get(pk, []),
            "sdgs_cited": row["sdgs_cited"],
            "themes": links["themes"].get(pk, []),
            "programmes": links["programmes"].get(pk, []),
            "modality": row["modality"],
            "years": row["years"],
            "initiatives": initiatives.get(pk, []),
            "evidence": evidence.get(pk, []),
            "version_of": row["version_of_id"],
        }


_COLUMNS = {
    "initiatives": [
        *_INITIATIVE_COLUMNS,
        *_VERSION_COLUMNS,
        "paragraph_id",
        "paragraph__number",
        "paragraph__order",
        *(f"paragraph__document__{name}" for name in _DOCUMENT),
    ],
    "paragraphs": [
        "id",
        "number",
        "order",
        "section",
        "kind",
        "text",
        "footnotes",
        "covid",
        "climate",
        "sdgs_cited",
        "modality",
        "years",
        "version_of_id",
        *(f"document__{name}" for name in _DOCUMENT),
    ],
}
_CHUNKS = {"initiatives": _initiative_chunk, "paragraphs": _paragraph_chunk}


def _chunks(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def records_read(*, what: str, queryset: QuerySet) -> Iterator[dict]:
    """Every record of ``queryset`` (initiatives or paragraphs, in its order), one chunk in memory."""
    entities = _Entities()
    rows = queryset.prefetch_related(None).values(*_COLUMNS[what]).iterator(chunk_size=CHUNK_SIZE)
    for chunk in _chunks(rows, CHUNK_SIZE):
        yield from _CHUNKS[what](chunk, entities)
