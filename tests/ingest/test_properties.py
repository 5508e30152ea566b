"""Properties of the parser, the money reader and every extractor over arbitrary text (Hypothesis).

Whatever the text, parsing raises nothing but ``IngestError`` and every span an extractor returns
points at exactly the text it claims. The generated text mixes any Unicode with the characters
and fragments of the bundled reports (spaced numbers, units, agency and country names, paragraph
numbers, footnote markers), so that the examples reach the extractors' interesting paths.
"""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.errors import IngestError
from ingest.extraction.agencies import AgencyReader
from ingest.extraction.countries import find_countries
from ingest.extraction.flags import find_climate, find_covid, find_modality
from ingest.extraction.money import find_amounts, parse_money
from ingest.extraction.pipeline import extract_document
from ingest.extraction.regions import find_regions
from ingest.extraction.sdgs import find_cited_sdgs
from ingest.extraction.themes import find_themes
from ingest.extraction.years import find_years
from ingest.parsing import parse_document
from tests.conftest import REPORT, RESOLUTION

REPORT_CHARACTERS = sorted(set(REPORT.read_text(encoding="utf-8") + RESOLUTION.read_text(encoding="utf-8")))
FRAGMENTS = [
    "万美元",
    "亿美元",
    "万亿美元",
    "美元",
    "欧元",
    "元人民币",
    "多万美元",
    "约 ",
    "超过 ",
    "1 000",
    "8\u2009000",
    "3\u00a0364 000",
    "1.5",
    "20",
    "COVID-19",
    "2019 冠状病毒病",
    "气候变化",
    "联合国",
    "联合国开发计划署(开发署)",
    "开发署",
    "粮农组织",
    "世卫组织",
    "中国",
    "发展中国家",
    "印度尼西亚",
    "南苏丹",
    "几内亚比绍",
    "非洲",
    "最不发达国家",
    "南南合作",
    "三方合作",
    "可持续发展目标 17",
    "目标 3",
    "2021 年",
    "2020-2021 年",
    "2030 年议程",
    "USD 2 million",
    "$1.5 billion",
    "。",
    "，",
    "(",
    ")",
    "\n",
    "\n\n",
    "1. ",
    "86. ",
    "一. ",
    "A. ",
    "¹",
    "* ",
    "大会，",
    "第七十六届会议",
    "A/76/403",
]

report_like = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS),
        st.text(alphabet=REPORT_CHARACTERS, max_size=12),
        st.text(max_size=4),
    ),
    max_size=40,
).map("".join)
# Sentences shaped like the report's initiatives: an actor, an action verb, an object and an amount.
initiative_like = st.lists(
    st.tuples(
        st.sampled_from(["", "1. ", "12. ", "2020 年，"]),
        st.sampled_from(["开发署", "粮农组织和农发基金", "中国政府", "联合国南南合作办公室", "UNDP "]),
        st.sampled_from(["与埃塞俄比亚合作", "在非洲", "通过南南合作信托基金", ""]),
        st.sampled_from(["举办了", "启动了", "提供了", "支持", "资助了", "launched "]),
        st.sampled_from(
            ["农村太阳能发电项目", "《南南合作倡议》", "COVID-19 应对方案", "a training programme"]
        ),
        st.sampled_from(
            ["", "，金额 200 万美元", "，共计 1 000 多万美元", "(8\u2009000 万美元)", " worth USD 2 million"]
        ),
        report_like,
        st.sampled_from(["。", "；", "", "\n\n"]),
    ).map("".join),
    min_size=1,
    max_size=6,
).map("".join)
any_text = st.one_of(st.text(), report_like, initiative_like)

examples = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_spans_point_at_their_text(text: str, spans) -> None:
    for span in spans:
        assert 0 <= span.start < span.end <= len(text), span
        assert text[span.start : span.end] == span.text, span


@examples
@given(any_text)
def test_parsing_any_text_raises_nothing_but_an_ingest_error(text):
    try:
        parsed = parse_document(text)
    except IngestError as error:
        assert "\n" not in str(error)
        return
    assert [p.order for p in parsed.paragraphs] == list(range(1, len(parsed.paragraphs) + 1))
    assert all(p.text.strip() for p in parsed.paragraphs)


@examples
@given(any_text)
def test_every_amount_points_at_its_text_and_none_overlap(text):
    amounts = find_amounts(text)

    assert_spans_point_at_their_text(text, amounts)
    assert all(a.end <= b.start for a, b in zip(amounts, amounts[1:], strict=False))
    assert all(money.amount >= 0 for money in amounts)
    assert all(money.amount_usd is None or isinstance(money.amount_usd, Decimal) for money in amounts)
    assert parse_money(text) == (amounts[0] if amounts else None)


@examples
@given(any_text)
def test_agency_spans_point_at_their_text(text):
    assert_spans_point_at_their_text(text, AgencyReader().read(text))


@examples
@given(st.lists(any_text, max_size=4))
def test_agency_spans_point_at_their_text_when_the_reader_has_learned_from_earlier_paragraphs(texts):
    reader = AgencyReader()
    for text in texts:
        assert_spans_point_at_their_text(text, reader.read(text))


@examples
@given(any_text)
def test_country_region_year_flag_sdg_and_theme_spans_point_at_their_text(text):
    for find in (find_countries, find_regions, find_years, find_modality, find_cited_sdgs, find_themes):
        assert_spans_point_at_their_text(text, find(text))
    for topical in (False, True):
        assert_spans_point_at_their_text(text, find_covid(text, topical=topical))
        assert_spans_point_at_their_text(text, find_climate(text, topical=topical))


@examples
@given(any_text)
def test_extracting_a_parsed_document_keeps_every_span_and_initiative_inside_its_paragraph(text):
    try:
        paragraphs = parse_document(text).paragraphs
    except IngestError:
        return
    for paragraph, extraction in zip(paragraphs, extract_document(paragraphs), strict=True):
        assert_spans_point_at_their_text(paragraph.text, extraction.spans)
        assert_spans_point_at_their_text(paragraph.text, extraction.amounts)
        for initiative in extraction.initiatives:
            assert paragraph.text[initiative.start : initiative.end] == initiative.text
            assert_spans_point_at_their_text(paragraph.text, initiative.spans)
            assert len(initiative.title) <= 255
