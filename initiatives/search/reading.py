"""What a search page and the API say about a query beyond its results.

How the query was read (``query_reading``: each term with the lexicon's equivalents searched with
it, "food security: also searched 粮食安全"), and, when the words occur in no initiative's own
sentences, title or links, the paragraphs that hold them (context paragraphs, or the parts of a
paragraph outside its initiatives), so that a reader is shown where the words are rather than an
empty list.
"""

from dataclasses import dataclass, field

from initiatives.models import Initiative, Paragraph

from .query import parse_query

# Paragraphs listed when no initiative matches; the count says how many there are in all.
ELSEWHERE_LIMIT = 10


@dataclass(frozen=True)
class SearchNotes:
    reading: list[dict] = field(default_factory=list)  # [{"term": ..., "also": [...]}]
    elsewhere: list[Paragraph] = field(default_factory=list)  # the first paragraphs holding the words
    elsewhere_count: int = 0


def query_reading(raw: str) -> list[dict]:
    """Each term of the query that the lexicon gave equivalents for, with them, as searched."""
    if not (raw or "").strip():
        return []
    return [{"term": term, "also": list(also)} for term, also in parse_query(raw).readings]


def paragraphs_elsewhere(raw: str) -> tuple[list[Paragraph], int]:
    """When no initiative matches ``raw`` on its own, the paragraphs that do (the most relevant
    first) and their number; else nothing."""
    from . import matching, search_paragraphs

    if matching(Initiative.objects.filter(is_active=True), raw).exists():
        return [], 0
    result = search_paragraphs(raw, limit=ELSEWHERE_LIMIT)
    by_id = Paragraph.objects.select_related("document").in_bulk(result.ids)
    return [by_id[pk] for pk in result.ids if pk in by_id], result.count


def search_notes(raw: str, *, found: int) -> SearchNotes:
    """The notes for a search of initiatives that found ``found`` of them (with every filter)."""
    if not (raw or "").strip():
        return SearchNotes()
    elsewhere, count = ([], 0) if found else paragraphs_elsewhere(raw)
    return SearchNotes(reading=query_reading(raw), elsewhere=elsewhere, elsewhere_count=count)
