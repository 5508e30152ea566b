"""What every search backend provides, and the SQL expression the native backends rank with.

A backend answers three questions in SQL for the portable filtering code: which paragraph ids
match some terms in a column of the index (``match_ids``), how well a paragraph's text matches
the query (``text_rank``, a float in [0, 1)), and how to store index entries beyond the
``SearchEntry`` rows that the indexer upserts itself (``store`` and ``clear``).
"""

from collections.abc import Sequence
from typing import Literal

from django.db.models import Expression, F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from ..query import Term

Column = Literal["chars", "titles"]
# The lowest and highest id of the paragraphs a rank is needed for, when known: a backend that
# scores every match of the query at once scores only those in between.
Span = tuple[int, int]


class SearchBackend:
    name = "base"

    def match_ids(self, column: Column, terms: Sequence[Term], *, every: bool) -> RawSQL | QuerySet:
        """Paragraph ids whose ``column`` holds every (or any) term's tokens as a phrase."""
        raise NotImplementedError

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, within: Span | None = None
    ) -> Expression:
        """Relevance of the paragraph that the outer row's ``paragraph_id`` field names."""
        raise NotImplementedError

    def estimate(self, queryset: QuerySet) -> int:
        """About how many rows ``queryset`` holds, when counting them exactly would take too long."""
        return queryset.count()

    def store(self, entries: Sequence, *, paragraph_ids: Sequence[int]) -> None:
        """Write what the backend needs beyond the ``SearchEntry`` rows (already saved)."""

    def clear(self) -> None:
        """Forget everything stored beyond the ``SearchEntry`` rows."""


def no_rank() -> Expression:
    """The rank of a query with nothing to rank by (only exclusions).

    Cast, because PostgreSQL refuses to ORDER BY a bare constant, and callers order by the rank.
    """
    return Cast(Value(0.0), FloatField())


class CorrelatedRank(Expression):
    """A scalar subquery over the index, correlated with the outer row's paragraph id.

    ``template`` holds ``{paragraph_id}`` where the outer column goes, after all its ``%s``.
    """

    output_field = FloatField()

    def __init__(self, template: str, params: Sequence, paragraph_id: str | Expression):
        super().__init__(output_field=FloatField())
        self.template = template
        self.params = tuple(params)
        self.paragraph_id = F(paragraph_id) if isinstance(paragraph_id, str) else paragraph_id

    def get_source_expressions(self):
        return [self.paragraph_id]

    def set_source_expressions(self, exprs):
        [self.paragraph_id] = exprs

    def as_sql(self, compiler, connection):
        id_sql, id_params = compiler.compile(self.paragraph_id)
        return self.template.format(paragraph_id=id_sql), [*self.params, *id_params]
