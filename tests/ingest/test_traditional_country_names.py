"""Country names in Traditional Chinese as Taiwan and Hong Kong write them, for all 195 countries.

The names are read from CLDR here (Babel's zh_Hant and zh_Hant_HK territories), not copied from
the reference data: a name CLDR gives that the reference data lacks fails, and so does one read
as another country (幾內亞比索 as Guinea). Ingestion turns Traditional text into Simplified before
extraction, so each name is checked both as written and after that conversion.
"""

from functools import cache

import pytest
from babel import Locale

from ingest.extraction.countries import find_countries
from ingest.extraction.pipeline import extract_document
from ingest.parsing import parse_document
from initiatives.reference.files import reference_rows
from initiatives.reference.gazetteer import gazetteer
from initiatives.text import to_simplified


@cache
def countries() -> list[dict]:
    return reference_rows("countries.json")


def cldr_names(locale: str) -> list[tuple[str, str]]:
    territories = Locale.parse(locale).territories
    return [(country["iso3"], territories[country["iso2"]]) for country in countries()]


def read(text: str) -> list[str]:
    return [span.value for span in find_countries(text)]


def test_the_reference_data_holds_195_countries_that_cldr_names():
    names = cldr_names("zh_Hant")
    assert len(names) == 195
    assert all(name for _, name in names)


def expected_reading(iso3: str, name: str) -> list[str]:
    # 密克羅尼西亞 is the CLDR short name of the Federated States of Micronesia and the name of an
    # M49 sub-region: the reference data gives it to the region, and then no country may take it.
    return [] if to_simplified(name) in gazetteer().region_names else [iso3]


@pytest.mark.parametrize(("iso3", "name"), cldr_names("zh_Hant"), ids=lambda value: value)
def test_it_reads_every_taiwan_name_as_its_country(iso3, name):
    sentence = f"2020年，開發署在{name}舉辦了一次講習班。"
    assert read(sentence) == expected_reading(iso3, name)
    assert read(to_simplified(sentence)) == expected_reading(iso3, name)


@pytest.mark.parametrize(("iso3", "name"), cldr_names("zh_Hant_HK"), ids=lambda value: value)
def test_it_reads_every_hong_kong_name_as_its_country(iso3, name):
    sentence = f"開發署與{name}政府合作。"
    assert read(sentence) == expected_reading(iso3, name)
    assert read(to_simplified(sentence)) == expected_reading(iso3, name)


def test_only_micronesia_is_left_to_the_region_of_its_name():
    shared = {iso3 for iso3, name in cldr_names("zh_Hant") if not expected_reading(iso3, name)}
    assert shared == {"FSM"}


def test_guinea_bissau_and_papua_new_guinea_in_taiwan_forms_are_never_guinea():
    text = "開發署支持幾內亞比索、巴布亞紐幾內亞、赤道幾內亞和幾內亞的農民。"
    assert read(text) == ["GNB", "PNG", "GNQ", "GIN"]
    assert read(to_simplified(text)) == ["GNB", "PNG", "GNQ", "GIN"]


def test_the_hong_kong_forms_of_guinea_bissau_and_laos_are_read():
    assert read(to_simplified("幾內亞比紹和老撾")) == ["GNB", "LAO"]


def test_niger_in_the_taiwan_form_is_not_nigeria_and_nigeria_is_not_niger():
    assert read("尼日和奈及利亞") == ["NER", "NGA"]
    assert read(to_simplified("尼日爾和尼日利亞")) == ["NER", "NGA"]


def test_the_taiwan_names_of_the_issue_each_give_one_country():
    expected = {
        "衣索比亞": "ETH", "肯亞": "KEN", "奈及利亞": "NGA", "盧安達": "RWA", "迦納": "GHA", "尚比亞": "ZMB",
        "寮國": "LAO", "萬那杜": "VUT", "索羅門群島": "SLB", "多明尼加": "DOM", "幾內亞比索": "GNB",
        "巴布亞紐幾內亞": "PNG",
    }  # fmt: skip
    for name, iso3 in expected.items():
        assert read(to_simplified(name)) == [iso3], name


def test_a_traditional_paragraph_converted_for_ingestion_keeps_its_countries():
    traditional = "1. 2020年，開發署與衣索比亞、肯亞和盧安達政府合作，在幾內亞比索和萬那杜實施了一個項目。"
    extraction = extract_document(parse_document(to_simplified(traditional)).paragraphs)[0]
    assert set(extraction.countries) == {"ETH", "KEN", "RWA", "GNB", "VUT"}
