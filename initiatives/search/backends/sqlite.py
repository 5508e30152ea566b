"""SQLite search: an FTS5 table that the indexer fills, ranked with bm25.

The table ``initiatives_search_fts`` (created by the migration when SQLite has FTS5) holds the
segmented columns of each ``SearchEntry`` under the paragraph id as rowid. SQLite triggers
cannot segment text, so the indexer writes the rows itself. Every query token goes inside
double quotes: raw input such as ``COVID-19`` would otherwise be read as FTS5 syntax.
"""

import sqlite3
from collections.abc import Sequence

from django.db import connection
from django.db.models import Expression
from django.db.models.expressions import RawSQL

from ..query import Term
from .base import Column, CorrelatedRank, SearchBackend, Span, no_rank

TABLE = "initiatives_search_fts"


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def phrase_match(term: Term) -> str:
    return _string(" ".join(term.keys)) + (" *" if term.prefix else "")


def terms_match(column: Column, terms: Sequence[Term], *, every: bool) -> str:
    operator = " AND " if every else " OR "
    return "{" + column + "} : (" + operator.join(phrase_match(term) for term in terms) + ")"


def rank_match(terms: Sequence[Term]) -> str:
    clauses = ["{chars} : (" + " OR ".join(phrase_match(term) for term in terms) + ")"]
    words = dict.fromkeys(word for term in terms for word in term.words)
    if words:
        clauses.append("{words} : (" + " OR ".join(_string(word) for word in words) + ")")
    return " OR ".join(f"({clause})" for clause in clauses)


def fts5_table_exists() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE])
        return cursor.fetchone() is not None


class SqliteBackend(SearchBackend):
    name = "sqlite-fts5"

    def match_ids(self, column: Column, terms: Sequence[Term], *, every: bool):
        return RawSQL(
            f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",
            [terms_match(column, terms, every=every)],
        )

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, within: Span | None = None
    ) -> Expression:
        if not terms:
            return no_rank()
        between, params = "", [rank_match(terms)]
        if within is not None:
            # FTS5 reads a rowid range cheaply; a list of rowids it would look up one by one.
            between, params = " AND rowid BETWEEN %s AND %s", [*params, *within]
        # bm25 is negative, lower is better; weights per column: chars, words, titles.
        # x / (x + 1) keeps it below 1, under the entity and title boosts. MATERIALIZED makes
        # SQLite run the full-text query once per statement and look rows up in the result;
        # "MATCH ... AND rowid = ?" per row re-reads every doclist and costs seconds at 5,000 rows.
        materialized = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
        template = (
            f"COALESCE((WITH ranked AS {materialized}(SELECT rowid AS id, -bm25({TABLE}, 0.5, 1.0, 0.0) AS x"
            f" FROM {TABLE} WHERE {TABLE} MATCH %s{between}) SELECT x / (x + 1) FROM ranked"
            " WHERE id = {paragraph_id}), 0.0)"
        )
        return CorrelatedRank(template, params, paragraph_id)

    def store(self, entries: Sequence, *, paragraph_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            placeholders = ", ".join(["%s"] * len(paragraph_ids))
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({placeholders})", list(paragraph_ids))
            cursor.executemany(
                f"INSERT INTO {TABLE} (rowid, chars, words, titles) VALUES (%s, %s, %s, %s)",
                [(e.paragraph_id, e.chars, e.words, e.titles) for e in entries],
            )

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {TABLE}")
