"""Re-extraction of the whole corpus (``manage.py ingest --reextract``) by one Celery worker and by two, in pairs.

The store holds ``--paragraphs`` paragraphs: ``--base`` of them from reports generated from the
bundled one (``bench.ingestion.report_generate``) and ingested, the rest copies of those made
inside PostgreSQL (``bench.ingestion_growth.store_grow``), with their initiatives, links,
evidence and search entries. One worker and a pair of workers, ``celery worker
--concurrency=1`` each, wait on queues of their own; each pass runs ``manage.py ingest
--reextract --restart`` as a user would, with the broker set and the queue of the workers
measured, from the command's start to its end (planning, queueing, every batch written).
Passes alternate one worker and two, ``--pairs`` times, so that each ratio compares passes a
few minutes apart; the first pair is cold (the store just grown), the others warm. ``--inline``
adds a pass without a broker (the command writes every batch itself).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_bench_reextraction \\
    BENCH_BROKER_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python -m bench.reextraction --paragraphs 20000 --pairs 2
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from bench.common import BASE_DIR, POSTGRES_URL, configure, machine_print, verdict


def store_ensure(*, base: int, paragraphs: int) -> int:
    """At least ``paragraphs`` stored paragraphs, ``base`` of them ingested; return how many are stored."""
    from bench.ingestion_growth import base_ensure, store_grow, strides_measure
    from initiatives.models import Document, Paragraph

    stored = Paragraph.objects.count()
    if stored >= paragraphs:
        return stored
    if Document.objects.filter(symbol__contains="/G").exists():
        raise SystemExit(
            "this store was grown by copies already: give a larger --paragraphs on a new database"
        )
    start = time.perf_counter()
    base = base_ensure(base)
    print(
        f"{base:,} paragraphs of generated reports ingested in {time.perf_counter() - start:.1f} s",
        flush=True,
    )
    copies = max(0, -(-paragraphs // base) - 1)
    if copies:
        seconds = store_grow(copies=copies, start_copy=1, strides=strides_measure(), seconds={})
        print(f"copied {copies} times in {seconds:.1f} s", flush=True)
    return Paragraph.objects.count()


def pass_time(*, queue: str | None, batch: int) -> tuple[float, str]:
    """Seconds of one ``ingest --reextract --restart``, and its last line; on ``queue``'s workers, or inline."""
    env = {**os.environ, "DATABASE_URL": POSTGRES_URL, "DJANGO_SETTINGS_MODULE": "sscatlas.settings"}
    env.pop("CELERY_BROKER_URL", None)
    if queue is not None:
        from bench.ingestion import BROKER_URL

        env |= {"CELERY_BROKER_URL": BROKER_URL, "CELERY_TASK_DEFAULT_QUEUE": queue}
    command = [sys.executable, "manage.py", "ingest", "--reextract", "--restart", "--batch", str(batch)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"ingest --reextract failed: {done.stderr[-2000:]}")
    return elapsed, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paragraphs", type=int, default=20_000, help="paragraphs in the store")
    parser.add_argument("--base", type=int, default=5_000, help="of them, paragraphs of ingested reports")
    parser.add_argument("--pairs", type=int, default=2, help="passes of one worker, then two")
    parser.add_argument("--batch", type=int, default=100, help="paragraphs per batch")
    parser.add_argument("--inline", action="store_true", help="add a pass without a broker")
    parser.add_argument("--only-two", action="store_true", help="passes of two workers only, no pairs")
    args = parser.parse_args()
    from bench.ingestion import BROKER_URL, workers_ready, workers_start, workers_stop

    # The workers' queues are this run's own, so that no other worker on the broker takes a batch.
    os.environ["CELERY_BROKER_URL"] = BROKER_URL
    configure(backend="postgres")
    machine_print()
    stored = store_ensure(base=args.base, paragraphs=args.paragraphs)
    print(f"store: {stored:,} paragraphs", flush=True)
    if args.inline:
        seconds, said = pass_time(queue=None, batch=args.batch)
        print(
            f"inline (no broker): {seconds:.1f} s = {stored / seconds:,.1f} paragraphs/s; {said}", flush=True
        )

    log_dir = BASE_DIR / "var" / "bench-logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    queues = {1: f"reextract-one-{os.getpid()}", 2: f"reextract-two-{os.getpid()}"}
    counts = [2] if args.only_two else [1, 2]
    workers = []
    try:
        for count in counts:
            os.environ["CELERY_TASK_DEFAULT_QUEUE"] = queues[count]
            workers += workers_start(count=count, queue=queues[count], log_dir=log_dir)
            # Under load, a worker can take minutes to load its dictionaries and answer.
            workers_ready(count=count, queue=queues[count], timeout=300)
        ratios = []
        for pair in range(1, args.pairs + 1):
            times = {}
            for count in counts:
                seconds, said = pass_time(queue=queues[count], batch=args.batch)
                times[count] = seconds
                print(
                    f"pair {pair} ({'cold' if pair == 1 else 'warm'}), {count} worker(s): {seconds:.1f} s"
                    f" = {stored / seconds:,.1f} paragraphs/s; {said}",
                    flush=True,
                )
            if len(times) == 2:
                ratios.append(times[1] / times[2])
                print(f"pair {pair}: two workers / one = {ratios[-1]:.2f}x faster", flush=True)
    finally:
        workers_stop(workers)
    if ratios:
        median = statistics.median(ratios)
        print(
            f"speed-up per pair {', '.join(f'{r:.2f}' for r in ratios)}; median {median:.2f}x;"
            f" target >= 1.7: {verdict(median >= 1.7)}"
        )


if __name__ == "__main__":
    main()
