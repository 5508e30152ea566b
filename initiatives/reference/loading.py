"""Loading the committed reference data (data/reference/*.json) into the database.

The same files feed the extractors, so the database and the extractors always
agree on codes. Loading is an upsert keyed on each entity's natural key. A country's
``regions`` are those it lies wholly inside (``regions.json`` lists in ``partly_inside``
the countries a grouping covers only in part, and ``countries.json`` leaves those
groupings out of the country's ``groupings``). A region the file no longer lists whose
M49 code another region now carries (``m49-002`` became ``africa``) was merged into it:
its links move there and it is deleted.
"""

from dataclasses import dataclass

from django.db import transaction

from initiatives.kinds import kind_of
from initiatives.models import Agency, Country, Programme, Region, Sdg, Theme
from initiatives.revisions import revision_bump

from .files import reference_rows


@dataclass(frozen=True)
class ReferenceCounts:
    regions: int
    countries: int
    agencies: int
    sdgs: int
    themes: int
    programmes: int


@transaction.atomic
def reference_load() -> ReferenceCounts:
    regions = reference_rows(kind_of("region").reference_file)
    by_code = {}
    for row in regions:
        by_code[row["code"]], _ = Region.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "m49": row["m49"],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "aliases_zh": row["aliases_zh"],
                "aliases_en": row["aliases_en"],
                "membership": row["membership"],
                "partly_inside": row["partly_inside"],
            },
        )
    by_m49 = {row["m49"]: by_code[row["code"]] for row in regions if row["m49"]}
    _merged_regions_delete(keep=set(by_code), by_m49=by_m49)
    # Parents are set in a second pass: a child may come before its parent.
    for row in regions:
        region = by_code[row["code"]]
        parent = by_code[row["parent"]] if row["parent"] else None
        if region.parent_id != (parent.pk if parent else None):
            region.parent = parent
            region.save(update_fields=["parent"])

    countries = reference_rows(kind_of("country").reference_file)
    for row in countries:
        region = by_m49.get(row["region"]) if row["region"] else None
        subregion = by_m49.get(row["subregion"]) if row["subregion"] else None
        country, _ = Country.objects.update_or_create(
            iso3=row["iso3"],
            defaults={
                "iso2": row["iso2"],
                "m49": row["m49"],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "aliases_zh": row["aliases_zh"],
                "aliases_en": row["aliases_en"],
                "is_member_state": row["is_member_state"],
                "region": region,
                "subregion": subregion,
            },
        )
        memberships = [by_code[code] for code in row["groupings"]] + [r for r in (region, subregion) if r]
        country.regions.set(memberships)

    agencies = reference_rows(kind_of("agency").reference_file)
    for row in agencies:
        Agency.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "short_names_zh": row["short_names_zh"],
                "aliases_en": row.get("aliases_en", []),
                "is_reference": True,
            },
        )

    sdgs = {}
    for row in reference_rows(kind_of("sdg").reference_file):
        sdgs[row["number"]], _ = Sdg.objects.update_or_create(
            number=row["number"], defaults={"name_zh": row["name_zh"], "name_en": row["name_en"]}
        )

    themes = reference_rows(kind_of("theme").reference_file)
    for row in themes:
        theme, _ = Theme.objects.update_or_create(
            code=row["code"], defaults={"name_zh": row["name_zh"], "name_en": row["name_en"]}
        )
        theme.sdgs.set([sdgs[n] for n in row["sdgs"]])

    programmes = reference_rows(kind_of("programme").reference_file)
    agency_ids = dict(Agency.objects.values_list("code", "pk"))
    for row in programmes:
        if row["agency"] and row["agency"] not in agency_ids:
            raise ValueError(
                f"programmes.json: {row['code']} is managed by {row['agency']}, which agencies.json lacks"
            )
        Programme.objects.update_or_create(
            code=row["code"],
            defaults={
                "kind": row["kind"],
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "aliases_zh": row["aliases_zh"],
                "aliases_en": row["aliases_en"],
                "agency_id": agency_ids.get(row["agency"]),
            },
        )

    revision_bump()  # names shown on every page may have changed
    return ReferenceCounts(
        regions=len(regions),
        countries=len(countries),
        agencies=len(agencies),
        sdgs=len(sdgs),
        themes=len(themes),
        programmes=len(programmes),
    )


def _merged_regions_delete(*, keep: set[str], by_m49: dict[str, Region]) -> None:
    for old in Region.objects.exclude(code__in=keep).exclude(m49=""):
        new = by_m49.get(old.m49)
        if new is None:
            continue
        new.initiatives.add(*old.initiatives.all())
        new.paragraphs.add(*old.paragraphs.all())
        old.delete()
