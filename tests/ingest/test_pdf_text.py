"""Parsing English and Chinese text taken from UN PDFs, with every kind of page furniture."""

import dataclasses
import datetime
import json
import re
from pathlib import Path

import pytest

from ingest.parsing import Footnote, SectionRef, parse_document
from ingest.services import document_ingest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests/fixtures"
ENGLISH_PATH = FIXTURES / "un_pdf_english_report.txt"
CHINESE_PATH = FIXTURES / "un_pdf_chinese_report.txt"
ENGLISH = parse_document(ENGLISH_PATH.read_text())
CHINESE = parse_document(CHINESE_PATH.read_text())

# Each kind of page furniture the fixtures carry, as it could leak into a paragraph.
FURNITURE = {
    "job number": r"\d{2}-\d{5}",
    "job number line": r"\((?:E|C)\)|100823|041021",
    "page footer": r"\b\d/4\b",
    "barcode": r"\*\d{7}\*",
    "footnote separator": r"___",
    "running header": r"A/78/999|A/76/398",
    "title footnote": r"A/78/150|A/76/150",
    "footnote text": r"A/C\.2/77/SR\.12|UNDP project document|appeal covered|SSC/21/3|开发署项目文件|罗马|SSC/20/3",
}


def paragraph(document, number):
    return next(p for p in document.paragraphs if p.number == number)


def test_the_fixtures_carry_every_kind_of_page_furniture():
    for text in (ENGLISH_PATH.read_text(), CHINESE_PATH.read_text()):
        assert text.count("\f") == 4
        assert all(re.search(pattern, text) for pattern in FURNITURE.values())


@pytest.mark.parametrize("document", [ENGLISH, CHINESE], ids=["English", "Chinese"])
@pytest.mark.parametrize("kind", FURNITURE)
def test_no_page_furniture_reaches_a_paragraph(document, kind):
    leaks = [p.number for p in document.paragraphs if re.search(FURNITURE[kind], p.text)]

    assert leaks == []


@pytest.mark.parametrize("document", [ENGLISH, CHINESE], ids=["English", "Chinese"])
def test_no_page_furniture_reaches_the_title_or_summary(document):
    for kind, pattern in FURNITURE.items():
        assert not re.search(pattern, document.title + document.summary), kind


def test_the_english_header_block_gives_symbol_session_agenda_item_date_and_original_language():
    assert (ENGLISH.kind, ENGLISH.symbol, ENGLISH.language, ENGLISH.original_language) == (
        "report",
        "A/78/999",
        "en",
        "en",
    )
    assert (ENGLISH.session, ENGLISH.agenda_item) == ("Seventy-eighth session", "20 (b)")
    assert ENGLISH.date == datetime.date(2023, 8, 10)
    assert ENGLISH.title == "South-South cooperation for food security and rural development"
    assert ENGLISH.summary == (
        "The present report is submitted pursuant to General Assembly resolution 77/185. It describes how "
        "entities of the United Nations development system supported South-South and triangular cooperation "
        "in food security, agriculture and rural development from January 2022 to June 2023."
    )


def test_the_chinese_header_block_gives_symbol_session_agenda_item_date_and_original_language():
    assert (CHINESE.kind, CHINESE.symbol, CHINESE.language, CHINESE.original_language) == (
        "report",
        "A/76/398",
        "zh",
        "en",
    )
    assert (CHINESE.session, CHINESE.agenda_item) == ("第七十六届会议", "24 (a)")
    assert CHINESE.date == datetime.date(2021, 10, 4)
    assert CHINESE.title == "农业发展领域的南南合作和三方合作"
    assert CHINESE.summary.endswith("并就如何扩大此类合作提出了建议。")


def test_a_chinese_header_that_says_original_in_chinese_is_read():
    text = "联合国  A/76/1\n中文\n原文：法文\n第七十六届会议\n\n一. 引言\n\n1. 本报告。"

    assert parse_document(text).original_language == "fr"


def test_an_english_paragraph_split_by_a_page_break_with_footnotes_between_is_rejoined_exactly():
    assert paragraph(ENGLISH, 4).text == (
        "In 2022, the International Fund for Agricultural Development financed 14 South-South and triangular "
        "cooperation projects, which reached 1.2 million rural households. The Fund supported farmers' "
        "organizations in Ethiopia, Malawi and the United Republic of Tanzania through its rural solutions "
        "portal and the South-South knowledge exchange programme, which brought together 340 practitioners "
        "from 28 countries."
    )


def test_a_chinese_paragraph_split_by_a_page_break_with_footnotes_between_is_rejoined_exactly():
    assert paragraph(CHINESE, 4).text == (
        "2020 年，国际农业发展基金(农发基金)资助了 14 个南南合作和三方合作项目，惠及 120 万个农村家庭。"
        "农发基金通过其农村解决方案门户网站和南南知识交流方案，为埃塞俄比亚、马拉维和坦桑尼亚联合共和国的"
        "农民组织提供了支持。"
    )


def test_english_footnotes_are_attached_to_the_paragraphs_that_cite_them():
    cited = {p.number: list(p.footnotes) for p in ENGLISH.paragraphs if p.footnotes}

    assert cited == {
        1: [Footnote("1", "See A/C.2/77/SR.12.")],
        4: [
            Footnote(
                "2",
                'See the UNDP project document "Rural solutions for smallholder farmers", available at www.undp.org.',
            )
        ],
        5: [Footnote("*", "The appeal covered Burkina Faso, Mali and the Niger.")],
        8: [
            Footnote(
                "3",
                "See the report of the High-level Committee on South-South Cooperation on its twenty-first "
                "session (SSC/21/3).",
            )
        ],
    }


def test_chinese_footnotes_are_attached_to_the_paragraphs_that_cite_them():
    cited = {p.number: list(p.footnotes) for p in CHINESE.paragraphs if p.footnotes}

    assert cited == {
        2: [Footnote("1", "粮农组织，《2021 年世界粮食安全和营养状况》(罗马，2021 年)。")],
        4: [Footnote("2", "见开发署项目文件“小农农村解决方案”，可查阅www.undp.org。")],
        7: [Footnote("3", "见南南合作高级别委员会第二十届会议的报告(SSC/20/3)。")],
    }


def test_english_footnote_markers_after_a_word_or_punctuation_are_removed_from_the_text():
    assert "as reflected in its summary record. Member States asked" in paragraph(ENGLISH, 1).text
    assert "through the Consolidated Appeal and through its centres" in paragraph(ENGLISH, 5).text
    assert paragraph(ENGLISH, 8).text.endswith("as the high-level committee noted in May 2023.")


def test_chinese_footnote_numbers_printed_as_plain_digits_are_removed_from_the_text():
    assert paragraph(CHINESE, 2).text == (
        "2020 年，COVID-19 大流行使粮食不安全人数增加了约 1.18 亿。发展中国家因此更加重视在农业和粮食体系方面相互学习。"
    )
    assert paragraph(CHINESE, 7).text == "南南合作已成为发展中国家分享粮食安全解决办法的一个主要渠道。"


def test_english_superscript_markers_are_removed_too():
    text = "United Nations  A/78/1\n\nI. Introduction\n\n1. The meeting was held in Nairobi.¹ It ended.\n\n¹ See A/78/2."

    first = parse_document(text).paragraphs[0]

    assert (first.text, first.footnotes) == (
        "The meeting was held in Nairobi. It ended.",
        (Footnote("1", "See A/78/2."),),
    )


def test_a_number_after_an_abbreviation_is_not_taken_for_a_footnote_citation():
    text = (
        "I. Introduction\n\n1. As set out in para. 1 above, the Fund grew.\n\n"
        "2. Its report followed.1\n\n__________\n1 See A/78/2."
    )

    first, second = parse_document(text).paragraphs

    assert (first.text, first.footnotes) == ("As set out in para. 1 above, the Fund grew.", ())
    assert (second.text, [f.marker for f in second.footnotes]) == ("Its report followed.", ["1"])


@pytest.mark.parametrize(
    ("document", "numbers"),
    [(ENGLISH, list(range(1, 10))), (CHINESE, list(range(1, 9)))],
    ids=["English", "Chinese"],
)
def test_paragraph_numbers_run_on_across_pages_without_warnings(document, numbers):
    assert [p.number for p in document.paragraphs] == numbers
    assert [p.order for p in document.paragraphs] == numbers
    assert document.warnings == ()


def test_roman_and_letter_headings_set_each_english_paragraph_section():
    chapter_two = SectionRef(
        "II", "Support of the United Nations development system to South-South and triangular cooperation"
    )

    assert paragraph(ENGLISH, 1).section == (SectionRef("I", "Introduction"),)
    assert paragraph(ENGLISH, 4).section == (chapter_two, SectionRef("A", "Food security and agriculture"))
    assert paragraph(ENGLISH, 6).section == (chapter_two, SectionRef("B", "Rural development and resilience"))
    assert paragraph(ENGLISH, 9).section == (SectionRef("III", "Conclusions and recommendations"),)


def test_chinese_headings_set_each_paragraph_section():
    assert paragraph(CHINESE, 5).section == (
        SectionRef("二", "联合国发展系统对农业领域南南合作的支持"),
        SectionRef("A", "粮食安全和农业"),
    )
    assert paragraph(CHINESE, 8).section == (SectionRef("三", "结论和建议"),)


@pytest.mark.parametrize("path", [ENGLISH_PATH, CHINESE_PATH], ids=["English", "Chinese"])
def test_text_copied_from_a_pdf_reader_without_form_feeds_or_indentation_parses_the_same(path):
    text = path.read_text()
    copied = "\n".join(line.strip() for line in text.replace("\f", "\n").splitlines())

    assert parse_document(copied) == parse_document(text)


@pytest.mark.parametrize("path", [ENGLISH_PATH, CHINESE_PATH], ids=["English", "Chinese"])
def test_a_page_without_running_header_or_footer_still_ends_its_footnotes(path):
    text = path.read_text()
    bare = re.sub(r"(?m)^\s*(?:A/7\d/\d{3}|\d/4\s+\d{2}-\d{5}|\d{2}-\d{5}\s+\d/4)\s*$", "", text)

    assert bare != text
    assert parse_document(bare).paragraphs == parse_document(text).paragraphs


def test_the_bundled_documents_parse_exactly_as_they_did_before_pdf_text_was_cleaned():
    recorded = json.loads((FIXTURES / "expected/parsed_bundled_documents.json").read_text())

    for name, expected in recorded.items():
        parsed = dataclasses.asdict(parse_document((ROOT / "data/reports" / name).read_text()))
        parsed = json.loads(json.dumps(parsed, ensure_ascii=False, default=str))

        assert {key: parsed[key] for key in expected} == expected, name
    assert [len(expected["paragraphs"]) for expected in recorded.values()] == [86, 17]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "symbol", "language", "count"),
    [(ENGLISH_PATH, "A/78/999", "en", 9), (CHINESE_PATH, "A/76/398", "zh", 8)],
    ids=["English", "Chinese"],
)
def test_an_ingested_pdf_text_keeps_no_page_furniture_in_its_paragraphs(path, symbol, language, count):
    document = document_ingest(path=path).document

    texts = list(document.paragraphs.values_list("text", flat=True))
    assert (document.symbol, document.language, len(texts)) == (symbol, language, count)
    for kind in ("job number", "job number line", "page footer", "barcode", "footnote separator"):
        assert not [text for text in texts if re.search(FURNITURE[kind], text)], kind


def test_a_first_page_job_number_line_and_barcode_do_not_reach_a_paragraph_that_runs_on():
    text = (
        "联合国  A/76/398\n\n一. 引言\n\n1. 本报告介绍联合国各实体开展南南合作\n\n"
        "__________\n* A/76/150。\n\n21-14085 (C)    041021    061021\n*2114085*\n\f2/4    21-14085\n\n"
        "的情况。\n\n2. 报告最后提出建议。"
    )

    assert [p.text for p in parse_document(text).paragraphs] == [
        "本报告介绍联合国各实体开展南南合作的情况。",
        "报告最后提出建议。",
    ]


def test_two_markers_side_by_side_both_leave_an_english_sentence():
    text = (
        "I. Introduction\n\n1. The meeting was held in Nairobi.*¹ It ended.\n\n"
        "__________\n* Postponed from 2022.\n¹ See A/78/2."
    )

    first = parse_document(text).paragraphs[0]

    assert first.text == "The meeting was held in Nairobi. It ended."
    assert [f.marker for f in first.footnotes] == ["*", "1"]
