"""Mutation fuzzing of the PDF and DOCX readers: how many damaged files are read, refused in one line, or escape.

The damaged files are those of ``tests/ingest/mutations.py`` (the suite's fuzz test runs 150 of
them), made from the small report of the bad-input tests. Each is read by ``read_document_bytes``,
the reader ingestion uses, in a child process within the parse limits. With ``--uncaged`` the
format readers run in this process instead, as they did before the cage, under an address-space
limit of their own (``--uncaged-memory``) so that a bomb raises MemoryError instead of waking the
OOM killer. An outcome that is neither text nor an ``IngestError`` of one line is an escape.

    .venv/bin/python -m bench.fuzz_formats --cases 5000
    .venv/bin/python -m bench.fuzz_formats --cases 5000 --uncaged
"""

import argparse
import os
import resource
import time
from collections import Counter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--uncaged", action="store_true", help="run the readers in this process")
    parser.add_argument(
        "--uncaged-memory", type=int, default=2048, help="MB this process may use with --uncaged"
    )
    options = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sscatlas.settings")
    import django

    django.setup()
    from ingest.errors import IngestError
    from ingest.formats import docx_text, pdf_text
    from ingest.reading import read_document_bytes
    from tests.ingest.mutations import fuzz_cases

    if options.uncaged:
        ceiling = options.uncaged_memory * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))

    def read(name: str, data: bytes) -> str:
        if not options.uncaged:
            return read_document_bytes(data, name=name)
        return (pdf_text if name.endswith(".pdf") else docx_text)(data, name=name)

    outcomes: Counter = Counter()
    escapes: Counter = Counter()
    escaped: list[str] = []
    reasons: Counter = Counter()
    slowest: list[tuple[float, str, str, str]] = []
    started = time.monotonic()
    for name, how, data in fuzz_cases(count=options.cases, seed=options.seed):
        kind = name.rsplit(".", 1)[1]
        began = time.monotonic()
        try:
            read(name, data)
            outcome, detail = "read", ""
        except IngestError as error:
            outcome, detail = ("refused" if "\n" not in str(error) else "escaped"), str(error)
            if "could not be read (" in detail:
                reasons[detail.split("could not be read (", 1)[1].split(":")[0].split(";")[0]] += 1
        except (Exception, MemoryError, RecursionError) as error:
            outcome, detail = "escaped", f"{type(error).__name__}: {str(error)[:100]}"
            escapes[f"{kind} {type(error).__name__}: {str(error)[:70]}"] += 1
            escaped.append(name)
        seconds = time.monotonic() - began
        outcomes[(kind, outcome)] += 1
        slowest = sorted([*slowest, (seconds, name, how, detail[:150])], reverse=True)[:5]

    print(
        f"{options.cases} cases, seed {options.seed}, {'uncaged' if options.uncaged else 'caged'}, "
        f"{time.monotonic() - started:.0f} s"
    )
    for (kind, outcome), count in sorted(outcomes.items()):
        print(f"  {kind} {outcome}: {count}")
    for escape, count in escapes.most_common():
        print(f"  escape x{count}: {escape}")
    if escaped:
        print(f"  escaped: {' '.join(escaped)}")
    for reason, count in reasons.most_common():
        print(f"  unreadable x{count}: {reason}")
    for seconds, name, how, detail in slowest:
        print(f"  slowest {seconds:.2f} s {name} ({how}): {detail}")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"  peak memory: this process {own} MB, largest reader child {children} MB")


if __name__ == "__main__":
    main()
