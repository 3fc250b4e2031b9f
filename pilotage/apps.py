from django.apps import AppConfig, apps
from django.db.models.signals import post_delete, post_save


def _via(model_label: str, lookup: str, pk_field: str):
    """The territory of an instance, read through the object it points to (one indexed query)."""

    def territories(instance):
        pk = getattr(instance, pk_field)
        if pk is None:
            return ()
        return apps.get_model(model_label).objects.filter(pk=pk).values_list(lookup, flat=True)

    return territories


def _own(instance):
    return (instance.territoire_id,)


def _nothing(_instance):
    return ()


def _every(_instance):
    """Names kept in every territory's aggregates (an operator's): all of them are retired."""
    return None


# Every model a dashboard figure or a list total counts, with the territories whose aggregates a save
# or delete of it changes: a save or delete retires the cached figures and totals, and those
# territories' aggregates only. Wired here, on the top floor, the only one that knows every app.
COUNTED_MODELS = {
    "territoires.Territoire": lambda territoire: (territoire.pk,),
    "territoires.Operateur": _every,
    # Named in the lists kept for each person (a région pilote, the départements of a territory).
    "territoires.Region": _nothing,
    "territoires.Departement": _nothing,
    "gouvernance.Seance": _via("gouvernance.Comite", "territoire_id", "comite_id"),
    # A decision changes its fiche or contract, whose own save names the territory.
    "gouvernance.Decision": _nothing,
    "gouvernance.Comite": _nothing,
    # Counted in the next séances the dashboards keep (« 3 points à l'ordre du jour »).
    "gouvernance.PointOrdreDuJour": _nothing,
    "fiches_actions.FicheAction": _own,
    "fiches_actions.LigneFinancement": _via("fiches_actions.FicheAction", "territoire_id", "fiche_id"),
    # Read directly by the territorial page, never aggregated.
    "fiches_actions.Indicateur": _nothing,
    "fiches_actions.ValeurIndicateur": _nothing,
    "protocoles.Protocole": _own,
    "contrats.Contrat": _own,
    "contrats.VersionContrat": _via("contrats.Contrat", "territoire_id", "contrat_id"),
    "contrats.Signature": _nothing,
    "contrats.DocumentContrat": _nothing,
    # Not counted, but they change what a user sees, hence the lists' cached totals and the kept inboxes
    # (« À faire », pilotage/selectors.py: its séances, perimeter requests and signatories).
    "gouvernance.MembreComite": _nothing,
    "gouvernance.DemandePerimetre": _nothing,
    "contrats.LigneContrat": _nothing,
    "contrats.PartieSignataire": _nothing,
    "habilitations.Mandat": _nothing,
    "fiches_actions.FicheActionUserObjectPermission": _nothing,
    "territoires.MembreTerritoire": _nothing,
}


def _receiver(territories_of):
    from portail.cache import figures_changed

    def changed(sender, instance, **_kwargs):
        territories = territories_of(instance)
        figures_changed(territoires=None if territories is None else list(territories))

    return changed


def _generation_key(_user_id):
    from portail.cache import GENERATION_KEY

    return GENERATION_KEY


class PilotageConfig(AppConfig):
    """The top floor: what each person has to do next, read across every app through the scoping layer."""

    name = "pilotage"
    verbose_name = "Pilotage"

    def ready(self):
        from comptes.backends import read_with_person

        from . import notices  # noqa: F401 - registers the weekly and monthly summaries

        # Read with the person: what the dashboards and lists keep is keyed by the generation token.
        read_with_person(_generation_key)

        from portail.cache import sums_counting

        from .territory_figures import sums_counting as region_sums_counting

        sums_counting(region_sums_counting)

        for label, territories_of in COUNTED_MODELS.items():
            model = apps.get_model(label)
            receiver = _receiver(territories_of)
            # weak=False: the receiver is a closure that nothing else holds.
            post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"tableau-de-bord-{label}")
            post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"tableau-de-bord-{label}-del")
