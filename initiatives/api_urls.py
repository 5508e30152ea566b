"""Routes of the REST API, mounted under /api/v1/."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from .api import downloads, entities, programmes, records

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("documents", entities.DocumentViewSet, basename="document")
router.register("paragraphs", records.ParagraphViewSet, basename="paragraph")
router.register("initiatives", records.InitiativeViewSet, basename="initiative")
router.register("agencies", entities.AgencyViewSet, basename="agency")
router.register("countries", entities.CountryViewSet, basename="country")
router.register("regions", entities.RegionViewSet, basename="region")
router.register("sdgs", entities.SdgViewSet, basename="sdg")
router.register("themes", entities.ThemeViewSet, basename="theme")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")

FILE = r"download\.(?P<file_format>csv|jsonl)$"

urlpatterns = [
    path("facets/", records.FacetsView.as_view(), name="facets"),
    re_path(rf"^initiatives/{FILE}", downloads.InitiativeDownload.as_view(), name="initiative-download"),
    re_path(rf"^paragraphs/{FILE}", downloads.ParagraphDownload.as_view(), name="paragraph-download"),
    *router.urls,
]
