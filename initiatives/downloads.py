"""What a bulk download needs besides its lines: a slot, a file name and its options.

A download can run for minutes. Each web process lets only ``DOWNLOADS_PER_PROCESS`` of them
run at once and answers more with 503, so that downloads never hold every thread that pages
need (gunicorn runs threaded workers: see ``make serve``).
"""

import gc
import re
import threading
import weakref
from collections.abc import Callable, Iterator

from django.conf import settings
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions

from .filter_fields import FALSE_WORDS, TRUE_WORDS

SLOTS = threading.BoundedSemaphore(settings.DOWNLOADS_PER_PROCESS)
NAME_LIMIT = 120
_UNSAFE = re.compile(r"[^\w.]+")


class DownloadsBusy(exceptions.APIException):
    status_code = 503
    default_detail = _("Too many downloads are running on this server; try again in a minute.")
    default_code = "downloads_busy"
    wait = 60  # sent as Retry-After


class SlotStream:
    """Lines that hold a download slot until the server closes the response.

    A response that is dropped without being closed (a test client that stops reading) frees
    its slot when it is garbage-collected, so a slot is never lost for good.
    """

    def __init__(self, lines: Iterator[str], release: Callable[[], None]):
        self._lines = lines
        self._release = weakref.finalize(self, release)

    def __iter__(self):
        return self._lines

    def close(self):
        try:
            self._lines.close()
        finally:
            self._release()


def slot_take(lines: Iterator[str]) -> SlotStream:
    """``lines`` holding a slot, or ``DownloadsBusy`` when every slot is taken."""
    slots = SLOTS
    # Responses dropped unclosed sit in reference cycles: collect them before refusing.
    if not slots.acquire(blocking=False) and not (gc.collect() and slots.acquire(blocking=False)):
        lines.close()
        raise DownloadsBusy()
    return SlotStream(lines, slots.release)


def bom_wanted(params) -> bool:
    raw = params.get("bom", "").strip().lower()
    if raw in ("", *FALSE_WORDS):
        return False
    if raw in TRUE_WORDS:
        return True
    raise exceptions.ValidationError({"bom": [_("Use 1 for a byte order mark, 0 or nothing for none.")]})


def file_name(*, what: str, params, filter_names, extension: str) -> str:
    """``initiatives_country-ETH_2026-12-04.csv``: what, each filter given, and today's date."""
    parts = [what]
    for name in params:
        values = [_UNSAFE.sub("-", value).strip("-") for value in params.getlist(name)]
        values = [value for value in values if value]
        if name in filter_names and values:
            parts.append(f"{name}-{'+'.join(values)}")
    stem = "_".join(parts)[:NAME_LIMIT]
    return f"{stem}_{timezone.localdate().isoformat()}.{extension}"


def attachment_header(name: str) -> str:
    return content_disposition_header(True, name)
