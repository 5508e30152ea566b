"""Facets read from the bitmaps equal plain ORM counts on the bundled reports, before and after every kind of write."""

import os
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db.models import Count, Sum
from django.http import QueryDict

from ingest.reextraction import documents_reextract
from ingest.services import document_ingest
from initiatives.curation import initiative_deactivate, initiative_update
from initiatives.facet_index import facet_index
from initiatives.facets import filtered_facets, selection_facets
from initiatives.filters import InitiativeFilterSet, in_regions
from initiatives.models import Agency, Country, Document, Initiative, Modality, Region, Theme
from tests.conftest import RESOLUTION

# Every facet group with its key field, and selections of each kind of filter.
KEYS = {"agencies": "code", "countries": "iso3", "regions": "code", "sdgs": "number", "themes": "code"}
SELECTIONS = [
    "",
    "country=CHN",
    "region=africa&covid=false",
    "agency=FAO&sdg=2",
    "q=粮食",
    "modality=triangular",
]


def filterset(params: str) -> InitiativeFilterSet:
    return InitiativeFilterSet(QueryDict(params), queryset=Initiative.objects.filter(is_active=True))


def cents(amount: Decimal | None) -> Decimal | None:
    # SQLite sums decimals as floats: compare to the cent.
    return None if amount is None else Decimal(amount).quantize(Decimal("0.01"))


def orm_facets(params: str) -> dict:
    """The facets of a selection counted with the ORM alone, one grouped query per relation."""
    selected = Initiative.objects.filter(pk__in=filterset(params).selected.order_by().values("pk"))
    modalities = dict(selected.values_list("modality").annotate(n=Count("pk")).order_by())
    for one in (Modality.SOUTH_SOUTH, Modality.TRIANGULAR):
        modalities[one] = modalities.get(one, 0) + modalities.get(Modality.BOTH, 0)
    result = {
        "count": selected.count(),
        "total_usd": cents(selected.aggregate(total=Sum("funding_usd"))["total"]),
        "covid": selected.filter(covid=True).count(),
        "climate": selected.filter(climate=True).count(),
        "modality": {value: n for value, n in modalities.items() if n},
    }
    for group, key in KEYS.items():
        if group == "regions":
            counts = {
                region.code: in_regions(selected, [region.pk]).count() for region in Region.objects.all()
            }
            result[group] = {code: (n, None) for code, n in counts.items() if n}
            continue
        rows = selected.values(f"{group}__{key}").annotate(n=Count("pk"), usd=Sum("funding_usd")).order_by()
        result[group] = {
            row[f"{group}__{key}"]: (row["n"], cents(row["usd"]))
            for row in rows
            if row["n"] and row[f"{group}__{key}"] is not None
        }
    return result


def as_compared(facets: dict) -> dict:
    result = {
        "count": facets["count"],
        "total_usd": facets["funding"]["total_usd"],
        "covid": facets["covid"]["true"],
        "climate": facets["climate"]["true"],
        "modality": {row["value"]: row["count"] for row in facets["modality"]},
    }
    for group, key in KEYS.items():
        result[group] = {row[key]: (row["count"], row.get("funding_usd")) for row in facets[group]}
    return result


def assert_facets_agree_with_the_orm() -> None:
    for params in SELECTIONS:
        assert as_compared(filtered_facets(filterset(params))) == orm_facets(params), params


@pytest.fixture
def editor(bundled):
    call_command("setup_editors", stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = User.objects.create_user("lin", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=user.pk)


def test_it_counts_what_the_orm_counts_on_the_bundled_reports(bundled):
    assert orm_facets("")["count"] > 20 and orm_facets("")["total_usd"] > 0
    assert_facets_agree_with_the_orm()


def test_it_agrees_after_an_editor_changes_flags_links_and_funding(editor):
    initiative = Initiative.objects.filter(is_active=True, covid=False, funding_usd__isnull=False).first()
    initiative_update(
        initiative=initiative,
        user=editor,
        changes={
            "covid": True,
            "countries": list(Country.objects.filter(iso3__in=["CHN", "BRA"])),
            "agencies": list(Agency.objects.filter(code="FAO")),
            "funding_usd": "1234.56",
        },
    )
    assert as_compared(filtered_facets(filterset("agency=FAO")))["agencies"]["FAO"][0] == (
        Initiative.objects.filter(is_active=True, agencies__code="FAO").count()
    )
    assert_facets_agree_with_the_orm()


def test_it_agrees_after_an_editor_removes_an_initiative(editor):
    funded = Initiative.objects.filter(is_active=True, agencies__code="FAO", funding_usd__gt=0).first()
    before = filtered_facets(filterset(""))["count"]
    initiative_deactivate(initiative=funded, user=editor, reason="a statistic, not an initiative")
    assert filtered_facets(filterset(""))["count"] == before - 1
    assert_facets_agree_with_the_orm()


def test_it_agrees_after_a_document_is_deleted_and_ingested_again(bundled):
    Document.objects.get(symbol="A/RES/76/221").delete()
    assert_facets_agree_with_the_orm()
    document_ingest(path=RESOLUTION)
    assert_facets_agree_with_the_orm()


def test_it_agrees_after_reextraction_that_keeps_an_editors_change(editor):
    initiative = Initiative.objects.filter(is_active=True, climate=False).first()
    initiative_update(
        initiative=initiative,
        user=editor,
        changes={"climate": True, "themes": list(Theme.objects.filter(code="health"))},
    )
    documents_reextract(documents=list(Document.objects.all()))
    assert Initiative.objects.get(pk=initiative.pk).climate
    assert_facets_agree_with_the_orm()


def test_the_bitmaps_are_read_again_only_when_the_data_changes(editor):
    held = facet_index()
    assert facet_index() is held
    initiative = Initiative.objects.filter(is_active=True, covid=False).first()
    initiative_update(initiative=initiative, user=editor, changes={"covid": True})
    assert facet_index() is not held


def test_a_lists_facets_with_each_filter_off_equal_the_facets_of_that_selection(bundled):
    params = "agency=FAO&country=CHN&covid=false&q=农业"
    facets = selection_facets(filterset(params))
    assert facets["count"] == filterset(params).selected.count() > 0
    for name, group in [("agency", "agencies"), ("country", "countries"), ("covid", "covid")]:
        others = QueryDict(params, mutable=True)
        others.pop(name)
        assert facets[group] == filtered_facets(filterset(others.urlencode()))[group], name
    assert facets["sdgs"] == filtered_facets(filterset(params))["sdgs"]


def test_a_region_filter_and_cited_goals_select_what_the_database_selects(bundled):
    for params in [
        "region=africa",
        "region=asia-pacific&sdg=2",
        "sdg=2&sdg_source=cited",
        "modality=not_stated",
    ]:
        selected = filterset(params).selected
        assert filtered_facets(filterset(params))["count"] == selected.count(), params


def test_funding_is_exact_to_the_cent(bundled):
    funded = Initiative.objects.filter(is_active=True).exclude(funding_usd=None)
    total = filtered_facets(filterset(""))["funding"]["total_usd"]
    assert total == sum(i.funding_usd for i in funded) and isinstance(total, Decimal)
    assert total.as_tuple().exponent == -2
