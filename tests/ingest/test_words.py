"""The word finder finds exactly what one regular expression of the same words, longest first, finds."""

import re

from initiatives.reference.gazetteer import _is_case_insensitive, _word, _word_finder, gazetteer
from initiatives.reference.words import Word, WordFinder
from tests.conftest import REPORT, RESOLUTION


def matches(finder: WordFinder, text: str) -> list[tuple[int, int, str]]:
    return [(hit.start(), hit.end(), hit.group()) for hit in finder.finditer(text)]


def expected(words: list[Word], text: str, flags: int = 0, *, ignore_case=lambda word: False):
    """What ``re`` finds with the words as alternatives, longest first."""
    patterns = []
    for word in sorted(words, key=lambda word: -len(word.text)):
        pattern = re.escape(word.text)
        if word.before:
            pattern = f"(?<!{word.before}){pattern}"
        if word.after:
            pattern = f"{pattern}(?!{word.after})"
        patterns.append(f"(?i:{pattern})" if ignore_case(word) else pattern)
    return [(hit.start(), hit.end(), hit.group()) for hit in re.finditer("|".join(patterns), text, flags)]


def test_it_finds_what_one_regular_expression_finds_for_every_name_on_the_bundled_documents():
    reference = gazetteer()
    names = sorted({*reference.agency_names, *reference.country_names, *reference.region_names})
    finder = _word_finder(names)
    words = [_word(name) for name in names]
    for document in (REPORT, RESOLUTION):
        for line in document.read_text(encoding="utf-8").splitlines():
            found = expected(words, line, ignore_case=lambda word: _is_case_insensitive(word.text))
            assert matches(finder, line) == found


def test_the_longest_word_wins_where_several_start_at_one_position():
    finder = WordFinder([Word("南"), Word("南非"), Word("南苏丹")])
    assert matches(finder, "南苏丹和南非以南") == [(0, 3, "南苏丹"), (4, 6, "南非"), (7, 8, "南")]


def test_a_whole_word_is_not_found_inside_a_longer_word():
    finder = WordFinder([Word("WHO", before="[A-Za-z0-9]", after="[A-Za-z0-9]")])
    assert matches(finder, "xWHO WHO who WHOx") == [(5, 8, "WHO")]


def test_ignoring_case_it_matches_as_re_does_even_with_the_kelvin_sign_and_the_long_s():
    words = [Word("Kenya Institute", before="[A-Za-z0-9]"), Word("ske"), Word("Sk")]
    finder = WordFinder(words, flags=re.IGNORECASE)
    text = "the \u212aenya institute, the KENYA INSTITUTE, \u017f\u212aE and sK"
    assert matches(finder, text) == expected(words, text, re.IGNORECASE)
    assert len(matches(finder, text)) == 4


def test_ignoring_case_applies_to_every_word_chinese_ones_too():
    finder = WordFinder([Word("climate"), Word("气候")], flags=re.IGNORECASE)
    assert matches(finder, "Climate 与气候") == [(0, 7, "Climate"), (9, 11, "气候")]


def test_two_finders_added_find_what_one_finder_of_all_their_words_finds():
    first, second = [Word("南非"), Word("非洲")], [Word("南"), Word("南非共和国"), Word("洲")]
    text = "南非共和国和非洲南部的南非"
    both = WordFinder(first) + WordFinder(second)
    assert matches(both, text) == matches(WordFinder(first + second), text) == expected(first + second, text)


def test_no_words_find_nothing():
    assert matches(WordFinder(), "anything") == []
