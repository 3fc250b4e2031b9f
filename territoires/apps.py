from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "territoires"
    verbose_name = "Territoires et référentiels"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Axe, EnveloppeAnnuelle, InstrumentFinancement, Phase
        from .phases import reference_changed

        for model in (Phase, Axe, InstrumentFinancement, EnveloppeAnnuelle):
            post_save.connect(reference_changed, sender=model, dispatch_uid=f"reference-{model.__name__}")
            post_delete.connect(reference_changed, sender=model, dispatch_uid=f"reference-{model.__name__}-del")
