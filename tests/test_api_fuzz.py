"""Schemathesis reads the API's OpenAPI schema and sends generated requests to every GET operation.

The application runs in this process (WSGI) on the test database with the bundled reports. No
request may be answered with a server error, whatever the filters, ids and page numbers, and
every answer must be one the schema declares: its status code, content type, headers and body.
The ingest runs are read with the token of a user allowed to read them, with runs in every state.
"""

import pytest
import schemathesis
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ingest.models import IngestRun
from ingest.runs import run_create, run_execute
from sscatlas.tokens import token_issue
from sscatlas.wsgi import application
from tests.conftest import REPORT

# Loaded when the tests are collected: the schema view reads no database.
loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
# One include() with both criteria: chained include() calls select the union of their operations.
public_reads = loaded.include(method="GET").exclude(path_regex="ingest-runs")
run_reads = loaded.include(method="GET", path_regex="ingest-runs")


@pytest.fixture(autouse=True)
def in_process_requests(bundled):
    # As Django's test client does: a request must not close the connection holding the test's
    # transaction when it finishes.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@public_reads.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_to_a_get_operation_is_one_the_schema_declares(case):
    cache.clear()  # the anonymous throttle would otherwise answer 429 to most examples
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def run_reader_token():
    """A user who may read runs, and a run of each kind: queued (no seconds yet) and finished."""
    user = User.objects.create_user("run-reader")
    user.user_permissions.add(*Permission.objects.filter(codename="view_ingestrun"))
    IngestRun.objects.create(data=b"1. text", name="queued.txt")
    run_execute(run_id=run_create(data=REPORT.read_bytes(), name="report.txt").pk)
    return token_issue(user=user)


@run_reads.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_about_ingest_runs_is_one_the_schema_declares(case, run_reader_token):
    cache.clear()
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {run_reader_token}"})


# Requests the fuzz run has answered with a 5xx, kept so that they are tried on every run.
FOUND = [
    "/api/v1/initiatives/?theme=%25",
    "/api/v1/initiatives/?agency=a%25b",
    "/api/v1/initiatives/?document=100%25",
    "/api/v1/facets/?region=%25s",
    "/api/v1/initiatives/download.csv?country=%25",
]


@pytest.mark.parametrize("url", FOUND)
def test_a_request_the_fuzz_run_found_is_refused_without_a_server_error(client, bundled, url):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == 400, response.status_code
