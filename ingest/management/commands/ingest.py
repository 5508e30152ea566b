import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest.errors import IngestError
from ingest.reextraction import documents_reextract
from ingest.services import document_ingest


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
            help="run the extractors again over every stored paragraph, in batches; "
            "Ctrl-C stops it and the next --reextract resumes",
        )
        parser.add_argument(
            "--restart", action="store_true", help="with --reextract: start again from the first document"
        )

    def handle(self, *args, paths, symbol, reextract, restart, **options):
        if reextract:
            self.reextract(restart=restart)
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

    def reextract(self, *, restart: bool) -> None:
        stop = threading.Event()

        def ask_to_stop(signum, frame):
            stop.set()
            self.stderr.write("\nstopping after the current batch...")

        # Ctrl-C or a SIGTERM ends the batch under way, whose transaction then commits.
        previous = {sig: signal.signal(sig, ask_to_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            result = documents_reextract(
                restart=restart, progress=ProgressBar(self.stderr, "re-extracting"), should_stop=stop.is_set
            )
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if result.resumed_after:
            self.stdout.write(f"Resumed after the {result.resumed_after} paragraphs done before.")
        done = (
            f"{result.documents} documents: {result.paragraphs} paragraphs, {result.initiatives} initiatives"
        )
        if result.stopped:
            raise CommandError(
                f"re-extraction stopped when asked, after {result.resumed_after + result.paragraphs} of "
                f"{result.total} paragraphs; run ingest --reextract again to resume"
            )
        self.stdout.write(f"Re-extracted {done}.")
