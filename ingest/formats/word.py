"""Reads the text of a DOCX document: paragraphs and tables in order, list numbers and footnotes.

Each paragraph becomes one line and each table one block (a row a line, cells apart by tabs),
with blank lines between. Numbers that Word draws from list numbering are written out
(``word_numbering``). A footnote reference becomes a superscript number ("合作。¹"), counted in
the order the references appear, as Word numbers them; the footnotes of word/footnotes.xml follow
the paragraph that cites them as "¹ text" lines, which ``ingest.parsing`` attaches to it. Running
heads and feet are left out.
"""

import io
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.table import Table
from lxml import etree

from ingest.errors import IngestError
from ingest.formats.limits import max_upload_bytes, megabytes
from ingest.formats.word_numbering import Numbering

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SKIPPED_FOOTNOTES = {"separator", "continuationSeparator", "continuationNotice"}
# python-docx holds every part in memory and parses the XML into trees of about twelve to
# twenty-three times its size, so the XML a DOCX may unpack to is half the upload limit (25 MiB
# by default: at most about 600 MB while it is read, within PARSE_MEMORY_BYTES), and all its
# parts, images included, twice the upload limit. The declared sizes are the ones read: zipfile
# stops at a part's declared size and a part whose data runs on fails its CRC check.
_XML_SHARE = 0.5
_UNPACKED_SHARE = 2
_XML_PARTS = (".xml", ".rels")

_P, _R, _T = qn("w:p"), qn("w:r"), qn("w:t")
_TAB, _BR, _CR = qn("w:tab"), qn("w:br"), qn("w:cr")
_NO_BREAK_HYPHEN, _FOOTNOTE_REFERENCE = qn("w:noBreakHyphen"), qn("w:footnoteReference")


def docx_text(data: bytes, *, name: str) -> str:
    """The text of a DOCX file, or an IngestError saying why it cannot be read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(
            f"{name} is a damaged ZIP archive, so not a readable DOCX (it may be truncated)"
        ) from None
    if "word/document.xml" not in archive.namelist():
        raise IngestError(f"{name} is a ZIP archive but not a Word document (it has no word/document.xml)")
    _refuse_bomb(archive, name=name)
    try:
        document = Document(io.BytesIO(data))
        text = _Reader(document).text()
    except IngestError:
        raise
    except Exception as error:  # python-docx and lxml fail in many ways on a damaged package
        raise IngestError(f"{name} is a damaged DOCX file: {error or type(error).__name__}") from None
    if not text.strip():
        raise IngestError(f"{name} is a Word document without text")
    return text


def _refuse_bomb(archive: zipfile.ZipFile, *, name: str) -> None:
    parts = archive.infolist()
    xml = sum(info.file_size for info in parts if info.filename.lower().endswith(_XML_PARTS))
    xml_limit = int(_XML_SHARE * max_upload_bytes())
    if xml > xml_limit:
        raise IngestError(
            f"{name} unpacks to {megabytes(xml)} of XML, more than the limit of {megabytes(xml_limit)} "
            "(half of MAX_UPLOAD_BYTES)"
        )
    everything = sum(info.file_size for info in parts)
    if everything > _UNPACKED_SHARE * max_upload_bytes():
        raise IngestError(
            f"{name} unpacks to {megabytes(everything)}, more than the limit of "
            f"{megabytes(_UNPACKED_SHARE * max_upload_bytes())} (twice MAX_UPLOAD_BYTES)"
        )


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        self.numbering = Numbering(document)
        self.footnotes = self._footnotes()
        self.markers: dict[str, str] = {}  # footnote id: the mark shown ("3", or a custom "*")
        self.cited: list[str] = []  # footnote ids cited by the block being read

    def _footnotes(self) -> dict[str, list]:
        for rel in self.document.part.rels.values():
            if not rel.is_external and rel.reltype == RELATIONSHIP_TYPE.FOOTNOTES:
                root = etree.fromstring(rel.target_part.blob)
                return {
                    note.get(qn("w:id")): note.findall(_P)
                    for note in root.iterfind(qn("w:footnote"))
                    if note.get(qn("w:type")) not in _SKIPPED_FOOTNOTES
                }
        return {}

    def text(self) -> str:
        blocks: list[str] = []
        for item in self.document.iter_inner_content():
            self.cited = []
            if isinstance(item, Table):
                block = self._table(item)
            else:
                block = self.numbering.label(item._p) + self._paragraph(item._p)
            if block.strip():
                blocks.append(block.strip())
            for footnote_id in dict.fromkeys(self.cited):
                paragraphs = self.footnotes.get(footnote_id)
                if paragraphs is not None:
                    note = "\n".join(filter(None, (self._paragraph(p).strip() for p in paragraphs)))
                    blocks.append(f"{self.markers[footnote_id].translate(_SUPERSCRIPTS)} {note}")
        return "\n\n".join(blocks) + "\n"

    def _table(self, table: Table) -> str:
        rows = []
        for row in table.rows:
            cells, seen = [], set()
            for cell in row.cells:
                if id(cell._tc) in seen:  # a merged cell is repeated in each column it spans
                    continue
                seen.add(id(cell._tc))
                cells.append(" ".join(self._paragraph(p._p).strip() for p in cell.paragraphs).strip())
            rows.append("\t".join(cells).rstrip())
        return "\n".join(row for row in rows if row)

    def _paragraph(self, paragraph) -> str:
        parts: list[str] = []
        custom: str | None = None  # a footnote whose mark is the text that follows its reference
        for run in paragraph.iter(_R):
            if next(run.iterancestors(_P), None) is not paragraph:
                continue  # a text box's paragraphs inside this one
            superscript = run.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}")
            raised = superscript is not None and superscript.get(qn("w:val")) == "superscript"
            for child in run:
                if child.tag == _T:
                    text = child.text or ""
                    if custom is not None and text.strip():
                        self.markers[custom], custom = text.strip(), None
                    elif raised and text.isdigit():
                        text = text.translate(_SUPERSCRIPTS)
                    parts.append(text)
                elif child.tag == _TAB:
                    parts.append("\t")
                elif child.tag in (_BR, _CR) and child.get(qn("w:type")) not in ("page", "column"):
                    parts.append("\n")
                elif child.tag == _NO_BREAK_HYPHEN:
                    parts.append("-")
                elif child.tag == _FOOTNOTE_REFERENCE:
                    parts.append(self._reference(child))
                    if child.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
                        custom = child.get(qn("w:id"))
        return "".join(parts)

    def _reference(self, reference) -> str:
        footnote_id = reference.get(qn("w:id"))
        self.cited.append(footnote_id)
        if reference.get(qn("w:customMarkFollows")) in ("1", "true", "on"):
            self.markers.setdefault(footnote_id, "*")
            return ""
        if footnote_id not in self.markers:
            numbered = sum(1 for mark in self.markers.values() if mark.isdigit())
            self.markers[footnote_id] = str(numbered + 1)
        return self.markers[footnote_id].translate(_SUPERSCRIPTS)
