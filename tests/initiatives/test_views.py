"""The HTML pages on the bundled reports: every page in both languages, filters, names, highlights and escaping."""

import re

import pytest
from django.core.cache import cache
from django.db.models import Q
from django.http import QueryDict

from ingest.services import document_ingest
from initiatives import search
from initiatives.facets import cached_facets_of_all
from initiatives.filters import InitiativeFilterSet
from initiatives.models import Agency, Country, Document, Initiative, Paragraph, Region
from initiatives.querysets import initiatives_with_details
from initiatives.search import index_paragraphs
from initiatives.selectors import documents as reader

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"


def _get(client, url: str, language: str = "zh-hans"):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def _page_urls(bundled) -> list[str]:
    report = bundled["A/76/403"]
    initiative = Initiative.objects.filter(paragraph__document=report, is_active=True).first()
    return [
        "/",
        "/initiatives/",
        "/initiatives/?q=疫苗",
        "/initiatives/?agency=FAO&country=ETH&ordering=-funding",
        f"/initiatives/{initiative.pk}/",
        "/agencies/",
        "/agencies/FAO/",
        "/countries/",
        "/countries/ETH/",
        "/regions/",
        "/regions/africa/",
        "/sdgs/",
        "/sdgs/2/",
        "/themes/",
        "/themes/health/",
        "/documents/",
        f"/documents/{report.pk}/",
        f"/documents/{bundled['A/RES/76/221'].pk}/",
        "/about/",
    ]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_page_answers_in_both_languages(client, bundled, language):
    for url in _page_urls(bundled):
        response = _get(client, url, language)
        assert response.status_code == 200, url
        html_lang = "en" if language == "en" else "zh-Hans"
        assert f'<html lang="{html_lang}">' in response.content.decode(), url


def test_an_unknown_entity_is_not_found(client, bundled):
    for url in [
        "/agencies/NOPE/",
        "/countries/XXX/",
        "/regions/atlantis/",
        "/sdgs/18/",
        "/initiatives/999999/",
    ]:
        assert _get(client, url).status_code == 404, url


def test_the_interface_speaks_the_active_language(client, bundled):
    chinese = _get(client, "/initiatives/").content.decode()
    english = _get(client, "/initiatives/", "en").content.decode()
    assert "筛选" in chinese and "下载 CSV" in chinese
    assert "Filters" in english and "Download CSV" in english
    assert "筛选" not in english


@pytest.mark.parametrize(
    "query",
    [
        "agency=FAO",
        "country=ETH",
        "region=africa&covid=true",
        "agency=UNDP&agency=FAO",
        "agency=UNDP,FAO&modality=triangular",
        "sdg=2&theme=agriculture-food",
        "q=疫苗",
        "q=UNDP",
        "has_funding=true&ordering=-funding",
        "year_min=2021",
    ],
)
def test_the_list_shows_what_the_filterset_selects(client, bundled, query):
    params = QueryDict(query)
    expected = list(
        InitiativeFilterSet(params, queryset=initiatives_with_details()).qs.values_list("pk", flat=True)
    )
    assert expected, "each of these selections holds initiatives in the bundled reports"
    response = _get(client, f"/initiatives/?{query}")
    shown = [i.pk for i in response.context["page"].paginator.object_list]
    assert shown == expected
    assert response.context["count"] == len(expected)
    download = params.copy()
    download["bom"] = "1"
    assert f"/api/v1/initiatives/download.csv?{download.urlencode()}" in response.content.decode().replace(
        "&amp;", "&"
    )


def test_a_search_past_the_ranking_limit_counts_every_match_and_says_it_lists_the_best(
    client, bundled, monkeypatch
):
    monkeypatch.setattr(search, "CANDIDATES", 4)
    matching = search.matching(initiatives_with_details(), "南南合作")
    response = _get(client, "/initiatives/?q=南南合作", language="en")
    assert response.context["count"] == matching.count() > 4
    assert len(response.context["page"].paginator.object_list) == 4
    assert "The 4 best matches are listed" in response.content.decode()
    few = _get(client, "/initiatives/?q=非洲进出口银行", language="en")
    assert 0 < few.context["count"] <= 4 and "best matches" not in few.content.decode()


def test_filtering_by_an_agency_then_a_country_narrows_the_list_and_counts_match(client, bundled):
    fao = _get(client, "/initiatives/?agency=FAO").context
    fao_ids = {i.pk for i in fao["page"].paginator.object_list}
    assert fao_ids
    countries = next(g for g in fao["facets"] if g["param"] == "country")["options"]
    country = countries[0]
    narrowed = _get(client, f"/initiatives/?agency=FAO&country={country['value']}").context
    narrowed_ids = {i.pk for i in narrowed["page"].paginator.object_list}
    # The count beside the option is the number of results once it is chosen.
    assert len(narrowed_ids) == country["count"]
    assert narrowed_ids <= fao_ids
    for initiative in Initiative.objects.filter(pk__in=narrowed_ids):
        assert initiative.agencies.filter(code="FAO").exists()
        assert initiative.countries.filter(iso3=country["value"]).exists()


def test_every_active_filter_is_a_chip_that_removes_only_itself(client, bundled):
    response = _get(client, "/initiatives/?agency=FAO&agency=UNDP&covid=true&page=1", "en")
    chips = {chip["label"]: chip["url"] for chip in response.context["chips"]}
    assert chips == {
        "Agency: FAO": "?agency=UNDP&covid=true",
        "Agency: UNDP": "?agency=FAO&covid=true",
        "COVID-19: yes": "?agency=FAO&agency=UNDP",
    }


def test_entity_names_follow_the_active_language(client, bundled):
    ethiopia = Country.objects.get(iso3="ETH")
    chinese = _get(client, "/countries/ETH/").content.decode()
    english = _get(client, "/countries/ETH/", "en").content.decode()
    assert f"<h1>{ethiopia.name_zh}</h1>" in chinese
    assert f"<h1>{ethiopia.name_en}</h1>" in english
    fao = Agency.objects.get(code="FAO")
    assert f"<h1>{fao.name_zh}</h1>" in _get(client, "/agencies/FAO/").content.decode()
    assert f"<h1>{fao.name_en}</h1>" in _get(client, "/agencies/FAO/", "en").content.decode()


def test_a_country_page_lists_the_agencies_that_work_with_it(client, bundled):
    context = _get(client, "/countries/ETH/").context
    expected = set(
        Agency.objects.filter(initiatives__countries__iso3="ETH", initiatives__is_active=True).values_list(
            "code", flat=True
        )
    )
    assert expected
    assert {p.code for p in context["partners"]} == expected


def test_an_agency_page_totals_the_funding_of_its_initiatives(client, bundled):
    context = _get(client, "/agencies/FAO/").context
    initiatives = Initiative.objects.filter(agencies__code="FAO", is_active=True)
    assert context["count"] == initiatives.count()
    amounts = [i.funding_usd for i in initiatives if i.funding_usd is not None]
    assert context["funding"] == (sum(amounts) if amounts else None)


def test_the_home_page_draws_the_charts_and_the_map(client, bundled):
    response = _get(client, "/")
    html = response.content.decode()
    assert html.count('<rect class="bar"') >= 20
    assert len(re.findall(r'<path class="level-\d" d="M', html)) > 150
    # A partner country is shaded and links to its page.
    china = Country.objects.get(iso3="CHN")
    link = (
        r'<a href="/countries/CHN/" aria-label="' + china.name_zh + r'：\d+ 项举措"><path class="level-[1-5]"'
    )
    assert re.search(link, html)
    assert response.context["facets"]["count"] == Initiative.objects.filter(is_active=True).count()


def test_an_initiative_page_shows_its_paragraph_highlighted_and_its_citation(client, bundled):
    paragraph = Paragraph.objects.get(document=bundled["A/76/403"], number=11)
    initiative = paragraph.initiatives.first()
    html = _get(client, f"/initiatives/{initiative.pk}/", "en").content.decode()
    assert (
        '<mark class="hl hl-agency" tabindex="0" data-label="Agency: African Union">非洲联盟</mark>' in html
    )
    assert (
        '<mark class="hl hl-amount" tabindex="0" data-label="Amount: US$2 billion (funding, because the text says “融资”)">20 亿美元</mark>'
        in html
    )
    assert '<cite id="citation">A/76/403, para. 11</cite>' in html
    assert 'data-copy="A/76/403, para. 11"' in html
    assert f'href="/documents/{paragraph.document_id}/?at={paragraph.order}#para-11"' in html
    for agency in initiative.agencies.all():
        assert f'href="/agencies/{agency.code}/"' in html


def test_the_document_reader_numbers_paragraphs_and_links_those_with_initiatives(client, bundled):
    report = bundled["A/76/403"]
    response = _get(client, f"/documents/{report.pk}/")
    html = response.content.decode()
    assert html.count('class="para') >= 86
    assert 'id="para-86"' in html
    initiative = Initiative.objects.filter(paragraph__document=report, is_active=True).first()
    assert f'href="/initiatives/{initiative.pk}/"' in html
    # The footnotes of paragraph 2 are printed under it.
    assert "疫苗不公平损及全球经济复苏" in html


def test_the_document_reader_pages_a_long_document_and_finds_the_page_of_a_paragraph(
    client, bundled, monkeypatch
):
    monkeypatch.setattr(reader, "READER_PAGE", 20)
    report = bundled["A/76/403"]
    paragraphs = list(report.paragraphs.order_by("order"))
    first = _get(client, f"/documents/{report.pk}/")
    html = first.content.decode()
    assert html.count('<div class="para') == 20
    assert 'id="para-86"' not in html and 'rel="next"' in html
    # Every chapter is in the contents, with the page that holds it.
    chapters = first.context["chapters"]
    assert len(chapters) > 1 and all(c["page"] >= 1 for c in chapters)
    later = next(c for c in chapters if c["page"] > 1)
    assert f'href="?page={later["page"]}#{later["anchor"]}"' in html
    target = next(p for p in paragraphs if p.number == 86)
    page = _get(client, f"/documents/{report.pk}/?at={target.order}")
    assert 'id="para-86"' in page.content.decode()
    assert page.context["page"].number == paragraphs.index(target) // 20 + 1
    # A heading that begins on a later page is shown there with the anchor the contents link to.
    on_its_page = _get(client, f"/documents/{report.pk}/?page={later['page']}").content.decode()
    assert f'id="{later["anchor"]}"' in on_its_page


@pytest.fixture
def hostile(bundled):
    """A paragraph whose text and initiative title carry markup, as a malicious document could."""
    document = bundled["A/76/403"]
    text = f"粮农组织在埃塞俄比亚开展南南合作{SCRIPT}项目{IMG}，金额 100 万美元。"
    paragraph = Paragraph.objects.create(
        document=document,
        order=10_000,
        number=999,
        text=text,
        footnotes=[{"marker": "9", "text": IMG}],
        section=[{"number": "九", "heading": SCRIPT}],
    )
    initiative = Initiative.objects.create(
        paragraph=paragraph, order=1, title=f"恶意标题{SCRIPT}", start=0, end=len(text), text=text
    )
    initiative.agencies.add(Agency.objects.get(code="FAO"))
    paragraph.evidence.create(field="agency", start=0, end=4, text="粮农组织", value=f'FAO"{IMG}')
    index_paragraphs([paragraph.pk])
    return initiative


def _assert_escaped(html: str):
    assert SCRIPT not in html
    assert IMG not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_document_text_is_escaped_on_every_page(client, hostile):
    pages = [
        "/initiatives/?agency=FAO",
        f"/initiatives/{hostile.pk}/",
        f"/documents/{hostile.paragraph.document_id}/",
        "/agencies/FAO/",
    ]
    for url in pages:
        html = _get(client, url).content.decode()
        assert hostile.title.replace("<", "&lt;").replace(">", "&gt;") in html, url
        _assert_escaped(html)
    assert (
        "&lt;img src=x onerror=alert(1)&gt;" in _get(client, f"/initiatives/{hostile.pk}/").content.decode()
    )


def test_search_snippets_mark_the_words_and_escape_the_rest(client, hostile):
    response = _get(client, "/initiatives/?q=alert")
    assert hostile in response.context["page"].object_list
    html = response.content.decode()
    _assert_escaped(html)
    assert "<mark>alert</mark>" in html


def test_the_language_switcher_sets_the_language_for_the_next_pages(client, bundled):
    response = client.get("/language/", {"language": "en", "next": "/countries/ETH/"})
    assert response.status_code == 302
    assert response["Location"] == "/countries/ETH/"
    assert "<h1>Ethiopia</h1>" in client.get("/countries/ETH/").content.decode()


def test_documents_are_listed_with_their_counts(client, bundled):
    response = _get(client, "/documents/")
    rows = {d.symbol: d for d in response.context["documents"]}
    assert (
        rows["A/76/403"].initiative_count
        == Initiative.objects.filter(paragraph__document__symbol="A/76/403", is_active=True).count()
    )
    assert Document.objects.count() == len(rows)


def test_the_document_choice_lists_the_documents_of_the_selection_with_their_counts(client, bundled):
    documents = _get(client, "/initiatives/?covid=true").context["documents"]
    covid = Initiative.objects.filter(is_active=True, covid=True)
    assert {d["symbol"]: d["count"] for d in documents} == {
        symbol: covid.filter(paragraph__document__symbol=symbol).count()
        for symbol in set(covid.values_list("paragraph__document__symbol", flat=True))
    }
    # The document filter itself is left out, so that another document can still be chosen.
    chosen = _get(client, "/initiatives/?document=A/76/403").context["documents"]
    assert {d["symbol"] for d in chosen} == {"A/76/403", "A/RES/76/221"} & {
        d.paragraph.document.symbol
        for d in Initiative.objects.filter(is_active=True).select_related("paragraph__document")
    }


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_regions_page_never_lists_two_regions_under_one_name(client, bundled, language):
    html = _get(client, "/regions/", language).content.decode()
    names = re.findall(r'<a href="/regions/[^/"]+/">([^<]+)</a>', html)
    assert len(names) == Region.objects.count()
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert html.count('href="/regions/africa/"') == 1


def test_the_greater_mekong_subregion_counts_china_only_where_a_text_names_the_subregion(client, bundled):
    mekong = Region.objects.get(code="greater-mekong")
    context = _get(client, "/regions/greater-mekong/").context
    active = Initiative.objects.filter(is_active=True)
    wholly_inside = ["KHM", "LAO", "MMR", "THA", "VNM"]
    expected = active.filter(Q(regions=mekong) | Q(countries__iso3__in=wholly_inside)).distinct()
    assert context["count"] == expected.count()
    # The scholarships for Rwanda and Sierra Leone and the FAO-China trust fund are China's alone.
    china_only = active.filter(countries__iso3="CHN").exclude(pk__in=expected.values("pk"))
    assert china_only.filter(text__contains="中非农业合作国际方案").exists()
    assert china_only.filter(text__contains="粮农组织-中国").exists()
    listed = {row["code"]: row["count"] for row in cached_facets_of_all()["regions"]}
    assert listed["greater-mekong"] == expected.count() < 15


def test_a_region_page_says_how_its_count_was_made(client, bundled):
    mekong = _get(client, "/regions/greater-mekong/")
    counted = mekong.context["region_count"]
    assert counted["named"] + counted["through_countries"] == mekong.context["count"]
    assert (
        counted["named"]
        == Initiative.objects.filter(is_active=True, regions__code="greater-mekong").count()
        >= 1
    )
    assert [c.iso3 for c in counted["partly_inside"]] == ["CHN"]
    html = mekong.content.decode()
    assert "这个数字如何得出" in html and "仅部分位于其中" in html
    assert '<a href="/countries/CHN/">中国</a>' in html
    english = _get(client, "/regions/greater-mekong/", "en").content.decode()
    assert "Only partly inside it" in english and "countries wholly inside it" in english
    africa = _get(client, "/regions/africa/", "en")
    counted = africa.context["region_count"]
    assert counted["whole"] and counted["members"] == 54 and counted["through_countries"] > 0
    assert counted["named"] + counted["through_countries"] == africa.context["count"]
    assert "member countries: each lies wholly inside it" in africa.content.decode()
    south = _get(client, "/regions/global-south/", "en").content.decode()
    assert "It has no member countries: only the initiatives that name it count." in south


def test_a_grouping_of_part_of_a_country_counts_its_mentions_and_the_countries_wholly_inside(
    client, bundled, tmp_path
):
    def counts() -> dict[str, int]:
        return {
            code: _get(client, f"/regions/{code}/").context["count"] for code in ("greater-mekong", "africa")
        }

    before = counts()
    path = tmp_path / "written.txt"
    path.write_text(
        "1. 开发署与中国政府合作举办了一次农业讲习班。\n\n"
        "2. 开发署与柬埔寨政府合作举办了一次农业讲习班。\n\n"
        "3. 开发署在大湄公河次区域举办了一次农业讲习班。\n\n"
        "4. 开发署与埃塞俄比亚政府合作举办了一次农业讲习班。\n",
        encoding="utf-8",
    )
    document_ingest(path=path, symbol="A/99/1")
    cache.clear()
    after = counts()
    # China lies only partly inside the subregion; Cambodia wholly; Ethiopia is a member of Africa.
    assert after["greater-mekong"] == before["greater-mekong"] + 2
    assert after["africa"] == before["africa"] + 1
