"""What every search backend provides, and the SQL expression the native backends rank with.

A backend answers four questions for the portable filtering code: which paragraph ids match
some terms in a column of the index (``match_ids``, SQL), which are the first to match when it
can read them faster on its own (``first_matches``), how well a paragraph's text matches the
query (``text_rank``, a float in [0, 1)), and how to store index entries beyond the
``SearchEntry`` rows that the indexer writes (``store`` and ``clear``).
"""

from collections.abc import Sequence
from typing import Literal

from django.db.models import Expression, F, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from ..query import Term

Column = Literal["chars", "titles"]


class SearchBackend:
    name = "base"

    def match_ids(self, column: Column, terms: Sequence[Term], *, every: bool) -> RawSQL | QuerySet:
        """Paragraph ids whose ``column`` holds every (or any) term's tokens as a phrase."""
        raise NotImplementedError

    def own_text(self, field: str, pattern: str) -> Q:
        """Rows whose ``field`` matches the case-insensitive regular expression ``pattern``: the
        check of an initiative's own text, on the rows the index has let through."""
        return Q(**{f"{field}__iregex": pattern})

    def first_matches(self, terms: Sequence[Term], limit: int) -> list[int] | None:
        """The lowest ids of paragraphs whose text holds every term, when the backend reads them
        faster alone than as part of a larger query; None where it does not."""
        return None

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, among: frozenset[int] | None = None
    ) -> Expression:
        """Relevance of the paragraph that the outer row's ``paragraph_id`` field names.

        ``among``, when given, holds the only paragraphs whose rank matters; others may rank 0.
        """
        raise NotImplementedError

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


class ValueOf(Expression):
    """A float looked up by the outer row's ``key`` field: ``CASE key WHEN id THEN value … ELSE 0``."""

    output_field = FloatField()

    def __init__(self, key: str, values: dict[int, float]):
        super().__init__(output_field=FloatField())
        self.key = F(key)
        self.values = values

    def get_source_expressions(self):
        return [self.key]

    def set_source_expressions(self, exprs):
        [self.key] = exprs

    def as_sql(self, compiler, connection):
        if not self.values:
            return "0.0", []
        field_sql, field_params = compiler.compile(self.key)
        whens = " ".join(["WHEN %s THEN %s"] * len(self.values))
        params = [item for pair in self.values.items() for item in pair]
        return f"(CASE {field_sql} {whens} ELSE 0.0 END)", [*field_params, *params]
