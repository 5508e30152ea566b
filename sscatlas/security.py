"""Defences of the site as a whole: a Content-Security-Policy on every HTML page, a limit on failed
logins, and no NUL characters in paths or query strings.

The policy lets a page run only the site's own scripts and styles from /static/; the two API
documentation pages (Swagger UI and Redoc) start their viewers with inline scripts and styles and
get a policy of their own that allows those, on those two pages only. Failed logins are counted in
the cache per username and client address, for the admin login page, the site's sign-in page and
the API token endpoint alike: after ``LOGIN_FAILURE_LIMIT`` failures within
``LOGIN_FAILURE_WINDOW_SECONDS`` that username cannot log in from that address until the window
ends, even with the right password.
"""

import hashlib

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
# Swagger UI and Redoc start from inline scripts and style their pages inline; Redoc also runs a
# web worker from a blob: URL and asks Google for its fonts (it falls back to local ones).
DOCUMENTATION_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
        "font-src 'self' https://fonts.gstatic.com",
        "img-src 'self' data: https://cdn.redoc.ly",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
DOCUMENTATION_URL_NAMES = frozenset({"api-docs", "api-redoc"})


class ContentSecurityPolicyMiddleware:
    """Adds ``Content-Security-Policy`` to every HTML response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" in response or not _is_html(response):
            return response
        match = request.resolver_match
        documentation = match is not None and match.url_name in DOCUMENTATION_URL_NAMES
        response["Content-Security-Policy"] = (
            DOCUMENTATION_POLICY if documentation else CONTENT_SECURITY_POLICY
        )
        return response


class RefuseNulMiddleware:
    """Answers 400 to a request with a NUL character in its path or in any query parameter.

    PostgreSQL cannot store or compare NUL in text and raises an error for it; refusing it here,
    once, keeps every lookup, filter and search of the site from reaching the database with it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = [text for key, values in request.GET.lists() for text in (key, *values)]
        if "\x00" in request.path or any("\x00" in text for text in query):
            message = _("The request contains a NUL character, which no address or filter may hold.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() in (
        "text/html",
        "application/xhtml+xml",
    )


# Failed logins


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is written by the client unless a trusted proxy rewrites
    # it, and trusting it would let an attacker pick a fresh address for every guess.
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _failure_key(*, username: str, address: str) -> str:
    # Hashed so that any username is a valid cache key; case-folded so that "Admin" and "admin"
    # share one counter whatever the database's collation.
    digest = hashlib.sha256(f"{username.strip().casefold()}\0{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def login_attempt_allowed(*, username: str, address: str) -> bool:
    """Count one attempt for this username and address, before its password is checked.

    False once the attempts within the window exceed ``LOGIN_FAILURE_LIMIT``. Counting before the
    check, in one atomic increment, is what keeps concurrent guesses to the limit: reading the
    count and recording a failure afterwards let every guess in flight pass the check. A
    successful login clears the count, so only failures stay counted. The window starts at the
    first attempt and is not extended.
    """
    key = _failure_key(username=username, address=address)
    cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        attempts = 1
    return attempts <= settings.LOGIN_FAILURE_LIMIT


def login_failures_clear(*, username: str, address: str) -> None:
    cache.delete(_failure_key(username=username, address=address))


def login_blocked_message() -> str:
    minutes = max(1, round(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60))
    return _(
        "Too many failed login attempts for this username from your address. "
        "Please try again in %(minutes)d minutes."
    ) % {"minutes": minutes}


class RateLimitedLoginMixin:
    """Makes an authentication form refuse a username that has used up its failed attempts."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()
        address = client_address(self.request)
        # Counted before the password is checked, so that a correct guess after the limit gains nothing.
        if not login_attempt_allowed(username=username, address=address):
            raise ValidationError(login_blocked_message(), code="rate_limited")
        cleaned = super().clean()
        login_failures_clear(username=username, address=address)
        return cleaned


class RateLimitedAdminAuthenticationForm(RateLimitedLoginMixin, AdminAuthenticationForm):
    """The admin's login form, for staff only, with failed attempts limited."""


class RateLimitedAuthenticationForm(RateLimitedLoginMixin, AuthenticationForm):
    """The site's sign-in form, for any active account, with failed attempts limited."""


def rate_limited_status(response: HttpResponse) -> HttpResponse:
    """Answers 429 with ``Retry-After`` when a login page refused a blocked username."""
    form = (getattr(response, "context_data", None) or {}).get("form")
    if form is not None and form.has_error(NON_FIELD_ERRORS, code="rate_limited"):
        response.status_code = 429
        response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return response


def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's own login view, whose ``login_form`` limits failed attempts; 429 once blocked."""
    return rate_limited_status(admin.site.login(request))
