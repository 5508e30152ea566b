"""Bulk downloads: every filtered record as CSV or JSON Lines, streamed in chunks."""

import csv
import io
import json
import re
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives import downloads, export_records, exports, search
from initiatives.models import Initiative, Paragraph

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def download(api, path, params=None) -> str:
    response = api.get(f"/api/v1/{path}", params or {})
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def jsonl_records(api, path, params=None) -> list[dict]:
    """The records of a JSON Lines download, checked against its end line and row count."""
    response = api.get(f"/api/v1/{path}", params or {})
    lines = b"".join(response.streaming_content).decode("utf-8").splitlines()
    *records, end = [json.loads(line) for line in lines]
    assert end == {"_end": {"rows": len(records)}}
    assert response["X-Row-Count"] == str(len(records))
    return records


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
    assert [row["title"] for row in rows] == [
        "非洲疫苗采购工作队倡议：购买疫苗",
        "粮农组织-中国信托基金：提供 8 000 万美元",
    ]
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
    records = jsonl_records(api, "initiatives/download.jsonl", params)
    listed = api.get("/api/v1/initiatives/", {**params, "page_size": 1000}).json()
    assert records == listed["results"]
    assert len(records) == listed["count"] > 0


def test_the_paragraphs_jsonl_holds_the_records_of_the_paragraph_list(api):
    records = jsonl_records(api, "paragraphs/download.jsonl", {"document": "A/76/403"})
    listed = api.get("/api/v1/paragraphs/", {"document": "A/76/403", "page_size": 1000}).json()
    assert records == listed["results"]
    assert any(record["initiatives"] and record["evidence"] and record["amounts"] for record in records)


def test_paragraphs_download_as_well(api):
    records = jsonl_records(api, "paragraphs/download.jsonl", {"document": "A/RES/76/221"})
    assert len(records) == Paragraph.objects.filter(document__symbol="A/RES/76/221").count()
    rows = list(
        csv.DictReader(io.StringIO(download(api, "paragraphs/download.csv", {"kind": "recommendation"})))
    )
    assert rows and {row["kind"] for row in rows} == {"recommendation"}


def test_amounts_are_decimals_in_csv_and_numbers_in_json_lines(api):
    params = {"document": "A/76/403", "has_funding": "true"}
    rows = list(csv.DictReader(io.StringIO(download(api, "paragraphs/download.csv", params))))
    lines = [json.loads(line) for line in download(api, "paragraphs/download.jsonl", params).splitlines()]

    assert "2000000000.00" in {amount for row in rows for amount in row["amounts_usd"].split("|")}
    assert 2000000000 in {a["amount_usd"] for line in lines if "_end" not in line for a in line["amounts"]}


def test_a_download_is_an_attachment_named_after_what_was_selected_and_the_day(api):
    today = timezone.localdate().isoformat()
    response = api.get("/api/v1/initiatives/download.jsonl")
    assert response["Content-Disposition"] == f'attachment; filename="initiatives_{today}.jsonl"'
    assert response["Content-Type"].startswith("application/x-ndjson")
    response = api.get("/api/v1/initiatives/download.csv?country=ETH&bom=1&agency=FAO,UNDP&sdg=")
    assert response["Content-Disposition"] == (
        f'attachment; filename="initiatives_country-ETH_agency-FAO-UNDP_{today}.csv"'
    )
    response = api.get("/api/v1/paragraphs/download.csv", {"q": "南南 合作/../x"})
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''"
        + "paragraphs_q-%E5%8D%97%E5%8D%97-%E5%90%88%E4%BD%9C-..-x_"
        + f"{today}.csv"
    )
    assert api.get("/api/v1/initiatives/download.csv")["Content-Type"] == "text/csv; charset=utf-8"


def test_a_bad_filter_value_gets_a_400_in_json_whatever_the_client_accepts(api):
    response = api.get("/api/v1/initiatives/download.csv", {"covid": "maybe"}, HTTP_ACCEPT="text/csv")
    assert response.status_code == 400
    assert "true or false" in response.json()["covid"][0]


def test_an_unknown_format_is_not_found(api):
    assert api.get("/api/v1/initiatives/download.xlsx").status_code == 404


@pytest.mark.parametrize(
    ("what", "per_chunk"),
    # Initiatives: their rows, six links and amounts. Paragraphs: also evidence, and the
    # active initiatives of the chunk with their six links and amounts.
    [("initiatives", 8), ("paragraphs", 17)],
)
def test_records_are_read_one_chunk_at_a_time_with_a_fixed_number_of_queries(
    api, monkeypatch, what, per_chunk
):
    monkeypatch.setattr(export_records, "CHUNK_SIZE", 10)
    response = api.get(f"/api/v1/{what}/download.jsonl")
    stream = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as queries:
        text = b"".join(stream).decode()
    rows = len(text.splitlines()) - 1
    assert rows == int(response["X-Row-Count"]) > 40
    chunks = -(-rows // 10)
    # Six queries read the entities once; the rest grows with chunks, never with rows.
    assert len(queries.captured_queries) <= 6 + chunks * per_chunk


def test_an_initiatives_download_never_reads_the_text_of_a_paragraph(api):
    with CaptureQueriesContext(connection) as queries:
        download(api, "initiatives/download.csv")
        download(api, "initiatives/download.jsonl")
    paragraph_text = f'"{Paragraph._meta.db_table}"."text"'
    # PostgreSQL reads the rows through a server-side cursor: DECLARE ... CURSOR FOR SELECT ...
    reads = [q["sql"] for q in queries.captured_queries if Paragraph._meta.db_table in q["sql"]]
    assert reads and not [sql for sql in reads if paragraph_text in sql]


def test_the_row_count_header_counts_the_rows_of_a_csv_file(api):
    response = api.get("/api/v1/initiatives/download.csv", {"country": "ETH"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["X-Row-Count"] == str(len(rows)) != "0"


def test_a_jsonl_file_cut_short_lacks_its_end_line(api, monkeypatch):
    # A stream that stops half-way (here: a failing read, as when a worker dies) ends
    # without the line that counts the records.
    real = export_records._initiative_chunk
    monkeypatch.setattr(export_records, "CHUNK_SIZE", 10)
    monkeypatch.setattr(exports, "LINES_PER_WRITE", 5)

    def failing_after_one_chunk(rows, entities, calls=[]):  # noqa: B006
        calls.append(1)
        if len(calls) > 1:
            raise ConnectionError("the connection dropped")
        return real(rows, entities)

    monkeypatch.setattr(export_records, "_CHUNKS", {"initiatives": failing_after_one_chunk})
    response = api.get("/api/v1/initiatives/download.jsonl")
    received = []
    with pytest.raises(ConnectionError):
        for part in response.streaming_content:
            received.append(part)
    lines = b"".join(received).decode().splitlines()
    assert len(lines) == 10 and all("_end" not in json.loads(line) for line in lines)
    assert int(response["X-Row-Count"]) > 10


def test_a_csv_starts_with_a_byte_order_mark_when_asked(api):
    with_bom = api.get("/api/v1/initiatives/download.csv", {"bom": "1", "country": "ETH"})
    body = b"".join(with_bom.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfid,citation,")
    without = b"".join(api.get("/api/v1/initiatives/download.csv", {"country": "ETH"}).streaming_content)
    assert without.startswith(b"id,citation,") and body[3:] == without
    assert list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))[0]["id"]


def test_a_bad_bom_value_gets_a_400_naming_the_accepted_values_in_both_languages(api):
    english = api.get("/api/v1/initiatives/download.csv", {"bom": "yes please"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json() == {"bom": ["Use 1 for a byte order mark, 0 or nothing for none."]}
    chinese = api.get("/api/v1/initiatives/download.csv", {"bom": "2"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.json() == {"bom": ["填 1 表示加字节顺序标记，填 0 或不填表示不加。"]}


@pytest.fixture
def formula_titles(bundled):
    """Titles an editor could type that a spreadsheet would run as formulas."""
    titles = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-2+3", "@SUM(A1:A2)", "\tTab"]
    initiatives = list(Initiative.objects.filter(is_active=True).order_by("position")[: len(titles)])
    for initiative, title in zip(initiatives, titles, strict=True):
        initiative.title = title
        initiative.save(update_fields=["title"])
    return {initiative.pk: title for initiative, title in zip(initiatives, titles, strict=True)}


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(api, formula_titles):
    downloaded = csv.DictReader(io.StringIO(download(api, "initiatives/download.csv")))
    output = io.StringIO()
    call_command("export", "--what", "initiatives", "--format", "csv", stdout=output)
    exported = csv.DictReader(io.StringIO(output.getvalue()))
    for rows in (downloaded, exported):
        titles = {int(row["id"]): row["title"] for row in rows if int(row["id"]) in formula_titles}
        assert titles == {pk: "'" + title for pk, title in formula_titles.items()}


def test_the_jsonl_keeps_formula_like_titles_as_they_are(api, formula_titles):
    records = jsonl_records(api, "initiatives/download.jsonl")
    assert {r["id"]: r["title"] for r in records if r["id"] in formula_titles} == formula_titles


@pytest.fixture
def one_slot(monkeypatch):
    monkeypatch.setattr(downloads, "SLOTS", threading.BoundedSemaphore(1))


def test_a_download_beyond_the_process_limit_is_refused_until_one_ends(api, one_slot):
    first = api.get("/api/v1/initiatives/download.jsonl")
    refused = api.get("/api/v1/paragraphs/download.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 503
    assert refused["Retry-After"] == "60"
    assert refused.json()["detail"] == "Too many downloads are running on this server; try again in a minute."
    assert "下载过多" in api.get("/api/v1/paragraphs/download.csv").json()["detail"]
    assert api.get("/api/v1/initiatives/").status_code == 200
    b"".join(first.streaming_content)  # the test client closes a response read to its end
    assert api.get("/api/v1/paragraphs/download.csv").status_code == 200


def test_a_download_dropped_unread_frees_its_slot(api, one_slot):
    response = api.get("/api/v1/initiatives/download.jsonl")
    assert response.status_code == 200
    del response
    assert api.get("/api/v1/initiatives/download.jsonl").status_code == 200


def test_a_search_downloads_every_match_although_the_list_ranks_only_the_best(api, monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 5)
    matching = search.matching(Initiative.objects.filter(is_active=True), "南南合作")
    records = jsonl_records(api, "initiatives/download.jsonl", {"q": "南南合作"})
    assert len(records) == matching.count() > 5
    listed = api.get("/api/v1/initiatives/", {"q": "南南合作", "page_size": 1000}).json()
    assert len(listed["results"]) == 5 and listed["count_estimated"] is True
