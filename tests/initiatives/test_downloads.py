"""Bulk downloads: every filtered record as CSV or JSON Lines, streamed in chunks."""

import csv
import io
import json
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from initiatives import exports, search
from initiatives.models import Initiative, Paragraph

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(bundled):
    return APIClient()


def download(api, path, params=None) -> str:
    response = api.get(f"/api/v1/{path}", params or {})
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def documented_columns() -> list[str]:
    section = API_DOC.read_text(encoding="utf-8").split("Columns of `initiatives/download.csv`")[1]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)


def test_the_csv_has_one_row_per_initiative_with_the_documented_columns(api):
    rows = list(csv.DictReader(io.StringIO(download(api, "initiatives/download.csv"))))
    assert len(rows) == Initiative.objects.filter(is_active=True).count()
    assert list(rows[0]) == documented_columns()


def test_the_csv_names_entities_in_both_languages(api):
    rows = list(
        csv.DictReader(io.StringIO(download(api, "initiatives/download.csv", {"funding_min": 80_000_000})))
    )
    assert [row["title"] for row in rows] == ["非洲疫苗采购工作队倡议", "粮农组织-中国信托基金"]
    trust_fund = rows[1]
    assert trust_fund["citation"] == "A/76/403, para. 64"
    assert (
        trust_fund["agency_codes"].split("|")[
            trust_fund["agency_names_en"]
            .split("|")
            .index("Food and Agriculture Organization of the United Nations")
        ]
        == "FAO"
    )
    assert (
        "粮农组织" not in trust_fund["agency_names_en"]
        and "联合国粮食及农业组织" in trust_fund["agency_names_zh"]
    )
    assert trust_fund["funding_usd"] == "80000000.00"


def test_the_jsonl_holds_the_records_of_the_list_for_any_filter(api):
    params = {"region": "africa", "covid": "false"}
    lines = download(api, "initiatives/download.jsonl", params).splitlines()
    listed = api.get("/api/v1/initiatives/", {**params, "page_size": 1000}).json()
    assert [json.loads(line) for line in lines] == listed["results"]
    assert len(lines) == listed["count"] > 0


def test_paragraphs_download_as_well(api):
    lines = download(api, "paragraphs/download.jsonl", {"document": "A/RES/76/221"}).splitlines()
    assert len(lines) == Paragraph.objects.filter(document__symbol="A/RES/76/221").count()
    rows = list(
        csv.DictReader(io.StringIO(download(api, "paragraphs/download.csv", {"kind": "recommendation"})))
    )
    assert rows and {row["kind"] for row in rows} == {"recommendation"}


def test_amounts_are_decimals_in_csv_and_numbers_in_json_lines(api):
    params = {"document": "A/76/403", "has_funding": "true"}
    rows = list(csv.DictReader(io.StringIO(download(api, "paragraphs/download.csv", params))))
    lines = [json.loads(line) for line in download(api, "paragraphs/download.jsonl", params).splitlines()]

    assert "2000000000.00" in {amount for row in rows for amount in row["amounts_usd"].split("|")}
    assert 2000000000 in {a["amount_usd"] for line in lines for a in line["amounts"]}


def test_a_download_is_an_attachment_named_after_its_content(api):
    response = api.get("/api/v1/initiatives/download.jsonl")
    assert response["Content-Disposition"] == 'attachment; filename="initiatives.jsonl"'
    assert response["Content-Type"].startswith("application/x-ndjson")
    assert api.get("/api/v1/initiatives/download.csv")["Content-Type"] == "text/csv; charset=utf-8"


def test_a_bad_filter_value_gets_a_400_in_json_whatever_the_client_accepts(api):
    response = api.get("/api/v1/initiatives/download.csv", {"covid": "maybe"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400
    assert "true or false" in response.json()["covid"][0]


def test_an_unknown_format_is_not_found(api):
    assert api.get("/api/v1/initiatives/download.xlsx").status_code == 404


def test_records_are_read_one_chunk_at_a_time(api, monkeypatch):
    # With chunks of 10, the first rows of the file cost one chunk's queries,
    # and the whole file several chunks': the response never holds every record.
    monkeypatch.setattr(exports, "CHUNK_SIZE", 10)
    response = api.get("/api/v1/initiatives/download.jsonl")
    stream = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as first_chunk:
        first = [next(stream) for _ in range(10)]
    with CaptureQueriesContext(connection) as the_rest:
        rest = list(stream)
    assert len(first) + len(rest) == Initiative.objects.filter(is_active=True).count() > 40
    chunks = -(-(len(first) + len(rest)) // 10)
    per_chunk = len(first_chunk.captured_queries)
    assert 0 < per_chunk <= 8
    assert len(the_rest.captured_queries) >= (chunks - 1) * (per_chunk - 1)


def test_a_search_downloads_every_match_although_the_list_ranks_only_the_best(api, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 5)
    matching = search.matching(Initiative.objects.filter(is_active=True), "南南合作")
    lines = download(api, "initiatives/download.jsonl", {"q": "南南合作"}).splitlines()
    assert len(lines) == matching.count() > 5
    listed = api.get("/api/v1/initiatives/", {"q": "南南合作", "page_size": 1000}).json()
    assert len(listed["results"]) == 5 and listed["count_estimated"] is True
