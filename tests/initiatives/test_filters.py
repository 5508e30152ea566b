"""One test per filter of every FilterSet, on the bundled reports as ingested."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from initiatives.entity_filters import (
    AgencyFilterSet,
    CountryFilterSet,
    DocumentFilterSet,
    RegionFilterSet,
    SdgFilterSet,
    ThemeFilterSet,
)
from initiatives.filters import InitiativeFilterSet, ParagraphFilterSet
from initiatives.models import Agency, Country, Document, Initiative, Paragraph, Region, Sdg, Theme

pytestmark = pytest.mark.django_db


def active():
    return Initiative.objects.filter(is_active=True)


def filtered(query: str, filterset=InitiativeFilterSet, queryset=None):
    form = filterset(QueryDict(query), queryset=active() if queryset is None else queryset)
    assert form.is_valid(), form.errors
    return form.qs


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


class TestInitiativeFilters:
    def test_agency_keeps_the_initiatives_that_name_the_agency(self, bundled):
        result = filtered("agency=IFAD")
        assert ids(result) == ids(active().filter(agencies__code="IFAD"))
        assert "中国-农发基金南南合作和三方合作机制：指定 400 万美元" in titles(result)

    def test_agency_repeated_or_comma_separated_matches_any_and_ignores_case(self, bundled):
        either = ids(active().filter(agencies__code__in=["IFAD", "FAO"]))
        assert ids(filtered("agency=IFAD&agency=FAO")) == either
        assert ids(filtered("agency=ifad,fao")) == either
        # An initiative naming both appears once.
        assert filtered("agency=IFAD&agency=FAO").count() == len(either)

    def test_country_keeps_the_initiatives_that_name_the_country(self, bundled):
        result = filtered("country=CHN")
        assert ids(result) == ids(active().filter(countries__iso3="CHN"))
        assert "粮农组织-中国信托基金：提供 8 000 万美元" in titles(result)

    def test_region_includes_the_countries_of_the_region_and_explicit_mentions(self, bundled):
        result = ids(filtered("region=africa"))
        explicit = ids(active().filter(regions__code="africa"))
        by_country = ids(active().filter(countries__regions__code="africa"))
        assert explicit and by_country - explicit
        assert result == explicit | by_country
        # Paragraph 42 names Kenya and Congo, not Africa.
        assert "粮食署：实施南南合作和三方合作试点项目第二阶段" in titles(filtered("region=africa"))

    def test_sdg_keeps_the_initiatives_serving_the_goal(self, bundled):
        result = filtered("sdg=2")
        assert ids(result) == ids(active().filter(sdgs__number=2))
        assert result.exists()

    def test_theme_keeps_the_initiatives_on_the_theme(self, bundled):
        result = filtered("theme=health")
        assert ids(result) == ids(active().filter(themes__code="health"))
        assert "世卫组织：牵头制定了国家部署和疫苗接种计划" in titles(result)

    def test_covid_splits_the_initiatives_in_two(self, bundled):
        with_covid, without = ids(filtered("covid=true")), ids(filtered("covid=false"))
        assert with_covid and without
        assert with_covid.isdisjoint(without) and with_covid | without == ids(active())
        assert all(active().get(pk=pk).covid for pk in with_covid)

    def test_climate_splits_the_initiatives_in_two(self, bundled):
        with_climate, without = ids(filtered("climate=true")), ids(filtered("climate=false"))
        assert with_climate and without
        assert with_climate.isdisjoint(without) and with_climate | without == ids(active())
        assert ids(active().filter(climate=True)) == with_climate

    def test_modality_keeps_triangular_cooperation_and_what_is_stated_as_both(self, bundled):
        result = filtered("modality=triangular")
        assert set(result.values_list("modality", flat=True)) == {"triangular", "both"}
        assert ids(filtered("modality=south_south")) & ids(result) == ids(filtered("modality=both"))

    def test_modality_not_stated_is_a_value_of_its_own(self, bundled):
        result = filtered("modality=not_stated")
        assert result.exists() and set(result.values_list("modality", flat=True)) == {""}

    def test_year_min_keeps_initiatives_active_in_or_after_the_year(self, bundled):
        result = filtered("year_min=2021")
        assert result.exists()
        assert all(year_max >= 2021 for year_max in result.values_list("year_max", flat=True))
        assert ids(active().filter(year_max__gte=2021)) == ids(result)

    def test_year_max_keeps_initiatives_active_in_or_before_the_year(self, bundled):
        result = filtered("year_max=2020")
        assert result.exists()
        assert all(year_min <= 2020 for year_min in result.values_list("year_min", flat=True))
        assert not ids(result) & ids(active().filter(year_min=None))

    def test_funding_min_keeps_initiatives_with_at_least_that_much(self, bundled):
        result = filtered("funding_min=50000000")
        assert titles(result) == {
            "非洲疫苗采购工作队倡议：购买疫苗",
            "粮农组织-中国信托基金：提供 8 000 万美元",
            "粮农组织：开展协作（粮农组织-中国南南合作方案）",
        }

    def test_funding_max_keeps_initiatives_with_at_most_that_much(self, bundled):
        result = filtered("funding_max=1000000")
        assert result.exists()
        assert max(result.values_list("funding_usd", flat=True)) <= Decimal(1_000_000)
        assert "南南合作办公室：调集 260 000 美元" in titles(result)

    def test_has_funding_separates_funded_initiatives(self, bundled):
        funded = filtered("has_funding=true")
        assert funded.count() == active().exclude(funding_usd=None).count() > 0
        assert not filtered("has_funding=false").exclude(funding_usd=None).exists()

    def test_document_accepts_a_symbol_or_an_id(self, bundled):
        report = bundled["A/76/403"]
        by_symbol, by_id = ids(filtered("document=A/76/403")), ids(filtered(f"document={report.pk}"))
        assert by_symbol == by_id == ids(active().filter(paragraph__document=report))
        assert not filtered("document=A/RES/76/221").exists()

    def test_kind_filters_on_the_kind_of_the_paragraph(self, bundled):
        assert ids(filtered("kind=initiative")) == ids(active().filter(paragraph__kind="initiative"))
        assert not filtered("kind=context").exists()

    def test_q_finds_initiatives_by_text_and_orders_them_by_relevance(self, bundled):
        result = filtered("q=粮食")
        assert result.exists()
        assert all("粮食" in p.text for p in Paragraph.objects.filter(initiatives__in=result))
        ranks = list(result.values_list("search_rank", flat=True))
        assert ranks == sorted(ranks, reverse=True)

    def test_ordering_by_descending_funding_puts_the_largest_first_and_unfunded_last(self, bundled):
        funding = list(filtered("ordering=-funding").values_list("funding_usd", flat=True))
        assert funding[0] == Decimal("2000000000.00")
        assert funding[-1] is None
        known = [f for f in funding if f is not None]
        assert known == sorted(known, reverse=True)

    def test_ordering_by_year_puts_the_earliest_first(self, bundled):
        years = [y for y in filtered("ordering=year").values_list("year_min", flat=True) if y is not None]
        assert years and years == sorted(years)

    def test_initiatives_are_listed_by_document_then_paragraph_then_their_own_order(self, bundled):
        keys = list(filtered("").values_list("paragraph__document_id", "paragraph__order", "order"))
        assert len(keys) > 50
        assert keys == sorted(keys)

    def test_ordering_by_document_follows_the_paragraphs(self, bundled):
        positions = list(filtered("q=粮食&ordering=document").values_list("paragraph__order", "order"))
        assert positions == sorted(positions)

    @pytest.mark.parametrize(
        "query, parameter",
        [
            ("agency=XYZ", "agency"),
            ("country=XX", "country"),
            ("region=atlantis", "region"),
            ("sdg=18", "sdg"),
            ("theme=space", "theme"),
            ("covid=maybe", "covid"),
            ("climate=2", "climate"),
            ("modality=bilateral", "modality"),
            ("year_min=1.5", "year_min"),
            ("year_max=x", "year_max"),
            ("funding_min=abc", "funding_min"),
            ("funding_max=-1", "funding_max"),
            ("has_funding=perhaps", "has_funding"),
            ("document=A/99/999", "document"),
            ("kind=poem", "kind"),
            ("ordering=random", "ordering"),
        ],
    )
    def test_an_unusable_value_makes_the_filter_invalid_and_says_what_is_accepted(
        self, bundled, query, parameter
    ):
        form = InitiativeFilterSet(QueryDict(query), queryset=active())
        assert not form.is_valid()
        assert list(form.errors) == [parameter]
        assert "Accepted values" in form.errors[parameter][0]


class TestParagraphFilters:
    def paragraphs(self, query):
        return filtered(query, ParagraphFilterSet, Paragraph.objects.all())

    def test_agency_keeps_the_paragraphs_that_name_the_agency(self, bundled):
        assert ids(self.paragraphs("agency=FAO")) == ids(Paragraph.objects.filter(agencies__code="FAO"))

    def test_region_includes_paragraphs_naming_a_member_country(self, bundled):
        result = ids(self.paragraphs("region=africa"))
        by_country = ids(Paragraph.objects.filter(countries__regions__code="africa"))
        assert result == ids(Paragraph.objects.filter(regions__code="africa")) | by_country

    def test_kind_keeps_the_paragraphs_of_that_kind(self, bundled):
        result = self.paragraphs("kind=recommendation")
        assert result.exists()
        assert set(result.values_list("kind", flat=True)) == {"recommendation"}

    def test_has_funding_keeps_paragraphs_stating_funding(self, bundled):
        funded = self.paragraphs("has_funding=true")
        numbers = set(funded.values_list("number", flat=True))
        assert {11, 14, 64} <= numbers
        assert ids(funded).isdisjoint(ids(self.paragraphs("has_funding=false")))

    def test_document_keeps_the_paragraphs_of_the_resolution(self, bundled):
        result = self.paragraphs("document=a/res/76/221")
        assert result.count() == Paragraph.objects.filter(document=bundled["A/RES/76/221"]).count() > 0

    def test_q_finds_paragraphs_by_text(self, bundled):
        result = self.paragraphs("q=疫苗&covid=true")
        assert result.exists()
        assert all("疫苗" in p.text and p.covid for p in result)


class TestEntityFilters:
    def test_agency_kind_keeps_the_regional_commissions(self, bundled):
        result = filtered("kind=regional_commission", AgencyFilterSet, Agency.objects.all())
        assert {"ECA", "ECLAC", "ESCAP", "ESCWA"} <= set(result.values_list("code", flat=True))
        assert set(result.values_list("kind", flat=True)) == {"regional_commission"}

    def test_agency_is_reference_false_lists_organisations_found_only_in_the_reports(self, bundled):
        result = filtered("is_reference=false", AgencyFilterSet, Agency.objects.all())
        assert "中国农业农村部" in set(result.values_list("name_zh", flat=True))

    def test_agency_q_matches_chinese_names(self, bundled):
        result = filtered("q=开发计划署", AgencyFilterSet, Agency.objects.all())
        assert "UNDP" in set(result.values_list("code", flat=True))

    def test_country_region_lists_its_members(self, bundled):
        result = filtered("region=m49-202", CountryFilterSet, Country.objects.all())
        codes = set(result.values_list("iso3", flat=True))
        assert {"KEN", "NGA", "ZAF"} <= codes and "EGY" not in codes

    def test_country_q_matches_names_in_both_languages(self, bundled):
        assert set(
            filtered("q=肯尼亚", CountryFilterSet, Country.objects.all()).values_list("iso3", flat=True)
        ) == {"KEN"}
        assert "KEN" in set(
            filtered("q=kenya", CountryFilterSet, Country.objects.all()).values_list("iso3", flat=True)
        )

    def test_region_kind_keeps_the_groupings(self, bundled):
        result = filtered("kind=grouping", RegionFilterSet, Region.objects.all())
        assert {"africa", "ldc", "sids"} <= set(result.values_list("code", flat=True))
        assert "m49-002" not in set(result.values_list("code", flat=True))

    def test_sdg_q_matches_the_goal_name(self, bundled):
        assert list(filtered("q=饥饿", SdgFilterSet, Sdg.objects.all()).values_list("number", flat=True)) == [
            2
        ]

    def test_theme_sdg_keeps_themes_linked_to_the_goal(self, bundled):
        result = filtered("sdg=3", ThemeFilterSet, Theme.objects.all())
        assert "health" in set(result.values_list("code", flat=True))
        assert all(3 in theme.sdgs.values_list("number", flat=True) for theme in result)

    def test_theme_q_matches_the_theme_name(self, bundled):
        assert "health" in set(
            filtered("q=卫生", ThemeFilterSet, Theme.objects.all()).values_list("code", flat=True)
        )

    def test_document_kind_year_language_and_q(self, bundled):
        documents = Document.objects.all()
        assert set(
            filtered("kind=resolution", DocumentFilterSet, documents).values_list("symbol", flat=True)
        ) == {"A/RES/76/221"}
        assert filtered("year=2021&language=zh", DocumentFilterSet, documents).count() == 2
        assert not filtered("year=2020", DocumentFilterSet, documents).exists()
        assert set(filtered("q=76/403", DocumentFilterSet, documents).values_list("symbol", flat=True)) == {
            "A/76/403"
        }
