"""Uploads and ingest runs, run inline as the embedded default does."""

import datetime
import threading
import time
from io import StringIO
from pathlib import Path

import pytest
from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.test import override_settings
from django.utils import timezone
from rest_framework.test import APIClient

from ingest import runs as runs_module
from ingest import services
from ingest.errors import IngestError
from ingest.models import IngestRun
from ingest.runs import run_claim, run_create, run_execute
from ingest.tasks import ingest_run, runs_sweep
from initiatives.models import Document
from initiatives.reference.loading import reference_load
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


def failing_ingest(error: BaseException):
    def document_ingest(**kwargs):
        raise error

    return document_ingest


def test_a_run_that_raises_anything_ends_as_failed_with_a_readable_message(monkeypatch):
    monkeypatch.setattr("ingest.runs.document_ingest", failing_ingest(KeyError("paragraphs")))
    run = run_execute(run_id=run_create(data=NEWS, name="news.txt").pk)
    assert run.status == IngestRun.Status.FAILED
    assert run.finished_at is not None
    assert run.error.startswith("news.txt could not be ingested because of an internal error")
    assert "KeyError: 'paragraphs'" in run.error


def test_an_upload_whose_run_raises_anything_shows_a_finished_page_that_stops_refreshing(
    client, editor, monkeypatch
):
    monkeypatch.setattr("ingest.runs.document_ingest", failing_ingest(RuntimeError("boom")))
    client.force_login(editor)
    response = client.post("/upload/", {"file": upload()})
    page = client.get(response.url).content.decode()
    assert IngestRun.objects.get().status == IngestRun.Status.FAILED
    assert "internal error" in page and 'http-equiv="refresh"' not in page


def test_the_soft_time_limit_ends_the_run_as_failed_saying_how_long_it_took(monkeypatch, settings):
    monkeypatch.setattr("ingest.runs.document_ingest", failing_ingest(SoftTimeLimitExceeded()))
    run = run_create(data=NEWS, name="news.txt")
    assert ingest_run.apply(args=(run.pk,)).get() == IngestRun.Status.FAILED
    run.refresh_from_db()
    assert run.status == IngestRun.Status.FAILED
    assert (
        run.error
        == f"news.txt took longer than {settings.INGEST_TIME_LIMIT} s (INGEST_TIME_LIMIT) and was stopped"
    )


def test_the_task_stops_a_run_at_the_time_limit_of_the_settings(settings):
    assert ingest_run.soft_time_limit == settings.INGEST_TIME_LIMIT
    assert ingest_run.time_limit > ingest_run.soft_time_limit


# Committed: after a database error the run closes its connection, as a worker must.
@pytest.mark.django_db(transaction=True)
def test_a_database_error_on_the_last_attempt_fails_the_run_instead_of_leaving_it_queued(monkeypatch):
    monkeypatch.setattr(
        "ingest.runs.document_ingest", failing_ingest(OperationalError("server closed the connection"))
    )
    first = run_create(data=NEWS, name="news.txt")
    with pytest.raises(OperationalError):
        run_execute(run_id=first.pk, last_attempt=False)
    assert IngestRun.objects.get(pk=first.pk).status == IngestRun.Status.QUEUED
    run = run_execute(run_id=first.pk, last_attempt=True)
    assert run.status == IngestRun.Status.FAILED
    assert run.error == "the database could not be reached, even after retries: server closed the connection"


class Retried(Exception):
    pass


def test_a_redelivered_task_whose_run_looks_alive_retries_when_it_would_be_stale_and_takes_it_over(
    monkeypatch, settings
):
    countdowns = []

    def retry(**kwargs):
        countdowns.append(kwargs["countdown"])
        return Retried()

    monkeypatch.setattr(ingest_run, "retry", retry)
    run = run_create(data=NEWS, name="news.txt")
    assert run_claim(run_id=run.pk)  # the pool process that claimed it is then killed
    with pytest.raises(Retried):
        ingest_run.apply(args=(run.pk,), throw=True)
    assert settings.INGEST_STALE_SECONDS - 5 < countdowns[0] <= settings.INGEST_STALE_SECONDS + 1
    IngestRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(hours=1))
    assert ingest_run.apply(args=(run.pk,)).get() == IngestRun.Status.SUCCEEDED
    assert IngestRun.objects.get(pk=run.pk).attempts == 2


def test_a_task_for_a_finished_run_does_nothing_and_does_not_retry(monkeypatch):
    monkeypatch.setattr(ingest_run, "retry", lambda **kwargs: AssertionError("retried"))
    run = run_execute(run_id=run_create(data=NEWS, name="news.txt").pk)
    assert ingest_run.apply(args=(run.pk,)).get() == "claimed elsewhere"
    assert IngestRun.objects.get(pk=run.pk).attempts == 1


def stale_run(attempts: int = 1) -> IngestRun:
    run = run_create(data=NEWS, name="news.txt")
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    IngestRun.objects.filter(pk=run.pk).update(
        status=IngestRun.Status.RUNNING, heartbeat_at=an_hour_ago, started_at=an_hour_ago, attempts=attempts
    )
    return run


def test_reading_the_page_of_a_run_whose_process_died_ends_it_as_failed(client, editor):
    run = stale_run()
    client.force_login(editor)
    page = client.get(f"/runs/{run.pk}/").content.decode()
    run.refresh_from_db()
    assert run.status == IngestRun.Status.FAILED
    assert run.error.startswith("the process running it stopped: no sign of life since ")
    assert 'http-equiv="refresh"' not in page and "no sign of life" in page


def test_the_page_of_a_run_with_a_fresh_heartbeat_keeps_it_running(client, editor):
    run = run_create(data=NEWS, name="news.txt")
    run_claim(run_id=run.pk)
    client.force_login(editor)
    page = client.get(f"/runs/{run.pk}/").content.decode()
    assert IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.RUNNING
    assert 'http-equiv="refresh"' in page


@pytest.fixture
def broker(monkeypatch, settings):
    """A broker that records what is queued instead of sending it."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(ingest_run, "apply_async", lambda args, **kwargs: queued.append(args[0]))
    return queued


def test_the_sweep_queues_again_a_run_whose_worker_died_and_it_then_completes(broker):
    run = stale_run(attempts=1)
    fresh = run_create(data=NEWS, name="fresh.txt")
    run_claim(run_id=fresh.pk)
    assert runs_sweep() == 1
    assert broker == [run.pk]
    assert IngestRun.objects.get(pk=run.pk).status == IngestRun.Status.QUEUED
    assert IngestRun.objects.get(pk=fresh.pk).status == IngestRun.Status.RUNNING
    assert run_execute(run_id=run.pk).status == IngestRun.Status.SUCCEEDED


def test_the_sweep_fails_a_run_whose_worker_died_too_many_times(broker, settings):
    run = stale_run(attempts=settings.INGEST_MAX_ATTEMPTS)
    assert runs_sweep() == 0
    run.refresh_from_db()
    assert run.status == IngestRun.Status.FAILED
    assert f"stopped (started {settings.INGEST_MAX_ATTEMPTS} times): no sign of life since" in run.error


def test_celery_beat_runs_the_sweep_often_enough_to_notice_a_stale_run(settings):
    (entry,) = current_app.conf.beat_schedule.values()
    assert entry["task"] == runs_sweep.name == "ingest.tasks.runs_sweep"
    assert entry["schedule"] <= settings.INGEST_STALE_SECONDS


def test_a_message_is_delivered_again_after_a_few_times_the_longest_run_not_an_hour(settings):
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility == 3 * ingest_run.time_limit < 3600


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_beats_from_a_timer_while_one_long_step_runs(monkeypatch, settings):
    settings.INGEST_HEARTBEAT_SECONDS = 0.05
    seen = []

    def one_long_step(**kwargs):
        # Nothing reports progress here: only the timer can refresh the heartbeat.
        claimed = IngestRun.objects.get().heartbeat_at
        for _ in range(200):
            time.sleep(0.05)
            if (beat := IngestRun.objects.get().heartbeat_at) > claimed:
                seen.append(beat)
                break
        raise IngestError("news.txt: stopped by the test")

    monkeypatch.setattr("ingest.runs.document_ingest", one_long_step)
    run = run_execute(run_id=run_create(data=NEWS, name="news.txt").pk)
    assert seen, "the heartbeat did not move during the step"
    assert run.status == IngestRun.Status.FAILED


def test_the_language_and_date_of_an_upload_are_written_with_the_document(token_client):
    response = token_client.post(
        "/api/v1/ingest-runs/",
        {"file": upload(), "date": "2021-05-01", "language": "en", "symbol": "A/76/999"},
    )
    document = Document.objects.get(pk=response.json()["document"]["id"])
    assert (document.language, document.date, document.year, document.symbol) == (
        "en",
        datetime.date(2021, 5, 1),
        2021,
        "A/76/999",
    )


def test_ingest_runs_and_ingest_tasks_import_without_a_cycle():
    source = Path(runs_module.__file__).read_text(encoding="utf-8")
    assert "ingest.tasks" not in source


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database (SQLite locks the file)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_of_the_same_new_file_make_one_document_and_the_others_say_already_ingested(
    monkeypatch,
):
    reference_load()
    before = Document.objects.count()
    runs = [run_create(data=NEWS, name=f"news-{i}.txt") for i in range(6)]
    write = services._document_write
    together = threading.Barrier(len(runs), timeout=60)

    def write_together(**kwargs):
        # Every run has found no such document; now they all write it.
        together.wait()
        return write(**kwargs)

    monkeypatch.setattr(services, "_document_write", write_together)

    def execute(run_id):
        try:
            run_execute(run_id=run_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=execute, args=(run.pk,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    ended = list(IngestRun.objects.filter(pk__in=[run.pk for run in runs]))
    assert {run.status for run in ended} == {IngestRun.Status.SUCCEEDED}, [run.error for run in ended]
    assert len({run.document_id for run in ended}) == 1
    assert sorted(any("already ingested" in w for w in run.warnings) for run in ended) == [False] + [True] * 5
    assert Document.objects.count() == before + 1


def test_a_signed_in_user_without_the_view_permission_cannot_list_or_read_runs(client, editor):
    run = run_create(data=NEWS, name="news.txt", user=editor)
    outsider = APIClient()
    outsider.force_authenticate(User.objects.create_user("outsider"))

    assert outsider.get("/api/v1/ingest-runs/").status_code == 403
    assert outsider.get(f"/api/v1/ingest-runs/{run.pk}/").status_code == 403
    client.force_login(User.objects.get(username="outsider"))
    assert client.get(f"/runs/{run.pk}/").status_code == 403  # a page that says why


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
