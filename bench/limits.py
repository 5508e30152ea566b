"""Login limits and API throttles across gunicorn processes, as `make serve` and docker-compose run them.

    .venv/bin/python -m bench.limits                                   # the database cache of `make serve`
    .venv/bin/python -m bench.limits --cache-url redis://127.0.0.1:6379/4
    .venv/bin/python -m bench.limits --cache-url ""                    # a cache in each process

It migrates a SQLite file under var/, makes the cache table and a user, starts gunicorn with
three workers, then sends 20 wrong passwords to the token endpoint at once and 400 anonymous
API calls from 20 threads, and prints how many were answered before the limits refused them
(the default anonymous rate is 120 a minute, and the guesses count towards it too).
"""

import argparse
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.load import free_port

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE = ROOT / "var" / "bench-limits.sqlite3"


def wait_until_up(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=10)
            return
        except OSError:  # refused while gunicorn starts, or a timeout
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def status_of(url: str, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def at_once(count: int, threads: int, call) -> list[int]:
    start = threading.Barrier(threads)
    statuses: list[int] = []

    def work():
        start.wait()
        for _ in range(count // threads):
            statuses.append(call())

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-url", default="dbcache://sscatlas_cache")
    args = parser.parse_args()
    DATABASE.unlink(missing_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "CACHE_URL": args.cache_url,
        "LOG_LEVEL": "ERROR",
    }
    for command in (["migrate", "--noinput"], ["createcachetable"]):
        subprocess.run([str(BIN / "python"), "manage.py", *command], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c",
         "from django.contrib.auth.models import User; from django.core.cache import cache; cache.clear();"
         "User.objects.create_user('curator', password='right horse battery')"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "sscatlas.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "3"],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(base + "/about/")  # a page: API calls would count against the throttle
        time.sleep(2)  # every worker up
        guess = urllib.parse.urlencode({"username": "curator", "password": "wrong"}).encode()
        guesses = at_once(20, 20, lambda: status_of(base + "/api/v1/auth/token/", guess))
        calls = at_once(400, 20, lambda: status_of(base + "/api/v1/sdgs/"))
    finally:
        server.terminate()
        server.wait()
        DATABASE.unlink(missing_ok=True)
    print(f"cache: {args.cache_url or 'one per process'}")
    print(
        f"20 wrong passwords at once: {guesses.count(401)} checked (401), {guesses.count(429)} refused (429)"
    )
    print(f"400 anonymous calls from 20 threads: {calls.count(200)} answered, {calls.count(429)} throttled")
    # The guesses went through the same anonymous throttle before the login limit.
    print(f"anonymous API requests the throttle let through in all: {len(guesses) + calls.count(200)}")


if __name__ == "__main__":
    main()
