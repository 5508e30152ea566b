"""The size limits on documents, read from the Django settings with safe defaults.

Without configured settings (a script using the readers alone) the defaults apply.
"""

from dataclasses import dataclass

from django.conf import settings

from ingest.errors import IngestError

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PDF_PAGES = 500
DEFAULT_PARSE_MEMORY_BYTES = 1024 * 1024 * 1024
DEFAULT_PARSE_CPU_SECONDS = 60
DEFAULT_PARSE_MAX_CHARS = 10_000_000
# The limit is set in these megabytes (50 * 1024 * 1024), so sizes are shown in them too.
_MEGABYTE = 1024 * 1024


def max_upload_bytes() -> int:
    if not settings.configured:
        return DEFAULT_MAX_UPLOAD_BYTES
    return getattr(settings, "MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def refuse_oversized(*, size: int, name: str) -> None:
    """Raise an ``IngestError`` naming the file's size and the limit when ``size`` is over it."""
    limit = max_upload_bytes()
    if size <= limit:
        return
    if limit >= _MEGABYTE and megabytes(size) != megabytes(limit):
        raise IngestError(
            f"{name} is {megabytes(size)}, more than the limit of {megabytes(limit)} (MAX_UPLOAD_BYTES)"
        )
    # A small limit, or a file so little over it that both round to the same megabytes: bytes tell them apart.
    in_megabytes = f"{megabytes(limit)}, " if limit >= _MEGABYTE else ""
    raise IngestError(
        f"{name} is {size} bytes, more than the limit of {limit} bytes ({in_megabytes}MAX_UPLOAD_BYTES)"
    )


def megabytes(count: int) -> str:
    return f"{count / _MEGABYTE:.1f} MB"


def max_pdf_pages() -> int:
    if not settings.configured:
        return DEFAULT_MAX_PDF_PAGES
    return getattr(settings, "MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES)


@dataclass(frozen=True)
class ParseLimits:
    """What reading one PDF or DOCX may cost (PARSE_MEMORY_BYTES, PARSE_CPU_SECONDS, PARSE_MAX_CHARS)."""

    memory_bytes: int  # on top of what the process held before the reading
    cpu_seconds: int
    max_chars: int


def parse_limits() -> ParseLimits:
    def setting(name: str, default: int) -> int:
        return getattr(settings, name, default) if settings.configured else default

    return ParseLimits(
        memory_bytes=setting("PARSE_MEMORY_BYTES", DEFAULT_PARSE_MEMORY_BYTES),
        cpu_seconds=setting("PARSE_CPU_SECONDS", DEFAULT_PARSE_CPU_SECONDS),
        max_chars=setting("PARSE_MAX_CHARS", DEFAULT_PARSE_MAX_CHARS),
    )
