"""Inserting many new rows at once: what ingestion writes by the thousand.

A report brings hundreds of paragraphs and initiatives and thousands of evidence spans and
entity links. On PostgreSQL they are copied (``COPY``), ids taken from the table's sequence
first: Django's ``bulk_create`` sends INSERTs with a placeholder per value, and as Django binds
parameters client-side there, every value goes into the text of the statement, which took two
to five times as long as COPY. On SQLite new instances go through ``bulk_create``, which reads
their ids back with ``RETURNING`` (SQLite 3.35 and later): a hand-written insert there saved
about 0.07 ms of the 5 to 5.7 ms a paragraph takes in all ("paragraph rows" 0.12 to 0.13 ms
against 0.18 to 0.20 with ``bulk_create``, two runs each of ``.venv/bin/python -m
bench.ingestion --reports 30 --batch 0 --backend sqlite`` on a fresh database, 2026-12-04),
not worth a second path. Rows of plain values (links, evidence) go to SQLite with one
``executemany``.
"""

from collections.abc import Sequence

from django.db import connection, connections
from django.db.models import Model
from django.db.models.fields import AutoFieldMixin


def rows_insert(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Insert rows of plain values (ids, numbers, text, as the database stores them) into ``fields``."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def objects_insert(objects: Sequence[Model]) -> None:
    """``bulk_create`` of new instances of one model (no signals), each given its id."""
    if not objects:
        return
    model = type(objects[0])
    opts = model._meta
    if (
        connection.vendor != "postgresql"
        or not isinstance(opts.pk, AutoFieldMixin)
        or any(instance.pk is not None for instance in objects)
    ):
        model.objects.bulk_create(objects)
        return
    fields = [f for f in opts.concrete_fields if not f.primary_key and not getattr(f, "generated", False)]
    # The connection itself: every attribute read through the ``connection`` proxy costs a
    # thread-local lookup, and the values of a report's rows read it tens of thousands of times.
    database = connections[connection.alias]
    rows = []
    for instance in objects:
        # As bulk_create does: a related instance saved since it was assigned gives its id.
        instance._prepare_related_fields_for_save(operation_name="objects_insert")
        rows.append([f.get_db_prep_save(f.pre_save(instance, True), database) for f in fields])
    names = [f.name for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, len(objects)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
    rows_insert(model, [opts.pk.name, *names], [[pk, *row] for pk, row in zip(ids, rows, strict=True)])
    for instance, pk in zip(objects, ids, strict=True):
        instance.pk = pk
        instance._state.adding = False
        instance._state.db = connection.alias


def objects_update(objects: Sequence[Model], fields: Sequence[str]) -> None:
    """Save ``fields`` of stored instances of one model in one statement (``bulk_update`` without its CASE).

    Django's ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` expression per field and row:
    for a batch of 100 paragraphs and their initiatives, resolving those expressions took most
    of a re-extraction's time (``bench.reextraction``). On PostgreSQL the rows go as one
    ``UPDATE … FROM (VALUES …)``, on SQLite as one ``executemany``.
    """
    if not objects:
        return
    opts = type(objects[0])._meta
    database = connections[connection.alias]
    columns = [opts.get_field(name) for name in fields]
    rows = [
        [*(f.get_db_prep_save(getattr(instance, f.attname), database) for f in columns), instance.pk]
        for instance in objects
    ]
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every value cast to its column's type: a VALUES list has no column types of its own.
            casts = [f"%s::{f.db_type(database)}" for f in columns] + [f"%s::{opts.pk.db_type(database)}"]
            values = ", ".join(f"({', '.join(casts)})" for _ in rows)
            names = [quote(f.column) for f in columns]
            assignments = ", ".join(f"{name} = v.{name}" for name in names)
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {values}) AS v({', '.join(names)}, pk_) "
                f"WHERE {table}.{quote(opts.pk.column)} = v.pk_",
                [value for row in rows for value in row],
            )
        else:
            assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE {quote(opts.pk.column)} = %s", rows)
