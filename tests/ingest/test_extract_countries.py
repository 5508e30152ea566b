"""The country extractor on the 2021 report and on the traps of Chinese country names."""

from functools import cache

from ingest.extraction.agencies import AgencyReader
from ingest.extraction.countries import find_countries
from ingest.extraction.overlap import country_owners, drop_inside
from tests.conftest import parsed_report


@cache
def report() -> dict[int, str]:
    return {p.number: p.text for p in parsed_report().paragraphs}


def countries_in(number: int) -> set[str]:
    return {span.value for span in find_countries(report()[number])}


def codes(text: str) -> list[str]:
    return [span.value for span in find_countries(text)]


def test_every_span_is_the_text_it_points_at():
    for text in report().values():
        for span in find_countries(text):
            assert text[span.start : span.end] == span.text
            assert span.field == "country"


def test_it_reads_the_countries_of_paragraph_12_including_japan_in_a_partnership_name():
    assert countries_in(12) == {"SOM", "EGY", "BGD", "JPN"}


def test_it_reads_china_in_the_china_ifad_facility():
    assert countries_in(14) == {"CHN"}


def test_it_reads_the_six_cities_countries_and_china_in_paragraph_20():
    assert countries_in(20) == {"CHN", "BGD", "GHA", "MEX", "MAR", "MDA", "UGA"}


def test_it_reads_sri_lanka_twice_in_paragraph_32():
    assert codes(report()[32]) == ["CHN", "ETH", "LKA", "LKA"]


def test_it_reads_the_countries_of_paragraph_33():
    assert countries_in(33) == {"MRT", "NPL", "SYC"}


def test_it_reads_the_mekong_and_latin_american_countries_of_paragraph_34():
    assert countries_in(34) == {"KHM", "CHN", "LAO", "MMR", "ECU", "PRY"}


def test_it_reads_china_and_fiji_but_not_china_in_developing_countries_in_paragraph_35():
    assert countries_in(35) == {"CHN", "FJI"}
    assert codes(report()[35]).count("CHN") == 4


def test_it_reads_the_north_and_central_asian_countries_of_paragraph_45():
    assert countries_in(45) == {"ARM", "GEO", "KGZ", "UZB"}


def test_it_reads_the_netherlands_and_tanzania_by_the_names_the_report_uses():
    assert countries_in(57) == {"CHN", "NLD", "THA", "AFG", "UGA", "TZA"}


def test_it_reads_niger_and_not_nigeria_in_paragraph_58():
    assert countries_in(58) == {"MAR", "CIV", "MDG", "BFA", "NER"}


def test_it_reads_czechia_by_its_old_name_in_paragraph_63():
    assert countries_in(63) == {"CZE", "POL", "RUS", "SVK", "TUR"}


def test_it_does_not_read_the_central_african_republic_in_china_africa_cooperation():
    assert countries_in(78) == {"CHN", "RWA", "SLE"}
    assert "CAF" not in codes("西非和中非的志愿人员")


def test_it_does_not_read_china_inside_developing_countries():
    assert countries_in(10) == set()
    texts = report().values()
    expected = sum(text.count("中国") - text.count("发展中国家") for text in texts)
    assert sum(codes(text).count("CHN") for text in texts) == expected


def test_it_avoids_the_traps_of_names_inside_longer_names():
    assert codes("索马里") == ["SOM"]
    assert codes("印度尼西亚和印度") == ["IDN", "IND"]
    assert codes("尼日尔和尼日利亚") == ["NER", "NGA"]
    assert codes("南苏丹和苏丹") == ["SSD", "SDN"]
    assert codes("刚果民主共和国和刚果") == ["COD", "COG"]
    assert codes("巴布亚新几内亚、几内亚比绍、赤道几内亚和几内亚") == ["PNG", "GNB", "GNQ", "GIN"]
    assert codes("中非共和国") == ["CAF"]
    assert codes("拉美国家和印度洋岛国") == []


def test_it_reads_english_names_as_whole_words():
    text = "Ethiopia, the United Republic of Tanzania, Tanzania, Niger and Nigeria; not Nigerian."
    assert codes(text) == ["ETH", "TZA", "TZA", "NER", "NGA"]


def test_it_keeps_a_country_named_inside_a_national_agency_and_drops_none_for_an_international_one():
    reader = AgencyReader()
    text = "该办公室、巴西合作署和日本国际协力机构共同举办了讲习班。"
    agencies = reader.read(text)
    owners = country_owners(agencies)
    assert {span.value for span in owners} == set()  # 该办公室 is unresolved here: nothing before it
    assert [span.value for span in drop_inside(find_countries(text), owners)] == ["BRA", "JPN"]


def test_only_international_agencies_own_the_country_names_inside_them():
    reader = AgencyReader()
    for number in range(1, 28):
        reader.read(report()[number])
    agencies = reader.read(report()[28])
    assert {span.value for span in agencies} == {"UNOSSC", "JICA", "ISDB"}
    assert {span.value for span in country_owners(agencies)} == {"UNOSSC", "ISDB"}
    assert [span.value for span in drop_inside(find_countries(report()[28]), country_owners(agencies))] == [
        "JPN"
    ]
