"""Parsing the bundled report and resolution, an English report and plain text into paragraphs."""

import datetime
import re

import pytest

from ingest.errors import IngestError
from ingest.parsing import Footnote, SectionRef, parse_document
from tests.conftest import FIXTURES, parsed_report, report_text
from tests.conftest import REPORT as REPORT_PATH
from tests.conftest import RESOLUTION as RESOLUTION_PATH

REPORT_TEXT = report_text(REPORT_PATH)
RESOLUTION_TEXT = report_text(RESOLUTION_PATH)
REPORT = parsed_report(REPORT_PATH, symbol="A/76/403")
RESOLUTION = parsed_report(RESOLUTION_PATH)
FOOTNOTE_TEXTS = (
    "世界卫生组织，“疫苗不公平",
    "世界银行，“COVID-19",
    "www.iisd.org",
    "联合国出版物",
    "FCCC/CP",
    "条约汇编",
)


def report_paragraph(number: int):
    return next(p for p in REPORT.paragraphs if p.number == number)


def test_the_report_has_exactly_86_paragraphs_numbered_1_to_86_in_order():
    assert [p.number for p in REPORT.paragraphs] == list(range(1, 87))
    assert [p.order for p in REPORT.paragraphs] == list(range(1, 87))


def test_it_reads_the_report_header():
    assert REPORT.kind == "report"
    assert REPORT.title == "南南合作情况"
    assert REPORT.symbol == "A/76/403"
    assert REPORT.session == "第七十六届会议"
    assert REPORT.agenda_item == "25 (b)"
    assert REPORT.language == "zh"
    assert REPORT.date is None


def test_the_report_year_is_the_end_of_the_reporting_period_in_its_summary():
    # "2020 年 1 月至 2021 年 8 月"; the 2030 of 《2030 年可持续发展议程》 is not a reporting year.
    assert REPORT.year == 2021


def test_the_report_symbol_is_empty_unless_the_caller_gives_it():
    assert parse_document(REPORT_TEXT).symbol == ""


def test_it_reads_the_summary_without_the_title_footnote():
    assert REPORT.summary.startswith("本报告是根据大会第 75/234 号决议提交的")
    assert REPORT.summary.endswith("实现《2030 年可持续发展议程》。")
    assert "广泛协商" not in REPORT.summary


def test_the_header_and_summary_are_not_paragraphs():
    texts = [p.text for p in REPORT.paragraphs]
    assert not any(t == "秘书长的报告" or "广泛协商" in t or t == REPORT.summary for t in texts)
    assert report_paragraph(1).text.startswith("本报告是根据大会第 75/234 号决议提交的，大会在该决议中")


@pytest.mark.parametrize(
    "number, path",
    [
        (1, ("一",)),
        (7, ("一",)),
        (8, ("二", "A")),
        (30, ("二", "A")),
        (31, ("二", "B")),
        (38, ("三",)),
        (39, ("三", "A")),
        (50, ("三", "C")),
        (60, ("三", "E")),
        (67, ("四",)),
        (78, ("四",)),
        (79, ("五",)),
        (86, ("五",)),
    ],
)
def test_each_report_paragraph_sits_in_its_chapter_and_section(number, path):
    assert tuple(ref.number for ref in report_paragraph(number).section) == path


def test_section_headings_are_read_in_full():
    assert report_paragraph(8).section == (
        SectionRef("二", "联合国发展系统各组织在人类面临生存威胁背景下向南南合作和三方合作提供的支持"),
        SectionRef("A", "为南南合作应对 2019 冠状病毒病(COVID-19)大流行提供协助"),
    )
    assert report_paragraph(31).section[1] == SectionRef("B", "促进南南合作应对气候变化")


@pytest.mark.parametrize(
    "number, first_half_end, second_half_start",
    [
        (7, "南南合作情况作了", "说明，但不作全面详述"),
        (18, "相关的偏见、歧视", "和疏离；也有一些政策"),
        (31, "更有兴趣通过南南合作", "进行集体应对。"),
        (38, "工作计划主流而开展的", "工作，并鼓励各实体"),
        (43, "而开发署在非洲的加速", "器实验室网络则筹划"),
        (50, "从而使南南合作和三方合作能", "够在联合国发展系统"),
        (76, "以及“南", "南合作在行动中”系列"),
        (81, "此类工作应立足于一个强健", "的成果框架，而这一框架"),
    ],
)
def test_it_rejoins_a_paragraph_split_by_a_page_break(number, first_half_end, second_half_start):
    text = report_paragraph(number).text

    assert first_half_end + second_half_start in text
    assert "\n" not in text


def test_no_footnote_text_is_left_in_any_paragraph():
    for paragraph in REPORT.paragraphs + RESOLUTION.paragraphs:
        assert not any(fragment in paragraph.text for fragment in FOOTNOTE_TEXTS), paragraph.number


def test_the_bundled_documents_parse_without_warnings():
    assert REPORT.warnings == ()
    assert RESOLUTION.warnings == ()


@pytest.mark.parametrize(
    "cut_after",
    [
        "西亚经社会为交流执行《20",
        "三方合",
        "提供了支持。",
        "更有效率和更透明，此外还设立一个气候/",
        "统计开展区域协作",
    ],
)
def test_it_rejoins_paragraph_44_wherever_a_page_break_cuts_it(cut_after):
    whole = report_paragraph(44).text
    cut = whole.index(cut_after) + len(cut_after)
    page_break = (
        "\n\n³ 见 www.iisd.org/projects/alive。\n\n21-13947 (C)\n\n12/20\n\n第七十六届会议\n\nA/76/403\n\n"
    )
    text = REPORT_TEXT.replace(whole, whole[:cut] + page_break + whole[cut:])

    parsed = parse_document(text, symbol="A/76/403")

    assert [p.text for p in parsed.paragraphs] == [p.text for p in REPORT.paragraphs]


def test_page_residue_around_the_report_is_dropped():
    residue = "联合国\n\nA/76/403\n\n大会\n\nDistr.: General\n\n中文\nOriginal: English\n\n21-13947 (C)\n\n"
    page_header = "\n\n21-13947 (C)\n\n4/20\n\nA/76/403\n\n第七十六届会议\n\n"
    text = residue + REPORT_TEXT.replace(
        "通过南南合作\n\n进行集体应对", f"通过南南合作{page_header}进行集体应对"
    )
    text = text.replace("\n\n三. 联合国各实体", f"{page_header}三. 联合国各实体")

    parsed = parse_document(text)

    assert [p.text for p in parsed.paragraphs] == [p.text for p in REPORT.paragraphs]
    assert (parsed.title, parsed.session, parsed.agenda_item) == ("南南合作情况", "第七十六届会议", "25 (b)")
    assert parsed.symbol == "A/76/403"  # printed at the top, so it may stand in for the caller's
    assert parsed.warnings == ()


def test_it_attaches_footnotes_to_the_paragraphs_that_cite_them():
    cited = {p.number: [f.marker for f in p.footnotes] for p in REPORT.paragraphs if p.footnotes}

    assert cited == {2: ["1", "2"], 33: ["3"]}
    assert report_paragraph(2).footnotes[0].text.startswith("世界卫生组织，“疫苗不公平损及全球经济复苏”")
    assert report_paragraph(33).footnotes == (
        Footnote("3", "见 www.iisd.org/projects/alive-adaptation-livelihoods-and-ecosystems-planning-tool。"),
    )


def test_footnote_markers_stay_in_the_text_as_printed():
    assert "替代南北合作。¹ 此外" in report_paragraph(2).text
    assert report_paragraph(33).text.endswith("适应办法选择。³")


def test_footnote_text_loses_its_markdown_angle_brackets():
    text = report_paragraph(2).footnotes[1].text

    assert "<" not in text and ">" not in text
    assert text.endswith(
        "可查阅 https://blogs.worldbank.org/opendata/updated-estimates-impact-covid-19-global-poverty-turning-corner-pandemic-2021。"
    )


def test_markdown_bold_is_removed_from_the_report():
    text = report_paragraph(78).text

    assert "“Youth4South”倡议" in text
    assert "启动Youth4South研究金" in text
    assert "*" not in text


def test_it_reads_the_resolution_header():
    assert RESOLUTION.kind == "resolution"
    assert RESOLUTION.title == "南南合作"
    assert RESOLUTION.symbol == "A/RES/76/221"
    assert RESOLUTION.session == "第七十六届会议"
    assert RESOLUTION.agenda_item == "25 (b)"
    assert RESOLUTION.date == datetime.date(2021, 12, 17)
    assert RESOLUTION.year == 2021
    assert RESOLUTION.summary == ""


def test_the_resolution_has_ten_unnumbered_preambular_paragraphs_then_operative_paragraphs_1_to_7():
    assert [p.number for p in RESOLUTION.paragraphs] == [None] * 10 + list(range(1, 8))
    assert [p.order for p in RESOLUTION.paragraphs] == list(range(1, 18))


def test_the_preamble_starts_after_the_general_assembly_line():
    preamble = [p.text for p in RESOLUTION.paragraphs if p.number is None]

    assert preamble[0].startswith("重申其认可第二次联合国南南合作高级别会议布宜诺斯艾利斯成果文件")
    assert preamble[9].startswith("重申承诺不让任何一个人掉队")
    assert all(text.endswith("，") for text in preamble)
    assert "大会，" not in preamble


def test_the_preambular_paragraphs_around_footnote_1_stay_apart():
    third, fourth, fifth = RESOLUTION.paragraphs[2:5]

    assert third.text.endswith("第 33/134 号决议，")
    assert third.footnotes[0].marker == "1"
    assert third.footnotes[0].text.startswith("《联合国发展中国家间技术合作会议报告")
    assert fourth.text.startswith("回顾其 2003 年 6 月 23 日") and fourth.text.endswith("第 75/234 号决议，")
    assert fifth.text.startswith("重申其题为“变革我们的世界")


def test_markdown_links_are_removed_from_the_preamble():
    first = RESOLUTION.paragraphs[0].text

    assert "第 73/291 号决议" in first
    assert "[" not in first and "(#)" not in first
    assert "第 57/270 B 号" in RESOLUTION.paragraphs[3].text


def test_operative_paragraphs_lose_their_markdown_bold():
    operative = [p for p in RESOLUTION.paragraphs if p.number]

    assert operative[0].text.startswith("回顾 2019 年 3 月 20 日至 22 日")
    assert operative[6].text.startswith("决定 在大会第七十七届会议临时议程")
    assert not any("*" in p.text for p in operative)


def test_operative_paragraph_2_cites_the_report_only_as_a_footnote():
    second = next(p for p in RESOLUTION.paragraphs if p.number == 2)

    assert second.text == "表示注意到 秘书长关于南南合作情况的报告；⁵"
    assert second.footnotes == (Footnote("5", "A/76/403。"),)
    assert RESOLUTION.symbol == "A/RES/76/221"


def test_the_resolution_footnotes_follow_their_citations():
    cited = {p.order: [f.marker for f in p.footnotes] for p in RESOLUTION.paragraphs if p.footnotes}

    assert cited == {3: ["1"], 7: ["2", "3"], 11: ["4"], 12: ["5"], 14: ["6"]}


def test_the_closing_date_and_meeting_are_not_paragraphs():
    assert RESOLUTION.paragraphs[-1].text.endswith("包括第二次高级别会议成果文件执行情况。")
    assert not any("全体会议" in p.text for p in RESOLUTION.paragraphs)


def test_a_given_symbol_that_contradicts_the_resolution_number_is_warned_about():
    parsed = parse_document(RESOLUTION_TEXT, symbol="A/RES/76/222")

    assert parsed.symbol == "A/RES/76/222"
    assert parsed.warnings == ("symbol A/RES/76/222 was given, but the text is resolution 76/221",)


def test_it_warns_when_paragraph_numbers_skip_or_repeat_and_keeps_the_paragraphs():
    text = "一. 引言\n\n1. 第一段。\n\n2. 第二段。\n\n4. 第四段。\n\n4. 又一个第四段。\n\n3. 第三段。\n"

    parsed = parse_document(text)

    assert [p.number for p in parsed.paragraphs] == [1, 2, 4, 4, 3]
    assert parsed.warnings == (
        "paragraph 4 follows paragraph 2",
        "paragraph 4 follows paragraph 4",
        "paragraph 3 follows paragraph 4",
    )


def test_it_warns_about_a_footnote_that_is_cited_but_never_given():
    parsed = parse_document("1. 第一段，见报告。³\n\n2. 第二段。\n")

    assert parsed.warnings == ("footnote 3 is cited but never given",)
    assert parsed.paragraphs[0].footnotes == ()


def test_a_numbered_list_after_a_colon_stays_inside_its_paragraph():
    text = "1. 第一段。\n\n2. 大会决定如下：\n1. 设立基金；\n2. 提交报告。\n\n3. 第三段。\n"

    parsed = parse_document(text)

    assert [p.number for p in parsed.paragraphs] == [1, 2, 3]
    assert parsed.paragraphs[1].text == "大会决定如下：\n1. 设立基金；\n2. 提交报告。"
    assert parsed.warnings == ()


def test_numbers_and_years_at_a_line_start_are_not_paragraph_numbers():
    text = "1. 报告指出，全球有\n2.58 亿儿童和青年无法受教育。\n\n2. 第二段，截至\n\n2021. 年底仍在执行。\n"

    parsed = parse_document(text)

    assert [p.number for p in parsed.paragraphs] == [1, 2]
    assert parsed.paragraphs[0].text == "报告指出，全球有2.58 亿儿童和青年无法受教育。"
    assert parsed.paragraphs[1].text == "第二段，截至2021. 年底仍在执行。"


def test_an_english_report_is_parsed_by_the_same_rules():
    parsed = parse_document((FIXTURES / "parsing_english_report.txt").read_text())

    assert (parsed.kind, parsed.language, parsed.symbol) == ("report", "en", "A/76/403")
    assert parsed.title == "State of South-South cooperation"
    assert (parsed.session, parsed.agenda_item) == ("Seventy-sixth session", "25 (b)")
    assert parsed.date == datetime.date(2021, 10, 5)
    assert parsed.summary.startswith(
        "The present report is submitted pursuant to General Assembly resolution 75/234."
    )
    assert [p.number for p in parsed.paragraphs] == [1, 2, 3, 4]
    assert parsed.warnings == ()


def test_an_english_report_keeps_chapter_and_section_headings_that_wrap():
    third = parse_document((FIXTURES / "parsing_english_report.txt").read_text()).paragraphs[2]

    assert third.section == (
        SectionRef(
            "II", "Support of the United Nations development system to South-South and triangular cooperation"
        ),
        SectionRef(
            "A",
            "Supporting South-South cooperation in response to the coronavirus disease (COVID-19) pandemic",
        ),
    )


def test_an_english_paragraph_is_rejoined_across_bare_digit_footnotes_and_page_residue():
    second = parse_document((FIXTURES / "parsing_english_report.txt").read_text()).paragraphs[1]

    assert second.text.startswith(
        "During the reporting period, about 55 per cent of the eligible population in developed"
    )
    assert (
        "by July 2021. In 2020, the pandemic pushed nearly 100 million people into extreme poverty. Member"
        in second.text
    )
    assert second.text.endswith(
        "and to the search for multilateral solutions to challenges that require collective action."
    )
    assert not re.search(r"World Bank|21-14321|3/20|A/76/403", second.text)
    assert [(f.marker, f.text[:24]) for f in second.footnotes] == [
        ("1", "World Health Organizatio"),
        ("2", 'World Bank, "Updated est'),
    ]
    assert second.footnotes[0].text.endswith('economic recovery", 22 July 2021.')


def test_text_without_numbered_paragraphs_falls_back_to_blank_line_paragraphs():
    parsed = parse_document((FIXTURES / "parsing_news_article.txt").read_text())

    assert parsed.kind == "text"
    assert parsed.title == "联合国南南合作日活动在曼谷举行"
    assert [(p.order, p.number) for p in parsed.paragraphs] == [(1, None), (2, None), (3, None), (4, None)]
    assert parsed.paragraphs[1].text.startswith("2020年9月12日，联合国南南合作办公室亚太司")
    assert parsed.paragraphs[3].text == "活动结束时，与会者呼吁进一步加强区域合作。"


def test_plain_english_text_falls_back_to_blank_line_paragraphs():
    parsed = parse_document(
        "South-South cooperation\n\nCountries of the South share\nknowledge.\n\nThey also trade.\n"
    )

    assert (parsed.kind, parsed.language) == ("text", "en")
    assert [p.text for p in parsed.paragraphs] == [
        "South-South cooperation",
        "Countries of the South share knowledge.",
        "They also trade.",
    ]


@pytest.mark.parametrize("text", ["", "\n\n \u3000\n", "***\n\n---\n"])
def test_text_with_no_recognisable_paragraphs_is_refused(text):
    with pytest.raises(IngestError, match="A/76/403 has no recognisable paragraphs"):
        parse_document(text, symbol="A/76/403")


def test_a_page_half_that_starts_with_a_footnote_marker_is_rejoined_not_taken_for_the_footnote():
    text = RESOLUTION_TEXT.replace("及其成果文件，⁴ 促请", "及其成果文件，\n\n⁴ 促请")

    parsed = parse_document(text)

    first = next(p for p in parsed.paragraphs if p.number == 1)
    assert first.text == next(p for p in RESOLUTION.paragraphs if p.number == 1).text
    assert first.footnotes == (Footnote("4", "第 73/291 号决议，附件。"),)
    assert parsed.warnings == ()


def test_a_footnote_cited_in_a_heading_is_recognised():
    parsed = parse_document("一. 引言\n\nA. 南南合作¹\n\n1. 第一段。\n\n¹ 关于南南合作的脚注。\n")

    assert [p.text for p in parsed.paragraphs] == ["第一段。"]
    assert parsed.paragraphs[0].section[1] == SectionRef("A", "南南合作¹")
    assert parsed.warnings == ()


def test_it_warns_about_a_paragraph_cut_off_by_a_heading():
    parsed = parse_document("一. 引言\n\n1. 报告说明了\n\n二. 结论\n\n2. 第二段。\n")

    assert parsed.warnings == ("paragraph 1 ends without final punctuation",)
    assert [p.section[0].number for p in parsed.paragraphs] == ["一", "二"]
