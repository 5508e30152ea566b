"""English words in paragraphs are searched by their stems: vaccines finds vaccine, financing finance.

PostgreSQL: ``chars_tsv`` is generated with ``sscatlas_english``, a copy of the ``english``
configuration whose Snowball stemmer keeps every word: the stock one drops stop words, and a
search for WHO, "the Gambia" or a single letter must still find them, as it does on SQLite.
Chinese keys pass through the stemmer unchanged. SQLite: the FTS5 table is rebuilt with the
``porter`` tokenizer over ``unicode61`` and refilled from the stored search entries.
"""

from django.db import migrations, transaction

POSTGRES_FORWARD = [
    "CREATE TEXT SEARCH DICTIONARY sscatlas_english_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION sscatlas_english (COPY = english)",
    "ALTER TEXT SEARCH CONFIGURATION sscatlas_english ALTER MAPPING REPLACE english_stem WITH sscatlas_english_stem",
    "ALTER TABLE initiatives_searchentry DROP COLUMN chars_tsv",
    "ALTER TABLE initiatives_searchentry ADD COLUMN chars_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('sscatlas_english', chars)) STORED",
    # Matching a query's character phrases (as in 0002) and the planner's key statistics (0007).
    "CREATE INDEX searchentry_chars_tsv_gin ON initiatives_searchentry USING gin (chars_tsv)",
    "ALTER TABLE initiatives_searchentry ALTER COLUMN chars_tsv SET STATISTICS 1000",
]
POSTGRES_BACKWARD = [
    "ALTER TABLE initiatives_searchentry DROP COLUMN chars_tsv",
    "ALTER TABLE initiatives_searchentry ADD COLUMN chars_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', chars)) STORED",
    "CREATE INDEX searchentry_chars_tsv_gin ON initiatives_searchentry USING gin (chars_tsv)",
    "ALTER TABLE initiatives_searchentry ALTER COLUMN chars_tsv SET STATISTICS 1000",
    "DROP TEXT SEARCH CONFIGURATION sscatlas_english",
    "DROP TEXT SEARCH DICTIONARY sscatlas_english_stem",
]

FTS = "initiatives_search_fts"
SQLITE_TABLE = "CREATE VIRTUAL TABLE {table} USING fts5(chars, words, titles, tokenize = '{tokenizer}')"
SQLITE_REFILL = (
    f"INSERT INTO {FTS} (rowid, chars, words, titles)"
    " SELECT paragraph_id, chars, words, titles FROM initiatives_searchentry"
)


def _sqlite_rebuild(schema_editor, tokenizer: str) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        if cursor.fetchone() is None:
            return  # an SQLite without FTS5: search reads substrings, nothing to rebuild
        with transaction.atomic(using=connection.alias):
            cursor.execute(f"DROP TABLE {FTS}")
            cursor.execute(SQLITE_TABLE.format(table=FTS, tokenizer=tokenizer))
            cursor.execute(SQLITE_REFILL)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in POSTGRES_FORWARD:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        _sqlite_rebuild(schema_editor, "porter unicode61 remove_diacritics 0")


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for sql in POSTGRES_BACKWARD:
            schema_editor.execute(sql)
    elif vendor == "sqlite":
        _sqlite_rebuild(schema_editor, "unicode61 remove_diacritics 0")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0013_document_versions")]

    operations = [migrations.RunPython(forward, backward)]
