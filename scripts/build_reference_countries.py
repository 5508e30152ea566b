"""Build data/reference/countries.json and regions.json from the UNTERM/M49 table and the hand-kept file.

The 193 UN Member States and the two observer States come from the countries and territories
table that the PyPI package ``hdx-python-country`` ships (UNTERM short names in English and
Chinese, ISO codes, M49 codes, regions and sub-regions); Babel's CLDR names add English and
Chinese aliases, and its zh_Hant (Taiwan) and zh_Hant_HK (Hong Kong) names give the Traditional
forms (衣索比亞, 肯亞, 幾內亞比索, 老撾) both as written and converted to Simplified characters with
OpenCC (衣索比亚, 几内亚比索), since ingestion turns Traditional text into Simplified before
extraction; ``data/reference/countries_manual.json`` adds older UN forms and common short
forms, the Chinese names of the M49 areas and the groupings the reports use. A country's
``region`` and ``subregion`` are its M49 region and sub-region codes (Africa's intermediate
regions are not sub-regions here; West and Central Africa are groupings). A grouping that is an M49
area (Africa, Latin America and the Caribbean) is written once, under the grouping's code, so that
no two regions share a name. Each region says how a country's initiatives count in it
(``membership``, see ``countries_manual.json``). The packages are tools
of this script only, installed apart from the project::

    python3 -m venv /tmp/refvenv && /tmp/refvenv/bin/pip install hdx-python-country babel opencc==1.4.2
    /tmp/refvenv/bin/python scripts/build_reference_countries.py
"""

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import hdx.location
import opencc
from babel import Locale

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"
TAXONOMY_CSV = Path(hdx.location.__file__).parent / "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"
OBSERVER_STATES = {"PSE", "VAT"}
# The CLDR locales whose names the Traditional Chinese reports of Taiwan and Hong Kong use.
TRADITIONAL_LOCALES = ("zh_Hant", "zh_Hant_HK")
_T2S = opencc.OpenCC("t2s")
WHOLE_COUNTRIES = "whole_countries"
MEMBERSHIPS = {WHOLE_COUNTRIES, "partial_or_programme"}
# Columns of the table that hold other English forms worth matching in text; the ISO
# alternative terms ("Congo (the)") are left out as they never occur in prose.
ENGLISH_ALIAS_COLUMNS = (
    "Preferred Term",
    "M49 English",
    "RW Short Name",
    "HPC Tools Alt Term",
    "DGACM Alt Term",
    "RW API Alt Term",
)


class ReferenceDataError(Exception):
    """The sources disagree with what the reference data promises (counts, unique names)."""


def taxonomy_rows(*, path: Path = TAXONOMY_CSV) -> list[dict[str, str]]:
    """The rows of the table that UNTERM lists: sovereign States and a few associated ones."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["Appears in UNTERM list"] == "Y"]


def m49_code(value: str) -> str:
    return value.strip().zfill(3) if value.strip() else ""


def with_ascii_brackets(names: set[str]) -> set[str]:
    """Add the half-width form of every name written with full-width brackets: 刚果（布） -> 刚果(布)."""
    return names | {name.replace("（", "(").replace("）", ")") for name in names if "（" in name}


def region_names(*, manual: dict, rows: list[dict[str, str]]) -> set[str]:
    """Every name and alias of an M49 area or grouping, in both languages, lowercased."""
    names = {row["Region Name"] for row in rows} | {row["Sub-region Name"] for row in rows}
    for area in manual["m49_areas"].values():
        names |= {area["name_zh"], *area.get("aliases_zh", [])}
    for grouping in manual["groupings"].values():
        names |= {grouping["name_zh"], grouping["name_en"], *grouping["aliases_zh"], *grouping["aliases_en"]}
    return {name.casefold() for name in names}


def grouping_members(*, manual: dict, rows: list[dict[str, str]]) -> dict[str, set[str]]:
    """ISO3 codes of each grouping's members: its explicit list plus the countries of its M49 areas."""
    members = {}
    for code, grouping in manual["groupings"].items():
        areas = set(grouping.get("m49_areas", []))
        from_areas = {
            row["ISO 3166-1 Alpha 3-Codes"]
            for row in rows
            if areas
            & {
                m49_code(row[column])
                for column in ("Region Code", "Sub-region Code", "Intermediate Region Code")
            }
        }
        members[code] = set(grouping.get("members", [])) | from_areas
    return members


def simplified(text: str) -> str:
    return _T2S.convert(text)


def traditional_names(*, locales=TRADITIONAL_LOCALES) -> dict[str, set[str]]:
    """Each ISO2 code's Traditional names from CLDR, as written and in Simplified characters (OpenCC t2s)."""
    names: dict[str, set[str]] = defaultdict(set)
    for locale in locales:
        for iso2, name in Locale.parse(locale).territories.items():
            forms = {name}
            if name.endswith("共和國") and len(name) > 5:
                # Taiwan says 多明尼加 for 多明尼加共和國 as the Mainland says 多米尼加; a short form
                # that names a region (中非) is dropped with the other region names.
                forms.add(name.removesuffix("共和國"))
            names[iso2] |= forms | {simplified(form) for form in forms}
    return names


def build_countries(
    *,
    rows: list[dict[str, str]],
    manual: dict,
    zh_names: dict[str, str],
    en_names: dict[str, str],
    traditional: dict[str, set[str]] | None = None,
) -> list[dict]:
    """One record per UN Member State or observer State, sorted by ISO3."""
    excluded = set(manual["excluded"])
    rows = [row for row in rows if row["ISO 3166-1 Alpha 3-Codes"] not in excluded]
    members = grouping_members(manual=manual, rows=rows)
    # An alias that names a region too (密克罗尼西亚, Micronesia) would make the region read as a country.
    taken_by_regions = region_names(manual=manual, rows=rows)
    countries = []
    for row in rows:
        iso3, iso2 = row["ISO 3166-1 Alpha 3-Codes"], row["ISO 3166-1 Alpha 2-Codes"]
        extra = manual["countries"].get(iso3, {})
        name_zh = extra.get("name_zh", row["Chinese Short"])
        name_en = extra.get("name_en", row["English Short"])
        aliases_zh = with_ascii_brackets(
            {
                zh_names.get(iso2, ""),
                row["M49 Chinese"],
                *extra.get("aliases_zh", []),
                *(traditional or {}).get(iso2, ()),
            }
        )
        aliases_en = {en_names.get(iso2, ""), *(row[column] for column in ENGLISH_ALIAS_COLUMNS)}
        aliases_en |= set(extra.get("aliases_en", []))
        # Text from a PDF writes the apostrophe curly: Lao People’s Democratic Republic.
        aliases_en |= {name.replace("'", "’") for name in {name_en, *aliases_en} if "'" in name}
        countries.append(
            {
                "iso3": iso3,
                "iso2": iso2,
                "m49": m49_code(row["m49 numerical code"]),
                "name_zh": name_zh,
                "name_en": name_en,
                "aliases_zh": sorted(
                    a
                    for a in aliases_zh - {"", name_zh}
                    # 密克羅尼西亞 is Micronesia the region once in Simplified characters.
                    if a.casefold() not in taken_by_regions and simplified(a) not in taken_by_regions
                ),
                "aliases_en": sorted(
                    a for a in aliases_en - {"", name_en} if a.casefold() not in taken_by_regions
                ),
                "is_member_state": iso3 not in OBSERVER_STATES,
                "region": m49_code(row["Region Code"]),
                "subregion": m49_code(row["Sub-region Code"]),
                "groupings": sorted(code for code, isos in members.items() if iso3 in isos),
            }
        )
    countries.sort(key=lambda country: country["iso3"])
    check_countries(countries=countries, members=members)
    return countries


def check_countries(*, countries: list[dict], members: dict[str, set[str]]) -> None:
    """Refuse to write data that breaks the promises the extractors rely on."""
    member_states = [country for country in countries if country["is_member_state"]]
    if len(countries) != 195 or len(member_states) != 193:
        raise ReferenceDataError(f"{len(countries)} countries, {len(member_states)} member states")
    known = {country["iso3"] for country in countries}
    for code, isos in members.items():
        if isos - known:
            raise ReferenceDataError(f"grouping {code} lists unknown countries {sorted(isos - known)}")
    for language in ("zh", "en"):
        owners = defaultdict(set)
        for country in countries:
            for name in [country[f"name_{language}"], *country[f"aliases_{language}"]]:
                owners[name.casefold()].add(country["iso3"])
        shared = {name: sorted(isos) for name, isos in owners.items() if len(isos) > 1}
        if shared:
            raise ReferenceDataError(f"names shared by several countries: {shared}")


def build_regions(*, rows: list[dict[str, str]], manual: dict) -> list[dict]:
    """The M49 regions and sub-regions of the countries, then the groupings, sorted by code.

    An M49 area that a grouping is (its ``m49``) is left out: the grouping stands for it, as the
    parent of its sub-regions too.
    """
    english = {}
    parent_m49 = {}
    for row in rows:
        region, subregion = m49_code(row["Region Code"]), m49_code(row["Sub-region Code"])
        english[region] = row["Region Name"]
        english[subregion] = row["Sub-region Name"]
        parent_m49[subregion] = region
    same_as = {g["m49"]: code for code, g in manual["groupings"].items() if g.get("m49") in english}
    codes = {m49: same_as.get(m49, f"m49-{m49}") for m49 in english}
    regions = []
    for m49, area in manual["m49_areas"].items():
        if m49 not in english:
            raise ReferenceDataError(f"M49 area {m49} has no country")
        if m49 in same_as:
            continue
        regions.append(
            {
                "code": f"m49-{m49}",
                "kind": "m49_subregion" if m49 in parent_m49 else "m49_region",
                "m49": m49,
                "name_zh": area["name_zh"],
                "name_en": english[m49],
                "aliases_zh": sorted(area.get("aliases_zh", [])),
                "aliases_en": sorted(area.get("aliases_en", [])),
                "parent": codes[parent_m49[m49]] if m49 in parent_m49 else None,
                "membership": WHOLE_COUNTRIES,
                "partly_inside": [],
            }
        )
    missing = set(english) - set(manual["m49_areas"])
    if missing:
        raise ReferenceDataError(f"M49 areas without a Chinese name: {sorted(missing)}")
    for code, grouping in manual["groupings"].items():
        if grouping.get("membership") not in MEMBERSHIPS:
            raise ReferenceDataError(f"grouping {code} has no membership among {sorted(MEMBERSHIPS)}")
        if grouping["membership"] == WHOLE_COUNTRIES and grouping.get("partly_inside"):
            raise ReferenceDataError(f"grouping {code} of whole countries lists countries partly inside")
        regions.append(
            {
                "code": code,
                "kind": "grouping",
                "m49": grouping.get("m49", ""),
                "name_zh": grouping["name_zh"],
                "name_en": grouping["name_en"],
                "aliases_zh": sorted(grouping["aliases_zh"]),
                "aliases_en": sorted(grouping["aliases_en"]),
                "parent": grouping.get("parent"),
                "membership": grouping["membership"],
                "partly_inside": sorted(grouping.get("partly_inside", [])),
            }
        )
    regions.sort(key=lambda region: region["code"])
    return regions


def write_json(*, path: Path, data: list[dict]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    manual = json.loads((REFERENCE_DIR / "countries_manual.json").read_text(encoding="utf-8"))
    rows = taxonomy_rows()
    countries = build_countries(
        rows=rows,
        manual=manual,
        zh_names=dict(Locale("zh").territories),
        en_names=dict(Locale("en").territories),
        traditional=traditional_names(),
    )
    kept = [row for row in rows if row["ISO 3166-1 Alpha 3-Codes"] not in manual["excluded"]]
    regions = build_regions(rows=kept, manual=manual)
    write_json(path=REFERENCE_DIR / "countries.json", data=countries)
    write_json(path=REFERENCE_DIR / "regions.json", data=regions)
    print(f"{len(countries)} countries, {len(regions)} regions written to {REFERENCE_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
