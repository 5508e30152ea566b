"""Production settings, checked the way an operator would: ``manage.py check --deploy`` in a fresh process."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in (
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_SETTINGS_MODULE",
            "CACHE_URL",
        )
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    """``check --deploy`` failing on warnings, with production settings and ``env`` added."""
    return manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org",
        **env,
    )


def test_production_settings_pass_the_deploy_check_without_a_single_warning():
    result = deploy_check(CACHE_URL="redis://127.0.0.1:6379/4")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_turning_the_https_redirect_off_is_reported_by_the_deploy_check():
    result = deploy_check(SECURE_SSL_REDIRECT="false")

    assert result.returncode != 0
    assert "security.W008" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", "--deploy", DEBUG="false", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_secure_the_cookies_and_send_hsts_for_a_year():
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT, "
        "s.X_FRAME_OPTIONS, s.ALLOWED_HOSTS, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = manage(
        "shell",
        "-c",
        script,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="example.org,www.example.org",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "True True 31536000 True True True DENY ['example.org', 'www.example.org'] "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_a_cache_of_each_process_is_reported_by_the_deploy_check():
    result = deploy_check()

    assert result.returncode != 0
    assert "sscatlas.W001" in result.stderr
    assert "login limits and API throttles count once per process" in result.stderr
