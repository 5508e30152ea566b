"""Schemathesis reads the API's OpenAPI schema and sends generated requests to every GET operation.

The application runs in this process (WSGI) on the test database with the bundled reports, and
no request may be answered with a server error, whatever the filters, ids and page numbers.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sscatlas.wsgi import application

# Loaded when the tests are collected: the schema view reads no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).include(method="GET")


@pytest.fixture(autouse=True)
def in_process_requests(bundled):
    # As Django's test client does: a request must not close the connection holding the test's
    # transaction when it finishes.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_get_operation_of_the_api_answers_with_a_server_error(case):
    cache.clear()  # the anonymous throttle would otherwise answer 429 to most examples
    case.call_and_validate(checks=[not_a_server_error])


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
