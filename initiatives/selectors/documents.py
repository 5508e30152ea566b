"""The document reader's reads: a page of a document's paragraphs, with the headings each begins
and the outline of every chapter with the page that holds it."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import QueryDict

from ..models import Document, Initiative

# Paragraphs on one page of the document reader: a report of 93,000 paragraphs on one page
# weighed 46 MB and took 12 to 15 seconds.
READER_PAGE = 200


@dataclass(frozen=True)
class ReaderPage:
    page: Page
    # Each paragraph of the page with the section headings that begin at it.
    rows: list[dict]
    # Every chapter of the document with its anchor and the page that holds it.
    chapters: list[dict]
    initiative_count: int


def _headings_begun(previous: list, section: list, chapters: int) -> tuple[list[dict], int]:
    """The section headings that begin at a paragraph, and the chapters begun so far."""
    headings = []
    for level, heading in enumerate(section):
        if previous[: level + 1] != section[: level + 1]:
            chapters += level == 0
            anchor = f"chapter-{chapters}" if level == 0 else ""
            headings.append({"level": level, "anchor": anchor, **heading})
    return headings, chapters


def _reader_outline(document: Document, first: int) -> tuple[list[dict], list, int]:
    """Every chapter with its page, and the section and chapter count before paragraph ``first``.

    Read from the sections alone, so that a page of a long report never reads its other texts.
    """
    outline, previous, chapters, before = [], [], 0, ([], 0)
    sections = document.paragraphs.order_by("order").values_list("section", flat=True)
    for index, section in enumerate(sections.iterator(chunk_size=5000)):
        if index == first:
            before = (previous, chapters)
        headings, chapters = _headings_begun(previous, section or [], chapters)
        page = index // READER_PAGE + 1
        outline += [{**h, "page": page} for h in headings if h["level"] == 0]
        previous = section or []
    return outline, *before


def _reader_page_number(document: Document, params: QueryDict) -> str | int | None:
    """The page asked for, else the one holding the paragraph of order ``at`` (links to a paragraph)."""
    at = params.get("at", "")
    if not params.get("page") and at.isdigit():
        return document.paragraphs.filter(order__lt=int(at)).count() // READER_PAGE + 1
    return params.get("page")


def reader_page(document: Document, params: QueryDict) -> ReaderPage:
    """The page of the document that ``params`` ask for (``page``, or ``at`` a paragraph's order)."""
    active = Initiative.objects.filter(is_active=True)
    paragraphs = document.paragraphs.order_by("order").prefetch_related(
        Prefetch("initiatives", queryset=active)
    )
    page = Paginator(paragraphs, READER_PAGE).get_page(_reader_page_number(document, params))
    chapters, previous, begun = _reader_outline(document, page.start_index() - 1)
    rows = []
    for paragraph in page.object_list:
        headings, begun = _headings_begun(previous, paragraph.section or [], begun)
        previous = paragraph.section or []
        rows.append({"paragraph": paragraph, "headings": headings})
    return ReaderPage(
        page=page,
        rows=rows,
        chapters=chapters,
        initiative_count=active.filter(paragraph__document=document).count(),
    )
