"""The framework's floor for the load benchmark: a view that touches no data, served by the same
gunicorn, through the same middleware, beside the site's own pages (``bench.load --floor``).

Only the benchmark's settings (``bench.load_settings``) route to it; the site itself never does.
"""

from django.http import HttpResponse
from django.urls import include, path

from sscatlas.urls import handler404  # noqa: F401  (the site's 404 handler stays in force)


def floor(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/floor/", floor), path("", include("sscatlas.urls"))]
