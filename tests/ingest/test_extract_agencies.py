"""The agency reader on the 2021 report, read paragraph by paragraph as ingestion reads it."""

from dataclasses import replace
from functools import cache
from types import MappingProxyType

import pytest

from ingest.extraction.agencies import AgencyReader
from initiatives.reference.gazetteer import gazetteer
from tests.conftest import REPORT, RESOLUTION, parsed_report


def paragraphs(path) -> tuple[str, ...]:
    return tuple(p.text for p in parsed_report(path).paragraphs)


@cache
def report_spans() -> dict[int, list]:
    """The spans of every numbered paragraph of the report, read in order by one reader."""
    reader = AgencyReader()
    return {p.number: reader.read(p.text) for p in parsed_report().paragraphs}


def agencies_in(number: int) -> set[str]:
    return {span.value for span in report_spans()[number] if span.field == "agency"}


def organisations_in(number: int) -> set[str]:
    return {span.value for span in report_spans()[number] if span.field == "organisation"}


def references_in(number: int) -> list[tuple[str, str]]:
    return [(s.text, s.value) for s in report_spans()[number] if s.text.startswith("该")]


def test_every_span_is_the_text_it_points_at_in_both_documents():
    for path in (REPORT, RESOLUTION):
        reader = AgencyReader()
        for text in paragraphs(path):
            for span in reader.read(text):
                assert text[span.start : span.end] == span.text


def test_it_finds_exactly_the_agencies_the_report_names():
    found = set().union(*(agencies_in(number) for number in report_spans()))
    assert found == {
        "UNOSSC", "UNDP", "WHO", "UNICEF", "UNCTAD", "AU", "WORLD-BANK", "AFREXIMBANK", "LAS",
        "FAO", "IFAD", "WFP", "ESCWA", "ECLAC", "UNFPA", "UNESCO", "ILO", "PAHO", "UNDRR", "UNCDF",
        "AFRICA-CDC", "AUDA-NEPAD", "AUC", "ITU", "JICA", "ISDB", "UNV", "UNEP", "UNIDO", "ESCAP",
        "UN-HABITAT", "CARICOM", "ASEAN", "RCI", "OIF", "APRM", "AFESD", "DCO", "ABC", "NDB", "AIIB",
    }  # fmt: skip


def test_it_reads_full_names_and_short_forms_in_paragraph_9():
    assert agencies_in(9) == {"WHO", "UNICEF", "UNDP"}


def test_it_reads_the_agencies_of_paragraph_13():
    assert agencies_in(13) == {"FAO", "IFAD", "UNICEF", "WFP", "WHO"}


def test_it_reads_ifad_inside_the_china_ifad_facility():
    assert agencies_in(14) == {"IFAD"}


def test_it_reads_the_league_of_arab_states_and_the_unlisted_institutes_in_paragraph_12():
    assert agencies_in(12) == {"UNDP", "LAS"}
    assert organisations_in(12) == {"索马里发展行政和管理研究所", "信息技术研究所"}


def test_it_does_not_capture_a_unit_of_a_known_agency_as_an_organisation():
    spans = report_spans()[12]
    assert [(s.text, s.value) for s in spans if s.start == 0 or s.text == "开发署"][0] == ("开发署", "UNDP")
    assert all("金融部门中心" not in span.text for span in spans)
    assert all("开发署" not in value for value in organisations_in(43) | organisations_in(63))
    assert "教科文组织教育信息技术研究所" not in organisations_in(18)


def test_it_captures_the_beijing_institute_whole_in_paragraph_18():
    assert "北京师范大学智慧学习研究院" in organisations_in(18)
    assert "北京师范大学" not in organisations_in(18)


def test_it_reads_the_south_south_office_as_one_mention_not_two():
    spans = [s for s in report_spans()[15] if s.value == "UNOSSC"]
    assert [s.text for s in spans] == ["联合国南南合作办公室"]
    assert agencies_in(15) == {"ESCWA", "UNOSSC"}


def test_it_reads_the_agencies_of_paragraph_20():
    assert agencies_in(20) == {"UNOSSC", "UNDRR", "PAHO", "UNDP", "UNCDF"}


def test_it_resolves_this_office_to_the_south_south_office_in_paragraphs_21_to_28():
    for number in range(21, 29):
        assert references_in(number), number
        assert {value for _, value in references_in(number)} == {"UNOSSC"}, number


def test_a_reference_span_points_at_the_words_that_refer():
    span = report_spans()[21][0]
    assert (span.text, span.value) == ("该办公室", "UNOSSC")


def test_it_reads_the_african_partners_of_paragraph_23():
    assert agencies_in(23) == {"UNOSSC", "AFRICA-CDC", "AUDA-NEPAD", "AUC"}
    assert organisations_in(23) == {"西非工商会联合会"}


def test_it_reads_a_defined_short_form_with_its_full_name():
    assert [(s.text, s.value) for s in report_spans()[33]] == [
        ("联合国环境规划署", "UNEP"),
        ("环境署", "UNEP"),
    ]
    assert "UNEP" in agencies_in(50)


def test_it_learns_a_short_form_the_document_defines_for_an_unlisted_organisation():
    full = gazetteer()
    without_unep = replace(
        full,
        agency_names=MappingProxyType({n: c for n, c in full.agency_names.items() if c != "UNEP"}),
    )
    reader = AgencyReader(without_unep)
    reader.read("联合国环境规划署(环境署)举办了一个项目。")
    spans = reader.read("粮农组织、环境署和教科文组织报告说")
    assert [(s.field, s.text, s.value) for s in spans if s.text == "环境署"] == [
        ("organisation", "环境署", "联合国环境规划署")
    ]


def test_it_learns_a_short_form_for_an_organisation_and_uses_it_in_the_same_paragraph():
    spans = AgencyReader().read(
        "后来伊合组织说。伊斯兰合作组织(伊合组织)与开发署合作。后来伊合组织又发起了倡议。"
    )
    assert [(s.text, s.value) for s in spans if s.field == "organisation"] == [
        ("伊斯兰合作组织", "伊斯兰合作组织"),
        ("伊合组织", "伊斯兰合作组织"),
        ("伊合组织", "伊斯兰合作组织"),
    ]


def test_it_does_not_learn_the_short_form_of_a_region():
    reader = AgencyReader()
    assert reader.read("阿拉伯国家、欧洲和独立国家联合体(独联体)司举办了活动。") == []
    assert reader.read("独联体国家参加了会议。") == []


def test_it_leaves_this_fund_alone_when_it_refers_to_a_fund_that_is_no_organisation():
    assert references_in(35) == []


def test_it_resolves_this_fund_to_ifad_in_paragraph_58():
    assert references_in(58) == [("该基金", "IFAD")]


def test_it_resolves_this_office_by_the_topic_not_by_an_office_named_after_through():
    assert "DCO" in agencies_in(75)
    assert {value for _, value in references_in(76)} == {"UNOSSC"}


def test_it_does_not_read_this_division_as_an_agency():
    assert references_in(65) == []


def test_it_reads_the_partners_of_paragraph_59():
    assert agencies_in(59) == {"UNOSSC", "OIF", "AUC", "ASEAN", "APRM", "AUDA-NEPAD"}


def test_it_reads_only_undp_in_paragraph_63():
    assert agencies_in(63) == {"UNDP"}
    assert organisations_in(63) == set()


def test_it_reads_the_national_cooperation_agencies_of_paragraph_77():
    assert agencies_in(77) == {"UNOSSC", "ABC", "JICA"}


def test_it_captures_china_agricultural_university_as_an_organisation():
    assert organisations_in(78) == {"中国农业大学"}


def test_it_reads_the_new_development_banks_of_paragraph_85():
    assert agencies_in(85) == {"NDB", "AIIB"}


def test_it_reads_no_agency_in_generic_words():
    assert report_spans()[4] == []  # 联合国各实体
    assert agencies_in(26) == {"UNOSSC"}  # 区域委员会, 区域联合国实体


def test_it_reads_english_acronyms_and_names_as_whole_words():
    spans = AgencyReader().read(
        "UNDP and FAO worked with the United Nations Development Programme; who knows what WHOLE means."
    )
    assert [(s.text, s.value) for s in spans] == [
        ("UNDP", "UNDP"),
        ("FAO", "FAO"),
        ("United Nations Development Programme", "UNDP"),
    ]


def test_it_reads_nothing_but_the_south_south_office_in_the_resolution():
    reader = AgencyReader()
    found = {(s.field, s.value) for text in paragraphs(RESOLUTION) for s in reader.read(text)}
    assert found == {("agency", "UNOSSC")}


def test_the_gazetteer_lists_every_chinese_name_for_a_user_dictionary():
    words = gazetteer().dictionary_words()
    assert {
        "农发基金",
        "西亚经社会",
        "拉加经委会",
        "联合国南南合作办公室",
        "坦桑尼亚联合共和国",
        "全球南方",
    } <= set(words)
    assert "UNDP" not in words
    assert words == sorted(set(words))


def test_the_gazetteer_cannot_be_changed_by_its_readers():
    with pytest.raises(TypeError):
        gazetteer().agency_names["开发署"] = "FAO"
