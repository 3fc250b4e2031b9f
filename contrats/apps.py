from django.apps import AppConfig


class ContratsConfig(AppConfig):
    name = "contrats"
    verbose_name = "Contrats de territoire"

    def ready(self):
        from . import notices  # noqa: F401 - registers the kinds of notice about contracts
        from .agenda import register_on_agenda

        register_on_agenda()
