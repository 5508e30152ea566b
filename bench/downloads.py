"""Bulk downloads: time and memory of each whole download, and page latency while three run.

Starts gunicorn as ``make serve`` does (threaded workers) on the benchmark database, and
downloads every initiative and every paragraph as CSV and JSON Lines, checking each file
against its ``X-Row-Count``. A worker's memory growth is its peak RSS (VmHWM) after the
download less its RSS before. Then ``/about/`` and ``/initiatives/`` are timed alone and while
three downloads run. Last, ``manage.py export`` is run the same way in a process of its own.

    .venv/bin/python -m bench.corpus --backend postgres --paragraphs 100000 --initiatives 100000
    .venv/bin/python -m bench.downloads
"""

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.common import POSTGRES_URL, configure, machine_print, percentile

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DOWNLOADS = [
    "initiatives/download.csv",
    "initiatives/download.jsonl",
    "paragraphs/download.csv",
    "paragraphs/download.jsonl",
]
# A page that reads nothing heavy and the document reader of the bundled report: what a
# download could slow down, not what is slow at this size on its own.
PAGES = ["/about/", "/documents/{report}/"]


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": POSTGRES_URL,
        "DJANGO_SETTINGS_MODULE": "sscatlas.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-key-0123456789abcdef0123456789abcdef"),
        "SECURE_SSL_REDIRECT": "false",
        "API_ANON_RATE": "100000000/minute",
        "LOG_LEVEL": "WARNING",
    }


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def _download(url: str, stop: threading.Event | None = None) -> tuple[int, int, int, float]:
    """Rows, the X-Row-Count, bytes and seconds of one whole download (retried while busy),
    or of its start when ``stop`` is set."""
    started = time.perf_counter()
    while True:
        try:
            with urllib.request.urlopen(url, timeout=600) as response:
                expected = int(response.headers["X-Row-Count"])
                lines = size = 0
                while (block := response.read(1 << 20)) and not (stop and stop.is_set()):
                    lines += block.count(b"\n")
                    size += len(block)
                break
        except urllib.error.HTTPError as error:
            if error.code != 503:
                raise
            time.sleep(1)
    rows = lines - 1  # a CSV header line, or the end line of JSON Lines
    return rows, expected, size, time.perf_counter() - started


def _page_times(base: str, seconds: float) -> list[float]:
    from initiatives.models import Document

    report = Document.objects.get(symbol="A/76/403").pk
    samples = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        for page in PAGES:
            started = time.perf_counter()
            with urllib.request.urlopen(base + page.format(report=report), timeout=120) as response:
                response.read()
            samples.append(time.perf_counter() - started)
    return samples


def _summary(samples: list[float]) -> str:
    return (
        f"{len(samples)} requests, p50 {percentile(samples, 0.5) * 1000:.0f} ms,"
        f" p95 {percentile(samples, 0.95) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms"
    )


def served(port: int, whats: list[str], *, pages_only: bool = False) -> None:
    environment = _environment()
    command = [
        str(BIN / "gunicorn"), "sscatlas.wsgi", "--bind", f"127.0.0.1:{port}",
        "--workers", "3", "--worker-class", "gthread", "--threads", "4",
    ]  # fmt: skip
    print("server:", " ".join(command[1:]))
    server = subprocess.Popen(command, cwd=ROOT, env=environment)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/about/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.3)
        # Small downloads first, so that each worker has loaded what any request loads.
        for path in DOWNLOADS * (0 if pages_only else 3):
            _download(f"{base}/api/v1/{path}?document=A/RES/76/221")
        for path in [path for path in DOWNLOADS if path.split("/")[0] in whats and not pages_only]:
            before = {pid: _memory(pid)["VmRSS"] for pid in _workers(server.pid)}
            rows, expected, size, seconds = _download(f"{base}/api/v1/{path}")
            # The worker that served it is the one whose peak grew most.
            growth, pid = max((_memory(pid)["VmHWM"] - rss, pid) for pid, rss in before.items())
            print(
                f"{path}: {rows:,} rows (X-Row-Count {expected:,}), {size / 1e6:.0f} MB in {seconds:.1f} s"
                f" ({rows / seconds:,.0f} rows/s); worker memory grew by at most {growth / 1024:.0f} MiB"
                f" (RSS before {before[pid] / 1024:.0f} MiB, peak {_memory(pid)['VmHWM'] / 1024:.0f} MiB)"
            )
        print("pages alone:", _summary(_page_times(base, 15)))
        heavy, stop = f"{base}/api/v1/{whats[-1]}/download.jsonl", threading.Event()
        threads = [threading.Thread(target=_download, args=(heavy, stop)) for _ in range(3)]
        for thread in threads:
            thread.start()
        time.sleep(1)
        print(f"pages during three {whats[-1]} downloads:", _summary(_page_times(base, 15)))
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        server.wait()


def exported(whats: list[str]) -> None:
    code = (
        "import django, resource, sys; django.setup()\n"
        "from django.core.management import call_command\n"
        "from initiatives.models import Document\n"
        "Document.objects.exists()\n"  # connect, as the command would, before measuring
        "rss = int(next(l for l in open('/proc/self/status') if l.startswith('VmRSS')).split()[1])\n"
        "started = __import__('time').perf_counter()\n"
        "call_command('export', '--what', sys.argv[1], '--format', sys.argv[2], stdout=open('/dev/null', 'w'))\n"
        "seconds = __import__('time').perf_counter() - started\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(f'{seconds:.1f} s, memory grew by {(peak - rss) / 1024:.0f} MiB'"
        " f' (RSS once connected {rss / 1024:.0f} MiB, peak {peak / 1024:.0f} MiB)')\n"
    )
    for what in whats:
        for file_format in ("csv", "jsonl"):
            result = subprocess.run(
                [sys.executable, "-c", code, what, file_format],
                cwd=ROOT,
                env=_environment(),
                capture_output=True,
                text=True,
                check=True,
            )
            print(f"manage.py export --what {what} --format {file_format}: {result.stdout.strip()}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--what", choices=["initiatives", "paragraphs"], action="append")
    parser.add_argument(
        "--pages-only", action="store_true", help="only page latency, alone and during downloads"
    )
    arguments = parser.parse_args()
    configure(backend="postgres")
    machine_print()
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    whats = arguments.what or ["initiatives", "paragraphs"]
    served(arguments.port, whats, pages_only=arguments.pages_only)
    if not arguments.pages_only:
        exported(whats)
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
