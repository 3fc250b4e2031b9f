from django.apps import AppConfig


class PilotageConfig(AppConfig):
    """The top floor: what each person has to do next, read across every app through the scoping layer."""

    name = "pilotage"
    verbose_name = "Pilotage"

    def ready(self):
        from . import notices  # noqa: F401 - registers the weekly and monthly summaries
