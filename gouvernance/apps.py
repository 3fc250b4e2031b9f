from django.apps import AppConfig


class GouvernanceConfig(AppConfig):
    name = "gouvernance"
    verbose_name = "Gouvernance"

    def ready(self):
        from . import notices  # noqa: F401 - registers the kinds of notice about séances and mandates
        from .services.perimetre import register_on_agenda

        register_on_agenda()
