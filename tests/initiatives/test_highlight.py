"""Highlighted paragraph HTML: marks by field, overlapping spans, the initiative's focus, and escaping."""

import re

import pytest
from django.utils import translation

from initiatives.highlight import Highlight, highlight_html, paragraph_highlights
from initiatives.models import Paragraph

TEXT = "在非洲联盟和世界银行的支持下，非洲疫苗采购工作队倡议是非洲区域合作的一个体现。"


def _marks(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<mark class="hl hl-(\w+)" tabindex="0" data-label="([^"]*)">([^<]*)</mark>', html)


def test_it_marks_each_span_with_its_field_and_label():
    html = highlight_html(
        text=TEXT,
        highlights=[
            Highlight(field="agency", start=1, end=5, label="Agency: African Union"),
            Highlight(field="agency", start=6, end=10, label="Agency: World Bank"),
        ],
    )
    assert _marks(html) == [
        ("agency", "Agency: African Union", "非洲联盟"),
        ("agency", "Agency: World Bank", "世界银行"),
    ]
    assert re.sub(r"<[^>]+>", "", html) == TEXT


def test_it_keeps_the_text_whole_when_spans_overlap():
    # 非洲 (a region) inside 非洲联盟 (an agency): the inner piece names both.
    html = highlight_html(
        text=TEXT,
        highlights=[
            Highlight(field="agency", start=1, end=5, label="Agency: African Union"),
            Highlight(field="region", start=1, end=3, label="Region: Africa"),
        ],
    )
    assert _marks(html) == [
        ("region", "Agency: African Union；Region: Africa", "非洲"),
        ("agency", "Agency: African Union", "联盟"),
    ]
    assert re.sub(r"<[^>]+>", "", html) == TEXT


def test_it_dims_the_text_outside_the_initiative():
    html = highlight_html(text=TEXT, highlights=[], focus=(TEXT.index("非洲疫苗"), len(TEXT)))
    assert html.startswith('<span class="context">在非洲联盟和世界银行的支持下，</span>')
    assert html.endswith("非洲疫苗采购工作队倡议是非洲区域合作的一个体现。")


def test_it_escapes_the_text_and_the_labels():
    text = "开发署<script>alert(1)</script>与<img src=x onerror=alert(1)>合作"
    html = highlight_html(
        text=text,
        highlights=[Highlight(field="agency", start=0, end=3, label='"><script>alert(2)</script>')],
    )
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'data-label="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html


def test_it_ignores_spans_outside_the_text_and_unknown_fields_get_a_neutral_colour():
    html = highlight_html(
        text="粮农组织",
        highlights=[
            Highlight(field="agency", start=2, end=99, label="out of range"),
            Highlight(field="organisation", start=0, end=4, label="Other: FAO"),
        ],
    )
    assert _marks(html) == [("other", "Other: FAO", "粮农组织")]


@pytest.mark.django_db
def test_it_labels_the_evidence_of_a_bundled_paragraph_in_the_active_language(bundled):
    paragraph = Paragraph.objects.get(document=bundled["A/76/403"], number=11)
    with translation.override("en"):
        english = {h.label for h in paragraph_highlights(paragraph)}
    with translation.override("zh-hans"):
        chinese = {h.label for h in paragraph_highlights(paragraph)}
    assert "Agency: African Union" in english
    assert "Amount: US$2 billion (funding, because the text says “融资”)" in english
    assert "机构: 非洲联盟" in chinese
    assert "金额: 20 亿美元 (资金，依据原文“融资”)" in chinese


@pytest.mark.django_db
def test_every_highlight_of_a_bundled_paragraph_covers_the_text_it_was_read_from(bundled):
    paragraph = Paragraph.objects.get(document=bundled["A/76/403"], number=11)
    highlights = paragraph_highlights(paragraph)
    evidence = {(e.start, e.end): e.text for e in paragraph.evidence.all()}
    assert highlights
    for h in highlights:
        if (h.start, h.end) in evidence:
            assert paragraph.text[h.start : h.end] == evidence[h.start, h.end]
    html = highlight_html(text=paragraph.text, highlights=highlights)
    assert re.sub(r"<[^>]+>", "", html) == paragraph.text
