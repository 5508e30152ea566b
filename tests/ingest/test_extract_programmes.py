"""The programme extractor on the 2021 report, on the 2022 report written for the tests and on English
sentences written from the reports' patterns: which funds are named, which act, and which agency
comes with them (only the one the text names or says manages the fund)."""

from functools import cache

from ingest.extraction.pipeline import extract_document
from ingest.extraction.programmes import find_programmes, programme_entries
from ingest.parsing import ParsedParagraph
from initiatives.reference.files import reference_rows
from tests.conftest import FIXTURES, extracted_report

SECOND_YEAR = FIXTURES / "reports" / "A-77-297_zh.txt"


@cache
def by_number(path=None) -> dict:
    pairs = extracted_report(path) if path else extracted_report()
    return {paragraph.number: (paragraph.text, extraction) for paragraph, extraction in pairs}


def extract(*texts: str):
    paragraphs = [
        ParsedParagraph(order=i, number=i + 1, section=(), text=text, footnotes=())
        for i, text in enumerate(texts)
    ]
    return extract_document(paragraphs)


def test_every_span_is_the_text_it_points_at():
    for text, _ in by_number().values():
        for span in find_programmes(text):
            assert text[span.start : span.end] == span.text
            assert span.field == "programme"


def test_every_managing_agency_is_an_agency_of_the_reference_data():
    agencies = {row["code"] for row in reference_rows("agencies.json")}
    for entry in programme_entries().values():
        assert entry.agency == "" or entry.agency in agencies, entry.code
        assert entry.kind in {"fund", "facility", "programme", "platform"}


def test_it_reads_the_china_ifad_facility_and_its_funding_in_paragraph_14():
    text, extraction = by_number()[14]
    (initiative,) = [i for i in extraction.initiatives if i.programmes]
    assert initiative.programmes == ("CHINA-IFAD-FACILITY",)
    # 农发基金 is written in the facility's name: the text names IFAD.
    assert "IFAD" in initiative.agencies
    assert initiative.funding_usd == 4_000_000


def test_it_reads_the_fao_china_trust_fund_under_both_its_names_in_paragraph_64():
    text, extraction = by_number()[64]
    spans = [s for s in extraction.spans if s.field == "programme"]
    assert [s.text for s in spans] == ["粮农组织-中国信托基金", "粮农组织-中国南南合作方案"]
    assert {s.value for s in spans} == {"FAO-CHINA-TRUST-FUND"}
    first, second = extraction.initiatives[:2]
    assert first.programmes == second.programmes == ("FAO-CHINA-TRUST-FUND",)
    assert first.funding_usd == 80_000_000


def test_it_reads_youth4south_south_south_galaxy_and_the_unido_fund():
    assert by_number()[78][1].programmes == ("YOUTH4SOUTH",)
    assert by_number()[71][1].programmes == ("SS-GALAXY",)
    assert by_number()[43][1].programmes == ("SS-GALAXY", "SS-GLOBAL-THINKERS")
    assert by_number()[35][1].programmes == ("UNIDO-CHINA-FUND",)


def test_a_paragraph_naming_no_fund_has_none():
    assert by_number()[13][1].programmes == ()
    assert all(not i.programmes for i in by_number()[13][1].initiatives)


def test_the_longest_name_wins():
    spans = find_programmes("粮农组织-中国南南合作信托基金第三阶段")
    assert [(s.text, s.value) for s in spans] == [("粮农组织-中国南南合作信托基金", "FAO-CHINA-TRUST-FUND")]


def test_a_fund_that_acts_alone_is_the_actor_and_brings_no_agency():
    _, extraction = by_number(SECOND_YEAR)[9]
    (initiative,) = extraction.initiatives
    assert initiative.title.startswith("印巴南基金：")
    assert initiative.programmes == ("IBSA-FUND",)
    # The reference data says UNOSSC manages the fund; this paragraph does not.
    assert initiative.agencies == ()
    assert initiative.funding_usd == 50_600_000


def test_a_fund_the_text_says_an_agency_manages_brings_that_agency():
    _, extraction = by_number(SECOND_YEAR)[8]
    (initiative,) = extraction.initiatives
    assert initiative.programmes == ("IBSA-FUND",)
    assert initiative.agencies == ("UNOSSC",)
    assert initiative.funding_usd == 8_600_000
    assert any(s.field == "agency" and s.text == "联合国南南合作办公室" for s in initiative.spans)


def test_the_words_of_a_funds_long_name_are_not_an_unlisted_organisation():
    (extraction,) = extract(
        "印度、巴西和南非减贫和消除饥饿基金(印巴南基金)在 2021 年为 8 个新项目拨款 860 万美元。"
    )
    assert extraction.organisations == ()
    assert extraction.programmes == ("IBSA-FUND",)
    (initiative,) = extraction.initiatives
    assert initiative.agencies == ()


def test_the_second_year_report_names_every_followed_programme():
    named = {code for _, extraction in by_number(SECOND_YEAR).values() for code in extraction.programmes}
    assert {
        "FAO-CHINA-TRUST-FUND",
        "CHINA-IFAD-FACILITY",
        "IBSA-FUND",
        "INDIA-UN-FUND",
        "YOUTH4SOUTH",
        "SS-GALAXY",
    } <= named


def test_english_names_match_as_whole_words():
    spans = find_programmes(
        "The IBSA Fund and the India-UN Development Partnership Fund worked with South-South Galaxy "
        "and Youth4South; the FAO-China South-South Cooperation Programme too."
    )
    assert [s.value for s in spans] == [
        "IBSA-FUND",
        "INDIA-UN-FUND",
        "SS-GALAXY",
        "YOUTH4SOUTH",
        "FAO-CHINA-TRUST-FUND",
    ]
    assert find_programmes("The IBSA Funds") == []


def test_an_english_fund_as_the_actor_makes_an_initiative_without_an_agency():
    allocated, committed, managed = extract(
        "The IBSA Fund has allocated $50.6 million to 45 projects in 37 countries.",
        "The India-United Nations Development Partnership Fund has so far committed $100 million to 75 projects.",
        "The IBSA Fund, managed by the United Nations Office for South-South Cooperation, allocated "
        "$8.6 million to eight new projects in 2021.",
    )
    (initiative,) = allocated.initiatives
    assert initiative.title.startswith("IBSA Fund: allocated $50.6 million")
    assert (initiative.programmes, initiative.agencies) == (("IBSA-FUND",), ())
    assert initiative.funding_usd == 50_600_000
    (initiative,) = committed.initiatives
    assert (initiative.programmes, initiative.agencies) == (("INDIA-UN-FUND",), ())
    (initiative,) = managed.initiatives
    assert (initiative.programmes, initiative.agencies) == (("IBSA-FUND",), ("UNOSSC",))
