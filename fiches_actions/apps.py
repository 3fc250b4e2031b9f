from django.apps import AppConfig


class FichesActionsConfig(AppConfig):
    name = "fiches_actions"
    verbose_name = "Fiches actions"

    def ready(self):
        from . import notices  # noqa: F401 - registers the kinds of notice about fiches
        from .agenda import register_on_agenda

        register_on_agenda()
