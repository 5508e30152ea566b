"""Test data shared by the whole suite: the reference data and the two bundled reports, loaded once,
read, parsed and extracted once, and the API client of the tests that read the bundled reports."""

from functools import cache
from pathlib import Path

import opencc
import pytest

from ingest.extraction.pipeline import ParagraphExtraction, extract_document
from ingest.parsing import ParsedDocument, ParsedParagraph, parse_document
from ingest.services import document_ingest
from initiatives.reference.loading import reference_load

REPORTS = Path(__file__).resolve().parent.parent / "data" / "reports"
REPORT = REPORTS / "A-76-403_state-of-south-south-cooperation_2021_zh.txt"
RESOLUTION = REPORTS / "A-RES-76-221_south-south-cooperation-for-development_2021_zh.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@cache
def report_text(path: Path = REPORT) -> str:
    return path.read_text(encoding="utf-8")


@cache
def parsed_report(path: Path = REPORT, *, symbol: str | None = None) -> ParsedDocument:
    """A bundled report parsed once for the session: tests read it and never change it."""
    return parse_document(report_text(path), symbol=symbol)


@cache
def extracted_report(path: Path = REPORT) -> tuple[tuple[ParsedParagraph, ParagraphExtraction], ...]:
    """Each paragraph of a bundled report with its extraction, in reading order."""
    paragraphs = parsed_report(path).paragraphs
    return tuple(zip(paragraphs, extract_document(paragraphs), strict=True))


@cache
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """The text in Traditional characters: how a Traditional copy of a bundled report reads."""
    return _to_traditional().convert(text)


def load_bundled_data() -> None:
    reference_load()
    document_ingest(path=REPORT, symbol="A/76/403")
    document_ingest(path=RESOLUTION)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Loaded once; tests run in transactions that roll back to this state.
    with django_db_blocker.unblock():
        load_bundled_data()


@pytest.fixture
def bundled(db):
    """The reference data and both bundled reports, as ingested by `make run`."""
    from initiatives.models import Document

    return {d.symbol: d for d in Document.objects.all()}


@pytest.fixture
def api(bundled):
    """An anonymous API client over the bundled data."""
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle and rate-limit counters start at zero in every test, and facets and answers are read afresh."""
    from django.core.cache import cache

    from initiatives.facet_index import facet_index_forget
    from sscatlas.stored_answers import local_answers_forget

    cache.clear()
    facet_index_forget()
    local_answers_forget()
    yield
    cache.clear()
    facet_index_forget()
    local_answers_forget()
