"""The knowledge model: reference entities, documents, paragraphs, initiatives and their evidence."""

from .documents import Document, Modality, Paragraph
from .history import ChangeRecord, Revision
from .records import (
    LOCKABLE_FIELDS,
    POSITION_DOCUMENT_SHIFT,
    POSITION_PARAGRAPH_SHIFT,
    Amount,
    Evidence,
    Initiative,
    position_of,
)
from .reference import Agency, Bilingual, Country, Programme, Region, Sdg, Theme, name_in_reader_language
from .search import SearchEntry

__all__ = [
    "LOCKABLE_FIELDS",
    "POSITION_DOCUMENT_SHIFT",
    "POSITION_PARAGRAPH_SHIFT",
    "Agency",
    "Amount",
    "Bilingual",
    "ChangeRecord",
    "Country",
    "Document",
    "Evidence",
    "Initiative",
    "Modality",
    "Paragraph",
    "Programme",
    "Region",
    "Revision",
    "Sdg",
    "SearchEntry",
    "Theme",
    "name_in_reader_language",
    "position_of",
]
