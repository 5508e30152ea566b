"""Bulk export of paragraphs and initiatives as JSON Lines or CSV, streamed in chunks.

Records are built by the API serializers, so an export row and an API record
always agree. Each generator holds one chunk of rows in memory at a time.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.db.models import QuerySet
from rest_framework.utils.encoders import JSONEncoder

from .serializers import InitiativeSerializer, ParagraphSerializer

CHUNK_SIZE = 500
SEPARATOR = "|"


def _joined(items, key) -> str:
    return SEPARATOR.join(str(item[key]) for item in items)


def _amount(value) -> str:
    # The serializers give Decimals (JSON numbers in the API); CSV writes them as decimals, 2.00.
    return "" if value is None else str(value)


def _entity_columns(record: dict) -> dict:
    return {
        "agency_codes": _joined(record["agencies"], "code"),
        "agency_names_zh": _joined(record["agencies"], "name_zh"),
        "agency_names_en": _joined(record["agencies"], "name_en"),
        "country_iso3": _joined(record["countries"], "iso3"),
        "country_names_zh": _joined(record["countries"], "name_zh"),
        "country_names_en": _joined(record["countries"], "name_en"),
        "region_codes": _joined(record["regions"], "code"),
        "region_names_zh": _joined(record["regions"], "name_zh"),
        "region_names_en": _joined(record["regions"], "name_en"),
        "sdgs": SEPARATOR.join(str(n) for n in record["sdgs"]),
        "theme_codes": _joined(record["themes"], "code"),
        "theme_names_zh": _joined(record["themes"], "name_zh"),
        "theme_names_en": _joined(record["themes"], "name_en"),
        "covid": record["covid"],
        "climate": record["climate"],
        "modality": record["modality"],
        "years": SEPARATOR.join(str(y) for y in record["years"]),
    }


def initiative_row(record: dict) -> dict:
    document = record["document"]
    return {
        "id": record["id"],
        "citation": record["citation"],
        "document_symbol": document["symbol"],
        "document_title": document["title"],
        "paragraph_number": record["paragraph_number"],
        "title": record["title"],
        "text": record["text"],
        **_entity_columns(record),
        "year_min": record["year_min"],
        "year_max": record["year_max"],
        "funding_usd": _amount(record["funding_usd"]),
        "review": record["review"],
    }


def paragraph_row(record: dict) -> dict:
    document = record["document"]
    return {
        "id": record["id"],
        "citation": record["citation"],
        "document_symbol": document["symbol"],
        "document_title": document["title"],
        "number": record["number"] or "",
        "order": record["order"],
        "section": " / ".join(f"{s['number']}. {s['heading']}" for s in record["section"]),
        "kind": record["kind"],
        "text": record["text"],
        **_entity_columns(record),
        "sdgs_cited": SEPARATOR.join(str(n) for n in record["sdgs_cited"]),
        "amounts_usd": SEPARATOR.join(_amount(a["amount_usd"]) for a in record["amounts"]),
        "initiative_count": len(record["initiatives"]),
    }


EXPORTS = {
    "initiatives": (InitiativeSerializer, initiative_row),
    "paragraphs": (ParagraphSerializer, paragraph_row),
}


def records(what: str, queryset: QuerySet) -> Iterator[dict]:
    serializer_class, _ = EXPORTS[what]
    for obj in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield serializer_class(obj).data


def jsonl_lines(what: str, queryset: QuerySet) -> Iterator[str]:
    for record in records(what, queryset):
        yield json.dumps(record, ensure_ascii=False, cls=JSONEncoder) + "\n"


def csv_lines(what: str, queryset: QuerySet) -> Iterator[str]:
    _, to_row = EXPORTS[what]
    buffer = io.StringIO()
    writer = None
    for record in records(what, queryset):
        row = to_row(record)
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(row))
            writer.writeheader()
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
