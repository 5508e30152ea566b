"""Load test: 50 concurrent clients for 60 seconds against gunicorn on 127.0.0.1, with optional faults.

    .venv/bin/python -m bench.load                          # plain load
    .venv/bin/python -m bench.load --restart-postgres-at 20 # restart PostgreSQL 20 s into the run
    .venv/bin/python -m bench.load --seconds 20 --stop-broker  # uploads while the broker is down
    .venv/bin/python -m bench.load --floor --seconds 20     # the mix beside a trivial view, 1 and 50 clients

It loads the bundled reports into the PostgreSQL database ``sscatlas_load`` (``LOAD_DATABASE_URL``), starts gunicorn,
and drives it with wrk (Debian's ``wrk``) over bench/wrk/mix.lua: pages, searches and API calls.
A prober requests /api/v1/documents/ every 100 ms to time how soon the site answers again
after a fault. With ``--floor`` it runs, on the same gunicorn one after the other, a trivial view
(bench.floor: the framework and its middleware, no data), the mix, and the home page revalidated
with its ETag, at 1 client and at ``--connections``, and prints each beside the floor. All traffic
stays on the loopback address; every run stops by itself.
"""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATABASE_URL = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sscatlas_load")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def prepare(env: dict) -> None:
    name = DATABASE_URL.rsplit("/", 1)[-1]
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], capture_output=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_reference")
    manage(
        env,
        "ingest",
        "--symbol",
        "A/76/403",
        "data/reports/A-76-403_state-of-south-south-cooperation_2021_zh.txt",
    )
    manage(env, "ingest", "data/reports/A-RES-76-221_south-south-cooperation-for-development_2021_zh.txt")


class Prober(threading.Thread):
    """Requests one URL every 100 ms and keeps (time, ok) pairs."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.results, self.running = url, [], True

    def run(self) -> None:
        while self.running:
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:
                    ok = response.status == 200
            except (urllib.error.URLError, OSError):
                ok = False
            self.results.append((time.monotonic(), ok))
            time.sleep(0.1)


def restart_postgres_after(seconds: float, marks: dict) -> None:
    time.sleep(seconds)
    marks["restart_started"] = time.monotonic()
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
    marks["restart_done"] = time.monotonic()


def upload_status(base: str) -> int:
    """Status of an upload attempt by a staff token while the broker is down."""
    from uuid import uuid4

    boundary = uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="probe.txt"\r\n\r\n'
        "开发署与埃塞俄比亚合作。\r\n"
        f"--{boundary}--\r\n"
    ).encode()
    token = os.environ["LOAD_TOKEN"]
    request = urllib.request.Request(
        base + "/api/v1/ingest-runs/",
        data=body,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk_run(base: str, *, seconds: int, connections: int, **script_env: str) -> dict:
    """One wrk run over bench/wrk/mix.lua; ``script_env`` (WRK_PATH, WRK_IF_NONE_MATCH) narrows it."""
    wrk = subprocess.run(
        [
            "wrk",
            "-t",
            str(min(2, connections)),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(ROOT / "bench" / "wrk" / "mix.lua"),
            base,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        env={**os.environ, **script_env},
    )
    result = json.loads(re.search(r"RESULT (\{.*\})", wrk.stdout).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", wrk.stdout)
    result["http_errors"] = int(non_2xx.group(1)) if non_2xx else 0
    return result


def floor_compare(base: str, *, seconds: int, connections: int) -> dict:
    """The floor, the mix and a revalidated home page at 1 and ``connections`` clients, with ratios."""
    request = urllib.request.Request(base + "/", headers={"Accept-Language": "zh-Hans"})
    with urllib.request.urlopen(request, timeout=30) as response:
        etag = response.headers["ETag"]
        cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    runs = {"floor": {"WRK_PATH": "/bench/floor/"}, "mix": {}}
    if etag:  # a site without conditional GET has none to revalidate with
        runs["home_304"] = {"WRK_PATH": "/", "WRK_IF_NONE_MATCH": etag, "WRK_COOKIE": cookie}
    report: dict = {}
    for clients in (1, connections):
        figures = {
            name: wrk_run(base, seconds=seconds, connections=clients, **env) for name, env in runs.items()
        }
        floor = figures["floor"]
        for result in figures.values():
            result["rps_share_of_floor"] = round(result["rps"] / floor["rps"], 3)
        report[f"{clients}_clients"] = figures
    single, loaded = report["1_clients"]["mix"], report[f"{connections}_clients"]["mix"]
    report["mix_p95_loaded_over_single"] = round(loaded["p95_ms"] / single["p95_ms"], 1)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--restart-postgres-at", type=float)
    parser.add_argument("--floor", action="store_true", help="the mix beside a trivial view, 1 and N clients")
    parser.add_argument("--stop-broker", action="store_true", help="point uploads at a broker that is down")
    args = parser.parse_args()

    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-key-0123456789abcdef0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_ANON_RATE": "100000000/minute",
        "API_USER_RATE": "100000000/minute",
        "LOG_LEVEL": "WARNING",
        # The site's settings with the floor view routed (bench.floor).
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
    }
    if args.stop_broker:
        env["CELERY_BROKER_URL"] = "redis://127.0.0.1:9/0"  # nothing listens there
    prepare(env)
    manage(env, "collectstatic", "--noinput")
    if args.stop_broker:
        script = (
            "from django.contrib.auth.models import User, Permission;"
            "from sscatlas.tokens import token_issue;"
            "u, _ = User.objects.get_or_create(username='load-uploader');"
            "u.user_permissions.add(*Permission.objects.filter(codename='add_ingestrun'));"
            "print(token_issue(user=u))"
        )
        key = (
            subprocess.run(
                [str(BIN / "python"), "manage.py", "shell", "-c", script],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        os.environ["LOAD_TOKEN"] = key

    web = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "sscatlas.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            # A thread for every client: with fewer, a kept-alive connection can wait behind
            # others for seconds while the cores are busy (measured: 4 threads, 4 timeouts).
            "--threads",
            "16",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/v1/documents/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        if args.floor:
            print(
                json.dumps(floor_compare(base, seconds=args.seconds, connections=args.connections), indent=1)
            )
            return 0
        prober = Prober(base + "/api/v1/documents/")
        prober.start()
        marks: dict = {}
        if args.restart_postgres_at is not None:
            threading.Thread(
                target=restart_postgres_after, args=(args.restart_postgres_at, marks), daemon=True
            ).start()
        started = time.monotonic()
        result = wrk_run(base, seconds=args.seconds, connections=args.connections)
        prober.running = False
        result["connections"] = args.connections
        result["prober_failures"] = sum(1 for _, ok in prober.results if not ok)
        if "restart_done" in marks:
            after = [t for t, ok in prober.results if ok and t > marks["restart_done"]]
            result["postgres_restart_seconds"] = round(marks["restart_done"] - marks["restart_started"], 2)
            result["recovered_seconds_after_restart"] = (
                round(after[0] - marks["restart_done"], 2) if after else None
            )
            result["prober_failures_window_seconds"] = round(
                max((t for t, ok in prober.results if not ok), default=started) - marks["restart_started"], 2
            )
        if args.stop_broker:
            result["upload_status_with_broker_down"] = upload_status(base)
        print(json.dumps(result, indent=1))
        return 0
    finally:
        os.killpg(web.pid, signal.SIGTERM)
        web.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
