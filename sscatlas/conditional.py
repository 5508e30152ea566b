"""Conditional GET for the pages and API reads that depend only on the data: an ``ETag`` and a
``Last-Modified`` taken from the data's revision, and ``304 Not Modified`` to a client that
already holds the same answer.

The validators are computed before the view runs, from one indexed query (the latest revision),
so a revalidation costs no rendering and no serialisation. The ETag also names everything else an
answer depends on: the language, the negotiated representation (``Accept``, for the API's JSON
and browsable forms), the CSRF cookie that the page's forms embed, and, for a signed-in user, who
they are and what they may do. A page that holds none of those (every public page, signed out)
gets the same ETag for every reader until the next write, and the whole answer is kept under
that ETag for the next anonymous reader (``sscatlas.stored_answers``).
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from initiatives.models import Revision
from initiatives.revisions import revision_pinned
from sscatlas.stored_answers import answer_keep, answer_kept, answer_key

# Views whose answers are a function of the data, the language, the query and the reader: the
# public pages and the read-only API. Upload and run pages change without a revision and are left out.
CONDITIONAL_VIEW_PACKAGES = ("initiatives.pages.", "initiatives.api.")


def _latest_revision() -> tuple[int, object]:
    latest = Revision.objects.order_by("-pk").values_list("pk", "made_at").first()
    return latest or (0, None)


def _reader(request: HttpRequest) -> str:
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    # Permissions decide the links and forms a signed-in editor sees; they change without a revision.
    perms = ",".join(sorted(user.get_all_permissions()))
    return f"{user.pk}:{user.get_username()}:{user.is_staff}:{user.is_superuser}:{perms}"


def request_etag(request: HttpRequest, revision: int) -> str:
    parts = [
        request.LANGUAGE_CODE,
        request.META.get("HTTP_ACCEPT", ""),
        # The CSRF secret, as CsrfViewMiddleware read it from the cookie or as a page that embeds
        # a token just chose it (the cookie it is about to set): forms in a kept page still work.
        request.META.get("CSRF_COOKIE", ""),
        _reader(request),
    ]
    digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=10).hexdigest()
    return f'"r{revision}-{digest}"'


class ConditionalGetMiddleware:
    """Adds validators to data-only GET answers and answers 304 (or 412) to a matching condition."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        finally:
            pinned = getattr(request, "_revision_pinned", None)
            if pinned is not None:
                revision_pinned.reset(pinned)
        validators = getattr(request, "_data_validators", None)
        if validators is None or response.status_code != 200:
            return response
        etag = request_etag(request, validators["revision"])
        key = getattr(request, "_answer_key", None)
        # An answer that chose a CSRF secret as it rendered has another ETag than its key names.
        if key is not None and etag == validators["etag"]:
            answer_keep(request, key, response)
        _apply(response, {**validators, "etag": etag})
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not view_func.__module__.startswith(
            CONDITIONAL_VIEW_PACKAGES
        ):
            return None
        revision, made_at = _latest_revision()
        last_modified = made_at
        if request.user.is_authenticated and request.user.last_login:
            last_modified = max(filter(None, [made_at, request.user.last_login]))
        validators = {
            "revision": revision,
            "etag": request_etag(request, revision),
            "last_modified": last_modified,
        }
        request._data_validators = validators
        request._revision_pinned = revision_pinned.set(revision)
        headers = HttpResponse()
        _apply(headers, validators)
        answer = get_conditional_response(
            request,
            etag=validators["etag"],
            last_modified=int(last_modified.timestamp()) if last_modified else None,
            response=headers,
        )
        if answer is not headers:
            return answer
        # Without a matching condition it hands back the response it was given: a kept answer,
        # or the view, whose answer may be kept if no one else has kept it yet.
        key = answer_key(request, validators["etag"])
        if key is None:
            return None
        kept = answer_kept(request, key, view_func)
        if kept is None:
            request._answer_key = key
        return kept


def _apply(response: HttpResponse, validators: dict) -> None:
    response["ETag"] = validators["etag"]
    if validators["last_modified"]:
        response["Last-Modified"] = http_date(validators["last_modified"].timestamp())
    # Shared caches must keep one copy per language and per reader.
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
