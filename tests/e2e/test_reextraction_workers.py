"""End to end: ``ingest --reextract`` by batches on two real Celery workers, one killed mid-run, then resumed."""

import re
import signal
import subprocess
import sys
import time

from ingest.models import Reextraction, ReextractionBatch
from ingest.services import document_ingest
from initiatives.models import Document, Initiative, Paragraph
from tests.e2e.test_worker import ROOT, environment, longer_report, pytestmark, stop, worker  # noqa: F401
from tests.ingest.test_writing import stored

Status = ReextractionBatch.Status


def reextract(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", "--reextract", "--batch", "20"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def batches_done() -> int:
    return ReextractionBatch.objects.filter(status=Status.DONE).count()


def test_two_workers_share_the_batches_and_a_rerun_after_a_worker_and_the_command_die_does_only_what_is_left(
    environment,  # noqa: F811 - the fixture imported above
    tmp_path,
):
    document_ingest(data=longer_report(copies=6), name="long-report.txt", symbol="LONG/1")
    long = Document.objects.get(symbol="LONG/1")
    report = Document.objects.get(symbol="A/76/403")
    before = (stored(report), stored(long), Initiative.objects.count())
    paragraphs = Paragraph.objects.count()
    first = worker(environment, tmp_path / "first.log")
    second = worker(environment, tmp_path / "second.log")
    try:
        command = reextract(environment, tmp_path / "command.log")
        deadline = time.monotonic() + 120
        while batches_done() < 4 and time.monotonic() < deadline:
            time.sleep(0.2)
        # Mid-run: one worker and the command following the run die at once.
        stop(first, signal.SIGKILL)
        stop(command, signal.SIGKILL)
        run = Reextraction.objects.get()
        assert run.finished_at is None
        written = dict(run.batches.filter(status=Status.DONE).values_list("pk", "finished_at"))
        assert 4 <= len(written) < run.batches.count(), (tmp_path / "command.log").read_text()

        rerun = subprocess.run(
            [sys.executable, "manage.py", "ingest", "--reextract", "--batch", "20"],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert rerun.returncode == 0, rerun.stderr + (tmp_path / "second.log").read_text()
        resumed = int(re.search(r"Resumed after the (\d+) paragraphs done before", rerun.stdout).group(1))
        # The surviving worker went on meanwhile.
        assert resumed >= sum(run.batches.filter(pk__in=written).values_list("paragraphs", flat=True))
        assert f"Re-extracted {paragraphs} paragraphs in {run.batches.count()} batches" in rerun.stdout
    finally:
        stop(first, signal.SIGKILL)
        stop(second)

    run.refresh_from_db()
    assert run.finished_at is not None
    assert not run.batches.exclude(status=Status.DONE).exists()
    # The batches written before were not written again; the one the killed worker held was taken over.
    assert dict(run.batches.filter(pk__in=written).values_list("pk", "finished_at")) == written
    assert set(run.batches.values_list("attempts", flat=True)) <= {1, 2}
    assert (stored(report), stored(long), Initiative.objects.count()) == before
    for log in ("first.log", "second.log"):
        assert (
            "ingest.tasks.reextract_batch" in (tmp_path / log).read_text()
            and "succeeded" in (tmp_path / log).read_text()
        ), log
