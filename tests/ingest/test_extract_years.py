"""Years read from paragraphs: 2020 年, ranges, English years, and numbers that only look like years."""

from ingest.extraction.years import find_years


def values(text):
    return [span.value for span in find_years(text)]


def test_it_reads_chinese_years_with_or_without_a_space():
    assert values("2020 年 1 月至 2021年 8 月期间") == ["2020", "2021"]


def test_a_range_gives_its_two_ends():
    spans = find_years("开发署 2022-2025 年战略计划")
    assert [span.value for span in spans] == ["2022", "2025"]
    assert [span.text for span in spans] == ["2022", "2025"]


def test_it_does_not_read_years_inside_other_numbers_or_symbols():
    assert values("价值 3 364 000 美元，见 SSC/20/2 和第 20/1 号决定，共 2020 个") == []


def test_titles_and_agenda_names_are_not_years_of_activity():
    text = "在《2021 年世界投资报告》中指出，以实现 2030 年议程和《2063 年议程》，到 2030 年实现零饥饿"
    assert values(text) == ["2030"]


def test_it_reads_english_years_but_not_dates_in_addresses():
    text = "In 2020 and 2021, see www.who.int/news/item/22-07-2021-vaccine and A/76/2021."
    assert values(text) == ["2020", "2021"]


def test_spans_point_at_the_digits():
    text = "2020年，粮农组织与中国开展了协作"
    (span,) = find_years(text)
    assert text[span.start : span.end] == "2020"
