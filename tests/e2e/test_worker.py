"""End to end: gunicorn and real Celery workers on the machine's PostgreSQL and Redis.

The web and worker commands are the ones docker-compose.yml runs (see the Makefile's
``serve`` and ``worker`` targets).
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection

from ingest.models import IngestRun
from initiatives.models import Document
from sscatlas.tokens import token_issue
from tests.conftest import REPORT, load_bundled_data

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# Another database number when several people share the Redis server.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def redis_is_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="workers in other processes need a server database: runs in the PostgreSQL pass of CI",
    ),
    pytest.mark.skipif(not redis_is_up(), reason="needs the Redis server on 127.0.0.1:6379"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def environment(transactional_db):
    load_bundled_data()
    settings = connection.settings_dict
    database_url = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"
    queue = f"ingest-{uuid.uuid4().hex[:8]}"
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": "5",
        "INGEST_STALE_SECONDS": "4",
        "DEBUG": "false",
        "SECRET_KEY": "end-to-end-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }


def start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(timeout=30)


def worker(env: dict, log: Path, *options: str) -> subprocess.Popen:
    return start(
        [str(BIN / "celery"), "-A", "sscatlas", "worker", "--loglevel=info", "--concurrency=1", *options],
        env,
        log,
    )


@pytest.fixture
def web(environment, tmp_path):
    port = free_port()
    process = start(
        [str(BIN / "gunicorn"), "sscatlas.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        environment,
        tmp_path / "web.log",
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/v1/documents/", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    yield base
    stop(process)


@pytest.fixture
def token(transactional_db):
    user = User.objects.create_user("uploader")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_ingestrun", "view_ingestrun"]))
    return token_issue(user=user)


def request(url: str, token: str, *, data: bytes | None = None, content_type: str | None = None) -> dict:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    with urllib.request.urlopen(
        urllib.request.Request(url, data=data, headers=headers), timeout=30
    ) as response:
        return json.loads(response.read())


def upload(base: str, token: str, name: str, content: bytes) -> dict:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return request(
        base + "/api/v1/ingest-runs/",
        token,
        data=body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def wait_for(base: str, token: str, run_id: int, condition, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run = request(f"{base}/api/v1/ingest-runs/{run_id}/", token)
        if condition(run):
            return run
        time.sleep(0.3)
    raise AssertionError(f"run {run_id} did not get there in {seconds} s: {run}")


def longer_report(copies: int) -> bytes:
    """The bundled report with its numbered paragraphs repeated, renumbered, to make a slow new document."""
    text = REPORT.read_text(encoding="utf-8")
    head, body = text.split("一. 引言", 1)
    paragraphs = re.findall(r"^\d+\. .*$", body, flags=re.M)
    numbered = [f"{n}. {p.split('. ', 1)[1]}" for n, p in enumerate(paragraphs * copies, start=1)]
    return (head + "一. 引言\n\n" + "\n\n".join(numbered) + "\n").encode()


def test_an_upload_over_http_is_ingested_by_a_worker_and_found_through_the_api(
    environment, web, token, tmp_path
):
    process = worker(environment, tmp_path / "worker.log")
    try:
        content = "联合国粮食及农业组织(粮农组织)2022 年向肯尼亚提供了 300 万美元，用于小农户灌溉。\n\n该组织还培训了 500 名农民。\n"
        run = upload(web, token, "kenya.txt", content.encode())
        assert run["status"] == "queued"
        run = wait_for(web, token, run["id"], lambda r: r["status"] in ("succeeded", "failed"))
        assert run["status"] == "succeeded", (tmp_path / "worker.log").read_text()
        found = request(
            f"{web}/api/v1/initiatives/?country=KEN&agency=FAO&document={run['document']['id']}", token
        )
        assert found["count"] >= 1
        assert found["results"][0]["funding_usd"] == 3000000
    finally:
        stop(process)


def test_a_worker_killed_mid_run_leaves_the_run_to_another_that_completes_it_exactly_once(
    environment, web, token, tmp_path
):
    first = worker(environment, tmp_path / "first.log")
    second = None
    try:
        run = upload(web, token, "long-report.txt", longer_report(copies=6))
        wait_for(web, token, run["id"], lambda r: r["status"] == "running" and r["paragraphs_done"] > 0)
        stop(first, signal.SIGKILL)
        assert IngestRun.objects.get(pk=run["id"]).status == IngestRun.Status.RUNNING
        assert not Document.objects.filter(source_name="long-report.txt").exists()

        second = worker(environment, tmp_path / "second.log")
        run = wait_for(web, token, run["id"], lambda r: r["status"] in ("succeeded", "failed"), seconds=180)
        assert run["status"] == "succeeded", (tmp_path / "second.log").read_text()
        assert run["attempts"] == 2
        documents = Document.objects.filter(source_name="long-report.txt")
        assert documents.count() == 1
        assert documents.get().paragraphs.count() == 86 * 6
    finally:
        stop(first, signal.SIGKILL)
        if second:
            stop(second)


def pool_processes(process: subprocess.Popen) -> list[int]:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


def test_a_pool_process_killed_mid_run_is_redelivered_and_its_run_taken_over_once_its_heartbeat_is_stale(
    environment, web, token, tmp_path
):
    # Stale only well after the worker has replaced its pool process and received the task again.
    environment = {**environment, "INGEST_STALE_SECONDS": "20", "INGEST_HEARTBEAT_SECONDS": "1"}
    process = worker(environment, tmp_path / "worker.log")
    try:
        run = upload(web, token, "long-report.txt", longer_report(copies=6))
        wait_for(web, token, run["id"], lambda r: r["status"] == "running" and r["paragraphs_done"] > 0)
        (pool,) = pool_processes(process)
        os.kill(pool, signal.SIGKILL)
        # The worker hands the task back at once; the run still looks alive, so the task waits for it to go stale.
        run = wait_for(web, token, run["id"], lambda r: r["status"] in ("succeeded", "failed"), seconds=180)
        assert run["status"] == "succeeded", (tmp_path / "worker.log").read_text()
        assert run["attempts"] == 2
        assert Document.objects.filter(source_name="long-report.txt").count() == 1
    finally:
        stop(process)


def test_a_worker_killed_whole_is_recovered_by_the_sweep_long_before_the_visibility_timeout(
    environment, web, token, tmp_path
):
    environment = {**environment, "CELERY_VISIBILITY_TIMEOUT": "3600", "INGEST_SWEEP_SECONDS": "2"}
    first = worker(environment, tmp_path / "first.log")
    second = None
    try:
        run = upload(web, token, "long-report.txt", longer_report(copies=6))
        wait_for(web, token, run["id"], lambda r: r["status"] == "running" and r["paragraphs_done"] > 0)
        stop(first, signal.SIGKILL)
        # The message stays unacknowledged for an hour; the sweep of Celery beat queues the run again.
        second = worker(environment, tmp_path / "second.log", "--beat", f"--schedule={tmp_path / 'beat'}")
        run = wait_for(web, token, run["id"], lambda r: r["status"] in ("succeeded", "failed"), seconds=180)
        assert run["status"] == "succeeded", (tmp_path / "second.log").read_text()
        assert run["attempts"] == 2
        assert Document.objects.filter(source_name="long-report.txt").count() == 1
    finally:
        stop(first, signal.SIGKILL)
        if second:
            stop(second)
