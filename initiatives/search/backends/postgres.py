"""PostgreSQL search: tsquery matching and ts_rank over the stored tsvector columns.

The migration adds ``chars_tsv``, ``words_tsv`` and ``titles_tsv``, generated with the
``simple`` configuration from the segmented text; queries are built from the same tokens. A
term is a phrase of character tokens (``'开' <-> '发' <-> '署'``), which finds every paragraph
whose text contains it; ranking reads the jieba words and, for terms jieba splits differently,
the character phrases too.
"""

import json
from collections.abc import Sequence

from django.db.models import BooleanField, Expression, QuerySet
from django.db.models.expressions import RawSQL

from initiatives.models import SearchEntry

from ..query import Term
from .base import Column, CorrelatedRank, SearchBackend, Span, no_rank


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _keys(term: Term) -> list[str]:
    lexemes = [_lexeme(key) for key in term.keys]
    if term.prefix:
        lexemes[-1] += ":*"
    return lexemes


def phrase_tsquery(term: Term) -> str:
    return " <-> ".join(_keys(term))


def terms_tsquery(terms: Sequence[Term], *, every: bool) -> str:
    operator = " & " if every else " | "
    return operator.join(f"({phrase_tsquery(term)})" for term in terms)


def presence_tsquery(terms: Sequence[Term], *, every: bool) -> str:
    operator = " & " if every else " | "
    return operator.join("(" + " & ".join(_keys(term)) + ")" for term in terms)


def like_pattern(term: Term) -> str:
    keys = " ".join(term.keys).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "% " + keys + ("%" if term.prefix else " %")


def words_tsquery(terms: Sequence[Term]) -> str:
    words = dict.fromkeys(word for term in terms for word in term.words)
    return " | ".join(_lexeme(word) for word in words)


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def match_ids(self, column: Column, terms: Sequence[Term], *, every: bool):
        sql = f"{column}_tsv @@ to_tsquery('simple', %s)"
        params = [terms_tsquery(terms, every=every)]
        if column == "chars" and SearchEntry.objects.filter(overflows_positions=True).exists():
            # A tsvector drops positions past the 256th of a lexeme and past 16,383 in all, so
            # in such texts a phrase can hide: there the index only narrows (every token
            # present) and the padded token string decides. Only where such texts exist: the
            # alternative keeps PostgreSQL from stopping early on a common word.
            joiner = " AND " if every else " OR "
            likes = joiner.join(["(' ' || chars || ' ') LIKE %s"] * len(terms))
            sql = f"({sql} OR (overflows_positions AND chars_tsv @@ to_tsquery('simple', %s) AND ({likes})))"
            params += [presence_tsquery(terms, every=every), *(like_pattern(term) for term in terms)]
        condition = RawSQL(sql, params, output_field=BooleanField())
        return SearchEntry.objects.filter(condition).values("paragraph_id")

    def estimate(self, queryset: QuerySet) -> int:
        # The planner's row estimate: the standard cheap count. Rough, so shown as an estimate.
        plan = json.loads(queryset.values("pk").explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, within: Span | None = None
    ) -> Expression:
        if not terms:
            return no_rank()
        # Normalisation 1 divides by the log of the length: a mention in a short paragraph
        # weighs more. x / (x + 1) keeps the sum below 1, under the entity and title boosts.
        parts, params = (
            ["ts_rank(e.chars_tsv, to_tsquery('simple', %s), 1)"],
            [terms_tsquery(terms, every=False)],
        )
        words = words_tsquery(terms)
        if words:
            parts.append("ts_rank(e.words_tsv, to_tsquery('simple', %s), 1)")
            params.append(words)
        template = (
            "COALESCE((SELECT r.x / (r.x + 1) FROM (SELECT (" + " + ".join(parts) + ")::float AS x"
            " FROM initiatives_searchentry e WHERE e.paragraph_id = {paragraph_id}) r), 0.0)"
        )
        return CorrelatedRank(template, params, paragraph_id)
