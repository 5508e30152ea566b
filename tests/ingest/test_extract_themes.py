"""Themes from keywords, goals cited by number, and goals inferred from themes."""

from ingest.extraction.sdgs import find_cited_sdgs, infer_sdgs
from ingest.extraction.themes import find_themes
from initiatives.reference.files import reference_rows

THEME_CODES = {
    "health", "agriculture-food", "education", "climate-environment", "energy", "digital-ict",
    "finance-investment", "trade-value-chains", "cities", "disaster-risk", "gender", "youth",
    "social-protection", "governance-institutions", "knowledge-sharing", "capacity-building",
    "statistics-data", "industry", "transport-infrastructure", "tourism", "volunteerism",
}  # fmt: skip


def test_the_theme_reference_holds_exactly_the_agreed_codes():
    rows = reference_rows("themes.json")
    assert {row["code"] for row in rows} == THEME_CODES
    for row in rows:
        assert row["name_zh"] and row["name_en"] and row["keywords_zh"] and row["keywords_en"]
        assert all(1 <= number <= 17 for number in row["sdgs"])


def test_the_sdg_reference_holds_the_seventeen_goals():
    rows = reference_rows("sdgs.json")
    assert [row["number"] for row in rows] == list(range(1, 18))
    assert rows[0]["name_zh"] == "无贫穷"
    assert rows[16]["name_zh"] == "促进目标实现的伙伴关系"
    assert rows[12]["name_en"] == "Climate action"


def test_it_finds_themes_from_specific_keywords():
    text = "以小户农民为重点，转让可再生能源技术，举办电子商务培训"
    assert {span.value for span in find_themes(text)} == {
        "agriculture-food",
        "energy",
        "digital-ict",
        "capacity-building",
    }


def test_a_longer_keyword_wins_over_a_shorter_one():
    (span,) = find_themes("减少灾害风险")
    assert span.value == "disaster-risk"
    assert span.text == "减少灾害风险"


def test_generic_words_assert_no_theme():
    assert find_themes("各方在平台上开展了合作，促进发展") == []


def test_it_reads_cited_goals_with_and_without_a_space():
    assert [span.value for span in find_cited_sdgs("如可持续发展目标 17 所设想")] == ["17"]
    assert [span.value for span in find_cited_sdgs("根据可持续发展目标17促进")] == ["17"]
    assert [span.value for span in find_cited_sdgs("SDG 4 and 5")] == ["4", "5"]


def test_a_bare_number_is_not_a_goal():
    assert find_cited_sdgs("对这项调查作出答复的所有 17 个国家") == []
    assert find_cited_sdgs("实现目标 3 个") == []


def test_goal_after_the_word_goal_needs_sdg_context():
    assert find_cited_sdgs("实现目标 4") == []
    assert [span.value for span in find_cited_sdgs("可持续发展目标 4 和目标 5")] == ["4", "5"]


def test_themes_imply_their_goals():
    assert infer_sdgs(["health", "agriculture-food", "education", "energy", "cities", "gender"]) == {
        3,
        2,
        4,
        7,
        11,
        5,
    }
    assert 13 in infer_sdgs(["climate-environment"])
    assert infer_sdgs([]) == set()
