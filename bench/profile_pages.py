"""Time each path of bench/wrk/mix.lua once its caches are warm, in one process, and profile one.

    LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/sscatlas_load \\
      .venv/bin/python -m bench.profile_pages                 # median ms, queries, bytes per path
    .venv/bin/python -m bench.profile_pages --profile /       # and cProfile's top functions for /

Runs the site's own middleware and views through Django's test client (no gunicorn, no network)
on the database that ``bench.load`` filled, with the settings ``bench.load`` gives gunicorn.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def mix_paths() -> list[str]:
    script = (ROOT / "bench" / "wrk" / "mix.lua").read_text(encoding="utf-8")
    paths = re.search(r"local paths = \{(.*?)\n\}", script, re.S).group(1)
    return re.findall(r'"(/[^"]*)"', paths) + ["/bench/floor/"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", metavar="PATH", help="profile this path with cProfile")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.load_settings",
        DATABASE_URL=os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sscatlas_load"),
        DEBUG="false",
        SECRET_KEY="profile-only-key-0123456789abcdef0123456789abcdef",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-Hans")
    for path in mix_paths():
        client.get(path)  # warm the caches of this revision
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(
            f"{statistics.median(times):7.1f} ms {len(queries):3d} queries "
            f"{len(response.content):7d} bytes {response.status_code} {path}"
        )
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.repeat):
            client.get(args.profile)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
