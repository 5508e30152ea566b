"""Programmes followed across reports: the reference data, the links written on ingestion, the filters,
and the programme's page and API timeline over the 2021 report (A/76/403) and a 2022 report written for
the tests (tests/fixtures/reports/A-77-297_zh.txt)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ingest.services import document_ingest
from initiatives.models import Evidence, Initiative, Programme
from initiatives.reference.files import reference_rows
from initiatives.selectors.timelines import programme_timeline
from tests.conftest import FIXTURES

SECOND_YEAR = FIXTURES / "reports" / "A-77-297_zh.txt"
FAO_CHINA = "FAO-CHINA-TRUST-FUND"


@pytest.fixture
def two_years(bundled):
    """The bundled reports and the 2022 report."""
    document_ingest(path=SECOND_YEAR)
    return bundled


def initiatives(api, **params) -> list[dict]:
    response = api.get("/api/v1/initiatives/", {**params, "page_size": 1000})
    assert response.status_code == 200, response.json()
    return response.json()["results"]


class TestReferenceData:
    pytestmark = pytest.mark.django_db

    def test_every_programme_of_the_file_is_stored_with_its_managing_agency(self):
        rows = reference_rows("programmes.json")
        stored = {p.code: p for p in Programme.objects.select_related("agency")}
        assert set(stored) == {row["code"] for row in rows}
        for row in rows:
            agency = stored[row["code"]].agency
            assert (agency.code if agency else "") == row["agency"]

    def test_the_ibsa_fund_is_named_in_both_languages_and_managed_by_unossc(self):
        ibsa = Programme.objects.get(code="IBSA-FUND")
        assert ibsa.name_zh == "印度、巴西和南非减贫和消除饥饿基金"
        assert "印巴南基金" in ibsa.aliases_zh and "IBSA Fund" in ibsa.aliases_en
        assert ibsa.agency.code == "UNOSSC"
        assert ibsa.kind == Programme.Kind.FUND


class TestIngestion:
    pytestmark = pytest.mark.django_db

    def test_the_2021_report_links_its_initiatives_to_the_funds_it_names_with_evidence(self, bundled):
        facility = Initiative.objects.get(programmes__code="CHINA-IFAD-FACILITY")
        assert facility.paragraph.number == 14
        assert facility.funding_usd == 4_000_000
        spans = Evidence.objects.filter(field="programme", value="CHINA-IFAD-FACILITY")
        assert [e.text for e in spans] == ["中国-农发基金南南合作和三方合作机制"]
        assert set(
            Initiative.objects.filter(programmes__code=FAO_CHINA).values_list("paragraph__number", flat=True)
        ) == {64}

    def test_a_fund_acting_alone_is_written_without_an_agency(self, two_years):
        initiative = Initiative.objects.get(paragraph__document__symbol="A/77/297", paragraph__number=9)
        assert list(initiative.programmes.values_list("code", flat=True)) == ["IBSA-FUND"]
        assert not initiative.agencies.exists()


class TestFilters:
    pytestmark = pytest.mark.django_db

    def test_the_programme_filter_selects_the_initiatives_naming_it_in_every_report(self, api, two_years):
        found = initiatives(api, programme=FAO_CHINA.lower())
        assert {(i["document"]["symbol"], i["paragraph_number"]) for i in found} == {
            ("A/76/403", 64),
            ("A/77/297", 3),
            ("A/77/297", 4),
        }
        assert all(FAO_CHINA in [p["code"] for p in i["programmes"]] for i in found)

    def test_an_unknown_programme_is_refused_with_the_accepted_codes(self, api, two_years):
        response = api.get("/api/v1/initiatives/", {"programme": "NO-SUCH-FUND"})
        assert response.status_code == 400
        assert "IBSA-FUND" in response.json()["programme"][0]

    def test_the_agency_filter_includes_the_funds_it_manages_only_when_asked(self, api, two_years):
        named = {i["id"] for i in initiatives(api, agency="UNOSSC", document="A/77/297")}
        managed = {
            i["id"] for i in initiatives(api, agency="UNOSSC", include_managed="true", document="A/77/297")
        }
        acting_alone = Initiative.objects.get(paragraph__document__symbol="A/77/297", paragraph__number=9).pk
        assert acting_alone not in named
        assert acting_alone in managed and named < managed
        # The India-UN fund (UNOSSC) and Youth4South too; the China-IFAD facility is IFAD's.
        facility = Initiative.objects.get(paragraph__document__symbol="A/77/297", paragraph__number=5).pk
        assert facility not in managed

    def test_the_initiatives_page_filters_by_programme(self, client, two_years):
        response = client.get("/initiatives/", {"programme": "IBSA-FUND"})
        assert response.status_code == 200
        assert response.context["count"] == 2
        assert "印巴南基金" in response.content.decode()

    def test_the_schema_documents_the_new_filters(self, api):
        schema = api.get("/api/v1/schema/", {"format": "json"}).json()
        parameters = {p["name"]: p for p in schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
        assert "fund" in parameters["include_managed"]["description"]
        assert parameters["programme"]["example"] == [FAO_CHINA]
        assert "/api/v1/programmes/{code}/" in schema["paths"]


class TestTimeline:
    pytestmark = pytest.mark.django_db

    def test_the_fao_china_trust_fund_is_followed_from_2021_to_2022_report_by_report(self, two_years):
        timeline = programme_timeline(Programme.objects.get(code=FAO_CHINA))
        assert [year.year for year in timeline] == [2021, 2022]
        (first,), (second,) = (year.reports for year in timeline)
        assert first.document.symbol == "A/76/403" and second.document.symbol == "A/77/297"
        assert first.funding_usd == Decimal(130_000_000)
        assert second.funding_usd == Decimal(50_000_000)
        stated = {m.sentence: m.funding_usd for m in second.mentions}
        assert stated[
            "2022 年，中国政府为粮农组织-中国信托基金第三阶段提供了 5 000 万美元，用于扩大南南合作和三方合作举措。"
        ] == Decimal(50_000_000)
        assert [m.names for m in first.mentions] == [["粮农组织-中国信托基金"], ["粮农组织-中国南南合作方案"]]
        assert "8 000 万美元" in first.mentions[0].sentence

    def test_a_mention_belongs_to_the_initiative_whose_sentences_hold_it(self, two_years):
        timeline = programme_timeline(Programme.objects.get(code="IBSA-FUND"))
        (year,) = timeline
        (report,) = year.reports
        # Paragraph 8 names the fund in two sentences: who manages it, then what it allocated.
        assert [m.paragraph.number for m in report.mentions] == [8, 8, 9]
        funded = [m for m in report.mentions if m.funding_usd]
        assert [m.funding_usd for m in funded] == [8_600_000, 50_600_000]
        assert all(m.initiative is not None and m.initiative.paragraph_id == m.paragraph.pk for m in funded)
        assert report.funding_usd == Decimal(8_600_000 + 50_600_000)

    def test_the_timeline_reads_a_fixed_number_of_queries(self, two_years):
        with CaptureQueriesContext(connection) as small:
            programme_timeline(Programme.objects.get(code="PGTF"))
        with CaptureQueriesContext(connection) as large:
            programme_timeline(Programme.objects.get(code="SS-GALAXY"))
        assert len(small.captured_queries) == len(large.captured_queries)


class TestPages:
    pytestmark = pytest.mark.django_db

    def test_the_programme_page_shows_both_years_with_each_reports_funding_and_sentence(
        self, client, two_years
    ):
        response = client.get(f"/programmes/{FAO_CHINA.lower()}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert html.index('id="year-2021"') < html.index('id="year-2022"')
        assert "A/76/403" in html and "A/77/297" in html
        year_2021, year_2022 = html.split('id="year-2022"')
        assert "所述资金：1.3 亿美元" in year_2021 and "所述资金：5 000 万美元" in year_2022
        assert "中国政府为粮农组织-中国信托基金第三阶段提供了 5 000 万美元" in html
        assert "其中最大的基金是粮农组织-中国信托基金(由中国政府提供 8 000 万美元)" in html
        assert 'lang="zh-Hans"' in html

    def test_the_english_page_names_the_fund_and_its_agency_in_english(self, client, two_years):
        response = client.get("/programmes/IBSA-FUND/", HTTP_ACCEPT_LANGUAGE="en")
        html = response.content.decode()
        assert "India, Brazil and South Africa Facility for Poverty and Hunger Alleviation" in html
        assert "Managed by" in html and "United Nations Office for South-South Cooperation" in html
        assert "Funding stated: US$59.2 million" in html

    def test_the_chinese_page_is_in_chinese(self, client, two_years):
        html = client.get("/programmes/IBSA-FUND/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "<h1>印度、巴西和南非减贫和消除饥饿基金</h1>" in html
        assert "管理" in html

    def test_the_list_counts_the_initiatives_and_reports_of_each_programme(self, client, two_years):
        response = client.get("/programmes/")
        assert response.status_code == 200
        rows = {p.code: p for p in response.context["rows"]}
        assert rows[FAO_CHINA].reports == 2
        assert rows[FAO_CHINA].n == 4  # two in A/76/403, para. 64, and two in A/77/297

    def test_an_unknown_programme_is_not_found(self, client, bundled):
        assert client.get("/programmes/NO-SUCH-FUND/").status_code == 404


class TestApi:
    pytestmark = pytest.mark.django_db

    def test_the_list_gives_each_programme_with_its_agency_and_count(self, api, two_years):
        results = api.get("/api/v1/programmes/", {"page_size": 100}).json()["results"]
        by_code = {row["code"]: row for row in results}
        assert by_code["IBSA-FUND"]["agency"]["code"] == "UNOSSC"
        assert by_code["UNPDF"]["agency"] is None
        assert by_code[FAO_CHINA]["initiative_count"] == 4

    def test_the_list_filters_by_managing_agency_and_kind(self, api, bundled):
        managed = api.get("/api/v1/programmes/", {"agency": "IFAD"}).json()["results"]
        assert [row["code"] for row in managed] == ["CHINA-IFAD-FACILITY"]
        platforms = {
            row["code"] for row in api.get("/api/v1/programmes/", {"kind": "platform"}).json()["results"]
        }
        assert "SS-GALAXY" in platforms and "IBSA-FUND" not in platforms

    def test_the_detail_gives_the_timeline_with_each_reports_funding_and_sentences(self, api, two_years):
        body = api.get(f"/api/v1/programmes/{FAO_CHINA}/").json()
        assert [year["year"] for year in body["timeline"]] == [2021, 2022]
        first, second = (year["reports"][0] for year in body["timeline"])
        assert first["document"]["symbol"] == "A/76/403" and first["funding_usd"] == 130_000_000
        assert second["document"]["symbol"] == "A/77/297" and second["funding_usd"] == 50_000_000
        mention = next(m for m in second["mentions"] if m["funding_usd"])
        assert mention["citation"] == "A/77/297, para. 3"
        assert mention["amounts"][0]["text"] == "5 000 万美元"
        assert mention["initiative_id"] in {i["id"] for i in second["initiatives"]}

    def test_an_unknown_programme_is_a_404(self, api, bundled):
        assert api.get("/api/v1/programmes/NO-SUCH-FUND/").status_code == 404


class TestLanguages:
    pytestmark = pytest.mark.django_db

    def test_the_english_version_of_a_report_is_a_report_of_its_own_under_the_same_year(self, two_years):
        document_ingest(path=FIXTURES / "reports" / "A-76-403_en.txt")
        timeline = programme_timeline(Programme.objects.get(code=FAO_CHINA))
        assert [year.year for year in timeline] == [2021, 2022]
        reports = timeline[0].reports
        assert [(r.document.symbol, r.document.language) for r in reports] == [
            ("A/76/403", "en"),
            ("A/76/403", "zh"),
        ]
        english, chinese = reports
        assert english.lang == "en" and chinese.lang == "zh-Hans"
        assert english.funding_usd == chinese.funding_usd == Decimal(130_000_000)
        assert any("FAO-China Trust Fund (US$ 80 million" in m.sentence for m in english.mentions)


def test_an_initiatives_page_links_to_the_programmes_it_names(client, bundled):
    initiative = Initiative.objects.get(programmes__code="CHINA-IFAD-FACILITY")
    html = client.get(f"/initiatives/{initiative.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        '<a href="/programmes/CHINA-IFAD-FACILITY/">China-IFAD South-South and Triangular Cooperation Facility</a>'
        in html
    )
