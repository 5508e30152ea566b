"""Ingestion throughput: the whole pipeline on one core beside jieba alone, and one Celery worker against two.

Reports are generated from the bundled 2021 report: its numbered paragraphs shuffled and
renumbered, with a share of the country names swapped, so that every one has its own content
hash. First, ``document_ingest`` (read, parse, extract, write, index) runs in this process
over ``--reports`` of them, and jieba's default ``cut`` segments the same paragraphs' text in the
same run. Then ``--batch`` reports are queued as ingest runs (``run_create`` and
``ingest_run.delay``) for one real ``celery worker --concurrency=1`` and, with another batch, for
two; the time is from the first enqueue to the last run finished. The pipeline runs on
PostgreSQL, or with ``--backend sqlite --batch 0`` on SQLite, the embedded default, where the
database works inside the process.

    .venv/bin/python -m bench.ingestion --reports 30 --batch 200
    .venv/bin/python -m bench.ingestion --reports 30 --batch 0 --backend sqlite
"""

import argparse
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import BASE_DIR, POSTGRES_URL, configure, machine_print, verdict

REPORT = BASE_DIR / "data" / "reports" / "A-76-403_state-of-south-south-cooperation_2021_zh.txt"
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
_NUMBERED = re.compile(r"^(\d{1,3})\. (.*)$")


def report_generate(*, seed: int, countries: list[str]) -> str:
    """The bundled report with its numbered paragraphs shuffled and renumbered, some countries swapped."""
    rng = random.Random(seed)
    lines = REPORT.read_text(encoding="utf-8").split("\n")
    numbered = [(i, m) for i, line in enumerate(lines) if (m := _NUMBERED.match(line))]
    bodies = [m.group(2) for _, m in numbered]
    rng.shuffle(bodies)
    pattern = re.compile("|".join(map(re.escape, countries)))
    for (index, match), body in zip(numbered, bodies, strict=True):
        body = pattern.sub(lambda m: rng.choice(countries) if rng.random() < 0.3 else m.group(), body)
        lines[index] = f"{match.group(1)}. {body}"
    return "\n".join(lines)


def _countries() -> list[str]:
    from initiatives.models import Country

    text = REPORT.read_text(encoding="utf-8")
    names = {
        name for name in Country.objects.values_list("name_zh", flat=True) if len(name) >= 2 and name in text
    }
    # Longest first; ties by name, so that a seed gives the same reports in every process.
    return sorted(names, key=lambda name: (-len(name), name))


def pipeline_measure(*, reports: int, seed: int) -> float:
    """Paragraphs per second of ``document_ingest`` over generated reports, beside jieba alone."""
    import jieba

    from ingest.extraction.pipeline import extractors_prepare
    from ingest.services import document_ingest
    from initiatives.models import Paragraph
    from initiatives.search.text import segmenter

    # Loaded once per process, as a worker does before it forks.
    segmenter()
    extractors_prepare()
    countries = _countries()
    texts = [report_generate(seed=seed + i, countries=countries) for i in range(reports)]
    paths = []
    for i, text in enumerate(texts):
        path = BASE_DIR / "var" / f"bench-report-{seed + i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    paragraphs, elapsed, computed, ids = 0, 0.0, 0.0, []
    phases: dict[str, float] = {}
    for i, path in enumerate(paths):
        start, start_cpu = time.perf_counter(), time.process_time()
        with _phases_timed(phases):
            result = document_ingest(path=path, symbol=f"BENCH/INGEST/{seed + i}")
        elapsed += time.perf_counter() - start
        computed += time.process_time() - start_cpu
        if not result.created:
            raise SystemExit(f"{path.name} was already ingested: choose another --seed")
        paragraphs += result.paragraphs
        ids.append(result.document.pk)
        path.unlink()
    pipeline_rate = paragraphs / elapsed
    stored = list(Paragraph.objects.filter(document_id__in=ids).values_list("text", flat=True))
    characters = sum(len(t) for t in stored)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    start = time.perf_counter()
    for text in stored:
        list(tokenizer.cut(text))
    jieba_seconds = time.perf_counter() - start
    jieba_rate = len(stored) / jieba_seconds
    print(
        f"pipeline (document_ingest, one process): {paragraphs:,} paragraphs of {reports} reports"
        f" in {elapsed:.2f} s = {pipeline_rate:,.1f} paragraphs/s"
    )
    print(
        f"jieba cut alone (default dictionary, HMM on), same {len(stored):,} paragraphs ({characters:,} characters):"
        f" {jieba_seconds:.2f} s = {jieba_rate:,.1f} paragraphs/s ({characters / jieba_seconds:,.0f} characters/s)"
    )
    timed = "; ".join(f"{name} {seconds / paragraphs * 1000:.2f}" for name, seconds in phases.items())
    rest = (elapsed - sum(phases.values())) / paragraphs * 1000
    print(f"  ms per paragraph: {timed}; the rest (reading, hashing, document row) {rest:.2f}")
    # What the process did not compute itself it waited for: PostgreSQL's work, or SQLite's disk.
    print(
        f"  of which this process computed {computed / paragraphs * 1000:.2f} and waited"
        f" {(elapsed - computed) / paragraphs * 1000:.2f} (for the database server or the disk)"
    )
    ratio = pipeline_rate / jieba_rate
    print(f"pipeline / jieba = {ratio:.3f}; target >= 0.5: {verdict(ratio >= 0.5)}", flush=True)
    return ratio


# What ``document_ingest`` calls for each step, in ``ingest.services``; the transaction's commit
# (deferred foreign-key checks and the write-ahead log) is timed on the connection.
_PHASES = {
    "parse": "parse_document",
    "extract": "extract_document",
    "paragraph rows": "objects_insert",
    "initiatives, links, evidence": "extractions_insert",
    "index": "index_inserted",
}


@contextmanager
def _phases_timed(totals: dict[str, float]):
    """Adds the seconds spent in each of ``_PHASES`` and in the commit to ``totals``."""
    from django.db import connection

    import ingest.services

    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    originals = {attribute: getattr(ingest.services, attribute) for attribute in _PHASES.values()}
    for name, attribute in _PHASES.items():
        setattr(ingest.services, attribute, timed(name, originals[attribute]))
    commit = connection.commit
    connection.commit = timed("commit", commit)
    try:
        yield
    finally:
        for attribute, function in originals.items():
            setattr(ingest.services, attribute, function)
        connection.commit = commit


def workers_start(*, count: int, queue: str, log_dir: Path) -> list[subprocess.Popen]:
    env = {
        **os.environ,
        "DATABASE_URL": POSTGRES_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "DJANGO_SETTINGS_MODULE": "sscatlas.settings",
    }
    processes = []
    for number in range(1, count + 1):
        log = open(log_dir / f"worker-{queue}-{number}.log", "w")  # noqa: SIM115 - closed with the process
        command = [
            str(Path(sys.executable).parent / "celery"), "-A", "sscatlas", "worker", "--concurrency=1",
            "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"bench{number}-of-{count}-{queue}@%h", "-Q", queue,
        ]  # fmt: skip
        processes.append(
            subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
    return processes


def workers_ready(*, count: int, queue: str, timeout: float = 60.0) -> None:
    from sscatlas.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if sum(1 for reply in replies for name in reply if f"of-{count}-{queue}@" in name) >= count:
            return
    raise SystemExit(f"{count} worker(s) on {queue} did not answer within {timeout:.0f} s")


def workers_stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def batch_measure(*, workers: int, batch: int, seed: int, log_dir: Path) -> float:
    """Seconds for ``workers`` Celery workers to ingest ``batch`` generated reports."""
    from ingest.models import IngestRun
    from ingest.runs import run_create
    from ingest.tasks import ingest_run

    countries = _countries()
    blobs = [report_generate(seed=seed + i, countries=countries).encode("utf-8") for i in range(batch)]
    queue = os.environ["CELERY_TASK_DEFAULT_QUEUE"]
    processes = workers_start(count=workers, queue=queue, log_dir=log_dir)
    try:
        workers_ready(count=workers, queue=queue)
        start = time.perf_counter()
        run_ids = []
        for i, blob in enumerate(blobs):
            run = run_create(data=blob, name=f"bench-{seed + i}.txt", symbol=f"BENCH/INGEST/{seed + i}")
            ingest_run.delay(run.pk)
            run_ids.append(run.pk)
        finished = (IngestRun.Status.SUCCEEDED, IngestRun.Status.FAILED)
        while IngestRun.objects.filter(pk__in=run_ids).exclude(status__in=finished).exists():
            time.sleep(0.2)
        elapsed = time.perf_counter() - start
    finally:
        workers_stop(processes)
    runs = IngestRun.objects.filter(pk__in=run_ids)
    failed = runs.filter(status=IngestRun.Status.FAILED).count()
    paragraphs = sum(runs.values_list("paragraphs_done", flat=True))
    print(
        f"{workers} worker(s): {batch} reports ({paragraphs:,} paragraphs, {failed} failed) in {elapsed:.1f} s"
        f" = {batch / elapsed:.2f} reports/s",
        flush=True,
    )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=10, help="reports ingested in this process")
    parser.add_argument(
        "--batch", type=int, default=200, help="reports per Celery batch (0 skips the workers)"
    )
    parser.add_argument("--seed", type=int, default=None, help="first generation seed (default: random)")
    parser.add_argument(
        "--backend",
        choices=["postgres", "sqlite"],
        default="postgres",
        help="the database of the pipeline (the workers need postgres)",
    )
    args = parser.parse_args()
    if args.backend == "sqlite" and args.batch:
        parser.error("the Celery workers write to PostgreSQL: give --batch 0 with --backend sqlite")
    # The producer must send to the broker rather than run tasks inline.
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
    # A queue of its own, so that no other worker on this broker takes the benchmark's runs.
    os.environ["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-{os.getpid()}"
    configure(backend=args.backend)

    from bench.corpus import bundled_data_ensure

    bundled_data_ensure()
    machine_print()
    # A random first seed: runs a few seconds apart must not generate the same reports.
    seed = args.seed if args.seed is not None else secrets.randbits(40)
    pipeline_measure(reports=args.reports, seed=seed)
    if not args.batch:
        return
    log_dir = BASE_DIR / "var" / "bench-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    one = batch_measure(workers=1, batch=args.batch, seed=seed + 10_000, log_dir=log_dir)
    two = batch_measure(workers=2, batch=args.batch, seed=seed + 20_000, log_dir=log_dir)
    print(f"two workers / one = {one / two:.2f}x faster; target >= 1.7: {verdict(one / two >= 1.7)}")


if __name__ == "__main__":
    main()
