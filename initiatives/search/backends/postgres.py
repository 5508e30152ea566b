"""PostgreSQL search: tsquery matching and ts_rank over the stored tsvector columns.

The migrations add ``chars_tsv``, ``words_tsv`` and ``titles_tsv``, generated from the segmented
text: ``chars_tsv`` with ``sscatlas_english`` (the ``english`` configuration's Snowball stemmer
without its stop words, so that vaccines finds vaccine while WHO and "the Gambia" still match;
Chinese keys pass through it unchanged), the others with ``simple``. Queries are built from the
same keys. A term is a phrase of match keys (``'开发' <-> '发署'``; a lone last character is a
prefix, ``'水':*``), or any of its lexicon variants' phrases, which finds every paragraph whose
text contains it; ranking reads the jieba words
and, for terms jieba splits differently, the key phrases too. Where the planner statistics say a
query's keys are common, its first matches are read in id order rather than from the index.
"""

import time
from collections.abc import Sequence

from django.db import connection
from django.db.models import BooleanField, Expression, F, Func, Q, Value
from django.db.models.expressions import RawSQL

from initiatives.models import SearchEntry

from ..query import Term
from .base import Column, CorrelatedRank, SearchBackend, no_rank


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


# The text search configuration of each column (see the module docstring).
CONFIGS = {"chars": "sscatlas_english", "words": "simple", "titles": "simple"}


def _keys(term: Term) -> list[str]:
    lexemes = [_lexeme(key) for key in term.keys]
    if term.prefix:
        lexemes[-1] += ":*"
    return lexemes


def phrase_tsquery(term: Term) -> str:
    """The term's phrase, or any of its forms' phrases."""
    phrases = [" <-> ".join(_keys(form)) for form in term.forms]
    return phrases[0] if len(phrases) == 1 else " | ".join(f"({phrase})" for phrase in phrases)


def terms_tsquery(terms: Sequence[Term], *, every: bool) -> str:
    operator = " & " if every else " | "
    return operator.join(f"({phrase_tsquery(term)})" for term in terms)


def presence_tsquery(terms: Sequence[Term], *, every: bool) -> str:
    operator = " & " if every else " | "
    return operator.join(
        "(" + " | ".join("(" + " & ".join(_keys(form)) + ")" for form in term.forms) + ")" for term in terms
    )


def like_pattern(term: Term) -> str:
    keys = " ".join(term.keys).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "% " + keys + ("%" if term.prefix else " %")


def words_tsquery(terms: Sequence[Term]) -> str:
    words = dict.fromkeys(word for term in terms for form in term.forms for word in form.words)
    return " | ".join(_lexeme(word) for word in words)


# What finding matches costs, in microseconds, as measured on a million paragraphs: reading rows
# in id order costs per row read; the GIN index builds the whole list of matches first, at a
# cost per match and per key of the query. The cheaper way is taken.
ROW_READ_US = 3.0
INDEX_MATCH_US = 0.1
INDEX_KEY_US = 0.045
STATISTICS_SECONDS = 600

_statistics: dict[str, tuple[float, float, dict[str, float]]] = {}


def key_frequencies() -> tuple[float, dict[str, float]]:
    """How many paragraphs are indexed, and the share holding each common key (PostgreSQL's statistics)."""
    loaded = _statistics.get(connection.alias)
    if loaded is None or time.monotonic() - loaded[0] > STATISTICS_SECONDS:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM pg_class c LEFT JOIN pg_stats s ON s.schemaname = current_schema()"
                " AND s.tablename = c.relname AND s.attname = 'chars_tsv'"
                " WHERE c.oid = 'initiatives_searchentry'::regclass"
            )
            rows, keys, frequencies = cursor.fetchone()
        loaded = _statistics[connection.alias] = (
            time.monotonic(),
            max(rows, 0.0),
            dict(zip(keys or [], frequencies or [], strict=False)),
        )
    return loaded[1], loaded[2]


def share(terms: Sequence[Term]) -> float:
    """About what share of paragraphs hold every term: a term is as rare as its rarest key."""
    frequencies = key_frequencies()[1]
    result = 1.0
    for term in terms:
        # A term with variants is as common as its forms together.
        result *= min(1.0, sum(_rarest(form, frequencies) for form in term.forms))
    return result


def _rarest(term: Term, frequencies: dict[str, float]) -> float:
    rarest = 1.0
    for index, key in enumerate(term.keys):
        if term.prefix and index == len(term.keys) - 1:
            found = sum(f for k, f in frequencies.items() if k.startswith(key))
        else:
            found = frequencies.get(key, 0.0)
        rarest = min(rarest, found)
    return rarest


class PostgresBackend(SearchBackend):
    name = "postgresql"

    def own_text(self, field: str, pattern: str) -> Q:
        # ``~*`` in a function priced as costly (migration 0016), so that the planner joins the
        # index's matches or the other filters first and checks the text of what is left.
        return Q(Func(F(field), Value(pattern), function="sscatlas_iregex", output_field=BooleanField()))

    def first_matches(self, terms: Sequence[Term], limit: int) -> list[int] | None:
        plain = [term for term in terms if not term.entities]
        if not plain:
            return None
        rows, density = key_frequencies()[0], share(plain)
        keys = sum(len(form.keys) for term in plain for form in term.forms)
        by_index = rows * density * (INDEX_MATCH_US + INDEX_KEY_US * keys)
        if density == 0 or limit / density * ROW_READ_US >= by_index:
            return None
        window = round(4 * limit / density)
        # A LIMIT inside keeps the GIN index out: rows are read in id order until enough match,
        # and no further than four times as many as the statistics say it takes.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT paragraph_id FROM (SELECT paragraph_id, chars_tsv FROM initiatives_searchentry"
                " ORDER BY paragraph_id LIMIT %s) first WHERE chars_tsv @@ to_tsquery('sscatlas_english', %s)"
                " LIMIT %s",
                [window, terms_tsquery(plain, every=True), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def match_ids(self, column: Column, terms: Sequence[Term], *, every: bool):
        sql = f"{column}_tsv @@ to_tsquery('{CONFIGS[column]}', %s)"
        params = [terms_tsquery(terms, every=every)]
        if column == "chars" and SearchEntry.objects.filter(overflows_positions=True).exists():
            # A tsvector drops positions past the 256th of a lexeme and past 16,383 in all, so
            # in such texts a phrase can hide: there the index only narrows (every token
            # present) and the padded token string decides. Only where such texts exist: the
            # alternative keeps PostgreSQL from stopping early on a common word.
            joiner = " AND " if every else " OR "
            likes = joiner.join(
                "(" + " OR ".join(["(' ' || chars || ' ') LIKE %s"] * len(term.forms)) + ")" for term in terms
            )
            sql = (
                f"({sql} OR (overflows_positions AND chars_tsv @@ to_tsquery('sscatlas_english', %s)"
                f" AND ({likes})))"
            )
            patterns = [like_pattern(form) for term in terms for form in term.forms]
            params += [presence_tsquery(terms, every=every), *patterns]
        condition = RawSQL(sql, params, output_field=BooleanField())
        return SearchEntry.objects.filter(condition).values("paragraph_id")

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, among: frozenset[int] | None = None
    ) -> Expression:
        if not terms:
            return no_rank()
        # Normalisation 1 divides by the log of the length: a mention in a short paragraph
        # weighs more. x / (x + 1) keeps the sum below 1, under the entity and title boosts.
        parts, params = (
            ["ts_rank(e.chars_tsv, to_tsquery('sscatlas_english', %s), 1)"],
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
