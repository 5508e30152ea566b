"""The committed country and region reference data keeps the promises the extractors and the loader rely on."""

from collections import defaultdict

import pytest

from initiatives.models import Country, Initiative, Region
from initiatives.reference.files import reference_rows
from initiatives.reference.loading import reference_load
from tests.conftest import report_text

COUNTRIES = reference_rows("countries.json")
REGIONS = reference_rows("regions.json")
MANUAL = reference_rows("countries_manual.json")
BY_ISO3 = {country["iso3"]: country for country in COUNTRIES}
BY_CODE = {region["code"]: region for region in REGIONS}

# The 54 countries the 2021 report names, spelled as the report spells them.
NAMED_IN_2021_REPORT = {
    "阿富汗": "AFG",
    "阿根廷": "ARG",
    "亚美尼亚": "ARM",
    "布基纳法索": "BFA",
    "孟加拉国": "BGD",
    "巴林": "BHR",
    "巴西": "BRA",
    "中国": "CHN",
    "科特迪瓦": "CIV",
    "刚果": "COG",
    "捷克共和国": "CZE",
    "德国": "DEU",
    "厄瓜多尔": "ECU",
    "埃及": "EGY",
    "埃塞俄比亚": "ETH",
    "斐济": "FJI",
    "格鲁吉亚": "GEO",
    "加纳": "GHA",
    "印度尼西亚": "IDN",
    "印度": "IND",
    "约旦": "JOR",
    "日本": "JPN",
    "肯尼亚": "KEN",
    "吉尔吉斯斯坦": "KGZ",
    "柬埔寨": "KHM",
    "科威特": "KWT",
    "老挝人民民主共和国": "LAO",
    "黎巴嫩": "LBN",
    "斯里兰卡": "LKA",
    "摩洛哥": "MAR",
    "摩尔多瓦共和国": "MDA",
    "马达加斯加": "MDG",
    "墨西哥": "MEX",
    "缅甸": "MMR",
    "毛里塔尼亚": "MRT",
    "尼日尔": "NER",
    "荷兰": "NLD",
    "尼泊尔": "NPL",
    "秘鲁": "PER",
    "波兰": "POL",
    "巴拉圭": "PRY",
    "俄罗斯联邦": "RUS",
    "卢旺达": "RWA",
    "塞拉利昂": "SLE",
    "索马里": "SOM",
    "斯洛伐克": "SVK",
    "塞舌尔": "SYC",
    "泰国": "THA",
    "突尼斯": "TUN",
    "土耳其": "TUR",
    "坦桑尼亚联合共和国": "TZA",
    "乌干达": "UGA",
    "乌兹别克斯坦": "UZB",
    "南非": "ZAF",
}


def country_by_chinese_name() -> dict[str, list[str]]:
    owners = defaultdict(list)
    for country in COUNTRIES:
        for name in [country["name_zh"], *country["aliases_zh"]]:
            owners[name].append(country["iso3"])
    return owners


def members(code: str) -> set[str]:
    return {country["iso3"] for country in COUNTRIES if code in country["groupings"]}


def test_it_lists_the_193_member_states_and_the_two_observer_states():
    assert len(COUNTRIES) == 195
    assert sum(country["is_member_state"] for country in COUNTRIES) == 193
    observers = {country["iso3"] for country in COUNTRIES if not country["is_member_state"]}
    assert observers == {"PSE", "VAT"}
    assert BY_ISO3["PSE"]["name_zh"] == "巴勒斯坦国"


def test_iso3_iso2_and_m49_codes_are_unique_and_well_formed():
    for field, length in (("iso3", 3), ("iso2", 2), ("m49", 3)):
        codes = [country[field] for country in COUNTRIES]
        assert len(set(codes)) == len(codes), field
        assert all(len(code) == length for code in codes), field
    assert all(country["m49"].isdigit() for country in COUNTRIES)
    assert BY_ISO3["AFG"]["m49"] == "004"


def test_no_chinese_name_or_alias_belongs_to_two_countries():
    shared = {name: isos for name, isos in country_by_chinese_name().items() if len(isos) > 1}
    assert shared == {}


def test_no_english_name_or_alias_belongs_to_two_countries():
    owners = defaultdict(set)
    for country in COUNTRIES:
        for name in [country["name_en"], *country["aliases_en"]]:
            owners[name.casefold()].add(country["iso3"])
    assert {name: isos for name, isos in owners.items() if len(isos) > 1} == {}


def test_every_country_the_2021_report_names_resolves_by_the_name_the_report_uses():
    report = report_text()
    owners = country_by_chinese_name()
    assert len(set(NAMED_IN_2021_REPORT.values())) == 54
    for name, iso3 in NAMED_IN_2021_REPORT.items():
        assert name in report, name
        assert owners.get(name) == [iso3], name


def test_older_and_short_chinese_forms_resolve_to_the_current_country():
    owners = country_by_chinese_name()
    for name, iso3 in {
        "捷克共和国": "CZE",
        "荷兰": "NLD",
        "马其顿": "MKD",
        "坦桑尼亚": "TZA",
        "老挝": "LAO",
        "朝鲜": "PRK",
        "韩国": "KOR",
        "刚果（布）": "COG",
        "刚果(布)": "COG",
        "刚果（金）": "COD",
        "刚果(金)": "COD",
        "俄罗斯": "RUS",
    }.items():
        assert owners.get(name) == [iso3], name


def test_every_region_subregion_and_grouping_a_country_names_exists():
    # Africa's 002 and Latin America and the Caribbean's 419 are carried by the groupings that are those areas.
    m49_of_kind = defaultdict(set)
    for region in REGIONS:
        m49_of_kind[region["kind"]].add(region["m49"])
    areas = m49_of_kind["m49_region"] | m49_of_kind["m49_subregion"] | m49_of_kind["grouping"]
    groupings = {region["code"] for region in REGIONS if region["kind"] == "grouping"}
    for country in COUNTRIES:
        assert country["region"] in areas, country["iso3"]
        assert country["subregion"] in areas, country["iso3"]
        assert set(country["groupings"]) <= groupings, country["iso3"]


def test_every_region_has_a_chinese_name_and_an_existing_parent():
    codes = {region["code"] for region in REGIONS}
    for region in REGIONS:
        assert region["name_zh"] and region["name_en"], region["code"]
        assert region["parent"] is None or region["parent"] in codes, region["code"]
    assert {region["code"] for region in REGIONS if region["kind"] == "m49_region"} == {
        "m49-009",
        "m49-019",
        "m49-142",
        "m49-150",
    }
    assert BY_CODE["m49-202"]["parent"] == "africa"
    assert BY_CODE["latin-america-caribbean"]["parent"] == "m49-019"


def test_no_two_regions_share_a_name_in_either_language():
    for language in ("zh", "en"):
        names = [region[f"name_{language}"] for region in REGIONS]
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert BY_CODE["africa"]["m49"] == "002" and "m49-002" not in BY_CODE
    assert BY_CODE["latin-america-caribbean"]["m49"] == "419" and "m49-419" not in BY_CODE


def test_no_chinese_name_or_alias_names_two_regions():
    holders = defaultdict(set)
    for region in REGIONS:
        for name in [region["name_zh"], *region["aliases_zh"]]:
            holders[name].add(region["code"])
    assert {name: codes for name, codes in holders.items() if len(codes) > 1} == {}


def test_every_region_says_how_a_country_counts_in_it():
    memberships = {region["code"]: region["membership"] for region in REGIONS}
    assert set(memberships.values()) == {"whole_countries", "partial_or_programme"}
    for region in REGIONS:
        if region["kind"] != "grouping":
            assert region["membership"] == "whole_countries", region["code"]
    # The kinds of grouping whose membership is of whole countries.
    for code in ("africa", "arab-states", "ldc", "lldc", "sids", "latin-america-caribbean"):
        assert memberships[code] == "whole_countries", code
    # A grouping that covers part of a country, names a programme's reach, or has no member list.
    for code in ("greater-mekong", "asia-pacific", "europe-cis", "global-south"):
        assert memberships[code] == "partial_or_programme", code


def test_china_is_only_partly_inside_the_greater_mekong_subregion_and_no_member_of_it():
    mekong = BY_CODE["greater-mekong"]
    assert mekong["partly_inside"] == ["CHN"]
    assert members("greater-mekong") == {"KHM", "LAO", "MMR", "THA", "VNM"}
    assert "greater-mekong" not in BY_ISO3["CHN"]["groupings"]


def test_only_groupings_of_part_of_a_country_list_countries_partly_inside():
    for region in REGIONS:
        assert set(region["partly_inside"]) <= set(BY_ISO3), region["code"]
        assert not set(region["partly_inside"]) & members(region["code"]), region["code"]
        if region["membership"] == "whole_countries":
            assert region["partly_inside"] == [], region["code"]


def test_the_ldc_grouping_holds_the_44_countries_of_the_un_list():
    assert members("ldc") == set(MANUAL["groupings"]["ldc"]["members"])
    assert len(members("ldc")) == 44
    assert "BTN" not in members("ldc") and "STP" not in members("ldc")


def test_the_un_office_lists_give_32_landlocked_and_38_small_island_member_states():
    assert len(members("lldc")) == 32
    assert len(members("sids")) == 38
    assert all(BY_ISO3[iso3]["is_member_state"] for iso3 in members("sids"))


def test_the_league_of_arab_states_has_22_members_including_palestine():
    assert len(members("arab-states")) == 22
    assert "PSE" in members("arab-states")


def test_ethiopia_is_in_africa_and_among_the_least_developed_countries():
    assert {"africa", "ldc", "lldc"} <= set(BY_ISO3["ETH"]["groupings"])
    assert BY_ISO3["ETH"]["region"] == "002"


def test_fiji_is_a_small_island_developing_state_among_the_pacific_islands():
    assert {"sids", "pacific-islands", "asia-pacific"} <= set(BY_ISO3["FJI"]["groupings"])
    assert "pacific-islands" not in BY_ISO3["AUS"]["groupings"]


def test_global_south_is_a_grouping_without_members():
    assert any(region["code"] == "global-south" for region in REGIONS)
    assert members("global-south") == set()


def test_records_and_aliases_are_written_in_a_stable_order():
    assert [country["iso3"] for country in COUNTRIES] == sorted(BY_ISO3)
    assert [region["code"] for region in REGIONS] == sorted(region["code"] for region in REGIONS)
    for record in COUNTRIES + REGIONS:
        assert record["aliases_zh"] == sorted(record["aliases_zh"])
        assert record["aliases_en"] == sorted(record["aliases_en"])


@pytest.mark.django_db
def test_loading_merges_a_region_the_file_no_longer_lists_into_the_one_carrying_its_m49_code(bundled):
    old = Region.objects.create(
        code="m49-002", kind="m49_region", m49="002", name_zh="非洲", name_en="Africa"
    )
    initiative = Initiative.objects.filter(is_active=True).exclude(regions__code="africa").first()
    initiative.regions.add(old)
    reference_load()
    assert not Region.objects.filter(code="m49-002").exists()
    assert initiative.regions.filter(code="africa").exists()
    assert Region.objects.filter(name_en="Africa").count() == 1


@pytest.mark.django_db
def test_loading_gives_each_region_its_membership_and_china_no_place_in_the_mekong(bundled):
    mekong = Region.objects.get(code="greater-mekong")
    assert mekong.membership == Region.Membership.PARTIAL_OR_PROGRAMME
    assert mekong.partly_inside == ["CHN"]
    assert set(mekong.member_countries.values_list("iso3", flat=True)) == {"KHM", "LAO", "MMR", "THA", "VNM"}
    assert Region.objects.get(code="ldc").membership == Region.Membership.WHOLE_COUNTRIES
    assert Country.objects.get(iso3="ETH").region.code == "africa"
    assert Country.objects.get(iso3="BRA").subregion.code == "latin-america-caribbean"
