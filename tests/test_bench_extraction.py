"""The readings by hand that ``bench.extraction`` scores against stay true to their documents."""

import json

import pytest

from bench.extraction import (
    AMOUNT_KEY,
    BASE_DIR,
    READINGS,
    SOURCE_KEY,
    STARTS_KEY,
    Scores,
    _squeeze,
    reading_languages,
    report_scores,
)
from ingest.parsing import parse_document

VERSIONS = [
    (path, language)
    for path in READINGS
    for language in reading_languages(json.loads(path.read_text(encoding="utf-8")))
]


def _paragraphs(expected: dict, language: str) -> dict[int, str]:
    text = (BASE_DIR / expected[SOURCE_KEY[language]]).read_text(encoding="utf-8")
    return {p.number: _squeeze(p.text) for p in parse_document(text).paragraphs if p.number}


def test_it_reads_every_document_bundled_or_written_for_the_tests():
    documents = {json.loads(path.read_text(encoding="utf-8"))["document"] for path in READINGS}
    assert documents == {"A/76/403", "A/77/297", "A/80/901", "A/RES/76/221"}
    assert ("A-80-901.json", "en") in {(path.name, language) for path, language in VERSIONS}


@pytest.mark.parametrize(("path", "language"), VERSIONS, ids=lambda x: getattr(x, "stem", x))
def test_each_expected_initiative_and_amount_occurs_in_its_paragraph(path, language):
    expected = json.loads(path.read_text(encoding="utf-8"))
    paragraphs = _paragraphs(expected, language)
    for item in expected["initiatives"]:
        assert _squeeze(item[STARTS_KEY[language]]) in paragraphs[item["paragraph"]], item
    for amount in expected["amounts"]:
        assert _squeeze(amount[AMOUNT_KEY[language]]) in paragraphs[amount["paragraph"]], amount


def test_a_document_with_no_initiative_is_scored_by_what_was_extracted_from_it():
    resolution = next(path for path in READINGS if path.stem == "A-RES-76-221")
    assert json.loads(resolution.read_text(encoding="utf-8"))["initiatives"] == []
    tally = report_scores(resolution).tallies["initiatives"]
    assert (tally.true_positives, tally.false_negatives, tally.recall) == (0, 0, None)


def test_the_total_adds_each_documents_counts():
    first, second = (report_scores(path) for path in READINGS[:2])
    total = Scores()
    total.add(first)
    total.add(second)
    expected = first.tallies["initiatives"].true_positives + second.tallies["initiatives"].true_positives
    assert total.tallies["initiatives"].true_positives == expected
    assert total.actor.total() == first.actor.total() + second.actor.total()
