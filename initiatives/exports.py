"""Bulk export of paragraphs and initiatives as JSON Lines or CSV, streamed in chunks.

The records come from ``export_records`` and have the API's shapes. A JSON Lines file ends
with a line ``{"_end": {"rows": N}}`` written after its last record, so that a file cut off on
the way (a killed worker, a dropped connection) cannot pass for a whole one. CSV cells that a
spreadsheet would run as a formula are neutralised as OWASP recommends.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.db.models import QuerySet
from rest_framework.utils.encoders import JSONEncoder

from .export_records import records_read

SEPARATOR = "|"
BYTE_ORDER_MARK = "\ufeff"
# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Lines handed to the server at a time: one write per record would cost more than the record.
LINES_PER_WRITE = 200


def cell(value):
    """A CSV cell that a spreadsheet shows as text: a leading quote stops a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


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
        "programme_codes": _joined(record["programmes"], "code"),
        "programme_names_zh": _joined(record["programmes"], "name_zh"),
        "programme_names_en": _joined(record["programmes"], "name_en"),
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
        "sdgs_cited": SEPARATOR.join(str(r["number"]) for r in record["sdgs_cited"]),
        "sdgs_inferred": SEPARATOR.join(str(r["number"]) for r in record["sdgs_inferred"]),
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


ROWS = {"initiatives": initiative_row, "paragraphs": paragraph_row}


def _batched(lines: Iterator[str]) -> Iterator[str]:
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) == LINES_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def jsonl_lines(what: str, queryset: QuerySet, *, bom: bool = False, end_line: bool = True) -> Iterator[str]:
    """One JSON record a line, then (with ``end_line``) the line that counts them.

    ``bom`` is for CSV alone: JSON Lines is UTF-8 without one.
    """

    def lines():
        rows = 0
        for record in records_read(what=what, queryset=queryset):
            rows += 1
            yield json.dumps(record, ensure_ascii=False, cls=JSONEncoder) + "\n"
        if end_line:
            yield json.dumps({"_end": {"rows": rows}}) + "\n"

    return _batched(lines())


def csv_lines(what: str, queryset: QuerySet, *, bom: bool = False, end_line: bool = True) -> Iterator[str]:
    """A header line and one row a record; ``bom`` starts the file with a UTF-8 byte order mark,
    which Excel needs to read the file as UTF-8. A CSV file has no end line: a line that is not
    a record would be read as one; ``X-Row-Count`` counts a downloaded file's rows instead."""
    to_row = ROWS[what]

    def lines():
        buffer = io.StringIO()
        writer = None
        for record in records_read(what=what, queryset=queryset):
            row = to_row(record)
            if writer is None:
                if bom:
                    buffer.write(BYTE_ORDER_MARK)
                writer = csv.writer(buffer)
                writer.writerow(row)
            writer.writerow([cell(value) for value in row.values()])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return _batched(lines())
