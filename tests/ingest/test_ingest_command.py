"""The ingest and export commands over the real bundled reports."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from ingest import services
from ingest.services import document_ingest
from initiatives.models import Agency, Amount, Document, Evidence, Initiative, Paragraph
from initiatives.reference.loading import reference_load
from tests.conftest import REPORT, RESOLUTION, to_traditional

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def database_counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Document, Paragraph, Initiative, Amount, Evidence, Agency)
    }


def run(*args) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue()


def test_the_bundled_report_is_stored_with_its_symbol_and_86_paragraphs(bundled):
    report = bundled["A/76/403"]
    assert report.kind == Document.Kind.REPORT
    assert report.title == "南南合作情况"
    assert report.session == "第七十六届会议"
    assert report.paragraphs.exclude(number=None).count() == 86
    assert report.source_name == REPORT.name


def test_the_resolution_takes_its_symbol_and_date_from_its_text(bundled):
    resolution = bundled["A/RES/76/221"]
    assert resolution.kind == Document.Kind.RESOLUTION
    assert str(resolution.date) == "2021-12-17"
    assert list(resolution.paragraphs.exclude(number=None).values_list("number", flat=True)) == list(
        range(1, 8)
    )


def test_ingesting_the_same_file_again_changes_nothing_and_says_so(bundled):
    before = database_counts()
    output = run("ingest", str(REPORT))
    assert "unchanged, already ingested as A/76/403" in output
    assert database_counts() == before


def test_the_same_content_in_another_encoding_is_recognised_as_already_ingested(bundled, tmp_path):
    utf16 = tmp_path / "report-utf16.txt"
    utf16.write_bytes(REPORT.read_text(encoding="utf-8").encode("utf-16"))
    before = database_counts()
    assert "already ingested" in run("ingest", str(utf16))
    assert database_counts() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "whitespace"),
        (bytes(range(256)) * 8, "binary"),
        (b"\x81\x30" * 3 + b"\xff\xfe\xfd" * 50, ""),
    ],
    ids=["empty", "whitespace", "binary", "undecodable"],
)
def test_bad_input_gives_one_clear_error_and_leaves_the_database_as_it_was(
    bundled, tmp_path, content, message
):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = database_counts()
    with pytest.raises(CommandError) as raised:
        run("ingest", str(path))
    assert "bad.txt" in str(raised.value)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert database_counts() == before


def test_a_missing_file_is_reported_by_name(bundled, tmp_path):
    before = database_counts()
    with pytest.raises(CommandError, match="nowhere.txt"):
        run("ingest", str(tmp_path / "nowhere.txt"))
    assert database_counts() == before


def test_a_file_without_recognisable_paragraphs_is_refused(bundled, tmp_path):
    path = tmp_path / "noise.txt"
    path.write_text("联合国\n\nA/76/403\n", encoding="utf-8")
    before = database_counts()
    with pytest.raises(CommandError, match="paragraph"):
        run("ingest", str(path))
    assert database_counts() == before


def test_a_news_article_without_numbered_paragraphs_is_split_at_blank_lines(bundled, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(
        "开发署支持埃塞俄比亚的太阳能项目\n\n"
        "联合国开发计划署(开发署)2021 年与埃塞俄比亚合作，提供了 200 万美元，用于农村太阳能发电。\n\n"
        "该项目惠及 3 000 户家庭。\n",
        encoding="utf-8",
    )
    run("ingest", str(path))
    document = Document.objects.get(source_name="news.txt")
    assert document.kind == Document.Kind.TEXT
    assert document.paragraphs.count() >= 2
    assert document.paragraphs.filter(agencies__code="UNDP", countries__iso3="ETH").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


NEWS = (
    "开发署支持埃塞俄比亚的太阳能项目\n\n"
    "联合国开发计划署(开发署)2021 年与埃塞俄比亚合作，提供了 200 万美元，用于农村太阳能发电。\n\n"
    "该项目惠及 3 000 户家庭。\n"
)


def test_progress_written_to_a_file_or_pipe_is_one_summary_line(bundled, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    err = io.StringIO()
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=err)
    paragraphs = Document.objects.get(source_name="news.txt").paragraphs.count()
    assert err.getvalue() == f"news.txt: {paragraphs} paragraphs read\n"


def test_progress_on_a_terminal_redraws_one_line_and_ends_it_once(bundled, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    err = Terminal()
    call_command("ingest", str(path), stdout=io.StringIO(), stderr=err)
    paragraphs = Document.objects.get(source_name="news.txt").paragraphs.count()
    assert err.getvalue().count("\r") == paragraphs
    assert err.getvalue().count("\n") == 1
    assert err.getvalue().endswith(f"{paragraphs}/{paragraphs} paragraphs\n")


def test_the_summary_counts_the_agencies_countries_regions_and_programmes_the_text_names(bundled, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    out = run("ingest", str(path))
    # One agency and one country; goals and themes are inferred from words, not named.
    assert "entities found: 1 agencies, 1 countries, 0 regions, 0 programmes;" in out


def test_symbol_goes_with_a_single_path_only(bundled):
    with pytest.raises(CommandError, match="one path"):
        run("ingest", "--symbol", "A/76/403", str(REPORT), str(RESOLUTION))


def test_reextract_refreshes_machine_values_and_keeps_the_counts(bundled):
    before = database_counts()
    output = run("ingest", "--reextract")
    paragraphs = Paragraph.objects.count()
    assert (
        f"Re-extracted {paragraphs} paragraphs in 2 batches: {Initiative.objects.count()} initiatives."
        in output
    )
    assert database_counts() == before


def test_export_writes_every_initiative_as_json_lines_with_its_citation(bundled):
    lines = run("export", "--what", "initiatives", "--format", "jsonl").splitlines()
    assert len(lines) == Initiative.objects.count() > 20
    records = [json.loads(line) for line in lines]
    ethiopia = [r for r in records if r["document"]["symbol"] == "A/76/403" and r["paragraph_number"] == 32]
    assert ethiopia and ethiopia[0]["citation"] == "A/76/403, para. 32"
    assert {c["iso3"] for c in ethiopia[0]["countries"]} == {"CHN", "ETH", "LKA"}
    assert {a["code"] for a in ethiopia[0]["agencies"]} == {"UNDP"}


def test_export_writes_paragraphs_with_the_documented_fields(bundled):
    lines = run("export", "--what", "paragraphs", "--format", "jsonl").splitlines()
    record = next(json.loads(line) for line in lines if json.loads(line)["citation"] == "A/76/403, para. 64")
    for key in ("document", "number", "order", "section", "kind", "text", "agencies", "countries", "regions"):
        assert key in record
    for key in (
        "amounts",
        "covid",
        "climate",
        "sdgs",
        "sdgs_cited",
        "themes",
        "modality",
        "years",
        "initiatives",
    ):
        assert key in record
    assert record["document"] == {
        "id": record["document"]["id"],
        "symbol": "A/76/403",
        "title": "南南合作情况",
        "language": "zh",
        "year": 2021,
    }
    usd = sorted(a["amount_usd"] for a in record["amounts"])
    assert usd == [50000000, 80000000]
    assert {a["code"] for a in record["agencies"]} >= {"FAO"}


def test_export_as_csv_has_one_row_per_initiative_with_names_in_both_languages(bundled):
    rows = list(csv.DictReader(io.StringIO(run("export", "--what", "initiatives", "--format", "csv"))))
    assert len(rows) == Initiative.objects.count()
    row = next(r for r in rows if r["citation"] == "A/76/403, para. 32")
    assert row["country_names_zh"].split("|") and "埃塞俄比亚" in row["country_names_zh"]
    assert "Ethiopia" in row["country_names_en"]


def test_a_traditional_chinese_report_is_extracted_in_simplified_and_keeps_its_original(bundled, tmp_path):
    traditional = to_traditional(
        "联合国开发计划署(开发署)与埃塞俄比亚合作，提供了 300 万美元，用于太阳能项目。\n\n该项目惠及农民。\n"
    )
    path = tmp_path / "traditional.txt"
    path.write_text(traditional, encoding="utf-8")
    run("ingest", str(path))
    document = Document.objects.get(source_name="traditional.txt")
    assert document.language == "zh-Hant"
    assert document.original_text == traditional
    assert "开发署" in document.paragraphs.first().text
    assert document.paragraphs.filter(agencies__code="UNDP", countries__iso3="ETH").exists()


NEWS = "开发署支持埃塞俄比亚的太阳能项目\n\n联合国开发计划署(开发署)2021 年与埃塞俄比亚合作，提供了 200 万美元。\n"


def test_a_second_text_under_a_symbol_already_taken_in_its_language_is_refused(bundled, tmp_path):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    before = database_counts()
    with pytest.raises(CommandError) as error:
        run("ingest", "--symbol", "a/76/403", str(path))
    report = bundled["A/76/403"]
    assert str(error.value) == (
        f"news.txt: a/76/403 in zh is already document {report.pk} ({REPORT.name}) with other content; "
        "a symbol and language name one document: give this text another symbol, or delete that document first"
    )
    assert database_counts() == before


def test_the_document_filter_keeps_naming_the_report_after_another_language_version_is_ingested(
    bundled, tmp_path, client
):
    report = bundled["A/76/403"]
    initiatives = Initiative.objects.filter(paragraph__document=report).count()
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    english = document_ingest(path=path, symbol="A/76/403", language="en").document
    assert (english.symbol, english.language) == ("A/76/403", "en")
    found = client.get("/api/v1/initiatives/", {"document": "A/76/403", "page_size": 1}).json()
    # The symbol names the report in all its versions: each initiative once, those read in the
    # English text alone added (ingest.alignment).
    english_alone = Initiative.objects.filter(paragraph__document=english, is_active=True).count()
    assert found["count"] == initiatives + english_alone


def test_the_database_refuses_a_second_document_under_a_symbol_and_language_whatever_the_case(bundled):
    report = bundled["A/76/403"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(
            title="x", symbol="a/76/403", language=report.language, content_hash="0" * 64, source_name="x.txt"
        )
    Document.objects.create(title="y", symbol="", language="zh", content_hash="1" * 64, source_name="y.txt")
    Document.objects.create(title="z", symbol="", language="zh", content_hash="2" * 64, source_name="z.txt")


def test_whoever_loses_the_race_to_write_the_same_new_file_says_already_ingested(
    bundled, tmp_path, monkeypatch
):
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    extract = services.extract_document
    raced = []

    def extract_then_lose_the_race(*args, **kwargs):
        extractions = extract(*args, **kwargs)
        if not raced:
            # Another process writes the same file between this one's check and its write.
            raced.append(None)
            raced[0] = document_ingest(path=path, name="winner.txt")
        return extractions

    monkeypatch.setattr(services, "extract_document", extract_then_lose_the_race)
    before = Document.objects.count()
    output = run("ingest", str(path))
    assert raced[0].created
    assert output == f"news.txt: unchanged, already ingested as {raced[0].document}.\n"
    assert Document.objects.count() == before + 1


def postgres_url() -> str:
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


@pytest.mark.services
@pytest.mark.skipif(connection.vendor != "postgresql", reason="other processes need a server database")
@pytest.mark.django_db(transaction=True)
def test_four_concurrent_ingest_commands_of_the_same_new_file_write_it_once_without_a_traceback(tmp_path):
    reference_load()
    before = Document.objects.count()
    path = tmp_path / "report.txt"
    path.write_text("新文件\n" + REPORT.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "DATABASE_URL": postgres_url(), "CELERY_BROKER_URL": ""}
    command = [sys.executable, "manage.py", "ingest", str(path)]
    processes = [
        subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [(process.wait(timeout=300), *process.communicate()) for process in processes]
    assert [code for code, _, _ in outputs] == [0, 0, 0, 0], outputs
    assert not any("Traceback" in err for _, _, err in outputs)
    said = sorted("unchanged, already ingested" in out for _, out, _ in outputs)
    assert said == [False, True, True, True], outputs
    assert Document.objects.count() == before + 1
