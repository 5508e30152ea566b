"""Writing a document's extractions: a few queries per document, and re-extraction writes what ingestion wrote."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ingest.reextraction import documents_reextract
from ingest.services import document_ingest
from initiatives.models import Document, Paragraph
from tests.conftest import REPORT

pytestmark = pytest.mark.django_db


def stored(document: Document) -> list:
    """Everything extraction wrote for a document, without ids."""

    def codes(manager, key):
        return sorted(manager.values_list(key, flat=True))

    rows = []
    for paragraph in document.paragraphs.order_by("order"):
        links = [
            codes(paragraph.agencies, "code"),
            codes(paragraph.countries, "iso3"),
            codes(paragraph.regions, "code"),
            codes(paragraph.sdgs, "number"),
            codes(paragraph.themes, "code"),
        ]
        fields = [paragraph.kind, paragraph.covid, paragraph.climate, paragraph.modality, paragraph.years]
        evidence = sorted(paragraph.evidence.values_list("field", "start", "end", "value"))
        amounts = sorted(
            paragraph.amounts.values_list("start", "end", "amount", "is_funding", "initiative__order")
        )
        initiatives = [
            (
                i.order,
                i.title,
                i.start,
                i.end,
                i.funding_usd,
                i.years,
                codes(i.agencies, "code"),
                codes(i.countries, "iso3"),
                codes(i.regions, "code"),
                codes(i.sdgs, "number"),
                codes(i.themes, "code"),
            )
            for i in paragraph.initiatives.order_by("order")
        ]
        rows.append((paragraph.order, fields, links, evidence, amounts, initiatives))
    return rows


def test_a_report_is_written_in_a_few_dozen_queries_whatever_its_length(bundled, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with CaptureQueriesContext(connection) as queries:
        # Another symbol: A/76/403 in Chinese is the bundled report.
        result = document_ingest(path=path, symbol="A/76/403/Copy")
    assert result.paragraphs == 86
    # One or two per table, whatever the number of paragraphs (a query per link took ~1,800).
    assert len(queries) < 60


def test_reextraction_writes_exactly_what_first_ingestion_wrote(bundled):
    report = bundled["A/76/403"]
    before = stored(report)
    documents_reextract(documents=[report])
    assert stored(report) == before
    assert Paragraph.objects.filter(document=report).count() == 86
