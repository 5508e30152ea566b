"""Login limits and throttles count in one cache shared by every web process, and hold under concurrency.

The shipped set-ups run several gunicorn processes: docker-compose points them at Redis, and
``make serve`` at a cache table in the database. Concurrent guesses are counted before their
password is checked, so that no more than the limit are ever checked.
"""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from django.test import Client

from sscatlas.settings import cache_from_url, database_from_url

ROOT = Path(__file__).resolve().parent.parent
# A database of its own: the tests clear it.
REDIS_URL = os.environ.get("TEST_REDIS_CACHE_URL", "redis://127.0.0.1:6379/13")
GUESSES = 20


def concurrent_token_guesses(monkeypatch) -> tuple[int, list[int]]:
    """20 wrong passwords sent at once to the token endpoint: how many were checked, and the answers."""
    checked = []
    lock = threading.Lock()

    def slow_wrong_password(request, **credentials):
        with lock:
            checked.append(credentials["username"])
        time.sleep(0.2)  # keeps every guess in flight while the others arrive
        return None

    monkeypatch.setattr("sscatlas.auth_api.authenticate", slow_wrong_password)
    start = threading.Barrier(GUESSES)
    statuses = []

    def guess():
        client = Client()
        start.wait()
        response = client.post(
            "/api/v1/auth/token/", {"username": "curator", "password": "guess"}, REMOTE_ADDR="203.0.113.9"
        )
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess) for _ in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(checked), sorted(statuses)


@pytest.mark.services
def test_twenty_concurrent_guesses_against_redis_get_exactly_five_passwords_checked(settings, monkeypatch):
    settings.CACHES = {"default": cache_from_url(REDIS_URL)}
    from django.core.cache import cache

    cache.clear()
    try:
        checked, statuses = concurrent_token_guesses(monkeypatch)
    finally:
        cache.clear()

    assert checked == settings.LOGIN_FAILURE_LIMIT == 5
    assert statuses == [401] * 5 + [429] * 15


def test_twenty_concurrent_guesses_in_one_process_get_exactly_five_passwords_checked(monkeypatch):
    checked, statuses = concurrent_token_guesses(monkeypatch)

    assert checked == 5
    assert statuses == [401] * 5 + [429] * 15


COUNTING_SCRIPT = """
import threading
import django
django.setup()
from django.core.management import call_command
from sscatlas.security import login_attempt_allowed
call_command("createcachetable")
start = threading.Barrier(20)
allowed = []
def attempt():
    start.wait()
    allowed.append(login_attempt_allowed(username="curator", address="203.0.113.9"))
threads = [threading.Thread(target=attempt) for _ in range(20)]
[t.start() for t in threads]
[t.join() for t in threads]
print(allowed.count(True))
"""


def test_the_database_cache_counts_twenty_concurrent_attempts_exactly(tmp_path):
    # Threads of a separate process, each on its own connection to a SQLite file, as gunicorn
    # processes of `make serve` share var/sscatlas.sqlite3.
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sscatlas.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CACHE_URL": "dbcache://sscatlas_cache",
    }

    result = subprocess.run(
        [sys.executable, "-c", COUNTING_SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"


# The shipped configurations


def test_docker_compose_gives_every_process_the_redis_cache():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())

    url = compose["services"]["web"]["environment"]["CACHE_URL"]

    assert cache_from_url(url)["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert url.startswith("redis://redis:6379/")


def test_make_serve_makes_the_cache_table_and_gives_gunicorn_the_database_cache(tmp_path):
    for command in ("python", "gunicorn"):
        stub = tmp_path / command
        stub.write_text('#!/bin/sh\necho "$(basename "$0") $* CACHE_URL=$CACHE_URL"\n')
        stub.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}

    result = subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "serve", f"BIN={tmp_path}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    lines = result.stdout.splitlines()
    assert "python manage.py createcachetable CACHE_URL=dbcache://sscatlas_cache" in lines
    assert lines[-1].startswith("gunicorn sscatlas.wsgi")
    assert lines[-1].endswith("CACHE_URL=dbcache://sscatlas_cache")
    assert cache_from_url("dbcache://sscatlas_cache")["BACKEND"] == "sscatlas.cache.AtomicDatabaseCache"


def test_a_cache_url_of_an_unknown_kind_is_refused_with_a_message():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be"):
        cache_from_url("memcached://127.0.0.1:11211")


# DATABASE_URL


def test_the_options_of_a_database_url_reach_the_connection():
    database = database_from_url("postgres://atlas:s%40cret@db.example.org:6432/atlas?sslmode=require")

    assert database["OPTIONS"] == {"sslmode": "require"}
    assert (database["USER"], database["PASSWORD"], database["HOST"], database["PORT"]) == (
        "atlas",
        "s@cret",
        "db.example.org",
        6432,
    )
    assert database["CONN_HEALTH_CHECKS"] is True


def test_a_sqlite_url_puts_the_embedded_database_anywhere(tmp_path):
    absolute = database_from_url(f"sqlite:///{tmp_path / 'data' / 'atlas.sqlite3'}")
    relative = database_from_url("sqlite:///var/atlas.sqlite3")

    assert absolute["ENGINE"] == "django.db.backends.sqlite3"
    assert absolute["NAME"] == tmp_path / "data" / "atlas.sqlite3"
    assert (tmp_path / "data").is_dir()
    assert relative["NAME"] == ROOT / "var" / "atlas.sqlite3"


def test_a_database_url_of_another_kind_is_refused_with_a_message():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="postgres:// or sqlite:///"):
        database_from_url("mysql://atlas@db/atlas")


def test_a_site_on_a_sqlite_file_of_its_own_migrates_and_answers(tmp_path):
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}"}

    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere.sqlite3").stat().st_size > 0


# API throttles


def concurrent_anonymous_calls(*, calls: int, threads: int = 40) -> int:
    """How many of `calls` anonymous API calls from one address, made by `threads` at once, the throttle lets through."""
    from rest_framework.request import Request
    from rest_framework.settings import api_settings
    from rest_framework.test import APIRequestFactory

    throttle_class = api_settings.DEFAULT_THROTTLE_CLASSES[0]
    request = Request(APIRequestFactory().get("/api/v1/sdgs/", REMOTE_ADDR="203.0.113.9"))
    request.user  # noqa: B018 - resolves to the anonymous user before the threads share the request
    start = threading.Barrier(threads)
    allowed = []

    def call_many():
        start.wait()
        for _ in range(calls // threads):
            allowed.append(throttle_class().allow_request(request, view=None))

    workers = [threading.Thread(target=call_many) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return allowed.count(True)


@pytest.mark.services
def test_400_concurrent_anonymous_calls_against_redis_let_exactly_the_rate_through(settings):
    settings.CACHES = {"default": cache_from_url(REDIS_URL)}
    from django.core.cache import cache

    cache.clear()
    try:
        passed = concurrent_anonymous_calls(calls=400)
    finally:
        cache.clear()

    assert passed == 120


def test_400_concurrent_anonymous_calls_in_one_process_let_exactly_the_rate_through():
    assert concurrent_anonymous_calls(calls=400) == 120


def test_an_address_written_in_x_forwarded_for_does_not_escape_the_throttle(client, bundled):
    statuses = [
        client.get(
            "/api/v1/sdgs/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"10.0.{n // 250}.{n % 250}"
        )
        for n in range(121)
    ]

    assert [response.status_code for response in statuses[:120]] == [200] * 120
    assert statuses[120].status_code == 429
    assert int(statuses[120]["Retry-After"]) > 0


def test_the_database_cache_increments_in_place_and_keeps_the_window(settings, db):
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {"default": cache_from_url("dbcache://test_limits_cache")}
    call_command("createcachetable")  # inside the test's transaction: gone with it
    cache = caches["default"]
    cache.add("attempts", 0, timeout=60)

    def expiry():
        with connection.cursor() as cursor:
            cursor.execute("SELECT expires FROM test_limits_cache")
            return cursor.fetchone()[0]

    window = expiry()
    counts = [cache.incr("attempts") for _ in range(6)]

    assert counts == [1, 2, 3, 4, 5, 6] and cache.get("attempts") == 6
    assert cache.decr("attempts") == 5
    assert expiry() == window  # Django's own incr would move it to the default timeout
    with pytest.raises(ValueError):
        cache.incr("never-added")
    cache.add("expired", 0, timeout=-1)
    with pytest.raises(ValueError):
        cache.incr("expired")
