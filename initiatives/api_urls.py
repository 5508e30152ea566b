"""Routes of the REST API, mounted under /api/v1/."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from . import api
from .api import programmes

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("documents", api.DocumentViewSet, basename="document")
router.register("paragraphs", api.ParagraphViewSet, basename="paragraph")
router.register("initiatives", api.InitiativeViewSet, basename="initiative")
router.register("agencies", api.AgencyViewSet, basename="agency")
router.register("countries", api.CountryViewSet, basename="country")
router.register("regions", api.RegionViewSet, basename="region")
router.register("sdgs", api.SdgViewSet, basename="sdg")
router.register("themes", api.ThemeViewSet, basename="theme")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")

FILE = r"download\.(?P<file_format>csv|jsonl)$"

urlpatterns = [
    path("facets/", api.FacetsView.as_view(), name="facets"),
    re_path(rf"^initiatives/{FILE}", api.InitiativeDownload.as_view(), name="initiative-download"),
    re_path(rf"^paragraphs/{FILE}", api.ParagraphDownload.as_view(), name="paragraph-download"),
    *router.urls,
]
