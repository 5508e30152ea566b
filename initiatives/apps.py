from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = "Initiatives"

    def ready(self):
        from . import revisions  # noqa: F401 - connects the signal that marks deletions as a change
