"""The language switch: a GET link that sets the language cookie and goes back to the page.

Django's ``set_language`` is a POST with a CSRF token, and a token in every page's switch gave
every cookieless reader a CSRF secret of their own, so no two readers could share a page (its
ETag names that secret). A GET switch needs no token; choosing a language changes nothing but
how the site speaks to this one browser, so a link to it from elsewhere can do no harm, and an
unknown language or a ``next`` on another site is refused rather than followed.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def language_switch(request: HttpRequest) -> HttpResponse:
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(
            _("Unknown language: choose one of %(languages)s.")
            % {"languages": ", ".join(code for code, _name in settings.LANGUAGES)},
            content_type="text/plain; charset=utf-8",
        )
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        url=next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseBadRequest(
            _("The page to go back to must be on this site."), content_type="text/plain; charset=utf-8"
        )
    response = HttpResponseRedirect(next_url)
    # As django.views.i18n.set_language sets it, so LocaleMiddleware reads it the same way.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
