"""Chinese full-text search over paragraphs and initiatives, on PostgreSQL and SQLite alike.

Text and queries go through one normalisation and segmentation (``text.segment``); matching
reads one key per Chinese character (the pair that starts there) as phrases, so any string that
occurs in a paragraph finds it, and jieba words rank. A query naming an agency or a country in
either language also finds what is linked to it, and every term also matches its equivalents in
the bilingual lexicon (``lexicon``). The functions here are the whole interface:
parse a query, select what matches (``matching``, composable with other filters), rank the
best matches with a total that is exact or marked as estimated (``ranked``), build highlighted
snippets, say how a query was read (``reading``), and keep the index up to date.
"""

from dataclasses import dataclass

from django.db.models import Max, Min, QuerySet
from django.utils.safestring import SafeString

from initiatives.models import Initiative, Paragraph

from .backends import backend
from .filtering import (
    RANK,
    initiative_condition,
    linked_condition,
    paragraph_condition,
    rank_initiatives,
    rank_paragraphs,
)
from .indexing import index_paragraphs, rebuild_index
from .query import Query, Term, parse_query
from .reading import SearchNotes, query_reading, search_notes
from .snippets import build_snippet

# A search ranks at most this many matches and counts exactly up to it. Past it, ranking every
# match costs time in proportion to their number (seconds for a common word in a million
# paragraphs), so the first matches found, with every row linked to an entity the query names,
# are ranked, and the total is an estimate (see _extrapolated), marked as such.
CANDIDATES = 500


@dataclass(frozen=True)
class Total:
    count: int
    estimated: bool = False  # more than CANDIDATES match; count is an estimate


@dataclass(frozen=True)
class SearchResult:
    query: Query
    ids: list[int]  # paragraph ids, most relevant first (the first ``limit`` of them)
    total: Total

    @property
    def count(self) -> int:
        return self.total.count


def matching(queryset: QuerySet, raw: str) -> QuerySet:
    """The paragraphs or initiatives of ``queryset`` that match ``raw``, unranked.

    A blank ``raw`` leaves the queryset as it is; text with nothing searchable in it matches nothing.
    """
    if not (raw or "").strip():
        return queryset
    query = parse_query(raw)
    condition = initiative_condition if queryset.model is Initiative else paragraph_condition
    return queryset.filter(condition(query))


def ranked(queryset: QuerySet, raw: str, *, base: QuerySet | None = None) -> tuple[QuerySet, Total]:
    """The best matches of ``queryset`` (at most ``CANDIDATES``), ranked, and how many match in all.

    The ranked rows are re-selected by id from ``base`` (by default the model's manager), so that
    its joins and prefetches apply without repeating ``queryset``'s filters.
    """
    query = parse_query(raw)
    found = matching(queryset, raw).order_by()
    paragraph = "paragraph_id" if queryset.model is Initiative else "pk"
    pairs = _first_found(queryset.order_by(), query, paragraph) or list(
        found.values_list("pk", paragraph)[: CANDIDATES + 1]
    )
    total = Total(len(pairs))
    if len(pairs) > CANDIDATES:
        pairs = pairs[:CANDIDATES]
        total = Total(_extrapolated(queryset.model, [pk for pk, _ in pairs]), estimated=True)
    # The text is ranked among the paragraphs found by their text; rows added below for their
    # entity links rank above them by that link alone.
    among = frozenset(paragraph_id for _, paragraph_id in pairs)
    linked = linked_condition(query, queryset.model) if total.estimated else None
    if linked is not None:
        pairs = list(dict.fromkeys([*found.filter(linked).values_list("pk", paragraph)[:CANDIDATES], *pairs]))
    rows = (base if base is not None else queryset.model._default_manager.all()).filter(
        pk__in=[pk for pk, _ in pairs]
    )
    rank = rank_initiatives if queryset.model is Initiative else rank_paragraphs
    return rank(rows, query, among=among), total


def _first_found(queryset: QuerySet, query: Query, paragraph: str) -> list[tuple[int, int]]:
    """(id, paragraph id) of the first ``CANDIDATES + 1`` matches, where the backend reads its
    index faster alone than inside the whole query and enough of its first matches pass the
    other filters; else nothing."""
    window = backend().first_matches(query.terms, CANDIDATES * 2)
    if not window:
        return []
    condition = initiative_condition if queryset.model is Initiative else paragraph_condition
    narrowed = queryset.filter(condition(query, window=window))
    pairs = list(narrowed.values_list("pk", paragraph)[: CANDIDATES + 1])
    return pairs if len(pairs) > CANDIDATES else []


def _extrapolated(model, found: list[int]) -> int:
    """How many rows match, judged from the first ones found.

    Both databases return these in storage order, which follows the ids as rows are added: as
    many matches are expected past the highest id found as before it, per id.
    """
    # Two aggregates, as SQLite reads a lone MIN or MAX from the index but not the pair.
    low = model._default_manager.aggregate(low=Min("pk"))["low"]
    high = model._default_manager.aggregate(high=Max("pk"))["high"]
    return max(len(found) + 1, round(len(found) * (high - low + 1) / (max(found) - low + 1)))


def filter_paragraphs(queryset: QuerySet, raw: str) -> QuerySet:
    """Every paragraph of ``queryset`` that matches ``raw``, annotated with ``search_rank`` and ordered by it."""
    if not (raw or "").strip():
        return queryset
    return rank_paragraphs(matching(queryset, raw), parse_query(raw))


def filter_initiatives(queryset: QuerySet, raw: str) -> QuerySet:
    """Every initiative whose paragraph matches ``raw`` (or that is linked to an entity it names), ranked.

    An initiative with the query in its own title ranks above the others.
    """
    if not (raw or "").strip():
        return queryset
    return rank_initiatives(matching(queryset, raw), parse_query(raw))


def search_paragraphs(
    raw: str, queryset: QuerySet | None = None, *, limit: int | None = None
) -> SearchResult:
    """The ids of the paragraphs that match ``raw``, most relevant first, and how many match."""
    query = parse_query(raw)
    if query.is_empty:
        return SearchResult(query=query, ids=[], total=Total(0))
    rows, total = ranked(Paragraph.objects.all() if queryset is None else queryset, raw)
    ids = rows.values_list("pk", flat=True)
    return SearchResult(query=query, ids=list(ids if limit is None else ids[:limit]), total=total)


def snippet(text: str, raw: str, *, width: int = 120) -> SafeString:
    """An extract of ``text`` around what ``raw`` matches: HTML-escaped, matches in ``<mark>``."""
    return build_snippet(text, parse_query(raw), width=width)


__all__ = [
    "RANK",
    "Query",
    "CANDIDATES",
    "SearchNotes",
    "SearchResult",
    "Term",
    "Total",
    "filter_initiatives",
    "filter_paragraphs",
    "index_paragraphs",
    "matching",
    "parse_query",
    "query_reading",
    "ranked",
    "rebuild_index",
    "search_notes",
    "search_paragraphs",
    "snippet",
]
