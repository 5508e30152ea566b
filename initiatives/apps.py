from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Initiatives"

    def ready(self):
        from sscatlas import checks  # noqa: F401 - registers the deployment checks

        from . import revisions  # noqa: F401 - connects the signal that marks deletions as a change
