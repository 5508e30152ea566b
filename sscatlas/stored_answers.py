"""Whole answers of the data-only views kept in the cache, keyed by their ETag, for anonymous readers.

The conditional-GET middleware (``sscatlas.conditional``) knows an answer's ETag before the
view runs: the data revision, the language, ``Accept``, the CSRF secret and the reader. For an
anonymous reader, that and the full URL (host, path and query) are everything the answer
depends on, so the second reader of a page gets the first reader's answer for one revision
query and one cache read, without the view. A write makes a new revision and so a new ETag:
every kept answer becomes unreachable at once, and expires within a day.

Only what a reader may share is kept: a 200, not streamed (downloads), within ``MAX_BYTES``, not
marked private or ``no-store``, that sets no cookie and leaves nothing in the session or the
message store; and only for a request that carries no credentials (a signed-in session or an
API token sees answers of its own).
"""

import hashlib
import threading
from collections import OrderedDict

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from rest_framework.views import APIView

from initiatives.shared_cache import cache_shared

TIMEOUT_SECONDS = 24 * 60 * 60
MAX_BYTES = 2 * 1024 * 1024
# Set afresh on every answer: the validators by the conditional-GET middleware, the length and
# the date by the server and CommonMiddleware.
NOT_KEPT_HEADERS = frozenset({"etag", "last-modified", "content-length", "date"})
# With a shared cache (Redis, the cache table), each process also keeps the answers it read last:
# fetching one across the network costs as much as the rest of its request. A key names the
# revision, so a copy is never stale; the oldest copies go past ``LOCAL_BYTES``.
LOCAL_BYTES = 32 * 1024 * 1024
_local: OrderedDict[str, tuple] = OrderedDict()
_local_size = 0
_local_lock = threading.Lock()


def answer_key(request: HttpRequest, etag: str) -> str | None:
    """The cache key of this request's answer, or None if its answer may not be shared."""
    if (
        request.method != "GET"
        or request.user.is_authenticated
        or "HTTP_AUTHORIZATION" in request.META  # an API token: DRF's reader, not Django's
    ):
        return None
    url = hashlib.blake2b(request.build_absolute_uri().encode(), digest_size=16).hexdigest()
    return f"answer:{etag.strip(chr(34))}:{url}"


def answer_kept(request: HttpRequest, key: str, view_func) -> HttpResponse | None:
    """The kept answer for ``key``, unless there is none or the API's throttle refuses the reader."""
    kept = _local_get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is not None:
            _local_put(key, kept)
    if kept is None or not _throttles_allow(request, view_func):
        return None
    status, content, headers = kept
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def answer_keep(request: HttpRequest, key: str, response: HttpResponse) -> None:
    if not _shareable(request, response):
        return
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_KEPT_HEADERS]
    kept = (response.status_code, response.content, headers)
    cache.set(key, kept, timeout=TIMEOUT_SECONDS)
    _local_put(key, kept)


def _local_get(key: str) -> tuple | None:
    with _local_lock:
        kept = _local.get(key)
        if kept is not None:
            _local.move_to_end(key)
        return kept


def _local_put(key: str, kept: tuple) -> None:
    global _local_size
    # A cache of this process alone (or none, for the benchmarks' cold figures) needs no copy.
    if not cache_shared():
        return
    with _local_lock:
        if key in _local:
            return
        _local[key] = kept
        _local_size += len(kept[1])
        while _local_size > LOCAL_BYTES:
            _, dropped = _local.popitem(last=False)
            _local_size -= len(dropped[1])


def local_answers_forget() -> None:
    """Drop this process's copies, as a new process would start."""
    global _local_size
    with _local_lock:
        _local.clear()
        _local_size = 0


def _shareable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or len(response.content) > MAX_BYTES:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    # The cookies the middleware around this one would still set: the view's own, a CSRF token
    # the page embedded (a browsable API page), a session or messages it wrote or consumed.
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    return messages is None or not (messages.used or messages.added_new)


def _throttles_allow(request: HttpRequest, view_func) -> bool:
    """Whether the API view's throttles let this request through, counting it as the view would.

    A kept API answer still counts towards the documented rate per address; a refused request
    goes on to the view, whose own throttle answers 429 with its Retry-After.
    """
    view_class = getattr(view_func, "cls", None)
    if view_class is None or not issubclass(view_class, APIView):
        return True
    view = view_class(**getattr(view_func, "initkwargs", {}))
    # Every throttle counts the request, as APIView.check_throttles does.
    allowed = [throttle.allow_request(request, view) for throttle in view.get_throttles()]
    return all(allowed)
