"""The OpenAPI schema: it validates with no warning, documents every parameter, and every path in it answers."""

import re
from io import StringIO

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from initiatives.models import Document, Initiative, Paragraph


@pytest.fixture(scope="module")
def schema() -> dict:
    out = StringIO()
    # --fail-on-warn turns any generation warning into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    return yaml.safe_load(out.getvalue())


RESOURCES = ["documents", "paragraphs", "initiatives", "agencies", "countries", "regions", "sdgs", "themes"]


def operations(schema):
    """The operations of the knowledge base's read API (ingestion documents its own endpoints)."""
    for path, methods in schema["paths"].items():
        if path.split("/")[3] in [*RESOURCES, "facets"]:
            yield from ((path, method, operation) for method, operation in methods.items())


def test_the_schema_validates_and_covers_every_resource(schema):
    paths = set(schema["paths"])
    for resource in [
        "documents",
        "paragraphs",
        "initiatives",
        "agencies",
        "countries",
        "regions",
        "sdgs",
        "themes",
    ]:
        assert f"/api/v1/{resource}/" in paths
    assert {"/api/v1/facets/", "/api/v1/initiatives/download.{file_format}"} <= paths


def test_every_parameter_has_a_description_and_an_example(schema):
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            where = f"{method} {path} {parameter['name']}"
            assert parameter.get("description"), where
            assert "example" in parameter or parameter.get("examples"), where


def test_the_filters_of_the_initiatives_are_all_documented(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/initiatives/"]["get"]["parameters"]}
    assert names >= {
        "q", "agency", "country", "region", "sdg", "theme", "covid", "climate", "modality", "year_min",
        "year_max", "funding_min", "funding_max", "has_funding", "document", "kind", "ordering", "page", "page_size",
    }  # fmt: skip


def test_every_get_path_answers(schema, bundled):
    ids = {
        "documents": Document.objects.first().pk,
        "paragraphs": Paragraph.objects.first().pk,
        "initiatives": Initiative.objects.first().pk,
    }
    api = APIClient()
    for path, method, operation in operations(schema):
        if method != "get":
            continue
        examples = {
            p["name"]: p.get("example", next(iter(p.get("examples", {}).values()), {}).get("value"))
            for p in operation.get("parameters", [])
            if p["in"] == "path"
        }
        # Integer ids differ between databases: use ones that exist.
        url = path.format_map({**examples, "id": ids.get(path.split("/")[3])})
        response = api.get(url)
        assert response.status_code == 200, (url, response.status_code)


def test_the_interactive_docs_are_served_from_the_site_own_files(bundled):
    api = APIClient()
    for page in ["/api/v1/docs/", "/api/v1/redoc/"]:
        html = api.get(page).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html, page
        assert "cdn" not in html.lower(), page
        for asset in re.findall(r"/static/(drf_spectacular_sidecar/[^\"']+)", html):
            assert finders.find(asset), asset
    assert api.get("/api/v1/schema/").status_code == 200


def test_reads_open_to_anyone_carry_no_lock_and_writes_do(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            needs_credentials = method != "get" or path.startswith("/api/v1/ingest-runs/")
            if (path, method) == ("/api/v1/auth/token/", "post"):
                needs_credentials = False  # where credentials are exchanged for a token
            assert bool(operation.get("security")) == needs_credentials, (method, path)
    assert "security" not in schema
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])


def test_amounts_are_numbers_in_the_schema(schema):
    components = schema["components"]["schemas"]

    for component, field in [
        ("Initiative", "funding_usd"),
        ("Amount", "amount_usd"),
        ("Agency", "funding_usd"),
    ]:
        assert components[component]["properties"][field]["type"] == "number", (component, field)


def test_every_operation_declares_the_errors_it_can_answer(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"400", "429"} <= codes, (method, path)
            paged = any(p["name"] == "page" for p in operation.get("parameters", []))
            if "{" in path or paged:
                assert "404" in codes, (method, path)
            if operation.get("security"):
                assert {"401", "403"} <= codes, (method, path)
    assert "404" in schema["paths"]["/api/v1/initiatives/"]["get"]["responses"]
    assert "503" in schema["paths"]["/api/v1/ingest-runs/"]["post"]["responses"]


def test_the_fields_that_can_be_null_say_so(schema):
    components = schema["components"]["schemas"]

    assert components["Region"]["properties"]["parent"]["nullable"] is True
    assert components["IngestRun"]["properties"]["seconds"]["nullable"] is True
