"""Reading the bundled report as a PDF and as a DOCX, built from its text, and refusing broken files."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from ingest.errors import IngestError
from ingest.formats import document_format
from ingest.formats.pdf import pdf_pages
from ingest.parsing import parse_document
from ingest.reading import read_document_bytes, read_document_file
from tests.conftest import parsed_report, report_text
from tests.ingest.documents import image_only_pdf, pages_pdf, report_docx, report_pdf

REPORT_TEXT = report_text()
EXPECTED = parsed_report()


@pytest.fixture(scope="session")
def report_pdf_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("formats") / "A-76-403.pdf"
    path.write_bytes(report_pdf(REPORT_TEXT, symbol="A/76/403", job="21-14958"))
    return path


@pytest.fixture(scope="session")
def report_docx_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("formats") / "A-76-403.docx"
    path.write_bytes(report_docx(REPORT_TEXT, symbol="A/76/403"))
    return path


def _paragraphs(text: str) -> list[tuple]:
    return [(p.number, p.section, p.text, p.footnotes) for p in parse_document(text).paragraphs]


def _error(data: bytes, *, name: str) -> str:
    with pytest.raises(IngestError) as caught:
        read_document_bytes(data, name=name)
    message = str(caught.value)
    assert name in message
    assert "\n" not in message
    return message


# PDF


def test_a_pdf_of_the_report_gives_the_same_86_paragraphs_as_its_text(report_pdf_path):
    text, raw = read_document_file(report_pdf_path)

    assert raw.startswith(b"%PDF-")
    assert _paragraphs(text) == _paragraphs(REPORT_TEXT)
    assert [p.number for p in parse_document(text).paragraphs] == list(range(1, 87))


def test_a_pdf_of_the_report_gives_the_same_header_and_no_warnings(report_pdf_path):
    parsed = parse_document(read_document_file(report_pdf_path)[0])

    assert (parsed.title, parsed.session, parsed.agenda_item, parsed.summary) == (
        EXPECTED.title,
        EXPECTED.session,
        EXPECTED.agenda_item,
        EXPECTED.summary,
    )
    assert parsed.warnings == ()


def test_the_generated_pdf_splits_paragraph_7_by_a_page_break_with_its_footnotes_between(report_pdf_path):
    pages = pdf_pages(report_pdf_path.read_bytes(), name="A-76-403.pdf")
    page = next(p for p in pages if any(line.text.startswith("7. ") for line in p.lines))
    texts = [line.text for line in page.lines]
    following = [line.text for line in pages[page.number].lines]

    first_note = next(i for i, text in enumerate(texts) if text.startswith("¹ 世界卫生组织"))

    assert texts[0] == "A/76/403" and texts[-1].startswith("21-14958")
    assert any(text.startswith("² 世界银行") for text in texts[first_note:])
    body = [line for line in page.lines if line.size == 10]
    assert not body[-1].text.rstrip().endswith("。")  # paragraph 7 runs on to the next page
    assert page.lines[first_note].size < body[-1].size
    assert following[0] == "A/76/403" and re.fullmatch(r"21-14958 \d+/\d+", following[-1])


def test_page_heads_job_numbers_and_page_numbers_are_dropped_from_the_pdf_text(report_pdf_path):
    lines = read_document_file(report_pdf_path)[0].splitlines()

    assert not [line for line in lines if re.search(r"A/76/403|21-14958|\*2114958\*|^\d+/\d+$", line)]


def test_each_paragraph_of_the_pdf_is_one_line_and_footnotes_follow_the_paragraph_citing_them(
    report_pdf_path,
):
    blocks = read_document_file(report_pdf_path)[0].split("\n\n")

    assert all("\n" not in block.strip() for block in blocks)
    cited = next(i for i, block in enumerate(blocks) if block.startswith("2. "))
    assert blocks[cited + 1].startswith("¹ 世界卫生组织，“疫苗不公平损及全球经济复苏”")
    assert blocks[cited + 2].startswith("² 世界银行")
    assert blocks[cited + 3].startswith("3. ")
    assert "替代南北合作。¹ 此外" in blocks[cited]


def test_a_running_title_on_every_page_and_bare_page_numbers_are_dropped():
    pages = [
        [
            "南南合作情况",
            "",
            f"{n}. 第 {n} 段的第一句，写得比较长，以便这一行一直写到页面的右边",
            "缘为止。",
            "",
            str(n),
        ]
        for n in range(1, 5)
    ]

    text = read_document_bytes(pages_pdf(pages), name="running.pdf")

    sentence = "段的第一句，写得比较长，以便这一行一直写到页面的右边缘为止。"
    assert text == "\n\n".join(f"{n}. 第 {n} {sentence}" for n in range(1, 5)) + "\n"


def test_a_short_line_ends_its_paragraph_and_a_numbered_line_starts_one():
    page = [
        "摘要",
        "本段很短。",
        "12. 编号段落开始于此，",
        "(a) 第一项；",
        "A. 一个节标题",
    ]

    text = read_document_bytes(pages_pdf([page]), name="short.pdf")

    assert text == "摘要\n\n本段很短。\n\n12. 编号段落开始于此，\n\n(a) 第一项；\n\nA. 一个节标题\n"


def test_a_pdf_named_txt_is_read_as_a_pdf(report_pdf_path):
    assert document_format(report_pdf_path.read_bytes(), name="report.txt") == "pdf"
    assert _paragraphs(read_document_bytes(report_pdf_path.read_bytes(), name="report.txt")) == _paragraphs(
        REPORT_TEXT
    )


def test_a_file_named_pdf_whose_bytes_are_text_is_read_as_text():
    assert read_document_bytes(REPORT_TEXT.encode("utf-8"), name="A-76-403.pdf") == REPORT_TEXT


def test_a_truncated_pdf_is_refused_as_truncated(report_pdf_path):
    data = report_pdf_path.read_bytes()

    assert "is a truncated PDF" in _error(data[: len(data) // 2], name="cut.pdf")


def test_a_pdf_with_a_damaged_structure_is_refused_as_damaged():
    assert "is a damaged PDF" in _error(
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog\nendobj\n%%EOF\n", name="bad.pdf"
    )


def test_an_encrypted_pdf_is_refused_as_needing_a_password():
    data = report_pdf(REPORT_TEXT[:400], symbol="A/76/403", job="21-14958", password="secret")

    assert "is an encrypted PDF that needs a password" in _error(data, name="locked.pdf")


def test_a_pdf_without_a_text_layer_is_refused_as_a_possible_scan():
    message = _error(image_only_pdf(), name="scan.pdf")

    assert message == "scan.pdf has no text layer: it may be a scan; OCR is not supported"


def test_a_pdf_over_the_page_limit_is_refused_naming_the_limit(report_pdf_path, settings):
    settings.MAX_PDF_PAGES = 3

    message = _error(report_pdf_path.read_bytes(), name="long.pdf")

    assert re.search(r"has \d+ pages, more than the limit of 3 \(MAX_PDF_PAGES\)", message)


def test_a_file_over_the_upload_limit_is_refused_naming_the_limit(settings):
    settings.MAX_UPLOAD_BYTES = 10_000

    message = _error(REPORT_TEXT.encode("utf-8"), name="big.txt")

    assert (
        f"is {len(REPORT_TEXT.encode())} bytes, more than the limit of 10000 bytes (MAX_UPLOAD_BYTES)"
        in message
    )


# DOCX


def test_a_docx_of_the_report_gives_the_same_86_paragraphs_as_its_text(report_docx_path):
    text, _ = read_document_file(report_docx_path)

    assert _paragraphs(text) == _paragraphs(REPORT_TEXT)
    parsed = parse_document(text)
    assert (parsed.title, parsed.summary, parsed.warnings) == (EXPECTED.title, EXPECTED.summary, ())


def test_the_paragraph_numbers_of_the_docx_come_from_word_numbering(report_docx_path):
    document = Document(str(report_docx_path))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]

    assert len(numbered) == 86
    assert not [p for p in numbered if re.match(r"\d+\. ", p.text)]  # the numbers are not typed
    assert "\n\n1. 本报告是根据大会第 75/234 号决议" in read_document_file(report_docx_path)[0]


def test_docx_footnotes_follow_the_paragraph_citing_them_and_the_running_head_is_left_out(report_docx_path):
    text = read_document_file(report_docx_path)[0]

    assert "南南合作情况*\n\n* 由于广泛协商和技术原因，本报告延迟完成。\n\n秘书长的报告" in text
    assert "替代南北合作。¹ 此外" in text
    assert "\n\n¹ 世界卫生组织，“疫苗不公平损及全球经济复苏”，2021 年 7 月 22 日。" in text
    assert "A/76/403" not in text


def _docx(build) -> bytes:
    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_tables_are_read_in_place_a_row_a_line():
    def build(document):
        document.add_paragraph("见下表。")
        table = document.add_table(rows=2, cols=2)
        for row, cells in zip(table.rows, [("实体", "项目数"), ("工发组织", "130")], strict=True):
            for cell, value in zip(row.cells, cells, strict=True):
                cell.text = value
        document.add_paragraph("表后一段。")

    text = read_document_bytes(_docx(build), name="table.docx")

    assert text == "见下表。\n\n实体\t项目数\n工发组织\t130\n\n表后一段。\n"


def test_chinese_and_lettered_word_numbering_is_written_out():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def build(document):
        numbering = document.part.numbering_part.element
        numbering.insert(
            0,
            parse_xml(
                f'<w:abstractNum {w} w:abstractNumId="90">'
                '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
                '<w:lvlText w:val="%1."/></w:lvl>'
                '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
                '<w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum>'
            ),
        )
        numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
        for level, text in [(0, "引言"), (1, "第一项；"), (1, "第二项。"), (0, "结论"), (1, "再一项。")]:
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
        for _ in range(10):
            document.add_paragraph("段落。", style="List Number")

    text = read_document_bytes(_docx(build), name="numbered.docx")

    assert text.split("\n\n")[:5] == ["一. 引言", "(a) 第一项；", "(b) 第二项。", "二. 结论", "(a) 再一项。"]
    assert text.split("\n\n")[-1] == "10. 段落。\n"


def test_a_zip_of_something_else_is_refused_as_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", REPORT_TEXT)

    message = _error(buffer.getvalue(), name="report.docx")

    assert "is a ZIP archive but not a Word document (it has no word/document.xml)" in message


def test_a_truncated_docx_is_refused_as_a_damaged_zip_archive(report_docx_path):
    data = report_docx_path.read_bytes()

    assert "is a damaged ZIP archive, so not a readable DOCX" in _error(
        data[: len(data) // 2], name="cut.docx"
    )


def test_a_docx_that_is_not_a_zip_archive_is_refused():
    message = _error(bytes(range(256)) * 4, name="report.docx")

    assert "is not a Word document: a .docx file is a ZIP archive and this is not" in message


def test_an_old_word_document_named_docx_is_refused_with_what_to_do():
    message = _error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), name="report.docx")

    assert "is an old Word .doc file, not DOCX; save it as .docx or PDF" in message


# Markdown


def test_markdown_is_read_as_text_as_it_is():
    markdown = "# 南南合作\n\n1. 联合国**开发署**的[报告](#)。\n"

    assert document_format(markdown.encode(), name="note.md") == "markdown"
    assert read_document_bytes(markdown.encode(), name="note.md") == markdown
    assert parse_document(markdown).paragraphs[0].text == "联合国开发署的报告。"
