"""The many-alternative matcher finds exactly what one regular expression of the same alternatives finds."""

import re

from ingest.extraction.alternation import Alternation, Alternative
from ingest.extraction.gazetteer import _is_case_insensitive, _pattern, gazetteer
from tests.conftest import REPORT


def matches(alternation: Alternation, text: str) -> list[tuple[int, int, str]]:
    return [(hit.start(), hit.end(), hit.group()) for hit in alternation.finditer(text)]


def expected(patterns: list[str], text: str, flags: int = 0) -> list[tuple[int, int, str]]:
    return [(hit.start(), hit.end(), hit.group()) for hit in re.finditer("|".join(patterns), text, flags)]


def names_alternation(names: list[str]) -> tuple[Alternation, list[str]]:
    patterns = [_pattern(name) for name in names]
    alternatives = [
        Alternative(pattern, name[0], _is_case_insensitive(name))
        for pattern, name in zip(patterns, names, strict=True)
    ]
    return Alternation(alternatives), patterns


def test_it_finds_what_one_regular_expression_finds_for_every_name_on_the_bundled_report():
    reference = gazetteer()
    everything = {*reference.agency_names, *reference.country_names, *reference.region_names}
    names = sorted(everything, key=lambda name: (-len(name), name))
    alternation, patterns = names_alternation(names)
    for line in REPORT.read_text(encoding="utf-8").splitlines():
        assert matches(alternation, line) == expected(patterns, line)


def test_the_first_alternative_in_order_wins_where_several_start_at_one_position():
    alternation, patterns = names_alternation(["南非", "南苏丹", "南"])
    text = "南苏丹和南非以南"
    assert matches(alternation, text) == expected(patterns, text)
    assert matches(alternation, text) == [(0, 3, "南苏丹"), (4, 6, "南非"), (7, 8, "南")]


def test_a_whole_word_name_is_not_found_inside_a_longer_word():
    alternation, _ = names_alternation(["WHO"])
    assert matches(alternation, "xWHO WHO who") == [(5, 8, "WHO")]


def test_a_case_insensitive_name_matches_as_re_does_even_with_the_kelvin_sign():
    alternation, patterns = names_alternation(["Kenya Institute"])
    text = "the \u212aenya institute and the KENYA INSTITUTE"
    assert matches(alternation, text) == expected(patterns, text)
    assert len(matches(alternation, text)) == 2


def test_a_flag_for_the_whole_pattern_applies_to_every_alternative():
    alternatives = [Alternative("climate", "c"), Alternative("气候", "气")]
    found = matches(Alternation(alternatives, flags=re.IGNORECASE), "Climate 与气候")
    assert found == [(0, 7, "Climate"), (9, 11, "气候")]


def test_no_alternatives_find_nothing():
    assert matches(Alternation([]), "anything") == []
