"""Re-extraction of one long document, in batches as ``ingest --reextract`` writes it, beside one batch.

A document made of the bundled report's numbered paragraphs repeated ``--copies`` times
(renumbered) is ingested once. It is then re-extracted twice: in batches of ``--batch``
paragraphs, and as one batch holding the whole document (one transaction per document, as
re-extraction wrote before it was batched). Each pass prints its total time, its extraction
time, its longest transaction, and how long a stop asked for just after extraction took to be
honoured.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_reextract \\
        .venv/bin/python -m bench.reextraction --copies 60
"""

import argparse
import re
import threading
import time

from bench.common import configure, machine_print

SOURCE_NAME = "bench-reextraction.txt"


def long_report(copies: int) -> str:
    from tests.conftest import REPORT

    text = REPORT.read_text(encoding="utf-8")
    head, body = text.split("一. 引言", 1)
    paragraphs = re.findall(r"^\d+\. .*$", body, flags=re.M)
    numbered = [f"{n}. {p.split('. ', 1)[1]}" for n, p in enumerate(paragraphs * copies, start=1)]
    return head + "一. 引言\n\n" + "\n\n".join(numbered) + "\n"


def document_ensure(copies: int):
    from ingest.reference import reference_load
    from ingest.services import document_ingest
    from initiatives.models import Document

    reference_load()
    Document.objects.filter(source_name=SOURCE_NAME).exclude(symbol=f"BENCH/REEXTRACT/{copies}").delete()
    return document_ingest(
        data=long_report(copies).encode("utf-8"), name=SOURCE_NAME, symbol=f"BENCH/REEXTRACT/{copies}"
    ).document


def pass_measure(document, *, batch: int) -> str:
    from ingest import reextraction

    timings = {"extract": 0.0, "writes": []}
    extract, write = reextraction.extract_document, reextraction._Job.batch_write
    stop, asked, armed = threading.Event(), [], []

    def extract_timed(*args, **kwargs):
        start = time.perf_counter()
        result = extract(*args, **kwargs)
        timings["extract"] += time.perf_counter() - start
        # A stop asked for now is seen before the first batch, or after it when it is under way.
        if armed:
            threading.Timer(0.5, lambda: (asked.append(time.perf_counter()), stop.set())).start()
        return result

    def write_timed(self, *args):
        start = time.perf_counter()
        write(self, *args)
        timings["writes"].append(time.perf_counter() - start)

    reextraction.extract_document, reextraction._Job.batch_write = extract_timed, write_timed
    try:
        start = time.perf_counter()
        full = reextraction.documents_reextract(documents=[document], batch=batch)
        elapsed = time.perf_counter() - start
        extraction, longest = timings["extract"], max(timings["writes"])
        armed.append(True)
        stopped = reextraction.documents_reextract(documents=[document], batch=batch, should_stop=stop.is_set)
        honoured = time.perf_counter() - asked[0]
    finally:
        reextraction.extract_document, reextraction._Job.batch_write = extract, write
    return (
        f"batch {batch:>5}: {full.paragraphs} paragraphs, {full.initiatives} initiatives in {elapsed:.1f} s "
        f"(extraction {extraction:.1f} s, longest transaction {longest:.1f} s); a stop asked for 0.5 s "
        f"after extraction honoured in {honoured:.1f} s, after {stopped.paragraphs} paragraphs written"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--copies", type=int, default=60, help="copies of the report's 86 paragraphs")
    parser.add_argument("--batch", type=int, default=100, help="paragraphs per transaction")
    options = parser.parse_args()
    configure(backend=options.backend)
    machine_print()
    start = time.perf_counter()
    document = document_ensure(options.copies)
    print(
        f"document of {document.paragraphs.count()} paragraphs ready in {time.perf_counter() - start:.1f} s"
    )
    for batch in (options.batch, document.paragraphs.count()):
        print(pass_measure(document, batch=batch), flush=True)


if __name__ == "__main__":
    main()
