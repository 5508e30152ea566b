"""The substring search a PostgreSQL or SQLite user would build without us, for ``bench.search``.

PostgreSQL: ``pg_trgm`` with a GIN index on the paragraphs' text, queried with ``ILIKE '%…%'``
(the index answers it, then every candidate is re-checked, so it finds exactly the substrings),
first page in id order: it has no ranking that keeps every substring. Its ranked form, the
``<%`` word-similarity operator, is measured for recall only.

SQLite: an FTS5 table with the ``trigram`` tokenizer over the paragraphs' text (external
content, so the text is stored once), ranked by bm25. The tokenizer finds nothing for a term of
one or two characters, and on SQLite 3.40 ``LIKE`` on the trigram table returns nothing for one or
two Chinese characters, so such terms are matched with ``LIKE`` on the paragraph table itself.

Both count their matches exactly up to ``COUNT_LIMIT``, as our search does, and stop there.
Everything here lives in the benchmark's database only: nothing in the project uses it.
"""

import time

from django.db import connection

PAGE = 20
COUNT_LIMIT = 501
TRGM_INDEX = "bench_paragraph_text_trgm"
TRIGRAM_TABLE = "bench_paragraph_trigram"
PARAGRAPHS = "initiatives_paragraph"


def query_terms(raw: str) -> list[str]:
    """The substrings a query asks for: a quoted phrase is one, otherwise every space-separated term."""
    return [raw.strip('"')] if raw.startswith('"') else raw.split()


def like_pattern(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _like(column: str) -> str:
    operator = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    return f"{column} {operator} %s ESCAPE '\\'"


def substring_where(terms: list[str], *, column: str = "text") -> tuple[str, list[str]]:
    """A condition that every term occurs in ``column``, case-insensitively (ASCII only on SQLite)."""
    return " AND ".join([_like(column)] * len(terms)), [like_pattern(term) for term in terms]


def peer_name() -> str:
    return "pg_trgm" if connection.vendor == "postgresql" else "FTS5 trigram"


def peers_build() -> str:
    """Create the peer's index in the current database (kept if there); say what it took."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON {PARAGRAPHS} USING gin (text gin_trgm_ops)"
            )
            cursor.execute(f"ANALYZE {PARAGRAPHS}")
            cursor.execute("SELECT pg_relation_size(%s)", [TRGM_INDEX])
            size = cursor.fetchone()[0]
            what = f"pg_trgm GIN index {TRGM_INDEX}, {size / 2**20:,.0f} MiB"
        else:
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {TRIGRAM_TABLE} USING fts5(text,"
                f" tokenize='trigram', content='{PARAGRAPHS}', content_rowid='id')"
            )
            # The paragraphs may have grown since the last run: an external-content table
            # does not follow its content table.
            cursor.execute(f"INSERT INTO {TRIGRAM_TABLE}({TRIGRAM_TABLE}) VALUES ('rebuild')")
            what = f"FTS5 trigram table {TRIGRAM_TABLE} (external content), rebuilt"
    return f"{what} in {time.perf_counter() - start:.1f} s"


def peers_drop() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")
        else:
            cursor.execute(f"DROP TABLE IF EXISTS {TRIGRAM_TABLE}")


def _fts5_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _peer_sql(raw: str) -> tuple[str, str, list[str]]:
    """The peer's page and capped count: ids only, ``%s`` placeholders, and their parameters."""
    terms = query_terms(raw)
    if connection.vendor == "postgresql":
        where, params = substring_where(terms)
        source = f"FROM {PARAGRAPHS} WHERE {where}"
        return f"SELECT id {source} ORDER BY id LIMIT {PAGE}", source, params
    long = [term for term in terms if len(term) >= 3]
    short = [term for term in terms if len(term) < 3]
    if not long:
        where, params = substring_where(short)
        source = f"FROM {PARAGRAPHS} WHERE {where}"
        return f"SELECT id {source} ORDER BY id LIMIT {PAGE}", source, params
    match = " AND ".join(_fts5_string(term) for term in long)
    where, params = substring_where(short, column="p.text") if short else ("1", [])
    source = (
        f"FROM {TRIGRAM_TABLE} JOIN {PARAGRAPHS} p ON p.id = {TRIGRAM_TABLE}.rowid"
        f" WHERE {TRIGRAM_TABLE} MATCH %s AND {where}"
    )
    page = f"SELECT {TRIGRAM_TABLE}.rowid {source} ORDER BY bm25({TRIGRAM_TABLE}) LIMIT {PAGE}"
    return page, source, [match, *params]


def peer_search(raw: str) -> tuple[list[int], int]:
    """The peer's first page of ids and its count of matches (at most ``COUNT_LIMIT``)."""
    page, source, params = _peer_sql(raw)
    with connection.cursor() as cursor:
        cursor.execute(page, params)
        ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT {COUNT_LIMIT}) found", params)
        return ids, cursor.fetchone()[0]


def peer_explain(raw: str) -> str:
    """The plan of the peer's page query, with timings (PostgreSQL) or SQLite's query plan."""
    page, _, params = _peer_sql(raw)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {page}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {page}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _ids(sql: str, params: list[str]) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def substring_truth(raw: str) -> set[int]:
    """Every paragraph whose text holds every term of ``raw``: what a substring search must find."""
    where, params = substring_where(query_terms(raw))
    return _ids(f"SELECT id FROM {PARAGRAPHS} WHERE {where}", params)


def peer_found(raw: str) -> set[int]:
    """Everything the peer's search finds (not only its first page)."""
    _, source, params = _peer_sql(raw)
    column = "id" if source.startswith(f"FROM {PARAGRAPHS}") else f"{TRIGRAM_TABLE}.rowid"
    return _ids(f"SELECT {column} {source}", params)


def index_alone_found(raw: str) -> tuple[str, set[int]]:
    """What the peer's index finds on its own, where a user would expect it to be enough.

    pg_trgm: its ranked operator, ``term <% text`` (word similarity over the default threshold);
    FTS5 trigram: ``MATCH`` for every term, the short ones included.
    """
    terms = query_terms(raw)
    if connection.vendor == "postgresql":
        where = " AND ".join(["%s <%% text"] * len(terms))
        return "pg_trgm <%", _ids(f"SELECT id FROM {PARAGRAPHS} WHERE {where}", terms)
    match = " AND ".join(_fts5_string(term) for term in terms)
    return "FTS5 MATCH alone", _ids(
        f"SELECT rowid FROM {TRIGRAM_TABLE} WHERE {TRIGRAM_TABLE} MATCH %s", [match]
    )
