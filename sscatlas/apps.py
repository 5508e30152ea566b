from django.apps import AppConfig


class SscatlasConfig(AppConfig):
    """The project as an app: its deployment checks, the token admin and the migration that hashed tokens."""

    name = "sscatlas"
    verbose_name = "SSC Atlas"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deployment checks
