"""Normalisation, segmentation, query parsing and snippets: the search module's pure parts."""

from pathlib import Path

import pytest

from initiatives.search import parse_query, snippet
from initiatives.search.text import (
    Keys,
    char_tokens,
    fast_segmenter,
    match_keys,
    normalise,
    normalise_with_offsets,
    segment,
    segmenter,
)
from tests.conftest import REPORT, RESOLUTION, parsed_report, report_text


def tokens(text: str) -> list[str]:
    return segment(text).chars.split()


class TestNormalisation:
    def test_it_reads_full_width_latin_and_digits_as_ascii(self):
        assert normalise("ＵＮＤＰ　２０２１") == "undp 2021"

    def test_it_turns_traditional_chinese_into_simplified(self):
        assert normalise("聯合國開發計劃署") == "联合国开发计划署"

    def test_it_reads_thin_and_no_break_spaces_as_spaces(self):
        assert normalise("8\u2009000\u00a0万") == "8 000 万"

    def test_each_normalised_character_knows_where_it_came_from(self):
        text = "ＵＮＤＰ和ﬁ"
        normalised, offsets = normalise_with_offsets(text)
        assert normalised == "undp和fi"
        assert offsets == [0, 1, 2, 3, 4, 5, 5]


class TestSegmentation:
    def test_each_chinese_character_starts_a_key_that_pairs_it_with_the_next(self):
        assert tokens("坦桑尼亚") == ["坦桑", "桑尼", "尼亚", "亚"]

    def test_characters_with_only_a_space_between_them_pair_up(self):
        assert tokens("南南 合作") == ["南南", "南合", "合作", "作"]

    def test_a_query_ends_with_pairs_or_a_single_character_read_as_a_prefix(self):
        assert match_keys("南南合作", open_end=True) == Keys(("南南", "南合", "合作"), prefix=False)
        assert match_keys("水", open_end=True) == Keys(("水",), prefix=True)
        assert match_keys("covid-19疫苗", open_end=True) == Keys(("covid", "19", "疫苗"), prefix=False)

    def test_a_query_keeps_the_last_character_whole_where_latin_text_follows(self):
        assert match_keys("疫苗covid", open_end=True) == Keys(("疫苗", "苗", "covid"), prefix=False)

    def test_latin_words_and_numbers_are_whole_tokens_split_where_letters_meet_digits(self):
        assert tokens("COVID-19 SSC/20/2 Youth4South") == [
            "covid",
            "19",
            "ssc",
            "20",
            "2",
            "youth",
            "4",
            "south",
        ]

    def test_punctuation_and_spaces_are_not_tokens(self):
        assert tokens("（开发署）、“8 000 万”。") == ["开发", "发署", "署", "8", "000", "万"]

    def test_token_offsets_point_into_the_normalised_text(self):
        text = normalise("在 COVID-19 期间")
        assert [(t.text, text[t.start : t.end]) for t in char_tokens(text)][:3] == [
            ("在", "在"),
            ("covid", "covid"),
            ("19", "19"),
        ]

    def test_words_hold_the_reference_names_and_their_dictionary_sub_words(self):
        words = segment("为坦桑尼亚联合共和国小农户提供赠款").words.split()
        assert "坦桑尼亚联合共和国" in words
        assert "坦桑尼亚" in words

    def test_words_keep_short_forms_the_reference_data_adds(self):
        assert "农发基金" in segment("国际农业发展基金(农发基金)、儿基会").words.split()

    def test_the_dictionary_is_loaded_once_with_its_cache_under_the_settings_directory(self, settings):
        assert segmenter() is segmenter()
        assert Path(segmenter().tmp_dir) == Path(settings.JIEBA_CACHE_DIR)
        assert (Path(settings.JIEBA_CACHE_DIR) / "jieba.cache").exists()

    def test_rjieba_cuts_every_paragraph_of_the_bundled_reports_as_jieba_does(self):
        reference, fast = segmenter(), fast_segmenter()
        texts = [
            normalise(paragraph.text)
            for path in (REPORT, RESOLUTION)
            for paragraph in parsed_report(path).paragraphs
        ]
        assert len(texts) > 100
        for text in texts:
            # One paragraph at a time, so that a failure shows the first that differs.
            assert fast.cut(text, False) == list(reference.cut(text, HMM=False)), text

    def test_segmenting_the_whole_report_gives_one_key_per_chinese_character(self):
        text = report_text()
        han = [c for c in normalise(text) if "\u4e00" <= c <= "\u9fff"]
        assert [t[0] for t in tokens(text) if "\u4e00" <= t[0] <= "\u9fff"] == han


class TestQueryParsing:
    def test_terms_separated_by_spaces_are_all_required(self):
        query = parse_query("南南合作  坦桑尼亚")
        assert [t.text for t in query.terms] == ["南南合作", "坦桑尼亚"]
        assert query.excluded == ()

    def test_a_quoted_phrase_is_one_term(self):
        query = parse_query('"南南 发展" 疫苗')
        assert [t.tokens for t in query.phrases] == [("南", "南", "发", "展")]
        assert len(query.terms) == 2

    def test_chinese_quotation_marks_quote_a_phrase(self):
        assert [t.text for t in parse_query("“南南 发展”").phrases] == ["南南 发展"]

    def test_a_minus_sign_excludes_a_term_but_a_hyphen_inside_a_word_does_not(self):
        query = parse_query("南南合作 -COVID-19")
        assert [t.tokens for t in query.terms] == [tuple("南南合作")]
        assert [t.tokens for t in query.excluded] == [("covid", "19")]

    def test_a_number_written_with_spaces_stays_one_term(self):
        query = parse_query("8 000 万 粮农组织")
        assert [t.tokens for t in query.terms] == [("8", "000", "万"), tuple("粮农组织")]

    def test_a_year_followed_by_a_word_stays_two_terms(self):
        assert len(parse_query("2020 年度").terms) == 2

    def test_an_english_entity_name_of_several_words_is_one_term_naming_the_entity(self):
        query = parse_query("United Nations Development Programme 疫苗")
        assert query.terms[0].agency_codes == {"UNDP"}
        assert len(query.terms) == 2

    @pytest.mark.parametrize("raw", ["UNDP", "ＵＮＤＰ", "undp", "开发署", "開發署", "联合国开发计划署"])
    def test_every_name_of_an_agency_names_it(self, raw):
        assert parse_query(raw).agency_codes == {"UNDP"}

    @pytest.mark.parametrize("raw", ["Ethiopia", "埃塞俄比亚", "ethiopia"])
    def test_every_name_of_a_country_names_it(self, raw):
        assert parse_query(raw).country_codes == {"ETH"}

    def test_part_of_a_name_names_nothing(self):
        assert parse_query("开发").agency_codes == frozenset()

    @pytest.mark.parametrize("raw", ["", "   ", '"', "-", "((", "*", "「」", None])
    def test_a_query_with_nothing_searchable_is_empty(self, raw):
        assert parse_query(raw).is_empty

    def test_operators_are_searched_as_words(self):
        assert [t.text for t in parse_query("AND OR NOT").terms] == ["and", "or", "not"]


class TestSnippets:
    def test_it_marks_every_match_in_the_original_text(self):
        text = "开发署利用其作为整合者的角色。开发署发布了一份报告。"
        assert snippet(text, "开发署") == (
            "<mark>开发署</mark>利用其作为整合者的角色。<mark>开发署</mark>发布了一份报告。"
        )

    def test_it_escapes_html_in_the_text(self):
        html = snippet("<script>alert(1)</script> 南南合作 & 三方合作", "南南合作")
        assert "<script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<mark>南南合作</mark> &amp; 三方合作" in html

    def test_it_marks_the_text_as_written_for_a_full_width_or_traditional_query(self):
        assert (
            snippet("由ＵＮＤＰ和開發署支持", "undp 开发署")
            == "由<mark>ＵＮＤＰ</mark>和<mark>開發署</mark>支持"
        )

    def test_it_marks_a_number_across_its_spaces(self):
        html = snippet("粮农组织-中国信托基金(由中国政府提供 8 000 万美元)", "8 000 万")
        assert "<mark>8 000 万</mark>美元" in html

    def test_it_cuts_a_long_text_around_the_matches(self):
        text = report_text()
        html = snippet(text, "罗非鱼", width=60)
        assert html.startswith("…") and html.endswith("…")
        assert "<mark>罗非鱼</mark>" in html
        assert len(html.replace("<mark>", "").replace("</mark>", "")) == 62

    def test_it_starts_a_text_without_matches_at_its_beginning(self):
        assert snippet("南南合作" * 50, "罗非鱼", width=10) == "南南合作南南合作南南…"
