"""Reads the document formats other than plain text (PDF and DOCX) into text the parser reads.

A file's format is told by its first bytes, then by its extension: a PDF named .txt is read as a
PDF, and a .pdf whose bytes are text is read as text. Markdown is text and is left to the text
reader. Every document must be within ``MAX_UPLOAD_BYTES``, and PDF and DOCX files are read in a
child process within the parse limits (``cage``).
"""

from pathlib import Path

from ingest.errors import IngestError
from ingest.formats.cage import caged_text
from ingest.formats.limits import refuse_oversized
from ingest.formats.pdf import pdf_pages
from ingest.formats.pdf_layout import pdf_layout_text
from ingest.formats.word import docx_text

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# The PDF standard lets a header follow some junk bytes, within the first kilobyte.
_PDF_HEADER_WINDOW = 1024


def document_format(data: bytes, *, name: str) -> str:
    """ "pdf", "docx", "markdown" or "text", from the magic bytes first and the extension second."""
    if _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    return "markdown" if Path(name).suffix.lower() in (".md", ".markdown") else "text"


def formatted_text(data: bytes, *, name: str) -> str | None:
    """The text of a PDF or DOCX document, or None for a text file (Markdown included)."""
    refuse_oversized(size=len(data), name=name)
    kind = document_format(data, name=name)
    if kind == "pdf":
        return caged_text(pdf_text, data, name=name, kind="PDF")
    if kind == "docx":
        return caged_text(docx_text, data, name=name, kind="DOCX")
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        if data.startswith(_OLE_MAGIC):
            raise IngestError(f"{name} is an old Word .doc file, not DOCX; save it as .docx or PDF")
        if _looks_binary(data):
            raise IngestError(f"{name} is not a Word document: a .docx file is a ZIP archive and this is not")
    if suffix == ".pdf" and _looks_binary(data):
        raise IngestError(f"{name} is not a PDF: it does not start with %PDF- and it is not text")
    return None


def pdf_text(data: bytes, *, name: str) -> str:
    return pdf_layout_text(pdf_pages(data, name=name))


def _looks_binary(data: bytes) -> bool:
    # UTF-16 text has NUL bytes too, but then starts with a byte order mark or has them in pairs
    # with ASCII; the text reader sorts that out, this only catches the obvious.
    head = data[:4096]
    return b"\x00\x00" in head or (b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")))
