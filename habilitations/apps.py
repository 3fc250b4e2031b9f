from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _mandate_changed(sender, instance, **_kwargs):
    from .scoping import forget_cached_scope

    forget_cached_scope(instance.user_id)


class HabilitationsConfig(AppConfig):
    name = "habilitations"
    verbose_name = "Habilitations"

    def ready(self):
        from comptes.backends import read_with_person

        from .models import Mandat
        from .scoping import scope_cache_key

        read_with_person(scope_cache_key)  # every page's menu and header read the scope

        # A person's scope is cached across requests: any change to one of their mandates retires it.
        post_save.connect(_mandate_changed, sender=Mandat, dispatch_uid="perimetre-mandat-enregistre")
        post_delete.connect(_mandate_changed, sender=Mandat, dispatch_uid="perimetre-mandat-supprime")
