"""Static files under production settings: collectstatic writes hashed names, pages link them, and
WhiteNoise serves them with a far-future immutable Cache-Control. Run in a process of its own with
DEBUG off, on a static folder of its own, as a deployment would."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEN_YEARS = 315360000

SERVE = """
import json
from django.templatetags.static import static
from django.test import Client
client = Client()
url = static("css/atlas.css")
hashed = client.get(url, secure=True)
plain = client.get("/static/css/atlas.css", secure=True)
print(json.dumps({"url": url, "hashed": [hashed.status_code, hashed["Cache-Control"]],
                  "plain": [plain.status_code, plain["Cache-Control"]]}))
"""


def _manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "STATIC_", "DEBUG", "DATABASE_URL"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(tmp_path_factory.mktemp("static")),
        DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('db') / 'unused.sqlite3'}",
    )
    _manage(env, "collectstatic", "--noinput")
    return json.loads(_manage(env, "shell", "-c", SERVE).stdout.strip().splitlines()[-1])


def test_production_pages_link_static_files_by_a_hashed_name(production):
    assert production["url"].startswith("/static/css/atlas.")
    assert production["url"] != "/static/css/atlas.css"
    assert len(production["url"].split(".")[-2]) == 12  # the content's hash


def test_a_hashed_static_file_is_cached_for_ten_years_as_immutable(production):
    status, cache_control = production["hashed"]
    assert status == 200
    assert f"max-age={TEN_YEARS}" in cache_control
    assert "immutable" in cache_control


def test_the_unhashed_name_is_cached_only_briefly(production):
    status, cache_control = production["plain"]
    assert status == 200
    assert "immutable" not in cache_control
