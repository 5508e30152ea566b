"""Turns the bytes of an uploaded or bundled document into text, or says clearly why it cannot.

UN documents reach us as UTF-8 (with or without a byte order mark), as UTF-16 saved by Windows
tools, or as GB18030 from older Chinese systems. The text is returned exactly as written, apart
from the byte order mark and line endings (always ``\\n``); no Unicode normalisation is applied.
PDF and DOCX files, told by their first bytes, are read by ``ingest.formats``; an HTML page is
refused, as its markup would become paragraph text.
"""

import codecs
import re
import unicodedata
from pathlib import Path

from ingest.errors import IngestError
from ingest.formats import formatted_text
from ingest.formats.limits import refuse_oversized

# Formats no module reads; they get a message, not a decoding error.
_UNSUPPORTED_SUFFIXES = {".doc": "Word .doc"}
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# An HTML page opens with a doctype or an <html> tag, perhaps after an XML declaration or comments.
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S
)

_MAGIC_NUMBERS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (such as DOCX)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)

# Text with more than this share of control, unassigned or private-use characters is not text.
_MAX_CONTROL_SHARE = 0.02
_ALLOWED_CONTROLS = frozenset("\n\t\f\v")


def read_document_file(path: Path) -> tuple[str, bytes]:
    """Read a document file; return its text and the raw bytes it came from."""
    path = Path(path)
    if not path.exists():
        raise IngestError(f"{path} does not exist")
    if path.is_dir():
        raise IngestError(f"{path} is a directory, not a document file")
    try:
        # A file over the limit is refused before it is read into memory.
        refuse_oversized(size=path.stat().st_size, name=str(path))
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    return read_document_bytes(data, name=str(path)), data


def read_document_bytes(data: bytes, *, name: str) -> str:
    """Decode a document's bytes; ``name`` only serves the error messages."""
    if not data:
        raise IngestError(f"{name} is empty")
    kind = _UNSUPPORTED_SUFFIXES.get(Path(name).suffix.lower())
    if kind:
        raise IngestError(f"{name}: {kind} files are not supported; save the document as DOCX or PDF")
    text = formatted_text(data, name=name)  # PDF and DOCX, told by their bytes first
    if text is not None:
        return text
    for magic, description in _MAGIC_NUMBERS:
        if data.startswith(magic):
            raise IngestError(f"{name} is a binary file ({description}), not text")

    text = _decode(data, name=name).lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(f"{name} contains only whitespace")
    if Path(name).suffix.lower() in _HTML_SUFFIXES or _HTML_START.match(text):
        raise IngestError(f"{name} is an HTML page, not a report; save the report as text, DOCX or PDF")
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(f"{name} is a binary file, not text")
    return text


def _decode(data: bytes, *, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", name=name)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", name=name)
    if b"\x00" in data:
        # Without a BOM, UTF-16 shows itself by the NUL half of every ASCII character
        # (newlines, digits, spaces): on odd offsets for little-endian, even for big-endian.
        odd = data[1::2].count(0)
        even = data[0::2].count(0)
        encoding = "utf-16-le" if odd > even else "utf-16-be"
        if len(data) % 2 == 0:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
        raise IngestError(f"{name} is a binary file (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    _refuse_damaged_utf8(data, utf8_error, name=name)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        pass
    raise IngestError(f"{name} is not text in any encoding tried (UTF-8, UTF-16, GB18030)")


def _refuse_damaged_utf8(data: bytes, error: UnicodeDecodeError, *, name: str) -> None:
    # UTF-8 with a character cut in two (a damaged copy) must not be read as GB18030 mojibake.
    # GB18030 text is almost all invalid as UTF-8, so a few bad spots mean damaged UTF-8.
    decoded = data.decode("utf-8", errors="replace")
    damaged = decoded.count("\ufffd")
    valid = sum(1 for char in decoded if ord(char) > 0x7F) - damaged
    if valid >= 20 * damaged:
        raise IngestError(
            f"{name} is damaged UTF-8: invalid bytes from byte {error.start} (a character cut in two?)"
        )


def _strict(data: bytes, encoding: str, *, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = encoding.upper()
        raise IngestError(f"{name} starts with a {label} byte order mark but is not valid {label}") from exc


# Printable ASCII, CJK punctuation, ideographs and full-width forms: the bulk of a report, none of
# them control, unassigned or private-use, so only the rest is looked up character by character.
_ORDINARY = re.compile("[\x20-\x7e\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]+")


def _control_share(text: str) -> float:
    rest = _ORDINARY.sub("", text)
    odd = sum(
        1
        for char in rest
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn")
    )
    return odd / len(text)
