"""A block of text longer than MAX_PARAGRAPH_CHARS is no paragraph: it is cut at sentence ends, with a warning."""

from ingest.paragraph_limit import MAX_PARAGRAPH_CHARS, split_long
from ingest.parsing import parse_document
from tests.conftest import REPORT, RESOLUTION

SENTENCE = "联合国开发计划署与埃塞俄比亚合作，在 2021 年提供了 200 万美元，用于农村太阳能发电项目。"


def test_the_longest_paragraph_of_the_bundled_reports_is_a_sixteenth_of_the_limit():
    longest = max(
        len(p.text) for path in (REPORT, RESOLUTION) for p in parse_document(path.read_text()).paragraphs
    )

    assert longest == 609
    assert 16 * longest <= MAX_PARAGRAPH_CHARS


def test_a_paragraph_over_the_limit_is_cut_at_sentence_ends_into_paragraphs_of_the_same_number():
    body = SENTENCE * (25_000 // len(SENTENCE))
    parsed = parse_document(f"第七十六届会议\n\n1. 第一段。\n\n2. {body}\n\n3. 第三段。\n")

    pieces = [p for p in parsed.paragraphs if p.number == 2]
    assert len(pieces) == 3
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS and p.text.endswith("项目。") for p in pieces)
    assert "".join(p.text for p in pieces) == body
    assert [(p.order, p.number) for p in parsed.paragraphs] == [(1, 1), (2, 2), (3, 2), (4, 2), (5, 3)]
    assert parsed.warnings == (
        f"paragraph 2 has {len(body):,} characters, more than 10,000: cut into 3 paragraphs at sentence ends",
    )


def test_a_sentence_longer_than_the_limit_is_cut_where_the_limit_falls():
    body = "南南合作" * 6_000

    parsed = parse_document(f"第七十六届会议\n\n1. {body}。\n")

    assert [len(p.text) for p in parsed.paragraphs] == [10_000, 10_000, 4_001]
    assert parsed.warnings == (
        "paragraph 1 has 24,001 characters, more than 10,000: "
        "cut into 3 paragraphs at sentence ends, or at the limit inside a longer sentence",
    )


def test_each_piece_keeps_the_footnotes_it_cites():
    body = SENTENCE * 250 + "见脚注。¹" + SENTENCE * 250
    parsed = parse_document(f"第七十六届会议\n\n1. {body}\n\n¹ 一个脚注。\n")

    assert [[note.marker for note in p.footnotes] for p in parsed.paragraphs] == [[], ["1"], []]


def test_a_text_without_numbered_paragraphs_is_cut_too():
    parsed = parse_document("A plain note. " * 2_000)

    assert len(parsed.paragraphs) == 3
    assert [p.order for p in parsed.paragraphs] == [1, 2, 3]
    assert parsed.warnings[0].startswith("unnumbered paragraph 1 has 27,999 characters")


def test_split_long_leaves_a_short_text_whole_and_never_cuts_a_decimal_number():
    assert split_long("2.58 亿美元。", limit=20) == (["2.58 亿美元。"], True)
    assert split_long("A/76/403 和 2.58 亿。再一句。", limit=20) == (
        ["A/76/403 和 2.58 亿。", "再一句。"],
        True,
    )
