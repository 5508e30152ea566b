"""Chinese full-text search over paragraphs and initiatives, on PostgreSQL and SQLite alike.

Text and queries go through one normalisation and segmentation (``text.segment``); matching
uses one token per Chinese character as phrases, so any string that occurs in a paragraph
finds it, and jieba words rank. A query naming an agency or a country in either language also
finds what is linked to it. The functions here are the whole interface: parse a query, filter
and rank querysets (composable with other filters, annotated with ``search_rank``), build
highlighted snippets, and keep the index up to date.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from initiatives.models import Paragraph

from .filtering import RANK, initiative_condition, paragraph_condition, rank_initiatives, rank_paragraphs
from .indexing import index_paragraphs, rebuild_index
from .query import Query, Term, parse_query
from .snippets import build_snippet


@dataclass(frozen=True)
class SearchResult:
    query: Query
    ids: list[int]  # paragraph ids, most relevant first (the first ``limit`` of them)
    count: int  # exact number of matching paragraphs


def filter_paragraphs(queryset: QuerySet, raw: str) -> QuerySet:
    """Paragraphs of ``queryset`` that match ``raw``, annotated with ``search_rank`` and ordered by it.

    A blank ``raw`` leaves the queryset as it is; text with nothing searchable in it matches nothing.
    """
    if not (raw or "").strip():
        return queryset
    query = parse_query(raw)
    return rank_paragraphs(queryset.filter(paragraph_condition(query)), query)


def filter_initiatives(queryset: QuerySet, raw: str) -> QuerySet:
    """Initiatives whose paragraph matches ``raw`` (or that are linked to an entity it names), ranked.

    An initiative with the query in its own title ranks above the others.
    """
    if not (raw or "").strip():
        return queryset
    query = parse_query(raw)
    return rank_initiatives(queryset.filter(initiative_condition(query)), query)


def search_paragraphs(
    raw: str, queryset: QuerySet | None = None, *, limit: int | None = None
) -> SearchResult:
    """The ids of the paragraphs that match ``raw``, most relevant first, and how many match."""
    query = parse_query(raw)
    if query.is_empty:
        return SearchResult(query=query, ids=[], count=0)
    ranked = filter_paragraphs(Paragraph.objects.all() if queryset is None else queryset, raw)
    ids = ranked.values_list("pk", flat=True)
    found = list(ids if limit is None else ids[:limit])
    count = len(found) if limit is None or len(found) < limit else ranked.count()
    return SearchResult(query=query, ids=found, count=count)


def snippet(text: str, raw: str, *, width: int = 120) -> SafeString:
    """An extract of ``text`` around what ``raw`` matches: HTML-escaped, matches in ``<mark>``."""
    return build_snippet(text, parse_query(raw), width=width)


__all__ = [
    "RANK",
    "Query",
    "SearchResult",
    "Term",
    "filter_initiatives",
    "filter_paragraphs",
    "index_paragraphs",
    "parse_query",
    "rebuild_index",
    "search_paragraphs",
    "snippet",
]
