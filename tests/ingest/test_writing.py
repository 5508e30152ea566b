"""Writing a document's extractions: a few queries per document, and re-extraction writes what ingestion wrote."""

import io
import os
import signal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ingest import reextraction
from ingest.models import Reextraction
from ingest.reextraction import documents_reextract
from ingest.services import document_ingest
from ingest.writing import PARAGRAPH_FIELDS
from initiatives.models import Document, Paragraph
from tests.conftest import REPORT, load_bundled_data

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


def paragraph_updates(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].startswith('UPDATE "initiatives_paragraph"')]


@pytest.mark.django_db(transaction=True)
def test_a_stopped_reextraction_keeps_its_committed_batches_and_resumes_where_it_stopped():
    load_bundled_data()
    report = Document.objects.get(symbol="A/76/403")
    before = stored(report)
    total = Paragraph.objects.count()
    seen = []
    first = documents_reextract(
        batch=20, progress=lambda done, total: seen.append(done), should_stop=lambda: seen
    )
    assert (first.stopped, first.paragraphs, seen) == (True, 20, [20])
    cursor = Reextraction.objects.get()
    assert (cursor.paragraphs_done, cursor.finished_at) == (20, None)
    assert (cursor.last_document, cursor.last_order) == (
        Document.objects.order_by("pk").first().pk,
        Paragraph.objects.order_by("document_id", "order")[19].order,
    )

    with CaptureQueriesContext(connection) as queries:
        rest = documents_reextract(batch=20, progress=lambda done, total: seen.append((done, total)))
    assert (rest.stopped, rest.resumed_after, rest.paragraphs) == (False, 20, total - 20)
    assert seen[-1] == (total, total)
    assert Reextraction.objects.get().finished_at is not None
    assert stored(report) == before
    # Each statement updates one batch: 20 paragraphs, one WHEN per paragraph and field.
    updates = paragraph_updates(queries)
    assert updates and max(sql.count(" WHEN ") for sql in updates) <= 20 * len(PARAGRAPH_FIELDS)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_sigterm_stops_reextraction_after_the_batch_under_way_and_the_next_run_resumes(
    bundled, monkeypatch, sig
):
    write = reextraction.extractions_rewrite
    signalled = []

    def write_then_signal(**kwargs):
        if not signalled:
            signalled.append(sig)
            os.kill(os.getpid(), sig)
        return write(**kwargs)

    monkeypatch.setattr(reextraction, "extractions_rewrite", write_then_signal)
    first = Document.objects.order_by("pk").first()
    done = first.paragraphs.count()
    with pytest.raises(CommandError) as stopped:
        call_command("ingest", "--reextract", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(stopped.value) == (
        f"re-extraction stopped when asked, after {done} of {Paragraph.objects.count()} paragraphs; "
        "run ingest --reextract again to resume"
    )
    assert Reextraction.objects.get().last_document == first.pk
    out = io.StringIO()
    call_command("ingest", "--reextract", stdout=out, stderr=io.StringIO())
    assert out.getvalue().startswith(
        f"Resumed after the {done} paragraphs done before.\nRe-extracted 1 documents:"
    )
    assert signal.getsignal(sig) is not None and Reextraction.objects.get().finished_at is not None
