"""The portable fallback: substring matching over the segmented columns, for an SQLite without FTS5.

A term matches where its space-separated tokens (or a lexicon variant's) occur in the column
between token boundaries, which is what the native backends' phrase queries find, only without
an index and without stemming English words.
Rank counts the occurrences of the terms.
"""

from collections.abc import Sequence
from functools import reduce
from operator import add, and_, or_

from django.db.models import Expression, F, FloatField, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Concat, Length, Replace

from initiatives.models import SearchEntry

from ..query import Term
from .base import Column, SearchBackend, no_rank


def _padded(term: Term) -> str:
    return f" {' '.join(term.keys)}" + ("" if term.prefix else " ")


class SubstringBackend(SearchBackend):
    name = "substring"

    def match_ids(self, column: Column, terms: Sequence[Term], *, every: bool):
        conditions = [
            reduce(or_, [Q(padded__contains=_padded(form)) for form in term.forms]) for term in terms
        ]
        return (
            SearchEntry.objects.annotate(
                padded=Concat(Value(" "), F(column), Value(" "), output_field=TextField())
            )
            .filter(reduce(and_ if every else or_, conditions))
            .values("paragraph_id")
        )

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, among: frozenset[int] | None = None
    ) -> Expression:
        if not terms:
            return no_rank()
        padded = Concat(Value(" "), F("chars"), Value(" "), output_field=TextField())
        counts = [
            Cast(Length(padded) - Length(Replace(padded, Value(_padded(form)), Value(""))), FloatField())
            / Value(float(len(_padded(form))))
            for term in terms
            for form in term.forms
        ]
        occurrences = reduce(add, counts)
        ranked = (
            SearchEntry.objects.filter(paragraph_id=OuterRef(paragraph_id))
            .annotate(rank=occurrences / (occurrences + Value(1.0)))
            .values("rank")
        )
        return Subquery(ranked, output_field=FloatField())
