"""The region extractor on the 2021 report, alone and with the regions inside agency names dropped;
then the regions the pipeline gives each initiative, on the report and on paragraphs written for the purpose."""

import json
from functools import cache

import pytest

from bench import extraction_regions
from bench.extraction_regions import EXPECTED, regions_score
from ingest.extraction.agencies import AgencyReader
from ingest.extraction.overlap import drop_inside
from ingest.extraction.pipeline import extract_document
from ingest.extraction.regions import find_regions
from ingest.parsing import ParsedParagraph
from tests.conftest import extracted_report, parsed_report


@cache
def report() -> dict[int, str]:
    return {p.number: p.text for p in parsed_report().paragraphs}


@cache
def agency_spans() -> dict[int, list]:
    reader = AgencyReader()
    return {number: reader.read(text) for number, text in report().items()}


def regions_in(number: int) -> set[str]:
    """The regions of a paragraph once those inside organisations' names are dropped."""
    text = report()[number]
    return {span.value for span in drop_inside(find_regions(text), agency_spans()[number])}


def test_every_span_is_the_text_it_points_at():
    for text in report().values():
        for span in find_regions(text):
            assert text[span.start : span.end] == span.text
            assert span.field == "region"


def test_it_reads_the_global_south():
    assert regions_in(8) == {"global-south"}


def test_it_reads_africa_but_not_inside_the_african_union_or_its_bank():
    # The African Union's member States (非洲联盟成员国) are Africa; the Union itself is not.
    text = report()[11]
    assert [s.text for s in find_regions(text)].count("非洲") == 4
    kept = drop_inside(find_regions(text), agency_spans()[11])
    assert [s.text for s in kept] == ["非洲", "非洲区域", "非洲联盟成员国", "非洲"]
    assert {s.value for s in kept} == {"africa"}


def test_it_reads_the_arab_states_region_and_not_west_asia_inside_escwa():
    assert regions_in(15) == {"arab-states", "europe-cis"}


def test_it_reads_africa_in_paragraph_20():
    assert regions_in(20) == {"africa"}


def test_it_reads_west_and_middle_africa_in_paragraph_29():
    assert regions_in(29) == {"west-africa", "central-africa"}


def test_it_reads_the_greater_mekong_subregion():
    assert regions_in(34) == {"greater-mekong"}


def test_it_reads_the_pacific_islands():
    assert regions_in(35) == {"pacific-islands"}


def test_it_reads_landlocked_and_small_island_developing_states_as_themselves():
    assert regions_in(36) == {"lldc", "sids"}


def test_it_reads_asia_pacific_but_not_inside_escap():
    assert "asia-pacific" in regions_in(45)
    escap = [s for s in agency_spans()[45] if s.value == "ESCAP"]
    assert all(
        not (a.start <= r.start and r.end <= a.end)
        for a in escap
        for r in drop_inside(find_regions(report()[45]), escap)
    )


def test_it_counts_the_caribbean_community_as_an_organisation_not_also_as_a_grouping():
    text = "泛美卫生组织与加勒比共同体合作举办了一次讲习班。"
    assert {s.value for s in find_regions(text)} == {"caricom"}
    assert {s.value for s in drop_inside(find_regions(text), AgencyReader().read(text))} == set()


def test_it_reads_no_region_in_china_africa_cooperation():
    assert regions_in(78) == set()
    assert find_regions("中非农业合作国际方案") == []
    assert find_regions("中非共和国") == []


def test_it_does_not_read_west_asia_inside_indonesia():
    assert regions_in(55) == {"africa"}
    assert find_regions("印度尼西亚和马来西亚") == []


def test_it_does_not_read_the_americas_inside_ibero_america():
    assert regions_in(83) == {"global-south"}


def test_it_reads_the_least_developed_countries():
    assert regions_in(84) == {"ldc"}


def test_it_reads_latin_america_and_the_caribbean_as_one_region():
    spans = find_regions(report()[57])
    assert ("拉丁美洲和加勒比", "latin-america-caribbean") in [(s.text, s.value) for s in spans]
    assert "加勒比" not in [s.text for s in spans]


# A region in a division's or bureau's name, a region of a project's sentence: the whole pipeline.


@cache
def extracted() -> dict[int, object]:
    return {p.number: x for p, x in extracted_report()}


def initiative_with(number: int, words: str):
    return next(i for i in extracted()[number].initiatives if words in i.text)


def written(*sentences: str):
    text = "".join(sentences)
    paragraph = ParsedParagraph(order=1, number=1, section=(), text=text, footnotes=())
    (extraction,) = extract_document([paragraph])
    return extraction


@pytest.mark.parametrize("number", [26, 75])
def test_the_arab_states_europe_and_cis_division_tags_its_regions_where_its_work_concerns_them(number):
    # 26 names the regions again (推进阿拉伯国家、欧洲和独联体南南合作); 75 points at them (这两个区域).
    (initiative,) = extracted()[number].initiatives
    assert initiative.regions == ("arab-states", "europe-cis")


def test_the_asia_pacific_division_tags_its_region_where_it_surveys_the_region():
    assert initiative_with(24, "亚洲及太平洋司").regions == ("asia-pacific", "global-south")


def test_undp_s_europe_and_central_asia_hub_tags_europe_and_the_cis_where_its_partners_lie():
    # 开发署欧洲和中亚区域中心 is the Istanbul hub of UNDP's Europe and CIS bureau.
    initiative = initiative_with(63, "欧洲和中亚区域中心")
    assert initiative.regions == ("europe-cis",)


def test_a_division_of_two_regions_working_with_a_country_of_one_tags_only_that_one():
    extraction = written("该办公室的阿拉伯国家、欧洲和独联体司与埃及政府合作举办了一次讲习班。")
    assert extraction.regions == ("arab-states",)


def test_the_uganda_and_tanzania_initiative_carries_africa_and_not_latin_america():
    extraction = extracted()[57]
    africa = initiative_with(57, "乌干达")
    assert africa.regions == ("africa",)
    assert africa.countries == ("TZA", "UGA")
    # Latin America and the Caribbean is where the trilateral project (该项目) worked.
    (project,) = [i for i in extraction.initiatives if "latin-america-caribbean" in i.regions]
    assert "三方合作项目" in project.text
    assert "asia-pacific" in project.regions


def test_a_bureau_named_for_one_region_working_in_another_tags_only_the_other():
    extraction = written("开发署非洲区域局资助了在亚洲及太平洋地区举办的一次南南合作讲习班。")
    assert extraction.regions == ("asia-pacific",)
    assert extraction.initiatives[0].regions == ("asia-pacific",)


def test_a_division_at_work_outside_its_regions_tags_none_of_them():
    extraction = written("该办公室的阿拉伯国家、欧洲和独联体司在纽约组织了一次全球发展博览会。")
    assert extraction.regions == ()


def test_a_division_working_with_a_country_of_its_region_tags_the_region():
    assert written("该办公室的非洲司与埃塞俄比亚政府合作举办了一次讲习班。").regions == ("africa",)


def test_a_division_pointing_at_its_region_tags_it():
    extraction = written("该办公室亚洲及太平洋司就南南合作在该区域应对疫情的作用展开了一项调查。")
    assert extraction.regions == ("asia-pacific",)


def test_an_english_regional_bureau_tags_its_region_only_where_the_work_concerns_it():
    elsewhere = written(
        "The Regional Bureau for Africa funded a workshop in Latin America and the Caribbean."
    )
    assert elsewhere.regions == ("latin-america-caribbean",)
    at_home = written("The Regional Bureau for Africa funded a regional workshop on remittances.")
    assert at_home.regions == ("africa",)


def test_a_sentence_about_where_a_project_worked_goes_to_the_project():
    extraction = written(
        "粮农组织与中国建立了一个三方合作项目。",
        "在东南亚，该项目支持了柬埔寨的培训。",
        "此外，粮农组织帮助肯尼亚建设人力和机构能力。",
        "在拉丁美洲和加勒比，该项目汇编了经验目录。",
    )
    project, kenya = extraction.initiatives
    assert project.regions == ("latin-america-caribbean", "m49-035")
    assert kenya.regions == ()
    assert kenya.countries == ("KEN",)


def test_a_project_sentence_stays_with_the_initiative_that_names_the_project():
    extraction = written(
        "粮农组织与中国建立了一个三方合作项目。",
        "此外，粮农组织帮助肯尼亚实施了一个灌溉项目。",
        "在非洲，该项目培训了 200 名农民。",
    )
    first, kenya = extraction.initiatives
    assert first.regions == ()
    assert kenya.regions == ("africa",)


def test_a_regional_commission_pointing_at_the_region_is_about_its_own_region():
    extraction = written("拉加经委会汇编了该区域 33 个国家为应对这场疫情而采取的措施。")
    assert extraction.regions == ("latin-america-caribbean",)
    (span,) = [s for s in extraction.spans if s.field == "region"]
    assert span.text == "该区域"


def test_a_regional_commission_working_in_a_named_region_is_about_that_region_only():
    assert written("拉加经委会在非洲区域举办了一次讲习班。").regions == ("africa",)


def test_two_regional_commissions_pointing_at_the_region_name_none():
    assert written("拉加经委会和亚太经社会在该区域举办了讲习班。").regions == ()


def test_a_regional_commission_without_a_word_about_the_region_names_none():
    assert written("此外，拉加经委会还为各国政府举办了研讨会。").regions == ()


def test_the_member_states_of_the_caribbean_community_are_the_grouping():
    assert regions_in(48) == {"caricom"}


def test_the_regions_of_the_report_s_initiatives_agree_with_the_expectations_written_by_hand():
    score, entries, _ = regions_score()
    assert entries == 79
    assert score.precision >= 0.95 and score.recall >= 0.95, score.disagreements


def test_the_measuring_command_refuses_an_anchor_the_report_does_not_hold(tmp_path, capsys):
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    expected["initiatives"].append({"paragraph": 57, "anchor": "在南极洲", "regions": []})
    path = tmp_path / "expected.json"
    path.write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    assert extraction_regions.main(["--expected", str(path)]) == 2
    assert capsys.readouterr().err == "error: anchor '在南极洲' occurs 0 times in paragraph 57, not once\n"
