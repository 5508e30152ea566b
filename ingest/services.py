"""The write path of ingestion: a report file in, a document and everything derived from it out.

``document_ingest`` is the one function behind the ``ingest`` command, the upload
page, the API and the Celery task. Parsing and extraction are pure and run
before the transaction; the writes of one document happen in one transaction,
so a failure leaves the database as it was.
"""

import datetime
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from ingest.chinese import is_traditional, to_simplified
from ingest.errors import IngestError
from ingest.extraction.pipeline import ParagraphExtraction, extract_document
from ingest.parsing import ParsedDocument, parse_document
from ingest.reading import read_document_bytes, read_document_file
from ingest.writing import EntityLookup, extractions_insert, paragraph_extraction_apply
from initiatives.bulk import objects_insert
from initiatives.models import Document, Paragraph
from initiatives.search.indexing import index_inserted

Progress = Callable[[int, int], None]


@dataclass
class IngestResult:
    document: Document
    created: bool
    paragraphs: int = 0
    initiatives: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def content_hash(text: str) -> str:
    # The hash is of the decoded text, so that the same report in UTF-8 and in
    # UTF-16 counts as the same content.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_ingest(
    *,
    path: Path | None = None,
    data: bytes | None = None,
    name: str | None = None,
    symbol: str | None = None,
    language: str | None = None,
    date: datetime.date | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Ingest one report from a file path or from bytes; idempotent on its content.

    ``language`` and ``date``, when given, override what the text says. A symbol in
    a language names one document: other content under a symbol and language
    already stored is refused.
    """
    if path is not None:
        text, _ = read_document_file(Path(path))
        name = name or Path(path).name
    elif data is not None and name:
        text = read_document_bytes(data, name=name)
    else:
        raise IngestError("nothing to ingest: give a file path, or bytes with a file name")

    original = text
    if is_traditional(text):
        # Extraction and search read Simplified text; the document keeps the original.
        text = to_simplified(text)

    digest = content_hash(original)
    if (existing := _ingested(digest, name)) is not None:
        return existing

    try:
        parsed = parse_document(text, symbol=symbol)
    except IngestError as error:
        raise IngestError(f"{name}: {error}") from None
    language = language or ("zh-Hant" if original != text else parsed.language)
    _refuse_taken_symbol(symbol=parsed.symbol, language=language, name=name)
    extractions = extract_document(parsed.paragraphs, progress=progress)
    try:
        return _document_write(
            parsed=parsed,
            extractions=extractions,
            original=original,
            digest=digest,
            name=name,
            language=language,
            date=date,
        )
    except IntegrityError:
        # Another process wrote the same content (or took the symbol) since the checks
        # above; its transaction has committed, so the loser can say what happened.
        if (existing := _ingested(digest, name)) is not None:
            return existing
        _refuse_taken_symbol(symbol=parsed.symbol, language=language, name=name)
        raise


def _ingested(digest: str, name: str) -> IngestResult | None:
    existing = Document.objects.filter(content_hash=digest).first()
    if existing is None:
        return None
    return IngestResult(
        document=existing, created=False, warnings=[f"{name}: already ingested as {existing}"]
    )


def _refuse_taken_symbol(*, symbol: str, language: str, name: str) -> None:
    if not symbol:
        return
    taken = Document.objects.filter(symbol__iexact=symbol, language=language).first()
    if taken is not None:
        raise IngestError(
            f"{name}: {symbol} in {language} is already document {taken.pk} ({taken.source_name}) with other "
            "content; a symbol and language name one document: give this text another symbol, or delete that "
            "document first"
        )


@transaction.atomic
def _document_write(
    *,
    parsed: ParsedDocument,
    extractions: Sequence[ParagraphExtraction],
    original: str,
    digest: str,
    name: str,
    language: str,
    date: datetime.date | None,
) -> IngestResult:
    document = Document.objects.create(
        title=parsed.title or name,
        kind=parsed.kind,
        summary=parsed.summary,
        symbol=parsed.symbol,
        language=language,
        session=parsed.session,
        agenda_item=parsed.agenda_item,
        date=date or parsed.date,
        year=date.year if date else parsed.year,
        content_hash=digest,
        source_name=name,
        original_text=original,
    )
    paragraphs = []
    for p, extraction in zip(parsed.paragraphs, extractions, strict=True):
        paragraph = Paragraph(
            document=document,
            order=p.order,
            number=p.number,
            section=[{"number": s.number, "heading": s.heading} for s in p.section],
            text=p.text,
            footnotes=[{"marker": f.marker, "text": f.text} for f in p.footnotes],
        )
        paragraph_extraction_apply(paragraph, extraction)
        paragraphs.append(paragraph)
    objects_insert(paragraphs)
    result = IngestResult(document=document, created=True, warnings=list(parsed.warnings))
    lookup = EntityLookup()
    written = extractions_insert(paragraphs=paragraphs, extractions=extractions, lookup=lookup)
    result.initiatives = written.initiatives
    result.paragraphs = len(paragraphs)
    result.entities = lookup.found_counts()
    index_inserted(paragraphs, written.titles)
    return result
