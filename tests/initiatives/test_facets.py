"""Facet counts: /api/v1/facets/ and ``initiative_facets`` agree with the filters they summarise."""

import os
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.curation import initiative_deactivate, initiative_update
from initiatives.facets import initiative_facets
from initiatives.models import Document, Initiative
from initiatives.revisions import current_revision


def facets(api, params=None):
    response = api.get("/api/v1/facets/", params or {})
    assert response.status_code == 200, response.content[:500]
    return response.json()


def listed(api, params) -> int:
    return api.get("/api/v1/initiatives/", params).json()["count"]


def test_every_agency_count_is_the_size_of_the_agency_filter(api):
    for row in facets(api)["agencies"]:
        assert row["count"] == listed(api, {"agency": row["code"]}), row["code"]


def test_every_region_count_includes_the_region_countries(api):
    rows = facets(api, {"covid": "false"})["regions"]
    assert rows
    for row in rows:
        assert row["count"] == listed(api, {"region": row["code"], "covid": "false"}), row["code"]


def test_country_sdg_and_theme_counts_follow_the_current_filters(api):
    result = facets(api, {"agency": "FAO"})
    assert result["count"] == listed(api, {"agency": "FAO"})
    for group, parameter, key in [
        ("countries", "country", "iso3"),
        ("sdgs", "sdg", "number"),
        ("themes", "theme", "code"),
    ]:
        for row in result[group]:
            assert row["count"] == listed(api, {"agency": "FAO", parameter: row[key]}), (group, row[key])
    assert {c["iso3"] for c in result["countries"]} >= {"CHN"}


def test_flags_and_modalities_add_up_to_the_total(api):
    result = facets(api)
    total = result["count"]
    assert total == Initiative.objects.filter(is_active=True).count()
    assert result["covid"]["true"] + result["covid"]["false"] == total
    assert result["covid"]["true"] == listed(api, {"covid": "true"})
    assert result["climate"]["true"] == listed(api, {"climate": "true"}) > 0
    counts = {row["value"]: row["count"] for row in result["modality"]}
    # An initiative stated as both is counted, and found, under each of the two as well.
    assert counts["south_south"] + counts["triangular"] - counts["both"] + counts.get("", 0) == total
    for value in ("south_south", "triangular", "both"):
        assert counts[value] == listed(api, {"modality": value})


def test_funding_totals_sum_the_identified_amounts(api):
    result = facets(api, {"country": "CHN"})
    funded = Initiative.objects.filter(is_active=True, countries__iso3="CHN").exclude(funding_usd=None)
    assert Decimal(result["funding"]["total_usd"]) == sum(i.funding_usd for i in funded)
    assert result["funding"]["with_funding"] == funded.count()
    fao = next(row for row in result["agencies"] if row["code"] == "FAO")
    assert Decimal(fao["funding_usd"]) == Decimal("130000000.00")


def test_facets_of_a_search_count_only_what_it_finds(api):
    result = facets(api, {"q": "粮食"})
    assert result["count"] == listed(api, {"q": "粮食"}) > 0
    assert max(row["count"] for row in result["agencies"]) <= result["count"]


def test_facets_of_a_queryset_read_its_ids_once_the_bitmaps_are_built(bundled, django_assert_num_queries):
    everything = Initiative.objects.filter(is_active=True)
    initiative_facets(everything)  # builds the bitmaps of this revision
    with django_assert_num_queries(2):  # the data's revision, then the ids selected
        initiative_facets(everything.filter(covid=True))


def test_an_empty_selection_has_zero_counts(bundled):
    result = initiative_facets(Initiative.objects.none())
    assert result["count"] == 0 and result["funding"]["total_usd"] is None
    assert result["agencies"] == result["regions"] == result["modality"] == []


@pytest.fixture
def editor(bundled):
    call_command("setup_editors", stdout=open(os.devnull, "w"))  # noqa: SIM115
    user = User.objects.create_user("mei", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return User.objects.get(pk=user.pk)


def test_facets_are_computed_once_and_again_only_when_the_data_changes(api, editor):
    before = facets(api, {"covid": "true"})
    with CaptureQueriesContext(connection) as repeated:
        assert facets(api, {"covid": "true"}) == before
    assert len(repeated.captured_queries) == 1  # the data's revision, nothing else
    initiative = Initiative.objects.filter(is_active=True, covid=False).first()
    initiative_update(initiative=initiative, user=editor, changes={"covid": True})
    assert facets(api, {"covid": "true"})["count"] == before["count"] + 1


def test_deleting_a_document_moves_the_revision_on(bundled):
    before = current_revision()
    Document.objects.get(symbol="A/RES/76/221").delete()
    assert current_revision() > before


def test_a_lists_count_is_kept_until_the_data_changes(api, editor):
    with CaptureQueriesContext(connection) as first:
        before = api.get("/api/v1/initiatives/", {"covid": "true", "page_size": 1}).json()["count"]
    with CaptureQueriesContext(connection) as repeated:  # another URL: the first's whole answer is kept
        api.get("/api/v1/initiatives/", {"covid": "true", "page_size": 1, "page": 1})
    assert len(repeated.captured_queries) == len(first.captured_queries) - 1  # the selection is kept
    initiative = Initiative.objects.filter(is_active=True, covid=False).first()
    initiative_update(initiative=initiative, user=editor, changes={"covid": True})
    after = api.get("/api/v1/initiatives/", {"covid": "true", "page_size": 1}).json()
    assert after["count"] == before + 1 == Initiative.objects.filter(is_active=True, covid=True).count()


def test_an_entitys_count_and_funding_follow_the_data(api, editor):
    before = api.get("/api/v1/agencies/FAO/").json()
    funded = Initiative.objects.filter(is_active=True, agencies__code="FAO", funding_usd__gt=0).first()
    initiative_deactivate(initiative=funded, user=editor, reason="a statistic, not an initiative")
    after = api.get("/api/v1/agencies/FAO/").json()
    assert after["initiative_count"] == before["initiative_count"] - 1
    assert Decimal(after["funding_usd"]) == Decimal(before["funding_usd"]) - funded.funding_usd
