"""The site's own sign-in and sign-out pages, for editors; failed sign-ins are limited as on the admin login."""

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse

from sscatlas.security import RateLimitedAuthenticationForm, rate_limited_status


def sign_in(request: HttpRequest) -> HttpResponse:
    response = LoginView.as_view(
        authentication_form=RateLimitedAuthenticationForm,
        template_name="registration/login.html",
    )(request)
    return rate_limited_status(response)
