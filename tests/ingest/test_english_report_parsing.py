"""The English version of A/76/403 as text pasted from its UN PDF: every paragraph clean of page
furniture, paragraphs split by a page break rejoined, footnotes attached where they are cited, and
the same paragraph numbers and headings as the Chinese version."""

import re
from functools import cache
from pathlib import Path

import pytest

from ingest.parsing import parse_document
from tests.conftest import parsed_report

ENGLISH = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "A-76-403_en.txt"
FURNITURE = {
    "running header": re.compile(r"A/76/403"),
    "job number": re.compile(r"21-14085"),
    "barcode": re.compile(r"\*2114085\*|2114085"),
    "page number": re.compile(r"(?<![/\w])\d{1,2}/\d{2}\b"),  # not A/76/39
    "footnote separator": re.compile(r"_{3,}"),
    "footnote text": re.compile(r"Vaccine inequity|blogs\.worldbank|iisd\.org"),
    "double space": re.compile(r"\s{2,}"),
}


@cache
def document():
    return parse_document(ENGLISH.read_text(encoding="utf-8"))


@cache
def paragraphs() -> dict[int, str]:
    return {p.number: p for p in document().paragraphs}


def test_the_fixture_carries_every_kind_of_page_furniture():
    raw = ENGLISH.read_text(encoding="utf-8")
    for line in ("21-14085 (E)    151021", "*2114085*", "__________________", "Original: English"):
        assert line in raw
    assert re.search(r"^2/\d+ +21-14085$", raw, re.MULTILINE)
    assert re.search(r"^21-14085 +3/\d+$", raw, re.MULTILINE)
    assert re.search(r"^ {60,}A/76/403$", raw, re.MULTILINE)


def test_the_header_block_gives_symbol_session_agenda_item_date_and_original_language():
    parsed = document()
    assert parsed.symbol == "A/76/403"
    assert parsed.session == "Seventy-sixth session"
    assert parsed.agenda_item == "25 (b)"
    assert parsed.date.isoformat() == "2021-10-12"
    assert (parsed.language, parsed.original_language) == ("en", "en")
    assert parsed.title == "State of South-South cooperation"
    assert parsed.summary.startswith(
        "The present report is submitted pursuant to General Assembly resolution 75/234"
    )
    assert "technical reasons" not in parsed.summary


def test_it_has_the_86_numbered_paragraphs_of_the_chinese_version_with_the_same_sections():
    chinese = {p.number: p for p in parsed_report().paragraphs}
    assert list(paragraphs()) == list(range(1, 87)) == list(chinese)
    for number, paragraph in paragraphs().items():
        english_path = [ref.number for ref in paragraph.section]
        chinese_path = [ref.number for ref in chinese[number].section]
        assert len(english_path) == len(chinese_path), number
        assert english_path[-1:] == [
            {"一": "I", "二": "II", "三": "III", "四": "IV", "五": "V"}.get(n, n) for n in chinese_path[-1:]
        ]


def test_headings_are_read_as_printed():
    headings = {ref.heading for paragraph in document().paragraphs for ref in paragraph.section}
    assert "Introduction" in headings
    assert "Promoting South-South cooperation in response to climate change" in headings
    assert "Conclusions and recommendations" in headings


@pytest.mark.parametrize("kind", FURNITURE)
def test_no_page_furniture_reaches_a_paragraph(kind):
    for paragraph in document().paragraphs:
        assert not FURNITURE[kind].search(paragraph.text), (kind, paragraph.number)


@pytest.mark.parametrize(
    ("number", "joined"),
    [
        (5, "the United Nations Office for South-South Cooperation, in addition to coordinating"),
        (7, "during the reporting period, but not an exhaustive one, and should be read"),
        (18, "the related stereotyping, discrimination and alienation; some policies"),
        (31, "collective response through South-South cooperation. Over the past four years"),
        (38, "into their strategic frameworks and workplans, and encouraged them to continue"),
        (43, "while the network of UNDP Accelerator Labs in Africa mapped"),
        (81, "Such work should be grounded in a robust results framework"),
    ],
)
def test_a_paragraph_split_by_a_page_break_is_rejoined(number, joined):
    assert joined in paragraphs()[number].text


def test_paragraph_5_runs_on_across_a_page_whose_foot_holds_the_footnotes_of_paragraph_2():
    text = paragraphs()[5].text
    assert text.endswith("other work to promote South-South cooperation.")
    assert not paragraphs()[5].footnotes


def test_footnotes_are_attached_to_the_paragraphs_that_cite_them():
    second = paragraphs()[2].footnotes
    assert [footnote.marker for footnote in second] == ["1", "2"]
    assert second[0].text.startswith('World Health Organization, "Vaccine inequity undermining')
    assert second[0].text.endswith("vaccine-inequity-undermining-global-economic-recovery.")
    assert second[1].text.startswith("World Bank, ")
    (third,) = paragraphs()[33].footnotes
    assert (third.marker, third.text) == (
        "3",
        "See www.iisd.org/projects/alive-adaptation-livelihoods-and-ecosystems-planning-tool.",
    )
    cited = {number for number, paragraph in paragraphs().items() if paragraph.footnotes}
    assert cited == {2, 33}


def test_footnote_markers_after_punctuation_are_removed_from_the_text():
    second = paragraphs()[2].text
    assert "North-South cooperation. Moreover, in 2020" in second
    assert "extreme poverty. In that regard" in second
    assert paragraphs()[33].text.endswith("ecosystem-based adaptation options.")


def test_words_broken_at_a_hyphen_at_the_end_of_a_line_keep_their_hyphen():
    assert "South-South" in paragraphs()[1].text
    assert "High-level Conference" in paragraphs()[1].text
    assert "low- and middle-income countries" in paragraphs()[2].text
