from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save

# Every model a dashboard figure or a list total counts: a save or delete of any of them retires the
# cached figures and totals.
COUNTED_MODELS = [
    "territoires.Territoire", "gouvernance.Seance", "gouvernance.Decision", "gouvernance.Comite",
    "fiches_actions.FicheAction", "fiches_actions.LigneFinancement", "fiches_actions.Indicateur",
    "fiches_actions.ValeurIndicateur", "contrats.Protocole", "contrats.Contrat", "contrats.VersionContrat",
    "contrats.Signature",
    # Not counted, but they change what a user sees, hence the lists' cached totals.
    "gouvernance.Mandat", "fiches_actions.FicheActionUserObjectPermission", "territoires.MembreTerritoire",
]


class GouvernanceConfig(AppConfig):
    name = "gouvernance"
    verbose_name = "Gouvernance"

    def ready(self):
        from . import notices  # noqa: F401 - registers the kinds of notice about séances and mandates
        from .dashboard import dashboard_changed

        for label in COUNTED_MODELS:
            model = apps.get_model(label)
            post_save.connect(dashboard_changed, sender=model, dispatch_uid=f"tableau-de-bord-{label}")
            post_delete.connect(dashboard_changed, sender=model, dispatch_uid=f"tableau-de-bord-{label}-del")
