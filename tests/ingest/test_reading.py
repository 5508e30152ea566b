"""Reading the bundled report in every encoding we accept, and refusing what is not text."""

import codecs
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.reading import read_document_bytes, read_document_file
from tests.conftest import REPORT, report_text

REPORT_TEXT = report_text()


@pytest.mark.parametrize(
    "encoded",
    [
        codecs.BOM_UTF8 + REPORT_TEXT.encode("utf-8"),
        REPORT_TEXT.encode("utf-16"),
        codecs.BOM_UTF16_LE + REPORT_TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + REPORT_TEXT.encode("utf-16-be"),
        REPORT_TEXT.encode("utf-16-le"),
        REPORT_TEXT.encode("utf-16-be"),
        REPORT_TEXT.encode("gb18030"),
        REPORT_TEXT.replace("\n", "\r\n").encode("utf-8"),
        REPORT_TEXT.replace("\n", "\r").encode("gb18030"),
    ],
    ids=[
        "utf8-bom",
        "utf16",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "gb18030",
        "crlf",
        "cr-gb18030",
    ],
)
def test_every_accepted_encoding_of_the_report_gives_the_same_text(encoded):
    assert read_document_bytes(encoded, name="A-76-403.txt") == REPORT_TEXT


def test_it_strips_the_byte_order_mark():
    text = read_document_bytes(codecs.BOM_UTF8 + REPORT_TEXT.encode("utf-8"), name="report.txt")

    assert not text.startswith("\ufeff")
    assert text.lstrip().startswith("第七十六届会议")


def test_it_keeps_the_text_as_printed_without_unicode_normalisation():
    text = read_document_bytes("开发署(ＵＮＤＰ)的报告¹。\n".encode(), name="note.txt")

    assert text == "开发署(ＵＮＤＰ)的报告¹。\n"


def test_reading_a_file_returns_its_text_and_its_raw_bytes():
    text, raw = read_document_file(REPORT)

    assert text == REPORT_TEXT
    assert raw == REPORT.read_bytes()


def test_reading_a_utf16_file_returns_the_bytes_as_stored(tmp_path):
    path = tmp_path / "report-utf16.txt"
    path.write_bytes(REPORT_TEXT.encode("utf-16"))

    text, raw = read_document_file(path)

    assert text == REPORT_TEXT
    assert raw == path.read_bytes()


def _error_for(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError) as caught:
        read_document_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert "\n" not in message
    return message


def test_an_empty_file_is_refused_as_empty(tmp_path):
    assert "is empty" in _error_for(tmp_path, "empty.txt", b"")


@pytest.mark.parametrize("data", [b" \n\t\r\n", "\u3000\n\u00a0 \n".encode(), codecs.BOM_UTF8 + b"\n\n"])
def test_a_file_of_only_whitespace_is_refused(tmp_path, data):
    assert "only whitespace" in _error_for(tmp_path, "blank.txt", data)


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x00" * 64,
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 32 + "南南合作".encode(),
        b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 8,
    ],
    ids=["all-bytes", "nul", "control-characters", "png"],
)
def test_a_binary_file_is_refused_as_binary(tmp_path, data):
    assert "is a binary file" in _error_for(tmp_path, "report.txt", data)


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("A-76-403.pdf", b"%PDF-1.7\n", "is a truncated PDF"),
        ("report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a truncated PDF"),
        ("A-76-403.docx", b"PK\x03\x04", "is a damaged ZIP archive"),
        ("report.txt", b"PK\x03\x04\x14\x00\x06\x00", "is a damaged ZIP archive"),
    ],
)
def test_broken_pdf_and_docx_bytes_are_refused_as_damaged_whatever_their_name(tmp_path, name, data, expected):
    assert expected in _error_for(tmp_path, name, data)


def test_text_in_an_encoding_we_do_not_read_is_refused(tmp_path):
    # Latin-1 "café" is neither UTF-8 nor GB18030 (a lone 0xE9 at the end).
    assert "not text in any encoding tried" in _error_for(
        tmp_path, "latin1.txt", "Rapport sur le café".encode("latin-1")
    )


def test_utf8_with_a_character_cut_in_two_is_refused_not_read_as_gb18030(tmp_path):
    data = REPORT_TEXT.encode("utf-8")
    cut = data.index("西亚经社会为交流".encode()) + 4  # inside 亚

    message = _error_for(tmp_path, "damaged.txt", data[:cut] + b"\n\n" + data[cut:])

    assert f"is damaged UTF-8: invalid bytes from byte {cut - 1}" in message


def test_a_missing_file_is_refused_by_name(tmp_path):
    path = tmp_path / "missing.txt"

    with pytest.raises(IngestError, match="missing.txt does not exist"):
        read_document_file(path)


def test_a_directory_is_refused_as_not_a_file(tmp_path):
    with pytest.raises(IngestError, match="is a directory"):
        read_document_file(tmp_path)


@pytest.mark.parametrize(
    "name, data",
    [
        ("page.html", "1. 开发署与埃塞俄比亚合作，提供了 200 万美元。\n".encode()),
        ("page.txt", b"<!DOCTYPE html>\n<html><body><p>1. text</p></body></html>\n"),
        ("page.txt", b"\xef\xbb\xbf<!-- saved -->\n<HTML lang=zh>\n<p>1. text</p>\n</HTML>\n"),
        ("page.txt", b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>'),
    ],
    ids=["html-suffix", "doctype", "html-tag-after-comment", "xhtml"],
)
def test_an_html_page_is_refused_by_its_name_or_its_opening_tag(tmp_path, name, data):
    assert "is an HTML page, not a report" in _error_for(tmp_path, name, data)


def test_a_report_that_quotes_an_html_tag_is_still_read_as_text(tmp_path):
    text = "1. 网页以 <html> 标签开头。\n"

    assert read_document_bytes(text.encode(), name="note.txt") == text


def _sparse_file(path: Path, size: int) -> Path:
    with path.open("wb") as out:
        out.truncate(size)
    return path


def test_a_file_over_the_size_limit_is_refused_by_its_size_before_it_is_read(tmp_path, settings, monkeypatch):
    settings.MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    path = _sparse_file(tmp_path / "big.txt", 5 * 1024 * 1024 // 2)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))

    with pytest.raises(IngestError) as refused:
        read_document_file(path)

    assert str(refused.value) == f"{path} is 2.5 MB, more than the limit of 2.0 MB (MAX_UPLOAD_BYTES)"


def test_a_file_one_byte_over_the_limit_is_told_apart_from_the_limit_in_bytes(tmp_path, settings):
    settings.MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    path = _sparse_file(tmp_path / "big.txt", 2 * 1024 * 1024 + 1)

    with pytest.raises(IngestError) as refused:
        read_document_file(path)

    assert str(refused.value) == (
        f"{path} is 2097153 bytes, more than the limit of 2097152 bytes (2.0 MB, MAX_UPLOAD_BYTES)"
    )


def test_a_file_at_the_size_limit_is_read(tmp_path, settings):
    data = "1. 南南合作。\n".encode()
    settings.MAX_UPLOAD_BYTES = len(data)
    path = tmp_path / "exact.txt"
    path.write_bytes(data)

    assert read_document_file(path) == (data.decode(), data)
