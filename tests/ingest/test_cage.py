"""PDF and DOCX files are read in a child process: whatever the reader does, the result is one line.

Each case checks that the child is reaped and no file descriptor stays open (the ``left_behind``
fixture), and that the test process reads a good file afterwards.
"""

import io
import os
import re
import signal
import struct
import time
import zipfile
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.reading import read_document_bytes
from tests.ingest.test_bad_inputs import SMALL_DOCX, SMALL_PDF

pytestmark = pytest.mark.usefixtures("left_behind")


def _children() -> list[str]:
    tasks = Path(f"/proc/{os.getpid()}/task")
    return [pid for task in tasks.iterdir() for pid in (task / "children").read_text().split()]


@pytest.fixture
def left_behind():
    descriptors = sorted(os.listdir("/proc/self/fd"))
    yield
    assert _children() == []
    assert sorted(os.listdir("/proc/self/fd")) == descriptors


def _refusal(data: bytes, *, name: str) -> str:
    with pytest.raises(IngestError) as caught:
        read_document_bytes(data, name=name)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(name)
    return message


def _reads_small_report_afterwards() -> None:
    assert "粮食及农业组织" in read_document_bytes(SMALL_PDF, name="after.pdf")


def test_a_pdf_whose_font_widths_run_to_9999999999_is_refused_within_the_memory_limit(settings):
    # The width range "18 26 462" of the CID font becomes 18 to 9,999,999,999: pdfminer's
    # get_widths builds a dictionary entry for each, until memory runs out.
    assert SMALL_PDF.count(b" 18 26 462 ") == 1
    bomb = SMALL_PDF.replace(b" 18 26 462 ", b" 18 9999999999 462 ")
    settings.PARSE_MEMORY_BYTES = 256 * 1024 * 1024

    message = _refusal(bomb, name="widths.pdf")

    assert message == (
        "widths.pdf: this PDF could not be read (it needs more than 256 MB of memory; "
        "the limit is PARSE_MEMORY_BYTES)"
    )
    _reads_small_report_afterwards()


def _raises(error: BaseException):
    def read(data: bytes, *, name: str) -> str:
        raise error

    return read


def _recurses(data: bytes, *, name: str) -> str:
    return _recurses(data, name=name)


def _allocates(data: bytes, *, name: str) -> str:
    hoard = []
    while True:
        hoard.append(bytearray(64 * 1024 * 1024))


@pytest.mark.parametrize(
    ("reader", "reason"),
    [
        (_recurses, "its structure is nested too deeply"),
        (
            _raises(AttributeError("'PSKeyword' object has no attribute 'objid'")),
            "AttributeError: 'PSKeyword' object has no attribute 'objid'",
        ),
        (
            _raises(AssertionError(b"/b'trailer\n<< /Size 5 >>'")),
            "AssertionError: b\"/b'trailer\\n<< /Size 5 >>'\"",
        ),
        (_raises(NotImplementedError("zip file version 20.8")), "NotImplementedError: zip file version 20.8"),
        (_raises(SystemExit(3)), "SystemExit: 3"),
        (_raises(KeyError("x" * 500)), "KeyError: '" + "x" * 148 + "…"),
        (_allocates, "it needs more than 128 MB of memory; the limit is PARSE_MEMORY_BYTES"),
    ],
    ids=["recursion", "attribute", "assertion", "not-implemented", "exit", "long-message", "memory"],
)
def test_any_failure_of_the_pdf_reader_becomes_one_line_naming_the_file(
    monkeypatch, settings, reader, reason
):
    settings.PARSE_MEMORY_BYTES = 128 * 1024 * 1024
    monkeypatch.setattr("ingest.formats.pdf_text", reader)

    message = _refusal(SMALL_PDF, name="odd.pdf")

    assert message == f"odd.pdf: this PDF could not be read ({reason})"


def test_any_failure_of_the_docx_reader_becomes_one_line_naming_the_file(monkeypatch):
    monkeypatch.setattr("ingest.formats.docx_text", _raises(NotImplementedError("zip file version 20.8")))

    message = _refusal(SMALL_DOCX, name="odd.docx")

    assert message == "odd.docx: this DOCX could not be read (NotImplementedError: zip file version 20.8)"


def test_a_reader_that_crashes_with_a_signal_is_refused_and_the_process_lives_on(monkeypatch):
    def crash(data: bytes, *, name: str) -> str:
        os.kill(os.getpid(), 11)
        return ""

    monkeypatch.setattr("ingest.formats.pdf_text", crash)

    message = _refusal(SMALL_PDF, name="crash.pdf")

    assert message == "crash.pdf: this PDF could not be read (the reader stopped with SIGSEGV)"
    monkeypatch.undo()
    _reads_small_report_afterwards()


def test_a_reader_that_computes_without_end_is_stopped_at_the_processor_time_limit(monkeypatch, settings):
    def spin(data: bytes, *, name: str) -> str:
        while True:
            pass

    settings.PARSE_CPU_SECONDS = 1
    monkeypatch.setattr("ingest.formats.pdf_text", spin)

    message = _refusal(SMALL_PDF, name="spin.pdf")

    # On a busy machine the wall clock (three times the processor time) may run out first.
    assert re.fullmatch(
        r"spin\.pdf: this PDF could not be read \(it takes more than "
        r"(1 s of processor time; the limit is PARSE_CPU_SECONDS|3 s to read)\)",
        message,
    )


def test_a_reader_that_waits_without_end_is_killed_at_the_wall_clock_limit(monkeypatch, settings):
    def wait(data: bytes, *, name: str) -> str:
        time.sleep(3600)
        return ""

    settings.PARSE_CPU_SECONDS = 1
    monkeypatch.setattr("ingest.formats.pdf_text", wait)

    message = _refusal(SMALL_PDF, name="wait.pdf")

    assert message == "wait.pdf: this PDF could not be read (it takes more than 3 s to read)"


class _TimeLimit(Exception):
    """What Celery's soft time limit raises in the task that waits for the reader."""


def test_a_task_interrupted_while_its_reader_works_kills_and_reaps_the_reader(monkeypatch):
    def wait(data: bytes, *, name: str) -> str:
        time.sleep(3600)
        return ""

    def interrupt(signum, frame):
        raise _TimeLimit

    monkeypatch.setattr("ingest.formats.pdf_text", wait)
    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    try:
        with pytest.raises(_TimeLimit):
            read_document_bytes(SMALL_PDF, name="interrupted.pdf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_a_pdf_whose_text_is_longer_than_the_output_limit_is_refused(settings):
    settings.PARSE_MAX_CHARS = 100

    message = _refusal(SMALL_PDF, name="long.pdf")

    assert (
        message
        == "long.pdf: this PDF could not be read (its text is longer than 100 characters; the limit is PARSE_MAX_CHARS)"
    )


def test_a_clean_refusal_of_the_reader_passes_through_the_child_unchanged():
    message = _refusal(SMALL_PDF.replace(b"%%EOF", b"%%END"), name="cut.pdf")

    assert message == "cut.pdf is a truncated PDF (it has no end-of-file marker); upload the whole file"


# DOCX bombs

_PARAGRAPH = "<w:p><w:r><w:t>南南合作和三方合作在本报告所述期间继续发挥重要作用。</w:t></w:r></w:p>"


def _docx_with_body(extra_bytes: int) -> bytes:
    """The small report's DOCX with paragraphs adding about ``extra_bytes`` to word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(SMALL_DOCX))
    document = source.read("word/document.xml").decode()
    at = document.index("<w:body>") + len("<w:body>")
    body = _PARAGRAPH * (extra_bytes // len(_PARAGRAPH.encode()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as packed:
        for name in source.namelist():
            content = (
                document[:at] + body + document[at:] if name == "word/document.xml" else source.read(name)
            )
            packed.writestr(name, content)
    return buffer.getvalue()


def test_a_docx_whose_xml_unpacks_to_more_than_half_the_upload_limit_is_refused_before_it_is_parsed(
    monkeypatch, settings
):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    bomb = _docx_with_body(2 * 1024 * 1024)
    assert len(bomb) < 100 * 1024

    def parsed(*args, **kwargs):
        raise AssertionError("python-docx was given the file")

    monkeypatch.setattr("ingest.formats.word.Document", parsed)

    message = _refusal(bomb, name="bomb.docx")

    assert re.fullmatch(
        r"bomb\.docx unpacks to 2\.\d MB of XML, more than the limit of 0\.5 MB \(half of MAX_UPLOAD_BYTES\)",
        message,
    )


def test_a_docx_with_xml_within_the_limit_is_read(settings):
    settings.MAX_UPLOAD_BYTES = 4 * 1024 * 1024

    text = read_document_bytes(_docx_with_body(1024 * 1024), name="within.docx")

    assert text.count("继续发挥重要作用。") > 2000
    assert "粮食及农业组织" in text


def _declaring(data: bytes, *, member: str, size: int) -> bytes:
    """The ZIP with ``member``'s uncompressed size written as ``size`` in both of its headers."""
    name = member.encode()
    patched = bytearray(data)
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = data.index(signature)
        while data[start + name_at : start + name_at + len(name)] != name:
            start = data.index(signature, start + 1)
        patched[start + size_at : start + size_at + 4] = struct.pack("<I", size)
    return bytes(patched)


def test_a_docx_that_declares_less_xml_than_it_holds_is_refused_as_damaged_without_unpacking_it_all():
    # 20 MB of XML behind a header that says 4 KB: zipfile reads 4 KB, and the CRC then fails.
    lying = _declaring(_docx_with_body(20 * 1024 * 1024), member="word/document.xml", size=4096)

    message = _refusal(lying, name="lying.docx")

    assert message.startswith("lying.docx is a damaged DOCX file: ")
    _reads_small_report_afterwards()
