"""The REST API under /api/v1/: records, entities, pagination, errors, query counts, throttling, authentication."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from rest_framework.settings import api_settings

from initiatives import facets, search
from initiatives.facet_index import facet_index_forget
from initiatives.filters import InitiativeFilterSet
from initiatives.models import Initiative, Paragraph
from initiatives.querysets import LISTED_TEXT
from initiatives.revisions import revision_bump
from sscatlas.tokens import token_issue

# Filters that make the first record one with related rows of every kind, since
# Django skips the prefetch queries of relations that no record on the page has.
LISTS = {
    "documents": {},
    "paragraphs": {"kind": "initiative"},
    "initiatives": {},
    "agencies": {},
    "countries": {},
    "regions": {},
    "sdgs": {},
    "themes": {},
}


def get(api, path, params=None, status=200):
    response = api.get(f"/api/v1/{path}", params or {})
    assert response.status_code == status, response.content[:500]
    return response.json()


class TestRecords:
    def test_an_initiative_can_be_cited_by_symbol_and_paragraph_number(self, api):
        initiative = Initiative.objects.get(title="中国-农发基金南南合作和三方合作机制：指定 400 万美元")
        record = get(api, f"initiatives/{initiative.pk}/")
        assert record["citation"] == "A/76/403, para. 14"
        assert record["document"]["symbol"] == "A/76/403" and record["paragraph_number"] == 14
        assert [a["code"] for a in record["agencies"]] == ["IFAD"]
        assert {c["iso3"] for c in record["countries"]} == {"CHN"}
        assert record["funding_usd"] == 4000000
        assert record["amounts"][0]["amount_usd"] == 4000000
        assert record["covid"] is True

    def test_a_paragraph_carries_its_links_flags_and_initiatives(self, api):
        page = get(api, "paragraphs/", {"document": "A/76/403", "q": "非洲进出口银行"})
        record = page["results"][0]
        assert record["number"] == 11 and record["citation"] == "A/76/403, para. 11"
        assert "AFREXIMBANK" in {a["code"] for a in record["agencies"]}
        assert record["amounts"][0]["amount_usd"] == 2000000000
        assert record["initiatives"][0]["title"] == "非洲疫苗采购工作队倡议：购买疫苗"

    def test_a_list_is_paginated_by_page_number_up_to_a_thousand(self, api):
        first = get(api, "initiatives/", {"page_size": 2})
        assert first["count"] == Initiative.objects.filter(is_active=True).count()
        assert len(first["results"]) == 2 and "page=2" in first["next"]
        everything = get(api, "initiatives/", {"page_size": 5000})
        assert len(everything["results"]) == first["count"] and everything["next"] is None

    def test_filters_apply_to_the_list(self, api):
        page = get(
            api, "initiatives/", {"agency": ["FAO", "IFAD"], "has_funding": "true", "ordering": "-funding"}
        )
        assert [r["funding_usd"] for r in page["results"]] == [80000000, 50000000, 10000000, 4000000, 1000000]

    def test_amounts_are_json_numbers_that_read_back_as_the_stored_cents(self, api):
        stored = dict(Initiative.objects.filter(is_active=True).values_list("pk", "funding_usd"))
        response = api.get("/api/v1/initiatives/", {"has_funding": "true", "page_size": 1000})
        records = json.loads(response.content, parse_float=Decimal)["results"]

        assert records and all(isinstance(r["funding_usd"], Decimal) for r in records)  # numbers, not text
        assert {r["id"]: r["funding_usd"] for r in records} == {r["id"]: stored[r["id"]] for r in records}
        assert b'"funding_usd":"' not in response.content


class TestEntities:
    def test_an_agency_carries_both_names_its_initiative_count_and_funding(self, api):
        record = get(api, "agencies/FAO/")
        assert record["name_zh"] == "联合国粮食及农业组织" and record["name_en"].startswith(
            "Food and Agriculture"
        )
        fao = Initiative.objects.filter(is_active=True, agencies__code="FAO")
        assert record["initiative_count"] == fao.count()
        assert Decimal(record["funding_usd"]) == sum(i.funding_usd or 0 for i in fao) == Decimal(130_000_000)

    def test_a_country_carries_its_codes_regions_and_funding(self, api):
        record = get(api, "countries/CHN/")
        assert (record["iso2"], record["m49"], record["name_en"]) == ("CN", "156", "China")
        assert "asia-pacific" in record["regions"]
        assert record["initiative_count"] == Initiative.objects.filter(countries__iso3="CHN").count()
        assert Decimal(record["funding_usd"]) > 0

    def test_a_region_counts_the_initiatives_of_its_countries(self, api):
        record = get(api, "regions/africa/")
        assert "KEN" in record["countries"]
        listed = get(api, "initiatives/", {"region": "africa"})["count"]
        assert (
            record["initiative_count"] == listed > Initiative.objects.filter(regions__code="africa").count()
        )

    def test_a_region_of_part_of_a_country_says_so_and_counts_only_the_countries_wholly_inside(self, api):
        record = get(api, "regions/greater-mekong/")
        assert record["membership"] == "partial_or_programme"
        assert record["countries"] == ["KHM", "LAO", "MMR", "THA", "VNM"]
        assert record["partly_inside"] == ["CHN"]
        assert get(api, "regions/ldc/")["membership"] == "whole_countries"
        chinese = get(api, "initiatives/", {"country": "CHN", "page_size": 1000})["results"]
        mekong = {
            r["id"]
            for r in get(api, "initiatives/", {"region": "greater-mekong", "page_size": 1000})["results"]
        }
        assert {r["id"] for r in chinese} - mekong

    def test_sdgs_and_themes_carry_their_counts(self, api):
        assert get(api, "sdgs/2/")["initiative_count"] == get(api, "initiatives/", {"sdg": 2})["count"]
        theme = get(api, "themes/health/")
        assert (
            theme["sdgs"] == [3]
            and theme["initiative_count"] == get(api, "initiatives/", {"theme": "health"})["count"]
        )

    def test_a_document_counts_its_paragraphs_and_initiatives(self, api):
        documents = {d["symbol"]: d for d in get(api, "documents/")["results"]}
        assert documents["A/76/403"]["paragraph_count"] == 86
        assert (
            documents["A/76/403"]["initiative_count"]
            == get(api, "initiatives/", {"document": "A/76/403"})["count"]
        )
        assert documents["A/RES/76/221"]["kind"] == "resolution"
        assert "original_text" not in documents["A/76/403"]

    def test_an_unknown_code_is_not_found(self, api):
        get(api, "agencies/NOPE/", status=404)


class TestInvalidValues:
    @pytest.mark.parametrize(
        "params, parameter, accepted",
        [
            ({"agency": "XYZ"}, "agency", "UNDP"),
            ({"country": "XXX"}, "country", "ISO 3166 alpha-3"),
            ({"region": "atlantis"}, "region", "africa"),
            ({"sdg": "18"}, "sdg", "1 to 17"),
            ({"theme": "space"}, "theme", "health"),
            ({"covid": "maybe"}, "covid", "true or false"),
            ({"modality": "bilateral"}, "modality", "south_south, triangular, both, not_stated"),
            ({"funding_min": "lots"}, "funding_min", "a number"),
            ({"year_max": "1e9"}, "year_max", "a whole number"),
            ({"ordering": "random"}, "ordering", "-funding"),
        ],
    )
    def test_a_bad_value_gets_400_naming_the_parameter_and_the_accepted_values(
        self, api, params, parameter, accepted
    ):
        body = get(api, "initiatives/", params, status=400)
        assert list(body) == [parameter]
        assert "Accepted values" in body[parameter][0] and accepted in body[parameter][0]

    def test_facets_and_paragraphs_reject_bad_values_too(self, api):
        assert "sdg" in get(api, "facets/", {"sdg": "0"}, status=400)
        assert "agency" in get(api, "paragraphs/", {"agency": "UNDP,NOPE"}, status=400)


# An unordered list would page inconsistently.
@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
class TestQueryCounts:
    @pytest.mark.parametrize("resource", LISTS)
    def test_a_list_runs_the_same_number_of_queries_whatever_the_page_size(
        self, api, resource, django_assert_num_queries
    ):
        with CaptureQueriesContext(connection) as one:
            get(api, f"{resource}/", {**LISTS[resource], "page_size": 1})
        cache.clear()  # the count is cached per filters, whatever the page size
        facet_index_forget()  # and the counts of entity lists are read from the bitmaps
        with django_assert_num_queries(len(one.captured_queries)):
            page = get(api, f"{resource}/", {**LISTS[resource], "page_size": 100})
        assert len(page["results"]) > 1

    def test_filtering_adds_one_query_per_checked_code(self, api, django_assert_num_queries):
        with CaptureQueriesContext(connection) as plain:
            get(api, "initiatives/", {"page_size": 100})
        cache.clear()
        # agency, country and theme codes are each looked up once; sdg and flags need no query.
        with django_assert_num_queries(len(plain.captured_queries) + 3):
            get(
                api,
                "initiatives/",
                {"agency": "UNOSSC", "country": "CHN", "theme": "capacity-building", "sdg": 11},
            )


class TestPaging:
    @pytest.mark.parametrize("kept", [0, 100_000], ids=["paged by the database", "ids kept"])
    @pytest.mark.parametrize("ordering", ["document", "-funding"])
    def test_the_pages_hold_the_whole_selection_in_its_order(self, api, monkeypatch, kept, ordering):
        monkeypatch.setattr(facets, "KEPT_IDS", kept)
        listed, page = [], 1
        while True:
            body = get(
                api, "initiatives/", {"covid": "true", "ordering": ordering, "page_size": 7, "page": page}
            )
            listed += [record["id"] for record in body["results"]]
            if not body["next"]:
                break
            page += 1
        selected = InitiativeFilterSet(
            QueryDict(f"covid=true&ordering={ordering}"), queryset=Initiative.objects.filter(is_active=True)
        ).qs
        assert len(listed) == body["count"] > 7
        assert listed == list(selected.values_list("pk", flat=True))

    def test_a_record_removed_after_its_lists_ids_were_kept_is_left_out_of_the_page(self, api):
        first = get(api, "initiatives/", {"covid": "true", "page_size": 5})["results"]
        Initiative.objects.filter(pk=first[0]["id"]).delete()  # no revision: the kept ids stay
        # Another URL of the same selection: the first URL's whole answer is kept too, until a revision.
        again = get(api, "initiatives/", {"covid": "true", "page_size": 5, "page": 1})["results"]
        assert [r["id"] for r in again] == [r["id"] for r in first[1:]]


class TestSafety:
    def test_anonymous_clients_are_throttled_at_the_documented_rate(self, api):
        allowed = int(api_settings.DEFAULT_THROTTLE_RATES["anon"].split("/")[0])
        for _ in range(allowed):
            get(api, "sdgs/", {"page_size": 1})
        response = api.get("/api/v1/sdgs/")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0

    def test_an_anonymous_write_needs_a_token(self, api):
        response = api.post("/api/v1/initiatives/", {"title": "x"}, format="json")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Token"

    def test_a_token_authenticates_a_client(self, api):
        key = token_issue(user=User.objects.create_user("analyst"))
        api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        # Authenticated, the client reaches the view, which has no write method yet.
        assert api.post("/api/v1/initiatives/", {"title": "x"}, format="json").status_code == 405


class TestSearchTotals:
    def test_a_search_reports_an_exact_count_when_it_ranks_every_match(self, api):
        page = get(api, "initiatives/", {"q": "粮食"})
        matching = search.matching(Initiative.objects.filter(is_active=True), "粮食")
        assert page["count"] == matching.count() == len(page["results"])
        assert page["count_estimated"] is False

    def test_past_the_ranking_limit_the_count_is_marked_as_an_estimate(self, api, monkeypatch):
        monkeypatch.setattr(search, "CANDIDATES", 3)
        page = get(api, "initiatives/", {"q": "南南合作"})
        assert page["count_estimated"] is True and page["count"] > 3
        assert len(page["results"]) == 3

    def test_facets_of_a_search_count_every_match(self, api, monkeypatch):
        monkeypatch.setattr(search, "CANDIDATES", 3)
        matching = search.matching(Initiative.objects.filter(is_active=True), "南南合作")
        assert get(api, "facets/", {"q": "南南合作"})["count"] == matching.count() > 3

    def test_a_list_without_a_search_has_an_exact_count(self, api):
        page = get(api, "initiatives/", {"covid": "true"})
        assert page["count"] == Initiative.objects.filter(is_active=True, covid=True).count()
        assert page["count_estimated"] is False


@pytest.fixture
def long_paragraph(bundled):
    """A paragraph of 30,000 characters with an initiative as long, in the resolution."""
    document = bundled["A/RES/76/221"]
    text = "联合国开发计划署与埃塞俄比亚开展南南合作。" * 1500
    paragraph = Paragraph.objects.create(document=document, order=90_000, number=900, text=text)
    initiative = Initiative.objects.create(
        paragraph=paragraph, order=1, title="长段落倡议", start=0, end=len(text), text=text
    )
    revision_bump()  # lists keep their orders per data revision
    return initiative


def test_lists_cut_long_texts_and_details_show_them_whole(api, long_paragraph):
    paragraph, cut = long_paragraph.paragraph, long_paragraph.text[:LISTED_TEXT] + "…"
    listed = api.get("/api/v1/paragraphs/", {"document": "A/RES/76/221", "page_size": 1000}).json()
    record = next(r for r in listed["results"] if r["id"] == paragraph.pk)
    assert record["text"] == cut and record["initiatives"][0]["text"] == cut
    initiatives = api.get("/api/v1/initiatives/", {"document": "A/RES/76/221", "page_size": 1000}).json()
    assert next(r for r in initiatives["results"] if r["id"] == long_paragraph.pk)["text"] == cut
    assert api.get(f"/api/v1/paragraphs/{paragraph.pk}/").json()["text"] == paragraph.text
    assert api.get(f"/api/v1/initiatives/{long_paragraph.pk}/").json()["text"] == long_paragraph.text
    short = next(r for r in listed["results"] if r["id"] != paragraph.pk)
    assert short["text"] == Paragraph.objects.get(pk=short["id"]).text


def test_a_list_of_initiatives_never_reads_the_text_of_their_paragraphs(api, long_paragraph, client):
    paragraph_text = f'"{Paragraph._meta.db_table}"."text"'
    with CaptureQueriesContext(connection) as queries:
        assert api.get("/api/v1/initiatives/", {"page_size": 1000}).status_code == 200
        assert (
            client.get("/initiatives/", {"document": long_paragraph.paragraph.document_id}).status_code == 200
        )
    selects = [q["sql"] for q in queries.captured_queries if Paragraph._meta.db_table in q["sql"]]
    assert selects and not [sql for sql in selects if paragraph_text in sql]


def test_a_paragraph_list_and_an_initiative_list_with_the_same_filters_keep_their_own_records(api):
    params = {"document": "A/76/403", "page_size": 1000}
    paragraphs = api.get("/api/v1/paragraphs/", params).json()
    initiatives = api.get("/api/v1/initiatives/", params).json()
    expected = Initiative.objects.filter(is_active=True, paragraph__document__symbol="A/76/403")
    assert {r["id"] for r in initiatives["results"]} == set(expected.values_list("pk", flat=True))
    assert paragraphs["count"] != initiatives["count"]
