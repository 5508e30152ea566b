"""Re-extraction of long documents, in batches as ``ingest --reextract`` writes them, beside one batch each.

``--documents`` documents, each made of the bundled report's numbered paragraphs repeated
``--copies`` times (renumbered; the parser reads paragraph numbers up to 999), are ingested
once. They are then re-extracted twice: in batches of ``--batch`` paragraphs, and with one
batch per document (one transaction per document, as re-extraction wrote before it was
batched). Each pass prints its total time, its extraction time, its longest transaction, and
how long a stop asked for 0.5 s after the first document's extraction took to be honoured.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_reextract \\
        .venv/bin/python -m bench.reextraction --documents 4 --copies 11
"""

import argparse
import itertools
import re
import threading
import time

from bench.common import configure, machine_print

SOURCE_NAME = "bench-reextraction.txt"


def long_report(copies: int, number: int) -> str:
    from tests.conftest import REPORT

    text = REPORT.read_text(encoding="utf-8")
    head, body = text.split("一. 引言", 1)
    # The body with its section headings, repeated, its paragraphs numbered on from one copy to the next.
    numbers = itertools.count(1)
    body = re.sub(r"^\d+\. ", lambda _: f"{next(numbers)}. ", ("一. 引言" + body) * copies, flags=re.M)
    return f"基准文件 {number}\n" + head + body


def documents_ensure(documents: int, copies: int) -> list:
    from ingest.services import content_hash, document_ingest
    from initiatives.models import Document
    from initiatives.reference.loading import reference_load

    reference_load()
    ensured = []
    for number in range(documents):
        text, symbol = long_report(copies, number), f"BENCH/REEXTRACT/{number}"
        # A document another version of this benchmark wrote under the symbol goes.
        Document.objects.filter(symbol=symbol).exclude(content_hash=content_hash(text)).delete()
        ensured.append(document_ingest(data=text.encode("utf-8"), name=SOURCE_NAME, symbol=symbol).document)
    return ensured


def pass_measure(documents: list, *, batch: int) -> str:
    from ingest import reextraction

    timings = {"extract": 0.0, "writes": []}
    extract, write = reextraction.extract_document, reextraction._Job.batch_write
    stop, asked, armed = threading.Event(), [], []

    def extract_timed(*args, **kwargs):
        start = time.perf_counter()
        result = extract(*args, **kwargs)
        timings["extract"] += time.perf_counter() - start
        # A stop asked for now is seen before the first batch, or after it when it is under way.
        if armed and not asked:
            threading.Timer(0.5, lambda: (asked.append(time.perf_counter()), stop.set())).start()
        return result

    def write_timed(self, *args):
        start = time.perf_counter()
        write(self, *args)
        timings["writes"].append(time.perf_counter() - start)

    reextraction.extract_document, reextraction._Job.batch_write = extract_timed, write_timed
    try:
        start = time.perf_counter()
        full = reextraction.documents_reextract(documents=documents, batch=batch)
        elapsed = time.perf_counter() - start
        extraction, longest = timings["extract"], max(timings["writes"])
        armed.append(True)
        stopped = reextraction.documents_reextract(documents=documents, batch=batch, should_stop=stop.is_set)
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
    parser.add_argument("--documents", type=int, default=4)
    parser.add_argument(
        "--copies", type=int, default=11, help="copies of the report's 86 paragraphs (at most 11)"
    )
    parser.add_argument("--batch", type=int, default=100, help="paragraphs per transaction")
    options = parser.parse_args()
    configure(backend=options.backend)
    machine_print()
    start = time.perf_counter()
    documents = documents_ensure(options.documents, options.copies)
    largest = max(document.paragraphs.count() for document in documents)
    print(f"{len(documents)} documents of {largest} paragraphs ready in {time.perf_counter() - start:.1f} s")
    for batch in (options.batch, largest):
        print(pass_measure(documents, batch=batch), flush=True)


if __name__ == "__main__":
    main()
