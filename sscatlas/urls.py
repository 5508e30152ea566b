from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.http import JsonResponse
from django.urls import include, path
from django.utils.translation import gettext
from django.views import defaults
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from sscatlas.accounts import sign_in
from sscatlas.auth_api import TokenView
from sscatlas.language import language_switch
from sscatlas.security import admin_login

PAGE_METHODS = ["get", "head"]


def not_found(request, exception):
    # A URL under /api/ that matches no route (`/api/v1/documents/0.5/`) is answered in JSON, as
    # the API's own 404s are and as its schema says.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = not_found

urlpatterns = [
    path("admin/login/", admin_login, name="admin-login"),
    path("admin/", admin.site.urls),
    path("accounts/login/", sign_in, name="login"),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
    path("language/", language_switch, name="language"),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # GET only: their HTML renderer has no page for an OPTIONS description, which raised a 500.
    path(
        "api/v1/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", http_method_names=PAGE_METHODS),
        name="api-docs",
    ),
    path(
        "api/v1/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", http_method_names=PAGE_METHODS),
        name="api-redoc",
    ),
    path("api/v1/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/v1/", include("initiatives.api_urls")),
    path("api/v1/", include("ingest.api_urls")),
    path("", include("ingest.urls")),
    path("", include("initiatives.urls")),
]
