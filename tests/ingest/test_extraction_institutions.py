"""Splitting where the actor changes, institutional statements, examples, and a heading's topic.

Each rule is checked on the bundled report and on a paragraph written to hold it.
"""

from ingest.extraction.pipeline import extract_document
from ingest.parsing import ParsedParagraph
from tests.ingest.test_extraction_rules import SECTION, initiatives, report, written

CLIMATE_SECTION = [{"number": "二 B", "heading": "促进南南合作应对气候变化"}]


def test_paragraph_9_splits_where_undp_takes_over_from_who_and_unicef():
    plans, mainstreaming, publication = initiatives(9)
    assert plans.agencies == ("UNICEF", "WHO") and plans.modality == ""
    assert mainstreaming.text.startswith("各方也多方努力确保将南南合作和三方合作纳入")
    assert mainstreaming.agencies == ("UNDP",) and mainstreaming.modality == "both"
    assert publication.text.startswith("此外，开发署发布了")


def test_a_new_actor_who_acted_in_this_regard_takes_the_unattributed_effort_before_it():
    plans, effort = written(
        "世界卫生组织牵头制定了疫苗接种计划。各方也努力将南南合作纳入各国应对计划的主流。"
        "开发署在这方面发挥了关键作用。"
    )
    assert plans.agencies == ("WHO",) and plans.modality == ""
    assert effort.text.startswith("各方也努力") and effort.agencies == ("UNDP",)
    assert effort.modality == "south_south"


def test_paragraphs_56_and_73_report_activities_and_yield_initiatives():
    assert report()[56].kind == report()[73].kind == "initiative"
    (platform,) = initiatives(56)
    assert platform.agencies == ("UNCDF",) and platform.modality == "both"
    assert platform.title == "资发基金：提供一个平台"
    (reform,) = initiatives(73)
    assert reform.agencies == ("UNOSSC",) and reform.modality == "both"
    assert reform.title.startswith("亚太司：促进将南南合作和三方合作的方法纳入共同国家分析")


def test_what_is_done_to_that_end_is_an_action_though_a_call_came_before_it():
    (platform,) = written(
        "联合国资本发展基金鼓励会员国开展南南合作，为此提供一个平台，推进数字支付方面的多国学习。"
    )
    assert platform.agencies == ("UNCDF",)
    assert written("联合国资本发展基金鼓励会员国提供一个平台。") == []


def test_a_division_named_as_an_agency_s_stands_for_the_agency_in_later_paragraphs():
    _, report_launch = written(
        "联合国南南合作办公室的非洲司举办了一次讲习班。", "非洲司与加纳政府合作发布了一份报告。"
    )
    assert report_launch.agencies == ("UNOSSC",) and report_launch.countries == ("GHA",)
    assert report_launch.title.startswith("非洲司：")


def test_paragraphs_45_and_51_count_no_focal_point_and_no_mainstreaming_policy_as_initiatives():
    (support,) = initiatives(45)
    assert support.text.startswith("亚太经社会还支持开展合作和同行学习")
    assert "协调中心" not in support.text
    assert report()[51].kind == "context" and initiatives(51) == ()


def test_an_institutional_statement_is_no_initiative_and_lends_none_its_modality():
    (workshop,) = written(
        "开发署在越南举办了一次南南合作讲习班。开发署还在每个区域局设有一个南南合作和三方合作联络人。"
    )
    assert workshop.modality == "south_south" and "联络人" not in workshop.text
    assert written("农发基金设立了伙伴关系和资源调集司。该司的南南合作和三方合作股致力于促进伙伴关系。") == []
    assert written("亚太经社会将南南合作和三方合作纳入所有部门的工作主流。") == []
    assert written("西亚经社会则采用项目方式开展所有活动和方案。") == []


def test_an_english_focal_point_or_mainstreaming_policy_is_no_initiative_either():
    (workshop,) = written(
        "UNDP organized a South-South workshop in Viet Nam. "
        "UNDP also has a South-South and triangular cooperation focal point in each regional bureau."
    )
    assert workshop.modality == "south_south" and "focal point" not in workshop.text
    (network,) = written(
        "ESCAP established a network of statistical offices. "
        "ESCAP also mainstreamed South-South and triangular cooperation into all its work."
    )
    assert network.modality == "" and "mainstreamed" not in network.text


def test_the_report_s_institution_sentences_no_longer_make_their_neighbours_both():
    network = next(i for i in initiatives(43) if i.text.startswith("开发署还与联合国南南合作办公室"))
    assert network.modality == "south_south" and "联络人" not in network.text
    workshops = initiatives(65)[1]
    assert workshops.modality == "" and "资源调集司" not in workshops.text


def test_an_example_stays_with_the_activity_it_illustrates():
    (support,) = written("开发署支持同行学习。例如，开发署发起了一项结对方案，在亚美尼亚试行。")
    assert support.countries == ("ARM",)
    assert initiatives(45)[0].countries == ("ARM", "GEO", "KGZ", "UZB")


def test_an_initiative_about_another_subject_does_not_inherit_its_section_s_topic():
    mekong, lazos = initiatives(34)
    assert report()[34].climate  # the heading still tags the paragraph
    assert not lazos.climate and not mekong.climate
    (solar,) = initiatives(35)
    assert solar.climate


def test_a_heading_tags_an_initiative_unless_its_own_words_are_about_something_else():
    paragraph = ParsedParagraph(
        order=1,
        number=1,
        text="粮农组织促进了厄瓜多尔棉花部门的农业生产。此外，开发署在斐济实施了一个项目。"
        "另外，环境署在萨摩亚举办了关于太阳能的讲习班。",
        section=CLIMATE_SECTION,
        footnotes=[],
    )
    cotton, unnamed, solar = extract_document([paragraph])[0].initiatives
    assert (cotton.climate, unnamed.climate, solar.climate) == (False, True, True)
    elsewhere = ParsedParagraph(order=1, number=1, text=paragraph.text, section=SECTION, footnotes=[])
    assert not any(i.climate for i in extract_document([elsewhere])[0].initiatives)


def test_financial_inclusion_implies_goal_8_and_climate_finance_goal_13():
    (platform,) = initiatives(56)
    assert platform.sdgs_inferred == (8, 13)
    (inclusion,) = written("开发署在孟加拉国支持金融普惠。")
    assert inclusion.sdgs_inferred == (8,)
