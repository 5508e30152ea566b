"""Splitting a paragraph into initiatives, and their titles, on the 2021 report's text."""

from functools import cache

from ingest.extraction.agencies import AgencyReader
from ingest.extraction.initiatives import TITLE_LENGTH, split_initiatives
from tests.conftest import parsed_report


@cache
def agency_spans() -> dict[int, tuple[str, list]]:
    """Each numbered paragraph's text and agency spans, read in document order."""
    reader = AgencyReader()
    return {p.number: (p.text, reader.read(p.text)) for p in parsed_report().paragraphs}


def split(number: int):
    text, spans = agency_spans()[number]
    return split_initiatives(text, spans=spans)


def test_each_initiative_is_a_stretch_of_whole_sentences_of_the_paragraph():
    text, _ = agency_spans()[20]
    for initiative in split(20):
        assert text[initiative.start : initiative.end] == initiative.text
        assert initiative.text.endswith("。")


def test_a_sentence_that_frames_the_whole_paragraph_belongs_to_no_initiative():
    first = split(20)[0]
    assert not first.text.startswith("各方已作出种种努力")
    assert first.text.startswith("在其海陆丝路城市可持续发展南南合作和三方合作项目下")


def test_a_named_project_as_subject_starts_an_initiative():
    supplies = split(20)[3]
    assert supplies.text.startswith("全球南南发展中心项目及其合作伙伴和其成员各机构协助调集了")
    assert supplies.title.startswith("全球南南发展中心项目：协助调集")


def test_a_project_named_in_an_opening_frame_starts_an_initiative():
    training = split(20)[1]
    assert training.text.startswith("2020 年，在城市项目和全球南南发展中心项目下")


def test_a_sentence_that_points_back_continues_the_initiative():
    (initiative,) = split(32)
    assert "该项目使参加者能够" in initiative.text
    training = split(20)[1]
    assert "这些培训和交流涉及公共卫生" in training.text


def test_a_discourse_marker_starts_a_new_initiative_even_by_the_same_actor():
    first, panel, second = split(23)
    assert first.text.startswith("该办公室及其非洲司调集了 260 000 美元")
    # 它还: the same actor with another partner and activity is an initiative of its own.
    assert panel.text.startswith("它还和西非工商会联合会合作")
    assert second.text.startswith("此外，该办公室和非洲联盟委员会共同组织了")


def test_an_introducing_sentence_joins_the_initiative_it_introduces():
    # 工发组织的中国自愿基金 ... 该基金资助了一个项目: the first sentence names the fund.
    (initiative,) = split(35)
    assert initiative.text.startswith("联合国工业发展组织(工发组织)的中国自愿基金")


def test_a_paragraph_with_one_activity_yields_one_initiative():
    assert len(split(17)) == 1
    assert len(split(58)) == 1


def test_titles_name_the_actor_and_what_it_did():
    assert split(17)[0].title == "人口基金：为来自中国的医疗和政策专家举办一系列南南知识分享活动"
    assert split(20)[0].title == "南南合作办公室：举办关于减少灾害风险战略的活动"
    assert split(12)[2].title == "开发署：举办 COVID-19 黑客松活动"


def test_a_project_that_is_the_subject_titles_its_initiative():
    assert split(34)[0].title == "粮农组织-中国大湄公河次区域跨界动物疾病防治南南合作项目"


def test_a_short_project_name_as_title_says_what_was_done():
    assert split(14)[1].title == "中国-农发基金南南合作和三方合作机制：指定 400 万美元"
    assert split(11)[0].title == "非洲疫苗采购工作队倡议：购买疫苗"


def test_titles_are_short():
    for number in range(9, 79):
        text, _ = agency_spans()[number]
        for initiative in split(number):
            assert 0 < len(initiative.title) <= TITLE_LENGTH, initiative.title


def test_a_paragraph_without_a_starting_sentence_is_one_initiative():
    text = "这项挑战于 2021 年 6 月启动，将确定可扩展的创新数字解决方案。"
    (initiative,) = split_initiatives(text, spans=[])
    assert initiative.text == text


def test_it_splits_english_text_by_the_same_rules():
    text = (
        "UNDP organized a regional workshop on remittances. It was attended by 40 countries. "
        "In addition, UNCDF launched a platform for six cities."
    )
    spans = AgencyReader().read(text)
    first, second = split_initiatives(text, spans=spans)
    assert first.text == "UNDP organized a regional workshop on remittances. It was attended by 40 countries."
    assert second.title.startswith("UNCDF: launched")
