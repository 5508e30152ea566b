"""What a careful reader checks: one initiative per activity, readable titles, in-kind values, stated
modalities and goals cited or inferred with their words, on the 2021 report and on paragraphs
written to hold the traps."""

from decimal import Decimal
from functools import cache

import pytest

from bench.extraction import report_scores
from ingest.extraction.initiatives import TITLE_LENGTH
from ingest.extraction.pipeline import extract_document
from ingest.parsing import ParsedParagraph
from tests.conftest import extracted_report

# A section of activities: neither the introduction nor the recommendations.
SECTION = [{"number": "三", "heading": "联合国各实体的活动要点"}]


@cache
def report():
    return {p.number: x for p, x in extracted_report()}


def initiatives(number: int):
    return report()[number].initiatives


def written(*texts: str):
    """The initiatives of paragraphs written for a test, read in order as one document."""
    paragraphs = [
        ParsedParagraph(order=i, number=i, text=text, section=SECTION, footnotes=[])
        for i, text in enumerate(texts, start=1)
    ]
    return [
        initiative for extraction in extract_document(paragraphs) for initiative in extraction.initiatives
    ]


def test_paragraph_34_reports_two_projects_each_with_its_own_countries():
    mekong, lazos = initiatives(34)
    assert mekong.countries == ("CHN", "KHM", "LAO", "MMR")
    assert lazos.countries == ("ECU", "PRY")
    assert "Lazos" in lazos.text and "Lazos" not in mekong.text
    assert lazos.title == "粮农组织：促进厄瓜多尔和巴拉圭棉花部门的可持续、包容性生产系统"
    assert lazos.modality == ""  # nothing in its own words says South-South


def test_the_same_actor_doing_more_starts_an_initiative_with_that_actor():
    kits, panel, women = initiatives(23)
    assert panel.text.startswith("它还和西非工商会联合会合作")
    assert "UNOSSC" in panel.agencies and panel.title == "南南合作办公室：设立并主持一个全大陆讨论小组"
    dialogue, framework = initiatives(59)
    assert framework.title.startswith("南南合作办公室：") and "APRM" in framework.agencies


def test_another_actor_in_the_same_paragraph_starts_its_own_initiative():
    youth, scholarships = initiatives(78)
    assert scholarships.text.startswith("中国农业大学的中非农业合作国际方案")
    assert scholarships.countries == ("CHN", "RWA", "SLE") and not youth.countries


def test_projects_counted_and_listed_after_baokuo_are_initiatives_of_their_own():
    tilapia, materials, tourism, bamboo = initiatives(70)
    assert [i.countries for i in (tilapia, materials, tourism, bamboo)] == [
        ("TZA",),
        ("CHN",),
        ("UZB",),
        ("RWA",),
    ]
    assert bamboo.title == "南南合作办公室：卢旺达的可持续竹子业发展"
    # What the announcement says (全球南南发展中心项目) holds for every item, and so does its actor.
    assert {i.modality for i in (tilapia, materials, tourism, bamboo)} == {"south_south"}
    assert all(i.agencies == ("UNOSSC",) for i in (tilapia, materials, tourism, bamboo))
    assert tourism.sdgs_inferred == (1, 8) and bamboo.sdgs_inferred == ()


def test_a_list_inside_one_activity_stays_one_initiative():
    (support,) = initiatives(67)  # 为政策对话和政府间进程,包括为……提供了支持: parts of one activity
    assert support.text.endswith("所载的建议。")


def test_titles_close_every_quotation_mark_they_open():
    (project,) = initiatives(32)
    assert (
        project.title
        == "开发署：实施“沼气、生物量和太阳能三边合作：斯里兰卡农产品加工业向可持续能源利用过渡”项目"
    )
    for number in report():
        for initiative in initiatives(number):
            title = initiative.title
            assert title.count("“") == title.count("”") and title.count("《") == title.count("》"), title
            assert 0 < len(title) <= TITLE_LENGTH, title


def test_titles_say_the_activity_not_a_bare_verb_and_object():
    (fund,) = initiatives(35)
    assert fund.title.startswith("工发组织：资助一个项目，将太阳能光伏技术解决方案从中国转让给斐济")
    seoul = next(i for i in initiatives(43) if "首尔" in i.text)
    assert seoul.title == "开发署：为开展世界范围的讨论发挥了召集作用"
    (mainstreaming,) = written("开发署将南南合作纳入各国应对计划的主流。")
    assert mainstreaming.title == "开发署：将南南合作纳入各国应对计划的主流"


def test_titles_keep_what_the_verb_is_about_and_the_actor_as_written():
    (survey,) = initiatives(24)
    assert (
        survey.title
        == "南南合作办公室：就南南合作在该区域应对这一疫情并实现疫后恢复方面所起的作用展开一项调查"
    )
    (matchmaking,) = initiatives(74)
    assert matchmaking.title.startswith("亚太司：记录")  # 孟加拉国政府 is the partner, not the actor
    call = initiatives(78)[0]
    assert call.title.startswith("南南合作办公室：发出呼吁，邀请各方提交")


def test_a_long_title_is_cut_between_words_never_inside_a_number():
    supplies = next(i for i in initiatives(20) if i.text.startswith("全球南南发展中心项目"))
    assert supplies.title.endswith("…") and "3 364" not in supplies.title
    assert not supplies.title.endswith("以…")


def test_donated_goods_are_in_kind_and_never_funding():
    supplies = next(i for i in initiatives(20) if i.text.startswith("全球南南发展中心项目"))
    (money,) = supplies.amounts
    assert (money.kind, money.kind_words, supplies.funding_usd) == (
        "in_kind",
        "价值 3 364 000 美元的其他医疗用品",
        None,
    )


def test_a_written_paragraph_with_goods_and_money_funds_only_the_money():
    (initiative,) = written("儿基会捐赠了价值 50 万美元的疫苗，并向卫生部拨出 20 万美元用于培训。")
    kinds = [(m.text, m.kind, m.kind_words) for m in initiative.amounts]
    assert kinds == [("50 万美元", "in_kind", "价值 50 万美元的疫苗"), ("20 万美元", "funding", "拨出")]
    assert initiative.funding_usd == Decimal("200000")


def test_a_statistic_says_which_words_made_it_one():
    (flow, _) = report()[10].amounts
    assert (flow.kind, flow.kind_words) == ("other", "流动")


@pytest.mark.parametrize(("number", "words"), [(77, "日本国际协力机构"), (28, "日本国际协力机构")])
def test_a_northern_agency_makes_an_initiative_triangular(number, words):
    (initiative,) = initiatives(number)
    assert initiative.modality == "triangular"
    assert words in {s.text for s in initiative.spans if s.field == "modality" and s.value == "triangular"}


def test_a_developed_country_among_the_partners_makes_it_triangular():
    (initiative,) = written("开发署与德国和肯尼亚合作，举办了南南合作讲习班。")
    assert initiative.modality == "triangular"


def test_south_south_and_triangular_without_a_northern_partner_is_recorded_as_both():
    (initiative,) = written("开发署与巴西合作署举办了南南合作和三方合作讲习班。")
    assert initiative.modality == "both"
    assert [s.text for s in initiative.spans if s.value == "both"] == ["南南合作和三方合作"]


def test_the_name_of_the_south_south_office_says_nothing_of_the_modality():
    (initiative,) = initiatives(19)
    assert initiative.modality == ""
    (written_one,) = written("联合国南南合作办公室举办了一次讲习班。")
    assert written_one.modality == ""


def test_a_cited_goal_is_not_also_inferred_and_each_goal_keeps_its_words():
    (initiative,) = written("开发署在埃塞俄比亚实施了太阳能项目，落实可持续发展目标 7，并支持妇女创业。")
    assert initiative.sdgs_cited == (7,)
    assert initiative.sdgs_inferred == (5, 8)
    words = {(e["number"], e["source"], e["text"]) for e in initiative.sdg_evidence}
    assert words == {(7, "cited", "可持续发展目标 7"), (5, "inferred", "妇女"), (8, "inferred", "创业")}


@pytest.mark.parametrize(
    "text",
    [
        "世界卫生组织举办了一次讲习班。",  # 卫生 inside an organisation's name
        "联合国南南合作办公室通过其城市项目动员各城市伙伴举办了讲习班。",  # a project's name, partners
        "开发署支持斯里兰卡农产品加工业举办了讲习班。",  # 工业 inside 加工业
        "粮农组织举办了讲习班，将男子、妇女、青年与信息联系起来。",  # everybody, not gender
    ],
)
def test_words_that_only_look_like_a_goal_infer_none(text):
    (initiative,) = written(text)
    assert not {3, 5, 9, 11} & set(initiative.sdgs_inferred), initiative.sdg_evidence


def test_the_scores_against_the_reading_by_hand_hold():
    scores = report_scores()
    assert scores.tallies["sdgs_inferred"].precision > 0.5
    assert all(
        tally.precision == tally.recall == 1
        for name, tally in scores.tallies.items()
        if name.startswith("amount")
    )
    assert scores.tallies["modality: triangular"].recall == 1
