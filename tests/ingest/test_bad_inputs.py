"""Every kind of bad file we could think of, through the ingest service and the ingest command.

A file that cannot be used gives one line naming it and saying what is wrong, through
``document_ingest`` as an ``IngestError`` and through ``manage.py ingest`` as a ``CommandError``,
and leaves every table as it was. Files that look odd but are valid (other encodings, Traditional
Chinese, a paragraph too long to be one, numbering out of order) are accepted, with warnings where a
paragraph is cut or the numbering is wrong. Each case is listed with its result in docs/reliability.md.
"""

import gzip
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from ingest.errors import IngestError
from ingest.services import document_ingest
from initiatives.models import Document
from tests.conftest import REPORT, to_traditional
from tests.ingest.documents import report_docx, report_pdf

pytestmark = pytest.mark.django_db

REPORT_TEXT = REPORT.read_text(encoding="utf-8")
SMALL_REPORT = """第七十六届会议

南南合作情况

秘书长的报告

一. 引言

1. 联合国开发计划署(开发署)与埃塞俄比亚合作，在 2021 年提供了 200 万美元，用于农村太阳能发电项目。

2. 粮食及农业组织(粮农组织)在非洲举办了关于粮食安全的南南合作讲习班。

3. 南南合作和三方合作对实现《2030 年可持续发展议程》十分重要。
"""


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def minimal_pdf(content: bytes) -> bytes:
    """A hand-written one-page PDF whose page draws ``content`` (no text operators: no text layer)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ]
    pdf = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return pdf


def zip_of(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


SMALL_PDF = report_pdf(SMALL_REPORT, symbol="A/76/403", job="21-14958")
SMALL_DOCX = report_docx(SMALL_REPORT, symbol="A/76/403")

# name, what to write (bytes, or a function of the directory for files that are not plain bytes), message
REFUSED: list[tuple[str, bytes | Callable[[Path], Path], str]] = [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b" \n\n\t  \n", "contains only whitespace"),
    ("random.txt", bytes(range(256)) * 16, "is a binary file"),
    ("nul.txt", b"1. text\x00\x00\x00 more\x00", "is a binary file"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(64), "is a binary file (a PNG image)"),
    ("photo.jpg.txt", b"\xff\xd8\xff\xe0" + bytes(64), "is a binary file (a JPEG image)"),
    ("report.txt.gz", gzip.compress(REPORT_TEXT.encode()), "is a binary file (a gzip archive)"),
    ("program.txt", b"\x7fELF\x02\x01\x01" + bytes(64), "is a binary file (a program)"),
    ("page.txt", b"<!DOCTYPE html>\n<html><body><p>1. text</p></body></html>\n", "is an HTML page"),
    ("cut.pdf", half(SMALL_PDF), "is a truncated PDF"),
    ("damaged.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog\nendobj\n%%EOF\n", "is a damaged PDF"),
    (
        "locked.pdf",
        report_pdf(SMALL_REPORT, symbol="A/76/403", job="21-14958", password="secret"),
        "needs a password",
    ),
    ("blank-page.pdf", minimal_pdf(b""), "has no text layer"),
    ("rectangle.pdf", minimal_pdf(b"0 0 1 rg 100 100 200 200 re f"), "has no text layer"),
    ("notes.docx", zip_of({"notes.txt": SMALL_REPORT}), "is a ZIP archive but not a Word document"),
    (
        "table.docx",
        zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"}),
        "is a ZIP archive but not a Word document",
    ),
    ("cut.docx", half(SMALL_DOCX), "is a damaged ZIP archive"),
    ("fake.docx", bytes(range(256)) * 4, "is not a Word document"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "is an old Word .doc file"),
    ("old.doc", SMALL_REPORT.encode(), "Word .doc files are not supported"),
    ("fake.pdf", bytes(range(256)) * 4, "is not a PDF"),
    ("cut-utf8.txt", SMALL_REPORT.encode()[:-5] + b"\xe5\x90" + "。\n".encode(), "is damaged UTF-8"),
    ("unknown-encoding.txt", b"\x81\x30" * 3 + b"\xff\xfe\xfd" * 50, "is not text in any encoding tried"),
    (
        "bad-bom.txt",
        b"\xff\xfe" + "1. 文本".encode("utf-16-le") + b"\x00",
        "byte order mark but is not valid",
    ),
    ("noise.txt", "联合国\n\nA/76/403\n\n21-14958\n".encode(), "has no recognisable paragraphs"),
    (
        "footnotes.txt",
        "¹ 世界卫生组织，“疫苗不公平损及全球经济复苏”，2021 年 7 月 22 日。\n\n"
        "² 世界银行，“COVID-19 对全球贫困的影响的最新估计”，2021 年 6 月 24 日。\n".encode(),
        "has no recognisable paragraphs",
    ),
    ("missing.txt", lambda directory: directory / "missing.txt", "does not exist"),
    (
        "folder.txt",
        lambda directory: (directory / "folder.txt").mkdir() or directory / "folder.txt",
        "is a directory",
    ),
]


def bad_file(directory: Path, name: str, content) -> Path:
    if callable(content):
        return content(directory)
    path = directory / name
    path.write_bytes(content)
    return path


@pytest.fixture(scope="module")
def oversized(tmp_path_factory) -> Path:
    """A text file one byte over MAX_UPLOAD_BYTES (50 MiB), written in pieces of report text."""
    path = tmp_path_factory.mktemp("big") / "huge.txt"
    limit = 50 * 1024 * 1024
    chunk = REPORT_TEXT.encode()
    with path.open("wb") as out:
        written = 0
        while written < limit + 1:
            piece = chunk[: limit + 1 - written]
            out.write(piece)
            written += len(piece)
    return path


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_the_service_refuses_a_bad_file_in_one_line_naming_it_and_writes_nothing(
    bundled, tmp_path, name, content, message
):
    path = bad_file(tmp_path, name, content)
    before = row_counts()

    with pytest.raises(IngestError) as refused:
        document_ingest(path=path)

    assert message in str(refused.value)
    assert path.name in str(refused.value)
    assert "\n" not in str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert row_counts() == before


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[case[0] for case in REFUSED])
def test_the_ingest_command_refuses_a_bad_file_in_one_line_naming_it_and_writes_nothing(
    bundled, tmp_path, capsys, name, content, message
):
    path = bad_file(tmp_path, name, content)
    before = row_counts()

    with pytest.raises(CommandError) as refused:
        call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert message in str(refused.value)
    assert path.name in str(refused.value)
    assert "\n" not in str(refused.value)
    assert "Traceback" not in capsys.readouterr().err
    assert row_counts() == before


def test_a_file_over_the_size_limit_is_refused_naming_the_limit(bundled, oversized, settings):
    assert settings.MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    before = row_counts()

    with pytest.raises(IngestError) as refused:
        document_ingest(path=oversized)
    with pytest.raises(CommandError) as refused_by_command:
        call_command("ingest", str(oversized), stdout=io.StringIO(), stderr=io.StringIO())

    # One byte over: both would round to 50.0 MB, so the sizes are given in bytes.
    assert str(refused.value) == (
        f"{oversized} is 52428801 bytes, more than the limit of 52428800 bytes (50.0 MB, MAX_UPLOAD_BYTES)"
    )
    assert str(refused_by_command.value) == str(refused.value)
    assert row_counts() == before


def test_one_bad_file_among_good_ones_is_reported_and_the_good_ones_are_ingested(bundled, tmp_path):
    good = tmp_path / "small.txt"
    good.write_text(SMALL_REPORT, encoding="utf-8")
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")

    with pytest.raises(CommandError, match=r"empty\.txt is empty"):
        call_command("ingest", str(bad), str(good), stdout=io.StringIO(), stderr=io.StringIO())

    assert Document.objects.get(source_name="small.txt").paragraphs.count() == 3


def test_an_html_page_is_refused_as_not_a_report(bundled, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<!DOCTYPE html>\n<html><head><title>南南合作</title></head><body>\n"
        "<p>1. 开发署与埃塞俄比亚合作，提供了 200 万美元。</p>\n</body></html>\n",
        encoding="utf-8",
    )
    before = row_counts()

    with pytest.raises(IngestError, match="HTML"):
        document_ingest(path=path)
    assert row_counts() == before


# Valid files that look unusual


def ingest_bytes(tmp_path: Path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return document_ingest(path=path)


def paragraph_texts(document: Document) -> list[str]:
    return list(document.paragraphs.order_by("order").values_list("text", flat=True))


@pytest.mark.parametrize(
    "encoding", ["gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"], ids=lambda e: e
)
def test_a_report_in_another_encoding_gives_the_same_paragraphs_as_in_utf8(bundled, tmp_path, encoding):
    result = ingest_bytes(tmp_path, f"small-{encoding}.txt", SMALL_REPORT.encode(encoding))

    assert result.created
    assert [p.text for p in result.document.paragraphs.order_by("order")][0].startswith("联合国开发计划署")
    assert result.paragraphs == 3
    assert result.warnings == []


def test_windows_and_old_mac_line_endings_read_like_unix_ones(bundled, tmp_path):
    unix = ingest_bytes(tmp_path, "unix.txt", SMALL_REPORT.encode())
    windows = paragraph_texts(unix.document)
    unix.document.delete()

    crlf = ingest_bytes(tmp_path, "crlf.txt", SMALL_REPORT.replace("\n", "\r\n").encode())
    assert paragraph_texts(crlf.document) == windows


def test_the_bundled_report_in_gb18030_is_recognised_as_already_ingested(bundled, tmp_path):
    before = row_counts()

    result = ingest_bytes(tmp_path, "report-gb18030.txt", REPORT_TEXT.encode("gb18030"))

    assert not result.created
    assert result.document == bundled["A/76/403"]
    assert row_counts() == before


def test_a_traditional_chinese_report_is_extracted_in_simplified_and_keeps_its_original(bundled, tmp_path):
    traditional = to_traditional(SMALL_REPORT)

    result = ingest_bytes(tmp_path, "traditional.txt", traditional.encode())

    assert result.document.language == "zh-Hant"
    assert result.document.original_text == traditional
    assert paragraph_texts(result.document)[1].startswith("粮食及农业组织(粮农组织)在非洲举办了")
    assert set(result.document.paragraphs.values_list("agencies__code", flat=True)) >= {"UNDP", "FAO"}


def test_a_paragraph_of_100000_characters_is_ingested_cut_at_sentence_ends_with_a_warning(bundled, tmp_path):
    sentence = "南南合作和三方合作在本报告所述期间继续发挥重要作用。"
    body = sentence * (100_000 // len(sentence))

    result = ingest_bytes(tmp_path, "long.txt", f"第七十六届会议\n\n1. {body}\n".encode())

    texts = paragraph_texts(result.document)
    assert result.paragraphs == 11
    assert "".join(texts) == body
    assert max(len(text) for text in texts) <= 10_000
    assert set(result.document.paragraphs.values_list("number", flat=True)) == {1}
    assert result.warnings == [
        f"paragraph 1 has {len(body):,} characters, more than 10,000: cut into 11 paragraphs at sentence ends"
    ]


def test_numbered_paragraphs_out_of_order_are_kept_in_reading_order_with_warnings(bundled, tmp_path):
    text = SMALL_REPORT.replace("\n2. ", "\n9. ").replace("\n3. ", "\n2. ")

    result = ingest_bytes(tmp_path, "disordered.txt", text.encode())

    assert list(result.document.paragraphs.order_by("order").values_list("number", flat=True)) == [1, 9, 2]
    assert result.warnings == ["paragraph 9 follows paragraph 1", "paragraph 2 follows paragraph 9"]


def test_a_repeated_paragraph_number_is_kept_with_a_warning(bundled, tmp_path):
    text = SMALL_REPORT.replace("\n3. ", "\n2. ")

    result = ingest_bytes(tmp_path, "repeated.txt", text.encode())

    assert list(result.document.paragraphs.order_by("order").values_list("number", flat=True)) == [1, 2, 2]
    assert result.warnings == ["paragraph 2 follows paragraph 2"]


def test_numbering_that_starts_late_is_kept_with_a_warning(bundled, tmp_path):
    text = SMALL_REPORT.replace("\n1. ", "\n5. ").replace("\n2. ", "\n6. ").replace("\n3. ", "\n7. ")

    result = ingest_bytes(tmp_path, "late.txt", text.encode())

    assert list(result.document.paragraphs.order_by("order").values_list("number", flat=True)) == [5, 6, 7]
    assert result.warnings == ["numbering starts at paragraph 5"]


def test_a_pdf_and_a_docx_of_a_small_report_are_read_like_its_text(bundled, tmp_path):
    from_pdf = ingest_bytes(tmp_path, "small.pdf", SMALL_PDF)
    pdf_texts = paragraph_texts(from_pdf.document)
    from_pdf.document.delete()

    from_docx = ingest_bytes(tmp_path, "small.docx", SMALL_DOCX)

    assert len(pdf_texts) == 3
    assert paragraph_texts(from_docx.document) == pdf_texts
