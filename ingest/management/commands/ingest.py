import contextlib
import signal
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.errors import IngestError
from ingest.reextraction import BATCH_PARAGRAPHS
from ingest.reextraction_batches import (
    batch_execute,
    batches_claimable,
    batches_recover,
    reextraction_progress,
    reextraction_start,
)
from ingest.services import document_ingest
from ingest.tasks import IngestUnavailable, batches_enqueue, reextraction_enqueue


class ProgressBar:
    """A one-line progress bar over paragraphs, written to standard error.

    Redrawing with a carriage return works only on a terminal; in a log file or a pipe each
    redraw would be a line of its own, so there it writes one line when the work is done.
    """

    def __init__(self, stream, label: str, width: int = 30):
        self.stream, self.label, self.width = stream, label, width
        self.interactive = stream.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.interactive:
            if done == total:
                self.stream.write(f"{self.label}: {total} paragraphs read")
            return
        filled = self.width * done // max(total, 1)
        bar = f"{'#' * filled}{'.' * (self.width - filled)}"
        # The command's OutputWrapper ends every write with a newline unless told otherwise.
        self.stream.write(
            f"\r{self.label} [{bar}] {done}/{total} paragraphs", ending="\n" if done == total else ""
        )
        self.stream.flush()


class Command(BaseCommand):
    help = "Ingest UN report files (.txt, .md) into documents, paragraphs and initiatives."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--symbol", help="UN symbol of the document, e.g. A/76/403 (one path only)")
        parser.add_argument(
            "--reextract",
            action="store_true",
            help="run the extractors again over every stored paragraph, in batches written by the Celery "
            "workers (in this process when CELERY_BROKER_URL is unset); Ctrl-C stops it and the next "
            "--reextract resumes",
        )
        parser.add_argument(
            "--restart", action="store_true", help="with --reextract: start again from the first paragraph"
        )
        parser.add_argument(
            "--batch",
            type=int,
            default=BATCH_PARAGRAPHS,
            help=f"with --reextract: paragraphs per batch, each written in one transaction (default {BATCH_PARAGRAPHS})",
        )

    def handle(self, *args, paths, symbol, reextract, restart, batch, **options):
        if reextract:
            if batch < 1:
                raise CommandError("--batch must be at least 1")
            self.reextract(restart=restart, batch=batch)
            return
        if not paths:
            raise CommandError("give at least one file to ingest, or --reextract")
        if symbol and len(paths) > 1:
            raise CommandError("--symbol names one document: give exactly one path with it")
        errors = []
        for path in paths:
            try:
                result = document_ingest(
                    path=path, symbol=symbol, progress=ProgressBar(self.stderr, path.name)
                )
            except IngestError as error:
                errors.append(str(error))
                continue
            if not result.created:
                self.stdout.write(f"{path.name}: unchanged, already ingested as {result.document}.")
                continue
            entities = ", ".join(f"{count} {kind}" for kind, count in result.entities.items())
            self.stdout.write(
                f"{path.name}: {result.document} ingested: {result.paragraphs} paragraphs, "
                f"{result.initiatives} initiatives; entities found: {entities}; {len(result.warnings)} warnings."
            )
            for warning in result.warnings:
                self.stdout.write(f"  warning: {warning}")
        if errors:
            raise CommandError("; ".join(errors))

    def reextract(self, *, restart: bool, batch: int) -> None:
        stop = threading.Event()

        def ask_to_stop(signum, frame):
            stop.set()
            self.stderr.write("\nstopping after the current batch...")

        reextraction, resumed = reextraction_start(restart=restart, batch=batch)
        before = reextraction_progress(reextraction=reextraction)
        if resumed:
            self.stdout.write(f"Resumed after the {before.paragraphs_done} paragraphs done before.")
        inline = settings.CELERY_TASK_ALWAYS_EAGER
        if not inline:
            try:
                queued = reextraction_enqueue(reextraction=reextraction)
            except IngestUnavailable as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"{queued} batches queued for the workers.")
        bar = ProgressBar(self.stderr, "re-extracting")
        # Ctrl-C or a SIGTERM ends the batch under way, whose transaction then commits.
        previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            progress = self.follow(reextraction, inline=inline, stop=stop, bar=bar)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        done = f"{progress.paragraphs_done} of {progress.paragraphs_total} paragraphs"
        if stop.is_set() and progress.batches_left:
            if inline:
                raise CommandError(
                    f"re-extraction stopped when asked, after {done}; run ingest --reextract again to resume"
                )
            raise CommandError(
                f"stopped following the re-extraction after {done}; the workers go on with the "
                f"{progress.batches_left} batches left; run ingest --reextract again to follow it"
            )
        if progress.batches_failed:
            raise CommandError(
                f"re-extraction wrote {done}, but {progress.batches_failed} batches failed, the first with: "
                f"{progress.error}; run ingest --reextract again to retry them"
            )
        self.stdout.write(
            f"Re-extracted {progress.paragraphs_total} paragraphs in {progress.batches_done} batches: "
            f"{progress.initiatives} initiatives."
        )

    def follow(self, reextraction, *, inline: bool, stop: threading.Event, bar: ProgressBar):
        """Execute the batches here (without a broker) or watch the workers do them, until none is left."""
        while True:
            if inline:
                for batch_id in batches_claimable(reextraction=reextraction):
                    if stop.is_set():
                        break
                    batch_execute(batch_id=batch_id)
                    progress = reextraction_progress(reextraction=reextraction)
                    bar(progress.paragraphs_done, progress.paragraphs_total)
            else:
                # Batches whose worker died go back to the queue.
                with contextlib.suppress(IngestUnavailable):
                    batches_enqueue(batch_ids=batches_recover(reextraction=reextraction))
            progress = reextraction_progress(reextraction=reextraction)
            bar(progress.paragraphs_done, progress.paragraphs_total)
            if not progress.batches_left or stop.is_set():
                return progress
            # Batches another process is writing: look again shortly.
            stop.wait(1.0)
