"""Extraction of the whole 2021 report, checked by hand against its text."""

from decimal import Decimal
from functools import cache

import pytest

from ingest.extraction.pipeline import extract_document
from ingest.parsing import ParsedParagraph
from tests.conftest import extracted_report


@cache
def report():
    pairs = extracted_report()
    return tuple(p for p, _ in pairs), [x for _, x in pairs]


def paragraph(number: int):
    paragraphs, extracted = report()
    return next(x for p, x in zip(paragraphs, extracted, strict=True) if p.number == number)


def amounts(number: int) -> list[tuple[str, Decimal, bool]]:
    return [(money.text, money.amount_usd, money.is_funding) for money in paragraph(number).amounts]


def test_it_returns_one_extraction_per_paragraph_in_order():
    paragraphs, extracted = report()
    assert len(extracted) == len(paragraphs) == 86


def test_every_span_points_at_its_text():
    paragraphs, extracted = report()
    for p, x in zip(paragraphs, extracted, strict=True):
        for span in x.spans:
            assert p.text[span.start : span.end] == span.text


def test_the_fall_in_global_investment_flows_is_a_statistic():
    assert amounts(10) == [
        ("1.5 万亿美元", Decimal("1500000000000"), False),
        ("1 万亿美元", Decimal("1000000000000"), False),
    ]


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (11, [("20 亿美元", Decimal("2000000000"), True)]),
        (14, [("400 万美元", Decimal("4000000"), True)]),
        (23, [("260 000 美元", Decimal("260000"), True)]),
        (58, [("100 万美元", Decimal("1000000"), True)]),
        (64, [("8 000 万美元", Decimal("80000000"), True), ("5 000 万美元", Decimal("50000000"), True)]),
        (65, [("1 000 多万美元", Decimal("10000000"), True)]),
    ],
)
def test_money_an_actor_provided_is_funding(number, expected):
    assert amounts(number) == expected


def test_more_than_ten_million_is_approximate():
    (money,) = paragraph(65).amounts
    assert money.approximate


@pytest.mark.parametrize("number", range(9, 31))
def test_the_covid_section_is_about_covid(number):
    assert paragraph(number).covid


@pytest.mark.parametrize("number", [40, 46, 58, 63])
def test_paragraphs_that_do_not_speak_of_the_pandemic_are_not_about_it(number):
    assert not paragraph(number).covid


def test_vaccines_count_as_covid_evidence_in_the_covid_section():
    assert [span.text for span in paragraph(11).spans if span.field == "covid"] == ["疫苗", "疫苗"]


@pytest.mark.parametrize("number", [31, 32, 33, 34, 35, 36, 37, 44])
def test_the_climate_section_and_the_debt_swap_are_about_climate(number):
    assert paragraph(number).climate


@pytest.mark.parametrize("number", [9, 20, 42, 58, 64])
def test_paragraphs_outside_the_climate_section_without_climate_words_are_not_about_climate(number):
    assert not paragraph(number).climate


def test_renewable_energy_is_climate_evidence_in_the_climate_section():
    texts = {span.text for span in paragraph(32).spans if span.field == "climate"}
    assert {"沼气", "太阳能", "可再生能源"} <= texts


@pytest.mark.parametrize("number", [32, 48, 57])
def test_triangular_projects_are_triangular(number):
    assert paragraph(number).modality == "triangular"


@pytest.mark.parametrize("number", [9, 20, 42, 65])
def test_south_south_and_triangular_cooperation_without_a_northern_partner_is_both(number):
    assert paragraph(number).modality == "both"


@pytest.mark.parametrize(("number", "goals"), [(2, (17,)), (18, (4,)), (80, (17,)), (24, ())])
def test_it_reads_the_goals_a_paragraph_cites(number, goals):
    assert paragraph(number).sdgs_cited == goals


def test_goals_are_cited_goals_and_goals_inferred_from_their_words():
    extraction = paragraph(18)
    assert extraction.sdgs_cited == (4,)
    assert 4 not in extraction.sdgs_inferred and 5 in extraction.sdgs_inferred  # 女童
    assert set(extraction.sdgs) == {4, *extraction.sdgs_inferred}


def test_a_region_inside_an_organisation_name_is_not_the_region():
    # 非洲联盟 is the African Union; 非洲 in 非洲区域合作 is Africa, and so are its 成员国.
    text = _text(11)
    union_starts = {
        i
        for i in range(len(text))
        if text.startswith("非洲联盟", i) and not text.startswith("非洲联盟成员国", i)
    }
    regions = [span for span in paragraph(11).spans if span.field == "region"]
    assert union_starts and not any(span.start in union_starts for span in regions)
    assert any(span.text == "非洲" and span.value == "africa" for span in regions)


def test_a_country_inside_a_national_agency_name_is_kept():
    assert "JPN" in paragraph(28).countries  # 日本国际协力机构


def test_short_forms_and_references_carry_across_paragraphs():
    # 该办公室 in paragraph 23 is the Office defined in paragraph 20.
    assert "UNOSSC" in paragraph(23).agencies
    assert "UNEP" in paragraph(50).agencies  # 环境署, defined in paragraph 33


def test_theme_words_inside_an_agency_name_are_not_themes():
    # 卫生 in 世界卫生组织 is a name; 卫生系统支助 later in paragraph 9 is health.
    spans = paragraph(9).spans
    agencies = [span for span in spans if span.field == "agency"]
    themes = [span for span in spans if span.field == "theme"]
    assert not any(a.start <= t.start and t.end <= a.end for a in agencies for t in themes)
    assert any(t.value == "health" and _text(9)[t.start : t.end + 2] == "卫生系统" for t in themes)


def test_paragraph_ten_yields_no_initiative():
    assert paragraph(10).kind == "context"
    assert paragraph(10).initiatives == ()


def test_paragraph_twenty_yields_five_initiatives():
    initiatives = paragraph(20).initiatives
    assert len(initiatives) == 5
    assert [i.order for i in initiatives] == [1, 2, 3, 4, 5]
    drr, training, ppe, supplies, fiscal_space = initiatives
    assert {"UNOSSC", "UNDRR", "PAHO"} <= set(drr.agencies)
    assert "减少灾害风险" in drr.text and "约 30 个联合国专门机构" not in drr.text
    assert "近 50 次" in training.text and "浏览量" in training.text
    assert "个人防护设备" in ppe.text and "UNDP" in ppe.agencies
    # The declared value of donated goods is in-kind, never funding.
    assert supplies.funding_usd is None
    assert [(m.kind, m.kind_words) for m in supplies.amounts] == [
        ("in_kind", "价值 3 364 000 美元的其他医疗用品")
    ]
    assert "非洲" in supplies.text
    assert fiscal_space.agencies == ("UNCDF",)
    assert fiscal_space.countries == ("BGD", "GHA", "MAR", "MDA", "MEX", "UGA")
    assert all(i.covid for i in initiatives)
    assert [i.funding_usd for i in initiatives] == [None, None, None, None, None]


def test_paragraph_thirty_two_is_one_triangular_initiative_between_three_countries():
    (initiative,) = paragraph(32).initiatives
    assert initiative.countries == ("CHN", "ETH", "LKA")
    assert initiative.modality == "triangular"
    assert initiative.climate
    assert initiative.agencies == ("UNDP",)


def test_paragraph_sixty_four_funds_its_initiatives_with_130_million_dollars():
    initiatives = paragraph(64).initiatives
    assert len(initiatives) >= 1
    assert sum(i.funding_usd or 0 for i in initiatives) == Decimal("130000000")
    assert {money.text for i in initiatives for money in i.amounts} == {"8 000 万美元", "5 000 万美元"}


def test_initiatives_keep_only_the_spans_inside_their_sentences():
    for number in (12, 20, 34, 64):
        for initiative in paragraph(number).initiatives:
            assert all(
                initiative.start <= span.start and span.end <= initiative.end for span in initiative.spans
            )


def test_years_of_an_initiative_come_from_its_own_sentences():
    first, second = paragraph(64).initiatives
    assert first.years == ()
    assert second.years == (2020, 2021)


def test_it_runs_on_paragraphs_built_by_hand():
    (extraction,) = extract_document(
        [
            ParsedParagraph(
                order=1, number=1, section=(), text="开发署于 2020 年调集了 50 万美元。", footnotes=()
            )
        ]
    )
    assert extraction.kind == "initiative"
    assert extraction.initiatives[0].funding_usd == Decimal("500000")
    assert extraction.years == (2020,)


def _text(number: int) -> str:
    paragraphs, _ = report()
    return next(p.text for p in paragraphs if p.number == number)
