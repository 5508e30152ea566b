"""Paragraph kinds on the 2021 report and resolution 76/221."""

import pytest

from ingest.extraction.agencies import AgencyReader
from ingest.extraction.kinds import classify_paragraph, initiative_signal
from ingest.parsing import SectionRef
from tests.conftest import REPORT, RESOLUTION, extracted_report


def kinds(path) -> dict:
    return {(p.number, p.order): x.kind for p, x in extracted_report(path)}


def report_kind(number: int) -> str:
    return next(kind for (n, _), kind in kinds(REPORT).items() if n == number)


@pytest.mark.parametrize(
    "number", [1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 30, 31, 37, 38, 39, 40, 41, 49, 53, 66, 79]
)
def test_introductions_overviews_and_statistics_are_context(number):
    assert report_kind(number) == "context"


@pytest.mark.parametrize("number", [9, 11, 12, 14, 17, 20, 23, 32, 33, 34, 48, 58, 64, 65])
def test_paragraphs_that_report_what_a_named_actor_did_are_initiatives(number):
    assert report_kind(number) == "initiative"


@pytest.mark.parametrize("number", [80, 81, 82, 83, 84, 85, 86])
def test_the_conclusions_that_say_what_should_be_done_are_recommendations(number):
    assert report_kind(number) == "recommendation"


def test_a_chapter_that_reports_on_earlier_recommendations_is_not_the_recommendations_chapter():
    # Chapter 三 is headed 联合国各实体执行...高级别会议建议方面的活动要点.
    assert report_kind(42) == "initiative"
    assert report_kind(50) == "context"


def test_operative_paragraphs_of_a_resolution_are_recommendations_and_its_preamble_is_context():
    found = kinds(RESOLUTION)
    operative = [kind for (number, _), kind in found.items() if number is not None]
    preamble = [kind for (number, _), kind in found.items() if number is None]
    assert operative == ["recommendation"] * 7
    assert preamble and set(preamble) == {"context"}


def test_a_finding_reported_by_an_agency_is_not_an_initiative():
    text = "贸发会议在其报告中指出，全球外国直接投资流动受到严重影响，发展中国家依赖这些投资来实施项目。"
    spans = AgencyReader().read(text)
    assert not initiative_signal(text, spans=spans)
    assert initiative_signal(
        "贸发会议举办了一次讲习班。", spans=AgencyReader().read("贸发会议举办了一次讲习班。")
    )


def test_a_conclusion_without_a_modal_is_context():
    section = (SectionRef("五", "结论和建议"),)
    assert classify_paragraph(
        text="南南合作的突出特点已更加明显。", section=section, has_initiative_signal=True
    ) == ("context")
    assert (
        classify_paragraph(
            text="联合国各组织应进一步促进创新筹资机制。", section=section, has_initiative_signal=False
        )
        == "recommendation"
    )


@pytest.mark.parametrize(
    "text",
    [
        "开发署与南南合作办公室合作，通过南南全球思想者网络发表了 12 篇研究论文。",
        "粮食署与巴西合作，在海地和洪都拉斯推广学校供餐方案。",
        "开发署与古巴合作，在安哥拉和莫桑比克培训了 300 名医生。",
    ],
)
def test_publishing_spreading_and_training_are_actions_an_agency_reports(text):
    assert initiative_signal(text, spans=AgencyReader().read(text))


@pytest.mark.parametrize(
    "text",
    [
        "开发署收集关于可推广的良好做法的证据。",
        "开发署认为，推广的经验应当在各区域分享。",
        "开发署发表声明的次数不能说明成果。",
    ],
)
def test_spreading_as_an_adjective_and_publishing_without_a_deed_are_not_actions(text):
    assert not initiative_signal(text, spans=AgencyReader().read(text))
