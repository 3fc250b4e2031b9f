from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save

# Every model a dashboard figure or a list total counts: a save or delete of any of them retires the
# cached figures and totals. Wired here, on the top floor, the only one that knows every app.
COUNTED_MODELS = [
    "territoires.Territoire",
    "gouvernance.Seance",
    "gouvernance.Decision",
    "gouvernance.Comite",
    "fiches_actions.FicheAction",
    "fiches_actions.LigneFinancement",
    "fiches_actions.Indicateur",
    "fiches_actions.ValeurIndicateur",
    "protocoles.Protocole",
    "contrats.Contrat",
    "contrats.VersionContrat",
    "contrats.Signature",
    "contrats.DocumentContrat",
    # Not counted, but they change what a user sees, hence the lists' cached totals.
    "habilitations.Mandat",
    "fiches_actions.FicheActionUserObjectPermission",
    "territoires.MembreTerritoire",
]


class PilotageConfig(AppConfig):
    """The top floor: what each person has to do next, read across every app through the scoping layer."""

    name = "pilotage"
    verbose_name = "Pilotage"

    def ready(self):
        from portail.cache import figures_changed

        from . import notices  # noqa: F401 - registers the weekly and monthly summaries

        for label in COUNTED_MODELS:
            model = apps.get_model(label)
            post_save.connect(figures_changed, sender=model, dispatch_uid=f"tableau-de-bord-{label}")
            post_delete.connect(figures_changed, sender=model, dispatch_uid=f"tableau-de-bord-{label}-del")
