from django.apps import AppConfig


class GouvernanceConfig(AppConfig):
    name = "gouvernance"
    verbose_name = "Gouvernance"

    def ready(self):
        from territoires.services.referentiel import decided_by

        from . import notices  # noqa: F401 - registers the kinds of notice about séances and mandates
        from .selectors import decided_perimeters
        from .services.perimetre import register_on_agenda

        register_on_agenda()
        decided_by(decided_perimeters)
