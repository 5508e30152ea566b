"""The region extractor on the 2021 report, alone and with the regions inside agency names dropped."""

from functools import cache
from pathlib import Path

from ingest.extraction.agencies import AgencyReader
from ingest.extraction.overlap import drop_inside
from ingest.extraction.regions import find_regions
from ingest.parsing import parse_document

REPORT = (
    Path(__file__).resolve().parents[2]
    / "data"
    / "reports"
    / "A-76-403_state-of-south-south-cooperation_2021_zh.txt"
)


@cache
def report() -> dict[int, str]:
    document = parse_document(REPORT.read_text(encoding="utf-8"))
    return {p.number: p.text for p in document.paragraphs}


@cache
def agency_spans() -> dict[int, list]:
    reader = AgencyReader()
    return {number: reader.read(text) for number, text in report().items()}


def regions_in(number: int) -> set[str]:
    """The regions of a paragraph once those inside organisations' names are dropped."""
    text = report()[number]
    return {span.value for span in drop_inside(find_regions(text), agency_spans()[number])}


def test_every_span_is_the_text_it_points_at():
    for text in report().values():
        for span in find_regions(text):
            assert text[span.start : span.end] == span.text
            assert span.field == "region"


def test_it_reads_the_global_south():
    assert regions_in(8) == {"global-south"}


def test_it_reads_africa_but_not_inside_the_african_union_or_its_bank():
    text = report()[11]
    assert [s.text for s in find_regions(text)].count("非洲") == 5
    kept = drop_inside(find_regions(text), agency_spans()[11])
    assert [s.text for s in kept] == ["非洲", "非洲区域", "非洲"]
    assert {s.value for s in kept} == {"africa"}


def test_it_reads_the_arab_states_region_and_not_west_asia_inside_escwa():
    assert regions_in(15) == {"arab-states", "europe-cis"}


def test_it_reads_africa_in_paragraph_20():
    assert regions_in(20) == {"africa"}


def test_it_reads_west_and_middle_africa_in_paragraph_29():
    assert regions_in(29) == {"west-africa", "central-africa"}


def test_it_reads_the_greater_mekong_subregion():
    assert regions_in(34) == {"greater-mekong"}


def test_it_reads_the_pacific_islands():
    assert regions_in(35) == {"pacific-islands"}


def test_it_reads_landlocked_and_small_island_developing_states_as_themselves():
    assert regions_in(36) == {"lldc", "sids"}


def test_it_reads_asia_pacific_but_not_inside_escap():
    assert "asia-pacific" in regions_in(45)
    escap = [s for s in agency_spans()[45] if s.value == "ESCAP"]
    assert all(
        not (a.start <= r.start and r.end <= a.end)
        for a in escap
        for r in drop_inside(find_regions(report()[45]), escap)
    )


def test_it_counts_the_caribbean_community_as_an_organisation_not_also_as_a_grouping():
    assert "caricom" in {s.value for s in find_regions(report()[48])}
    assert regions_in(48) == set()


def test_it_reads_no_region_in_china_africa_cooperation():
    assert regions_in(78) == set()
    assert find_regions("中非农业合作国际方案") == []
    assert find_regions("中非共和国") == []


def test_it_does_not_read_west_asia_inside_indonesia():
    assert regions_in(55) == {"africa"}
    assert find_regions("印度尼西亚和马来西亚") == []


def test_it_does_not_read_the_americas_inside_ibero_america():
    assert regions_in(83) == {"global-south"}


def test_it_reads_the_least_developed_countries():
    assert regions_in(84) == {"ldc"}


def test_it_reads_latin_america_and_the_caribbean_as_one_region():
    spans = find_regions(report()[57])
    assert ("拉丁美洲和加勒比", "latin-america-caribbean") in [(s.text, s.value) for s in spans]
    assert "加勒比" not in [s.text for s in spans]
