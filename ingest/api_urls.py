from rest_framework.routers import SimpleRouter

from .api import IngestRunViewSet

router = SimpleRouter()
router.register("ingest-runs", IngestRunViewSet, basename="ingest-run")
urlpatterns = router.urls
