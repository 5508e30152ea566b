"""The search backend for the current database, chosen from the connection's vendor.

PostgreSQL uses its tsvector columns and SQLite its FTS5 table; each is probed once per
database, and where its structures are missing (an SQLite without FTS5, a database built
without migrations) the portable substring backend answers instead.
"""

from django.db import connection

from .base import SearchBackend
from .postgres import PostgresBackend
from .sqlite import SqliteBackend, fts5_table_exists
from .substring import SubstringBackend

_chosen: dict[tuple[str, str], SearchBackend] = {}


def _tsvector_columns_exist() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = 'initiatives_searchentry'"
            " AND column_name = 'chars_tsv'"
        )
        return cursor.fetchone() is not None


def backend() -> SearchBackend:
    key = (connection.alias, str(connection.settings_dict["NAME"]))
    if key not in _chosen:
        if connection.vendor == "postgresql" and _tsvector_columns_exist():
            _chosen[key] = PostgresBackend()
        elif connection.vendor == "sqlite" and fts5_table_exists():
            _chosen[key] = SqliteBackend()
        else:
            _chosen[key] = SubstringBackend()
    return _chosen[key]


__all__ = ["SearchBackend", "PostgresBackend", "SqliteBackend", "SubstringBackend", "backend"]
