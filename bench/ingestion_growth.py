"""Ingestion throughput as the store grows: the same reports ingested at each size, in one run.

The store starts as ``--base`` paragraphs of reports generated from the bundled one and ingested
normally (``bench.ingestion.report_generate`` and ``document_ingest``), so that every table holds
what ingestion writes: paragraphs, their links, evidence, initiatives, amounts and search entries.
At each size of ``--sizes``, ``--reports`` other generated reports are ingested in this process
(in two halves, the first just after the store grew, so cold, the second warm) and their
paragraphs per second printed; the documents are then deleted and the store grown to the next size
by copying the base store inside PostgreSQL (``INSERT … SELECT`` with ids shifted, every index and
foreign key maintained as ingestion maintains them), and the same reports ingested again. The ratio
is each size's throughput over the first size's.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_bench_growth \\
        .venv/bin/python -m bench.ingestion_growth --sizes 10000 1000000 --reports 20
"""

import argparse
import time

from bench.common import configure, machine_print, verdict

BASE_SEED = 7_000_000
MEASURED_SEED = 9_000_000


def _tables():
    """(model, columns) of every row ingestion writes for a document, parents first."""
    from ingest.writing import INITIATIVE_RELATIONS
    from initiatives.kinds import LINKS
    from initiatives.models import Amount, Document, Evidence, Initiative, Paragraph, SearchEntry

    through = [Paragraph._meta.get_field(name).remote_field.through for name in LINKS] + [
        Initiative._meta.get_field(name).remote_field.through for name in INITIATIVE_RELATIONS
    ]
    return [Document, Paragraph, Initiative, Amount, Evidence, SearchEntry, *through]


def originals():
    """The documents of the base store: every document but the copies (whose symbols end in /G and a number)."""
    from initiatives.models import Document

    return Document.objects.exclude(symbol__regex=r"/G[0-9]+$")


def copies_made() -> int:
    """The highest copy number in the store, 0 before the first copy."""
    from initiatives.models import Document

    symbols = Document.objects.filter(symbol__regex=r"/G[0-9]+$").values_list("symbol", flat=True)
    return max((int(symbol.rsplit("/G", 1)[1]) for symbol in symbols), default=0)


def strides_measure() -> dict:
    """Per table whose ids others refer to, the shift between two copies: above every id of the base store.

    Copy ``k`` of a row has its id plus ``k`` times the stride, so copies never meet, and the
    rows below the stride are the base store's.
    """
    from django.db.models import Max

    from initiatives.models import Document, Initiative, Paragraph

    base = originals()
    return {
        Document: base.aggregate(top=Max("pk"))["top"] + 1,
        Paragraph: Paragraph.objects.filter(document__in=base).aggregate(top=Max("pk"))["top"] + 1,
        Initiative: Initiative.objects.filter(paragraph__document__in=base).aggregate(top=Max("pk"))["top"]
        + 1,
    }


def store_grow(*, copies: int, start_copy: int, strides: dict, seconds: dict) -> float:
    """Copy the base store ``copies`` times (copy numbers from ``start_copy``); return the seconds taken.

    ``seconds`` gathers the time spent copying each table.
    """
    from django.db import connection, transaction

    shifted = set(strides)
    quote = connection.ops.quote_name
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for copy in range(start_copy, start_copy + copies):
            with transaction.atomic():
                if copy % 10 == 0:
                    print(f"  copy {copy}", flush=True)
                for model in _tables():
                    began = time.perf_counter()
                    _table_copy(cursor, model, copy, strides, shifted)
                    name = model._meta.db_table
                    seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - began
            # After each copy, so that a run stopped midway leaves sequences above every id.
            for model in shifted:
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {quote(table)}))"
                )
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


def _table_copy(cursor, model, copy: int, strides: dict, shifted: dict) -> None:
    from django.db import connection

    from initiatives.models import Document

    quote = connection.ops.quote_name
    columns, values = [], []
    for field in model._meta.concrete_fields:
        if getattr(field, "generated", False):
            continue
        column = quote(field.column)
        target = field.related_model if field.is_relation else None
        if field.primary_key and model in shifted:
            values.append(f"{column} + {copy * strides[model]}")
        elif field.primary_key and target is None:
            continue  # a sequence gives the copy its id
        elif target in shifted:
            values.append(f"{column} + {copy * strides[target]}")
        elif model is Document and field.name == "content_hash":
            values.append(f"md5({column} || ':{copy}') || md5('{copy}:' || {column})")
        elif model is Document and field.name == "symbol":
            values.append(f"CASE WHEN {column} = '' THEN '' ELSE left({column}, 50) || '/G{copy}' END")
        else:
            values.append(column)
        columns.append(column)
    table = quote(model._meta.db_table)
    # Rows of the base store only: those whose paragraph (or document, or initiative) is not a copy.
    owner = next(
        (f for f in model._meta.concrete_fields if f.is_relation and f.related_model in shifted), None
    )
    if model is Document:
        where = f"id < {strides[Document]}"
    else:
        where = f"{quote(owner.column)} < {strides[owner.related_model]}"
    cursor.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} WHERE {where}"
    )


def reports_ingest(*, count: int, seed: int, label: str) -> list[tuple[int, float]]:
    """Ingest ``count`` generated reports in two halves; (paragraphs, seconds) of each half."""
    from bench.ingestion import _countries, report_generate
    from ingest.services import document_ingest

    countries = _countries()
    halves = []
    for half in (range(0, count // 2), range(count // 2, count)):
        texts = [report_generate(seed=seed + i, countries=countries).encode("utf-8") for i in half]
        paragraphs, start = 0, time.perf_counter()
        for i, text in zip(half, texts, strict=True):
            result = document_ingest(
                data=text, name=f"bench-growth-{label}-{seed + i}.txt", symbol=f"BENCH/GROWTH/{seed + i}"
            )
            if not result.created:
                raise SystemExit(f"report {seed + i} was already stored: the measured reports must be new")
            paragraphs += result.paragraphs
        halves.append((paragraphs, time.perf_counter() - start))
    return halves


def measured_delete(seed: int, count: int) -> None:
    from initiatives.models import Document

    Document.objects.filter(symbol__in=[f"BENCH/GROWTH/{seed + i}" for i in range(count)]).delete()


def base_ensure(paragraphs: int) -> int:
    """At least ``paragraphs`` stored paragraphs from generated reports; return how many are stored."""
    from bench.corpus import bundled_data_ensure
    from bench.ingestion import _countries, report_generate
    from ingest.services import document_ingest
    from initiatives.models import Paragraph

    bundled_data_ensure()
    countries = _countries()
    number = 0
    while (stored := Paragraph.objects.count()) < paragraphs:
        text = report_generate(seed=BASE_SEED + number, countries=countries).encode("utf-8")
        document_ingest(data=text, name=f"bench-base-{number}.txt", symbol=f"BENCH/BASE/{number}")
        number += 1
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000], help="stored paragraphs")
    parser.add_argument("--reports", type=int, default=20, help="reports ingested at each size")
    parser.add_argument(
        "--once",
        action="store_true",
        help="only ingest the reports into the store as it is, print the rate and delete them: a command "
        "to time against the same on another store, in pairs",
    )
    args = parser.parse_args()
    configure(backend="postgres")
    if args.once:
        from initiatives.models import Paragraph

        stored = Paragraph.objects.count()
        try:
            halves = reports_ingest(count=args.reports, seed=MEASURED_SEED, label="once")
        finally:
            measured_delete(MEASURED_SEED, args.reports)
        paragraphs, seconds = sum(p for p, _ in halves), sum(s for _, s in halves)
        print(
            f"with {stored:,} paragraphs stored: {paragraphs:,} paragraphs in {seconds:.2f} s = {paragraphs / seconds:,.1f}/s"
        )
        return
    machine_print()

    from initiatives.models import Paragraph

    start = time.perf_counter()
    base_ensure(args.sizes[0])
    unit = Paragraph.objects.filter(document__in=originals()).count()
    made = copies_made()
    print(
        f"base store: {unit:,} paragraphs ingested ({made} copies of them made before) ready in"
        f" {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    strides, tables, rates = None, {}, []
    for size in args.sizes:
        # Copies of the base store until the store holds at least ``size`` paragraphs.
        wanted = -(-(size - Paragraph.objects.count()) // unit)
        if wanted > 0:
            # Measured before this run's first copy, once the measured reports are deleted.
            strides = strides or strides_measure()
            seconds = store_grow(copies=wanted, start_copy=made + 1, strides=strides, seconds=tables)
            made += wanted
            slowest = ", ".join(
                f"{name} {s:.1f} s" for name, s in sorted(tables.items(), key=lambda t: -t[1])[:4]
            )
            print(
                f"store grown to {Paragraph.objects.count():,} paragraphs in {seconds:.1f} s ({slowest})",
                flush=True,
            )
        stored = Paragraph.objects.count()
        halves = reports_ingest(count=args.reports, seed=MEASURED_SEED, label=str(size))
        paragraphs, seconds = sum(p for p, _ in halves), sum(s for _, s in halves)
        rate = paragraphs / seconds
        rates.append(rate)
        cold, warm = (p / s for p, s in halves)
        print(
            f"with {stored:,} paragraphs stored: {args.reports} reports ({paragraphs:,} paragraphs) in {seconds:.2f} s"
            f" = {rate:,.1f} paragraphs/s (first half {cold:,.1f}, second half {warm:,.1f}); "
            f"ratio to {args.sizes[0]:,}: {rate / rates[0]:.3f}",
            flush=True,
        )
        measured_delete(MEASURED_SEED, args.reports)
    ratio = rates[-1] / rates[0]
    print(
        f"throughput at {args.sizes[-1]:,} / at {args.sizes[0]:,} = {ratio:.3f}; target >= 0.8: {verdict(ratio >= 0.8)}"
    )


if __name__ == "__main__":
    main()
