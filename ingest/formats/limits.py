"""The size limits on documents, read from the Django settings with safe defaults.

Without configured settings (a script using the readers alone) the defaults apply.
"""

from django.conf import settings

DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
DEFAULT_MAX_PDF_PAGES = 500


def max_upload_bytes() -> int:
    if not settings.configured:
        return DEFAULT_MAX_UPLOAD_BYTES
    return getattr(settings, "MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_pdf_pages() -> int:
    if not settings.configured:
        return DEFAULT_MAX_PDF_PAGES
    return getattr(settings, "MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES)
