from django.apps import AppConfig


class ProtocolesConfig(AppConfig):
    """The protocole d'accord and its enjeux: what a territory commits to first, which its fiches answer
    and its contract later carries."""

    name = "protocoles"
    verbose_name = "Protocoles d'accord"
