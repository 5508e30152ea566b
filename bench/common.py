"""What every benchmark shares: choosing and creating its database, timing, and the machine's description.

``configure(backend=...)`` must run before Django is imported anywhere: it points the project
at the benchmark database (PostgreSQL ``sscatlas_bench`` or ``var/bench.sqlite3``), turns
DEBUG off so that queries are not recorded, lifts the API throttles, sets Django up, creates
the database if it is missing and migrates it.
"""

import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sscatlas_bench")
BASE_DIR = Path(__file__).resolve().parent.parent


def configure(*, backend: str) -> None:
    if backend == "postgres":
        os.environ["DATABASE_URL"] = POSTGRES_URL
        os.environ["DJANGO_SETTINGS_MODULE"] = "sscatlas.settings"
        _postgres_database_create(POSTGRES_URL)
    elif backend == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    else:
        raise SystemExit(f"unknown backend {backend!r}: postgres or sqlite")
    os.environ["DEBUG"] = "false"
    # Hashed static names need collectstatic first; the in-process benchmarks measure pages, not
    # static files (bench.load collects them and serves them as production does).
    os.environ.setdefault("STATIC_MANIFEST", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key-0123456789abcdef0123456789abcdef")
    # A benchmark sends thousands of requests from one address.
    os.environ["API_ANON_RATE"] = "100000000/minute"
    os.environ["API_USER_RATE"] = "100000000/minute"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def _postgres_database_create(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def machine() -> dict[str, str]:
    """The machine and database versions, printed with every figure."""
    from django.db import connection

    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    return {
        "nproc": subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip(),
        "cpu": cpu,
        "memory": f"{int(memory) / 1024 / 1024:.0f} GiB",
        "python": platform.python_version(),
        "database": database,
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def machine_print() -> None:
    print("machine: " + ", ".join(f"{key} {value}" for key, value in machine().items()), flush=True)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    # Nearest rank: the smallest sample with at least ``share`` of the samples at or below it.
    index = max(0, min(len(ordered) - 1, int(-(-share * len(ordered) // 1)) - 1))
    return ordered[index]


def timed(function: Callable[[], object], *, runs: int, warmup: int = 2) -> tuple[list[float], object]:
    """Milliseconds of each of ``runs`` calls after ``warmup`` untimed ones, and the last result."""
    result = None
    for _ in range(warmup):
        result = function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples, result


def summary(samples: list[float]) -> str:
    return (
        f"p50 {percentile(samples, 0.5):8.1f} ms  p95 {percentile(samples, 0.95):8.1f} ms"
        f"  mean {statistics.fmean(samples):8.1f} ms  (n={len(samples)})"
    )


def verdict(met: bool) -> str:
    return "MET" if met else "MISSED"


def get_timed(client, path: str, *, runs: int, warmup: int = 2) -> list[float]:
    """Milliseconds of ``runs`` GETs of ``path`` through the in-process Django client; each must answer 200."""

    def get():
        # secure: production settings redirect plain HTTP to HTTPS.
        response = client.get(path, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}: {response.content[:300]!r}")
        return response

    return timed(get, runs=runs, warmup=warmup)[0]


def get_cold_then_warm(client, path: str, *, runs: int) -> tuple[float, list[float]]:
    """The first GET of ``path`` with an empty cache (facets computed), then ``runs`` more (cached)."""
    from django.core.cache import cache

    cache.clear()
    cold = get_timed(client, path, runs=1, warmup=0)[0]
    return cold, get_timed(client, path, runs=runs)


def common_filters(*, covid: bool = True) -> tuple[str, str]:
    """The agency code and country ISO3 that real COVID-19 initiatives most often name together."""
    from collections import Counter

    from initiatives.models import Initiative

    pairs: Counter = Counter()
    # The bundled reports only: not the synthetic corpus, nor reports the ingestion benchmark added.
    real = Initiative.objects.exclude(paragraph__document__source_name__startswith="bench-")
    for initiative in real.filter(covid=covid).prefetch_related("agencies", "countries"):
        for agency in initiative.agencies.all():
            for country in initiative.countries.all():
                pairs[(agency.code, country.iso3)] += 1
    if not pairs:
        raise SystemExit("no real initiative names an agency and a country: load the bundled data first")
    return pairs.most_common(1)[0][0]
