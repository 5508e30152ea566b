"""Uploads and ingest runs, run inline as the embedded default does."""

import datetime
from io import StringIO

import pytest
from celery import current_app
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from ingest.models import IngestRun
from ingest.runs import run_claim, run_create, run_execute
from initiatives.models import Document
from sscatlas.tokens import token_issue
from tests.conftest import REPORT

pytestmark = pytest.mark.django_db

NEWS = (
    "开发署支持埃塞俄比亚的太阳能项目\n\n"
    "联合国开发计划署(开发署)2021 年与埃塞俄比亚合作，提供了 200 万美元，用于农村太阳能发电。\n"
).encode()


@pytest.fixture
def editor():
    user = User.objects.create_user("editor", password="pw-editor-1")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_ingestrun", "view_ingestrun"]))
    return user


@pytest.fixture
def token_client(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=editor)}")
    return client


def upload(name="news.txt", content=NEWS):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_an_upload_through_the_api_is_ingested_and_its_initiatives_can_be_found(token_client):
    response = token_client.post("/api/v1/ingest-runs/", {"file": upload(), "date": "2021-05-01"})
    assert response.status_code == 202, response.content
    run = response.json()
    assert run["status"] == "succeeded"
    assert run["paragraphs_done"] == run["paragraphs_total"] == 2
    document = Document.objects.get(pk=run["document"]["id"])
    assert document.date == datetime.date(2021, 5, 1)
    found = token_client.get("/api/v1/initiatives/", {"document": document.pk, "country": "ETH"}).json()
    assert found["count"] >= 1


def test_uploading_a_report_already_ingested_creates_no_second_document(token_client):
    before = Document.objects.count()
    run = token_client.post("/api/v1/ingest-runs/", {"file": upload("again.txt", REPORT.read_bytes())}).json()
    assert run["status"] == "succeeded"
    assert run["document"]["symbol"] == "A/76/403"
    assert any("already ingested" in warning for warning in run["warnings"])
    assert Document.objects.count() == before


def test_a_bad_file_fails_its_run_with_a_clear_message_and_no_data(token_client):
    before = Document.objects.count()
    run = token_client.post("/api/v1/ingest-runs/", {"file": upload("blank.txt", b"   \n")}).json()
    assert run["status"] == "failed"
    assert "blank.txt" in run["error"] and "whitespace" in run["error"]
    assert Document.objects.count() == before


def test_a_file_of_another_type_is_refused_before_a_run_is_created(token_client):
    response = token_client.post("/api/v1/ingest-runs/", {"file": upload("photo.png", b"\x89PNG")})
    assert response.status_code == 400
    assert ".pdf" in response.json()["file"][0]
    assert not IngestRun.objects.exists()


@override_settings(MAX_UPLOAD_BYTES=100)
def test_an_upload_over_the_size_limit_is_refused_with_the_limit_named(token_client):
    response = token_client.post("/api/v1/ingest-runs/", {"file": upload("big.txt", NEWS * 10)})
    assert response.status_code == 400
    assert "more than the limit of 100 bytes" in response.json()["file"][0]
    assert not IngestRun.objects.exists()


def test_anonymous_clients_and_users_without_permission_cannot_upload(editor):
    anonymous = APIClient().post("/api/v1/ingest-runs/", {"file": upload()})
    assert anonymous.status_code == 401
    outsider = APIClient()
    outsider.force_authenticate(User.objects.create_user("outsider"))
    assert outsider.post("/api/v1/ingest-runs/", {"file": upload()}).status_code == 403
    assert not IngestRun.objects.exists()


def test_the_upload_page_is_for_editors_only_and_leads_to_the_run_page(client, editor):
    assert client.get("/upload/").status_code == 302
    client.force_login(editor)
    assert client.get("/upload/").status_code == 200
    response = client.post("/upload/", {"file": upload()})
    run = IngestRun.objects.get()
    assert response.status_code == 302 and response.url == f"/runs/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert run.get_status_display() in page and "2 / 2" in page


@override_settings(CELERY_TASK_ALWAYS_EAGER=False)
def test_when_the_broker_is_down_an_upload_says_so_and_the_site_keeps_working(
    token_client, client, editor, monkeypatch
):
    monkeypatch.setattr(current_app.conf, "broker_url", "redis://127.0.0.1:9/0")
    response = token_client.post("/api/v1/ingest-runs/", {"file": upload()})
    assert response.status_code == 503
    assert "unavailable" in response.json()["detail"]
    assert IngestRun.objects.get().status == IngestRun.Status.FAILED
    client.force_login(editor)
    page = client.post("/upload/", {"file": upload()}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 503
    assert "unavailable" in page.content.decode().lower()
    assert client.get("/").status_code == 200
    assert token_client.get("/api/v1/initiatives/").status_code == 200


def test_a_run_is_claimed_once_and_a_stale_one_can_be_taken_over():
    run = run_create(data=NEWS, name="news.txt")
    assert run_claim(run_id=run.pk) is True
    assert run_claim(run_id=run.pk) is False
    assert run_execute(run_id=run.pk) is None
    IngestRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    finished = run_execute(run_id=run.pk)
    assert finished.status == IngestRun.Status.SUCCEEDED
    assert finished.attempts == 2


def test_a_signed_in_user_without_the_view_permission_cannot_list_or_read_runs(client, editor):
    run = run_create(data=NEWS, name="news.txt", user=editor)
    outsider = APIClient()
    outsider.force_authenticate(User.objects.create_user("outsider"))

    assert outsider.get("/api/v1/ingest-runs/").status_code == 403
    assert outsider.get(f"/api/v1/ingest-runs/{run.pk}/").status_code == 403
    client.force_login(User.objects.get(username="outsider"))
    assert client.get(f"/runs/{run.pk}/").status_code == 302  # to the login page, like the admin


def test_a_user_with_the_view_permission_lists_the_runs(token_client, editor):
    run = run_create(data=NEWS, name="news.txt", user=editor)

    response = token_client.get("/api/v1/ingest-runs/")

    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [run.pk]


def test_the_editors_group_uploads_and_follows_its_runs_on_the_page_and_through_the_api(client):
    call_command("setup_editors", stdout=StringIO())
    user = User.objects.create_user("mei")
    user.groups.add(Group.objects.get(name="Editors"))
    api = APIClient()
    api.force_authenticate(user)

    created = api.post("/api/v1/ingest-runs/", {"file": upload()})

    assert created.status_code == 202
    assert api.get("/api/v1/ingest-runs/").json()[0]["id"] == created.json()["id"]
    client.force_login(user)
    assert client.get("/upload/").status_code == 200
    assert client.get(f"/runs/{created.json()['id']}/").status_code == 200
