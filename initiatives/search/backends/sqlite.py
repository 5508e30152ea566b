"""SQLite search: an FTS5 table that the indexer fills, ranked with bm25.

The table ``initiatives_search_fts`` (created by the migration when SQLite has FTS5) holds the
segmented columns of each ``SearchEntry`` under the paragraph id as rowid, read by the ``porter``
tokenizer over ``unicode61``: English words are stemmed (vaccines finds vaccine) and Chinese keys
pass through unchanged. A term matches as its phrase or any of its lexicon variants'. SQLite triggers
cannot segment text, so the indexer writes the rows itself. Every query key goes inside
double quotes: raw input such as ``COVID-19`` would otherwise be read as FTS5 syntax. FTS5 is
asked for a query's first matches on its own, since inside ``id IN (…)`` SQLite reads them all.
"""

import sqlite3
from collections.abc import Sequence

from django.db import connection
from django.db.models import Expression
from django.db.models.expressions import RawSQL

from ..query import Term
from .base import Column, CorrelatedRank, SearchBackend, ValueOf, no_rank

TABLE = "initiatives_search_fts"
# bm25 is negative, lower is better; weights per column: chars, words, titles.
BM25 = f"-bm25({TABLE}, 0.5, 1.0, 0.0)"
# Candidates spread over more ids than this many times their number are scored as a phrase.
SPARSE = 10


def _string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def phrase_match(term: Term) -> str:
    phrases = [_string(" ".join(form.keys)) + (" *" if form.prefix else "") for form in term.forms]
    return phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")"


def terms_match(column: Column, terms: Sequence[Term], *, every: bool) -> str:
    operator = " AND " if every else " OR "
    return "{" + column + "} : (" + operator.join(phrase_match(term) for term in terms) + ")"


def rank_match(terms: Sequence[Term]) -> str:
    # The words rank; the character pairs only where jieba found no word (scoring a long phrase
    # or a single character's many keys would cost more than the rest of the search).
    words = dict.fromkeys(word for term in terms for form in term.forms for word in form.words)
    if words:
        return "{words} : (" + " OR ".join(_string(word) for word in words) + ")"
    return "{chars} : (" + " OR ".join(phrase_match(term) for term in terms) + ")"


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

    def first_matches(self, terms: Sequence[Term], limit: int) -> list[int] | None:
        # Inside "id IN (...)" SQLite reads every match of the FTS5 query before the first row.
        plain = [term for term in terms if not term.entities]
        if not plain:
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid LIMIT %s",
                [terms_match("chars", plain, every=True), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def text_rank(
        self, terms: Sequence[Term], *, paragraph_id: str, among: frozenset[int] | None = None
    ) -> Expression:
        if not terms:
            return no_rank()
        if among:
            return self._ranks_among(terms, among, paragraph_id)
        # x / (x + 1) keeps it below 1, under the entity and title boosts. MATERIALIZED makes
        # SQLite run the full-text query once per statement and look rows up in the result;
        # "MATCH ... AND rowid = ?" per row re-reads every doclist and costs seconds at 5,000 rows.
        materialized = "MATERIALIZED " if sqlite3.sqlite_version_info >= (3, 35) else ""
        template = (
            f"COALESCE((WITH ranked AS {materialized}(SELECT rowid AS id, {BM25} AS x"
            f" FROM {TABLE} WHERE {TABLE} MATCH %s) SELECT x / (x + 1) FROM ranked"
            " WHERE id = {paragraph_id}), 0.0)"
        )
        return CorrelatedRank(template, [rank_match(terms)], paragraph_id)

    def _ranks_among(self, terms: Sequence[Term], among: frozenset[int], paragraph_id: str) -> Expression:
        # Scored in one pass over their id range (FTS5 reads a range cheaply, a list of rowids one
        # by one), then handed back as constants: looking each row up in the scored set would
        # cost the square of their number.
        score, match = BM25, rank_match(terms)
        words = any(term.words for term in terms)
        plain = not any(term.entities or term.prefix for term in terms)
        if words and plain and max(among) - min(among) + 1 > SPARSE * len(among):
            # Few of the range's rows match (a rare phrase of common words, 知识共享): scoring
            # the words' every row in the range costs tens of milliseconds. Every row of
            # ``among`` holds each term's phrase, so requiring it scores those rows alone, and
            # with the chars column weighed 0 the phrase leaves their scores as they were.
            score = f"-bm25({TABLE}, 0.0, 1.0, 0.0)"
            match = f"({match}) AND {terms_match('chars', terms, every=True)}"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, {score} FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s",
                [match, min(among), max(among)],
            )
            ranks = {rowid: x / (x + 1) for rowid, x in cursor.fetchall() if rowid in among}
        return ValueOf(paragraph_id, ranks)

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
