"""The size limits on documents, read from the Django settings with safe defaults.

Without configured settings (a script using the readers alone) the defaults apply.
"""

from django.conf import settings

from ingest.errors import IngestError

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PDF_PAGES = 500
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
    if limit >= _MEGABYTE and _megabytes(size) != _megabytes(limit):
        raise IngestError(
            f"{name} is {_megabytes(size)}, more than the limit of {_megabytes(limit)} (MAX_UPLOAD_BYTES)"
        )
    # A small limit, or a file so little over it that both round to the same megabytes: bytes tell them apart.
    in_megabytes = f"{_megabytes(limit)}, " if limit >= _MEGABYTE else ""
    raise IngestError(
        f"{name} is {size} bytes, more than the limit of {limit} bytes ({in_megabytes}MAX_UPLOAD_BYTES)"
    )


def _megabytes(count: int) -> str:
    return f"{count / _MEGABYTE:.1f} MB"


def max_pdf_pages() -> int:
    if not settings.configured:
        return DEFAULT_MAX_PDF_PAGES
    return getattr(settings, "MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES)
