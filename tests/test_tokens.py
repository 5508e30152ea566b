"""API tokens: issued for a username and password, shown once, stored only as a digest, revocable."""

import importlib
import re
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from sscatlas.tokens import token_digest, token_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user("curator", password="right horse battery", is_staff=True)


def token_request(client, password: str, *, username: str = "curator"):
    return client.post(
        "/api/v1/auth/token/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7"
    )


def reads(client, key: str) -> int:
    return client.get("/api/v1/ingest-runs/", HTTP_AUTHORIZATION=f"Token {key}").status_code


def test_a_token_is_issued_for_the_right_password_and_works(client, curator):
    response = token_request(client, "right horse battery")

    assert response.status_code == 200
    assert response.json()["username"] == "curator"
    assert len(response.json()["token"]) == 40
    assert (
        client.get("/api/v1/documents/", HTTP_AUTHORIZATION=f"Token {response.json()['token']}").status_code
        == 200
    )


def test_the_database_holds_only_a_digest_that_does_not_authenticate(client, curator):
    key = token_request(client, "right horse battery").json()["token"]

    stored = Token.objects.get(user=curator).key

    assert stored != key
    assert stored == token_digest(key)
    assert reads(client, stored) == 401
    assert reads(client, key) == 403  # authenticated, without the view permission


def test_each_request_issues_a_new_token_and_the_previous_one_stops_working(client, curator):
    first = token_request(client, "right horse battery").json()["token"]
    second = token_request(client, "right horse battery").json()["token"]

    assert first != second
    assert reads(client, first) == 401
    assert reads(client, second) == 403
    assert Token.objects.filter(user=curator).count() == 1


@pytest.mark.parametrize("body", [{}, {"username": "curator"}, {"username": "curator", "password": "wrong"}])
def test_no_token_is_issued_without_the_right_credentials(client, curator, body):
    response = client.post("/api/v1/auth/token/", body)

    assert response.status_code == 401
    assert not Token.objects.exists()


def test_a_revoked_token_no_longer_authenticates(client, curator):
    key = token_request(client, "right horse battery").json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    assert client.get("/api/v1/documents/", **auth).status_code == 200

    assert client.delete("/api/v1/auth/token/", **auth).status_code == 204

    assert client.get("/api/v1/documents/", **auth).status_code == 401
    assert not Token.objects.exists()


def test_a_user_revokes_only_their_own_token(client, curator):
    token_issue(user=User.objects.create_user("other"))
    mine = token_issue(user=curator)

    response = client.delete("/api/v1/auth/token/", HTTP_AUTHORIZATION=f"Token {mine}")

    assert response.status_code == 204
    assert list(Token.objects.values_list("user__username", flat=True)) == ["other"]


def test_revoking_without_a_token_says_there_is_none(client, curator):
    client.force_login(curator)

    response = client.delete("/api/v1/auth/token/")

    assert response.status_code == 404


def test_an_anonymous_client_cannot_revoke_anything(client, curator):
    token_issue(user=curator)

    assert client.delete("/api/v1/auth/token/").status_code == 401
    assert Token.objects.count() == 1


def test_the_admin_shows_a_new_token_once_and_stores_its_digest(client, curator):
    client.force_login(User.objects.create_superuser("admin", password=None))

    page = client.post("/admin/authtoken/tokenproxy/add/", {"user": curator.pk}, follow=True)

    stored = Token.objects.get(user=curator).key
    shown = re.findall(r"\b[0-9a-f]{40}\b", page.content.decode())
    key = next(word for word in shown if token_digest(word) == stored)
    assert reads(client.__class__(), key) == 403
    listing = client.get("/admin/authtoken/tokenproxy/").content.decode()
    assert stored not in listing and key not in listing


def test_the_migration_hashes_the_tokens_stored_in_plain_text_and_they_keep_working(client, curator):
    plain = Token.objects.create(user=curator, key="0123456789abcdef0123456789abcdef01234567")
    migration = importlib.import_module("sscatlas.migrations.0001_api_tokens_hashed")

    migration.tokens_hash(django_apps, schema_editor=None)

    assert Token.objects.get(user=curator).key == token_digest(plain.key)
    assert reads(client, plain.key) == 403


def test_the_token_command_prints_a_key_that_works_and_stores_its_digest(client, curator):
    out = StringIO()

    call_command("drf_create_token", "curator", stdout=out)

    key = re.search(r"\b[0-9a-f]{40}\b", out.getvalue())[0]
    assert Token.objects.get(user=curator).key == token_digest(key)
    assert reads(client, key) == 403


def test_the_token_command_names_a_missing_user_in_one_line():
    with pytest.raises(CommandError, match="No user is named 'nobody'"):
        call_command("drf_create_token", "nobody")
