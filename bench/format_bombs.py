"""The cost of the files made to exhaust a reader, and of reading in a child process at all.

Writes two bombs to ``--out``: the small report's DOCX with ``--xml-mb`` megabytes of
paragraphs added to ``word/document.xml`` (``xml.docx``), and its PDF with its font widths
running to 9,999,999,999 (``widths.pdf``); then reads each with ``read_document_file``, caged, and
prints the outcome, the time and the largest reader's peak resident memory. Last, it reads the
unmutated small PDF and DOCX 20 times each in this process and 20 times caged. To see what the
code did before the cage, run ``read_document_file`` of commit 47f6c1b on the written files
under an address-space limit (``ulimit -v 7000000``).

    .venv/bin/python -m bench.format_bombs --out var/bombs --xml-mb 200
"""

import argparse
import os
import resource
import time
from pathlib import Path


def _peak_child_mb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("var/bombs"))
    parser.add_argument("--xml-mb", type=int, default=200)
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscatlas.settings")
    import django

    django.setup()
    from ingest.errors import IngestError
    from ingest.formats import docx_text, formatted_text, pdf_text
    from ingest.reading import read_document_file
    from tests.ingest.mutations import fuzz_seeds
    from tests.ingest.test_cage import _docx_with_body

    seeds = fuzz_seeds()
    pdf, docx = seeds["pdf"][0], seeds["docx"][0]
    options.out.mkdir(parents=True, exist_ok=True)
    # The DOCX first: the peak printed after each file is the largest reader's so far.
    bombs = {
        "xml.docx": _docx_with_body(options.xml_mb * 1024 * 1024),
        "widths.pdf": pdf.replace(b" 18 26 462 ", b" 18 9999999999 462 "),
    }
    for name, data in bombs.items():
        path = options.out / name
        path.write_bytes(data)
        began = time.monotonic()
        try:
            text, _ = read_document_file(path)
            outcome = f"read, {len(text):,} characters"
        except IngestError as error:
            outcome = str(error)
        print(f"{name} ({len(data) / 1024:.1f} KB): {time.monotonic() - began:.2f} s, {outcome}")
        print(f"  largest reader so far: {_peak_child_mb()} MB resident")

    for name, data, reader in (("small.pdf", pdf, pdf_text), ("small.docx", docx, docx_text)):
        reader(data, name=name)  # imports and caches warm in this process
        began = time.monotonic()
        for _ in range(20):
            reader(data, name=name)
        inside = (time.monotonic() - began) / 20
        began = time.monotonic()
        for _ in range(20):
            formatted_text(data, name=name)
        caged = (time.monotonic() - began) / 20
        print(f"{name}: {inside * 1000:.0f} ms in this process, {caged * 1000:.0f} ms caged (mean of 20)")


if __name__ == "__main__":
    main()
